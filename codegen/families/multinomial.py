"""Multinomial counts over the last axis summing to a fixed number of trials."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import Family, Hyper, Support, Target, VectorParam

logits = VectorParam("logits", doc="unnormalized log-probabilities over the last axis")
trials = Hyper("trials", 1, integer=True, doc="the total count n")
y = Target(Support.COUNTS, bound="trials")
n = trials.symbol

FAMILY = Family(
    name="multinomial",
    class_name="MultinomialLogitsNegativeLogProbLoss",
    params=(logits,),
    target=y,
    hypers=(trials,),
    log_partition=n * sp.log(logits.sum(sp.exp(logits.symbol))),
    sufficient_statistic=(y.symbol[logits.k],),
    log_base_measure=sp.loggamma(n + 1) - logits.sum(sp.loggamma(y.symbol[logits.k] + 1)),
    sampler=draws.multinomial(n, logits.base),
    doc="Counts over the last axis that sum to `trials`.",
)
