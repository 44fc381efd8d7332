"""The verifier's report: rows of (check, quantity, dtype, worst error, where, target), and the targets."""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

DPS = 50
TARGET = {"float64": 1e-12, "float32": 1e-5}
DTYPES = ("float64", "float32")
K_VECTOR = 3  # length of the coupled axis the checks use
EPS64 = float(np.finfo(np.float64).eps)
FD_TARGET = 1e3 * EPS64 ** (2 / 3)  # central differences with the optimal step
Z_TARGET = 5.0  # sampler z-tests
NORMALIZATION_TARGET = 1e-10


@dataclass(frozen=True)


class Row:
    check: str
    quantity: str
    dtype: str
    error: float
    where: str
    target: float
    note: str = ""

    @property
    def passed(self) -> bool:
        return self.error <= self.target  # NaN compares False: a failure


@dataclass(frozen=True)


class Report:
    family: str
    rows: tuple
    seconds: float = 0.0
    backend: str = "numpy"  # whose classes ran the checks (verify/backends.py)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.rows)

    @property
    def failures(self) -> tuple:
        return tuple(r for r in self.rows if not r.passed)

    def table(self, markdown: bool = False) -> str:
        head = ("check", "quantity", "dtype", "worst error", "target", "at", "result")
        lines = [(r.check, r.quantity + (f" ({r.note})" if r.note else ""), r.dtype, _fmt(r.error), f"{r.target:.0e}",
                  r.where, "pass" if r.passed else "FAILED") for r in self.rows]
        if markdown:
            out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            out += ["| " + " | ".join(x.replace("|", "\\|") for x in line) + " |" for line in lines]
            return "\n".join(out)
        widths = [min(max(len(x) for x in col), 60) for col in zip(head, *lines)]
        return "\n".join("  ".join(x.ljust(w) for x, w in zip(line, widths)).rstrip() for line in [head] + lines)


def _fmt(x: float) -> str:
    return "nan" if math.isnan(x) else ("inf" if math.isinf(x) else f"{x:.1e}")


def _worst(check, quantity, dtype, items, target, note="", empty="no points") -> Row:
    """One row from (error, where) pairs: the worst (NaN counts as worst)."""
    items = list(items)
    if not items:
        return Row(check, quantity, dtype, math.inf, empty, target, note)
    err, where = max(items, key=lambda it: math.inf if math.isnan(it[0]) else it[0])
    return Row(check, quantity, dtype, err, where, target, note)
