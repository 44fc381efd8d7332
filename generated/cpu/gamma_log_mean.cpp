// generated from codegen/parametrizations/gamma.py by codegen/backends/cpu/templates/family.cpp.jinja, do not edit; run `natloss build`.
// GammaLogMeanNegativeLogProbLoss: the gamma_log_mean family, CPU kernels.
// Structure: dense. Per dtype (float, double): one inline per-case function per op (the
// CUDA backend's, printed by the same printer) and one extern "C" function per op: a loop over
// the n cases, OpenMP-parallel (static schedule) from NL_PARALLEL_MIN cases on, and `omp simd`
// (it vectorizes where the per-case code allows: libm calls through libmvec, selects for branches). Masks and the
// weight are folded into the weighted ops (a masked-out case is a select: exactly 0); `scale`
// is the weight (or its square root) and `scale_array`, when not null, a per-case one instead.
// nll_reduce writes *total = weight * sum of mask * nll, summed in double over fixed chunks.
#include "natloss_cpu.h"

// ============================================================================= double

static inline __attribute__((always_inline)) void gamma_log_mean_nll_case_f64(
    const double P_log_mean,
    const double H_shape,
    const double y,
    double& nll)
{
    const double t0 = log(y);
    const double t1 = log(H_shape);
    const double t2 = -P_log_mean;
    nll = t0 - t1 + nl_bd0(H_shape, H_shape*y*exp(t2), t0 + t1 + t2) + nl_log_factorial_saddle(H_shape);
}

static inline __attribute__((always_inline)) void gamma_log_mean_grad_case_f64(
    const double P_log_mean,
    const double H_shape,
    const double y,
    double& grad0)
{
    grad0 = H_shape*(-y*exp(-P_log_mean) + 1);
}

static inline __attribute__((always_inline)) void gamma_log_mean_mean_case_f64(
    const double P_log_mean,
    const double H_shape,
    double& mean0,
    double& mean1)
{
    mean0 = P_log_mean - log(H_shape) + nl_digamma(H_shape);
    mean1 = exp(P_log_mean);
}

static inline __attribute__((always_inline)) void gamma_log_mean_fisher_case_f64(
    const double H_shape,
    double& fisher_0_0)
{
    fisher_0_0 = H_shape;
}

static inline __attribute__((always_inline)) void gamma_log_mean_factor_case_f64(
    const double H_shape,
    double& factor_0_0,
    double& factor_0_1)
{
    const double t0 = 1.0/sqrt(nl_trigamma(H_shape));
    factor_0_0 = t0;
    factor_0_1 = t0*sqrt(nl_xtrigamma_m1(H_shape));
}

static inline __attribute__((always_inline)) void gamma_log_mean_fisher_product_case_f64(
    const double fisher_0_0,
    const double v0,
    double& out0)
{
    out0 = fisher_0_0*v0;
}

static inline __attribute__((always_inline)) void gamma_log_mean_factor_product_case_f64(
    const double factor_0_0,
    const double factor_0_1,
    const double u0,
    const double u1,
    double& out0)
{
    out0 = factor_0_0*u0 + factor_0_1*u1;
}

static inline __attribute__((always_inline)) void gamma_log_mean_factor_transpose_product_case_f64(
    const double factor_0_0,
    const double factor_0_1,
    const double v0,
    double& out0,
    double& out1)
{
    out0 = factor_0_0*v0;
    out1 = factor_0_1*v0;
}

static inline __attribute__((always_inline)) void gamma_log_mean_hessian_case_f64(
    const double P_log_mean,
    const double H_shape,
    const double y,
    double& hessian_0_0)
{
    hessian_0_0 = H_shape*y*exp(-P_log_mean);
}

static inline __attribute__((always_inline)) void gamma_log_mean_hessian_product_case_f64(
    const double hessian_0_0,
    const double v0,
    double& out0)
{
    out0 = hessian_0_0*v0;
}

// One chunk's sum for gamma_log_mean_nll_reduce_f64; the flags say whether mask, weight_array and each
// hyper-parameter's array are given (template parameters, so the loop has no conditional load
// and vectorizes).
template <bool NlMask, bool NlWeight, bool NlHyper_H_shape>
static inline double gamma_log_mean_nll_reduce_f64_chunk(
    const long long begin,
    const long long end,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double* __restrict__ weight_array)
{
    double acc = 0.0;
#pragma omp simd reduction(+:acc)
    for (long long i = begin; i < end; ++i) {
        double r_nll;
        gamma_log_mean_nll_case_f64(static_cast<double>(in_P_log_mean[i]), static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), static_cast<double>(in_y[i]), r_nll);
        const double nl_value = NlWeight ? static_cast<double>(weight_array[i]) * static_cast<double>(r_nll) : static_cast<double>(r_nll);
        acc += !NlMask || mask[i] != 0 ? nl_value : 0.0;
    }
    return acc;
}

extern "C" void gamma_log_mean_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double* __restrict__ weight_array,
    const double weight,
    double* __restrict__ total)
{
    const long long chunks = (n + NL_CHUNK - 1) / NL_CHUNK;
    std::vector<double> part(static_cast<size_t>(chunks > 0 ? chunks : 0));
#pragma omp parallel for schedule(static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long c = 0; c < chunks; ++c) {
        const long long begin = c * static_cast<long long>(NL_CHUNK);
        const long long end = std::min(n, begin + static_cast<long long>(NL_CHUNK));
        if (!(mask != nullptr) && !(weight_array != nullptr) && !(in_H_shape != nullptr)) {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f64_chunk<false, false, false>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        } else if (mask != nullptr && !(weight_array != nullptr) && !(in_H_shape != nullptr)) {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f64_chunk<true, false, false>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        } else if (!(mask != nullptr) && weight_array != nullptr && !(in_H_shape != nullptr)) {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f64_chunk<false, true, false>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        } else if (mask != nullptr && weight_array != nullptr && !(in_H_shape != nullptr)) {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f64_chunk<true, true, false>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        } else if (!(mask != nullptr) && !(weight_array != nullptr) && in_H_shape != nullptr) {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f64_chunk<false, false, true>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        } else if (mask != nullptr && !(weight_array != nullptr) && in_H_shape != nullptr) {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f64_chunk<true, false, true>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        } else if (!(mask != nullptr) && weight_array != nullptr && in_H_shape != nullptr) {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f64_chunk<false, true, true>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        } else {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f64_chunk<true, true, true>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        }
    }
    double sum = 0.0;
    for (long long c = 0; c < chunks; ++c) {
        sum += part[static_cast<size_t>(c)];
    }
    *total = weight * sum;
}

// The loop of gamma_log_mean_nll_f64, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_nll_f64_loop(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_nll;
        gamma_log_mean_nll_case_f64(static_cast<double>(in_P_log_mean[i]), static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), static_cast<double>(in_y[i]), r_nll);
        out_nll[i] = static_cast<double>(r_nll);
    }
}

extern "C" void gamma_log_mean_nll_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_nll_f64_loop<false>(n, in_P_log_mean, in_H_shape, H_shape_value, in_y, out_nll);
    } else {
        gamma_log_mean_nll_f64_loop<true>(n, in_P_log_mean, in_H_shape, H_shape_value, in_y, out_nll);
    }
}

// The loop of gamma_log_mean_grad_f64, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_grad_f64_loop(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_grad0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_grad0;
        gamma_log_mean_grad_case_f64(static_cast<double>(in_P_log_mean[i]), static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), static_cast<double>(in_y[i]), r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_grad0[i] = nl_keep ? static_cast<double>(r_grad0 * nl_scale) : double(0);
    }
}

extern "C" void gamma_log_mean_grad_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_grad0)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_grad_f64_loop<false>(n, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, scale_array, scale, out_grad0);
    } else {
        gamma_log_mean_grad_f64_loop<true>(n, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, scale_array, scale, out_grad0);
    }
}

// The loop of gamma_log_mean_mean_f64, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_mean_f64_loop(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    double* __restrict__ out_mean0,
    double* __restrict__ out_mean1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_mean0;
        double r_mean1;
        gamma_log_mean_mean_case_f64(static_cast<double>(in_P_log_mean[i]), static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), r_mean0, r_mean1);
        out_mean0[i] = static_cast<double>(r_mean0);
        out_mean1[i] = static_cast<double>(r_mean1);
    }
}

extern "C" void gamma_log_mean_mean_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    double* __restrict__ out_mean0,
    double* __restrict__ out_mean1)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_mean_f64_loop<false>(n, in_P_log_mean, in_H_shape, H_shape_value, out_mean0, out_mean1);
    } else {
        gamma_log_mean_mean_f64_loop<true>(n, in_P_log_mean, in_H_shape, H_shape_value, out_mean0, out_mean1);
    }
}

// The loop of gamma_log_mean_fisher_f64, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_fisher_f64_loop(
    const long long n,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    double* __restrict__ out_fisher_0_0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_fisher_0_0;
        gamma_log_mean_fisher_case_f64(static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), r_fisher_0_0);
        out_fisher_0_0[i] = static_cast<double>(r_fisher_0_0);
    }
}

extern "C" void gamma_log_mean_fisher_f64(
    const long long n,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    double* __restrict__ out_fisher_0_0)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_fisher_f64_loop<false>(n, in_H_shape, H_shape_value, out_fisher_0_0);
    } else {
        gamma_log_mean_fisher_f64_loop<true>(n, in_H_shape, H_shape_value, out_fisher_0_0);
    }
}

// The loop of gamma_log_mean_factor_f64, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_factor_f64_loop(
    const long long n,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    double* __restrict__ out_factor_0_0,
    double* __restrict__ out_factor_0_1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_factor_0_0;
        double r_factor_0_1;
        gamma_log_mean_factor_case_f64(static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), r_factor_0_0, r_factor_0_1);
        out_factor_0_0[i] = static_cast<double>(r_factor_0_0);
        out_factor_0_1[i] = static_cast<double>(r_factor_0_1);
    }
}

extern "C" void gamma_log_mean_factor_f64(
    const long long n,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    double* __restrict__ out_factor_0_0,
    double* __restrict__ out_factor_0_1)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_factor_f64_loop<false>(n, in_H_shape, H_shape_value, out_factor_0_0, out_factor_0_1);
    } else {
        gamma_log_mean_factor_f64_loop<true>(n, in_H_shape, H_shape_value, out_factor_0_0, out_factor_0_1);
    }
}

// The loop of gamma_log_mean_fisher_product_f64, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_fisher_product_f64_loop(
    const long long n,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double nl_e_fisher_0_0;
        gamma_log_mean_fisher_case_f64(static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), nl_e_fisher_0_0);
        double r_out0;
        gamma_log_mean_fisher_product_case_f64(nl_e_fisher_0_0, static_cast<double>(in_v0[i]), r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out0[i] = nl_keep ? static_cast<double>(r_out0 * nl_scale) : double(0);
    }
}

extern "C" void gamma_log_mean_fisher_product_f64(
    const long long n,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out0)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_fisher_product_f64_loop<false>(n, in_H_shape, H_shape_value, in_v0, mask, scale_array, scale, out_out0);
    } else {
        gamma_log_mean_fisher_product_f64_loop<true>(n, in_H_shape, H_shape_value, in_v0, mask, scale_array, scale, out_out0);
    }
}

// The loop of gamma_log_mean_factor_product_f64, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_factor_product_f64_loop(
    const long long n,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_u,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double nl_e_factor_0_0;
        double nl_e_factor_0_1;
        gamma_log_mean_factor_case_f64(static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), nl_e_factor_0_0, nl_e_factor_0_1);
        double r_out0;
        gamma_log_mean_factor_product_case_f64(nl_e_factor_0_0, nl_e_factor_0_1, static_cast<double>(in_u[i * 2 + 0]), static_cast<double>(in_u[i * 2 + 1]), r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out0[i] = nl_keep ? static_cast<double>(r_out0 * nl_scale) : double(0);
    }
}

extern "C" void gamma_log_mean_factor_product_f64(
    const long long n,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_u,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out0)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_factor_product_f64_loop<false>(n, in_H_shape, H_shape_value, in_u, mask, scale_array, scale, out_out0);
    } else {
        gamma_log_mean_factor_product_f64_loop<true>(n, in_H_shape, H_shape_value, in_u, mask, scale_array, scale, out_out0);
    }
}

// The loop of gamma_log_mean_factor_transpose_product_f64, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_factor_transpose_product_f64_loop(
    const long long n,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double nl_e_factor_0_0;
        double nl_e_factor_0_1;
        gamma_log_mean_factor_case_f64(static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), nl_e_factor_0_0, nl_e_factor_0_1);
        double r_out0;
        double r_out1;
        gamma_log_mean_factor_transpose_product_case_f64(nl_e_factor_0_0, nl_e_factor_0_1, static_cast<double>(in_v0[i]), r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out[i * 2 + 0] = nl_keep ? static_cast<double>(r_out0 * nl_scale) : double(0);
        out_out[i * 2 + 1] = nl_keep ? static_cast<double>(r_out1 * nl_scale) : double(0);
    }
}

extern "C" void gamma_log_mean_factor_transpose_product_f64(
    const long long n,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_factor_transpose_product_f64_loop<false>(n, in_H_shape, H_shape_value, in_v0, mask, scale_array, scale, out_out);
    } else {
        gamma_log_mean_factor_transpose_product_f64_loop<true>(n, in_H_shape, H_shape_value, in_v0, mask, scale_array, scale, out_out);
    }
}

// The loop of gamma_log_mean_hessian_f64, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_hessian_f64_loop(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_y,
    double* __restrict__ out_hessian_0_0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_hessian_0_0;
        gamma_log_mean_hessian_case_f64(static_cast<double>(in_P_log_mean[i]), static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), static_cast<double>(in_y[i]), r_hessian_0_0);
        out_hessian_0_0[i] = static_cast<double>(r_hessian_0_0);
    }
}

extern "C" void gamma_log_mean_hessian_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_y,
    double* __restrict__ out_hessian_0_0)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_hessian_f64_loop<false>(n, in_P_log_mean, in_H_shape, H_shape_value, in_y, out_hessian_0_0);
    } else {
        gamma_log_mean_hessian_f64_loop<true>(n, in_P_log_mean, in_H_shape, H_shape_value, in_y, out_hessian_0_0);
    }
}

extern "C" void gamma_log_mean_hessian_product_f64(
    const long long n,
    const double* __restrict__ in_hessian_0_0,
    const double* __restrict__ in_v0,
    double* __restrict__ out_out0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_out0;
        gamma_log_mean_hessian_product_case_f64(static_cast<double>(in_hessian_0_0[i]), static_cast<double>(in_v0[i]), r_out0);
        out_out0[i] = static_cast<double>(r_out0);
    }
}

// ============================================================================= float

// One chunk's sum for gamma_log_mean_nll_reduce_f32; the flags say whether mask, weight_array and each
// hyper-parameter's array are given (template parameters, so the loop has no conditional load
// and vectorizes).
template <bool NlMask, bool NlWeight, bool NlHyper_H_shape>
static inline double gamma_log_mean_nll_reduce_f32_chunk(
    const long long begin,
    const long long end,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float* __restrict__ weight_array)
{
    double acc = 0.0;
#pragma omp simd reduction(+:acc)
    for (long long i = begin; i < end; ++i) {
        double r_nll;
        gamma_log_mean_nll_case_f64(static_cast<double>(in_P_log_mean[i]), static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), static_cast<double>(in_y[i]), r_nll);
        const double nl_value = NlWeight ? static_cast<double>(weight_array[i]) * static_cast<double>(r_nll) : static_cast<double>(r_nll);
        acc += !NlMask || mask[i] != 0 ? nl_value : 0.0;
    }
    return acc;
}

extern "C" void gamma_log_mean_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float* __restrict__ weight_array,
    const double weight,
    double* __restrict__ total)
{
    const long long chunks = (n + NL_CHUNK - 1) / NL_CHUNK;
    std::vector<double> part(static_cast<size_t>(chunks > 0 ? chunks : 0));
#pragma omp parallel for schedule(static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long c = 0; c < chunks; ++c) {
        const long long begin = c * static_cast<long long>(NL_CHUNK);
        const long long end = std::min(n, begin + static_cast<long long>(NL_CHUNK));
        if (!(mask != nullptr) && !(weight_array != nullptr) && !(in_H_shape != nullptr)) {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f32_chunk<false, false, false>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        } else if (mask != nullptr && !(weight_array != nullptr) && !(in_H_shape != nullptr)) {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f32_chunk<true, false, false>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        } else if (!(mask != nullptr) && weight_array != nullptr && !(in_H_shape != nullptr)) {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f32_chunk<false, true, false>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        } else if (mask != nullptr && weight_array != nullptr && !(in_H_shape != nullptr)) {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f32_chunk<true, true, false>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        } else if (!(mask != nullptr) && !(weight_array != nullptr) && in_H_shape != nullptr) {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f32_chunk<false, false, true>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        } else if (mask != nullptr && !(weight_array != nullptr) && in_H_shape != nullptr) {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f32_chunk<true, false, true>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        } else if (!(mask != nullptr) && weight_array != nullptr && in_H_shape != nullptr) {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f32_chunk<false, true, true>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        } else {
            part[static_cast<size_t>(c)] = gamma_log_mean_nll_reduce_f32_chunk<true, true, true>(begin, end, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, weight_array);
        }
    }
    double sum = 0.0;
    for (long long c = 0; c < chunks; ++c) {
        sum += part[static_cast<size_t>(c)];
    }
    *total = weight * sum;
}

// The loop of gamma_log_mean_nll_f32, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_nll_f32_loop(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_nll;
        gamma_log_mean_nll_case_f64(static_cast<double>(in_P_log_mean[i]), static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), static_cast<double>(in_y[i]), r_nll);
        out_nll[i] = static_cast<float>(r_nll);
    }
}

extern "C" void gamma_log_mean_nll_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_nll_f32_loop<false>(n, in_P_log_mean, in_H_shape, H_shape_value, in_y, out_nll);
    } else {
        gamma_log_mean_nll_f32_loop<true>(n, in_P_log_mean, in_H_shape, H_shape_value, in_y, out_nll);
    }
}

// The loop of gamma_log_mean_grad_f32, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_grad_f32_loop(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_grad0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_grad0;
        gamma_log_mean_grad_case_f64(static_cast<double>(in_P_log_mean[i]), static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), static_cast<double>(in_y[i]), r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_grad0[i] = nl_keep ? static_cast<float>(r_grad0 * nl_scale) : float(0);
    }
}

extern "C" void gamma_log_mean_grad_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_grad0)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_grad_f32_loop<false>(n, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, scale_array, scale, out_grad0);
    } else {
        gamma_log_mean_grad_f32_loop<true>(n, in_P_log_mean, in_H_shape, H_shape_value, in_y, mask, scale_array, scale, out_grad0);
    }
}

// The loop of gamma_log_mean_mean_f32, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_mean_f32_loop(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    float* __restrict__ out_mean0,
    float* __restrict__ out_mean1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_mean0;
        double r_mean1;
        gamma_log_mean_mean_case_f64(static_cast<double>(in_P_log_mean[i]), static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), r_mean0, r_mean1);
        out_mean0[i] = static_cast<float>(r_mean0);
        out_mean1[i] = static_cast<float>(r_mean1);
    }
}

extern "C" void gamma_log_mean_mean_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    float* __restrict__ out_mean0,
    float* __restrict__ out_mean1)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_mean_f32_loop<false>(n, in_P_log_mean, in_H_shape, H_shape_value, out_mean0, out_mean1);
    } else {
        gamma_log_mean_mean_f32_loop<true>(n, in_P_log_mean, in_H_shape, H_shape_value, out_mean0, out_mean1);
    }
}

// The loop of gamma_log_mean_fisher_f32, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_fisher_f32_loop(
    const long long n,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    float* __restrict__ out_fisher_0_0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_fisher_0_0;
        gamma_log_mean_fisher_case_f64(static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), r_fisher_0_0);
        out_fisher_0_0[i] = static_cast<float>(r_fisher_0_0);
    }
}

extern "C" void gamma_log_mean_fisher_f32(
    const long long n,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    float* __restrict__ out_fisher_0_0)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_fisher_f32_loop<false>(n, in_H_shape, H_shape_value, out_fisher_0_0);
    } else {
        gamma_log_mean_fisher_f32_loop<true>(n, in_H_shape, H_shape_value, out_fisher_0_0);
    }
}

// The loop of gamma_log_mean_factor_f32, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_factor_f32_loop(
    const long long n,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    float* __restrict__ out_factor_0_0,
    float* __restrict__ out_factor_0_1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_factor_0_0;
        double r_factor_0_1;
        gamma_log_mean_factor_case_f64(static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), r_factor_0_0, r_factor_0_1);
        out_factor_0_0[i] = static_cast<float>(r_factor_0_0);
        out_factor_0_1[i] = static_cast<float>(r_factor_0_1);
    }
}

extern "C" void gamma_log_mean_factor_f32(
    const long long n,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    float* __restrict__ out_factor_0_0,
    float* __restrict__ out_factor_0_1)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_factor_f32_loop<false>(n, in_H_shape, H_shape_value, out_factor_0_0, out_factor_0_1);
    } else {
        gamma_log_mean_factor_f32_loop<true>(n, in_H_shape, H_shape_value, out_factor_0_0, out_factor_0_1);
    }
}

// The loop of gamma_log_mean_fisher_product_f32, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_fisher_product_f32_loop(
    const long long n,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double nl_e_fisher_0_0;
        gamma_log_mean_fisher_case_f64(static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), nl_e_fisher_0_0);
        double r_out0;
        gamma_log_mean_fisher_product_case_f64(nl_e_fisher_0_0, static_cast<double>(in_v0[i]), r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out0[i] = nl_keep ? static_cast<float>(r_out0 * nl_scale) : float(0);
    }
}

extern "C" void gamma_log_mean_fisher_product_f32(
    const long long n,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out0)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_fisher_product_f32_loop<false>(n, in_H_shape, H_shape_value, in_v0, mask, scale_array, scale, out_out0);
    } else {
        gamma_log_mean_fisher_product_f32_loop<true>(n, in_H_shape, H_shape_value, in_v0, mask, scale_array, scale, out_out0);
    }
}

// The loop of gamma_log_mean_factor_product_f32, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_factor_product_f32_loop(
    const long long n,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_u,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double nl_e_factor_0_0;
        double nl_e_factor_0_1;
        gamma_log_mean_factor_case_f64(static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), nl_e_factor_0_0, nl_e_factor_0_1);
        double r_out0;
        gamma_log_mean_factor_product_case_f64(nl_e_factor_0_0, nl_e_factor_0_1, static_cast<double>(in_u[i * 2 + 0]), static_cast<double>(in_u[i * 2 + 1]), r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out0[i] = nl_keep ? static_cast<float>(r_out0 * nl_scale) : float(0);
    }
}

extern "C" void gamma_log_mean_factor_product_f32(
    const long long n,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_u,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out0)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_factor_product_f32_loop<false>(n, in_H_shape, H_shape_value, in_u, mask, scale_array, scale, out_out0);
    } else {
        gamma_log_mean_factor_product_f32_loop<true>(n, in_H_shape, H_shape_value, in_u, mask, scale_array, scale, out_out0);
    }
}

// The loop of gamma_log_mean_factor_transpose_product_f32, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_factor_transpose_product_f32_loop(
    const long long n,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double nl_e_factor_0_0;
        double nl_e_factor_0_1;
        gamma_log_mean_factor_case_f64(static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), nl_e_factor_0_0, nl_e_factor_0_1);
        double r_out0;
        double r_out1;
        gamma_log_mean_factor_transpose_product_case_f64(nl_e_factor_0_0, nl_e_factor_0_1, static_cast<double>(in_v0[i]), r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out[i * 2 + 0] = nl_keep ? static_cast<float>(r_out0 * nl_scale) : float(0);
        out_out[i * 2 + 1] = nl_keep ? static_cast<float>(r_out1 * nl_scale) : float(0);
    }
}

extern "C" void gamma_log_mean_factor_transpose_product_f32(
    const long long n,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_factor_transpose_product_f32_loop<false>(n, in_H_shape, H_shape_value, in_v0, mask, scale_array, scale, out_out);
    } else {
        gamma_log_mean_factor_transpose_product_f32_loop<true>(n, in_H_shape, H_shape_value, in_v0, mask, scale_array, scale, out_out);
    }
}

// The loop of gamma_log_mean_hessian_f32, compiled per combination of given hyper-parameter arrays.
template <bool NlHyper_H_shape>
static void gamma_log_mean_hessian_f32_loop(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_y,
    float* __restrict__ out_hessian_0_0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_hessian_0_0;
        gamma_log_mean_hessian_case_f64(static_cast<double>(in_P_log_mean[i]), static_cast<double>(NlHyper_H_shape ? in_H_shape[i] : H_shape_value), static_cast<double>(in_y[i]), r_hessian_0_0);
        out_hessian_0_0[i] = static_cast<float>(r_hessian_0_0);
    }
}

extern "C" void gamma_log_mean_hessian_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_y,
    float* __restrict__ out_hessian_0_0)
{
    if (!(in_H_shape != nullptr)) {
        gamma_log_mean_hessian_f32_loop<false>(n, in_P_log_mean, in_H_shape, H_shape_value, in_y, out_hessian_0_0);
    } else {
        gamma_log_mean_hessian_f32_loop<true>(n, in_P_log_mean, in_H_shape, H_shape_value, in_y, out_hessian_0_0);
    }
}

extern "C" void gamma_log_mean_hessian_product_f32(
    const long long n,
    const float* __restrict__ in_hessian_0_0,
    const float* __restrict__ in_v0,
    float* __restrict__ out_out0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_out0;
        gamma_log_mean_hessian_product_case_f64(static_cast<double>(in_hessian_0_0[i]), static_cast<double>(in_v0[i]), r_out0);
        out_out0[i] = static_cast<float>(r_out0);
    }
}
