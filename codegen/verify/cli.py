"""`natloss check FILE_OR_FAMILY [--backend numpy|cpu|cupy] [--quick] [--family NAME] [--hyper NAME=VALUE] [--markdown]`.

FILE_OR_FAMILY names a built-in family or parametrization, or a declaration file or module; each
declaration gets its battery (`checks_for`: a family's, or a parametrization's in theta), run on
the classes of the chosen backend (verify/backends.py). A declaration the backend does not emit,
or a backend that cannot run here, is a message naming the backend and why (exit 2), never a
silent fall back to NumPy."""
from __future__ import annotations

from natloss.codegen.parametrize import Parametrization
from natloss.codegen.verify.backends import BACKEND_NAMES, BackendUnavailable
from natloss.codegen.verify.checks import verify


def resolve(spec: str, name: str | None = None) -> list:
    """Declarations for `natloss check SPEC [--family NAME]`: a built-in family or parametrization
    (name or class name), or a declaration file / module (all its families and parametrizations, or
    the one named NAME)."""
    from natloss.codegen import driver

    builtins = driver.builtin_families() + driver.builtin_parametrizations() + driver.builtin_row_parametrizations()
    found = [f for f in builtins if spec in (f.name, f.class_name)]
    if not found:
        try:
            found = driver.load_declaration(spec)
        except ModuleNotFoundError as exc:
            if exc.name != spec.split(".")[0]:
                raise
            raise ValueError(f"{spec!r} is neither a built-in family nor a declaration file or module"
                             " (nor a built-in parametrization)") from None
    if name is not None:
        found = [f for f in found if name in (f.name, f.class_name)]
        if not found:
            raise ValueError(f"--family: no family named {name!r} in {spec}")
    return found


def _declared_hypers(family) -> tuple:
    """A family's hyper-parameters; a parametrization's are its family's and its own."""
    if hasattr(family, "row_params"):  # a per-row parametrization: its family's
        return family.family.hypers
    return family.family.hypers + family.hypers if isinstance(family, Parametrization) else family.hypers


def _parse_hypers(family, items) -> dict:
    """--hyper NAME=VALUE over the declared defaults."""
    declared = _declared_hypers(family)
    hypers = {h.name: h.default for h in declared}
    for item in items:
        name, _, value = item.partition("=")
        spec = next((h for h in declared if h.name == name), None)
        if spec is None or not value:
            known = ", ".join(h.name for h in declared) or "none"
            raise ValueError(f"--hyper {item!r}: expected NAME=VALUE with NAME a hyper-parameter of {family.name} ({known})")
        hypers[name] = int(value) if spec.integer else float(value)
    return hypers


def cmd_check(args) -> int:
    """Run `verify` on each declaration (family or parametrization) with the chosen backend's classes;
    print its table. Exit 1 if any row failed, 2 if a declaration could not be checked on that backend."""
    import sys

    status_code = 0
    backend = getattr(args, "backend", None) or "numpy"
    for family in resolve(args.spec, args.family):
        hypers = _parse_hypers(family, args.hyper or ())
        try:
            report = verify(family, quick=args.quick, hypers=hypers, backend=backend)
        except BackendUnavailable as exc:
            print(f"natloss check {family.name}: --backend {backend}: {exc}", file=sys.stderr)
            status_code = 2
            continue
        status = "passed" if report.passed else f"FAILED ({len(report.failures)} rows)"
        mode = ", ".join([f"{report.backend} backend", "quick" if args.quick else "full"]
                         + [f"{k}={v}" for k, v in hypers.items()])
        if args.markdown:
            print(f"\n#### {family.name} ({family.class_name}; {mode}): {status}, {report.seconds:.1f} s\n")
        else:
            print(f"natloss check {family.name} ({family.class_name}, {mode}): {status} in {report.seconds:.1f} s")
        print(report.table(markdown=args.markdown))
        sys.stdout.flush()
        if not report.passed:
            status_code = max(status_code, 1)
    return status_code


def add_parser(sub) -> None:
    """The `check` subcommand, for codegen/cli.py."""
    p = sub.add_parser("check", help="verify a declaration's generated code against independent references")
    p.add_argument("spec", metavar="FILE_OR_FAMILY", help="a built-in family or parametrization name, or a declaration file or module")
    p.add_argument("--family", help="only this family or parametrization of the declaration (when it declares several)")
    p.add_argument("--backend", choices=BACKEND_NAMES, default="numpy",
                   help="whose generated classes to check: numpy (default), cpu (the fused C++ kernels, compiled"
                        " with the system compiler) or cupy (needs CuPy and a GPU)")
    p.add_argument("--quick", action="store_true", help="fewer points and draws (about 10 s)")
    p.add_argument("--hyper", action="append", metavar="NAME=VALUE", help="a hyper-parameter other than its default")
    p.add_argument("--markdown", action="store_true", help="print Markdown tables")
    p.set_defaults(func=cmd_check)
