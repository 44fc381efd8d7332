"""The CuPy backend's base class: the array module, the generators and the kernel launches.

The generated CuPy classes (natloss.generated.cupy.<family>) run the CUDA kernels of
generated/cuda/<family>.cu, compiled on first use with ``cupy.RawModule`` (NVRTC) and
cached per process and device. This module imports without CuPy; CuPy is imported when
a loss is built (or ``xp`` is read), and its absence raises an ImportError that says
how to install it.

The generated classes implement the private contract of runtime/base.py (``_grad``,
``_fisher_product``, ... with one `Weighting` argument) with kernel launches. Scalar weights
and masks are folded into the kernels: ``multiply_fisher`` and friends, ``grad_of_evaluate``
and ``evaluate`` each launch one kernel that reads the inputs once and writes the result
once (``evaluate`` adds a tiny sum over the per-block partials). Per-case weights (an array
of the batch shape) are applied to the kernel's output here, one more elementwise pass
(``_after_kernel``).

The module also holds the CuPy forms of the sampler's helpers and draws, which the
generated ``_sample_unweighted`` calls as ``_cb.<name>``.
"""
from __future__ import annotations

import math
from importlib import resources

import numpy as np

from natloss.runtime.base import NaturalParamsNegativeLogProbLoss
from natloss.runtime.checks import NatlossInputError
from natloss.runtime.components import ComponentsMixin
from natloss.runtime.parametrized import ParametrizedMixin

INSTALL_HINT = 'pip install -e ".[cuda]"'
BLOCK = 256  # must equal NATLOSS_BLOCK of the generated kernels (the reduction's shared buffer)
MAX_GRID = 65535
MATH_HEADER = "natloss_math.cuh"
COUPLED_HEADER = "natloss_coupled.cuh"
BUILTIN_CUDA_PACKAGE = "natloss.generated.cuda"

_MODULES: dict = {}  # (cuda package, cuda file, device id) -> cupy.RawModule
_FUNCTIONS: dict = {}  # (cuda package, cuda file, device id, kernel name) -> cupy.RawKernel


def import_cupy():
    """cupy, or an ImportError that names the install command."""
    try:
        import cupy
    except ImportError as exc:
        raise ImportError(
            f"the natloss CuPy backend needs CuPy and a CUDA GPU; install it with {INSTALL_HINT}"
            f" (importing cupy failed: {exc})"
        ) from exc
    return cupy


class _LazyCuPy:
    """``xp``: the cupy module, imported on first access (class or instance)."""

    def __get__(self, obj, owner=None):
        return import_cupy()


def cuda_source(cuda_file: str, package: str = BUILTIN_CUDA_PACKAGE) -> str:
    """The kernels of `cuda_file` with the device headers it includes inlined (from the
    installed `package`, the cuda/ folder of the built package): natloss_math.cuh always,
    natloss_coupled.cuh for the coupled families."""
    folder = resources.files(package)
    code = (folder / cuda_file).read_text()
    include = f'#include "{MATH_HEADER}"'
    if include not in code:
        raise RuntimeError(f"{cuda_file}: expected the line {include}; run `natloss build`")
    for name in (MATH_HEADER, COUPLED_HEADER):
        include = f'#include "{name}"'
        if include in code:
            # Inlined into the main file, where "#pragma once" would draw a warning.
            header = (folder / name).read_text().replace("#pragma once\n", "", 1)
            code = code.replace(include, header, 1)
    return code


def load_module(cuda_file: str, package: str = BUILTIN_CUDA_PACKAGE):
    cp = import_cupy()
    key = (package, cuda_file, cp.cuda.Device().id)
    module = _MODULES.get(key)
    if module is None:
        module = cp.RawModule(code=cuda_source(cuda_file, package), options=("--std=c++17",))
        _MODULES[key] = module
    return module


def get_kernel(cuda_file: str, name: str, package: str = BUILTIN_CUDA_PACKAGE):
    cp = import_cupy()
    key = (package, cuda_file, cp.cuda.Device().id, name)
    kernel = _FUNCTIONS.get(key)
    if kernel is None:
        kernel = load_module(cuda_file, package).get_function(name)
        _FUNCTIONS[key] = kernel
    return kernel


def grid_size(n: int) -> int:
    return max(1, min(-(-n // BLOCK), MAX_GRID))


class CuPyNaturalParamsLoss(NaturalParamsNegativeLogProbLoss):
    xp = _LazyCuPy()
    _generator_name = "cupy.random.Generator"
    # Set by each generated class.
    _cuda_file = ""
    _cuda_package = BUILTIN_CUDA_PACKAGE  # where _cuda_file lives: the cuda/ package next to the class's cupy/
    _kernel_prefix = ""
    _kernel_names = ()

    def __init__(self, params, targets=None, mask=None, weight=1.0, seed=None, hypers=None):
        import_cupy()
        super().__init__(params, targets=targets, mask=mask, weight=weight, seed=seed, hypers=hypers)
        self._cparams = tuple(self._c(p) for p in self._params)
        self._cmask = None if self._mask is None else self._c(self._mask)
        self._n = int(self._params[0].size)

    # ------------------------------------------------------------ generators
    def _is_generator(self, seed) -> bool:
        return isinstance(seed, self.xp.random.Generator)

    def _make_generator(self, seed):
        cp = self.xp
        return seed if isinstance(seed, cp.random.Generator) else cp.random.default_rng(seed)

    # ------------------------------------------------------------ launching
    def _c(self, x):
        return self.xp.ascontiguousarray(x)

    def _real(self, x):
        """A scalar kernel argument of the loss's dtype."""
        return self._dtype.type(x)

    def _double(self, x):
        return np.float64(x)

    def _count(self):
        return np.int64(self._n)

    def _hyper_args(self, name):
        """(array or None, scalar): the kernel reads the array when it is not null."""
        value = self._hypers[name]
        if self._is_array(value):
            return self._c(value.astype(self._dtype, copy=False)), self._real(0)
        return None, self._real(value)

    def _empty(self, shape=None):
        return self.xp.empty(self._batch_shape if shape is None else shape, dtype=self._dtype)

    def _partials(self):
        return self.xp.zeros(grid_size(self._n), dtype=self.xp.float64)

    def _kernel_name(self, op: str) -> str:
        return f"{self._kernel_prefix}_{op}_{'f32' if self._dtype == np.float32 else 'f64'}"

    def _launch(self, op: str, args: tuple) -> None:
        if self._n == 0:
            return
        kernel = get_kernel(self._cuda_file, self._kernel_name(op), self._cuda_package)
        kernel((grid_size(self._n),), (BLOCK,), args)

    def _finalize_entries(self, entries, shape=None):
        return tuple(self._c(e) for e in entries)

    # ------------------------------------------ the contract's weighting, in the kernels
    # A scalar weight is folded into the kernels (their `scale` and `weight` arguments), the mask
    # too (masked-out cases come out as exact zeros). Per-case weights (an array of the batch
    # shape) are applied to the kernel's fresh output instead (``_after_kernel``): the kernel runs
    # with scale 1 and its output is multiplied in place by w_i (sqrt(w_i) for the factor), one
    # more elementwise pass; ``_nll_total`` sums w_i * nll_i over the per-case kernel's output in
    # float64.
    def _kernel_weighting(self, weighting):
        """(scale, mask) kernel arguments of a `Weighting`: its scalar scale (1 for per-case
        weights) and the mask as the kernels read it (per component for componentwise families)."""
        scale = weighting.scale if weighting.per_case is None else 1.0
        return scale, (None if weighting.mask is None else self._cmask)

    def _after_kernel(self, out, weighting):
        """Kernel outputs (an array or a tuple of arrays, fresh) times the per-case weights, in place."""
        if weighting.per_case is None:
            return out
        w = weighting.per_case
        for x in (out if isinstance(out, tuple) else (out,)):
            x *= w.reshape(w.shape + (1,) * (x.ndim - w.ndim))
        return out

    def _total(self, partial):
        return partial.sum().astype(self._dtype)

    def _nll_total(self, y, weighting):
        if weighting.per_case is None:
            return self._total(self._nll_sum(y, *self._kernel_weighting(weighting)))
        xp = self.xp
        nll = self._as_case_array(self._nll_per_case(y))
        if weighting.mask is not None:  # a select: an inf nll at a masked-out case adds 0
            nll = xp.where(weighting.mask != 0, nll, 0)
        return (nll.astype(xp.float64) * weighting.per_case.astype(xp.float64)).sum().astype(self._dtype)


class CuPyComponentsLoss(ComponentsMixin, CuPyNaturalParamsLoss):
    """CuPy base of the componentwise families: the per-component kernels of a scalar or dense
    family, with the mask spread over each row (the kernels read it per component)."""

    def __init__(self, params, targets=None, mask=None, weight=1.0, seed=None, hypers=None):
        super().__init__(params, targets=targets, mask=mask, weight=weight, seed=seed, hypers=hypers)
        if self._mask is not None:
            self._cmask = self._c(self.xp.broadcast_to(self._mask[..., None], self._component_shape()))

    def _empty(self, shape=None):
        return self.xp.empty(self._component_shape() if shape is None else shape, dtype=self._dtype)


class CuPyParametrizedLoss(ParametrizedMixin, CuPyNaturalParamsLoss):
    """CuPy base of the losses in user parameters (codegen/parametrize.py): the natural kernels'
    ops in theta, and the true Hessian's two kernels (``_compute_hessian(y)``: its entries per
    case; ``_hessian_product(v, entries)``: unweighted, ParametrizedMixin weighs it)."""


# ---------------------------------------------------------------------------
# The sampler's helpers and draws (CuPy arrays in, CuPy arrays out).
# ---------------------------------------------------------------------------
_LN2 = 0.6931471805599453


def _special():
    import_cupy()
    import cupyx.scipy.special as special

    return special


def softplus(x):
    return import_cupy().logaddexp(0.0, x)


def sigmoid(x):
    return _special().expit(x)


def exp_neg_abs(x):
    cp = import_cupy()
    return cp.exp(-cp.abs(x))


def sigmoid_e(x, e):
    """sigmoid(x) from e = exp(-|x|): 1/(1+e) for x >= 0, e/(1+e) below."""
    return import_cupy().where(x >= 0, 1.0, e) / (1.0 + e)


def sigmoid_lincomb(x, s, a, b):
    """a sigmoid(x) + b sigmoid(-x) from s = sigmoid(-|x|)."""
    cp = import_cupy()
    near = (a + b) * 0.5 + (a - b) * 0.5 * cp.tanh(x * 0.5)
    return cp.where(cp.abs(x) < 1, near, cp.where(x >= 0, a + (b - a) * s, b + (a - b) * s))


def log1mexp(x):
    cp = import_cupy()
    return cp.where(x > -_LN2, cp.log(-cp.expm1(x)), cp.log1p(-cp.exp(x)))


def lgamma_diff(x, h):
    """lgamma(x + h) - lgamma(x) (sampler-side vocabulary; the kernels use nl_lgamma_diff)."""
    return gammaln(x + h) - gammaln(x)


def log1pmx(x):
    """log(1 + x) - x (sampler-side vocabulary; the kernels use nl_log1pmx)."""
    cp = import_cupy()
    return cp.log1p(x) - x


def log1mexp_plus_exp(a):
    """log(1 - exp(a)) + exp(a) (sampler-side vocabulary; the kernels use nl_log1mexp_plus_exp)."""
    cp = import_cupy()
    return log1mexp(a) + cp.exp(a)


def log1mexp_scaled(x):
    """log(1 - exp(x)) exp(-x) (sampler-side vocabulary; the kernels use nl_log1mexp_scaled)."""
    cp = import_cupy()
    p = cp.exp(x)
    return cp.where(p < 1e-4, -(1.0 + p * (1 / 2 + p * (1 / 3 + p * (1 / 4 + p / 5)))), log1mexp(x) / p)


def log1mexp_plus_exp_scaled(x):
    """(log(1 - exp(x)) + exp(x)) exp(-2x) (sampler-side vocabulary; the kernels use nl_log1mexp_plus_exp_scaled)."""
    cp = import_cupy()
    p = cp.exp(x)
    return cp.where(p < 1e-4, -(0.5 + p * (1 / 3 + p * (1 / 4 + p * (1 / 5 + p / 6)))), log1mexp_plus_exp(x) / (p * p))


def gammaln(x):
    return _special().gammaln(x)


def log_ndtr(x):
    return _special().log_ndtr(x)


def _mills_parts(x):
    """(x + phi/Phi, phi/Phi) as numpy_math._mills_parts: a continued fraction below -2.5."""
    from natloss.runtime import numpy_math

    cp = import_cupy()
    t = cp.maximum(-x, 2.5)
    acc = cp.zeros_like(t)
    for k in range(numpy_math._MILLS_TERMS, 1, -1):
        acc = k / (t + acc)
    tail = 1 / (t + acc)
    direct = cp.exp(-x * x / 2 - log_ndtr(x)) * 0.3989422804014327
    below = x < -2.5
    return cp.where(below, tail, x + direct), cp.where(below, tail - x, direct)


def ndtr_mills(x):
    return _mills_parts(x)[1]


def mills_shift(x):
    return _mills_parts(x)[0]


def inv_exprel(x):
    """x / expm1(x) (see numpy_math.inv_exprel)."""
    cp = import_cupy()
    safe = cp.where(x == 0, 1.0, x)
    return cp.where(x == 0, 1.0, cp.where(x > 700, x * cp.exp(-cp.minimum(x, 1e300)), safe / cp.expm1(cp.minimum(safe, 700))))



def times_square(x, g):
    """x g^2 as (x g) g (see numpy_math.times_square)."""
    return (x * g) * g


def mul_exact_zero(a, v):
    """a v, exactly 0 where v == 0 (see numpy_math.mul_exact_zero)."""
    cp = import_cupy()
    return cp.where(v == 0, 0 * v, a * v)


def softplus_log_slope(x):
    """sigmoid(x) / softplus(x) (see numpy_math.softplus_log_slope), on the host."""
    from natloss.runtime import numpy_math

    cp = import_cupy()
    return cp.asarray(numpy_math.softplus_log_slope(cp.asnumpy(x)))


def softplus_log_gap(x):
    """sigmoid(x) / softplus(x) - sigmoid(-x) (see numpy_math.softplus_log_gap), on the host."""
    from natloss.runtime import numpy_math

    cp = import_cupy()
    return cp.asarray(numpy_math.softplus_log_gap(cp.asnumpy(x)))

def inv_exprel_slope(x):
    """(x e^x - expm1(x)) / expm1(x)^2 (see numpy_math.inv_exprel_slope)."""
    from natloss.runtime import numpy_math

    cp = import_cupy()
    series = cp.zeros_like(x) + numpy_math._SLOPE_SERIES[-1]
    for c in numpy_math._SLOPE_SERIES[-2::-1]:
        series = series * x + c
    small = series * cp.square(inv_exprel(x))  # series / exprel(x)^2
    e = cp.exp(-cp.abs(x))
    large = ((x - 1) * e + e * e) / cp.square(cp.expm1(-cp.abs(x)))
    xm = cp.clip(x, -700, 1)
    middle = (xm * cp.exp(xm) - cp.expm1(xm)) / cp.square(cp.expm1(cp.where(xm == 0, 1.0, xm)))
    return cp.where(cp.abs(x) < 0.5, small, cp.where(x > 1, large, middle))


def digamma(x):
    return _special().digamma(x)


def trigamma(x):
    return _special().polygamma(1, x).astype(getattr(x, "dtype", np.float64), copy=False)


def xtrigamma_m1(x):
    return x * trigamma(x) - 1


# The sampler never needs these accurately (the kernels use nl_digamma_diff / nl_trigamma_diff);
# the direct differences keep the printer's vocabulary complete.
def digamma_diff(x, h):
    return digamma(x + h) - digamma(x)


def trigamma_diff(x, h):
    return trigamma(x) - trigamma(x + h)


def trigamma_det(a, b):
    return trigamma_diff(a, b) * trigamma_diff(b, a) - trigamma(a + b) ** 2


def _as(x, shape, dtype):
    cp = import_cupy()
    return cp.broadcast_to(cp.asarray(x, dtype=dtype), shape)


def draw_normal(rng, shape, loc, scale):
    cp = import_cupy()
    return _as(loc, shape, cp.float64) + _as(scale, shape, cp.float64) * rng.standard_normal(size=shape, dtype=cp.float64)


def draw_gamma(rng, shape, k, scale):
    cp = import_cupy()
    return rng.standard_gamma(_as(k, shape, cp.float64), size=shape) * _as(scale, shape, cp.float64)


# As runtime/numpy_draws.py: counts are int64, or float64 where one may pass 2**62; above a
# rate of 1e17 a Poisson draw is its normal limit, below p = 1e-9 a geometric is drawn by inversion.
_INT_SAFE = 2.0**62
_POISSON_NORMAL_FROM = 1e17
_GEOMETRIC_INVERSION_BELOW = 1e-9


def _counts(y):
    cp = import_cupy()
    if y.size and float(y.max()) >= _INT_SAFE:
        return y
    return y.astype(cp.int64)


def draw_poisson(rng, shape, lam):
    cp = import_cupy()
    lam = _as(lam, shape, cp.float64)
    big = lam > _POISSON_NORMAL_FROM
    if not bool(big.any()):
        return rng.poisson(lam, size=shape)
    if not bool(cp.isfinite(lam).all()):
        raise NatlossInputError("sample: a Poisson rate overflowed to inf in float64 (the count has no float64 value);"
                                " refused at the parameters where the rate exceeds 1.8e308")
    small = rng.poisson(cp.where(big, 0.0, lam), size=shape).astype(cp.float64)
    normal = cp.maximum(cp.rint(lam + cp.sqrt(lam) * rng.standard_normal(size=shape, dtype=cp.float64)), 0.0)
    return _counts(cp.where(big, normal, small))


def check_trials(n):
    """NumPy's and CuPy's binomial samplers take int64 trials."""
    if hasattr(n, "max"):
        if n.size == 0:
            return
        top = float(n.max())
    else:
        top = float(n)
    if top > 2.0**63 - 1024:  # the largest float64 below 2**63
        raise NatlossInputError(
            f"sample: the binomial and multinomial draws take at most 2**63 - 1 trials (the samplers' limit), got {top:.6g}")


def draw_binomial(rng, shape, n, p):
    cp = import_cupy()
    check_trials(n)
    return rng.binomial(_as(n, shape, cp.int64), _as(p, shape, cp.float64), size=shape)


def draw_geometric(rng, shape, p):
    """Trials up to the first success (>= 1); below p = 1e-9 by inversion, 1 + floor(E / -log1p(-p))."""
    cp = import_cupy()
    p = _as(p, shape, cp.float64)
    small = p < _GEOMETRIC_INVERSION_BELOW
    if not bool(small.any()):
        return rng.geometric(p, size=shape)
    usual = rng.geometric(cp.where(small, 0.5, p), size=shape).astype(cp.float64)
    inverted = 1.0 + cp.floor(rng.standard_exponential(size=shape, dtype=cp.float64) / -cp.log1p(-p))
    if not bool(cp.isfinite(cp.where(small, inverted, 0.0)).all()):
        raise NatlossInputError("sample: a geometric count passed the float64 range (success probability below 1e-308 relative)")
    return _counts(cp.where(small, inverted, usual))


def draw_beta(rng, shape, a, b):
    cp = import_cupy()
    # Generator.beta reads array parameters as float64 without converting them.
    return rng.beta(_as(a, shape, cp.float64), _as(b, shape, cp.float64), size=shape)


def draw_uniform(rng, shape, low, high):
    cp = import_cupy()
    low, high = _as(low, shape, cp.float64), _as(high, shape, cp.float64)
    return low + (high - low) * rng.random(size=shape, dtype=cp.float64)


def draw_wald(rng, shape, mean, scale):
    """Inverse Gaussian by Michael, Schucany and Haas (1976), in a form without cancellation
    (cupy.random.Generator has no wald)."""
    cp = import_cupy()
    mu, lam = _as(mean, shape, cp.float64), _as(scale, shape, cp.float64)
    nu = rng.standard_normal(size=shape, dtype=cp.float64)
    y = mu * nu * nu
    # mu + mu/(2 lam) (y - sqrt(4 lam y + y^2)) = mu - 2 mu y / (y + sqrt(4 lam y + y^2))
    root = y + cp.sqrt(4.0 * lam * y + y * y)
    x = cp.where(y > 0, mu - 2.0 * mu * y / cp.where(y > 0, root, 1.0), mu)
    u = rng.random(size=shape, dtype=cp.float64)
    return cp.where(u * (mu + x) <= mu, x, mu * mu / x)


def draw_von_mises(rng, shape, mu, kappa):
    """An angle in [-pi, pi]: Best and Fisher (1979), vectorized, each round redrawing the cases
    not yet accepted (cupy.random.Generator has no vonmises); above kappa = 1e6, where the
    envelope's constants lose their digits, the normal limit mu + N(0, 1/kappa), as NumPy does."""
    cp = import_cupy()
    mu, kappa = _as(mu, shape, cp.float64), _as(kappa, shape, cp.float64)
    k = cp.maximum(kappa, 1e-300)
    small = kappa < 1e-5  # rho's difference cancels there: the second-order expansion instead
    moderate = cp.where(small, 1.0, k)
    tau = 1.0 + cp.sqrt(1.0 + 4.0 * moderate * moderate)
    rho = (tau - cp.sqrt(2.0 * tau)) / (2.0 * moderate)
    s = cp.where(small, 1.0 / k + k, (1.0 + rho * rho) / (2.0 * rho))
    w = cp.zeros(shape, dtype=cp.float64)
    todo = cp.ones(shape, dtype=bool)
    while bool(todo.any()):
        z = cp.cos(math.pi * rng.random(size=shape, dtype=cp.float64))
        candidate = (1.0 + s * z) / (s + z)
        y = k * (s - candidate)
        v = rng.random(size=shape, dtype=cp.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            accept = todo & ((y * (2.0 - y) - v >= 0) | (cp.log(y / v) + 1.0 - y >= 0))
        w = cp.where(accept, candidate, w)
        todo = todo & ~accept
    sign = cp.where(rng.random(size=shape, dtype=cp.float64) < 0.5, -1.0, 1.0)
    angle = mu + sign * cp.arccos(cp.clip(w, -1.0, 1.0))
    angle = cp.where(kappa > 1e6, mu + rng.standard_normal(size=shape, dtype=cp.float64) / cp.sqrt(k), angle)
    return cp.remainder(angle + math.pi, 2 * math.pi) - math.pi


CUPY_DRAWS = ("normal", "gamma", "poisson", "binomial", "geometric", "beta", "uniform", "wald", "von_mises")


# Sampler-side vocabulary only (the kernels use nl_log_factorial_saddle / nl_bd0): direct forms.
def log_factorial_saddle(n):
    cp = import_cupy()
    return gammaln(n + 1) - cp.where(n > 0, n * cp.log(cp.where(n > 0, n, 1)), 0) + n


def bd0(y, m, log_m=None):
    cp = import_cupy()
    return cp.where(y > 0, y * cp.log(cp.where(y > 0, y, 1) / m), 0) + m - y


# Sampler-side vocabulary of the special-function primitives (the kernels use nl_erf, nl_log_ndtr,
# nl_log_besseli, ...). erf and log Phi from cupyx; the Bessel forms and polygamma of order >= 2
# on the host through natloss.runtime.numpy_math (a sampler evaluates them once per draw).
def erf(x):
    return _special().erf(x)


def erfc(x):
    return _special().erfc(x)


def log_ndtr(x):
    return _special().log_ndtr(x)


def ndtr_mills(x):
    return 0.7978845608028654 / _special().erfcx(-0.7071067811865476 * x)


def _on_host(fn, *args):
    from natloss.runtime import numpy_math

    cp = import_cupy()
    host = [cp.asnumpy(a) if isinstance(a, cp.ndarray) else a for a in args]
    return cp.asarray(getattr(numpy_math, fn)(*host))


def polygamma(n, x):
    return _on_host("polygamma", n, x)


def log_besseli(nu, x):
    return _on_host("log_besseli", nu, x)


def bessel_ratio(nu, x):
    return _on_host("bessel_ratio", nu, x)


def bessel_ratio_deriv(nu, x):
    return _on_host("bessel_ratio_deriv", nu, x)


def bessel_ratio_gap(nu, x):
    return _on_host("bessel_ratio_gap", nu, x)


def _host_pair(name):
    """A two-argument numpy_math helper run on the host (the parametrizations' lbeta_exp family)."""

    def helper(a, b):
        from natloss.runtime import numpy_math

        cp = import_cupy()
        return cp.asarray(getattr(numpy_math, name)(cp.asnumpy(a), cp.asnumpy(b)))

    helper.__name__ = name
    helper.__doc__ = f"numpy_math.{name} on the host."
    return helper


lbeta_exp = _host_pair("lbeta_exp")
lbeta_exp_d = _host_pair("lbeta_exp_d")
lbeta_exp_r = _host_pair("lbeta_exp_r")
lbeta_exp_w = _host_pair("lbeta_exp_w")
lbeta_exp_c = _host_pair("lbeta_exp_c")
digamma_diff_exp = _host_pair("digamma_diff_exp")
lbeta_exp_wo = _host_pair("lbeta_exp_wo")
lbeta_exp_ro = _host_pair("lbeta_exp_ro")
lbeta_exp_k = _host_pair("lbeta_exp_k")
lbeta_exp_ko = _host_pair("lbeta_exp_ko")
lbeta_exp_v = _host_pair("lbeta_exp_v")
lbeta_exp_vo = _host_pair("lbeta_exp_vo")
log_sigmoid_ratio = _host_pair("log_sigmoid_ratio")
log_sigmoid_ratio_c = _host_pair("log_sigmoid_ratio_c")
exp_deviance = _host_pair("exp_deviance")
