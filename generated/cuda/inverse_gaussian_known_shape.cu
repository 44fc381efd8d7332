// generated from codegen/families/inverse_gaussian_known_shape.py by codegen/backends/cuda/templates/cuda/family.cu.jinja, do not edit; run `natloss build`.
// InverseGaussianKnownShapeNegativeLogProbLoss: the inverse_gaussian_known_shape family, CUDA kernels.
// Structure: scalar. Per dtype (float, double): one __device__ per-case function per op
// and one extern "C" kernel per op, one thread per case in a grid-stride loop. The kernels
// read only the inputs their op uses; masks and weights are folded into the weighted ops.
// Launch with blockDim.x == NATLOSS_BLOCK (the reduction's shared buffer).
#include "natloss_math.cuh"

#ifndef NATLOSS_BLOCK
#define NATLOSS_BLOCK 256
#endif

// ============================================================================= float

__device__ __forceinline__ void inverse_gaussian_known_shape_nll_case_f32(
    const float P_neg_half_shape_over_mean_sq,
    const float H_lam,
    const float y,
    float& nll)
{
    const float t0 = sqrtf(y);
    nll = ((0.70710677F*sqrtf(H_lam)/t0 - t0*sqrtf(-P_neg_half_shape_over_mean_sq))*(0.70710677F*sqrtf(H_lam)/t0 - t0*sqrtf(-P_neg_half_shape_over_mean_sq))) - 0.5F*logf(H_lam) + (1.5F)*logf(y) + 0.9189385F;
}

__device__ __forceinline__ void inverse_gaussian_known_shape_grad_case_f32(
    const float P_neg_half_shape_over_mean_sq,
    const float H_lam,
    const float y,
    float& grad0)
{
    grad0 = 0.70710677F*sqrtf(H_lam)/sqrtf(-P_neg_half_shape_over_mean_sq) - y;
}

__device__ __forceinline__ void inverse_gaussian_known_shape_mean_case_f32(
    const float P_neg_half_shape_over_mean_sq,
    const float H_lam,
    float& mean0)
{
    mean0 = 0.70710677F*sqrtf(H_lam)/sqrtf(-P_neg_half_shape_over_mean_sq);
}

__device__ __forceinline__ void inverse_gaussian_known_shape_fisher_case_f32(
    const float P_neg_half_shape_over_mean_sq,
    const float H_lam,
    float& fisher_0_0)
{
    fisher_0_0 = 0.35355338F*sqrtf(H_lam)/((-P_neg_half_shape_over_mean_sq)*sqrtf(-P_neg_half_shape_over_mean_sq));
}

__device__ __forceinline__ void inverse_gaussian_known_shape_factor_case_f32(
    const float P_neg_half_shape_over_mean_sq,
    const float H_lam,
    float& factor_0_0)
{
    factor_0_0 = 0.59460354F*powf(H_lam, 0.25F)/powf(-P_neg_half_shape_over_mean_sq, 0.75F);
}

__device__ __forceinline__ void inverse_gaussian_known_shape_fisher_product_case_f32(
    const float fisher_0_0,
    const float v0,
    float& out0)
{
    out0 = fisher_0_0*v0;
}

__device__ __forceinline__ void inverse_gaussian_known_shape_factor_product_case_f32(
    const float factor_0_0,
    const float u0,
    float& out0)
{
    out0 = factor_0_0*u0;
}

__device__ __forceinline__ void inverse_gaussian_known_shape_factor_transpose_product_case_f32(
    const float factor_0_0,
    const float v0,
    float& out0)
{
    out0 = factor_0_0*v0;
}

extern "C" __global__ void inverse_gaussian_known_shape_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_neg_half_shape_over_mean_sq,
    const float* __restrict__ in_H_lam,
    const float H_lam_value,
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
        inverse_gaussian_known_shape_nll_case_f32(in_P_neg_half_shape_over_mean_sq[i], (in_H_lam != nullptr ? in_H_lam[i] : H_lam_value), in_y[i], r_nll);
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

extern "C" __global__ void inverse_gaussian_known_shape_nll_f32(
    const long long n,
    const float* __restrict__ in_P_neg_half_shape_over_mean_sq,
    const float* __restrict__ in_H_lam,
    const float H_lam_value,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_nll;
        inverse_gaussian_known_shape_nll_case_f32(in_P_neg_half_shape_over_mean_sq[i], (in_H_lam != nullptr ? in_H_lam[i] : H_lam_value), in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void inverse_gaussian_known_shape_grad_f32(
    const long long n,
    const float* __restrict__ in_P_neg_half_shape_over_mean_sq,
    const float* __restrict__ in_H_lam,
    const float H_lam_value,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_grad0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_grad0;
        inverse_gaussian_known_shape_grad_case_f32(in_P_neg_half_shape_over_mean_sq[i], (in_H_lam != nullptr ? in_H_lam[i] : H_lam_value), in_y[i], r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : float(0);
    }
}

extern "C" __global__ void inverse_gaussian_known_shape_mean_f32(
    const long long n,
    const float* __restrict__ in_P_neg_half_shape_over_mean_sq,
    const float* __restrict__ in_H_lam,
    const float H_lam_value,
    float* __restrict__ out_mean0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_mean0;
        inverse_gaussian_known_shape_mean_case_f32(in_P_neg_half_shape_over_mean_sq[i], (in_H_lam != nullptr ? in_H_lam[i] : H_lam_value), r_mean0);
        out_mean0[i] = r_mean0;
    }
}

extern "C" __global__ void inverse_gaussian_known_shape_fisher_f32(
    const long long n,
    const float* __restrict__ in_P_neg_half_shape_over_mean_sq,
    const float* __restrict__ in_H_lam,
    const float H_lam_value,
    float* __restrict__ out_fisher_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_fisher_0_0;
        inverse_gaussian_known_shape_fisher_case_f32(in_P_neg_half_shape_over_mean_sq[i], (in_H_lam != nullptr ? in_H_lam[i] : H_lam_value), r_fisher_0_0);
        out_fisher_0_0[i] = r_fisher_0_0;
    }
}

extern "C" __global__ void inverse_gaussian_known_shape_factor_f32(
    const long long n,
    const float* __restrict__ in_P_neg_half_shape_over_mean_sq,
    const float* __restrict__ in_H_lam,
    const float H_lam_value,
    float* __restrict__ out_factor_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_factor_0_0;
        inverse_gaussian_known_shape_factor_case_f32(in_P_neg_half_shape_over_mean_sq[i], (in_H_lam != nullptr ? in_H_lam[i] : H_lam_value), r_factor_0_0);
        out_factor_0_0[i] = r_factor_0_0;
    }
}

extern "C" __global__ void inverse_gaussian_known_shape_fisher_product_f32(
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
        inverse_gaussian_known_shape_fisher_product_case_f32(in_fisher_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void inverse_gaussian_known_shape_factor_product_f32(
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
        inverse_gaussian_known_shape_factor_product_case_f32(in_factor_0_0[i], in_u[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void inverse_gaussian_known_shape_factor_transpose_product_f32(
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
        inverse_gaussian_known_shape_factor_transpose_product_case_f32(in_factor_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

// ============================================================================= double

__device__ __forceinline__ void inverse_gaussian_known_shape_nll_case_f64(
    const double P_neg_half_shape_over_mean_sq,
    const double H_lam,
    const double y,
    double& nll)
{
    const double t0 = sqrt(y);
    nll = ((0.7071067811865476*sqrt(H_lam)/t0 - t0*sqrt(-P_neg_half_shape_over_mean_sq))*(0.7071067811865476*sqrt(H_lam)/t0 - t0*sqrt(-P_neg_half_shape_over_mean_sq))) - 0.5*log(H_lam) + (1.5)*log(y) + 0.9189385332046728;
}

__device__ __forceinline__ void inverse_gaussian_known_shape_grad_case_f64(
    const double P_neg_half_shape_over_mean_sq,
    const double H_lam,
    const double y,
    double& grad0)
{
    grad0 = 0.7071067811865476*sqrt(H_lam)/sqrt(-P_neg_half_shape_over_mean_sq) - y;
}

__device__ __forceinline__ void inverse_gaussian_known_shape_mean_case_f64(
    const double P_neg_half_shape_over_mean_sq,
    const double H_lam,
    double& mean0)
{
    mean0 = 0.7071067811865476*sqrt(H_lam)/sqrt(-P_neg_half_shape_over_mean_sq);
}

__device__ __forceinline__ void inverse_gaussian_known_shape_fisher_case_f64(
    const double P_neg_half_shape_over_mean_sq,
    const double H_lam,
    double& fisher_0_0)
{
    fisher_0_0 = 0.3535533905932738*sqrt(H_lam)/((-P_neg_half_shape_over_mean_sq)*sqrt(-P_neg_half_shape_over_mean_sq));
}

__device__ __forceinline__ void inverse_gaussian_known_shape_factor_case_f64(
    const double P_neg_half_shape_over_mean_sq,
    const double H_lam,
    double& factor_0_0)
{
    factor_0_0 = 0.5946035575013605*pow(H_lam, 0.25)/pow(-P_neg_half_shape_over_mean_sq, 0.75);
}

__device__ __forceinline__ void inverse_gaussian_known_shape_fisher_product_case_f64(
    const double fisher_0_0,
    const double v0,
    double& out0)
{
    out0 = fisher_0_0*v0;
}

__device__ __forceinline__ void inverse_gaussian_known_shape_factor_product_case_f64(
    const double factor_0_0,
    const double u0,
    double& out0)
{
    out0 = factor_0_0*u0;
}

__device__ __forceinline__ void inverse_gaussian_known_shape_factor_transpose_product_case_f64(
    const double factor_0_0,
    const double v0,
    double& out0)
{
    out0 = factor_0_0*v0;
}

extern "C" __global__ void inverse_gaussian_known_shape_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_neg_half_shape_over_mean_sq,
    const double* __restrict__ in_H_lam,
    const double H_lam_value,
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
        inverse_gaussian_known_shape_nll_case_f64(in_P_neg_half_shape_over_mean_sq[i], (in_H_lam != nullptr ? in_H_lam[i] : H_lam_value), in_y[i], r_nll);
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

extern "C" __global__ void inverse_gaussian_known_shape_nll_f64(
    const long long n,
    const double* __restrict__ in_P_neg_half_shape_over_mean_sq,
    const double* __restrict__ in_H_lam,
    const double H_lam_value,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_nll;
        inverse_gaussian_known_shape_nll_case_f64(in_P_neg_half_shape_over_mean_sq[i], (in_H_lam != nullptr ? in_H_lam[i] : H_lam_value), in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void inverse_gaussian_known_shape_grad_f64(
    const long long n,
    const double* __restrict__ in_P_neg_half_shape_over_mean_sq,
    const double* __restrict__ in_H_lam,
    const double H_lam_value,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_grad0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_grad0;
        inverse_gaussian_known_shape_grad_case_f64(in_P_neg_half_shape_over_mean_sq[i], (in_H_lam != nullptr ? in_H_lam[i] : H_lam_value), in_y[i], r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : double(0);
    }
}

extern "C" __global__ void inverse_gaussian_known_shape_mean_f64(
    const long long n,
    const double* __restrict__ in_P_neg_half_shape_over_mean_sq,
    const double* __restrict__ in_H_lam,
    const double H_lam_value,
    double* __restrict__ out_mean0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_mean0;
        inverse_gaussian_known_shape_mean_case_f64(in_P_neg_half_shape_over_mean_sq[i], (in_H_lam != nullptr ? in_H_lam[i] : H_lam_value), r_mean0);
        out_mean0[i] = r_mean0;
    }
}

extern "C" __global__ void inverse_gaussian_known_shape_fisher_f64(
    const long long n,
    const double* __restrict__ in_P_neg_half_shape_over_mean_sq,
    const double* __restrict__ in_H_lam,
    const double H_lam_value,
    double* __restrict__ out_fisher_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_fisher_0_0;
        inverse_gaussian_known_shape_fisher_case_f64(in_P_neg_half_shape_over_mean_sq[i], (in_H_lam != nullptr ? in_H_lam[i] : H_lam_value), r_fisher_0_0);
        out_fisher_0_0[i] = r_fisher_0_0;
    }
}

extern "C" __global__ void inverse_gaussian_known_shape_factor_f64(
    const long long n,
    const double* __restrict__ in_P_neg_half_shape_over_mean_sq,
    const double* __restrict__ in_H_lam,
    const double H_lam_value,
    double* __restrict__ out_factor_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_factor_0_0;
        inverse_gaussian_known_shape_factor_case_f64(in_P_neg_half_shape_over_mean_sq[i], (in_H_lam != nullptr ? in_H_lam[i] : H_lam_value), r_factor_0_0);
        out_factor_0_0[i] = r_factor_0_0;
    }
}

extern "C" __global__ void inverse_gaussian_known_shape_fisher_product_f64(
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
        inverse_gaussian_known_shape_fisher_product_case_f64(in_fisher_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void inverse_gaussian_known_shape_factor_product_f64(
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
        inverse_gaussian_known_shape_factor_product_case_f64(in_factor_0_0[i], in_u[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void inverse_gaussian_known_shape_factor_transpose_product_f64(
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
        inverse_gaussian_known_shape_factor_transpose_product_case_f64(in_factor_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i] = nl_keep ? r_out0 * scale : double(0);
    }
}
