// generated from codegen/parametrizations/negative_binomial.py by codegen/backends/cuda/templates/cuda/family.cu.jinja, do not edit; run `natloss build`.
// NegativeBinomialLogMeanNegativeLogProbLoss: the negative_binomial_log_mean family, CUDA kernels.
// Structure: scalar. Per dtype (float, double): one __device__ per-case function per op
// and one extern "C" kernel per op, one thread per case in a grid-stride loop. The kernels
// read only the inputs their op uses; masks and weights are folded into the weighted ops.
// Launch with blockDim.x == NATLOSS_BLOCK (the reduction's shared buffer).
#include "natloss_math.cuh"

#ifndef NATLOSS_BLOCK
#define NATLOSS_BLOCK 256
#endif

// ============================================================================= float

__device__ __forceinline__ void negative_binomial_log_mean_nll_case_f32(
    const float P_log_mean,
    const float H_failures,
    const float y,
    float& nll)
{
    const float log_base = -nl_lgamma(y + 1) - nl_lgamma(H_failures) + nl_lgamma(H_failures + y);
    const float t0 = P_log_mean - logf(H_failures);
    const float t1 = log1pf(nl_exp_neg_abs(t0));
    nll = H_failures*(t1 + fmaxf(0, t0)) - log_base + y*(t1 + fmaxf(0, -t0));
}

__device__ __forceinline__ void negative_binomial_log_mean_grad_case_f32(
    const float P_log_mean,
    const float H_failures,
    const float y,
    float& grad0)
{
    const float t0 = P_log_mean - logf(H_failures);
    const float t1 = nl_exp_neg_abs(t0);
    grad0 = nl_sigmoid_lincomb(t0, t1/(t1 + 1), H_failures, -y);
}

__device__ __forceinline__ void negative_binomial_log_mean_mean_case_f32(
    const float P_log_mean,
    const float H_failures,
    float& mean0)
{
    mean0 = H_failures/expm1f(nl_softplus(-P_log_mean + logf(H_failures)));
}

__device__ __forceinline__ void negative_binomial_log_mean_fisher_case_f32(
    const float P_log_mean,
    const float H_failures,
    float& fisher_0_0)
{
    const float t0 = -P_log_mean + logf(H_failures);
    const float t1 = nl_softplus(t0);
    fisher_0_0 = nl_times_square(H_failures, expf(-0.5F*t1)*nl_sigmoid(t0)/expm1f(-t1));
}

__device__ __forceinline__ void negative_binomial_log_mean_factor_case_f32(
    const float P_log_mean,
    const float H_failures,
    float& factor_0_0)
{
    const float t0 = -P_log_mean + logf(H_failures);
    const float t1 = nl_softplus(t0);
    factor_0_0 = sqrtf(H_failures)*expf(-0.5F*t1)*nl_sigmoid(t0)/fabsf(expm1f(-t1));
}

__device__ __forceinline__ void negative_binomial_log_mean_fisher_product_case_f32(
    const float fisher_0_0,
    const float v0,
    float& out0)
{
    out0 = fisher_0_0*v0;
}

__device__ __forceinline__ void negative_binomial_log_mean_factor_product_case_f32(
    const float factor_0_0,
    const float u0,
    float& out0)
{
    out0 = factor_0_0*u0;
}

__device__ __forceinline__ void negative_binomial_log_mean_factor_transpose_product_case_f32(
    const float factor_0_0,
    const float v0,
    float& out0)
{
    out0 = factor_0_0*v0;
}

__device__ __forceinline__ void negative_binomial_log_mean_hessian_case_f32(
    const float P_log_mean,
    const float H_failures,
    const float y,
    float& hessian_0_0)
{
    const float t0 = nl_exp_neg_abs(P_log_mean - logf(H_failures));
    const float t1 = 1.0F/(t0 + 1);
    hessian_0_0 = nl_times_square(H_failures*t0, t1) + nl_times_square(t0*y, t1);
}

__device__ __forceinline__ void negative_binomial_log_mean_hessian_product_case_f32(
    const float hessian_0_0,
    const float v0,
    float& out0)
{
    out0 = hessian_0_0*v0;
}

extern "C" __global__ void negative_binomial_log_mean_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_failures,
    const float H_failures_value,
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
        negative_binomial_log_mean_nll_case_f32(in_P_log_mean[i], (in_H_failures != nullptr ? in_H_failures[i] : H_failures_value), in_y[i], r_nll);
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

extern "C" __global__ void negative_binomial_log_mean_nll_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_failures,
    const float H_failures_value,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_nll;
        negative_binomial_log_mean_nll_case_f32(in_P_log_mean[i], (in_H_failures != nullptr ? in_H_failures[i] : H_failures_value), in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void negative_binomial_log_mean_grad_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_failures,
    const float H_failures_value,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_grad0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_grad0;
        negative_binomial_log_mean_grad_case_f32(in_P_log_mean[i], (in_H_failures != nullptr ? in_H_failures[i] : H_failures_value), in_y[i], r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : float(0);
    }
}

extern "C" __global__ void negative_binomial_log_mean_mean_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_failures,
    const float H_failures_value,
    float* __restrict__ out_mean0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_mean0;
        negative_binomial_log_mean_mean_case_f32(in_P_log_mean[i], (in_H_failures != nullptr ? in_H_failures[i] : H_failures_value), r_mean0);
        out_mean0[i] = r_mean0;
    }
}

extern "C" __global__ void negative_binomial_log_mean_fisher_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_failures,
    const float H_failures_value,
    float* __restrict__ out_fisher_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_fisher_0_0;
        negative_binomial_log_mean_fisher_case_f32(in_P_log_mean[i], (in_H_failures != nullptr ? in_H_failures[i] : H_failures_value), r_fisher_0_0);
        out_fisher_0_0[i] = r_fisher_0_0;
    }
}

extern "C" __global__ void negative_binomial_log_mean_factor_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_failures,
    const float H_failures_value,
    float* __restrict__ out_factor_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_factor_0_0;
        negative_binomial_log_mean_factor_case_f32(in_P_log_mean[i], (in_H_failures != nullptr ? in_H_failures[i] : H_failures_value), r_factor_0_0);
        out_factor_0_0[i] = r_factor_0_0;
    }
}

extern "C" __global__ void negative_binomial_log_mean_fisher_product_f32(
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
        negative_binomial_log_mean_fisher_product_case_f32(in_fisher_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void negative_binomial_log_mean_factor_product_f32(
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
        negative_binomial_log_mean_factor_product_case_f32(in_factor_0_0[i], in_u[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void negative_binomial_log_mean_factor_transpose_product_f32(
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
        negative_binomial_log_mean_factor_transpose_product_case_f32(in_factor_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void negative_binomial_log_mean_hessian_f32(
    const long long n,
    const float* __restrict__ in_P_log_mean,
    const float* __restrict__ in_H_failures,
    const float H_failures_value,
    const float* __restrict__ in_y,
    float* __restrict__ out_hessian_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_hessian_0_0;
        negative_binomial_log_mean_hessian_case_f32(in_P_log_mean[i], (in_H_failures != nullptr ? in_H_failures[i] : H_failures_value), in_y[i], r_hessian_0_0);
        out_hessian_0_0[i] = r_hessian_0_0;
    }
}

extern "C" __global__ void negative_binomial_log_mean_hessian_product_f32(
    const long long n,
    const float* __restrict__ in_hessian_0_0,
    const float* __restrict__ in_v0,
    float* __restrict__ out_out0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_out0;
        negative_binomial_log_mean_hessian_product_case_f32(in_hessian_0_0[i], in_v0[i], r_out0);
        out_out0[i] = r_out0;
    }
}

// ============================================================================= double

__device__ __forceinline__ void negative_binomial_log_mean_nll_case_f64(
    const double P_log_mean,
    const double H_failures,
    const double y,
    double& nll)
{
    const double log_base = -nl_lgamma(y + 1) - nl_lgamma(H_failures) + nl_lgamma(H_failures + y);
    const double t0 = P_log_mean - log(H_failures);
    const double t1 = log1p(nl_exp_neg_abs(t0));
    nll = H_failures*(t1 + fmax(0, t0)) - log_base + y*(t1 + fmax(0, -t0));
}

__device__ __forceinline__ void negative_binomial_log_mean_grad_case_f64(
    const double P_log_mean,
    const double H_failures,
    const double y,
    double& grad0)
{
    const double t0 = P_log_mean - log(H_failures);
    const double t1 = nl_exp_neg_abs(t0);
    grad0 = nl_sigmoid_lincomb(t0, t1/(t1 + 1), H_failures, -y);
}

__device__ __forceinline__ void negative_binomial_log_mean_mean_case_f64(
    const double P_log_mean,
    const double H_failures,
    double& mean0)
{
    mean0 = H_failures/expm1(nl_softplus(-P_log_mean + log(H_failures)));
}

__device__ __forceinline__ void negative_binomial_log_mean_fisher_case_f64(
    const double P_log_mean,
    const double H_failures,
    double& fisher_0_0)
{
    const double t0 = -P_log_mean + log(H_failures);
    const double t1 = nl_softplus(t0);
    fisher_0_0 = nl_times_square(H_failures, exp(-0.5*t1)*nl_sigmoid(t0)/expm1(-t1));
}

__device__ __forceinline__ void negative_binomial_log_mean_factor_case_f64(
    const double P_log_mean,
    const double H_failures,
    double& factor_0_0)
{
    const double t0 = -P_log_mean + log(H_failures);
    const double t1 = nl_softplus(t0);
    factor_0_0 = sqrt(H_failures)*exp(-0.5*t1)*nl_sigmoid(t0)/fabs(expm1(-t1));
}

__device__ __forceinline__ void negative_binomial_log_mean_fisher_product_case_f64(
    const double fisher_0_0,
    const double v0,
    double& out0)
{
    out0 = fisher_0_0*v0;
}

__device__ __forceinline__ void negative_binomial_log_mean_factor_product_case_f64(
    const double factor_0_0,
    const double u0,
    double& out0)
{
    out0 = factor_0_0*u0;
}

__device__ __forceinline__ void negative_binomial_log_mean_factor_transpose_product_case_f64(
    const double factor_0_0,
    const double v0,
    double& out0)
{
    out0 = factor_0_0*v0;
}

__device__ __forceinline__ void negative_binomial_log_mean_hessian_case_f64(
    const double P_log_mean,
    const double H_failures,
    const double y,
    double& hessian_0_0)
{
    const double t0 = nl_exp_neg_abs(P_log_mean - log(H_failures));
    const double t1 = 1.0/(t0 + 1);
    hessian_0_0 = nl_times_square(H_failures*t0, t1) + nl_times_square(t0*y, t1);
}

__device__ __forceinline__ void negative_binomial_log_mean_hessian_product_case_f64(
    const double hessian_0_0,
    const double v0,
    double& out0)
{
    out0 = hessian_0_0*v0;
}

extern "C" __global__ void negative_binomial_log_mean_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_failures,
    const double H_failures_value,
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
        negative_binomial_log_mean_nll_case_f64(in_P_log_mean[i], (in_H_failures != nullptr ? in_H_failures[i] : H_failures_value), in_y[i], r_nll);
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

extern "C" __global__ void negative_binomial_log_mean_nll_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_failures,
    const double H_failures_value,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_nll;
        negative_binomial_log_mean_nll_case_f64(in_P_log_mean[i], (in_H_failures != nullptr ? in_H_failures[i] : H_failures_value), in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void negative_binomial_log_mean_grad_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_failures,
    const double H_failures_value,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_grad0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_grad0;
        negative_binomial_log_mean_grad_case_f64(in_P_log_mean[i], (in_H_failures != nullptr ? in_H_failures[i] : H_failures_value), in_y[i], r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : double(0);
    }
}

extern "C" __global__ void negative_binomial_log_mean_mean_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_failures,
    const double H_failures_value,
    double* __restrict__ out_mean0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_mean0;
        negative_binomial_log_mean_mean_case_f64(in_P_log_mean[i], (in_H_failures != nullptr ? in_H_failures[i] : H_failures_value), r_mean0);
        out_mean0[i] = r_mean0;
    }
}

extern "C" __global__ void negative_binomial_log_mean_fisher_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_failures,
    const double H_failures_value,
    double* __restrict__ out_fisher_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_fisher_0_0;
        negative_binomial_log_mean_fisher_case_f64(in_P_log_mean[i], (in_H_failures != nullptr ? in_H_failures[i] : H_failures_value), r_fisher_0_0);
        out_fisher_0_0[i] = r_fisher_0_0;
    }
}

extern "C" __global__ void negative_binomial_log_mean_factor_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_failures,
    const double H_failures_value,
    double* __restrict__ out_factor_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_factor_0_0;
        negative_binomial_log_mean_factor_case_f64(in_P_log_mean[i], (in_H_failures != nullptr ? in_H_failures[i] : H_failures_value), r_factor_0_0);
        out_factor_0_0[i] = r_factor_0_0;
    }
}

extern "C" __global__ void negative_binomial_log_mean_fisher_product_f64(
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
        negative_binomial_log_mean_fisher_product_case_f64(in_fisher_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void negative_binomial_log_mean_factor_product_f64(
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
        negative_binomial_log_mean_factor_product_case_f64(in_factor_0_0[i], in_u[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void negative_binomial_log_mean_factor_transpose_product_f64(
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
        negative_binomial_log_mean_factor_transpose_product_case_f64(in_factor_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void negative_binomial_log_mean_hessian_f64(
    const long long n,
    const double* __restrict__ in_P_log_mean,
    const double* __restrict__ in_H_failures,
    const double H_failures_value,
    const double* __restrict__ in_y,
    double* __restrict__ out_hessian_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_hessian_0_0;
        negative_binomial_log_mean_hessian_case_f64(in_P_log_mean[i], (in_H_failures != nullptr ? in_H_failures[i] : H_failures_value), in_y[i], r_hessian_0_0);
        out_hessian_0_0[i] = r_hessian_0_0;
    }
}

extern "C" __global__ void negative_binomial_log_mean_hessian_product_f64(
    const long long n,
    const double* __restrict__ in_hessian_0_0,
    const double* __restrict__ in_v0,
    double* __restrict__ out_out0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_out0;
        negative_binomial_log_mean_hessian_product_case_f64(in_hessian_0_0[i], in_v0[i], r_out0);
        out_out0[i] = r_out0;
    }
}
