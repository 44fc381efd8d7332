// generated from codegen/families/continuous_bernoulli.py by codegen/backends/cuda/templates/cuda/family.cu.jinja, do not edit; run `natloss build`.
// ContinuousBernoulliNegativeLogProbLoss: the continuous_bernoulli family, CUDA kernels.
// Structure: scalar. Per dtype (float, double): one __device__ per-case function per op
// and one extern "C" kernel per op, one thread per case in a grid-stride loop. The kernels
// read only the inputs their op uses; masks and weights are folded into the weighted ops.
// Launch with blockDim.x == NATLOSS_BLOCK (the reduction's shared buffer).
#include "natloss_math.cuh"

#ifndef NATLOSS_BLOCK
#define NATLOSS_BLOCK 256
#endif

// ============================================================================= float

__device__ __forceinline__ void continuous_bernoulli_nll_case_f32(
    const float P_eta,
    const float y,
    float& nll)
{
    const float t0 = fabsf(P_eta) < 0.056234132F;
    const float t1 = ((t0) ? (P_eta) : (0));
    const float t2 = (t1*t1);
    const float t3 = ((t0) ? (0.056234132F) : (P_eta));
    nll = -P_eta*y + ((t0) ? (
   t1*(t1*(t2*(5.5114638e-06F*t2 - 0.00034722223F) + 0.041666668F) + 0.5F)
)
: (
   logf(expm1f(t3)/t3)
));
}

__device__ __forceinline__ void continuous_bernoulli_grad_case_f32(
    const float P_eta,
    const float y,
    float& grad0)
{
    const float t0 = fabsf(P_eta) < 0.1F;
    const float t1 = ((t0) ? (P_eta) : (0));
    const float t2 = (t1*t1);
    const float t3 = ((t0) ? (0.1F) : (P_eta));
    grad0 = -y + ((t0) ? (
   t1*(t2*(3.3068784e-05F*t2 - 0.0013888889F) + 0.083333336F) + 0.5F
)
: (
   -1/expm1f(-t3) - 1/t3
));
}

__device__ __forceinline__ void continuous_bernoulli_mean_case_f32(
    const float P_eta,
    float& mean0)
{
    const float t0 = fabsf(P_eta) < 0.1F;
    const float t1 = ((t0) ? (P_eta) : (0));
    const float t2 = (t1*t1);
    const float t3 = ((t0) ? (0.1F) : (P_eta));
    mean0 = ((t0) ? (
   t1*(t2*(3.3068784e-05F*t2 - 0.0013888889F) + 0.083333336F) + 0.5F
)
: (
   -1/expm1f(-t3) - 1/t3
));
}

__device__ __forceinline__ void continuous_bernoulli_fisher_case_f32(
    const float P_eta,
    float& fisher_0_0)
{
    const float t0 = fabsf(P_eta) < 1.0F;
    const float t1 = (((t0) ? (P_eta) : (0))*((t0) ? (P_eta) : (0)));
    const float t2 = ((t0) ? (1.0F) : (P_eta));
    fisher_0_0 = ((t0) ? (
   t1*(t1*(t1*(t1*(t1*(t1*(t1*(1.4596305e-13F*t1 - 5.0845205e-12F) + 1.7397297e-10F) - 5.812609e-09F) + 1.8789082e-07F) - 5.787037e-06F) + 0.00016534391F) - 0.004166667F) + 0.083333336F
)
: (
   1/(expm1f(-t2)*expm1f(t2)) + 1.0F/(t2*t2)
));
}

__device__ __forceinline__ void continuous_bernoulli_factor_case_f32(
    const float P_eta,
    float& factor_0_0)
{
    const float t0 = fabsf(P_eta) < 0.56234133F;
    const float t1 = (((t0) ? (P_eta) : (0))*((t0) ? (P_eta) : (0)));
    const float t2 = ((t0) ? (0.56234133F) : (P_eta));
    factor_0_0 = ((t0) ? (
   t1*(t1*(t1*(t1*(t1*(8.407974e-11F*t1 - 3.3189076e-09F) + 1.3080252e-07F) - 5.119115e-06F) + 0.00019617309F) - 0.0072168782F) + 0.28867513F
)
: (
   sqrtf(1/(expm1f(-t2)*expm1f(t2)) + 1.0F/(t2*t2))
));
}

__device__ __forceinline__ void continuous_bernoulli_fisher_product_case_f32(
    const float fisher_0_0,
    const float v0,
    float& out0)
{
    out0 = fisher_0_0*v0;
}

__device__ __forceinline__ void continuous_bernoulli_factor_product_case_f32(
    const float factor_0_0,
    const float u0,
    float& out0)
{
    out0 = factor_0_0*u0;
}

__device__ __forceinline__ void continuous_bernoulli_factor_transpose_product_case_f32(
    const float factor_0_0,
    const float v0,
    float& out0)
{
    out0 = factor_0_0*v0;
}

extern "C" __global__ void continuous_bernoulli_nll_reduce_f32(
    const long long n,
    const float* __restrict__ in_P_eta,
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
        continuous_bernoulli_nll_case_f32(in_P_eta[i], in_y[i], r_nll);
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

extern "C" __global__ void continuous_bernoulli_nll_f32(
    const long long n,
    const float* __restrict__ in_P_eta,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_nll;
        continuous_bernoulli_nll_case_f32(in_P_eta[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void continuous_bernoulli_grad_f32(
    const long long n,
    const float* __restrict__ in_P_eta,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_grad0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_grad0;
        continuous_bernoulli_grad_case_f32(in_P_eta[i], in_y[i], r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : float(0);
    }
}

extern "C" __global__ void continuous_bernoulli_mean_f32(
    const long long n,
    const float* __restrict__ in_P_eta,
    float* __restrict__ out_mean0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_mean0;
        continuous_bernoulli_mean_case_f32(in_P_eta[i], r_mean0);
        out_mean0[i] = r_mean0;
    }
}

extern "C" __global__ void continuous_bernoulli_fisher_f32(
    const long long n,
    const float* __restrict__ in_P_eta,
    float* __restrict__ out_fisher_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_fisher_0_0;
        continuous_bernoulli_fisher_case_f32(in_P_eta[i], r_fisher_0_0);
        out_fisher_0_0[i] = r_fisher_0_0;
    }
}

extern "C" __global__ void continuous_bernoulli_factor_f32(
    const long long n,
    const float* __restrict__ in_P_eta,
    float* __restrict__ out_factor_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        float r_factor_0_0;
        continuous_bernoulli_factor_case_f32(in_P_eta[i], r_factor_0_0);
        out_factor_0_0[i] = r_factor_0_0;
    }
}

extern "C" __global__ void continuous_bernoulli_fisher_product_f32(
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
        continuous_bernoulli_fisher_product_case_f32(in_fisher_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void continuous_bernoulli_factor_product_f32(
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
        continuous_bernoulli_factor_product_case_f32(in_factor_0_0[i], in_u[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

extern "C" __global__ void continuous_bernoulli_factor_transpose_product_f32(
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
        continuous_bernoulli_factor_transpose_product_case_f32(in_factor_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i] = nl_keep ? r_out0 * scale : float(0);
    }
}

// ============================================================================= double

__device__ __forceinline__ void continuous_bernoulli_nll_case_f64(
    const double P_eta,
    const double y,
    double& nll)
{
    const double t0 = fabs(P_eta) < 0.05623413251903491;
    const double t1 = ((t0) ? (P_eta) : (0));
    const double t2 = (t1*t1);
    const double t3 = ((t0) ? (0.05623413251903491) : (P_eta));
    nll = -P_eta*y + ((t0) ? (
   t1*(t1*(t2*(5.5114638447971785e-06*t2 - 0.00034722222222222224) + 0.041666666666666664) + 0.5)
)
: (
   log(expm1(t3)/t3)
));
}

__device__ __forceinline__ void continuous_bernoulli_grad_case_f64(
    const double P_eta,
    const double y,
    double& grad0)
{
    const double t0 = fabs(P_eta) < 0.1;
    const double t1 = ((t0) ? (P_eta) : (0));
    const double t2 = (t1*t1);
    const double t3 = ((t0) ? (0.1) : (P_eta));
    grad0 = -y + ((t0) ? (
   t1*(t2*(3.306878306878307e-05*t2 - 0.001388888888888889) + 0.08333333333333333) + 0.5
)
: (
   -1/expm1(-t3) - 1/t3
));
}

__device__ __forceinline__ void continuous_bernoulli_mean_case_f64(
    const double P_eta,
    double& mean0)
{
    const double t0 = fabs(P_eta) < 0.1;
    const double t1 = ((t0) ? (P_eta) : (0));
    const double t2 = (t1*t1);
    const double t3 = ((t0) ? (0.1) : (P_eta));
    mean0 = ((t0) ? (
   t1*(t2*(3.306878306878307e-05*t2 - 0.001388888888888889) + 0.08333333333333333) + 0.5
)
: (
   -1/expm1(-t3) - 1/t3
));
}

__device__ __forceinline__ void continuous_bernoulli_fisher_case_f64(
    const double P_eta,
    double& fisher_0_0)
{
    const double t0 = fabs(P_eta) < 1.0;
    const double t1 = (((t0) ? (P_eta) : (0))*((t0) ? (P_eta) : (0)));
    const double t2 = ((t0) ? (1.0) : (P_eta));
    fisher_0_0 = ((t0) ? (
   t1*(t1*(t1*(t1*(t1*(t1*(t1*(1.4596305495672335e-13*t1 - 5.084520444483875e-12) + 1.7397297489890083e-10) - 5.812609152556243e-09) + 1.8789081289081288e-07) - 5.787037037037037e-06) + 0.00016534391534391533) - 0.004166666666666667) + 0.08333333333333333
)
: (
   1/(expm1(-t2)*expm1(t2)) + 1.0/(t2*t2)
));
}

__device__ __forceinline__ void continuous_bernoulli_factor_case_f64(
    const double P_eta,
    double& factor_0_0)
{
    const double t0 = fabs(P_eta) < 0.5623413251903491;
    const double t1 = (((t0) ? (P_eta) : (0))*((t0) ? (P_eta) : (0)));
    const double t2 = ((t0) ? (0.5623413251903491) : (P_eta));
    factor_0_0 = ((t0) ? (
   t1*(t1*(t1*(t1*(t1*(8.407974382328912e-11*t1 - 3.3189075377555077e-09) + 1.308025239433462e-07) - 5.119115110002262e-06) + 0.00019617308253714962) - 0.007216878364870322) + 0.28867513459481287
)
: (
   sqrt(1/(expm1(-t2)*expm1(t2)) + 1.0/(t2*t2))
));
}

__device__ __forceinline__ void continuous_bernoulli_fisher_product_case_f64(
    const double fisher_0_0,
    const double v0,
    double& out0)
{
    out0 = fisher_0_0*v0;
}

__device__ __forceinline__ void continuous_bernoulli_factor_product_case_f64(
    const double factor_0_0,
    const double u0,
    double& out0)
{
    out0 = factor_0_0*u0;
}

__device__ __forceinline__ void continuous_bernoulli_factor_transpose_product_case_f64(
    const double factor_0_0,
    const double v0,
    double& out0)
{
    out0 = factor_0_0*v0;
}

extern "C" __global__ void continuous_bernoulli_nll_reduce_f64(
    const long long n,
    const double* __restrict__ in_P_eta,
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
        continuous_bernoulli_nll_case_f64(in_P_eta[i], in_y[i], r_nll);
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

extern "C" __global__ void continuous_bernoulli_nll_f64(
    const long long n,
    const double* __restrict__ in_P_eta,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_nll;
        continuous_bernoulli_nll_case_f64(in_P_eta[i], in_y[i], r_nll);
        out_nll[i] = r_nll;
    }
}

extern "C" __global__ void continuous_bernoulli_grad_f64(
    const long long n,
    const double* __restrict__ in_P_eta,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_grad0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_grad0;
        continuous_bernoulli_grad_case_f64(in_P_eta[i], in_y[i], r_grad0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_grad0[i] = nl_keep ? r_grad0 * scale : double(0);
    }
}

extern "C" __global__ void continuous_bernoulli_mean_f64(
    const long long n,
    const double* __restrict__ in_P_eta,
    double* __restrict__ out_mean0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_mean0;
        continuous_bernoulli_mean_case_f64(in_P_eta[i], r_mean0);
        out_mean0[i] = r_mean0;
    }
}

extern "C" __global__ void continuous_bernoulli_fisher_f64(
    const long long n,
    const double* __restrict__ in_P_eta,
    double* __restrict__ out_fisher_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_fisher_0_0;
        continuous_bernoulli_fisher_case_f64(in_P_eta[i], r_fisher_0_0);
        out_fisher_0_0[i] = r_fisher_0_0;
    }
}

extern "C" __global__ void continuous_bernoulli_factor_f64(
    const long long n,
    const double* __restrict__ in_P_eta,
    double* __restrict__ out_factor_0_0)
{
    for (long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
         i += static_cast<long long>(blockDim.x) * gridDim.x) {
        double r_factor_0_0;
        continuous_bernoulli_factor_case_f64(in_P_eta[i], r_factor_0_0);
        out_factor_0_0[i] = r_factor_0_0;
    }
}

extern "C" __global__ void continuous_bernoulli_fisher_product_f64(
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
        continuous_bernoulli_fisher_product_case_f64(in_fisher_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void continuous_bernoulli_factor_product_f64(
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
        continuous_bernoulli_factor_product_case_f64(in_factor_0_0[i], in_u[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out0[i] = nl_keep ? r_out0 * scale : double(0);
    }
}

extern "C" __global__ void continuous_bernoulli_factor_transpose_product_f64(
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
        continuous_bernoulli_factor_transpose_product_case_f64(in_factor_0_0[i], in_v0[i], r_out0);
        const bool nl_keep = mask == nullptr || mask[i] != 0;
        out_out[i] = nl_keep ? r_out0 * scale : double(0);
    }
}
