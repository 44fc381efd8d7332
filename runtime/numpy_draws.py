"""The sampler draws for the generated NumPy code (imported there as ``_d``).

Each takes a `numpy.random.Generator`, the batch shape and the draw's arguments
(arrays broadcasting to that shape) and returns an array of that shape.
"""
from __future__ import annotations

import numpy as np


def normal(rng, shape, loc, scale):
    return rng.normal(loc, scale, size=shape)


def gamma(rng, shape, k, scale):
    return rng.gamma(k, scale, size=shape)


def poisson(rng, shape, lam):
    return rng.poisson(lam, size=shape)


def _count(n):
    """Trials as integers: a per-case array of trials arrives in the loss's float dtype."""
    return np.asarray(n).astype(np.int64)


def binomial(rng, shape, n, p):
    if isinstance(n, int) and n == 1:  # Bernoulli: one uniform per case, 10x cheaper
        return (rng.random(shape) < p).astype(np.int64)
    return rng.binomial(_count(n), p, size=shape)


def geometric(rng, shape, p):
    return rng.geometric(p, size=shape)


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
    n = _count(n)
    if n.ndim:
        n = n[..., 0]  # per-row trials carry the coupled axis
    return rng.multinomial(n, p)


def dirichlet(rng, shape, alpha):
    g = rng.standard_gamma(np.asarray(alpha, dtype=np.float64))
    return g / g.sum(axis=-1, keepdims=True)
