"""Poisson counts with the log-rate as natural parameter."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import REALS, Family, Param, Support, Target

log_rate = Param("log_rate", REALS, "log of the Poisson rate")
y = Target(Support.NONNEGATIVE_INTEGER)

FAMILY = Family(
    name="poisson",
    class_name="PoissonNegativeLogProbLoss",
    params=(log_rate,),
    target=y,
    log_partition=sp.exp(log_rate.symbol),
    sufficient_statistic=(y.symbol,),
    log_base_measure=-sp.loggamma(y.symbol + 1),
    sampler=draws.poisson(sp.exp(log_rate.symbol)),
    doc="Poisson counts, rate exp(log_rate).",
)
