# generated from codegen/families/pareto.py by codegen/backends/cpu/templates/family.py.jinja, do not edit; run `natloss build`.
"""ParetoNegativeLogProbLoss: the pareto family, CPU backend (the fused kernels of generated/cpu/pareto.cpp)."""
from natloss.runtime.cpu_base import CpuNaturalParamsLoss

from ..numpy.pareto import ParetoNegativeLogProbLoss as _NumPyLoss


class ParetoNegativeLogProbLoss(CpuNaturalParamsLoss, _NumPyLoss):
    """Targets y >= x_m, Pareto(alpha, x_m) with the minimum x_m known.

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = -(-neg_shape_minus_one - 1)*log(x_min) - log(-neg_shape_minus_one - 1)
    T(y) = log(y)
    log h(y) = 0
    F = Hessian = GGN = grad^2 A:
        F[0,0] = (neg_shape_minus_one + 1)**(-2)
    B (B B^T = F, lower triangular):
        B[0,0] = 1/Abs(neg_shape_minus_one + 1)

    CPU backend: NumPy arrays in and out; every op runs one fused C++ loop over the cases
    (generated/cpu/pareto.cpp, compiled on first use or at install), OpenMP-parallel.
    The constructor, its checks and sampling are the NumPy class's.
    """

    _cpu_file = 'pareto.cpp'
    _cpu_package = __package__
    _kernel_prefix = 'pareto'
    _kernel_types = {'nll_reduce': 'nppfpppdp', 'nll': 'nppfpp', 'grad': 'nppfpppfp', 'mean': 'nppfp', 'fisher': 'npp', 'factor': 'npp', 'fisher_product': 'nppppfp', 'factor_product': 'nppppfp', 'factor_transpose_product': 'nppppfp'}
    _base_init = CpuNaturalParamsLoss._cpu_init

    # The private contract of runtime/base.py (the public API is the base's): kernel launches.

    def _nll_per_case(self, y):
        p = self._cparams
        nll = self._empty()
        self._launch("nll", (
            self._n,
            p[0],
            *self._hyper_args("x_min"),
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
            *self._hyper_args("x_min"),
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
            *self._hyper_args("x_min"),
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
            *self._hyper_args("x_min"),
            mean0,
        ))
        return (mean0, )

    def _compute_fisher(self):
        p = self._cparams
        fisher_0_0 = self._empty()
        self._launch("fisher", (
            self._n,
            p[0],
            fisher_0_0,
        ))
        return (fisher_0_0, )

    def _compute_factor(self, where):
        p = self._cparams
        factor_0_0 = self._empty()
        self._launch("factor", (
            self._n,
            p[0],
            factor_0_0,
        ))
        return self._entries_at(where, (factor_0_0, ))

    def _fisher_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        fisher = self._fisher_entries()
        out0 = self._empty()
        self._launch("fisher_product", (
            self._n,
            fisher[0],
            self._c(v[0]),
            mask,
            *self._scale_args(scale),
            out0,
        ))
        return (out0, )

    def _factor_product(self, u, weighting):
        scale, mask = self._kernel_weighting(weighting)
        factor = self._factor_entries()
        out0 = self._empty()
        self._launch("factor_product", (
            self._n,
            factor[0],
            self._c(u),
            mask,
            *self._scale_args(scale),
            out0,
        ))
        return (out0, )

    def _factor_transpose_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        factor = self._factor_entries()
        out = self._empty(self.fisher_factor_inner_shape)
        self._launch("factor_transpose_product", (
            self._n,
            factor[0],
            self._c(v[0]),
            mask,
            *self._scale_args(scale),
            out,
        ))
        return out
