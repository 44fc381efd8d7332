"""The build cache: one declaration's compiled output, kept by a hash of everything that makes it.

`natloss build` (and the `pip install` build hook) spends ~0.25 s a declaration in the
symbolic stages and the backends' printers. This cache keeps, per declaration, what the
build needs of it afterwards, so an unchanged rebuild derives and renders nothing:

* the rendered files of that declaration (every backend's `family_files`), byte for byte;
* the warnings its compilation emitted, replayed on a hit (so `no CUDA/CuPy files for ...`
  is still reported);
* its `KernelSpec`, for the backends' `package_files(specs, package)`, which the build always
  re-runs over all specs (it is cheap, ~0.1 s, and so the package files can never be stale).

The key (sha256) of a declaration covers:

* the declaration itself, as a canonical text (`canonical_text`): every dataclass field,
  `source` included (it is printed into the file header though `Family.__eq__` ignores it),
  expressions by `sympy.srepr`. srepr is structural and set-free (Add/Mul args are sorted by
  SymPy's hash-independent order), so the text is the same in every process whatever
  PYTHONHASHSEED is (tests/test_build_cache.py checks two processes). Anything whose text
  is not known to capture its whole state (an object with a default repr, a lambda) makes
  the declaration uncacheable: it is compiled as before, never guessed;
* the source files of classes the declaration uses that live outside SymPy and outside the
  compiler (a user's own `sp.Function` subclass or `Family` subclass: its behaviour is not in
  srepr, its module's text is);
* the compiler's fingerprint (`compiler_fingerprint`): every file under the codegen, templates
  and runtime packages (runtime too: the singular-point pass evaluates with
  natloss.runtime.numpy_math, the CUDA backend reads runtime.cupy_base), the backends list,
  the versions of Python, SymPy, Jinja2, mpmath, NumPy and SciPy, and the platform;
* the package name the build is for.

What the key cannot see: the compiler changed *in memory* (a monkeypatched function); a
build with a backend that is not one of codegen's own (`driver.BACKENDS` holding another
object) bypasses the cache for that reason. Pass `cache=False` (`natloss build --no-cache`,
or NATLOSS_NO_CACHE=1) to build without it.

Where: $NATLOSS_CACHE_DIR, else $XDG_CACHE_HOME/natloss, else ~/.cache/natloss; entries
under `build-v1/`. An entry is written to a temporary file and renamed into place, and
carries a sha256 of its payload and its own key: a torn, corrupt, truncated or misplaced
entry, or one that fails to load for any reason, is a miss and is rebuilt. A cache that
cannot be read or written (no such folder, read-only, full disk) only costs time: the build
goes on without it. Entries are pickles (like __pycache__ holds code), so a folder that is
not the user's own or that anyone may write to is not used (the build says so). The
folder is trimmed to the MAX_ENTRIES most recently used.
"""
from __future__ import annotations

import dataclasses
import enum
import hashlib
import importlib
import io
import os
import pickle
import platform
import sys
import tempfile
import warnings
import zlib
from pathlib import Path

import sympy as sp

FORMAT = "natloss-build-cache-1"
SUBDIR = "build-v1"
MAGIC = b"NATLOSS-BUILD-CACHE 1\n"
MAX_ENTRIES = 2000  # ~20 KB each (compressed): at most ~40 MB

# Versions that change what the compiler derives or prints (SciPy and NumPy: the
# singular-point pass evaluates numerically; mpmath: SymPy's numbers).
VERSIONED = ("sympy", "jinja2", "mpmath", "numpy", "scipy")

# Build products and editor droppings that may sit in the package folders and change nothing.
_IGNORED_SUFFIXES = (".pyc", ".pyo", ".so", ".o", ".a", ".dylib", ".dll", ".pyd", ".swp", "~")
_IGNORED_DIRS = {"__pycache__", ".mypy_cache", ".pytest_cache"}


class Uncacheable(Exception):
    """The declaration holds something whose text is not known to capture its state."""


# ------------------------------------------------------------------ where
def default_dir() -> Path:
    if os.environ.get("NATLOSS_CACHE_DIR"):
        return Path(os.environ["NATLOSS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "natloss"


def disabled_by_env() -> bool:
    return os.environ.get("NATLOSS_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no")


# ------------------------------------------------------------------ the compiler's fingerprint
def _package_dirs() -> list:
    """(label, folder) of the packages whose files make the compiler's output."""
    import importlib.util

    dirs = [("codegen", Path(__file__).resolve().parent)]
    for label in ("templates", "runtime"):
        # find_spec locates them without running their __init__ (setup.py mounts them unexecuted).
        spec = importlib.util.find_spec(f"natloss.{label}")
        if spec is None or not spec.submodule_search_locations:
            raise FileNotFoundError(f"natloss.{label} not found")
        dirs.append((label, Path(list(spec.submodule_search_locations)[0]).resolve()))
    return dirs


def _tree_digest(label: str, root: Path, h) -> None:
    """Every file under root by its path relative to root and its bytes, in sorted order."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _IGNORED_DIRS)
        rel_dir = os.path.relpath(dirpath, root)
        for name in sorted(filenames):
            if name.endswith(_IGNORED_SUFFIXES):
                continue
            with open(os.path.join(dirpath, name), "rb") as f:
                data = f.read()
            rel = name if rel_dir == "." else f"{rel_dir}/{name}".replace(os.sep, "/")
            h.update(f"{label}/{rel}\0{len(data)}\0".encode())
            h.update(data)


def _version(dist: str) -> str:
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:  # no metadata (vendored, source checkout): the module's own
        try:
            return str(importlib.import_module(dist).__version__)
        except Exception:
            return "absent"


def compiler_fingerprint(backends) -> str:
    """sha256 of the compiler: its files, the backends list, the library versions, Python."""
    h = hashlib.sha256(FORMAT.encode() + b"\0")
    for label, root in _package_dirs():
        _tree_digest(label, root, h)
    h.update(repr([(b.name, b.module) for b in backends]).encode() + b"\0")
    h.update(repr([(d, _version(d)) for d in VERSIONED]).encode() + b"\0")
    h.update(f"{sys.version}\0{sys.implementation.cache_tag}\0{sys.platform}\0{platform.machine()}\0".encode())
    return h.hexdigest()


def codegen_backends(backends) -> bool:
    """Whether every backend is one of codegen's own (a `Backend` naming a natloss.codegen module):
    their code is in the fingerprint; anything else (a test's stand-in) is not."""
    from natloss.codegen.backends import Backend

    return all(type(b) is Backend and b.module.startswith("natloss.codegen.") for b in backends)


# ------------------------------------------------------------------ a declaration's text
_OWN_MODULES = ("natloss.codegen", "natloss.runtime", "natloss.templates")


def _is_own(module: str) -> bool:
    return module in _OWN_MODULES or module.startswith(tuple(m + "." for m in _OWN_MODULES))


def _note_type(cls, modules: dict) -> None:
    """Record the source of a class whose behaviour the text does not show (outside SymPy and the compiler)."""
    module = getattr(cls, "__module__", None)
    if module is None:
        from sympy.core.function import UndefinedFunction

        if isinstance(cls, UndefinedFunction):  # Function('f'): srepr names it and its assumptions
            return
        raise Uncacheable(f"{cls!r} has no module")
    if module == "builtins" or module == "sympy" or module.startswith("sympy.") or _is_own(module) or module in modules:
        return
    path = getattr(sys.modules.get(module), "__file__", None)
    if not path:
        raise Uncacheable(f"{cls!r}: its module {module} has no source file")
    with open(path, "rb") as f:
        modules[module] = hashlib.sha256(f.read()).hexdigest()


def _canon(obj, out: list, modules: dict) -> None:
    if obj is None or type(obj) in (bool, int, float, str, bytes):
        out.append(f"{type(obj).__name__}:{obj!r}")
    elif isinstance(obj, enum.Enum):
        _note_type(type(obj), modules)
        out.append(f"enum:{type(obj).__module__}.{type(obj).__qualname__}.{obj.name}")
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        _note_type(type(obj), modules)
        out.append(f"dc:{type(obj).__module__}.{type(obj).__qualname__}(")
        for f in dataclasses.fields(obj):  # all fields, compare=False ones (source) too
            out.append(f.name + "=")
            _canon(getattr(obj, f.name), out, modules)
            out.append(",")
        out.append(")")
    elif isinstance(obj, (sp.Basic, sp.MatrixBase)):
        # srepr names a class by its __name__ only: the classes' full names, node by node in
        # preorder, tell a user's `exp` (or one of the compiler's) from SymPy's.
        roots = [obj] if isinstance(obj, sp.Basic) else list(obj)
        types = []
        for root in roots:
            for node in sp.preorder_traversal(root):
                cls = type(node)
                _note_type(cls, modules)
                types.append(f"{cls.__module__}.{cls.__qualname__}")
        out.append(f"sympy:{sp.srepr(obj)}|{' '.join(types)}")
    elif type(obj) in (tuple, list):
        out.append(f"{type(obj).__name__}[")
        for item in obj:
            _canon(item, out, modules)
            out.append(",")
        out.append("]")
    elif type(obj) in (dict, frozenset, set):
        items = obj.items() if isinstance(obj, dict) else ((x, None) for x in obj)
        texts = []
        for k, v in items:
            part = []
            _canon(k, part, modules)
            part.append(":")
            _canon(v, part, modules)
            texts.append("".join(part))
        out.append(f"{type(obj).__name__}{{" + ",".join(sorted(texts)) + "}")
    else:
        raise Uncacheable(f"a {type(obj).__qualname__} in the declaration")


def canonical_text(declaration) -> tuple:
    """(text, {module: sha256 of its source}) of a declaration; raises Uncacheable."""
    out, modules = [], {}
    _canon(declaration, out, modules)
    return "".join(out), modules


def declaration_key(declaration, fingerprint: str, package: str):
    """The cache key of one declaration's output, or None if it cannot be cached."""
    try:
        text, modules = canonical_text(declaration)
    except (Uncacheable, OSError, RecursionError):
        return None
    h = hashlib.sha256()
    for part in (FORMAT, fingerprint, package, repr(sorted(modules.items())), text):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


# ------------------------------------------------------------------ faithful pickling of specs
# Plain pickling rebuilds a SymPy expression by calling its class on its args, which
# evaluates again: Mul(0.5, Add(a, b)) comes back as Add(0.5*a, 0.5*b), and the printed code
# differs (measured: 7 of 42 built-in specs changed). So expressions are rebuilt as they
# were: the same class, the same args, the same slots (is_commutative, the assumptions known
# then), without running a constructor. Atoms (symbols, numbers) pickle as SymPy pickles
# them; matrices by their own constructor, which does not evaluate entries.
# `store` checks each spec round-trips to a structurally equal one before keeping it.
_SLOTS = {}


def _slots(cls) -> tuple:
    names = _SLOTS.get(cls)
    if names is None:
        names = _SLOTS[cls] = tuple(dict.fromkeys(
            n for c in cls.__mro__ for n in c.__dict__.get("__slots__", ())
            if n not in ("_mhash", "_args", "__dict__", "__weakref__")))
    return names


def _rebuild(cls, args, state):
    obj = object.__new__(cls)
    obj._mhash = None
    obj._args = args
    for name, value in state.items():
        object.__setattr__(obj, name, value)
    return obj


class _SpecPickler(pickle.Pickler):
    def reducer_override(self, obj):
        if isinstance(obj, sp.Basic) and obj.args and not isinstance(obj, (sp.Atom, sp.MatrixBase)):
            state = {n: getattr(obj, n) for n in _slots(type(obj)) if hasattr(obj, n)}
            state.update(getattr(obj, "__dict__", {}))
            return _rebuild, (type(obj), obj.args, state)
        return NotImplemented


def dumps(obj) -> bytes:
    buffer = io.BytesIO()
    _SpecPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buffer.getvalue()


# ------------------------------------------------------------------ warnings
def replay(records: list) -> None:
    """Emit stored warnings again, through the warnings filters in force now."""
    for module, qualname, message, filename, lineno in records:
        category = UserWarning
        try:
            found = importlib.import_module(module)
            for part in qualname.split("."):
                found = getattr(found, part)
            if isinstance(found, type) and issubclass(found, Warning):
                category = found
        except Exception:
            pass
        warnings.warn_explicit(message, category, filename, lineno)


def warning_records(caught: list) -> list:
    return [(w.category.__module__, w.category.__qualname__, str(w.message), str(w.filename), int(w.lineno or 0))
            for w in caught]


# ------------------------------------------------------------------ the store
class BuildCache:
    """Entries by key under `root`; every failure to read or write is a miss, never an error."""

    def __init__(self, root: Path, backends):
        self.root = Path(root)
        self.folder = self.root / SUBDIR
        self.hits = self.misses = self.stored = 0
        self.note = ""  # why entries were not kept, for the command line
        self.writable = True
        try:
            self.fingerprint = compiler_fingerprint(backends) if codegen_backends(backends) else None
        except Exception as exc:  # a package folder that cannot be read: build without the cache
            self.fingerprint, self.note = None, f"off ({exc})"
        if self.fingerprint is None and not self.note:
            self.note = "off (a backend outside natloss.codegen)"
        if self.enabled and not _trusted(self.folder):
            self.fingerprint, self.note = None, f"off ({self.folder} is not yours, or anyone may write to it)"

    @property
    def enabled(self) -> bool:
        return self.fingerprint is not None

    def key(self, declaration, package: str):
        return declaration_key(declaration, self.fingerprint, package) if self.enabled else None

    def package_key(self, keys: list, package: str):
        """The key of the package files (every backend's package_files) of declarations with these
        keys, in this order; None if one of them cannot be cached."""
        if not self.enabled or any(k is None for k in keys):
            return None
        return hashlib.sha256("\0".join([FORMAT, "package", self.fingerprint, package, *keys]).encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.entry"

    def _read(self, key: str):
        """The dict stored under key, checked against its digest and its own key; None if absent or bad."""
        if key is None:
            return None
        path = self._path(key)
        try:
            with open(path, "rb") as f:
                blob = f.read()
            if not blob.startswith(MAGIC):
                return None
            digest, _, payload = blob[len(MAGIC):].partition(b"\n")
            if hashlib.sha256(payload).hexdigest().encode() != digest:
                return None
            entry = pickle.loads(zlib.decompress(payload))
            if not (isinstance(entry, dict) and entry.get("format") == FORMAT and entry.get("key") == key
                    and _text_files(entry.get("files"))):
                return None
        except Exception:  # missing, unreadable, corrupt, from an incompatible compiler: a miss
            return None
        try:
            os.utime(path)  # most recently used, for trimming
        except OSError:
            pass
        return entry

    def _write(self, key: str, entry: dict) -> bool:
        if key is None or not self.writable:
            return False
        payload = zlib.compress(pickle.dumps(dict(entry, format=FORMAT, key=key), protocol=pickle.HIGHEST_PROTOCOL), 6)
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload)
                os.replace(tmp, self._path(key))  # readers see the old entry or the whole new one
            except BaseException:
                _unlink(tmp)
                raise
        except OSError as exc:  # unwritable, read-only, full: build on without storing
            self.writable = False
            self.note = f"not written ({exc.strerror or exc}: {exc.filename or self.folder})"
            return False
        self.stored += 1
        return True

    def load(self, key: str):
        """A declaration's entry {name, class_name, files, warnings, spec (the KernelSpec pickled by
        `dumps`; the driver unpickles it only when the package files need it)}, or None."""
        entry = self._read(key)
        if entry is None:
            return None
        if not (isinstance(entry.get("name"), str) and isinstance(entry.get("class_name"), str)
                and isinstance(entry.get("warnings"), list) and isinstance(entry.get("spec"), bytes)):
            return None
        return entry

    def store(self, key: str, spec, files: dict, warning_list: list) -> bool:
        if key is None or not self.writable:
            return False
        try:
            spec_blob = dumps(spec)
            faithful = pickle.loads(spec_blob) == spec  # structurally equal (see _SpecPickler)
        except Exception:
            faithful = False
        if not faithful:  # this declaration is compiled on every build; the others are kept
            self.note = self.note or f"{spec.family.name}: its spec does not round-trip, not kept"
            return False
        return self._write(key, {"name": spec.family.name, "class_name": spec.family.class_name,
                                 "files": dict(files), "warnings": list(warning_list), "spec": spec_blob})

    def load_package(self, key: str):
        """The package files' entry {files, warnings} stored under key, or None."""
        entry = self._read(key)
        return entry if entry is not None and isinstance(entry.get("warnings"), list) else None

    def store_package(self, key: str, files: dict, warning_list: list = ()) -> bool:
        return self._write(key, {"files": dict(files), "warnings": list(warning_list)})

    def trim(self) -> None:
        """Keep the MAX_ENTRIES most recently used entries (and drop stray temporary files)."""
        try:
            entries = [(e.stat().st_mtime, e.path) for e in os.scandir(self.folder)
                       if e.name.endswith(".entry") or e.name.startswith(".tmp-")]
        except OSError:
            return
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort(reverse=True)
        for _, path in entries[MAX_ENTRIES:]:
            _unlink(path)

    def summary(self) -> str:
        if not self.enabled:
            return f"cache {self.note}"
        text = f"{self.hits} of {self.hits + self.misses} from the cache ({self.folder})"
        return f"{text}; {self.note}" if self.note else text


def _text_files(files) -> bool:
    return isinstance(files, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())


def _trusted(folder: Path) -> bool:
    """Entries are unpickled, so they are read only from a folder of this user that others cannot
    write to (as pip checks its cache): absent (it is created 0700), or owned and not world-writable."""
    try:
        st = os.stat(folder)
    except FileNotFoundError:
        return True
    except OSError:
        return True  # unreadable: every read and write fails, and the build goes on without it
    if not hasattr(os, "getuid"):
        return True
    return st.st_uid == os.getuid() and not st.st_mode & 0o002


def _unlink(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def default_cache(backends):
    """The cache `natloss build` uses: None when NATLOSS_NO_CACHE is set."""
    if disabled_by_env():
        return None
    return BuildCache(default_dir(), backends)
