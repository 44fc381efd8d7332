"""Independent references and shared helpers for the generated-loss tests.

Nothing here calls generated code to produce a reference value:

* `SCIPY_LOGPDF`: family name -> function(params dict, hypers dict, y) -> log density,
  from `scipy.stats` / `scipy.special` after converting the natural parameters;
* `sufficient_statistic`: T(y) evaluated from the *declaration* (SymPy lambdify), not
  from the generated class;
* drawing natural parameters inside their declared domain, generic over the SymPy
  interval, and the hyper-parameter settings (defaults and one non-default value).

Families without a SciPy distribution are simply absent from `SCIPY_LOGPDF` (the SciPy
test skips them, naming the family).
"""
from __future__ import annotations

import math

import numpy as np
import scipy.special as sc
import scipy.stats as st
import sympy as sp

from natloss.codegen.family import Support

# Length of the last axis for vector (coupled and componentwise) families in the tests.
K = 3

# ----------------------------------------------------------------- scipy
def _expit(x):
    return sc.expit(np.asarray(x, dtype=np.float64))


def _bernoulli(p, h, y):
    return st.bernoulli.logpmf(y, _expit(p["logits"]))


def _poisson(p, h, y):
    return st.poisson.logpmf(y, np.exp(p["log_rate"]))


def _exponential(p, h, y):
    return st.expon.logpdf(y, scale=1.0 / -np.asarray(p["neg_rate"], dtype=np.float64))


def _geometric(p, h, y):
    # scipy's geom counts trials up to and including the first success (>= 1).
    return st.geom.logpmf(np.asarray(y) + 1, -np.expm1(p["log_fail_prob"]))


def _binomial(p, h, y):
    return st.binom.logpmf(y, h["trials"], _expit(p["logits"]))


def _negative_binomial(p, h, y):
    # Here y counts successes (probability exp(log_success_prob)) before r failures:
    # pmf = C(y + r - 1, y) p^y (1 - p)^r.  scipy's nbinom(n, q) is C(k + n - 1, k) q^n (1 - q)^k,
    # so n = r and q = 1 - p.
    return st.nbinom.logpmf(y, h["failures"], -np.expm1(p["log_success_prob"]))


def _normal_mean(p, h, y):
    return st.norm.logpdf(y, p["mean"], math.sqrt(h["var"]))


def _normal_moments(p):
    e1 = np.asarray(p["precision_mean"], dtype=np.float64)
    e2 = np.asarray(p["neg_half_precision"], dtype=np.float64)
    var = -0.5 / e2
    return e1 * var, np.sqrt(var)


def _normal(p, h, y):
    mu, sigma = _normal_moments(p)
    return st.norm.logpdf(y, mu, sigma)


def _log_normal(p, h, y):
    mu, sigma = _normal_moments(p)
    return st.lognorm.logpdf(y, sigma, scale=np.exp(mu))


def _gamma(p, h, y):
    a = np.asarray(p["shape_minus_one"], dtype=np.float64) + 1
    return st.gamma.logpdf(y, a, scale=1.0 / -np.asarray(p["neg_rate"], dtype=np.float64))


def _beta(p, h, y):
    a = np.asarray(p["alpha_minus_one"], dtype=np.float64) + 1
    b = np.asarray(p["beta_minus_one"], dtype=np.float64) + 1
    return st.beta.logpdf(y, a, b)


def _inverse_gaussian(p, h, y):
    e1 = np.asarray(p["neg_half_shape_over_mean_sq"], dtype=np.float64)
    e2 = np.asarray(p["neg_half_shape"], dtype=np.float64)
    lam, mu = -2 * e2, np.sqrt(e2 / e1)
    return st.invgauss.logpdf(y, mu / lam, scale=lam)


def _rayleigh(p, h, y):
    sigma = np.sqrt(-0.5 / np.asarray(p["neg_half_inv_scale_sq"], dtype=np.float64))
    return st.rayleigh.logpdf(y, scale=sigma)


def _inverse_gamma(p, h, y):
    a = -np.asarray(p["neg_shape_minus_one"], dtype=np.float64) - 1
    return st.invgamma.logpdf(y, a, scale=-np.asarray(p["neg_scale"], dtype=np.float64))


def _chi_square(p, h, y):
    return st.chi2.logpdf(y, 2 * (np.asarray(p["half_dof_minus_one"], dtype=np.float64) + 1))


def _chi(p, h, y):
    return st.chi.logpdf(y, np.asarray(p["dof_minus_one"], dtype=np.float64) + 1)


def _gamma_known_shape(p, h, y):
    return st.gamma.logpdf(y, h["concentration"], scale=1.0 / -np.asarray(p["neg_rate"], dtype=np.float64))


def _inverse_gaussian_known_shape(p, h, y):
    lam = h["lam"]
    mu = np.sqrt(lam / (-2 * np.asarray(p["neg_half_shape_over_mean_sq"], dtype=np.float64)))
    return st.invgauss.logpdf(y, mu / lam, scale=lam)


def _logarithmic(p, h, y):
    return st.logser.logpmf(y, np.exp(np.asarray(p["log_p"], dtype=np.float64)))


def _continuous_bernoulli(p, h, y):
    # SciPy has none: the closed form log p(y) = eta y - log(expm1(eta) / eta), 0 at eta = 0
    eta = np.asarray(p["eta"], dtype=np.float64)
    safe = np.where(eta == 0, 1.0, eta)
    log_c = np.where(eta == 0, 0.0, np.log(np.abs(np.expm1(safe) / safe)))
    return eta * np.asarray(y, dtype=np.float64) - log_c


def _single(p):
    (value,) = p.values()
    return np.asarray(value, dtype=np.float64)


def _categorical(p, h, y):
    logp = sc.log_softmax(_single(p), axis=-1)
    return np.take_along_axis(logp, np.asarray(y)[..., None].astype(np.int64), axis=-1)[..., 0]


def _one_hot_categorical(p, h, y):
    return (np.asarray(y, dtype=np.float64) * sc.log_softmax(_single(p), axis=-1)).sum(axis=-1)


def _multinomial(p, h, y):
    logits = _single(p)
    probs = np.exp(sc.log_softmax(logits, axis=-1))
    n = h.get("trials", None)
    y = np.asarray(y)
    if n is None:
        n = y.sum(axis=-1)
    return st.multinomial.logpmf(y, n, probs)


def _dirichlet(p, h, y):
    (name,) = p.keys()
    alpha = _single(p) + (1.0 if "minus_one" in name else 0.0)
    y = np.asarray(y, dtype=np.float64)
    flat_a, flat_y = alpha.reshape(-1, alpha.shape[-1]), y.reshape(-1, y.shape[-1])
    out = np.array([st.dirichlet.logpdf(yy, aa) for aa, yy in zip(flat_a, flat_y)])
    return out.reshape(y.shape[:-1])


def _per_row(logpdf, y, *arrays):
    """logpdf(y_row, *rows) for every row over the last axis."""
    y = np.asarray(y, dtype=np.float64)
    rows = [np.broadcast_to(np.asarray(a, dtype=np.float64), y.shape).reshape(-1, y.shape[-1]) for a in arrays]
    out = [logpdf(yy, *rr) for yy, *rr in zip(y.reshape(-1, y.shape[-1]), *rows)]
    return np.array(out).reshape(y.shape[:-1])


def _multivariate_normal_unit(p, h, y):
    return _per_row(lambda yy, mu: st.multivariate_normal.logpdf(yy, mu, np.eye(len(mu))), y, p["mean"])


def _multivariate_normal_fixed(p, h, y):
    var = h["var"]
    return _per_row(lambda yy, mu: st.multivariate_normal.logpdf(yy, mu, var * np.eye(len(mu))), y,
                    var * np.asarray(p["precision_mean"], dtype=np.float64))


def _multivariate_normal_diag(p, h, y):
    mu, sigma = _normal_moments(p)
    return _per_row(lambda yy, m, s: st.multivariate_normal.logpdf(yy, m, np.diag(s**2)), y, mu, sigma)


def _von_mises(p, h, y):
    e1 = np.asarray(p["kappa_cos_mu"], dtype=np.float64)
    e2 = np.asarray(p["kappa_sin_mu"], dtype=np.float64)
    return st.vonmises.logpdf(y, np.hypot(e1, e2), loc=np.arctan2(e2, e1))


def _pareto(p, h, y):
    alpha = -1 - np.asarray(p["neg_shape_minus_one"], dtype=np.float64)
    return st.pareto.logpdf(y, alpha, scale=h["x_min"])


def _laplace(p, h, y):
    return st.laplace.logpdf(y, h["loc"], -1 / np.asarray(p["neg_inv_scale"], dtype=np.float64))


def _weibull(p, h, y):
    k = h["shape_k"]
    scale = (-np.asarray(p["neg_scale_pow"], dtype=np.float64)) ** (-1 / k)
    return st.weibull_min.logpdf(y, k, scale=scale)


SCIPY_LOGPDF = {
    "bernoulli": _bernoulli,
    "poisson": _poisson,
    "exponential": _exponential,
    "geometric": _geometric,
    "binomial": _binomial,
    "negative_binomial": _negative_binomial,
    "normal_mean": _normal_mean,
    "normal": _normal,
    "log_normal": _log_normal,
    "gamma": _gamma,
    "beta": _beta,
    "inverse_gaussian": _inverse_gaussian,
    "rayleigh": _rayleigh,
    "continuous_bernoulli": _continuous_bernoulli,
    "logarithmic": _logarithmic,
    "inverse_gamma": _inverse_gamma,
    "chi_square": _chi_square,
    "chi": _chi,
    "gamma_known_shape": _gamma_known_shape,
    "inverse_gaussian_known_shape": _inverse_gaussian_known_shape,
    "von_mises": _von_mises,
    "pareto": _pareto,
    "laplace": _laplace,
    "weibull": _weibull,
    # Vector (coupled) families, when declared.
    "categorical": _categorical,
    "one_hot_categorical": _one_hot_categorical,
    "multinomial": _multinomial,
    "dirichlet": _dirichlet,
    "multivariate_normal_unit": _multivariate_normal_unit,
    "multivariate_normal_fixed": _multivariate_normal_fixed,
    "multivariate_normal_diag": _multivariate_normal_diag,
}


# ------------------------------------------------------ drawing parameters
NON_DEFAULT_HYPERS = {"trials": 7, "failures": 2.5, "var": 1.7}


def _non_default(h):
    if h.name in NON_DEFAULT_HYPERS:
        return NON_DEFAULT_HYPERS[h.name]
    if h.integer:
        return int(h.default) + 6
    return float(h.default) * 1.7 + 0.3


def hyper_settings(family) -> list:
    """[(label, hypers dict)]: the defaults and, for families with hypers, a non-default value."""
    default = {h.name: h.default for h in family.hypers}
    if not family.hypers:
        return [("default", default)]
    alt = {h.name: _non_default(h) for h in family.hypers}
    label = ",".join(f"{k}={v}" for k, v in alt.items())
    return [("default", default), (label, alt)]


def per_case_step_sign(family, hyper) -> float:
    """+1, or -1/2 for a hyper-parameter that is the target's lower bound (Pareto's x_m): per-case
    hyper arrays built as value (1 + 0.1 step) must not lift a lower bound above drawn targets."""
    bounds = family.target.bounds
    return -0.5 if bounds is not None and hyper.name == bounds.lower else 1.0


def bounds(domain: sp.Interval) -> tuple:
    return float(domain.inf), float(domain.sup)


def draw_param(domain: sp.Interval, rng: np.random.Generator, shape, margin: float = 0.0) -> np.ndarray:
    """Float64 values strictly inside the declared interval (at least `margin` from a half-line's end).

    (-inf, inf): 1.5 z; (lo, inf): lo + exp(0.7 z); (-inf, hi): hi - exp(0.7 z); (lo, hi): a logistic
    of z between them; z standard normal.
    """
    lo, hi = bounds(domain)
    z = rng.standard_normal(shape)
    if math.isfinite(lo) and math.isfinite(hi):
        return lo + (hi - lo) * (0.05 + 0.9 * sc.expit(z))
    if math.isfinite(lo):
        return lo + margin + np.exp(0.7 * z)
    if math.isfinite(hi):
        return hi - margin - np.exp(0.7 * z)
    return 1.5 * z


def param_shape(family, batch) -> tuple:
    return tuple(batch) + ((K,) if family.is_vector else ())


def draw_params(family, batch, rng, dtype=np.float64, margin=0.0) -> list:
    """One array per natural parameter, of the batch shape (+ (K,) for vector families)."""
    if isinstance(rng, (int, np.integer)):
        rng = np.random.default_rng(rng)
    shape = param_shape(family, batch)
    return [draw_param(p.domain, rng, shape, margin).astype(dtype) for p in family.params]


def distance_to_boundary(domain: sp.Interval, x) -> np.ndarray:
    lo, hi = bounds(domain)
    x = np.asarray(x, dtype=np.float64)
    return np.minimum(x - lo, hi - x)


def loss_class(family):
    import natloss.generated.numpy as generated

    return getattr(generated, family.class_name)


def make_loss(cls, params, hypers=None, **kwargs):
    return cls(*params, **kwargs, **(hypers or {}))


def params_dict(family, params) -> dict:
    return {p.name: np.asarray(x, dtype=np.float64) for p, x in zip(family.params, params)}


# ------------------------------------------------- vectors and flattening
def parts(x, d) -> tuple:
    """An input-space vector (array, or d-tuple) as a tuple of d arrays."""
    return tuple(x) if d > 1 else (x,)


def public(parts_, d):
    return tuple(parts_) if d > 1 else parts_[0]


def flat_input(x, d, nbatch) -> np.ndarray:
    """An input-space vector as one array batch + (m,), m = d * prod(inner shape)."""
    ps = parts(x, d)
    batch = ps[0].shape[:nbatch]
    return np.concatenate([np.reshape(p, batch + (-1,)) for p in ps], axis=-1)


def unflat_input(flat, d, pshape):
    """Inverse of `flat_input` for parameter arrays of shape `pshape`."""
    per = flat.shape[-1] // d
    return public([np.ascontiguousarray(flat[..., j * per:(j + 1) * per]).reshape(pshape) for j in range(d)], d)


def flat_factor(u, nbatch) -> np.ndarray:
    return np.reshape(u, u.shape[:nbatch] + (-1,))


def input_dim(family) -> int:
    return family.dim * (K if family.is_vector else 1)


def fisher_matrices(loss, family, nbatch, method="multiply_fisher") -> np.ndarray:
    """Per-case matrices batch + (m, m) from products with unit vectors."""
    d, m = family.dim, input_dim(family)
    pshape = parts(loss.inputs, d)[0].shape
    batch = pshape[:nbatch]
    cols = []
    for c in range(m):
        e = np.zeros(batch + (m,), dtype=loss.dtype)
        e[..., c] = 1
        cols.append(flat_input(getattr(loss, method)(unflat_input(e, d, pshape)), d, nbatch))
    return np.stack(cols, axis=-1)


def factor_matrices(loss, family, nbatch) -> np.ndarray:
    """Per-case B: batch + (m, mf), columns B e_c over the factor's inner components."""
    d = family.dim
    inner = tuple(loss.fisher_factor_inner_shape)
    batch = inner[:nbatch]
    mf = int(np.prod(inner[nbatch:], dtype=np.int64))
    cols = []
    for c in range(mf):
        e = np.zeros(batch + (mf,), dtype=loss.dtype)
        e[..., c] = 1
        cols.append(flat_input(loss.multiply_fisher_factor(e.reshape(inner)), d, nbatch))
    return np.stack(cols, axis=-1)


# ------------------------------------------------------ sufficient statistic
def sufficient_statistic(family, y, hypers) -> np.ndarray:
    """T(y) as batch + (m,), evaluated from the declaration with SymPy (not the generated code)."""
    y = np.asarray(y)
    support = family.target.support
    if family.is_vector:
        if support is Support.CLASS_INDEX:
            raise ValueError("class_index targets need K: use sufficient_statistic_vector")
        if support in (Support.ONE_HOT, Support.COUNTS):
            return y.astype(np.float64)
        # simplex, real vector: each T_k(y) is an expression of y[k]; lambdify it with y[k] as a plain
        # symbol. Several T (2 natural parameters per component) are laid out like `flat_input`.
        vp = family.params[0]
        yk = sp.Dummy("yk", positive=support is Support.SIMPLEX, real=True)
        hs = [h.symbol for h in family.hypers]
        cols = []
        for t in family.sufficient_statistic:
            f = sp.lambdify([yk] + hs, t.subs(family.target.symbol[vp.k], yk), modules=["numpy", "scipy"])
            cols.append(np.broadcast_to(np.asarray(f(y.astype(np.float64), *[hypers[h.name] for h in family.hypers]),
                                                   dtype=np.float64), y.shape))
        return np.concatenate(cols, axis=-1)
    hs = [h.symbol for h in family.hypers]
    cols = []
    for t in family.sufficient_statistic:
        f = sp.lambdify([family.target.symbol] + hs, t, modules=["numpy", "scipy"])
        value = f(y.astype(np.float64), *[hypers[h.name] for h in family.hypers])
        cols.append(np.broadcast_to(np.asarray(value, dtype=np.float64), y.shape))
    return np.stack(cols, axis=-1)


def sufficient_statistic_vector(family, y, hypers, k) -> np.ndarray:
    if family.is_vector and family.target.support is Support.CLASS_INDEX:
        return (np.asarray(y)[..., None] == np.arange(k)).astype(np.float64)
    return sufficient_statistic(family, y, hypers)
