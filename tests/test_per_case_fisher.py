"""`per_case_fisher()` and `per_case_hessian()`: the per-case matrices, against references
that do not come from the compiler's derivation.

* Scalar and dense natural families: the Hessian of the declared log-partition A, by
  mpmath's numerical differentiation at 50 digits (A from the declaration, lambdified).
* Componentwise families: the closed forms per component (F = 1, var, the normal's 2 x 2).
* Coupled families: softmax / multinomial / Dirichlet closed forms at 50 digits, entry by
  entry, including F's diagonal at a row's dominant entry (p (1 - p) at p -> 1).
* Parametrizations: the closed-form Fisher in theta and the 50-digit Hessian of the closed-form
  NLL (tests/test_parametrizations.py's references).
* The sample covariance of the score T(y) - E[T] over draws from SciPy/NumPy samplers
  written here (not the generated sampler) for a few families.
* weighted=True is weight * mask * F per case; masked-out cases are exactly 0.
"""
from __future__ import annotations

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

import natloss.generated.numpy as G
import references as ref
from natloss.codegen.components import is_coupled
from natloss.codegen.driver import builtin_families, builtin_parametrizations
from natloss.codegen.primitives import to_naive
from test_parametrizations import CASES, NAMES, _ref

FAMILIES = builtin_families()
SIMPLE = [f for f in FAMILIES if not f.is_vector]
COUPLED = [f for f in FAMILIES if is_coupled(f)]
COMPONENTWISE = [f for f in FAMILIES if f.is_vector and not is_coupled(f)]


def _hessian_of_a(family):
    """(params..) -> d x d Hessian of the declared A at 50 digits (mpmath.diff of the naive A)."""
    symbols = [p.symbol for p in family.params]
    A = to_naive(family.log_partition).subs({h.symbol: h.default for h in family.hypers})
    f = sp.lambdify(symbols, A, "mpmath")
    d = len(symbols)

    def hessian(*values):
        with mp.workdps(50):
            x = [mp.mpf(float(v)) for v in values]
            return [[mp.diff(f, x, tuple(int(i == a) + int(i == b) for i in range(d))) for b in range(d)]
                    for a in range(d)]

    return hessian


def _max_rel(got, want) -> float:
    want = np.array([[float(v) for v in row] for row in want])
    return float(np.max(np.abs(np.asarray(got, dtype=np.float64) - want)) / max(np.max(np.abs(want)), 1e-300))


@pytest.mark.parametrize("family", SIMPLE, ids=[f.name for f in SIMPLE])
def test_scalar_and_dense_families_against_the_hessian_of_a(family):
    cls = ref.loss_class(family)
    rng = np.random.default_rng(7)
    params = [ref.draw_param(p.domain, rng, (5,), margin=0.05) for p in family.params]
    if family.name == "continuous_bernoulli":  # A's 0/0 at eta = 0 makes mpmath.diff step across it
        params[0] = params[0] + np.sign(params[0]) * 0.5
    loss = cls(*params)
    F = loss.per_case_fisher(weighted=False)
    d = family.dim
    assert F.shape == (5,) + ((d, d) if d > 1 else ()) and F.dtype == np.float64
    hessian = _hessian_of_a(family)
    for i in range(5):
        got = F[i] if d > 1 else [[F[i]]]
        assert _max_rel(got, hessian(*(p[i] for p in params))) < 1e-10, (family.name, i, got)
        if d > 1:
            assert np.array_equal(F[i], F[i].T)


def test_componentwise_families_closed_forms():
    rng = np.random.default_rng(3)
    mean = rng.standard_normal((4, 3))
    np.testing.assert_array_equal(G.MultivariateNormalUnitVarianceNegativeLogProbLoss(mean).per_case_fisher(), 1.0)
    np.testing.assert_array_equal(
        G.MultivariateNormalFixedVarianceNegativeLogProbLoss(mean, var=0.25).per_case_fisher(weighted=False), 0.25)
    e1, e2 = rng.standard_normal((4, 3)), -np.exp(rng.standard_normal((4, 3)))
    F = G.MultivariateNormalDiagNegativeLogProbLoss(e1, e2).per_case_fisher()
    want = np.stack([np.stack([-0.5 / e2, e1 / (2 * e2**2)], -1),
                     np.stack([e1 / (2 * e2**2), (e2 - e1**2) / (2 * e2**3)], -1)], -2)
    assert F.shape == (4, 3, 2, 2)
    np.testing.assert_allclose(F, want, rtol=1e-13)


def _softmax_mp(row):
    with mp.workdps(50):
        x = [mp.mpf(float(v)) for v in row]
        m = max(x)
        e = [mp.exp(v - m) for v in x]
        s = mp.fsum(e)
        p = [v / s for v in e]
        others = [mp.fsum(e[:k] + e[k + 1:]) / s for k in range(len(e))]  # 1 - p_k without cancellation
        return p, others


@pytest.mark.parametrize("family", COUPLED, ids=[f.name for f in COUPLED])
def test_coupled_families_diag_plus_rank_one(family):
    cls = ref.loss_class(family)
    rng = np.random.default_rng(9)
    K = 4
    x = ref.draw_param(family.params[0].domain, rng, (6, K))
    if family.name != "dirichlet":
        x[0, 1] += 45.0  # a dominant entry: p ~ 1 - 1e-19, F_kk = p (1 - p) cancels in p - p^2
    hypers = {"trials": 7} if family.name == "multinomial" else {}
    P = cls(x, **hypers).per_case_fisher(weighted=False)
    assert P.diag.shape == P.u.shape == P.diagonal.shape == (6, K) and P.c.shape == (6,)
    dense = P.dense()
    v = rng.standard_normal((6, K))
    np.testing.assert_allclose(P.matvec(v), np.einsum("bij,bj->bi", dense, v), rtol=1e-12, atol=1e-14)
    for b in range(6):
        with mp.workdps(50):
            if family.name == "dirichlet":
                a = [mp.mpf(float(t)) for t in x[b]]
                c = -mp.psi(1, mp.fsum(a))
                want = [[(mp.psi(1, a[i]) if i == j else 0) + c for j in range(K)] for i in range(K)]
                np.testing.assert_allclose(P.diag[b], [float(mp.psi(1, t)) for t in a], rtol=1e-13)
                np.testing.assert_allclose(P.c[b], float(c), rtol=1e-13)
            else:
                n = hypers.get("trials", 1)
                p, others = _softmax_mp(x[b])
                want = [[n * (p[i] * others[i] if i == j else -p[i] * p[j]) for j in range(K)] for i in range(K)]
                np.testing.assert_allclose(P.c[b] * P.u[b] * P.u[b], [float(-n * q * q) for q in p], rtol=1e-13)
            # every entry of the dense F, the dominant diagonal entry included, to 1e-13 of itself
            w = np.array([[float(e) for e in row] for row in want])
            np.testing.assert_allclose(dense[b], w, rtol=1e-13, atol=0, err_msg=f"{family.name} row {b}")


def test_coupled_weighted_pieces_and_masked_rows():
    rng = np.random.default_rng(1)
    x = rng.standard_normal((5, 3))
    w = np.array([1.0, 0.5, 2.0, 0.0, 3.0])
    mask = np.array([1, 1, 0, 1, 1])
    loss = G.CategoricalLogitsNegativeLogProbLoss(x, weight=w, mask=mask)
    got, plain = loss.per_case_fisher(), loss.per_case_fisher(weighted=False)
    s = w * mask
    np.testing.assert_allclose(got.dense(), s[:, None, None] * plain.dense(), rtol=1e-15)
    np.testing.assert_array_equal(got.u, plain.u)
    assert np.all(got.dense()[2] == 0) and np.all(got.diag[2] == 0) and got.c[2] == 0
    v = rng.standard_normal((5, 3))
    np.testing.assert_allclose(got.matvec(v), loss.multiply_fisher(v), rtol=1e-13, atol=1e-15)


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["f32", "f64"])
def test_weighted_is_weight_times_mask_times_f(dtype):
    rng = np.random.default_rng(4)
    e1, e2 = rng.standard_normal((3, 4)).astype(dtype), -np.exp(rng.standard_normal((3, 4))).astype(dtype)
    w = rng.uniform(0, 2, (3, 4))
    mask = rng.uniform(size=(3, 4)) < 0.6
    loss = G.NormalNegativeLogProbLoss(e1, e2, weight=w, mask=mask)
    F, plain = loss.per_case_fisher(), loss.per_case_fisher(weighted=False)
    assert F.dtype == dtype and F.shape == (3, 4, 2, 2)
    expected = (w.astype(dtype) * mask)[..., None, None] * plain.astype(np.float64)
    np.testing.assert_allclose(F, expected, rtol=2 * np.finfo(dtype).eps)
    assert np.all(F[~mask] == 0)
    scalar = G.PoissonNegativeLogProbLoss(e1, weight=0.5).per_case_fisher()
    np.testing.assert_allclose(scalar, 0.5 * np.exp(e1.astype(np.float64)), rtol=2 * np.finfo(dtype).eps)
    out = loss.per_case_fisher()
    out[...] = -1  # the caller's own array: the loss's cache is untouched
    np.testing.assert_array_equal(loss.per_case_fisher(), F)


@pytest.mark.parametrize("name", NAMES)
def test_parametrizations_fisher_and_hessian_in_theta(name):
    """J^T F J against the closed form, and the true Hessian against 50-digit derivatives of the
    closed-form NLL, at each moderate point; weighted by the weight."""
    cls = getattr(G, name)
    hypers = CASES[name][5]
    for theta, y in CASES[name][3]:
        d = len(theta)
        loss = cls(*[np.array([t, t]) for t in theta], targets=np.array([y, y]), weight=np.array([1.0, 2.5]),
                   **hypers)
        _, _, hess, fisher = _ref(name, theta, y, hypers)
        F, H = loss.per_case_fisher(weighted=False), loss.per_case_hessian(weighted=False)
        Fw, Hw = loss.per_case_fisher(), loss.per_case_hessian()
        for got, want in ((F, fisher), (H, hess)):
            assert _max_rel(got[0] if d > 1 else [[got[0]]], want) < 1e-12, (name, theta, got[0])
        np.testing.assert_allclose(Fw[1], 2.5 * F[1], rtol=1e-15)
        np.testing.assert_allclose(Hw[1], 2.5 * H[1], rtol=1e-15)
        # Another target for the Hessian: per call, like multiply_hessian(v, targets)
        if d == 1 and cls.target_support in ("real", "positive"):
            y2 = y * 1.5 + 0.1
            _, _, hess2, _ = _ref(name, theta, y2, hypers)
            got = loss.per_case_hessian(targets=np.array([y2, y2]), weighted=False)
            assert _max_rel([[got[0]]], hess2) < 1e-12


def test_natural_hessian_is_the_fisher():
    x = np.linspace(-2, 2, 5)
    loss = G.PoissonNegativeLogProbLoss(x, targets=np.arange(5))
    np.testing.assert_array_equal(loss.per_case_hessian(), loss.per_case_fisher())
    with pytest.raises(ValueError, match="targets"):
        loss.per_case_hessian(targets=-np.ones(5))


# -------------------------------------------- the covariance of the score, by sampling
@pytest.mark.parametrize("name, point", [
    ("normal", (0.7, -0.4)), ("gamma", (1.5, -2.0)), ("beta", (0.5, 1.2)), ("poisson", (0.8,)),
    ("negative_binomial", (-0.7,)), ("von_mises", (1.2, -0.6)),
])
def test_fisher_is_the_covariance_of_the_score(name, point):
    """Cov[T(y)] over 200000 draws from NumPy's own samplers (not natloss's) against F."""
    rng = np.random.default_rng(12)
    n = 200_000
    if name == "normal":
        var = -0.5 / point[1]
        y = rng.normal(point[0] * var, np.sqrt(var), n)
        T = np.stack([y, y * y], 1)
    elif name == "gamma":
        y = rng.gamma(point[0] + 1, 1 / -point[1], n)
        T = np.stack([np.log(y), y], 1)
    elif name == "beta":
        y = rng.beta(point[0] + 1, point[1] + 1, n)
        T = np.stack([np.log(y), np.log1p(-y)], 1)
    elif name == "poisson":
        T = rng.poisson(np.exp(point[0]), n)[:, None].astype(float)
    elif name == "negative_binomial":  # successes (prob exp(eta)) before r = 1 failures
        T = rng.negative_binomial(1, -np.expm1(point[0]), n)[:, None].astype(float)
    else:
        kappa, mu = np.hypot(*point), np.arctan2(point[1], point[0])
        y = rng.vonmises(mu, kappa, n)
        T = np.stack([np.cos(y), np.sin(y)], 1)
    family = next(f for f in FAMILIES if f.name == name)
    F = ref.loss_class(family)(*[np.array([p]) for p in point]).per_case_fisher(weighted=False)[0]
    F = np.atleast_2d(F)
    centred = T - T.mean(0)
    cov = centred.T @ centred / n
    d = T.shape[1]
    se = np.sqrt(np.array([[np.var(centred[:, i] * centred[:, j]) for j in range(d)] for i in range(d)]) / n)
    assert np.all(np.abs(cov - F) < 6 * se), (cov, F, se)
