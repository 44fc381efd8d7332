"""Exponential waiting times; the natural parameter is minus the rate."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, Family, Param, Support, Target

neg_rate = Param("neg_rate", NEGATIVE, "minus the rate, < 0")
y = Target(Support.POSITIVE)

FAMILY = Family(
    name="exponential",
    class_name="ExponentialNegativeLogProbLoss",
    params=(neg_rate,),
    target=y,
    log_partition=-sp.log(-neg_rate.symbol),
    sufficient_statistic=(y.symbol,),
    log_base_measure=sp.Integer(0),
    sampler=draws.gamma(1, -1 / neg_rate.symbol),
    doc="Exponential targets y > 0 with rate -neg_rate.",
)
