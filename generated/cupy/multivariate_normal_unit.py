# generated from codegen/families/multivariate_normal_unit.py by codegen/backends/cuda/templates/cupy/family.py.jinja, do not edit; run `natloss build`.
"""MultivariateNormalUnitVarianceNegativeLogProbLoss: the multivariate_normal_unit family, CuPy backend (the kernels of generated/cuda/multivariate_normal_unit.cu)."""
import math  # noqa: F401 - the domains below use math.inf

from natloss.runtime import cupy_base as _cb
from natloss.runtime.cupy_base import CuPyComponentsLoss


class MultivariateNormalUnitVarianceNegativeLogProbLoss(CuPyComponentsLoss):
    """Real vectors over the last axis, N(mu, I) (scipy.stats.multivariate_normal(mean=mu, cov=I)); d = mean.shape[-1]; F = I.

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    Componentwise: a case is a row over the last axis, its components independent; per component:

    A(eta) = mean**2/2
    T(y) = y
    log h(y) = -y**2/2 - log(2*pi)/2
    F = Hessian = GGN = grad^2 A:
        F[0,0] = 1
    B (B B^T = F, lower triangular):
        B[0,0] = 1

    CuPy backend: CuPy arrays in and out; the ops launch the CUDA kernels of the
    generated .cu file (compiled with NVRTC on first use); sampling uses
    cupy.random.Generator (seed: an int or a cupy.random.Generator).
    """

    family = 'multivariate_normal_unit'
    structure = 'scalar'
    param_names = ('mean',)
    param_domains = ((-math.inf, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'real'
    target_bound = None
    _factor_columns = ((0,),)
    _cuda_file = 'multivariate_normal_unit.cu'
    _cuda_package = __package__.rpartition(".")[0] + ".cuda"
    _kernel_prefix = 'multivariate_normal_unit'
    _kernel_names = ('multivariate_normal_unit_nll_reduce_f32', 'multivariate_normal_unit_nll_f32', 'multivariate_normal_unit_grad_f32', 'multivariate_normal_unit_mean_f32', 'multivariate_normal_unit_fisher_f32', 'multivariate_normal_unit_factor_f32', 'multivariate_normal_unit_fisher_product_f32', 'multivariate_normal_unit_factor_product_f32', 'multivariate_normal_unit_factor_transpose_product_f32', 'multivariate_normal_unit_nll_reduce_f64', 'multivariate_normal_unit_nll_f64', 'multivariate_normal_unit_grad_f64', 'multivariate_normal_unit_mean_f64', 'multivariate_normal_unit_fisher_f64', 'multivariate_normal_unit_factor_f64', 'multivariate_normal_unit_fisher_product_f64', 'multivariate_normal_unit_factor_product_f64', 'multivariate_normal_unit_factor_transpose_product_f64')

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = CuPyComponentsLoss.__init__

    def __init__(self, mean, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((mean, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): kernel launches.

    def _nll_per_case(self, y):
        p = self._cparams
        nll = self._empty()
        self._launch("nll", (
            self._count(),
            p[0],
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
            mean0,
        ))
        return (mean0, )

    def _compute_fisher(self):
        fisher_0_0 = self._empty()
        self._launch("fisher", (
            self._count(),
            fisher_0_0,
        ))
        return (fisher_0_0, )

    def _compute_factor(self, where):
        factor_0_0 = self._empty()
        self._launch("factor", (
            self._count(),
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
        (P_mean,) = self._params
        sample = _cb.draw_normal(rng, shape, P_mean, 1)
        return sample
