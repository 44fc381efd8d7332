"""Multivariate normal with a diagonal covariance: per component eta1 = mu / sigma^2, eta2 = -1 / (2 sigma^2)."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, REALS, Family, Support, Target, VectorParam

eta1 = VectorParam("precision_mean", REALS, "mu_k / sigma_k^2 over the last axis")
eta2 = VectorParam("neg_half_precision", NEGATIVE, "-1 / (2 sigma_k^2) over the last axis, < 0")
y = Target(Support.REAL_VECTOR)
e1, e2, yk = eta1.symbol, eta2.symbol, y.symbol[eta1.k]

FAMILY = Family(
    name="multivariate_normal_diag",
    class_name="MultivariateNormalDiagNegativeLogProbLoss",
    params=(eta1, eta2),
    target=y,
    log_partition=eta1.sum(-(e1**2) / (4 * e2) - sp.log(-2 * e2) / 2),
    sufficient_statistic=(yk, yk**2),
    log_base_measure=eta1.sum(-sp.log(2 * sp.pi) / 2),
    sampler=draws.normal(-e1 / (2 * e2), sp.sqrt(-1 / (2 * e2))),
    doc="Real vectors over the last axis, N(mu, diag(sigma^2)) in natural parameters, 2d per case"
        " (SciPy's multivariate_normal takes mean = -eta1 / (2 eta2), cov = diag(-1 / (2 eta2)));"
        " F is block diagonal with one 2x2 Normal block per component.",
)
