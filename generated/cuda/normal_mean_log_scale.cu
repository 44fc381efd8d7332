// generated from codegen/parametrizations/normal.py by codegen/backends/cuda/templates/cuda/family.cu.jinja, do not edit; run `natloss build`.
// NormalMeanLogScaleNegativeLogProbLoss: the normal_mean_log_scale family, CUDA kernels.
// Structure: dense. Per dtype (float, double): one __device__ per-case function per op
// and one extern "C" kernel per op, one thread per case in a grid-stride loop. The kernels
// read only the inputs their op uses; masks and weights are folded into the weighted ops.
// Launch with blockDim.x == NATLOSS_BLOCK (the reduction's shared buffer).
#include "natloss_math.cuh"

#ifndef NATLOSS_BLOCK
#define NATLOSS_BLOCK 256
#endif

// ============================================================================= float

__device__ __forceinline__ void normal_mean_log_scale_nll_case_f32(
    const float P_mean,
    const float P_log_scale,
    const float y,
    float& nll)
{
    nll = P_log_scale + (0.5F)*nl_times_square(1, (P_mean - y)*expf(-P_log_scale)) + 0.9189385F;
}

__device__ __forceinline__ void normal_mean_log_scale_grad_case_f32(
    const float P_mean,
    const float P_log_scale,
    const float y,
    float& grad0,
    float& grad1)
{
    const float t0 = P_mean - y;
    const float t1 = expf(-P_log_scale);
    grad0 = (0.5F)*nl_times_square(2*t0, t1);
    grad1 = 1 - nl_times_square(1, t0*t1);
}

__device__ __forceinline__ void normal_mean_log_scale_mean_case_f32(
    const float P_mean,
    const float P_log_scale,
    float& mean0,
    float& mean1)
{
    mean0 = P_mean;
    mean1 = (P_mean*P_mean) + expf(2*P_log_scale);
}

__device__ __forceinline__ void normal_mean_log_scale_fisher_case_f32(
    const float P_log_scale,
    float& fisher_0_0,
    float& fisher_0_1,
    float& fisher_1_1)
{
    fisher_0_0 = expf(-2*P_log_scale);
    fisher_0_1 = 0;
    fisher_1_1 = 2;
}

__device__ __forceinline__ void normal_mean_log_scale_factor_case_f32(
    const float P_log_scale,
    float& factor_0_0,
    float& factor_1_1)
{
    factor_0_0 = expf(-P_log_scale);
    factor_1_1 = 1.4142135F;
}

__device__ __forceinline__ void normal_mean_log_scale_fisher_product_case_f32(
    const float fisher_0_0,
    const float v0,
    const float v1,
    float& out0,
    float& out1)
{
    out0 = nl_mul_exact_zero(fisher_0_0, v0);
    out1 = 2*v1;
}

__device__ __forceinline__ void normal_mean_log_scale_factor_product_case_f32(
    const float factor_0_0,
    const float factor_1_1,
    const float u0,
    const float u1,
    float& out0,
    float& out1)
{
    out0 = factor_0_0*u0;
    out1 = factor_1_1*u1;
}

__device__ __forceinline__ void normal_mean_log_scale_factor_transpose_product_case_f32(
    const float factor_0_0,
    const float factor_1_1,
    const float v0,
    const float v1,
    float& out0,
    float& out1)
{
    out0 = factor_0_0*v0;
    out1 = factor_1_1*v1;
}

__device__ __forceinline__ void normal_mean_log_scale_hessian_case_f32(
    const float P_mean,
    const float P_log_scale,
    const float y,
    float& hessian_0_0,
    float& hessian_0_1,
    float& hessian_1_1)
{
    const float t0 = P_mean - y;
    const float t1 = expf(-P_log_scale);
    hessian_0_0 = expf(-2*P_log_scale);
    hessian_0_1 = -nl_times_square(2*t0, t1);
    hessian_1_1 = 2*nl_times_square(1, t0*t1);
}

__device__ __forceinline__ void normal_mean_log_scale_hessian_product_case_f32(
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

extern "C" __global__ void normal_mean_log_scale_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_log_scale,
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
        normal_mean_log_scale_nll_case_f32(in_P_mean[i], in_P_log_scale[i], in_y[i], r_nll);
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

extern "C" __global__ void normal_mean_log_scale_nll_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_log_scale,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_nll;
        normal_mean_log_scale_nll_case_f32(in_P_mean[i], in_P_log_scale[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void normal_mean_log_scale_grad_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_log_scale,
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
        normal_mean_log_scale_grad_case_f32(in_P_mean[i], in_P_log_scale[i], in_y[i], r_grad0, r_grad1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : float(0);
        out_grad1[i] = nl_keep ? r_grad1 * scale : float(0);
    }
}

extern "C" __global__ void normal_mean_log_scale_mean_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_log_scale,
    float* __restrict__ out_mean0,
    float* __restrict__ out_mean1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_mean0;
        float r_mean1;
        normal_mean_log_scale_mean_case_f32(in_P_mean[i], in_P_log_scale[i], r_mean0, r_mean1);
        out_mean0[i] = r_mean0;
        out_mean1[i] = r_mean1;
    }
}

extern "C" __global__ void normal_mean_log_scale_fisher_f32(
    const long long n,
    const float* __restrict__ in_P_log_scale,
    float* __restrict__ out_fisher_0_0,
    float* __restrict__ out_fisher_0_1,
    float* __restrict__ out_fisher_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_fisher_0_0;
        float r_fisher_0_1;
        float r_fisher_1_1;
        normal_mean_log_scale_fisher_case_f32(in_P_log_scale[i], r_fisher_0_0, r_fisher_0_1, r_fisher_1_1);
        out_fisher_0_0[i] = r_fisher_0_0;
        out_fisher_0_1[i] = r_fisher_0_1;
        out_fisher_1_1[i] = r_fisher_1_1;
    }
}

extern "C" __global__ void normal_mean_log_scale_factor_f32(
    const long long n,
    const float* __restrict__ in_P_log_scale,
    float* __restrict__ out_factor_0_0,
    float* __restrict__ out_factor_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_factor_0_0;
        float r_factor_1_1;
        normal_mean_log_scale_factor_case_f32(in_P_log_scale[i], r_factor_0_0, r_factor_1_1);
        out_factor_0_0[i] = r_factor_0_0;
        out_factor_1_1[i] = r_factor_1_1;
    }
}

extern "C" __global__ void normal_mean_log_scale_fisher_product_f32(
    const long long n,
    const float* __restrict__ in_fisher_0_0,
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
        normal_mean_log_scale_fisher_product_case_f32(in_fisher_0_0[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
        out_out1[i] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void normal_mean_log_scale_factor_product_f32(
    const long long n,
    const float* __restrict__ in_factor_0_0,
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
        normal_mean_log_scale_factor_product_case_f32(in_factor_0_0[i], in_factor_1_1[i], in_u[i * 2 + 0], in_u[i * 2 + 1], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
        out_out1[i] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void normal_mean_log_scale_factor_transpose_product_f32(
    const long long n,
    const float* __restrict__ in_factor_0_0,
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
        normal_mean_log_scale_factor_transpose_product_case_f32(in_factor_0_0[i], in_factor_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i * 2 + 0] = nl_keep ? r_out0 * scale : float(0);
        out_out[i * 2 + 1] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void normal_mean_log_scale_hessian_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_log_scale,
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
        normal_mean_log_scale_hessian_case_f32(in_P_mean[i], in_P_log_scale[i], in_y[i], r_hessian_0_0, r_hessian_0_1, r_hessian_1_1);
        out_hessian_0_0[i] = r_hessian_0_0;
        out_hessian_0_1[i] = r_hessian_0_1;
        out_hessian_1_1[i] = r_hessian_1_1;
    }
}

extern "C" __global__ void normal_mean_log_scale_hessian_product_f32(
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
        normal_mean_log_scale_hessian_product_case_f32(in_hessian_0_0[i], in_hessian_0_1[i], in_hessian_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        out_out0[i] = r_out0;
        out_out1[i] = r_out1;
    }
}

// ============================================================================= double

__device__ __forceinline__ void normal_mean_log_scale_nll_case_f64(
    const double P_mean,
    const double P_log_scale,
    const double y,
    double& nll)
{
    nll = P_log_scale + (0.5)*nl_times_square(1, (P_mean - y)*exp(-P_log_scale)) + 0.9189385332046728;
}

__device__ __forceinline__ void normal_mean_log_scale_grad_case_f64(
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

__device__ __forceinline__ void normal_mean_log_scale_mean_case_f64(
    const double P_mean,
    const double P_log_scale,
    double& mean0,
    double& mean1)
{
    mean0 = P_mean;
    mean1 = (P_mean*P_mean) + exp(2*P_log_scale);
}

__device__ __forceinline__ void normal_mean_log_scale_fisher_case_f64(
    const double P_log_scale,
    double& fisher_0_0,
    double& fisher_0_1,
    double& fisher_1_1)
{
    fisher_0_0 = exp(-2*P_log_scale);
    fisher_0_1 = 0;
    fisher_1_1 = 2;
}

__device__ __forceinline__ void normal_mean_log_scale_factor_case_f64(
    const double P_log_scale,
    double& factor_0_0,
    double& factor_1_1)
{
    factor_0_0 = exp(-P_log_scale);
    factor_1_1 = 1.4142135623730951;
}

__device__ __forceinline__ void normal_mean_log_scale_fisher_product_case_f64(
    const double fisher_0_0,
    const double v0,
    const double v1,
    double& out0,
    double& out1)
{
    out0 = nl_mul_exact_zero(fisher_0_0, v0);
    out1 = 2*v1;
}

__device__ __forceinline__ void normal_mean_log_scale_factor_product_case_f64(
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

__device__ __forceinline__ void normal_mean_log_scale_factor_transpose_product_case_f64(
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

__device__ __forceinline__ void normal_mean_log_scale_hessian_case_f64(
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

__device__ __forceinline__ void normal_mean_log_scale_hessian_product_case_f64(
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

extern "C" __global__ void normal_mean_log_scale_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_log_scale,
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
        normal_mean_log_scale_nll_case_f64(in_P_mean[i], in_P_log_scale[i], in_y[i], r_nll);
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

extern "C" __global__ void normal_mean_log_scale_nll_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_log_scale,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_nll;
        normal_mean_log_scale_nll_case_f64(in_P_mean[i], in_P_log_scale[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void normal_mean_log_scale_grad_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_log_scale,
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
        normal_mean_log_scale_grad_case_f64(in_P_mean[i], in_P_log_scale[i], in_y[i], r_grad0, r_grad1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : double(0);
        out_grad1[i] = nl_keep ? r_grad1 * scale : double(0);
    }
}

extern "C" __global__ void normal_mean_log_scale_mean_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_log_scale,
    double* __restrict__ out_mean0,
    double* __restrict__ out_mean1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_mean0;
        double r_mean1;
        normal_mean_log_scale_mean_case_f64(in_P_mean[i], in_P_log_scale[i], r_mean0, r_mean1);
        out_mean0[i] = r_mean0;
        out_mean1[i] = r_mean1;
    }
}

extern "C" __global__ void normal_mean_log_scale_fisher_f64(
    const long long n,
    const double* __restrict__ in_P_log_scale,
    double* __restrict__ out_fisher_0_0,
    double* __restrict__ out_fisher_0_1,
    double* __restrict__ out_fisher_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_fisher_0_0;
        double r_fisher_0_1;
        double r_fisher_1_1;
        normal_mean_log_scale_fisher_case_f64(in_P_log_scale[i], r_fisher_0_0, r_fisher_0_1, r_fisher_1_1);
        out_fisher_0_0[i] = r_fisher_0_0;
        out_fisher_0_1[i] = r_fisher_0_1;
        out_fisher_1_1[i] = r_fisher_1_1;
    }
}

extern "C" __global__ void normal_mean_log_scale_factor_f64(
    const long long n,
    const double* __restrict__ in_P_log_scale,
    double* __restrict__ out_factor_0_0,
    double* __restrict__ out_factor_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_factor_0_0;
        double r_factor_1_1;
        normal_mean_log_scale_factor_case_f64(in_P_log_scale[i], r_factor_0_0, r_factor_1_1);
        out_factor_0_0[i] = r_factor_0_0;
        out_factor_1_1[i] = r_factor_1_1;
    }
}

extern "C" __global__ void normal_mean_log_scale_fisher_product_f64(
    const long long n,
    const double* __restrict__ in_fisher_0_0,
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
        normal_mean_log_scale_fisher_product_case_f64(in_fisher_0_0[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
        out_out1[i] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void normal_mean_log_scale_factor_product_f64(
    const long long n,
    const double* __restrict__ in_factor_0_0,
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
        normal_mean_log_scale_factor_product_case_f64(in_factor_0_0[i], in_factor_1_1[i], in_u[i * 2 + 0], in_u[i * 2 + 1], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
        out_out1[i] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void normal_mean_log_scale_factor_transpose_product_f64(
    const long long n,
    const double* __restrict__ in_factor_0_0,
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
        normal_mean_log_scale_factor_transpose_product_case_f64(in_factor_0_0[i], in_factor_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i * 2 + 0] = nl_keep ? r_out0 * scale : double(0);
        out_out[i * 2 + 1] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void normal_mean_log_scale_hessian_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_log_scale,
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
        normal_mean_log_scale_hessian_case_f64(in_P_mean[i], in_P_log_scale[i], in_y[i], r_hessian_0_0, r_hessian_0_1, r_hessian_1_1);
        out_hessian_0_0[i] = r_hessian_0_0;
        out_hessian_0_1[i] = r_hessian_0_1;
        out_hessian_1_1[i] = r_hessian_1_1;
    }
}

extern "C" __global__ void normal_mean_log_scale_hessian_product_f64(
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
        normal_mean_log_scale_hessian_product_case_f64(in_hessian_0_0[i], in_hessian_0_1[i], in_hessian_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        out_out0[i] = r_out0;
        out_out1[i] = r_out1;
    }
}
