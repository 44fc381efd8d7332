"""What componentwise families change in the base API, for every backend.

A componentwise family (codegen/components.py) is a vector family whose components are
independent given eta: the generated ops are per component, like a scalar or dense
family's, and a case is a row over the last axis. So the batch shape is
params.shape[:-1], a mask has that shape and scales whole rows, the targets and the
samples have the parameters' shape, the per-case NLL is the row sum of the per-component
NLLs, and a per-case hyper-parameter array is spread over its row. The factor's inner
shape stays params.shape (+ (d,) for d > 1): B is block diagonal, one block per component.
"""
from __future__ import annotations

from natloss.runtime.checks import NatlossInputError


class ComponentsMixin:
    def _batch_shape_of(self, param):
        if param.ndim < 1 or param.shape[-1] < 1:
            raise NatlossInputError(
                f"{self.param_names[0]}: expected an array with the components on the last axis"
                f" (shape (..., d), d >= 1), got shape {tuple(param.shape)}"
            )
        return tuple(param.shape[:-1])

    def _component_shape(self):
        return tuple(self._params[0].shape)

    def _case_scale(self, scale):
        if self._mask is None:
            return scale
        m = self._mask[..., None]
        return m * scale if scale != 1.0 else m

    def _target_shape(self):
        return self._component_shape()

    def _check_hypers(self, hypers):
        # A per-case array (of the batch shape) holds for every component of its row.
        out = super()._check_hypers(hypers)
        xp = self.xp
        return {k: (xp.broadcast_to(v[..., None], self._component_shape()) if isinstance(v, xp.ndarray) else v)
                for k, v in out.items()}

    @property
    def hyper_parameters(self) -> dict:
        """As given: a per-case array has the batch shape (its spread over the row is internal)."""
        xp = self.xp
        return {k: (v[..., 0] if isinstance(v, xp.ndarray) else v) for k, v in self._hypers.items()}

    def _as_case_array(self, x):
        """Per-component NLLs -> per case: the sum over the row."""
        xp = self.xp
        x = xp.broadcast_to(xp.asarray(x, dtype=self._dtype), self._component_shape())
        return x.sum(axis=-1, dtype=self._dtype)

    def sample(self, seed=None):
        """Targets drawn from the model, of the parameters' shape (one draw per component)."""
        return self._cast_sample(self._sample_unweighted(self._rng(seed), self._component_shape()))

    def _replicated_one_hot(self, index):
        if len(self._params[0].shape) < 2:
            raise NatlossInputError(
                f"index: {self.param_names[0]} of shape {tuple(self._params[0].shape)} is a single case (its"
                " last axis holds the components); there is no batch axis to replicate over"
            )
        return super()._replicated_one_hot(index)
