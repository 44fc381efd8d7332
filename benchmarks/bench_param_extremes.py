"""Speed cost of the parametrizations' extreme-point fixes (RESULTS.md section 10): the generated
NumPy classes of a commit before them against this tree's, 100 000 cases, best of 15 interleaved
runs (the machine is shared). Usage: python benchmarks/bench_param_extremes.py [OLD_COMMIT]"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
import timeit
from pathlib import Path

import numpy as np

import natloss.generated.numpy as G

OLD = sys.argv[1] if len(sys.argv) > 1 else "f4d2899"
CASES = [("normal_mean_log_scale", "NormalMeanLogScaleNegativeLogProbLoss", 2),
         ("normal_mean_softplus_scale", "NormalMeanSoftplusScaleNegativeLogProbLoss", 2),
         ("bernoulli_cloglog", "BernoulliCLogLogNegativeLogProbLoss", 1)]


def old_class(name, cls, folder):
    path = Path(folder) / f"{name}.py"
    root = Path(__file__).resolve().parents[1]
    path.write_text(subprocess.run(["git", "-C", str(root), "show", f"{OLD}:generated/numpy/{name}.py"],
                                   check=True, capture_output=True, text=True).stdout)
    spec = importlib.util.spec_from_file_location(f"old_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, cls)


def main():
    rng = np.random.default_rng(0)
    n = 100_000
    print("| parametrization | nll | grad | F v | H v |\n|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, cls, d in CASES:
            classes = {"old": old_class(name, cls, folder), "new": getattr(G, cls)}
            x = [rng.standard_normal(n) for _ in range(d)]
            y = (rng.random(n) < 0.5).astype(float) if d == 1 else rng.standard_normal(n)
            v = rng.standard_normal(n) if d == 1 else [rng.standard_normal(n) for _ in range(d)]
            losses = {k: c(*x, targets=y) for k, c in classes.items()}
            ops = {"nll": lambda loss: loss.evaluate(), "grad": lambda loss: loss.grad_of_evaluate(),
                   "F v": lambda loss: loss.multiply_fisher(v), "H v": lambda loss: loss.multiply_hessian(v)}
            best = {(k, o): float("inf") for k in losses for o in ops}
            for _ in range(15):
                for o, f in ops.items():
                    for k, loss in losses.items():
                        f(loss)
                        best[k, o] = min(best[k, o], timeit.timeit(lambda: f(loss), number=3) / 3)
            cells = " | ".join(f"{best['old', o] * 1e3:.2f} / {best['new', o] * 1e3:.2f}" for o in ops)
            print(f"| {name} (old / new, ms) | {cells} |")


if __name__ == "__main__":
    main()
