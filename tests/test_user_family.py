"""A user's own declaration, outside codegen/families: compiled in memory and built by the CLI.

The family is the Rayleigh distribution (not built in): density y / s^2 exp(-y^2 / (2 s^2)),
eta = -1 / (2 s^2) < 0, T(y) = y^2, A = -log(-2 eta), log h = log y; y^2 is exponential
with rate -eta, so the sampler is sqrt(gamma(1, -1 / eta)). References: SciPy's rayleigh,
finite differences, sample moments. Malformed declarations must fail at build time with
a DeclarationError naming the family and the field (and the CLI must exit non-zero).
"""
from __future__ import annotations

import hashlib
import importlib.util
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import scipy.stats as st

import natloss.codegen as nc
from natloss.codegen import DeclarationError
from natloss.codegen.driver import load_declaration

ROOT = Path(__file__).resolve().parents[1]

RAYLEIGH = textwrap.dedent('''
    """Rayleigh with the natural parameter eta = -1 / (2 s^2)."""
    import sympy as sp

    from natloss.codegen import NEGATIVE, Family, Param, Support, Target, draws

    eta = Param("neg_half_inv_scale_sq", NEGATIVE, "-1 / (2 s^2) < 0")
    y = Target(Support.POSITIVE)

    FAMILY = Family(
        name="my_rayleigh",
        class_name="MyRayleighNegativeLogProbLoss",
        params=(eta,),
        target=y,
        log_partition=-sp.log(-2 * eta.symbol),
        sufficient_statistic=(y.symbol**2,),
        log_base_measure=sp.log(y.symbol),
        sampler=sp.sqrt(draws.gamma(1, -1 / eta.symbol)),
        doc="Positive targets, Rayleigh(scale s).",
    )
''')

# Malformed declarations: (module text, family name, field)
_HEADER = textwrap.dedent('''
    import sympy as sp
    from natloss.codegen import NEGATIVE, REALS, Family, Param, Support, Target, draws
    eta = Param("eta", {domain})
    y = Target(Support.{support})
''')
MALFORMED = {
    "T-wrong-length": (
        _HEADER.format(domain="NEGATIVE", support="POSITIVE") + textwrap.dedent('''
        FAMILY = Family(name="bad_stat", class_name="BadStatLoss", params=(eta,), target=y,
                        log_partition=-sp.log(-2 * eta.symbol), sufficient_statistic=(y.symbol**2, y.symbol),
                        log_base_measure=sp.log(y.symbol), sampler=sp.sqrt(draws.gamma(1, -1 / eta.symbol)))
        '''), "bad_stat", "sufficient_statistic"),
    "A-not-convex": (
        _HEADER.format(domain="REALS", support="REAL") + textwrap.dedent('''
        FAMILY = Family(name="concave", class_name="ConcaveLoss", params=(eta,), target=y,
                        log_partition=-eta.symbol**2, sufficient_statistic=(y.symbol,),
                        log_base_measure=sp.Integer(0), sampler=draws.normal(eta.symbol, 1))
        '''), "concave", "log_partition"),
    "name-not-identifier": (
        _HEADER.format(domain="NEGATIVE", support="POSITIVE") + textwrap.dedent('''
        FAMILY = Family(name="not-an-identifier", class_name="RayleighLoss", params=(eta,), target=y,
                        log_partition=-sp.log(-2 * eta.symbol), sufficient_statistic=(y.symbol**2,),
                        log_base_measure=sp.log(y.symbol), sampler=sp.sqrt(draws.gamma(1, -1 / eta.symbol)))
        '''), "not-an-identifier", "name"),
}


def _rayleigh_scale(eta):
    return np.sqrt(-0.5 / np.asarray(eta, dtype=np.float64))


@pytest.fixture(scope="module")
def rayleigh_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("user") / "my_rayleigh.py"
    path.write_text(RAYLEIGH)
    return path


@pytest.fixture(scope="module")
def rayleigh_family(rayleigh_file):
    (family,) = load_declaration(str(rayleigh_file))
    return family


@pytest.fixture(scope="module")
def rayleigh_class(rayleigh_family):
    return nc.compile_to_class(rayleigh_family)


def _draw_eta(n, seed):
    return -np.exp(0.7 * np.random.default_rng(seed).standard_normal(n))


def _check_rayleigh_class(cls):
    """Gradient (FD), F = B B^T vs the FD Hessian, NLL vs scipy.stats.rayleigh, sample moments."""
    eps = np.finfo(np.float64).eps
    eta = _draw_eta(8, 1)
    y = cls(eta).sample(2)
    assert y.dtype == np.float64 and (y > 0).all()
    loss = cls(eta, targets=y)
    # SciPy.
    expected = -st.rayleigh.logpdf(y, scale=_rayleigh_scale(eta))
    np.testing.assert_allclose(loss.nll(), expected, rtol=1e-11, atol=1e-11)
    assert float(loss.evaluate()) == pytest.approx(float(expected.sum()), rel=1e-11)
    # Gradient vs central differences of the per-case NLL.
    h = eps ** (1 / 3) * np.minimum(1.0, 0.5 * np.abs(eta))
    plus, minus = cls(eta + h, targets=y).nll(), cls(eta - h, targets=y).nll()
    fd = (plus - minus) / ((eta + h) - (eta - h))
    np.testing.assert_allclose(loss.grad_of_evaluate(), fd, rtol=1e-6, atol=1e-6)
    # Fisher and B B^T vs central differences of the gradient (the Hessian).
    v = np.random.default_rng(3).standard_normal(eta.shape)
    hv = h / np.abs(v)
    fd_h = (cls(eta + hv * v, targets=y).grad_of_evaluate() - cls(eta - hv * v, targets=y).grad_of_evaluate()) / (2 * hv)
    np.testing.assert_allclose(loss.multiply_fisher(v), fd_h, rtol=1e-6)
    bbt = loss.multiply_fisher_factor(loss.multiply_fisher_factor_transpose(v))
    np.testing.assert_allclose(bbt, fd_h, rtol=1e-6)
    np.testing.assert_allclose(bbt, loss.multiply_fisher(v), rtol=1e3 * eps)
    # Closed forms: E[y^2] = 2 s^2 = -1/eta, Var[y^2] = 4 s^4 = 1/eta^2.
    np.testing.assert_allclose(loss.mean_sufficient_statistic(), -1 / eta, rtol=1e3 * eps)
    np.testing.assert_allclose(loss.multiply_fisher(np.ones_like(eta)), 1 / eta**2, rtol=1e3 * eps)
    # Sampler: T = y^2 over 40000 draws of two etas vs the mean and the Fisher, 5 standard errors.
    n = 40_000
    big = np.repeat(np.array([[-0.3, -2.0]]), n, axis=0)
    t = cls(big).sample(4) ** 2
    mean, var = t.mean(axis=0), t.var(axis=0, ddof=1)
    assert np.all(np.abs(mean - (-1 / big[0])) <= 5 * np.sqrt(var / n))
    z = (t - mean) ** 2
    assert np.all(np.abs(var - 1 / big[0] ** 2) <= 5 * z.std(axis=0, ddof=1) / math.sqrt(n))


def test_compile_to_class_gives_a_working_loss(rayleigh_family, rayleigh_class):
    assert rayleigh_class.__name__ == "MyRayleighNegativeLogProbLoss"
    assert rayleigh_family.name == "my_rayleigh"
    _check_rayleigh_class(rayleigh_class)


def test_compile_to_class_float32(rayleigh_class):
    eta = _draw_eta(6, 5)
    y = rayleigh_class(eta).sample(6)
    a = rayleigh_class(eta.astype(np.float32), targets=y.astype(np.float32))
    b = rayleigh_class(eta.astype(np.float32).astype(np.float64), targets=y.astype(np.float32).astype(np.float64))
    for method in ("nll", "grad_of_evaluate", "mean_sufficient_statistic"):
        out = getattr(a, method)()
        assert out.dtype == np.float32
        np.testing.assert_allclose(out, getattr(b, method)(), rtol=1e-5, atol=1e-5)


def _tree_digest(root: Path) -> dict:
    return {str(p.relative_to(root)): (p.stat().st_mtime_ns, hashlib.sha1(p.read_bytes()).hexdigest())
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def _run_cli(*args, cwd):
    env = dict(os.environ)
    return subprocess.run([sys.executable, "-m", "natloss.codegen", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=300)


def test_cli_builds_the_user_family_into_out(rayleigh_file, tmp_path):
    generated = ROOT / "generated"
    before = _tree_digest(generated)
    out = tmp_path / "out"
    proc = _run_cli("build", "--only-user", "--family", str(rayleigh_file), "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    module_path = out / "numpy" / "my_rayleigh.py"
    assert module_path.is_file(), sorted(str(p) for p in out.rglob("*"))
    # Only the user's family: no built-in module was written there.
    assert sorted(p.name for p in (out / "numpy").glob("*.py")) == ["__init__.py", "my_rayleigh.py"]
    spec = importlib.util.spec_from_file_location("user_rayleigh_generated", module_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    _check_rayleigh_class(module.MyRayleighNegativeLogProbLoss)
    # The repository's generated/ is untouched.
    assert _tree_digest(generated) == before


# ----------------------------------------------- the built package, imported by its name
IMPORT_BY_NAME = textwrap.dedent('''
    import json, sys
    import numpy as np
    import scipy.stats as st
    import {package}
    from {package}.numpy import MyRayleighNegativeLogProbLoss
    from {package} import MyRayleighNegativeLogProbLoss as Dispatching
    from {package}.cupy import MyRayleighNegativeLogProbLoss as CuPyClass  # imports without CuPy too
    eta, y = np.array([-0.3, -2.0, -0.05]), np.array([0.5, 1.5, 4.0])
    expected = -st.rayleigh.logpdf(y, scale=np.sqrt(-0.5 / eta))
    out = dict(
        module=MyRayleighNegativeLogProbLoss.__module__, cupy_module=CuPyClass.__module__,
        nll_error=float(np.max(np.abs(MyRayleighNegativeLogProbLoss(eta, targets=y).nll() - expected))),
        dispatch_error=float(abs(Dispatching(eta, targets=y).evaluate() - expected.sum())),
        builtin_loaded=sorted(m for m in sys.modules if m.startswith("natloss.generated")),
    )
    if "{extra}":
        from {package}.numpy import PoissonNegativeLogProbLoss
        k, log_rate = np.array([0, 3, 11]), np.array([-1.0, 0.7, 2.5])
        out["poisson_error"] = float(np.max(np.abs(
            PoissonNegativeLogProbLoss(log_rate, targets=k).nll() + st.poisson.logpmf(k, np.exp(log_rate)))))
    print(json.dumps(out))
''')


def _import_in_fresh_process(folder: Path, package: str, extra: bool = False, env=None):
    import json

    env = dict(os.environ if env is None else env)
    env["PYTHONPATH"] = os.pathsep.join([str(folder)] + [p for p in [env.get("PYTHONPATH")] if p])
    proc = subprocess.run([sys.executable, "-c", IMPORT_BY_NAME.format(package=package, extra="yes" if extra else "")],
                          capture_output=True, text=True, cwd=folder.parent, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_cli_built_package_imports_by_its_folder_name(rayleigh_file, tmp_path):
    """natloss build --only-user --family F --out DIR/mypkg: `import mypkg` works from a fresh process."""
    work = tmp_path / "work"
    work.mkdir()
    proc = _run_cli("build", "--only-user", "--family", str(rayleigh_file), "--out", "mypkg", cwd=work)
    assert proc.returncode == 0, proc.stderr
    assert "(package mypkg)" in proc.stdout
    got = _import_in_fresh_process(work, "mypkg")
    assert got["module"] == "mypkg.numpy.my_rayleigh" and got["cupy_module"] == "mypkg.cupy.my_rayleigh"
    assert got["nll_error"] < 1e-12 and got["dispatch_error"] < 1e-12
    assert got["builtin_loaded"] == []  # nothing comes from natloss.generated


def test_cli_built_package_with_the_builtins_imports_by_name(rayleigh_file, tmp_path):
    """Without --only-user the package holds the built-in families too, all importable from it."""
    proc = _run_cli("build", "--family", str(rayleigh_file), "--out", str(tmp_path / "alllosses"), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    got = _import_in_fresh_process(tmp_path, "alllosses", extra=True)
    assert got["module"] == "alllosses.numpy.my_rayleigh"
    assert got["nll_error"] < 1e-12 and got["dispatch_error"] < 1e-12 and got["poisson_error"] < 1e-12
    assert got["builtin_loaded"] == []


def test_package_option_names_the_package_and_it_imports_under_that_name(rayleigh_file, tmp_path):
    proc = _run_cli("build", "--only-user", "--family", str(rayleigh_file), "--out", str(tmp_path / "build-out"),
                    "--package", "rayleigh_losses", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    (tmp_path / "build-out").rename(tmp_path / "rayleigh_losses")  # e.g. copied into the user's project
    got = _import_in_fresh_process(tmp_path, "rayleigh_losses")
    assert got["module"] == "rayleigh_losses.numpy.my_rayleigh" and got["nll_error"] < 1e-12


def test_cli_built_cupy_class_runs_its_own_kernels(rayleigh_file, tmp_path):
    """The CuPy class of a built package compiles the kernels of its own cuda/ folder (not natloss.generated's):
    run through the host stand-in for cupy (tests/test_cuda_codegen.py), evaluate() vs SciPy."""
    import shutil

    if shutil.which("g++") is None:
        pytest.skip("g++ not found: the host stand-in for cupy compiles the kernels with it")
    try:
        import cupy  # noqa: F401
        env = dict(os.environ)
    except ImportError:
        from test_cuda_codegen import FAKE_CUPY, SHIM

        fake = tmp_path / "fake"
        (fake / "cupy").mkdir(parents=True)
        (fake / "cupy" / "__init__.py").write_text(FAKE_CUPY)
        shim = SHIM.replace('#include "family.cu"\n', "").replace('#include "natloss_math.cuh"', "")
        env = dict(os.environ, PYTHONPATH=str(fake), NATLOSS_FAKE_CUPY_SHIM=shim)
    work = tmp_path / "work"
    work.mkdir()
    assert _run_cli("build", "--only-user", "--family", str(rayleigh_file), "--out", "mypkg", cwd=work).returncode == 0
    script = textwrap.dedent('''
        import sys
        import cupy as cp, numpy as np, scipy.stats as st
        from mypkg.cupy import MyRayleighNegativeLogProbLoss
        eta, y = np.array([-0.3, -2.0, -0.05]), np.array([0.5, 1.5, 4.0])
        loss = MyRayleighNegativeLogProbLoss(cp.asarray(eta), targets=cp.asarray(y))
        print(loss._cuda_package, float(cp.asnumpy(loss.evaluate())), float(-st.rayleigh.logpdf(y, scale=np.sqrt(-0.5 / eta)).sum()))
        assert not [m for m in sys.modules if m.startswith("natloss.generated")]
    ''')
    env["PYTHONPATH"] = os.pathsep.join([str(work), env.get("PYTHONPATH", "")])
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=work, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    package, got, want = proc.stdout.split()
    assert package == "mypkg.cuda"
    assert float(got) == pytest.approx(float(want), rel=1e-12)


def test_list_and_show_a_user_file(rayleigh_file, tmp_path):
    proc = _run_cli("list", "--only-user", "--family", str(rayleigh_file), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = [line.split() for line in proc.stdout.splitlines()[1:]]
    assert rows == [["my_rayleigh", "MyRayleighNegativeLogProbLoss", "scalar", "inputs.shape"]]
    proc = _run_cli("list", "--family", str(rayleigh_file), cwd=tmp_path)
    assert {"my_rayleigh", "poisson"} <= {line.split()[0] for line in proc.stdout.splitlines()[1:]}
    for args in (("show", "--family", str(rayleigh_file), "my_rayleigh"), ("show", str(rayleigh_file)),
                 ("show", "--only-user", "--family", str(rayleigh_file), "MyRayleighNegativeLogProbLoss")):
        proc = _run_cli(*args, cwd=tmp_path)
        assert proc.returncode == 0, (args, proc.stderr)
        assert proc.stdout.startswith("my_rayleigh (MyRayleighNegativeLogProbLoss), structure scalar"), args
        assert "A(eta)   = -log(-2*neg_half_inv_scale_sq)" in proc.stdout and "proof:" in proc.stdout, proc.stdout
    proc = _run_cli("show", str(tmp_path / "no_such_file.py"), cwd=tmp_path)
    assert proc.returncode == 2 and "no file" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("case", sorted(MALFORMED), ids=sorted(MALFORMED))
def test_malformed_declaration_fails_at_build_time(case, tmp_path):
    text, family_name, field = MALFORMED[case]
    path = tmp_path / f"bad_{case.replace('-', '_')}.py"
    path.write_text(text)
    (family,) = load_declaration(str(path))
    with pytest.raises(DeclarationError) as info:
        nc.compile_to_class(family)
    assert info.value.family == family_name and info.value.field == field
    assert repr(family_name) in str(info.value) and repr(field) in str(info.value)


def test_cli_reports_malformed_declarations(tmp_path):
    """One CLI run per malformed declaration: non-zero exit, the DeclarationError on stderr, nothing written."""
    generated = ROOT / "generated"
    before = _tree_digest(generated)
    for case, (text, family_name, field) in sorted(MALFORMED.items()):
        path = tmp_path / f"bad_{case.replace('-', '_')}.py"
        path.write_text(text)
        out = tmp_path / f"out_{case.replace('-', '_')}"
        proc = _run_cli("build", "--only-user", "--family", str(path), "--out", str(out), cwd=tmp_path)
        assert proc.returncode != 0, (case, proc.stdout)
        assert f"family {family_name!r}, field {field!r}" in proc.stderr, (case, proc.stderr)
        assert not out.exists() or not any(out.rglob("*.py")), case
    assert _tree_digest(generated) == before
