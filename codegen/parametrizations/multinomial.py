"""Multinomial with a per-row temperature: logits_k * exp(-log_temperature), O(K) products."""
import sympy as sp

from natloss.codegen.families.multinomial import FAMILY as MULTINOMIAL
from natloss.codegen.family import REALS, Param, VectorParam
from natloss.codegen.parametrize_rows import RowParametrization

logits = VectorParam("logits", doc="unscaled logits over the last axis")
log_temperature = Param("log_temperature", REALS, "log T, one per row: eta_k = logits_k / T")

PARAMETRIZATION = RowParametrization(
    name="multinomial_logits_log_temperature",
    class_name="MultinomialLogitsLogTemperatureNegativeLogProbLoss",
    family=MULTINOMIAL,
    vector=logits,
    row_params=(log_temperature,),
    eta=logits.symbol * sp.exp(-log_temperature.symbol),
    doc="Counts over the last axis summing to `trials`; softmax(logits / exp(log_temperature)) per row.",
)
