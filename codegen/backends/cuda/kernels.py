"""The CUDA/CuPy backend: the same `KernelSpec` printed as CUDA C++ and rendered as

* ``generated/cuda/<family>.cu`` (codegen/backends/cuda/templates/cuda/family.cu.jinja): per dtype (float,
  double) one ``__device__`` per-case function per op and an ``extern "C" __global__``
  kernel per op (one thread per case, grid-stride loop), named ``<family>_<op>_f32|f64``;
* ``generated/cuda/natloss_math.cuh``: the device math header (codegen/backends/cuda/templates/cuda/natloss_math.cuh.jinja),
  and ``natloss_coupled.cuh``: the coupled kernels' row reductions (codegen/backends/cuda/templates/cuda/natloss_coupled.cuh.jinja);
* ``generated/cupy/<family>.py`` (codegen/backends/cuda/templates/cupy/family.py.jinja): the CuPy class, which
  launches those kernels (runtime/cupy_base.py does the launching and the caching);
* ``generated/cupy/__init__.py`` (codegen/backends/cuda/templates/cupy/__init__.py.jinja): lazy class imports.

A parametrization (codegen/parametrize.py) adds two per-case ops (`PARAMETRIZED_OPS`): ``hessian``
(the true Hessian's entries, reading the target) and ``hessian_product`` (reading those entries),
both unweighted; its factor-space arrays (u, B^T v) have the natural family's d_eta components
(``spec.factor_dim``), its input-space ones d_theta. A spec is emitted only where every primitive
its ops call has a CUDA name in codegen/functions.py (`missing_device_functions`).

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
from sympy.codegen.ast import float32, float64

from natloss.codegen import render as render_stage
from natloss.codegen.backends.cuda.printer import cuda_printer
from natloss.codegen.backends.numpy.printer import PrintedOp, print_op
from natloss.codegen.draws import Draw
from natloss.codegen.functions import unprinted_functions
from natloss.codegen.lower import KernelSpec, OpSpec
from natloss.codegen.plan import Arg, plan_family

# Structures this backend emits code for. Coupled (diag_rank_one) families have their own
# kernels (a warp per row) and CuPy base: codegen/backends/cuda/coupled.py.
SUPPORTED_STRUCTURES = ("scalar", "dense", "diag_rank_one")

DTYPES = (("f32", "float", float32, np.float32), ("f64", "double", float64, np.float64))

# Launch geometry shared by the kernels (the reduction's shared buffer) and the runtime.
BLOCK = 256

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
# A parametrization's (codegen/parametrize.py) true Hessian: its entries per case (they read the
# target, so they are computed per call, not cached) and the product with them (unweighted: the
# runtime's ParametrizedMixin applies the weighting).
PARAMETRIZED_OPS = ("hessian", "hessian_product")


def ops_of(spec: KernelSpec) -> tuple:
    """The per-case ops of a scalar or dense spec this backend prints: OPS, and a parametrization's
    Hessian ops where the spec has them."""
    return OPS + tuple(op for op in PARAMETRIZED_OPS if op in spec.ops)


def kernel_ops(spec: KernelSpec) -> tuple:
    """The kernels of a scalar or dense spec: nll_reduce, then ops_of(spec)."""
    return ("nll_reduce",) + ops_of(spec)


def print_cuda(spec: KernelSpec, dtype_suffix: str) -> dict:
    printer = cuda_printer(dtype_suffix)
    return {name: print_op(spec.ops[name], printer) for name in ops_of(spec)}


# --------------------------------------------------------------------- signatures
def kernel_signature(spec: KernelSpec, op_name: str) -> tuple:
    """The kernel arguments of `op_name` (an op of OPS or "nll_reduce"), in order: the inputs
    the plan reads (the factor-space components as one interleaved array), then mask and
    scale or weight, then the outputs."""
    planned = plan_family(spec).ops[op_name]
    inputs = [a for a in planned.inputs if a.role != "ucomp"]
    if planned.names("ucomp"):
        inputs.append(Arg("uvec", "u"))
    args = [Arg("n", "n")] + inputs
    outs = [Arg("out", n) for n in planned.outputs]
    if planned.weighting == "weight":  # nll_reduce
        args += [Arg("mask", "mask"), Arg("weight", "weight"), Arg("partial", "partial")]
    elif op_name == "factor_transpose_product":
        args += [Arg("mask", "mask"), Arg("scale", "scale"), Arg("outvec", "out")]
    elif planned.weighting == "scale":
        args += [Arg("mask", "mask"), Arg("scale", "scale")] + outs
    else:  # nll, mean, fisher, factor: unweighted per case
        args += outs
    return tuple(args)


def bad_names(spec: KernelSpec) -> list:
    names = list(spec.params) + [h for h, _, _ in spec.hypers] + [spec.target]
    return [n for n in names if n in _C_RESERVED or n.startswith("nl_") or n.startswith("__")
            or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n)]


def check_names(spec: KernelSpec) -> None:
    bad = bad_names(spec)
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


def case_function(spec: KernelSpec, printed: PrintedOp, op: OpSpec, ctype: str, suffix: str) -> CaseFunction:
    inputs = plan_family(spec).ops[op.name].inputs
    params = [f"const {ctype} {a.name}" for a in inputs] + [f"{ctype}& {n}" for n in op.output_names]
    lines = [f"const {ctype} {n} = {c};" for n, c in printed.temporaries]
    lines += [f"{n} = {c};" for n, c in printed.outputs]
    return CaseFunction(f"{spec.family.name}_{op.name}_case_{suffix}", tuple(params), tuple(lines))


def _kernel(spec: KernelSpec, op_name: str, ctype: str, suffix: str) -> Kernel:
    d = spec.factor_dim  # the interleaved factor-space arrays (u, B^T v): d_eta for a parametrization
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
    for name in plan_family(spec).ops[op_name].names("ucomp"):
        k = int(name[1:])
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
    return tuple(f"{spec.family.name}_{op}_{suffix}" for suffix, *_ in DTYPES for op in kernel_ops(spec))


def cuda_context(spec: KernelSpec, source: str) -> dict:
    check_names(spec)
    sections = []
    for suffix, ctype, _, _ in DTYPES:
        printed = print_cuda(spec, suffix)
        functions = [case_function(spec, printed[name], spec.ops[name], ctype, suffix) for name in ops_of(spec)]
        kernels = [_kernel(spec, name, ctype, suffix) for name in kernel_ops(spec)]
        sections.append({"ctype": ctype, "suffix": suffix, "functions": functions, "kernels": kernels})
    return {
        "header": render_stage.header("cuda/family.cu.jinja", source, comment="//"),
        "title": f"{spec.family.class_name}: the {spec.family.name} family, CUDA kernels.",
        "structure": spec.derived.structure.value,
        "block": BLOCK,
        "sections": sections,
    }


# ------------------------------------------------------------------------ registration
def unsupported_reason(spec: KernelSpec):
    """None if this backend emits the family, else why not."""
    if "parametrize_rows" in spec.passes:
        return "per-row parametrizations of coupled families have no CUDA kernels yet"
    if spec.derived.structure.value not in SUPPORTED_STRUCTURES:
        return f"structure {spec.derived.structure.value} has no CUDA kernels yet"
    missing = missing_device_functions(spec)
    if missing:
        return (f"the primitives {missing} have no CUDA device function (codegen/functions.py names none;"
                " the device library natloss_math.cuh lacks them)")
    if spec.derived.structure.value == "diag_rank_one":
        from natloss.codegen.backends.cuda import coupled as cuda_coupled

        return cuda_coupled.unsupported_reason(spec)
    from natloss.runtime.cupy_base import CUPY_DRAWS

    draws = sorted({a.draw_name for a in sp.preorder_traversal(spec.ops["sample"].outputs[0][1])
                    if isinstance(a, Draw)} - set(CUPY_DRAWS))
    if draws:
        return f"the sampler's draws {draws} have no CuPy form"
    bad = bad_names(spec)
    if bad:
        return f"the names {bad} cannot be CUDA identifiers; rename them"
    return None


def missing_device_functions(spec: KernelSpec) -> list:
    """The primitives the spec's ops (every op but the sampler, which runs on the host) call that
    have no name for this backend in the one function table: the rule that decides whether a
    family is emitted, whatever family or parametrization it is."""
    return unprinted_functions([e for name, op in spec.ops.items() if name != "sample"
                                for _, e in op.temporaries + op.outputs], "cuda")


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
    from natloss.codegen.backends.cuda.cupy import cupy_context

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
