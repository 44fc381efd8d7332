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
DirichletNegativeLogProbLoss = _dispatching_class("dirichlet", "DirichletNegativeLogProbLoss", package=__name__)
ExponentialNegativeLogProbLoss = _dispatching_class("exponential", "ExponentialNegativeLogProbLoss", package=__name__)
GammaNegativeLogProbLoss = _dispatching_class("gamma", "GammaNegativeLogProbLoss", package=__name__)
GeometricNegativeLogProbLoss = _dispatching_class("geometric", "GeometricNegativeLogProbLoss", package=__name__)
InverseGaussianNegativeLogProbLoss = _dispatching_class("inverse_gaussian", "InverseGaussianNegativeLogProbLoss", package=__name__)
LogNormalNegativeLogProbLoss = _dispatching_class("log_normal", "LogNormalNegativeLogProbLoss", package=__name__)
MultinomialLogitsNegativeLogProbLoss = _dispatching_class("multinomial", "MultinomialLogitsNegativeLogProbLoss", package=__name__)
MultivariateNormalDiagNegativeLogProbLoss = _dispatching_class("multivariate_normal_diag", "MultivariateNormalDiagNegativeLogProbLoss", package=__name__)
MultivariateNormalFixedVarianceNegativeLogProbLoss = _dispatching_class("multivariate_normal_fixed", "MultivariateNormalFixedVarianceNegativeLogProbLoss", package=__name__)
MultivariateNormalUnitVarianceNegativeLogProbLoss = _dispatching_class("multivariate_normal_unit", "MultivariateNormalUnitVarianceNegativeLogProbLoss", package=__name__)
NegativeBinomialNegativeLogProbLoss = _dispatching_class("negative_binomial", "NegativeBinomialNegativeLogProbLoss", package=__name__)
NormalNegativeLogProbLoss = _dispatching_class("normal", "NormalNegativeLogProbLoss", package=__name__)
NormalMeanNegativeLogProbLoss = _dispatching_class("normal_mean", "NormalMeanNegativeLogProbLoss", package=__name__)
OneHotCategoricalLogitsNegativeLogProbLoss = _dispatching_class("one_hot_categorical", "OneHotCategoricalLogitsNegativeLogProbLoss", package=__name__)
PoissonNegativeLogProbLoss = _dispatching_class("poisson", "PoissonNegativeLogProbLoss", package=__name__)

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
