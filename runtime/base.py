"""The public API of every generated loss, defined once, and the private contract each backend fills in.

The contract
============
The public methods (kfac-jax's and TF K-FAC's loss API) live here and in the structure
mixins (runtime/coupled.py, runtime/components.py, runtime/parametrized.py), nowhere else:
no backend class (runtime/numpy_base.py, cupy_base.py, cupy_coupled.py, cpu_base.py, nor a
generated class) overrides one; tests/test_contract.py checks this by introspection over
every generated class of every backend.

    evaluate(), evaluate_on_sample(seed=None)            sum_i weight_i mask_i NLL_i
    nll(targets=None), log_prob(targets=None)            per case, unweighted
    grad_of_evaluate(targets=None), grad_of_evaluate_on_sample(seed=None)
    mean_sufficient_statistic()                          E[T(y)] = grad A
    multiply_fisher(v), multiply_fisher_factor(u), multiply_fisher_factor_transpose(v),
    multiply_fisher_factor_replicated_one_hot(index)     and the multiply_hessian* / multiply_ggn*
                                                         aliases (equal for natural parameters)
    per_case_fisher(weighted=True), per_case_hessian(targets=None, weighted=True)
    sample(seed=None), check_targets(targets), and the properties (inputs, params, targets,
    mask, weight, dtype, batch_shape, hyper_parameters, *_factor_inner_shape, ...).

A public method checks its arguments (runtime/checks.py, through the thin ``_check_*``
hooks below), takes the loss's `Weighting` (built once per loss: ``_weighting(sqrt)``) and
calls private methods whose signatures are the same on every backend:

    _nll_per_case(y)                  per-case NLL, unweighted (per component / per row where
                                      the structure says so)
    _nll_total(y, weighting)          sum over cases of weighting * NLL, a scalar of the dtype
    _grad(y, weighting)               weighting * (grad A - T(y)): d arrays in input space
    _mean_unweighted()                grad A: d arrays
    _fisher_product(v, weighting)     weighting * F v; v: d arrays, result: d arrays
    _factor_product(u, weighting)     weighting * B u; u: an array of the factor's inner shape
    _factor_transpose_product(v, weighting)   weighting * B^T v: an array of the inner shape
    _sample_unweighted(rng, shape)    draws
  scalar, dense and componentwise families add
    _compute_fisher()                 F's entries (upper triangle, row by row)
    _compute_factor(where)            B's entries at params[where] (where=None: every case)
  coupled families instead _row_stats(), _fisher_pieces(), _factor_column(rows, column)
  (runtime/coupled.py); parametrized ones _compute_hessian(y), _hessian_product(v, entries).

`weighting` carries the weight (scalar, or per case), the mask and whether it is the
square root (the factor's products). A fused backend (CuPy, CPU) applies it inside its
kernels (``_kernel_weighting`` translates it into the kernels' scale and mask arguments);
NumPy applies it after its per-case formulas (``_weigh``). ``_nll_total`` is written once per
backend base, not generated: it holds a decision (the CUDA reduction takes a scalar weight
only, so CuPy sums per-case weights over the per-case kernel's output) and calls the
generated ``_nll_sum`` reduction (CuPy, CPU) or ``_nll_per_case`` (NumPy); the rest is
generated per family. One object rather than (scale, mask) pairs: every backend receives
the same argument, and the per-case and sqrt forms are computed once per loss.

Semantics (TF K-FAC's ``NaturalParamsNegativeLogProbLoss``):

* ``evaluate()`` sums weight * mask * NLL over all cases (it does not average);
* products with F carry weight * mask; with B, B^T and the replicated one-hot,
  sqrt(weight) * mask; gradients weight * mask. The weight is one scalar for every case or
  an array of the batch shape, w_i per case; a mask is a select, so a masked-out case is
  exactly 0 whatever its weight;
* the Hessian and the GGN equal the Fisher (natural parameters: NLL'' = A'').

Internally a vector in input space is a tuple of d component arrays (d = 1 for scalar
families), a vector in factor space an array with the factor's inner shape.
The array module is ``xp`` (numpy or cupy).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from natloss.runtime import checks
from natloss.runtime.checks import INTEGER_SUPPORTS, check_weight


@dataclass(frozen=True, eq=False)
class Weighting:
    """What multiplies a case's result: `scale` (a float: the scalar weight, 1.0 when the weights
    are per case), `per_case` (the per-case weights, an array of the batch shape in the loss's
    dtype, or None), `mask` (0/1 of the batch shape, or None: a select, not a product) and
    `sqrt` (True for the factor's products: scale and per_case are the square roots)."""

    scale: float
    per_case: Any
    mask: Any
    sqrt: bool


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
        self._mask = None if mask is None else self._check_mask(mask)
        self._targets_given = targets
        self._targets = None if targets is None else self.check_targets(targets, "targets")
        self._seed = self._check_seed(seed, "seed")
        self._fisher_cache = None
        self._factor_cache = None

    # ------------------------------------------------------------------ checks
    # The checks live in runtime/checks.py; these hooks are what a structure mixin changes.
    def _is_array(self, x) -> bool:
        return isinstance(x, self.xp.ndarray)

    def _batch_shape_of(self, param):
        return tuple(param.shape)

    def _check_params(self, params):
        return checks.check_params(self, params)

    def _check_hypers(self, hypers):
        return checks.check_hypers(self, hypers)

    def _check_mask(self, mask):
        return checks.check_mask(self, mask)

    def _protected(self, x):
        """An internal array the caller cannot write through (NumPy arrays; CuPy has no flag)."""
        flags = getattr(x, "flags", None)
        if flags is not None and hasattr(flags, "writeable"):
            x.flags.writeable = False
        return x

    def _target_shape(self):
        return self._batch_shape

    def check_targets(self, targets, argname="targets"):
        """Checked targets as a float array of the loss's dtype (integer families: exact integers)."""
        return checks.check_targets(self, targets, argname)

    def _check_vector_targets(self, y, argname):  # coupled families (runtime/coupled.py)
        raise NotImplementedError(self.target_support)

    def _check_seed(self, seed, argname):
        return checks.check_seed(self, seed, argname)

    def _require_targets(self, targets, argname="targets"):
        return checks.require_targets(self, targets, argname)

    def _check_input_vector(self, vector, argname):
        return checks.check_input_vector(self, vector, argname)

    def _check_factor_vector(self, vector, argname):
        return checks.check_same(self, vector, self.fisher_factor_inner_shape, argname)

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

    # True where computing B at a slice of the cases costs less than at all of them (NumPy's
    # formulas); a kernel backend computes the whole factor once and slices its cache.
    _factor_slices = False

    def _factor_entries(self):
        if self._factor_cache is None:
            self._factor_cache = self._finalize_entries(self._compute_factor(None))
        return self._factor_cache

    def _factor_entries_at(self, where):
        """The factor entries at params[where]: the whole cache if it exists, else only the slice."""
        if self._factor_cache is not None or not self._factor_slices:
            return tuple(e[where] for e in self._factor_entries())
        return self._finalize_entries(self._compute_factor(where), self._params[0][where].shape)

    def _inputs_at(self, where):
        """(params, hypers) at the cases `where` (None: all): what `_compute_factor(where)` reads."""
        if where is None:
            return self._params, self._hypers
        xp = self.xp
        params = tuple(p[where] for p in self._params)
        hypers = {k: (v[where] if isinstance(v, xp.ndarray) else v) for k, v in self._hypers.items()}
        return params, hypers

    @staticmethod
    def _entries_at(where, entries):
        """Entries computed for every case, at `where` (None: all of them)."""
        return entries if where is None else tuple(e[where] for e in entries)

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

    _weighting_cache = None

    def _weighting(self, sqrt=False) -> Weighting:
        """This loss's weight and mask as the private methods take them (built once each)."""
        if self._weighting_cache is None:
            self._weighting_cache = {}
        out = self._weighting_cache.get(sqrt)
        if out is None:
            w = self._weight
            if isinstance(w, float):
                out = Weighting(math.sqrt(w) if sqrt else w, None, self._mask, sqrt)
            else:
                out = Weighting(1.0, self._protected(self.xp.sqrt(w)) if sqrt else w, self._mask, sqrt)
            self._weighting_cache[sqrt] = out
        return out

    def _unit_weighting(self) -> Weighting:
        """No weight, no mask: the bare per-case result."""
        return Weighting(1.0, None, None, False)

    def _case_factor(self, weighting):
        """The weighting's weight as a factor for arrays of the inputs' shape: a float, or the
        per-case array with unit axes appended (the coupled axis, the components), so it
        multiplies every entry of its case."""
        w = weighting.per_case
        if w is None:
            return weighting.scale
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

    def _weigh(self, parts, weighting, args=()):
        """weighting * p for each part, exactly 0 at masked-out cases (args: the call's arrays,
        never written). The NumPy backend's way of applying a `Weighting` after its formulas."""
        out = []
        scale = self._case_factor(weighting)
        unit = isinstance(scale, float) and scale == 1.0
        for p in parts:
            p = self._as_dtype(p) if unit else self._as_dtype(p * scale)
            out.append(p if weighting.mask is None else self._zero_dropped(p, args))
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

    def _reduce(self, per_case, y, weighting):
        """sum_i weighting_i * per_case_i: the NumPy form of `_nll_total` (runtime/numpy_base.py)."""
        per_case = self._as_case_array(per_case)
        if weighting.mask is not None:  # a select: an inf NLL at a masked-out case adds 0, not NaN
            per_case = self._zero_dropped(per_case, (y,))
        if weighting.per_case is not None:  # sum_i w_i NLL_i (masked cases were set to 0)
            return (weighting.per_case * per_case).sum(dtype=self._dtype)
        return weighting.scale * per_case.sum(dtype=self._dtype)

    def evaluate(self):
        """sum over cases of weight * mask * NLL(targets)."""
        return self._nll_total(self._require_targets(None), self._weighting())

    def evaluate_on_sample(self, seed=None):
        """evaluate() at targets drawn from the model (seed: an int, a generator, or the constructor's)."""
        return self._nll_total(self._sample_float(seed), self._weighting())

    def grad_of_evaluate(self, targets=None):
        """d evaluate / d inputs = weight * mask * (grad A - T(targets))."""
        y = self._require_targets(targets)
        return self._to_public(self._grad(y, self._weighting()), (y,))

    def grad_of_evaluate_on_sample(self, seed=None):
        """grad_of_evaluate() at targets drawn from the model."""
        y = self._sample_float(seed)
        return self._to_public(self._grad(y, self._weighting()), (y,))

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
        return self._to_public(self._fisher_product(v, self._weighting()), v)

    def multiply_fisher_factor(self, vector):
        """B u * sqrt(weight) * mask; u has the factor's inner shape, the result is in input space."""
        u = self._check_factor_vector(vector, "vector")
        return self._to_public(self._factor_product(u, self._weighting(sqrt=True)), (u,))

    def multiply_fisher_factor_transpose(self, vector):
        """B^T v * sqrt(weight) * mask; v in input space, the result has the factor's inner shape."""
        v = self._check_input_vector(vector, "vector")
        return self._own(self._factor_transpose_product(v, self._weighting(sqrt=True)), v)

    def multiply_fisher_factor_replicated_one_hot(self, index):
        """B e * sqrt(weight) * mask, where e is 1 at [b, *index] for every batch index b."""
        index = checks.check_replicated_index(self, index)
        return self._to_public(self._weigh(self._replicated_one_hot(index), self._weighting(sqrt=True)))

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
