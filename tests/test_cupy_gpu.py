"""The CuPy classes on a GPU against the NumPy classes, for every family, op and dtype.

Needs CuPy and a CUDA device; otherwise the whole module is skipped with the reason
(see it with pytest -rs). Weight, mask, per-case hyper arrays, non-contiguous inputs,
an empty batch and the backend dispatch of `natloss.generated.<Class>` are included.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np
import pytest

try:
    import cupy as cp

    _count = cp.cuda.runtime.getDeviceCount()
    if _count < 1:
        raise RuntimeError("cupy.cuda.runtime.getDeviceCount() is 0")
except Exception as exc:  # ImportError, CUDARuntimeError without a driver, ...
    pytest.skip(f"no GPU: {type(exc).__name__}: {exc}", allow_module_level=True)

sys.path.insert(0, str(Path(__file__).resolve().parent))

import references as ref  # noqa: E402

# Scalar, dense and componentwise families; the coupled classes are tested in test_cuda_coupled.py.
from natloss.codegen.components import is_coupled  # noqa: E402

pytestmark = pytest.mark.families.with_args(lambda family: not is_coupled(family))
from natloss.codegen.backends.cuda import kernels as cb  # noqa: E402
from natloss.codegen import driver  # noqa: E402

BATCH = (64, 3)
_SPECS: dict = {}


def _spec(family):
    if family.name not in _SPECS:
        _SPECS[family.name] = driver.compile_family(family)
    spec = _SPECS[family.name]
    if not cb.supported(spec):
        pytest.skip(f"{family.name}: {cb.unsupported_reason(spec)} (TODO)")
    return spec


def _cupy_class(family):
    return getattr(importlib.import_module(f"natloss.generated.cupy.{family.name}"), family.class_name)


def _get(x):
    if isinstance(x, tuple):
        return tuple(_get(p) for p in x)
    return cp.asnumpy(x) if isinstance(x, cp.ndarray) else np.asarray(x)


def _to_gpu(x):
    if isinstance(x, tuple):
        return tuple(_to_gpu(p) for p in x)
    return cp.asarray(x) if isinstance(x, np.ndarray) else x


def assert_close(got, want, dtype, what):
    got, want = _get(got), _get(want)
    if isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want), what
        for i, (g, w) in enumerate(zip(got, want)):
            assert_close(g, w, dtype, f"{what}[{i}]")
        return
    assert np.shape(got) == np.shape(want), f"{what}: shape {np.shape(got)} != {np.shape(want)}"
    assert got.dtype == want.dtype or np.dtype(got.dtype) == np.dtype(dtype), f"{what}: dtype {got.dtype}"
    eps = np.finfo(dtype).eps
    g, w = np.asarray(got, np.float64).ravel(), np.asarray(want, np.float64).ravel()
    scale = np.max(np.abs(w)) if w.size else 0.0
    bound = 256 * eps * np.abs(w) + 64 * eps * scale
    bad = ~(np.abs(g - w) <= bound)
    assert not bad.any(), f"{what} ({np.dtype(dtype).name}): {bad.sum()} of {bad.size} differ; first {np.argmax(bad)}:" \
                          f" got {g[np.argmax(bad)]!r}, want {w[np.argmax(bad)]!r}"


def _pair(family, hypers, dtype, seed=0, per_case_hypers=False, weight=0.7):
    rng = np.random.default_rng(seed)
    params = ref.draw_params(family, BATCH, rng, dtype)
    np_cls = ref.loss_class(family)
    y = ref.make_loss(np_cls, params, hypers).sample(seed + 1)
    h = dict(hypers)
    if per_case_hypers:
        step = np.arange(int(np.prod(BATCH))).reshape(BATCH) % 3
        h = {x.name: ((hypers[x.name] + step) if x.integer
                      else hypers[x.name] * (1 + 0.1 * ref.per_case_step_sign(family, x) * step)).astype(dtype)
             for x in family.hypers}
    mask = (rng.random(BATCH) < 0.7).astype(dtype)
    kwargs = dict(targets=y, mask=mask, weight=weight)
    a = ref.make_loss(np_cls, params, h, **kwargs)
    b = ref.make_loss(_cupy_class(family), [cp.asarray(p) for p in params], {k: _to_gpu(v) for k, v in h.items()},
                      **{k: _to_gpu(v) for k, v in kwargs.items()})
    return a, b, rng


def _compare_all(family, a, b, rng, dtype, label):
    spec = _spec(family)
    d = spec.dim
    what = f"{family.name}[{label}]"
    assert type(b).__name__ == type(a).__name__
    assert_close(b.nll(), a.nll(), dtype, f"{what} nll")
    assert_close(b.log_prob(), a.log_prob(), dtype, f"{what} log_prob")
    assert_close(b.evaluate(), a.evaluate(), dtype, f"{what} evaluate")
    assert_close(b.grad_of_evaluate(), a.grad_of_evaluate(), dtype, f"{what} grad_of_evaluate")
    assert_close(b.mean_sufficient_statistic(), a.mean_sufficient_statistic(), dtype, f"{what} mean")
    pshape = ref.param_shape(family, BATCH)
    v = ref.public([rng.standard_normal(pshape).astype(dtype) for _ in range(d)], d)
    u = rng.standard_normal(a.fisher_factor_inner_shape).astype(dtype)
    for prefix in ("fisher", "hessian", "ggn"):
        assert_close(getattr(b, f"multiply_{prefix}")(_to_gpu(v)), getattr(a, f"multiply_{prefix}")(v), dtype,
                     f"{what} multiply_{prefix}")
        assert_close(getattr(b, f"multiply_{prefix}_factor")(cp.asarray(u)),
                     getattr(a, f"multiply_{prefix}_factor")(u), dtype, f"{what} multiply_{prefix}_factor")
        assert_close(getattr(b, f"multiply_{prefix}_factor_transpose")(_to_gpu(v)),
                     getattr(a, f"multiply_{prefix}_factor_transpose")(v), dtype,
                     f"{what} multiply_{prefix}_factor_transpose")
    index = (1,) if d == 1 else (1, d - 1)
    if family.is_vector:  # componentwise: the batch axis, then the component, then the parameter
        index = (1, ref.K - 1) + index[1:]
    assert_close(b.multiply_fisher_factor_replicated_one_hot(index), a.multiply_fisher_factor_replicated_one_hot(index),
                 dtype, f"{what} replicated_one_hot")
    for weighted in (True, False):
        assert_close(b.per_case_fisher(weighted), a.per_case_fisher(weighted), dtype, f"{what} per_case_fisher")
    # the private contract (runtime/base.py), unweighted
    assert_close(b._factor_product(cp.asarray(u), b._unit_weighting()),
                 a._factor_product(u, a._unit_weighting()), dtype, f"{what} _factor_product")
    assert_close(b._factor_transpose_product(_to_gpu(ref.parts(v, d)), b._unit_weighting()),
                 a._factor_transpose_product(ref.parts(v, d), a._unit_weighting()), dtype, f"{what} _factor_transpose_product")


def test_cupy_matches_numpy(family, hypers, dtype):
    _spec(family)
    a, b, rng = _pair(family, hypers, dtype)
    _compare_all(family, a, b, rng, dtype, "scalar hypers")
    if family.hypers:
        a, b, rng = _pair(family, hypers, dtype, seed=1, per_case_hypers=True)
        _compare_all(family, a, b, rng, dtype, "per-case hypers")


def test_cupy_per_case_weights(family, dtype):
    """weight as an array of the batch shape (zeros included): the kernels run with scale 1 and
    the CuPy side multiplies by w_i (sqrt(w_i) for the factor); the NumPy class is the reference."""
    _spec(family)
    hypers = {h.name: h.default for h in family.hypers}
    w = np.random.default_rng(8).uniform(0, 3, BATCH)
    w[0, 0] = 0.0
    a, b, rng = _pair(family, hypers, dtype, seed=8, weight=w)
    assert isinstance(b.weight, cp.ndarray) and b.weight.dtype == dtype
    _compare_all(family, a, b, rng, dtype, "per-case weights")
    if cp.ndarray is not np.ndarray:  # on a GPU (the host stand-in's arrays are NumPy's): NumPy weights are refused
        with pytest.raises(TypeError, match="weight"):
            ref.make_loss(_cupy_class(family), [cp.asarray(p) for p in a._params], hypers, weight=w)


def test_cupy_non_contiguous_and_empty(family, dtype):
    spec = _spec(family)
    hypers = {h.name: h.default for h in family.hypers}
    rng = np.random.default_rng(4)
    params = ref.draw_params(family, (40, 6), rng, dtype)
    np_cls, cp_cls = ref.loss_class(family), _cupy_class(family)
    y = ref.make_loss(np_cls, params, hypers).sample(5)
    sliced = [p[::2, ::3] for p in params]
    a = ref.make_loss(np_cls, sliced, hypers, targets=y[::2, ::3], weight=2.0)
    b = ref.make_loss(cp_cls, [cp.asarray(p)[::2, ::3] for p in params], hypers, targets=cp.asarray(y)[::2, ::3],
                      weight=2.0)
    assert_close(b.evaluate(), a.evaluate(), dtype, f"{family.name} strided evaluate")
    v = ref.public([np.ascontiguousarray(rng.standard_normal(ref.param_shape(family, (40, 6)))[::2, ::3]).astype(dtype)
                    for _ in range(spec.dim)], spec.dim)
    vg = ref.public([cp.asarray(p) for p in ref.parts(v, spec.dim)], spec.dim)
    assert_close(b.multiply_fisher(vg), a.multiply_fisher(v), dtype, f"{family.name} strided F v")
    empty = [cp.asarray(p[:0]) for p in params]
    e = ref.make_loss(cp_cls, empty, hypers, targets=cp.asarray(y[:0]))
    assert float(e.evaluate()) == 0.0
    assert e.nll().shape == (0, 6)


def test_cupy_sampling(family, dtype):
    spec = _spec(family)
    hypers = {h.name: h.default for h in family.hypers}
    params = ref.draw_params(family, (4,), np.random.default_rng(2), dtype)
    big = [np.repeat(p, 20000, axis=0) for p in params]
    b = ref.make_loss(_cupy_class(family), [cp.asarray(p) for p in big], hypers)
    a = ref.make_loss(ref.loss_class(family), big, hypers)
    s1, s2 = b.sample(7), b.sample(cp.random.default_rng(7))
    assert isinstance(s1, cp.ndarray) and s1.shape == a.sample(7).shape and s1.dtype == a.sample(7).dtype
    assert bool((s1 == s2).all()), "an int seed and default_rng(seed) give the same draws"
    b.check_targets(s1)  # inside the support
    # The sample mean of T(y) against the mean statistic, per parameter setting (4 settings x 20000 draws).
    t = ref.sufficient_statistic(family, cp.asnumpy(s1), hypers).reshape(4, 20000, -1)
    m = ref.flat_input(_get(b.mean_sufficient_statistic()), spec.dim, 1).reshape(4, 20000, -1)[:, 0]
    sd = t.std(axis=1)
    assert np.all(np.abs(t.mean(axis=1) - m) <= 6 * sd / np.sqrt(20000) + 1e-6 * np.abs(m)), (t.mean(axis=1), m)
    float(b.evaluate_on_sample(3))
    assert len(b.grad_of_evaluate_on_sample(3) if spec.dim > 1 else (b.grad_of_evaluate_on_sample(3),)) == spec.dim


def test_cupy_masked_case_is_a_select(family, dtype):
    """A vector that is NaN at a masked-out case: the kernels give exactly 0 there (a select, not
    0 * NaN), and the NumPy class's values elsewhere."""
    spec = _spec(family)
    d = spec.dim
    hypers = {h.name: h.default for h in family.hypers}
    a, b, rng = _pair(family, hypers, dtype, seed=3)
    pshape, batch = tuple(a._params[0].shape), a.batch_shape
    first = (0,) * len(batch)  # a case (a row of components for a componentwise family)
    v = [rng.standard_normal(pshape).astype(dtype) for _ in range(d)]
    v_nan = [x.copy() for x in v]
    for x in v_nan:
        x[first] = np.nan
    u = rng.standard_normal(a.fisher_factor_inner_shape).astype(dtype)
    u_nan = u.copy()
    u_nan[first] = np.nan
    mask = np.ones(batch, dtype=dtype)
    mask[first] = 0
    a = ref.make_loss(ref.loss_class(family), list(a._params), hypers, targets=a.targets, mask=mask, weight=0.7)
    b = ref.make_loss(_cupy_class(family), [cp.asarray(p) for p in a._params], hypers, targets=cp.asarray(a.targets),
                      mask=cp.asarray(mask), weight=0.7)
    for method, vec, vec_nan in (("multiply_fisher", ref.public(v, d), ref.public(v_nan, d)),
                                 ("multiply_fisher_factor_transpose", ref.public(v, d), ref.public(v_nan, d)),
                                 ("multiply_fisher_factor", u, u_nan)):
        got = _get(getattr(b, method)(_to_gpu(vec_nan)))
        want = getattr(a, method)(vec)
        for g, w in zip(got if isinstance(got, tuple) else (got,), want if isinstance(want, tuple) else (want,)):
            assert np.all(g[first] == 0), (family.name, method, g[first])
            assert_close(np.where(np.isnan(g), 0, g), w, dtype, f"{family.name} {method} with NaN at a masked case")


@pytest.mark.parametrize(("name", "param", "hypers"), [
    ("poisson", 50.0, {}), ("geometric", -1e-300, {}), ("geometric", -1e-12, {}),
    ("negative_binomial", -1e-300, {"failures": 2.5}), ("negative_binomial", -1.0, {"failures": 1e300})])
def test_cupy_sampling_at_legal_extremes(name, param, hypers):
    """Counts past int64 come back as float64 integers with the right mean (as the NumPy sampler's)."""
    family = next(f for f in driver.builtin_families() if f.name == name)
    n = 4000
    b = ref.make_loss(_cupy_class(family), [cp.full(n, param)], hypers)
    draws_ = _get(b.sample(3)).astype(np.float64)
    assert np.all(np.isfinite(draws_)) and np.all(draws_ == np.floor(draws_))
    mean = _get(b.mean_sufficient_statistic())[0]
    sd = np.sqrt(_get(b.multiply_fisher(cp.ones(n)))[0])  # Var[y] = F for T = y
    assert abs(draws_.mean() - mean) <= 5 * sd / np.sqrt(n) + 1e-12 * mean, (draws_.mean(), mean, sd)
    assert np.isfinite(float(b.evaluate_on_sample(4)))


def test_cupy_binomial_refuses_trials_past_int64():
    family = next(f for f in driver.builtin_families() if f.name == "binomial")
    loss = ref.make_loss(_cupy_class(family), [cp.zeros(3)], {"trials": 1e20})
    with pytest.raises(ValueError, match=r"2\*\*63 - 1"):
        loss.sample(0)


def test_dispatch_builds_the_cupy_class(family):
    _spec(family)
    if cp.ndarray is np.ndarray:
        pytest.skip("the host stand-in for cupy (tests/test_cuda_codegen.py) has NumPy arrays: nothing to dispatch")
    import natloss.generated as generated

    params = ref.draw_params(family, (5,), np.random.default_rng(0), np.float32)
    hypers = {h.name: h.default for h in family.hypers}
    loss = getattr(generated, family.class_name)(*[cp.asarray(p) for p in params], **hypers)
    assert type(loss).__module__ == f"natloss.generated.cupy.{family.name}"
    assert isinstance(loss.nll(loss.sample(0)), cp.ndarray)
