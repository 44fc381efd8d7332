"""The named checks: each ``check(subject, quick[, dtypes]) -> [Row]``, and `verify`."""
from __future__ import annotations

import math
import time
from dataclasses import replace

import mpmath
import numpy as np

from natloss.codegen.family import Support
from natloss.codegen.verify.reference import reference_at
from natloss.codegen.verify.report import (
    DPS, DTYPES, EPS64, FD_TARGET, NORMALIZATION_TARGET, TARGET, Z_TARGET, Report, Row, _fmt, _worst,
)
from natloss.codegen.verify.subject import Subject, _domains, interior_points, make_subject, sweep_points


def rel_error(got: float, ref, dtype: str, scale=None) -> float:
    """|got - ref| / max(|ref|, scale, tiny); inf or NaN where ref is finite and representable: inf.
    A reference beyond the dtype's range must come out as inf of its sign."""
    info = np.finfo(dtype)
    if not mpmath.isfinite(ref):
        if mpmath.isnan(ref):
            return 0.0  # no reference here (a 0/0 of the naive formula): nothing to compare
        return 0.0 if got == float(ref) else math.inf
    if abs(ref) > info.max:
        return 0.0 if math.isinf(got) and (got > 0) == (ref > 0) else math.inf
    if not math.isfinite(got):
        return math.inf
    den = max(abs(ref), mpmath.mpf(float(info.tiny)), scale if scale is not None else 0)
    return float(abs(mpmath.mpf(got) - ref) / den)


def _where(eta, y=None, comp="") -> str:
    e = ", ".join(f"{float(v):.8g}" for v in eta)
    s = f"{comp} eta=({e})" if comp else f"eta=({e})"
    if y is not None:
        fmt = lambda v: f"{v:.8g}" if isinstance(v, float) else str(v)  # noqa: E731
        s += " y=" + (fmt(y) if np.ndim(y) == 0 else "(" + ", ".join(fmt(v) for v in y) + ")")
    return s


def check_normalization(subject: Subject, quick: bool = False) -> list:
    support = subject.family.target.support
    if subject.rule is None or subject.rule.normalize is None:
        return [Row("normalization", "total mass", "mpmath", math.inf, f"no normalization rule for support {support.value}",
                    NORMALIZATION_TARGET)]
    etas = interior_points(subject.family, 2 if quick else 4, seed=1)
    items = []
    slack_max = 0.0
    for eta in etas:
        with mpmath.workdps(20):
            try:
                total, slack = subject.rule.normalize(subject, [mpmath.mpf(float(e)) for e in eta])
            except (ValueError, ZeroDivisionError, OverflowError) as exc:
                items.append((math.inf, _where(eta) + f": {type(exc).__name__}: {exc}"))
                continue
        slack_max = max(slack_max, slack)
        err = float(abs(total - 1)) if mpmath.isfinite(total) else math.inf
        items.append((max(err - slack, 0.0) if math.isfinite(slack) else math.inf, _where(eta) + f" mass={mpmath.nstr(total, 12)}"))
    kind = "sum" if subject.rule.integer else "quadrature"
    note = f"{kind} of exp(<eta,T> - A + log h)" + (f", quadrature slack {slack_max:.0e}" if slack_max else "")
    return [_worst("normalization", "|total mass - 1|", "mpmath", items, NORMALIZATION_TARGET, note)]


def _fisher_ref(subject, v, i, j):
    return v["fisher"][(min(i, j), max(i, j))]


def _fisher_scale(subject, v, i, j):
    """Coupled: F e_j is computed as D e_j + c u u_j, accurate to |D_jj| + |c u_j^2| (as a BLAS product).
    For F = D + c u u^T the reference alone gives c u_j^2 = F_ji F_jk / F_ik (i, k the other two indices)."""
    if subject.structure != "diag_rank_one" or i != j or subject.m < 3:
        return None
    a, b = [k for k in range(subject.m) if k != j][:2]
    F = lambda p, q: _fisher_ref(subject, v, p, q)  # noqa: E731
    if F(a, b) == 0:
        return None
    rank_one = F(j, a) * F(j, b) / F(a, b)
    return abs(F(j, j) - rank_one) + abs(rank_one)


def _bbt_errors(subject, B, v, dtype, where):
    """B B^T (exactly, from the float entries) against the reference F, relative to sum_k |B_ik B_jk|."""
    m = subject.m
    out = []
    for i in range(m):
        for j in range(i + 1):
            terms = [mpmath.mpf(float(B[i, k])) * mpmath.mpf(float(B[j, k])) for k in range(B.shape[1])]
            if not all(np.isfinite(B[i])) or not all(np.isfinite(B[j])):
                err = math.inf if mpmath.isfinite(_fisher_ref(subject, v, i, j)) else 0.0
            else:
                F = _fisher_ref(subject, v, i, j)
                # In mpmath: B B^T of a float32 B may lie far below float32's (and float64's) normal range,
                # where the entries can only be accurate to the dtype's smallest normal.
                den = max(abs(F), mpmath.fsum(abs(t) for t in terms), _fisher_scale(subject, v, i, j) or 0,
                          mpmath.mpf(float(np.finfo(dtype).tiny)),
                          # a limit's reference is known to ~1e-40: no relative claim below 1e-20 (as in compare)
                          mpmath.mpf(10) ** -20 if v.get("limit") else 0)
                err = float(abs(mpmath.fsum(terms) - F) / den)
                if abs(F) > float(np.finfo(dtype).max):
                    err = 0.0  # F beyond the dtype's range: B's entries are what can be represented
            out.append((err, where(f"[{i},{j}]")))
    return out


def check_derivatives(subject: Subject, quick: bool = False) -> list:
    """mean, F, B B^T at interior points, float64, against mpmath derivatives of the declared A."""
    etas = interior_points(subject.family, 3 if quick else 8, seed=2)
    loss = subject.loss(etas, np.float64)
    with np.errstate(all="ignore"):
        mean = subject.from_input(loss.mean_sufficient_statistic())
        F = subject.matrices(loss, loss.multiply_fisher)
        B = subject.matrices(loss, None, loss.multiply_fisher_factor)
    items = {"mean": [], "F": [], "B B^T": []}
    for n, eta in enumerate(etas):
        v = reference_at(subject.ref, [float(e) for e in eta])
        for i in range(subject.m):
            items["mean"].append((rel_error(float(mean[n, i]), v["mean"][i], "float64"), _where(eta, comp=f"[{i}]")))
            for j in range(i, subject.m):
                items["F"].append((rel_error(float(F[n, i, j]), _fisher_ref(subject, v, i, j), "float64",
                                             _fisher_scale(subject, v, i, j)), _where(eta, comp=f"[{i},{j}]")))
        items["B B^T"] += _bbt_errors(subject, B[n], v, "float64", lambda c: _where(eta, comp=c))
    t = TARGET["float64"]
    rows = [_worst("derivatives", q, "float64", it, t, "vs mpmath d/deta of the declared A") for q, it in items.items()]
    return rows + [_reference_self_check(subject, etas[:2])]


REFERENCE_TARGET = 1e-25


def _reference_self_check(subject: Subject, etas) -> Row:
    """The reference's symbolic derivatives (sympy.diff of the naive A) against mpmath.diff of the
    lambdified A itself, numerically at 50 digits: the references do not rest on SymPy alone."""
    ref, m = subject.ref, subject.m
    # A property of the reference and the points alone (no class): remembered on the reference, so a
    # second backend's run of the same subject (`with_backend`) does not differentiate again.
    remembered = ref.__dict__.setdefault("_self_check_rows", {})
    key = tuple(tuple(float(e) for e in eta) for eta in etas)
    if key not in remembered:
        remembered[key] = _reference_self_check_row(ref, m, etas)
    return remembered[key]


def _reference_self_check_row(ref, m, etas) -> Row:
    items = []
    with mpmath.workdps(DPS):
        for eta in etas:
            x = [mpmath.mpf(float(e)) for e in eta]
            v = ref.values(x)
            for i in range(m):
                order = tuple(int(k == i) for k in range(m))
                d = mpmath.diff(ref.A, x, order)
                items.append((float(abs(d - v["mean"][i]) / max(abs(v["mean"][i]), mpmath.mpf(10) ** -30)),
                              _where(eta, comp=f"dA/deta[{i}]")))
                for j in range(i, m):
                    order = tuple(int(k == i) + int(k == j) for k in range(m))
                    d = mpmath.diff(ref.A, x, order)
                    f = v["fisher"][(i, j)]
                    items.append((float(abs(d - f) / max(abs(f), mpmath.mpf(10) ** -30)), _where(eta, comp=f"d2A[{i},{j}]")))
    return _worst("derivatives", "reference: sympy.diff vs mpmath.diff", "mpmath", items, REFERENCE_TARGET, "50 digits")


def _draw_targets(subject, etas, dtype, seed):
    """One sampled target per point (None where the sampler fails or leaves the support)."""
    out = []
    for eta in etas:
        try:
            with np.errstate(all="ignore"):
                y = subject.loss(np.array([eta]), dtype).sample(seed)[0]
        except (ValueError, OverflowError, FloatingPointError):
            out.append(None)
            continue
        ok = subject.rule is not None and bool(np.all(subject.rule.contains(np.array([y]), subject.bound, subject.K)))
        out.append(y if ok else None)
    return out


def check_gradient(subject: Subject, quick: bool = False) -> list:
    """grad_of_evaluate against central differences of evaluate(), one case and coordinate at a time (float64)."""
    etas = interior_points(subject.family, 3 if quick else 6, seed=3)
    ys = _draw_targets(subject, etas, np.float64, seed=4)
    doms = _domains(subject)
    items = []
    for n, (eta, y) in enumerate(zip(etas, ys)):
        if y is None:
            items.append((math.inf, _where(eta) + ": no valid sampled target"))
            continue
        tgt = subject.targets_array([y], np.float64)
        base = subject.loss(np.array([eta]), np.float64, targets=tgt)
        g = subject.from_input(base.grad_of_evaluate())[0]
        f0 = float(base.evaluate())
        for c in range(subject.m):
            lo, hi = float(doms[c].inf), float(doms[c].sup)
            dist = min(eta[c] - lo, hi - eta[c])
            s = min(max(1.0, abs(eta[c])), 0.5 * dist)
            h = EPS64 ** (1 / 3) * s
            vals = []
            for sign in (1, -1):
                e = np.array([eta], dtype=np.float64)
                e[0, c] += sign * h
                vals.append(float(subject.loss(e, np.float64, targets=tgt).evaluate()))
            fd = (vals[0] - vals[1]) / (2 * h)
            err = abs(fd - g[c]) / (1 + abs(g[c]) + abs(f0) / s)
            items.append((err if math.isfinite(err) else math.inf, _where(eta, y, f"[{c}]")))
    return [_worst("gradient", "grad vs FD of evaluate", "float64", items, FD_TARGET, "|fd - g| / (1 + |g| + |f|/s)")]


def check_factor(subject: Subject, quick: bool = False, dtypes=DTYPES) -> list:
    """<B u, v> = <u, B^T v> and B (B^T v) = F v for random u, v."""
    etas = interior_points(subject.family, 4, seed=5)
    rows = []
    for dtype in dtypes:
        rng = np.random.default_rng(6)
        loss = subject.loss(etas, dtype)
        eps = float(np.finfo(dtype).eps)
        F = subject.matrices(loss, loss.multiply_fisher).astype(np.float64)
        adj, bbt = [], []
        for _ in range(2 if quick else 5):
            V = rng.standard_normal((len(etas), subject.m)).astype(dtype)
            U = rng.standard_normal((len(etas), subject.factor_width)).astype(dtype)
            Bu = subject.from_input(loss.multiply_fisher_factor(subject.to_inner(U, loss))).astype(np.float64)
            Btv = subject.from_inner(loss.multiply_fisher_factor_transpose(subject.to_input(V))).astype(np.float64)
            B = subject.matrices(loss, None, loss.multiply_fisher_factor).astype(np.float64)
            V64, U64 = V.astype(np.float64), U.astype(np.float64)
            size = np.einsum("nij,ni,nj->n", np.abs(B), np.abs(V64), np.abs(U64)) + np.finfo(dtype).tiny
            err = np.abs(np.sum(Bu * V64, -1) - np.sum(U64 * Btv, -1)) / size
            adj += [(float(e), _where(x)) for e, x in zip(err, etas)]
            lhs = subject.from_input(loss.multiply_fisher_factor(loss.multiply_fisher_factor_transpose(subject.to_input(V))))
            rhs = subject.from_input(loss.multiply_fisher(subject.to_input(V)))
            scale = (np.abs(F) @ np.abs(V64)[..., None])[..., 0].max(-1) + np.finfo(dtype).tiny
            err = np.abs(lhs.astype(np.float64) - rhs.astype(np.float64)).max(-1) / scale
            bbt += [(float(e), _where(x)) for e, x in zip(err, etas)]
        rows.append(_worst("factor", "<Bu,v> - <u,B^T v>", dtype, adj, 1e3 * eps, "over sum |B| |u| |v|"))
        rows.append(_worst("factor", "B(B^T v) - F v", dtype, bbt, 1e3 * eps, "over max |F| |v|"))
    return rows


def check_one_hot(subject: Subject, quick: bool = False, dtypes=DTYPES) -> list:
    """multiply_fisher_factor_replicated_one_hot(index) against B e with e = 1 at [b, *index]."""
    etas = interior_points(subject.family, 3, seed=7)
    rows = []
    for dtype in dtypes:
        loss = subject.loss(etas, dtype, weight=1.7)
        eps = float(np.finfo(dtype).eps)
        items = []
        for c in range(subject.factor_width):
            e = np.zeros((len(etas), subject.factor_width), dtype=dtype)
            e[:, c] = 1
            expected = subject.from_input(loss.multiply_fisher_factor(subject.to_inner(e, loss))).astype(np.float64)
            index = tuple(int(i) for i in np.unravel_index(c, tuple(loss.fisher_factor_inner_shape)[1:]))
            got = subject.from_input(loss.multiply_fisher_factor_replicated_one_hot(index)).astype(np.float64)
            # Coupled: B e through the general product sums K terms (gamma_K times the row's largest).
            coupled = subject.structure == "diag_rank_one"
            floor = subject.m * np.abs(expected).max(-1, keepdims=True) if coupled else 0
            err = np.abs(got - expected) / (np.abs(expected) + floor + np.finfo(dtype).tiny)
            err = np.where(np.isfinite(err), err, np.inf)
            for n, eta in enumerate(etas):
                items.append((float(err[n].max()), _where(eta, comp=f"index {index}")))
        rows.append(_worst("one_hot", "replicated one-hot vs B e", dtype, items, 4 * eps, "relative"))
    return rows


def sampled_points(subject: Subject, quick: bool) -> tuple:
    """(N, [(point, its N-case input, N float64 draws)], note) for the sampler checks: 2 (quick) or 4 interior
    points, N = 20 000 or 100 000 draws each. Spare points replace those whose draws the dtype cannot hold:
    a draw clipped to the last float64 inside an open end of the support (1 - y < 2^-53 of a Beta with
    most of its mass at 1) has T(y) = log(1 - y) of the clip, not of the draw, so T's moments there test
    the rounding, not the sampler. The note names each point replaced (empty when none was)."""
    N = 20_000 if quick else 100_000
    count = 2 if quick else 4
    drawn, replaced = [], []
    points = np.concatenate([interior_points(subject.family, count, seed=8), interior_points(subject.family, 3 * count, seed=9)])
    for n, point in enumerate(points):
        if len(drawn) == count:
            break
        big = np.broadcast_to(point, (N, subject.m)).copy()
        y = subject.loss(big, np.float64).sample(100 + n)
        clipped = int(np.count_nonzero(subject.rule.at_edge(y))) if subject.rule.at_edge is not None else 0
        if clipped:
            replaced.append(_where(point) + f" ({clipped}/{N} draws on the dtype's last value inside the support)")
            continue
        drawn.append((point, big, y))
    note = f"; {len(replaced)} point(s) replaced: " + ", ".join(replaced) if replaced else ""
    return N, drawn, note


def check_sampler(subject: Subject, quick: bool = False) -> list:
    """Draws inside the support; sample mean and covariance of T(y) against grad A and F (z-tests);
    scalar targets: the draws' histogram against the declared density (chi-square)."""
    if subject.rule is None:
        support = subject.family.target.support.value
        return [Row("sampler", "draws in support", "float64", math.inf, f"no support rule for support {support}", 0.0)]
    N, drawn, spare = sampled_points(subject, quick)
    inside, zmean, zcov, zfit = [], [], [], []
    for eta, big, y in drawn:
        ok = subject.rule.contains(y, subject.bound, subject.K)
        bad = int(np.size(ok) - np.count_nonzero(ok))
        first = "" if not bad else f" first bad draw {np.asarray(y)[~np.asarray(ok, bool)][0]!r}"
        inside.append((bad / N, _where(eta) + f" {bad}/{N} outside{first}"))
        if bad:
            continue
        T = _numpy_stat(subject, y)  # (N, m)
        v = reference_at(subject.ref, [float(e) for e in eta])
        mu = np.array([float(x) for x in v["mean"]])
        F = np.array([[float(_fisher_ref(subject, v, i, j)) for j in range(subject.m)] for i in range(subject.m)])
        Tbar = T.mean(0)
        se = np.sqrt(np.maximum(np.diag(F), 0) / N) + 1e-12 * (1 + np.abs(mu))
        z = np.abs(Tbar - mu) / se
        i = int(np.argmax(z))
        zmean.append((float(z[i]), _where(eta, comp=f"[{i}]") + f" mean {Tbar[i]:.6g} vs {mu[i]:.6g}"))
        Z = T - Tbar
        prod = Z[:, :, None] * Z[:, None, :]
        cov = prod.sum(0) / (N - 1)
        se_cov = prod.std(0, ddof=1) / math.sqrt(N) + 1e-12 * (1 + np.abs(F))
        zc = np.abs(cov - F) / se_cov
        i, j = np.unravel_index(int(np.argmax(zc)), zc.shape)
        zcov.append((float(zc[i, j]), _where(eta, comp=f"[{i},{j}]") + f" cov {cov[i, j]:.6g} vs F {F[i, j]:.6g}"))
        if not subject.family.is_vector:
            z, info = _goodness_of_fit(subject, [mpmath.mpf(float(e)) for e in eta], np.asarray(y, dtype=np.float64))
            zfit.append((z, _where(eta) + " " + info))
    rows = [
        _worst("sampler", "fraction of draws outside the support", "float64", inside, 0.0, f"{N} draws per point{spare}"),
        _worst("sampler", "sample mean of T vs grad A", "float64", zmean, Z_TARGET, "|z|, SE from F", "draws outside the support"),
        _worst("sampler", "sample cov of T vs F", "float64", zcov, Z_TARGET, "|z|, SE from 4th moments", "draws outside the support"),
    ]
    if not subject.family.is_vector:
        rows.append(_worst("sampler", "draws vs declared density", "float64", zfit, Z_TARGET,
                           "chi-square over bins, as a one-sided z", "draws outside the support"))
    return rows


def _goodness_of_fit(subject, eta, y) -> tuple:
    """Chi-square of the draws against the declared density (as the z of its p-value) and a summary.

    Integer supports: one bin per value, merged until each expects at least 20 draws. Continuous
    ones: bins between the sample's deciles, their probabilities by mpmath quadrature of the
    declared density; the two outer bins together take the rest of the mass."""
    from scipy import stats

    ref, N = subject.ref, len(y)
    density = lambda v: mpmath.exp(ref.log_density(eta, (v,)))  # noqa: E731
    with mpmath.workdps(20):
        if subject.rule.integer:
            values, counts = np.unique(y.astype(np.int64), return_counts=True)
            observed, expected, o, e = [], [], 0, mpmath.mpf(0)
            bounds = subject.family.target.bounds
            first = int(bounds.lower) if bounds is not None and not isinstance(bounds.lower, str) else 0
            for v in range(first, int(values.max()) + 1):
                o += int(counts[values == v].sum())
                e += N * density(v)
                if e >= 20:
                    observed.append(o)
                    expected.append(e)
                    o, e = 0, mpmath.mpf(0)
            observed.append(o)
            expected.append(max(N - mpmath.fsum(expected), mpmath.mpf(0)))  # the tail beyond the last bin
        else:
            edges = np.quantile(y, np.linspace(0.1, 0.9, 9))
            inner = [(a, b) for a, b in zip(edges[:-1], edges[1:]) if b > a]
            observed = [int(np.count_nonzero((y >= a) & (y < b))) for a, b in inner]
            expected = [N * mpmath.quad(density, [mpmath.mpf(float(a)), mpmath.mpf(float(b))]) for a, b in inner]
            observed.append(N - sum(observed))
            expected.append(max(N - mpmath.fsum(expected), mpmath.mpf(0)))
    pairs = [(o, float(e)) for o, e in zip(observed, expected)]
    if any(e == 0 and o > 0 for o, e in pairs):
        return math.inf, "draws where the declared density has no mass"
    pairs = [(o, e) for o, e in pairs if e > 0]
    chi2 = sum((o - e) ** 2 / e for o, e in pairs)
    dof = max(len(pairs) - 1, 1)
    z = float(stats.norm.isf(max(stats.chi2.sf(chi2, dof), 1e-300)))
    return max(z, 0.0), f"chi2 {chi2:.1f} on {dof} dof"


def _numpy_stat(subject, y) -> np.ndarray:
    """T(y) from the declaration (numpy lambdas), (N, m)."""
    y = np.asarray(y)
    if subject.family.target.support is Support.CLASS_INDEX:
        comps = [(y == k).astype(np.float64) for k in range(subject.K)]
    elif subject.family.is_vector:
        comps = [y[..., k].astype(np.float64) for k in range(subject.K)]
    else:
        comps = [y.astype(np.float64)]
    with np.errstate(all="ignore"):
        return np.stack([np.broadcast_to(np.asarray(f(*comps), dtype=np.float64), comps[0].shape) for f in subject.ref.T_numpy], -1)


def _components(v: dict) -> dict:
    """{(quantity, component): value} of a reference's values."""
    out = {("nll", ()): v["nll"]}
    for i, x in enumerate(v["mean"]):
        out[("mean", (i,))] = x
    for i, x in enumerate(v["grad"]):  # a parametrization: d_theta entries, the mean d_eta
        out[("grad", (i,))] = x
    for (i, j), x in v["fisher"].items():
        out[("F", (i, j))] = x
        out[("B B^T", (i, j))] = x  # B B^T is as well conditioned as F
    for (i, j), x in v.get("hessian", {}).items():  # a parametrization's true Hessian
        out[("H", (i, j))] = x
    return out


def _anchors(subject) -> list:
    """Per natural parameter, the point its relative perturbations are measured from: a half-line's
    finite end (alpha - 1 > -1: the code forms eta + 1, exactly near -1, so eta - lo is the real input)."""
    out = []
    for dom in _domains(subject):
        lo, hi = float(dom.inf), float(dom.sup)
        end = lo if math.isfinite(lo) and not math.isfinite(hi) else (hi if math.isfinite(hi) and not math.isfinite(lo) else 0.0)
        out.append(mpmath.mpf(end))
    return out


def condition_numbers(subject: Subject, eta, y, dps: int) -> dict:
    """Relative condition numbers sum_x |x df/dx| / |f| of every quantity, in the natural parameters (and y,
    for continuous supports), by central differences at 30 more digits than the reference needed."""
    ref = subject.ref
    continuous = not subject.rule.integer
    with mpmath.workdps(dps + 30):
        eta = [mpmath.mpf(e) for e in eta]
        y = [mpmath.mpf(v) for v in y]
        base = _components(ref.values(eta, y))
        inputs = eta + (y if continuous else [])
        anchors = _anchors(subject) + [mpmath.mpf(0)] * len(y)
        total = {k: mpmath.mpf(0) for k in base}
        m = len(eta)
        for k, x in enumerate(inputs):
            x = x - anchors[k]
            if x == 0:
                continue
            h = abs(x) * mpmath.mpf(10) ** -20
            vals = []
            for sign in (1, -1):
                pt = list(inputs)
                pt[k] += sign * h
                vals.append(_components(ref.values(pt[:m], pt[m:] if continuous else y)))
            for key in base:
                total[key] += abs(x * (vals[0][key] - vals[1][key]) / (2 * h))
        return {key: (float(total[key] / abs(val)) if mpmath.isfinite(val) and val != 0 else (0.0 if total[key] == 0 else math.inf))
                for key, val in base.items()}


UNIT_ROUNDOFF = {"float64": 2.0**-53, "float32": 2.0**-24}
# An ill-conditioned point is excused only for an error that conditioning can explain.
EXCUSE_FACTOR = 32


def check_accuracy(subject: Subject, quick: bool = False, dtypes=DTYPES) -> list:
    """nll, mean, grad, F and B B^T (and a parametrization's true Hessian H) against 50-digit
    mpmath over the domain grid, per dtype.

    A point that misses the target where cond * u > target / 4 (no algorithm can promise better
    than about cond * u) is excused if its error is below 32 cond * u, and the row says how many
    were and the worst of them."""
    if subject.rule is None:
        support = subject.family.target.support.value
        return [Row("accuracy", "all", "-", math.inf, f"no support rule for support {support}", TARGET["float64"])]
    rows = []
    for dtype in dtypes:
        target = TARGET[dtype]
        etas = sweep_points(subject, dtype, quick)
        fixed = subject.rule.targets(subject.bound, subject.K)
        if quick:
            fixed = fixed[:2]
        drawn = _draw_targets(subject, [np.array(e) for e in etas], dtype, seed=9)
        cases = []
        for eta, yd in zip(etas, drawn):
            ys = list(fixed) + ([yd.tolist() if np.ndim(yd) else yd.item()] if yd is not None else [])
            for y in ys:
                y = tuple(y) if isinstance(y, (list, tuple)) else y
                if not subject.rule.integer:
                    y = float(np.array(y, dtype)) if np.ndim(y) == 0 else tuple(float(v) for v in np.array(y, dtype))
                elif not np.all(np.array(y, dtype=np.float64).astype(dtype) == np.array(y, dtype=np.float64)):
                    continue  # a count the dtype cannot hold exactly (a draw at a huge mean): no target there
                if not bool(np.all(subject.rule.contains(np.array([y]), subject.bound, subject.K))):
                    continue
                if (eta, y) not in cases:
                    cases.append((eta, y))
        if not cases:
            rows.append(Row("accuracy", "all", dtype, math.inf, "no valid (eta, y) points", target))
            continue
        rows += accuracy_rows(subject, dtype, cases)
    return rows


def accuracy_rows(subject: Subject, dtype: str, cases: list, check: str = "accuracy") -> list:
    """The accuracy rows of one dtype at the given (point, target) cases: the generated nll, mean,
    grad, F, B B^T (and H where the subject has a true Hessian) against `reference_at`, with the
    cancellation scales the reference gives and the condition-number excuse."""
    target, u = TARGET[dtype], UNIT_ROUNDOFF[dtype]
    loss = subject.loss(np.array([c[0] for c in cases]), dtype, targets=subject.targets_array([c[1] for c in cases], dtype))
    with np.errstate(all="ignore"):
        got = {
            "nll": np.asarray(loss.nll())[:, None],
            "mean": subject.from_input(loss.mean_sufficient_statistic()),
            "grad": subject.from_input(loss.grad_of_evaluate()),
            "F": subject.matrices(loss, loss.multiply_fisher),
            "B": subject.matrices(loss, None, loss.multiply_fisher_factor),
        }
        if subject.has_hessian:
            got["H"] = subject.matrices(loss, loss.multiply_hessian)
    quantities = ("nll", "mean", "grad", "F", "B B^T") + (("H",) if subject.has_hessian else ())
    well = {q: [] for q in quantities}
    ill = {q: [] for q in quantities}
    undefined = []
    for n, (eta, y) in enumerate(cases):
        comps = subject.rule.components(y, subject.K)
        try:
            v = reference_at(subject.ref, eta, comps)
        except ValueError as exc:
            undefined.append((math.inf, _where(eta, y) + f": {exc}"))
            continue
        w = lambda c="": _where(eta, y, c) + (" (limit)" if v.get("limit") else "")  # noqa: E731

        def compare(g, r, scale=None):
            if v.get("limit"):  # the limit is known to about 1e-40: no relative claim below 1e-20
                scale = max(scale or 0, mpmath.mpf(10) ** -20)
            e = rel_error(g, r, dtype, scale)
            return e, ("" if math.isfinite(e) else f" got {g!r}, exact {mpmath.nstr(r, 8)}")

        errs = []

        def add(q, comp, g, r, scale=None, c=""):
            e, why = compare(float(g), r, scale)
            errs.append((q, comp, e, w(c) + why))

        add("nll", (), got["nll"][n, 0], v["nll"], v["nll_scale"])
        for i in range(len(v["mean"])):
            add("mean", (i,), got["mean"][n, i], v["mean"][i], c=f"[{i}]")
        # A reference without grad_scale (a parametrization: the gradient in theta) is relative.
        grad_scale = v.get("grad_scale") or [None] * subject.m
        for i in range(subject.m):
            add("grad", (i,), got["grad"][n, i], v["grad"][i], grad_scale[i], c=f"[{i}]")
            for j in range(i, subject.m):
                add("F", (i, j), got["F"][n, i, j], _fisher_ref(subject, v, i, j), _fisher_scale(subject, v, i, j),
                    c=f"[{i},{j}]")
                if "H" in got:
                    add("H", (i, j), got["H"][n, i, j], v["hessian"][(i, j)], c=f"[{i},{j}]")
        for e, where in _bbt_errors(subject, got["B"][n], v, dtype, w):
            i, j = (int(x) for x in where[1:where.index("]")].split(","))
            errs.append(("B B^T", (max(i, j), min(i, j)), e, where))
        cond = None
        for q, comp, e, where in errs:
            if e > target and math.isfinite(e):  # NaN / inf where the value is finite is never excused
                if cond is None:
                    try:
                        cond = condition_numbers(subject, eta, comps, v["dps"])
                    except (ZeroDivisionError, ValueError):  # 0/0 at a removable point: nothing excused there
                        cond = {}
                c = cond.get((q, tuple(sorted(comp)) if q == "B B^T" else comp), math.inf) if cond else 0.0
                if c * u > target / 4 and e <= EXCUSE_FACTOR * c * u:
                    ill[q].append((e, f"{where} cond {c:.0e}"))
                    continue
            well[q].append((e, where))
    notes = {"nll": "vs |A|+|eta.T|+|log h| where it cancels", "grad": "vs |dA|+|T| where it cancels",
             "F": "coupled: vs |D_jj| + |c u_j^2| on the diagonal" if subject.structure == "diag_rank_one" else "relative",
             "B B^T": "vs sum_k |B_ik B_jk|", "mean": "relative"}
    notes.update(subject.accuracy_notes)
    rows = []
    if undefined:
        rows.append(_worst(check, "declared A, T, log h defined", dtype, undefined, 0.0,
                           f"{len(undefined)} of {len(cases)} points inside the declared domain"))
    for q in quantities:
        note = notes[q] + f"; {len(cases)} points"
        if ill[q]:
            e, where = max(ill[q])
            note += f"; {len(ill[q])} ill-conditioned excused, worst {_fmt(e)} at {where}"
        rows.append(_worst(check, q, dtype, well[q], target, note))
    return rows


CHECKS = {
    "normalization": check_normalization,
    "derivatives": check_derivatives,
    "gradient": check_gradient,
    "factor": check_factor,
    "one_hot": check_one_hot,
    "sampler": check_sampler,
    "accuracy": check_accuracy,
}


DTYPE_CHECKS = ("factor", "one_hot", "accuracy")  # the checks that run per dtype


def checks_for(subject: Subject) -> dict:
    """The battery of this subject: `CHECKS` for a family, `PARAM_CHECKS` for a loss in user
    parameters (verify/parametrized.py: the same checks where they apply, plus its own)."""
    from natloss.codegen.verify.parametrized import PARAM_CHECKS, ParamSubject

    return PARAM_CHECKS if isinstance(subject, ParamSubject) else CHECKS


def _relabel(subject: Subject, rows: list) -> list:
    """The checks write points as eta=(...); a subject whose points are something else says so."""
    if subject.point_name == "eta":
        return rows
    label = lambda text: text.replace("eta=(", f"{subject.point_name}=(")  # noqa: E731
    return [replace(r, where=label(r.where), note=label(r.note)) for r in rows]


def run_check(name: str, subject: Subject, quick: bool = False, dtypes=DTYPES) -> list:
    """One named check; an exception inside it becomes a FAILED row naming it."""
    fn = checks_for(subject)[name]
    try:
        rows = fn(subject, quick, dtypes) if name in DTYPE_CHECKS else fn(subject, quick)
    except Exception as exc:  # noqa: BLE001 - a crash of a check is a failure of the declaration
        rows = [Row(name, "ran", "-", math.inf, f"{type(exc).__name__}: {exc}"[:300], 0.0)]
    return _relabel(subject, rows)


def verify(family, quick: bool = False, dtypes=DTYPES, checks=None, hypers: dict | None = None,
           backend: str = "numpy") -> Report:
    """Compile `family` (a `Family`, or a `Parametrization`) and run the checks (all of its battery
    by default: `CHECKS`, or `PARAM_CHECKS`) on the class of `backend` (numpy, cpu or cupy:
    verify/backends.py; `BackendUnavailable` where that backend does not emit the declaration or
    cannot run here); a `Report` of rows."""
    if hasattr(family, "row_params"):  # a per-row parametrization of a coupled family: its own battery
        from natloss.codegen.verify.row_parametrized import verify_row_parametrization
        return verify_row_parametrization(family, quick, dtypes, hypers, backend)
    start = time.perf_counter()
    dtypes = tuple(np.dtype(d).name for d in dtypes)
    subject = make_subject(family, hypers, backend)
    rows = []
    for name in checks or checks_for(subject):
        rows += run_check(name, subject, quick, dtypes)
    return Report(family.name, tuple(rows), time.perf_counter() - start, backend)
