# generated from codegen/parametrizations/multinomial.py by codegen/backends/numpy/templates/row_parametrized.py.jinja, do not edit; run `natloss build`.
"""MultinomialLogitsLogTemperatureNegativeLogProbLoss: per-row parameters over the multinomial family, NumPy backend."""
from natloss.runtime.row_parametrized import NumPyRowParametrizedLoss
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

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyCoupledLoss.__init__

    def __init__(self, logits, targets=None, mask=None, weight=1.0, seed=None, trials=1):
        self._base_init((logits, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={"trials": trials})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _row_stats(self):
        (P_logits,) = self._params
        H_trials = self._hypers["trials"]
        row_max = np.max(P_logits, axis=-1, keepdims=True)
        shifted = P_logits - row_max
        row_log1p = _m.log1p_sum_exp_excl_max(shifted)
        row_a = -H_trials
        return (row_max, row_log1p, row_a,)

    def _nll_per_case(self, y):
        (P_logits,) = self._params
        H_trials = self._hypers["trials"]
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = P_logits - row_max
        nll = H_trials*row_log1p - _m.gammaln(H_trials + 1) + np.sum(-shifted*y + _m.gammaln(y + 1), axis=-1, keepdims=True)
        return nll[..., 0]

    def _grad(self, y, weighting):
        (P_logits,) = self._params
        H_trials = self._hypers["trials"]
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = P_logits - row_max
        grad0 = H_trials*np.exp(-row_log1p + shifted) - y
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_logits,) = self._params
        H_trials = self._hypers["trials"]
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = P_logits - row_max
        mean0 = H_trials*np.exp(-row_log1p + shifted)
        return (mean0,)

    def _fisher_product(self, v, weighting):
        (P_logits,) = self._params
        H_trials = self._hypers["trials"]
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
        fisher_diag_at_max = -H_trials*np.exp(t0)*np.expm1(t0)
        out0 = _m.set_at_dominant(H_trials*(-r*u + u*v0), -H_trials*r_rest*np.exp(-row_log1p) + fisher_diag_at_max*_m.at_dominant(v0, dominant), dominant)
        return self._weigh((out0,), weighting, v)

    def _factor_product(self, u, weighting):
        (P_logits,) = self._params
        H_trials = self._hypers["trials"]
        (u0,) = self._factor_components(u)
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = P_logits - row_max
        w = np.exp(-0.5*row_log1p + (0.5)*shifted)/np.sqrt(H_trials)
        dominant_row = np.greater(np.exp(-row_log1p), 0.75)
        dominant = _m.dominant_entry(P_logits, row_max, dominant_row)
        r_rest = _m.row_sum_others(u0*w, dominant)
        r_dominant = _m.at_dominant(u0, dominant)*_m.at_dominant(w, dominant)
        r = r_dominant + r_rest
        factor_diag_at_max = -np.sqrt(H_trials)*np.exp(-0.5*row_log1p)*np.expm1(-row_log1p)
        out0 = _m.set_at_dominant(-np.sqrt(H_trials)*(H_trials*r*w - u0)*np.exp(-0.5*row_log1p + (0.5)*shifted), -H_trials*r_rest*np.exp(-row_log1p) + factor_diag_at_max*_m.at_dominant(u0, dominant), dominant)
        return self._weigh((out0,), weighting, (u,))

    def _factor_transpose_product(self, v, weighting):
        (P_logits,) = self._params
        H_trials = self._hypers["trials"]
        (v0,) = v
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = P_logits - row_max
        u = np.exp(-row_log1p + shifted)
        dominant_row = np.greater(np.exp(-row_log1p), 0.75)
        dominant = _m.dominant_entry(P_logits, row_max, dominant_row)
        r_rest = _m.row_sum_others(u*v0, dominant)
        r_dominant = _m.at_dominant(u, dominant)*_m.at_dominant(v0, dominant)
        r = r_dominant + r_rest
        factor_diag_at_max = -np.sqrt(H_trials)*np.exp(-0.5*row_log1p)*np.expm1(-row_log1p)
        t0 = np.sqrt(H_trials)
        t1 = (0.5)*row_log1p
        out0 = _m.set_at_dominant(t0*(-r + v0)*np.exp((0.5)*shifted - t1), factor_diag_at_max*_m.at_dominant(v0, dominant) - r_rest*t0*np.exp(-t1), dominant)
        return self._stack_factor(self._weigh((out0,), weighting, v))

    def _factor_column(self, rows, column):
        P_logits = self._params[0][rows]
        (row_max, row_log1p, row_a,) = (s[rows] for s in self._row_stats_cached())
        H_trials = self._hyper_rows("trials", rows)
        shifted = P_logits - row_max
        shifted_column = shifted[..., column, None]
        w = np.exp(-0.5*row_log1p + (0.5)*shifted)/np.sqrt(H_trials)
        w_column = w[..., column, None]
        diag = -np.sqrt(H_trials)*np.exp(-0.5*row_log1p + (0.5)*shifted_column)*np.expm1(-row_log1p + shifted_column)
        out0 = _m.set_at_column(-(H_trials*np.sqrt(H_trials))*w*w_column*np.exp(-0.5*row_log1p + (0.5)*shifted), column, diag, P_logits)
        return (out0,)

    def _sample_unweighted(self, rng, shape):
        (P_logits,) = self._params
        H_trials = self._hypers["trials"]
        sample = _d.multinomial(rng, shape, H_trials, P_logits)
        return sample

    def _fisher_pieces(self):
        (P_logits,) = self._params
        H_trials = self._hypers["trials"]
        (row_max, row_log1p, _,) = self._row_stats_cached()
        shifted = P_logits - row_max
        fisher_diag = H_trials*np.exp(-row_log1p + shifted)
        fisher_u = np.exp(-row_log1p + shifted)
        fisher_c = -H_trials
        dominant_row = np.greater(np.exp(-row_log1p), 0.75)
        dominant = _m.dominant_entry(P_logits, row_max, dominant_row)
        t0 = -row_log1p
        fisher_diag_at_max = -H_trials*np.exp(t0)*np.expm1(t0)
        fisher_kk = _m.set_at_dominant(fisher_c*(fisher_u*fisher_u) + fisher_diag, fisher_diag_at_max, dominant)
        return (fisher_diag, fisher_u, fisher_c, fisher_kk,)


class MultinomialLogitsLogTemperatureNegativeLogProbLoss(NumPyRowParametrizedLoss):
    """Counts over the last axis summing to `trials`; softmax(logits / exp(log_temperature)) per row.

    Per-row parameters logits, log_temperature of the multinomial family (MultinomialLogitsNegativeLogProbLoss); phi not affine (the Hessian has no factor):
        eta_k (logits) = logits*exp(-log_temperature)
    J = [diag(d eta_k / d z_k) | d eta_k / d r_j]:
        d eta_k / d logits_k = exp(-log_temperature)
        d eta_k / d log_temperature = -logits*exp(-log_temperature)
    Hess(eta_k), nonzero entries:
        d2 eta_k / d logits d log_temperature = -exp(-log_temperature)
        d2 eta_k / d log_temperature d log_temperature = logits*exp(-log_temperature)
    Fisher = GGN = J^T F J, factor J^T B (inner shape: the natural family's), all O(K) per row: the natural MultinomialLogitsNegativeLogProbLoss's products between J and J^T.
    """

    family = 'multinomial_logits_log_temperature'
    param_names = ('logits', 'log_temperature')
    param_domains = ((-math.inf, True, math.inf, True), (-math.inf, True, math.inf, True), )
    hyper_names = ('trials',)
    target_support = 'counts'
    natural_family = 'multinomial'
    natural_class = MultinomialLogitsNegativeLogProbLoss
    canonical = False
    curvature_labels = (('vector', 'vector'), ('vector', 0), (0, 0))
    eta_text = 'logits*exp(-log_temperature)'

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyRowParametrizedLoss.__init__

    def __init__(self, logits, log_temperature, targets=None, mask=None, weight=1.0, seed=None, trials=1):
        self._base_init((logits, log_temperature, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={"trials": trials})

    def _eta(self, params):
        (P_logits, P_log_temperature,) = params
        eta = P_logits*np.exp(-P_log_temperature)
        return eta

    def _jacobian(self):
        (P_logits, P_log_temperature,) = self._elementwise_params()
        t0 = np.exp(-P_log_temperature)
        d_vector = t0
        d_row0 = -P_logits*t0
        return (d_vector, d_row0,)

    def _curvature(self):
        (P_logits, P_log_temperature,) = self._elementwise_params()
        t0 = np.exp(-P_log_temperature)
        d2_vector_row0 = -t0
        d2_row0_row0 = P_logits*t0
        return (None, d2_vector_row0, d2_row0_row0, )
