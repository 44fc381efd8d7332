# generated from codegen/families/normal_mean.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""NormalMeanNegativeLogProbLoss: the normal_mean family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class NormalMeanNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Real targets, Normal(mean, var) with var fixed.

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = mean**2/(2*var)
    T(y) = y/var
    log h(y) = -log(2*pi*var)/2 - y**2/(2*var)
    F = Hessian = GGN = grad^2 A:
        F[0,0] = 1/var
    B (B B^T = F, lower triangular):
        B[0,0] = 1/sqrt(var)
    """

    family = 'normal_mean'
    structure = 'scalar'
    param_names = ('mean',)
    param_domains = ((-math.inf, True, math.inf, True), )
    hyper_specs = (("var",) + (0.0, True, math.inf, True) + (False,), )
    target_support = 'real'
    target_bound = None
    _factor_columns = ((0,),)

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, mean, targets=None, mask=None, weight=1.0, seed=None, var=0.5):
        self._base_init((mean, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={"var": var})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_mean,) = self._params
        H_var = self._hypers["var"]
        nll = (0.5)*(np.log(H_var) + 1.8378770664093456 + (np.square(P_mean - y))/H_var)
        return nll

    def _grad(self, y, weighting):
        (P_mean,) = self._params
        H_var = self._hypers["var"]
        grad0 = (P_mean - y)/H_var
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_mean,) = self._params
        H_var = self._hypers["var"]
        mean0 = P_mean/H_var
        return (mean0,)

    def _compute_fisher(self):
        H_var = self._hypers["var"]
        fisher_0_0 = (1/(H_var))
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        H_var = hypers["var"]
        factor_0_0 = (1/np.sqrt(H_var))
        return (factor_0_0,)

    def _fisher_product(self, v, weighting):
        (v0,) = v
        (fisher_0_0,) = self._fisher_entries()
        out0 = fisher_0_0*v0
        return self._weigh((out0,), weighting, v)

    def _factor_product(self, u, weighting):
        (u0,) = self._factor_components(u)
        (factor_0_0,) = self._factor_entries()
        out0 = factor_0_0*u0
        return self._weigh((out0,), weighting, (u,))

    def _factor_transpose_product(self, v, weighting):
        (v0,) = v
        (factor_0_0,) = self._factor_entries()
        out0 = factor_0_0*v0
        return self._stack_factor(self._weigh((out0,), weighting, v))

    def _sample_unweighted(self, rng, shape):
        (P_mean,) = self._params
        H_var = self._hypers["var"]
        sample = _d.normal(rng, shape, P_mean, np.sqrt(H_var))
        return sample
