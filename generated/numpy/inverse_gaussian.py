# generated from codegen/families/inverse_gaussian.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""InverseGaussianNegativeLogProbLoss: the inverse_gaussian family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class InverseGaussianNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Positive targets, Inverse Gaussian(mean mu, shape lam).

    Structure: dense; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = -2*sqrt(-neg_half_shape)*sqrt(-neg_half_shape_over_mean_sq) - log(-2*neg_half_shape)/2
    T(y) = y, 1/y
    log h(y) = -3*log(y)/2 - log(2*pi)/2
    F = Hessian = GGN = grad^2 A:
        F[0,0] = sqrt(-neg_half_shape)/(2*(-neg_half_shape_over_mean_sq)**(3/2))
        F[0,1] = -1/(2*sqrt(-neg_half_shape)*sqrt(-neg_half_shape_over_mean_sq))
        F[1,1] = (sqrt(-neg_half_shape)*sqrt(-neg_half_shape_over_mean_sq) + 1)/(2*neg_half_shape**2)
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(2)*sqrt(sqrt(-neg_half_shape)/(-neg_half_shape_over_mean_sq)**(3/2))/2
        B[1,0] = -sqrt(2)*(-neg_half_shape_over_mean_sq)**(1/4)/(2*(-neg_half_shape)**(3/4))
        B[1,1] = -sqrt(2)/(2*neg_half_shape)
    """

    family = 'inverse_gaussian'
    structure = 'dense'
    param_names = ('neg_half_shape_over_mean_sq', 'neg_half_shape')
    param_domains = ((-math.inf, True, 0.0, True), (-math.inf, True, 0.0, True), )
    hyper_specs = ()
    target_support = 'positive'
    target_bound = None
    _factor_columns = ((0, 1), (None, 2))

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, neg_half_shape_over_mean_sq, neg_half_shape, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((neg_half_shape_over_mean_sq, neg_half_shape, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_neg_half_shape_over_mean_sq, P_neg_half_shape,) = self._params
        t0 = np.sqrt(y)
        nll = (np.square(t0*np.sqrt(-P_neg_half_shape_over_mean_sq) - np.sqrt(-P_neg_half_shape)/t0)) - 0.5*np.log(-2*P_neg_half_shape) + (1.5)*np.log(y) + 0.9189385332046728
        return nll

    def _grad(self, y, weighting):
        (P_neg_half_shape_over_mean_sq, P_neg_half_shape,) = self._params
        t0 = np.sqrt(-P_neg_half_shape)
        t1 = np.sqrt(-P_neg_half_shape_over_mean_sq)
        grad0 = t0/t1 - y
        grad1 = -1/y + t1/t0 - (0.5)/P_neg_half_shape
        return self._weigh((grad0, grad1,), weighting, (y,))

    def _mean_unweighted(self):
        (P_neg_half_shape_over_mean_sq, P_neg_half_shape,) = self._params
        t0 = np.sqrt(-P_neg_half_shape)
        t1 = np.sqrt(-P_neg_half_shape_over_mean_sq)
        mean0 = t0/t1
        mean1 = t1/t0 - (0.5)/P_neg_half_shape
        return (mean0, mean1,)

    def _compute_fisher(self):
        (P_neg_half_shape_over_mean_sq, P_neg_half_shape,) = self._params
        t0 = np.sqrt(-P_neg_half_shape)
        t1 = -P_neg_half_shape_over_mean_sq
        t2 = np.sqrt(t1)
        fisher_0_0 = (0.5)*t0/(t1*np.sqrt(t1))
        fisher_0_1 = -(0.5)/(t0*t2)
        fisher_1_1 = (0.5)*(t0*t2 + 1)/(P_neg_half_shape*P_neg_half_shape)
        return (fisher_0_0, fisher_0_1, fisher_1_1,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_neg_half_shape_over_mean_sq, P_neg_half_shape,) = params
        t0 = -P_neg_half_shape
        t1 = -P_neg_half_shape_over_mean_sq
        factor_0_0 = 0.7071067811865476*np.sqrt(np.sqrt(t0)/(t1*np.sqrt(t1)))
        factor_1_0 = -0.7071067811865476*np.sqrt(np.sqrt(t1))/(np.sqrt(np.sqrt(t0))*np.sqrt(t0))
        factor_1_1 = -0.7071067811865476/P_neg_half_shape
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
        (P_neg_half_shape_over_mean_sq, P_neg_half_shape,) = self._params
        sample = _d.wald(rng, shape, np.sqrt(-P_neg_half_shape)*np.sqrt(-1/P_neg_half_shape_over_mean_sq), -2*P_neg_half_shape)
        return sample
