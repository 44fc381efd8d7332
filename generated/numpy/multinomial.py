# generated from codegen/families/multinomial.py by templates/numpy/family.py.jinja, do not edit; run `natloss build`.
"""MultinomialLogitsNegativeLogProbLoss: the multinomial family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyCoupledLoss


class MultinomialLogitsNegativeLogProbLoss(NumPyCoupledLoss):
    """Counts over the last axis that sum to `trials`.

    Structure: diag_rank_one; the factor B is proved (symbolic: 2a + a^2|w|^2 = c (so B B^T = D + c u u^T for every K); numeric: D + c u u^T and B B^T equal the Hessian of A, F_kk and B_kk at the row max, for K = 2, 3, 4 at 50 digits).

    A(eta) = trials*log(Sum(exp(logits[k]), (k, 0, K - 1)))
    T(y) = y[k]
    log h(y) = log(gamma(trials + 1)) - Sum(loggamma(y[k] + 1), (k, 0, K - 1))
    F = D + c u u^T over the last axis; B = D^(1/2) (I + a w w^T), w = D^(-1/2) u:
        D_k = trials*exp(-row_log1p + shifted)
        u_k = exp(-row_log1p + shifted)
        c = -trials
        a = -trials
    """

    family = 'multinomial'
    structure = 'diag_rank_one'
    param_names = ('logits',)
    param_domains = ((-math.inf, True, math.inf, True), )
    hyper_specs = (("trials",) + (0.0, True, math.inf, True) + (True,), )
    target_support = 'counts'
    target_bound = 'trials'
    _factor_columns = ()

    def __init__(self, logits, targets=None, mask=None, weight=1.0, seed=None, trials=1):
        super().__init__((logits, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={"trials": trials})

    def _row_stats(self):
        (logits,) = self._params
        trials = self._hypers["trials"]
        row_max = np.max(logits, axis=-1, keepdims=True)
        shifted = logits - row_max
        row_log1p = _m.log1p_sum_exp_excl_max(shifted)
        row_a = -trials
        return (row_max, row_log1p, row_a,)

    def _nll_per_case(self, y):
        (logits,) = self._params
        trials = self._hypers["trials"]
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = logits - row_max
        nll = row_log1p*trials - _m.gammaln(trials + 1) + np.sum(-shifted*y + _m.gammaln(y + 1), axis=-1, keepdims=True)
        return nll[..., 0]

    def _grad_unweighted(self, y):
        (logits,) = self._params
        trials = self._hypers["trials"]
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = logits - row_max
        grad0 = trials*np.exp(-row_log1p + shifted) - y
        return (grad0,)

    def _mean_unweighted(self):
        (logits,) = self._params
        trials = self._hypers["trials"]
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = logits - row_max
        mean0 = trials*np.exp(-row_log1p + shifted)
        return (mean0,)

    def _fisher_product(self, v):
        (logits,) = self._params
        trials = self._hypers["trials"]
        (v0,) = v
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = logits - row_max
        u = np.exp(-row_log1p + shifted)
        dominant_row = np.greater(np.exp(-row_log1p), 0.75)
        dominant = _m.dominant_entry(logits, row_max, dominant_row)
        r_rest = _m.row_sum_others(u*v0, dominant)
        r_dominant = _m.at_dominant(u, dominant)*_m.at_dominant(v0, dominant)
        r = r_dominant + r_rest
        t0 = -row_log1p
        fisher_diag_at_max = -trials*np.exp(t0)*np.expm1(t0)
        out0 = _m.set_at_dominant(trials*(-r*u + u*v0), fisher_diag_at_max*_m.at_dominant(v0, dominant) - r_rest*trials*np.exp(-row_log1p), dominant)
        return (out0,)

    def _factor_product(self, u):
        (logits,) = self._params
        trials = self._hypers["trials"]
        (u0,) = u
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = logits - row_max
        w = np.exp(-0.5*row_log1p + (0.5)*shifted)/np.sqrt(trials)
        dominant_row = np.greater(np.exp(-row_log1p), 0.75)
        dominant = _m.dominant_entry(logits, row_max, dominant_row)
        r_rest = _m.row_sum_others(u0*w, dominant)
        r_dominant = _m.at_dominant(u0, dominant)*_m.at_dominant(w, dominant)
        r = r_dominant + r_rest
        factor_diag_at_max = -np.sqrt(trials)*np.exp(-0.5*row_log1p)*np.expm1(-row_log1p)
        out0 = _m.set_at_dominant(-np.sqrt(trials)*(r*trials*w - u0)*np.exp(-0.5*row_log1p + (0.5)*shifted), factor_diag_at_max*_m.at_dominant(u0, dominant) - r_rest*trials*np.exp(-row_log1p), dominant)
        return (out0,)

    def _factor_transpose_product(self, v):
        (logits,) = self._params
        trials = self._hypers["trials"]
        (v0,) = v
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = logits - row_max
        u = np.exp(-row_log1p + shifted)
        dominant_row = np.greater(np.exp(-row_log1p), 0.75)
        dominant = _m.dominant_entry(logits, row_max, dominant_row)
        r_rest = _m.row_sum_others(u*v0, dominant)
        r_dominant = _m.at_dominant(u, dominant)*_m.at_dominant(v0, dominant)
        r = r_dominant + r_rest
        factor_diag_at_max = -np.sqrt(trials)*np.exp(-0.5*row_log1p)*np.expm1(-row_log1p)
        t0 = np.sqrt(trials)
        t1 = (0.5)*row_log1p
        out0 = _m.set_at_dominant(t0*(-r + v0)*np.exp((0.5)*shifted - t1), factor_diag_at_max*_m.at_dominant(v0, dominant) - r_rest*t0*np.exp(-t1), dominant)
        return (out0,)

    def _factor_column(self, rows, column):
        logits = self._params[0][rows]
        (row_max, row_log1p, row_a,) = (s[rows] for s in self._row_stats_cached())
        trials = self._hyper_rows("trials", rows)
        shifted = logits - row_max
        shifted_column = shifted[..., column, None]
        w = np.exp(-0.5*row_log1p + (0.5)*shifted)/np.sqrt(trials)
        w_column = w[..., column, None]
        diag = -np.sqrt(trials)*np.exp(-0.5*row_log1p + (0.5)*shifted_column)*np.expm1(-row_log1p + shifted_column)
        out0 = _m.set_at_column(-(trials*np.sqrt(trials))*w*w_column*np.exp(-0.5*row_log1p + (0.5)*shifted), column, diag, logits)
        return (out0,)

    def _sample_unweighted(self, rng, shape):
        (logits,) = self._params
        trials = self._hypers["trials"]
        sample = _d.multinomial(rng, shape, trials, logits)
        return sample
