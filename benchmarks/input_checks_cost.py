"""What the input checks and the masked-case select cost: construction and a few products,
with and without a mask (NumPy, float32). Run it with the interpreter of each checkout to compare:

    python benchmarks/input_checks_cost.py
"""
from __future__ import annotations

import timeit

import numpy as np

import natloss.generated.numpy as g


def best_ms(f, repeat=30):
    return min(timeit.repeat(f, number=1, repeat=repeat)) * 1e3


def main():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(1_000_000).astype(np.float32)
    y = rng.poisson(np.exp(x))
    v = rng.standard_normal(x.shape).astype(np.float32)
    mask = (rng.random(x.shape) < 0.9).astype(np.float32)
    z = rng.standard_normal((4096, 256)).astype(np.float32)
    c = rng.integers(0, 256, 4096)
    vz = rng.standard_normal(z.shape).astype(np.float32)
    mz = (rng.random(4096) < 0.9).astype(np.float32)
    print("| case | construct | grad_of_evaluate | multiply_fisher | multiply_fisher_factor_transpose |")
    print("|---|---|---|---|---|")
    for name, cls, p, t, vec, m in (("Poisson, 1e6 cases", g.PoissonNegativeLogProbLoss, x, y, v, mask),
                                    ("Categorical, 4096 x 256", g.CategoricalLogitsNegativeLogProbLoss, z, c, vz, mz)):
        for label, kw in (("", {}), (", mask", {"mask": m})):
            loss = cls(p, targets=t, **kw)
            loss.multiply_fisher(vec)
            loss.multiply_fisher_factor_transpose(vec)
            cells = [best_ms(lambda: cls(p, targets=t, **kw)), best_ms(loss.grad_of_evaluate),
                     best_ms(lambda: loss.multiply_fisher(vec)), best_ms(lambda: loss.multiply_fisher_factor_transpose(vec))]
            print(f"| {name}{label} | " + " | ".join(f"{c:.2f} ms" for c in cells) + " |")


if __name__ == "__main__":
    main()
