# generated from codegen/families/normal_mean.py by codegen/backends/cpu/templates/family.py.jinja, do not edit; run `natloss build`.
"""NormalMeanNegativeLogProbLoss: the normal_mean family, CPU backend (the fused kernels of generated/cpu/normal_mean.cpp)."""
from natloss.runtime.cpu_base import CpuNaturalParamsLoss

from ..numpy.normal_mean import NormalMeanNegativeLogProbLoss as _NumPyLoss


class NormalMeanNegativeLogProbLoss(CpuNaturalParamsLoss, _NumPyLoss):
    """Real targets, Normal(mean, var) with var fixed.

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = mean**2/(2*var)
    T(y) = y/var
    log h(y) = -log(2*pi*var)/2 - y**2/(2*var)
    F = Hessian = GGN = grad^2 A:
        F[0,0] = 1/var
    B (B B^T = F, lower triangular):
        B[0,0] = 1/sqrt(var)

    CPU backend: NumPy arrays in and out; every op runs one fused C++ loop over the cases
    (generated/cpu/normal_mean.cpp, compiled on first use or at install), OpenMP-parallel.
    The constructor, its checks and sampling are the NumPy class's.
    """

    _cpu_file = 'normal_mean.cpp'
    _cpu_package = __package__
    _kernel_prefix = 'normal_mean'
    _kernel_types = {'nll_reduce': 'nppfpppdp', 'nll': 'nppfpp', 'grad': 'nppfpppfp', 'mean': 'nppfp', 'fisher': 'npfp', 'factor': 'npfp', 'fisher_product': 'npfpppfp', 'factor_product': 'npfpppfp', 'factor_transpose_product': 'npfpppfp'}
    _base_init = CpuNaturalParamsLoss._cpu_init

    # The private contract of runtime/base.py (the public API is the base's): kernel launches.

    def _nll_per_case(self, y):
        p = self._cparams
        nll = self._empty()
        self._launch("nll", (
            self._n,
            p[0],
            *self._hyper_args("var"),
            self._c(y),
            nll,
        ))
        return nll

    def _nll_sum(self, y, weight, mask):
        p = self._cparams
        total = self._total_buffer()
        self._launch("nll_reduce", (
            self._n,
            p[0],
            *self._hyper_args("var"),
            self._c(y),
            mask,
            *self._weight_args(weight),
            total,
        ))
        return total

    def _grad(self, y, weighting):
        scale, mask = self._kernel_weighting(weighting)
        p = self._cparams
        grad0 = self._empty()
        self._launch("grad", (
            self._n,
            p[0],
            *self._hyper_args("var"),
            self._c(y),
            mask,
            *self._scale_args(scale),
            grad0,
        ))
        return (grad0, )

    def _mean_unweighted(self):
        p = self._cparams
        mean0 = self._empty()
        self._launch("mean", (
            self._n,
            p[0],
            *self._hyper_args("var"),
            mean0,
        ))
        return (mean0, )

    def _compute_fisher(self):
        fisher_0_0 = self._empty()
        self._launch("fisher", (
            self._n,
            *self._hyper_args("var"),
            fisher_0_0,
        ))
        return (fisher_0_0, )

    def _compute_factor(self, where):
        factor_0_0 = self._empty()
        self._launch("factor", (
            self._n,
            *self._hyper_args("var"),
            factor_0_0,
        ))
        return self._entries_at(where, (factor_0_0, ))

    def _fisher_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        out0 = self._empty()
        self._launch("fisher_product", (
            self._n,
            *self._hyper_args("var"),
            self._c(v[0]),
            mask,
            *self._scale_args(scale),
            out0,
        ))
        return (out0, )

    def _factor_product(self, u, weighting):
        scale, mask = self._kernel_weighting(weighting)
        out0 = self._empty()
        self._launch("factor_product", (
            self._n,
            *self._hyper_args("var"),
            self._c(u),
            mask,
            *self._scale_args(scale),
            out0,
        ))
        return (out0, )

    def _factor_transpose_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        out = self._empty(self.fisher_factor_inner_shape)
        self._launch("factor_transpose_product", (
            self._n,
            *self._hyper_args("var"),
            self._c(v[0]),
            mask,
            *self._scale_args(scale),
            out,
        ))
        return out
