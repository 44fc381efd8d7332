"""Shared fixtures: every declared family (present and future), dtypes, hyper settings.

Test functions take some of these arguments and get parametrized automatically:

* ``family``: each `Family` of `natloss.codegen.driver.builtin_families()` (id: its name);
* ``family, hypers``: each family with its default hypers and one non-default setting
  (ids like ``binomial-default`` and ``binomial-trials=7``);
* ``dtype``: numpy float32 and float64.

``@pytest.mark.families.with_args(predicate)`` restricts a test to the families it applies to.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import references as ref  # noqa: E402
from natloss.codegen.driver import builtin_families  # noqa: E402

FAMILIES = builtin_families()
DTYPES = (np.float32, np.float64)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "families(predicate): parametrize only over the families for which predicate(family) is true")


def _families_for(metafunc):
    marker = metafunc.definition.get_closest_marker("families")
    return [f for f in FAMILIES if marker is None or marker.args[0](f)]


def _explicitly_parametrized(metafunc) -> set:
    """Argument names a test parametrizes itself (left alone here)."""
    names = set()
    for marker in metafunc.definition.iter_markers("parametrize"):
        argnames = marker.args[0] if marker.args else marker.kwargs.get("argnames", ())
        if isinstance(argnames, str):
            argnames = [a.strip() for a in argnames.split(",")]
        names.update(argnames)
    return names


def pytest_generate_tests(metafunc):
    explicit = _explicitly_parametrized(metafunc)
    names = [n for n in metafunc.fixturenames if n not in explicit]
    families = _families_for(metafunc) if "family" in names else []
    if "family" in names and "hypers" in names:
        cases, ids = [], []
        for fam in families:
            for label, hypers in ref.hyper_settings(fam):
                cases.append((fam, hypers))
                ids.append(f"{fam.name}-{label}")
        metafunc.parametrize(("family", "hypers"), cases, ids=ids)
    elif "family" in names:
        metafunc.parametrize("family", families, ids=[f.name for f in families])
    if "dtype" in names:
        metafunc.parametrize("dtype", DTYPES, ids=[np.dtype(d).name for d in DTYPES])


@pytest.fixture(scope="session")
def families():
    return list(FAMILIES)


@pytest.fixture
def loss_cls(family):
    """The generated NumPy class of the family."""
    return ref.loss_class(family)


@pytest.fixture
def default_hypers(family):
    return {h.name: h.default for h in family.hypers}


@pytest.fixture
def draw_params(family):
    """draw_params(batch, seed, dtype=float64) -> one array per natural parameter, inside its domain."""

    def draw(batch, seed=0, dtype=np.float64):
        return ref.draw_params(family, batch, np.random.default_rng(seed), dtype)

    return draw


@pytest.fixture
def make(family, loss_cls):
    """make(params, hypers, **kwargs) -> a loss of the family's generated class."""

    def build(params, hypers=None, **kwargs):
        return ref.make_loss(loss_cls, params, hypers, **kwargs)

    return build


# ------------------------------------------------------------------------ backends
# The `backend` fixture: the same contract tests run on every backend (tests/test_contract.py).
# "numpy" always; "cpu" when its kernels build and load here; "cupy-host" the CuPy classes over
# the host stand-in for cupy (tests/cupy_host.py: NumPy arrays, the CUDA kernels compiled with
# g++) when g++ exists and CuPy does not; "cupy" on a real GPU. An unavailable backend is
# skipped with its reason.
BACKENDS = ("numpy", "cpu", "cupy-host", "cupy")


class Backend:
    """A backend under test: its generated classes, and its arrays to and from NumPy."""

    def __init__(self, name: str, package: str, xp):
        self.name, self.package, self.xp = name, package, xp

    def loss_class(self, family):
        """The family's class in this backend, or None where the backend does not emit it."""
        import importlib

        module = importlib.import_module(f"natloss.generated.{self.package}")
        return getattr(module, family.class_name, None)

    def asarray(self, x):
        if isinstance(x, tuple):
            return tuple(self.asarray(p) for p in x)
        return self.xp.asarray(x)

    def get(self, x):
        """A result as NumPy (arrays, tuples of arrays, scalars)."""
        if isinstance(x, tuple):
            return tuple(self.get(p) for p in x)
        return np.asarray(x.get() if hasattr(x, "get") and not isinstance(x, np.ndarray) else x)

    def __repr__(self):
        return f"Backend({self.name})"


def _cpu_unavailable_reason():
    from natloss.runtime import cpu_build

    if cpu_build.compiler() is None:
        return "no C++ compiler: the CPU backend's kernels cannot be built here"
    return cpu_build.unavailable_reason("normal.cpp", "natloss.generated.cpu")


@pytest.fixture(scope="session")
def _fake_cupy(tmp_path_factory, request):
    import cupy_host

    reason = cupy_host.unavailable_reason()
    if reason is not None:
        return reason
    # The compiled kernels are kept in pytest's cache (by a hash of their source): g++ runs once.
    # (-p no:cacheprovider leaves no config.cache: a temporary folder then)
    pytest_cache = getattr(request.config, "cache", None)
    cache = pytest_cache.mkdir("natloss_fake_cupy") if pytest_cache else tmp_path_factory.mktemp("fake_cupy")
    return cupy_host.fake_cupy_modules(cache_dir=cache)


@pytest.fixture(params=BACKENDS)
def backend(request, monkeypatch):
    name = request.param
    if name == "numpy":
        return Backend("numpy", "numpy", np)
    if name == "cpu":
        reason = _cpu_unavailable_reason()
        if reason is not None:
            pytest.skip(f"cpu backend: {reason}")
        return Backend("cpu", "cpu", np)
    if name == "cupy-host":
        modules = request.getfixturevalue("_fake_cupy")
        if isinstance(modules, str):
            pytest.skip(f"cupy-host backend: {modules}")
        for module_name, module in modules.items():  # for this test only
            monkeypatch.setitem(sys.modules, module_name, module)
        return Backend("cupy-host", "cupy", modules["cupy"])
    try:
        import cupy

        if cupy.cuda.runtime.getDeviceCount() < 1:
            pytest.skip("cupy backend: CuPy finds no GPU")
    except ImportError:
        pytest.skip("cupy backend: CuPy is not installed (no GPU machine)")
    except Exception as exc:  # CUDA driver errors: no usable GPU here
        pytest.skip(f"cupy backend: no usable GPU ({type(exc).__name__}: {exc})")
    return Backend("cupy", "cupy", cupy)
