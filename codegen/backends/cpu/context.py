"""What the CPU backend's templates get: C++ kernels and the Python classes that call them.

Everything an op computes comes from the one plan of the KernelSpec (codegen/plan.py: the
inputs of each op by role, the coupled row plans) printed as C++ by the CUDA backend's
printers, which print C++ that compiles for the host as it is: per-case functions
(`kernels.case_function`), kernel signatures (`kernels.kernel_signature`,
`coupled.coupled_signature`) and the coupled row plans printed for the host
(`coupled.coupled_kernel(..., host=True)`: row lines, passes, final loop, stores). This module
only decides the host loop around them and the C/ctypes argument lists.

C++ argument roles (T = float or double); a role the CUDA kernels have with another form here:

    scale    const T* __restrict__ scale_array, const T scale    (array: per case / per row, or null)
    weight   const T* __restrict__ weight_array, const double weight
    partial  double* __restrict__ total                         (nll_reduce: one double, the sum)
    group    absent                                             (coupled row kernels: one lane per row)

Python: each argument of a kernel is one ctypes type, `ARG_TYPES` codes: n = long long,
p = pointer (an array or None), f = the loss's real type, d = double.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from natloss.codegen.backends.cuda import kernels as cb
from natloss.codegen.backends.cuda import coupled as cc
from natloss.codegen.backends.cuda.cupy import case_launch, contract_launch, parametrized_launches
from natloss.codegen import render as render_stage
from natloss.codegen.plan import plan_family

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE_PREFIX = "codegen/backends/cpu/templates/"
PARALLEL_MIN = 32768  # elements: below, a kernel runs on the calling thread
# libm functions declared with glibc libmvec's SIMD variants (glibc >= 2.35 has them all on x86-64;
# where one is missing the library fails to link and cpu_build compiles without NL_LIBMVEC).
VECTOR_FUNCTIONS = ("exp", "log", "log1p", "expm1", "pow", "sin", "cos", "tan", "tanh", "sinh", "cosh", "atan",
                    "atan2", "erf", "erfc")
CHUNK = 16384  # cases (rows) per partial sum of nll_reduce
# (suffix, storage type, compute type). float32 losses store float32 (inputs, caches, outputs)
# but evaluate each case in double, through the double per-case functions, and round once at
# the store: on the host double costs about what float does (scalar libm calls either way, and
# memory traffic stays float32), and the float32 results then stay within an ulp or two of
# the exact value wherever float64 meets its target (float math lost up to 1.6e-5 on the von
# Mises NLL at |eta| ~ 80, past the 1e-5 target). NATLOSS_CPU_FLOAT32_COMPUTE=float renders
# the CUDA backend's float arithmetic instead (for measurements only).
import os as _os

FLOAT32_COMPUTE = _os.environ.get("NATLOSS_CPU_FLOAT32_COMPUTE", "double")
DTYPES = (("f32", "float", FLOAT32_COMPUTE), ("f64", "double", "double"))
OPS = cb.KERNEL_OPS  # nll_reduce, nll, grad, mean, fisher, factor, fisher_product, factor_product, factor_transpose_product
# (and a parametrization's hessian, hessian_product: cb.kernel_ops(spec))
WEIGHTED = ("grad", "fisher_product", "factor_product", "factor_transpose_product")


# ---------------------------------------------------------------------------- rendering
@lru_cache(maxsize=None)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, context: dict) -> str:
    text = _environment().get_template(template).render(**context)
    return text if text.endswith("\n") else text + "\n"


def header(template: str, source: str, comment: str = "#") -> str:
    return (f"{comment} generated from {render_stage.inert(source)} by {TEMPLATE_PREFIX}{template}, do not edit;"
            " run `natloss build`.")


# -------------------------------------------------------------------------- support
def unsupported_reason(spec):
    """None if this backend emits the family, else why not: exactly the families the CUDA
    backend emits (the kernels are its kernels, looped on the host)."""
    reason = cb.unsupported_reason(spec)
    return None if reason is None else f"no CUDA kernels to compile for the host: {reason}"


def supported(spec) -> bool:
    return unsupported_reason(spec) is None


# ------------------------------------------------------------------ scalar and dense
@dataclass(frozen=True)
class CaseKernel:
    name: str
    kind: str  # "map" or "reduce"
    params: tuple  # C parameter declarations
    body: tuple  # statements for case i
    types: str  # ctypes codes of the parameters, in order
    hypers: tuple = ()  # hyper-parameters: NlHyper_<name> says at compile time whether its array is given

    @property
    def flags(self) -> tuple:
        """The template flags of the loop's function: (flag, the runtime condition it stands for)."""
        out = [("NlMask", "mask != nullptr"), ("NlWeight", "weight_array != nullptr")] if self.kind == "reduce" else []
        return tuple(out + [(f"NlHyper_{h}", f"in_{h} != nullptr") for h in self.hypers])

    @property
    def dispatch(self) -> tuple:
        """(condition, template arguments) for every combination of the flags, the last one unconditional:
        the loop is compiled once per combination, so no pointer is tested (and no load made
        conditional) inside it, and it vectorizes."""
        flags = self.flags
        combos = []
        for bits in range(2 ** len(flags)):
            values = [(bits >> j) & 1 == 1 for j in range(len(flags))]
            cond = " && ".join(c if v else f"!({c})" for (_, c), v in zip(flags, values))
            combos.append((cond, ", ".join("true" if v else "false" for v in values)))
        return tuple(combos)

    @property
    def call_args(self) -> str:
        return ", ".join(name for _, name in self.inputs)

    @property
    def inputs(self) -> tuple:
        """(declaration, name) of the parameters a reduction's chunk function takes (all but n,
        weight and total)."""
        out = []
        for p in self.params:
            name = p.split()[-1]
            if name not in ("weight", "total") and not (name == "n" and self.kind == "reduce"):
                out.append((p, name))
        return tuple(out)


PRODUCT_SOURCES = {"fisher_product": "fisher", "factor_product": "factor", "factor_transpose_product": "factor"}


def fused_entries(spec, op_name: str):
    """"fisher" or "factor" where a product's entries read no array but the hyper-parameters
    (F = 1 / var of the Normal with known variance, the identity of the unit multivariate
    normal): the product kernel computes them per case instead of reading a cached array (one
    array less to read, and no cache to fill); else None."""
    source = PRODUCT_SOURCES.get(op_name)
    if source is None:
        return None
    return source if all(a.role == "hyper" for a in plan_family(spec).ops[source].inputs) else None


def case_signature(spec, op_name: str) -> list:
    """The kernel arguments (cuda_backend.kernel_signature), where the entries are fused
    (fused_entries) the entries op's hyper-parameters in place of the entries."""
    sig = list(cb.kernel_signature(spec, op_name))
    source = fused_entries(spec, op_name)
    if source is None:
        return sig
    hypers = list(plan_family(spec).ops[source].inputs)
    rest = [a for a in sig[1:] if a.role != "entry" and a not in hypers]
    return [sig[0]] + hypers + rest


def _case_kernel(spec, op_name: str, ctype: str, suffix: str, compute: str | None = None) -> CaseKernel:
    """The kernel of one op for storage type ctype, each case evaluated in `compute` (default ctype)
    by the per-case function of that type."""
    compute = compute or ctype
    case_suffix = "f64" if compute == "double" else "f32"
    d = spec.factor_dim  # the interleaved factor-space arrays (u, B^T v): d_eta for a parametrization
    op = spec.ops["nll" if op_name == "nll_reduce" else op_name]
    source = fused_entries(spec, op_name)
    params, types = [], []
    for a in case_signature(spec, op_name):
        if a.role == "n":
            params.append("const long long n")
            types.append("n")
        elif a.role in ("param", "target", "vec", "entry"):
            params.append(f"const {ctype}* __restrict__ in_{a.name}")
            types.append("p")
        elif a.role == "hyper":
            params += [f"const {ctype}* __restrict__ in_{a.name}", f"const {ctype} {a.name}_value"]
            types += ["p", "f"]
        elif a.role == "uvec":
            params.append(f"const {ctype}* __restrict__ in_u")
            types.append("p")
        elif a.role == "mask":
            params.append(f"const {ctype}* __restrict__ mask")
            types.append("p")
        elif a.role == "scale":
            params += [f"const {ctype}* __restrict__ scale_array", f"const {ctype} scale"]
            types += ["p", "f"]
        elif a.role == "weight":
            params += [f"const {ctype}* __restrict__ weight_array", "const double weight"]
            types += ["p", "d"]
        elif a.role == "partial":
            params.append("double* __restrict__ total")
            types.append("p")
        elif a.role in ("out", "outvec"):
            params.append(f"{ctype}* __restrict__ out_{a.name}")
            types.append("p")
        else:
            raise NotImplementedError(f"{spec.family.name}/{op_name}: argument role {a.role!r}")

    def value(a) -> str:  # a per-case function's argument at case i
        if a.role == "hyper":
            return f"static_cast<{compute}>(NlHyper_{a.name} ? in_{a.name}[i] : {a.name}_value)"
        if a.role == "entry" and source is not None:
            return f"nl_e_{a.name}"
        if a.role == "ucomp":
            k = int(a.name[1:])
            return f"static_cast<{compute}>(in_u[i * {d} + {k}])" if d > 1 else f"static_cast<{compute}>(in_u[i])"
        return f"static_cast<{compute}>(in_{a.name}[i])"

    call_args = [value(a) for a in plan_family(spec).ops[op_name].inputs]
    body = []
    if source is not None:  # the entries, per case, from the hyper-parameters alone
        entries = spec.ops[source].output_names
        body += [f"{compute} nl_e_{e};" for e in entries]
        args = [value(a) for a in plan_family(spec).ops[source].inputs] + [f"nl_e_{e}" for e in entries]
        body.append(f"{spec.family.name}_{source}_case_{case_suffix}({', '.join(args)});")
    outs = list(op.output_names)
    body += [f"{compute} r_{n};" for n in outs]
    body.append(f"{spec.family.name}_{op.name}_case_{case_suffix}({', '.join(call_args + [f'r_{n}' for n in outs])});")
    if op_name == "nll_reduce":
        (n,) = outs
        # NlWeight / NlMask: template parameters of the chunk function (the template unswitches
        # on whether weight_array and mask are given, so the loop vectorizes without conditional loads).
        body.append(f"const double nl_value = NlWeight ? static_cast<double>(weight_array[i])"
                    f" * static_cast<double>(r_{n}) : static_cast<double>(r_{n});")
        # A masked-out case is a select: an inf or NaN NLL there adds exactly 0.
        body.append("acc += !NlMask || mask[i] != 0 ? nl_value : 0.0;")
    elif op_name in WEIGHTED:
        body.append("const bool nl_keep = mask == nullptr || mask[i] != 0;")
        body.append(f"const {compute} nl_scale = scale_array != nullptr ? scale_array[i] : scale;")
        for k, n in enumerate(outs):
            target = (f"out_out[i * {d} + {k}]" if d > 1 else "out_out[i]") if op_name == "factor_transpose_product" \
                else f"out_{n}[i]"
            body.append(f"{target} = nl_keep ? static_cast<{ctype}>(r_{n} * nl_scale) : {ctype}(0);")
    else:
        body += [f"out_{n}[i] = static_cast<{ctype}>(r_{n});" for n in outs]
    hypers = tuple(a.name for a in case_signature(spec, op_name) if a.role == "hyper")
    return CaseKernel(f"{spec.family.name}_{op_name}_{suffix}", "reduce" if op_name == "nll_reduce" else "map",
                      tuple(params), tuple(body), "".join(types), hypers)


def kernel_types(spec) -> dict:
    """op -> ctypes codes of its kernel (the same for both dtypes)."""
    if spec.derived.structure.value == "diag_rank_one":
        return {op: _coupled_types(spec, op) for op in cc.OPS}
    return {op: _case_kernel(spec, op, "double", "f64").types for op in cb.kernel_ops(spec)}



def cpp_context(spec, source: str) -> dict:
    cb.check_names(spec)
    sections = []
    for suffix, ctype, compute in DTYPES:
        functions = []  # float32 evaluated in double: the double functions serve
        if compute == ctype:
            printed = cb.print_cuda(spec, suffix)
            functions = [cb.case_function(spec, printed[name], spec.ops[name], ctype, suffix) for name in cb.ops_of(spec)]
        kernels = [_case_kernel(spec, op, ctype, suffix, compute) for op in cb.kernel_ops(spec)]
        sections.append({"ctype": ctype, "suffix": suffix, "functions": functions, "kernels": kernels})
    if DTYPES[0][2] == "double":  # the double section first: its case functions serve both
        sections.reverse()
    return {
        "header": header("family.cpp.jinja", source, comment="//"),
        "title": f"{spec.family.class_name}: the {spec.family.name} family, CPU kernels.",
        "structure": spec.derived.structure.value,
        "sections": sections,
    }


@dataclass(frozen=True)
class Launch:
    method: str
    arguments: str
    prologue: tuple
    op: str
    args: tuple
    result: str
    rows: str = ""


CPU_ROLES = {
    "n": lambda a: "self._n",
    "scale": lambda a: "*self._scale_args(scale)",
    "weight": lambda a: "*self._weight_args(weight)",
    "partial": lambda a: "total",
}


def _case_launch(spec, method: str, arguments: str, op_name: str) -> Launch:
    return case_launch(spec, method, arguments, op_name, case_signature(spec, op_name), CPU_ROLES,
                       ("total", "self._total_buffer()"), make=Launch)


def _case_launches(spec) -> list:
    return [
        _case_launch(spec, "_nll_per_case", ", y", "nll"),
        _case_launch(spec, "_nll_sum", ", y, weight, mask", "nll_reduce"),
        # The contract's methods (runtime/base.py): the kernels apply the whole Weighting.
        contract_launch(_case_launch(spec, "", "", "grad"), "_grad", ", y, weighting", True),
        _case_launch(spec, "_mean_unweighted", "", "mean"),
        _case_launch(spec, "_compute_fisher", "", "fisher"),
        contract_launch(_case_launch(spec, "", "", "factor"), "_compute_factor", ", where",
                           wrap="self._entries_at(where, {})"),
        contract_launch(_case_launch(spec, "", "", "fisher_product"), "_fisher_product", ", v, weighting", True),
        contract_launch(_case_launch(spec, "", "", "factor_product"), "_factor_product", ", u, weighting", True),
        contract_launch(_case_launch(spec, "", "", "factor_transpose_product"), "_factor_transpose_product",
                           ", v, weighting", True),
    ] + parametrized_launches(spec, _case_launch)


# --------------------------------------------------------------------------- coupled
def _coupled_types(spec, op: str) -> str:
    codes = {"rows": "n", "K": "n", "column": "n", "hyper": "pf", "scale": "pf", "weight": "pd", "group": ""}
    return "".join(codes.get(a.role, "p") for a in cc.coupled_signature(spec, op))


def _coupled_params(spec, op: str, ctype: str) -> list:
    params = []
    for a in cc.coupled_signature(spec, op):
        if a.role == "group":
            continue  # one lane per row
        if a.role == "scale":
            params += [f"const {ctype}* __restrict__ scale_array", f"const {ctype} scale"]
        elif a.role == "weight":
            params += [f"const {ctype}* __restrict__ weight_array", "const double weight"]
        elif a.role == "partial":
            params.append("double* __restrict__ total")
        else:
            params += _one_param(spec, a, ctype)
    return params


def _one_param(spec, a, ctype) -> tuple:
    """The C declaration(s) of one coupled argument, as the CUDA kernels declare it."""
    if a.role in ("rows", "K", "column"):
        return (f"const long long {a.name}",)
    if a.role == "target" and cc.class_index_targets(spec):
        return (f"const long long* __restrict__ in_{a.name}",)
    if a.role in ("param", "stat", "target", "vec", "uvec"):
        return (f"const {ctype}* __restrict__ in_{a.name}",)
    if a.role == "hyper":
        return (f"const {ctype}* __restrict__ in_{a.name}", f"const {ctype} {a.name}_value")
    if a.role == "mask":
        return (f"const {ctype}* __restrict__ mask",)
    if a.role in ("rowout", "out"):
        return (f"{ctype}* __restrict__ out_{a.name}",)
    raise NotImplementedError(f"{spec.family.name}: coupled argument role {a.role!r}")


@dataclass(frozen=True)
class HostPass:
    init: tuple
    loop: tuple
    reduce: tuple
    after: tuple
    simd: str  # the pass loop's "#pragma omp simd ..." where it vectorizes, else ""


def _simd_clause(p) -> str:
    """A pass whose reductions are all sums vectorizes (lane partial sums, combined in a fixed
    order: the same result every run); the online max/log-sum-exp states stay scalar."""
    if not p.reductions or any(r.kind != "sum" for r in p.reductions):
        return ""
    return f"#pragma omp simd reduction(+:{', '.join(r.acc for r in p.reductions)})"


def _vector_lse(p, pr):
    """A pass that is one online log-sum-exp (the softmax families' row statistics) as three
    vectorized loops over the row (in cache): the max, the first index holding it, and the sum
    over the other entries of exp(x_k - max). The same (max, argmax, sum) as the online state,
    ties to the lower index; the sum is added in another order. None for any other pass."""
    if len(p.reductions) != 1 or p.reductions[0].kind != "lse":
        return None
    (r,) = p.reductions
    ctype, elements = pr.ctype, list(p.elements)
    m, i, total = (f"nl_{part}_{r.acc[len('acc_'):]}" for part in ("m", "i", "s"))

    def loop(clause, update):
        return [clause, "for (long long k = 0; k < K; ++k) {", *("    " + e for e in elements),
                f"    const {ctype} nl_a = {r.arg};", f"    {update}", "}"]

    init = ([f"{ctype} {m} = -nl_coupled_inf<{ctype}>();"]
            + loop(f"#pragma omp simd reduction(max:{m})", f"{m} = nl_a > {m} ? nl_a : {m};")
            + [f"long long {i} = K;"]
            + loop(f"#pragma omp simd reduction(min:{i})", f"{i} = nl_a == {m} && k < {i} ? k : {i};")
            + [f"{ctype} {total} = {ctype}(0);"]
            + loop(f"#pragma omp simd reduction(+:{total})", f"{total} += k == {i} ? {ctype}(0) : nl_coupled_exp(nl_a - {m});"))
    reduce = (f"const {ctype} {r.names[0]} = {m};", f"const {ctype} {r.names[1]} = {pr.fn('log1p')}({total});")
    return HostPass(tuple(init), (), reduce, p.after, "")


@dataclass(frozen=True)
class CoupledHostKernel:
    name: str
    kind: str  # "rows" or "elements"
    reduce: bool
    params: tuple
    row_lines: tuple
    passes: tuple
    final_loop: tuple
    row_stores: tuple

    masked_outputs: tuple = ()  # weighted ops: the element outputs set to 0 for a masked-out row

    @property
    def row_args(self) -> tuple:
        """(declaration, name) of the parameters the per-row function takes (all but total)."""
        return tuple((p, p.split()[-1]) for p in self.params if p.split()[-1] != "total")


def _coupled_kernel(spec, op: str, pr, ctype: str, suffix: str) -> CoupledHostKernel:
    """The op's kernel for storage type ctype, its element and row values in pr's type (the
    loads convert, the stores round once): the row plan printed for the host."""
    k = cc.coupled_kernel(spec, op, pr, "warp", host=True)
    name = f"{spec.family.name}_{op}_{suffix}"
    params = tuple(_coupled_params(spec, op, ctype))
    passes = tuple(_vector_lse(p, pr) or HostPass(p.init, p.loop, p.reduce, p.after, _simd_clause(p)) for p in k.passes)
    text = "\n".join(k.row_lines + k.final_loop + tuple(line for p in passes for line in p.init + p.loop + p.reduce + p.after))
    if re.search(r"\b(lane|lanes|slot|warp|warps|threadIdx|blockIdx|blockDim|gridDim)\b", text):
        raise NotImplementedError(f"{spec.family.name}/{op}: the plan reads a GPU thread index")
    planned = plan_family(spec).ops[op]
    masked = planned.row_plan().elem_outputs if planned.weighting == "scale" else ()
    return CoupledHostKernel(name, k.kind, k.reduce, params, k.row_lines, passes, k.final_loop, k.row_stores, masked)


def coupled_cpp_context(spec, source: str) -> dict:
    cc.check_names(spec)
    sections = []
    for suffix, ctype, compute in DTYPES:
        pr = cc.StepPrinter("f64", "double") if compute == "double" else cc.StepPrinter(suffix, ctype)
        sections.append({"ctype": ctype, "suffix": suffix,
                         "kernels": [_coupled_kernel(spec, op, pr, ctype, suffix) for op in cc.OPS]})
    return {
        "header": header("coupled.cpp.jinja", source, comment="//"),
        "title": f"{spec.family.class_name}: the {spec.family.name} family (diag_rank_one), CPU kernels.",
        "sections": sections,
    }


def _coupled_launch(spec, method: str, arguments: str, op: str) -> Launch:
    sig = cc.coupled_signature(spec, op)
    column = op == "factor_column"
    prologue = []
    if column:
        prologue += ["x = self._c(self._params[0][rows])", "nrows = x.size // self._K",
                     "stats = tuple(self._c(s[rows]) for s in self._row_stats_cached())"]
    elif any(a.role == "stat" for a in sig):
        prologue.append("stats = self._row_stats_cached_c()")
    rows = "nrows" if column else "self._rows"
    exprs = []
    for a in sig:
        if a.role == "group":
            continue
        exprs.append({
            "rows": lambda: rows,
            "K": lambda: "self._K",
            "column": lambda: "column",
            "param": lambda: "x" if column else "self._cparams[0]",
            "hyper": lambda: (f'*self._hyper_args_rows("{spec.public(a.name)}", rows)' if column
                              else f'*self._hyper_args("{spec.public(a.name)}")'),
            "stat": lambda: f"stats[{list(spec.fisher_entries).index(a.name)}]",
            "target": lambda: "self._c(y)",
            "vec": lambda: "self._c(v[0])",
            "uvec": lambda: "self._c(u)",
            "mask": lambda: "mask",
            "scale": lambda: "*self._scale_args(scale)",
            "weight": lambda: "*self._weight_args(weight)",
            "partial": lambda: "total",
            "rowout": lambda: a.name,
            "out": lambda: a.name,
        }[a.role]())
    if op == "nll_reduce":
        prologue.append("total = self._total_buffer()")
        result = "total"
    else:
        plan = cc.plan_op(spec, op)
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
    return Launch(method, arguments, tuple(prologue), op, tuple(exprs), result, rows)


def _coupled_launches(spec) -> list:
    return [
        _coupled_launch(spec, "_row_stats", "", "row_stats"),
        _coupled_launch(spec, "_nll_per_case", ", y", "nll"),
        _coupled_launch(spec, "_nll_sum", ", y, weight, mask", "nll_reduce"),
        contract_launch(_coupled_launch(spec, "", "", "grad"), "_grad", ", y, weighting", True),
        _coupled_launch(spec, "_mean_unweighted", "", "mean"),
        contract_launch(_coupled_launch(spec, "", "", "fisher_product"), "_fisher_product", ", v, weighting", True),
        contract_launch(_coupled_launch(spec, "", "", "factor_product"), "_factor_product", ", u, weighting", True),
        contract_launch(_coupled_launch(spec, "", "", "factor_transpose_product"), "_factor_transpose_product",
                           ", v, weighting", True),
        _coupled_launch(spec, "_factor_column", ", rows, column", "factor_column"),
    ]


# ------------------------------------------------------------------------- the class
def python_context(spec, source: str) -> dict:
    family = spec.family
    coupled = spec.derived.structure.value == "diag_rank_one"
    template = "coupled.py.jinja" if coupled else "family.py.jinja"
    numpy_doc = render_stage._doc_math(spec)  # the NumPy class's docstring
    attributes = [
        ("_cpu_file", repr(f"{family.name}.cpp")),
        ("_cpu_package", "__package__"),  # the cpu/ package this module is in, wherever it was built
        ("_kernel_prefix", repr(family.name)),
        ("_kernel_types", repr(kernel_types(spec))),
    ]
    return {
        "header": header(template, source),
        "module_doc": f"{family.class_name}: the {family.name} family, CPU backend"
                      f" (the fused kernels of generated/cpu/{family.name}.cpp).",
        "module": family.name,
        "class_name": family.class_name,
        "base_class": ("CpuParametrizedLoss" if "hessian" in spec.ops else
                       "CpuComponentsLoss" if family.componentwise else "CpuNaturalParamsLoss"),
        "class_doc": numpy_doc,
        "class_attributes": attributes,
        "launches": _coupled_launches(spec) if coupled else _case_launches(spec),
    }


# ------------------------------------------------------------------- the interface
def family_files(spec) -> dict:
    reason = unsupported_reason(spec)
    if reason is not None:
        return {}  # the CUDA backend has already warned where a family of its structures is left out
    return _family_files(spec)


def _family_files(spec) -> dict:
    family = spec.family
    source = family.source or family.name
    coupled = spec.derived.structure.value == "diag_rank_one"
    cpp = render("coupled.cpp.jinja", coupled_cpp_context(spec, source)) if coupled else \
        render("family.cpp.jinja", cpp_context(spec, source))
    ctx = python_context(spec, source)
    return {
        f"cpu/{family.name}.cpp": cpp,
        f"cpu/{family.name}.py": render("coupled.py.jinja" if coupled else "family.py.jinja", ctx),
    }


COUPLED_STATES_BEGIN = "#define NL_EMPTY_INDEX"
COUPLED_STATES_END = "// Reductions over aligned groups"


def coupled_states_text() -> str:
    """The row states of the CUDA backend's natloss_coupled.cuh (the online log-sum-exp and
    the sum but the max, with their push functions), cut out of the rendered header."""
    text = cb.coupled_header_text()
    begin, end = text.find(COUPLED_STATES_BEGIN), text.find(COUPLED_STATES_END)
    if begin < 0 or end < begin:
        raise RuntimeError("natloss_coupled.cuh: the row states are no longer between"
                           f" {COUPLED_STATES_BEGIN!r} and {COUPLED_STATES_END!r}; update codegen/backends/cpu/context.py")
    return text[begin:end].rstrip() + "\n"


def header_text() -> str:
    math_library = cb.math_header_text().replace("#pragma once\n", "", 1)
    return render("natloss_cpu.h.jinja", {
        "header": header("natloss_cpu.h.jinja", "the device math library", comment="//"),
        "parallel_min": PARALLEL_MIN,
        "chunk": CHUNK,
        "math_library": math_library.rstrip(),
        "coupled_states": coupled_states_text().rstrip(),
        "vector_functions": VECTOR_FUNCTIONS,
    })


def package_files(specs: list, package: str) -> dict:
    classes = [(s.family.name, s.family.class_name) for s in specs if supported(s)]
    skipped = [f"{s.family.class_name} ({unsupported_reason(s)})" for s in specs if not supported(s)]
    return {
        "cpu/natloss_cpu.h": header_text(),
        "cpu/__init__.py": render("__init__.py.jinja", {
            "header": header("__init__.py.jinja", "the declarations"), "classes": classes, "skipped": skipped,
            "package": package}),
    }
