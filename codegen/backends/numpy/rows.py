"""The NumPy module of a per-row parametrization (codegen/parametrize_rows.py).

The module holds the natural family's generated class, exactly as the NumPy backend renders
it (so the module stands alone: in a user's package, in `compile_to_class`), and the loss in
(z, r) on top of it, whose elementwise `_eta`, `_jacobian` and `_curvature` are printed here.
"""
from __future__ import annotations

import sympy as sp

from natloss.codegen import render as render_stage
from natloss.codegen.parametrize_rows import curvature_name, summary_lines
from natloss.codegen.backends.numpy.printer import print_numpy

TEMPLATE = "numpy/row_parametrized.py.jinja"


def _natural_body(natural_spec) -> str:
    """The natural family's NumPy module from its imports on (its header and docstring left out)."""
    from natloss.codegen.backends import numpy as numpy_backend

    text = next(iter(numpy_backend.family_files(natural_spec).values()))
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(("import ", "from ")))
    return "\n".join(lines[first:])


def _doc(spec) -> str:
    d = spec.derived
    lines = [d.parametrization.doc, ""] + summary_lines(d)
    return render_stage.docstring_text("\n".join(line.rstrip() for line in lines))


def family_files(spec) -> dict:
    d, family = spec.derived, spec.family
    p = d.parametrization
    printed = print_numpy(spec)  # the elementwise ops with what each reads (the plan's)
    elementwise = ("self._elementwise_params()", "self._hypers")
    curvature = render_stage._method(spec, printed["curvature"], "_curvature", "", sources=elementwise)
    present = {n for n, _ in printed["curvature"].outputs}
    names = [curvature_name(label) for label, _ in d.curvature]
    methods = [
        render_stage._method(spec, printed["eta"], "_eta", ", params", single=True, sources=("params", "self._hypers")),
        render_stage._method(spec, printed["jacobian"], "_jacobian", "", sources=elementwise),
        render_stage.Method(curvature.name, curvature.arguments, curvature.prologue, curvature.assignments,
                            "(" + "".join(f"{n if n in present else None}, " for n in names) + ")"),
    ]
    labels = tuple(label for label, _ in d.curvature)
    hypers = family.hypers
    natural = d.natural.family
    attributes = [
        ("family", repr(family.name)),
        ("param_names", repr(tuple(q.name for q in family.params))),
        ("param_domains", "(" + "".join(render_stage._interval(q.domain) + ", " for q in family.params) + ")"),
        ("hyper_names", repr(tuple(h.name for h in hypers))),
        ("target_support", repr(family.target.support.value)),
        ("natural_family", repr(natural.name)),
        ("natural_class", natural.class_name),
        ("canonical", repr(d.affine)),
        ("curvature_labels", repr(labels)),
        ("eta_text", repr(sp.sstr(family.display(d.eta)))),
    ]
    arguments = [q.name for q in family.params]
    signature = ", ".join(arguments + ["targets=None", "mask=None", "weight=1.0", "seed=None"]
                          + [f"{h.name}={render_stage.default_literal(h.default)}" for h in hypers])
    source = family.source or family.name
    context = {
        "header": render_stage.header(TEMPLATE, source),
        "module_doc": f"{family.class_name}: per-row parameters over the {natural.name} family, NumPy backend.",
        "natural_body": _natural_body(d.natural),
        "class_name": family.class_name,
        "class_doc": _doc(spec),
        "class_attributes": attributes,
        "signature": signature,
        "params_tuple": "(" + "".join(a + ", " for a in arguments) + ")",
        "hypers_dict": "{" + ", ".join(f'"{h.name}": {h.name}' for h in hypers) + "}",
        "methods": methods,
    }
    return {f"numpy/{family.name}.py": render_stage.render(TEMPLATE, context)}
