# generated from codegen/parametrizations/normal.py by codegen/backends/cpu/templates/family.py.jinja, do not edit; run `natloss build`.
"""NormalMeanSoftplusScaleNegativeLogProbLoss: the normal_mean_softplus_scale family, CPU backend (the fused kernels of generated/cpu/normal_mean_softplus_scale.cpp)."""
from natloss.runtime.cpu_base import CpuParametrizedLoss

from ..numpy.normal_mean_softplus_scale import NormalMeanSoftplusScaleNegativeLogProbLoss as _NumPyLoss


class NormalMeanSoftplusScaleNegativeLogProbLoss(CpuParametrizedLoss, _NumPyLoss):
    """Real targets, Normal(mean, softplus(raw_scale)^2).

    Structure: dense; the factor B is proved (J^T B with the natural B (symbolic: B B^T - F cancels); |B B^T - F| < 1e-20 |F| at 4 random points, 30 digits).

    Parameters mean, raw_scale of the normal family (NormalNegativeLogProbLoss); not canonical:
        precision_mean = mean/softplus(raw_scale)**2
        neg_half_precision = -1/(2*softplus(raw_scale)**2)
    J = d eta / d theta:
        J[0,0] = softplus(raw_scale)**(-2)
        J[0,1] = -2*mean*sigmoid(raw_scale)/softplus(raw_scale)**3
        J[1,0] = 0
        J[1,1] = sigmoid(raw_scale)/softplus(raw_scale)**3
    F = GGN = J^T grad^2 A J:
        F[0,0] = softplus(raw_scale)**(-2)
        F[0,1] = 0
        F[1,1] = 2*softplus_log_slope(raw_scale)**2
    B = J^T B_natural (B B^T = F; inner shape of the natural family):
        B[0,0] = 1/softplus(raw_scale)
        B[1,1] = sqrt(2)*softplus_log_slope(raw_scale)
    Hessian = F + sum_i (grad A - T)_i Hess(eta_i) (depends on the target):
        H[0,0] = softplus(raw_scale)**(-2)
        H[0,1] = -times_square((2*mean - 2*y)*softplus_log_slope(raw_scale), 1/softplus(raw_scale))
        H[1,1] = -softplus_log_gap(raw_scale)*softplus_log_slope(raw_scale) + 2*times_square(1, (mean - y)*softplus_log_slope(raw_scale)/softplus(raw_scale)) + times_square(softplus_log_gap(raw_scale)*softplus_log_slope(raw_scale), (mean - y)/softplus(raw_scale))

    CPU backend: NumPy arrays in and out; every op runs one fused C++ loop over the cases
    (generated/cpu/normal_mean_softplus_scale.cpp, compiled on first use or at install), OpenMP-parallel.
    The constructor, its checks and sampling are the NumPy class's.
    """

    _cpu_file = 'normal_mean_softplus_scale.cpp'
    _cpu_package = __package__
    _kernel_prefix = 'normal_mean_softplus_scale'
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
