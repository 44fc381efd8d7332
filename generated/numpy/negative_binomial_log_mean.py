# generated from codegen/parametrizations/negative_binomial.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""NegativeBinomialLogMeanNegativeLogProbLoss: the negative_binomial_log_mean family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyParametrizedLoss


class NegativeBinomialLogMeanNegativeLogProbLoss(NumPyParametrizedLoss):
    """Counts, negative binomial with mean exp(log_mean) and the family's `failures` r (variance mean + mean^2 / r): the log link.

    Structure: scalar; the factor B is proved (J^T B with the natural B (symbolic: B B^T - F cancels); |B B^T - F| < 1e-20 |F| at 4 random points, 30 digits).

    Parameters log_mean of the negative_binomial family (NegativeBinomialNegativeLogProbLoss); not canonical:
        log_success_prob = -softplus(-log_mean + log(failures))
    J = d eta / d theta:
        J[0,0] = sigmoid(-log_mean + log(failures))
    F = GGN = J^T grad^2 A J:
        F[0,0] = times_square(failures, exp(-softplus(-log_mean + log(failures))/2)*sigmoid(-log_mean + log(failures))/expm1(-softplus(-log_mean + log(failures))))
    B = J^T B_natural (B B^T = F; inner shape of the natural family):
        B[0,0] = sqrt(failures)*exp(-softplus(-log_mean + log(failures))/2)*sigmoid(-log_mean + log(failures))/Abs(expm1(-softplus(-log_mean + log(failures))))
    Hessian = F + sum_i (grad A - T)_i Hess(eta_i) (depends on the target):
        H[0,0] = times_square(failures*exp_neg_abs(log_mean - log(failures)), 1/(exp_neg_abs(log_mean - log(failures)) + 1)) + times_square(y*exp_neg_abs(log_mean - log(failures)), 1/(exp_neg_abs(log_mean - log(failures)) + 1))
    """

    family = 'negative_binomial_log_mean'
    structure = 'scalar'
    param_names = ('log_mean',)
    param_domains = ((-math.inf, True, math.inf, True), )
    hyper_specs = (("failures",) + (0.0, True, math.inf, True) + (False,), )
    target_support = 'nonnegative_integer'
    target_bound = None
    _factor_columns = ((0,),)
    factor_dim = 1
    canonical = False
    natural_family = 'negative_binomial'

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyParametrizedLoss.__init__

    def __init__(self, log_mean, targets=None, mask=None, weight=1.0, seed=None, failures=1.0):
        self._base_init((log_mean, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={"failures": failures})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_log_mean,) = self._params
        H_failures = self._hypers["failures"]
        log_base = -_m.gammaln(y + 1) - _m.gammaln(H_failures) + _m.gammaln(H_failures + y)
        t0 = P_log_mean - np.log(H_failures)
        t1 = np.log1p(_m.exp_neg_abs(t0))
        nll = H_failures*(t1 + np.maximum(0, t0)) - log_base + y*(t1 + np.maximum(0, -t0))
        return nll

    def _grad(self, y, weighting):
        (P_log_mean,) = self._params
        H_failures = self._hypers["failures"]
        t0 = P_log_mean - np.log(H_failures)
        t1 = _m.exp_neg_abs(t0)
        grad0 = _m.sigmoid_lincomb(t0, t1/(t1 + 1), H_failures, -y)
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_log_mean,) = self._params
        H_failures = self._hypers["failures"]
        mean0 = H_failures/np.expm1(_m.softplus(-P_log_mean + np.log(H_failures)))
        return (mean0,)

    def _compute_fisher(self):
        (P_log_mean,) = self._params
        H_failures = self._hypers["failures"]
        t0 = -P_log_mean + np.log(H_failures)
        t1 = _m.softplus(t0)
        fisher_0_0 = _m.times_square(H_failures, np.exp(-0.5*t1)*_m.sigmoid(t0)/np.expm1(-t1))
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_log_mean,) = params
        H_failures = hypers["failures"]
        t0 = -P_log_mean + np.log(H_failures)
        t1 = _m.softplus(t0)
        factor_0_0 = np.sqrt(H_failures)*np.exp(-0.5*t1)*_m.sigmoid(t0)/abs(np.expm1(-t1))
        return (factor_0_0,)

    def _fisher_product(self, v, weighting):
        (v0,) = v
        (fisher_0_0,) = self._fisher_entries()
        out0 = fisher_0_0*v0
        return self._weigh((out0,), weighting, v)

    def _factor_product(self, u, weighting):
        (u0,) = self._factor_components(u)
        (factor_0_0,) = self._factor_entries()
        out0 = factor_0_0*u0
        return self._weigh((out0,), weighting, (u,))

    def _factor_transpose_product(self, v, weighting):
        (v0,) = v
        (factor_0_0,) = self._factor_entries()
        out0 = factor_0_0*v0
        return self._stack_factor(self._weigh((out0,), weighting, v))

    def _sample_unweighted(self, rng, shape):
        (P_log_mean,) = self._params
        H_failures = self._hypers["failures"]
        sample = _d.poisson(rng, shape, _d.gamma(rng, shape, H_failures, -np.exp(-_m.softplus(-P_log_mean + np.log(H_failures)))/np.expm1(-_m.softplus(-P_log_mean + np.log(H_failures)))))
        return sample

    def _compute_hessian(self, y):
        (P_log_mean,) = self._params
        H_failures = self._hypers["failures"]
        t0 = _m.exp_neg_abs(P_log_mean - np.log(H_failures))
        t1 = (1/(t0 + 1))
        hessian_0_0 = _m.times_square(H_failures*t0, t1) + _m.times_square(t0*y, t1)
        return (hessian_0_0,)

    def _hessian_product(self, v, entries):
        (v0,) = v
        (hessian_0_0,) = entries
        out0 = hessian_0_0*v0
        return (out0,)
