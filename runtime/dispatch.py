"""Backend dispatch for `<package>.<Class>` (natloss.generated or a user's built package).

CuPy arrays build the CuPy class. NumPy arrays build the fastest available class: the CPU
backend's (fused C++ kernels, `<package>.cpu`) when the family has one and its library builds
and loads, else the NumPy backend's. The environment variable NATLOSS_BACKEND overrides this
for NumPy arrays:

    NATLOSS_BACKEND=auto    (default) cpu where available, else numpy
    NATLOSS_BACKEND=numpy   always the NumPy classes
    NATLOSS_BACKEND=cpu     the CPU classes; a family without one, or a library that cannot
                            be built, raises natloss.runtime.cpu_build.CpuBackendUnavailable

`<package>.numpy.<Class>`, `<package>.cpu.<Class>` and `<package>.cupy.<Class>` name a backend
explicitly, whatever NATLOSS_BACKEND says.
"""
from __future__ import annotations

import importlib
import importlib.util
import os
import warnings

BACKEND_CHOICES = ("auto", "numpy", "cpu")
_CPU_STATE: dict = {}  # (package, module) -> True, or the reason the CPU class is unavailable


def _is_cupy_array(x) -> bool:
    return type(x).__module__.split(".")[0] == "cupy"


def backend_setting() -> str:
    value = os.environ.get("NATLOSS_BACKEND", "").strip().lower() or "auto"
    if value not in BACKEND_CHOICES:
        raise ValueError(f"NATLOSS_BACKEND: expected one of {', '.join(BACKEND_CHOICES)}, got {value!r}")
    return value


def cpu_unavailable_reason(package: str, module: str):
    """None if `package`.cpu.`module` exists and its kernels load (compiling them if needed), else why not."""
    key = (package, module)
    state = _CPU_STATE.get(key)
    if state is None:
        try:
            found = importlib.util.find_spec(f"{package}.cpu.{module}") is not None
        except ImportError:  # no cpu/ package in this build
            found = False
        if not found:
            state = f"{package}.cpu has no module {module!r} (the CPU backend does not emit this family)"
        else:
            from natloss.runtime import cpu_build

            reason = cpu_build.unavailable_reason(f"{module}.cpp", f"{package}.cpu")
            state = True if reason is None else reason
            if reason is not None and cpu_build.compiler() is not None:
                warnings.warn(f"natloss: the CPU backend of {module} is unavailable, using NumPy: {reason}",
                              RuntimeWarning, stacklevel=3)
        _CPU_STATE[key] = state
    return None if state is True else state


def numpy_backend(package: str, module: str) -> str:
    """"cpu" or "numpy": the backend `<package>.<Class>` builds for NumPy arrays."""
    setting = backend_setting()
    if setting == "numpy":
        return "numpy"
    if setting == "cpu":
        return "cpu"
    return "cpu" if cpu_unavailable_reason(package, module) is None else "numpy"


def dispatching_class(module: str, class_name: str, package: str = "natloss.generated"):
    """A callable named like the loss class that builds the NumPy, CPU or CuPy implementation
    from `package`.numpy|cpu|cupy.`module`."""

    def build(*args, **kwargs):
        first = args[0] if args else next(iter(kwargs.values()), None)
        backend = "cupy" if _is_cupy_array(first) else numpy_backend(package, module)
        try:
            cls = getattr(importlib.import_module(f"{package}.{backend}.{module}"), class_name)
        except ModuleNotFoundError:
            if backend != "cpu":
                raise
            from natloss.runtime.cpu_build import CpuBackendUnavailable

            raise CpuBackendUnavailable(f"NATLOSS_BACKEND=cpu: {package}.cpu has no {class_name}"
                                        " (the CPU backend does not emit this family)") from None
        return cls(*args, **kwargs)

    build.__name__ = build.__qualname__ = class_name
    build.__doc__ = (
        f"{class_name}(...): for NumPy arrays the CPU class (fused C++ kernels) where available, else"
        f" the NumPy class (NATLOSS_BACKEND=auto|numpy|cpu chooses); the CuPy class for CuPy arrays;"
        f" see {package}.numpy.{class_name}."
    )
    return build
