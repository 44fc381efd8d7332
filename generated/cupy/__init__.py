# generated from the declarations by codegen/backends/cuda/templates/cupy/__init__.py.jinja, do not edit; run `natloss build`.
"""The generated CuPy losses, one module per family, imported lazily.

`import natloss.generated.cupy` and `from natloss.generated.cupy import <Class>` work without CuPy;
building a loss needs CuPy and a CUDA GPU (pip install -e ".[cuda]"), and raises an
ImportError saying so otherwise.

Not generated for this backend (TODO):
* BetaLogitMeanLogPrecisionNegativeLogProbLoss (the primitives ['digamma_diff_exp', 'exp_deviance', 'lbeta_exp', 'lbeta_exp_c', 'lbeta_exp_k', 'lbeta_exp_ko', 'lbeta_exp_r', 'lbeta_exp_ro', 'lbeta_exp_vo', 'lbeta_exp_w', 'lbeta_exp_wo', 'log_sigmoid_ratio', 'log_sigmoid_ratio_c'] have no CUDA device function (codegen/functions.py names none; the device library natloss_math.cuh lacks them))
* CategoricalLogitsLogTemperatureNegativeLogProbLoss (per-row parametrizations of coupled families have no CUDA kernels yet)
* DirichletLogConcentrationLogScaleNegativeLogProbLoss (per-row parametrizations of coupled families have no CUDA kernels yet)
* MultinomialLogitsLogTemperatureNegativeLogProbLoss (per-row parametrizations of coupled families have no CUDA kernels yet)
"""
import importlib as _importlib

_MODULES = {
    "MultiBernoulliNegativeLogProbLoss": "bernoulli",
    "BetaNegativeLogProbLoss": "beta",
    "BinomialNegativeLogProbLoss": "binomial",
    "CategoricalLogitsNegativeLogProbLoss": "categorical",
    "ChiNegativeLogProbLoss": "chi",
    "ChiSquareNegativeLogProbLoss": "chi_square",
    "ContinuousBernoulliNegativeLogProbLoss": "continuous_bernoulli",
    "DirichletNegativeLogProbLoss": "dirichlet",
    "ExponentialNegativeLogProbLoss": "exponential",
    "GammaNegativeLogProbLoss": "gamma",
    "GammaKnownShapeNegativeLogProbLoss": "gamma_known_shape",
    "GeometricNegativeLogProbLoss": "geometric",
    "InverseGammaNegativeLogProbLoss": "inverse_gamma",
    "InverseGaussianNegativeLogProbLoss": "inverse_gaussian",
    "InverseGaussianKnownShapeNegativeLogProbLoss": "inverse_gaussian_known_shape",
    "LaplaceNegativeLogProbLoss": "laplace",
    "LogNormalNegativeLogProbLoss": "log_normal",
    "LogarithmicNegativeLogProbLoss": "logarithmic",
    "MultinomialLogitsNegativeLogProbLoss": "multinomial",
    "MultivariateNormalDiagNegativeLogProbLoss": "multivariate_normal_diag",
    "MultivariateNormalFixedVarianceNegativeLogProbLoss": "multivariate_normal_fixed",
    "MultivariateNormalUnitVarianceNegativeLogProbLoss": "multivariate_normal_unit",
    "NegativeBinomialNegativeLogProbLoss": "negative_binomial",
    "NormalNegativeLogProbLoss": "normal",
    "NormalMeanNegativeLogProbLoss": "normal_mean",
    "OneHotCategoricalLogitsNegativeLogProbLoss": "one_hot_categorical",
    "ParetoNegativeLogProbLoss": "pareto",
    "PoissonNegativeLogProbLoss": "poisson",
    "RayleighNegativeLogProbLoss": "rayleigh",
    "VonMisesNegativeLogProbLoss": "von_mises",
    "WeibullNegativeLogProbLoss": "weibull",
    "BernoulliProbitNegativeLogProbLoss": "bernoulli_probit",
    "BernoulliCLogLogNegativeLogProbLoss": "bernoulli_cloglog",
    "GammaLogMeanNegativeLogProbLoss": "gamma_log_mean",
    "InverseGaussianLogMeanNegativeLogProbLoss": "inverse_gaussian_log_mean",
    "NegativeBinomialLogMeanNegativeLogProbLoss": "negative_binomial_log_mean",
    "NormalMeanLogScaleNegativeLogProbLoss": "normal_mean_log_scale",
    "NormalMeanSoftplusScaleNegativeLogProbLoss": "normal_mean_softplus_scale",
    "NormalMeanVarianceNegativeLogProbLoss": "normal_mean_variance",
    "PoissonRateNegativeLogProbLoss": "poisson_rate",
    "PoissonSqrtRateNegativeLogProbLoss": "poisson_sqrt_rate",
}

__all__ = [
    "MultiBernoulliNegativeLogProbLoss",
    "BetaNegativeLogProbLoss",
    "BinomialNegativeLogProbLoss",
    "CategoricalLogitsNegativeLogProbLoss",
    "ChiNegativeLogProbLoss",
    "ChiSquareNegativeLogProbLoss",
    "ContinuousBernoulliNegativeLogProbLoss",
    "DirichletNegativeLogProbLoss",
    "ExponentialNegativeLogProbLoss",
    "GammaNegativeLogProbLoss",
    "GammaKnownShapeNegativeLogProbLoss",
    "GeometricNegativeLogProbLoss",
    "InverseGammaNegativeLogProbLoss",
    "InverseGaussianNegativeLogProbLoss",
    "InverseGaussianKnownShapeNegativeLogProbLoss",
    "LaplaceNegativeLogProbLoss",
    "LogNormalNegativeLogProbLoss",
    "LogarithmicNegativeLogProbLoss",
    "MultinomialLogitsNegativeLogProbLoss",
    "MultivariateNormalDiagNegativeLogProbLoss",
    "MultivariateNormalFixedVarianceNegativeLogProbLoss",
    "MultivariateNormalUnitVarianceNegativeLogProbLoss",
    "NegativeBinomialNegativeLogProbLoss",
    "NormalNegativeLogProbLoss",
    "NormalMeanNegativeLogProbLoss",
    "OneHotCategoricalLogitsNegativeLogProbLoss",
    "ParetoNegativeLogProbLoss",
    "PoissonNegativeLogProbLoss",
    "RayleighNegativeLogProbLoss",
    "VonMisesNegativeLogProbLoss",
    "WeibullNegativeLogProbLoss",
    "BernoulliProbitNegativeLogProbLoss",
    "BernoulliCLogLogNegativeLogProbLoss",
    "GammaLogMeanNegativeLogProbLoss",
    "InverseGaussianLogMeanNegativeLogProbLoss",
    "NegativeBinomialLogMeanNegativeLogProbLoss",
    "NormalMeanLogScaleNegativeLogProbLoss",
    "NormalMeanSoftplusScaleNegativeLogProbLoss",
    "NormalMeanVarianceNegativeLogProbLoss",
    "PoissonRateNegativeLogProbLoss",
    "PoissonSqrtRateNegativeLogProbLoss",
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
