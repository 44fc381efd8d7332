# generated from the declarations by templates/package_init.py.jinja, do not edit; run `natloss build`.
"""natloss.generated: the generated losses.

`natloss.generated.numpy` holds the NumPy classes and `natloss.generated.cupy` the
CuPy ones, with the same names. The names imported here dispatch on the type of the
first natural-parameter array: a CuPy array builds the CuPy class, anything else
the NumPy class.
"""
from natloss.runtime.dispatch import dispatching_class

MultiBernoulliNegativeLogProbLoss = dispatching_class("bernoulli", "MultiBernoulliNegativeLogProbLoss")
BetaNegativeLogProbLoss = dispatching_class("beta", "BetaNegativeLogProbLoss")
BinomialNegativeLogProbLoss = dispatching_class("binomial", "BinomialNegativeLogProbLoss")
CategoricalLogitsNegativeLogProbLoss = dispatching_class("categorical", "CategoricalLogitsNegativeLogProbLoss")
DirichletNegativeLogProbLoss = dispatching_class("dirichlet", "DirichletNegativeLogProbLoss")
ExponentialNegativeLogProbLoss = dispatching_class("exponential", "ExponentialNegativeLogProbLoss")
GammaNegativeLogProbLoss = dispatching_class("gamma", "GammaNegativeLogProbLoss")
GeometricNegativeLogProbLoss = dispatching_class("geometric", "GeometricNegativeLogProbLoss")
InverseGaussianNegativeLogProbLoss = dispatching_class("inverse_gaussian", "InverseGaussianNegativeLogProbLoss")
LogNormalNegativeLogProbLoss = dispatching_class("log_normal", "LogNormalNegativeLogProbLoss")
MultinomialLogitsNegativeLogProbLoss = dispatching_class("multinomial", "MultinomialLogitsNegativeLogProbLoss")
NegativeBinomialNegativeLogProbLoss = dispatching_class("negative_binomial", "NegativeBinomialNegativeLogProbLoss")
NormalNegativeLogProbLoss = dispatching_class("normal", "NormalNegativeLogProbLoss")
NormalMeanNegativeLogProbLoss = dispatching_class("normal_mean", "NormalMeanNegativeLogProbLoss")
OneHotCategoricalLogitsNegativeLogProbLoss = dispatching_class("one_hot_categorical", "OneHotCategoricalLogitsNegativeLogProbLoss")
PoissonNegativeLogProbLoss = dispatching_class("poisson", "PoissonNegativeLogProbLoss")
BernoulliProbitNegativeLogProbLoss = dispatching_class("bernoulli_probit", "BernoulliProbitNegativeLogProbLoss")
BernoulliCLogLogNegativeLogProbLoss = dispatching_class("bernoulli_cloglog", "BernoulliCLogLogNegativeLogProbLoss")
BetaLogitMeanLogPrecisionNegativeLogProbLoss = dispatching_class("beta_logit_mean_log_precision", "BetaLogitMeanLogPrecisionNegativeLogProbLoss")
GammaLogMeanNegativeLogProbLoss = dispatching_class("gamma_log_mean", "GammaLogMeanNegativeLogProbLoss")
InverseGaussianLogMeanNegativeLogProbLoss = dispatching_class("inverse_gaussian_log_mean", "InverseGaussianLogMeanNegativeLogProbLoss")
NegativeBinomialLogMeanNegativeLogProbLoss = dispatching_class("negative_binomial_log_mean", "NegativeBinomialLogMeanNegativeLogProbLoss")
NormalMeanLogScaleNegativeLogProbLoss = dispatching_class("normal_mean_log_scale", "NormalMeanLogScaleNegativeLogProbLoss")
NormalMeanSoftplusScaleNegativeLogProbLoss = dispatching_class("normal_mean_softplus_scale", "NormalMeanSoftplusScaleNegativeLogProbLoss")
NormalMeanVarianceNegativeLogProbLoss = dispatching_class("normal_mean_variance", "NormalMeanVarianceNegativeLogProbLoss")
PoissonRateNegativeLogProbLoss = dispatching_class("poisson_rate", "PoissonRateNegativeLogProbLoss")
PoissonSqrtRateNegativeLogProbLoss = dispatching_class("poisson_sqrt_rate", "PoissonSqrtRateNegativeLogProbLoss")

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
    "BernoulliProbitNegativeLogProbLoss",
    "BernoulliCLogLogNegativeLogProbLoss",
    "BetaLogitMeanLogPrecisionNegativeLogProbLoss",
    "GammaLogMeanNegativeLogProbLoss",
    "InverseGaussianLogMeanNegativeLogProbLoss",
    "NegativeBinomialLogMeanNegativeLogProbLoss",
    "NormalMeanLogScaleNegativeLogProbLoss",
    "NormalMeanSoftplusScaleNegativeLogProbLoss",
    "NormalMeanVarianceNegativeLogProbLoss",
    "PoissonRateNegativeLogProbLoss",
    "PoissonSqrtRateNegativeLogProbLoss",
]
