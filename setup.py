"""Build hook: `pip install .` and `pip install -e .` regenerate generated/ from the declarations.

The compiler runs from the source tree (codegen/, templates/) before the package is
built; an up-to-date tree stays untouched, and a changed one is swapped in as a whole
(unchanged files keep their time stamps). Set NATLOSS_SKIP_CODEGEN=1 to build from the checked-in generated/ as is.

Declarations compiled before by the same compiler come from the build cache (codegen/cache.py:
$NATLOSS_CACHE_DIR, else ~/.cache/natloss); a cache that cannot be read or written is skipped,
and NATLOSS_NO_CACHE=1 turns it off.
Then the CPU backend's kernels (generated/cpu/*.cpp) are compiled with the system C++ compiler
into natloss's cache (natloss.runtime.cpu_build; an unchanged source compiles nothing). Without
a compiler, or if a family fails to compile, the build goes on: those families use NumPy.
Set NATLOSS_SKIP_CPU_BUILD=1 to compile nothing now (the kernels are then compiled on first use).
"""
import importlib.util
import os
import sys
import types
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _mount_source_namespace():
    """Make `natloss.codegen`, `natloss.runtime`, ... importable from the source folders."""
    if "natloss.codegen" in sys.modules:
        return
    package = sys.modules.setdefault("natloss", types.ModuleType("natloss"))
    package.__path__ = []
    for name, folder in (("codegen", "codegen"), ("runtime", "runtime"), ("templates", "templates"), ("generated", "generated")):
        init = ROOT / folder / "__init__.py"
        spec = importlib.util.spec_from_file_location(f"natloss.{name}", init, submodule_search_locations=[str(ROOT / folder)])
        module = importlib.util.module_from_spec(spec)
        sys.modules[f"natloss.{name}"] = module
        if name in ("codegen", "templates"):
            spec.loader.exec_module(module)


class BuildPyWithCodegen(build_py):
    def run(self):
        if not os.environ.get("NATLOSS_SKIP_CODEGEN"):
            _mount_source_namespace()
            from natloss.codegen import driver

            result = driver.build(driver.builtin_declarations(), ROOT / "generated", package=driver.BUILTIN_PACKAGE)
            print(f"natloss codegen: {len(result['families'])} families, {len(result['written'])} file(s) regenerated;"
                  f" {result['cache']}")
        if not os.environ.get("NATLOSS_SKIP_CPU_BUILD"):
            _compile_cpu_kernels()
        super().run()


def _compile_cpu_kernels():
    """Compile generated/cpu/*.cpp into the cache; never fails the build (NumPy serves instead)."""
    _mount_source_namespace()
    try:
        from natloss.runtime import cpu_build

        if cpu_build.compiler() is None:
            print("natloss CPU backend: no C++ compiler found; the NumPy backend will serve (set CXX to use one)")
            return
        done = cpu_build.compile_package(ROOT / "generated" / "cpu")
    except Exception as exc:  # noqa: BLE001 - an optional speed-up must not break the install
        print(f"natloss CPU backend: not compiled ({type(exc).__name__}: {exc}); the NumPy backend will serve")
        return
    failed = {name: text for name, text in done.items() if text.startswith("error")}
    print(f"natloss CPU backend: {len(done) - len(failed)} of {len(done)} kernel libraries ready in {cpu_build.cache_dir()}")
    for name, text in failed.items():
        print(f"natloss CPU backend: {name}: {text}")


setup(cmdclass={"build_py": BuildPyWithCodegen})
