# generated from codegen/families/gamma.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""GammaNegativeLogProbLoss: the gamma family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class GammaNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Positive targets, Gamma(alpha, rate beta).

    Structure: dense; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = -(shape_minus_one + 1)*log(-neg_rate) + loggamma(shape_minus_one + 1)
    T(y) = log(y), y
    log h(y) = 0
    F = Hessian = GGN = grad^2 A:
        F[0,0] = polygamma(1, shape_minus_one + 1)
        F[0,1] = -1/neg_rate
        F[1,1] = (shape_minus_one + 1)/neg_rate**2
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(polygamma(1, shape_minus_one + 1))
        B[1,0] = -1/(neg_rate*sqrt(polygamma(1, shape_minus_one + 1)))
        B[1,1] = -sqrt(xtrigamma_m1(shape_minus_one + 1))/(neg_rate*sqrt(polygamma(1, shape_minus_one + 1)))
    """

    family = 'gamma'
    structure = 'dense'
    param_names = ('shape_minus_one', 'neg_rate')
    param_domains = ((-1.0, True, math.inf, True), (-math.inf, True, 0.0, True), )
    hyper_specs = ()
    target_support = 'positive'
    target_bound = None
    _factor_columns = ((0, 1), (None, 2))

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, shape_minus_one, neg_rate, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((shape_minus_one, neg_rate, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_shape_minus_one, P_neg_rate,) = self._params
        D_shape_minus_one = P_shape_minus_one + 1
        t0 = np.log(y)
        t1 = D_shape_minus_one
        nll = t0 - np.log(t1) + _m.bd0(t1, -P_neg_rate*y, t0 + np.log(-P_neg_rate)) + _m.log_factorial_saddle(t1)
        return nll

    def _grad(self, y, weighting):
        (P_shape_minus_one, P_neg_rate,) = self._params
        D_shape_minus_one = P_shape_minus_one + 1
        t0 = D_shape_minus_one
        grad0 = -np.log(-P_neg_rate) - np.log(y) + _m.digamma(t0)
        grad1 = -y - t0/P_neg_rate
        return self._weigh((grad0, grad1,), weighting, (y,))

    def _mean_unweighted(self):
        (P_shape_minus_one, P_neg_rate,) = self._params
        D_shape_minus_one = P_shape_minus_one + 1
        t0 = D_shape_minus_one
        mean0 = -np.log(-P_neg_rate) + _m.digamma(t0)
        mean1 = -t0/P_neg_rate
        return (mean0, mean1,)

    def _compute_fisher(self):
        (P_shape_minus_one, P_neg_rate,) = self._params
        D_shape_minus_one = P_shape_minus_one + 1
        t0 = D_shape_minus_one
        fisher_0_0 = _m.trigamma(t0)
        fisher_0_1 = -1/P_neg_rate
        fisher_1_1 = t0/(P_neg_rate*P_neg_rate)
        return (fisher_0_0, fisher_0_1, fisher_1_1,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_shape_minus_one, P_neg_rate,) = params
        D_shape_minus_one = P_shape_minus_one + 1
        t0 = D_shape_minus_one
        t1 = np.sqrt(_m.trigamma(t0))
        t2 = 1/(P_neg_rate*t1)
        factor_0_0 = t1
        factor_1_0 = -t2
        factor_1_1 = -t2*np.sqrt(_m.xtrigamma_m1(t0))
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
        (P_shape_minus_one, P_neg_rate,) = self._params
        sample = _d.gamma(rng, shape, P_shape_minus_one + 1, -1/P_neg_rate)
        return sample
