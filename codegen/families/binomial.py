"""Binomial successes out of a fixed number of trials, over logits."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import REALS, Family, Hyper, Param, Support, Target

logits = Param("logits", REALS, "log(p / (1 - p))")
trials = Hyper("trials", 1, integer=True, doc="number of trials n")
y = Target(Support.BOUNDED_INTEGER, bound="trials")
n = trials.symbol

FAMILY = Family(
    name="binomial",
    class_name="BinomialNegativeLogProbLoss",
    params=(logits,),
    target=y,
    hypers=(trials,),
    log_partition=n * sp.log(1 + sp.exp(logits.symbol)),
    sufficient_statistic=(y.symbol,),
    log_base_measure=sp.loggamma(n + 1) - sp.loggamma(y.symbol + 1) - sp.loggamma(n - y.symbol + 1),
    sampler=draws.binomial(n, 1 / (1 + sp.exp(-logits.symbol))),
    doc="Successes 0 <= y <= trials with success logits.",
)
