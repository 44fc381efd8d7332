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
    # Without the build cache: this is the one full derivation the suite makes, the guard that
    # does not trust the cache's keys (tests/test_build_cache.py tests those).
    result = driver.build(driver.builtin_declarations(), ROOT / "generated", check=True, cache=False)
    assert result["diff"] == "", "generated/ is stale; run `natloss build`:\n" + result["diff"][:4000]


def test_check_reports_a_unified_diff_and_exit_status(tmp_path):
    out = tmp_path / "gen"
    poisson = ("--only-user", "--family", "natloss.codegen.families.poisson")  # one family: the same code path
    assert run_cli("build", *poisson, "--out", str(out)).returncode == 0
    assert run_cli("build", "--check", *poisson, "--out", str(out)).returncode == 0
    target = out / "numpy" / "poisson.py"
    target.write_text(target.read_text().replace("np.exp(P_log_rate)", "np.exp(P_log_rate + 0)", 1))
    res = run_cli("build", "--check", *poisson, "--out", str(out))
    assert res.returncode == 1
    assert "--- a/numpy/poisson.py" in res.stdout and "+++ b/numpy/poisson.py" in res.stdout
    assert "out of date" in res.stderr


def test_failed_build_writes_nothing(tmp_path):
    out = tmp_path / "gen"
    assert run_cli("build", "--only-user", "--family", "natloss.codegen.families.poisson", "--out", str(out)).returncode == 0
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
    res = run_cli("build", "--only-user", "--family", "natloss.codegen.families.poisson", "--family", str(bad), "--out", str(out))
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


# ------------------------------------------------------------ the output tree: atomic, whole, checked
import os  # noqa: E402
import signal  # noqa: E402
from dataclasses import replace  # noqa: E402

from natloss.codegen import cli, render  # noqa: E402


def _builtin(name):
    return next(f for f in driver.builtin_families() if f.name == name)


@pytest.fixture(scope="module")
def two_trees():
    """Two builds of a package `pkg`: the new one changes poisson's text, drops exponential, adds geometric."""
    _, old, _ = driver.build_files([_builtin("poisson"), _builtin("exponential")], "pkg")
    poisson = replace(_builtin("poisson"), doc="Counts, Poisson(rate), second version.")
    _, new, _ = driver.build_files([poisson, _builtin("geometric")], "pkg")
    assert set(old) - set(new) and set(new) - set(old) and old["numpy/poisson.py"] != new["numpy/poisson.py"]
    return old, new


def _snapshot(root: Path):
    """{relative path: text} of the files under root (Python's caches left out), None if there is no root."""
    if not root.exists():
        return None
    return {p.relative_to(root).as_posix(): p.read_text() for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def _kill_at(step, files, out, exchange):
    """Run write_tree in a child process that is SIGKILLed when it reaches `step`."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            render.STEP_HOOK = lambda s: os.kill(os.getpid(), signal.SIGKILL) if s == step else None
            render.write_tree(files, out, exchange=exchange)
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


@pytest.mark.parametrize("exchange", [True, False], ids=["exchange", "two-renames"])
def test_a_build_killed_at_any_step_leaves_the_old_or_the_new_tree(tmp_path, two_trees, exchange, monkeypatch):
    old, new = two_trees
    probe = tmp_path / "probe" / "pkg"
    probe.parent.mkdir()
    render.write_tree(old, probe)
    steps = []
    monkeypatch.setattr(render, "STEP_HOOK", steps.append)
    assert sorted(render.write_tree(new, probe, exchange=exchange)) == sorted(
        [r for r in new if old.get(r) != new[r]] + [r for r in old if r not in new])
    monkeypatch.setattr(render, "STEP_HOOK", None)
    assert _snapshot(probe) == new
    assert len(steps) == len(new) + (4 if exchange else 5), steps  # recovered, staged each, compiled, [retired,] swapped, done
    for step in steps:
        work = tmp_path / step.replace("/", "_").replace(" ", "_")
        work.mkdir()
        out = work / "pkg"
        render.write_tree(old, out)
        assert _kill_at(step, new, out, exchange), f"the build was not killed at {step!r}"
        state = _snapshot(out)
        if exchange or step != "retired":
            assert state in (old, new), f"killed at {step!r}: a mix of the old and new trees"
        else:  # two renames: between them the folder is away; the next build finishes the swap
            assert state is None
        assert state == (new if step in ("swapped", "done") else old) or state is None
        # The next build recovers and leaves the new tree, and nothing beside it.
        render.write_tree(new, out, exchange=exchange)
        assert _snapshot(out) == new, step
        assert [p.name for p in work.iterdir()] == ["pkg"], step


def test_an_up_to_date_build_touches_nothing_and_unchanged_files_keep_their_time(tmp_path, two_trees):
    old, new = two_trees
    out = tmp_path / "pkg"
    render.write_tree(old, out)
    stamp = {rel: (out / rel).stat().st_mtime_ns for rel in old}
    assert render.write_tree(old, out) == []
    assert {rel: (out / rel).stat().st_mtime_ns for rel in old} == stamp
    render.write_tree(new, out)
    kept = [rel for rel in new if old.get(rel) == new[rel]]
    assert kept and all((out / rel).stat().st_mtime_ns == stamp[rel] for rel in kept)


class _BadPythonBackend:
    """A backend whose template emits Python that does not parse."""

    def family_files(self, spec):
        return {f"numpy/{spec.family.name}_x.py": "x = (\n"}

    def package_files(self, specs, package):
        return {}


def test_a_build_whose_output_does_not_parse_fails_and_writes_nothing(tmp_path, two_trees, monkeypatch, capsys):
    old, _ = two_trees
    out = tmp_path / "pkg"
    render.write_tree(old, out)
    broken = dict(old, **{"numpy/poisson.py": old["numpy/poisson.py"] + "\ndef oops(:\n"})
    with pytest.raises(render.OutputError, match=r"numpy/poisson.py does not parse"):
        render.write_tree(broken, out)
    assert _snapshot(out) == old and [p.name for p in tmp_path.iterdir()] == ["pkg"]
    # Through the command line: a template that emits bad Python is an error (exit 2), not a success.
    monkeypatch.setattr(driver, "BACKENDS", driver.BACKENDS + (_BadPythonBackend(),))
    assert cli.main(["build", "--out", str(tmp_path / "cli_pkg"), "--only-user", "--family", "natloss.codegen.families.poisson"]) == 2
    err = capsys.readouterr().err
    assert "numpy/poisson_x.py does not parse" in err and not (tmp_path / "cli_pkg").exists()


def test_check_reports_stale_files_and_build_removes_them(tmp_path, two_trees, capsys):
    out = tmp_path / "pkg"
    args = ["--only-user", "--family", "natloss.codegen.families.poisson", "--out", str(out)]
    assert cli.main(["build", *args]) == 0
    assert cli.main(["build", "--check", *args]) == 0
    (out / "numpy" / "exponential.py").write_text("# a family no longer declared\n")
    (out / "numpy" / "__pycache__").mkdir(exist_ok=True)
    (out / "numpy" / "__pycache__" / "poisson.cpython-311.pyc").write_bytes(b"\0")  # caches are not stale
    capsys.readouterr()
    assert cli.main(["build", "--check", *args]) == 1
    captured = capsys.readouterr()
    assert "stale file" in captured.err and "numpy/exponential.py" in captured.err and "__pycache__" not in captured.err
    assert "--- a/numpy/exponential.py\n+++ /dev/null\n" in captured.out
    assert cli.main(["build", *args]) == 0
    assert not (out / "numpy" / "exponential.py").exists()
    assert cli.main(["build", "--check", *args]) == 0


def _declaration(tmp_path, name, class_name="ToyLoss", file_name="toy_family.py"):
    path = tmp_path / file_name
    path.write_text(textwrap.dedent(f'''
        import sympy as sp
        from natloss.codegen import Family, Param, Target, Support, draws
        eta = Param("eta")
        y = Target(Support.REAL)
        FAMILY = Family(name={name!r}, class_name={class_name!r}, params=(eta,), target=y,
                        log_partition=eta.symbol**2 / 2, sufficient_statistic=(y.symbol,),
                        log_base_measure=-y.symbol**2 / 2 - sp.log(2 * sp.pi) / 2, sampler=draws.normal(eta.symbol, 1))
    '''))
    return str(path)


@pytest.mark.parametrize("name, class_name, message", [
    ("__init__", "ToyLoss", "'__init__' is a reserved Python name"),
    ("__main__", "ToyLoss", "'__main__' is a reserved Python name"),
    ("toy", "__init__", "'__init__' is a reserved Python name"),
])
def test_reserved_family_names_are_refused(tmp_path, name, class_name, message, capsys):
    out = tmp_path / "pkg"
    code = cli.main(["build", "--only-user", "--family", _declaration(tmp_path, name, class_name), "--out", str(out)])
    assert code == 2 and message in capsys.readouterr().err
    assert not out.exists()


def test_families_sharing_a_class_name_are_refused(tmp_path, capsys):
    a = _declaration(tmp_path, "toy_a", "ToyLoss", "a.py")
    b = _declaration(tmp_path, "toy_b", "ToyLoss", "b.py")
    assert cli.main(["build", "--only-user", "--family", a, "--family", b, "--out", str(tmp_path / "pkg")]) == 2
    assert "both declare the class 'ToyLoss'" in capsys.readouterr().err


def test_a_file_path_collision_with_a_package_file_is_refused(two_trees):
    spec = driver.compile_family(_builtin("poisson"))
    fake = replace(spec.family, name="__init__")
    with pytest.raises(ValueError, match="reserved Python name"):
        driver.build_files([fake], "pkg")


@pytest.mark.parametrize("out_kind, message", [
    ("file", "is a file, expected a folder"),
    ("under_a_file", "is not an existing folder"),
    ("unwritable", "cannot write beside it in /proc"),
    ("foreign", "not empty and not a natloss build"),
    ("bad_name", "'my-pkg' is not a Python package name"),
    ("shadowing", "would shadow the module 'numpy'"),
])
def test_unusable_out_folders_are_one_line_errors(tmp_path, out_kind, message):
    decl = _declaration(tmp_path, "toy")
    out = {"file": tmp_path / "a_file", "under_a_file": tmp_path / "a_file" / "pkg", "unwritable": Path("/proc/natloss_pkg"),
           "foreign": tmp_path / "mine", "bad_name": tmp_path / "my-pkg", "shadowing": tmp_path / "numpy"}[out_kind]
    (tmp_path / "a_file").write_text("not a folder\n")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("the user's own file\n")
    res = run_cli("build", "--only-user", "--family", decl, "--out", str(out))
    assert res.returncode == 2, res.stdout + res.stderr
    assert res.stderr.count("\n") == 1 and message in res.stderr and "Traceback" not in res.stderr, res.stderr
    assert (tmp_path / "a_file").read_text() == "not a folder\n"
    assert (tmp_path / "mine" / "notes.txt").read_text() == "the user's own file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file", "mine", "toy_family.py"]


def test_package_option_is_checked(tmp_path, capsys):
    decl = _declaration(tmp_path, "toy")
    assert cli.main(["build", "--only-user", "--family", decl, "--out", str(tmp_path / "x"), "--package", "not-a-name"]) == 2
    assert "--package: expected a Python package name" in capsys.readouterr().err
    assert cli.main(["build", "--only-user", "--family", decl, "--out", str(tmp_path / "my-out"), "--package", "toys"]) == 0
    assert '"""toys: the generated losses.' in (tmp_path / "my-out" / "__init__.py").read_text()


def test_only_user_cannot_replace_the_builtin_package(tmp_path, capsys):
    """natloss.generated holds every built-in family: a build that leaves some out would delete them."""
    before = {p: p.stat().st_mtime_ns for p in (ROOT / "generated").rglob("*") if "__pycache__" not in p.parts}
    assert cli.main(["build", "--only-user", "--family", _declaration(tmp_path, "toy")]) == 2
    err = capsys.readouterr().err
    assert "natloss.generated, which holds every built-in family" in err and "poisson" in err
    assert {p: p.stat().st_mtime_ns for p in (ROOT / "generated").rglob("*") if "__pycache__" not in p.parts} == before


def test_the_command_killed_at_random_moments_leaves_the_old_or_the_new_tree(tmp_path):
    """SIGKILL `natloss build` itself at spread-out moments (the step test above covers every step)."""
    import time

    old_decl = _declaration(tmp_path, "toy", "ToyLoss", "old.py")
    new_decl = _declaration(tmp_path, "toy", "ToyLoss", "new.py")
    Path(new_decl).write_text(Path(new_decl).read_text().replace("class_name='ToyLoss'", "class_name='ToyLoss', doc='v2'"))
    (tmp_path / "ref").mkdir()
    assert run_cli("build", "--only-user", "--family", new_decl, "--out", str(tmp_path / "ref" / "pkg")).returncode == 0
    new = _snapshot(tmp_path / "ref" / "pkg")
    out = tmp_path / "pkg"
    start = time.perf_counter()
    assert run_cli("build", "--only-user", "--family", old_decl, "--out", str(out)).returncode == 0
    full = time.perf_counter() - start
    old = _snapshot(out)
    assert old != new
    for fraction in (0.5, 0.85, 0.95, 1.05):
        proc = subprocess.Popen([sys.executable, "-m", "natloss.codegen", "build", "--only-user", "--family", new_decl,
                                 "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(fraction * full)
        proc.kill()
        proc.wait()
        assert _snapshot(out) in (old, new), f"killed after {fraction:.2f} of a build: a mix of the old and new trees"
        render.write_tree(old, out)  # back to the old tree, and any leftover beside it cleared
        assert _snapshot(out) == old and sorted(p.name for p in tmp_path.iterdir()) == ["new.py", "old.py", "pkg", "ref"]
