"""The CPU backend: fused C++ kernels for the host, compiled with the system compiler, and
NumPy classes that call them through ctypes.

One file per family, ``generated/cpu/<family>.cpp`` (templates/family.cpp.jinja, or
templates/coupled.cpp.jinja for the diag_rank_one families), and one Python module,
``generated/cpu/<family>.py`` (templates/family.py.jinja, coupled.py.jinja), whose class
subclasses the family's NumPy class (sampling, checks and anything not fused stay NumPy's)
and overrides the per-op methods with kernel calls. The package files are
``generated/cpu/natloss_cpu.h`` (templates/natloss_cpu.h.jinja: the host prelude, the
device math library of the CUDA backend rendered from the same template, and the coupled
row states of natloss_coupled.cuh) and ``generated/cpu/__init__.py``.

What is shared with the CUDA backend (codegen/backends/cuda/), so neither re-derives it: the
one plan of each family (codegen/plan.py: which inputs each op reads, and for coupled
families the row plans: element steps, row reductions, class-index gathers, factor columns),
the C++ printed from it (the CUDA printer prints C++ that compiles for the host as it is; the
coupled row plans are printed with host=True) and the device math library. The CUDA row
kernels' lane group is one lane on the CPU: a row is summed in order by one thread, and
OpenMP spreads rows (or cases) over threads. Reductions over cases (evaluate) sum fixed
chunks in double, then the chunks in order, so the result does not depend on the number of
threads.

Families the CUDA backend does not emit (backends/cuda unsupported_reason: the per-row
parametrizations, or a primitive without a CUDA name) get no CPU files; the NumPy class serves
them. The parametrizations (codegen/parametrize.py) are emitted with their true Hessian's two
kernels (hessian, hessian_product) on the base CpuParametrizedLoss.

Compilation and loading: natloss.runtime.cpu_build (at build time from setup.py, else on
first use; objects cached by a hash of source, compiler and flags).
"""
from __future__ import annotations

from natloss.codegen.backends.cpu.context import family_files, package_files, supported, unsupported_reason

__all__ = ["family_files", "package_files", "supported", "unsupported_reason"]
