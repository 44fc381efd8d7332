# generated from codegen/families/multivariate_normal_fixed.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""MultivariateNormalFixedVarianceNegativeLogProbLoss: the multivariate_normal_fixed family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyComponentsLoss


class MultivariateNormalFixedVarianceNegativeLogProbLoss(NumPyComponentsLoss):
    """Real vectors over the last axis, N(mu, var I) with var fixed, in the natural parameter eta = mu / var (SciPy's multivariate_normal takes mean = var * eta, cov = var * I); d = the last axis; F = var * I. (NormalMeanNegativeLogProbLoss keeps K-FAC's mean parametrization instead.)

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    Componentwise: a case is a row over the last axis, its components independent; per component:

    A(eta) = precision_mean**2*var/2
    T(y) = y
    log h(y) = -log(2*pi*var)/2 - y**2/(2*var)
    F = Hessian = GGN = grad^2 A:
        F[0,0] = var
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(var)
    """

    family = 'multivariate_normal_fixed'
    structure = 'scalar'
    param_names = ('precision_mean',)
    param_domains = ((-math.inf, True, math.inf, True), )
    hyper_specs = (("var",) + (0.0, True, math.inf, True) + (False,), )
    target_support = 'real'
    target_bound = None
    _factor_columns = ((0,),)

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyComponentsLoss.__init__

    def __init__(self, precision_mean, targets=None, mask=None, weight=1.0, seed=None, var=0.5):
        self._base_init((precision_mean, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={"var": var})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_precision_mean,) = self._params
        H_var = self._hypers["var"]
        t0 = np.sqrt(H_var)
        nll = (0.5)*(np.square(P_precision_mean*t0 - y/t0)) + (0.5)*np.log(H_var) + 0.9189385332046728
        return nll

    def _grad(self, y, weighting):
        (P_precision_mean,) = self._params
        H_var = self._hypers["var"]
        grad0 = H_var*P_precision_mean - y
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_precision_mean,) = self._params
        H_var = self._hypers["var"]
        mean0 = H_var*P_precision_mean
        return (mean0,)

    def _compute_fisher(self):
        H_var = self._hypers["var"]
        fisher_0_0 = H_var
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        H_var = hypers["var"]
        factor_0_0 = np.sqrt(H_var)
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
        (P_precision_mean,) = self._params
        H_var = self._hypers["var"]
        sample = _d.normal(rng, shape, H_var*P_precision_mean, np.sqrt(H_var))
        return sample
