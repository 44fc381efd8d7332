"""The CUDA backend without a GPU (codegen/backends/cuda/kernels.py, codegen/backends/cuda/templates/cuda/family.cu.jinja).

* Text: every generated .cu names its declaration and template, has the kernels of
  every op for float and double, float code carries only float literals and calls.
* NVRTC: each family's .cu (both dtypes) compiles for sm_80 and sm_90 with no error
  and no warning (skipped, with the reason, when NVRTC is unavailable).
* Host check: the same .cu is compiled with g++ behind a shim (one block of one thread,
  so every grid-stride loop runs serially over all cases; -Wdouble-promotion -Werror
  keeps float code float), loaded with ctypes, and every kernel (nll, nll_reduce, grad,
  mean, fisher, factor and the three products, with mask and weight) is compared
  - with the NumPy classes (independently tested) at tolerances from finfo, and
  - in float64 with independent references: SciPy log densities, central differences
    of the nll kernel (gradient) and of the mean kernel (Fisher), T(y) from the
    declaration (mean = grad + T(y)), B B^T = F, and explicit matrix products.
"""
from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import references as ref  # noqa: E402

# Scalar and dense families; the coupled kernels have their own tests (test_cuda_coupled.py).
pytestmark = pytest.mark.families.with_args(lambda family: not family.is_vector)
from natloss.codegen.backends.cuda import kernels as cb  # noqa: E402
from natloss.codegen import driver  # noqa: E402
from natloss.codegen.nvrtc import compile_cuda, nvrtc_available  # noqa: E402
import cupy_host  # noqa: E402

HEADER_NAME = "natloss_math.cuh"
_SPECS: dict = {}
_FILES: dict = {}
_LIBS: dict = {}


def spec_of(family):
    if family.name not in _SPECS:
        _SPECS[family.name] = driver.compile_family(family)
    return _SPECS[family.name]


def supported_spec(family):
    spec = spec_of(family)
    if not cb.supported(spec):
        pytest.skip(f"{family.name}: {cb.unsupported_reason(spec)} (TODO)")
    return spec


def cu_text(family) -> str:
    if family.name not in _FILES:
        _FILES[family.name] = cb.cuda_backend_files(supported_spec(family))[f"cuda/{family.name}.cu"]
    return _FILES[family.name]


def math_header() -> str:
    return cb.math_header_text()


# ----------------------------------------------------------------------------- text
def test_generated_text(family):
    spec = supported_spec(family)
    text = cu_text(family)
    first = text.splitlines()[0]
    assert first.startswith(f"// generated from {family.source} by codegen/backends/cuda/templates/cuda/family.cu.jinja, do not edit"), first
    assert f'#include "{HEADER_NAME}"' in text
    assert "M_PI" not in text and "M_LN" not in text
    for name in cb.kernel_names(spec):
        assert f'extern "C" __global__ void {name}(' in text, name
    sections = re.split(r"^// =+ (float|double)$", text, flags=re.M)
    assert sections[1::2] == ["float", "double"], sections[1::2]
    float_part = sections[2].replace("double acc = 0.0;", "double acc;")  # the reduction accumulates in double
    assert "double" not in float_part.replace("static_cast<double>", "").replace("const double weight", "").replace(
        "double* __restrict__ partial", "").replace("__shared__ double buf", "").replace("double acc", ""), \
        "float section declares doubles beyond the reduction's accumulator"
    # a floating literal not followed by F (the lookahead rejects "0.5F")
    literal = r"(?<![\w.])(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][-+]?\d+)?(?![\w.])"
    bare = re.findall(literal, float_part)
    assert not bare, f"double literals in float code: {bare[:5]}"
    for fn in ("exp(", "log(", "sqrt(", "pow(", "expm1(", "log1p("):
        assert not re.search(rf"(?<![\w]){re.escape(fn)}", float_part), f"double {fn} in float code"


def test_printer_powers_and_primitives():
    import sympy as sp

    from natloss.codegen.primitives import log1mexp, sigmoid, softplus, xtrigamma_m1

    x, y = sp.symbols("x y", real=True)
    f32, f64 = cb.cuda_printer("f32"), cb.cuda_printer("f64")
    assert f32.doprint(x**2) == "(x*x)"
    assert f32.doprint(x / y**3) == "x/(y*y*y)"
    assert f32.doprint(1 / x) == "1.0F/x"
    assert f64.doprint(x**-2) == "1.0/(x*x)"
    assert f32.doprint(sp.sqrt(x)) == "sqrtf(x)"
    assert f32.doprint(x ** sp.Rational(3, 2)) == "(x*sqrtf(x))"
    assert f32.doprint(sp.Float(0.1) * x) == "0.1F*x"
    assert f64.doprint(sp.Rational(1, 3) * x) in ("0.3333333333333333*x", "(0.3333333333333333)*x")
    assert f32.doprint(sp.pi * x) == "3.1415927F*x"
    assert f32.doprint(softplus(x) + sigmoid(x) + log1mexp(-x) + xtrigamma_m1(x)) == \
        "nl_log1mexp(-x) + nl_sigmoid(x) + nl_softplus(x) + nl_xtrigamma_m1(x)"
    assert f32.doprint(sp.loggamma(x)) == "nl_lgamma(x)"
    assert f32.doprint(sp.log(sp.gamma(y))) == "nl_lgamma(y)"
    assert f64.doprint(sp.polygamma(0, x) * sp.polygamma(1, x)) == "nl_digamma(x)*nl_trigamma(x)"
    from sympy.codegen.cfunctions import expm1, log1p

    assert f32.doprint(expm1(x) + log1p(x)) == "expm1f(x) + log1pf(x)"
    assert f32.doprint(sp.exp(x) * sp.log(y)) == "expf(x)*logf(y)"


# ----------------------------------------------------------------------------- NVRTC
@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
def test_nvrtc_compiles(family, arch):
    ok, reason = nvrtc_available()
    if not ok:
        pytest.skip(f"NVRTC unavailable: {reason}")
    text = cu_text(family)
    result = compile_cuda(text, name=f"{family.name}.cu", arch=arch, headers={HEADER_NAME: math_header()})
    assert "warning" not in result.log.lower(), result.log
    assert result.ptx_or_cubin[:4] == b"\x7fELF"


GENERATED_CUDA = Path(__file__).resolve().parents[1] / "generated" / "cuda"
# The parametrizations the CUDA backend emits (a NumPy-only primitive keeps one out, with the
# reason: tests/test_cpu_backend.py checks which and why).
PARAMETRIZATIONS = [p for p in driver.builtin_parametrizations() if (GENERATED_CUDA / f"{p.name}.cu").exists()]


@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
@pytest.mark.parametrize("name", [p.name for p in PARAMETRIZATIONS])
def test_nvrtc_compiles_every_parametrization(name, arch):
    """Each parametrization's .cu (its natural ops in theta, and the true Hessian's hessian and
    hessian_product kernels), as built into generated/cuda (`natloss build --check` keeps it the
    build's output), compiles for both architectures with no warning; its float section has no
    double literal."""
    ok, reason = nvrtc_available()
    if not ok:
        pytest.skip(f"NVRTC unavailable: {reason}")
    text = (GENERATED_CUDA / f"{name}.cu").read_text()
    for op in cb.KERNEL_OPS + cb.PARAMETRIZED_OPS:
        for suffix in ("f32", "f64"):
            assert f'extern "C" __global__ void {name}_{op}_{suffix}(' in text, (op, suffix)
    float_part = re.split(r"^// =+ (float|double)$", text, flags=re.M)[2]
    float_part = float_part.replace("double acc = 0.0;", "double acc;")  # the reduction accumulates in double
    literal = r"(?<![\w.])(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][-+]?\d+)?(?![\w.])"
    assert not re.findall(literal, float_part), f"double literals in float code: {re.findall(literal, float_part)[:5]}"
    result = compile_cuda(text, name=f"{name}.cu", arch=arch, headers={HEADER_NAME: math_header()})
    assert "warning" not in result.log.lower(), result.log
    assert result.ptx_or_cubin[:4] == b"\x7fELF"


def test_nvrtc_compiles_the_source_cupy_loads():
    """What CuPy's RawModule gets: the generated .cu with natloss_math.cuh inlined (from the package)."""
    ok, reason = nvrtc_available()
    if not ok:
        pytest.skip(f"NVRTC unavailable: {reason}")
    from natloss.runtime.cupy_base import cuda_source

    for name in ("normal.cu", "binomial.cu"):
        code = cuda_source(name)
        assert "#include" not in code and "#pragma once" not in code
        compile_cuda(code, name=name, arch="sm_90")


# ------------------------------------------------------------------------ host build
# The shim and the stand-in for cupy live in tests/cupy_host.py (tests/test_user_family.py imports them from here).
SHIM = cupy_host.SHIM
FAKE_CUPY = cupy_host.FAKE_CUPY


def host_lib(family):
    if family.name in _LIBS:
        return _LIBS[family.name]
    gxx = shutil.which("g++")
    if gxx is None:
        pytest.skip("g++ not found: cannot build the host check of the generated kernels")
    import tempfile

    build = Path(tempfile.mkdtemp(prefix=f"natloss_cuda_host_{family.name}_"))
    (build / HEADER_NAME).write_text(math_header())
    (build / "family.cu").write_text(cu_text(family))
    (build / "shim.cpp").write_text(SHIM)
    lib = build / f"lib{family.name}_host.so"
    cmd = [gxx, "-O1", "-std=c++17", "-shared", "-fPIC", "-Wall", "-Wextra", "-Wdouble-promotion", "-Werror",
           "-Wno-unused-function", "-I", str(build), "-o", str(lib), str(build / "shim.cpp")]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(cmd)}\n{proc.stdout}\n{proc.stderr[-6000:]}"
    _LIBS[family.name] = ctypes.CDLL(str(lib))
    return _LIBS[family.name]


class HostKernels:
    """Calls the host-compiled kernels of one family and dtype through their signatures."""

    def __init__(self, family, dtype):
        self.spec = supported_spec(family)
        self.lib = host_lib(family)
        self.dtype = np.dtype(dtype)
        self.suffix = "f32" if self.dtype == np.float32 else "f64"
        self.real = ctypes.c_float if self.suffix == "f32" else ctypes.c_double

    def _ptr(self, x, keep):
        if x is None:
            return None
        a = np.ascontiguousarray(x, dtype=self.dtype)
        keep.append(a)
        return a.ctypes.data_as(ctypes.c_void_p)

    def __call__(self, op, inputs, n, mask=None, scale=1.0, weight=1.0, inner_shape=None):
        d = self.spec.dim
        keep, args, argtypes, outs = [], [], [], {}
        # Hyper-parameters come by declared name; the kernels' arguments use the generated locals.
        local = {public: loc for loc, public in self.spec.family.public_names.items()}
        inputs = {local.get(k, k): v for k, v in inputs.items()}
        for a in cb.kernel_signature(self.spec, op):
            if a.role == "n":
                args.append(n)
                argtypes.append(ctypes.c_longlong)
            elif a.role in ("param", "target", "vec", "entry", "uvec"):
                args.append(self._ptr(inputs[a.name], keep))
                argtypes.append(ctypes.c_void_p)
            elif a.role == "hyper":
                value = inputs[a.name]
                is_array = isinstance(value, np.ndarray)
                args += [self._ptr(value if is_array else None, keep), self.real(0.0 if is_array else value)]
                argtypes += [ctypes.c_void_p, self.real]
            elif a.role == "mask":
                args.append(self._ptr(mask, keep))
                argtypes.append(ctypes.c_void_p)
            elif a.role == "scale":
                args.append(self.real(scale))
                argtypes.append(self.real)
            elif a.role == "weight":
                args.append(ctypes.c_double(weight))
                argtypes.append(ctypes.c_double)
            elif a.role == "partial":
                out = np.zeros(1, dtype=np.float64)  # gridDim.x == 1 on the host
                outs["partial"] = out
                args.append(out.ctypes.data_as(ctypes.c_void_p))
                argtypes.append(ctypes.c_void_p)
            elif a.role in ("out", "outvec"):
                out = np.full(n * (d if a.role == "outvec" else 1), np.nan, dtype=self.dtype)
                outs[a.name] = out
                args.append(out.ctypes.data_as(ctypes.c_void_p))
                argtypes.append(ctypes.c_void_p)
        fn = getattr(self.lib, f"{self.spec.family.name}_{op}_{self.suffix}")
        fn.argtypes, fn.restype = argtypes, None
        fn(*args)
        return outs


# ------------------------------------------------------------------ the comparisons
BATCH = (48,)


def _tol(dtype):
    """(rtol, atol factor): relative to each value, plus a floor relative to the array's scale."""
    eps = np.finfo(dtype).eps
    return 256 * eps, 64 * eps


def assert_close(got, want, dtype, what):
    got, want = np.asarray(got, dtype=np.float64).ravel(), np.asarray(want, dtype=np.float64).ravel()
    rtol, afac = _tol(dtype)
    scale = np.max(np.abs(want)) if want.size else 0.0
    err = np.abs(got - want)
    bound = rtol * np.abs(want) + afac * scale
    bad = ~(err <= bound)
    assert not bad.any(), (
        f"{what} ({np.dtype(dtype).name}): {bad.sum()} of {bad.size} differ; worst at {int(np.argmax(err - bound))}:"
        f" got {got[np.argmax(err - bound)]!r}, want {want[np.argmax(err - bound)]!r} (rtol {rtol:.2g})"
    )


def _hyper_variants(family, hypers):
    """The given (scalar) hypers and, for families with hypers, per-case arrays."""
    yield "scalar", dict(hypers)
    if family.hypers:
        arrays = {}
        for h in family.hypers:
            step = (np.arange(BATCH[0]) % 3) * ref.per_case_step_sign(family, h)
            arrays[h.name] = (hypers[h.name] + step).astype(np.float64) if h.integer else \
                hypers[h.name] * (1.0 + 0.1 * step)
        yield "array", arrays


def _setup(family, hypers, dtype, seed=3, sample_hypers=None):
    """Parameters, targets (drawn with the scalar `sample_hypers`), mask, weight and the NumPy loss.

    Per-case hyper arrays are never below the scalar values, so the targets stay in the support.
    (The NumPy sampler does not take a float `trials` array: numpy's binomial needs integer n.)
    """
    cls = ref.loss_class(family)
    rng = np.random.default_rng(seed)
    params = ref.draw_params(family, BATCH, rng, dtype)
    loss0 = ref.make_loss(cls, params, sample_hypers if sample_hypers is not None else hypers)
    y = loss0.sample(seed + 1)
    mask = (rng.random(BATCH) < 0.7).astype(dtype)
    weight = 0.7
    loss = ref.make_loss(cls, params, hypers, targets=y, mask=mask, weight=weight)
    return params, y, mask, weight, loss


def _host_hypers(hypers, dtype):
    return {k: (v.astype(dtype) if isinstance(v, np.ndarray) else v) for k, v in hypers.items()}


def test_host_kernels_match_numpy(family, hypers, dtype):
    spec = supported_spec(family)
    k = HostKernels(family, dtype)
    d, n = spec.dim, int(np.prod(BATCH))
    for label, hyp in _hyper_variants(family, hypers):
        params, y, mask, weight, loss = _setup(family, _host_hypers(hyp, dtype), dtype, sample_hypers=hypers)
        yf = y.astype(dtype)
        inputs = dict(zip(spec.params, params)) | _host_hypers(hyp, dtype) | {spec.target: yf}
        what = f"{family.name}[{label} hypers]"

        assert_close(k("nll", inputs, n)["nll"], loss.nll(), dtype, f"{what} nll")
        total = k("nll_reduce", inputs, n, mask=mask, weight=weight)["partial"].sum()
        assert_close(total, loss.evaluate(), dtype, f"{what} evaluate")
        grads = k("grad", inputs, n, mask=mask, scale=weight)
        assert_close(np.stack([grads[f"grad{i}"] for i in range(d)]),
                     np.stack(ref.parts(loss.grad_of_evaluate(), d)), dtype, f"{what} grad")
        means = k("mean", inputs, n)
        assert_close(np.stack([means[f"mean{i}"] for i in range(d)]),
                     np.stack(ref.parts(loss.mean_sufficient_statistic(), d)), dtype, f"{what} mean")
        fisher = k("fisher", inputs, n)
        for name, want in zip(spec.fisher_entries, loss._fisher_entries()):
            assert_close(fisher[name], want, dtype, f"{what} {name}")
        factor = k("factor", inputs, n)
        for name, want in zip(spec.factor_entries, loss._factor_entries()):
            assert_close(factor[name], want, dtype, f"{what} {name}")

        rng = np.random.default_rng(7)
        v = [rng.standard_normal(BATCH).astype(dtype) for _ in range(d)]
        u = rng.standard_normal(loss.fisher_factor_inner_shape).astype(dtype)
        vin = {f"v{i}": v[i] for i in range(d)}
        out = k("fisher_product", fisher | vin, n, mask=mask, scale=weight)
        assert_close(np.stack([out[f"out{i}"] for i in range(d)]),
                     np.stack(ref.parts(loss.multiply_fisher(ref.public(v, d)), d)), dtype, f"{what} F v")
        out = k("factor_product", factor | {"u": u}, n, mask=mask, scale=np.sqrt(weight))
        assert_close(np.stack([out[f"out{i}"] for i in range(d)]),
                     np.stack(ref.parts(loss.multiply_fisher_factor(u), d)), dtype, f"{what} B u")
        out = k("factor_transpose_product", factor | vin, n, mask=mask, scale=np.sqrt(weight))
        assert_close(out["out"].reshape(loss.fisher_factor_inner_shape),
                     loss.multiply_fisher_factor_transpose(ref.public(v, d)), dtype, f"{what} B^T v")


def test_host_kernels_match_independent_references(family, hypers):
    """float64: SciPy densities, finite differences, T(y) from the declaration, B B^T = F."""
    spec = supported_spec(family)
    dtype = np.float64
    k = HostKernels(family, dtype)
    d, n = spec.dim, int(np.prod(BATCH))
    params, y, mask, weight, loss = _setup(family, hypers, dtype, seed=5)
    inputs = dict(zip(spec.params, params)) | dict(hypers) | {spec.target: y.astype(dtype)}
    nll = k("nll", inputs, n)["nll"]
    if family.name in ref.SCIPY_LOGPDF:
        want = -ref.SCIPY_LOGPDF[family.name](ref.params_dict(family, params), hypers, y)
        np.testing.assert_allclose(nll, want, rtol=1e-10, atol=1e-10 * np.max(np.abs(want)), err_msg="nll vs SciPy")

    # gradient: central differences of the nll kernel
    grads = k("grad", inputs, n)
    h_rel = np.finfo(dtype).eps ** (1 / 3)
    for i, p in enumerate(spec.params):
        h = h_rel * np.maximum(1.0, np.abs(params[i]))
        h = np.minimum(h, 0.25 * ref.distance_to_boundary(family.params[i].domain, params[i]))
        plus = k("nll", inputs | {p: params[i] + h}, n)["nll"]
        minus = k("nll", inputs | {p: params[i] - h}, n)["nll"]
        fd = (plus - minus) / (2 * h)
        np.testing.assert_allclose(grads[f"grad{i}"], fd, rtol=1e-6, atol=1e-6 * (1 + np.max(np.abs(fd))),
                                   err_msg=f"grad{i} vs central differences")

    # mean = grad + T(y), T from the declaration
    means = k("mean", inputs, n)
    t = ref.sufficient_statistic(family, y, hypers)
    for i in range(d):
        np.testing.assert_allclose(means[f"mean{i}"], grads[f"grad{i}"] + t[..., i], rtol=1e-12,
                                   atol=1e-12 * (1 + np.max(np.abs(t[..., i]))), err_msg=f"mean{i} vs grad + T(y)")

    # Fisher: the Jacobian of the mean (central differences of the mean kernel)
    fisher = k("fisher", inputs, n)
    F = np.zeros((n, d, d))
    for i in range(d):
        for j in range(d):
            F[:, i, j] = fisher[f"fisher_{min(i, j)}_{max(i, j)}"]
    for j, p in enumerate(spec.params):
        h = h_rel * np.maximum(1.0, np.abs(params[j]))
        h = np.minimum(h, 0.25 * ref.distance_to_boundary(family.params[j].domain, params[j]))
        plus = k("mean", inputs | {p: params[j] + h}, n)
        minus = k("mean", inputs | {p: params[j] - h}, n)
        for i in range(d):
            fd = (plus[f"mean{i}"] - minus[f"mean{i}"]) / (2 * h)
            np.testing.assert_allclose(F[:, i, j], fd, rtol=1e-6, atol=1e-6 * (1 + np.max(np.abs(fd))),
                                       err_msg=f"Fisher[{i},{j}] vs the Jacobian of the mean")

    # B B^T = F, with B lower triangular from the factor kernel
    factor = k("factor", inputs, n)
    B = np.zeros((n, d, d))
    for j, column in enumerate(spec.factor_columns):
        for i, name in enumerate(column):
            if name is not None:
                B[:, i, j] = factor[name]
    np.testing.assert_allclose(B @ np.swapaxes(B, 1, 2), F, rtol=1e-12, atol=1e-12 * np.max(np.abs(F)),
                               err_msg="B B^T vs F")

    # products: explicit matrices, weight and mask folded in
    rng = np.random.default_rng(9)
    v = rng.standard_normal((n, d))
    u = rng.standard_normal((n, d))
    vin = {f"v{i}": v[:, i] for i in range(d)}
    s = weight * mask
    r = np.sqrt(weight) * mask
    out = k("fisher_product", fisher | vin, n, mask=mask, scale=weight)
    np.testing.assert_allclose(np.stack([out[f"out{i}"] for i in range(d)], -1), s[:, None] * np.einsum("nij,nj->ni", F, v),
                               rtol=1e-13, atol=1e-13 * np.max(np.abs(F)) * 10, err_msg="F v")
    out = k("factor_product", factor | {"u": u}, n, mask=mask, scale=np.sqrt(weight))
    np.testing.assert_allclose(np.stack([out[f"out{i}"] for i in range(d)], -1), r[:, None] * np.einsum("nij,nj->ni", B, u),
                               rtol=1e-13, atol=1e-13 * np.max(np.abs(B)) * 10, err_msg="B u")
    out = k("factor_transpose_product", factor | vin, n, mask=mask, scale=np.sqrt(weight))
    np.testing.assert_allclose(out["out"].reshape(n, d), r[:, None] * np.einsum("nji,nj->ni", B, v),
                               rtol=1e-13, atol=1e-13 * np.max(np.abs(B)) * 10, err_msg="B^T v")
    # the reduction: weight * sum(mask * nll), accumulated in double
    total = k("nll_reduce", inputs, n, mask=mask, weight=weight)["partial"].sum()
    np.testing.assert_allclose(total, weight * np.sum(mask * nll), rtol=1e-13)


def test_package_files_skip_unsupported_structures(families):
    specs = [spec_of(f) for f in families]
    files = cb.cuda_package_files(specs)
    init = files["cupy/__init__.py"]
    for s in specs:
        listed = f'"{s.family.class_name}": "{s.family.name}"' in init
        assert listed == cb.supported(s), s.family.name
        assert bool(cb.cuda_backend_files(s)) == cb.supported(s)
    assert files["cuda/natloss_math.cuh"].startswith("// generated from ")


def test_cupy_package_imports_without_cupy():
    import importlib

    mod = importlib.import_module("natloss.generated.cupy")
    assert "NormalNegativeLogProbLoss" in mod.__all__
    try:
        import cupy  # noqa: F401
    except ImportError:
        from natloss.generated.cupy import NormalNegativeLogProbLoss  # the class imports without CuPy
        from natloss.generated.cupy import normal

        assert NormalNegativeLogProbLoss is normal.NormalNegativeLogProbLoss
        with pytest.raises(ImportError, match=r'pip install -e "\.\[cuda\]"'):  # building a loss needs it
            NormalNegativeLogProbLoss(np.zeros(3), -np.ones(3))


# ------------------------------------------------- the CuPy glue with a host "cupy"
def test_cupy_glue_on_host_with_a_fake_cupy(tmp_path):
    """tests/test_cupy_gpu.py, run against the host-compiled kernels through a NumPy-backed `cupy`."""
    if shutil.which("g++") is None:
        pytest.skip("g++ not found")
    try:
        import cupy  # noqa: F401

        pytest.skip("CuPy is installed: tests/test_cupy_gpu.py runs the real thing")
    except ImportError:
        pass
    cupy_host.write_fake_cupy(tmp_path)
    shim = cupy_host.host_shim()
    import os

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
               NATLOSS_FAKE_CUPY_SHIM=shim)
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                           str(root / "tests" / "test_cupy_gpu.py")], capture_output=True, text=True, env=env,
                          cwd=str(root), timeout=1200)
    assert proc.returncode == 0, proc.stdout[-8000:] + proc.stderr[-3000:]
    assert " passed" in proc.stdout and "no GPU" not in proc.stdout, proc.stdout[-3000:]


def test_cupy_printer_helpers_exist_in_cupy_base():
    # Every stable helper the NumPy printer knows has a CuPy form the CuPy printer can call.
    import natloss.runtime.cupy_base as cupy_base
    from natloss.codegen.backends.cuda.printer import CUPY_HELPERS
    from natloss.codegen.backends.numpy.printer import NUMPY_HELPERS

    assert set(CUPY_HELPERS) == set(NUMPY_HELPERS)
    for name, code in CUPY_HELPERS.items():
        module, attr = code.split(".")
        assert module in ("_cb", "cp"), (name, code)
        if module == "_cb":
            assert callable(getattr(cupy_base, attr, None)), f"natloss.runtime.cupy_base lacks {attr} (for {name})"


def test_a_primitive_without_a_cuda_name_skips_the_spec_naming_it(monkeypatch):
    """The rule, not a list of families: a spec is emitted only where every primitive its ops call
    (the sampler aside) has a CUDA name in codegen/functions.py; the CPU backend follows."""
    from natloss.codegen import functions
    from natloss.codegen.backends.cpu import context as cpu

    probit = {p.name: p for p in PARAMETRIZATIONS}["bernoulli_probit"]
    spec = driver.compile_family(probit)
    assert cb.supported(spec) and cpu.supported(spec)
    assert cb.missing_device_functions(spec) == []
    monkeypatch.setitem(functions.FUNCTIONS, "mills_shift", functions.BackendFunction("_m.mills_shift", None, declared=False))
    assert cb.missing_device_functions(spec) == ["mills_shift"]
    reason = cb.unsupported_reason(spec)
    assert reason is not None and "mills_shift" in reason
    assert not cpu.supported(spec) and "mills_shift" in cpu.unsupported_reason(spec)
    with pytest.warns(UserWarning, match="mills_shift"):
        assert cb.cuda_backend_files(spec) == {}
    files = cb.cuda_package_files([spec])
    assert "mills_shift" in files["cupy/__init__.py"] and "BernoulliProbitNegativeLogProbLoss\": " not in files["cupy/__init__.py"]
