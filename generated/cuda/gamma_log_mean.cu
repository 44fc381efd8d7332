// generated from codegen/parametrizations/gamma.py by codegen/backends/cuda/templates/cuda/family.cu.jinja, do not edit; run `natloss build`.
// GammaLogMeanNegativeLogProbLoss: the gamma_log_mean family, CUDA kernels.
// Structure: dense. Per dtype (float, double): one __device__ per-case function per op
// and one extern "C" kernel per op, one thread per case in a grid-stride loop. The kernels
// read only the inputs their op uses; masks and weights are folded into the weighted ops.
// Launch with blockDim.x == NATLOSS_BLOCK (the reduction's shared buffer).
#include "natloss_math.cuh"

#ifndef NATLOSS_BLOCK
#define NATLOSS_BLOCK 256
#endif

// ============================================================================= float

__device__ __forceinline__ void gamma_log_mean_nll_case_f32(
    const float P_log_mean,
    const float H_shape,
    const float y,
    float& nll)
{
    const float t0 = logf(y);
    const float t1 = logf(H_shape);
    const float t2 = -P_log_mean;
    nll = t0 - t1 + nl_bd0(H_shape, H_shape*y*expf(t2), t0 + t1 + t2) + nl_log_factorial_saddle(H_shape);
}

__device__ __forceinline__ void gamma_log_mean_grad_case_f32(
    const float P_log_mean,
    const float H_shape,
    const float y,
    float& grad0)
{
    grad0 = H_shape*(-y*expf(-P_log_mean) + 1);
}

__device__ __forceinline__ void gamma_log_mean_mean_case_f32(
    const float P_log_mean,
    const float H_shape,
    float& mean0,
    float& mean1)
{
    mean0 = P_log_mean - logf(H_shape) + nl_digamma(H_shape);
    mean1 = expf(P_log_mean);
}

__device__ __forceinline__ void gamma_log_mean_fisher_case_f32(
    const float H_shape,
    float& fisher_0_0)
{
    fisher_0_0 = H_shape;
}

__device__ __forceinline__ void gamma_log_mean_factor_case_f32(
    const float H_shape,
    float& factor_0_0,
    float& factor_0_1)
{
    const float t0 = 1.0F/sqrtf(nl_trigamma(H_shape));
    factor_0_0 = t0;
    factor_0_1 = t0*sqrtf(nl_xtrigamma_m1(H_shape));
}

__device__ __forceinline__ void gamma_log_mean_fisher_product_case_f32(
    const float fisher_0_0,
    const float v0,
    float& out0)
{
    out0 = fisher_0_0*v0;
}

__device__ __forceinline__ void gamma_log_mean_factor_product_case_f32(
    const float factor_0_0,
    const float factor_0_1,
    const float u0,
    const float u1,
    float& out0)
{
    out0 = factor_0_0*u0 + factor_0_1*u1;
}

__device__ __forceinline__ void gamma_log_mean_factor_transpose_product_case_f32(
    const float factor_0_0,
    const float factor_0_1,
    const float v0,
    float& out0,
    float& out1)
{
    out0 = factor_0_0*v0;
    out1 = factor_0_1*v0;
}

__device__ __forceinline__ void gamma_log_mean_hessian_case_f32(
    const float P_log_mean,
    const float H_shape,
    const float y,
    float& hessian_0_0)
{
    hessian_0_0 = H_shape*y*expf(-P_log_mean);
}

__device__ __forceinline__ void gamma_log_mean_hessian_product_case_f32(
    const float hessian_0_0,
    const float v0,
    float& out0)
{
    out0 = hessian_0_0*v0;
}

extern "C" __global__ void gamma_log_mean_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
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
        gamma_log_mean_nll_case_f32(in_P_log_mean[i], (in_H_shape != nullptr ? in_H_shape[i] : H_shape_value), in_y[i], r_nll);
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

extern "C" __global__ void gamma_log_mean_nll_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_nll;
        gamma_log_mean_nll_case_f32(in_P_log_mean[i], (in_H_shape != nullptr ? in_H_shape[i] : H_shape_value), in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void gamma_log_mean_grad_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_grad0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_grad0;
        gamma_log_mean_grad_case_f32(in_P_log_mean[i], (in_H_shape != nullptr ? in_H_shape[i] : H_shape_value), in_y[i], r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : float(0);
    }
}

extern "C" __global__ void gamma_log_mean_mean_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    float* __restrict__ out_mean0,
    float* __restrict__ out_mean1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_mean0;
        float r_mean1;
        gamma_log_mean_mean_case_f32(in_P_log_mean[i], (in_H_shape != nullptr ? in_H_shape[i] : H_shape_value), r_mean0, r_mean1);
        out_mean0[i] = r_mean0;
        out_mean1[i] = r_mean1;
    }
}

extern "C" __global__ void gamma_log_mean_fisher_f32(
    const long long n,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    float* __restrict__ out_fisher_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_fisher_0_0;
        gamma_log_mean_fisher_case_f32((in_H_shape != nullptr ? in_H_shape[i] : H_shape_value), r_fisher_0_0);
        out_fisher_0_0[i] = r_fisher_0_0;
    }
}

extern "C" __global__ void gamma_log_mean_factor_f32(
    const long long n,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    float* __restrict__ out_factor_0_0,
    float* __restrict__ out_factor_0_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_factor_0_0;
        float r_factor_0_1;
        gamma_log_mean_factor_case_f32((in_H_shape != nullptr ? in_H_shape[i] : H_shape_value), r_factor_0_0, r_factor_0_1);
        out_factor_0_0[i] = r_factor_0_0;
        out_factor_0_1[i] = r_factor_0_1;
    }
}

extern "C" __global__ void gamma_log_mean_fisher_product_f32(
    const long long n,
    const float* __restrict__ in_fisher_0_0,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_out0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_out0;
        gamma_log_mean_fisher_product_case_f32(in_fisher_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void gamma_log_mean_factor_product_f32(
    const long long n,
    const float* __restrict__ in_factor_0_0,
    const float* __restrict__ in_factor_0_1,
    const float* __restrict__ in_u,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_out0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_out0;
        gamma_log_mean_factor_product_case_f32(in_factor_0_0[i], in_factor_0_1[i], in_u[i * 2 + 0], in_u[i * 2 + 1], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void gamma_log_mean_factor_transpose_product_f32(
    const long long n,
    const float* __restrict__ in_factor_0_0,
    const float* __restrict__ in_factor_0_1,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_out)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_out0;
        float r_out1;
        gamma_log_mean_factor_transpose_product_case_f32(in_factor_0_0[i], in_factor_0_1[i], in_v0[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i * 2 + 0] = nl_keep ? r_out0 * scale : float(0);
        out_out[i * 2 + 1] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void gamma_log_mean_hessian_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_shape,
    const float H_shape_value,
    const float* __restrict__ in_y,
    float* __restrict__ out_hessian_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_hessian_0_0;
        gamma_log_mean_hessian_case_f32(in_P_log_mean[i], (in_H_shape != nullptr ? in_H_shape[i] : H_shape_value), in_y[i], r_hessian_0_0);
        out_hessian_0_0[i] = r_hessian_0_0;
    }
}

extern "C" __global__ void gamma_log_mean_hessian_product_f32(
    const long long n,
    const float* __restrict__ in_hessian_0_0,
    const float* __restrict__ in_v0,
    float* __restrict__ out_out0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_out0;
        gamma_log_mean_hessian_product_case_f32(in_hessian_0_0[i], in_v0[i], r_out0);
        out_out0[i] = r_out0;
    }
}

// ============================================================================= double

__device__ __forceinline__ void gamma_log_mean_nll_case_f64(
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

__device__ __forceinline__ void gamma_log_mean_grad_case_f64(
    const double P_log_mean,
    const double H_shape,
    const double y,
    double& grad0)
{
    grad0 = H_shape*(-y*exp(-P_log_mean) + 1);
}

__device__ __forceinline__ void gamma_log_mean_mean_case_f64(
    const double P_log_mean,
    const double H_shape,
    double& mean0,
    double& mean1)
{
    mean0 = P_log_mean - log(H_shape) + nl_digamma(H_shape);
    mean1 = exp(P_log_mean);
}

__device__ __forceinline__ void gamma_log_mean_fisher_case_f64(
    const double H_shape,
    double& fisher_0_0)
{
    fisher_0_0 = H_shape;
}

__device__ __forceinline__ void gamma_log_mean_factor_case_f64(
    const double H_shape,
    double& factor_0_0,
    double& factor_0_1)
{
    const double t0 = 1.0/sqrt(nl_trigamma(H_shape));
    factor_0_0 = t0;
    factor_0_1 = t0*sqrt(nl_xtrigamma_m1(H_shape));
}

__device__ __forceinline__ void gamma_log_mean_fisher_product_case_f64(
    const double fisher_0_0,
    const double v0,
    double& out0)
{
    out0 = fisher_0_0*v0;
}

__device__ __forceinline__ void gamma_log_mean_factor_product_case_f64(
    const double factor_0_0,
    const double factor_0_1,
    const double u0,
    const double u1,
    double& out0)
{
    out0 = factor_0_0*u0 + factor_0_1*u1;
}

__device__ __forceinline__ void gamma_log_mean_factor_transpose_product_case_f64(
    const double factor_0_0,
    const double factor_0_1,
    const double v0,
    double& out0,
    double& out1)
{
    out0 = factor_0_0*v0;
    out1 = factor_0_1*v0;
}

__device__ __forceinline__ void gamma_log_mean_hessian_case_f64(
    const double P_log_mean,
    const double H_shape,
    const double y,
    double& hessian_0_0)
{
    hessian_0_0 = H_shape*y*exp(-P_log_mean);
}

__device__ __forceinline__ void gamma_log_mean_hessian_product_case_f64(
    const double hessian_0_0,
    const double v0,
    double& out0)
{
    out0 = hessian_0_0*v0;
}

extern "C" __global__ void gamma_log_mean_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
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
        gamma_log_mean_nll_case_f64(in_P_log_mean[i], (in_H_shape != nullptr ? in_H_shape[i] : H_shape_value), in_y[i], r_nll);
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

extern "C" __global__ void gamma_log_mean_nll_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_nll;
        gamma_log_mean_nll_case_f64(in_P_log_mean[i], (in_H_shape != nullptr ? in_H_shape[i] : H_shape_value), in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void gamma_log_mean_grad_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_grad0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_grad0;
        gamma_log_mean_grad_case_f64(in_P_log_mean[i], (in_H_shape != nullptr ? in_H_shape[i] : H_shape_value), in_y[i], r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : double(0);
    }
}

extern "C" __global__ void gamma_log_mean_mean_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    double* __restrict__ out_mean0,
    double* __restrict__ out_mean1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_mean0;
        double r_mean1;
        gamma_log_mean_mean_case_f64(in_P_log_mean[i], (in_H_shape != nullptr ? in_H_shape[i] : H_shape_value), r_mean0, r_mean1);
        out_mean0[i] = r_mean0;
        out_mean1[i] = r_mean1;
    }
}

extern "C" __global__ void gamma_log_mean_fisher_f64(
    const long long n,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    double* __restrict__ out_fisher_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_fisher_0_0;
        gamma_log_mean_fisher_case_f64((in_H_shape != nullptr ? in_H_shape[i] : H_shape_value), r_fisher_0_0);
        out_fisher_0_0[i] = r_fisher_0_0;
    }
}

extern "C" __global__ void gamma_log_mean_factor_f64(
    const long long n,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    double* __restrict__ out_factor_0_0,
    double* __restrict__ out_factor_0_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_factor_0_0;
        double r_factor_0_1;
        gamma_log_mean_factor_case_f64((in_H_shape != nullptr ? in_H_shape[i] : H_shape_value), r_factor_0_0, r_factor_0_1);
        out_factor_0_0[i] = r_factor_0_0;
        out_factor_0_1[i] = r_factor_0_1;
    }
}

extern "C" __global__ void gamma_log_mean_fisher_product_f64(
    const long long n,
    const double* __restrict__ in_fisher_0_0,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_out0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_out0;
        gamma_log_mean_fisher_product_case_f64(in_fisher_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void gamma_log_mean_factor_product_f64(
    const long long n,
    const double* __restrict__ in_factor_0_0,
    const double* __restrict__ in_factor_0_1,
    const double* __restrict__ in_u,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_out0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_out0;
        gamma_log_mean_factor_product_case_f64(in_factor_0_0[i], in_factor_0_1[i], in_u[i * 2 + 0], in_u[i * 2 + 1], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void gamma_log_mean_factor_transpose_product_f64(
    const long long n,
    const double* __restrict__ in_factor_0_0,
    const double* __restrict__ in_factor_0_1,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_out)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_out0;
        double r_out1;
        gamma_log_mean_factor_transpose_product_case_f64(in_factor_0_0[i], in_factor_0_1[i], in_v0[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i * 2 + 0] = nl_keep ? r_out0 * scale : double(0);
        out_out[i * 2 + 1] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void gamma_log_mean_hessian_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_shape,
    const double H_shape_value,
    const double* __restrict__ in_y,
    double* __restrict__ out_hessian_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_hessian_0_0;
        gamma_log_mean_hessian_case_f64(in_P_log_mean[i], (in_H_shape != nullptr ? in_H_shape[i] : H_shape_value), in_y[i], r_hessian_0_0);
        out_hessian_0_0[i] = r_hessian_0_0;
    }
}

extern "C" __global__ void gamma_log_mean_hessian_product_f64(
    const long long n,
    const double* __restrict__ in_hessian_0_0,
    const double* __restrict__ in_v0,
    double* __restrict__ out_out0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_out0;
        gamma_log_mean_hessian_product_case_f64(in_hessian_0_0[i], in_v0[i], r_out0);
        out_out0[i] = r_out0;
    }
}
