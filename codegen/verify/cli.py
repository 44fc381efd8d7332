"""`natloss check FILE_OR_FAMILY [--quick] [--family NAME] [--hyper NAME=VALUE] [--markdown]`.

FILE_OR_FAMILY names a built-in family or parametrization, or a declaration file or module; each
declaration gets its battery (`checks_for`: a family's, or a parametrization's in theta)."""
from __future__ import annotations

from natloss.codegen.parametrize import Parametrization
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
    """Run `verify` on each declaration (family or parametrization); print its table; 1 if any row failed."""
    import sys

    failed = False
    for family in resolve(args.spec, args.family):
        hypers = _parse_hypers(family, args.hyper or ())
        report = verify(family, quick=args.quick, hypers=hypers)
        status = "passed" if report.passed else f"FAILED ({len(report.failures)} rows)"
        mode = ", ".join(["quick" if args.quick else "full"] + [f"{k}={v}" for k, v in hypers.items()])
        if args.markdown:
            print(f"\n#### {family.name} ({family.class_name}; {mode}): {status}, {report.seconds:.1f} s\n")
        else:
            print(f"natloss check {family.name} ({family.class_name}, {mode}): {status} in {report.seconds:.1f} s")
        print(report.table(markdown=args.markdown))
        sys.stdout.flush()
        failed |= not report.passed
    return 1 if failed else 0


def add_parser(sub) -> None:
    """The `check` subcommand, for codegen/cli.py."""
    p = sub.add_parser("check", help="verify a declaration's generated code against independent references")
    p.add_argument("spec", metavar="FILE_OR_FAMILY", help="a built-in family or parametrization name, or a declaration file or module")
    p.add_argument("--family", help="only this family or parametrization of the declaration (when it declares several)")
    p.add_argument("--quick", action="store_true", help="fewer points and draws (about 10 s)")
    p.add_argument("--hyper", action="append", metavar="NAME=VALUE", help="a hyper-parameter other than its default")
    p.add_argument("--markdown", action="store_true", help="print Markdown tables")
    p.set_defaults(func=cmd_check)
