# generated from codegen/families/inverse_gaussian_known_shape.py by codegen/backends/numpy/templates/family.py.jinja, do not edit; run `natloss build`.
"""InverseGaussianKnownShapeNegativeLogProbLoss: the inverse_gaussian_known_shape family, NumPy backend."""
import math

import numpy as np

from natloss.runtime import numpy_draws as _d
from natloss.runtime import numpy_math as _m
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss


class InverseGaussianKnownShapeNegativeLogProbLoss(NumPyNaturalParamsLoss):
    """Positive targets, Inverse Gaussian(mean mu = sqrt(lam / (-2 eta)), shape lam); SciPy's invgauss(mu / lam, scale=lam).

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = -sqrt(2)*sqrt(lam)*sqrt(-neg_half_shape_over_mean_sq)
    T(y) = y
    log h(y) = -lam/(2*y) - 3*log(y)/2 + log(lam/(2*pi))/2
    F = Hessian = GGN = grad^2 A:
        F[0,0] = sqrt(2)*sqrt(lam)/(4*(-neg_half_shape_over_mean_sq)**(3/2))
    B (B B^T = F, lower triangular):
        B[0,0] = 2**(1/4)*lam**(1/4)/(2*(-neg_half_shape_over_mean_sq)**(3/4))
    """

    family = 'inverse_gaussian_known_shape'
    structure = 'scalar'
    param_names = ('neg_half_shape_over_mean_sq',)
    param_domains = ((-math.inf, True, 0.0, True), )
    hyper_specs = (("lam",) + (0.0, True, math.inf, True) + (False,), )
    target_support = 'positive'
    target_bound = None
    _factor_columns = ((0,),)

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = NumPyNaturalParamsLoss.__init__

    def __init__(self, neg_half_shape_over_mean_sq, targets=None, mask=None, weight=1.0, seed=None, lam=1.0):
        self._base_init((neg_half_shape_over_mean_sq, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={"lam": lam})

    # The private contract of runtime/base.py (the public API is the base's): per-case formulas,
    # the Weighting applied after them.

    def _nll_per_case(self, y):
        (P_neg_half_shape_over_mean_sq,) = self._params
        H_lam = self._hypers["lam"]
        t0 = np.sqrt(y)
        nll = (np.square(0.7071067811865476*np.sqrt(H_lam)/t0 - t0*np.sqrt(-P_neg_half_shape_over_mean_sq))) - 0.5*np.log(H_lam) + (1.5)*np.log(y) + 0.9189385332046728
        return nll

    def _grad(self, y, weighting):
        (P_neg_half_shape_over_mean_sq,) = self._params
        H_lam = self._hypers["lam"]
        grad0 = 0.7071067811865476*np.sqrt(H_lam)/np.sqrt(-P_neg_half_shape_over_mean_sq) - y
        return self._weigh((grad0,), weighting, (y,))

    def _mean_unweighted(self):
        (P_neg_half_shape_over_mean_sq,) = self._params
        H_lam = self._hypers["lam"]
        mean0 = 0.7071067811865476*np.sqrt(H_lam)/np.sqrt(-P_neg_half_shape_over_mean_sq)
        return (mean0,)

    def _compute_fisher(self):
        (P_neg_half_shape_over_mean_sq,) = self._params
        H_lam = self._hypers["lam"]
        fisher_0_0 = 0.3535533905932738*np.sqrt(H_lam)/(-P_neg_half_shape_over_mean_sq)**(1.5)
        return (fisher_0_0,)

    def _compute_factor(self, where):
        params, hypers = self._inputs_at(where)
        (P_neg_half_shape_over_mean_sq,) = params
        H_lam = hypers["lam"]
        factor_0_0 = 0.5946035575013605*np.sqrt(np.sqrt(H_lam))/(-P_neg_half_shape_over_mean_sq)**(0.75)
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
        (P_neg_half_shape_over_mean_sq,) = self._params
        H_lam = self._hypers["lam"]
        sample = _d.wald(rng, shape, 0.7071067811865476*np.sqrt(H_lam)*np.sqrt(-1/P_neg_half_shape_over_mean_sq), H_lam)
        return sample
