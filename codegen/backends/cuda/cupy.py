"""The CuPy classes of the CUDA backend: what their templates (templates/cupy/) get, the kernel
launches of each generated method and the sampler printed for CuPy."""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import sympy as sp

from natloss.codegen import render as render_stage
from natloss.codegen.backends.cuda.kernels import kernel_names, kernel_signature
from natloss.codegen.backends.cuda.printer import CuPyLossPrinter
from natloss.codegen.backends.numpy.printer import print_op
from natloss.codegen.draws import Draw
from natloss.codegen.lower import KernelSpec
from natloss.codegen.plan import plan_family


@dataclass(frozen=True)
class Launch:
    method: str  # the generated method name
    arguments: str  # its arguments after self
    prologue: tuple  # statements before the launch (inputs, allocations)
    op: str  # the kernel op (the kernel is <family>_<op>_f32|f64)
    args: tuple  # Python expressions of the kernel arguments, in kernel_signature order
    result: str


def entry_source(spec: KernelSpec, op_name: str) -> tuple:
    """(the local name holding the entries a product reads, their names in order): the cached
    Fisher's or factor's, or (a parametrization's hessian_product) the Hessian entries the
    contract's ``_hessian_product(v, entries)`` is given."""
    if op_name == "hessian_product":
        return "entries", spec.ops["hessian"].output_names
    if op_name == "fisher_product":
        return "fisher", spec.fisher_entries
    return "factor", spec.factor_entries


def case_launch(spec: KernelSpec, method: str, arguments: str, op_name: str, signature, roles: dict,
                total: tuple, make=Launch):
    """One per-case kernel launch as a generated method, for any kernel backend's class (CuPy
    here, the CPU backend's context): the kernel arguments' Python expressions by role (`roles`
    gives what differs per backend: the count, scale, weight and partial-sum arguments), and
    the prologue that fetches what the arguments read, decided by their roles in `signature`
    (the plan's inputs), never by the printed text. `total`: (name, allocation) of nll_reduce's
    partial sums."""
    source, entries = entry_source(spec, op_name)
    by_role = {
        "param": lambda a: f"p[{spec.params.index(a.name)}]",
        "hyper": lambda a: f'*self._hyper_args("{spec.public(a.name)}")',
        "target": lambda a: "self._c(y)",
        "vec": lambda a: f"self._c(v[{int(a.name[1:])}])",
        "uvec": lambda a: "self._c(u)",
        "entry": lambda a: f"{source}[{entries.index(a.name)}]",
        "mask": lambda a: "mask",
        "out": lambda a: a.name,
        "outvec": lambda a: "out",
        **roles,
    }
    args = tuple(by_role[a.role](a) for a in signature)
    read = {a.role for a in signature}
    prologue = []
    if "param" in read:
        prologue.append("p = self._cparams")
    if "entry" in read and source in ("fisher", "factor"):  # (hessian_product: `entries` is an argument)
        prologue.append(f"{source} = self._{source}_entries()")
    outs = spec.ops["nll" if op_name == "nll_reduce" else op_name].output_names
    if op_name == "nll_reduce":
        prologue.append(f"{total[0]} = {total[1]}")
        result = total[0]
    elif op_name == "factor_transpose_product":
        prologue.append("out = self._empty(self.fisher_factor_inner_shape)")
        result = "out"
    else:
        prologue += [f"{n} = self._empty()" for n in outs]
        result = outs[0] if op_name == "nll" else "(" + "".join(n + ", " for n in outs) + ")"
    return make(method, arguments, tuple(prologue), op_name, args, result)


CUPY_ROLES = {
    "n": lambda a: "self._count()",
    "scale": lambda a: "self._real(scale)",
    "weight": lambda a: "self._double(weight)",
    "partial": lambda a: "partial",
}


def _launch(spec: KernelSpec, method: str, arguments: str, op_name: str) -> Launch:
    return case_launch(spec, method, arguments, op_name, kernel_signature(spec, op_name), CUPY_ROLES,
                       ("partial", "self._partials()"))


def parametrized_launches(spec: KernelSpec, launch) -> list:
    """A parametrization's contract methods (runtime/parametrized.py): ``_compute_hessian(y)``,
    the Hessian's entries per case, and ``_hessian_product(v, entries)``, unweighted (the mixin
    weighs it); `launch(spec, method, arguments, op)` is the backend's Launch maker."""
    if "hessian" not in spec.ops:
        return []
    return [launch(spec, "_compute_hessian", ", y", "hessian"),
            launch(spec, "_hessian_product", ", v, entries", "hessian_product")]


def contract_launch(launch, method: str, arguments: str, weighted: bool = False, wrap: str = "{}"):
    """A kernel launch (a Launch of any kernel backend) as a private method of runtime/base.py's
    contract: its name and arguments there, the `Weighting` translated first into the kernel's
    `scale` and `mask` arguments (``_kernel_weighting``), the result wrapped by `wrap`."""
    prologue = (("scale, mask = self._kernel_weighting(weighting)",) if weighted else ()) + tuple(launch.prologue)
    return dataclasses.replace(launch, method=method, arguments=arguments, prologue=prologue,
                               result=wrap.format(launch.result))


# The CuPy kernels fold a scalar weight in; per-case weights are applied to their output.
CUPY_WEIGHTED = "self._after_kernel({}, weighting)"


def cupy_context(spec: KernelSpec, source: str, numpy_ctx: dict) -> dict:
    family = spec.family
    launches = [
        _launch(spec, "_nll_per_case", ", y", "nll"),
        _launch(spec, "_nll_sum", ", y, weight, mask", "nll_reduce"),
        contract_launch(_launch(spec, "", "", "grad"), "_grad", ", y, weighting", True, CUPY_WEIGHTED),
        _launch(spec, "_mean_unweighted", "", "mean"),
        _launch(spec, "_compute_fisher", "", "fisher"),
        contract_launch(_launch(spec, "", "", "factor"), "_compute_factor", ", where", wrap="self._entries_at(where, {})"),
        contract_launch(_launch(spec, "", "", "fisher_product"), "_fisher_product", ", v, weighting", True, CUPY_WEIGHTED),
        contract_launch(_launch(spec, "", "", "factor_product"), "_factor_product", ", u, weighting", True, CUPY_WEIGHTED),
        contract_launch(_launch(spec, "", "", "factor_transpose_product"), "_factor_transpose_product", ", v, weighting",
                        True, CUPY_WEIGHTED),
    ] + parametrized_launches(spec, _launch)
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
    sample_reads = plan_family(spec).ops["sample"].reads
    used_params = [p for p in spec.params if p in sample_reads]
    if used_params:
        sample_prologue.append(f"({', '.join(p if p in used_params else '_' for p in spec.params)},) = self._params")
    for h, _, _ in spec.hypers:
        if h in sample_reads:
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
        "base_class": ("CuPyParametrizedLoss" if "hessian" in spec.ops else
                       "CuPyComponentsLoss" if family.componentwise else "CuPyNaturalParamsLoss"),
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
