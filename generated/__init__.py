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
ChiNegativeLogProbLoss = dispatching_class("chi", "ChiNegativeLogProbLoss")
ChiSquareNegativeLogProbLoss = dispatching_class("chi_square", "ChiSquareNegativeLogProbLoss")
ContinuousBernoulliNegativeLogProbLoss = dispatching_class("continuous_bernoulli", "ContinuousBernoulliNegativeLogProbLoss")
DirichletNegativeLogProbLoss = dispatching_class("dirichlet", "DirichletNegativeLogProbLoss")
ExponentialNegativeLogProbLoss = dispatching_class("exponential", "ExponentialNegativeLogProbLoss")
GammaNegativeLogProbLoss = dispatching_class("gamma", "GammaNegativeLogProbLoss")
GammaKnownShapeNegativeLogProbLoss = dispatching_class("gamma_known_shape", "GammaKnownShapeNegativeLogProbLoss")
GeometricNegativeLogProbLoss = dispatching_class("geometric", "GeometricNegativeLogProbLoss")
InverseGammaNegativeLogProbLoss = dispatching_class("inverse_gamma", "InverseGammaNegativeLogProbLoss")
InverseGaussianNegativeLogProbLoss = dispatching_class("inverse_gaussian", "InverseGaussianNegativeLogProbLoss")
InverseGaussianKnownShapeNegativeLogProbLoss = dispatching_class("inverse_gaussian_known_shape", "InverseGaussianKnownShapeNegativeLogProbLoss")
LogNormalNegativeLogProbLoss = dispatching_class("log_normal", "LogNormalNegativeLogProbLoss")
LogarithmicNegativeLogProbLoss = dispatching_class("logarithmic", "LogarithmicNegativeLogProbLoss")
MultinomialLogitsNegativeLogProbLoss = dispatching_class("multinomial", "MultinomialLogitsNegativeLogProbLoss")
NegativeBinomialNegativeLogProbLoss = dispatching_class("negative_binomial", "NegativeBinomialNegativeLogProbLoss")
NormalNegativeLogProbLoss = dispatching_class("normal", "NormalNegativeLogProbLoss")
NormalMeanNegativeLogProbLoss = dispatching_class("normal_mean", "NormalMeanNegativeLogProbLoss")
OneHotCategoricalLogitsNegativeLogProbLoss = dispatching_class("one_hot_categorical", "OneHotCategoricalLogitsNegativeLogProbLoss")
PoissonNegativeLogProbLoss = dispatching_class("poisson", "PoissonNegativeLogProbLoss")
RayleighNegativeLogProbLoss = dispatching_class("rayleigh", "RayleighNegativeLogProbLoss")

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
