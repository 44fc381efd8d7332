"""`natloss check`: verify one declaration's generated code against independent references.

    from natloss.codegen.verify import verify
    report = verify(FAMILY, quick=True)
    print(report.table()); assert report.passed

`verify` compiles the declaration (the NumPy class, in memory) and runs a battery of
named checks (`CHECKS`), each a function ``check(subject, quick) -> [Row]``. The
references never come from the compiler's derivation:

* ``normalization``: sum / mpmath quadrature of exp(<eta, T> - A + log h) of the
  *declaration* over the support, at interior points of the domain;
* ``derivatives``: mean, F and B B^T (float64) against 50-digit mpmath derivatives
  (``sympy.diff`` of the declared, naive A, lambdified for mpmath) at interior points;
* ``gradient``: ``grad_of_evaluate`` against central differences of ``evaluate``;
* ``factor``: <B u, v> = <u, B^T v> and B (B^T v) = F v, in every dtype;
* ``one_hot``: the replicated one-hot against B e;
* ``sampler``: every draw inside the support, the sample mean and covariance of T(y)
  against grad A and F (z-tests, fixed seed), and for scalar targets a chi-square of the
  draws against the declared density;
* ``accuracy``: nll, mean, grad, F and B B^T in every dtype over a grid spanning the
  declared domains (boundaries, extremes up to |eta| ~ 700 / 80, points near the
  singular points the compiler reports) against 50-digit mpmath, escalating the
  precision until two precisions agree.

Errors are relative, except where the exact value is a difference that cancels; there
the error is measured against the cancellation scale, and the table says which:
nll against |A| + sum |eta_i T_i| + |log h|, grad_i against |dA/deta_i| + |T_i|,
B B^T against sum_k |B_ik B_jk|, and for a coupled (diag + rank one) Fisher, whose
products are D v + c u (u.v), F_jj against |D_jj| + |c u_j^2| (from the reference F alone).
Points where no algorithm can meet the target (condition number times the unit roundoff
above a quarter of the target) are excused when their error is below 32 cond u, and are
counted and named in the row.
NaN or inf where the true value is finite is always a failure.

Parametrizations (a `Parametrization`: a loss in user parameters theta over a family) get the same
battery over theta, `PARAM_CHECKS` (module `parametrized`): the reference is the declared family's
naive A, T, log h composed with the declared eta(theta) and differentiated by SymPy; the checks add
the true Hessian (against mpmath and against finite differences of the gradient), the refusal of
`multiply_hessian_factor*` for a non-canonical eta, and the score's covariance against J^T F J.

Supports: the normalization, membership and target rules are one table, `SUPPORT_RULES`;
a support without an entry gives a FAILED row naming it, not a crash.

Modules: `report` (Row, Report, targets), `reference` (the mpmath reference), `supports`
(`SUPPORT_RULES`), `subject` (the compiled class and the points from the declared domains),
`checks` (the checks, `verify`), `parametrized` (`ParamSubject`, `ParamReference`, `PARAM_CHECKS`),
`backends` (`loss_class`: the class of the NumPy, CPU or CuPy backend the checks run, `natloss check
--backend`), `cli` (`natloss check`).

Backends: `verify(family, backend="cpu")` runs the same battery on the CPU backend's class (the fused
C++ kernels), `backend="cupy"` on the CuPy class (through `backends.HostLoss`: NumPy arrays in and
out); the checks do not know which. A backend that does not emit the declaration raises
`BackendUnavailable` with its reason.
"""
from natloss.codegen.verify.checks import (
    CHECKS, DTYPE_CHECKS, accuracy_rows, check_accuracy, check_derivatives, check_factor, check_gradient,
    check_normalization, check_one_hot, check_sampler, checks_for, condition_numbers, rel_error, run_check, verify,
)
from natloss.codegen.verify.backends import BACKEND_NAMES, BackendUnavailable, loss_class
from natloss.codegen.verify.cli import add_parser, cmd_check, resolve
from natloss.codegen.verify.reference import Reference, reference_at
from natloss.codegen.verify.report import DTYPES, K_VECTOR, TARGET, Report, Row
from natloss.codegen.verify.subject import (
    Subject, interior_points, make_subject, param_values, sweep_points, with_backend,
)
from natloss.codegen.verify.supports import SUPPORT_RULES, SupportRule
from natloss.codegen.verify.parametrized import (  # noqa: I001 - after checks, which it builds on
    PARAM_CHECKS, ParamReference, ParamSubject, check_hessian, check_hessian_factor, check_param_derivatives,
    check_param_sampler, make_param_subject, with_hypers,
)

__all__ = [
    "verify", "Report", "Row", "CHECKS", "DTYPE_CHECKS", "run_check", "make_subject", "Subject", "Reference",
    "reference_at", "SUPPORT_RULES", "SupportRule", "TARGET", "DTYPES", "K_VECTOR", "param_values", "interior_points",
    "sweep_points", "rel_error", "condition_numbers", "check_normalization", "check_derivatives", "check_gradient",
    "check_factor", "check_one_hot", "check_sampler", "check_accuracy", "resolve", "cmd_check", "add_parser",
    "accuracy_rows", "checks_for", "PARAM_CHECKS", "ParamReference", "ParamSubject", "make_param_subject", "with_hypers",
    "check_param_derivatives", "check_hessian", "check_hessian_factor", "check_param_sampler",
    "BACKEND_NAMES", "BackendUnavailable", "loss_class", "with_backend",
]
