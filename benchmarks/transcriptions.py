"""Hand-written NumPy/SciPy transcriptions of the K-FAC loss formulas, one class per family.

They are the baseline `numpy_speed.py` compares the generated classes against: each is
written the way a K-FAC user would write it by hand, from the textbook parameterization
(probabilities, mean/variance, shape/rate, ...) recovered from the natural parameters,
with the closed-form 2x2 Fisher and its Cholesky factor for the two-parameter families.
Nothing is cached: every product recomputes what it needs from the inputs, per call.
No input checks, no weight, no mask.

Each class takes the same inputs as its generated counterpart, in the same layout:

* constructor: ``Cls(*params, targets=..., **hypers)`` (hypers: ``trials``, ``failures``, ``var``);
* a vector in input space: an array (one parameter) or a tuple of two arrays (two);
* a vector in factor space: an array of the inputs' shape (one parameter) or of the
  inputs' shape + (2,) (two; the last axis holds the two components), as the generated
  ``fisher_factor_inner_shape``;
* ``multiply_fisher_factor_replicated_one_hot(index)`` returns the same zero-padded arrays.

``TRANSCRIPTIONS`` maps the family name to its class; ``CategoricalTranscription`` is the
coupled softmax cross-entropy, compared once ``CategoricalLogitsNegativeLogProbLoss`` exists.
"""
from __future__ import annotations

import numpy as np
from scipy import special as sc

_LOG_2PI = float(np.log(2.0 * np.pi))


# --------------------------------------------------------------------------- helpers
class _Transcription:
    """The shared plumbing: samplers take a seed or a Generator, as the generated classes do."""

    family = ""

    @staticmethod
    def _rng(seed):
        return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


class _Scalar(_Transcription):
    """One natural parameter: F, B and B^T are all multiplication by a per-case scalar."""

    def __init__(self, x, targets=None):
        self.x = x
        self.y = targets

    # subclasses: nll(y), mean(), fisher(), factor(), and _sample(rng)
    def evaluate(self):
        return self.nll(self.y).sum()

    def grad_of_evaluate(self):
        return self.mean() - self.y

    def multiply_fisher(self, v):
        return self.fisher() * v

    def multiply_fisher_factor(self, u):
        return self.factor() * u

    def multiply_fisher_factor_transpose(self, v):
        return self.factor() * v

    def multiply_fisher_factor_replicated_one_hot(self, index):
        # The column of B for inner index `index`: B[:, j] in every batch row, zeros elsewhere.
        # As TF K-FAC does, only the slice of the inputs that is needed is transformed.
        (j,) = index
        out = np.zeros_like(self.x)
        out[:, j] = self._factor_of(self.x[:, j])
        return out

    def _factor_of(self, x):
        return type(self)(x, **self._hypers()).factor()

    def _hypers(self):
        return {}

    def sample(self, seed=None):
        return self._sample(self._rng(seed))


class _Dense(_Transcription):
    """Two natural parameters: the 2x2 Fisher [[a, b], [b, c]] and its Cholesky factor
    L = [[sqrt(a), 0], [b / sqrt(a), sqrt(c - b^2 / a)]], both recomputed per call."""

    def __init__(self, x0, x1, targets=None):
        self.x0, self.x1 = x0, x1
        self.y = targets

    # subclasses: nll(y), mean() -> (m0, m1), stat(y) -> (t0, t1), fisher() -> (a, b, c), _sample(rng)
    def evaluate(self):
        return self.nll(self.y).sum()

    def grad_of_evaluate(self):
        m0, m1 = self.mean()
        t0, t1 = self.stat(self.y)
        return m0 - t0, m1 - t1

    def cholesky(self):
        a, b, c = self.fisher()
        l00 = np.sqrt(a)
        l10 = b / l00
        l11 = np.sqrt(c - l10 * l10)
        return l00, l10, l11

    def multiply_fisher(self, v):
        v0, v1 = v
        a, b, c = self.fisher()
        return a * v0 + b * v1, b * v0 + c * v1

    def multiply_fisher_factor(self, u):
        u0, u1 = u[..., 0], u[..., 1]
        l00, l10, l11 = self.cholesky()
        return l00 * u0, l10 * u0 + l11 * u1

    def multiply_fisher_factor_transpose(self, v):
        v0, v1 = v
        l00, l10, l11 = self.cholesky()
        return np.stack([l00 * v0 + l10 * v1, l11 * v1], axis=-1)

    def multiply_fisher_factor_replicated_one_hot(self, index):
        # Column `index[-1]` of L for every case (the inputs are (N,), so index is (column,)).
        (column,) = index
        l00, l10, l11 = self.cholesky()
        if column == 0:
            return l00, l10
        return np.zeros_like(l11), l11

    def sample(self, seed=None):
        return self._sample(self._rng(seed))


# --------------------------------------------------------------- one-parameter families
class Bernoulli(_Scalar):
    """logits; p = sigmoid(logits); NLL = softplus(logits) - y logits."""

    family = "bernoulli"

    def nll(self, y):
        return np.logaddexp(0.0, self.x) - y * self.x

    def mean(self):
        return sc.expit(self.x)

    def fisher(self):
        p = sc.expit(self.x)
        return p * (1 - p)

    def factor(self):
        p = sc.expit(self.x)
        return np.sqrt(p * (1 - p))

    def _sample(self, rng):
        return (rng.random(self.x.shape) < sc.expit(self.x)).astype(np.int64)


class Binomial(_Scalar):
    """logits, `trials` n; NLL = n softplus(logits) - y logits - log C(n, y)."""

    family = "binomial"

    def __init__(self, x, targets=None, trials=1):
        super().__init__(x, targets)
        self.n = trials

    def _hypers(self):
        return {"trials": self.n}

    def nll(self, y):
        n = self.n
        log_choose = sc.gammaln(n + 1) - sc.gammaln(y + 1) - sc.gammaln(n - y + 1)
        return n * np.logaddexp(0.0, self.x) - y * self.x - log_choose

    def mean(self):
        return self.n * sc.expit(self.x)

    def fisher(self):
        p = sc.expit(self.x)
        return self.n * p * (1 - p)

    def factor(self):
        return np.sqrt(self.fisher())

    def _sample(self, rng):
        return rng.binomial(self.n, sc.expit(self.x))


class Poisson(_Scalar):
    """log_rate; rate = exp(log_rate); NLL = rate - y log_rate + log y!."""

    family = "poisson"

    def nll(self, y):
        return np.exp(self.x) - y * self.x + sc.gammaln(y + 1)

    def mean(self):
        return np.exp(self.x)

    def fisher(self):
        return np.exp(self.x)

    def factor(self):
        return np.sqrt(np.exp(self.x))

    def _sample(self, rng):
        return rng.poisson(np.exp(self.x))


class Exponential(_Scalar):
    """neg_rate = -rate; NLL = rate y - log rate; F = 1 / rate^2."""

    family = "exponential"

    def nll(self, y):
        rate = -self.x
        return rate * y - np.log(rate)

    def mean(self):
        return 1 / -self.x

    def fisher(self):
        return 1 / (self.x * self.x)

    def factor(self):
        return 1 / -self.x

    def _sample(self, rng):
        return rng.exponential(1 / -self.x)


class Geometric(_Scalar):
    """log_fail_prob = log q, p = 1 - q; failures before the first success; F = q / p^2."""

    family = "geometric"

    def nll(self, y):
        return -y * self.x - np.log1p(-np.exp(self.x))

    def mean(self):
        q = np.exp(self.x)
        return q / (1 - q)

    def fisher(self):
        q = np.exp(self.x)
        p = 1 - q
        return q / (p * p)

    def factor(self):
        q = np.exp(self.x)
        return np.sqrt(q) / (1 - q)

    def _sample(self, rng):
        return rng.geometric(1 - np.exp(self.x)) - 1


class NegativeBinomial(_Scalar):
    """x = log_success_prob = log p (success), r = `failures`; successes before r failures; F = r p / (1-p)^2."""

    family = "negative_binomial"

    def __init__(self, x, targets=None, failures=1.0):
        super().__init__(x, targets)
        self.r = failures

    def _hypers(self):
        return {"failures": self.r}

    def nll(self, y):
        r = self.r
        log_coef = sc.gammaln(r + y) - sc.gammaln(r) - sc.gammaln(y + 1)
        return -log_coef - r * np.log1p(-np.exp(self.x)) - y * self.x

    def mean(self):
        p = np.exp(self.x)
        return self.r * p / (1 - p)

    def fisher(self):
        p = np.exp(self.x)
        q = 1 - p
        return self.r * p / (q * q)

    def factor(self):
        return np.sqrt(self.fisher())

    def _sample(self, rng):
        # numpy counts failures before n successes; ours are successes before r failures.
        return rng.negative_binomial(self.r, 1 - np.exp(self.x))


class NormalMean(_Scalar):
    """mean, fixed `var`; NLL = (y - mean)^2 / (2 var) + log(2 pi var) / 2; F = 1 / var."""

    family = "normal_mean"

    def __init__(self, x, targets=None, var=0.5):
        super().__init__(x, targets)
        self.var = var

    def _hypers(self):
        return {"var": self.var}

    def nll(self, y):
        d = y - self.x
        return d * d / (2 * self.var) + 0.5 * np.log(2 * np.pi * self.var)

    def grad_of_evaluate(self):
        return (self.x - self.y) / self.var

    def mean(self):
        return self.x / self.var

    def fisher(self):
        return 1.0 / self.var

    def factor(self):
        return 1.0 / np.sqrt(self.var)

    def multiply_fisher_factor_replicated_one_hot(self, index):
        (j,) = index
        out = np.zeros_like(self.x)
        out[:, j] = 1.0 / np.sqrt(self.var)
        return out

    def _sample(self, rng):
        return rng.normal(self.x, np.sqrt(self.var))


# --------------------------------------------------------------- two-parameter families
class Normal(_Dense):
    """(mu / s2, -1 / (2 s2)); T = (y, y^2); Cov(T) = [[s2, 2 mu s2], [2 mu s2, 2 s2^2 + 4 mu^2 s2]]."""

    family = "normal"

    def moments(self):
        s2 = -0.5 / self.x1
        return self.x0 * s2, s2

    def _t(self, y):
        return y

    def nll(self, y):
        mu, s2 = self.moments()
        d = self._t(y) - mu
        return 0.5 * np.log(2 * np.pi * s2) + d * d / (2 * s2)

    def mean(self):
        mu, s2 = self.moments()
        return mu, mu * mu + s2

    def stat(self, y):
        t = self._t(y)
        return t, t * t

    def fisher(self):
        mu, s2 = self.moments()
        return s2, 2 * mu * s2, 2 * s2 * s2 + 4 * mu * mu * s2

    def _sample(self, rng):
        mu, s2 = self.moments()
        return rng.normal(mu, np.sqrt(s2))


class LogNormal(Normal):
    """Normal on log y: T = (log y, log^2 y); the NLL adds log y."""

    family = "log_normal"

    def _t(self, y):
        return np.log(y)

    def nll(self, y):
        return super().nll(y) + np.log(y)

    def _sample(self, rng):
        return np.exp(super()._sample(rng))


class Gamma(_Dense):
    """(alpha - 1, -beta); T = (log y, y); F = [[psi1(alpha), 1/beta], [1/beta, alpha/beta^2]]."""

    family = "gamma"

    def nll(self, y):
        a, b = self.x0 + 1, -self.x1
        return b * y - (a - 1) * np.log(y) - a * np.log(b) + sc.gammaln(a)

    def mean(self):
        a, b = self.x0 + 1, -self.x1
        return sc.digamma(a) - np.log(b), a / b

    def stat(self, y):
        return np.log(y), y

    def fisher(self):
        a, b = self.x0 + 1, -self.x1
        return sc.polygamma(1, a), 1 / b, a / (b * b)

    def _sample(self, rng):
        return rng.gamma(self.x0 + 1, 1 / -self.x1)


class Beta(_Dense):
    """(alpha - 1, beta - 1); T = (log y, log(1-y)); F = diag(psi1(a), psi1(b)) - psi1(a+b)."""

    family = "beta"

    def nll(self, y):
        a, b = self.x0 + 1, self.x1 + 1
        return sc.betaln(a, b) - (a - 1) * np.log(y) - (b - 1) * np.log1p(-y)

    def mean(self):
        a, b = self.x0 + 1, self.x1 + 1
        dab = sc.digamma(a + b)
        return sc.digamma(a) - dab, sc.digamma(b) - dab

    def stat(self, y):
        return np.log(y), np.log1p(-y)

    def fisher(self):
        a, b = self.x0 + 1, self.x1 + 1
        tab = sc.polygamma(1, a + b)
        return sc.polygamma(1, a) - tab, -tab, sc.polygamma(1, b) - tab

    def _sample(self, rng):
        return rng.beta(self.x0 + 1, self.x1 + 1)


class InverseGaussian(_Dense):
    """(-lam / (2 mu^2), -lam / 2); T = (y, 1/y);
    Cov(T) = [[mu^3 / lam, -mu / lam], [-mu / lam, 1 / (mu lam) + 2 / lam^2]]."""

    family = "inverse_gaussian"

    def moments(self):
        lam = -2 * self.x1
        return np.sqrt(self.x1 / self.x0), lam

    def nll(self, y):
        mu, lam = self.moments()
        d = y - mu
        return 0.5 * (_LOG_2PI + 3 * np.log(y) - np.log(lam)) + lam * d * d / (2 * mu * mu * y)

    def mean(self):
        mu, lam = self.moments()
        return mu, 1 / mu + 1 / lam

    def stat(self, y):
        return y, 1 / y

    def fisher(self):
        mu, lam = self.moments()
        return mu ** 3 / lam, -mu / lam, 1 / (mu * lam) + 2 / (lam * lam)

    def _sample(self, rng):
        mu, lam = self.moments()
        return rng.wald(mu, lam)


# ---------------------------------------------------------------- coupled: categorical
class CategoricalTranscription(_Transcription):
    """Softmax cross-entropy over the last axis of logits (B, K); targets: class indices (B,)
    or one-hot (B, K). F = diag(p) - p p^T, B = diag(sqrt p) - p sqrt(p)^T (B B^T = F)."""

    family = "categorical"

    def __init__(self, logits, targets=None):
        self.logits = logits
        self.y = targets

    def _log_p_of_target(self):
        logp = sc.log_softmax(self.logits, axis=-1)
        if self.y.ndim == self.logits.ndim:  # one-hot
            return (self.y * logp).sum(axis=-1)
        return np.take_along_axis(logp, self.y[:, None].astype(np.intp), axis=-1)[:, 0]

    def evaluate(self):
        return -self._log_p_of_target().sum()

    def grad_of_evaluate(self):
        g = sc.softmax(self.logits, axis=-1)
        if self.y.ndim == self.logits.ndim:
            return g - self.y
        g[np.arange(g.shape[0]), self.y.astype(np.intp)] -= 1
        return g

    def multiply_fisher(self, v):
        p = sc.softmax(self.logits, axis=-1)
        pv = p * v
        return pv - p * pv.sum(axis=-1, keepdims=True)

    def multiply_fisher_factor(self, u):
        p = sc.softmax(self.logits, axis=-1)
        s = np.sqrt(p)
        return s * u - p * (s * u).sum(axis=-1, keepdims=True)

    def multiply_fisher_factor_transpose(self, v):
        p = sc.softmax(self.logits, axis=-1)
        s = np.sqrt(p)
        return s * v - s * (p * v).sum(axis=-1, keepdims=True)

    def multiply_fisher_factor_replicated_one_hot(self, index):
        # B e_k = sqrt(p_k) e_k - p sqrt(p_k), for every row.
        (k,) = index
        p = sc.softmax(self.logits, axis=-1)
        sk = np.sqrt(p[:, k : k + 1])
        out = -p * sk
        out[:, k] += sk[:, 0]
        return out

    def sample(self, seed=None):
        rng = self._rng(seed)
        gumbel = rng.gumbel(size=self.logits.shape)
        return np.argmax(self.logits + gumbel, axis=-1)


TRANSCRIPTIONS = {
    cls.family: cls
    for cls in (
        Bernoulli, Binomial, Poisson, Exponential, Geometric, NegativeBinomial, NormalMean,
        Normal, LogNormal, Gamma, Beta, InverseGaussian,
    )
}
