// generated from the device math library by codegen/backends/cuda/templates/cuda/natloss_math.cuh.jinja, do not edit; run `natloss build`.
//
// natloss device math: special functions used by the generated CUDA kernels.
// Every function comes as a double and a float overload (__device__
// __forceinline__); the float overloads use only float literals and float
// math.  Accuracy targets, verified on the host against SciPy/mpmath by
// tests/test_cuda_device_math.py: ~1e-15 relative in double, ~1e-6 in float.
// Domain of the psi functions: x > 0 (x == 0 gives the limit, x < 0 or NaN
// gives NaN).  No system header is included: NVRTC provides the math builtins.
#pragma once

// ---------------------------------------------------------------------------
// nl_softplus(x) = log(1 + exp(x)).
// Method: x > 0: x + log1p(exp(-x)); otherwise log1p(exp(x)).  exp never
// overflows and log1p keeps full relative accuracy where the value is tiny.
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_softplus(double x)
{
    return x > 0.0 ? x + log1p(exp(-x)) : log1p(exp(x));
}

__device__ __forceinline__ float nl_softplus(float x)
{
    return x > 0.0f ? x + log1pf(expf(-x)) : log1pf(expf(x));
}

// ---------------------------------------------------------------------------
// nl_sigmoid(x) = 1 / (1 + exp(-x)).
// Method: x >= 0: 1 / (1 + exp(-x)); otherwise e / (1 + e) with e = exp(x),
// so exp never overflows and the left tail keeps full relative accuracy.
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_sigmoid(double x)
{
    if (x >= 0.0) {
        return 1.0 / (1.0 + exp(-x));
    }
    const double e = exp(x);
    return e / (1.0 + e);
}

__device__ __forceinline__ float nl_sigmoid(float x)
{
    if (x >= 0.0f) {
        return 1.0f / (1.0f + expf(-x));
    }
    const float e = expf(x);
    return e / (1.0f + e);
}

// ---------------------------------------------------------------------------
// nl_log_sigmoid(x) = log(sigmoid(x)) = -softplus(-x).
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_log_sigmoid(double x)
{
    return -nl_softplus(-x);
}

__device__ __forceinline__ float nl_log_sigmoid(float x)
{
    return -nl_softplus(-x);
}

// ---------------------------------------------------------------------------
// nl_log1mexp(x) = log(1 - exp(x)) for x < 0.
// Method (Maechler 2012): x > -ln 2: log(-expm1(x)); otherwise log1p(-exp(x)).
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_log1mexp(double x)
{
    return x > -0.6931471805599453 ? log(-expm1(x)) : log1p(-exp(x));
}

__device__ __forceinline__ float nl_log1mexp(float x)
{
    return x > -0.6931472f ? logf(-expm1f(x)) : log1pf(-expf(x));
}

// ---------------------------------------------------------------------------
// nl_log1pmx(x) = log(1 + x) - x for x > -1; the difference cancels for small |x|.
// Method: for -1/2 < x < 1, with t = x / (2 + x) (|t| <= 1/3), log1p(x) = 2 atanh(t) and
// x - 2t = t x, so log1p(x) - x = -t x + 2 t^3 (1/3 + t^2/5 + t^4/7 + ...): both parts have
// the sign of -x^2, no cancellation; t^2 <= 1/9, so 16 terms (double) and 7 (float) leave
// less than 1e-17 / 1e-8. Elsewhere log1p(x) - x loses at most a factor 4.
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_log1pmx(double x)
{
    if (!(x > -0.5 && x < 1.0)) {
        return log1p(x) - x;
    }
    const double t = x / (2.0 + x);
    const double t2 = t * t;
    double s = 1.0 / 33.0;
    s = fma(s, t2, 1.0 / 31.0);
    s = fma(s, t2, 1.0 / 29.0);
    s = fma(s, t2, 1.0 / 27.0);
    s = fma(s, t2, 1.0 / 25.0);
    s = fma(s, t2, 1.0 / 23.0);
    s = fma(s, t2, 1.0 / 21.0);
    s = fma(s, t2, 1.0 / 19.0);
    s = fma(s, t2, 1.0 / 17.0);
    s = fma(s, t2, 1.0 / 15.0);
    s = fma(s, t2, 1.0 / 13.0);
    s = fma(s, t2, 1.0 / 11.0);
    s = fma(s, t2, 1.0 / 9.0);
    s = fma(s, t2, 1.0 / 7.0);
    s = fma(s, t2, 1.0 / 5.0);
    s = fma(s, t2, 1.0 / 3.0);
    return fma(-t, x, 2.0 * t * t2 * s);
}
__device__ __forceinline__ float nl_log1pmx(float x)
{
    if (!(x > -0.5f && x < 1.0f)) {
        return log1pf(x) - x;
    }
    const float t = x / (2.0f + x);
    const float t2 = t * t;
    float s = 1.0f / 15.0f;
    s = fmaf(s, t2, 1.0f / 13.0f);
    s = fmaf(s, t2, 1.0f / 11.0f);
    s = fmaf(s, t2, 1.0f / 9.0f);
    s = fmaf(s, t2, 1.0f / 7.0f);
    s = fmaf(s, t2, 1.0f / 5.0f);
    s = fmaf(s, t2, 1.0f / 3.0f);
    return fmaf(-t, x, 2.0f * t * t2 * s);
}

// nl_log1mexp_plus_exp(a) = log(1 - exp(a)) + exp(a) for a < 0: nl_log1pmx(-exp(a)) below
// -ln 2 (the sum cancels to -exp(2a)/2), the plain sum above (exp(a) may round to 1 there).
__device__ __forceinline__ double nl_log1mexp_plus_exp(double x)
{
    return x < -0.6931471805599453 ? nl_log1pmx(-exp(x)) : nl_log1mexp(x) + exp(x);
}

__device__ __forceinline__ float nl_log1mexp_plus_exp(float x)
{
    return x < -0.6931472f ? nl_log1pmx(-expf(x)) : nl_log1mexp(x) + expf(x);
}

// nl_log1mexp_scaled(x) = log(1 - exp(x)) exp(-x) and nl_log1mexp_plus_exp_scaled(x) =
// (log(1 - exp(x)) + exp(x)) exp(-2x) for x < 0: below p = exp(x) = 1e-4 their series in p
// (-1 - p/2 - p^2/3 - ..., -1/2 - p/3 - p^2/4 - ...; < 2e-21 left), where the unscaled values
// ~ -p and ~ -p^2/2 underflow; above, the unscaled value over p or p^2 (no under- or overflow).
__device__ __forceinline__ double nl_log1mexp_scaled(double x)
{
    const double p = exp(x);
    if (p < 1e-4) {
        return -(1.0 + p * (0.5 + p * (1.0 / 3.0 + p * (0.25 + p * 0.2))));
    }
    return nl_log1mexp(x) / p;
}

__device__ __forceinline__ double nl_log1mexp_plus_exp_scaled(double x)
{
    const double p = exp(x);
    if (p < 1e-4) {
        return -(0.5 + p * (1.0 / 3.0 + p * (0.25 + p * (0.2 + p / 6.0))));
    }
    return nl_log1mexp_plus_exp(x) / (p * p);
}
__device__ __forceinline__ float nl_log1mexp_scaled(float x)
{
    const float p = expf(x);
    if (p < 1e-4f) {
        return -(1.0f + p * (0.5f + p * (1.0f / 3.0f + p * (0.25f + p * 0.2f))));
    }
    return nl_log1mexp(x) / p;
}

__device__ __forceinline__ float nl_log1mexp_plus_exp_scaled(float x)
{
    const float p = expf(x);
    if (p < 1e-4f) {
        return -(0.5f + p * (1.0f / 3.0f + p * (0.25f + p * (0.2f + p / 6.0f))));
    }
    return nl_log1mexp_plus_exp(x) / (p * p);
}

// ---------------------------------------------------------------------------
// nl_exp_neg_abs(x) = exp(-|x|), the exponential a softplus/sigmoid pair of x and -x shares;
// nl_sigmoid_e(x, e) = sigmoid(x) given e = exp(-|x|): (x >= 0 ? 1 : e) / (1 + e).
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_exp_neg_abs(double x)
{
    return exp(-fabs(x));
}

__device__ __forceinline__ float nl_exp_neg_abs(float x)
{
    return expf(-fabsf(x));
}

__device__ __forceinline__ double nl_sigmoid_e(double x, double e)
{
    return (x >= 0.0 ? 1.0 : e) / (1.0 + e);
}

__device__ __forceinline__ float nl_sigmoid_e(float x, float e)
{
    return (x >= 0.0f ? 1.0f : e) / (1.0f + e);
}

// nl_sigmoid_lincomb(x, s, a, b) = a sigmoid(x) + b sigmoid(-x) given s = sigmoid(-|x|):
// a + (b - a) s for x >= 0, b + (a - b) s below (the small s is added last); for |x| < 1,
// (a + b) / 2 + (a - b) / 2 tanh(x / 2), which does not cancel at a = -b (n / 2 = y, x ~ 0).
__device__ __forceinline__ double nl_sigmoid_lincomb(double x, double s, double a, double b)
{
    if (fabs(x) < 1.0) {
        return 0.5 * (a + b) + 0.5 * (a - b) * tanh(0.5 * x);
    }
    return x >= 0.0 ? a + (b - a) * s : b + (a - b) * s;
}

__device__ __forceinline__ float nl_sigmoid_lincomb(float x, float s, float a, float b)
{
    if (fabsf(x) < 1.0f) {
        return 0.5f * (a + b) + 0.5f * (a - b) * tanhf(0.5f * x);
    }
    return x >= 0.0f ? a + (b - a) * s : b + (a - b) * s;
}

// ---------------------------------------------------------------------------
// Internal helpers (nl_detail_*): not part of the printer's vocabulary.
// ---------------------------------------------------------------------------
// psi_1(x), asymptotic series, used for x >= 10 (double) / x >= 5 (float):
//   psi_1(x) ~ 1/x + 1/(2x^2) + sum_{k>=1} B_2k / x^(2k+1)
// truncated after B_22 (double) / B_14 (float); truncation < 1e-18 / 1e-10.
__device__ __forceinline__ double nl_detail_trigamma_asym(double x)
{
    const double t = 1.0 / x;
    const double t2 = t * t;
    double s;
    s = 854513.0 / 138.0;
    s = fma(s, t2, -174611.0 / 330.0);
    s = fma(s, t2, 43867.0 / 798.0);
    s = fma(s, t2, -3617.0 / 510.0);
    s = fma(s, t2, 7.0 / 6.0);
    s = fma(s, t2, -691.0 / 2730.0);
    s = fma(s, t2, 5.0 / 66.0);
    s = fma(s, t2, -1.0 / 30.0);
    s = fma(s, t2, 1.0 / 42.0);
    s = fma(s, t2, -1.0 / 30.0);
    s = fma(s, t2, 1.0 / 6.0);
    return t + t2 * fma(t, s, 0.5);
}

__device__ __forceinline__ float nl_detail_trigamma_asym(float x)
{
    const float t = 1.0f / x;
    const float t2 = t * t;
    float s;
    s = 7.0f / 6.0f;
    s = fmaf(s, t2, -691.0f / 2730.0f);
    s = fmaf(s, t2, 5.0f / 66.0f);
    s = fmaf(s, t2, -1.0f / 30.0f);
    s = fmaf(s, t2, 1.0f / 42.0f);
    s = fmaf(s, t2, -1.0f / 30.0f);
    s = fmaf(s, t2, 1.0f / 6.0f);
    return t + t2 * fmaf(t, s, 0.5f);
}

// psi_1(x) for x > 0: recurrence psi_1(x) = psi_1(x + 1) + 1/x^2 up to the
// asymptotic range.  All terms are positive, so no cancellation; 1/x^2 is
// formed as (1/x)*(1/x) so tiny x does not go through a subnormal x*x.
__device__ __forceinline__ double nl_detail_trigamma_pos(double x)
{
    double acc = 0.0;
    while (x < 10.0) {
        const double r = 1.0 / x;
        acc = fma(r, r, acc);
        x += 1.0;
    }
    return acc + nl_detail_trigamma_asym(x);
}

__device__ __forceinline__ float nl_detail_trigamma_pos(float x)
{
    float acc = 0.0f;
    while (x < 5.0f) {
        const float r = 1.0f / x;
        acc = fmaf(r, r, acc);
        x += 1.0f;
    }
    return acc + nl_detail_trigamma_asym(x);
}

// ---------------------------------------------------------------------------
// nl_digamma(x) = psi(x) for x > 0.
// Method:
//  * |x - x0| < 0.4 (double) / 0.5 (float) around the positive root
//    x0 = 1.4616321449683623: Taylor series
//    psi(x) = sum_{k>=1} (-1)^(k+1) zeta(k+1, x0) (x - x0)^k
//    (30 terms in double, 17 in float; truncation < 2e-17 / 1e-8 relative),
//    with x - x0 formed exactly from a two-term split of x0, so the result
//    keeps full RELATIVE accuracy at the root;
//  * otherwise recurrence psi(x) = psi(x + 1) - 1/x up to x >= 10 (double) /
//    x >= 6 (float), then psi(x) ~ log x - 1/(2x) - sum_k B_2k / (2k x^2k).
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_digamma(double x)
{
    if (!(x > 0.0)) {
        return x == 0.0 ? -1.0 / fabs(x) : nan("");
    }
    const double dz = (x - 1.4616321449683622) - 9.549995429965697e-17;
    if (fabs(dz) < 0.4) {
        double p;
        p = -7.762817668462094e-06;
        p = fma(p, dz, 1.134638458466385e-05);
        p = fma(p, dz, -1.6584242271854135e-05);
        p = fma(p, dz, 2.424006611860132e-05);
        p = fma(p, dz, -3.5430070947659604e-05);
        p = fma(p, dz, 5.178575795222081e-05);
        p = fma(p, dz, -7.569179582195066e-05);
        p = fma(p, dz, 0.0001106337276874741);
        p = fma(p, dz, -0.00016170622091974803);
        p = fma(p, dz, 0.00023635601564027053);
        p = fma(p, dz, -0.0003454680251063077);
        p = fma(p, dz, 0.000504953265834602);
        p = fma(p, dz, -0.0007380709389960052);
        p = fma(p, dz, 0.0010788252019162967);
        p = fma(p, dz, -0.0015769367714301972);
        p = fma(p, dz, 0.002305126326734928);
        p = fma(p, dz, -0.003369801655439328);
        p = fma(p, dz, 0.004926781395729853);
        p = fma(p, dz, -0.007204534386356869);
        p = fma(p, dz, 0.010538791616612175);
        p = fma(p, dz, -0.01542476590494896);
        p = fma(p, dz, 0.022597648232218104);
        p = fma(p, dz, -0.03316112647484736);
        p = fma(p, dz, 0.04880428816414311);
        p = fma(p, dz, -0.07219956125645471);
        p = fma(p, dz, 0.10782405069126237);
        p = fma(p, dz, -0.16394270544240652);
        p = fma(p, dz, 0.258499760955651);
        p = fma(p, dz, -0.4427631689835921);
        p = fma(p, dz, 0.9676722454476212);
        return p * dz;
    }
    double acc = 0.0;
    while (x < 10.0) {
        acc -= 1.0 / x;
        x += 1.0;
    }
    const double t = 1.0 / x;
    const double t2 = t * t;
    double s;
    s = -3617.0 / 8160.0;
    s = fma(s, t2, 1.0 / 12.0);
    s = fma(s, t2, -691.0 / 32760.0);
    s = fma(s, t2, 1.0 / 132.0);
    s = fma(s, t2, -1.0 / 240.0);
    s = fma(s, t2, 1.0 / 252.0);
    s = fma(s, t2, -1.0 / 120.0);
    s = fma(s, t2, 1.0 / 12.0);
    return acc + ((log(x) - 0.5 * t) - t2 * s);
}

__device__ __forceinline__ float nl_digamma(float x)
{
    if (!(x > 0.0f)) {
        return x == 0.0f ? -1.0f / fabsf(x) : nanf("");
    }
    const float dz = (x - 1.4616321f) - 1.243815e-08f;
    if (fabsf(dz) < 0.5f) {
        float p;
        p = 0.0010788252f;
        p = fmaf(p, dz, -0.0015769368f);
        p = fmaf(p, dz, 0.0023051263f);
        p = fmaf(p, dz, -0.0033698017f);
        p = fmaf(p, dz, 0.004926781f);
        p = fmaf(p, dz, -0.0072045345f);
        p = fmaf(p, dz, 0.010538791f);
        p = fmaf(p, dz, -0.015424766f);
        p = fmaf(p, dz, 0.022597648f);
        p = fmaf(p, dz, -0.033161126f);
        p = fmaf(p, dz, 0.048804287f);
        p = fmaf(p, dz, -0.07219956f);
        p = fmaf(p, dz, 0.10782405f);
        p = fmaf(p, dz, -0.16394271f);
        p = fmaf(p, dz, 0.25849977f);
        p = fmaf(p, dz, -0.44276318f);
        p = fmaf(p, dz, 0.9676722f);
        return p * dz;
    }
    float acc = 0.0f;
    while (x < 6.0f) {
        acc -= 1.0f / x;
        x += 1.0f;
    }
    const float t = 1.0f / x;
    const float t2 = t * t;
    float s;
    s = 1.0f / 132.0f;
    s = fmaf(s, t2, -1.0f / 240.0f);
    s = fmaf(s, t2, 1.0f / 252.0f);
    s = fmaf(s, t2, -1.0f / 120.0f);
    s = fmaf(s, t2, 1.0f / 12.0f);
    return acc + ((logf(x) - 0.5f * t) - t2 * s);
}

// ---------------------------------------------------------------------------
// nl_trigamma(x) = psi_1(x) = d^2/dx^2 log Gamma(x) for x > 0.
// Method: recurrence psi_1(x) = psi_1(x + 1) + 1/x^2 up to x >= 10 (double) /
// x >= 5 (float), then the asymptotic series of nl_detail_trigamma_asym.
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_trigamma(double x)
{
    if (!(x > 0.0)) {
        return x == 0.0 ? 1.0 / (x * x) : nan("");
    }
    return nl_detail_trigamma_pos(x);
}

__device__ __forceinline__ float nl_trigamma(float x)
{
    if (!(x > 0.0f)) {
        return x == 0.0f ? 1.0f / (x * x) : nanf("");
    }
    return nl_detail_trigamma_pos(x);
}

// ---------------------------------------------------------------------------
// nl_xtrigamma_m1(x) = f(x) = x * psi_1(x) - 1 for x > 0 (f(x) -> 1/(2x) as
// x -> oo, so the direct formula loses all digits for large x).
// Method:
//  * x >= 10 (double) / x >= 5 (float): the asymptotic series, free of
//    cancellation:  f(x) ~ 1/(2x) + sum_{k>=1} B_2k / x^(2k)
//    = 1/(2x) + 1/(6x^2) - 1/(30x^4) + 1/(42x^6) - 1/(30x^8) + 5/(66x^10) - ...
//  * below: with y = x + n in the asymptotic range, run the recurrences
//        f(z) = f(z + 1) + (1/z - psi_1(z + 1)),  psi_1(z) = psi_1(z + 1) + 1/z^2
//    downwards from z = y - 1 to z = x, starting from f(y) (series above) and
//    psi_1(y) = (1 + f(y)) / y.  Each increment 1/z - psi_1(z+1) ~ 1/(2z^2)
//    is small next to f(z) ~ 1/(2z), so its own cancellation costs only a few
//    ulps of f, whereas fma(x, psi_1(x), -1) would lose up to a factor 20.
//    For tiny x the last increment, ~1/x, dominates: no overflow, no
//    cancellation.
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_xtrigamma_m1(double x)
{
    if (!(x > 0.0)) {
        return x == 0.0 ? 1.0 / fabs(x) : nan("");
    }
    const int n = x >= 10.0 ? 0 : (int)ceil(10.0 - x);
    const double y = x + (double)n;
    const double t = 1.0 / y;
    const double t2 = t * t;
    double s;
    s = 854513.0 / 138.0;
    s = fma(s, t2, -174611.0 / 330.0);
    s = fma(s, t2, 43867.0 / 798.0);
    s = fma(s, t2, -3617.0 / 510.0);
    s = fma(s, t2, 7.0 / 6.0);
    s = fma(s, t2, -691.0 / 2730.0);
    s = fma(s, t2, 5.0 / 66.0);
    s = fma(s, t2, -1.0 / 30.0);
    s = fma(s, t2, 1.0 / 42.0);
    s = fma(s, t2, -1.0 / 30.0);
    s = fma(s, t2, 1.0 / 6.0);
    double f = t * fma(t, s, 0.5);
    double p = fma(t, f, t);
    for (int k = n - 1; k >= 0; --k) {
        const double r = 1.0 / (x + (double)k);
        f += r - p;
        p = fma(r, r, p);
    }
    return f;
}

__device__ __forceinline__ float nl_xtrigamma_m1(float x)
{
    if (!(x > 0.0f)) {
        return x == 0.0f ? 1.0f / fabsf(x) : nanf("");
    }
    const int n = x >= 5.0f ? 0 : (int)ceilf(5.0f - x);
    const float y = x + (float)n;
    const float t = 1.0f / y;
    const float t2 = t * t;
    float s;
    s = 7.0f / 6.0f;
    s = fmaf(s, t2, -691.0f / 2730.0f);
    s = fmaf(s, t2, 5.0f / 66.0f);
    s = fmaf(s, t2, -1.0f / 30.0f);
    s = fmaf(s, t2, 1.0f / 42.0f);
    s = fmaf(s, t2, -1.0f / 30.0f);
    s = fmaf(s, t2, 1.0f / 6.0f);
    float f = t * fmaf(t, s, 0.5f);
    float p = fmaf(t, f, t);
    for (int k = n - 1; k >= 0; --k) {
        const float r = 1.0f / (x + (float)k);
        f += r - p;
        p = fmaf(r, r, p);
    }
    return f;
}

// ---------------------------------------------------------------------------
// nl_digamma_diff(x, h) = psi(x + h) - psi(x) > 0 and
// nl_trigamma_diff(x, h) = psi_1(x) - psi_1(x + h) > 0, for x > 0, h >= 0.
// The direct differences cancel when h << x (the Beta's psi(b) - psi(a + b) with
// b << a).  Method, every term positive:
//  * recurrence up to x >= 10 (double) / 5 (float), with u = x + j, v = u + h:
//        psi(v) - psi(u) = (h / v) / u + [psi(v + 1) - psi(u + 1)],
//        psi_1(u) - psi_1(v) = (h / v) / u * (1/u + 1/v) + [psi_1(u + 1) - psi_1(v + 1)];
//  * then the asymptotic series term by term: log(x + h) - log(x) = log1p(h / x) and
//    x^-n - (x + h)^-n = (h / (x + h)) x^-n (1 + w + ... + w^(n-1)), w = x / (x + h)
//    (same truncation as nl_digamma / nl_detail_trigamma_asym).
// x == 0 gives +inf (h > 0), outside the domain NaN.
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_digamma_diff(double x, double h)
{
    if (!(x > 0.0) || !(h >= 0.0)) {
        return (x == 0.0 && h > 0.0) ? 1.0 / fabs(x) : nan("");
    }
    double acc = 0.0;
    while (x < 10.0) {
        acc += (h / (x + h)) / x;
        x += 1.0;
    }
    const double t = 1.0 / x;
    const double w = x / (x + h);
    double s = 1.0;
    double p = t;
    double series;
    series = 0.5 * p;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(1.0 / 12.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(-1.0 / 120.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(1.0 / 252.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(-1.0 / 240.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(1.0 / 132.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(-691.0 / 32760.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(1.0 / 12.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(-3617.0 / 8160.0 * p, s, series);
    return acc + fma(h / (x + h), series, log1p(h / x));
}

__device__ __forceinline__ double nl_trigamma_diff(double x, double h)
{
    if (!(x > 0.0) || !(h >= 0.0)) {
        return (x == 0.0 && h > 0.0) ? 1.0 / fabs(x) : nan("");
    }
    double acc = 0.0;
    while (x < 10.0) {
        const double r = 1.0 / x;
        const double v = x + h;
        acc = fma(h / v * r, r + 1.0 / v, acc);
        x += 1.0;
    }
    const double t = 1.0 / x;
    const double w = x / (x + h);
    double s = 1.0;
    double p = t;
    double series;
    series = 1.0 * p;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(0.5 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(1.0 / 6.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(-1.0 / 30.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(1.0 / 42.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(-1.0 / 30.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(5.0 / 66.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(-691.0 / 2730.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(7.0 / 6.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(-3617.0 / 510.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(43867.0 / 798.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(-174611.0 / 330.0 * p, s, series);
    s = fma(w, s, 1.0);
    p *= t;
    s = fma(w, s, 1.0);
    p *= t;
    series = fma(854513.0 / 138.0 * p, s, series);
    return fma(h / (x + h), series, acc);
}

__device__ __forceinline__ float nl_digamma_diff(float x, float h)
{
    if (!(x > 0.0f) || !(h >= 0.0f)) {
        return (x == 0.0f && h > 0.0f) ? 1.0f / fabsf(x) : nanf("");
    }
    float acc = 0.0f;
    while (x < 5.0f) {
        acc += (h / (x + h)) / x;
        x += 1.0f;
    }
    const float t = 1.0f / x;
    const float w = x / (x + h);
    float s = 1.0f;
    float p = t;
    float series;
    series = 0.5f * p;
    s = fmaf(w, s, 1.0f);
    p *= t;
    series = fmaf(1.0f / 12.0f * p, s, series);
    s = fmaf(w, s, 1.0f);
    p *= t;
    s = fmaf(w, s, 1.0f);
    p *= t;
    series = fmaf(-1.0f / 120.0f * p, s, series);
    s = fmaf(w, s, 1.0f);
    p *= t;
    s = fmaf(w, s, 1.0f);
    p *= t;
    series = fmaf(1.0f / 252.0f * p, s, series);
    s = fmaf(w, s, 1.0f);
    p *= t;
    s = fmaf(w, s, 1.0f);
    p *= t;
    series = fmaf(-1.0f / 240.0f * p, s, series);
    s = fmaf(w, s, 1.0f);
    p *= t;
    s = fmaf(w, s, 1.0f);
    p *= t;
    series = fmaf(1.0f / 132.0f * p, s, series);
    return acc + fmaf(h / (x + h), series, log1pf(h / x));
}

__device__ __forceinline__ float nl_trigamma_diff(float x, float h)
{
    if (!(x > 0.0f) || !(h >= 0.0f)) {
        return (x == 0.0f && h > 0.0f) ? 1.0f / fabsf(x) : nanf("");
    }
    float acc = 0.0f;
    while (x < 5.0f) {
        const float r = 1.0f / x;
        const float v = x + h;
        acc = fmaf(h / v * r, r + 1.0f / v, acc);
        x += 1.0f;
    }
    const float t = 1.0f / x;
    const float w = x / (x + h);
    float s = 1.0f;
    float p = t;
    float series;
    series = 1.0f * p;
    s = fmaf(w, s, 1.0f);
    p *= t;
    series = fmaf(0.5f * p, s, series);
    s = fmaf(w, s, 1.0f);
    p *= t;
    series = fmaf(1.0f / 6.0f * p, s, series);
    s = fmaf(w, s, 1.0f);
    p *= t;
    s = fmaf(w, s, 1.0f);
    p *= t;
    series = fmaf(-1.0f / 30.0f * p, s, series);
    s = fmaf(w, s, 1.0f);
    p *= t;
    s = fmaf(w, s, 1.0f);
    p *= t;
    series = fmaf(1.0f / 42.0f * p, s, series);
    s = fmaf(w, s, 1.0f);
    p *= t;
    s = fmaf(w, s, 1.0f);
    p *= t;
    series = fmaf(-1.0f / 30.0f * p, s, series);
    s = fmaf(w, s, 1.0f);
    p *= t;
    s = fmaf(w, s, 1.0f);
    p *= t;
    series = fmaf(5.0f / 66.0f * p, s, series);
    s = fmaf(w, s, 1.0f);
    p *= t;
    s = fmaf(w, s, 1.0f);
    p *= t;
    series = fmaf(-691.0f / 2730.0f * p, s, series);
    s = fmaf(w, s, 1.0f);
    p *= t;
    s = fmaf(w, s, 1.0f);
    p *= t;
    series = fmaf(7.0f / 6.0f * p, s, series);
    return fmaf(h / (x + h), series, acc);
}

// ---------------------------------------------------------------------------
// nl_trigamma_det(a, b) = psi_1(a) psi_1(b) - psi_1(s) (psi_1(a) + psi_1(b)) > 0,
// s = a + b, for a, b > 0: the Beta's Fisher determinant.
// Method:
//  * min(a, b) < 5: nl_trigamma_diff(a, b) nl_trigamma_diff(b, a) - psi_1(s)^2,
//    which cancels by at most ~2 min(a, b) <= 10;
//  * above, with q(x) = x nl_xtrigamma_m1(x) in (1/2, 1):
//        det = (q(a) + q(b) - q(s) + R) / (a b s),
//        R = s q(a) q(b) / (a b) - q(s) (q(a) b / a + q(b) a / b) / s ~ 1/(2s),
//    q(a) + q(b) - q(s) > 1/2 a sum of positives (q decreases), R's own
//    cancellation small next to it (s / (a b) <= 2 / min(a, b)).
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_trigamma_det(double a, double b)
{
    const double s = a + b;
    if (fmin(a, b) < 5.0) {
        const double p = nl_trigamma(s);
        return nl_trigamma_diff(a, b) * nl_trigamma_diff(b, a) - p * p;
    }
    const double qa = a * nl_xtrigamma_m1(a);
    const double qb = b * nl_xtrigamma_m1(b);
    const double qs = s * nl_xtrigamma_m1(s);
    const double rest = s * qa * qb / (a * b) - qs * (qa * (b / a) + qb * (a / b)) / s;
    return ((qa + (qb - qs)) + rest) / a / b / s;
}

__device__ __forceinline__ float nl_trigamma_det(float a, float b)
{
    const float s = a + b;
    if (fminf(a, b) < 5.0f) {
        const float p = nl_trigamma(s);
        return nl_trigamma_diff(a, b) * nl_trigamma_diff(b, a) - p * p;
    }
    const float qa = a * nl_xtrigamma_m1(a);
    const float qb = b * nl_xtrigamma_m1(b);
    const float qs = s * nl_xtrigamma_m1(s);
    const float rest = s * qa * qb / (a * b) - qs * (qa * (b / a) + qb * (a / b)) / s;
    return ((qa + (qb - qs)) + rest) / a / b / s;
}

// ---------------------------------------------------------------------------
// nl_lgamma(x) = log|Gamma(x)|: forwards to the CUDA builtin lgamma / lgammaf
// (so that the printer only ever emits nl_* names).
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_lgamma(double x)
{
    return lgamma(x);
}

__device__ __forceinline__ float nl_lgamma(float x)
{
    return lgammaf(x);
}

// ---------------------------------------------------------------------------
// Loader's (2000) saddle-point pieces of a Poisson or Gamma NLL, which the direct
// lgamma(y + 1) + m - y log m loses to cancellation near y = m:
//  * nl_log_factorial_saddle(x) = lgamma(x + 1) - x log x + x for x >= 0 (0 at 0):
//    below x = 8 the direct form (it cancels by at most a factor 9; for x < 1 its
//    error is absolute, lgamma rounds 1 + x); above, stirlerr(x) ~
//    sum_k B_2k / (2k (2k - 1) x^(2k - 1)) plus log(2 pi x) / 2,
//    two positive terms (the truncation is below 1e-17 / 1e-10 of the result).
//  * nl_bd0(y, m) = y log(y / m) + m - y >= 0 for y >= 0, m > 0 (m at y = 0):
//    where |y - m| < 0.1 (y + m), with v = (y - m) / (y + m),
//        bd0 = (y - m) v + 2 y (v^3 / 3 + v^5 / 5 + ...),
//    the rest below 7% of the leading term; elsewhere the direct form, with
//    log y - log m where the ratio y / m leaves the normal range.
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_log_factorial_saddle(double x)
{
    if (x < 8.0) {
        if (!(x > 0.0)) {
            return x == 0.0 ? 0.0 : nan("");
        }
        return lgamma(x + 1.0) - x * log(x) + x;
    }
    const double t = 1.0 / x;
    const double t2 = t * t;
    double s;
    s = 43867.0 / 244188.0;
    s = fma(s, t2, -3617.0 / 122400.0);
    s = fma(s, t2, 1.0 / 156.0);
    s = fma(s, t2, -691.0 / 360360.0);
    s = fma(s, t2, 1.0 / 1188.0);
    s = fma(s, t2, -1.0 / 1680.0);
    s = fma(s, t2, 1.0 / 1260.0);
    s = fma(s, t2, -1.0 / 360.0);
    s = fma(s, t2, 1.0 / 12.0);
    return fma(s, t, 0.91893853320467274 + 0.5 * log(x));
}

__device__ __forceinline__ double nl_bd0(double y, double m)
{
    const double d = y - m;
    const double s = y + m;
    if (fabs(d) < 0.1 * s) {
        const double v = d / s;
        const double v2 = v * v;
        double p;
        p = 1.0 / 19.0;
        p = fma(p, v2, 1.0 / 17.0);
        p = fma(p, v2, 1.0 / 15.0);
        p = fma(p, v2, 1.0 / 13.0);
        p = fma(p, v2, 1.0 / 11.0);
        p = fma(p, v2, 1.0 / 9.0);
        p = fma(p, v2, 1.0 / 7.0);
        p = fma(p, v2, 1.0 / 5.0);
        p = fma(p, v2, 1.0 / 3.0);
        return fma(d, v, 2.0 * y * (v * v2 * p));
    }
    if (!(y > 0.0)) {
        return y == 0.0 ? m : nan("");
    }
    if (m > 1.7976931348623157e308) {
        return m;  // m overflowed (y^2 / 2 at a huge y): bd0 >= m - y is +inf, not -inf + inf
    }
    const double r = y / m;
    const double log_ratio = (r >= 2.2250738585072014e-308 && r <= 1.7976931348623157e308) ? log(r) : log(y) - log(m);
    return fma(y, log_ratio, m - y);
}

// nl_lgamma_diff(x, h) = lgamma(x + h) - lgamma(x) for x > 0, x + h > 0: where both are >= 8,
// (x - 1/2) log1p(h / x) + h log(x + h) - h + stirlerr(x + h) - stirlerr(x) (the direct
// difference cancels to ~h log x for large x); below, the direct form.
__device__ __forceinline__ double nl_lgamma_diff(double x, double h)
{
    const double z = x + h;
    if (!(x >= 8.0 && z >= 8.0)) {
        return lgamma(z) - lgamma(x);
    }
    const double tz = 1.0 / z;
    const double tz2 = tz * tz;
    const double tx = 1.0 / x;
    const double tx2 = tx * tx;
    double sz;
    sz = 43867.0 / 244188.0;
    sz = fma(sz, tz2, -3617.0 / 122400.0);
    sz = fma(sz, tz2, 1.0 / 156.0);
    sz = fma(sz, tz2, -691.0 / 360360.0);
    sz = fma(sz, tz2, 1.0 / 1188.0);
    sz = fma(sz, tz2, -1.0 / 1680.0);
    sz = fma(sz, tz2, 1.0 / 1260.0);
    sz = fma(sz, tz2, -1.0 / 360.0);
    sz = fma(sz, tz2, 1.0 / 12.0);
    double sx;
    sx = 43867.0 / 244188.0;
    sx = fma(sx, tx2, -3617.0 / 122400.0);
    sx = fma(sx, tx2, 1.0 / 156.0);
    sx = fma(sx, tx2, -691.0 / 360360.0);
    sx = fma(sx, tx2, 1.0 / 1188.0);
    sx = fma(sx, tx2, -1.0 / 1680.0);
    sx = fma(sx, tx2, 1.0 / 1260.0);
    sx = fma(sx, tx2, -1.0 / 360.0);
    sx = fma(sx, tx2, 1.0 / 12.0);
    return fma(x - 0.5, log1p(h / x), fma(h, log(z), -h)) + (sz * tz - sx * tx);
}

// bd0 with log m given apart (m a power of the target): where m under- or overflowed, log m.
__device__ __forceinline__ double nl_bd0(double y, double m, double log_m)
{
    if (m >= 2.2250738585072014e-308 && m <= 1.7976931348623157e308) {
        return nl_bd0(y, m);
    }
    if (!(y > 0.0)) {
        return y == 0.0 ? m : nan("");
    }
    return fma(y, log(y) - log_m, exp(log_m) - y);
}

__device__ __forceinline__ float nl_log_factorial_saddle(float x)
{
    if (x < 8.0f) {
        if (!(x > 0.0f)) {
            return x == 0.0f ? 0.0f : nanf("");
        }
        return lgammaf(x + 1.0f) - x * logf(x) + x;
    }
    const float t = 1.0f / x;
    const float t2 = t * t;
    float s;
    s = 1.0f / 1260.0f;
    s = fmaf(s, t2, -1.0f / 360.0f);
    s = fmaf(s, t2, 1.0f / 12.0f);
    return fmaf(s, t, 0.91893853320467274f + 0.5f * logf(x));
}

__device__ __forceinline__ float nl_bd0(float y, float m)
{
    const float d = y - m;
    const float s = y + m;
    if (fabsf(d) < 0.1f * s) {
        const float v = d / s;
        const float v2 = v * v;
        float p;
        p = 1.0f / 9.0f;
        p = fmaf(p, v2, 1.0f / 7.0f);
        p = fmaf(p, v2, 1.0f / 5.0f);
        p = fmaf(p, v2, 1.0f / 3.0f);
        return fmaf(d, v, 2.0f * y * (v * v2 * p));
    }
    if (!(y > 0.0f)) {
        return y == 0.0f ? m : nanf("");
    }
    if (m > 3.40282347e38f) {
        return m;  // m overflowed (y^2 / 2 at a huge y): bd0 >= m - y is +inf, not -inf + inf
    }
    const float r = y / m;
    const float log_ratio = (r >= 1.17549435e-38f && r <= 3.40282347e38f) ? logf(r) : logf(y) - logf(m);
    return fmaf(y, log_ratio, m - y);
}

// nl_lgamma_diff(x, h) = lgamma(x + h) - lgamma(x) for x > 0, x + h > 0: where both are >= 8,
// (x - 1/2) log1p(h / x) + h log(x + h) - h + stirlerr(x + h) - stirlerr(x) (the direct
// difference cancels to ~h log x for large x); below, the direct form.
__device__ __forceinline__ float nl_lgamma_diff(float x, float h)
{
    const float z = x + h;
    if (!(x >= 8.0f && z >= 8.0f)) {
        return lgammaf(z) - lgammaf(x);
    }
    const float tz = 1.0f / z;
    const float tz2 = tz * tz;
    const float tx = 1.0f / x;
    const float tx2 = tx * tx;
    float sz;
    sz = 1.0f / 1260.0f;
    sz = fmaf(sz, tz2, -1.0f / 360.0f);
    sz = fmaf(sz, tz2, 1.0f / 12.0f);
    float sx;
    sx = 1.0f / 1260.0f;
    sx = fmaf(sx, tx2, -1.0f / 360.0f);
    sx = fmaf(sx, tx2, 1.0f / 12.0f);
    return fmaf(x - 0.5f, log1pf(h / x), fmaf(h, logf(z), -h)) + (sz * tz - sx * tx);
}

// bd0 with log m given apart (m a power of the target): where m under- or overflowed, log m.
__device__ __forceinline__ float nl_bd0(float y, float m, float log_m)
{
    if (m >= 1.17549435e-38f && m <= 3.40282347e38f) {
        return nl_bd0(y, m);
    }
    if (!(y > 0.0f)) {
        return y == 0.0f ? m : nanf("");
    }
    return fmaf(y, logf(y) - log_m, expf(log_m) - y);
}

// ---------------------------------------------------------------------------
// nl_erf(x), nl_erfc(x): the CUDA builtins (so that the printer only emits nl_* names).
// nl_log_ndtr(x) = log Phi(x), Phi the standard normal CDF:
//   x >= 0: log1p(-erfc(x / sqrt 2) / 2), the small complement kept apart;
//   x < 0:  log(erfcx(-x / sqrt 2) / 2) - x^2 / 2 with the scaled erfcx, so that
//           nothing underflows in the left tail (Phi(-40) ~ 1e-350).
// nl_ndtr_mills(x) = phi(x) / Phi(x), its derivative: sqrt(2/pi) / erfcx(-x / sqrt 2) for x <= 0;
//   phi(x) / (1 - erfc(x / sqrt 2) / 2) above, with x^2 split exactly (fma) before the exp.
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_erf(double x)
{
    return erf(x);
}

__device__ __forceinline__ double nl_erfc(double x)
{
    return erfc(x);
}

__device__ __forceinline__ double nl_log_ndtr(double x)
{
    const double z = 0.70710678118654752 * x;
    if (x >= 0.0) {
        return log1p(-0.5 * erfc(z));
    }
    return log(0.5 * erfcx(-z)) - z * z;
}

__device__ __forceinline__ double nl_ndtr_mills(double x)
{
    if (x > 0.0) {
        // phi(x) with x^2 = h + e exact (fma), since exp(-x^2/2) amplifies a rounded x^2 by x^2 / 2
        const double h = x * x;
        const double e = fma(x, x, -h);
        const double phi = 0.39894228040143268 * exp(-0.5 * h) * (1.0 - 0.5 * e);
        return phi / (1.0 - 0.5 * erfc(0.70710678118654752 * x));
    }
    return 0.79788456080286536 / erfcx(-0.70710678118654752 * x);
}

__device__ __forceinline__ float nl_erf(float x)
{
    return erff(x);
}

__device__ __forceinline__ float nl_erfc(float x)
{
    return erfcf(x);
}

__device__ __forceinline__ float nl_log_ndtr(float x)
{
    const float z = 0.70710678118654752f * x;
    if (x >= 0.0f) {
        return log1pf(-0.5f * erfcf(z));
    }
    return logf(0.5f * erfcxf(-z)) - z * z;
}

__device__ __forceinline__ float nl_ndtr_mills(float x)
{
    if (x > 0.0f) {
        // phi(x) with x^2 = h + e exact (fma), since exp(-x^2/2) amplifies a rounded x^2 by x^2 / 2
        const float h = x * x;
        const float e = fmaf(x, x, -h);
        const float phi = 0.39894228040143268f * expf(-0.5f * h) * (1.0f - 0.5f * e);
        return phi / (1.0f - 0.5f * erfcf(0.70710678118654752f * x));
    }
    return 0.79788456080286536f / erfcxf(-0.70710678118654752f * x);
}

// ---------------------------------------------------------------------------
// nl_polygamma(n, x) = psi^(n)(x) for an integer n >= 0 and x > 0 (n = 0, 1: nl_digamma,
// nl_trigamma).  For n >= 2, psi^(n)(x) = (-1)^(n+1) n! zeta(n + 1, x):
// recurrence zeta(s, x) = x^-s + zeta(s, x + 1) up to x >= 10 + n (double) / 6 + n (float),
// then Euler-Maclaurin: n! zeta(n+1, x) ~ (n-1)!/x^n + n!/(2 x^(n+1))
//     + sum_j B_2j (2j + n - 1)! / ((2j)! x^(2j + n)),  all terms formed as ratios of factorials.
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_polygamma(int n, double x)
{
    if (n == 0) {
        return nl_digamma(x);
    }
    if (n == 1) {
        return nl_trigamma(x);
    }
    if (!(x > 0.0)) {
        return x == 0.0 ? (n % 2 == 1 ? 1.0 : -1.0) / fabs(x) : nan("");
    }
    double factorial = 1.0;  // n!
    for (int k = 2; k <= n; ++k) {
        factorial *= (double)k;
    }
    double acc = 0.0;
    while (x < 10.0 + (double)n) {
        acc += factorial * pow(x, -(double)(n + 1));
        x += 1.0;
    }
    const double t = 1.0 / x;
    const double t2 = t * t;
    const double head = pow(x, -(double)n);  // x^-n
    // (n - 1)! / x^n + n! / (2 x^(n+1))
    double series = factorial / (double)n * head + 0.5 * factorial * head * t;
    // term_j = B_2j (2j + n - 1)! / ((2j)! x^(2j + n)); ratio of the factorial parts:
    // (2j + n - 1)! / (2j)! = prev * (2j + n - 2) (2j + n - 1) / ((2j - 1) (2j))
    double part = factorial / (double)n * head;  // (n - 1)! / x^n, the j = 0 factorial part
    const double bern[11] = { 1.0 / 6.0, -1.0 / 30.0, 1.0 / 42.0, -1.0 / 30.0, 5.0 / 66.0, -691.0 / 2730.0, 7.0 / 6.0, -3617.0 / 510.0, 43867.0 / 798.0, -174611.0 / 330.0, 854513.0 / 138.0 };
    for (int j = 1; j <= 11; ++j) {
        const double a = (double)(2 * j + n - 2);
        const double b = (double)(2 * j + n - 1);
        part *= a * b / ((double)(2 * j - 1) * (double)(2 * j)) * t2;
        series += bern[j - 1] * part;
    }
    const double value = acc + series;
    return n % 2 == 1 ? value : -value;
}

__device__ __forceinline__ float nl_polygamma(int n, float x)
{
    if (n == 0) {
        return nl_digamma(x);
    }
    if (n == 1) {
        return nl_trigamma(x);
    }
    if (!(x > 0.0f)) {
        return x == 0.0f ? (n % 2 == 1 ? 1.0f : -1.0f) / fabsf(x) : nanf("");
    }
    float factorial = 1.0f;  // n!
    for (int k = 2; k <= n; ++k) {
        factorial *= (float)k;
    }
    float acc = 0.0f;
    while (x < 6.0f + (float)n) {
        acc += factorial * powf(x, -(float)(n + 1));
        x += 1.0f;
    }
    const float t = 1.0f / x;
    const float t2 = t * t;
    const float head = powf(x, -(float)n);  // x^-n
    // (n - 1)! / x^n + n! / (2 x^(n+1))
    float series = factorial / (float)n * head + 0.5f * factorial * head * t;
    // term_j = B_2j (2j + n - 1)! / ((2j)! x^(2j + n)); ratio of the factorial parts:
    // (2j + n - 1)! / (2j)! = prev * (2j + n - 2) (2j + n - 1) / ((2j - 1) (2j))
    float part = factorial / (float)n * head;  // (n - 1)! / x^n, the j = 0 factorial part
    const float bern[7] = { 1.0f / 6.0f, -1.0f / 30.0f, 1.0f / 42.0f, -1.0f / 30.0f, 5.0f / 66.0f, -691.0f / 2730.0f, 7.0f / 6.0f };
    for (int j = 1; j <= 7; ++j) {
        const float a = (float)(2 * j + n - 2);
        const float b = (float)(2 * j + n - 1);
        part *= a * b / ((float)(2 * j - 1) * (float)(2 * j)) * t2;
        series += bern[j - 1] * part;
    }
    const float value = acc + series;
    return n % 2 == 1 ? value : -value;
}

// ---------------------------------------------------------------------------
// Modified Bessel functions I_nu, constant order nu >= 0 (accurate for nu <= 4), x >= 0:
//  * nl_log_besseli(nu, x) = log I_nu(x);
//  * nl_bessel_ratio(nu, x) = R = I_{nu+1}(x) / I_nu(x) in [0, 1);
//  * nl_bessel_ratio_deriv(nu, x) = R' = 1 - R^2 - (2 nu + 1) R / x > 0.
// No Bessel function is formed, so nothing overflows.  Method:
//  * x < 20 (double) / 12 (float): the power series, every term positive:
//        I_nu(x) = (x/2)^nu S_nu(q) / Gamma(nu + 1),  S_nu = sum_k q^k / (k! (nu + 1)_k),  q = x^2 / 4;
//    log I_nu = nu log(x/2) - lgamma(nu + 1) + log1p(S_nu - 1) (log1p: log I_0(x) ~ x^2/4 at tiny x),
//    R = x S_{nu+1} / ((2 nu + 2) S_nu), and R' = M(q) / S_nu^2 with
//        M(q) = sum_k m_k q^k,  m_0 = 1 / (2 nu + 2),
//        m_k / m_{k-1} = 2 (2k + 2 nu - 1) / (k (k + 2 nu + 1) (k + nu + 1))
//    (Gamma(nu+1)^2 (I_nu^2 - I_{nu+1}^2 - (2 nu + 1) I_nu I_{nu+1} / x) / (x/2)^(2 nu)),
//    positive terms where the direct form of R' cancels by a factor 2 x^2;
//  * above, Hankel's expansion P_nu(t) = I_nu(x) e^-x sqrt(2 pi x) ~ sum_k (-1)^k a_k(nu) t^k,
//    t = 1/x, a_k = a_{k-1} (4 nu^2 - (2k - 1)^2) / (8k), summed up to its smallest term:
//    log I_nu = x - log(2 pi x)/2 + log1p(P_nu - 1), R = P_{nu+1} / P_nu, and with
//    Q_nu = dP_nu/dt = sum_k k (-1)^k a_k t^(k-1):  R' = t^2 (P_{nu+1} Q_nu - Q_{nu+1} P_nu) / P_nu^2,
//    whose leading terms differ by nu + 1/2 (no cancellation growing with x).
// ---------------------------------------------------------------------------
// S_nu(q) - 1 = sum_{k >= 1} q^k / (k! (nu + 1)_k)
__device__ __forceinline__ double nl_detail_bessel_tail(double nu, double q)
{
    double term = 1.0;
    double total = 0.0;
    for (int k = 1; k <= 200; ++k) {
        const double kk = (double)k;
        term *= q / (kk * (kk + nu));
        total += term;
        if (term <= 1e-17 * total) {
            break;
        }
    }
    return total;
}

// Hankel's P_nu(t) - 1 and Q_nu(t) = sum_k k (-1)^k a_k(nu) t^(k-1), up to the smallest term of P.
__device__ __forceinline__ void nl_detail_hankel(double nu, double t, double& p_m1, double& q)
{
    const double mu = 4.0 * nu * nu;
    double a = 1.0;  // (-1)^k a_k t^(k-1)
    double coeff = 1.0;  // (-1)^k a_k
    double power = 1.0;  // t^(k-1)
    double last = 1e30;
    p_m1 = 0.0;
    q = 0.0;
    for (int k = 1; k <= 60; ++k) {
        const double kk = (double)k;
        const double odd = 2.0 * kk - 1.0;
        coeff *= -(mu - odd * odd) / (8.0 * kk);
        a = coeff * power;  // (-1)^k a_k t^(k-1)
        const double term = a * t;  // its term of P
        if (fabs(term) >= last) {
            break;  // the asymptotic series starts to grow: stop at its smallest term
        }
        last = fabs(term);
        p_m1 += term;
        q += kk * a;
        power *= t;
        if (last == 0.0) {
            break;
        }
    }
}

__device__ __forceinline__ double nl_log_besseli(double nu, double x)
{
    if (!(x >= 0.0)) {
        return nan("");
    }
    if (x < 20.0) {
        const double tail = log1p(nl_detail_bessel_tail(nu, 0.25 * x * x));
        if (nu == 0.0) {
            return tail;
        }
        return (nu * log(0.5 * x) - lgamma(nu + 1.0)) + tail;
    }
    if (x > 1e30) {
        return x;  // log(2 pi x) / 2 is below an ulp of x
    }
    double p_m1, q;
    nl_detail_hankel(nu, 1.0 / x, p_m1, q);
    return (x - 0.5 * log(6.2831853071795865 * x)) + log1p(p_m1);
}

__device__ __forceinline__ double nl_bessel_ratio(double nu, double x)
{
    if (!(x >= 0.0)) {
        return nan("");
    }
    if (x < 20.0) {
        const double q = 0.25 * x * x;
        const double upper = 1.0 + nl_detail_bessel_tail(nu + 1.0, q);
        const double lower = 1.0 + nl_detail_bessel_tail(nu, q);
        return x / (2.0 * nu + 2.0) * (upper / lower);
    }
    double p0, q0, p1, q1;
    const double t = 1.0 / x;
    nl_detail_hankel(nu, t, p0, q0);
    nl_detail_hankel(nu + 1.0, t, p1, q1);
    return (1.0 + p1) / (1.0 + p0);
}

__device__ __forceinline__ double nl_bessel_ratio_deriv(double nu, double x)
{
    if (!(x >= 0.0)) {
        return nan("");
    }
    if (x < 20.0) {
        const double q = 0.25 * x * x;
        double term = 1.0 / (2.0 * nu + 2.0);
        double total = term;
        for (int k = 1; k <= 300; ++k) {
            const double kk = (double)k;
            term *= q * (2.0 * (2.0 * kk + 2.0 * nu - 1.0)
                         / (kk * (kk + 2.0 * nu + 1.0) * (kk + nu + 1.0)));
            total += term;
            if (term <= 1e-17 * total) {
                break;
            }
        }
        const double s = 1.0 + nl_detail_bessel_tail(nu, q);
        return total / s / s;
    }
    double p0, q0, p1, q1;
    const double t = 1.0 / x;
    nl_detail_hankel(nu, t, p0, q0);
    nl_detail_hankel(nu + 1.0, t, p1, q1);
    const double lower = 1.0 + p0;
    // P_{nu+1} Q_nu - Q_{nu+1} P_nu = (Q_nu - Q_{nu+1}) + (p1 Q_nu - Q_{nu+1} p0), p = P - 1
    return t * t * ((q0 - q1) + (p1 * q0 - q1 * p0)) / (lower * lower);
}

// S_nu(q) - 1 = sum_{k >= 1} q^k / (k! (nu + 1)_k)
__device__ __forceinline__ float nl_detail_bessel_tail(float nu, float q)
{
    float term = 1.0f;
    float total = 0.0f;
    for (int k = 1; k <= 200; ++k) {
        const float kk = (float)k;
        term *= q / (kk * (kk + nu));
        total += term;
        if (term <= 1e-8f * total) {
            break;
        }
    }
    return total;
}

// Hankel's P_nu(t) - 1 and Q_nu(t) = sum_k k (-1)^k a_k(nu) t^(k-1), up to the smallest term of P.
__device__ __forceinline__ void nl_detail_hankel(float nu, float t, float& p_m1, float& q)
{
    const float mu = 4.0f * nu * nu;
    float a = 1.0f;  // (-1)^k a_k t^(k-1)
    float coeff = 1.0f;  // (-1)^k a_k
    float power = 1.0f;  // t^(k-1)
    float last = 1e30f;
    p_m1 = 0.0f;
    q = 0.0f;
    for (int k = 1; k <= 60; ++k) {
        const float kk = (float)k;
        const float odd = 2.0f * kk - 1.0f;
        coeff *= -(mu - odd * odd) / (8.0f * kk);
        a = coeff * power;  // (-1)^k a_k t^(k-1)
        const float term = a * t;  // its term of P
        if (fabsf(term) >= last) {
            break;  // the asymptotic series starts to grow: stop at its smallest term
        }
        last = fabsf(term);
        p_m1 += term;
        q += kk * a;
        power *= t;
        if (last == 0.0f) {
            break;
        }
    }
}

__device__ __forceinline__ float nl_log_besseli(float nu, float x)
{
    if (!(x >= 0.0f)) {
        return nanf("");
    }
    if (x < 12.0f) {
        const float tail = log1pf(nl_detail_bessel_tail(nu, 0.25f * x * x));
        if (nu == 0.0f) {
            return tail;
        }
        return (nu * logf(0.5f * x) - lgammaf(nu + 1.0f)) + tail;
    }
    if (x > 1e30f) {
        return x;  // log(2 pi x) / 2 is below an ulp of x
    }
    float p_m1, q;
    nl_detail_hankel(nu, 1.0f / x, p_m1, q);
    return (x - 0.5f * logf(6.2831853071795865f * x)) + log1pf(p_m1);
}

__device__ __forceinline__ float nl_bessel_ratio(float nu, float x)
{
    if (!(x >= 0.0f)) {
        return nanf("");
    }
    if (x < 12.0f) {
        const float q = 0.25f * x * x;
        const float upper = 1.0f + nl_detail_bessel_tail(nu + 1.0f, q);
        const float lower = 1.0f + nl_detail_bessel_tail(nu, q);
        return x / (2.0f * nu + 2.0f) * (upper / lower);
    }
    float p0, q0, p1, q1;
    const float t = 1.0f / x;
    nl_detail_hankel(nu, t, p0, q0);
    nl_detail_hankel(nu + 1.0f, t, p1, q1);
    return (1.0f + p1) / (1.0f + p0);
}

__device__ __forceinline__ float nl_bessel_ratio_deriv(float nu, float x)
{
    if (!(x >= 0.0f)) {
        return nanf("");
    }
    if (x < 12.0f) {
        const float q = 0.25f * x * x;
        float term = 1.0f / (2.0f * nu + 2.0f);
        float total = term;
        for (int k = 1; k <= 300; ++k) {
            const float kk = (float)k;
            term *= q * (2.0f * (2.0f * kk + 2.0f * nu - 1.0f)
                         / (kk * (kk + 2.0f * nu + 1.0f) * (kk + nu + 1.0f)));
            total += term;
            if (term <= 1e-8f * total) {
                break;
            }
        }
        const float s = 1.0f + nl_detail_bessel_tail(nu, q);
        return total / s / s;
    }
    float p0, q0, p1, q1;
    const float t = 1.0f / x;
    nl_detail_hankel(nu, t, p0, q0);
    nl_detail_hankel(nu + 1.0f, t, p1, q1);
    const float lower = 1.0f + p0;
    // P_{nu+1} Q_nu - Q_{nu+1} P_nu = (Q_nu - Q_{nu+1}) + (p1 Q_nu - Q_{nu+1} p0), p = P - 1
    return t * t * ((q0 - q1) + (p1 * q0 - q1 * p0)) / (lower * lower);
}

// ---------------------------------------------------------------------------
// nl_bessel_ratio_gap(nu, x) = (x R'(x) - R(x)) / x^3 < 0, R = nl_bessel_ratio: the off-radial part
// of the Fisher of an A(|eta|), finite at x = 0 (-1/8 for nu = 0).  Below x = 2, with q = x^2/4,
//     (x R' - R) / x^3 = (S_nu - S_{nu+1}) / (x^2 S_nu) - (R / x)^2,
//     (S_nu - S_{nu+1}) / x^2 = sum_{k>=1} q^(k-1) / (4 k! (nu + 1)_k) * k / (nu + k + 1),
// two terms of the same size instead of the direct form's x^2 cancellation; above, the direct form.
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_bessel_ratio_gap(double nu, double x)
{
    if (!(x >= 0.0)) {
        return nan("");
    }
    if (x >= 2.0) {
        return (x * nl_bessel_ratio_deriv(nu, x) - nl_bessel_ratio(nu, x)) / (x * x * x);
    }
    const double q = 0.25 * x * x;
    double term = 0.25 / (nu + 1.0);
    double over = term / (nu + 2.0);
    for (int k = 2; k <= 100; ++k) {
        const double kk = (double)k;
        term *= q / (kk * (kk + nu));
        const double add = term * (kk / (nu + kk + 1.0));
        over += add;
        if (add <= 1e-17 * over) {
            break;
        }
    }
    const double s = 1.0 + nl_detail_bessel_tail(nu, q);
    const double r_over_x = (1.0 + nl_detail_bessel_tail(nu + 1.0, q)) / (s * (2.0 * nu + 2.0));
    return over / s - r_over_x * r_over_x;
}

__device__ __forceinline__ float nl_bessel_ratio_gap(float nu, float x)
{
    if (!(x >= 0.0f)) {
        return nanf("");
    }
    if (x >= 2.0f) {
        return (x * nl_bessel_ratio_deriv(nu, x) - nl_bessel_ratio(nu, x)) / (x * x * x);
    }
    const float q = 0.25f * x * x;
    float term = 0.25f / (nu + 1.0f);
    float over = term / (nu + 2.0f);
    for (int k = 2; k <= 100; ++k) {
        const float kk = (float)k;
        term *= q / (kk * (kk + nu));
        const float add = term * (kk / (nu + kk + 1.0f));
        over += add;
        if (add <= 1e-8f * over) {
            break;
        }
    }
    const float s = 1.0f + nl_detail_bessel_tail(nu, q);
    const float r_over_x = (1.0f + nl_detail_bessel_tail(nu + 1.0f, q)) / (s * (2.0f * nu + 2.0f));
    return over / s - r_over_x * r_over_x;
}

// ---------------------------------------------------------------------------
// The parametrizations' link primitives (codegen/parametrize.py; NumPy: runtime/numpy_math.py).
// nl_times_square(x, g) = x g^2 as (x g) g: each product moves toward the result, so neither
//   over- nor underflows where x g^2 does not (g^2 alone does at |g| > 1.3e154).
// nl_mul_exact_zero(a, v) = a v, exactly 0 where v == 0 (an entry a that overflowed to inf
//   times a zero component: the exact term is 0, not NaN).
// nl_inv_exprel(x) = x / expm1(x): 1 at 0; above 1, x e^-x / (1 - e^-x) (expm1 would overflow
//   at 710 while the value is still 3e-306).
// nl_inv_exprel_slope(x) = (x e^x - expm1(x)) / expm1(x)^2 = -(d/dx) x / expm1(x): below
//   |x| = 1/2 the series sum_{k>=2} (k-1)/k! x^(k-2) over exprel(x)^2 (the difference cancels
//   there); above 1, ((x - 1) e^-x + e^-2x) / expm1(-x)^2 (no overflow); the direct form between.
// nl_mills_shift(x) = x + phi(x) / Phi(x) > 0: below -2.5 Laplace's continued fraction
//   1 / (t + 2 / (t + 3 / (t + ...))), t = -x (100 terms, 1e-16), where the sum cancels;
//   above, x + nl_ndtr_mills(x).
// nl_softplus_log_slope(x) = sigmoid(x) / softplus(x) = d/dx log softplus(x): below -20
//   (t = e^x < 2.1e-9) the series 1 - t/2 + 5t^2/12, where both underflow far enough down.
// nl_softplus_log_gap(x) = sigmoid(x) / softplus(x) - sigmoid(-x) > 0: below -20 the series
//   t/2 - 7t^2/12; up to 0, -log1pmx(t) sigmoid(-x) / softplus(x) (the difference of two numbers
//   near 1 cancels); above 0 the difference (it loses at most a factor 4 there).
// ---------------------------------------------------------------------------
__device__ __forceinline__ double nl_times_square(double x, double g)
{
    return (x * g) * g;
}

__device__ __forceinline__ double nl_mul_exact_zero(double a, double v)
{
    return v == 0.0 ? 0.0 * v : a * v;
}

__device__ __forceinline__ double nl_inv_exprel(double x)
{
    if (x == 0.0) {
        return 1.0;
    }
    if (x > 1.0) {
        return x * exp(-x) / -expm1(-x);
    }
    return x / expm1(x);
}

__device__ __forceinline__ double nl_inv_exprel_slope(double x)
{
    if (fabs(x) < 0.5) {
        double s;
        s = 16.0 / 355687428096000.0;
        s = fma(s, x, 15.0 / 20922789888000.0);
        s = fma(s, x, 14.0 / 1307674368000.0);
        s = fma(s, x, 13.0 / 87178291200.0);
        s = fma(s, x, 12.0 / 6227020800.0);
        s = fma(s, x, 11.0 / 479001600.0);
        s = fma(s, x, 10.0 / 39916800.0);
        s = fma(s, x, 9.0 / 3628800.0);
        s = fma(s, x, 8.0 / 362880.0);
        s = fma(s, x, 7.0 / 40320.0);
        s = fma(s, x, 6.0 / 5040.0);
        s = fma(s, x, 5.0 / 720.0);
        s = fma(s, x, 4.0 / 120.0);
        s = fma(s, x, 3.0 / 24.0);
        s = fma(s, x, 2.0 / 6.0);
        s = fma(s, x, 1.0 / 2.0);
        const double r = x == 0.0 ? 1.0 : expm1(x) / x;  // exprel(x)
        return s / (r * r);
    }
    if (x > 1.0) {
        const double e = exp(-x);
        const double d = expm1(-x);
        return ((x - 1.0) * e + e * e) / (d * d);
    }
    const double d = expm1(x);
    return (x * exp(x) - d) / (d * d);
}

__device__ __forceinline__ double nl_mills_shift(double x)
{
    if (x < -2.5) {
        const double t = -x;
        double acc = 0.0;
        for (int k = 100; k > 1; --k) {
            acc = (double)k / (t + acc);
        }
        return 1.0 / (t + acc);
    }
    return x + nl_ndtr_mills(x);
}

__device__ __forceinline__ double nl_softplus_log_slope(double x)
{
    if (x < -20.0) {
        const double t = exp(x);
        return 1.0 - t * (0.5 - t * (5.0 / 12.0));
    }
    return nl_sigmoid(x) / nl_softplus(x);
}

__device__ __forceinline__ double nl_softplus_log_gap(double x)
{
    if (x < -20.0) {
        const double t = exp(x);
        return t * (0.5 - t * (7.0 / 12.0));
    }
    if (x <= 0.0) {
        return -nl_log1pmx(exp(x)) * nl_sigmoid(-x) / nl_softplus(x);
    }
    return nl_sigmoid(x) / nl_softplus(x) - nl_sigmoid(-x);
}

__device__ __forceinline__ float nl_times_square(float x, float g)
{
    return (x * g) * g;
}

__device__ __forceinline__ float nl_mul_exact_zero(float a, float v)
{
    return v == 0.0f ? 0.0f * v : a * v;
}

__device__ __forceinline__ float nl_inv_exprel(float x)
{
    if (x == 0.0f) {
        return 1.0f;
    }
    if (x > 1.0f) {
        return x * expf(-x) / -expm1f(-x);
    }
    return x / expm1f(x);
}

__device__ __forceinline__ float nl_inv_exprel_slope(float x)
{
    if (fabsf(x) < 0.5f) {
        float s;
        s = 9.0f / 3628800.0f;
        s = fmaf(s, x, 8.0f / 362880.0f);
        s = fmaf(s, x, 7.0f / 40320.0f);
        s = fmaf(s, x, 6.0f / 5040.0f);
        s = fmaf(s, x, 5.0f / 720.0f);
        s = fmaf(s, x, 4.0f / 120.0f);
        s = fmaf(s, x, 3.0f / 24.0f);
        s = fmaf(s, x, 2.0f / 6.0f);
        s = fmaf(s, x, 1.0f / 2.0f);
        const float r = x == 0.0f ? 1.0f : expm1f(x) / x;  // exprel(x)
        return s / (r * r);
    }
    if (x > 1.0f) {
        const float e = expf(-x);
        const float d = expm1f(-x);
        return ((x - 1.0f) * e + e * e) / (d * d);
    }
    const float d = expm1f(x);
    return (x * expf(x) - d) / (d * d);
}

__device__ __forceinline__ float nl_mills_shift(float x)
{
    if (x < -2.5f) {
        const float t = -x;
        float acc = 0.0f;
        for (int k = 100; k > 1; --k) {
            acc = (float)k / (t + acc);
        }
        return 1.0f / (t + acc);
    }
    return x + nl_ndtr_mills(x);
}

__device__ __forceinline__ float nl_softplus_log_slope(float x)
{
    if (x < -20.0f) {
        const float t = expf(x);
        return 1.0f - t * (0.5f - t * (5.0f / 12.0f));
    }
    return nl_sigmoid(x) / nl_softplus(x);
}

__device__ __forceinline__ float nl_softplus_log_gap(float x)
{
    if (x < -20.0f) {
        const float t = expf(x);
        return t * (0.5f - t * (7.0f / 12.0f));
    }
    if (x <= 0.0f) {
        return -nl_log1pmx(expf(x)) * nl_sigmoid(-x) / nl_softplus(x);
    }
    return nl_sigmoid(x) / nl_softplus(x) - nl_sigmoid(-x);
}

