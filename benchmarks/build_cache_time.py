"""A no-op `natloss build --check` with the build cache, against the same without it.

    python benchmarks/build_cache_time.py [--runs 5]

Runs `python -m natloss.codegen build --check` (this checkout's compiler, whatever
`natloss` is on PATH) as a subprocess against the checked-in generated/, with
NATLOSS_CACHE_DIR set to a fresh temporary folder:

1. `--no-cache` once: every declaration derived and rendered (the time before the cache);
2. once with the empty cache: the same, plus storing every entry (a cold cache);
3. `--runs` times with the filled cache: the no-op check (nothing derived).

Wall time (median, min) and the CPU time of the child (user + system), which a loaded
machine inflates far less than the wall time.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args, env):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "natloss.codegen", "build", "--check", *args],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"natloss build --check failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    return wall, cpu, proc.stdout.strip().splitlines()[-1]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    import sympy

    print(f"`python benchmarks/build_cache_time.py --runs {args.runs}`: {platform.machine()}, {os.cpu_count()} CPU(s),"
          f" Python {platform.python_version()}, SymPy {sympy.__version__}\n")
    with tempfile.TemporaryDirectory(prefix="natloss-cache-bench-") as folder:
        env = dict(os.environ, NATLOSS_CACHE_DIR=folder, PYTHONWARNINGS="ignore")
        env.pop("NATLOSS_NO_CACHE", None)
        rows = []
        for label, extra in (("--no-cache (every declaration derived)", ["--no-cache"]),
                             ("empty cache (derived and stored)", [])):
            load = os.getloadavg()[0]
            wall, cpu, report = run(extra, env)
            rows.append((label, f"{wall:.2f}", "", f"{cpu:.2f}", f"{load:.1f}"))
            print(f"  {label}: {report}", file=sys.stderr)
        walls, cpus, loads = [], [], []
        for _ in range(args.runs):
            loads.append(os.getloadavg()[0])
            wall, cpu, report = run([], env)
            walls.append(wall)
            cpus.append(cpu)
        print(f"  no-op: {report}", file=sys.stderr)
        rows.append((f"no-op, filled cache (median of {args.runs})", f"{statistics.median(walls):.2f}",
                     f"{min(walls):.2f}", f"{statistics.median(cpus):.2f}", f"{statistics.median(loads):.1f}"))
    print("| natloss build --check | wall s | min wall s | CPU s (user + sys) | load |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
