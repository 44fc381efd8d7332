"""Accuracy of the built-in parametrizations (codegen/parametrizations/) against 50-digit mpmath.

    python benchmarks/parametrization_accuracy.py

For every point of tests/test_parametrizations.py (moderate and extreme; float32 only where
theta and y are representable and |theta| <= 30), the relative error of the NLL, the gradient,
the true Hessian (both against mpmath's derivatives of a closed-form log density at 50 digits)
and the Fisher J^T F J (against a closed form), each over its largest entry; points where the
exact value under- or overflows the dtype are left out. A markdown table of the worst error per
class, quantity and dtype, with the point.
"""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import test_parametrizations as T  # noqa: E402 - the references live with the tests

QUANTITIES = ("nll", "grad", "hessian", "fisher")


def main() -> None:
    warnings.simplefilter("ignore")
    print("| class | dtype | " + " | ".join(f"{q} (worst, at θ, y)" for q in QUANTITIES) + " |")
    print("|---|---|" + "---|" * len(QUANTITIES))
    for name in T.NAMES:
        _, _, _, moderate, extreme, hypers = T.CASES[name]
        for dtype in (np.float64, np.float32):
            worst = {q: (0.0, None) for q in QUANTITIES}
            for theta, y in moderate + extreme:
                if dtype == np.float32 and (max(abs(t) for t in theta) > 30 or not (y == 0 or 1e-30 < abs(y) < 1e30)):
                    continue
                loss = T._loss(name, theta, y, hypers, dtype)
                with np.errstate(all="ignore"):
                    got = T._generated(loss, len(theta))
                # the reference at the inputs as rounded to the dtype
                ref = T._ref(name, [float(np.asarray(t, dtype)) for t in theta], float(np.asarray(y, dtype)), hypers)
                info = np.finfo(dtype)
                for q, g, r in zip(QUANTITIES, got, ref):
                    size = float(np.max(np.abs(np.vectorize(float, otypes=[float])(np.array(r, dtype=object)))))
                    if not info.tiny <= size <= info.max:
                        continue  # the exact value under- or overflows this dtype
                    err = T._rel([g], [r]) if q == "nll" else T._rel(g, r)
                    if err >= worst[q][0]:
                        worst[q] = (err, f"{theta}, {y:g}")
            cells = " | ".join(f"{e:.1e} at {at}" for e, at in worst.values())
            print(f"| {name} | {np.dtype(dtype).name} | {cells} |")


if __name__ == "__main__":
    main()
