"""Lowering: a stabilized `Derived` -> `KernelSpec`, one `OpSpec` per operation.

An op is a list of CSE'd temporaries and outputs, each a (name, SymPy expression)
over named inputs. The names are the generated code's local variables, the same
for every backend: the natural parameters and hyper-parameters by their declared
names, the target ``y``, the vector components ``v0, v1, ...`` (input space) and
``u0, u1, ...`` (factor space), the cached Fisher entries ``fisher_i_j`` (i <= j)
and factor entries ``factor_i_j`` (structurally non-zero only: i >= j for a Cholesky factor).

Products read only the cached entries and the vector, so a K-FAC step that calls
several products on one loss computes the special functions once.
"""
from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from natloss.codegen.derive import Derived, Structure
from natloss.codegen.draws import Draw
from natloss.codegen.family import Support


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

    @property
    def factor_dim(self) -> int:
        """Columns of the factor: d, or the natural family's d for a parametrization."""
        factor = self.derived.factor
        return self.dim if factor is None else factor.shape[1]

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


def _complement_first(derived: Derived, exprs: list) -> tuple:
    """(temporaries, exprs): a bounded-integer target's complement n - y computed first.

    In lgamma(n - y + 1), CSE would share n + 1 with lgamma(n + 1) and compute (n + 1) - y,
    which rounds n + 1 to n when n is large for the dtype (2**24 in float32, 2**70 in float64)
    and gives lgamma(0) = inf at y = n; n - y is exact there, so it is evaluated before the 1."""
    family = derived.family
    if family.target.support is not Support.BOUNDED_INTEGER:
        return (), exprs
    bound = next(h.symbol for h in family.hypers if h.name == family.target.bound)
    complement = sp.Symbol("h_complement", real=True)
    replaced = [sp.sympify(e).subs(bound - family.target.symbol, complement) for e in exprs]
    if not any(e.has(complement) for e in replaced):
        return (), exprs
    return ((str(complement), bound - family.target.symbol),), replaced


def _nll_op(derived: Derived) -> OpSpec:
    """NLL = (A - <eta, T>) - log h, with log h a named temporary evaluated on its own."""
    if not derived.nll_parts:
        first, (nll,) = _complement_first(derived, [derived.nll])
        op = make_op("nll", [("nll", nll)])
        return OpSpec("nll", first + op.temporaries, op.outputs)
    first, (core, log_h) = _complement_first(derived, list(derived.nll_parts))
    log_base = sp.Symbol("log_base", real=True)
    h = make_op("nll", [("log_base", log_h)], prefix="h")
    c = make_op("nll", [("nll", core - log_base)])
    return OpSpec("nll", first + h.temporaries + h.outputs + c.temporaries, c.outputs)


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
    return _lower_cases(derived)


def boundary_shifts(family) -> dict:
    """For a parameter with one finite, non-zero bound b (alpha - 1 > -1): the local symbol ->
    (D_name, b). Ops then read D = eta - b, exact near the boundary (Sterbenz), so alpha + beta
    comes out as D_1 + D_2 instead of eta_1 + eta_2 + 2, which cancels near the boundary."""
    shifts = {}
    for p in family.params:
        lo, hi = p.domain.inf, p.domain.sup
        bound = lo if lo.is_finite and not hi.is_finite else (hi if hi.is_finite and not lo.is_finite else None)
        if bound is not None and bound != 0:
            shifts[p.symbol] = (sp.Symbol(f"D_{p.name}", real=True), bound)
    return shifts


def shift_to_boundary(op: OpSpec, shifts: dict) -> OpSpec:
    """The op with each shifted parameter read through its distance to the boundary."""
    used = {s for _, e in op.temporaries + op.outputs for s in sp.sympify(e).free_symbols}
    active = {sym: shift for sym, shift in shifts.items() if sym in used}
    if not active:
        return op
    subs = {sym: D + b for sym, (D, b) in active.items()}

    def shift(e):
        # Only sums with the parameter as a term (eta + 1, eta_1 + eta_2 + 2); eta * y keeps eta.
        return sp.sympify(e).replace(lambda a: a.is_Add and any(sym in a.args for sym in active),
                                     lambda a: a.xreplace(subs))

    temporaries = tuple((n, shift(e)) for n, e in op.temporaries)
    outputs = tuple((n, shift(e)) for n, e in op.outputs)
    read = {s for _, e in temporaries + outputs for s in e.free_symbols}
    first = tuple((str(D), sym - b) for sym, (D, b) in active.items() if D in read)
    return OpSpec(op.name, first + temporaries, outputs)


def _lower_cases(derived: Derived) -> KernelSpec:
    family = derived.family
    d = family.dim
    F, L = derived.fisher, derived.factor
    fisher_syms = {(i, j): sp.Symbol(fisher_name(i, j), real=True) for i in range(d) for j in range(d)}
    # Structurally non-zero entries: lower triangular for a Cholesky factor; a parametrization's
    # J^T B is full and d x d_eta (codegen/parametrize.py).
    rows, cols = L.shape
    factor_syms = {
        (i, j): sp.Symbol(factor_name(i, j), real=True) for i in range(rows) for j in range(cols) if L[i, j] != 0
    }
    v, u = _vector("v", d), _vector("u", cols)
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
            [(f"out{i}", sum((factor_syms[i, j] * u[j] for j in range(cols) if (i, j) in factor_syms), sp.Integer(0)))
             for i in range(d)],
        ),
        "factor_transpose_product": make_op(
            "factor_transpose_product",
            [(f"out{j}", sum((factor_syms[i, j] * v[i] for i in range(d) if (i, j) in factor_syms), sp.Integer(0)))
             for j in range(cols)],
        ),
        "sample": make_op("sample", [("sample", derived.sampler)]),
    }
    shifts = boundary_shifts(family)
    ops = {name: op if name == "sample" else shift_to_boundary(op, shifts) for name, op in ops.items()}
    columns = tuple(
        tuple(factor_name(i, j) if (i, j) in factor_syms else None for i in range(d)) for j in range(cols)
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
