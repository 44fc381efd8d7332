"""Backend dispatch for `natloss.generated.<Class>`: CuPy arrays build the CuPy class."""
from __future__ import annotations

import importlib


def _is_cupy_array(x) -> bool:
    return type(x).__module__.split(".")[0] == "cupy"


def dispatching_class(module: str, class_name: str):
    """A callable named like the loss class that builds the NumPy or CuPy implementation."""

    def build(*args, **kwargs):
        first = args[0] if args else next(iter(kwargs.values()), None)
        backend = "cupy" if _is_cupy_array(first) else "numpy"
        cls = getattr(importlib.import_module(f"natloss.generated.{backend}.{module}"), class_name)
        return cls(*args, **kwargs)

    build.__name__ = build.__qualname__ = class_name
    build.__doc__ = (
        f"{class_name}(...): the NumPy class for NumPy arrays, the CuPy class for CuPy arrays;"
        f" see natloss.generated.numpy.{class_name}."
    )
    return build
