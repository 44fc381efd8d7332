"""Losses in user parameters (codegen/parametrize.py) against independent references.

Every reference here is written from the distribution, not from the derivation:

* the NLL as a closed form in mpmath at 50 digits; its gradient and its true Hessian are
  mpmath's numerical derivatives of that closed form (50 digits, so exact to float64);
* the Fisher in theta as a closed form from the GLM literature (d mu / d theta)^2 / Var and
  friends, or, for the Beta, J^T F J with J by mpmath differentiation and F from trigamma;
* and, independently of both, the Fisher as the sample covariance of the score, the score
  by finite differences of SciPy's log density;
* log densities against SciPy.
"""
from __future__ import annotations

import math

import mpmath as mp
import numpy as np
import pytest
import scipy.special as sc
import scipy.stats as st
import sympy as sp

import natloss.generated.numpy as G
from natloss.codegen import DeclarationError, Param, REALS
from natloss.codegen.driver import builtin_parametrizations, compile_to_class
from natloss.codegen.parametrize import COMPLEMENTARY_LOG_ODDS, Parametrization
from natloss.codegen.primitives import log_ndtr
from natloss.runtime.parametrized import NoHessianFactorError

mp.mp.dps = 50


def _normal(y, mu, sigma):
    return -mp.log(sigma) - mp.log(2 * mp.pi) / 2 - (y - mu) ** 2 / (2 * sigma**2)


def _softplus(x):
    return mp.log1p(mp.exp(x))


def _sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def _poisson(y, lam):
    return y * mp.log(lam) - lam - mp.loggamma(y + 1)


def _log_ncdf(x):
    """log Phi(x) at 50 digits in both tails (log(1 - 5e-198) is 0 at 50 digits, log1p is not)."""
    return mp.log1p(-mp.ncdf(-x)) if x > 0 else mp.log(mp.ncdf(x))


def _bernoulli(y, p_log, q_log):
    return p_log if y == 1 else q_log


def _gamma(y, a, mean):
    b = a / mean
    return a * mp.log(b) - mp.loggamma(a) + (a - 1) * mp.log(y) - b * y


def _inverse_gaussian(y, mu, lam):
    return mp.log(lam / (2 * mp.pi * y**3)) / 2 - lam * (y - mu) ** 2 / (2 * mu**2 * y)


def _negative_binomial(y, mu, r):
    p = mu / (mu + r)
    return mp.loggamma(y + r) - mp.loggamma(y + 1) - mp.loggamma(r) + y * mp.log(p) + r * mp.log1p(-p)


def _beta(y, a, b):
    return (a - 1) * mp.log(y) + (b - 1) * mp.log1p(-y) - mp.log(mp.beta(a, b))


def _beta_fisher(m, lp):
    """J^T F J: (a, b) = (m phi, (1 - m) phi), F from trigamma, J by mpmath differentiation."""
    ab = lambda m, lp: (_sigmoid(m) * mp.exp(lp), _sigmoid(-m) * mp.exp(lp))  # noqa: E731
    a, b = ab(m, lp)
    t = lambda x: mp.psi(1, x)  # noqa: E731
    F = mp.matrix([[t(a) - t(a + b), -t(a + b)], [-t(a + b), t(b) - t(a + b)]])
    J = mp.matrix(2, 2)
    for k in range(2):
        J[k, 0] = mp.diff(lambda x: ab(x, lp)[k], m)
        J[k, 1] = mp.diff(lambda x: ab(m, x)[k], lp)
    return (J.T * F * J).tolist()


# class -> (log density(y, *theta, **hypers) in mpmath, Fisher(*theta, **hypers) in mpmath or None,
#           SciPy log density(y, *theta, **hypers) on arrays, moderate points, extreme points, hypers)
# A point is (theta, y).
CASES = {
    "NormalMeanLogScaleNegativeLogProbLoss": (
        lambda y, m, s: _normal(y, m, mp.exp(s)),
        lambda m, s: [[mp.exp(-2 * s), 0], [0, 2]],
        lambda y, m, s: st.norm.logpdf(y, m, np.exp(s)),
        [((0.3, -0.2), 1.1), ((-1.5, 0.7), -3.0)],
        [((1e3, 20.0), 1e3 + 5e8), ((-2.0, -20.0), -2.0 + 3e-9), ((1e8, 0.0), 1e8 + 0.5)],
        {},
    ),
    "NormalMeanSoftplusScaleNegativeLogProbLoss": (
        lambda y, m, r: _normal(y, m, _softplus(r)),
        lambda m, r: [[1 / _softplus(r) ** 2, 0], [0, 2 * _sigmoid(r) ** 2 / _softplus(r) ** 2]],
        lambda y, m, r: st.norm.logpdf(y, m, np.logaddexp(0, r)),
        [((0.3, -0.2), 1.1), ((-1.5, 1.7), -3.0)],
        [((2.0, -30.0), 2.0 + 1e-13), ((0.0, 30.0), 45.0)],
        {},
    ),
    "NormalMeanVarianceNegativeLogProbLoss": (
        lambda y, m, v: _normal(y, m, mp.sqrt(v)),
        lambda m, v: [[1 / v, 0], [0, 1 / (2 * v**2)]],
        lambda y, m, v: st.norm.logpdf(y, m, np.sqrt(v)),
        [((0.3, 0.5), 1.1), ((-1.5, 2.0), -3.0)],
        [((1e6, 1e-12), 1e6 + 2e-6), ((0.0, 1e12), 3e6)],
        {},
    ),
    "PoissonRateNegativeLogProbLoss": (
        lambda y, lam: _poisson(y, lam),
        lambda lam: [[1 / lam]],
        lambda y, lam: st.poisson.logpmf(y, lam),
        [((0.7,), 2.0), ((4.0,), 3.0)],
        [((1e-8,), 0.0), ((1e8,), 1e8 + 3e4), ((30.0,), 29.0)],
        {},
    ),
    "PoissonSqrtRateNegativeLogProbLoss": (
        lambda y, s: _poisson(y, s**2),
        lambda s: [[4]],
        lambda y, s: st.poisson.logpmf(y, s**2),
        [((0.7,), 2.0), ((2.0,), 3.0)],
        [((1e-4,), 0.0), ((1e4,), 1e8 - 2e4)],
        {},
    ),
    "BernoulliProbitNegativeLogProbLoss": (
        lambda y, s: _bernoulli(y, _log_ncdf(s), _log_ncdf(-s)),
        lambda s: [[mp.npdf(s) ** 2 / (mp.ncdf(s) * mp.ncdf(-s))]],
        lambda y, s: st.bernoulli.logpmf(y, sc.ndtr(s)),
        [((0.4,), 1.0), ((-1.2,), 1.0), ((0.9,), 0.0)],
        [((8.0,), 1.0), ((8.0,), 0.0), ((-30.0,), 1.0), ((-30.0,), 0.0), ((30.0,), 0.0)],
        {},
    ),
    "BernoulliCLogLogNegativeLogProbLoss": (
        lambda y, s: _bernoulli(y, mp.log(-mp.expm1(-mp.exp(s))), -mp.exp(s)),
        lambda s: [[(mp.exp(s - mp.exp(s))) ** 2 / ((-mp.expm1(-mp.exp(s))) * mp.exp(-mp.exp(s)))]],
        lambda y, s: st.bernoulli.logpmf(y, -np.expm1(-np.exp(s))),
        [((0.4,), 1.0), ((-1.2,), 0.0), ((0.9,), 0.0)],
        [((-30.0,), 0.0), ((-30.0,), 1.0), ((3.0,), 1.0), ((3.0,), 0.0)],
        {},
    ),
    "GammaLogMeanNegativeLogProbLoss": (
        lambda y, lm, shape=1.0: _gamma(y, shape, mp.exp(lm)),
        lambda lm, shape=1.0: [[shape]],
        lambda y, lm, shape=1.0: st.gamma.logpdf(y, shape, scale=np.exp(lm) / shape),
        [((0.3,), 1.1), ((-1.0,), 0.2)],
        [((50.0,), 3e21), ((-40.0,), 1e-18), ((0.0,), 1.0 + 1e-6)],
        {"shape": 2.5},
    ),
    "InverseGaussianLogMeanNegativeLogProbLoss": (
        lambda y, lm, shape=1.0: _inverse_gaussian(y, mp.exp(lm), shape),
        lambda lm, shape=1.0: [[shape / mp.exp(lm)]],
        lambda y, lm, shape=1.0: st.invgauss.logpdf(y, np.exp(lm) / shape, scale=shape),
        [((0.3,), 1.1), ((-1.0,), 0.2)],
        [((20.0,), 4e8), ((-20.0,), 2e-9)],
        {"shape": 1.7},
    ),
    "NegativeBinomialLogMeanNegativeLogProbLoss": (
        lambda y, lm, failures=1.0: _negative_binomial(y, mp.exp(lm), failures),
        lambda lm, failures=1.0: [[mp.exp(lm) * failures / (failures + mp.exp(lm))]],
        lambda y, lm, failures=1.0: st.nbinom.logpmf(y, failures, failures / (failures + np.exp(lm))),
        [((0.3,), 1.0), ((1.5,), 7.0)],
        [((-30.0,), 0.0), ((25.0,), 7e10), ((3.0,), 20.0)],
        {"failures": 3.5},
    ),
    "BetaLogitMeanLogPrecisionNegativeLogProbLoss": (
        lambda y, m, lp: _beta(y, _sigmoid(m) * mp.exp(lp), _sigmoid(-m) * mp.exp(lp)),
        _beta_fisher,
        lambda y, m, lp: st.beta.logpdf(y, sc.expit(m) * np.exp(lp), sc.expit(-m) * np.exp(lp)),
        [((0.3, 1.0), 0.6), ((-1.0, 2.0), 0.2)],
        [((8.0, 1.0), 0.999), ((0.0, 8.0), 0.52), ((-3.0, -3.0), 1e-5)],
        {},
    ),
}

NAMES = sorted(CASES)


def test_every_builtin_parametrization_has_a_reference():
    assert sorted(p.class_name for p in builtin_parametrizations()) == NAMES


# --------------------------------------------------------------------- helpers
def _ref(name, theta, y, hypers):
    """(nll, grad, Hessian, Fisher) at 50 digits from the closed forms."""
    logpdf, fisher = CASES[name][0], CASES[name][1]
    theta = [mp.mpf(t) for t in theta]
    y = mp.mpf(y)
    hyp = {k: mp.mpf(v) for k, v in hypers.items()}

    def nll(*t):
        return -logpdf(y, *t, **hyp)

    d = len(theta)
    grad = [mp.diff(nll, theta, tuple(int(i == k) for i in range(d))) for k in range(d)]
    hess = [[mp.diff(nll, theta, tuple(int(i == k) + int(i == m) for i in range(d))) for m in range(d)]
            for k in range(d)]
    return nll(*theta), grad, hess, [[mp.mpf(v) for v in row] for row in fisher(*theta, **hyp)]


def _loss(name, theta, y, hypers, dtype, weight=1.0):
    cls = getattr(G, name)
    args = [np.asarray([t], dtype=dtype) for t in theta]
    return cls(*args, targets=np.asarray([y], dtype=dtype), weight=weight, **hypers)


def _matrix(loss, product, d):
    """The per-case d x d matrix of a product (column j = product(e_j)), case 0."""
    cols = []
    for j in range(d):
        e = tuple(np.asarray([1.0 if i == j else 0.0], dtype=loss.dtype) for i in range(d))
        out = product(e if d > 1 else e[0])
        cols.append([float(o[0]) for o in (out if d > 1 else (out,))])
    return np.array(cols).T


def _generated(loss, d):
    nll = float(loss.nll()[0])
    g = loss.grad_of_evaluate()
    grad = [float(x[0]) for x in (g if d > 1 else (g,))]
    return nll, grad, _matrix(loss, loss.multiply_hessian, d), _matrix(loss, loss.multiply_fisher, d)


def _rel(got, want) -> float:
    """max |got - want| over the largest |want| (entries of a vector or matrix)."""
    got = np.asarray(got, dtype=float)
    want = np.vectorize(float, otypes=[float])(np.array(want, dtype=object))
    scale = max(float(np.max(np.abs(want))), 1e-300)
    return float(np.max(np.abs(got - want))) / scale


# Known defects at extreme points: strict xfails with the measured error.
KNOWN = {
    ("NegativeBinomialLogMeanNegativeLogProbLoss", 1):
        "NLL at y = 7e10: the natural family's log h, lgamma(y + 1) - lgamma(y + r), is two values"
        " of 1.7e12 subtracted; measured 3.4e-6 relative (the natural negative binomial's NLL does the same)",
}


def _cases(kind):
    if kind == "moderate":
        return [pytest.param(n, i, id=f"{n}-{i}") for n in NAMES for i in range(len(CASES[n][3]))]
    return [pytest.param(n, i, id=f"{n}-{i}", marks=[pytest.mark.xfail(strict=True, reason=KNOWN[n, i])]
                         if (n, i) in KNOWN else []) for n in NAMES for i in range(len(CASES[n][4]))]


# ------------------------------------------------------------------ the battery
@pytest.mark.parametrize("name, index", _cases("moderate"))
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["f64", "f32"])
def test_nll_gradient_hessian_fisher_against_mpmath(name, index, dtype):
    """NLL, gradient (= FD of the NLL at 50 digits), Hessian (= FD Hessian of the NLL) and
    Fisher (closed form) at moderate points; float32 to ~1e-5 relative, float64 to 1e-12."""
    theta, y = CASES[name][3][index]
    hypers = CASES[name][5]
    loss = _loss(name, theta, y, hypers, dtype)
    d = len(theta)
    nll, grad, hess, fisher = _generated(loss, d)
    assert loss.nll().dtype == dtype and loss.grad_of_evaluate()[0].dtype == dtype
    r_nll, r_grad, r_hess, r_fisher = _ref(name, theta, y, hypers)
    tol = 1e-12 if dtype == np.float64 else 2e-5
    assert _rel([nll], [r_nll]) < tol
    assert _rel(grad, r_grad) < tol
    assert _rel(hess, r_hess) < tol
    assert _rel(fisher, r_fisher) < tol


@pytest.mark.parametrize("name, index", _cases("extreme"))
def test_accuracy_at_extreme_points(name, index):
    """float64 at points far out in the domain (tails, huge and tiny scales): every quantity
    to 1e-9 relative of its largest entry against the 50-digit references."""
    theta, y = CASES[name][4][index]
    hypers = CASES[name][5]
    d = len(theta)
    nll, grad, hess, fisher = _generated(_loss(name, theta, y, hypers, np.float64), d)
    r_nll, r_grad, r_hess, r_fisher = _ref(name, theta, y, hypers)
    errors = {"nll": _rel([nll], [r_nll]), "grad": _rel(grad, r_grad), "hessian": _rel(hess, r_hess),
              "fisher": _rel(fisher, r_fisher)}
    assert max(errors.values()) < 1e-9, errors


@pytest.mark.parametrize("name", NAMES)
def test_log_density_against_scipy(name):
    logpdf_scipy, (theta, _), hypers = CASES[name][2], CASES[name][3][0], CASES[name][5]
    cls = getattr(G, name)
    rng = np.random.default_rng(5)
    n = 64
    args = [np.full(n, t) + 0.1 * rng.standard_normal(n) if cls.param_domains[i][0] == -math.inf
            else np.full(n, t) * np.exp(0.1 * rng.standard_normal(n)) for i, t in enumerate(theta)]
    y = cls(*args, **hypers).sample(seed=1)
    got = cls(*args, targets=y, **hypers).log_prob()
    want = logpdf_scipy(y.astype(float), *args, **hypers)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_fisher_is_the_covariance_of_the_score(name):
    """J^T F J against the sample covariance of the score over draws from the model, the score
    by central differences of SciPy's log density (independent of the derivation)."""
    logpdf_scipy, (theta, y0), hypers = CASES[name][2], CASES[name][3][0], CASES[name][5]
    cls = getattr(G, name)
    n, d, h = 200_000, len(theta), 1e-5
    args = [np.full(n, t) for t in theta]
    y = cls(*args, seed=0, **hypers).sample(seed=0).astype(float)
    score = []
    for i in range(d):
        up = [a + h * (k == i) for k, a in enumerate(args)]
        down = [a - h * (k == i) for k, a in enumerate(args)]
        score.append((logpdf_scipy(y, *up, **hypers) - logpdf_scipy(y, *down, **hypers)) / (2 * h))
    score = np.array(score)
    covariance = score @ score.T / n
    loss = _loss(name, theta, y0, hypers, np.float64)
    fisher = _matrix(loss, loss.multiply_fisher, d)
    # Monte Carlo: the standard error of each entry is sd(s_i s_j) / sqrt(n); 6 of them.
    se = np.sqrt(np.array([[np.var(score[i] * score[j]) for j in range(d)] for i in range(d)]) / n)
    assert np.all(np.abs(covariance - fisher) < 6 * se + 1e-12), (covariance, fisher, se)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["f64", "f32"])
def test_factor_products(name, dtype):
    """B B^T = F per case, B^T is the transpose of B, the replicated one-hot is B's column, and
    the weights: F carries weight, B and B^T sqrt(weight)."""
    theta, y = CASES[name][3][0]
    hypers = CASES[name][5]
    cls = getattr(G, name)
    rng = np.random.default_rng(1)
    n, d = 6, len(theta)
    args = [np.full(n, t, dtype=dtype) for t in theta]
    targets = cls(*args, **hypers).sample(seed=2)
    loss = cls(*args, targets=targets, weight=0.25, **hypers)
    inner = loss.fisher_factor_inner_shape
    k = inner[-1] if len(inner) == 2 else 1
    B = np.zeros((n, d, k))
    for j in range(k):
        e = np.zeros(inner, dtype=dtype)
        if k > 1:
            e[..., j] = 1
        else:
            e[:] = 1
        out = loss.multiply_fisher_factor(e if k > 1 else e.reshape(n))
        B[:, :, j] = np.stack(out if d > 1 else (out,), axis=-1)
        col = loss.multiply_fisher_factor_replicated_one_hot((j,) if k > 1 else ())
        np.testing.assert_array_equal(np.stack(col if d > 1 else (col,), axis=-1), B[:, :, j])
    F = np.zeros((n, d, d))
    for j in range(d):
        e = tuple(np.full(n, float(i == j), dtype=dtype) for i in range(d))
        out = loss.multiply_fisher(e if d > 1 else e[0])
        F[:, :, j] = np.stack(out if d > 1 else (out,), axis=-1)
    tol = 1e-12 if dtype == np.float64 else 1e-5
    BBt = np.einsum("nik,njk->nij", B, B)
    np.testing.assert_allclose(BBt, F, rtol=tol, atol=tol * np.abs(F).max())
    v = tuple(rng.standard_normal(n).astype(dtype) for _ in range(d))
    bt = loss.multiply_fisher_factor_transpose(v if d > 1 else v[0]).reshape(n, k)
    np.testing.assert_allclose(bt, np.einsum("nik,ni->nk", B, np.stack(v, -1)), rtol=tol, atol=tol * np.abs(B).max())
    # weight 1 vs 0.25: F x 1/4, B x 1/2
    plain = cls(*args, targets=targets, **hypers)
    np.testing.assert_allclose(np.stack(plain.multiply_fisher(v) if d > 1 else (plain.multiply_fisher(v[0]),)) * 0.25,
                               np.stack(loss.multiply_fisher(v) if d > 1 else (loss.multiply_fisher(v[0]),)), rtol=tol)
    assert bt.dtype == dtype


@pytest.mark.parametrize("name", NAMES)
def test_hessian_factor_is_refused(name):
    theta, y = CASES[name][3][0]
    loss = _loss(name, theta, y, CASES[name][5], np.float64)
    d = len(theta)
    assert not loss.canonical
    with pytest.raises(NoHessianFactorError, match="has no factor"):
        loss.multiply_hessian_factor(np.zeros(loss.fisher_factor_inner_shape))
    with pytest.raises(NoHessianFactorError, match="has no factor"):
        loss.multiply_hessian_factor_transpose(tuple(np.zeros(1) for _ in range(d)) if d > 1 else np.zeros(1))
    with pytest.raises(NoHessianFactorError, match="has no factor"):
        loss.multiply_hessian_factor_replicated_one_hot((0,) * (len(loss.fisher_factor_inner_shape) - 1))
    # the GGN and the Fisher are J^T F J, with its factor
    v = tuple(np.ones(1) for _ in range(d)) if d > 1 else np.ones(1)
    np.testing.assert_array_equal(np.stack(loss.multiply_ggn(v)), np.stack(loss.multiply_fisher(v)))


def test_hessian_at_other_targets():
    """multiply_hessian(v, targets=...) uses those targets (the Hessian depends on them)."""
    cls = G.NormalMeanLogScaleNegativeLogProbLoss
    m, s = np.array([0.2]), np.array([0.1])
    loss = cls(m, s, targets=np.array([1.0]))
    other = cls(m, s, targets=np.array([-2.0]))
    v = (np.array([0.3]), np.array([-0.7]))
    np.testing.assert_array_equal(np.stack(loss.multiply_hessian(v, targets=np.array([-2.0]))),
                                  np.stack(other.multiply_hessian(v)))
    # weight and mask: H v * weight * mask, as the Fisher
    m2, s2, y2 = np.array([0.2, 0.4]), np.array([0.1, -0.3]), np.array([1.0, 0.5])
    v2 = (np.array([0.3, 1.0]), np.array([-0.7, 2.0]))
    plain = np.stack(cls(m2, s2, targets=y2).multiply_hessian(v2))
    masked = np.stack(cls(m2, s2, targets=y2, weight=0.5, mask=np.array([1.0, 0.0])).multiply_hessian(v2))
    np.testing.assert_allclose(masked, plain * 0.5 * np.array([1.0, 0.0]), rtol=1e-15)


# ------------------------------------------------------------------ the declaration
def test_identity_parametrization_reproduces_the_natural_family():
    """eta = theta is canonical: every method equals the natural family's, and the Hessian has
    the natural factor."""
    from natloss.codegen.families.normal import FAMILY

    a, b = Param("a", REALS), Param("b", FAMILY.params[1].domain)
    cls = compile_to_class(Parametrization(
        name="normal_identity", class_name="NormalIdentity", family=FAMILY, params=(a, b), eta=(a.symbol, b.symbol)))
    assert cls.canonical
    rng = np.random.default_rng(3)
    x1, x2 = rng.standard_normal(5), -np.exp(rng.standard_normal(5))
    y = rng.standard_normal(5)
    mine, natural = cls(x1, x2, targets=y), G.NormalNegativeLogProbLoss(x1, x2, targets=y)
    v = (rng.standard_normal(5), rng.standard_normal(5))
    u = rng.standard_normal((5, 2))
    for method, arg in (("nll", None), ("grad_of_evaluate", None), ("multiply_fisher", v), ("multiply_hessian", v),
                        ("multiply_fisher_factor", u), ("multiply_fisher_factor_transpose", v),
                        ("multiply_hessian_factor", u), ("multiply_fisher_factor_replicated_one_hot", (1,))):
        got = getattr(mine, method)() if arg is None else getattr(mine, method)(arg)
        want = getattr(natural, method)() if arg is None else getattr(natural, method)(arg)
        np.testing.assert_allclose(np.stack(got), np.stack(want), rtol=1e-15, atol=1e-15, err_msg=method)


def test_user_parametrization_in_a_few_lines():
    """The README's example: a Poisson with a softplus link, declared and compiled in memory."""
    from natloss.codegen.families.poisson import FAMILY as POISSON
    from natloss.codegen.primitives import softplus

    score = Param("score", REALS)
    cls = compile_to_class(Parametrization(
        name="poisson_softplus", class_name="PoissonSoftplusLoss", family=POISSON,
        params=(score,), eta=(sp.log(softplus(score.symbol)),)))
    x, y = np.array([-3.0, 0.5, 40.0]), np.array([0.0, 2.0, 41.0])
    loss = cls(x, targets=y)
    lam = np.logaddexp(0, x)
    np.testing.assert_allclose(loss.nll(), -st.poisson.logpmf(y, lam), rtol=1e-13)
    dlam = sc.expit(x)
    np.testing.assert_allclose(loss.grad_of_evaluate(), dlam * (1 - y / lam), rtol=1e-13)
    np.testing.assert_allclose(loss.multiply_fisher(np.ones(3)), dlam**2 / lam, rtol=1e-13)


def test_readme_softplus_link_is_accurate_at_the_extremes():
    """The README's example through the verifier's full accuracy sweep (|score| up to 700 / 80, both
    dtypes, against mpmath): F = sigmoid^2 / softplus was 0 at -700 (sigmoid^2 underflows) and the
    Hessian's y (q^2 - q sigmoid(-x)) cancelled to noise at -100 (2e27 relative) before the
    times_square and softplus_ratios rewrites."""
    from natloss.codegen.families.poisson import FAMILY as POISSON
    from natloss.codegen.primitives import softplus
    from natloss.codegen.verify import verify

    score = Param("score", REALS)
    link = Parametrization(name="poisson_softplus", class_name="PoissonSoftplusLoss", family=POISSON,
                           params=(score,), eta=(sp.log(softplus(score.symbol)),))
    report = verify(link, quick=False, checks=("accuracy",))
    assert report.passed, report.table()
    loss = compile_to_class(link)(np.array([-700.0, -100.0]), targets=np.array([0.0, 1.0]))
    with mp.workdps(50):
        for i, v in enumerate((-700, -100)):
            lam, dlam = mp.log1p(mp.exp(v)), 1 / (1 + mp.exp(-v))
            assert abs(loss.multiply_fisher(np.eye(2)[i])[i] - dlam**2 / lam) <= 1e-15 * dlam**2 / lam


@pytest.mark.parametrize("field, change, message", [
    ("eta", {"eta": (sp.Symbol("z"),)}, "undeclared symbols"),
    ("eta", {"eta": ()}, "expected a tuple of 1"),
    ("eta", {"eta": (Param("s", REALS).symbol,)}, "outside its domain"),  # log p > 0 for s > 0
    ("params", {"params": (Param("targets", REALS),), "eta": (Param("targets", REALS).symbol,)}, "reserved"),
    ("class_name", {"class_name": "not a name"}, "not a Python identifier"),
])
def test_declaration_errors_name_the_field(field, change, message):
    from dataclasses import replace

    from natloss.codegen.families.negative_binomial import FAMILY
    from natloss.codegen.parametrize import validate_parametrization
    from natloss.codegen.primitives import softplus

    s = Param("s", REALS)
    good = Parametrization(name="nb", class_name="NB", family=FAMILY, params=(s,), eta=(-softplus(-s.symbol),))
    validate_parametrization(good)
    with pytest.raises(DeclarationError, match=message) as info:
        validate_parametrization(replace(good, **change))
    assert info.value.field.startswith(field)


def test_complementary_log_odds_rewrite():
    """softplus(log Phi(x) - log Phi(-x)) = -log Phi(-x) and sigmoid(...) = Phi(x), to 50 digits."""
    x = sp.Symbol("x", real=True)
    logits = log_ndtr(x) - log_ndtr(-x)
    from natloss.codegen.primitives import sigmoid, softplus

    out_sp, out_sig = COMPLEMENTARY_LOG_ODDS(softplus(logits)), COMPLEMENTARY_LOG_ODDS(sigmoid(logits))
    assert out_sp == -log_ndtr(-x) and out_sig == sp.exp(log_ndtr(x))
    with mp.workdps(400):  # the identity the rewrite relies on (1 - Phi(30) needs 200 digits)
        for value in (-30, -2, 0.5, 9):
            want = mp.log1p(mp.ncdf(value) / mp.ncdf(-value))
            assert abs(-mp.log(mp.ncdf(-value)) - want) < 1e-40 * abs(want)


# ------------------------------------------------------- rewrites and primitives
def _rewrite_cases():
    from natloss.codegen.parametrize import FACTOR_SQUARED_SUMS, LOG1MEXP_OF_SOFTPLUS, X_OVER_EXPM1
    from natloss.codegen.primitives import log1mexp, softplus
    from sympy.codegen.cfunctions import expm1

    x, m = sp.Symbol("x", real=True), sp.Symbol("m", real=True)
    return [
        (COMPLEMENTARY_LOG_ODDS, softplus(log1mexp(-sp.exp(x)) + sp.exp(x)), (-3.0, 0.4, 2.5)),
        (LOG1MEXP_OF_SOFTPLUS, log1mexp(-softplus(x)), (-30.0, 0.1, 30.0)),
        (X_OVER_EXPM1, -sp.exp(x) / expm1(sp.exp(x)), (-30.0, 0.0, 3.0)),
        (FACTOR_SQUARED_SUMS, (m * sp.exp(-2 * x) - 3 * sp.exp(-2 * x)) ** 2 * sp.exp(2 * x), (-3.0, 0.5, 4.0)),
    ]


@pytest.mark.parametrize("index", range(4))
def test_parametrize_rewrites_keep_the_value(index):
    """Each rewrite fires on its pattern and keeps the value, at 50 digits."""
    from natloss.codegen.primitives import to_naive

    rewrite, expr, points = _rewrite_cases()[index]
    out = rewrite(expr)
    assert out != expr, rewrite.name
    symbols = sorted(expr.free_symbols, key=str)  # (m, x)
    before, after = (sp.lambdify(symbols, to_naive(e), modules="mpmath") for e in (expr, out))
    with mp.workdps(200):  # the naive forms cancel; 200 digits leave 50
        for p in points:
            args = [mp.mpf(p) if s.name == "x" else mp.mpf("1.7") for s in symbols]
            want, got = before(*args), after(*args)
            assert abs(got - want) <= mp.mpf(10) ** -40 * (abs(want) + mp.mpf(10) ** -300), (rewrite.name, p, got, want)


def test_new_numpy_helpers_against_mpmath():
    """log_ndtr, ndtr_mills, mills_shift, inv_exprel and inv_exprel_slope in both dtypes."""
    from natloss.runtime import numpy_math as m

    xs = np.array([-700.0, -40.0, -30.0, -5.0, -1.0, -0.6, -0.4, -1e-3, 0.0, 1e-9, 1e-3, 0.3, 0.49, 0.51, 0.9,
                   1.1, 5.0, 30.0, 600.0])
    refs = {
        "log_ndtr": lambda x: _log_ncdf(x),
        "inv_exprel": lambda x: x / mp.expm1(x) if x != 0 else mp.mpf(1),
        "ndtr_mills": lambda x: mp.npdf(x) / mp.ncdf(x),
        "mills_shift": lambda x: x + mp.npdf(x) / mp.ncdf(x),
        "inv_exprel_slope": lambda x: (x * mp.exp(x) - mp.expm1(x)) / mp.expm1(x) ** 2 if x != 0 else mp.mpf(0.5),
    }
    for name, ref in refs.items():
        for dtype, tol in ((np.float64, 4e-16), (np.float32, 3e-7)):
            x = xs.astype(dtype)
            got = getattr(m, name)(x)
            assert got.dtype == dtype, name
            want = np.array([float(ref(mp.mpf(float(v)))) for v in x])
            ok = np.isfinite(want) & (np.abs(want) > np.finfo(dtype).tiny)
            err = np.abs(got[ok] - want[ok]) / np.abs(want[ok])
            # log Phi(x) = -Phi(-x) above: its relative condition number is ~x^2 (a rounding of
            # x / sqrt(2) inside erfc moves it by that much; SciPy: 5.7e-14 at x = 30).
            condition = 1 + np.where(x[ok] > 0, x[ok].astype(float) ** 2, 0) if name == "log_ndtr" else 1
            assert np.all(err < 8 * tol * condition), (name, dtype, x[ok][np.argmax(err)], err.max())
