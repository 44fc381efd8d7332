// generated from codegen/parametrizations/normal.py by codegen/backends/cpu/templates/family.cpp.jinja, do not edit; run `natloss build`.
// NormalMeanLogScaleNegativeLogProbLoss: the normal_mean_log_scale family, CPU kernels.
// Structure: dense. Per dtype (float, double): one inline per-case function per op (the
// CUDA backend's, printed by the same printer) and one extern "C" function per op: a loop over
// the n cases, OpenMP-parallel (static schedule) from NL_PARALLEL_MIN cases on, and `omp simd`
// (it vectorizes where the per-case code allows: libm calls through libmvec, selects for branches). Masks and the
// weight are folded into the weighted ops (a masked-out case is a select: exactly 0); `scale`
// is the weight (or its square root) and `scale_array`, when not null, a per-case one instead.
// nll_reduce writes *total = weight * sum of mask * nll, summed in double over fixed chunks.
#include "natloss_cpu.h"

// ============================================================================= double

static inline __attribute__((always_inline)) void normal_mean_log_scale_nll_case_f64(
    const double P_mean,
    const double P_log_scale,
    const double y,
    double& nll)
{
    nll = P_log_scale + (0.5)*nl_times_square(1, (P_mean - y)*exp(-P_log_scale)) + 0.9189385332046728;
}

static inline __attribute__((always_inline)) void normal_mean_log_scale_grad_case_f64(
    const double P_mean,
    const double P_log_scale,
    const double y,
    double& grad0,
    double& grad1)
{
    const double t0 = P_mean - y;
    const double t1 = exp(-P_log_scale);
    grad0 = (0.5)*nl_times_square(2*t0, t1);
    grad1 = 1 - nl_times_square(1, t0*t1);
}

static inline __attribute__((always_inline)) void normal_mean_log_scale_mean_case_f64(
    const double P_mean,
    const double P_log_scale,
    double& mean0,
    double& mean1)
{
    mean0 = P_mean;
    mean1 = (P_mean*P_mean) + exp(2*P_log_scale);
}

static inline __attribute__((always_inline)) void normal_mean_log_scale_fisher_case_f64(
    const double P_log_scale,
    double& fisher_0_0,
    double& fisher_0_1,
    double& fisher_1_1)
{
    fisher_0_0 = exp(-2*P_log_scale);
    fisher_0_1 = 0;
    fisher_1_1 = 2;
}

static inline __attribute__((always_inline)) void normal_mean_log_scale_factor_case_f64(
    const double P_log_scale,
    double& factor_0_0,
    double& factor_1_1)
{
    factor_0_0 = exp(-P_log_scale);
    factor_1_1 = 1.4142135623730951;
}

static inline __attribute__((always_inline)) void normal_mean_log_scale_fisher_product_case_f64(
    const double fisher_0_0,
    const double v0,
    const double v1,
    double& out0,
    double& out1)
{
    out0 = nl_mul_exact_zero(fisher_0_0, v0);
    out1 = 2*v1;
}

static inline __attribute__((always_inline)) void normal_mean_log_scale_factor_product_case_f64(
    const double factor_0_0,
    const double factor_1_1,
    const double u0,
    const double u1,
    double& out0,
    double& out1)
{
    out0 = factor_0_0*u0;
    out1 = factor_1_1*u1;
}

static inline __attribute__((always_inline)) void normal_mean_log_scale_factor_transpose_product_case_f64(
    const double factor_0_0,
    const double factor_1_1,
    const double v0,
    const double v1,
    double& out0,
    double& out1)
{
    out0 = factor_0_0*v0;
    out1 = factor_1_1*v1;
}

static inline __attribute__((always_inline)) void normal_mean_log_scale_hessian_case_f64(
    const double P_mean,
    const double P_log_scale,
    const double y,
    double& hessian_0_0,
    double& hessian_0_1,
    double& hessian_1_1)
{
    const double t0 = P_mean - y;
    const double t1 = exp(-P_log_scale);
    hessian_0_0 = exp(-2*P_log_scale);
    hessian_0_1 = -nl_times_square(2*t0, t1);
    hessian_1_1 = 2*nl_times_square(1, t0*t1);
}

static inline __attribute__((always_inline)) void normal_mean_log_scale_hessian_product_case_f64(
    const double hessian_0_0,
    const double hessian_0_1,
    const double hessian_1_1,
    const double v0,
    const double v1,
    double& out0,
    double& out1)
{
    out0 = nl_mul_exact_zero(hessian_0_0, v0) + nl_mul_exact_zero(hessian_0_1, v1);
    out1 = nl_mul_exact_zero(hessian_0_1, v0) + nl_mul_exact_zero(hessian_1_1, v1);
}

// One chunk's sum for normal_mean_log_scale_nll_reduce_f64; the flags say whether mask, weight_array and each
// hyper-parameter's array are given (template parameters, so the loop has no conditional load
// and vectorizes).
template <bool NlMask, bool NlWeight>
static inline double normal_mean_log_scale_nll_reduce_f64_chunk(
    const long long begin,
    const long long end,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_log_scale,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double* __restrict__ weight_array)
{
    double acc = 0.0;
#pragma omp simd reduction(+:acc)
    for (long long i = begin; i < end; ++i) {
        double r_nll;
        normal_mean_log_scale_nll_case_f64(static_cast<double>(in_P_mean[i]), static_cast<double>(in_P_log_scale[i]), static_cast<double>(in_y[i]), r_nll);
        const double nl_value = NlWeight ? static_cast<double>(weight_array[i]) * static_cast<double>(r_nll) : static_cast<double>(r_nll);
        acc += !NlMask || mask[i] != 0 ? nl_value : 0.0;
    }
    return acc;
}

extern "C" void normal_mean_log_scale_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_log_scale,
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
        if (!(mask != nullptr) && !(weight_array != nullptr)) {
            part[static_cast<size_t>(c)] = normal_mean_log_scale_nll_reduce_f64_chunk<false, false>(begin, end, in_P_mean, in_P_log_scale, in_y, mask, weight_array);
        } else if (mask != nullptr && !(weight_array != nullptr)) {
            part[static_cast<size_t>(c)] = normal_mean_log_scale_nll_reduce_f64_chunk<true, false>(begin, end, in_P_mean, in_P_log_scale, in_y, mask, weight_array);
        } else if (!(mask != nullptr) && weight_array != nullptr) {
            part[static_cast<size_t>(c)] = normal_mean_log_scale_nll_reduce_f64_chunk<false, true>(begin, end, in_P_mean, in_P_log_scale, in_y, mask, weight_array);
        } else {
            part[static_cast<size_t>(c)] = normal_mean_log_scale_nll_reduce_f64_chunk<true, true>(begin, end, in_P_mean, in_P_log_scale, in_y, mask, weight_array);
        }
    }
    double sum = 0.0;
    for (long long c = 0; c < chunks; ++c) {
        sum += part[static_cast<size_t>(c)];
    }
    *total = weight * sum;
}

extern "C" void normal_mean_log_scale_nll_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_log_scale,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_nll;
        normal_mean_log_scale_nll_case_f64(static_cast<double>(in_P_mean[i]), static_cast<double>(in_P_log_scale[i]), static_cast<double>(in_y[i]), r_nll);
        out_nll[i] = static_cast<double>(r_nll);
    }
}

extern "C" void normal_mean_log_scale_grad_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_log_scale,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_grad0,
    double* __restrict__ out_grad1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_grad0;
        double r_grad1;
        normal_mean_log_scale_grad_case_f64(static_cast<double>(in_P_mean[i]), static_cast<double>(in_P_log_scale[i]), static_cast<double>(in_y[i]), r_grad0, r_grad1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_grad0[i] = nl_keep ? static_cast<double>(r_grad0 * nl_scale) : double(0);
        out_grad1[i] = nl_keep ? static_cast<double>(r_grad1 * nl_scale) : double(0);
    }
}

extern "C" void normal_mean_log_scale_mean_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_log_scale,
    double* __restrict__ out_mean0,
    double* __restrict__ out_mean1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_mean0;
        double r_mean1;
        normal_mean_log_scale_mean_case_f64(static_cast<double>(in_P_mean[i]), static_cast<double>(in_P_log_scale[i]), r_mean0, r_mean1);
        out_mean0[i] = static_cast<double>(r_mean0);
        out_mean1[i] = static_cast<double>(r_mean1);
    }
}

extern "C" void normal_mean_log_scale_fisher_f64(
    const long long n,
    const double* __restrict__ in_P_log_scale,
    double* __restrict__ out_fisher_0_0,
    double* __restrict__ out_fisher_0_1,
    double* __restrict__ out_fisher_1_1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_fisher_0_0;
        double r_fisher_0_1;
        double r_fisher_1_1;
        normal_mean_log_scale_fisher_case_f64(static_cast<double>(in_P_log_scale[i]), r_fisher_0_0, r_fisher_0_1, r_fisher_1_1);
        out_fisher_0_0[i] = static_cast<double>(r_fisher_0_0);
        out_fisher_0_1[i] = static_cast<double>(r_fisher_0_1);
        out_fisher_1_1[i] = static_cast<double>(r_fisher_1_1);
    }
}

extern "C" void normal_mean_log_scale_factor_f64(
    const long long n,
    const double* __restrict__ in_P_log_scale,
    double* __restrict__ out_factor_0_0,
    double* __restrict__ out_factor_1_1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_factor_0_0;
        double r_factor_1_1;
        normal_mean_log_scale_factor_case_f64(static_cast<double>(in_P_log_scale[i]), r_factor_0_0, r_factor_1_1);
        out_factor_0_0[i] = static_cast<double>(r_factor_0_0);
        out_factor_1_1[i] = static_cast<double>(r_factor_1_1);
    }
}

extern "C" void normal_mean_log_scale_fisher_product_f64(
    const long long n,
    const double* __restrict__ in_fisher_0_0,
    const double* __restrict__ in_v0,
    const double* __restrict__ in_v1,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out0,
    double* __restrict__ out_out1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_out0;
        double r_out1;
        normal_mean_log_scale_fisher_product_case_f64(static_cast<double>(in_fisher_0_0[i]), static_cast<double>(in_v0[i]), static_cast<double>(in_v1[i]), r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out0[i] = nl_keep ? static_cast<double>(r_out0 * nl_scale) : double(0);
        out_out1[i] = nl_keep ? static_cast<double>(r_out1 * nl_scale) : double(0);
    }
}

extern "C" void normal_mean_log_scale_factor_product_f64(
    const long long n,
    const double* __restrict__ in_factor_0_0,
    const double* __restrict__ in_factor_1_1,
    const double* __restrict__ in_u,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out0,
    double* __restrict__ out_out1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_out0;
        double r_out1;
        normal_mean_log_scale_factor_product_case_f64(static_cast<double>(in_factor_0_0[i]), static_cast<double>(in_factor_1_1[i]), static_cast<double>(in_u[i * 2 + 0]), static_cast<double>(in_u[i * 2 + 1]), r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out0[i] = nl_keep ? static_cast<double>(r_out0 * nl_scale) : double(0);
        out_out1[i] = nl_keep ? static_cast<double>(r_out1 * nl_scale) : double(0);
    }
}

extern "C" void normal_mean_log_scale_factor_transpose_product_f64(
    const long long n,
    const double* __restrict__ in_factor_0_0,
    const double* __restrict__ in_factor_1_1,
    const double* __restrict__ in_v0,
    const double* __restrict__ in_v1,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_out0;
        double r_out1;
        normal_mean_log_scale_factor_transpose_product_case_f64(static_cast<double>(in_factor_0_0[i]), static_cast<double>(in_factor_1_1[i]), static_cast<double>(in_v0[i]), static_cast<double>(in_v1[i]), r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out[i * 2 + 0] = nl_keep ? static_cast<double>(r_out0 * nl_scale) : double(0);
        out_out[i * 2 + 1] = nl_keep ? static_cast<double>(r_out1 * nl_scale) : double(0);
    }
}

extern "C" void normal_mean_log_scale_hessian_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_log_scale,
    const double* __restrict__ in_y,
    double* __restrict__ out_hessian_0_0,
    double* __restrict__ out_hessian_0_1,
    double* __restrict__ out_hessian_1_1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_hessian_0_0;
        double r_hessian_0_1;
        double r_hessian_1_1;
        normal_mean_log_scale_hessian_case_f64(static_cast<double>(in_P_mean[i]), static_cast<double>(in_P_log_scale[i]), static_cast<double>(in_y[i]), r_hessian_0_0, r_hessian_0_1, r_hessian_1_1);
        out_hessian_0_0[i] = static_cast<double>(r_hessian_0_0);
        out_hessian_0_1[i] = static_cast<double>(r_hessian_0_1);
        out_hessian_1_1[i] = static_cast<double>(r_hessian_1_1);
    }
}

extern "C" void normal_mean_log_scale_hessian_product_f64(
    const long long n,
    const double* __restrict__ in_hessian_0_0,
    const double* __restrict__ in_hessian_0_1,
    const double* __restrict__ in_hessian_1_1,
    const double* __restrict__ in_v0,
    const double* __restrict__ in_v1,
    double* __restrict__ out_out0,
    double* __restrict__ out_out1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_out0;
        double r_out1;
        normal_mean_log_scale_hessian_product_case_f64(static_cast<double>(in_hessian_0_0[i]), static_cast<double>(in_hessian_0_1[i]), static_cast<double>(in_hessian_1_1[i]), static_cast<double>(in_v0[i]), static_cast<double>(in_v1[i]), r_out0, r_out1);
        out_out0[i] = static_cast<double>(r_out0);
        out_out1[i] = static_cast<double>(r_out1);
    }
}

// ============================================================================= float

// One chunk's sum for normal_mean_log_scale_nll_reduce_f32; the flags say whether mask, weight_array and each
// hyper-parameter's array are given (template parameters, so the loop has no conditional load
// and vectorizes).
template <bool NlMask, bool NlWeight>
static inline double normal_mean_log_scale_nll_reduce_f32_chunk(
    const long long begin,
    const long long end,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_log_scale,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float* __restrict__ weight_array)
{
    double acc = 0.0;
#pragma omp simd reduction(+:acc)
    for (long long i = begin; i < end; ++i) {
        double r_nll;
        normal_mean_log_scale_nll_case_f64(static_cast<double>(in_P_mean[i]), static_cast<double>(in_P_log_scale[i]), static_cast<double>(in_y[i]), r_nll);
        const double nl_value = NlWeight ? static_cast<double>(weight_array[i]) * static_cast<double>(r_nll) : static_cast<double>(r_nll);
        acc += !NlMask || mask[i] != 0 ? nl_value : 0.0;
    }
    return acc;
}

extern "C" void normal_mean_log_scale_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_log_scale,
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
        if (!(mask != nullptr) && !(weight_array != nullptr)) {
            part[static_cast<size_t>(c)] = normal_mean_log_scale_nll_reduce_f32_chunk<false, false>(begin, end, in_P_mean, in_P_log_scale, in_y, mask, weight_array);
        } else if (mask != nullptr && !(weight_array != nullptr)) {
            part[static_cast<size_t>(c)] = normal_mean_log_scale_nll_reduce_f32_chunk<true, false>(begin, end, in_P_mean, in_P_log_scale, in_y, mask, weight_array);
        } else if (!(mask != nullptr) && weight_array != nullptr) {
            part[static_cast<size_t>(c)] = normal_mean_log_scale_nll_reduce_f32_chunk<false, true>(begin, end, in_P_mean, in_P_log_scale, in_y, mask, weight_array);
        } else {
            part[static_cast<size_t>(c)] = normal_mean_log_scale_nll_reduce_f32_chunk<true, true>(begin, end, in_P_mean, in_P_log_scale, in_y, mask, weight_array);
        }
    }
    double sum = 0.0;
    for (long long c = 0; c < chunks; ++c) {
        sum += part[static_cast<size_t>(c)];
    }
    *total = weight * sum;
}

extern "C" void normal_mean_log_scale_nll_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_log_scale,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_nll;
        normal_mean_log_scale_nll_case_f64(static_cast<double>(in_P_mean[i]), static_cast<double>(in_P_log_scale[i]), static_cast<double>(in_y[i]), r_nll);
        out_nll[i] = static_cast<float>(r_nll);
    }
}

extern "C" void normal_mean_log_scale_grad_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_log_scale,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_grad0,
    float* __restrict__ out_grad1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_grad0;
        double r_grad1;
        normal_mean_log_scale_grad_case_f64(static_cast<double>(in_P_mean[i]), static_cast<double>(in_P_log_scale[i]), static_cast<double>(in_y[i]), r_grad0, r_grad1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_grad0[i] = nl_keep ? static_cast<float>(r_grad0 * nl_scale) : float(0);
        out_grad1[i] = nl_keep ? static_cast<float>(r_grad1 * nl_scale) : float(0);
    }
}

extern "C" void normal_mean_log_scale_mean_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_log_scale,
    float* __restrict__ out_mean0,
    float* __restrict__ out_mean1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_mean0;
        double r_mean1;
        normal_mean_log_scale_mean_case_f64(static_cast<double>(in_P_mean[i]), static_cast<double>(in_P_log_scale[i]), r_mean0, r_mean1);
        out_mean0[i] = static_cast<float>(r_mean0);
        out_mean1[i] = static_cast<float>(r_mean1);
    }
}

extern "C" void normal_mean_log_scale_fisher_f32(
    const long long n,
    const float* __restrict__ in_P_log_scale,
    float* __restrict__ out_fisher_0_0,
    float* __restrict__ out_fisher_0_1,
    float* __restrict__ out_fisher_1_1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_fisher_0_0;
        double r_fisher_0_1;
        double r_fisher_1_1;
        normal_mean_log_scale_fisher_case_f64(static_cast<double>(in_P_log_scale[i]), r_fisher_0_0, r_fisher_0_1, r_fisher_1_1);
        out_fisher_0_0[i] = static_cast<float>(r_fisher_0_0);
        out_fisher_0_1[i] = static_cast<float>(r_fisher_0_1);
        out_fisher_1_1[i] = static_cast<float>(r_fisher_1_1);
    }
}

extern "C" void normal_mean_log_scale_factor_f32(
    const long long n,
    const float* __restrict__ in_P_log_scale,
    float* __restrict__ out_factor_0_0,
    float* __restrict__ out_factor_1_1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_factor_0_0;
        double r_factor_1_1;
        normal_mean_log_scale_factor_case_f64(static_cast<double>(in_P_log_scale[i]), r_factor_0_0, r_factor_1_1);
        out_factor_0_0[i] = static_cast<float>(r_factor_0_0);
        out_factor_1_1[i] = static_cast<float>(r_factor_1_1);
    }
}

extern "C" void normal_mean_log_scale_fisher_product_f32(
    const long long n,
    const float* __restrict__ in_fisher_0_0,
    const float* __restrict__ in_v0,
    const float* __restrict__ in_v1,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out0,
    float* __restrict__ out_out1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_out0;
        double r_out1;
        normal_mean_log_scale_fisher_product_case_f64(static_cast<double>(in_fisher_0_0[i]), static_cast<double>(in_v0[i]), static_cast<double>(in_v1[i]), r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out0[i] = nl_keep ? static_cast<float>(r_out0 * nl_scale) : float(0);
        out_out1[i] = nl_keep ? static_cast<float>(r_out1 * nl_scale) : float(0);
    }
}

extern "C" void normal_mean_log_scale_factor_product_f32(
    const long long n,
    const float* __restrict__ in_factor_0_0,
    const float* __restrict__ in_factor_1_1,
    const float* __restrict__ in_u,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out0,
    float* __restrict__ out_out1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_out0;
        double r_out1;
        normal_mean_log_scale_factor_product_case_f64(static_cast<double>(in_factor_0_0[i]), static_cast<double>(in_factor_1_1[i]), static_cast<double>(in_u[i * 2 + 0]), static_cast<double>(in_u[i * 2 + 1]), r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out0[i] = nl_keep ? static_cast<float>(r_out0 * nl_scale) : float(0);
        out_out1[i] = nl_keep ? static_cast<float>(r_out1 * nl_scale) : float(0);
    }
}

extern "C" void normal_mean_log_scale_factor_transpose_product_f32(
    const long long n,
    const float* __restrict__ in_factor_0_0,
    const float* __restrict__ in_factor_1_1,
    const float* __restrict__ in_v0,
    const float* __restrict__ in_v1,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_out0;
        double r_out1;
        normal_mean_log_scale_factor_transpose_product_case_f64(static_cast<double>(in_factor_0_0[i]), static_cast<double>(in_factor_1_1[i]), static_cast<double>(in_v0[i]), static_cast<double>(in_v1[i]), r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out[i * 2 + 0] = nl_keep ? static_cast<float>(r_out0 * nl_scale) : float(0);
        out_out[i * 2 + 1] = nl_keep ? static_cast<float>(r_out1 * nl_scale) : float(0);
    }
}

extern "C" void normal_mean_log_scale_hessian_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_log_scale,
    const float* __restrict__ in_y,
    float* __restrict__ out_hessian_0_0,
    float* __restrict__ out_hessian_0_1,
    float* __restrict__ out_hessian_1_1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_hessian_0_0;
        double r_hessian_0_1;
        double r_hessian_1_1;
        normal_mean_log_scale_hessian_case_f64(static_cast<double>(in_P_mean[i]), static_cast<double>(in_P_log_scale[i]), static_cast<double>(in_y[i]), r_hessian_0_0, r_hessian_0_1, r_hessian_1_1);
        out_hessian_0_0[i] = static_cast<float>(r_hessian_0_0);
        out_hessian_0_1[i] = static_cast<float>(r_hessian_0_1);
        out_hessian_1_1[i] = static_cast<float>(r_hessian_1_1);
    }
}

extern "C" void normal_mean_log_scale_hessian_product_f32(
    const long long n,
    const float* __restrict__ in_hessian_0_0,
    const float* __restrict__ in_hessian_0_1,
    const float* __restrict__ in_hessian_1_1,
    const float* __restrict__ in_v0,
    const float* __restrict__ in_v1,
    float* __restrict__ out_out0,
    float* __restrict__ out_out1)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_out0;
        double r_out1;
        normal_mean_log_scale_hessian_product_case_f64(static_cast<double>(in_hessian_0_0[i]), static_cast<double>(in_hessian_0_1[i]), static_cast<double>(in_hessian_1_1[i]), static_cast<double>(in_v0[i]), static_cast<double>(in_v1[i]), r_out0, r_out1);
        out_out0[i] = static_cast<float>(r_out0);
        out_out1[i] = static_cast<float>(r_out1);
    }
}
