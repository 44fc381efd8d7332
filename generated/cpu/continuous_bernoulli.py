# generated from codegen/families/continuous_bernoulli.py by codegen/backends/cpu/templates/family.py.jinja, do not edit; run `natloss build`.
"""ContinuousBernoulliNegativeLogProbLoss: the continuous_bernoulli family, CPU backend (the fused kernels of generated/cpu/continuous_bernoulli.cpp)."""
from natloss.runtime.cpu_base import CpuNaturalParamsLoss

from ..numpy.continuous_bernoulli import ContinuousBernoulliNegativeLogProbLoss as _NumPyLoss


class ContinuousBernoulliNegativeLogProbLoss(CpuNaturalParamsLoss, _NumPyLoss):
    """Targets in (0, 1), continuous Bernoulli with natural parameter eta; torch.distributions.ContinuousBernoulli(logits=eta). SciPy has none.

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = log(expm1(eta)/eta)
    T(y) = y
    log h(y) = 0
    F = Hessian = GGN = grad^2 A:
        F[0,0] = Piecewise((0.08333333333333333333333333 + if_else(Abs(eta) < 1.0, eta, 0)**2*(-0.004166666666666666666666667 + if_else(Abs(eta) < 1.0, eta, 0)**2*(0.0001653439153439153439153439 + if_else(Abs(eta) < 1.0, eta, 0)**2*(-0.000005787037037037037037037037 + if_else(Abs(eta) < 1.0, eta, 0)**2*(0.0000001878908128908128908128908 + if_else(Abs(eta) < 1.0, eta, 0)**2*(-5.81260915255624250333245e-9 + if_else(Abs(eta) < 1.0, eta, 0)**2*(1.739729748989008248267508e-10 + if_else(Abs(eta) < 1.0, eta, 0)**2*(-5.084520444483874300245293e-12 + 1.459630549567233575903104e-13*if_else(Abs(eta) < 1.0, eta, 0)**2))))))), Abs(eta) < 1.0), (expm1(-if_else(Abs(eta) < 1.0, 1.0, eta))**(-1)*expm1(if_else(Abs(eta) < 1.0, 1.0, eta))**(-1) + if_else(Abs(eta) < 1.0, 1.0, eta)**(-2), True))
    B (B B^T = F, lower triangular):
        B[0,0] = Piecewise((0.2886751345948128822545744 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(-0.00721687836487032205636436 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(0.0001961730825371496273257772 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(-0.00000511911511000226217291718 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(0.0000001308025239433462060695952 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(-3.318907537755507560369297e-9 + 8.40797438232891288188595e-11*if_else(Abs(eta) < 0.562341325190349, eta, 0)**2))))), Abs(eta) < 0.562341325190349), (sqrt(expm1(-if_else(Abs(eta) < 0.562341325190349, 0.562341325190349, eta))**(-1)*expm1(if_else(Abs(eta) < 0.562341325190349, 0.562341325190349, eta))**(-1) + if_else(Abs(eta) < 0.562341325190349, 0.562341325190349, eta)**(-2)), True))

    CPU backend: NumPy arrays in and out; every op runs one fused C++ loop over the cases
    (generated/cpu/continuous_bernoulli.cpp, compiled on first use or at install), OpenMP-parallel.
    The constructor, its checks and sampling are the NumPy class's.
    """

    _cpu_file = 'continuous_bernoulli.cpp'
    _cpu_package = __package__
    _kernel_prefix = 'continuous_bernoulli'
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
