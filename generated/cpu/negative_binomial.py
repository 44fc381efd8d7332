# generated from codegen/families/negative_binomial.py by codegen/backends/cpu/templates/family.py.jinja, do not edit; run `natloss build`.
"""NegativeBinomialNegativeLogProbLoss: the negative_binomial family, CPU backend (the fused kernels of generated/cpu/negative_binomial.cpp)."""
from natloss.runtime.cpu_base import CpuNaturalParamsLoss

from ..numpy.negative_binomial import NegativeBinomialNegativeLogProbLoss as _NumPyLoss


class NegativeBinomialNegativeLogProbLoss(CpuNaturalParamsLoss, _NumPyLoss):
    """Counts y >= 0 of successes (probability exp(log_success_prob)) before `failures` failures.

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = -failures*log1mexp(log_success_prob)
    T(y) = y
    log h(y) = -log(gamma(y + 1)) - loggamma(failures) + loggamma(failures + y)
    F = Hessian = GGN = grad^2 A:
        F[0,0] = failures*exp(log_success_prob)/expm1(log_success_prob)**2
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(failures)*exp(log_success_prob/2)/Abs(expm1(log_success_prob))

    CPU backend: NumPy arrays in and out; every op runs one fused C++ loop over the cases
    (generated/cpu/negative_binomial.cpp, compiled on first use or at install), OpenMP-parallel.
    The constructor, its checks and sampling are the NumPy class's.
    """

    _cpu_file = 'negative_binomial.cpp'
    _cpu_package = __package__
    _kernel_prefix = 'negative_binomial'
    _kernel_types = {'nll_reduce': 'nppfpppdp', 'nll': 'nppfpp', 'grad': 'nppfpppfp', 'mean': 'nppfp', 'fisher': 'nppfp', 'factor': 'nppfp', 'fisher_product': 'nppppfp', 'factor_product': 'nppppfp', 'factor_transpose_product': 'nppppfp'}
    _base_init = CpuNaturalParamsLoss._cpu_init

    # The private contract of runtime/base.py (the public API is the base's): kernel launches.

    def _nll_per_case(self, y):
        p = self._cparams
        nll = self._empty()
        self._launch("nll", (
            self._n,
            p[0],
            *self._hyper_args("failures"),
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
            *self._hyper_args("failures"),
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
            *self._hyper_args("failures"),
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
            *self._hyper_args("failures"),
            mean0,
        ))
        return (mean0, )

    def _compute_fisher(self):
        p = self._cparams
        fisher_0_0 = self._empty()
        self._launch("fisher", (
            self._n,
            p[0],
            *self._hyper_args("failures"),
            fisher_0_0,
        ))
        return (fisher_0_0, )

    def _compute_factor(self, where):
        p = self._cparams
        factor_0_0 = self._empty()
        self._launch("factor", (
            self._n,
            p[0],
            *self._hyper_args("failures"),
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
