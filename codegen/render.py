"""Rendering: printed ops -> file contents through Jinja, then written atomically or diffed.

The templates only loop over what is prepared here: lists of (name, code) strings,
prologue lines and class attributes. No math and no Python helpers go into them.
"""
from __future__ import annotations

import difflib
import math
import os
import re
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jinja2
import sympy as sp

from natloss.codegen.lower import KernelSpec
from natloss.codegen.printers import PrintedOp


def template_dir() -> Path:
    return Path(str(resources.files("natloss.templates")))


def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_dir())),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def header(template: str, source: str, comment: str = "#") -> str:
    return f"{comment} generated from {source} by templates/{template}, do not edit; run `natloss build`."


@dataclass(frozen=True)
class Method:
    name: str
    arguments: str
    prologue: tuple
    assignments: tuple
    result: str


def _used(op: PrintedOp, names) -> list:
    """The names the op's code reads, in the given order."""
    code = " ".join(c for _, c in op.temporaries + op.outputs)
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", code))
    return [n for n in names if n in words]


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
            prologue.append(f'{h} = {sources[1]}["{h}"]')
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
    lines = [d.family.doc, "", f"Structure: {d.structure.value}; the factor B is proved ({d.proof}).", ""]
    lines.append(f"A(eta) = {sp.sstr(d.log_partition)}")
    lines.append(f"T(y) = {', '.join(sp.sstr(t) for t in d.stat)}")
    lines.append(f"log h(y) = {sp.sstr(d.log_base_measure)}")
    if d.fisher is not None:
        lines.append("F = Hessian = GGN = grad^2 A:")
        lines += [f"    F[{i},{j}] = {sp.sstr(d.fisher[i, j])}" for i in range(d.fisher.rows) for j in range(i, d.fisher.rows)]
        lines.append("B (B B^T = F, lower triangular):")
        lines += [f"    B[{i},{j}] = {sp.sstr(d.factor[i, j])}" for i in range(d.factor.rows) for j in range(i + 1) if d.factor[i, j] != 0]
    if d.coupled is not None:
        c = d.coupled
        lines.append("F = D + c u u^T over the last axis; B = D^(1/2) (I + a w w^T), w = D^(-1/2) u:")
        lines += [f"    D_k = {sp.sstr(c.diag)}", f"    u_k = {sp.sstr(c.u)}", f"    c = {sp.sstr(c.c)}", f"    a = {sp.sstr(c.a)}"]
    return "\n".join(line.rstrip() for line in lines)


def _coupled_methods(spec: KernelSpec, printed: dict) -> list:
    """Coupled families: every op reads the cached per-row statistics; nll comes per row."""
    stats = list(spec.fisher_entries)  # the row statistics' names (see coupled.lower_coupled)
    cached = [(stats, "self._row_stats_cached()")]
    (x,) = spec.params
    column_prologue = (f"{x} = self._params[0][rows]", f"({', '.join(stats)},) = (s[rows] for s in self._row_stats_cached())")
    if _used(printed["factor_column"], ["onehot"]):  # else written at the column (codegen/one_hot.py)
        column_prologue += (f"onehot = (np.arange({x}.shape[-1]) == column).astype({x}.dtype)",)
    # Per-row hyper-parameter arrays are sliced to the selected rows too.
    column_hypers = tuple(f'{h} = self._hyper_rows("{h}", rows)' for h, _, _ in spec.hypers)

    def with_outputs(m: Method, outputs: list) -> Method:
        return Method(m.name, m.arguments, m.prologue, m.assignments, f"({', '.join(outputs)},)")

    row = _method(spec, printed["row_stats"], "_row_stats", "")
    nll = _method(spec, printed["nll"], "_nll_per_case", ", y", extra_unpack=cached)
    column = _method(spec, printed["factor_column"], "_factor_column", ", rows, column")
    return [
        with_outputs(row, stats),
        Method(nll.name, nll.arguments, nll.prologue, nll.assignments, "nll[..., 0]"),
        with_outputs(_method(spec, printed["grad"], "_grad_unweighted", ", y", extra_unpack=cached), ["grad0"]),
        with_outputs(_method(spec, printed["mean"], "_mean_unweighted", "", extra_unpack=cached), ["mean0"]),
        with_outputs(_method(spec, printed["fisher_product"], "_fisher_product", ", v", extra_unpack=[(["v0"], "v")] + cached), ["out0"]),
        with_outputs(_method(spec, printed["factor_product"], "_factor_product", ", u", extra_unpack=[(["u0"], "u")] + cached), ["out0"]),
        with_outputs(_method(spec, printed["factor_transpose_product"], "_factor_transpose_product", ", v",
                             extra_unpack=[(["v0"], "v")] + cached), ["out0"]),
        Method(column.name, column.arguments,
               tuple(line for line in column.prologue if not line.startswith("(") and "self._hypers[" not in line)
               + column_prologue + tuple(h for h in column_hypers if _used(printed["factor_column"], [h.split(" = ")[0]])),
               column.assignments, "(out0,)"),
        _method(spec, printed["sample"], "_sample_unweighted", ", rng, shape", single=True),
    ]


def numpy_context(spec: KernelSpec, printed: dict, source: str) -> dict:
    family = spec.family
    d = spec.dim
    v = [f"v{i}" for i in range(d)]
    u = [f"u{i}" for i in range(d)]
    coupled = spec.derived.structure.value == "diag_rank_one"
    methods = _coupled_methods(spec, printed) if coupled else [
        _method(spec, printed["nll"], "_nll_per_case", ", y", single=True),
        _method(spec, printed["grad"], "_grad_unweighted", ", y"),
        _method(spec, printed["mean"], "_mean_unweighted", ""),
        _method(spec, printed["fisher"], "_compute_fisher", ""),
        # Parameters as arguments: the first replicated one-hot computes only its slice.
        _method(spec, printed["factor"], "_compute_factor", ", params, hypers", sources=("params", "hypers")),
        _method(spec, printed["fisher_product"], "_fisher_product", ", v",
                extra_unpack=[(v, "v"), (list(spec.fisher_entries), "self._fisher_entries()")]),
        _method(spec, printed["factor_product"], "_factor_product", ", u",
                extra_unpack=[(u, "u"), (list(spec.factor_entries), "self._factor_entries()")]),
        _method(spec, printed["factor_transpose_product"], "_factor_transpose_product", ", v",
                extra_unpack=[(v, "v"), (list(spec.factor_entries), "self._factor_entries()")]),
        _method(spec, printed["sample"], "_sample_unweighted", ", rng, shape", single=True),
    ]
    entry_index = {n: i for i, n in enumerate(spec.factor_entries)}
    columns = tuple(tuple(None if n is None else entry_index[n] for n in col) for col in spec.factor_columns)
    hyper_specs = tuple(
        f'("{h.name}",) + {_interval(h.domain)} + ({h.integer},)' for h in family.hypers
    )
    attributes = [
        ("family", repr(family.name)),
        ("structure", repr(spec.derived.structure.value)),
        ("param_names", repr(tuple(spec.params))),
        ("param_domains", "(" + "".join(_interval(p.domain) + ", " for p in family.params) + ")"),
        ("hyper_specs", "(" + "".join(h + ", " for h in hyper_specs) + ")"),
        ("target_support", repr(family.target.support.value)),
        ("target_bound", repr(family.target.bound)),
        *_target_bounds_attribute(family),
        ("_factor_columns", repr(columns)),
    ]
    signature = ", ".join(
        list(spec.params) + ["targets=None", "mask=None", "weight=1.0", "seed=None"]
        + [f"{h}={default!r}" for h, default, _ in spec.hypers]
    )
    return {
        "header": header("numpy/family.py.jinja", source),
        "base_class": "NumPyCoupledLoss" if coupled else "NumPyNaturalParamsLoss",
        "module_doc": f"{family.class_name}: the {family.name} family, NumPy backend.",
        "class_name": family.class_name,
        "class_doc": _doc_math(spec),
        "class_attributes": attributes,
        "signature": signature,
        "params_tuple": "(" + "".join(p + ", " for p in spec.params) + ")",
        "hypers_dict": "{" + ", ".join(f'"{h}": {h}' for h, _, _ in spec.hypers) + "}",
        "methods": methods,
    }


def render(template: str, context: dict) -> str:
    text = environment().get_template(template).render(**context)
    if "import math" not in text and "math.inf" in text:
        text = text.replace("import numpy as np\n", "import math\n\nimport numpy as np\n", 1)
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def diff(files: dict, out_dir: Path) -> str:
    """Unified diff of what would change under out_dir; '' if up to date."""
    chunks = []
    for rel, text in sorted(files.items()):
        path = out_dir / rel
        old = path.read_text() if path.exists() else ""
        if old != text:
            chunks.extend(difflib.unified_diff(
                old.splitlines(keepends=True), text.splitlines(keepends=True),
                fromfile=f"a/{rel}", tofile=f"b/{rel}",
            ))
    return "".join(chunks)


def write_atomically(files: dict, out_dir: Path) -> list:
    """Every file is rendered before any is written; each lands by an atomic rename."""
    staged = []
    try:
        for rel, text in sorted(files.items()):
            path = out_dir / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() and path.read_text() == text:
                continue
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            with os.fdopen(fd, "w") as fh:
                fh.write(text)
            staged.append((tmp, path))
    except BaseException:
        for tmp, _ in staged:
            os.unlink(tmp)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)
    return [str(p) for _, p in staged]
