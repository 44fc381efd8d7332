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
from natloss.generated.numpy.laplace import LaplaceNegativeLogProbLoss
from natloss.generated.numpy.log_normal import LogNormalNegativeLogProbLoss
from natloss.generated.numpy.multinomial import MultinomialLogitsNegativeLogProbLoss
from natloss.generated.numpy.negative_binomial import NegativeBinomialNegativeLogProbLoss
from natloss.generated.numpy.normal import NormalNegativeLogProbLoss
from natloss.generated.numpy.normal_mean import NormalMeanNegativeLogProbLoss
from natloss.generated.numpy.one_hot_categorical import OneHotCategoricalLogitsNegativeLogProbLoss
from natloss.generated.numpy.pareto import ParetoNegativeLogProbLoss
from natloss.generated.numpy.poisson import PoissonNegativeLogProbLoss
from natloss.generated.numpy.von_mises import VonMisesNegativeLogProbLoss
from natloss.generated.numpy.weibull import WeibullNegativeLogProbLoss

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
