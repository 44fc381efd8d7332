"""Log-normal: log y is Normal; natural parameters as for the Normal, T = (log y, log^2 y)."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, REALS, Family, Param, Support, Target

eta1 = Param("precision_mean", REALS, "mu / sigma^2 of log y")
eta2 = Param("neg_half_precision", NEGATIVE, "-1 / (2 sigma^2) of log y, < 0")
y = Target(Support.POSITIVE)
e1, e2 = eta1.symbol, eta2.symbol

FAMILY = Family(
    name="log_normal",
    class_name="LogNormalNegativeLogProbLoss",
    params=(eta1, eta2),
    target=y,
    log_partition=-(e1**2) / (4 * e2) - sp.log(-2 * e2) / 2,
    sufficient_statistic=(sp.log(y.symbol), sp.log(y.symbol) ** 2),
    log_base_measure=-sp.log(y.symbol) - sp.log(2 * sp.pi) / 2,
    sampler=sp.exp(draws.normal(-e1 / (2 * e2), sp.sqrt(-1 / (2 * e2)))),
    doc="Positive targets whose logarithm is Normal(mu, sigma^2).",
)
