"""Losses in per-row parameters over a coupled family (codegen/parametrize_rows.py).

The inputs are a vector z of shape (..., K) and m per-row scalars r_j of shape (...), with
eta_k = phi(z_k, r) elementwise. J = [diag(phi_z) | phi_r1 .. phi_rm] per row, so with the
natural loss built on eta (the embedded generated class, weight and mask included) every
product is that loss's O(K) product between two O(K) maps; no K x K matrix is formed:

* gradient J^T g, g = the natural gradient (weighted, masked): phi_z * g and sum_k phi_rj g;
* Fisher = GGN: J^T F (J v); factor J^T B (inner shape z.shape, the natural family's), B^T J v;
* true Hessian J^T F J v + sum_k g_k Hess(eta_k) v, with Hess(eta_k) the elementwise second
  derivatives of phi; it has no factor unless phi is affine (`NoHessianFactorError`).

Vectors in input space are tuples (v_z, v_r1, .., v_rm) shaped like the inputs.
"""
from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from natloss.runtime import checks
from natloss.runtime.checks import (FLOAT_DTYPES, NatlossInputError, NatlossTypeError, describe, first_bad,
                                    interval_text, outside, plain_array, within)
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss
from natloss.runtime.parametrized import NoHessianFactorError


class RowParametrizedMatrix(NamedTuple):
    """One row's Fisher (or true Hessian) in (z, r_1..r_m), kept in O(K) pieces.

    M = J^T F J + C, J = [diag(d_vector) | d_rows[0] .. d_rows[m-1]] (K x (K + m)), F the
    natural family's `DiagPlusRankOne` `natural` (weighted as asked), and the curvature C
    (None for the Fisher): C_zz = diag(curvature_vector_vector), C_z r_j = curvature_vector_rows[j]
    (a column), C_rj rl = curvature_rows_rows[j][l] (per row). d_vector and the d_rows have
    the vector's shape; `.dense()` builds the (..., K + m, K + m) matrices, `.matvec(v)` applies
    them to a tuple (v_z, v_r1, ..) in O(K) per row.
    """

    d_vector: Any
    d_rows: tuple
    natural: Any
    curvature_vector_vector: Any = None
    curvature_vector_rows: tuple = ()
    curvature_rows_rows: tuple = ()

    def _jacobian(self):
        K, m = self.d_vector.shape[-1], len(self.d_rows)
        J = np.zeros(self.d_vector.shape[:-1] + (K, K + m), dtype=self.d_vector.dtype)
        J[..., np.arange(K), np.arange(K)] = self.d_vector
        for j, col in enumerate(self.d_rows):
            J[..., :, K + j] = col
        return J

    def dense(self):
        J = self._jacobian()
        out = np.swapaxes(J, -1, -2) @ self.natural.dense() @ J
        if self.curvature_vector_vector is not None:
            K, m = self.d_vector.shape[-1], len(self.d_rows)
            out[..., np.arange(K), np.arange(K)] += self.curvature_vector_vector
            for j in range(m):
                out[..., :K, K + j] += self.curvature_vector_rows[j]
                out[..., K + j, :K] += self.curvature_vector_rows[j]
                for l in range(m):
                    out[..., K + j, K + l] += self.curvature_rows_rows[min(j, l)][max(j, l)]
        return out

    def matvec(self, v):
        vz, vr = v[0], v[1:]
        Jv = self.d_vector * vz + sum((d * r[..., None] for d, r in zip(self.d_rows, vr)), np.zeros_like(vz))
        FJv = self.natural.matvec(Jv)
        out_z = self.d_vector * FJv
        out_r = [(d * FJv).sum(axis=-1) for d in self.d_rows]
        if self.curvature_vector_vector is not None:
            out_z = out_z + self.curvature_vector_vector * vz
            for j, r in enumerate(vr):
                out_z = out_z + self.curvature_vector_rows[j] * r[..., None]
                out_r[j] = out_r[j] + (self.curvature_vector_rows[j] * vz).sum(axis=-1)
                for l, s in enumerate(vr):
                    out_r[j] = out_r[j] + self.curvature_rows_rows[min(j, l)][max(j, l)] * s
        return (out_z, *out_r)


class RowParametrizedMixin:
    """The public API of the per-row parametrizations, once (the structure mixin of the class
    contract, runtime/base.py): every product is the embedded natural loss's O(K) product
    between J and J^T. The generated class sets `natural_class` (the embedded natural loss,
    itself a contract class), `hyper_names` (the natural family's hyper-parameters) and the
    elementwise private methods `_eta(params)`, `_jacobian()` and `_curvature()`. Written with
    NumPy: the one backend these losses have."""

    natural_class = None
    hyper_names: tuple = ()
    canonical = False  # phi affine in theta: the Hessian is the Fisher and has its factor
    natural_family = ""
    structure = "diag_rank_one"

    def __init__(self, params, targets=None, mask=None, weight=1.0, seed=None, hypers=None):
        self._params = self._check_params(params)
        self._dtype = self._params[0].dtype
        self._batch_shape = tuple(self._params[0].shape[:-1])
        with np.errstate(over="ignore"):  # an eta that overflows is refused by name just below
            eta = self._checked_eta(self._eta(self._elementwise_params()))
        # Targets, mask, weight, seed and hyper-parameters are the natural loss's, checked there.
        self._natural = self.natural_class(eta, targets=targets, mask=mask, weight=weight, seed=seed, **(hypers or {}))
        n = self._natural
        self._hypers, self._weight, self._sqrt_weight_cache = n._hypers, n._weight, None
        self._mask, self._targets_given, self._targets, self._seed = n._mask, targets, n._targets, n._seed
        self._fisher_cache = self._factor_cache = None
        self._jacobian_cache = self._curvature_cache = None

    # ------------------------------------------------------------------ checks
    def _check_params(self, params):
        xp = self.xp
        z_name = self.param_names[0]
        checked = []
        for i, (name, x, (lo, lo_open, hi, hi_open)) in enumerate(zip(self.param_names, params, self.param_domains)):
            x = plain_array(x, name, xp)
            if not self._is_array(x) or x.dtype.name not in FLOAT_DTYPES:
                raise NatlossTypeError(f"{name}: expected a {xp.__name__} float32 or float64 array, got {describe(x)}")
            if i == 0 and (x.ndim < 1 or x.shape[-1] < 1):
                raise NatlossInputError(f"{name}: expected an array with the coupled axis last (shape (..., K), K >= 1), got {describe(x)}")
            if i > 0:
                batch = tuple(checked[0].shape[:-1])
                if tuple(x.shape) != batch or x.dtype != checked[0].dtype:
                    raise NatlossInputError(f"{name}: expected one value per row, the shape {batch} of {z_name}.shape[:-1]"
                                            f" and the dtype {checked[0].dtype}, got {describe(x)}")
            if not within(x, lo, lo_open, hi, hi_open, xp):
                raise NatlossInputError(f"{name}: expected finite values in {interval_text(lo, lo_open, hi, hi_open)},"
                                        f" got {first_bad(outside(x, lo, lo_open, hi, hi_open, xp))}")
            checked.append(x)
        return tuple(checked)

    def _elementwise_params(self):
        """z and each r_j with a unit last axis, so the elementwise code broadcasts over K."""
        return (self._params[0],) + tuple(r[..., None] for r in self._params[1:])

    def _checked_eta(self, eta):
        xp = self.xp
        eta = xp.asarray(xp.broadcast_to(xp.asarray(eta, dtype=self._dtype), self._params[0].shape))
        lo, lo_open, hi, hi_open = self.natural_class.param_domains[0]
        if not within(eta, lo, lo_open, hi, hi_open, xp):
            raise NatlossInputError(
                f"{', '.join(self.param_names)}: eta = {self.eta_text} must be finite and in"
                f" {interval_text(lo, lo_open, hi, hi_open)} in {self._dtype}, got {first_bad(outside(eta, lo, lo_open, hi, hi_open, xp))}")
        return eta

    def check_targets(self, targets, argname="targets"):
        return self._natural.check_targets(targets, argname)

    def _check_input_vector(self, vector, argname):
        d = len(self._params)
        if not isinstance(vector, (tuple, list)) or len(vector) != d:
            raise NatlossTypeError(f"{argname}: expected a tuple of {d} arrays ({', '.join(self.param_names)}), got {describe(vector)}")
        return tuple(checks.check_same(self, x, p.shape, f"{argname}[{i}]") for i, (x, p) in enumerate(zip(vector, self._params)))

    # ------------------------------------------------------------- J and Hess(eta_k)
    def _jacobian_columns(self):
        if self._jacobian_cache is None:
            shape = self._params[0].shape
            self._jacobian_cache = tuple(self._protected(np.array(self._as_dtype(c, shape))) for c in self._jacobian())
        return self._jacobian_cache

    def _curvature_entries(self):
        if self._curvature_cache is None:
            shape = self._params[0].shape
            self._curvature_cache = tuple(None if c is None else self._protected(np.array(self._as_dtype(c, shape)))
                                          for c in self._curvature())
        return self._curvature_cache

    def _apply_j(self, v):
        """J v: d_vector * v_z + sum_j d_row_j * v_rj (input space -> eta space, per element)."""
        d_vector, *d_rows = self._jacobian_columns()
        out = d_vector * v[0]
        for d, r in zip(d_rows, v[1:]):
            out = out + d * r[..., None]
        return out

    def _apply_jt(self, g, args=()):
        """J^T g: (d_vector * g, sum_k d_row_j * g per row), masked rows exactly 0."""
        d_vector, *d_rows = self._jacobian_columns()
        parts = (d_vector * g,) + tuple((d * g).sum(axis=-1) for d in d_rows)
        return self._masked(parts, args)

    def _masked(self, parts, args=()):
        parts = tuple(self._as_dtype(p, tuple(q.shape)) for p, q in zip(parts, self._params))
        return tuple(self._own(p, args) if self._mask is None else self._zero_dropped(p, args) for p in parts)

    # --------------------------------------------------------------- the API
    @property
    def inputs(self):
        return self._params

    @property
    def hyper_parameters(self) -> dict:
        return self._natural.hyper_parameters

    @property
    def fisher_factor_inner_shape(self) -> tuple:
        return tuple(self._params[0].shape)

    def nll(self, targets=None):
        return self._natural.nll(targets)

    def evaluate(self):
        return self._natural.evaluate()

    def evaluate_on_sample(self, seed=None):
        return self._natural.evaluate_on_sample(seed)

    def sample(self, seed=None):
        return self._natural.sample(seed)

    def mean_sufficient_statistic(self):
        """E[T(y)] = grad A at eta(theta), per element (the natural family's)."""
        return self._natural.mean_sufficient_statistic()

    def grad_of_evaluate(self, targets=None):
        """d evaluate / d (z, r) = J^T (weight * mask * (grad A - T))."""
        return self._apply_jt(self._natural.grad_of_evaluate(targets))

    def grad_of_evaluate_on_sample(self, seed=None):
        return self._apply_jt(self._natural.grad_of_evaluate_on_sample(seed))

    def multiply_fisher(self, vector):
        """J^T F J v * weight * mask (= the GGN), O(K) per row."""
        v = self._check_input_vector(vector, "vector")
        return self._apply_jt(self._natural.multiply_fisher(self._apply_j(v)), v)

    def multiply_fisher_factor(self, vector):
        """J^T B u * sqrt(weight) * mask; u has the natural inner shape z.shape."""
        u = checks.check_same(self, vector, self.fisher_factor_inner_shape, "vector")
        return self._apply_jt(self._natural.multiply_fisher_factor(u), (u,))

    def multiply_fisher_factor_transpose(self, vector):
        """B^T J v * sqrt(weight) * mask, of shape z.shape."""
        v = self._check_input_vector(vector, "vector")
        return self._natural.multiply_fisher_factor_transpose(self._apply_j(v))

    def multiply_fisher_factor_replicated_one_hot(self, index):
        """J^T B e * sqrt(weight) * mask, e 1 at [b, *index] for every batch index b."""
        return self._apply_jt(self._natural.multiply_fisher_factor_replicated_one_hot(index))

    def multiply_hessian(self, vector, targets=None):
        """H v * weight * mask, H = J^T F J + sum_k (grad A - T)_k Hess(eta_k) at the targets
        (the constructor's, or `targets`): depends on them, not PSD in general."""
        v = self._check_input_vector(vector, "vector")
        FJv = self._natural.multiply_fisher(self._apply_j(v))
        d_vector, *d_rows = self._jacobian_columns()
        g = self._natural.grad_of_evaluate(targets)
        out_z = d_vector * FJv
        out_r = [(d * FJv).sum(axis=-1) for d in d_rows]
        for (a, b), c in zip(self.curvature_labels, self._curvature_entries()):
            if c is None:
                continue
            gc = g * c
            if a == "vector" and b == "vector":
                out_z = out_z + gc * v[0]
            elif a == "vector":
                out_z = out_z + gc * v[1 + b][..., None]
                out_r[b] = out_r[b] + (gc * v[0]).sum(axis=-1)
            else:
                out_r[a] = out_r[a] + gc.sum(axis=-1) * v[1 + b]
                if a != b:
                    out_r[b] = out_r[b] + gc.sum(axis=-1) * v[1 + a]
        return self._masked((out_z, *out_r), v)

    def _no_hessian_factor(self):
        if not self.canonical:
            raise NoHessianFactorError(
                f"{type(self).__name__}: the Hessian in ({', '.join(self.param_names)}) is"
                " J^T F J + sum_k (grad A - T)_k Hess(eta_k), which depends on the targets and is not"
                " positive semi-definite in general, so it has no factor; use multiply_hessian for"
                " products with it, or the multiply_ggn_factor / multiply_fisher_factor methods (J^T B)")

    def multiply_hessian_factor(self, vector):
        self._no_hessian_factor()
        return self.multiply_fisher_factor(vector)

    def multiply_hessian_factor_transpose(self, vector):
        self._no_hessian_factor()
        return self.multiply_fisher_factor_transpose(vector)

    def multiply_hessian_factor_replicated_one_hot(self, index):
        self._no_hessian_factor()
        return self.multiply_fisher_factor_replicated_one_hot(index)

    # ------------------------------------------------------- per-case matrices
    def per_case_fisher(self, weighted=True):
        """Each row's J^T F J in (z, r) as a `RowParametrizedMatrix` (O(K) pieces; `.dense()`
        gives the (K + m) x (K + m) matrices). weighted=True scales by weight * mask."""
        d_vector, *d_rows = (np.array(c) for c in self._jacobian_columns())
        return RowParametrizedMatrix(d_vector, tuple(d_rows), self._natural.per_case_fisher(weighted))

    def per_case_hessian(self, targets=None, weighted=True):
        """Each row's true Hessian in (z, r) at the targets, J^T F J + sum_k (grad A - T)_k
        Hess(eta_k), as a `RowParametrizedMatrix` with its curvature pieces."""
        y = self._natural._require_targets(targets)
        g = self._natural._grad(y, self._natural._unit_weighting())[0]
        if weighted:
            g = self._natural._weigh_cases(np.array(g))
        m = len(self._params) - 1
        zero = np.zeros(self._params[0].shape, dtype=self._dtype)
        vv, vr, rr = zero, [zero] * m, [[None] * m for _ in range(m)]
        for (a, b), c in zip(self.curvature_labels, self._curvature_entries()):
            gc = zero if c is None else g * c
            if a == "vector" and b == "vector":
                vv = gc
            elif a == "vector":
                vr[b] = gc
            else:
                rr[a][b] = rr[b][a] = gc.sum(axis=-1)
        fisher = self.per_case_fisher(weighted)
        return fisher._replace(curvature_vector_vector=vv, curvature_vector_rows=tuple(vr),
                               curvature_rows_rows=tuple(tuple(row) for row in rr))


class NumPyRowParametrizedLoss(RowParametrizedMixin, NumPyNaturalParamsLoss):
    """NumPy base of the per-row parametrizations."""


__all__ = ["NumPyRowParametrizedLoss", "RowParametrizedMatrix", "RowParametrizedMixin"]
