"""The compiler as a program: regeneration check, atomic failure, CLI, structure detection."""
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sympy as sp

from natloss.codegen import DeclarationError, Family, Param, Support, Target, VectorParam, draws
from natloss.codegen import driver
from natloss.codegen.coupled import StructureError

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "natloss.codegen", *args], capture_output=True, text=True, cwd=cwd)


def test_generated_tree_is_up_to_date():
    """Regenerate in memory and diff against the checked-in generated/ (SymForce-style)."""
    result = driver.build(driver.builtin_declarations(), ROOT / "generated", check=True)
    assert result["diff"] == "", "generated/ is stale; run `natloss build`:\n" + result["diff"][:4000]


def test_check_reports_a_unified_diff_and_exit_status(tmp_path):
    out = tmp_path / "gen"
    assert run_cli("build", "--out", str(out)).returncode == 0
    assert run_cli("build", "--check", "--out", str(out)).returncode == 0
    target = out / "numpy" / "poisson.py"
    target.write_text(target.read_text().replace("np.exp(P_log_rate)", "np.exp(P_log_rate + 0)", 1))
    res = run_cli("build", "--check", "--out", str(out))
    assert res.returncode == 1
    assert "--- a/numpy/poisson.py" in res.stdout and "+++ b/numpy/poisson.py" in res.stdout
    assert "out of date" in res.stderr


def test_failed_build_writes_nothing(tmp_path):
    out = tmp_path / "gen"
    assert run_cli("build", "--out", str(out)).returncode == 0
    before = {p: p.read_text() for p in out.rglob("*.py")}
    bad = tmp_path / "bad_family.py"
    bad.write_text(textwrap.dedent('''
        import sympy as sp
        from natloss.codegen import Family, Param, Target, Support, draws
        eta = Param("eta")
        y = Target(Support.REAL)
        FAMILY = Family(name="concave", class_name="ConcaveLoss", params=(eta,), target=y,
                        log_partition=-eta.symbol**2, sufficient_statistic=(y.symbol,),
                        log_base_measure=sp.Integer(0), sampler=draws.normal(0, 1))
    '''))
    res = run_cli("build", "--family", str(bad), "--out", str(out))
    assert res.returncode == 2
    assert "family 'concave', field 'log_partition'" in res.stderr and "not strictly convex" in res.stderr
    after = {p: p.read_text() for p in out.rglob("*.py")}
    assert after == before
    assert not list(out.rglob("*.tmp"))


def test_list_and_show():
    res = run_cli("list")
    assert res.returncode == 0
    for name, structure in (("categorical", "diag_rank_one"), ("dirichlet", "diag_rank_one"), ("normal", "dense"), ("poisson", "scalar")):
        assert any(line.split()[:1] == [name] and structure in line for line in res.stdout.splitlines()), res.stdout
    res = run_cli("show", "normal")
    assert res.returncode == 0 and "proof: symbolic" in res.stdout
    res = run_cli("show", "categorical")
    assert "a     = -1" in res.stdout
    assert run_cli("show", "no_such_family").returncode == 2


def _vector_family(log_partition, logits, **kw):
    y = Target(Support.CLASS_INDEX)
    return Family(name="v", class_name="VLoss", params=(logits,), target=y, log_partition=log_partition,
                  sufficient_statistic=(y.symbol[logits.k],), log_base_measure=sp.Integer(0),
                  sampler=draws.categorical(logits.base), **kw)


def test_coupled_structure_detection_rejects_two_coupling_sums():
    logits = VectorParam("logits")
    A = sp.log(logits.sum(sp.exp(logits.symbol))) + sp.log(logits.sum(sp.exp(2 * logits.symbol)))
    with pytest.raises(StructureError, match="2 different sums"):
        driver.compile_family(_vector_family(A, logits))


def test_coupled_structure_detection_rejects_no_coupling():
    logits = VectorParam("logits")
    with pytest.raises(StructureError, match="no coupling sum"):
        driver.compile_family(_vector_family(logits.sum(sp.exp(logits.symbol)), logits))


def test_softmax_structure_is_exact():
    spec = driver.compile_family(next(f for f in driver.builtin_families() if f.name == "categorical"))
    c = spec.derived.coupled
    assert c.a == -1 and c.c == -1 and c.w_norm2 == 1


@pytest.mark.parametrize(
    "field, change, message",
    [
        ("sufficient_statistic", dict(sufficient_statistic=()), "T(y) has 0 entries"),
        ("class_name", dict(class_name="not an identifier"), "is not a Python identifier"),
        ("log_partition", dict(log_partition=sp.Symbol("zeta") ** 2), "undeclared symbols"),
        ("log_base_measure", dict(log_base_measure=Param("eta").symbol), "must not depend on the natural parameters"),
        ("log_partition", dict(log_partition=sp.Symbol("eta", real=True) ** 2), "use the declared object's `.symbol`"),
        ("sampler", dict(sampler=sp.Integer(0)), "must use at least one draw"),
    ],
)
def test_malformed_declarations_name_family_and_field(field, change, message):
    eta = Param("eta")
    y = Target(Support.REAL)
    base = dict(name="toy", class_name="ToyLoss", params=(eta,), target=y, log_partition=eta.symbol**2 / 2,
                sufficient_statistic=(y.symbol,), log_base_measure=sp.Integer(0), sampler=draws.normal(eta.symbol, 1))
    base.update(change)
    with pytest.raises(DeclarationError) as info:
        driver.compile_family(Family(**base))
    assert f"family 'toy', field '{field}'" in str(info.value) and message in str(info.value)
