# generated from the declarations by templates/numpy/__init__.py.jinja, do not edit; run `natloss build`.
"""The generated NumPy losses, one module per family."""
from .bernoulli import MultiBernoulliNegativeLogProbLoss
from .beta import BetaNegativeLogProbLoss
from .binomial import BinomialNegativeLogProbLoss
from .categorical import CategoricalLogitsNegativeLogProbLoss
from .dirichlet import DirichletNegativeLogProbLoss
from .exponential import ExponentialNegativeLogProbLoss
from .gamma import GammaNegativeLogProbLoss
from .geometric import GeometricNegativeLogProbLoss
from .inverse_gaussian import InverseGaussianNegativeLogProbLoss
from .log_normal import LogNormalNegativeLogProbLoss
from .multinomial import MultinomialLogitsNegativeLogProbLoss
from .multivariate_normal_diag import MultivariateNormalDiagNegativeLogProbLoss
from .multivariate_normal_fixed import MultivariateNormalFixedVarianceNegativeLogProbLoss
from .multivariate_normal_unit import MultivariateNormalUnitVarianceNegativeLogProbLoss
from .negative_binomial import NegativeBinomialNegativeLogProbLoss
from .normal import NormalNegativeLogProbLoss
from .normal_mean import NormalMeanNegativeLogProbLoss
from .one_hot_categorical import OneHotCategoricalLogitsNegativeLogProbLoss
from .poisson import PoissonNegativeLogProbLoss

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
