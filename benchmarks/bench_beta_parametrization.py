"""The Beta (logit mean, log precision) against an older generated class, side by side in one process.

    python benchmarks/bench_beta_parametrization.py OLD_COMMIT

NumPy backend, 100 000 cases, theta standard normal, y uniform in (0.01, 0.99); best of 15 interleaved
runs of 3 calls, ms. "F" and "H" build a fresh loss and compute the per-case entries and one product
(what a step pays once); "F v" and "H v" are products with the entries cached. Prints old / new."""
import importlib.util
import subprocess
import sys
import tempfile
import timeit
from pathlib import Path

import numpy as np

import natloss.generated.numpy as G

OLD, name, cls = sys.argv[1], "beta_logit_mean_log_precision", "BetaLogitMeanLogPrecisionNegativeLogProbLoss"
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / f"{name}.py"
    text = subprocess.run(["git", "show", f"{OLD}:generated/numpy/{name}.py"], check=True, capture_output=True, text=True).stdout
    path.write_text(text)
    spec = importlib.util.spec_from_file_location(f"old_{name}", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    classes = {"old": getattr(mod, cls), "new": getattr(G, cls)}
    rng = np.random.default_rng(0)
    n = 100_000
    x = [rng.standard_normal(n), rng.standard_normal(n)]
    y = rng.uniform(0.01, 0.99, n)
    v = [rng.standard_normal(n) for _ in range(2)]
    losses = {k: c(*x, targets=y) for k, c in classes.items()}
    ops = {
        "nll": lambda k: losses[k].evaluate(),
        "grad": lambda k: losses[k].grad_of_evaluate(),
        "mean": lambda k: losses[k].mean_sufficient_statistic(),
        "F": lambda k: classes[k](*x, targets=y).multiply_fisher(v),
        "B": lambda k: classes[k](*x, targets=y).multiply_fisher_factor_transpose(v),
        "H": lambda k: classes[k](*x, targets=y).multiply_hessian(v),
        "F v": lambda k: losses[k].multiply_fisher(v),
        "H v": lambda k: losses[k].multiply_hessian(v),
    }
    best = {(k, o): float("inf") for k in classes for o in ops}
    for _ in range(15):
        for o, f in ops.items():
            for k in classes:
                f(k)
                best[k, o] = min(best[k, o], timeit.timeit(lambda: f(k), number=3) / 3)
    print("| " + " | ".join(ops) + " |")
    print("| " + " | ".join(f"{best['old', o] * 1e3:.2f} / {best['new', o] * 1e3:.2f}" for o in ops) + " |")
