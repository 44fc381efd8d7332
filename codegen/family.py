"""What a user declares: a `Family` of distributions by its log-partition function.

A declaration is data, nothing is derived here. The pieces:

* ``params``: the natural parameters eta, each a `Param` with a name and a domain
  (a SymPy interval). A coupled family has one `VectorParam` instead, a vector of
  any length K indexed by ``k``; a family of independent components over the last axis
  (A a plain sum over k) may have several, one per parameter of a component.
* ``log_partition``: A(eta).
* ``target`` and ``sufficient_statistic``: the target symbol y (with its `Support`)
  and T(y), one entry per natural parameter (for a vector family T_k(y) with y[k]).
* ``log_base_measure``: log h(y).
* ``hypers``: fixed hyper-parameters that become constructor arguments.
* ``sampler``: y as an expression of eta, hypers and the draws of `natloss.codegen.draws`.
"""
from __future__ import annotations

import enum
import keyword
from dataclasses import dataclass, field
from functools import cached_property

import sympy as sp

REALS = sp.Interval(-sp.oo, sp.oo)
POSITIVE = sp.Interval.open(0, sp.oo)
NEGATIVE = sp.Interval.open(-sp.oo, 0)


# The generated code's local names for declared names: a prefix per role, so that no
# declared name (`shape`, `rng`, `np`, `log_base`, `t0`, `int`, ...) can collide with a
# name of the generated code (temporaries, arguments, modules) in any backend. The
# user's names stay the public ones: constructor arguments, messages, docs.
PARAM_PREFIX, HYPER_PREFIX, TARGET_LOCAL = "P_", "H_", "y"


def param_local(name: str) -> str:
    return PARAM_PREFIX + name


def hyper_local(name: str) -> str:
    return HYPER_PREFIX + name


def _assumptions(domain: sp.Interval) -> dict:
    if domain.is_subset(sp.Interval(0, sp.oo, left_open=True)):
        return {"positive": True}
    if domain.is_subset(sp.Interval(-sp.oo, 0, right_open=True)):
        return {"negative": True}
    return {"real": True}


@dataclass(frozen=True)
class Param:
    """One scalar natural parameter: its constructor-argument name and its domain."""

    name: str
    domain: sp.Interval = REALS
    doc: str = ""

    @cached_property
    def symbol(self) -> sp.Symbol:
        return sp.Symbol(param_local(self.name), **_assumptions(self.domain))


@dataclass(frozen=True)
class VectorParam:
    """A vector of natural parameters over a coupled axis of any length K (the last axis)."""

    name: str
    domain: sp.Interval = REALS
    doc: str = ""

    @cached_property
    def base(self) -> sp.IndexedBase:
        return sp.IndexedBase(param_local(self.name), real=True)

    @cached_property
    def k(self) -> sp.Symbol:
        return sp.Symbol("k", integer=True, nonnegative=True)

    @cached_property
    def size(self) -> sp.Symbol:
        return sp.Symbol("K", integer=True, positive=True)

    @cached_property
    def symbol(self) -> sp.Indexed:
        """eta_k, the k-th component."""
        return self.base[self.k]

    def sum(self, summand: sp.Expr) -> sp.Sum:
        """sum over k = 0 .. K-1 of ``summand`` (an expression of ``symbol``)."""
        return sp.Sum(summand, (self.k, 0, self.size - 1))


class Support(enum.Enum):
    """Where the target lives; decides the target dtype and the input checks."""

    REAL = "real"
    POSITIVE = "positive"
    UNIT_INTERVAL = "unit_interval"  # 0 < y < 1
    BINARY = "binary"  # y in {0, 1}
    NONNEGATIVE_INTEGER = "nonnegative_integer"
    POSITIVE_INTEGER = "positive_integer"  # y in {1, 2, ...}; y = 0 is refused
    BOUNDED_INTEGER = "bounded_integer"  # 0 <= y <= the hyper-parameter named by `Target.bound`
    CLASS_INDEX = "class_index"  # vector family: y an integer in [0, K), T_k(y) = [y == k]
    ONE_HOT = "one_hot"  # vector family: y one-hot over the last axis
    COUNTS = "counts"  # vector family: non-negative integers summing to `Target.bound`
    SIMPLEX = "simplex"  # vector family: y_k > 0 summing to one
    REAL_VECTOR = "real_vector"  # vector family: y_k real, one per component of the last axis
    INTERVAL = "interval"  # a real y between `Target.lower` and `Target.upper` (numbers or hyper names)
    ANGLE = "angle"  # an angle in (-pi, pi]

    @property
    def is_integer(self) -> bool:
        return self in {
            Support.BINARY,
            Support.NONNEGATIVE_INTEGER,
            Support.POSITIVE_INTEGER,
            Support.BOUNDED_INTEGER,
            Support.CLASS_INDEX,
            Support.ONE_HOT,
            Support.COUNTS,
        }

    @property
    def is_vector(self) -> bool:
        return self in {Support.CLASS_INDEX, Support.ONE_HOT, Support.COUNTS, Support.SIMPLEX, Support.REAL_VECTOR}


@dataclass(frozen=True)
class Bounds:
    """Where a scalar target lives, stated generically: the input checks, the tests and the
    verifier read it from here. ``lower`` / ``upper`` are numbers (+-inf: unbounded) or the
    name of a hyper-parameter (its value per loss, a scalar or per case)."""

    lower: float | str
    upper: float | str
    lower_open: bool
    upper_open: bool
    integer: bool = False

    def resolve(self, hypers: dict) -> tuple:
        """(lo, lo_open, hi, hi_open) with hyper names replaced by their values in `hypers`."""
        lo = hypers[self.lower] if isinstance(self.lower, str) else self.lower
        hi = hypers[self.upper] if isinstance(self.upper, str) else self.upper
        return lo, self.lower_open, hi, self.upper_open

    def text(self) -> str:
        left, right = "(" if self.lower_open else "[", ")" if self.upper_open else "]"
        kind = "integers" if self.integer else "values"
        return f"{kind} in {left}{self.lower}, {self.upper}{right}"


_INF = float("inf")
_PI = 3.141592653589793
# Fixed bounds of the scalar supports; INTERVAL takes them from the Target.
_SUPPORT_BOUNDS = {
    Support.REAL: Bounds(-_INF, _INF, True, True),
    Support.POSITIVE: Bounds(0.0, _INF, True, True),
    Support.UNIT_INTERVAL: Bounds(0.0, 1.0, True, True),
    Support.BINARY: Bounds(0, 1, False, False, integer=True),
    Support.NONNEGATIVE_INTEGER: Bounds(0, _INF, False, True, integer=True),
    Support.POSITIVE_INTEGER: Bounds(1, _INF, False, True, integer=True),
    Support.ANGLE: Bounds(-_PI, _PI, True, False),
}


@dataclass(frozen=True)
class Target:
    """The target y: its name, support and, for bounded supports, the hyper bounding it.

    ``Support.INTERVAL`` takes ``lower`` / ``upper`` (a number, or the name of a hyper-parameter:
    Pareto's y >= x_m) and whether each end is open; ``bounds`` states every scalar support so."""

    support: Support
    name: str = "y"
    bound: str | None = None
    lower: float | str = -_INF
    upper: float | str = _INF
    lower_open: bool = False
    upper_open: bool = False

    @property
    def bounds(self) -> Bounds | None:
        """Where y lives (None for the vector supports, which the coupled checks handle)."""
        if self.support is Support.INTERVAL:
            return Bounds(self.lower, self.upper, self.lower_open or self.lower == -_INF,
                          self.upper_open or self.upper == _INF)
        if self.support is Support.BOUNDED_INTEGER:
            return Bounds(0, self.bound, False, False, integer=True)
        return _SUPPORT_BOUNDS.get(self.support)

    @cached_property
    def symbol(self) -> sp.Symbol | sp.IndexedBase:
        # Every backend's target argument is `y`, whatever the declared name.
        if self.support.is_vector:
            return sp.IndexedBase(TARGET_LOCAL, real=True)
        if self.support in (Support.POSITIVE, Support.UNIT_INTERVAL):
            return sp.Symbol(TARGET_LOCAL, positive=True)
        if self.support is Support.POSITIVE_INTEGER:
            return sp.Symbol(TARGET_LOCAL, integer=True, positive=True)
        if self.support.is_integer:
            return sp.Symbol(TARGET_LOCAL, integer=True, nonnegative=True)
        if self.support is Support.INTERVAL:
            # a hyper-parameter lower bound has a positive domain (validate checks it)
            if isinstance(self.lower, str) or self.lower > 0 or (self.lower == 0 and self.lower_open):
                return sp.Symbol(TARGET_LOCAL, positive=True)
            if self.lower == 0:
                return sp.Symbol(TARGET_LOCAL, nonnegative=True)
        return sp.Symbol(TARGET_LOCAL, real=True)


@dataclass(frozen=True)
class Hyper:
    """A fixed hyper-parameter: a constructor argument with a default (a Python number)."""

    name: str
    default: float | int
    domain: sp.Interval = POSITIVE
    integer: bool = False
    doc: str = ""

    @cached_property
    def symbol(self) -> sp.Symbol:
        if self.integer:
            return sp.Symbol(hyper_local(self.name), integer=True, positive=True)
        return sp.Symbol(hyper_local(self.name), **_assumptions(self.domain))


@dataclass(frozen=True)
class Family:
    name: str
    class_name: str
    params: tuple[Param, ...] | tuple[VectorParam]
    target: Target
    log_partition: sp.Expr
    sufficient_statistic: tuple[sp.Expr, ...]
    log_base_measure: sp.Expr
    sampler: sp.Expr
    hypers: tuple[Hyper, ...] = ()
    doc: str = ""
    # Where the declaration came from, for the generated file's header.
    source: str = field(default="", compare=False)
    # Set by the compiler (codegen/components.py), never declared: this is the per-component
    # form of a vector family whose A does not couple the last axis; a case is a row over it.
    componentwise: bool = False

    @property
    def is_vector(self) -> bool:
        """The natural parameters are VectorParams over the last axis (coupled or componentwise)."""
        return bool(self.params) and all(isinstance(p, VectorParam) for p in self.params)

    @property
    def dim(self) -> int:
        """Natural parameters per element (1 for scalar and coupled families, 2 for a 2-parameter
        family of independent components over the last axis)."""
        return len(self.params)

    @property
    def param_symbols(self) -> tuple:
        return tuple(p.symbol for p in self.params)

    @property
    def public_names(self) -> dict:
        """Local name in the generated code -> the declared (public) name."""
        names = {str(p.symbol if isinstance(p, Param) else p.base): p.name for p in self.params}
        names.update({str(h.symbol): h.name for h in self.hypers})
        names[TARGET_LOCAL] = self.target.name
        return names

    def display(self, expr):
        """`expr` with the declared names, for docs and `natloss show` (never for code)."""
        subs = {}
        for p in self.params:
            if isinstance(p, Param):
                subs[p.symbol] = sp.Symbol(p.name)
            else:
                subs[p.base] = sp.IndexedBase(p.name)
                subs[p.base.label] = sp.Symbol(p.name)
        subs.update({h.symbol: sp.Symbol(h.name) for h in self.hypers})
        target = self.target.symbol
        if isinstance(target, sp.IndexedBase):
            subs[target] = sp.IndexedBase(self.target.name)
            subs[target.label] = sp.Symbol(self.target.name)
        else:
            subs[target] = sp.Symbol(self.target.name)
        return sp.sympify(expr).xreplace(subs)


def is_identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)
