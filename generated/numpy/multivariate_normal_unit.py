# generated from codegen/families/multivariate_normal_unit.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""MultivariateNormalUnitVarianceNegativeLogProbLoss: the multivariate_normal_unit family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyComponentsLoss


class MultivariateNormalUnitVarianceNegativeLogProbLoss(NumPyComponentsLoss):
    """Real vectors over the last axis, N(mu, I) (scipy.stats.multivariate_normal(mean=mu, cov=I)); d = mean.shape[-1]; F = I.

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    Componentwise: a case is a row over the last axis, its components independent; per component:

    A(eta) = mean**2/2
    T(y) = y
    log h(y) = -y**2/2 - log(2*pi)/2
    F = Hessian = GGN = grad^2 A:
        F[0,0] = 1
    B (B B^T = F, lower triangular):
        B[0,0] = 1
    """

    family = 'multivariate_normal_unit'
    structure = 'scalar'
    param_names = ('mean',)
    param_domains = ((-math.inf, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'real'
    target_bound = None
    _factor_columns = ((0,),)

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyComponentsLoss.__init__

    def __init__(self, mean, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((mean, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_mean,) = self._params
        nll = (0.5)*((np.square(P_mean - y)) + 1.8378770664093456)
        return nll

    def _grad(self, y, weighting):
        (P_mean,) = self._params
        grad0 = P_mean - y
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_mean,) = self._params
        mean0 = P_mean
        return (mean0,)

    def _compute_fisher(self):
        fisher_0_0 = 1
        return (fisher_0_0,)

    def _compute_factor(self, where):
        factor_0_0 = 1
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
        sample = _d.normal(rng, shape, P_mean, 1)
        return sample
