"""The NumPy backend's base class: the array module and the random generators."""
from __future__ import annotations

import numpy as np

from natloss.runtime.base import NaturalParamsNegativeLogProbLoss
from natloss.runtime.components import ComponentsMixin
from natloss.runtime.coupled import CoupledMixin


class NumPyNaturalParamsLoss(NaturalParamsNegativeLogProbLoss):
    xp = np
    _generator_name = "numpy.random.Generator"
    _factor_takes_params = True

    def _is_generator(self, seed) -> bool:
        return isinstance(seed, np.random.Generator)

    def _make_generator(self, seed):
        return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


class NumPyCoupledLoss(CoupledMixin, NumPyNaturalParamsLoss):
    """NumPy base of the diagonal-plus-rank-one (coupled) families."""


class NumPyComponentsLoss(ComponentsMixin, NumPyNaturalParamsLoss):
    """NumPy base of the componentwise families (independent components over the last axis)."""
