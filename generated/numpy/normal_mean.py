# generated from codegen/families/normal_mean.py by templates/numpy/family.py.jinja, do not edit; run `natloss build`.
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

    def __init__(self, mean, targets=None, mask=None, weight=1.0, seed=None, var=0.5):
        super().__init__((mean, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={"var": var})

    def _nll_per_case(self, y):
        (mean,) = self._params
        var = self._hypers["var"]
        nll = (0.5)*(np.log(2*np.pi*var) + (np.square(mean - y))/var)
        return nll

    def _grad_unweighted(self, y):
        (mean,) = self._params
        var = self._hypers["var"]
        grad0 = (mean - y)/var
        return (grad0,)

    def _mean_unweighted(self):
        (mean,) = self._params
        var = self._hypers["var"]
        mean0 = mean/var
        return (mean0,)

    def _compute_fisher(self):
        var = self._hypers["var"]
        fisher_0_0 = (1/(var))
        return (fisher_0_0,)

    def _compute_factor(self, params, hypers):
        var = hypers["var"]
        factor_0_0 = (1/np.sqrt(var))
        return (factor_0_0,)

    def _fisher_product(self, v):
        (v0,) = v
        (fisher_0_0,) = self._fisher_entries()
        out0 = fisher_0_0*v0
        return (out0,)

    def _factor_product(self, u):
        (u0,) = u
        (factor_0_0,) = self._factor_entries()
        out0 = factor_0_0*u0
        return (out0,)

    def _factor_transpose_product(self, v):
        (v0,) = v
        (factor_0_0,) = self._factor_entries()
        out0 = factor_0_0*v0
        return (out0,)

    def _sample_unweighted(self, rng, shape):
        (mean,) = self._params
        var = self._hypers["var"]
        sample = _d.normal(rng, shape, mean, np.sqrt(var))
        return sample
