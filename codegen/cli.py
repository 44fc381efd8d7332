"""`natloss build | list | show | check`: the command line of the compiler."""
from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import sympy as sp


def _families(args):
    from natloss.codegen import driver

    families = [] if args.only_user else driver.builtin_declarations()
    for spec in args.family or ():
        families.extend(driver.load_declaration(spec))
    return families


def cmd_build(args) -> int:
    from natloss.codegen import driver

    out = Path(args.out) if args.out else driver.default_out_dir()
    result = driver.build(_families(args), out, check=args.check, package=args.package, cache=not args.no_cache)
    if args.check:
        if result["diff"] or result["stale"]:
            sys.stdout.write(result["diff"])
            for rel in result["stale"]:
                print(f"natloss build --check: stale file {out / rel} (the build would remove it)", file=sys.stderr)
            print(f"natloss build --check: {out} is out of date; run `natloss build`", file=sys.stderr)
            return 1
        print(f"natloss build --check: {out} is up to date ({len(result['families'])} families, {result['seconds']:.1f} s;"
              f" {result['cache']})")
        return 0
    print(f"natloss build: {len(result['families'])} families in {result['seconds']:.1f} s;"
          f" {len(result['written'])} file(s) changed under {out} (package {result['package']}); {result['cache']}")
    return 0


def _cache(args):
    """The build cache for list/show (None with --no-cache or NATLOSS_NO_CACHE)."""
    from natloss.codegen import cache, driver

    return None if getattr(args, "no_cache", False) else cache.default_cache(driver.BACKENDS)


def cmd_list(args) -> int:
    from natloss.codegen import driver

    print(f"{'family':<20} {'class':<42} {'structure':<14} factor inner shape")
    cache = _cache(args)
    for family in _families(args):
        with warnings.catch_warnings():  # the build's notes (no CUDA files for ...) are not the list's
            warnings.simplefilter("ignore")
            spec = driver.compiled_spec(family, cache)
        shape = {"scalar": "inputs.shape", "dense": f"inputs.shape + ({spec.factor_dim},)",
                 "diag_rank_one": "logits.shape"}[spec.derived.structure.value]
        print(f"{family.name:<20} {family.class_name:<42} {spec.derived.structure.value:<14} {shape}")
    return 0


def cmd_show(args) -> int:
    from natloss.codegen import driver

    if driver.is_declaration_file(args.name):  # `natloss show my_family.py`: every family it declares
        matches = driver.load_declaration(args.name)
    else:
        matches = [f for f in _families(args) if args.name in (f.name, f.class_name)][:1]
    if not matches:
        print(f"natloss show: no family named {args.name!r}", file=sys.stderr)
        return 2
    cache = _cache(args)
    for i, family in enumerate(matches):
        if i:
            print()
        _show(driver.compiled_spec(family, cache))
    return 0


def _show(spec) -> None:
    d = spec.derived
    print(f"{d.family.name} ({d.family.class_name}), structure {d.structure.value}")
    if d.family.componentwise:
        print("  componentwise: a case is a row over the last axis of independent components; per component:")
    show = d.family.display  # the declared names, not the generated code's locals
    if "parametrize_rows" in d.passes:  # per-row parameters over a coupled family
        from natloss.codegen.parametrize_rows import summary_lines
        print("\n".join("  " + line for line in summary_lines(d)))
        return print(f"  proof: {d.proof}")
    if getattr(d, "parametrization", None) is not None:
        return _show_parametrized(d)
    print(f"  natural parameters: {', '.join(p.name for p in d.family.params)}")
    print(f"  A(eta)   = {sp.sstr(show(d.log_partition))}")
    print(f"  T(y)     = {', '.join(sp.sstr(show(t)) for t in d.stat)}")
    print(f"  log h(y) = {sp.sstr(show(d.log_base_measure))}")
    print(f"  NLL      = {sp.sstr(show(d.nll))}")
    for i, m in enumerate(d.mean):
        print(f"  dA/deta{i} = {sp.sstr(show(m))}")
    if d.fisher is not None:
        print("  F =")
        print("    " + sp.pretty(show(d.fisher)).replace("\n", "\n    "))
        print("  B =")
        print("    " + sp.pretty(show(d.factor)).replace("\n", "\n    "))
    if d.coupled is not None:
        c = d.coupled
        for label, e in (("D_k", c.diag), ("u_k", c.u), ("c", c.c), ("w_k", c.w), ("|w|^2", c.w_norm2), ("a", c.a)):
            print(f"  {label:<6}= {sp.sstr(show(e)) if e is not None else 'a reduction over the row'}")
    print(f"  proof: {d.proof}")


def _show_parametrized(d) -> int:
    """eta(theta), J, the Fisher J^T F J, the factor J^T B and the true Hessian."""
    p, show = d.parametrization, d.family.display
    natural = p.family
    print(f"  parameters: {', '.join(q.name for q in p.params)}, over the {natural.name} family"
          f" ({natural.class_name}); {'canonical (eta affine)' if d.canonical else 'not canonical'}")
    for q, e in zip(natural.params, p.eta):
        print(f"  {q.name} = {sp.sstr(show(e))}")
    print(f"  NLL      = {sp.sstr(show(d.nll))}")
    for i, g in enumerate(d.grad):
        print(f"  dNLL/d{p.params[i].name} = {sp.sstr(show(g))}")
    for label, m in (("J = d eta / d theta", d.jacobian), ("F = GGN = J^T F_eta J", d.fisher),
                     ("B = J^T B_eta (B B^T = F)", d.factor),
                     ("Hessian = F + sum_i (grad A - T)_i Hess(eta_i)", d.hessian)):
        print(f"  {label} =")
        print("    " + sp.pretty(show(m)).replace("\n", "\n    "))
    print(f"  proof: {d.proof}")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="natloss", description="Compile exponential-family declarations into K-FAC losses.")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p):
        p.add_argument("--family", action="append", metavar="MODULE_OR_FILE",
                       help="also compile the declaration(s) in this module or file (FAMILY or FAMILIES)")
        p.add_argument("--only-user", action="store_true", help="leave out the built-in families")

    b = sub.add_parser("build", help="regenerate the generated code")
    common(b)
    b.add_argument("--check", action="store_true", help="write nothing; exit 1 with a unified diff if out of date")
    b.add_argument("--out", help="output folder, replaced as a whole by the package built there"
                                 " (default: the natloss.generated package)")
    b.add_argument("--package", help="the built package's import name (default: the --out folder's name)")
    b.add_argument("--no-cache", action="store_true",
                   help="derive every declaration again, neither reading nor writing the build cache"
                        " ($NATLOSS_CACHE_DIR, else ~/.cache/natloss; NATLOSS_NO_CACHE=1 also turns it off)")
    b.set_defaults(func=cmd_build)
    ls = sub.add_parser("list", help="families, structure and factor shape")
    common(ls)
    ls.set_defaults(func=cmd_list)
    sh = sub.add_parser("show", help="the derived A, grad A, F and B of one family")
    common(sh)
    sh.add_argument("name", help="a family or class name, or a declaration file (show all its families)")
    sh.set_defaults(func=cmd_show)
    from natloss.codegen import verify

    verify.add_parser(sub)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, ImportError, OSError) as exc:
        message = f"{exc.strerror}: {exc.filename}" if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"natloss {args.command}: error: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
