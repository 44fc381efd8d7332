# generated from codegen/families/geometric.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""GeometricNegativeLogProbLoss: the geometric family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class GeometricNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Number of failures y >= 0 before the first success, failure probability exp(log_fail_prob).

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = -log1mexp(log_fail_prob)
    T(y) = y
    log h(y) = 0
    F = Hessian = GGN = grad^2 A:
        F[0,0] = exp(log_fail_prob)/expm1(log_fail_prob)**2
    B (B B^T = F, lower triangular):
        B[0,0] = exp(log_fail_prob/2)/Abs(expm1(log_fail_prob))
    """

    family = 'geometric'
    structure = 'scalar'
    param_names = ('log_fail_prob',)
    param_domains = ((-math.inf, True, 0.0, True), )
    hyper_specs = ()
    target_support = 'nonnegative_integer'
    target_bound = None
    _factor_columns = ((0,),)

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, log_fail_prob, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((log_fail_prob, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_log_fail_prob,) = self._params
        nll = -P_log_fail_prob*y - _m.log1mexp(P_log_fail_prob)
        return nll

    def _grad(self, y, weighting):
        (P_log_fail_prob,) = self._params
        grad0 = -y + (1/(np.expm1(-P_log_fail_prob)))
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_log_fail_prob,) = self._params
        mean0 = (1/(np.expm1(-P_log_fail_prob)))
        return (mean0,)

    def _compute_fisher(self):
        (P_log_fail_prob,) = self._params
        fisher_0_0 = np.exp(P_log_fail_prob)/(np.square(np.expm1(P_log_fail_prob)))
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_log_fail_prob,) = params
        factor_0_0 = np.exp((0.5)*P_log_fail_prob)/abs(np.expm1(P_log_fail_prob))
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
        (P_log_fail_prob,) = self._params
        sample = _d.geometric(rng, shape, -np.expm1(P_log_fail_prob)) - 1
        return sample
