# generated from codegen/families/weibull.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""WeibullNegativeLogProbLoss: the weibull family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class WeibullNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Positive targets, Weibull(k, lambda) with the shape k known.

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = -log(-neg_scale_pow)
    T(y) = y**shape_k
    log h(y) = (shape_k - 1)*log(y) + log(shape_k)
    F = Hessian = GGN = grad^2 A:
        F[0,0] = neg_scale_pow**(-2)
    B (B B^T = F, lower triangular):
        B[0,0] = -1/neg_scale_pow
    """

    family = 'weibull'
    structure = 'scalar'
    param_names = ('neg_scale_pow',)
    param_domains = ((-math.inf, True, 0.0, True), )
    hyper_specs = (("shape_k",) + (0.0, True, math.inf, True) + (False,), )
    target_support = 'positive'
    target_bound = None
    _factor_columns = ((0,),)

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, neg_scale_pow, targets=None, mask=None, weight=1.0, seed=None, shape_k=1.5):
        self._base_init((neg_scale_pow, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={"shape_k": shape_k})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_neg_scale_pow,) = self._params
        H_shape_k = self._hypers["shape_k"]
        log_base = (H_shape_k - 1)*np.log(y) + np.log(H_shape_k)
        nll = -P_neg_scale_pow*y**H_shape_k - log_base - np.log(-P_neg_scale_pow)
        return nll

    def _grad(self, y, weighting):
        (P_neg_scale_pow,) = self._params
        H_shape_k = self._hypers["shape_k"]
        grad0 = -y**H_shape_k - 1/P_neg_scale_pow
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_neg_scale_pow,) = self._params
        mean0 = -1/P_neg_scale_pow
        return (mean0,)

    def _compute_fisher(self):
        (P_neg_scale_pow,) = self._params
        fisher_0_0 = (1/(P_neg_scale_pow*P_neg_scale_pow))
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_neg_scale_pow,) = params
        factor_0_0 = -1/P_neg_scale_pow
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
        (P_neg_scale_pow,) = self._params
        H_shape_k = self._hypers["shape_k"]
        sample = _d.gamma(rng, shape, 1, -1/P_neg_scale_pow)**((1/(H_shape_k)))
        return sample
