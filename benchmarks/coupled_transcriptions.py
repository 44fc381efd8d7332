"""The K-FAC formulas of the coupled families, as composed array operations on any array module.

The GPU benchmark (`gpu_bench.py`) runs them with ``xp = cupy`` as the baseline of the
generated coupled kernels: each line below is one or more CuPy kernels that read and write
whole arrays, the way TF K-FAC's and kfac-jax's ``CategoricalLogitsNegativeLogProbLoss``
compose framework ops. ``tests/test_benchmark_baselines.py`` checks them with
``xp = numpy`` against the NumPy classes.

As in K-FAC, what every product needs is computed once per instance (``prepare``): the
probabilities p and sqrt(p) for the softmax families; D = trigamma(alpha), 1/sqrt(D) and
the rank-one coefficient a for the Dirichlet. The fresh ops (evaluate, grad, mean) start
from the parameters.

Layout: rows over the leading axes, the K coupled entries on the last axis. Targets are
class indices (the batch shape: K-FAC's sparse cross-entropy gathers log p at the index and
builds the one-hot rows for the gradient) or dense rows (one-hot, counts, simplex), mask has the
batch shape and scales whole rows, weight is a float; products take and return arrays of
the parameters' shape.
"""
from __future__ import annotations

import math


def _logsumexp(xp, x):
    m = x.max(axis=-1, keepdims=True)
    return m + xp.log(xp.exp(x - m).sum(axis=-1, keepdims=True))


def _row_scale(xp, mask, weight):
    """The per-row factor mask * weight, with the coupled axis (or the float weight)."""
    return weight if mask is None else (mask * weight)[..., None]


class SoftmaxTranscription:
    """Categorical (trials = 1) and Multinomial(trials): p = softmax(logits),
    F = n (diag p - p p^T), B = sqrt(n) (diag sqrt p - p sqrt(p)^T)."""

    def __init__(self, xp, special, logits, targets, trials=1):
        self.xp, self.special = xp, special
        self.x, self.y, self.n = logits, targets, trials

    def prepare(self):
        xp = self.xp
        self.p = xp.exp(self.x - _logsumexp(xp, self.x))
        self.sqrt_p = xp.sqrt(self.p)
        return self

    def _dense_targets(self):
        xp = self.xp
        if self.y.ndim == self.x.ndim:
            return self.y
        return (self.y[..., None] == xp.arange(self.x.shape[-1])).astype(self.x.dtype)

    def evaluate(self, mask=None, weight=1.0):
        xp = self.xp
        logp = self.x - _logsumexp(xp, self.x)
        if self.y.ndim < self.x.ndim:  # class indices: gather
            nll = -xp.take_along_axis(logp, self.y[..., None], axis=-1)[..., 0]
        else:
            nll = -(self.y * logp).sum(axis=-1)
        if self.n != 1:  # the multinomial's log h: log n! - sum log y_k!
            nll = nll - math.lgamma(self.n + 1) + self.special.gammaln(self.y + 1).sum(axis=-1)
        return (nll * weight if mask is None else nll * mask * weight).sum()

    def mean(self):
        xp = self.xp
        return self.n * xp.exp(self.x - _logsumexp(xp, self.x))

    def grad(self, mask=None, weight=1.0):
        return (self.mean() - self._dense_targets()) * _row_scale(self.xp, mask, weight)

    def fisher_product(self, v, mask=None, weight=1.0):
        pv = self.p * v
        return (pv - self.p * pv.sum(axis=-1, keepdims=True)) * (self.n * _row_scale(self.xp, mask, weight))

    def factor_product(self, u, mask=None, weight=1.0):
        su = self.sqrt_p * u
        out = su - self.p * su.sum(axis=-1, keepdims=True)
        return out * (math.sqrt(self.n) * _row_scale(self.xp, mask, math.sqrt(weight)))

    def factor_transpose_product(self, v, mask=None, weight=1.0):
        pv = (self.p * v).sum(axis=-1, keepdims=True)
        out = self.sqrt_p * v - self.sqrt_p * pv
        return out * (math.sqrt(self.n) * _row_scale(self.xp, mask, math.sqrt(weight)))


class DirichletTranscription:
    """Dirichlet(alpha), eta = alpha, T = log y: F = diag(trigamma(alpha)) - trigamma(alpha_0) 1 1^T,
    B = D^(1/2) (I + a w w^T) with w = D^(-1/2) 1 and a = c / (1 + sqrt(1 + c |w|^2)), c = -trigamma(alpha_0)."""

    def __init__(self, xp, special, alpha, targets):
        self.xp, self.special = xp, special
        self.x, self.y = alpha, targets

    def prepare(self):
        xp, sc = self.xp, self.special
        self.d = sc.polygamma(1, self.x)
        self.sqrt_d = xp.sqrt(self.d)
        self.w = 1 / self.sqrt_d
        self.c = -sc.polygamma(1, self.x.sum(axis=-1, keepdims=True))
        w2 = (self.w * self.w).sum(axis=-1, keepdims=True)
        self.a = self.c / (1 + xp.sqrt(1 + self.c * w2))
        return self

    def evaluate(self, mask=None, weight=1.0):
        sc = self.special
        log_y = self.xp.log(self.y)
        nll = (sc.gammaln(self.x) - (self.x - 1) * log_y).sum(axis=-1) - sc.gammaln(self.x.sum(axis=-1))
        return (nll * weight if mask is None else nll * mask * weight).sum()

    def mean(self):
        sc = self.special
        return sc.digamma(self.x) - sc.digamma(self.x.sum(axis=-1, keepdims=True))

    def grad(self, mask=None, weight=1.0):
        return (self.mean() - self.xp.log(self.y)) * _row_scale(self.xp, mask, weight)

    def fisher_product(self, v, mask=None, weight=1.0):
        return (self.d * v + self.c * v.sum(axis=-1, keepdims=True)) * _row_scale(self.xp, mask, weight)

    def factor_product(self, u, mask=None, weight=1.0):
        # B u = D^(1/2) u + a (w . u) 1, since D^(1/2) w = 1.
        out = self.sqrt_d * u + self.a * (self.w * u).sum(axis=-1, keepdims=True)
        return out * _row_scale(self.xp, mask, math.sqrt(weight))

    def factor_transpose_product(self, v, mask=None, weight=1.0):
        # B^T v = D^(1/2) v + a w (w . D^(1/2) v) = D^(1/2) v + a w sum(v).
        out = self.sqrt_d * v + self.a * self.w * v.sum(axis=-1, keepdims=True)
        return out * _row_scale(self.xp, mask, math.sqrt(weight))


def transcription(family_name, xp, special, param, targets, hypers):
    """The transcription of a coupled family, prepared (p or D cached)."""
    if family_name in ("categorical", "one_hot_categorical"):
        t = SoftmaxTranscription(xp, special, param, targets)
    elif family_name == "multinomial":
        t = SoftmaxTranscription(xp, special, param, targets, trials=int(hypers.get("trials", 1)))
    elif family_name == "dirichlet":
        t = DirichletTranscription(xp, special, param, targets)
    else:
        raise KeyError(f"no coupled transcription for the family {family_name!r}")
    return t.prepare()
