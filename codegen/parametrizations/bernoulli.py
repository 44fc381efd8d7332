"""Bernoulli GLM links: probit, P = Phi(score), and complementary log-log, P = 1 - exp(-exp(score))."""
import sympy as sp

from natloss.codegen.families.bernoulli import FAMILY as BERNOULLI
from natloss.codegen.family import REALS, Param
from natloss.codegen.parametrize import Parametrization
from natloss.codegen.primitives import log1mexp, log_ndtr

score = Param("score", REALS, "the linear predictor")
x = score.symbol

PARAMETRIZATIONS = [
    Parametrization(
        name="bernoulli_probit",
        class_name="BernoulliProbitNegativeLogProbLoss",
        family=BERNOULLI,
        params=(score,),
        # logits = log P - log(1 - P) with P = Phi(score), both logs in the stable log_ndtr.
        eta=(log_ndtr(x) - log_ndtr(-x),),
        doc="Binary targets, P(y = 1) = Phi(score): the probit link.",
    ),
    Parametrization(
        name="bernoulli_cloglog",
        class_name="BernoulliCLogLogNegativeLogProbLoss",
        family=BERNOULLI,
        params=(score,),
        # log P = log(1 - exp(-exp(score))), log(1 - P) = -exp(score).
        eta=(log1mexp(-sp.exp(x)) + sp.exp(x),),
        doc="Binary targets, P(y = 1) = 1 - exp(-exp(score)): the complementary log-log link.",
    ),
]
