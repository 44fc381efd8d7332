"""Inverse Gaussian (mean mu, shape lam): eta = (-lam / (2 mu^2), -lam / 2), T = (y, 1 / y)."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, Family, Param, Support, Target

eta1 = Param("neg_half_shape_over_mean_sq", NEGATIVE, "-lam / (2 mu^2) < 0")
eta2 = Param("neg_half_shape", NEGATIVE, "-lam / 2 < 0")
y = Target(Support.POSITIVE)
e1, e2 = eta1.symbol, eta2.symbol
mu, lam = sp.sqrt(e2 / e1), -2 * e2

FAMILY = Family(
    name="inverse_gaussian",
    class_name="InverseGaussianNegativeLogProbLoss",
    params=(eta1, eta2),
    target=y,
    log_partition=-2 * sp.sqrt(e1 * e2) - sp.log(-2 * e2) / 2,
    sufficient_statistic=(y.symbol, 1 / y.symbol),
    log_base_measure=-sp.log(2 * sp.pi) / 2 - 3 * sp.log(y.symbol) / 2,
    sampler=draws.wald(mu, lam),
    doc="Positive targets, Inverse Gaussian(mean mu, shape lam).",
)
