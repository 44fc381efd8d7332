# generated from codegen/parametrizations/beta.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""BetaLogitMeanLogPrecisionNegativeLogProbLoss: the beta_logit_mean_log_precision family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyParametrizedLoss


class BetaLogitMeanLogPrecisionNegativeLogProbLoss(NumPyParametrizedLoss):
    """Targets in (0, 1), Beta(m phi, (1 - m) phi) with m = sigmoid(logit_mean), phi = exp(log_precision).

    Structure: dense; the factor B is proved (L^T chol(G) in log coordinates A = log(eta - lo), G = Hess_A A~ - diag(grad_A A~) = diag(e^A) F diag(e^A) (chol(G) chol(G)^T = G by construction); |B B^T - F| < 1e-20 |F| at 4 random points, 30 digits).

    Parameters logit_mean, log_precision of the beta family (BetaNegativeLogProbLoss); not canonical:
        alpha_minus_one = exp(log_precision)*sigmoid(logit_mean) - 1
        beta_minus_one = exp(log_precision)*sigmoid(-logit_mean) - 1
    J = d eta / d theta:
        J[0,0] = exp(log_precision)*sigmoid(-logit_mean)*sigmoid(logit_mean)
        J[0,1] = exp(log_precision)*sigmoid(logit_mean)
        J[1,0] = -exp(log_precision)*sigmoid(-logit_mean)*sigmoid(logit_mean)
        J[1,1] = exp(log_precision)*sigmoid(-logit_mean)
    F = GGN = J^T grad^2 A J:
        F[0,0] = 2*times_square(exp_neg_abs(logit_mean)*lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)), 1/(exp_neg_abs(logit_mean) + 1)) + times_square(lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)), sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) + times_square(lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)), sigmoid_e(logit_mean, exp_neg_abs(logit_mean))) + times_square(lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)), sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) + times_square(lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)), sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))
        F[0,1] = lbeta_exp_wo(logit_mean, log_precision)
        F[1,1] = lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean))
    B = J^T B_natural (B B^T = F; inner shape of the natural family):
        B[0,0] = sigmoid_lincomb(logit_mean, exp_neg_abs(logit_mean)/(exp_neg_abs(logit_mean) + 1), lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))/sqrt(lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))), lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))/sqrt(lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))/sqrt(lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))))
        B[0,1] = -sqrt(lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))*lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))*lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))*lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)))*sigmoid(logit_mean)/sqrt(lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)))
        B[1,0] = lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))/sqrt(lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)))
        B[1,1] = sqrt(lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))*lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))*lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))*lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)))/sqrt(lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)))
    Hessian = F + sum_i (grad A - T)_i Hess(eta_i) (depends on the target):
        H[0,0] = if_else(Abs(log_sigmoid_ratio(logit_mean, y) - log_sigmoid_ratio_c(-logit_mean, y)) < Abs(logit_mean)/2, (log_sigmoid_ratio(logit_mean, y)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) - log_sigmoid_ratio(logit_mean, y)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)) - log_sigmoid_ratio_c(-logit_mean, y)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) + log_sigmoid_ratio_c(-logit_mean, y)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*exp(log_precision - 2*log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean) - Max(0, logit_mean)) + 2*times_square(exp_neg_abs(logit_mean)*lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)), 1/(exp_neg_abs(logit_mean) + 1)) - times_square(exp_neg_abs(logit_mean)*lbeta_exp_r(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)), 1/(exp_neg_abs(logit_mean) + 1)) - times_square(exp_neg_abs(logit_mean)*lbeta_exp_r(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)), 1/(exp_neg_abs(logit_mean) + 1)) + times_square(lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)), sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) + times_square(lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)), sigmoid_e(logit_mean, exp_neg_abs(logit_mean))) + times_square(lbeta_exp_k(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)), sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) + times_square(lbeta_exp_k(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)), sigmoid_e(logit_mean, exp_neg_abs(logit_mean))), (sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) - sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*lbeta_exp_vo(logit_mean, log_precision) + (-log(y)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) + log(y)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)) + log1p(-y)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) - log1p(-y)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*exp(log_precision - 2*log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean) - Max(0, logit_mean)) + 2*times_square(exp_neg_abs(logit_mean)*lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)), 1/(exp_neg_abs(logit_mean) + 1)) + times_square(exp_neg_abs(logit_mean)*lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)), 1/(exp_neg_abs(logit_mean) + 1)) + times_square(exp_neg_abs(logit_mean)*lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)), 1/(exp_neg_abs(logit_mean) + 1)) + times_square(lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)), sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) + times_square(lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)), sigmoid_e(logit_mean, exp_neg_abs(logit_mean))))
        H[0,1] = if_else(Abs(log_sigmoid_ratio(logit_mean, y) - log_sigmoid_ratio_c(-logit_mean, y)) < Abs(logit_mean)/2, (log_sigmoid_ratio(logit_mean, y) - log_sigmoid_ratio_c(-logit_mean, y))*exp(log_precision - 2*log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean) - Max(0, logit_mean)) + lbeta_exp_ko(logit_mean, log_precision), (-log(y) + log1p(-y))*exp(log_precision - 2*log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean) - Max(0, logit_mean)) + lbeta_exp_vo(logit_mean, log_precision))
        H[1,1] = exp_deviance(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_sigmoid_ratio(logit_mean, y)) + exp_deviance(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_sigmoid_ratio_c(-logit_mean, y)) + lbeta_exp_k(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_k(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean))
    """

    family = 'beta_logit_mean_log_precision'
    structure = 'dense'
    param_names = ('logit_mean', 'log_precision')
    param_domains = ((-math.inf, True, math.inf, True), (-math.inf, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'unit_interval'
    target_bound = None
    _factor_columns = ((0, 2), (1, 3))
    factor_dim = 2
    canonical = False
    natural_family = 'beta'

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyParametrizedLoss.__init__

    def __init__(self, logit_mean, log_precision, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((logit_mean, log_precision, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_logit_mean, P_log_precision,) = self._params
        t0 = -P_log_precision + np.log1p(_m.exp_neg_abs(P_logit_mean))
        t1 = -t0 - np.maximum(0, -P_logit_mean)
        t2 = -t0 - np.maximum(0, P_logit_mean)
        nll = -np.log(y)*np.expm1(t1) - np.expm1(t2)*np.log1p(-y) + _m.lbeta_exp(t1, t2)
        return nll

    def _grad(self, y, weighting):
        (P_logit_mean, P_log_precision,) = self._params
        t0 = _m.log_sigmoid_ratio(P_logit_mean, y)
        t1 = -P_logit_mean
        t2 = _m.log_sigmoid_ratio_c(t1, y)
        t3 = t0 - t2
        t4 = _m.lbeta_exp_ro(P_logit_mean, P_log_precision)
        t5 = -P_log_precision
        t6 = np.maximum(0, P_logit_mean)
        t7 = np.log1p(_m.exp_neg_abs(P_logit_mean))
        t8 = np.maximum(0, t1)
        t9 = np.exp(-t5 - t6 - 2*t7 - t8)
        t10 = t5 + t7
        t11 = -t10 - t8
        t12 = -t10 - t6
        grad0 = np.where(np.less(abs(t3), (0.5)*abs(P_logit_mean)), t3*t9 + t4, t4 + t9*(P_logit_mean - np.log(y) + np.log1p(-y)))
        grad1 = _m.exp_deviance(t11, t0) + _m.exp_deviance(t12, t2) + _m.lbeta_exp_r(t11, t12) + _m.lbeta_exp_r(t12, t11)
        return self._weigh((grad0, grad1,), weighting, (y,))

    def _mean_unweighted(self):
        (P_logit_mean, P_log_precision,) = self._params
        t0 = -P_log_precision + np.log1p(_m.exp_neg_abs(P_logit_mean))
        t1 = -t0 - np.maximum(0, -P_logit_mean)
        t2 = -t0 - np.maximum(0, P_logit_mean)
        mean0 = _m.digamma_diff_exp(t1, t2)
        mean1 = _m.digamma_diff_exp(t2, t1)
        return (mean0, mean1,)

    def _compute_fisher(self):
        (P_logit_mean, P_log_precision,) = self._params
        t0 = -P_logit_mean
        t1 = _m.exp_neg_abs(P_logit_mean)
        t2 = -P_log_precision + np.log1p(t1)
        t3 = -t2 - np.maximum(0, t0)
        t4 = -t2 - np.maximum(0, P_logit_mean)
        t5 = _m.lbeta_exp_c(t3, t4)
        t6 = _m.sigmoid_e(P_logit_mean, t1)
        t7 = _m.lbeta_exp_w(t4, t3)
        t8 = _m.sigmoid_e(t0, t1)
        t9 = _m.lbeta_exp_w(t3, t4)
        fisher_0_0 = _m.times_square(t5, t6) + _m.times_square(t5, t8) + _m.times_square(t7, t6) + _m.times_square(t9, t8) + 2*_m.times_square(t1*t5, (1/(t1 + 1)))
        fisher_0_1 = _m.lbeta_exp_wo(P_logit_mean, P_log_precision)
        fisher_1_1 = t7 + t9
        return (fisher_0_0, fisher_0_1, fisher_1_1,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_logit_mean, P_log_precision,) = params
        t0 = _m.exp_neg_abs(P_logit_mean)
        t1 = -P_log_precision + np.log1p(t0)
        t2 = -t1 - np.maximum(0, -P_logit_mean)
        t3 = -t1 - np.maximum(0, P_logit_mean)
        t4 = _m.lbeta_exp_c(t2, t3)
        t5 = _m.lbeta_exp_w(t2, t3)
        t6 = np.sqrt(t4 + t5)
        t7 = (1/(t6))
        t8 = _m.lbeta_exp_w(t3, t2)
        t9 = t7*np.sqrt(t4*t5 + t4*t8 + t5*t8)
        factor_0_0 = _m.sigmoid_lincomb(P_logit_mean, t0/(t0 + 1), t4*t7, t6)
        factor_0_1 = -t9*_m.sigmoid(P_logit_mean)
        factor_1_0 = t5*t7
        factor_1_1 = t9
        return (factor_0_0, factor_0_1, factor_1_0, factor_1_1,)

    def _fisher_product(self, v, weighting):
        (v0, v1,) = v
        (fisher_0_0, fisher_0_1, fisher_1_1,) = self._fisher_entries()
        out0 = _m.mul_exact_zero(fisher_0_0, v0) + _m.mul_exact_zero(fisher_0_1, v1)
        out1 = _m.mul_exact_zero(fisher_0_1, v0) + _m.mul_exact_zero(fisher_1_1, v1)
        return self._weigh((out0, out1,), weighting, v)

    def _factor_product(self, u, weighting):
        (u0, u1,) = self._factor_components(u)
        (factor_0_0, factor_0_1, factor_1_0, factor_1_1,) = self._factor_entries()
        out0 = factor_0_0*u0 + factor_0_1*u1
        out1 = factor_1_0*u0 + factor_1_1*u1
        return self._weigh((out0, out1,), weighting, (u,))

    def _factor_transpose_product(self, v, weighting):
        (v0, v1,) = v
        (factor_0_0, factor_0_1, factor_1_0, factor_1_1,) = self._factor_entries()
        out0 = factor_0_0*v0 + factor_1_0*v1
        out1 = factor_0_1*v0 + factor_1_1*v1
        return self._stack_factor(self._weigh((out0, out1,), weighting, v))

    def _sample_unweighted(self, rng, shape):
        (P_logit_mean, P_log_precision,) = self._params
        sample = _d.beta(rng, shape, np.exp(P_log_precision)*_m.sigmoid(P_logit_mean), np.exp(P_log_precision)*_m.sigmoid(-P_logit_mean))
        return sample

    def _compute_hessian(self, y):
        (P_logit_mean, P_log_precision,) = self._params
        t0 = _m.log_sigmoid_ratio(P_logit_mean, y)
        t1 = -P_logit_mean
        t2 = _m.log_sigmoid_ratio_c(t1, y)
        t3 = t0 - t2
        t4 = np.less(abs(t3), (0.5)*abs(P_logit_mean))
        t5 = _m.exp_neg_abs(P_logit_mean)
        t6 = np.maximum(0, P_logit_mean)
        t7 = -P_log_precision
        t8 = np.log1p(t5)
        t9 = t7 + t8
        t10 = -t6 - t9
        t11 = np.maximum(0, t1)
        t12 = -t11 - t9
        t13 = (1/(t5 + 1))
        t14 = np.exp(-t11 - t6 - t7 - 2*t8)
        t15 = _m.sigmoid_e(P_logit_mean, t5)
        t16 = _m.sigmoid_e(t1, t5)
        t17 = _m.lbeta_exp_k(t10, t12)
        t18 = _m.lbeta_exp_k(t12, t10)
        t19 = _m.lbeta_exp_c(t10, t12)
        t20 = _m.times_square(t19, t15) + _m.times_square(t19, t16) + 2*_m.times_square(t19*t5, t13)
        t21 = _m.lbeta_exp_vo(P_logit_mean, P_log_precision)
        t22 = np.log(y)
        t23 = np.log1p(-y)
        hessian_0_0 = np.where(t4, t14*(-t0*t15 + t0*t16 + t15*t2 - t16*t2) + t20 + _m.times_square(t17, t15) + _m.times_square(t18, t16) - _m.times_square(t5*_m.lbeta_exp_r(t10, t12), t13) - _m.times_square(t5*_m.lbeta_exp_r(t12, t10), t13), -t14*(-t15*t22 + t15*t23 + t16*t22 - t16*t23) + t20 + t21*(-t15 + t16) + _m.times_square(t5*_m.lbeta_exp_w(t10, t12), t13) + _m.times_square(t5*_m.lbeta_exp_w(t12, t10), t13))
        hessian_0_1 = np.where(t4, t14*t3 + _m.lbeta_exp_ko(P_logit_mean, P_log_precision), -t14*(t22 - t23) + t21)
        hessian_1_1 = t17 + t18 + _m.exp_deviance(t10, t2) + _m.exp_deviance(t12, t0)
        return (hessian_0_0, hessian_0_1, hessian_1_1,)

    def _hessian_product(self, v, entries):
        (v0, v1,) = v
        (hessian_0_0, hessian_0_1, hessian_1_1,) = entries
        out0 = _m.mul_exact_zero(hessian_0_0, v0) + _m.mul_exact_zero(hessian_0_1, v1)
        out1 = _m.mul_exact_zero(hessian_0_1, v0) + _m.mul_exact_zero(hessian_1_1, v1)
        return (out0, out1,)
