# generated from the declarations by templates/numpy/__init__.py.jinja, do not edit; run `natloss build`.
"""The generated NumPy losses, one module per family."""
from natloss.generated.numpy.bernoulli import MultiBernoulliNegativeLogProbLoss
from natloss.generated.numpy.beta import BetaNegativeLogProbLoss
from natloss.generated.numpy.binomial import BinomialNegativeLogProbLoss
from natloss.generated.numpy.categorical import CategoricalLogitsNegativeLogProbLoss
from natloss.generated.numpy.chi import ChiNegativeLogProbLoss
from natloss.generated.numpy.chi_square import ChiSquareNegativeLogProbLoss
from natloss.generated.numpy.continuous_bernoulli import ContinuousBernoulliNegativeLogProbLoss
from natloss.generated.numpy.dirichlet import DirichletNegativeLogProbLoss
from natloss.generated.numpy.exponential import ExponentialNegativeLogProbLoss
from natloss.generated.numpy.gamma import GammaNegativeLogProbLoss
from natloss.generated.numpy.gamma_known_shape import GammaKnownShapeNegativeLogProbLoss
from natloss.generated.numpy.geometric import GeometricNegativeLogProbLoss
from natloss.generated.numpy.inverse_gamma import InverseGammaNegativeLogProbLoss
from natloss.generated.numpy.inverse_gaussian import InverseGaussianNegativeLogProbLoss
from natloss.generated.numpy.inverse_gaussian_known_shape import InverseGaussianKnownShapeNegativeLogProbLoss
from natloss.generated.numpy.log_normal import LogNormalNegativeLogProbLoss
from natloss.generated.numpy.logarithmic import LogarithmicNegativeLogProbLoss
from natloss.generated.numpy.multinomial import MultinomialLogitsNegativeLogProbLoss
from natloss.generated.numpy.negative_binomial import NegativeBinomialNegativeLogProbLoss
from natloss.generated.numpy.normal import NormalNegativeLogProbLoss
from natloss.generated.numpy.normal_mean import NormalMeanNegativeLogProbLoss
from natloss.generated.numpy.one_hot_categorical import OneHotCategoricalLogitsNegativeLogProbLoss
from natloss.generated.numpy.poisson import PoissonNegativeLogProbLoss
from natloss.generated.numpy.rayleigh import RayleighNegativeLogProbLoss

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
    "LogNormalNegativeLogProbLoss",
    "LogarithmicNegativeLogProbLoss",
    "MultinomialLogitsNegativeLogProbLoss",
    "NegativeBinomialNegativeLogProbLoss",
    "NormalNegativeLogProbLoss",
    "NormalMeanNegativeLogProbLoss",
    "OneHotCategoricalLogitsNegativeLogProbLoss",
    "PoissonNegativeLogProbLoss",
    "RayleighNegativeLogProbLoss",
]
