"""GPU benchmark of the generated CUDA kernels (the CuPy backend).

For each scalar and dense family, dtype and op, on 2**26 cases (``--log2n``; componentwise
families: 2**26 components in rows of COMPONENTS = 8), and for each
coupled family on 65536 rows x 1000 classes (``--coupled-shapes``, with the row kernels'
layout ``--row-layouts auto,warp,block``):

* the time of the op through the CuPy class (CUDA events, median of ``--repeat`` runs
  after warm-up), and the achieved bandwidth: the minimum bytes the op must move
  (each input array read once, each output written once) over that time, as a fraction
  of the device's copy bandwidth measured in the same run (a large device-to-device copy,
  read + write);
* the time of a CuPy transcription of the same K-FAC formulas, side by side: the op's
  SymPy expressions printed as composed CuPy array operations (one kernel per operation,
  temporaries in memory; special functions from cupyx.scipy.special), with the mask and
  weight applied as the NumPy backend does; the ratio baseline / kernel. For the coupled
  families the baseline is K-FAC's formulas composed of CuPy ops (coupled_transcriptions.py),
  with p and sqrt(p) (D, a for the Dirichlet) cached per instance as K-FAC does; the kernels
  likewise reuse their cached row statistics in the products. evaluate, grad and mean start
  from the parameters on both sides (the kernels' row statistics are recomputed each time,
  and their bytes counted);
* the largest difference between the two results, relative to the baseline's largest
  entry: a sanity check of the kernels on the device (the tests check them at tolerance).

The minimum bytes of an op: each array argument of its kernel(s) read or written once
(parameters, targets, vectors, outputs in full; mask, hyper-parameter arrays and cached row
statistics per row).

    python benchmarks/gpu_bench.py [--markdown] [--families normal,categorical] [--dtypes float32]
        [--coupled-shapes 65536x1000,1024x65536] [--row-layouts warp,block]

Exits with a message when CuPy or a GPU is missing. A family that fails is reported on
stderr and the exit status is 1; the others still run.
"""
from __future__ import annotations

import argparse
import importlib
import math
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _require_gpu():
    try:
        import cupy as cp

        if cp.cuda.runtime.getDeviceCount() < 1:
            raise RuntimeError("no CUDA device")
    except Exception as exc:
        sys.exit(f"gpu_bench: no GPU ({type(exc).__name__}: {exc}); this benchmark needs CuPy and a CUDA device"
                 ' (pip install -e ".[cuda]")')
    return cp


def _time(cp, fn, repeat, warmup=3):
    for _ in range(warmup):
        fn()
    cp.cuda.Device().synchronize()
    times = []
    start, stop = cp.cuda.Event(), cp.cuda.Event()
    for _ in range(repeat):
        start.record()
        fn()
        stop.record()
        stop.synchronize()
        times.append(cp.cuda.get_elapsed_time(start, stop) * 1e-3)
    times.sort()
    return times[len(times) // 2]


def copy_bandwidth(cp, nbytes, repeat):
    src = cp.ones(nbytes // 4, dtype=cp.float32)
    dst = cp.empty_like(src)
    t = _time(cp, lambda: dst.data.copy_from_device(src.data, src.nbytes), repeat)
    return 2 * src.nbytes / t


def _draw(family, n, rng, np, dtype):
    """Parameters inside their domains (as in the tests)."""
    out = []
    for p in family.params:
        lo, hi = float(p.domain.inf), float(p.domain.sup)
        z = rng.standard_normal(n)
        if math.isfinite(lo) and math.isfinite(hi):
            x = lo + (hi - lo) * (0.05 + 0.9 / (1 + np.exp(-z)))
        elif math.isfinite(lo):
            x = lo + np.exp(0.7 * z)
        elif math.isfinite(hi):
            x = hi - np.exp(0.7 * z)
        else:
            x = 1.5 * z
        out.append(x.astype(dtype))
    return out


class Baseline:
    """The op's printed CuPy expressions, evaluated as composed CuPy operations."""

    def __init__(self, spec, printed, loss, cp):
        from natloss.runtime import cupy_base

        self.spec, self.printed, self.loss, self.cp = spec, printed, loss, cp
        self.env = {"cp": cp, "_cb": cupy_base}
        self.env.update(zip(spec.params, loss._params))
        # The printed code reads the hyper-parameters by their local names (H_<name>).
        self.env.update({str(h.symbol): loss._hypers[h.name] for h in spec.family.hypers})

    def run(self, op, extra=None):
        env = dict(self.env)
        env.update(extra or {})
        p = self.printed[op]
        for name, code in p.temporaries + p.outputs:
            env[name] = eval(code, env)  # noqa: S307 - our own printed code
        return tuple(env[n] for n, _ in p.outputs)


# Components per row of a componentwise family (the multivariate normals) in the elementwise table.
COMPONENTS = 8


def bench_family(cp, np, family, dtype, n, repeat, copy_bw, rows):
    from natloss.codegen.backends.cuda import kernels as cb
    from natloss.codegen import driver
    from natloss.codegen.backends.numpy.printer import print_op

    spec = driver.compile_family(family)
    if not cb.supported(spec):
        print(f"gpu_bench: skipping {family.name} (structure {spec.derived.structure.value}: no CUDA kernels yet)",
              file=sys.stderr)
        return
    cls = getattr(importlib.import_module(f"natloss.generated.cupy.{family.name}"), family.class_name)
    rng = np.random.default_rng(0)
    params = [cp.asarray(p) for p in _draw(family, n, rng, np, dtype)]
    if family.is_vector:  # componentwise: the same n components, as rows of COMPONENTS
        params = [p.reshape(n // COMPONENTS, COMPONENTS) for p in params]
    hypers = {h.name: h.default for h in family.hypers}
    y = cls(*params, **hypers).sample(1).astype(dtype)
    mask = cp.asarray((rng.random(params[0].shape[:-1] if family.is_vector else n) < 0.9).astype(dtype))
    weight = 0.7
    loss = cls(*params, targets=y, mask=mask, weight=weight, **hypers)
    mask = mask[..., None] if family.is_vector else mask  # per component, for the baseline
    d = spec.dim
    v = tuple(cp.asarray(rng.standard_normal(params[0].shape).astype(dtype)) for _ in range(d))
    vpub = v[0] if d == 1 else v
    u = cp.asarray(rng.standard_normal(loss.fisher_factor_inner_shape).astype(dtype))
    fisher, factor = loss._fisher_entries(), loss._factor_entries()
    from natloss.codegen.backends.cuda.printer import CuPyLossPrinter

    printer = CuPyLossPrinter({"fully_qualified_modules": True, "allow_unknown_functions": False})
    printed = {name: print_op(op, printer) for name, op in spec.ops.items() if name != "sample"}
    base = Baseline(spec, printed, loss, cp)
    s = mask * weight
    r = mask * math.sqrt(weight)
    fisher_env = dict(zip(spec.fisher_entries, fisher)) | {f"v{k}": v[k] for k in range(d)}
    factor_env_v = dict(zip(spec.factor_entries, factor)) | {f"v{k}": v[k] for k in range(d)}
    factor_env_u = dict(zip(spec.factor_entries, factor)) | {
        f"u{k}": (u if d == 1 else u[..., k]) for k in range(d)}

    item = np.dtype(dtype).itemsize
    ops = {
        "evaluate": (lambda: loss.evaluate(),
                     lambda: weight * (base.run("nll", {spec.target: y})[0] * mask).sum(),
                     "nll_reduce"),
        "nll": (lambda: loss.nll(),
                lambda: tuple(x.sum(axis=-1) if family.is_vector else x for x in base.run("nll", {spec.target: y})),
                "nll"),
        "grad_of_evaluate": (lambda: loss.grad_of_evaluate(),
                             lambda: tuple(g * s for g in base.run("grad", {spec.target: y})), "grad"),
        "mean": (lambda: loss.mean_sufficient_statistic(), lambda: base.run("mean"), "mean"),
        "fisher": (lambda: loss._compute_fisher(), lambda: base.run("fisher"), "fisher"),
        "factor": (lambda: loss._compute_factor(None), lambda: base.run("factor"), "factor"),
        "multiply_fisher": (lambda: loss.multiply_fisher(vpub),
                            lambda: tuple(o * s for o in base.run("fisher_product", fisher_env)), "fisher_product"),
        "multiply_fisher_factor": (lambda: loss.multiply_fisher_factor(u),
                                   lambda: tuple(o * r for o in base.run("factor_product", factor_env_u)),
                                   "factor_product"),
        "multiply_fisher_factor_transpose": (
            lambda: loss.multiply_fisher_factor_transpose(vpub),
            lambda: cp.stack([o * r for o in base.run("factor_transpose_product", factor_env_v)], axis=-1)
            if d > 1 else base.run("factor_transpose_product", factor_env_v)[0] * r,
            "factor_transpose_product"),
    }
    for label, (kernel_fn, baseline_fn, op) in ops.items():
        arrays = 0
        for a in cb.kernel_signature(spec, op):
            if a.role in ("param", "target", "vec", "entry", "mask", "out"):
                arrays += 1
            elif a.role in ("uvec", "outvec"):
                arrays += d
            elif a.role == "hyper" and isinstance(loss._hypers[spec.family.public_names[a.name]], cp.ndarray):
                arrays += 1
        nbytes = arrays * n * item
        _measure(cp, rows, (family.name, np.dtype(dtype).name, label), nbytes, kernel_fn, baseline_fn, repeat,
                 copy_bw)
    del loss, params, fisher, factor
    cp.get_default_memory_pool().free_all_blocks()


def _measure(cp, rows, key, nbytes, kernel_fn, baseline_fn, repeat, copy_bw):
    diff = _relative_difference(cp, kernel_fn(), baseline_fn())
    t_kernel = _time(cp, kernel_fn, repeat)
    t_base = _time(cp, baseline_fn, repeat)
    bw = nbytes / t_kernel
    rows.append(key + (nbytes / 1e6, t_kernel * 1e3, bw / 1e9, bw / copy_bw, t_base * 1e3, t_base / t_kernel, diff))


def _relative_difference(cp, got, want):
    """max |got - want| over max |want|, over all the arrays of the result."""
    got = got if isinstance(got, tuple) else (got,)
    want = want if isinstance(want, tuple) else (want,)
    if len(got) != len(want):
        return math.nan
    num = den = 0.0
    for g, w in zip(got, want):
        g, w = cp.asarray(g, dtype=cp.float64), cp.asarray(w, dtype=cp.float64)
        if g.shape != w.shape:
            return math.nan
        num = max(num, float(cp.abs(g - w).max()) if g.size else 0.0)
        den = max(den, float(cp.abs(w).max()) if w.size else 0.0)
    return num / den if den > 0 else num


# ------------------------------------------------------------------------ coupled families
def _coupled_bytes(spec, op, rows, K, item, hypers, cp):
    from natloss.codegen.backends.cuda import coupled as cc

    total = 0
    for a in cc.coupled_signature(spec, op):
        if a.role == "target" and cc.class_index_targets(spec):
            total += rows * 8  # one int64 class index per row
        elif a.role in ("param", "target", "vec", "uvec", "out"):
            total += rows * K * item
        elif a.role in ("stat", "rowout", "mask"):
            total += rows * item
        elif a.role == "hyper" and isinstance(hypers.get(spec.family.public_names[a.name]), cp.ndarray):
            total += rows * item
    return total


def _coupled_inputs(cp, np, family, cls, rows, K, dtype, hypers, rng):
    """Parameters and model-drawn targets (class indices stay indices, for both sides)."""
    z = rng.standard_normal((rows, K))
    # Dirichlet: alpha >= 1 keeps float32 draws away from 0 (log y of the targets).
    x = 1.0 + np.exp(0.5 * z) if family.name == "dirichlet" else 2.0 * z
    x = cp.asarray(x.astype(dtype))
    y = cls(x, **hypers).sample(0)
    return x, y, (y if family.target.support.value == "class_index" else y.astype(dtype))


def bench_coupled(cp, np, family, dtype, rows_n, K, repeat, copy_bw, rows, layout="auto"):
    import cupyx.scipy.special as cupy_special
    from coupled_transcriptions import transcription

    from natloss.codegen.backends.cuda import kernels as cb
    from natloss.codegen import driver

    spec = driver.compile_family(family)
    if not cb.supported(spec):
        print(f"gpu_bench: skipping {family.name}: {cb.unsupported_reason(spec)}", file=sys.stderr)
        return
    cls = getattr(importlib.import_module(f"natloss.generated.cupy.{family.name}"), family.class_name)
    rng = np.random.default_rng(0)
    hypers = {h.name: (10 if h.name == "trials" else h.default) for h in family.hypers}
    x, y, dense = _coupled_inputs(cp, np, family, cls, rows_n, K, dtype, hypers, rng)
    mask = cp.asarray((rng.random(rows_n) < 0.9).astype(dtype))
    weight = 0.7
    loss = cls(x, targets=y, mask=mask, weight=weight, **hypers)
    if hasattr(loss, "row_layout"):  # the CuPy classes (not the NumPy stand-ins of the host test)
        loss.row_layout = layout
        layout = loss._row_layout()
    base = transcription(family.name, cp, cupy_special, x, dense, hypers)
    v = cp.asarray(rng.standard_normal((rows_n, K)).astype(dtype))
    u = cp.asarray(rng.standard_normal(loss.fisher_factor_inner_shape).astype(dtype))
    item = np.dtype(dtype).itemsize

    def fresh(method, *args):
        def run():
            loss._row_cache = None  # recompute the row statistics, as a new loss would
            return getattr(loss, method)(*args)
        return run

    def nbytes(*ops):
        return sum(_coupled_bytes(spec, op, rows_n, K, item, loss._hypers, cp) for op in ops)

    loss._row_stats_cached()
    ops = {
        "evaluate": (fresh("evaluate"), lambda: base.evaluate(mask, weight), ("row_stats", "nll_reduce")),
        "grad_of_evaluate": (fresh("grad_of_evaluate"), lambda: base.grad(mask, weight), ("row_stats", "grad")),
        "mean": (fresh("mean_sufficient_statistic"), base.mean, ("row_stats", "mean")),
        "multiply_fisher": (lambda: loss.multiply_fisher(v), lambda: base.fisher_product(v, mask, weight),
                            ("fisher_product",)),
        "multiply_fisher_factor": (lambda: loss.multiply_fisher_factor(u),
                                   lambda: base.factor_product(u, mask, weight), ("factor_product",)),
        "multiply_fisher_factor_transpose": (lambda: loss.multiply_fisher_factor_transpose(v),
                                             lambda: base.factor_transpose_product(v, mask, weight),
                                             ("factor_transpose_product",)),
    }
    for label, (kernel_fn, baseline_fn, kernel_ops) in ops.items():
        _measure(cp, rows, (family.name, np.dtype(dtype).name, f"{label} ({rows_n}x{K}, {layout})"),
                 nbytes(*kernel_ops), kernel_fn, baseline_fn, repeat, copy_bw)
    del loss, base, x, y, dense, v, u
    cp.get_default_memory_pool().free_all_blocks()


HEAD = ("family", "dtype", "op", "min MB", "kernel ms", "GB/s", "of copy BW", "CuPy ops ms", "CuPy ops / kernel",
        "rel. diff")
FORMATS = ("{}", "{}", "{}", "{:.0f}", "{:.3f}", "{:.0f}", "{:.0%}", "{:.3f}", "{:.1f}x", "{:.1e}")


def print_table(title, rows, markdown):
    cells = [[f.format(x) for f, x in zip(FORMATS, row)] for row in rows]
    if markdown:
        print(f"**{title}**\n")
        print("| " + " | ".join(HEAD) + " |")
        print("|" + "|".join("---" if i < 3 else "---:" for i in range(len(HEAD))) + "|")
        for c in cells:
            print("| " + " | ".join(c) + " |")
        print()
    else:
        print(title)
        widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(HEAD)]
        print("  ".join(h.ljust(w) for h, w in zip(HEAD, widths)))
        for c in cells:
            print("  ".join(x.ljust(w) for x, w in zip(c, widths)))
        print()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--markdown", action="store_true", help="print Markdown tables")
    ap.add_argument("--families", default="", help="comma-separated family names (default: all with CUDA kernels)")
    ap.add_argument("--dtypes", default="float32,float64")
    ap.add_argument("--log2n", type=int, default=26, help="log2 of the number of cases (default 26)")
    ap.add_argument("--coupled-shapes", default="65536x1000",
                    help="comma-separated ROWSxK shapes for the coupled families (default 65536x1000)")
    ap.add_argument("--row-layouts", default="auto",
                    help="comma-separated row layouts of the coupled row kernels: auto, warp, block (default auto)")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args(argv)
    import numpy as np

    from natloss.codegen import driver
    from natloss.codegen.components import is_coupled

    families = driver.builtin_families()
    if args.families:
        wanted = set(args.families.split(","))
        unknown = wanted - {f.name for f in families}
        if unknown:
            ap.error(f"--families: unknown {sorted(unknown)}; known: {sorted(f.name for f in families)}")
        families = [f for f in families if f.name in wanted]
    try:
        shapes = [tuple(int(v) for v in shape.lower().split("x")) for shape in args.coupled_shapes.split(",")]
        assert all(len(shape) == 2 and min(shape) > 0 for shape in shapes)
    except (ValueError, AssertionError):
        ap.error(f"--coupled-shapes: expected ROWSxK[,ROWSxK...] with positive integers, got {args.coupled_shapes!r}")
    layouts = args.row_layouts.split(",")
    if not set(layouts) <= {"auto", "warp", "block"}:
        ap.error(f"--row-layouts: expected a comma-separated subset of auto, warp, block, got {args.row_layouts!r}")
    cp = _require_gpu()
    n = 2 ** args.log2n
    props = cp.cuda.runtime.getDeviceProperties(cp.cuda.Device().id)
    name = props["name"].decode() if isinstance(props["name"], bytes) else props["name"]
    copy_bw = copy_bandwidth(cp, 1 << 30, args.repeat)
    elementwise, coupled, failed = [], [], []
    for dtype in [np.dtype(x).type for x in args.dtypes.split(",")]:
        for family in families:
            try:
                if is_coupled(family):
                    for (rows_n, K) in shapes:
                        for layout in layouts:
                            bench_coupled(cp, np, family, dtype, rows_n, K, args.repeat, copy_bw, coupled, layout)
                else:
                    bench_family(cp, np, family, dtype, n, args.repeat, copy_bw, elementwise)
            except Exception:  # report it and go on: one run on a lent GPU should give every other figure
                failed.append(f"{family.name} ({np.dtype(dtype).name})")
                print(f"gpu_bench: {family.name} ({np.dtype(dtype).name}) failed:", file=sys.stderr)
                traceback.print_exc()
                cp.get_default_memory_pool().free_all_blocks()
    where = f"{name}; device-to-device copy bandwidth {copy_bw / 1e9:.0f} GB/s (read + write)"
    if elementwise:
        print_table(f"{where}; scalar and dense families, n = 2**{args.log2n} cases (componentwise: components,"
                    f" {COMPONENTS} per row)", elementwise, args.markdown)
    if coupled:
        print_table(f"{where}; coupled families (rows x K, row layout after each op)", coupled, args.markdown)
    if failed:
        print(f"gpu_bench: failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
