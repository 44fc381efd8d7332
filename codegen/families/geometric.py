"""Geometric: failures before the first success; natural parameter log(1 - p)."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, Family, Param, Support, Target

log_fail = Param("log_fail_prob", NEGATIVE, "log of the failure probability 1 - p, < 0")
y = Target(Support.NONNEGATIVE_INTEGER)

FAMILY = Family(
    name="geometric",
    class_name="GeometricNegativeLogProbLoss",
    params=(log_fail,),
    target=y,
    log_partition=-sp.log(1 - sp.exp(log_fail.symbol)),
    sufficient_statistic=(y.symbol,),
    log_base_measure=sp.Integer(0),
    sampler=draws.geometric(1 - sp.exp(log_fail.symbol)) - 1,
    doc="Number of failures y >= 0 before the first success, failure probability exp(log_fail_prob).",
)
