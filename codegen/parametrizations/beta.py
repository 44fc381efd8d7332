"""Beta regression: (logit of the mean, log of the precision), as in Ferrari & Cribari-Neto (2004)."""
import sympy as sp

from natloss.codegen.families.beta import FAMILY as BETA
from natloss.codegen.family import REALS, Param
from natloss.codegen.parametrize import Parametrization
from natloss.codegen.primitives import sigmoid

logit_mean = Param("logit_mean", REALS, "logit of the mean m = alpha / (alpha + beta)")
log_precision = Param("log_precision", REALS, "log of the precision phi = alpha + beta")
m, phi = sigmoid(logit_mean.symbol), sp.exp(log_precision.symbol)

PARAMETRIZATION = Parametrization(
    name="beta_logit_mean_log_precision",
    class_name="BetaLogitMeanLogPrecisionNegativeLogProbLoss",
    family=BETA,
    params=(logit_mean, log_precision),
    # alpha - 1 = m phi - 1, beta - 1 = (1 - m) phi - 1.
    eta=(m * phi - 1, sigmoid(-logit_mean.symbol) * phi - 1),
    doc="Targets in (0, 1), Beta(m phi, (1 - m) phi) with m = sigmoid(logit_mean), phi = exp(log_precision).",
)
