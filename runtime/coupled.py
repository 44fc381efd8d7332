"""What coupled (diagonal-plus-rank-one) families change in the base API, for every backend.

The vector axis is the last one: the batch shape is logits.shape[:-1], a mask has that
shape and scales whole rows, the factor's inner shape is logits.shape. Class-index
targets are kept as int64 indices of the batch shape: the generated ops gather the
logits at the class instead of reading one-hot rows. Other targets have the logits' shape.
Per-row statistics (log-sum-exp parts, sums, a) are computed
once per instance by the generated ``_row_stats`` and reused by every product.
"""
from __future__ import annotations

from typing import Any, NamedTuple

from natloss.runtime import checks
from natloss.runtime.checks import NatlossInputError


class DiagPlusRankOne(NamedTuple):
    """The Fisher of each row of a coupled family, F = diag(diag) + c u u^T over the last axis.

    diag, u, diagonal: arrays of the inputs' shape (..., K); c: an array of the batch shape
    (one value per row). ``diagonal`` is F's own diagonal, diag + c u^2, computed without the
    cancellation that form has at a row's dominant entry (p - p^2 at p -> 1 for the softmax):
    use it where F's diagonal entries matter. For the softmax, diag = u = p and c = -1
    (times the weight); for the Dirichlet, diag = trigamma(alpha), u = 1, c = -trigamma(sum).
    ``per_case_fisher()`` scales diag, c and diagonal by weight * mask (u is left as it is).
    """

    diag: Any
    u: Any
    c: Any
    diagonal: Any

    def dense(self):
        """F as an array of shape (..., K, K): c u u^T with `diagonal` on its diagonal (K x K per row)."""
        out = self.c[..., None, None] * (self.u[..., :, None] * self.u[..., None, :])
        K = self.u.shape[-1]
        out.reshape(out.shape[:-2] + (K * K,))[..., ::K + 1] = self.diagonal
        return out

    def matvec(self, v):
        """F v per row (v of the inputs' shape): diag v + c u (u . v); O(K) per row."""
        return self.diag * v + self.c[..., None] * self.u * (self.u * v).sum(axis=-1, keepdims=True)


class CoupledMixin:
    _row_cache = None

    def _batch_shape_of(self, param):
        if param.ndim < 1 or param.shape[-1] < 1:
            raise NatlossInputError(
                f"{self.param_names[0]}: expected an array with the coupled axis last (shape (..., K), K >= 1), got shape {tuple(param.shape)}"
            )
        return tuple(param.shape[:-1])

    def _target_shape(self):
        if self.target_support == "class_index":
            return self._batch_shape
        return tuple(self._params[0].shape)

    def _check_vector_targets(self, y, argname):
        return checks.check_vector_targets(self, y, argname)

    def _class_indices(self, y):
        # Indices stay indices: the ops read x at the class (codegen/one_hot.py). astype keeps a
        # 0-d array 0-d (1-D logits), where ascontiguousarray would make it 1-d.
        return y.astype(self.xp.int64, order="C")

    def _row_stats_cached(self):
        if self._row_cache is None:
            xp, shape = self.xp, self._batch_shape + (1,)
            self._row_cache = tuple(xp.broadcast_to(xp.asarray(s, dtype=self._dtype), shape) for s in self._row_stats())
        return self._row_cache

    def _hyper_rows(self, name, rows):
        """A hyper-parameter at the selected rows (a per-row array is sliced, a scalar kept)."""
        value = self._hypers[name]
        return value[rows] if isinstance(value, self.xp.ndarray) else value

    def per_case_fisher(self, weighted=True):
        """The Fisher of each row's NLL in the logits (or the concentration) as a
        `DiagPlusRankOne` (F = diag(diag) + c u u^T, with F's accurate diagonal). weighted=True
        (the default) scales diag, c and diagonal by weight * mask (a masked-out row is exactly
        0), as `multiply_fisher` does; weighted=False gives F alone. New arrays the caller owns."""
        xp, shape = self.xp, tuple(self._params[0].shape)

        def full(x):
            return xp.array(xp.broadcast_to(xp.asarray(x, dtype=self._dtype), shape))

        diag, u, c, diagonal = self._fisher_pieces()
        diag, u, diagonal = full(diag), full(u), full(diagonal)
        c = xp.array(full(c)[..., 0])  # one value per row (an element array from the kernels)
        if weighted:
            diag, c, diagonal = (self._weigh_cases(x) for x in (diag, c, diagonal))
        return DiagPlusRankOne(diag, u, c, diagonal)

    def _replicated_one_hot(self, index):
        """B e at every batch slot [b, *index[:-1]]: column index[-1] of that row's factor."""
        if len(self._params[0].shape) < 2:
            raise NatlossInputError(
                f"index: {self.param_names[0]} of shape {tuple(self._params[0].shape)} has no batch axis to replicate over"
            )
        rows = (slice(None),) + tuple(index[:-1])
        if len(index) == 1:  # 2-D logits: every row is a slot, the columns are the result
            return self._factor_column(rows, index[-1])
        out = self.xp.zeros(self._params[0].shape, dtype=self._dtype)
        out[rows] = self._factor_column(rows, index[-1])[0]
        return (out,)

    def _sample_float(self, seed):
        # Checked like targets: class indices stay int64, other draws take the loss's dtype.
        return self.check_targets(self.sample(seed), "sample")

    def _check_hypers(self, hypers):
        # A per-row hyper-parameter array gets the coupled axis, so it broadcasts over K.
        out = super()._check_hypers(hypers)
        return {k: (v[..., None] if isinstance(v, self.xp.ndarray) else v) for k, v in out.items()}

    def _cast_sample(self, y):
        xp = self.xp
        if self.target_support == "one_hot" and tuple(y.shape) == self._batch_shape:
            K = self._params[0].shape[-1]
            return (y[..., None] == xp.arange(K)).astype(xp.int64)
        return super()._cast_sample(y)
