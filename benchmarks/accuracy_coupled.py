"""Accuracy of the coupled families against 50-digit mpmath, at logits up to +-1e4 (f64) / +-1e3 (f32).

    python benchmarks/accuracy_coupled.py [--markdown] [--basis]

References are closed forms evaluated in mpmath at the dtype-rounded inputs, not the
compiler's derivation: softmax p, -log p_y, F = diag(p) - p p^T (multinomial: n times that),
B = diag(sqrt p) - p sqrt(p)^T (K-FAC's factor), their diagonals with 1 - p_i summed from the others, and for the Dirichlet
F = diag(trigamma(alpha)) - trigamma(sum alpha) 1 1^T with B = D^(1/2)(I + a w w^T).

* nll, mean (E[T]), grad: relative error per entry where the exact value is a normal
  number of the dtype; an exact value below the normal range must come out as 0 or a
  subnormal, and never NaN or inf.
* products F v, B u, B^T v with random v of both signs: |got - ref| / (|M| |v|) per entry,
  where |M| |v| is the sum of the absolute terms. A product with an arbitrary v can cancel
  (v_k - p.v), so this is the accuracy a product can promise (as for BLAS); the factor
  itself is also checked entry by entry through B e_j (relative, as for nll).
* ``--basis``: F, B and B^T applied to every basis vector e_j through the products
  (``multiply_fisher``, ``multiply_fisher_factor``, ``multiply_fisher_factor_transpose``),
  i.e. the matrices entry by entry, relative to each entry (an entry is one exact number,
  there is no sum to cancel; below the normal range it must come out as 0 or a subnormal),
  at rows whose largest logit leads the others by a margin of 0 to 700 (float64) and 0 to
  80 (float32); and the assembled F, symmetrized, must be positive semi-definite up to what
  that entry target allows: lambda_min((F + F^T)/2) >= -target ||F_ref||_inf (Weyl), at 50
  digits. The Dirichlet gets rows from alpha = 1e-6 to 1e6, dominated by one entry or not.
  At the same rows, ``F v``, ``B u``, ``B^T v`` with random v of both signs are measured
  componentwise against the matrix itself: |got_i - ref_i| / sum_j |M_ij v_j| (the bound of
  a backward-stable product with M; the representation's bound above is looser).
"""
from __future__ import annotations

import argparse
import sys

import mpmath
import numpy as np

from natloss.generated import numpy as gen

TARGET = {np.float64: 1e-12, np.float32: 1e-5}
mpmath.mp.dps = 50


def logit_rows(dtype, K=6):
    big = 1e4 if dtype == np.float64 else 1e3
    rows = [
        [big, 0, -big, 5, -5, 1e-8],
        [0, 0, 0, 0, 0, 0],
        [700, 699.5, -700, 1e-8, 0, 3] if dtype == np.float64 else [80, 79.5, -80, 1e-8, 0, 3],
        [-big, -big + 1, -big + 2, -big + 30, -big + 40, -big + 45],
        [20, -20, 0.5, -0.5, 13, -13],
    ]
    rng = np.random.default_rng(0)
    rows += list(rng.normal(size=(3, K)) * np.array([[1.0], [30.0], [300.0]]))
    return np.array(rows, dtype=dtype)


def _softmax_mp(row):
    m = max(row)
    e = [mpmath.exp(x - m) for x in row]
    s = mpmath.fsum(e)
    return [x / s for x in e], m + mpmath.log(s)


def reference_categorical(x, trials=1):
    out = []
    for row in x:
        row = [mpmath.mpf(float(v)) for v in row]
        p, lse = _softmax_mp(row)
        K = len(row)
        F = mpmath.matrix(K, K)
        B = mpmath.matrix(K, K)
        for i in range(K):
            # 1 - p_i as the sum of the others: at a margin of 700, 1 - p_argmax ~ 1e-304 would
            # cancel to 0 even at 50 digits.
            rest = mpmath.fsum(p[:i] + p[i + 1:])
            for j in range(K):
                F[i, j] = trials * (p[i] * rest if i == j else -p[i] * p[j])
                B[i, j] = mpmath.sqrt(trials) * (mpmath.sqrt(p[i]) * rest if i == j else -p[i] * mpmath.sqrt(p[j]))
        n = mpmath.mpf(trials)
        parts = dict(D=[n * x for x in p], c=-n, u=p, sqrt_d=[mpmath.sqrt(n * x) for x in p],
                     w=[mpmath.sqrt(x / n) for x in p], a=-n)
        out.append({"p": p, "lse": lse, "F": F, "B": B, "row": row, "parts": parts})
    return out


def reference_dirichlet(alpha):
    out = []
    for row in alpha:
        row = [mpmath.mpf(float(v)) for v in row]
        K = len(row)
        s = mpmath.fsum(row)
        d = [mpmath.psi(1, a) for a in row]
        c = -mpmath.psi(1, s)
        w = [1 / mpmath.sqrt(x) for x in d]
        w2 = mpmath.fsum(x * x for x in w)
        a = c / (1 + mpmath.sqrt(1 + c * w2))
        F = mpmath.matrix(K, K)
        B = mpmath.matrix(K, K)
        for i in range(K):
            for j in range(K):
                F[i, j] = (d[i] if i == j else 0) + c
                B[i, j] = mpmath.sqrt(d[i]) * ((1 if i == j else 0) + a * w[i] * w[j])
        parts = dict(D=d, c=c, u=[mpmath.mpf(1)] * K, sqrt_d=[mpmath.sqrt(x) for x in d], w=w, a=a)
        out.append({"F": F, "B": B, "row": row, "sum": s, "mean": [mpmath.psi(0, x) - mpmath.psi(0, s) for x in row],
                    "parts": parts})
    return out


def _rel(got, ref, dtype):
    """Worst relative error; exact values below the normal range must give 0/subnormal, never NaN."""
    finfo = np.finfo(dtype)
    worst = 0.0
    for g, r in zip(np.ravel(got), ref):
        r = mpmath.mpf(r)
        if not np.isfinite(g):
            return float("inf")
        if abs(r) < finfo.tiny:
            if abs(g) > 2 * float(finfo.tiny):
                worst = max(worst, float("inf"))
            continue
        worst = max(worst, float(abs(mpmath.mpf(float(g)) - r) / abs(r)))
    return worst


def _product_err(got, ref_product, scale, dtype):
    """max_k |got_k - ref_k| / scale_k, scale_k the product's backward-error bound (below).

    An exact result below the dtype's normal range must come out as 0 or a subnormal."""
    finfo = np.finfo(dtype)
    worst = 0.0
    for g, r, s in zip(got, ref_product, scale):
        if not np.isfinite(g):
            return float("inf")
        if s < finfo.tiny:
            if abs(g) > 2 * float(finfo.tiny):
                return float("inf")
            continue
        worst = max(worst, float(abs(mpmath.mpf(float(g)) - r) / s))
    return worst


def structured_products(D, c, u, sqrt_d, w, a, v):
    """F v = D v + c u (u.v), B v = D^(1/2)(v + a w (w.v)), B^T v = D^(1/2) v + a w (u.v),
    each with its scale: the same sums over absolute values. An error within eps times that
    scale is what the factored product can promise (BLAS-style); the entries of B are
    checked relative to themselves through B e_j."""
    K = len(v)
    v = [mpmath.mpf(float(x)) for x in v]
    uv, auv = mpmath.fsum(a_ * b for a_, b in zip(u, v)), mpmath.fsum(abs(a_ * b) for a_, b in zip(u, v))
    wv, awv = mpmath.fsum(a_ * b for a_, b in zip(w, v)), mpmath.fsum(abs(a_ * b) for a_, b in zip(w, v))
    F = ([D[k] * v[k] + c * u[k] * uv for k in range(K)], [abs(D[k] * v[k]) + abs(c * u[k]) * auv for k in range(K)])
    B = ([sqrt_d[k] * (v[k] + a * w[k] * wv) for k in range(K)],
         [abs(sqrt_d[k]) * (abs(v[k]) + abs(a * w[k]) * awv) for k in range(K)])
    BT = ([sqrt_d[k] * v[k] + a * w[k] * uv for k in range(K)], [abs(sqrt_d[k] * v[k]) + abs(a * w[k]) * auv for k in range(K)])
    return F, B, BT


def measure(family: str, dtype) -> dict:
    """Worst error per op for one coupled family and dtype."""
    rng = np.random.default_rng(1)
    if family == "dirichlet":
        x = np.exp(logit_rows(dtype) / (50 if dtype == np.float64 else 20)).astype(dtype)
        x = np.clip(x, 1e-6, 1e6).astype(dtype)
        refs = reference_dirichlet(x)
        y = rng.dirichlet(np.ones(x.shape[-1]), size=x.shape[0]).astype(dtype)
        y /= y.sum(-1, keepdims=True)
        loss = gen.DirichletNegativeLogProbLoss(x, targets=y)
    else:
        x = logit_rows(dtype)
        trials = 7 if family == "multinomial" else 1
        refs = reference_categorical(x, trials)
        if family == "categorical":
            y = np.array([0, 3, 2, 5, 1, 0, 4, 2])[: len(x)]
            loss = gen.CategoricalLogitsNegativeLogProbLoss(x, targets=y)
        elif family == "one_hot_categorical":
            y = np.eye(x.shape[-1], dtype=np.int64)[np.array([0, 3, 2, 5, 1, 0, 4, 2])[: len(x)]]
            loss = gen.OneHotCategoricalLogitsNegativeLogProbLoss(x, targets=y)
        else:
            y = rng.multinomial(trials, np.ones(x.shape[-1]) / x.shape[-1], size=len(x))
            loss = gen.MultinomialLogitsNegativeLogProbLoss(x, targets=y, trials=trials)
    K = x.shape[-1]
    errs = {k: 0.0 for k in ("nll", "mean", "factor_column", "fisher_product", "factor_product", "factor_transpose_product")}
    nll = loss.nll()
    mean = loss.mean_sufficient_statistic()
    v = rng.normal(size=x.shape).astype(dtype)
    Fv, Bu, BTv = loss.multiply_fisher(v), loss.multiply_fisher_factor(v), loss.multiply_fisher_factor_transpose(v)
    columns = [loss.multiply_fisher_factor_replicated_one_hot((j,)) for j in range(K)]
    for b, ref in enumerate(refs):
        if family == "dirichlet":
            row_y = [mpmath.mpf(float(t)) for t in y[b]]
            nll_ref = (mpmath.fsum(mpmath.loggamma(a) for a in ref["row"]) - mpmath.loggamma(ref["sum"])
                       - mpmath.fsum((a - 1) * mpmath.log(t) for a, t in zip(ref["row"], row_y)))
            mean_ref = ref["mean"]
        else:
            counts = [mpmath.mpf(int(c)) for c in (np.eye(K)[y[b]] if family == "categorical" else y[b])]
            n = mpmath.fsum(counts)
            log_coef = mpmath.loggamma(n + 1) - mpmath.fsum(mpmath.loggamma(c + 1) for c in counts)
            nll_ref = -(log_coef + mpmath.fsum(c * (r - ref["lse"]) for c, r in zip(counts, ref["row"])))
            mean_ref = [n * p for p in ref["p"]]
        errs["nll"] = max(errs["nll"], _rel([nll[b]], [nll_ref], dtype))
        errs["mean"] = max(errs["mean"], _rel(mean[b], mean_ref, dtype))
        for j in range(K):
            errs["factor_column"] = max(errs["factor_column"], _rel(columns[j][b], [ref["B"][i, j] for i in range(K)], dtype))
        F, B, BT = structured_products(v=v[b], **ref["parts"])
        errs["fisher_product"] = max(errs["fisher_product"], _product_err(Fv[b], *F, dtype))
        errs["factor_product"] = max(errs["factor_product"], _product_err(Bu[b], *B, dtype))
        errs["factor_transpose_product"] = max(errs["factor_transpose_product"], _product_err(BTv[b], *BT, dtype))
    return errs


FAMILIES = ("categorical", "one_hot_categorical", "multinomial", "dirichlet")
MARGINS = {np.float64: (0, 1, 5, 18, 25, 40, 100, 300, 700), np.float32: (0, 1, 5, 10, 18, 40, 80)}
BASIS_OPS = ("F e_j", "B e_j", "B^T e_j", "PSD", "F v", "B u", "B^T v")
TRIALS = 7  # the multinomial's


def margin_rows(margin, K=6):
    """Rows whose largest logit leads by `margin`: one dominant entry (at a different place in
    each row), a spread of margins, two tied leaders."""
    m = float(margin)
    rows = [np.roll([0.0] + [-m] * (K - 1), j) for j in (0, 2, K - 1)]
    rows.append(np.linspace(0.0, -m, K)[::-1])
    rows.append([0.0, 0.0] + [-m] * (K - 2))
    rows.append([0.0] + list(-m - np.arange(1, K) * 0.37))
    return rows


def dirichlet_basis_rows(K=6):
    rng = np.random.default_rng(K)
    return [[1e6] * K, [1e-6] * K, [0.11] * K, [1e6] + [1e-6] * (K - 1), [3.0] + [1e-6] * (K - 1),
            [1e-6] * (K - 1) + [50.0], [1e3, 1e3] + [1.0] * (K - 2), list(10.0 ** rng.uniform(-6, 6, K))]


def basis_groups(family: str, dtype, margins=None) -> list:
    """(label, rows) groups of the basis-vector measurement (margins: default MARGINS[dtype])."""
    if family == "dirichlet":
        return [("alpha 1e-6..1e6", np.array(dirichlet_basis_rows(), dtype=dtype))]
    return [(f"margin {m}", np.array(margin_rows(m), dtype=dtype)) for m in (margins or MARGINS[dtype])]


def numpy_basis_products(family: str, x, v):
    """F e_j, B e_j, B^T e_j for every j through the generated NumPy products: (rows, K, K) each,
    [b, :, j] = M e_j; then F v, B v, B^T v."""
    cls = {"categorical": gen.CategoricalLogitsNegativeLogProbLoss,
           "one_hot_categorical": gen.OneHotCategoricalLogitsNegativeLogProbLoss,
           "multinomial": gen.MultinomialLogitsNegativeLogProbLoss,
           "dirichlet": gen.DirichletNegativeLogProbLoss}[family]
    loss = cls(x, **({"trials": TRIALS} if family == "multinomial" else {}))
    K = x.shape[-1]
    out = [np.empty(x.shape + (K,), dtype=x.dtype) for _ in range(3)]
    for j in range(K):
        e = np.zeros_like(x)
        e[:, j] = 1
        out[0][..., j] = loss.multiply_fisher(e)
        out[1][..., j] = loss.multiply_fisher_factor(e)
        out[2][..., j] = loss.multiply_fisher_factor_transpose(e)
    return tuple(out) + (loss.multiply_fisher(v), loss.multiply_fisher_factor(v), loss.multiply_fisher_factor_transpose(v))


def _psd_error(F_got, F_ref):
    """-lambda_min((F + F^T)/2) / ||F_ref||_inf at 50 digits (0 if the smallest eigenvalue is >= 0)."""
    K = F_got.shape[0]
    sym = mpmath.matrix(K, K)
    for i in range(K):
        for j in range(K):
            sym[i, j] = (mpmath.mpf(float(F_got[i, j])) + mpmath.mpf(float(F_got[j, i]))) / 2
    lam = min(mpmath.eigsy(sym, eigvals_only=True))
    norm = max(mpmath.fsum(abs(F_ref[i, j]) for j in range(K)) for i in range(K))
    if norm == 0:
        return 0.0 if lam >= 0 else float("inf")
    return max(0.0, float(-lam / norm))


def _componentwise_error(got, M, v, dtype):
    """max_i |got_i - (M v)_i| / sum_j |M_ij v_j| at 50 digits (rows whose scale is below the
    normal range must come out as 0 or a subnormal)."""
    K = len(v)
    v = [mpmath.mpf(float(t)) for t in v]
    exact = [mpmath.fsum(M(i, j) * v[j] for j in range(K)) for i in range(K)]
    scale = [mpmath.fsum(abs(M(i, j) * v[j]) for j in range(K)) for i in range(K)]
    return _product_err(got, exact, scale, dtype)


def measure_basis(family: str, dtype, products=numpy_basis_products, margins=None) -> list:
    """[(label, {op: worst error})] per row group: entries of F, B, B^T through the products
    with basis vectors, relative to each entry, and the PSD defect of the assembled F."""
    out = []
    groups = basis_groups(family, dtype, margins)
    x_all = np.concatenate([x for _, x in groups])
    v_all = np.random.default_rng(3).normal(size=x_all.shape).astype(dtype)
    with np.errstate(all="ignore"):  # one call for all groups' rows
        every = products(family, x_all, v_all)
    first = 0
    for label, x in groups:
        refs = reference_dirichlet(x) if family == "dirichlet" else reference_categorical(
            x, TRIALS if family == "multinomial" else 1)
        Fs, Bs, BTs, Fv, Bv, BTv = (m[first:first + len(x)] for m in every)
        v = v_all[first:first + len(x)]
        first += len(x)
        errs = dict.fromkeys(BASIS_OPS, 0.0)
        K = x.shape[-1]
        for b, ref in enumerate(refs):
            for j in range(K):
                errs["F e_j"] = max(errs["F e_j"], _rel(Fs[b, :, j], [ref["F"][i, j] for i in range(K)], dtype))
                errs["B e_j"] = max(errs["B e_j"], _rel(Bs[b, :, j], [ref["B"][i, j] for i in range(K)], dtype))
                errs["B^T e_j"] = max(errs["B^T e_j"], _rel(BTs[b, :, j], [ref["B"][j, i] for i in range(K)], dtype))
            errs["PSD"] = max(errs["PSD"], _psd_error(Fs[b], ref["F"]))
            for op, got, M in (("F v", Fv, lambda i, j: ref["F"][i, j]), ("B u", Bv, lambda i, j: ref["B"][i, j]),
                               ("B^T v", BTv, lambda i, j: ref["B"][j, i])):
                errs[op] = max(errs[op], _componentwise_error(got[b], M, v[b], dtype))
        out.append((label, errs))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--basis", action="store_true", help="F, B, B^T on basis vectors, by margin")
    args = parser.parse_args(argv)
    if args.basis:
        return _main_basis(args.markdown)
    rows = []
    for family in FAMILIES:
        for dtype in (np.float64, np.float32):
            for op, err in measure(family, dtype).items():
                rows.append((family, op, np.dtype(dtype).name, err, "pass" if err <= TARGET[dtype] else "FAIL"))
    if args.markdown:
        print("`python benchmarks/accuracy_coupled.py --markdown`\n")
        print("| family | op | dtype | worst error | target |")
        print("|---|---|---|---|---|")
        for r in rows:
            print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]:.1e} | {r[4]} |")
    else:
        for r in rows:
            print(f"{r[0]:<22} {r[1]:<26} {r[2]:<8} {r[3]:9.1e}  {r[4]}")
    return 0


def _main_basis(markdown: bool) -> int:
    rows = []
    for family in FAMILIES:
        for dtype in (np.float64, np.float32):
            for label, errs in measure_basis(family, dtype):
                worst = max(errs.values())
                rows.append((family, np.dtype(dtype).name, label, *[errs[o] for o in BASIS_OPS],
                             "pass" if worst <= TARGET[dtype] else "FAIL"))
    if markdown:
        print("`python benchmarks/accuracy_coupled.py --basis --markdown`\n")
        print("| family | dtype | rows | " + " | ".join(BASIS_OPS) + " | target |")
        print("|---|---|---|" + "---|" * len(BASIS_OPS) + "---|")
        for r in rows:
            print(f"| {r[0]} | {r[1]} | {r[2]} | " + " | ".join(f"{e:.1e}" for e in r[3:-1]) + f" | {r[-1]} |")
    else:
        print(f"{'family':<20} {'dtype':<8} {'rows':<16} " + " ".join(f"{o:>9}" for o in BASIS_OPS))
        for r in rows:
            print(f"{r[0]:<20} {r[1]:<8} {r[2]:<16} " + " ".join(f"{e:9.1e}" for e in r[3:-1]) + f"  {r[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
