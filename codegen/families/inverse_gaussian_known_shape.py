"""Inverse Gaussian with a known shape lam (a hyper-parameter) and mean mu: eta = -lam / (2 mu^2), T = y."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, Family, Hyper, Param, Support, Target

eta = Param("neg_half_shape_over_mean_sq", NEGATIVE, "-lam / (2 mu^2) < 0")
lam = Hyper("lam", 1.0, doc="the known shape lambda > 0")
y = Target(Support.POSITIVE)
l, e = lam.symbol, eta.symbol

FAMILY = Family(
    name="inverse_gaussian_known_shape",
    class_name="InverseGaussianKnownShapeNegativeLogProbLoss",
    params=(eta,),
    target=y,
    hypers=(lam,),
    log_partition=-sp.sqrt(-2 * l * e),
    sufficient_statistic=(y.symbol,),
    log_base_measure=sp.log(l / (2 * sp.pi)) / 2 - 3 * sp.log(y.symbol) / 2 - l / (2 * y.symbol),
    sampler=draws.wald(sp.sqrt(l / (-2 * e)), l),
    doc="Positive targets, Inverse Gaussian(mean mu = sqrt(lam / (-2 eta)), shape lam);"
    " SciPy's invgauss(mu / lam, scale=lam).",
)
