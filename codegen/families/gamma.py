"""Gamma with shape alpha and rate beta: eta = (alpha - 1, -beta), T = (log y, y)."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, Family, Param, Support, Target

shape_m1 = Param("shape_minus_one", sp.Interval.open(-1, sp.oo), "alpha - 1 > -1")
neg_rate = Param("neg_rate", NEGATIVE, "-beta < 0")
y = Target(Support.POSITIVE)
a, b = shape_m1.symbol + 1, -neg_rate.symbol

FAMILY = Family(
    name="gamma",
    class_name="GammaNegativeLogProbLoss",
    params=(shape_m1, neg_rate),
    target=y,
    log_partition=sp.loggamma(a) - a * sp.log(b),
    sufficient_statistic=(sp.log(y.symbol), y.symbol),
    log_base_measure=sp.Integer(0),
    sampler=draws.gamma(a, 1 / b),
    doc="Positive targets, Gamma(alpha, rate beta).",
)
