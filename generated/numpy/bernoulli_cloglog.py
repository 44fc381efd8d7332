# generated from codegen/parametrizations/bernoulli.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""BernoulliCLogLogNegativeLogProbLoss: the bernoulli_cloglog family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyParametrizedLoss


class BernoulliCLogLogNegativeLogProbLoss(NumPyParametrizedLoss):
    """Binary targets, P(y = 1) = 1 - exp(-exp(score)): the complementary log-log link.

    Structure: scalar; the factor B is proved (J^T B with the natural B (symbolic: B B^T - F cancels); |B B^T - F| < 1e-20 |F| at 4 random points, 30 digits).

    Parameters score of the bernoulli family (MultiBernoulliNegativeLogProbLoss); not canonical:
        logits = exp(score) + log1mexp(-exp(score))
    J = d eta / d theta:
        J[0,0] = exp(score) + inv_exprel(exp(score))
    F = GGN = J^T grad^2 A J:
        F[0,0] = times_square(1, (exp(score) + inv_exprel(exp(score)))*exp(-exp(score)/2 + log1mexp(-exp(score))/2))
    B = J^T B_natural (B B^T = F; inner shape of the natural family):
        B[0,0] = (exp(score) + inv_exprel(exp(score)))*exp(-exp(score)/2 + log1mexp(-exp(score))/2)
    Hessian = F + sum_i (grad A - T)_i Hess(eta_i) (depends on the target):
        H[0,0] = y*exp(score)*inv_exprel_slope(exp(score)) + (1 - y)*exp(score)
    """

    family = 'bernoulli_cloglog'
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
        t0 = np.exp(P_score)
        nll = -t0*(y - 1) - y*_m.log1mexp(-t0)
        return nll

    def _grad(self, y, weighting):
        (P_score,) = self._params
        t0 = np.exp(P_score)
        grad0_y_max = -_m.inv_exprel(t0)
        grad0_y_min = t0
        grad0 = grad0_y_max*y + grad0_y_min*(1 - y)
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_score,) = self._params
        mean0 = np.exp(_m.log1mexp(-np.exp(P_score)))
        return (mean0,)

    def _compute_fisher(self):
        (P_score,) = self._params
        t0 = np.exp(P_score)
        fisher_0_0 = _m.times_square(1, (t0 + _m.inv_exprel(t0))*np.exp(-0.5*t0 + (0.5)*_m.log1mexp(-t0)))
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_score,) = params
        t0 = np.exp(P_score)
        factor_0_0 = (t0 + _m.inv_exprel(t0))*np.exp(-0.5*t0 + (0.5)*_m.log1mexp(-t0))
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
        sample = _d.binomial(rng, shape, 1, np.exp(_m.log1mexp(-np.exp(P_score))))
        return sample

    def _compute_hessian(self, y):
        (P_score,) = self._params
        t0 = np.exp(P_score)
        hessian_0_0_y_max = t0*_m.inv_exprel_slope(t0)
        hessian_0_0_y_min = t0
        hessian_0_0 = hessian_0_0_y_max*y + hessian_0_0_y_min*(1 - y)
        return (hessian_0_0,)

    def _hessian_product(self, v, entries):
        (v0,) = v
        (hessian_0_0,) = entries
        out0 = hessian_0_0*v0
        return (out0,)
