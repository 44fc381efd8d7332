# generated from the declarations by templates/cupy/__init__.py.jinja, do not edit; run `natloss build`.
"""The generated CuPy losses, one module per family, imported lazily.

`import natloss.generated.cupy` works without CuPy; using a class needs CuPy and a
CUDA GPU (pip install -e ".[cuda]"), and raises an ImportError saying so otherwise.
"""
import importlib

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
    "LaplaceNegativeLogProbLoss": "laplace",
    "LogNormalNegativeLogProbLoss": "log_normal",
    "MultinomialLogitsNegativeLogProbLoss": "multinomial",
    "NegativeBinomialNegativeLogProbLoss": "negative_binomial",
    "NormalNegativeLogProbLoss": "normal",
    "NormalMeanNegativeLogProbLoss": "normal_mean",
    "OneHotCategoricalLogitsNegativeLogProbLoss": "one_hot_categorical",
    "ParetoNegativeLogProbLoss": "pareto",
    "PoissonNegativeLogProbLoss": "poisson",
    "VonMisesNegativeLogProbLoss": "von_mises",
    "WeibullNegativeLogProbLoss": "weibull",
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
    "LaplaceNegativeLogProbLoss",
    "LogNormalNegativeLogProbLoss",
    "MultinomialLogitsNegativeLogProbLoss",
    "NegativeBinomialNegativeLogProbLoss",
    "NormalNegativeLogProbLoss",
    "NormalMeanNegativeLogProbLoss",
    "OneHotCategoricalLogitsNegativeLogProbLoss",
    "ParetoNegativeLogProbLoss",
    "PoissonNegativeLogProbLoss",
    "VonMisesNegativeLogProbLoss",
    "WeibullNegativeLogProbLoss",
]


def __getattr__(name):
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        import cupy  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            f"natloss.generated.cupy.{name} needs CuPy and a CUDA GPU; install it with"
            f' pip install -e ".[cuda]" (importing cupy failed: {exc})'
        ) from exc
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + list(_MODULES))
