"""Worst relative error of the Bessel helpers of natloss.runtime.numpy_math against mpmath.

    python benchmarks/special_functions.py

Grid: x in {0} and [1e-12, 1e6] (log-spaced) plus [0.1, 40] and the branch points 2 and 20;
orders nu = 0, 0.5, 1, 2.5, 4. log I_nu for nu > 0 is measured relative to max(|log I_nu|, 1)
(it crosses 0 where I_nu(x) = 1). tests/test_special_functions.py asserts the targets.
"""
import mpmath as mp
import numpy as np

from natloss.runtime import numpy_math as m

mp.mp.dps = 50
XS = np.unique(np.concatenate([np.logspace(-12, 6, 300), np.linspace(0.1, 40, 200), [0.0, 1.999, 2.0, 19.999, 20.0]]))


def reference(kind, nu, x):
    if x == 0 and kind == "ratio":
        return mp.mpf(0)
    x = mp.mpf(x) if x > 0 else mp.mpf("1e-30")  # the limits of R' and of the gap, to 1e-60
    with mp.workdps(80 + 2 * int(mp.log10(x + 1)) + 3 * max(0, int(-mp.log10(x)))):
        if kind == "log":
            return mp.log(mp.besseli(nu, x))
        r = mp.besseli(nu + 1, x) / mp.besseli(nu, x)
        d = 1 - r * r - (2 * nu + 1) * r / x
        return {"ratio": r, "deriv": d, "gap": (x * d - r) / x**3}[kind]


def main():
    funcs = {"log": m.log_besseli, "ratio": m.bessel_ratio, "deriv": m.bessel_ratio_deriv, "gap": m.bessel_ratio_gap}
    print("| function | dtype | worst rel. error | at nu, x |")
    print("|---|---|---|---|")
    for kind, fn in funcs.items():
        for dtype in (np.float64, np.float32):
            worst = (0.0, None)
            for nu in (0, 0.5, 1, 2.5, 4):
                x = XS.astype(dtype)
                x = x[np.isfinite(x)]
                got = fn(nu, x).astype(np.float64)
                for xv, g in zip(x.astype(np.float64), got):
                    if kind == "log" and xv == 0:
                        continue
                    r = float(reference(kind, nu, xv))
                    scale = max(abs(r), 1.0) if kind == "log" and nu > 0 else abs(r)
                    err = abs(g - r) / scale if scale else abs(g)
                    if err > worst[0]:
                        worst = (err, (nu, xv))
            print(f"| {kind} | {np.dtype(dtype).name} | {worst[0]:.1e} | {worst[1]} |")


if __name__ == "__main__":
    main()
