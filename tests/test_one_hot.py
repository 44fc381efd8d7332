"""One-hot rows in the NumPy ops (codegen/one_hot.py): class-index targets are gathered at
the class and the factor column is written at the column, instead of one-hot rows
multiplied in full; the helpers agree with explicit one-hot algebra."""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from natloss.codegen import driver
from natloss.codegen.one_hot import (OneHotTarget, SetAtClass, SetAtColumn, TakeClass, gather_class_targets,
                                     gather_op, set_factor_column)
from natloss.codegen.coupled import RowSum
from natloss.codegen.lower import OpSpec
from natloss.runtime import numpy_math as m


def _spec(name):
    return driver.compile_family(next(f for f in driver.builtin_families() if f.name == name))


def test_categorical_ops_gather_and_never_build_one_hot_rows():
    spec = gather_class_targets(_spec("categorical"))
    nll = dict(spec.ops["nll"].outputs)
    assert any(isinstance(e, TakeClass) for e in nll.values()), nll
    assert not any(e.has(RowSum) for e in nll.values()), "the nll's row sum is read at the class"
    assert "shifted" not in nll, "the full shifted row is not computed for the nll"
    grad = dict(spec.ops["grad"].outputs)
    assert isinstance(grad["grad0"], SetAtClass), grad
    for op in spec.ops.values():
        assert not any(e.has(OneHotTarget) for _, e in op.outputs), op.name


def test_other_families_are_unchanged():
    spec = _spec("one_hot_categorical")
    assert gather_class_targets(spec) is spec


def test_a_target_used_nonlinearly_falls_back_to_one_hot_rows():
    spec = _spec("categorical")
    x, y = sp.Symbol(spec.params[0], real=True), sp.Symbol(spec.target, real=True)
    op = OpSpec("nll", (), (("s", x * 2), ("nll", RowSum(s := sp.Symbol("s", real=True)) + RowSum(s * y * y))))
    out = dict(gather_op(spec, op).outputs)
    assert isinstance(out["y_onehot"], OneHotTarget) and out["nll"].has(sp.Symbol("y_onehot", real=True))


@pytest.mark.parametrize("family", ["categorical", "one_hot_categorical", "multinomial", "dirichlet"])
def test_factor_column_is_written_at_the_column(family):
    spec = set_factor_column(_spec(family))
    out = dict(spec.ops["factor_column"].outputs)
    assert isinstance(out["out0"], SetAtColumn), out["out0"]
    assert not any(e.has(sp.Symbol("onehot", real=True)) for e in out.values())


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_set_at_helpers_match_explicit_one_hot(dtype):
    rng = np.random.default_rng(0)
    like = rng.standard_normal((4, 3, 5)).astype(dtype)
    y = rng.integers(0, 5, (4, 3))
    onehot = (y[..., None] == np.arange(5)).astype(dtype)
    np.testing.assert_array_equal(m.one_hot(y, like), onehot)
    value = rng.standard_normal((4, 3, 1)).astype(dtype)
    a = rng.standard_normal((4, 3, 5)).astype(dtype)
    got = m.set_at_class(a.copy(), y, value, like)
    np.testing.assert_array_equal(got, a * (1 - onehot) + value * onehot)
    assert got.dtype == dtype
    col = (np.arange(5) == 2).astype(dtype)
    np.testing.assert_array_equal(m.set_at_column(a.copy(), 2, value, like), a * (1 - col) + value * col)
    # A scalar or row-shaped first argument is materialized at the full shape.
    np.testing.assert_array_equal(m.set_at_class(dtype(0.5), y, dtype(-1), like), 0.5 - 1.5 * onehot)
    np.testing.assert_array_equal(m.set_at_column(value, 2, dtype(0), like), np.broadcast_to(value, like.shape) * (1 - col))
