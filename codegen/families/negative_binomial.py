"""Negative binomial: successes before a fixed number of failures; natural parameter log p."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, Family, Hyper, Param, Support, Target

log_p = Param("log_success_prob", NEGATIVE, "log of the success probability p, < 0")
failures = Hyper("failures", 1.0, doc="number of failures r > 0 (need not be an integer)")
y = Target(Support.NONNEGATIVE_INTEGER)
r = failures.symbol

FAMILY = Family(
    name="negative_binomial",
    class_name="NegativeBinomialNegativeLogProbLoss",
    params=(log_p,),
    target=y,
    hypers=(failures,),
    log_partition=-r * sp.log(1 - sp.exp(log_p.symbol)),
    sufficient_statistic=(y.symbol,),
    log_base_measure=sp.loggamma(y.symbol + r) - sp.loggamma(y.symbol + 1) - sp.loggamma(r),
    # Gamma-Poisson mixture: rate ~ Gamma(r, p / (1 - p)).
    sampler=draws.poisson(draws.gamma(r, sp.exp(log_p.symbol) / (1 - sp.exp(log_p.symbol)))),
    doc="Counts y >= 0 of successes (probability exp(log_success_prob)) before `failures` failures.",
)
