"""GPU benchmark of the generated CUDA kernels (the CuPy backend).

For each family, dtype and op, on 2**26 cases (``--log2n``):

* the time of the op through the CuPy class (CUDA events, median of ``--repeat`` runs
  after warm-up), and the achieved bandwidth: the minimum bytes the op must move
  (each input array read once, each output written once) over that time, as a fraction
  of the device's copy bandwidth measured in the same run (a large device-to-device copy,
  read + write);
* the time of a CuPy transcription of the same K-FAC formulas, side by side: the op's
  SymPy expressions printed as composed CuPy array operations (one kernel per operation,
  temporaries in memory; special functions from cupyx.scipy.special), with the mask and
  weight applied as the NumPy backend does; the ratio baseline / kernel.

    python benchmarks/gpu_bench.py [--markdown] [--families normal,gamma] [--dtypes float32]

Exits with a message when CuPy or a GPU is missing.
"""
from __future__ import annotations

import argparse
import importlib
import math
import sys


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
        self.env.update(loss._hypers)

    def run(self, op, extra=None):
        env = dict(self.env)
        env.update(extra or {})
        p = self.printed[op]
        for name, code in p.temporaries + p.outputs:
            env[name] = eval(code, env)  # noqa: S307 - our own printed code
        return tuple(env[n] for n, _ in p.outputs)


def bench_family(cp, np, family, dtype, n, repeat, copy_bw, rows):
    from natloss.codegen import cuda_backend as cb
    from natloss.codegen import driver
    from natloss.codegen.printers import print_op

    spec = driver.compile_family(family)
    if not cb.supported(spec):
        print(f"gpu_bench: skipping {family.name} (structure {spec.derived.structure.value}: no CUDA kernels yet)",
              file=sys.stderr)
        return
    cls = getattr(importlib.import_module(f"natloss.generated.cupy.{family.name}"), family.class_name)
    rng = np.random.default_rng(0)
    params = [cp.asarray(p) for p in _draw(family, n, rng, np, dtype)]
    hypers = {h.name: h.default for h in family.hypers}
    y = cls(*params, **hypers).sample(1).astype(dtype)
    mask = cp.asarray((rng.random(n) < 0.9).astype(dtype))
    weight = 0.7
    loss = cls(*params, targets=y, mask=mask, weight=weight, **hypers)
    d = spec.dim
    v = tuple(cp.asarray(rng.standard_normal(n).astype(dtype)) for _ in range(d))
    vpub = v[0] if d == 1 else v
    u = cp.asarray(rng.standard_normal(loss.fisher_factor_inner_shape).astype(dtype))
    fisher, factor = loss._fisher_entries(), loss._factor_entries()
    printer = cb.CuPyLossPrinter({"fully_qualified_modules": True, "allow_unknown_functions": False})
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
        "nll": (lambda: loss.nll(), lambda: base.run("nll", {spec.target: y}), "nll"),
        "grad_of_evaluate": (lambda: loss.grad_of_evaluate(),
                             lambda: tuple(g * s for g in base.run("grad", {spec.target: y})), "grad"),
        "mean": (lambda: loss.mean_sufficient_statistic(), lambda: base.run("mean"), "mean"),
        "fisher": (lambda: loss._compute_fisher(), lambda: base.run("fisher"), "fisher"),
        "factor": (lambda: loss._compute_factor(), lambda: base.run("factor"), "factor"),
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
            elif a.role == "hyper" and isinstance(loss._hypers[a.name], cp.ndarray):
                arrays += 1
        nbytes = arrays * n * item
        t_kernel = _time(cp, kernel_fn, repeat)
        t_base = _time(cp, baseline_fn, repeat)
        bw = nbytes / t_kernel
        rows.append((family.name, np.dtype(dtype).name, label, nbytes / 1e6, t_kernel * 1e3, bw / 1e9,
                     bw / copy_bw, t_base * 1e3, t_base / t_kernel))
    del loss, params, fisher, factor
    cp.get_default_memory_pool().free_all_blocks()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    ap.add_argument("--families", default="", help="comma-separated family names (default: all with CUDA kernels)")
    ap.add_argument("--dtypes", default="float32,float64")
    ap.add_argument("--log2n", type=int, default=26, help="log2 of the number of cases (default 26)")
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args(argv)
    cp = _require_gpu()
    import numpy as np

    from natloss.codegen import driver

    families = driver.builtin_families()
    if args.families:
        wanted = set(args.families.split(","))
        families = [f for f in families if f.name in wanted]
    n = 2 ** args.log2n
    props = cp.cuda.runtime.getDeviceProperties(cp.cuda.Device().id)
    name = props["name"].decode() if isinstance(props["name"], bytes) else props["name"]
    copy_bw = copy_bandwidth(cp, 1 << 30, args.repeat)
    rows = []
    for dtype in [np.dtype(x).type for x in args.dtypes.split(",")]:
        for family in families:
            bench_family(cp, np, family, dtype, n, args.repeat, copy_bw, rows)
    head = ("family", "dtype", "op", "min MB", "kernel ms", "GB/s", "of copy BW", "CuPy ops ms", "CuPy ops / kernel")
    title = f"{name}: n = 2**{args.log2n} cases; device-to-device copy bandwidth {copy_bw / 1e9:.0f} GB/s (read + write)"
    fmt = ("{}", "{}", "{}", "{:.0f}", "{:.3f}", "{:.0f}", "{:.0%}", "{:.3f}", "{:.1f}x")
    cells = [[f.format(x) for f, x in zip(fmt, row)] for row in rows]
    if args.markdown:
        print(f"**{title}**\n")
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join("---" if i < 3 else "---:" for i in range(len(head))) + "|")
        for c in cells:
            print("| " + " | ".join(c) + " |")
    else:
        print(title)
        widths = [max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(head)]
        print("  ".join(h.ljust(w) for h, w in zip(head, widths)))
        for c in cells:
            print("  ".join(x.ljust(w) for x, w in zip(c, widths)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
