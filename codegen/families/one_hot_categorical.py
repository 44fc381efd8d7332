"""Categorical over the last axis with one-hot targets of the logits' shape."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import Family, Support, Target, VectorParam

logits = VectorParam("logits", doc="unnormalized log-probabilities over the last axis")
y = Target(Support.ONE_HOT)

FAMILY = Family(
    name="one_hot_categorical",
    class_name="OneHotCategoricalLogitsNegativeLogProbLoss",
    params=(logits,),
    target=y,
    log_partition=sp.log(logits.sum(sp.exp(logits.symbol))),
    sufficient_statistic=(y.symbol[logits.k],),
    log_base_measure=sp.Integer(0),
    sampler=draws.categorical(logits.base),
    doc="One-hot targets over the last axis (samples are one-hot too).",
)
