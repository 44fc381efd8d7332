# generated from codegen/parametrizations/bernoulli.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""BernoulliProbitNegativeLogProbLoss: the bernoulli_probit family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyParametrizedLoss


class BernoulliProbitNegativeLogProbLoss(NumPyParametrizedLoss):
    """Binary targets, P(y = 1) = Phi(score): the probit link.

    Structure: scalar; the factor B is proved (J^T B with the natural B (symbolic: B B^T - F cancels); |B B^T - F| < 1e-20 |F| at 4 random points, 30 digits).

    Parameters score of the bernoulli family (MultiBernoulliNegativeLogProbLoss); not canonical:
        logits = -log_ndtr(-score) + log_ndtr(score)
    J = d eta / d theta:
        J[0,0] = ndtr_mills(-score) + ndtr_mills(score)
    F = GGN = J^T grad^2 A J:
        F[0,0] = times_square(1, (ndtr_mills(-score) + ndtr_mills(score))*exp(log_ndtr(-score)/2 + log_ndtr(score)/2))
    B = J^T B_natural (B B^T = F; inner shape of the natural family):
        B[0,0] = (ndtr_mills(-score) + ndtr_mills(score))*exp(log_ndtr(-score)/2 + log_ndtr(score)/2)
    Hessian = F + sum_i (grad A - T)_i Hess(eta_i) (depends on the target):
        H[0,0] = y*mills_shift(score)*ndtr_mills(score) + (1 - y)*mills_shift(-score)*ndtr_mills(-score)
    """

    family = 'bernoulli_probit'
    structure = 'scalar'
    param_names = ('score',)
    param_domains = ((-math.inf, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'binary'
    target_bound = None
    _factor_columns = ((0,),)
    factor_dim = 1
    canonical = False
    natural_family = 'bernoulli'

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyParametrizedLoss.__init__

    def __init__(self, score, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((score, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_score,) = self._params
        nll = -y*_m.log_ndtr(P_score) + (y - 1)*_m.log_ndtr(-P_score)
        return nll

    def _grad(self, y, weighting):
        (P_score,) = self._params
        grad0_y_max = -_m.ndtr_mills(P_score)
        grad0_y_min = _m.ndtr_mills(-P_score)
        grad0 = grad0_y_max*y + grad0_y_min*(1 - y)
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_score,) = self._params
        mean0 = np.exp(_m.log_ndtr(P_score))
        return (mean0,)

    def _compute_fisher(self):
        (P_score,) = self._params
        t0 = -P_score
        fisher_0_0 = _m.times_square(1, (_m.ndtr_mills(P_score) + _m.ndtr_mills(t0))*np.exp((0.5)*_m.log_ndtr(P_score) + (0.5)*_m.log_ndtr(t0)))
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_score,) = params
        t0 = -P_score
        factor_0_0 = (_m.ndtr_mills(P_score) + _m.ndtr_mills(t0))*np.exp((0.5)*_m.log_ndtr(P_score) + (0.5)*_m.log_ndtr(t0))
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
        (P_score,) = self._params
        sample = _d.binomial(rng, shape, 1, np.exp(_m.log_ndtr(P_score)))
        return sample

    def _compute_hessian(self, y):
        (P_score,) = self._params
        t0 = -P_score
        hessian_0_0_y_max = _m.mills_shift(P_score)*_m.ndtr_mills(P_score)
        hessian_0_0_y_min = _m.mills_shift(t0)*_m.ndtr_mills(t0)
        hessian_0_0 = hessian_0_0_y_max*y + hessian_0_0_y_min*(1 - y)
        return (hessian_0_0,)

    def _hessian_product(self, v, entries):
        (v0,) = v
        (hessian_0_0,) = entries
        out0 = hessian_0_0*v0
        return (out0,)
