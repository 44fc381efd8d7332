"""von Mises on the circle: eta = kappa (cos mu, sin mu), T = (cos y, sin y), A = log(2 pi I_0(|eta|)).

SciPy's vonmises(kappa, loc=mu) takes the concentration kappa = |eta| and the mean direction
mu = atan2(eta_2, eta_1); targets are angles in (-pi, pi]."""
import sympy as sp

from natloss.codegen import draws
from natloss.codegen.family import REALS, Family, Param, Support, Target

eta1 = Param("kappa_cos_mu", REALS, "kappa cos(mu)")
eta2 = Param("kappa_sin_mu", REALS, "kappa sin(mu)")
y = Target(Support.ANGLE)
e1, e2 = eta1.symbol, eta2.symbol
kappa = sp.sqrt(e1**2 + e2**2)

FAMILY = Family(
    name="von_mises",
    class_name="VonMisesNegativeLogProbLoss",
    params=(eta1, eta2),
    target=y,
    log_partition=sp.log(2 * sp.pi * sp.besseli(0, kappa)),
    sufficient_statistic=(sp.cos(y.symbol), sp.sin(y.symbol)),
    log_base_measure=sp.Integer(0),
    sampler=draws.von_mises(sp.atan2(e2, e1), kappa),
    doc="Angles in (-pi, pi], von Mises(mu, kappa) with eta = kappa (cos mu, sin mu).",
)
