# generated from the declarations by codegen/backends/numpy/templates/__init__.py.jinja, do not edit; run `natloss build`.
"""The generated NumPy losses, one module per family."""
from .bernoulli import MultiBernoulliNegativeLogProbLoss
from .beta import BetaNegativeLogProbLoss
from .binomial import BinomialNegativeLogProbLoss
from .categorical import CategoricalLogitsNegativeLogProbLoss
from .chi import ChiNegativeLogProbLoss
from .chi_square import ChiSquareNegativeLogProbLoss
from .continuous_bernoulli import ContinuousBernoulliNegativeLogProbLoss
from .dirichlet import DirichletNegativeLogProbLoss
from .exponential import ExponentialNegativeLogProbLoss
from .gamma import GammaNegativeLogProbLoss
from .gamma_known_shape import GammaKnownShapeNegativeLogProbLoss
from .geometric import GeometricNegativeLogProbLoss
from .inverse_gamma import InverseGammaNegativeLogProbLoss
from .inverse_gaussian import InverseGaussianNegativeLogProbLoss
from .inverse_gaussian_known_shape import InverseGaussianKnownShapeNegativeLogProbLoss
from .laplace import LaplaceNegativeLogProbLoss
from .log_normal import LogNormalNegativeLogProbLoss
from .logarithmic import LogarithmicNegativeLogProbLoss
from .multinomial import MultinomialLogitsNegativeLogProbLoss
from .multivariate_normal_diag import MultivariateNormalDiagNegativeLogProbLoss
from .multivariate_normal_fixed import MultivariateNormalFixedVarianceNegativeLogProbLoss
from .multivariate_normal_unit import MultivariateNormalUnitVarianceNegativeLogProbLoss
from .negative_binomial import NegativeBinomialNegativeLogProbLoss
from .normal import NormalNegativeLogProbLoss
from .normal_mean import NormalMeanNegativeLogProbLoss
from .one_hot_categorical import OneHotCategoricalLogitsNegativeLogProbLoss
from .pareto import ParetoNegativeLogProbLoss
from .poisson import PoissonNegativeLogProbLoss
from .rayleigh import RayleighNegativeLogProbLoss
from .von_mises import VonMisesNegativeLogProbLoss
from .weibull import WeibullNegativeLogProbLoss
from .bernoulli_probit import BernoulliProbitNegativeLogProbLoss
from .bernoulli_cloglog import BernoulliCLogLogNegativeLogProbLoss
from .beta_logit_mean_log_precision import BetaLogitMeanLogPrecisionNegativeLogProbLoss
from .categorical_logits_log_temperature import CategoricalLogitsLogTemperatureNegativeLogProbLoss
from .dirichlet_log_concentration_log_scale import DirichletLogConcentrationLogScaleNegativeLogProbLoss
from .gamma_log_mean import GammaLogMeanNegativeLogProbLoss
from .inverse_gaussian_log_mean import InverseGaussianLogMeanNegativeLogProbLoss
from .multinomial_logits_log_temperature import MultinomialLogitsLogTemperatureNegativeLogProbLoss
from .negative_binomial_log_mean import NegativeBinomialLogMeanNegativeLogProbLoss
from .normal_mean_log_scale import NormalMeanLogScaleNegativeLogProbLoss
from .normal_mean_softplus_scale import NormalMeanSoftplusScaleNegativeLogProbLoss
from .normal_mean_variance import NormalMeanVarianceNegativeLogProbLoss
from .poisson_rate import PoissonRateNegativeLogProbLoss
from .poisson_sqrt_rate import PoissonSqrtRateNegativeLogProbLoss

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
