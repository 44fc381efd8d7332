# generated from codegen/parametrizations/normal.py by codegen/backends/cpu/templates/family.py.jinja, do not edit; run `natloss build`.
"""NormalMeanVarianceNegativeLogProbLoss: the normal_mean_variance family, CPU backend (the fused kernels of generated/cpu/normal_mean_variance.cpp)."""
from natloss.runtime.cpu_base import CpuParametrizedLoss

from ..numpy.normal_mean_variance import NormalMeanVarianceNegativeLogProbLoss as _NumPyLoss


class NormalMeanVarianceNegativeLogProbLoss(CpuParametrizedLoss, _NumPyLoss):
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

    CPU backend: NumPy arrays in and out; every op runs one fused C++ loop over the cases
    (generated/cpu/normal_mean_variance.cpp, compiled on first use or at install), OpenMP-parallel.
    The constructor, its checks and sampling are the NumPy class's.
    """

    _cpu_file = 'normal_mean_variance.cpp'
    _cpu_package = __package__
    _kernel_prefix = 'normal_mean_variance'
    _kernel_types = {'nll_reduce': 'npppppdp', 'nll': 'npppp', 'grad': 'npppppfpp', 'mean': 'npppp', 'fisher': 'npppp', 'factor': 'nppp', 'fisher_product': 'nppppppfpp', 'factor_product': 'npppppfpp', 'factor_transpose_product': 'nppppppfp', 'hessian': 'npppppp', 'hessian_product': 'nppppppp'}
    _base_init = CpuParametrizedLoss._cpu_init

    # The private contract of runtime/base.py (the public API is the base's): kernel launches.

    def _nll_per_case(self, y):
        p = self._cparams
        nll = self._empty()
        self._launch("nll", (
            self._n,
            p[0],
            p[1],
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
            p[1],
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
        grad1 = self._empty()
        self._launch("grad", (
            self._n,
            p[0],
            p[1],
            self._c(y),
            mask,
            *self._scale_args(scale),
            grad0,
            grad1,
        ))
        return (grad0, grad1, )

    def _mean_unweighted(self):
        p = self._cparams
        mean0 = self._empty()
        mean1 = self._empty()
        self._launch("mean", (
            self._n,
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
            self._n,
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
            self._n,
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
            self._n,
            fisher[0],
            fisher[2],
            self._c(v[0]),
            self._c(v[1]),
            mask,
            *self._scale_args(scale),
            out0,
            out1,
        ))
        return (out0, out1, )

    def _factor_product(self, u, weighting):
        scale, mask = self._kernel_weighting(weighting)
        factor = self._factor_entries()
        out0 = self._empty()
        out1 = self._empty()
        self._launch("factor_product", (
            self._n,
            factor[0],
            factor[1],
            self._c(u),
            mask,
            *self._scale_args(scale),
            out0,
            out1,
        ))
        return (out0, out1, )

    def _factor_transpose_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        factor = self._factor_entries()
        out = self._empty(self.fisher_factor_inner_shape)
        self._launch("factor_transpose_product", (
            self._n,
            factor[0],
            factor[1],
            self._c(v[0]),
            self._c(v[1]),
            mask,
            *self._scale_args(scale),
            out,
        ))
        return out

    def _compute_hessian(self, y):
        p = self._cparams
        hessian_0_0 = self._empty()
        hessian_0_1 = self._empty()
        hessian_1_1 = self._empty()
        self._launch("hessian", (
            self._n,
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
            self._n,
            entries[0],
            entries[1],
            entries[2],
            self._c(v[0]),
            self._c(v[1]),
            out0,
            out1,
        ))
        return (out0, out1, )
