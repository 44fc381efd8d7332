"""Gamma with a known shape alpha (a hyper-parameter) and rate beta: eta = -beta, T = y."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, Family, Hyper, Param, Support, Target

neg_rate = Param("neg_rate", NEGATIVE, "-beta < 0")
concentration = Hyper("concentration", 2.0, doc="the known shape alpha > 0")
y = Target(Support.POSITIVE)
a = concentration.symbol

FAMILY = Family(
    name="gamma_known_shape",
    class_name="GammaKnownShapeNegativeLogProbLoss",
    params=(neg_rate,),
    target=y,
    hypers=(concentration,),
    log_partition=-a * sp.log(-neg_rate.symbol),
    sufficient_statistic=(y.symbol,),
    log_base_measure=(a - 1) * sp.log(y.symbol) - sp.loggamma(a),
    sampler=draws.gamma(a, -1 / neg_rate.symbol),
    doc="Positive targets, Gamma(alpha = concentration, rate -neg_rate); SciPy's gamma(alpha, scale=1/beta).",
)
