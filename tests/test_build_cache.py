"""The build cache (codegen/cache.py): a cached build is the uncached build, byte for byte.

Every check here compares against an independent, uncached build of the same declarations
(`build_files(..., cache=None)`), or against what the key must and must not depend on.
Only cheap declarations are compiled (poisson, exponential, normal_mean, the poisson_rate
parametrization and, for a build warning to cache, the per-row categorical_logits_log_temperature,
which the CUDA backend skips; ~1.5 s together); no timing is asserted (the no-op
`natloss build --check` figure is in benchmarks/RESULTS.md).
"""
from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
import sympy as sp

from natloss.codegen import cache as cache_module
from natloss.codegen import cli, draws, driver
from natloss.codegen.backends import BACKENDS

PACKAGE = "pkg"
NAMES = ("poisson", "exponential", "normal_mean", "poisson_rate", "categorical_logits_log_temperature")
WARNING = "no CUDA/CuPy files for 'categorical_logits_log_temperature'"


def _declarations(*names):
    found = {d.name: d for d in driver.builtin_declarations()}
    return [found[n] for n in names]


DECLS = _declarations(*NAMES)


def _uncached(decls):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return driver.build_files(decls, PACKAGE, cache=None)[1]


def _cached(decls, root, dirs=None):
    """(files, specs, cache) of a build through a cache in `root`; the warnings it emits are returned too."""
    build_cache = cache_module.BuildCache(root, BACKENDS)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        specs, files, _ = driver.build_files(decls, PACKAGE, cache=build_cache)
    return files, specs, build_cache, [str(w.message) for w in caught]


def _family_paths(files, name):
    return {rel for rel in files if Path(rel).stem == name}


@pytest.fixture(scope="module")
def uncached():
    return _uncached(DECLS)


@pytest.fixture(scope="module")
def primed(tmp_path_factory, uncached):
    """A cache folder holding the entries of DECLS (and their package files)."""
    root = tmp_path_factory.mktemp("primed")
    files, _, build_cache, caught = _cached(DECLS, root)
    assert (build_cache.hits, build_cache.misses, build_cache.stored) == (0, len(DECLS), len(DECLS) + 1)
    assert files == uncached
    assert any(WARNING in m for m in caught), caught
    return root


@pytest.fixture
def primed_copy(primed, tmp_path):
    root = tmp_path / "cache"
    shutil.copytree(primed, root)
    return root


# ------------------------------------------------------------------ same output
def test_a_cached_build_is_the_uncached_build_byte_for_byte(primed, uncached):
    files, specs, build_cache, caught = _cached(DECLS, primed)
    assert (build_cache.hits, build_cache.misses, build_cache.stored) == (len(DECLS), 0, 0)
    assert files == uncached  # dict equality: same paths, same texts
    assert any(WARNING in m for m in caught), "the stored warning is replayed on a hit"
    # The specs come back structurally equal to freshly compiled ones.
    assert specs == [driver.compile_family(d) for d in DECLS]


def test_package_files_from_cached_specs_are_the_uncached_ones(primed):
    """Another order (another package key): the package files are computed again from the cached specs."""
    decls = [DECLS[1], DECLS[0]]
    files, _, build_cache, _ = _cached(decls, primed)
    assert (build_cache.hits, build_cache.misses) == (2, 0) and build_cache.stored == 1  # the package entry
    assert files == _uncached(decls)


@pytest.mark.parametrize("change", ["doc", "expression", "hyper_default", "source"])
def test_a_changed_declaration_rebuilds_that_family_and_only_it(primed_copy, uncached, change):
    poisson, exponential, normal_mean, rate, _rows = DECLS
    if change == "doc":
        changed, name = replace(poisson, doc="Counts, Poisson(rate); another doc."), "poisson"
    elif change == "expression":  # the same distribution, sampled through another expression
        neg_rate = exponential.params[0].symbol
        changed, name = replace(exponential, sampler=-draws.gamma(1, 1) / neg_rate), "exponential"
    elif change == "hyper_default":
        hyper = normal_mean.hypers[0]
        changed, name = replace(normal_mean, hypers=(replace(hyper, default=0.25),)), "normal_mean"
    else:  # Family.__eq__ ignores `source`, the generated header prints it: the key must not
        changed, name = replace(poisson, source="somewhere/else.py"), "poisson"
    decls = [changed if d.name == name else d for d in DECLS]
    files, _, build_cache, _ = _cached(decls, primed_copy)
    assert (build_cache.hits, build_cache.misses) == (len(DECLS) - 1, 1)
    assert files == _uncached(decls)
    differ = {rel for rel in set(files) | set(uncached) if files.get(rel) != uncached.get(rel)}
    assert differ and differ <= _family_paths(uncached, name), differ
    # And back: the old declaration is still cached.
    _, _, build_cache, _ = _cached(DECLS, primed_copy)
    assert (build_cache.hits, build_cache.misses) == (len(DECLS), 0)


def test_the_package_name_is_in_the_key():
    fingerprint = "f" * 64
    assert (cache_module.declaration_key(DECLS[0], fingerprint, "pkg")
            != cache_module.declaration_key(DECLS[0], fingerprint, "other_pkg"))


# ------------------------------------------------------------------ the compiler's fingerprint
@pytest.fixture
def compiler_copy(tmp_path, monkeypatch):
    """The codegen, templates and runtime folders copied, and the fingerprint reading the copies."""
    dirs = []
    for label, root in cache_module._package_dirs():
        copy = tmp_path / "src" / label
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__"))
        dirs.append((label, copy))
    monkeypatch.setattr(cache_module, "_package_dirs", lambda: dirs)
    return dict(dirs)


def _fingerprint():
    return cache_module.compiler_fingerprint(BACKENDS)


@pytest.mark.parametrize("edit", [
    "codegen/backends/numpy/templates/family.py.jinja",       # a template
    "templates/package_init.py.jinja",
    "codegen/derive.py",                     # a codegen module
    "codegen/backends/numpy/printer.py",   # a nested one
    "codegen/families/poisson.py",           # a built-in declaration's module
    "runtime/numpy_math.py",                 # the runtime the singular-point pass evaluates with
    "codegen/backends/cpu/kernels.c.jinja",  # a new file in a new backend folder
])
def test_editing_any_compiler_file_changes_the_fingerprint(compiler_copy, edit):
    before = _fingerprint()
    assert _fingerprint() == before
    label, rel = edit.split("/", 1)
    path = compiler_copy[label] / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as f:
        f.write("\n")
    assert _fingerprint() != before


def test_time_stamps_and_build_products_do_not_change_the_fingerprint(compiler_copy):
    before = _fingerprint()
    template = compiler_copy["codegen"] / "backends" / "numpy" / "templates" / "family.py.jinja"
    os.utime(template, (1, 1))  # `touch` alone: same bytes, same output
    cached = compiler_copy["codegen"] / "__pycache__"
    cached.mkdir()
    (cached / "driver.cpython-311.pyc").write_bytes(b"\0")
    (compiler_copy["runtime"] / "_natloss_cpu.so").write_bytes(b"\0")
    assert _fingerprint() == before


def test_library_versions_and_backends_are_in_the_fingerprint(monkeypatch):
    before = _fingerprint()
    real = cache_module._version
    monkeypatch.setattr(cache_module, "_version", lambda d: "0.0-other" if d == "sympy" else real(d))
    assert _fingerprint() != before
    monkeypatch.setattr(cache_module, "_version", real)
    assert cache_module.compiler_fingerprint(BACKENDS[:1]) != before


def test_an_edited_template_is_a_miss(primed_copy, compiler_copy):
    """End to end: entries made by one compiler are not found by another."""
    build_cache = cache_module.BuildCache(primed_copy, BACKENDS)
    keys = [build_cache.key(d, PACKAGE) for d in DECLS]
    # The entries were made by the real folders; the copies are byte-identical.
    assert all(build_cache.load(k) is not None for k in keys)
    with open(compiler_copy["codegen"] / "backends" / "numpy" / "templates" / "family.py.jinja", "a") as f:
        f.write("{# edited #}\n")
    build_cache = cache_module.BuildCache(primed_copy, BACKENDS)
    assert all(build_cache.load(build_cache.key(d, PACKAGE)) is None for d in DECLS)


class _StandIn:
    def family_files(self, spec):
        return {}

    def package_files(self, specs, package):
        return {}


def test_a_backend_outside_codegen_turns_the_cache_off(tmp_path, monkeypatch, capsys):
    assert not cache_module.BuildCache(tmp_path, BACKENDS + (_StandIn(),)).enabled
    monkeypatch.setattr(driver, "BACKENDS", BACKENDS + (_StandIn(),))
    monkeypatch.setenv("NATLOSS_CACHE_DIR", str(tmp_path / "c"))
    result = driver.build(DECLS[:1], tmp_path / "pkg", package=PACKAGE)
    assert "off" in result["cache"] and not (tmp_path / "c").exists()


# ------------------------------------------------------------------ broken caches
def _corrupt(path: Path, how: str, other: Path):
    blob = path.read_bytes()
    if how == "flipped_byte":
        i = len(blob) // 2
        path.write_bytes(blob[:i] + bytes([blob[i] ^ 0x40]) + blob[i + 1:])
    elif how == "truncated":
        path.write_bytes(blob[: len(blob) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(os.urandom(4096))
    elif how == "another_entry":  # intact, but stored under another declaration's key
        shutil.copyfile(other, path)
    elif how == "a_folder":
        path.unlink()
        path.mkdir()


@pytest.mark.parametrize("how", ["flipped_byte", "truncated", "empty", "garbage", "another_entry", "a_folder"])
def test_a_corrupt_entry_is_rebuilt_not_trusted(primed_copy, uncached, how):
    build_cache = cache_module.BuildCache(primed_copy, BACKENDS)
    key, other = (build_cache.key(d, PACKAGE) for d in DECLS[:2])
    _corrupt(build_cache._path(key), how, build_cache._path(other))
    assert build_cache.load(key) is None
    files, _, build_cache, _ = _cached(DECLS, primed_copy)
    assert (build_cache.hits, build_cache.misses) == (len(DECLS) - 1, 1)
    assert files == uncached
    if how != "a_folder":  # rewritten in place
        assert cache_module.BuildCache(primed_copy, BACKENDS).load(key) is not None


def test_a_corrupt_package_entry_is_rebuilt(primed_copy, uncached):
    build_cache = cache_module.BuildCache(primed_copy, BACKENDS)
    key = build_cache.package_key([build_cache.key(d, PACKAGE) for d in DECLS], PACKAGE)
    _corrupt(build_cache._path(key), "flipped_byte", None)
    files, _, build_cache, _ = _cached(DECLS, primed_copy)
    assert files == uncached and build_cache.stored == 1


@pytest.mark.parametrize("where", ["under_a_file", "proc"])
def test_an_unusable_cache_folder_still_builds(tmp_path, uncached, where, monkeypatch, capsys):
    (tmp_path / "a_file").write_text("")
    root = tmp_path / "a_file" / "cache" if where == "under_a_file" else Path("/proc/natloss_cache")
    files, _, build_cache, _ = _cached(DECLS, root)
    assert files == uncached and build_cache.stored == 0 and "not written" in build_cache.summary()
    # Through the command line too.
    monkeypatch.setenv("NATLOSS_CACHE_DIR", str(root))
    out = tmp_path / "out"
    assert cli.main(["build", "--only-user", "--family", "natloss.codegen.families.poisson", "--out", str(out)]) == 0
    assert "not written" in capsys.readouterr().out
    assert (out / "numpy" / "poisson.py").read_text() == uncached["numpy/poisson.py"]


def test_a_spec_that_does_not_round_trip_is_not_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "dumps", lambda spec: pickle.dumps(replace(spec, passes=())))
    files, _, build_cache, _ = _cached(DECLS[:1], tmp_path)
    assert build_cache.stored == 1  # the package files only
    assert "does not round-trip" in build_cache.summary()
    assert files == _uncached(DECLS[:1])


# ------------------------------------------------------------------ the key
_KEYS_SCRIPT = """
import json
from natloss.codegen import cache, driver
from natloss.codegen.backends import BACKENDS
decls = driver.builtin_declarations()
print(json.dumps({"keys": {d.name: cache.declaration_key(d, "f" * 64, "natloss.generated") for d in decls},
                  "fingerprint": cache.compiler_fingerprint(BACKENDS)}))
"""


def test_keys_are_the_same_in_two_processes_with_different_hash_seeds():
    results = []
    for seed in ("0", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run([sys.executable, "-c", _KEYS_SCRIPT], capture_output=True, text=True, env=env, check=True)
        results.append(json.loads(out.stdout))
    assert results[0] == results[1]
    keys = results[0]["keys"]
    assert len(keys) == len(driver.builtin_declarations()) and None not in keys.values()
    assert len(set(keys.values())) == len(keys)  # one key per declaration
    assert keys == {d.name: cache_module.declaration_key(d, "f" * 64, "natloss.generated")
                    for d in driver.builtin_declarations()}  # and this process agrees


class _UserFunction(sp.Function):
    """A user's own SymPy function: its behaviour is in this file, not in srepr."""


def test_a_users_own_classes_bring_their_source_into_the_key():
    poisson = DECLS[0]
    eta = poisson.params[0].symbol
    user = replace(poisson, log_base_measure=_UserFunction(poisson.target.symbol) + 0 * eta)
    _, modules = cache_module.canonical_text(user)
    assert list(modules) == [__name__]
    assert cache_module.canonical_text(poisson)[1] == {}


class exp(sp.Function):  # noqa: N801 - SymPy's name on purpose: srepr prints both as exp(...)
    """Not SymPy's exp."""


def test_a_class_named_like_a_sympy_one_is_told_apart():
    y = sp.Symbol("y", real=True)
    assert sp.srepr(exp(y)) == sp.srepr(sp.exp(y))
    (mine, _), (sympys, _) = cache_module.canonical_text(exp(y)), cache_module.canonical_text(sp.exp(y))
    assert mine != sympys


def test_what_the_text_cannot_capture_is_not_cached():
    poisson = DECLS[0]
    assert cache_module.declaration_key(replace(poisson, hypers=(object(),)), "f" * 64, PACKAGE) is None
    assert cache_module.declaration_key(replace(poisson, doc=lambda: "doc"), "f" * 64, PACKAGE) is None


def test_expressions_are_pickled_as_they_are():
    """Plain pickling re-evaluates (0.5 * (x + y) comes back as 0.5*x + 0.5*y); the cache's does not."""
    x, y = sp.symbols("x y", real=True)
    expr = sp.exp(sp.Mul(sp.Float(0.5), x + y, evaluate=False))
    assert pickle.loads(pickle.dumps(expr)) != expr  # why the cache has its own pickler
    back = pickle.loads(cache_module.dumps(expr))
    assert back == expr and sp.srepr(back) == sp.srepr(expr) and hash(back) == hash(expr)
    assert back.args[0].is_commutative and back.is_real


# ------------------------------------------------------------------ the command line
def test_the_command_line_says_what_came_from_the_cache(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NATLOSS_CACHE_DIR", str(tmp_path / "c"))
    args = ["--only-user", "--family", "natloss.codegen.families.poisson", "--out", str(tmp_path / "pkg")]
    assert cli.main(["build", *args]) == 0
    assert "0 of 1 from the cache" in capsys.readouterr().out
    assert cli.main(["build", "--check", *args]) == 0
    assert "1 of 1 from the cache" in capsys.readouterr().out
    entries = sorted((tmp_path / "c" / cache_module.SUBDIR).iterdir())
    assert cli.main(["build", "--check", "--no-cache", *args]) == 0
    assert "cache off" in capsys.readouterr().out
    monkeypatch.setenv("NATLOSS_NO_CACHE", "1")
    assert cli.main(["build", "--check", *args]) == 0
    assert "cache off" in capsys.readouterr().out
    assert sorted((tmp_path / "c" / cache_module.SUBDIR).iterdir()) == entries


def test_the_folder_is_trimmed_to_the_most_recently_used(primed_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "MAX_ENTRIES", 3)
    folder = primed_copy / cache_module.SUBDIR
    assert len(list(folder.iterdir())) > 3
    build_cache = cache_module.BuildCache(primed_copy, BACKENDS)
    for path in folder.iterdir():
        os.utime(path, (1, 1))  # long unused
    (folder / ".tmp-stray").write_bytes(b"")
    os.utime(folder / ".tmp-stray", (1, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        driver.build(DECLS[:1], tmp_path / PACKAGE, package=PACKAGE, cache=build_cache)  # stores the package entry
    kept = sorted(p.name for p in folder.iterdir())
    expected = {build_cache.key(DECLS[0], PACKAGE), build_cache.package_key([build_cache.key(DECLS[0], PACKAGE)], PACKAGE)}
    assert len(kept) == 3 and {f"{k}.entry" for k in expected} <= set(kept)


def test_a_folder_anyone_may_write_to_is_not_used(primed_copy, uncached, tmp_path):
    folder = primed_copy / cache_module.SUBDIR
    folder.chmod(0o777)
    build_cache = cache_module.BuildCache(primed_copy, BACKENDS)
    assert not build_cache.enabled and "anyone may write" in build_cache.summary()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = driver.build(DECLS, tmp_path / PACKAGE, check=True, package=PACKAGE, cache=build_cache)
    assert result["cached"] == 0
    folder.chmod(0o700)
    assert cache_module.BuildCache(primed_copy, BACKENDS).enabled


def test_warnings_of_the_package_files_are_replayed_too(tmp_path, monkeypatch):
    from natloss.codegen.backends import cuda as cuda_backend

    real = cuda_backend.package_files

    def warning_package_files(specs, package):
        warnings.warn("a package-level warning", UserWarning)
        return real(specs, package)

    monkeypatch.setattr(cuda_backend, "package_files", warning_package_files)
    for expected_hits in (0, 1):
        files, _, build_cache, caught = _cached(DECLS[:1], tmp_path)
        assert build_cache.hits == expected_hits and "a package-level warning" in caught
    assert files == _uncached(DECLS[:1])


def test_a_spec_that_does_not_load_is_derived_again():
    poisson = DECLS[0]
    spec = driver.compile_family(poisson)
    for blob in (b"not a pickle", pickle.dumps(replace(spec.family, name="other"))):
        item = driver._Compiled(poisson, "poisson", spec.family.class_name, {}, "key", spec_blob=blob)
        assert item.spec() == spec
