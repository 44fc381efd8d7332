"""Inverse Gaussian regression with a log link and a known shape: mean = exp(log_mean)."""
import sympy as sp

from natloss.codegen.families.inverse_gaussian import FAMILY as INVERSE_GAUSSIAN
from natloss.codegen.family import REALS, Hyper, Param
from natloss.codegen.parametrize import Parametrization

log_mean = Param("log_mean", REALS, "log of the mean mu")
shape = Hyper("shape", 1.0, doc="the known shape lambda > 0")

PARAMETRIZATION = Parametrization(
    name="inverse_gaussian_log_mean",
    class_name="InverseGaussianLogMeanNegativeLogProbLoss",
    family=INVERSE_GAUSSIAN,
    params=(log_mean,),
    hypers=(shape,),
    # -lambda / (2 mu^2) and -lambda / 2.
    eta=(-shape.symbol * sp.exp(-2 * log_mean.symbol) / 2, -shape.symbol / 2),
    doc="Positive targets, Inverse Gaussian(exp(log_mean), shape): the log link, shape known.",
)
