# generated from codegen/families/chi.py by codegen/backends/cpu/templates/family.py.jinja, do not edit; run `natloss build`.
"""ChiNegativeLogProbLoss: the chi family, CPU backend (the fused kernels of generated/cpu/chi.cpp)."""
from natloss.runtime.cpu_base import CpuNaturalParamsLoss

from ..numpy.chi import ChiNegativeLogProbLoss as _NumPyLoss


class ChiNegativeLogProbLoss(CpuNaturalParamsLoss, _NumPyLoss):
    """Positive targets, chi with k = eta + 1 degrees of freedom; SciPy's chi(k).

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = (dof_minus_one/2 - 1/2)*log(2) + loggamma(dof_minus_one/2 + 1/2)
    T(y) = log(y)
    log h(y) = -y**2/2
    F = Hessian = GGN = grad^2 A:
        F[0,0] = polygamma(1, dof_minus_one/2 + 1/2)/4
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(polygamma(1, dof_minus_one/2 + 1/2))/2

    CPU backend: NumPy arrays in and out; every op runs one fused C++ loop over the cases
    (generated/cpu/chi.cpp, compiled on first use or at install), OpenMP-parallel.
    The constructor, its checks and sampling are the NumPy class's.
    """

    _cpu_file = 'chi.cpp'
    _cpu_package = __package__
    _kernel_prefix = 'chi'
    _kernel_types = {'nll_reduce': 'nppppdp', 'nll': 'nppp', 'grad': 'nppppfp', 'mean': 'npp', 'fisher': 'npp', 'factor': 'npp', 'fisher_product': 'nppppfp', 'factor_product': 'nppppfp', 'factor_transpose_product': 'nppppfp'}
    _base_init = CpuNaturalParamsLoss._cpu_init

    # The private contract of runtime/base.py (the public API is the base's): kernel launches.

    def _nll_per_case(self, y):
        p = self._cparams
        nll = self._empty()
        self._launch("nll", (
            self._n,
            p[0],
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
