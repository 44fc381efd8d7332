"""Chi-square with k degrees of freedom (k > 0, not necessarily an integer): eta = k / 2 - 1, T = log y."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import Family, Param, Support, Target

half_dof_m1 = Param("half_dof_minus_one", sp.Interval.open(-1, sp.oo), "k / 2 - 1 > -1")
y = Target(Support.POSITIVE)
half_k = half_dof_m1.symbol + 1

FAMILY = Family(
    name="chi_square",
    class_name="ChiSquareNegativeLogProbLoss",
    params=(half_dof_m1,),
    target=y,
    log_partition=sp.loggamma(half_k) + half_k * sp.log(2),
    sufficient_statistic=(sp.log(y.symbol),),
    log_base_measure=-y.symbol / 2,
    sampler=draws.gamma(half_k, 2),
    doc="Positive targets, chi-square with k = 2 (eta + 1) degrees of freedom; SciPy's chi2(k).",
)
