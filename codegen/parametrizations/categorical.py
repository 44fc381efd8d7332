"""Categorical with a per-row temperature: logits_k * exp(-log_temperature), O(K) products."""
import sympy as sp

from natloss.codegen.families.categorical import FAMILY as CATEGORICAL
from natloss.codegen.family import REALS, Param, VectorParam
from natloss.codegen.parametrize_rows import RowParametrization

logits = VectorParam("logits", doc="unscaled logits over the last axis")
log_temperature = Param("log_temperature", REALS, "log T, one per row: eta_k = logits_k / T")

PARAMETRIZATION = RowParametrization(
    name="categorical_logits_log_temperature",
    class_name="CategoricalLogitsLogTemperatureNegativeLogProbLoss",
    family=CATEGORICAL,
    vector=logits,
    row_params=(log_temperature,),
    eta=logits.symbol * sp.exp(-log_temperature.symbol),
    doc="Integer class targets of shape logits.shape[:-1]; softmax(logits / exp(log_temperature)) per row.",
)
