"""The special-function primitives (Bessel I_nu, erf / erfc / log Phi, polygamma of any order):

* the NumPy helpers (runtime/numpy_math.py) and the CUDA device functions (natloss_math.cuh,
  built with g++ for the host) against mpmath at 50 digits or more, over grids that include
  the extremes: 1e-12 relative in float64, 1e-5 in float32 (at the float32-rounded inputs);
* NVRTC compiles kernels that call them, and the float overloads do no double math;
* each primitive's derivative (in the primitives) against mpmath's derivative of its naive form;
* the canonicalize rewrite of sp.besseli / sp.erfc / sp.gamma in a declaration;
* a function no backend prints is a DeclarationError naming it, raised before any slow step.
"""
from __future__ import annotations

import ctypes
import math
import shutil
import subprocess
import time

import mpmath
import numpy as np
import pytest
import sympy as sp

import test_cuda_device_math as device
from natloss.codegen import draws, rewrite
from natloss.codegen.family import REALS, Family, Param, Support, Target
from natloss.codegen.functions import FUNCTIONS, declarable
from natloss.codegen.primitives import (
    bessel_ratio,
    bessel_ratio_deriv,
    log_besseli,
    log_ndtr,
    ndtr_mills,
    to_naive,
)
from natloss.codegen.validate import DeclarationError, validate
from natloss.runtime import numpy_math as m

TOL = {np.float64: 1e-12, np.float32: 1e-5}
ORDERS = (0, 0.5, 1, 2.5, 4)  # the Bessel orders covered (accurate for 0 <= nu <= 4)


# ------------------------------------------------------------------ references
def _mp_bessel(kind, nu, x):
    """50+ digits; enough extra precision that I_nu(x) for x up to 1e6 is not rounded."""
    nu, x = mpmath.mpf(nu), mpmath.mpf(x)
    if x == 0 and kind == "gap":
        x = mpmath.mpf("1e-30")  # the limit, to 1e-60 relative (the function is even and smooth)
    elif x == 0:
        return {"log": mpmath.mpf(0) if nu == 0 else -mpmath.inf, "ratio": mpmath.mpf(0),
                "deriv": 1 / (2 * nu + 2)}[kind]
    with mpmath.workdps(60):
        if kind == "log":
            return mpmath.log(mpmath.besseli(nu, x))
        r = mpmath.besseli(nu + 1, x) / mpmath.besseli(nu, x)
        if kind == "ratio":
            return r
        with mpmath.workdps(80 + 2 * int(mpmath.log10(x + 1)) + 3 * max(0, int(-mpmath.log10(x)))):
            r = mpmath.besseli(nu + 1, x) / mpmath.besseli(nu, x)
            deriv = 1 - r * r - (2 * nu + 1) * r / x
            return deriv if kind == "deriv" else (x * deriv - r) / x**3


def _log_floor(kind, nu):
    """log I_nu (nu > 0) crosses 0 where I_nu(x) = 1 (x ~ 3.8 for nu = 4); its terms cancel there,
    so the error is taken relative to max(|log I_nu|, 1), as for lgamma at its zeros."""
    return 1.0 if kind == "log" and nu > 0 else 0.0


def _bessel_grid(dtype):
    x = np.concatenate([[0.0], np.logspace(-12, 6, 181), np.linspace(0.25, 40.0, 160),
                        [11.999, 12.0, 12.001, 19.999, 20.0, 20.001]])
    return np.unique(x.astype(dtype))


def _mp_log_ndtr(x):
    x = mpmath.mpf(x)
    with mpmath.workdps(80):
        # log1p(-Phi(-x)) on the right: 1 - Phi(-x) itself would round at 80 digits for x > 19
        return mpmath.log1p(-mpmath.ncdf(-x)) if x > 0 else mpmath.log(mpmath.ncdf(x))


def _mp_mills(x):
    x = mpmath.mpf(x)
    with mpmath.workdps(80):
        return mpmath.npdf(x) / mpmath.ncdf(x)


def _normal_grid(dtype):
    big = 1e6 if dtype is np.float64 else 1e3
    x = np.concatenate([np.linspace(-40, 40, 321), -np.logspace(-12, math.log10(big), 100),
                        np.logspace(-12, 1.5, 60), [0.0]])
    return np.unique(x.astype(dtype))


def _rel(got, want, floor=0.0):
    """|got - want| / max(|want|, floor); 0 where equal (0 == 0, inf == inf)."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    same = got == want
    with np.errstate(invalid="ignore"):
        scale = np.maximum(np.abs(want), floor)
        return np.where(same, 0.0, np.abs(got - want) / np.where(scale == 0, 1.0, scale))


def _normal_range(want, dtype):
    """Where the exact value is a normal number of dtype (a subnormal result has fewer digits)."""
    return (np.abs(want) >= np.finfo(dtype).tiny) | (want == 0)


def _worst(name, x, got, want, tol, floor=0.0):
    err = _rel(got, want, floor)
    i = int(np.argmax(err))
    assert err[i] < tol, f"{name}: worst relative error {err[i]:.3g} at x={x[i]!r} (got {got[i]!r}, want {want[i]!r})"
    return err[i]


# ---------------------------------------------------------------- NumPy helpers
@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("nu", ORDERS)
@pytest.mark.parametrize("kind", ["log", "ratio", "deriv", "gap"])
def test_numpy_bessel(kind, nu, dtype):
    fn = {"log": m.log_besseli, "ratio": m.bessel_ratio, "deriv": m.bessel_ratio_deriv, "gap": m.bessel_ratio_gap}[kind]
    x = _bessel_grid(dtype)
    got = fn(nu, x)
    assert got.dtype == dtype
    want = np.array([float(_mp_bessel(kind, nu, v)) for v in x.astype(np.float64)])
    _worst(f"{kind} nu={nu}", x, got, want, TOL[dtype], floor=_log_floor(kind, nu))
    # Python scalars stay weak Python floats (hyper-parameter style arguments)
    assert isinstance(fn(nu, 3.0), float)


def test_numpy_bessel_extremes():
    # no overflow where I_nu itself overflows (x > 713), limits at 0 and at infinity
    assert m.log_besseli(0, np.float64(1e300)) == pytest.approx(1e300, rel=1e-15)
    assert m.log_besseli(0, np.float32(1e4)) == pytest.approx(1e4 - 0.5 * math.log(2 * math.pi * 1e4), rel=1e-6)
    assert m.bessel_ratio(0, np.float64(1e300)) == 1.0
    assert m.bessel_ratio_deriv(0, np.float64(1e150)) == pytest.approx(0.5e-300, rel=1e-12)
    assert m.log_besseli(0, np.float64(1e-200)) == pytest.approx(0.25e-400 if False else 0.0, abs=1e-300)
    assert m.log_besseli(0, np.float64(1e-8)) == pytest.approx(0.25e-16, rel=1e-14)
    assert m.log_besseli(2, np.float64(0.0)) == -np.inf


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
def test_numpy_normal_cdf_and_erf(dtype):
    x = _normal_grid(dtype)
    xd = x.astype(np.float64)
    cases = [
        ("log_ndtr", m.log_ndtr, _mp_log_ndtr),
        ("ndtr_mills", m.ndtr_mills, _mp_mills),
        ("erf", m.erf, lambda v: mpmath.erf(mpmath.mpf(v))),
        ("erfc", m.erfc, lambda v: mpmath.erfc(mpmath.mpf(v))),
    ]
    for name, fn, ref in cases:
        got = fn(x)
        assert got.dtype == dtype, name
        want = np.array([float(ref(v)) for v in xd])
        keep = _normal_range(want, dtype)  # log Phi(38) ~ -1e-316, erfc(27) ~ 1e-319: subnormal
        _worst(name, x[keep], got[keep], want[keep], TOL[dtype])


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["float64", "float32"])
@pytest.mark.parametrize("order", [2, 3, 4, 6])
def test_numpy_polygamma(order, dtype):
    x = np.unique(np.concatenate([np.logspace(-3, 6, 91), np.arange(1.0, 20.0) + 0.5]).astype(dtype))
    got = m.polygamma(order, x)
    assert got.dtype == dtype
    want = np.array([float(mpmath.polygamma(order, mpmath.mpf(float(v)))) for v in x])
    keep = np.isfinite(want) & (np.abs(want) < np.finfo(dtype).max / 10) & (np.abs(want) > np.finfo(dtype).tiny * 1e3)
    _worst(f"polygamma({order})", x[keep], got[keep], want[keep], TOL[dtype])


# ------------------------------------------------------------- device functions
SHIM_EXTRA = """
#define NL_WRAP_NU(fn)                                                            \\
    extern "C" void fn##_f64(double nu, const double* x, double* y, long n)        \\
    { for (long i = 0; i < n; ++i) y[i] = fn(nu, x[i]); }                          \\
    extern "C" void fn##_f32(float nu, const float* x, float* y, long n)           \\
    { for (long i = 0; i < n; ++i) y[i] = fn(nu, x[i]); }
#define NL_WRAP_ORDER(fn)                                                         \\
    extern "C" void fn##_f64(int k, const double* x, double* y, long n)            \\
    { for (long i = 0; i < n; ++i) y[i] = fn(k, x[i]); }                           \\
    extern "C" void fn##_f32(int k, const float* x, float* y, long n)              \\
    { for (long i = 0; i < n; ++i) y[i] = fn(k, x[i]); }
NL_WRAP(nl_erf)
NL_WRAP(nl_erfc)
NL_WRAP(nl_log_ndtr)
NL_WRAP(nl_ndtr_mills)
NL_WRAP_NU(nl_log_besseli)
NL_WRAP_NU(nl_bessel_ratio)
NL_WRAP_NU(nl_bessel_ratio_deriv)
NL_WRAP_NU(nl_bessel_ratio_gap)
NL_WRAP_ORDER(nl_polygamma)
"""


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    gxx = shutil.which("g++")
    if gxx is None:
        pytest.skip("g++ not found: cannot build the host check of the device math")
    build = tmp_path_factory.mktemp("natloss_specfun_host")
    (build / device.HEADER_NAME).write_text(device.render_header())
    (build / "shim.cpp").write_text(device.SHIM + SHIM_EXTRA)
    out = build / "libspecfun.so"
    cmd = [gxx, "-O2", "-std=c++17", "-shared", "-fPIC", "-Wall", "-Wextra", "-Wdouble-promotion", "-Werror",
           "-I", str(build), "-o", str(out), str(build / "shim.cpp")]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return ctypes.CDLL(str(out))


def _call(lib, fn, x, dtype, first=None):
    x = np.ascontiguousarray(x, dtype=dtype)
    y = np.empty_like(x)
    suffix = "f64" if dtype is np.float64 else "f32"
    args = [x.ctypes.data_as(ctypes.c_void_p), y.ctypes.data_as(ctypes.c_void_p), ctypes.c_long(x.size)]
    if first is not None:
        kind = ctypes.c_int if isinstance(first, int) else (ctypes.c_double if dtype is np.float64 else ctypes.c_float)
        args.insert(0, kind(first))
    getattr(lib, f"{fn}_{suffix}")(*args)
    return y


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "float"])
@pytest.mark.parametrize("nu", ORDERS)
@pytest.mark.parametrize("kind", ["log", "ratio", "deriv", "gap"])
def test_device_bessel(lib, kind, nu, dtype):
    fn = {"log": "nl_log_besseli", "ratio": "nl_bessel_ratio", "deriv": "nl_bessel_ratio_deriv",
          "gap": "nl_bessel_ratio_gap"}[kind]
    x = _bessel_grid(dtype)
    got = _call(lib, fn, x, dtype, first=float(nu))
    want = np.array([float(_mp_bessel(kind, nu, v)) for v in x.astype(np.float64)])
    _worst(f"{fn}({np.dtype(dtype).name}) nu={nu}", x, got, want, TOL[dtype], floor=_log_floor(kind, nu))


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "float"])
def test_device_bessel_extremes(lib, dtype):
    big = np.array([1e30 if dtype is np.float32 else 1e300], dtype=dtype)
    assert np.isfinite(_call(lib, "nl_log_besseli", big, dtype, first=0.0)).all()
    assert _call(lib, "nl_bessel_ratio", big, dtype, first=0.0)[0] == 1.0
    assert np.isnan(_call(lib, "nl_log_besseli", np.array([-1.0, np.nan]), dtype, first=0.0)).all()
    assert _call(lib, "nl_log_besseli", np.array([0.0]), dtype, first=1.0)[0] == -np.inf


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "float"])
def test_device_normal_cdf_and_erf(lib, dtype):
    x = _normal_grid(dtype)
    xd = x.astype(np.float64)
    for fn, ref in (("nl_log_ndtr", _mp_log_ndtr), ("nl_ndtr_mills", _mp_mills),
                    ("nl_erf", lambda v: mpmath.erf(mpmath.mpf(v)))):
        got = _call(lib, fn, x, dtype)
        want = np.array([float(ref(v)) for v in xd])
        keep = _normal_range(want, dtype)
        _worst(f"{fn}({np.dtype(dtype).name})", x[keep], got[keep], want[keep], TOL[dtype])


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "float"])
@pytest.mark.parametrize("order", [0, 1, 2, 3, 4, 6])
def test_device_polygamma(lib, order, dtype):
    x = np.unique(np.concatenate([np.logspace(-3, 6, 91), np.arange(1.0, 20.0) + 0.5]).astype(dtype))
    got = _call(lib, "nl_polygamma", x, dtype, first=order)
    want = np.array([float(mpmath.polygamma(order, mpmath.mpf(float(v)))) for v in x])
    keep = np.isfinite(want) & (np.abs(want) < np.finfo(dtype).max / 10) & (np.abs(want) > np.finfo(dtype).tiny * 1e3)
    _worst(f"nl_polygamma({order}, {np.dtype(dtype).name})", x[keep], got[keep], want[keep], TOL[dtype])


NEW_DEVICE_CALLS = ("nl_erf(x[i])", "nl_erfc(x[i])", "nl_log_ndtr(x[i])", "nl_ndtr_mills(x[i])",
                    "nl_polygamma(3, x[i])", "nl_log_besseli(x[n - 1 - i], x[i])",
                    "nl_bessel_ratio(x[n - 1 - i], x[i])", "nl_bessel_ratio_deriv(x[n - 1 - i], x[i])",
                    "nl_bessel_ratio_gap(x[n - 1 - i], x[i])")


def _kernel(ctype):
    calls = "\n".join(f"    y[{k} * n + i] = {c};" for k, c in enumerate(NEW_DEVICE_CALLS))
    return (f'extern "C" __global__ void specfun_{ctype}(const {ctype}* __restrict__ x, {ctype}* __restrict__ y, int n)\n'
            "{\n    const int i = blockIdx.x * blockDim.x + threadIdx.x;\n    if (i >= n) {\n        return;\n    }\n"
            f"{calls}\n}}\n")


def test_nvrtc_compiles_the_special_functions():
    device._require_nvrtc()
    header = device.render_header()
    source = f'#include "{device.HEADER_NAME}"\n\n' + _kernel("float") + "\n" + _kernel("double")
    result = device.nvrtc_mod.compile_cuda(source, name="specfun.cu", arch="sm_80", headers={device.HEADER_NAME: header})
    assert "warning" not in result.log.lower(), result.log
    device.nvrtc_mod.compile_cuda(f'#include "{device.HEADER_NAME}"\n\n' + _kernel("float"), name="specfun_f.cu",
                                  arch="sm_90", options=("-Xptxas=--warn-on-double-precision-use",),
                                  headers={device.HEADER_NAME: header})


# ------------------------------------------------------------ derivatives, rewrite
@pytest.mark.parametrize("expr_of", [
    lambda x: log_besseli(0, x), lambda x: log_besseli(sp.Rational(5, 2), x), lambda x: bessel_ratio(0, x),
    lambda x: bessel_ratio(1, x), lambda x: bessel_ratio_deriv(0, x), lambda x: log_ndtr(x), lambda x: ndtr_mills(x),
], ids=["log_besseli0", "log_besseli2.5", "ratio0", "ratio1", "ratio_deriv0", "log_ndtr", "mills"])
def test_primitive_derivatives_match_mpmath(expr_of):
    x = sp.Symbol("x", positive=True)
    expr = expr_of(x)
    derivative = to_naive(sp.diff(expr, x))
    naive = to_naive(expr)
    f, df = sp.lambdify(x, naive, "mpmath"), sp.lambdify(x, derivative, "mpmath")
    with mpmath.workdps(50):
        for v in ("0.3", "1.7", "8.5", "33.0"):
            want = mpmath.diff(f, mpmath.mpf(v))
            assert abs(df(mpmath.mpf(v)) - want) <= mpmath.mpf("1e-30") * (1 + abs(want)), (expr, v)


def test_canonical_rewrites_special_functions():
    e1, e2 = sp.symbols("e1 e2", real=True)
    x = sp.Symbol("x", real=True)
    kappa = sp.sqrt(e1**2 + e2**2)
    assert rewrite.SPECIAL_FUNCTIONS(sp.log(2 * sp.pi * sp.besseli(0, kappa))) == sp.log(2 * sp.pi) + log_besseli(0, kappa) \
        or sp.expand_log(rewrite.SPECIAL_FUNCTIONS(sp.log(2 * sp.pi * sp.besseli(0, kappa)))) == \
        sp.log(2) + sp.log(sp.pi) + log_besseli(0, kappa)
    assert rewrite.SPECIAL_FUNCTIONS(sp.log(sp.erfc(-x / sp.sqrt(2)) / 2)) == log_ndtr(x)
    assert rewrite.SPECIAL_FUNCTIONS(sp.log((1 + sp.erf(x / sp.sqrt(2))) / 2)) == log_ndtr(x)
    assert rewrite.SPECIAL_FUNCTIONS(sp.log(sp.gamma(x))) == sp.loggamma(x)
    assert rewrite.SPECIAL_FUNCTIONS(3 * sp.besseli(1, x)) == 3 * sp.exp(log_besseli(1, x))
    # the rewritten forms are equal to the declared ones (mpmath, 50 digits)
    for before in (sp.log(2 * sp.pi * sp.besseli(0, x)), sp.log(sp.erfc(x)), sp.log(1 - sp.erf(x) / 3)):
        after = rewrite.SPECIAL_FUNCTIONS(before)
        for v in ("0.5", "3.0", "-2.0"):
            if before.has(sp.besseli) and v.startswith("-"):
                continue
            with mpmath.workdps(50):
                a = sp.N(to_naive(after).subs(x, sp.Float(v, 50)), 40)
                b = sp.N(before.subs(x, sp.Float(v, 50)), 40)
            assert abs(a - b) < 1e-35, (before, v)


# ------------------------------------------------------------- unsupported functions
def _family_with(log_partition, sampler=None):
    eta = Param("eta", REALS)
    y = Target(Support.REAL)
    return Family(name="custom", class_name="CustomLoss", params=(eta,), target=y,
                  log_partition=log_partition(eta.symbol), sufficient_statistic=(y.symbol,),
                  log_base_measure=sp.Integer(0), sampler=sampler if sampler is not None else draws.normal(eta.symbol, 1))


@pytest.mark.parametrize("make, name", [
    (lambda e: sp.exp(e) + sp.zeta(3, 1 + e**2), "zeta"),
    (lambda e: sp.log(sp.hyper([1], [2], e**2) + 1), "hyper"),
    (lambda e: sp.besselk(0, 1 + e**2) + e**2, "besselk"),
    (lambda e: sp.Function("f")(e), "f"),
])
def test_unsupported_function_is_a_declaration_error(make, name):
    start = time.perf_counter()
    with pytest.raises(DeclarationError) as err:
        validate(_family_with(make))
    assert time.perf_counter() - start < 1.0  # before any slow step
    text = str(err.value)
    assert f"uses {name}," in text and "log_partition" in text
    for supported in ("besseli", "erf", "log_ndtr", "polygamma", "loggamma", "softplus"):
        assert supported in text, supported


def test_polygamma_order_must_be_a_constant_integer():
    k = sp.Symbol("k", positive=True)
    with pytest.raises(DeclarationError, match="polygamma needs a constant integer order"):
        validate(_family_with(lambda e: e**2 + sp.polygamma(k, 1 + e**2)))


def test_supported_table_is_what_the_printers_use():
    from natloss.codegen.backends.cuda.printer import CUDA_FUNCTIONS
    from natloss.codegen.backends.numpy.printer import NUMPY_HELPERS

    assert set(NUMPY_HELPERS) == {n for n, f in FUNCTIONS.items() if f.numpy}
    assert set(CUDA_FUNCTIONS) == {n for n, f in FUNCTIONS.items() if f.cuda}
    assert "besseli" in declarable() and "exp_neg_abs" not in declarable()
    for name, f in FUNCTIONS.items():
        if f.numpy and f.numpy.startswith("_m."):
            assert callable(getattr(m, f.numpy[3:], None)), name


def test_every_primitive_is_in_the_table_and_every_backend_defines_it():
    """The one primitive table: every compiler primitive has an entry, and the name each backend's
    printer calls for it (functions.backend_name) exists in that backend's library (NumPy:
    natloss.runtime.numpy_math or NumPy; CuPy: natloss.runtime.cupy_base, or CuPy's NumPy-named
    function; CUDA: the device library's text). A primitive without a CUDA name is listed here,
    with the reason."""
    import re

    import numpy

    from natloss.codegen import primitives
    from natloss.codegen.backends.cuda.kernels import math_header_text
    from natloss.codegen.functions import BACKEND_NAMES, backend_name
    from natloss.runtime import cupy_base

    # the Beta function in log arguments: only the Beta parametrization reaches them (NumPy
    # only so far; the CUDA and CPU backends skip the specs that use them, naming the primitive)
    numpy_only = {"lbeta_exp", "lbeta_exp_d", "lbeta_exp_r", "lbeta_exp_w", "lbeta_exp_c", "digamma_diff_exp",
                  "lbeta_exp_wo", "lbeta_exp_ro", "lbeta_exp_k", "lbeta_exp_ko", "lbeta_exp_v", "lbeta_exp_vo", "log_sigmoid_ratio",
                  "log_sigmoid_ratio_c", "exp_deviance"}
    missing = [n for n in primitives.PRIMITIVE_NAMES if n not in FUNCTIONS]
    assert not missing, f"primitives without an entry in codegen/functions.py: {missing}"
    device = set(re.findall(r"\b(nl_\w+)\s*\(", math_header_text()))
    libraries = {"_m": m, "np": numpy, "_cb": cupy_base, "cp": numpy}  # CuPy's array functions bear NumPy's names
    assert BACKEND_NAMES == ("numpy", "cupy", "cuda")
    for name in primitives.PRIMITIVE_NAMES:
        f = FUNCTIONS[name]
        for backend in BACKEND_NAMES:
            called = backend_name(f, backend)
            if called is None:
                continue
            if backend == "cuda":
                assert called in device, f"the device library lacks {called} ({name})"
            else:
                module, _, attr = called.partition(".")
                assert callable(getattr(libraries[module], attr, None)), f"{backend}: {module} lacks {attr} ({name})"
        if backend_name(f, "cuda") is None and f.numpy and f.numpy.startswith("_m.") and name not in numpy_only:
            # (np.expm1, np.log1p: the C printer prints expm1 / log1p itself)
            raise AssertionError(f"{name}: a natloss NumPy helper but no CUDA name, and not listed as NumPy-only")


# ------------------------------------------------------------------ supports
def test_target_bounds_state_every_scalar_support():
    from natloss.codegen.family import Bounds

    assert Target(Support.ANGLE).bounds == Bounds(-math.pi, math.pi, True, False)
    assert Target(Support.POSITIVE).bounds.resolve({}) == (0.0, True, math.inf, True)
    assert Target(Support.BOUNDED_INTEGER, bound="trials").bounds.resolve({"trials": 7}) == (0, False, 7, False)
    pareto = Target(Support.INTERVAL, lower="x_min")
    assert pareto.bounds.resolve({"x_min": 2.5}) == (2.5, False, math.inf, True)
    assert Target(Support.INTERVAL, lower=0.0, upper=1.0, upper_open=True).bounds.text() == "values in [0.0, 1.0)"
    assert pareto.symbol.is_positive and Target(Support.ANGLE).symbol.is_real


@pytest.mark.parametrize("target, message", [
    (Target(Support.INTERVAL, lower="x_max"), "lower bound 'x_max' is not a declared hyper-parameter"),
    (Target(Support.INTERVAL, lower=2.0, upper=1.0), "empty interval"),
    (Target(Support.REAL, lower=0.0), "lower / upper bounds go with Support.INTERVAL"),
    (Target(Support.INTERVAL, lower="shift"), "must have a positive domain"),
])
def test_interval_bounds_are_checked(target, message):
    from natloss.codegen.family import Hyper

    eta = Param("eta", sp.Interval.open(-sp.oo, -1))
    family = Family(name="custom", class_name="CustomLoss", params=(eta,), target=target,
                    log_partition=-sp.log(-1 - eta.symbol), sufficient_statistic=(sp.log(target.symbol),),
                    log_base_measure=sp.Integer(0), sampler=draws.uniform(1, 2),
                    hypers=(Hyper("shift", 0.0, REALS), Hyper("scale", 1.0)))
    with pytest.raises(DeclarationError, match=message):
        validate(family)


def test_pareto_refuses_targets_below_the_minimum():
    from natloss.generated.numpy import ParetoNegativeLogProbLoss
    from natloss.runtime import NatlossInputError

    eta = np.array([-3.0, -2.0])
    with pytest.raises(NatlossInputError, match=r"targets: expected values in \[x_min, inf\) \(x_min = 2.0\)"):
        ParetoNegativeLogProbLoss(eta, targets=np.array([2.5, 1.9]), x_min=2.0)
    with pytest.raises(NatlossInputError, match="x_min per case"):
        ParetoNegativeLogProbLoss(eta, targets=np.array([2.5, 2.9]), x_min=np.array([2.0, 3.0]))
    # at the minimum itself (closed end) the density is alpha / x_m
    loss = ParetoNegativeLogProbLoss(eta, targets=np.array([2.0, 2.0]), x_min=2.0)
    np.testing.assert_allclose(loss.nll(), -np.log(np.array([2.0, 1.0]) / 2.0), rtol=1e-14, atol=1e-15)


def test_angles_are_in_minus_pi_to_pi():
    from natloss.generated.numpy import VonMisesNegativeLogProbLoss
    from natloss.runtime import NatlossInputError

    for dtype in (np.float32, np.float64):
        a, b = np.array([1.0, 0.0], dtype=dtype), np.array([0.5, 2.0], dtype=dtype)
        loss = VonMisesNegativeLogProbLoss(a, b)
        assert np.isfinite(loss.nll(np.array([np.pi, -3.0], dtype=dtype))).all()
        with pytest.raises(NatlossInputError, match=r"angles in \(-pi, pi\]"):
            loss.nll(np.array([-np.pi, 0.0], dtype=dtype))
        with pytest.raises(NatlossInputError, match=r"angles in \(-pi, pi\]"):
            loss.nll(np.array([0.0, 3.5], dtype=dtype))
        y = loss.sample(3)
        assert y.dtype == dtype and (y > -np.pi).all() and (y <= np.float32(np.pi)).all()


def test_bessel_ratio_gap_rewrite():
    from natloss.codegen.primitives import bessel_ratio_gap

    e1, e2 = sp.symbols("e1 e2", real=True)
    k = sp.sqrt(e1**2 + e2**2)
    f01 = -e1 * e2 * (-k * bessel_ratio_deriv(0, k) + bessel_ratio(0, k)) / (e1**2 + e2**2) ** sp.Rational(3, 2)
    done = rewrite.BESSEL_RATIO_GAP(f01)
    assert done == e1 * e2 * bessel_ratio_gap(0, k)
    with mpmath.workdps(50):
        for a, b in (("0.3", "-1.2"), ("4.0", "7.5")):
            point = {e1: sp.Float(a, 50), e2: sp.Float(b, 50)}
            assert abs(sp.N(to_naive(done).subs(point), 40) - sp.N(to_naive(f01).subs(point), 40)) < 1e-35


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_von_mises_at_and_near_the_uniform_circle(dtype):
    """eta = 0 is the uniform distribution on the circle: E[T] = 0, F = I / 2, B = I / sqrt 2 (closed
    forms); the derived R(k)/k forms were 0/0 there, also where k^2 underflows (eta ~ 1e-170)."""
    from natloss.generated.numpy import VonMisesNegativeLogProbLoss

    tiny = 1e-170 if dtype == np.float64 else 1e-25
    e1 = np.array([0.0, tiny, -tiny], dtype=dtype)
    e2 = np.array([0.0, tiny, 0.0], dtype=dtype)
    loss = VonMisesNegativeLogProbLoss(e1, e2)
    mean = np.asarray(loss.mean_sufficient_statistic())  # one array per parameter
    expected = np.stack([e1, e2]).astype(np.float64) / 2  # I_1(k)/I_0(k)/k -> 1/2
    assert np.all(np.isfinite(mean)) and np.allclose(mean, expected, rtol=1e-6, atol=0)
    for j in range(2):
        v = tuple(np.full(3, float(i == j), dtype=dtype) for i in range(2))
        Fv = np.asarray(loss.multiply_fisher(v))  # a vector in parameter space: one array per parameter
        Bv = np.asarray(loss.multiply_fisher_factor(np.stack(v, axis=-1)))  # the factor's inner space: (N, 2)
        assert np.allclose(Fv, np.asarray(v) / 2, rtol=1e-6, atol=1e-30), Fv
        assert np.allclose(Bv, np.asarray(v) / np.sqrt(2), rtol=1e-6, atol=1e-30), Bv


def test_bessel_ratio_over_argument_rewrite():
    """R/x -> R' - x^2 gap: equal at 50 digits, no division by |eta| left, and finite at eta = 0."""
    from natloss.codegen.primitives import bessel_ratio_gap

    e1, e2 = sp.symbols("e1 e2", real=True)
    k = sp.sqrt(e1**2 + e2**2)
    A = log_besseli(0, k)
    for expr in (sp.diff(A, e1), sp.diff(A, e1, e1), sp.diff(A, e1, e2)):
        done = rewrite.BESSEL_RATIO_OVER_ARGUMENT(expr)
        assert sp.fraction(sp.together(done))[1].free_symbols == set(), done
        with mpmath.workdps(50):
            for a, b in (("0.3", "-1.2"), ("4.0", "7.5"), ("1e-12", "3e-13")):
                point = {e1: sp.Float(a, 50), e2: sp.Float(b, 50)}
                exact = sp.N(to_naive(expr).subs(point), 45)
                assert abs(sp.N(to_naive(done).subs(point), 45) - exact) < 1e-35 * (1 + abs(exact))
    # At eta = 0: mean 0, F = I/2 (I_1(x)/x -> 1/2), from the primitives' values at 0.
    mean0 = rewrite.BESSEL_RATIO_OVER_ARGUMENT(sp.diff(A, e1))
    f00 = rewrite.BESSEL_RATIO_OVER_ARGUMENT(sp.diff(A, e1, e1))
    assert bessel_ratio_gap(0, k) in f00.atoms(bessel_ratio_gap)
    mid = m.bessel_ratio_deriv(0, np.float64(0.0)) - 0.0 * m.bessel_ratio_gap(0, np.float64(0.0))
    assert mid == 0.5 and mean0.subs({e1: 0, e2: 0}) == 0
    # Left alone where there is no division by the argument to clear (a plain R(nu, x) of a symbol).
    x = sp.Symbol("x", positive=True)
    assert rewrite.BESSEL_RATIO_OVER_ARGUMENT(bessel_ratio(0, x) + 1) == bessel_ratio(0, x) + 1


def test_printers_print_the_special_functions():
    from natloss.codegen.backends.cuda.printer import CuPyLossPrinter, cuda_printer
    from natloss.codegen.backends.numpy.printer import NumPyLossPrinter

    x = sp.Symbol("x", positive=True)
    np_printer = NumPyLossPrinter({"fully_qualified_modules": True, "allow_unknown_functions": False})
    cp_printer = CuPyLossPrinter({"fully_qualified_modules": True, "allow_unknown_functions": False})
    cases = [
        (sp.polygamma(3, x + 1), "_m.polygamma(3, x + 1)", "nl_polygamma(3, x + 1)", "_cb.polygamma(3, x + 1)"),
        (sp.polygamma(0, 2 * x), "_m.digamma(2*x)", "nl_digamma(2*x)", "_cb.digamma(2*x)"),
        (sp.erfc(x), "_m.erfc(x)", "nl_erfc(x)", "_cb.erfc(x)"),
        (sp.erf(x), "_m.erf(x)", "nl_erf(x)", "_cb.erf(x)"),
        (log_ndtr(x), "_m.log_ndtr(x)", "nl_log_ndtr(x)", "_cb.log_ndtr(x)"),
        (log_besseli(0, x), "_m.log_besseli(0, x)", "nl_log_besseli(0, x)", "_cb.log_besseli(0, x)"),
    ]
    for expr, numpy_code, cuda_code, cupy_code in cases:
        assert np_printer.doprint(expr) == numpy_code
        assert cuda_printer("f32").doprint(expr) == cuda_code
        assert cp_printer.doprint(expr) == cupy_code


def test_every_declarable_function_prints_in_every_backend():
    """The table's promise: each function a declaration may use prints for NumPy, CuPy and CUDA
    (array code: no scalar math.* call)."""
    from natloss.codegen.backends.cuda.printer import CuPyLossPrinter, cuda_printer
    from natloss.codegen.backends.numpy.printer import NumPyLossPrinter
    from natloss.codegen import primitives as prim

    x, h = sp.Symbol("x", positive=True), sp.Symbol("h", positive=True)
    settings = {"fully_qualified_modules": True, "allow_unknown_functions": False}
    printers = [NumPyLossPrinter(settings), CuPyLossPrinter(settings), cuda_printer("f32"), cuda_printer("f64")]
    special = {"polygamma": sp.polygamma(2, x), "besseli": prim.log_besseli(0, x), "gamma": sp.loggamma(x),
               "Max": sp.Max(x, h), "Min": sp.Min(x, h), "atan2": sp.atan2(x, h),
               "Piecewise": sp.Piecewise((x, x > h), (h, True))}
    for name in declarable():
        if name in special:
            expr = special[name]
        else:
            cls = getattr(prim, name, None) or getattr(sp, name, None) or getattr(sp.codegen.cfunctions, name)
            nargs = min(cls.nargs) if isinstance(cls.nargs, (set, frozenset)) or hasattr(cls.nargs, "__iter__") else 1
            expr = cls(*([0, x] if name in ("log_besseli", "bessel_ratio", "bessel_ratio_deriv") else [x, h][:nargs]))
        for printer in printers:
            code = printer.doprint(expr)
            assert "math." not in code and "Not supported" not in code, (name, code)


# ------------------------------------------- the Beta function in log arguments (lbeta_exp and kin)
# a = log x, b = log y over float64's whole range and past it (x = e^-800 is 0 in float64), with the
# branch boundaries of runtime/numpy_math.py: phi = x + y = 1, x = 1, 8, 10, y < 1e-20 x, and x -> 1, y -> 0
# (a = -4.54e-5 with b = -10 is the Beta parametrization at theta = (10, 0), where psi(1 + x) - 1/x cancels).
_LOG_POINTS = (-800.0, -745.5, -700.0, -50.0, -30.0, -10.0, -1.0, -1e-3, -4.54e-5, 0.0, 1e-8, 0.5, math.log(2),
               math.log(8) - 1e-9, math.log(8), math.log(10) - 1e-9, math.log(10), 3.0, 30.0, 300.0, 700.0)


def _lbeta_reference(name, a, b):
    x, y = mpmath.exp(a), mpmath.exp(b)
    p = x + y
    return {
        "lbeta_exp": lambda: mpmath.loggamma(x) + mpmath.loggamma(y) - mpmath.loggamma(p),
        "lbeta_exp_d": lambda: x * (mpmath.digamma(x) - mpmath.digamma(p)),
        "lbeta_exp_r": lambda: x * (mpmath.digamma(x) - mpmath.digamma(p) + mpmath.log(p / x)),
        "lbeta_exp_w": lambda: x**2 * mpmath.psi(1, x) - x * p * mpmath.psi(1, p),
        "lbeta_exp_c": lambda: x * y * mpmath.psi(1, p),
        "digamma_diff_exp": lambda: mpmath.digamma(x) - mpmath.digamma(p),
    }[name]()


@pytest.mark.parametrize("name", ["lbeta_exp", "lbeta_exp_d", "lbeta_exp_r", "lbeta_exp_w", "lbeta_exp_c", "digamma_diff_exp"])
def test_lbeta_exp_family_against_mpmath(name):
    """Each against mpmath with 50 digits beyond the cancellation of its defining form (x^2 psi_1(x)
    ~ e^1400 cancelling to e^-800 needs ~1000 digits). Error: relative, against the condition that
    the rounding of a and b to doubles already imposes (e^a carries |a| eps), 32 eps (1 + |a| + |b|);
    lbeta_exp, which passes through 0 at B(x, y) = 1 (x = y = 1), relative to max(|value|, 1). A
    value below float64's range must come out below it (0 or subnormal), one above it as inf."""
    f = getattr(m, name)
    a_grid, b_grid = np.meshgrid(np.array(_LOG_POINTS), np.array(_LOG_POINTS), indexing="ij")
    got = f(a_grid, b_grid)
    assert got.shape == a_grid.shape and got.dtype == np.float64
    worst = (0.0, None)
    for i, a in enumerate(_LOG_POINTS):
        for j, b in enumerate(_LOG_POINTS):
            with mpmath.workdps(50 + int(2 * (abs(a) + abs(b)) / 2.3)):
                exact = _lbeta_reference(name, mpmath.mpf(a), mpmath.mpf(b))
                v = got[i, j]
                if abs(exact) > mpmath.mpf("1.79e308"):
                    assert np.isinf(v) and np.sign(v) == mpmath.sign(exact), (name, a, b, v)
                    continue
                if abs(exact) < mpmath.mpf("2.3e-308"):
                    assert abs(v) < 2.3e-308, (name, a, b, v, exact)
                    continue
                scale = max(abs(exact), 1) if name == "lbeta_exp" else abs(exact)
                err = float(abs(mpmath.mpf(float(v)) - exact) / scale) / (1 + abs(a) + abs(b))
            if not err <= worst[0]:
                worst = (err, (a, b, v, float(exact)))
    assert worst[0] <= 32 * 2.2e-16, f"{name}: worst error {worst[0]:.3g} eps-units/(1+|a|+|b|) at {worst[1]}"
    # float32 in, float32 out (computed in float64)
    assert f(np.float32(-80.0), np.float32(3.0)).dtype == np.float32


def test_lbeta_exp_derivatives_are_the_declared_primitives():
    """The SymPy derivatives of lbeta_exp and lbeta_exp_d against mpmath.diff of their naive forms."""
    from natloss.codegen.primitives import lbeta_exp, lbeta_exp_d, lbeta_exp_r, to_naive

    a, b = sp.symbols("a b", real=True)
    exprs = [lbeta_exp(a, b), lbeta_exp_d(a, b), lbeta_exp_d(b, a), lbeta_exp_r(a, b), lbeta_exp_r(b, a)]
    with mpmath.workdps(50):
        for e in exprs:
            naive = sp.lambdify((a, b), to_naive(e), modules="mpmath")
            for k, var in enumerate((a, b)):
                d = sp.lambdify((a, b), to_naive(sp.diff(e, var)), modules="mpmath")
                for point in ((-3.0, 0.5), (1.2, 2.5), (-0.2, -1.7)):
                    p = [mpmath.mpf(v) for v in point]
                    num = mpmath.diff(lambda t: naive(*[t if n == k else p[n] for n in range(2)]), p[k])
                    assert abs(d(*p) - num) < mpmath.mpf("1e-40") * (1 + abs(num)), (e, var, point)


# ------------------------------- the log-coordinate primitives (codegen/log_coordinates.py)
# The odd parts lbeta_exp_wo / lbeta_exp_ro in (d, l), a = l + log sigmoid(d), b = l + log sigmoid(-d):
# d through 0 (where both vanish and the direct difference of two products keeps only |d| of its
# relative digits), the near/far boundary |d| = 1/4, and l over float64's range.
_ODD_D = (0.0, 1e-12, 1e-8, 1e-3, 0.24, 0.26, 0.49, 0.51, 1.0, 5.0, 30.0, 700.0)
_ODD_D = _ODD_D + tuple(-d for d in _ODD_D[1:])
_ODD_L = (-700.0, -30.0, -5.0, -1.0, 0.0, 0.5, 1.0, 2.3, 3.0, 10.0, 30.0, 300.0, 700.0)


def _K(z):
    return z**2 * mpmath.psi(1, z) + z * (mpmath.digamma(z) - mpmath.log(z))


def _Kt(z):
    return z**2 * mpmath.psi(1, z) + z * mpmath.digamma(z)


def _odd_reference(name, d, l):
    """q P~(p phi) - p P~(q phi) (phi = e^l), the closed form of each odd part."""
    p, q, phi = 1 / (1 + mpmath.exp(-d)), 1 / (1 + mpmath.exp(d)), mpmath.exp(l)
    if name == "lbeta_exp_ro":
        Q = lambda z: mpmath.digamma(z) - mpmath.log(z)  # noqa: E731
        return p * q * phi * (Q(p * phi) - Q(q * phi))
    f = {"lbeta_exp_wo": lambda z: z**2 * mpmath.psi(1, z), "lbeta_exp_ko": _K, "lbeta_exp_vo": _Kt}[name]
    return q * f(p * phi) - p * f(q * phi)


def _odd_bound(name, d, l):
    """32 eps, or 3000 eps where lbeta_exp_ko takes K(z) - z at z in [1, 10) (at x or y, or at t phi inside the
    near branch's integral), as lbeta_exp_k does."""
    if name != "lbeta_exp_ko":
        return 32
    p, phi = 1 / (1 + math.exp(-d)), math.exp(l) if l < 700 else math.inf
    return 3000 if any(1.0 <= z < 10.0 for z in (p * phi, (1 - p) * phi, phi, phi / 2)) else 32


@pytest.mark.parametrize("name", ["lbeta_exp_wo", "lbeta_exp_ro", "lbeta_exp_ko", "lbeta_exp_vo"])
def test_odd_log_beta_parts_against_mpmath(name):
    """Relative error against mpmath (70 digits beyond the defining form's cancellation) within
    `_odd_bound` eps (1 + |d| + |l|): what the rounding of d and l to doubles already imposes. Exactly 0 at d = 0."""
    f = getattr(m, name)
    dg, lg = np.meshgrid(np.array(_ODD_D), np.array(_ODD_L), indexing="ij")
    got = f(dg, lg)
    assert got.shape == dg.shape and got.dtype == np.float64
    worst = (0.0, None)
    for i, d in enumerate(_ODD_D):
        for j, l in enumerate(_ODD_L):
            with mpmath.workdps(70 + int(2 * (abs(l) + abs(d)) / 2.3)):
                exact = _odd_reference(name, mpmath.mpf(d), mpmath.mpf(l))
                if exact == 0:
                    assert got[i, j] == 0, (name, d, l, got[i, j])
                    continue
                if abs(exact) < mpmath.mpf("2.3e-308"):
                    assert abs(got[i, j]) < 2.3e-308, (name, d, l, got[i, j], exact)
                    continue
                err = float(abs(mpmath.mpf(float(got[i, j])) - exact) / abs(exact)) / (1 + abs(d) + abs(l))
            err /= _odd_bound(name, d, l)
            if not err <= worst[0]:
                worst = (err, (d, l, got[i, j], float(exact)))
    assert worst[0] <= 2.2e-16, f"{name}: worst error {worst[0]:.3g} (in units of its bound) at {worst[1]}"
    assert f(np.float32(1e-8), np.float32(80.0)).dtype == np.float32


def test_log_sigmoid_ratio_and_exp_deviance_against_mpmath():
    """log(sigmoid(x) / v) through the ratio 1 (v = sigmoid(x) (1 + r) for tiny r, the case a deviance
    needs to relative accuracy) and far from it; e^a (e^-q - 1 + q) through q = 0 and past the
    branches at |q| = 1/2, with e^-q beyond float64's range. Relative error within 8 eps
    (log_sigmoid_ratio near 1: against the rounding of v itself, eps |v / (sigmoid(x) - v)|)."""
    worst = 0.0
    for x in (-800.0, -30.0, -1.0, -1e-8, 0.0, 1e-8, 0.1, 1.0, 10.0, 40.0):
        with mpmath.workdps(80):
            s = 1 / (1 + mpmath.exp(-mpmath.mpf(x)))
            vs = [float(s * (1 + mpmath.mpf(r))) for r in (1e-12, -1e-9, 1e-3, -0.4, 0.9, 3.0, -0.9)] + [0.5, 1e-300]
        got = m.log_sigmoid_ratio(np.full(len(vs), x), np.array(vs))
        for v, g in zip(vs, got):
            with mpmath.workdps(80):
                exact = -mpmath.log(1 + mpmath.exp(-mpmath.mpf(x))) - mpmath.log(mpmath.mpf(v))
                if exact == 0:
                    assert g == 0
                    continue
                err = float(abs(mpmath.mpf(float(g)) - exact) / abs(exact))
                excuse = float(abs(mpmath.mpf(v) / (s - mpmath.mpf(v)))) if s != v else 0.0
            worst = max(worst, err / (1 + excuse))
    assert worst <= 8 * 2.2e-16, worst
    worst = 0.0
    for a in (-700.0, -1.0, 0.0, 3.0, 700.0):
        for q in (-745.0, -30.0, -1.0, -0.51, -0.49, -1e-3, -1e-9, 1e-12, 1e-9, 0.3, 0.5, 0.51, 2.0, 30.0, 700.0):
            g = float(m.exp_deviance(np.float64(a), np.float64(q)))
            with mpmath.workdps(80):
                A, Q = mpmath.mpf(a), mpmath.mpf(q)
                exact = mpmath.exp(A) * (mpmath.exp(-Q) - 1 + Q)
            if exact > mpmath.mpf("1.79e308"):
                assert g == math.inf, (a, q, g)
                continue
            if exact < mpmath.mpf("2.3e-308"):  # below float64's normal range: 0 or subnormal
                assert 0 <= g < 2.3e-308, (a, q, g)
                continue
            err = float(abs(mpmath.mpf(g) - exact) / exact) / (1 + abs(a) + abs(q))
            worst = max(worst, err)
    assert worst <= 8 * 2.2e-16, worst


@pytest.mark.parametrize("name", ["lbeta_exp_k", "lbeta_exp_v"])
def test_log_beta_sums_against_mpmath(name):
    """lbeta_exp_w + lbeta_exp_r (k = K(x) - p K(phi)) and lbeta_exp_d + lbeta_exp_w (v = Kt(x) - p Kt(phi)),
    each formed inside, over the grid of the lbeta_exp family (its branches at phi = 1, x = 1, 10 and
    y / x -> 0): relative error within 32 eps (1 + |a| + |b|) where the two terms each tend to +-y / phi
    (k) or -+1 (v); lbeta_exp_k with x in [1, 10), where K(x) - x cancels to 1/(12 x), within 3000 eps
    (about 1e-12 relative, measured 590). The reference needs ~2 max(|a|, |b|) / 2.3 digits beyond its
    70 (K(x) ~ x cancelling to 1 / x)."""
    f, big = {"lbeta_exp_k": (m.lbeta_exp_k, _K), "lbeta_exp_v": (m.lbeta_exp_v, _Kt)}[name]
    points = (-700.0, -50.0, -10.0, -1.0, -1e-3, -4.54e-5, 0.0, 1e-8, 0.5, math.log(2),
              math.log(8), math.log(10) - 1e-9, math.log(10), 3.0, 30.0, 700.0)
    a_grid, b_grid = np.meshgrid(np.array(points), np.array(points), indexing="ij")
    got = f(a_grid, b_grid)
    worst = (0.0, None)
    for i, a in enumerate(points):
        for j, b in enumerate(points):
            with mpmath.workdps(70 + int(2 * max(abs(a), abs(b)) / 2.3)):
                x, y = mpmath.exp(a), mpmath.exp(b)
                exact = big(x) - x / (x + y) * big(x + y)
                if abs(exact) < mpmath.mpf("2.3e-308"):
                    assert abs(got[i, j]) < 2.3e-308, (a, b, got[i, j], exact)
                    continue
                err = float(abs(mpmath.mpf(float(got[i, j])) - exact) / abs(exact)) / (1 + abs(a) + abs(b))
            err /= 3000 if (name == "lbeta_exp_k" and 0.0 <= a < math.log(10)) else 32
            if not err <= worst[0]:
                worst = (err, (a, b, got[i, j], float(exact)))
    assert worst[0] <= 2.2e-16, f"{name}: worst {worst[0]:.3g} (in units of its bound) at {worst[1]}"


def test_log_sigmoid_ratio_c_against_mpmath():
    """log(sigmoid(x) / (1 - y)) with y near sigmoid(-x) (float32 y: 1 - y formed in double), far from it,
    and y -> 0, 1: within 8 eps against the rounding of y itself, eps |y / (sigmoid(-x) - y)|."""
    worst = 0.0
    for x in (-30.0, -1.0, -1e-8, 0.0, 1e-8, 1.0, 10.0, 40.0):
        with mpmath.workdps(80):
            s = 1 / (1 + mpmath.exp(mpmath.mpf(x)))  # sigmoid(-x)
            ys = [float(s * (1 + mpmath.mpf(r))) for r in (1e-12, -1e-9, 1e-3, -0.4, 0.9, -0.9)] + [0.5, 1e-300, 1 - 2**-53]
        ys = [v for v in ys if v < 1]
        for dtype in (np.float64, np.float32):
            yv = np.array(ys).astype(dtype)
            got = m.log_sigmoid_ratio_c(np.full(len(ys), x, dtype=dtype), yv)
            assert got.dtype == dtype
            for v, g in zip(yv.astype(np.float64), got.astype(np.float64)):
                if v >= 1:
                    continue
                with mpmath.workdps(80):
                    V = mpmath.mpf(float(v))
                    exact = -mpmath.log(1 + mpmath.exp(-mpmath.mpf(x))) - mpmath.log(1 - V)
                    if exact == 0:
                        continue
                    eps = 2.2e-16 if dtype == np.float64 else 1.2e-7
                    err = float(abs(mpmath.mpf(float(g)) - exact) / abs(exact))
                    excuse = float(abs(V / (s - V))) if s != V else 0.0
                worst = max(worst, err / eps / (1 + excuse))
    assert worst <= 8, worst
