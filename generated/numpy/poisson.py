# generated from codegen/families/poisson.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""PoissonNegativeLogProbLoss: the poisson family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class PoissonNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Poisson counts, rate exp(log_rate).

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = exp(log_rate)
    T(y) = y
    log h(y) = -log(gamma(y + 1))
    F = Hessian = GGN = grad^2 A:
        F[0,0] = exp(log_rate)
    B (B B^T = F, lower triangular):
        B[0,0] = exp(log_rate/2)
    """

    family = 'poisson'
    structure = 'scalar'
    param_names = ('log_rate',)
    param_domains = ((-math.inf, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'nonnegative_integer'
    target_bound = None
    _factor_columns = ((0,),)

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, log_rate, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((log_rate, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_log_rate,) = self._params
        nll = _m.bd0(y, np.exp(P_log_rate)) + _m.log_factorial_saddle(y)
        return nll

    def _grad(self, y, weighting):
        (P_log_rate,) = self._params
        grad0 = np.where(np.less(abs(P_log_rate), 1), np.expm1(P_log_rate) - (y - 1), -y + np.exp(P_log_rate))
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_log_rate,) = self._params
        mean0 = np.exp(P_log_rate)
        return (mean0,)

    def _compute_fisher(self):
        (P_log_rate,) = self._params
        fisher_0_0 = np.exp(P_log_rate)
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_log_rate,) = params
        factor_0_0 = np.exp((0.5)*P_log_rate)
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
        (P_log_rate,) = self._params
        sample = _d.poisson(rng, shape, np.exp(P_log_rate))
        return sample
