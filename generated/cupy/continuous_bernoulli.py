# generated from codegen/families/continuous_bernoulli.py by codegen/backends/cuda/templates/cupy/family.py.jinja, do not edit; run `natloss build`.
"""ContinuousBernoulliNegativeLogProbLoss: the continuous_bernoulli family, CuPy backend (the kernels of generated/cuda/continuous_bernoulli.cu)."""
import math  # noqa: F401 - the domains below use math.inf

from natloss.runtime import cupy_base as _cb
from natloss.runtime.cupy_base import CuPyNaturalParamsLoss


class ContinuousBernoulliNegativeLogProbLoss(CuPyNaturalParamsLoss):
    """Targets in (0, 1), continuous Bernoulli with natural parameter eta; torch.distributions.ContinuousBernoulli(logits=eta). SciPy has none.

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = log(expm1(eta)/eta)
    T(y) = y
    log h(y) = 0
    F = Hessian = GGN = grad^2 A:
        F[0,0] = Piecewise((0.08333333333333333333333333 + if_else(Abs(eta) < 1.0, eta, 0)**2*(-0.004166666666666666666666667 + if_else(Abs(eta) < 1.0, eta, 0)**2*(0.0001653439153439153439153439 + if_else(Abs(eta) < 1.0, eta, 0)**2*(-0.000005787037037037037037037037 + if_else(Abs(eta) < 1.0, eta, 0)**2*(0.0000001878908128908128908128908 + if_else(Abs(eta) < 1.0, eta, 0)**2*(-5.81260915255624250333245e-9 + if_else(Abs(eta) < 1.0, eta, 0)**2*(1.739729748989008248267508e-10 + if_else(Abs(eta) < 1.0, eta, 0)**2*(-5.084520444483874300245293e-12 + 1.459630549567233575903104e-13*if_else(Abs(eta) < 1.0, eta, 0)**2))))))), Abs(eta) < 1.0), (expm1(-if_else(Abs(eta) < 1.0, 1.0, eta))**(-1)*expm1(if_else(Abs(eta) < 1.0, 1.0, eta))**(-1) + if_else(Abs(eta) < 1.0, 1.0, eta)**(-2), True))
    B (B B^T = F, lower triangular):
        B[0,0] = Piecewise((0.2886751345948128822545744 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(-0.00721687836487032205636436 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(0.0001961730825371496273257772 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(-0.00000511911511000226217291718 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(0.0000001308025239433462060695952 + if_else(Abs(eta) < 0.562341325190349, eta, 0)**2*(-3.318907537755507560369297e-9 + 8.40797438232891288188595e-11*if_else(Abs(eta) < 0.562341325190349, eta, 0)**2))))), Abs(eta) < 0.562341325190349), (sqrt(expm1(-if_else(Abs(eta) < 0.562341325190349, 0.562341325190349, eta))**(-1)*expm1(if_else(Abs(eta) < 0.562341325190349, 0.562341325190349, eta))**(-1) + if_else(Abs(eta) < 0.562341325190349, 0.562341325190349, eta)**(-2)), True))

    CuPy backend: CuPy arrays in and out; the ops launch the CUDA kernels of the
    generated .cu file (compiled with NVRTC on first use); sampling uses
    cupy.random.Generator (seed: an int or a cupy.random.Generator).
    """

    family = 'continuous_bernoulli'
    structure = 'scalar'
    param_names = ('eta',)
    param_domains = ((-math.inf, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'unit_interval'
    target_bound = None
    _factor_columns = ((0,),)
    _cuda_file = 'continuous_bernoulli.cu'
    _cuda_package = __package__.rpartition(".")[0] + ".cuda"
    _kernel_prefix = 'continuous_bernoulli'
    _kernel_names = ('continuous_bernoulli_nll_reduce_f32', 'continuous_bernoulli_nll_f32', 'continuous_bernoulli_grad_f32', 'continuous_bernoulli_mean_f32', 'continuous_bernoulli_fisher_f32', 'continuous_bernoulli_factor_f32', 'continuous_bernoulli_fisher_product_f32', 'continuous_bernoulli_factor_product_f32', 'continuous_bernoulli_factor_transpose_product_f32', 'continuous_bernoulli_nll_reduce_f64', 'continuous_bernoulli_nll_f64', 'continuous_bernoulli_grad_f64', 'continuous_bernoulli_mean_f64', 'continuous_bernoulli_fisher_f64', 'continuous_bernoulli_factor_f64', 'continuous_bernoulli_fisher_product_f64', 'continuous_bernoulli_factor_product_f64', 'continuous_bernoulli_factor_transpose_product_f64')

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = CuPyNaturalParamsLoss.__init__

    def __init__(self, eta, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((eta, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): kernel launches.

    def _nll_per_case(self, y):
        p = self._cparams
        nll = self._empty()
        self._launch("nll", (
            self._count(),
            p[0],
            self._c(y),
            nll,
        ))
        return nll

    def _nll_sum(self, y, weight, mask):
        p = self._cparams
        partial = self._partials()
        self._launch("nll_reduce", (
            self._count(),
            p[0],
            self._c(y),
            mask,
            self._double(weight),
            partial,
        ))
        return partial

    def _grad(self, y, weighting):
        scale, mask = self._kernel_weighting(weighting)
        p = self._cparams
        grad0 = self._empty()
        self._launch("grad", (
            self._count(),
            p[0],
            self._c(y),
            mask,
            self._real(scale),
            grad0,
        ))
        return self._after_kernel((grad0, ), weighting)

    def _mean_unweighted(self):
        p = self._cparams
        mean0 = self._empty()
        self._launch("mean", (
            self._count(),
            p[0],
            mean0,
        ))
        return (mean0, )

    def _compute_fisher(self):
        p = self._cparams
        fisher_0_0 = self._empty()
        self._launch("fisher", (
            self._count(),
            p[0],
            fisher_0_0,
        ))
        return (fisher_0_0, )

    def _compute_factor(self, where):
        p = self._cparams
        factor_0_0 = self._empty()
        self._launch("factor", (
            self._count(),
            p[0],
            factor_0_0,
        ))
        return self._entries_at(where, (factor_0_0, ))

    def _fisher_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        fisher = self._fisher_entries()
        out0 = self._empty()
        self._launch("fisher_product", (
            self._count(),
            fisher[0],
            self._c(v[0]),
            mask,
            self._real(scale),
            out0,
        ))
        return self._after_kernel((out0, ), weighting)

    def _factor_product(self, u, weighting):
        scale, mask = self._kernel_weighting(weighting)
        factor = self._factor_entries()
        out0 = self._empty()
        self._launch("factor_product", (
            self._count(),
            factor[0],
            self._c(u),
            mask,
            self._real(scale),
            out0,
        ))
        return self._after_kernel((out0, ), weighting)

    def _factor_transpose_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        factor = self._factor_entries()
        out = self._empty(self.fisher_factor_inner_shape)
        self._launch("factor_transpose_product", (
            self._count(),
            factor[0],
            self._c(v[0]),
            mask,
            self._real(scale),
            out,
        ))
        return self._after_kernel(out, weighting)

    def _sample_unweighted(self, rng, shape):
        (P_eta,) = self._params
        cp = self.xp
        sample = cp.select([cp.greater(P_eta, 0),True], [cp.log1p(_cb.draw_uniform(rng, shape, 0, 1)*cp.expm1(-cp.maximum(1e-30, abs(P_eta))))/cp.maximum(1e-30, abs(P_eta)) + 1,-cp.log1p(_cb.draw_uniform(rng, shape, 0, 1)*cp.expm1(-cp.maximum(1e-30, abs(P_eta))))/cp.maximum(1e-30, abs(P_eta))], default=cp.nan)
        return sample
