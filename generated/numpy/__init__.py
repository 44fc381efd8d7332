# generated from the declarations by templates/numpy/__init__.py.jinja, do not edit; run `natloss build`.
"""The generated NumPy losses, one module per family."""
from natloss.generated.numpy.bernoulli import MultiBernoulliNegativeLogProbLoss
from natloss.generated.numpy.beta import BetaNegativeLogProbLoss
from natloss.generated.numpy.binomial import BinomialNegativeLogProbLoss
from natloss.generated.numpy.categorical import CategoricalLogitsNegativeLogProbLoss
from natloss.generated.numpy.dirichlet import DirichletNegativeLogProbLoss
from natloss.generated.numpy.exponential import ExponentialNegativeLogProbLoss
from natloss.generated.numpy.gamma import GammaNegativeLogProbLoss
from natloss.generated.numpy.geometric import GeometricNegativeLogProbLoss
from natloss.generated.numpy.inverse_gaussian import InverseGaussianNegativeLogProbLoss
from natloss.generated.numpy.log_normal import LogNormalNegativeLogProbLoss
from natloss.generated.numpy.multinomial import MultinomialLogitsNegativeLogProbLoss
from natloss.generated.numpy.negative_binomial import NegativeBinomialNegativeLogProbLoss
from natloss.generated.numpy.normal import NormalNegativeLogProbLoss
from natloss.generated.numpy.normal_mean import NormalMeanNegativeLogProbLoss
from natloss.generated.numpy.one_hot_categorical import OneHotCategoricalLogitsNegativeLogProbLoss
from natloss.generated.numpy.poisson import PoissonNegativeLogProbLoss
from natloss.generated.numpy.bernoulli_probit import BernoulliProbitNegativeLogProbLoss
from natloss.generated.numpy.bernoulli_cloglog import BernoulliCLogLogNegativeLogProbLoss
from natloss.generated.numpy.beta_logit_mean_log_precision import BetaLogitMeanLogPrecisionNegativeLogProbLoss
from natloss.generated.numpy.gamma_log_mean import GammaLogMeanNegativeLogProbLoss
from natloss.generated.numpy.inverse_gaussian_log_mean import InverseGaussianLogMeanNegativeLogProbLoss
from natloss.generated.numpy.negative_binomial_log_mean import NegativeBinomialLogMeanNegativeLogProbLoss
from natloss.generated.numpy.normal_mean_log_scale import NormalMeanLogScaleNegativeLogProbLoss
from natloss.generated.numpy.normal_mean_softplus_scale import NormalMeanSoftplusScaleNegativeLogProbLoss
from natloss.generated.numpy.normal_mean_variance import NormalMeanVarianceNegativeLogProbLoss
from natloss.generated.numpy.poisson_rate import PoissonRateNegativeLogProbLoss
from natloss.generated.numpy.poisson_sqrt_rate import PoissonSqrtRateNegativeLogProbLoss

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
