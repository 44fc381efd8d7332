# generated from codegen/families/inverse_gaussian_known_shape.py by codegen/backends/cuda/templates/cupy/family.py.jinja, do not edit; run `natloss build`.
"""InverseGaussianKnownShapeNegativeLogProbLoss: the inverse_gaussian_known_shape family, CuPy backend (the kernels of generated/cuda/inverse_gaussian_known_shape.cu)."""
import math  # noqa: F401 - the domains below use math.inf

from natloss.runtime import cupy_base as _cb
from natloss.runtime.cupy_base import CuPyNaturalParamsLoss


class InverseGaussianKnownShapeNegativeLogProbLoss(CuPyNaturalParamsLoss):
    """Positive targets, Inverse Gaussian(mean mu = sqrt(lam / (-2 eta)), shape lam); SciPy's invgauss(mu / lam, scale=lam).

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = -sqrt(2)*sqrt(lam)*sqrt(-neg_half_shape_over_mean_sq)
    T(y) = y
    log h(y) = -lam/(2*y) - 3*log(y)/2 + log(lam/(2*pi))/2
    F = Hessian = GGN = grad^2 A:
        F[0,0] = sqrt(2)*sqrt(lam)/(4*(-neg_half_shape_over_mean_sq)**(3/2))
    B (B B^T = F, lower triangular):
        B[0,0] = 2**(1/4)*lam**(1/4)/(2*(-neg_half_shape_over_mean_sq)**(3/4))

    CuPy backend: CuPy arrays in and out; the ops launch the CUDA kernels of the
    generated .cu file (compiled with NVRTC on first use); sampling uses
    cupy.random.Generator (seed: an int or a cupy.random.Generator).
    """

    family = 'inverse_gaussian_known_shape'
    structure = 'scalar'
    param_names = ('neg_half_shape_over_mean_sq',)
    param_domains = ((-math.inf, True, 0.0, True), )
    hyper_specs = (("lam",) + (0.0, True, math.inf, True) + (False,), )
    target_support = 'positive'
    target_bound = None
    _factor_columns = ((0,),)
    _cuda_file = 'inverse_gaussian_known_shape.cu'
    _cuda_package = __package__.rpartition(".")[0] + ".cuda"
    _kernel_prefix = 'inverse_gaussian_known_shape'
    _kernel_names = ('inverse_gaussian_known_shape_nll_reduce_f32', 'inverse_gaussian_known_shape_nll_f32', 'inverse_gaussian_known_shape_grad_f32', 'inverse_gaussian_known_shape_mean_f32', 'inverse_gaussian_known_shape_fisher_f32', 'inverse_gaussian_known_shape_factor_f32', 'inverse_gaussian_known_shape_fisher_product_f32', 'inverse_gaussian_known_shape_factor_product_f32', 'inverse_gaussian_known_shape_factor_transpose_product_f32', 'inverse_gaussian_known_shape_nll_reduce_f64', 'inverse_gaussian_known_shape_nll_f64', 'inverse_gaussian_known_shape_grad_f64', 'inverse_gaussian_known_shape_mean_f64', 'inverse_gaussian_known_shape_fisher_f64', 'inverse_gaussian_known_shape_factor_f64', 'inverse_gaussian_known_shape_fisher_product_f64', 'inverse_gaussian_known_shape_factor_product_f64', 'inverse_gaussian_known_shape_factor_transpose_product_f64')

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = CuPyNaturalParamsLoss.__init__

    def __init__(self, neg_half_shape_over_mean_sq, targets=None, mask=None, weight=1.0, seed=None, lam=1.0):
        self._base_init((neg_half_shape_over_mean_sq, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={"lam": lam})

    # The private contract of runtime/base.py (the public API is the base's): kernel launches.

    def _nll_per_case(self, y):
        p = self._cparams
        nll = self._empty()
        self._launch("nll", (
            self._count(),
            p[0],
            *self._hyper_args("lam"),
            self._c(y),
            nll,
        ))
        return nll

    def _nll_sum(self, y, weight, mask):
        p = self._cparams
        partial = self._partials()
        self._launch("nll_reduce", (
            self._count(),
            p[0],
            *self._hyper_args("lam"),
            self._c(y),
            mask,
            self._double(weight),
            partial,
        ))
        return partial

    def _grad(self, y, weighting):
        scale, mask = self._kernel_weighting(weighting)
        p = self._cparams
        grad0 = self._empty()
        self._launch("grad", (
            self._count(),
            p[0],
            *self._hyper_args("lam"),
            self._c(y),
            mask,
            self._real(scale),
            grad0,
        ))
        return self._after_kernel((grad0, ), weighting)

    def _mean_unweighted(self):
        p = self._cparams
        mean0 = self._empty()
        self._launch("mean", (
            self._count(),
            p[0],
            *self._hyper_args("lam"),
            mean0,
        ))
        return (mean0, )

    def _compute_fisher(self):
        p = self._cparams
        fisher_0_0 = self._empty()
        self._launch("fisher", (
            self._count(),
            p[0],
            *self._hyper_args("lam"),
            fisher_0_0,
        ))
        return (fisher_0_0, )

    def _compute_factor(self, where):
        p = self._cparams
        factor_0_0 = self._empty()
        self._launch("factor", (
            self._count(),
            p[0],
            *self._hyper_args("lam"),
            factor_0_0,
        ))
        return self._entries_at(where, (factor_0_0, ))

    def _fisher_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        fisher = self._fisher_entries()
        out0 = self._empty()
        self._launch("fisher_product", (
            self._count(),
            fisher[0],
            self._c(v[0]),
            mask,
            self._real(scale),
            out0,
        ))
        return self._after_kernel((out0, ), weighting)

    def _factor_product(self, u, weighting):
        scale, mask = self._kernel_weighting(weighting)
        factor = self._factor_entries()
        out0 = self._empty()
        self._launch("factor_product", (
            self._count(),
            factor[0],
            self._c(u),
            mask,
            self._real(scale),
            out0,
        ))
        return self._after_kernel((out0, ), weighting)

    def _factor_transpose_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        factor = self._factor_entries()
        out = self._empty(self.fisher_factor_inner_shape)
        self._launch("factor_transpose_product", (
            self._count(),
            factor[0],
            self._c(v[0]),
            mask,
            self._real(scale),
            out,
        ))
        return self._after_kernel(out, weighting)

    def _sample_unweighted(self, rng, shape):
        (P_neg_half_shape_over_mean_sq,) = self._params
        H_lam = self._hypers["lam"]
        cp = self.xp
        sample = _cb.draw_wald(rng, shape, 0.7071067811865476*cp.sqrt(H_lam)*cp.sqrt(-1/P_neg_half_shape_over_mean_sq), H_lam)
        return sample
