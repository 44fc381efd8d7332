"""Normal with both natural parameters: eta1 = mu / sigma^2, eta2 = -1 / (2 sigma^2)."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, REALS, Family, Param, Support, Target

eta1 = Param("precision_mean", REALS, "mu / sigma^2")
eta2 = Param("neg_half_precision", NEGATIVE, "-1 / (2 sigma^2), < 0")
y = Target(Support.REAL)
e1, e2 = eta1.symbol, eta2.symbol

FAMILY = Family(
    name="normal",
    class_name="NormalNegativeLogProbLoss",
    params=(eta1, eta2),
    target=y,
    log_partition=-(e1**2) / (4 * e2) - sp.log(-2 * e2) / 2,
    sufficient_statistic=(y.symbol, y.symbol**2),
    log_base_measure=-sp.log(2 * sp.pi) / 2,
    sampler=draws.normal(-e1 / (2 * e2), sp.sqrt(-1 / (2 * e2))),
    doc="Real targets, Normal(mu, sigma^2) in natural parameters.",
)
