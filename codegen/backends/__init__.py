"""The backends, listed in one place.

A backend is a folder here, `<name>/` (its printer, its contexts, `templates/`), whose package
has two functions:

    family_files(spec: KernelSpec) -> {relative path: text}       one family's files
    package_files(specs: list, package: str) -> {relative path: text}   the package-level files

Each prints the family's one plan (codegen/plan.py `plan_family(spec)`: which inputs each op
reads, the coupled row plans), never working that out itself. `BACKENDS` names them in build
order. Nothing registers itself by being imported: the list below is the whole truth, so
`driver.backend_files` gives the same output whatever was imported before. A new backend is a
folder plus one line here.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Backend:
    name: str
    module: str  # imported on first use, explicitly, by name
    doc: str = ""
    # Its template folders under codegen/, by the namespace its template names start with
    # ("numpy/family.py.jinja"); render.py's loader reads them from here. A backend with its
    # own loader (cpu) lists none.
    templates: tuple = ()

    def _impl(self):
        return importlib.import_module(self.module)

    def family_files(self, spec) -> dict:
        return self._impl().family_files(spec)

    def package_files(self, specs: list, package: str) -> dict:
        return self._impl().package_files(specs, package)


BACKENDS = (
    Backend("numpy", "natloss.codegen.backends.numpy", "NumPy/SciPy classes (always built)",
            (("numpy", "backends/numpy/templates"),)),
    Backend("cuda", "natloss.codegen.backends.cuda", "CUDA kernels and the CuPy classes that launch them",
            (("cuda", "backends/cuda/templates/cuda"), ("cupy", "backends/cuda/templates/cupy"))),
    Backend("cpu", "natloss.codegen.backends.cpu", "the CUDA kernels' C++ looped on the host (OpenMP), called through ctypes"),
)


def by_name(name: str) -> Backend:
    for backend in BACKENDS:
        if backend.name == name:
            return backend
    raise KeyError(f"no backend {name!r}; the backends are {', '.join(b.name for b in BACKENDS)}")
