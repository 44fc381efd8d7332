"""Rendering: printed ops -> file contents through Jinja, then written atomically or diffed.

The templates only loop over what is prepared here: lists of (name, code) strings,
prologue lines and class attributes. No math and no Python helpers go into them.
"""
from __future__ import annotations

import ctypes
import difflib
import errno
import math
import os
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
import sympy as sp

from natloss.codegen.backends import BACKENDS
from natloss.codegen.lower import KernelSpec
from natloss.codegen.backends.numpy.printer import PrintedOp


# Template names are "<namespace>/<file>": each namespace is a folder of a backend (one
# templates/ folder per backend, codegen/backends/<name>/templates/); anything else is a
# package-level template of natloss.templates.
TEMPLATE_FOLDERS = {namespace: folder for backend in BACKENDS for namespace, folder in backend.templates}


def template_dir() -> Path:
    return Path(str(resources.files("natloss.templates")))


def codegen_dir() -> Path:
    return Path(__file__).resolve().parent


def environment() -> jinja2.Environment:
    namespaces = {ns: jinja2.FileSystemLoader(str(codegen_dir() / folder)) for ns, folder in TEMPLATE_FOLDERS.items()}
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PrefixLoader(namespaces), jinja2.FileSystemLoader(str(template_dir()))]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def template_path(template: str) -> str:
    """Where a template lives, relative to the repository, as the file headers name it."""
    namespace, _, rest = template.partition("/")
    if namespace in TEMPLATE_FOLDERS and rest:
        return f"codegen/{TEMPLATE_FOLDERS[namespace]}/{rest}"
    return f"templates/{template}"


def inert(text: str) -> str:
    """Text from a declaration, made one line of printable ASCII: a file name with a newline
    or quotes cannot end a comment or a string and become code."""
    return text.encode("unicode_escape").decode("ascii").replace('"', '\\x22').replace("*/", "*\\x2f")


def docstring_text(text: str) -> str:
    """Text from a declaration inside a triple-quoted docstring: backslashes and quotes are
    escaped and control characters other than newline written as escapes, so the text
    stays text (a doc with `\"\"\"` or a trailing backslash cannot close the string)."""
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    return "".join(c if c == "\n" or c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in out)


def default_literal(value) -> str:
    """A hyper-parameter's default as a literal; validate has checked it is a finite int or float."""
    return repr(int(value)) if isinstance(value, int) else repr(float(value))


def header(template: str, source: str, comment: str = "#") -> str:
    return f"{comment} generated from {inert(source)} by {template_path(template)}, do not edit; run `natloss build`."


@dataclass(frozen=True)
class Method:
    name: str
    arguments: str
    prologue: tuple
    assignments: tuple
    result: str


def _used(op: PrintedOp, names) -> list:
    """The names the op reads (its plan), in the given order."""
    return [n for n in names if n in op.reads]


def _unpack(names, source: str) -> str:
    return f"({', '.join(names)},) = {source}"


def _method(spec: KernelSpec, op: PrintedOp, name: str, arguments: str, extra_unpack=(), single=False,
            sources=("self._params", "self._hypers")) -> Method:
    params = _used(op, spec.params)
    prologue = []
    if params:
        prologue.append(_unpack([p if p in params else "_" for p in spec.params], sources[0]))
    for h, _, _ in spec.hypers:
        if _used(op, [h]):
            prologue.append(f'{h} = {sources[1]}["{spec.public(h)}"]')
    for names, source in extra_unpack:
        used = _used(op, names)
        if used:
            prologue.append(_unpack([n if n in used else "_" for n in names], source))
    outs = [n for n, _ in op.outputs]
    result = outs[0] if single else f"({', '.join(outs)},)"
    return Method(name, arguments, tuple(prologue), op.temporaries + op.outputs, result)


def _interval(domain) -> str:
    lo, hi = domain.inf, domain.sup
    f = lambda v: "-math.inf" if v == -sp.oo else ("math.inf" if v == sp.oo else repr(float(v)))  # noqa: E731
    return f"({f(lo)}, {bool(domain.left_open)}, {f(hi)}, {bool(domain.right_open)})"


def _target_bounds_attribute(family) -> list:
    """``target_bounds`` (lo, lo_open, hi, hi_open; a hyper-parameter's name for a hyper bound) for the
    supports whose check reads it (interval); the other supports' checks are fixed entries."""
    from natloss.codegen.family import Support

    if family.target.support is not Support.INTERVAL:
        return []
    b = family.target.bounds
    f = lambda v: repr(v) if isinstance(v, str) else ("-math.inf" if v == -math.inf else "math.inf" if v == math.inf else repr(float(v)))  # noqa: E731
    return [("target_bounds", f"({f(b.lower)}, {b.lower_open}, {f(b.upper)}, {b.upper_open})")]


def _doc_math(spec: KernelSpec) -> str:
    d = spec.derived
    show = lambda e: sp.sstr(d.family.display(e))  # noqa: E731 - the declared names, not the locals
    lines = [d.family.doc, "", f"Structure: {d.structure.value}; the factor B is proved ({d.proof}).", ""]
    if getattr(d, "parametrization", None) is not None:
        return docstring_text("\n".join(line.rstrip() for line in lines + _parametrized_doc(d)))
    if d.family.componentwise:
        lines += ["Componentwise: a case is a row over the last axis, its components independent; per component:", ""]
    lines.append(f"A(eta) = {show(d.log_partition)}")
    lines.append(f"T(y) = {', '.join(show(t) for t in d.stat)}")
    lines.append(f"log h(y) = {show(d.log_base_measure)}")
    if d.fisher is not None:
        lines.append("F = Hessian = GGN = grad^2 A:")
        lines += [f"    F[{i},{j}] = {show(d.fisher[i, j])}" for i in range(d.fisher.rows) for j in range(i, d.fisher.rows)]
        lines.append("B (B B^T = F, lower triangular):")
        lines += [f"    B[{i},{j}] = {show(d.factor[i, j])}" for i in range(d.factor.rows) for j in range(i + 1) if d.factor[i, j] != 0]
    if d.coupled is not None:
        c = d.coupled
        lines.append("F = D + c u u^T over the last axis; B = D^(1/2) (I + a w w^T), w = D^(-1/2) u:")
        lines += [f"    D_k = {show(c.diag)}", f"    u_k = {show(c.u)}", f"    c = {show(c.c)}", f"    a = {show(c.a)}"]
    return docstring_text("\n".join(line.rstrip() for line in lines))


def _parametrized_doc(d) -> list:
    """eta(theta), J, the Fisher J^T F J, the factor J^T B and the true Hessian, in the declared names."""
    p, show = d.parametrization, lambda e: sp.sstr(d.family.display(e))  # noqa: E731
    natural = p.family
    lines = [f"Parameters {', '.join(q.name for q in p.params)} of the {natural.name} family"
             f" ({natural.class_name}); {'canonical' if d.canonical else 'not canonical'}:"]
    lines += [f"    {q.name} = {show(e)}" for q, e in zip(natural.params, p.eta)]
    lines.append("J = d eta / d theta:")
    lines += [f"    J[{i},{j}] = {show(d.jacobian[i, j])}" for i in range(d.jacobian.rows) for j in range(d.jacobian.cols)]
    lines.append("F = GGN = J^T grad^2 A J:")
    lines += [f"    F[{i},{j}] = {show(d.fisher[i, j])}" for i in range(d.fisher.rows) for j in range(i, d.fisher.rows)]
    lines.append("B = J^T B_natural (B B^T = F; inner shape of the natural family):")
    lines += [f"    B[{i},{j}] = {show(d.factor[i, j])}" for i in range(d.factor.rows) for j in range(d.factor.cols) if d.factor[i, j] != 0]
    lines.append("Hessian = F + sum_i (grad A - T)_i Hess(eta_i) (depends on the target):")
    lines += [f"    H[{i},{j}] = {show(d.hessian[i, j])}" for i in range(d.hessian.rows) for j in range(i, d.hessian.rows)]
    return lines


def _weighted(m: Method, args: str, stack=False) -> Method:
    """The NumPy backend applies the `Weighting` after its formulas (runtime/base.py's contract);
    a B^T product returns the factor-space array."""
    result = f"self._weigh({m.result}, weighting, {args})"
    return Method(m.name, m.arguments, m.prologue, m.assignments, f"self._stack_factor({result})" if stack else result)


def _at_cases(spec: KernelSpec, op: PrintedOp, m: Method) -> Method:
    """_compute_factor(where): the formulas read the inputs at the cases `where` (when the
    plan says they read any)."""
    reads = bool(_used(op, list(spec.params) + [h for h, _, _ in spec.hypers]))
    prologue = (("params, hypers = self._inputs_at(where)",) if reads else ()) + m.prologue
    return Method(m.name, m.arguments, prologue, m.assignments, m.result)


def _coupled_methods(spec: KernelSpec, printed: dict) -> list:
    """Coupled families: every op reads the cached per-row statistics; nll comes per row."""
    stats = list(spec.fisher_entries)  # the row statistics' names (see coupled.lower_coupled)
    cached = [(stats, "self._row_stats_cached()")]
    (x,) = spec.params
    column_prologue = (f"{x} = self._params[0][rows]", f"({', '.join(stats)},) = (s[rows] for s in self._row_stats_cached())")
    if _used(printed["factor_column"], ["onehot"]):  # else written at the column (codegen/one_hot.py)
        column_prologue += (f"onehot = (np.arange({x}.shape[-1]) == column).astype({x}.dtype)",)
    # Per-row hyper-parameter arrays are sliced to the selected rows too.
    column_hypers = tuple(f'{h} = self._hyper_rows("{spec.public(h)}", rows)' for h, _, _ in spec.hypers)

    def with_outputs(m: Method, outputs: list) -> Method:
        return Method(m.name, m.arguments, m.prologue, m.assignments, f"({', '.join(outputs)},)")

    row = _method(spec, printed["row_stats"], "_row_stats", "")
    nll = _method(spec, printed["nll"], "_nll_per_case", ", y", extra_unpack=cached)
    column = _method(spec, printed["factor_column"], "_factor_column", ", rows, column")
    return [
        with_outputs(row, stats),
        Method(nll.name, nll.arguments, nll.prologue, nll.assignments, "nll[..., 0]"),
        _weighted(with_outputs(_method(spec, printed["grad"], "_grad", ", y, weighting", extra_unpack=cached), ["grad0"]), "(y,)"),
        with_outputs(_method(spec, printed["mean"], "_mean_unweighted", "", extra_unpack=cached), ["mean0"]),
        _weighted(with_outputs(_method(spec, printed["fisher_product"], "_fisher_product", ", v, weighting",
                                       extra_unpack=[(["v0"], "v")] + cached), ["out0"]), "v"),
        _weighted(with_outputs(_method(spec, printed["factor_product"], "_factor_product", ", u, weighting",
                                       extra_unpack=[(["u0"], "self._factor_components(u)")] + cached), ["out0"]), "(u,)"),
        _weighted(with_outputs(_method(spec, printed["factor_transpose_product"], "_factor_transpose_product",
                                       ", v, weighting", extra_unpack=[(["v0"], "v")] + cached), ["out0"]), "v", stack=True),
        Method(column.name, column.arguments,
               tuple(line for line in column.prologue if not line.startswith("(") and "self._hypers[" not in line)
               + column_prologue + tuple(h for h in column_hypers if _used(printed["factor_column"], [h.split(" = ")[0]])),
               column.assignments, "(out0,)"),
        _method(spec, printed["sample"], "_sample_unweighted", ", rng, shape", single=True),
        with_outputs(_method(spec, printed["fisher_pieces"], "_fisher_pieces", "", extra_unpack=cached),
                     ["fisher_diag", "fisher_u", "fisher_c", "fisher_kk"]),
    ]


def numpy_context(spec: KernelSpec, printed: dict, source: str) -> dict:
    family = spec.family
    d = spec.dim
    v = [f"v{i}" for i in range(d)]
    u = [f"u{i}" for i in range(spec.factor_dim)]
    coupled = spec.derived.structure.value == "diag_rank_one"
    methods = _coupled_methods(spec, printed) if coupled else [
        _method(spec, printed["nll"], "_nll_per_case", ", y", single=True),
        _weighted(_method(spec, printed["grad"], "_grad", ", y, weighting"), "(y,)"),
        _method(spec, printed["mean"], "_mean_unweighted", ""),
        _method(spec, printed["fisher"], "_compute_fisher", ""),
        # At the cases `where`: the first replicated one-hot computes only its slice.
        _at_cases(spec, printed["factor"],
                  _method(spec, printed["factor"], "_compute_factor", ", where", sources=("params", "hypers"))),
        _weighted(_method(spec, printed["fisher_product"], "_fisher_product", ", v, weighting",
                          extra_unpack=[(v, "v"), (list(spec.fisher_entries), "self._fisher_entries()")]), "v"),
        _weighted(_method(spec, printed["factor_product"], "_factor_product", ", u, weighting",
                          extra_unpack=[(u, "self._factor_components(u)"),
                                        (list(spec.factor_entries), "self._factor_entries()")]), "(u,)"),
        _weighted(_method(spec, printed["factor_transpose_product"], "_factor_transpose_product", ", v, weighting",
                          extra_unpack=[(v, "v"), (list(spec.factor_entries), "self._factor_entries()")]), "v", stack=True),
        _method(spec, printed["sample"], "_sample_unweighted", ", rng, shape", single=True),
    ]
    parametrized = "hessian" in spec.ops
    if parametrized:  # the true Hessian reads the target, so its entries are per call, not cached
        hessian_names = [n for n, _ in spec.ops["hessian"].outputs]
        methods += [
            _method(spec, printed["hessian"], "_compute_hessian", ", y"),
            _method(spec, printed["hessian_product"], "_hessian_product", ", v, entries",
                    extra_unpack=[(v, "v"), (hessian_names, "entries")]),
        ]
    entry_index = {n: i for i, n in enumerate(spec.factor_entries)}
    columns = tuple(tuple(None if n is None else entry_index[n] for n in col) for col in spec.factor_columns)
    hyper_specs = tuple(
        f'("{h.name}",) + {_interval(h.domain)} + ({h.integer},)' for h in family.hypers
    )
    attributes = [
        ("family", repr(family.name)),
        ("structure", repr(spec.derived.structure.value)),
        ("param_names", repr(tuple(p.name for p in family.params))),
        ("param_domains", "(" + "".join(_interval(p.domain) + ", " for p in family.params) + ")"),
        ("hyper_specs", "(" + "".join(h + ", " for h in hyper_specs) + ")"),
        ("target_support", repr(family.target.support.value)),
        ("target_bound", repr(family.target.bound)),
        *_target_bounds_attribute(family),
        ("_factor_columns", repr(columns)),
    ]
    if parametrized:
        attributes += [("factor_dim", repr(spec.factor_dim)), ("canonical", repr(spec.derived.canonical)),
                       ("natural_family", repr(spec.derived.parametrization.family.name))]
    # The constructor's arguments are the declared names; its body reads no global name, so
    # an argument called `super` or `np` shadows nothing it needs.
    arguments = [p.name for p in family.params]
    signature = ", ".join(
        arguments + ["targets=None", "mask=None", "weight=1.0", "seed=None"]
        + [f"{h.name}={default_literal(h.default)}" for h in family.hypers]
    )
    return {
        "header": header("numpy/family.py.jinja", source),
        "base_class": "NumPyCoupledLoss" if coupled else "NumPyParametrizedLoss" if parametrized else (
            "NumPyComponentsLoss" if family.componentwise else "NumPyNaturalParamsLoss"),
        "module_doc": f"{family.class_name}: the {family.name} family, NumPy backend.",
        "class_name": family.class_name,
        "class_doc": _doc_math(spec),
        "class_attributes": attributes,
        "signature": signature,
        "params_tuple": "(" + "".join(p + ", " for p in arguments) + ")",
        "hypers_dict": "{" + ", ".join(f'"{h.name}": {h.name}' for h in family.hypers) + "}",
        "methods": methods,
    }


def render(template: str, context: dict) -> str:
    text = environment().get_template(template).render(**context)
    if "import math" not in text and "math.inf" in text:
        text = text.replace("import numpy as np\n", "import math\n\nimport numpy as np\n", 1)
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


# ------------------------------------------------------------------ the output tree
# The build owns its output folder: it writes the whole tree in a sibling staging folder,
# compiles every .py there, and swaps it in with one atomic exchange of the two folders,
# so a killed build leaves the old tree or the new one, whole, never a mix.
STAGING_SUFFIX = ".natloss-new"  # .<out>.natloss-new: the tree being built (or, after the swap, the old one)
RETIRED_SUFFIX = ".natloss-old"  # .<out>.natloss-old: the old tree, during a swap without the exchange
PACKAGE_MARKER = "templates/package_init.py.jinja"  # in the header of every built tree's __init__.py
IGNORED_PARTS = ("__pycache__",)  # Python's caches under the tree: neither stale nor kept

# Called with the name of each step of write_tree (tests kill the build there); None in use.
STEP_HOOK = None


class OutputError(ValueError):
    """The output folder cannot take the build, or the built code does not parse."""


def _step(name: str) -> None:
    if STEP_HOOK is not None:
        STEP_HOOK(name)


def sibling_paths(out_dir: Path) -> tuple:
    """(staging, retired): the build's scratch folders beside out_dir."""
    return (out_dir.parent / f".{out_dir.name}{STAGING_SUFFIX}", out_dir.parent / f".{out_dir.name}{RETIRED_SUFFIX}")


def existing_files(out_dir: Path) -> list:
    """Relative paths of the files under out_dir, Python's caches left out."""
    if not out_dir.is_dir():
        return []
    return sorted(
        p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*")
        if (p.is_file() or p.is_symlink()) and not any(part in IGNORED_PARTS for part in p.relative_to(out_dir).parts)
    )


def stale_files(files: dict, out_dir: Path) -> list:
    """Files under out_dir that the build would not write (the build removes them)."""
    return [rel for rel in existing_files(out_dir) if rel not in files]


def diff(files: dict, out_dir: Path) -> str:
    """Unified diff of what would change under out_dir, stale files as deletions; '' if up to date."""
    chunks = []
    for rel, text in sorted(files.items()):
        path = out_dir / rel
        old = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        if old != text:
            chunks.extend(difflib.unified_diff(
                old.splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile=f"a/{rel}", tofile=f"b/{rel}",
            ))
    for rel in stale_files(files, out_dir):  # shown as deleted: the build would remove them
        try:
            old = (out_dir / rel).read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            old = ""
        removal = list(difflib.unified_diff(old.splitlines(keepends=True), [], fromfile=f"a/{rel}", tofile="/dev/null"))
        chunks.extend(removal or [f"Only in {out_dir}: {rel} (stale: the build would remove it)\n"])
    return "".join(chunks)


def check_out_dir(out_dir: Path) -> None:
    """out_dir must be a folder the build owns: absent, empty, or a tree it built before."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"--out {out_dir}: is a file, expected a folder")
    if not out_dir.parent.is_dir():
        raise OutputError(f"--out {out_dir}: {out_dir.parent} is not an existing folder")
    if out_dir.is_dir() and any(out_dir.iterdir()):
        init = out_dir / "__init__.py"
        first = init.read_text(encoding="utf-8", errors="replace").split("\n", 1)[0] if init.is_file() else ""
        if PACKAGE_MARKER not in first:
            raise OutputError(
                f"--out {out_dir}: not empty and not a natloss build (no generated __init__.py); the build replaces"
                " the whole folder, so give it a new or empty one"
            )


def recover(out_dir: Path) -> None:
    """Finish or undo what a killed build left beside out_dir."""
    staging, retired = sibling_paths(out_dir)
    if retired.exists():
        if not out_dir.exists() and staging.is_dir():
            os.rename(staging, out_dir)  # killed between the two renames of a plain swap: the new tree is whole
        elif not out_dir.exists():
            os.rename(retired, out_dir)
        if retired.exists():
            shutil.rmtree(retired)
    if staging.exists():
        shutil.rmtree(staging)  # a partial tree, or the old one after an exchange


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    libc_rename = _renameat2()
    if libc_rename is None:
        return False
    if libc_rename(-100, os.fsencode(a), -100, os.fsencode(b), 2) == 0:  # AT_FDCWD, RENAME_EXCHANGE
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _renameat2():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.renameat2
    except (OSError, AttributeError):
        return None


def compile_tree(root: Path, files: dict) -> None:
    """Compile every .py the build wrote, as written on disk; a file that does not parse fails the build."""
    for rel in sorted(files):
        if rel.endswith(".py"):
            source = (root / rel).read_bytes()
            try:
                compile(source, rel, "exec", dont_inherit=True)
            except (SyntaxError, ValueError) as exc:
                raise OutputError(f"the generated {rel} does not parse ({exc}); nothing was written") from None


def write_tree(files: dict, out_dir: Path, exchange: bool = True) -> list:
    """Make out_dir hold exactly `files`, switching from the old tree to the new one in one step.

    Returns the relative paths written or removed; [] (and out_dir untouched) if up to date.
    exchange=False uses two renames instead of the atomic exchange (for systems without it):
    a kill between them leaves no out_dir until the next build, which finishes the swap.
    """
    out_dir = Path(os.path.realpath(out_dir))
    check_out_dir(out_dir)
    recover(out_dir)
    _step("recovered")
    stale = stale_files(files, out_dir)
    changed = [rel for rel, text in sorted(files.items())
               if not (out_dir / rel).is_file() or (out_dir / rel).read_text(encoding="utf-8", errors="replace") != text]
    if not changed and not stale:
        return []
    staging, retired = sibling_paths(out_dir)
    try:
        os.mkdir(staging)
    except OSError as exc:
        raise OutputError(f"--out {out_dir}: cannot write beside it in {out_dir.parent} ({exc.strerror})") from None
    try:
        if out_dir.is_dir():
            shutil.copymode(out_dir, staging)
        for rel, text in sorted(files.items()):
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if rel in changed:
                path.write_text(text, encoding="utf-8")
            else:
                shutil.copy2(out_dir / rel, path)  # unchanged: keep its time stamp (and Python's caches valid)
            _step(f"staged {rel}")
        compile_tree(staging, files)
        _step("compiled")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        if not out_dir.exists():
            os.rename(staging, out_dir)
            swapped = "renamed"
        else:
            swapped = "exchanged" if exchange and _exchange(staging, out_dir) else None
            if swapped is None:
                os.rename(out_dir, retired)
    except OSError as exc:  # nothing moved: the old tree stands
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"--out {out_dir}: cannot replace it ({exc.strerror})") from None
    if swapped == "renamed":
        _step("swapped")
    elif swapped == "exchanged":
        _step("swapped")
        shutil.rmtree(staging)  # now the old tree
    else:
        _step("retired")
        os.rename(staging, out_dir)
        _step("swapped")
        shutil.rmtree(retired)
    _step("done")
    return changed + stale
