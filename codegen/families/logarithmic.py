"""Logarithmic (log-series): y in {1, 2, ...} with p(y) = -p^y / (y log(1 - p)); eta = log p."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, Family, Param, Support, Target

log_p = Param("log_p", NEGATIVE, "log of the parameter p in (0, 1), < 0")
y = Target(Support.POSITIVE_INTEGER)
eta = log_p.symbol
# Kemp's (1981) inversion (Devroye 1986, X.5): with r = log(1 - p) and U, V uniform,
# y = floor(1 + log(V) / log(1 - exp(r U))); V as 1 - (a uniform in [0, 1)) so log V is finite.
r = sp.log(1 - sp.exp(eta))
kemp = sp.floor(1 + sp.log(1 - draws.uniform(0, 1)) / sp.log(1 - sp.exp(r * draws.uniform(0, 1))))

FAMILY = Family(
    name="logarithmic",
    class_name="LogarithmicNegativeLogProbLoss",
    params=(log_p,),
    target=y,
    log_partition=sp.log(-sp.log(1 - sp.exp(eta))),
    sufficient_statistic=(y.symbol,),
    log_base_measure=-sp.log(y.symbol),
    sampler=kemp,
    doc="Counts y >= 1, log-series with parameter p = exp(log_p); SciPy's logser(p).",
)
