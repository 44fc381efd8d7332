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
    log1mexp_plus_exp,
    log1pmx,
    sigmoid,
    softplus,
    to_naive,
    trigamma_det,
    trigamma_diff,
    xtrigamma_m1,
)
from natloss.codegen.backends.numpy.printer import NumPyLossPrinter
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


def test_complete_square_with_a_surd_beside_log_terms():
    # Inverse Gaussian with a known shape lam: A - eta y - log h, whose square has sqrt(2) in it and
    # sits beside the log y of log h
    lam = sp.Symbol("lam", positive=True)
    naive = -sp.sqrt(-2 * lam * e1) + lam / (2 * yp) - e1 * yp + 3 * sp.log(yp) / 2 - sp.log(lam / (2 * sp.pi)) / 2
    stable = rw.complete_square(yp)(naive)
    assert any(isinstance(f, sp.Pow) and f.exp == 2 for t in sp.Add.make_args(stable) for f in sp.Mul.make_args(t))
    check_value_unchanged(naive, stable, [{"lam": 2.0, "e1": -3.0, "y": v} for v in (0.1, 0.57, 7)])
    # at the mean y = sqrt(lam / (-2 e1)) of a sharp one the expanded form cancels
    check_numpy(stable, naive, [{"lam": 1e12, "e1": -0.5e12, "y": 1.0 + 2.0**-20}], tol=3e-11)


def test_log1p_minus_x():
    naive = log1p(x) - x
    stable = rw.LOG1P_MINUS_X(naive)
    assert stable == log1pmx(x)
    # the Logarithmic family's Fisher: x + log(1 - x) with x = exp(eta), written log1mexp(eta) + exp(eta)
    eta = sp.Symbol("eta", negative=True)
    lf = 3 * (log1mexp(eta) + sp.exp(eta)) * sp.exp(eta)
    assert rw.LOG1P_MINUS_X(sp.expand(lf)).has(log1mexp_plus_exp(eta))
    assert rw.LOG1P_MINUS_X(log1p(x) + x) == log1p(x) + x  # no cancellation: kept
    check_value_unchanged(naive, stable, [{"x": v} for v in (-0.9, -1e-5, 0.3, 5)])
    check_numpy(stable, naive, [{"x": 1e-9}, {"x": -1e-12}, {"x": -0.4}, {"x": 0.9}, {"x": 1e-200}], dps=500)
    lg = log1mexp(eta) + sp.exp(eta)
    check_numpy(rw.LOG1P_MINUS_X(lg), lg, [{"eta": -27.6}, {"eta": -300.0}, {"eta": -2.0}, {"eta": -1e-8}], dps=500)
    # float32 at eta = -1e-8: exp(eta) rounds to 1, the primitive keeps the plain sum there
    assert np.isfinite(numpy_eval(rw.LOG1P_MINUS_X(lg), np.float32, eta=-1e-8))


def test_exp_growth_bounded():
    # the continuous Bernoulli's F as the derivation writes it: e^(2 eta) overflows at eta = 355
    naive = -(x**2 * sp.exp(2 * x) - x**2 * sp.exp(x) * expm1(x) - expm1(x) ** 2) / (x**2 * expm1(x) ** 2)
    stable = rw.EXP_GROWTH_BOUNDED(naive)
    assert not any(e.args[0] != x and e.args[0] != -x for e in stable.atoms(sp.exp)), stable
    check_value_unchanged(naive, stable, [{"x": v} for v in (-30, -0.7, 0.4, 3, 40)])
    check_numpy(stable, naive, [{"x": 400.0}, {"x": 700.0}, {"x": -700.0}, {"x": 30.0}], tol=1e-15, dps=700)
    # and its mean: exp(a) / expm1(a) -> -1 / expm1(-a)
    mean = x * (sp.exp(x) / x - expm1(x) / x**2) / expm1(x)
    stable_mean = rw.EXP_GROWTH_BOUNDED(mean)
    assert stable_mean.has(expm1(-x)) and not stable_mean.has(sp.exp(x))
    check_value_unchanged(mean, stable_mean, [{"x": v} for v in (-30, -0.7, 0.4, 3, 40)])
    check_numpy(stable_mean, mean, [{"x": 710.0}, {"x": 800.0}, {"x": -700.0}], tol=1e-15, dps=800)
    # float32: e^(2 eta) overflows from eta = 45
    assert np.isfinite(numpy_eval(stable, np.float32, x=60.0)) and np.isfinite(numpy_eval(stable_mean, np.float32, x=100.0))
    # one-signed arguments keep their forms (exp_over_expm1_squared handles them)
    assert rw.EXP_GROWTH_BOUNDED(sp.exp(a) / expm1(a) ** 2) == sp.exp(a) / expm1(a) ** 2


def test_removable_singularity_series_branch():
    # the continuous Bernoulli: E[y] and F are 0/0 at eta = 0 (limits 1/2, 1/12)
    from natloss.codegen.singular import removable

    mean = -1 / expm1(-x) - 1 / x
    fisher = 1 / (expm1(-x) * expm1(x)) + 1 / x**2
    for expr, limit in ((mean, sp.Rational(1, 2)), (fisher, sp.Rational(1, 12))):
        out, points = removable(expr, x, sp.Interval(-sp.oo, sp.oo))
        assert len(points) == 1 and points[0][0] == 0, points
        radius = points[0][1]
        assert 1e-3 < radius <= 1
        with mpmath.workdps(200):  # the naive form cancels 60 digits at 1e-30
            f = sp.lambdify([x], to_naive(expr), "mpmath")
            for dtype, tol in ((np.float64, 1e-12), (np.float32, 1e-5)):
                # both sides of the switch, the point itself, and where the old form was 1.23 for 1/12
                for v in (0.0, 1e-30, 1e-8, -1e-8, 1e-3, radius * 0.999, radius * 1.001, -radius * 1.001, 0.5, -3.0, 30.0):
                    v = float(np.asarray(v, dtype))
                    got = numpy_eval(out, dtype, x=v)
                    ref = mpmath.mpf(limit) if v == 0 else f(mpmath.mpf(v))
                    assert np.isfinite(got) and rel(got, ref) <= tol, (str(expr), dtype, v, float(got), mpmath.nstr(ref, 17))
                # no warning (no 0/0) at the point itself: each branch is evaluated at a safe argument
                with np.errstate(all="raise"):
                    code = PRINTER.doprint(out)
                    np.asarray(eval(code, {"np": np, "_m": nm, "math": math, "x": np.zeros(3, dtype)}))  # noqa: S307
    # a pole is not removable: no branch
    out, points = removable(1 / x + 1, x, sp.Interval(-sp.oo, sp.oo))
    assert points == [] and out == 1 / x + 1


def test_continuous_bernoulli_records_its_singular_point():
    from natloss.codegen.driver import builtin_families, compile_family

    (family,) = [f for f in builtin_families() if f.name == "continuous_bernoulli"]
    derived = compile_family(family).derived
    (point,) = derived.singular_points
    assert point.param == "eta" and point.at == 0.0 and 0 < point.radius <= 1
    assert {"mean0", "fisher_0_0", "factor_0_0", "nll"} <= set(point.expressions)


def test_lgamma_differences():
    from natloss.codegen.primitives import lgamma_diff

    r = sp.Symbol("r", positive=True)
    # the Negative binomial's log h: lgamma(y + r) - lgamma(y + 1) - lgamma(r)
    naive = sp.loggamma(yi + r) - sp.loggamma(yi + 1) - sp.loggamma(r)
    stable = rw.lgamma_differences(yi)(naive)
    assert stable == lgamma_diff(yi + 1, r - 1) - sp.loggamma(r)
    # the binomial coefficient's differences all have y in them: kept
    binom = sp.loggamma(n + 1) - sp.loggamma(yi + 1) - sp.loggamma(n - yi + 1)
    assert rw.lgamma_differences(yi)(binom) == binom
    check_value_unchanged(naive, stable, [{"y": v, "r": 3.5} for v in (0, 1, 7, 1000)])
    # y = 3.5e8: the direct difference cancels 8 digits
    # (large r at small y, lgamma(y + r) - lgamma(r), still cancels outside: a log-beta primitive is missing)
    check_numpy(stable, naive, [{"y": 3.5e8, "r": 3.5}, {"y": 1e15, "r": 0.5}, {"y": 0.0, "r": 3.5}], tol=1e-15, dps=80)


@pytest.mark.parametrize("dt", ["float64", "float32"])
def test_numpy_lgamma_diff(dt):
    for xv, hv in [(1.0, 2.5), (3.5e8 + 1, 2.5), (1e8, -0.5), (9.0, -0.9), (7.9, 0.2), (8.0, 0.0), (1e15, 1e6), (2.0, 1e6), (1e30, 3.0)]:
        x_ = np.array([xv], dt)
        got = nm.lgamma_diff(x_, hv)
        assert got.dtype == np.dtype(dt)  # a Python hyper-parameter does not upcast
        with mpmath.workdps(80):
            xm = mpmath.mpf(float(x_[0]))
            ref = mpmath.loggamma(xm + hv) - mpmath.loggamma(xm)
            # below x = 8 the direct difference: its error is a few ulps of the lgamma values
            scale = abs(ref) if min(xm, xm + hv) >= 8 else max(abs(mpmath.loggamma(xm)), abs(mpmath.loggamma(xm + hv)), 1)
        tol = 1e-15 if dt == "float64" else 2e-7
        err = float(abs(mpmath.mpf(float(got[0])) - ref) / scale) if scale else float(got[0] != 0)
        assert err <= tol, (dt, xv, hv, float(got[0]), mpmath.nstr(ref, 17))
    assert isinstance(nm.lgamma_diff(3.0, 0.5), float)


def test_exp_minus_count():
    # the Poisson gradient exp(x) - y
    naive = sp.exp(x) - yi
    stable = rw.exp_minus_count(yi)(naive)
    assert stable.has(expm1(x)) and stable.has(sp.exp(x))
    assert rw.exp_minus_count(yr)(sp.exp(x) - yr) == sp.exp(x) - yr  # a real target: kept
    check_value_unchanged(naive, stable, [{"x": v, "y": k} for v in (-3, -1e-5, 0.5, 2) for k in (0, 1, 4)])
    # y = 1 at x = 1e-8: exp(x) - 1 cancels; y = 0 at x = -700: expm1(x) + 1 would
    check_numpy(stable, naive, [{"x": 1e-8, "y": 1.0}, {"x": -1e-12, "y": 1.0}, {"x": -700.0, "y": 0.0}, {"x": 0.7, "y": 4.0}],
                dps=400)


def test_bounded_softplus_nll():
    naive = n * softplus(x) - yi * x
    stable = rw.bounded_softplus_nll(n, yi)(naive)
    assert sp.expand(stable - (yi * softplus(-x) + (n - yi) * softplus(x))) == 0
    check_value_unchanged(naive, stable, [{"n": 4, "y": 3, "x": v} for v in (-20, 0.3, 25)])
    # a confident, correct prediction: a tiny loss, not the difference of two large ones
    check_numpy(stable.subs(n, 1), naive.subs(n, 1), [{"x": 700.0, "y": 1.0}, {"x": -700.0, "y": 0.0}, {"x": 40.0, "y": 1.0}], dps=700)


def test_log_of_scaled():
    v = sp.Symbol("v", positive=True)
    naive = sp.log(2 * sp.pi * v) / 2 + yr**2 / (2 * v)
    stable = rw.LOG_OF_SCALED(naive)
    assert sp.simplify(stable - (sp.log(2 * sp.pi) / 2 + sp.log(v) / 2 + yr**2 / (2 * v))) == 0
    assert rw.LOG_OF_SCALED(sp.log(v)) == sp.log(v) and rw.LOG_OF_SCALED(sp.log(-2 * yr)) == sp.log(-2 * yr)
    check_value_unchanged(naive, stable, [{"v": 0.3, "y": 1.5}, {"v": 1e300, "y": -2.0}])
    # 2 pi v overflows at v = 1e308; log v does not (float64 and, at 1e38, float32)
    check_numpy(stable, naive, [{"v": 1e308, "y": 1.0}, {"v": 1.7e308, "y": -3.0}])
    want = mp_eval(naive, v=3e38, y=1.0)
    assert rel(numpy_eval(stable, np.float32, v=3e38, y=1.0), want) < 4e-7


def test_exp_scaled_tails():
    """The Logarithmic's F and B: the tails' exponentials cancel, the value is unchanged (50 digits),
    and the NumPy forms are finite and right where the unscaled tails underflow (x = -700)."""
    from natloss.codegen.primitives import log1mexp_plus_exp_scaled, log1mexp_scaled, to_naive

    x = sp.Symbol("x", negative=True)
    rewrite = rw.exp_scaled_tails({x: sp.Interval.open(-sp.oo, 0)})
    F = -sp.exp(x) * log1mexp_plus_exp(x) / (expm1(x) ** 2 * log1mexp(x) ** 2)
    done = rewrite(F)
    assert done.atoms(sp.exp) == {sp.exp(x)} and done.has(log1mexp_scaled(x), log1mexp_plus_exp_scaled(x))
    # Not where an exponential would be added (the mean -1 / (expm1(-x) log1mexp(x)) would gain e^-x).
    mean = -1 / (expm1(-x) * log1mexp(x))
    assert rewrite(mean) == mean
    with mpmath.workdps(60):
        for v in ("-0.5", "-3", "-40"):
            exact = sp.N(to_naive(F).subs(x, sp.Float(v, 60)), 50)
            assert abs(sp.N(to_naive(done).subs(x, sp.Float(v, 60)), 50) - exact) < 1e-40 * abs(exact)
    f = sp.lambdify(x, done, modules=[{"log1mexp_scaled": nm.log1mexp_scaled,
                                       "log1mexp_plus_exp_scaled": nm.log1mexp_plus_exp_scaled}, "numpy"])
    for v, dt in ((-700.0, np.float64), (-80.0, np.float32)):
        with mpmath.workdps(400):
            p = mpmath.exp(v)
            exact = p * (-(mpmath.log1p(-p) + p) / p**2) / ((mpmath.expm1(v) ** 2) * (mpmath.log1p(-p) / p) ** 2)
        got = f(np.array(v, dtype=dt))
        assert np.isfinite(got) and abs(float(got) - exact) / exact < (1e-15 if dt is np.float64 else 1e-6)


def test_times_square():
    """Squares and exponentials of a product become one square, (x g) g: the Normal head's
    (mu - y)^2 e^-2s / 2 at a draw y = -8e303, s = 700 (inf * 0 before), (mu - y) e^-2s at
    s = -700, mu = y (0 * inf), the cloglog Fisher at s = 700 and the negative binomial's at
    sigma(-700)^2 / expm1(-softplus(-700))^2 (0 / 0)."""
    from natloss.codegen.primitives import inv_exprel, times_square

    s, mu = sp.Symbol("s", real=True), sp.Symbol("mu", real=True)
    nll = (mu - yr) ** 2 * sp.exp(-2 * s) / 2 + s
    done = rw.TIMES_SQUARE(nll)
    assert done == s + times_square(1, (mu - yr) * sp.exp(-s)) / 2
    grad = (mu - yr) * sp.exp(-2 * s)
    assert rw.TIMES_SQUARE(grad) == times_square(mu - yr, sp.exp(-s))
    assert rw.TIMES_SQUARE(sp.exp(-2 * s)) == sp.exp(-2 * s)  # one factor alone: nothing to keep apart
    check_value_unchanged(nll, done, [{"s": v, "mu": 0.5, "y": -2.0} for v in (-3, 0, 2.5)])
    check_numpy(done, nll, [{"s": 700.0, "mu": 0.0, "y": -8.1426296e303}, {"s": 600.0, "mu": 1.0, "y": 3e300}])
    for values in ({"s": -700.0, "mu": 0.25, "y": 0.25}, {"s": -700.0, "mu": 0.0, "y": 1e-300}):
        ref = mp_eval(grad, 400, **values)
        assert rel(numpy_eval(rw.TIMES_SQUARE(grad), **values), ref) < 4e-16, values
    # cloglog: (e^s + inv_exprel(e^s))^2 e^(-e^s + log1mexp(-e^s)), true value ~ e^(2s - e^s) -> 0.
    F = (sp.exp(s) + inv_exprel(sp.exp(s))) ** 2 * sp.exp(-sp.exp(s) + log1mexp(-sp.exp(s)))
    G = rw.TIMES_SQUARE(F)
    assert G.has(times_square)
    check_value_unchanged(F, G, [{"s": v} for v in (-3, 0, 1.5)])
    for v, dt in ((700.0, np.float64), (80.0, np.float32), (3.0, np.float64), (-30.0, np.float64)):
        got = numpy_eval(G, dt, s=v)
        want = mp_eval(F, 400, s=v)
        assert np.isfinite(got) and rel(got, want) < (1e-14 if dt is np.float64 else 1e-6), (v, got)
    # negative binomial, log mean: sigma(w)^2 e^-softplus(w) / expm1(-softplus(w))^2 with w = log r - log mean.
    w = sp.Symbol("w", real=True)
    NB = sp.exp(-softplus(w)) * sigmoid(w) ** 2 / expm1(-softplus(w)) ** 2
    check_numpy(rw.TIMES_SQUARE(NB), NB, [{"w": -700.0}, {"w": -400.0}], tol=1e-15)


def test_distribute_cancelling():
    """The inverse Gaussian's log-mean gradient -lam sqrt(y) e^-m (sqrt(y) e^-m - 1/sqrt(y)): sqrt(y)
    cancels into one term, which keeps lam e^-m where the product's first factor underflows."""
    from natloss.codegen.primitives import times_square

    m, lam = sp.Symbol("m", real=True), sp.Symbol("lam", positive=True)
    grad = -lam * sp.sqrt(yp) * (sp.sqrt(yp) * sp.exp(-m) - 1 / sp.sqrt(yp)) * sp.exp(-m)
    done = rw.DISTRIBUTE_CANCELLING(grad)
    assert done == lam * sp.exp(-m) - lam * yp * sp.exp(-2 * m)
    assert rw.TIMES_SQUARE(done) == lam * sp.exp(-m) - times_square(lam * yp, sp.exp(-m))
    # (mu - y) / sigma: no factor cancels, nothing distributed
    assert rw.DISTRIBUTE_CANCELLING((x - yr) * sp.exp(-a)) == (x - yr) * sp.exp(-a)
    check_value_unchanged(grad, done, [{"m": v, "lam": 1.5, "y": 0.7} for v in (-2, 0, 3)])
    # As the compiler wrote it before, with t = sqrt(y) e^-m shared: -lam t (t - 1/sqrt(y)), t = 0 here.
    t = sp.sqrt(yp) * sp.exp(-m)
    shared = -lam * sp.UnevaluatedExpr(t) * (sp.UnevaluatedExpr(t) - 1 / sp.sqrt(yp))
    check_numpy(rw.TIMES_SQUARE(done), shared, [{"m": 700.0, "lam": 1.0, "y": 2.2250738585072014e-308},
                                                {"m": 650.0, "lam": 2.0, "y": 1e-300}])


def test_softplus_ratios():
    """sigmoid(x) / softplus(x) -> softplus_log_slope(x), and in a sum sigmoid(-x) = q - softplus_log_gap(x)
    where the q^2 terms cancel: the Poisson softplus link's Hessian (cancels to noise at x = -100
    before) and the Normal softplus head's H[1,1] (inf - inf at x = -700 before; the exact value is
    beyond float64 there, and the stable form overflows to +inf, not NaN)."""
    from natloss.codegen.primitives import softplus_log_gap, softplus_log_slope

    q, gap = softplus_log_slope(x), softplus_log_gap(x)
    H = -yr * sigmoid(-x) * sigmoid(x) / softplus(x) + yr * sigmoid(x) ** 2 / softplus(x) ** 2 + sigmoid(-x) * sigmoid(x)
    done = rw.SOFTPLUS_RATIOS(H)
    assert done == yr * q * gap + sigmoid(-x) * sigmoid(x)
    assert rw.SOFTPLUS_RATIOS(sigmoid(x) ** 2 / softplus(x)) == q**2 * softplus(x)
    assert rw.SOFTPLUS_RATIOS(sigmoid(x) * sigmoid(-x)) == sigmoid(x) * sigmoid(-x)  # no softplus to divide
    check_value_unchanged(H, done, [{"x": v, "y": 3.0} for v in (-5, 0.3, 4)], dps=40)
    check_numpy(done, H, [{"x": -100.0, "y": 1.0}, {"x": -40.0, "y": 3.0}], tol=1e-15, dps=200)
    d = sp.Symbol("d", real=True)
    H11 = (-d**2 * sigmoid(-x) * sigmoid(x) / softplus(x) ** 3 + 3 * d**2 * sigmoid(x) ** 2 / softplus(x) ** 4
           + sigmoid(-x) * sigmoid(x) / softplus(x) - sigmoid(x) ** 2 / softplus(x) ** 2)
    done = rw.SOFTPLUS_RATIOS(H11)
    assert done == 2 * d**2 * q**2 / softplus(x) ** 2 + d**2 * q * gap / softplus(x) ** 2 - q * gap
    check_value_unchanged(H11, done, [{"x": v, "d": 1.5} for v in (-5, 0.3, 4)], dps=40)
    assert numpy_eval(rw.TIMES_SQUARE(done), x=-700.0, d=1.5) == np.inf
    for values in ({"x": -650.0, "d": 1e-300}, {"x": -30.0, "d": 2.0}, {"x": 20.0, "d": 0.5}):
        assert rel(numpy_eval(rw.TIMES_SQUARE(done), **values), mp_eval(H11, 600, **values)) < 1e-14, values


def test_mul_exact_zero():
    """A dense product's term: exactly 0 where v = 0 even for an entry that overflowed to inf."""
    got = nm.mul_exact_zero(np.array([np.inf, np.inf, 2.0, -np.inf], np.float32), np.array([0.0, 1.0, 0.0, -0.5], np.float32))
    assert got.dtype == np.float32 and got.tolist() == [0.0, np.inf, 0.0, np.inf]
    assert nm.mul_exact_zero(2, np.array([0.0, 3.0])).tolist() == [0.0, 6.0]
    assert nm.times_square(np.float64(8e303), np.exp(-700.0)) == pytest.approx(8e303 * math.exp(-1400.0), rel=1e-15)


def test_every_rewrite_is_named_and_tested():
    named = {r.name for r in rw.CANONICAL + rw.STABLE}
    named |= {rw.exp_scaled_tails({}).name, rw.complete_square(yr).name, rw.bounded_softplus_nll(n, yi).name, rw.saddle_point_nll({}).name,
              rw.lgamma_differences(yi).name, rw.exp_minus_count(yi).name, rw.TIMES_SQUARE.name,
              rw.DISTRIBUTE_CANCELLING.name, rw.SOFTPLUS_RATIOS.name}
    for r in rw.CANONICAL + rw.STABLE:
        assert isinstance(r, rw.Rewrite) and r.doc
    tested = {
        "log1pexp_to_softplus", "logistic_to_sigmoid", "exp_minus_one_to_expm1", "log_one_plus_to_log1p",
        "sqrt_sigmoid_to_exp", "exp_over_expm1_squared", "xtrigamma_m1", "sigmoid_complement",
        "complete_square", "bounded_softplus_nll", "saddle_point_nll", "log1p_minus_x", "exp_growth_bounded",
        "lgamma_differences", "exp_minus_count", "log_of_scaled",
        "special_functions", "bessel_ratio_gap", "bessel_ratio_over_argument", "exp_scaled_tails",  # tests/test_special_functions.py
        "times_square", "distribute_cancelling", "softplus_ratios",
    }
    assert named <= tested, f"untested rewrites: {named - tested}"


# ------------------------------------------------------------- numpy_math helpers
HELPERS = {
    # name: (numpy_math function, mpmath reference, sample points, float64 tol, float32 tol)
    "softplus": (nm.softplus, lambda v: mpmath.log1p(mpmath.exp(v)), [-700, -80, -20, -1e-8, 0, 0.3, 5, 30, 80, 700], 4e-16, 2e-7),
    "sigmoid": (nm.sigmoid, lambda v: 1 / (1 + mpmath.exp(-v)), [-700, -80, -20, -1, 0, 1e-8, 2, 30, 80, 700], 4e-16, 2e-7),
    "log1mexp": (nm.log1mexp, lambda v: mpmath.log(-mpmath.expm1(v)), [-700, -80, -20, -1, -0.7, -0.69, -1e-3, -1e-8, -1e-30, -1e-300], 4e-16, 2e-7),
    "log1pmx": (nm.log1pmx, lambda v: mpmath.log1p(v) - v, [-1 + 2**-20, -0.9, -0.5 - 1e-9, -0.5, -0.3, -1e-6, -1e-30, 1e-300, 1e-8, 0.5,
                                                             0.999, 1.0, 1.5, 1e3, 1e300], 4e-16 * 4, 2e-7),
    "log1mexp_plus_exp": (nm.log1mexp_plus_exp, lambda v: mpmath.log(-mpmath.expm1(v)) + mpmath.exp(v),
                          [-700, -80, -30, -1, -0.7, -0.69, -1e-3, -1e-8, -1e-30], 4e-16 * 4, 2e-7),
    "gammaln": (nm.gammaln, mpmath.loggamma, [1e-6, 0.1, 0.5, 3.5, 10, 1e3, 1e6, 1e15], 4e-15, 4e-7),
    "digamma": (nm.digamma, mpmath.digamma, [1e-6, 0.1, 0.5, 3.5, 10, 1e3, 1e6, 1e15], 4e-15, 4e-7),
    "trigamma": (nm.trigamma, lambda v: mpmath.polygamma(1, v), [1e-6, 0.1, 0.5, 3.5, 10, 1e3, 1e6, 1e15], 4e-15, 4e-7),
    "log1mexp_scaled": (nm.log1mexp_scaled, lambda v: mpmath.log(-mpmath.expm1(v)) * mpmath.exp(-v),
                        [-745.5, -700, -104, -80, -20, -9.3, -9.2, -1, -0.7, -1e-3, -1e-8, -1e-30], 4e-16 * 4, 2e-7),
    "log1mexp_plus_exp_scaled": (nm.log1mexp_plus_exp_scaled,
                                 lambda v: (mpmath.log(-mpmath.expm1(v)) + mpmath.exp(v)) * mpmath.exp(-2 * v),
                                 # (the 400-digit reference resolves p^2 against 1 down to x = -350)
                                 [-350, -104, -80, -52, -20, -9.3, -9.2, -1, -0.7, -1e-3, -1e-8],
                                 4e-16 * 8, 4e-7),
    "softplus_log_slope": (nm.softplus_log_slope, lambda v: 1 / ((1 + mpmath.exp(-v)) * mpmath.log1p(mpmath.exp(v))),
                           [-700, -80, -20.5, -20, -19.5, -5, -1e-8, 0, 0.5, 3, 30, 80, 700], 4e-16, 2e-7),
    "softplus_log_gap": (nm.softplus_log_gap,
                         lambda v: 1 / ((1 + mpmath.exp(-v)) * mpmath.log1p(mpmath.exp(v))) - 1 / (1 + mpmath.exp(v)),
                         [-700, -80, -20.5, -20, -19.5, -5, -1e-8, 0, 1e-8, 0.5, 3, 30, 80, 700], 4e-16 * 2, 2e-7),
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
    # m = b y is a product of two symbols: log m = log b + log y goes along, for where b y underflows
    assert sp.expand(stable - (log_factorial_saddle(a) - sp.log(a) + bd0(a, -r * yp, sp.log(-r) + sp.log(yp))
                               + sp.log(yp))) == 0
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
    # m overflowed in its own computation: +inf, not NaN
    assert nm.bd0(np.array([3.0], dt), np.array([np.inf], dt))[0] == np.inf


@pytest.mark.parametrize("dt", ["float64", "float32"])
def test_numpy_bd0_with_log_m(dt):
    # m = y^2 / 2 of the Chi under- and overflows where log m = 2 log y - log 2 does not
    n = 0.85
    for yv in ([1e-30, 1e-25, 1e25, 1e30] if dt == "float32" else [1e-200, 1e-170, 1e160, 1e200]):
        y = np.array([yv], dt)
        log_m = 2 * np.log(y) - np.log(np.array(2.0, dt))
        got = nm.bd0(np.array([n], dt), 0.5 * (y * y), log_m)[0]
        with mpmath.workdps(60):
            mv = mpmath.mpf(float(y[0])) ** 2 / 2
            r = _mp_bd0(mpmath.mpf(n), mv)
        assert np.isfinite(got) or not mpmath.isfinite(r) or r > float(np.finfo(dt).max), (dt, yv, got)
        if r < float(np.finfo(dt).max):
            assert rel(got, r) <= (1e-15 if dt == "float64" else 2e-7), (dt, yv, float(got), mpmath.nstr(r, 17))


def test_boundary_shift_reads_sums_through_the_distance_to_the_boundary():
    """alpha + beta of the Beta is formed as (eta_1 + 1) + (eta_2 + 1), each exact near -1,
    not eta_1 + eta_2 + 2, which loses the digits of a small alpha + beta (float32: 1e-2)."""
    import numpy as np
    import mpmath
    from natloss.codegen import driver
    from natloss.codegen.lower import boundary_shifts
    from natloss.generated.numpy import BetaNegativeLogProbLoss

    beta = next(f for f in driver.builtin_families() if f.name == "beta")
    shifts = boundary_shifts(beta)
    assert {str(D): b for D, b in shifts.values()} == {"D_alpha_minus_one": -1, "D_beta_minus_one": -1}
    spec = driver.compile_family(beta)
    fisher = dict(spec.ops["fisher"].temporaries + spec.ops["fisher"].outputs)
    assert "D_alpha_minus_one + D_beta_minus_one" in str(fisher["fisher_0_1"])
    eta = (np.float32(-0.99999994), np.float32(-0.99998999))
    loss = BetaNegativeLogProbLoss(np.array([eta[0]]), np.array([eta[1]]))
    got = loss.multiply_fisher((np.zeros(1, np.float32), np.ones(1, np.float32)))[0][0]
    with mpmath.workdps(50):
        want = -mpmath.polygamma(1, mpmath.mpf(float(eta[0])) + 1 + mpmath.mpf(float(eta[1])) + 1)
    assert abs(float(got) - float(want)) <= 1e-6 * abs(float(want))


def test_beta_of_logs():
    """c lgamma(x) + c lgamma(y) - c lgamma(x + y) -> c lbeta_exp(log x, log y) and psi(x) - psi(x + y)
    -> digamma_diff_exp(log x, log y) for x, y products of exp, sigmoid and positive constants; the
    result, printed for NumPy, against mpmath at 50 digits where x, y underflow (s = -700: the direct
    form gives inf) and where the lgamma terms cancel (s = 700)."""
    from natloss.codegen.primitives import digamma_diff_exp, lbeta_exp, sigmoid, softplus, to_naive

    s, t = sp.symbols("s t", real=True)
    x, y = 3 * sp.exp(s) * sigmoid(t), sp.exp(s) * sigmoid(-t)
    expr = 2 * sp.loggamma(x) + 2 * sp.loggamma(y) - 2 * sp.loggamma(x + y) + sp.log(s**2 + 1)
    out = rw.BETA_OF_LOGS(expr)
    la, lb = sp.log(3) + s - softplus(-t), s - softplus(t)
    assert out in (2 * lbeta_exp(la, lb) + sp.log(s**2 + 1), 2 * lbeta_exp(lb, la) + sp.log(s**2 + 1))  # symmetric
    mean = rw.BETA_OF_LOGS(sp.polygamma(0, x) - sp.polygamma(0, sp.expand(x + y)))
    assert mean == digamma_diff_exp(sp.log(3) + s - softplus(-t), s - softplus(t))
    # not rewritten: a sum that is not x + y, an argument whose log is not known term by term
    assert rw.BETA_OF_LOGS(sp.loggamma(x) + sp.loggamma(y) - sp.loggamma(x + 2 * y)).has(sp.loggamma)
    assert rw.BETA_OF_LOGS(sp.loggamma(s**2 + 1) + sp.loggamma(y) - sp.loggamma(s**2 + 1 + y)).has(sp.loggamma)
    printer = NumPyLossPrinter()
    for e, ref in ((out, expr), (mean, sp.polygamma(0, x) - sp.polygamma(0, x + y))):
        code = printer.doprint(e)
        naive = sp.lambdify((s, t), to_naive(ref), modules="mpmath")
        for sv, tv in ((-700.0, 2.0), (-700.0, -30.0), (0.3, 0.7), (700.0, 0.0), (700.0, -5.0)):
            got = eval(code, {"np": np, "_m": nm, "math": math, "P_s": sv, "P_t": tv, "s": sv, "t": tv})
            with mpmath.workdps(50 + 700):
                exact = naive(mpmath.mpf(sv), mpmath.mpf(tv))
                if abs(exact) > mpmath.mpf("1.79e308"):  # psi(x) - psi(x + y) ~ -1/x beyond float64
                    assert got == -np.inf, (e, sv, tv, got)
                    continue
                assert abs(got - exact) <= 32 * 2.2e-16 * (1 + abs(sv) + abs(tv)) * max(abs(exact), 1), (e, sv, tv, got, exact)


def test_collect_exp():
    """e^u p + e^u q -> e^u (p + q) for u with a softplus (a log-argument form); other exponentials
    untouched. Against mpmath: e^(s - softplus(-t)) (-log y - softplus(-t)) + ... at s = 700, t = 0,
    y = 1/2 is exactly 0 when collected (each product alone is ~e^700 with a rounding error ~e^664)."""
    from natloss.codegen.primitives import softplus

    s, t, y = sp.symbols("s t y", real=True)
    u = s - softplus(-t)
    expr = -sp.exp(u) * sp.log(y) - sp.exp(u) * softplus(-t) + sp.exp(s) * t + sp.exp(s)
    out = rw.COLLECT_EXP(expr)
    assert sp.simplify(out - expr) == 0
    assert sum(1 for f in sp.preorder_traversal(out) if f == sp.exp(u)) == 1  # one factor e^u
    assert rw.COLLECT_EXP(sp.exp(s) * t + sp.exp(s)) == sp.exp(s) * t + sp.exp(s)  # no softplus: unchanged
    code = NumPyLossPrinter().doprint(out - sp.exp(s) * t - sp.exp(s))
    for sv, tv, yv in ((700.0, 0.0, 0.5), (700.0, 1.0, float(1 / (1 + math.exp(-1)))), (3.0, -2.0, 0.25)):
        got = eval(code, {"np": np, "_m": nm, "math": math, "s": sv, "t": tv, "y": yv})
        with mpmath.workdps(50):
            a = mpmath.mpf(sv) - mpmath.log1p(mpmath.exp(-mpmath.mpf(tv)))
            exact = -mpmath.exp(a) * (mpmath.log(mpmath.mpf(yv)) + mpmath.log1p(mpmath.exp(-mpmath.mpf(tv))))
            # the inputs' rounding: y and log1p(e^-t) to doubles, amplified by e^a
            allowed = mpmath.exp(a) * 4 * 2.2e-16 * (1 + abs(mpmath.log(mpmath.mpf(yv))))
            assert abs(got - exact) <= allowed, (sv, tv, yv, got, exact)
    assert eval(code, {"np": np, "_m": nm, "math": math, "s": 700.0, "t": 0.0, "y": 0.5}) == 0.0
