# generated from codegen/families/dirichlet.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""DirichletNegativeLogProbLoss: the dirichlet family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyCoupledLoss


class DirichletNegativeLogProbLoss(NumPyCoupledLoss):
    """Points of the simplex over the last axis, Dirichlet(alpha); F = diag(trigamma(alpha)) - trigamma(sum alpha) 1 1^T.

    Structure: diag_rank_one; the factor B is proved (symbolic: 2a + a^2|w|^2 = c (so B B^T = D + c u u^T for every K); numeric: D + c u u^T and B B^T equal the Hessian of A, F_kk and B_kk at the row max, for K = 2, 3, 4 at 50 digits).

    A(eta) = -loggamma(Sum(concentration[k], (k, 0, K - 1))) + Sum(loggamma(concentration[k]), (k, 0, K - 1))
    T(y) = log(y[k])
    log h(y) = -Sum(log(y[k]), (k, 0, K - 1))
    F = D + c u u^T over the last axis; B = D^(1/2) (I + a w w^T), w = D^(-1/2) u:
        D_k = polygamma(1, x)
        u_k = 1
        c = -polygamma(1, row_sum)
        a = -polygamma(1, row_sum)/(row_root + 1)
    """

    family = 'dirichlet'
    structure = 'diag_rank_one'
    param_names = ('concentration',)
    param_domains = ((0.0, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'simplex'
    target_bound = None
    _factor_columns = ()

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyCoupledLoss.__init__

    def __init__(self, concentration, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((concentration, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _row_stats(self):
        (P_concentration,) = self._params
        row_max = np.max(P_concentration, axis=-1, keepdims=True)
        row_rest = _m.sum_excl_max(P_concentration)
        row_w2_rest = _m.sum_excl_max((1/(_m.trigamma(P_concentration))))
        t0 = _m.xtrigamma_m1(P_concentration)
        row_s_gap = np.sum(P_concentration*t0/(t0 + 1), axis=-1, keepdims=True)
        row_sum = row_max + row_rest
        t1 = _m.trigamma(row_sum)
        t2 = row_w2_rest*t1
        t3 = _m.trigamma_diff(row_max, row_rest)
        t4 = (1/(_m.trigamma(row_max)))
        t5 = _m.xtrigamma_m1(row_sum)
        t6 = row_s_gap*t1
        row_root = np.select([np.greater(t5 + t6, t2 + t3*t4),True], [np.sqrt(np.maximum(0, -t2 + t3*t4)),np.sqrt(np.maximum(0, -t5 + t6))], default=np.nan)
        row_a = -_m.trigamma(row_sum)/(row_root + 1)
        return (row_max, row_rest, row_w2_rest, row_s_gap, row_sum, row_root, row_a,)

    def _nll_per_case(self, y):
        (P_concentration,) = self._params
        (_, _, _, _, row_sum, _, _,) = self._row_stats_cached()
        t0 = np.log(y)
        nll = np.sum(-P_concentration*t0 + t0 + _m.gammaln(P_concentration), axis=-1, keepdims=True) - _m.gammaln(row_sum)
        return nll[..., 0]

    def _grad(self, y, weighting):
        (P_concentration,) = self._params
        (row_max, row_rest, _, _, row_sum, _, _,) = self._row_stats_cached()
        grad0 = -np.log(y) - _m.digamma_diff(P_concentration, np.select([np.equal(P_concentration, row_max),True], [row_rest,-P_concentration + row_sum], default=np.nan))
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_concentration,) = self._params
        (row_max, row_rest, _, _, row_sum, _, _,) = self._row_stats_cached()
        mean0 = -_m.digamma_diff(P_concentration, np.select([np.equal(P_concentration, row_max),True], [row_rest,-P_concentration + row_sum], default=np.nan))
        return (mean0,)

    def _fisher_product(self, v, weighting):
        (P_concentration,) = self._params
        (v0,) = v
        (row_max, row_rest, _, _, row_sum, _, _,) = self._row_stats_cached()
        u = 1
        dominant_row = np.greater(row_max/row_sum, 0.75)
        dominant = _m.dominant_entry(P_concentration, row_max, dominant_row)
        r_rest = _m.row_sum_others(np.copy(v0), dominant)
        r_dominant = _m.at_dominant(v0, dominant)
        r = r_dominant + r_rest
        fisher_diag_at_max = _m.trigamma_diff(row_max, row_rest)
        t0 = _m.trigamma(row_sum)
        out0 = _m.set_at_dominant(-r*t0 + v0*_m.trigamma(P_concentration), fisher_diag_at_max*r_dominant - r_rest*t0, dominant)
        return self._weigh((out0,), weighting, v)

    def _factor_product(self, u, weighting):
        (P_concentration,) = self._params
        (u0,) = self._factor_components(u)
        (row_max, row_rest, _, _, row_sum, row_root, row_a,) = self._row_stats_cached()
        w = (1/np.sqrt(_m.trigamma(P_concentration)))
        dominant_row = np.greater(row_max/row_sum, 0.75)
        dominant = _m.dominant_entry(P_concentration, row_max, dominant_row)
        r_rest = _m.row_sum_others(u0*w, dominant)
        r_dominant = _m.at_dominant(u0, dominant)*_m.at_dominant(w, dominant)
        r = r_dominant + r_rest
        t0 = _m.trigamma(row_max)
        factor_diag_at_max = np.sqrt(t0)*(row_root + _m.trigamma_diff(row_max, row_rest)/t0)/(row_root + 1)
        out0 = _m.set_at_dominant((r*row_a*w + u0)*np.sqrt(_m.trigamma(P_concentration)), factor_diag_at_max*_m.at_dominant(u0, dominant) + r_rest*row_a, dominant)
        return self._weigh((out0,), weighting, (u,))

    def _factor_transpose_product(self, v, weighting):
        (P_concentration,) = self._params
        (v0,) = v
        (row_max, row_rest, _, _, row_sum, row_root, row_a,) = self._row_stats_cached()
        u = 1
        dominant_row = np.greater(row_max/row_sum, 0.75)
        dominant = _m.dominant_entry(P_concentration, row_max, dominant_row)
        r_rest = _m.row_sum_others(np.copy(v0), dominant)
        r_dominant = _m.at_dominant(v0, dominant)
        r = r_dominant + r_rest
        t0 = _m.trigamma(row_max)
        factor_diag_at_max = np.sqrt(t0)*(row_root + _m.trigamma_diff(row_max, row_rest)/t0)/(row_root + 1)
        t1 = np.sqrt(_m.trigamma(P_concentration))
        out0 = _m.set_at_dominant(r*row_a/t1 + t1*v0, factor_diag_at_max*r_dominant + r_rest*row_a/np.sqrt(_m.trigamma(row_max)), dominant)
        return self._stack_factor(self._weigh((out0,), weighting, v))

    def _factor_column(self, rows, column):
        P_concentration = self._params[0][rows]
        (row_max, row_rest, row_w2_rest, row_s_gap, row_sum, row_root, row_a,) = (s[rows] for s in self._row_stats_cached())
        x_column = P_concentration[..., column, None]
        w = (1/np.sqrt(_m.trigamma(P_concentration)))
        w_column = w[..., column, None]
        t0 = _m.trigamma(x_column)
        diag = np.sqrt(t0)*(row_root + _m.trigamma_diff(x_column, np.select([np.equal(row_max, x_column),True], [row_rest,row_sum - x_column], default=np.nan))/t0)/(row_root + 1)
        out0 = _m.set_at_column(row_a*w*w_column*np.sqrt(_m.trigamma(P_concentration)), column, diag, P_concentration)
        return (out0,)

    def _sample_unweighted(self, rng, shape):
        (P_concentration,) = self._params
        sample = _d.dirichlet(rng, shape, P_concentration)
        return sample

    def _fisher_pieces(self):
        (P_concentration,) = self._params
        (row_max, row_rest, _, _, row_sum, _, _,) = self._row_stats_cached()
        fisher_diag = _m.trigamma(P_concentration)
        fisher_u = 1
        fisher_c = -_m.trigamma(row_sum)
        dominant_row = np.greater(row_max/row_sum, 0.75)
        dominant = _m.dominant_entry(P_concentration, row_max, dominant_row)
        fisher_diag_at_max = _m.trigamma_diff(row_max, row_rest)
        fisher_kk = _m.set_at_dominant(fisher_c + fisher_diag, fisher_diag_at_max, dominant)
        return (fisher_diag, fisher_u, fisher_c, fisher_kk,)
