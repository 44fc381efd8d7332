// generated from codegen/parametrizations/bernoulli.py by codegen/backends/cuda/templates/cuda/family.cu.jinja, do not edit; run `natloss build`.
// BernoulliProbitNegativeLogProbLoss: the bernoulli_probit family, CUDA kernels.
// Structure: scalar. Per dtype (float, double): one __device__ per-case function per op
// and one extern "C" kernel per op, one thread per case in a grid-stride loop. The kernels
// read only the inputs their op uses; masks and weights are folded into the weighted ops.
// Launch with blockDim.x == NATLOSS_BLOCK (the reduction's shared buffer).
#include "natloss_math.cuh"

#ifndef NATLOSS_BLOCK
#define NATLOSS_BLOCK 256
#endif

// ============================================================================= float

__device__ __forceinline__ void bernoulli_probit_nll_case_f32(
    const float P_score,
    const float y,
    float& nll)
{
    nll = -y*nl_log_ndtr(P_score) + (y - 1)*nl_log_ndtr(-P_score);
}

__device__ __forceinline__ void bernoulli_probit_grad_case_f32(
    const float P_score,
    const float y,
    float& grad0)
{
    const float grad0_y_max = -nl_ndtr_mills(P_score);
    const float grad0_y_min = nl_ndtr_mills(-P_score);
    grad0 = grad0_y_max*y + grad0_y_min*(1 - y);
}

__device__ __forceinline__ void bernoulli_probit_mean_case_f32(
    const float P_score,
    float& mean0)
{
    mean0 = expf(nl_log_ndtr(P_score));
}

__device__ __forceinline__ void bernoulli_probit_fisher_case_f32(
    const float P_score,
    float& fisher_0_0)
{
    const float t0 = -P_score;
    fisher_0_0 = nl_times_square(1, (nl_ndtr_mills(P_score) + nl_ndtr_mills(t0))*expf((0.5F)*nl_log_ndtr(P_score) + (0.5F)*nl_log_ndtr(t0)));
}

__device__ __forceinline__ void bernoulli_probit_factor_case_f32(
    const float P_score,
    float& factor_0_0)
{
    const float t0 = -P_score;
    factor_0_0 = (nl_ndtr_mills(P_score) + nl_ndtr_mills(t0))*expf((0.5F)*nl_log_ndtr(P_score) + (0.5F)*nl_log_ndtr(t0));
}

__device__ __forceinline__ void bernoulli_probit_fisher_product_case_f32(
    const float fisher_0_0,
    const float v0,
    float& out0)
{
    out0 = fisher_0_0*v0;
}

__device__ __forceinline__ void bernoulli_probit_factor_product_case_f32(
    const float factor_0_0,
    const float u0,
    float& out0)
{
    out0 = factor_0_0*u0;
}

__device__ __forceinline__ void bernoulli_probit_factor_transpose_product_case_f32(
    const float factor_0_0,
    const float v0,
    float& out0)
{
    out0 = factor_0_0*v0;
}

__device__ __forceinline__ void bernoulli_probit_hessian_case_f32(
    const float P_score,
    const float y,
    float& hessian_0_0)
{
    const float t0 = -P_score;
    const float hessian_0_0_y_max = nl_mills_shift(P_score)*nl_ndtr_mills(P_score);
    const float hessian_0_0_y_min = nl_mills_shift(t0)*nl_ndtr_mills(t0);
    hessian_0_0 = hessian_0_0_y_max*y + hessian_0_0_y_min*(1 - y);
}

__device__ __forceinline__ void bernoulli_probit_hessian_product_case_f32(
    const float hessian_0_0,
    const float v0,
    float& out0)
{
    out0 = hessian_0_0*v0;
}

extern "C" __global__ void bernoulli_probit_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_score,
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
        bernoulli_probit_nll_case_f32(in_P_score[i], in_y[i], r_nll);
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

extern "C" __global__ void bernoulli_probit_nll_f32(
    const long long n,
    const float* __restrict__ in_P_score,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_nll;
        bernoulli_probit_nll_case_f32(in_P_score[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void bernoulli_probit_grad_f32(
    const long long n,
    const float* __restrict__ in_P_score,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_grad0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_grad0;
        bernoulli_probit_grad_case_f32(in_P_score[i], in_y[i], r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : float(0);
    }
}

extern "C" __global__ void bernoulli_probit_mean_f32(
    const long long n,
    const float* __restrict__ in_P_score,
    float* __restrict__ out_mean0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_mean0;
        bernoulli_probit_mean_case_f32(in_P_score[i], r_mean0);
        out_mean0[i] = r_mean0;
    }
}

extern "C" __global__ void bernoulli_probit_fisher_f32(
    const long long n,
    const float* __restrict__ in_P_score,
    float* __restrict__ out_fisher_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_fisher_0_0;
        bernoulli_probit_fisher_case_f32(in_P_score[i], r_fisher_0_0);
        out_fisher_0_0[i] = r_fisher_0_0;
    }
}

extern "C" __global__ void bernoulli_probit_factor_f32(
    const long long n,
    const float* __restrict__ in_P_score,
    float* __restrict__ out_factor_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_factor_0_0;
        bernoulli_probit_factor_case_f32(in_P_score[i], r_factor_0_0);
        out_factor_0_0[i] = r_factor_0_0;
    }
}

extern "C" __global__ void bernoulli_probit_fisher_product_f32(
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
        bernoulli_probit_fisher_product_case_f32(in_fisher_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void bernoulli_probit_factor_product_f32(
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
        bernoulli_probit_factor_product_case_f32(in_factor_0_0[i], in_u[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void bernoulli_probit_factor_transpose_product_f32(
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
        bernoulli_probit_factor_transpose_product_case_f32(in_factor_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void bernoulli_probit_hessian_f32(
    const long long n,
    const float* __restrict__ in_P_score,
    const float* __restrict__ in_y,
    float* __restrict__ out_hessian_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_hessian_0_0;
        bernoulli_probit_hessian_case_f32(in_P_score[i], in_y[i], r_hessian_0_0);
        out_hessian_0_0[i] = r_hessian_0_0;
    }
}

extern "C" __global__ void bernoulli_probit_hessian_product_f32(
    const long long n,
    const float* __restrict__ in_hessian_0_0,
    const float* __restrict__ in_v0,
    float* __restrict__ out_out0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_out0;
        bernoulli_probit_hessian_product_case_f32(in_hessian_0_0[i], in_v0[i], r_out0);
        out_out0[i] = r_out0;
    }
}

// ============================================================================= double

__device__ __forceinline__ void bernoulli_probit_nll_case_f64(
    const double P_score,
    const double y,
    double& nll)
{
    nll = -y*nl_log_ndtr(P_score) + (y - 1)*nl_log_ndtr(-P_score);
}

__device__ __forceinline__ void bernoulli_probit_grad_case_f64(
    const double P_score,
    const double y,
    double& grad0)
{
    const double grad0_y_max = -nl_ndtr_mills(P_score);
    const double grad0_y_min = nl_ndtr_mills(-P_score);
    grad0 = grad0_y_max*y + grad0_y_min*(1 - y);
}

__device__ __forceinline__ void bernoulli_probit_mean_case_f64(
    const double P_score,
    double& mean0)
{
    mean0 = exp(nl_log_ndtr(P_score));
}

__device__ __forceinline__ void bernoulli_probit_fisher_case_f64(
    const double P_score,
    double& fisher_0_0)
{
    const double t0 = -P_score;
    fisher_0_0 = nl_times_square(1, (nl_ndtr_mills(P_score) + nl_ndtr_mills(t0))*exp((0.5)*nl_log_ndtr(P_score) + (0.5)*nl_log_ndtr(t0)));
}

__device__ __forceinline__ void bernoulli_probit_factor_case_f64(
    const double P_score,
    double& factor_0_0)
{
    const double t0 = -P_score;
    factor_0_0 = (nl_ndtr_mills(P_score) + nl_ndtr_mills(t0))*exp((0.5)*nl_log_ndtr(P_score) + (0.5)*nl_log_ndtr(t0));
}

__device__ __forceinline__ void bernoulli_probit_fisher_product_case_f64(
    const double fisher_0_0,
    const double v0,
    double& out0)
{
    out0 = fisher_0_0*v0;
}

__device__ __forceinline__ void bernoulli_probit_factor_product_case_f64(
    const double factor_0_0,
    const double u0,
    double& out0)
{
    out0 = factor_0_0*u0;
}

__device__ __forceinline__ void bernoulli_probit_factor_transpose_product_case_f64(
    const double factor_0_0,
    const double v0,
    double& out0)
{
    out0 = factor_0_0*v0;
}

__device__ __forceinline__ void bernoulli_probit_hessian_case_f64(
    const double P_score,
    const double y,
    double& hessian_0_0)
{
    const double t0 = -P_score;
    const double hessian_0_0_y_max = nl_mills_shift(P_score)*nl_ndtr_mills(P_score);
    const double hessian_0_0_y_min = nl_mills_shift(t0)*nl_ndtr_mills(t0);
    hessian_0_0 = hessian_0_0_y_max*y + hessian_0_0_y_min*(1 - y);
}

__device__ __forceinline__ void bernoulli_probit_hessian_product_case_f64(
    const double hessian_0_0,
    const double v0,
    double& out0)
{
    out0 = hessian_0_0*v0;
}

extern "C" __global__ void bernoulli_probit_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_score,
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
        bernoulli_probit_nll_case_f64(in_P_score[i], in_y[i], r_nll);
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

extern "C" __global__ void bernoulli_probit_nll_f64(
    const long long n,
    const double* __restrict__ in_P_score,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_nll;
        bernoulli_probit_nll_case_f64(in_P_score[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void bernoulli_probit_grad_f64(
    const long long n,
    const double* __restrict__ in_P_score,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_grad0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_grad0;
        bernoulli_probit_grad_case_f64(in_P_score[i], in_y[i], r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : double(0);
    }
}

extern "C" __global__ void bernoulli_probit_mean_f64(
    const long long n,
    const double* __restrict__ in_P_score,
    double* __restrict__ out_mean0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_mean0;
        bernoulli_probit_mean_case_f64(in_P_score[i], r_mean0);
        out_mean0[i] = r_mean0;
    }
}

extern "C" __global__ void bernoulli_probit_fisher_f64(
    const long long n,
    const double* __restrict__ in_P_score,
    double* __restrict__ out_fisher_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_fisher_0_0;
        bernoulli_probit_fisher_case_f64(in_P_score[i], r_fisher_0_0);
        out_fisher_0_0[i] = r_fisher_0_0;
    }
}

extern "C" __global__ void bernoulli_probit_factor_f64(
    const long long n,
    const double* __restrict__ in_P_score,
    double* __restrict__ out_factor_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_factor_0_0;
        bernoulli_probit_factor_case_f64(in_P_score[i], r_factor_0_0);
        out_factor_0_0[i] = r_factor_0_0;
    }
}

extern "C" __global__ void bernoulli_probit_fisher_product_f64(
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
        bernoulli_probit_fisher_product_case_f64(in_fisher_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void bernoulli_probit_factor_product_f64(
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
        bernoulli_probit_factor_product_case_f64(in_factor_0_0[i], in_u[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void bernoulli_probit_factor_transpose_product_f64(
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
        bernoulli_probit_factor_transpose_product_case_f64(in_factor_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void bernoulli_probit_hessian_f64(
    const long long n,
    const double* __restrict__ in_P_score,
    const double* __restrict__ in_y,
    double* __restrict__ out_hessian_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_hessian_0_0;
        bernoulli_probit_hessian_case_f64(in_P_score[i], in_y[i], r_hessian_0_0);
        out_hessian_0_0[i] = r_hessian_0_0;
    }
}

extern "C" __global__ void bernoulli_probit_hessian_product_f64(
    const long long n,
    const double* __restrict__ in_hessian_0_0,
    const double* __restrict__ in_v0,
    double* __restrict__ out_out0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_out0;
        bernoulli_probit_hessian_product_case_f64(in_hessian_0_0[i], in_v0[i], r_out0);
        out_out0[i] = r_out0;
    }
}
