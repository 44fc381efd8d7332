"""Laplace with known location mu: eta = -1/b, T = |y - mu|, A = log(-2 / eta).

SciPy's laplace(loc=mu, scale=b)."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, REALS, Family, Hyper, Param, Support, Target

neg_inv_scale = Param("neg_inv_scale", NEGATIVE, "-1 / b < 0")
loc = Hyper("loc", 0.0, REALS, doc="the known location mu")
y = Target(Support.REAL)
b = -1 / neg_inv_scale.symbol

FAMILY = Family(
    name="laplace",
    class_name="LaplaceNegativeLogProbLoss",
    params=(neg_inv_scale,),
    target=y,
    log_partition=sp.log(-2 / neg_inv_scale.symbol),
    sufficient_statistic=(sp.Abs(y.symbol - loc.symbol),),
    log_base_measure=sp.Integer(0),
    # the difference of two exponentials of scale b: gamma(1, b) - (-b log(1 - U))
    sampler=loc.symbol + draws.gamma(1, b) + b * sp.log(1 - draws.uniform(0, 1)),
    hypers=(loc,),
    doc="Real targets, Laplace(mu, b) with the location mu known.",
)
