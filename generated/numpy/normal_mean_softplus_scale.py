# generated from codegen/parametrizations/normal.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""NormalMeanSoftplusScaleNegativeLogProbLoss: the normal_mean_softplus_scale family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyParametrizedLoss


class NormalMeanSoftplusScaleNegativeLogProbLoss(NumPyParametrizedLoss):
    """Real targets, Normal(mean, softplus(raw_scale)^2).

    Structure: dense; the factor B is proved (J^T B with the natural B (symbolic: B B^T - F cancels); |B B^T - F| < 1e-20 |F| at 4 random points, 30 digits).

    Parameters mean, raw_scale of the normal family (NormalNegativeLogProbLoss); not canonical:
        precision_mean = mean/softplus(raw_scale)**2
        neg_half_precision = -1/(2*softplus(raw_scale)**2)
    J = d eta / d theta:
        J[0,0] = softplus(raw_scale)**(-2)
        J[0,1] = -2*mean*sigmoid(raw_scale)/softplus(raw_scale)**3
        J[1,0] = 0
        J[1,1] = sigmoid(raw_scale)/softplus(raw_scale)**3
    F = GGN = J^T grad^2 A J:
        F[0,0] = softplus(raw_scale)**(-2)
        F[0,1] = 0
        F[1,1] = 2*softplus_log_slope(raw_scale)**2
    B = J^T B_natural (B B^T = F; inner shape of the natural family):
        B[0,0] = 1/softplus(raw_scale)
        B[1,1] = sqrt(2)*softplus_log_slope(raw_scale)
    Hessian = F + sum_i (grad A - T)_i Hess(eta_i) (depends on the target):
        H[0,0] = softplus(raw_scale)**(-2)
        H[0,1] = -times_square((2*mean - 2*y)*softplus_log_slope(raw_scale), 1/softplus(raw_scale))
        H[1,1] = -softplus_log_gap(raw_scale)*softplus_log_slope(raw_scale) + 2*times_square(1, (mean - y)*softplus_log_slope(raw_scale)/softplus(raw_scale)) + times_square(softplus_log_gap(raw_scale)*softplus_log_slope(raw_scale), (mean - y)/softplus(raw_scale))
    """

    family = 'normal_mean_softplus_scale'
    structure = 'dense'
    param_names = ('mean', 'raw_scale')
    param_domains = ((-math.inf, True, math.inf, True), (-math.inf, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'real'
    target_bound = None
    _factor_columns = ((0, None), (None, 1))
    factor_dim = 2
    canonical = False
    natural_family = 'normal'

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyParametrizedLoss.__init__

    def __init__(self, mean, raw_scale, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((mean, raw_scale, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_mean, P_raw_scale,) = self._params
        t0 = _m.softplus(P_raw_scale)
        nll = np.log(t0) + (0.5)*_m.times_square(1, (P_mean - y)/t0) + 0.9189385332046728
        return nll

    def _grad(self, y, weighting):
        (P_mean, P_raw_scale,) = self._params
        t0 = P_mean - y
        t1 = (1/(_m.softplus(P_raw_scale)))
        t2 = _m.softplus_log_slope(P_raw_scale)
        grad0 = (0.5)*_m.times_square(2*t0, t1)
        grad1 = t2 - _m.times_square(t2, t0*t1)
        return self._weigh((grad0, grad1,), weighting, (y,))

    def _mean_unweighted(self):
        (P_mean, P_raw_scale,) = self._params
        mean0 = P_mean
        mean1 = (P_mean*P_mean) + (np.square(_m.softplus(P_raw_scale)))
        return (mean0, mean1,)

    def _compute_fisher(self):
        (_, P_raw_scale,) = self._params
        fisher_0_0 = (1/(np.square(_m.softplus(P_raw_scale))))
        fisher_0_1 = 0
        fisher_1_1 = 2*(np.square(_m.softplus_log_slope(P_raw_scale)))
        return (fisher_0_0, fisher_0_1, fisher_1_1,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (_, P_raw_scale,) = params
        factor_0_0 = (1/(_m.softplus(P_raw_scale)))
        factor_1_1 = 1.4142135623730951*_m.softplus_log_slope(P_raw_scale)
        return (factor_0_0, factor_1_1,)

    def _fisher_product(self, v, weighting):
        (v0, v1,) = v
        (fisher_0_0, _, fisher_1_1,) = self._fisher_entries()
        out0 = _m.mul_exact_zero(fisher_0_0, v0)
        out1 = _m.mul_exact_zero(fisher_1_1, v1)
        return self._weigh((out0, out1,), weighting, v)

    def _factor_product(self, u, weighting):
        (u0, u1,) = self._factor_components(u)
        (factor_0_0, factor_1_1,) = self._factor_entries()
        out0 = factor_0_0*u0
        out1 = factor_1_1*u1
        return self._weigh((out0, out1,), weighting, (u,))

    def _factor_transpose_product(self, v, weighting):
        (v0, v1,) = v
        (factor_0_0, factor_1_1,) = self._factor_entries()
        out0 = factor_0_0*v0
        out1 = factor_1_1*v1
        return self._stack_factor(self._weigh((out0, out1,), weighting, v))

    def _sample_unweighted(self, rng, shape):
        (P_mean, P_raw_scale,) = self._params
        sample = _d.normal(rng, shape, P_mean, _m.softplus(P_raw_scale))
        return sample

    def _compute_hessian(self, y):
        (P_mean, P_raw_scale,) = self._params
        t0 = _m.softplus(P_raw_scale)
        t1 = _m.softplus_log_slope(P_raw_scale)
        t2 = P_mean - y
        t3 = (1/(t0))
        t4 = t1*_m.softplus_log_gap(P_raw_scale)
        t5 = t2*t3
        hessian_0_0 = (1/(t0*t0))
        hessian_0_1 = -_m.times_square(2*t1*t2, t3)
        hessian_1_1 = -t4 + 2*_m.times_square(1, t1*t5) + _m.times_square(t4, t5)
        return (hessian_0_0, hessian_0_1, hessian_1_1,)

    def _hessian_product(self, v, entries):
        (v0, v1,) = v
        (hessian_0_0, hessian_0_1, hessian_1_1,) = entries
        out0 = _m.mul_exact_zero(hessian_0_0, v0) + _m.mul_exact_zero(hessian_0_1, v1)
        out1 = _m.mul_exact_zero(hessian_0_1, v0) + _m.mul_exact_zero(hessian_1_1, v1)
        return (out0, out1,)
