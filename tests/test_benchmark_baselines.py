"""The GPU benchmark's baseline for the coupled families (benchmarks/coupled_transcriptions.py),
run with NumPy/SciPy, against the NumPy classes (themselves checked against finite
differences, SciPy and mpmath in the other tests): a wrong baseline would make the
benchmark's ratios and its agreement column meaningless."""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import special

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import coupled_transcriptions as ct  # noqa: E402

CASES = [("categorical", {}), ("one_hot_categorical", {}), ("multinomial", {"trials": 5}), ("dirichlet", {})]
CLASS = {
    "categorical": "CategoricalLogitsNegativeLogProbLoss",
    "one_hot_categorical": "OneHotCategoricalLogitsNegativeLogProbLoss",
    "multinomial": "MultinomialLogitsNegativeLogProbLoss",
    "dirichlet": "DirichletNegativeLogProbLoss",
}


def _case(name, hypers, rows=6, K=5):
    rng = np.random.default_rng(3)
    cls = getattr(importlib.import_module(f"natloss.generated.numpy.{name}"), CLASS[name])
    x = np.exp(0.7 * rng.standard_normal((rows, K))) if name == "dirichlet" else 2.0 * rng.standard_normal((rows, K))
    y = cls(x, **hypers).sample(seed=4)
    dense = y if name == "categorical" else y.astype(float)  # class indices stay indices
    mask = (rng.random(rows) < 0.7).astype(float)
    loss = cls(x, targets=y, mask=mask, weight=0.3, **hypers)
    base = ct.transcription(name, np, special, x, dense, hypers)
    return loss, base, mask, rng


@pytest.mark.parametrize("name,hypers", CASES, ids=[c[0] for c in CASES])
def test_coupled_transcription_matches_the_numpy_class(name, hypers):
    loss, base, mask, rng = _case(name, hypers)
    v, u = rng.standard_normal(base.x.shape), rng.standard_normal(loss.fisher_factor_inner_shape)
    tol = dict(rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(base.evaluate(mask, 0.3), loss.evaluate(), **tol)
    np.testing.assert_allclose(base.grad(mask, 0.3), loss.grad_of_evaluate(), **tol)
    np.testing.assert_allclose(base.mean(), loss.mean_sufficient_statistic(), **tol)
    np.testing.assert_allclose(base.fisher_product(v, mask, 0.3), loss.multiply_fisher(v), **tol)
    np.testing.assert_allclose(base.factor_product(u, mask, 0.3), loss.multiply_fisher_factor(u), **tol)
    np.testing.assert_allclose(base.factor_transpose_product(v, mask, 0.3),
                               loss.multiply_fisher_factor_transpose(v), **tol)


@pytest.mark.parametrize("name,hypers", CASES, ids=[c[0] for c in CASES])
def test_coupled_transcription_factor_squares_to_its_fisher(name, hypers):
    # Independent of natloss: B (B^T v) = F v within the transcription itself.
    _, base, _, rng = _case(name, hypers)
    v = rng.standard_normal(base.x.shape)
    np.testing.assert_allclose(base.factor_product(base.factor_transpose_product(v)), base.fisher_product(v),
                               rtol=1e-12, atol=1e-12)


# --------------------------------------------------------------------- gpu_bench.py on the host
class _Event:
    def record(self):
        import time

        self.t = time.perf_counter()

    def synchronize(self):
        pass


def _host_cupy():
    """NumPy dressed as the parts of CuPy that gpu_bench.py uses (events timed on the host)."""
    import types

    cp = types.ModuleType("cupy")
    for name in dir(np):
        if not name.startswith("__"):
            setattr(cp, name, getattr(np, name))
    cp.asnumpy = np.asarray
    cp.get_default_memory_pool = lambda: types.SimpleNamespace(free_all_blocks=lambda: None)
    cp.cuda = types.SimpleNamespace(
        Event=_Event,
        get_elapsed_time=lambda a, b: (b.t - a.t) * 1e3,
        Device=lambda *a: types.SimpleNamespace(id=0, synchronize=lambda: None),
        runtime=types.SimpleNamespace(getDeviceCount=lambda: 1, getDeviceProperties=lambda i: {"name": b"host"}),
    )
    return cp


@pytest.fixture
def gpu_bench_on_host(monkeypatch):
    """gpu_bench with NumPy as cupy and the NumPy classes in place of the CuPy ones: it checks
    the benchmark's plumbing and its baselines (the 'rel. diff' column) without a GPU."""
    import types

    cp = _host_cupy()
    cupyx = types.ModuleType("cupyx")
    cupyx.scipy = types.ModuleType("cupyx.scipy")
    cupyx.scipy.special = special
    for name, module in (("cupy", cp), ("cupyx", cupyx), ("cupyx.scipy", cupyx.scipy),
                         ("cupyx.scipy.special", special)):
        monkeypatch.setitem(sys.modules, name, module)
    import gpu_bench

    real_import = importlib.import_module
    monkeypatch.setattr(gpu_bench.importlib, "import_module",
                        lambda name: real_import(name.replace("natloss.generated.cupy.", "natloss.generated.numpy.")))
    return gpu_bench, cp


def _families(vector):
    from natloss.codegen import driver

    from natloss.codegen.components import is_coupled

    # vector: the coupled families (bench_coupled); else the scalar, dense and componentwise ones (bench_family).
    return [f for f in driver.builtin_families() if is_coupled(f) == vector]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gpu_bench_runs_on_the_host(gpu_bench_on_host, dtype, capsys):
    bench, cp = gpu_bench_on_host
    rows, coupled = [], []
    for family in _families(vector=False):
        bench.bench_family(cp, np, family, dtype, 256, 1, 1e9, rows)
    for family in _families(vector=True):
        bench.bench_coupled(cp, np, family, dtype, 64, 7, 1, 1e9, coupled)
    assert len(rows) == 9 * len(_families(vector=False)) and len(coupled) == 6 * len(_families(vector=True))
    # The baselines agree with the NumPy classes: both are the same maths in the same dtype.
    eps = float(np.finfo(dtype).eps)
    bad = [(r[0], r[2], r[-1]) for r in rows + coupled if not r[-1] <= 64 * eps]
    assert not bad, f"baseline and class disagree beyond 64 eps: {bad}"
    assert all(r[3] > 0 for r in rows + coupled)  # bytes counted for every op
    bench.print_table("host", rows + coupled, markdown=True)
    out = capsys.readouterr().out
    assert "| categorical | " in out and "| normal | " in out


@pytest.mark.parametrize("argv,message", [
    (["--coupled-shapes", "65536by1000"], "--coupled-shapes: expected ROWSxK"),
    (["--coupled-shapes", "0x10"], "--coupled-shapes: expected ROWSxK"),
    (["--row-layouts", "warp,rows"], "--row-layouts: expected a comma-separated subset"),
    (["--families", "normal,nosuch"], "--families: unknown ['nosuch']"),
])
def test_gpu_bench_rejects_bad_arguments(argv, message, capsys):
    import gpu_bench

    with pytest.raises(SystemExit) as exc:
        gpu_bench.main(argv)
    assert exc.value.code == 2 and message in capsys.readouterr().err
