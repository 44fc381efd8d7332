// generated from codegen/families/beta.py by codegen/backends/cuda/templates/cuda/family.cu.jinja, do not edit; run `natloss build`.
// BetaNegativeLogProbLoss: the beta family, CUDA kernels.
// Structure: dense. Per dtype (float, double): one __device__ per-case function per op
// and one extern "C" kernel per op, one thread per case in a grid-stride loop. The kernels
// read only the inputs their op uses; masks and weights are folded into the weighted ops.
// Launch with blockDim.x == NATLOSS_BLOCK (the reduction's shared buffer).
#include "natloss_math.cuh"

#ifndef NATLOSS_BLOCK
#define NATLOSS_BLOCK 256
#endif

// ============================================================================= float

__device__ __forceinline__ void beta_nll_case_f32(
    const float P_alpha_minus_one,
    const float P_beta_minus_one,
    const float y,
    float& nll)
{
    const float D_alpha_minus_one = P_alpha_minus_one + 1;
    const float D_beta_minus_one = P_beta_minus_one + 1;
    nll = -P_alpha_minus_one*logf(y) - P_beta_minus_one*log1pf(-y) + nl_lgamma(D_alpha_minus_one) + nl_lgamma(D_beta_minus_one) - nl_lgamma(D_alpha_minus_one + D_beta_minus_one);
}

__device__ __forceinline__ void beta_grad_case_f32(
    const float P_alpha_minus_one,
    const float P_beta_minus_one,
    const float y,
    float& grad0,
    float& grad1)
{
    const float D_alpha_minus_one = P_alpha_minus_one + 1;
    const float D_beta_minus_one = P_beta_minus_one + 1;
    const float t0 = D_alpha_minus_one;
    const float t1 = D_beta_minus_one;
    grad0 = -logf(y) - nl_digamma_diff(t0, t1);
    grad1 = -nl_digamma_diff(t1, t0) - log1pf(-y);
}

__device__ __forceinline__ void beta_mean_case_f32(
    const float P_alpha_minus_one,
    const float P_beta_minus_one,
    float& mean0,
    float& mean1)
{
    const float D_alpha_minus_one = P_alpha_minus_one + 1;
    const float D_beta_minus_one = P_beta_minus_one + 1;
    const float t0 = D_alpha_minus_one;
    const float t1 = D_beta_minus_one;
    mean0 = -nl_digamma_diff(t0, t1);
    mean1 = -nl_digamma_diff(t1, t0);
}

__device__ __forceinline__ void beta_fisher_case_f32(
    const float P_alpha_minus_one,
    const float P_beta_minus_one,
    float& fisher_0_0,
    float& fisher_0_1,
    float& fisher_1_1)
{
    const float D_alpha_minus_one = P_alpha_minus_one + 1;
    const float D_beta_minus_one = P_beta_minus_one + 1;
    const float t0 = D_alpha_minus_one;
    const float t1 = D_beta_minus_one;
    fisher_0_0 = nl_trigamma_diff(t0, t1);
    fisher_0_1 = -nl_trigamma(D_alpha_minus_one + D_beta_minus_one);
    fisher_1_1 = nl_trigamma_diff(t1, t0);
}

__device__ __forceinline__ void beta_factor_case_f32(
    const float P_alpha_minus_one,
    const float P_beta_minus_one,
    float& factor_0_0,
    float& factor_1_0,
    float& factor_1_1)
{
    const float D_alpha_minus_one = P_alpha_minus_one + 1;
    const float D_beta_minus_one = P_beta_minus_one + 1;
    const float t0 = D_alpha_minus_one;
    const float t1 = D_beta_minus_one;
    const float t2 = nl_trigamma_diff(t0, t1);
    const float t3 = sqrtf(t2);
    factor_0_0 = t3;
    factor_1_0 = -nl_trigamma(D_alpha_minus_one + D_beta_minus_one)/t3;
    factor_1_1 = sqrtf(nl_trigamma_det(t0, t1)/t2);
}

__device__ __forceinline__ void beta_fisher_product_case_f32(
    const float fisher_0_0,
    const float fisher_0_1,
    const float fisher_1_1,
    const float v0,
    const float v1,
    float& out0,
    float& out1)
{
    out0 = fisher_0_0*v0 + fisher_0_1*v1;
    out1 = fisher_0_1*v0 + fisher_1_1*v1;
}

__device__ __forceinline__ void beta_factor_product_case_f32(
    const float factor_0_0,
    const float factor_1_0,
    const float factor_1_1,
    const float u0,
    const float u1,
    float& out0,
    float& out1)
{
    out0 = factor_0_0*u0;
    out1 = factor_1_0*u0 + factor_1_1*u1;
}

__device__ __forceinline__ void beta_factor_transpose_product_case_f32(
    const float factor_0_0,
    const float factor_1_0,
    const float factor_1_1,
    const float v0,
    const float v1,
    float& out0,
    float& out1)
{
    out0 = factor_0_0*v0 + factor_1_0*v1;
    out1 = factor_1_1*v1;
}

extern "C" __global__ void beta_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_alpha_minus_one,
    const float* __restrict__ in_P_beta_minus_one,
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
        beta_nll_case_f32(in_P_alpha_minus_one[i], in_P_beta_minus_one[i], in_y[i], r_nll);
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

extern "C" __global__ void beta_nll_f32(
    const long long n,
    const float* __restrict__ in_P_alpha_minus_one,
    const float* __restrict__ in_P_beta_minus_one,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_nll;
        beta_nll_case_f32(in_P_alpha_minus_one[i], in_P_beta_minus_one[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void beta_grad_f32(
    const long long n,
    const float* __restrict__ in_P_alpha_minus_one,
    const float* __restrict__ in_P_beta_minus_one,
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
        beta_grad_case_f32(in_P_alpha_minus_one[i], in_P_beta_minus_one[i], in_y[i], r_grad0, r_grad1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : float(0);
        out_grad1[i] = nl_keep ? r_grad1 * scale : float(0);
    }
}

extern "C" __global__ void beta_mean_f32(
    const long long n,
    const float* __restrict__ in_P_alpha_minus_one,
    const float* __restrict__ in_P_beta_minus_one,
    float* __restrict__ out_mean0,
    float* __restrict__ out_mean1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_mean0;
        float r_mean1;
        beta_mean_case_f32(in_P_alpha_minus_one[i], in_P_beta_minus_one[i], r_mean0, r_mean1);
        out_mean0[i] = r_mean0;
        out_mean1[i] = r_mean1;
    }
}

extern "C" __global__ void beta_fisher_f32(
    const long long n,
    const float* __restrict__ in_P_alpha_minus_one,
    const float* __restrict__ in_P_beta_minus_one,
    float* __restrict__ out_fisher_0_0,
    float* __restrict__ out_fisher_0_1,
    float* __restrict__ out_fisher_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_fisher_0_0;
        float r_fisher_0_1;
        float r_fisher_1_1;
        beta_fisher_case_f32(in_P_alpha_minus_one[i], in_P_beta_minus_one[i], r_fisher_0_0, r_fisher_0_1, r_fisher_1_1);
        out_fisher_0_0[i] = r_fisher_0_0;
        out_fisher_0_1[i] = r_fisher_0_1;
        out_fisher_1_1[i] = r_fisher_1_1;
    }
}

extern "C" __global__ void beta_factor_f32(
    const long long n,
    const float* __restrict__ in_P_alpha_minus_one,
    const float* __restrict__ in_P_beta_minus_one,
    float* __restrict__ out_factor_0_0,
    float* __restrict__ out_factor_1_0,
    float* __restrict__ out_factor_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_factor_0_0;
        float r_factor_1_0;
        float r_factor_1_1;
        beta_factor_case_f32(in_P_alpha_minus_one[i], in_P_beta_minus_one[i], r_factor_0_0, r_factor_1_0, r_factor_1_1);
        out_factor_0_0[i] = r_factor_0_0;
        out_factor_1_0[i] = r_factor_1_0;
        out_factor_1_1[i] = r_factor_1_1;
    }
}

extern "C" __global__ void beta_fisher_product_f32(
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
        beta_fisher_product_case_f32(in_fisher_0_0[i], in_fisher_0_1[i], in_fisher_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
        out_out1[i] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void beta_factor_product_f32(
    const long long n,
    const float* __restrict__ in_factor_0_0,
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
        beta_factor_product_case_f32(in_factor_0_0[i], in_factor_1_0[i], in_factor_1_1[i], in_u[i * 2 + 0], in_u[i * 2 + 1], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
        out_out1[i] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void beta_factor_transpose_product_f32(
    const long long n,
    const float* __restrict__ in_factor_0_0,
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
        beta_factor_transpose_product_case_f32(in_factor_0_0[i], in_factor_1_0[i], in_factor_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i * 2 + 0] = nl_keep ? r_out0 * scale : float(0);
        out_out[i * 2 + 1] = nl_keep ? r_out1 * scale : float(0);
    }
}

// ============================================================================= double

__device__ __forceinline__ void beta_nll_case_f64(
    const double P_alpha_minus_one,
    const double P_beta_minus_one,
    const double y,
    double& nll)
{
    const double D_alpha_minus_one = P_alpha_minus_one + 1;
    const double D_beta_minus_one = P_beta_minus_one + 1;
    nll = -P_alpha_minus_one*log(y) - P_beta_minus_one*log1p(-y) + nl_lgamma(D_alpha_minus_one) + nl_lgamma(D_beta_minus_one) - nl_lgamma(D_alpha_minus_one + D_beta_minus_one);
}

__device__ __forceinline__ void beta_grad_case_f64(
    const double P_alpha_minus_one,
    const double P_beta_minus_one,
    const double y,
    double& grad0,
    double& grad1)
{
    const double D_alpha_minus_one = P_alpha_minus_one + 1;
    const double D_beta_minus_one = P_beta_minus_one + 1;
    const double t0 = D_alpha_minus_one;
    const double t1 = D_beta_minus_one;
    grad0 = -log(y) - nl_digamma_diff(t0, t1);
    grad1 = -nl_digamma_diff(t1, t0) - log1p(-y);
}

__device__ __forceinline__ void beta_mean_case_f64(
    const double P_alpha_minus_one,
    const double P_beta_minus_one,
    double& mean0,
    double& mean1)
{
    const double D_alpha_minus_one = P_alpha_minus_one + 1;
    const double D_beta_minus_one = P_beta_minus_one + 1;
    const double t0 = D_alpha_minus_one;
    const double t1 = D_beta_minus_one;
    mean0 = -nl_digamma_diff(t0, t1);
    mean1 = -nl_digamma_diff(t1, t0);
}

__device__ __forceinline__ void beta_fisher_case_f64(
    const double P_alpha_minus_one,
    const double P_beta_minus_one,
    double& fisher_0_0,
    double& fisher_0_1,
    double& fisher_1_1)
{
    const double D_alpha_minus_one = P_alpha_minus_one + 1;
    const double D_beta_minus_one = P_beta_minus_one + 1;
    const double t0 = D_alpha_minus_one;
    const double t1 = D_beta_minus_one;
    fisher_0_0 = nl_trigamma_diff(t0, t1);
    fisher_0_1 = -nl_trigamma(D_alpha_minus_one + D_beta_minus_one);
    fisher_1_1 = nl_trigamma_diff(t1, t0);
}

__device__ __forceinline__ void beta_factor_case_f64(
    const double P_alpha_minus_one,
    const double P_beta_minus_one,
    double& factor_0_0,
    double& factor_1_0,
    double& factor_1_1)
{
    const double D_alpha_minus_one = P_alpha_minus_one + 1;
    const double D_beta_minus_one = P_beta_minus_one + 1;
    const double t0 = D_alpha_minus_one;
    const double t1 = D_beta_minus_one;
    const double t2 = nl_trigamma_diff(t0, t1);
    const double t3 = sqrt(t2);
    factor_0_0 = t3;
    factor_1_0 = -nl_trigamma(D_alpha_minus_one + D_beta_minus_one)/t3;
    factor_1_1 = sqrt(nl_trigamma_det(t0, t1)/t2);
}

__device__ __forceinline__ void beta_fisher_product_case_f64(
    const double fisher_0_0,
    const double fisher_0_1,
    const double fisher_1_1,
    const double v0,
    const double v1,
    double& out0,
    double& out1)
{
    out0 = fisher_0_0*v0 + fisher_0_1*v1;
    out1 = fisher_0_1*v0 + fisher_1_1*v1;
}

__device__ __forceinline__ void beta_factor_product_case_f64(
    const double factor_0_0,
    const double factor_1_0,
    const double factor_1_1,
    const double u0,
    const double u1,
    double& out0,
    double& out1)
{
    out0 = factor_0_0*u0;
    out1 = factor_1_0*u0 + factor_1_1*u1;
}

__device__ __forceinline__ void beta_factor_transpose_product_case_f64(
    const double factor_0_0,
    const double factor_1_0,
    const double factor_1_1,
    const double v0,
    const double v1,
    double& out0,
    double& out1)
{
    out0 = factor_0_0*v0 + factor_1_0*v1;
    out1 = factor_1_1*v1;
}

extern "C" __global__ void beta_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_alpha_minus_one,
    const double* __restrict__ in_P_beta_minus_one,
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
        beta_nll_case_f64(in_P_alpha_minus_one[i], in_P_beta_minus_one[i], in_y[i], r_nll);
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

extern "C" __global__ void beta_nll_f64(
    const long long n,
    const double* __restrict__ in_P_alpha_minus_one,
    const double* __restrict__ in_P_beta_minus_one,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_nll;
        beta_nll_case_f64(in_P_alpha_minus_one[i], in_P_beta_minus_one[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void beta_grad_f64(
    const long long n,
    const double* __restrict__ in_P_alpha_minus_one,
    const double* __restrict__ in_P_beta_minus_one,
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
        beta_grad_case_f64(in_P_alpha_minus_one[i], in_P_beta_minus_one[i], in_y[i], r_grad0, r_grad1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : double(0);
        out_grad1[i] = nl_keep ? r_grad1 * scale : double(0);
    }
}

extern "C" __global__ void beta_mean_f64(
    const long long n,
    const double* __restrict__ in_P_alpha_minus_one,
    const double* __restrict__ in_P_beta_minus_one,
    double* __restrict__ out_mean0,
    double* __restrict__ out_mean1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_mean0;
        double r_mean1;
        beta_mean_case_f64(in_P_alpha_minus_one[i], in_P_beta_minus_one[i], r_mean0, r_mean1);
        out_mean0[i] = r_mean0;
        out_mean1[i] = r_mean1;
    }
}

extern "C" __global__ void beta_fisher_f64(
    const long long n,
    const double* __restrict__ in_P_alpha_minus_one,
    const double* __restrict__ in_P_beta_minus_one,
    double* __restrict__ out_fisher_0_0,
    double* __restrict__ out_fisher_0_1,
    double* __restrict__ out_fisher_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_fisher_0_0;
        double r_fisher_0_1;
        double r_fisher_1_1;
        beta_fisher_case_f64(in_P_alpha_minus_one[i], in_P_beta_minus_one[i], r_fisher_0_0, r_fisher_0_1, r_fisher_1_1);
        out_fisher_0_0[i] = r_fisher_0_0;
        out_fisher_0_1[i] = r_fisher_0_1;
        out_fisher_1_1[i] = r_fisher_1_1;
    }
}

extern "C" __global__ void beta_factor_f64(
    const long long n,
    const double* __restrict__ in_P_alpha_minus_one,
    const double* __restrict__ in_P_beta_minus_one,
    double* __restrict__ out_factor_0_0,
    double* __restrict__ out_factor_1_0,
    double* __restrict__ out_factor_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_factor_0_0;
        double r_factor_1_0;
        double r_factor_1_1;
        beta_factor_case_f64(in_P_alpha_minus_one[i], in_P_beta_minus_one[i], r_factor_0_0, r_factor_1_0, r_factor_1_1);
        out_factor_0_0[i] = r_factor_0_0;
        out_factor_1_0[i] = r_factor_1_0;
        out_factor_1_1[i] = r_factor_1_1;
    }
}

extern "C" __global__ void beta_fisher_product_f64(
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
        beta_fisher_product_case_f64(in_fisher_0_0[i], in_fisher_0_1[i], in_fisher_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
        out_out1[i] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void beta_factor_product_f64(
    const long long n,
    const double* __restrict__ in_factor_0_0,
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
        beta_factor_product_case_f64(in_factor_0_0[i], in_factor_1_0[i], in_factor_1_1[i], in_u[i * 2 + 0], in_u[i * 2 + 1], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
        out_out1[i] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void beta_factor_transpose_product_f64(
    const long long n,
    const double* __restrict__ in_factor_0_0,
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
        beta_factor_transpose_product_case_f64(in_factor_0_0[i], in_factor_1_0[i], in_factor_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i * 2 + 0] = nl_keep ? r_out0 * scale : double(0);
        out_out[i * 2 + 1] = nl_keep ? r_out1 * scale : double(0);
    }
}
