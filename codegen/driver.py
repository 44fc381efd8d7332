"""The compiler driver: a list of stages, each taking one immutable object and returning the next.

    declare -> validate -> canonicalize -> derive -> stabilize -> lower -> print -> render

`compile_family` runs the symbolic stages; `build` prints and renders every backend for
a set of families and writes (or, with check=True, diffs) the output tree.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import pkgutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from natloss.codegen import render as render_stage
from natloss.codegen.derive import canonicalize, derive, stabilize
from natloss.codegen.family import Family
from natloss.codegen.lower import KernelSpec, lower
from natloss.codegen.printers import print_numpy
from natloss.codegen.validate import validate

SYMBOLIC_STAGES = (validate, canonicalize, derive, stabilize, lower)


def compile_family(family: Family) -> KernelSpec:
    from natloss.codegen.parametrize import Parametrization, compile_parametrization

    if isinstance(family, Parametrization):  # a loss in user parameters over a natural family
        return compile_parametrization(family)
    obj = family
    for stage in SYMBOLIC_STAGES:
        obj = stage(obj)
    return obj


# ------------------------------------------------------------------ discovery
def builtin_families() -> list:
    import natloss.codegen.families as package

    return _declarations_in(package)


def builtin_parametrizations() -> list:
    """The built-in `Parametrization`s (codegen/parametrizations/): losses in user parameters."""
    import natloss.codegen.parametrizations as package

    return _declarations_in(package)


def builtin_declarations() -> list:
    """Everything `natloss build` compiles by default: the families, then the parametrizations."""
    return builtin_families() + builtin_parametrizations()


def _declarations_in(package) -> list:
    found = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        found.extend(families_in(importlib.import_module(f"{package.__name__}.{info.name}")))
    return found


def families_in(module) -> list:
    found = getattr(module, "FAMILIES", None) or ([module.FAMILY] if hasattr(module, "FAMILY") else [])
    # Parametrizations (codegen/parametrize.py) are declared beside or instead of families.
    found = list(found) + list(getattr(module, "PARAMETRIZATIONS", None) or (
        [module.PARAMETRIZATION] if hasattr(module, "PARAMETRIZATION") else []))
    if not found:
        raise ValueError(f"{module.__name__}: a declaration module defines FAMILY (or FAMILIES, a list),"
                         " or PARAMETRIZATION (or PARAMETRIZATIONS)")
    source = getattr(module, "__file__", module.__name__)
    return [_with_source(f, module) for f in found] if source else found


def _with_source(family, module):
    from dataclasses import replace

    from natloss.codegen.parametrize import Parametrization

    if not isinstance(family, (Family, Parametrization)):
        return family  # validate() reports it
    name = module.__name__
    if name.startswith(("natloss.codegen.families.", "natloss.codegen.parametrizations.")):
        source = f"codegen/{name.split('.')[2]}/{name.rsplit('.', 1)[1]}.py"
    else:
        source = Path(getattr(module, "__file__", name)).name
    return replace(family, source=source)


def load_declaration(spec: str) -> list:
    """A module name (`my_pkg.my_family`) or a file path (`my_family.py`)."""
    path = Path(spec)
    if spec.endswith(".py") or path.exists():
        if not path.exists():
            raise FileNotFoundError(f"--family: no file {spec}")
        mod_name = f"natloss_user_family_{hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]}"
        module_spec = importlib.util.spec_from_file_location(mod_name, path)
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[mod_name] = module
        module_spec.loader.exec_module(module)
        return families_in(module)
    return families_in(importlib.import_module(spec))


# -------------------------------------------------------------------- outputs
@dataclass(frozen=True)
class Built:
    spec: KernelSpec
    files: dict  # relative path -> text


def backend_files(spec: KernelSpec) -> dict:
    family = spec.family
    source = family.source or family.name
    files = {}
    ctx = render_stage.numpy_context(spec, print_numpy(spec), source)
    files[f"numpy/{family.name}.py"] = render_stage.render("numpy/family.py.jinja", ctx)
    for backend in EXTRA_BACKENDS:
        files.update(backend(spec))
    return files


# Other backends (CUDA/CuPy) register a function KernelSpec -> {path: text} here.
EXTRA_BACKENDS: list = []
# And a function [KernelSpec] -> {path: text} for their package files.
EXTRA_PACKAGE_FILES: list = []


def package_files(specs: list) -> dict:
    classes = [(s.family.name, s.family.class_name) for s in specs]
    files = {
        "numpy/__init__.py": render_stage.render(
            "numpy/__init__.py.jinja", {"header": render_stage.header("numpy/__init__.py.jinja", "the declarations"), "classes": classes}
        ),
        "__init__.py": render_stage.render(
            "package_init.py.jinja", {"header": render_stage.header("package_init.py.jinja", "the declarations"), "classes": classes}
        ),
    }
    for extra in EXTRA_PACKAGE_FILES:
        files.update(extra(specs))
    return files


def default_out_dir() -> Path:
    # find_spec locates the package without running its (generated, maybe stale) __init__.
    spec = importlib.util.find_spec("natloss.generated")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("cannot locate the natloss.generated package; pass --out")
    return Path(list(spec.submodule_search_locations)[0])


def build_files(families: list) -> tuple:
    """All output files for these families, rendered in memory, or raise before anything is written."""
    specs, files, timings = [], {}, {}
    names = set()
    for family in families:
        start = time.perf_counter()
        spec = compile_family(family)
        if spec.family.name in names:
            raise ValueError(f"two declarations name the family {spec.family.name!r}")
        names.add(spec.family.name)
        files.update(backend_files(spec))
        specs.append(spec)
        timings[spec.family.name] = time.perf_counter() - start
    files.update(package_files(specs))
    return specs, files, timings


def _load_backends():
    """Import the optional backend modules so they register themselves."""
    for name in ("natloss.codegen.cuda_backend",):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def build(families: list, out_dir: Path, check: bool = False) -> dict:
    _load_backends()
    start = time.perf_counter()
    specs, files, timings = build_files(families)
    result = {"families": [s.family.name for s in specs], "timings": timings}
    if check:
        result["diff"] = render_stage.diff(files, out_dir)
    else:
        result["written"] = render_stage.write_atomically(files, out_dir)
    result["seconds"] = time.perf_counter() - start
    return result


def compile_to_class(family: Family):
    """Compile one declaration in memory and return its NumPy loss class (nothing is written)."""
    spec = compile_family(family)
    text = backend_files(spec)[f"numpy/{spec.family.name}.py"]
    namespace = {"__name__": f"natloss_inline_{spec.family.name}"}
    exec(compile(text, f"<natloss {spec.family.name}>", "exec"), namespace)  # noqa: S102 - our own output
    return namespace[spec.family.class_name]
