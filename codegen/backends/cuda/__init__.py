"""The CUDA backend: CUDA kernels and the CuPy classes that launch them.

    printer.py   CUDA C++ for the kernels (and CuPy array code for the sampler)
    kernels.py   scalar and dense families: per-case functions and kernels; the backend's files
    coupled.py   the coupled (diag_rank_one) families: row and element kernels
    cupy.py      the CuPy classes' contexts (kernel launches, the sampler)
    templates/   cuda/ (.cu, .cuh) and cupy/ (the classes)
"""
from __future__ import annotations

from natloss.codegen.backends.cuda.kernels import family_files, package_files, supported, unsupported_reason

__all__ = ["family_files", "package_files", "supported", "unsupported_reason"]
