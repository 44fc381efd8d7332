"""The CUDA/CuPy backend of the coupled (diag_rank_one) families (codegen/backends/cuda/coupled.py).

* NVRTC: each coupled family's .cu (float and double) compiles for sm_80 and sm_90 with no
  error and no warning (skipped, with the reason, when NVRTC is unavailable).
* Host check with real warps: the same .cu is compiled with g++ behind a shim in which every
  thread of a block is an OS thread, ``__shfl_xor_sync`` exchanges values between the 32
  lanes of a warp (two barriers per shuffle) and ``__syncthreads`` is a block barrier; the
  blocks of a grid run one after another. So the warp reductions, the online log-sum-exp
  merge across lanes, the grid-stride over rows and the block partial sums run as written.
  Every kernel is compared
  - with the NumPy classes (independently tested) at tolerances from finfo, for 2-D and
    3-D logits, K below and above the warp width, scalar and per-row hyper arrays, and
  - for the categorical, with closed forms in float64: p = softmax, F = diag(p) - p p^T,
    B = diag(sqrt p) - p sqrt(p)^T, nll = -log p_y, including logits of +-1e4 (float64)
    and +-1e3 (float32) and rows with p_argmax ~ 1 (no NaN or inf; -log p_argmax accurate).
* The CuPy classes (``test_gpu_*``) against the NumPy ones on a GPU; without one they skip
  with the reason, and ``test_cupy_glue_with_a_fake_cupy`` runs them against a NumPy-backed
  stand-in ``cupy`` whose RawModule compiles the kernels with the threaded host shim (this
  checks the kernel argument types and the glue of runtime/cupy_coupled.py).
"""
from __future__ import annotations

import ctypes
import importlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import references as ref  # noqa: E402
from natloss.codegen.backends.cuda import kernels as cb  # noqa: E402
from natloss.codegen.backends.cuda import coupled as cc  # noqa: E402
from natloss.codegen import driver  # noqa: E402
from natloss.codegen.components import is_coupled  # noqa: E402
from natloss.codegen.family import Support  # noqa: E402
from natloss.runtime.cupy_coupled import lane_group  # noqa: E402
from natloss.codegen.nvrtc import compile_cuda, nvrtc_available  # noqa: E402
from host_math_shim import HOST_MATH_EXTRA  # noqa: E402

coupled_only = pytest.mark.families.with_args(lambda f: is_coupled(f))
_SPECS: dict = {}
_TEXT: dict = {}
_LIBS: dict = {}


def spec_of(family):
    if family.name not in _SPECS:
        _SPECS[family.name] = driver.compile_family(family)
    spec = _SPECS[family.name]
    reason = cb.unsupported_reason(spec)
    if reason is not None:
        pytest.skip(f"{family.name}: {reason}")
    return spec


def cu_text(family) -> str:
    if family.name not in _TEXT:
        _TEXT[family.name] = cb.cuda_backend_files(spec_of(family))[f"cuda/{family.name}.cu"]
    return _TEXT[family.name]


# ----------------------------------------------------------------------------- text/NVRTC
@coupled_only
def test_generated_text(family):
    spec = spec_of(family)
    files = cb.cuda_backend_files(spec)
    text = files[f"cuda/{family.name}.cu"]
    assert text.startswith(f"// generated from {family.source} by codegen/backends/cuda/templates/cuda/coupled.cu.jinja, do not edit")
    assert files[f"cupy/{family.name}.py"].startswith(f"# generated from {family.source} by codegen/backends/cuda/templates/cupy/coupled.py.jinja")
    for name in cc.kernel_names(spec):
        assert f'extern "C" __global__ void {name}(' in text, name
    # The row reductions live once, in the shared header.
    assert '#include "natloss_coupled.cuh"' in text and "T nl_group_sum(" not in text
    assert "T nl_group_sum(" in cb.device_headers()["natloss_coupled.cuh"]
    sections = re.split(r"^// =+ (float|double)$", text, flags=re.M)
    assert sections[1::2] == ["float", "double"]
    float_part = sections[2].replace("double acc = 0.0;", "double acc;").replace("double total = 0.0;", "double total;")
    literal = r"(?<![\w.])(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][-+]?\d+)?(?![\w.])"
    assert not re.findall(literal, float_part), "double literals in float code"
    for fn in ("exp(", "log(", "sqrt(", "log1p(", "expm1("):
        assert not re.search(rf"(?<![\w]){re.escape(fn)}", float_part), f"double {fn} in float code"
    stripped = float_part.replace("static_cast<double>", "").replace("const double weight", "").replace(
        "double* __restrict__ partial", "").replace("__shared__ double buf", "").replace("double acc", "").replace(
        "double total", "")
    assert "double" not in stripped, "float section declares doubles beyond the reduction's accumulator"


@coupled_only
@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
def test_nvrtc_compiles(family, arch):
    ok, reason = nvrtc_available()
    if not ok:
        pytest.skip(f"NVRTC unavailable: {reason}")
    result = compile_cuda(cu_text(family), name=f"{family.name}.cu", arch=arch, headers=cb.device_headers())
    assert "warning" not in result.log.lower(), result.log
    assert result.ptx_or_cubin[:4] == b"\x7fELF"


def test_nvrtc_compiles_the_source_cupy_loads():
    ok, reason = nvrtc_available()
    if not ok:
        pytest.skip(f"NVRTC unavailable: {reason}")
    from natloss.runtime.cupy_base import cuda_source

    code = cuda_source("categorical.cu")
    assert "#include" not in code
    compile_cuda(code, name="categorical.cu", arch="sm_90")


def test_plans_use_one_pass_and_cached_stats(families):
    """The row statistics of the log-sum-exp families are one online pass; the products read the
    cached statistics (never the raw reductions again) and make one pass for r plus one to write."""
    for family in families:
        if not is_coupled(family):
            continue
        spec = driver.compile_family(family)
        plan = cc.plan_op(spec, "row_stats")
        assert len({plan.pass_of[i] for i in range(len(plan.reductions))}) == 1, family.name
        if "row_log1p" in spec.fisher_entries:
            assert [r.kind for r in plan.reductions] == ["lse"]
        if family.name == "dirichlet":  # max, the sums but the max (alpha, 1/trigamma), the s gaps
            assert [r.kind for r in plan.reductions] == ["max", "sum_excl_max", "sum_excl_max", "sum"]
        for op in ("fisher_product", "factor_product", "factor_transpose_product"):
            k = cc.coupled_kernel(spec, op, cc.StepPrinter("f64", "double"))
            assert k.kind == "rows" and len(k.passes) == 1 and k.final_loop, (family.name, op)
        for op in ("grad", "mean", "factor_column", "fisher_pieces"):
            assert cc.kernel_kind(spec, op) == "elements", (family.name, op)
        # Every row kernel that loops over the row also has a block-per-row variant.
        for op in cc.OPS:
            looping = cc.kernel_kind(spec, op) == "rows" and (op, "block") in cc.kernel_list(spec)
            if op in ("row_stats", "fisher_product", "factor_product", "factor_transpose_product"):
                assert looping, (family.name, op)
        if cc.class_index_targets(spec):
            assert ("nll", "block") not in cc.kernel_list(spec), "a gathered nll needs no block per row"
            # sum_k -shifted_k [k == y] is read at the class: no pass over the row, one int64 per row.
            for op in ("nll", "nll_reduce"):
                k = cc.coupled_kernel(spec, op, cc.StepPrinter("f64", "double"))
                assert not k.passes and f"const long long* __restrict__ in_{spec.target}" in k.params, (family.name, op)
                assert any("nl_class" in line for line in k.row_lines), (family.name, op)


def test_row_layout_choice():
    """auto: a warp per row below ROW_BLOCK_MIN_K, a block per row from it on; a bad value is named."""
    from types import SimpleNamespace

    from natloss.runtime import cupy_coupled as rc

    pick = rc.CuPyCoupledLoss._row_layout
    assert pick(SimpleNamespace(row_layout="auto", _K=rc.ROW_BLOCK_MIN_K - 1)) == "warp"
    assert pick(SimpleNamespace(row_layout="auto", _K=rc.ROW_BLOCK_MIN_K)) == "block"
    assert pick(SimpleNamespace(row_layout="warp", _K=10**6)) == "warp"
    assert pick(SimpleNamespace(row_layout="block", _K=3)) == "block"
    with pytest.raises(ValueError, match=r"row_layout: expected one of .* got 'rows'"):
        pick(SimpleNamespace(row_layout="rows", _K=3))
    assert rc.row_grid(10, "block") == 10 and rc.row_grid(10, "warp") == 2
    assert rc.row_grid(10**6, "block") == 65535
    assert [rc.lane_group(K) for K in (1, 2, 3, 10, 16, 17, 32, 1000)] == [1, 2, 4, 16, 16, 32, 32, 32]
    assert rc.row_grid(64, "warp", 4) == 1 and rc.row_grid(65, "warp", 4) == 2  # 8 warps x 8 rows per block


# ---------------------------------------------------------------------------- host shim
SHIM = r"""// Host shim: the generated CUDA as C++ with real 32-lane warps. Every thread of a block is
// an OS thread; __shfl_xor_sync exchanges through per-thread slots between two barriers of
// the warp; __syncthreads is a block barrier; the blocks of a grid run one after another.
#include <cmath>
#include <math.h>
#include <barrier>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>
#define __device__
#define __forceinline__ inline
#define __global__
#define __shared__ static
struct nl_host_dim3 { unsigned int x; };
static thread_local nl_host_dim3 threadIdx = {0}, blockIdx = {0};
static nl_host_dim3 blockDim = {32}, gridDim = {1};
static std::unique_ptr<std::barrier<>> nl_host_block_barrier;
static std::vector<std::unique_ptr<std::barrier<>>> nl_host_warp_barriers;
static unsigned char nl_host_slots[1024][8];
static inline void __syncthreads() { nl_host_block_barrier->arrive_and_wait(); }
template <typename T> static inline T __shfl_xor_sync(unsigned int, T v, int offset)
{
    static_assert(sizeof(T) <= 8, "8-byte slots");
    const unsigned int t = threadIdx.x;
    std::barrier<>& bar = *nl_host_warp_barriers[t / 32];
    std::memcpy(nl_host_slots[t], &v, sizeof(T));
    bar.arrive_and_wait();
    T r;
    std::memcpy(&r, nl_host_slots[t ^ static_cast<unsigned int>(offset)], sizeof(T));
    bar.arrive_and_wait();
    return r;
}
static inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, sizeof f); return f; }
static inline double __longlong_as_double(long long i) { double d; std::memcpy(&d, &i, sizeof d); return d; }
template <typename F> static void nl_host_launch(unsigned int grid, unsigned int block, F f)
{
    blockDim.x = block;
    gridDim.x = grid;
    for (unsigned int b = 0; b < grid; ++b) {
        nl_host_block_barrier = std::make_unique<std::barrier<>>(block);
        nl_host_warp_barriers.clear();
        for (unsigned int w = 0; w < block / 32; ++w) {
            nl_host_warp_barriers.push_back(std::make_unique<std::barrier<>>(32));
        }
        std::vector<std::thread> threads;
        for (unsigned int t = 0; t < block; ++t) {
            threads.emplace_back([=] { threadIdx.x = t; blockIdx.x = b; f(); });
        }
        for (auto& th : threads) {
            th.join();
        }
    }
}
using ::expf; using ::logf; using ::log1pf; using ::expm1f; using ::lgammaf; using ::sqrtf; using ::powf;
using ::fmaf; using ::fabsf; using ::ceilf; using ::nanf; using ::tgammaf; using ::fmaxf;
{HOST_MATH_EXTRA}
""".replace("{HOST_MATH_EXTRA}", HOST_MATH_EXTRA)


def kernel_decls(text: str) -> dict:
    """name -> [(C type, is pointer, parameter name)] of every extern "C" kernel."""
    out = {}
    for m in re.finditer(r'extern "C" __global__ void (\w+)\((.*?)\)\n\{', text, re.S):
        params = []
        for decl in m.group(2).split(","):
            decl = decl.strip().replace("__restrict__", "").replace("const ", "")
            pointer = "*" in decl
            words = decl.replace("*", " ").split()
            params.append((" ".join(words[:-1]), pointer, words[-1]))
        out[m.group(1)] = params
    return out


def host_wrappers(text: str) -> str:
    """extern "C" host_<kernel>(grid, block, args...) launching the kernel on host threads."""
    lines = []
    for name, params in kernel_decls(text).items():
        decls = ", ".join(f"{'const ' if not p else ''}{t}{'*' if p else ''} {n}" for t, p, n in params)
        call = ", ".join(n for _, _, n in params)
        lines.append(f'extern "C" void host_{name}(unsigned int nl_grid, unsigned int nl_block, {decls})'
                     f" {{ nl_host_launch(nl_grid, nl_block, [=] {{ {name}({call}); }}); }}")
    return "\n".join(lines) + "\n"


def build_host(code: str, tag: str, strict: bool = True):
    gxx = shutil.which("g++")
    if gxx is None:
        pytest.skip("g++ not found: cannot build the host check of the generated kernels")
    build = Path(tempfile.mkdtemp(prefix=f"natloss_coupled_{tag}_"))
    for name, text in cb.device_headers().items():
        (build / name).write_text(text)
    (build / "family.cu").write_text(code)
    (build / "shim.cpp").write_text(SHIM + '#include "family.cu"\n' + host_wrappers(code))
    lib = build / f"lib{tag}.so"
    cmd = [gxx, "-O1", "-std=c++20", "-pthread", "-shared", "-fPIC", "-I", str(build), "-o", str(lib), str(build / "shim.cpp")]
    if strict:
        cmd[3:3] = ["-Wall", "-Wextra", "-Wdouble-promotion", "-Werror", "-Wno-unused-function"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(cmd)}\n{proc.stderr[-6000:]}"
    return ctypes.CDLL(str(lib))


def host_lib(family):
    if family.name not in _LIBS:
        _LIBS[family.name] = build_host(cu_text(family), family.name)
    return _LIBS[family.name]


class HostKernels:
    """Calls the host-built kernels of one family and dtype by their parameter names."""

    GRID, BLOCK = 2, 64  # 4 warps: rows and elements are grid-strided

    def __init__(self, family, dtype, layout="warp", group=None):
        self.spec = spec_of(family)
        self.lib = host_lib(family)
        self.decls = kernel_decls(cu_text(family))
        self.dtype = np.dtype(dtype)
        self.suffix = "f32" if self.dtype == np.float32 else "f64"
        self.layout = layout  # row kernels: lane groups in a warp, or a block (of 2 warps here) per row
        self.group = group  # lanes per row in the warp layout (default: lane_group(K), as the CuPy classes)

    def __call__(self, op, rows, K, inputs, mask=None, scale=1.0, weight=1.0, column=0):
        name = f"{self.spec.family.name}_{op}_{self.suffix}"
        block = f"{self.spec.family.name}_{op}_rowblock_{self.suffix}"
        if self.layout == "block" and block in self.decls:  # row kernels that loop over the row
            name = block
        keep, args, types, outs = [], [self.GRID, self.BLOCK], [ctypes.c_uint, ctypes.c_uint], {}
        ctype = {"float": ctypes.c_float, "double": ctypes.c_double, "long long": ctypes.c_longlong}
        # Inputs come by declared name; the kernels' arguments use the generated code's locals.
        local = {public: loc for loc, public in self.spec.family.public_names.items()}
        inputs = {local.get(k, k): v for k, v in inputs.items()}
        for t, pointer, pname in self.decls[name]:
            if pointer:
                types.append(ctypes.c_void_p)
                if pname == "partial":
                    a = np.zeros(self.GRID, dtype=np.float64)
                    outs["partial"] = a
                elif pname.startswith("out_"):
                    size = rows if pname[4:] in self.spec.fisher_entries or pname == "out_nll" else rows * K
                    a = np.full(size, np.nan, dtype=self.dtype)
                    outs[pname[4:]] = a
                elif pname == "mask":
                    a = None if mask is None else np.ascontiguousarray(mask, dtype=self.dtype).ravel()
                else:
                    value = inputs[pname[3:]]
                    kind = np.int64 if t == "long long" else self.dtype  # class-index targets are int64
                    a = None if not isinstance(value, np.ndarray) else np.ascontiguousarray(value, kind).ravel()
                keep.append(a)
                args.append(None if a is None else a.ctypes.data_as(ctypes.c_void_p))
            else:
                types.append(ctype[t])
                if pname == "rows":
                    args.append(rows)
                elif pname == "K":
                    args.append(K)
                elif pname == "group":
                    args.append(self.group if self.group is not None else lane_group(K))
                elif pname == "column":
                    args.append(column)
                elif pname == "scale":
                    args.append(scale)
                elif pname == "weight":
                    args.append(weight)
                elif pname.endswith("_value"):
                    value = inputs[pname[:-6]]
                    args.append(0.0 if isinstance(value, np.ndarray) else float(value))
                else:
                    raise AssertionError(pname)
        fn = getattr(self.lib, f"host_{name}")
        fn.argtypes, fn.restype = types, None
        fn(*args)
        return outs


# ---------------------------------------------------------------------------- comparisons
def _tol(dtype):
    eps = np.finfo(dtype).eps
    return 256 * eps, 64 * eps


def assert_close(got, want, dtype, what, terms=None):
    """|got - want| <= rtol |want| + afac * scale; scale is max |want|, or per element the size of
    the terms the value is a sum of (`terms`), where the sum cancels."""
    got = np.asarray(got, dtype=np.float64).ravel()
    want = np.broadcast_to(np.asarray(want, dtype=np.float64), np.shape(want)).ravel()
    assert got.shape == want.shape, f"{what}: {got.shape} != {want.shape}"
    assert np.all(np.isfinite(got)), f"{what}: non-finite values {got[~np.isfinite(got)][:5]}"
    rtol, afac = _tol(dtype)
    scale = np.max(np.abs(want)) if want.size else 0.0
    if terms is not None:
        scale = np.maximum(scale, 4 * np.asarray(terms, dtype=np.float64).ravel())
    err = np.abs(got - want)
    bound = rtol * np.abs(want) + afac * scale
    bad = ~(err <= bound)
    worst = int(np.argmax(err - bound)) if want.size else 0
    assert not bad.any(), (f"{what} ({np.dtype(dtype).name}): {bad.sum()} of {bad.size} differ; worst at {worst}:"
                           f" got {got[worst]!r}, want {want[worst]!r}")


def _numpy_loss(family, params, hypers, dtype, seed, batch):
    cls = ref.loss_class(family)
    rng = np.random.default_rng(seed)
    y = ref.make_loss(cls, params, hypers).sample(seed + 1)
    mask = (rng.random(batch) < 0.7).astype(dtype)
    return ref.make_loss(cls, params, hypers, targets=y, mask=mask, weight=0.7), mask


def _cases(family, hypers, dtype):
    """(label, batch, K, hypers): 2-D and 3-D logits, K below and above the warp width, per-row hyper arrays."""
    yield "2d-K3", (48,), 3, dict(hypers)
    yield "3d-K6", (4, 5), 6, dict(hypers)
    yield "2d-K70", (9,), 70, dict(hypers)
    if family.hypers:
        batch = (12, 2)
        h = {x.name: (hypers[x.name] + np.arange(24).reshape(batch) % 3).astype(dtype) for x in family.hypers}
        yield "per-row hypers", batch, 5, h


@coupled_only
@pytest.mark.parametrize("layout,group", [("warp", None), ("warp", 32), ("warp", 2), ("block", None)],
                         ids=["warp-auto-group", "warp-32", "warp-group-2", "block"])
def test_host_kernels_match_numpy(family, hypers, dtype, layout, group):
    spec = spec_of(family)
    k = HostKernels(family, dtype, layout, group)
    x = spec.params[0]
    for label, batch, K, hyp in _cases(family, hypers, dtype):
        what = f"{family.name}[{label}]"
        rng = np.random.default_rng(11)
        params = [ref.draw_param(family.params[0].domain, rng, batch + (K,)).astype(dtype)]
        loss, mask = _numpy_loss(family, params, hyp, dtype, 3, batch)
        rows = int(np.prod(batch))
        hin = {h: (v.reshape(-1) if isinstance(v, np.ndarray) else v) for h, v in hyp.items()}
        base = {x: params[0]} | hin
        stats = k("row_stats", rows, K, base)
        for name, want in zip(spec.fisher_entries, loss._row_stats_cached()):
            assert_close(stats[name], want, dtype, f"{what} {name}")
        y = loss._require_targets(None)  # class indices stay int64 indices
        inputs = base | stats | {spec.target: y}
        assert_close(k("nll", rows, K, inputs)["nll"], loss.nll(), dtype, f"{what} nll")
        total = k("nll_reduce", rows, K, inputs, mask=mask, weight=0.7)["partial"].sum()
        assert_close(total, loss.evaluate(), dtype, f"{what} evaluate")
        assert_close(k("grad", rows, K, inputs, mask=mask, scale=0.7)["grad0"], loss.grad_of_evaluate(), dtype,
                     f"{what} grad")
        assert_close(k("mean", rows, K, inputs)["mean0"], loss.mean_sufficient_statistic(), dtype, f"{what} mean")
        v = rng.standard_normal(batch + (K,)).astype(dtype)
        u = rng.standard_normal(batch + (K,)).astype(dtype)
        s = np.sqrt(0.7)
        assert_close(k("fisher_product", rows, K, inputs | {"v0": v}, mask=mask, scale=0.7)["out0"],
                     loss.multiply_fisher(v), dtype, f"{what} F v")
        assert_close(k("factor_product", rows, K, inputs | {"u0": u}, mask=mask, scale=s)["out0"],
                     loss.multiply_fisher_factor(u), dtype, f"{what} B u")
        assert_close(k("factor_transpose_product", rows, K, inputs | {"v0": v}, mask=mask, scale=s)["out0"],
                     loss.multiply_fisher_factor_transpose(v), dtype, f"{what} B^T v")
        for column in (0, K - 1):
            got = k("factor_column", rows, K, inputs, column=column)["out0"]
            assert_close(got, loss._factor_column((Ellipsis,), column)[0], dtype, f"{what} B e_{column}")
        pieces = k("fisher_pieces", rows, K, inputs)
        want = loss.per_case_fisher(weighted=False)
        for name, w in zip(cc.FISHER_PIECES, (want.diag, want.u, want.c[..., None], want.diagonal)):
            assert_close(pieces[name], np.broadcast_to(w, batch + (K,)), dtype, f"{what} per_case_fisher {name}")


def _categorical_reference(x):
    """float64 closed forms from the (float32 or float64) logits."""
    x = np.asarray(x, dtype=np.float64)
    z = x - x.max(axis=-1, keepdims=True)  # exact where it matters (Sterbenz), so huge logits keep p accurate
    logp = z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
    p = np.exp(logp)
    F = np.einsum("...i,ij->...ij", p, np.eye(x.shape[-1])) - p[..., :, None] * p[..., None, :]
    B = np.einsum("...i,ij->...ij", np.sqrt(p), np.eye(x.shape[-1])) - p[..., :, None] * np.sqrt(p)[..., None, :]
    return logp, p, F, B


def _mp_nll(x, y):
    """-log softmax(x)_y at 50 digits (mpmath), so a tiny -log p_argmax is resolved."""
    import mpmath

    rows = np.asarray(x, dtype=np.float64).reshape(-1, x.shape[-1])
    out = []
    with mpmath.workdps(50):
        for r, j in zip(rows, np.ravel(y)):
            a = int(np.argmax(r))
            m = mpmath.mpf(float(r[a]))
            tail = mpmath.fsum(mpmath.exp(mpmath.mpf(float(v)) - m) for i, v in enumerate(r) if i != a)
            out.append(float(mpmath.log1p(tail) - (mpmath.mpf(float(r[j])) - m)))
    return np.array(out)


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
@pytest.mark.parametrize("case", ["moderate", "huge", "near-one", "3d"])
@pytest.mark.parametrize("layout", ["warp", "block"])
def test_host_categorical_closed_forms(dtype, case, layout):
    family = next(f for f in driver.builtin_families() if f.name == "categorical")
    spec_of(family)
    k = HostKernels(family, dtype, layout)
    rng = np.random.default_rng(5)
    K = 7
    batch = {"3d": (3, 4)}.get(case, (40,))
    if case == "moderate":
        x = rng.normal(0, 3, batch + (K,))
    elif case == "huge":
        big = 1e4 if dtype == np.float64 else 1e3
        x = rng.choice([-big, big], batch + (K,)) * rng.uniform(0.5, 1.0, batch + (K,))
        x[0] = big  # all tied
        x[1, :3] = big  # three tied maxima
    elif case == "near-one":
        x = rng.normal(0, 1, batch + (K,))
        x[..., 2] += rng.uniform(10, 30 if dtype == np.float64 else 14, batch)  # p_2 ~ 1
    else:
        x = rng.normal(0, 2, batch + (K,))
    x = x.astype(dtype)
    rows = int(np.prod(batch))
    logp, p, F, B = _categorical_reference(x)
    stats = k("row_stats", rows, K, {"logits": x})
    y = np.argmax(x, axis=-1) if case != "moderate" else rng.integers(0, K, batch)
    onehot = (y[..., None] == np.arange(K)).astype(dtype)
    inputs = {"logits": x, "y": y} | stats
    nll = k("nll", rows, K, inputs)["nll"]
    want = _mp_nll(x, y)
    eps = np.finfo(dtype).eps
    # -log p_y accurate relative to itself (p_argmax ~ 1 included), down to the subnormal range
    np.testing.assert_allclose(nll, want.ravel(), rtol=64 * eps, atol=np.finfo(dtype).tiny,
                               err_msg=f"{case}: nll vs -log softmax")
    assert_close(k("mean", rows, K, inputs)["mean0"], p, dtype, f"{case} mean")
    v = rng.standard_normal(batch + (K,)).astype(dtype)
    # F v = p v - p (p.v) etc. cancel where p_argmax ~ 1: the floor is the size of the terms.
    sq, pv, sv = np.sqrt(p), np.sum(p * v, -1, keepdims=True), np.sum(np.sqrt(p) * v, -1, keepdims=True)
    assert_close(k("fisher_product", rows, K, inputs | {"v0": v})["out0"], np.einsum("...ij,...j->...i", F, v),
                 dtype, f"{case} F v", terms=np.abs(p * v) + p * np.abs(pv))
    assert_close(k("factor_product", rows, K, inputs | {"u0": v})["out0"], np.einsum("...ij,...j->...i", B, v),
                 dtype, f"{case} B u", terms=np.abs(sq * v) + p * np.abs(sv))
    assert_close(k("factor_transpose_product", rows, K, inputs | {"v0": v})["out0"],
                 np.einsum("...ji,...j->...i", B, v), dtype, f"{case} B^T v", terms=sq * (np.abs(v) + np.abs(pv)))
    for column in (0, 2, K - 1):
        assert_close(k("factor_column", rows, K, inputs, column=column)["out0"], B[..., :, column], dtype,
                     f"{case} B e_{column}", terms=sq + p * sq[..., column:column + 1])
    grad = k("grad", rows, K, inputs)["grad0"]
    assert_close(grad, p - onehot, dtype, f"{case} grad", terms=p + onehot)
    # per_case_fisher's pieces: D = u = p, c = -1, and F's diagonal p (1 - p) accurate at p ~ 1
    pieces = k("fisher_pieces", rows, K, inputs)
    for name, want in (("fisher_diag", p), ("fisher_u", p), ("fisher_c", np.full_like(p, -1.0))):
        assert_close(pieces[name], want, dtype, f"{case} per_case_fisher {name}")
    # F_kk = p_k (1 - p_k) with 1 - p_k = sum_{j != k} p_j summed directly (p - p^2 cancels at p ~ 1,
    # in the float64 reference too)
    others = np.einsum("...j,kj->...k", p, 1 - np.eye(K))
    kk = pieces["fisher_kk"].reshape(p.shape)
    np.testing.assert_allclose(kk, p * others, rtol=64 * np.finfo(dtype).eps,
                               atol=np.finfo(dtype).tiny, err_msg=f"{case}: F's diagonal entry by entry")



def _accuracy_coupled():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "accuracy_coupled.py"
    spec = importlib.util.spec_from_file_location("accuracy_coupled", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["float32", "float64"])
def test_host_products_on_basis_vectors(dtype):
    """The kernels' F e_j, B e_j, B^T e_j, entry by entry against mpmath (and F v, B u, B^T v
    componentwise against |M| |v|), at margins of the
    largest logit up to 700 (float64) / 80 (float32) and Dirichlet rows dominated by one alpha
    (benchmarks/accuracy_coupled.py's measurement with the host-built kernels as the products).
    Fewer margins than the NumPy test and the block layout for the categorical only, to stay
    fast (the host runs every GPU thread as an OS thread); the block layout's per-element
    steps are those of the warp layout, after its own reduction."""
    acc = _accuracy_coupled()
    families = {f.name: f for f in driver.builtin_families() if f.is_vector}
    for name, layout in [(name, "warp") for name in acc.FAMILIES] + [("categorical", "block")]:
        k = HostKernels(families[name], dtype, layout)
        param = k.spec.params[0]
        hypers = {"trials": float(acc.TRIALS)} if name == "multinomial" else {}

        def products(family, x, v, k=k, param=param, hypers=hypers):
            rows, K = x.shape
            inputs = {param: x} | hypers
            inputs |= k("row_stats", rows, K, inputs)
            out = [np.empty((rows, K, K), dtype=x.dtype) for _ in range(3)]
            for j in range(K):
                e = np.zeros_like(x)
                e[:, j] = 1
                out[0][..., j] = k("fisher_product", rows, K, inputs | {"v0": e})["out0"].reshape(rows, K)
                out[1][..., j] = k("factor_product", rows, K, inputs | {"u0": e})["out0"].reshape(rows, K)
                out[2][..., j] = k("factor_transpose_product", rows, K, inputs | {"v0": e})["out0"].reshape(rows, K)
            return tuple(out) + tuple(k(op, rows, K, inputs | {name: v})["out0"].reshape(rows, K) for op, name in (
                ("fisher_product", "v0"), ("factor_product", "u0"), ("factor_transpose_product", "v0")))

        margins = (0, 18, 40, 700) if dtype == np.float64 else (0, 10, 18, 80)
        for label, errs in acc.measure_basis(name, dtype, products, margins):
            for op, err in errs.items():
                assert err <= acc.TARGET[dtype], f"{name} {layout} {label}: {op} worst error {err:.2e}"


# ------------------------------------------------------------------------ the CuPy classes
def _gpu():
    try:
        import cupy as cp

        if cp.cuda.runtime.getDeviceCount() < 1:
            raise RuntimeError("cupy.cuda.runtime.getDeviceCount() is 0")
    except Exception as exc:  # ImportError, CUDARuntimeError without a driver, ...
        pytest.skip(f"no GPU: {type(exc).__name__}: {exc}")
    return cp


def _cupy_class(family):
    return getattr(importlib.import_module(f"natloss.generated.cupy.{family.name}"), family.class_name)


def _get(x, cp):
    if isinstance(x, tuple):
        return tuple(_get(p, cp) for p in x)
    return cp.asnumpy(x) if isinstance(x, cp.ndarray) else np.asarray(x)


@coupled_only
@pytest.mark.parametrize("layout", ["warp", "block"])
def test_gpu_matches_numpy(family, hypers, dtype, layout):
    cp = _gpu()
    spec_of(family)
    for label, batch, K, hyp in _cases(family, hypers, dtype):
        what = f"{family.name}[{label}]"
        rng = np.random.default_rng(2)
        params = [ref.draw_param(family.params[0].domain, rng, batch + (K,)).astype(dtype)]
        a, mask = _numpy_loss(family, params, hyp, dtype, 3, batch)
        b = ref.make_loss(_cupy_class(family), [cp.asarray(params[0])],
                          {h: (cp.asarray(v) if isinstance(v, np.ndarray) else v) for h, v in hyp.items()},
                          targets=cp.asarray(a.targets), mask=cp.asarray(mask), weight=0.7)
        b.row_layout = layout
        assert type(b).__name__ == type(a).__name__
        for name, fn in [("nll", lambda L: L.nll()), ("log_prob", lambda L: L.log_prob()),
                         ("evaluate", lambda L: L.evaluate()), ("grad", lambda L: L.grad_of_evaluate()),
                         ("mean", lambda L: L.mean_sufficient_statistic())]:
            got, want = _get(fn(b), cp), fn(a)
            assert np.shape(got) == np.shape(want) and got.dtype == np.dtype(dtype), (what, name, got.dtype)
            assert_close(got, want, dtype, f"{what} {name}")
        v = rng.standard_normal(batch + (K,)).astype(dtype)
        for prefix in ("fisher", "hessian", "ggn"):
            for suffix in ("", "_factor", "_factor_transpose"):
                method = f"multiply_{prefix}{suffix}"
                got = _get(getattr(b, method)(cp.asarray(v)), cp)
                assert_close(got, getattr(a, method)(v), dtype, f"{what} {method}")
        index = (1,) * (len(batch) - 1) + (K - 1,)
        # (The NumPy class's _factor_column does not select per-row hyper arrays by `rows`: build the
        # reference from all rows instead.)
        slots = (slice(None),) + index[:-1]
        want = np.zeros(batch + (K,), dtype=dtype)
        want[slots] = (a._factor_column((Ellipsis,), index[-1])[0] * np.sqrt(0.7) * mask[..., None])[slots]
        assert_close(_get(b.multiply_fisher_factor_replicated_one_hot(index), cp), want, dtype,
                     f"{what} replicated one-hot")
        assert_close(_get(b._factor_product(cp.asarray(v), b._unit_weighting()), cp), a._factor_product(v, a._unit_weighting()),
                     dtype, f"{what} _factor_product")
        assert_close(_get(b._factor_transpose_product((cp.asarray(v),), b._unit_weighting()), cp),
                     a._factor_transpose_product((v,), a._unit_weighting()), dtype, f"{what} _factor_transpose_product")
        assert b._row_stats_cached() is b._row_stats_cached(), "row statistics are cached per instance"
        for weighted in (True, False):
            got, want = b.per_case_fisher(weighted), a.per_case_fisher(weighted)
            for name in ("diag", "u", "c", "diagonal"):
                assert_close(_get(getattr(got, name), cp), getattr(want, name), dtype, f"{what} per_case_fisher {name}")


@coupled_only
def test_gpu_per_case_weights(family, dtype):
    """weight as an array of the batch shape (one per row; zeros included): the kernels run with
    scale 1 and the CuPy side multiplies by w_row (sqrt for the factor); the NumPy class is the reference."""
    cp = _gpu()
    spec_of(family)
    hypers = {h.name: h.default for h in family.hypers}
    rng = np.random.default_rng(6)
    batch, K = (4, 5), 6
    x = ref.draw_param(family.params[0].domain, rng, batch + (K,)).astype(dtype)
    w = rng.uniform(0, 3, batch)
    w[0, 0] = 0.0
    mask = (rng.random(batch) < 0.7).astype(dtype)
    np_cls = ref.loss_class(family)
    y = ref.make_loss(np_cls, [x], hypers).sample(2)
    a = ref.make_loss(np_cls, [x], hypers, targets=y, mask=mask, weight=w)
    b = ref.make_loss(_cupy_class(family), [cp.asarray(x)], hypers, targets=cp.asarray(y), mask=cp.asarray(mask),
                      weight=cp.asarray(w))
    what = f"{family.name}[per-case weights]"
    assert_close(_get(b.evaluate(), cp), a.evaluate(), dtype, f"{what} evaluate")
    assert_close(_get(b.grad_of_evaluate(), cp), a.grad_of_evaluate(), dtype, f"{what} grad")
    v = rng.standard_normal(batch + (K,)).astype(dtype)
    for method in ("multiply_fisher", "multiply_fisher_factor", "multiply_fisher_factor_transpose",
                   "multiply_ggn", "multiply_hessian"):
        assert_close(_get(getattr(b, method)(cp.asarray(v)), cp), getattr(a, method)(v), dtype, f"{what} {method}")
    index = (1, K - 1)
    assert_close(_get(b.multiply_fisher_factor_replicated_one_hot(index), cp),
                 a.multiply_fisher_factor_replicated_one_hot(index), dtype, f"{what} replicated one-hot")
    got, want = b.per_case_fisher(), a.per_case_fisher()
    for name in ("diag", "u", "c", "diagonal"):
        assert_close(_get(getattr(got, name), cp), getattr(want, name), dtype, f"{what} per_case_fisher {name}")


@coupled_only
def test_gpu_non_contiguous_and_empty(family, dtype):
    cp = _gpu()
    hypers = {h.name: h.default for h in family.hypers}
    rng = np.random.default_rng(4)
    x = ref.draw_param(family.params[0].domain, rng, (20, 8)).astype(dtype)
    np_cls, cp_cls = ref.loss_class(family), _cupy_class(family)
    y = ref.make_loss(np_cls, [x[::2, ::2]], hypers).sample(5)
    a = ref.make_loss(np_cls, [x[::2, ::2]], hypers, targets=y, weight=2.0)
    b = ref.make_loss(cp_cls, [cp.asarray(x)[::2, ::2]], hypers, targets=cp.asarray(y), weight=2.0)
    assert_close(_get(b.evaluate(), cp), a.evaluate(), dtype, "strided evaluate")
    v = np.ascontiguousarray(rng.standard_normal((20, 8))[::2, ::2]).astype(dtype)
    assert_close(_get(b.multiply_fisher(cp.asarray(v)), cp), a.multiply_fisher(v), dtype, "strided F v")
    e = ref.make_loss(cp_cls, [cp.asarray(x[:0, ::2])], hypers, targets=cp.asarray(y[:0]))
    assert float(e.evaluate()) == 0.0
    assert e.nll().shape == (0,)


@coupled_only
def test_gpu_sampling(family, dtype):
    cp = _gpu()
    hypers = {h.name: (3 if h.name == "trials" else h.default) for h in family.hypers}
    x = ref.draw_param(family.params[0].domain, np.random.default_rng(2), (4, 5)).astype(dtype)
    draws = 2000 if cp.ndarray is np.ndarray else 20000  # the host stand-in runs the kernels on one warp
    big = np.repeat(x, draws, axis=0)
    b = ref.make_loss(_cupy_class(family), [cp.asarray(big)], hypers)
    a = ref.make_loss(ref.loss_class(family), [big], hypers)
    s1, s2 = b.sample(7), b.sample(cp.random.default_rng(7))
    want = a.sample(7)
    assert isinstance(s1, cp.ndarray) and s1.shape == want.shape and s1.dtype == want.dtype
    assert bool((s1 == s2).all()), "an int seed and default_rng(seed) give the same draws"
    yf = _get(b.check_targets(s1), cp)  # inside the support
    if family.target.support is Support.CLASS_INDEX:  # the CuPy classes keep class indices (int64)
        assert yf.dtype == np.int64 and yf.shape == (4 * draws,), (yf.dtype, yf.shape)
        yf = (yf[..., None] == np.arange(5)).astype(dtype)
    stat = np.log(yf) if family.name == "dirichlet" else yf
    t = stat.reshape(4, draws, 5)
    m = _get(b.mean_sufficient_statistic(), cp).reshape(4, draws, 5)[:, 0]
    sd = t.std(axis=1)
    assert np.all(np.abs(t.mean(axis=1) - m) <= 6 * sd / np.sqrt(draws) + 1e-3 * np.abs(m) + 1e-6), (t.mean(axis=1), m)
    float(b.evaluate_on_sample(3))
    assert b.grad_of_evaluate_on_sample(3).shape == big.shape


@coupled_only
def test_gpu_masked_row_is_a_select(family, dtype):
    """A vector that is NaN in a masked-out row: the row kernels give exactly 0 there (a select,
    not 0 * NaN), and the NumPy class's values elsewhere."""
    cp = _gpu()
    hypers = {h.name: h.default for h in family.hypers}
    rng = np.random.default_rng(5)
    x = ref.draw_param(family.params[0].domain, rng, (6, 5)).astype(dtype)
    np_cls = ref.loss_class(family)
    y = ref.make_loss(np_cls, [x], hypers).sample(2)
    mask = np.ones(6, dtype=dtype)
    mask[0] = 0
    a = ref.make_loss(np_cls, [x], hypers, targets=y, mask=mask, weight=0.7)
    b = ref.make_loss(_cupy_class(family), [cp.asarray(x)], hypers, targets=cp.asarray(y), mask=cp.asarray(mask), weight=0.7)
    v = rng.standard_normal(x.shape).astype(dtype)
    v_nan = v.copy()
    v_nan[0, 1] = np.nan
    for method in ("multiply_fisher", "multiply_fisher_factor", "multiply_fisher_factor_transpose"):
        got = _get(getattr(b, method)(cp.asarray(v_nan)), cp)
        assert np.all(got[0] == 0), (family.name, method, got[0])
        assert_close(got[1:], getattr(a, method)(v)[1:], dtype, f"{family.name} {method} with NaN in a masked row")


@pytest.mark.parametrize("alpha", [[1e-300, 2e-300, 1e-300], [5e-324, 5e-324, 1e-323], [0.5, 0.2, 2.0]],
                         ids=["1e-300", "subnormal", "moderate"])
def test_gpu_dirichlet_sampling_at_tiny_concentrations(alpha):
    """Rows on the simplex, no 0/0; at vanishing concentrations component k takes all the mass with
    probability alpha_k / sum(alpha), elsewhere the means are alpha / sum(alpha)."""
    cp = _gpu()
    family = next(f for f in driver.builtin_families() if f.name == "dirichlet")
    a = np.array(alpha)
    n = 2000
    draws_ = _get(ref.make_loss(_cupy_class(family), [cp.asarray(np.tile(a, (n, 1)))], {}).sample(7), cp)
    assert np.all(np.isfinite(draws_)) and np.all(draws_ > 0) and np.all(draws_ < 1)
    np.testing.assert_allclose(draws_.sum(axis=-1), 1.0, rtol=1e-12)
    share = a / a.sum()
    if a.max() < 1e-100:
        got = np.bincount(draws_.argmax(axis=-1), minlength=3) / n
        sd = np.sqrt(share * (1 - share) / n)
    else:
        got, sd = draws_.mean(axis=0), np.sqrt(share * (1 - share) / (a.sum() + 1) / n)
    assert np.all(np.abs(got - share) <= 5 * sd), (got, share)


def test_gpu_multinomial_refuses_trials_past_int64():
    cp = _gpu()
    family = next(f for f in driver.builtin_families() if f.name == "multinomial")
    loss = ref.make_loss(_cupy_class(family), [cp.zeros((2, 3))], {"trials": 1e20})
    with pytest.raises(ValueError, match=r"2\*\*63 - 1"):
        loss.sample(0)


@coupled_only
def test_gpu_dispatch_builds_the_cupy_class(family):
    cp = _gpu()
    if cp.ndarray is np.ndarray:
        pytest.skip("the host stand-in for cupy has NumPy arrays: nothing to dispatch")
    import natloss.generated as generated

    x = ref.draw_param(family.params[0].domain, np.random.default_rng(0), (5, 3)).astype(np.float32)
    loss = getattr(generated, family.class_name)(cp.asarray(x), **{h.name: h.default for h in family.hypers})
    assert type(loss).__module__ == f"natloss.generated.cupy.{family.name}"
    assert isinstance(loss.nll(loss.sample(0)), cp.ndarray)


def test_cupy_package_lists_the_coupled_classes(families):
    mod = importlib.import_module("natloss.generated.cupy")
    for f in families:
        if is_coupled(f):
            assert f.class_name in mod.__all__, f.class_name


# ------------------------------------------------- the CuPy glue with a host "cupy"
FAKE_CUPY = r'''
"""A stand-in for cupy without a GPU: NumPy arrays, and RawModule kernels compiled with g++
behind the threaded host shim of tests/test_cuda_coupled.py (real 32-lane warps; at most two
blocks run, the kernels grid-stride). Kernel arguments are checked against the C parameter
list: pointers get C-contiguous arrays of the right dtype (or None), scalars numpy scalars."""
import builtins, ctypes, hashlib, os, re, subprocess, tempfile, types
import numpy
from numpy import *  # noqa: F401,F403
from numpy import ndarray, float32, float64, int64  # noqa: F401

SHIM = os.environ["NATLOSS_FAKE_CUPY_SHIM"]
WRAP = os.environ["NATLOSS_FAKE_CUPY_WRAP"]


def asnumpy(x):
    return numpy.asarray(x)


class _Device:
    id = 0


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
        self.fn = getattr(lib, "host_" + name)
        self.name, self.params = name, params

    def __call__(self, grid, block, args):
        assert len(args) == len(self.params), (self.name, len(args), self.params)
        assert block[0] % 32 == 0 and block[0] <= 256, block
        # One block of one warp: the kernels grid-stride over rows and elements, so any grid
        # and block (a multiple of 32) give the same result; more OS threads only cost time.
        cargs, types_ = [1, 32], [ctypes.c_uint, ctypes.c_uint]
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
        key = hashlib.sha1(code.encode()).hexdigest()
        if key not in self._cache:
            import importlib.util
            spec = importlib.util.spec_from_file_location("_tcc", WRAP)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            build = tempfile.mkdtemp(prefix="fake_cupy_coupled_")
            with open(os.path.join(build, "k.cpp"), "w") as fh:
                fh.write(SHIM + "\n" + code + "\n" + mod.host_wrappers(code))
            lib = os.path.join(build, "k.so")
            subprocess.run(["g++", "-O1", "-std=c++20", "-pthread", "-shared", "-fPIC", "-o", lib,
                            os.path.join(build, "k.cpp")], check=True)
            self._cache[key] = (ctypes.CDLL(lib), mod.kernel_decls(code))
        self.lib, self.decls = self._cache[key]

    def get_function(self, name):
        return _Kernel(self.lib, name, self.decls[name])
'''


def test_cupy_glue_with_a_fake_cupy(tmp_path):
    """The test_gpu_* tests above, run against the host-built kernels through a NumPy-backed `cupy`
    (about a minute on 2 cores: 32-lane warps emulated with OS threads, one warp per launch)."""
    if shutil.which("g++") is None:
        pytest.skip("g++ not found")
    try:
        import cupy  # noqa: F401

        pytest.skip("CuPy is installed: the test_gpu_* tests run the real thing")
    except ImportError:
        pass
    (tmp_path / "cupy").mkdir()
    (tmp_path / "cupy" / "__init__.py").write_text(FAKE_CUPY)
    (tmp_path / "cupyx" / "scipy").mkdir(parents=True)
    (tmp_path / "cupyx" / "__init__.py").write_text("")
    (tmp_path / "cupyx" / "scipy" / "__init__.py").write_text("")
    (tmp_path / "cupyx" / "scipy" / "special.py").write_text("from scipy.special import *  # noqa: F401,F403\n")
    wrap = tmp_path / "wrappers.py"
    wrap.write_text("import re\n\n" + "\n".join(
        _source_of(f) for f in (kernel_decls, host_wrappers)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]),
               NATLOSS_FAKE_CUPY_SHIM=SHIM, NATLOSS_FAKE_CUPY_WRAP=str(wrap))
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-k", "test_gpu_",
                           str(root / "tests" / "test_cuda_coupled.py")], capture_output=True, text=True, env=env,
                          cwd=str(root), timeout=1800)
    assert proc.returncode == 0, proc.stdout[-8000:] + proc.stderr[-3000:]
    assert " passed" in proc.stdout and "no GPU" not in proc.stdout, proc.stdout[-3000:]


def _source_of(fn) -> str:
    import inspect

    return inspect.getsource(fn)
