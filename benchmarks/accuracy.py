"""Accuracy of the generated NumPy losses against 50-digit mpmath, over the whole domain.

    python benchmarks/accuracy.py [--markdown] [--family NAME ...] [--points]

For every built-in scalar-parameter and componentwise family (coupled families: accuracy_coupled.py) and
each dtype, a grid of natural parameters spans the declared domain including its
extremes; targets are a few representative values of the support, one of them where
the NLL is small (y = round(E[y]) or the like). The generated class evaluates, in that
dtype, the per-case ``nll``, ``mean_sufficient_statistic``, ``grad_of_evaluate``, the
Fisher entries (``multiply_fisher`` with unit vectors) and the factor entries
(``multiply_fisher_factor`` with unit vectors; ``factor_transpose``: those of Bᵀ through
``multiply_fisher_factor_transpose`` with unit vectors).

The reference is independent of the generated code and of the rewrites: the
declaration's own A, T and log h (`primitives.to_naive`), differentiated with
``sympy.diff``, lambdified with ``modules='mpmath'`` and evaluated at 50 digits at the
SAME dtype-rounded inputs; the factor is ``mpmath.cholesky`` of that Fisher matrix.

Error: |got - ref| / max(|ref|, tiny) (tiny: the dtype's smallest normal, so a value
that underflows must come out below about tiny); inf or NaN where the reference is
finite and representable is a failure (error = inf). A reference beyond the dtype's
range must come out as inf of its sign.

Conditioning. Each point also gets the relative condition number of the quantity in
its inputs, cond = sum_x |x df/dx| / |f| (x: the natural parameters, and y for
continuous supports; integer targets are exact), by 50-digit central differences. No
backward-stable algorithm can promise better than about cond * u (u: the dtype's unit
roundoff), so a point is "ill-conditioned" when cond * u > target / 4. The table gives
the worst error over all points and over the well-conditioned ones; the target is
claimed (and tested) on the well-conditioned points, and every failing ill-conditioned
point is listed (tests/test_accuracy.py marks those family/op/dtype rows xfail).
"""
from __future__ import annotations

import argparse
import importlib
import math
import sys
from dataclasses import dataclass, field
from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp

from natloss.codegen.components import is_componentwise
from natloss.codegen.driver import builtin_families
from natloss.codegen.family import Family, Param, Support, Target
from natloss.codegen.primitives import to_naive
from natloss.codegen.verify.reference import MPMATH_MODULES

DPS = 50
TARGET = {"float64": 1e-12, "float32": 1e-5}
UNIT_ROUNDOFF = {"float64": 2.0**-53, "float32": 2.0**-24}
OPS = ("nll", "mean", "grad", "fisher", "factor", "factor_transpose")
COMMAND = "python benchmarks/accuracy.py --markdown"

# Extra hyper-parameter settings beyond the declared defaults (a row each).
EXTRA_HYPERS = {
    "binomial": ({"trials": 10},),
    "negative_binomial": ({"failures": 3.5},),
    "gamma_known_shape": ({"concentration": 1e6},),
    "inverse_gaussian_known_shape": ({"lam": 1e6},),
}


# ----------------------------------------------------------------------- grids
def param_values(domain: sp.Interval, dtype: str) -> list:
    """Values spanning a parameter's domain, extremes included, for one dtype."""
    big = 700.0 if dtype == "float64" else 80.0
    lo, hi = domain.inf, domain.sup
    if lo == -sp.oo and hi == sp.oo:
        mags = [1e-8, 0.1, 1.0, 10.0, 100.0, big] if dtype == "float64" else [1e-8, 0.1, 1.0, 10.0, 30.0, big]
        return [0.0] + [s * m for m in mags for s in (1.0, -1.0)]
    if lo == -sp.oo and hi == 0:
        return [-m for m in (1e-8, 1e-5, 1e-3, 0.1, 1.0, 10.0, 700.0)]
    if lo == 0 and hi == sp.oo:
        return [m for m in (1e-8, 1e-5, 1e-3, 0.1, 1.0, 10.0, 700.0)]
    if lo == -1 and hi == sp.oo:
        return [-1.0 + m for m in (1e-6, 1e-3, 0.1, 1.0, 10.0, 1e3, 1e6)]
    if lo == -sp.oo and hi.is_finite:  # Pareto's -(alpha + 1) < -1
        return [float(hi) - m for m in (1e-6, 1e-3, 0.1, 1.0, 10.0, 1e3, 1e6)]
    raise NotImplementedError(f"no grid for the domain {domain}")


def _representative_y(family: Family, mean: list, hypers: dict):
    """A target where the NLL is small: E[y] when y is a statistic, exp(E[log y]) when log y is."""
    y = family.target.symbol
    for t, m in zip(family.sufficient_statistic, mean):
        t = to_naive(t)
        if sp.simplify(t - y) == 0:
            return m
        if sp.simplify(t - sp.log(y)) == 0:
            return mpmath.exp(m)
    for t, m in zip(family.sufficient_statistic, mean):
        # NormalMean: T = y / var
        c = sp.simplify(to_naive(t) / y).subs({h.symbol: hypers[h.name] for h in family.hypers})
        if not c.has(y):
            return m / mpmath.mpf(float(c))
    return None


def targets_for(family: Family, mean: list, hypers: dict, dtype: str) -> list:
    """A few targets inside the support, as exactly representable dtype values."""
    info = np.finfo(dtype)
    support = family.target.support
    typical = _representative_y(family, mean, hypers)
    ys = []
    if support is Support.REAL:
        ys = [0.0, 1.5]
        if typical is not None and abs(typical) < info.max:
            ys.append(float(typical))
    elif support is Support.POSITIVE:
        ys = [0.5, 3.0]
        if typical is not None and info.tiny < typical < info.max:
            ys.append(float(typical))
    elif support is Support.UNIT_INTERVAL:
        ys = [1e-3, 0.25, 0.999]
        if typical is not None:
            t = np.clip(np.array(float(typical), dtype), info.tiny, np.nextafter(np.array(1.0, dtype), np.array(0.0, dtype)))
            ys.append(float(t))
    elif support is Support.BINARY:
        ys = [0.0, 1.0]
    elif support is Support.NONNEGATIVE_INTEGER:
        ys = [0.0, 1.0]
        if typical is not None and typical < info.max:
            ys.append(float(mpmath.nint(typical)))
    elif support is Support.POSITIVE_INTEGER:
        ys = [1.0, 2.0]
        if typical is not None and typical < info.max:
            ys.append(float(max(mpmath.nint(typical), 1)))
    elif support is Support.BOUNDED_INTEGER:
        n = hypers[family.target.bound]
        ys = [0.0, float(n)]
        if typical is not None:
            ys.append(float(mpmath.nint(typical)))
    elif support is Support.INTERVAL:  # from the declared bounds (Pareto: [x_m, inf))
        lo, lo_open, hi, hi_open = family.target.bounds.resolve(hypers)
        base = lo if math.isfinite(lo) else (hi if math.isfinite(hi) else 0.0)
        ys = [base + 0.5, base + 3.0] + ([] if lo_open or not math.isfinite(lo) else [lo])
        if typical is not None and lo <= typical <= hi and abs(typical) < info.max:
            ys.append(float(typical))
    elif support is Support.ANGLE:
        ys = [0.0, 1.5, -2.5, 3.0]
    else:
        raise NotImplementedError(support)
    out = []
    for v in ys:
        v = float(np.array(v, dtype))  # representable in the dtype
        if support is Support.UNIT_INTERVAL and not 0 < v < 1:
            continue
        if support is Support.POSITIVE and not v > 0:
            continue
        if v not in out:
            out.append(v)
    return out


# ------------------------------------------------------------------- reference
@dataclass
class Reference:
    """mpmath functions of (eta..., y) built from the declaration alone."""

    family: Family
    hypers: dict
    d: int
    A: object
    T: list
    log_h: object
    mean: list
    fisher: list  # d x d

    cache: dict = field(default_factory=dict)
    # the symbolic A, mean and Fisher (for limits at removable singularities) and their limits
    symbolic: dict = field(default_factory=dict)
    limits: dict = field(default_factory=dict)

    def limit(self, key, at):
        """The exact limit of a naive expression at a point where it is 0/0, at the working precision."""
        if (key, at) not in self.limits:
            (eta,) = self.family.param_symbols
            self.limits[key, at] = sp.limit(self.symbolic[key], eta, sp.Rational(str(at)))
        return mpmath.mpf(sp.N(self.limits[key, at], mpmath.mp.dps))

    def eta_values(self, eta) -> tuple:
        """(mean, A, Fisher entries, factor entries) at the current precision, cached per eta."""
        key = (tuple(eta), mpmath.mp.prec)
        if key in self.cache:
            return self.cache[key]
        args = list(eta)
        removable = False
        try:
            mean = [f(*args) for f in self.mean]
            self.A(*args)
        except ZeroDivisionError:
            if self.d != 1:
                raise
            # a removable singularity (the continuous Bernoulli at eta = 0): SymPy's exact limit
            removable = True
            mean = [self.limit(("mean", i), args[0]) for i in range(self.d)]
        F = mpmath.matrix(self.d, self.d)
        for i in range(self.d):
            for j in range(self.d):
                F[i, j] = self.limit(("fisher", i, j), args[0]) if removable else self.fisher[i][j](*args)
        try:
            # scaled, and no absolute tolerance: the entries may be far from 1
            scale = max(abs(x) for x in F)
            L = mpmath.cholesky(F / scale, tol=0) * mpmath.sqrt(scale)
        except (ValueError, ZeroDivisionError):
            L = None
        fisher = [F[i, j] for i in range(self.d) for j in range(self.d)]
        factor = [L[i, j] if L is not None else mpmath.nan for i in range(self.d) for j in range(self.d)]
        out = (mean, self.limit(("A",), args[0]) if removable else self.A(*args), fisher, factor)
        if len(self.cache) > 20000:
            self.cache.clear()
        self.cache[key] = out
        return out

    def values(self, eta, y) -> dict:
        """Every op's reference at the current precision: {op: [components]}."""
        args = list(eta)
        mean, A, fisher, factor = self.eta_values(eta)
        T = [f(y) for f in self.T]
        nll = A - mpmath.fsum(e * t for e, t in zip(args, T)) - self.log_h(y)
        return {
            "nll": [nll],
            "mean": mean,
            "grad": [m - t for m, t in zip(mean, T)],
            "fisher": fisher,
            "factor": factor,
            "factor_transpose": [factor[(c % self.d) * self.d + c // self.d] for c in range(len(factor))],
        }


def _agree(a: dict, b: dict, dps: int, d: int) -> bool:
    """True when two evaluations agree to 35 digits; an exact 0 is trusted only at 1000 digits
    (log(1 + exp(700)) - 700 rounds to exactly 0 at 50 digits)."""
    tol = mpmath.mpf(10) ** -(DPS - 15)
    for op in a:
        for c, (x, z) in enumerate(zip(a[op], b[op])):
            if (op == "factor" and (c // d) < (c % d)) or (op == "factor_transpose" and (c // d) > (c % d)):
                continue  # structural zero above (B) or below (B^T) the diagonal
            if x == 0 and z == 0 and dps < 1000:
                return False
            if mpmath.isnan(x) or mpmath.isnan(z):
                if not (mpmath.isnan(x) and mpmath.isnan(z)):
                    return False
                continue
            if abs(x - z) > tol * abs(z) + mpmath.mpf(10) ** -(dps // 2 + 300):
                return False
    return True


def reference_values(ref: Reference, eta, y) -> tuple:
    """The reference at the first working precision (50, 150, 400, 1000 digits) that
    agrees with 20 more digits to 35 digits: the naive derivatives of A cancel (the
    Bernoulli's exp(x)/(1+exp(x)) - exp(2x)/(1+exp(x))^2 at x = 700 loses 300 digits).
    Returns (values, dps)."""
    for dps in (DPS, 150, 400, 1000):
        try:
            with mpmath.workdps(dps):
                a = ref.values([mpmath.mpf(e) for e in eta], mpmath.mpf(y))
            with mpmath.workdps(dps + 20):
                b = ref.values([mpmath.mpf(e) for e in eta], mpmath.mpf(y))
        except ZeroDivisionError:  # log(1 - exp(-700)) is log(1) = 0 below 305 digits
            continue
        if _agree(a, b, dps, ref.d):
            return b, dps + 20
    return b, dps + 20


def one_component(family: Family) -> Family:
    """A componentwise vector family's declaration at K = 1, its sums over k done by SymPy (not by
    the compiler's componentwise stage): one component as a scalar-parameter family, which the
    grids, the targets and the reference see. Other families are returned as they are."""
    if not family.is_vector:
        return family
    v = family.params[0]
    scalars = tuple(Param(p.name, p.domain) for p in family.params)
    target = Target({Support.REAL_VECTOR: Support.REAL}[family.target.support], family.target.name)
    names = {p.base[0]: s.symbol for p, s in zip(family.params, scalars)} | {family.target.symbol[0]: target.symbol}

    def one(e):
        return e.subs(v.size, 1).doit().subs(v.k, 0).xreplace(names)

    return Family(name=family.name, class_name=family.class_name, params=scalars, target=target,
                  log_partition=one(family.log_partition), sufficient_statistic=tuple(one(t) for t in family.sufficient_statistic),
                  log_base_measure=one(family.log_base_measure), sampler=family.sampler, hypers=family.hypers)


@lru_cache(maxsize=None)
def _reference_cached(name: str, hyper_items: tuple) -> Reference:
    family = one_component(FAMILIES[name])
    return _build_reference(family, dict(hyper_items))


def _build_reference(family: Family, hypers: dict) -> Reference:
    eta = list(family.param_symbols)
    y = family.target.symbol
    # Non-integer hypers as 1100-digit Floats (exact for the decimal values used; constants such
    # as lgamma(r) folded at that precision stay exact beyond the 1000 digits used at most): an
    # exact Integer 10**6 would make SymPy expand loggamma(10**6) into log(999999!).
    subs = {h.symbol: sp.Integer(hypers[h.name]) if h.integer else sp.Float(str(hypers[h.name]), 1100) for h in family.hypers}
    A = to_naive(family.log_partition).subs(subs)
    T = [to_naive(t).subs(subs) for t in family.sufficient_statistic]
    log_h = to_naive(family.log_base_measure).subs(subs)

    def lam(args, expr):
        return sp.lambdify(args, expr, modules=MPMATH_MODULES)  # mpmath, I_nu remembered

    def with_limit(f):
        """f, or at a removable singularity (0/0: the von Mises mean at eta = 0) its limit: f at
        eta + delta, delta = 10^-(dps - 10), with what is below sqrt(delta) taken as the exact 0."""
        def g(*args):
            try:
                return f(*args)
            except ZeroDivisionError:
                delta = mpmath.mpf(10) ** -(mpmath.mp.dps - 10)
                return mpmath.chop(f(*[a + delta for a in args]), tol=mpmath.sqrt(delta))
        return g

    d = len(eta)
    return Reference(
        family=family,
        hypers=hypers,
        d=d,
        A=lam(eta, A),
        T=[lam([y], t) for t in T],
        log_h=lam([y], log_h),
        mean=[with_limit(lam(eta, sp.diff(A, e))) for e in eta],
        fisher=[[with_limit(lam(eta, sp.diff(A, eta[i], eta[j]))) for j in range(d)] for i in range(d)],
        symbolic={("A",): A, **{("mean", i): sp.diff(A, e) for i, e in enumerate(eta)},
                  **{("fisher", i, j): sp.diff(A, eta[i], eta[j]) for i in range(d) for j in range(d)}},
    )


# -------------------------------------------------------------------- generated
BACKEND = "numpy"  # the generated package measured: numpy, or cpu (--backend)


def generated_class(family: Family):
    module = importlib.import_module(f"natloss.generated.{BACKEND}.{family.name}")
    return getattr(module, family.class_name)


def generated_values(family: Family, hypers: dict, eta_cols, ys, dtype) -> dict:
    """Every op from the generated class, one case per row: {op: [component arrays]}."""
    cls = generated_class(family)
    d = len(eta_cols)
    params = [np.asarray(c, dtype=dtype) for c in eta_cols]
    y = np.asarray(ys, dtype=dtype)
    n = y.shape[0]
    if family.is_vector:  # componentwise: each case a row of one component
        params, y = [p[:, None] for p in params], y[:, None]
    loss = cls(*params, targets=y, **hypers)
    with np.errstate(all="ignore"):
        out = {
            "nll": [np.asarray(loss.nll())],
            "mean": _parts(loss.mean_sufficient_statistic(), d),
            "grad": _parts(loss.grad_of_evaluate(), d),
        }
        fisher = [None] * (d * d)
        factor = [None] * (d * d)
        transpose = [None] * (d * d)
        for j in range(d):
            e = [np.zeros(params[0].shape, dtype) for _ in range(d)]
            e[j][...] = 1
            col = _parts(loss.multiply_fisher(e[0] if d == 1 else tuple(e)), d)
            u = e[0] if d == 1 else np.stack(e, axis=-1)
            bcol = _parts(loss.multiply_fisher_factor(u), d)
            tcol = loss.multiply_fisher_factor_transpose(e[0] if d == 1 else tuple(e))  # (n,) or (n, d)
            for i in range(d):
                fisher[i * d + j] = np.asarray(col[i])
                factor[i * d + j] = np.asarray(bcol[i])
                transpose[i * d + j] = np.asarray(tcol if d == 1 else tcol[..., i])
        out["fisher"] = fisher
        out["factor"] = factor
        out["factor_transpose"] = transpose
    for op, parts in out.items():
        for p in parts:
            assert p.dtype == np.dtype(dtype), (family.name, op, p.dtype, dtype)
    return {op: [p.reshape(n) for p in parts] for op, parts in out.items()}


def _parts(x, d):
    return [np.asarray(x)] if d == 1 else [np.asarray(p) for p in x]


# ----------------------------------------------------------------- comparison
@dataclass
class Point:
    op: str
    component: str
    eta: tuple
    y: float
    got: float
    ref: object  # mpmath.mpf
    error: float
    cond: float
    ill: bool

    def where(self) -> str:
        eta = ", ".join(f"{e:.6g}" for e in self.eta)
        comp = f"[{self.component}]" if self.component else ""
        return f"{comp} eta=({eta}) y={self.y:.6g}"


def rel_error(got: float, ref, dtype: str) -> float:
    info = np.finfo(dtype)
    if not mpmath.isfinite(ref):
        return 0.0 if (math.isnan(got) if mpmath.isnan(ref) else got == float(ref)) else math.inf
    if abs(ref) > info.max:
        return 0.0 if math.isinf(got) and (got > 0) == (ref > 0) else math.inf
    if not math.isfinite(got):
        return math.inf
    return float(abs(mpmath.mpf(got) - ref) / max(abs(ref), mpmath.mpf(float(info.tiny))))


def _anchors(family: Family) -> list:
    """Per natural parameter, the point its relative perturbations are measured from.

    0, except for a domain (lo, oo) with a finite lo != 0 (Beta's and Gamma's
    alpha - 1 > -1): the code forms eta - lo (alpha = eta + 1) with a relative error
    of at most u (exactly, by Sterbenz, near lo), so eta - lo is the real input there.
    """
    out = []
    for p in family.params:
        lo = p.domain.inf
        out.append(mpmath.mpf(float(lo)) if lo.is_finite and lo != 0 and p.domain.sup == sp.oo else mpmath.mpf(0))
    return out


def _condition(ref: Reference, eta, y, base: dict, continuous_y: bool) -> dict:
    """Relative condition numbers of every reference component, by central differences."""
    inputs = list(eta) + ([y] if continuous_y else [])
    anchors = _anchors(ref.family) + [mpmath.mpf(0)]
    total = {op: [mpmath.mpf(0)] * len(v) for op, v in base.items()}
    for k, x in enumerate(inputs):
        x = x - anchors[k]
        if x == 0:
            continue
        h = abs(x) * mpmath.mpf(10) ** -20
        plus, minus = list(inputs), list(inputs)
        plus[k] += h
        minus[k] -= h
        n = len(eta)
        vp = ref.values(plus[:n], plus[n] if continuous_y else y)
        vm = ref.values(minus[:n], minus[n] if continuous_y else y)
        for op in base:
            for c in range(len(base[op])):
                total[op][c] += abs(x * (vp[op][c] - vm[op][c]) / (2 * h))
    cond = {}
    for op, vals in base.items():
        cond[op] = [
            float(t / abs(v)) if mpmath.isfinite(v) and v != 0 else (0.0 if t == 0 else math.inf)
            for t, v in zip(total[op], vals)
        ]
    return cond


def _mean_at(ref: Reference, eta_mp) -> list:
    """E[T] at the first precision where the naive form does not divide by zero (targets only)."""
    for dps in (DPS, 400, 1000):
        try:
            with mpmath.workdps(dps):
                return [+f(*eta_mp) for f in ref.mean]
        except ZeroDivisionError:
            continue
    with mpmath.workdps(DPS):  # a removable singularity: the exact limit (as `Reference.eta_values`)
        return [ref.limit(("mean", i), eta_mp[0]) for i in range(ref.d)]


def evaluate_family(family: Family, dtype: str, hypers: dict | None = None) -> list:
    """All points of one family, one dtype: a list of `Point`."""
    hypers = {h.name: h.default for h in family.hypers} if hypers is None else hypers
    ref = _reference_cached(family.name, tuple(sorted(hypers.items())))
    one = one_component(family)
    grids = [param_values(p.domain, dtype) for p in one.params]
    cases = []
    with mpmath.workdps(DPS):
        for eta in _product(grids):
            eta = tuple(float(np.array(e, dtype)) for e in eta)  # dtype-rounded inputs
            eta_mp = [mpmath.mpf(e) for e in eta]
            mean = _mean_at(ref, eta_mp)
            for yv in targets_for(one, mean, hypers, dtype):
                cases.append((eta, yv))
    return evaluate_cases(family, dtype, hypers, cases)


def evaluate_cases(family: Family, dtype: str, hypers: dict, cases: list) -> list:
    """`Point`s of the given (eta, y) cases (dtype-rounded eta tuples and targets) of one family."""
    ref = _reference_cached(family.name, tuple(sorted(hypers.items())))
    generated, family = family, one_component(family)
    d = len(family.params)
    with mpmath.workdps(DPS):
        cols = [[c[0][i] for c in cases] for i in range(d)]
        ys = [c[1] for c in cases]
        got = generated_values(generated, hypers, cols, ys, dtype)
        continuous_y = not family.target.support.is_integer
        target, u = TARGET[dtype], UNIT_ROUNDOFF[dtype]
        points = []
        for k, (eta, yv) in enumerate(cases):
            eta_mp = [mpmath.mpf(e) for e in eta]
            base, dps = reference_values(ref, eta_mp, mpmath.mpf(yv))
            cond = None
            for op in OPS:
                for c, r in enumerate(base[op]):
                    if op == "factor" and (c // d) < (c % d):
                        continue  # above the diagonal of a lower factor
                    if op == "factor_transpose" and (c // d) > (c % d):
                        continue  # below the diagonal of its transpose
                    if op == "fisher" and (c // d) > (c % d):
                        continue  # symmetric
                    g = float(got[op][c][k])
                    comp = "" if d == 1 else (f"{c // d},{c % d}" if op in ("fisher", "factor", "factor_transpose") else str(c))
                    err = rel_error(g, r, dtype)
                    cnd = math.nan
                    if err > target:  # the condition number only matters where the target is missed
                        if cond is None:
                            with mpmath.workdps(dps + 30):
                                cond = _condition(ref, eta_mp, mpmath.mpf(yv), base, continuous_y)
                        cnd = cond[op][c]
                    points.append(Point(op, comp, eta, yv, g, r, err, cnd, cnd * u > target / 4))
    return points


def _product(grids):
    if not grids:
        yield ()
        return
    for v in grids[0]:
        for rest in _product(grids[1:]):
            yield (v,) + rest


# --------------------------------------------------------------------- summary
@dataclass
class Row:
    family: str
    op: str
    dtype: str
    worst: float
    worst_at: str
    worst_cond: float
    worst_well: float
    worst_well_at: str
    n: int
    n_ill: int
    failing_ill: list = field(default_factory=list)

    @property
    def target(self) -> float:
        return TARGET[self.dtype]

    @property
    def passes(self) -> bool:
        return self.worst <= self.target

    @property
    def passes_well(self) -> bool:
        return self.worst_well <= self.target


def summarize(label: str, dtype: str, points: list) -> list:
    rows = []
    for op in OPS:
        pts = [p for p in points if p.op == op]
        if not pts:
            continue
        worst = max(pts, key=lambda p: p.error)
        well = [p for p in pts if not p.ill]
        worst_well = max(well, key=lambda p: p.error) if well else None
        rows.append(
            Row(
                label,
                op,
                dtype,
                worst.error,
                worst.where(),
                worst.cond,
                worst_well.error if worst_well else 0.0,
                worst_well.where() if worst_well else "-",
                len(pts),
                len(pts) - len(well),
                [p for p in pts if p.ill and p.error > TARGET[dtype]],
            )
        )
    return rows


FAMILIES = {f.name: f for f in builtin_families() if not f.is_vector or is_componentwise(f)}


def configurations(names=None):
    """(label, family, hypers) for every scalar-parameter family and extra hyper setting."""
    out = []
    for name, fam in FAMILIES.items():
        if names and name not in names:
            continue
        defaults = {h.name: h.default for h in fam.hypers}
        out.append((name, fam, defaults))
        for extra in EXTRA_HYPERS.get(name, ()):
            label = name + "(" + ", ".join(f"{k}={v}" for k, v in extra.items()) + ")"
            out.append((label, fam, {**defaults, **extra}))
    return out


def run(names=None) -> tuple:
    rows, points = [], {}
    for label, fam, hypers in configurations(names):
        for dtype in ("float64", "float32"):
            pts = evaluate_family(fam, dtype, hypers)
            points[(label, dtype)] = pts
            rows.extend(summarize(label, dtype, pts))
    return rows, points


def _fmt(x: float) -> str:
    return "inf" if math.isinf(x) else ("nan" if math.isnan(x) else f"{x:.1e}")


def print_table(rows, markdown=False, file=sys.stdout):
    head = ("family", "op", "dtype", "worst rel. error", "at", "cond there", "worst, well-conditioned", "ill-cond. points", "vs target")
    lines = []
    for r in rows:
        verdict = "pass" if r.passes else ("pass (well-cond.)" if r.passes_well else "FAIL")
        lines.append(
            (r.family, r.op, r.dtype, _fmt(r.worst), r.worst_at, _fmt(r.worst_cond), _fmt(r.worst_well), f"{r.n_ill}/{r.n}", verdict)
        )
    if markdown:
        command = COMMAND + ("" if BACKEND == "numpy" else f" --backend {BACKEND}")
        print(f"Reproduce: `{command}` (targets: {TARGET['float64']:g} in float64, {TARGET['float32']:g} in float32)\n", file=file)
        print("| " + " | ".join(head) + " |", file=file)
        print("|" + "---|" * len(head), file=file)
        for line in lines:
            print("| " + " | ".join(line[:4]) + f" | `{line[4]}` | " + " | ".join(line[5:]) + " |", file=file)
    else:
        widths = [max(len(str(x)) for x in col) for col in zip(head, *lines)]
        for line in [head] + lines:
            print("  ".join(str(x).ljust(w) for x, w in zip(line, widths)), file=file)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table for benchmarks/RESULTS.md")
    parser.add_argument("--family", action="append", help="only these families (repeatable)")
    parser.add_argument("--points", action="store_true", help="also list the points out of target")
    parser.add_argument("--backend", choices=("numpy", "cpu"), default="numpy",
                        help="the generated classes measured (cpu: the fused C++ kernels)")
    args = parser.parse_args(argv)
    global BACKEND
    BACKEND = args.backend
    rows, points = run(args.family)
    print_table(rows, args.markdown)
    if args.points:
        for (label, dtype), pts in points.items():
            for p in sorted(pts, key=lambda p: -p.error):
                if p.error > TARGET[dtype]:
                    print(f"{label} {dtype} {p.op}{p.where()} got={p.got!r} ref={mpmath.nstr(p.ref, 17)} err={_fmt(p.error)} cond={_fmt(p.cond)}{' ILL' if p.ill else ''}")
    return 0 if all(r.passes_well for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
