"""The one table of functions a declaration may use and what each backend calls for them.

`validate` refuses any other function (naming it and listing these) before anything slow
runs; the NumPy, CuPy and CUDA printers read their helper names from here (`function_names`),
so the list a user is told and the list the printers know cannot drift apart.

An entry's ``numpy`` / ``cuda`` is the helper the printer emits (``_m.name`` from
natloss.runtime.numpy_math, ``np.name``, ``nl_name`` from natloss_math.cuh), or None where
the printer's own method prints it (exp, log, the trigonometric functions, polygamma by
order, ...). ``declared`` marks what a user may write in a declaration; the rest are the
compiler's own primitives, which only rewrites introduce (a declaration may use them too).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BackendFunction:
    numpy: str | None  # the NumPy helper the printer calls, or None: printed by the printer's method
    cuda: str | None  # the CUDA device function, or None: printed by the printer's method
    declared: bool = True  # a user may write it in a declaration (False: post-derivation only)
    doc: str = ""


_ = BackendFunction
FUNCTIONS = {
    # SymPy functions, printed natively or by a printer method.
    "exp": _(None, None, doc="exp(x)"),
    "log": _(None, None, doc="log(x); log(gamma(x)) prints as lgamma"),
    "Abs": _(None, None, doc="|x|"),
    "Max": _(None, None, doc="max(a, b, ...)"),
    "Min": _(None, None, doc="min(a, b, ...)"),
    "sin": _(None, None, doc="sin(x)"),
    "cos": _(None, None, doc="cos(x)"),
    "tan": _(None, None, doc="tan(x)"),
    "sinh": _(None, None, doc="sinh(x)"),
    "cosh": _(None, None, doc="cosh(x)"),
    "tanh": _(None, None, doc="tanh(x)"),
    "atan": _(None, None, doc="atan(x)"),
    "atan2": _(None, None, doc="atan2(y, x)"),
    "Piecewise": _(None, None, doc="Piecewise((a, cond), (b, True)): a select"),
    "floor": _(None, None, doc="floor(x) (samplers)"),
    "ceiling": _(None, None, doc="ceiling(x) (samplers)"),
    "loggamma": _("_m.gammaln", "nl_lgamma", doc="log Gamma(x)"),
    "gamma": _(None, None, doc="Gamma(x): canonicalized into exp(loggamma(x)), log(gamma(x)) into loggamma(x)"),
    "polygamma": _(None, None, doc="polygamma(n, x) for any integer order n >= 0 (digamma, trigamma, ...)"),
    "digamma": _("_m.digamma", "nl_digamma", declared=False, doc="polygamma(0, x); the printers' polygamma method names it"),
    "trigamma": _("_m.trigamma", "nl_trigamma", declared=False, doc="polygamma(1, x); the printers' polygamma method names it"),
    "besseli": _(None, None, doc="modified Bessel I_nu(x), nu >= 0 a constant: rewritten into log_besseli"),
    "erf": _("_m.erf", "nl_erf", doc="erf(x)"),
    "erfc": _("_m.erfc", "nl_erfc", doc="erfc(x)"),
    "expm1": _("np.expm1", None, doc="exp(x) - 1"),
    "log1p": _("np.log1p", None, doc="log(1 + x)"),
    # natloss primitives (codegen/primitives.py): the stable basis.
    "softplus": _("_m.softplus", "nl_softplus", doc="log(1 + exp(x))"),
    "sigmoid": _("_m.sigmoid", "nl_sigmoid", doc="1 / (1 + exp(-x))"),
    "log1mexp": _("_m.log1mexp", "nl_log1mexp", doc="log(1 - exp(x)), x < 0"),
    "xtrigamma_m1": _("_m.xtrigamma_m1", "nl_xtrigamma_m1", doc="x trigamma(x) - 1"),
    "digamma_diff": _("_m.digamma_diff", "nl_digamma_diff", doc="psi(x + h) - psi(x)"),
    "trigamma_diff": _("_m.trigamma_diff", "nl_trigamma_diff", doc="psi_1(x) - psi_1(x + h)"),
    "trigamma_det": _("_m.trigamma_det", "nl_trigamma_det", doc="the Beta's Fisher determinant"),
    "log_ndtr": _("_m.log_ndtr", "nl_log_ndtr", doc="log Phi(x), Phi the standard normal CDF"),
    "ndtr_mills": _("_m.ndtr_mills", "nl_ndtr_mills", doc="phi(x) / Phi(x), the derivative of log_ndtr"),
    "log_besseli": _("_m.log_besseli", "nl_log_besseli", doc="log I_nu(x), x >= 0, without overflow"),
    "bessel_ratio": _("_m.bessel_ratio", "nl_bessel_ratio", doc="I_{nu+1}(x) / I_nu(x), x >= 0"),
    "bessel_ratio_deriv": _("_m.bessel_ratio_deriv", "nl_bessel_ratio_deriv",
                            doc="d/dx I_{nu+1}(x) / I_nu(x) = 1 - R^2 - (2 nu + 1) R / x, without cancellation"),
    "bessel_ratio_gap": _("_m.bessel_ratio_gap", "nl_bessel_ratio_gap", declared=False,
                          doc="(x R' - R) / x^3, R = bessel_ratio: finite at 0, no cancellation near it"),
    "exp_neg_abs": _("_m.exp_neg_abs", "nl_exp_neg_abs", declared=False),
    "sigmoid_e": _("_m.sigmoid_e", "nl_sigmoid_e", declared=False),
    "sigmoid_lincomb": _("_m.sigmoid_lincomb", "nl_sigmoid_lincomb", declared=False),
    "log_factorial_saddle": _("_m.log_factorial_saddle", "nl_log_factorial_saddle", declared=False),
    "bd0": _("_m.bd0", "nl_bd0", declared=False),
    "log1pmx": _("_m.log1pmx", "nl_log1pmx", doc="log(1 + x) - x, without cancellation near 0"),
    "log1mexp_plus_exp": _("_m.log1mexp_plus_exp", "nl_log1mexp_plus_exp", declared=False),
    "log1mexp_scaled": _("_m.log1mexp_scaled", "nl_log1mexp_scaled", declared=False,
                         doc="log(1 - exp(x)) exp(-x), x < 0: near -1 where log1mexp(x) underflows"),
    "log1mexp_plus_exp_scaled": _("_m.log1mexp_plus_exp_scaled", "nl_log1mexp_plus_exp_scaled", declared=False,
                                  doc="(log(1 - exp(x)) + exp(x)) exp(-2x), x < 0: near -1/2 where the sum underflows"),
    "lgamma_diff": _("_m.lgamma_diff", "nl_lgamma_diff", doc="lgamma(x + h) - lgamma(x), without cancellation"),
    "if_else": _(None, None, declared=False, doc="a select; printed by each printer (series branches)"),
    # The parametrizations' link primitives (codegen/parametrize.py).
    "mills_shift": _("_m.mills_shift", "nl_mills_shift", declared=False),
    "inv_exprel": _("_m.inv_exprel", "nl_inv_exprel", declared=False),
    "inv_exprel_slope": _("_m.inv_exprel_slope", "nl_inv_exprel_slope", declared=False),
    "times_square": _("_m.times_square", "nl_times_square", declared=False, doc="x g^2 as (x g) g: no intermediate over/underflow"),
    "softplus_log_slope": _("_m.softplus_log_slope", "nl_softplus_log_slope", declared=False,
                            doc="sigmoid(x) / softplus(x) = d/dx log softplus(x), without underflow"),
    "softplus_log_gap": _("_m.softplus_log_gap", "nl_softplus_log_gap", declared=False,
                          doc="sigmoid(x) / softplus(x) - sigmoid(-x) > 0, without cancellation"),
    "lbeta_exp": _("_m.lbeta_exp", None, declared=False, doc="lgamma(e^a) + lgamma(e^b) - lgamma(e^a + e^b)"),
    "lbeta_exp_d": _("_m.lbeta_exp_d", None, declared=False, doc="e^a (psi(e^a) - psi(e^a + e^b))"),
    "lbeta_exp_r": _("_m.lbeta_exp_r", None, declared=False,
                     doc="e^a (psi(e^a) - psi(e^a + e^b) + softplus(b - a)), bounded"),
    "lbeta_exp_w": _("_m.lbeta_exp_w", None, declared=False,
                     doc="x^2 psi_1(x) - x (x + y) psi_1(x + y), x = e^a, y = e^b"),
    "lbeta_exp_c": _("_m.lbeta_exp_c", None, declared=False, doc="x y psi_1(x + y), x = e^a, y = e^b"),
    "digamma_diff_exp": _("_m.digamma_diff_exp", None, declared=False, doc="psi(e^a) - psi(e^a + e^b)"),
    "lbeta_exp_wo": _("_m.lbeta_exp_wo", None, declared=False,
                      doc="sigmoid(-d) lbeta_exp_w(a, b) - sigmoid(d) lbeta_exp_w(b, a), a, b = l + log sigmoid(+-d): odd in d"),
    "lbeta_exp_ro": _("_m.lbeta_exp_ro", None, declared=False,
                      doc="sigmoid(-d) lbeta_exp_r(a, b) - sigmoid(d) lbeta_exp_r(b, a), a, b = l + log sigmoid(+-d): odd in d"),
    "lbeta_exp_k": _("_m.lbeta_exp_k", None, declared=False,
                     doc="lbeta_exp_w(a, b) + lbeta_exp_r(a, b), formed inside (each -> +-y / phi)"),
    "lbeta_exp_ko": _("_m.lbeta_exp_ko", None, declared=False,
                      doc="sigmoid(-d) lbeta_exp_k(a, b) - sigmoid(d) lbeta_exp_k(b, a), a, b = l + log sigmoid(+-d): odd in d"),
    "lbeta_exp_v": _("_m.lbeta_exp_v", None, declared=False,
                     doc="lbeta_exp_d(a, b) + lbeta_exp_w(a, b), formed inside (each -> -+1 as e^a -> 0)"),
    "lbeta_exp_vo": _("_m.lbeta_exp_vo", None, declared=False,
                      doc="sigmoid(-d) lbeta_exp_v(a, b) - sigmoid(d) lbeta_exp_v(b, a), a, b = l + log sigmoid(+-d): odd in d"),
    "log_sigmoid_ratio": _("_m.log_sigmoid_ratio", None, declared=False,
                           doc="log(sigmoid(x) / v), without cancellation where sigmoid(x) is near v"),
    "log_sigmoid_ratio_c": _("_m.log_sigmoid_ratio_c", None, declared=False,
                             doc="log(sigmoid(x) / (1 - y)), without cancellation where sigmoid(-x) is near y"),
    "exp_deviance": _("_m.exp_deviance", None, declared=False, doc="e^a (e^-q - 1 + q) >= 0, second order in q"),
    "mul_exact_zero": _("_m.mul_exact_zero", "nl_mul_exact_zero", declared=False,
                        doc="a v, exactly 0 where v = 0 (a dense product's term with an overflowed entry)"),
}
del _

# The array backends (NumPy, and CuPy for the samplers) share the table's ``numpy`` entry: "_m.f"
# is the helper f of the backend's runtime math module, "np.f" the array module's own f. Each
# backend's printer is configured with these module names; CUDA has its own entry.
ARRAY_MODULES = {
    "numpy": {"_m": "_m", "np": "np"},  # natloss.runtime.numpy_math, numpy
    "cupy": {"_m": "_cb", "np": "cp"},  # natloss.runtime.cupy_base, cupy
}
BACKEND_NAMES = ("numpy", "cupy", "cuda")  # the printers that read this table


def backend_name(entry: BackendFunction, backend: str):
    """What `backend`'s printer calls for a table entry, or None where its own method prints it."""
    if backend == "cuda":
        return entry.cuda
    if entry.numpy is None:
        return None
    module, _, name = entry.numpy.partition(".")
    return f"{ARRAY_MODULES[backend][module]}.{name}"


def function_names(backend: str) -> dict:
    """primitive -> the name `backend`'s printer calls, for the entries it prints by name."""
    names = {name: backend_name(f, backend) for name, f in FUNCTIONS.items()}
    return {name: called for name, called in names.items() if called is not None}


# Helper names per backend, for the printers.
NUMPY_FUNCTIONS = function_names("numpy")
CUDA_DEVICE_FUNCTIONS = function_names("cuda")


def unprinted_functions(exprs, backend: str) -> list:
    """Sorted names of the table's functions in `exprs` that `backend`'s printer has no name for
    although they need one: a natloss helper of the NumPy backend (``_m.f``) without an entry for
    `backend` (e.g. a primitive added to NumPy only). A backend emits a family only where this is
    empty. Functions outside the table (the compiler's own structure nodes) are not counted."""
    import sympy as sp

    missing = set()
    for expr in exprs:
        for node in sp.preorder_traversal(sp.sympify(expr)):
            if not isinstance(node, sp.Function):
                continue
            entry = FUNCTIONS.get(type(node).__name__)
            if entry is not None and entry.numpy and entry.numpy.startswith("_m.") \
                    and backend_name(entry, backend) is None:
                missing.add(type(node).__name__)
    return sorted(missing)


def declarable() -> tuple:
    """The names a declaration may use, sorted, for an error message."""
    return tuple(sorted(name for name, f in FUNCTIONS.items() if f.declared))


def unsupported_functions(expr) -> list:
    """Sorted names of the functions in `expr` that no backend prints (draws excepted)."""
    import sympy as sp

    from natloss.codegen.draws import Draw

    bad = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Function) and not isinstance(node, Draw):
            name = type(node).__name__
            if name not in FUNCTIONS:
                bad.add(name)
    return sorted(bad)
