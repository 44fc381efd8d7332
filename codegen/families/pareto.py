"""Pareto with known minimum x_m: eta = -(alpha + 1), T = log y, support y >= x_m.

A(eta) = -log(alpha) - alpha log(x_m) with alpha = -1 - eta > 0. SciPy's pareto(b=alpha, scale=x_m)."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import Family, Hyper, Param, Support, Target

neg_shape_m1 = Param("neg_shape_minus_one", sp.Interval.open(-sp.oo, -1), "-(alpha + 1) < -1")
x_min = Hyper("x_min", 1.0, doc="the known minimum x_m > 0")
y = Target(Support.INTERVAL, lower="x_min")
alpha = -1 - neg_shape_m1.symbol

FAMILY = Family(
    name="pareto",
    class_name="ParetoNegativeLogProbLoss",
    params=(neg_shape_m1,),
    target=y,
    log_partition=-sp.log(alpha) - alpha * sp.log(x_min.symbol),
    sufficient_statistic=(sp.log(y.symbol),),
    log_base_measure=sp.Integer(0),
    # inverse CDF: x_m (1 - U)^(-1 / alpha), U uniform on [0, 1)
    sampler=x_min.symbol * sp.exp(-sp.log(1 - draws.uniform(0, 1)) / alpha),
    hypers=(x_min,),
    doc="Targets y >= x_m, Pareto(alpha, x_m) with the minimum x_m known.",
)
