"""Every `Rewrite` of codegen/rewrite.py, and the NumPy helpers of runtime/numpy_math.py.

For each rewrite: the naive input becomes the expected stable structure; the value is
unchanged (50-digit mpmath, through `primitives.to_naive`); and the stable form, printed
by `NumPyLossPrinter` and evaluated with `runtime.numpy_math` in float64, is accurate at
extremes where the naive form overflows or cancels.
"""
from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import scipy.special as sc
import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

from natloss.codegen import rewrite as rw
from natloss.codegen.primitives import (
    bd0,
    digamma_diff,
    log_factorial_saddle,
    log1mexp,
    sigmoid,
    softplus,
    to_naive,
    trigamma_det,
    trigamma_diff,
    xtrigamma_m1,
)
from natloss.codegen.printers import NumPyLossPrinter
from natloss.runtime import numpy_math as nm

x = sp.Symbol("x", real=True)
a = sp.Symbol("a", positive=True)
z = sp.Symbol("z", positive=True)
n = sp.Symbol("n", integer=True, positive=True)
yi = sp.Symbol("y", integer=True, nonnegative=True)
yr = sp.Symbol("y", real=True)
e1 = sp.Symbol("e1", negative=True)
e2 = sp.Symbol("e2", negative=True)
yp = sp.Symbol("y", positive=True)

PRINTER = NumPyLossPrinter({"fully_qualified_modules": True, "allow_unknown_functions": False})


def numpy_eval(expr, dtype=np.float64, **values):
    """Evaluate `expr` as the generated code would: printed by NumPyLossPrinter, run with numpy_math."""
    code = PRINTER.doprint(expr)
    env = {"np": np, "_m": nm, "math": math}
    env.update({k: np.asarray(v, dtype=dtype) for k, v in values.items()})
    with np.errstate(all="ignore"):
        return np.asarray(eval(code, env))  # noqa: S307 - our own printed code


def mp_eval(expr, dps=50, **values):
    naive = to_naive(expr)
    f = sp.lambdify(list(sp.symbols(list(values))), naive.subs({s: sp.Symbol(s.name) for s in naive.free_symbols}), "mpmath")
    with mpmath.workdps(dps):
        return f(*[mpmath.mpf(v) for v in values.values()])


def rel(got, ref):
    """Relative error, with the float64 smallest normal as the floor of |ref| (subnormal results)."""
    ref = mpmath.mpf(ref)
    return float(abs(mpmath.mpf(float(got)) - ref) / max(abs(ref), mpmath.mpf(2.2250738585072014e-308)))


def check_value_unchanged(naive, stable, points, dps=50):
    for values in points:
        with mpmath.workdps(dps + 20):
            want = mp_eval(naive, dps + 20, **values)
        got = mp_eval(stable, dps + 20, **values)
        assert abs(got - want) <= mpmath.mpf(10) ** (-dps) * max(abs(want), 1), (values, got, want)


def check_numpy(stable, naive, extremes, tol=4e-16, dps=400):
    """The stable form is accurate in float64 where the naive one is not."""
    naive_bad = False
    for values in extremes:
        ref = mp_eval(naive, dps, **values)
        got = numpy_eval(stable, **values)
        assert np.isfinite(got), (values, got)
        assert rel(got, ref) <= tol, (values, float(got), mpmath.nstr(ref, 17))
        naive_got = numpy_eval(naive, **values)
        naive_bad |= not np.isfinite(naive_got) or rel(naive_got, ref) > 1e-8
    assert naive_bad, "the extremes should break the naive form"


# ------------------------------------------------------------------ the rewrites
def test_log1pexp_to_softplus():
    naive = sp.log(1 + sp.exp(x))
    stable = rw.LOG1PEXP_TO_SOFTPLUS(naive)
    assert stable == softplus(x)
    assert rw.LOG1PEXP_TO_SOFTPLUS(sp.log(1 - sp.exp(-a))) == log1mexp(-a)
    check_value_unchanged(naive, stable, [{"x": v} for v in (-30, -1, 0, 0.5, 40)])
    check_numpy(stable, naive, [{"x": 700.0}, {"x": 800.0}, {"x": -700.0}, {"x": -40.0}])


def test_log1mexp_accuracy():
    naive = sp.log(1 - sp.exp(-a))
    stable = rw.LOG1PEXP_TO_SOFTPLUS(naive)
    assert stable == log1mexp(-a)
    check_value_unchanged(naive, stable, [{"a": v} for v in (1e-5, 0.3, 1, 30)], dps=40)
    check_numpy(stable, naive, [{"a": 1e-300}, {"a": 1e-10}, {"a": 700.0}, {"a": 40.0}], dps=700)


def test_logistic_to_sigmoid():
    naive = 1 / (1 + sp.exp(-x))
    stable = rw.LOGISTIC_TO_SIGMOID(naive)
    assert stable == sigmoid(x)
    check_value_unchanged(naive, stable, [{"x": v} for v in (-30, -1, 0, 2, 40)])
    check_numpy(stable, naive, [{"x": -745.0}, {"x": -710.0}, {"x": 30.0}], dps=700)


def test_exp_minus_one_to_expm1():
    naive = sp.exp(x) - 1
    stable = rw.EXP_MINUS_ONE_TO_EXPM1(naive)
    assert stable == expm1(x)
    assert rw.EXP_MINUS_ONE_TO_EXPM1(1 - sp.exp(x)) == -expm1(x)
    check_value_unchanged(naive, stable, [{"x": v} for v in (-3, -1e-5, 1e-7, 2)])
    check_numpy(stable, naive, [{"x": 1e-12}, {"x": -1e-300}, {"x": 3.0}])


def test_log_one_plus_to_log1p():
    naive = sp.log(1 + z)
    stable = rw.LOG_ONE_PLUS_TO_LOG1P(naive)
    assert stable == log1p(z)
    assert rw.LOG_ONE_PLUS_TO_LOG1P(sp.log(2)) == sp.log(2)  # numbers stay
    check_value_unchanged(naive, stable, [{"z": v} for v in (1e-9, 0.5, 3)])
    check_numpy(stable, naive, [{"z": 1e-20}, {"z": 1e-300}, {"z": 10.0}])


def test_sqrt_sigmoid_to_exp():
    naive = sp.sqrt(sigmoid(x) * sigmoid(-x))
    stable = rw.SQRT_SIGMOID_TO_EXP(sp.powdenest(naive, force=True))
    assert not stable.has(sp.Pow) or all(not isinstance(p.base, sigmoid) for p in stable.atoms(sp.Pow))
    assert stable.has(softplus) and stable.has(sp.exp)
    check_value_unchanged(naive, stable, [{"x": v} for v in (-30, -1, 0, 2, 40)])
    # sigmoid(x) sigmoid(-x) underflows to 0 at |x| > 745, its square root does not
    check_numpy(stable, naive, [{"x": 800.0}, {"x": -1200.0}, {"x": 3.0}], dps=1200)


def test_exp_over_expm1_squared():
    naive = sp.exp(x) / expm1(x) ** 2
    stable = rw.EXP_OVER_EXPM1_SQUARED(naive)
    assert stable == -1 / (expm1(x) * expm1(-x))
    check_value_unchanged(naive, stable, [{"x": v} for v in (-20, -1e-5, 0.3, 30)])
    check_numpy(stable, naive, [{"x": 700.0}, {"x": 400.0}, {"x": -700.0}, {"x": 1e-9}], dps=700)


def test_xtrigamma_m1():
    naive = z * sp.polygamma(1, z) - 1
    stable = rw.XTRIGAMMA_M1(naive)
    assert stable == xtrigamma_m1(z)
    # a factor in front is kept: c (z trigamma(z) - 1)
    assert rw.XTRIGAMMA_M1(sp.expand(3 * naive / z)) == 3 * xtrigamma_m1(z) / z
    check_value_unchanged(naive, stable, [{"z": v} for v in (1e-3, 0.7, 19.5, 20.5, 1e4)])
    check_numpy(stable, naive, [{"z": 1e8}, {"z": 1e12}, {"z": 25.0}, {"z": 0.5}], tol=4e-15)


def test_sigmoid_complement():
    naive = n * sigmoid(x) - yi
    stable = rw.SIGMOID_COMPLEMENT(naive)
    assert sp.expand(stable - ((n - yi) * sigmoid(x) - yi * sigmoid(-x))) == 0
    assert rw.SIGMOID_COMPLEMENT(sigmoid(x) - x) == sigmoid(x) - x  # x is not known >= 0
    check_value_unchanged(naive, stable, [{"n": 3, "y": 2, "x": v} for v in (-30, 0.4, 50)])
    b_naive, b_stable = sigmoid(x) - yi, rw.SIGMOID_COMPLEMENT(sigmoid(x) - yi)
    check_numpy(b_stable, b_naive, [{"x": 100.0, "y": 1.0}, {"x": 700.0, "y": 1.0}, {"x": -700.0, "y": 0.0}], dps=700)


def test_complete_square_normal():
    naive = -e1 * yr - e2 * yr**2 - e1**2 / (4 * e2) - sp.log(-2 * e2) / 2
    stable = rw.complete_square(yr)(naive)
    assert any(isinstance(f, sp.Pow) and f.exp == 2 for t in sp.Add.make_args(stable) for f in sp.Mul.make_args(t))
    pts = [{"e1": 3.0, "e2": -0.5, "y": v} for v in (-2, 3, 5)]
    check_value_unchanged(naive, stable, pts)
    # near the mode y = -e1 / (2 e2) of a sharp Normal the expanded form cancels
    check_numpy(stable, naive, [{"e1": 1e8, "e2": -0.5, "y": 1e8 + 0.5}, {"e1": 3.0, "e2": -0.5, "y": 3.5}], tol=1e-15)


def test_complete_square_inverse_gaussian():
    # A - <eta, T> of the Inverse Gaussian (derive.stabilize applies it without log h here)
    naive = -e2 / yp - e1 * yp - 2 * sp.sqrt(-e1) * sp.sqrt(-e2) - sp.log(-2 * e2) / 2
    stable = rw.complete_square(yp)(naive)
    square = (sp.sqrt(yp) * sp.sqrt(-e1) - sp.sqrt(-e2) / sp.sqrt(yp)) ** 2
    assert stable.has(square)
    assert sp.simplify(stable - (square - sp.log(-2 * e2) / 2)) == 0
    check_value_unchanged(naive, stable, [{"e1": -2.0, "e2": -3.0, "y": v} for v in (0.1, 1.2, 7)])
    # at the mean y = sqrt(e2 / e1) of a sharp Inverse Gaussian the expanded form cancels
    check_numpy(stable, naive, [{"e1": -1e12, "e2": -1e12, "y": 1.0 + 2.0**-20}, {"e1": -4e10, "e2": -1e10, "y": 0.5 + 2.0**-25}], tol=3e-11)
    # (the condition number in y is ~1e5 there: the stable form is within cond * u, the naive one is 1e-5 off)
    # no overflow of (sqrt(-e1) y)^2 in float32 at y = 1e30
    assert np.isfinite(numpy_eval(stable, np.float32, e1=-0.5, e2=-0.5, y=1e30))


def test_bounded_softplus_nll():
    naive = n * softplus(x) - yi * x
    stable = rw.bounded_softplus_nll(n, yi)(naive)
    assert sp.expand(stable - (yi * softplus(-x) + (n - yi) * softplus(x))) == 0
    check_value_unchanged(naive, stable, [{"n": 4, "y": 3, "x": v} for v in (-20, 0.3, 25)])
    # a confident, correct prediction: a tiny loss, not the difference of two large ones
    check_numpy(stable.subs(n, 1), naive.subs(n, 1), [{"x": 700.0, "y": 1.0}, {"x": -700.0, "y": 0.0}, {"x": 40.0, "y": 1.0}], dps=700)


def test_every_rewrite_is_named_and_tested():
    named = {r.name for r in rw.CANONICAL + rw.STABLE}
    named |= {rw.complete_square(yr).name, rw.bounded_softplus_nll(n, yi).name, rw.saddle_point_nll({}).name}
    for r in rw.CANONICAL + rw.STABLE:
        assert isinstance(r, rw.Rewrite) and r.doc
    tested = {
        "log1pexp_to_softplus", "logistic_to_sigmoid", "exp_minus_one_to_expm1", "log_one_plus_to_log1p",
        "sqrt_sigmoid_to_exp", "exp_over_expm1_squared", "xtrigamma_m1", "sigmoid_complement",
        "complete_square", "bounded_softplus_nll", "saddle_point_nll",
        "special_functions", "bessel_ratio_gap",  # tests/test_special_functions.py
    }
    assert named <= tested, f"untested rewrites: {named - tested}"


# ------------------------------------------------------------- numpy_math helpers
HELPERS = {
    # name: (numpy_math function, mpmath reference, sample points, float64 tol, float32 tol)
    "softplus": (nm.softplus, lambda v: mpmath.log1p(mpmath.exp(v)), [-700, -80, -20, -1e-8, 0, 0.3, 5, 30, 80, 700], 4e-16, 2e-7),
    "sigmoid": (nm.sigmoid, lambda v: 1 / (1 + mpmath.exp(-v)), [-700, -80, -20, -1, 0, 1e-8, 2, 30, 80, 700], 4e-16, 2e-7),
    "log1mexp": (nm.log1mexp, lambda v: mpmath.log(-mpmath.expm1(v)), [-700, -80, -20, -1, -0.7, -0.69, -1e-3, -1e-8, -1e-30, -1e-300], 4e-16, 2e-7),
    "gammaln": (nm.gammaln, mpmath.loggamma, [1e-6, 0.1, 0.5, 3.5, 10, 1e3, 1e6, 1e15], 4e-15, 4e-7),
    "digamma": (nm.digamma, mpmath.digamma, [1e-6, 0.1, 0.5, 3.5, 10, 1e3, 1e6, 1e15], 4e-15, 4e-7),
    "trigamma": (nm.trigamma, lambda v: mpmath.polygamma(1, v), [1e-6, 0.1, 0.5, 3.5, 10, 1e3, 1e6, 1e15], 4e-15, 4e-7),
    "xtrigamma_m1": (nm.xtrigamma_m1, lambda v: v * mpmath.polygamma(1, v) - 1, [1e-6, 0.1, 0.5, 3.5, 19.9, 20.1, 1e3, 1e8, 1e15], 1e-14, 4e-7),
}


@pytest.mark.parametrize("name", list(HELPERS))
@pytest.mark.parametrize("dt", ["float64", "float32"])
def test_numpy_math_helper(name, dt):
    fn, ref, points, tol64, tol32 = HELPERS[name]
    xs = np.array([p for p in points if abs(p) < np.finfo(dt).max], dtype=dt)
    xs = xs[(xs != 0) | (np.array(points[: len(xs)]) == 0)] if name == "log1mexp" and dt == "float32" else xs
    if name == "log1mexp":
        xs = xs[xs < 0]
    got = fn(xs)
    assert got.dtype == np.dtype(dt), (name, got.dtype)
    tol = tol64 if dt == "float64" else tol32
    tiny = float(np.finfo(dt).tiny)
    for xv, g in zip(xs, got):
        with mpmath.workdps(400):
            r = ref(mpmath.mpf(float(xv)))
        err = float(abs(mpmath.mpf(float(g)) - r) / max(abs(r), tiny))
        assert err <= tol, f"{name}({float(xv)!r}) in {dt}: got {float(g)!r}, want {mpmath.nstr(r, 17)}, rel. error {err:.2e}"


def test_numpy_math_python_scalar_stays_weak():
    # a hyper-parameter (Python float) must not upcast a float32 expression
    y = np.array([3.0], np.float32)
    assert isinstance(nm.gammaln(3.5), float)
    assert (nm.gammaln(3.5) - nm.gammaln(3.5 + y)).dtype == np.float32
    assert (nm.gammaln(3.5) - nm.gammaln(3.5 + y * 0))[0] == 0.0


def test_polygamma_differences():
    # The Beta's parameters: alpha - 1 and beta - 1 in (-1, oo); SymPy alone cannot sign b.
    am1, bm1 = sp.symbols("am1 bm1", real=True)
    domains = {am1: sp.Interval.open(-1, sp.oo), bm1: sp.Interval.open(-1, sp.oo)}
    ua, ub = am1 + 1, bm1 + 1
    rewrite = rw.polygamma_differences(domains)
    mean = sp.polygamma(0, ua) - sp.polygamma(0, ua + ub)
    fisher = sp.polygamma(1, ub) - sp.polygamma(1, ua + ub)
    det = (sp.polygamma(1, ua) * sp.polygamma(1, ub)
           - sp.polygamma(1, ua + ub) * (sp.polygamma(1, ua) + sp.polygamma(1, ub)))
    assert rewrite(mean) == -digamma_diff(ua, ub)
    assert rewrite(fisher) == trigamma_diff(ub, ua)
    assert rewrite(sp.expand(det)) == trigamma_det(ua, ub)
    assert rewrite(-sp.expand(det)) == -trigamma_det(ua, ub)
    # no sign known (unbounded domain): unchanged; a lone polygamma: unchanged
    free = sp.Symbol("free", real=True)
    assert rewrite(sp.polygamma(0, free) - sp.polygamma(0, free + ub)) == sp.polygamma(0, free) - sp.polygamma(0, free + ub)
    assert rewrite(sp.polygamma(1, ua) + am1) == sp.polygamma(1, ua) + am1
    points = [{"am1": a_, "bm1": b_} for a_, b_ in ((-0.5, 2.0), (3.0, -0.999), (100.0, 7.5))]
    for naive in (mean, fisher, det):
        check_value_unchanged(naive, rewrite(sp.expand(naive)), points)
    # b << a: psi(b) - psi(a + b) and psi_1(a) - psi_1(a + b) cancel in the direct form
    extremes = [{"am1": 1e6, "bm1": -1 + 1e-6}, {"am1": -1 + 1e-6, "bm1": 1e8}, {"am1": 1e8, "bm1": 1e3}]
    for naive in (mean, fisher):
        check_numpy(rewrite(naive), naive, extremes, tol=2e-15)
    # det F: the product terms cancel by ~2 min(a, b) (the primitive switches forms at 5)
    check_numpy(rewrite(sp.expand(det)), det, extremes + [{"am1": 1e6, "bm1": 1e6}, {"am1": 4.0, "bm1": 3.5}], tol=2e-14)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_psi_difference_helpers(dtype):
    """numpy_math.digamma_diff / trigamma_diff against mpmath on an (x, h) grid, both orders."""
    v = np.concatenate([np.logspace(-8, 8, 17), [0.5, 9.5, 10.0, 10.5]])
    x, h = (g.ravel().astype(dtype) for g in np.meshgrid(v, v))
    tol = {np.float64: 2e-15, np.float32: 2e-7}[dtype]
    tol_det = {np.float64: 2e-14, np.float32: 2e-7}[dtype]
    for helper, ref in ((nm.digamma_diff, lambda a_, b_: mpmath.psi(0, a_ + b_) - mpmath.psi(0, a_)),
                        (nm.trigamma_diff, lambda a_, b_: mpmath.psi(1, a_) - mpmath.psi(1, a_ + b_)),
                        (nm.trigamma_det, lambda a_, b_: mpmath.psi(1, a_) * mpmath.psi(1, b_)
                         - mpmath.psi(1, a_ + b_) * (mpmath.psi(1, a_) + mpmath.psi(1, b_)))):
        got = helper(x, h)
        assert got.dtype == dtype
        with mpmath.workdps(50):
            for xi, hi, g in zip(x, h, got):
                bound = tol_det if helper is nm.trigamma_det else tol
                assert rel(g, ref(mpmath.mpf(float(xi)), mpmath.mpf(float(hi)))) <= bound, (helper.__name__, xi, hi)


def test_saddle_point_nll_poisson():
    naive = sp.exp(x) - x * yi + sp.loggamma(yi + 1)
    stable = rw.saddle_point_nll({})(naive)
    assert stable == bd0(yi, sp.exp(x)) + log_factorial_saddle(yi)
    check_value_unchanged(naive, stable, [{"x": v, "y": k} for v, k in ((0.3, 1), (10, 22026), (25, 7.2e10))])
    # near the mode the three naive terms are ~1e12 and the NLL ~14
    check_numpy(stable, naive, [{"x": 25.0, "y": 72004899337.0}, {"x": 10.0, "y": 22026.0}, {"x": -700.0, "y": 0.0}], tol=1e-15)


def test_saddle_point_nll_gamma():
    # the Gamma's eta = (a - 1, -b): shape_minus_one in (-1, oo), neg_rate < 0
    s, r = sp.Symbol("s", real=True), sp.Symbol("r", negative=True)
    a, b = s + 1, -r
    naive = sp.loggamma(a) - a * sp.log(b) - s * sp.log(yp) + b * yp
    stable = rw.saddle_point_nll({s: sp.Interval.open(-1, sp.oo)})(naive)
    assert sp.expand(stable - (log_factorial_saddle(a) - sp.log(a) + bd0(a, -r * yp) + sp.log(yp))) == 0
    points = [{"s": sv, "r": rv, "y": yv} for sv, rv, yv in ((-0.9, -1e-3, 0.03), (9.0, -10.0, 0.5), (1e6 - 1, -700.0, 1e6 / 700))]
    check_value_unchanged(naive, stable, points)
    check_numpy(stable, naive, [{"s": 1e12 - 1, "r": -1.0, "y": 1e12}, {"s": 1e6 - 1, "r": -700.0, "y": 1e6 / 700}], tol=1e-15)
    # without the domain, s + 1 > 0 is unknown: unchanged
    assert rw.saddle_point_nll({})(naive) == naive


def test_saddle_point_nll_leaves_other_lgamma_sums():
    # a Beta-like sum of lgammas, or a negative binomial's lgamma(y + r) - lgamma(y + 1): no single lgamma
    beta_like = sp.loggamma(a) + sp.loggamma(z) - sp.loggamma(a + z) - (a - 1) * sp.log(yp)
    nb_like = sp.loggamma(yi + 1) - sp.loggamma(yi + a) + a * x - x * yi
    for expr in (beta_like, nb_like):
        assert rw.saddle_point_nll({})(expr) == expr
    # no term m with -n log m: unchanged
    lone = sp.loggamma(yi + 1) - x * yi
    assert rw.saddle_point_nll({})(lone) == lone


def _mp_log_factorial_saddle(v):
    if v == 0:
        return mpmath.mpf(0)
    with mpmath.workdps(60 + max(0, int(mpmath.log10(v)))):
        return +(mpmath.loggamma(v + 1) - v * mpmath.log(v) + v)


def _mp_bd0(yv, mv):
    with mpmath.workdps(400):
        return (yv * mpmath.log(yv / mv) if yv > 0 else 0) + mv - yv


@pytest.mark.parametrize("dt", ["float64", "float32"])
def test_numpy_log_factorial_saddle(dt):
    points = [0.0, 1.0, 2.0, 3.5, 7.0, 7.999, 8.0, 8.5, 15.0, 22026.0, 1e8, 1e15, 1e30]
    xs = np.array(points, dtype=dt)
    got = nm.log_factorial_saddle(xs)
    assert got.dtype == np.dtype(dt) and got[0] == 0.0
    tol = 4e-16 * 4 if dt == "float64" else 1.2e-7
    for xv, g in zip(xs[1:], got[1:]):
        r = _mp_log_factorial_saddle(mpmath.mpf(float(xv)))
        assert rel(g, r) <= tol, (dt, float(xv), float(g), mpmath.nstr(r, 17))
    # below 1 the error is absolute, about an ulp of 1: lgamma(1 + n) rounds 1 + n
    for v in (1e-8, 1e-3, 0.1, 0.5, 0.999):
        assert abs(float(nm.log_factorial_saddle(v)) - float(_mp_log_factorial_saddle(mpmath.mpf(v)))) < 4e-16


@pytest.mark.parametrize("dt", ["float64", "float32"])
def test_numpy_bd0(dt):
    ys, ms = [], []
    for yv in (0.0, 1.0, 3.0, 22026.0, 1e8, 1e15, 1e30):
        for f in (1e-20, 0.5, 0.9, 0.95, 0.999, 1 - 1e-6, 1.0 + 1e-6, 1.001, 1.05, 1.11, 1.2, 2.0, 1e20):
            mv = yv * f if yv > 0 else f
            if mv < float(np.finfo(dt).max):
                ys.append(yv)
                ms.append(mv)
    y, m = np.array(ys, dtype=dt), np.array(ms, dtype=dt)
    got = nm.bd0(y, m)
    assert got.dtype == np.dtype(dt)
    tol = 4e-16 * 4 if dt == "float64" else 1.2e-7
    for yv, mv, g in zip(y, m, got):
        r = _mp_bd0(mpmath.mpf(float(yv)), mpmath.mpf(float(mv)))
        assert rel(g, r) <= tol, (dt, float(yv), float(mv), float(g), mpmath.nstr(r, 17))
    # the ratio y / m out of range: log y - log m
    assert rel(nm.bd0(1e300, 1e-300), _mp_bd0(mpmath.mpf(1e300), mpmath.mpf(1e-300))) <= 1e-15
