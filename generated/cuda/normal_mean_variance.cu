// generated from codegen/parametrizations/normal.py by codegen/backends/cuda/templates/cuda/family.cu.jinja, do not edit; run `natloss build`.
// NormalMeanVarianceNegativeLogProbLoss: the normal_mean_variance family, CUDA kernels.
// Structure: dense. Per dtype (float, double): one __device__ per-case function per op
// and one extern "C" kernel per op, one thread per case in a grid-stride loop. The kernels
// read only the inputs their op uses; masks and weights are folded into the weighted ops.
// Launch with blockDim.x == NATLOSS_BLOCK (the reduction's shared buffer).
#include "natloss_math.cuh"

#ifndef NATLOSS_BLOCK
#define NATLOSS_BLOCK 256
#endif

// ============================================================================= float

__device__ __forceinline__ void normal_mean_variance_nll_case_f32(
    const float P_mean,
    const float P_var,
    const float y,
    float& nll)
{
    nll = (0.5F)*(logf(P_var) + nl_times_square(1.0F/P_var, P_mean - y) + 1.837877F);
}

__device__ __forceinline__ void normal_mean_variance_grad_case_f32(
    const float P_mean,
    const float P_var,
    const float y,
    float& grad0,
    float& grad1)
{
    const float t0 = 1.0F/P_var;
    const float t1 = t0*(P_mean - y);
    grad0 = t1;
    grad1 = (0.5F)*t0 - 0.5F*nl_times_square(1, t1);
}

__device__ __forceinline__ void normal_mean_variance_mean_case_f32(
    const float P_mean,
    const float P_var,
    float& mean0,
    float& mean1)
{
    mean0 = P_mean;
    mean1 = (P_mean*P_mean) + P_var;
}

__device__ __forceinline__ void normal_mean_variance_fisher_case_f32(
    const float P_var,
    float& fisher_0_0,
    float& fisher_0_1,
    float& fisher_1_1)
{
    fisher_0_0 = 1.0F/P_var;
    fisher_0_1 = 0;
    fisher_1_1 = (0.5F)/(P_var*P_var);
}

__device__ __forceinline__ void normal_mean_variance_factor_case_f32(
    const float P_var,
    float& factor_0_0,
    float& factor_1_1)
{
    factor_0_0 = 1.0F/sqrtf(P_var);
    factor_1_1 = 0.70710677F/P_var;
}

__device__ __forceinline__ void normal_mean_variance_fisher_product_case_f32(
    const float fisher_0_0,
    const float fisher_1_1,
    const float v0,
    const float v1,
    float& out0,
    float& out1)
{
    out0 = nl_mul_exact_zero(fisher_0_0, v0);
    out1 = nl_mul_exact_zero(fisher_1_1, v1);
}

__device__ __forceinline__ void normal_mean_variance_factor_product_case_f32(
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

__device__ __forceinline__ void normal_mean_variance_factor_transpose_product_case_f32(
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

__device__ __forceinline__ void normal_mean_variance_hessian_case_f32(
    const float P_mean,
    const float P_var,
    const float y,
    float& hessian_0_0,
    float& hessian_0_1,
    float& hessian_1_1)
{
    const float t0 = 1.0F/P_var;
    const float t1 = P_mean - y;
    hessian_0_0 = t0;
    hessian_0_1 = -0.5F*nl_times_square(2*t1, t0);
    hessian_1_1 = nl_times_square(t0, t0*t1) - (0.5F)/(P_var*P_var);
}

__device__ __forceinline__ void normal_mean_variance_hessian_product_case_f32(
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

extern "C" __global__ void normal_mean_variance_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_var,
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
        normal_mean_variance_nll_case_f32(in_P_mean[i], in_P_var[i], in_y[i], r_nll);
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

extern "C" __global__ void normal_mean_variance_nll_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_var,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_nll;
        normal_mean_variance_nll_case_f32(in_P_mean[i], in_P_var[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void normal_mean_variance_grad_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_var,
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
        normal_mean_variance_grad_case_f32(in_P_mean[i], in_P_var[i], in_y[i], r_grad0, r_grad1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : float(0);
        out_grad1[i] = nl_keep ? r_grad1 * scale : float(0);
    }
}

extern "C" __global__ void normal_mean_variance_mean_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_var,
    float* __restrict__ out_mean0,
    float* __restrict__ out_mean1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_mean0;
        float r_mean1;
        normal_mean_variance_mean_case_f32(in_P_mean[i], in_P_var[i], r_mean0, r_mean1);
        out_mean0[i] = r_mean0;
        out_mean1[i] = r_mean1;
    }
}

extern "C" __global__ void normal_mean_variance_fisher_f32(
    const long long n,
    const float* __restrict__ in_P_var,
    float* __restrict__ out_fisher_0_0,
    float* __restrict__ out_fisher_0_1,
    float* __restrict__ out_fisher_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_fisher_0_0;
        float r_fisher_0_1;
        float r_fisher_1_1;
        normal_mean_variance_fisher_case_f32(in_P_var[i], r_fisher_0_0, r_fisher_0_1, r_fisher_1_1);
        out_fisher_0_0[i] = r_fisher_0_0;
        out_fisher_0_1[i] = r_fisher_0_1;
        out_fisher_1_1[i] = r_fisher_1_1;
    }
}

extern "C" __global__ void normal_mean_variance_factor_f32(
    const long long n,
    const float* __restrict__ in_P_var,
    float* __restrict__ out_factor_0_0,
    float* __restrict__ out_factor_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_factor_0_0;
        float r_factor_1_1;
        normal_mean_variance_factor_case_f32(in_P_var[i], r_factor_0_0, r_factor_1_1);
        out_factor_0_0[i] = r_factor_0_0;
        out_factor_1_1[i] = r_factor_1_1;
    }
}

extern "C" __global__ void normal_mean_variance_fisher_product_f32(
    const long long n,
    const float* __restrict__ in_fisher_0_0,
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
        normal_mean_variance_fisher_product_case_f32(in_fisher_0_0[i], in_fisher_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
        out_out1[i] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void normal_mean_variance_factor_product_f32(
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
        normal_mean_variance_factor_product_case_f32(in_factor_0_0[i], in_factor_1_1[i], in_u[i * 2 + 0], in_u[i * 2 + 1], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
        out_out1[i] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void normal_mean_variance_factor_transpose_product_f32(
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
        normal_mean_variance_factor_transpose_product_case_f32(in_factor_0_0[i], in_factor_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i * 2 + 0] = nl_keep ? r_out0 * scale : float(0);
        out_out[i * 2 + 1] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void normal_mean_variance_hessian_f32(
    const long long n,
    const float* __restrict__ in_P_mean,
    const float* __restrict__ in_P_var,
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
        normal_mean_variance_hessian_case_f32(in_P_mean[i], in_P_var[i], in_y[i], r_hessian_0_0, r_hessian_0_1, r_hessian_1_1);
        out_hessian_0_0[i] = r_hessian_0_0;
        out_hessian_0_1[i] = r_hessian_0_1;
        out_hessian_1_1[i] = r_hessian_1_1;
    }
}

extern "C" __global__ void normal_mean_variance_hessian_product_f32(
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
        normal_mean_variance_hessian_product_case_f32(in_hessian_0_0[i], in_hessian_0_1[i], in_hessian_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        out_out0[i] = r_out0;
        out_out1[i] = r_out1;
    }
}

// ============================================================================= double

__device__ __forceinline__ void normal_mean_variance_nll_case_f64(
    const double P_mean,
    const double P_var,
    const double y,
    double& nll)
{
    nll = (0.5)*(log(P_var) + nl_times_square(1.0/P_var, P_mean - y) + 1.8378770664093456);
}

__device__ __forceinline__ void normal_mean_variance_grad_case_f64(
    const double P_mean,
    const double P_var,
    const double y,
    double& grad0,
    double& grad1)
{
    const double t0 = 1.0/P_var;
    const double t1 = t0*(P_mean - y);
    grad0 = t1;
    grad1 = (0.5)*t0 - 0.5*nl_times_square(1, t1);
}

__device__ __forceinline__ void normal_mean_variance_mean_case_f64(
    const double P_mean,
    const double P_var,
    double& mean0,
    double& mean1)
{
    mean0 = P_mean;
    mean1 = (P_mean*P_mean) + P_var;
}

__device__ __forceinline__ void normal_mean_variance_fisher_case_f64(
    const double P_var,
    double& fisher_0_0,
    double& fisher_0_1,
    double& fisher_1_1)
{
    fisher_0_0 = 1.0/P_var;
    fisher_0_1 = 0;
    fisher_1_1 = (0.5)/(P_var*P_var);
}

__device__ __forceinline__ void normal_mean_variance_factor_case_f64(
    const double P_var,
    double& factor_0_0,
    double& factor_1_1)
{
    factor_0_0 = 1.0/sqrt(P_var);
    factor_1_1 = 0.7071067811865476/P_var;
}

__device__ __forceinline__ void normal_mean_variance_fisher_product_case_f64(
    const double fisher_0_0,
    const double fisher_1_1,
    const double v0,
    const double v1,
    double& out0,
    double& out1)
{
    out0 = nl_mul_exact_zero(fisher_0_0, v0);
    out1 = nl_mul_exact_zero(fisher_1_1, v1);
}

__device__ __forceinline__ void normal_mean_variance_factor_product_case_f64(
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

__device__ __forceinline__ void normal_mean_variance_factor_transpose_product_case_f64(
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

__device__ __forceinline__ void normal_mean_variance_hessian_case_f64(
    const double P_mean,
    const double P_var,
    const double y,
    double& hessian_0_0,
    double& hessian_0_1,
    double& hessian_1_1)
{
    const double t0 = 1.0/P_var;
    const double t1 = P_mean - y;
    hessian_0_0 = t0;
    hessian_0_1 = -0.5*nl_times_square(2*t1, t0);
    hessian_1_1 = nl_times_square(t0, t0*t1) - (0.5)/(P_var*P_var);
}

__device__ __forceinline__ void normal_mean_variance_hessian_product_case_f64(
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

extern "C" __global__ void normal_mean_variance_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_var,
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
        normal_mean_variance_nll_case_f64(in_P_mean[i], in_P_var[i], in_y[i], r_nll);
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

extern "C" __global__ void normal_mean_variance_nll_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_var,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_nll;
        normal_mean_variance_nll_case_f64(in_P_mean[i], in_P_var[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void normal_mean_variance_grad_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_var,
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
        normal_mean_variance_grad_case_f64(in_P_mean[i], in_P_var[i], in_y[i], r_grad0, r_grad1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : double(0);
        out_grad1[i] = nl_keep ? r_grad1 * scale : double(0);
    }
}

extern "C" __global__ void normal_mean_variance_mean_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_var,
    double* __restrict__ out_mean0,
    double* __restrict__ out_mean1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_mean0;
        double r_mean1;
        normal_mean_variance_mean_case_f64(in_P_mean[i], in_P_var[i], r_mean0, r_mean1);
        out_mean0[i] = r_mean0;
        out_mean1[i] = r_mean1;
    }
}

extern "C" __global__ void normal_mean_variance_fisher_f64(
    const long long n,
    const double* __restrict__ in_P_var,
    double* __restrict__ out_fisher_0_0,
    double* __restrict__ out_fisher_0_1,
    double* __restrict__ out_fisher_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_fisher_0_0;
        double r_fisher_0_1;
        double r_fisher_1_1;
        normal_mean_variance_fisher_case_f64(in_P_var[i], r_fisher_0_0, r_fisher_0_1, r_fisher_1_1);
        out_fisher_0_0[i] = r_fisher_0_0;
        out_fisher_0_1[i] = r_fisher_0_1;
        out_fisher_1_1[i] = r_fisher_1_1;
    }
}

extern "C" __global__ void normal_mean_variance_factor_f64(
    const long long n,
    const double* __restrict__ in_P_var,
    double* __restrict__ out_factor_0_0,
    double* __restrict__ out_factor_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_factor_0_0;
        double r_factor_1_1;
        normal_mean_variance_factor_case_f64(in_P_var[i], r_factor_0_0, r_factor_1_1);
        out_factor_0_0[i] = r_factor_0_0;
        out_factor_1_1[i] = r_factor_1_1;
    }
}

extern "C" __global__ void normal_mean_variance_fisher_product_f64(
    const long long n,
    const double* __restrict__ in_fisher_0_0,
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
        normal_mean_variance_fisher_product_case_f64(in_fisher_0_0[i], in_fisher_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
        out_out1[i] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void normal_mean_variance_factor_product_f64(
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
        normal_mean_variance_factor_product_case_f64(in_factor_0_0[i], in_factor_1_1[i], in_u[i * 2 + 0], in_u[i * 2 + 1], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
        out_out1[i] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void normal_mean_variance_factor_transpose_product_f64(
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
        normal_mean_variance_factor_transpose_product_case_f64(in_factor_0_0[i], in_factor_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i * 2 + 0] = nl_keep ? r_out0 * scale : double(0);
        out_out[i * 2 + 1] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void normal_mean_variance_hessian_f64(
    const long long n,
    const double* __restrict__ in_P_mean,
    const double* __restrict__ in_P_var,
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
        normal_mean_variance_hessian_case_f64(in_P_mean[i], in_P_var[i], in_y[i], r_hessian_0_0, r_hessian_0_1, r_hessian_1_1);
        out_hessian_0_0[i] = r_hessian_0_0;
        out_hessian_0_1[i] = r_hessian_0_1;
        out_hessian_1_1[i] = r_hessian_1_1;
    }
}

extern "C" __global__ void normal_mean_variance_hessian_product_f64(
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
        normal_mean_variance_hessian_product_case_f64(in_hessian_0_0[i], in_hessian_0_1[i], in_hessian_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        out_out0[i] = r_out0;
        out_out1[i] = r_out1;
    }
}
