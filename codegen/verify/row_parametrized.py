"""`natloss check` for a per-row parametrization of a coupled family (codegen/parametrize_rows.py).

The reference is the declaration alone: the family's naive A, T and log h written out for
K = 3 (`Sum.doit()`), eta_k = phi(z_k, r) substituted, differentiated by `mpmath.diff` at 50
digits. Against it, at points of the declared domains (the loss's own draws as targets):
nll, the gradient and the true Hessian in (z, r) (both dtypes, relative to the size of the
entries); J^T F J against E[H] (the Hessian's mean over the targets is its Fisher: the Hessian
at y = E[T], since the NLL is linear in T), B B^T = J^T F J on basis vectors, adjointness,
the replicated one-hot, finite differences of `evaluate` and of the gradient, and that the
Hessian factor is refused unless phi is affine. The family's own battery (`natloss check
FAMILY`) covers its sampler, normalization and accuracy sweep in eta.
"""
from __future__ import annotations

import math
import random
import time

import mpmath
import numpy as np
import sympy as sp

from natloss.codegen.primitives import to_naive
from natloss.codegen.validate import _domain_point
from natloss.codegen.verify.report import DPS, DTYPES, FD_TARGET, K_VECTOR, TARGET, Report, Row, _worst

ROWS = 3


def _reference(p, hypers: dict):
    """nll(z_0..z_{K-1}, r_1..r_m, y_0..y_{K-1}) for K = K_VECTOR, an mpmath function."""
    f, v = p.family, p.family.params[0]
    K = K_VECTOR
    z = sp.symbols(f"z0:{K}", real=True)
    r = [q.symbol for q in p.row_params]
    y = sp.symbols(f"y0:{K}", real=True)
    target = f.target.symbol
    subs = {h.symbol: sp.Float(hypers[h.name], DPS) if not h.integer else sp.Integer(hypers[h.name]) for h in f.hypers}

    def expand(e):
        e = sp.sympify(e).subs(v.size, K).doit()
        e = e.xreplace({v.base[i]: p.eta.xreplace({p.vector.symbol: z[i]}) for i in range(K)})
        return to_naive(e.xreplace({target[i]: y[i] for i in range(K)}).xreplace(subs))

    stat = [expand(f.sufficient_statistic[0].subs(v.k, i)) for i in range(K)]
    eta = [expand(v.base[i]) for i in range(K)]
    nll = expand(f.log_partition) - sum(e * t for e, t in zip(eta, stat)) - expand(f.log_base_measure)
    return sp.lambdify(list(z) + r + list(y), nll, modules="mpmath")


def _points(p, quick):
    rng = random.Random(4)
    count = 1 if quick else 2
    return [(np.array([[_domain_point(p.vector.domain, rng) for _ in range(K_VECTOR)] for _ in range(ROWS)]),
             [np.array([_domain_point(q.domain, rng) for _ in range(ROWS)]) for q in p.row_params]) for _ in range(count)]


def _as_reference_targets(loss, y):
    """The loss's targets as the reference's T arguments (class indices -> one-hot rows)."""
    if loss.target_support == "class_index":
        return np.eye(K_VECTOR)[np.asarray(y)]
    return np.asarray(y, dtype=float)


def _where(z, r, b):
    return "theta=(" + ", ".join(f"{x:.3g}" for x in list(z[b]) + [x[b] for x in r]) + ")"


def _flat(parts):
    return np.concatenate([parts[0]] + [x[:, None] for x in parts[1:]], axis=1)


def _check_mpmath(cls, ref, points, hypers, dtypes) -> list:
    rows = []
    for dtype in dtypes:
        errs = {"nll": [], "grad": [], "hessian": []}
        for z, r in points:
            theta = tuple(x.astype(dtype) for x in [z] + r)
            loss = cls(*theta, **hypers)
            y = loss.sample(0)
            loss = cls(*theta, targets=y, **hypers)
            yr = _as_reference_targets(loss, y)
            nll, grad, hess = loss.nll(), _flat(loss.grad_of_evaluate()), loss.per_case_hessian().dense()
            with mpmath.workdps(DPS):
                for b in range(ROWS):
                    at = [mpmath.mpf(float(x)) for x in list(theta[0][b]) + [t[b] for t in theta[1:]]]
                    fb = lambda *t: ref(*t, *[mpmath.mpf(float(c)) for c in yr[b]])  # noqa: E731
                    n = len(at)
                    exact = float(fb(*at))
                    errs["nll"].append((abs(float(nll[b]) - exact) / max(1.0, abs(exact)), _where(z, r, b)))
                    g = [float(mpmath.diff(fb, at, tuple(int(k == i) for k in range(n)))) for i in range(n)]
                    scale = max(1.0, max(abs(x) for x in g))
                    errs["grad"].append((max(abs(float(grad[b, i]) - g[i]) for i in range(n)) / scale, _where(z, r, b)))
                    H = [[float(mpmath.diff(fb, at, tuple(int(k == i) + int(k == j) for k in range(n)))) for j in range(n)]
                         for i in range(n)]
                    scale = max(1.0, max(abs(x) for row in H for x in row))
                    errs["hessian"].append((max(abs(float(hess[b, i, j]) - H[i][j]) for i in range(n) for j in range(n))
                                            / scale, _where(z, r, b)))
        for q, items in errs.items():
            rows.append(_worst("derivatives", f"{q} vs mpmath", dtype, items, TARGET[dtype]))
    return rows


def _expected_hessian(loss, hypers):
    """E[H] over the targets, exactly: H is affine in y = n e_c summed with weights p_c = E[y_c] / n
    (class indices, one-hot rows, counts), so E[H] = sum_c p_c H(n e_c); None where T is not y."""
    support, K = loss.target_support, K_VECTOR
    if support not in ("class_index", "one_hot", "counts"):
        return None
    n = int(hypers.get(loss._natural.target_bound, 1)) if support == "counts" else 1
    p = np.asarray(loss.mean_sufficient_statistic()) / n
    total = 0
    for c in range(K):
        y = np.full(ROWS, c) if support == "class_index" else n * np.eye(K, dtype=np.int64)[np.full(ROWS, c)]
        total = total + p[:, c, None, None] * loss.per_case_hessian(targets=y).dense()
    return total


def _check_products(cls, p, points, hypers) -> list:
    errs = {k: [] for k in ("F = E[H]", "B B^T = F", "adjoint", "one_hot", "fd_grad", "fd_hessian")}
    rng = np.random.default_rng(0)
    for z, r in points:
        y = cls(z, *r, **hypers).sample(1)
        loss = cls(z, *r, targets=y, **hypers)
        K = K_VECTOR
        F = loss.per_case_fisher().dense()
        EH = _expected_hessian(loss, hypers)
        if EH is not None:
            errs["F = E[H]"].append((abs(EH - F).max() / max(abs(F).max(), 1e-300), _where(z, r, 0)))
        cols = []
        for k in range(K):
            e = np.zeros((ROWS, K))
            e[:, k] = 1
            cols.append(_flat(loss.multiply_fisher_factor(e)))
            oh = _flat(loss.multiply_fisher_factor_replicated_one_hot((k,)))
            errs["one_hot"].append((abs(oh - cols[-1]).max() / max(abs(cols[-1]).max(), 1e-300), f"index=({k},)"))
        M = np.stack(cols, axis=-1)
        errs["B B^T = F"].append((abs(M @ np.swapaxes(M, 1, 2) - F).max() / max(abs(F).max(), 1e-300), _where(z, r, 0)))
        v = (rng.normal(size=z.shape), *(rng.normal(size=x.shape) for x in r))
        u = rng.normal(size=z.shape)
        lhs = (_flat(loss.multiply_fisher_factor(u)) * _flat(v)).sum()
        rhs = (u * loss.multiply_fisher_factor_transpose(v)).sum()
        errs["adjoint"].append((abs(lhs - rhs) / max(abs(lhs), 1.0), _where(z, r, 0)))
        h = 1e-6
        shifted = [cls(*(a + s * h * b for a, b in zip((z, *r), v)), targets=y, **hypers) for s in (1, -1)]
        fd = (shifted[0].evaluate() - shifted[1].evaluate()) / (2 * h)
        g = (_flat(loss.grad_of_evaluate()) * _flat(v)).sum()
        # Central differences round to eps |evaluate| / h: relative to the larger of |g| and |evaluate|.
        errs["fd_grad"].append((abs(fd - g) / max(abs(g), abs(loss.evaluate()), 1.0), _where(z, r, 0)))
        fd_h = (_flat(shifted[0].grad_of_evaluate()) - _flat(shifted[1].grad_of_evaluate())) / (2 * h)
        Hv = _flat(loss.multiply_hessian(v))
        errs["fd_hessian"].append((abs(fd_h - Hv).max() / max(abs(Hv).max(), 1.0), _where(z, r, 0)))
    targets = {"fd_grad": FD_TARGET, "fd_hessian": FD_TARGET * 10}
    return [_worst("products" if k not in targets else "finite differences", k, "float64", items, targets.get(k, TARGET["float64"]),
                   empty="not applicable (T is not linear in y)") for k, items in errs.items() if items or k != "F = E[H]"]


def _check_hessian_factor(cls, points, hypers) -> list:
    from natloss.runtime.parametrized import NoHessianFactorError

    z, r = points[0]
    loss = cls(z, *r, **hypers)
    try:
        loss.multiply_hessian_factor(np.zeros(z.shape))
        refused = False
    except NoHessianFactorError:
        refused = True
    ok = refused != bool(loss.canonical)
    return [Row("hessian_factor", "refused unless phi is affine", "-", 0.0 if ok else math.inf,
                f"canonical={loss.canonical}, refused={refused}", 0.0)]


def verify_row_parametrization(p, quick: bool = False, dtypes=DTYPES, hypers: dict | None = None,
                               backend: str = "numpy") -> Report:
    from natloss.codegen.driver import compile_family
    from natloss.codegen.verify.backends import loss_class

    start = time.perf_counter()
    hypers = dict(hypers or {h.name: h.default for h in p.family.hypers})
    cls = loss_class(compile_family(p), backend)  # BackendUnavailable where `backend` does not emit it
    ref = _reference(p, hypers)
    points = _points(p, quick)
    rows = _check_mpmath(cls, ref, points, hypers, tuple(np.dtype(d).name for d in dtypes))
    rows += _check_products(cls, p, points, hypers)
    rows += _check_hessian_factor(cls, points, hypers)
    return Report(p.name, tuple(rows), time.perf_counter() - start, backend)


__all__ = ["verify_row_parametrization"]
