"""Stable special functions for the generated NumPy code (imported there as ``_m``).

Each keeps the input's float dtype: float32 in, float32 out.
"""
from __future__ import annotations

import functools
import math

import numpy as np
from scipy import special as _sc

_LN2 = 0.6931471805599453


def softplus(x):
    """log(1 + exp(x)) = max(x, 0) + log1p(exp(-|x|))."""
    return np.logaddexp(0.0, x)


def sigmoid(x):
    """1 / (1 + exp(-x)) for both signs of x; exp(x) below -700, where expit flushes the
    subnormal results (x < -709.78) to 0 and exp(x) is exact to 1e-304 relative."""
    out = _sc.expit(x)
    if np.ndim(out) == 0:
        return np.exp(x) if x < -700.0 else out
    if out.dtype == np.float64:  # float32 never reaches the tail: exp(-700) underflows there
        tail = x < -700.0
        if tail.any():
            with np.errstate(under="ignore"):
                out[tail] = np.exp(x[tail])
    return out


def exp_neg_abs(x):
    """exp(-|x|)."""
    return np.exp(-np.abs(x))


def sigmoid_e(x, e):
    """sigmoid(x) from e = exp(-|x|): 1/(1+e) for x >= 0, e/(1+e) below."""
    return np.where(x >= 0, 1.0, e) / (1.0 + e)


def sigmoid_lincomb(x, s, a, b):
    """a sigmoid(x) + b sigmoid(-x) from s = sigmoid(-|x|) (a and b arrive evaluated).

    For |x| < 1, (a + b) / 2 + (a - b) / 2 tanh(x / 2): the Binomial's (n - y) sigmoid(x) -
    y sigmoid(-x) at y = n / 2 is then n tanh(x / 2) / 2, not 5 - 10 s cancelling at x = 1e-8."""
    with np.errstate(invalid="ignore", over="ignore"):
        near = (a + b) * 0.5 + (a - b) * 0.5 * np.tanh(x * 0.5)
    return np.where(np.abs(x) < 1, near, np.where(x >= 0, a + (b - a) * s, b + (a - b) * s))


def log1mexp(x):
    """log(1 - exp(x)) for x < 0 (Maechler 2012: expm1 near 0, log1p far below), each
    branch evaluated only where it is used."""
    x = np.asarray(x)
    near = x > -_LN2
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.atleast_1d(np.log(-np.expm1(x)))
        if not near.all():
            far = ~near
            out[np.atleast_1d(far)] = np.log1p(-np.exp(x[far]))
    return out.reshape(x.shape)[()]


# 1 / (2k + 3), k = 0..15: the series of (log1p(x) - x + t x) / (2 t^3) in t^2 <= 1/9.
_LOG1PMX_SERIES = tuple(1.0 / (2 * k + 3) for k in range(16))


def log1pmx(x):
    """log(1 + x) - x for x > -1, computed in float64, returned in the input's dtype.

    For -1/2 < x < 1, with t = x / (2 + x): log1p(x) = 2 atanh(t) and x - 2t = t x, so
    log1p(x) - x = -t x + 2 t^3 (1/3 + t^2/5 + ...), both parts of one sign (no cancellation);
    |t| <= 1/3, 16 terms leave < 1e-17. Elsewhere the direct form loses at most a factor 4."""
    dtype = np.asarray(x).dtype if np.asarray(x).dtype.kind == "f" else np.dtype(np.float64)
    x64 = np.asarray(x, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = x64 / (2.0 + x64)
        t2 = t * t
        series = 0.0
        for c in reversed(_LOG1PMX_SERIES):
            series = series * t2 + c
        out = np.where((x64 > -0.5) & (x64 < 1.0), -t * x64 + 2.0 * t * t2 * series, np.log1p(x64) - x64)
    return _weak(x, out.astype(dtype, copy=False)[()])


def log1mexp_plus_exp(a):
    """log(1 - exp(a)) + exp(a) for a < 0: log1pmx(-exp(a)) below -ln 2, where the sum cancels to
    -exp(2a)/2; above, log1mexp(a) + exp(a) (no cancellation; exp(a) may round to 1 there, which
    log1pmx(-1) = -inf would not survive)."""
    a = np.asarray(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        far = log1pmx(-np.exp(np.minimum(a, -_LN2)))
        near = log1mexp(np.maximum(a, -_LN2)) + np.exp(np.maximum(a, -_LN2))
    return np.where(a < -_LN2, far, near)[()]


# Below p = exp(x) = 1e-4 the series -(1 + p/2 + p^2/3 + p^3/4 + p^4/5) leaves < 2e-21.
_SCALED_TAIL_P = 1e-4


def log1mexp_scaled(x):
    """log(1 - exp(x)) exp(-x) for x < 0, in float64, returned in the input's dtype: the series in
    p = exp(x) below p = 1e-4 (it tends to -1 where log1mexp(x) ~ -p underflows), else
    log1mexp(x) / p (p >= 1e-4: no under- or overflow)."""
    dtype = np.asarray(x).dtype if np.asarray(x).dtype.kind == "f" else np.dtype(np.float64)
    x64 = np.asarray(x, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        p = np.exp(x64)
        series = -(1.0 + p * (1 / 2 + p * (1 / 3 + p * (1 / 4 + p / 5))))
        direct = log1mexp(np.maximum(x64, np.log(_SCALED_TAIL_P))) / np.maximum(p, _SCALED_TAIL_P)
        out = np.where(p < _SCALED_TAIL_P, series, direct)
    return _weak(x, out.astype(dtype, copy=False)[()])


def log1mexp_plus_exp_scaled(x):
    """(log(1 - exp(x)) + exp(x)) exp(-2x) for x < 0, in float64: the series -(1/2 + p/3 + p^2/4 +
    p^3/5 + p^4/6) below p = exp(x) = 1e-4 (it tends to -1/2 where the sum ~ -p^2/2 underflows),
    else log1mexp_plus_exp(x) / p^2."""
    dtype = np.asarray(x).dtype if np.asarray(x).dtype.kind == "f" else np.dtype(np.float64)
    x64 = np.asarray(x, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        p = np.exp(x64)
        series = -(0.5 + p * (1 / 3 + p * (1 / 4 + p * (1 / 5 + p / 6))))
        q = np.maximum(p, _SCALED_TAIL_P)
        direct = log1mexp_plus_exp(np.maximum(x64, np.log(_SCALED_TAIL_P))) / (q * q)
        out = np.where(p < _SCALED_TAIL_P, series, direct)
    return _weak(x, out.astype(dtype, copy=False)[()])


def _weak(x, out):
    """A Python scalar in (a hyper-parameter) -> a Python float out, so that it stays a weak
    scalar in the array expression: gammaln(r) - gammaln(r + y) with float32 y is then
    computed in float32 on both sides and cancels exactly where the exact value does."""
    return float(out) if isinstance(x, (int, float)) and not isinstance(x, np.generic) else out


def gammaln(x):
    return _weak(x, _sc.gammaln(x))


def digamma(x):
    return _weak(x, _sc.psi(x))


def trigamma(x):
    # zeta(2, x) = sum_k 1 / (x + k)^2 = trigamma(x); keeps float32 where polygamma would not.
    return _weak(x, _sc.zeta(2.0, x))


# x trigamma(x) - 1 = 1/(2x) + 1/(6x^2) - 1/(30x^4) + 1/(42x^6) - 1/(30x^8) + 5/(66x^10) - 691/(2730x^12) + 7/(6x^14)
_XTRIGAMMA_SERIES = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6)


def xtrigamma_m1(x):
    """x trigamma(x) - 1 for x > 0, without the cancellation of the direct form at large x.

    Below x = 20 the direct form loses at most a factor 2x = 40 ulps; above, the
    asymptotic series' first omitted term is below 1e-19 relative.
    """
    x64 = np.asarray(x, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        direct = x64 * _sc.zeta(2.0, x64) - 1.0
        inv2 = 1.0 / (x64 * x64)
        series = 0.0
        for c in reversed(_XTRIGAMMA_SERIES):
            series = series * inv2 + c
        asymptotic = 0.5 / x64 + series * inv2
    out = np.where(x64 < 20.0, direct, asymptotic)
    return out.astype(np.asarray(x).dtype, copy=False)


def one_hot(y, like):
    """One-hot rows of the int class indices y, with the shape and dtype of `like` (..., K)."""
    out = np.zeros(like.shape, dtype=like.dtype)
    np.put_along_axis(out, y[..., None], 1, axis=-1)
    return out


def _full(a, like):
    """a as a writable array of like's shape and dtype (the generated code passes a fresh one)."""
    if np.shape(a) != like.shape or not isinstance(a, np.ndarray) or not a.flags.writeable:
        a = np.array(np.broadcast_to(a, like.shape), dtype=like.dtype)
    return a


def set_at_class(a, y, value, like):
    """a (..., K), at like's shape, with the entry at the class y[...] of each row set to value."""
    a = _full(a, like)
    np.put_along_axis(a, y[..., None], np.broadcast_to(value, y.shape + (1,)), axis=-1)
    return a


def set_at_column(a, column, value, like):
    """a (..., K), at like's shape, with column `column` of each row set to value."""
    a = _full(a, like)
    a[..., column] = np.broadcast_to(value, like.shape[:-1] + (1,))[..., 0]
    return a


def log1p_sum_exp_excl_max(shifted):
    """log1p(sum over k != argmax of exp(shifted_k)) along the last axis, keepdims.

    shifted = x - max(x), so its argmax entry is exactly 0. Leaving that entry's 1 out of
    the sum keeps the tail accurate: log-sum-exp = max + this, and -log p_argmax = this.
    """
    e = np.exp(shifted)
    np.put_along_axis(e, np.argmax(shifted, axis=-1)[..., None], 0.0, axis=-1)
    return np.log1p(np.sum(e, axis=-1, keepdims=True))


# Asymptotic-series coefficients: B_2k / (2k) (digamma) and B_2k (trigamma), k = 1..11.
_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798,
              -174611 / 330, 854513 / 138)
_PSI_DIFF_SHIFT = 10  # recurrence up to x >= 10: truncation of both series below 1e-17 relative


def _psi_diff_setup(x, h):
    """float64 x, h; the shift m that brings x to >= 10 and the dtype to return."""
    dtype = np.result_type(np.asarray(x).dtype, np.asarray(h).dtype)
    x64, h64 = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(h, dtype=np.float64))
    m = np.where(x64 < _PSI_DIFF_SHIFT, np.ceil(_PSI_DIFF_SHIFT - x64), 0.0)
    return x64, h64, m, dtype


def _psi_diff_series(xs, h, terms):
    """(1 - w) sum c_n x^-n S_n over the (n, c_n) of `terms`, w = x / (x + h), S_n = 1 + w + ... + w^(n-1).

    x^-n - (x + h)^-n = x^-n (1 - w^n) = x^-n (1 - w) S_n: every factor is positive, so the
    difference of the two series is summed without cancellation."""
    t = 1.0 / xs
    w = xs / (xs + h)
    s, n, power, total = 1.0, 1, t, 0.0
    for order, c in terms:
        while n < order:
            s, n, power = 1.0 + w * s, n + 1, power * t
        total = total + c * power * s
    return (h / (xs + h)) * total


# (n, c_n) of the asymptotic series psi(x) ~ log x - 1/(2x) - sum_k B_2k / (2k x^2k) and
# psi_1(x) ~ 1/x + 1/(2x^2) + sum_k B_2k / x^(2k+1), up to the sign of the difference.
_DIGAMMA_TERMS = ((1, 0.5),) + tuple((2 * k, b / (2 * k)) for k, b in enumerate(_BERNOULLI[:8], 1))
_TRIGAMMA_TERMS = ((1, 1.0), (2, 0.5)) + tuple((2 * k + 1, b) for k, b in enumerate(_BERNOULLI, 1))


def digamma_diff(x, h):
    """psi(x + h) - psi(x) for x > 0, h >= 0, without the cancellation of the direct
    difference when h << x: the recurrence's terms h / ((x + j)(x + h + j)) and the
    asymptotic series' differences (log1p(h/x), x^-n (1 - w^n)) are all positive."""
    x64, h64, m, dtype = _psi_diff_setup(x, h)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        acc = np.zeros_like(x64)
        for j in range(_PSI_DIFF_SHIFT):
            u = x64 + j
            acc = acc + np.where(j < m, (h64 / (u + h64)) / u, 0.0)
        xs = x64 + m
        series = _psi_diff_series(xs, h64, _DIGAMMA_TERMS)
        out = acc + (np.log1p(h64 / xs) + series)
    return out.astype(dtype, copy=False)[()]


def trigamma_diff(x, h):
    """psi_1(x) - psi_1(x + h) for x > 0, h >= 0; as digamma_diff, every term positive:
    1/u^2 - 1/v^2 = (h / v) / u (1/u + 1/v) with v = u + h."""
    x64, h64, m, dtype = _psi_diff_setup(x, h)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        acc = np.zeros_like(x64)
        for j in range(_PSI_DIFF_SHIFT):
            u = x64 + j
            v = u + h64
            acc = acc + np.where(j < m, (h64 / v) / u * (1.0 / u + 1.0 / v), 0.0)
        xs = x64 + m
        out = acc + _psi_diff_series(xs, h64, _TRIGAMMA_TERMS)
    return out.astype(dtype, copy=False)[()]


def trigamma_det(a, b):
    """psi_1(a) psi_1(b) - psi_1(s) (psi_1(a) + psi_1(b)), s = a + b, for a, b > 0 (the Beta's det F).

    min(a, b) < 5: trigamma_diff(a, b) trigamma_diff(b, a) - psi_1(s)^2, which cancels by at
    most ~2 min(a, b) (~1e-14 measured). Above, with q(x) = x xtrigamma_m1(x) (from 1 down to
    1/2) and psi_1(x) = (1 + q(x)/x)/x: det = (q(a) + q(b) - q(s) + R) / (a b s), where
    q(a) + q(b) - q(s) > 1/2 is a sum of positives and R = s q(a) q(b) / (a b) - q(s) (b q(a) / a
    + a q(b) / b) / s ~ 1/(2s) carries the remaining cancellation, s / (a b) <= 2 / min(a, b) small.
    """
    dtype = np.result_type(np.asarray(a).dtype, np.asarray(b).dtype)
    a64, b64 = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        s = a64 + b64
        small = trigamma_diff(a64, b64) * trigamma_diff(b64, a64) - np.square(_sc.zeta(2.0, s))
        qa, qb, qs = a64 * xtrigamma_m1(a64), b64 * xtrigamma_m1(b64), s * xtrigamma_m1(s)
        rest = s * qa * qb / (a64 * b64) - qs * (qa * (b64 / a64) + qb * (a64 / b64)) / s
        large = ((qa + (qb - qs)) + rest) / a64 / b64 / s
    out = np.where(np.minimum(a64, b64) < 5.0, small, large)
    return out.astype(dtype, copy=False)[()]


# stirlerr(n) = lgamma(n + 1) - (n + 1/2) log n + n - log(2 pi) / 2 ~ sum_k B_2k / (2k (2k - 1) n^(2k - 1)):
# from n = 8 on, nine terms leave less than 1e-17 of log_factorial_saddle (>= 1.9 there).
_STIRLERR_SERIES = tuple(b / (2 * k * (2 * k - 1)) for k, b in enumerate(_BERNOULLI[:9], 1))
_STIRLING_FROM = 8.0
_HALF_LOG_2PI = 0.9189385332046728


def _odd_series(coefficients, z):
    """sum_k c_k z^(1 - 2k), k = 1, 2, ... (an asymptotic series in 1/z of odd powers), by Horner in 1/z^2."""
    t = 1.0 / z
    t2 = t * t
    s = 0.0
    for c in reversed(coefficients):
        s = s * t2 + c
    return s * t


def _stirling_rest(z):
    """lgamma(z) - (z - 1/2) log z + z - log(2 pi) / 2 = stirlerr(z), for z >= 8 (nine terms)."""
    return _odd_series(_STIRLERR_SERIES, z)


def lgamma_diff(x, h):
    """lgamma(x + h) - lgamma(x) for x > 0, x + h > 0, computed in float64.

    Where x and x + h are both >= 8, Stirling's form: (x - 1/2) log1p(h / x) + h log(x + h) - h
    + stirlerr(x + h) - stirlerr(x); the direct difference of two ~x log x values cancels to
    ~h log x (lgamma(y + r) - lgamma(y + 1) at y = 1e8 loses 8 digits). Below, the direct form
    (values below ~9 in size). Each branch is evaluated only where it is used."""
    # a Python number (a hyper-parameter) does not decide the dtype: float32 y stays float32
    arrays = [np.asarray(v).dtype for v in (x, h) if not isinstance(v, (int, float)) or isinstance(v, np.generic)]
    dtype = np.result_type(*arrays) if arrays else np.dtype(np.float64)
    dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)
    x64, h64 = np.broadcast_arrays(np.asarray(x, dtype=np.float64), np.asarray(h, dtype=np.float64))

    def direct(where):
        xv, hv = x64[where], h64[where]
        return _sc.gammaln(xv + hv) - _sc.gammaln(xv)

    def stirling(where):
        xv, hv = x64[where], h64[where]
        z = xv + hv
        return (xv - 0.5) * np.log1p(hv / xv) + (hv * np.log(z) - hv) + (_stirling_rest(z) - _stirling_rest(xv))

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = _by_branch(x64.shape, (x64 >= _STIRLING_FROM) & (x64 + h64 >= _STIRLING_FROM), stirling, direct)
    out = out.astype(dtype, copy=False)[()]
    return float(out) if not arrays else out


def _by_branch(shape, mask, first, second):
    """An array with first(where mask) and second(where not), each evaluated only there
    (branch(where) reads its inputs at `where`; a branch taken everywhere gets Ellipsis)."""
    if mask.all() or not mask.any():
        out = (first if mask.all() else second)(Ellipsis)
        return out if np.shape(out) == shape else np.array(np.broadcast_to(out, shape))
    out = np.empty(shape, dtype=np.float64)
    out[mask] = first(mask)
    rest = ~mask
    out[rest] = second(rest)
    return out


def log_factorial_saddle(n):
    """lgamma(n + 1) - n log n + n for n >= 0 (0 at n = 0), computed in float64.

    Below n = 8 the direct form, which cancels by at most a factor 9 (n log n ~ 16.6 against
    ~1.9); for n < 1 its error is absolute, ~1e-17 (lgamma(1 + n) rounds 1 + n); above, stirlerr's
    asymptotic series plus log(2 pi n) / 2, two positive terms. Each branch is evaluated only
    where it is used."""
    dtype = np.asarray(n).dtype if np.asarray(n).dtype.kind == "f" else np.float64
    n64 = np.asarray(n, dtype=np.float64)

    def direct(where):
        v = n64[where]
        return _sc.gammaln(v + 1.0) - _sc.xlogy(v, v) + v

    def stirling(where):
        v = n64[where]
        t = 1.0 / v
        t2 = t * t
        series = 0.0
        for c in reversed(_STIRLERR_SERIES):
            series = series * t2 + c
        return series * t + (_HALF_LOG_2PI + 0.5 * np.log(v))

    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = _by_branch(n64.shape, ~(n64 >= _STIRLING_FROM), direct, stirling)  # NaN takes the direct form
    return _weak(n, out.astype(dtype, copy=False)[()])


# |v| < 0.1: v^2 < 1e-2, so the series' nine terms leave less than 1e-19 of bd0 behind.
_BD0_SERIES = tuple(1.0 / (2 * j + 1) for j in range(1, 10))
_BD0_NEAR = 0.1
_TINY64 = np.finfo(np.float64).tiny
_HUGE64 = np.finfo(np.float64).max


def bd0(y, m, log_m=None):
    """y log(y / m) + m - y for y >= 0, m > 0 (m at y = 0), computed in float64 (Loader 2000).

    Where |y - m| < 0.1 (y + m): with v = (y - m) / (y + m), y log(y / m) = 2 y atanh(v), so
    bd0 = (y - m) v + 2 y (v^3 / 3 + v^5 / 5 + ...), the leading term >= 0 and the rest below
    7% of it. Elsewhere the direct form, whose log(y / m) is at least 0.2 away from 0 (log y -
    log m where the ratio under- or overflows). Each branch is evaluated only where it is used.
    ``log_m``, if given, is log m computed apart: used where m itself under- or overflowed."""
    dtype = np.result_type(np.asarray(y).dtype, np.asarray(m).dtype)
    dtype = dtype if dtype.kind == "f" else np.float64
    y64, m64 = np.broadcast_arrays(np.asarray(y, dtype=np.float64), np.asarray(m, dtype=np.float64))
    if log_m is not None:
        log_m64 = np.broadcast_to(np.asarray(log_m, dtype=np.float64), y64.shape)

    def near(where):
        yv, mv = y64[where], m64[where]
        d = yv - mv
        v = d / (yv + mv)
        v2 = v * v
        series = 0.0
        for c in reversed(_BD0_SERIES):
            series = series * v2 + c
        return d * v + 2.0 * yv * (v * v2 * series)

    def far(where):
        yv, mv = y64[where], m64[where]
        ratio = yv / mv
        out = np.asarray(_sc.xlogy(yv, ratio) + (mv - yv))  # 0 log 0 = 0: bd0(0, m) = m
        bad = (yv > 0) & ~((ratio >= _TINY64) & (ratio <= _HUGE64))
        if bad.any():  # y / m under- or overflows: log y - log m instead
            out[bad] = yv[bad] * (np.log(yv[bad]) - np.log(mv[bad])) + (mv[bad] - yv[bad])
        info = np.finfo(dtype)
        lost = ~((mv >= info.tiny) & (mv <= info.max))
        if log_m is not None and lost.any():  # m under- or overflowed: y (log y - log m) + m - y
            yl, lm = yv[lost], log_m64[where][lost]
            with np.errstate(all="ignore"):
                out[lost] = _sc.xlogy(yl, yl) - yl * lm + np.exp(lm) - yl
        # m overflowed in its own computation (y^2 / 2 at y = 1e155): bd0 >= m - y is +inf
        # there, not the NaN of -inf + inf.
        out[np.isposinf(mv) & np.isfinite(yv)] = np.inf
        return out

    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        out = _by_branch(y64.shape, np.abs(y64 - m64) < _BD0_NEAR * (y64 + m64), near, far)
    return out.astype(dtype, copy=False)[()]


def sum_excl_max(e):
    """The sum along the last axis of every entry but the (first) largest, keepdims: at the
    argmax, the sum of the others without the cancellation of sum - max."""
    e = np.array(e, copy=True)
    np.put_along_axis(e, np.argmax(e, axis=-1)[..., None], 0, axis=-1)
    return np.sum(e, axis=-1, keepdims=True)


def log_ndtr(x):
    """log Phi(x), the log of the standard normal CDF: SciPy's below 0, log1p(-Phi(-x)) above,
    where SciPy's loses digits of the tiny result (5.7e-14 relative at x = 30)."""
    with np.errstate(under="ignore"):
        out = np.where(x > 0, np.log1p(-_sc.ndtr(-np.abs(x))), _sc.log_ndtr(x))
    return _weak(x, out[()] if out.ndim == 0 else out)


def inv_exprel(x):
    """x / expm1(x): 1 at 0, x e^-x far above (SciPy's exprel is expm1(x) / x, inf above 709)."""
    return _weak(x, 1 / _sc.exprel(x))



def times_square(x, g):
    """x g^2 as (x g) g: each product moves toward the result, so neither over- nor underflows
    where x g^2 does not (g^2 alone does at |g| > 1.3e154)."""
    return (x * g) * g


def mul_exact_zero(a, v):
    """a v, exactly 0 where v == 0: a term F_ij v_j of a dense product whose entry F_ij, a finite
    real, overflowed to inf (inf * 0 would be NaN where the exact term is 0)."""
    if np.all(np.isfinite(a)):  # the usual case: nothing overflowed, the plain product
        return a * v
    with np.errstate(invalid="ignore"):
        return np.where(v == 0, 0 * v, a * v)


def softplus_log_slope(x):
    """sigmoid(x) / softplus(x) = d/dx log softplus(x), in (0, 1): below -20 (t = e^x < 2.1e-9) the
    series 1 - t/2 + 5t^2/12 (next term t^3 < 1e-26), where both underflow far enough down."""
    x = np.asarray(x)
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        out = np.asarray(_sc.expit(x) / np.logaddexp(0.0, x))
        low = x < -20.0
        if low.any():  # only there: the series costs an exp over the whole array otherwise
            t = np.exp(x[low])
            out[low] = 1 - t * (0.5 - t * (5 / 12))
    return out[()]


def softplus_log_gap(x):
    """sigmoid(x) / softplus(x) - sigmoid(-x) > 0: below -20 the series t/2 - 7t^2/12 (t = e^x); up to 0
    -log1pmx(t) sigmoid(-x) / softplus(x), where the difference of two numbers near 1 cancels; above 0
    the difference, which loses at most a factor 4 (sigmoid(-x) < 0.7 q there)."""
    x = np.asarray(x)
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        out = np.asarray(_sc.expit(x) / np.logaddexp(0.0, x) - _sc.expit(-x))
        below = x <= 0.0
        if below.any():
            xb = x[below]
            t = np.exp(xb)
            mid = -log1pmx(t) * _sc.expit(-xb) / np.logaddexp(0.0, xb)
            out[below] = np.where(xb < -20.0, t * (0.5 - t * (7 / 12)), mid)
    return out[()]

# (k - 1) / k! for k = 2 .. 17: the Taylor coefficients of x e^x - expm1(x) over x^2.
_SLOPE_SERIES = tuple((k - 1) / math.factorial(k) for k in range(2, 18))


def inv_exprel_slope(x):
    """(x e^x - expm1(x)) / expm1(x)^2 = -(d/dx) x / expm1(x): a series over exprel(x)^2 for
    |x| < 0.5 (the difference cancels there), ((x - 1) e^-x + e^-2x) / expm1(-x)^2 above 1
    (no overflow), the direct form elsewhere."""
    x = np.asarray(x)
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        series = np.zeros_like(x) + _SLOPE_SERIES[-1]
        for c in _SLOPE_SERIES[-2::-1]:
            series = series * x + c
        small = series / np.square(_sc.exprel(x))
        e = np.exp(-np.abs(x))
        large = ((x - 1) * e + e * e) / np.square(np.expm1(-np.abs(x)))
        middle = (x * np.exp(x) - np.expm1(x)) / np.square(np.expm1(x))
        out = np.where(np.abs(x) < 0.5, small, np.where(x > 1, large, middle))
    return out.astype(x.dtype, copy=False)[()] if out.ndim == 0 else out.astype(x.dtype, copy=False)


_MILLS_TERMS = 100  # Laplace's continued fraction at t >= 2.5: 1e-16 relative


def _mills_tail(t):
    """phi(t) / Phi(-t) - t = 1 / (t + 2 / (t + 3 / (t + ...))) for t >= 2.5."""
    acc = np.zeros_like(t)
    for k in range(_MILLS_TERMS, 1, -1):
        acc = k / (t + acc)
    return 1 / (t + acc)


def _mills_parts(x):
    """(x + phi/Phi, phi/Phi) elementwise: the continued fraction below -2.5, the direct form above."""
    x = np.asarray(x)
    with np.errstate(over="ignore", under="ignore"):
        direct = np.exp(-x * x / 2 - log_ndtr(x)) * 0.3989422804014327
    tail = x < -2.5
    shift, mills = x + direct, direct
    if np.any(tail):
        k = _mills_tail(-x[tail]) if x.ndim else _mills_tail(-x)
        shift, mills = np.array(shift, copy=True), np.array(mills, copy=True)
        if x.ndim:
            shift[tail], mills[tail] = k, k - x[tail]
        else:
            shift, mills = k, k - x
    return shift, mills


def ndtr_mills(x):
    """phi(x) / Phi(x), the inverse Mills ratio: d/dx log Phi(x)."""
    return _weak(x, _mills_parts(x)[1][()])


def mills_shift(x):
    """x + phi(x) / Phi(x) > 0, without the cancellation below -2.5."""
    return _weak(x, _mills_parts(x)[0][()])


# The row's dominant entry of the coupled products (codegen/coupled.py, DominantEntry): one
# argmax per row and gathers/scatters at it, instead of masks over the whole (B, K) array.
def dominant_entry(x, row_max, flag):
    """(index, flag), keepdims: each row's first argmax of x (row_max is where the CUDA kernels
    compare), and the per-row condition under which it is the dominant entry."""
    return np.argmax(x, axis=-1)[..., None], np.broadcast_to(flag, x.shape[:-1] + (1,))


def row_sum_others(a, dominant):
    """sum over the last axis of a but its dominant entry (keepdims); a is written into."""
    index, flag = dominant
    at = np.take_along_axis(a, index, axis=-1)
    np.put_along_axis(a, index, np.where(flag, 0, at), axis=-1)
    return np.sum(a, axis=-1, keepdims=True)


def at_dominant(a, dominant):
    """a at each row's dominant entry, 0 in a row without one (keepdims)."""
    index, flag = dominant
    return np.where(flag, np.take_along_axis(a, index, axis=-1), 0)


def set_at_dominant(a, value, dominant):
    """a with each row's dominant entry set to value (per row); a is written into."""
    index, flag = dominant
    np.put_along_axis(a, index, np.where(flag, value, np.take_along_axis(a, index, axis=-1)), axis=-1)
    return a


# ---------------------------------------------------------------- erf, log Phi, polygamma
def erf(x):
    return _weak(x, _sc.erf(x))


def erfc(x):
    return _weak(x, _sc.erfc(x))




_SQRT_2_OVER_PI = 0.7978845608028654
_SQRT_HALF = 0.7071067811865476




def polygamma(n, x):
    """psi^(n)(x) for an integer order n >= 2: (-1)^(n+1) n! zeta(n + 1, x) (keeps float32)."""
    n = int(n)
    return _weak(x, (-1.0) ** (n + 1) * math.factorial(n) * _sc.zeta(n + 1.0, x))


# ------------------------------------------------------- modified Bessel functions I_nu
# Below x = _BESSEL_SERIES_TO the power series (every term positive); above, Hankel's
# asymptotic expansion of I_nu(x) e^-x sqrt(2 pi x) and the series in 1/x of
# R_nu = I_{nu+1} / I_nu that the Riccati equation R' = 1 - R^2 - (2 nu + 1) R / x gives.
# At x >= 20 both truncate below 1e-17 for the orders 0 <= nu <= 4 the tests cover.
_BESSEL_SERIES_TO = 20.0
_BESSEL_SERIES_TERMS = 80
_BESSEL_ASYMPTOTIC_TERMS = 40
_BESSEL_DERIV_TERMS = 120  # M(q) at x = 20 has its largest term near k = 20


def _bessel_series_tail(nu, q):
    """sum over k >= 1 of q^k / (k! (nu + 1)_k), q = x^2 / 4: S_nu - 1, all terms positive."""
    term = np.ones_like(q)
    total = np.zeros_like(q)
    for k in range(1, _BESSEL_SERIES_TERMS + 1):
        term = term * q / (k * (k + nu))
        total = total + term
    return total


@functools.lru_cache(maxsize=None)
def _hankel_coefficients(nu):
    """(-1)^k a_k(nu), I_nu(x) e^-x sqrt(2 pi x) ~ sum_k (-1)^k a_k(nu) / x^k."""
    out, a = [], 1.0
    for k in range(1, _BESSEL_ASYMPTOTIC_TERMS + 1):
        a = a * (4.0 * nu * nu - (2 * k - 1) ** 2) / (8.0 * k)
        out.append((-1) ** k * a)
    return tuple(out)


@functools.lru_cache(maxsize=None)
def _ratio_coefficients(nu):
    """c_n of R_nu(x) ~ sum_n c_n / x^n (c_0 = 1), from the Riccati equation term by term."""
    c = [1.0]
    for n in range(1, _BESSEL_ASYMPTOTIC_TERMS + 2):
        c.append(((n - 2 - 2 * nu) * c[n - 1] - sum(c[i] * c[n - i] for i in range(1, n))) / 2.0)
    return tuple(c)


def _poly(coefficients, t):
    """sum_k coefficients[k] t^(k + 1), by Horner."""
    acc = np.zeros_like(t)
    for c in reversed(coefficients):
        acc = (acc + c) * t
    return acc


def _bessel_prepare(nu, x):
    nu = float(nu)
    dtype = np.asarray(x).dtype if np.asarray(x).dtype.kind == "f" else np.float64
    x64 = np.asarray(x, dtype=np.float64)
    return nu, dtype, x64


def log_besseli(nu, x):
    """log I_nu(x) for x >= 0 (-inf at x = 0 for nu > 0), computed in float64: nu log(x/2) -
    lgamma(nu + 1) + log1p(S_nu - 1) below x = 20 (log1p keeps log I_0(x) ~ x^2/4 accurate at
    tiny x), x - log(2 pi x)/2 + log1p(Hankel tail) above (no overflow anywhere)."""
    nu, dtype, x64 = _bessel_prepare(nu, x)

    def series(where):
        v = x64[where]
        head = _sc.xlogy(nu, v / 2) - _sc.gammaln(nu + 1) if nu else 0.0
        return head + np.log1p(_bessel_series_tail(nu, v * v / 4))

    def asymptotic(where):
        v = x64[where]
        return v - 0.5 * np.log(2 * np.pi * v) + np.log1p(_poly(_hankel_coefficients(nu), 1.0 / v))

    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        out = _by_branch(x64.shape, ~(x64 >= _BESSEL_SERIES_TO), series, asymptotic)
    return _weak(x, out.astype(dtype, copy=False)[()])


def _ratio_series(nu, v):
    """R_nu(v) and R_nu(v) / v from the power series (v < 20)."""
    q = v * v / 4
    over_x = (1.0 + _bessel_series_tail(nu + 1, q)) / ((1.0 + _bessel_series_tail(nu, q)) * (2 * nu + 2))
    return v * over_x, over_x


def bessel_ratio(nu, x):
    """I_{nu+1}(x) / I_nu(x) for x >= 0, computed in float64: (x / (2 nu + 2)) S_{nu+1} / S_nu below
    x = 20, the Riccati series in 1/x above; no Bessel function is formed, so nothing overflows."""
    nu, dtype, x64 = _bessel_prepare(nu, x)

    def series(where):
        return _ratio_series(nu, x64[where])[0]

    def asymptotic(where):
        return 1.0 + _poly(_ratio_coefficients(nu)[1:], 1.0 / x64[where])

    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        out = _by_branch(x64.shape, ~(x64 >= _BESSEL_SERIES_TO), series, asymptotic)
    return _weak(x, out.astype(dtype, copy=False)[()])


def bessel_ratio_deriv(nu, x):
    """d/dx I_{nu+1}(x) / I_nu(x) = 1 - R^2 - (2 nu + 1) R / x for x >= 0, in float64, without the
    direct form's cancellation (a factor 2 x^2). Below x = 20: Gamma(nu + 1)^2 (I_nu^2 - I_{nu+1}^2 -
    (2 nu + 1) I_nu I_{nu+1} / x) / (x/2)^(2 nu) = sum_k m_k q^k has positive coefficients, m_0 =
    1 / (2 nu + 2), m_k / m_{k-1} = 2 (2k + 2 nu - 1) / (k (k + 2 nu + 1) (k + nu + 1)), so R' =
    M(q) / S_nu(q)^2 is a ratio of positive sums; above, the derivative of the Riccati series."""
    nu, dtype, x64 = _bessel_prepare(nu, x)

    def series(where):
        v = x64[where]
        q = v * v / 4
        term = np.full_like(q, 1.0 / (2 * nu + 2))
        total = term
        for k in range(1, _BESSEL_DERIV_TERMS + 1):
            term = term * q * (2.0 * (2 * k + 2 * nu - 1) / (k * (k + 2 * nu + 1) * (k + nu + 1)))
            total = total + term
        s = 1.0 + _bessel_series_tail(nu, q)
        return total / s / s

    def asymptotic(where):
        c = _ratio_coefficients(nu)
        t = 1.0 / x64[where]
        return t * _poly(tuple(-n * c[n] for n in range(1, len(c))), t)

    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        out = _by_branch(x64.shape, ~(x64 >= _BESSEL_SERIES_TO), series, asymptotic)
    return _weak(x, out.astype(dtype, copy=False)[()])


_GAP_SERIES_TO = 2.0  # below, the series; above, x R' - R cancels by at most ~30 (nu <= 4)


def bessel_ratio_gap(nu, x):
    """(x R'(x) - R(x)) / x^3 for x >= 0, R = I_{nu+1} / I_nu, in float64 (-1/8 at x = 0 for nu = 0).

    Below x = 2, with q = x^2/4, S_nu - S_{nu+1} = sum_k t_k k / (nu + k + 1) (t_k = q^k / (k! (nu + 1)_k),
    every term positive) gives (x R' - R) / x^3 = (S_nu - S_{nu+1}) / (x^2 S_nu) - (R / x)^2, a
    difference of two terms of the same size (no x^2 cancellation); above, the direct form."""
    nu, dtype, x64 = _bessel_prepare(nu, x)

    def series(where):
        v = x64[where]
        q = v * v / 4
        term = np.ones_like(q)
        over = np.zeros_like(q)  # (S_nu - S_{nu+1}) / x^2 = sum_k t_k / x^2 k / (nu + k + 1)
        for k in range(1, _BESSEL_SERIES_TERMS + 1):
            # t_k / x^2 = q^(k-1) / (4 k! (nu + 1)_k): the k = 1 term is 1 / (4 (nu + 1))
            term = term * (q if k > 1 else 0.25) / (k * (k + nu))
            over = over + term * (k / (nu + k + 1))
        s = 1.0 + _bessel_series_tail(nu, q)
        r_over_x = (1.0 + _bessel_series_tail(nu + 1, q)) / (s * (2 * nu + 2))
        return over / s - r_over_x * r_over_x

    def direct(where):
        v = x64[where]
        return (v * bessel_ratio_deriv(nu, v) - bessel_ratio(nu, v)) / (v * v * v)

    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        out = _by_branch(x64.shape, ~(x64 >= _GAP_SERIES_TO), series, direct)
    return _weak(x, out.astype(dtype, copy=False)[()])


# ---------------------------------------------------------------- the Beta function in log arguments
# a = log x, b = log y (codegen/primitives.py, lbeta_exp and its derivatives): x, y may leave
# float64's range (x = e^-1400) and the sums of x log x or x^2 psi_1(x) terms cancel for large x, y,
# so each is computed from a, b by regime (every branch evaluated everywhere, the chosen one kept;
# float32 in float64): phi = x + y <= 1 by the recurrences psi(x) = psi(1 + x) - 1/x, x^2 psi_1(x) =
# 1 + x^2 psi_1(1 + x); large x (>= 8 or 10) by Stirling's and the asymptotic series, the
# cancelling linear parts removed by hand (log x - log phi = -softplus(b - a)); in between the
# differences digamma_diff, trigamma_diff and lgamma_diff, whose terms do not cancel.
def _log_pair(a, b):
    dtype = np.result_type(np.asarray(a).dtype, np.asarray(b).dtype)
    dtype = dtype if dtype.kind == "f" else np.dtype(np.float64)
    a64, b64 = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    return a64, b64, dtype


def _done(out, dtype):
    return np.asarray(out).astype(dtype, copy=False)[()]


def _shifted(x):
    """(z = x + n >= 10, n) with n = ceil(10 - x) for x < 10, else (x, 0)."""
    x = np.asarray(x, dtype=np.float64)
    n = np.where(x < 10.0, np.ceil(10.0 - x), 0.0)
    return x + n, n


def _psi1(x):
    """psi_1(x) for x > 0 (float64): the asymptotic series 1/z + 1/(2 z^2) + sum_k B_2k / z^(2k+1) at z = x + n >= 10,
    then the recurrence's 1 / (x + j)^2, smallest first (all terms positive: a few eps). scipy's zeta(2, x) is
    ~2x slower."""
    x = np.asarray(x, dtype=np.float64)
    z, n = _shifted(x)
    with np.errstate(all="ignore"):
        t = 1.0 / z
        t2 = t * t
        series = 0.0
        for c in reversed(_BERNOULLI):
            series = series * t2 + c
        acc = (series * t2 * t + 0.5 * t2) + t
        for j in range(9, -1, -1):
            acc = acc + np.where(j < n, 1.0 / ((x + j) * (x + j)), 0.0)
    return acc


def _psi2(x):
    """psi_2(x) for x > 0 (float64), as `_psi1`: -1/z^2 - 1/z^3 - sum_k (2k + 1) B_2k / z^(2k+2), then -2 / (x + j)^3."""
    x = np.asarray(x, dtype=np.float64)
    z, n = _shifted(x)
    with np.errstate(all="ignore"):
        t = 1.0 / z
        t2 = t * t
        series = 0.0
        for k in reversed(range(1, len(_BERNOULLI) + 1)):
            series = series * t2 + (2 * k + 1) * _BERNOULLI[k - 1]
        acc = -(series * t2 * t2 + t2 * t) - t2
        for j in range(9, -1, -1):
            acc = acc - np.where(j < n, 2.0 / ((x + j) * (x + j) * (x + j)), 0.0)
    return acc


def _x2trigamma_rest(x):
    """x^2 psi_1(x) - x for x >= 0, in (1/2, 1]: 1 + x^2 psi_1(1 + x) - x below 1, the asymptotic
    series 1/2 + sum_k B_2k x^(1 - 2k) from 10 (each regime evaluated on its own cases only)."""
    return _by_regime(x, ((lambda x: x < 1.0, lambda x: 1.0 + x * x * _psi1(1.0 + x) - x),
                          (lambda x: x < 10.0, lambda x: x * x * _psi1(x) - x), (None, lambda x: 0.5 + _odd_series(_BERNOULLI, x))))


def _regimes(a, b, branches):
    """out[i] = f(a[i], b[i]) for the first (condition, f) of `branches` whose condition(a, b) holds
    (None: everywhere left), each f evaluated only on its own cases."""
    out = np.empty(a.shape, dtype=np.float64)
    rest = np.ones(a.shape, dtype=bool)
    with np.errstate(all="ignore"):
        for condition, f in branches:
            mask = rest if condition is None else rest & condition(a, b)
            if mask.all():
                out[...] = f(a, b)
                break
            if mask.any():
                out[mask] = f(a[mask], b[mask])
            rest &= ~mask
            if not rest.any():
                break
    return out


def _by_regime(z, branches):
    """`_regimes` of one float64 array: f(z) of the first condition(z) that holds, each f only on its cases."""
    z = np.asarray(z, dtype=np.float64)
    return _regimes(z, z, tuple((None if c is None else (lambda a, b, c=c: c(a)), lambda a, b, f=f: f(a))
                                for c, f in branches))


def _phi_le_1(a, b):
    return np.logaddexp(a, b) <= 0.0


def lbeta_exp(a, b):
    """lgamma(e^a) + lgamma(e^b) - lgamma(e^a + e^b)."""
    a64, b64, dtype = _log_pair(a, b)
    lo, hi = np.minimum(a64, b64), np.maximum(a64, b64)

    def small(lo, hi):  # phi <= 1: lgamma(x) = lgamma(1 + x) - log x
        x, y, phi = np.exp(lo), np.exp(hi), np.exp(np.logaddexp(lo, hi))
        return (-lo + np.logaddexp(0.0, lo - hi)) + (_sc.gammaln(1.0 + x) + _sc.gammaln(1.0 + y) - _sc.gammaln(1.0 + phi))

    def large(lo, hi):  # x, y >= 8: Stirling, the linear parts cancelled by hand
        x, y, lphi = np.exp(lo), np.exp(hi), np.logaddexp(lo, hi)
        return (-x * np.logaddexp(0.0, hi - lo) - y * np.logaddexp(0.0, lo - hi) - 0.5 * (lo + hi - lphi)
                + _HALF_LOG_2PI + (_stirling_rest(x) + _stirling_rest(y) - _stirling_rest(np.exp(lphi))))

    def mid(lo, hi):  # x < 8, phi > 1: lgamma(x) - (lgamma(x + y) - lgamma(y))
        x, y = np.exp(lo), np.exp(hi)
        lgamma_x = np.where(x < 1.0, -lo + _sc.gammaln(1.0 + x), _sc.gammaln(np.maximum(x, 1.0)))
        return lgamma_x - lgamma_diff(np.maximum(y, 0.5), x)

    out = _regimes(lo, hi, ((_phi_le_1, small), (lambda lo, hi: lo >= math.log(_STIRLING_FROM), large), (None, mid)))
    return _done(out, dtype)


def _psi_1p_minus_psi(x, y, phi):
    """psi(1 + x) - psi(x + y) for x < 1 < x + y, as a difference without cancellation."""
    return np.where(y >= 1.0, -digamma_diff(1.0 + x, np.maximum(y - 1.0, 0.0)), digamma_diff(phi, np.maximum(1.0 - y, 0.0)))


def _x_lt(v):
    return lambda a, b: a < math.log(v)


def _mid_regime(a, b):
    """x < 1 < phi and y >= x: psi(x) = psi(1 + x) - 1/x, where -1/x dominates; for y < x (then
    x > 1/2) digamma_diff(x, y) directly: psi(1 + x) - psi(phi) - 1/x cancels there (x -> 1, y -> 0)."""
    return (a < 0.0) & (b >= a)


def lbeta_exp_d(a, b):
    """e^a (psi(e^a) - psi(e^a + e^b)), in (-1, 0]."""
    a64, b64, dtype = _log_pair(a, b)

    def small(a, b):  # phi <= 1: psi(x) = psi(1 + x) - 1/x
        x, y = np.exp(a), np.exp(b)
        return -_sc.expit(b - a) - x * digamma_diff(1.0 + x, y)

    def mid(a, b):  # x < 1 < phi
        x, y = np.exp(a), np.exp(b)
        return -1.0 + x * _psi_1p_minus_psi(x, y, np.exp(np.logaddexp(a, b)))

    def tail(a, b):  # y < 1e-20 x: -y x psi_1(x) (1 + O(y / x)), where x digamma_diff(x, y) would underflow first
        return -np.exp(b) * (1.0 + xtrigamma_m1(np.maximum(np.exp(a), 0.5)))

    def large(a, b):
        x = np.exp(a)
        return -x * digamma_diff(x, np.exp(b))

    out = _regimes(a64, b64, ((_phi_le_1, small), (_mid_regime, mid), (lambda a, b: b - a < -46.0, tail), (None, large)))
    return _done(out, dtype)


def lbeta_exp_r(a, b):
    """e^a (psi(x) - psi(x + y) + softplus(b - a)) = x (Q(x) - Q(phi)), Q(z) = psi(z) - log z."""
    a64, b64, dtype = _log_pair(a, b)

    def large(a, b):  # x >= 10: minus the series part of digamma_diff, its factor x y / phi last
        t, w = np.exp(-a), _sc.expit(a - b)
        s, n, power, total = 1.0, 1, 1.0, 0.0
        for order, c in _DIGAMMA_TERMS:
            while n < order:
                s, n, power = 1.0 + w * s, n + 1, power * t
            total = total + c * power * s
        return -_sc.expit(b - a) * total

    def mid(a, b):  # y >= x, phi >= 10 > x: x Q(x) - x Q(phi), Q(phi) by its series (no cancellation)
        x = np.exp(a)
        t = np.exp(-np.logaddexp(a, b))
        t2 = t * t
        q = 0.0
        for k, c in reversed(list(enumerate(_BERNOULLI[:9], 1))):
            q = q * t2 + c / (2 * k)
        xq_x = np.where(x < 1.0, -1.0 + x * _sc.psi(1.0 + x) - x * a, x * (_sc.psi(np.maximum(x, 1.0)) - a))
        return xq_x - x * (-0.5 * t - q * t2)

    def small(a, b):  # the rest (phi < 10, or y < x < 10): d + x softplus(b - a), cancelling by at most ~2x
        return lbeta_exp_d(a, b) + np.exp(a) * np.logaddexp(0.0, b - a)

    out = _regimes(a64, b64, ((lambda a, b: a >= math.log(10.0), large),
                              (lambda a, b: (np.logaddexp(a, b) >= math.log(10.0)) & (b >= a), mid), (None, small)))
    return _done(out, dtype)


def lbeta_exp_w(a, b):
    """x^2 psi_1(x) - x (x + y) psi_1(x + y), x = e^a, y = e^b: positive, below 1."""
    a64, b64, dtype = _log_pair(a, b)

    def small(a, b):  # x < 1: x^2 psi_1(x) = 1 + x^2 psi_1(1 + x)
        x, y = np.exp(a), np.exp(b)
        phi = np.exp(np.logaddexp(a, b))
        return _sc.expit(b - a) + x * x * trigamma_diff(1.0 + x, y) - x * y * _sc.zeta(2.0, 1.0 + phi)

    def mid(a, b):
        x, y = np.exp(a), np.exp(b)
        return x * x * trigamma_diff(x, y) - x * y * _sc.zeta(2.0, np.exp(np.logaddexp(a, b)))

    def large(a, b):  # R(x) - R(phi) = sum_k B_2k x^-n (1 - (x / phi)^n), n = 2k - 1, log(x / phi) = -softplus(b - a)
        lq = -np.logaddexp(0.0, b - a)
        t = np.exp(-a)
        s, power = 0.0, t
        for k, c in enumerate(_BERNOULLI, 1):
            s = s + c * power * -np.expm1((2 * k - 1) * lq)
            power = power * t * t
        return _sc.expit(b - a) * _x2trigamma_rest(np.exp(np.logaddexp(a, b))) + s

    out = _regimes(a64, b64, ((_x_lt(1.0), small), (_x_lt(10.0), mid), (None, large)))
    return _done(out, dtype)


def lbeta_exp_c(a, b):
    """x y psi_1(x + y), x = e^a, y = e^b: with phi = x + y and X(phi) = phi^2 psi_1(phi), it is
    x y / phi^2 X(phi) below phi = 1 (X = 1 + phi^2 psi_1(1 + phi)) and x y / phi (1 + R(phi) / phi)
    above, R(phi) = X(phi) - phi; the factors from a, b (no subnormal x / phi)."""
    a64, b64, dtype = _log_pair(a, b)

    def small(a, b):
        phi = np.exp(np.logaddexp(a, b))
        spa, spb = np.logaddexp(0.0, a - b), np.logaddexp(0.0, b - a)
        return np.exp(-spa - spb) * (1.0 + phi * phi * _sc.zeta(2.0, 1.0 + phi))

    def large(a, b):
        phi = np.exp(np.logaddexp(a, b))
        return np.exp(a - np.logaddexp(0.0, a - b)) * (1.0 + _x2trigamma_rest(phi) / phi)

    out = _regimes(a64, b64, ((lambda a, b: np.logaddexp(a, b) < 0.0, small), (None, large)))
    return _done(out, dtype)


def digamma_diff_exp(a, b):
    """psi(e^a) - psi(e^a + e^b) < 0."""
    a64, b64, dtype = _log_pair(a, b)

    def small(a, b):  # 1/x - 1/phi = y / (x phi) = exp(-a - softplus(a - b))
        x, y = np.exp(a), np.exp(b)
        return -digamma_diff(1.0 + x, y) - np.exp(-a - np.logaddexp(0.0, a - b))

    def mid(a, b):
        x, y = np.exp(a), np.exp(b)
        return _psi_1p_minus_psi(x, y, np.exp(np.logaddexp(a, b))) - np.exp(-a)

    def large(a, b):
        return -digamma_diff(np.exp(a), np.exp(b))

    out = _regimes(a64, b64, ((_phi_le_1, small), (_mid_regime, mid), (None, large)))
    return _done(out, dtype)


# The odd parts of lbeta_exp_w and lbeta_exp_r in (d, l): a = l + log sigmoid(d), b = l + log
# sigmoid(-d), p = sigmoid(d), q = sigmoid(-d), phi = e^l. Near d = 0 each is (p - q) times an
# integral over t in [q, p] (Gauss-Legendre, 8 nodes: the integrands are analytic in t with the
# nearest singularity at t = 0, 8 half-widths from the interval's centre for |d| < 1/4, so the error
# is below 1e-19); farther out the difference of the two products loses at most a factor 8.
_GL_T, _GL_W = np.polynomial.legendre.leggauss(8)
_ODD_NEAR = 0.25


_X2TRIGAMMA_SLOPE_SERIES = tuple((1 - 2 * k) * b for k, b in enumerate(_BERNOULLI, 1))  # z R'(z) = sum_k (1 - 2k) B_2k z^(1 - 2k)


def _x2trigamma_rest_slope(z):
    """S(z) = z R'(z), R(z) = z^2 psi_1(z) - z - 1/2: 2 z^2 psi_1(z) + z^3 psi_2(z) - z (-> -z at 0,
    ~ -1/(6 z) at infinity); psi_j(z) = psi_j(1 + z) + (-1)^(j+1) j! / z^(j+1) below 1, the series
    sum_k (1 - 2k) B_2k z^(1 - 2k) from 10."""
    return _by_regime(z, (
        (lambda z: z < 1.0, lambda z: z * (2.0 * z * _psi1(1.0 + z) + z * z * _psi2(1.0 + z) - 1.0)),
        (lambda z: z < 10.0, lambda z: 2.0 * z * z * _psi1(z) + z**3 * _psi2(z) - z),
        (None, lambda z: _odd_series(_X2TRIGAMMA_SLOPE_SERIES, z))))


def _odd_near(d, l, integrand):
    """(p - q) / 2 sum_i w_i integrand(t_i, phi), t_i = 1/2 + tau_i (p - q) / 2; p - q = tanh(d / 2)."""
    half = 0.5 * np.tanh(0.5 * d)
    phi = np.exp(l)
    total = 0.0
    for tau, w in zip(_GL_T, _GL_W):
        total = total + w * integrand(0.5 + tau * half, phi)
    return half * total


def _odd_part(d, l, P, integrand, weight=None):
    """sigmoid(-d) P(a, b) - sigmoid(d) P(b, a), a, b = l + log sigmoid(+-d): for |d| < 1/4 the quadrature
    `_odd_near` of `integrand(t, phi)` (times weight(d, l) where given), beyond it the difference itself."""
    d64, l64, dtype = _log_pair(d, l)

    def near(d, l):
        out = _odd_near(d, l, integrand)
        return out if weight is None else weight(d, l) * out

    def far(d, l):
        a, b = l - np.logaddexp(0.0, -d), l - np.logaddexp(0.0, d)
        return _sc.expit(-d) * P(a, b) - _sc.expit(d) * P(b, a)

    out = _regimes(d64, l64, ((lambda d, l: np.abs(d) < _ODD_NEAR, near), (None, far)))
    return _done(out, dtype)


def lbeta_exp_wo(d, l):
    """sigmoid(-d) lbeta_exp_w(a, b) - sigmoid(d) lbeta_exp_w(b, a) = q X(p phi) - p X(q phi), X(z) = z^2 psi_1(z):
    near d = 0, (p - q) times the mean over t in [q, p] of -1/2 - R(t phi) + (1 - t) S(t phi) / t (the
    derivative of (1 - t) X(t phi), whose part (1 - 2t) phi averages to exactly 0)."""
    return _odd_part(d, l, lbeta_exp_w, lambda t, phi: -_x2trigamma_rest(t * phi) + (1.0 - t) * _x2trigamma_rest_slope(t * phi) / t)


def lbeta_exp_ro(d, l):
    """sigmoid(-d) lbeta_exp_r(a, b) - sigmoid(d) lbeta_exp_r(b, a) = p q phi (Q(p phi) - Q(q phi)), Q(z) = psi(z) - log z:
    near d = 0, (p - q) p q times the mean over t in [q, p] of (1/2 + R(t phi)) / t^2 = phi^2 Q'(t phi)."""
    return _odd_part(d, l, lbeta_exp_r, lambda t, phi: _x2trigamma_rest(t * phi) / (t * t),
                     weight=lambda d, l: _sc.expit(d) * _sc.expit(-d))


def log_sigmoid_ratio(x, v):
    """log(sigmoid(x) / v), v > 0: log1p((sigmoid(x) - v) / v) where the ratio is within [1/2, 2]
    (there the difference is exact and the result keeps its relative accuracy), else the two logs."""
    x64, v64, dtype = _log_pair(x, v)
    with np.errstate(all="ignore"):
        s = _sc.expit(x64)
        r = (s - v64) / v64
        near = (r >= -0.5) & (r <= 1.0)
        out = np.where(near, np.log1p(np.where(near, r, 0.0)), -np.logaddexp(0.0, -x64) - np.log(v64))
    return _done(out, dtype)


def log_sigmoid_ratio_c(x, y):
    """log(sigmoid(x) / (1 - y)), y < 1: log1p((y - sigmoid(-x)) / (1 - y)) where the ratio is within [1/2, 2],
    1 - y and the difference in double (exact there for a float32 y), else the two logs."""
    x64, y64, dtype = _log_pair(x, y)
    with np.errstate(all="ignore"):
        c = 1.0 - y64
        r = (y64 - _sc.expit(-x64)) / c
        near = (r >= -0.5) & (r <= 1.0)
        out = np.where(near, np.log1p(np.where(near, r, 0.0)), -np.logaddexp(0.0, -x64) - np.log1p(-y64))
    return _done(out, dtype)


_EXPM1MX = tuple(1.0 / math.factorial(k) for k in range(2, 22))  # e^x - 1 - x = x^2 sum_k x^(k-2) / k!


def exp_deviance(a, q):
    """e^a (e^-q - 1 + q) >= 0: its series in q below |q| = 1/2 (terms to q^21 / 21!, below 1e-24),
    e^a (expm1(-q) + q) above (no cancellation: the sum exceeds 0.1 of its terms), and
    e^(a - q) - e^a (1 - q) below -1/2 (e^-q alone may overflow where e^(a - q) does not)."""
    a64, q64, dtype = _log_pair(a, q)
    with np.errstate(all="ignore"):
        x = -q64
        series = 0.0
        for c in reversed(_EXPM1MX):
            series = series * x + c
        small = np.exp(a64) * (x * x) * series
        above = np.exp(a64) * (np.expm1(x) + q64)
        below = np.exp(a64 - q64) - np.exp(a64) * (1.0 - q64)
        out = np.where(np.abs(q64) <= 0.5, small, np.where(q64 > 0.0, above, below))
    return _done(out, dtype)


# K(z) = z^2 psi_1(z) + z (psi(z) - log z): lbeta_exp_w + lbeta_exp_r = K(x) - (x / phi) K(phi), the
# Hessian in a log argument without its e^a part. Its two terms each tend to +-y / phi where the sum
# is O(x log x) (phi -> 0) or O(1 / phi) (phi -> inf): the sum is formed inside.
_K_REST = tuple(b * (1.0 - 1.0 / (2 * k)) for k, b in enumerate(_BERNOULLI, 1))  # K(z) - z = sum_k c_k z^(1 - 2k)


def _k_rest(z):
    """K(z) - z = (z^2 psi_1(z) - z) + z (psi(z) - log z): below 1 with the 1's cancelled by hand,
    z^2 psi_1(1 + z) - z + z psi(1 + z) - z log z (0 at z = 0); from 10 its series sum_k B_2k (1 - 1/(2k)) z^(1 - 2k)."""
    def small(z):
        return np.where(z > 0.0, z * z * _psi1(1.0 + z) - z + z * _sc.psi(1.0 + z) - z * np.log(np.maximum(z, _TINY64)), 0.0)

    return _by_regime(z, ((lambda z: z < 1.0, small), (lambda z: z < 10.0, lambda z: _x2trigamma_rest(z) + z * (_sc.psi(z) - np.log(z))),
                          (None, lambda z: _odd_series(_K_REST, z))))




def lbeta_exp_k(a, b):
    """lbeta_exp_w(a, b) + lbeta_exp_r(a, b) = K(x) - p K(phi), x = e^a, y = e^b, phi = x + y, p = x / phi."""
    a64, b64, dtype = _log_pair(a, b)

    def small(a, b):  # phi <= 1: x [x (psi_1(1 + x) - psi_1(1 + phi)) - y psi_1(1 + phi)] + x (psi(1 + x) - psi(1 + phi)) - x log p
        x, y = np.exp(a), np.exp(b)
        phi = np.exp(np.logaddexp(a, b))
        return (x * (x * trigamma_diff(1.0 + x, y) - y * _psi1(1.0 + phi)) - x * digamma_diff(1.0 + x, y)
                + x * np.logaddexp(0.0, b - a))

    def large(a, b):  # x >= 10: sum_k c_k x^(1 - 2k) (1 - p^(2k)), log p = -softplus(b - a)
        lp = -np.logaddexp(0.0, b - a)
        total = 0.0
        for k, c in enumerate(_K_REST, 1):
            total = total + c * np.exp((1 - 2 * k) * a) * -np.expm1(2 * k * lp)
        return total

    def mid(a, b):  # x < 1 < phi, y >= x: Kr(x) - p Kr(phi), Kr = K - z (x - p phi = 0 taken out), p <= 1/2
        return _k_rest(np.exp(a)) - _sc.expit(a - b) * _k_rest(np.exp(np.logaddexp(a, b)))

    def rest(a, b):  # 1 <= x < 10, or y < x: w and r, each without cancellation as y / x -> 0
        return lbeta_exp_w(a, b) + lbeta_exp_r(a, b)

    out = _regimes(a64, b64, ((_phi_le_1, small), (lambda a, b: a >= math.log(10.0), large), (_mid_regime, mid),
                              (None, rest)))
    return _done(out, dtype)


def lbeta_exp_ko(d, l):
    """sigmoid(-d) lbeta_exp_k(a, b) - sigmoid(d) lbeta_exp_k(b, a) = q K(p phi) - p K(q phi): near d = 0,
    (p - q) times the mean over t in [q, p] of -Kr(t phi) + (1 - t) (S(t phi) + Kr(t phi)) / t, Kr = K - z,
    S = z R'(z) (z Kr'(z) = S + Kr)."""
    def integrand(t, phi):
        kr = _k_rest(t * phi)
        return -kr + (1.0 - t) * (_x2trigamma_rest_slope(t * phi) + kr) / t

    return _odd_part(d, l, lbeta_exp_k, integrand)


# lbeta_exp_d + lbeta_exp_w = Kt(x) - p Kt(phi), Kt(z) = z^2 psi_1(z) + z psi(z) = z g(z): the Hessian's
# diagonal in a log argument with its e^a part kept (where it cancels against lbeta_exp_d's -e^a
# softplus(b - a) instead of entering a deviance); and its odd part in (d, l), p q phi (g(p phi) - g(q phi)).
def _g_slope_times_z(z):
    """G(z) = z g'(z) = 2 z psi_1(z) + z^2 psi_2(z), g(z) = z psi_1(z) + psi(z) (-> 0 as z -> 0, -> 1 as z -> inf):
    z (2 psi_1(1 + z) + z psi_2(1 + z)) below 1, 1 - sum_k 2k c_k z^(-2k) from 10 (c_k of K(z) - z)."""
    def large(z):
        t2 = 1.0 / (z * z)
        s = 0.0
        for k in reversed(range(1, len(_K_REST) + 1)):
            s = s * t2 + 2 * k * _K_REST[k - 1]
        return 1.0 - s * t2

    return _by_regime(z, (
        (lambda z: z < 1.0, lambda z: z * (2.0 * _psi1(1.0 + z) + z * _psi2(1.0 + z))),
        (lambda z: z < 10.0, lambda z: 2.0 * z * _psi1(z) + z * z * _psi2(z)),
        (None, large)))


def lbeta_exp_v(a, b):
    """lbeta_exp_d(a, b) + lbeta_exp_w(a, b) = Kt(x) - p Kt(phi), Kt(z) = z^2 psi_1(z) + z psi(z); each term tends
    to -+1 as x -> 0 where the sum is O(x)."""
    a64, b64, dtype = _log_pair(a, b)

    def small(a, b):  # phi <= 1: Kt(z) = z^2 psi_1(1 + z) + z psi(1 + z)
        x, y = np.exp(a), np.exp(b)
        phi = np.exp(np.logaddexp(a, b))
        return x * (x * trigamma_diff(1.0 + x, y) - y * _psi1(1.0 + phi)) - x * digamma_diff(1.0 + x, y)

    def mid(a, b):  # x < 1 < phi, y >= x: Kt(x) by the shifted form, p Kt(phi) = x (phi psi_1(phi) + psi(phi))
        x = np.exp(a)
        phi = np.exp(np.logaddexp(a, b))
        return x * (x * _psi1(1.0 + x) + _sc.psi(1.0 + x)) - x * (phi * _psi1(phi) + _sc.psi(phi))

    def rest(a, b):  # x >= 1 or y < x: d ~ -x y psi_1(x), w ~ y (x psi_1(x) - ...) as y -> 0, x log p as y -> inf
        return lbeta_exp_d(a, b) + lbeta_exp_w(a, b)

    out = _regimes(a64, b64, ((_phi_le_1, small), (_mid_regime, mid), (None, rest)))
    return _done(out, dtype)


def lbeta_exp_vo(d, l):
    """sigmoid(-d) lbeta_exp_v(a, b) - sigmoid(d) lbeta_exp_v(b, a) = p q phi (g(p phi) - g(q phi)): near d = 0,
    p q (p - q) phi times the mean over t in [q, p] of G(t phi) / t (O(phi^2) as phi -> 0, p q phi d as phi -> inf)."""
    return _odd_part(d, l, lbeta_exp_v, lambda t, phi: _g_slope_times_z(t * phi) / t,
                     weight=lambda d, l: _sc.expit(d) * _sc.expit(-d) * np.exp(l))
