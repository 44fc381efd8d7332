"""The sampler draws for the generated NumPy code (imported there as ``_d``).

Each takes a `numpy.random.Generator`, the batch shape and the draw's arguments
(arrays broadcasting to that shape) and returns an array of that shape.
"""
from __future__ import annotations

import numpy as np

from natloss.runtime.checks import NatlossInputError

# Counts are int64 where they fit; a draw whose counts may pass 2**62 comes back as float64
# (integer values, rounded to float64 like any number above 2**53).
_INT_SAFE = 2.0**62
# Above this rate a Poisson draw is N(lam, lam) rounded: NumPy refuses lam > 9.2e18, and the
# normal's error in distribution is below 1e-8 here (skewness 1/sqrt(lam)).
_POISSON_NORMAL_FROM = 1e17


def _counts(y):
    """int64 when every count fits, else float64."""
    y = np.asarray(y)
    if y.dtype.kind == "f" and not (y.size == 0 or float(np.max(y)) < _INT_SAFE):
        return y
    return y.astype(np.int64)


def normal(rng, shape, loc, scale):
    return rng.normal(loc, scale, size=shape)


def gamma(rng, shape, k, scale):
    return rng.gamma(k, scale, size=shape)


def poisson(rng, shape, lam):
    lam = np.broadcast_to(np.asarray(lam, dtype=np.float64), shape)
    if lam.size == 0 or float(lam.max()) <= _POISSON_NORMAL_FROM:
        return rng.poisson(lam, size=shape)
    if not bool(np.isfinite(lam).all()):
        raise NatlossInputError("sample: a Poisson rate overflowed to inf in float64 (the count has no float64 value);"
                                " refused at the parameters where the rate exceeds 1.8e308")
    big = lam > _POISSON_NORMAL_FROM
    small = rng.poisson(np.where(big, 0.0, lam), size=shape).astype(np.float64)
    normal = np.maximum(np.rint(lam + np.sqrt(lam) * rng.standard_normal(shape)), 0.0)
    return _counts(np.where(big, normal, small))


def _count(n):
    """Trials as integers: a per-case array of trials arrives in the loss's float dtype."""
    return np.asarray(n).astype(np.int64)


def _check_trials(n):
    top = float(np.max(n)) if np.size(n) else 0.0
    if top > 2.0**63 - 1024:  # the largest float64 below 2**63
        raise NatlossInputError(
            f"sample: the binomial and multinomial draws take at most 2**63 - 1 trials (NumPy's sampler), got {top:.6g}")


def binomial(rng, shape, n, p):
    if isinstance(n, (int, float)) and n == 1:  # Bernoulli: one uniform per case, 10x cheaper
        return (rng.random(shape) < p).astype(np.int64)
    _check_trials(n)
    return rng.binomial(_count(n), p, size=shape)


# Below this success probability NumPy's geometric saturates at the int64 maximum.
_GEOMETRIC_INVERSION_BELOW = 1e-9


def geometric(rng, shape, p):
    """The number of trials up to the first success (>= 1).

    Below p = 1e-9 by inversion, 1 + floor(E / -log1p(-p)) with E ~ Exp(1), exact in float64
    at any p > 0 and float64 where the counts pass 2**62."""
    p = np.broadcast_to(np.asarray(p, dtype=np.float64), shape)
    small = p < _GEOMETRIC_INVERSION_BELOW
    if not bool(small.any()):
        return rng.geometric(p, size=shape)
    usual = rng.geometric(np.where(small, 0.5, p), size=shape).astype(np.float64)
    with np.errstate(divide="ignore", over="ignore"):
        inverted = 1.0 + np.floor(rng.standard_exponential(shape) / -np.log1p(-p))
    if not bool(np.isfinite(inverted[small]).all()):
        raise NatlossInputError("sample: a geometric count passed the float64 range (success probability below 1e-308 relative)")
    return _counts(np.where(small, inverted, usual))


def beta(rng, shape, a, b):
    return rng.beta(a, b, size=shape)


def wald(rng, shape, mean, scale):
    return rng.wald(mean, scale, size=shape)


def uniform(rng, shape, low, high):
    return rng.uniform(low, high, size=shape)


def von_mises(rng, shape, mu, kappa):
    """An angle in [-pi, pi] (Best and Fisher's rejection sampler, NumPy's vonmises)."""
    return rng.vonmises(mu, kappa, size=shape)


def categorical(rng, shape, logits):
    """A class index over the last axis, by the Gumbel-max trick (exact, vectorized)."""
    gumbel = -np.log(-np.log(rng.uniform(np.finfo(np.float64).tiny, 1.0, size=np.shape(logits))))
    return np.argmax(logits + gumbel, axis=-1)


def multinomial(rng, shape, n, logits):
    logits = np.asarray(logits, dtype=np.float64)
    p = np.exp(logits - logits.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    _check_trials(n)
    n = _count(n)
    if n.ndim:
        n = n[..., 0]  # per-row trials carry the coupled axis
    return rng.multinomial(n, p)


def dirichlet(rng, shape, alpha):
    """Normalized gamma draws; rows with a concentration below 1 in log space.

    A gamma draw with a small shape underflows to 0 (all of them at 1e-300: 0/0 rows), so
    there log G(a) = log G(a + 1) - E / a (E ~ Exp(1)), and the row is a softmax of those."""
    alpha = np.asarray(alpha, dtype=np.float64)
    g = rng.standard_gamma(alpha)
    small_rows = (alpha < 1).any(axis=-1)
    if not bool(small_rows.any()):
        return g / g.sum(axis=-1, keepdims=True)
    a = alpha[small_rows]
    e = rng.standard_exponential(a.shape)
    with np.errstate(divide="ignore", over="ignore"):
        log_g = np.log(rng.standard_gamma(a + 1)) - e / a
    top = log_g.max(axis=-1, keepdims=True)
    # E / a overflows for every entry only at subnormal concentrations: the entry with the
    # smallest log E - log a takes all the mass, the others are below any float64.
    lost = ~np.isfinite(top[..., 0])
    if bool(lost.any()):
        winner = np.argmin(np.log(e[lost]) - np.log(a[lost]), axis=-1)
        log_g[lost] = np.where(np.arange(a.shape[-1]) == winner[..., None], 0.0, -np.inf)
        top = log_g.max(axis=-1, keepdims=True)
    w = np.exp(log_g - top)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = g / g.sum(axis=-1, keepdims=True)
    out[small_rows] = w / w.sum(axis=-1, keepdims=True)
    return out
