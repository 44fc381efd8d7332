"""The weighted public API of every generated loss, the same for each backend.

Concrete generated classes fill in the unweighted per-case math (``_nll_per_case``,
``_grad_unweighted``, ``_compute_fisher``, ``_compute_factor``, the three products
and ``_sample_unweighted``); this base owns what TF K-FAC's
``NaturalParamsNegativeLogProbLoss`` promises:

* ``evaluate()`` sums weight * mask * NLL over all cases (it does not average);
* products with F carry weight * mask; with B, B^T and the replicated one-hot,
  sqrt(weight) * mask; gradients weight * mask;
* the Hessian and the GGN equal the Fisher (natural parameters: NLL'' = A'').

Internally a vector in input space is a tuple of d component arrays (d = 1 for scalar
families), a vector in factor space an array with the factor's inner shape.
The array module is ``xp`` (numpy or cupy).
"""
from __future__ import annotations

import math
import numbers

from natloss.runtime.checks import (
    FLOAT_DTYPES,
    NatlossInputError,
    NatlossTypeError,
    bounds_text,
    check_index,
    check_weight,
    describe,
    first_bad,
    interval_text,
    outside,
    resolve_bounds,
    within,
)


class NaturalParamsNegativeLogProbLoss:
    # Filled in by each generated class.
    family: str = ""
    structure: str = ""  # "scalar", "dense" or "diag_rank_one"
    param_names: tuple = ()
    param_domains: tuple = ()  # ((lo, lo_open, hi, hi_open), ...) per parameter
    hyper_specs: tuple = ()  # ((name, lo, lo_open, hi, hi_open, integer), ...)
    target_support: str = ""
    target_bound: str | None = None
    target_bounds: tuple | None = None  # interval supports: (lo, lo_open, hi, hi_open), a bound may be a hyper's name
    # Set by the backend subclass.
    xp = None

    def __init__(self, params, targets=None, mask=None, weight=1.0, seed=None, hypers=None):
        self._params = self._check_params(params)
        self._dtype = self._params[0].dtype
        self._batch_shape = self._batch_shape_of(self._params[0])
        self._hypers = self._check_hypers(hypers or {})
        self._weight = check_weight(weight)
        self._mask = None if mask is None else self._check_mask(mask)
        self._targets_given = targets
        self._targets = None if targets is None else self.check_targets(targets, "targets")
        self._seed = self._check_seed(seed, "seed")
        self._fisher_cache = None
        self._factor_cache = None

    # ------------------------------------------------------------------ checks
    def _is_array(self, x) -> bool:
        return isinstance(x, self.xp.ndarray)

    def _batch_shape_of(self, param):
        return tuple(param.shape)

    def _check_params(self, params):
        xp = self.xp
        checked = []
        for name, x, (lo, lo_open, hi, hi_open) in zip(self.param_names, params, self.param_domains):
            if not self._is_array(x) or x.dtype.name not in FLOAT_DTYPES:
                raise NatlossTypeError(f"{name}: expected a {xp.__name__} float32 or float64 array, got {describe(x)}")
            if checked and (x.shape != checked[0].shape or x.dtype != checked[0].dtype):
                raise NatlossInputError(
                    f"{name}: expected the shape {tuple(checked[0].shape)} and dtype {checked[0].dtype} of"
                    f" {self.param_names[0]}, got {describe(x)}"
                )
            if not within(x, lo, lo_open, hi, hi_open, xp):
                raise NatlossInputError(
                    f"{name}: expected finite values in {interval_text(lo, lo_open, hi, hi_open)},"
                    f" got {first_bad(outside(x, lo, lo_open, hi, hi_open, xp))}"
                )
            checked.append(x)
        return tuple(checked)

    def _check_hypers(self, hypers):
        xp = self.xp
        out = {}
        for name, lo, lo_open, hi, hi_open, integer in self.hyper_specs:
            value = hypers[name]
            if self._is_array(value):
                if value.shape != self._batch_shape:
                    raise NatlossInputError(
                        f"{name}: expected a scalar or an array of the batch shape {self._batch_shape}, got {describe(value)}"
                    )
                if value.dtype.kind not in "fiu":
                    raise NatlossTypeError(f"{name}: expected a real array, got {describe(value)}")
                if value.dtype.kind == "f" and bool((~xp.isfinite(value)).any()):
                    raise NatlossInputError(f"{name}: expected finite values, got {first_bad(~xp.isfinite(value))}")
                if integer and value.dtype.kind == "f" and bool((value != xp.floor(value)).any()):
                    raise NatlossInputError(f"{name}: expected integer values, got {first_bad(value != xp.floor(value))}")
                value = value.astype(self._dtype)
                bad = outside(value, lo, lo_open, hi, hi_open, xp)
                if bool(bad.any()):
                    raise NatlossInputError(f"{name}: expected values in {interval_text(lo, lo_open, hi, hi_open)}, got {first_bad(bad)}")
            else:
                if isinstance(value, bool) or not isinstance(value, numbers.Real):
                    raise NatlossTypeError(f"{name}: expected a real number or an array, got {describe(value)}")
                if not math.isfinite(value):
                    raise NatlossInputError(f"{name}: expected a finite value in {interval_text(lo, lo_open, hi, hi_open)}, got {value!r}")
                if integer and value != math.floor(value):
                    raise NatlossInputError(f"{name}: expected an integer, got {value!r}")
                if bool(outside(xp.asarray(float(value)), lo, lo_open, hi, hi_open, xp)):
                    raise NatlossInputError(f"{name}: expected a value in {interval_text(lo, lo_open, hi, hi_open)}, got {value!r}")
                value = int(value) if integer else float(value)
            out[name] = value
        return out

    def _check_mask(self, mask):
        xp = self.xp
        if not self._is_array(mask) or mask.dtype.kind not in "biuf":
            raise NatlossTypeError(f"mask: expected a {xp.__name__} array of 0/1 (or bool) with the batch shape {self._batch_shape}, got {describe(mask)}")
        if tuple(mask.shape) != self._batch_shape:
            raise NatlossInputError(f"mask: expected the batch shape {self._batch_shape}, got {describe(mask)}")
        if mask.dtype.kind != "b":
            bad = (mask != 0) & (mask != 1)
            if bool(bad.any()):
                raise NatlossInputError(f"mask: expected values 0 or 1, got {first_bad(bad)}")
        return mask.astype(self._dtype)

    def _target_shape(self):
        return self._batch_shape

    def check_targets(self, targets, argname="targets"):
        """Checked targets as a float array of the loss's dtype (integer families: exact integers)."""
        xp = self.xp
        expected = self._target_shape()
        if not self._is_array(targets) or targets.dtype.kind not in "biuf":
            raise NatlossTypeError(f"{argname}: expected a {xp.__name__} array of shape {expected}, got {describe(targets)}")
        if tuple(targets.shape) != expected:
            raise NatlossInputError(f"{argname}: expected the shape {expected}, got {describe(targets)}")
        y = targets.astype(self._dtype, copy=False)
        support = self.target_support
        integer = support in ("binary", "nonnegative_integer", "bounded_integer", "class_index", "one_hot", "counts")
        if integer and targets.dtype.kind == "f":
            bad = y != xp.floor(y)
            if bool(bad.any()):
                raise NatlossInputError(f"{argname}: expected integer values for a {support} target, got {first_bad(bad)}")
        if support == "binary":
            ok = bool(((y == 0) | (y == 1)).all())
            interval, text = (0, False, 1, False), "values 0 or 1"
        else:
            bounds = {
                "real": ((-math.inf, True, math.inf, True), "finite real values"),
                "positive": ((0, True, math.inf, True), "finite values > 0"),
                "unit_interval": ((0, True, 1, True), "values in (0, 1)"),
                "nonnegative_integer": ((0, False, math.inf, True), "integers >= 0"),
                "bounded_integer": ((0, False, self._hypers.get(self.target_bound), False), f"integers in [0, {self.target_bound}]"),
                "interval": (resolve_bounds(self.target_bounds, self._hypers), bounds_text(self.target_bounds, self._hypers)),
                "angle": ((-math.pi, True, math.pi, False), "angles in (-pi, pi]"),
            }
            if support not in bounds:
                return self._check_vector_targets(y, argname)
            interval, text = bounds[support]
            ok = within(y, *interval, xp)
        if not ok:
            bad = (y != 0) & (y != 1) if support == "binary" else outside(y, *interval, xp)
            raise NatlossInputError(f"{argname}: expected {text}, got {first_bad(bad)}")
        return y

    def _check_vector_targets(self, y, argname):  # coupled families (runtime/coupled.py)
        raise NotImplementedError(self.target_support)

    def _check_seed(self, seed, argname):
        if seed is None or self._is_generator(seed):
            return seed
        if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
            raise NatlossTypeError(f"{argname}: expected None, a non-negative int or a {self._generator_name}, got {describe(seed)}")
        return int(seed)

    def _require_targets(self, targets, argname="targets"):
        if targets is None:
            if self._targets is None:
                raise NatlossInputError(f"{argname}: this loss was built without targets; pass targets or build it with targets=")
            return self._targets
        return self.check_targets(targets, argname)

    def _check_input_vector(self, vector, argname):
        """A vector in input space: the array (scalar and vector families) or a d-tuple."""
        shape, d = tuple(self._params[0].shape), len(self._params)
        parts = (vector,) if d == 1 else vector
        if d > 1 and (not isinstance(vector, (tuple, list)) or len(vector) != d):
            raise NatlossTypeError(f"{argname}: expected a tuple of {d} arrays ({', '.join(self.param_names)}), got {describe(vector)}")
        for i, x in enumerate(parts):
            label = argname if d == 1 else f"{argname}[{i}]"
            self._check_same(x, shape, label)
        return tuple(parts)

    def _check_same(self, x, shape, label):
        if not self._is_array(x) or x.dtype != self._dtype or tuple(x.shape) != tuple(shape):
            raise NatlossTypeError(f"{label}: expected a {self.xp.__name__} array of shape {tuple(shape)} and dtype {self._dtype}, got {describe(x)}")

    # ------------------------------------------------------------ properties
    @property
    def inputs(self):
        return self._params[0] if len(self._params) == 1 else self._params

    @property
    def params(self):
        """The natural parameters (the inputs)."""
        return self.inputs

    @property
    def targets(self):
        """The targets as given to the constructor."""
        return self._targets_given

    @property
    def mask(self):
        return self._mask

    @property
    def weight(self) -> float:
        return self._weight

    @property
    def dtype(self):
        return self._dtype

    @property
    def hyper_parameters(self) -> dict:
        return dict(self._hypers)

    @property
    def batch_shape(self) -> tuple:
        return self._batch_shape

    @property
    def fisher_factor_inner_shape(self) -> tuple:
        shape = tuple(self._params[0].shape)
        return shape if len(self._params) == 1 else shape + (len(self._params),)

    @property
    def fisher_factor_inner_static_shape(self) -> tuple:
        return self.fisher_factor_inner_shape

    # ----------------------------------------------------------------- caches
    def _fisher_entries(self):
        if self._fisher_cache is None:
            self._fisher_cache = self._finalize_entries(self._compute_fisher())
        return self._fisher_cache

    # Backends whose _compute_factor takes (params, hypers) can compute a slice of the factor.
    _factor_takes_params = False

    def _factor_entries(self):
        if self._factor_cache is None:
            entries = self._compute_factor(self._params, self._hypers) if self._factor_takes_params else self._compute_factor()
            self._factor_cache = self._finalize_entries(entries)
        return self._factor_cache

    def _factor_entries_at(self, where):
        """The factor entries at params[where]: the whole cache if it exists, else only the slice."""
        if self._factor_cache is not None or not self._factor_takes_params:
            return tuple(e[where] for e in self._factor_entries())
        xp = self.xp
        params = tuple(p[where] for p in self._params)
        hypers = {k: (v[where] if isinstance(v, xp.ndarray) else v) for k, v in self._hypers.items()}
        return self._finalize_entries(self._compute_factor(params, hypers), params[0].shape)

    def _finalize_entries(self, entries, shape=None):
        xp = self.xp
        shape = tuple(self._params[0].shape) if shape is None else tuple(shape)
        return tuple(xp.broadcast_to(xp.asarray(e, dtype=self._dtype), shape) for e in entries)

    def _as_dtype(self, x):
        xp = self.xp
        return xp.broadcast_to(xp.asarray(x, dtype=self._dtype), tuple(self._params[0].shape))

    # ----------------------------------------------------------- weighting
    def _case_scale(self, scale):
        """scale * mask, broadcast over a case's components."""
        if self._mask is None:
            return scale
        return self._mask * scale if scale != 1.0 else self._mask

    def _scaled(self, parts, scale):
        s = self._case_scale(scale)
        if isinstance(s, float) and s == 1.0:
            return tuple(self._as_dtype(p) for p in parts)
        return tuple(self._as_dtype(p * s) for p in parts)

    def _to_public(self, parts):
        return parts[0] if len(self._params) == 1 else parts

    # --------------------------------------------------------------- the API
    def nll(self, targets=None):
        """The per-case negative log-likelihood (unweighted, unmasked), of the batch shape."""
        return self._as_case_array(self._nll_per_case(self._require_targets(targets)))

    def log_prob(self, targets=None):
        """The per-case log-likelihood, -nll."""
        return -self.nll(targets)

    def _as_case_array(self, x):
        xp = self.xp
        return xp.broadcast_to(xp.asarray(x, dtype=self._dtype), self._batch_shape)

    def _reduce(self, per_case):
        per_case = self._as_case_array(per_case)
        if self._mask is not None:
            per_case = per_case * self._mask
        return self._weight * per_case.sum(dtype=self._dtype)

    def evaluate(self):
        """sum over cases of weight * mask * NLL(targets)."""
        return self._reduce(self._nll_per_case(self._require_targets(None)))

    def evaluate_on_sample(self, seed=None):
        """evaluate() at targets drawn from the model (seed: an int, a generator, or the constructor's)."""
        return self._reduce(self._nll_per_case(self._sample_float(seed)))

    def grad_of_evaluate(self, targets=None):
        """d evaluate / d inputs = weight * mask * (grad A - T(targets))."""
        return self._to_public(self._scaled(self._grad_unweighted(self._require_targets(targets)), self._weight))

    def grad_of_evaluate_on_sample(self, seed=None):
        return self._to_public(self._scaled(self._grad_unweighted(self._sample_float(seed)), self._weight))

    def mean_sufficient_statistic(self):
        """E[T(y)] = grad A(eta), per case (a tuple for several natural parameters)."""
        return self._to_public(tuple(self._as_dtype(m) for m in self._mean_unweighted()))

    def _rng(self, seed, argname="seed"):
        seed = self._check_seed(seed, argname)
        if seed is None:
            seed = self._seed
        return self._make_generator(seed)

    def sample(self, seed=None):
        """Targets drawn from the model: an int array for count, binary and class families."""
        y = self._sample_unweighted(self._rng(seed), self._batch_shape)
        return self._cast_sample(y)

    def _sample_float(self, seed):
        return self.sample(seed).astype(self._dtype)

    def _cast_sample(self, y):
        xp = self.xp
        integer = self.target_support in ("binary", "nonnegative_integer", "bounded_integer", "class_index", "one_hot", "counts")
        if integer:
            return xp.asarray(y, dtype=xp.int64)
        finfo = xp.finfo(self._dtype)
        if self.target_support == "interval":  # a heavy tail's draw past the dtype's range: its largest value
            y = xp.clip(xp.asarray(y, dtype=xp.float64), -float(finfo.max), float(finfo.max))
        y = xp.asarray(y, dtype=self._dtype)
        # A draw rounded onto the support's open boundary (a beta draw of 1.0, a float32
        # gamma draw of 0) is moved to the nearest representable value inside it.
        if self.target_support in ("positive", "unit_interval", "simplex"):
            y = xp.maximum(y, finfo.tiny)
        if self.target_support in ("unit_interval", "simplex"):
            y = xp.minimum(y, 1 - finfo.epsneg)
        if self.target_support == "angle":  # (-pi, pi]: a draw of -pi is the angle pi
            y = xp.where(y <= -math.pi, y + 2 * math.pi, y)
        return y

    def multiply_fisher(self, vector):
        """F v * weight * mask; v in input space (an array, or a tuple of d arrays)."""
        v = self._check_input_vector(vector, "vector")
        return self._to_public(self._scaled(self._fisher_product(v), self._weight))

    def multiply_fisher_factor(self, vector):
        """B u * sqrt(weight) * mask; u has the factor's inner shape, the result is in input space."""
        self._check_same(vector, self.fisher_factor_inner_shape, "vector")
        u = self._factor_components(vector)
        return self._to_public(self._scaled(self._factor_product(u), math.sqrt(self._weight)))

    def multiply_fisher_factor_transpose(self, vector):
        """B^T v * sqrt(weight) * mask; v in input space, the result has the factor's inner shape."""
        v = self._check_input_vector(vector, "vector")
        out = self._scaled(self._factor_transpose_product(v), math.sqrt(self._weight))
        return self._stack_factor(out)

    def multiply_fisher_factor_replicated_one_hot(self, index):
        """B e * sqrt(weight) * mask, where e is 1 at [b, *index] for every batch index b."""
        if len(self._params[0].shape) == 0:
            raise NatlossInputError("index: a loss with 0-d inputs has no batch axis to replicate over")
        index = check_index(index, self.fisher_factor_inner_shape)
        return self._to_public(self._scaled(self._replicated_one_hot(index), math.sqrt(self._weight)))

    def _factor_components(self, u):
        return (u,) if len(self._params) == 1 else tuple(u[..., i] for i in range(len(self._params)))

    def _stack_factor(self, parts):
        return parts[0] if len(self._params) == 1 else self.xp.stack(parts, axis=-1)

    def _replicated_one_hot(self, index):
        """Column `index` of B, placed at [:, *position] in every batch slot, zeros elsewhere."""
        xp = self.xp
        d = len(self._params)
        position, column = (index, 0) if d == 1 else (index[:-1], index[-1])
        where = (slice(None),) + tuple(position)
        entries = self._factor_entries_at(where)
        out = []
        for entry_index in self._factor_columns[column]:
            part = xp.zeros(self._params[0].shape, dtype=self._dtype)
            if entry_index is not None:
                part[where] = entries[entry_index]
            out.append(part)
        return tuple(out)

    # Hessian and GGN: equal to the Fisher for natural-parameter losses.
    def multiply_hessian(self, vector):
        return self.multiply_fisher(vector)

    def multiply_hessian_factor(self, vector):
        return self.multiply_fisher_factor(vector)

    def multiply_hessian_factor_transpose(self, vector):
        return self.multiply_fisher_factor_transpose(vector)

    def multiply_hessian_factor_replicated_one_hot(self, index):
        return self.multiply_fisher_factor_replicated_one_hot(index)

    @property
    def hessian_factor_inner_shape(self):
        return self.fisher_factor_inner_shape

    @property
    def hessian_factor_inner_static_shape(self):
        return self.fisher_factor_inner_static_shape

    def multiply_ggn(self, vector):
        return self.multiply_fisher(vector)

    def multiply_ggn_factor(self, vector):
        return self.multiply_fisher_factor(vector)

    def multiply_ggn_factor_transpose(self, vector):
        return self.multiply_fisher_factor_transpose(vector)

    def multiply_ggn_factor_replicated_one_hot(self, index):
        return self.multiply_fisher_factor_replicated_one_hot(index)

    @property
    def ggn_factor_inner_shape(self):
        return self.fisher_factor_inner_shape

    @property
    def ggn_factor_inner_static_shape(self):
        return self.fisher_factor_inner_static_shape

    def __repr__(self):
        return f"{type(self).__name__}(batch_shape={self._batch_shape}, dtype={self._dtype}, weight={self._weight})"
