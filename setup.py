"""Build hook: `pip install .` and `pip install -e .` regenerate generated/ from the declarations.

The compiler runs from the source tree (codegen/, templates/) before the package is
built; an up-to-date tree stays untouched, and a changed one is swapped in as a whole
(unchanged files keep their time stamps). Set NATLOSS_SKIP_CODEGEN=1 to build from the checked-in generated/ as is.

Declarations compiled before by the same compiler come from the build cache (codegen/cache.py:
$NATLOSS_CACHE_DIR, else ~/.cache/natloss); a cache that cannot be read or written is skipped,
and NATLOSS_NO_CACHE=1 turns it off.
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
        super().run()


setup(cmdclass={"build_py": BuildPyWithCodegen})
