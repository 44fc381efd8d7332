"""Class-index targets in array code: gathered at the class, not expanded to one-hot rows.

A coupled family with `Support.CLASS_INDEX` has T_k(y) = [k == y]: its ops are derived
with y_k, an element of a one-hot row. The array backends keep the targets as int64
class indices of the batch shape instead (runtime/coupled.py), and this pass rewrites
the NumPy ops to match (the CUDA kernels do the same in codegen/cuda_coupled.py):

* a row sum linear in y, sum_k g_k y_k, is g at the class: the element inputs of g are
  gathered first (``TakeClass``), so the nll reads one logit per row;
* an element value linear in y, rest + c y_k (the gradient's p - y), is rest with c added
  at the class (``AddAtClass``);
* any other y_k becomes ``OneHotTarget``, one-hot rows built when the op runs.

Steps that the op's result no longer needs are dropped.
"""
from __future__ import annotations

import dataclasses

import sympy as sp

from natloss.codegen.coupled import RowSum
from natloss.codegen.family import Support
from natloss.codegen.lower import KernelSpec, OpSpec


class TakeClass(sp.Function):
    """TakeClass(x, y): x at the class y of each row, keeping a length-1 last axis."""

    nargs = 2


class OneHotTarget(sp.Function):
    """OneHotTarget(y, x): one-hot rows of the class indices y, shaped and typed like x."""

    nargs = 2


class AddAtClass(sp.Function):
    """AddAtClass(a, y, c, x): a (shaped like x) with c added at the class y of each row:
    a + c y_k for one-hot y, without forming the one-hot rows."""

    nargs = 4


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


def split_linear(expr, y):
    """(c, rest) with expr = rest + c y and neither depending on y, or None. `rest` keeps the
    structure of expr (y set to 0), so its rounding is that of the original expression."""
    c = sp.diff(expr, y)
    rest = expr.xreplace({y: 0})
    if c.has(y) or sp.expand(expr - rest - c * y) != 0:
        return None
    return c, rest


def _add_at_class(expr, y, x, at: dict, elements: set):
    """expr = rest + c y_k with c free of y -> (AddAtClass(rest, y, c at the class, x), whether
    c reads gathered values); (None, False) if it is not of that form."""
    split = split_linear(expr, y)
    if split is None:
        return None, False
    c, rest = split
    c_at = c.xreplace(at)
    if c_at.free_symbols & elements:
        return None, False  # c reads an element value that has no copy at the class
    return AddAtClass(rest, y, c_at, x), c_at != c


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
        if expr.has(y) and not expr.has(AddAtClass):
            added, gathered = _add_at_class(expr, y, x, at, elements)
            if added is None:
                expr = expr.xreplace({y: onehot})
                used_onehot = True
            else:
                expr, used_at = added, used_at or gathered
        out.append((name, expr))
        if expr.free_symbols & set(at) and not expr.has(RowSum, AddAtClass):
            at[sp.Symbol(name, real=True)] = sp.Symbol(f"{name}_at_class", real=True)
            at_steps.append((f"{name}_at_class", expr.xreplace(at)))
    steps = ([(str(onehot), OneHotTarget(y, x))] if used_onehot else []) + (at_steps if used_at else []) + out
    keep = _needed(steps, op.outputs[-1][0])
    return OpSpec(op.name, (), _in_dependency_order([(n, e) for n, e in steps if n in keep]))


def _in_dependency_order(steps: list) -> tuple:
    """The steps, each after the steps it reads (otherwise in the given order)."""
    names = {n for n, _ in steps}
    done, ordered, pending = set(), [], list(steps)
    while pending:
        ready = [(n, e) for n, e in pending if {str(s) for s in e.free_symbols} & names <= done]
        if not ready:
            raise ValueError(f"class-index gathering: circular steps {[n for n, _ in pending]}")
        n, e = ready[0]
        ordered.append((n, e))
        done.add(n)
        pending.remove((n, e))
    return tuple(ordered)


def gather_class_targets(spec: KernelSpec) -> KernelSpec:
    """The spec with every op rewritten for int64 class-index targets (other families unchanged)."""
    if spec.family.target.support is not Support.CLASS_INDEX:
        return spec
    return dataclasses.replace(spec, ops={name: gather_op(spec, op) for name, op in spec.ops.items()})
