"""`natloss check FILE_OR_FAMILY [--quick] [--family NAME] [--hyper NAME=VALUE] [--markdown]`."""
from __future__ import annotations

from natloss.codegen.family import Family
from natloss.codegen.verify.checks import verify


def resolve(spec: str, name: str | None = None) -> list:
    """Families for `natloss check SPEC [--family NAME]`: a built-in family (name or class name),
    or a declaration file / module (all its families, or the one named NAME)."""
    from natloss.codegen import driver

    builtins = driver.builtin_families()
    found = [f for f in builtins if spec in (f.name, f.class_name)]
    if not found and any(spec in (p.name, p.class_name) for p in driver.builtin_parametrizations()):
        raise ValueError(f"{spec!r} is a parametrization: natloss check verifies families only so far"
                         " (tests/test_parametrizations.py checks the built-in parametrizations)")
    if not found:
        try:
            found = driver.load_declaration(spec)
        except ModuleNotFoundError as exc:
            if exc.name != spec.split(".")[0]:
                raise
            raise ValueError(f"{spec!r} is neither a built-in family nor a declaration file or module") from None
    if name is not None:
        found = [f for f in found if name in (f.name, f.class_name)]
        if not found:
            raise ValueError(f"--family: no family named {name!r} in {spec}")
    return found


def _parse_hypers(family: Family, items) -> dict:
    """--hyper NAME=VALUE over the declared defaults."""
    hypers = {h.name: h.default for h in family.hypers}
    for item in items:
        name, _, value = item.partition("=")
        spec = next((h for h in family.hypers if h.name == name), None)
        if spec is None or not value:
            known = ", ".join(h.name for h in family.hypers) or "none"
            raise ValueError(f"--hyper {item!r}: expected NAME=VALUE with NAME a hyper-parameter of {family.name} ({known})")
        hypers[name] = int(value) if spec.integer else float(value)
    return hypers


def cmd_check(args) -> int:
    """Run `verify` on each family; print its table; 1 if any row failed."""
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
    p.add_argument("spec", metavar="FILE_OR_FAMILY", help="a built-in family name, or a declaration file or module")
    p.add_argument("--family", help="only this family of the declaration (when it declares several)")
    p.add_argument("--quick", action="store_true", help="fewer points and draws (about 10 s)")
    p.add_argument("--hyper", action="append", metavar="NAME=VALUE", help="a hyper-parameter other than its default")
    p.add_argument("--markdown", action="store_true", help="print Markdown tables")
    p.set_defaults(func=cmd_check)
