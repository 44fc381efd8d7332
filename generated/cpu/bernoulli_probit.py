# generated from codegen/parametrizations/bernoulli.py by codegen/backends/cpu/templates/family.py.jinja, do not edit; run `natloss build`.
"""BernoulliProbitNegativeLogProbLoss: the bernoulli_probit family, CPU backend (the fused kernels of generated/cpu/bernoulli_probit.cpp)."""
from natloss.runtime.cpu_base import CpuParametrizedLoss

from ..numpy.bernoulli_probit import BernoulliProbitNegativeLogProbLoss as _NumPyLoss


class BernoulliProbitNegativeLogProbLoss(CpuParametrizedLoss, _NumPyLoss):
    """Binary targets, P(y = 1) = Phi(score): the probit link.

    Structure: scalar; the factor B is proved (J^T B with the natural B (symbolic: B B^T - F cancels); |B B^T - F| < 1e-20 |F| at 4 random points, 30 digits).

    Parameters score of the bernoulli family (MultiBernoulliNegativeLogProbLoss); not canonical:
        logits = -log_ndtr(-score) + log_ndtr(score)
    J = d eta / d theta:
        J[0,0] = ndtr_mills(-score) + ndtr_mills(score)
    F = GGN = J^T grad^2 A J:
        F[0,0] = times_square(1, (ndtr_mills(-score) + ndtr_mills(score))*exp(log_ndtr(-score)/2 + log_ndtr(score)/2))
    B = J^T B_natural (B B^T = F; inner shape of the natural family):
        B[0,0] = (ndtr_mills(-score) + ndtr_mills(score))*exp(log_ndtr(-score)/2 + log_ndtr(score)/2)
    Hessian = F + sum_i (grad A - T)_i Hess(eta_i) (depends on the target):
        H[0,0] = y*mills_shift(score)*ndtr_mills(score) + (1 - y)*mills_shift(-score)*ndtr_mills(-score)

    CPU backend: NumPy arrays in and out; every op runs one fused C++ loop over the cases
    (generated/cpu/bernoulli_probit.cpp, compiled on first use or at install), OpenMP-parallel.
    The constructor, its checks and sampling are the NumPy class's.
    """

    _cpu_file = 'bernoulli_probit.cpp'
    _cpu_package = __package__
    _kernel_prefix = 'bernoulli_probit'
    _kernel_types = {'nll_reduce': 'nppppdp', 'nll': 'nppp', 'grad': 'nppppfp', 'mean': 'npp', 'fisher': 'npp', 'factor': 'npp', 'fisher_product': 'nppppfp', 'factor_product': 'nppppfp', 'factor_transpose_product': 'nppppfp', 'hessian': 'nppp', 'hessian_product': 'nppp'}
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
