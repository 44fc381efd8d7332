# generated from codegen/families/bernoulli.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""MultiBernoulliNegativeLogProbLoss: the bernoulli family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class MultiBernoulliNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Independent Bernoulli targets in {0, 1} with logits as natural parameters.

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = softplus(logits)
    T(y) = y
    log h(y) = 0
    F = Hessian = GGN = grad^2 A:
        F[0,0] = exp_neg_abs(logits)/(exp_neg_abs(logits) + 1)**2
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(exp_neg_abs(logits))/(exp_neg_abs(logits) + 1)
    """

    family = 'bernoulli'
    structure = 'scalar'
    param_names = ('logits',)
    param_domains = ((-math.inf, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'binary'
    target_bound = None
    _factor_columns = ((0,),)

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, logits, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((logits, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_logits,) = self._params
        t0 = np.log1p(_m.exp_neg_abs(P_logits))
        nll = y*(t0 + np.maximum(0, -P_logits)) - (t0 + np.maximum(0, P_logits))*(y - 1)
        return nll

    def _grad(self, y, weighting):
        (P_logits,) = self._params
        t0 = _m.exp_neg_abs(P_logits)
        grad0 = _m.sigmoid_lincomb(P_logits, t0/(t0 + 1), 1 - y, -y)
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_logits,) = self._params
        mean0 = _m.sigmoid(P_logits)
        return (mean0,)

    def _compute_fisher(self):
        (P_logits,) = self._params
        t0 = _m.exp_neg_abs(P_logits)
        fisher_0_0 = t0/(np.square(t0 + 1))
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_logits,) = params
        t0 = _m.exp_neg_abs(P_logits)
        factor_0_0 = np.sqrt(t0)/(t0 + 1)
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
        (P_logits,) = self._params
        sample = _d.binomial(rng, shape, 1, _m.sigmoid(P_logits))
        return sample
