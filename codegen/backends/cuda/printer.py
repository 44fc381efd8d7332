"""The CUDA backend's printers: CUDA C++ for the kernels, CuPy array code for the sampler."""
from __future__ import annotations

import numpy as np
import sympy as sp
from sympy.codegen.ast import float32, float64, real
from sympy.printing.c import C99CodePrinter

from natloss.codegen.backends.numpy.printer import NumPyLossPrinter
from natloss.codegen.draws import Draw
from natloss.codegen.functions import CUDA_DEVICE_FUNCTIONS, function_names

# Stable primitives -> device functions of natloss_math.cuh (overloaded for float and double),
# from the one table of supported functions (codegen/functions.py).
CUDA_FUNCTIONS = dict(CUDA_DEVICE_FUNCTIONS)


class CudaLossPrinter(C99CodePrinter):
    """CUDA C++ device code for one floating type, set by ``type_aliases={real: float32|float64}``.

    Constants are plain literals of that type (no M_PI-style macros); the stable
    primitives call the overloaded ``nl_*`` functions of natloss_math.cuh; small
    integer powers are products.
    """

    printmethod = "_natloss_cuda"
    MAX_PRODUCT_POWER = 4

    def __init__(self, settings=None):
        settings = dict(settings or {})
        settings.setdefault("math_macros", {})
        super().__init__(settings)
        self._single = self.type_aliases[real] == float32

    # literals ----------------------------------------------------------------
    def _literal(self, value: float) -> str:
        """A literal of the printer's type: the shortest decimal that rounds back to it."""
        if not np.isfinite(value):
            raise ValueError(f"cannot print the non-finite constant {value!r} as a CUDA literal")
        text = str(np.float32(value)) if self._single else repr(float(value))
        if "." not in text and "e" not in text:
            text += ".0"
        return text + ("F" if self._single else "")

    def _print_Float(self, expr):
        value = float(expr)
        text = self._literal(abs(value))
        return f"-{text}" if value < 0 else text

    def _print_Rational(self, expr):
        value = float(expr.p) / float(expr.q)
        text = self._literal(abs(value))
        return f"-{text}" if value < 0 else text

    def _print_Half(self, expr):
        return self._literal(0.5)

    def _print_NumberSymbol(self, expr):
        return self._print(sp.Float(expr.evalf(20), 20))

    _print_Pi = _print_Exp1 = _print_EulerGamma = _print_GoldenRatio = _print_Catalan = _print_NumberSymbol

    # powers ------------------------------------------------------------------
    def _print_Pow(self, expr):
        base, exp = expr.args
        if exp.is_Float and float(exp) == int(float(exp)):
            exp = sp.Integer(int(float(exp)))
        if exp.is_Integer and exp != 0 and abs(int(exp)) <= self.MAX_PRODUCT_POWER:
            b = self.parenthesize(base, sp.printing.precedence.PRECEDENCE["Mul"], strict=True)
            product = "*".join([b] * abs(int(exp)))
            if exp > 0:  # parenthesized: the Mul printer puts powers after "/" bare
                return product if exp == 1 else f"({product})"
            one = self._literal(1.0)
            return f"{one}/{b}" if exp == -1 else f"{one}/({product})"
        if exp.is_Rational and exp.q == 2 and abs(exp.p) <= 2 * self.MAX_PRODUCT_POWER + 1:
            root = f"{self._ns}sqrt{self._func_suffix(real)}({self._print(base)})"
            k = abs(int(exp.p)) // 2
            b = self.parenthesize(base, sp.printing.precedence.PRECEDENCE["Mul"], strict=True)
            product = "*".join([b] * k + [root])
            if exp > 0:
                return product if k == 0 else f"({product})"
            return f"{self._literal(1.0)}/{product}" if k == 0 else f"{self._literal(1.0)}/({product})"
        return super()._print_Pow(expr)

    def _func_suffix(self, type_):
        return "f" if self._single else ""

    # functions ---------------------------------------------------------------
    def _print_Function(self, expr):
        if isinstance(expr, Draw):
            raise NotImplementedError(
                f"{type(expr).__name__}: a draw has no CUDA form; sampling runs on the host with CuPy generators"
            )
        name = type(expr).__name__
        if name in CUDA_FUNCTIONS:
            return f"{CUDA_FUNCTIONS[name]}({', '.join(self._print(a) for a in expr.args)})"
        return super()._print_Function(expr)

    def _print_if_else(self, expr):
        return "(({}) ? ({}) : ({}))".format(*(self._print(a) for a in expr.args))

    # C99's printer would emit lgamma, erf, erfc directly: the table's nl_* names instead.
    def _print_loggamma(self, expr):
        return self._print_Function(expr)

    _print_erf = _print_erfc = _print_loggamma

    def _print_log(self, expr):
        if isinstance(expr.args[0], sp.gamma):
            return f"{CUDA_FUNCTIONS['loggamma']}({self._print(expr.args[0].args[0])})"
        return super()._print_log(expr)

    def _print_polygamma(self, expr):
        order, x = expr.args
        names = {0: CUDA_FUNCTIONS["digamma"], 1: CUDA_FUNCTIONS["trigamma"]}
        if order in names:
            return f"{names[int(order)]}({self._print(x)})"
        return f"nl_polygamma({int(order)}, {self._print(x)})"

    _print_sigmoid = _print_softplus = _print_loggamma


def cuda_printer(dtype_suffix: str) -> CudaLossPrinter:
    alias = float32 if dtype_suffix == "f32" else float64
    return CudaLossPrinter({"type_aliases": {real: alias}, "allow_unknown_functions": False})




# ------------------------------------------------------------------------------ CuPy
# The CuPy names of the table's array helpers (natloss.runtime.cupy_base ``_cb``, CuPy ``cp``);
# tests/test_cuda_codegen.py checks that cupy_base defines each one.
CUPY_HELPERS = function_names("cupy")


class CuPyLossPrinter(NumPyLossPrinter):
    """CuPy array code (the sampler): the array printer with the CuPy backend's names (``cp.``
    for the array module, ``_cb.`` for the helpers and draws of natloss.runtime.cupy_base)."""

    printmethod = "_natloss_cupy"
    _default_settings = dict(NumPyLossPrinter._default_settings, backend="cupy", draw_format="_cb.draw_{}")
