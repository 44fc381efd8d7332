"""Fit a generalized linear model, any family x link, by Fisher scoring with natloss.

A GLM's linear predictor  eta_i = x_i^T beta + offset_i  is the one parameter per case of a
natloss loss: a natural parameter (a Poisson's log rate, a Bernoulli's logits) or a built-in
parametrization (a probit score, a log mean, an identity rate). With frequency weights w_i
(`weight=w`, an array of the batch shape):

* the negative log-likelihood is  loss.evaluate() = sum_i w_i NLL_i;
* its gradient in beta is  X^T g,  g = loss.grad_of_evaluate()  (= w_i dNLL_i / deta_i);
* its Fisher in beta is  X^T W X,  W = loss.per_case_fisher()  (= w_i F_i, F_i the Fisher of
  case i in eta: for a non-canonical link natloss derives J^T F J, e.g. phi^2 / (Phi (1 - Phi))
  for the probit).

Fisher scoring, written as IRLS so that it can start from a mean instead of a beta:

    beta_new = (X^T W X)^{-1} X^T (W (eta - offset) - g),

which is beta - (X^T W X)^{-1} X^T g when eta = X beta + offset. The first step starts from
eta_0 = link(mu_0), mu_0 = (y + mean(y)) / 2 ((y + 1/2) / 2 for binary data), as statsmodels'
IRLS does; later steps are halved while they leave the parameter's domain or raise the NLL,
and the iteration stops when a full step is below `tol` relative to beta.
At the estimate, the standard errors are sqrt(diag((X^T W X)^{-1})) and the log-likelihood is
-evaluate().

Dispersion: a family with a dispersion parameter (the Gamma's shape, the inverse Gaussian's
shape) is fitted with it set to 1 (the coefficients do not depend on it), then it is estimated
as statsmodels does, by Pearson's chi^2 / (sum(w) - p), with Pearson's residual
g_i^2 / F_i = (y_i - mu_i)^2 / Var(y_i) from natloss's unweighted gradient and Fisher; the
standard errors and the log-likelihood are then those at that dispersion.

Run: python examples/glm_fisher_scoring.py
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from scipy import special

import natloss.generated.numpy as G
from natloss.runtime import NatlossInputError


@dataclass(frozen=True)
class Model:
    """A family x link: the loss class whose one parameter is the linear predictor."""

    loss_class: type
    link: Callable  # mean -> linear predictor, for the starting point only
    hypers: dict = field(default_factory=dict)  # known hyper-parameters (the negative binomial's r)
    dispersion: str | None = None  # a hyper-parameter equal to 1 / dispersion, estimated by Pearson's chi^2
    binary: bool = False


MODELS = {
    "poisson-log": Model(G.PoissonNegativeLogProbLoss, np.log),  # natural: the canonical link
    "poisson-identity": Model(G.PoissonRateNegativeLogProbLoss, lambda mu: mu),
    "poisson-sqrt": Model(G.PoissonSqrtRateNegativeLogProbLoss, np.sqrt),
    "bernoulli-logit": Model(G.MultiBernoulliNegativeLogProbLoss, special.logit, binary=True),  # natural
    "bernoulli-probit": Model(G.BernoulliProbitNegativeLogProbLoss, special.ndtri, binary=True),
    "bernoulli-cloglog": Model(G.BernoulliCLogLogNegativeLogProbLoss, lambda mu: np.log(-np.log1p(-mu)), binary=True),
    "gamma-log": Model(G.GammaLogMeanNegativeLogProbLoss, np.log, dispersion="shape"),
    "inverse_gaussian-log": Model(G.InverseGaussianLogMeanNegativeLogProbLoss, np.log, dispersion="shape"),
    "negative_binomial-log": Model(G.NegativeBinomialLogMeanNegativeLogProbLoss, np.log, hypers={"failures": 2.0}),
}


@dataclass
class Fit:
    beta: np.ndarray
    se: np.ndarray  # sqrt(diag((X^T W X)^-1)) at the estimate (and the estimated dispersion)
    cov: np.ndarray
    loglike: float  # -evaluate(): sum_i w_i log p(y_i)
    hypers: dict  # the hyper-parameters used, the estimated dispersion's included
    pearson_chi2: float
    steps: int


def fit(model: Model, X, y, weights=None, offset=None, tol=1e-13, max_steps=200) -> Fit:
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    n, p = X.shape
    w = np.ones(n) if weights is None else np.asarray(weights)
    offset = np.zeros(n) if offset is None else np.asarray(offset, dtype=np.float64)
    hypers = dict(model.hypers)
    if model.dispersion is not None:
        hypers[model.dispersion] = 1.0

    def loss_at(eta):
        return model.loss_class(eta, targets=y, weight=w, **hypers)

    def nll(beta):
        try:
            return float(loss_at(X @ beta + offset).evaluate())
        except NatlossInputError:  # the step left the parameter's domain (a negative Poisson rate)
            return np.inf

    mu0 = (y + 0.5) / 2 if model.binary else (y + np.average(y, weights=w)) / 2
    eta = model.link(mu0)
    beta = None
    for step in range(1, max_steps + 1):
        loss = loss_at(eta)
        g, W = loss.grad_of_evaluate(), loss.per_case_fisher()
        new = np.linalg.solve(X.T @ (W[:, None] * X), X.T @ (W * (eta - offset) - g))
        # Converged when the full Fisher step is below tol (before any halving).
        done = beta is not None and np.max(np.abs(new - beta)) <= tol * (1 + np.max(np.abs(beta)))
        if beta is not None and not done:
            # Halve while the step leaves the domain or raises the NLL by more than its rounding.
            current = nll(beta)
            for _ in range(60):
                if nll(new) <= current + 1e-12 * abs(current):
                    break
                new = beta + (new - beta) / 2
        beta = new
        eta = X @ beta + offset
        if done:
            break
    # Pearson's chi^2 from the unweighted gradient and Fisher: g_i^2 / F_i = (y_i - mu_i)^2 / Var(y_i).
    unit = model.loss_class(eta, targets=y, **hypers)
    pearson = float(np.sum(w * unit.grad_of_evaluate() ** 2 / unit.per_case_fisher(weighted=False)))
    if model.dispersion is not None:
        hypers[model.dispersion] = float((np.sum(w) - p) / pearson)  # 1 / (chi^2 / residual degrees of freedom)
    loss = loss_at(eta)
    cov = np.linalg.inv(X.T @ (loss.per_case_fisher()[:, None] * X))
    return Fit(beta, np.sqrt(np.diag(cov)), cov, -float(loss.evaluate()), hypers, pearson, step)


def simulate(name: str, n=400, seed=0):
    """Data for a model: (X, y, frequency weights, offset, true beta)."""
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n), rng.normal(size=n), rng.uniform(-1, 1, size=n)])
    w = rng.integers(1, 5, size=n)
    offset = rng.normal(scale=0.2, size=n)
    if name == "poisson-identity":  # rates stay positive: positive covariates and coefficients
        X[:, 1:] = rng.uniform(0.0, 2.0, size=(n, 2))
        beta = np.array([1.0, 0.8, 1.5])
        offset = rng.uniform(0.0, 0.5, size=n)
        y = rng.poisson(X @ beta + offset)
    elif name.startswith("bernoulli"):
        beta = np.array([0.2, -0.7, 0.9])
        eta = X @ beta + offset
        prob = {"bernoulli-probit": special.ndtr(eta), "bernoulli-logit": special.expit(eta),
                "bernoulli-cloglog": -np.expm1(-np.exp(eta))}[name]
        y = (rng.uniform(size=n) < prob).astype(np.int64)
    else:
        beta = np.array([0.5, -0.3, 0.4])
        mu = np.exp(X @ beta + offset)
        if name == "gamma-log":
            y = rng.gamma(2.5, mu / 2.5)
        elif name == "negative_binomial-log":
            r = MODELS[name].hypers["failures"]
            y = rng.negative_binomial(r, r / (r + mu))
        elif name == "inverse_gaussian-log":
            y = rng.wald(mu, 3.0)
        else:
            y = rng.poisson(mu)
    return X, y, w, offset, beta


if __name__ == "__main__":
    for name in ("bernoulli-probit", "gamma-log", "negative_binomial-log", "poisson-identity"):
        X, y, w, offset, truth = simulate(name)
        result = fit(MODELS[name], X, y, weights=w, offset=offset)
        print(f"{name}: {result.steps} steps, log-likelihood {result.loglike:.6f}")
        for b, s, t in zip(result.beta, result.se, truth):
            print(f"    {b: .6f}  (se {s:.6f})   truth {t: .3f}")
        if MODELS[name].dispersion:
            print(f"    estimated {MODELS[name].dispersion}: {result.hypers[MODELS[name].dispersion]:.6f}")
    print("estimate: done")
