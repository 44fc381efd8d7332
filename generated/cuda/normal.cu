// generated from codegen/families/normal.py by codegen/backends/cuda/templates/cuda/family.cu.jinja, do not edit; run `natloss build`.
// NormalNegativeLogProbLoss: the normal family, CUDA kernels.
// Structure: dense. Per dtype (float, double): one __device__ per-case function per op
// and one extern "C" kernel per op, one thread per case in a grid-stride loop. The kernels
// read only the inputs their op uses; masks and weights are folded into the weighted ops.
// Launch with blockDim.x == NATLOSS_BLOCK (the reduction's shared buffer).
#include "natloss_math.cuh"

#ifndef NATLOSS_BLOCK
#define NATLOSS_BLOCK 256
#endif

// ============================================================================= float

__device__ __forceinline__ void normal_nll_case_f32(
    const float P_precision_mean,
    const float P_neg_half_precision,
    const float y,
    float& nll)
{
    const float t0 = 2*P_neg_half_precision;
    nll = -0.5F*logf(-t0) + 0.9189385F - 0.25F*((P_precision_mean + t0*y)*(P_precision_mean + t0*y))/P_neg_half_precision;
}

__device__ __forceinline__ void normal_grad_case_f32(
    const float P_precision_mean,
    const float P_neg_half_precision,
    const float y,
    float& grad0,
    float& grad1)
{
    const float t0 = (0.5F)/P_neg_half_precision;
    grad0 = -P_precision_mean*t0 - y;
    grad1 = -t0 - (y*y) + (0.25F)*(P_precision_mean*P_precision_mean)/(P_neg_half_precision*P_neg_half_precision);
}

__device__ __forceinline__ void normal_mean_case_f32(
    const float P_precision_mean,
    const float P_neg_half_precision,
    float& mean0,
    float& mean1)
{
    const float t0 = 1.0F/P_neg_half_precision;
    mean0 = -0.5F*P_precision_mean*t0;
    mean1 = (0.25F)*t0*((P_precision_mean*P_precision_mean)*t0 - 2);
}

__device__ __forceinline__ void normal_fisher_case_f32(
    const float P_precision_mean,
    const float P_neg_half_precision,
    float& fisher_0_0,
    float& fisher_0_1,
    float& fisher_1_1)
{
    fisher_0_0 = -(0.5F)/P_neg_half_precision;
    fisher_0_1 = (0.5F)*P_precision_mean/(P_neg_half_precision*P_neg_half_precision);
    fisher_1_1 = (0.5F)*(P_neg_half_precision - (P_precision_mean*P_precision_mean))/(P_neg_half_precision*P_neg_half_precision*P_neg_half_precision);
}

__device__ __forceinline__ void normal_factor_case_f32(
    const float P_precision_mean,
    const float P_neg_half_precision,
    float& factor_0_0,
    float& factor_1_0,
    float& factor_1_1)
{
    const float t0 = 1.0F/P_neg_half_precision;
    const float t1 = sqrtf(-t0);
    factor_0_0 = 0.70710677F*t1;
    factor_1_0 = 0.70710677F*P_precision_mean/((P_neg_half_precision*P_neg_half_precision)*t1);
    factor_1_1 = -0.70710677F*t0;
}

__device__ __forceinline__ void normal_fisher_product_case_f32(
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

__device__ __forceinline__ void normal_factor_product_case_f32(
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

__device__ __forceinline__ void normal_factor_transpose_product_case_f32(
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

extern "C" __global__ void normal_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_precision_mean,
    const float* __restrict__ in_P_neg_half_precision,
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
        normal_nll_case_f32(in_P_precision_mean[i], in_P_neg_half_precision[i], in_y[i], r_nll);
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

extern "C" __global__ void normal_nll_f32(
    const long long n,
    const float* __restrict__ in_P_precision_mean,
    const float* __restrict__ in_P_neg_half_precision,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_nll;
        normal_nll_case_f32(in_P_precision_mean[i], in_P_neg_half_precision[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void normal_grad_f32(
    const long long n,
    const float* __restrict__ in_P_precision_mean,
    const float* __restrict__ in_P_neg_half_precision,
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
        normal_grad_case_f32(in_P_precision_mean[i], in_P_neg_half_precision[i], in_y[i], r_grad0, r_grad1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : float(0);
        out_grad1[i] = nl_keep ? r_grad1 * scale : float(0);
    }
}

extern "C" __global__ void normal_mean_f32(
    const long long n,
    const float* __restrict__ in_P_precision_mean,
    const float* __restrict__ in_P_neg_half_precision,
    float* __restrict__ out_mean0,
    float* __restrict__ out_mean1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_mean0;
        float r_mean1;
        normal_mean_case_f32(in_P_precision_mean[i], in_P_neg_half_precision[i], r_mean0, r_mean1);
        out_mean0[i] = r_mean0;
        out_mean1[i] = r_mean1;
    }
}

extern "C" __global__ void normal_fisher_f32(
    const long long n,
    const float* __restrict__ in_P_precision_mean,
    const float* __restrict__ in_P_neg_half_precision,
    float* __restrict__ out_fisher_0_0,
    float* __restrict__ out_fisher_0_1,
    float* __restrict__ out_fisher_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_fisher_0_0;
        float r_fisher_0_1;
        float r_fisher_1_1;
        normal_fisher_case_f32(in_P_precision_mean[i], in_P_neg_half_precision[i], r_fisher_0_0, r_fisher_0_1, r_fisher_1_1);
        out_fisher_0_0[i] = r_fisher_0_0;
        out_fisher_0_1[i] = r_fisher_0_1;
        out_fisher_1_1[i] = r_fisher_1_1;
    }
}

extern "C" __global__ void normal_factor_f32(
    const long long n,
    const float* __restrict__ in_P_precision_mean,
    const float* __restrict__ in_P_neg_half_precision,
    float* __restrict__ out_factor_0_0,
    float* __restrict__ out_factor_1_0,
    float* __restrict__ out_factor_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_factor_0_0;
        float r_factor_1_0;
        float r_factor_1_1;
        normal_factor_case_f32(in_P_precision_mean[i], in_P_neg_half_precision[i], r_factor_0_0, r_factor_1_0, r_factor_1_1);
        out_factor_0_0[i] = r_factor_0_0;
        out_factor_1_0[i] = r_factor_1_0;
        out_factor_1_1[i] = r_factor_1_1;
    }
}

extern "C" __global__ void normal_fisher_product_f32(
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
        normal_fisher_product_case_f32(in_fisher_0_0[i], in_fisher_0_1[i], in_fisher_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
        out_out1[i] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void normal_factor_product_f32(
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
        normal_factor_product_case_f32(in_factor_0_0[i], in_factor_1_0[i], in_factor_1_1[i], in_u[i * 2 + 0], in_u[i * 2 + 1], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
        out_out1[i] = nl_keep ? r_out1 * scale : float(0);
    }
}

extern "C" __global__ void normal_factor_transpose_product_f32(
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
        normal_factor_transpose_product_case_f32(in_factor_0_0[i], in_factor_1_0[i], in_factor_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i * 2 + 0] = nl_keep ? r_out0 * scale : float(0);
        out_out[i * 2 + 1] = nl_keep ? r_out1 * scale : float(0);
    }
}

// ============================================================================= double

__device__ __forceinline__ void normal_nll_case_f64(
    const double P_precision_mean,
    const double P_neg_half_precision,
    const double y,
    double& nll)
{
    const double t0 = 2*P_neg_half_precision;
    nll = -0.5*log(-t0) + 0.9189385332046728 - 0.25*((P_precision_mean + t0*y)*(P_precision_mean + t0*y))/P_neg_half_precision;
}

__device__ __forceinline__ void normal_grad_case_f64(
    const double P_precision_mean,
    const double P_neg_half_precision,
    const double y,
    double& grad0,
    double& grad1)
{
    const double t0 = (0.5)/P_neg_half_precision;
    grad0 = -P_precision_mean*t0 - y;
    grad1 = -t0 - (y*y) + (0.25)*(P_precision_mean*P_precision_mean)/(P_neg_half_precision*P_neg_half_precision);
}

__device__ __forceinline__ void normal_mean_case_f64(
    const double P_precision_mean,
    const double P_neg_half_precision,
    double& mean0,
    double& mean1)
{
    const double t0 = 1.0/P_neg_half_precision;
    mean0 = -0.5*P_precision_mean*t0;
    mean1 = (0.25)*t0*((P_precision_mean*P_precision_mean)*t0 - 2);
}

__device__ __forceinline__ void normal_fisher_case_f64(
    const double P_precision_mean,
    const double P_neg_half_precision,
    double& fisher_0_0,
    double& fisher_0_1,
    double& fisher_1_1)
{
    fisher_0_0 = -(0.5)/P_neg_half_precision;
    fisher_0_1 = (0.5)*P_precision_mean/(P_neg_half_precision*P_neg_half_precision);
    fisher_1_1 = (0.5)*(P_neg_half_precision - (P_precision_mean*P_precision_mean))/(P_neg_half_precision*P_neg_half_precision*P_neg_half_precision);
}

__device__ __forceinline__ void normal_factor_case_f64(
    const double P_precision_mean,
    const double P_neg_half_precision,
    double& factor_0_0,
    double& factor_1_0,
    double& factor_1_1)
{
    const double t0 = 1.0/P_neg_half_precision;
    const double t1 = sqrt(-t0);
    factor_0_0 = 0.7071067811865476*t1;
    factor_1_0 = 0.7071067811865476*P_precision_mean/((P_neg_half_precision*P_neg_half_precision)*t1);
    factor_1_1 = -0.7071067811865476*t0;
}

__device__ __forceinline__ void normal_fisher_product_case_f64(
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

__device__ __forceinline__ void normal_factor_product_case_f64(
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

__device__ __forceinline__ void normal_factor_transpose_product_case_f64(
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

extern "C" __global__ void normal_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_precision_mean,
    const double* __restrict__ in_P_neg_half_precision,
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
        normal_nll_case_f64(in_P_precision_mean[i], in_P_neg_half_precision[i], in_y[i], r_nll);
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

extern "C" __global__ void normal_nll_f64(
    const long long n,
    const double* __restrict__ in_P_precision_mean,
    const double* __restrict__ in_P_neg_half_precision,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_nll;
        normal_nll_case_f64(in_P_precision_mean[i], in_P_neg_half_precision[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void normal_grad_f64(
    const long long n,
    const double* __restrict__ in_P_precision_mean,
    const double* __restrict__ in_P_neg_half_precision,
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
        normal_grad_case_f64(in_P_precision_mean[i], in_P_neg_half_precision[i], in_y[i], r_grad0, r_grad1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : double(0);
        out_grad1[i] = nl_keep ? r_grad1 * scale : double(0);
    }
}

extern "C" __global__ void normal_mean_f64(
    const long long n,
    const double* __restrict__ in_P_precision_mean,
    const double* __restrict__ in_P_neg_half_precision,
    double* __restrict__ out_mean0,
    double* __restrict__ out_mean1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_mean0;
        double r_mean1;
        normal_mean_case_f64(in_P_precision_mean[i], in_P_neg_half_precision[i], r_mean0, r_mean1);
        out_mean0[i] = r_mean0;
        out_mean1[i] = r_mean1;
    }
}

extern "C" __global__ void normal_fisher_f64(
    const long long n,
    const double* __restrict__ in_P_precision_mean,
    const double* __restrict__ in_P_neg_half_precision,
    double* __restrict__ out_fisher_0_0,
    double* __restrict__ out_fisher_0_1,
    double* __restrict__ out_fisher_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_fisher_0_0;
        double r_fisher_0_1;
        double r_fisher_1_1;
        normal_fisher_case_f64(in_P_precision_mean[i], in_P_neg_half_precision[i], r_fisher_0_0, r_fisher_0_1, r_fisher_1_1);
        out_fisher_0_0[i] = r_fisher_0_0;
        out_fisher_0_1[i] = r_fisher_0_1;
        out_fisher_1_1[i] = r_fisher_1_1;
    }
}

extern "C" __global__ void normal_factor_f64(
    const long long n,
    const double* __restrict__ in_P_precision_mean,
    const double* __restrict__ in_P_neg_half_precision,
    double* __restrict__ out_factor_0_0,
    double* __restrict__ out_factor_1_0,
    double* __restrict__ out_factor_1_1)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_factor_0_0;
        double r_factor_1_0;
        double r_factor_1_1;
        normal_factor_case_f64(in_P_precision_mean[i], in_P_neg_half_precision[i], r_factor_0_0, r_factor_1_0, r_factor_1_1);
        out_factor_0_0[i] = r_factor_0_0;
        out_factor_1_0[i] = r_factor_1_0;
        out_factor_1_1[i] = r_factor_1_1;
    }
}

extern "C" __global__ void normal_fisher_product_f64(
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
        normal_fisher_product_case_f64(in_fisher_0_0[i], in_fisher_0_1[i], in_fisher_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
        out_out1[i] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void normal_factor_product_f64(
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
        normal_factor_product_case_f64(in_factor_0_0[i], in_factor_1_0[i], in_factor_1_1[i], in_u[i * 2 + 0], in_u[i * 2 + 1], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
        out_out1[i] = nl_keep ? r_out1 * scale : double(0);
    }
}

extern "C" __global__ void normal_factor_transpose_product_f64(
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
        normal_factor_transpose_product_case_f64(in_factor_0_0[i], in_factor_1_0[i], in_factor_1_1[i], in_v0[i], in_v1[i], r_out0, r_out1);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i * 2 + 0] = nl_keep ? r_out0 * scale : double(0);
        out_out[i * 2 + 1] = nl_keep ? r_out1 * scale : double(0);
    }
}
