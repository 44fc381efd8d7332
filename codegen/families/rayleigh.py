"""Rayleigh with scale sigma: eta = -1 / (2 sigma^2), T = y^2."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, Family, Param, Support, Target

eta = Param("neg_half_inv_scale_sq", NEGATIVE, "-1 / (2 sigma^2) < 0")
y = Target(Support.POSITIVE)

FAMILY = Family(
    name="rayleigh",
    class_name="RayleighNegativeLogProbLoss",
    params=(eta,),
    target=y,
    log_partition=-sp.log(-2 * eta.symbol),
    sufficient_statistic=(y.symbol**2,),
    log_base_measure=sp.log(y.symbol),
    # y^2 is exponential with mean 2 sigma^2 = -1 / eta.
    sampler=sp.sqrt(draws.gamma(1, -1 / eta.symbol)),
    doc="Positive targets, Rayleigh(scale sigma); SciPy's rayleigh(scale=sigma), sigma = sqrt(-1 / (2 eta)).",
)
