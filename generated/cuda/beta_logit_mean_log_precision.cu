// generated from codegen/parametrizations/beta.py by codegen/backends/cuda/templates/cuda/family.cu.jinja, do not edit; run `natloss build`.
// BetaLogitMeanLogPrecisionNegativeLogProbLoss: the beta_logit_mean_log_precision family, CUDA kernels.
// Structure: dense. Per dtype (float, double): one __device__ per-case function per op
// and one extern "C" kernel per op, one thread per case in a grid-stride loop. The kernels
// read only the inputs their op uses; masks and weights are folded into the weighted ops.
// Launch with blockDim.x == NATLOSS_BLOCK (the reduction's shared buffer).
#include "natloss_math.cuh"

#ifndef NATLOSS_BLOCK
#define NATLOSS_BLOCK 256
#endif

// ============================================================================= float

__device__ __forceinline__ void beta_logit_mean_log_precision_nll_case_f32(
    const float P_logit_mean,
    const float P_log_precision,
    const float y,
    float& nll)
{
    const float t0 = expf(P_log_precision);
    const float t1 = nl_exp_neg_abs(P_logit_mean);
    const float t2 = nl_sigmoid_e(P_logit_mean, t1);
    const float t3 = t0*t2;
    const float t4 = nl_sigmoid_e(-P_logit_mean, t1);
    const float t5 = t0*t4;
    nll = -(t3 - 1)*logf(y) - (t5 - 1)*log1pf(-y) + nl_lgamma(t3) + nl_lgamma(t5) - nl_lgamma(t0*(t2 + t4));
}

__device__ __forceinline__ void beta_logit_mean_log_precision_grad_case_f32(
    const float P_logit_mean,
    const float P_log_precision,
    const float y,
    float& grad0,
    float& grad1)
{
    const float t0 = logf(y);
    const float t1 = nl_exp_neg_abs(P_logit_mean);
    const float t2 = expf((0.5F)*P_log_precision)/(t1 + 1);
    const float t3 = log1pf(-y);
    const float t4 = expf(P_log_precision);
    const float t5 = nl_sigmoid_e(-P_logit_mean, t1);
    const float t6 = t4*t5;
    const float t7 = nl_sigmoid_e(P_logit_mean, t1);
    const float t8 = t4*t7;
    grad0 = -nl_times_square(t0*t1, t2) + nl_times_square(t1*t3, t2) - nl_times_square(t1*nl_digamma(t6), t2) + nl_times_square(t1*nl_digamma(t8), t2);
    grad1 = -t4*(t0*t7 + t3*t5 + t5*nl_digamma_diff(t6, t8) + t7*nl_digamma_diff(t8, t6));
}

__device__ __forceinline__ void beta_logit_mean_log_precision_mean_case_f32(
    const float P_logit_mean,
    const float P_log_precision,
    float& mean0,
    float& mean1)
{
    const float t0 = expf(P_log_precision);
    const float t1 = nl_exp_neg_abs(P_logit_mean);
    const float t2 = t0*nl_sigmoid_e(P_logit_mean, t1);
    const float t3 = t0*nl_sigmoid_e(-P_logit_mean, t1);
    mean0 = -nl_digamma_diff(t2, t3);
    mean1 = -nl_digamma_diff(t3, t2);
}

__device__ __forceinline__ void beta_logit_mean_log_precision_fisher_case_f32(
    const float P_logit_mean,
    const float P_log_precision,
    float& fisher_0_0,
    float& fisher_0_1,
    float& fisher_1_1)
{
    const float t0 = expf(P_log_precision);
    const float t1 = nl_exp_neg_abs(P_logit_mean);
    const float t2 = nl_sigmoid_e(P_logit_mean, t1);
    const float t3 = t0*t2;
    const float t4 = nl_trigamma(t3);
    const float t5 = nl_sigmoid_e(-P_logit_mean, t1);
    const float t6 = t0*t5;
    const float t7 = nl_trigamma(t6);
    const float t8 = t0/(t1 + 1);
    fisher_0_0 = nl_times_square(t4 + t7, t3*t5);
    fisher_0_1 = -nl_times_square(t1*(-t2*t4 + t5*t7), t8);
    fisher_1_1 = -2*nl_times_square(t1*nl_trigamma(t0*(t2 + t5)), t8) + nl_times_square(nl_trigamma_diff(t3, t6), t3) + nl_times_square(nl_trigamma_diff(t6, t3), t6);
}

__device__ __forceinline__ void beta_logit_mean_log_precision_factor_case_f32(
    const float P_logit_mean,
    const float P_log_precision,
    float& factor_0_0,
    float& factor_0_1,
    float& factor_1_0,
    float& factor_1_1)
{
    const float t0 = expf(P_log_precision);
    const float t1 = nl_exp_neg_abs(P_logit_mean);
    const float t2 = nl_sigmoid_e(P_logit_mean, t1);
    const float t3 = t0*t2;
    const float t4 = nl_sigmoid_e(-P_logit_mean, t1);
    const float t5 = t0*t4;
    const float t6 = nl_trigamma_diff(t3, t5);
    const float t7 = 1.0F/sqrtf(t6);
    const float t8 = t1*t7;
    const float t9 = expf((0.5F)*P_log_precision)/(t1 + 1);
    const float t10 = sqrtf(nl_trigamma_det(t3, t5));
    factor_0_0 = nl_times_square(t8*nl_trigamma(t3), t9);
    factor_0_1 = -nl_times_square(t10*t8, t9);
    factor_1_0 = -t0*t7*(-t2*t6 + t4*nl_trigamma(t0*(t2 + t4)));
    factor_1_1 = t10*t5*t7;
}

__device__ __forceinline__ void beta_logit_mean_log_precision_fisher_product_case_f32(
    const float fisher_0_0,
    const float fisher_0_1,
    const float fisher_1_1,
    const float v0,
    const float v1,
    float& out0,
    float& out1)
{
    out0 = nl_mul_exact_zero(fisher_0_0, v0) + nl_mul_exact_zero(fisher_0_1, v1);
    out1 = nl_mul_exact_zero(fisher_0_1, v0) + nl_mul_exact_zero(fisher_1_1, v1);
}

__device__ __forceinline__ void beta_logit_mean_log_precision_factor_product_case_f32(
    const float factor_0_0,
    const float factor_0_1,
    const float factor_1_0,
    const float factor_1_1,
    const float u0,
    const float u1,
    float& out0,
    float& out1)
{
    out0 = factor_0_0*u0 + factor_0_1*u1;
    out1 = factor_1_0*u0 + factor_1_1*u1;
}

__device__ __forceinline__ void beta_logit_mean_log_precision_factor_transpose_product_case_f32(
    const float factor_0_0,
    const float factor_0_1,
    const float factor_1_0,
    const float factor_1_1,
    const float v0,
    const float v1,
    float& out0,
    float& out1)
{
    out0 = factor_0_0*v0 + factor_1_0*v1;
    out1 = factor_0_1*v0 + factor_1_1*v1;
}

__device__ __forceinline__ void beta_logit_mean_log_precision_hessian_case_f32(
    const float P_logit_mean,
    const float P_log_precision,
    const float y,
    float& hessian_0_0,
    float& hessian_0_1,
    float& hessian_1_1)
{
    const float t0 = logf(y);
    const float t1 = nl_exp_neg_abs(P_logit_mean);
    const float t2 = nl_sigmoid_e(-P_logit_mean, t1);
    const float t3 = expf((0.5F)*P_log_precision);
    const float t4 = nl_sigmoid_e(P_logit_mean, t1);
    const float t5 = t3*t4;
    const float t6 = t0*t4;
    const float t7 = t2*t3;
    const float t8 = log1pf(-y);
    const float t9 = t2*t8;
    const float t10 = expf(P_log_precision);
    const float t11 = t10*t4;
    const float t12 = nl_trigamma(t11);
    const float t13 = t11*t2;
    const float t14 = t10*t2;
    const float t15 = nl_trigamma(t14);
    const float t16 = nl_digamma(t11);
    const float t17 = nl_digamma(t14);
    const float t18 = 1.0F/(t1 + 1);
    const float t19 = t18*t3;
    hessian_0_0 = nl_times_square(t12, t13) + nl_times_square(t15, t13) - nl_times_square(t6, t7) - nl_times_square(t9, t5) + nl_times_square(t0*t2, t5) - nl_times_square(t16*t2, t5) + nl_times_square(t16*t4, t7) + nl_times_square(t17*t2, t5) - nl_times_square(t17*t4, t7) + nl_times_square(t4*t8, t7);
    hessian_0_1 = -nl_times_square(t0*t1, t19) + nl_times_square(t1*t16, t19) - nl_times_square(t1*t17, t19) + nl_times_square(t1*t8, t19) + nl_times_square(t12*t2, t11) - nl_times_square(t15*t4, t14);
    hessian_1_1 = -t10*t6 - t10*t9 - t11*nl_digamma_diff(t11, t14) - t14*nl_digamma_diff(t14, t11) - 2*nl_times_square(t1*nl_trigamma(t10*(t2 + t4)), t10*t18) + nl_times_square(nl_trigamma_diff(t11, t14), t11) + nl_times_square(nl_trigamma_diff(t14, t11), t14);
}

__device__ __forceinline__ void beta_logit_mean_log_precision_hessian_product_case_f32(
    const float hessian_0_0,
    const float hessian_0_1,
    const float hessian_1_1,
    const float v0,
    const float v1,
    float& out0,
    float& out1)
{
    out0 = nl_mul_exact_zero(hessian_0_0, v0) + nl_mul_exact_zero(hessian_0_1, v1);
    out1 = nl_mul_exact_zero(hessian_0_1, v0) + nl_mul_exact_zero(hessian_1_1, v1);
}

extern "C" __global__ void beta_logit_mean_log_precision_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_logit_mean,
    const float* __restrict__ in_P_log_precision,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const double weight,
    double* __restrict__ partial)
{
    __shared__ double buf[NATLOSS_BLOCK];
    double acc = 0.0;
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_nll;
        beta_logit_mean_log_precision_nll_case_f32(in_P_logit_mean[i], in_P_log_precision[i], in_y[i], r_nll);
        acc += mask == nullptr || mask[i] != 0 ? static_cast<double>(r_nll) : static_cast<double>(0);
    }
    buf[threadIdx.x] = acc;
    __syncthreads();
    for (unsigned int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) {
            buf[threadIdx.x] += buf[threadIdx.x + stride];
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        partial[blockIdx.x] = weight * buf[0];
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_nll_f32(
    const long long n,
    const float* __restrict__ in_P_logit_mean,
    const float* __restrict__ in_P_log_precision,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_nll;
        beta_logit_mean_log_precision_nll_case_f32(in_P_logit_mean[i], in_P_log_precision[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_grad_f32(
    const long long n,
    const float* __restrict__ in_P_logit_mean,
    const float* __restrict__ in_P_log_precision,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_grad0,
    float* __restrict__ out_grad1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_grad0;
        float r_grad1;
        beta_logit_mean_log_precision_grad_case_f32(in_P_logit_mean[i], in_P_log_precision[i], in_y[i], r_grad0, r_grad1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : float(0);
        out_grad1[i] = nl_keep ? r_grad1 * scale : float(0);
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_mean_f32(
    const long long n,
    const float* __restrict__ in_P_logit_mean,
    const float* __restrict__ in_P_log_precision,
    float* __restrict__ out_mean0,
    float* __restrict__ out_mean1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_mean0;
        float r_mean1;
        beta_logit_mean_log_precision_mean_case_f32(in_P_logit_mean[i], in_P_log_precision[i], r_mean0, r_mean1);
        out_mean0[i] = r_mean0;
        out_mean1[i] = r_mean1;
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_fisher_f32(
    const long long n,
    const float* __restrict__ in_P_logit_mean,
    const float* __restrict__ in_P_log_precision,
    float* __restrict__ out_fisher_0_0,
    float* __restrict__ out_fisher_0_1,
    float* __restrict__ out_fisher_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_fisher_0_0;
        float r_fisher_0_1;
        float r_fisher_1_1;
        beta_logit_mean_log_precision_fisher_case_f32(in_P_logit_mean[i], in_P_log_precision[i], r_fisher_0_0, r_fisher_0_1, r_fisher_1_1);
        out_fisher_0_0[i] = r_fisher_0_0;
        out_fisher_0_1[i] = r_fisher_0_1;
        out_fisher_1_1[i] = r_fisher_1_1;
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_factor_f32(
    const long long n,
    const float* __restrict__ in_P_logit_mean,
    const float* __restrict__ in_P_log_precision,
    float* __restrict__ out_factor_0_0,
    float* __restrict__ out_factor_0_1,
    float* __restrict__ out_factor_1_0,
    float* __restrict__ out_factor_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_factor_0_0;
        float r_factor_0_1;
        float r_factor_1_0;
        float r_factor_1_1;
        beta_logit_mean_log_precision_factor_case_f32(in_P_logit_mean[i], in_P_log_precision[i], r_factor_0_0, r_factor_0_1, r_factor_1_0, r_factor_1_1);
        out_factor_0_0[i] = r_factor_0_0;
        out_factor_0_1[i] = r_factor_0_1;
        out_factor_1_0[i] = r_factor_1_0;
        out_factor_1_1[i] = r_factor_1_1;
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_fisher_product_f32(
    const long long n,
    const float* __restrict__ in_fisher_0_0,
    const float* __restrict__ in_fisher_0_1,
    const float* __restrict__ in_fisher_1_1,
    const float* __restrict__ in_v0,
    const float* __restrict__ in_v1,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_out0,
    float* __restrict__ out_out1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_out0;
        float r_out1;
        beta_logit_mean_log_precision_fisher_product_case_f32(in_fisher_0_0[i], in_fisher_0_1[i], in_fisher_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
        out_out1[i] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_factor_product_f32(
    const long long n,
    const float* __restrict__ in_factor_0_0,
    const float* __restrict__ in_factor_0_1,
    const float* __restrict__ in_factor_1_0,
    const float* __restrict__ in_factor_1_1,
    const float* __restrict__ in_u,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_out0,
    float* __restrict__ out_out1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_out0;
        float r_out1;
        beta_logit_mean_log_precision_factor_product_case_f32(in_factor_0_0[i], in_factor_0_1[i], in_factor_1_0[i], in_factor_1_1[i], in_u[i * 2 + 0], in_u[i * 2 + 1], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
        out_out1[i] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_factor_transpose_product_f32(
    const long long n,
    const float* __restrict__ in_factor_0_0,
    const float* __restrict__ in_factor_0_1,
    const float* __restrict__ in_factor_1_0,
    const float* __restrict__ in_factor_1_1,
    const float* __restrict__ in_v0,
    const float* __restrict__ in_v1,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_out)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_out0;
        float r_out1;
        beta_logit_mean_log_precision_factor_transpose_product_case_f32(in_factor_0_0[i], in_factor_0_1[i], in_factor_1_0[i], in_factor_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i * 2 + 0] = nl_keep ? r_out0 * scale : float(0);
        out_out[i * 2 + 1] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_hessian_f32(
    const long long n,
    const float* __restrict__ in_P_logit_mean,
    const float* __restrict__ in_P_log_precision,
    const float* __restrict__ in_y,
    float* __restrict__ out_hessian_0_0,
    float* __restrict__ out_hessian_0_1,
    float* __restrict__ out_hessian_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_hessian_0_0;
        float r_hessian_0_1;
        float r_hessian_1_1;
        beta_logit_mean_log_precision_hessian_case_f32(in_P_logit_mean[i], in_P_log_precision[i], in_y[i], r_hessian_0_0, r_hessian_0_1, r_hessian_1_1);
        out_hessian_0_0[i] = r_hessian_0_0;
        out_hessian_0_1[i] = r_hessian_0_1;
        out_hessian_1_1[i] = r_hessian_1_1;
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_hessian_product_f32(
    const long long n,
    const float* __restrict__ in_hessian_0_0,
    const float* __restrict__ in_hessian_0_1,
    const float* __restrict__ in_hessian_1_1,
    const float* __restrict__ in_v0,
    const float* __restrict__ in_v1,
    float* __restrict__ out_out0,
    float* __restrict__ out_out1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_out0;
        float r_out1;
        beta_logit_mean_log_precision_hessian_product_case_f32(in_hessian_0_0[i], in_hessian_0_1[i], in_hessian_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        out_out0[i] = r_out0;
        out_out1[i] = r_out1;
    }
}

// ============================================================================= double

__device__ __forceinline__ void beta_logit_mean_log_precision_nll_case_f64(
    const double P_logit_mean,
    const double P_log_precision,
    const double y,
    double& nll)
{
    const double t0 = exp(P_log_precision);
    const double t1 = nl_exp_neg_abs(P_logit_mean);
    const double t2 = nl_sigmoid_e(P_logit_mean, t1);
    const double t3 = t0*t2;
    const double t4 = nl_sigmoid_e(-P_logit_mean, t1);
    const double t5 = t0*t4;
    nll = -(t3 - 1)*log(y) - (t5 - 1)*log1p(-y) + nl_lgamma(t3) + nl_lgamma(t5) - nl_lgamma(t0*(t2 + t4));
}

__device__ __forceinline__ void beta_logit_mean_log_precision_grad_case_f64(
    const double P_logit_mean,
    const double P_log_precision,
    const double y,
    double& grad0,
    double& grad1)
{
    const double t0 = log(y);
    const double t1 = nl_exp_neg_abs(P_logit_mean);
    const double t2 = exp((0.5)*P_log_precision)/(t1 + 1);
    const double t3 = log1p(-y);
    const double t4 = exp(P_log_precision);
    const double t5 = nl_sigmoid_e(-P_logit_mean, t1);
    const double t6 = t4*t5;
    const double t7 = nl_sigmoid_e(P_logit_mean, t1);
    const double t8 = t4*t7;
    grad0 = -nl_times_square(t0*t1, t2) + nl_times_square(t1*t3, t2) - nl_times_square(t1*nl_digamma(t6), t2) + nl_times_square(t1*nl_digamma(t8), t2);
    grad1 = -t4*(t0*t7 + t3*t5 + t5*nl_digamma_diff(t6, t8) + t7*nl_digamma_diff(t8, t6));
}

__device__ __forceinline__ void beta_logit_mean_log_precision_mean_case_f64(
    const double P_logit_mean,
    const double P_log_precision,
    double& mean0,
    double& mean1)
{
    const double t0 = exp(P_log_precision);
    const double t1 = nl_exp_neg_abs(P_logit_mean);
    const double t2 = t0*nl_sigmoid_e(P_logit_mean, t1);
    const double t3 = t0*nl_sigmoid_e(-P_logit_mean, t1);
    mean0 = -nl_digamma_diff(t2, t3);
    mean1 = -nl_digamma_diff(t3, t2);
}

__device__ __forceinline__ void beta_logit_mean_log_precision_fisher_case_f64(
    const double P_logit_mean,
    const double P_log_precision,
    double& fisher_0_0,
    double& fisher_0_1,
    double& fisher_1_1)
{
    const double t0 = exp(P_log_precision);
    const double t1 = nl_exp_neg_abs(P_logit_mean);
    const double t2 = nl_sigmoid_e(P_logit_mean, t1);
    const double t3 = t0*t2;
    const double t4 = nl_trigamma(t3);
    const double t5 = nl_sigmoid_e(-P_logit_mean, t1);
    const double t6 = t0*t5;
    const double t7 = nl_trigamma(t6);
    const double t8 = t0/(t1 + 1);
    fisher_0_0 = nl_times_square(t4 + t7, t3*t5);
    fisher_0_1 = -nl_times_square(t1*(-t2*t4 + t5*t7), t8);
    fisher_1_1 = -2*nl_times_square(t1*nl_trigamma(t0*(t2 + t5)), t8) + nl_times_square(nl_trigamma_diff(t3, t6), t3) + nl_times_square(nl_trigamma_diff(t6, t3), t6);
}

__device__ __forceinline__ void beta_logit_mean_log_precision_factor_case_f64(
    const double P_logit_mean,
    const double P_log_precision,
    double& factor_0_0,
    double& factor_0_1,
    double& factor_1_0,
    double& factor_1_1)
{
    const double t0 = exp(P_log_precision);
    const double t1 = nl_exp_neg_abs(P_logit_mean);
    const double t2 = nl_sigmoid_e(P_logit_mean, t1);
    const double t3 = t0*t2;
    const double t4 = nl_sigmoid_e(-P_logit_mean, t1);
    const double t5 = t0*t4;
    const double t6 = nl_trigamma_diff(t3, t5);
    const double t7 = 1.0/sqrt(t6);
    const double t8 = t1*t7;
    const double t9 = exp((0.5)*P_log_precision)/(t1 + 1);
    const double t10 = sqrt(nl_trigamma_det(t3, t5));
    factor_0_0 = nl_times_square(t8*nl_trigamma(t3), t9);
    factor_0_1 = -nl_times_square(t10*t8, t9);
    factor_1_0 = -t0*t7*(-t2*t6 + t4*nl_trigamma(t0*(t2 + t4)));
    factor_1_1 = t10*t5*t7;
}

__device__ __forceinline__ void beta_logit_mean_log_precision_fisher_product_case_f64(
    const double fisher_0_0,
    const double fisher_0_1,
    const double fisher_1_1,
    const double v0,
    const double v1,
    double& out0,
    double& out1)
{
    out0 = nl_mul_exact_zero(fisher_0_0, v0) + nl_mul_exact_zero(fisher_0_1, v1);
    out1 = nl_mul_exact_zero(fisher_0_1, v0) + nl_mul_exact_zero(fisher_1_1, v1);
}

__device__ __forceinline__ void beta_logit_mean_log_precision_factor_product_case_f64(
    const double factor_0_0,
    const double factor_0_1,
    const double factor_1_0,
    const double factor_1_1,
    const double u0,
    const double u1,
    double& out0,
    double& out1)
{
    out0 = factor_0_0*u0 + factor_0_1*u1;
    out1 = factor_1_0*u0 + factor_1_1*u1;
}

__device__ __forceinline__ void beta_logit_mean_log_precision_factor_transpose_product_case_f64(
    const double factor_0_0,
    const double factor_0_1,
    const double factor_1_0,
    const double factor_1_1,
    const double v0,
    const double v1,
    double& out0,
    double& out1)
{
    out0 = factor_0_0*v0 + factor_1_0*v1;
    out1 = factor_0_1*v0 + factor_1_1*v1;
}

__device__ __forceinline__ void beta_logit_mean_log_precision_hessian_case_f64(
    const double P_logit_mean,
    const double P_log_precision,
    const double y,
    double& hessian_0_0,
    double& hessian_0_1,
    double& hessian_1_1)
{
    const double t0 = log(y);
    const double t1 = nl_exp_neg_abs(P_logit_mean);
    const double t2 = nl_sigmoid_e(-P_logit_mean, t1);
    const double t3 = exp((0.5)*P_log_precision);
    const double t4 = nl_sigmoid_e(P_logit_mean, t1);
    const double t5 = t3*t4;
    const double t6 = t0*t4;
    const double t7 = t2*t3;
    const double t8 = log1p(-y);
    const double t9 = t2*t8;
    const double t10 = exp(P_log_precision);
    const double t11 = t10*t4;
    const double t12 = nl_trigamma(t11);
    const double t13 = t11*t2;
    const double t14 = t10*t2;
    const double t15 = nl_trigamma(t14);
    const double t16 = nl_digamma(t11);
    const double t17 = nl_digamma(t14);
    const double t18 = 1.0/(t1 + 1);
    const double t19 = t18*t3;
    hessian_0_0 = nl_times_square(t12, t13) + nl_times_square(t15, t13) - nl_times_square(t6, t7) - nl_times_square(t9, t5) + nl_times_square(t0*t2, t5) - nl_times_square(t16*t2, t5) + nl_times_square(t16*t4, t7) + nl_times_square(t17*t2, t5) - nl_times_square(t17*t4, t7) + nl_times_square(t4*t8, t7);
    hessian_0_1 = -nl_times_square(t0*t1, t19) + nl_times_square(t1*t16, t19) - nl_times_square(t1*t17, t19) + nl_times_square(t1*t8, t19) + nl_times_square(t12*t2, t11) - nl_times_square(t15*t4, t14);
    hessian_1_1 = -t10*t6 - t10*t9 - t11*nl_digamma_diff(t11, t14) - t14*nl_digamma_diff(t14, t11) - 2*nl_times_square(t1*nl_trigamma(t10*(t2 + t4)), t10*t18) + nl_times_square(nl_trigamma_diff(t11, t14), t11) + nl_times_square(nl_trigamma_diff(t14, t11), t14);
}

__device__ __forceinline__ void beta_logit_mean_log_precision_hessian_product_case_f64(
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

extern "C" __global__ void beta_logit_mean_log_precision_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_logit_mean,
    const double* __restrict__ in_P_log_precision,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double weight,
    double* __restrict__ partial)
{
    __shared__ double buf[NATLOSS_BLOCK];
    double acc = 0.0;
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_nll;
        beta_logit_mean_log_precision_nll_case_f64(in_P_logit_mean[i], in_P_log_precision[i], in_y[i], r_nll);
        acc += mask == nullptr || mask[i] != 0 ? static_cast<double>(r_nll) : static_cast<double>(0);
    }
    buf[threadIdx.x] = acc;
    __syncthreads();
    for (unsigned int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) {
            buf[threadIdx.x] += buf[threadIdx.x + stride];
        }
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        partial[blockIdx.x] = weight * buf[0];
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_nll_f64(
    const long long n,
    const double* __restrict__ in_P_logit_mean,
    const double* __restrict__ in_P_log_precision,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_nll;
        beta_logit_mean_log_precision_nll_case_f64(in_P_logit_mean[i], in_P_log_precision[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_grad_f64(
    const long long n,
    const double* __restrict__ in_P_logit_mean,
    const double* __restrict__ in_P_log_precision,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_grad0,
    double* __restrict__ out_grad1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_grad0;
        double r_grad1;
        beta_logit_mean_log_precision_grad_case_f64(in_P_logit_mean[i], in_P_log_precision[i], in_y[i], r_grad0, r_grad1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : double(0);
        out_grad1[i] = nl_keep ? r_grad1 * scale : double(0);
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_mean_f64(
    const long long n,
    const double* __restrict__ in_P_logit_mean,
    const double* __restrict__ in_P_log_precision,
    double* __restrict__ out_mean0,
    double* __restrict__ out_mean1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_mean0;
        double r_mean1;
        beta_logit_mean_log_precision_mean_case_f64(in_P_logit_mean[i], in_P_log_precision[i], r_mean0, r_mean1);
        out_mean0[i] = r_mean0;
        out_mean1[i] = r_mean1;
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_fisher_f64(
    const long long n,
    const double* __restrict__ in_P_logit_mean,
    const double* __restrict__ in_P_log_precision,
    double* __restrict__ out_fisher_0_0,
    double* __restrict__ out_fisher_0_1,
    double* __restrict__ out_fisher_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_fisher_0_0;
        double r_fisher_0_1;
        double r_fisher_1_1;
        beta_logit_mean_log_precision_fisher_case_f64(in_P_logit_mean[i], in_P_log_precision[i], r_fisher_0_0, r_fisher_0_1, r_fisher_1_1);
        out_fisher_0_0[i] = r_fisher_0_0;
        out_fisher_0_1[i] = r_fisher_0_1;
        out_fisher_1_1[i] = r_fisher_1_1;
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_factor_f64(
    const long long n,
    const double* __restrict__ in_P_logit_mean,
    const double* __restrict__ in_P_log_precision,
    double* __restrict__ out_factor_0_0,
    double* __restrict__ out_factor_0_1,
    double* __restrict__ out_factor_1_0,
    double* __restrict__ out_factor_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_factor_0_0;
        double r_factor_0_1;
        double r_factor_1_0;
        double r_factor_1_1;
        beta_logit_mean_log_precision_factor_case_f64(in_P_logit_mean[i], in_P_log_precision[i], r_factor_0_0, r_factor_0_1, r_factor_1_0, r_factor_1_1);
        out_factor_0_0[i] = r_factor_0_0;
        out_factor_0_1[i] = r_factor_0_1;
        out_factor_1_0[i] = r_factor_1_0;
        out_factor_1_1[i] = r_factor_1_1;
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_fisher_product_f64(
    const long long n,
    const double* __restrict__ in_fisher_0_0,
    const double* __restrict__ in_fisher_0_1,
    const double* __restrict__ in_fisher_1_1,
    const double* __restrict__ in_v0,
    const double* __restrict__ in_v1,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_out0,
    double* __restrict__ out_out1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_out0;
        double r_out1;
        beta_logit_mean_log_precision_fisher_product_case_f64(in_fisher_0_0[i], in_fisher_0_1[i], in_fisher_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
        out_out1[i] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_factor_product_f64(
    const long long n,
    const double* __restrict__ in_factor_0_0,
    const double* __restrict__ in_factor_0_1,
    const double* __restrict__ in_factor_1_0,
    const double* __restrict__ in_factor_1_1,
    const double* __restrict__ in_u,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_out0,
    double* __restrict__ out_out1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_out0;
        double r_out1;
        beta_logit_mean_log_precision_factor_product_case_f64(in_factor_0_0[i], in_factor_0_1[i], in_factor_1_0[i], in_factor_1_1[i], in_u[i * 2 + 0], in_u[i * 2 + 1], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
        out_out1[i] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_factor_transpose_product_f64(
    const long long n,
    const double* __restrict__ in_factor_0_0,
    const double* __restrict__ in_factor_0_1,
    const double* __restrict__ in_factor_1_0,
    const double* __restrict__ in_factor_1_1,
    const double* __restrict__ in_v0,
    const double* __restrict__ in_v1,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_out)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_out0;
        double r_out1;
        beta_logit_mean_log_precision_factor_transpose_product_case_f64(in_factor_0_0[i], in_factor_0_1[i], in_factor_1_0[i], in_factor_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i * 2 + 0] = nl_keep ? r_out0 * scale : double(0);
        out_out[i * 2 + 1] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_hessian_f64(
    const long long n,
    const double* __restrict__ in_P_logit_mean,
    const double* __restrict__ in_P_log_precision,
    const double* __restrict__ in_y,
    double* __restrict__ out_hessian_0_0,
    double* __restrict__ out_hessian_0_1,
    double* __restrict__ out_hessian_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_hessian_0_0;
        double r_hessian_0_1;
        double r_hessian_1_1;
        beta_logit_mean_log_precision_hessian_case_f64(in_P_logit_mean[i], in_P_log_precision[i], in_y[i], r_hessian_0_0, r_hessian_0_1, r_hessian_1_1);
        out_hessian_0_0[i] = r_hessian_0_0;
        out_hessian_0_1[i] = r_hessian_0_1;
        out_hessian_1_1[i] = r_hessian_1_1;
    }
}

extern "C" __global__ void beta_logit_mean_log_precision_hessian_product_f64(
    const long long n,
    const double* __restrict__ in_hessian_0_0,
    const double* __restrict__ in_hessian_0_1,
    const double* __restrict__ in_hessian_1_1,
    const double* __restrict__ in_v0,
    const double* __restrict__ in_v1,
    double* __restrict__ out_out0,
    double* __restrict__ out_out1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_out0;
        double r_out1;
        beta_logit_mean_log_precision_hessian_product_case_f64(in_hessian_0_0[i], in_hessian_0_1[i], in_hessian_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        out_out0[i] = r_out0;
        out_out1[i] = r_out1;
    }
}
