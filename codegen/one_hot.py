"""One-hot rows in array code: read or written at one index instead of formed in full.

Coupled ops are derived over elements k of a row, and two of their inputs are one-hot
rows: class-index targets (`Support.CLASS_INDEX`, T_k(y) = [k == y]) and the factor
column's e_j (``onehot`` of `factor_column`). The array backends keep the targets as
int64 class indices of the batch shape (runtime/coupled.py) and know the column, and
these passes rewrite the NumPy ops to match (the CUDA kernels compare k per element
instead, codegen/backends/cuda/coupled.py); the plan stage (codegen/plan.py) runs them once per family:

* a row sum linear in y, sum_k g_k y_k, is g at the class: the element inputs of g are
  gathered first (``TakeClass``), then each element step g reads is repeated on the
  gathered values, so the nll reads one logit per row and rounds as the full form does;
* an element value linear in the one-hot, rest + c e_k, is the array `rest` with the one
  entry per row where e_k = 1 overwritten by the value's own expression there
  (``SetAtClass``, ``SetAtColumn``): the gradient's p - y, the factor column's
  off-diagonal and diagonal entries, each computed by its own formula;
* any other use of y becomes ``OneHotTarget``, one-hot rows built when the op runs.

Steps that the op's result no longer needs are dropped.
"""
from __future__ import annotations

import dataclasses

import sympy as sp

from natloss.codegen.coupled import OneHotColumn, RowSum
from natloss.codegen.family import Support
from natloss.codegen.lower import KernelSpec, OpSpec


class TakeClass(sp.Function):
    """TakeClass(x, y): x at the class y of each row, keeping a length-1 last axis."""

    nargs = 2


class OneHotTarget(sp.Function):
    """OneHotTarget(y, x): one-hot rows of the class indices y, shaped and typed like x."""

    nargs = 2


class SetAtClass(sp.Function):
    """SetAtClass(a, y, value, x): a, at the shape of x, with a[row, y[row]] = value[row]."""

    nargs = 4


class SetAtColumn(sp.Function):
    """SetAtColumn(a, value, x): a, at the shape of x, with a[row, column] = value[row]
    (`column` is an argument of the generated method)."""

    nargs = 3


def split_linear(expr, y):
    """(c, rest) with expr = rest + c y and neither depending on y, or None. `rest` keeps the
    structure of expr (y set to 0), so its rounding is that of the original expression."""
    c = sp.diff(expr, y)
    rest = expr.xreplace({y: 0})
    if c.has(y) or sp.expand(expr - rest - c * y) != 0:
        return None
    return c, rest


def _needed(steps: list, result: str) -> set:
    exprs = dict(steps)
    need, todo = set(), [result]
    while todo:
        n = todo.pop()
        if n in need or n not in exprs:
            continue
        need.add(n)
        todo += [str(s) for s in exprs[n].free_symbols]
    return need


def _in_dependency_order(steps: list) -> tuple:
    """The steps, each after the steps it reads (otherwise in the given order)."""
    names = {n for n, _ in steps}
    done, ordered, pending = set(), [], list(steps)
    while pending:
        ready = [(n, e) for n, e in pending if {str(s) for s in e.free_symbols} & names <= done]
        if not ready:
            raise ValueError(f"one-hot rewriting: circular steps {[n for n, _ in pending]}")
        n, e = ready[0]
        ordered.append((n, e))
        done.add(n)
        pending.remove((n, e))
    return tuple(ordered)


def _set_at_one(expr, e, at: dict, elements: set):
    """(rest, value): expr = rest + c e with rest its form at e = 0 and value = expr at e = 1
    with the element values taken at the one (`at`); None if expr is not linear in e or the
    value reads an element value that has no copy there."""
    if split_linear(expr, e) is None:
        return None
    value = expr.xreplace({e: 1}).xreplace(at)
    if value.free_symbols & elements:
        return None
    return expr.xreplace({e: 0}), value


def gather_op(spec: KernelSpec, op: OpSpec) -> OpSpec:
    steps = list(op.temporaries + op.outputs)
    y = sp.Symbol(spec.target, real=True)
    if not any(e.has(y) for _, e in steps):
        return op
    x = sp.Symbol(spec.params[0], real=True)
    onehot = sp.Symbol(f"{spec.target}_onehot", real=True)
    # Element steps (those reading x) get a copy at the class, computed from the gathered x
    # the same way, so the rounding of e.g. shifted = x - max is kept.
    at = {x: sp.Symbol(f"{spec.params[0]}_at_class", real=True)}
    at_steps = [(str(at[x]), TakeClass(x, y))]
    out, used_at, used_onehot = [], False, False
    elements = {x, y}  # symbols with one value per element (not per row)
    for name, expr in steps:
        if expr.free_symbols & elements:
            elements.add(sp.Symbol(name, real=True))
        for atom in sorted(expr.atoms(RowSum), key=str):
            summand = atom.args[0]
            if not summand.has(y):
                continue
            split = split_linear(summand, y)
            if split is None:
                continue  # not linear in y: left to the one-hot rows below
            g, rest = split
            expr = expr.xreplace({atom: g.xreplace(at) + (RowSum(rest) if rest != 0 else 0)})
            used_at = True
        if expr.has(y) and not expr.has(SetAtClass):
            split = _set_at_one(expr, y, at, elements - set(at.values()))
            if split is None:
                expr = expr.xreplace({y: onehot})
                used_onehot = True
            else:
                expr, used_at = SetAtClass(split[0], y, split[1], x), True
        out.append((name, expr))
        if expr.free_symbols & set(at) and not expr.has(RowSum, SetAtClass):
            at[sp.Symbol(name, real=True)] = sp.Symbol(f"{name}_at_class", real=True)
            at_steps.append((f"{name}_at_class", expr.xreplace(at)))
    steps = ([(str(onehot), OneHotTarget(y, x))] if used_onehot else []) + (at_steps if used_at else []) + out
    keep = _needed(steps, op.outputs[-1][0])
    return OpSpec(op.name, (), _in_dependency_order([(n, e) for n, e in steps if n in keep]))


def gather_class_targets(spec: KernelSpec) -> KernelSpec:
    """The spec with every op rewritten for int64 class-index targets (other families unchanged)."""
    if spec.family.target.support is not Support.CLASS_INDEX:
        return spec
    return dataclasses.replace(spec, ops={name: gather_op(spec, op) for name, op in spec.ops.items()})


def set_factor_column(spec: KernelSpec) -> KernelSpec:
    """factor_column's output rest + c onehot -> SetAtColumn(rest, value at the column), with
    the element values at the column from the op's own OneHotColumn steps (and x there)."""
    op = spec.ops.get("factor_column")
    if op is None:
        return spec
    onehot = sp.Symbol("onehot", real=True)
    x = sp.Symbol(spec.params[0], real=True)
    steps = list(op.temporaries + op.outputs)
    at = {sp.Symbol(str(e.args[0]), real=True): sp.Symbol(n, real=True)
          for n, e in steps if isinstance(e, OneHotColumn) and e.args[0].is_Symbol}
    elements = {x}
    for n, e in steps:
        if e.free_symbols & elements and not isinstance(e, OneHotColumn):
            elements.add(sp.Symbol(n, real=True))
    name, expr = steps[-1]
    if x not in at:  # x at the column, as the row's own slice
        at[x] = sp.Symbol(f"{spec.params[0]}_at_column", real=True)
        steps.insert(0, (str(at[x]), OneHotColumn(x)))
    split = _set_at_one(expr, onehot, at, elements)
    if split is None:
        return spec
    steps[-1] = (name, SetAtColumn(split[0], split[1], x))
    keep = _needed(steps, name)
    ops = dict(spec.ops)
    ops["factor_column"] = OpSpec(op.name, (), _in_dependency_order([(n, e) for n, e in steps if n in keep]))
    return dataclasses.replace(spec, ops=ops)
