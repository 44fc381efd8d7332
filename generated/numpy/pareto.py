# generated from codegen/families/pareto.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""ParetoNegativeLogProbLoss: the pareto family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class ParetoNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Targets y >= x_m, Pareto(alpha, x_m) with the minimum x_m known.

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = -(-neg_shape_minus_one - 1)*log(x_min) - log(-neg_shape_minus_one - 1)
    T(y) = log(y)
    log h(y) = 0
    F = Hessian = GGN = grad^2 A:
        F[0,0] = (neg_shape_minus_one + 1)**(-2)
    B (B B^T = F, lower triangular):
        B[0,0] = 1/Abs(neg_shape_minus_one + 1)
    """

    family = 'pareto'
    structure = 'scalar'
    param_names = ('neg_shape_minus_one',)
    param_domains = ((-math.inf, True, -1.0, True), )
    hyper_specs = (("x_min",) + (0.0, True, math.inf, True) + (False,), )
    target_support = 'interval'
    target_bound = None
    target_bounds = ('x_min', False, math.inf, True)
    _factor_columns = ((0,),)

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, neg_shape_minus_one, targets=None, mask=None, weight=1.0, seed=None, x_min=1.0):
        self._base_init((neg_shape_minus_one, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={"x_min": x_min})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_neg_shape_minus_one,) = self._params
        H_x_min = self._hypers["x_min"]
        D_neg_shape_minus_one = P_neg_shape_minus_one + 1
        t0 = D_neg_shape_minus_one
        nll = -P_neg_shape_minus_one*np.log(y) + t0*np.log(H_x_min) - np.log(-t0)
        return nll

    def _grad(self, y, weighting):
        (P_neg_shape_minus_one,) = self._params
        H_x_min = self._hypers["x_min"]
        D_neg_shape_minus_one = P_neg_shape_minus_one + 1
        grad0 = np.log(H_x_min) - np.log(y) - 1/D_neg_shape_minus_one
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_neg_shape_minus_one,) = self._params
        H_x_min = self._hypers["x_min"]
        D_neg_shape_minus_one = P_neg_shape_minus_one + 1
        mean0 = np.log(H_x_min) - 1/D_neg_shape_minus_one
        return (mean0,)

    def _compute_fisher(self):
        (P_neg_shape_minus_one,) = self._params
        D_neg_shape_minus_one = P_neg_shape_minus_one + 1
        fisher_0_0 = (1/(D_neg_shape_minus_one*D_neg_shape_minus_one))
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_neg_shape_minus_one,) = params
        D_neg_shape_minus_one = P_neg_shape_minus_one + 1
        factor_0_0 = (1/(abs(D_neg_shape_minus_one)))
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
        (P_neg_shape_minus_one,) = self._params
        H_x_min = self._hypers["x_min"]
        sample = H_x_min*np.exp(-np.log(1 - _d.uniform(rng, shape, 0, 1))/(-P_neg_shape_minus_one - 1))
        return sample
