# generated from codegen/families/normal.py by codegen/backends/cuda/templates/cupy/family.py.jinja, do not edit; run `natloss build`.
"""NormalNegativeLogProbLoss: the normal family, CuPy backend (the kernels of generated/cuda/normal.cu)."""
import math  # noqa: F401 - the domains below use math.inf

from natloss.runtime import cupy_base as _cb
from natloss.runtime.cupy_base import CuPyNaturalParamsLoss


class NormalNegativeLogProbLoss(CuPyNaturalParamsLoss):
    """Real targets, Normal(mu, sigma^2) in natural parameters.

    Structure: dense; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = -log(-2*neg_half_precision)/2 - precision_mean**2/(4*neg_half_precision)
    T(y) = y, y**2
    log h(y) = -log(2*pi)/2
    F = Hessian = GGN = grad^2 A:
        F[0,0] = -1/(2*neg_half_precision)
        F[0,1] = precision_mean/(2*neg_half_precision**2)
        F[1,1] = (neg_half_precision - precision_mean**2)/(2*neg_half_precision**3)
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(2)*sqrt(-1/neg_half_precision)/2
        B[1,0] = sqrt(2)*precision_mean/(2*neg_half_precision**2*sqrt(-1/neg_half_precision))
        B[1,1] = -sqrt(2)/(2*neg_half_precision)

    CuPy backend: CuPy arrays in and out; the ops launch the CUDA kernels of the
    generated .cu file (compiled with NVRTC on first use); sampling uses
    cupy.random.Generator (seed: an int or a cupy.random.Generator).
    """

    family = 'normal'
    structure = 'dense'
    param_names = ('precision_mean', 'neg_half_precision')
    param_domains = ((-math.inf, True, math.inf, True), (-math.inf, True, 0.0, True), )
    hyper_specs = ()
    target_support = 'real'
    target_bound = None
    _factor_columns = ((0, 1), (None, 2))
    _cuda_file = 'normal.cu'
    _cuda_package = __package__.rpartition(".")[0] + ".cuda"
    _kernel_prefix = 'normal'
    _kernel_names = ('normal_nll_reduce_f32', 'normal_nll_f32', 'normal_grad_f32', 'normal_mean_f32', 'normal_fisher_f32', 'normal_factor_f32', 'normal_fisher_product_f32', 'normal_factor_product_f32', 'normal_factor_transpose_product_f32', 'normal_nll_reduce_f64', 'normal_nll_f64', 'normal_grad_f64', 'normal_mean_f64', 'normal_fisher_f64', 'normal_factor_f64', 'normal_fisher_product_f64', 'normal_factor_product_f64', 'normal_factor_transpose_product_f64')

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = CuPyNaturalParamsLoss.__init__

    def __init__(self, precision_mean, neg_half_precision, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((precision_mean, neg_half_precision, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

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
        (P_precision_mean, P_neg_half_precision,) = self._params
        cp = self.xp
        sample = _cb.draw_normal(rng, shape, -0.5*P_precision_mean/P_neg_half_precision, 0.7071067811865476*cp.sqrt(-1/P_neg_half_precision))
        return sample
