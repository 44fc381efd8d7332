"""`natloss check` for a loss in user parameters theta (codegen/parametrize.py).

The same battery as for a family (`checks.py`), run over theta: the points come from the
declared theta domains (`interior_points`, `sweep_points`), and the reference is built from
the declaration alone: the base family's naive A, T and log h composed with the declared,
naive eta(theta), differentiated by SymPy and evaluated by mpmath at 50 digits (escalated as
for a family), never from the compiled expressions:

* NLL(theta, y) = A(eta(theta)) - <eta(theta), T(y)> - log h(y);
* its gradient and true Hessian: ``sympy.diff`` of that composed NLL in theta (not the
  formula J^T (grad A - T) the compiler uses);
* J^T F J with J = d eta / d theta of the naive eta and F the Hessian of the naive A at eta(theta)
  (the declared log_ndtr is log(erfc(-x / sqrt 2) / 2) evaluated by mpmath: `ref_log_ndtr`);
* and a self-check row: the gradient and the Hessian against ``mpmath.diff`` of the
  lambdified composed NLL, J^T F J against the identity
  E[H] = d^2 A(eta(theta)) / d theta^2 - sum_i d^2 eta_i / d theta^2 dA/deta_i (``mpmath.diff``).

Checks (`PARAM_CHECKS`): ``normalization``, ``gradient``, ``factor``, ``one_hot`` and
``accuracy`` are the family checks themselves; ``derivatives``, ``hessian`` (`multiply_hessian`
against central differences of `grad_of_evaluate`), ``hessian_factor`` (the
`multiply_hessian_factor*` refuse with `NoHessianFactorError` unless eta is affine in theta,
where they are the Fisher's) and ``sampler`` (draws in the support, T's moments against grad A
and F at eta(theta), the score's mean against 0 and its covariance against J^T F J, the draws'
histogram against the density) are written for theta.

Errors (``derivatives`` at interior theta and drawn y, and ``accuracy`` over the grid, through the
same `checks.accuracy_rows`): the NLL against the family's cancellation scale (|A| + |<eta, T>| +
|log h| at eta(theta)), B B^T against sum_k |B_ik B_jk|; mean, J^T F J, the gradient and the
Hessian in theta relative, with the family
sweep's condition-number excuse (in theta and y). The gradient and Hessian get no cancellation
scale in theta: their terms through eta (y^2 and mu^2 of a Normal) are an artifact of the
natural coordinates that a good theta formula avoids, and the condition number in (theta, y)
excuses what no formula can reach.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar

import mpmath
import numpy as np
import sympy as sp

from natloss.codegen.parametrize import Parametrization
from natloss.codegen.primitives import log_ndtr, to_naive
from natloss.codegen.verify.checks import (
    REFERENCE_TARGET, _draw_targets, _fisher_ref, _goodness_of_fit, _numpy_stat, _where, accuracy_rows,
    check_accuracy, check_factor, check_gradient, check_normalization, check_one_hot, sampled_points,
)
from natloss.codegen.verify.reference import MPMATH_MODULES, reference_at
from natloss.codegen.verify.report import DPS, EPS64, FD_TARGET, Z_TARGET, Row, _worst
from natloss.codegen.verify.subject import Subject, _domains, interior_points
from natloss.codegen.verify.supports import SUPPORT_RULES


def _remembered(name: str):
    """mpmath's `name`, remembered per (arguments, precision), as reference.memo_besseli: a composed
    theta reference calls polygamma of the same alpha(theta) in eta, J^T F J, the gradient and the
    Hessian, for each target at a point."""
    fn = getattr(mpmath, name)

    @functools.lru_cache(maxsize=8192)
    def at(args, prec):
        with mpmath.workprec(prec):
            return fn(*args)

    return lambda *args: +at(args, mpmath.mp.prec)


class ref_ndtr(sp.Function):  # noqa: N801 - named as printed into the lambdified reference
    """Phi(x), evaluated by mpmath as erfc(-x / sqrt 2) / 2: to_naive's erfc(-x / sqrt 2) is rewritten by
    SymPy into 2 - erfc(x / sqrt 2), whose 1 - erfc(495) / 2 is exactly 1 at any precision below 10^5
    digits (then Phi(-700) in a denominator is 0)."""

    def fdiff(self, argindex=1):
        x = self.args[0]
        return sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi)


class ref_log_ndtr(sp.Function):  # noqa: N801
    """log Phi(x) (the declared log_ndtr), with d/dx = phi(x) / Phi(x)."""

    def fdiff(self, argindex=1):
        x = self.args[0]
        return sp.exp(-x**2 / 2) / sp.sqrt(2 * sp.pi) / ref_ndtr(x)


def _mp_ndtr(x):
    return mpmath.erfc(-x / mpmath.sqrt(2)) / 2


def _naive(expr):
    """to_naive, but log_ndtr as `ref_log_ndtr` (see ref_ndtr)."""
    return to_naive(sp.sympify(expr).replace(log_ndtr, ref_log_ndtr))


MODULES = [{"polygamma": _remembered("polygamma"), "loggamma": _remembered("loggamma"), "ref_ndtr": _mp_ndtr,
            "ref_log_ndtr": lambda x: mpmath.log(_mp_ndtr(x))}] + MPMATH_MODULES


def _exact(hyper, value):
    return sp.Integer(int(value)) if hyper.integer else sp.Rational(float(value))


def _pairs(d: int) -> list:
    return [(i, j) for i in range(d) for j in range(i, d)]


class ParamReference:
    """mpmath functions of a `Parametrization`'s declaration alone, in theta.

    ``values(theta, y)`` gives what `reference_at` and the checks read: ``A``, ``eta``, ``mean``
    (grad A at eta(theta), d_eta entries), ``fisher`` (J^T F J, {(i, j): value}, i <= j, in theta),
    ``fisher_eta`` (F at eta(theta)); with y also ``T``, ``nll``, ``nll_scale``, ``grad`` and
    ``hessian`` (sympy derivatives of the composed NLL). Hyper-parameters (the family's and the
    parametrization's) are substituted with their exact binary values.
    """

    def __init__(self, p: Parametrization, hypers: dict):
        family = p.family
        subs = {h.symbol: _exact(h, hypers[h.name]) for h in family.hypers + p.hypers}
        theta = [q.symbol for q in p.params]
        natural = list(family.param_symbols)
        self.parametrization = p
        self.theta = theta
        self.y = [family.target.symbol]
        self.m, self.k = len(theta), len(natural)
        eta = [_naive(e).subs(subs) for e in p.eta]
        A = _naive(family.log_partition).subs(subs)
        T = [_naive(t).subs(subs) for t in family.sufficient_statistic]
        log_h = _naive(family.log_base_measure).subs(subs)
        at = dict(zip(natural, eta))
        A_theta = A.xreplace(at)
        nll = A_theta - sp.Add(*[e * t for e, t in zip(eta, T)]) - log_h
        grad = [sp.diff(nll, t) for t in theta]
        # Canonical (eta affine in theta): every second derivative of the declared eta vanishes.
        d2eta = [{(a, b): sp.diff(e, theta[a], theta[b]) for a, b in _pairs(self.m)} for e in eta]
        self.canonical = all(sp.simplify(x) == 0 for entries in d2eta for x in entries.values())
        lam = lambda args, e: sp.lambdify(args, e, modules=MODULES)  # noqa: E731
        ty = theta + self.y
        d2 = _pairs(self.k)
        hess = {(a, b): sp.diff(grad[a], theta[b]) for a, b in _pairs(self.m)}
        # One function of theta and one of (theta, y), each lambdified with common subexpressions
        # shared (the composed Beta repeats each polygamma dozens of times).
        pieces = (eta + [A_theta] + [sp.diff(A, e).xreplace(at) for e in natural]
                  + [sp.diff(A, natural[i], natural[j]).xreplace(at) for i, j in d2]
                  + [sp.diff(e, t) for e in eta for t in theta])
        self._theta_f = sp.lambdify(theta, pieces, modules=MODULES, cse=True)
        self._theta_y_f = sp.lambdify(ty, grad + list(hess.values()), modules=MODULES, cse=True)
        self._hessian_keys = list(hess)
        self._density_f = sp.lambdify(theta, eta + [A_theta], modules=MODULES, cse=True)  # log_density's part
        self.eta_f = [lam(theta, e) for e in eta]  # for the self-check's mpmath.diff
        self.A = lam(theta, A_theta)  # A(eta(theta))
        self.nll_f = lam(ty, nll)
        self.T = [lam(self.y, t) for t in T]
        self.log_h = lam(self.y, log_h)
        self.T_numpy = [sp.lambdify(self.y, t, modules=["numpy", "scipy"]) for t in T]
        self._cache = {}

    def at_theta(self, theta) -> tuple:
        """(eta, A, mean, F at eta, J) at theta, remembered per (theta, precision)."""
        key = (tuple(theta), mpmath.mp.prec)
        if key not in self._cache:
            k, m = self.k, self.m
            v = list(self._theta_f(*theta))
            eta, A, mean, rest = v[:k], v[k], v[k + 1:2 * k + 1], v[2 * k + 1:]
            n = len(_pairs(k))
            F = dict(zip(_pairs(k), rest[:n]))
            J = [rest[n + i * m:n + (i + 1) * m] for i in range(k)]
            if len(self._cache) > 5000:
                self._cache.clear()
            self._cache[key] = (eta, A, mean, F, J)
        return self._cache[key]

    def values(self, theta, y=None) -> dict:
        eta, A, mean, Fe, J = self.at_theta(theta)
        F = lambda i, j: Fe[(min(i, j), max(i, j))]  # noqa: E731
        fisher = {(a, b): mpmath.fsum(J[i][a] * F(i, j) * J[j][b] for i in range(self.k) for j in range(self.k))
                  for a, b in _pairs(self.m)}
        out = {"A": A, "eta": eta, "mean": mean, "fisher": fisher, "fisher_eta": Fe}
        if y is not None:
            T = [f(*y) for f in self.T]
            log_h = self.log_h(*y)
            out["T"] = T
            out["nll"] = A - mpmath.fsum(e * t for e, t in zip(eta, T)) - log_h
            out["nll_scale"] = abs(A) + mpmath.fsum(abs(e * t) for e, t in zip(eta, T)) + abs(log_h)
            v = list(self._theta_y_f(*theta, *y))
            out["grad"] = v[:self.m]
            out["hessian"] = dict(zip(self._hessian_keys, v[self.m:]))
        return out

    def log_density(self, theta, y):
        key = ("density", tuple(theta), mpmath.mp.prec)
        if key not in self._cache:
            if len(self._cache) > 5000:
                self._cache.clear()
            self._cache[key] = list(self._density_f(*theta))
        *eta, A = self._cache[key]
        return mpmath.fsum(e * f(*y) for e, f in zip(eta, self.T)) - A + self.log_h(*y)

    def nll(self, theta, y):
        return self.nll_f(*theta, *y)


@dataclass(frozen=True)
class ParamSubject(Subject):
    """A compiled `Parametrization`: ``family`` is the declaration seen in theta
    (`parametrize.theta_family`: the parameters, domains, target and hyper-parameters the class
    takes), ``ref`` a `ParamReference`. Inputs are (n, d_theta); the factor's inner axis has the
    natural family's d_eta components."""

    parametrization: Parametrization | None = None

    has_hessian: ClassVar[bool] = True
    point_name: ClassVar[str] = "theta"
    accuracy_notes: ClassVar = MappingProxyType({
        "mean": "grad A at eta(theta), relative",
        "grad": "in theta, relative",
        "F": "J^T F J, relative",
        "H": "true Hessian in theta, relative",
    })

    @property
    def factor_width(self) -> int:
        return self.parametrization.family.dim


def make_param_subject(p: Parametrization, hypers: dict | None = None, backend: str = "numpy") -> ParamSubject:
    """Compile `p` in memory and build its reference; `cls` is the class of `backend` (verify/backends.py:
    the NumPy class, rendered in memory; BackendUnavailable where that backend does not emit `p`)."""
    from natloss.codegen import driver
    from natloss.codegen.verify.backends import loss_class

    spec = driver.compile_family(p)
    cls = loss_class(spec, backend)
    family = spec.family  # theta_family(p)
    hypers = {h.name: h.default for h in family.hypers} if hypers is None else dict(hypers)
    return ParamSubject(family, cls, spec.derived, hypers, ParamReference(p, hypers),
                        SUPPORT_RULES.get(family.target.support), backend, spec, parametrization=p)


def with_hypers(subject: ParamSubject, hypers: dict) -> ParamSubject:
    """The same compiled class, checked at other hyper-parameters (a new reference)."""
    from dataclasses import replace

    return replace(subject, hypers=dict(hypers), ref=ParamReference(subject.parametrization, hypers))


# ------------------------------------------------------------------------ checks
def _drawn_cases(subject, count, seed, draw_seed):
    """(theta, y) at interior points of the theta domains, y drawn from the model (None: no valid draw)."""
    thetas = interior_points(subject.family, count, seed=seed)
    return list(zip(thetas, _draw_targets(subject, thetas, np.float64, seed=draw_seed)))


def check_param_derivatives(subject: ParamSubject, quick: bool = False) -> list:
    """At interior theta and drawn y, float64: nll, grad A at eta(theta), the gradient, J^T F J, B B^T and
    the true Hessian against the mpmath reference of the declaration (the accuracy rows' rules)."""
    pairs = _drawn_cases(subject, 3 if quick else 8, seed=2, draw_seed=12)
    rows = [Row("derivatives", "drawn target", "float64", math.inf, _where(t) + ": no valid sampled target", 0.0)
            for t, y in pairs if y is None]
    cases = [(tuple(float(x) for x in t), y.item()) for t, y in pairs if y is not None]
    if cases:
        rows += accuracy_rows(subject, "float64", cases, check="derivatives")
    return rows + [_param_reference_self_check(subject, cases[:2])]


def _param_reference_self_check(subject: ParamSubject, cases) -> Row:
    """The reference's sympy derivatives against mpmath.diff of its own lambdified functions at
    50 digits: grad and Hessian of the composed NLL; J^T F J against
    d^2 A(eta(theta)) - sum_i d^2 eta_i dA/deta_i (the expected Hessian)."""
    ref, m = subject.ref, subject.m
    items = []
    with mpmath.workdps(DPS):
        for theta, y in cases:
            x = [mpmath.mpf(t) for t in theta]
            ys = [mpmath.mpf(float(v)) for v in subject.rule.components(y, subject.K)]
            v = ref.values(x, ys)
            nll = lambda *t: ref.nll_f(*t, *ys)  # noqa: E731

            def rel(d, r, scale=0):
                return float(abs(d - r) / max(abs(r), scale, mpmath.mpf(10) ** -30))

            for a in range(m):
                order = tuple(int(k == a) for k in range(m))
                items.append((rel(mpmath.diff(nll, x, order), v["grad"][a]), _where(theta, y, f"dNLL/dtheta[{a}]")))
            for a, b in _pairs(m):
                order = tuple(int(k == a) + int(k == b) for k in range(m))
                items.append((rel(mpmath.diff(nll, x, order), v["hessian"][(a, b)]), _where(theta, y, f"H[{a},{b}]")))
                terms = [mpmath.diff(ref.A, x, order)] + [-mpmath.diff(f, x, order) * mu for f, mu in zip(ref.eta_f, v["mean"])]
                # against the terms' size: an entry that is exactly 0 is a difference of them
                items.append((rel(mpmath.fsum(terms), v["fisher"][(a, b)], mpmath.fsum(abs(t) for t in terms)),
                              _where(theta, comp=f"J^T F J[{a},{b}]")))
    return _worst("derivatives", "reference: sympy.diff vs mpmath.diff", "mpmath", items, REFERENCE_TARGET,
                  "50 digits; J^T F J vs E[H]")


def check_hessian(subject: ParamSubject, quick: bool = False) -> list:
    """multiply_hessian (at the constructor's targets) against central differences of grad_of_evaluate,
    one case and column at a time (float64)."""
    doms = _domains(subject)
    items = []
    for theta, y in _drawn_cases(subject, 3 if quick else 6, seed=3, draw_seed=4):
        if y is None:
            items.append((math.inf, _where(theta) + ": no valid sampled target"))
            continue
        tgt = subject.targets_array([y], np.float64)
        base = subject.loss(np.array([theta]), np.float64, targets=tgt)
        H = subject.matrices(base, base.multiply_hessian)[0]
        g0 = subject.from_input(base.grad_of_evaluate())[0]
        for c in range(subject.m):
            lo, hi = float(doms[c].inf), float(doms[c].sup)
            s = min(max(1.0, abs(theta[c])), 0.5 * min(theta[c] - lo, hi - theta[c]))
            h = EPS64 ** (1 / 3) * s
            grads = []
            for sign in (1, -1):
                t = np.array([theta], dtype=np.float64)
                t[0, c] += sign * h
                grads.append(subject.from_input(subject.loss(t, np.float64, targets=tgt).grad_of_evaluate())[0])
            fd = (grads[0] - grads[1]) / (2 * h)
            size = 1 + np.abs(H[:, c]).max() + max(np.abs(g).max() for g in grads + [g0]) / s
            err = float(np.abs(fd - H[:, c]).max() / size)
            items.append((err if math.isfinite(err) else math.inf, _where(theta, y, f"[:,{c}]")))
    return [_worst("hessian", "multiply_hessian vs FD of grad", "float64", items, FD_TARGET,
                   "|fd - H| / (1 + |H| + |g|/s)")]


def check_hessian_factor(subject: ParamSubject, quick: bool = False) -> list:
    """Non-canonical (eta not affine in theta, from the declaration): the three multiply_hessian_factor
    methods raise NoHessianFactorError. Canonical: they equal the Fisher factor's products."""
    from natloss.runtime.parametrized import NoHessianFactorError

    ((theta, y),) = _drawn_cases(subject, 1, seed=15, draw_seed=16)
    targets = None if y is None else subject.targets_array([y], np.float64)
    loss = subject.loss(np.array([theta]), np.float64, targets=targets)
    rng = np.random.default_rng(17)
    U = subject.to_inner(rng.standard_normal((1, subject.factor_width)), loss)
    V = subject.to_input(rng.standard_normal((1, subject.m)))
    index = tuple(0 for _ in tuple(loss.fisher_factor_inner_shape)[1:])
    calls = {
        "multiply_hessian_factor": (lambda: loss.multiply_hessian_factor(U), lambda: loss.multiply_fisher_factor(U)),
        "multiply_hessian_factor_transpose": (lambda: loss.multiply_hessian_factor_transpose(V),
                                              lambda: loss.multiply_fisher_factor_transpose(V)),
        "multiply_hessian_factor_replicated_one_hot": (
            lambda: loss.multiply_hessian_factor_replicated_one_hot(index),
            lambda: loss.multiply_fisher_factor_replicated_one_hot(index)),
    }
    canonical = subject.ref.canonical
    kind = "canonical (eta affine in theta)" if canonical else "not canonical"
    rows = [Row("hessian_factor", "class's canonical flag = the declaration's", "-",
                0.0 if bool(getattr(subject.cls, "canonical", None)) == canonical else math.inf,
                f"declaration: {kind}; class: canonical = {getattr(subject.cls, 'canonical', None)}", 0.0)]
    for name, (call, fisher) in calls.items():
        if canonical:
            got, want = np.stack(np.atleast_1d(call())), np.stack(np.atleast_1d(fisher()))
            err = float(np.abs(got - want).max() / (np.abs(want).max() + 1e-300))
            rows.append(Row("hessian_factor", f"{name} = the Fisher factor's", "float64", err, _where(theta), 0.0, kind))
            continue
        try:
            call()
        except NoHessianFactorError as exc:
            ok = "has no factor" in str(exc)
            rows.append(Row("hessian_factor", f"{name} raises NoHessianFactorError", "-", 0.0 if ok else math.inf,
                            _where(theta) + ("" if ok else f": message {str(exc)[:80]!r}"), 0.0, kind))
        except Exception as exc:  # noqa: BLE001 - the wrong error is a failure, named
            rows.append(Row("hessian_factor", f"{name} raises NoHessianFactorError", "-", math.inf,
                            _where(theta) + f": raised {type(exc).__name__}: {exc}"[:200], 0.0, kind))
        else:
            rows.append(Row("hessian_factor", f"{name} raises NoHessianFactorError", "-", math.inf,
                            _where(theta) + ": returned a value", 0.0, kind))
    return rows


def check_param_sampler(subject: ParamSubject, quick: bool = False) -> list:
    """Draws inside the support; T's sample mean and covariance against grad A and F at eta(theta); the
    score (grad_of_evaluate at the draws) with mean 0 and covariance J^T F J (z-tests, fixed seed); the
    draws' histogram against the declared density (chi-square)."""
    if subject.rule is None:
        support = subject.family.target.support.value
        return [Row("sampler", "draws in support", "float64", math.inf, f"no support rule for support {support}", 0.0)]
    N, drawn, spare = sampled_points(subject, quick)
    inside, zmean, zcov, zscore, zfisher, zfit = [], [], [], [], [], []
    for theta, big, y in drawn:
        ok = subject.rule.contains(y, subject.bound, subject.K)
        bad = int(np.size(ok) - np.count_nonzero(ok))
        first = "" if not bad else f" first bad draw {np.asarray(y)[~np.asarray(ok, bool)][0]!r}"
        inside.append((bad / N, _where(theta) + f" {bad}/{N} outside{first}"))
        if bad:
            continue
        v = reference_at(subject.ref, [float(t) for t in theta])
        # T(y) against grad A and F at eta(theta): the sampler draws from the family at eta(theta).
        k = subject.factor_width
        mu = np.array([float(x) for x in v["mean"]])
        Fe = np.array([[float(v["fisher_eta"][(min(i, j), max(i, j))]) for j in range(k)] for i in range(k)])
        T = _numpy_stat(subject, y)
        z, cov, se_cov = _moments(T, mu, Fe, N)
        i = int(np.argmax(z))
        zmean.append((float(z[i]), _where(theta, comp=f"[{i}]") + f" mean {float(T[:, i].mean()):.6g} vs {mu[i]:.6g}"))
        i, j = np.unravel_index(int(np.argmax(np.abs(cov - Fe) / se_cov)), cov.shape)
        zcov.append((float(abs(cov[i, j] - Fe[i, j]) / se_cov[i, j]), _where(theta, comp=f"[{i},{j}]")
                     + f" cov {cov[i, j]:.6g} vs F {Fe[i, j]:.6g}"))
        # The score in theta: mean 0, covariance J^T F J.
        with np.errstate(all="ignore"):
            score = subject.from_input(subject.loss(big, np.float64, targets=y).grad_of_evaluate())
        F = np.array([[float(_fisher_ref(subject, v, i, j)) for j in range(subject.m)] for i in range(subject.m)])
        z, cov, se_cov = _moments(score, np.zeros(subject.m), F, N, centered=False)
        i = int(np.argmax(z))
        zscore.append((float(z[i]), _where(theta, comp=f"[{i}]") + f" mean {float(score[:, i].mean()):.4g} vs 0"))
        i, j = np.unravel_index(int(np.argmax(np.abs(cov - F) / se_cov)), cov.shape)
        zfisher.append((float(abs(cov[i, j] - F[i, j]) / se_cov[i, j]), _where(theta, comp=f"[{i},{j}]")
                        + f" E[s s^T] {cov[i, j]:.6g} vs J^T F J {F[i, j]:.6g}"))
        z, info = _goodness_of_fit(subject, [mpmath.mpf(float(t)) for t in theta], np.asarray(y, dtype=np.float64))
        zfit.append((z, _where(theta) + " " + info))
    outside = "draws outside the support"
    return [
        _worst("sampler", "fraction of draws outside the support", "float64", inside, 0.0, f"{N} draws per point{spare}"),
        _worst("sampler", "sample mean of T vs grad A(eta(theta))", "float64", zmean, Z_TARGET, "|z|, SE from F", outside),
        _worst("sampler", "sample cov of T vs F(eta(theta))", "float64", zcov, Z_TARGET, "|z|, SE from 4th moments",
               outside),
        _worst("sampler", "sample mean of the score vs 0", "float64", zscore, Z_TARGET,
               "score = grad_of_evaluate at the draws; |z|, SE from J^T F J", outside),
        _worst("sampler", "E[score score^T] vs J^T F J", "float64", zfisher, Z_TARGET, "|z|, SE from 4th moments",
               outside),
        _worst("sampler", "draws vs declared density", "float64", zfit, Z_TARGET,
               "chi-square over bins, as a one-sided z", outside),
    ]


def _moments(X, mu, F, N, centered=True):
    """|z| of X's sample mean against mu (SE from diag F), and X's sample (co)variance with its SE
    from the 4th moments (about the sample mean, or about mu when not centered)."""
    Xbar = X.mean(0)
    se = np.sqrt(np.maximum(np.diag(F), 0) / N) + 1e-12 * (1 + np.abs(mu))
    z = np.abs(Xbar - mu) / se
    Z = X - (Xbar if centered else mu)
    prod = Z[:, :, None] * Z[:, None, :]
    cov = prod.sum(0) / ((N - 1) if centered else N)
    se_cov = prod.std(0, ddof=1) / math.sqrt(N) + 1e-12 * (1 + np.abs(F))
    return z, cov, se_cov


PARAM_CHECKS = {
    "normalization": check_normalization,  # of the base family, at eta(theta) for interior theta
    "derivatives": check_param_derivatives,
    "gradient": check_gradient,
    "hessian": check_hessian,
    "factor": check_factor,
    "one_hot": check_one_hot,
    "hessian_factor": check_hessian_factor,
    "sampler": check_param_sampler,
    "accuracy": check_accuracy,
}

__all__ = ["ParamReference", "ParamSubject", "make_param_subject", "with_hypers", "PARAM_CHECKS",
           "check_param_derivatives", "check_hessian", "check_hessian_factor", "check_param_sampler"]
