# generated from the declarations by templates/cupy/__init__.py.jinja, do not edit; run `natloss build`.
"""The generated CuPy losses, one module per family, imported lazily.

`import natloss.generated.cupy` and `from natloss.generated.cupy import <Class>` work without CuPy;
building a loss needs CuPy and a CUDA GPU (pip install -e ".[cuda]"), and raises an
ImportError saying so otherwise.
"""
import importlib as _importlib

_MODULES = {
    "MultiBernoulliNegativeLogProbLoss": "bernoulli",
    "BetaNegativeLogProbLoss": "beta",
    "BinomialNegativeLogProbLoss": "binomial",
    "CategoricalLogitsNegativeLogProbLoss": "categorical",
    "DirichletNegativeLogProbLoss": "dirichlet",
    "ExponentialNegativeLogProbLoss": "exponential",
    "GammaNegativeLogProbLoss": "gamma",
    "GeometricNegativeLogProbLoss": "geometric",
    "InverseGaussianNegativeLogProbLoss": "inverse_gaussian",
    "LogNormalNegativeLogProbLoss": "log_normal",
    "MultinomialLogitsNegativeLogProbLoss": "multinomial",
    "MultivariateNormalDiagNegativeLogProbLoss": "multivariate_normal_diag",
    "MultivariateNormalFixedVarianceNegativeLogProbLoss": "multivariate_normal_fixed",
    "MultivariateNormalUnitVarianceNegativeLogProbLoss": "multivariate_normal_unit",
    "NegativeBinomialNegativeLogProbLoss": "negative_binomial",
    "NormalNegativeLogProbLoss": "normal",
    "NormalMeanNegativeLogProbLoss": "normal_mean",
    "OneHotCategoricalLogitsNegativeLogProbLoss": "one_hot_categorical",
    "PoissonNegativeLogProbLoss": "poisson",
}

__all__ = [
    "MultiBernoulliNegativeLogProbLoss",
    "BetaNegativeLogProbLoss",
    "BinomialNegativeLogProbLoss",
    "CategoricalLogitsNegativeLogProbLoss",
    "DirichletNegativeLogProbLoss",
    "ExponentialNegativeLogProbLoss",
    "GammaNegativeLogProbLoss",
    "GeometricNegativeLogProbLoss",
    "InverseGaussianNegativeLogProbLoss",
    "LogNormalNegativeLogProbLoss",
    "MultinomialLogitsNegativeLogProbLoss",
    "MultivariateNormalDiagNegativeLogProbLoss",
    "MultivariateNormalFixedVarianceNegativeLogProbLoss",
    "MultivariateNormalUnitVarianceNegativeLogProbLoss",
    "NegativeBinomialNegativeLogProbLoss",
    "NormalNegativeLogProbLoss",
    "NormalMeanNegativeLogProbLoss",
    "OneHotCategoricalLogitsNegativeLogProbLoss",
    "PoissonNegativeLogProbLoss",
]


def __getattr__(name):
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + list(_MODULES))
