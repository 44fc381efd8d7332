// generated from codegen/parametrizations/poisson.py by codegen/backends/cuda/templates/cuda/family.cu.jinja, do not edit; run `natloss build`.
// PoissonRateNegativeLogProbLoss: the poisson_rate family, CUDA kernels.
// Structure: scalar. Per dtype (float, double): one __device__ per-case function per op
// and one extern "C" kernel per op, one thread per case in a grid-stride loop. The kernels
// read only the inputs their op uses; masks and weights are folded into the weighted ops.
// Launch with blockDim.x == NATLOSS_BLOCK (the reduction's shared buffer).
#include "natloss_math.cuh"

#ifndef NATLOSS_BLOCK
#define NATLOSS_BLOCK 256
#endif

// ============================================================================= float

__device__ __forceinline__ void poisson_rate_nll_case_f32(
    const float P_rate,
    const float y,
    float& nll)
{
    nll = nl_bd0(y, P_rate) + nl_log_factorial_saddle(y);
}

__device__ __forceinline__ void poisson_rate_grad_case_f32(
    const float P_rate,
    const float y,
    float& grad0)
{
    grad0 = 1 - y/P_rate;
}

__device__ __forceinline__ void poisson_rate_mean_case_f32(
    const float P_rate,
    float& mean0)
{
    mean0 = P_rate;
}

__device__ __forceinline__ void poisson_rate_fisher_case_f32(
    const float P_rate,
    float& fisher_0_0)
{
    fisher_0_0 = 1.0F/P_rate;
}

__device__ __forceinline__ void poisson_rate_factor_case_f32(
    const float P_rate,
    float& factor_0_0)
{
    factor_0_0 = 1.0F/sqrtf(P_rate);
}

__device__ __forceinline__ void poisson_rate_fisher_product_case_f32(
    const float fisher_0_0,
    const float v0,
    float& out0)
{
    out0 = fisher_0_0*v0;
}

__device__ __forceinline__ void poisson_rate_factor_product_case_f32(
    const float factor_0_0,
    const float u0,
    float& out0)
{
    out0 = factor_0_0*u0;
}

__device__ __forceinline__ void poisson_rate_factor_transpose_product_case_f32(
    const float factor_0_0,
    const float v0,
    float& out0)
{
    out0 = factor_0_0*v0;
}

__device__ __forceinline__ void poisson_rate_hessian_case_f32(
    const float P_rate,
    const float y,
    float& hessian_0_0)
{
    hessian_0_0 = nl_times_square(y, 1.0F/P_rate);
}

__device__ __forceinline__ void poisson_rate_hessian_product_case_f32(
    const float hessian_0_0,
    const float v0,
    float& out0)
{
    out0 = hessian_0_0*v0;
}

extern "C" __global__ void poisson_rate_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_rate,
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
        poisson_rate_nll_case_f32(in_P_rate[i], in_y[i], r_nll);
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

extern "C" __global__ void poisson_rate_nll_f32(
    const long long n,
    const float* __restrict__ in_P_rate,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_nll;
        poisson_rate_nll_case_f32(in_P_rate[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void poisson_rate_grad_f32(
    const long long n,
    const float* __restrict__ in_P_rate,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_grad0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_grad0;
        poisson_rate_grad_case_f32(in_P_rate[i], in_y[i], r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : float(0);
    }
}

extern "C" __global__ void poisson_rate_mean_f32(
    const long long n,
    const float* __restrict__ in_P_rate,
    float* __restrict__ out_mean0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_mean0;
        poisson_rate_mean_case_f32(in_P_rate[i], r_mean0);
        out_mean0[i] = r_mean0;
    }
}

extern "C" __global__ void poisson_rate_fisher_f32(
    const long long n,
    const float* __restrict__ in_P_rate,
    float* __restrict__ out_fisher_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_fisher_0_0;
        poisson_rate_fisher_case_f32(in_P_rate[i], r_fisher_0_0);
        out_fisher_0_0[i] = r_fisher_0_0;
    }
}

extern "C" __global__ void poisson_rate_factor_f32(
    const long long n,
    const float* __restrict__ in_P_rate,
    float* __restrict__ out_factor_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_factor_0_0;
        poisson_rate_factor_case_f32(in_P_rate[i], r_factor_0_0);
        out_factor_0_0[i] = r_factor_0_0;
    }
}

extern "C" __global__ void poisson_rate_fisher_product_f32(
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
        poisson_rate_fisher_product_case_f32(in_fisher_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void poisson_rate_factor_product_f32(
    const long long n,
    const float* __restrict__ in_factor_0_0,
    const float* __restrict__ in_u,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_out0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_out0;
        poisson_rate_factor_product_case_f32(in_factor_0_0[i], in_u[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void poisson_rate_factor_transpose_product_f32(
    const long long n,
    const float* __restrict__ in_factor_0_0,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_out)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_out0;
        poisson_rate_factor_transpose_product_case_f32(in_factor_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void poisson_rate_hessian_f32(
    const long long n,
    const float* __restrict__ in_P_rate,
    const float* __restrict__ in_y,
    float* __restrict__ out_hessian_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_hessian_0_0;
        poisson_rate_hessian_case_f32(in_P_rate[i], in_y[i], r_hessian_0_0);
        out_hessian_0_0[i] = r_hessian_0_0;
    }
}

extern "C" __global__ void poisson_rate_hessian_product_f32(
    const long long n,
    const float* __restrict__ in_hessian_0_0,
    const float* __restrict__ in_v0,
    float* __restrict__ out_out0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_out0;
        poisson_rate_hessian_product_case_f32(in_hessian_0_0[i], in_v0[i], r_out0);
        out_out0[i] = r_out0;
    }
}

// ============================================================================= double

__device__ __forceinline__ void poisson_rate_nll_case_f64(
    const double P_rate,
    const double y,
    double& nll)
{
    nll = nl_bd0(y, P_rate) + nl_log_factorial_saddle(y);
}

__device__ __forceinline__ void poisson_rate_grad_case_f64(
    const double P_rate,
    const double y,
    double& grad0)
{
    grad0 = 1 - y/P_rate;
}

__device__ __forceinline__ void poisson_rate_mean_case_f64(
    const double P_rate,
    double& mean0)
{
    mean0 = P_rate;
}

__device__ __forceinline__ void poisson_rate_fisher_case_f64(
    const double P_rate,
    double& fisher_0_0)
{
    fisher_0_0 = 1.0/P_rate;
}

__device__ __forceinline__ void poisson_rate_factor_case_f64(
    const double P_rate,
    double& factor_0_0)
{
    factor_0_0 = 1.0/sqrt(P_rate);
}

__device__ __forceinline__ void poisson_rate_fisher_product_case_f64(
    const double fisher_0_0,
    const double v0,
    double& out0)
{
    out0 = fisher_0_0*v0;
}

__device__ __forceinline__ void poisson_rate_factor_product_case_f64(
    const double factor_0_0,
    const double u0,
    double& out0)
{
    out0 = factor_0_0*u0;
}

__device__ __forceinline__ void poisson_rate_factor_transpose_product_case_f64(
    const double factor_0_0,
    const double v0,
    double& out0)
{
    out0 = factor_0_0*v0;
}

__device__ __forceinline__ void poisson_rate_hessian_case_f64(
    const double P_rate,
    const double y,
    double& hessian_0_0)
{
    hessian_0_0 = nl_times_square(y, 1.0/P_rate);
}

__device__ __forceinline__ void poisson_rate_hessian_product_case_f64(
    const double hessian_0_0,
    const double v0,
    double& out0)
{
    out0 = hessian_0_0*v0;
}

extern "C" __global__ void poisson_rate_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_rate,
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
        poisson_rate_nll_case_f64(in_P_rate[i], in_y[i], r_nll);
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

extern "C" __global__ void poisson_rate_nll_f64(
    const long long n,
    const double* __restrict__ in_P_rate,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_nll;
        poisson_rate_nll_case_f64(in_P_rate[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void poisson_rate_grad_f64(
    const long long n,
    const double* __restrict__ in_P_rate,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_grad0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_grad0;
        poisson_rate_grad_case_f64(in_P_rate[i], in_y[i], r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : double(0);
    }
}

extern "C" __global__ void poisson_rate_mean_f64(
    const long long n,
    const double* __restrict__ in_P_rate,
    double* __restrict__ out_mean0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_mean0;
        poisson_rate_mean_case_f64(in_P_rate[i], r_mean0);
        out_mean0[i] = r_mean0;
    }
}

extern "C" __global__ void poisson_rate_fisher_f64(
    const long long n,
    const double* __restrict__ in_P_rate,
    double* __restrict__ out_fisher_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_fisher_0_0;
        poisson_rate_fisher_case_f64(in_P_rate[i], r_fisher_0_0);
        out_fisher_0_0[i] = r_fisher_0_0;
    }
}

extern "C" __global__ void poisson_rate_factor_f64(
    const long long n,
    const double* __restrict__ in_P_rate,
    double* __restrict__ out_factor_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_factor_0_0;
        poisson_rate_factor_case_f64(in_P_rate[i], r_factor_0_0);
        out_factor_0_0[i] = r_factor_0_0;
    }
}

extern "C" __global__ void poisson_rate_fisher_product_f64(
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
        poisson_rate_fisher_product_case_f64(in_fisher_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void poisson_rate_factor_product_f64(
    const long long n,
    const double* __restrict__ in_factor_0_0,
    const double* __restrict__ in_u,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_out0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_out0;
        poisson_rate_factor_product_case_f64(in_factor_0_0[i], in_u[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void poisson_rate_factor_transpose_product_f64(
    const long long n,
    const double* __restrict__ in_factor_0_0,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_out)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_out0;
        poisson_rate_factor_transpose_product_case_f64(in_factor_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void poisson_rate_hessian_f64(
    const long long n,
    const double* __restrict__ in_P_rate,
    const double* __restrict__ in_y,
    double* __restrict__ out_hessian_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_hessian_0_0;
        poisson_rate_hessian_case_f64(in_P_rate[i], in_y[i], r_hessian_0_0);
        out_hessian_0_0[i] = r_hessian_0_0;
    }
}

extern "C" __global__ void poisson_rate_hessian_product_f64(
    const long long n,
    const double* __restrict__ in_hessian_0_0,
    const double* __restrict__ in_v0,
    double* __restrict__ out_out0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_out0;
        poisson_rate_hessian_product_case_f64(in_hessian_0_0[i], in_v0[i], r_out0);
        out_out0[i] = r_out0;
    }
}
