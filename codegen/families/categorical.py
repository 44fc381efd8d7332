"""Categorical over the last axis, integer class targets (softmax cross-entropy)."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import Family, Support, Target, VectorParam

logits = VectorParam("logits", doc="unnormalized log-probabilities over the last axis")
y = Target(Support.CLASS_INDEX)

FAMILY = Family(
    name="categorical",
    class_name="CategoricalLogitsNegativeLogProbLoss",
    params=(logits,),
    target=y,
    log_partition=sp.log(logits.sum(sp.exp(logits.symbol))),
    sufficient_statistic=(y.symbol[logits.k],),  # the one-hot of the class index
    log_base_measure=sp.Integer(0),
    sampler=draws.categorical(logits.base),
    doc="Integer class targets of shape logits.shape[:-1]; K-FAC's CategoricalLogitsNegativeLogProbLoss.",
)
