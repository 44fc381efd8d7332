"""Compile CUDA C++ source strings with NVRTC, without a GPU.

NVRTC comes from the PyPI wheels ``nvidia-cuda-nvrtc`` (the shared library,
installed as ``site-packages/nvidia/cu13/lib/libnvrtc.so.13``) and
``cuda-bindings`` (the Python bindings, ``from cuda.bindings import nvrtc``).
``cuda-bindings`` 13.x locates ``libnvrtc`` through its dependency
``cuda-pathfinder``, which searches the ``nvidia/cu13/lib`` folder of the
wheel; should that fail (an older pathfinder, an odd layout), this module
preloads the library from the wheel folder itself and tries again.

Compilation is strict: a failed compilation *or* any warning in the NVRTC log
raises :class:`CudaCompileError`, whose message names the source and carries
the whole log.

This module imports nothing from the rest of ``natloss``.
"""

from __future__ import annotations

import ctypes
import functools
import glob
import importlib.util
import os
import re
import sys
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CompileResult",
    "CudaCompileError",
    "compile_cuda",
    "nvrtc_available",
]

_ARCH_RE = re.compile(r"^(sm|compute)_[0-9]+[a-z]?$")
_WARNING_RE = re.compile(r"\bwarning\b", re.IGNORECASE)


class CudaCompileError(RuntimeError):
    """NVRTC rejected a source, or accepted it with warnings, or is unusable."""


@dataclass(frozen=True)
class CompileResult:
    """What NVRTC produced: a cubin for ``sm_*`` targets, PTX for ``compute_*``."""

    ptx_or_cubin: bytes
    log: str


def _wheel_library_candidates() -> list[str]:
    """Paths of libnvrtc inside the ``nvidia`` namespace package (pip wheels)."""
    spec = importlib.util.find_spec("nvidia")
    if spec is None or not spec.submodule_search_locations:
        return []
    # Only the CUDA 13 layout: cuda-bindings 13.x must not get a CUDA 12 NVRTC.
    if sys.platform == "win32":
        patterns = ("cu13/bin/nvrtc64_*.dll", "cu13/bin/x86_64/nvrtc64_*.dll")
    else:
        patterns = ("cu13/lib/libnvrtc.so*",)
    found: list[str] = []
    for root in spec.submodule_search_locations:
        for pattern in patterns:
            for path in sorted(glob.glob(os.path.join(root, pattern))):
                if "builtins" not in os.path.basename(path) and path not in found:
                    found.append(path)
    return found


def _preload_from_wheel() -> str | None:
    """dlopen libnvrtc from the wheel globally, so the bindings' own dlopen finds it."""
    mode = getattr(ctypes, "RTLD_GLOBAL", 0)
    for path in _wheel_library_candidates():
        try:
            ctypes.CDLL(path, mode=mode)
        except OSError:
            continue
        return path
    return None


def _version(nvrtc: Any) -> tuple[int, int]:
    result = nvrtc.nvrtcVersion()
    err = result[0]
    if err != nvrtc.nvrtcResult.NVRTC_SUCCESS:
        raise RuntimeError(f"nvrtcVersion failed: {err!r}")
    return int(result[1]), int(result[2])


@functools.lru_cache(maxsize=1)
def _load() -> tuple[Any | None, str]:
    """Return (the cuda.bindings.nvrtc module or None, a description or the reason)."""
    try:
        from cuda.bindings import nvrtc  # type: ignore[import-not-found]
    except Exception as exc:  # ImportError, or a broken install
        return None, (
            f"cannot import cuda.bindings.nvrtc ({type(exc).__name__}: {exc}); "
            "pip install nvidia-cuda-nvrtc cuda-bindings"
        )
    how = ""
    try:
        major, minor = _version(nvrtc)
    except Exception as first:  # the bindings could not find libnvrtc
        preloaded = _preload_from_wheel()
        if preloaded is None:
            return None, (
                f"cuda.bindings could not load libnvrtc ({type(first).__name__}: {first}) "
                "and no libnvrtc was found in the nvidia-cuda-nvrtc wheel; "
                "pip install nvidia-cuda-nvrtc"
            )
        try:
            major, minor = _version(nvrtc)
        except Exception as second:
            return None, (
                f"libnvrtc preloaded from {preloaded} but NVRTC is still unusable "
                f"({type(second).__name__}: {second})"
            )
        how = f", libnvrtc preloaded from {preloaded}"
    try:
        from cuda.bindings import __version__ as bindings_version  # type: ignore
    except Exception:
        bindings_version = "unknown"
    return nvrtc, f"NVRTC {major}.{minor} via cuda-bindings {bindings_version}{how}"


def nvrtc_available() -> tuple[bool, str]:
    """Whether NVRTC can be used here; the string says which NVRTC, or why not."""
    module, message = _load()
    return module is not None, message


def _check(nvrtc: Any, result: Any, what: str, name: str) -> Any:
    """Unpack a cuda-bindings return tuple, raising on a non-success code."""
    if isinstance(result, tuple):
        err, rest = result[0], result[1:]
    else:
        err, rest = result, ()
    if err != nvrtc.nvrtcResult.NVRTC_SUCCESS:
        raise CudaCompileError(f"{what} failed for {name}: {_error_string(nvrtc, err)}")
    if not rest:
        return None
    return rest[0] if len(rest) == 1 else rest


def _error_string(nvrtc: Any, err: Any) -> str:
    try:
        code, text = nvrtc.nvrtcGetErrorString(err)
        return text.decode() if isinstance(text, bytes) else str(text)
    except Exception:
        return repr(err)


def _decode(buf: bytes) -> str:
    return buf.rstrip(b"\x00").decode("utf-8", errors="replace")


def compile_cuda(
    source: str,
    *,
    name: str = "kernel.cu",
    arch: str = "sm_90",
    options: tuple[str, ...] = (),
    headers: dict[str, str] | None = None,
) -> CompileResult:
    """Compile ``source`` with NVRTC for ``arch`` and return the cubin (``sm_*``) or PTX.

    Options always passed: ``--gpu-architecture=<arch>`` and ``--std=c++17``,
    then ``options``.  ``headers`` maps include names (as written in
    ``#include "..."``) to their contents.  Raises :class:`CudaCompileError`,
    whose message contains ``name`` and the full NVRTC log, when compilation
    fails or when the log contains any warning.
    """
    if not _ARCH_RE.match(arch):
        raise ValueError(f"arch must look like 'sm_90' or 'compute_90', got {arch!r}")
    nvrtc, message = _load()
    if nvrtc is None:
        raise CudaCompileError(f"cannot compile {name}: {message}")

    headers = dict(headers or {})
    include_names = [key.encode() for key in headers]
    header_sources = [value.encode() for value in headers.values()]
    opts = [f"--gpu-architecture={arch}", "--std=c++17", *options]
    encoded_opts = [opt.encode() for opt in opts]

    prog = _check(
        nvrtc,
        nvrtc.nvrtcCreateProgram(
            source.encode(), name.encode(), len(headers), header_sources, include_names
        ),
        "nvrtcCreateProgram",
        name,
    )
    try:
        compiled = nvrtc.nvrtcCompileProgram(prog, len(encoded_opts), encoded_opts)
        compile_err = compiled[0] if isinstance(compiled, tuple) else compiled

        size = _check(nvrtc, nvrtc.nvrtcGetProgramLogSize(prog), "nvrtcGetProgramLogSize", name)
        log_buf = b" " * int(size)
        _check(nvrtc, nvrtc.nvrtcGetProgramLog(prog, log_buf), "nvrtcGetProgramLog", name)
        log = _decode(log_buf)

        if compile_err != nvrtc.nvrtcResult.NVRTC_SUCCESS:
            raise CudaCompileError(
                f"NVRTC failed to compile {name} for {arch} "
                f"({_error_string(nvrtc, compile_err)}); options {opts}\n{log}"
            )
        if _WARNING_RE.search(log):
            raise CudaCompileError(
                f"NVRTC compiled {name} for {arch} with warnings (treated as errors); "
                f"options {opts}\n{log}"
            )

        if arch.startswith("sm_"):
            get_size, get_code, what = nvrtc.nvrtcGetCUBINSize, nvrtc.nvrtcGetCUBIN, "CUBIN"
        else:
            get_size, get_code, what = nvrtc.nvrtcGetPTXSize, nvrtc.nvrtcGetPTX, "PTX"
        size = _check(nvrtc, get_size(prog), f"nvrtcGet{what}Size", name)
        code = b" " * int(size)
        _check(nvrtc, get_code(prog, code), f"nvrtcGet{what}", name)
        if what == "PTX":
            code = code.rstrip(b"\x00")
        return CompileResult(ptx_or_cubin=bytes(code), log=log)
    finally:
        try:
            nvrtc.nvrtcDestroyProgram(prog)
        except Exception:
            pass
