"""The compiled declaration under test, and the points the checks use (from the declared domains)."""
from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

import numpy as np
import sympy as sp

from natloss.codegen.family import Support, Family
from natloss.codegen.verify.reference import Reference
from natloss.codegen.verify.report import K_VECTOR
from natloss.codegen.verify.supports import SUPPORT_RULES, SupportRule


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
    backend: str = "numpy"  # whose class `cls` is (verify/backends.py: numpy, cpu or cupy)
    spec: object = None  # the compiled declaration (KernelSpec) `cls` was rendered from, for `with_backend`

    # Hooks a loss in user parameters overrides (verify/parametrized.py `ParamSubject`):
    has_hessian: ClassVar[bool] = False  # a target-dependent true Hessian (`multiply_hessian`) to sweep
    point_name: ClassVar[str] = "eta"  # what the points are, in the table's "at" column
    accuracy_notes: ClassVar[Mapping] = MappingProxyType({})  # the accuracy rows' notes that differ

    @property
    def K(self):
        return K_VECTOR if self.family.is_vector else None

    @property
    def m(self) -> int:
        """Inputs per case: d, or d K for a vector family (parameter-major)."""
        return K_VECTOR * self.family.dim if self.family.is_vector else self.family.dim

    @property
    def factor_width(self) -> int:
        """Components of the factor's inner axis per case (m; a parametrization's natural d)."""
        return self.m

    @property
    def structure(self) -> str:
        return self.derived.structure.value

    @property
    def bound(self):
        """The bounded-integer support's n, or an interval support's (lo, lo_open, hi, hi_open)."""
        target = self.family.target
        if target.support is Support.INTERVAL:
            return target.bounds.resolve(self.hypers)
        return None if target.bound is None else self.hypers[target.bound]

    @property
    def singular_points(self) -> tuple:
        """The compiler's singular points, if its `Derived` reports them (``singular_points``:
        a tuple of {parameter name: value} mappings)."""
        points = []
        for point in getattr(self.derived, "singular_points", ()) or ():
            if hasattr(point, "param"):  # codegen/singular.py's SingularPoint: probe its switch radius too
                name = self.family.public_names.get(point.param, point.param)
                points.append({name: float(point.at), "__radius__": float(point.radius)})
            else:
                points.append(dict(point))
        return tuple(points)

    def _split(self, V) -> list:
        """(n, m) -> one array per natural parameter: (n,) each, or (n, K) for a vector family."""
        if self.family.is_vector:
            return [V[:, j * K_VECTOR:(j + 1) * K_VECTOR] for j in range(self.family.dim)]
        return [V[:, i] for i in range(self.m)]

    def loss(self, eta, dtype, targets=None, **kwargs):
        params = [p.astype(dtype) for p in self._split(np.asarray(eta))]
        return self.cls(*params, targets=targets, **kwargs, **self.hypers)

    def to_input(self, V):
        parts = self._split(V)
        return parts[0] if len(parts) == 1 else tuple(parts)

    def from_input(self, x) -> np.ndarray:
        parts = list(x) if isinstance(x, tuple) else [x]
        return np.concatenate([np.asarray(p).reshape(len(p), -1) for p in parts], axis=-1)

    def to_inner(self, U, loss):
        """(n, m) -> the factor's inner shape (any consistent order of the factor's components)."""
        return U.reshape(loss.fisher_factor_inner_shape)

    def from_inner(self, u) -> np.ndarray:
        u = np.asarray(u)
        return u.reshape(len(u), -1)

    def targets_array(self, ys, dtype):
        if self.rule is not None and self.rule.integer:
            # Counts past int64 (draws at a huge mean) stay exact integers in float64.
            big = any(abs(float(v)) >= 2.0**62 for y in ys for v in np.ravel(np.array(y, dtype=np.float64)))
            return np.array(ys, dtype=np.float64 if big else np.int64)
        return np.array(ys, dtype=dtype)

    def matrices(self, loss, method_v, method_u=None) -> np.ndarray:
        """(n, m, m): column c is the product with e_c (the factor: (n, m, factor_width))."""
        n = loss.batch_shape[0]
        cols = []
        width = self.m if method_u is None else self.factor_width
        for c in range(width):
            e = np.zeros((n, width), dtype=loss.dtype)
            e[:, c] = 1
            if method_u is None:
                cols.append(self.from_input(method_v(self.to_input(e))))
            else:
                cols.append(self.from_input(method_u(self.to_inner(e, loss))))
        return np.stack(cols, axis=-1)


def make_subject(family: Family, hypers: dict | None = None, backend: str = "numpy") -> Subject:
    """Compile `family` in memory and build its reference; `cls` is the class of `backend`
    (verify/backends.py: numpy, cpu or cupy; BackendUnavailable where that backend does not emit
    the family or cannot run here). A `Parametrization` gives a `ParamSubject` (verify/parametrized.py)."""
    from natloss.codegen import driver
    from natloss.codegen.parametrize import Parametrization
    from natloss.codegen.verify.backends import loss_class

    if isinstance(family, Parametrization):
        from natloss.codegen.verify.parametrized import make_param_subject

        return make_param_subject(family, hypers, backend)

    spec = driver.compile_family(family)
    cls = loss_class(spec, backend)
    hypers = {h.name: h.default for h in family.hypers} if hypers is None else dict(hypers)
    return Subject(family, cls, spec.derived, hypers, Reference(family, hypers), SUPPORT_RULES.get(family.target.support),
                   backend, spec)


def with_backend(subject: Subject, backend: str) -> Subject:
    """The same compiled declaration and reference (its remembered mpmath values too), checked on the class
    of another backend (verify/backends.py `loss_class`; BackendUnavailable where it does not emit it)."""
    from dataclasses import replace

    from natloss.codegen.verify.backends import loss_class

    if subject.spec is None:
        raise ValueError("with_backend: the subject has no compiled declaration (spec); build it with make_subject")
    return replace(subject, cls=loss_class(subject.spec, backend), backend=backend)


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
    domains = _param_domains(family)
    m = len(domains)
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


def _param_domains(family: Family) -> list:
    """The domain of each flat input: d, or d K parameter-major for a vector family."""
    if family.is_vector:
        return [p.domain for p in family.params for _ in range(K_VECTOR)]
    return [p.domain for p in family.params]


def _domains(subject) -> list:
    return _param_domains(subject.family)


def sweep_points(subject: Subject, dtype: str, quick: bool) -> list:
    """Natural-parameter vectors (tuples, dtype-rounded) for the accuracy sweep."""
    doms = _domains(subject)
    if subject.family.is_vector:
        K = K_VECTOR
        grids = [param_values(p.domain, dtype, quick) for p in subject.family.params]
        L = max(len(g) for g in grids)
        rows = []
        # Rows of one value per parameter, then rows mixing the grid's values across the components.
        for shift in (0,) + ((1,) if quick else (1, 2, 3)):
            for i in range(L):
                rows.append(tuple(g[(i + j + shift * c) % len(g)] for j, g in enumerate(grids) for c in range(K)))
    else:
        grids = [param_values(d, dtype, quick) for d in doms]
        rows = list(itertools.product(*grids))
        cap = 60 if quick else 400
        if len(rows) > cap:  # d >= 3: keep every combination's extremes but thin the interior
            rows = rows[:: math.ceil(len(rows) / cap)]
    # Near the singular points the compiler found: the exact point and a few offsets.
    mids = [param_values(d, dtype, True)[len(param_values(d, dtype, True)) // 2] for d in doms]
    names = [p.name for p in subject.family.params]
    for point in () if subject.family.is_vector else subject.singular_points:
        base = [float(point.get(n, mid)) for n, mid in zip(names, mids)]
        # (offset, relative to the point's size): near the point, and both sides of a series
        # branch's switch radius (an absolute distance).
        offsets = [(dlt, True) for dlt in ((1e-8,) if quick else (1e-8, 1e-5, 1e-3))]
        if "__radius__" in point:
            offsets += [(point["__radius__"] * (1 - 1e-6), False), (point["__radius__"] * (1 + 1e-6), False)]
        cands = [tuple(base)]
        for j, n in enumerate(names):
            if n in point:
                for off, relative in offsets:
                    for s in (1, -1):
                        b = list(base)
                        b[j] = base[j] + s * off * (max(1.0, abs(base[j])) if relative else 1.0)
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
