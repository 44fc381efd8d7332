# generated from the declarations by templates/package_init.py.jinja, do not edit; run `natloss build`.
"""natloss.generated: the generated losses.

`natloss.generated.numpy` holds the NumPy classes and `natloss.generated.cupy` the CuPy ones,
with the same names. The names imported here dispatch on the type of the first
natural-parameter array: a CuPy array builds the CuPy class, anything else the NumPy
class. The modules import each other relatively, so the package works under any name.
"""
from natloss.runtime.dispatch import dispatching_class as _dispatching_class

MultiBernoulliNegativeLogProbLoss = _dispatching_class("bernoulli", "MultiBernoulliNegativeLogProbLoss", package=__name__)
BetaNegativeLogProbLoss = _dispatching_class("beta", "BetaNegativeLogProbLoss", package=__name__)
BinomialNegativeLogProbLoss = _dispatching_class("binomial", "BinomialNegativeLogProbLoss", package=__name__)
CategoricalLogitsNegativeLogProbLoss = _dispatching_class("categorical", "CategoricalLogitsNegativeLogProbLoss", package=__name__)
ChiNegativeLogProbLoss = _dispatching_class("chi", "ChiNegativeLogProbLoss", package=__name__)
ChiSquareNegativeLogProbLoss = _dispatching_class("chi_square", "ChiSquareNegativeLogProbLoss", package=__name__)
ContinuousBernoulliNegativeLogProbLoss = _dispatching_class("continuous_bernoulli", "ContinuousBernoulliNegativeLogProbLoss", package=__name__)
DirichletNegativeLogProbLoss = _dispatching_class("dirichlet", "DirichletNegativeLogProbLoss", package=__name__)
ExponentialNegativeLogProbLoss = _dispatching_class("exponential", "ExponentialNegativeLogProbLoss", package=__name__)
GammaNegativeLogProbLoss = _dispatching_class("gamma", "GammaNegativeLogProbLoss", package=__name__)
GammaKnownShapeNegativeLogProbLoss = _dispatching_class("gamma_known_shape", "GammaKnownShapeNegativeLogProbLoss", package=__name__)
GeometricNegativeLogProbLoss = _dispatching_class("geometric", "GeometricNegativeLogProbLoss", package=__name__)
InverseGammaNegativeLogProbLoss = _dispatching_class("inverse_gamma", "InverseGammaNegativeLogProbLoss", package=__name__)
InverseGaussianNegativeLogProbLoss = _dispatching_class("inverse_gaussian", "InverseGaussianNegativeLogProbLoss", package=__name__)
InverseGaussianKnownShapeNegativeLogProbLoss = _dispatching_class("inverse_gaussian_known_shape", "InverseGaussianKnownShapeNegativeLogProbLoss", package=__name__)
LaplaceNegativeLogProbLoss = _dispatching_class("laplace", "LaplaceNegativeLogProbLoss", package=__name__)
LogNormalNegativeLogProbLoss = _dispatching_class("log_normal", "LogNormalNegativeLogProbLoss", package=__name__)
LogarithmicNegativeLogProbLoss = _dispatching_class("logarithmic", "LogarithmicNegativeLogProbLoss", package=__name__)
MultinomialLogitsNegativeLogProbLoss = _dispatching_class("multinomial", "MultinomialLogitsNegativeLogProbLoss", package=__name__)
MultivariateNormalDiagNegativeLogProbLoss = _dispatching_class("multivariate_normal_diag", "MultivariateNormalDiagNegativeLogProbLoss", package=__name__)
MultivariateNormalFixedVarianceNegativeLogProbLoss = _dispatching_class("multivariate_normal_fixed", "MultivariateNormalFixedVarianceNegativeLogProbLoss", package=__name__)
MultivariateNormalUnitVarianceNegativeLogProbLoss = _dispatching_class("multivariate_normal_unit", "MultivariateNormalUnitVarianceNegativeLogProbLoss", package=__name__)
NegativeBinomialNegativeLogProbLoss = _dispatching_class("negative_binomial", "NegativeBinomialNegativeLogProbLoss", package=__name__)
NormalNegativeLogProbLoss = _dispatching_class("normal", "NormalNegativeLogProbLoss", package=__name__)
NormalMeanNegativeLogProbLoss = _dispatching_class("normal_mean", "NormalMeanNegativeLogProbLoss", package=__name__)
OneHotCategoricalLogitsNegativeLogProbLoss = _dispatching_class("one_hot_categorical", "OneHotCategoricalLogitsNegativeLogProbLoss", package=__name__)
ParetoNegativeLogProbLoss = _dispatching_class("pareto", "ParetoNegativeLogProbLoss", package=__name__)
PoissonNegativeLogProbLoss = _dispatching_class("poisson", "PoissonNegativeLogProbLoss", package=__name__)
RayleighNegativeLogProbLoss = _dispatching_class("rayleigh", "RayleighNegativeLogProbLoss", package=__name__)
VonMisesNegativeLogProbLoss = _dispatching_class("von_mises", "VonMisesNegativeLogProbLoss", package=__name__)
WeibullNegativeLogProbLoss = _dispatching_class("weibull", "WeibullNegativeLogProbLoss", package=__name__)
BernoulliProbitNegativeLogProbLoss = _dispatching_class("bernoulli_probit", "BernoulliProbitNegativeLogProbLoss", package=__name__)
BernoulliCLogLogNegativeLogProbLoss = _dispatching_class("bernoulli_cloglog", "BernoulliCLogLogNegativeLogProbLoss", package=__name__)
BetaLogitMeanLogPrecisionNegativeLogProbLoss = _dispatching_class("beta_logit_mean_log_precision", "BetaLogitMeanLogPrecisionNegativeLogProbLoss", package=__name__)
CategoricalLogitsLogTemperatureNegativeLogProbLoss = _dispatching_class("categorical_logits_log_temperature", "CategoricalLogitsLogTemperatureNegativeLogProbLoss", package=__name__)
DirichletLogConcentrationLogScaleNegativeLogProbLoss = _dispatching_class("dirichlet_log_concentration_log_scale", "DirichletLogConcentrationLogScaleNegativeLogProbLoss", package=__name__)
GammaLogMeanNegativeLogProbLoss = _dispatching_class("gamma_log_mean", "GammaLogMeanNegativeLogProbLoss", package=__name__)
InverseGaussianLogMeanNegativeLogProbLoss = _dispatching_class("inverse_gaussian_log_mean", "InverseGaussianLogMeanNegativeLogProbLoss", package=__name__)
MultinomialLogitsLogTemperatureNegativeLogProbLoss = _dispatching_class("multinomial_logits_log_temperature", "MultinomialLogitsLogTemperatureNegativeLogProbLoss", package=__name__)
NegativeBinomialLogMeanNegativeLogProbLoss = _dispatching_class("negative_binomial_log_mean", "NegativeBinomialLogMeanNegativeLogProbLoss", package=__name__)
NormalMeanLogScaleNegativeLogProbLoss = _dispatching_class("normal_mean_log_scale", "NormalMeanLogScaleNegativeLogProbLoss", package=__name__)
NormalMeanSoftplusScaleNegativeLogProbLoss = _dispatching_class("normal_mean_softplus_scale", "NormalMeanSoftplusScaleNegativeLogProbLoss", package=__name__)
NormalMeanVarianceNegativeLogProbLoss = _dispatching_class("normal_mean_variance", "NormalMeanVarianceNegativeLogProbLoss", package=__name__)
PoissonRateNegativeLogProbLoss = _dispatching_class("poisson_rate", "PoissonRateNegativeLogProbLoss", package=__name__)
PoissonSqrtRateNegativeLogProbLoss = _dispatching_class("poisson_sqrt_rate", "PoissonSqrtRateNegativeLogProbLoss", package=__name__)

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
    "BetaLogitMeanLogPrecisionNegativeLogProbLoss",
    "CategoricalLogitsLogTemperatureNegativeLogProbLoss",
    "DirichletLogConcentrationLogScaleNegativeLogProbLoss",
    "GammaLogMeanNegativeLogProbLoss",
    "InverseGaussianLogMeanNegativeLogProbLoss",
    "MultinomialLogitsLogTemperatureNegativeLogProbLoss",
    "NegativeBinomialLogMeanNegativeLogProbLoss",
    "NormalMeanLogScaleNegativeLogProbLoss",
    "NormalMeanSoftplusScaleNegativeLogProbLoss",
    "NormalMeanVarianceNegativeLogProbLoss",
    "PoissonRateNegativeLogProbLoss",
    "PoissonSqrtRateNegativeLogProbLoss",
]
