"""Backend dispatch for `<package>.<Class>` (natloss.generated or a user's built package):
CuPy arrays build the CuPy class."""
from __future__ import annotations

import importlib


def _is_cupy_array(x) -> bool:
    return type(x).__module__.split(".")[0] == "cupy"


def dispatching_class(module: str, class_name: str, package: str = "natloss.generated"):
    """A callable named like the loss class that builds the NumPy or CuPy implementation
    from `package`.numpy.`module` or `package`.cupy.`module`."""

    def build(*args, **kwargs):
        first = args[0] if args else next(iter(kwargs.values()), None)
        backend = "cupy" if _is_cupy_array(first) else "numpy"
        cls = getattr(importlib.import_module(f"{package}.{backend}.{module}"), class_name)
        return cls(*args, **kwargs)

    build.__name__ = build.__qualname__ = class_name
    build.__doc__ = (
        f"{class_name}(...): the NumPy class for NumPy arrays, the CuPy class for CuPy arrays;"
        f" see {package}.numpy.{class_name}."
    )
    return build
