"""The coupled structure: A(eta) = phi(S) + sum_k h(eta_k), S = sum_k g(eta_k), over the last axis.

Then, per element k (x = eta_k):
    grad A_k = phi'(S) g'(x) + h'(x),  F = D + c u u^T,
    D_k = phi'(S) g''(x) + h''(x),  u_k = g'(x),  c = phi''(S),
and a square root B = D^(1/2) (I + a w w^T) with w = D^(-1/2) u and
    a = (-1 + sqrt(1 + c |w|^2)) / |w|^2 = c / (1 + sqrt(1 + c |w|^2))
(the second form does not cancel). Products are O(K) with one reduction per row;
no K x K matrix is formed.

When g = exp, S overflows: the compiler keeps S = exp(M + Q) with the row maximum M
and Q = log1p(sum over k != argmax of exp(eta_k - M)), writes every per-element
expression in the shifted logit z = eta_k - M, and rescales u' = u / S, c' = c S^2
so that u' and c' are O(1) (for softmax u' = p and c' = -1). |w|^2 is found in
closed form when w_k^2 is g(eta_k) times a per-row factor (softmax: sum_k p_k = 1, so
a = -1 exactly); otherwise it is one more reduction over the row.
"""
from __future__ import annotations

import random

import mpmath
import sympy as sp

from natloss.codegen import rewrite
from natloss.codegen.derive import Coupled, Derived, Structure
from natloss.codegen.family import Family, Support
from natloss.codegen.primitives import digamma_diff, to_naive, trigamma_diff, xtrigamma_m1


class RowSum(sp.Function):
    """sum over the last axis (keepdims): a per-row reduction."""

    nargs = 1


class RowMax(sp.Function):
    """max over the last axis (keepdims)."""

    nargs = 1


class RowLog1pSumExpExclMax(sp.Function):
    """log1p(sum over k != argmax of exp(z_k)) for z = x - rowmax(x): the accurate log-sum-exp tail."""

    nargs = 1


class RowSumExclMax(sp.Function):
    """sum over the last axis of every entry but the (first) largest (keepdims): the sum of the
    others at the argmax, without subtracting the max from the row sum."""

    nargs = 1


class OneHotColumn(sp.Function):
    """w_j broadcast over the row: the entry of a per-element array at the one-hot's column."""

    nargs = 1


class DominantEntry(sp.Function):
    """The row's dominant entry: in a row where arg 2 holds (a per-row condition that makes the
    row max unique), the entry where arg 0 (elementwise) equals its row max arg 1; none in the
    other rows. NumPy: each row's first argmax and the per-row flag; CUDA: the elementwise test."""

    nargs = 3


class RowSumOthers(sp.Function):
    """sum over the last axis of arg 0 but at the dominant entry (arg 1, a DominantEntry step)."""

    nargs = 2


class AtDominant(sp.Function):
    """arg 0 at the row's dominant entry (arg 1), 0 in a row without one: a per-row value."""

    nargs = 2


class SetAtDominant(sp.Function):
    """arg 0 (elementwise) with the row's dominant entry (arg 2) set to arg 1 (a per-row value)."""

    nargs = 3


class StructureError(ValueError):
    pass


# Symbols of the generated code's coupled kernels.
X = sp.Symbol("x", real=True)  # eta_k, one element of the vector parameter
Z = sp.Symbol("shifted", real=True)  # eta_k - row_max (log-sum-exp families)
S = sp.Symbol("row_sum", positive=True)
M = sp.Symbol("row_max", real=True)
Q = sp.Symbol("row_log1p", nonnegative=True)
W2 = sp.Symbol("row_w2", positive=True)
A_ROW = sp.Symbol("row_a", real=True)
YK = sp.Symbol("y", real=True)  # y_k (one-hot of a class index, a count, a simplex coordinate)
# The trigamma rank-one structure (Dirichlet): F = diag(psi_1(x)) - psi_1(S) 1 1^T, S = sum_k x_k.
REST = sp.Symbol("row_rest", nonnegative=True)  # sum of the row but its largest entry
W2_REST = sp.Symbol("row_w2_rest", nonnegative=True)  # sum of 1/psi_1(x_k) but at the largest x_k
S_GAP = sp.Symbol("row_s_gap", positive=True)  # sum_k (x_k - 1/psi_1(x_k)), each in (0, 1/2)
ROOT = sp.Symbol("row_root", positive=True)  # sqrt(1 + c |w|^2)


def _split_sums(expr: sp.Expr, family: Family, field: str):
    """expr = row + sum_k elem: returns (row expression with each g-Sum replaced by S, elem summand)."""
    v = family.params[0]
    row_terms, elem = [], sp.Integer(0)
    g_sums = set()
    for term in sp.Add.make_args(sp.expand(expr, deep=False, mul=True, multinomial=False, power_exp=False, log=False)):
        coeff, rest = term.as_independent(sp.Sum)
        if isinstance(rest, sp.Sum):
            if rest.limits != ((v.k, 0, v.size - 1),):
                raise StructureError(f"{field}: sums must run over k = 0 .. K-1, got {rest.limits}")
            elem += coeff * rest.function
        else:
            for s in term.atoms(sp.Sum):
                g_sums.add(s)
            row_terms.append(term)
    return sp.Add(*row_terms), elem, g_sums


def _index_to(expr, family: Family, x_symbol, y_symbol=YK):
    v = family.params[0]
    y = family.target.symbol
    return expr.xreplace({v.symbol: x_symbol, y[v.k]: y_symbol})


def _simplify(e):
    return rewrite.apply_all(sp.powsimp(sp.expand_log(sp.simplify(e), force=True)))


def _others(x):
    """The sum of the row's other entries at x: row_rest at the max (no cancellation), else
    row_sum - x >= row_sum / 2. Ties: row_sum - max = row_rest at every tied entry."""
    return sp.Piecewise((REST, sp.Eq(x, M)), (S - x, True))


def _is_trigamma_rank_one(family: Family, g, diag, u, c) -> bool:
    return (family.params[0].domain.inf == 0 and sp.simplify(g - X) == 0 and sp.simplify(u - 1) == 0
            and sp.simplify(diag - sp.polygamma(1, X)) == 0 and sp.simplify(c + sp.polygamma(1, S)) == 0)


def _trigamma_rank_one():
    """Row statistics, 1 + c|w|^2 and 1 + a w_k^2 for F = diag(psi_1(x)) - psi_1(S) 1 1^T.

    1 + c|w|^2 = 1 - psi_1(S) sum_k 1/psi_1(x_k) = 1 - sum_k t_k cancels (all t_k ~ x_k / S when
    the x_k are large, t_max ~ 1 when one entry dominates). Two exact forms, each a difference
    of two positive terms, and the one with the smaller terms is taken per row:
      (A) (1 - t_max) - psi_1(S) sum_{k != max} 1/psi_1(x_k), 1 - t_max =
          trigamma_diff(max, rest) / psi_1(max): good when some x_k are small;
      (B) psi_1(S) sum_k s(x_k) - xtrigamma_m1(S), s(x) = x - 1/psi_1(x) = x q / (1 + q) with
          q = xtrigamma_m1(x) (from 1/psi_1(x) = x / (1 + q)): good when S is large.
    Measured at 40 digits over K = 2..1000, x in 1e-6..1e6 (dominated rows, equal rows): the
    smaller terms are below 0.5 sqrt(1 + c|w|^2), so a = c / (1 + root) keeps ~1 ulp.
    1 + a w_k^2 = (1 - t_k + root) / (1 + root), 1 - t_k = trigamma_diff(x_k, others) / psi_1(x_k)."""
    psi1_s = sp.polygamma(1, S)
    one_minus_t_max = trigamma_diff(M, REST) / sp.polygamma(1, M)
    rest_terms = psi1_s * W2_REST
    q = xtrigamma_m1(X)
    gap_terms, q_s = psi1_s * S_GAP, xtrigamma_m1(S)
    # The root of each form, clamped at 0: NumPy evaluates both, and the one not taken may round below 0.
    root = sp.Piecewise((sp.sqrt(sp.Max(one_minus_t_max - rest_terms, 0)), one_minus_t_max + rest_terms < gap_terms + q_s),
                        (sp.sqrt(sp.Max(gap_terms - q_s, 0)), True))
    row_stats = ((M, "max", X), (REST, "sum_excl_max", X), (W2_REST, "sum_excl_max", 1 / sp.polygamma(1, X)),
                 (S_GAP, "sum", X * q / (1 + q)))
    row_steps = ((S, M + REST), (ROOT, root))
    one_plus_aw2 = (trigamma_diff(X, _others(X)) / sp.polygamma(1, X) + ROOT) / (1 + ROOT)
    return row_stats, row_steps, one_plus_aw2


def _dominant_entry(family, g, c, w, diag, sqrt_diag, a, one_plus_aw2, logsumexp: bool, trigamma_rank_one: bool) -> dict:
    """F_kk = D_k (1 + c w_k^2) and B_kk = D_k^(1/2) (1 + a w_k^2) cancel at an entry that holds
    most of S = sum_j g(eta_j) (softmax: p - p^2 at p -> 1; Dirichlet: psi_1(x) - psi_1(S) at
    x -> S), and only there. With g > 0 increasing, an entry whose share g(eta_k) / S is above
    3/4 is unique and is the row's largest eta_k, so its diagonal entries are per-row values of
    the cached statistics, at eta_k = row_max, in forms that do not cancel (expm1, trigamma_diff)."""
    # g > 0 and g' > 0 over the declared domain of eta_k.
    inside = sp.Dummy(positive=True) if family.params[0].domain.inf >= 0 else sp.Dummy(real=True)
    if not (logsumexp or trigamma_rank_one) or not (
            sp.diff(g, X).subs(X, inside).is_positive and g.subs(X, inside).is_positive):
        return {}
    share = sp.exp(Z - Q) if logsumexp else X / S
    if trigamma_rank_one:
        one_plus_cw2 = trigamma_diff(X, _others(X)) / sp.polygamma(1, X)  # 1 - psi_1(S) / psi_1(x)
    else:
        one_plus_cw2 = rewrite.apply_all(sp.expand(1 + c * sp.powsimp(w**2), power_exp=False, power_base=False))
    if one_plus_aw2 is None:
        one_plus_aw2 = rewrite.apply_all(sp.expand(1 + a * sp.powsimp(w**2), power_exp=False, power_base=False))
    at_max = {Z: 0} if logsumexp else {X: M}
    return {
        "dominant_share": share,
        "fisher_diag_at_max": rewrite.apply_all((diag * one_plus_cw2).subs(at_max)),
        "factor_diag_at_max": rewrite.apply_all((sqrt_diag * one_plus_aw2).subs(at_max)),
    }


def derive_coupled(family: Family) -> Derived:
    if len(family.params) != 1:
        raise StructureError(f"family {family.name!r}, field 'params': a coupled family has one VectorParam,"
                             f" got {len(family.params)}")
    v = family.params[0]
    row, h_sum, g_sums = _split_sums(family.log_partition, family, "log_partition")
    if len(g_sums) > 1:
        raise StructureError(
            f"family {family.name!r}, field 'log_partition': A couples the vector through {len(g_sums)} different sums;"
            " the diagonal-plus-rank-one structure needs A = phi(sum_k g(eta_k)) + sum_k h(eta_k)"
        )
    if not g_sums:
        raise StructureError(
            f"family {family.name!r}, field 'log_partition': A has no coupling sum; declare independent"
            " elements as a scalar family instead"
        )
    (g_sum,) = g_sums
    phi = row.xreplace({g_sum: S})
    if phi.has(v.base) or phi.has(v.k):
        raise StructureError(
            f"family {family.name!r}, field 'log_partition': {row} uses eta_k outside the coupling sum;"
            " the structure is A = phi(sum_k g(eta_k)) + sum_k h(eta_k)"
        )
    g = _index_to(g_sum.function, family, X)
    h = _index_to(h_sum, family, X)

    mean = sp.diff(phi, S) * sp.diff(g, X) + sp.diff(h, X)
    diag = sp.diff(phi, S) * sp.diff(g, X, 2) + sp.diff(h, X, 2)
    u = sp.diff(g, X)
    c = sp.diff(phi, S, 2)

    logsumexp = sp.simplify(g - sp.exp(X)) == 0
    if logsumexp:
        # Rescale by S and shift by the row max: every quantity O(1), nothing overflows.
        u, c = u / S, c * S**2
        shift = {X: Z + M, S: sp.exp(M + Q)}
        mean, diag, u, c = (_simplify(e.subs(shift)) for e in (mean, diag, u, c))
        row_stats = ((M, "max", X), (Q, "log1p_sum_exp_excl_max", Z))
    else:
        mean, diag, u, c = (_simplify(e) for e in (mean, diag, u, c))
        row_stats = ((S, "sum", g),)
    trigamma_rank_one = not logsumexp and _is_trigamma_rank_one(family, g, diag, u, c)
    row_steps, one_plus_aw2 = (), None
    if trigamma_rank_one:
        row_stats, row_steps, one_plus_aw2 = _trigamma_rank_one()
        # psi(x) - psi(S) = -digamma_diff(x, others): no cancellation when x dominates the row.
        mean = sp.expand(mean.xreplace({sp.polygamma(0, X): sp.polygamma(0, S) - digamma_diff(X, _others(X))}))
        assert not mean.has(sp.polygamma), mean

    sqrt_diag = _simplify(sp.sqrt(diag))
    w = _simplify(u / sqrt_diag)
    # |w|^2 in closed form if w_k^2 = (per-row factor) * g(eta_k): the sum over k is then factor * S.
    w2_over_g = sp.simplify((w**2).subs({Z: X - M}) / (sp.exp(X - M - Q) if logsumexp else g))
    if logsumexp:
        w2_over_g = sp.simplify(w2_over_g)
    if trigamma_rank_one:
        w_norm2 = None
        a = c / (1 + ROOT)
    elif not w2_over_g.has(X):
        w_norm2 = _simplify(w2_over_g if logsumexp else w2_over_g * S)
    else:
        w_norm2 = None
        row_stats = row_stats + ((W2, "sum", _simplify(w**2)),)
    if not trigamma_rank_one:
        a = _simplify(c / (1 + sp.sqrt(1 + c * (w_norm2 if w_norm2 is not None else W2))))

    # NLL = phi(S) + sum_k [h(x_k) - x_k T_k] - log h(y). With the shift, sum_k x_k T_k =
    # sum_k z_k T_k + M sum_k T_k, and sum_k T_k is fixed by the support (1 for classes,
    # `trials` for counts), so M cancels against phi(exp(M + Q)) in exact arithmetic.
    (T,) = family.sufficient_statistic
    t_k = _index_to(T, family, X)
    logh_row, logh_elem, _ = _split_sums(family.log_base_measure, family, "log_base_measure")
    logh_elem = _index_to(logh_elem, family, X)
    if logsumexp:
        total = {Support.CLASS_INDEX: 1, Support.ONE_HOT: 1}.get(family.target.support)
        if family.target.support is Support.COUNTS:
            total = next(hp.symbol for hp in family.hypers if hp.name == family.target.bound)
        if total is None or sp.simplify(t_k - YK) != 0:
            raise StructureError(
                f"family {family.name!r}: a log-sum-exp family needs T_k(y) = y_k with sum_k y_k fixed"
                " (class_index, one_hot or counts support)"
            )
        nll_row = sp.simplify(sp.expand_log(phi.subs(S, sp.exp(M + Q)), force=True) - M * total) - logh_row
        nll_elem = h.subs(X, Z + M) - Z * YK - logh_elem
    else:
        nll_row = phi - logh_row
        nll_elem = h - X * t_k - logh_elem
    nll_row, nll_elem = rewrite.apply_all(sp.expand(nll_row)), rewrite.apply_all(nll_elem)

    dominant = _dominant_entry(family, g, c, w, diag, sqrt_diag, a, one_plus_aw2, logsumexp, trigamma_rank_one)
    coupled = Coupled(
        phi=phi, g=g, h=h, row_stats=row_stats, diag=diag, u=u, c=c, sqrt_diag=sqrt_diag,
        w=w, w_norm2=w_norm2, a=a, row_steps=row_steps, one_plus_aw2=one_plus_aw2, **dominant,
    )
    derived = Derived(
        family=family,
        structure=Structure.DIAG_RANK_ONE,
        log_partition=family.log_partition,
        stat=family.sufficient_statistic,
        log_base_measure=family.log_base_measure,
        nll=(nll_row, nll_elem),
        mean=(mean,),
        grad=(mean - t_k,),
        fisher=None,
        factor=None,
        sampler=family.sampler,
        coupled=coupled,
        passes=("canonicalize", "derive"),
    )
    proof = prove_coupled(derived, logsumexp)
    return Derived(**{**derived.__dict__, "proof": proof})


def prove_coupled(derived: Derived, logsumexp: bool) -> str:
    """(1) 2a + a^2 |w|^2 = c for the stable a, symbolically, which gives
    B B^T = D^(1/2) (I + (2a + a^2 |w|^2) w w^T) D^(1/2) = D + c u u^T for every K;
    (2) D + c u u^T equals the Hessian of the declared A for K = 2, 3, 4 at random points,
    with 50-digit mpmath."""
    cs, ws = sp.symbols("c W", real=True)
    a = cs / (1 + sp.sqrt(1 + cs * ws))
    if sp.simplify(2 * a + a**2 * ws - cs) != 0:
        raise AssertionError("the rank-one factor identity failed")
    family = derived.family
    v = family.params[0]
    cp = derived.coupled
    rng = random.Random(2)
    lo = 0.2 if family.params[0].domain.inf == 0 else -3.0
    for K in (2, 3, 4):
        xs = sp.symbols(f"x0:{K}", real=True)
        A = to_naive(family.log_partition).subs(v.size, K).doit()
        A = A.xreplace({v.base[i]: xs[i] for i in range(K)})
        H = sp.hessian(A, xs)
        point = {x: sp.Float(rng.uniform(lo, 3.0), 50) for x in xs}
        hyper = {hp.symbol: hp.default for hp in family.hypers}
        with mpmath.workdps(50):
            Hn = sp.Matrix(H.subs(point).subs(hyper)).evalf(50)
            stats = {}
            values = [point[x] for x in xs]
            if logsumexp:
                m = max(values)
                stats[M] = m
                stats[Q] = sp.log(sum(sp.exp(x - m) for x in values)).evalf(50)
            elif cp.row_steps:
                for symbol, kind, summand in cp.row_stats:
                    vals = [sp.N(to_naive(summand).subs(X, x), 50) for x in values]
                    stats[symbol] = {"max": max(vals), "sum_excl_max": sum(vals) - max(vals)}.get(kind, sum(vals))
                for symbol, expr in cp.row_steps:
                    # Every piece of a per-row choice of forms must be exact, not only the one taken here.
                    pieces = [sp.N(to_naive(pair.expr).subs(stats), 50) for node in sp.preorder_traversal(expr)
                              if isinstance(node, sp.Piecewise) for pair in node.args]
                    if pieces and max(abs(p - pieces[0]) for p in pieces) > 1e-40 * abs(pieces[0]):
                        raise AssertionError(f"family {family.name!r}: the forms of {symbol} differ at K={K}")
                    stats[symbol] = sp.N(to_naive(expr).subs(stats), 50)
            else:
                stats[S] = sum(to_naive(cp.g).subs(X, x) for x in values).evalf(50)
            if cp.w_norm2 is None:
                stats[W2] = sum(
                    (to_naive(cp.w) ** 2).subs({X: x, Z: x - stats.get(M, 0)}).subs(stats).subs(hyper) for x in values
                ).evalf(50)

            def at(e, x):
                return sp.N(to_naive(e).subs({X: x, Z: x - stats.get(M, 0)}).subs(stats).subs(hyper), 50)

            D = sp.diag(*[at(cp.diag, x) for x in values])
            u = sp.Matrix([at(cp.u, x) for x in values])
            c = sp.N(to_naive(cp.c).subs(stats).subs(hyper), 50)
            F = D + c * u * u.T
            sqrtD = sp.diag(*[at(cp.sqrt_diag, x) for x in values])
            w = sp.Matrix([at(cp.w, x) for x in values])
            a_val = sp.N(to_naive(cp.a).subs(stats).subs(hyper), 50)
            B = sqrtD * (sp.eye(K) + a_val * w * w.T)
            scale = max(abs(e) for e in Hn)
            if cp.one_plus_aw2 is not None and max(
                    abs(at(cp.sqrt_diag * cp.one_plus_aw2, x) - B[i, i]) for i, x in enumerate(values)) > 1e-40 * scale:
                raise AssertionError(f"family {family.name!r}: B's diagonal (1 + a w_k^2 form) differs at K={K}")
            if max(abs(e) for e in (F - Hn)) > 1e-40 * scale or max(abs(e) for e in (B * B.T - Hn)) > 1e-40 * scale:
                raise AssertionError(f"family {family.name!r}: D + c u u^T or B B^T differs from the Hessian at K={K}")
            if cp.dominant_share is not None:
                top = values.index(max(values))
                shares = [at(cp.dominant_share, x) for x in values]
                diag_at_max = [sp.N(to_naive(e).subs({M: values[top]}).subs(stats).subs(hyper), 50)
                               for e in (cp.fisher_diag_at_max, cp.factor_diag_at_max)]
                if (abs(sum(shares) - 1) > 1e-40 or abs(diag_at_max[0] - Hn[top, top]) > 1e-40 * scale
                        or abs(diag_at_max[1] - B[top, top]) > 1e-40 * scale):
                    raise AssertionError(f"family {family.name!r}: the dominant entry's share or diagonal differs at K={K}")
    dominant = ", F_kk and B_kk at the row max," if cp.dominant_share is not None else ""
    return ("symbolic: 2a + a^2|w|^2 = c (so B B^T = D + c u u^T for every K); numeric: D + c u u^T and"
            f" B B^T equal the Hessian of A{dominant} for K = 2, 3, 4 at 50 digits")


def _sequence_op(name, steps, OpSpec):
    """Ordered steps: a later step reuses an earlier one by name (constants are inlined), and
    repeated subexpressions inside a step become temporaries t0, t1, ..."""
    known, done, counter = {}, [], 0
    temporaries_before = {}
    for step_name, expr in steps:
        for prior, symbol in known.items():
            expr = expr.xreplace({prior: symbol})
        inline = {sp.Symbol(n, real=True): v for n, v in done if v.is_number}
        inline.update({sp.Symbol(n): v for n, v in done if v.is_number})
        expr = expr.xreplace(inline)
        temps, (reduced,) = sp.cse([expr], symbols=sp.numbered_symbols("t", start=counter), optimizations="basic")
        counter += len(temps)
        temporaries_before[step_name] = [(str(t), v) for t, v in temps]
        done.append((step_name, reduced))
        if not reduced.is_Symbol and not reduced.is_number:
            known[expr] = known[reduced] = sp.Symbol(step_name, real=True)
    outputs = []
    for step_name, expr in done:
        outputs.extend(temporaries_before[step_name])
        outputs.append((step_name, expr))
    return OpSpec(name, (), tuple(outputs))


# An entry whose share of S is above this is the row's dominant one. Above 1/2, so that such
# an entry is the unique row max (x_k == row_max marks it alone in the kernels); below it,
# 1 - share >= 1/4 and the plain D_k + c u_k^2 loses at most a factor 4. (The split is exact
# at any entry; the threshold only decides where it is used.)
DOMINANT_SHARE = sp.Rational(3, 4)


def _product_steps(cp, x, v0, u0, at_max):
    """Steps of F v, B^T v and B u. F v = D v + c u (u . v); with a dominant entry k, the sum is
    split, r = r_rest + r_dominant, and entry k is F_kk v_k + c u_k r_rest with F_kk from its
    own non-cancelling form (likewise B_kk for B and B^T): the plain D_k v_k + c u_k^2 v_k
    loses eps / (1 - share) there (p - p^2: all digits at p = 1 - 1e-17). The dominant entry is
    the row max (`_dominant_entry`), so u_k, w_k, D_k^(1/2) there are per-row values (at_max)."""
    u, w, r = sp.Symbol("u"), sp.Symbol("w"), sp.Symbol("r")
    if cp.dominant_share is None:
        return ([("u", cp.u), ("r", RowSum(u * v0)), ("out0", cp.diag * v0 + cp.c * u * r)],
                [("u", cp.u), ("r", RowSum(u * v0)), ("out0", cp.sqrt_diag * v0 + A_ROW * cp.w * r)],
                [("w", cp.w), ("r", RowSum(w * u0)), ("out0", cp.sqrt_diag * (u0 + A_ROW * w * r))])
    d = sp.Symbol("dominant")
    r_rest, r_dominant = sp.Symbol("r_rest"), sp.Symbol("r_dominant")
    fisher_max, factor_max = sp.Symbol("fisher_diag_at_max"), sp.Symbol("factor_diag_at_max")
    u_max, w_max, sqrt_diag_max = (e.subs(at_max) for e in (cp.u, cp.w, cp.sqrt_diag))
    # The share of the row max decides per row: above 1/2 the max is unique and dominant.
    dominant_row = cp.dominant_share.subs(at_max) > DOMINANT_SHARE

    def split(a, b, a_expr):  # sum_k a_k b_k as (the entries but the dominant one, the dominant one)
        return [("dominant_row", dominant_row), ("dominant", DominantEntry(x, M, sp.Symbol("dominant_row"))),
                ("r_rest", RowSumOthers(a * b, d)),
                ("r_dominant", AtDominant(b, d) * (a_expr if a_expr.is_number else AtDominant(a, d))),
                ("r", r_rest + r_dominant)]

    fisher = [("u", cp.u)] + split(u, v0, cp.u) + [("fisher_diag_at_max", cp.fisher_diag_at_max), ("out0", SetAtDominant(
        cp.diag * v0 + cp.c * u * r, fisher_max * AtDominant(v0, d) + cp.c * u_max * r_rest, d))]
    transpose = [("u", cp.u)] + split(u, v0, cp.u) + [("factor_diag_at_max", cp.factor_diag_at_max), ("out0", SetAtDominant(
        cp.sqrt_diag * v0 + A_ROW * cp.w * r, factor_max * AtDominant(v0, d) + A_ROW * w_max * r_rest,
        d))]
    factor = [("w", cp.w)] + split(w, u0, cp.w) + [("factor_diag_at_max", cp.factor_diag_at_max), ("out0", SetAtDominant(
        cp.sqrt_diag * (u0 + A_ROW * w * r),
        factor_max * AtDominant(u0, d) + sqrt_diag_max * A_ROW * w_max * r_rest, d))]
    return fisher, transpose, factor


def _fisher_pieces_steps(cp, x, at_max):
    """The per-row Fisher F = diag(D) + c u u^T as its pieces (the public ``per_case_fisher``):
    D_k, u_k and c (each as an element array), and F's diagonal D_k + c u_k^2, which at a row's
    dominant entry comes from its own non-cancelling form (as in the products), so that the
    dense F built from the pieces is accurate entry by entry."""
    diag, u, c = sp.Symbol("fisher_diag"), sp.Symbol("fisher_u"), sp.Symbol("fisher_c")
    steps = [("fisher_diag", cp.diag), ("fisher_u", cp.u), ("fisher_c", cp.c)]
    plain = diag + c * u**2
    if cp.dominant_share is None:
        return steps + [("fisher_kk", plain)]
    d = sp.Symbol("dominant")
    return steps + [("dominant_row", cp.dominant_share.subs(at_max) > DOMINANT_SHARE),
                    ("dominant", DominantEntry(x, M, sp.Symbol("dominant_row"))),
                    ("fisher_diag_at_max", cp.fisher_diag_at_max),
                    ("fisher_kk", SetAtDominant(plain, sp.Symbol("fisher_diag_at_max"), d))]


def lower_coupled(derived: Derived):
    """Ordered steps per op (a step may use the names of earlier steps); reductions are RowSum etc."""
    from natloss.codegen.lower import KernelSpec, OpSpec, _numbers_to_floats

    family = derived.family
    cp = derived.coupled
    x = sp.Symbol(str(family.params[0].base), real=True)
    logsumexp = any(kind == "log1p_sum_exp_excl_max" for _, kind, _ in cp.row_stats)
    swap = {X: x}

    # A per-row `a` that needs no reduction (softmax: -1, multinomial: -trials) is inlined.
    a_inline = {} if cp.a.has(S, Q, M, W2) else {A_ROW: cp.a}

    def e(expr):
        expr = sp.sympify(expr).xreplace(a_inline).xreplace(swap)
        # One spelling per exponential, so that CSE sees exp((z - Q)/2) twice as one.
        expr = expr.replace(sp.exp, lambda arg: sp.exp(sp.expand(arg)))
        return _numbers_to_floats(expr)

    prelude = [("shifted", x - M)] if logsumexp else []
    # Row statistics, cached per instance: the reductions, then a.
    stats = []
    for symbol, kind, summand in cp.row_stats:
        if kind == "max":
            stats += [(str(symbol), RowMax(x))] + ([("shifted", x - M)] if logsumexp else [])
        elif kind == "log1p_sum_exp_excl_max":
            stats.append((str(symbol), RowLog1pSumExpExclMax(Z)))
        elif kind == "sum_excl_max":
            stats.append((str(symbol), RowSumExclMax(summand)))
        else:
            stats.append((str(symbol), RowSum(summand)))
    stats += [(str(symbol), expr) for symbol, expr in cp.row_steps]
    stats.append(("row_a", cp.a))
    stat_names = tuple(n for n, _ in stats if n != "shifted")
    v0, u0, onehot = (sp.Symbol(n, real=True) for n in ("v0", "u0", "onehot"))
    # The diagonal entry of B at the column, in the column's own variables.
    at_column = sp.Symbol("shifted_column" if logsumexp else "x_column", real=True)
    column_prelude = [(str(at_column), OneHotColumn(sp.Symbol("shifted" if logsumexp else str(x), real=True)))]
    one_plus = cp.one_plus_aw2 if cp.one_plus_aw2 is not None else rewrite.apply_all(
        sp.expand((1 + A_ROW * sp.powsimp(cp.w**2)).xreplace(a_inline), power_exp=False, power_base=False))
    diag_entry = (cp.sqrt_diag * one_plus).xreplace({Z if logsumexp else X: at_column})
    y = sp.Symbol(str(family.target.symbol), real=True)
    nll_row, nll_elem = derived.nll
    fisher_steps, transpose_steps, factor_steps = _product_steps(cp, x, v0, u0, {Z: 0} if logsumexp else {X: M})
    steps = {
        "row_stats": stats,
        "nll": prelude + [("nll", nll_row + RowSum(nll_elem.xreplace({YK: y})))],
        "grad": prelude + [("grad0", derived.grad[0].xreplace({YK: y}))],
        "mean": prelude + [("mean0", derived.mean[0])],
        "fisher_product": prelude + fisher_steps,
        "factor_product": prelude + factor_steps,
        "factor_transpose_product": prelude + transpose_steps,
        # B e_j: off the diagonal a D_k^(1/2) w_k w_j; on it D_j^(1/2) (1 + a w_j^2) from its own
        # expression, so that 1 - p_j comes out as -expm1(log p_j) instead of cancelling.
        "factor_column": prelude + column_prelude + [
            ("w", cp.w), ("w_column", OneHotColumn(sp.Symbol("w"))),
            ("diag", diag_entry),
            ("out0", onehot * sp.Symbol("diag")
             + (1 - onehot) * cp.sqrt_diag * A_ROW * sp.Symbol("w") * sp.Symbol("w_column"))],
        "fisher_pieces": prelude + _fisher_pieces_steps(cp, x, {Z: 0} if logsumexp else {X: M}),
        "sample": [("sample", family.sampler.xreplace({family.params[0].base: x}))],
    }
    ops = {name: _sequence_op(name, [(n, e(expr)) for n, expr in seq], OpSpec) for name, seq in steps.items()}
    return KernelSpec(
        derived=derived,
        params=(str(x),),
        hypers=tuple((str(h.symbol), h.default, h.integer) for h in family.hypers),
        target=str(family.target.symbol),
        ops=ops,
        fisher_entries=stat_names,
        factor_entries=stat_names,
        factor_columns=(),
        passes=derived.passes + ("lower",),
    )
