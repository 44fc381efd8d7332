"""Random draws a sampler may use; each backend maps them to its own generator.

A sampler is an ordinary SymPy expression of the natural parameters, the
hyper-parameters and these draws, e.g. ``poisson(gamma(r, exp(eta) / -expm1(eta)))``.
Every draw has the batch shape of the loss; its arguments broadcast against it.
"""
from __future__ import annotations

import sympy as sp


class Draw(sp.Function):
    """Base of all draws: never differentiated, never simplified away.

    Each subclass is named Draw<Name> (so SymPy's printers do not mistake it for the
    function of the same name) and carries ``draw_name``, what the backends call.
    """

    draw_name = ""

    is_commutative = True

    def fdiff(self, argindex=1):  # pragma: no cover - a sampler is never differentiated
        raise TypeError(f"draw {type(self).__name__} has no derivative")


class DrawNormal(Draw):
    """normal(loc, scale)."""

    draw_name = "normal"

    nargs = 2


class DrawGamma(Draw):
    """gamma(shape, scale): mean shape * scale."""

    draw_name = "gamma"

    nargs = 2


class DrawPoisson(Draw):
    """poisson(lam)."""

    draw_name = "poisson"

    nargs = 1


class DrawBinomial(Draw):
    """binomial(trials, p)."""

    draw_name = "binomial"

    nargs = 2


class DrawGeometric(Draw):
    """geometric(p): trials up to and including the first success (>= 1)."""

    draw_name = "geometric"

    nargs = 1


class DrawBeta(Draw):
    """beta(a, b)."""

    draw_name = "beta"

    nargs = 2


class DrawWald(Draw):
    """wald(mean, shape): the inverse Gaussian."""

    draw_name = "wald"

    nargs = 2


class DrawUniform(Draw):
    """uniform(low, high)."""

    draw_name = "uniform"

    nargs = 2


class DrawVonMises(Draw):
    """von_mises(mu, kappa): an angle in [-pi, pi] with density exp(kappa cos(y - mu)) / (2 pi I_0(kappa))."""

    draw_name = "von_mises"

    nargs = 2


class DrawCategorical(Draw):
    """categorical(logits): a class index over the last axis of the vector parameter."""

    draw_name = "categorical"

    nargs = 1


class DrawMultinomial(Draw):
    """multinomial(trials, logits): counts over the last axis."""

    draw_name = "multinomial"

    nargs = 2


class DrawDirichlet(Draw):
    """dirichlet(alpha): a point of the simplex over the last axis."""

    draw_name = "dirichlet"

    nargs = 1


normal = DrawNormal
gamma = DrawGamma
poisson = DrawPoisson
binomial = DrawBinomial
geometric = DrawGeometric
beta = DrawBeta
wald = DrawWald
uniform = DrawUniform
von_mises = DrawVonMises
categorical = DrawCategorical
multinomial = DrawMultinomial
dirichlet = DrawDirichlet

ALL_DRAWS = (DrawNormal, DrawGamma, DrawPoisson, DrawBinomial, DrawGeometric, DrawBeta, DrawWald, DrawUniform,
             DrawCategorical, DrawMultinomial, DrawDirichlet, DrawVonMises)
VECTOR_DRAWS = (DrawCategorical, DrawMultinomial, DrawDirichlet)
