"""Gamma regression with a log link and a known shape: mean = exp(log_mean)."""
import sympy as sp

from natloss.codegen.families.gamma import FAMILY as GAMMA
from natloss.codegen.family import REALS, Hyper, Param
from natloss.codegen.parametrize import Parametrization

log_mean = Param("log_mean", REALS, "log of the mean alpha / beta")
shape = Hyper("shape", 1.0, doc="the known shape alpha > 0")

PARAMETRIZATION = Parametrization(
    name="gamma_log_mean",
    class_name="GammaLogMeanNegativeLogProbLoss",
    family=GAMMA,
    params=(log_mean,),
    hypers=(shape,),
    # alpha - 1 and -beta = -alpha / mean.
    eta=(shape.symbol - 1, -shape.symbol * sp.exp(-log_mean.symbol)),
    doc="Positive targets, Gamma(shape, rate shape / exp(log_mean)): the log link, shape known.",
)
