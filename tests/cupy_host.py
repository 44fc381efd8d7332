"""The host stand-in for cupy: the CuPy classes run on a machine without a GPU.

`FAKE_CUPY` is the source of a module that plays `cupy`: NumPy arrays, and ``RawModule``
kernels compiled with g++ behind the host shim (one block of one thread, so every
grid-stride loop runs serially over all cases). Kernel arguments are checked against the C
parameter list the way a GPU launch needs them: pointers get C-contiguous arrays of the right
dtype (or None), scalars NumPy scalars of the C type.

Two ways to use it:

* ``write_fake_cupy(folder, shim)``: a `cupy` and `cupyx` package in `folder`, for a
  subprocess with `folder` on its PYTHONPATH (tests/test_cuda_codegen.py runs
  tests/test_cupy_gpu.py that way);
* ``fake_cupy_modules(shim, cache_dir)``: the modules themselves, for a test that puts them
  into ``sys.modules`` for its duration (the ``backend`` fixture's "cupy-host" in
  tests/conftest.py). With `cache_dir`, the compiled libraries are kept there by a hash of
  the shim and the source, so a second run does not call g++ again.

The shim (``host_shim()``) is the one tests/test_cuda_codegen.py compiles the kernels with,
its includes dropped (``cupy_base.cuda_source`` inlines the headers).
"""
from __future__ import annotations

import shutil
import sys
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from host_math_shim import HOST_MATH_EXTRA  # noqa: E402

SHIM = """\
// Host shim: the generated CUDA compiled as C++ with one block of one thread, so every
// grid-stride loop runs serially over all cases.
#include <cmath>
#include <math.h>
#define __device__
#define __forceinline__ inline
#define __global__
#define __shared__ static
struct nl_host_dim3 { unsigned int x; };
static const nl_host_dim3 blockIdx = {0}, threadIdx = {0}, blockDim = {1}, gridDim = {1};
static inline void __syncthreads() {}
using ::expf; using ::logf; using ::log1pf; using ::expm1f; using ::lgammaf; using ::sqrtf; using ::powf;
using ::fmaf; using ::fabsf; using ::ceilf; using ::nanf; using ::tgammaf;
{HOST_MATH_EXTRA}
#include "family.cu"
""".replace("{HOST_MATH_EXTRA}", HOST_MATH_EXTRA)


def host_shim() -> str:
    """The shim without its includes: what the stand-in's RawModule puts before a kernel source."""
    return SHIM.replace('#include "family.cu"\n', "").replace('#include "natloss_math.cuh"', "")


FAKE_CUPY = r'''
"""A stand-in for cupy on a machine without a GPU: NumPy arrays, and RawModule kernels
compiled with g++ behind the host shim (one block of one thread). Kernel arguments are
checked against the C parameter list the way a GPU launch would need them: pointers get
C-contiguous arrays of the right dtype (or None), scalars numpy scalars of the C type."""
import ctypes, hashlib, os, re, subprocess, sys, tempfile, types
import numpy
from numpy import *  # noqa: F401,F403
from numpy import ndarray, float32, float64, int64  # noqa: F401

SHIM = os.environ.get("NATLOSS_FAKE_CUPY_SHIM", "")
CACHE_DIR = os.environ.get("NATLOSS_FAKE_CUPY_CACHE") or None  # compiled libraries by hash, if set


def asnumpy(x):
    return numpy.asarray(x)


class _Device:
    id = 0

    def synchronize(self):
        pass


class _Runtime:
    @staticmethod
    def getDeviceCount():
        return 1


cuda = types.SimpleNamespace(Device=_Device, runtime=_Runtime)
random = types.SimpleNamespace(Generator=numpy.random.Generator, default_rng=numpy.random.default_rng)

_C = {"float": (numpy.float32, ctypes.c_float), "double": (numpy.float64, ctypes.c_double),
      "long long": (numpy.int64, ctypes.c_longlong)}


class _Kernel:
    def __init__(self, lib, name, params):
        self.fn = getattr(lib, name)
        self.name, self.params = name, params

    def __call__(self, grid, block, args):
        assert len(args) == len(self.params), (self.name, len(args), self.params)
        cargs, types_ = [], []
        for a, (ctype, pointer, pname) in zip(args, self.params):
            want, cls = _C[ctype]
            if pointer:
                if a is not None:
                    assert isinstance(a, numpy.ndarray) and a.dtype == want and a.flags.c_contiguous, \
                        (self.name, pname, type(a), getattr(a, "dtype", None))
                    a = a.ctypes.data_as(ctypes.c_void_p)
                cargs.append(a)
                types_.append(ctypes.c_void_p)
            else:
                assert type(a) is want, (self.name, pname, type(a), want)
                cargs.append(cls(a))
                types_.append(cls)
        self.fn.argtypes, self.fn.restype = types_, None
        self.fn(*cargs)


class RawModule:
    _cache = {}

    def __init__(self, code, options=(), name_expressions=None):
        assert "--std=c++17" in options
        key = hashlib.sha1((SHIM + "\n" + code).encode()).hexdigest()
        if key not in self._cache:
            lib = os.path.join(CACHE_DIR, key + ".so") if CACHE_DIR else None
            if lib is None or not os.path.exists(lib):
                build = tempfile.mkdtemp(prefix="fake_cupy_")
                with open(os.path.join(build, "k.cpp"), "w") as fh:
                    fh.write(SHIM + "\n" + code)
                out = os.path.join(build, "k.so")
                subprocess.run(["g++", "-O1", "-std=c++17", "-shared", "-fPIC", "-o", out, os.path.join(build, "k.cpp")],
                               check=True)
                if lib is None:
                    lib = out
                else:  # atomically: another process may be writing the same library
                    os.makedirs(CACHE_DIR, exist_ok=True)
                    os.replace(out, lib)
            self._cache[key] = ctypes.CDLL(lib)
        self.lib, self.code = self._cache[key], code

    def get_function(self, name):
        m = re.search(r'extern "C" __global__ void ' + name + r"\((.*?)\)\n\{", self.code, re.S)
        params = []
        for decl in m.group(1).split(","):
            decl = decl.strip().replace("__restrict__", "").replace("const ", "")
            pointer = "*" in decl
            ctype, pname = decl.replace("*", " ").split()[:-1], decl.replace("*", " ").split()[-1]
            params.append((" ".join(ctype), pointer, pname))
        return _Kernel(self.lib, name, params)
'''

FAKE_CUPYX_SPECIAL = "from scipy.special import *  # noqa: F401,F403\n"


def unavailable_reason():
    """None if the stand-in can run here, else why not."""
    if shutil.which("g++") is None:
        return "g++ not found: the host stand-in for cupy compiles the CUDA kernels with it"
    try:
        import cupy  # noqa: F401
    except ImportError:
        return None
    return "CuPy is installed: the real CuPy backend runs instead of the host stand-in"


def write_fake_cupy(folder: Path) -> None:
    """`cupy` and `cupyx.scipy.special` packages in `folder` (the shim comes from NATLOSS_FAKE_CUPY_SHIM)."""
    folder = Path(folder)
    (folder / "cupy").mkdir()
    (folder / "cupy" / "__init__.py").write_text(FAKE_CUPY)
    (folder / "cupyx" / "scipy").mkdir(parents=True)
    (folder / "cupyx" / "__init__.py").write_text("")
    (folder / "cupyx" / "scipy" / "__init__.py").write_text("")
    (folder / "cupyx" / "scipy" / "special.py").write_text(FAKE_CUPYX_SPECIAL)


def fake_cupy_modules(shim: str | None = None, cache_dir=None) -> dict:
    """{module name: module} for cupy, cupyx, cupyx.scipy and cupyx.scipy.special, to put into
    sys.modules while a test runs."""
    cupy = types.ModuleType("cupy")
    cupy.__file__ = __file__
    exec(compile(FAKE_CUPY, "<fake cupy>", "exec"), cupy.__dict__)
    cupy.SHIM = host_shim() if shim is None else shim
    cupy.CACHE_DIR = None if cache_dir is None else str(cache_dir)
    cupyx, scipy_pkg, special = (types.ModuleType(n) for n in ("cupyx", "cupyx.scipy", "cupyx.scipy.special"))
    exec(FAKE_CUPYX_SPECIAL, special.__dict__)
    cupyx.scipy, scipy_pkg.special = scipy_pkg, special
    return {"cupy": cupy, "cupyx": cupyx, "cupyx.scipy": scipy_pkg, "cupyx.scipy.special": special}
