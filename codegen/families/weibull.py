"""Weibull with known shape k: eta = -lambda^-k, T = y^k, A = -log(-eta), log h = log k + (k - 1) log y.

p(y) = k y^(k-1) lambda^-k exp(-(y / lambda)^k) = exp(eta y^k + log(-eta) + log k + (k - 1) log y).
SciPy's weibull_min(c=k, scale=lambda), lambda = (-eta)^(-1/k)."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, Family, Hyper, Param, Support, Target

neg_rate = Param("neg_scale_pow", NEGATIVE, "-lambda^-k < 0")
shape_k = Hyper("shape_k", 1.5, doc="the known shape k > 0")
y = Target(Support.POSITIVE)
k = shape_k.symbol

FAMILY = Family(
    name="weibull",
    class_name="WeibullNegativeLogProbLoss",
    params=(neg_rate,),
    target=y,
    log_partition=-sp.log(-neg_rate.symbol),
    sufficient_statistic=(y.symbol**k,),
    log_base_measure=sp.log(k) + (k - 1) * sp.log(y.symbol),
    # y^k is exponential with rate -eta
    sampler=draws.gamma(1, -1 / neg_rate.symbol) ** (1 / k),
    hypers=(shape_k,),
    doc="Positive targets, Weibull(k, lambda) with the shape k known.",
)
