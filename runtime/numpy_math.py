"""Stable special functions for the generated NumPy code (imported there as ``_m``).

Each keeps the input's float dtype: float32 in, float32 out.
"""
from __future__ import annotations

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
    """a sigmoid(x) + b sigmoid(-x) from s = sigmoid(-|x|) (a and b arrive evaluated)."""
    return np.where(x >= 0, a + (b - a) * s, b + (a - b) * s)


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


def add_at_class(a, y, c, like):
    """a (an array like `like`, (..., K)) with c added at the class y[...] of each row.

    `a` is the fresh result of an array expression in the generated code, so it is updated
    in place; a broadcast value is materialized first."""
    if np.shape(a) != like.shape or not isinstance(a, np.ndarray) or not a.flags.writeable:
        a = np.array(np.broadcast_to(a, like.shape), dtype=like.dtype)
    index = y[..., None]
    np.put_along_axis(a, index, np.take_along_axis(a, index, axis=-1) + c, axis=-1)
    return a


def log1p_sum_exp_excl_max(shifted):
    """log1p(sum over k != argmax of exp(shifted_k)) along the last axis, keepdims.

    shifted = x - max(x), so its argmax entry is exactly 0. Leaving that entry's 1 out of
    the sum keeps the tail accurate: log-sum-exp = max + this, and -log p_argmax = this.
    """
    e = np.exp(shifted)
    np.put_along_axis(e, np.argmax(shifted, axis=-1)[..., None], 0.0, axis=-1)
    return np.log1p(np.sum(e, axis=-1, keepdims=True))
