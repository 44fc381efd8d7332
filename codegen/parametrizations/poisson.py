"""Poisson GLM links: identity (rate itself) and square root."""
import sympy as sp

from natloss.codegen.families.poisson import FAMILY as POISSON
from natloss.codegen.family import POSITIVE, Param
from natloss.codegen.parametrize import Parametrization

rate = Param("rate", POSITIVE, "the rate lambda > 0 (identity link)")
sqrt_rate = Param("sqrt_rate", POSITIVE, "sqrt(lambda) > 0 (square-root link)")

PARAMETRIZATIONS = [
    Parametrization(
        name="poisson_rate",
        class_name="PoissonRateNegativeLogProbLoss",
        family=POISSON,
        params=(rate,),
        eta=(sp.log(rate.symbol),),
        doc="Counts, Poisson(rate): the identity link.",
    ),
    Parametrization(
        name="poisson_sqrt_rate",
        class_name="PoissonSqrtRateNegativeLogProbLoss",
        family=POISSON,
        params=(sqrt_rate,),
        eta=(2 * sp.log(sqrt_rate.symbol),),
        doc="Counts, Poisson(sqrt_rate^2): the square-root link.",
    ),
]
