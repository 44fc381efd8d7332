"""Class-index targets (codegen/class_targets.py): the NumPy ops gather at the class instead
of reading one-hot rows, and the helpers they call agree with explicit one-hot algebra."""
from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from natloss.codegen import driver
from natloss.codegen.class_targets import AddAtClass, OneHotTarget, TakeClass, gather_class_targets, gather_op
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
    assert isinstance(grad["grad0"], AddAtClass), grad
    for op in spec.ops.values():
        assert not any(e.has(OneHotTarget) for _, e in op.outputs), op.name


def test_other_families_are_unchanged():
    spec = _spec("one_hot_categorical")
    assert gather_class_targets(spec) is spec


def test_a_target_used_nonlinearly_falls_back_to_one_hot_rows():
    spec = _spec("categorical")
    x, y = sp.symbols("logits y", real=True)
    op = OpSpec("nll", (), (("s", x * 2), ("nll", RowSum(s := sp.Symbol("s", real=True)) + RowSum(s * y * y))))
    out = dict(gather_op(spec, op).outputs)
    assert isinstance(out["y_onehot"], OneHotTarget) and out["nll"].has(sp.Symbol("y_onehot", real=True))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_add_at_class_and_one_hot_match_explicit_one_hot(dtype):
    rng = np.random.default_rng(0)
    like = rng.standard_normal((4, 3, 5)).astype(dtype)
    y = rng.integers(0, 5, (4, 3))
    onehot = (y[..., None] == np.arange(5)).astype(dtype)
    np.testing.assert_array_equal(m.one_hot(y, like), onehot)
    c = rng.standard_normal((4, 3, 1)).astype(dtype)
    a = rng.standard_normal((4, 3, 5)).astype(dtype)
    want = a + c * onehot
    got = m.add_at_class(a.copy(), y, c, like)
    np.testing.assert_array_equal(got, want)
    assert got.dtype == dtype
    # A scalar or broadcast first argument is materialized at the full shape.
    np.testing.assert_array_equal(m.add_at_class(dtype(0.5), y, -1.0, like), 0.5 - onehot)
