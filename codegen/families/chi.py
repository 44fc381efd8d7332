"""Chi with k degrees of freedom (k > 0, not necessarily an integer): eta = k - 1, T = log y."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import Family, Param, Support, Target

dof_m1 = Param("dof_minus_one", sp.Interval.open(-1, sp.oo), "k - 1 > -1")
y = Target(Support.POSITIVE)
half_k = (dof_m1.symbol + 1) / 2

FAMILY = Family(
    name="chi",
    class_name="ChiNegativeLogProbLoss",
    params=(dof_m1,),
    target=y,
    log_partition=sp.loggamma(half_k) + (half_k - 1) * sp.log(2),
    sufficient_statistic=(sp.log(y.symbol),),
    log_base_measure=-y.symbol**2 / 2,
    # y^2 is chi-square with k degrees of freedom.
    sampler=sp.sqrt(draws.gamma(half_k, 2)),
    doc="Positive targets, chi with k = eta + 1 degrees of freedom; SciPy's chi(k).",
)
