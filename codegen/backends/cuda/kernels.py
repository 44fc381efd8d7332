"""The CUDA/CuPy backend: the same `KernelSpec` printed as CUDA C++ and rendered as

* ``generated/cuda/<family>.cu`` (codegen/backends/cuda/templates/cuda/family.cu.jinja): per dtype (float,
  double) one ``__device__`` per-case function per op and an ``extern "C" __global__``
  kernel per op (one thread per case, grid-stride loop), named ``<family>_<op>_f32|f64``;
* ``generated/cuda/natloss_math.cuh``: the device math header (codegen/backends/cuda/templates/cuda/natloss_math.cuh.jinja),
  and ``natloss_coupled.cuh``: the coupled kernels' row reductions (codegen/backends/cuda/templates/cuda/natloss_coupled.cuh.jinja);
* ``generated/cupy/<family>.py`` (codegen/backends/cuda/templates/cupy/family.py.jinja): the CuPy class, which
  launches those kernels (runtime/cupy_base.py does the launching and the caching);
* ``generated/cupy/__init__.py`` (codegen/backends/cuda/templates/cupy/__init__.py.jinja): lazy class imports.

Importing this module registers the backend in `natloss.codegen.driver`.

Kernel arguments are described by `kernel_signature(spec, op)`: a tuple of `Arg` (role,
name). Only the inputs an op's expressions use are arguments, so e.g. a Fisher kernel
that does not read a parameter does not load it. Roles and their C types (T = float or
double):

    n        const long long            number of cases
    param    const T* __restrict__      a natural parameter
    hyper    const T* __restrict__ + T  an array (or nullptr) and the scalar used when it is nullptr
    target   const T* __restrict__      the targets y
    vec      const T* __restrict__      one input-space component v<k> (separate arrays)
    uvec     const T* __restrict__      the factor-space vector, interleaved: u[i * d + k]
    entry    const T* __restrict__      a cached Fisher or factor entry
    mask     const T* __restrict__      the mask, or nullptr
    scale    const T                    weight or sqrt(weight); a masked-out case is set to 0
    weight   const double               (nll_reduce) the weight
    out      T* __restrict__            one output array per output
    outvec   T* __restrict__            (factor_transpose_product) interleaved output out[i * d + k]
    partial  double* __restrict__       (nll_reduce) one partial sum per block
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import numpy as np
import sympy as sp
from sympy.codegen.ast import float32, float64, real
from sympy.printing.c import C99CodePrinter

from natloss.codegen import render as render_stage
from natloss.codegen.draws import Draw
from natloss.codegen.functions import CUDA_DEVICE_FUNCTIONS
from natloss.codegen.lower import KernelSpec, OpSpec
from natloss.codegen.backends.numpy.printer import NUMPY_HELPERS, NumPyLossPrinter, PrintedOp, print_op

# Structures this backend emits code for. Coupled (diag_rank_one) families have their own
# kernels (a warp per row) and CuPy base: codegen/backends/cuda/coupled.py.
SUPPORTED_STRUCTURES = ("scalar", "dense", "diag_rank_one")

DTYPES = (("f32", "float", float32, np.float32), ("f64", "double", float64, np.float64))

# Launch geometry shared by the kernels (the reduction's shared buffer) and the runtime.
BLOCK = 256

# Stable primitives -> device functions of natloss_math.cuh (overloaded for float and double),
# from the one table of supported functions (codegen/functions.py).
CUDA_FUNCTIONS = dict(CUDA_DEVICE_FUNCTIONS)

# Names a declared parameter, hyper-parameter or target cannot take in CUDA C++ (they are
# the local variables of the per-case functions).
_C_RESERVED = frozenset(
    """auto break case char const continue default do double else enum extern float for goto if inline int long
    register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while
    bool true false class namespace template typename this new delete operator private public protected virtual
    friend using nullptr constexpr decltype static_assert noexcept thread_local alignas alignof char16_t char32_t
    blockIdx threadIdx blockDim gridDim warpSize""".split()
) | frozenset(
    f"{fn}{suffix}" for fn in "exp log sqrt pow expm1 log1p fabs tgamma lgamma fma ceil floor fmin fmax".split()
    for suffix in ("", "f")
)

OPS = ("nll", "grad", "mean", "fisher", "factor", "fisher_product", "factor_product", "factor_transpose_product")


# --------------------------------------------------------------------------- printer
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

    def _print_loggamma(self, expr):
        return f"nl_lgamma({self._print(expr.args[0])})"

    def _print_erf(self, expr):  # C99's printer would emit erf/erff directly: keep to the nl_* names
        return f"nl_erf({self._print(expr.args[0])})"

    def _print_erfc(self, expr):
        return f"nl_erfc({self._print(expr.args[0])})"

    def _print_log(self, expr):
        if isinstance(expr.args[0], sp.gamma):
            return f"nl_lgamma({self._print(expr.args[0].args[0])})"
        return super()._print_log(expr)

    def _print_polygamma(self, expr):
        order, x = expr.args
        names = {0: "nl_digamma", 1: "nl_trigamma"}
        if order in names:
            return f"{names[int(order)]}({self._print(x)})"
        return f"nl_polygamma({int(order)}, {self._print(x)})"

    def _print_sigmoid(self, expr):
        return f"nl_sigmoid({self._print(expr.args[0])})"

    def _print_softplus(self, expr):
        return f"nl_softplus({self._print(expr.args[0])})"


def cuda_printer(dtype_suffix: str) -> CudaLossPrinter:
    alias = float32 if dtype_suffix == "f32" else float64
    return CudaLossPrinter({"type_aliases": {real: alias}, "allow_unknown_functions": False})


def print_cuda(spec: KernelSpec, dtype_suffix: str) -> dict:
    printer = cuda_printer(dtype_suffix)
    return {name: print_op(spec.ops[name], printer) for name in OPS}


# --------------------------------------------------------------------- signatures
@dataclass(frozen=True)
class Arg:
    role: str
    name: str


def _words(op: OpSpec) -> set:
    names = set()
    for _, e in op.temporaries + op.outputs:
        names |= {str(s) for s in sp.sympify(e).free_symbols}
    return names


def _inputs(spec: KernelSpec, op: OpSpec) -> list:
    """The (role, name) of every input the op's expressions read, in a fixed order."""
    used = _words(op)
    d = spec.dim
    args = [Arg("param", p) for p in spec.params if p in used]
    args += [Arg("hyper", h) for h, _, _ in spec.hypers if h in used]
    if spec.target in used:
        args.append(Arg("target", spec.target))
    entries = spec.fisher_entries if op.name == "fisher_product" else spec.factor_entries
    if op.name in ("fisher_product", "factor_product", "factor_transpose_product"):
        args += [Arg("entry", e) for e in entries if e in used]
    if op.name in ("fisher_product", "factor_transpose_product"):
        args += [Arg("vec", f"v{k}") for k in range(d) if f"v{k}" in used]
    if op.name == "factor_product":
        args += [Arg("ucomp", f"u{k}") for k in range(d) if f"u{k}" in used]
    return args


def kernel_signature(spec: KernelSpec, op_name: str) -> tuple:
    """The kernel arguments of `op_name` (an op of OPS or "nll_reduce"), in order."""
    op = spec.ops["nll" if op_name == "nll_reduce" else op_name]
    inputs = [a for a in _inputs(spec, op) if a.role != "ucomp"]
    if op_name == "factor_product" and any(a.role == "ucomp" for a in _inputs(spec, op)):
        inputs.append(Arg("uvec", "u"))
    args = [Arg("n", "n")] + inputs
    outs = [Arg("out", n) for n in op.output_names]
    if op_name == "nll_reduce":
        args += [Arg("mask", "mask"), Arg("weight", "weight"), Arg("partial", "partial")]
    elif op_name in ("grad", "fisher_product", "factor_product"):
        args += [Arg("mask", "mask"), Arg("scale", "scale")] + outs
    elif op_name == "factor_transpose_product":
        args += [Arg("mask", "mask"), Arg("scale", "scale"), Arg("outvec", "out")]
    else:  # nll, mean, fisher, factor: unweighted per case
        args += outs
    return tuple(args)


def _bad_names(spec: KernelSpec) -> list:
    names = list(spec.params) + [h for h, _, _ in spec.hypers] + [spec.target]
    return [n for n in names if n in _C_RESERVED or n.startswith("nl_") or n.startswith("__")
            or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n)]


def _check_names(spec: KernelSpec) -> None:
    bad = _bad_names(spec)
    if bad:
        raise ValueError(
            f"family {spec.family.name!r}: the names {bad} cannot be CUDA identifiers in the generated kernels; rename them"
        )


# ------------------------------------------------------------------------ contexts
@dataclass(frozen=True)
class CaseFunction:
    name: str
    params: tuple  # C parameter declarations
    lines: tuple  # body statements


@dataclass(frozen=True)
class Kernel:
    name: str
    kind: str  # "map" or "reduce"
    params: tuple  # C parameter declarations
    before: tuple  # statements inside the loop before the call (declarations of results, scale)
    call: str  # the per-case function call
    after: tuple  # statements after the call (stores, or the accumulation)


def _case_function(spec: KernelSpec, printed: PrintedOp, op: OpSpec, ctype: str, suffix: str) -> CaseFunction:
    inputs = _inputs(spec, op)
    params = [f"const {ctype} {a.name}" for a in inputs] + [f"{ctype}& {n}" for n in op.output_names]
    lines = [f"const {ctype} {n} = {c};" for n, c in printed.temporaries]
    lines += [f"{n} = {c};" for n, c in printed.outputs]
    return CaseFunction(f"{spec.family.name}_{op.name}_case_{suffix}", tuple(params), tuple(lines))


def _kernel(spec: KernelSpec, op_name: str, ctype: str, suffix: str) -> Kernel:
    d = spec.dim
    op = spec.ops["nll" if op_name == "nll_reduce" else op_name]
    sig = kernel_signature(spec, op_name)
    params, call_args = [], []
    for a in sig:
        if a.role == "n":
            params.append("const long long n")
        elif a.role in ("param", "target", "vec", "entry"):
            params.append(f"const {ctype}* __restrict__ in_{a.name}")
            call_args.append(f"in_{a.name}[i]")
        elif a.role == "hyper":
            params += [f"const {ctype}* __restrict__ in_{a.name}", f"const {ctype} {a.name}_value"]
            call_args.append(f"(in_{a.name} != nullptr ? in_{a.name}[i] : {a.name}_value)")
        elif a.role == "uvec":
            params.append(f"const {ctype}* __restrict__ in_u")
        elif a.role == "mask":
            params.append(f"const {ctype}* __restrict__ mask")
        elif a.role == "scale":
            params.append(f"const {ctype} scale")
        elif a.role == "weight":
            params.append("const double weight")
        elif a.role == "partial":
            params.append("double* __restrict__ partial")
        elif a.role in ("out", "outvec"):
            params.append(f"{ctype}* __restrict__ out_{a.name}")
    if op_name == "factor_product":
        for a in _inputs(spec, op):
            if a.role == "ucomp":
                k = int(a.name[1:])
                call_args.append(f"in_u[i * {d} + {k}]" if d > 1 else "in_u[i]")
    outs = list(op.output_names)
    before = [f"{ctype} r_{n};" for n in outs]
    call = f"{spec.family.name}_{op.name}_case_{suffix}({', '.join(call_args + [f'r_{n}' for n in outs])});"
    after = []
    weighted = op_name in ("grad", "fisher_product", "factor_product", "factor_transpose_product")
    if weighted:
        # A masked-out case is a select, not a product with 0: a NaN or inf there gives 0.
        after.append("const bool nl_keep = mask == nullptr || mask[i] != 0;")
    if op_name == "nll_reduce":
        after.append(f"acc += mask == nullptr || mask[i] != 0 ? static_cast<double>(r_{outs[0]}) : static_cast<double>(0);")
    elif op_name == "factor_transpose_product":
        for k, n in enumerate(outs):
            index = f"i * {d} + {k}" if d > 1 else "i"
            after.append(f"out_out[{index}] = nl_keep ? r_{n} * scale : {ctype}(0);")
    else:
        for n in outs:
            after.append(f"out_{n}[i] = nl_keep ? r_{n} * scale : {ctype}(0);" if weighted else f"out_{n}[i] = r_{n};")
    return Kernel(f"{spec.family.name}_{op_name}_{suffix}", "reduce" if op_name == "nll_reduce" else "map",
                  tuple(params), tuple(before), call, tuple(after))


KERNEL_OPS = ("nll_reduce",) + OPS


def kernel_names(spec: KernelSpec) -> tuple:
    return tuple(f"{spec.family.name}_{op}_{suffix}" for suffix, *_ in DTYPES for op in KERNEL_OPS)


def cuda_context(spec: KernelSpec, source: str) -> dict:
    _check_names(spec)
    sections = []
    for suffix, ctype, _, _ in DTYPES:
        printed = print_cuda(spec, suffix)
        functions = [_case_function(spec, printed[name], spec.ops[name], ctype, suffix) for name in OPS]
        kernels = [_kernel(spec, name, ctype, suffix) for name in KERNEL_OPS]
        sections.append({"ctype": ctype, "suffix": suffix, "functions": functions, "kernels": kernels})
    return {
        "header": render_stage.header("cuda/family.cu.jinja", source, comment="//"),
        "title": f"{spec.family.class_name}: the {spec.family.name} family, CUDA kernels.",
        "structure": spec.derived.structure.value,
        "block": BLOCK,
        "sections": sections,
    }


# ---------------------------------------------------------------- CuPy printer/context
# The NumPy printer's helpers, from natloss.runtime.cupy_base (``_cb``) and CuPy (``cp``) instead;
# tests/test_cuda_codegen.py checks that cupy_base defines each one.
CUPY_HELPERS = {name: code.replace("_m.", "_cb.").replace("np.", "cp.") for name, code in NUMPY_HELPERS.items()}


class CuPyLossPrinter(NumPyLossPrinter):
    """CuPy array code (the sampler): ``cp.`` for the array module, ``_cb.`` for the helpers
    and draws of natloss.runtime.cupy_base."""

    printmethod = "_natloss_cupy"

    def _module_format(self, fqn, register=True):
        name = super()._module_format(fqn, register)
        return "cp." + name[len("np."):] if name.startswith("np.") else name

    def _print_Function(self, expr):
        name = type(expr).__name__
        if name in CUPY_HELPERS:
            return f"{CUPY_HELPERS[name]}({', '.join(self._print(a) for a in expr.args)})"
        if isinstance(expr, Draw):
            args = ", ".join(self._print(a) for a in expr.args)
            return f"_cb.draw_{expr.draw_name}(rng, shape, {args})"
        return super()._print_Function(expr)

    def _print_loggamma(self, expr):
        return f"_cb.gammaln({self._print(expr.args[0])})"

    def _print_log(self, expr):
        if isinstance(expr.args[0], sp.gamma):
            return f"_cb.gammaln({self._print(expr.args[0].args[0])})"
        return f"cp.log({self._print(expr.args[0])})"

    def _print_polygamma(self, expr):
        order, x = expr.args
        names = {0: "_cb.digamma", 1: "_cb.trigamma"}
        if order in names:
            return f"{names[int(order)]}({self._print(x)})"
        return f"_cb.polygamma({int(order)}, {self._print(x)})"


@dataclass(frozen=True)
class Launch:
    method: str  # the generated method name
    arguments: str  # its arguments after self
    prologue: tuple  # statements before the launch (inputs, allocations)
    op: str  # the kernel op (the kernel is <family>_<op>_f32|f64)
    args: tuple  # Python expressions of the kernel arguments, in kernel_signature order
    result: str


def _launch_args(spec: KernelSpec, op_name: str) -> tuple:
    entries = spec.fisher_entries if op_name == "fisher_product" else spec.factor_entries
    source = "fisher" if op_name == "fisher_product" else "factor"
    exprs = []
    for a in kernel_signature(spec, op_name):
        exprs.append({
            "n": lambda: "self._count()",
            "param": lambda: f"p[{spec.params.index(a.name)}]",
            "hyper": lambda: f'*self._hyper_args("{spec.public(a.name)}")',
            "target": lambda: "self._c(y)",
            "vec": lambda: f"self._c(v[{int(a.name[1:])}])",
            "uvec": lambda: "self._c(u)",
            "entry": lambda: f"{source}[{entries.index(a.name) if a.name in entries else -1}]",
            "mask": lambda: "mask",
            "scale": lambda: "self._real(scale)",
            "weight": lambda: "self._double(weight)",
            "partial": lambda: "partial",
            "out": lambda: a.name,
            "outvec": lambda: "out",
        }[a.role]())
    return tuple(exprs)


def _launch(spec: KernelSpec, method: str, arguments: str, op_name: str) -> Launch:
    args = _launch_args(spec, op_name)
    text = " ".join(args)
    prologue = []
    if "p[" in text:
        prologue.append("p = self._cparams")
    if "fisher[" in text:
        prologue.append("fisher = self._fisher_entries()")
    if "factor[" in text:
        prologue.append("factor = self._factor_entries()")
    outs = spec.ops["nll" if op_name == "nll_reduce" else op_name].output_names
    if op_name == "nll_reduce":
        prologue.append("partial = self._partials()")
        result = "partial"
    elif op_name == "factor_transpose_product":
        prologue.append("out = self._empty(self.fisher_factor_inner_shape)")
        result = "out"
    else:
        prologue += [f"{n} = self._empty()" for n in outs]
        result = outs[0] if op_name == "nll" else "(" + "".join(n + ", " for n in outs) + ")"
    return Launch(method, arguments, tuple(prologue), op_name, args, result)


def cupy_context(spec: KernelSpec, source: str, numpy_ctx: dict) -> dict:
    family = spec.family
    launches = [
        _launch(spec, "_nll_per_case", ", y", "nll"),
        _launch(spec, "_nll_sum", ", y, weight=1.0, mask=None", "nll_reduce"),
        _launch(spec, "_grad_unweighted", ", y, scale=1.0, mask=None", "grad"),
        _launch(spec, "_mean_unweighted", "", "mean"),
        _launch(spec, "_compute_fisher", "", "fisher"),
        _launch(spec, "_compute_factor", "", "factor"),
        _launch(spec, "_fisher_product", ", v, scale=1.0, mask=None", "fisher_product"),
        _launch(spec, "_factor_product_interleaved", ", u, scale=1.0, mask=None", "factor_product"),
        _launch(spec, "_factor_transpose_product_stacked", ", v, scale=1.0, mask=None", "factor_transpose_product"),
    ]
    from natloss.runtime.cupy_base import CUPY_DRAWS

    for draw in sp.preorder_traversal(spec.ops["sample"].outputs[0][1]):
        if isinstance(draw, Draw) and draw.draw_name not in CUPY_DRAWS:
            raise NotImplementedError(f"family {family.name!r}: the draw {draw.draw_name!r} has no CuPy form")
    printer = CuPyLossPrinter({"fully_qualified_modules": True, "allow_unknown_functions": False})
    return cupy_class_context(spec, source, numpy_ctx, "cupy/family.py.jinja", launches, printer, kernel_names(spec))


def cupy_class_context(spec: KernelSpec, source: str, numpy_ctx: dict, template: str, launches: list,
                       printer, names: tuple) -> dict:
    """What every CuPy class template gets: the NumPy class's attributes and signature, the
    kernel launches, and the sampler printed for CuPy with the locals it reads."""
    family = spec.family
    sample = print_op(spec.ops["sample"], printer)
    sample_code = " ".join(c for _, c in sample.temporaries + sample.outputs)
    sample_prologue = []
    used_params = [p for p in spec.params if re.search(rf"\b{p}\b", sample_code)]
    if used_params:
        sample_prologue.append(f"({', '.join(p if p in used_params else '_' for p in spec.params)},) = self._params")
    for h, _, _ in spec.hypers:
        if re.search(rf"\b{h}\b", sample_code):
            sample_prologue.append(f'{h} = self._hypers["{spec.public(h)}"]')
    if re.search(r"\bcp\.", sample_code):
        sample_prologue.append("cp = self.xp")
    attributes = list(numpy_ctx["class_attributes"]) + [
        ("_cuda_file", repr(f"{family.name}.cu")),
        # The kernels sit in the cuda/ package beside this module's cupy/ package, wherever it was built.
        ("_cuda_package", '__package__.rpartition(".")[0] + ".cuda"'),
        ("_kernel_prefix", repr(family.name)),
        ("_kernel_names", repr(names)),
    ]
    return {
        "header": render_stage.header(template, source),
        "module_doc": f"{family.class_name}: the {family.name} family, CuPy backend"
                      f" (the kernels of generated/cuda/{family.name}.cu).",
        "class_name": family.class_name,
        "base_class": "CuPyComponentsLoss" if family.componentwise else "CuPyNaturalParamsLoss",
        "class_doc": numpy_ctx["class_doc"],
        "class_attributes": attributes,
        "signature": numpy_ctx["signature"],
        "params_tuple": numpy_ctx["params_tuple"],
        "hypers_dict": numpy_ctx["hypers_dict"],
        "launches": launches,
        "sample_prologue": tuple(sample_prologue),
        "sample_assignments": sample.temporaries + sample.outputs,
        "sample_result": sample.outputs[0][0],
    }


# ------------------------------------------------------------------------ registration
def unsupported_reason(spec: KernelSpec):
    """None if this backend emits the family, else why not."""
    if "parametrize" in spec.passes:
        return "parametrized losses (true Hessian, factor J^T B) have no CUDA kernels yet"
    if spec.derived.structure.value not in SUPPORTED_STRUCTURES:
        return f"structure {spec.derived.structure.value} has no CUDA kernels yet"
    if spec.derived.structure.value == "diag_rank_one":
        from natloss.codegen.backends.cuda import coupled as cuda_coupled

        return cuda_coupled.unsupported_reason(spec)
    from natloss.runtime.cupy_base import CUPY_DRAWS

    draws = sorted({a.draw_name for a in sp.preorder_traversal(spec.ops["sample"].outputs[0][1])
                    if isinstance(a, Draw)} - set(CUPY_DRAWS))
    if draws:
        return f"the sampler's draws {draws} have no CuPy form"
    bad = _bad_names(spec)
    if bad:
        return f"the names {bad} cannot be CUDA identifiers; rename them"
    return None


def supported(spec: KernelSpec) -> bool:
    return unsupported_reason(spec) is None


def cuda_backend_files(spec: KernelSpec) -> dict:
    reason = unsupported_reason(spec)
    if reason is not None:
        if spec.derived.structure.value in SUPPORTED_STRUCTURES:
            warnings.warn(f"natloss build: no CUDA/CuPy files for {spec.family.name!r}: {reason}", stacklevel=2)
        return {}
    if spec.derived.structure.value == "diag_rank_one":
        from natloss.codegen.backends.cuda import coupled as cuda_coupled

        return cuda_coupled.coupled_backend_files(spec)
    from natloss.codegen.backends.numpy.printer import print_numpy

    family = spec.family
    source = family.source or family.name
    numpy_ctx = render_stage.numpy_context(spec, print_numpy(spec), source)
    return {
        f"cuda/{family.name}.cu": render_stage.render("cuda/family.cu.jinja", cuda_context(spec, source)),
        f"cupy/{family.name}.py": render_stage.render("cupy/family.py.jinja", cupy_context(spec, source, numpy_ctx)),
    }


def math_header_text() -> str:
    header = render_stage.header("cuda/natloss_math.cuh.jinja", "the device math library", comment="//")
    return render_stage.render("cuda/natloss_math.cuh.jinja", {"header": header})


def coupled_header_text() -> str:
    """The coupled kernels' row reductions, shared by every diag_rank_one family's .cu file."""
    from natloss.codegen.backends.cuda.coupled import WARP

    header = render_stage.header("cuda/natloss_coupled.cuh.jinja", "the coupled row reductions", comment="//")
    return render_stage.render("cuda/natloss_coupled.cuh.jinja", {"header": header, "block": BLOCK, "warp": WARP})


def device_headers() -> dict:
    """name -> text of the headers the generated .cu files include."""
    return {"natloss_math.cuh": math_header_text(), "natloss_coupled.cuh": coupled_header_text()}


def cuda_package_files(specs: list, package: str = "natloss.generated") -> dict:
    classes = [(s.family.name, s.family.class_name) for s in specs if supported(s)]
    skipped = [f"{s.family.class_name} ({unsupported_reason(s)})" for s in specs if not supported(s)]
    return {
        **{f"cuda/{name}": text for name, text in device_headers().items()},
        "cuda/__init__.py": render_stage.render(
            "cuda/__init__.py.jinja", {"header": render_stage.header("cuda/__init__.py.jinja", "the declarations")}
        ),
        "cupy/__init__.py": render_stage.render(
            "cupy/__init__.py.jinja",
            {"header": render_stage.header("cupy/__init__.py.jinja", "the declarations"), "classes": classes,
             "skipped": skipped, "package": package},
        ),
    }


# The backend interface (codegen/backends BACKENDS).
family_files = cuda_backend_files
package_files = cuda_package_files
