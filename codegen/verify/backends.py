"""The loss class a check runs: one backend's class for a compiled declaration (`natloss check --backend`).

The battery (checks.py, parametrized.py) is one code for every backend: it builds losses from
NumPy arrays and reads NumPy arrays back. `loss_class(spec, backend)` gives it the class of the
chosen backend behind that interface:

* ``numpy``: the NumPy backend's module, rendered and executed in memory (nothing is written);
* ``cpu``: the CPU backend's class (fused C++ kernels through ctypes). For a built-in declaration,
  the installed ``natloss.generated.cpu`` module, after checking that its files are the ones the
  compiler emits now (a stale build is an error naming `natloss build`, never checked silently); for
  any other declaration, the NumPy and CPU backends' files written as a package into a temporary
  folder and imported from there: the C++ is compiled with the system compiler into the CPU cache
  (runtime/cpu_build.py, as on first use of a built package);
* ``cupy``: the CuPy class, in the same two ways, wrapped so that it takes and returns NumPy arrays
  (`HostLoss`: inputs go to the device with ``cupy.asarray``, results come back with ``.get()``).

A backend that does not emit the declaration (its ``unsupported_reason``), or that cannot run here
(no compiler, no CuPy), raises `BackendUnavailable` with the backend's name and the reason; nothing
falls back to another backend.
"""
from __future__ import annotations

import atexit
import hashlib
import importlib
import shutil
import sys
import tempfile
from pathlib import Path

BACKEND_NAMES = ("numpy", "cpu", "cupy")
# The codegen backends (codegen/backends BACKENDS) whose files a loss backend's class needs.
_CODEGEN = {"numpy": ("numpy",), "cpu": ("numpy", "cpu"), "cupy": ("numpy", "cuda")}
_MODULE_DIR = {"numpy": "numpy", "cpu": "cpu", "cupy": "cupy"}
BUILTIN_SOURCES = ("codegen/families/", "codegen/parametrizations/")


class BackendUnavailable(ValueError):
    """The chosen backend does not emit this declaration, or cannot run here (the message says which and why)."""


def unsupported_reason(spec, backend: str):
    """None if `backend` emits the compiled declaration `spec`, else the backend's own reason."""
    if backend == "numpy":
        return None
    if backend == "cpu":
        from natloss.codegen.backends.cpu import unsupported_reason as reason
    elif backend == "cupy":
        from natloss.codegen.backends.cuda import unsupported_reason as reason
    else:
        raise BackendUnavailable(f"--backend: expected one of {', '.join(BACKEND_NAMES)}, got {backend!r}")
    return reason(spec)


def is_builtin(family) -> bool:
    """A declaration of codegen/families or codegen/parametrizations (driver._with_source names them so)."""
    return (getattr(family, "source", None) or "").startswith(BUILTIN_SOURCES)


def loss_class(spec, backend: str = "numpy"):
    """The class (or a class-like callable) of `backend` for the compiled `spec`: built from NumPy
    arrays, returning NumPy arrays. Raises BackendUnavailable."""
    name = spec.family.name
    reason = unsupported_reason(spec, backend)
    if reason is not None:
        raise BackendUnavailable(f"the {backend} backend does not emit {name} ({spec.family.class_name}): {reason}")
    if backend == "numpy":
        from natloss.codegen import driver
        from natloss.codegen.backends import by_name

        text = driver.backend_files(spec, (by_name("numpy"),))[f"numpy/{name}.py"]
        namespace = {"__name__": f"natloss_check_{name}"}
        exec(compile(text, f"<natloss check {name}>", "exec"), namespace)  # noqa: S102 - our own output
        return namespace[spec.family.class_name]
    package = _builtin_package(spec, backend) if is_builtin(spec.family) else _temporary_package(spec, backend)
    module = importlib.import_module(f"{package}.{_MODULE_DIR[backend]}.{name}")
    cls = getattr(module, spec.family.class_name)
    if backend == "cpu":
        return _ready_cpu(cls)
    return _host_cupy(cls)


def _files(spec, backend: str, package: str) -> dict:
    from natloss.codegen import driver
    from natloss.codegen.backends import by_name

    codegen = tuple(by_name(b) for b in _CODEGEN[backend])
    return {**driver.package_files([spec], package, codegen), **driver.backend_files(spec, codegen)}


def _builtin_package(spec, backend: str) -> str:
    """natloss.generated, after checking that its files of this family are what the compiler emits now."""
    from natloss.codegen import driver

    root = driver.default_out_dir()
    # The family's files of every backend the class needs, and the shared headers (the device library).
    wanted = {rel: text for rel, text in _files(spec, backend, driver.BUILTIN_PACKAGE).items()
              if not rel.endswith("__init__.py")}
    stale = [rel for rel, text in sorted(wanted.items())
             if not (root / rel).is_file() or (root / rel).read_text(encoding="utf-8") != text]
    if stale:
        raise BackendUnavailable(f"{driver.BUILTIN_PACKAGE} is out of date with the compiler for {spec.family.name}"
                                 f" ({', '.join(stale)} under {root}); run `natloss build`, then check again")
    return driver.BUILTIN_PACKAGE


_ROOT: list = []  # the temporary folder on sys.path that holds the checked packages (removed at exit)


def _temporary_package(spec, backend: str) -> str:
    """The declaration's NumPy and `backend` files as a package in a temporary folder; its import name."""
    if not _ROOT:
        root = tempfile.mkdtemp(prefix="natloss-check-")
        atexit.register(shutil.rmtree, root, True)
        sys.path.insert(0, root)
        _ROOT.append(Path(root))
    probe = _files(spec, backend, "natloss_check_probe")
    digest = hashlib.sha256(repr(sorted(probe.items())).encode("utf-8")).hexdigest()[:12]
    package = f"natloss_check_{spec.family.name}_{backend}_{digest}"
    folder = _ROOT[0] / package
    if not folder.is_dir():
        tmp = Path(tempfile.mkdtemp(dir=_ROOT[0], prefix=".partial-"))
        for rel, text in _files(spec, backend, package).items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        tmp.rename(folder)
    importlib.invalidate_caches()
    return package


def _ready_cpu(cls):
    """The CPU class, after its library compiles and loads here (else BackendUnavailable with the reason)."""
    from natloss.runtime import cpu_build

    reason = cpu_build.unavailable_reason(cls._cpu_file, cls._cpu_package)
    if reason is not None:
        raise BackendUnavailable(f"the cpu backend cannot run {cls.__name__} here: {reason}")
    return cls


# ---------------------------------------------------------------------------- CuPy on the host side
def _cupy():
    try:
        import cupy
    except ImportError as exc:
        raise BackendUnavailable(f"the cupy backend needs CuPy and a GPU: cannot import cupy ({exc})") from None
    return cupy


def _to_device(cupy, x):
    import numpy as np

    if isinstance(x, tuple):
        return tuple(_to_device(cupy, p) for p in x)
    if isinstance(x, list):
        return [_to_device(cupy, p) for p in x]
    return cupy.asarray(x) if isinstance(x, np.ndarray) else x


def _to_host(x):
    import numpy as np

    if isinstance(x, tuple):
        return tuple(_to_host(p) for p in x)
    if isinstance(x, list):
        return [_to_host(p) for p in x]
    if hasattr(x, "get") and not isinstance(x, (np.ndarray, dict)) and type(x).__module__.split(".")[0] == "cupy":
        return np.asarray(x.get())
    return x


class HostLoss:
    """A CuPy loss seen from the host: NumPy arrays in (moved with cupy.asarray), NumPy arrays out."""

    def __init__(self, loss, cupy):
        self._loss, self._cupy = loss, cupy

    def __getattr__(self, name):
        value = getattr(self._loss, name)
        if not callable(value):
            return _to_host(value)

        def call(*args, **kwargs):
            args = _to_device(self._cupy, args)
            kwargs = {k: _to_device(self._cupy, v) for k, v in kwargs.items()}
            return _to_host(value(*args, **kwargs))

        call.__name__ = name
        return call


def _host_cupy(cls):
    cupy = _cupy()

    def build(*args, **kwargs):
        args = _to_device(cupy, args)
        kwargs = {k: _to_device(cupy, v) for k, v in kwargs.items()}
        return HostLoss(cls(*args, **kwargs), cupy)

    build.__name__ = build.__qualname__ = cls.__name__
    build.loss_class = cls
    return build
