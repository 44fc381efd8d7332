"""Heteroscedastic Normal heads: (mean, log-scale), (mean, softplus-scale), (mean, variance)."""
import sympy as sp

from natloss.codegen.families.normal import FAMILY as NORMAL
from natloss.codegen.family import POSITIVE, REALS, Param
from natloss.codegen.parametrize import Parametrization
from natloss.codegen.primitives import softplus

mean = Param("mean", REALS, "the mean mu")
log_scale = Param("log_scale", REALS, "log sigma")
raw_scale = Param("raw_scale", REALS, "sigma = softplus(raw_scale)")
var = Param("var", POSITIVE, "the variance sigma^2 > 0")


def _from_mean_var(mu, sigma2):
    return (mu / sigma2, -1 / (2 * sigma2))


PARAMETRIZATIONS = [
    Parametrization(
        name="normal_mean_log_scale",
        class_name="NormalMeanLogScaleNegativeLogProbLoss",
        family=NORMAL,
        params=(mean, log_scale),
        eta=_from_mean_var(mean.symbol, sp.exp(2 * log_scale.symbol)),
        doc="Real targets, Normal(mean, exp(log_scale)^2): a heteroscedastic regression head.",
    ),
    Parametrization(
        name="normal_mean_softplus_scale",
        class_name="NormalMeanSoftplusScaleNegativeLogProbLoss",
        family=NORMAL,
        params=(mean, raw_scale),
        eta=_from_mean_var(mean.symbol, softplus(raw_scale.symbol) ** 2),
        doc="Real targets, Normal(mean, softplus(raw_scale)^2).",
    ),
    Parametrization(
        name="normal_mean_variance",
        class_name="NormalMeanVarianceNegativeLogProbLoss",
        family=NORMAL,
        params=(mean, var),
        eta=_from_mean_var(mean.symbol, var.symbol),
        doc="Real targets, Normal(mean, var), as TF K-FAC's NormalMeanVarianceNegativeLogProbLoss"
            " (here with multiply_hessian).",
    ),
]
