"""Inverse gamma with shape alpha and scale beta: eta = (-alpha - 1, -beta), T = (log y, 1 / y)."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, Family, Param, Support, Target

neg_shape_m1 = Param("neg_shape_minus_one", sp.Interval.open(-sp.oo, -1), "-alpha - 1 < -1")
neg_scale = Param("neg_scale", NEGATIVE, "-beta < 0")
y = Target(Support.POSITIVE)
a, b = -neg_shape_m1.symbol - 1, -neg_scale.symbol

FAMILY = Family(
    name="inverse_gamma",
    class_name="InverseGammaNegativeLogProbLoss",
    params=(neg_shape_m1, neg_scale),
    target=y,
    log_partition=sp.loggamma(a) - a * sp.log(b),
    sufficient_statistic=(sp.log(y.symbol), 1 / y.symbol),
    log_base_measure=sp.Integer(0),
    # 1 / Gamma(alpha, rate beta).
    sampler=1 / draws.gamma(a, 1 / b),
    doc="Positive targets, Inverse gamma(shape alpha, scale beta); SciPy's invgamma(alpha, scale=beta).",
)
