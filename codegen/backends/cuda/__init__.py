"""The CUDA backend: CUDA kernels (kernels.py; coupled.py for the diag_rank_one families) and
the CuPy classes that launch them (templates/cuda/, templates/cupy/)."""
from __future__ import annotations

from natloss.codegen.backends.cuda.kernels import family_files, package_files, supported, unsupported_reason

__all__ = ["family_files", "package_files", "supported", "unsupported_reason"]
