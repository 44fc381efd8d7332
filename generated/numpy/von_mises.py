# generated from codegen/families/von_mises.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""VonMisesNegativeLogProbLoss: the von_mises family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class VonMisesNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Angles in (-pi, pi], von Mises(mu, kappa) with eta = kappa (cos mu, sin mu).

    Structure: dense; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = log_besseli(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) + log(2) + log(pi)
    T(y) = cos(y), sin(y)
    log h(y) = 0
    F = Hessian = GGN = grad^2 A:
        F[0,0] = -kappa_sin_mu**2*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) + bessel_ratio_deriv(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2))
        F[0,1] = kappa_cos_mu*kappa_sin_mu*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2))
        F[1,1] = -kappa_cos_mu**2*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) + bessel_ratio_deriv(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2))
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(-kappa_sin_mu**2*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) + bessel_ratio_deriv(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)))
        B[1,0] = kappa_cos_mu*kappa_sin_mu*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2))/sqrt(-kappa_sin_mu**2*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) + bessel_ratio_deriv(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)))
        B[1,1] = sqrt(-(kappa_cos_mu**2*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) + kappa_sin_mu**2*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) - bessel_ratio_deriv(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)))*bessel_ratio_deriv(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2))/(-kappa_sin_mu**2*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) + bessel_ratio_deriv(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2))))
    """

    family = 'von_mises'
    structure = 'dense'
    param_names = ('kappa_cos_mu', 'kappa_sin_mu')
    param_domains = ((-math.inf, True, math.inf, True), (-math.inf, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'angle'
    target_bound = None
    _factor_columns = ((0, 1), (None, 2))

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, kappa_cos_mu, kappa_sin_mu, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((kappa_cos_mu, kappa_sin_mu, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_kappa_cos_mu, P_kappa_sin_mu,) = self._params
        nll = -P_kappa_cos_mu*np.cos(y) - P_kappa_sin_mu*np.sin(y) + _m.log_besseli(0, np.sqrt((P_kappa_cos_mu*P_kappa_cos_mu) + (P_kappa_sin_mu*P_kappa_sin_mu))) + 1.8378770664093456
        return nll

    def _grad(self, y, weighting):
        (P_kappa_cos_mu, P_kappa_sin_mu,) = self._params
        t0 = (P_kappa_cos_mu*P_kappa_cos_mu)
        t1 = (P_kappa_sin_mu*P_kappa_sin_mu)
        t2 = np.sqrt(t0 + t1)
        t3 = _m.bessel_ratio_gap(0, t2)
        t4 = t0*t3 + t1*t3 - _m.bessel_ratio_deriv(0, t2)
        grad0 = -P_kappa_cos_mu*t4 - np.cos(y)
        grad1 = -P_kappa_sin_mu*t4 - np.sin(y)
        return self._weigh((grad0, grad1,), weighting, (y,))

    def _mean_unweighted(self):
        (P_kappa_cos_mu, P_kappa_sin_mu,) = self._params
        t0 = (P_kappa_cos_mu*P_kappa_cos_mu)
        t1 = (P_kappa_sin_mu*P_kappa_sin_mu)
        t2 = np.sqrt(t0 + t1)
        t3 = _m.bessel_ratio_gap(0, t2)
        t4 = t0*t3 + t1*t3 - _m.bessel_ratio_deriv(0, t2)
        mean0 = -P_kappa_cos_mu*t4
        mean1 = -P_kappa_sin_mu*t4
        return (mean0, mean1,)

    def _compute_fisher(self):
        (P_kappa_cos_mu, P_kappa_sin_mu,) = self._params
        t0 = (P_kappa_cos_mu*P_kappa_cos_mu)
        t1 = (P_kappa_sin_mu*P_kappa_sin_mu)
        t2 = np.sqrt(t0 + t1)
        t3 = -_m.bessel_ratio_deriv(0, t2)
        t4 = _m.bessel_ratio_gap(0, t2)
        fisher_0_0 = -t1*t4 - t3
        fisher_0_1 = P_kappa_cos_mu*P_kappa_sin_mu*t4
        fisher_1_1 = -t0*t4 - t3
        return (fisher_0_0, fisher_0_1, fisher_1_1,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_kappa_cos_mu, P_kappa_sin_mu,) = params
        t0 = (P_kappa_cos_mu*P_kappa_cos_mu)
        t1 = (P_kappa_sin_mu*P_kappa_sin_mu)
        t2 = np.sqrt(t0 + t1)
        t3 = _m.bessel_ratio_deriv(0, t2)
        t4 = _m.bessel_ratio_gap(0, t2)
        t5 = t1*t4 - t3
        t6 = np.sqrt(-t5)
        factor_0_0 = t6
        factor_1_0 = P_kappa_cos_mu*P_kappa_sin_mu*t4/t6
        factor_1_1 = np.sqrt(t3*(t0*t4 + t5)/t5)
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
        (P_kappa_cos_mu, P_kappa_sin_mu,) = self._params
        sample = _d.von_mises(rng, shape, np.arctan2(P_kappa_sin_mu, P_kappa_cos_mu), np.sqrt((P_kappa_cos_mu*P_kappa_cos_mu) + (P_kappa_sin_mu*P_kappa_sin_mu)))
        return sample
