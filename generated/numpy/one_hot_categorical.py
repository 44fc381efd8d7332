# generated from codegen/families/one_hot_categorical.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""OneHotCategoricalLogitsNegativeLogProbLoss: the one_hot_categorical family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyCoupledLoss


class OneHotCategoricalLogitsNegativeLogProbLoss(NumPyCoupledLoss):
    """One-hot targets over the last axis (samples are one-hot too).

    Structure: diag_rank_one; the factor B is proved (symbolic: 2a + a^2|w|^2 = c (so B B^T = D + c u u^T for every K); numeric: D + c u u^T and B B^T equal the Hessian of A, F_kk and B_kk at the row max, for K = 2, 3, 4 at 50 digits).

    A(eta) = log(Sum(exp(logits[k]), (k, 0, K - 1)))
    T(y) = y[k]
    log h(y) = 0
    F = D + c u u^T over the last axis; B = D^(1/2) (I + a w w^T), w = D^(-1/2) u:
        D_k = exp(-row_log1p + shifted)
        u_k = exp(-row_log1p + shifted)
        c = -1
        a = -1
    """

    family = 'one_hot_categorical'
    structure = 'diag_rank_one'
    param_names = ('logits',)
    param_domains = ((-math.inf, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'one_hot'
    target_bound = None
    _factor_columns = ()

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyCoupledLoss.__init__

    def __init__(self, logits, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((logits, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _row_stats(self):
        (P_logits,) = self._params
        row_max = np.max(P_logits, axis=-1, keepdims=True)
        shifted = P_logits - row_max
        row_log1p = _m.log1p_sum_exp_excl_max(shifted)
        row_a = -1
        return (row_max, row_log1p, row_a,)

    def _nll_per_case(self, y):
        (P_logits,) = self._params
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = P_logits - row_max
        nll = row_log1p + np.sum(-shifted*y, axis=-1, keepdims=True)
        return nll[..., 0]

    def _grad(self, y, weighting):
        (P_logits,) = self._params
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = P_logits - row_max
        grad0 = -y + np.exp(-row_log1p + shifted)
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_logits,) = self._params
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = P_logits - row_max
        mean0 = np.exp(-row_log1p + shifted)
        return (mean0,)

    def _fisher_product(self, v, weighting):
        (P_logits,) = self._params
        (v0,) = v
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = P_logits - row_max
        u = np.exp(-row_log1p + shifted)
        dominant_row = np.greater(np.exp(-row_log1p), 0.75)
        dominant = _m.dominant_entry(P_logits, row_max, dominant_row)
        r_rest = _m.row_sum_others(u*v0, dominant)
        r_dominant = _m.at_dominant(u, dominant)*_m.at_dominant(v0, dominant)
        r = r_dominant + r_rest
        t0 = -row_log1p
        fisher_diag_at_max = -np.exp(t0)*np.expm1(t0)
        out0 = _m.set_at_dominant(-r*u + u*v0, fisher_diag_at_max*_m.at_dominant(v0, dominant) - r_rest*np.exp(-row_log1p), dominant)
        return self._weigh((out0,), weighting, v)

    def _factor_product(self, u, weighting):
        (P_logits,) = self._params
        (u0,) = self._factor_components(u)
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = P_logits - row_max
        w = np.exp((0.5)*(-row_log1p + shifted))
        dominant_row = np.greater(np.exp(-row_log1p), 0.75)
        dominant = _m.dominant_entry(P_logits, row_max, dominant_row)
        r_rest = _m.row_sum_others(u0*w, dominant)
        r_dominant = _m.at_dominant(u0, dominant)*_m.at_dominant(w, dominant)
        r = r_dominant + r_rest
        factor_diag_at_max = -np.exp(-0.5*row_log1p)*np.expm1(-row_log1p)
        out0 = _m.set_at_dominant(-w*(r*w - u0), factor_diag_at_max*_m.at_dominant(u0, dominant) - r_rest*np.exp(-row_log1p), dominant)
        return self._weigh((out0,), weighting, (u,))

    def _factor_transpose_product(self, v, weighting):
        (P_logits,) = self._params
        (v0,) = v
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = P_logits - row_max
        u = np.exp(-row_log1p + shifted)
        dominant_row = np.greater(np.exp(-row_log1p), 0.75)
        dominant = _m.dominant_entry(P_logits, row_max, dominant_row)
        r_rest = _m.row_sum_others(u*v0, dominant)
        r_dominant = _m.at_dominant(u, dominant)*_m.at_dominant(v0, dominant)
        r = r_dominant + r_rest
        factor_diag_at_max = -np.exp(-0.5*row_log1p)*np.expm1(-row_log1p)
        t0 = (0.5)*row_log1p
        out0 = _m.set_at_dominant((-r + v0)*np.exp((0.5)*shifted - t0), factor_diag_at_max*_m.at_dominant(v0, dominant) - r_rest*np.exp(-t0), dominant)
        return self._stack_factor(self._weigh((out0,), weighting, v))

    def _factor_column(self, rows, column):
        P_logits = self._params[0][rows]
        (row_max, row_log1p, row_a,) = (s[rows] for s in self._row_stats_cached())
        shifted = P_logits - row_max
        shifted_column = shifted[..., column, None]
        w = np.exp((0.5)*(-row_log1p + shifted))
        w_column = w[..., column, None]
        diag = -np.exp(-0.5*row_log1p + (0.5)*shifted_column)*np.expm1(-row_log1p + shifted_column)
        out0 = _m.set_at_column(-w*w*w_column, column, diag, P_logits)
        return (out0,)

    def _sample_unweighted(self, rng, shape):
        (P_logits,) = self._params
        sample = _d.categorical(rng, shape, P_logits)
        return sample

    def _fisher_pieces(self):
        (P_logits,) = self._params
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = P_logits - row_max
        fisher_diag = np.exp(-row_log1p + shifted)
        fisher_u = fisher_diag
        fisher_c = -1
        dominant_row = np.greater(np.exp(-row_log1p), 0.75)
        dominant = _m.dominant_entry(P_logits, row_max, dominant_row)
        t0 = -row_log1p
        fisher_diag_at_max = -np.exp(t0)*np.expm1(t0)
        fisher_kk = _m.set_at_dominant(fisher_diag - (fisher_u*fisher_u), fisher_diag_at_max, dominant)
        return (fisher_diag, fisher_u, fisher_c, fisher_kk,)
