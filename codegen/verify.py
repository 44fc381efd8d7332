"""`natloss check`: verify one declaration's generated code against independent references.

    from natloss.codegen.verify import verify
    report = verify(FAMILY, quick=True)
    print(report.table()); assert report.passed

`verify` compiles the declaration (the NumPy class, in memory) and runs a battery of
named checks (`CHECKS`), each a function ``check(subject, quick) -> [Row]``. The
references never come from the compiler's derivation:

* ``normalization``: sum / mpmath quadrature of exp(<eta, T> - A + log h) of the
  *declaration* over the support, at interior points of the domain;
* ``derivatives``: mean, F and B B^T (float64) against 50-digit mpmath derivatives
  (``sympy.diff`` of the declared, naive A, lambdified for mpmath) at interior points;
* ``gradient``: ``grad_of_evaluate`` against central differences of ``evaluate``;
* ``factor``: <B u, v> = <u, B^T v> and B (B^T v) = F v, in every dtype;
* ``one_hot``: the replicated one-hot against B e;
* ``sampler``: every draw inside the support, and the sample mean and covariance of
  T(y) against grad A and F (z-tests, fixed seed);
* ``accuracy``: nll, mean, grad, F and B B^T in every dtype over a grid spanning the
  declared domains (boundaries, extremes up to |eta| ~ 700 / 80, points near the
  singular points the compiler reports) against 50-digit mpmath, escalating the
  precision until two precisions agree.

Errors are relative, except where the exact value is a difference that cancels; there
the error is measured against the cancellation scale, and the table says which:
nll against |A| + sum |eta_i T_i| + |log h|, grad_i against |dA/deta_i| + |T_i|,
B B^T against sum_k |B_ik B_jk|, and for a coupled (diag + rank one) Fisher, whose
products are D v + c u (u.v), F_jj against |D_jj| + |c u_j^2| (from the reference F alone).
Points where no algorithm can meet the target (condition number times the unit roundoff
above a quarter of the target) are excused when their error is below 32 cond u, and are
counted and named in the row.
NaN or inf where the true value is finite is always a failure.

Supports: the normalization, membership and target rules are one table, `SUPPORT_RULES`;
a support without an entry gives a FAILED row naming it, not a crash.
"""
from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp

from natloss.codegen.family import Family, Support
from natloss.codegen.primitives import to_naive

DPS = 50
TARGET = {"float64": 1e-12, "float32": 1e-5}
DTYPES = ("float64", "float32")
K_VECTOR = 3  # length of the coupled axis the checks use
EPS64 = float(np.finfo(np.float64).eps)
FD_TARGET = 1e3 * EPS64 ** (2 / 3)  # central differences with the optimal step
Z_TARGET = 5.0  # sampler z-tests
NORMALIZATION_TARGET = 1e-10


# ------------------------------------------------------------------- report
@dataclass(frozen=True)
class Row:
    check: str
    quantity: str
    dtype: str
    error: float
    where: str
    target: float
    note: str = ""

    @property
    def passed(self) -> bool:
        return self.error <= self.target  # NaN compares False: a failure


@dataclass(frozen=True)
class Report:
    family: str
    rows: tuple
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.rows)

    @property
    def failures(self) -> tuple:
        return tuple(r for r in self.rows if not r.passed)

    def table(self, markdown: bool = False) -> str:
        head = ("check", "quantity", "dtype", "worst error", "target", "at", "result")
        lines = [(r.check, r.quantity + (f" ({r.note})" if r.note else ""), r.dtype, _fmt(r.error), f"{r.target:.0e}",
                  r.where, "pass" if r.passed else "FAILED") for r in self.rows]
        if markdown:
            out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            out += ["| " + " | ".join(x.replace("|", "\\|") for x in line) + " |" for line in lines]
            return "\n".join(out)
        widths = [min(max(len(x) for x in col), 60) for col in zip(head, *lines)]
        return "\n".join("  ".join(x.ljust(w) for x, w in zip(line, widths)).rstrip() for line in [head] + lines)


def _fmt(x: float) -> str:
    return "nan" if math.isnan(x) else ("inf" if math.isinf(x) else f"{x:.1e}")


def _worst(check, quantity, dtype, items, target, note="", empty="no points") -> Row:
    """One row from (error, where) pairs: the worst (NaN counts as worst)."""
    items = list(items)
    if not items:
        return Row(check, quantity, dtype, math.inf, empty, target, note)
    err, where = max(items, key=lambda it: math.inf if math.isnan(it[0]) else it[0])
    return Row(check, quantity, dtype, err, where, target, note)


# ------------------------------------------------------------ the reference
class Reference:
    """mpmath functions of the declaration alone: A, grad A, Hessian of A, T, log h.

    A vector family is expanded at K = K_VECTOR: eta_k and y_k become plain symbols.
    Hyper-parameters are substituted with their exact binary values.
    """

    def __init__(self, family: Family, hypers: dict):
        self.family = family
        subs = {h.symbol: (sp.Integer(int(hypers[h.name])) if h.integer else sp.Rational(float(hypers[h.name])))
                for h in family.hypers}
        if family.is_vector:
            vp = family.params[0]
            K = K_VECTOR
            self.eta = [sp.Symbol(f"eta_{k}", real=True) for k in range(K)]
            ybase = family.target.symbol
            self.y = [sp.Symbol(f"y_{k}", real=True) for k in range(K)]
            swap = {vp.base[k]: self.eta[k] for k in range(K)}
            swap.update({ybase[k]: self.y[k] for k in range(K)})

            def expand(e):
                e = to_naive(e).subs(vp.size, K).doit()
                return e.xreplace(swap).subs(subs)

            A = expand(family.log_partition)
            (t,) = family.sufficient_statistic
            T = [expand(t.subs(vp.k, k)) for k in range(K)]
            log_h = expand(family.log_base_measure)
        else:
            self.eta = list(family.param_symbols)
            self.y = [family.target.symbol]
            A = to_naive(family.log_partition).subs(subs)
            T = [to_naive(t).subs(subs) for t in family.sufficient_statistic]
            log_h = to_naive(family.log_base_measure).subs(subs)
        m = len(self.eta)
        self.m = m
        lam = lambda args, e: sp.lambdify(args, e, modules="mpmath")  # noqa: E731
        self.A = lam(self.eta, A)
        self.mean = [lam(self.eta, sp.diff(A, e)) for e in self.eta]
        hess = {(i, j): sp.diff(A, self.eta[i], self.eta[j]) for i in range(m) for j in range(i, m)}
        self.fisher = {k: lam(self.eta, e) for k, e in hess.items()}
        self.T = [lam(self.y, t) for t in T]
        self.log_h = lam(self.y, log_h)
        self.T_numpy = [sp.lambdify(self.y, t, modules=["numpy", "scipy"]) for t in T]
        self._cache = {}

    def at_eta(self, eta) -> tuple:
        key = (tuple(eta), mpmath.mp.prec)
        if key not in self._cache:
            A = self.A(*eta)
            mean = [f(*eta) for f in self.mean]
            F = {k: f(*eta) for k, f in self.fisher.items()}
            if len(self._cache) > 5000:
                self._cache.clear()
            self._cache[key] = (A, mean, F)
        return self._cache[key]

    def values(self, eta, y=None) -> dict:
        A, mean, F = self.at_eta(eta)
        out = {"A": A, "mean": mean, "fisher": F}
        if y is not None:
            T = [f(*y) for f in self.T]
            log_h = self.log_h(*y)
            out["T"] = T
            out["nll"] = A - mpmath.fsum(e * t for e, t in zip(eta, T)) - log_h
            out["nll_scale"] = abs(A) + mpmath.fsum(abs(e * t) for e, t in zip(eta, T)) + abs(log_h)
            out["grad"] = [mu - t for mu, t in zip(mean, T)]
            out["grad_scale"] = [abs(mu) + abs(t) for mu, t in zip(mean, T)]
        return out

    def log_density(self, eta, y):
        A = self.at_eta(eta)[0]
        return mpmath.fsum(e * f(*y) for e, f in zip(eta, self.T)) - A + self.log_h(*y)


def _flatten(v: dict) -> list:
    out = list(v["mean"]) + list(v["fisher"].values())  # not A: an exact A = 0 (Beta at eta = 0) is right
    if "nll" in v:
        # An nll of exactly 0 is settled apart (reference_at), without the derivatives at 1000 digits.
        out += ([v["nll"]] if v["nll"] != 0 else []) + list(v["grad"])
    return out


def _agree(a: list, b: list, dps: int) -> bool:
    tol = mpmath.mpf(10) ** -(DPS - 15)
    for x, z in zip(a, b):
        if mpmath.isnan(x) or mpmath.isnan(z):
            if not (mpmath.isnan(x) and mpmath.isnan(z)):
                return False
            continue
        if mpmath.isinf(x) or mpmath.isinf(z):
            if x != z:
                return False
            continue
        if x == 0 and z == 0 and dps < 1000:
            return False  # an exact 0 from a cancellation (log(1 + e^700) - 700 at 50 digits)
        if abs(x - z) > tol * abs(z) + mpmath.mpf(10) ** -(dps // 2 + 300):
            return False
    return True


def _undefined(v: dict) -> bool:
    return any(not mpmath.isfinite(x) for x in _flatten(v))


def reference_at(ref: Reference, eta, y=None, _shifted: bool = False) -> dict:
    """The reference at the first precision (50, 150, 400, 1000 digits) that agrees with 20 more digits:
    the naive derivatives of A cancel (exp(x)/(1+exp(x)) - exp(2x)/(1+exp(x))^2 at x = 700).

    Where the declared formula is 0/0 (a removable singularity: log(expm1(eta)/eta) at 0), the
    reference is its limit, taken at eta (1 + 1e-30) + 1e-30 (errors of order 1e-30)."""
    eta_mp = lambda: [mpmath.mpf(e) for e in eta]  # noqa: E731 - at the precision of the caller
    y_mp = lambda: None if y is None else [mpmath.mpf(v) for v in y]  # noqa: E731
    b = None
    for dps in (DPS, 150, 400, 1000):
        try:
            with mpmath.workdps(dps):
                a = ref.values(eta_mp(), y_mp())
            with mpmath.workdps(dps + 20):
                b = ref.values(eta_mp(), y_mp())
        except (ZeroDivisionError, ValueError):  # 0/0 or log(0): maybe only at this precision
            b = None
            continue
        if not _undefined(b) and _agree(_flatten(a), _flatten(b), dps):
            break
    undefined = b is None or _undefined(b)
    if undefined and not _shifted:
        with mpmath.workdps(DPS + 40):
            tiny = mpmath.mpf(10) ** -30
            near = [mpmath.mpf(e) * (1 + tiny) + tiny for e in eta]
        out = reference_at(ref, near, y, _shifted=True)
        out["limit"] = True
        return out
    if undefined:
        raise ValueError(f"the declared formulas are undefined at eta={[float(e) for e in eta]}")
    b["dps"] = dps + 20
    if y is not None and b["nll"] == 0:
        # Exact (Beta(1, 1) at eta = 0), or log(1 + e^-700) rounded to 0: 1000 digits tell.
        with mpmath.workdps(1000):
            e_, y_ = eta_mp(), y_mp()
            nll = ref.A(*e_) - mpmath.fsum(e * f(*y_) for e, f in zip(e_, ref.T)) - ref.log_h(*y_)
        b["nll"] = +nll
        b["nll_scale"] = max(b["nll_scale"], abs(b["nll"]))
    return b


# ------------------------------------------------------------------ supports
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


def _sum_unbounded(subject, eta):
    """y = 0, 1, 2, ... until the terms past the peak are below 1e-30 of the total."""
    ref, total, prev = subject.ref, mpmath.mpf(0), mpmath.mpf(0)
    for y in range(5000):  # the interior points have moderate means: 5000 terms that have not decayed diverge
        term = mpmath.exp(ref.log_density(eta, (y,)))
        total += term
        if y > 2 and term <= prev and term <= mpmath.mpf(10) ** -30 * total:
            return total, 0.0
        prev = term
    return total, math.inf  # does not decay


def _counts(n, K):
    return [c for c in itertools.product(range(n + 1), repeat=K) if sum(c) == n]


def _quad_line(subject, eta, to_y, jac):
    """Quadrature over z in R of the density at y = to_y(z) times jac(z), split where the mass is."""
    ref = subject.ref

    def logf(z):
        y = to_y(z)
        return ref.log_density(eta, (y,)) + mpmath.log(jac(z))

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
    lo, hi = min(keep), max(keep)
    # Beyond the region where the log density is within 80 of its peak the mass is below 1e-30:
    # finite limits (an infinite one would send exp(z) to z ~ 1e30).
    pts = sorted(set(list(mpmath.linspace(lo - 2, hi + 2, 41)) + [grid[i]]))
    total = mpmath.quad(lambda z: mpmath.exp(logf(z)) if mpmath.isfinite(safe(z)) else 0, pts)
    return total, 0.0


def _normalize_real(subject, eta):
    return _quad_line(subject, eta, lambda z: z, lambda z: mpmath.mpf(1))


def _normalize_positive(subject, eta):
    return _quad_line(subject, eta, mpmath.exp, mpmath.exp)


def _expit(z):
    return 1 / (1 + mpmath.exp(-z))


def _normalize_unit(subject, eta):
    return _quad_line(subject, eta, _expit, lambda z: _expit(z) * _expit(-z))


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


def _bound(subject):
    return int(subject.hypers[subject.family.target.bound])


SUPPORT_RULES = {
    Support.REAL: SupportRule(_finite, _scalar_components, lambda n, K: [0.0, 1.5], _normalize_real, False),
    Support.POSITIVE: SupportRule(lambda y, n, K: _finite(y) & (np.asarray(y) > 0), _scalar_components,
                                  lambda n, K: [0.5, 3.0], _normalize_positive, False),
    Support.UNIT_INTERVAL: SupportRule(lambda y, n, K: (np.asarray(y) > 0) & (np.asarray(y) < 1), _scalar_components,
                                       lambda n, K: [1e-3, 0.25, 0.999], _normalize_unit, False),
    Support.BINARY: SupportRule(lambda y, n, K: (np.asarray(y) == 0) | (np.asarray(y) == 1), _scalar_components,
                                lambda n, K: [0, 1], lambda s, eta: _sum_terms(s, eta, [0, 1]), True),
    Support.NONNEGATIVE_INTEGER: SupportRule(lambda y, n, K: _is_int(y) & (np.asarray(y) >= 0), _scalar_components,
                                             lambda n, K: [0, 1], _sum_unbounded, True),
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
        _normalize_simplex, False),
}


# ------------------------------------------------------------------ subject
@dataclass(frozen=True)
class Subject:
    """A compiled declaration: the NumPy class, the derivation's facts and the reference.

    Inputs are handled as flat (n, m) arrays, m = d (K for a vector family);
    the methods convert to and from the class's own conventions.
    """

    family: Family
    cls: type
    derived: object
    hypers: dict
    ref: Reference
    rule: SupportRule | None

    @property
    def K(self):
        return K_VECTOR if self.family.is_vector else None

    @property
    def m(self) -> int:
        return K_VECTOR if self.family.is_vector else self.family.dim

    @property
    def structure(self) -> str:
        return self.derived.structure.value

    @property
    def bound(self):
        name = self.family.target.bound
        return None if name is None else self.hypers[name]

    @property
    def singular_points(self) -> tuple:
        """The compiler's singular points, if its `Derived` reports them (``singular_points``:
        a tuple of {parameter name: value} mappings)."""
        return tuple(getattr(self.derived, "singular_points", ()) or ())

    def loss(self, eta, dtype, targets=None, **kwargs):
        eta = np.asarray(eta)
        params = [eta.astype(dtype)] if self.family.is_vector else [eta[:, i].astype(dtype) for i in range(self.m)]
        return self.cls(*params, targets=targets, **kwargs, **self.hypers)

    def to_input(self, V):
        if self.family.is_vector:
            return V
        return V[:, 0] if self.m == 1 else tuple(V[:, i] for i in range(self.m))

    def from_input(self, x) -> np.ndarray:
        if self.family.is_vector:
            return np.asarray(x)
        return np.asarray(x)[:, None] if self.m == 1 else np.stack([np.asarray(p) for p in x], axis=-1)

    def to_inner(self, U):
        return U[:, 0] if (self.m == 1 and not self.family.is_vector) else U

    def from_inner(self, u) -> np.ndarray:
        return np.asarray(u)[:, None] if (self.m == 1 and not self.family.is_vector) else np.asarray(u)

    def targets_array(self, ys, dtype):
        if self.rule is not None and self.rule.integer:
            return np.array(ys, dtype=np.int64)
        return np.array(ys, dtype=dtype)

    def matrices(self, loss, method_v, method_u=None) -> np.ndarray:
        """(n, m, m): column c is the product with e_c."""
        n = loss.batch_shape[0]
        cols = []
        for c in range(self.m):
            e = np.zeros((n, self.m), dtype=loss.dtype)
            e[:, c] = 1
            if method_u is None:
                cols.append(self.from_input(method_v(self.to_input(e))))
            else:
                cols.append(self.from_input(method_u(self.to_inner(e))))
        return np.stack(cols, axis=-1)


def make_subject(family: Family, hypers: dict | None = None) -> Subject:
    """Compile `family` in memory (nothing is written) and build its reference."""
    from natloss.codegen import driver

    spec = driver.compile_family(family)
    text = driver.backend_files(spec)[f"numpy/{spec.family.name}.py"]
    namespace = {"__name__": f"natloss_check_{spec.family.name}"}
    exec(compile(text, f"<natloss check {spec.family.name}>", "exec"), namespace)  # noqa: S102 - our own output
    cls = namespace[spec.family.class_name]
    hypers = {h.name: h.default for h in family.hypers} if hypers is None else dict(hypers)
    return Subject(family, cls, spec.derived, hypers, Reference(family, hypers), SUPPORT_RULES.get(family.target.support))


# --------------------------------------------------------------------- points
def _inside(domain: sp.Interval, x: float) -> bool:
    lo, hi = float(domain.inf), float(domain.sup)
    above = x > lo or (x == lo and not domain.left_open)
    below = x < hi or (x == hi and not domain.right_open)
    return above and below and math.isfinite(x)


def _round_inside(domain, x: float, dtype: str):
    """x rounded to the dtype, moved inward by ulps if rounding left the domain; None if impossible."""
    lo, hi = float(domain.inf), float(domain.sup)
    v = np.array(x, dtype)
    for _ in range(4):
        if _inside(domain, float(v)):
            return float(v)
        toward = np.array(hi if float(v) <= lo else lo, dtype)
        v = np.nextafter(v, toward)
    return None


def param_values(domain: sp.Interval, dtype: str, quick: bool = False) -> list:
    """Values spanning one parameter's declared domain: boundaries, interior, extremes."""
    big = 700.0 if dtype == "float64" else 80.0
    lo, hi = float(domain.inf), float(domain.sup)
    if not math.isfinite(lo) and not math.isfinite(hi):
        mags = [1e-8, 1.0, big] if quick else [1e-8, 0.1, 1.0, 10.0, 100.0 if dtype == "float64" else 30.0, big]
        raw = [0.0] + [s * x for x in mags for s in (1.0, -1.0)]
    elif math.isfinite(lo) and math.isfinite(hi):
        fracs = [1e-8, 0.5, 1 - 1e-8] if quick else [1e-8, 1e-3, 0.1, 0.5, 0.9, 1 - 1e-3, 1 - 1e-8]
        raw = [lo + (hi - lo) * f for f in fracs] + [x for x, o in ((lo, domain.left_open), (hi, domain.right_open)) if not o]
    else:
        offsets = [1e-8, 1e-5, 1.0, big] if quick else [1e-8, 1e-5, 1e-3, 0.1, 1.0, 10.0, big]
        end, sign, is_open = (lo, 1.0, domain.left_open) if math.isfinite(lo) else (hi, -1.0, domain.right_open)
        raw = [end + sign * o for o in offsets] + ([] if is_open else [end])
    out = []
    for x in raw:
        v = _round_inside(domain, x, dtype)
        if v is not None and v not in out:
            out.append(v)
    return out


def interior_points(family: Family, count: int, seed: int = 0, spread: float = 1.0) -> np.ndarray:
    """(count, m) natural parameters well inside the declared domains (moderate values)."""
    rng = np.random.default_rng(seed)
    m = K_VECTOR if family.is_vector else family.dim
    domains = [family.params[0].domain] * m if family.is_vector else [p.domain for p in family.params]
    out = np.empty((count, m))
    for j, dom in enumerate(domains):
        lo, hi = float(dom.inf), float(dom.sup)
        z = rng.uniform(-1, 1, count) * spread
        if math.isfinite(lo) and math.isfinite(hi):
            out[:, j] = lo + (hi - lo) * (0.2 + 0.6 * (z + 1) / 2)
        elif math.isfinite(lo):
            out[:, j] = lo + np.exp(z)
        elif math.isfinite(hi):
            out[:, j] = hi - np.exp(z)
        else:
            out[:, j] = 1.5 * z
    return out


def _domains(subject) -> list:
    f = subject.family
    return [f.params[0].domain] * subject.m if f.is_vector else [p.domain for p in f.params]


def sweep_points(subject: Subject, dtype: str, quick: bool) -> list:
    """Natural-parameter vectors (tuples, dtype-rounded) for the accuracy sweep."""
    doms = _domains(subject)
    if subject.family.is_vector:
        vals = param_values(doms[0], dtype, quick)
        L = len(vals)
        rows = [tuple([v] * subject.m) for v in vals]
        for shift in ((1,) if quick else (1, 2, 3)):
            rows += [tuple(vals[(j + shift * c) % L] for c in range(subject.m)) for j in range(L)]
    else:
        grids = [param_values(d, dtype, quick) for d in doms]
        rows = list(itertools.product(*grids))
        cap = 60 if quick else 400
        if len(rows) > cap:  # d >= 3: keep every combination's extremes but thin the interior
            rows = rows[:: math.ceil(len(rows) / cap)]
    # Near the singular points the compiler found: the exact point and a few offsets.
    mids = [param_values(d, dtype, True)[len(param_values(d, dtype, True)) // 2] for d in doms]
    names = [p.name for p in subject.family.params]
    for point in subject.singular_points:
        base = [float(point.get(n, mid)) for n, mid in zip(names, mids)]
        deltas = (1e-8,) if quick else (1e-8, 1e-5, 1e-3)
        cands = [tuple(base)]
        for j, n in enumerate(names):
            if n in point:
                for dlt in deltas:
                    for s in (1, -1):
                        b = list(base)
                        b[j] = base[j] + s * dlt * max(1.0, abs(base[j]))
                        cands.append(tuple(b))
        for c in cands:
            r = tuple(_round_inside(d, x, dtype) for d, x in zip(doms, c))
            if None not in r:
                rows.append(r)
    seen, out = set(), []
    for r in rows:
        if r not in seen:
            seen.add(r)
            out.append(r)
    return out


# ------------------------------------------------------------------- errors
def rel_error(got: float, ref, dtype: str, scale=None) -> float:
    """|got - ref| / max(|ref|, scale, tiny); inf or NaN where ref is finite and representable: inf.
    A reference beyond the dtype's range must come out as inf of its sign."""
    info = np.finfo(dtype)
    if not mpmath.isfinite(ref):
        if mpmath.isnan(ref):
            return 0.0  # no reference here (a 0/0 of the naive formula): nothing to compare
        return 0.0 if got == float(ref) else math.inf
    if abs(ref) > info.max:
        return 0.0 if math.isinf(got) and (got > 0) == (ref > 0) else math.inf
    if not math.isfinite(got):
        return math.inf
    den = max(abs(ref), mpmath.mpf(float(info.tiny)), scale if scale is not None else 0)
    return float(abs(mpmath.mpf(got) - ref) / den)


def _where(eta, y=None, comp="") -> str:
    e = ", ".join(f"{float(v):.8g}" for v in eta)
    s = f"{comp} eta=({e})" if comp else f"eta=({e})"
    if y is not None:
        fmt = lambda v: f"{v:.8g}" if isinstance(v, float) else str(v)  # noqa: E731
        s += " y=" + (fmt(y) if np.ndim(y) == 0 else "(" + ", ".join(fmt(v) for v in y) + ")")
    return s


# -------------------------------------------------------------------- checks
def check_normalization(subject: Subject, quick: bool = False) -> list:
    support = subject.family.target.support
    if subject.rule is None or subject.rule.normalize is None:
        return [Row("normalization", "total mass", "mpmath", math.inf, f"no normalization rule for support {support.value}",
                    NORMALIZATION_TARGET)]
    etas = interior_points(subject.family, 2 if quick else 4, seed=1)
    items = []
    slack_max = 0.0
    for eta in etas:
        with mpmath.workdps(20):
            try:
                total, slack = subject.rule.normalize(subject, [mpmath.mpf(float(e)) for e in eta])
            except (ValueError, ZeroDivisionError, OverflowError) as exc:
                items.append((math.inf, _where(eta) + f": {type(exc).__name__}: {exc}"))
                continue
        slack_max = max(slack_max, slack)
        err = float(abs(total - 1)) if mpmath.isfinite(total) else math.inf
        items.append((max(err - slack, 0.0) if math.isfinite(slack) else math.inf, _where(eta) + f" mass={mpmath.nstr(total, 12)}"))
    kind = "sum" if subject.rule.integer else "quadrature"
    note = f"{kind} of exp(<eta,T> - A + log h)" + (f", quadrature slack {slack_max:.0e}" if slack_max else "")
    return [_worst("normalization", "|total mass - 1|", "mpmath", items, NORMALIZATION_TARGET, note)]


def _fisher_ref(subject, v, i, j):
    return v["fisher"][(min(i, j), max(i, j))]


def _fisher_scale(subject, v, i, j):
    """Coupled: F e_j is computed as D e_j + c u u_j, accurate to |D_jj| + |c u_j^2| (as a BLAS product).
    For F = D + c u u^T the reference alone gives c u_j^2 = F_ji F_jk / F_ik (i, k the other two indices)."""
    if subject.structure != "diag_rank_one" or i != j or subject.m < 3:
        return None
    a, b = [k for k in range(subject.m) if k != j][:2]
    F = lambda p, q: _fisher_ref(subject, v, p, q)  # noqa: E731
    if F(a, b) == 0:
        return None
    rank_one = F(j, a) * F(j, b) / F(a, b)
    return abs(F(j, j) - rank_one) + abs(rank_one)


def _bbt_errors(subject, B, v, dtype, where):
    """B B^T (exactly, from the float entries) against the reference F, relative to sum_k |B_ik B_jk|."""
    m = subject.m
    out = []
    for i in range(m):
        for j in range(i + 1):
            terms = [mpmath.mpf(float(B[i, k])) * mpmath.mpf(float(B[j, k])) for k in range(B.shape[1])]
            if not all(np.isfinite(B[i])) or not all(np.isfinite(B[j])):
                err = math.inf if mpmath.isfinite(_fisher_ref(subject, v, i, j)) else 0.0
            else:
                F = _fisher_ref(subject, v, i, j)
                # In mpmath: B B^T of a float32 B may lie far below float32's (and float64's) normal range,
                # where the entries can only be accurate to the dtype's smallest normal.
                den = max(abs(F), mpmath.fsum(abs(t) for t in terms), _fisher_scale(subject, v, i, j) or 0,
                          mpmath.mpf(float(np.finfo(dtype).tiny)))
                err = float(abs(mpmath.fsum(terms) - F) / den)
                if abs(F) > float(np.finfo(dtype).max):
                    err = 0.0  # F beyond the dtype's range: B's entries are what can be represented
            out.append((err, where(f"[{i},{j}]")))
    return out


def check_derivatives(subject: Subject, quick: bool = False) -> list:
    """mean, F, B B^T at interior points, float64, against mpmath derivatives of the declared A."""
    etas = interior_points(subject.family, 3 if quick else 8, seed=2)
    loss = subject.loss(etas, np.float64)
    with np.errstate(all="ignore"):
        mean = subject.from_input(loss.mean_sufficient_statistic())
        F = subject.matrices(loss, loss.multiply_fisher)
        B = subject.matrices(loss, None, loss.multiply_fisher_factor)
    items = {"mean": [], "F": [], "B B^T": []}
    for n, eta in enumerate(etas):
        v = reference_at(subject.ref, [float(e) for e in eta])
        for i in range(subject.m):
            items["mean"].append((rel_error(float(mean[n, i]), v["mean"][i], "float64"), _where(eta, comp=f"[{i}]")))
            for j in range(i, subject.m):
                items["F"].append((rel_error(float(F[n, i, j]), _fisher_ref(subject, v, i, j), "float64",
                                             _fisher_scale(subject, v, i, j)), _where(eta, comp=f"[{i},{j}]")))
        items["B B^T"] += _bbt_errors(subject, B[n], v, "float64", lambda c: _where(eta, comp=c))
    t = TARGET["float64"]
    rows = [_worst("derivatives", q, "float64", it, t, "vs mpmath d/deta of the declared A") for q, it in items.items()]
    return rows + [_reference_self_check(subject, etas[:2])]


REFERENCE_TARGET = 1e-25


def _reference_self_check(subject: Subject, etas) -> Row:
    """The reference's symbolic derivatives (sympy.diff of the naive A) against mpmath.diff of the
    lambdified A itself, numerically at 50 digits: the references do not rest on SymPy alone."""
    ref, m = subject.ref, subject.m
    items = []
    with mpmath.workdps(DPS):
        for eta in etas:
            x = [mpmath.mpf(float(e)) for e in eta]
            v = ref.values(x)
            for i in range(m):
                order = tuple(int(k == i) for k in range(m))
                d = mpmath.diff(ref.A, x, order)
                items.append((float(abs(d - v["mean"][i]) / max(abs(v["mean"][i]), mpmath.mpf(10) ** -30)),
                              _where(eta, comp=f"dA/deta[{i}]")))
                for j in range(i, m):
                    order = tuple(int(k == i) + int(k == j) for k in range(m))
                    d = mpmath.diff(ref.A, x, order)
                    f = v["fisher"][(i, j)]
                    items.append((float(abs(d - f) / max(abs(f), mpmath.mpf(10) ** -30)), _where(eta, comp=f"d2A[{i},{j}]")))
    return _worst("derivatives", "reference: sympy.diff vs mpmath.diff", "mpmath", items, REFERENCE_TARGET, "50 digits")


def _draw_targets(subject, etas, dtype, seed):
    """One sampled target per point (None where the sampler fails or leaves the support)."""
    out = []
    for eta in etas:
        try:
            with np.errstate(all="ignore"):
                y = subject.loss(np.array([eta]), dtype).sample(seed)[0]
        except (ValueError, OverflowError, FloatingPointError):
            out.append(None)
            continue
        ok = subject.rule is not None and bool(np.all(subject.rule.contains(np.array([y]), subject.bound, subject.K)))
        out.append(y if ok else None)
    return out


def check_gradient(subject: Subject, quick: bool = False) -> list:
    """grad_of_evaluate against central differences of evaluate(), one case and coordinate at a time (float64)."""
    etas = interior_points(subject.family, 3 if quick else 6, seed=3)
    ys = _draw_targets(subject, etas, np.float64, seed=4)
    doms = _domains(subject)
    items = []
    for n, (eta, y) in enumerate(zip(etas, ys)):
        if y is None:
            items.append((math.inf, _where(eta) + ": no valid sampled target"))
            continue
        tgt = subject.targets_array([y], np.float64)
        base = subject.loss(np.array([eta]), np.float64, targets=tgt)
        g = subject.from_input(base.grad_of_evaluate())[0]
        f0 = float(base.evaluate())
        for c in range(subject.m):
            lo, hi = float(doms[c].inf), float(doms[c].sup)
            dist = min(eta[c] - lo, hi - eta[c])
            s = min(max(1.0, abs(eta[c])), 0.5 * dist)
            h = EPS64 ** (1 / 3) * s
            vals = []
            for sign in (1, -1):
                e = np.array([eta], dtype=np.float64)
                e[0, c] += sign * h
                vals.append(float(subject.loss(e, np.float64, targets=tgt).evaluate()))
            fd = (vals[0] - vals[1]) / (2 * h)
            err = abs(fd - g[c]) / (1 + abs(g[c]) + abs(f0) / s)
            items.append((err if math.isfinite(err) else math.inf, _where(eta, y, f"[{c}]")))
    return [_worst("gradient", "grad vs FD of evaluate", "float64", items, FD_TARGET, "|fd - g| / (1 + |g| + |f|/s)")]


def check_factor(subject: Subject, quick: bool = False, dtypes=DTYPES) -> list:
    """<B u, v> = <u, B^T v> and B (B^T v) = F v for random u, v."""
    etas = interior_points(subject.family, 4, seed=5)
    rows = []
    for dtype in dtypes:
        rng = np.random.default_rng(6)
        loss = subject.loss(etas, dtype)
        eps = float(np.finfo(dtype).eps)
        F = subject.matrices(loss, loss.multiply_fisher).astype(np.float64)
        adj, bbt = [], []
        for _ in range(2 if quick else 5):
            V = rng.standard_normal((len(etas), subject.m)).astype(dtype)
            U = rng.standard_normal((len(etas), subject.m)).astype(dtype)
            Bu = subject.from_input(loss.multiply_fisher_factor(subject.to_inner(U))).astype(np.float64)
            Btv = subject.from_inner(loss.multiply_fisher_factor_transpose(subject.to_input(V))).astype(np.float64)
            B = subject.matrices(loss, None, loss.multiply_fisher_factor).astype(np.float64)
            V64, U64 = V.astype(np.float64), U.astype(np.float64)
            size = np.einsum("nij,ni,nj->n", np.abs(B), np.abs(V64), np.abs(U64)) + np.finfo(dtype).tiny
            err = np.abs(np.sum(Bu * V64, -1) - np.sum(U64 * Btv, -1)) / size
            adj += [(float(e), _where(x)) for e, x in zip(err, etas)]
            lhs = subject.from_input(loss.multiply_fisher_factor(loss.multiply_fisher_factor_transpose(subject.to_input(V))))
            rhs = subject.from_input(loss.multiply_fisher(subject.to_input(V)))
            scale = (np.abs(F) @ np.abs(V64)[..., None])[..., 0].max(-1) + np.finfo(dtype).tiny
            err = np.abs(lhs.astype(np.float64) - rhs.astype(np.float64)).max(-1) / scale
            bbt += [(float(e), _where(x)) for e, x in zip(err, etas)]
        rows.append(_worst("factor", "<Bu,v> - <u,B^T v>", dtype, adj, 1e3 * eps, "over sum |B| |u| |v|"))
        rows.append(_worst("factor", "B(B^T v) - F v", dtype, bbt, 1e3 * eps, "over max |F| |v|"))
    return rows


def check_one_hot(subject: Subject, quick: bool = False, dtypes=DTYPES) -> list:
    """multiply_fisher_factor_replicated_one_hot(index) against B e with e = 1 at [b, *index]."""
    etas = interior_points(subject.family, 3, seed=7)
    rows = []
    for dtype in dtypes:
        loss = subject.loss(etas, dtype, weight=1.7)
        eps = float(np.finfo(dtype).eps)
        items = []
        for c in range(subject.m):
            e = np.zeros((len(etas), subject.m), dtype=dtype)
            e[:, c] = 1
            expected = subject.from_input(loss.multiply_fisher_factor(subject.to_inner(e))).astype(np.float64)
            index = () if (subject.m == 1 and not subject.family.is_vector) else (c,)
            got = subject.from_input(loss.multiply_fisher_factor_replicated_one_hot(index)).astype(np.float64)
            # Coupled: B e through the general product sums K terms (gamma_K times the row's largest).
            floor = subject.m * np.abs(expected).max(-1, keepdims=True) if subject.family.is_vector else 0
            err = np.abs(got - expected) / (np.abs(expected) + floor + np.finfo(dtype).tiny)
            err = np.where(np.isfinite(err), err, np.inf)
            for n, eta in enumerate(etas):
                items.append((float(err[n].max()), _where(eta, comp=f"index {index}")))
        rows.append(_worst("one_hot", "replicated one-hot vs B e", dtype, items, 4 * eps, "relative"))
    return rows


def check_sampler(subject: Subject, quick: bool = False) -> list:
    """Draws inside the support; sample mean and covariance of T(y) against grad A and F (z-tests)."""
    if subject.rule is None:
        support = subject.family.target.support.value
        return [Row("sampler", "draws in support", "float64", math.inf, f"no support rule for support {support}", 0.0)]
    N = 20_000 if quick else 100_000
    etas = interior_points(subject.family, 2 if quick else 4, seed=8)
    inside, zmean, zcov = [], [], []
    for n, eta in enumerate(etas):
        big = np.broadcast_to(eta, (N, subject.m)).copy()
        y = subject.loss(big, np.float64).sample(100 + n)
        ok = subject.rule.contains(y, subject.bound, subject.K)
        bad = int(np.size(ok) - np.count_nonzero(ok))
        first = "" if not bad else f" first bad draw {np.asarray(y)[~np.asarray(ok, bool)][0]!r}"
        inside.append((bad / N, _where(eta) + f" {bad}/{N} outside{first}"))
        if bad:
            continue
        T = _numpy_stat(subject, y)  # (N, m)
        v = reference_at(subject.ref, [float(e) for e in eta])
        mu = np.array([float(x) for x in v["mean"]])
        F = np.array([[float(_fisher_ref(subject, v, i, j)) for j in range(subject.m)] for i in range(subject.m)])
        Tbar = T.mean(0)
        se = np.sqrt(np.maximum(np.diag(F), 0) / N) + 1e-12 * (1 + np.abs(mu))
        z = np.abs(Tbar - mu) / se
        i = int(np.argmax(z))
        zmean.append((float(z[i]), _where(eta, comp=f"[{i}]") + f" mean {Tbar[i]:.6g} vs {mu[i]:.6g}"))
        Z = T - Tbar
        prod = Z[:, :, None] * Z[:, None, :]
        cov = prod.sum(0) / (N - 1)
        se_cov = prod.std(0, ddof=1) / math.sqrt(N) + 1e-12 * (1 + np.abs(F))
        zc = np.abs(cov - F) / se_cov
        i, j = np.unravel_index(int(np.argmax(zc)), zc.shape)
        zcov.append((float(zc[i, j]), _where(eta, comp=f"[{i},{j}]") + f" cov {cov[i, j]:.6g} vs F {F[i, j]:.6g}"))
    return [
        _worst("sampler", "fraction of draws outside the support", "float64", inside, 0.0, f"{N} draws per point"),
        _worst("sampler", "sample mean of T vs grad A", "float64", zmean, Z_TARGET, "|z|, SE from F", "draws outside the support"),
        _worst("sampler", "sample cov of T vs F", "float64", zcov, Z_TARGET, "|z|, SE from 4th moments", "draws outside the support"),
    ]


def _numpy_stat(subject, y) -> np.ndarray:
    """T(y) from the declaration (numpy lambdas), (N, m)."""
    y = np.asarray(y)
    if subject.family.target.support is Support.CLASS_INDEX:
        comps = [(y == k).astype(np.float64) for k in range(subject.K)]
    elif subject.family.is_vector:
        comps = [y[..., k].astype(np.float64) for k in range(subject.K)]
    else:
        comps = [y.astype(np.float64)]
    with np.errstate(all="ignore"):
        return np.stack([np.broadcast_to(np.asarray(f(*comps), dtype=np.float64), comps[0].shape) for f in subject.ref.T_numpy], -1)


def _components(v: dict) -> dict:
    """{(quantity, component): value} of a reference's values."""
    out = {("nll", ()): v["nll"]}
    for i, x in enumerate(v["mean"]):
        out[("mean", (i,))] = x
        out[("grad", (i,))] = v["grad"][i]
    for (i, j), x in v["fisher"].items():
        out[("F", (i, j))] = x
        out[("B B^T", (i, j))] = x  # B B^T is as well conditioned as F
    return out


def _anchors(subject) -> list:
    """Per natural parameter, the point its relative perturbations are measured from: a half-line's
    finite end (alpha - 1 > -1: the code forms eta + 1, exactly near -1, so eta - lo is the real input)."""
    out = []
    for dom in _domains(subject):
        lo, hi = float(dom.inf), float(dom.sup)
        end = lo if math.isfinite(lo) and not math.isfinite(hi) else (hi if math.isfinite(hi) and not math.isfinite(lo) else 0.0)
        out.append(mpmath.mpf(end))
    return out


def condition_numbers(subject: Subject, eta, y, dps: int) -> dict:
    """Relative condition numbers sum_x |x df/dx| / |f| of every quantity, in the natural parameters (and y,
    for continuous supports), by central differences at 30 more digits than the reference needed."""
    ref = subject.ref
    continuous = not subject.rule.integer
    with mpmath.workdps(dps + 30):
        eta = [mpmath.mpf(e) for e in eta]
        y = [mpmath.mpf(v) for v in y]
        base = _components(ref.values(eta, y))
        inputs = eta + (y if continuous else [])
        anchors = _anchors(subject) + [mpmath.mpf(0)] * len(y)
        total = {k: mpmath.mpf(0) for k in base}
        m = len(eta)
        for k, x in enumerate(inputs):
            x = x - anchors[k]
            if x == 0:
                continue
            h = abs(x) * mpmath.mpf(10) ** -20
            vals = []
            for sign in (1, -1):
                pt = list(inputs)
                pt[k] += sign * h
                vals.append(_components(ref.values(pt[:m], pt[m:] if continuous else y)))
            for key in base:
                total[key] += abs(x * (vals[0][key] - vals[1][key]) / (2 * h))
        return {key: (float(total[key] / abs(val)) if mpmath.isfinite(val) and val != 0 else (0.0 if total[key] == 0 else math.inf))
                for key, val in base.items()}


UNIT_ROUNDOFF = {"float64": 2.0**-53, "float32": 2.0**-24}
# An ill-conditioned point is excused only for an error that conditioning can explain.
EXCUSE_FACTOR = 32


def check_accuracy(subject: Subject, quick: bool = False, dtypes=DTYPES) -> list:
    """nll, mean, grad, F and B B^T against 50-digit mpmath over the domain grid, per dtype.

    A point that misses the target where cond * u > target / 4 (no algorithm can promise better
    than about cond * u) is excused if its error is below 32 cond * u, and the row says how many
    were and the worst of them."""
    if subject.rule is None:
        support = subject.family.target.support.value
        return [Row("accuracy", "all", "-", math.inf, f"no support rule for support {support}", TARGET["float64"])]
    rows = []
    for dtype in dtypes:
        target, u = TARGET[dtype], UNIT_ROUNDOFF[dtype]
        etas = sweep_points(subject, dtype, quick)
        fixed = subject.rule.targets(subject.bound, subject.K)
        if quick:
            fixed = fixed[:2]
        drawn = _draw_targets(subject, [np.array(e) for e in etas], dtype, seed=9)
        cases = []
        for eta, yd in zip(etas, drawn):
            ys = list(fixed) + ([yd.tolist() if np.ndim(yd) else yd.item()] if yd is not None else [])
            for y in ys:
                y = tuple(y) if isinstance(y, (list, tuple)) else y
                if not subject.rule.integer:
                    y = float(np.array(y, dtype)) if np.ndim(y) == 0 else tuple(float(v) for v in np.array(y, dtype))
                if not bool(np.all(subject.rule.contains(np.array([y]), subject.bound, subject.K))):
                    continue
                if (eta, y) not in cases:
                    cases.append((eta, y))
        if not cases:
            rows.append(Row("accuracy", "all", dtype, math.inf, "no valid (eta, y) points", target))
            continue
        loss = subject.loss(np.array([c[0] for c in cases]), dtype, targets=subject.targets_array([c[1] for c in cases], dtype))
        with np.errstate(all="ignore"):
            got = {
                "nll": np.asarray(loss.nll())[:, None],
                "mean": subject.from_input(loss.mean_sufficient_statistic()),
                "grad": subject.from_input(loss.grad_of_evaluate()),
                "F": subject.matrices(loss, loss.multiply_fisher),
                "B": subject.matrices(loss, None, loss.multiply_fisher_factor),
            }
        quantities = ("nll", "mean", "grad", "F", "B B^T")
        well = {q: [] for q in quantities}
        ill = {q: [] for q in quantities}
        undefined = []
        for n, (eta, y) in enumerate(cases):
            comps = subject.rule.components(y, subject.K)
            try:
                v = reference_at(subject.ref, eta, comps)
            except ValueError as exc:
                undefined.append((math.inf, _where(eta, y) + f": {exc}"))
                continue
            w = lambda c="": _where(eta, y, c) + (" (limit)" if v.get("limit") else "")  # noqa: E731

            def compare(g, r, scale=None):
                if v.get("limit"):  # the limit is known to about 1e-30: no relative claim below 1e-20
                    scale = max(scale or 0, mpmath.mpf(10) ** -20)
                e = rel_error(g, r, dtype, scale)
                return e, ("" if math.isfinite(e) else f" got {g!r}, exact {mpmath.nstr(r, 8)}")

            errs = []

            def add(q, comp, g, r, scale=None, c=""):
                e, why = compare(float(g), r, scale)
                errs.append((q, comp, e, w(c) + why))

            add("nll", (), got["nll"][n, 0], v["nll"], v["nll_scale"])
            for i in range(subject.m):
                add("mean", (i,), got["mean"][n, i], v["mean"][i], c=f"[{i}]")
                add("grad", (i,), got["grad"][n, i], v["grad"][i], v["grad_scale"][i], c=f"[{i}]")
                for j in range(i, subject.m):
                    add("F", (i, j), got["F"][n, i, j], _fisher_ref(subject, v, i, j), _fisher_scale(subject, v, i, j),
                        c=f"[{i},{j}]")
            for e, where in _bbt_errors(subject, got["B"][n], v, dtype, w):
                i, j = (int(x) for x in where[1:where.index("]")].split(","))
                errs.append(("B B^T", (max(i, j), min(i, j)), e, where))
            cond = None
            for q, comp, e, where in errs:
                if e > target and math.isfinite(e):  # NaN / inf where the value is finite is never excused
                    if cond is None:
                        cond = condition_numbers(subject, eta, comps, v["dps"])
                    c = cond.get((q, tuple(sorted(comp)) if q == "B B^T" else comp), math.inf)
                    if c * u > target / 4 and e <= EXCUSE_FACTOR * c * u:
                        ill[q].append((e, f"{where} cond {c:.0e}"))
                        continue
                well[q].append((e, where))
        notes = {"nll": "vs |A|+|eta.T|+|log h| where it cancels", "grad": "vs |dA|+|T| where it cancels",
                 "F": "coupled: vs |D_jj| + |c u_j^2| on the diagonal" if subject.structure == "diag_rank_one" else "relative",
                 "B B^T": "vs sum_k |B_ik B_jk|", "mean": "relative"}
        if undefined:
            rows.append(_worst("accuracy", "declared A, T, log h defined", dtype, undefined, 0.0,
                               f"{len(undefined)} of {len(cases)} points inside the declared domain"))
        for q in quantities:
            note = notes[q] + f"; {len(cases)} points"
            if ill[q]:
                e, where = max(ill[q])
                note += f"; {len(ill[q])} ill-conditioned excused, worst {_fmt(e)} at {where}"
            rows.append(_worst("accuracy", q, dtype, well[q], target, note))
    return rows


CHECKS = {
    "normalization": check_normalization,
    "derivatives": check_derivatives,
    "gradient": check_gradient,
    "factor": check_factor,
    "one_hot": check_one_hot,
    "sampler": check_sampler,
    "accuracy": check_accuracy,
}
DTYPE_CHECKS = ("factor", "one_hot", "accuracy")  # the checks that run per dtype


def run_check(name: str, subject: Subject, quick: bool = False, dtypes=DTYPES) -> list:
    """One named check; an exception inside it becomes a FAILED row naming it."""
    fn = CHECKS[name]
    try:
        return fn(subject, quick, dtypes) if name in DTYPE_CHECKS else fn(subject, quick)
    except Exception as exc:  # noqa: BLE001 - a crash of a check is a failure of the declaration
        return [Row(name, "ran", "-", math.inf, f"{type(exc).__name__}: {exc}"[:300], 0.0)]


def verify(family: Family, quick: bool = False, dtypes=DTYPES, checks=None, hypers: dict | None = None) -> Report:
    """Compile `family` and run the checks (all of `CHECKS` by default); a `Report` of rows."""
    start = time.perf_counter()
    dtypes = tuple(np.dtype(d).name for d in dtypes)
    subject = make_subject(family, hypers)
    rows = []
    for name in checks or CHECKS:
        rows += run_check(name, subject, quick, dtypes)
    return Report(family.name, tuple(rows), time.perf_counter() - start)


# ----------------------------------------------------------------------- CLI
def resolve(spec: str, name: str | None = None) -> list:
    """Families for `natloss check SPEC [--family NAME]`: a built-in family (name or class name),
    or a declaration file / module (all its families, or the one named NAME)."""
    from natloss.codegen import driver

    builtins = driver.builtin_families()
    found = [f for f in builtins if spec in (f.name, f.class_name)]
    if not found:
        try:
            found = driver.load_declaration(spec)
        except ModuleNotFoundError as exc:
            if exc.name != spec.split(".")[0]:
                raise
            raise ValueError(f"{spec!r} is neither a built-in family nor a declaration file or module") from None
    if name is not None:
        found = [f for f in found if name in (f.name, f.class_name)]
        if not found:
            raise ValueError(f"--family: no family named {name!r} in {spec}")
    return found


def _parse_hypers(family: Family, items) -> dict:
    """--hyper NAME=VALUE over the declared defaults."""
    hypers = {h.name: h.default for h in family.hypers}
    for item in items:
        name, _, value = item.partition("=")
        spec = next((h for h in family.hypers if h.name == name), None)
        if spec is None or not value:
            known = ", ".join(h.name for h in family.hypers) or "none"
            raise ValueError(f"--hyper {item!r}: expected NAME=VALUE with NAME a hyper-parameter of {family.name} ({known})")
        hypers[name] = int(value) if spec.integer else float(value)
    return hypers


def cmd_check(args) -> int:
    """Run `verify` on each family; print its table; 1 if any row failed."""
    import sys

    failed = False
    for family in resolve(args.spec, args.family):
        hypers = _parse_hypers(family, args.hyper or ())
        report = verify(family, quick=args.quick, hypers=hypers)
        status = "passed" if report.passed else f"FAILED ({len(report.failures)} rows)"
        mode = ", ".join(["quick" if args.quick else "full"] + [f"{k}={v}" for k, v in hypers.items()])
        if args.markdown:
            print(f"\n#### {family.name} ({family.class_name}; {mode}): {status}, {report.seconds:.1f} s\n")
        else:
            print(f"natloss check {family.name} ({family.class_name}, {mode}): {status} in {report.seconds:.1f} s")
        print(report.table(markdown=args.markdown))
        sys.stdout.flush()
        failed |= not report.passed
    return 1 if failed else 0


def add_parser(sub) -> None:
    """The `check` subcommand, for codegen/cli.py."""
    p = sub.add_parser("check", help="verify a declaration's generated code against independent references")
    p.add_argument("spec", metavar="FILE_OR_FAMILY", help="a built-in family name, or a declaration file or module")
    p.add_argument("--family", help="only this family of the declaration (when it declares several)")
    p.add_argument("--quick", action="store_true", help="fewer points and draws (about 10 s)")
    p.add_argument("--hyper", action="append", metavar="NAME=VALUE", help="a hyper-parameter other than its default")
    p.add_argument("--markdown", action="store_true", help="print Markdown tables")
    p.set_defaults(func=cmd_check)
