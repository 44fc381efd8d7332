// generated from codegen/families/gamma.py by codegen/backends/cuda/templates/cuda/family.cu.jinja, do not edit; run `natloss build`.
// GammaNegativeLogProbLoss: the gamma family, CUDA kernels.
// Structure: dense. Per dtype (float, double): one __device__ per-case function per op
// and one extern "C" kernel per op, one thread per case in a grid-stride loop. The kernels
// read only the inputs their op uses; masks and weights are folded into the weighted ops.
// Launch with blockDim.x == NATLOSS_BLOCK (the reduction's shared buffer).
#include "natloss_math.cuh"

#ifndef NATLOSS_BLOCK
#define NATLOSS_BLOCK 256
#endif

// ============================================================================= float

__device__ __forceinline__ void gamma_nll_case_f32(
    const float P_shape_minus_one,
    const float P_neg_rate,
    const float y,
    float& nll)
{
    const float D_shape_minus_one = P_shape_minus_one + 1;
    const float t0 = logf(y);
    const float t1 = D_shape_minus_one;
    nll = t0 - logf(t1) + nl_bd0(t1, -P_neg_rate*y, t0 + logf(-P_neg_rate)) + nl_log_factorial_saddle(t1);
}

__device__ __forceinline__ void gamma_grad_case_f32(
    const float P_shape_minus_one,
    const float P_neg_rate,
    const float y,
    float& grad0,
    float& grad1)
{
    const float D_shape_minus_one = P_shape_minus_one + 1;
    const float t0 = D_shape_minus_one;
    grad0 = -logf(-P_neg_rate) - logf(y) + nl_digamma(t0);
    grad1 = -y - t0/P_neg_rate;
}

__device__ __forceinline__ void gamma_mean_case_f32(
    const float P_shape_minus_one,
    const float P_neg_rate,
    float& mean0,
    float& mean1)
{
    const float D_shape_minus_one = P_shape_minus_one + 1;
    const float t0 = D_shape_minus_one;
    mean0 = -logf(-P_neg_rate) + nl_digamma(t0);
    mean1 = -t0/P_neg_rate;
}

__device__ __forceinline__ void gamma_fisher_case_f32(
    const float P_shape_minus_one,
    const float P_neg_rate,
    float& fisher_0_0,
    float& fisher_0_1,
    float& fisher_1_1)
{
    const float D_shape_minus_one = P_shape_minus_one + 1;
    const float t0 = D_shape_minus_one;
    fisher_0_0 = nl_trigamma(t0);
    fisher_0_1 = -1/P_neg_rate;
    fisher_1_1 = t0/(P_neg_rate*P_neg_rate);
}

__device__ __forceinline__ void gamma_factor_case_f32(
    const float P_shape_minus_one,
    const float P_neg_rate,
    float& factor_0_0,
    float& factor_1_0,
    float& factor_1_1)
{
    const float D_shape_minus_one = P_shape_minus_one + 1;
    const float t0 = D_shape_minus_one;
    const float t1 = sqrtf(nl_trigamma(t0));
    const float t2 = 1/(P_neg_rate*t1);
    factor_0_0 = t1;
    factor_1_0 = -t2;
    factor_1_1 = -t2*sqrtf(nl_xtrigamma_m1(t0));
}

__device__ __forceinline__ void gamma_fisher_product_case_f32(
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

__device__ __forceinline__ void gamma_factor_product_case_f32(
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

__device__ __forceinline__ void gamma_factor_transpose_product_case_f32(
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

extern "C" __global__ void gamma_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_shape_minus_one,
    const float* __restrict__ in_P_neg_rate,
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
        gamma_nll_case_f32(in_P_shape_minus_one[i], in_P_neg_rate[i], in_y[i], r_nll);
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

extern "C" __global__ void gamma_nll_f32(
    const long long n,
    const float* __restrict__ in_P_shape_minus_one,
    const float* __restrict__ in_P_neg_rate,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_nll;
        gamma_nll_case_f32(in_P_shape_minus_one[i], in_P_neg_rate[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void gamma_grad_f32(
    const long long n,
    const float* __restrict__ in_P_shape_minus_one,
    const float* __restrict__ in_P_neg_rate,
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
        gamma_grad_case_f32(in_P_shape_minus_one[i], in_P_neg_rate[i], in_y[i], r_grad0, r_grad1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : float(0);
        out_grad1[i] = nl_keep ? r_grad1 * scale : float(0);
    }
}

extern "C" __global__ void gamma_mean_f32(
    const long long n,
    const float* __restrict__ in_P_shape_minus_one,
    const float* __restrict__ in_P_neg_rate,
    float* __restrict__ out_mean0,
    float* __restrict__ out_mean1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_mean0;
        float r_mean1;
        gamma_mean_case_f32(in_P_shape_minus_one[i], in_P_neg_rate[i], r_mean0, r_mean1);
        out_mean0[i] = r_mean0;
        out_mean1[i] = r_mean1;
    }
}

extern "C" __global__ void gamma_fisher_f32(
    const long long n,
    const float* __restrict__ in_P_shape_minus_one,
    const float* __restrict__ in_P_neg_rate,
    float* __restrict__ out_fisher_0_0,
    float* __restrict__ out_fisher_0_1,
    float* __restrict__ out_fisher_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_fisher_0_0;
        float r_fisher_0_1;
        float r_fisher_1_1;
        gamma_fisher_case_f32(in_P_shape_minus_one[i], in_P_neg_rate[i], r_fisher_0_0, r_fisher_0_1, r_fisher_1_1);
        out_fisher_0_0[i] = r_fisher_0_0;
        out_fisher_0_1[i] = r_fisher_0_1;
        out_fisher_1_1[i] = r_fisher_1_1;
    }
}

extern "C" __global__ void gamma_factor_f32(
    const long long n,
    const float* __restrict__ in_P_shape_minus_one,
    const float* __restrict__ in_P_neg_rate,
    float* __restrict__ out_factor_0_0,
    float* __restrict__ out_factor_1_0,
    float* __restrict__ out_factor_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_factor_0_0;
        float r_factor_1_0;
        float r_factor_1_1;
        gamma_factor_case_f32(in_P_shape_minus_one[i], in_P_neg_rate[i], r_factor_0_0, r_factor_1_0, r_factor_1_1);
        out_factor_0_0[i] = r_factor_0_0;
        out_factor_1_0[i] = r_factor_1_0;
        out_factor_1_1[i] = r_factor_1_1;
    }
}

extern "C" __global__ void gamma_fisher_product_f32(
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
        gamma_fisher_product_case_f32(in_fisher_0_0[i], in_fisher_0_1[i], in_fisher_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
        out_out1[i] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void gamma_factor_product_f32(
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
        gamma_factor_product_case_f32(in_factor_0_0[i], in_factor_1_0[i], in_factor_1_1[i], in_u[i * 2 + 0], in_u[i * 2 + 1], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
        out_out1[i] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void gamma_factor_transpose_product_f32(
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
        gamma_factor_transpose_product_case_f32(in_factor_0_0[i], in_factor_1_0[i], in_factor_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i * 2 + 0] = nl_keep ? r_out0 * scale : float(0);
        out_out[i * 2 + 1] = nl_keep ? r_out1 * scale : float(0);
    }
}

// ============================================================================= double

__device__ __forceinline__ void gamma_nll_case_f64(
    const double P_shape_minus_one,
    const double P_neg_rate,
    const double y,
    double& nll)
{
    const double D_shape_minus_one = P_shape_minus_one + 1;
    const double t0 = log(y);
    const double t1 = D_shape_minus_one;
    nll = t0 - log(t1) + nl_bd0(t1, -P_neg_rate*y, t0 + log(-P_neg_rate)) + nl_log_factorial_saddle(t1);
}

__device__ __forceinline__ void gamma_grad_case_f64(
    const double P_shape_minus_one,
    const double P_neg_rate,
    const double y,
    double& grad0,
    double& grad1)
{
    const double D_shape_minus_one = P_shape_minus_one + 1;
    const double t0 = D_shape_minus_one;
    grad0 = -log(-P_neg_rate) - log(y) + nl_digamma(t0);
    grad1 = -y - t0/P_neg_rate;
}

__device__ __forceinline__ void gamma_mean_case_f64(
    const double P_shape_minus_one,
    const double P_neg_rate,
    double& mean0,
    double& mean1)
{
    const double D_shape_minus_one = P_shape_minus_one + 1;
    const double t0 = D_shape_minus_one;
    mean0 = -log(-P_neg_rate) + nl_digamma(t0);
    mean1 = -t0/P_neg_rate;
}

__device__ __forceinline__ void gamma_fisher_case_f64(
    const double P_shape_minus_one,
    const double P_neg_rate,
    double& fisher_0_0,
    double& fisher_0_1,
    double& fisher_1_1)
{
    const double D_shape_minus_one = P_shape_minus_one + 1;
    const double t0 = D_shape_minus_one;
    fisher_0_0 = nl_trigamma(t0);
    fisher_0_1 = -1/P_neg_rate;
    fisher_1_1 = t0/(P_neg_rate*P_neg_rate);
}

__device__ __forceinline__ void gamma_factor_case_f64(
    const double P_shape_minus_one,
    const double P_neg_rate,
    double& factor_0_0,
    double& factor_1_0,
    double& factor_1_1)
{
    const double D_shape_minus_one = P_shape_minus_one + 1;
    const double t0 = D_shape_minus_one;
    const double t1 = sqrt(nl_trigamma(t0));
    const double t2 = 1/(P_neg_rate*t1);
    factor_0_0 = t1;
    factor_1_0 = -t2;
    factor_1_1 = -t2*sqrt(nl_xtrigamma_m1(t0));
}

__device__ __forceinline__ void gamma_fisher_product_case_f64(
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

__device__ __forceinline__ void gamma_factor_product_case_f64(
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

__device__ __forceinline__ void gamma_factor_transpose_product_case_f64(
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

extern "C" __global__ void gamma_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_shape_minus_one,
    const double* __restrict__ in_P_neg_rate,
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
        gamma_nll_case_f64(in_P_shape_minus_one[i], in_P_neg_rate[i], in_y[i], r_nll);
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

extern "C" __global__ void gamma_nll_f64(
    const long long n,
    const double* __restrict__ in_P_shape_minus_one,
    const double* __restrict__ in_P_neg_rate,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_nll;
        gamma_nll_case_f64(in_P_shape_minus_one[i], in_P_neg_rate[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void gamma_grad_f64(
    const long long n,
    const double* __restrict__ in_P_shape_minus_one,
    const double* __restrict__ in_P_neg_rate,
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
        gamma_grad_case_f64(in_P_shape_minus_one[i], in_P_neg_rate[i], in_y[i], r_grad0, r_grad1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : double(0);
        out_grad1[i] = nl_keep ? r_grad1 * scale : double(0);
    }
}

extern "C" __global__ void gamma_mean_f64(
    const long long n,
    const double* __restrict__ in_P_shape_minus_one,
    const double* __restrict__ in_P_neg_rate,
    double* __restrict__ out_mean0,
    double* __restrict__ out_mean1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_mean0;
        double r_mean1;
        gamma_mean_case_f64(in_P_shape_minus_one[i], in_P_neg_rate[i], r_mean0, r_mean1);
        out_mean0[i] = r_mean0;
        out_mean1[i] = r_mean1;
    }
}

extern "C" __global__ void gamma_fisher_f64(
    const long long n,
    const double* __restrict__ in_P_shape_minus_one,
    const double* __restrict__ in_P_neg_rate,
    double* __restrict__ out_fisher_0_0,
    double* __restrict__ out_fisher_0_1,
    double* __restrict__ out_fisher_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_fisher_0_0;
        double r_fisher_0_1;
        double r_fisher_1_1;
        gamma_fisher_case_f64(in_P_shape_minus_one[i], in_P_neg_rate[i], r_fisher_0_0, r_fisher_0_1, r_fisher_1_1);
        out_fisher_0_0[i] = r_fisher_0_0;
        out_fisher_0_1[i] = r_fisher_0_1;
        out_fisher_1_1[i] = r_fisher_1_1;
    }
}

extern "C" __global__ void gamma_factor_f64(
    const long long n,
    const double* __restrict__ in_P_shape_minus_one,
    const double* __restrict__ in_P_neg_rate,
    double* __restrict__ out_factor_0_0,
    double* __restrict__ out_factor_1_0,
    double* __restrict__ out_factor_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_factor_0_0;
        double r_factor_1_0;
        double r_factor_1_1;
        gamma_factor_case_f64(in_P_shape_minus_one[i], in_P_neg_rate[i], r_factor_0_0, r_factor_1_0, r_factor_1_1);
        out_factor_0_0[i] = r_factor_0_0;
        out_factor_1_0[i] = r_factor_1_0;
        out_factor_1_1[i] = r_factor_1_1;
    }
}

extern "C" __global__ void gamma_fisher_product_f64(
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
        gamma_fisher_product_case_f64(in_fisher_0_0[i], in_fisher_0_1[i], in_fisher_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
        out_out1[i] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void gamma_factor_product_f64(
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
        gamma_factor_product_case_f64(in_factor_0_0[i], in_factor_1_0[i], in_factor_1_1[i], in_u[i * 2 + 0], in_u[i * 2 + 1], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
        out_out1[i] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void gamma_factor_transpose_product_f64(
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
        gamma_factor_transpose_product_case_f64(in_factor_0_0[i], in_factor_1_0[i], in_factor_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i * 2 + 0] = nl_keep ? r_out0 * scale : double(0);
        out_out[i * 2 + 1] = nl_keep ? r_out1 * scale : double(0);
    }
}
