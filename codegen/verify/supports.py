"""How the checks treat each `Support`: membership, targets, the reference's y values and normalization.

A new support member adds one entry to `SUPPORT_RULES`; a support without one gives FAILED rows.
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import mpmath
import numpy as np

from natloss.codegen.family import Support


@dataclass(frozen=True)


class SupportRule:
    """How the checks treat one `Support` (a new support member adds one entry to `SUPPORT_RULES`).

    ``contains(y, n, K)``: a bool per case; ``components(y, K)``: a target as the values of
    the reference's y symbols (a class index becomes its one-hot); ``targets(n, K)``:
    fixed targets for the accuracy sweep; ``normalize(subject, eta)``: (total, slack).
    """

    contains: object
    components: object
    targets: object
    normalize: object | None
    integer: bool  # integer targets: int64 arrays, no perturbation of y in the condition numbers
    # ``at_edge(y)``: a bool per draw, True where a float64 draw sits on the last representable value
    # inside an open end of the support (where a sampler clips a draw the dtype cannot hold: 1 - y < 2^-53
    # of a Beta with most of its mass at 1); None where the support has no open finite end.
    at_edge: object | None = None


_TINY = float(np.nextafter(0.0, 1.0))
_BELOW_ONE = float(np.nextafter(1.0, 0.0))


def _at_zero(y):
    return np.asarray(y, dtype=np.float64) <= _TINY


def _at_unit_ends(y):
    y = np.asarray(y, dtype=np.float64)
    return (y <= _TINY) | (y >= _BELOW_ONE)


def _scalar_components(y, K):
    return (y,)


def _vector_components(y, K):
    return tuple(v.item() if hasattr(v, "item") else v for v in y)


def _one_hot_components(c, K):
    return tuple(1 if k == int(c) else 0 for k in range(K))


def _finite(y, n=None, K=None):
    return np.isfinite(np.asarray(y, dtype=np.float64))


def _is_int(y):
    y = np.asarray(y)
    return np.issubdtype(y.dtype, np.integer) or (np.isfinite(y) & (np.floor(y) == y))


def _sum_terms(subject, eta, ys):
    ref = subject.ref
    return mpmath.fsum(mpmath.exp(ref.log_density(eta, subject.rule.components(y, subject.K))) for y in ys), 0.0


def _sum_unbounded(subject, eta, first=0):
    """y = first, first + 1, ... until the terms past the peak are below 1e-30 of the total."""
    ref, total, prev = subject.ref, mpmath.mpf(0), mpmath.mpf(0)
    for y in range(first, first + 5000):  # the interior points have moderate means: 5000 terms that have not decayed diverge
        term = mpmath.exp(ref.log_density(eta, (y,)))
        total += term
        if y > first + 2 and term <= prev and term <= mpmath.mpf(10) ** -30 * total:
            return total, 0.0
        prev = term
    return total, math.inf  # does not decay


def _counts(n, K):
    return [c for c in itertools.product(range(n + 1), repeat=K) if sum(c) == n]


def _quad_line(subject, eta, to_y, jac, breaks=(), squeezed=False):
    """Quadrature over z in R of the density at y = to_y(z) times jac(z), split where the mass is.

    ``squeezed``: the map presses y against a finite end (a logistic map: 1 - y = e^-z), so y is
    formed with |z| / 2 more digits (rounded up to 20) and log(1 - y) keeps its digits in the tails."""
    ref = subject.ref

    def logf(z):
        if not squeezed:
            return ref.log_density(eta, (to_y(z),)) + mpmath.log(jac(z))
        extra = 20 * math.ceil(float(abs(z)) / 40)
        with mpmath.workdps(mpmath.mp.dps + extra):
            v = ref.log_density(eta, (to_y(z),)) + mpmath.log(jac(z))
        return +v

    def safe(z):
        try:
            v = logf(mpmath.mpf(z))
            return v if mpmath.isfinite(v) else -mpmath.inf
        except (ValueError, ZeroDivisionError, OverflowError):
            return -mpmath.inf

    grid = [mpmath.mpf(z) / 4 for z in range(-400, 401)]
    vals = [safe(z) for z in grid]
    top = max(vals)
    if not mpmath.isfinite(top):
        return mpmath.nan, 0.0
    i = vals.index(top)
    # Refine around the peak: a narrow density may fall between grid points.
    fine = [grid[i] + mpmath.mpf(k) / 400 for k in range(-100, 101)]
    keep = [z for z, v in zip(grid, vals) if v > top - 80] + [z for z in fine if safe(z) > top - 80]
    # A heavy tail (Beta(0.05, .) in z = logit y decays like e^(-0.05 z)) still within 80 of the peak at
    # the grid's end: go out by doublings, to |z| = 400 at most.
    heavy = []
    for sign, end in ((-1, grid[0]), (1, grid[-1])):
        while safe(end) > top - 80 and abs(end) < 400:
            end *= 2
            keep.append(end)
        if safe(end) > top - 80:
            heavy.append(sign)
    lo, hi = min(keep), max(keep)
    # Beyond the region where the log density is within 80 of its peak the mass is below 1e-30:
    # finite limits (an infinite one would send exp(z) to z ~ 1e30).
    # `breaks`: where the density may have a kink (|y - loc| at a hyper-parameter's value).
    pts = sorted(set(list(mpmath.linspace(lo - 2, hi + 2, 41)) + [grid[i]] + [b for b in breaks if lo - 2 < b < hi + 2]))
    total = mpmath.quad(lambda z: mpmath.exp(logf(z)) if mpmath.isfinite(safe(z)) else 0, pts)
    slack = 0.0
    for sign in heavy:
        # Past |z| = 400 a tail still this heavy is exponential in z (a power of y, or of the distance to an
        # end): its mass is f(Z) / c, c the decay rate of log f at Z; the slack is the rate's change over 8.
        Z = pts[-1] if sign > 0 else pts[0]
        rates = [(safe(Z - sign * (k + 1)) - safe(Z - sign * k)) for k in (0, 8)]
        if not all(mpmath.isfinite(r) and r > 0 for r in rates):
            return total, math.inf  # not decaying: not normalizable as far as this rule can tell
        tail = mpmath.exp(safe(Z)) / rates[0]
        total += tail
        slack += float(tail * abs(rates[0] - rates[1]) / rates[0])
    return total, slack


def _normalize_real(subject, eta):
    breaks = [mpmath.mpf(float(v)) for v in subject.hypers.values() if np.ndim(v) == 0]
    return _quad_line(subject, eta, lambda z: z, lambda z: mpmath.mpf(1), breaks)


def _normalize_positive(subject, eta):
    return _quad_line(subject, eta, mpmath.exp, mpmath.exp)


def _expit(z):
    return 1 / (1 + mpmath.exp(-z))


def _normalize_unit(subject, eta):
    return _quad_line(subject, eta, _expit, lambda z: _expit(z) * _expit(-z), squeezed=True)


def _normalize_simplex(subject, eta):
    """K = 3: y = (s, (1 - s) t, (1 - s)(1 - t)), Jacobian 1 - s, over the unit square."""
    ref = subject.ref
    if subject.K != 3:
        return mpmath.nan, 0.0

    def f(s, t):
        y = (s, (1 - s) * t, (1 - s) * (1 - t))
        if min(y) <= 0:
            return mpmath.mpf(0)
        return mpmath.exp(ref.log_density(eta, y)) * (1 - s)

    with mpmath.workdps(15):
        total = mpmath.quad(f, [0, 1], [0, 1], maxdegree=4)
    return total, 1e-6


def _normalize_real_vector(subject, eta):
    """Gauss-Hermite product rule over R^K (20 nodes per axis) in y = c + s x, c and s from 4000 draws of the
    sampler (they only place the nodes: the integrand over the Gaussian weight is then nearly constant)."""
    ref, K = subject.ref, subject.K
    draws = subject.loss(np.array([[float(e) for e in eta]] * 4000), np.float64).sample(73).astype(np.float64)
    c, sd = draws.mean(axis=0), draws.std(axis=0)
    x, w = np.polynomial.hermite_e.hermegauss(20)
    total = mpmath.mpf(0)
    for idx in itertools.product(range(len(x)), repeat=K):
        y = [mpmath.mpf(float(c[k] + sd[k] * x[i])) for k, i in enumerate(idx)]
        gauss = mpmath.fsum(mpmath.mpf(float(x[i])) ** 2 for i in idx) / 2
        weight = mpmath.fprod(mpmath.mpf(float(w[i])) for i in idx)
        total += weight * mpmath.exp(ref.log_density(eta, y) + gauss)
    return total * mpmath.fprod(mpmath.mpf(float(v)) for v in sd), 1e-8


def _within(y, b):
    """y inside the interval b = (lo, lo_open, hi, hi_open), finite."""
    y = np.asarray(y, dtype=np.float64)
    lo, lo_open, hi, hi_open = b
    above = (y > lo) if lo_open else (y >= lo)
    below = (y < hi) if hi_open else (y <= hi)
    return np.isfinite(y) & above & below


def _interval_targets(b, K):
    lo, lo_open, hi, hi_open = (float(v) if not isinstance(v, bool) else v for v in b)
    if math.isfinite(lo) and math.isfinite(hi):
        inner = [lo + 0.25 * (hi - lo), lo + 0.75 * (hi - lo)]
    elif math.isfinite(lo):
        inner = [lo + 0.5 * max(1.0, abs(lo)), lo + 3.0 * max(1.0, abs(lo))]
    elif math.isfinite(hi):
        inner = [hi - 0.5 * max(1.0, abs(hi)), hi - 3.0 * max(1.0, abs(hi))]
    else:
        inner = [0.0, 1.5]
    ends = [v for v, is_open in ((lo, lo_open), (hi, hi_open)) if math.isfinite(v) and not is_open]
    return ends + inner


def _normalize_interval(subject, eta):
    """Quadrature over the real line mapped onto the interval (an exp map to a half-line, a
    logistic map to a bounded interval)."""
    lo, _, hi, _ = (mpmath.mpf(float(v)) for v in subject.bound)
    if mpmath.isfinite(lo) and mpmath.isfinite(hi):
        return _quad_line(subject, eta, lambda z: lo + (hi - lo) * _expit(z), lambda z: (hi - lo) * _expit(z) * _expit(-z),
                          squeezed=True)
    if mpmath.isfinite(lo):
        return _quad_line(subject, eta, lambda z: lo + mpmath.exp(z), mpmath.exp)
    if mpmath.isfinite(hi):
        return _quad_line(subject, eta, lambda z: hi - mpmath.exp(z), mpmath.exp)
    return _normalize_real(subject, eta)


def _normalize_angle(subject, eta):
    pi = mpmath.pi
    return _quad_line(subject, eta, lambda z: -pi + 2 * pi * _expit(z), lambda z: 2 * pi * _expit(z) * _expit(-z))


def _bound(subject):
    return int(subject.hypers[subject.family.target.bound])


SUPPORT_RULES = {
    Support.REAL: SupportRule(_finite, _scalar_components, lambda n, K: [0.0, 1.5], _normalize_real, False),
    Support.POSITIVE: SupportRule(lambda y, n, K: _finite(y) & (np.asarray(y) > 0), _scalar_components,
                                  lambda n, K: [0.5, 3.0], _normalize_positive, False, _at_zero),
    Support.UNIT_INTERVAL: SupportRule(lambda y, n, K: (np.asarray(y) > 0) & (np.asarray(y) < 1), _scalar_components,
                                       lambda n, K: [1e-3, 0.25, 0.999], _normalize_unit, False, _at_unit_ends),
    Support.INTERVAL: SupportRule(lambda y, b, K: _within(y, b), _scalar_components, _interval_targets,
                                  _normalize_interval, False),
    Support.ANGLE: SupportRule(lambda y, n, K: _within(y, (-math.pi, True, math.pi, False)), _scalar_components,
                               lambda n, K: [0.0, 2.5, math.pi], _normalize_angle, False),
    Support.BINARY: SupportRule(lambda y, n, K: (np.asarray(y) == 0) | (np.asarray(y) == 1), _scalar_components,
                                lambda n, K: [0, 1], lambda s, eta: _sum_terms(s, eta, [0, 1]), True),
    Support.NONNEGATIVE_INTEGER: SupportRule(lambda y, n, K: _is_int(y) & (np.asarray(y) >= 0), _scalar_components,
                                             lambda n, K: [0, 1], _sum_unbounded, True),
    Support.POSITIVE_INTEGER: SupportRule(lambda y, n, K: _is_int(y) & (np.asarray(y) >= 1), _scalar_components,
                                          lambda n, K: [1, 2], lambda s, eta: _sum_unbounded(s, eta, first=1), True),
    Support.BOUNDED_INTEGER: SupportRule(
        lambda y, n, K: _is_int(y) & (np.asarray(y) >= 0) & (np.asarray(y) <= n), _scalar_components,
        lambda n, K: [0, n], lambda s, eta: _sum_terms(s, eta, range(_bound(s) + 1)), True),
    Support.CLASS_INDEX: SupportRule(
        lambda y, n, K: _is_int(y) & (np.asarray(y) >= 0) & (np.asarray(y) < K), _one_hot_components,
        lambda n, K: [0, K - 1], lambda s, eta: _sum_terms(s, eta, range(s.K)), True),
    Support.ONE_HOT: SupportRule(
        lambda y, n, K: np.all((np.asarray(y) == 0) | (np.asarray(y) == 1), axis=-1) & (np.asarray(y).sum(-1) == 1),
        _vector_components, lambda n, K: [tuple(np.eye(K, dtype=int)[0]), tuple(np.eye(K, dtype=int)[-1])],
        lambda s, eta: _sum_terms(s, eta, [tuple(r) for r in np.eye(s.K, dtype=int)]), True),
    Support.COUNTS: SupportRule(
        lambda y, n, K: np.all(_is_int(y) & (np.asarray(y) >= 0), axis=-1) & (np.asarray(y).sum(-1) == n),
        _vector_components, lambda n, K: [(n,) + (0,) * (K - 1), tuple(np.diff(np.linspace(0, n, K + 1).round()).astype(int))],
        lambda s, eta: _sum_terms(s, eta, _counts(_bound(s), s.K)), True),
    Support.SIMPLEX: SupportRule(
        lambda y, n, K: np.all(np.asarray(y) > 0, axis=-1) & (np.abs(np.asarray(y, dtype=np.float64).sum(-1) - 1) < 1e-6),
        _vector_components, lambda n, K: [(1 / K,) * K, (0.998,) + (0.002 / (K - 1),) * (K - 1)],
        _normalize_simplex, False, lambda y: np.any(_at_zero(y), axis=-1)),
    Support.REAL_VECTOR: SupportRule(
        lambda y, n, K: np.all(np.isfinite(np.asarray(y, dtype=np.float64)), axis=-1), _vector_components,
        lambda n, K: [(0.0,) * K, tuple((1.5, -0.5, 0.25, -2.0)[k % 4] for k in range(K))],
        _normalize_real_vector, False),
}
