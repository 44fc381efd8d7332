"""Numerically stable primitives as SymPy functions.

Each primitive's derivative is written in the same basis, so differentiating a
stabilized expression never reintroduces a naive form (log(1 + exp(x)) and the
like). Printers map every primitive to a backend function of the same meaning;
``PRIMITIVE_NAMES`` is the list the backends must cover.
"""
from __future__ import annotations

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p


class softplus(sp.Function):
    """log(1 + exp(x)), finite for every real x."""

    nargs = 1

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    def _eval_rewrite_as_log(self, x, **kwargs):
        return sp.log(1 + sp.exp(x))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_real


class sigmoid(sp.Function):
    """1 / (1 + exp(-x))."""

    nargs = 1

    def fdiff(self, argindex=1):
        x = self.args[0]
        return sigmoid(x) * sigmoid(-x)

    def _eval_rewrite_as_exp(self, x, **kwargs):
        return 1 / (1 + sp.exp(-x))

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return self.args[0].is_real


class log1mexp(sp.Function):
    """log(1 - exp(x)) for x < 0, without cancellation near 0 or underflow far below."""

    nargs = 1

    def fdiff(self, argindex=1):
        # d/dx log(1 - e^x) = -e^x / (1 - e^x) = 1 / expm1(-x) * (-1)
        return -1 / expm1(-self.args[0])

    def _eval_rewrite_as_log(self, x, **kwargs):
        return sp.log(1 - sp.exp(x))

    def _eval_is_real(self):
        return self.args[0].is_negative or None


class log1pmx(sp.Function):
    """log(1 + x) - x for x > -1: -x^2/2 + x^3/3 - ..., so the direct difference cancels for
    small |x| (the Logarithmic family's x + log(1 - x), x = p small)."""

    nargs = 1

    def fdiff(self, argindex=1):
        x = self.args[0]
        return -x / (1 + x)

    def _eval_rewrite_as_log(self, x, **kwargs):
        return sp.log(1 + x) - x

    def _eval_is_real(self):
        return self.args[0].is_real or None


class log1mexp_plus_exp(sp.Function):
    """log(1 - exp(a)) + exp(a) for a < 0: log1pmx(-exp(a)) for a < -ln 2 (it cancels to
    -exp(2a)/2 there), the plain sum above (where exp(a) may round to 1, float32 a = -1e-8)."""

    nargs = 1

    def fdiff(self, argindex=1):
        a = self.args[0]
        return sp.exp(2 * a) / expm1(a)

    def _eval_rewrite_as_log(self, a, **kwargs):
        return sp.log(1 - sp.exp(a)) + sp.exp(a)


class xtrigamma_m1(sp.Function):
    """x * trigamma(x) - 1 for x > 0; it tends to 1/(2x), so the direct form cancels."""

    nargs = 1

    def fdiff(self, argindex=1):
        x = self.args[0]
        return sp.polygamma(1, x) + x * sp.polygamma(2, x)

    def _eval_rewrite_as_polygamma(self, x, **kwargs):
        return x * sp.polygamma(1, x) - 1

    def _eval_is_positive(self):
        return self.args[0].is_positive or None


class digamma_diff(sp.Function):
    """psi(x + h) - psi(x) for x > 0, h > 0 (positive); the direct difference cancels for h << x."""

    nargs = 2

    def fdiff(self, argindex=1):
        x, h = self.args
        if argindex == 1:
            return -trigamma_diff(x, h)
        return sp.polygamma(1, x + h)

    def _eval_rewrite_as_polygamma(self, x, h, **kwargs):
        return sp.polygamma(0, x + h) - sp.polygamma(0, x)

    def _eval_is_positive(self):
        x, h = self.args
        return (x.is_positive and h.is_positive) or None


class trigamma_diff(sp.Function):
    """psi_1(x) - psi_1(x + h) for x > 0, h > 0 (positive); the direct difference cancels for h << x."""

    nargs = 2

    def fdiff(self, argindex=1):
        x, h = self.args
        if argindex == 1:
            return sp.polygamma(2, x) - sp.polygamma(2, x + h)
        return -sp.polygamma(2, x + h)

    def _eval_rewrite_as_polygamma(self, x, h, **kwargs):
        return sp.polygamma(1, x) - sp.polygamma(1, x + h)

    def _eval_is_positive(self):
        x, h = self.args
        return (x.is_positive and h.is_positive) or None


class trigamma_det(sp.Function):
    """psi_1(a) psi_1(b) - psi_1(a + b) (psi_1(a) + psi_1(b)) for a, b > 0: the Beta's det F,
    positive (Cauchy-Schwarz); every difference form cancels by ~2 min(a, b) when both are large."""

    nargs = 2

    def fdiff(self, argindex=1):
        a, b = self.args if argindex == 1 else self.args[::-1]
        s = a + b
        return (sp.polygamma(2, a) * (sp.polygamma(1, b) - sp.polygamma(1, s))
                - sp.polygamma(2, s) * (sp.polygamma(1, a) + sp.polygamma(1, b)))

    def _eval_rewrite_as_polygamma(self, a, b, **kwargs):
        return sp.polygamma(1, a) * sp.polygamma(1, b) - sp.polygamma(1, a + b) * (sp.polygamma(1, a) + sp.polygamma(1, b))

    def _eval_is_positive(self):
        a, b = self.args
        return (a.is_positive and b.is_positive) or None


class exp_neg_abs(sp.Function):
    """exp(-|x|), in (0, 1]: the one exponential that a softplus/sigmoid pair of x and -x shares.

    Used only after differentiation (by the `exp_abs_pairs` rewrite), so no derivative."""

    nargs = 1

    def _eval_is_positive(self):
        return self.args[0].is_real


class sigmoid_e(sp.Function):
    """sigmoid(x) given e = exp(-|x|): (1 if x >= 0 else e) / (1 + e). Post-derivation only."""

    nargs = 2

    def _eval_is_positive(self):
        return self.args[0].is_real


class sigmoid_lincomb(sp.Function):
    """a sigmoid(x) + b sigmoid(-x) given s = sigmoid(-|x|): a + (b - a) s for x >= 0, else
    b + (a - b) s. A primitive, not an expression, so that a and b are evaluated before the
    small s is added (a flattened sum would add s to a large term first). Post-derivation."""

    nargs = 4


class lgamma_diff(sp.Function):
    """lgamma(x + h) - lgamma(x) for x > 0, x + h > 0: ~ h log x for large x, where the direct
    difference of two ~x log x values cancels (the Negative binomial's log h at y = 3.5e8)."""

    nargs = 2

    def fdiff(self, argindex=1):
        x, h = self.args
        if argindex == 1:
            return sp.polygamma(0, x + h) - sp.polygamma(0, x)
        return sp.polygamma(0, x + h)

    def _eval_rewrite_as_loggamma(self, x, h, **kwargs):
        return sp.loggamma(x + h) - sp.loggamma(x)


class if_else(sp.Function):
    """if_else(condition, a, b): a where the condition holds, else b. Unlike a Piecewise it is
    never distributed into a power or function around it, so `singular` can give the branches
    of a series switch safe arguments (the far branch never sees the 0/0). Post-derivation."""

    nargs = 3


def digamma(x):
    return sp.polygamma(0, x)


def trigamma(x):
    return sp.polygamma(1, x)


# What every backend printer must be able to print, beyond +, *, pow, exp, log, sqrt.
PRIMITIVE_NAMES = (
    "softplus",
    "sigmoid",
    "log1mexp",
    "log1pmx",
    "xtrigamma_m1",
    "digamma_diff",
    "trigamma_diff",
    "trigamma_det",
    "exp_neg_abs",
    "sigmoid_e",
    "sigmoid_lincomb",
    "expm1",
    "log1p",
    "loggamma",
    "digamma",
    "trigamma",
    "exp_neg_abs",
    "sigmoid_e",
)


_NAIVE_LOG: tuple = ()  # primitives defined below whose naive form is their rewrite(sp.log)


def to_naive(expr: sp.Expr) -> sp.Expr:
    """The same expression in plain SymPy functions (for mpmath references and proofs)."""
    return expr.replace(softplus, lambda x: sp.log(1 + sp.exp(x))).replace(
        sigmoid, lambda x: 1 / (1 + sp.exp(-x))
    ).replace(log1mexp, lambda x: sp.log(1 - sp.exp(x))).replace(log1pmx, lambda x: sp.log(1 + x) - x).replace(
        log1mexp_plus_exp, lambda a: sp.log(1 - sp.exp(a)) + sp.exp(a)).replace(
        xtrigamma_m1, lambda x: x * sp.polygamma(1, x) - 1
    ).replace(digamma_diff, lambda x, h: sp.polygamma(0, x + h) - sp.polygamma(0, x)).replace(
        trigamma_diff, lambda x, h: sp.polygamma(1, x) - sp.polygamma(1, x + h)
    ).replace(trigamma_det, lambda a, b: trigamma_det(a, b).rewrite(sp.polygamma)).replace(expm1, lambda x: sp.exp(x) - 1).replace(log1p, lambda x: sp.log(1 + x)).replace(
        exp_neg_abs, lambda x: sp.exp(-sp.Abs(x))
    ).replace(sigmoid_e, lambda x, e: 1 / (1 + sp.exp(-x))).replace(
        sigmoid_lincomb, lambda x, s, a, b: a / (1 + sp.exp(-x)) + b / (1 + sp.exp(x))
    ).replace(log_factorial_saddle, lambda n: sp.loggamma(n + 1) - n * sp.log(n) + n).replace(
        bd0, lambda y, m, *log_m: y * sp.log(y / m) + m - y
    ).replace(log_ndtr, lambda x: sp.log(sp.erfc(-x / sp.sqrt(2)) / 2)).replace(
        ndtr_mills, lambda x: sp.sqrt(2) * sp.exp(-x**2 / 2) / (sp.sqrt(sp.pi) * sp.erfc(-x / sp.sqrt(2)))
    ).replace(mills_shift, lambda x: x + sp.sqrt(2) * sp.exp(-x**2 / 2) / (sp.sqrt(sp.pi) * sp.erfc(-x / sp.sqrt(2)))).replace(
        inv_exprel, lambda x: x / (sp.exp(x) - 1)
    ).replace(inv_exprel_slope, lambda x: (x * sp.exp(x) - sp.exp(x) + 1) / (sp.exp(x) - 1) ** 2).replace(
        lgamma_diff, lambda x, h: sp.loggamma(x + h) - sp.loggamma(x)).replace(if_else, lambda c, a, b: sp.Piecewise((a, c), (b, True))
    ).replace(times_square, lambda x, g: x * g**2).replace(mul_exact_zero, lambda a, v: a * v).replace(
        lambda e: isinstance(e, _NAIVE_SPECIAL), lambda e: e.rewrite(sp.besseli)
    ).replace(
        lambda e: isinstance(e, _NAIVE_LOG), lambda e: e.rewrite(sp.log)
    )


__all__ = [
    "softplus",
    "sigmoid",
    "log1mexp",
    "log1pmx",
    "xtrigamma_m1",
    "digamma_diff",
    "trigamma_diff",
    "trigamma_det",
    "expm1",
    "log1p",
    "digamma",
    "trigamma",
    "to_naive",
    "PRIMITIVE_NAMES",
]


class log_factorial_saddle(sp.Function):
    """lgamma(n + 1) - n log n + n for n >= 0 (0 at n = 0): -log Poisson(n; rate n), the NLL at
    the saddle point; stirlerr(n) + log(2 pi n) / 2 for n > 0 (Loader 2000). With `bd0` it writes
    a Poisson or Gamma NLL without the cancellation of lgamma against the linear terms. The NLL
    is only evaluated, so no derivative."""

    nargs = 1

    def _eval_rewrite_as_loggamma(self, n, **kwargs):
        return sp.loggamma(n + 1) - n * sp.log(n) + n

    def _eval_is_positive(self):
        return self.args[0].is_positive or None


class bd0(sp.Function):
    """y log(y / m) + m - y >= 0 for y >= 0, m > 0 (m at y = 0): the deviance part of a Poisson
    NLL (Loader 2000); near y = m a series in v = (y - m) / (y + m) instead of the cancelling
    difference. Evaluated only, so no derivative.

    bd0(y, m, log_m): the same, with log m given apart for an m that is a power of the target
    (the Chi's y^2 / 2): where m itself under- or overflows, log m is used (m there is far from
    y, so the direct form is accurate)."""

    nargs = (2, 3)

    def _eval_rewrite_as_log(self, y, m, log_m=None, **kwargs):
        return y * sp.log(y / m) + m - y


PRIMITIVE_NAMES += ("log_factorial_saddle", "bd0", "if_else", "lgamma_diff", "log1mexp_plus_exp")
__all__ += ["log_factorial_saddle", "bd0"]


class log_ndtr(sp.Function):
    """log Phi(x), the log of the standard normal CDF, for every real x: log(Phi(x)) underflows
    below x ~ -38 and loses all digits of log(1 - Phi(-x)) above x ~ 8. Its derivative is the
    inverse Mills ratio `ndtr_mills`."""

    nargs = 1

    def fdiff(self, argindex=1):
        return ndtr_mills(self.args[0])

    def _eval_rewrite_as_erfc(self, x, **kwargs):
        return sp.log(sp.erfc(-x / sp.sqrt(2)) / 2)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_negative(self):
        return self.args[0].is_real


class ndtr_mills(sp.Function):
    """phi(x) / Phi(x), the inverse Mills ratio (d/dx log Phi(x)); -x + K(-x) below -2.5 with K a
    continued fraction, where phi / Phi is exp(-x^2/2 - log Phi(x)) of two large exponents."""

    nargs = 1

    def fdiff(self, argindex=1):
        x = self.args[0]
        return -ndtr_mills(x) * mills_shift(x)

    def _eval_is_positive(self):
        return self.args[0].is_real


class mills_shift(sp.Function):
    """x + phi(x) / Phi(x) > 0: -(d/dx) phi/Phi over phi/Phi. Below -2.5 phi/Phi = -x + 1/x + ...
    and the sum cancels; there it is Laplace's continued fraction 1/(t + 2/(t + 3/(t + ...))),
    t = -x. The probit link's Hessian is y m(s) mills_shift(s) + (1 - y) m(-s) mills_shift(-s)."""

    nargs = 1

    def fdiff(self, argindex=1):
        x = self.args[0]
        return 1 - ndtr_mills(x) * mills_shift(x)

    def _eval_is_positive(self):
        return self.args[0].is_real


PRIMITIVE_NAMES += ("log_ndtr", "ndtr_mills", "mills_shift")
__all__ += ["log_ndtr", "ndtr_mills", "mills_shift"]


class inv_exprel(sp.Function):
    """x / expm1(x), 1 at x = 0 and finite for every real x (the direct ratio is 0/0 at 0 and
    inf/inf above 709). The cloglog link's gradient is -y inv_exprel(e^s) + (1 - y) e^s."""

    nargs = 1

    def fdiff(self, argindex=1):
        return -inv_exprel_slope(self.args[0])

    def _eval_rewrite_as_expm1(self, x, **kwargs):
        return x / expm1(x)

    def _eval_is_positive(self):
        return self.args[0].is_real


class inv_exprel_slope(sp.Function):
    """-(d/dx) x / expm1(x) = (x e^x - expm1(x)) / expm1(x)^2, 1/2 at x = 0: the difference
    cancels near 0 (a series there) and overflows above 709 (a form in e^-x there)."""

    nargs = 1

    def fdiff(self, argindex=1):
        x = self.args[0]
        return sp.diff((x * sp.exp(x) - expm1(x)) / expm1(x) ** 2, x)

    def _eval_rewrite_as_expm1(self, x, **kwargs):
        return (x * sp.exp(x) - expm1(x)) / expm1(x) ** 2

    def _eval_is_positive(self):
        return self.args[0].is_real


PRIMITIVE_NAMES += ("inv_exprel", "inv_exprel_slope")
__all__ += ["inv_exprel", "inv_exprel_slope"]


class log_besseli(sp.Function):
    """log I_nu(x) for x >= 0 and a constant nu >= 0: I_nu overflows from x ~ 713 (float64),
    ~ 90 (float32), its logarithm does not; log1p of the series' tail where I_0(x) ~ 1."""

    nargs = 2

    def fdiff(self, argindex=2):
        nu, x = self.args
        if argindex != 2:
            raise TypeError("log_besseli: nu is a constant, not differentiated")
        # I_nu'(x) = I_{nu+1}(x) + (nu / x) I_nu(x)
        return bessel_ratio(nu, x) + (nu / x if nu != 0 else 0)

    def _eval_rewrite_as_besseli(self, nu, x, **kwargs):
        return sp.log(sp.besseli(nu, x))

    def _eval_is_real(self):
        return self.args[1].is_nonnegative or None


class bessel_ratio(sp.Function):
    """I_{nu+1}(x) / I_nu(x) in [0, 1) for x >= 0, constant nu >= 0: the ratio of two
    exponentially scaled values, so nothing overflows (the von Mises mean resultant length)."""

    nargs = 2

    def fdiff(self, argindex=2):
        nu, x = self.args
        if argindex != 2:
            raise TypeError("bessel_ratio: nu is a constant, not differentiated")
        return bessel_ratio_deriv(nu, x)

    def _eval_rewrite_as_besseli(self, nu, x, **kwargs):
        return sp.besseli(nu + 1, x) / sp.besseli(nu, x)

    def _eval_is_nonnegative(self):
        return self.args[1].is_nonnegative or None


class bessel_ratio_deriv(sp.Function):
    """d/dx I_{nu+1}(x) / I_nu(x) = 1 - R^2 - (2 nu + 1) R / x > 0 (R = bessel_ratio): the direct
    form cancels like 1/(2 x^2) for large x; an asymptotic series in 1/x there, every term positive."""

    nargs = 2

    def fdiff(self, argindex=2):
        nu, x = self.args
        if argindex != 2:
            raise TypeError("bessel_ratio_deriv: nu is a constant, not differentiated")
        r, dr = bessel_ratio(nu, x), bessel_ratio_deriv(nu, x)
        return -2 * r * dr - (2 * nu + 1) * (dr / x - r / x**2)

    def _eval_rewrite_as_besseli(self, nu, x, **kwargs):
        r = sp.besseli(nu + 1, x) / sp.besseli(nu, x)
        return 1 - r**2 - (2 * nu + 1) * r / x

    def _eval_is_positive(self):
        return self.args[1].is_positive or None


PRIMITIVE_NAMES += ("log_besseli", "bessel_ratio", "bessel_ratio_deriv")
__all__ += ["log_besseli", "bessel_ratio", "bessel_ratio_deriv"]
_NAIVE_SPECIAL = (log_besseli, bessel_ratio, bessel_ratio_deriv)


class bessel_ratio_gap(sp.Function):
    """(x R'(x) - R(x)) / x^3 < 0 with R = bessel_ratio(nu, x): the part of the Fisher of an A(|eta|)
    off the radial direction, finite at x = 0 (-1/8 for nu = 0) where the difference cancels like x^2.
    Post-derivation only (`bessel_ratio_gap` rewrite), so no derivative."""

    nargs = 2

    def _eval_rewrite_as_besseli(self, nu, x, **kwargs):
        r = sp.besseli(nu + 1, x) / sp.besseli(nu, x)
        return (x * (1 - r**2 - (2 * nu + 1) * r / x) - r) / x**3

    def _eval_is_negative(self):
        return self.args[1].is_positive or None


PRIMITIVE_NAMES += ("bessel_ratio_gap",)
__all__ += ["bessel_ratio_gap"]
_NAIVE_SPECIAL += (bessel_ratio_gap,)


class log1mexp_scaled(sp.Function):
    """log(1 - exp(x)) exp(-x) for x < 0: -1 - p/2 - p^2/3 - ... with p = exp(x), so it stays near -1
    where log1mexp(x) ~ -p underflows (x < -745) or its square does (x < -373, -52 in float32).
    Post-derivation only (`exp_scaled_tails`), so no derivative."""

    nargs = 1

    def _eval_rewrite_as_log(self, x, **kwargs):
        return sp.log(1 - sp.exp(x)) * sp.exp(-x)

    def _eval_is_negative(self):
        return self.args[0].is_negative or None


class log1mexp_plus_exp_scaled(sp.Function):
    """(log(1 - exp(x)) + exp(x)) exp(-2x) for x < 0: -1/2 - p/3 - p^2/4 - ... with p = exp(x), where
    log1mexp_plus_exp(x) ~ -p^2 / 2 underflows. Post-derivation only (`exp_scaled_tails`)."""

    nargs = 1

    def _eval_rewrite_as_log(self, x, **kwargs):
        return (sp.log(1 - sp.exp(x)) + sp.exp(x)) * sp.exp(-2 * x)

    def _eval_is_negative(self):
        return self.args[0].is_negative or None


PRIMITIVE_NAMES += ("log1mexp_scaled", "log1mexp_plus_exp_scaled")
__all__ += ["log1mexp_scaled", "log1mexp_plus_exp_scaled"]
_NAIVE_LOG += (log1mexp_scaled, log1mexp_plus_exp_scaled)


class times_square(sp.Function):
    """x g^2, evaluated as (x g) g: each step moves toward the result, so nothing over- or
    underflows where x g^2 does not (g^2 alone overflows at g = e^700, x g^2 need not: a Normal
    head's (mu - y) e^(-2s) at s = -700 and mu = y). The `times_square` rewrite folds the squares
    and exponentials of a product into g. Its derivatives are written in the same primitive."""

    nargs = 2

    def fdiff(self, argindex=1):
        x, g = self.args
        return times_square(1, g) if argindex == 1 else 2 * x * g

    def _eval_rewrite_as_Pow(self, x, g, **kwargs):
        return x * g**2


class mul_exact_zero(sp.Function):
    """a v, exactly 0 where v = 0: a dense product's term F_ij v_j, where F_ij is a finite real
    number whose float may have overflowed to inf (F_00 = e^1400 of a Normal head at log sigma =
    -700), so that inf * 0 would turn a product that is exactly 0 into NaN."""

    nargs = 2

    def fdiff(self, argindex=1):
        a, v = self.args
        return v if argindex == 1 else a

    def _eval_rewrite_as_Pow(self, a, v, **kwargs):
        return a * v


PRIMITIVE_NAMES += ("times_square", "mul_exact_zero")
__all__ += ["times_square", "mul_exact_zero"]


class softplus_log_slope(sp.Function):
    """sigmoid(x) / softplus(x) = d/dx log softplus(x), in (0, 1): 1 - e^x/2 for x -> -inf, where
    sigmoid and softplus both underflow (e^x, then their squares). Its derivative is
    -softplus_log_slope(x) softplus_log_gap(x), so d^2/dx^2 log softplus(x) has no cancellation."""

    nargs = 1

    def fdiff(self, argindex=1):
        x = self.args[0]
        return -softplus_log_slope(x) * softplus_log_gap(x)

    def _eval_rewrite_as_log(self, x, **kwargs):
        return 1 / ((1 + sp.exp(-x)) * sp.log(1 + sp.exp(x)))

    def _eval_is_positive(self):
        return self.args[0].is_real


class softplus_log_gap(sp.Function):
    """sigmoid(x) / softplus(x) - sigmoid(-x) > 0 (log(1 + t) < t): e^x/2 for x -> -inf, where the
    difference of two numbers near 1 cancels (a softplus link's Hessian at x = -100); it is
    -log1pmx(e^x) sigmoid(-x) / softplus(x)."""

    nargs = 1

    def fdiff(self, argindex=1):
        x = self.args[0]
        return -softplus_log_slope(x) * softplus_log_gap(x) + sigmoid(x) * sigmoid(-x)

    def _eval_rewrite_as_log(self, x, **kwargs):
        return 1 / ((1 + sp.exp(-x)) * sp.log(1 + sp.exp(x))) - 1 / (1 + sp.exp(x))

    def _eval_is_positive(self):
        return self.args[0].is_real


PRIMITIVE_NAMES += ("softplus_log_slope", "softplus_log_gap")
__all__ += ["softplus_log_slope", "softplus_log_gap"]
_NAIVE_LOG += (softplus_log_slope, softplus_log_gap)


# The Beta function of positive arguments given by their logs (a = log x, b = log y): the forms
# a parametrization reaches where x = e^a, y = e^b leave the dtype's range (x = e^-1400 is 0 in
# float64) or where lgamma(x) + lgamma(y) - lgamma(x + y) and its derivatives cancel (x, y ~ e^700,
# each term ~ x log x, the sum of order x; x^2 psi_1(x) + ... ~ e^700 summing to 1/2). The
# derivatives in a are written in the same basis, so a derivative never forms e^a alone:
#   d/da lbeta_exp(a, b) = lbeta_exp_d(a, b) = x (psi(x) - psi(x + y)),
#   d/da lbeta_exp_d(a, b) = lbeta_exp_d(a, b) + lbeta_exp_w(a, b) + lbeta_exp_c(a, b),
#   d/db lbeta_exp_d(a, b) = -lbeta_exp_c(a, b),
# with lbeta_exp_w(a, b) = x^2 psi_1(x) - x (x + y) psi_1(x + y) (-> y / (x + y) for x, y -> 0, ->
# y / (2 (x + y)) for x, y -> inf: the cancelling parts x^2 psi_1(x) ~ x removed inside) and
# lbeta_exp_c(a, b) = x y psi_1(x + y) (symmetric). The third derivatives are not defined: nothing
# differentiates the NLL three times.
def _exp_args(*args):
    return tuple(sp.exp(a) for a in args)


class lbeta_exp(sp.Function):
    """log B(e^a, e^b) = lgamma(e^a) + lgamma(e^b) - lgamma(e^a + e^b)."""

    nargs = 2

    def fdiff(self, argindex=1):
        # e^a (psi(x) - psi(x + y)) = -e^a softplus(b - a) + lbeta_exp_r(a, b): the large part
        # x log(x / phi) is a product with e^a, which a sum collects with the loss's other e^a terms
        # (-e^a log y of the Beta's NLL), and they cancel inside one factor (`collect_exp`).
        a, b = self.args if argindex == 1 else self.args[::-1]
        return -sp.exp(a) * softplus(b - a) + lbeta_exp_r(a, b)

    def _eval_rewrite_as_log(self, a, b, **kwargs):
        x, y = _exp_args(a, b)
        return sp.loggamma(x) + sp.loggamma(y) - sp.loggamma(x + y)


class lbeta_exp_r(sp.Function):
    """e^a (psi(x) - psi(x + y) + softplus(b - a)) = x ((psi(x) - log x) - (psi(phi) - log phi)),
    x = e^a, y = e^b, phi = x + y: bounded (-> -y / phi for x, y -> 0, ~ -y / (2 phi) for x -> inf)."""

    nargs = 2

    def fdiff(self, argindex=1):
        a, b = self.args
        if argindex == 1:
            return lbeta_exp_r(a, b) + lbeta_exp_w(a, b) + lbeta_exp_c(a, b) - sp.exp(a) * sigmoid(b - a)
        return -lbeta_exp_c(a, b) + sp.exp(a) * sigmoid(b - a)

    def _eval_rewrite_as_log(self, a, b, **kwargs):
        x, y = _exp_args(a, b)
        return x * (sp.polygamma(0, x) - sp.polygamma(0, x + y) + sp.log(1 + y / x))


class lbeta_exp_d(sp.Function):
    """e^a (psi(e^a) - psi(e^a + e^b)) = d/da lbeta_exp(a, b), in (-1, 0): -y / (x + y) for x, y -> 0."""

    nargs = 2

    def fdiff(self, argindex=1):
        a, b = self.args
        if argindex == 1:
            return lbeta_exp_d(a, b) + lbeta_exp_w(a, b) + lbeta_exp_c(a, b)
        return -lbeta_exp_c(a, b)

    def _eval_rewrite_as_log(self, a, b, **kwargs):
        x, y = _exp_args(a, b)
        return x * (sp.polygamma(0, x) - sp.polygamma(0, x + y))


class lbeta_exp_w(sp.Function):
    """x^2 psi_1(x) - x (x + y) psi_1(x + y) with x = e^a, y = e^b: positive, bounded by 1."""

    nargs = 2

    def _eval_rewrite_as_log(self, a, b, **kwargs):
        x, y = _exp_args(a, b)
        return x**2 * sp.polygamma(1, x) - x * (x + y) * sp.polygamma(1, x + y)

    def _eval_is_positive(self):
        return (self.args[0].is_real and self.args[1].is_real) or None


class lbeta_exp_c(sp.Function):
    """x y psi_1(x + y) with x = e^a, y = e^b (symmetric: the arguments are kept sorted)."""

    nargs = 2

    @classmethod
    def eval(cls, a, b):
        if sp.default_sort_key(b) < sp.default_sort_key(a):
            return cls(b, a)
        return None

    def _eval_rewrite_as_log(self, a, b, **kwargs):
        x, y = _exp_args(a, b)
        return x * y * sp.polygamma(1, x + y)

    def _eval_is_positive(self):
        return (self.args[0].is_real and self.args[1].is_real) or None


class digamma_diff_exp(sp.Function):
    """psi(e^a) - psi(e^a + e^b) < 0 (the Beta's E[log y] in log arguments). Post-derivation."""

    nargs = 2

    def _eval_rewrite_as_log(self, a, b, **kwargs):
        x, y = _exp_args(a, b)
        return sp.polygamma(0, x) - sp.polygamma(0, x + y)


_LBETA_EXP = (lbeta_exp, lbeta_exp_d, lbeta_exp_r, lbeta_exp_w, lbeta_exp_c, digamma_diff_exp)
PRIMITIVE_NAMES += tuple(f.__name__ for f in _LBETA_EXP)
__all__ += [f.__name__ for f in _LBETA_EXP]
_NAIVE_LOG += _LBETA_EXP


# The odd parts of the log-argument Beta functions, and the pieces of a deviance, for the
# log-coordinate composition of a parametrization (codegen/log_coordinates.py). The two log
# arguments are given by d and l: a = l + log sigmoid(d), b = l + log sigmoid(-d) (so a - b = d,
# e^a + e^b = e^l). With p = sigmoid(d), q = sigmoid(-d), a parametrization's Fisher and gradient
# along d reach q P(a, b) - p P(b, a), odd in d and 0 at d = 0, while each product is of the
# size of P: near d = 0 its relative accuracy needs d itself (a - b of two rounded logs near 700
# has lost it) and the difference taken inside (a divided difference). Post-derivation: nothing
# differentiates them.
def _odd_args(d, l):
    return l - softplus(-d), l - softplus(d)


class lbeta_exp_wo(sp.Function):
    """sigmoid(-d) lbeta_exp_w(a, b) - sigmoid(d) lbeta_exp_w(b, a) = q X(p phi) - p X(q phi),
    X(z) = z^2 psi_1(z), phi = e^l: odd in d, -> (q - p) / 2 for phi -> inf, q - p for phi -> 0."""

    nargs = 2

    def _eval_rewrite_as_log(self, d, l, **kwargs):
        p, q, phi = 1 / (1 + sp.exp(-d)), 1 / (1 + sp.exp(d)), sp.exp(l)
        X = lambda z: z**2 * sp.polygamma(1, z)  # noqa: E731
        return q * X(p * phi) - p * X(q * phi)


class lbeta_exp_ro(sp.Function):
    """sigmoid(-d) lbeta_exp_r(a, b) - sigmoid(d) lbeta_exp_r(b, a) = p q phi (Q(p phi) - Q(q phi)),
    Q(z) = psi(z) - log z, phi = e^l: odd in d, -> (p - q) / 2 for phi -> inf, p - q for phi -> 0."""

    nargs = 2

    def _eval_rewrite_as_log(self, d, l, **kwargs):
        p, q, phi = 1 / (1 + sp.exp(-d)), 1 / (1 + sp.exp(d)), sp.exp(l)
        Q = lambda z: sp.polygamma(0, z) - sp.log(z)  # noqa: E731
        return p * q * phi * (Q(p * phi) - Q(q * phi))


class lbeta_exp_k(sp.Function):
    """lbeta_exp_w(a, b) + lbeta_exp_r(a, b) = K(x) - (x / phi) K(phi), K(z) = z^2 psi_1(z) + z (psi(z) - log z),
    x = e^a, phi = e^a + e^b: the second derivative of lbeta_exp in a without its e^a part (the two terms
    each tend to +-y / phi where their sum is O(x log x) or O(1 / phi))."""

    nargs = 2

    def _eval_rewrite_as_log(self, a, b, **kwargs):
        x, y = _exp_args(a, b)
        K = lambda z: z**2 * sp.polygamma(1, z) + z * (sp.polygamma(0, z) - sp.log(z))  # noqa: E731
        return K(x) - x / (x + y) * K(x + y)


class lbeta_exp_ko(sp.Function):
    """sigmoid(-d) lbeta_exp_k(a, b) - sigmoid(d) lbeta_exp_k(b, a) = q K(p phi) - p K(q phi) (as lbeta_exp_wo)."""

    nargs = 2

    def _eval_rewrite_as_log(self, d, l, **kwargs):
        p, q, phi = 1 / (1 + sp.exp(-d)), 1 / (1 + sp.exp(d)), sp.exp(l)
        K = lambda z: z**2 * sp.polygamma(1, z) + z * (sp.polygamma(0, z) - sp.log(z))  # noqa: E731
        return q * K(p * phi) - p * K(q * phi)


class lbeta_exp_v(sp.Function):
    """lbeta_exp_d(a, b) + lbeta_exp_w(a, b) = Kt(x) - (x / phi) Kt(phi), Kt(z) = z^2 psi_1(z) + z psi(z),
    x = e^a, phi = e^a + e^b: the second derivative of lbeta_exp in a (each term tends to -+1 as x -> 0,
    where the sum is O(x))."""

    nargs = 2

    def _eval_rewrite_as_log(self, a, b, **kwargs):
        x, y = _exp_args(a, b)
        Kt = lambda z: z**2 * sp.polygamma(1, z) + z * sp.polygamma(0, z)  # noqa: E731
        return Kt(x) - x / (x + y) * Kt(x + y)


class lbeta_exp_vo(sp.Function):
    """sigmoid(-d) lbeta_exp_v(a, b) - sigmoid(d) lbeta_exp_v(b, a) = q Kt(p phi) - p Kt(q phi) (as lbeta_exp_wo):
    O(phi^2 d) as phi -> 0, where its parts lbeta_exp_ko and p q phi d cancel."""

    nargs = 2

    def _eval_rewrite_as_log(self, d, l, **kwargs):
        p, q, phi = 1 / (1 + sp.exp(-d)), 1 / (1 + sp.exp(d)), sp.exp(l)
        Kt = lambda z: z**2 * sp.polygamma(1, z) + z * sp.polygamma(0, z)  # noqa: E731
        return q * Kt(p * phi) - p * Kt(q * phi)


class log_sigmoid_ratio(sp.Function):
    """log(sigmoid(x) / v) for v > 0: log1p((sigmoid(x) - v) / v) where the ratio is near 1 (the
    difference of two logs would lose the digits that a deviance's second order needs)."""

    nargs = 2

    def _eval_rewrite_as_log(self, x, v, **kwargs):
        return -sp.log(1 + sp.exp(-x)) - sp.log(v)

    def _eval_is_real(self):
        return self.args[0].is_real and self.args[1].is_positive or None


class log_sigmoid_ratio_c(sp.Function):
    """log(sigmoid(x) / (1 - y)) for y < 1: log1p((y - sigmoid(-x)) / (1 - y)) near the ratio 1, with 1 - y
    and the difference formed in double (a float32 1 - y has already lost what a deviance needs)."""

    nargs = 2

    def _eval_rewrite_as_log(self, x, y, **kwargs):
        return -sp.log(1 + sp.exp(-x)) - sp.log(1 - y)

    def _eval_is_real(self):
        return self.args[0].is_real or None


class exp_deviance(sp.Function):
    """e^a (e^-q - 1 + q) >= 0: the deviance x log(x / M) - x + M of x = e^a, M = e^(a - q) (q = log(x / M)),
    second order in q without the cancellation of its terms."""

    nargs = 2

    def _eval_rewrite_as_log(self, a, q, **kwargs):
        return sp.exp(a) * (sp.exp(-q) - 1 + q)

    def _eval_is_nonnegative(self):
        return (self.args[0].is_real and self.args[1].is_real) or None


_LOG_COORDINATES = (lbeta_exp_wo, lbeta_exp_ro, lbeta_exp_k, lbeta_exp_ko, lbeta_exp_v, lbeta_exp_vo, log_sigmoid_ratio, log_sigmoid_ratio_c,
                    exp_deviance)
PRIMITIVE_NAMES += tuple(f.__name__ for f in _LOG_COORDINATES)
__all__ += [f.__name__ for f in _LOG_COORDINATES]
_NAIVE_LOG += _LOG_COORDINATES
