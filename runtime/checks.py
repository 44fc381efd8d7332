"""Input checks shared by every backend: each error names the argument, what was expected
and what came. Nothing is broadcast or cast silently."""
from __future__ import annotations

import math
import numbers

import numpy as np


class NatlossInputError(ValueError):
    """A bad argument to a generated loss (wrong shape, dtype, index or domain)."""


class NatlossTypeError(TypeError, NatlossInputError):
    """An argument of the wrong type or dtype."""


FLOAT_DTYPES = ("float32", "float64")


def describe(x) -> str:
    shape = getattr(x, "shape", None)
    dtype = getattr(x, "dtype", None)
    if shape is not None and dtype is not None:
        return f"{type(x).__module__.split('.')[0]}.{type(x).__name__} of shape {tuple(shape)} and dtype {dtype}"
    return f"{type(x).__name__} {x!r}"[:120]


def first_bad(mask, xp=np) -> str:
    """' (first at index i: value)' for an error message."""
    bad = np.argwhere(np.asarray(mask.get() if hasattr(mask, "get") else mask))
    return f"{len(bad)} value(s); first at index {tuple(int(i) for i in bad[0])}" if len(bad) else ""


def interval_text(lo, lo_open, hi, hi_open) -> str:
    left = "(" if lo_open else "["
    right = ")" if hi_open else "]"
    return f"{left}{lo}, {hi}{right}"


def outside(x, lo, lo_open, hi, hi_open, xp=np):
    """Boolean mask of the values outside the interval; NaN and +-inf are always outside.
    A bound may be an array of per-case bounds (binomial trials)."""
    def finite(b):
        return not isinstance(b, numbers.Real) or math.isfinite(b)

    bad = ~xp.isfinite(x)
    if finite(lo):
        bad |= (x <= lo) if lo_open else (x < lo)
    if finite(hi):
        bad |= (x >= hi) if hi_open else (x > hi)
    return bad


def within(x, lo, lo_open, hi, hi_open, xp=np) -> bool:
    """All values finite and inside the interval, by two reductions (NaN fails both).

    Per-element masks are built only to word an error (`outside`)."""
    if x.size == 0:
        return True
    if not (isinstance(lo, numbers.Real) and isinstance(hi, numbers.Real)):  # per-case bounds
        return not bool(outside(x, lo, lo_open, hi, hi_open, xp).any())
    low, high = x.min(), x.max()
    if bool(xp.isnan(low)) or bool(xp.isnan(high)) or bool(xp.isinf(low)) or bool(xp.isinf(high)):
        return False
    ok_low = (low > lo) if lo_open else (low >= lo)
    ok_high = (high < hi) if hi_open else (high <= hi)
    return bool(ok_low) and bool(ok_high)


def check_weight(weight) -> float:
    if isinstance(weight, bool) or not isinstance(weight, numbers.Real):
        if getattr(weight, "shape", None) == () and getattr(weight, "dtype", None) is not None and weight.dtype.kind in "fiu":
            weight = float(weight)
        else:
            raise NatlossTypeError(f"weight: expected a real scalar >= 0, got {describe(weight)}")
    weight = float(weight)
    if not (weight >= 0 and math.isfinite(weight)):
        raise NatlossInputError(f"weight: expected a finite real scalar >= 0, got {weight!r}")
    return weight


def check_index(index, inner_shape) -> tuple:
    """A tuple over the factor's inner shape without its batch axis."""
    expected = tuple(inner_shape[1:])
    if isinstance(index, numbers.Integral) and not isinstance(index, bool):
        index = (index,)
    if not isinstance(index, tuple) or any(
        isinstance(i, bool) or not isinstance(i, numbers.Integral) for i in index
    ):
        raise NatlossTypeError(
            f"index: expected a tuple of {len(expected)} integers over the factor's inner shape"
            f" {tuple(inner_shape)} without its batch axis, got {index!r}"
        )
    if len(index) != len(expected):
        raise NatlossInputError(
            f"index: expected {len(expected)} integer(s) for the inner shape {tuple(inner_shape)}"
            f" without its batch axis {expected}, got {len(index)}: {index!r}"
        )
    for axis, (i, n) in enumerate(zip(index, expected)):
        if not 0 <= i < n:
            raise NatlossInputError(f"index: component {axis} is {i}, expected 0 <= index < {n} (inner shape {tuple(inner_shape)})")
    return tuple(int(i) for i in index)


def resolve_bounds(bounds, hypers):
    """(lo, lo_open, hi, hi_open) of a declared target interval with hyper-parameter names
    replaced by their values (scalars or per-case arrays); None stays None."""
    if bounds is None:
        return None
    lo, lo_open, hi, hi_open = bounds
    return (hypers[lo] if isinstance(lo, str) else lo, lo_open, hypers[hi] if isinstance(hi, str) else hi, hi_open)


def bounds_text(bounds, hypers) -> str:
    """'values in [x_m, inf) (x_m = 1.5)' for an error message."""
    if bounds is None:
        return ""
    lo, lo_open, hi, hi_open = bounds
    named = [f"{b} = {hypers[b]!r}" if not hasattr(hypers[b], "shape") else f"{b} per case" for b in (lo, hi) if isinstance(b, str)]
    return f"values in {interval_text(lo, lo_open, hi, hi_open)}" + (f" ({', '.join(named)})" if named else "")
