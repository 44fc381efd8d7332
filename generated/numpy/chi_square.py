# generated from codegen/families/chi_square.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""ChiSquareNegativeLogProbLoss: the chi_square family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class ChiSquareNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Positive targets, chi-square with k = 2 (eta + 1) degrees of freedom; SciPy's chi2(k).

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = (half_dof_minus_one + 1)*log(2) + loggamma(half_dof_minus_one + 1)
    T(y) = log(y)
    log h(y) = -y/2
    F = Hessian = GGN = grad^2 A:
        F[0,0] = polygamma(1, half_dof_minus_one + 1)
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(polygamma(1, half_dof_minus_one + 1))
    """

    family = 'chi_square'
    structure = 'scalar'
    param_names = ('half_dof_minus_one',)
    param_domains = ((-1.0, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'positive'
    target_bound = None
    _factor_columns = ((0,),)

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, half_dof_minus_one, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((half_dof_minus_one, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_half_dof_minus_one,) = self._params
        D_half_dof_minus_one = P_half_dof_minus_one + 1
        t0 = D_half_dof_minus_one
        nll = -np.log(t0) + np.log(y) + _m.bd0(t0, (0.5)*y) + _m.log_factorial_saddle(t0)
        return nll

    def _grad(self, y, weighting):
        (P_half_dof_minus_one,) = self._params
        D_half_dof_minus_one = P_half_dof_minus_one + 1
        grad0 = -np.log(y) + _m.digamma(D_half_dof_minus_one) + 0.6931471805599453
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_half_dof_minus_one,) = self._params
        D_half_dof_minus_one = P_half_dof_minus_one + 1
        mean0 = _m.digamma(D_half_dof_minus_one) + 0.6931471805599453
        return (mean0,)

    def _compute_fisher(self):
        (P_half_dof_minus_one,) = self._params
        D_half_dof_minus_one = P_half_dof_minus_one + 1
        fisher_0_0 = _m.trigamma(D_half_dof_minus_one)
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_half_dof_minus_one,) = params
        D_half_dof_minus_one = P_half_dof_minus_one + 1
        factor_0_0 = np.sqrt(_m.trigamma(D_half_dof_minus_one))
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
        (P_half_dof_minus_one,) = self._params
        sample = _d.gamma(rng, shape, P_half_dof_minus_one + 1, 2)
        return sample
