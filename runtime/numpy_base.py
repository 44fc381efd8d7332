"""The NumPy backend's base class: the array module, the random generators and `_nll_total`.

The generated NumPy classes implement the private contract of runtime/base.py with NumPy
formulas per case and apply the `Weighting` after them (``_weigh``)."""
from __future__ import annotations

import copy

import numpy as np

from natloss.runtime.base import NaturalParamsNegativeLogProbLoss
from natloss.runtime.components import ComponentsMixin
from natloss.runtime.coupled import CoupledMixin
from natloss.runtime.parametrized import ParametrizedMixin


class NumPyNaturalParamsLoss(NaturalParamsNegativeLogProbLoss):
    xp = np
    _generator_name = "numpy.random.Generator"
    _factor_slices = True  # the first replicated one-hot computes only its slice of B

    def _nll_total(self, y, weighting):
        return self._reduce(self._nll_per_case(y), y, weighting)

    def _is_generator(self, seed) -> bool:
        return isinstance(seed, np.random.Generator)

    def _make_generator(self, seed):
        return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


class NumPyCoupledLoss(CoupledMixin, NumPyNaturalParamsLoss):
    """NumPy base of the diagonal-plus-rank-one (coupled) families."""


class NumPyComponentsLoss(ComponentsMixin, NumPyNaturalParamsLoss):
    """NumPy base of the componentwise families (independent components over the last axis)."""


class NumPyParametrizedLoss(ParametrizedMixin, NumPyNaturalParamsLoss):
    """NumPy base of the losses in user parameters (codegen/parametrize.py)."""

    def _hessian_formulas(self, y):
        # float32 cases evaluated in double, as the CPU backend evaluates every op: the true Hessian of a
        # non-canonical parametrization sums second-order terms (J^T F J) and first-order ones times
        # Hess(eta_i) that cancel by more than float32's rounding allows (the Beta's H[0,0] at
        # logit_mean = 10, log_precision = 0, y = 1/4: by 16x, 1.1e-5 in float32). Its entries come back
        # in float32.
        if self._dtype != np.float32:
            return self._compute_hessian(y)
        double = copy.copy(self)  # shallow: only the parameters and hypers it reads change
        double._params = tuple(p.astype(np.float64) for p in self._params)
        double._hypers = {k: (v.astype(np.float64) if isinstance(v, np.ndarray) else v) for k, v in self._hypers.items()}
        double._dtype = np.dtype(np.float64)
        entries = double._compute_hessian(np.asarray(y, dtype=np.float64))
        return tuple(np.asarray(e, dtype=np.float32) for e in entries)
