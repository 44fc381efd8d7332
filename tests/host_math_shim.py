"""C++ for the host shims that compile natloss_math.cuh with g++: the CUDA math builtins that
<cmath> lacks (erfcx) and the float overloads the header calls by their C names."""

HOST_MATH_EXTRA = r"""
using ::erff; using ::erfcf; using ::powf;
// erfcx, a CUDA builtin that libm lacks: exp(x^2) erfc(x) in long double (64-bit mantissa),
// and its asymptotic series where erfc(x) underflows.
static inline double erfcx(double x)
{
    if (x < 25.0) {
        const long double v = x;
        return static_cast<double>(expl(v * v) * erfcl(v));
    }
    const double r = 1.0 / (2.0 * x * x);
    return 0.56418958354775628 / x * (1.0 - r * (1.0 - 3.0 * r * (1.0 - 5.0 * r * (1.0 - 7.0 * r))));
}
static inline float erfcxf(float x) { return static_cast<float>(erfcx(static_cast<double>(x))); }
"""
