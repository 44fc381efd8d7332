"""The reference: mpmath functions of the declaration alone (naive A, its sympy derivatives, T, log h)."""
from __future__ import annotations

import functools

import mpmath
import sympy as sp

from natloss.codegen.family import Family
from natloss.codegen.primitives import to_naive
from natloss.codegen.verify.report import DPS, K_VECTOR


@functools.lru_cache(maxsize=4096)
def _besseli_at(nu, x, prec):
    with mpmath.workprec(prec):
        return mpmath.besseli(nu, x)


def memo_besseli(nu, x):
    """mpmath.besseli, remembered per (nu, x, precision): the naive mean and Fisher entries of an
    A(|eta|) call I_0 and I_1 of the same |eta| dozens of times, each a slow hypergeometric sum."""
    return +_besseli_at(nu, x, mpmath.mp.prec)


# What lambdified references call: mpmath, with the slow Bessel function remembered.
MPMATH_MODULES = [{"besseli": memo_besseli}, "mpmath"]


class Reference:
    """mpmath functions of the declaration alone: A, grad A, Hessian of A, T, log h.

    A vector family is expanded at K = K_VECTOR: eta_jk (parameter j, component k) and y_k become
    plain symbols.
    Hyper-parameters are substituted with their exact binary values.
    """

    def __init__(self, family: Family, hypers: dict):
        self.family = family
        # A real hyper-parameter as its exact binary value in a 1100-digit Float, not a Rational:
        # an integral value (concentration = 1e6) would be an Integer, and SymPy would expand
        # loggamma(10**6) into log(999999!), a 5.5-million-digit integer.
        subs = {h.symbol: (sp.Integer(int(hypers[h.name])) if h.integer else sp.Float(float(hypers[h.name]), 1100))
                for h in family.hypers}
        if family.is_vector:
            vp = family.params[0]
            K = K_VECTOR
            # One symbol per (parameter j, component k), parameter-major: index j K + k.
            self.eta = [sp.Symbol(f"eta_{j}_{k}", real=True) for j in range(len(family.params)) for k in range(K)]
            ybase = family.target.symbol
            self.y = [sp.Symbol(f"y_{k}", real=True) for k in range(K)]
            swap = {p.base[k]: self.eta[j * K + k] for j, p in enumerate(family.params) for k in range(K)}
            swap.update({ybase[k]: self.y[k] for k in range(K)})

            def expand(e):
                e = to_naive(e).subs(vp.size, K).doit()
                return e.xreplace(swap).subs(subs)

            A = expand(family.log_partition)
            T = [expand(t.subs(vp.k, k)) for t in family.sufficient_statistic for k in range(K)]
            log_h = expand(family.log_base_measure)
        else:
            self.eta = list(family.param_symbols)
            self.y = [family.target.symbol]
            A = to_naive(family.log_partition).subs(subs)
            T = [to_naive(t).subs(subs) for t in family.sufficient_statistic]
            log_h = to_naive(family.log_base_measure).subs(subs)
        m = len(self.eta)
        self.m = m
        lam = lambda args, e: sp.lambdify(args, e, modules=MPMATH_MODULES)  # noqa: E731
        self.A = lam(self.eta, A)
        self.mean = [lam(self.eta, sp.diff(A, e)) for e in self.eta]
        hess = {(i, j): sp.diff(A, self.eta[i], self.eta[j]) for i in range(m) for j in range(i, m)}
        self.fisher = {k: lam(self.eta, e) for k, e in hess.items()}
        self.T = [lam(self.y, t) for t in T]
        self.log_h = lam(self.y, log_h)
        self.T_numpy = [sp.lambdify(self.y, t, modules=["numpy", "scipy"]) for t in T]
        self._cache = {}

    def at_eta(self, eta) -> tuple:
        key = (tuple(eta), mpmath.mp.prec)
        if key not in self._cache:
            A = self.A(*eta)
            mean = [f(*eta) for f in self.mean]
            F = {k: f(*eta) for k, f in self.fisher.items()}
            if len(self._cache) > 5000:
                self._cache.clear()
            self._cache[key] = (A, mean, F)
        return self._cache[key]

    def values(self, eta, y=None) -> dict:
        A, mean, F = self.at_eta(eta)
        out = {"A": A, "mean": mean, "fisher": F}
        if y is not None:
            T = [f(*y) for f in self.T]
            log_h = self.log_h(*y)
            out["T"] = T
            out["nll"] = A - mpmath.fsum(e * t for e, t in zip(eta, T)) - log_h
            out["nll_scale"] = abs(A) + mpmath.fsum(abs(e * t) for e, t in zip(eta, T)) + abs(log_h)
            out["grad"] = [mu - t for mu, t in zip(mean, T)]
            out["grad_scale"] = [abs(mu) + abs(t) for mu, t in zip(mean, T)]
        return out

    def log_density(self, eta, y):
        A = self.at_eta(eta)[0]
        return mpmath.fsum(e * f(*y) for e, f in zip(eta, self.T)) - A + self.log_h(*y)

    def nll(self, eta, y):
        """A - <eta, T(y)> - log h(y) alone (no derivatives), at the working precision."""
        return self.A(*eta) - mpmath.fsum(e * f(*y) for e, f in zip(eta, self.T)) - self.log_h(*y)


def _flatten(v: dict) -> list:
    out = list(v["mean"]) + list(v["fisher"].values())  # not A: an exact A = 0 (Beta at eta = 0) is right
    if "nll" in v:
        # An nll of exactly 0 is settled apart (reference_at), without the derivatives at 1000 digits.
        out += ([v["nll"]] if v["nll"] != 0 else []) + list(v["grad"])
    # A loss in user parameters (verify/parametrized.py) also has the true Hessian.
    return out + list(v.get("hessian", {}).values())


def _agree(a: list, b: list, dps: int) -> bool:
    tol = mpmath.mpf(10) ** -(DPS - 15)
    for x, z in zip(a, b):
        if mpmath.isnan(x) or mpmath.isnan(z):
            if not (mpmath.isnan(x) and mpmath.isnan(z)):
                return False
            continue
        if mpmath.isinf(x) or mpmath.isinf(z):
            if x != z:
                return False
            continue
        if x == 0 and z == 0 and dps < 1000:
            return False  # an exact 0 from a cancellation (log(1 + e^700) - 700 at 50 digits)
        if abs(x - z) > tol * abs(z) + mpmath.mpf(10) ** -(dps // 2 + 300):
            return False
    return True


def _undefined(v: dict) -> bool:
    return any(not mpmath.isfinite(x) for x in _flatten(v))


def reference_at(ref: Reference, eta, y=None, _shifted: bool = False) -> dict:
    """The reference at the first precision (50, 150, 400, 1000 digits) that agrees with 20 more digits:
    the naive derivatives of A cancel (exp(x)/(1+exp(x)) - exp(2x)/(1+exp(x))^2 at x = 700).

    Where the declared formula is 0/0 (a removable singularity: log(expm1(eta)/eta) at 0), the
    reference is its limit, taken at eta (1 + 1e-40) + 1e-40 (errors of order 1e-40, far below the
    1e-20 floor the checks put under a limit)."""
    eta_mp = lambda: [mpmath.mpf(e) for e in eta]  # noqa: E731 - at the precision of the caller
    y_mp = lambda: None if y is None else [mpmath.mpf(v) for v in y]  # noqa: E731
    b = None
    for dps in (DPS, 150, 400, 1000):
        try:
            with mpmath.workdps(dps):
                a = ref.values(eta_mp(), y_mp())
            with mpmath.workdps(dps + 20):
                b = ref.values(eta_mp(), y_mp())
        except (ZeroDivisionError, ValueError):  # 0/0 or log(0): maybe only at this precision
            b = None
            continue
        if not _undefined(b) and _agree(_flatten(a), _flatten(b), dps):
            break
    undefined = b is None or _undefined(b)
    if undefined and not _shifted:
        with mpmath.workdps(DPS + 60):
            tiny = mpmath.mpf(10) ** -40
            near = [mpmath.mpf(e) * (1 + tiny) + tiny for e in eta]
        out = reference_at(ref, near, y, _shifted=True)
        out["limit"] = True
        return out
    if undefined:
        raise ValueError(f"the declared formulas are undefined at eta={[float(e) for e in eta]}")
    b["dps"] = dps + 20
    if y is not None and b["nll"] == 0:
        # Exact (Beta(1, 1) at eta = 0), or log(1 + e^-700) rounded to 0: 1000 digits tell.
        with mpmath.workdps(1000):
            nll = ref.nll(eta_mp(), y_mp())
        b["nll"] = +nll
        b["nll_scale"] = max(b["nll_scale"], abs(b["nll"]))
    return b
