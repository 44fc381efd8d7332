"""Parametrizations and links: a loss in user parameters theta on top of a natural family.

A `Parametrization` declares the user parameters theta (each a `Param` with its domain)
and eta(theta), one SymPy expression per natural parameter of a `Family` (a mean and a
log-scale for a Normal, a log link for a Gamma, a probit score for a Bernoulli). With
J = d eta / d theta (d_eta x d_theta) the compiler derives, through the same rewrites as
the natural families:

* NLL(theta), from the natural NLL with eta(theta) substituted, target-aware rewrites first;
* its gradient J^T (grad A - T) and its true Hessian
  J^T F J + sum_i (grad A - T)_i Hess(eta_i), both by differentiating that NLL in theta
  (so the stable forms of the primitives carry through), the Hessian depending on y;
* the Fisher (= GGN) J^T F J and a factor J^T B: d_theta x d_eta, a full matrix, so the
  factor's inner shape is the natural family's (B B^T = F gives (J^T B)(J^T B)^T = J^T F J).

A parametrization with eta affine in theta is canonical: there the Hessian is the
Fisher and has the factor J^T B. Otherwise the true Hessian is not PSD in general and
has no factor; the generated class says so when asked for one.
"""
from __future__ import annotations

import functools
import itertools
import random
from dataclasses import dataclass, field, replace

import mpmath
import sympy as sp
from sympy.codegen.cfunctions import expm1

from natloss.codegen import log_coordinates, rewrite
from natloss.codegen.derive import Derived, Structure, canonicalize, derive, stabilize
from natloss.codegen.family import Family, Hyper, Param, Support, is_identifier
from natloss.codegen.lower import KernelSpec, OpSpec, fisher_name, lower, make_op
from natloss.codegen.primitives import bd0, inv_exprel, log1mexp, mul_exact_zero, sigmoid, softplus, to_naive
from natloss.codegen.validate import RESERVED_NAMES, DeclarationError, _check_default, _domain_point, validate


@dataclass(frozen=True)
class Parametrization:
    """eta(theta): the natural parameters of `family` as expressions of the user parameters."""

    name: str
    class_name: str
    family: Family
    params: tuple[Param, ...]
    eta: tuple  # one SymPy expression of the params' symbols (and hypers) per natural parameter
    hypers: tuple[Hyper, ...] = ()  # fixed values of this parametrization (a known shape)
    doc: str = ""
    source: str = field(default="", compare=False)

    @property
    def dim(self) -> int:
        return len(self.params)


# ------------------------------------------------------------------ rewrites
def _complementary(a: sp.Expr, b: sp.Expr) -> bool:
    """exp(a) + exp(b) == 1, proved symbolically (a, b: log P and log(1 - P))."""
    return sp.simplify(to_naive(sp.exp(a) + sp.exp(b) - 1)) == 0


def _split_log_odds(x: sp.Expr):
    """(a, b) with x = a - b and exp(a) + exp(b) = 1, or None: x is the log-odds of P = exp(a)."""
    terms = sp.Add.make_args(x)
    if not any(t.has(sp.Function) for t in terms) or len(terms) > 4:
        return None
    for size in range(1, len(terms) + 1):
        for chosen in itertools.combinations(terms, size):
            a = sp.Add(*chosen)
            b = a - x
            if _complementary(a, b):
                return a, b
    return None


def _log_odds(expr):
    def visit(e):
        if isinstance(e, (softplus, sigmoid)):
            split = _split_log_odds(e.args[0])
            if split is not None:
                a, b = split
                return -b if isinstance(e, softplus) else sp.exp(a)
        return e

    return sp.bottom_up(expr, visit)


COMPLEMENTARY_LOG_ODDS = rewrite.Rewrite(
    "complementary_log_odds",
    "softplus(a - b) -> -b and sigmoid(a - b) -> exp(a) where exp(a) + exp(b) = 1 (proved): a link"
    " that gives log P and log(1 - P) directly (probit: log_ndtr(+-x); cloglog) keeps them, and"
    " log(1 + P / (1 - P)) is never formed.",
    _log_odds,
)


def _log1mexp_softplus(expr):
    def visit(e):
        if isinstance(e, log1mexp):
            arg = e.args[0]
            if isinstance(-arg, softplus):
                return -softplus(-(-arg).args[0])
        return e

    return sp.bottom_up(expr, visit)


LOG1MEXP_OF_SOFTPLUS = rewrite.Rewrite(
    "log1mexp_of_softplus",
    "log(1 - exp(-softplus(z))) -> -softplus(-z): log(1 - p) for p = sigmoid(-z) given as log p.",
    _log1mexp_softplus,
)


def _ratio_to_inv_exprel(expr):
    def visit(e):
        if isinstance(e, sp.Mul):
            args = list(e.args)
            for f in args:
                if f.is_Pow and f.exp == -1 and isinstance(f.base, expm1) and f.base.args[0] in args:
                    x = f.base.args[0]
                    rest = list(args)
                    rest.remove(f)
                    rest.remove(x)
                    return sp.Mul(*rest) * inv_exprel(x)
        return e

    return sp.bottom_up(expr, visit)


X_OVER_EXPM1 = rewrite.Rewrite(
    "x_over_expm1",
    "x / expm1(x) -> inv_exprel(x): finite at 0 and above 709, and its derivative is the stable"
    " inv_exprel_slope (the cloglog link's y = 1 Hessian, which cancels as a difference for e^s << 1).",
    _ratio_to_inv_exprel,
)


def _fold_powers(expr):
    def visit(e):
        if e.is_Pow and isinstance(e.base, sp.Add):
            return sp.factor_terms(e.base) ** e.exp
        return e

    return sp.bottom_up(expr, visit)


FACTOR_SQUARED_SUMS = rewrite.Rewrite(
    "factor_squared_sums",
    "(x e^-2s - y e^-2s)^2 e^2s -> e^-2s (x - y)^2: a common factor leaves a power's base,"
    " so the square does not overflow where the result does not.",
    _fold_powers,
)

# After eta(theta) is substituted, before differentiation (all have derivatives).
SUBSTITUTED = (COMPLEMENTARY_LOG_ODDS, LOG1MEXP_OF_SOFTPLUS, X_OVER_EXPM1, rewrite.BETA_OF_LOGS, rewrite.COLLECT_EXP)


def _pre(expr, extra=()):
    """The stable rewrites that keep an expression differentiable."""
    return rewrite.apply_all(rewrite.apply_all(rewrite.apply_all(expr), SUBSTITUTED + tuple(extra)))


# ---------------------------------------------------------------- validation
def _fail(p, field_name, message):
    raise DeclarationError(getattr(p, "name", "<unnamed>"), field_name, message)


def validate_parametrization(p: Parametrization) -> Parametrization:
    name = getattr(p, "name", "<unnamed>")
    if not isinstance(p, Parametrization):
        _fail(p, "parametrization", f"expected a natloss.codegen.Parametrization, got {type(p).__name__}")
    if not (isinstance(name, str) and is_identifier(name)):
        _fail(p, "name", "must be a Python identifier")
    if not (isinstance(p.class_name, str) and is_identifier(p.class_name)):
        _fail(p, "class_name", f"{p.class_name!r} is not a Python identifier")
    if not isinstance(p.family, Family):
        _fail(p, "family", f"expected a natloss.codegen.Family, got {type(p.family).__name__}")
    if p.family.is_vector:
        _fail(p, "family", "parametrizations of coupled (vector) families are not supported yet")
    validate(p.family)
    if not (isinstance(p.params, tuple) and p.params and all(isinstance(q, Param) for q in p.params)):
        _fail(p, "params", "expected a non-empty tuple of Param (scalar user parameters)")
    if len(p.params) > 3:
        _fail(p, "params", f"small dense losses have at most 3 parameters, got {len(p.params)}")
    if not all(isinstance(h, Hyper) for h in p.hypers):
        _fail(p, "hypers", "each entry must be a Hyper")
    for h in p.hypers:
        _check_default(name, h)
    if not isinstance(p.doc, str):
        _fail(p, "doc", f"expected a string, got {type(p.doc).__name__}")
    names = [q.name for q in p.params] + [h.name for h in p.family.hypers + p.hypers] + [p.family.target.name]
    for n in names:
        if not (isinstance(n, str) and is_identifier(n)):
            _fail(p, "params", f"{n!r} is not a Python identifier (or is a keyword)")
        if n in RESERVED_NAMES:
            _fail(p, "params", f"{n!r} is reserved; the reserved names are {', '.join(RESERVED_NAMES)} and Python's keywords")
    if len(set(names)) != len(names):
        _fail(p, "params", f"names must be distinct (parameters, the family's and these hypers, the target), got {names}")
    if not isinstance(p.eta, tuple) or len(p.eta) != p.family.dim:
        _fail(p, "eta", f"expected a tuple of {p.family.dim} expression(s), one per natural parameter"
                        f" ({', '.join(q.name for q in p.family.params)}), got {p.eta!r}"[:300])
    allowed = {q.symbol for q in p.params} | {h.symbol for h in p.family.hypers + p.hypers}
    for i, e in enumerate(p.eta):
        if not isinstance(e, sp.Expr):
            _fail(p, f"eta[{i}]", f"must be a SymPy expression, got {type(e).__name__}")
        extra = e.free_symbols - allowed
        if extra:
            _fail(p, f"eta[{i}]", f"depends on undeclared symbols {sorted(map(str, extra))}; use the parameters'"
                                  " and hyper-parameters' `.symbol`")
    _check_image(p)
    return p


def _check_image(p: Parametrization) -> None:
    """At 8 random points of the theta domain: eta(theta) lies in the natural domain and J has
    full column rank (so J^T F J is positive definite)."""
    theta = [q.symbol for q in p.params]
    hypers = list(p.family.hypers + p.hypers)
    args = theta + [h.symbol for h in hypers]
    eta = sp.Matrix([to_naive(e) for e in p.eta])
    jac = eta.jacobian(theta)
    f_eta = sp.lambdify(args, eta, modules="mpmath")
    f_jac = sp.lambdify(args, jac, modules="mpmath")
    rng = random.Random(2)
    with mpmath.workdps(30):
        for _ in range(8):
            point = [_domain_point(q.domain, rng) for q in p.params] + [float(h.default) for h in hypers]
            shown = dict(zip([q.name for q in p.params], point))
            try:
                values = [complex(v) for v in f_eta(*point)]
                J = sp.Matrix(f_jac(*point))
            except Exception as exc:  # noqa: BLE001 - any failure to evaluate is a declaration error
                _fail(p, "eta", f"cannot be evaluated at {shown}: {exc}")
            for q, v in zip(p.family.params, values):
                if abs(v.imag) > 1e-20 or not q.domain.contains(sp.Float(v.real, 30)):
                    _fail(p, "eta", f"eta({shown}) gives {q.name} = {v} outside its domain {q.domain}")
            gram = (J.T * J).evalf(30)
            if not (gram.det() > 1e-25):
                _fail(p, "eta", f"d eta / d theta has rank < {p.dim} at {shown}: the parameters are not identifiable")


# ----------------------------------------------------------------- derivation
@dataclass(frozen=True)
class ParametrizedDerived(Derived):
    """`Derived` in theta: `fisher` is J^T F J, `factor` J^T B (d_theta x d_eta), `hessian` the
    true Hessian of the NLL in theta (it depends on the target), `jacobian` J."""

    parametrization: Parametrization | None = None
    natural: Derived | None = None
    jacobian: sp.ImmutableMatrix | None = None
    hessian: sp.ImmutableMatrix | None = None
    canonical: bool = False


def theta_family(p: Parametrization) -> Family:
    """The declaration seen in theta: what the generated class is named and takes."""
    to_theta = dict(zip(p.family.param_symbols, p.eta))
    return Family(
        name=p.name,
        class_name=p.class_name,
        params=p.params,
        target=p.family.target,
        log_partition=p.family.log_partition.xreplace(to_theta),
        sufficient_statistic=p.family.sufficient_statistic,
        log_base_measure=p.family.log_base_measure,
        sampler=p.family.sampler.xreplace(to_theta),
        hypers=p.family.hypers + p.hypers,
        doc=p.doc,
        source=p.source,
    )


def _target_aware_core(natural: Derived) -> sp.Expr:
    """A - <eta, T> with the target-aware rewrites that `stabilize` applies, still differentiable."""
    family = natural.family
    y = family.target.symbol
    core = rewrite.apply_all(natural.nll)
    if family.target.support in (Support.BINARY, Support.BOUNDED_INTEGER):
        bound = sp.Integer(1) if family.target.support is Support.BINARY else next(
            h.symbol for h in family.hypers if h.name == family.target.bound
        )
        core = rewrite.bounded_softplus_nll(bound, y)(core)
    log_h = rewrite.apply_all(natural.log_base_measure)
    full = rewrite.complete_square(y)(core - log_h)
    if full != core - log_h:
        return full + log_h  # the square needed -log h to close; log h cancels in derivatives
    return rewrite.complete_square(y)(core)


def _simplify(expr: sp.Expr) -> sp.Expr:
    """Products of J and F brought to one fraction, with every exp, log and special function an
    opaque atom: rational identities cancel (an off-diagonal J^T F J entry that is exactly 0),
    but exp(a) exp(b) is never merged into exp(a + b), which over- or underflows where the
    factors do not (the probit's Phi(x) / Phi(x)^2 at x = -40)."""
    if expr == 0:
        return expr
    atoms = sorted(expr.atoms(sp.Function, sp.exp, sp.log), key=sp.default_sort_key)
    hidden = {a: sp.Dummy(positive=True) if a.is_positive else sp.Dummy(real=True) for a in atoms}
    back = {d: a for a, d in hidden.items()}
    try:
        tidy = sp.factor(sp.together(expr.xreplace(hidden))).xreplace(back)
    except (sp.PolynomialError, NotImplementedError):
        return expr
    return tidy if tidy == 0 or sp.count_ops(tidy) <= sp.count_ops(expr) else expr


@functools.lru_cache(maxsize=None)
def _natural(family: Family) -> tuple:
    """(canonical family, derived, stabilized): shared by the parametrizations of one family."""
    base = canonicalize(family)
    natural = derive(base)
    return base, natural, stabilize(natural)


def _prove(fisher: sp.Matrix, factor: sp.Matrix, family: Family, natural: Derived, how: str = "") -> str:
    """(J^T B)(J^T B)^T = J^T F J follows from B B^T = F (proved for the natural family); the
    simplified entries are checked at 4 random points of the theta domain at 30 digits."""
    args = list(family.param_symbols) + [h.symbol for h in family.hypers]
    residual = sp.lambdify(args, (factor * factor.T - fisher).applyfunc(to_naive), modules="mpmath")
    scale = sp.lambdify(args, fisher.applyfunc(to_naive), modules="mpmath")
    rng = random.Random(0)
    with mpmath.workdps(30):
        for _ in range(4):
            point = [mpmath.mpf(_domain_point(q.domain, rng)) for q in family.params]
            point += [mpmath.mpf(h.default) for h in family.hypers]  # mpf: a float's x**2 would round
            r, f = mpmath.matrix(residual(*point)), mpmath.matrix(scale(*point))
            size = max(abs(v) for v in f) + mpmath.mpf("1e-300")
            if max(abs(v) for v in r) > mpmath.mpf("1e-20") * size:
                raise ValueError(f"parametrization {family.name!r}: J^T B does not satisfy B B^T = J^T F J at {point}")
    how = how or f"J^T B with the natural B ({natural.proof})"
    return f"{how}; |B B^T - F| < 1e-20 |F| at 4 random points, 30 digits"


def derive_parametrized(p: Parametrization) -> ParametrizedDerived:
    base, natural, natural_stable = _natural(p.family)
    fam = theta_family(p)
    theta = fam.param_symbols
    d_theta, d_eta = len(theta), base.dim
    eta = tuple(rewrite.apply_all(e, rewrite.CANONICAL) for e in p.eta)
    to_theta = dict(zip(base.param_symbols, eta))

    def sub(e):
        # expand_log: log(shape exp(-log_mean)) -> log(shape) - log_mean (positive arguments only).
        return _pre(sp.expand_log(sp.sympify(e).xreplace(to_theta)))

    domains = {q.symbol: q.domain for q in p.params}
    differences = rewrite.polygamma_differences(domains)

    def last(e):
        # sigmoid / softplus ratios first (softplus links' q and gap, before EXP_ABS_PAIRS splits the
        # sigmoids); products last: a term distributed where a factor cancels, then the squares of a
        # product kept together (a Normal head's (mu - y)^2 e^-2s as ((mu - y) e^-s)^2).
        e = rewrite.EXP_ABS_PAIRS(differences(rewrite.SOFTPLUS_RATIOS(rewrite.apply_all(e))))
        return rewrite.TIMES_SQUARE(rewrite.DISTRIBUTE_CANCELLING(e))

    jac = sp.Matrix(d_eta, d_theta, lambda i, j: _pre(sp.diff(eta[i], theta[j])))
    # Canonical: eta affine in theta, so every second derivative is identically 0.
    canonical = all(sp.diff(e, a, b) == 0 for e in eta for a in theta for b in theta)
    # NLL(theta) and its derivatives from one differentiable, target-aware form.
    # The squares of a completed square are folded here only: in J^T F J a factor pulled out of
    # a square would merge into an exp beside it (e^2s (1 + 1/expm1(e^s))^2 e^-e^s overflows).
    core = _pre(sub(_target_aware_core(natural)), (FACTOR_SQUARED_SUMS,))
    # The NLL itself: Loader's saddle-point form where it applies (as `stabilize` does).
    y = base.target.symbol
    log_h = rewrite.apply_all(natural.log_base_measure)
    saddle = rewrite.saddle_point_nll(domains)(core - log_h)
    natural_nll = natural_stable.nll
    if saddle != core - log_h:
        nll, parts = saddle, ()
    elif natural_nll.has(bd0):
        # The natural NLL's saddle-point form (Gamma) in eta(theta): bd0(a, b y) keeps its meaning.
        nll, parts = sub(natural_nll), ()
    else:
        nll, parts = core - log_h, ((core, log_h) if log_h.has(y) else ())

    # Natural parameters lo + e^a(theta) with a log-argument log-partition: composed in a (the Beta's
    # (logit mean, log precision)); otherwise J^T F J and J^T B from the natural F and B.
    coords = log_coordinates.find(base.params, base.log_partition, base.param_symbols, eta, _pre)
    if coords is not None:
        composed = log_coordinates.compose(coords, theta, natural.stat, _pre)
        grad, fisher, factor, hessian = composed.grad, composed.fisher, composed.factor, composed.hessian
        proof = _prove(fisher, factor, fam, natural, composed.proof)
    else:
        grad = tuple(_pre(sp.diff(core, t)) for t in theta)
        hessian = sp.Matrix(d_theta, d_theta, lambda i, j: _pre(sp.diff(grad[i], theta[j])))
        F = natural.fisher.xreplace(to_theta)
        B = natural.factor.xreplace(to_theta)
        fisher = sp.Matrix(d_theta, d_theta, lambda i, j: _simplify(_pre(
            sum((jac[k, i] * F[k, m] * jac[m, j] for k in range(d_eta) for m in range(d_eta)), sp.Integer(0)))))
        factor = sp.Matrix(d_theta, d_eta, lambda i, j: _simplify(_pre(
            sum((jac[k, i] * B[k, j] for k in range(d_eta)), sp.Integer(0)))))
        proof = _prove(fisher, factor, fam, natural)
    if canonical:
        # eta affine in theta: Hess(eta_i) = 0, so the true Hessian is J^T F J exactly. Differentiating
        # the target-aware NLL would give it with y terms that cancel only to rounding (an entry that
        # is 0 came out as 2e-8 from t0 (y - y) for the identity Normal at eta_1 = 0, y = 1.5).
        hessian = fisher
    structure = Structure.SCALAR if d_theta == d_eta == 1 else Structure.DENSE
    derived = ParametrizedDerived(
        family=fam,
        structure=structure,
        log_partition=fam.log_partition,
        stat=natural.stat,
        log_base_measure=natural.log_base_measure,
        nll=last(nll),
        mean=tuple(last(sub(m)) for m in natural.mean),
        grad=tuple(last(g) for g in grad),
        fisher=sp.ImmutableMatrix(fisher.applyfunc(last)),
        factor=sp.ImmutableMatrix(factor.applyfunc(last)),
        sampler=_pre(fam.sampler),  # sigmoid(log_ndtr(x) - log_ndtr(-x)) -> exp(log_ndtr(x))
        nll_parts=tuple(last(q) for q in parts),
        proof=proof,
        passes=("canonicalize", "derive", "parametrize", "stabilize"),
        parametrization=p,
        natural=natural,
        jacobian=sp.ImmutableMatrix(jac),
        hessian=sp.ImmutableMatrix(hessian.applyfunc(last)),
        canonical=canonical,
    )
    return derived


# -------------------------------------------------------------------- lowering
def hessian_name(i: int, j: int) -> str:
    return f"hessian_{min(i, j)}_{max(i, j)}"


def _target_bound(family: Family):
    """c for a target in [0, c] (binary: 1), else None."""
    if family.target.support is Support.BINARY:
        return sp.Integer(1)
    if family.target.support is Support.BOUNDED_INTEGER:
        return next(h.symbol for h in family.hypers if h.name == family.target.bound)
    return None


def _branch_op(name: str, outputs: list, family: Family) -> OpSpec:
    """For a target in [0, c], each output linear in y as y P + (c - y) Q, with P and Q named
    temporaries: CSE would otherwise collect e^s (y + y / expm1(e^s) - 1), which cancels at
    y = 1 where the two branches y P and (c - y) Q never meet."""
    c, y = _target_bound(family), family.target.symbol
    if c is None:
        return make_op(name, outputs)
    parts, results = [], []
    for n, e in outputs:
        if e.has(y) and sp.diff(e, y, 2) == 0:
            at_c, at_0 = _pre(e.subs(y, c) / c), _pre(e.subs(y, 0) / c)
            parts += [(f"{n}_y_max", at_c), (f"{n}_y_min", at_0)]
            results.append((n, y * sp.Symbol(f"{n}_y_max", real=True) + (c - y) * sp.Symbol(f"{n}_y_min", real=True)))
        else:
            parts.append((n, e))
            results.append((n, None))
    op = make_op(name, parts)
    done = {n for n, e in results if e is None}
    temporaries = op.temporaries + tuple((n, e) for n, e in op.outputs if n not in done)
    final = tuple((n, e if e is not None else dict(op.outputs)[n]) for n, e in results)
    return OpSpec(name, temporaries, final)


def _term(entry: sp.Symbol, value: sp.Expr, v: sp.Symbol) -> sp.Expr:
    """entry * v in a dense product; mul_exact_zero unless the entry is a constant."""
    return value * v if value.is_number else mul_exact_zero(entry, v)


def lower_parametrized(derived: ParametrizedDerived) -> KernelSpec:
    """The natural lowering, plus the true Hessian's entries (per call: they read y) and its product."""
    spec = lower(derived)
    d = derived.family.dim
    H = derived.hessian
    entries = [(hessian_name(i, j), H[i, j]) for i in range(d) for j in range(i, d)]
    syms = {(i, j): sp.Symbol(hessian_name(i, j), real=True) for i in range(d) for j in range(d)}
    v = [sp.Symbol(f"v{i}", real=True) for i in range(d)]
    ops = dict(spec.ops)
    ops["grad"] = _branch_op("grad", [(f"grad{i}", g) for i, g in enumerate(derived.grad)], derived.family)
    ops["hessian"] = _branch_op("hessian", entries, derived.family)
    # Dense products term by term with mul_exact_zero: an entry that is a finite real whose float
    # overflowed (F_00 = e^1400 of a Normal head at log sigma = -700) contributes an exact 0 where
    # v_j = 0, so F e_1 reads F_01 = 0, not inf * 0 = NaN. Constant entries need no guard.
    if d > 1:
        F = derived.fisher
        fisher_syms = {(i, j): sp.Symbol(fisher_name(i, j), real=True) for i in range(d) for j in range(d)}
        ops["fisher_product"] = make_op("fisher_product", [
            (f"out{i}", sum(_term(fisher_syms[i, j], F[i, j], v[j]) for j in range(d))) for i in range(d)])
    ops["hessian_product"] = make_op("hessian_product", [
        (f"out{i}", sum(_term(syms[i, j], H[i, j], v[j]) if d > 1 else syms[i, j] * v[j] for j in range(d)))
        for i in range(d)])
    return replace(spec, ops=ops, passes=spec.passes + ("parametrize",))


def compile_parametrization(p: Parametrization) -> KernelSpec:
    return lower_parametrized(derive_parametrized(validate_parametrization(p)))


__all__ = ["Parametrization", "ParametrizedDerived", "validate_parametrization", "derive_parametrized",
           "lower_parametrized", "compile_parametrization", "theta_family", "COMPLEMENTARY_LOG_ODDS",
           "LOG1MEXP_OF_SOFTPLUS", "FACTOR_SQUARED_SUMS"]
