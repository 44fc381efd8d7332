"""The NumPy backend's base class: the array module, the random generators and `_nll_total`.

The generated NumPy classes implement the private contract of runtime/base.py with NumPy
formulas per case and apply the `Weighting` after them (``_weigh``)."""
from __future__ import annotations

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
