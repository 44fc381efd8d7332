# generated from codegen/families/negative_binomial.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""NegativeBinomialNegativeLogProbLoss: the negative_binomial family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class NegativeBinomialNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Counts y >= 0 of successes (probability exp(log_success_prob)) before `failures` failures.

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = -failures*log1mexp(log_success_prob)
    T(y) = y
    log h(y) = -log(gamma(y + 1)) - loggamma(failures) + loggamma(failures + y)
    F = Hessian = GGN = grad^2 A:
        F[0,0] = failures*exp(log_success_prob)/expm1(log_success_prob)**2
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(failures)*exp(log_success_prob/2)/Abs(expm1(log_success_prob))
    """

    family = 'negative_binomial'
    structure = 'scalar'
    param_names = ('log_success_prob',)
    param_domains = ((-math.inf, True, 0.0, True), )
    hyper_specs = (("failures",) + (0.0, True, math.inf, True) + (False,), )
    target_support = 'nonnegative_integer'
    target_bound = None
    _factor_columns = ((0,),)

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, log_success_prob, targets=None, mask=None, weight=1.0, seed=None, failures=1.0):
        self._base_init((log_success_prob, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={"failures": failures})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_log_success_prob,) = self._params
        H_failures = self._hypers["failures"]
        log_base = _m.lgamma_diff(y + 1, H_failures - 1) - _m.gammaln(H_failures)
        nll = -H_failures*_m.log1mexp(P_log_success_prob) - P_log_success_prob*y - log_base
        return nll

    def _grad(self, y, weighting):
        (P_log_success_prob,) = self._params
        H_failures = self._hypers["failures"]
        grad0 = H_failures/np.expm1(-P_log_success_prob) - y
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_log_success_prob,) = self._params
        H_failures = self._hypers["failures"]
        mean0 = H_failures/np.expm1(-P_log_success_prob)
        return (mean0,)

    def _compute_fisher(self):
        (P_log_success_prob,) = self._params
        H_failures = self._hypers["failures"]
        fisher_0_0 = H_failures*np.exp(P_log_success_prob)/(np.square(np.expm1(P_log_success_prob)))
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_log_success_prob,) = params
        H_failures = hypers["failures"]
        factor_0_0 = np.sqrt(H_failures)*np.exp((0.5)*P_log_success_prob)/abs(np.expm1(P_log_success_prob))
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
        (P_log_success_prob,) = self._params
        H_failures = self._hypers["failures"]
        sample = _d.poisson(rng, shape, _d.gamma(rng, shape, H_failures, -np.exp(P_log_success_prob)/np.expm1(P_log_success_prob)))
        return sample
