"""Tests of the CUDA device math header (codegen/backends/cuda/templates/cuda/natloss_math.cuh.jinja)
and of the NVRTC wrapper (codegen/nvrtc.py).

* NVRTC: the rendered header, wrapped in kernels that call every function in
  float and double, must compile for sm_80 and sm_90 with no warning; the
  float-only kernel must do no double-precision work at all (ptxas check).
* Host check of the device math: the same header is compiled with the host
  g++ behind a tiny shim, loaded with ctypes, and compared with SciPy / mpmath
  (50 digits) references, in double and in float.

Both modules are loaded by file path, so these tests need nothing from the
rest of natloss.
"""

from __future__ import annotations

import ctypes
import importlib.util
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import mpmath
import numpy as np
import pytest
import scipy.special as sc
from host_math_shim import HOST_MATH_EXTRA

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = "cuda/natloss_math.cuh.jinja"
HEADER_NAME = "natloss_math.cuh"
HEADER_COMMENT = f"// generated from templates/{TEMPLATE}, do not edit"

FUNCS = (
    "nl_softplus",
    "nl_sigmoid",
    "nl_log_sigmoid",
    "nl_log1mexp",
    "nl_log1pmx",
    "nl_log1mexp_plus_exp",
    "nl_log1mexp_scaled",
    "nl_log1mexp_plus_exp_scaled",
    "nl_digamma",
    "nl_trigamma",
    "nl_xtrigamma_m1",
    "nl_lgamma",
    "nl_log_factorial_saddle",
)
# Two-argument functions f(x, h), tested on an (x, h) grid.
FUNCS2 = ("nl_digamma_diff", "nl_trigamma_diff", "nl_trigamma_det", "nl_lgamma_diff")
# Loader's bd0(y, m), tested on its own (y, m) grid.
BD0 = "nl_bd0"
# The parametrizations' link primitives (codegen/parametrize.py): one-argument ones, and the two
# products x g^2 and a v, each tested on its own grid below.
LINK_FUNCS = ("nl_mills_shift", "nl_inv_exprel", "nl_inv_exprel_slope", "nl_softplus_log_slope",
              "nl_softplus_log_gap")
LINK_FUNCS2 = ("nl_times_square", "nl_mul_exact_zero")

# Relative-error bounds.  Double: 1e-13 for every function (measured worst is
# about 2e-15).  Float: 5e-6 (measured worst is below 1e-6).
TOL = {np.float64: 1e-13, np.float32: 5e-6}

DIGAMMA_ROOT = 1.4616321449683623


def _load_nvrtc_module():
    path = ROOT / "codegen" / "nvrtc.py"
    name = "_natloss_codegen_nvrtc_under_test"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses needs the module registered
    spec.loader.exec_module(module)
    return module


nvrtc_mod = _load_nvrtc_module()


def render_header() -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(ROOT / "codegen" / "backends" / "cuda" / "templates")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template(TEMPLATE).render(header=HEADER_COMMENT) + "\n"


@pytest.fixture(scope="module")
def header() -> str:
    return render_header()


# --------------------------------------------------------------------------
# The rendered text
# --------------------------------------------------------------------------


def test_header_text(header):
    lines = header.splitlines()
    assert lines[0] == HEADER_COMMENT
    assert "#pragma once" in lines
    assert "#include" not in header
    assert "M_PI" not in header and "M_LN2" not in header
    for fn in FUNCS:
        for ctype in ("double", "float"):
            sig = f"__device__ __forceinline__ {ctype} {fn}({ctype} x)"
            assert sig in header, sig
    for fn in FUNCS2:
        for ctype in ("double", "float"):
            args = f"{ctype} a, {ctype} b" if fn == "nl_trigamma_det" else f"{ctype} x, {ctype} h"
            sig = f"__device__ __forceinline__ {ctype} {fn}({args})"
            assert sig in header, sig
        assert f"__device__ __forceinline__ {ctype} {BD0}({ctype} y, {ctype} m)" in header


def _float_section(header: str, fn: str) -> str:
    args = {"nl_trigamma_det": "(float a, float b)", BD0: "(float y, float m)"}.get(fn, "(float x, float h)") \
        if fn in FUNCS2 + (BD0,) else "(float x)"
    start = header.index(f"__device__ __forceinline__ float {fn}{args}")
    return header[start:header.index("\n}\n", start)]


def test_float_overloads_use_float_literals_only(header):
    # Every floating literal in a float overload carries the f suffix.
    literal = r"(?<![\w.])(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][-+]?\d+)?(?![\w.])"

    names = {"nl_detail_trigamma_asym", "nl_detail_trigamma_pos", *FUNCS, *FUNCS2, BD0, *LINK_FUNCS}
    for fn in sorted(names):
        body = _float_section(header, fn)
        bare = re.findall(literal, body)
        assert not bare, f"{fn}(float) has double literals: {bare}"


# --------------------------------------------------------------------------
# NVRTC
# --------------------------------------------------------------------------


def _kernel(ctype: str) -> str:
    one, two = FUNCS + LINK_FUNCS, FUNCS2 + (BD0,) + LINK_FUNCS2
    calls = "\n".join(
        f"    y[{k} * n + i] = {fn}(x[i]);" for k, fn in enumerate(one)
    ) + "\n" + "\n".join(
        f"    y[{len(one) + k} * n + i] = {fn}(x[i], x[n - 1 - i]);" for k, fn in enumerate(two)
    )
    return (
        f'extern "C" __global__ void natloss_math_{ctype}(const {ctype}* __restrict__ x,\n'
        f"        {ctype}* __restrict__ y, int n)\n"
        "{\n"
        "    const int i = blockIdx.x * blockDim.x + threadIdx.x;\n"
        "    if (i >= n) {\n        return;\n    }\n"
        f"{calls}\n"
        "}\n"
    )


def _require_nvrtc():
    ok, reason = nvrtc_mod.nvrtc_available()
    if not ok:
        pytest.skip(f"NVRTC unavailable: {reason}")


@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
def test_nvrtc_compiles_every_function(header, arch):
    _require_nvrtc()
    source = f'#include "{HEADER_NAME}"\n\n' + _kernel("float") + "\n" + _kernel("double")
    result = nvrtc_mod.compile_cuda(
        source, name="natloss_math_test.cu", arch=arch, headers={HEADER_NAME: header}
    )
    assert "warning" not in result.log.lower(), result.log
    assert result.ptx_or_cubin[:4] == b"\x7fELF"  # a cubin


def test_nvrtc_float_kernel_does_no_double_math(header):
    # ptxas warns on any double-precision instruction; compile_cuda turns the
    # warning into an error.
    _require_nvrtc()
    source = f'#include "{HEADER_NAME}"\n\n' + _kernel("float")
    nvrtc_mod.compile_cuda(
        source,
        name="natloss_math_float.cu",
        arch="sm_90",
        options=("-Xptxas=--warn-on-double-precision-use",),
        headers={HEADER_NAME: header},
    )


def test_nvrtc_ptx_target(header):
    _require_nvrtc()
    source = f'#include "{HEADER_NAME}"\n\n' + _kernel("double")
    result = nvrtc_mod.compile_cuda(
        source, name="ptx.cu", arch="compute_90", headers={HEADER_NAME: header}
    )
    text = result.ptx_or_cubin.decode()
    assert ".entry natloss_math_double" in text and not text.endswith("\x00")


def test_nvrtc_errors_and_warnings_raise():
    _require_nvrtc()
    with pytest.raises(nvrtc_mod.CudaCompileError) as err:
        nvrtc_mod.compile_cuda("__global__ void k() { undefined_fn(); }", name="broken.cu")
    assert "broken.cu" in str(err.value) and "undefined_fn" in str(err.value)
    with pytest.raises(nvrtc_mod.CudaCompileError) as warn:
        nvrtc_mod.compile_cuda("__global__ void k() { int unused; }", name="warns.cu")
    assert "warns.cu" in str(warn.value) and "unused" in str(warn.value)
    assert issubclass(nvrtc_mod.CudaCompileError, RuntimeError)
    with pytest.raises(ValueError):
        nvrtc_mod.compile_cuda("", arch="hopper")


# --------------------------------------------------------------------------
# Host build of the device math
# --------------------------------------------------------------------------

SHIM = """\
// Host shim: lets the CUDA header compile as plain C++ for testing.
#include <cmath>
#include <math.h>
#define __device__
#define __forceinline__ inline
using ::expf; using ::logf; using ::log1pf; using ::expm1f; using ::lgammaf;
using ::fmaf; using ::fabsf; using ::ceilf; using ::nanf; using ::fminf; using ::tanhf;
{HOST_MATH_EXTRA}
#include "natloss_math.cuh"

#define NL_WRAP(fn)                                                          \\
    extern "C" void fn##_f64(const double* x, double* y, long n)             \\
    { for (long i = 0; i < n; ++i) y[i] = fn(x[i]); }                        \\
    extern "C" void fn##_f32(const float* x, float* y, long n)               \\
    { for (long i = 0; i < n; ++i) y[i] = fn(x[i]); }
#define NL_WRAP2(fn)                                                         \\
    extern "C" void fn##_f64(const double* x, const double* h, double* y, long n) \\
    { for (long i = 0; i < n; ++i) y[i] = fn(x[i], h[i]); }                  \\
    extern "C" void fn##_f32(const float* x, const float* h, float* y, long n) \\
    { for (long i = 0; i < n; ++i) y[i] = fn(x[i], h[i]); }
// bd0 with log m given apart
extern "C" void nl_bd0_log_m_f64(const double* y, const double* m, const double* lm, double* out, long n)
{ for (long i = 0; i < n; ++i) out[i] = nl_bd0(y[i], m[i], lm[i]); }
extern "C" void nl_bd0_log_m_f32(const float* y, const float* m, const float* lm, float* out, long n)
{ for (long i = 0; i < n; ++i) out[i] = nl_bd0(y[i], m[i], lm[i]); }
""".replace("{HOST_MATH_EXTRA}", HOST_MATH_EXTRA)


@pytest.fixture(scope="module")
def hostlib(header, tmp_path_factory):
    gxx = shutil.which("g++")
    if gxx is None:
        pytest.skip("g++ not found: cannot build the host check of the device math")
    build = tmp_path_factory.mktemp("natloss_math_host")
    (build / HEADER_NAME).write_text(header)
    src = SHIM + "".join(f"NL_WRAP({fn})\n" for fn in FUNCS + LINK_FUNCS) + "".join(
        f"NL_WRAP2({fn})\n" for fn in FUNCS2 + (BD0,) + LINK_FUNCS2)
    (build / "shim.cpp").write_text(src)
    lib = build / "libnatloss_math_host.so"
    cmd = [gxx, "-O2", "-std=c++17", "-shared", "-fPIC", "-Wall", "-Wextra",
           "-Wdouble-promotion", "-Werror", "-I", str(build), "-o", str(lib),
           str(build / "shim.cpp")]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(cmd)}\n{proc.stdout}\n{proc.stderr}"
    return ctypes.CDLL(str(lib))


def call(lib, fn: str, x, dtype) -> np.ndarray:
    x = np.ascontiguousarray(x, dtype=dtype)
    y = np.empty_like(x)
    suffix = "f64" if dtype is np.float64 else "f32"
    getattr(lib, f"{fn}_{suffix}")(
        x.ctypes.data_as(ctypes.c_void_p), y.ctypes.data_as(ctypes.c_void_p),
        ctypes.c_long(x.size),
    )
    return y


mpmath.mp.dps = 50


def _mp(fn, x: np.ndarray) -> np.ndarray:
    return np.array([float(fn(mpmath.mpf(float(v)))) for v in x])


def _mp_softplus(v):
    return mpmath.log1p(mpmath.exp(v))


def _mp_log1mexp(v):
    # Both forms are exact to the working precision; each avoids the
    # 50-digit rounding of 1 - exp(v) at its own end of the range.
    if v < -1:
        return mpmath.log1p(-mpmath.exp(v))
    return mpmath.log(-mpmath.expm1(v))


def _mp_log1pmx(v):
    with mpmath.workdps(700):  # log1p(v) - v ~ -v^2 / 2 down to v = 1e-300
        return +(mpmath.log1p(v) - v)


def _mp_log1mexp_plus_exp(v):
    with mpmath.workdps(700):  # the sum cancels to -exp(2v)/2 at v = -700
        return +(mpmath.log(-mpmath.expm1(v)) + mpmath.exp(v))


def _mp_log1mexp_scaled(v):
    with mpmath.workdps(400):  # log1p(-p) / p, p = e^v >= 1e-324: 400 digits resolve it
        p = mpmath.exp(v)
        return +(mpmath.log1p(-p) / p)


def _mp_log1mexp_plus_exp_scaled(v):
    with mpmath.workdps(800):  # (log1p(-p) + p) / p^2 cancels p against p^2 ~ 1e-648 at v = -745
        p = mpmath.exp(v)
        return +((mpmath.log1p(-p) + p) / p**2)


def _mp_xtrigamma_m1(v):
    return v * mpmath.psi(1, v) - 1


def _mp_log_factorial_saddle(v):
    with mpmath.workdps(60 + max(0, int(mpmath.log10(v)))):
        return +(mpmath.loggamma(v + 1) - v * mpmath.log(v) + v)


def _grid(name: str, dtype) -> np.ndarray:
    double = dtype is np.float64
    if name in ("nl_softplus", "nl_sigmoid", "nl_log_sigmoid"):
        big = 700.0 if double else 80.0
        tail = np.logspace(-30 if double else -20, math.log10(big), 400)
        x = np.concatenate([np.linspace(-big, big, 801), tail, -tail, [0.0]])
    elif name == "nl_log1pmx":  # x > -1; both sides of the series' range (-1/2, 1)
        lo = -300 if double else -30
        small = np.logspace(lo, -1, 400)
        x = np.concatenate([small, -small, np.linspace(-0.999, 3.0, 800), [-0.5, 1.0, 1e3, 1e30],
                            -1 + np.logspace(-12 if double else -6, -1, 50)])
    elif name == "nl_log1mexp_plus_exp":  # a < 0
        lo = -300 if double else -30
        hi = math.log10(700.0 if double else 80.0)
        x = -np.concatenate([np.logspace(lo, hi, 800), np.linspace(0.01, 2.0, 200), [math.log(2.0)]])
    elif name in ("nl_log1mexp_scaled", "nl_log1mexp_plus_exp_scaled"):  # x < 0, both sides of p = 1e-4
        big = 745.0 if double else 104.0
        x = -np.concatenate([np.logspace(-30 if double else -7, math.log10(big), 600), np.linspace(9.0, 9.5, 51)])
    elif name == "nl_log1mexp":
        lo = -300 if double else -30
        hi = math.log10(700.0 if double else 80.0)
        x = -np.concatenate([np.logspace(lo, hi, 800), np.linspace(0.01, 2.0, 200),
                             [math.log(2.0)]])
    else:  # the psi functions and lgamma: x in [1e-8, 1e12]
        ints = np.arange(1.0, 41.0)
        root = DIGAMMA_ROOT + np.concatenate(
            [np.linspace(-0.6, 0.6, 121), [0.0, 1e-15, -1e-15, 1e-10, -1e-10, 1e-6, -1e-6]])
        x = np.concatenate([np.logspace(-8, 12, 1000), ints, ints - 0.5,
                            np.linspace(0.05, 12.0, 240), root])
    return np.unique(x.astype(dtype))


def _reference(name: str, x: np.ndarray) -> np.ndarray:
    """Reference values at the (already rounded) inputs x, computed in float64 or better."""
    x = x.astype(np.float64)
    if name == "nl_softplus":
        return _mp(_mp_softplus, x)
    if name == "nl_sigmoid":
        return sc.expit(x)
    if name == "nl_log_sigmoid":
        return sc.log_expit(x)
    if name == "nl_log1mexp":
        return _mp(_mp_log1mexp, x)
    if name == "nl_log1pmx":
        return _mp(_mp_log1pmx, x)
    if name == "nl_log1mexp_plus_exp":
        return _mp(_mp_log1mexp_plus_exp, x)
    if name == "nl_log1mexp_scaled":
        return _mp(_mp_log1mexp_scaled, x)
    if name == "nl_log1mexp_plus_exp_scaled":
        return _mp(_mp_log1mexp_plus_exp_scaled, x)
    if name == "nl_digamma":
        return sc.digamma(x)
    if name == "nl_trigamma":
        return sc.polygamma(1, x)
    if name == "nl_xtrigamma_m1":
        return _mp(_mp_xtrigamma_m1, x)
    if name == "nl_lgamma":
        return sc.gammaln(x)
    if name == "nl_log_factorial_saddle":
        return _mp(_mp_log_factorial_saddle, x)
    raise KeyError(name)


def _errors(name: str, got: np.ndarray, ref: np.ndarray) -> np.ndarray:
    tiny = float(np.finfo(got.dtype).tiny)
    got = got.astype(np.float64)
    if name in ("nl_log1pmx", "nl_log1mexp_plus_exp"):
        # -x^2 / 2 underflows for tiny x: relative to the dtype's smallest normal there
        return np.abs(got - ref) / np.maximum(np.abs(ref), tiny)
    if name == "nl_log_factorial_saddle":
        # below n = 1 lgamma(1 + n) rounds 1 + n: the error there is absolute, an ulp of 1
        return np.abs(got - ref) / np.maximum(np.abs(ref), 1.0)
    if name == "nl_lgamma":
        # lgamma is the CUDA/libm builtin; it has zeros at 1 and 2, so the error
        # is taken relative to max(|ref|, 1) there.
        return np.abs(got - ref) / np.maximum(np.abs(ref), 1.0)
    nz = ref != 0
    assert np.all(got[~nz] == 0), "nonzero result where the reference is exactly 0"
    err = np.zeros_like(ref)
    err[nz] = np.abs(got[nz] - ref[nz]) / np.abs(ref[nz])
    return err


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "float"])
@pytest.mark.parametrize("name", FUNCS)
def test_host_accuracy(hostlib, name, dtype):
    x = _grid(name, dtype)
    got = call(hostlib, name, x, dtype)
    assert np.all(np.isfinite(got)), f"{name}: non-finite at {x[~np.isfinite(got)][:5]}"
    ref = _reference(name, x)
    err = _errors(name, got, ref)
    worst = int(np.argmax(err))
    assert err[worst] < TOL[dtype], (
        f"{name}({np.dtype(dtype).name}): worst relative error {err[worst]:.3g} "
        f"at x={x[worst]!r} (got {got[worst]!r}, want {ref[worst]!r})"
    )


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "float"])
def test_host_special_values(hostlib, dtype):
    inf = np.inf
    big = np.finfo(dtype).max
    tiny = np.finfo(dtype).tiny

    def f(name, values):
        return call(hostlib, name, np.array(values, dtype=dtype), dtype)

    # Extreme arguments: no overflow, no NaN.
    assert np.array_equal(f("nl_softplus", [-big, big]), np.array([0.0, big], dtype=dtype))
    assert np.array_equal(f("nl_sigmoid", [-big, big, 0.0]), np.array([0.0, 1.0, 0.5], dtype=dtype))
    assert np.array_equal(f("nl_log_sigmoid", [big, -big]), np.array([-0.0, -big], dtype=dtype))
    assert np.array_equal(f("nl_log1mexp", [-big]), np.array([0.0], dtype=dtype))
    assert f("nl_log1mexp", [0.0])[0] == -inf
    # psi functions: the x -> 0+ limits, NaN outside the domain, x -> oo.
    assert f("nl_digamma", [0.0])[0] == -inf
    assert f("nl_trigamma", [0.0])[0] == inf
    assert f("nl_xtrigamma_m1", [0.0])[0] == inf
    for name in ("nl_digamma", "nl_trigamma", "nl_xtrigamma_m1"):
        assert np.all(np.isnan(f(name, [-1.0, -2.5, -inf, np.nan]))), name
    assert f("nl_digamma", [inf])[0] == inf
    assert f("nl_trigamma", [inf])[0] == 0.0
    assert f("nl_xtrigamma_m1", [inf])[0] == 0.0
    # Huge and tiny arguments stay finite and accurate.
    x = np.array([big / 4, 1e30 if dtype is np.float32 else 1e300], dtype=dtype)
    xd = x.astype(np.float64)
    np.testing.assert_allclose(f("nl_digamma", x), np.log(xd), rtol=TOL[dtype])
    np.testing.assert_allclose(f("nl_trigamma", x), 1.0 / xd, rtol=TOL[dtype])
    np.testing.assert_allclose(f("nl_xtrigamma_m1", x), 0.5 / xd, rtol=TOL[dtype])
    small = np.array([tiny * 4, 1e-30 if dtype is np.float32 else 1e-300], dtype=dtype)
    sd = small.astype(np.float64)
    np.testing.assert_allclose(f("nl_digamma", small), -1.0 / sd, rtol=TOL[dtype])
    np.testing.assert_allclose(f("nl_xtrigamma_m1", small), 1.0 / sd, rtol=TOL[dtype])


# --------------------------------------------------------------------------
# The two-argument psi differences
# --------------------------------------------------------------------------


def call2(lib, fn: str, x, h, dtype) -> np.ndarray:
    x = np.ascontiguousarray(x, dtype=dtype)
    h = np.ascontiguousarray(h, dtype=dtype)
    y = np.empty_like(x)
    suffix = "f64" if dtype is np.float64 else "f32"
    getattr(lib, f"{fn}_{suffix}")(
        x.ctypes.data_as(ctypes.c_void_p), h.ctypes.data_as(ctypes.c_void_p),
        y.ctypes.data_as(ctypes.c_void_p), ctypes.c_long(x.size),
    )
    return y


PSI_DIFF_REFERENCE = {
    "nl_digamma_diff": lambda x, h: mpmath.psi(0, x + h) - mpmath.psi(0, x),
    "nl_trigamma_diff": lambda x, h: mpmath.psi(1, x) - mpmath.psi(1, x + h),
    "nl_trigamma_det": lambda a, b: (mpmath.psi(1, a) * mpmath.psi(1, b)
                                     - mpmath.psi(1, a + b) * (mpmath.psi(1, a) + mpmath.psi(1, b))),
}


def _psi_diff_grid(dtype):
    """x and h from 1e-8 to 1e8 in both orders of magnitude, and the shift boundaries."""
    v = np.concatenate([np.logspace(-8, 8, 33), [0.5, 1.0, 4.5, 5.0, 5.5, 9.5, 10.0, 10.5, 12.3]])
    x, h = np.meshgrid(v, v)
    return x.ravel().astype(dtype), h.ravel().astype(dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "float"])
@pytest.mark.parametrize("name", [f for f in FUNCS2 if f in PSI_DIFF_REFERENCE])
def test_host_psi_diff_accuracy(hostlib, name, dtype):
    x, h = _psi_diff_grid(dtype)
    got = call2(hostlib, name, x, h, dtype).astype(np.float64)
    ref = np.array([float(PSI_DIFF_REFERENCE[name](mpmath.mpf(float(a)), mpmath.mpf(float(b))))
                    for a, b in zip(x, h)])
    err = np.abs(got - ref) / ref
    worst = int(np.argmax(err))
    assert err[worst] < TOL[dtype], (
        f"{name}({np.dtype(dtype).name}): worst relative error {err[worst]:.3g} "
        f"at x={x[worst]!r}, h={h[worst]!r} (got {got[worst]!r}, want {ref[worst]!r})"
    )


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "float"])
def test_host_psi_diff_special_values(hostlib, dtype):
    def f(name, x, h):
        return call2(hostlib, name, np.array(x, dtype=dtype), np.array(h, dtype=dtype), dtype)

    for name in ("nl_digamma_diff", "nl_trigamma_diff"):
        assert f(name, [0.0], [1.0])[0] == np.inf, name
        assert f(name, [3.0, 1e8], [0.0, 0.0]).tolist() == [0.0, 0.0], name
        assert np.all(np.isnan(f(name, [-1.0, np.nan, 1.0, 1.0], [1.0, 1.0, -1.0, np.nan]))), name


# --------------------------------------------------------------------------
# bd0(y, m) = y log(y / m) + m - y
# --------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "float"])
def test_host_bd0_accuracy(hostlib, dtype):
    top = float(np.finfo(dtype).max)
    ys = [0.0, 0.5, 1.0, 3.0, 7.0, 22026.0, 1e8, 1e15, 1e30]
    ratios = [1e-30, 1e-3, 0.5, 0.8, 0.85, 0.9, 0.95, 0.999, 1 - 1e-6, 1.0, 1 + 1e-6, 1.001, 1.05, 1.1, 1.15, 1.25, 2.0, 1e3, 1e30]
    pairs = [(yv, yv * f if yv > 0 else f) for yv in ys for f in ratios]
    y, m = (np.array(v, dtype=dtype) for v in zip(*[p for p in pairs if p[1] < top and p[1] > 0]))
    got = call2(hostlib, BD0, y, m, dtype).astype(np.float64)
    with mpmath.workdps(400):
        ref = np.array([float((mpmath.mpf(float(a)) * mpmath.log(mpmath.mpf(float(a)) / mpmath.mpf(float(b))) if a > 0 else 0)
                              + mpmath.mpf(float(b)) - mpmath.mpf(float(a))) for a, b in zip(y, m)])
    zero = ref == 0
    assert np.all(got[zero] == 0), "nonzero where y == m"
    err = np.abs(got[~zero] - ref[~zero]) / ref[~zero]
    worst = int(np.argmax(err))
    assert err[worst] < TOL[dtype], (
        f"nl_bd0({np.dtype(dtype).name}): worst relative error {err[worst]:.3g} at y={y[~zero][worst]!r},"
        f" m={m[~zero][worst]!r} (got {got[~zero][worst]!r}, want {ref[~zero][worst]!r})"
    )
    # y = 0 gives m; the ratio y / m out of range falls back to log y - log m
    assert call2(hostlib, BD0, [0.0], [2.5], dtype)[0] == 2.5
    big, small = (1e300, 1e-300) if dtype is np.float64 else (1e30, 1e-30)
    want = big * (math.log(big) - math.log(small)) + small - big
    assert abs(call2(hostlib, BD0, [big], [small], dtype)[0] / want - 1) < TOL[dtype]


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "float"])
def test_host_bd0_with_log_m(hostlib, dtype):
    # m = y^2 / 2 (the Chi) under- and overflows where log m does not: log m takes over there
    n = 0.85
    ys = [1e-30, 1e-25, 1.3, 1e25, 1e30] if dtype is np.float32 else [1e-200, 1e-170, 1.3, 1e160, 1e200]
    y = np.array(ys, dtype=dtype)
    m = (0.5 * (y * y)).astype(dtype)
    log_m = (2 * np.log(y) - np.log(np.array(2.0, dtype))).astype(dtype)
    nn = np.full_like(y, n)
    out = np.empty_like(y)
    suffix = "f64" if dtype is np.float64 else "f32"
    with np.errstate(all="ignore"):
        getattr(hostlib, f"nl_bd0_log_m_{suffix}")(*(a.ctypes.data_as(ctypes.c_void_p) for a in (nn, m, log_m, out)),
                                                   ctypes.c_long(y.size))
    top = float(np.finfo(dtype).max)
    for yv, mr, got in zip(y, m, out):
        with mpmath.workdps(80):
            # the rounded m where it is in range (bd0 near y = m is ill-conditioned in m)
            mv = mpmath.mpf(float(mr)) if 0 < mr < np.inf else mpmath.mpf(float(yv)) ** 2 / 2
            nr = mpmath.mpf(float(nn[0]))  # n as rounded to the dtype
            ref = nr * mpmath.log(nr / mv) + mv - nr
        if ref > top:
            assert got == np.inf, (yv, got)
        else:
            assert abs(float(got) - float(ref)) <= TOL[dtype] * abs(float(ref)), (yv, got, float(ref))


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "float"])
def test_host_lgamma_diff(hostlib, dtype):
    # lgamma(x + h) - lgamma(x): relative where x, x + h >= 8 (Stirling's form); below, the direct
    # difference, whose error is absolute (an ulp of lgamma values below ~10): relative to max(|ref|, 1)
    xs = np.concatenate([np.logspace(0, 8, 17), [7.9, 8.0, 8.1, 12.5, 3.5e8 + 1]])
    hs = np.array([-0.9, -0.5, 1e-3, 0.5, 1.0, 2.5, 10.0, 1e3, 1e6])
    x, h = (a.ravel().astype(dtype) for a in np.meshgrid(xs, hs))
    got = call2(hostlib, "nl_lgamma_diff", x, h, dtype).astype(np.float64)
    with mpmath.workdps(60):
        ref = np.array([float(mpmath.loggamma(mpmath.mpf(float(a)) + mpmath.mpf(float(b))) - mpmath.loggamma(mpmath.mpf(float(a))))
                        for a, b in zip(x, h)])
    big = (x >= 8) & (x + h >= 8)
    err = np.abs(got - ref) / np.where(big, np.abs(ref), np.maximum(np.abs(ref), 1.0))
    worst = int(np.argmax(err))
    assert err[worst] < TOL[dtype], (
        f"nl_lgamma_diff({np.dtype(dtype).name}): worst error {err[worst]:.3g} at x={x[worst]!r},"
        f" h={h[worst]!r} (got {got[worst]!r}, want {ref[worst]!r})"
    )



# --------------------------------------------------------------------------
# The parametrizations' link primitives, against mpmath at 50 digits (more where the exact value
# is a difference that cancels), in double and float, across the range the losses use them in.
# --------------------------------------------------------------------------


def _mp_mills_shift(v):
    with mpmath.workdps(120):  # x + phi/Phi ~ 1/|x| at x = -1e8: 16 digits cancel per 1e8
        return +(v + mpmath.npdf(v) / mpmath.ncdf(v))


def _mp_inv_exprel(v):
    return mpmath.mpf(1) if v == 0 else v / mpmath.expm1(v)


def _mp_inv_exprel_slope(v):
    if v == 0:
        return mpmath.mpf(1) / 2
    with mpmath.workdps(700):  # x e^x - expm1(x) ~ x^2 / 2 down to x = 1e-300
        e = mpmath.expm1(v)
        return +((v * mpmath.exp(v) - e) / (e * e))


def _mp_softplus_log_slope(v):
    e = mpmath.exp(v)
    return e / (1 + e) / mpmath.log1p(e)


def _mp_softplus_log_gap(v):
    with mpmath.workdps(700):  # the difference of two numbers near 1 is ~ e^x / 2 at x = -700
        e = mpmath.exp(v)
        return +(e / (1 + e) / mpmath.log1p(e) - 1 / (1 + e))


LINK_REFERENCE = {
    "nl_mills_shift": _mp_mills_shift,
    "nl_inv_exprel": _mp_inv_exprel,
    "nl_inv_exprel_slope": _mp_inv_exprel_slope,
    "nl_softplus_log_slope": _mp_softplus_log_slope,
    "nl_softplus_log_gap": _mp_softplus_log_gap,
}


def _link_grid(name: str, dtype) -> np.ndarray:
    """Both sides of every branch point, the tails down to where the value leaves the normal
    numbers (e^x / 2 at x = -700 in double, -80 in float), and tiny |x|."""
    double = dtype is np.float64
    big = 700.0 if double else 80.0
    tiny = np.logspace(-300 if double else -30, -1, 200)
    wide = np.logspace(-1, math.log10(big), 300)
    if name == "nl_mills_shift":
        far = np.logspace(0, 8 if double else 4, 200)
        x = np.concatenate([-far, np.linspace(-3.0, -2.0, 101), np.linspace(-2.0, 40.0 if double else 15.0, 300),
                            tiny, -tiny])
    else:
        x = np.concatenate([tiny, -tiny, wide, -wide, np.linspace(-1.5, 1.5, 301), [0.0, 0.5, -0.5, 1.0, -20.0]])
        if name in ("nl_softplus_log_slope", "nl_softplus_log_gap"):
            x = np.concatenate([x, np.linspace(-20.5, -19.5, 41), [1e10, 1e30]])
    return np.unique(x.astype(dtype))


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "float"])
@pytest.mark.parametrize("name", LINK_FUNCS)
def test_host_link_primitives(hostlib, name, dtype):
    x = _link_grid(name, dtype)
    got = call(hostlib, name, x, dtype)
    assert np.all(np.isfinite(got)), f"{name}: non-finite at {x[~np.isfinite(got)][:5]}"
    ref = _mp(LINK_REFERENCE[name], x.astype(np.float64))
    err = _errors(name, got, ref)
    worst = int(np.argmax(err))
    assert err[worst] < TOL[dtype], (
        f"{name}({np.dtype(dtype).name}): worst relative error {err[worst]:.3g} "
        f"at x={x[worst]!r} (got {got[worst]!r}, want {ref[worst]!r})"
    )


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "float"])
def test_host_times_square_and_mul_exact_zero(hostlib, dtype):
    info = np.finfo(dtype)
    rng = np.random.default_rng(7)
    top = math.log10(float(info.max)) - 1
    x = (np.sign(rng.standard_normal(4000)) * 10.0 ** rng.uniform(-top, top, 4000)).astype(dtype)
    g = (np.sign(rng.standard_normal(4000)) * 10.0 ** rng.uniform(-top, top, 4000)).astype(dtype)
    # g^2 alone overflows (|g| > 1.3e154 in double) while x g^2 does not
    x = np.concatenate([x, np.array([1e-300, -1e-200, 3.0] if dtype is np.float64 else [1e-30, -1e-20, 3.0], dtype)])
    g = np.concatenate([g, np.array([1e200, 1e160, 1e-160] if dtype is np.float64 else [1e25, 1e19, 1e-19], dtype)])
    with mpmath.workdps(50):
        ref = np.array([float(mpmath.mpf(float(a)) * mpmath.mpf(float(b)) ** 2) for a, b in zip(x, g)])
    keep = (np.abs(ref) >= float(info.tiny)) & (np.abs(ref) <= float(info.max))
    got = call2(hostlib, "nl_times_square", x[keep], g[keep], dtype).astype(np.float64)
    err = np.abs(got - ref[keep]) / np.abs(ref[keep])
    worst = int(np.argmax(err))
    assert err[worst] < TOL[dtype], (f"nl_times_square: {err[worst]:.3g} at x={x[keep][worst]!r},"
                                     f" g={g[keep][worst]!r} (got {got[worst]!r}, want {ref[keep][worst]!r})")
    # a v: the product, and exactly 0 where v == 0 even where a overflowed to inf
    a = np.array([np.inf, -np.inf, 2.5, np.inf, 1e30, 0.0], dtype=dtype)
    v = np.array([0.0, -0.0, 4.0, 2.0, 1e-30, 5.0], dtype=dtype)
    got = call2(hostlib, "nl_mul_exact_zero", a, v, dtype)
    with mpmath.workdps(50):
        want = [0.0, 0.0, 10.0, np.inf, float(mpmath.mpf(float(dtype(1e30))) * mpmath.mpf(float(dtype(1e-30)))), 0.0]
    assert got[0] == 0 and got[1] == 0 and got[2] == 10.0 and got[3] == np.inf and got[5] == 0, got
    assert abs(float(got[4]) / want[4] - 1) < TOL[dtype], (got[4], want[4])
