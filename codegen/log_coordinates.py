"""Log coordinates: a parametrization's derivatives composed where its natural parameters are exponentials.

Where every natural parameter is eta_i = lo_i + e^(A_i) on a half-line (lo_i, inf), A_i = a_i(theta),
and the log-partition in A has a log-argument form (a rewrite turns A(lo + e^A) into primitives of
the A_i, as `beta_of_logs` gives lbeta_exp(A_1, A_2)), the compiler composes in A instead of eta:

    r_i  = d A~ / d A_i - e^(A_i) T_i(y)           (the score in A)
    G    = Hess_A A~ - diag(grad_A A~)             (= diag(e^A) F diag(e^A), the Fisher in A)
    grad = L^T r,   F = L^T G L,   B = L^T chol(G),
    H    = L^T (G + diag r) L + sum_i r_i Hess(a_i),   L = d a / d theta.

Composed through F(eta), an entry forms psi_1(e^A) ~ e^(-A), which overflows at A = -700, and
terms of size e^A that cancel to O(1) at A = 700 (the Beta's Fisher in the log precision is 1/2
there); in A the Fisher is built from the bounded primitives of the log-argument form and every
cancelling part cancels symbolically (diag(grad A~) against Hess A~'s diagonal, the c's of G in F's
entries and in chol(G)'s).

Two rewrites then act on the composed entries, before a(theta) is substituted:

* `odd_pairs`: k (sigmoid(-d) P(A_1, A_2) - sigmoid(d) P(A_2, A_1)) -> k P_odd(d, l), with d = a_1 - a_2
  and l = log(e^a_1 + e^a_2) simplified in theta (d = logit_mean, l = log_precision for the Beta):
  odd in d and 0 at d = 0, which the difference of the two products loses near 0, and which d
  recomputed as a_1 - a_2 from two rounded logs near 700 has lost already.
* `deviance`: sum_i e^(A_i) Lambda_i -> sum_i exp_deviance(A_i, Lambda_i) where
  sum_i e^(A_i - Lambda_i) = sum_i e^(A_i) (checked symbolically): each product is first order in
  y - E y and of the size of e^A, their sum phi KL(...) second order (the Beta's gradient in the log
  precision). Lambda_i = log(sigmoid(.) / v) is formed by `log_sigmoid_ratio`, so the second order
  keeps its relative accuracy.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy as sp

from natloss.codegen.primitives import (
    exp_deviance, lbeta_exp, lbeta_exp_c, lbeta_exp_d, lbeta_exp_k, lbeta_exp_ko, lbeta_exp_r, lbeta_exp_ro, lbeta_exp_v,
    lbeta_exp_vo, lbeta_exp_w, lbeta_exp_wo, if_else, log1p, log_sigmoid_ratio, log_sigmoid_ratio_c, sigmoid, softplus,
    to_naive,
)

# The primitives of a log-argument form: a log-partition in A that uses one is composed in A.
LOG_ARGUMENT_FORMS = (lbeta_exp, lbeta_exp_d, lbeta_exp_r, lbeta_exp_w, lbeta_exp_c)


def _pq_phi(d, l):
    """p q phi = e^(l - softplus(d) - softplus(-d)), one expression for both e^a q and e^b p."""
    return sp.exp(l - softplus(d) - softplus(-d))


# P -> its odd part in (d, l): sigmoid(-d) P(a, b) - sigmoid(d) P(b, a). lbeta_exp_d's is lbeta_exp_ro plus
# p q phi d (d = -e^a softplus(b - a) + r: q x log p - p y log q = p q phi d), both of the sign of d.
ODD_PARTS = {
    lbeta_exp_w: lbeta_exp_wo,
    lbeta_exp_r: lbeta_exp_ro,
    lbeta_exp_k: lbeta_exp_ko,
    lbeta_exp_v: lbeta_exp_vo,
    lbeta_exp_d: lambda d, l: lbeta_exp_ro(d, l) + d * _pq_phi(d, l),
}
# A primitive and the split form its neighbour's derivative rule gives for it (lbeta_exp_r's definition).
WHOLE_FORMS = {lbeta_exp_d: lambda a, b: -sp.exp(a) * softplus(b - a) + lbeta_exp_r(a, b)}
# (P, Q) -> S = P + Q, formed inside: k_P P + k_Q Q = k_P S + (k_Q - k_P) Q.
SUMS = {(lbeta_exp_w, lbeta_exp_r): lbeta_exp_k, (lbeta_exp_d, lbeta_exp_w): lbeta_exp_v}


@dataclass(frozen=True)
class LogCoordinates:
    """A_i (symbols), a_i(theta), the log-partition A~(A), and for two coordinates d = a_1 - a_2 and
    l = log(e^a_1 + e^a_2) as simplified in theta (None where they do not simplify)."""

    symbols: tuple
    a: tuple
    log_partition: sp.Expr
    d: sp.Expr | None = None
    l: sp.Expr | None = None


@dataclass(frozen=True)
class Composed:
    grad: tuple
    fisher: sp.Matrix
    factor: sp.Matrix
    hessian: sp.Matrix
    proof: str


def _log_of_sigmoid(expr):
    # log(sigmoid(x)) = -softplus(-x): exact, and finite where sigmoid(x) underflows.
    return expr.replace(lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sigmoid),
                        lambda e: -softplus(-e.args[0].args[0]))


def _plain(expr):
    """An expression simplified in plain functions, or None where it keeps an exp or log of a sum
    (no simpler form than the one given)."""
    out = sp.simplify(to_naive(expr))
    if any(isinstance(f, (sp.exp, sp.log)) and isinstance(f.args[0], sp.Add) for f in sp.preorder_traversal(out)):
        return None
    return out


def find(family_params, log_partition, param_symbols, eta, pre: Callable) -> LogCoordinates | None:
    """The log coordinates of eta(theta), or None where they do not apply: a natural parameter not on
    a half-line (lo, inf), or a log-partition without a log-argument form in A."""
    los = []
    for q in family_params:
        dom = q.domain
        if not (isinstance(dom, sp.Interval) and dom.sup is sp.oo and dom.inf.is_finite and dom.left_open):
            return None
        los.append(dom.inf)
    symbols = tuple(sp.Dummy(f"A_{i}", real=True) for i in range(len(los)))  # never a user's symbol
    tilde = pre(log_partition.xreplace({s: sp.exp(A) + lo for s, A, lo in zip(param_symbols, symbols, los)}))
    if not tilde.has(*LOG_ARGUMENT_FORMS):
        return None
    # a_i = log(eta_i - lo_i), with the logs of products split and log sigmoid as -softplus: exact for any
    # eta_i > lo_i (a log left over, log(1 + erf(z / sqrt 2)) of a user's probit mean, is evaluated as written).
    a = tuple(pre(_log_of_sigmoid(sp.expand_log(sp.log(e - lo), force=True))) for e, lo in zip(eta, los))
    d = l = None
    if len(a) == 2:
        d = _plain(a[0] - a[1])
        l = _plain(sp.log(sp.exp(a[0]) + sp.exp(a[1])))
    return LogCoordinates(symbols, a, tilde, d, l)


def _split_score(r_i, A_i):
    """r_i = e^(A_i) Lambda_i + rho_i: Lambda_i the cofactor of e^(A_i) in the expanded sum."""
    lam, rho = [], []
    for t in sp.Add.make_args(sp.expand(r_i)):
        factors = sp.Mul.make_args(t)
        if sp.exp(A_i) in factors:
            rest = list(factors)
            rest.remove(sp.exp(A_i))
            lam.append(sp.Mul(*rest))
        else:
            rho.append(t)
    return sp.Add(*lam), sp.Add(*rho)


def _log_ratio(lam):
    """-softplus(z) - log(v) -> log_sigmoid_ratio(-z, v), -softplus(z) - log1p(-y) -> log_sigmoid_ratio_c(-z, y);
    else unchanged."""
    terms = sp.Add.make_args(lam)
    sp_terms = [t for t in terms if isinstance(-t, softplus)]
    log_terms = [t for t in terms if isinstance(-t, (sp.log, log1p))]
    if len(sp_terms) != 1 or len(log_terms) != 1 or len(terms) != 2:
        return lam
    z = (-sp_terms[0]).args[0]
    f = -log_terms[0]
    return log_sigmoid_ratio(-z, f.args[0]) if isinstance(f, sp.log) else log_sigmoid_ratio_c(-z, -f.args[0])


def _tidy(expr):
    """One fraction with its numerator expanded: the c's of G cancel there (sqrt(G00) - c / sqrt(G00) =
    w / sqrt(G00)), with exp and the primitives opaque."""
    expr = sp.together(expr)
    num, den = sp.fraction(expr)
    return sp.expand(num) / den


def _cholesky(G):
    """The lower Cholesky factor of a symbolic positive-definite G, each pivot a tidy fraction."""
    n = G.rows
    C = sp.zeros(n, n)
    for j in range(n):
        pivot = _tidy(G[j, j] - sum((C[j, k] ** 2 for k in range(j)), sp.Integer(0)))
        C[j, j] = sp.sqrt(pivot)
        for i in range(j + 1, n):
            C[i, j] = _tidy(G[i, j] - sum((C[i, k] * C[j, k] for k in range(j)), sp.Integer(0))) / C[j, j]
    return C


def sums(expr, lc: LogCoordinates):
    """k_P P(A_i, A_j) + k_Q Q(A_i, A_j) -> k_P S(A_i, A_j) + (k_Q - k_P) Q(A_i, A_j) for each (P, Q) -> S of
    `SUMS` (the Hessian in A's diagonal: lbeta_exp_w + lbeta_exp_r, each ~ +-y / phi, their sum far smaller)."""
    expr = sp.expand(expr)
    for (P, Q), S in SUMS.items():
        for i, j in ((0, 1), (1, 0)) if len(lc.symbols) == 2 else ():
            args = (lc.symbols[i], lc.symbols[j])
            kp, kq = expr.coeff(P(*args)), expr.coeff(Q(*args))
            if kp == 0 or kq == 0:
                continue
            expr = sp.expand(expr - kp * P(*args) - kq * Q(*args) + kp * S(*args) + sp.expand(kq - kp) * Q(*args))
    return expr


def odd_pairs(expr, lc: LogCoordinates):
    """k1 P(A_1, A_2) + k2 P(A_2, A_1) -> k P_odd(d, l) where k1 / sigmoid(-d) = -k2 / sigmoid(d) = k."""
    if lc.d is None or lc.l is None or len(lc.symbols) != 2:
        return expr
    A1, A2 = lc.symbols
    expr = sp.expand(expr)
    for P, odd in ODD_PARTS.items():
        p12, p21 = P(A1, A2), P(A2, A1)
        k1, k2 = expr.coeff(p12), expr.coeff(p21)
        if k1 == 0 or k2 == 0 or k1.has(p12, p21) or k2.has(p12, p21):
            continue
        k = sp.cancel(k1 / sigmoid(-lc.d))
        if sp.cancel(k + k2 / sigmoid(lc.d)) != 0:
            continue
        expr = sp.expand(expr - k1 * p12 - k2 * p21) + sp.factor(k) * odd(lc.d, lc.l)
    return expr


def compose(lc: LogCoordinates, theta: tuple, stat: tuple, pre: Callable) -> Composed:
    """grad, F, B, H in theta through the log coordinates (the module's docstring)."""
    A, n = lc.symbols, len(lc.symbols)
    dA = [sp.diff(lc.log_partition, Ai) for Ai in A]
    scores = [_split_score(dA[i] - sp.exp(A[i]) * stat[i], A[i]) for i in range(n)]  # (Lambda_i, rho_i)
    G = sp.Matrix(n, n, lambda i, j: sp.expand(sp.diff(dA[i], A[j]) - (dA[i] if i == j else 0)))
    L = sp.Matrix(n, len(theta), lambda i, j: pre(sp.diff(lc.a[i], theta[j])))
    R = [sp.Dummy(f"R_{i}", real=True) for i in range(n)]  # placeholders for the scores r_i
    mass = sp.Add(*[sp.exp(A[i] - lam) - sp.exp(A[i]) for i, (lam, _) in enumerate(scores)])
    deviance = n > 1 and sp.simplify(to_naive(mass)) == 0
    # d and its negative where a softplus of A_j - A_i reads it (exact, where a_1 - a_2 rounds).
    differences = {}
    if lc.d is not None and n == 2:
        differences = {A[0] - A[1]: lc.d, A[1] - A[0]: -lc.d}
    to_theta = dict(zip(A, lc.a))
    pq_phi = _pq_phi(lc.d, lc.l) if (n == 2 and lc.d is not None and lc.l is not None) else None
    # d A~ / d A_i whole where the derivative rule split it (lbeta_exp's: -e^a softplus(b - a) + lbeta_exp_r).
    unsplit = list(dA)
    if n == 2:
        for i, j in ((0, 1), (1, 0)):
            for whole, split in WHOLE_FORMS.items():
                if sp.expand(dA[i] - split(A[i], A[j])) == 0:
                    unsplit[i] = whole(A[i], A[j])

    lams = [_log_ratio(lam.xreplace(differences)) for lam, _ in scores]

    def finish(entry):
        entry = sp.expand(entry)
        ks = [entry.coeff(Ri) for Ri in R]
        rest = sp.expand(entry - sum(k * Ri for k, Ri in zip(ks, R)))

        def form(part):
            out = odd_pairs(sums(rest + part, lc), lc).xreplace(differences)
            if pq_phi is not None:  # e^a q = e^b p = p q phi, one rounding for both
                out = out.subs({sp.exp(A[0]) * sigmoid(-lc.d): pq_phi, sp.exp(A[1]) * sigmoid(lc.d): pq_phi})
            return out

        if deviance and ks[0] != 0 and all(sp.simplify(k - ks[0]) == 0 for k in ks):
            out = form(ks[0] * sp.Add(*[exp_deviance(A[i], lams[i]) + scores[i][1] for i in range(n)]))
        else:
            # The score split, e^(A_i) Lambda_i + rho_i, keeps the residual Lambda_i (log(E y / y), small near
            # the mean) whole; unsplit, d A~ / d A_i - e^(A_i) T_i, lets lbeta_exp_d's -e^a softplus(b - a)
            # cancel inside lbeta_exp_v / _vo. Each form cancels where the other does not: the first where
            # Lambda_1 - Lambda_2 = d - logit(y) is far from 0 and p q phi d is not small (d = -700 at phi ~ 1),
            # the second near the mean at large phi; the select takes the split form where |Lambda_1 - Lambda_2|
            # < |d| / 2.
            split = form(sp.Add(*[k * (sp.exp(A[i]) * lams[i] + scores[i][1]) for i, k in enumerate(ks)]))
            whole = form(sp.Add(*[k * (unsplit[i] - sp.exp(A[i]) * stat[i]) for i, k in enumerate(ks)]))
            if n == 2 and lc.d is not None and sp.expand(split - whole) != 0:
                out = if_else(sp.Abs(lams[0] - lams[1]) < sp.Abs(lc.d) / 2, split, whole)
            else:
                out = whole
        return pre(out.xreplace(to_theta))

    def symmetric(M):  # each entry once, mirrored
        out = {(j, k): finish(M[j, k]) for j in range(M.rows) for k in range(j, M.cols)}
        return sp.Matrix(M.rows, M.cols, lambda j, k: out[min(j, k), max(j, k)])

    m = len(theta)
    grad = tuple(finish(sum((L[i, j] * R[i] for i in range(n)), sp.Integer(0))) for j in range(m))
    fisher_A = L.T * G * L
    fisher = symmetric(fisher_A)
    C = _cholesky(G)
    factor = sp.Matrix(m, n, lambda j, c: finish(_tidy(sum((L[i, j] * C[i, c] for i in range(n)), sp.Integer(0)))))
    second = [sp.Matrix(m, m, lambda j, k: pre(sp.diff(lc.a[i], theta[j], theta[k]))) for i in range(n)]
    hessian = symmetric(fisher_A + sum((R[i] * (L[i, :].T * L[i, :] + second[i]) for i in range(n)), sp.zeros(m, m)))
    proof = ("L^T chol(G) in log coordinates A = log(eta - lo), G = Hess_A A~ - diag(grad_A A~) = diag(e^A) F diag(e^A)"
             " (chol(G) chol(G)^T = G by construction)")
    return Composed(grad, fisher, factor, hessian, proof)


__all__ = ["LogCoordinates", "Composed", "find", "compose", "sums", "odd_pairs", "LOG_ARGUMENT_FORMS", "ODD_PARTS", "SUMS", "WHOLE_FORMS"]
