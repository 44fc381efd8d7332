"""Numerical rewrites: named, tested objects that turn an expression into an equal, stabler one.

Two passes use them. `CANONICAL` runs on the declaration before differentiation, so
that A(eta) is already written in the stable primitives and its derivatives stay
there (see `primitives`). `STABLE` runs on every derived expression. A rewrite
never changes the value in exact arithmetic; tests check each one against mpmath.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

from natloss.codegen.primitives import (
    digamma_diff,
    digamma_diff_exp,
    lbeta_exp,
    exp_neg_abs,
    log1mexp,
    log1mexp_plus_exp,
    log1pmx,
    sigmoid,
    sigmoid_e,
    sigmoid_lincomb,
    softplus,
    trigamma_det,
    trigamma_diff,
    xtrigamma_m1,
)


@dataclass(frozen=True)
class Rewrite:
    name: str
    doc: str
    function: Callable[[sp.Expr], sp.Expr]

    def __call__(self, expr: sp.Expr) -> sp.Expr:
        return self.function(expr)


def _match_one_plus_exp(arg):
    """If arg == c + exp(x) with c == 1 return x, else None."""
    if isinstance(arg, sp.Add) and len(arg.args) == 2:
        a, b = arg.args
        for one, e in ((a, b), (b, a)):
            if one == 1 and isinstance(e, sp.exp):
                return e.args[0]
    return None


def _match_one_minus_exp(arg):
    """If arg == 1 - exp(x) return x, else None."""
    if isinstance(arg, sp.Add) and len(arg.args) == 2:
        a, b = arg.args
        for one, e in ((a, b), (b, a)):
            if one == 1 and isinstance(e, sp.Mul) and len(e.args) == 2 and e.args[0] == -1:
                if isinstance(e.args[1], sp.exp):
                    return e.args[1].args[0]
    return None


def _log_of_one_plus_exp(expr):
    def visit(e):
        if isinstance(e, sp.log):
            x = _match_one_plus_exp(e.args[0])
            if x is not None:
                return softplus(x)
            x = _match_one_minus_exp(e.args[0])
            if x is not None:
                return log1mexp(x)
        return e

    return sp.bottom_up(expr, visit)


LOG1PEXP_TO_SOFTPLUS = Rewrite(
    "log1pexp_to_softplus",
    "log(1 + exp(x)) -> softplus(x) and log(1 - exp(x)) -> log1mexp(x): no overflow, no cancellation.",
    _log_of_one_plus_exp,
)


def _logistic(expr):
    def visit(e):
        # 1 / (1 + exp(-x)) -> sigmoid(x)
        if isinstance(e, sp.Pow) and e.exp == -1:
            x = _match_one_plus_exp(e.base)
            if x is not None:
                return sigmoid(-x)
        return e

    return sp.bottom_up(expr, visit)


LOGISTIC_TO_SIGMOID = Rewrite(
    "logistic_to_sigmoid",
    "1 / (1 + exp(-x)) -> sigmoid(x); the naive form overflows to 0/inf for x << 0.",
    _logistic,
)


def _exp_minus_one(expr):
    def visit(e):
        if isinstance(e, sp.Add):
            terms = list(e.args)
            for i, t in enumerate(terms):
                for sign in (1, -1):
                    if isinstance(sign * t, sp.exp) and -sign in terms:
                        rest = [u for j, u in enumerate(terms) if j != i]
                        rest.remove(-sign)
                        return sp.Add(*rest, sign * expm1((sign * t).args[0]))
        return e

    return sp.bottom_up(expr, visit)


EXP_MINUS_ONE_TO_EXPM1 = Rewrite(
    "exp_minus_one_to_expm1",
    "exp(x) - 1 -> expm1(x): the difference cancels for small |x|.",
    _exp_minus_one,
)


def _log_one_plus(expr):
    def visit(e):
        if isinstance(e, sp.log) and isinstance(e.args[0], sp.Add) and 1 in e.args[0].args:
            rest = e.args[0] - 1
            if not rest.is_number:
                return log1p(rest)
        return e

    return sp.bottom_up(expr, visit)


LOG_ONE_PLUS_TO_LOG1P = Rewrite(
    "log_one_plus_to_log1p",
    "log(1 + x) -> log1p(x): the sum rounds x away for small |x|.",
    _log_one_plus,
)


def _log1p_minus_x(expr):
    # In a sum, c log1p(u) - c u -> c log1pmx(u) and c log1mexp(a) + c exp(a) ->
    # c log1pmx(-exp(a)) (log1mexp(a) = log1p(-exp(a))), kept where the u terms cancel.
    def visit(e):
        if not isinstance(e, sp.Add):
            return e
        logs = [(f, f.args[0]) for f in e.atoms(log1p)] + [(f, -sp.exp(f.args[0])) for f in e.atoms(log1mexp)]
        for f, u in logs:
            expanded = sp.expand(e)
            c = expanded.coeff(f)
            if c == 0 or c.has(f):
                continue
            rest = sp.expand(expanded - c * f + c * u)
            if len(sp.Add.make_args(rest)) < len(sp.Add.make_args(expanded)) - 1 or rest == 0:
                # log1mexp(a) + exp(a): a primitive that keeps the sum where exp(a) rounds to 1
                return rest + c * (log1mexp_plus_exp(f.args[0]) if isinstance(f, log1mexp) else log1pmx(u))
        return e

    return sp.bottom_up(expr, visit)


LOG1P_MINUS_X = Rewrite(
    "log1p_minus_x",
    "c log1p(u) - c u -> c log1pmx(u), c log1mexp(a) + c exp(a) -> c log1pmx(-exp(a)): the two"
    " terms cancel to -u^2/2 for small |u| (the Logarithmic family's Fisher at small p).",
    _log1p_minus_x,
)


def _sqrt_sigmoid(expr):
    # sqrt(sigmoid(x)) = exp(log(sigmoid(x)) / 2) = exp(-softplus(-x) / 2)
    def visit(e):
        if isinstance(e, sp.Pow) and isinstance(e.base, sigmoid) and e.exp.is_Rational and not e.exp.is_integer:
            return sp.exp(-e.exp * softplus(-e.base.args[0]))
        return e

    return sp.powsimp(sp.bottom_up(expr, visit), combine="exp")


SQRT_SIGMOID_TO_EXP = Rewrite(
    "sqrt_sigmoid_to_exp",
    "sigmoid(x)^(p/q) -> exp(-(p/q) softplus(-x)): the factor of a Bernoulli stays accurate where"
    " sigmoid(x) sigmoid(-x) underflows in an intermediate.",
    _sqrt_sigmoid,
)


def _exp_over_expm1_squared(expr):
    # exp(a) / expm1(a)^2 overflows in both parts for large a > 0. Where the domain says
    # a > 0 it becomes exp(-a) / expm1(-a)^2; where the sign is unknown, the two-expm1 form
    # -1 / (expm1(a) expm1(-a)); for a < 0 it is already safe.
    def visit(e):
        if not isinstance(e, sp.Mul):
            return e
        factors = list(e.args)
        for f in factors:
            if isinstance(f, sp.exp):
                a = f.args[0]
                square = expm1(a) ** -2
                if square in factors:
                    rest = [x for x in factors if x is not f and x != square]
                    if a.is_negative:
                        return e
                    if a.is_positive:
                        return sp.Mul(*rest) * sp.exp(-a) / expm1(-a) ** 2
                    return sp.Mul(*rest) * (-1 / (expm1(a) * expm1(-a)))
        return e

    return sp.bottom_up(expr, visit)


EXP_OVER_EXPM1_SQUARED = Rewrite(
    "exp_over_expm1_squared",
    "exp(a) / expm1(a)^2 -> -1 / (expm1(a) expm1(-a)): the numerator and the square overflow for large a.",
    _exp_over_expm1_squared,
)


def _exp_growth_bounded(expr):
    """Where expm1(a) occurs (a of unknown sign or positive): exp(k a) = exp(a) (1 + expm1(a))^(k-1)
    lets the growing parts cancel (e^(2a) - e^a expm1(a) = e^a); the fraction is then split into
    its terms, each cancelled, and exp(a) / expm1(a) -> -1 / expm1(-a), so that no term grows
    like e^(k a): e^(2a) overflows at a = 355 (float64), 45 (float32), the rewritten form never."""
    arguments = {f.args[0] for f in expr.atoms(expm1) if f.args[0].is_negative is not True}
    if not arguments:
        return expr
    subs = {}
    for e in expr.atoms(sp.exp):
        for a in arguments:
            k = sp.simplify(e.args[0] / a)
            if a.is_negative is not True and k.is_Integer and k >= 2:
                subs[e] = sp.exp(a) * (1 + expm1(a)) ** (k - 1)
    if not subs and not any(_exp_over_expm1_present(expr, a) for a in arguments):
        return expr
    num, den = sp.fraction(sp.together(expr.xreplace(subs)))
    terms = [sp.cancel(t / den) for t in sp.Add.make_args(sp.expand(num))]
    split = _exp_over_expm1(sp.Add(*[_exp_over_expm1(t) for t in terms]))
    split = EXP_OVER_EXPM1_SQUARED(split)
    if any(isinstance(e, sp.exp) and any(sp.simplify(e.args[0] / a).is_Integer and sp.simplify(e.args[0] / a) >= 2
                                         for a in arguments) for e in split.atoms(sp.exp)):
        return expr
    return split


def _exp_over_expm1_present(expr, a):
    # only for a of unknown sign: one-signed arguments have their forms (exp_over_expm1_squared)
    return a.is_positive is None and expr.has(sp.exp(a)) and any(p.base == expm1(a) and p.exp.is_negative
                                                               for p in expr.atoms(sp.Pow))


def _exp_over_expm1(expr):
    # exp(a) / expm1(a) -> -1 / expm1(-a) (equal: e^a / (e^a - 1) = 1 / (1 - e^-a)); both parts
    # overflow for large a > 0, the new form is bounded. For a < 0 the old form is already safe.
    def visit(e):
        if not isinstance(e, sp.Mul):
            return e
        for f in e.args:
            if isinstance(f, sp.exp):
                a = f.args[0]
                if expm1(a) ** -1 in e.args and a.is_negative is not True:
                    rest = [x for x in e.args if x is not f and x != expm1(a) ** -1]
                    return sp.Mul(*rest) * (-1 / expm1(-a))
        return e

    return sp.bottom_up(expr, visit)


EXP_GROWTH_BOUNDED = Rewrite(
    "exp_growth_bounded",
    "exp(k a) beside expm1(a) -> exp(a) (1 + expm1(a))^(k-1), the fraction split and cancelled term by"
    " term, exp(a) / expm1(a) -> -1 / expm1(-a): no intermediate overflow where the value is finite.",
    _exp_growth_bounded,
)


def _sigmoid_complement(expr):
    # c sigmoid(x) - s -> (c - s) sigmoid(x) - s sigmoid(-x), s >= 0 (a count, a target):
    # equal since sigmoid(x) + sigmoid(-x) = 1, and for 0 <= s <= c both products are
    # accurate, so the sigmoid(x) - 1 of a confident correct prediction is not 0.
    def visit(e):
        if not isinstance(e, sp.Add):
            return e
        terms = list(e.args)
        for t in terms:
            coeff, rest = t.as_coeff_mul()
            sig = [f for f in rest if isinstance(f, sigmoid)]
            if len(sig) != 1:
                continue
            c = sp.Mul(coeff, *[f for f in rest if f is not sig[0]])
            x = sig[0].args[0]
            for u in terms:
                s = -u
                if u is t or s.is_number or not s.is_nonnegative or s.has(sigmoid) or not s.free_symbols:
                    continue
                others = [v for v in terms if v is not t and v is not u]
                return sp.Add(*others) + (c - s) * sigmoid(x) - s * sigmoid(-x)
        return e

    return sp.bottom_up(expr, visit)


SIGMOID_COMPLEMENT = Rewrite(
    "sigmoid_complement",
    "c sigmoid(x) - s -> (c - s) sigmoid(x) - s sigmoid(-x) for s >= 0 by assumptions (the target):"
    " sigmoid(100) - 1 is 0 in float64, sigmoid(-100) is not.",
    _sigmoid_complement,
)


def _xtrigamma(expr):
    def visit(e):
        if not isinstance(e, sp.Add):
            return e
        for pg in e.atoms(sp.polygamma):
            if pg.args[0] != 1:
                continue
            z = pg.args[1]
            coeff = sp.expand(e).coeff(pg)
            rest = sp.expand(e - coeff * pg)
            c = sp.cancel(coeff / z)
            if c != 0 and not c.has(pg) and sp.expand(rest + c) == 0:
                return c * xtrigamma_m1(z)
        return e

    return sp.bottom_up(expr, visit)


XTRIGAMMA_M1 = Rewrite(
    "xtrigamma_m1",
    "c (z trigamma(z) - 1) -> c xtrigamma_m1(z): z trigamma(z) tends to 1, the difference to 1/(2z).",
    _xtrigamma,
)


def positive_in(expr: sp.Expr, domains: dict) -> bool:
    """Whether expr > 0 for every value of its symbols in their domains (symbol -> Interval).

    SymPy's assumptions know only signs, not the Beta's beta_minus_one > -1; so a symbol
    with a finite bound is written bound +- (a positive dummy) first: (a + b) - a =
    beta_minus_one + 1 becomes the dummy itself."""
    if expr.is_positive:
        return True
    subs = {}
    for symbol in expr.free_symbols:
        domain = domains.get(symbol)
        if domain is None:
            return False
        if domain.inf.is_finite:
            gap = sp.Dummy(positive=True) if domain.left_open else sp.Dummy(nonnegative=True)
            subs[symbol] = domain.inf + gap
        elif domain.sup.is_finite:
            gap = sp.Dummy(positive=True) if domain.right_open else sp.Dummy(nonnegative=True)
            subs[symbol] = domain.sup - gap
    return bool(sp.expand(expr.xreplace(subs)).is_positive)


def polygamma_differences(domains: dict) -> Rewrite:
    """Inside a sum, psi(u) -> psi(v) - digamma_diff(u, v - u) and psi_1(u) -> psi_1(v) +
    trigamma_diff(u, v - u), where psi_n(v) occurs too and 0 < u < v in the parameters'
    domains; kept only where the psi_n(v) terms then cancel (fewer terms): psi(a) - psi(a + b)
    -> -digamma_diff(a, b), and the Beta's psi_1(a) psi_1(b) - psi_1(a + b) (psi_1(a) +
    psi_1(b)) -> trigamma_diff(a, b) trigamma_diff(b, a) - psi_1(a + b)^2 -> trigamma_det(a, b)."""

    def differences(e):
        atoms = [g for g in e.atoms(sp.polygamma) if g.args[0] in (0, 1)]
        larger = {}
        for g in atoms:
            order, u = g.args
            if not positive_in(u, domains):
                continue
            above = [h for h in atoms if h.args[0] == order and h != g and positive_in(sp.expand(h.args[1] - u), domains)]
            top = [h for h in above if not any(positive_in(sp.expand(k.args[1] - h.args[1]), domains) for k in above)]
            if top:
                larger[g] = top[0]
        subs = {}
        for g, h in larger.items():
            order, u = g.args
            gap = sp.expand(h.args[1] - u)
            subs[g] = h - digamma_diff(u, gap) if order == 0 else h + trigamma_diff(u, gap)
        return subs

    def determinant(e):
        # c trigamma_diff(u, g) trigamma_diff(g, u) - c psi_1(u + g)^2 -> c trigamma_det(u, g): the
        # difference still cancels by ~2 min(u, g), the primitive does not.
        terms = sp.Add.make_args(e)
        for t in terms:
            c, product = t.as_coeff_Mul()
            diffs = [f for f in sp.Mul.make_args(product) if isinstance(f, trigamma_diff)]
            if len(diffs) != 2 or sp.Mul(*diffs) != product:
                continue
            (u, g), (g2, u2) = diffs[0].args, diffs[1].args
            square = -c * sp.polygamma(1, u + g) ** 2
            if (u2, g2) == (u, g) and square in terms:
                return sp.Add(*[w for w in terms if w is not t and w != square]) + c * trigamma_det(u, g)
        return e

    def function(expr):
        def visit(e):
            if not isinstance(e, sp.Add):
                return e
            subs = differences(e)
            if not subs:
                return e
            shifted = sp.expand(e.xreplace(subs))
            return determinant(shifted) if len(sp.Add.make_args(shifted)) < len(e.args) else e

        return sp.bottom_up(expr, visit)

    return Rewrite(
        "polygamma_differences",
        "psi_n(u) - psi_n(v) -> the digamma_diff / trigamma_diff of u and v - u, for 0 < u < v in"
        " the domains: the direct difference cancels where v - u << u.",
        function,
    )


def lgamma_differences(target) -> Rewrite:
    """lgamma(u) - lgamma(v) -> lgamma_diff(v, u - v) where v has the target in it and u - v
    does not (a parameter, a hyper-parameter or a number) and v > 0 by assumptions: the
    Negative binomial's lgamma(y + r) - lgamma(y + 1) at large y."""
    from natloss.codegen.primitives import lgamma_diff

    def argument(t):
        # SymPy writes loggamma of a non-negative integer argument as log(gamma(u))
        if isinstance(t, sp.loggamma):
            return t.args[0]
        if isinstance(t, sp.log) and isinstance(t.args[0], sp.gamma):
            return t.args[0].args[0]
        return None

    def function(expr):
        terms = list(sp.Add.make_args(sp.expand(expr)))
        plus = [t for t in terms if argument(t) is not None]
        minus = [t for t in terms if t.could_extract_minus_sign() and argument(-t) is not None]
        for p in plus:
            u = argument(p)
            for m in minus:
                v = argument(-m)
                gap = sp.expand(u - v)
                if v.has(target) and not gap.has(target) and gap != 0 and v.is_positive:
                    rest = [t for t in terms if t is not p and t is not m]
                    return function(sp.Add(*rest)) + lgamma_diff(v, gap)
        return expr

    return Rewrite(
        "lgamma_differences",
        "lgamma(u) - lgamma(v) -> lgamma_diff(v, u - v), u - v free of the target: the difference"
        " of two ~y log y values at large y cancels to ~(u - v) log y.",
        function,
    )


def exp_minus_count(target) -> Rewrite:
    """c exp(x) - y -> if_else(|x| < 1, c expm1(x) - (y - c), c exp(x) - y) for an integer target y
    and a number c: the Poisson gradient at x ~ 0, y = 1 is expm1(x), not exp(x) - 1 (which loses
    everything at x = 1e-8); for |x| >= 1 (y = 0, x << 0: exp(x) itself) the direct form."""
    from natloss.codegen.primitives import if_else

    def function(expr):
        if not isinstance(expr, sp.Add) or not getattr(target, "is_integer", False):
            return expr
        terms = sp.Add.make_args(expr)
        if -target not in terms:
            return expr
        for t in terms:
            c, e = t.as_coeff_Mul()
            if isinstance(e, sp.exp) and c.is_Number and c > 0 and len(terms) == 2:
                x = e.args[0]
                # y - c kept as one term (exact for integers): a flattened sum adds expm1(x) to -y first
                return if_else(sp.Abs(x) < 1, c * expm1(x) - sp.UnevaluatedExpr(target - c), expr)
        return expr

    return Rewrite("exp_minus_count", function.__doc__ or "", function)


def complete_square(target: sp.Symbol) -> Rewrite:
    """Factor the part of a sum that is a rational function of the parameters and of the
    target's atoms (y, log y, ...): -e1 y - e2 y^2 - e1^2 / (4 e2) -> -(e1 + 2 e2 y)^2 / (4 e2).

    Applied to A(eta) - <eta, T(y)>, whose quadratic part is a perfect square for the
    Normal-like families; the expanded form cancels near the mode, the square does not.
    A parameter under a square root, sqrt(-p), counts as the rational r with p = -r^2:
    -e2 / y - e1 y - 2 sqrt(e1 e2) -> (sqrt(-e1) sqrt(y) - sqrt(-e2) / sqrt(y))^2 (Inverse Gaussian).
    """

    def function(expr):
        if not isinstance(expr, sp.Add):
            return expr
        # sqrt(+-p) of a parameter p: write p = +-r^2 (r > 0), so that sqrt(+-p) = r and the
        # Inverse Gaussian's -e2/y - e1 y - 2 sqrt(e1 e2) becomes rational in (r1, r2, y).
        roots = {}
        for pw in expr.atoms(sp.Pow):
            if pw.exp == sp.S.Half and not pw.base.has(target) and len(pw.base.free_symbols) == 1:
                p = next(iter(pw.base.free_symbols))
                sign = sp.simplify(pw.base / p)
                if sign in (1, -1) and p not in roots:
                    roots[p] = (sign, sp.Dummy(positive=True))
        if roots:
            squared = expr.subs({p: sign * r**2 for p, (sign, r) in roots.items()})
            done = _square(squared)
            if done == squared:
                return expr
            return done.subs({r: sp.sqrt(sign * p) for p, (sign, r) in roots.items()})
        return _square(expr)

    def _factor_square(terms):
        """The sum factored with a squared factor, or None. A surd coefficient (sqrt(2) from
        sqrt(-2 lam eta)) hides the square from factoring over the rationals; then factor over
        the field the surds generate."""
        total = sp.Add(*terms)
        factored = sp.factor(total)
        surds = sorted({p for p in total.atoms(sp.Pow) if p.is_number and p.is_algebraic and not p.is_Rational},
                       key=sp.default_sort_key)
        if surds and not _has_square(factored):
            factored = sp.factor(total, extension=surds)
        return factored if _has_square(factored) else None

    def _has_square(e):
        return any(isinstance(f, sp.Pow) and f.exp == 2 for f in sp.Mul.make_args(e))

    def _square(expr):
        if not isinstance(expr, sp.Add):
            return expr
        atoms = [a for a in expr.atoms(sp.Function, sp.log, sp.exp) if a.has(target)]
        hidden = {a: sp.Dummy() for a in atoms}
        chosen, other = [], []
        for term in expr.args:
            h = term.xreplace(hidden)
            transcendental = h.atoms(sp.Function, sp.log, sp.exp) or any(
                isinstance(p, sp.Pow) and not p.exp.is_Integer and not p.is_number for p in h.atoms(sp.Pow)
            )
            (other if term.is_number or transcendental else chosen).append(h)
        if len(chosen) < 2:
            return expr
        factored = _factor_square(chosen)
        if factored is None:
            # The square may be in the terms without the target's atoms (log y of a log h
            # beside the Inverse Gaussian's quadratic in y and 1/y).
            plain = [h for h in chosen if not h.has(*hidden.values())]
            factored = _factor_square(plain) if len(plain) >= 2 else None
            if factored is None:
                return expr
            other += [h for h in chosen if h.has(*hidden.values())]
        # (e1 y - e2)^2 / y -> (e1 sqrt(y) - e2 / sqrt(y))^2 for a positive y: the square of
        # e1 y overflows float32 at y = 1e30, the folded form does not.
        factors = list(sp.Mul.make_args(factored))
        squares = [f for f in factors if isinstance(f, sp.Pow) and f.exp == 2]
        inverses = [f for f in factors if isinstance(f, sp.Pow) and f.exp == -1 and f.base.is_positive]
        if len(squares) == 1 and len(inverses) == 1:
            sq, inv = squares[0], inverses[0]
            rest = [f for f in factors if f is not sq and f is not inv]
            factored = sp.Mul(*rest) * sp.expand(sq.base / sp.sqrt(inv.base)) ** 2
        back = {d: a for a, d in hidden.items()}
        return (factored + sp.Add(*other)).xreplace(back)

    return Rewrite("complete_square", function.__doc__ or "", function)


def _exp_abs_pairs(expr):
    """Where f(x) and f(-x) both occur (f = softplus or sigmoid), write both with e = exp(-|x|).

    softplus(+-x) = max(+-x, 0) + log1p(e); sigmoid(x) sigmoid(-x) = e / (1 + e)^2;
    exp(k (softplus(x) + softplus(-x))) = e^(-k) (1 + e)^(2k); sigmoid(+-x) = sigmoid_e(+-x, e).
    One exp (and one log1p) per element instead of one per function, as accurate."""
    def pairs(cls):
        found = set()
        for f in expr.atoms(cls):
            if cls(-f.args[0]) in expr.atoms(cls):
                a = f.args[0]
                found.add(-a if a.could_extract_minus_sign() else a)
        return found

    for x in pairs(softplus):
        e = exp_neg_abs(x)
        k = sp.Wild("k", exclude=[x])

        def whole(k, x=x, e=e):
            return e ** (-k) * (1 + e) ** (2 * k)

        expr = expr.replace(sp.exp(k * softplus(x) + k * softplus(-x)), whole)
        expr = expr.xreplace({
            softplus(x): sp.Max(x, 0) + log1p(e),
            softplus(-x): sp.Max(-x, 0) + log1p(e),
        })
    for x in pairs(sigmoid):
        e = exp_neg_abs(x)
        # A linear combination a sigmoid(x) + b sigmoid(-x) (a Bernoulli gradient): with
        # s = sigmoid(-|x|) = e / (1 + e), it is a + (b - a) s for x >= 0 and b + (a - b) s
        # below; one exp, and the small s is never subtracted from a value near it.
        expanded = sp.expand(expr)
        a, b = expanded.coeff(sigmoid(x)), expanded.coeff(sigmoid(-x))
        rest = sp.expand(expanded - a * sigmoid(x) - b * sigmoid(-x))
        if a != 0 and b != 0 and not (a.has(sigmoid) or b.has(sigmoid) or rest.has(sigmoid)):
            expr = sigmoid_lincomb(x, e / (1 + e), a, b) + rest
            continue
        expr = expr.replace(
            lambda node: isinstance(node, sp.Mul) and sigmoid(x) in node.args and sigmoid(-x) in node.args,
            lambda node: node.func(*[a for a in node.args if a not in (sigmoid(x), sigmoid(-x))]) * e / (1 + e) ** 2,
        )
        expr = expr.xreplace({sigmoid(x): sigmoid_e(x, e), sigmoid(-x): sigmoid_e(-x, e)})
    return expr


EXP_ABS_PAIRS = Rewrite(
    "exp_abs_pairs",
    "softplus/sigmoid of x and -x together share one e = exp(-|x|); the last rewrite, after"
    " differentiation (its primitives have no derivatives).",
    _exp_abs_pairs,
)


def bounded_softplus_nll(count_bound: sp.Expr, y: sp.Symbol) -> Rewrite:
    """c softplus(x) - y x -> y softplus(-x) + (c - y) softplus(x), for 0 <= y <= c.

    Both terms are then non-negative, so a confident, correct prediction gives an
    accurate tiny loss instead of the difference of two large numbers.
    """

    def function(expr):
        x = sp.Wild("x")
        expr = sp.expand(expr)
        for sp_term in expr.atoms(softplus):
            arg = sp_term.args[0]
            coeff_sp = expr.coeff(sp_term)
            coeff_lin = sp.expand(expr).coeff(y * arg) if (y * arg).is_Mul else 0
            if sp.simplify(coeff_sp - count_bound) == 0 and coeff_lin == -1:
                rest = sp.expand(expr - coeff_sp * sp_term + y * arg)
                return y * softplus(-arg) + (count_bound - y) * softplus(arg) + rest
        return expr

    return Rewrite(
        "bounded_softplus_nll",
        "c softplus(x) - y x -> y softplus(-x) + (c - y) softplus(x) for 0 <= y <= c",
        function,
    )


def _log_of_scaled(expr):
    def visit(e):
        if not isinstance(e, sp.log) or not e.args[0].is_Mul:
            return e
        constant, rest = e.args[0].as_coeff_Mul()
        number = sp.Mul(*[f for f in sp.Mul.make_args(rest) if f.is_number])
        constant, rest = constant * number, sp.Mul(*[f for f in sp.Mul.make_args(rest) if not f.is_number])
        if constant == 1 or not constant.is_positive or rest.is_number:
            return e
        return sp.log(constant) + sp.log(rest)

    return sp.bottom_up(expr, visit)


LOG_OF_SCALED = Rewrite(
    "log_of_scaled",
    "log(c x) -> log(c) + log(x) for a positive constant c: c x overflows where x is near the"
    " float's largest (NormalMean's log(2 pi var) at var = 1e308), log x does not.",
    _log_of_scaled,
)


# Before differentiation: declarations in naive form become the stable primitives.
CANONICAL = (LOG1PEXP_TO_SOFTPLUS, LOGISTIC_TO_SIGMOID, EXP_MINUS_ONE_TO_EXPM1, LOG_ONE_PLUS_TO_LOG1P)
# After differentiation: patterns that derivatives and factors produce.
STABLE = (
    LOG1PEXP_TO_SOFTPLUS,
    LOGISTIC_TO_SIGMOID,
    EXP_MINUS_ONE_TO_EXPM1,
    EXP_GROWTH_BOUNDED,
    EXP_OVER_EXPM1_SQUARED,
    LOG1P_MINUS_X,
    SQRT_SIGMOID_TO_EXP,
    XTRIGAMMA_M1,
    SIGMOID_COMPLEMENT,
    LOG_OF_SCALED,
)


def apply_all(expr: sp.Expr, rewrites=STABLE) -> sp.Expr:
    for r in rewrites:
        expr = r(expr)
    return expr


def saddle_point_nll(domains: dict) -> Rewrite:
    """lgamma(n + 1) + m - n log m + R -> log_factorial_saddle(n) + bd0(n, m) + R for n >= 0, and
    lgamma(n) + m - n log m + R -> log_factorial_saddle(n) - log n + bd0(n, m) + R for n > 0
    (m > 0; Loader 2000): the Poisson NLL e^x - x y + lgamma(y + 1) and the Gamma NLL
    lgamma(a) - a log b - (a - 1) log y + b y (n = a, m = b y) cancel to a small value near the
    mode, the saddle-point form is a sum of non-negative terms there. Only where lgamma occurs
    once; the NLL is evaluated, never differentiated, so its primitives need no derivative."""
    from natloss.codegen.primitives import bd0, log_factorial_saddle

    def nonnegative(e):
        return bool(e.is_nonnegative) or positive_in(e, domains)

    def as_saddle(rest, n, shift):
        """rest = c1 n + c0 with c1 = -log m and m a term of c0, or None."""
        (s,) = n.free_symbols if len(n.free_symbols) == 1 else (None,)
        if s is None or not sp.diff(n, s).is_number or sp.diff(n, s) == 0:
            return None
        N = sp.Dummy("n")
        written = sp.expand(rest.xreplace({s: sp.solve(n - N, s)[0]}))
        c1, c0 = sp.diff(written, N), written.subs(N, 0)
        if c1.has(N) or c0.has(N):
            return None
        m = sp.exp(-sp.logcombine(c1))
        if m.has(sp.log) or not positive_in(m, domains):
            return None
        if m not in sp.Add.make_args(c0):
            return None
        # A power of a symbol in m (the Chi's y^2 / 2), or a product of two of them (the Gamma's
        # rate times y, the inverse Gamma's scale over y), under- or overflows in the dtype long
        # before log m does: log m = -c1 goes along, a sum of logs, for bd0 to use where m is lost.
        powered = any(not p.base.is_number and abs(p.exp) != 1 for p in m.atoms(sp.Pow))
        product = sum(1 for f in sp.Mul.make_args(m) if not f.is_number) >= 2
        deviance = bd0(n, m, sp.expand(-c1)) if powered or product else bd0(n, m)
        core = log_factorial_saddle(n) + deviance + (c0 - m)
        return core if shift == 1 else core - sp.log(n)

    def lgamma_argument(t):
        # SymPy writes loggamma of a non-negative integer argument as log(gamma(u))
        if isinstance(t, sp.loggamma):
            return t.args[0]
        if isinstance(t, sp.log) and isinstance(t.args[0], sp.gamma):
            return t.args[0].args[0]
        return None

    def function(expr):
        terms = sp.Add.make_args(sp.expand(expr))
        lgammas = [t for t in terms if lgamma_argument(t) is not None]
        if len(lgammas) != 1 or sum(1 for t in terms if t.has(sp.loggamma, sp.gamma)) != 1:
            return expr
        (lgamma,) = lgammas
        u = lgamma_argument(lgamma)
        rest = sp.Add(*[t for t in terms if t is not lgamma])
        if nonnegative(u - 1):
            done = as_saddle(rest, sp.expand(u - 1), 1)
        elif positive_in(u, domains):
            done = as_saddle(rest, u, 0)
        else:
            done = None
        return expr if done is None else done

    return Rewrite(
        "saddle_point_nll",
        "lgamma(n + 1) + m - n log m -> log_factorial_saddle(n) + bd0(n, m) (Loader's saddle-point"
        " form): the NLL of a Poisson or Gamma near its mode without the cancellation.",
        function,
    )


def _special_functions(expr):
    """log(c I_nu(x) ...) -> log(c) + log_besseli(nu, x) + ...; a bare I_nu(x) -> exp(log_besseli);
    log(gamma(x)) -> loggamma(x), a bare gamma(x) -> exp(loggamma(x)); log(c (1 +- erf(u))) and
    log(c erfc(u)) -> log(2 c) + log_ndtr(+-sqrt(2) u) (SymPy writes erfc(-u) as 2 - erfc(u))."""
    from natloss.codegen.primitives import log_besseli, log_ndtr

    def log_of_factor(f):
        if isinstance(f, sp.besseli):
            return log_besseli(*f.args)
        if isinstance(f, sp.gamma):
            return sp.loggamma(f.args[0])
        if isinstance(f, sp.Pow) and f.exp.is_number and isinstance(f.base, (sp.besseli, sp.gamma)):
            return f.exp * log_of_factor(f.base)
        return None

    def log_normal_cdf(arg):
        """arg = a (1 + erf(u)) or a (1 - erf(u)), a > 0 -> log(2 a) + log_ndtr(+-sqrt(2) u), else None."""
        atoms = arg.atoms(sp.erf, sp.erfc)
        if len(atoms) != 1:
            return None
        (f,) = atoms
        u = f.args[0]
        linear = sp.expand(arg.xreplace({sp.erfc(u): 1 - sp.erf(u)}))
        a1 = linear.coeff(sp.erf(u))
        a0 = sp.expand(linear - a1 * sp.erf(u))
        if a0.has(sp.erf) or a1.has(sp.erf) or not a0.is_positive:
            return None
        if sp.simplify(a1 - a0) == 0:
            return sp.log(2 * a0) + log_ndtr(sp.sqrt(2) * u)
        if sp.simplify(a1 + a0) == 0:
            return sp.log(2 * a0) + log_ndtr(-sp.sqrt(2) * u)
        return None

    def visit(e):
        if isinstance(e, sp.log):
            arg = e.args[0]
            cdf = log_normal_cdf(arg)
            if cdf is not None:
                return cdf
            factors = sp.Mul.make_args(arg)
            logs = [log_of_factor(f) for f in factors]
            rest = [f for f, lg in zip(factors, logs) if lg is None]
            if any(lg is not None for lg in logs) and all(f.is_positive for f in rest):
                return sp.Add(*[lg for lg in logs if lg is not None], *[sp.log(f) for f in rest])
        return e

    expr = sp.bottom_up(expr, visit)
    return expr.replace(sp.besseli, lambda nu, x: sp.exp(log_besseli(nu, x))).replace(
        sp.gamma, lambda x: sp.exp(sp.loggamma(x)))


SPECIAL_FUNCTIONS = Rewrite(
    "special_functions",
    "log(c I_nu(x)) -> log(c) + log_besseli(nu, x), log(gamma(x)) -> loggamma(x), log(erfc(u)) ->"
    " log 2 + log_ndtr(-sqrt(2) u): I_nu and gamma overflow, erfc underflows, their logarithms do not.",
    _special_functions,
)
CANONICAL = (SPECIAL_FUNCTIONS,) + CANONICAL


def _bessel_ratio_gap(expr):
    """c (x bessel_ratio_deriv(nu, x) - bessel_ratio(nu, x)) -> c x^3 bessel_ratio_gap(nu, x) inside a sum."""
    from natloss.codegen.primitives import bessel_ratio, bessel_ratio_deriv, bessel_ratio_gap

    def visit(e):
        if not isinstance(e, sp.Add):
            return e
        for r in e.atoms(bessel_ratio):
            nu, x = r.args
            d = bessel_ratio_deriv(nu, x)
            terms = sp.Add.make_args(e)
            c_r = sum((t / r for t in terms if t.has(r) and not (t / r).has(r, d)), sp.Integer(0))
            c_d = sum((t / d for t in terms if t.has(d) and not (t / d).has(r, d)), sp.Integer(0))
            if c_r == 0 or sp.simplify(c_d - (-c_r) * x) != 0:
                continue
            rest = sp.Add(*[t for t in terms if not t.has(r, d)])
            return rest - c_r * x**3 * bessel_ratio_gap(nu, x)
        return e

    return sp.bottom_up(expr, visit)


BESSEL_RATIO_GAP = Rewrite(
    "bessel_ratio_gap",
    "c (x R'(x) - R(x)) -> c x^3 bessel_ratio_gap(nu, x) (R = bessel_ratio): the difference of an"
    " A(|eta|)'s radial and tangential curvatures cancels like x^2 near x = 0. After derivation only.",
    _bessel_ratio_gap,
)


def _bessel_ratio_over_argument(expr):
    """R(nu, x) -> x (R'(nu, x) - x^2 gap(nu, x)) when that clears x from the denominator."""
    from natloss.codegen.primitives import bessel_ratio, bessel_ratio_deriv, bessel_ratio_gap

    ratios = expr.atoms(bessel_ratio)
    if not ratios:
        return expr
    # gap = (x R' - R) / x^3, so R = x R' - x^3 gap exactly; R' > 0 and gap < 0 for x > 0, so
    # R / x = R' - x^2 gap is a sum of two non-negative terms, finite at x = 0 (1 / (2 nu + 2)).
    new = expr.xreplace({r: r.args[1] * (bessel_ratio_deriv(*r.args) - r.args[1] ** 2 * bessel_ratio_gap(*r.args))
                         for r in ratios})
    new = sp.factor(sp.together(new))
    # x = sqrt(s) shows up in denominators as powers of s: compare the symbols, not the subtree.
    symbols = set().union(*(r.args[1].free_symbols for r in ratios))
    old_den = sp.fraction(sp.together(expr))[1]
    new_den = sp.fraction(new)[1]
    if new_den.free_symbols & symbols or not old_den.free_symbols & symbols:
        return expr  # only where a division by the argument disappears
    return new


BESSEL_RATIO_OVER_ARGUMENT = Rewrite(
    "bessel_ratio_over_argument",
    "R(nu, x) / x -> R'(nu, x) - x^2 bessel_ratio_gap(nu, x) (R = bessel_ratio, x = |eta|): an A(|eta|)'s"
    " mean eta R / |eta| and Fisher are 0/0 at eta = 0 (the uniform circle); the rewritten forms have no"
    " division by x and are sums of non-negative terms. Applied to derivatives of A, before the factor.",
    _bessel_ratio_over_argument,
)


def exp_scaled_tails(domains: dict) -> Rewrite:
    """log1mexp(x) -> e^x log1mexp_scaled(x), log1mexp_plus_exp(x) -> e^{2x} log1mexp_plus_exp_scaled(x)
    where the exponentials then cancel: the Logarithmic's F = -e^x (log(1 - e^x) + e^x) /
    (expm1(x)^2 log(1 - e^x)^2) is 0/0 at x = -700 (both factors ~ p^2 underflow) and becomes
    -e^x S2(x) / (expm1(x)^2 S1(x)^2) with S1 -> -1, S2 -> -1/2. Kept only if no exponential is
    added and every one left has an argument <= 0 on the domain (bounded, like the true value)."""
    from natloss.codegen.primitives import log1mexp_plus_exp_scaled, log1mexp_scaled

    def bounded(e):
        arg = e.args[0]
        return bool(arg.is_nonpositive) or positive_in(-arg, domains)

    def function(expr):
        tails = expr.atoms(log1mexp) | expr.atoms(log1mexp_plus_exp)
        if not tails:
            return expr
        scaled = {t: (sp.exp(t.args[0]) * log1mexp_scaled(t.args[0]) if isinstance(t, log1mexp)
                      else sp.exp(2 * t.args[0]) * log1mexp_plus_exp_scaled(t.args[0])) for t in tails}
        new = expr.xreplace(scaled)  # SymPy combines e^a e^b and cancels e^a / e^a on its own
        before, after = expr.atoms(sp.exp), new.atoms(sp.exp)
        if len(after) > len(before) or not all(bounded(e) for e in after):
            return expr
        return new

    return Rewrite(
        "exp_scaled_tails",
        "log1mexp(x) = e^x log1mexp_scaled(x), log1mexp_plus_exp(x) = e^{2x} log1mexp_plus_exp_scaled(x),"
        " where the exponentials cancel: products of tails that underflow (p^2 at x = -700) while"
        " their ratio is finite.",
        function,
    )


# ------------------------------------------------------- products that over/underflow in parts
def _is_square_like(f) -> bool:
    """f^n with |n| >= 2 an integer, or exp(c a) with |c| >= 2: a factor whose size is a square's."""
    if f.is_Pow:
        return f.exp.is_Integer and abs(int(f.exp)) >= 2 and not f.base.is_number
    if isinstance(f, sp.exp):
        c, _ = f.args[0].as_coeff_Mul()
        return c.is_Number and abs(c) >= 2
    return False


def _times_square(expr):
    from natloss.codegen.primitives import times_square

    def visit(e):
        if not isinstance(e, sp.Mul) or not any(_is_square_like(f) for f in e.args):
            return e
        coeff, factors = e.as_coeff_mul()
        root, rest, grouped = [], [], 0
        for f in factors:
            if f.is_Pow and f.exp.is_Integer and abs(int(f.exp)) >= 2 and not f.base.is_number:
                n = int(f.exp)
                half = (abs(n) // 2) * (1 if n > 0 else -1)
                root.append(f.base ** half)
                rest.append(f.base ** (n - 2 * half))
                grouped += 1
            elif isinstance(f, sp.exp):
                root.append(sp.exp(f.args[0] / 2))
                grouped += 1
            else:
                rest.append(f)
        x = sp.Mul(*rest)
        if grouped < 2 and x.is_number:
            return e  # c e^(2a) or c f^2 alone: nothing to keep apart
        # g (and x) may hold squares of their own: (mu - y) sigma / softplus^2 at softplus = 1e-304
        return coeff * times_square(visit(x), visit(sp.Mul(*root)))

    return sp.bottom_up(expr, visit)


TIMES_SQUARE = Rewrite(
    "times_square",
    "x f^2 e^(2a) ... -> times_square(x, f e^a ...) = (x g) g: the squares and exponentials of a product"
    " (with an even power among them) are taken as the square of one g, so no part over- or underflows"
    " where the product does not: (e^s + r)^2 e^(-e^s + l) is inf * 0 at s = 700, sigma(-700)^2 /"
    " expm1(-softplus(-700))^2 is 0 / 0, (mu - y) e^(-2s) is 0 * inf at s = -700, mu = y.",
    _times_square,
)


def _distribute_cancelling(expr):
    def visit(e):
        if not isinstance(e, sp.Mul):
            return e
        sums = [f for f in e.args if isinstance(f, sp.Add)]
        for s in sums:
            rest = e / s
            outer = rest.as_powers_dict()
            for t in s.args:
                inner = t.as_powers_dict()
                if any(b in outer and (outer[b] * p).is_negative for b, p in inner.items() if b.is_Symbol):
                    return sp.Add(*(rest * u for u in s.args))
        return e

    return sp.bottom_up(expr, visit)


DISTRIBUTE_CANCELLING = Rewrite(
    "distribute_cancelling",
    "r (a + b / r') -> r a + b where r and r' share a power of a symbol that cancels: each term is then"
    " formed on its own (the inverse Gaussian's sqrt(y) e^-m (sqrt(y) e^-m - 1/sqrt(y)) keeps e^-m when"
    " its first term underflows), not as a product with a factor that underflowed.",
    _distribute_cancelling,
)


# ------------------------------------------------------------ ratios of sigmoid and softplus
def _softplus_ratios(expr):
    from natloss.codegen.primitives import softplus_log_gap, softplus_log_slope

    def over_softplus(t, x):
        """t holds softplus(x) to a negative power."""
        return any(isinstance(b, softplus) and b.args[0] == x and p.is_negative
                   for b, p in t.as_powers_dict().items())

    def visit(e):
        if isinstance(e, sp.Mul):
            for x in {s.args[0] for s in e.atoms(softplus)}:
                if over_softplus(e, x) and e.has(sigmoid(x)):
                    # sigmoid(x) = q softplus(x): SymPy cancels the softplus it divides by
                    e = e.xreplace({sigmoid(x): softplus_log_slope(x) * softplus(x)})
            return e
        if isinstance(e, sp.Add):
            for x in {q.args[0] for q in e.atoms(softplus_log_slope)}:
                chosen = [t for t in e.args if t.has(softplus_log_slope(x)) and t.has(sigmoid(-x))]
                if not chosen:
                    continue
                with_q = [t for t in e.args if t.has(softplus_log_slope(x))]
                gap = softplus_log_gap(x)
                parts = []
                for t in with_q:  # c sigmoid(-x) -> c q - c gap, nothing else expanded
                    k = t.as_powers_dict().get(sigmoid(-x), 0)
                    c = sp.Mul(*(f for f in sp.Mul.make_args(t) if f != sigmoid(-x)))
                    parts += [c * softplus_log_slope(x), -c * gap] if k == 1 else [t]
                new = sp.Add(*parts)  # SymPy collects the equal q^2 terms
                if len(sp.Add.make_args(new)) < len(with_q):  # the q^2 terms cancelled exactly
                    e = sp.Add(*(t for t in e.args if t not in with_q)) + new
        return e

    return sp.bottom_up(expr, visit)


SOFTPLUS_RATIOS = Rewrite(
    "softplus_ratios",
    "sigmoid(x) / softplus(x)^k -> q / softplus(x)^(k-1) with q = softplus_log_slope(x) (both underflow"
    " like e^x, their ratio tends to 1), then in a sum, sigmoid(-x) = q - softplus_log_gap(x) where"
    " the q^2 terms cancel exactly: y (q^2 - q sigmoid(-x)) -> y q gap, whose direct form cancels for"
    " x -> -inf (a softplus link's Hessian) and gives inf - inf where each term overflows.",
    _softplus_ratios,
)


# ------------------------------------------------- the Beta function of arguments given by their logs
def positive_log(x: sp.Expr):
    """log x written without forming x, where x is a product of exp(u), sigmoid(u) and positive
    constants or symbols (log sigmoid(u) = -softplus(-u)); None for any other x."""
    total = sp.Integer(0)
    saw_exp = False
    for f in sp.Mul.make_args(x):
        if isinstance(f, sp.exp):
            total, saw_exp = total + f.args[0], True
        elif isinstance(f, sigmoid):
            total = total - softplus(-f.args[0])
        elif f.is_positive and (f.is_number or f.is_Symbol):
            total = total + sp.log(f)
        else:
            return None
    return total if saw_exp else None


def _beta_of_logs(expr):
    logs = {}

    def visit(e):
        if not isinstance(e, sp.Add):
            return e
        terms = list(sp.Add.make_args(e))
        found = True
        while found:
            found = False
            lg = [(t.as_coeff_Mul()) for t in terms]
            for i, (ci, fi) in enumerate(lg):
                for j, (cj, fj) in enumerate(lg):
                    if j <= i or ci != cj:
                        continue
                    for k, (ck, fk) in enumerate(lg):
                        if k in (i, j) or ck != -ci:
                            continue
                        kinds = {type(fi), type(fj), type(fk)}
                        if kinds == {sp.loggamma}:
                            x, y, z = fi.args[0], fj.args[0], fk.args[0]
                            make = lambda u, v: lbeta_exp(u, v)  # noqa: E731
                        else:
                            continue
                        if sp.expand(z - x - y) != 0:
                            continue
                        lx, ly = positive_log(x), positive_log(y)
                        if lx is None or ly is None:
                            continue
                        rest = [t for n, t in enumerate(terms) if n not in (i, j, k)]
                        terms = rest + [ci * make(lx, ly)]
                        logs.update({x: lx, y: ly})
                        found = True
                        break
                    if found:
                        break
                if found:
                    break
        # psi(x) - psi(x + y) -> digamma_diff_exp(log x, log y)
        lg = [t.as_coeff_Mul() for t in terms]
        for i, (ci, fi) in enumerate(lg):
            for k, (ck, fk) in enumerate(lg):
                if k == i or ck != -ci or not all(isinstance(f, sp.polygamma) and f.args[0] == 0 for f in (fi, fk)):
                    continue
                x, z = fi.args[1], fk.args[1]
                y = sp.expand(z - x)
                lx, ly = positive_log(x), positive_log(y)
                if y == 0 or lx is None or ly is None:
                    continue
                rest = [t for n, t in enumerate(terms) if n not in (i, k)]
                return sp.Add(*rest) + ci * digamma_diff_exp(lx, ly)
        return sp.Add(*terms)

    out = sp.bottom_up(expr, visit)
    # x and y elsewhere (the Beta's -(x - 1) log y) as exp(log x): the derivatives' e^a terms then
    # share their factor with lbeta_exp's -e^a softplus(b - a), and `collect_exp` adds them inside it.
    return out.xreplace({x: sp.exp(lx) for x, lx in logs.items()}) if logs else out


def _collect_exp(expr):
    def visit(e):
        if not isinstance(e, sp.Add):
            return e
        groups = {}
        for t in e.args:
            for f in sp.Mul.make_args(t):
                if isinstance(f, sp.exp) and f.args[0].has(softplus):
                    groups.setdefault(f, []).append(t)
                    break
        for f, ts in groups.items():
            if len(ts) > 1:
                rest = [t for t in e.args if not any(t is u for u in ts)]
                cofactors = []
                for t in ts:
                    args = list(sp.Mul.make_args(t))
                    args.remove(f)
                    cofactors.append(sp.Mul(*args))
                return visit(sp.Add(*rest) + sp.Mul(f, sp.Add(*cofactors), evaluate=False))
        return e

    return sp.bottom_up(expr, visit)


COLLECT_EXP = Rewrite(
    "collect_exp",
    "e^u p + e^u q -> e^u (p + q) for an exponential of a log written with softplus (a log-argument"
    " form, e^(s - softplus(-t)) = e^s sigmoid(t)): the large factor multiplies the cancelled sum once"
    " (the Beta's e^a (-softplus(b - a) - log y), ~e^700 times a difference that is 0 at y = x / phi).",
    _collect_exp,
)


BETA_OF_LOGS = Rewrite(
    "beta_of_logs",
    "c lgamma(x) + c lgamma(y) - c lgamma(x + y) -> c lbeta_exp(log x, log y) and psi(x) - psi(x + y)"
    " -> digamma_diff_exp(log x, log y), where x, y are products of exp(u), sigmoid(u) and positive"
    " constants (log x = sum of u and -softplus(-u)): x and y may leave the dtype's range, and the"
    " lgamma terms, each ~ x log x, cancel to the Beta function's size for large x, y.",
    _beta_of_logs,
)
