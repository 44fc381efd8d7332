"""The array printer: a SymPy printer subclass configured by settings (NumPy; CuPy for its sampler).

`NumPyLossPrinter` prints array code calling NumPy and the stable helpers of
`natloss.runtime.numpy_math` (imported as ``_m``) and the draws of
`natloss.runtime.numpy_draws` (``_d``). Constants are plain literals, so float32
arrays stay float32.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from natloss.codegen.draws import Draw
from natloss.codegen.functions import ARRAY_MODULES, NUMPY_FUNCTIONS, function_names
from natloss.codegen.lower import KernelSpec, OpSpec
from natloss.codegen.plan import plan_family

# Stable primitives and special functions -> helper names in natloss.runtime.numpy_math, from
# the one table of supported functions (codegen/functions.py).
NUMPY_HELPERS = dict(NUMPY_FUNCTIONS)


class NumPyLossPrinter(NumPyPrinter):
    """Array code; special functions go through the backend's helper module. Configured by
    settings: `backend` names the array backend of the one function table (codegen/functions.py:
    "numpy" prints ``np.`` and ``_m.``, natloss.runtime.numpy_math; "cupy" prints ``cp.`` and
    ``_cb.``, natloss.runtime.cupy_base) and `draw_format` the sampler's draw calls."""

    printmethod = "_natloss_numpy"
    _default_settings = dict(NumPyPrinter._default_settings, backend="numpy", draw_format="_d.{}")

    def __init__(self, settings=None):
        super().__init__(settings)
        modules = ARRAY_MODULES[self._settings["backend"]]
        self._helpers, self._array = modules["_m"], modules["np"]
        self._functions = function_names(self._settings["backend"])

    def _m(self, name: str) -> str:
        """A helper of the backend's runtime math module."""
        return f"{self._helpers}.{name}"

    def _np(self, name: str) -> str:
        """A function of the backend's array module."""
        return f"{self._array}.{name}"

    def _module_format(self, fqn, register=True):
        name = super()._module_format(fqn, register)
        return self._np(name[len("numpy."):]) if name.startswith("numpy.") else name

    def _print_Function(self, expr):
        name = type(expr).__name__
        if name in self._functions:
            return f"{self._functions[name]}({', '.join(self._print(a) for a in expr.args)})"
        if isinstance(expr, Draw):
            args = ", ".join(self._print(a) for a in expr.args)
            return f"{self._settings['draw_format'].format(expr.draw_name)}(rng, shape, {args})"
        return super()._print_Function(expr)

    def _print_RowSum(self, expr):
        return f"{self._np('sum')}({self._print(expr.args[0])}, axis=-1, keepdims=True)"

    def _print_RowMax(self, expr):
        return f"{self._np('max')}({self._print(expr.args[0])}, axis=-1, keepdims=True)"

    def _print_RowLog1pSumExpExclMax(self, expr):
        return f"{self._m('log1p_sum_exp_excl_max')}({self._print(expr.args[0])})"

    def _print_RowSumExclMax(self, expr):
        return f"{self._m('sum_excl_max')}({self._print(expr.args[0])})"

    def _print_TakeClass(self, expr):
        x, y = (self._print(a) for a in expr.args)
        return f"{self._np('take_along_axis')}({x}, {y}[..., None], axis=-1)"

    def _array_to_write(self, a):
        """A full array the helper may write into: a named step is copied, not aliased."""
        return f"{self._np('copy')}({self._print(a)})" if a.is_Symbol else self._print(a)

    def _print_SetAtClass(self, expr):
        a, y, value, x = expr.args
        return f"{self._m('set_at_class')}({self._array_to_write(a)}, {self._print(y)}, {self._print(value)}, {self._print(x)})"

    def _print_SetAtColumn(self, expr):
        a, value, x = expr.args
        return f"{self._m('set_at_column')}({self._array_to_write(a)}, column, {self._print(value)}, {self._print(x)})"

    def _print_DominantEntry(self, expr):
        return f"{self._m('dominant_entry')}({', '.join(self._print(a) for a in expr.args)})"

    def _print_RowSumOthers(self, expr):
        return f"{self._m('row_sum_others')}({self._array_to_write(expr.args[0])}, {self._print(expr.args[1])})"

    def _print_AtDominant(self, expr):
        return f"{self._m('at_dominant')}({self._print(expr.args[0])}, {self._print(expr.args[1])})"

    def _print_SetAtDominant(self, expr):
        a, value, dominant = expr.args
        return f"{self._m('set_at_dominant')}({self._array_to_write(a)}, {self._print(value)}, {self._print(dominant)})"

    def _print_OneHotTarget(self, expr):
        y, x = (self._print(a) for a in expr.args)
        return f"{self._m('one_hot')}({y}, {x})"

    def _print_OneHotColumn(self, expr):
        return f"{self._print(expr.args[0])}[..., column, None]"

    def _print_loggamma(self, expr):
        return f"{self._m('gammaln')}({self._print(expr.args[0])})"

    # SymPy's printer would emit the scalar math.erf: the helper table's array forms instead.
    def _print_erf(self, expr):
        return self._print_Function(expr)

    _print_erfc = _print_erf

    def _print_log(self, expr):
        if isinstance(expr.args[0], sp.gamma):
            return f"{self._m('gammaln')}({self._print(expr.args[0].args[0])})"
        return f"{self._np('log')}({self._print(expr.args[0])})"

    def _print_polygamma(self, expr):
        order, x = expr.args
        names = {0: self._functions["digamma"], 1: self._functions["trigamma"]}
        if order in names:
            return f"{names[int(order)]}({self._print(x)})"
        return f"{self._m('polygamma')}({int(order)}, {self._print(x)})"

    def _print_Pow(self, expr, rational=False):
        # np.power with a float exponent is ~10x slower than products and sqrt.
        base, e = expr.base, expr.exp
        b = self._print(base)
        sqrt, square = self._module_format("numpy.sqrt"), self._module_format("numpy.square")
        atom = base.is_Symbol
        if e.is_Integer and 2 <= abs(int(e)) <= 4 and (atom or abs(int(e)) == 2):
            power = "*".join([b] * abs(int(e))) if atom else f"{square}({b})"
            return f"({power})" if e > 0 else f"(1/({power}))"
        if e == -1:
            return f"(1/{self.parenthesize(base, 1000)})"
        halves = {sp.Rational(1, 2): "{r}({b})", sp.Rational(-1, 2): "(1/{r}({b}))",
                  sp.Rational(1, 4): "{r}({r}({b}))", sp.Rational(-1, 4): "(1/{r}({r}({b})))"}
        if e in halves:
            return halves[e].format(b=b, r=sqrt)
        if atom and e in (sp.Rational(3, 2), sp.Rational(-3, 2), sp.Rational(3, 4), sp.Rational(-3, 4)):
            power = f"({b}*{sqrt}({b}))" if e.q == 2 else f"({sqrt}({sqrt}({b}))*{sqrt}({b}))"
            return power if e > 0 else f"(1/{power})"
        return super()._print_Pow(expr, rational=rational)

    def _print_if_else(self, expr):
        # np.where evaluates both values everywhere: `singular` gives each a safe argument
        return "{}({}, {}, {})".format(self._module_format("numpy.where"), *(self._print(a) for a in expr.args))

    def _print_Max(self, expr):
        return self._pairwise(self._module_format("numpy.maximum"), expr.args)

    def _print_Min(self, expr):
        return self._pairwise(self._module_format("numpy.minimum"), expr.args)

    def _pairwise(self, fn, args):
        out = self._print(args[0])
        for a in args[1:]:
            out = f"{fn}({out}, {self._print(a)})"
        return out

    def _print_Float(self, expr):
        return repr(float(expr))

    def _print_Rational(self, expr):
        return repr(float(expr.p) / float(expr.q)) if expr.q != 1 else str(expr.p)

    def _print_Half(self, expr):
        return "0.5"


@dataclass(frozen=True)
class PrintedOp:
    name: str
    temporaries: tuple  # ((name, code), ...)
    outputs: tuple  # ((name, code), ...)
    reads: frozenset = frozenset()  # the names the op reads (the plan's, codegen/plan.py)


def print_op(op: OpSpec, printer, reads: frozenset = frozenset()) -> PrintedOp:
    return PrintedOp(
        op.name,
        tuple((n, printer.doprint(e)) for n, e in op.temporaries),
        tuple((n, printer.doprint(e)) for n, e in op.outputs),
        reads,
    )


def print_numpy(spec: KernelSpec) -> dict:
    """Every op in its array form (the plan's `array_ops`: class-index targets gathered, the
    factor column set at its column), printed as NumPy code."""
    printer = NumPyLossPrinter({"fully_qualified_modules": True, "allow_unknown_functions": False})
    return {name: print_op(array.op, printer, array.reads) for name, array in plan_family(spec).array_ops.items()}
