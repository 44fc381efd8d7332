"""Removable singularities: points of a parameter's domain where an emitted expression is
0/0 with a finite limit (the continuous Bernoulli's E[y] = -1/expm1(-eta) - 1/eta at eta = 0).

For every expression of one natural parameter (the mean, the Fisher and factor entries, the
eta-only part of the NLL):

1. candidates: the real zeros, inside the domain, of every denominator (and log argument) of
   the expression written naively (`primitives.to_naive`), by `sympy.solveset`;
2. removable: the Laurent coefficients c_-1, c_-2 about the point vanish (trapezoidal rule on a
   circle around it in the complex plane, 60 digits; the point itself is never evaluated);
3. the switch radius r, measured: the emitted (stable) form is printed as the NumPy code would
   be and evaluated in float64 and float32 at eta0 +- h (8 points per quarter decade of h from
   1e-8 to 1.8) against 60-digit
   mpmath; r is the smallest h from which on both dtypes meet a quarter of their targets
   (1e-12, 1e-5 relative) on both sides;
4. the series: the Taylor polynomial (coefficients from the same circle) of the lowest order that
   meets a quarter of both targets at the switch and inside it, checked against mpmath;
5. the expression becomes Piecewise((series, |eta - eta0| < r), (expression, True)), each branch
   evaluated at a safe point where it is not used (the expression at eta0 + r, the series at
   eta0), so that NumPy's np.where never sees a 0/0 or an overflow.

`SingularPoint` records each point on `Derived.singular_points` (for the verifier to probe).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp

from natloss.codegen.primitives import if_else, to_naive

TARGETS = {"float64": 1e-12, "float32": 1e-5}
# Distances from the point at which the emitted form is measured, and the largest switch radius.
_STEPS = tuple(10.0 ** (k / 4) for k in range(-32, 1))
_MAX_ORDER = 40
_SAMPLES = 128  # points on the circle: aliasing of c_(k + 128) rho^128 is far below the targets


@dataclass(frozen=True)
class SingularPoint:
    """eta0 of parameter `param`: the listed expressions use their series for |eta - eta0| < radius."""

    param: str
    at: float
    radius: float
    order: int
    expressions: tuple  # names: mean0, fisher_0_0, factor_0_0, nll


def _numpy_value(expr, symbol, values, dtype):
    from natloss.codegen.backends.numpy.printer import NumPyLossPrinter
    from natloss.runtime import numpy_math

    code = NumPyLossPrinter({"fully_qualified_modules": True, "allow_unknown_functions": False}).doprint(expr)
    env = {"np": np, "_m": numpy_math, "math": math, str(symbol): np.asarray(values, dtype=dtype)}
    with np.errstate(all="ignore"):
        out = np.asarray(eval(code, env), dtype=np.float64)  # noqa: S307 - our own printed code
    return np.broadcast_to(out, np.shape(values))


def _reference(naive, symbol, points):
    f = sp.lambdify([symbol], naive, modules="mpmath")
    out = []
    with mpmath.workdps(60):
        for p in points:
            try:
                out.append(f(mpmath.mpf(float(p))))
            except ZeroDivisionError:
                out.append(mpmath.nan)
    return out


def _errors(got, ref, dtype):
    tiny = float(np.finfo(dtype).tiny)
    err = []
    for g, r in zip(got, ref):
        if mpmath.isnan(r):
            err.append(0.0)  # the point itself: the series' job
        elif not math.isfinite(g):
            err.append(math.inf)
        else:
            err.append(float(abs(mpmath.mpf(float(g)) - r) / max(abs(r), tiny)))
    return err


def _candidates(naive, symbol, domain):
    found = set()
    bases = [p.base for p in naive.atoms(sp.Pow) if p.exp.is_negative] + [g.args[0] for g in naive.atoms(sp.log)]
    for base in bases:
        if not base.has(symbol):
            continue
        try:
            zeros = sp.solveset(sp.numer(sp.together(base)), symbol, domain)
        except (NotImplementedError, ValueError, TypeError):
            continue
        if isinstance(zeros, sp.FiniteSet):
            found |= {z for z in zeros if z.is_real and domain.contains(z) is sp.true
                      and z not in (domain.inf, domain.sup)}
    return sorted(found, key=float)


def _switch_radius(expr, naive, symbol, at):
    """The smallest h from which on the emitted form meets a quarter of both targets, or None."""
    # 8 points in each step [h, 1.78 h) on both sides: the float32 rounding error fluctuates
    per = 16
    points = [float(at) + s * h * (1 + j / 9) for h in _STEPS for j in range(8) for s in (1.0, -1.0)]
    ref = _reference(naive, symbol, points)
    radius = 0.0
    for dtype, target in TARGETS.items():
        got = _numpy_value(expr, symbol, np.array(points), dtype)
        # the dtype-rounded inputs for the reference of float32
        pts = np.asarray(points, dtype=dtype).astype(np.float64)
        ref_d = ref if dtype == "float64" else _reference(naive, symbol, pts)
        err = _errors(got, ref_d, dtype)
        bad = [h for k, h in enumerate(_STEPS) if max(err[per * k:per * (k + 1)]) > target / 4]
        if not bad:
            continue
        worst = max(bad)
        if worst >= _STEPS[-1]:
            return None
        radius = max(radius, _STEPS[_STEPS.index(worst) + 1])
    return radius


def _laurent(naive, symbol, at, rho):
    """Coefficients c_k, k = -2 .. _MAX_ORDER, of the expansion about `at`, by the trapezoidal rule
    on the circle |z - at| = rho (spectrally accurate where the function is analytic on and
    inside it but at `at`); 60 digits. The point itself is never evaluated."""
    f = sp.lambdify([symbol], naive, modules="mpmath")
    n = _SAMPLES
    with mpmath.workdps(60):
        roots = [mpmath.expjpi(2 * mpmath.mpf(j) / n) for j in range(n)]
        values = [f(mpmath.mpf(float(at)) + rho * w) for w in roots]
        coefficients = {}
        for k in range(-2, _MAX_ORDER + 1):
            c = mpmath.fsum(v * w ** (-k) for v, w in zip(values, roots)) / n / mpmath.mpf(rho) ** k
            coefficients[k] = c.real
        scale = max(abs(coefficients[k]) * mpmath.mpf(rho) ** k for k in range(0, 4)) + mpmath.mpf(10) ** -40
        for k in range(0, _MAX_ORDER + 1):  # the rounding noise of coefficients that are 0 (odd ones of F)
            if abs(coefficients[k]) * mpmath.mpf(rho) ** k < mpmath.mpf(10) ** -40 * scale:
                coefficients[k] = mpmath.mpf(0)
        return coefficients, scale


def _series(naive, symbol, at, radius):
    """The lowest-order Taylor polynomial meeting a quarter of both targets for |eta - at| <= radius,
    or (None, None) where the point is not removable (c_-1, c_-2 not 0) or no order does."""
    inside = [float(at) + s * radius * f for f in (1.0, 0.5, 0.1, 1e-4, 1e-8) for s in (1.0, -1.0)]
    ref = _reference(naive, symbol, inside)
    for rho in (2 * radius, 1.25 * radius):
        coefficients, scale = _laurent(naive, symbol, at, rho)
        if any(abs(coefficients[k]) * mpmath.mpf(rho) ** k > mpmath.mpf(10) ** -30 * scale for k in (-1, -2)):
            return None, None  # a pole, not a removable singularity
        x = symbol - at
        for order in range(2, _MAX_ORDER + 1, 2):
            poly = sp.horner(sp.Add(*[sp.Float(mpmath.nstr(coefficients[k], 25), 25) * x**k for k in range(order)]),
                             wrt=symbol) if order > 1 else sp.Float(mpmath.nstr(coefficients[0], 25), 25)
            ok = True
            for dtype, target in TARGETS.items():
                got = _numpy_value(poly, symbol, np.array(inside), dtype)
                if max(_errors(got, ref, dtype)) > target / 4:
                    ok = False
                    break
            if ok:
                return poly, order
    return None, None


def removable(expr, symbol, domain):
    """(the expression with series branches, [(point, radius, order), ...])."""
    if expr.free_symbols != {symbol}:
        return expr, []
    naive = to_naive(expr)
    points = []
    for at in _candidates(naive, symbol, domain):
        radius = _switch_radius(expr, naive, symbol, at)
        if not radius:
            continue
        poly, order = _series(naive, symbol, at, radius)
        if poly is None:
            continue
        near = sp.Abs(symbol - at) < radius
        safe = sp.Dummy(real=True)
        far = expr.xreplace({symbol: safe}).xreplace({safe: if_else(near, at + radius, symbol)})
        series = poly.xreplace({symbol: safe}).xreplace({safe: if_else(near, symbol, at)})
        expr = sp.Piecewise((series, near), (far, True))
        points.append((at, radius, order))
    return expr, points
