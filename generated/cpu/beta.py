# generated from codegen/families/beta.py by codegen/backends/cpu/templates/family.py.jinja, do not edit; run `natloss build`.
"""BetaNegativeLogProbLoss: the beta family, CPU backend (the fused kernels of generated/cpu/beta.cpp)."""
from natloss.runtime.cpu_base import CpuNaturalParamsLoss

from ..numpy.beta import BetaNegativeLogProbLoss as _NumPyLoss


class BetaNegativeLogProbLoss(CpuNaturalParamsLoss, _NumPyLoss):
    """Targets in (0, 1), Beta(alpha, beta).

    Structure: dense; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = loggamma(alpha_minus_one + 1) + loggamma(beta_minus_one + 1) - loggamma(alpha_minus_one + beta_minus_one + 2)
    T(y) = log(y), log1p(-y)
    log h(y) = 0
    F = Hessian = GGN = grad^2 A:
        F[0,0] = trigamma_diff(alpha_minus_one + 1, beta_minus_one + 1)
        F[0,1] = -polygamma(1, alpha_minus_one + beta_minus_one + 2)
        F[1,1] = trigamma_diff(beta_minus_one + 1, alpha_minus_one + 1)
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(trigamma_diff(alpha_minus_one + 1, beta_minus_one + 1))
        B[1,0] = -polygamma(1, alpha_minus_one + beta_minus_one + 2)/sqrt(trigamma_diff(alpha_minus_one + 1, beta_minus_one + 1))
        B[1,1] = sqrt(trigamma_det(alpha_minus_one + 1, beta_minus_one + 1)/trigamma_diff(alpha_minus_one + 1, beta_minus_one + 1))

    CPU backend: NumPy arrays in and out; every op runs one fused C++ loop over the cases
    (generated/cpu/beta.cpp, compiled on first use or at install), OpenMP-parallel.
    The constructor, its checks and sampling are the NumPy class's.
    """

    _cpu_file = 'beta.cpp'
    _cpu_package = __package__
    _kernel_prefix = 'beta'
    _kernel_types = {'nll_reduce': 'npppppdp', 'nll': 'npppp', 'grad': 'npppppfpp', 'mean': 'npppp', 'fisher': 'nppppp', 'factor': 'nppppp', 'fisher_product': 'npppppppfpp', 'factor_product': 'nppppppfpp', 'factor_transpose_product': 'npppppppfp'}
    _base_init = CpuNaturalParamsLoss._cpu_init

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
            self._n,
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
            self._n,
            fisher[0],
            fisher[1],
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
            factor[2],
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
            factor[2],
            self._c(v[0]),
            self._c(v[1]),
            mask,
            *self._scale_args(scale),
            out,
        ))
        return out
