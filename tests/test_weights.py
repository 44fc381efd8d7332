"""Per-case weights: `weight` may be an array of the batch shape, for every family and
parametrization (NumPy backend; the CuPy classes in test_cupy_gpu.py / test_cuda_coupled.py).

References are independent of the weighting code:

* explicit algebra on the unweighted, unmasked loss: evaluate = sum_i w_i m_i nll_i, the
  gradient, F, GGN and Hessian products w_i m_i times the unweighted ones, B, B^T and the
  replicated one-hot sqrt(w_i) m_i times them;
* frequency weights are repeated cases: a loss with integer weights w_i equals the loss over
  a batch where case i appears w_i times (sums over the copies);
* the input rules: shape exactly the batch shape, real dtypes, finite and >= 0, integers exact
  in the loss's dtype, reals rounded to it, errors naming `weight`.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

import natloss.generated.numpy as G
import references as ref
from natloss.codegen.driver import builtin_families, builtin_parametrizations
from natloss.runtime import NatlossInputError, NatlossTypeError

DECLARATIONS = builtin_families() + builtin_parametrizations()
IDS = [d.name for d in DECLARATIONS]
BY_NAME = {d.name: d for d in DECLARATIONS}


def _is_vector(decl) -> bool:
    return bool(getattr(decl, "is_vector", False))


def _params(decl, batch, rng, dtype):
    shape = tuple(batch) + ((ref.K,) if _is_vector(decl) else ())
    return [ref.draw_param(p.domain, rng, shape).astype(dtype) for p in decl.params]


def _setup(decl, batch, dtype, seed):
    cls = getattr(G, decl.class_name)
    rng = np.random.default_rng(seed)
    params = _params(decl, batch, rng, dtype)
    y = cls(*params).sample(seed + 1)
    return cls, params, y, rng


def _expand(case_values, x):
    """Per-case values broadcast against an output whose leading axes are the batch axes."""
    case_values = np.asarray(case_values, dtype=np.float64)
    return case_values.reshape(case_values.shape + (1,) * (np.ndim(x) - case_values.ndim))


def _parts(x):
    return x if isinstance(x, tuple) else (x,)


def _close(got, want, factor, dtype, what):
    """got == factor_i * want per case (float64 reference of the unweighted output)."""
    eps = float(np.finfo(dtype).eps)
    for g, w in zip(_parts(got), _parts(want)):
        assert g.dtype == dtype and g.shape == w.shape, (what, g.dtype, g.shape, w.shape)
        expected = _expand(factor, w) * w.astype(np.float64)
        np.testing.assert_allclose(g, expected, rtol=4 * eps, atol=4 * eps * float(np.abs(expected).max(initial=0)),
                                   err_msg=what)


@pytest.mark.parametrize("decl", DECLARATIONS, ids=IDS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64], ids=["f32", "f64"])
def test_per_case_weights_scale_each_case(decl, dtype):
    batch = (4, 3)
    cls, params, y, rng = _setup(decl, batch, dtype, seed=11)
    w = rng.uniform(0.0, 3.0, batch)
    w[0, 1] = 0.0  # a zero weight: the case contributes 0 (its values are finite)
    mask01 = rng.uniform(size=batch) < 0.7
    mask01[0, 0] = False
    loss = cls(*params, targets=y, mask=mask01, weight=w)
    plain = cls(*params, targets=y)
    wq = w.astype(dtype).astype(np.float64)  # the weights as the loss holds them
    np.testing.assert_array_equal(loss.weight, w.astype(dtype))
    scale, root = wq * mask01, np.sqrt(wq) * mask01

    eps = float(np.finfo(dtype).eps)
    nll = plain.nll().astype(np.float64)
    terms = float(np.sum(np.abs(scale * nll)))
    assert float(loss.evaluate()) == pytest.approx(float(np.sum(scale * nll)), rel=0, abs=64 * eps * terms + 1e-300)
    np.testing.assert_array_equal(loss.nll(), plain.nll())  # per-case values stay unweighted
    _close(loss.grad_of_evaluate(), plain.grad_of_evaluate(), scale, dtype, "grad")

    d = len(cls.param_names)
    pshape = tuple(params[0].shape)
    vec = tuple(rng.standard_normal(pshape).astype(dtype) for _ in range(d))
    vec = vec if d > 1 else vec[0]
    u = rng.standard_normal(tuple(loss.fisher_factor_inner_shape)).astype(dtype)
    index = tuple(n - 1 for n in loss.fisher_factor_inner_shape[1:])
    for name in ("fisher", "ggn", "hessian"):
        _close(getattr(loss, f"multiply_{name}")(vec), plain.multiply_hessian(vec) if name == "hessian"
               else plain.multiply_fisher(vec), scale, dtype, f"multiply_{name}")
    for name in ("fisher", "ggn"):
        _close(getattr(loss, f"multiply_{name}_factor")(u), plain.multiply_fisher_factor(u), root, dtype, f"{name} B u")
        _close(getattr(loss, f"multiply_{name}_factor_transpose")(vec), plain.multiply_fisher_factor_transpose(vec),
               root, dtype, f"{name} B^T v")
        _close(getattr(loss, f"multiply_{name}_factor_replicated_one_hot")(index),
               plain.multiply_fisher_factor_replicated_one_hot(index), root, dtype, f"{name} one-hot")
    # Masked-out cases are exactly 0, whatever their weight.
    for out in (loss.grad_of_evaluate(), loss.multiply_fisher(vec), loss.multiply_fisher_factor(u)):
        for part in _parts(out):
            assert np.all(part[~mask01] == 0)
    # On sample: the same draws as the unweighted loss (same seed), weighted per case.
    ys = plain.sample(13)
    nll_s = plain.nll(ys).astype(np.float64)
    assert float(loss.evaluate_on_sample(13)) == pytest.approx(
        float(np.sum(scale * nll_s)), rel=0, abs=64 * eps * float(np.sum(np.abs(scale * nll_s))) + 1e-300)
    _close(loss.grad_of_evaluate_on_sample(14), plain.grad_of_evaluate_on_sample(14), scale, dtype, "grad on sample")


@pytest.mark.parametrize("decl", DECLARATIONS, ids=IDS)
def test_frequency_weights_are_repeated_cases(decl):
    """Integer weights w_i give the loss of the batch in which case i appears w_i times."""
    cls, params, y, rng = _setup(decl, (6,), np.float64, seed=21)
    w = np.array([0, 1, 2, 3, 1, 2])
    copies = np.repeat(np.arange(6), w)
    loss = cls(*params, targets=y, weight=w)
    rep = cls(*[p[copies] for p in params], targets=y[copies])

    def summed(x):  # the copies' per-case rows summed back onto their case
        out = np.zeros((6,) + x.shape[1:])
        np.add.at(out, copies, x)
        return out

    assert float(loss.evaluate()) == pytest.approx(float(rep.evaluate()), rel=1e-13)
    d = len(cls.param_names)
    vec = tuple(rng.standard_normal(params[0].shape) for _ in range(d))
    rep_vec = tuple(v[copies] for v in vec)
    pub = (lambda t: t if d > 1 else t[0])  # noqa: E731
    for method in ("grad_of_evaluate", "multiply_fisher", "multiply_hessian"):
        got = loss.grad_of_evaluate() if method == "grad_of_evaluate" else getattr(loss, method)(pub(vec))
        want = rep.grad_of_evaluate() if method == "grad_of_evaluate" else getattr(rep, method)(pub(rep_vec))
        for g, r in zip(_parts(got), _parts(want)):
            np.testing.assert_allclose(g, summed(r), rtol=1e-13, atol=1e-13 * np.abs(r).max(), err_msg=method)
    # The factor carries sqrt(w_i): |sqrt(w_i) B_i^T v_i|^2 is the sum of |B_i^T v_i|^2 over the copies.
    def per_case_square(x):
        return np.sum(np.reshape(x, (x.shape[0], -1)) ** 2, axis=1)

    np.testing.assert_allclose(per_case_square(loss.multiply_fisher_factor_transpose(pub(vec))),
                               summed(per_case_square(rep.multiply_fisher_factor_transpose(pub(rep_vec)))), rtol=1e-13)
    got, want = loss.per_case_fisher(), rep.per_case_fisher()
    if hasattr(got, "dense"):
        got, want = got.dense(), want.dense()
    np.testing.assert_allclose(got, summed(want), rtol=1e-13, atol=1e-13 * np.abs(want).max())


@pytest.mark.parametrize("name", ["poisson", "normal", "categorical", "multivariate_normal_diag",
                                  "normal_mean_log_scale", "gamma_log_mean"])
def test_weight_inputs_refused_with_the_argument_named(name):
    decl = BY_NAME[name]
    cls, params, y, _ = _setup(decl, (3, 2), np.float64, seed=3)
    batch = (3, 2)
    good = np.ones(batch)
    k_shape = tuple(params[0].shape)

    def make(weight, dtype=np.float64):
        return cls(*[p.astype(dtype) for p in params], targets=y, weight=weight)

    cases = [
        (NatlossInputError, "negative", lambda: make(np.where(np.arange(6).reshape(batch) == 4, -0.5, 1.0))),
        (NatlossInputError, "non-finite", lambda: make(np.full(batch, np.nan))),
        (NatlossInputError, "non-finite", lambda: make(np.full(batch, np.inf))),
        (NatlossInputError, "batch shape", lambda: make(np.ones(batch[:1]))),
        (NatlossInputError, "batch shape", lambda: make(np.ones(batch[::-1]))),
        (NatlossInputError, "batch shape", lambda: make(np.ones(batch + (1,)))),
        (NatlossInputError, "batch shape", lambda: make(np.ones((1,) + batch))),
        (NatlossTypeError, "mask=", lambda: make(good.astype(bool))),
        (NatlossTypeError, "real", lambda: make(good.astype(complex))),
        (NatlossTypeError, "real", lambda: make(good.astype(object))),
        (NatlossTypeError, "real", lambda: make(good.tolist())),
        (NatlossTypeError, "masked", lambda: make(np.ma.masked_array(good, mask=good == 0))),
        (NatlossTypeError, "matrix", lambda: make(np.asmatrix(good))),
        (NatlossInputError, "exactly representable", lambda: make(np.full(batch, 2**24 + 1), np.float32)),
        (NatlossInputError, "float32", lambda: make(np.full(batch, 1e300), np.float32)),
        (NatlossInputError, "negative", lambda: make(np.full(batch, -1, dtype=np.int64))),
        (NatlossInputError, "finite", lambda: make(-0.5)),
    ]
    if k_shape != batch:  # coupled and componentwise: the parameters' shape is not the batch shape
        cases.append((NatlossInputError, "batch shape", lambda: make(np.ones(k_shape))))
    for error, phrase, thunk in cases:
        with pytest.raises(error) as info:
            thunk()
        message = str(info.value)
        assert message.startswith("weight:") and phrase in message, message


def test_weight_dtype_rules_and_scalars():
    cls = G.PoissonNegativeLogProbLoss
    x32 = np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3)
    # reals are rounded to the loss's dtype, as a real hyper-parameter array is
    w64 = np.full((2, 3), 0.1)
    loss = cls(x32, weight=w64)
    assert loss.weight.dtype == np.float32 and np.array_equal(loss.weight, w64.astype(np.float32))
    # integers are frequency counts: exact in the loss's dtype (2**24 in float32, 2**53 + 1 in float64 is not)
    assert cls(x32, weight=np.full((2, 3), 2**24)).weight[0, 0] == 2**24
    assert cls(x32.astype(np.float64), weight=np.full((2, 3), 2**24 + 1)).weight[0, 0] == 2**24 + 1
    with pytest.raises(NatlossInputError, match="weight"):
        cls(x32.astype(np.float64), weight=np.full((2, 3), 2**53 + 1, dtype=np.int64))
    for dt in (np.uint8, np.int32, np.uint64, np.float16, np.float32):
        assert cls(x32, weight=np.ones((2, 3), dtype=dt)).weight.dtype == np.float32
    # a scalar in any real form is one weight for every case (a float), as before
    for scalar in (2, 2.0, np.float32(2), np.int64(2), np.array(2.0), np.array(2, dtype=np.uint8)):
        loss = cls(x32, weight=scalar)
        assert isinstance(loss.weight, float) and loss.weight == 2.0
    # a batch of shape (): a 0-d array is the scalar weight
    assert cls(np.float64(0.5) * np.ones(()), weight=np.array(3.0)).weight == 3.0
    # the scalar and the constant array give the same results
    y = cls(x32).sample(0)
    a, b = cls(x32, targets=y, weight=0.3), cls(x32, targets=y, weight=np.full((2, 3), 0.3))
    v = np.ones((2, 3), dtype=np.float32)
    for method in ("grad_of_evaluate", "multiply_fisher", "multiply_fisher_factor"):
        got = getattr(b, method)() if method == "grad_of_evaluate" else getattr(b, method)(v)
        want = getattr(a, method)() if method == "grad_of_evaluate" else getattr(a, method)(v)
        np.testing.assert_array_equal(got, want)
    assert float(b.evaluate()) == pytest.approx(float(a.evaluate()), rel=4 * float(np.finfo(np.float32).eps))


def test_weight_arrays_are_copied_and_read_only():
    cls = G.NormalNegativeLogProbLoss
    m, p = np.zeros(4), -np.ones(4)
    w = np.array([1.0, 2.0, 0.0, 3.0])
    loss = cls(m, p, targets=np.ones(4), weight=w)
    w[0] = 100.0  # the caller's array is not the loss's
    assert loss.weight[0] == 1.0
    got = loss.weight
    got[1] = -5.0  # a copy
    assert loss.weight[1] == 2.0 and not loss._weight.flags.writeable
    assert float(loss.evaluate()) == pytest.approx(float(np.sum(np.array([1.0, 2.0, 0.0, 3.0]) * loss.nll())))
    assert "per case" in repr(loss)


def test_zero_weight_and_mask_are_different():
    """A zero weight multiplies (0 * value); a mask selects (exactly 0 even where the value is NaN)."""
    cls = G.PoissonNegativeLogProbLoss
    x = np.zeros(3)
    v = np.array([np.nan, 1.0, 1.0])
    weighted = cls(x, weight=np.array([0.0, 1.0, 1.0])).multiply_fisher(v)
    masked = cls(x, mask=np.array([0, 1, 1])).multiply_fisher(v)
    assert np.isnan(weighted[0]) and masked[0] == 0.0
    np.testing.assert_array_equal(weighted[1:], masked[1:])
