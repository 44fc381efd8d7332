"""Multivariate normal with identity covariance over the last axis; the natural parameter is the mean."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import REALS, Family, Support, Target, VectorParam

mean = VectorParam("mean", REALS, "mu_k over the last axis (with Sigma = I the mean is the natural parameter)")
y = Target(Support.REAL_VECTOR)
mu, yk = mean.symbol, y.symbol[mean.k]

FAMILY = Family(
    name="multivariate_normal_unit",
    class_name="MultivariateNormalUnitVarianceNegativeLogProbLoss",
    params=(mean,),
    target=y,
    log_partition=mean.sum(mu**2 / 2),
    sufficient_statistic=(yk,),
    log_base_measure=mean.sum(-yk**2 / 2 - sp.log(2 * sp.pi) / 2),
    sampler=draws.normal(mu, 1),
    doc="Real vectors over the last axis, N(mu, I) (scipy.stats.multivariate_normal(mean=mu, cov=I));"
        " d = mean.shape[-1]; F = I.",
)
