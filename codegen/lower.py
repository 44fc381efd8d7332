"""Lowering: a stabilized `Derived` -> `KernelSpec`, one `OpSpec` per operation.

An op is a list of CSE'd temporaries and outputs, each a (name, SymPy expression)
over named inputs. The names are the generated code's local variables, the same
for every backend: the natural parameters and hyper-parameters by their declared
names, the target ``y``, the vector components ``v0, v1, ...`` (input space) and
``u0, u1, ...`` (factor space), the cached Fisher entries ``fisher_i_j`` (i <= j)
and factor entries ``factor_i_j`` (i >= j, structurally non-zero only).

Products read only the cached entries and the vector, so a K-FAC step that calls
several products on one loss computes the special functions once.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from natloss.codegen.derive import Derived, Structure
from natloss.codegen.draws import Draw


@dataclass(frozen=True)
class OpSpec:
    name: str
    temporaries: tuple  # ((name, expr), ...)
    outputs: tuple  # ((name, expr), ...)

    @property
    def output_names(self) -> tuple:
        return tuple(n for n, _ in self.outputs)


@dataclass(frozen=True)
class KernelSpec:
    derived: Derived
    # Local names in the generated code (see family.param_local); `public` maps them back.
    params: tuple  # the natural parameters
    hypers: tuple  # (name, default, integer)
    target: str
    ops: dict  # op name -> OpSpec
    fisher_entries: tuple  # names of the cached Fisher entries, in `ops['fisher']` order
    factor_entries: tuple  # names of the cached factor entries
    factor_columns: tuple  # for each factor column j: tuple over rows i of an entry name or None
    passes: tuple

    @property
    def family(self):
        return self.derived.family

    @property
    def dim(self) -> int:
        return len(self.params)

    def public(self, local: str) -> str:
        """The declared name of a parameter, hyper-parameter or target given its local name."""
        return self.family.public_names[local]


def fisher_name(i: int, j: int) -> str:
    return f"fisher_{min(i, j)}_{max(i, j)}"


def factor_name(i: int, j: int) -> str:
    return f"factor_{i}_{j}"


def _numbers_to_floats(expr: sp.Expr) -> sp.Expr:
    """Irrational constants (sqrt(2), log(2 pi)) become 17-digit floats, so printed code
    has plain literals that keep the arrays' dtype (no float64 constant upcasting float32)."""

    def visit(e):
        if e.is_number and not e.is_Rational and not e.is_Float and e.is_real:
            return e.evalf(17)
        return e

    return sp.bottom_up(expr, visit)


def _has_draw(expr) -> bool:
    return any(isinstance(a, Draw) for a in sp.preorder_traversal(expr))


def make_op(name: str, outputs: list, prefix: str = "t") -> OpSpec:
    """CSE over all outputs of one op; temporaries are named t0, t1, ... (or another prefix)."""
    names = [n for n, _ in outputs]
    exprs = [_numbers_to_floats(sp.sympify(e)) for _, e in outputs]
    if any(_has_draw(e) for e in exprs):
        # Draws are random: two equal draw expressions must stay two draws.
        return OpSpec(name, (), tuple(zip(names, exprs)))
    temps, reduced = sp.cse(exprs, symbols=sp.numbered_symbols(prefix), optimizations="basic", order="canonical")
    return OpSpec(name, tuple((str(s), e) for s, e in temps), tuple(zip(names, reduced)))


def _nll_op(derived: Derived) -> OpSpec:
    """NLL = (A - <eta, T>) - log h, with log h a named temporary evaluated on its own."""
    if not derived.nll_parts:
        return make_op("nll", [("nll", derived.nll)])
    core, log_h = derived.nll_parts
    log_base = sp.Symbol("log_base", real=True)
    h = make_op("nll", [("log_base", log_h)], prefix="h")
    c = make_op("nll", [("nll", core - log_base)])
    return OpSpec("nll", h.temporaries + h.outputs + c.temporaries, c.outputs)


def _vector(prefix: str, d: int) -> list:
    return [sp.Symbol(f"{prefix}{i}", real=True) for i in range(d)]


def lower(derived: Derived) -> KernelSpec:
    if "stabilize" not in derived.passes:
        raise ValueError(
            f"family {derived.family.name!r}: lower needs a stabilized Derived; the 'stabilize' pass is missing"
        )
    if derived.structure is Structure.DIAG_RANK_ONE:
        from natloss.codegen.coupled import lower_coupled

        return lower_coupled(derived)
    family = derived.family
    d = family.dim
    F, L = derived.fisher, derived.factor
    fisher_syms = {(i, j): sp.Symbol(fisher_name(i, j), real=True) for i in range(d) for j in range(d)}
    factor_syms = {
        (i, j): sp.Symbol(factor_name(i, j), real=True) for i in range(d) for j in range(d) if i >= j and L[i, j] != 0
    }
    v, u = _vector("v", d), _vector("u", d)
    fisher_out = [(fisher_name(i, j), F[i, j]) for i in range(d) for j in range(i, d)]
    factor_out = [(factor_name(i, j), L[i, j]) for (i, j) in sorted(factor_syms)]
    ops = {
        "nll": _nll_op(derived),
        "grad": make_op("grad", [(f"grad{i}", g) for i, g in enumerate(derived.grad)]),
        "mean": make_op("mean", [(f"mean{i}", m) for i, m in enumerate(derived.mean)]),
        "fisher": make_op("fisher", fisher_out),
        "factor": make_op("factor", factor_out),
        "fisher_product": make_op(
            "fisher_product", [(f"out{i}", sum(fisher_syms[i, j] * v[j] for j in range(d))) for i in range(d)]
        ),
        "factor_product": make_op(
            "factor_product",
            [(f"out{i}", sum((factor_syms[i, j] * u[j] for j in range(d) if (i, j) in factor_syms), sp.Integer(0)))
             for i in range(d)],
        ),
        "factor_transpose_product": make_op(
            "factor_transpose_product",
            [(f"out{j}", sum((factor_syms[i, j] * v[i] for i in range(d) if (i, j) in factor_syms), sp.Integer(0)))
             for j in range(d)],
        ),
        "sample": make_op("sample", [("sample", derived.sampler)]),
    }
    columns = tuple(
        tuple(factor_name(i, j) if (i, j) in factor_syms else None for i in range(d)) for j in range(d)
    )
    return KernelSpec(
        derived=derived,
        params=tuple(str(p.symbol) for p in family.params),
        hypers=tuple((str(h.symbol), h.default, h.integer) for h in family.hypers),
        target=str(family.target.symbol),
        ops=ops,
        fisher_entries=tuple(n for n, _ in fisher_out),
        factor_entries=tuple(n for n, _ in factor_out),
        factor_columns=columns,
        passes=derived.passes + ("lower",),
    )
