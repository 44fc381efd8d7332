// generated from codegen/families/multinomial.py by codegen/backends/cuda/templates/cuda/coupled.cu.jinja, do not edit; run `natloss build`.
// MultinomialLogitsNegativeLogProbLoss: the multinomial family (diag_rank_one), CUDA kernels.
// Structure: diag_rank_one over the last axis (K entries per row). Per dtype (float, double),
// one extern "C" kernel per op (codegen/cuda_coupled.py plans each op):
// * row kernels (row_stats, nll, nll_reduce and the products): a group of `group` lanes per
//   row (the whole warp from K = 32 on; 32 / group rows per warp below), rows grid-strided
//   over the warps of the grid. Each pass over the row accumulates per lane, then the
//   group's lanes are combined with xor shuffles (every lane gets the same value).
//   The log-sum-exp is ONE online pass: per lane (max, argmax, sum over k != argmax of
//   exp(x_k - max)), merged across lanes with ties going to the lower index.
//   The same row kernels with one block per row (<family>_<op>_rowblock_<dtype>, for long
//   rows): the warps' results are combined through shared memory (nl_block_*).
// * element kernels (grad, mean, factor_column): one thread per element, grid-stride over
//   rows * K, reading the cached per-row statistics.
// nll_reduce: the row's first thread adds mask * nll of its rows in double; the block then
// sums its warps, and partial[blockIdx.x] = weight * (the block's sum); the caller sums the partials.
// Launch with blockDim.x a multiple of NATLOSS_WARP and at most NATLOSS_BLOCK.
#include "natloss_math.cuh"

#ifndef NATLOSS_BLOCK
#define NATLOSS_BLOCK 256
#endif
#ifndef NATLOSS_WARP
#define NATLOSS_WARP 32
#endif

#include "natloss_coupled.cuh"

// ============================================================================= float

extern "C" __global__ void multinomial_row_stats_f32(
    const long long rows,
    const long long K,
    const long long group,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    float* __restrict__ out_row_max,
    float* __restrict__ out_row_log1p,
    float* __restrict__ out_row_a)
{
    // `group` lanes per row (a power of 2 up to NATLOSS_WARP, chosen from K by the caller),
    // NATLOSS_WARP / group rows per warp; the group's lanes stride over the row's K entries.
    const long long lane = threadIdx.x % group;
    const long long lanes = group;
    const long long rows_per_warp = NATLOSS_WARP / group;
    const long long slot = (threadIdx.x % NATLOSS_WARP) / group;
    const long long warps = static_cast<long long>(gridDim.x) * (blockDim.x / NATLOSS_WARP);
    const long long warp = (static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x) / NATLOSS_WARP;
    // The warp's rows advance together, since the shuffles need every lane: a slot past the
    // last row recomputes the last row and stores nothing.
    for (long long first = warp * rows_per_warp; first < rows; first += warps * rows_per_warp) {
        const bool valid = first + slot < rows;
        const long long row = valid ? first + slot : rows - 1;
        const long long base = row * K;
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_a = -H_trials;
        nl_lse_state<float> acc_row_max = nl_lse_empty<float>();
        for (long long k = lane; k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            nl_lse_push(acc_row_max, P_logits, k, 0.0F);
        }
        acc_row_max = nl_group_lse(acc_row_max, group);
        const float row_max = acc_row_max.m;
        const float row_log1p = log1pf(acc_row_max.s);
        if (valid && lane == 0) {
            out_row_max[row] = row_max;
            out_row_log1p[row] = row_log1p;
            out_row_a[row] = row_a;
        }
    }
}

extern "C" __global__ void multinomial_nll_f32(
    const long long rows,
    const long long K,
    const long long group,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    // `group` lanes per row (a power of 2 up to NATLOSS_WARP, chosen from K by the caller),
    // NATLOSS_WARP / group rows per warp; the group's lanes stride over the row's K entries.
    const long long lane = threadIdx.x % group;
    const long long lanes = group;
    const long long rows_per_warp = NATLOSS_WARP / group;
    const long long slot = (threadIdx.x % NATLOSS_WARP) / group;
    const long long warps = static_cast<long long>(gridDim.x) * (blockDim.x / NATLOSS_WARP);
    const long long warp = (static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x) / NATLOSS_WARP;
    // The warp's rows advance together, since the shuffles need every lane: a slot past the
    // last row recomputes the last row and stores nothing.
    for (long long first = warp * rows_per_warp; first < rows; first += warps * rows_per_warp) {
        const bool valid = first + slot < rows;
        const long long row = valid ? first + slot : rows - 1;
        const long long base = row * K;
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_max = in_row_max[row];
        const float row_log1p = in_row_log1p[row];
        float acc_red0 = 0.0F;
        for (long long k = lane; k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float y = in_y[base + k];
            const float shifted = P_logits - row_max;
            acc_red0 += -shifted*y + nl_lgamma(y + 1);
        }
        const float red0 = nl_group_sum(acc_red0, group);
        const float nll = H_trials*row_log1p + red0 - nl_lgamma(H_trials + 1);
        if (valid && lane == 0) {
            out_nll[row] = nll;
        }
    }
}

extern "C" __global__ void multinomial_nll_reduce_f32(
    const long long rows,
    const long long K,
    const long long group,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const double weight,
    double* __restrict__ partial)
{
    // `group` lanes per row (a power of 2 up to NATLOSS_WARP, chosen from K by the caller),
    // NATLOSS_WARP / group rows per warp; the group's lanes stride over the row's K entries.
    const long long lane = threadIdx.x % group;
    const long long lanes = group;
    const long long rows_per_warp = NATLOSS_WARP / group;
    const long long slot = (threadIdx.x % NATLOSS_WARP) / group;
    const long long warps = static_cast<long long>(gridDim.x) * (blockDim.x / NATLOSS_WARP);
    const long long warp = (static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x) / NATLOSS_WARP;
    double acc = 0.0;
    // The warp's rows advance together, since the shuffles need every lane: a slot past the
    // last row recomputes the last row and stores nothing.
    for (long long first = warp * rows_per_warp; first < rows; first += warps * rows_per_warp) {
        const bool valid = first + slot < rows;
        const long long row = valid ? first + slot : rows - 1;
        const long long base = row * K;
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_max = in_row_max[row];
        const float row_log1p = in_row_log1p[row];
        float acc_red0 = 0.0F;
        for (long long k = lane; k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float y = in_y[base + k];
            const float shifted = P_logits - row_max;
            acc_red0 += -shifted*y + nl_lgamma(y + 1);
        }
        const float red0 = nl_group_sum(acc_red0, group);
        const float nll = H_trials*row_log1p + red0 - nl_lgamma(H_trials + 1);
        if (valid && lane == 0) {
            acc += mask == nullptr || mask[row] != 0 ? static_cast<double>(nll) : static_cast<double>(0);
        }
    }
    // Block partial sum: each warp's sum (only the row-storing threads hold nonzero values), then their total.
    __shared__ double buf[NATLOSS_BLOCK / NATLOSS_WARP];
    acc = nl_warp_sum(acc);
    if (threadIdx.x % NATLOSS_WARP == 0) {
        buf[threadIdx.x / NATLOSS_WARP] = acc;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        double total = 0.0;
        for (unsigned int w = 0; w < blockDim.x / NATLOSS_WARP; ++w) {
            total += buf[w];
        }
        partial[blockIdx.x] = weight * total;
    }
}

extern "C" __global__ void multinomial_grad_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_grad0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
    const long long n = rows * K;
    const long long stride = static_cast<long long>(blockDim.x) * gridDim.x;
    long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
    // (row, k) of element i, advanced with the grid stride: one division per thread, not per element.
    const long long row_step = stride / K;
    long long row = i / K;
    const long long k_step = stride % K;
    long long k = i % K;
    for (; i < n; i += stride) {
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_max = in_row_max[row];
        const float row_log1p = in_row_log1p[row];
        const float P_logits = in_P_logits[i];
        const float y = in_y[i];
        const float shifted = P_logits - row_max;
        const float grad0 = H_trials*expf(-row_log1p + shifted) - y;
        const float nl_scale = scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        out_grad0[i] = nl_keep ? grad0 * nl_scale : float(0);
        row += row_step;
        k += k_step;
        if (k >= K) {
            k -= K;
            ++row;
        }
    }
}

extern "C" __global__ void multinomial_mean_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    float* __restrict__ out_mean0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
    const long long n = rows * K;
    const long long stride = static_cast<long long>(blockDim.x) * gridDim.x;
    long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
    // (row, k) of element i, advanced with the grid stride: one division per thread, not per element.
    const long long row_step = stride / K;
    long long row = i / K;
    const long long k_step = stride % K;
    long long k = i % K;
    for (; i < n; i += stride) {
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_max = in_row_max[row];
        const float row_log1p = in_row_log1p[row];
        const float P_logits = in_P_logits[i];
        const float shifted = P_logits - row_max;
        const float mean0 = H_trials*expf(-row_log1p + shifted);
        out_mean0[i] = mean0;
        row += row_step;
        k += k_step;
        if (k >= K) {
            k -= K;
            ++row;
        }
    }
}

extern "C" __global__ void multinomial_fisher_product_f32(
    const long long rows,
    const long long K,
    const long long group,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_out0)
{
    // `group` lanes per row (a power of 2 up to NATLOSS_WARP, chosen from K by the caller),
    // NATLOSS_WARP / group rows per warp; the group's lanes stride over the row's K entries.
    const long long lane = threadIdx.x % group;
    const long long lanes = group;
    const long long rows_per_warp = NATLOSS_WARP / group;
    const long long slot = (threadIdx.x % NATLOSS_WARP) / group;
    const long long warps = static_cast<long long>(gridDim.x) * (blockDim.x / NATLOSS_WARP);
    const long long warp = (static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x) / NATLOSS_WARP;
    // The warp's rows advance together, since the shuffles need every lane: a slot past the
    // last row recomputes the last row and stores nothing.
    for (long long first = warp * rows_per_warp; first < rows; first += warps * rows_per_warp) {
        const bool valid = first + slot < rows;
        const long long row = valid ? first + slot : rows - 1;
        const long long base = row * K;
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_max = in_row_max[row];
        const float row_log1p = in_row_log1p[row];
        const float dominant_row = expf(-row_log1p) > 0.75F;
        const float t0 = -row_log1p;
        const float fisher_diag_at_max = -H_trials*expf(t0)*expm1f(t0);
        float acc_r_rest = 0.0F;
        float acc_red0 = 0.0F;
        float acc_red1 = 0.0F;
        for (long long k = lane; k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float v0 = in_v0[base + k];
            const float shifted = P_logits - row_max;
            const float u = expf(-row_log1p + shifted);
            acc_r_rest += ((dominant_row && P_logits == row_max) ? ( 0 ) : ( u*v0 ));
            acc_red0 += ((dominant_row && P_logits == row_max) ? ( u ) : ( 0 ));
            acc_red1 += ((dominant_row && P_logits == row_max) ? ( v0 ) : ( 0 ));
        }
        const float r_rest = nl_group_sum(acc_r_rest, group);
        const float red0 = nl_group_sum(acc_red0, group);
        const float red1 = nl_group_sum(acc_red1, group);
        const float r_dominant = red0*red1;
        const float r = r_dominant + r_rest;
        const float nl_scale = scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        for (long long k = lane; valid && k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float v0 = in_v0[base + k];
            const float shifted = P_logits - row_max;
            const float u = expf(-row_log1p + shifted);
            const float out0 = ((dominant_row && P_logits == row_max) ? ( -H_trials*r_rest*expf(-row_log1p) + fisher_diag_at_max*v0 ) : ( H_trials*(-r*u + u*v0) ));
            out_out0[base + k] = nl_keep ? out0 * nl_scale : float(0);
        }
    }
}

extern "C" __global__ void multinomial_factor_product_f32(
    const long long rows,
    const long long K,
    const long long group,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_u0,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_out0)
{
    // `group` lanes per row (a power of 2 up to NATLOSS_WARP, chosen from K by the caller),
    // NATLOSS_WARP / group rows per warp; the group's lanes stride over the row's K entries.
    const long long lane = threadIdx.x % group;
    const long long lanes = group;
    const long long rows_per_warp = NATLOSS_WARP / group;
    const long long slot = (threadIdx.x % NATLOSS_WARP) / group;
    const long long warps = static_cast<long long>(gridDim.x) * (blockDim.x / NATLOSS_WARP);
    const long long warp = (static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x) / NATLOSS_WARP;
    // The warp's rows advance together, since the shuffles need every lane: a slot past the
    // last row recomputes the last row and stores nothing.
    for (long long first = warp * rows_per_warp; first < rows; first += warps * rows_per_warp) {
        const bool valid = first + slot < rows;
        const long long row = valid ? first + slot : rows - 1;
        const long long base = row * K;
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_max = in_row_max[row];
        const float row_log1p = in_row_log1p[row];
        const float dominant_row = expf(-row_log1p) > 0.75F;
        const float factor_diag_at_max = -sqrtf(H_trials)*expf(-0.5F*row_log1p)*expm1f(-row_log1p);
        float acc_r_rest = 0.0F;
        float acc_red0 = 0.0F;
        float acc_red1 = 0.0F;
        for (long long k = lane; k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float u0 = in_u0[base + k];
            const float shifted = P_logits - row_max;
            const float w = expf(-0.5F*row_log1p + (0.5F)*shifted)/sqrtf(H_trials);
            acc_r_rest += ((dominant_row && P_logits == row_max) ? ( 0 ) : ( u0*w ));
            acc_red0 += ((dominant_row && P_logits == row_max) ? ( u0 ) : ( 0 ));
            acc_red1 += ((dominant_row && P_logits == row_max) ? ( w ) : ( 0 ));
        }
        const float r_rest = nl_group_sum(acc_r_rest, group);
        const float red0 = nl_group_sum(acc_red0, group);
        const float red1 = nl_group_sum(acc_red1, group);
        const float r_dominant = red0*red1;
        const float r = r_dominant + r_rest;
        const float nl_scale = scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        for (long long k = lane; valid && k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float u0 = in_u0[base + k];
            const float shifted = P_logits - row_max;
            const float w = expf(-0.5F*row_log1p + (0.5F)*shifted)/sqrtf(H_trials);
            const float out0 = ((dominant_row && P_logits == row_max) ? ( -H_trials*r_rest*expf(-row_log1p) + factor_diag_at_max*u0 ) : ( -sqrtf(H_trials)*(H_trials*r*w - u0)*expf(-0.5F*row_log1p + (0.5F)*shifted) ));
            out_out0[base + k] = nl_keep ? out0 * nl_scale : float(0);
        }
    }
}

extern "C" __global__ void multinomial_factor_transpose_product_f32(
    const long long rows,
    const long long K,
    const long long group,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_out0)
{
    // `group` lanes per row (a power of 2 up to NATLOSS_WARP, chosen from K by the caller),
    // NATLOSS_WARP / group rows per warp; the group's lanes stride over the row's K entries.
    const long long lane = threadIdx.x % group;
    const long long lanes = group;
    const long long rows_per_warp = NATLOSS_WARP / group;
    const long long slot = (threadIdx.x % NATLOSS_WARP) / group;
    const long long warps = static_cast<long long>(gridDim.x) * (blockDim.x / NATLOSS_WARP);
    const long long warp = (static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x) / NATLOSS_WARP;
    // The warp's rows advance together, since the shuffles need every lane: a slot past the
    // last row recomputes the last row and stores nothing.
    for (long long first = warp * rows_per_warp; first < rows; first += warps * rows_per_warp) {
        const bool valid = first + slot < rows;
        const long long row = valid ? first + slot : rows - 1;
        const long long base = row * K;
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_max = in_row_max[row];
        const float row_log1p = in_row_log1p[row];
        const float dominant_row = expf(-row_log1p) > 0.75F;
        const float factor_diag_at_max = -sqrtf(H_trials)*expf(-0.5F*row_log1p)*expm1f(-row_log1p);
        const float t0 = sqrtf(H_trials);
        const float t1 = (0.5F)*row_log1p;
        float acc_r_rest = 0.0F;
        float acc_red0 = 0.0F;
        float acc_red1 = 0.0F;
        for (long long k = lane; k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float v0 = in_v0[base + k];
            const float shifted = P_logits - row_max;
            const float u = expf(-row_log1p + shifted);
            acc_r_rest += ((dominant_row && P_logits == row_max) ? ( 0 ) : ( u*v0 ));
            acc_red0 += ((dominant_row && P_logits == row_max) ? ( u ) : ( 0 ));
            acc_red1 += ((dominant_row && P_logits == row_max) ? ( v0 ) : ( 0 ));
        }
        const float r_rest = nl_group_sum(acc_r_rest, group);
        const float red0 = nl_group_sum(acc_red0, group);
        const float red1 = nl_group_sum(acc_red1, group);
        const float r_dominant = red0*red1;
        const float r = r_dominant + r_rest;
        const float nl_scale = scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        for (long long k = lane; valid && k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float v0 = in_v0[base + k];
            const float shifted = P_logits - row_max;
            const float out0 = ((dominant_row && P_logits == row_max) ? ( factor_diag_at_max*v0 - r_rest*t0*expf(-t1) ) : ( t0*(-r + v0)*expf((0.5F)*shifted - t1) ));
            out_out0[base + k] = nl_keep ? out0 * nl_scale : float(0);
        }
    }
}

extern "C" __global__ void multinomial_factor_column_f32(
    const long long rows,
    const long long K,
    const long long column,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    float* __restrict__ out_out0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
    const long long n = rows * K;
    const long long stride = static_cast<long long>(blockDim.x) * gridDim.x;
    long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
    // (row, k) of element i, advanced with the grid stride: one division per thread, not per element.
    const long long row_step = stride / K;
    long long row = i / K;
    const long long k_step = stride % K;
    long long k = i % K;
    for (; i < n; i += stride) {
        const long long base = row * K;
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_max = in_row_max[row];
        const float row_log1p = in_row_log1p[row];
        const float P_logits_col = in_P_logits[base + column];
        const float shifted_col = P_logits_col - row_max;
        const float w_col = expf(-0.5F*row_log1p + (0.5F)*shifted_col)/sqrtf(H_trials);
        const float shifted_column = shifted_col;
        const float w_column = w_col;
        const float P_logits = in_P_logits[i];
        const float onehot = k == column ? 1.0F : 0.0F;
        const float shifted = P_logits - row_max;
        const float w = expf(-0.5F*row_log1p + (0.5F)*shifted)/sqrtf(H_trials);
        const float diag = -sqrtf(H_trials)*expf(-0.5F*row_log1p + (0.5F)*shifted_column)*expm1f(-row_log1p + shifted_column);
        const float out0 = (H_trials*sqrtf(H_trials))*w*w_column*(onehot - 1)*expf(-0.5F*row_log1p + (0.5F)*shifted) + diag*onehot;
        out_out0[i] = out0;
        row += row_step;
        k += k_step;
        if (k >= K) {
            k -= K;
            ++row;
        }
    }
}

extern "C" __global__ void multinomial_fisher_pieces_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    float* __restrict__ out_fisher_diag,
    float* __restrict__ out_fisher_u,
    float* __restrict__ out_fisher_c,
    float* __restrict__ out_fisher_kk)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
    const long long n = rows * K;
    const long long stride = static_cast<long long>(blockDim.x) * gridDim.x;
    long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
    // (row, k) of element i, advanced with the grid stride: one division per thread, not per element.
    const long long row_step = stride / K;
    long long row = i / K;
    const long long k_step = stride % K;
    long long k = i % K;
    for (; i < n; i += stride) {
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_max = in_row_max[row];
        const float row_log1p = in_row_log1p[row];
        const float fisher_c = -H_trials;
        const float dominant_row = expf(-row_log1p) > 0.75F;
        const float t0 = -row_log1p;
        const float fisher_diag_at_max = -H_trials*expf(t0)*expm1f(t0);
        const float P_logits = in_P_logits[i];
        const float shifted = P_logits - row_max;
        const float fisher_diag = H_trials*expf(-row_log1p + shifted);
        const float fisher_u = expf(-row_log1p + shifted);
        const float fisher_kk = ((dominant_row && P_logits == row_max) ? ( fisher_diag_at_max ) : ( fisher_c*(fisher_u*fisher_u) + fisher_diag ));
        out_fisher_diag[i] = fisher_diag;
        out_fisher_u[i] = fisher_u;
        out_fisher_c[i] = fisher_c;
        out_fisher_kk[i] = fisher_kk;
        row += row_step;
        k += k_step;
        if (k >= K) {
            k -= K;
            ++row;
        }
    }
}

extern "C" __global__ void multinomial_row_stats_rowblock_f32(
    const long long rows,
    const long long K,
    const long long group,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    float* __restrict__ out_row_max,
    float* __restrict__ out_row_log1p,
    float* __restrict__ out_row_a)
{
    // One block per row (long rows): the block's threads stride over the row's K entries.
    (void)group;  // the arguments are those of the warp layout, so one launch serves both
    const long long lane = threadIdx.x;
    const long long lanes = blockDim.x;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const bool valid = true;
        const long long base = row * K;
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_a = -H_trials;
        nl_lse_state<float> acc_row_max = nl_lse_empty<float>();
        for (long long k = lane; k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            nl_lse_push(acc_row_max, P_logits, k, 0.0F);
        }
        acc_row_max = nl_block_lse(acc_row_max);
        const float row_max = acc_row_max.m;
        const float row_log1p = log1pf(acc_row_max.s);
        if (valid && lane == 0) {
            out_row_max[row] = row_max;
            out_row_log1p[row] = row_log1p;
            out_row_a[row] = row_a;
        }
    }
}

extern "C" __global__ void multinomial_nll_rowblock_f32(
    const long long rows,
    const long long K,
    const long long group,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    // One block per row (long rows): the block's threads stride over the row's K entries.
    (void)group;  // the arguments are those of the warp layout, so one launch serves both
    const long long lane = threadIdx.x;
    const long long lanes = blockDim.x;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const bool valid = true;
        const long long base = row * K;
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_max = in_row_max[row];
        const float row_log1p = in_row_log1p[row];
        float acc_red0 = 0.0F;
        for (long long k = lane; k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float y = in_y[base + k];
            const float shifted = P_logits - row_max;
            acc_red0 += -shifted*y + nl_lgamma(y + 1);
        }
        const float red0 = nl_block_sum(acc_red0);
        const float nll = H_trials*row_log1p + red0 - nl_lgamma(H_trials + 1);
        if (valid && lane == 0) {
            out_nll[row] = nll;
        }
    }
}

extern "C" __global__ void multinomial_nll_reduce_rowblock_f32(
    const long long rows,
    const long long K,
    const long long group,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_y,
    const float* __restrict__ mask,
    const double weight,
    double* __restrict__ partial)
{
    // One block per row (long rows): the block's threads stride over the row's K entries.
    (void)group;  // the arguments are those of the warp layout, so one launch serves both
    const long long lane = threadIdx.x;
    const long long lanes = blockDim.x;
    double acc = 0.0;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const bool valid = true;
        const long long base = row * K;
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_max = in_row_max[row];
        const float row_log1p = in_row_log1p[row];
        float acc_red0 = 0.0F;
        for (long long k = lane; k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float y = in_y[base + k];
            const float shifted = P_logits - row_max;
            acc_red0 += -shifted*y + nl_lgamma(y + 1);
        }
        const float red0 = nl_block_sum(acc_red0);
        const float nll = H_trials*row_log1p + red0 - nl_lgamma(H_trials + 1);
        if (valid && lane == 0) {
            acc += mask == nullptr || mask[row] != 0 ? static_cast<double>(nll) : static_cast<double>(0);
        }
    }
    // Block partial sum: each warp's sum (only the row-storing threads hold nonzero values), then their total.
    __shared__ double buf[NATLOSS_BLOCK / NATLOSS_WARP];
    acc = nl_warp_sum(acc);
    if (threadIdx.x % NATLOSS_WARP == 0) {
        buf[threadIdx.x / NATLOSS_WARP] = acc;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        double total = 0.0;
        for (unsigned int w = 0; w < blockDim.x / NATLOSS_WARP; ++w) {
            total += buf[w];
        }
        partial[blockIdx.x] = weight * total;
    }
}

extern "C" __global__ void multinomial_fisher_product_rowblock_f32(
    const long long rows,
    const long long K,
    const long long group,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_out0)
{
    // One block per row (long rows): the block's threads stride over the row's K entries.
    (void)group;  // the arguments are those of the warp layout, so one launch serves both
    const long long lane = threadIdx.x;
    const long long lanes = blockDim.x;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const bool valid = true;
        const long long base = row * K;
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_max = in_row_max[row];
        const float row_log1p = in_row_log1p[row];
        const float dominant_row = expf(-row_log1p) > 0.75F;
        const float t0 = -row_log1p;
        const float fisher_diag_at_max = -H_trials*expf(t0)*expm1f(t0);
        float acc_r_rest = 0.0F;
        float acc_red0 = 0.0F;
        float acc_red1 = 0.0F;
        for (long long k = lane; k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float v0 = in_v0[base + k];
            const float shifted = P_logits - row_max;
            const float u = expf(-row_log1p + shifted);
            acc_r_rest += ((dominant_row && P_logits == row_max) ? ( 0 ) : ( u*v0 ));
            acc_red0 += ((dominant_row && P_logits == row_max) ? ( u ) : ( 0 ));
            acc_red1 += ((dominant_row && P_logits == row_max) ? ( v0 ) : ( 0 ));
        }
        const float r_rest = nl_block_sum(acc_r_rest);
        const float red0 = nl_block_sum(acc_red0);
        const float red1 = nl_block_sum(acc_red1);
        const float r_dominant = red0*red1;
        const float r = r_dominant + r_rest;
        const float nl_scale = scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        for (long long k = lane; valid && k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float v0 = in_v0[base + k];
            const float shifted = P_logits - row_max;
            const float u = expf(-row_log1p + shifted);
            const float out0 = ((dominant_row && P_logits == row_max) ? ( -H_trials*r_rest*expf(-row_log1p) + fisher_diag_at_max*v0 ) : ( H_trials*(-r*u + u*v0) ));
            out_out0[base + k] = nl_keep ? out0 * nl_scale : float(0);
        }
    }
}

extern "C" __global__ void multinomial_factor_product_rowblock_f32(
    const long long rows,
    const long long K,
    const long long group,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_u0,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_out0)
{
    // One block per row (long rows): the block's threads stride over the row's K entries.
    (void)group;  // the arguments are those of the warp layout, so one launch serves both
    const long long lane = threadIdx.x;
    const long long lanes = blockDim.x;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const bool valid = true;
        const long long base = row * K;
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_max = in_row_max[row];
        const float row_log1p = in_row_log1p[row];
        const float dominant_row = expf(-row_log1p) > 0.75F;
        const float factor_diag_at_max = -sqrtf(H_trials)*expf(-0.5F*row_log1p)*expm1f(-row_log1p);
        float acc_r_rest = 0.0F;
        float acc_red0 = 0.0F;
        float acc_red1 = 0.0F;
        for (long long k = lane; k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float u0 = in_u0[base + k];
            const float shifted = P_logits - row_max;
            const float w = expf(-0.5F*row_log1p + (0.5F)*shifted)/sqrtf(H_trials);
            acc_r_rest += ((dominant_row && P_logits == row_max) ? ( 0 ) : ( u0*w ));
            acc_red0 += ((dominant_row && P_logits == row_max) ? ( u0 ) : ( 0 ));
            acc_red1 += ((dominant_row && P_logits == row_max) ? ( w ) : ( 0 ));
        }
        const float r_rest = nl_block_sum(acc_r_rest);
        const float red0 = nl_block_sum(acc_red0);
        const float red1 = nl_block_sum(acc_red1);
        const float r_dominant = red0*red1;
        const float r = r_dominant + r_rest;
        const float nl_scale = scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        for (long long k = lane; valid && k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float u0 = in_u0[base + k];
            const float shifted = P_logits - row_max;
            const float w = expf(-0.5F*row_log1p + (0.5F)*shifted)/sqrtf(H_trials);
            const float out0 = ((dominant_row && P_logits == row_max) ? ( -H_trials*r_rest*expf(-row_log1p) + factor_diag_at_max*u0 ) : ( -sqrtf(H_trials)*(H_trials*r*w - u0)*expf(-0.5F*row_log1p + (0.5F)*shifted) ));
            out_out0[base + k] = nl_keep ? out0 * nl_scale : float(0);
        }
    }
}

extern "C" __global__ void multinomial_factor_transpose_product_rowblock_f32(
    const long long rows,
    const long long K,
    const long long group,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_H_trials,
    const float H_trials_value,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float scale,
    float* __restrict__ out_out0)
{
    // One block per row (long rows): the block's threads stride over the row's K entries.
    (void)group;  // the arguments are those of the warp layout, so one launch serves both
    const long long lane = threadIdx.x;
    const long long lanes = blockDim.x;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const bool valid = true;
        const long long base = row * K;
        const float H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const float row_max = in_row_max[row];
        const float row_log1p = in_row_log1p[row];
        const float dominant_row = expf(-row_log1p) > 0.75F;
        const float factor_diag_at_max = -sqrtf(H_trials)*expf(-0.5F*row_log1p)*expm1f(-row_log1p);
        const float t0 = sqrtf(H_trials);
        const float t1 = (0.5F)*row_log1p;
        float acc_r_rest = 0.0F;
        float acc_red0 = 0.0F;
        float acc_red1 = 0.0F;
        for (long long k = lane; k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float v0 = in_v0[base + k];
            const float shifted = P_logits - row_max;
            const float u = expf(-row_log1p + shifted);
            acc_r_rest += ((dominant_row && P_logits == row_max) ? ( 0 ) : ( u*v0 ));
            acc_red0 += ((dominant_row && P_logits == row_max) ? ( u ) : ( 0 ));
            acc_red1 += ((dominant_row && P_logits == row_max) ? ( v0 ) : ( 0 ));
        }
        const float r_rest = nl_block_sum(acc_r_rest);
        const float red0 = nl_block_sum(acc_red0);
        const float red1 = nl_block_sum(acc_red1);
        const float r_dominant = red0*red1;
        const float r = r_dominant + r_rest;
        const float nl_scale = scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        for (long long k = lane; valid && k < K; k += lanes) {
            const float P_logits = in_P_logits[base + k];
            const float v0 = in_v0[base + k];
            const float shifted = P_logits - row_max;
            const float out0 = ((dominant_row && P_logits == row_max) ? ( factor_diag_at_max*v0 - r_rest*t0*expf(-t1) ) : ( t0*(-r + v0)*expf((0.5F)*shifted - t1) ));
            out_out0[base + k] = nl_keep ? out0 * nl_scale : float(0);
        }
    }
}

// ============================================================================= double

extern "C" __global__ void multinomial_row_stats_f64(
    const long long rows,
    const long long K,
    const long long group,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    double* __restrict__ out_row_max,
    double* __restrict__ out_row_log1p,
    double* __restrict__ out_row_a)
{
    // `group` lanes per row (a power of 2 up to NATLOSS_WARP, chosen from K by the caller),
    // NATLOSS_WARP / group rows per warp; the group's lanes stride over the row's K entries.
    const long long lane = threadIdx.x % group;
    const long long lanes = group;
    const long long rows_per_warp = NATLOSS_WARP / group;
    const long long slot = (threadIdx.x % NATLOSS_WARP) / group;
    const long long warps = static_cast<long long>(gridDim.x) * (blockDim.x / NATLOSS_WARP);
    const long long warp = (static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x) / NATLOSS_WARP;
    // The warp's rows advance together, since the shuffles need every lane: a slot past the
    // last row recomputes the last row and stores nothing.
    for (long long first = warp * rows_per_warp; first < rows; first += warps * rows_per_warp) {
        const bool valid = first + slot < rows;
        const long long row = valid ? first + slot : rows - 1;
        const long long base = row * K;
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_a = -H_trials;
        nl_lse_state<double> acc_row_max = nl_lse_empty<double>();
        for (long long k = lane; k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            nl_lse_push(acc_row_max, P_logits, k, 0.0);
        }
        acc_row_max = nl_group_lse(acc_row_max, group);
        const double row_max = acc_row_max.m;
        const double row_log1p = log1p(acc_row_max.s);
        if (valid && lane == 0) {
            out_row_max[row] = row_max;
            out_row_log1p[row] = row_log1p;
            out_row_a[row] = row_a;
        }
    }
}

extern "C" __global__ void multinomial_nll_f64(
    const long long rows,
    const long long K,
    const long long group,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    // `group` lanes per row (a power of 2 up to NATLOSS_WARP, chosen from K by the caller),
    // NATLOSS_WARP / group rows per warp; the group's lanes stride over the row's K entries.
    const long long lane = threadIdx.x % group;
    const long long lanes = group;
    const long long rows_per_warp = NATLOSS_WARP / group;
    const long long slot = (threadIdx.x % NATLOSS_WARP) / group;
    const long long warps = static_cast<long long>(gridDim.x) * (blockDim.x / NATLOSS_WARP);
    const long long warp = (static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x) / NATLOSS_WARP;
    // The warp's rows advance together, since the shuffles need every lane: a slot past the
    // last row recomputes the last row and stores nothing.
    for (long long first = warp * rows_per_warp; first < rows; first += warps * rows_per_warp) {
        const bool valid = first + slot < rows;
        const long long row = valid ? first + slot : rows - 1;
        const long long base = row * K;
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        double acc_red0 = 0.0;
        for (long long k = lane; k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double y = in_y[base + k];
            const double shifted = P_logits - row_max;
            acc_red0 += -shifted*y + nl_lgamma(y + 1);
        }
        const double red0 = nl_group_sum(acc_red0, group);
        const double nll = H_trials*row_log1p + red0 - nl_lgamma(H_trials + 1);
        if (valid && lane == 0) {
            out_nll[row] = nll;
        }
    }
}

extern "C" __global__ void multinomial_nll_reduce_f64(
    const long long rows,
    const long long K,
    const long long group,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double weight,
    double* __restrict__ partial)
{
    // `group` lanes per row (a power of 2 up to NATLOSS_WARP, chosen from K by the caller),
    // NATLOSS_WARP / group rows per warp; the group's lanes stride over the row's K entries.
    const long long lane = threadIdx.x % group;
    const long long lanes = group;
    const long long rows_per_warp = NATLOSS_WARP / group;
    const long long slot = (threadIdx.x % NATLOSS_WARP) / group;
    const long long warps = static_cast<long long>(gridDim.x) * (blockDim.x / NATLOSS_WARP);
    const long long warp = (static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x) / NATLOSS_WARP;
    double acc = 0.0;
    // The warp's rows advance together, since the shuffles need every lane: a slot past the
    // last row recomputes the last row and stores nothing.
    for (long long first = warp * rows_per_warp; first < rows; first += warps * rows_per_warp) {
        const bool valid = first + slot < rows;
        const long long row = valid ? first + slot : rows - 1;
        const long long base = row * K;
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        double acc_red0 = 0.0;
        for (long long k = lane; k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double y = in_y[base + k];
            const double shifted = P_logits - row_max;
            acc_red0 += -shifted*y + nl_lgamma(y + 1);
        }
        const double red0 = nl_group_sum(acc_red0, group);
        const double nll = H_trials*row_log1p + red0 - nl_lgamma(H_trials + 1);
        if (valid && lane == 0) {
            acc += mask == nullptr || mask[row] != 0 ? static_cast<double>(nll) : static_cast<double>(0);
        }
    }
    // Block partial sum: each warp's sum (only the row-storing threads hold nonzero values), then their total.
    __shared__ double buf[NATLOSS_BLOCK / NATLOSS_WARP];
    acc = nl_warp_sum(acc);
    if (threadIdx.x % NATLOSS_WARP == 0) {
        buf[threadIdx.x / NATLOSS_WARP] = acc;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        double total = 0.0;
        for (unsigned int w = 0; w < blockDim.x / NATLOSS_WARP; ++w) {
            total += buf[w];
        }
        partial[blockIdx.x] = weight * total;
    }
}

extern "C" __global__ void multinomial_grad_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_grad0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
    const long long n = rows * K;
    const long long stride = static_cast<long long>(blockDim.x) * gridDim.x;
    long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
    // (row, k) of element i, advanced with the grid stride: one division per thread, not per element.
    const long long row_step = stride / K;
    long long row = i / K;
    const long long k_step = stride % K;
    long long k = i % K;
    for (; i < n; i += stride) {
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double P_logits = in_P_logits[i];
        const double y = in_y[i];
        const double shifted = P_logits - row_max;
        const double grad0 = H_trials*exp(-row_log1p + shifted) - y;
        const double nl_scale = scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        out_grad0[i] = nl_keep ? grad0 * nl_scale : double(0);
        row += row_step;
        k += k_step;
        if (k >= K) {
            k -= K;
            ++row;
        }
    }
}

extern "C" __global__ void multinomial_mean_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    double* __restrict__ out_mean0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
    const long long n = rows * K;
    const long long stride = static_cast<long long>(blockDim.x) * gridDim.x;
    long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
    // (row, k) of element i, advanced with the grid stride: one division per thread, not per element.
    const long long row_step = stride / K;
    long long row = i / K;
    const long long k_step = stride % K;
    long long k = i % K;
    for (; i < n; i += stride) {
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double P_logits = in_P_logits[i];
        const double shifted = P_logits - row_max;
        const double mean0 = H_trials*exp(-row_log1p + shifted);
        out_mean0[i] = mean0;
        row += row_step;
        k += k_step;
        if (k >= K) {
            k -= K;
            ++row;
        }
    }
}

extern "C" __global__ void multinomial_fisher_product_f64(
    const long long rows,
    const long long K,
    const long long group,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_out0)
{
    // `group` lanes per row (a power of 2 up to NATLOSS_WARP, chosen from K by the caller),
    // NATLOSS_WARP / group rows per warp; the group's lanes stride over the row's K entries.
    const long long lane = threadIdx.x % group;
    const long long lanes = group;
    const long long rows_per_warp = NATLOSS_WARP / group;
    const long long slot = (threadIdx.x % NATLOSS_WARP) / group;
    const long long warps = static_cast<long long>(gridDim.x) * (blockDim.x / NATLOSS_WARP);
    const long long warp = (static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x) / NATLOSS_WARP;
    // The warp's rows advance together, since the shuffles need every lane: a slot past the
    // last row recomputes the last row and stores nothing.
    for (long long first = warp * rows_per_warp; first < rows; first += warps * rows_per_warp) {
        const bool valid = first + slot < rows;
        const long long row = valid ? first + slot : rows - 1;
        const long long base = row * K;
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double dominant_row = exp(-row_log1p) > 0.75;
        const double t0 = -row_log1p;
        const double fisher_diag_at_max = -H_trials*exp(t0)*expm1(t0);
        double acc_r_rest = 0.0;
        double acc_red0 = 0.0;
        double acc_red1 = 0.0;
        for (long long k = lane; k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double v0 = in_v0[base + k];
            const double shifted = P_logits - row_max;
            const double u = exp(-row_log1p + shifted);
            acc_r_rest += ((dominant_row && P_logits == row_max) ? ( 0 ) : ( u*v0 ));
            acc_red0 += ((dominant_row && P_logits == row_max) ? ( u ) : ( 0 ));
            acc_red1 += ((dominant_row && P_logits == row_max) ? ( v0 ) : ( 0 ));
        }
        const double r_rest = nl_group_sum(acc_r_rest, group);
        const double red0 = nl_group_sum(acc_red0, group);
        const double red1 = nl_group_sum(acc_red1, group);
        const double r_dominant = red0*red1;
        const double r = r_dominant + r_rest;
        const double nl_scale = scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        for (long long k = lane; valid && k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double v0 = in_v0[base + k];
            const double shifted = P_logits - row_max;
            const double u = exp(-row_log1p + shifted);
            const double out0 = ((dominant_row && P_logits == row_max) ? ( -H_trials*r_rest*exp(-row_log1p) + fisher_diag_at_max*v0 ) : ( H_trials*(-r*u + u*v0) ));
            out_out0[base + k] = nl_keep ? out0 * nl_scale : double(0);
        }
    }
}

extern "C" __global__ void multinomial_factor_product_f64(
    const long long rows,
    const long long K,
    const long long group,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_u0,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_out0)
{
    // `group` lanes per row (a power of 2 up to NATLOSS_WARP, chosen from K by the caller),
    // NATLOSS_WARP / group rows per warp; the group's lanes stride over the row's K entries.
    const long long lane = threadIdx.x % group;
    const long long lanes = group;
    const long long rows_per_warp = NATLOSS_WARP / group;
    const long long slot = (threadIdx.x % NATLOSS_WARP) / group;
    const long long warps = static_cast<long long>(gridDim.x) * (blockDim.x / NATLOSS_WARP);
    const long long warp = (static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x) / NATLOSS_WARP;
    // The warp's rows advance together, since the shuffles need every lane: a slot past the
    // last row recomputes the last row and stores nothing.
    for (long long first = warp * rows_per_warp; first < rows; first += warps * rows_per_warp) {
        const bool valid = first + slot < rows;
        const long long row = valid ? first + slot : rows - 1;
        const long long base = row * K;
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double dominant_row = exp(-row_log1p) > 0.75;
        const double factor_diag_at_max = -sqrt(H_trials)*exp(-0.5*row_log1p)*expm1(-row_log1p);
        double acc_r_rest = 0.0;
        double acc_red0 = 0.0;
        double acc_red1 = 0.0;
        for (long long k = lane; k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double u0 = in_u0[base + k];
            const double shifted = P_logits - row_max;
            const double w = exp(-0.5*row_log1p + (0.5)*shifted)/sqrt(H_trials);
            acc_r_rest += ((dominant_row && P_logits == row_max) ? ( 0 ) : ( u0*w ));
            acc_red0 += ((dominant_row && P_logits == row_max) ? ( u0 ) : ( 0 ));
            acc_red1 += ((dominant_row && P_logits == row_max) ? ( w ) : ( 0 ));
        }
        const double r_rest = nl_group_sum(acc_r_rest, group);
        const double red0 = nl_group_sum(acc_red0, group);
        const double red1 = nl_group_sum(acc_red1, group);
        const double r_dominant = red0*red1;
        const double r = r_dominant + r_rest;
        const double nl_scale = scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        for (long long k = lane; valid && k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double u0 = in_u0[base + k];
            const double shifted = P_logits - row_max;
            const double w = exp(-0.5*row_log1p + (0.5)*shifted)/sqrt(H_trials);
            const double out0 = ((dominant_row && P_logits == row_max) ? ( -H_trials*r_rest*exp(-row_log1p) + factor_diag_at_max*u0 ) : ( -sqrt(H_trials)*(H_trials*r*w - u0)*exp(-0.5*row_log1p + (0.5)*shifted) ));
            out_out0[base + k] = nl_keep ? out0 * nl_scale : double(0);
        }
    }
}

extern "C" __global__ void multinomial_factor_transpose_product_f64(
    const long long rows,
    const long long K,
    const long long group,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_out0)
{
    // `group` lanes per row (a power of 2 up to NATLOSS_WARP, chosen from K by the caller),
    // NATLOSS_WARP / group rows per warp; the group's lanes stride over the row's K entries.
    const long long lane = threadIdx.x % group;
    const long long lanes = group;
    const long long rows_per_warp = NATLOSS_WARP / group;
    const long long slot = (threadIdx.x % NATLOSS_WARP) / group;
    const long long warps = static_cast<long long>(gridDim.x) * (blockDim.x / NATLOSS_WARP);
    const long long warp = (static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x) / NATLOSS_WARP;
    // The warp's rows advance together, since the shuffles need every lane: a slot past the
    // last row recomputes the last row and stores nothing.
    for (long long first = warp * rows_per_warp; first < rows; first += warps * rows_per_warp) {
        const bool valid = first + slot < rows;
        const long long row = valid ? first + slot : rows - 1;
        const long long base = row * K;
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double dominant_row = exp(-row_log1p) > 0.75;
        const double factor_diag_at_max = -sqrt(H_trials)*exp(-0.5*row_log1p)*expm1(-row_log1p);
        const double t0 = sqrt(H_trials);
        const double t1 = (0.5)*row_log1p;
        double acc_r_rest = 0.0;
        double acc_red0 = 0.0;
        double acc_red1 = 0.0;
        for (long long k = lane; k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double v0 = in_v0[base + k];
            const double shifted = P_logits - row_max;
            const double u = exp(-row_log1p + shifted);
            acc_r_rest += ((dominant_row && P_logits == row_max) ? ( 0 ) : ( u*v0 ));
            acc_red0 += ((dominant_row && P_logits == row_max) ? ( u ) : ( 0 ));
            acc_red1 += ((dominant_row && P_logits == row_max) ? ( v0 ) : ( 0 ));
        }
        const double r_rest = nl_group_sum(acc_r_rest, group);
        const double red0 = nl_group_sum(acc_red0, group);
        const double red1 = nl_group_sum(acc_red1, group);
        const double r_dominant = red0*red1;
        const double r = r_dominant + r_rest;
        const double nl_scale = scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        for (long long k = lane; valid && k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double v0 = in_v0[base + k];
            const double shifted = P_logits - row_max;
            const double out0 = ((dominant_row && P_logits == row_max) ? ( factor_diag_at_max*v0 - r_rest*t0*exp(-t1) ) : ( t0*(-r + v0)*exp((0.5)*shifted - t1) ));
            out_out0[base + k] = nl_keep ? out0 * nl_scale : double(0);
        }
    }
}

extern "C" __global__ void multinomial_factor_column_f64(
    const long long rows,
    const long long K,
    const long long column,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    double* __restrict__ out_out0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
    const long long n = rows * K;
    const long long stride = static_cast<long long>(blockDim.x) * gridDim.x;
    long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
    // (row, k) of element i, advanced with the grid stride: one division per thread, not per element.
    const long long row_step = stride / K;
    long long row = i / K;
    const long long k_step = stride % K;
    long long k = i % K;
    for (; i < n; i += stride) {
        const long long base = row * K;
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double P_logits_col = in_P_logits[base + column];
        const double shifted_col = P_logits_col - row_max;
        const double w_col = exp(-0.5*row_log1p + (0.5)*shifted_col)/sqrt(H_trials);
        const double shifted_column = shifted_col;
        const double w_column = w_col;
        const double P_logits = in_P_logits[i];
        const double onehot = k == column ? 1.0 : 0.0;
        const double shifted = P_logits - row_max;
        const double w = exp(-0.5*row_log1p + (0.5)*shifted)/sqrt(H_trials);
        const double diag = -sqrt(H_trials)*exp(-0.5*row_log1p + (0.5)*shifted_column)*expm1(-row_log1p + shifted_column);
        const double out0 = (H_trials*sqrt(H_trials))*w*w_column*(onehot - 1)*exp(-0.5*row_log1p + (0.5)*shifted) + diag*onehot;
        out_out0[i] = out0;
        row += row_step;
        k += k_step;
        if (k >= K) {
            k -= K;
            ++row;
        }
    }
}

extern "C" __global__ void multinomial_fisher_pieces_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    double* __restrict__ out_fisher_diag,
    double* __restrict__ out_fisher_u,
    double* __restrict__ out_fisher_c,
    double* __restrict__ out_fisher_kk)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
    const long long n = rows * K;
    const long long stride = static_cast<long long>(blockDim.x) * gridDim.x;
    long long i = static_cast<long long>(blockIdx.x) * blockDim.x + threadIdx.x;
    // (row, k) of element i, advanced with the grid stride: one division per thread, not per element.
    const long long row_step = stride / K;
    long long row = i / K;
    const long long k_step = stride % K;
    long long k = i % K;
    for (; i < n; i += stride) {
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double fisher_c = -H_trials;
        const double dominant_row = exp(-row_log1p) > 0.75;
        const double t0 = -row_log1p;
        const double fisher_diag_at_max = -H_trials*exp(t0)*expm1(t0);
        const double P_logits = in_P_logits[i];
        const double shifted = P_logits - row_max;
        const double fisher_diag = H_trials*exp(-row_log1p + shifted);
        const double fisher_u = exp(-row_log1p + shifted);
        const double fisher_kk = ((dominant_row && P_logits == row_max) ? ( fisher_diag_at_max ) : ( fisher_c*(fisher_u*fisher_u) + fisher_diag ));
        out_fisher_diag[i] = fisher_diag;
        out_fisher_u[i] = fisher_u;
        out_fisher_c[i] = fisher_c;
        out_fisher_kk[i] = fisher_kk;
        row += row_step;
        k += k_step;
        if (k >= K) {
            k -= K;
            ++row;
        }
    }
}

extern "C" __global__ void multinomial_row_stats_rowblock_f64(
    const long long rows,
    const long long K,
    const long long group,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    double* __restrict__ out_row_max,
    double* __restrict__ out_row_log1p,
    double* __restrict__ out_row_a)
{
    // One block per row (long rows): the block's threads stride over the row's K entries.
    (void)group;  // the arguments are those of the warp layout, so one launch serves both
    const long long lane = threadIdx.x;
    const long long lanes = blockDim.x;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const bool valid = true;
        const long long base = row * K;
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_a = -H_trials;
        nl_lse_state<double> acc_row_max = nl_lse_empty<double>();
        for (long long k = lane; k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            nl_lse_push(acc_row_max, P_logits, k, 0.0);
        }
        acc_row_max = nl_block_lse(acc_row_max);
        const double row_max = acc_row_max.m;
        const double row_log1p = log1p(acc_row_max.s);
        if (valid && lane == 0) {
            out_row_max[row] = row_max;
            out_row_log1p[row] = row_log1p;
            out_row_a[row] = row_a;
        }
    }
}

extern "C" __global__ void multinomial_nll_rowblock_f64(
    const long long rows,
    const long long K,
    const long long group,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    // One block per row (long rows): the block's threads stride over the row's K entries.
    (void)group;  // the arguments are those of the warp layout, so one launch serves both
    const long long lane = threadIdx.x;
    const long long lanes = blockDim.x;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const bool valid = true;
        const long long base = row * K;
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        double acc_red0 = 0.0;
        for (long long k = lane; k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double y = in_y[base + k];
            const double shifted = P_logits - row_max;
            acc_red0 += -shifted*y + nl_lgamma(y + 1);
        }
        const double red0 = nl_block_sum(acc_red0);
        const double nll = H_trials*row_log1p + red0 - nl_lgamma(H_trials + 1);
        if (valid && lane == 0) {
            out_nll[row] = nll;
        }
    }
}

extern "C" __global__ void multinomial_nll_reduce_rowblock_f64(
    const long long rows,
    const long long K,
    const long long group,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_y,
    const double* __restrict__ mask,
    const double weight,
    double* __restrict__ partial)
{
    // One block per row (long rows): the block's threads stride over the row's K entries.
    (void)group;  // the arguments are those of the warp layout, so one launch serves both
    const long long lane = threadIdx.x;
    const long long lanes = blockDim.x;
    double acc = 0.0;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const bool valid = true;
        const long long base = row * K;
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        double acc_red0 = 0.0;
        for (long long k = lane; k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double y = in_y[base + k];
            const double shifted = P_logits - row_max;
            acc_red0 += -shifted*y + nl_lgamma(y + 1);
        }
        const double red0 = nl_block_sum(acc_red0);
        const double nll = H_trials*row_log1p + red0 - nl_lgamma(H_trials + 1);
        if (valid && lane == 0) {
            acc += mask == nullptr || mask[row] != 0 ? static_cast<double>(nll) : static_cast<double>(0);
        }
    }
    // Block partial sum: each warp's sum (only the row-storing threads hold nonzero values), then their total.
    __shared__ double buf[NATLOSS_BLOCK / NATLOSS_WARP];
    acc = nl_warp_sum(acc);
    if (threadIdx.x % NATLOSS_WARP == 0) {
        buf[threadIdx.x / NATLOSS_WARP] = acc;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        double total = 0.0;
        for (unsigned int w = 0; w < blockDim.x / NATLOSS_WARP; ++w) {
            total += buf[w];
        }
        partial[blockIdx.x] = weight * total;
    }
}

extern "C" __global__ void multinomial_fisher_product_rowblock_f64(
    const long long rows,
    const long long K,
    const long long group,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_out0)
{
    // One block per row (long rows): the block's threads stride over the row's K entries.
    (void)group;  // the arguments are those of the warp layout, so one launch serves both
    const long long lane = threadIdx.x;
    const long long lanes = blockDim.x;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const bool valid = true;
        const long long base = row * K;
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double dominant_row = exp(-row_log1p) > 0.75;
        const double t0 = -row_log1p;
        const double fisher_diag_at_max = -H_trials*exp(t0)*expm1(t0);
        double acc_r_rest = 0.0;
        double acc_red0 = 0.0;
        double acc_red1 = 0.0;
        for (long long k = lane; k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double v0 = in_v0[base + k];
            const double shifted = P_logits - row_max;
            const double u = exp(-row_log1p + shifted);
            acc_r_rest += ((dominant_row && P_logits == row_max) ? ( 0 ) : ( u*v0 ));
            acc_red0 += ((dominant_row && P_logits == row_max) ? ( u ) : ( 0 ));
            acc_red1 += ((dominant_row && P_logits == row_max) ? ( v0 ) : ( 0 ));
        }
        const double r_rest = nl_block_sum(acc_r_rest);
        const double red0 = nl_block_sum(acc_red0);
        const double red1 = nl_block_sum(acc_red1);
        const double r_dominant = red0*red1;
        const double r = r_dominant + r_rest;
        const double nl_scale = scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        for (long long k = lane; valid && k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double v0 = in_v0[base + k];
            const double shifted = P_logits - row_max;
            const double u = exp(-row_log1p + shifted);
            const double out0 = ((dominant_row && P_logits == row_max) ? ( -H_trials*r_rest*exp(-row_log1p) + fisher_diag_at_max*v0 ) : ( H_trials*(-r*u + u*v0) ));
            out_out0[base + k] = nl_keep ? out0 * nl_scale : double(0);
        }
    }
}

extern "C" __global__ void multinomial_factor_product_rowblock_f64(
    const long long rows,
    const long long K,
    const long long group,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_u0,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_out0)
{
    // One block per row (long rows): the block's threads stride over the row's K entries.
    (void)group;  // the arguments are those of the warp layout, so one launch serves both
    const long long lane = threadIdx.x;
    const long long lanes = blockDim.x;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const bool valid = true;
        const long long base = row * K;
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double dominant_row = exp(-row_log1p) > 0.75;
        const double factor_diag_at_max = -sqrt(H_trials)*exp(-0.5*row_log1p)*expm1(-row_log1p);
        double acc_r_rest = 0.0;
        double acc_red0 = 0.0;
        double acc_red1 = 0.0;
        for (long long k = lane; k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double u0 = in_u0[base + k];
            const double shifted = P_logits - row_max;
            const double w = exp(-0.5*row_log1p + (0.5)*shifted)/sqrt(H_trials);
            acc_r_rest += ((dominant_row && P_logits == row_max) ? ( 0 ) : ( u0*w ));
            acc_red0 += ((dominant_row && P_logits == row_max) ? ( u0 ) : ( 0 ));
            acc_red1 += ((dominant_row && P_logits == row_max) ? ( w ) : ( 0 ));
        }
        const double r_rest = nl_block_sum(acc_r_rest);
        const double red0 = nl_block_sum(acc_red0);
        const double red1 = nl_block_sum(acc_red1);
        const double r_dominant = red0*red1;
        const double r = r_dominant + r_rest;
        const double nl_scale = scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        for (long long k = lane; valid && k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double u0 = in_u0[base + k];
            const double shifted = P_logits - row_max;
            const double w = exp(-0.5*row_log1p + (0.5)*shifted)/sqrt(H_trials);
            const double out0 = ((dominant_row && P_logits == row_max) ? ( -H_trials*r_rest*exp(-row_log1p) + factor_diag_at_max*u0 ) : ( -sqrt(H_trials)*(H_trials*r*w - u0)*exp(-0.5*row_log1p + (0.5)*shifted) ));
            out_out0[base + k] = nl_keep ? out0 * nl_scale : double(0);
        }
    }
}

extern "C" __global__ void multinomial_factor_transpose_product_rowblock_f64(
    const long long rows,
    const long long K,
    const long long group,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_H_trials,
    const double H_trials_value,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double scale,
    double* __restrict__ out_out0)
{
    // One block per row (long rows): the block's threads stride over the row's K entries.
    (void)group;  // the arguments are those of the warp layout, so one launch serves both
    const long long lane = threadIdx.x;
    const long long lanes = blockDim.x;
    for (long long row = blockIdx.x; row < rows; row += gridDim.x) {
        const bool valid = true;
        const long long base = row * K;
        const double H_trials = in_H_trials != nullptr ? in_H_trials[row] : H_trials_value;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double dominant_row = exp(-row_log1p) > 0.75;
        const double factor_diag_at_max = -sqrt(H_trials)*exp(-0.5*row_log1p)*expm1(-row_log1p);
        const double t0 = sqrt(H_trials);
        const double t1 = (0.5)*row_log1p;
        double acc_r_rest = 0.0;
        double acc_red0 = 0.0;
        double acc_red1 = 0.0;
        for (long long k = lane; k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double v0 = in_v0[base + k];
            const double shifted = P_logits - row_max;
            const double u = exp(-row_log1p + shifted);
            acc_r_rest += ((dominant_row && P_logits == row_max) ? ( 0 ) : ( u*v0 ));
            acc_red0 += ((dominant_row && P_logits == row_max) ? ( u ) : ( 0 ));
            acc_red1 += ((dominant_row && P_logits == row_max) ? ( v0 ) : ( 0 ));
        }
        const double r_rest = nl_block_sum(acc_r_rest);
        const double red0 = nl_block_sum(acc_red0);
        const double red1 = nl_block_sum(acc_red1);
        const double r_dominant = red0*red1;
        const double r = r_dominant + r_rest;
        const double nl_scale = scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        for (long long k = lane; valid && k < K; k += lanes) {
            const double P_logits = in_P_logits[base + k];
            const double v0 = in_v0[base + k];
            const double shifted = P_logits - row_max;
            const double out0 = ((dominant_row && P_logits == row_max) ? ( factor_diag_at_max*v0 - r_rest*t0*exp(-t1) ) : ( t0*(-r + v0)*exp((0.5)*shifted - t1) ));
            out_out0[base + k] = nl_keep ? out0 * nl_scale : double(0);
        }
    }
}
