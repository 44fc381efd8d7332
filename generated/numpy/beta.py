# generated from codegen/families/beta.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""BetaNegativeLogProbLoss: the beta family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class BetaNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Targets in (0, 1), Beta(alpha, beta).

    Structure: dense; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = loggamma(alpha_minus_one + 1) + loggamma(beta_minus_one + 1) - loggamma(alpha_minus_one + beta_minus_one + 2)
    T(y) = log(y), log1p(-y)
    log h(y) = 0
    F = Hessian = GGN = grad^2 A:
        F[0,0] = trigamma_diff(alpha_minus_one + 1, beta_minus_one + 1)
        F[0,1] = -polygamma(1, alpha_minus_one + beta_minus_one + 2)
        F[1,1] = trigamma_diff(beta_minus_one + 1, alpha_minus_one + 1)
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(trigamma_diff(alpha_minus_one + 1, beta_minus_one + 1))
        B[1,0] = -polygamma(1, alpha_minus_one + beta_minus_one + 2)/sqrt(trigamma_diff(alpha_minus_one + 1, beta_minus_one + 1))
        B[1,1] = sqrt(trigamma_det(alpha_minus_one + 1, beta_minus_one + 1)/trigamma_diff(alpha_minus_one + 1, beta_minus_one + 1))
    """

    family = 'beta'
    structure = 'dense'
    param_names = ('alpha_minus_one', 'beta_minus_one')
    param_domains = ((-1.0, True, math.inf, True), (-1.0, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'unit_interval'
    target_bound = None
    _factor_columns = ((0, 1), (None, 2))

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, alpha_minus_one, beta_minus_one, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((alpha_minus_one, beta_minus_one, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_alpha_minus_one, P_beta_minus_one,) = self._params
        D_alpha_minus_one = P_alpha_minus_one + 1
        D_beta_minus_one = P_beta_minus_one + 1
        nll = -P_alpha_minus_one*np.log(y) - P_beta_minus_one*np.log1p(-y) + _m.gammaln(D_alpha_minus_one) + _m.gammaln(D_beta_minus_one) - _m.gammaln(D_alpha_minus_one + D_beta_minus_one)
        return nll

    def _grad(self, y, weighting):
        (P_alpha_minus_one, P_beta_minus_one,) = self._params
        D_alpha_minus_one = P_alpha_minus_one + 1
        D_beta_minus_one = P_beta_minus_one + 1
        t0 = D_alpha_minus_one
        t1 = D_beta_minus_one
        grad0 = -np.log(y) - _m.digamma_diff(t0, t1)
        grad1 = -_m.digamma_diff(t1, t0) - np.log1p(-y)
        return self._weigh((grad0, grad1,), weighting, (y,))

    def _mean_unweighted(self):
        (P_alpha_minus_one, P_beta_minus_one,) = self._params
        D_alpha_minus_one = P_alpha_minus_one + 1
        D_beta_minus_one = P_beta_minus_one + 1
        t0 = D_alpha_minus_one
        t1 = D_beta_minus_one
        mean0 = -_m.digamma_diff(t0, t1)
        mean1 = -_m.digamma_diff(t1, t0)
        return (mean0, mean1,)

    def _compute_fisher(self):
        (P_alpha_minus_one, P_beta_minus_one,) = self._params
        D_alpha_minus_one = P_alpha_minus_one + 1
        D_beta_minus_one = P_beta_minus_one + 1
        t0 = D_alpha_minus_one
        t1 = D_beta_minus_one
        fisher_0_0 = _m.trigamma_diff(t0, t1)
        fisher_0_1 = -_m.trigamma(D_alpha_minus_one + D_beta_minus_one)
        fisher_1_1 = _m.trigamma_diff(t1, t0)
        return (fisher_0_0, fisher_0_1, fisher_1_1,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_alpha_minus_one, P_beta_minus_one,) = params
        D_alpha_minus_one = P_alpha_minus_one + 1
        D_beta_minus_one = P_beta_minus_one + 1
        t0 = D_alpha_minus_one
        t1 = D_beta_minus_one
        t2 = _m.trigamma_diff(t0, t1)
        t3 = np.sqrt(t2)
        factor_0_0 = t3
        factor_1_0 = -_m.trigamma(D_alpha_minus_one + D_beta_minus_one)/t3
        factor_1_1 = np.sqrt(_m.trigamma_det(t0, t1)/t2)
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
        (P_alpha_minus_one, P_beta_minus_one,) = self._params
        sample = _d.beta(rng, shape, P_alpha_minus_one + 1, P_beta_minus_one + 1)
        return sample
