# generated from codegen/families/multivariate_normal_diag.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""MultivariateNormalDiagNegativeLogProbLoss: the multivariate_normal_diag family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyComponentsLoss


class MultivariateNormalDiagNegativeLogProbLoss(NumPyComponentsLoss):
    """Real vectors over the last axis, N(mu, diag(sigma^2)) in natural parameters, 2d per case (SciPy's multivariate_normal takes mean = -eta1 / (2 eta2), cov = diag(-1 / (2 eta2))); F is block diagonal with one 2x2 Normal block per component.

    Structure: dense; the factor B is proved (symbolic: B B^T - F cancels).

    Componentwise: a case is a row over the last axis, its components independent; per component:

    A(eta) = -log(-2*neg_half_precision)/2 - precision_mean**2/(4*neg_half_precision)
    T(y) = y, y**2
    log h(y) = -log(2*pi)/2
    F = Hessian = GGN = grad^2 A:
        F[0,0] = -1/(2*neg_half_precision)
        F[0,1] = precision_mean/(2*neg_half_precision**2)
        F[1,1] = (neg_half_precision - precision_mean**2)/(2*neg_half_precision**3)
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(2)*sqrt(-1/neg_half_precision)/2
        B[1,0] = sqrt(2)*precision_mean/(2*neg_half_precision**2*sqrt(-1/neg_half_precision))
        B[1,1] = -sqrt(2)/(2*neg_half_precision)
    """

    family = 'multivariate_normal_diag'
    structure = 'dense'
    param_names = ('precision_mean', 'neg_half_precision')
    param_domains = ((-math.inf, True, math.inf, True), (-math.inf, True, 0.0, True), )
    hyper_specs = ()
    target_support = 'real'
    target_bound = None
    _factor_columns = ((0, 1), (None, 2))

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyComponentsLoss.__init__

    def __init__(self, precision_mean, neg_half_precision, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((precision_mean, neg_half_precision, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_precision_mean, P_neg_half_precision,) = self._params
        t0 = 2*P_neg_half_precision
        nll = -0.5*np.log(-t0) + 0.9189385332046728 - 0.25*(np.square(P_precision_mean + t0*y))/P_neg_half_precision
        return nll

    def _grad(self, y, weighting):
        (P_precision_mean, P_neg_half_precision,) = self._params
        t0 = (0.5)/P_neg_half_precision
        grad0 = -P_precision_mean*t0 - y
        grad1 = -t0 - (y*y) + (0.25)*(P_precision_mean*P_precision_mean)/(P_neg_half_precision*P_neg_half_precision)
        return self._weigh((grad0, grad1,), weighting, (y,))

    def _mean_unweighted(self):
        (P_precision_mean, P_neg_half_precision,) = self._params
        t0 = (1/(P_neg_half_precision))
        mean0 = -0.5*P_precision_mean*t0
        mean1 = (0.25)*t0*((P_precision_mean*P_precision_mean)*t0 - 2)
        return (mean0, mean1,)

    def _compute_fisher(self):
        (P_precision_mean, P_neg_half_precision,) = self._params
        fisher_0_0 = -(0.5)/P_neg_half_precision
        fisher_0_1 = (0.5)*P_precision_mean/(P_neg_half_precision*P_neg_half_precision)
        fisher_1_1 = (0.5)*(P_neg_half_precision - (P_precision_mean*P_precision_mean))/(P_neg_half_precision*P_neg_half_precision*P_neg_half_precision)
        return (fisher_0_0, fisher_0_1, fisher_1_1,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_precision_mean, P_neg_half_precision,) = params
        t0 = (1/(P_neg_half_precision))
        t1 = np.sqrt(-t0)
        factor_0_0 = 0.7071067811865476*t1
        factor_1_0 = 0.7071067811865476*P_precision_mean/((P_neg_half_precision*P_neg_half_precision)*t1)
        factor_1_1 = -0.7071067811865476*t0
        return (factor_0_0, factor_1_0, factor_1_1,)

    def _fisher_product(self, v, weighting):
        (v0, v1,) = v
        (fisher_0_0, fisher_0_1, fisher_1_1,) = self._fisher_entries()
        out0 = fisher_0_0*v0 + fisher_0_1*v1
        out1 = fisher_0_1*v0 + fisher_1_1*v1
        return self._weigh((out0, out1,), weighting, v)

    def _factor_product(self, u, weighting):
        (u0, u1,) = self._factor_components(u)
        (factor_0_0, factor_1_0, factor_1_1,) = self._factor_entries()
        out0 = factor_0_0*u0
        out1 = factor_1_0*u0 + factor_1_1*u1
        return self._weigh((out0, out1,), weighting, (u,))

    def _factor_transpose_product(self, v, weighting):
        (v0, v1,) = v
        (factor_0_0, factor_1_0, factor_1_1,) = self._factor_entries()
        out0 = factor_0_0*v0 + factor_1_0*v1
        out1 = factor_1_1*v1
        return self._stack_factor(self._weigh((out0, out1,), weighting, v))

    def _sample_unweighted(self, rng, shape):
        (P_precision_mean, P_neg_half_precision,) = self._params
        sample = _d.normal(rng, shape, -0.5*P_precision_mean/P_neg_half_precision, 0.7071067811865476*np.sqrt(-1/P_neg_half_precision))
        return sample
