# generated from the declarations by templates/cupy/__init__.py.jinja, do not edit; run `natloss build`.
"""The generated CuPy losses, one module per family, imported lazily.

`import natloss.generated.cupy` works without CuPy; using a class needs CuPy and a
CUDA GPU (pip install -e ".[cuda]"), and raises an ImportError saying so otherwise.

Not generated for this backend (TODO):
* BernoulliProbitNegativeLogProbLoss (parametrized losses (true Hessian, factor J^T B) have no CUDA kernels yet)
* BernoulliCLogLogNegativeLogProbLoss (parametrized losses (true Hessian, factor J^T B) have no CUDA kernels yet)
* BetaLogitMeanLogPrecisionNegativeLogProbLoss (parametrized losses (true Hessian, factor J^T B) have no CUDA kernels yet)
* GammaLogMeanNegativeLogProbLoss (parametrized losses (true Hessian, factor J^T B) have no CUDA kernels yet)
* InverseGaussianLogMeanNegativeLogProbLoss (parametrized losses (true Hessian, factor J^T B) have no CUDA kernels yet)
* NegativeBinomialLogMeanNegativeLogProbLoss (parametrized losses (true Hessian, factor J^T B) have no CUDA kernels yet)
* NormalMeanLogScaleNegativeLogProbLoss (parametrized losses (true Hessian, factor J^T B) have no CUDA kernels yet)
* NormalMeanSoftplusScaleNegativeLogProbLoss (parametrized losses (true Hessian, factor J^T B) have no CUDA kernels yet)
* NormalMeanVarianceNegativeLogProbLoss (parametrized losses (true Hessian, factor J^T B) have no CUDA kernels yet)
* PoissonRateNegativeLogProbLoss (parametrized losses (true Hessian, factor J^T B) have no CUDA kernels yet)
* PoissonSqrtRateNegativeLogProbLoss (parametrized losses (true Hessian, factor J^T B) have no CUDA kernels yet)
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
    "LogNormalNegativeLogProbLoss": "log_normal",
    "MultinomialLogitsNegativeLogProbLoss": "multinomial",
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
