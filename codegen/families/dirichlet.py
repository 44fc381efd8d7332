"""Dirichlet on the simplex; the natural parameter is the concentration alpha itself (T = log y)."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import POSITIVE, Family, Support, Target, VectorParam

alpha = VectorParam("concentration", POSITIVE, "alpha_k > 0 over the last axis")
y = Target(Support.SIMPLEX)
a = alpha.symbol

FAMILY = Family(
    name="dirichlet",
    class_name="DirichletNegativeLogProbLoss",
    params=(alpha,),
    target=y,
    # With eta = alpha and T = log y, log h = -sum log y (eta = alpha - 1 would put it in A).
    log_partition=alpha.sum(sp.loggamma(a)) - sp.loggamma(alpha.sum(a)),
    sufficient_statistic=(sp.log(y.symbol[alpha.k]),),
    log_base_measure=-alpha.sum(sp.log(y.symbol[alpha.k])),
    sampler=draws.dirichlet(alpha.base),
    doc="Points of the simplex over the last axis, Dirichlet(alpha); F = diag(trigamma(alpha)) - trigamma(sum alpha) 1 1^T.",
)
