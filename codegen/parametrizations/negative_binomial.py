"""Negative binomial regression with a log link and known failures r: mean = exp(log_mean)."""
import sympy as sp

from natloss.codegen.families.negative_binomial import FAMILY as NEGATIVE_BINOMIAL
from natloss.codegen.family import REALS, Param
from natloss.codegen.parametrize import Parametrization
from natloss.codegen.primitives import softplus

log_mean = Param("log_mean", REALS, "log of the mean r p / (1 - p)")
(failures,) = NEGATIVE_BINOMIAL.hypers

PARAMETRIZATION = Parametrization(
    name="negative_binomial_log_mean",
    class_name="NegativeBinomialLogMeanNegativeLogProbLoss",
    family=NEGATIVE_BINOMIAL,
    params=(log_mean,),
    # p = mean / (mean + r): log p = -log(1 + r / mean) = -softplus(log r - log_mean).
    eta=(-softplus(sp.log(failures.symbol) - log_mean.symbol),),
    doc="Counts, negative binomial with mean exp(log_mean) and the family's `failures` r"
        " (variance mean + mean^2 / r): the log link.",
)
