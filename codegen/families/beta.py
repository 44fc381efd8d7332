"""Beta on (0, 1): eta = (alpha - 1, beta - 1), T = (log y, log(1 - y))."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import Family, Param, Support, Target

a_m1 = Param("alpha_minus_one", sp.Interval.open(-1, sp.oo), "alpha - 1 > -1")
b_m1 = Param("beta_minus_one", sp.Interval.open(-1, sp.oo), "beta - 1 > -1")
y = Target(Support.UNIT_INTERVAL)
a, b = a_m1.symbol + 1, b_m1.symbol + 1

FAMILY = Family(
    name="beta",
    class_name="BetaNegativeLogProbLoss",
    params=(a_m1, b_m1),
    target=y,
    log_partition=sp.loggamma(a) + sp.loggamma(b) - sp.loggamma(a + b),
    sufficient_statistic=(sp.log(y.symbol), sp.log(1 - y.symbol)),
    log_base_measure=sp.Integer(0),
    sampler=draws.beta(a, b),
    doc="Targets in (0, 1), Beta(alpha, beta).",
)
