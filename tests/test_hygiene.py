"""A declaration can never break or inject into the generated code (issue 8, section 4).

* Declared names are the user's: `shape`, `rng`, `np`, `log_base`, `t0`, `super`, a C
  keyword, a method's name must simply work, with numbers checked against SciPy and
  closed forms; only the constructor's own arguments and Python keywords are refused.
* Text from a declaration (doc, file name, defaults, symbol names) never becomes code.

The family used is the Normal with known variance `v`, natural parameter eta = mean / v:
A = v eta^2 / 2, T = y, log h = -y^2 / (2 v) - log(2 pi v) / 2, F = v.
"""
from __future__ import annotations

import ast
from dataclasses import replace

import numpy as np
import pytest
import scipy.stats as st
import sympy as sp

import natloss.codegen as nc
from natloss.codegen import REALS, DeclarationError, Family, Hyper, Param, Support, Target, draws
from natloss.codegen.backends.cuda import kernels as cb
from natloss.codegen import driver
from natloss.codegen.nvrtc import compile_cuda, nvrtc_available
from natloss.codegen.validate import RESERVED_NAMES


def normal_known_variance(param="eta", hyper="v", target="y", doc="Normal with known variance.", default=2.0):
    eta = Param(param, REALS)
    v = Hyper(hyper, default)
    y = Target(Support.REAL, name=target)
    return Family(
        name="knownvar",
        class_name="KnownVarianceLoss",
        params=(eta,),
        hypers=(v,),
        target=y,
        log_partition=v.symbol * eta.symbol**2 / 2,
        sufficient_statistic=(y.symbol,),
        log_base_measure=-y.symbol**2 / (2 * v.symbol) - sp.log(2 * sp.pi * v.symbol) / 2,
        sampler=draws.normal(v.symbol * eta.symbol, sp.sqrt(v.symbol)),
        doc=doc,
    )


# (parameter name, hyper-parameter name, target name): each collides with something the
# generated code, NumPy, the sampler's signature, CUDA C or the loss API calls by name.
NAMES = [
    ("log_base", "shape", "y"),
    ("t0", "rng", "x"),
    ("np", "out", "shape"),
    ("super", "math", "rng"),
    ("evaluate", "sample", "log_base"),
    ("log_prob", "int", "t0"),
    ("double", "h0", "np"),
    ("y", "P_y", "H_v"),
    ("k", "K", "self_"),
]


@pytest.mark.parametrize("param,hyper,target", NAMES)
def test_names_a_user_chooses_simply_work(param, hyper, target):
    cls = nc.compile_to_class(normal_known_variance(param, hyper, target))
    rng = np.random.default_rng(0)
    eta = rng.normal(size=(5,))
    y = rng.normal(size=(5,))
    v = 1.7
    loss = cls(eta, targets=y, **{hyper: v})
    mean = v * eta
    want = -st.norm.logpdf(y, loc=mean, scale=np.sqrt(v))
    np.testing.assert_allclose(loss.nll(), want, rtol=1e-13)
    np.testing.assert_allclose(loss.evaluate(), want.sum(), rtol=1e-13)
    np.testing.assert_allclose(loss.grad_of_evaluate(), mean - y, rtol=1e-13, atol=1e-15)
    w = rng.normal(size=(5,))
    np.testing.assert_allclose(loss.multiply_fisher(w), v * w, rtol=1e-14)
    np.testing.assert_allclose(loss.multiply_fisher_factor(w), np.sqrt(v) * w, rtol=1e-14)
    draws_ = cls(np.full(4000, 0.5), **{hyper: v}).sample(seed=1)
    assert draws_.shape == (4000,)
    assert abs(draws_.mean() - v * 0.5) < 5 * np.sqrt(v / 4000)
    assert cls.param_names == (param,)


@pytest.mark.parametrize("param,hyper,target", NAMES[:3])
def test_names_compile_for_cuda(param, hyper, target):
    ok, reason = nvrtc_available()
    if not ok:
        pytest.skip(f"NVRTC unavailable: {reason}")
    spec = driver.compile_family(normal_known_variance(param, hyper, target))
    text = cb.cuda_backend_files(spec)["cuda/knownvar.cu"]
    result = compile_cuda(text, name="knownvar.cu", arch="sm_80", headers={"natloss_math.cuh": cb.math_header_text()})
    assert "warning" not in result.log.lower(), result.log


@pytest.mark.parametrize("name", list(RESERVED_NAMES) + ["class", "lambda", "None"])
@pytest.mark.parametrize("role", ["param", "hyper"])
def test_reserved_names_are_refused_with_the_list(name, role):
    kwargs = {"param": name} if role == "param" else {"hyper": name}
    with pytest.raises(DeclarationError) as info:
        driver.compile_family(normal_known_variance(**kwargs))
    message = str(info.value)
    assert repr(name) in message
    assert ("reserved" in message and all(n in message for n in RESERVED_NAMES)) or "keyword" in message


def _python_files(family):
    spec = driver.compile_family(family)
    return {path: text for path, text in driver.backend_files(spec).items() if path.endswith(".py")}, spec


def _defined_names(text):
    """Top-level statements of a module: only imports and one class may be there."""
    tree = ast.parse(text)
    return [type(node).__name__ for node in tree.body]


@pytest.mark.parametrize("doc", [
    'ends a string """; import os; os.system("echo pwned") """',
    "a backslash at the end \\",
    'a quote at the end "',
    "two\nlines\r\nand a nul \x00 and a tab\t",
    "\\N{BULLET} and \\x41 and \\u0041",
])
def test_doc_text_stays_text(doc):
    cls = nc.compile_to_class(normal_known_variance(doc=doc))
    # The text arrives whole (up to the docstring's indentation and trailing blanks).
    assert "".join(cls.__doc__.split()).startswith("".join(doc.split()))
    files, _ = _python_files(normal_known_variance(doc=doc))
    for path, text in files.items():
        assert _defined_names(text).count("Expr") <= 1, path  # the module docstring, nothing else runs
        assert "os.system" not in "".join(line for line in text.splitlines() if not line.startswith((" ", "#", '"')))


@pytest.mark.parametrize("source", [
    'fam"\nimport os\nos.system("echo pwned")\n#.py',
    "fam*/ int evil; /*.py",
    "fam\\\n.py",
])
def test_source_file_names_stay_in_the_comment(source):
    family = replace(normal_known_variance(), source=source)
    spec = driver.compile_family(family)
    files = driver.backend_files(spec)
    for path, text in files.items():
        first = text.splitlines()[0]
        assert first.startswith(("# generated from ", "// generated from ")), path
        assert "\n" not in first and "*/" not in first and not first.rstrip().endswith("\\")
        if path.endswith(".py"):
            assert "import os" not in text.splitlines()[1:], path
            ast.parse(text)
        else:
            assert "int evil" not in text.replace(first, "")


class CodeRepr(float):
    def __repr__(self):
        return "__import__('os').system('echo pwned')"


@pytest.mark.parametrize("default,message", [
    (CodeRepr(2.0), "expected an int or a float, got CodeRepr"),
    (True, "expected an int or a float, got bool"),
    ("2.0", "expected an int or a float, got str"),
    (float("nan"), "expected a finite number"),
    (-1.0, "outside the hyper-parameter's domain"),
    (0, "outside the hyper-parameter's domain"),
])
def test_defaults_are_numbers_in_their_domain(default, message):
    with pytest.raises(DeclarationError) as info:
        driver.compile_family(normal_known_variance(default=default))
    assert "hypers[v].default" in str(info.value) and message in str(info.value)


def test_integer_default_must_be_an_integer():
    family = normal_known_variance()
    family = replace(family, hypers=(Hyper("v", 2.5, integer=True),))
    with pytest.raises(DeclarationError, match="expected an integer"):
        driver.compile_family(family)


def test_undeclared_symbol_named_like_code_is_refused():
    family = normal_known_variance()
    evil = sp.Symbol("__import__('os').system('echo pwned')")
    with pytest.raises(DeclarationError, match="undeclared symbols"):
        driver.compile_family(replace(family, log_partition=family.log_partition + evil))


def test_a_symbol_made_by_name_gets_a_hint():
    family = normal_known_variance()
    with pytest.raises(DeclarationError, match=r"use the declared object's `\.symbol`"):
        driver.compile_family(replace(family, log_partition=sp.Symbol("eta", real=True) ** 2))


def test_docs_and_show_use_the_declared_names(capsys):
    cls = nc.compile_to_class(normal_known_variance("mean_over_var", "variance"))
    assert "A(eta) = mean_over_var**2*variance/2" in cls.__doc__
    assert "P_" not in cls.__doc__ and "H_" not in cls.__doc__


# ------------------------------------------------ the user's path: file -> build -> import
HOSTILE_FILE = '''
"""A Gamma with known shape, with the names a user would choose: `shape`, and `rng` (!)."""
import sympy as sp
from natloss.codegen import NEGATIVE, Family, Hyper, Param, Support, Target, draws

rng = Param("rng", NEGATIVE)          # -rate
shape = Hyper("shape", 2.5)
y = Target(Support.POSITIVE, name="np")

FAMILY = Family(
    name="gamma_known_shape_user",
    class_name="GammaKnownShapeLoss",
    params=(rng,),
    hypers=(shape,),
    target=y,
    log_partition=-shape.symbol * sp.log(-rng.symbol),
    sufficient_statistic=(y.symbol,),
    log_base_measure=(shape.symbol - 1) * sp.log(y.symbol) - sp.loggamma(shape.symbol),
    sampler=draws.gamma(shape.symbol, -1 / rng.symbol),
    doc='Gamma(shape, rate = -rng). A doc with """quotes""" and a backslash \\\\.',
)
'''

IMPORT_HOSTILE = '''
import json
import numpy as np
import scipy.stats as st
from hostile.numpy import GammaKnownShapeLoss
eta, y = np.array([-0.5, -2.0, -7.0]), np.array([0.3, 1.5, 0.1])
loss = GammaKnownShapeLoss(eta, targets=y, shape=3.5)
want = -st.gamma.logpdf(y, a=3.5, scale=-1 / eta)
draws = GammaKnownShapeLoss(np.full(20000, -2.0), shape=3.5).sample(seed=0)
print(json.dumps(dict(
    nll=float(np.max(np.abs(loss.nll() - want) / np.abs(want))),
    grad=float(np.max(np.abs(loss.grad_of_evaluate() - (-3.5 / eta - y)))),
    fisher=float(np.max(np.abs(loss.multiply_fisher(np.ones(3)) - 3.5 / eta**2) * eta**2)),
    sample_mean=float(draws.mean()), sample_shape=list(draws.shape), doc=GammaKnownShapeLoss.__doc__)))
'''


def test_hostile_names_through_the_users_path(tmp_path):
    """Declaration file -> `natloss build --out` -> import by package name in a fresh process."""
    import json
    import os
    import subprocess
    import sys

    declaration = tmp_path / "my_family.py"
    declaration.write_text(HOSTILE_FILE)
    proc = subprocess.run([sys.executable, "-m", "natloss.codegen", "build", "--only-user", "--family", str(declaration),
                           "--out", "hostile"], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, "-c", IMPORT_HOSTILE], capture_output=True, text=True, cwd=tmp_path,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["nll"] < 1e-13 and got["grad"] < 1e-13 and got["fisher"] < 1e-14
    assert got["sample_shape"] == [20000]
    assert abs(got["sample_mean"] - 3.5 / 2.0) < 5 * np.sqrt(3.5 / 4.0 / 20000)
    assert '"""quotes"""' in got["doc"] and "\\" in got["doc"]
