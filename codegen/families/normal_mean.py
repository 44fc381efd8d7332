"""Normal with a known variance, parameterized by its mean (K-FAC's NormalMean loss).

With T(y) = y / var the mean itself is the natural parameter, so F = 1 / var as in K-FAC.
"""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import REALS, Family, Hyper, Param, Support, Target

mean = Param("mean", REALS, "the mean")
var = Hyper("var", 0.5, doc="the known variance")
y = Target(Support.REAL)
v = var.symbol

FAMILY = Family(
    name="normal_mean",
    class_name="NormalMeanNegativeLogProbLoss",
    params=(mean,),
    target=y,
    hypers=(var,),
    log_partition=mean.symbol**2 / (2 * v),
    sufficient_statistic=(y.symbol / v,),
    log_base_measure=-y.symbol**2 / (2 * v) - sp.log(2 * sp.pi * v) / 2,
    sampler=draws.normal(mean.symbol, sp.sqrt(v)),
    doc="Real targets, Normal(mean, var) with var fixed.",
)
