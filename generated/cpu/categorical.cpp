// generated from codegen/families/categorical.py by codegen/backends/cpu/templates/coupled.cpp.jinja, do not edit; run `natloss build`.
// CategoricalLogitsNegativeLogProbLoss: the categorical family (diag_rank_one), CPU kernels.
// Structure: diag_rank_one over the last axis (K entries per row). Per dtype (float, double), one
// extern "C" function per op, from the CUDA backend's plan of the op (codegen/cuda_coupled.py):
// * row ops (row_stats, nll, nll_reduce and the three products): one thread per row, rows
//   spread over the OpenMP threads; each pass over the row accumulates in order (the CUDA
//   kernels' lane group is a single lane here), the log-sum-exp in ONE online pass.
// * element ops (grad, mean, factor_column): a loop over the row's K elements, rows in parallel,
//   reading the cached per-row statistics.
// Loops over a row's elements are `omp simd` where they vectorize (elements, outputs, passes
// of sums); a pass that is one log-sum-exp runs as three vectorized loops over the row (its
// max, the first index of the max, the sum of the others' exp(x - max)); the other online
// states (the sum but the max) stay scalar.
// The mask (one value per row, or null) selects whole rows: a masked-out row is exactly 0.
// `scale` is the weight (or its square root), `scale_array`, when not null, one per row instead.
// nll_reduce writes *total = weight * sum over rows of mask * nll, summed in double over fixed
// chunks of rows, then the chunks in order: the same for any number of threads.
#include "natloss_cpu.h"

// ============================================================================= float

// One row of categorical_row_stats_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_row_stats_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    float* __restrict__ out_row_max,
    float* __restrict__ out_row_log1p,
    float* __restrict__ out_row_a,
    double& acc)
{
    (void)acc;
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    const double row_a = -1;
    double nl_m_row_max = -nl_coupled_inf<double>();
    #pragma omp simd reduction(max:nl_m_row_max)
    for (long long k = 0; k < K; ++k) {
        const double P_logits = in_P_logits[base + k];
        const double nl_a = P_logits;
        nl_m_row_max = nl_a > nl_m_row_max ? nl_a : nl_m_row_max;
    }
    long long nl_i_row_max = K;
    #pragma omp simd reduction(min:nl_i_row_max)
    for (long long k = 0; k < K; ++k) {
        const double P_logits = in_P_logits[base + k];
        const double nl_a = P_logits;
        nl_i_row_max = nl_a == nl_m_row_max && k < nl_i_row_max ? k : nl_i_row_max;
    }
    double nl_s_row_max = double(0);
    #pragma omp simd reduction(+:nl_s_row_max)
    for (long long k = 0; k < K; ++k) {
        const double P_logits = in_P_logits[base + k];
        const double nl_a = P_logits;
        nl_s_row_max += k == nl_i_row_max ? double(0) : nl_coupled_exp(nl_a - nl_m_row_max);
    }
    const double row_max = nl_m_row_max;
    const double row_log1p = log1p(nl_s_row_max);
    out_row_max[row] = row_max;
    out_row_log1p[row] = row_log1p;
    out_row_a[row] = row_a;
}

extern "C" void categorical_row_stats_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    float* __restrict__ out_row_max,
    float* __restrict__ out_row_log1p,
    float* __restrict__ out_row_a)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_row_stats_f32_row(row, rows, K, in_P_logits, out_row_max, out_row_log1p, out_row_a, acc);
    }
}

// One row of categorical_nll_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_nll_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const long long* __restrict__ in_y,
    float* __restrict__ out_nll,
    double& acc)
{
    (void)acc;
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    const double row_max = in_row_max[row];
    const double row_log1p = in_row_log1p[row];
    const long long nl_class = in_y[row];
    const double P_logits_at_class = in_P_logits[base + nl_class];
    const double shifted_at_class = P_logits_at_class - row_max;
    const double red0_summand_at_class = -shifted_at_class;
    const double red0 = red0_summand_at_class;
    const double nll = red0 + row_log1p;
    out_nll[row] = nll;
}

extern "C" void categorical_nll_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const long long* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_nll_f32_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, in_y, out_nll, acc);
    }
}

// One row of categorical_nll_reduce_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_nll_reduce_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const long long* __restrict__ in_y,
    const float* __restrict__ mask,
    const float* __restrict__ weight_array,
    const double weight,
    double& acc)
{
    (void)acc;
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    const double row_max = in_row_max[row];
    const double row_log1p = in_row_log1p[row];
    const long long nl_class = in_y[row];
    const double P_logits_at_class = in_P_logits[base + nl_class];
    const double shifted_at_class = P_logits_at_class - row_max;
    const double red0_summand_at_class = -shifted_at_class;
    const double red0 = red0_summand_at_class;
    const double nll = red0 + row_log1p;
    const double nl_value = weight_array != nullptr ? static_cast<double>(weight_array[row]) * static_cast<double>(nll) : static_cast<double>(nll);
    acc += mask == nullptr || mask[row] != 0 ? nl_value : 0.0;
}

extern "C" void categorical_nll_reduce_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const long long* __restrict__ in_y,
    const float* __restrict__ mask,
    const float* __restrict__ weight_array,
    const double weight,
    double* __restrict__ total)
{
    if (rows <= 0 || K <= 0) {
        *total = 0.0;
        return;
    }
    const long long chunks = (rows + NL_CHUNK - 1) / NL_CHUNK;
    std::vector<double> part(static_cast<size_t>(chunks));
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long c = 0; c < chunks; ++c) {
        const long long end = std::min(rows, (c + 1) * static_cast<long long>(NL_CHUNK));
        double acc = 0.0;
        for (long long row = c * static_cast<long long>(NL_CHUNK); row < end; ++row) {
            categorical_nll_reduce_f32_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, in_y, mask, weight_array, weight, acc);
        }
        part[static_cast<size_t>(c)] = acc;
    }
    double sum = 0.0;
    for (long long c = 0; c < chunks; ++c) {
        sum += part[static_cast<size_t>(c)];
    }
    *total = weight * sum;
}

// One row of categorical_grad_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_grad_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const long long* __restrict__ in_y,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_grad0,
    double& acc)
{
    (void)acc;
    if (mask != nullptr && mask[row] == 0) {  // a masked-out row: exactly 0, whatever its values
        for (long long k = 0; k < K; ++k) {
            out_grad0[row * K + k] = float(0);
        }
        return;
    }
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const long long i = row * K + k;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double P_logits = in_P_logits[i];
        const double y = k == in_y[row] ? 1.0 : 0.0;
        const double shifted = P_logits - row_max;
        const double grad0 = -y + exp(-row_log1p + shifted);
        const double nl_scale = scale_array != nullptr ? scale_array[row] : scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        out_grad0[i] = grad0 * nl_scale;
    }
}

extern "C" void categorical_grad_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const long long* __restrict__ in_y,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_grad0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_grad_f32_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, in_y, mask, scale_array, scale, out_grad0, acc);
    }
}

// One row of categorical_mean_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_mean_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    float* __restrict__ out_mean0,
    double& acc)
{
    (void)acc;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const long long i = row * K + k;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double P_logits = in_P_logits[i];
        const double shifted = P_logits - row_max;
        const double mean0 = exp(-row_log1p + shifted);
        out_mean0[i] = mean0;
    }
}

extern "C" void categorical_mean_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    float* __restrict__ out_mean0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_mean_f32_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, out_mean0, acc);
    }
}

// One row of categorical_fisher_product_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_fisher_product_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out0,
    double& acc)
{
    (void)acc;
    if (mask != nullptr && mask[row] == 0) {  // a masked-out row: exactly 0, whatever its values
        for (long long k = 0; k < K; ++k) {
            out_out0[row * K + k] = float(0);
        }
        return;
    }
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    const double row_max = in_row_max[row];
    const double row_log1p = in_row_log1p[row];
    const double dominant_row = exp(-row_log1p) > 0.75;
    const double t0 = -row_log1p;
    const double fisher_diag_at_max = -exp(t0)*expm1(t0);
    double acc_r_rest = 0.0;
    double acc_red0 = 0.0;
    double acc_red1 = 0.0;
#pragma omp simd reduction(+:acc_r_rest, acc_red0, acc_red1)
    for (long long k = 0; k < K; ++k) {
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
    const double nl_scale = scale_array != nullptr ? scale_array[row] : scale;
    const bool nl_keep = mask == nullptr || mask[row] != 0;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const double P_logits = in_P_logits[base + k];
        const double v0 = in_v0[base + k];
        const double shifted = P_logits - row_max;
        const double u = exp(-row_log1p + shifted);
        const double out0 = ((dominant_row && P_logits == row_max) ? ( fisher_diag_at_max*v0 - r_rest*exp(-row_log1p) ) : ( -r*u + u*v0 ));
        out_out0[base + k] = out0 * nl_scale;
    }
}

extern "C" void categorical_fisher_product_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_fisher_product_f32_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, in_v0, mask, scale_array, scale, out_out0, acc);
    }
}

// One row of categorical_factor_product_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_factor_product_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_u0,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out0,
    double& acc)
{
    (void)acc;
    if (mask != nullptr && mask[row] == 0) {  // a masked-out row: exactly 0, whatever its values
        for (long long k = 0; k < K; ++k) {
            out_out0[row * K + k] = float(0);
        }
        return;
    }
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    const double row_max = in_row_max[row];
    const double row_log1p = in_row_log1p[row];
    const double dominant_row = exp(-row_log1p) > 0.75;
    const double factor_diag_at_max = -exp(-0.5*row_log1p)*expm1(-row_log1p);
    double acc_r_rest = 0.0;
    double acc_red0 = 0.0;
    double acc_red1 = 0.0;
#pragma omp simd reduction(+:acc_r_rest, acc_red0, acc_red1)
    for (long long k = 0; k < K; ++k) {
        const double P_logits = in_P_logits[base + k];
        const double u0 = in_u0[base + k];
        const double shifted = P_logits - row_max;
        const double w = exp((0.5)*(-row_log1p + shifted));
        acc_r_rest += ((dominant_row && P_logits == row_max) ? ( 0 ) : ( u0*w ));
        acc_red0 += ((dominant_row && P_logits == row_max) ? ( u0 ) : ( 0 ));
        acc_red1 += ((dominant_row && P_logits == row_max) ? ( w ) : ( 0 ));
    }
    const double r_rest = nl_group_sum(acc_r_rest, group);
    const double red0 = nl_group_sum(acc_red0, group);
    const double red1 = nl_group_sum(acc_red1, group);
    const double r_dominant = red0*red1;
    const double r = r_dominant + r_rest;
    const double nl_scale = scale_array != nullptr ? scale_array[row] : scale;
    const bool nl_keep = mask == nullptr || mask[row] != 0;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const double P_logits = in_P_logits[base + k];
        const double u0 = in_u0[base + k];
        const double shifted = P_logits - row_max;
        const double w = exp((0.5)*(-row_log1p + shifted));
        const double out0 = ((dominant_row && P_logits == row_max) ? ( factor_diag_at_max*u0 - r_rest*exp(-row_log1p) ) : ( -w*(r*w - u0) ));
        out_out0[base + k] = out0 * nl_scale;
    }
}

extern "C" void categorical_factor_product_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_u0,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_factor_product_f32_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, in_u0, mask, scale_array, scale, out_out0, acc);
    }
}

// One row of categorical_factor_transpose_product_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_factor_transpose_product_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out0,
    double& acc)
{
    (void)acc;
    if (mask != nullptr && mask[row] == 0) {  // a masked-out row: exactly 0, whatever its values
        for (long long k = 0; k < K; ++k) {
            out_out0[row * K + k] = float(0);
        }
        return;
    }
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    const double row_max = in_row_max[row];
    const double row_log1p = in_row_log1p[row];
    const double dominant_row = exp(-row_log1p) > 0.75;
    const double factor_diag_at_max = -exp(-0.5*row_log1p)*expm1(-row_log1p);
    const double t0 = (0.5)*row_log1p;
    double acc_r_rest = 0.0;
    double acc_red0 = 0.0;
    double acc_red1 = 0.0;
#pragma omp simd reduction(+:acc_r_rest, acc_red0, acc_red1)
    for (long long k = 0; k < K; ++k) {
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
    const double nl_scale = scale_array != nullptr ? scale_array[row] : scale;
    const bool nl_keep = mask == nullptr || mask[row] != 0;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const double P_logits = in_P_logits[base + k];
        const double v0 = in_v0[base + k];
        const double shifted = P_logits - row_max;
        const double out0 = ((dominant_row && P_logits == row_max) ? ( factor_diag_at_max*v0 - r_rest*exp(-t0) ) : ( (-r + v0)*exp((0.5)*shifted - t0) ));
        out_out0[base + k] = out0 * nl_scale;
    }
}

extern "C" void categorical_factor_transpose_product_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    const float* __restrict__ in_v0,
    const float* __restrict__ mask,
    const float* __restrict__ scale_array,
    const float scale,
    float* __restrict__ out_out0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_factor_transpose_product_f32_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, in_v0, mask, scale_array, scale, out_out0, acc);
    }
}

// One row of categorical_factor_column_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_factor_column_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const long long column,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    float* __restrict__ out_out0,
    double& acc)
{
    (void)acc;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const long long i = row * K + k;
        const long long base = row * K;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double P_logits_col = in_P_logits[base + column];
        const double shifted_col = P_logits_col - row_max;
        const double w_col = exp((0.5)*(-row_log1p + shifted_col));
        const double shifted_column = shifted_col;
        const double w_column = w_col;
        const double P_logits = in_P_logits[i];
        const double onehot = k == column ? 1.0 : 0.0;
        const double shifted = P_logits - row_max;
        const double w = exp((0.5)*(-row_log1p + shifted));
        const double diag = -exp(-0.5*row_log1p + (0.5)*shifted_column)*expm1(-row_log1p + shifted_column);
        const double out0 = diag*onehot + w*w*w_column*(onehot - 1);
        out_out0[i] = out0;
    }
}

extern "C" void categorical_factor_column_f32(
    const long long rows,
    const long long K,
    const long long column,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    float* __restrict__ out_out0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_factor_column_f32_row(row, rows, K, column, in_P_logits, in_row_max, in_row_log1p, out_out0, acc);
    }
}

// One row of categorical_fisher_pieces_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_fisher_pieces_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_log1p,
    float* __restrict__ out_fisher_diag,
    float* __restrict__ out_fisher_u,
    float* __restrict__ out_fisher_c,
    float* __restrict__ out_fisher_kk,
    double& acc)
{
    (void)acc;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const long long i = row * K + k;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double fisher_c = -1;
        const double dominant_row = exp(-row_log1p) > 0.75;
        const double t0 = -row_log1p;
        const double fisher_diag_at_max = -exp(t0)*expm1(t0);
        const double P_logits = in_P_logits[i];
        const double shifted = P_logits - row_max;
        const double fisher_diag = exp(-row_log1p + shifted);
        const double fisher_u = fisher_diag;
        const double fisher_kk = ((dominant_row && P_logits == row_max) ? ( fisher_diag_at_max ) : ( fisher_diag - (fisher_u*fisher_u) ));
        out_fisher_diag[i] = fisher_diag;
        out_fisher_u[i] = fisher_u;
        out_fisher_c[i] = fisher_c;
        out_fisher_kk[i] = fisher_kk;
    }
}

extern "C" void categorical_fisher_pieces_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_logits,
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
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_fisher_pieces_f32_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, out_fisher_diag, out_fisher_u, out_fisher_c, out_fisher_kk, acc);
    }
}

// ============================================================================= double

// One row of categorical_row_stats_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_row_stats_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    double* __restrict__ out_row_max,
    double* __restrict__ out_row_log1p,
    double* __restrict__ out_row_a,
    double& acc)
{
    (void)acc;
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    const double row_a = -1;
    double nl_m_row_max = -nl_coupled_inf<double>();
    #pragma omp simd reduction(max:nl_m_row_max)
    for (long long k = 0; k < K; ++k) {
        const double P_logits = in_P_logits[base + k];
        const double nl_a = P_logits;
        nl_m_row_max = nl_a > nl_m_row_max ? nl_a : nl_m_row_max;
    }
    long long nl_i_row_max = K;
    #pragma omp simd reduction(min:nl_i_row_max)
    for (long long k = 0; k < K; ++k) {
        const double P_logits = in_P_logits[base + k];
        const double nl_a = P_logits;
        nl_i_row_max = nl_a == nl_m_row_max && k < nl_i_row_max ? k : nl_i_row_max;
    }
    double nl_s_row_max = double(0);
    #pragma omp simd reduction(+:nl_s_row_max)
    for (long long k = 0; k < K; ++k) {
        const double P_logits = in_P_logits[base + k];
        const double nl_a = P_logits;
        nl_s_row_max += k == nl_i_row_max ? double(0) : nl_coupled_exp(nl_a - nl_m_row_max);
    }
    const double row_max = nl_m_row_max;
    const double row_log1p = log1p(nl_s_row_max);
    out_row_max[row] = row_max;
    out_row_log1p[row] = row_log1p;
    out_row_a[row] = row_a;
}

extern "C" void categorical_row_stats_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    double* __restrict__ out_row_max,
    double* __restrict__ out_row_log1p,
    double* __restrict__ out_row_a)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_row_stats_f64_row(row, rows, K, in_P_logits, out_row_max, out_row_log1p, out_row_a, acc);
    }
}

// One row of categorical_nll_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_nll_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const long long* __restrict__ in_y,
    double* __restrict__ out_nll,
    double& acc)
{
    (void)acc;
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    const double row_max = in_row_max[row];
    const double row_log1p = in_row_log1p[row];
    const long long nl_class = in_y[row];
    const double P_logits_at_class = in_P_logits[base + nl_class];
    const double shifted_at_class = P_logits_at_class - row_max;
    const double red0_summand_at_class = -shifted_at_class;
    const double red0 = red0_summand_at_class;
    const double nll = red0 + row_log1p;
    out_nll[row] = nll;
}

extern "C" void categorical_nll_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const long long* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_nll_f64_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, in_y, out_nll, acc);
    }
}

// One row of categorical_nll_reduce_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_nll_reduce_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const long long* __restrict__ in_y,
    const double* __restrict__ mask,
    const double* __restrict__ weight_array,
    const double weight,
    double& acc)
{
    (void)acc;
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    const double row_max = in_row_max[row];
    const double row_log1p = in_row_log1p[row];
    const long long nl_class = in_y[row];
    const double P_logits_at_class = in_P_logits[base + nl_class];
    const double shifted_at_class = P_logits_at_class - row_max;
    const double red0_summand_at_class = -shifted_at_class;
    const double red0 = red0_summand_at_class;
    const double nll = red0 + row_log1p;
    const double nl_value = weight_array != nullptr ? static_cast<double>(weight_array[row]) * static_cast<double>(nll) : static_cast<double>(nll);
    acc += mask == nullptr || mask[row] != 0 ? nl_value : 0.0;
}

extern "C" void categorical_nll_reduce_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const long long* __restrict__ in_y,
    const double* __restrict__ mask,
    const double* __restrict__ weight_array,
    const double weight,
    double* __restrict__ total)
{
    if (rows <= 0 || K <= 0) {
        *total = 0.0;
        return;
    }
    const long long chunks = (rows + NL_CHUNK - 1) / NL_CHUNK;
    std::vector<double> part(static_cast<size_t>(chunks));
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long c = 0; c < chunks; ++c) {
        const long long end = std::min(rows, (c + 1) * static_cast<long long>(NL_CHUNK));
        double acc = 0.0;
        for (long long row = c * static_cast<long long>(NL_CHUNK); row < end; ++row) {
            categorical_nll_reduce_f64_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, in_y, mask, weight_array, weight, acc);
        }
        part[static_cast<size_t>(c)] = acc;
    }
    double sum = 0.0;
    for (long long c = 0; c < chunks; ++c) {
        sum += part[static_cast<size_t>(c)];
    }
    *total = weight * sum;
}

// One row of categorical_grad_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_grad_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const long long* __restrict__ in_y,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_grad0,
    double& acc)
{
    (void)acc;
    if (mask != nullptr && mask[row] == 0) {  // a masked-out row: exactly 0, whatever its values
        for (long long k = 0; k < K; ++k) {
            out_grad0[row * K + k] = double(0);
        }
        return;
    }
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const long long i = row * K + k;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double P_logits = in_P_logits[i];
        const double y = k == in_y[row] ? 1.0 : 0.0;
        const double shifted = P_logits - row_max;
        const double grad0 = -y + exp(-row_log1p + shifted);
        const double nl_scale = scale_array != nullptr ? scale_array[row] : scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        out_grad0[i] = grad0 * nl_scale;
    }
}

extern "C" void categorical_grad_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const long long* __restrict__ in_y,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_grad0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_grad_f64_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, in_y, mask, scale_array, scale, out_grad0, acc);
    }
}

// One row of categorical_mean_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_mean_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    double* __restrict__ out_mean0,
    double& acc)
{
    (void)acc;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const long long i = row * K + k;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double P_logits = in_P_logits[i];
        const double shifted = P_logits - row_max;
        const double mean0 = exp(-row_log1p + shifted);
        out_mean0[i] = mean0;
    }
}

extern "C" void categorical_mean_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    double* __restrict__ out_mean0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_mean_f64_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, out_mean0, acc);
    }
}

// One row of categorical_fisher_product_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_fisher_product_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out0,
    double& acc)
{
    (void)acc;
    if (mask != nullptr && mask[row] == 0) {  // a masked-out row: exactly 0, whatever its values
        for (long long k = 0; k < K; ++k) {
            out_out0[row * K + k] = double(0);
        }
        return;
    }
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    const double row_max = in_row_max[row];
    const double row_log1p = in_row_log1p[row];
    const double dominant_row = exp(-row_log1p) > 0.75;
    const double t0 = -row_log1p;
    const double fisher_diag_at_max = -exp(t0)*expm1(t0);
    double acc_r_rest = 0.0;
    double acc_red0 = 0.0;
    double acc_red1 = 0.0;
#pragma omp simd reduction(+:acc_r_rest, acc_red0, acc_red1)
    for (long long k = 0; k < K; ++k) {
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
    const double nl_scale = scale_array != nullptr ? scale_array[row] : scale;
    const bool nl_keep = mask == nullptr || mask[row] != 0;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const double P_logits = in_P_logits[base + k];
        const double v0 = in_v0[base + k];
        const double shifted = P_logits - row_max;
        const double u = exp(-row_log1p + shifted);
        const double out0 = ((dominant_row && P_logits == row_max) ? ( fisher_diag_at_max*v0 - r_rest*exp(-row_log1p) ) : ( -r*u + u*v0 ));
        out_out0[base + k] = out0 * nl_scale;
    }
}

extern "C" void categorical_fisher_product_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_fisher_product_f64_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, in_v0, mask, scale_array, scale, out_out0, acc);
    }
}

// One row of categorical_factor_product_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_factor_product_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_u0,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out0,
    double& acc)
{
    (void)acc;
    if (mask != nullptr && mask[row] == 0) {  // a masked-out row: exactly 0, whatever its values
        for (long long k = 0; k < K; ++k) {
            out_out0[row * K + k] = double(0);
        }
        return;
    }
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    const double row_max = in_row_max[row];
    const double row_log1p = in_row_log1p[row];
    const double dominant_row = exp(-row_log1p) > 0.75;
    const double factor_diag_at_max = -exp(-0.5*row_log1p)*expm1(-row_log1p);
    double acc_r_rest = 0.0;
    double acc_red0 = 0.0;
    double acc_red1 = 0.0;
#pragma omp simd reduction(+:acc_r_rest, acc_red0, acc_red1)
    for (long long k = 0; k < K; ++k) {
        const double P_logits = in_P_logits[base + k];
        const double u0 = in_u0[base + k];
        const double shifted = P_logits - row_max;
        const double w = exp((0.5)*(-row_log1p + shifted));
        acc_r_rest += ((dominant_row && P_logits == row_max) ? ( 0 ) : ( u0*w ));
        acc_red0 += ((dominant_row && P_logits == row_max) ? ( u0 ) : ( 0 ));
        acc_red1 += ((dominant_row && P_logits == row_max) ? ( w ) : ( 0 ));
    }
    const double r_rest = nl_group_sum(acc_r_rest, group);
    const double red0 = nl_group_sum(acc_red0, group);
    const double red1 = nl_group_sum(acc_red1, group);
    const double r_dominant = red0*red1;
    const double r = r_dominant + r_rest;
    const double nl_scale = scale_array != nullptr ? scale_array[row] : scale;
    const bool nl_keep = mask == nullptr || mask[row] != 0;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const double P_logits = in_P_logits[base + k];
        const double u0 = in_u0[base + k];
        const double shifted = P_logits - row_max;
        const double w = exp((0.5)*(-row_log1p + shifted));
        const double out0 = ((dominant_row && P_logits == row_max) ? ( factor_diag_at_max*u0 - r_rest*exp(-row_log1p) ) : ( -w*(r*w - u0) ));
        out_out0[base + k] = out0 * nl_scale;
    }
}

extern "C" void categorical_factor_product_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_u0,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_factor_product_f64_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, in_u0, mask, scale_array, scale, out_out0, acc);
    }
}

// One row of categorical_factor_transpose_product_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_factor_transpose_product_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out0,
    double& acc)
{
    (void)acc;
    if (mask != nullptr && mask[row] == 0) {  // a masked-out row: exactly 0, whatever its values
        for (long long k = 0; k < K; ++k) {
            out_out0[row * K + k] = double(0);
        }
        return;
    }
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    const double row_max = in_row_max[row];
    const double row_log1p = in_row_log1p[row];
    const double dominant_row = exp(-row_log1p) > 0.75;
    const double factor_diag_at_max = -exp(-0.5*row_log1p)*expm1(-row_log1p);
    const double t0 = (0.5)*row_log1p;
    double acc_r_rest = 0.0;
    double acc_red0 = 0.0;
    double acc_red1 = 0.0;
#pragma omp simd reduction(+:acc_r_rest, acc_red0, acc_red1)
    for (long long k = 0; k < K; ++k) {
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
    const double nl_scale = scale_array != nullptr ? scale_array[row] : scale;
    const bool nl_keep = mask == nullptr || mask[row] != 0;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const double P_logits = in_P_logits[base + k];
        const double v0 = in_v0[base + k];
        const double shifted = P_logits - row_max;
        const double out0 = ((dominant_row && P_logits == row_max) ? ( factor_diag_at_max*v0 - r_rest*exp(-t0) ) : ( (-r + v0)*exp((0.5)*shifted - t0) ));
        out_out0[base + k] = out0 * nl_scale;
    }
}

extern "C" void categorical_factor_transpose_product_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    const double* __restrict__ in_v0,
    const double* __restrict__ mask,
    const double* __restrict__ scale_array,
    const double scale,
    double* __restrict__ out_out0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_factor_transpose_product_f64_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, in_v0, mask, scale_array, scale, out_out0, acc);
    }
}

// One row of categorical_factor_column_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_factor_column_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const long long column,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    double* __restrict__ out_out0,
    double& acc)
{
    (void)acc;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const long long i = row * K + k;
        const long long base = row * K;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double P_logits_col = in_P_logits[base + column];
        const double shifted_col = P_logits_col - row_max;
        const double w_col = exp((0.5)*(-row_log1p + shifted_col));
        const double shifted_column = shifted_col;
        const double w_column = w_col;
        const double P_logits = in_P_logits[i];
        const double onehot = k == column ? 1.0 : 0.0;
        const double shifted = P_logits - row_max;
        const double w = exp((0.5)*(-row_log1p + shifted));
        const double diag = -exp(-0.5*row_log1p + (0.5)*shifted_column)*expm1(-row_log1p + shifted_column);
        const double out0 = diag*onehot + w*w*w_column*(onehot - 1);
        out_out0[i] = out0;
    }
}

extern "C" void categorical_factor_column_f64(
    const long long rows,
    const long long K,
    const long long column,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    double* __restrict__ out_out0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_factor_column_f64_row(row, rows, K, column, in_P_logits, in_row_max, in_row_log1p, out_out0, acc);
    }
}

// One row of categorical_fisher_pieces_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void categorical_fisher_pieces_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_log1p,
    double* __restrict__ out_fisher_diag,
    double* __restrict__ out_fisher_u,
    double* __restrict__ out_fisher_c,
    double* __restrict__ out_fisher_kk,
    double& acc)
{
    (void)acc;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const long long i = row * K + k;
        const double row_max = in_row_max[row];
        const double row_log1p = in_row_log1p[row];
        const double fisher_c = -1;
        const double dominant_row = exp(-row_log1p) > 0.75;
        const double t0 = -row_log1p;
        const double fisher_diag_at_max = -exp(t0)*expm1(t0);
        const double P_logits = in_P_logits[i];
        const double shifted = P_logits - row_max;
        const double fisher_diag = exp(-row_log1p + shifted);
        const double fisher_u = fisher_diag;
        const double fisher_kk = ((dominant_row && P_logits == row_max) ? ( fisher_diag_at_max ) : ( fisher_diag - (fisher_u*fisher_u) ));
        out_fisher_diag[i] = fisher_diag;
        out_fisher_u[i] = fisher_u;
        out_fisher_c[i] = fisher_c;
        out_fisher_kk[i] = fisher_kk;
    }
}

extern "C" void categorical_fisher_pieces_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_logits,
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
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        categorical_fisher_pieces_f64_row(row, rows, K, in_P_logits, in_row_max, in_row_log1p, out_fisher_diag, out_fisher_u, out_fisher_c, out_fisher_kk, acc);
    }
}
