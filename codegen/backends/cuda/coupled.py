"""CUDA kernels and CuPy classes for the coupled (diag_rank_one) families.

Called from `natloss.codegen.backends.cuda.kernels` for specs of that structure. Each op's row
plan (codegen/plan.py `RowPlan`: element steps, reductions grouped into passes over the row,
row steps, class-index gathers, the factor column's steps, and the outputs) is printed here:
RowMax(x) followed by RowLog1pSumExpExclMax(x - max) is ONE online pass, a (max, argmax, sum
over k != argmax of exp(x_k - max)) state per lane, merged across the warp by shuffles (ties
go to the first index, as in NumPy); RowSumExclMax(a) is an online (max, sum of the others)
state, merged the same way; row outputs (row_stats, nll) are stored by lane 0.

Kernels (``<family>_<op>_f32|f64``; T = float or double):

    row kernels       one warp (NATLOSS_WARP = 32 lanes) per row, rows grid-strided over
                      the warps of the grid: row_stats, nll, nll_reduce and the three
                      products (pass 1: the reduction r over the row; pass 2: the outputs).
    element kernels   one thread per element, grid-stride over rows*K, (row, k) advanced
                      with the stride (no division per element): grad, mean, factor_column
                      and fisher_pieces (D_k, u_k, c, F_kk of per_case_fisher; c written
                      per element) (no reduction, the row statistics are cached).

Class-index targets (Support.CLASS_INDEX) are one int64 per row: y_k = [k == y[row]], and a
row sum linear in y, sum_k g_k y_k, is g read at k = y[row] (plan.py `_gather`), so the nll and
evaluate kernels read one logit per row after the cached statistics.

Arguments (`coupled_signature`), in order: rows, K (long long), column (factor_column),
the parameter, hyper-parameters (array or nullptr, one value per row, and the scalar),
cached row statistics (one value per row), the target, v0 / u0 (element arrays), then
mask (per row, or nullptr) and scale (weighted ops), or mask, weight and partial
(nll_reduce, double, one per block), then the outputs (per row or per element).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import sympy as sp

from natloss.codegen import render as render_stage
from natloss.codegen.draws import Draw
from natloss.codegen.lower import KernelSpec
from natloss.codegen.plan import (COUPLED_OPS, FISHER_PIECES, SCALED, Arg, RowPlan, class_index_targets,
                                  element_closure, names_read, needed, plan_family)

WARP = 32
OPS = COUPLED_OPS
WEIGHTED = SCALED
# Row kernels come in two layouts: one warp per row, and one block per row for long rows
# (kernel name <family>_<op>_rowblock_<dtype>); runtime/cupy_coupled.py picks per launch.
LAYOUTS = {"warp": "", "block": "_rowblock"}
# Local names of the kernels; a declared name or a step may not take them.
_LOCALS = frozenset(("rows K column row base lane lanes warps warp group slot first valid rows_per_warp k i n"
                     " stride row_step k_step nl_scale nl_keep mask scale weight partial acc onehot").split())
COUPLED_DRAWS = ("categorical", "multinomial", "dirichlet")


def plan_op(spec: KernelSpec, op: str) -> RowPlan:
    """The op's row plan (codegen/plan.py), made once per family."""
    return plan_family(spec).ops[op].row_plan()


# --------------------------------------------------------------------------- printing
class StepPrinter:
    def __init__(self, suffix: str, ctype: str):
        from natloss.codegen.backends.cuda.printer import cuda_printer

        self.printer = cuda_printer(suffix)
        self.ctype = ctype
        self.suffix = suffix

    def __call__(self, expr) -> str:
        # One line per step: the C printer spreads a Piecewise's ternary over several.
        return re.sub(r"\s*\n\s*", " ", self.printer.doprint(sp.sympify(expr)))

    def zero(self) -> str:
        return "0.0F" if self.suffix == "f32" else "0.0"

    def one(self) -> str:
        return "1.0F" if self.suffix == "f32" else "1.0"

    def fn(self, name: str) -> str:
        return name + ("f" if self.suffix == "f32" else "")


def _element_lines(plan: RowPlan, pr: StepPrinter, targets: set, index: str, spec: KernelSpec, suffix: str = "") -> list:
    """Declarations computing the element values in `targets` at element `index` (loads included)."""
    need = element_closure(plan, targets)

    def ren(code: str) -> str:  # renamed in the printed text, so the column copy rounds like the original
        return re.sub(r"\b(" + "|".join(sorted(need)) + r")\b", r"\1" + suffix, code) if suffix and need else code

    t = pr.ctype
    lines = []
    column = index[len("base + "):] if index.startswith("base + ") else "k"  # the element's k
    for n in sorted(need & plan.elem_inputs, key=lambda s: (s != spec.params[0], s)):
        if n == "onehot":
            lines.append(f"const {t} onehot{suffix} = k == column ? {pr.one()} : {pr.zero()};")
        elif n == spec.target and class_index_targets(spec):
            lines.append(f"const {t} {n}{suffix} = {column} == in_{n}[row] ? {pr.one()} : {pr.zero()};")
        else:
            lines.append(f"const {t} {n}{suffix} = in_{n}[{index}];")
    for n, e, kind in plan.steps:
        if n in need and kind == "elem":
            lines.append(f"const {t} {n}{suffix} = {ren(pr(e))};")
    return lines


@dataclass(frozen=True)
class PassReduction:
    """One reduction of a pass, as printed: its kind, accumulator, printed argument and results."""

    kind: str  # "sum", "max", "sum_excl_max", "lse" (plan.Reduction)
    acc: str
    arg: str  # the printed summand / element value
    names: tuple


@dataclass(frozen=True)
class Pass:
    init: tuple
    loop: tuple  # elements + the accumulation of each reduction
    reduce: tuple
    after: tuple
    elements: tuple = ()  # the loop's element lines (loads, element steps)
    reductions: tuple = ()  # PassReduction, in the order of init and of the accumulations


@dataclass(frozen=True)
class CoupledKernel:
    name: str
    kind: str  # "rows" or "elements"
    reduce: bool  # nll_reduce: block partial sums
    params: tuple
    row_lines: tuple  # per row, before the passes (row kernels) / per element (element kernels)
    passes: tuple
    final_loop: tuple  # per element after the passes: outputs
    row_stores: tuple  # lane 0, per row
    uses_row: bool  # element kernels: whether `row` is read
    uses_k: bool  # element kernels: whether `k` is read
    layout: str = "warp"  # row kernels: "warp" (a warp per row) or "block" (a block per row)


def coupled_signature(spec: KernelSpec, op: str) -> tuple:
    """The kernel's arguments: the sizes, the inputs the plan reads, then mask, scale or weight, and the outputs."""
    planned = plan_family(spec).ops[op]
    plan = planned.row_plan()
    args = [Arg("rows", "rows"), Arg("K", "K")]
    if kernel_kind(spec, op) == "rows":
        args.append(Arg("group", "group"))  # lanes per row in the warp layout
    if op == "factor_column":
        args.append(Arg("column", "column"))
    args += planned.inputs
    if op == "nll_reduce":
        args += [Arg("mask", "mask"), Arg("weight", "weight"), Arg("partial", "partial")]
        return tuple(args)
    if op in WEIGHTED:
        args += [Arg("mask", "mask"), Arg("scale", "scale")]
    args += [Arg("rowout", n) for n in plan.row_outputs] + [Arg("out", n) for n in plan.elem_outputs]
    return tuple(args)


def kernel_kind(spec: KernelSpec, op: str) -> str:
    plan = plan_op(spec, op)
    need = needed(plan, plan.row_outputs + plan.elem_outputs)
    has_reduction = any(n in need for r in plan.reductions for n in r.names)
    return "rows" if has_reduction or plan.row_outputs else "elements"


def _c_params(spec, op, ctype) -> list:
    params = []
    for a in coupled_signature(spec, op):
        if a.role in ("rows", "K", "group", "column"):
            params.append(f"const long long {a.name}")
        elif a.role == "target" and class_index_targets(spec):
            params.append(f"const long long* __restrict__ in_{a.name}")
        elif a.role in ("param", "stat", "target", "vec", "uvec"):
            params.append(f"const {ctype}* __restrict__ in_{a.name}")
        elif a.role == "hyper":
            params += [f"const {ctype}* __restrict__ in_{a.name}", f"const {ctype} {a.name}_value"]
        elif a.role == "mask":
            params.append(f"const {ctype}* __restrict__ mask")
        elif a.role == "scale":
            params.append(f"const {ctype} scale")
        elif a.role == "weight":
            params.append("const double weight")
        elif a.role == "partial":
            params.append("double* __restrict__ partial")
        elif a.role in ("rowout", "out"):
            params.append(f"{ctype}* __restrict__ out_{a.name}")
    return params


def _row_input_lines(plan, pr, need, spec) -> list:
    t = pr.ctype
    lines = []
    for h, _, _ in spec.hypers:
        if h in need:
            lines.append(f"const {t} {h} = in_{h} != nullptr ? in_{h}[row] : {h}_value;")
    for s in spec.fisher_entries:
        if s in need and s in plan.row_inputs:
            lines.append(f"const {t} {s} = in_{s}[row];")
    return lines


def coupled_kernel(spec: KernelSpec, op: str, pr: StepPrinter, layout: str = "warp", host: bool = False) -> CoupledKernel:
    """The op's row plan printed as C++ for the GPU, or (host=True) for the CPU backend's loops,
    where the scale may be an array (scale_array, per row), the weight too (weight_array), and
    a masked-out row's outputs are zeroed by the caller before it computes anything (so the
    stores need no select)."""
    plan = plan_op(spec, op)
    t = pr.ctype
    outputs = plan.row_outputs + plan.elem_outputs
    need = needed(plan, outputs)
    name = f"{spec.family.name}_{op}{LAYOUTS[layout]}_{pr.suffix}"

    def combine(kind: str, acc: str) -> str:  # a reduction across the row's threads
        return f"nl_group_{kind}({acc}, group)" if layout == "warp" else f"nl_block_{kind}({acc})"

    params = tuple(_c_params(spec, op, t))
    weighted = op in WEIGHTED
    # A masked-out row is a select, not a product with 0: a NaN or inf there gives 0.
    scale = "scale_array != nullptr ? scale_array[row] : scale" if host else "scale"
    scale_line = [f"const {t} nl_scale = {scale};", "const bool nl_keep = mask == nullptr || mask[row] != 0;"] if weighted else []

    def store(out: str, n: str) -> str:
        if not weighted:
            return f"{out} = {n};"
        return f"{out} = {n} * nl_scale;" if host else f"{out} = nl_keep ? {n} * nl_scale : {t}(0);"

    kind = kernel_kind(spec, op)
    row_steps = [(n, e) for n, e, k in plan.steps if k == "row" and n in need]

    if kind == "elements":
        lines = _row_input_lines(plan, pr, need, spec)
        lines += [f"const {t} {n} = {pr(e)};" for n, e in row_steps]
        # Values at the one-hot's column: loaded and computed once for all column steps.
        column_steps = [(n, plan.columns[n]) for n, e, k in plan.steps if k == "column" and n in need]
        if column_steps:
            lines += _element_lines(plan, pr, {src for _, src in column_steps}, "base + column", spec, "_col")
            lines += [f"const {t} {n} = {src}_col;" for n, src in column_steps]
        lines += _element_lines(plan, pr, set(plan.elem_outputs), "i", spec)
        lines += scale_line
        lines += [store(f"out_{n}[i]", n) for n in plan.elem_outputs]
        text = " ".join(lines)
        uses_row = bool(re.search(r"\brow\b|\bbase\b", text))
        uses_k = bool(re.search(r"\bk\b", text))
        if re.search(r"\bbase\b", text):
            lines.insert(0, "const long long base = row * K;")
        return CoupledKernel(name, kind, False, params, tuple(lines), (), (), (), uses_row, uses_k)

    # Row kernel: passes over the row, row steps after the pass that makes them known.
    done = set(plan.row_inputs) & need
    row_lines = _row_input_lines(plan, pr, need, spec)
    emitted = set()
    gathers = [(n, e) for n, e, k in plan.steps if k == "gather" and n in need]
    if gathers:  # one element of the row, at the target's class
        row_lines.append(f"const long long nl_class = in_{spec.target}[row];")
    for n, e in gathers:
        source = str(e.args[0])
        if plan.level[source] != 0:
            raise NotImplementedError(f"{spec.family.name}/{op}: {n} gathers {source}, which needs a pass over the row")
        row_lines += _element_lines(plan, pr, {source}, "base + nl_class", spec, "_at_class")
        row_lines.append(f"const {t} {n} = {source}_at_class;")
        done.add(n)

    def row_steps_known():
        out = []
        for n, e in row_steps:
            if n not in emitted and names_read(e) <= done | emitted:
                out.append(f"const {t} {n} = {pr(e)};")
                emitted.add(n)
        return out

    row_lines += row_steps_known()
    passes = []
    npass = max([p for i, p in plan.pass_of.items() if plan.reductions[i].names[0] in need], default=-1) + 1
    for p in range(npass):
        reds = [(i, r) for i, r in enumerate(plan.reductions) if plan.pass_of[i] == p and r.names[0] in need]
        init, loop, red_lines, after, printed = [], [], [], [], []
        summands = set().union(*[names_read(r.arg) for _, r in reds])
        elements = _element_lines(plan, pr, summands, "base + k", spec)
        loop += elements
        for i, r in reds:
            acc = f"acc_{r.names[0]}"
            printed.append(PassReduction(r.kind, acc, pr(r.arg), r.names))
            if r.kind == "sum":
                init.append(f"{t} {acc} = {pr.zero()};")
                loop.append(f"{acc} += {pr(r.arg)};")
                red_lines.append(f"const {t} {r.names[0]} = {combine('sum', acc)};")
            elif r.kind == "max":
                init.append(f"{t} {acc} = -nl_coupled_inf<{t}>();")
                loop.append(f"{acc} = {pr.fn('fmax')}({acc}, {pr(r.arg)});")
                red_lines.append(f"const {t} {r.names[0]} = {combine('max', acc)};")
            elif r.kind == "sum_excl_max":  # (max, sum of the others) online, then across lanes
                init.append(f"nl_sxm_state<{t}> {acc} = nl_sxm_empty<{t}>();")
                loop.append(f"nl_sxm_push({acc}, {pr(r.arg)}, {pr.zero()});")
                red_lines.append(f"{acc} = {combine('sxm', acc)};")
                red_lines.append(f"const {t} {r.names[0]} = {acc}.s;")
            else:  # lse: (max, argmax, sum over k != argmax of exp(a_k - max)) online, then across lanes
                init.append(f"nl_lse_state<{t}> {acc} = nl_lse_empty<{t}>();")
                loop.append(f"nl_lse_push({acc}, {pr(r.arg)}, k, {pr.zero()});")
                red_lines.append(f"{acc} = {combine('lse', acc)};")
                red_lines.append(f"const {t} {r.names[0]} = {acc}.m;")
                red_lines.append(f"const {t} {r.names[1]} = {pr.fn('log1p')}({acc}.s);")
            done.update(r.names)
        after = row_steps_known()
        passes.append(Pass(tuple(init), tuple(loop), tuple(red_lines), tuple(after), tuple(elements), tuple(printed)))
    leftover = [n for n, _ in row_steps if n not in emitted]
    if leftover:
        raise NotImplementedError(f"{spec.family.name}/{op}: row steps {leftover} were never computable")
    final = []
    if plan.elem_outputs:
        final = _element_lines(plan, pr, set(plan.elem_outputs), "base + k", spec)
        final += [store(f"out_{n}[base + k]", n) for n in plan.elem_outputs]
    if op == "nll_reduce" and host:
        (n,) = plan.row_outputs
        stores = [f"const double nl_value = weight_array != nullptr ? static_cast<double>(weight_array[row])"
                  f" * static_cast<double>({n}) : static_cast<double>({n});",
                  "acc += mask == nullptr || mask[row] != 0 ? nl_value : 0.0;"]
    elif op == "nll_reduce":
        stores = [f"acc += mask == nullptr || mask[row] != 0 ? static_cast<double>({plan.row_outputs[0]}) : static_cast<double>(0);"]
    else:
        stores = [f"out_{n}[row] = {n};" for n in plan.row_outputs]
    passes_t = tuple(passes)
    if weighted:
        passes_t = passes_t[:-1] + (dataclasses.replace(passes_t[-1], after=passes_t[-1].after + tuple(scale_line)),) \
            if passes_t else passes_t
        if not passes_t:
            row_lines += scale_line
    return CoupledKernel(name, "rows", op == "nll_reduce", params, tuple(row_lines), passes_t, tuple(final),
                         tuple(stores), True, True, layout)


def kernel_names(spec: KernelSpec) -> tuple:
    return tuple(f"{spec.family.name}_{op}{LAYOUTS[layout]}_{suffix}" for suffix in ("f32", "f64")
                 for op, layout in kernel_list(spec))


def kernel_list(spec: KernelSpec) -> list:
    """(op, layout) of every kernel: each op; the row ops that loop over the row also one
    block per row (a gathered nll reads one element per row: a warp is plenty)."""
    return [(op, "warp") for op in OPS] + [(op, "block") for op in OPS if _loops_over_row(spec, op)]


def _loops_over_row(spec: KernelSpec, op: str) -> bool:
    plan = plan_op(spec, op)
    need = needed(plan, plan.row_outputs + plan.elem_outputs)
    return kernel_kind(spec, op) == "rows" and (
        bool(plan.elem_outputs) or any(n in need for r in plan.reductions for n in r.names))


def check_names(spec: KernelSpec) -> None:
    from natloss.codegen.backends.cuda.kernels import bad_names

    names = list(spec.params) + [h for h, _, _ in spec.hypers] + [spec.target]
    steps = {n for op in spec.ops.values() for n, _ in op.temporaries + op.outputs}
    bad = bad_names(spec) + sorted(n for n in set(names) | steps
                                    if n in _LOCALS or re.match(r"red\d+$|acc_|nl_|.*_col$|.*_at_class$|.*_summand$", n))
    if bad:
        raise ValueError(f"family {spec.family.name!r}: the names {bad} clash with the coupled kernels' locals; rename them")


def cuda_context(spec: KernelSpec, source: str) -> dict:
    check_names(spec)
    sections = []
    for suffix, ctype in (("f32", "float"), ("f64", "double")):
        pr = StepPrinter(suffix, ctype)
        sections.append({"ctype": ctype, "suffix": suffix,
                         "kernels": [coupled_kernel(spec, op, pr, layout) for op, layout in kernel_list(spec)]})
    from natloss.codegen.backends.cuda.kernels import BLOCK

    return {
        "header": render_stage.header("cuda/coupled.cu.jinja", source, comment="//"),
        "title": f"{spec.family.class_name}: the {spec.family.name} family (diag_rank_one), CUDA kernels.",
        "block": BLOCK,
        "warp": WARP,
        "sections": sections,
    }


# ------------------------------------------------------------------------------ CuPy
def _cupy_printer():
    from natloss.codegen.backends.cuda.printer import CuPyLossPrinter

    # The coupled draws are natloss.runtime.cupy_coupled's (``_cc``).
    return CuPyLossPrinter({"fully_qualified_modules": True, "allow_unknown_functions": False,
                            "draw_format": "_cc.draw_{}"})


@dataclass(frozen=True)
class CoupledLaunch:
    method: str
    arguments: str
    prologue: tuple
    op: str
    kind: str
    rows: str  # the Python expression of the row count
    args: tuple
    result: str


def _launch(spec: KernelSpec, method: str, arguments: str, op: str) -> CoupledLaunch:
    sig = coupled_signature(spec, op)
    column = op == "factor_column"
    prologue = []
    if column:
        prologue += ["x = self._c(self._cparams[0][rows])", "nrows = x.size // self._K",
                     "stats = tuple(self._c(s[rows]) for s in self._row_stats_cached())"]
    elif any(a.role == "stat" for a in sig):
        prologue.append("stats = self._row_stats_cached_c()")
    rows = "nrows" if column else "self._rows"
    exprs = []
    for a in sig:
        exprs.append({
            "rows": f"np.int64({rows})",
            "K": "np.int64(self._K)",
            "group": "np.int64(self._group)",
            "column": "np.int64(column)",
            "param": "x" if column else "self._cparams[0]",
            "hyper": "" if a.role != "hyper" else (
                f'*self._hyper_args_rows("{spec.public(a.name)}", rows)' if column
                else f'*self._hyper_args("{spec.public(a.name)}")'),
            "stat": f"stats[{list(spec.fisher_entries).index(a.name)}]" if a.role == "stat" else "",
            "target": "self._c(y)",
            "vec": "self._c(v[0])",
            "uvec": "self._c(u)",
            "mask": "mask",
            "scale": "self._real(scale)",
            "weight": "self._double(weight)",
            "partial": "partial",
            "rowout": a.name,
            "out": a.name,
        }[a.role])
    if op == "nll_reduce":
        prologue.append("partial = self._partials()")
        result = "partial"
    else:
        plan = plan_op(spec, op)
        for n in plan.row_outputs:
            prologue.append(f"{n} = self._empty(self._batch_shape + (1,))")
        for n in plan.elem_outputs:
            prologue.append(f"{n} = self._empty(x.shape)" if column else f"{n} = self._empty(self._params[0].shape)")
        if op == "nll":
            result = "nll[..., 0]"
        elif op == "factor_transpose_product":
            result = plan.elem_outputs[0]
        else:
            outs = plan.row_outputs + plan.elem_outputs
            result = "(" + "".join(n + ", " for n in outs) + ")"
    return CoupledLaunch(method, arguments, tuple(prologue), op, kernel_kind(spec, op), rows, tuple(exprs), result)


def cupy_context(spec: KernelSpec, source: str, numpy_ctx: dict) -> dict:
    from natloss.codegen.backends.cuda.cupy import CUPY_WEIGHTED, contract_launch, cupy_class_context

    launches = [
        _launch(spec, "_row_stats", "", "row_stats"),
        _launch(spec, "_nll_per_case", ", y", "nll"),
        _launch(spec, "_nll_sum", ", y, weight, mask", "nll_reduce"),
        contract_launch(_launch(spec, "", "", "grad"), "_grad", ", y, weighting", True, CUPY_WEIGHTED),
        _launch(spec, "_mean_unweighted", "", "mean"),
        contract_launch(_launch(spec, "", "", "fisher_product"), "_fisher_product", ", v, weighting", True, CUPY_WEIGHTED),
        contract_launch(_launch(spec, "", "", "factor_product"), "_factor_product", ", u, weighting", True, CUPY_WEIGHTED),
        contract_launch(_launch(spec, "", "", "factor_transpose_product"), "_factor_transpose_product", ", v, weighting",
                        True, CUPY_WEIGHTED),
        _launch(spec, "_factor_column", ", rows, column", "factor_column"),
        _launch(spec, "_fisher_pieces", "", "fisher_pieces"),
    ]

    return cupy_class_context(spec, source, numpy_ctx, "cupy/coupled.py.jinja", launches, _cupy_printer(),
                              kernel_names(spec))


# ---------------------------------------------------------------------- registration
def unsupported_reason(spec: KernelSpec):
    draws = sorted({a.draw_name for a in sp.preorder_traversal(spec.ops["sample"].outputs[-1][1])
                    if isinstance(a, Draw)} - set(COUPLED_DRAWS))
    if draws:
        return f"the sampler's draws {draws} have no CuPy form for coupled families"
    try:
        check_names(spec)
        for op in OPS:
            plan_op(spec, op)  # raises why an op could not be planned
    except (ValueError, NotImplementedError) as exc:
        return str(exc)
    return None


def coupled_backend_files(spec: KernelSpec) -> dict:
    from natloss.codegen.backends.numpy.printer import print_numpy

    family = spec.family
    source = family.source or family.name
    numpy_ctx = render_stage.numpy_context(spec, print_numpy(spec), source)
    return {
        f"cuda/{family.name}.cu": render_stage.render("cuda/coupled.cu.jinja", cuda_context(spec, source)),
        f"cupy/{family.name}.py": render_stage.render("cupy/coupled.py.jinja", cupy_context(spec, source, numpy_ctx)),
    }
