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
LaplaceNegativeLogProbLoss = dispatching_class("laplace", "LaplaceNegativeLogProbLoss")
LogNormalNegativeLogProbLoss = dispatching_class("log_normal", "LogNormalNegativeLogProbLoss")
MultinomialLogitsNegativeLogProbLoss = dispatching_class("multinomial", "MultinomialLogitsNegativeLogProbLoss")
NegativeBinomialNegativeLogProbLoss = dispatching_class("negative_binomial", "NegativeBinomialNegativeLogProbLoss")
NormalNegativeLogProbLoss = dispatching_class("normal", "NormalNegativeLogProbLoss")
NormalMeanNegativeLogProbLoss = dispatching_class("normal_mean", "NormalMeanNegativeLogProbLoss")
OneHotCategoricalLogitsNegativeLogProbLoss = dispatching_class("one_hot_categorical", "OneHotCategoricalLogitsNegativeLogProbLoss")
ParetoNegativeLogProbLoss = dispatching_class("pareto", "ParetoNegativeLogProbLoss")
PoissonNegativeLogProbLoss = dispatching_class("poisson", "PoissonNegativeLogProbLoss")
VonMisesNegativeLogProbLoss = dispatching_class("von_mises", "VonMisesNegativeLogProbLoss")
WeibullNegativeLogProbLoss = dispatching_class("weibull", "WeibullNegativeLogProbLoss")

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
