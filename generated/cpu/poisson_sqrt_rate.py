# generated from codegen/parametrizations/poisson.py by codegen/backends/cpu/templates/family.py.jinja, do not edit; run `natloss build`.
"""PoissonSqrtRateNegativeLogProbLoss: the poisson_sqrt_rate family, CPU backend (the fused kernels of generated/cpu/poisson_sqrt_rate.cpp)."""
from natloss.runtime.cpu_base import CpuParametrizedLoss

from ..numpy.poisson_sqrt_rate import PoissonSqrtRateNegativeLogProbLoss as _NumPyLoss


class PoissonSqrtRateNegativeLogProbLoss(CpuParametrizedLoss, _NumPyLoss):
    """Counts, Poisson(sqrt_rate^2): the square-root link.

    Structure: scalar; the factor B is proved (J^T B with the natural B (symbolic: B B^T - F cancels); |B B^T - F| < 1e-20 |F| at 4 random points, 30 digits).

    Parameters sqrt_rate of the poisson family (PoissonNegativeLogProbLoss); not canonical:
        log_rate = 2*log(sqrt_rate)
    J = d eta / d theta:
        J[0,0] = 2/sqrt_rate
    F = GGN = J^T grad^2 A J:
        F[0,0] = 4
    B = J^T B_natural (B B^T = F; inner shape of the natural family):
        B[0,0] = 2
    Hessian = F + sum_i (grad A - T)_i Hess(eta_i) (depends on the target):
        H[0,0] = 2*times_square(y, 1/sqrt_rate) + 2

    CPU backend: NumPy arrays in and out; every op runs one fused C++ loop over the cases
    (generated/cpu/poisson_sqrt_rate.cpp, compiled on first use or at install), OpenMP-parallel.
    The constructor, its checks and sampling are the NumPy class's.
    """

    _cpu_file = 'poisson_sqrt_rate.cpp'
    _cpu_package = __package__
    _kernel_prefix = 'poisson_sqrt_rate'
    _kernel_types = {'nll_reduce': 'nppppdp', 'nll': 'nppp', 'grad': 'nppppfp', 'mean': 'npp', 'fisher': 'np', 'factor': 'np', 'fisher_product': 'npppfp', 'factor_product': 'npppfp', 'factor_transpose_product': 'npppfp', 'hessian': 'nppp', 'hessian_product': 'nppp'}
    _base_init = CpuParametrizedLoss._cpu_init

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
        fisher_0_0 = self._empty()
        self._launch("fisher", (
            self._n,
            fisher_0_0,
        ))
        return (fisher_0_0, )

    def _compute_factor(self, where):
        factor_0_0 = self._empty()
        self._launch("factor", (
            self._n,
            factor_0_0,
        ))
        return self._entries_at(where, (factor_0_0, ))

    def _fisher_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        out0 = self._empty()
        self._launch("fisher_product", (
            self._n,
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
            self._c(v[0]),
            mask,
            *self._scale_args(scale),
            out,
        ))
        return out

    def _compute_hessian(self, y):
        p = self._cparams
        hessian_0_0 = self._empty()
        self._launch("hessian", (
            self._n,
            p[0],
            self._c(y),
            hessian_0_0,
        ))
        return (hessian_0_0, )

    def _hessian_product(self, v, entries):
        out0 = self._empty()
        self._launch("hessian_product", (
            self._n,
            entries[0],
            self._c(v[0]),
            out0,
        ))
        return (out0, )
