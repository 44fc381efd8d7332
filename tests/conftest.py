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
