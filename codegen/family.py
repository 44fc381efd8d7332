"""What a user declares: a `Family` of distributions by its log-partition function.

A declaration is data, nothing is derived here. The pieces:

* ``params``: the natural parameters eta, each a `Param` with a name and a domain
  (a SymPy interval). A coupled family has one `VectorParam` instead, a vector of
  any length K indexed by ``k``.
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
        return sp.Symbol(self.name, **_assumptions(self.domain))


@dataclass(frozen=True)
class VectorParam:
    """A vector of natural parameters over a coupled axis of any length K (the last axis)."""

    name: str
    domain: sp.Interval = REALS
    doc: str = ""

    @cached_property
    def base(self) -> sp.IndexedBase:
        return sp.IndexedBase(self.name, real=True)

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
    BOUNDED_INTEGER = "bounded_integer"  # 0 <= y <= the hyper-parameter named by `Target.bound`
    CLASS_INDEX = "class_index"  # vector family: y an integer in [0, K), T_k(y) = [y == k]
    ONE_HOT = "one_hot"  # vector family: y one-hot over the last axis
    COUNTS = "counts"  # vector family: non-negative integers summing to `Target.bound`
    SIMPLEX = "simplex"  # vector family: y_k > 0 summing to one
    INTERVAL = "interval"  # a real y between `Target.lower` and `Target.upper` (numbers or hyper names)
    ANGLE = "angle"  # an angle in (-pi, pi]

    @property
    def is_integer(self) -> bool:
        return self in {
            Support.BINARY,
            Support.NONNEGATIVE_INTEGER,
            Support.BOUNDED_INTEGER,
            Support.CLASS_INDEX,
            Support.ONE_HOT,
            Support.COUNTS,
        }

    @property
    def is_vector(self) -> bool:
        return self in {Support.CLASS_INDEX, Support.ONE_HOT, Support.COUNTS, Support.SIMPLEX}


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
        if self.support.is_vector:
            return sp.IndexedBase(self.name, real=True)
        if self.support in (Support.POSITIVE, Support.UNIT_INTERVAL):
            return sp.Symbol(self.name, positive=True)
        if self.support.is_integer:
            return sp.Symbol(self.name, integer=True, nonnegative=True)
        if self.support is Support.INTERVAL:
            # a hyper-parameter lower bound has a positive domain (validate checks it)
            if isinstance(self.lower, str) or self.lower > 0 or (self.lower == 0 and self.lower_open):
                return sp.Symbol(self.name, positive=True)
            if self.lower == 0:
                return sp.Symbol(self.name, nonnegative=True)
        return sp.Symbol(self.name, real=True)


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
            return sp.Symbol(self.name, integer=True, positive=True)
        return sp.Symbol(self.name, **_assumptions(self.domain))


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

    @property
    def is_vector(self) -> bool:
        return len(self.params) == 1 and isinstance(self.params[0], VectorParam)

    @property
    def dim(self) -> int:
        """Natural parameters per case (1 for scalar and vector families)."""
        return len(self.params)

    @property
    def param_symbols(self) -> tuple:
        return tuple(p.symbol for p in self.params)


def is_identifier(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name)
