# generated from codegen/families/inverse_gamma.py by codegen/backends/cuda/templates/cupy/family.py.jinja, do not edit; run `natloss build`.
"""InverseGammaNegativeLogProbLoss: the inverse_gamma family, CuPy backend (the kernels of generated/cuda/inverse_gamma.cu)."""
import math  # noqa: F401 - the domains below use math.inf

from natloss.runtime import cupy_base as _cb
from natloss.runtime.cupy_base import CuPyNaturalParamsLoss


class InverseGammaNegativeLogProbLoss(CuPyNaturalParamsLoss):
    """Positive targets, Inverse gamma(shape alpha, scale beta); SciPy's invgamma(alpha, scale=beta).

    Structure: dense; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = -(-neg_shape_minus_one - 1)*log(-neg_scale) + loggamma(-neg_shape_minus_one - 1)
    T(y) = log(y), 1/y
    log h(y) = 0
    F = Hessian = GGN = grad^2 A:
        F[0,0] = polygamma(1, -neg_shape_minus_one - 1)
        F[0,1] = 1/neg_scale
        F[1,1] = -(neg_shape_minus_one + 1)/neg_scale**2
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(polygamma(1, -neg_shape_minus_one - 1))
        B[1,0] = 1/(neg_scale*sqrt(polygamma(1, -neg_shape_minus_one - 1)))
        B[1,1] = -sqrt(xtrigamma_m1(-neg_shape_minus_one - 1))/(neg_scale*sqrt(polygamma(1, -neg_shape_minus_one - 1)))

    CuPy backend: CuPy arrays in and out; the ops launch the CUDA kernels of the
    generated .cu file (compiled with NVRTC on first use); sampling uses
    cupy.random.Generator (seed: an int or a cupy.random.Generator).
    """

    family = 'inverse_gamma'
    structure = 'dense'
    param_names = ('neg_shape_minus_one', 'neg_scale')
    param_domains = ((-math.inf, True, -1.0, True), (-math.inf, True, 0.0, True), )
    hyper_specs = ()
    target_support = 'positive'
    target_bound = None
    _factor_columns = ((0, 1), (None, 2))
    _cuda_file = 'inverse_gamma.cu'
    _cuda_package = __package__.rpartition(".")[0] + ".cuda"
    _kernel_prefix = 'inverse_gamma'
    _kernel_names = ('inverse_gamma_nll_reduce_f32', 'inverse_gamma_nll_f32', 'inverse_gamma_grad_f32', 'inverse_gamma_mean_f32', 'inverse_gamma_fisher_f32', 'inverse_gamma_factor_f32', 'inverse_gamma_fisher_product_f32', 'inverse_gamma_factor_product_f32', 'inverse_gamma_factor_transpose_product_f32', 'inverse_gamma_nll_reduce_f64', 'inverse_gamma_nll_f64', 'inverse_gamma_grad_f64', 'inverse_gamma_mean_f64', 'inverse_gamma_fisher_f64', 'inverse_gamma_factor_f64', 'inverse_gamma_fisher_product_f64', 'inverse_gamma_factor_product_f64', 'inverse_gamma_factor_transpose_product_f64')

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = CuPyNaturalParamsLoss.__init__

    def __init__(self, neg_shape_minus_one, neg_scale, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((neg_shape_minus_one, neg_scale, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): kernel launches.

    def _nll_per_case(self, y):
        p = self._cparams
        nll = self._empty()
        self._launch("nll", (
            self._count(),
            p[0],
            p[1],
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
            p[1],
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
        grad1 = self._empty()
        self._launch("grad", (
            self._count(),
            p[0],
            p[1],
            self._c(y),
            mask,
            self._real(scale),
            grad0,
            grad1,
        ))
        return self._after_kernel((grad0, grad1, ), weighting)

    def _mean_unweighted(self):
        p = self._cparams
        mean0 = self._empty()
        mean1 = self._empty()
        self._launch("mean", (
            self._count(),
            p[0],
            p[1],
            mean0,
            mean1,
        ))
        return (mean0, mean1, )

    def _compute_fisher(self):
        p = self._cparams
        fisher_0_0 = self._empty()
        fisher_0_1 = self._empty()
        fisher_1_1 = self._empty()
        self._launch("fisher", (
            self._count(),
            p[0],
            p[1],
            fisher_0_0,
            fisher_0_1,
            fisher_1_1,
        ))
        return (fisher_0_0, fisher_0_1, fisher_1_1, )

    def _compute_factor(self, where):
        p = self._cparams
        factor_0_0 = self._empty()
        factor_1_0 = self._empty()
        factor_1_1 = self._empty()
        self._launch("factor", (
            self._count(),
            p[0],
            p[1],
            factor_0_0,
            factor_1_0,
            factor_1_1,
        ))
        return self._entries_at(where, (factor_0_0, factor_1_0, factor_1_1, ))

    def _fisher_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        fisher = self._fisher_entries()
        out0 = self._empty()
        out1 = self._empty()
        self._launch("fisher_product", (
            self._count(),
            fisher[0],
            fisher[1],
            fisher[2],
            self._c(v[0]),
            self._c(v[1]),
            mask,
            self._real(scale),
            out0,
            out1,
        ))
        return self._after_kernel((out0, out1, ), weighting)

    def _factor_product(self, u, weighting):
        scale, mask = self._kernel_weighting(weighting)
        factor = self._factor_entries()
        out0 = self._empty()
        out1 = self._empty()
        self._launch("factor_product", (
            self._count(),
            factor[0],
            factor[1],
            factor[2],
            self._c(u),
            mask,
            self._real(scale),
            out0,
            out1,
        ))
        return self._after_kernel((out0, out1, ), weighting)

    def _factor_transpose_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        factor = self._factor_entries()
        out = self._empty(self.fisher_factor_inner_shape)
        self._launch("factor_transpose_product", (
            self._count(),
            factor[0],
            factor[1],
            factor[2],
            self._c(v[0]),
            self._c(v[1]),
            mask,
            self._real(scale),
            out,
        ))
        return self._after_kernel(out, weighting)

    def _sample_unweighted(self, rng, shape):
        (P_neg_shape_minus_one, P_neg_scale,) = self._params
        sample = (1/(_cb.draw_gamma(rng, shape, -P_neg_shape_minus_one - 1, -1/P_neg_scale)))
        return sample
