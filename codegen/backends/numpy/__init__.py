"""The NumPy backend: one module per family (codegen/backends/numpy/templates/) and the package's __init__ files."""
from __future__ import annotations

from natloss.codegen import render as render_stage
from natloss.codegen.backends.numpy.printer import print_numpy


def family_files(spec) -> dict:
    if "parametrize_rows" in spec.passes:  # a per-row parametrization: its own module (rows.py)
        from natloss.codegen.backends.numpy import rows as numpy_rows
        return numpy_rows.family_files(spec)
    family = spec.family
    ctx = render_stage.numpy_context(spec, print_numpy(spec), family.source or family.name)
    return {f"numpy/{family.name}.py": render_stage.render("numpy/family.py.jinja", ctx)}


def package_files(specs: list, package: str) -> dict:
    classes = [(s.family.name, s.family.class_name) for s in specs]
    return {
        "numpy/__init__.py": render_stage.render(
            "numpy/__init__.py.jinja", {"header": render_stage.header("numpy/__init__.py.jinja", "the declarations"), "classes": classes}
        ),
        "__init__.py": render_stage.render(
            "package_init.py.jinja",
            {"header": render_stage.header("package_init.py.jinja", "the declarations"), "classes": classes, "package": package},
        ),
    }
