"""Coupled families against 50-digit mpmath closed forms (benchmarks/accuracy_coupled.py)."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

_path = Path(__file__).resolve().parents[1] / "benchmarks" / "accuracy_coupled.py"
_spec = importlib.util.spec_from_file_location("accuracy_coupled", _path)
acc = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(acc)

# Measured, not yet in target: each needs a digamma/trigamma-difference primitive (as the Beta).
MISSING = {
    ("dirichlet", "mean", "float64"): "1.5e-10: digamma(alpha_k) - digamma(sum alpha) cancels when alpha_k dominates",
    ("dirichlet", "mean", "float32"): "1.7e-1: as float64",
    ("dirichlet", "factor_column", "float64"): "7.6e-11: 1 - trigamma(S) sum 1/trigamma(alpha_k) cancels in a",
    ("dirichlet", "factor_column", "float32"): "4.3e-2: as float64",
    ("dirichlet", "factor_product", "float32"): "2.7e-5: a's cancellation, as factor_column",
    ("dirichlet", "factor_transpose_product", "float32"): "1.6e-5: a's cancellation, as factor_column",
}
_CACHE = {}


def _errors(family, dtype):
    if (family, dtype) not in _CACHE:
        _CACHE[family, dtype] = acc.measure(family, dtype)
    return _CACHE[family, dtype]


CASES = [
    pytest.param(f, op, d, id=f"{f}-{op}-{np.dtype(d).name}",
                 marks=[pytest.mark.xfail(strict=True, reason=MISSING[f, op, np.dtype(d).name])]
                 if (f, op, np.dtype(d).name) in MISSING else [])
    for f in acc.FAMILIES for d in (np.float64, np.float32)
    for op in ("nll", "mean", "factor_column", "fisher_product", "factor_product", "factor_transpose_product")
]


@pytest.mark.parametrize("family, op, dtype", CASES)
def test_coupled_accuracy(family, op, dtype):
    err = _errors(family, dtype)[op]
    assert err <= acc.TARGET[dtype], f"{family} {op} {np.dtype(dtype).name}: worst error {err:.2e} > {acc.TARGET[dtype]}"
