// generated from codegen/parametrizations/poisson.py by codegen/backends/cpu/templates/family.cpp.jinja, do not edit; run `natloss build`.
// PoissonSqrtRateNegativeLogProbLoss: the poisson_sqrt_rate family, CPU kernels.
// Structure: scalar. Per dtype (float, double): one inline per-case function per op (the
// CUDA backend's, printed by the same printer) and one extern "C" function per op: a loop over
// the n cases, OpenMP-parallel (static schedule) from NL_PARALLEL_MIN cases on, and `omp simd`
// (it vectorizes where the per-case code allows: libm calls through libmvec, selects for branches). Masks and the
// weight are folded into the weighted ops (a masked-out case is a select: exactly 0); `scale`
// is the weight (or its square root) and `scale_array`, when not null, a per-case one instead.
// nll_reduce writes *total = weight * sum of mask * nll, summed in double over fixed chunks.
#include "natloss_cpu.h"

// ============================================================================= double

static inline __attribute__((always_inline)) void poisson_sqrt_rate_nll_case_f64(
    const double P_sqrt_rate,
    const double y,
    double& nll)
{
    nll = nl_bd0(y, (P_sqrt_rate*P_sqrt_rate), 2*log(P_sqrt_rate)) + nl_log_factorial_saddle(y);
}

static inline __attribute__((always_inline)) void poisson_sqrt_rate_grad_case_f64(
    const double P_sqrt_rate,
    const double y,
    double& grad0)
{
    grad0 = 2*(P_sqrt_rate - y/P_sqrt_rate);
}

static inline __attribute__((always_inline)) void poisson_sqrt_rate_mean_case_f64(
    const double P_sqrt_rate,
    double& mean0)
{
    mean0 = (P_sqrt_rate*P_sqrt_rate);
}

static inline __attribute__((always_inline)) void poisson_sqrt_rate_fisher_case_f64(
    double& fisher_0_0)
{
    fisher_0_0 = 4;
}

static inline __attribute__((always_inline)) void poisson_sqrt_rate_factor_case_f64(
    double& factor_0_0)
{
    factor_0_0 = 2;
}

static inline __attribute__((always_inline)) void poisson_sqrt_rate_fisher_product_case_f64(
    const double fisher_0_0,
    const double v0,
    double& out0)
{
    out0 = fisher_0_0*v0;
}

static inline __attribute__((always_inline)) void poisson_sqrt_rate_factor_product_case_f64(
    const double factor_0_0,
    const double u0,
    double& out0)
{
    out0 = factor_0_0*u0;
}

static inline __attribute__((always_inline)) void poisson_sqrt_rate_factor_transpose_product_case_f64(
    const double factor_0_0,
    const double v0,
    double& out0)
{
    out0 = factor_0_0*v0;
}

static inline __attribute__((always_inline)) void poisson_sqrt_rate_hessian_case_f64(
    const double P_sqrt_rate,
    const double y,
    double& hessian_0_0)
{
    hessian_0_0 = 2*(nl_times_square(y, 1.0/P_sqrt_rate) + 1);
}

static inline __attribute__((always_inline)) void poisson_sqrt_rate_hessian_product_case_f64(
    const double hessian_0_0,
    const double v0,
    double& out0)
{
    out0 = hessian_0_0*v0;
}

// One chunk's sum for poisson_sqrt_rate_nll_reduce_f64; the flags say whether mask, weight_array and each
// hyper-parameter's array are given (template parameters, so the loop has no conditional load
// and vectorizes).
template <bool NlMask, bool NlWeight>
static inline double poisson_sqrt_rate_nll_reduce_f64_chunk(
    const long long begin,
    const long long end,
    const double* __restrict__ in_P_sqrt_rate,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double* __restrict__ weight_array)
{
    double acc = 0.0;
#pragma omp simd reduction(+:acc)
    for (long long i = begin; i < end; ++i) {
        double r_nll;
        poisson_sqrt_rate_nll_case_f64(static_cast<double>(in_P_sqrt_rate[i]), static_cast<double>(in_y[i]), r_nll);
        const double nl_value = NlWeight ? static_cast<double>(weight_array[i]) * static_cast<double>(r_nll) : static_cast<double>(r_nll);
        acc += !NlMask || mask[i] != 0 ? nl_value : 0.0;
    }
    return acc;
}

extern "C" void poisson_sqrt_rate_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_sqrt_rate,
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
            part[static_cast<size_t>(c)] = poisson_sqrt_rate_nll_reduce_f64_chunk<false, false>(begin, end, in_P_sqrt_rate, in_y, mask, weight_array);
        } else if (mask != nullptr && !(weight_array != nullptr)) {
            part[static_cast<size_t>(c)] = poisson_sqrt_rate_nll_reduce_f64_chunk<true, false>(begin, end, in_P_sqrt_rate, in_y, mask, weight_array);
        } else if (!(mask != nullptr) && weight_array != nullptr) {
            part[static_cast<size_t>(c)] = poisson_sqrt_rate_nll_reduce_f64_chunk<false, true>(begin, end, in_P_sqrt_rate, in_y, mask, weight_array);
        } else {
            part[static_cast<size_t>(c)] = poisson_sqrt_rate_nll_reduce_f64_chunk<true, true>(begin, end, in_P_sqrt_rate, in_y, mask, weight_array);
        }
    }
    double sum = 0.0;
    for (long long c = 0; c < chunks; ++c) {
        sum += part[static_cast<size_t>(c)];
    }
    *total = weight * sum;
}

extern "C" void poisson_sqrt_rate_nll_f64(
    const long long n,
    const double* __restrict__ in_P_sqrt_rate,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_nll;
        poisson_sqrt_rate_nll_case_f64(static_cast<double>(in_P_sqrt_rate[i]), static_cast<double>(in_y[i]), r_nll);
        out_nll[i] = static_cast<double>(r_nll);
    }
}

extern "C" void poisson_sqrt_rate_grad_f64(
    const long long n,
    const double* __restrict__ in_P_sqrt_rate,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_grad0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_grad0;
        poisson_sqrt_rate_grad_case_f64(static_cast<double>(in_P_sqrt_rate[i]), static_cast<double>(in_y[i]), r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_grad0[i] = nl_keep ? static_cast<double>(r_grad0 * nl_scale) : double(0);
    }
}

extern "C" void poisson_sqrt_rate_mean_f64(
    const long long n,
    const double* __restrict__ in_P_sqrt_rate,
    double* __restrict__ out_mean0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_mean0;
        poisson_sqrt_rate_mean_case_f64(static_cast<double>(in_P_sqrt_rate[i]), r_mean0);
        out_mean0[i] = static_cast<double>(r_mean0);
    }
}

extern "C" void poisson_sqrt_rate_fisher_f64(
    const long long n,
    double* __restrict__ out_fisher_0_0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_fisher_0_0;
        poisson_sqrt_rate_fisher_case_f64(r_fisher_0_0);
        out_fisher_0_0[i] = static_cast<double>(r_fisher_0_0);
    }
}

extern "C" void poisson_sqrt_rate_factor_f64(
    const long long n,
    double* __restrict__ out_factor_0_0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_factor_0_0;
        poisson_sqrt_rate_factor_case_f64(r_factor_0_0);
        out_factor_0_0[i] = static_cast<double>(r_factor_0_0);
    }
}

extern "C" void poisson_sqrt_rate_fisher_product_f64(
    const long long n,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double nl_e_fisher_0_0;
        poisson_sqrt_rate_fisher_case_f64(nl_e_fisher_0_0);
        double r_out0;
        poisson_sqrt_rate_fisher_product_case_f64(nl_e_fisher_0_0, static_cast<double>(in_v0[i]), r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out0[i] = nl_keep ? static_cast<double>(r_out0 * nl_scale) : double(0);
    }
}

extern "C" void poisson_sqrt_rate_factor_product_f64(
    const long long n,
    const double* __restrict__ in_u,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double nl_e_factor_0_0;
        poisson_sqrt_rate_factor_case_f64(nl_e_factor_0_0);
        double r_out0;
        poisson_sqrt_rate_factor_product_case_f64(nl_e_factor_0_0, static_cast<double>(in_u[i]), r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out0[i] = nl_keep ? static_cast<double>(r_out0 * nl_scale) : double(0);
    }
}

extern "C" void poisson_sqrt_rate_factor_transpose_product_f64(
    const long long n,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double nl_e_factor_0_0;
        poisson_sqrt_rate_factor_case_f64(nl_e_factor_0_0);
        double r_out0;
        poisson_sqrt_rate_factor_transpose_product_case_f64(nl_e_factor_0_0, static_cast<double>(in_v0[i]), r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out[i] = nl_keep ? static_cast<double>(r_out0 * nl_scale) : double(0);
    }
}

extern "C" void poisson_sqrt_rate_hessian_f64(
    const long long n,
    const double* __restrict__ in_P_sqrt_rate,
    const double* __restrict__ in_y,
    double* __restrict__ out_hessian_0_0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_hessian_0_0;
        poisson_sqrt_rate_hessian_case_f64(static_cast<double>(in_P_sqrt_rate[i]), static_cast<double>(in_y[i]), r_hessian_0_0);
        out_hessian_0_0[i] = static_cast<double>(r_hessian_0_0);
    }
}

extern "C" void poisson_sqrt_rate_hessian_product_f64(
    const long long n,
    const double* __restrict__ in_hessian_0_0,
    const double* __restrict__ in_v0,
    double* __restrict__ out_out0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_out0;
        poisson_sqrt_rate_hessian_product_case_f64(static_cast<double>(in_hessian_0_0[i]), static_cast<double>(in_v0[i]), r_out0);
        out_out0[i] = static_cast<double>(r_out0);
    }
}

// ============================================================================= float

// One chunk's sum for poisson_sqrt_rate_nll_reduce_f32; the flags say whether mask, weight_array and each
// hyper-parameter's array are given (template parameters, so the loop has no conditional load
// and vectorizes).
template <bool NlMask, bool NlWeight>
static inline double poisson_sqrt_rate_nll_reduce_f32_chunk(
    const long long begin,
    const long long end,
    const float* __restrict__ in_P_sqrt_rate,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float* __restrict__ weight_array)
{
    double acc = 0.0;
#pragma omp simd reduction(+:acc)
    for (long long i = begin; i < end; ++i) {
        double r_nll;
        poisson_sqrt_rate_nll_case_f64(static_cast<double>(in_P_sqrt_rate[i]), static_cast<double>(in_y[i]), r_nll);
        const double nl_value = NlWeight ? static_cast<double>(weight_array[i]) * static_cast<double>(r_nll) : static_cast<double>(r_nll);
        acc += !NlMask || mask[i] != 0 ? nl_value : 0.0;
    }
    return acc;
}

extern "C" void poisson_sqrt_rate_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_sqrt_rate,
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
            part[static_cast<size_t>(c)] = poisson_sqrt_rate_nll_reduce_f32_chunk<false, false>(begin, end, in_P_sqrt_rate, in_y, mask, weight_array);
        } else if (mask != nullptr && !(weight_array != nullptr)) {
            part[static_cast<size_t>(c)] = poisson_sqrt_rate_nll_reduce_f32_chunk<true, false>(begin, end, in_P_sqrt_rate, in_y, mask, weight_array);
        } else if (!(mask != nullptr) && weight_array != nullptr) {
            part[static_cast<size_t>(c)] = poisson_sqrt_rate_nll_reduce_f32_chunk<false, true>(begin, end, in_P_sqrt_rate, in_y, mask, weight_array);
        } else {
            part[static_cast<size_t>(c)] = poisson_sqrt_rate_nll_reduce_f32_chunk<true, true>(begin, end, in_P_sqrt_rate, in_y, mask, weight_array);
        }
    }
    double sum = 0.0;
    for (long long c = 0; c < chunks; ++c) {
        sum += part[static_cast<size_t>(c)];
    }
    *total = weight * sum;
}

extern "C" void poisson_sqrt_rate_nll_f32(
    const long long n,
    const float* __restrict__ in_P_sqrt_rate,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_nll;
        poisson_sqrt_rate_nll_case_f64(static_cast<double>(in_P_sqrt_rate[i]), static_cast<double>(in_y[i]), r_nll);
        out_nll[i] = static_cast<float>(r_nll);
    }
}

extern "C" void poisson_sqrt_rate_grad_f32(
    const long long n,
    const float* __restrict__ in_P_sqrt_rate,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_grad0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_grad0;
        poisson_sqrt_rate_grad_case_f64(static_cast<double>(in_P_sqrt_rate[i]), static_cast<double>(in_y[i]), r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_grad0[i] = nl_keep ? static_cast<float>(r_grad0 * nl_scale) : float(0);
    }
}

extern "C" void poisson_sqrt_rate_mean_f32(
    const long long n,
    const float* __restrict__ in_P_sqrt_rate,
    float* __restrict__ out_mean0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_mean0;
        poisson_sqrt_rate_mean_case_f64(static_cast<double>(in_P_sqrt_rate[i]), r_mean0);
        out_mean0[i] = static_cast<float>(r_mean0);
    }
}

extern "C" void poisson_sqrt_rate_fisher_f32(
    const long long n,
    float* __restrict__ out_fisher_0_0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_fisher_0_0;
        poisson_sqrt_rate_fisher_case_f64(r_fisher_0_0);
        out_fisher_0_0[i] = static_cast<float>(r_fisher_0_0);
    }
}

extern "C" void poisson_sqrt_rate_factor_f32(
    const long long n,
    float* __restrict__ out_factor_0_0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_factor_0_0;
        poisson_sqrt_rate_factor_case_f64(r_factor_0_0);
        out_factor_0_0[i] = static_cast<float>(r_factor_0_0);
    }
}

extern "C" void poisson_sqrt_rate_fisher_product_f32(
    const long long n,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double nl_e_fisher_0_0;
        poisson_sqrt_rate_fisher_case_f64(nl_e_fisher_0_0);
        double r_out0;
        poisson_sqrt_rate_fisher_product_case_f64(nl_e_fisher_0_0, static_cast<double>(in_v0[i]), r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out0[i] = nl_keep ? static_cast<float>(r_out0 * nl_scale) : float(0);
    }
}

extern "C" void poisson_sqrt_rate_factor_product_f32(
    const long long n,
    const float* __restrict__ in_u,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double nl_e_factor_0_0;
        poisson_sqrt_rate_factor_case_f64(nl_e_factor_0_0);
        double r_out0;
        poisson_sqrt_rate_factor_product_case_f64(nl_e_factor_0_0, static_cast<double>(in_u[i]), r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out0[i] = nl_keep ? static_cast<float>(r_out0 * nl_scale) : float(0);
    }
}

extern "C" void poisson_sqrt_rate_factor_transpose_product_f32(
    const long long n,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double nl_e_factor_0_0;
        poisson_sqrt_rate_factor_case_f64(nl_e_factor_0_0);
        double r_out0;
        poisson_sqrt_rate_factor_transpose_product_case_f64(nl_e_factor_0_0, static_cast<double>(in_v0[i]), r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        const double nl_scale = scale_array != nullptr ? scale_array[i] : scale;
        out_out[i] = nl_keep ? static_cast<float>(r_out0 * nl_scale) : float(0);
    }
}

extern "C" void poisson_sqrt_rate_hessian_f32(
    const long long n,
    const float* __restrict__ in_P_sqrt_rate,
    const float* __restrict__ in_y,
    float* __restrict__ out_hessian_0_0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_hessian_0_0;
        poisson_sqrt_rate_hessian_case_f64(static_cast<double>(in_P_sqrt_rate[i]), static_cast<double>(in_y[i]), r_hessian_0_0);
        out_hessian_0_0[i] = static_cast<float>(r_hessian_0_0);
    }
}

extern "C" void poisson_sqrt_rate_hessian_product_f32(
    const long long n,
    const float* __restrict__ in_hessian_0_0,
    const float* __restrict__ in_v0,
    float* __restrict__ out_out0)
{
#pragma omp parallel for simd schedule(simd: static) if(parallel: n >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long i = 0; i < n; ++i) {
        double r_out0;
        poisson_sqrt_rate_hessian_product_case_f64(static_cast<double>(in_hessian_0_0[i]), static_cast<double>(in_v0[i]), r_out0);
        out_out0[i] = static_cast<float>(r_out0);
    }
}
