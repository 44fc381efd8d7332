"""Bernoulli over logits, every element an independent case (K-FAC's MultiBernoulli)."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import REALS, Family, Param, Support, Target

logits = Param("logits", REALS, "log(p / (1 - p))")
y = Target(Support.BINARY)

FAMILY = Family(
    name="bernoulli",
    class_name="MultiBernoulliNegativeLogProbLoss",
    params=(logits,),
    target=y,
    log_partition=sp.log(1 + sp.exp(logits.symbol)),
    sufficient_statistic=(y.symbol,),
    log_base_measure=sp.Integer(0),
    sampler=draws.binomial(1, 1 / (1 + sp.exp(-logits.symbol))),
    doc="Independent Bernoulli targets in {0, 1} with logits as natural parameters.",
)
