"""The CPU backend (fused C++ kernels) against NumPy/SciPy transcriptions, the NumPy backend and
jax.jit, side by side in one process.

    python benchmarks/cpu_speed.py [--markdown] [--quick] [--families a,b] [--dtypes float32,float64]
                                   [--threads 2] [--repeats 5] [--no-jax]

For every family and dtype, each op is timed for four implementations, interleaved (the order
rotates every round) and the median kept:

* ``cpu``: natloss.generated.cpu (the kernels with NATLOSS_NUM_THREADS = --threads);
* ``numpy``: natloss.generated.numpy (the NumPy backend);
* ``tr``: the plain NumPy/SciPy transcriptions of the K-FAC formulas (benchmarks/transcriptions.py,
  the coupled ones of benchmarks/coupled_transcriptions.py), no cache, no checks;
* ``jax``: jax.jit of the same transcriptions written with jax.numpy (XLA on the CPU, its own
  threads), on inputs already converted to jax arrays (the conversion is not timed).

Ops: ``evaluate``, ``grad`` (grad_of_evaluate), ``Fv``, ``Bu``, ``BTv`` (the products with F, B,
B^T), each ``cold`` (a fresh loss: the constructor with its input checks, then the first call,
which fills natloss's per-instance cache) and ``warm`` (the same call again on that loss). The
transcriptions and JAX keep nothing between calls: their cold and warm differ only by the
(trivial) constructor. Ratios are speedups, other / cpu (> 1: the CPU backend is faster).

Also measured in the same run: the copy bandwidth (NumPy's one-thread copy and the kernels'
threaded memcpy, bytes read + written per second), each warm elementwise op's effective bandwidth
(the bytes its kernels read and write, from their arguments, per second) as a fraction of the
threaded copy's (128 MiB), the peak memory an op allocates beyond its output as a fraction of the inputs'
size (tracemalloc, which sees NumPy's allocations; the kernels allocate nothing the size of the
input; a cold op includes the constructor's checks and the per-instance cache), and the load
average before and after. Sizes: N = 2**20 cases (one parameter: (1024, 1024); two: two (2**20,)
arrays), categorical logits (4096, 1000) and (65536, 10); --quick: N = 2**16, (512, 1000), (8192, 10).
"""
from __future__ import annotations

import argparse
import ctypes
import gc
import importlib.util
import math
import os
import platform
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import numpy_speed as ns  # noqa: E402
import transcriptions as tr  # noqa: E402

import natloss.generated.cpu as cpu  # noqa: E402
import natloss.generated.numpy as npg  # noqa: E402
from natloss.runtime import cpu_base, cpu_build  # noqa: E402

OPS = ("evaluate", "grad", "Fv", "Bu", "BTv")
IMPLS = ("cpu", "numpy", "tr", "jax")
COMMAND = "python benchmarks/cpu_speed.py --markdown"


# ------------------------------------------------------------------------------- JAX
def _jax():
    """(jax, jax.numpy, the jnp transcriptions module) or None where JAX is not installed."""
    try:
        import jax
    except ImportError:
        return None
    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp
    import jax.scipy.special as jsc

    spec = importlib.util.spec_from_file_location("transcriptions_jnp", HERE / "transcriptions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.np, module.sc = jnp, jsc  # the same formulas, on jax.numpy and jax.scipy.special

    class Categorical(module.CategoricalTranscription):
        """In-place updates and scipy's softmax replaced by their jax forms."""

        def _log_p_of_target(self):
            logp = jax.nn.log_softmax(self.logits, axis=-1)
            return jnp.take_along_axis(logp, self.y[:, None], axis=-1)[:, 0]

        def _p(self):
            return jax.nn.softmax(self.logits, axis=-1)

        def grad_of_evaluate(self):
            return self._p() - jax.nn.one_hot(self.y, self.logits.shape[-1], dtype=self.logits.dtype)

        def multiply_fisher(self, v):
            p = self._p()
            pv = p * v
            return pv - p * pv.sum(axis=-1, keepdims=True)

        def multiply_fisher_factor(self, u):
            p = self._p()
            s = jnp.sqrt(p)
            return s * u - p * (s * u).sum(axis=-1, keepdims=True)

        def multiply_fisher_factor_transpose(self, v):
            p = self._p()
            s = jnp.sqrt(p)
            return s * v - s * (p * v).sum(axis=-1, keepdims=True)

    module.CategoricalJax = Categorical
    return jax, jnp, module


# ----------------------------------------------------------------------------- cases
class Case:
    """One family at one dtype: inputs, the four implementations' callables per op."""

    def __init__(self, label, name, params, targets, hypers, jaxmod):
        self.label, self.name = label, name
        self.params, self.targets, self.hypers = params, targets, hypers
        self.dtype = params[0].dtype
        family_class = ns.FAMILIES[name][0] if name in ns.FAMILIES else ns.CATEGORICAL_CLASS
        self.cpu_cls, self.np_cls = getattr(cpu, family_class), getattr(npg, family_class)
        rng = np.random.default_rng(1)
        vec = tuple(rng.standard_normal(params[0].shape).astype(self.dtype) for _ in params)
        self.v = vec[0] if len(params) == 1 else vec
        self.cpu_loss = self.make("cpu")
        self.u = rng.standard_normal(self.cpu_loss.fisher_factor_inner_shape).astype(self.dtype)
        self.np_loss = self.make("numpy")
        self.tr_cls = tr.CategoricalTranscription if name == "categorical" else tr.TRANSCRIPTIONS[name]
        self.jax = None
        if jaxmod is not None:
            self.jax = self._jax_ops(*jaxmod)

    def make(self, impl):
        if impl == "cpu":
            return self.cpu_cls(*self.params, targets=self.targets, **self.hypers)
        if impl == "numpy":
            return self.np_cls(*self.params, targets=self.targets, **self.hypers)
        return self.tr_cls(*self.params, targets=self.targets, **self.hypers)

    def _jax_ops(self, jax, jnp, module):
        cls = module.CategoricalJax if self.name == "categorical" else module.TRANSCRIPTIONS[self.name]
        hypers = self.hypers
        params = tuple(jnp.asarray(p) for p in self.params)
        y = jnp.asarray(self.targets)
        v = tuple(jnp.asarray(x) for x in (self.v if isinstance(self.v, tuple) else (self.v,)))
        u = jnp.asarray(self.u)
        single = len(self.params) == 1

        def build(p, yy):
            return cls(*p, targets=yy, **hypers)

        fns = {
            "evaluate": jax.jit(lambda p, yy: build(p, yy).evaluate()),
            "grad": jax.jit(lambda p, yy: build(p, yy).grad_of_evaluate()),
            "Fv": jax.jit(lambda p, yy, vv: build(p, yy).multiply_fisher(vv[0] if single else vv)),
            "Bu": jax.jit(lambda p, yy, uu: build(p, yy).multiply_fisher_factor(uu)),
            "BTv": jax.jit(lambda p, yy, vv: build(p, yy).multiply_fisher_factor_transpose(vv[0] if single else vv)),
        }
        args = {"evaluate": (params, y), "grad": (params, y), "Fv": (params, y, v), "Bu": (params, y, u),
                "BTv": (params, y, v)}
        ops = {}
        for op, fn in fns.items():
            a = args[op]
            jax.block_until_ready(fn(*a))  # compile (not timed)
            ops[op] = (lambda fn=fn, a=a: jax.block_until_ready(fn(*a)))
        return ops

    def call(self, loss, op):
        if op == "evaluate":
            return loss.evaluate()
        if op == "grad":
            return loss.grad_of_evaluate()
        if op == "Fv":
            return loss.multiply_fisher(self.v)
        if op == "Bu":
            return loss.multiply_fisher_factor(self.u)
        return loss.multiply_fisher_factor_transpose(self.v)

    def callable(self, impl, op, when):
        """A zero-argument callable: `when` is "cold" (a fresh loss, then the op) or "warm"."""
        if impl == "jax":
            return self.jax[op]
        if when == "cold":
            return lambda: self.call(self.make(impl), op)
        loss = {"cpu": self.cpu_loss, "numpy": self.np_loss}.get(impl) or self.make("tr")
        self.call(loss, op)  # fills the cache: warm means the second call on a loss
        return lambda: self.call(loss, op)


def _scalar_case(name, dtype, n_side, jaxmod):
    cls_name, hypers, maker = ns.FAMILIES[name]
    rng = np.random.default_rng(0)
    one = len(getattr(npg, cls_name).param_names) == 1
    params, y = maker(rng, (n_side, n_side) if one else (n_side * n_side,))
    return Case(name, name, tuple(p.astype(dtype) for p in params), y.astype(dtype), hypers, jaxmod)


def _categorical_case(dtype, rows, k, jaxmod):
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 2, (rows, k)).astype(dtype)
    y = rng.integers(0, k, rows)
    return Case(f"categorical ({rows}, {k})", "categorical", (logits,), y, {}, jaxmod)


def cases(names, dtype, quick, jaxmod):
    n_side = 256 if quick else 1024
    for name in names:
        if name == "categorical":
            for rows, k in ((512, 1000), (8192, 10)) if quick else ((4096, 1000), (65536, 10)):
                yield _categorical_case(dtype, rows, k, jaxmod)
        else:
            yield _scalar_case(name, dtype, n_side, jaxmod)


# ---------------------------------------------------------------------------- checks
def check(case):
    """The CPU backend agrees with the transcription and (where run) JAX before it is timed."""
    rtol = 1e-6 if case.dtype == np.float64 else 2e-3
    bad = []
    t = case.make("tr")
    for op in OPS:
        got = case.call(case.make("cpu"), op)
        if not ns._close(got, case.call(t, op), rtol):
            bad.append(f"{op} vs tr")
        if case.jax is not None:
            j = case.jax[op]()
            j = tuple(np.asarray(x) for x in j) if isinstance(j, tuple) else np.asarray(j)
            if not ns._close(got, j, rtol):
                bad.append(f"{op} vs jax")
    return bad


# ---------------------------------------------------------------------------- timing
def _time(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(case, repeats, impls):
    """{(op, when): {impl: the fastest of the repeats, in seconds}}, the implementations interleaved
    (the order rotating each round). The minimum, not the median: on a shared machine the other
    users' load only ever adds time, and a kernel whose threads wait for a core shows it most."""
    slots = []
    for op in OPS:
        for when in ("cold", "warm"):
            fns = {impl: case.callable(impl, op, when) for impl in impls
                   if not (impl == "jax" and case.jax is None)}
            slots.append(((op, when), fns))
    times = {key: {impl: [] for impl in fns} for key, fns in slots}
    for r in range(repeats):
        for key, fns in slots:
            order = list(fns)
            order = order[r % len(order):] + order[:r % len(order)]
            for impl in order:
                times[key][impl].append(_time(fns[impl]))
    return {key: {impl: min(ts) for impl, ts in d.items()} for key, d in times.items()}


# ---------------------------------------------------------------- bandwidth and memory
def copy_bandwidth(nbytes=1 << 27, repeats=7):
    """(NumPy one-thread copy, threaded copy of the kernels' library), bytes read + written per s."""
    src = np.ones(nbytes // 8)
    dst = np.empty_like(src)
    one = min(_time(lambda: np.copyto(dst, src)) for _ in range(repeats))
    lib = cpu_build.load("bernoulli.cpp")
    lib.natloss_cpu_copy.argtypes = [ctypes.c_longlong, ctypes.c_void_p, ctypes.c_void_p]
    threaded = min(_time(lambda: lib.natloss_cpu_copy(src.nbytes, src.ctypes.data, dst.ctypes.data)) for _ in range(repeats))
    return 2 * src.nbytes / one, 2 * src.nbytes / threaded


def effective_bytes(case, op):
    """Bytes a warm op's kernels read and write: the array arguments of its kernel calls (inputs
    and outputs, each counted once per call)."""
    loss = case.cpu_loss
    case.call(loss, op)
    counted = []
    saved = {cls: cls.__dict__[name] for cls, name in ((cpu_base.CpuNaturalParamsLoss, "_launch"),
                                                        (cpu_base.CpuCoupledLoss, "_launch_rows"))}

    def wrap(fn):
        def launch(self, op_name, *rest):
            args = rest[-1]
            counted.append(sum(a.nbytes for a in args if isinstance(a, np.ndarray)))
            return fn(self, op_name, *rest)
        return launch

    for cls, fn in saved.items():
        setattr(cls, fn.__name__, wrap(fn))
    try:
        case.call(loss, op)
    finally:
        for cls, fn in saved.items():
            setattr(cls, fn.__name__, fn)
    return sum(counted)


def extra_memory(case, impl, op, when):
    """Peak bytes allocated during the op beyond its result, as a fraction of the inputs' bytes
    (tracemalloc sees NumPy's arrays). Cold ops include the loss's construction and the
    per-instance cache it fills (Fisher or factor entries, row statistics)."""
    loss = None
    if when == "warm":
        loss = case.make(impl)
        case.call(loss, op)
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        result = case.call(loss if loss is not None else case.make(impl), op)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    parts = result if isinstance(result, tuple) else (result,)
    out_bytes = sum(np.asarray(p).nbytes for p in parts)
    in_bytes = sum(p.nbytes for p in case.params)
    return (peak - before - out_bytes) / in_bytes


# ---------------------------------------------------------------------------- output
def _ratio(other, mine):
    return other / mine if mine > 0 else math.inf


def _geomean(xs):
    xs = [x for x in xs if x > 0 and math.isfinite(x)]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else math.nan


def table(results, markdown, file=sys.stdout):
    head = ["case", "dtype", "op", "cpu ms", "tr/cpu", "numpy/cpu", "jax/cpu", "bw % copy", "extra mem / in"]
    rows = []
    summary = {}
    for (label, dtype), res in results.items():
        for (op, when), t in res["times"].items():
            cpu_t = t["cpu"]
            bw = res["bandwidth"].get((op, when))
            mem = res["memory"].get((op, when))
            rows.append([label, dtype, f"{op} {when}", f"{cpu_t * 1e3:.2f}", f"{_ratio(t['tr'], cpu_t):.2f}",
                         f"{_ratio(t['numpy'], cpu_t):.2f}",
                         f"{_ratio(t['jax'], cpu_t):.2f}" if "jax" in t else "-",
                         f"{bw:.0f}" if bw is not None else "-",
                         f"{mem:.2f}" if mem is not None else "-"])
            s = summary.setdefault((label, dtype), {"tr": [], "numpy": [], "jax": []})
            for impl in ("tr", "numpy", "jax"):
                if impl in t:
                    s[impl].append(_ratio(t[impl], cpu_t))
    _print(head, rows, markdown, file)
    print(file=file)
    head2 = ["case", "dtype", "geomean tr/cpu", "min tr/cpu", "geomean numpy/cpu", "geomean jax/cpu", "min jax/cpu"]
    rows2 = []
    every = {"tr": [], "numpy": [], "jax": []}
    for (label, dtype), s in summary.items():
        for k in every:
            every[k] += s[k]
        rows2.append([label, dtype, f"{_geomean(s['tr']):.2f}", f"{min(s['tr']):.2f}", f"{_geomean(s['numpy']):.2f}",
                      f"{_geomean(s['jax']):.2f}" if s["jax"] else "-", f"{min(s['jax']):.2f}" if s["jax"] else "-"])
    rows2.append(["all", "", f"{_geomean(every['tr']):.2f}", f"{min(every['tr']):.2f}", f"{_geomean(every['numpy']):.2f}",
                  f"{_geomean(every['jax']):.2f}" if every["jax"] else "-", f"{min(every['jax']):.2f}" if every["jax"] else "-"])
    _print(head2, rows2, markdown, file)


def _print(head, rows, markdown, file):
    if markdown:
        print("| " + " | ".join(head) + " |", file=file)
        print("|" + "---|" * len(head), file=file)
        for r in rows:
            print("| " + " | ".join(r) + " |", file=file)
    else:
        widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
        for r in [head] + rows:
            print("  ".join(str(x).ljust(w) for x, w in zip(r, widths)), file=file)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    parser.add_argument("--families", default="bernoulli,poisson,normal_mean,gamma,binomial,exponential,geometric,"
                        "negative_binomial,normal,log_normal,beta,inverse_gaussian,categorical")
    parser.add_argument("--dtypes", default="float32,float64")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-jax", action="store_true")
    args = parser.parse_args(argv)
    cpu_build.set_num_threads(args.threads)
    jaxmod = None if args.no_jax else _jax()
    load_before = os.getloadavg()
    one_bw, threaded_bw = copy_bandwidth()
    lib = cpu_build.load("bernoulli.cpp")
    features = lib.natloss_cpu_features()
    results = {}
    impls = IMPLS if jaxmod is not None else IMPLS[:3]
    for dtype in args.dtypes.split(","):
        for case in cases(args.families.split(","), np.dtype(dtype), args.quick, jaxmod):
            bad = check(case)
            if bad:
                print(f"# {case.label} {dtype}: results differ: {bad}", file=sys.stderr)
            times = measure(case, args.repeats, impls)
            bandwidth, memory = {}, {}
            for op in OPS:
                nbytes = effective_bytes(case, op)
                bandwidth[(op, "warm")] = 100 * nbytes / times[(op, "warm")]["cpu"] / threaded_bw
                for when in ("cold", "warm"):
                    memory[(op, when)] = extra_memory(case, "cpu", op, when)
            results[(case.label, dtype)] = {"times": times, "bandwidth": bandwidth, "memory": memory}
            print(f"# {case.label} {dtype} done (load {os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)
    load_after = os.getloadavg()
    import scipy

    versions = [f"numpy {np.__version__}", f"scipy {scipy.__version__}"]
    if jaxmod is not None:
        versions.append(f"jax {jaxmod[0].__version__}")
    flags = ", ".join(name for bit, name in ((1, "OpenMP"), (2, "libmvec"), (4, "AVX2"), (8, "AVX-512F")) if features & bit)
    print(f"Command: `{COMMAND}{' --quick' if args.quick else ''}`; {platform.machine()}, {os.cpu_count()} cores,"
          f" NATLOSS_NUM_THREADS={args.threads}; kernels built with {flags}; {', '.join(versions)}.")
    print(f"Load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after.")
    print(f"Copy bandwidth (read + write) of 128 MiB: NumPy one thread {one_bw / 1e9:.1f} GB/s, the kernels' threaded"
          f" copy {threaded_bw / 1e9:.1f} GB/s. `bw % copy`: a warm op's kernel traffic (its array arguments' bytes,"
          " read or written once) per second, against that threaded copy (inputs of 4-8 MB partly stay in the"
          " last-level cache between calls, so more than 100% is possible).")
    print()
    table(results, args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
