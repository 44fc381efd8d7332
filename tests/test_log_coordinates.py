"""The log-coordinate composition (codegen/log_coordinates.py) against SymPy derivatives of the plain NLL.

Every composed entry (grad, J^T F J, the factor's B B^T, the true Hessian), with its rewrites (sums,
odd_pairs, the deviance, the split / unsplit select), is evaluated in plain functions at random points
with 40 digits and compared with the derivatives of A(eta(theta)) - eta(theta) . T(y) taken by SymPy
from the declaration, and with J^T Hess_eta(A) J for the Fisher."""
import random

import mpmath
import numpy as np
import pytest
import sympy as sp

from natloss.codegen import log_coordinates, parametrize
from natloss.codegen.primitives import to_naive

pytest.importorskip("natloss.codegen.parametrizations.beta")
from natloss.codegen.parametrizations.beta import PARAMETRIZATION as BETA  # noqa: E402


def test_find_applies_to_a_log_argument_log_partition_only():
    base, natural, _ = parametrize._natural(BETA.family)
    coords = log_coordinates.find(base.params, base.log_partition, base.param_symbols, BETA.eta, parametrize._pre)
    assert coords is not None
    m, s = (q.symbol for q in BETA.params)
    assert coords.d == m and coords.l == s  # a_1 - a_2 and log(e^a_1 + e^a_2), simplified
    from natloss.codegen.parametrizations.gamma import PARAMETRIZATION as GAMMA

    base, _, _ = parametrize._natural(GAMMA.family)
    eta = tuple(parametrize.rewrite.apply_all(e, parametrize.rewrite.CANONICAL) for e in GAMMA.eta)
    assert log_coordinates.find(base.params, base.log_partition, base.param_symbols, eta, parametrize._pre) is None


@pytest.fixture(scope="module")
def composed():
    return parametrize.derive_parametrized(parametrize.validate_parametrization(BETA))


def _points():
    rng = random.Random(3)
    pts = [(0.0, 0.0, 0.25), (1e-8, -3.0, 0.5), (-4.0, 2.5, 0.03), (0.3, -0.7, 0.9)]
    pts += [(rng.uniform(-3, 3), rng.uniform(-3, 3), rng.uniform(0.05, 0.95)) for _ in range(4)]
    return pts


def test_composed_entries_match_sympy_derivatives_of_the_plain_nll(composed):
    theta = tuple(q.symbol for q in BETA.params)
    fam = BETA.family
    y = fam.target.symbol
    eta = BETA.eta
    nll = fam.log_partition.xreplace(dict(zip(fam.param_symbols, eta))) - sum(
        e * t for e, t in zip(eta, fam.sufficient_statistic))
    nll = to_naive(nll)
    grad_ref = [sp.diff(nll, t) for t in theta]
    hess_ref = [[sp.diff(g, t) for t in theta] for g in grad_ref]
    A = to_naive(fam.log_partition)
    hess_eta = sp.Matrix([[sp.diff(A, u, v) for v in fam.param_symbols] for u in fam.param_symbols])
    J = sp.Matrix([[sp.diff(e, t) for t in theta] for e in eta]).applyfunc(to_naive)
    fisher_ref = (J.T * hess_eta.xreplace(dict(zip(fam.param_symbols, eta))).applyfunc(to_naive) * J)
    args = list(theta) + [y]
    lam = lambda e: sp.lambdify(args, to_naive(e), modules="mpmath")  # noqa: E731
    checks = []
    for i in range(2):
        checks.append((f"grad[{i}]", lam(composed.grad[i]), lam(grad_ref[i])))
        for j in range(2):
            checks.append((f"F[{i},{j}]", lam(composed.fisher[i, j]), lam(fisher_ref[i, j])))
            checks.append((f"H[{i},{j}]", lam(composed.hessian[i, j]), lam(hess_ref[i][j])))
            bbt = sum((composed.factor[i, k] * composed.factor[j, k] for k in range(composed.factor.cols)), sp.Integer(0))
            checks.append((f"B B^T[{i},{j}]", lam(bbt), lam(fisher_ref[i, j])))
    with mpmath.workdps(40):
        for point in _points():
            pt = [mpmath.mpf(v) for v in point]
            for name, got, ref in checks:
                g, r = got(*pt), ref(*pt)
                assert abs(g - r) <= mpmath.mpf(10) ** -30 * max(1, abs(r)), (name, point, g, r)


def test_composed_entries_use_the_log_coordinate_forms(composed):
    """F[0,1] is the odd part alone; grad[1] and H[1,1] are deviances; no polygamma of exp(a) remains."""
    from natloss.codegen.primitives import exp_deviance, lbeta_exp_wo

    assert composed.fisher[0, 1] == lbeta_exp_wo(*(q.symbol for q in BETA.params))
    assert composed.grad[1].has(exp_deviance) and composed.hessian[1, 1].has(exp_deviance)
    for entry in list(composed.fisher) + list(composed.factor) + list(composed.hessian) + list(composed.grad):
        assert not entry.has(sp.polygamma), entry


def test_a_users_probit_mean_beta_is_composed_in_log_coordinates():
    """A user's Beta with Phi(z) written through erf: log coordinates apply (a_i = s + log Phi(+-z), the product's
    log split), so J^T F J and B B^T stay finite at log precision -700 and 700, where J^T F J composed from the
    natural F overflowed (trigamma(e^-700) = inf): against the verifier's 50-digit reference. The parts odd in z
    are not formed (d = log Phi(z) - log Phi(-z) does not simplify), so F[0,1] near z = 0 is not claimed here."""
    from natloss.codegen.driver import compile_to_class
    from natloss.codegen.family import REALS, Param
    from natloss.codegen.verify import make_subject
    from natloss.codegen.verify.reference import reference_at

    z, s = Param("probit_mean", REALS, ""), Param("log_precision", REALS, "")
    Phi = lambda x: (1 + sp.erf(x / sp.sqrt(2))) / 2  # noqa: E731
    users = parametrize.Parametrization(
        name="beta_probit_mean_log_precision", class_name="BetaProbitMeanLogPrecisionNegativeLogProbLoss",
        family=BETA.family, params=(z, s),
        eta=(Phi(z.symbol) * sp.exp(s.symbol) - 1, Phi(-z.symbol) * sp.exp(s.symbol) - 1))
    base, _, _ = parametrize._natural(BETA.family)
    coords = log_coordinates.find(base.params, base.log_partition, base.param_symbols, users.eta, parametrize._pre)
    assert coords is not None and coords.l == s.symbol and coords.d is None
    cls = compile_to_class(users)
    subject = make_subject(users)

    for theta in ((0.0, -700.0), (0.5, 700.0), (-1.0, -30.0)):
        loss = cls(np.array([theta[0]]), np.array([theta[1]]), targets=np.array([0.3]))
        F = np.asarray(loss.per_case_fisher(), dtype=float).reshape(2, 2)
        basis = ((np.array([1.0]), np.array([0.0])), (np.array([0.0]), np.array([1.0])))
        rows = [np.concatenate([np.ravel(c) for c in np.atleast_1d(loss.multiply_fisher_factor_transpose(e))]) for e in basis]
        ref = reference_at(subject.ref, theta, (0.3,))
        for i in (0, 1):
            want = float(ref["fisher"][(i, i)])
            for got in (F[i, i], float(rows[i] @ rows[i])):  # F and (B B^T)_ii = |B^T e_i|^2
                assert np.isfinite(got) and abs(got - want) <= 1e-12 * abs(want), (theta, i, got, want)
