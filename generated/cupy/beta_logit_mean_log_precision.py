# generated from codegen/parametrizations/beta.py by codegen/backends/cuda/templates/cupy/family.py.jinja, do not edit; run `natloss build`.
"""BetaLogitMeanLogPrecisionNegativeLogProbLoss: the beta_logit_mean_log_precision family, CuPy backend (the kernels of generated/cuda/beta_logit_mean_log_precision.cu)."""
import math  # noqa: F401 - the domains below use math.inf

from natloss.runtime import cupy_base as _cb
from natloss.runtime.cupy_base import CuPyParametrizedLoss


class BetaLogitMeanLogPrecisionNegativeLogProbLoss(CuPyParametrizedLoss):
    """Targets in (0, 1), Beta(m phi, (1 - m) phi) with m = sigmoid(logit_mean), phi = exp(log_precision).

    Structure: dense; the factor B is proved (J^T B with the natural B (symbolic: B B^T - F cancels); |B B^T - F| < 1e-20 |F| at 4 random points, 30 digits).

    Parameters logit_mean, log_precision of the beta family (BetaNegativeLogProbLoss); not canonical:
        alpha_minus_one = exp(log_precision)*sigmoid(logit_mean) - 1
        beta_minus_one = exp(log_precision)*sigmoid(-logit_mean) - 1
    J = d eta / d theta:
        J[0,0] = exp(log_precision)*sigmoid(-logit_mean)*sigmoid(logit_mean)
        J[0,1] = exp(log_precision)*sigmoid(logit_mean)
        J[1,0] = -exp(log_precision)*sigmoid(-logit_mean)*sigmoid(logit_mean)
        J[1,1] = exp(log_precision)*sigmoid(-logit_mean)
    F = GGN = J^T grad^2 A J:
        F[0,0] = times_square(polygamma(1, exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) + polygamma(1, exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))
        F[0,1] = -times_square((polygamma(1, exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) - polygamma(1, exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*exp_neg_abs(logit_mean), exp(log_precision)/(exp_neg_abs(logit_mean) + 1))
        F[1,1] = -2*times_square(exp_neg_abs(logit_mean)*polygamma(1, exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) + exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))), exp(log_precision)/(exp_neg_abs(logit_mean) + 1)) + times_square(trigamma_diff(exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) + times_square(trigamma_diff(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))), exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))
    B = J^T B_natural (B B^T = F; inner shape of the natural family):
        B[0,0] = times_square(exp_neg_abs(logit_mean)*polygamma(1, exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))/sqrt(trigamma_diff(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)))), exp(log_precision/2)/(exp_neg_abs(logit_mean) + 1))
        B[0,1] = -times_square(exp_neg_abs(logit_mean)*sqrt(trigamma_det(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))))/sqrt(trigamma_diff(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)))), exp(log_precision/2)/(exp_neg_abs(logit_mean) + 1))
        B[1,0] = (-polygamma(1, exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) + exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) + sigmoid_e(logit_mean, exp_neg_abs(logit_mean))*trigamma_diff(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))))*exp(log_precision)/sqrt(trigamma_diff(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))))
        B[1,1] = exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))*sqrt(trigamma_det(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))))/sqrt(trigamma_diff(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))))
    Hessian = F + sum_i (grad A - T)_i Hess(eta_i) (depends on the target):
        H[0,0] = times_square(log(y)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)), exp(log_precision/2)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))) - times_square(log(y)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision/2)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) - times_square(log1p(-y)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)), exp(log_precision/2)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))) + times_square(log1p(-y)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision/2)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) + times_square(polygamma(0, exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)), exp(log_precision/2)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))) - times_square(polygamma(0, exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision/2)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) - times_square(polygamma(0, exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)), exp(log_precision/2)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))) + times_square(polygamma(0, exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision/2)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) + times_square(polygamma(1, exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))) + times_square(polygamma(1, exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))
        H[0,1] = -times_square(log(y)*exp_neg_abs(logit_mean), exp(log_precision/2)/(exp_neg_abs(logit_mean) + 1)) + times_square(exp_neg_abs(logit_mean)*log1p(-y), exp(log_precision/2)/(exp_neg_abs(logit_mean) + 1)) - times_square(exp_neg_abs(logit_mean)*polygamma(0, exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))), exp(log_precision/2)/(exp_neg_abs(logit_mean) + 1)) + times_square(exp_neg_abs(logit_mean)*polygamma(0, exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))), exp(log_precision/2)/(exp_neg_abs(logit_mean) + 1)) - times_square(polygamma(1, exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) + times_square(polygamma(1, exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))
        H[1,1] = -exp(log_precision)*log(y)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)) - exp(log_precision)*digamma_diff(exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) - exp(log_precision)*digamma_diff(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)))*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)) - exp(log_precision)*log1p(-y)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) - 2*times_square(exp_neg_abs(logit_mean)*polygamma(1, exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)) + exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))), exp(log_precision)/(exp_neg_abs(logit_mean) + 1)) + times_square(trigamma_diff(exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean))), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))) + times_square(trigamma_diff(exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)), exp(log_precision)*sigmoid_e(-logit_mean, exp_neg_abs(logit_mean))), exp(log_precision)*sigmoid_e(logit_mean, exp_neg_abs(logit_mean)))

    CuPy backend: CuPy arrays in and out; the ops launch the CUDA kernels of the
    generated .cu file (compiled with NVRTC on first use); sampling uses
    cupy.random.Generator (seed: an int or a cupy.random.Generator).
    """

    family = 'beta_logit_mean_log_precision'
    structure = 'dense'
    param_names = ('logit_mean', 'log_precision')
    param_domains = ((-math.inf, True, math.inf, True), (-math.inf, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'unit_interval'
    target_bound = None
    _factor_columns = ((0, 2), (1, 3))
    factor_dim = 2
    canonical = False
    natural_family = 'beta'
    _cuda_file = 'beta_logit_mean_log_precision.cu'
    _cuda_package = __package__.rpartition(".")[0] + ".cuda"
    _kernel_prefix = 'beta_logit_mean_log_precision'
    _kernel_names = ('beta_logit_mean_log_precision_nll_reduce_f32', 'beta_logit_mean_log_precision_nll_f32', 'beta_logit_mean_log_precision_grad_f32', 'beta_logit_mean_log_precision_mean_f32', 'beta_logit_mean_log_precision_fisher_f32', 'beta_logit_mean_log_precision_factor_f32', 'beta_logit_mean_log_precision_fisher_product_f32', 'beta_logit_mean_log_precision_factor_product_f32', 'beta_logit_mean_log_precision_factor_transpose_product_f32', 'beta_logit_mean_log_precision_hessian_f32', 'beta_logit_mean_log_precision_hessian_product_f32', 'beta_logit_mean_log_precision_nll_reduce_f64', 'beta_logit_mean_log_precision_nll_f64', 'beta_logit_mean_log_precision_grad_f64', 'beta_logit_mean_log_precision_mean_f64', 'beta_logit_mean_log_precision_fisher_f64', 'beta_logit_mean_log_precision_factor_f64', 'beta_logit_mean_log_precision_fisher_product_f64', 'beta_logit_mean_log_precision_factor_product_f64', 'beta_logit_mean_log_precision_factor_transpose_product_f64', 'beta_logit_mean_log_precision_hessian_f64', 'beta_logit_mean_log_precision_hessian_product_f64')

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = CuPyParametrizedLoss.__init__

    def __init__(self, logit_mean, log_precision, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((logit_mean, log_precision, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): kernel launches.

    def _nll_per_case(self, y):
        p = self._cparams
        nll = self._empty()
        self._launch("nll", (
            self._count(),
            p[0],
            p[1],
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
            p[1],
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
        grad1 = self._empty()
        self._launch("grad", (
            self._count(),
            p[0],
            p[1],
            self._c(y),
            mask,
            self._real(scale),
            grad0,
            grad1,
        ))
        return self._after_kernel((grad0, grad1, ), weighting)

    def _mean_unweighted(self):
        p = self._cparams
        mean0 = self._empty()
        mean1 = self._empty()
        self._launch("mean", (
            self._count(),
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
            self._count(),
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
        factor_0_1 = self._empty()
        factor_1_0 = self._empty()
        factor_1_1 = self._empty()
        self._launch("factor", (
            self._count(),
            p[0],
            p[1],
            factor_0_0,
            factor_0_1,
            factor_1_0,
            factor_1_1,
        ))
        return self._entries_at(where, (factor_0_0, factor_0_1, factor_1_0, factor_1_1, ))

    def _fisher_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        fisher = self._fisher_entries()
        out0 = self._empty()
        out1 = self._empty()
        self._launch("fisher_product", (
            self._count(),
            fisher[0],
            fisher[1],
            fisher[2],
            self._c(v[0]),
            self._c(v[1]),
            mask,
            self._real(scale),
            out0,
            out1,
        ))
        return self._after_kernel((out0, out1, ), weighting)

    def _factor_product(self, u, weighting):
        scale, mask = self._kernel_weighting(weighting)
        factor = self._factor_entries()
        out0 = self._empty()
        out1 = self._empty()
        self._launch("factor_product", (
            self._count(),
            factor[0],
            factor[1],
            factor[2],
            factor[3],
            self._c(u),
            mask,
            self._real(scale),
            out0,
            out1,
        ))
        return self._after_kernel((out0, out1, ), weighting)

    def _factor_transpose_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        factor = self._factor_entries()
        out = self._empty(self.fisher_factor_inner_shape)
        self._launch("factor_transpose_product", (
            self._count(),
            factor[0],
            factor[1],
            factor[2],
            factor[3],
            self._c(v[0]),
            self._c(v[1]),
            mask,
            self._real(scale),
            out,
        ))
        return self._after_kernel(out, weighting)

    def _compute_hessian(self, y):
        p = self._cparams
        hessian_0_0 = self._empty()
        hessian_0_1 = self._empty()
        hessian_1_1 = self._empty()
        self._launch("hessian", (
            self._count(),
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
            self._count(),
            entries[0],
            entries[1],
            entries[2],
            self._c(v[0]),
            self._c(v[1]),
            out0,
            out1,
        ))
        return (out0, out1, )

    def _sample_unweighted(self, rng, shape):
        (P_logit_mean, P_log_precision,) = self._params
        cp = self.xp
        sample = _cb.draw_beta(rng, shape, cp.exp(P_log_precision)*_cb.sigmoid(P_logit_mean), cp.exp(P_log_precision)*_cb.sigmoid(-P_logit_mean))
        return sample
