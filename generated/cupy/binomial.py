# generated from codegen/families/binomial.py by codegen/backends/cuda/templates/cupy/family.py.jinja, do not edit; run `natloss build`.
"""BinomialNegativeLogProbLoss: the binomial family, CuPy backend (the kernels of generated/cuda/binomial.cu)."""
import math  # noqa: F401 - the domains below use math.inf

from natloss.runtime import cupy_base as _cb
from natloss.runtime.cupy_base import CuPyNaturalParamsLoss


class BinomialNegativeLogProbLoss(CuPyNaturalParamsLoss):
    """Successes 0 <= y <= trials with success logits.

    Structure: scalar; the factor B is proved (symbolic: B B^T - F cancels).

    A(eta) = trials*softplus(logits)
    T(y) = y
    log h(y) = log(gamma(trials + 1)) - log(gamma(y + 1)) - loggamma(trials - y + 1)
    F = Hessian = GGN = grad^2 A:
        F[0,0] = trials*exp_neg_abs(logits)/(exp_neg_abs(logits) + 1)**2
    B (B B^T = F, lower triangular):
        B[0,0] = sqrt(trials)*sqrt(exp_neg_abs(logits))/(exp_neg_abs(logits) + 1)

    CuPy backend: CuPy arrays in and out; the ops launch the CUDA kernels of the
    generated .cu file (compiled with NVRTC on first use); sampling uses
    cupy.random.Generator (seed: an int or a cupy.random.Generator).
    """

    family = 'binomial'
    structure = 'scalar'
    param_names = ('logits',)
    param_domains = ((-math.inf, True, math.inf, True), )
    hyper_specs = (("trials",) + (0.0, True, math.inf, True) + (True,), )
    target_support = 'bounded_integer'
    target_bound = 'trials'
    _factor_columns = ((0,),)
    _cuda_file = 'binomial.cu'
    _cuda_package = __package__.rpartition(".")[0] + ".cuda"
    _kernel_prefix = 'binomial'
    _kernel_names = ('binomial_nll_reduce_f32', 'binomial_nll_f32', 'binomial_grad_f32', 'binomial_mean_f32', 'binomial_fisher_f32', 'binomial_factor_f32', 'binomial_fisher_product_f32', 'binomial_factor_product_f32', 'binomial_factor_transpose_product_f32', 'binomial_nll_reduce_f64', 'binomial_nll_f64', 'binomial_grad_f64', 'binomial_mean_f64', 'binomial_fisher_f64', 'binomial_factor_f64', 'binomial_fisher_product_f64', 'binomial_factor_product_f64', 'binomial_factor_transpose_product_f64')

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = CuPyNaturalParamsLoss.__init__

    def __init__(self, logits, targets=None, mask=None, weight=1.0, seed=None, trials=1):
        self._base_init((logits, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={"trials": trials})

    # The private contract of runtime/base.py (the public API is the base's): kernel launches.

    def _nll_per_case(self, y):
        p = self._cparams
        nll = self._empty()
        self._launch("nll", (
            self._count(),
            p[0],
            *self._hyper_args("trials"),
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
            *self._hyper_args("trials"),
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
            *self._hyper_args("trials"),
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
            *self._hyper_args("trials"),
            mean0,
        ))
        return (mean0, )

    def _compute_fisher(self):
        p = self._cparams
        fisher_0_0 = self._empty()
        self._launch("fisher", (
            self._count(),
            p[0],
            *self._hyper_args("trials"),
            fisher_0_0,
        ))
        return (fisher_0_0, )

    def _compute_factor(self, where):
        p = self._cparams
        factor_0_0 = self._empty()
        self._launch("factor", (
            self._count(),
            p[0],
            *self._hyper_args("trials"),
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
        (P_logits,) = self._params
        H_trials = self._hypers["trials"]
        sample = _cb.draw_binomial(rng, shape, H_trials, _cb.sigmoid(P_logits))
        return sample
