# generated from codegen/parametrizations/beta.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""BetaLogitMeanLogPrecisionNegativeLogProbLoss: the beta_logit_mean_log_precision family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyParametrizedLoss


class BetaLogitMeanLogPrecisionNegativeLogProbLoss(NumPyParametrizedLoss):
    """Targets in (0, 1), Beta(m phi, (1 - m) phi) with m = sigmoid(logit_mean), phi = exp(log_precision).

    Structure: dense; the factor B is proved (J^T B with the natural B (symbolic: B B^T - F cancels); |B B^T - F| < 1e-20 |F| at 4 random points, 30 digits).

    Parameters logit_mean, log_precision of the beta family (BetaNegativeLogProbLoss); not canonical:
        alpha_minus_one = exp(log_precision)*sigmoid(logit_mean) - 1
        beta_minus_one = exp(log_precision)*sigmoid(-logit_mean) - 1
    J = d eta / d theta:
        J[0,0] = exp(log_precision)*sigmoid(-logit_mean)*sigmoid(logit_mean)
        J[0,1] = exp(log_precision)*sigmoid(logit_mean)
        J[1,0] = -exp(log_precision)*sigmoid(-logit_mean)*sigmoid(logit_mean)
        J[1,1] = exp(log_precision)*sigmoid(-logit_mean)
    F = GGN = J^T grad^2 A J:
        F[0,0] = times_square(polygamma(1, exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) + polygamma(1, exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))
        F[0,1] = -times_square((polygamma(1, exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) - polygamma(1, exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*exp_neg_abs(logit_mean), exp(log_precision)/(exp_neg_abs(logit_mean) + 1))
        F[1,1] = -2*times_square(exp_neg_abs(logit_mean)*polygamma(1, exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) + exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))), exp(log_precision)/(exp_neg_abs(logit_mean) + 1)) + times_square(trigamma_diff(exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) + times_square(trigamma_diff(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))), exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))
    B = J^T B_natural (B B^T = F; inner shape of the natural family):
        B[0,0] = times_square(exp_neg_abs(logit_mean)*polygamma(1, exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))/sqrt(trigamma_diff(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)))), exp(log_precision/2)/(exp_neg_abs(logit_mean) + 1))
        B[0,1] = -times_square(exp_neg_abs(logit_mean)*sqrt(trigamma_det(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))))/sqrt(trigamma_diff(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)))), exp(log_precision/2)/(exp_neg_abs(logit_mean) + 1))
        B[1,0] = (-polygamma(1, exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) + exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) + sigmoid_e(logit_mean, exp_neg_abs(logit_mean))*trigamma_diff(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))))*exp(log_precision)/sqrt(trigamma_diff(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))))
        B[1,1] = exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))*sqrt(trigamma_det(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))))/sqrt(trigamma_diff(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))))
    Hessian = F + sum_i (grad A - T)_i Hess(eta_i) (depends on the target):
        H[0,0] = (times_square(log(y)*exp_neg_abs(logit_mean), 1/(exp_neg_abs(logit_mean) + 1)) - times_square(log(y), sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))))*exp(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)) + (times_square(exp_neg_abs(logit_mean)*log1p(-y), 1/(exp_neg_abs(logit_mean) + 1)) - times_square(log1p(-y), sigmoid_e(logit_mean, exp_neg_abs(logit_mean))))*exp(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + (-((exp(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)) - lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)))*exp(-log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) - exp(-log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean))*lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)))*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)) + (-(log1p(exp_neg_abs(logit_mean)) + Max(0, -logit_mean))*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) + sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)))*exp(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)) + (-exp(log_precision - 2*log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean) - Max(0, logit_mean)) + lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_r(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)))*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) - (((exp(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) - lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)))*exp(-log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)) - exp(-log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))*lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)))*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) + ((log1p(exp_neg_abs(logit_mean)) + Max(0, logit_mean))*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)) - sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*exp(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) - (-exp(log_precision - 2*log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean) - Max(0, logit_mean)) + lbeta_exp_c(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_r(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)))*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)) + times_square(((log1p(exp_neg_abs(logit_mean)) + Max(0, -logit_mean))*exp(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)) - lbeta_exp_r(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)))*exp_neg_abs(logit_mean), 1/(exp_neg_abs(logit_mean) + 1)) + times_square(((log1p(exp_neg_abs(logit_mean)) + Max(0, logit_mean))*exp(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) - lbeta_exp_r(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)))*exp_neg_abs(logit_mean), 1/(exp_neg_abs(logit_mean) + 1))
        H[0,1] = sigmoid_lincomb(logit_mean, exp_neg_abs(logit_mean)/(exp_neg_abs(logit_mean) + 1), exp(log_precision)*exp(-log1p(exp_neg_abs(logit_mean)))*exp(-Max(0, logit_mean))*log1p(-y) + exp(log_precision)*exp(-log1p(exp_neg_abs(logit_mean)))*exp(-Max(0, logit_mean))*log1p(exp_neg_abs(logit_mean)) + exp(log_precision)*exp(-log1p(exp_neg_abs(logit_mean)))*exp(-Max(0, logit_mean))*Max(0, logit_mean) - lbeta_exp_r(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)) - lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)), -exp(log_precision)*exp(-log1p(exp_neg_abs(logit_mean)))*exp(-Max(0, -logit_mean))*log(y) - exp(log_precision)*exp(-log1p(exp_neg_abs(logit_mean)))*exp(-Max(0, -logit_mean))*log1p(exp_neg_abs(logit_mean)) - exp(log_precision)*exp(-log1p(exp_neg_abs(logit_mean)))*exp(-Max(0, -logit_mean))*Max(0, -logit_mean) + lbeta_exp_r(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)))
        H[1,1] = (-log(y) - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean))*exp(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)) + (-log1p(-y) - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean))*exp(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_r(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_r(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean)) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean)) + lbeta_exp_w(log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, logit_mean), log_precision - log1p(exp_neg_abs(logit_mean)) - Max(0, -logit_mean))
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
        t0 = _m.exp_neg_abs(P_logit_mean)
        t1 = np.log1p(t0)
        t2 = np.maximum(0, P_logit_mean)
        t3 = np.exp(P_log_precision)*np.exp(-t1)
        t4 = t3*np.exp(-t2)
        t5 = np.log1p(-y)
        t6 = -P_log_precision + t1
        t7 = -t2 - t6
        t8 = np.maximum(0, -P_logit_mean)
        t9 = -t6 - t8
        t10 = -_m.lbeta_exp_r(t7, t9)
        t11 = np.log(y)
        t12 = t3*np.exp(-t8)
        t13 = -_m.lbeta_exp_r(t9, t7)
        grad0 = _m.sigmoid_lincomb(P_logit_mean, t0/(t0 + 1), t1*t4 + t10 + t2*t4 + t4*t5, -t1*t12 - t11*t12 - t12*t8 - t13)
        grad1 = -t10 - t13 - (t1 + t11 + t8)*np.exp(t9) - (t1 + t2 + t5)*np.exp(t7)
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
        t0 = np.exp(P_log_precision)
        t1 = _m.exp_neg_abs(P_logit_mean)
        t2 = _m.sigmoid_e(P_logit_mean, t1)
        t3 = t0*t2
        t4 = _m.trigamma(t3)
        t5 = _m.sigmoid_e(-P_logit_mean, t1)
        t6 = t0*t5
        t7 = _m.trigamma(t6)
        t8 = t0/(t1 + 1)
        fisher_0_0 = _m.times_square(t4 + t7, t3*t5)
        fisher_0_1 = -_m.times_square(t1*(-t2*t4 + t5*t7), t8)
        fisher_1_1 = -2*_m.times_square(t1*_m.trigamma(t0*(t2 + t5)), t8) + _m.times_square(_m.trigamma_diff(t3, t6), t3) + _m.times_square(_m.trigamma_diff(t6, t3), t6)
        return (fisher_0_0, fisher_0_1, fisher_1_1,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_logit_mean, P_log_precision,) = params
        t0 = np.exp(P_log_precision)
        t1 = _m.exp_neg_abs(P_logit_mean)
        t2 = _m.sigmoid_e(P_logit_mean, t1)
        t3 = t0*t2
        t4 = _m.sigmoid_e(-P_logit_mean, t1)
        t5 = t0*t4
        t6 = _m.trigamma_diff(t3, t5)
        t7 = (1/np.sqrt(t6))
        t8 = t1*t7
        t9 = np.exp((0.5)*P_log_precision)/(t1 + 1)
        t10 = np.sqrt(_m.trigamma_det(t3, t5))
        factor_0_0 = _m.times_square(t8*_m.trigamma(t3), t9)
        factor_0_1 = -_m.times_square(t10*t8, t9)
        factor_1_0 = -t0*t7*(-t2*t6 + t4*_m.trigamma(t0*(t2 + t4)))
        factor_1_1 = t10*t5*t7
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
        t0 = -P_log_precision
        t1 = _m.exp_neg_abs(P_logit_mean)
        t2 = np.log1p(t1)
        t3 = -P_logit_mean
        t4 = np.maximum(0, t3)
        t5 = t2 + t4
        t6 = -t0 - t5
        t7 = np.exp(t6)
        t8 = np.log(y)
        t9 = _m.sigmoid_e(t3, t1)
        t10 = (1/(t1 + 1))
        t11 = np.maximum(0, P_logit_mean)
        t12 = t11 + t2
        t13 = -t0 - t12
        t14 = np.exp(t13)
        t15 = np.log1p(-y)
        t16 = _m.sigmoid_e(P_logit_mean, t1)
        t17 = _m.lbeta_exp_r(t13, t6)
        t18 = -t17
        t19 = _m.lbeta_exp_r(t6, t13)
        t20 = -t19
        t21 = np.exp(-t12)
        t22 = _m.lbeta_exp_c(t13, t6)
        t23 = np.exp(-t5)
        t24 = -t22
        t25 = t22 - np.exp(-t0 - t11 - 2*t2 - t4)
        t26 = _m.lbeta_exp_w(t13, t6)
        t27 = t17 + t26
        t28 = _m.lbeta_exp_w(t6, t13)
        t29 = t19 + t28
        t30 = np.exp(P_log_precision)*np.exp(-t2)
        t31 = t30*np.exp(-t11)
        t32 = t30*np.exp(-t4)
        hessian_0_0 = t14*(-_m.times_square(t15, t16) + _m.times_square(t1*t15, t10)) - t16*(t14*t16*(t12 - 1) - t16*(t25 + t27) + t9*(-t21*t22 + t23*(t14 + t24))) + t7*(-_m.times_square(t8, t9) + _m.times_square(t1*t8, t10)) - t9*(t16*(t21*(t24 + t7) - t22*t23) + t7*t9*(t5 - 1) - t9*(t25 + t29)) + _m.times_square(t1*(t20 + t5*t7), t10) + _m.times_square(t1*(t12*t14 + t18), t10)
        hessian_0_1 = _m.sigmoid_lincomb(P_logit_mean, t1*t10, t11*t31 + t15*t31 + t18 + t2*t31 - t26, -t2*t32 - t20 + t28 - t32*t4 - t32*t8)
        hessian_1_1 = -t14*(t12 + t15) + t27 + t29 - t7*(t5 + t8)
        return (hessian_0_0, hessian_0_1, hessian_1_1,)

    def _hessian_product(self, v, entries):
        (v0, v1,) = v
        (hessian_0_0, hessian_0_1, hessian_1_1,) = entries
        out0 = _m.mul_exact_zero(hessian_0_0, v0) + _m.mul_exact_zero(hessian_0_1, v1)
        out1 = _m.mul_exact_zero(hessian_0_1, v0) + _m.mul_exact_zero(hessian_1_1, v1)
        return (out0, out1,)
