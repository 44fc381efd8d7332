"""Continuous Bernoulli on (0, 1): p(y) = C(eta) e^(eta y), A(eta) = log((e^eta - 1) / eta), T = y.

A and its derivatives are 0/0 at eta = 0 (a removable singularity; A(0) = 0, E[y] = 1/2,
F(0) = 1/12): the compiler finds it and emits a series branch around it."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import REALS, Family, Param, Support, Target

logit = Param("eta", REALS, "the natural parameter (the logit of Loaiza-Ganem and Cunningham's lambda)")
y = Target(Support.UNIT_INTERVAL)
eta = logit.symbol
# Inverse CDF at -|eta|, reflected for eta > 0 (y -> 1 - y maps CB(eta) to CB(-eta)); |eta| is
# kept above 1e-30, where the draw is the uniform to far below an ulp.
a = sp.Max(sp.Abs(eta), sp.Float(1e-30))
u = draws.uniform(0, 1)
at_minus_abs = sp.log(1 + u * (sp.exp(-a) - 1)) / (-a)
sampler = sp.Piecewise((1 - at_minus_abs, eta > 0), (at_minus_abs, True))

FAMILY = Family(
    name="continuous_bernoulli",
    class_name="ContinuousBernoulliNegativeLogProbLoss",
    params=(logit,),
    target=y,
    log_partition=sp.log((sp.exp(eta) - 1) / eta),
    sufficient_statistic=(y.symbol,),
    log_base_measure=sp.Integer(0),
    sampler=sampler,
    doc="Targets in (0, 1), continuous Bernoulli with natural parameter eta;"
    " torch.distributions.ContinuousBernoulli(logits=eta). SciPy has none.",
)
