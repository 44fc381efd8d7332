"""Compiling and loading the CPU backend's kernels (generated/cpu/<family>.cpp).

Each family's .cpp, with natloss_cpu.h inlined, is compiled by the system C++ compiler into a
shared library named by a hash of what went into it:

    <cache>/<family>-<hash of source and flags>-<hash of the compiler's identity>.so

so an unchanged rebuild compiles nothing, and a changed source, flag or compiler gets a new
file. ``<cache>`` is ``$NATLOSS_CACHE_DIR/cpu``, else ``$XDG_CACHE_HOME/natloss/cpu``, else
``~/.cache/natloss/cpu`` (outside the package: `natloss build` replaces generated/ as a whole).
Libraries are compiled at build time (setup.py calls `compile_package`) or on first use, each
into a temporary file renamed into place, so concurrent processes never load a partial one.
Where no compiler exists, a library compiled earlier from the same source (by any compiler) is
used; failing that the CPU backend is unavailable and `natloss.generated.<Class>` picks NumPy.

Environment:
    CXX                    the compiler (default: the first of g++, c++, clang++ on PATH)
    NATLOSS_CPU_FLAGS      extra flags, appended (e.g. "-march=native"; they enter the hash)
    NATLOSS_CACHE_DIR      the cache folder (a cpu/ folder inside it is used)
    NATLOSS_NUM_THREADS    threads per kernel (default: OpenMP's, i.e. OMP_NUM_THREADS or the cores)
    GOMP_SPINCOUNT         set to 30000 before the first library loads, unless it or OMP_WAIT_POLICY is
                           set (or OpenMP is already loaded): a thread waiting for the next kernel
                           spins ~10-50 us, then sleeps. libgomp's default (spin ~300000 times)
                           keeps the core that the other kernel thread needs on a machine shared
                           with other work: a 0.3 ms op took 6-12 ms with 2 threads (load 4 on 2
                           cores); always sleeping (PASSIVE) wastes the second thread on short ops
                           (0.27 ms instead of 0.11 ms for 2**20 cases at idle). Measured in
                           tests' probes: 30000 gave 0.11 ms at idle and kept the busy case sane.

Flags: -O3, no -ffast-math (the stability rewrites must survive), -ffp-contract=off (no fused
multiply-adds the source does not write: NumPy rounds every product, and so do these
kernels), -fno-math-errno and -fno-trapping-math (neither changes a value). Then the first of
VARIANTS that compiles, links and loads: -march=native with OpenMP and glibc's libmvec (the
case loops vectorize, libm calls included), then without libmvec, then without -march=native,
then without OpenMP threads (the kernels run on the calling thread). The library is built for
this machine (-march=native), so the machine's CPU enters the library's name with the compiler.
"""
from __future__ import annotations

import ctypes
import hashlib
import os
import platform
import shlex
import shutil
import subprocess
import tempfile
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path

HEADER = "natloss_cpu.h"
INCLUDE = f'#include "{HEADER}"'
BASE_FLAGS = ("-O3", "-std=c++17", "-fPIC", "-shared", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off")
# (flags, libraries after the source), tried in order.
VARIANTS = (
    (("-march=native", "-fopenmp", "-DNL_LIBMVEC", "-Wl,--no-undefined"), ("-lmvec", "-lm")),
    (("-march=native", "-fopenmp"), ()),
    (("-fopenmp",), ()),
    (("-fopenmp-simd",), ()),
    ((), ()),
)
COMPILERS = ("g++", "c++", "clang++")
BUILTIN_CPU_PACKAGE = "natloss.generated.cpu"

_LOCK = threading.Lock()
_LIBRARIES: dict = {}  # (package, cpp file) -> ctypes.CDLL
_FAILURES: dict = {}  # (package, cpp file) -> the reason it is unavailable


class CpuBackendUnavailable(ImportError):
    """The CPU backend's library for a family cannot be built or loaded (the reason is the message)."""


# ------------------------------------------------------------------------------- the compiler
def compiler() -> list | None:
    """The compiler command ($CXX, else the first of g++, c++, clang++ found), or None."""
    cxx = os.environ.get("CXX")
    if cxx:
        cmd = shlex.split(cxx)
        return cmd if cmd and shutil.which(cmd[0]) else None
    for name in COMPILERS:
        path = shutil.which(name)
        if path:
            return [path]
    return None


@lru_cache(maxsize=None)
def _identity(cmd: tuple) -> str:
    """What the compiler says it is (version and target): part of every library's name."""
    out = []
    for flag in ("--version", "-dumpmachine"):
        try:
            proc = subprocess.run(list(cmd) + [flag], capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            return ""
        out.append(proc.stdout.strip().splitlines()[0] if proc.stdout.strip() else "")
    return " | ".join([" ".join(cmd)] + out)


@lru_cache(maxsize=None)
def machine_identity() -> str:
    """The CPU the libraries are built for (-march=native): architecture, model and feature flags."""
    parts = [platform.machine(), platform.processor()]
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                key = line.split(":", 1)[0].strip()
                if key in ("model name", "flags", "Features", "CPU part") and line not in parts:
                    parts.append(line.strip())
                if len(parts) > 6:
                    break
    except OSError:
        pass
    return " | ".join(parts)


def extra_flags() -> tuple:
    return tuple(shlex.split(os.environ.get("NATLOSS_CPU_FLAGS", "")))


def flags(variant: int = 0) -> tuple:
    """The compiler flags of VARIANTS[variant] (before the source)."""
    return BASE_FLAGS + VARIANTS[variant][0] + extra_flags()


# ------------------------------------------------------------------------------------ sources
def source_text(cpp_file: str, package: str = BUILTIN_CPU_PACKAGE) -> str:
    """The family's .cpp with natloss_cpu.h inlined: one self-contained translation unit."""
    folder = resources.files(package)
    code = (folder / cpp_file).read_text(encoding="utf-8")
    if INCLUDE not in code:
        raise CpuBackendUnavailable(f"{package}/{cpp_file}: expected the line {INCLUDE}; run `natloss build`")
    header = (folder / HEADER).read_text(encoding="utf-8").replace("#pragma once\n", "", 1)
    return code.replace(INCLUDE, header, 1)


def cache_dir() -> Path:
    root = os.environ.get("NATLOSS_CACHE_DIR")
    if root:
        return Path(root) / "cpu"
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "natloss" / "cpu"


def _digest(*parts: str, size: int = 16) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:size]


def library_stem(cpp_file: str) -> str:
    return cpp_file.rsplit(".", 1)[0]


def _source_key(source: str) -> str:
    return _digest(source, " ".join(BASE_FLAGS), repr(VARIANTS), " ".join(extra_flags()))


# ---------------------------------------------------------------------------------- compiling
def _run(cmd: list) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True)


def compile_source(source: str, stem: str, folder: Path | None = None) -> Path:
    """The library of `source` (compiled now unless the cache has it). Raises CpuBackendUnavailable."""
    cmd = compiler()
    folder = cache_dir() if folder is None else Path(folder)
    key = _source_key(source)
    if cmd is None:
        found = sorted(folder.glob(f"{stem}-{key}-*.so")) if folder.is_dir() else []
        if found:
            return found[0]
        raise CpuBackendUnavailable(
            "no C++ compiler found (set CXX, or install g++); the CPU backend needs one to build its kernels")
    path = folder / f"{stem}-{key}-{_digest(_identity(tuple(cmd)), machine_identity(), size=8)}.so"
    if path.is_file():
        return path
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CpuBackendUnavailable(f"cannot create the cache folder {folder} ({exc.strerror}); set NATLOSS_CACHE_DIR") from None
    with tempfile.TemporaryDirectory(dir=folder, prefix=f".{stem}-") as tmp:
        src = Path(tmp) / f"{stem}.cpp"
        src.write_text(source, encoding="utf-8")
        lib = Path(tmp) / f"{stem}.so"
        errors = []
        for variant, (_, libraries) in enumerate(VARIANTS):
            proc = _run(cmd + list(flags(variant)) + ["-o", str(lib), str(src)] + list(libraries))
            if proc.returncode == 0 and _loads(lib):
                break
            errors.append(proc.stderr if proc.returncode != 0 else f"{lib}: built but does not load")
        else:
            tail = "\n".join(errors[-1].strip().splitlines()[-20:])
            raise CpuBackendUnavailable(f"compiling {stem}.cpp failed ({' '.join(cmd)}):\n{tail}")
        os.replace(lib, path)
    return path


def _loads(lib: Path) -> bool:
    """Whether a freshly built library loads here (a CPU feature or symbol the machine lacks)."""
    try:
        ctypes.CDLL(str(lib))
    except OSError:
        return False
    return True


def library_path(cpp_file: str, package: str = BUILTIN_CPU_PACKAGE) -> Path:
    return compile_source(source_text(cpp_file, package), library_stem(cpp_file))


def num_threads_setting() -> int:
    """NATLOSS_NUM_THREADS as an int (0: the OpenMP default)."""
    value = os.environ.get("NATLOSS_NUM_THREADS", "").strip()
    if not value:
        return 0
    try:
        n = int(value)
    except ValueError:
        raise ValueError(f"NATLOSS_NUM_THREADS: expected a positive integer, got {value!r}") from None
    if n < 1:
        raise ValueError(f"NATLOSS_NUM_THREADS: expected a positive integer, got {value!r}")
    return n


def _openmp_loaded() -> bool:
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as f:
            return any("libgomp" in line or "libomp" in line for line in f)
    except OSError:
        return True  # unknown: leave the environment alone


SPIN_COUNT = "30000"


def _short_spin_wait_policy() -> None:
    """GOMP_SPINCOUNT for the OpenMP runtime the kernels will load (see the module doc)."""
    if "OMP_WAIT_POLICY" not in os.environ and "GOMP_SPINCOUNT" not in os.environ and not _openmp_loaded():
        os.environ["GOMP_SPINCOUNT"] = SPIN_COUNT


def load(cpp_file: str, package: str = BUILTIN_CPU_PACKAGE) -> ctypes.CDLL:
    """The loaded library of a family (compiled if needed), cached per process."""
    key = (package, cpp_file)
    lib = _LIBRARIES.get(key)
    if lib is not None:
        return lib
    if not _LIBRARIES:
        _short_spin_wait_policy()
    with _LOCK:
        lib = _LIBRARIES.get(key)
        if lib is not None:
            return lib
        if key in _FAILURES:
            raise CpuBackendUnavailable(_FAILURES[key])
        try:
            path = library_path(cpp_file, package)
            try:
                lib = ctypes.CDLL(str(path))
            except OSError as exc:
                raise CpuBackendUnavailable(f"loading {path} failed: {exc}") from None
        except (CpuBackendUnavailable, OSError) as exc:
            _FAILURES[key] = str(exc)
            raise CpuBackendUnavailable(str(exc)) from None
        lib.natloss_cpu_set_num_threads.argtypes = [ctypes.c_int]
        lib.natloss_cpu_set_num_threads(num_threads_setting())
        _LIBRARIES[key] = lib
        return lib


def set_num_threads(n: int) -> None:
    """Threads per kernel for every loaded (and later loaded) library; 0: the OpenMP default."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"set_num_threads: expected a non-negative int, got {n!r}")
    os.environ["NATLOSS_NUM_THREADS"] = str(n) if n else ""
    for lib in list(_LIBRARIES.values()):
        lib.natloss_cpu_set_num_threads(n)


def available(cpp_file: str, package: str = BUILTIN_CPU_PACKAGE) -> bool:
    try:
        load(cpp_file, package)
    except CpuBackendUnavailable:
        return False
    return True


def unavailable_reason(cpp_file: str, package: str = BUILTIN_CPU_PACKAGE):
    """None if the library loads, else why not."""
    try:
        load(cpp_file, package)
    except CpuBackendUnavailable as exc:
        return str(exc)
    return None


def compile_package(folder, jobs: int | None = None) -> dict:
    """Compile every .cpp of a built cpu/ folder into the cache (the build hook calls this).

    Returns {cpp file: library path, or the error text}; never raises for one family's failure."""
    from concurrent.futures import ThreadPoolExecutor

    folder = Path(folder)
    header_path = folder / HEADER
    if not header_path.is_file():
        return {}
    header = header_path.read_text(encoding="utf-8").replace("#pragma once\n", "", 1)

    def one(cpp: Path):
        try:
            code = cpp.read_text(encoding="utf-8")
            return cpp.name, str(compile_source(code.replace(INCLUDE, header, 1), library_stem(cpp.name)))
        except CpuBackendUnavailable as exc:
            return cpp.name, f"error: {exc}"

    files = sorted(folder.glob("*.cpp"))
    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        return dict(pool.map(one, files))
