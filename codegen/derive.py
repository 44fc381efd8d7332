"""Derivation: a validated `Family` -> `Derived`, pure SymPy, no numbers.

NLL = A - <eta, T> - log h; gradient grad A - T; Fisher = Hessian = grad^2 A; a
factor B with B B^T = F whose structure decides the kernels:

* ``scalar``: one natural parameter per element, B = sqrt(A'').
* ``dense``: d = 2 or 3 per case, B the lower Cholesky factor, each entry simplified
  (the Schur complement is brought to one fraction and stabilized, not left a difference).
* ``diag_rank_one``: a coupled vector, F = D + c u u^T (see `coupled`).

Every factor is proved to satisfy B B^T - F = 0 (`proof`), symbolically where SymPy
can, else at random points of the domain with 50-digit mpmath (and the proof says so).
"""
from __future__ import annotations

import enum
import random
from dataclasses import dataclass, field, replace

import mpmath
import sympy as sp

from natloss.codegen import rewrite
from natloss.codegen.family import Family, Support
from natloss.codegen.primitives import to_naive


class Structure(enum.Enum):
    SCALAR = "scalar"
    DENSE = "dense"
    DIAG_RANK_ONE = "diag_rank_one"


@dataclass(frozen=True)
class Coupled:
    """F = D + c u u^T over the vector axis; B = D^(1/2) (I + a w w^T), w = D^(-1/2) u.

    Per element (expressions of eta_k and the per-row statistics): ``diag`` D_k,
    ``u`` u_k, ``sqrt_diag`` D_k^(1/2), ``w`` w_k. Per row: ``c``, ``a``; ``w_norm2``
    |w|^2 if it has a closed form, else None (a reduction over the row).
    ``row_stats`` are the per-row reductions as (symbol, kind, summand) with kind
    'sum', 'max', 'log1p_sum_exp_excl_max' or 'sum_excl_max'.
    """

    phi: sp.Expr
    g: sp.Expr
    h: sp.Expr
    row_stats: tuple
    diag: sp.Expr
    u: sp.Expr
    c: sp.Expr
    sqrt_diag: sp.Expr
    w: sp.Expr
    w_norm2: sp.Expr | None
    a: sp.Expr
    # Per-row values after the reductions, before a: ((symbol, expr), ...), in order.
    row_steps: tuple = ()
    # 1 + a w_k^2 (B's diagonal over D_k^(1/2)) in a form that does not cancel, or None.
    one_plus_aw2: sp.Expr | None = None
    # The row's dominant entry (codegen/coupled.py, `_dominant_entry`): g(eta_k) / S per element
    # (above 3/4 at one entry at most), and F's and B's diagonal entries at it as per-row
    # expressions that do not cancel; None where the structure has no such entry.
    dominant_share: sp.Expr | None = None
    fisher_diag_at_max: sp.Expr | None = None
    factor_diag_at_max: sp.Expr | None = None


@dataclass(frozen=True)
class Derived:
    family: Family
    structure: Structure
    log_partition: sp.Expr
    stat: tuple  # T(y)
    log_base_measure: sp.Expr
    nll: sp.Expr
    mean: tuple  # grad A
    grad: tuple  # grad A - T
    fisher: sp.ImmutableMatrix | None
    factor: sp.ImmutableMatrix | None
    sampler: sp.Expr
    coupled: Coupled | None = None
    # (A - <eta, T>, log h) when log h depends on y: evaluated apart, then subtracted, so that
    # its lgamma terms cancel among themselves (the binomial coefficient at y = n is exactly 1).
    nll_parts: tuple = ()
    proof: str = ""
    passes: tuple = field(default=())
    # `singular.SingularPoint`s: where an expression is 0/0 with a finite limit and a series
    # branch is emitted around it (for verifiers to probe near).
    singular_points: tuple = ()

    def with_pass(self, name: str, **changes) -> "Derived":
        return replace(self, passes=self.passes + (name,), **changes)


def canonicalize(family: Family) -> Family:
    """Write the declaration in stable primitives before anything is differentiated."""
    return replace(
        family,
        log_partition=rewrite.apply_all(family.log_partition, rewrite.CANONICAL),
        sufficient_statistic=tuple(rewrite.apply_all(t, rewrite.CANONICAL) for t in family.sufficient_statistic),
        log_base_measure=rewrite.apply_all(family.log_base_measure, rewrite.CANONICAL),
    )


def _simplify_entry(expr: sp.Expr) -> sp.Expr:
    """One fraction, factored, with the stable rewrites: cheap and predictable."""
    expr = sp.factor(sp.together(expr))
    return rewrite.apply_all(expr)


def _simplify_radicand(expr: sp.Expr) -> sp.Expr:
    num, den = sp.fraction(sp.together(expr))
    num = rewrite.apply_all(sp.factor(sp.expand(num)))
    den = sp.factor(den)
    return num / den


def cholesky(fisher: sp.Matrix) -> sp.Matrix:
    d = fisher.shape[0]
    L = sp.zeros(d, d)
    for j in range(d):
        radicand = fisher[j, j] - sum((L[j, k] ** 2 for k in range(j)), sp.Integer(0))
        L[j, j] = sp.sqrt(_simplify_radicand(radicand))
        L[j, j] = rewrite.apply_all(sp.powsimp(sp.powdenest(L[j, j], force=False)))
        for i in range(j + 1, d):
            off = fisher[i, j] - sum((L[i, k] * L[j, k] for k in range(j)), sp.Integer(0))
            L[i, j] = _simplify_entry(off / L[j, j])
    return L


def _hide_functions(expr):
    """Replace transcendental atoms by symbols: identities of rational algebra then cancel."""
    atoms = sorted(expr.atoms(sp.Function, sp.exp, sp.log), key=sp.default_sort_key)
    subs = {a: sp.Dummy() for a in atoms}
    return expr.xreplace(subs)


def prove_factor(fisher: sp.Matrix, factor: sp.Matrix, family: Family) -> str:
    """Show B B^T - F = 0; symbolic if possible, else 50-digit numeric at 8 domain points."""
    # With every function an opaque atom first: an identity of rational algebra then holds for any
    # values of the functions, and the naive forms (Bessel ratios, ...) are slow to expand.
    opaque = factor * factor.T - fisher
    if all(sp.cancel(_hide_functions(sp.expand(e))) == 0 for e in opaque):
        return "symbolic: B B^T - F cancels"
    residual = opaque.applyfunc(to_naive)
    if all(sp.cancel(_hide_functions(sp.expand(e))) == 0 for e in residual):
        return "symbolic: B B^T - F cancels"
    rng = random.Random(0)
    with mpmath.workdps(50):
        for _ in range(8):
            point = {}
            for p in family.params:
                lo = p.domain.inf if p.domain.inf.is_finite else -3
                hi = p.domain.sup if p.domain.sup.is_finite else 3
                point[p.symbol] = sp.Float(rng.uniform(float(lo), float(hi)) * 0.98, 50)
            for h in family.hypers:
                point[h.symbol] = sp.Float(h.default, 50)
            for e in residual:
                value = sp.N(e.subs(point), 50)
                scale = max(abs(sp.N(f.subs(point), 50)) for f in fisher) + 1e-300
                if abs(value) > sp.Float("1e-40") * scale:
                    raise ValueError(
                        f"family {family.name!r}: the derived factor does not satisfy B B^T = F"
                        f" (residual {value} at {point})"
                    )
    return "numeric: |B B^T - F| < 1e-40 |F| at 8 random domain points, 50 digits"


def derive(family: Family) -> Derived:
    if family.is_vector:
        from natloss.codegen.coupled import derive_coupled

        return derive_coupled(family)
    eta = family.param_symbols
    A = family.log_partition
    T = family.sufficient_statistic
    mean = tuple(rewrite.apply_all(rewrite.BESSEL_RATIO_OVER_ARGUMENT(sp.diff(A, e))) for e in eta)
    nll = A - sum((e * t for e, t in zip(eta, T)), sp.Integer(0))
    grad = tuple(m - t for m, t in zip(mean, T))
    d = len(eta)
    fisher = sp.Matrix(d, d, lambda i, j: _simplify_entry(rewrite.BESSEL_RATIO_OVER_ARGUMENT(sp.diff(A, eta[i], eta[j]))))
    if d == 1:
        structure = Structure.SCALAR
        factor = sp.Matrix([[rewrite.apply_all(sp.powsimp(sp.sqrt(fisher[0, 0])))]])
    else:
        structure = Structure.DENSE
        factor = cholesky(fisher)
    proof = prove_factor(fisher, factor, family)
    return Derived(
        family=family,
        structure=structure,
        log_partition=A,
        stat=T,
        log_base_measure=family.log_base_measure,
        nll=nll,  # without -log h until `stabilize`, which rewrites the two parts apart
        mean=mean,
        grad=grad,
        fisher=sp.ImmutableMatrix(fisher),
        factor=sp.ImmutableMatrix(factor),
        # log(1 + x) -> log1p(x) too: an inverse-CDF draw log(1 + u expm1(-a)) / a is 0 for a < 1e-16
        sampler=rewrite.apply_all(family.sampler, rewrite.STABLE + (rewrite.LOG_ONE_PLUS_TO_LOG1P,)),
        proof=proof,
        passes=("canonicalize", "derive"),
    )


def stabilize(derived: Derived) -> Derived:
    """Rewrite every expression into stable primitives; target-aware rewrites of the NLL."""
    if "derive" not in derived.passes:
        raise ValueError("stabilize needs a Derived from the 'derive' pass")
    if derived.structure is Structure.DIAG_RANK_ONE:
        return derived.with_pass("stabilize")  # derive_coupled writes its stable forms itself
    family = derived.family
    y = family.target.symbol
    nll = rewrite.apply_all(derived.nll)  # A - <eta, T>
    if family.target.support in (Support.BINARY, Support.BOUNDED_INTEGER):
        bound = sp.Integer(1) if family.target.support is Support.BINARY else next(
            h.symbol for h in family.hypers if h.name == family.target.bound
        )
        nll = rewrite.bounded_softplus_nll(bound, y)(nll)
    log_h = rewrite.lgamma_differences(y)(rewrite.apply_all(derived.log_base_measure))
    domains = {p.symbol: p.domain for p in family.params}
    # Poisson, Gamma: lgamma cancels against the linear terms; Loader's saddle-point form is one
    # sum of non-negative parts, so no separate log h group.
    saddle = rewrite.saddle_point_nll(domains)(nll - log_h)
    # The quadratic may sit in A - <eta, T> (Normal) or need -log h to close (NormalMean).
    full = rewrite.complete_square(y)(nll - log_h)
    if saddle != nll - log_h:
        nll, parts = saddle, ()
    elif full != nll - log_h:
        nll, parts = full, ()
    else:
        core = rewrite.complete_square(y)(nll)
        nll, parts = core - log_h, ((core, log_h) if log_h.has(y) else ())
    # Domain-aware: psi(a) - psi(a + b) needs b > 0, which only the declared domains say.
    differences = rewrite.polygamma_differences(domains)

    tails = rewrite.exp_scaled_tails(domains)

    def last(e):
        return tails(rewrite.BESSEL_RATIO_GAP(rewrite.EXP_ABS_PAIRS(differences(rewrite.apply_all(e)))))

    stable = derived.with_pass(
        "stabilize",
        nll=last(nll),
        nll_parts=tuple(last(p) for p in parts),
        mean=tuple(last(m) for m in derived.mean),
        grad=tuple(rewrite.exp_minus_count(y)(last(g)) for g in derived.grad),
        fisher=derived.fisher.applyfunc(last),
        factor=derived.factor.applyfunc(last),
    )
    return series_at_removable_points(stable)


def series_at_removable_points(derived: Derived) -> Derived:
    """Series branches where an expression of one parameter is 0/0 with a finite limit (`singular`)."""
    from natloss.codegen.singular import SingularPoint, removable

    family = derived.family
    found = {}

    def treat(name, expr):
        for p in family.params:
            expr, points = removable(expr, p.symbol, p.domain)
            for at, radius, order in points:
                r0, o0, names = found.get((p.name, at), (0.0, 0, ()))
                found[p.name, at] = (max(r0, radius), max(o0, order), names + (name,))
        return expr

    def treat_sum(name, expr):
        # the terms of one parameter alone (A(eta) in A - eta y) are treated together
        terms = sp.Add.make_args(expr)
        for p in family.params:
            alone = [t for t in terms if t.free_symbols == {p.symbol}]
            if alone:
                terms = [t for t in terms if t not in alone] + [treat(name, sp.Add(*alone))]
        return sp.Add(*terms)

    mean = tuple(treat(f"mean{i}", m) for i, m in enumerate(derived.mean))
    d = len(mean)
    fisher = sp.ImmutableMatrix(d, d, lambda i, j: treat(f"fisher_{min(i, j)}_{max(i, j)}", derived.fisher[i, j]))
    factor = sp.ImmutableMatrix(d, d, lambda i, j: treat(f"factor_{i}_{j}", derived.factor[i, j]))
    nll = treat_sum("nll", derived.nll)
    parts = tuple(treat_sum("nll", p) for p in derived.nll_parts)
    if not found:
        return derived
    # the gradient is E[T] - T: with the mean's series branch
    grad = tuple(m - t if m != m0 else g for m, m0, g, t in zip(mean, derived.mean, derived.grad, derived.stat))
    points = tuple(SingularPoint(param, float(at), radius, order, tuple(dict.fromkeys(names)))
                   for (param, at), (radius, order, names) in sorted(found.items(), key=lambda kv: (kv[0][0], float(kv[0][1]))))
    return replace(derived, mean=mean, grad=grad, fisher=fisher, factor=factor, nll=nll, nll_parts=parts,
                   singular_points=points)
