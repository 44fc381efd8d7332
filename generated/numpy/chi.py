# generated from codegen/families/chi.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""ChiNegativeLogProbLoss: the chi family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class ChiNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Positive targets, chi with k = eta + 1 degrees of freedom; SciPy's chi(k).

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = (dof_minus_one/2 - 1/2)*log(2) + loggamma(dof_minus_one/2 + 1/2)
    T(y) = log(y)
    log h(y) = -y**2/2
    F = Hessian = GGN = grad^2 A:
        F[0,0] = polygamma(1, dof_minus_one/2 + 1/2)/4
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(polygamma(1, dof_minus_one/2 + 1/2))/2
    """

    family = 'chi'
    structure = 'scalar'
    param_names = ('dof_minus_one',)
    param_domains = ((-1.0, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'positive'
    target_bound = None
    _factor_columns = ((0,),)

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, dof_minus_one, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((dof_minus_one, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_dof_minus_one,) = self._params
        D_dof_minus_one = P_dof_minus_one + 1
        t0 = np.log(y)
        t1 = (0.5)*D_dof_minus_one
        nll = t0 - np.log(t1) + _m.bd0(t1, (0.5)*(y*y), 2*t0 - 0.6931471805599453) + _m.log_factorial_saddle(t1) - 0.6931471805599453
        return nll

    def _grad(self, y, weighting):
        (P_dof_minus_one,) = self._params
        D_dof_minus_one = P_dof_minus_one + 1
        grad0 = -np.log(y) + (0.5)*_m.digamma((0.5)*D_dof_minus_one) + 0.34657359027997264
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_dof_minus_one,) = self._params
        D_dof_minus_one = P_dof_minus_one + 1
        mean0 = (0.5)*_m.digamma((0.5)*D_dof_minus_one) + 0.34657359027997264
        return (mean0,)

    def _compute_fisher(self):
        (P_dof_minus_one,) = self._params
        fisher_0_0 = (0.25)*_m.trigamma((0.5)*P_dof_minus_one + 0.5)
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_dof_minus_one,) = params
        factor_0_0 = (0.5)*np.sqrt(_m.trigamma((0.5)*P_dof_minus_one + 0.5))
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
        (P_dof_minus_one,) = self._params
        sample = np.sqrt(_d.gamma(rng, shape, (0.5)*P_dof_minus_one + 0.5, 2))
        return sample
