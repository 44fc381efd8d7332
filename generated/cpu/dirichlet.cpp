// generated from codegen/families/dirichlet.py by codegen/backends/cpu/templates/coupled.cpp.jinja, do not edit; run `natloss build`.
// DirichletNegativeLogProbLoss: the dirichlet family (diag_rank_one), CPU kernels.
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

// One row of dirichlet_row_stats_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_row_stats_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    float* __restrict__ out_row_max,
    float* __restrict__ out_row_rest,
    float* __restrict__ out_row_w2_rest,
    float* __restrict__ out_row_s_gap,
    float* __restrict__ out_row_sum,
    float* __restrict__ out_row_root,
    float* __restrict__ out_row_a,
    double& acc)
{
    (void)acc;
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    double acc_row_max = -nl_coupled_inf<double>();
    nl_sxm_state<double> acc_row_rest = nl_sxm_empty<double>();
    nl_sxm_state<double> acc_row_w2_rest = nl_sxm_empty<double>();
    double acc_row_s_gap = 0.0;
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double t0 = nl_xtrigamma_m1(P_concentration);
        acc_row_max = fmax(acc_row_max, P_concentration);
        nl_sxm_push(acc_row_rest, P_concentration, 0.0);
        nl_sxm_push(acc_row_w2_rest, 1.0/nl_trigamma(P_concentration), 0.0);
        acc_row_s_gap += P_concentration*t0/(t0 + 1);
    }
    const double row_max = nl_group_max(acc_row_max, group);
    acc_row_rest = nl_group_sxm(acc_row_rest, group);
    const double row_rest = acc_row_rest.s;
    acc_row_w2_rest = nl_group_sxm(acc_row_w2_rest, group);
    const double row_w2_rest = acc_row_w2_rest.s;
    const double row_s_gap = nl_group_sum(acc_row_s_gap, group);
    const double row_sum = row_max + row_rest;
    const double t1 = nl_trigamma(row_sum);
    const double t2 = row_w2_rest*t1;
    const double t3 = nl_trigamma_diff(row_max, row_rest);
    const double t4 = 1.0/nl_trigamma(row_max);
    const double t5 = nl_xtrigamma_m1(row_sum);
    const double t6 = row_s_gap*t1;
    const double row_root = ((t5 + t6 > t2 + t3*t4) ? ( sqrt(fmax(0, -t2 + t3*t4)) ) : ( sqrt(fmax(0, -t5 + t6)) ));
    const double row_a = -nl_trigamma(row_sum)/(row_root + 1);
    out_row_max[row] = row_max;
    out_row_rest[row] = row_rest;
    out_row_w2_rest[row] = row_w2_rest;
    out_row_s_gap[row] = row_s_gap;
    out_row_sum[row] = row_sum;
    out_row_root[row] = row_root;
    out_row_a[row] = row_a;
}

extern "C" void dirichlet_row_stats_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    float* __restrict__ out_row_max,
    float* __restrict__ out_row_rest,
    float* __restrict__ out_row_w2_rest,
    float* __restrict__ out_row_s_gap,
    float* __restrict__ out_row_sum,
    float* __restrict__ out_row_root,
    float* __restrict__ out_row_a)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        dirichlet_row_stats_f32_row(row, rows, K, in_P_concentration, out_row_max, out_row_rest, out_row_w2_rest, out_row_s_gap, out_row_sum, out_row_root, out_row_a, acc);
    }
}

// One row of dirichlet_nll_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_nll_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_sum,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll,
    double& acc)
{
    (void)acc;
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    const double row_sum = in_row_sum[row];
    double acc_red0 = 0.0;
#pragma omp simd reduction(+:acc_red0)
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double y = in_y[base + k];
        const double t0 = log(y);
        acc_red0 += -P_concentration*t0 + t0 + nl_lgamma(P_concentration);
    }
    const double red0 = nl_group_sum(acc_red0, group);
    const double nll = red0 - nl_lgamma(row_sum);
    out_nll[row] = nll;
}

extern "C" void dirichlet_nll_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_sum,
    const float* __restrict__ in_y,
    float* __restrict__ out_nll)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        dirichlet_nll_f32_row(row, rows, K, in_P_concentration, in_row_sum, in_y, out_nll, acc);
    }
}

// One row of dirichlet_nll_reduce_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_nll_reduce_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_sum,
    const float* __restrict__ in_y,
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
    const double row_sum = in_row_sum[row];
    double acc_red0 = 0.0;
#pragma omp simd reduction(+:acc_red0)
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double y = in_y[base + k];
        const double t0 = log(y);
        acc_red0 += -P_concentration*t0 + t0 + nl_lgamma(P_concentration);
    }
    const double red0 = nl_group_sum(acc_red0, group);
    const double nll = red0 - nl_lgamma(row_sum);
    const double nl_value = weight_array != nullptr ? static_cast<double>(weight_array[row]) * static_cast<double>(nll) : static_cast<double>(nll);
    acc += mask == nullptr || mask[row] != 0 ? nl_value : 0.0;
}

extern "C" void dirichlet_nll_reduce_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_sum,
    const float* __restrict__ in_y,
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
            dirichlet_nll_reduce_f32_row(row, rows, K, in_P_concentration, in_row_sum, in_y, mask, weight_array, weight, acc);
        }
        part[static_cast<size_t>(c)] = acc;
    }
    double sum = 0.0;
    for (long long c = 0; c < chunks; ++c) {
        sum += part[static_cast<size_t>(c)];
    }
    *total = weight * sum;
}

// One row of dirichlet_grad_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_grad_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_rest,
    const float* __restrict__ in_row_sum,
    const float* __restrict__ in_y,
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
        const double row_rest = in_row_rest[row];
        const double row_sum = in_row_sum[row];
        const double P_concentration = in_P_concentration[i];
        const double y = in_y[i];
        const double grad0 = -log(y) - nl_digamma_diff(P_concentration, ((P_concentration == row_max) ? ( row_rest ) : ( -P_concentration + row_sum )));
        const double nl_scale = scale_array != nullptr ? scale_array[row] : scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        out_grad0[i] = grad0 * nl_scale;
    }
}

extern "C" void dirichlet_grad_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_rest,
    const float* __restrict__ in_row_sum,
    const float* __restrict__ in_y,
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
        dirichlet_grad_f32_row(row, rows, K, in_P_concentration, in_row_max, in_row_rest, in_row_sum, in_y, mask, scale_array, scale, out_grad0, acc);
    }
}

// One row of dirichlet_mean_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_mean_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_rest,
    const float* __restrict__ in_row_sum,
    float* __restrict__ out_mean0,
    double& acc)
{
    (void)acc;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const long long i = row * K + k;
        const double row_max = in_row_max[row];
        const double row_rest = in_row_rest[row];
        const double row_sum = in_row_sum[row];
        const double P_concentration = in_P_concentration[i];
        const double mean0 = -nl_digamma_diff(P_concentration, ((P_concentration == row_max) ? ( row_rest ) : ( -P_concentration + row_sum )));
        out_mean0[i] = mean0;
    }
}

extern "C" void dirichlet_mean_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_rest,
    const float* __restrict__ in_row_sum,
    float* __restrict__ out_mean0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        dirichlet_mean_f32_row(row, rows, K, in_P_concentration, in_row_max, in_row_rest, in_row_sum, out_mean0, acc);
    }
}

// One row of dirichlet_fisher_product_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_fisher_product_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_rest,
    const float* __restrict__ in_row_sum,
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
    const double row_rest = in_row_rest[row];
    const double row_sum = in_row_sum[row];
    const double dominant_row = row_max/row_sum > 0.75;
    const double fisher_diag_at_max = nl_trigamma_diff(row_max, row_rest);
    const double t0 = nl_trigamma(row_sum);
    double acc_r_rest = 0.0;
    double acc_r_dominant = 0.0;
#pragma omp simd reduction(+:acc_r_rest, acc_r_dominant)
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double v0 = in_v0[base + k];
        acc_r_rest += ((dominant_row && P_concentration == row_max) ? ( 0 ) : ( v0 ));
        acc_r_dominant += ((dominant_row && P_concentration == row_max) ? ( v0 ) : ( 0 ));
    }
    const double r_rest = nl_group_sum(acc_r_rest, group);
    const double r_dominant = nl_group_sum(acc_r_dominant, group);
    const double r = r_dominant + r_rest;
    const double nl_scale = scale_array != nullptr ? scale_array[row] : scale;
    const bool nl_keep = mask == nullptr || mask[row] != 0;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double v0 = in_v0[base + k];
        const double out0 = ((dominant_row && P_concentration == row_max) ? ( fisher_diag_at_max*r_dominant - r_rest*t0 ) : ( -r*t0 + v0*nl_trigamma(P_concentration) ));
        out_out0[base + k] = out0 * nl_scale;
    }
}

extern "C" void dirichlet_fisher_product_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_rest,
    const float* __restrict__ in_row_sum,
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
        dirichlet_fisher_product_f32_row(row, rows, K, in_P_concentration, in_row_max, in_row_rest, in_row_sum, in_v0, mask, scale_array, scale, out_out0, acc);
    }
}

// One row of dirichlet_factor_product_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_factor_product_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_rest,
    const float* __restrict__ in_row_sum,
    const float* __restrict__ in_row_root,
    const float* __restrict__ in_row_a,
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
    const double row_rest = in_row_rest[row];
    const double row_sum = in_row_sum[row];
    const double row_root = in_row_root[row];
    const double row_a = in_row_a[row];
    const double dominant_row = row_max/row_sum > 0.75;
    const double t0 = nl_trigamma(row_max);
    const double factor_diag_at_max = sqrt(t0)*(row_root + nl_trigamma_diff(row_max, row_rest)/t0)/(row_root + 1);
    double acc_r_rest = 0.0;
    double acc_red0 = 0.0;
    double acc_red1 = 0.0;
#pragma omp simd reduction(+:acc_r_rest, acc_red0, acc_red1)
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double u0 = in_u0[base + k];
        const double w = 1.0/sqrt(nl_trigamma(P_concentration));
        acc_r_rest += ((dominant_row && P_concentration == row_max) ? ( 0 ) : ( u0*w ));
        acc_red0 += ((dominant_row && P_concentration == row_max) ? ( u0 ) : ( 0 ));
        acc_red1 += ((dominant_row && P_concentration == row_max) ? ( w ) : ( 0 ));
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
        const double P_concentration = in_P_concentration[base + k];
        const double u0 = in_u0[base + k];
        const double w = 1.0/sqrt(nl_trigamma(P_concentration));
        const double out0 = ((dominant_row && P_concentration == row_max) ? ( factor_diag_at_max*u0 + r_rest*row_a ) : ( (r*row_a*w + u0)*sqrt(nl_trigamma(P_concentration)) ));
        out_out0[base + k] = out0 * nl_scale;
    }
}

extern "C" void dirichlet_factor_product_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_rest,
    const float* __restrict__ in_row_sum,
    const float* __restrict__ in_row_root,
    const float* __restrict__ in_row_a,
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
        dirichlet_factor_product_f32_row(row, rows, K, in_P_concentration, in_row_max, in_row_rest, in_row_sum, in_row_root, in_row_a, in_u0, mask, scale_array, scale, out_out0, acc);
    }
}

// One row of dirichlet_factor_transpose_product_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_factor_transpose_product_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_rest,
    const float* __restrict__ in_row_sum,
    const float* __restrict__ in_row_root,
    const float* __restrict__ in_row_a,
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
    const double row_rest = in_row_rest[row];
    const double row_sum = in_row_sum[row];
    const double row_root = in_row_root[row];
    const double row_a = in_row_a[row];
    const double dominant_row = row_max/row_sum > 0.75;
    const double t0 = nl_trigamma(row_max);
    const double factor_diag_at_max = sqrt(t0)*(row_root + nl_trigamma_diff(row_max, row_rest)/t0)/(row_root + 1);
    double acc_r_rest = 0.0;
    double acc_r_dominant = 0.0;
#pragma omp simd reduction(+:acc_r_rest, acc_r_dominant)
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double v0 = in_v0[base + k];
        acc_r_rest += ((dominant_row && P_concentration == row_max) ? ( 0 ) : ( v0 ));
        acc_r_dominant += ((dominant_row && P_concentration == row_max) ? ( v0 ) : ( 0 ));
    }
    const double r_rest = nl_group_sum(acc_r_rest, group);
    const double r_dominant = nl_group_sum(acc_r_dominant, group);
    const double r = r_dominant + r_rest;
    const double nl_scale = scale_array != nullptr ? scale_array[row] : scale;
    const bool nl_keep = mask == nullptr || mask[row] != 0;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double v0 = in_v0[base + k];
        const double t1 = sqrt(nl_trigamma(P_concentration));
        const double out0 = ((dominant_row && P_concentration == row_max) ? ( factor_diag_at_max*r_dominant + r_rest*row_a/sqrt(nl_trigamma(row_max)) ) : ( r*row_a/t1 + t1*v0 ));
        out_out0[base + k] = out0 * nl_scale;
    }
}

extern "C" void dirichlet_factor_transpose_product_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_rest,
    const float* __restrict__ in_row_sum,
    const float* __restrict__ in_row_root,
    const float* __restrict__ in_row_a,
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
        dirichlet_factor_transpose_product_f32_row(row, rows, K, in_P_concentration, in_row_max, in_row_rest, in_row_sum, in_row_root, in_row_a, in_v0, mask, scale_array, scale, out_out0, acc);
    }
}

// One row of dirichlet_factor_column_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_factor_column_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const long long column,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_rest,
    const float* __restrict__ in_row_sum,
    const float* __restrict__ in_row_root,
    const float* __restrict__ in_row_a,
    float* __restrict__ out_out0,
    double& acc)
{
    (void)acc;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const long long i = row * K + k;
        const long long base = row * K;
        const double row_max = in_row_max[row];
        const double row_rest = in_row_rest[row];
        const double row_sum = in_row_sum[row];
        const double row_root = in_row_root[row];
        const double row_a = in_row_a[row];
        const double P_concentration_col = in_P_concentration[base + column];
        const double w_col = 1.0/sqrt(nl_trigamma(P_concentration_col));
        const double x_column = P_concentration_col;
        const double w_column = w_col;
        const double P_concentration = in_P_concentration[i];
        const double onehot = k == column ? 1.0 : 0.0;
        const double w = 1.0/sqrt(nl_trigamma(P_concentration));
        const double t0 = nl_trigamma(x_column);
        const double diag = sqrt(t0)*(row_root + nl_trigamma_diff(x_column, ((row_max == x_column) ? ( row_rest ) : ( row_sum - x_column )))/t0)/(row_root + 1);
        const double out0 = diag*onehot - row_a*w*w_column*(onehot - 1)*sqrt(nl_trigamma(P_concentration));
        out_out0[i] = out0;
    }
}

extern "C" void dirichlet_factor_column_f32(
    const long long rows,
    const long long K,
    const long long column,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_rest,
    const float* __restrict__ in_row_sum,
    const float* __restrict__ in_row_root,
    const float* __restrict__ in_row_a,
    float* __restrict__ out_out0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        dirichlet_factor_column_f32_row(row, rows, K, column, in_P_concentration, in_row_max, in_row_rest, in_row_sum, in_row_root, in_row_a, out_out0, acc);
    }
}

// One row of dirichlet_fisher_pieces_f32: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_fisher_pieces_f32_row(
    const long long row,
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_rest,
    const float* __restrict__ in_row_sum,
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
        const double row_rest = in_row_rest[row];
        const double row_sum = in_row_sum[row];
        const double fisher_u = 1;
        const double fisher_c = -nl_trigamma(row_sum);
        const double dominant_row = row_max/row_sum > 0.75;
        const double fisher_diag_at_max = nl_trigamma_diff(row_max, row_rest);
        const double P_concentration = in_P_concentration[i];
        const double fisher_diag = nl_trigamma(P_concentration);
        const double fisher_kk = ((dominant_row && P_concentration == row_max) ? ( fisher_diag_at_max ) : ( fisher_c + fisher_diag ));
        out_fisher_diag[i] = fisher_diag;
        out_fisher_u[i] = fisher_u;
        out_fisher_c[i] = fisher_c;
        out_fisher_kk[i] = fisher_kk;
    }
}

extern "C" void dirichlet_fisher_pieces_f32(
    const long long rows,
    const long long K,
    const float* __restrict__ in_P_concentration,
    const float* __restrict__ in_row_max,
    const float* __restrict__ in_row_rest,
    const float* __restrict__ in_row_sum,
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
        dirichlet_fisher_pieces_f32_row(row, rows, K, in_P_concentration, in_row_max, in_row_rest, in_row_sum, out_fisher_diag, out_fisher_u, out_fisher_c, out_fisher_kk, acc);
    }
}

// ============================================================================= double

// One row of dirichlet_row_stats_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_row_stats_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    double* __restrict__ out_row_max,
    double* __restrict__ out_row_rest,
    double* __restrict__ out_row_w2_rest,
    double* __restrict__ out_row_s_gap,
    double* __restrict__ out_row_sum,
    double* __restrict__ out_row_root,
    double* __restrict__ out_row_a,
    double& acc)
{
    (void)acc;
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    double acc_row_max = -nl_coupled_inf<double>();
    nl_sxm_state<double> acc_row_rest = nl_sxm_empty<double>();
    nl_sxm_state<double> acc_row_w2_rest = nl_sxm_empty<double>();
    double acc_row_s_gap = 0.0;
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double t0 = nl_xtrigamma_m1(P_concentration);
        acc_row_max = fmax(acc_row_max, P_concentration);
        nl_sxm_push(acc_row_rest, P_concentration, 0.0);
        nl_sxm_push(acc_row_w2_rest, 1.0/nl_trigamma(P_concentration), 0.0);
        acc_row_s_gap += P_concentration*t0/(t0 + 1);
    }
    const double row_max = nl_group_max(acc_row_max, group);
    acc_row_rest = nl_group_sxm(acc_row_rest, group);
    const double row_rest = acc_row_rest.s;
    acc_row_w2_rest = nl_group_sxm(acc_row_w2_rest, group);
    const double row_w2_rest = acc_row_w2_rest.s;
    const double row_s_gap = nl_group_sum(acc_row_s_gap, group);
    const double row_sum = row_max + row_rest;
    const double t1 = nl_trigamma(row_sum);
    const double t2 = row_w2_rest*t1;
    const double t3 = nl_trigamma_diff(row_max, row_rest);
    const double t4 = 1.0/nl_trigamma(row_max);
    const double t5 = nl_xtrigamma_m1(row_sum);
    const double t6 = row_s_gap*t1;
    const double row_root = ((t5 + t6 > t2 + t3*t4) ? ( sqrt(fmax(0, -t2 + t3*t4)) ) : ( sqrt(fmax(0, -t5 + t6)) ));
    const double row_a = -nl_trigamma(row_sum)/(row_root + 1);
    out_row_max[row] = row_max;
    out_row_rest[row] = row_rest;
    out_row_w2_rest[row] = row_w2_rest;
    out_row_s_gap[row] = row_s_gap;
    out_row_sum[row] = row_sum;
    out_row_root[row] = row_root;
    out_row_a[row] = row_a;
}

extern "C" void dirichlet_row_stats_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    double* __restrict__ out_row_max,
    double* __restrict__ out_row_rest,
    double* __restrict__ out_row_w2_rest,
    double* __restrict__ out_row_s_gap,
    double* __restrict__ out_row_sum,
    double* __restrict__ out_row_root,
    double* __restrict__ out_row_a)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        dirichlet_row_stats_f64_row(row, rows, K, in_P_concentration, out_row_max, out_row_rest, out_row_w2_rest, out_row_s_gap, out_row_sum, out_row_root, out_row_a, acc);
    }
}

// One row of dirichlet_nll_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_nll_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_sum,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll,
    double& acc)
{
    (void)acc;
    const long long group = 1;  // one lane per row: the lane-group combinations are the identity
    (void)group;
    const bool valid = true;
    (void)valid;
    const long long base = row * K;
    const double row_sum = in_row_sum[row];
    double acc_red0 = 0.0;
#pragma omp simd reduction(+:acc_red0)
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double y = in_y[base + k];
        const double t0 = log(y);
        acc_red0 += -P_concentration*t0 + t0 + nl_lgamma(P_concentration);
    }
    const double red0 = nl_group_sum(acc_red0, group);
    const double nll = red0 - nl_lgamma(row_sum);
    out_nll[row] = nll;
}

extern "C" void dirichlet_nll_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_sum,
    const double* __restrict__ in_y,
    double* __restrict__ out_nll)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        dirichlet_nll_f64_row(row, rows, K, in_P_concentration, in_row_sum, in_y, out_nll, acc);
    }
}

// One row of dirichlet_nll_reduce_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_nll_reduce_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_sum,
    const double* __restrict__ in_y,
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
    const double row_sum = in_row_sum[row];
    double acc_red0 = 0.0;
#pragma omp simd reduction(+:acc_red0)
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double y = in_y[base + k];
        const double t0 = log(y);
        acc_red0 += -P_concentration*t0 + t0 + nl_lgamma(P_concentration);
    }
    const double red0 = nl_group_sum(acc_red0, group);
    const double nll = red0 - nl_lgamma(row_sum);
    const double nl_value = weight_array != nullptr ? static_cast<double>(weight_array[row]) * static_cast<double>(nll) : static_cast<double>(nll);
    acc += mask == nullptr || mask[row] != 0 ? nl_value : 0.0;
}

extern "C" void dirichlet_nll_reduce_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_sum,
    const double* __restrict__ in_y,
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
            dirichlet_nll_reduce_f64_row(row, rows, K, in_P_concentration, in_row_sum, in_y, mask, weight_array, weight, acc);
        }
        part[static_cast<size_t>(c)] = acc;
    }
    double sum = 0.0;
    for (long long c = 0; c < chunks; ++c) {
        sum += part[static_cast<size_t>(c)];
    }
    *total = weight * sum;
}

// One row of dirichlet_grad_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_grad_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_rest,
    const double* __restrict__ in_row_sum,
    const double* __restrict__ in_y,
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
        const double row_rest = in_row_rest[row];
        const double row_sum = in_row_sum[row];
        const double P_concentration = in_P_concentration[i];
        const double y = in_y[i];
        const double grad0 = -log(y) - nl_digamma_diff(P_concentration, ((P_concentration == row_max) ? ( row_rest ) : ( -P_concentration + row_sum )));
        const double nl_scale = scale_array != nullptr ? scale_array[row] : scale;
        const bool nl_keep = mask == nullptr || mask[row] != 0;
        out_grad0[i] = grad0 * nl_scale;
    }
}

extern "C" void dirichlet_grad_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_rest,
    const double* __restrict__ in_row_sum,
    const double* __restrict__ in_y,
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
        dirichlet_grad_f64_row(row, rows, K, in_P_concentration, in_row_max, in_row_rest, in_row_sum, in_y, mask, scale_array, scale, out_grad0, acc);
    }
}

// One row of dirichlet_mean_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_mean_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_rest,
    const double* __restrict__ in_row_sum,
    double* __restrict__ out_mean0,
    double& acc)
{
    (void)acc;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const long long i = row * K + k;
        const double row_max = in_row_max[row];
        const double row_rest = in_row_rest[row];
        const double row_sum = in_row_sum[row];
        const double P_concentration = in_P_concentration[i];
        const double mean0 = -nl_digamma_diff(P_concentration, ((P_concentration == row_max) ? ( row_rest ) : ( -P_concentration + row_sum )));
        out_mean0[i] = mean0;
    }
}

extern "C" void dirichlet_mean_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_rest,
    const double* __restrict__ in_row_sum,
    double* __restrict__ out_mean0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        dirichlet_mean_f64_row(row, rows, K, in_P_concentration, in_row_max, in_row_rest, in_row_sum, out_mean0, acc);
    }
}

// One row of dirichlet_fisher_product_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_fisher_product_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_rest,
    const double* __restrict__ in_row_sum,
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
    const double row_rest = in_row_rest[row];
    const double row_sum = in_row_sum[row];
    const double dominant_row = row_max/row_sum > 0.75;
    const double fisher_diag_at_max = nl_trigamma_diff(row_max, row_rest);
    const double t0 = nl_trigamma(row_sum);
    double acc_r_rest = 0.0;
    double acc_r_dominant = 0.0;
#pragma omp simd reduction(+:acc_r_rest, acc_r_dominant)
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double v0 = in_v0[base + k];
        acc_r_rest += ((dominant_row && P_concentration == row_max) ? ( 0 ) : ( v0 ));
        acc_r_dominant += ((dominant_row && P_concentration == row_max) ? ( v0 ) : ( 0 ));
    }
    const double r_rest = nl_group_sum(acc_r_rest, group);
    const double r_dominant = nl_group_sum(acc_r_dominant, group);
    const double r = r_dominant + r_rest;
    const double nl_scale = scale_array != nullptr ? scale_array[row] : scale;
    const bool nl_keep = mask == nullptr || mask[row] != 0;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double v0 = in_v0[base + k];
        const double out0 = ((dominant_row && P_concentration == row_max) ? ( fisher_diag_at_max*r_dominant - r_rest*t0 ) : ( -r*t0 + v0*nl_trigamma(P_concentration) ));
        out_out0[base + k] = out0 * nl_scale;
    }
}

extern "C" void dirichlet_fisher_product_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_rest,
    const double* __restrict__ in_row_sum,
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
        dirichlet_fisher_product_f64_row(row, rows, K, in_P_concentration, in_row_max, in_row_rest, in_row_sum, in_v0, mask, scale_array, scale, out_out0, acc);
    }
}

// One row of dirichlet_factor_product_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_factor_product_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_rest,
    const double* __restrict__ in_row_sum,
    const double* __restrict__ in_row_root,
    const double* __restrict__ in_row_a,
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
    const double row_rest = in_row_rest[row];
    const double row_sum = in_row_sum[row];
    const double row_root = in_row_root[row];
    const double row_a = in_row_a[row];
    const double dominant_row = row_max/row_sum > 0.75;
    const double t0 = nl_trigamma(row_max);
    const double factor_diag_at_max = sqrt(t0)*(row_root + nl_trigamma_diff(row_max, row_rest)/t0)/(row_root + 1);
    double acc_r_rest = 0.0;
    double acc_red0 = 0.0;
    double acc_red1 = 0.0;
#pragma omp simd reduction(+:acc_r_rest, acc_red0, acc_red1)
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double u0 = in_u0[base + k];
        const double w = 1.0/sqrt(nl_trigamma(P_concentration));
        acc_r_rest += ((dominant_row && P_concentration == row_max) ? ( 0 ) : ( u0*w ));
        acc_red0 += ((dominant_row && P_concentration == row_max) ? ( u0 ) : ( 0 ));
        acc_red1 += ((dominant_row && P_concentration == row_max) ? ( w ) : ( 0 ));
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
        const double P_concentration = in_P_concentration[base + k];
        const double u0 = in_u0[base + k];
        const double w = 1.0/sqrt(nl_trigamma(P_concentration));
        const double out0 = ((dominant_row && P_concentration == row_max) ? ( factor_diag_at_max*u0 + r_rest*row_a ) : ( (r*row_a*w + u0)*sqrt(nl_trigamma(P_concentration)) ));
        out_out0[base + k] = out0 * nl_scale;
    }
}

extern "C" void dirichlet_factor_product_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_rest,
    const double* __restrict__ in_row_sum,
    const double* __restrict__ in_row_root,
    const double* __restrict__ in_row_a,
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
        dirichlet_factor_product_f64_row(row, rows, K, in_P_concentration, in_row_max, in_row_rest, in_row_sum, in_row_root, in_row_a, in_u0, mask, scale_array, scale, out_out0, acc);
    }
}

// One row of dirichlet_factor_transpose_product_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_factor_transpose_product_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_rest,
    const double* __restrict__ in_row_sum,
    const double* __restrict__ in_row_root,
    const double* __restrict__ in_row_a,
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
    const double row_rest = in_row_rest[row];
    const double row_sum = in_row_sum[row];
    const double row_root = in_row_root[row];
    const double row_a = in_row_a[row];
    const double dominant_row = row_max/row_sum > 0.75;
    const double t0 = nl_trigamma(row_max);
    const double factor_diag_at_max = sqrt(t0)*(row_root + nl_trigamma_diff(row_max, row_rest)/t0)/(row_root + 1);
    double acc_r_rest = 0.0;
    double acc_r_dominant = 0.0;
#pragma omp simd reduction(+:acc_r_rest, acc_r_dominant)
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double v0 = in_v0[base + k];
        acc_r_rest += ((dominant_row && P_concentration == row_max) ? ( 0 ) : ( v0 ));
        acc_r_dominant += ((dominant_row && P_concentration == row_max) ? ( v0 ) : ( 0 ));
    }
    const double r_rest = nl_group_sum(acc_r_rest, group);
    const double r_dominant = nl_group_sum(acc_r_dominant, group);
    const double r = r_dominant + r_rest;
    const double nl_scale = scale_array != nullptr ? scale_array[row] : scale;
    const bool nl_keep = mask == nullptr || mask[row] != 0;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const double P_concentration = in_P_concentration[base + k];
        const double v0 = in_v0[base + k];
        const double t1 = sqrt(nl_trigamma(P_concentration));
        const double out0 = ((dominant_row && P_concentration == row_max) ? ( factor_diag_at_max*r_dominant + r_rest*row_a/sqrt(nl_trigamma(row_max)) ) : ( r*row_a/t1 + t1*v0 ));
        out_out0[base + k] = out0 * nl_scale;
    }
}

extern "C" void dirichlet_factor_transpose_product_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_rest,
    const double* __restrict__ in_row_sum,
    const double* __restrict__ in_row_root,
    const double* __restrict__ in_row_a,
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
        dirichlet_factor_transpose_product_f64_row(row, rows, K, in_P_concentration, in_row_max, in_row_rest, in_row_sum, in_row_root, in_row_a, in_v0, mask, scale_array, scale, out_out0, acc);
    }
}

// One row of dirichlet_factor_column_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_factor_column_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const long long column,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_rest,
    const double* __restrict__ in_row_sum,
    const double* __restrict__ in_row_root,
    const double* __restrict__ in_row_a,
    double* __restrict__ out_out0,
    double& acc)
{
    (void)acc;
#pragma omp simd
    for (long long k = 0; k < K; ++k) {
        const long long i = row * K + k;
        const long long base = row * K;
        const double row_max = in_row_max[row];
        const double row_rest = in_row_rest[row];
        const double row_sum = in_row_sum[row];
        const double row_root = in_row_root[row];
        const double row_a = in_row_a[row];
        const double P_concentration_col = in_P_concentration[base + column];
        const double w_col = 1.0/sqrt(nl_trigamma(P_concentration_col));
        const double x_column = P_concentration_col;
        const double w_column = w_col;
        const double P_concentration = in_P_concentration[i];
        const double onehot = k == column ? 1.0 : 0.0;
        const double w = 1.0/sqrt(nl_trigamma(P_concentration));
        const double t0 = nl_trigamma(x_column);
        const double diag = sqrt(t0)*(row_root + nl_trigamma_diff(x_column, ((row_max == x_column) ? ( row_rest ) : ( row_sum - x_column )))/t0)/(row_root + 1);
        const double out0 = diag*onehot - row_a*w*w_column*(onehot - 1)*sqrt(nl_trigamma(P_concentration));
        out_out0[i] = out0;
    }
}

extern "C" void dirichlet_factor_column_f64(
    const long long rows,
    const long long K,
    const long long column,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_rest,
    const double* __restrict__ in_row_sum,
    const double* __restrict__ in_row_root,
    const double* __restrict__ in_row_a,
    double* __restrict__ out_out0)
{
    if (rows <= 0 || K <= 0) {
        return;
    }
#pragma omp parallel for schedule(static) if(parallel: rows * K >= NL_PARALLEL_MIN) num_threads(nl_threads())
    for (long long row = 0; row < rows; ++row) {
        double acc = 0.0;
        dirichlet_factor_column_f64_row(row, rows, K, column, in_P_concentration, in_row_max, in_row_rest, in_row_sum, in_row_root, in_row_a, out_out0, acc);
    }
}

// One row of dirichlet_fisher_pieces_f64: a function of its own, so the arrays are restrict parameters here (in
// the OpenMP region's outlined body they are fields of a struct, and the stores could alias them:
// the loops over the row would not vectorize).
static __attribute__((noinline)) void dirichlet_fisher_pieces_f64_row(
    const long long row,
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_rest,
    const double* __restrict__ in_row_sum,
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
        const double row_rest = in_row_rest[row];
        const double row_sum = in_row_sum[row];
        const double fisher_u = 1;
        const double fisher_c = -nl_trigamma(row_sum);
        const double dominant_row = row_max/row_sum > 0.75;
        const double fisher_diag_at_max = nl_trigamma_diff(row_max, row_rest);
        const double P_concentration = in_P_concentration[i];
        const double fisher_diag = nl_trigamma(P_concentration);
        const double fisher_kk = ((dominant_row && P_concentration == row_max) ? ( fisher_diag_at_max ) : ( fisher_c + fisher_diag ));
        out_fisher_diag[i] = fisher_diag;
        out_fisher_u[i] = fisher_u;
        out_fisher_c[i] = fisher_c;
        out_fisher_kk[i] = fisher_kk;
    }
}

extern "C" void dirichlet_fisher_pieces_f64(
    const long long rows,
    const long long K,
    const double* __restrict__ in_P_concentration,
    const double* __restrict__ in_row_max,
    const double* __restrict__ in_row_rest,
    const double* __restrict__ in_row_sum,
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
        dirichlet_fisher_pieces_f64_row(row, rows, K, in_P_concentration, in_row_max, in_row_rest, in_row_sum, out_fisher_diag, out_fisher_u, out_fisher_c, out_fisher_kk, acc);
    }
}
