"""Vector families whose A does not couple the last axis: A = sum_k a(eta_1k, ..., eta_dk).

Such a family (a multivariate normal with unit, fixed or diagonal covariance) has
independent components given eta: F is block diagonal, one d x d block a''(eta_k) per
component, and its NLL is the sum over the row of one per-component NLL. So the stage
`componentwise` rewrites the declaration into its per-component family (scalar for d = 1,
dense for d = 2, 3), which the rest of the compiler treats like any other, marked
``componentwise=True`` so that the runtime makes a case of each row over the last axis
(batch shape, mask and targets) and sums the per-component NLL over it.

A vector family with a coupling sum inside a non-linear function (softmax, Dirichlet)
passes unchanged to `codegen/coupled.py`. Terms of A or log h outside the sums over k
must be proportional to K (K log(2 pi) / 2 is log(2 pi) / 2 per component).
"""
from __future__ import annotations

from dataclasses import replace

import sympy as sp

from natloss.codegen.family import Family, Param, Support, Target
from natloss.codegen.validate import DeclarationError, validate

# The per-component support of each componentwise vector support.
ELEMENT_SUPPORT = {Support.REAL_VECTOR: Support.REAL}


def _terms(expr: sp.Expr):
    return sp.Add.make_args(sp.expand(expr, deep=False, mul=True, multinomial=False, power_exp=False, log=False))


def couples(family: Family) -> bool:
    """True if A has a sum over k inside a non-linear function (or a product of sums)."""
    for term in _terms(family.log_partition):
        _, rest = term.as_independent(sp.Sum)
        if rest.has(sp.Sum) and not isinstance(rest, sp.Sum):
            return True
    return False


def is_coupled(family: Family) -> bool:
    """A vector family whose A couples the last axis (the diagonal-plus-rank-one structure)."""
    return family.is_vector and couples(family)


def is_componentwise(family: Family) -> bool:
    """A vector family without a coupling sum (compiled per component, a case a row)."""
    return family.is_vector and not couples(family)


def _per_component(expr: sp.Expr, family: Family, field: str) -> sp.Expr:
    """sum_k f(eta_k, y_k) + c K -> f(eta_k, y_k) + c."""
    v = family.params[0]
    out = sp.Integer(0)
    for term in _terms(expr):
        coeff, rest = term.as_independent(sp.Sum)
        if isinstance(rest, sp.Sum):
            if rest.limits != ((v.k, 0, v.size - 1),):
                raise DeclarationError(family.name, field, f"sums must run over k = 0 .. K-1, got {rest.limits}")
            if coeff.has(v.size):
                raise DeclarationError(family.name, field, f"the factor {coeff} of a sum over k depends on K")
            out += coeff * rest.function
            continue
        per, k_power = term.as_independent(v.size)
        if k_power != v.size or per.has(v.k):
            raise DeclarationError(
                family.name, field,
                f"the term {term} outside the sums over k must be proportional to K (one share per component);"
                " write it as a sum over k",
            )
        out += per
    return out


def componentwise(family: Family) -> Family:
    """The stage: a vector family without a coupling sum -> its per-component family; any other unchanged."""
    if not family.is_vector:
        return family
    if couples(family):
        if family.target.support in ELEMENT_SUPPORT:
            raise DeclarationError(
                family.name, "target",
                f"a {family.target.support.value} target goes with an A that does not couple the components"
                " (A = sum_k a(eta_k)); coupled real vectors have no structure yet",
            )
        return family
    if family.target.support not in ELEMENT_SUPPORT:
        from natloss.codegen.coupled import StructureError

        raise StructureError(
            f"family {family.name!r}, field 'log_partition': A has no coupling sum, so the components are"
            f" independent, but the {family.target.support.value} support constrains the whole row;"
            f" independent components take a {', '.join(s.value for s in ELEMENT_SUPPORT)} target"
        )
    params = tuple(Param(p.name, p.domain, p.doc) for p in family.params)
    target = Target(ELEMENT_SUPPORT[family.target.support], family.target.name, family.target.bound)
    to_scalar = {}
    for vector, scalar in zip(family.params, params):
        to_scalar[vector.symbol] = scalar.symbol
        to_scalar[vector.base] = scalar.symbol  # an elementwise draw may name the whole vector
    to_scalar[family.target.symbol[family.params[0].k]] = target.symbol

    def scalar(expr, field, summed=True):
        # A and log h are sums over the row; T(y) is already per component.
        out = (_per_component(expr, family, field) if summed else expr).xreplace(to_scalar)
        v = family.params[0]
        if out.has(v.k) or out.has(v.size) or any(out.has(p.base) for p in family.params):
            raise DeclarationError(family.name, field, f"{out} still refers to the vector axis")
        return out

    return validate(replace(
        family,
        params=params,
        target=target,
        log_partition=scalar(family.log_partition, "log_partition"),
        sufficient_statistic=tuple(scalar(t, f"sufficient_statistic[{i}]", summed=False)
                                   for i, t in enumerate(family.sufficient_statistic)),
        log_base_measure=scalar(family.log_base_measure, "log_base_measure"),
        sampler=scalar(family.sampler, "sampler", summed=False),
        componentwise=True,
    ))
