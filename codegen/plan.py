"""The plan: what each op of a family reads and writes, computed once per family.

    lower -> plan -> print -> render

`plan_family(spec)` is the one answer to "which inputs does this op read" for every backend:
per op (the lowered ops, and ``nll_reduce``, the NLL summed over cases) its inputs by role,
its outputs, and how it is weighted, masked and reduced; for the coupled (diag_rank_one)
families also the row plan (`RowPlan`): element steps, row reductions grouped into passes,
class-index gathers and the factor column's steps. The array backends' form of the ops
(class-index targets gathered, the factor column set at its column: codegen/one_hot.py) is
planned here too, with the names each of them reads.

Input roles (`Arg.role`), in the order a kernel takes them:

    param    a natural parameter                      hyper    a hyper-parameter
    stat     a cached row statistic (coupled)         target   the target y
    entry    a cached Fisher or factor entry          vec      an input-space vector component v<k>
    ucomp    a factor-space component u<k>            uvec     the factor-space vector (coupled: u0)

A plan is frozen and only read; `plan_family` keeps the plan of each spec it was asked
about (the spec beside it, so a reused id can never hit), so the backends that ask again get
the same object.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

import sympy as sp

from natloss.codegen.coupled import (AtDominant, DominantEntry, OneHotColumn, RowLog1pSumExpExclMax, RowMax, RowSum,
                                     RowSumExclMax, RowSumOthers, SetAtDominant)
from natloss.codegen.family import Support
from natloss.codegen.lower import KernelSpec, OpSpec
from natloss.codegen.one_hot import gather_class_targets, set_factor_column, split_linear

# The coupled kernels' ops (row_stats .. fisher_pieces are lowered ops; nll_reduce sums nll).
COUPLED_OPS = ("row_stats", "nll", "nll_reduce", "grad", "mean", "fisher_product", "factor_product",
               "factor_transpose_product", "factor_column", "fisher_pieces")
FISHER_PIECES = ("fisher_diag", "fisher_u", "fisher_c", "fisher_kk")  # per_case_fisher (runtime/coupled.py)
# Ops whose outputs are multiplied by a scale (sqrt(weight) or weight), and zero where masked out.
SCALED = ("grad", "fisher_product", "factor_product", "factor_transpose_product")


@dataclass(frozen=True)
class Arg:
    role: str  # an input role above, or a kernel's own (n, rows, K, mask, scale, weight, out, ...)
    name: str


@dataclass(frozen=True)
class OpPlan:
    """One op: what it reads (by role, in kernel order), what it writes, and how it is weighted."""

    name: str  # the op ("nll_reduce" included)
    source: str  # the lowered op it evaluates ("nll" for nll_reduce)
    inputs: tuple  # Arg per input read: params, hypers, stats, target, entries, vectors
    outputs: tuple  # output names
    weighting: str  # "scale" (SCALED ops), "weight" (nll_reduce) or "none"
    masked: bool  # a mask selects cases (rows) out: their outputs are 0, their NLL not summed
    reduction: str  # "cases" (nll_reduce: one sum over the cases) or "none"
    rows: "RowPlan | None" = None  # coupled families: the row plan
    unplanned: str = ""  # coupled families: why the row plan could not be made ("" if it was)

    def names(self, *roles) -> tuple:
        return tuple(a.name for a in self.inputs if a.role in roles)

    @property
    def reads(self) -> frozenset:
        return frozenset(a.name for a in self.inputs)

    def row_plan(self) -> "RowPlan":
        if self.rows is None:
            raise NotImplementedError(self.unplanned or f"{self.name}: no row plan (not a coupled family)")
        return self.rows


@dataclass(frozen=True)
class ArrayOp:
    """An op as array code computes it (codegen/one_hot.py) and the names it reads."""

    op: OpSpec
    reads: frozenset


@dataclass(frozen=True)
class FamilyPlan:
    spec: KernelSpec
    ops: MappingProxyType  # op name -> OpPlan: every lowered op, and nll_reduce
    array_ops: MappingProxyType  # op name -> ArrayOp: the ops of the NumPy code

    @property
    def coupled(self) -> bool:
        return self.spec.derived.structure.value == "diag_rank_one"


def reads(op: OpSpec) -> frozenset:
    """The names an op reads: the free symbols of its steps that are not steps of its own."""
    own = {n for n, _ in op.temporaries + op.outputs}
    return frozenset(str(s) for _, e in op.temporaries + op.outputs
                     for s in sp.sympify(e).free_symbols) - own


def class_index_targets(spec: KernelSpec) -> bool:
    """Targets that are class indices: the kernels read one int64 per row, y_k = [k == y[row]],
    instead of a one-hot row of K floats (the NumPy backend expands them)."""
    return spec.family.target.support is Support.CLASS_INDEX


# ------------------------------------------------------------------ the stage
# (id(spec)) -> (spec, FamilyPlan): see the module's docstring.
_PLANS: dict = {}


def plan_family(spec: KernelSpec) -> FamilyPlan:
    hit = _PLANS.get(id(spec))
    if hit is not None and hit[0] is spec:
        return hit[1]
    if len(_PLANS) > 256:
        _PLANS.clear()
    family_plan = _plan_family(spec)
    _PLANS[id(spec)] = (spec, family_plan)
    return family_plan


def _plan_family(spec: KernelSpec) -> FamilyPlan:
    # A per-row parametrization (codegen/parametrize_rows.py) of a coupled family has only
    # elementwise ops (eta, J, Hess eta_k): its products are the natural family's.
    coupled = spec.derived.structure.value == "diag_rank_one" and "parametrize_rows" not in spec.passes
    names = list(spec.ops) + (["nll_reduce"] if "nll" in spec.ops else [])
    if coupled:
        names += [op for op in COUPLED_OPS if op not in names]
    ops = {name: (_coupled_op_plan if coupled and name in COUPLED_OPS else _case_op_plan)(spec, name)
           for name in names}
    array = set_factor_column(gather_class_targets(spec)).ops
    return FamilyPlan(spec, MappingProxyType(ops),
                      MappingProxyType({name: ArrayOp(op, reads(op)) for name, op in array.items()}))


def _weighting(op: str) -> tuple:
    """(weighting, masked, reduction) of an op."""
    if op == "nll_reduce":
        return "weight", True, "cases"
    return ("scale", True, "none") if op in SCALED else ("none", False, "none")


def cached_entries(spec: KernelSpec) -> tuple:
    """The names of cached entries an op may read: the Fisher's, the factor's and (a
    parametrization's true Hessian, computed per call) the Hessian's."""
    hessian = spec.ops["hessian"].output_names if "hessian" in spec.ops else ()
    return tuple(spec.fisher_entries) + tuple(spec.factor_entries) + tuple(hessian)


def _case_op_plan(spec: KernelSpec, name: str) -> OpPlan:
    """An op evaluated per case: every input its expressions read, in a fixed order."""
    source = "nll" if name == "nll_reduce" else name
    op = spec.ops[source]
    used = reads(op)
    args = [Arg("param", p) for p in spec.params if p in used]
    args += [Arg("hyper", h) for h, _, _ in spec.hypers if h in used]
    if spec.target in used:
        args.append(Arg("target", spec.target))
    args += [Arg("entry", e) for e in cached_entries(spec) if e in used]
    args += [Arg("vec", f"v{k}") for k in range(spec.dim) if f"v{k}" in used]
    args += [Arg("ucomp", f"u{k}") for k in range(spec.factor_dim) if f"u{k}" in used]
    return OpPlan(name, source, tuple(args), op.output_names, *_weighting(name))


def _coupled_op_plan(spec: KernelSpec, name: str) -> OpPlan:
    """An op of a coupled family: its row plan, and the inputs the plan's outputs need."""
    source = "nll" if name == "nll_reduce" else name
    row_outputs, elem_outputs = _output_names(name, spec)
    try:
        rows = _plan_rows(spec, name)
    except NotImplementedError as exc:
        return OpPlan(name, source, (), row_outputs + elem_outputs, *_weighting(name), unplanned=str(exc))
    need = needed(rows, rows.row_outputs + rows.elem_outputs)
    x = spec.params[0]
    args = [Arg("param", x)] if x in need else []
    args += [Arg("hyper", h) for h, _, _ in spec.hypers if h in need]
    if name != "row_stats":
        args += [Arg("stat", s) for s in spec.fisher_entries if s in need]
    if spec.target in need:
        args.append(Arg("target", spec.target))
    if "v0" in need:
        args.append(Arg("vec", "v0"))
    if "u0" in need:
        args.append(Arg("uvec", "u0"))
    return OpPlan(name, source, tuple(args), rows.row_outputs + rows.elem_outputs, *_weighting(name), rows=rows)


# ------------------------------------------------------------------ coupled rows
@dataclass(frozen=True)
class Reduction:
    names: tuple  # result names: (r,) for sum/max, (row_max, row_log1p) for lse
    kind: str  # "sum", "max", "lse", "sum_excl_max"
    arg: sp.Expr  # summand (sum), the element values (max, lse)


@dataclass(frozen=True)
class RowPlan:
    """A coupled op split into element steps, reductions by pass, row steps and outputs.

    Element steps read x_k, y_k, v_k, u_k of one element and row values; reductions are
    grouped into passes over the row (a reduction goes into the first pass after the row
    values its summand needs); RowMax(x) followed by RowLog1pSumExpExclMax(x - max) is ONE
    online pass ("lse"); a row sum linear in class-index targets is a gather (`AtTargetClass`)."""

    op: str
    steps: tuple  # (name, expr, "elem" | "row" | "column" | "gather") in order; reductions removed
    reductions: tuple  # Reduction, in order
    pass_of: MappingProxyType  # reduction index -> pass
    level: MappingProxyType  # name -> the number of passes before it is known
    row_outputs: tuple
    elem_outputs: tuple
    columns: MappingProxyType  # column step name -> the element step it evaluates at the column
    elem_inputs: frozenset
    row_inputs: frozenset


def _output_names(op: str, spec: KernelSpec) -> tuple:
    if op == "row_stats":
        return tuple(spec.fisher_entries), ()
    if op in ("nll", "nll_reduce"):
        return ("nll",), ()
    return (), {"grad": ("grad0",), "mean": ("mean0",), "fisher_pieces": FISHER_PIECES}.get(op, ("out0",))


def _plan_rows(spec: KernelSpec, op: str) -> RowPlan:
    source = spec.ops["nll" if op == "nll_reduce" else op]
    x = spec.params[0]
    elem_inputs = {x, spec.target, "v0", "u0", "onehot"}
    row_inputs = {h for h, _, _ in spec.hypers} | (set() if op == "row_stats" else set(spec.fisher_entries))
    steps, reductions = [], []
    raw = _masked_dominant([(n, sp.sympify(e)) for n, e in source.temporaries + source.outputs])
    consumed = set()
    fresh = iter(f"red{i}" for i in range(1000))
    columns = {}
    for index, (name, expr) in enumerate(raw):
        if name in consumed:
            continue
        if isinstance(expr, RowMax):
            # RowMax(a) followed by RowLog1pSumExpExclMax(s) with s = a - max: one online pass.
            fused = None
            for later, (lname, lexpr) in enumerate(raw[index + 1:], index + 1):
                if isinstance(lexpr, RowLog1pSumExpExclMax) and lexpr.args[0].is_Symbol:
                    shifted = dict(raw).get(str(lexpr.args[0]))
                    if shifted is not None and sp.simplify(shifted - (expr.args[0] - sp.Symbol(name, real=True))) == 0:
                        fused = lname
                        break
            if fused is not None:
                reductions.append(Reduction((name, fused), "lse", expr.args[0]))
                consumed.add(fused)
            else:
                reductions.append(Reduction((name,), "max", expr.args[0]))
            continue
        if isinstance(expr, RowSumExclMax):
            reductions.append(Reduction((name,), "sum_excl_max", expr.args[0]))
            continue
        if isinstance(expr, RowLog1pSumExpExclMax):
            raise NotImplementedError(f"{spec.family.name}/{op}: {name} = {expr} without RowMax of its argument")
        if isinstance(expr, OneHotColumn):
            if not expr.args[0].is_Symbol:
                raise NotImplementedError(f"{spec.family.name}/{op}: OneHotColumn of an expression {expr.args[0]}")
            columns[name] = str(expr.args[0])
            steps.append((name, expr.args[0], "column"))
            continue
        if isinstance(expr, RowSum):
            if not _gather(spec, steps, name, expr.args[0]):
                reductions.append(Reduction((name,), "sum", expr.args[0]))
            continue
        for atom in sorted(expr.atoms(RowSum, RowMax, RowLog1pSumExpExclMax, RowSumExclMax, OneHotColumn), key=str):
            if not isinstance(atom, RowSum):
                raise NotImplementedError(f"{spec.family.name}/{op}: {type(atom).__name__} inside {name} = {expr}")
            r = next(fresh)
            if not _gather(spec, steps, r, atom.args[0]):
                reductions.append(Reduction((r,), "sum", atom.args[0]))
            expr = expr.xreplace({atom: sp.Symbol(r, real=True)})
        steps.append((name, expr, None))
    return _levels(spec, op, steps, reductions, columns, elem_inputs, row_inputs)


def _masked_dominant(raw: list) -> list:
    """The row's dominant entry as an elementwise test (free in a kernel, unlike the NumPy
    argmax and gathers): a DominantEntry(x, row_max, row_condition) step becomes the test
    x == row_max and row_condition, true at one entry at most; RowSumOthers and AtDominant
    become masked row sums, and SetAtDominant(plain, value, d) the per-element choice, with
    value read at the element itself."""
    tests, out = {}, []
    for name, expr in raw:
        if isinstance(expr, DominantEntry):
            tests[sp.Symbol(name)] = sp.And(sp.Eq(expr.args[0], expr.args[1], evaluate=False), expr.args[2])
            continue
        for d, test in tests.items():
            expr = expr.replace(
                lambda e: isinstance(e, SetAtDominant) and e.args[2] == d,
                lambda e: sp.Piecewise((e.args[1].replace(lambda a: isinstance(a, AtDominant) and a.args[1] == d,
                                                          lambda a: a.args[0]), test), (e.args[0], True)))
            expr = expr.replace(lambda e: isinstance(e, RowSumOthers) and e.args[1] == d,
                                lambda e: RowSum(sp.Piecewise((0, test), (e.args[0], True))))
            expr = expr.replace(lambda e: isinstance(e, AtDominant) and e.args[1] == d,
                                lambda e: RowSum(sp.Piecewise((e.args[0], test), (0, True))))
        out.append((name, expr))
    return out


class AtTargetClass(sp.Function):
    """g evaluated at k = y[row] (class-index targets): AtTargetClass(g, y), a row value."""


def _gather(spec: KernelSpec, steps: list, name: str, summand) -> bool:
    """sum_k g_k y_k with class-index y (y_k = [k == y[row]]) is g at k = y[row]: a row step
    that reads one element of the row instead of a reduction over it. Appends the steps."""
    if not class_index_targets(spec):
        return False
    y = sp.Symbol(spec.target, real=True)
    split = split_linear(summand, y)
    if split is None or split[1] != 0:
        return False
    g = split[0]
    steps.append((f"{name}_summand", g, None))
    steps.append((name, AtTargetClass(sp.Symbol(f"{name}_summand", real=True), y), "gather"))
    return True


def names_read(expr) -> set:
    return {str(s) for s in sp.sympify(expr).free_symbols}


def _levels(spec, op, steps, reductions, columns, elem_inputs, row_inputs) -> RowPlan:
    row_outputs, elem_outputs = _output_names(op, spec)
    # Element-ness and level (the number of passes needed before a name is known), in order.
    # Reductions may come before or after the steps they read: resolve by repeated sweeps.
    is_elem = {n: True for n in elem_inputs} | {n: False for n in row_inputs}
    level = {n: 0 for n in elem_inputs | row_inputs}
    pass_of = {}
    kinds = {}
    pending = list(range(len(steps))) + [("r", i) for i in range(len(reductions))]
    while pending:
        progress = []
        for item in pending:
            if isinstance(item, tuple):
                red = reductions[item[1]]
                deps = names_read(red.arg)
                if all(d in level for d in deps):
                    p = max([level[d] for d in deps], default=0)
                    pass_of[item[1]] = p
                    for n in red.names:
                        level[n], is_elem[n] = p + 1, False
                    progress.append(item)
            else:
                name, expr, kind = steps[item]
                deps = names_read(expr)
                if all(d in level for d in deps):
                    level[name] = max([level[d] for d in deps], default=0)
                    is_elem[name] = kind == "column" or (kind != "gather" and any(is_elem[d] for d in deps))
                    kinds[name] = kind or ("elem" if is_elem[name] else "row")
                    progress.append(item)
        if not progress:
            raise NotImplementedError(f"{spec.family.name}/{op}: cannot order the steps {steps} {reductions}")
        pending = [p for p in pending if p not in progress]
    steps = tuple((n, e, kinds[n]) for n, e, _ in steps)
    return RowPlan(op, steps, tuple(reductions), MappingProxyType(pass_of), MappingProxyType(level), row_outputs,
                   elem_outputs, MappingProxyType(columns), frozenset(elem_inputs), frozenset(row_inputs))


def needed(plan: RowPlan, names) -> set:
    """Every step, reduction result and input that `names` depend on."""
    exprs = {n: e for n, e, _ in plan.steps}
    reds = {n: r for r in plan.reductions for n in r.names}
    need, todo = set(), list(names)
    while todo:
        n = todo.pop()
        if n in need:
            continue
        need.add(n)
        if n in exprs:
            todo += names_read(exprs[n])
            if n in plan.columns:
                todo.append(plan.columns[n])
        elif n in reds:
            todo += names_read(reds[n].arg) - set(reds[n].names)
            if reds[n].kind == "lse":
                todo += list(reds[n].names)
    return need


def element_closure(plan: RowPlan, names) -> set:
    """The element inputs and element steps that `names` need, stopping at row values."""
    exprs = {n: e for n, e, k in plan.steps if k == "elem"}
    need, todo = set(), list(names)
    while todo:
        n = todo.pop()
        if n in need:
            continue
        if n in exprs:
            need.add(n)
            todo += names_read(exprs[n])
        elif n in plan.elem_inputs:
            need.add(n)
    return need
