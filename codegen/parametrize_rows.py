"""Per-row parametrizations of coupled families: eta_k = phi(z_k, r) with O(K) products.

A `RowParametrization` declares user parameters over a coupled (diagonal-plus-rank-one)
family: one vector z over the family's last axis and m per-row scalars r_1..r_m (a
temperature), with eta_k = phi(z_k, r) elementwise in k. Then J = d eta / d theta is
[diag(d phi / d z) | columns d phi / d r_j], K x (K + m) per row, and every product is
the natural family's O(K) product between two O(K) maps:

* gradient J^T (grad A - T): (d phi / d z) * g for z, sum_k (d phi / d r_j)_k g_k for r_j;
* Fisher = GGN J^T F J: v -> J^T (F (J v)), with J v = phi_z * v_z + sum_j phi_rj v_rj;
* factor J^T B (the natural family's inner shape, K) and its transpose B^T J;
* true Hessian J^T F J + sum_k (grad A - T)_k Hess(eta_k), Hess(eta_k) touching (z_k, r)
  only: the second derivatives phi_zz, phi_zrj, phi_rjrl, elementwise. It has a factor only
  when phi is affine in theta (then it is the Fisher).

SymPy derives the first and second derivatives of phi through the stable rewrites of the
parametrizations (`parametrize._pre`: canonical, stable, substituted); they are lowered
to elementwise ops, and the generated NumPy class (templates/numpy/row_parametrized.py.jinja)
embeds the natural family's generated class and calls its products (runtime/row_parametrized.py).
Why composition rather than substitution into the coupled derivation: the coupled products
(row statistics, dominant-entry forms) are already accurate in eta, and eta_k = phi(z_k, r)
is one elementwise rounding; substituting phi into A would lose the row-max shift for
nothing.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

import mpmath
import sympy as sp

from natloss.codegen import rewrite
from natloss.codegen.derive import Derived, Structure
from natloss.codegen.family import Family, Param, VectorParam, is_identifier, param_local, _assumptions
from natloss.codegen.lower import KernelSpec, make_op
from natloss.codegen.parametrize import _pre
from natloss.codegen.primitives import to_naive
from natloss.codegen.validate import RESERVED_NAMES, DeclarationError, _domain_point, validate


@dataclass(frozen=True)
class RowParametrization:
    """eta_k = phi(z_k, r): a coupled family's natural vector from a vector z and per-row scalars r."""

    name: str
    class_name: str
    family: Family  # a coupled (diag_rank_one) family
    vector: VectorParam  # z, over the family's last axis
    row_params: tuple[Param, ...]  # r_j, one value per row (shape logits.shape[:-1])
    eta: sp.Expr  # eta_k as an expression of vector.symbol (z_k) and the row params' symbols
    doc: str = ""
    source: str = field(default="", compare=False)


def _fail(p, field_name, message):
    raise DeclarationError(getattr(p, "name", "<unnamed>"), field_name, message)


def _elementwise_symbol(p: RowParametrization) -> sp.Symbol:
    """z_k as a plain symbol (the generated code's local name for the vector)."""
    return sp.Symbol(param_local(p.vector.name), **_assumptions(p.vector.domain))


def validate_row_parametrization(p: RowParametrization) -> RowParametrization:
    if not isinstance(p, RowParametrization):
        _fail(p, "parametrization", f"expected a natloss.codegen.parametrize_rows.RowParametrization, got {type(p).__name__}")
    for what in ("name", "class_name"):
        value = getattr(p, what)
        if not (isinstance(value, str) and is_identifier(value)):
            _fail(p, what, f"{value!r} is not a Python identifier")
    if not isinstance(p.family, Family):
        _fail(p, "family", f"expected a natloss.codegen.Family, got {type(p.family).__name__}")
    validate(p.family)
    if not (p.family.is_vector and len(p.family.params) == 1 and p.family.target.support.value != "real_vector"):
        _fail(p, "family", f"expected a coupled family (one VectorParam over the last axis), got {p.family.name!r}")
    if not isinstance(p.vector, VectorParam):
        _fail(p, "vector", f"expected a VectorParam (z over the family's last axis), got {type(p.vector).__name__}")
    if not (isinstance(p.row_params, tuple) and all(isinstance(q, Param) for q in p.row_params)):
        _fail(p, "row_params", f"expected a tuple of Param (one scalar per row each), got {p.row_params!r}"[:300])
    if not isinstance(p.doc, str):
        _fail(p, "doc", f"expected a string, got {type(p.doc).__name__}")
    names = [p.vector.name] + [q.name for q in p.row_params] + [h.name for h in p.family.hypers] + [p.family.target.name]
    for n in names:
        if not (isinstance(n, str) and is_identifier(n)) or n in RESERVED_NAMES:
            _fail(p, "row_params", f"{n!r} is not a usable name (an identifier, not a keyword, not one of {', '.join(RESERVED_NAMES)})")
    if len(set(names)) != len(names):
        _fail(p, "row_params", f"names must be distinct (vector, row parameters, the family's hypers, the target), got {names}")
    if not isinstance(p.eta, sp.Expr):
        _fail(p, "eta", f"expected one SymPy expression of {p.vector.name}.symbol and the row parameters' symbols, got {type(p.eta).__name__}")
    extra = p.eta.free_symbols - {p.vector.symbol, p.vector.k, p.vector.base.label} - {q.symbol for q in p.row_params}
    if extra:
        _fail(p, "eta", f"must be elementwise in k: an expression of {p.vector.name}.symbol (z_k) and the row"
                        f" parameters' .symbol only, got the symbols {sorted(map(str, extra))}")
    if p.eta.has(sp.Sum):
        _fail(p, "eta", "must be elementwise in k (no sums over the axis)")
    if not p.eta.has(p.vector.symbol):
        _fail(p, "eta", f"does not depend on {p.vector.name}: the vector must enter every eta_k")
    _check_image(p)
    return p


def _check_image(p: RowParametrization) -> None:
    """At 8 random points of the theta domain: eta inside the natural domain, d phi / d z != 0
    (so J has rank K: the natural directions are all reached)."""
    z = _elementwise_symbol(p)
    args = [z] + [q.symbol for q in p.row_params]
    phi = to_naive(p.eta.xreplace({p.vector.symbol: z}))
    f_phi = sp.lambdify(args, phi, modules="mpmath")
    f_dz = sp.lambdify(args, sp.diff(phi, z), modules="mpmath")
    domain = p.family.params[0].domain
    rng = random.Random(2)
    with mpmath.workdps(30):
        for _ in range(8):
            point = [_domain_point(p.vector.domain, rng)] + [_domain_point(q.domain, rng) for q in p.row_params]
            shown = dict(zip([p.vector.name] + [q.name for q in p.row_params], point))
            try:
                value, slope = complex(f_phi(*point)), complex(f_dz(*point))
            except Exception as exc:  # noqa: BLE001 - any failure to evaluate is a declaration error
                _fail(p, "eta", f"cannot be evaluated at {shown}: {exc}")
            if abs(value.imag) > 1e-20 or not domain.contains(sp.Float(value.real, 30)):
                _fail(p, "eta", f"eta({shown}) = {value} is outside {p.family.params[0].name}'s domain {domain}")
            if not abs(slope) > 1e-25:
                _fail(p, "eta", f"d eta_k / d {p.vector.name}_k = 0 at {shown}: J would lose rank")


@dataclass(frozen=True)
class RowParametrizedDerived(Derived):
    """The derivatives of phi, elementwise: `d_vector` phi_z, `d_rows` (phi_rj), `curvature`
    ((label, expr) of phi_zz, phi_zrj, phi_rjrl (j <= l)); `natural` the family's KernelSpec."""

    parametrization: RowParametrization | None = None
    natural: KernelSpec | None = None
    eta: sp.Expr | None = None
    d_vector: sp.Expr | None = None
    d_rows: tuple = ()
    curvature: tuple = ()
    affine: bool = False


def theta_family(p: RowParametrization) -> Family:
    """The declaration seen in theta: its names, class and constructor (z first, then the r_j)."""
    f = p.family
    return Family(name=p.name, class_name=p.class_name, params=(p.vector,) + p.row_params, target=f.target,
                  log_partition=f.log_partition, sufficient_statistic=f.sufficient_statistic,
                  log_base_measure=f.log_base_measure, sampler=f.sampler, hypers=f.hypers, doc=p.doc, source=p.source)


def curvature_labels(p: RowParametrization) -> tuple:
    """Labels of the second derivatives, in the order the generated `_curvature` returns them."""
    m = len(p.row_params)
    return (("vector", "vector"),) + tuple(("vector", j) for j in range(m)) + tuple(
        (j, l) for j in range(m) for l in range(j, m))


def derive_row_parametrized(p: RowParametrization) -> RowParametrizedDerived:
    from natloss.codegen.driver import compile_family

    natural = compile_family(p.family)
    if natural.derived.structure is not Structure.DIAG_RANK_ONE:
        _fail(p, "family", f"{p.family.name!r} has structure {natural.derived.structure.value}; a per-row"
                           " parametrization needs a coupled (diag_rank_one) family")
    z = _elementwise_symbol(p)
    r = [q.symbol for q in p.row_params]
    eta = _pre(rewrite.apply_all(p.eta.xreplace({p.vector.symbol: z}), rewrite.CANONICAL))
    wrt = {"vector": z, **dict(enumerate(r))}
    d_vector = _pre(sp.diff(eta, z))
    d_rows = tuple(_pre(sp.diff(eta, s)) for s in r)
    curvature = tuple(((a, b), _pre(sp.diff(eta, wrt[a], wrt[b]))) for a, b in curvature_labels(p))
    fam = theta_family(p)
    n = natural.derived
    return RowParametrizedDerived(
        family=fam, structure=Structure.DIAG_RANK_ONE, log_partition=n.log_partition, stat=n.stat,
        log_base_measure=n.log_base_measure, nll=n.nll, mean=n.mean, grad=n.grad, fisher=None, factor=None,
        sampler=n.sampler, proof=f"J^T B with the natural B ({n.proof})",
        passes=("canonicalize", "parametrize_rows", "stabilize"), parametrization=p, natural=natural,
        eta=eta, d_vector=d_vector, d_rows=d_rows, curvature=curvature,
        affine=all(e == 0 for _, e in curvature),
    )


def lower_row_parametrized(derived: RowParametrizedDerived) -> KernelSpec:
    """Three elementwise ops: eta, the Jacobian's columns, and the nonzero second derivatives."""
    p = derived.parametrization
    fam = derived.family
    curvature = [(curvature_name(label), e) for label, e in derived.curvature if e != 0]
    ops = {
        "eta": make_op("eta", [("eta", derived.eta)]),
        "jacobian": make_op("jacobian", [("d_vector", derived.d_vector)] + [(f"d_row{j}", e) for j, e in enumerate(derived.d_rows)]),
        "curvature": make_op("curvature", curvature),
    }
    return KernelSpec(
        derived=derived, params=(param_local(p.vector.name),) + tuple(str(q.symbol) for q in p.row_params),
        hypers=tuple((str(h.symbol), h.default, h.integer) for h in fam.hypers), target="y", ops=ops,
        fisher_entries=(), factor_entries=(), factor_columns=(), passes=derived.passes + ("lower",),
    )


def curvature_name(label) -> str:
    return "d2_" + "_".join("vector" if x == "vector" else f"row{x}" for x in label)


def summary_lines(d: RowParametrizedDerived) -> list:
    """eta_k, J's columns and the nonzero second derivatives in the declared names (docstring, `natloss show`)."""
    p, show = d.parametrization, lambda e: sp.sstr(d.family.display(e))  # noqa: E731
    labels = [p.vector.name] + [q.name for q in p.row_params]
    lines = [f"Per-row parameters {', '.join(labels)} of the {p.family.name} family ({p.family.class_name});"
             f" {'phi affine (the Hessian is the Fisher)' if d.affine else 'phi not affine (the Hessian has no factor)'}:",
             f"    eta_k ({p.family.params[0].name}) = {show(d.eta)}",
             "J = [diag(d eta_k / d z_k) | d eta_k / d r_j]:",
             f"    d eta_k / d {p.vector.name}_k = {show(d.d_vector)}"]
    lines += [f"    d eta_k / d {q.name} = {show(e)}" for q, e in zip(p.row_params, d.d_rows)]
    lines.append("Hess(eta_k), nonzero entries:")
    lines += [f"    d2 eta_k / d {' d '.join(labels[0] if x == 'vector' else labels[1 + x] for x in label)} = {show(e)}"
              for label, e in d.curvature if e != 0]
    lines.append(f"Fisher = GGN = J^T F J, factor J^T B (inner shape: the natural family's), all O(K) per row:"
                 f" the natural {p.family.class_name}'s products between J and J^T.")
    return lines


def compile_row_parametrization(p: RowParametrization) -> KernelSpec:
    return lower_row_parametrized(derive_row_parametrized(validate_row_parametrization(p)))


__all__ = ["RowParametrization", "RowParametrizedDerived", "validate_row_parametrization", "derive_row_parametrized",
           "lower_row_parametrized", "compile_row_parametrization", "summary_lines", "curvature_labels", "curvature_name"]
