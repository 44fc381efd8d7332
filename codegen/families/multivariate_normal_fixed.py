"""Multivariate normal with a known isotropic covariance var * I; eta = mu / var (textbook Sigma^-1 mu)."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import REALS, Family, Hyper, Support, Target, VectorParam

eta = VectorParam("precision_mean", REALS, "mu_k / var over the last axis")
var = Hyper("var", 0.5, doc="the known variance of every component")
y = Target(Support.REAL_VECTOR)
e, yk, v = eta.symbol, y.symbol[eta.k], var.symbol

FAMILY = Family(
    name="multivariate_normal_fixed",
    class_name="MultivariateNormalFixedVarianceNegativeLogProbLoss",
    params=(eta,),
    target=y,
    hypers=(var,),
    log_partition=eta.sum(v * e**2 / 2),
    sufficient_statistic=(yk,),
    log_base_measure=eta.sum(-yk**2 / (2 * v) - sp.log(2 * sp.pi * v) / 2),
    sampler=draws.normal(v * e, sp.sqrt(v)),
    doc="Real vectors over the last axis, N(mu, var I) with var fixed, in the natural parameter"
        " eta = mu / var (SciPy's multivariate_normal takes mean = var * eta, cov = var * I); d = the last axis;"
        " F = var * I. (NormalMeanNegativeLogProbLoss keeps K-FAC's mean parametrization instead.)",
)
