"""Dirichlet with a per-row scale: alpha_k = exp(log_concentration_k + log_scale), O(K) products."""
import sympy as sp

from natloss.codegen.families.dirichlet import FAMILY as DIRICHLET
from natloss.codegen.family import REALS, Param, VectorParam
from natloss.codegen.parametrize_rows import RowParametrization

log_concentration = VectorParam("log_concentration", doc="log alpha_k before the row's scale")
log_scale = Param("log_scale", REALS, "one per row: alpha_k = exp(log_concentration_k + log_scale)")

PARAMETRIZATION = RowParametrization(
    name="dirichlet_log_concentration_log_scale",
    class_name="DirichletLogConcentrationLogScaleNegativeLogProbLoss",
    family=DIRICHLET,
    vector=log_concentration,
    row_params=(log_scale,),
    eta=sp.exp(log_concentration.symbol + log_scale.symbol),
    doc="Points of the simplex over the last axis, Dirichlet(exp(log_concentration + log_scale)) per row.",
)
