"""The weighted public API of every generated loss, the same for each backend.

Concrete generated classes fill in the unweighted per-case math (``_nll_per_case``,
``_grad_unweighted``, ``_compute_fisher``, ``_compute_factor``, the three products
and ``_sample_unweighted``); this base owns what TF K-FAC's
``NaturalParamsNegativeLogProbLoss`` promises:

* ``evaluate()`` sums weight * mask * NLL over all cases (it does not average);
* products with F carry weight * mask; with B, B^T and the replicated one-hot,
  sqrt(weight) * mask; gradients weight * mask. The weight is one scalar for every case or
  an array of the batch shape, w_i per case (``_case_weight``); a mask is a select, so a
  masked-out case is exactly 0 whatever its weight;
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
    INTEGER_SUPPORTS,
    NatlossInputError,
    NatlossTypeError,
    check_exact_cast,
    check_hyper_array,
    check_hyper_scalar,
    bounds_text,
    check_index,
    check_support,
    check_weight,
    describe,
    first_bad,
    interval_text,
    outside,
    plain_array,
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
        weight = check_weight(weight, self._batch_shape, self._dtype, self.xp)
        self._weight = weight if isinstance(weight, float) else self._protected(weight)
        self._sqrt_weight_cache = None
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
            x = plain_array(x, name, xp)
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
            value = plain_array(hypers[name], name, xp)
            if self._is_array(value) and value.ndim == 0 and value.dtype.kind in "fiu":
                value = value.item()  # a NumPy scalar or 0-d array is the scalar it holds
            if self._is_array(value):
                value = self._protected(check_hyper_array(value, name, (lo, lo_open, hi, hi_open), integer, self._dtype,
                                                          self._batch_shape, xp))
            else:
                if isinstance(value, bool) or not isinstance(value, numbers.Real):
                    raise NatlossTypeError(f"{name}: expected a real number or an array, got {describe(value)}")
                value = check_hyper_scalar(value, name, (lo, lo_open, hi, hi_open), integer, self._dtype)
            out[name] = value
        return out

    def _check_mask(self, mask):
        xp = self.xp
        mask = plain_array(mask, "mask", xp)
        if not self._is_array(mask) or mask.dtype.kind not in "biuf":
            raise NatlossTypeError(f"mask: expected a {xp.__name__} array of 0/1 (or bool) with the batch shape {self._batch_shape}, got {describe(mask)}")
        if tuple(mask.shape) != self._batch_shape:
            raise NatlossInputError(f"mask: expected the batch shape {self._batch_shape}, got {describe(mask)}")
        if mask.dtype.kind != "b":
            bad = (mask != 0) & (mask != 1)
            if bool(bad.any()):
                raise NatlossInputError(f"mask: expected values 0 or 1, got {first_bad(bad)}")
        return self._protected(mask.astype(self._dtype))

    def _protected(self, x):
        """An internal array the caller cannot write through (NumPy arrays; CuPy has no flag)."""
        flags = getattr(x, "flags", None)
        if flags is not None and hasattr(flags, "writeable"):
            x.flags.writeable = False
        return x

    def _target_shape(self):
        return self._batch_shape

    def check_targets(self, targets, argname="targets"):
        """Checked targets as a float array of the loss's dtype (integer families: exact integers).

        The values are checked in the caller's dtype first (a float64 2**25 + 1.5 is not a
        count, though it rounds to one in float32), then again after the conversion."""
        xp = self.xp
        expected = self._target_shape()
        targets = plain_array(targets, argname, xp)
        if not self._is_array(targets) or targets.dtype.kind not in "biuf":
            raise NatlossTypeError(f"{argname}: expected a {xp.__name__} array of shape {expected}, got {describe(targets)}")
        if tuple(targets.shape) != expected:
            raise NatlossInputError(f"{argname}: expected the shape {expected}, got {describe(targets)}")
        self._check_target_values(targets, argname)
        if self.target_support == "class_index":
            return self._class_indices(targets)
        y = targets.astype(self._dtype, copy=False)
        if y is not targets:
            if self.target_support in INTEGER_SUPPORTS:
                # Checked integers >= 0 up to 2**(mantissa bits + 1) convert exactly: nothing to recheck.
                if targets.size and float(targets.max()) > 2.0 ** (xp.finfo(self._dtype).nmant + 1):
                    check_exact_cast(targets, y, argname, self._dtype, xp)
                    self._check_target_values(y, f"{argname} (in the loss's dtype {self._dtype})")
            else:
                self._check_target_values(y, f"{argname} (in the loss's dtype {self._dtype})")
        return y

    def _check_target_values(self, y, argname):
        support = self.target_support
        if support in ("one_hot", "counts", "simplex", "class_index"):
            self._check_vector_targets(y, argname)
            return
        bound = self._hypers.get(self.target_bound) if self.target_bound else None
        bounds = getattr(self, "target_bounds", None)
        check_support(y, support, argname, self.xp, bound=bound, bound_name=self.target_bound,
                      interval=resolve_bounds(bounds, self._hypers), interval_message=bounds_text(bounds, self._hypers))

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
        return tuple(self._check_same(x, shape, argname if d == 1 else f"{argname}[{i}]") for i, x in enumerate(parts))

    def _check_same(self, x, shape, label):
        """x as a plain array of the given shape and the loss's dtype (checked, never cast)."""
        x = plain_array(x, label, self.xp)
        if not self._is_array(x) or x.dtype != self._dtype or tuple(x.shape) != tuple(shape):
            raise NatlossTypeError(f"{label}: expected a {self.xp.__name__} array of shape {tuple(shape)} and dtype {self._dtype}, got {describe(x)}")
        return x

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
        """The mask as 0/1 in the loss's dtype (a copy), or None."""
        return None if self._mask is None else self._mask.copy()

    @property
    def weight(self):
        """The weight: a float (the same for every case), or the per-case weights as an array of
        the batch shape and the loss's dtype (a copy)."""
        return self._weight if isinstance(self._weight, float) else self._weight.copy()

    @property
    def dtype(self):
        return self._dtype

    @property
    def hyper_parameters(self) -> dict:
        """The hyper-parameters (arrays as copies)."""
        return {k: (v.copy() if self._is_array(v) else v) for k, v in self._hypers.items()}

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

    def _as_dtype(self, x, shape=None):
        """x in the loss's dtype and the inputs' shape (a broadcast view only where needed)."""
        xp = self.xp
        shape = tuple(self._params[0].shape) if shape is None else shape
        x = xp.asarray(x, dtype=self._dtype)
        return x if tuple(x.shape) == shape else xp.broadcast_to(x, shape)

    # ----------------------------------------------------------- weighting
    _drop_cache = None

    def _case_weight(self, sqrt=False):
        """weight (or sqrt(weight)) as a factor for arrays of the inputs' shape: a float, or the
        per-case array with unit axes appended (the coupled axis, the components), so it
        multiplies every entry of its case."""
        w = self._weight
        if isinstance(w, float):
            return math.sqrt(w) if sqrt else w
        if sqrt:
            if self._sqrt_weight_cache is None:
                self._sqrt_weight_cache = self._protected(self.xp.sqrt(w))
            w = self._sqrt_weight_cache
        extra = self._params[0].ndim - w.ndim
        return w.reshape(w.shape + (1,) * extra) if extra else w

    def _dropped_cases(self):
        """Where the mask is 0, as index arrays over the batch axes (computed once), or None."""
        if self._mask is None:
            return None
        if self._drop_cache is None:
            xp = self.xp
            self._drop_cache = xp.nonzero(self._mask == 0) if self._mask.ndim else (bool(self._mask == 0),)
        return self._drop_cache

    def _zero_dropped(self, x, args=()):
        """x (made the caller's own) with exactly 0 at the masked-out cases (whole rows of a coupled
        family): a select, so a NaN or inf there (in a vector, or an overflowed per-case value)
        cannot leak through 0 * NaN. Writing through precomputed indices costs a tenth of a where."""
        x = self._own(x, args)
        dropped = self._dropped_cases()
        if not self._mask.ndim:
            if dropped[0]:
                x[...] = 0
        elif dropped[0].size:
            x[dropped] = 0
        return x

    def _scaled(self, parts, scale, args=()):
        """scale * p, and exactly 0 at masked-out cases (args: the call's arrays, never written)."""
        out = []
        unit = isinstance(scale, float) and scale == 1.0
        for p in parts:
            p = self._as_dtype(p) if unit else self._as_dtype(p * scale)
            out.append(p if self._mask is None else self._zero_dropped(p, args))
        return tuple(out)

    def _own(self, x, args=()):
        """x as an array the caller owns: a fresh writable array, never a view (of the caches or a
        broadcast), an input, the targets or one of the call's arrays `args` (a computed result
        is returned as it is)."""
        flags = x.flags
        if flags.owndata and getattr(flags, "writeable", True) and not any(
                x is a for a in (*self._params, self._targets, *args)):
            return x
        return x.copy()

    def _to_public(self, parts, args=()):
        parts = tuple(self._own(p, args) for p in parts)
        return parts[0] if len(self._params) == 1 else parts

    # --------------------------------------------------------------- the API
    def nll(self, targets=None):
        """The per-case negative log-likelihood (unweighted, unmasked), of the batch shape."""
        y = self._require_targets(targets)
        return self._own(self._as_case_array(self._nll_per_case(y)), (y,))

    def log_prob(self, targets=None):
        """The per-case log-likelihood, -nll."""
        return -self.nll(targets)

    def _as_case_array(self, x):
        return self._as_dtype(x, self._batch_shape)

    def _reduce(self, per_case, y):
        per_case = self._as_case_array(per_case)
        if self._mask is not None:  # a select: an inf NLL at a masked-out case adds 0, not NaN
            per_case = self._zero_dropped(per_case, (y,))
        if not isinstance(self._weight, float):  # sum_i w_i NLL_i (masked cases were set to 0)
            return (self._weight * per_case).sum(dtype=self._dtype)
        return self._weight * per_case.sum(dtype=self._dtype)

    def evaluate(self):
        """sum over cases of weight * mask * NLL(targets)."""
        y = self._require_targets(None)
        return self._reduce(self._nll_per_case(y), y)

    def evaluate_on_sample(self, seed=None):
        """evaluate() at targets drawn from the model (seed: an int, a generator, or the constructor's)."""
        y = self._sample_float(seed)
        return self._reduce(self._nll_per_case(y), y)

    def grad_of_evaluate(self, targets=None):
        """d evaluate / d inputs = weight * mask * (grad A - T(targets))."""
        y = self._require_targets(targets)
        return self._to_public(self._scaled(self._grad_unweighted(y), self._case_weight(), (y,)), (y,))

    def grad_of_evaluate_on_sample(self, seed=None):
        return self._to_public(self._scaled(self._grad_unweighted(self._sample_float(seed)), self._case_weight()))

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
        return self._own(self._cast_sample(y))

    def _sample_float(self, seed):
        return self.sample(seed).astype(self._dtype)

    def _cast_sample(self, y):
        xp = self.xp
        if self.target_support in INTEGER_SUPPORTS:  # int64 counts; float64 ones where a count may pass int64 (runtime/numpy_draws.py)
            y = xp.asarray(y)
            # A sampler written as an expression (floor(...)) draws floats: int64 where they fit.
            fits = y.dtype.kind != "f" or not y.size or bool((xp.abs(y) < 2.0**62).all())
            return y.astype(xp.int64 if fits else xp.float64, copy=False)
        finfo = xp.finfo(self._dtype)
        if self.target_support == "interval":  # a heavy tail's draw past the dtype's range: its largest value
            y = xp.clip(xp.asarray(y, dtype=xp.float64), -float(finfo.max), float(finfo.max))
        y = xp.asarray(y, dtype=self._dtype)
        # A draw rounded onto the support's open boundary (a beta draw of 1.0, a float32
        # gamma draw of 0) is moved to the nearest representable value inside it.
        if self.target_support in ("positive", "unit_interval", "simplex"):
            y = xp.maximum(y, finfo.tiny)
        if self.target_support == "positive":  # 1 / (a gamma draw of 1e-45) is inf in float32
            y = xp.minimum(y, finfo.max)
        if self.target_support in ("unit_interval", "simplex"):
            y = xp.minimum(y, 1 - finfo.epsneg)
        if self.target_support == "angle":  # (-pi, pi]: a draw of -pi is the angle pi
            y = xp.where(y <= -math.pi, y + 2 * math.pi, y)
        return y

    def multiply_fisher(self, vector):
        """F v * weight * mask; v in input space (an array, or a tuple of d arrays)."""
        v = self._check_input_vector(vector, "vector")
        return self._to_public(self._scaled(self._fisher_product(v), self._case_weight(), v), v)

    def multiply_fisher_factor(self, vector):
        """B u * sqrt(weight) * mask; u has the factor's inner shape, the result is in input space."""
        u = self._factor_components(self._check_same(vector, self.fisher_factor_inner_shape, "vector"))
        return self._to_public(self._scaled(self._factor_product(u), self._case_weight(sqrt=True), u), u)

    def multiply_fisher_factor_transpose(self, vector):
        """B^T v * sqrt(weight) * mask; v in input space, the result has the factor's inner shape."""
        v = self._check_input_vector(vector, "vector")
        out = self._scaled(self._factor_transpose_product(v), self._case_weight(sqrt=True), v)
        return self._own(self._stack_factor(out), v)

    def multiply_fisher_factor_replicated_one_hot(self, index):
        """B e * sqrt(weight) * mask, where e is 1 at [b, *index] for every batch index b."""
        if len(self._params[0].shape) == 0:
            raise NatlossInputError("index: a loss with 0-d inputs has no batch axis to replicate over")
        index = check_index(index, self.fisher_factor_inner_shape)
        return self._to_public(self._scaled(self._replicated_one_hot(index), self._case_weight(sqrt=True)))

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

    # ------------------------------------------------------- per-case matrices
    def per_case_fisher(self, weighted=True):
        """The Fisher of each case's NLL in this loss's inputs, one matrix per case.

        * One input array (scalar families; a parametrization with one parameter): an array
          of the inputs' shape, F_i.
        * d input arrays (dense families, parametrizations with d parameters): an array of
          the inputs' shape + (d, d), symmetric; [..., j, k] is F_jk in the order of `inputs`.
        * Componentwise families (a case is a row of independent components): the same per
          component; the case's Fisher is block diagonal with these blocks.
        * Coupled (diagonal-plus-rank-one) families: a `DiagPlusRankOne` (runtime/coupled.py).
        * Losses in user parameters theta: J^T F J in theta (what `multiply_fisher` applies).

        weighted=True (the default): weight * mask * F_i, as in `multiply_fisher`, so the
        Fisher of `evaluate()` in a model's parameters is the sum over cases of
        J_i^T W_i J_i (a GLM's X^T W X); a masked-out case is exactly 0.
        weighted=False: F_i alone (no weight, no mask), like `nll()`.
        Returns a new array the caller owns.
        """
        return self._per_case_matrix(self._fisher_entries(), weighted)

    def per_case_hessian(self, targets=None, weighted=True):
        """The Hessian of each case's NLL in this loss's inputs, shaped as `per_case_fisher`.

        In natural parameters it equals the Fisher (it does not read the targets; given
        targets are still checked). Losses in user parameters return the true Hessian
        J^T F J + sum_i (grad A - T)_i Hess(eta_i) at the targets (runtime/parametrized.py)."""
        if targets is not None:
            self.check_targets(targets, "targets")
        return self.per_case_fisher(weighted)

    def _per_case_matrix(self, entries, weighted):
        """The upper-triangle entries (row by row) as a new array of shape (d = 1) or + (d, d)."""
        xp = self.xp
        shape = tuple(self._params[0].shape)
        d = len(self._params)
        if d == 1:
            out = xp.array(xp.broadcast_to(xp.asarray(entries[0], dtype=self._dtype), shape))
        else:
            out = xp.empty(shape + (d, d), dtype=self._dtype)
            pairs = [(i, j) for i in range(d) for j in range(i, d)]
            for (i, j), entry in zip(pairs, entries):
                out[..., i, j] = entry
                out[..., j, i] = entry
        return self._weigh_cases(out) if weighted else out

    def _weigh_cases(self, out):
        """out (a fresh array, leading axes the inputs' shape) times weight, masked-out cases 0, in place."""
        w = self._weight  # the leading axes of `out` are the batch axes
        if not isinstance(w, float):
            out *= w.reshape(w.shape + (1,) * (out.ndim - w.ndim))
        elif w != 1.0:
            out *= w
        return out if self._mask is None else self._zero_dropped(out)

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
        weight = self._weight if isinstance(self._weight, float) else "per case"
        return f"{type(self).__name__}(batch_shape={self._batch_shape}, dtype={self._dtype}, weight={weight})"
