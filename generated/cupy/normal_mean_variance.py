# generated from codegen/parametrizations/normal.py by codegen/backends/cuda/templates/cupy/family.py.jinja, do not edit; run `natloss build`.
"""NormalMeanVarianceNegativeLogProbLoss: the normal_mean_variance family, CuPy backend (the kernels of generated/cuda/normal_mean_variance.cu)."""
import math  # noqa: F401 - the domains below use math.inf

from natloss.runtime import cupy_base as _cb
from natloss.runtime.cupy_base import CuPyParametrizedLoss


class NormalMeanVarianceNegativeLogProbLoss(CuPyParametrizedLoss):
    """Real targets, Normal(mean, var), as TF K-FAC's NormalMeanVarianceNegativeLogProbLoss (here with multiply_hessian).

    Structure: dense; the factor B is proved (J^T B with the natural B (symbolic: B B^T - F cancels); |B B^T - F| < 1e-20 |F| at 4 random points, 30 digits).

    Parameters mean, var of the normal family (NormalNegativeLogProbLoss); not canonical:
        precision_mean = mean/var
        neg_half_precision = -1/(2*var)
    J = d eta / d theta:
        J[0,0] = 1/var
        J[0,1] = -mean/var**2
        J[1,0] = 0
        J[1,1] = 1/(2*var**2)
    F = GGN = J^T grad^2 A J:
        F[0,0] = 1/var
        F[0,1] = 0
        F[1,1] = 1/(2*var**2)
    B = J^T B_natural (B B^T = F; inner shape of the natural family):
        B[0,0] = 1/sqrt(var)
        B[1,1] = sqrt(2)/(2*var)
    Hessian = F + sum_i (grad A - T)_i Hess(eta_i) (depends on the target):
        H[0,0] = 1/var
        H[0,1] = -times_square(2*mean - 2*y, 1/var)/2
        H[1,1] = times_square(1/var, (mean - y)/var) - 1/(2*var**2)

    CuPy backend: CuPy arrays in and out; the ops launch the CUDA kernels of the
    generated .cu file (compiled with NVRTC on first use); sampling uses
    cupy.random.Generator (seed: an int or a cupy.random.Generator).
    """

    family = 'normal_mean_variance'
    structure = 'dense'
    param_names = ('mean', 'var')
    param_domains = ((-math.inf, True, math.inf, True), (0.0, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'real'
    target_bound = None
    _factor_columns = ((0, None), (None, 1))
    factor_dim = 2
    canonical = False
    natural_family = 'normal'
    _cuda_file = 'normal_mean_variance.cu'
    _cuda_package = __package__.rpartition(".")[0] + ".cuda"
    _kernel_prefix = 'normal_mean_variance'
    _kernel_names = ('normal_mean_variance_nll_reduce_f32', 'normal_mean_variance_nll_f32', 'normal_mean_variance_grad_f32', 'normal_mean_variance_mean_f32', 'normal_mean_variance_fisher_f32', 'normal_mean_variance_factor_f32', 'normal_mean_variance_fisher_product_f32', 'normal_mean_variance_factor_product_f32', 'normal_mean_variance_factor_transpose_product_f32', 'normal_mean_variance_hessian_f32', 'normal_mean_variance_hessian_product_f32', 'normal_mean_variance_nll_reduce_f64', 'normal_mean_variance_nll_f64', 'normal_mean_variance_grad_f64', 'normal_mean_variance_mean_f64', 'normal_mean_variance_fisher_f64', 'normal_mean_variance_factor_f64', 'normal_mean_variance_fisher_product_f64', 'normal_mean_variance_factor_product_f64', 'normal_mean_variance_factor_transpose_product_f64', 'normal_mean_variance_hessian_f64', 'normal_mean_variance_hessian_product_f64')

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = CuPyParametrizedLoss.__init__

    def __init__(self, mean, var, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((mean, var, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

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
            p[1],
            fisher_0_0,
            fisher_0_1,
            fisher_1_1,
        ))
        return (fisher_0_0, fisher_0_1, fisher_1_1, )

    def _compute_factor(self, where):
        p = self._cparams
        factor_0_0 = self._empty()
        factor_1_1 = self._empty()
        self._launch("factor", (
            self._count(),
            p[1],
            factor_0_0,
            factor_1_1,
        ))
        return self._entries_at(where, (factor_0_0, factor_1_1, ))

    def _fisher_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        fisher = self._fisher_entries()
        out0 = self._empty()
        out1 = self._empty()
        self._launch("fisher_product", (
            self._count(),
            fisher[0],
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
            self._c(v[0]),
            self._c(v[1]),
            mask,
            self._real(scale),
            out,
        ))
        return self._after_kernel(out, weighting)

    def _compute_hessian(self, y):
        p = self._cparams
        hessian_0_0 = self._empty()
        hessian_0_1 = self._empty()
        hessian_1_1 = self._empty()
        self._launch("hessian", (
            self._count(),
            p[0],
            p[1],
            self._c(y),
            hessian_0_0,
            hessian_0_1,
            hessian_1_1,
        ))
        return (hessian_0_0, hessian_0_1, hessian_1_1, )

    def _hessian_product(self, v, entries):
        out0 = self._empty()
        out1 = self._empty()
        self._launch("hessian_product", (
            self._count(),
            entries[0],
            entries[1],
            entries[2],
            self._c(v[0]),
            self._c(v[1]),
            out0,
            out1,
        ))
        return (out0, out1, )

    def _sample_unweighted(self, rng, shape):
        (P_mean, P_var,) = self._params
        cp = self.xp
        sample = _cb.draw_normal(rng, shape, P_mean, cp.sqrt(P_var))
        return sample
