# generated from codegen/families/chi.py by codegen/backends/cuda/templates/cupy/family.py.jinja, do not edit; run `natloss build`.
"""ChiNegativeLogProbLoss: the chi family, CuPy backend (the kernels of generated/cuda/chi.cu)."""
import math  # noqa: F401 - the domains below use math.inf

from natloss.runtime import cupy_base as _cb
from natloss.runtime.cupy_base import CuPyNaturalParamsLoss


class ChiNegativeLogProbLoss(CuPyNaturalParamsLoss):
    """Positive targets, chi with k = eta + 1 degrees of freedom; SciPy's chi(k).

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = (dof_minus_one/2 - 1/2)*log(2) + loggamma(dof_minus_one/2 + 1/2)
    T(y) = log(y)
    log h(y) = -y**2/2
    F = Hessian = GGN = grad^2 A:
        F[0,0] = polygamma(1, dof_minus_one/2 + 1/2)/4
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(polygamma(1, dof_minus_one/2 + 1/2))/2

    CuPy backend: CuPy arrays in and out; the ops launch the CUDA kernels of the
    generated .cu file (compiled with NVRTC on first use); sampling uses
    cupy.random.Generator (seed: an int or a cupy.random.Generator).
    """

    family = 'chi'
    structure = 'scalar'
    param_names = ('dof_minus_one',)
    param_domains = ((-1.0, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'positive'
    target_bound = None
    _factor_columns = ((0,),)
    _cuda_file = 'chi.cu'
    _cuda_package = __package__.rpartition(".")[0] + ".cuda"
    _kernel_prefix = 'chi'
    _kernel_names = ('chi_nll_reduce_f32', 'chi_nll_f32', 'chi_grad_f32', 'chi_mean_f32', 'chi_fisher_f32', 'chi_factor_f32', 'chi_fisher_product_f32', 'chi_factor_product_f32', 'chi_factor_transpose_product_f32', 'chi_nll_reduce_f64', 'chi_nll_f64', 'chi_grad_f64', 'chi_mean_f64', 'chi_fisher_f64', 'chi_factor_f64', 'chi_fisher_product_f64', 'chi_factor_product_f64', 'chi_factor_transpose_product_f64')

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = CuPyNaturalParamsLoss.__init__

    def __init__(self, dof_minus_one, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((dof_minus_one, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

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
        p = self._cparams
        fisher_0_0 = self._empty()
        self._launch("fisher", (
            self._count(),
            p[0],
            fisher_0_0,
        ))
        return (fisher_0_0, )

    def _compute_factor(self, where):
        p = self._cparams
        factor_0_0 = self._empty()
        self._launch("factor", (
            self._count(),
            p[0],
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
        (P_dof_minus_one,) = self._params
        cp = self.xp
        sample = cp.sqrt(_cb.draw_gamma(rng, shape, (0.5)*P_dof_minus_one + 0.5, 2))
        return sample
