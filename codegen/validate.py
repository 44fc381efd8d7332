"""Validation: `Family` -> the same `Family`, or a `DeclarationError` naming the family and field."""
from __future__ import annotations

import math
import random

import sympy as sp

from natloss.codegen.draws import Draw, VECTOR_DRAWS
from natloss.codegen.family import Family, Hyper, Param, Support, Target, VectorParam, is_identifier
from natloss.codegen.functions import declarable, unsupported_functions


# The loss constructor's own arguments: a declared name may be anything else (`shape`,
# `rng`, `np`, a method's name), since the generated code uses its own local names.
RESERVED_NAMES = ("targets", "mask", "weight", "seed", "self")


class DeclarationError(ValueError):
    def __init__(self, family: str, field: str, message: str):
        super().__init__(f"family {family!r}, field {field!r}: {message}")
        self.family, self.field = family, field


def _require(cond: bool, family: str, field: str, message: str):
    if not cond:
        raise DeclarationError(family, field, message)


def _domain_point(domain: sp.Interval, rng: random.Random) -> float:
    lo, hi = domain.inf, domain.sup
    if lo.is_finite and hi.is_finite:
        return float(lo) + (float(hi) - float(lo)) * rng.uniform(0.05, 0.95)
    if lo.is_finite:
        return float(lo) + rng.uniform(0.1, 4.0)
    if hi.is_finite:
        return float(hi) - rng.uniform(0.1, 4.0)
    return rng.uniform(-3.0, 3.0)


def validate(family: Family) -> Family:
    name = getattr(family, "name", "<unnamed>")
    _require(isinstance(family, Family), str(name), "family", f"expected a natloss.codegen.Family, got {type(family).__name__}")
    _require(isinstance(name, str) and is_identifier(name), str(name), "name", "must be a Python identifier")
    _require(is_identifier(family.class_name), name, "class_name", f"{family.class_name!r} is not a Python identifier")
    _require(len(family.params) >= 1, name, "params", "at least one natural parameter is needed")
    _require(
        all(isinstance(p, (Param, VectorParam)) for p in family.params),
        name, "params", "each entry must be a Param (or each a VectorParam)",
    )
    vector = any(isinstance(p, VectorParam) for p in family.params)
    _require(not vector or family.is_vector, name, "params", "VectorParams and (scalar) Params cannot be mixed")
    _require(len(family.params) <= 3, name, "params",
             f"small dense families have d <= 3 natural parameters (per component), got {len(family.params)}")
    names = [p.name for p in family.params] + [h.name for h in family.hypers] + [family.target.name]
    for n in names:
        _require(isinstance(n, str) and is_identifier(n), name, "params",
                 f"{n!r} is not a Python identifier (or is a keyword)")
        _require(n not in RESERVED_NAMES, name, "params",
                 f"{n!r} is reserved; the reserved names are {', '.join(RESERVED_NAMES)} and Python's keywords")
    _require(len(set(names)) == len(names), name, "params", f"names must be distinct, got {names}")
    _require(all(isinstance(h, Hyper) for h in family.hypers), name, "hypers", "each entry must be a Hyper")
    for h in family.hypers:
        _check_default(family.name, h)
    _require(isinstance(family.doc, str), name, "doc", f"expected a string, got {type(family.doc).__name__}")
    _require(isinstance(family.target, Target), name, "target", "expected a Target")
    _require(
        family.target.support.is_vector == vector, name, "target",
        "vector supports (class_index, one_hot, counts, simplex, real_vector) go with VectorParams and only with them",
    )
    if family.target.bound is not None:
        _require(
            family.target.bound in [h.name for h in family.hypers], name, "target",
            f"bound {family.target.bound!r} is not a declared hyper-parameter",
        )
    _check_target_bounds(family)
    _require(
        len(family.sufficient_statistic) == len(family.params), name, "sufficient_statistic",
        f"T(y) has {len(family.sufficient_statistic)} entries for {len(family.params)} natural parameter(s)",
    )
    for field_name in ("log_partition", "log_base_measure", "sampler"):
        _require(isinstance(getattr(family, field_name), sp.Basic), name, field_name, "must be a SymPy expression")
    _check_functions(family)

    allowed = {p.symbol for p in family.params if isinstance(p, Param)} | {h.symbol for h in family.hypers}
    if vector:
        for v in family.params:
            allowed |= {v.k, v.size, v.symbol, v.base, v.base.label}
        free_A = family.log_partition.free_symbols - allowed
    else:
        free_A = family.log_partition.free_symbols - allowed
    _require(not free_A, name, "log_partition", f"depends on undeclared symbols {sorted(map(str, free_A))}"
             + _symbol_hint(free_A, names))
    y_free = {family.target.symbol}
    if vector:
        y_free |= {family.target.symbol.label, family.target.symbol[family.params[0].k]}
    for i, t in enumerate(family.sufficient_statistic):
        extra = t.free_symbols - y_free - allowed
        _require(not extra, name, f"sufficient_statistic[{i}]",
                 f"depends on {sorted(map(str, extra))}; T(y) may use only y and hypers" + _symbol_hint(extra, names))
        if not vector:
            _require(t.has(family.target.symbol), name, f"sufficient_statistic[{i}]", "does not depend on the target")
    extra = family.log_base_measure.free_symbols - y_free - allowed
    _require(not extra, name, "log_base_measure",
             f"depends on {sorted(map(str, extra))}; log h(y) may use only y and hypers" + _symbol_hint(extra, names))
    _require(
        not family.log_base_measure.has(*[p.symbol for p in family.params if isinstance(p, Param)]),
        name, "log_base_measure", "log h(y) must not depend on the natural parameters",
    )
    draws = [a for a in sp.preorder_traversal(family.sampler) if isinstance(a, Draw)]
    _require(bool(draws), name, "sampler", "must use at least one draw from natloss.codegen.draws")
    if not vector:
        _require(
            not any(isinstance(d, VECTOR_DRAWS) for d in draws), name, "sampler",
            "vector draws (categorical, multinomial, dirichlet) need a VectorParam",
        )
        _check_convex(family)
    return family


def _symbol_hint(symbols, declared) -> str:
    """A symbol made by name (sp.Symbol('eta')) is not the declared one; say how to get that."""
    named = sorted(str(s) for s in symbols if str(s) in declared)
    if not named:
        return ""
    return (f"; {', '.join(map(repr, named))} has the name of a declared parameter, hyper-parameter or"
            " target: use the declared object's `.symbol` (e.g. Param(...).symbol), not sp.Symbol(name)")


def _check_default(family: str, h: Hyper) -> None:
    """A default becomes a literal in the generated signature: only a finite int or float in its domain."""
    field = f"hypers[{h.name}].default"
    value = h.default
    _require(type(value) in (int, float), family, field,
             f"expected an int or a float, got {type(value).__name__} {value!r}" if type(value) in (int, float, bool)
             else f"expected an int or a float, got {type(value).__name__}")
    _require(math.isfinite(value), family, field, f"expected a finite number, got {value!r}")
    _require(not h.integer or float(value).is_integer(), family, field, f"expected an integer, got {value!r}")
    inside = h.domain.contains(sp.Integer(value) if isinstance(value, int) else sp.Float(value))
    _require(bool(inside == sp.true), family, field, f"{value!r} is outside the hyper-parameter's domain {h.domain}")


def _check_target_bounds(family: Family) -> None:
    """An interval's ends: numbers (lower < upper) or declared hyper-parameters; a hyper lower
    bound must be positive (the target's symbol is then positive)."""
    target = family.target
    if target.support is not Support.INTERVAL:
        _require(
            (target.lower, target.upper) == (-math.inf, math.inf), family.name, "target",
            f"lower / upper bounds go with Support.INTERVAL, not {target.support.value}",
        )
        return
    hypers = {h.name: h for h in family.hypers}
    for side, value in (("lower", target.lower), ("upper", target.upper)):
        if isinstance(value, str):
            _require(value in hypers, family.name, "target", f"{side} bound {value!r} is not a declared hyper-parameter")
        else:
            _require(isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value),
                     family.name, "target", f"{side} bound must be a number or a hyper-parameter's name, got {value!r}")
    if isinstance(target.lower, str):
        _require(hypers[target.lower].domain.is_subset(sp.Interval.open(0, sp.oo)), family.name, "target",
                 f"the lower bound {target.lower!r} must have a positive domain, got {hypers[target.lower].domain}")
    if not isinstance(target.lower, str) and not isinstance(target.upper, str):
        _require(target.lower < target.upper, family.name, "target",
                 f"empty interval: lower {target.lower} >= upper {target.upper}")


def _check_functions(family: Family) -> None:
    """Every function must be one the backends print (the table of codegen/functions.py), with
    constant orders; checked before anything slow (derivation, simplification) runs."""
    fields = [("log_partition", family.log_partition), ("log_base_measure", family.log_base_measure),
              ("sampler", family.sampler)]
    fields += [(f"sufficient_statistic[{i}]", t) for i, t in enumerate(family.sufficient_statistic)
               if isinstance(t, sp.Basic)]
    for field_name, expr in fields:
        bad = unsupported_functions(expr)
        _require(
            not bad, family.name, field_name,
            f"uses {', '.join(bad)}, which no backend can print; the supported functions are"
            f" {', '.join(declarable())}",
        )
        for pg in expr.atoms(sp.polygamma):
            order = pg.args[0]
            _require(order.is_Integer and order >= 0, family.name, field_name,
                     f"polygamma needs a constant integer order >= 0, got {order} in {pg}")
        for bessel in expr.atoms(sp.besseli):
            nu = bessel.args[0]
            _require(nu.is_number and nu.is_real and nu >= 0, family.name, field_name,
                     f"besseli needs a constant order nu >= 0, got {nu} in {bessel}")


def _check_convex(family: Family) -> None:
    """The Hessian of A must be positive definite inside the domain (8 random points)."""
    eta = family.param_symbols
    hessian = sp.hessian(family.log_partition, eta)
    rng = random.Random(1)
    f = sp.lambdify(list(eta) + [h.symbol for h in family.hypers], hessian, modules="mpmath")
    for _ in range(8):
        point = [_domain_point(p.domain, rng) for p in family.params] + [float(h.default) for h in family.hypers]
        try:
            H = sp.Matrix(f(*point)).evalf(30)
        except Exception as exc:  # noqa: BLE001 - any failure to evaluate is a declaration error
            raise DeclarationError(family.name, "log_partition", f"cannot be evaluated at {point}: {exc}") from exc
        for k in range(1, len(eta) + 1):
            minor = H[:k, :k].det()
            if not (minor.is_real and minor > 0):
                raise DeclarationError(
                    family.name, "log_partition",
                    f"A is not strictly convex inside the declared domain: the Hessian at {point} is {H.tolist()}"
                    " (check the domains and the signs)",
                )
