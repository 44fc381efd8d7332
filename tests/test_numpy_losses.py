"""Generated NumPy losses, every declared family: each output against an independent reference.

Parametrized over family (x hyper setting) x dtype by conftest.py; the references are
finite differences (float64), the declaration's own T(y) (SymPy), sample moments of the
sampler, numerical integration of exp(-NLL), SciPy's log densities (references.py) and
explicit algebra (weights, masks, one-hot columns). Never generated code against itself.
"""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from scipy import integrate, special

import references as ref
from natloss.codegen.family import Support

EPS64 = np.finfo(np.float64).eps
H_FD = EPS64 ** (1 / 3)  # optimal central-difference step (relative to the local scale)
FD_ERR = EPS64 ** (2 / 3)  # the error of that step, relative


def _rtol(dtype, factor=1e3):
    # A Python float: pytest.approx (9.2) rejects NumPy scalars as tolerances.
    return float(factor * np.finfo(dtype).eps)


def _build(family, hypers, batch, seed, dtype=np.float64, targets=True, **kwargs):
    cls = ref.loss_class(family)
    params = ref.draw_params(family, batch, np.random.default_rng(seed), dtype)
    loss = ref.make_loss(cls, params, hypers, **kwargs)
    y = None
    if targets:
        y = loss.sample(seed + 1000)
        loss = ref.make_loss(cls, params, hypers, targets=y, **kwargs)
    return cls, params, loss, y


def _flat_params(family, params, nbatch):
    return ref.flat_input(ref.public(params, family.dim), family.dim, nbatch)


def _flat_dist(family, params, nbatch):
    """Distance of each flat input component to its domain's boundary."""
    return ref.flat_input(
        ref.public([ref.distance_to_boundary(p.domain, x) for p, x in zip(family.params, params)], family.dim),
        family.dim, nbatch)


def _unflat_params(family, flat, pshape, dtype):
    return list(ref.parts(ref.unflat_input(flat.astype(dtype), family.dim, pshape), family.dim))


def _random_input_vector(family, loss, rng, nbatch):
    pshape = ref.parts(loss.inputs, family.dim)[0].shape
    flat = rng.standard_normal(pshape[:nbatch] + (ref.input_dim(family),)).astype(loss.dtype)
    return ref.unflat_input(flat, family.dim, pshape), flat


def _expand(mask, x):
    mask = np.asarray(mask, dtype=np.float64)
    return mask.reshape(mask.shape + (1,) * (np.ndim(x) - mask.ndim))


# --------------------------------------------------------------- 1. gradient
@pytest.mark.parametrize("batch", [(6,), (2, 3)], ids=["b6", "b2x3"])
def test_gradient_matches_finite_differences(family, hypers, batch):
    cls, params, loss, y = _build(family, hypers, batch, seed=11)
    nb, d = len(batch), family.dim
    pshape = params[0].shape
    X, dist = _flat_params(family, params, nb), _flat_dist(family, params, nb)
    grad = ref.flat_input(loss.grad_of_evaluate(), d, nb)
    nll0 = loss.nll()
    assert loss.evaluate() == pytest.approx(float(np.sum(nll0)), rel=1e-12, abs=1e-12)
    for c in range(X.shape[-1]):
        scale = np.minimum(np.maximum(1.0, np.abs(X[..., c])), 0.5 * dist[..., c])
        h = H_FD * scale
        Xp, Xm = X.copy(), X.copy()
        Xp[..., c] += h
        Xm[..., c] -= h
        hh = (Xp[..., c] - Xm[..., c]) / 2
        plus = ref.make_loss(cls, _unflat_params(family, Xp, pshape, np.float64), hypers, targets=y).nll()
        minus = ref.make_loss(cls, _unflat_params(family, Xm, pshape, np.float64), hypers, targets=y).nll()
        fd = (plus - minus) / (2 * hh)
        tol = 1e3 * FD_ERR * (1 + np.abs(grad[..., c]) + np.abs(nll0) / scale)
        assert np.all(np.abs(fd - grad[..., c]) <= tol), (c, fd, grad[..., c])
    # Directional derivative of evaluate() itself, all cases perturbed at once.
    v = np.random.default_rng(3).standard_normal(X.shape)
    scale = np.min(np.minimum(np.maximum(1.0, np.abs(X)), 0.5 * dist) / np.abs(v))
    h = H_FD * scale
    ev = [ref.make_loss(cls, _unflat_params(family, X + s * h * v, pshape, np.float64), hypers, targets=y).evaluate()
          for s in (1, -1)]
    directional = (ev[0] - ev[1]) / (2 * h)
    assert directional == pytest.approx(float(np.sum(grad * v)), rel=1e3 * FD_ERR,
                                        abs=1e3 * FD_ERR * (1 + np.sum(np.abs(nll0)) / scale))
    # grad = E[T] - T(y): the mean is tied to the FD-checked gradient and the declared T(y).
    T = ref.sufficient_statistic_vector(family, y, hypers, ref.K)
    mean = ref.flat_input(loss.mean_sufficient_statistic(), d, nb)
    np.testing.assert_allclose(mean, grad + T, rtol=1e-12, atol=1e-12 * (1 + np.abs(T)).max())


# ------------------------------------------------- 2./3. Hessian, F and B B^T
@pytest.mark.parametrize("batch", [(5,), (2, 3)], ids=["b5", "b2x3"])
def test_fisher_hessian_ggn_and_factor_match_fd_hessian(family, hypers, batch):
    cls, params, loss, y = _build(family, hypers, batch, seed=21)
    nb, d = len(batch), family.dim
    pshape = params[0].shape
    X, dist = _flat_params(family, params, nb), _flat_dist(family, params, nb)
    vec, V = _random_input_vector(family, loss, np.random.default_rng(4), nb)
    scale = np.min(np.minimum(np.maximum(1.0, np.abs(X)), 0.5 * dist) / np.abs(V), axis=-1)
    h = (H_FD * scale)[..., None]
    grads = []
    for s in (1, -1):
        other = ref.make_loss(cls, _unflat_params(family, X + s * h * V, pshape, np.float64), hypers, targets=y)
        grads.append(ref.flat_input(other.grad_of_evaluate(), d, nb))
    fd = (grads[0] - grads[1]) / (2 * h)
    gmax = np.maximum(np.abs(grads[0]), np.abs(grads[1])).max(axis=-1, keepdims=True)
    for name in ("fisher", "hessian", "ggn"):
        products = {
            f"multiply_{name}": getattr(loss, f"multiply_{name}")(vec),
            f"B B^T ({name})": getattr(loss, f"multiply_{name}_factor")(getattr(loss, f"multiply_{name}_factor_transpose")(vec)),
        }
        for label, out in products.items():
            out = ref.flat_input(out, d, nb)
            tol = 1e3 * FD_ERR * (np.abs(out).max(axis=-1, keepdims=True) + 1) + 100 * EPS64 * gmax / h
            assert np.all(np.abs(out - fd) <= tol), (label, out, fd)


def test_factor_identity_and_adjointness(family, hypers, dtype):
    """B (B^T v) = F v for random v, B B^T = F as matrices, and <B u, v> = <u, B^T v>."""
    batch = (3, 2)
    _, _, loss, _ = _build(family, hypers, batch, seed=31, dtype=dtype, targets=False)
    nb, d = len(batch), family.dim
    rtol = _rtol(dtype)
    F = ref.fisher_matrices(loss, family, nb).astype(np.float64)
    B = ref.factor_matrices(loss, family, nb).astype(np.float64)
    Fscale = np.abs(F).max(axis=(-1, -2))
    BBt = B @ np.swapaxes(B, -1, -2)
    np.testing.assert_array_less(np.abs(BBt - F).max(axis=(-1, -2)), rtol * (Fscale + np.finfo(dtype).tiny))
    np.testing.assert_allclose(F, np.swapaxes(F, -1, -2), rtol=rtol, atol=0)
    rng = np.random.default_rng(5)
    for _ in range(3):
        vec, V = _random_input_vector(family, loss, rng, nb)
        lhs = ref.flat_input(loss.multiply_fisher_factor(loss.multiply_fisher_factor_transpose(vec)), d, nb)
        rhs = ref.flat_input(loss.multiply_fisher(vec), d, nb)
        assert lhs.dtype == rhs.dtype == dtype
        bound = rtol * (np.abs(F) @ np.abs(V.astype(np.float64))[..., None])[..., 0].max(axis=-1, keepdims=True)
        assert np.all(np.abs(lhs.astype(np.float64) - rhs) <= bound + np.finfo(dtype).tiny)
        # Adjointness, per case.
        inner = tuple(loss.fisher_factor_inner_shape)
        u = rng.standard_normal(inner).astype(dtype)
        U = ref.flat_factor(u, nb).astype(np.float64)
        Bu = ref.flat_input(loss.multiply_fisher_factor(u), d, nb).astype(np.float64)
        Btv = ref.flat_factor(loss.multiply_fisher_factor_transpose(vec), nb).astype(np.float64)
        V64 = V.astype(np.float64)
        left, right = np.sum(Bu * V64, axis=-1), np.sum(U * Btv, axis=-1)
        size = np.einsum("...ij,...i,...j->...", np.abs(B), np.abs(V64), np.abs(U))
        assert np.all(np.abs(left - right) <= rtol * size + np.finfo(dtype).tiny)


# ------------------------------------------------------- 5. replicated one-hot
@pytest.mark.parametrize("batch", [(3,), (4, 5), (2, 3, 4)], ids=["b3", "b4x5", "b2x3x4"])
def test_replicated_one_hot_equals_explicit_one_hot(family, dtype, batch):
    hypers = {h.name: h.default for h in family.hypers}
    _, _, loss, _ = _build(family, hypers, batch, seed=41, dtype=dtype, targets=False, weight=1.7)
    inner = tuple(loss.fisher_factor_inner_shape)
    d = family.dim
    for index in itertools.product(*[range(n) for n in inner[1:]]):
        e = np.zeros(inner, dtype=dtype)
        e[(slice(None),) + index] = 1
        expected = ref.parts(loss.multiply_fisher_factor(e), d)
        for name in ("fisher", "hessian", "ggn"):
            got = ref.parts(getattr(loss, f"multiply_{name}_factor_replicated_one_hot")(index), d)
            for g, x in zip(got, expected):
                assert g.dtype == dtype and g.shape == x.shape
                # Coupled families: the one-hot's diagonal entry has its own, cancellation-free
                # form (B_jj = sqrt(p_j)(1 - p_j) via expm1), while B e through the general
                # product sums K terms, accurate to gamma_K ~ K eps times the row's largest terms;
                # both are checked against mpmath in test_accuracy_coupled.py.
                K = x.shape[-1]
                atol = 4 * K * np.finfo(dtype).eps * np.abs(x).max(axis=-1, keepdims=True) if family.is_vector else 0
                bound = 4 * np.finfo(dtype).eps * np.abs(x) + atol
                assert np.all(np.abs(g - x) <= bound), f"index {index}: max excess {np.max(np.abs(g - x) - bound)}"
    if len(inner) == 2:  # a bare int is accepted for a one-component index
        a = ref.parts(loss.multiply_fisher_factor_replicated_one_hot(inner[1] - 1), d)
        b = ref.parts(loss.multiply_fisher_factor_replicated_one_hot((inner[1] - 1,)), d)
        for x, z in zip(a, b):
            np.testing.assert_array_equal(x, z)


# -------------------------------------------------------------- 6. moments
N_MOMENT = 50_000


def test_sampler_moments_match_mean_and_fisher(family, hypers):
    """T(y) over 4 x 50000 draws: sample mean vs E[T], sample covariance vs F, within 5 SE."""
    cls = ref.loss_class(family)
    etas = ref.draw_params(family, (4,), np.random.default_rng(51))
    big = [np.ascontiguousarray(np.broadcast_to(x, (N_MOMENT,) + x.shape)) for x in etas]
    y = ref.make_loss(cls, big, hypers).sample(52)
    T = ref.sufficient_statistic_vector(family, y, hypers, ref.K)  # (N, 4, m)
    small = ref.make_loss(cls, etas, hypers)
    mean = ref.flat_input(small.mean_sufficient_statistic(), family.dim, 1)  # (4, m)
    F = ref.fisher_matrices(small, family, 1)  # (4, m, m)
    n = T.shape[0]
    Tbar = T.mean(axis=0)
    se_mean = T.std(axis=0, ddof=1) / math.sqrt(n)
    ok = np.abs(Tbar - mean) <= 5 * se_mean + 1e-12 * (1 + np.abs(mean))
    assert ok.all(), f"sample mean {Tbar} vs E[T] {mean} (SE {se_mean})"
    Z = T - Tbar
    prod = Z[..., :, None] * Z[..., None, :]  # (N, 4, m, m)
    cov = prod.sum(axis=0) / (n - 1)
    se_cov = prod.std(axis=0, ddof=1) / math.sqrt(n)
    ok = np.abs(cov - F) <= 5 * se_cov + 1e-12 * (1 + np.abs(F))
    assert ok.all(), f"sample covariance {cov} vs Fisher {F} (SE {se_cov})"
    # A systematic bias (e.g. a sampler off by 1 %) shows up with the same sign for every eta: pool the
    # 4 independent z-scores of each statistic (Stouffer), still within 5.
    z_mean = (Tbar - mean) / (se_mean + 1e-12 * (1 + np.abs(mean)))
    z_cov = (cov - F) / (se_cov + 1e-12 * (1 + np.abs(F)))
    for label, z in (("mean", z_mean), ("covariance", z_cov)):
        pooled = z.sum(axis=0) / math.sqrt(z.shape[0])
        assert np.all(np.abs(pooled) <= 5), f"pooled z-scores of the sample {label}: {pooled}"


# ----------------------------------------------------------- 7. normalization
def _discrete_total(cls, eta, hypers, upper):
    """sum of exp(-nll) over y = 0, 1, ...; `upper` is the largest y (None: grow until the tail is negligible)."""
    total, start, size = 0.0, 0, 512
    while True:
        stop = start + size if upper is None else upper + 1
        ys = np.arange(start, stop)
        params = [np.full(ys.shape, x) for x in eta]
        chunk = np.exp(-ref.make_loss(cls, params, hypers, targets=ys).nll()).sum()
        total += chunk
        if upper is not None or (chunk <= 1e-17 * total and start > 0):
            return total
        start, size = stop, size * 2
        assert start < 10_000_000, "the pmf does not decay"


def _interval_map(lo, lo_open, hi, hi_open):
    """(y(z), z(y), dy/dz) onto an interval read from the target's declared bounds."""
    if math.isfinite(lo) and math.isfinite(hi):
        return (lambda z: lo + (hi - lo) * special.expit(z), lambda y: special.logit((y - lo) / (hi - lo)),
                lambda z, y: (hi - lo) * special.expit(z) * special.expit(-z))
    if math.isfinite(lo):
        return lambda z: lo + np.exp(z), lambda y: np.log(y - lo), lambda z, y: y - lo
    if math.isfinite(hi):
        return lambda z: hi - np.exp(z), lambda y: np.log(hi - y), lambda z, y: hi - y
    return lambda z: z, lambda y: y, lambda z, y: 1.0


def _inside(y, lo, lo_open, hi, hi_open):
    return (y > lo if lo_open else y >= lo) and (y < hi if hi_open else y <= hi) and math.isfinite(y)


def _continuous_total(cls, family, eta, hypers):
    """quad of exp(-nll) over the support, in a variable z where the density is smooth:
    y = z (real), y = exp(z) (positive), y = expit(z) (unit interval); split at sample quantiles."""
    support = family.target.support
    if support in (Support.INTERVAL, Support.ANGLE):
        to_y, to_z, jac = _interval_map(*family.target.bounds.resolve(hypers))
    else:
        to_y, to_z, jac = {
            Support.REAL: (lambda z: z, lambda y: y, lambda z, y: 1.0),
            Support.POSITIVE: (np.exp, np.log, lambda z, y: y),
            Support.UNIT_INTERVAL: (special.expit, special.logit, lambda z, y: special.expit(z) * special.expit(-z)),
        }[support]
    draws = ref.make_loss(cls, [np.full((4000,), x) for x in eta], hypers).sample(71).astype(np.float64)
    with np.errstate(all="ignore"):
        q = to_z(np.quantile(draws, [1e-3, 0.1, 0.3, 0.5, 0.7, 0.9, 1 - 1e-3]))
    knots = [-np.inf] + sorted(set(float(v) for v in q if np.isfinite(v))) + [np.inf]

    def density(z):
        with np.errstate(over="ignore"):
            y = float(to_y(z))
        if support is Support.POSITIVE and not 0 < y < np.inf or support is Support.UNIT_INTERVAL and not 0 < y < 1:
            return 0.0  # z so far out that y rounds onto the boundary: the mass there is negligible
        if support in (Support.INTERVAL, Support.ANGLE) and not _inside(y, *family.target.bounds.resolve(hypers)):
            return 0.0
        params = [np.array([x]) for x in eta]
        with np.errstate(over="ignore"):  # far tails: exp(-nll) underflows to 0, which is right
            nll = ref.make_loss(cls, params, hypers, targets=np.array([y])).nll()[0]
        return float(np.exp(-nll) * jac(z, y))

    total = 0.0
    for a, b in zip(knots[:-1], knots[1:]):
        total += integrate.quad(density, a, b, limit=200, epsabs=1e-13, epsrel=1e-11)[0]
    return total


def _vector_total(cls, family, eta, hypers):
    support, k = family.target.support, eta[0].shape[-1]
    params = lambda n: [np.broadcast_to(x, (n, k)).copy() for x in eta]  # noqa: E731
    if support is Support.CLASS_INDEX:
        ys = np.arange(k)
    elif support is Support.ONE_HOT:
        ys = np.eye(k, dtype=np.int64)
    elif support is Support.COUNTS:
        n = hypers[family.target.bound]
        ys = np.array([c for c in itertools.product(range(n + 1), repeat=k) if sum(c) == n], dtype=np.int64)
    else:  # simplex: Monte Carlo with the uniform Dirichlet proposal, density (K-1)!
        m = 200_000
        ys = np.random.default_rng(72).dirichlet(np.ones(k), size=m)
        w = np.exp(-ref.make_loss(cls, params(m), hypers, targets=ys).nll()) / math.factorial(k - 1)
        return w.mean(), 5 * w.std(ddof=1) / math.sqrt(m)
    return np.exp(-ref.make_loss(cls, params(len(ys)), hypers, targets=ys).nll()).sum(), 0.0


def test_density_integrates_to_one(family, hypers):
    cls = ref.loss_class(family)
    # One unit away from a half-line's end: with a density like (1 - y)^(b - 1), b < 1, the mass within
    # float64's resolution of y = 1 (not representable as a target) would exceed the tolerance.
    etas = ref.draw_params(family, (3,), np.random.default_rng(61), margin=1.0)
    support = family.target.support
    for i in range(3):
        eta = [x[i] for x in etas]
        slack = 0.0
        if family.is_vector:
            eta = [x[None] for x in eta]
            total, slack = _vector_total(cls, family, eta, hypers)
        elif support is Support.BINARY:
            total = _discrete_total(cls, eta, hypers, 1)
        elif support is Support.BOUNDED_INTEGER:
            total = _discrete_total(cls, eta, hypers, int(hypers[family.target.bound]))
        elif support is Support.NONNEGATIVE_INTEGER:
            total = _discrete_total(cls, eta, hypers, None)
        else:
            total = _continuous_total(cls, family, eta, hypers)
        assert abs(total - 1) <= 1e-8 + slack, f"eta={eta}: total mass {total!r}"


# ---------------------------------------------------------------- 8. scipy
def test_nll_matches_scipy(family, hypers):
    if family.name not in ref.SCIPY_LOGPDF:
        pytest.skip(f"{family.name}: no SciPy reference in tests/references.py")
    batch = (4, 6)
    _, params, loss, y = _build(family, hypers, batch, seed=81)
    expected = -ref.SCIPY_LOGPDF[family.name](ref.params_dict(family, params), hypers, y)
    got = loss.nll()
    assert got.shape == batch
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-10 * (1 + np.abs(expected).max()))
    np.testing.assert_allclose(loss.log_prob(), -expected, rtol=1e-10, atol=1e-10 * (1 + np.abs(expected).max()))
    assert float(loss.evaluate()) == pytest.approx(float(expected.sum()), rel=1e-10, abs=1e-9)
    # Targets passed per call give the same NLL.
    other = ref.make_loss(ref.loss_class(family), params, hypers)
    np.testing.assert_array_equal(other.nll(y), got)


# -------------------------------------------------------- 9. weight and mask
@pytest.mark.parametrize("mask_kind", ["float", "int", "bool"])
def test_weight_and_mask_scale_every_output(family, dtype, mask_kind):
    hypers = {h.name: h.default for h in family.hypers}
    batch = (4, 3)
    cls, params, plain, y = _build(family, hypers, batch, seed=91, dtype=dtype)
    nb, d = len(batch), family.dim
    rng = np.random.default_rng(92)
    mask01 = (rng.uniform(size=batch) < 0.6)
    mask = {"float": mask01.astype(dtype), "int": mask01.astype(np.int64), "bool": mask01}[mask_kind]
    w = 2.3
    loss = ref.make_loss(cls, params, hypers, targets=y, mask=mask, weight=w)
    assert loss.weight == w
    rtol = _rtol(dtype, 8)

    def check(got, expected, factor, factor_space=False):
        n = 1 if factor_space else d
        for g, e in zip(ref.parts(got, n), ref.parts(expected, n)):
            assert g.dtype == dtype and g.shape == e.shape
            np.testing.assert_allclose(g, factor * _expand(mask01, e) * e.astype(np.float64), rtol=rtol,
                                       atol=rtol * np.abs(e).max(initial=0) * factor)

    nll = plain.nll().astype(np.float64)
    assert float(loss.evaluate()) == pytest.approx(w * float(np.sum(mask01 * nll)), rel=_rtol(dtype, 100), abs=float(_rtol(dtype, 100) * np.abs(nll).sum()))
    np.testing.assert_array_equal(loss.nll(), plain.nll())  # nll is unweighted and unmasked
    check(loss.grad_of_evaluate(), plain.grad_of_evaluate(), w)
    vec, _ = _random_input_vector(family, loss, rng, nb)
    u = rng.standard_normal(tuple(loss.fisher_factor_inner_shape)).astype(dtype)
    sw = math.sqrt(w)
    for name in ("fisher", "hessian", "ggn"):
        check(getattr(loss, f"multiply_{name}")(vec), plain.multiply_fisher(vec), w)
        check(getattr(loss, f"multiply_{name}_factor")(u), plain.multiply_fisher_factor(u), sw)
        check(getattr(loss, f"multiply_{name}_factor_transpose")(vec), plain.multiply_fisher_factor_transpose(vec), sw, True)
        inner = tuple(loss.fisher_factor_inner_shape)
        index = tuple(n - 1 for n in inner[1:])
        check(getattr(loss, f"multiply_{name}_factor_replicated_one_hot")(index),
              plain.multiply_fisher_factor_replicated_one_hot(index), sw)
    # On-sample variants last (they draw targets from the model).
    ys = plain.sample(93)
    expected = w * float(np.sum(mask01 * plain.nll(ys).astype(np.float64)))
    assert float(loss.evaluate_on_sample(93)) == pytest.approx(expected, rel=_rtol(dtype, 100), abs=float(_rtol(dtype, 100) * np.abs(nll).sum()))
    check(loss.grad_of_evaluate_on_sample(94), plain.grad_of_evaluate_on_sample(94), w)


# ------------------------------------------------------- 10. dtypes and shapes
@pytest.mark.parametrize("batch", [(7,), (2, 3), (2, 3, 2)], ids=["1d", "2d", "3d"])
def test_dtypes_and_shapes_of_every_output(family, dtype, batch):
    hypers = {h.name: h.default for h in family.hypers}
    _, params, loss, _ = _build(family, hypers, batch, seed=101, dtype=dtype)
    d = family.dim
    pshape = params[0].shape
    inner = pshape + ((d,) if d > 1 else ())
    assert loss.dtype == dtype
    assert tuple(loss.batch_shape) == batch
    for prop in ("fisher_factor_inner_shape", "fisher_factor_inner_static_shape", "hessian_factor_inner_shape",
                 "ggn_factor_inner_shape"):
        assert tuple(getattr(loss, prop)) == inner, prop

    def arrays(out, shape):
        for x in ref.parts(out, d):
            assert isinstance(x, np.ndarray) and x.dtype == dtype and x.shape == shape, (x.dtype, x.shape)

    assert np.asarray(loss.evaluate()).dtype == dtype and np.ndim(loss.evaluate()) == 0
    for method in ("nll", "log_prob"):
        out = getattr(loss, method)()
        assert out.dtype == dtype and out.shape == batch
    arrays(loss.grad_of_evaluate(), pshape)
    arrays(loss.mean_sufficient_statistic(), pshape)
    vec, _ = _random_input_vector(family, loss, np.random.default_rng(0), len(batch))
    u = np.ones(inner, dtype=dtype)
    for name in ("fisher", "hessian", "ggn"):
        arrays(getattr(loss, f"multiply_{name}")(vec), pshape)
        arrays(getattr(loss, f"multiply_{name}_factor")(u), pshape)
        out = getattr(loss, f"multiply_{name}_factor_transpose")(vec)
        assert out.dtype == dtype and out.shape == inner
        arrays(getattr(loss, f"multiply_{name}_factor_replicated_one_hot")(tuple(0 for _ in inner[1:])), pshape)
    sample = loss.sample(3)
    target_shape = pshape if family.target.support in (Support.ONE_HOT, Support.COUNTS, Support.SIMPLEX) else batch
    assert sample.shape == target_shape
    assert sample.dtype == (np.int64 if family.target.support.is_integer else dtype)
    # Integer targets (any integer dtype, or integral floats) for integer supports.
    if family.target.support.is_integer:
        ref_nll = loss.nll(sample.astype(dtype))
        for idt in (np.int64, np.int32, np.uint8):
            np.testing.assert_array_equal(loss.nll(sample.astype(idt)), ref_nll)
            grads = ref.parts(loss.grad_of_evaluate(sample.astype(idt)), d)
            for g, e in zip(grads, ref.parts(loss.grad_of_evaluate(sample.astype(dtype)), d)):
                np.testing.assert_array_equal(g, e)
    # On-sample variants last (they draw targets from the model).
    assert np.asarray(loss.evaluate_on_sample(1)).dtype == dtype
    arrays(loss.grad_of_evaluate_on_sample(2), pshape)


def test_float32_outputs_match_float64_evaluation(family, hypers):
    """Every float32 output vs the same class evaluated in float64 on the same (float32) values."""
    batch = (5, 4)
    cls, p64, l64, y = _build(family, hypers, batch, seed=111)
    p32 = [x.astype(np.float32) for x in p64]
    p64 = [x.astype(np.float64) for x in p32]
    y32 = y if family.target.support.is_integer else y.astype(np.float32)
    y64 = y32.astype(np.float64) if not family.target.support.is_integer else y
    if family.target.support is Support.SIMPLEX:  # float32 rounding leaves rows off 1 at float64 precision
        y64 = y64 / y64.sum(axis=-1, keepdims=True)
    a = ref.make_loss(cls, p32, hypers, targets=y32)
    b = ref.make_loss(cls, p64, hypers, targets=y64)
    nb, d = len(batch), family.dim
    rtol = 1e-5

    def close(x32, x64, label):
        for s, t in zip(ref.parts(x32, d), ref.parts(x64, d)):
            assert s.dtype == np.float32, label
            scale = 1 + np.abs(t).max()
            np.testing.assert_allclose(s, t, rtol=rtol, atol=rtol * scale, err_msg=label)

    close(a.nll(), b.nll(), "nll")
    assert float(a.evaluate()) == pytest.approx(float(b.evaluate()), rel=rtol, abs=rtol * float(np.abs(b.nll()).sum() + 1))
    close(a.grad_of_evaluate(), b.grad_of_evaluate(), "grad_of_evaluate")
    close(a.mean_sufficient_statistic(), b.mean_sufficient_statistic(), "mean_sufficient_statistic")
    vec32, V = _random_input_vector(family, a, np.random.default_rng(112), nb)
    vec64 = ref.unflat_input(V.astype(np.float64), d, p64[0].shape)
    u32 = np.random.default_rng(113).standard_normal(tuple(a.fisher_factor_inner_shape)).astype(np.float32)
    close(a.multiply_fisher(vec32), b.multiply_fisher(vec64), "multiply_fisher")
    close(a.multiply_fisher_factor(u32), b.multiply_fisher_factor(u32.astype(np.float64)), "multiply_fisher_factor")
    close(a.multiply_fisher_factor_transpose(vec32), b.multiply_fisher_factor_transpose(vec64), "factor_transpose")
    index = tuple(0 for _ in tuple(a.fisher_factor_inner_shape)[1:])
    close(a.multiply_fisher_factor_replicated_one_hot(index), b.multiply_fisher_factor_replicated_one_hot(index), "one_hot")


# ------------------------------------------------------ 11. evaluate on sample
def test_evaluate_on_sample_equals_evaluate_on_sampled_targets(family, dtype):
    hypers = {h.name: h.default for h in family.hypers}
    cls, params, loss, _ = _build(family, hypers, (3, 4), seed=121, dtype=dtype, targets=False)
    d = family.dim
    for make_seed in (lambda: 17, lambda: np.random.default_rng(17)):
        targets = loss.sample(make_seed())
        fixed = ref.make_loss(cls, params, hypers, targets=targets)
        assert loss.evaluate_on_sample(make_seed()) == fixed.evaluate()
        for g, e in zip(ref.parts(loss.grad_of_evaluate_on_sample(make_seed()), d), ref.parts(fixed.grad_of_evaluate(), d)):
            np.testing.assert_array_equal(g, e)
    # The constructor's seed is the default, and sampling is reproducible.
    seeded = ref.make_loss(cls, params, hypers, seed=23)
    np.testing.assert_array_equal(seeded.sample(), loss.sample(23))
    np.testing.assert_array_equal(seeded.sample(), seeded.sample())
    assert seeded.evaluate_on_sample() == ref.make_loss(cls, params, hypers, targets=loss.sample(23)).evaluate()
    # Different seeds give different samples (the sampler is not constant).
    assert not np.array_equal(loss.sample(1), loss.sample(2)) or family.target.support is Support.BINARY


def test_targets_property_round_trips(family):
    """`loss.targets` (K-FAC: the targets as given) can be passed back as targets= and gives the same NLL."""
    hypers = {h.name: h.default for h in family.hypers}
    cls, params, loss, y = _build(family, hypers, (3, 2), seed=131)
    assert loss.targets.shape == y.shape, f"targets property has shape {loss.targets.shape}, given {y.shape}"
    again = ref.make_loss(cls, params, hypers, targets=loss.targets)
    np.testing.assert_array_equal(again.nll(), loss.nll())


def _has_finite_bound(family):
    return any(math.isfinite(b) for p in family.params for b in ref.bounds(p.domain))


def test_samples_are_valid_targets_of_the_same_loss(family, dtype):
    """sample() of a loss is accepted back as its targets and gives a finite NLL (also in float32)."""
    _check_samples_valid(family, dtype, near_boundary=False)


@pytest.mark.families.with_args(_has_finite_bound)
def test_samples_near_the_domain_boundary_are_valid_targets(family, dtype):
    """The same with every bounded parameter 0.05 inside the finite end of its domain."""
    _check_samples_valid(family, dtype, near_boundary=True)


def _check_samples_valid(family, dtype, near_boundary):
    hypers = {h.name: h.default for h in family.hypers}
    cls = ref.loss_class(family)
    params = ref.draw_params(family, (20_000,), np.random.default_rng(141), np.float64)
    if near_boundary:
        for j, p in enumerate(family.params):
            lo, hi = ref.bounds(p.domain)
            if math.isfinite(lo):
                params[j] = np.full_like(params[j], lo + 0.05)
            elif math.isfinite(hi):
                params[j] = np.full_like(params[j], hi - 0.05)
    params = [x.astype(dtype) for x in params]
    loss = ref.make_loss(cls, params, hypers)
    y = loss.sample(142)
    nll = loss.nll(y)  # raises NatlossInputError if a draw left the support (e.g. rounded onto 0 or 1)
    assert np.isfinite(nll).all()
    assert np.isfinite(ref.make_loss(cls, params, hypers, targets=y).evaluate())


# Targets far out in the support, per dtype; the NLL must be finite (and right) wherever SciPy's is representable.
EXTREME_TARGETS = {
    np.float32: {Support.POSITIVE: [1e-30, 1e-8, 1e8, 1e30], Support.REAL: [-1e15, -1e5, 1e5, 1e15],
                 Support.UNIT_INTERVAL: [1e-30, 1e-6, 1 - 1e-6], Support.NONNEGATIVE_INTEGER: [0, 10**6]},
    np.float64: {Support.POSITIVE: [1e-300, 1e-100, 1e100, 1e300], Support.REAL: [-1e150, -1e50, 1e50, 1e150],
                 Support.UNIT_INTERVAL: [1e-300, 1e-12, 1 - 1e-12], Support.NONNEGATIVE_INTEGER: [0, 10**12]},
}


@pytest.mark.families.with_args(lambda f: f.name in ref.SCIPY_LOGPDF and f.target.support in EXTREME_TARGETS[np.float64])
def test_nll_at_extreme_targets_matches_scipy(family, dtype):
    hypers = {h.name: h.default for h in family.hypers}
    y = np.array(EXTREME_TARGETS[dtype][family.target.support], dtype=dtype)
    eta = ref.draw_params(family, (1,), np.random.default_rng(151), dtype)
    params = [np.full(y.shape, x[0]) for x in eta]
    with np.errstate(all="ignore"):
        got = ref.make_loss(ref.loss_class(family), params, hypers).nll(y)
        expected = -ref.SCIPY_LOGPDF[family.name](ref.params_dict(family, params), hypers, y.astype(np.float64))
    representable = np.isfinite(expected) & (np.abs(expected) < 1e-2 * np.finfo(dtype).max)
    rtol = 1e-5 if dtype == np.float32 else 1e-10
    assert np.isfinite(got[representable]).all(), f"y={y[representable]}: nll {got[representable]}, SciPy {expected[representable]}"
    np.testing.assert_allclose(got[representable], expected[representable], rtol=rtol, atol=rtol)


@pytest.mark.families.with_args(lambda f: bool(f.hypers))
def test_array_hypers_match_per_case_scalar_hypers(family, dtype):
    """A hyper-parameter may be an array of the batch shape: each case equals a loss with that scalar."""
    batch = (4,)
    cls = ref.loss_class(family)
    params = ref.draw_params(family, batch, np.random.default_rng(161), dtype)
    values = {h.name: (np.array([1, 3, 7, 2]) if h.integer else np.array([0.5, 1.7, 2.5, 3.0]) * float(h.default))
              for h in family.hypers}
    scalar = lambda i: {k: (int(v[i]) if h_int else float(v[i]))  # noqa: E731
                        for (k, v), h_int in zip(values.items(), [h.integer for h in family.hypers])}
    # Targets valid for every case: drawn case by case with the scalar hypers.
    y = np.concatenate([ref.make_loss(cls, [x[i:i + 1] for x in params], scalar(i)).sample(i) for i in range(4)])
    loss = ref.make_loss(cls, params, values, targets=y)
    d = family.dim
    vec = ref.public([np.ones(params[0].shape, dtype=dtype) for _ in range(d)], d)
    u = np.ones(tuple(loss.fisher_factor_inner_shape), dtype=dtype)
    outputs = lambda l, v, w: [l.nll(), *ref.parts(l.grad_of_evaluate(), d),  # noqa: E731
                               *ref.parts(l.mean_sufficient_statistic(), d), *ref.parts(l.multiply_fisher(v), d),
                               *ref.parts(l.multiply_fisher_factor(w), d)]
    got = outputs(loss, vec, u)
    for i in range(4):
        one = ref.make_loss(cls, [x[i:i + 1] for x in params], scalar(i), targets=y[i:i + 1])
        expected = outputs(one, ref.public([np.ones(params[0][i:i + 1].shape, dtype=dtype) for _ in range(d)], d), u[i:i + 1])
        for g, e in zip(got, expected):
            np.testing.assert_allclose(g[i:i + 1], e, rtol=_rtol(dtype, 10), atol=_rtol(dtype, 10) * (1 + np.abs(e).max()))
    sample = loss.sample(5)  # draws with per-case hypers
    assert np.isfinite(loss.nll(sample)).all()
