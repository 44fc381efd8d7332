"""The plan stage (codegen/plan.py): what each op reads, checked against the lowered expressions.

The plan answers "which inputs does this op read" once for every backend. These tests compute
the answer again, independently: for a per-case op, the free symbols of its lowered
expressions; for a coupled op, the inputs reachable from its outputs through the lowered steps
(a walk over the steps written here, not the plan's); for the array form of an op, the
identifiers of its printed NumPy code.
"""
from __future__ import annotations

import re

import pytest
import sympy as sp

from natloss.codegen import driver
from natloss.codegen.backends.numpy.printer import print_numpy
from natloss.codegen.plan import COUPLED_OPS, plan_family

DECLARATIONS = driver.builtin_declarations()
SPECS = {d.name: driver.compile_family(d) for d in DECLARATIONS}
# Per-row parametrizations of coupled families: elementwise ops only (their products are the
# natural family's), so neither case ops nor row plans; the array-ops test covers them.
ROWS = sorted(n for n, s in SPECS.items() if "parametrize_rows" in s.passes)
COUPLED = sorted(n for n, s in SPECS.items() if s.derived.structure.value == "diag_rank_one" and n not in ROWS)
CASES = sorted(n for n in SPECS if n not in COUPLED and n not in ROWS)


def _free_names(op) -> set:
    own = {n for n, _ in op.temporaries + op.outputs}
    return {str(s) for _, e in op.temporaries + op.outputs for s in sp.sympify(e).free_symbols} - own


def _inputs_of(spec) -> dict:
    """Every name an op of the spec may read, by role."""
    d, cols = spec.dim, spec.factor_dim
    return {
        "param": set(spec.params), "hyper": {h for h, _, _ in spec.hypers}, "target": {spec.target},
        "entry": set(spec.fisher_entries) | set(spec.factor_entries)
        | ({n for n, _ in spec.ops["hessian"].outputs} if "hessian" in spec.ops else set()),
        "vec": {f"v{k}" for k in range(d)}, "ucomp": {f"u{k}" for k in range(cols)},
    }


def test_the_families_are_sampled():
    assert len(CASES) >= 20 and {"categorical", "dirichlet"} <= set(COUPLED)


@pytest.mark.parametrize("name", CASES)
def test_a_case_op_reads_what_its_expressions_read(name):
    spec = SPECS[name]
    plan = plan_family(spec)
    assert plan_family(spec) is plan  # planned once per spec
    roles = _inputs_of(spec)
    every_input = set().union(*roles.values())
    for op_name, op in spec.ops.items():
        planned = plan.ops[op_name]
        read = _free_names(op) & every_input
        assert {a.name for a in planned.inputs} == read, (name, op_name)
        for a in planned.inputs:
            assert a.name in roles[a.role], (name, op_name, a)
        assert planned.outputs == tuple(n for n, _ in op.outputs), (name, op_name)
    reduce_plan = plan.ops["nll_reduce"]
    assert reduce_plan.inputs == plan.ops["nll"].inputs
    assert (reduce_plan.weighting, reduce_plan.reduction, reduce_plan.masked) == ("weight", "cases", True)
    assert plan.ops["grad"].weighting == "scale" and plan.ops["fisher"].weighting == "none"


def _reachable_inputs(op, outputs, inputs: set) -> set:
    """The inputs the outputs depend on through the op's steps (a plain walk over the steps)."""
    steps = dict(op.temporaries + op.outputs)
    seen, todo = set(), list(outputs)
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        if n in steps:
            todo += [str(s) for s in sp.sympify(steps[n]).free_symbols]
    return seen & inputs


@pytest.mark.parametrize("name", COUPLED)
def test_a_coupled_op_reads_what_its_outputs_need(name):
    spec = SPECS[name]
    plan = plan_family(spec)
    x = spec.params[0]
    for op_name in COUPLED_OPS:
        planned = plan.ops[op_name]
        assert not planned.unplanned, (name, op_name, planned.unplanned)
        op = spec.ops["nll" if op_name == "nll_reduce" else op_name]
        stats = set() if op_name == "row_stats" else set(spec.fisher_entries)
        inputs = {x, spec.target, "v0", "u0"} | {h for h, _, _ in spec.hypers} | stats
        want = _reachable_inputs(op, planned.outputs, inputs)
        assert {a.name for a in planned.inputs} == want, (name, op_name)
        roles = {a.name: a.role for a in planned.inputs}
        assert all(roles[s] == "stat" for s in stats & set(roles)), (name, op_name)
        assert roles.get("u0", "uvec") == "uvec" and roles.get("v0", "vec") == "vec" and roles.get(x, "param") == "param"


@pytest.mark.parametrize("name", sorted(SPECS))
def test_the_array_ops_read_what_their_printed_code_names(name):
    """The NumPy methods unpack what the plan says each array op reads: the identifiers of the
    printed code, among the inputs, are exactly those names."""
    spec = SPECS[name]
    roles = _inputs_of(spec)
    candidates = set().union(*roles.values()) | {"onehot"}
    for op_name, printed in print_numpy(spec).items():
        code = " ".join(c for _, c in printed.temporaries + printed.outputs)
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code))
        own = {n for n, _ in printed.temporaries + printed.outputs}
        assert printed.reads & candidates == (words - own) & candidates, (name, op_name)
