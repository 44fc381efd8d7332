"""Per-row parametrizations of coupled families (codegen/parametrize_rows.py, issue 10).

References that do not come from the compiler: eta, J and the natural Fisher written here in
closed form (softmax: n (diag p - p p^T); Dirichlet: diag trigamma(alpha) - trigamma(sum alpha)),
the composed NLL in 50-digit mpmath (and its derivatives by mpmath.diff), finite differences.
"""
from __future__ import annotations

import tracemalloc

import mpmath
import numpy as np
import pytest
import scipy.special as sps
import sympy as sp

import natloss.generated.numpy as G
from natloss.codegen import REALS, DeclarationError, Param, VectorParam
from natloss.codegen.driver import builtin_row_parametrizations, compile_to_class
from natloss.codegen.families.categorical import FAMILY as CATEGORICAL
from natloss.codegen.families.poisson import FAMILY as POISSON
from natloss.codegen.parametrize_rows import RowParametrization
from natloss.runtime import NatlossInputError
from natloss.runtime.checks import NatlossTypeError
from natloss.runtime.parametrized import NoHessianFactorError


# ------------------------------------------------------------- the references
def _softmax(eta):
    e = np.exp(eta - eta.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


class Temperature:
    """eta_k = z_k exp(-r); F = n (diag p - p p^T) (n = 1: categorical)."""

    def __init__(self, cls, trials=None):
        self.cls, self.trials = cls, trials

    def inputs(self, rng, B, K):
        return rng.normal(size=(B, K)) * 2, rng.normal(size=B) * 0.7

    def targets(self, rng, z, r):
        B, K = z.shape
        if self.trials is None:
            return rng.integers(0, K, size=B)
        return np.stack([rng.multinomial(self.trials, np.full(K, 1 / K)) for _ in range(B)])

    def kwargs(self):
        return {} if self.trials is None else {"trials": self.trials}

    def jacobian(self, z, r):  # (d eta / d z, d eta / d r), per element
        t = np.exp(-r)[..., None]
        return t * np.ones_like(z), -z * t

    def natural_fisher(self, z, r):
        p = _softmax(z * np.exp(-r)[..., None])
        n = 1 if self.trials is None else self.trials
        return n * (np.einsum("bk,kl->bkl", p, np.eye(p.shape[-1])) - p[..., :, None] * p[..., None, :])

    def nll_mp(self, z, r, y):
        eta = [mpmath.mpf(x) * mpmath.exp(-mpmath.mpf(r)) for x in z]
        lse = mpmath.log(mpmath.fsum(mpmath.exp(e) for e in eta))
        if self.trials is None:
            return lse - eta[int(y)]
        n = self.trials
        log_h = mpmath.loggamma(n + 1) - mpmath.fsum(mpmath.loggamma(int(c) + 1) for c in y)
        return n * lse - mpmath.fsum(int(c) * e for c, e in zip(y, eta)) - log_h

    def nll_mp_theta(self, theta, y):
        return self.nll_mp(theta[:-1], theta[-1], y)


class DirichletScale:
    """alpha_k = exp(z_k + s); F = diag trigamma(alpha) - trigamma(sum alpha) 1 1^T."""

    cls = G.DirichletLogConcentrationLogScaleNegativeLogProbLoss
    trials = None

    def inputs(self, rng, B, K):
        return rng.normal(size=(B, K)) * 0.8, rng.normal(size=B) * 0.5

    def targets(self, rng, z, r):
        return np.stack([rng.dirichlet(np.ones(z.shape[-1]) * 2) for _ in range(z.shape[0])])

    def kwargs(self):
        return {}

    def jacobian(self, z, r):
        a = np.exp(z + r[..., None])
        return a, a

    def natural_fisher(self, z, r):
        a = np.exp(z + r[..., None])
        K = a.shape[-1]
        return np.einsum("bk,kl->bkl", sps.polygamma(1, a), np.eye(K)) - sps.polygamma(1, a.sum(-1))[:, None, None]

    def nll_mp(self, z, r, y):
        a = [mpmath.exp(mpmath.mpf(x) + mpmath.mpf(r)) for x in z]
        return (mpmath.fsum(mpmath.loggamma(x) for x in a) - mpmath.loggamma(mpmath.fsum(a))
                - mpmath.fsum((x - 1) * mpmath.log(mpmath.mpf(float(t))) for x, t in zip(a, y)))

    def nll_mp_theta(self, theta, y):
        return self.nll_mp(theta[:-1], theta[-1], y)


CASES = {
    "categorical": Temperature(G.CategoricalLogitsLogTemperatureNegativeLogProbLoss),
    "multinomial": Temperature(G.MultinomialLogitsLogTemperatureNegativeLogProbLoss, trials=7),
    "dirichlet": DirichletScale(),
}


def _dense_theta_fisher(case, z, r):
    """J^T F J per row, (K + 1) x (K + 1), from the closed forms."""
    dz, dr = case.jacobian(z, r)
    B, K = z.shape
    J = np.zeros((B, K, K + 1))
    J[:, np.arange(K), np.arange(K)] = dz
    J[:, :, K] = dr
    return np.swapaxes(J, 1, 2) @ case.natural_fisher(z, r) @ J


def _setup(name, B=4, K=5, seed=0, dtype=np.float64, **extra):
    case = CASES[name]
    rng = np.random.default_rng(seed)
    z, r = case.inputs(rng, B, K)
    y = case.targets(rng, z, r)
    loss = case.cls(z.astype(dtype), r.astype(dtype), targets=y, **case.kwargs(), **extra)
    return case, loss, z, r, y, rng


def _flat(parts):
    """(v_z (B, K), v_r (B,)) -> (B, K + 1)."""
    return np.concatenate([parts[0], parts[1][:, None]], axis=1)


def test_the_builtins_are_listed():
    assert sorted(p.class_name for p in builtin_row_parametrizations()) == sorted(c.cls.__name__ for c in CASES.values())


# ------------------------------------------------------- values against mpmath
@pytest.mark.parametrize("name", CASES)
def test_nll_and_gradient_against_50_digit_mpmath(name):
    case, loss, z, r, y, _ = _setup(name)
    gz, gr = loss.grad_of_evaluate()
    with mpmath.workdps(50):
        for b in range(z.shape[0]):
            theta = [mpmath.mpf(x) for x in list(z[b]) + [r[b]]]
            f = lambda *t: case.nll_mp_theta(list(t), y[b])  # noqa: E731
            assert abs(float(f(*theta)) - loss.nll()[b]) <= 1e-13 * max(1.0, abs(float(f(*theta))))
            for i in range(len(theta)):
                exact = float(mpmath.diff(f, theta, tuple(int(j == i) for j in range(len(theta)))))
                got = gz[b, i] if i < z.shape[1] else gr[b]
                assert abs(got - exact) <= 1e-12 * max(1.0, abs(exact)), (b, i, got, exact)


@pytest.mark.parametrize("name", CASES)
def test_true_hessian_against_50_digit_mpmath(name):
    case, loss, z, r, y, _ = _setup(name, B=2, K=3)
    H = loss.per_case_hessian().dense()
    with mpmath.workdps(50):
        for b in range(z.shape[0]):
            theta = [mpmath.mpf(x) for x in list(z[b]) + [r[b]]]
            f = lambda *t: case.nll_mp_theta(list(t), y[b])  # noqa: E731
            n = len(theta)
            for i in range(n):
                for j in range(n):
                    order = tuple(int(k == i) + int(k == j) for k in range(n))
                    exact = float(mpmath.diff(f, theta, order))
                    assert abs(H[b, i, j] - exact) <= 1e-11 * max(1.0, abs(exact)), (b, i, j, H[b, i, j], exact)


def test_temperature_zero_is_the_categorical_loss():
    rng = np.random.default_rng(3)
    z, y = rng.normal(size=(6, 4)), rng.integers(0, 4, size=6)
    loss = G.CategoricalLogitsLogTemperatureNegativeLogProbLoss(z, np.zeros(6), targets=y)
    plain = G.CategoricalLogitsNegativeLogProbLoss(z, targets=y)
    assert loss.evaluate() == plain.evaluate()
    v = rng.normal(size=(6, 4))
    np.testing.assert_array_equal(loss.multiply_fisher((v, np.zeros(6)))[0], plain.multiply_fisher(v))


# ------------------------------------------------- derivatives against finite differences
@pytest.mark.parametrize("name", CASES)
def test_gradient_against_finite_differences_of_evaluate(name):
    case, loss, z, r, y, rng = _setup(name)
    vz, vr = rng.normal(size=z.shape), rng.normal(size=r.shape)
    h = 1e-6
    plus = case.cls(z + h * vz, r + h * vr, targets=y, **case.kwargs()).evaluate()
    minus = case.cls(z - h * vz, r - h * vr, targets=y, **case.kwargs()).evaluate()
    gz, gr = loss.grad_of_evaluate()
    assert abs((plus - minus) / (2 * h) - ((gz * vz).sum() + (gr * vr).sum())) < 1e-7


@pytest.mark.parametrize("name", CASES)
def test_multiply_hessian_against_finite_differences_of_the_gradient(name):
    case, loss, z, r, y, rng = _setup(name)
    vz, vr = rng.normal(size=z.shape), rng.normal(size=r.shape)
    h = 1e-5
    gp = case.cls(z + h * vz, r + h * vr, targets=y, **case.kwargs()).grad_of_evaluate()
    gm = case.cls(z - h * vz, r - h * vr, targets=y, **case.kwargs()).grad_of_evaluate()
    Hv = loss.multiply_hessian((vz, vr))
    scale = max(abs(_flat(Hv)).max(), 1.0)
    np.testing.assert_allclose(_flat(Hv), (_flat(gp) - _flat(gm)) / (2 * h), atol=1e-7 * scale)


# ---------------------------------------------------- Fisher, factor, adjointness
@pytest.mark.parametrize("name", CASES)
def test_fisher_against_the_closed_form_on_basis_vectors(name):
    case, loss, z, r, y, _ = _setup(name)
    B, K = z.shape
    ref = _dense_theta_fisher(case, z, r)
    for i in range(K + 1):  # column i of J^T F J in every row at once (rows are independent)
        e = np.zeros((B, K + 1))
        e[:, i] = 1
        got = _flat(loss.multiply_fisher((e[:, :K].copy(), e[:, K].copy())))
        np.testing.assert_allclose(got, ref[:, :, i], rtol=0, atol=1e-13 * abs(ref).max())
    np.testing.assert_allclose(loss.per_case_fisher().dense(), ref, rtol=0, atol=1e-13 * abs(ref).max())
    v = (np.cos(np.arange(B * K)).reshape(B, K), np.sin(np.arange(B)))
    np.testing.assert_allclose(_flat(loss.per_case_fisher().matvec(v)), np.einsum("bij,bj->bi", ref, _flat(v)),
                               rtol=0, atol=1e-13 * abs(ref).max())
    np.testing.assert_array_equal(loss.multiply_ggn((z, r))[1], loss.multiply_fisher((z, r))[1])


@pytest.mark.parametrize("name", CASES)
def test_factor_times_its_transpose_is_the_fisher_entry_by_entry(name):
    case, loss, z, r, y, _ = _setup(name)
    B, K = z.shape
    columns = []
    for k in range(K):  # the factor J^T B applied to the basis of its inner space (K per row)
        e = np.zeros((B, K))
        e[:, k] = 1
        columns.append(_flat(loss.multiply_fisher_factor(e)))
        # B e from the natural class's own column code: equal to rounding
        np.testing.assert_allclose(_flat(loss.multiply_fisher_factor_replicated_one_hot((k,))), columns[-1],
                                   rtol=0, atol=1e-15 * abs(columns[-1]).max())
    M = np.stack(columns, axis=-1)  # (B, K + 1, K)
    ref = _dense_theta_fisher(case, z, r)
    np.testing.assert_allclose(M @ np.swapaxes(M, 1, 2), ref, rtol=0, atol=1e-13 * abs(ref).max())


@pytest.mark.parametrize("name", CASES)
def test_adjointness_and_b_bt(name):
    case, loss, z, r, y, rng = _setup(name)
    u = rng.normal(size=z.shape)
    v = (rng.normal(size=z.shape), rng.normal(size=r.shape))
    Bu, Btv = loss.multiply_fisher_factor(u), loss.multiply_fisher_factor_transpose(v)
    assert Btv.shape == loss.fisher_factor_inner_shape == z.shape
    lhs, rhs = (_flat(Bu) * _flat(v)).sum(), (u * Btv).sum()
    assert abs(lhs - rhs) <= 1e-13 * (abs(_flat(Bu)).sum() * abs(_flat(v)).max())
    np.testing.assert_allclose(_flat(loss.multiply_fisher_factor(Btv)), _flat(loss.multiply_fisher(v)), rtol=1e-12, atol=1e-13)


def test_the_hessian_has_no_factor_unless_eta_is_affine():
    _, loss, z, r, y, _ = _setup("categorical")
    for call in (lambda: loss.multiply_hessian_factor(z), lambda: loss.multiply_hessian_factor_transpose((z, r)),
                 lambda: loss.multiply_hessian_factor_replicated_one_hot((0,))):
        with pytest.raises(NoHessianFactorError, match="log_temperature"):
            call()


def test_a_users_affine_row_parametrization_in_a_few_lines():
    """eta_k = z_k + b (a per-row bias): affine, so the Hessian is the Fisher and has the factor J^T B."""
    z_param, bias = VectorParam("scores"), Param("bias", REALS)
    decl = RowParametrization(name="categorical_bias", class_name="CategoricalBiasLoss", family=CATEGORICAL,
                              vector=z_param, row_params=(bias,), eta=z_param.symbol + bias.symbol)
    Loss = compile_to_class(decl)
    rng = np.random.default_rng(5)
    z, b, y = rng.normal(size=(3, 4)), rng.normal(size=3), rng.integers(0, 4, size=3)
    loss = Loss(z, b, targets=y)
    assert loss.canonical
    v = (rng.normal(size=(3, 4)), rng.normal(size=3))
    np.testing.assert_allclose(_flat(loss.multiply_hessian(v)), _flat(loss.multiply_fisher(v)), rtol=0, atol=1e-15)
    p = _softmax(z)
    # A per-row bias moves every logit together: J v = v_z + v_b, and F 1 = 0, so v_b drops out of F.
    ref_z = p * v[0] - p * (p * v[0]).sum(-1, keepdims=True)
    np.testing.assert_allclose(loss.multiply_fisher(v)[0], ref_z, atol=1e-15)
    np.testing.assert_allclose(loss.multiply_fisher(v)[1], np.zeros(3), atol=1e-15)
    u = rng.normal(size=(3, 4))
    np.testing.assert_array_equal(loss.multiply_hessian_factor(u)[0], loss.multiply_fisher_factor(u)[0])


# ----------------------------------------------------------------- weight, mask, dtype
@pytest.mark.parametrize("name", CASES)
def test_weight_and_mask(name):
    case = CASES[name]
    rng = np.random.default_rng(7)
    z, r = case.inputs(rng, 5, 4)
    y = case.targets(rng, z, r)
    w = rng.uniform(0.5, 2.0, size=5)
    m = np.array([1, 0, 1, 1, 0])
    loss = case.cls(z, r, targets=y, weight=w, mask=m, **case.kwargs())
    plain = case.cls(z, r, targets=y, **case.kwargs())
    assert abs(loss.evaluate() - (w * m * plain.nll()).sum()) < 1e-12
    v = (rng.normal(size=z.shape), rng.normal(size=r.shape))
    v[0][1] = np.nan  # a masked-out row is a select: exactly 0, NaN or not
    v[1][4] = np.inf
    keep = m == 1
    for method, scale in (("multiply_fisher", w), ("multiply_hessian", w)):
        got, ref = getattr(loss, method)(v), getattr(plain, method)(tuple(np.where(np.isfinite(x), x, 0) for x in v))
        np.testing.assert_array_equal(_flat(got)[~keep], 0)
        np.testing.assert_allclose(_flat(got)[keep], (scale[:, None] * _flat(ref))[keep], rtol=1e-13)
    g, g_plain = loss.grad_of_evaluate(), plain.grad_of_evaluate()
    np.testing.assert_array_equal(_flat(g)[~keep], 0)
    np.testing.assert_allclose(_flat(g)[keep], (w[:, None] * _flat(g_plain))[keep], rtol=1e-13)
    u = rng.normal(size=z.shape)
    np.testing.assert_allclose(_flat(loss.multiply_fisher_factor(u))[keep],
                               (np.sqrt(w)[:, None] * _flat(plain.multiply_fisher_factor(u)))[keep], rtol=1e-13)
    np.testing.assert_allclose(loss.per_case_fisher().dense(), (w * m)[:, None, None] * plain.per_case_fisher(False).dense(),
                               rtol=1e-13, atol=1e-300)


@pytest.mark.parametrize("name", CASES)
def test_float32_in_float32_out(name):
    case, loss, z, r, y, rng = _setup(name, dtype=np.float32)
    v = (rng.normal(size=z.shape).astype(np.float32), rng.normal(size=r.shape).astype(np.float32))
    outs = [*loss.grad_of_evaluate(), *loss.multiply_fisher(v), *loss.multiply_hessian(v),
            loss.multiply_fisher_factor_transpose(v), *loss.multiply_fisher_factor(v[0])]
    assert all(o.dtype == np.float32 for o in outs) and np.asarray(loss.evaluate()).dtype == np.float32
    ref = _dense_theta_fisher(case, z.astype(np.float32).astype(float), r.astype(np.float32).astype(float))
    got = np.einsum("bij,bj->bi", ref, _flat(v).astype(float))
    np.testing.assert_allclose(_flat(loss.multiply_fisher(v)), got, rtol=0, atol=1e-5 * abs(got).max())


# ------------------------------------------------------------------------- bad input
def test_bad_inputs_name_the_argument():
    L = G.CategoricalLogitsLogTemperatureNegativeLogProbLoss
    z, y = np.zeros((3, 4)), np.zeros(3, dtype=int)
    with pytest.raises(NatlossInputError, match=r"log_temperature: expected one value per row, the shape \(3,\)"):
        L(z, np.zeros((3, 1)), targets=y)
    with pytest.raises(NatlossInputError, match=r"log_temperature: .*got .*shape \(4,\)"):
        L(z, np.zeros(4), targets=y)
    with pytest.raises(NatlossInputError, match="log_temperature: .*dtype float64.*float32"):
        L(z, np.zeros(3, dtype=np.float32), targets=y)
    with pytest.raises(NatlossTypeError, match="log_temperature: expected a numpy float32 or float64 array"):
        L(z, [0.0, 0.0, 0.0], targets=y)
    with pytest.raises(NatlossInputError, match="log_temperature: expected finite values"):
        L(z, np.array([0.0, np.nan, 0.0]), targets=y)
    with pytest.raises(NatlossInputError, match="logits: expected an array with the coupled axis last"):
        L(np.float64(1.0), np.zeros(()), targets=y)
    with pytest.raises(NatlossInputError, match=r"logits, log_temperature: eta = logits\*exp\(-log_temperature\) must be finite"):
        L(np.ones((3, 4)), np.full(3, -800.0), targets=y)
    with pytest.raises(NatlossInputError, match="targets"):
        L(z, np.zeros(3), targets=np.array([0, 4, 0]))
    loss = L(z, np.zeros(3), targets=y)
    with pytest.raises(NatlossTypeError, match=r"vector: expected a tuple of 2 arrays \(logits, log_temperature\)"):
        loss.multiply_fisher(z)
    with pytest.raises(NatlossTypeError, match=r"vector\[1\]: expected a numpy array of shape \(3,\)"):
        loss.multiply_hessian((z, np.zeros(4)))
    with pytest.raises(NatlossTypeError, match=r"vector: expected a numpy array of shape \(3, 4\)"):
        loss.multiply_fisher_factor(np.zeros(3))


def test_declaration_errors_name_the_field():
    z, t = VectorParam("logits"), Param("log_temperature", REALS)
    other = sp.Symbol("other")
    with pytest.raises(DeclarationError, match="eta.*other"):
        compile_to_class(RowParametrization(name="x", class_name="X", family=CATEGORICAL, vector=z, row_params=(t,),
                                            eta=z.symbol * other))
    with pytest.raises(DeclarationError, match="family"):
        compile_to_class(RowParametrization(name="x", class_name="X", family=POISSON, vector=z, row_params=(t,),
                                            eta=z.symbol))
    with pytest.raises(DeclarationError, match="eta"):
        compile_to_class(RowParametrization(name="x", class_name="X", family=CATEGORICAL, vector=z, row_params=(t,),
                                            eta=t.symbol))


# ------------------------------------------------------------------------ O(K)
def test_products_stay_linear_in_k():
    """K = 100000, 4 rows: every product's peak memory is a few arrays of the inputs' size
    (a K x K matrix per row would be 80 GB)."""
    B, K = 4, 100_000
    rng = np.random.default_rng(11)
    z, r, y = rng.normal(size=(B, K)), rng.normal(size=B), rng.integers(0, K, size=B)
    loss = G.CategoricalLogitsLogTemperatureNegativeLogProbLoss(z, r, targets=y)
    v = (rng.normal(size=(B, K)), rng.normal(size=B))
    row_bytes = B * K * 8
    calls = {
        "grad": loss.grad_of_evaluate, "fisher": lambda: loss.multiply_fisher(v),
        "hessian": lambda: loss.multiply_hessian(v), "factor": lambda: loss.multiply_fisher_factor(v[0]),
        "factor_transpose": lambda: loss.multiply_fisher_factor_transpose(v),
        "one_hot": lambda: loss.multiply_fisher_factor_replicated_one_hot((17,)),
        "per_case_fisher": loss.per_case_fisher, "per_case_hessian": loss.per_case_hessian,
    }
    for name, call in calls.items():
        call()  # caches filled (the row statistics, J) once
        tracemalloc.start()
        call()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 40 * row_bytes, (name, peak / row_bytes)


# ---------------------------------------------------------------- natloss check
@pytest.mark.parametrize("decl", builtin_row_parametrizations(), ids=lambda d: d.name)
def test_natloss_check_passes_on_the_builtins(decl):
    from natloss.codegen.verify import verify

    report = verify(decl, quick=True)
    assert report.passed, report.table()
    checked = {(r.check, r.quantity) for r in report.rows}
    assert {("derivatives", "hessian vs mpmath"), ("products", "B B^T = F"), ("finite differences", "fd_hessian")} <= checked


def test_natloss_check_command_line(capsys):
    from natloss.codegen.cli import main

    assert main(["check", "categorical_logits_log_temperature", "--quick"]) == 0
    out = capsys.readouterr().out
    assert "F = E[H]" in out and "passed" in out


def test_a_users_file_builds_a_package_that_stands_alone(tmp_path):
    """A declaration file -> `natloss build --only-user` -> a package without the natural family's
    module, importable in a fresh process (the module embeds the natural class)."""
    import os
    import subprocess
    import sys

    (tmp_path / "tempered.py").write_text(
        "import sympy as sp\n"
        "from natloss.codegen import REALS, Param, VectorParam\n"
        "from natloss.codegen.families.one_hot_categorical import FAMILY as ONE_HOT\n"
        "from natloss.codegen.parametrize_rows import RowParametrization\n"
        "z, t = VectorParam('scores'), Param('log_t', REALS)\n"
        "PARAMETRIZATION = RowParametrization(name='tempered', class_name='TemperedLoss', family=ONE_HOT, vector=z,\n"
        "                                     row_params=(t,), eta=z.symbol * sp.exp(-t.symbol))\n")
    env = dict(os.environ, NATLOSS_NO_CACHE="1")
    build = [sys.executable, "-m", "natloss.codegen", "build", "--only-user", "--family", str(tmp_path / "tempered.py"),
             "--out", str(tmp_path / "mypkg")]
    subprocess.run(build, check=True, env=env, capture_output=True)
    assert sorted(p.name for p in (tmp_path / "mypkg" / "numpy").glob("*.py")) == ["__init__.py", "tempered.py"]
    script = ("import numpy as np; from mypkg.numpy import TemperedLoss as L\n"
              "z = np.array([[1.0, 2.0, 0.5]]); y = np.array([[0, 1, 0]])\n"
              "loss = L(z, np.array([np.log(2.0)]), targets=y)\n"
              "e = z / 2; print(repr(float(loss.evaluate())), repr(float(np.log(np.exp(e).sum()) - e[0, 1])))\n")
    out = subprocess.run([sys.executable, "-c", script], check=True, env=env, cwd=tmp_path, capture_output=True, text=True)
    got, ref = map(float, out.stdout.split())
    assert abs(got - ref) <= 1e-15 * abs(ref)


def test_two_row_parameters_and_none():
    """m = 2 (the r_j r_l cross terms of the Hessian: eta_k = z_k exp(-a b) + b) and m = 0, checked
    by the same battery (mpmath.diff of the declaration, finite differences, B B^T = F)."""
    from natloss.codegen.families.dirichlet import FAMILY as DIRICHLET
    from natloss.codegen.verify import verify

    z, a, b = VectorParam("scores"), Param("a", REALS), Param("b", REALS)
    two = RowParametrization(name="two", class_name="TwoLoss", family=CATEGORICAL, vector=z, row_params=(a, b),
                             eta=z.symbol * sp.exp(-a.symbol * b.symbol) + b.symbol)
    w = VectorParam("log_alpha")
    none = RowParametrization(name="none", class_name="NoneLoss", family=DIRICHLET, vector=w, row_params=(),
                              eta=sp.exp(w.symbol))
    for decl in (two, none):
        report = verify(decl, quick=True)
        assert report.passed, report.table()


def test_eta_outside_the_natural_domain_is_a_declaration_error():
    from natloss.codegen.families.dirichlet import FAMILY as DIRICHLET

    w = VectorParam("raw")
    with pytest.raises(DeclarationError, match="eta.*outside concentration's domain"):
        compile_to_class(RowParametrization(name="bad", class_name="BadLoss", family=DIRICHLET, vector=w,
                                            row_params=(), eta=w.symbol))
