"""natloss.codegen: declare an exponential family, derive its K-FAC loss, emit code.

    from natloss.codegen import Family, Param, Target, Support, draws
"""
from natloss.codegen import draws
from natloss.codegen.family import NEGATIVE, POSITIVE, REALS, Family, Hyper, Param, Support, Target, VectorParam
from natloss.codegen.validate import DeclarationError

__all__ = [
    "Family", "Param", "VectorParam", "Hyper", "Target", "Support", "REALS", "POSITIVE", "NEGATIVE",
    "draws", "DeclarationError", "compile_family", "compile_to_class", "build", "Parametrization",
]


def __getattr__(name):
    if name == "Parametrization":
        from natloss.codegen.parametrize import Parametrization

        return Parametrization
    if name in ("compile_family", "compile_to_class", "build"):
        from natloss.codegen import driver

        return getattr(driver, name)
    raise AttributeError(name)
