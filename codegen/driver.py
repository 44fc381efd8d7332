"""The compiler driver: a list of stages, each taking one immutable object and returning the next.

    declare -> validate -> componentwise -> canonicalize -> derive -> stabilize -> lower -> plan -> print -> render

`compile_family` runs the symbolic stages; `build` plans each family once (codegen/plan.py:
what every op reads and writes, the coupled row plans), then prints and renders every backend
for a set of families from that plan and writes (or, with check=True, diffs) the output tree.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import pkgutil
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

from natloss.codegen import render as render_stage
from natloss.codegen.components import componentwise
from natloss.codegen.derive import canonicalize, derive, stabilize
from natloss.codegen.family import Family, is_identifier
from natloss.codegen.lower import KernelSpec, lower
from natloss.codegen.plan import plan_family
from natloss.codegen.backends import BACKENDS, by_name
from natloss.codegen.validate import validate

SYMBOLIC_STAGES = (validate, componentwise, canonicalize, derive, stabilize, lower)
# Then, per family: the plan (made once, read by every backend), and each backend's print and render.
PLAN_STAGE = plan_family


def compile_family(family: Family) -> KernelSpec:
    from natloss.codegen.parametrize import Parametrization, compile_parametrization
    from natloss.codegen.parametrize_rows import RowParametrization, compile_row_parametrization

    if isinstance(family, Parametrization):  # a loss in user parameters over a natural family
        return compile_parametrization(family)
    if isinstance(family, RowParametrization):  # per-row parameters over a coupled family
        return compile_row_parametrization(family)
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
    from natloss.codegen.parametrize_rows import RowParametrization

    return [p for p in _builtin_in_parametrizations() if not isinstance(p, RowParametrization)]


def builtin_row_parametrizations() -> list:
    """The built-in `RowParametrization`s (codegen/parametrizations/): per-row parameters over a coupled family."""
    from natloss.codegen.parametrize_rows import RowParametrization

    return [p for p in _builtin_in_parametrizations() if isinstance(p, RowParametrization)]


def _builtin_in_parametrizations() -> list:
    import natloss.codegen.parametrizations as package

    return _declarations_in(package)


def builtin_declarations() -> list:
    """Everything `natloss build` compiles by default: the families, then the parametrizations
    (both kinds, in module order)."""
    return builtin_families() + _builtin_in_parametrizations()


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
    from natloss.codegen.parametrize_rows import RowParametrization

    if not isinstance(family, (Family, Parametrization, RowParametrization)):
        return family  # validate() reports it
    name = module.__name__
    if name.startswith(("natloss.codegen.families.", "natloss.codegen.parametrizations.")):
        source = f"codegen/{name.split('.')[2]}/{name.rsplit('.', 1)[1]}.py"
    else:
        source = Path(getattr(module, "__file__", name)).name
    return replace(family, source=source)


def is_declaration_file(spec: str) -> bool:
    """Whether `spec` names a declaration file (`my_family.py`, `dir/f.py`) rather than a module or family."""
    return spec.endswith(".py") or "/" in spec or os.sep in spec


def load_declaration(spec: str) -> list:
    """A module name (`my_pkg.my_family`) or a file path (`my_family.py`)."""
    path = Path(spec)
    if is_declaration_file(spec) or path.is_file():
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


def backend_files(spec: KernelSpec, backends=None) -> dict:
    """One family's files from every backend in `backends` (default: all of codegen/backends BACKENDS),
    each printing the one plan of the spec (made here, before any backend asks for it)."""
    PLAN_STAGE(spec)
    files = {}
    for backend in BACKENDS if backends is None else backends:
        files.update(backend.family_files(spec))
    return files


BUILTIN_PACKAGE = "natloss.generated"


def package_files(specs: list, package: str = BUILTIN_PACKAGE, backends=None) -> dict:
    files = {}
    for backend in BACKENDS if backends is None else backends:
        files.update(backend.package_files(specs, package))
    return files


def default_out_dir() -> Path:
    # find_spec locates the package without running its (generated, maybe stale) __init__.
    spec = importlib.util.find_spec(BUILTIN_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"cannot locate the {BUILTIN_PACKAGE} package; pass --out")
    return Path(list(spec.submodule_search_locations)[0])


def is_package_name(name: str) -> bool:
    """A dotted Python module name: each part an identifier, not a keyword."""
    return isinstance(name, str) and all(is_identifier(part) for part in name.split("."))


def package_name_for(out_dir: Path, package: str = None) -> str:
    """The import name of the package built into out_dir: `package`, else the folder's name
    (natloss.generated for the built-in folder). Raises OutputError if it is no module name."""
    if package is None:
        default = default_out_dir_or_none()
        if default is not None and Path(os.path.realpath(out_dir)) == Path(os.path.realpath(default)):
            return BUILTIN_PACKAGE
        package = Path(os.path.realpath(out_dir)).name
        if not is_identifier(package):
            raise render_stage.OutputError(
                f"--out {out_dir}: the folder name {package!r} is not a Python package name; rename the folder"
                " or pass --package NAME"
            )
    elif not is_package_name(package):
        raise render_stage.OutputError(f"--package: expected a Python package name (dotted identifiers), got {package!r}")
    top = package.split(".")[0]
    if package != BUILTIN_PACKAGE and top in SHADOWED_MODULES:
        raise render_stage.OutputError(
            f"--out {out_dir}: a package named {package!r} would shadow the module {top!r} that the generated code"
            " imports; pick another folder name or pass --package NAME"
        )
    return package


# Top-level names a built package must not take: the generated code imports these.
SHADOWED_MODULES = frozenset(sys.stdlib_module_names) | {"natloss", "numpy", "scipy", "cupy", "cupyx", "sympy", "jinja2"}


def default_out_dir_or_none():
    try:
        return default_out_dir()
    except (FileNotFoundError, ImportError):
        return None


def _reserved_name_error(name: str, class_name: str):
    for what, value in (("name", name), ("class_name", class_name)):
        if value.startswith("__") and value.endswith("__"):
            return f"family {name!r}, field {what!r}: {value!r} is a reserved Python name (__...__); rename it"
    return None


class _Compiled:
    """One declaration's output in a build: its names, its files, its key, and its spec, which a
    cache hit unpickles only when asked (the package files' entry usually makes that unneeded)."""

    def __init__(self, declaration, name, class_name, files, key=None, spec=None, spec_blob=None):
        self.declaration, self.name, self.class_name, self.files, self.key = declaration, name, class_name, files, key
        self._spec, self._blob = spec, spec_blob

    def spec(self) -> KernelSpec:
        if self._spec is None:
            import pickle

            try:
                spec = pickle.loads(self._blob)
                usable = isinstance(spec, KernelSpec) and (spec.family.name, spec.family.class_name) == (
                    self.name, self.class_name)
            except Exception:
                usable = False
            # The files came whole from a checked entry; a spec that does not load (it always
            # should) is derived again, the same spec the entry was made from.
            self._spec = spec if usable else compile_family(self.declaration)
        return self._spec


def build_files(families: list, package: str = BUILTIN_PACKAGE, cache=None) -> tuple:
    """All output files for these families, rendered in memory, or raise before anything is written.

    Returns (specs, files, timings). With `cache` (a natloss.codegen.cache.BuildCache), a
    declaration whose key is stored is not compiled: its files, spec and warnings come from
    the entry (see codegen/cache.py for what the key covers); the package files come from an
    entry keyed by all the declarations' keys in order, and are computed from the specs
    (cached or not) when that one is missing.
    """
    compiled, files, timings = _build_outputs(families, package, cache)
    return [c.spec() for c in compiled], files, timings


def _build_outputs(families: list, package: str, cache) -> tuple:
    compiled, files, timings = [], {}, {}
    owner = {}  # relative path -> the family that writes it
    names, classes = set(), {}
    for family in families:
        start = time.perf_counter()
        item = _compiled(family, package, cache)
        name = item.name
        if name in names:
            raise ValueError(f"two declarations name the family {name!r}")
        if item.class_name in classes:
            raise ValueError(f"families {classes[item.class_name]!r} and {name!r} both declare the class"
                             f" {item.class_name!r}")
        names.add(name)
        classes[item.class_name] = name
        reserved = _reserved_name_error(name, item.class_name)
        if reserved:
            raise ValueError(reserved)
        for rel, text in item.files.items():
            if rel in owner:
                raise ValueError(f"families {owner[rel]!r} and {name!r} both write {rel}")
            owner[rel] = name
            files[rel] = text
        compiled.append(item)
        timings[name] = time.perf_counter() - start
    for rel, text in _package_output(compiled, package, cache).items():
        if rel in owner:
            raise ValueError(f"family {owner[rel]!r}: its file {rel} would replace a package file of that name;"
                             " rename the family")
        files[rel] = text
    return compiled, files, timings


def _compiled(family, package: str, cache) -> _Compiled:
    """One declaration's output, from the cache when its entry is there."""
    if cache is None:
        spec = compile_family(family)
        return _Compiled(family, spec.family.name, spec.family.class_name, backend_files(spec), spec=spec)
    from natloss.codegen import cache as cache_module

    key = cache.key(family, package)
    entry = cache.load(key)
    if entry is not None:
        cache.hits += 1
        cache_module.replay(entry["warnings"])
        return _Compiled(family, entry["name"], entry["class_name"], entry["files"], key, spec_blob=entry["spec"])
    cache.misses += 1
    # The warnings are recorded to be stored with the entry, then emitted as they would have
    # been, so a cached and an uncached build report the same ones.
    caught = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            spec = compile_family(family)
            output = backend_files(spec)
    except BaseException:  # a declaration error: the warnings before it are still reported
        cache_module.replay(cache_module.warning_records(caught))
        raise
    records = cache_module.warning_records(caught)
    # Stored before the checks in _build_outputs: an entry is this declaration's output alone,
    # whatever the other declarations of the build are.
    cache.store(key, spec, output, records)
    cache_module.replay(records)
    return _Compiled(family, spec.family.name, spec.family.class_name, output, key, spec=spec)


def compiled_spec(family, cache=None) -> KernelSpec:
    """compile_family, through the build cache when given one (`natloss list` and `show`): a
    declaration built before is read back rather than derived again."""
    if cache is None or not cache.enabled:
        return compile_family(family)
    return _compiled(family, BUILTIN_PACKAGE, cache).spec()


def _package_output(compiled: list, package: str, cache) -> dict:
    if cache is None:
        return package_files([c.spec() for c in compiled], package)
    from natloss.codegen import cache as cache_module

    key = cache.package_key([c.key for c in compiled], package)
    entry = cache.load_package(key)
    if entry is not None:
        cache_module.replay(entry["warnings"])
        return entry["files"]
    caught = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            files = package_files([c.spec() for c in compiled], package)
    finally:
        records = cache_module.warning_records(caught)
        cache_module.replay(records)
    cache.store_package(key, files, records)
    return files


def open_cache(cache=True):
    """The BuildCache `build(cache=...)` means: True -> the default one (None when NATLOSS_NO_CACHE
    is set), False or None -> none, a BuildCache -> itself."""
    if cache is True:
        from natloss.codegen.cache import default_cache

        return default_cache(BACKENDS)
    return cache or None


def build(families: list, out_dir: Path, check: bool = False, package: str = None, cache=True) -> dict:
    """Compile `families` and write the package tree into out_dir (or, with check=True, diff it).

    cache: True (the default) keeps and reuses each declaration's output in the build cache
    (codegen/cache.py; $NATLOSS_CACHE_DIR, off with NATLOSS_NO_CACHE=1), False builds everything.

    The tree is the package `package` (default: the folder's name; natloss.generated for the
    built-in folder); its modules import each other relatively. Writing replaces out_dir as a
    whole in one atomic step (render.write_tree): files the build does not write are removed.
    """
    start = time.perf_counter()
    out_dir = Path(out_dir)
    package = package_name_for(out_dir, package)
    build_cache = open_cache(cache)
    compiled, files, timings = _build_outputs(families, package, build_cache if build_cache and build_cache.enabled else None)
    if build_cache is not None and build_cache.stored:
        build_cache.trim()
    if package == BUILTIN_PACKAGE and not check:
        missing = sorted({f.name for f in builtin_declarations()} - {c.name for c in compiled})
        if missing:  # the swap would delete them from natloss.generated
            raise render_stage.OutputError(
                f"{out_dir} is {BUILTIN_PACKAGE}, which holds every built-in family, but {', '.join(missing)}"
                " would be left out; build without --only-user, or pass --out for your own package"
            )
    result = {"families": [c.name for c in compiled], "timings": timings, "package": package,
              "cache": build_cache.summary() if build_cache is not None else "cache off",
              "cached": build_cache.hits if build_cache is not None else 0}
    if check:
        if out_dir.exists() and not out_dir.is_dir():
            raise render_stage.OutputError(f"--out {out_dir}: is a file, expected a folder")
        result["diff"] = render_stage.diff(files, out_dir)
        result["stale"] = render_stage.stale_files(files, out_dir)
    else:
        result["written"] = render_stage.write_tree(files, out_dir)
    result["seconds"] = time.perf_counter() - start
    return result


def compile_to_class(family: Family):
    """Compile one declaration in memory and return its NumPy loss class (nothing is written)."""
    spec = compile_family(family)
    text = backend_files(spec, backends=(by_name("numpy"),))[f"numpy/{spec.family.name}.py"]
    namespace = {"__name__": f"natloss_inline_{spec.family.name}"}
    exec(compile(text, f"<natloss {spec.family.name}>", "exec"), namespace)  # noqa: S102 - our own output
    return namespace[spec.family.class_name]
