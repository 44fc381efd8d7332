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


def check_weight(weight, batch_shape=None, dtype=None, xp=np):
    """A scalar weight as a Python float, or per-case weights as a new array of the loss's dtype.

    * A real scalar (a Python number, a NumPy scalar or a 0-d array) weights every case alike,
      as before: finite and >= 0, returned as a float.
    * An array of exactly the batch shape `batch_shape` (no broadcasting: a (n, 1) or a
      parameter-shaped array for a batch of shape (n,) is refused) gives case i the weight
      w_i: real dtypes only (bool is refused: a 0/1 selection is `mask=`), every value finite
      and >= 0, checked in the caller's dtype and again in the loss's `dtype`. Integer
      weights (frequency counts) must be exactly representable there (2**24 + 1 in a float32
      loss is refused); real weights are rounded to the loss's dtype, as a real
      hyper-parameter array is (a float64 0.1 becomes float32 0.1), and must stay finite there
      (1e300 in a float32 loss is refused)."""
    if xp is not None and batch_shape is not None:
        weight = plain_array(weight, "weight", xp)
    is_array = xp is not None and isinstance(weight, xp.ndarray) or isinstance(weight, np.ndarray)
    if is_array and weight.ndim == 0 and weight.dtype.kind in "fiu":
        weight = weight.item()  # a 0-d array is a scalar weight
        is_array = False
    if is_array:
        if batch_shape is None:
            raise NatlossTypeError(f"weight: expected a real scalar >= 0, got {describe(weight)}")
        return _check_weight_array(weight, tuple(batch_shape), dtype, xp)
    if isinstance(weight, bool) or not isinstance(weight, numbers.Real):
        shape = "" if batch_shape is None else f" or a real array of the batch shape {tuple(batch_shape)}"
        raise NatlossTypeError(f"weight: expected a real scalar >= 0{shape}, got {describe(weight)}")
    weight = float(weight)
    if not (weight >= 0 and math.isfinite(weight)):
        raise NatlossInputError(f"weight: expected a finite real scalar >= 0, got {weight!r}")
    return weight


def _check_weight_array(weight, batch_shape, dtype, xp):
    expected = f"a real scalar or a real array of the batch shape {batch_shape}"
    if not isinstance(weight, xp.ndarray):
        raise NatlossTypeError(f"weight: expected {expected} ({xp.__name__} array), got {describe(weight)}")
    if weight.dtype.kind == "b":
        raise NatlossTypeError(f"weight: expected {expected}, got a bool array {describe(weight)}; pass a 0/1 selection as mask=")
    if weight.dtype.kind not in "fiu":
        raise NatlossTypeError(f"weight: expected {expected}, got {describe(weight)}")
    if tuple(weight.shape) != batch_shape:
        raise NatlossInputError(f"weight: expected {expected} exactly (nothing is broadcast), got {describe(weight)}")
    if weight.dtype.kind == "f":
        bad = ~xp.isfinite(weight)
        if bool(bad.any()):
            raise NatlossInputError(f"weight: expected finite values >= 0, got {_bad_values(weight, bad, 'non-finite')}")
    bad = weight < 0
    if bool(bad.any()):
        raise NatlossInputError(f"weight: expected finite values >= 0, got {_bad_values(weight, bad, 'negative')}")
    with np.errstate(over="ignore"):
        cast = weight.astype(dtype)  # a new array: the caller's is neither kept nor written
    if weight.dtype.kind in "iu":
        check_exact_cast(weight, cast, "weight", dtype, xp)
    else:
        bad = ~xp.isfinite(cast)
        if bool(bad.any()):
            raise NatlossInputError(
                f"weight: expected values finite in the loss's dtype {float_text(dtype)} (largest"
                f" {np.finfo(dtype).max:.4g}; build the loss in float64), got {_bad_values(weight, bad, 'overflowing')}")
    return cast


def _bad_values(x, bad, what) -> str:
    """'3 negative value(s); first at index (0, 2): -1.5' for an error message."""
    host = np.asarray(bad.get() if hasattr(bad, "get") else bad)
    where = np.argwhere(host)
    first = tuple(int(i) for i in where[0])
    value = x[first]
    return f"{len(where)} {what} value(s); first at index {first}: {value.item()!r}"


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


def plain_array(x, argname, xp=np):
    """x as a plain array of the backend in native byte order; anything else is returned as it is
    (the caller words the type error).

    Masked arrays are refused (their mask would be ignored: pass the data and `mask=`), and so
    are `numpy.matrix` (`*` is a matrix product there) and other ndarray subclasses, whose
    operators may mean something else; `numpy.memmap` is read as the plain array it maps.
    A non-native byte order (big-endian data on a little-endian machine) is converted, values
    unchanged, since NumPy's ufuncs refuse it as an output order. A NumPy scalar (x[0] of a
    1-D array) is the 0-d array it holds.
    """
    if isinstance(x, np.ma.MaskedArray):
        raise NatlossTypeError(
            f"{argname}: masked arrays (numpy.ma) are refused, their mask would be ignored; pass the"
            f" data as a plain array and mark the cases to leave out with mask=, got {describe(x)}"
        )
    if isinstance(x, np.matrix):
        raise NatlossTypeError(f"{argname}: numpy.matrix is refused (`*` is a matrix product there); pass numpy.asarray(x), got {describe(x)}")
    if isinstance(x, np.memmap):
        x = x.view(np.ndarray)
    if isinstance(x, np.generic) and xp is np:  # a NumPy scalar is the 0-d array it holds
        x = np.asarray(x)
    if not isinstance(x, xp.ndarray):
        return x
    if type(x) is not xp.ndarray:
        raise NatlossTypeError(f"{argname}: expected a plain {xp.__name__}.ndarray, not the subclass {type(x).__module__}.{type(x).__name__}; pass {xp.__name__}.asarray(x)")
    if not x.dtype.isnative:
        x = x.astype(x.dtype.newbyteorder("="))
    return x


def float_text(dtype) -> str:
    return np.dtype(dtype).name


def check_support(y, support, argname, xp=np, bound=None, bound_name=None, interval=None, interval_message=""):
    """Checks the values of scalar-family targets `y` (in the caller's dtype) against the support.

    `bound` is the upper bound of a bounded-integer support (a number or a per-case array),
    named `bound_name` in the message; `interval` the (lo, lo_open, hi, hi_open) of an interval
    support (resolve_bounds), described by `interval_message`."""
    integer = support in INTEGER_SUPPORTS
    if integer and y.dtype.kind == "f":
        bad = y != xp.floor(y)
        if bool(bad.any()):
            raise NatlossInputError(f"{argname}: expected integer values for a {support} target, got {first_bad(bad)}")
    if support == "binary":
        bad = (y != 0) & (y != 1)
        if bool(bad.any()):
            raise NatlossInputError(f"{argname}: expected values 0 or 1, got {first_bad(bad)}")
        return
    interval, text = {
        "real": ((-math.inf, True, math.inf, True), "finite real values"),
        "positive": ((0, True, math.inf, True), "finite values > 0"),
        "unit_interval": ((0, True, 1, True), "values in (0, 1)"),
        "nonnegative_integer": ((0, False, math.inf, True), "integers >= 0"),
        "positive_integer": ((1, False, math.inf, True), "integers >= 1"),
        "bounded_integer": ((0, False, bound, False), f"integers in [0, {bound_name}]"),
        "interval": (interval, interval_message),
        "angle": ((-math.pi, True, math.pi, False), "angles in (-pi, pi]"),
    }[support]
    if not within(y, *interval, xp):
        raise NatlossInputError(f"{argname}: expected {text}, got {first_bad(outside(y, *interval, xp))}")


def check_exact_cast(original, cast, argname, dtype, xp=np):
    """Integer targets and hyper-parameters must keep their value in the loss's dtype (a float32
    loss holds integers exactly up to 2**24): a count rounded to another count is refused."""
    bad = cast.astype(original.dtype) != original
    if bool(bad.any()):
        raise NatlossInputError(
            f"{argname}: expected integers exactly representable in the loss's dtype {float_text(dtype)}"
            f" (a float32 loss holds integers up to 2**24 exactly; build the loss in float64), got {first_bad(bad)}"
        )


INTEGER_SUPPORTS = ("binary", "nonnegative_integer", "positive_integer", "bounded_integer", "class_index", "one_hot", "counts")


def check_hyper_scalar(value, name, interval, integer, dtype):
    """A scalar hyper-parameter, checked against its interval and the loss's dtype.

    A value the loss's dtype cannot hold (10**400; 1e308 in a float32 loss; an integer the
    dtype would round, 2**24 + 1 in float32) is refused rather than computed as inf or as
    another integer. Integers are kept as Python ints up to 2**53, above as exact floats."""
    lo, lo_open, hi, hi_open = interval
    dtype = np.dtype(dtype)
    shown = repr(value) if len(repr(value)) <= 40 else f"{repr(value)[:12]}...({len(repr(value))} digits)"
    try:
        as_float = float(value)
    except OverflowError:
        raise NatlossInputError(f"{name}: expected a value representable in float64 (at most {np.finfo(np.float64).max:.4g}), got {shown}") from None
    if not math.isfinite(as_float):
        raise NatlossInputError(f"{name}: expected a finite value in {interval_text(lo, lo_open, hi, hi_open)}, got {shown}")
    if integer and as_float != math.floor(as_float):
        raise NatlossInputError(f"{name}: expected an integer, got {shown}")
    if bool(outside(np.asarray(as_float), lo, lo_open, hi, hi_open)):
        raise NatlossInputError(f"{name}: expected a value in {interval_text(lo, lo_open, hi, hi_open)}, got {shown}")
    with np.errstate(over="ignore"):
        in_dtype = dtype.type(as_float)
    if not np.isfinite(in_dtype):
        raise NatlossInputError(
            f"{name}: {shown} overflows the loss's dtype {dtype.name} (largest {np.finfo(dtype).max:.4g}); build the loss in float64")
    if bool(outside(np.asarray(in_dtype), lo, lo_open, hi, hi_open)):
        raise NatlossInputError(
            f"{name}: {shown} is {in_dtype!r} in the loss's dtype {dtype.name}, outside {interval_text(lo, lo_open, hi, hi_open)}; build the loss in float64")
    if integer:
        exact = int(value) if isinstance(value, numbers.Integral) else int(as_float)
        if int(in_dtype) != exact:
            raise NatlossInputError(
                f"{name}: expected an integer exactly representable in the loss's dtype {dtype.name}"
                f" (float32 holds every integer up to 2**24, float64 up to 2**53), got {shown}")
        return exact if abs(exact) <= 2**53 else float(exact)
    return as_float


def check_hyper_array(value, name, interval, integer, dtype, batch_shape, xp=np):
    """A per-case hyper-parameter array, checked in the caller's dtype and again in the loss's
    (values must stay finite, in the interval and, for integers, exact); returned as a new
    array of the loss's dtype."""
    lo, lo_open, hi, hi_open = interval
    if tuple(value.shape) != tuple(batch_shape):
        raise NatlossInputError(f"{name}: expected a scalar or an array of the batch shape {tuple(batch_shape)}, got {describe(value)}")
    if value.dtype.kind not in "fiu":
        raise NatlossTypeError(f"{name}: expected a real array, got {describe(value)}")
    if value.dtype.kind == "f" and bool((~xp.isfinite(value)).any()):
        raise NatlossInputError(f"{name}: expected finite values, got {first_bad(~xp.isfinite(value))}")
    if integer and value.dtype.kind == "f" and bool((value != xp.floor(value)).any()):
        raise NatlossInputError(f"{name}: expected integer values, got {first_bad(value != xp.floor(value))}")
    bad = outside(value, lo, lo_open, hi, hi_open, xp)
    if bool(bad.any()):
        raise NatlossInputError(f"{name}: expected values in {interval_text(lo, lo_open, hi, hi_open)}, got {first_bad(bad)}")
    with np.errstate(over="ignore"):
        cast = value.astype(dtype)
    if integer:
        check_exact_cast(value, cast, name, dtype, xp)
    bad = outside(cast, lo, lo_open, hi, hi_open, xp)
    if bool(bad.any()):
        raise NatlossInputError(
            f"{name}: expected values in {interval_text(lo, lo_open, hi, hi_open)} in the loss's dtype {float_text(dtype)}"
            f" (build the loss in float64), got {first_bad(bad)}")
    return cast


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


# ---------------------------------------------------------------------------------------
# The checks of a loss's arguments (runtime/base.py calls them). Each takes the loss: its
# array module `xp`, its declared names, domains and supports, its dtype and batch shape,
# and the hooks a structure mixin changes (_target_shape, _check_vector_targets, _class_indices).
def check_params(loss, params) -> tuple:
    """The natural parameters as plain arrays of one float dtype and shape, inside their domains."""
    xp = loss.xp
    checked = []
    for name, x, (lo, lo_open, hi, hi_open) in zip(loss.param_names, params, loss.param_domains):
        x = plain_array(x, name, xp)
        if not loss._is_array(x) or x.dtype.name not in FLOAT_DTYPES:
            raise NatlossTypeError(f"{name}: expected a {xp.__name__} float32 or float64 array, got {describe(x)}")
        if checked and (x.shape != checked[0].shape or x.dtype != checked[0].dtype):
            raise NatlossInputError(
                f"{name}: expected the shape {tuple(checked[0].shape)} and dtype {checked[0].dtype} of"
                f" {loss.param_names[0]}, got {describe(x)}"
            )
        if not within(x, lo, lo_open, hi, hi_open, xp):
            raise NatlossInputError(
                f"{name}: expected finite values in {interval_text(lo, lo_open, hi, hi_open)},"
                f" got {first_bad(outside(x, lo, lo_open, hi, hi_open, xp))}"
            )
        checked.append(x)
    return tuple(checked)


def check_hypers(loss, hypers) -> dict:
    """Each declared hyper-parameter as a checked scalar, or a protected array of the batch shape."""
    xp = loss.xp
    out = {}
    for name, lo, lo_open, hi, hi_open, integer in loss.hyper_specs:
        value = plain_array(hypers[name], name, xp)
        if loss._is_array(value) and value.ndim == 0 and value.dtype.kind in "fiu":
            value = value.item()  # a NumPy scalar or 0-d array is the scalar it holds
        if loss._is_array(value):
            value = loss._protected(check_hyper_array(value, name, (lo, lo_open, hi, hi_open), integer, loss._dtype,
                                                      loss._batch_shape, xp))
        else:
            if isinstance(value, bool) or not isinstance(value, numbers.Real):
                raise NatlossTypeError(f"{name}: expected a real number or an array, got {describe(value)}")
            value = check_hyper_scalar(value, name, (lo, lo_open, hi, hi_open), integer, loss._dtype)
        out[name] = value
    return out


def check_mask(loss, mask):
    """The mask as a protected 0/1 array of the batch shape in the loss's dtype."""
    xp = loss.xp
    mask = plain_array(mask, "mask", xp)
    if not loss._is_array(mask) or mask.dtype.kind not in "biuf":
        raise NatlossTypeError(f"mask: expected a {xp.__name__} array of 0/1 (or bool) with the batch shape {loss._batch_shape}, got {describe(mask)}")
    if tuple(mask.shape) != loss._batch_shape:
        raise NatlossInputError(f"mask: expected the batch shape {loss._batch_shape}, got {describe(mask)}")
    if mask.dtype.kind != "b":
        bad = (mask != 0) & (mask != 1)
        if bool(bad.any()):
            raise NatlossInputError(f"mask: expected values 0 or 1, got {first_bad(bad)}")
    return loss._protected(mask.astype(loss._dtype))


def check_targets(loss, targets, argname="targets"):
    """Checked targets as a float array of the loss's dtype (integer families: exact integers).

    The values are checked in the caller's dtype first (a float64 2**25 + 1.5 is not a
    count, though it rounds to one in float32), then again after the conversion."""
    xp = loss.xp
    expected = loss._target_shape()
    targets = plain_array(targets, argname, xp)
    if not loss._is_array(targets) or targets.dtype.kind not in "biuf":
        raise NatlossTypeError(f"{argname}: expected a {xp.__name__} array of shape {expected}, got {describe(targets)}")
    if tuple(targets.shape) != expected:
        raise NatlossInputError(f"{argname}: expected the shape {expected}, got {describe(targets)}")
    check_target_values(loss, targets, argname)
    if loss.target_support == "class_index":
        return loss._class_indices(targets)
    y = targets.astype(loss._dtype, copy=False)
    if y is not targets:
        if loss.target_support in INTEGER_SUPPORTS:
            # Checked integers >= 0 up to 2**(mantissa bits + 1) convert exactly: nothing to recheck.
            if targets.size and float(targets.max()) > 2.0 ** (xp.finfo(loss._dtype).nmant + 1):
                check_exact_cast(targets, y, argname, loss._dtype, xp)
                check_target_values(loss, y, f"{argname} (in the loss's dtype {loss._dtype})")
        else:
            check_target_values(loss, y, f"{argname} (in the loss's dtype {loss._dtype})")
    return y


def check_target_values(loss, y, argname):
    support = loss.target_support
    if support in ("one_hot", "counts", "simplex", "class_index"):
        loss._check_vector_targets(y, argname)
        return
    bound = loss._hypers.get(loss.target_bound) if loss.target_bound else None
    bounds = getattr(loss, "target_bounds", None)
    check_support(y, support, argname, loss.xp, bound=bound, bound_name=loss.target_bound,
                  interval=resolve_bounds(bounds, loss._hypers), interval_message=bounds_text(bounds, loss._hypers))


def check_vector_targets(loss, y, argname):
    """Targets of a coupled family (the vector axis last): class indices, one-hot rows, counts or
    simplex rows, in the loss's dtype or as given (runtime/coupled.py)."""
    xp = loss.xp
    K = loss._params[0].shape[-1]
    support = loss.target_support
    if support in INTEGER_SUPPORTS and y.dtype.kind == "f":
        bad = y != xp.floor(y)
        if bool(bad.any()):
            raise NatlossInputError(f"{argname}: expected integer values for a {support} target, got {first_bad(bad)}")
    if support == "class_index":
        bad = ~((y >= 0) & (y < K))
        if bool(bad.any()):
            raise NatlossInputError(f"{argname}: expected class indices in [0, {K}), got {first_bad(bad)}")
        return y
    if support in ("one_hot", "counts"):
        total = 1 if support == "one_hot" else loss._hypers[loss.target_bound]
        if isinstance(total, xp.ndarray):
            total = total[..., 0]
        bad = ~(y >= 0) | ~xp.isfinite(y)
        if bool(bad.any()):
            raise NatlossInputError(f"{argname}: expected non-negative integer entries, got {first_bad(bad)}")
        sums = y.sum(axis=-1)
        bad = sums != total
        if bool(bad.any()):
            what = "one-hot rows (a single 1 per row)" if support == "one_hot" else f"counts summing to trials={total!r} over the last axis"
            raise NatlossInputError(f"{argname}: expected {what}, got {first_bad(bad)} (row sums)")
        return y
    if support == "simplex":
        bad = ~((y > 0) & (y < 1 + 1e-7))
        if bool(bad.any()):
            raise NatlossInputError(f"{argname}: expected entries in (0, 1) on the simplex, got {first_bad(bad)}")
        # float32 precision at most: simplex data rounded to float32 is accepted by a float64 loss.
        eps = float(xp.finfo(xp.float32).eps)
        bad = abs(y.sum(axis=-1) - 1) > 8 * eps * K
        if bool(bad.any()):
            raise NatlossInputError(f"{argname}: expected rows summing to 1 over the last axis, got {first_bad(bad)} (row sums)")
        return y
    raise NotImplementedError(support)


def check_seed(loss, seed, argname):
    """None, a generator of the loss's backend, or a non-negative int."""
    if seed is None or loss._is_generator(seed):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise NatlossTypeError(f"{argname}: expected None, a non-negative int or a {loss._generator_name}, got {describe(seed)}")
    return int(seed)


def require_targets(loss, targets, argname="targets"):
    """The given targets (checked), or the constructor's; an error if there are none."""
    if targets is None:
        if loss._targets is None:
            raise NatlossInputError(f"{argname}: this loss was built without targets; pass targets or build it with targets=")
        return loss._targets
    return loss.check_targets(targets, argname)


def check_input_vector(loss, vector, argname) -> tuple:
    """A vector in input space, the array (scalar and vector families) or a d-tuple, as a d-tuple."""
    shape, d = tuple(loss._params[0].shape), len(loss._params)
    parts = (vector,) if d == 1 else vector
    if d > 1 and (not isinstance(vector, (tuple, list)) or len(vector) != d):
        raise NatlossTypeError(f"{argname}: expected a tuple of {d} arrays ({', '.join(loss.param_names)}), got {describe(vector)}")
    return tuple(check_same(loss, x, shape, argname if d == 1 else f"{argname}[{i}]") for i, x in enumerate(parts))


def check_same(loss, x, shape, label):
    """x as a plain array of the given shape and the loss's dtype (checked, never cast)."""
    x = plain_array(x, label, loss.xp)
    if not loss._is_array(x) or x.dtype != loss._dtype or tuple(x.shape) != tuple(shape):
        raise NatlossTypeError(f"{label}: expected a {loss.xp.__name__} array of shape {tuple(shape)} and dtype {loss._dtype}, got {describe(x)}")
    return x


def check_replicated_index(loss, index) -> tuple:
    """A replicated one-hot's index over the factor's inner shape without the batch axis."""
    if len(loss._params[0].shape) == 0:
        raise NatlossInputError("index: a loss with 0-d inputs has no batch axis to replicate over")
    return check_index(index, loss.fisher_factor_inner_shape)
