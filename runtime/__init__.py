"""natloss.runtime: what the generated losses import (no SymPy needed at run time)."""
from natloss.runtime.checks import NatlossInputError, NatlossTypeError

__all__ = ["NatlossInputError", "NatlossTypeError"]
