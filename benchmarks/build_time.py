"""How long the compiler takes: the whole `natloss build --check`, and the stages per family.

    python benchmarks/build_time.py [--runs 3] [--markdown] [--families a,b]

1. `natloss build --check` as a subprocess (interpreter start, imports, every family's
   symbolic stages, printing, rendering and the diff against generated/), `--runs` times,
   median and min of the wall time.
2. In process, per family: each symbolic stage of `natloss.codegen.driver.compile_family`
   (validate, canonicalize, derive, stabilize, lower) timed separately, then the backend
   output (`driver.backend_files`: the printers and templates), median of `--runs`.
   A fresh declaration object is loaded for every run (`importlib.reload`) and SymPy's
   global cache is cleared before it, so every run is as cold as the CLI's single pass
   (`--warm` keeps the SymPy cache between runs).
"""
from __future__ import annotations

import argparse
import importlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path



ROOT = Path(__file__).resolve().parent.parent


def _revision():
    """The checkout's commit, and whether the tree has uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"
    return f"natloss {head or '?'}{' + uncommitted changes' if dirty else ''}"


def _natloss_cmd():
    exe = shutil.which("natloss")
    if exe:
        return [exe]
    return [sys.executable, "-c", "import sys; from natloss.codegen.cli import main; sys.exit(main())"]


def time_cli(runs):
    cmd = _natloss_cmd() + ["build", "--check"]
    times, last = [], None
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        last = proc
    return times, last


def _fresh_family(name):
    """The declaration `name`, re-imported so no cached_property survives from an earlier run."""
    from natloss.codegen import driver

    module = importlib.import_module(f"natloss.codegen.families.{name}")
    module = importlib.reload(module)
    return driver.families_in(module)


def time_stages(names, runs, warm=False):
    from sympy.core.cache import clear_cache

    from natloss.codegen import driver

    stage_names = [s.__name__ for s in driver.SYMBOLIC_STAGES] + ["backends"]
    rows = []
    for name in names:
        per_stage = {s: [] for s in stage_names}
        totals = []
        for _ in range(runs):
            if not warm:
                clear_cache()
            for family in _fresh_family(name):
                obj, total = family, 0.0
                for stage in driver.SYMBOLIC_STAGES:
                    start = time.perf_counter()
                    obj = stage(obj)
                    dt = time.perf_counter() - start
                    per_stage[stage.__name__].append(dt)
                    total += dt
                start = time.perf_counter()
                driver.backend_files(obj)
                dt = time.perf_counter() - start
                per_stage["backends"].append(dt)
                totals.append(total + dt)
        # one declaration module may hold several families: sum them per run
        k = max(1, len(totals) // runs)
        med = {s: statistics.median(sum(v[i * k:(i + 1) * k]) for i in range(runs)) for s, v in per_stage.items()}
        rows.append((name, med, statistics.median(sum(totals[i * k:(i + 1) * k]) for i in range(runs))))
    return stage_names, rows


def family_modules():
    import pkgutil

    import natloss.codegen.families as package

    return sorted(m.name for m in pkgutil.iter_modules(package.__path__))


def render(stage_names, rows, markdown):
    head = ["family"] + [f"{s} ms" for s in stage_names] + ["total ms"]
    body = [[n] + [f"{med[s] * 1e3:.1f}" for s in stage_names] + [f"{tot * 1e3:.1f}"] for n, med, tot in rows]
    body.append(["all"] + [f"{sum(r[1][s] for r in rows) * 1e3:.1f}" for s in stage_names]
                + [f"{sum(r[2] for r in rows) * 1e3:.1f}"])
    widths = [max(len(r[i]) for r in [head] + body) for i in range(len(head))]
    out = []
    for j, r in enumerate([head] + body):
        if markdown:
            out.append("| " + " | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))) + " |")
            if j == 0:
                out.append("|" + "|".join("-" * (w + 1) + ":" if i else "-" * (w + 2) for i, w in enumerate(widths)) + "|")
        else:
            out.append("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))))
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--families", default=None, help="comma-separated declaration modules (default: all)")
    ap.add_argument("--skip-cli", action="store_true")
    ap.add_argument("--warm", action="store_true", help="keep SymPy's cache between the in-process runs")
    args = ap.parse_args(argv)
    import numpy
    import sympy

    command = "python benchmarks/build_time.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(f"`{command.strip()}`\n" if args.markdown else command.strip())
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPU(s), load {os.getloadavg()[0]:.1f};"
          f" Python {platform.python_version()}, SymPy {sympy.__version__}, NumPy {numpy.__version__}; {_revision()}\n")

    if not args.skip_cli:
        times, proc = time_cli(args.runs)
        status = "up to date" if proc.returncode == 0 else f"exit {proc.returncode} (out of date or failing)"
        print(f"natloss build --check: median {statistics.median(times):.2f} s, min {min(times):.2f} s"
              f" over {args.runs} runs; {status}")
        reported = (proc.stdout.strip().splitlines() or [""])[-1] if proc.returncode == 0 else proc.stderr.strip()[-300:]
        print(f"  its own report: {reported}\n")

    names = args.families.split(",") if args.families else family_modules()
    stage_names, rows = time_stages(names, args.runs, args.warm)
    cache = "warm" if args.warm else "cleared before each run"
    print(f"in process, median of {args.runs} runs per family, SymPy cache {cache}"
          " (the symbolic stages of compile_family, then the backends' printers and templates):\n")
    print(render(stage_names, rows, args.markdown))


if __name__ == "__main__":
    main()
