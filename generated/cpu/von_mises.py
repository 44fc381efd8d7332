# generated from codegen/families/von_mises.py by codegen/backends/cpu/templates/family.py.jinja, do not edit; run `natloss build`.
"""VonMisesNegativeLogProbLoss: the von_mises family, CPU backend (the fused kernels of generated/cpu/von_mises.cpp)."""
from natloss.runtime.cpu_base import CpuNaturalParamsLoss

from ..numpy.von_mises import VonMisesNegativeLogProbLoss as _NumPyLoss


class VonMisesNegativeLogProbLoss(CpuNaturalParamsLoss, _NumPyLoss):
    """Angles in (-pi, pi], von Mises(mu, kappa) with eta = kappa (cos mu, sin mu).

    Structure: dense; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = log_besseli(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) + log(2) + log(pi)
    T(y) = cos(y), sin(y)
    log h(y) = 0
    F = Hessian = GGN = grad^2 A:
        F[0,0] = -kappa_sin_mu**2*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) + bessel_ratio_deriv(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2))
        F[0,1] = kappa_cos_mu*kappa_sin_mu*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2))
        F[1,1] = -kappa_cos_mu**2*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) + bessel_ratio_deriv(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2))
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(-kappa_sin_mu**2*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) + bessel_ratio_deriv(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)))
        B[1,0] = kappa_cos_mu*kappa_sin_mu*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2))/sqrt(-kappa_sin_mu**2*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) + bessel_ratio_deriv(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)))
        B[1,1] = sqrt(-(kappa_cos_mu**2*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) + kappa_sin_mu**2*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) - bessel_ratio_deriv(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)))*bessel_ratio_deriv(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2))/(-kappa_sin_mu**2*bessel_ratio_gap(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2)) + bessel_ratio_deriv(0, sqrt(kappa_cos_mu**2 + kappa_sin_mu**2))))

    CPU backend: NumPy arrays in and out; every op runs one fused C++ loop over the cases
    (generated/cpu/von_mises.cpp, compiled on first use or at install), OpenMP-parallel.
    The constructor, its checks and sampling are the NumPy class's.
    """

    _cpu_file = 'von_mises.cpp'
    _cpu_package = __package__
    _kernel_prefix = 'von_mises'
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
