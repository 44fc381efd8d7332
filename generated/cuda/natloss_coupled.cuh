// generated from the coupled row reductions by codegen/backends/cuda/templates/cuda/natloss_coupled.cuh.jinja, do not edit; run `natloss build`.
// The coupled families' row reductions (generated/cuda/<family>.cu of the diag_rank_one
// structure include this after natloss_math.cuh): per-lane accumulation states and their
// combination across a lane group (xor shuffles), a warp, or a block (shared memory).
#pragma once

#ifndef NATLOSS_BLOCK
#define NATLOSS_BLOCK 256
#endif
#ifndef NATLOSS_WARP
#define NATLOSS_WARP 32
#endif

#define NL_EMPTY_INDEX 0x7fffffffffffffffLL

__device__ __forceinline__ float nl_coupled_exp(float x) { return expf(x); }
__device__ __forceinline__ double nl_coupled_exp(double x) { return exp(x); }
// +inf from its bits: NVRTC has no INFINITY or __builtin_huge_val.
template <typename T> __device__ __forceinline__ T nl_coupled_inf();
template <> __device__ __forceinline__ float nl_coupled_inf<float>() { return __int_as_float(0x7f800000); }
template <> __device__ __forceinline__ double nl_coupled_inf<double>() { return __longlong_as_double(0x7ff0000000000000LL); }

// The online log-sum-exp state of a set of entries: its max m, the (first) index i of the max
// and s = the sum over the other entries of exp(x - m). Empty: i == NL_EMPTY_INDEX.
template <typename T> struct nl_lse_state {
    T m;
    long long i;
    T s;
};

template <typename T> __device__ __forceinline__ nl_lse_state<T> nl_lse_empty()
{
    nl_lse_state<T> a;
    a.m = static_cast<T>(0);
    a.i = NL_EMPTY_INDEX;
    a.s = static_cast<T>(0);
    return a;
}

// a := a merged with (m, i, s). Symmetric: winner.s + exp(loser.m - winner.m) * (1 + loser.s),
// so two lanes merging each other's states get bit-identical results.
template <typename T> __device__ __forceinline__ void nl_lse_push(nl_lse_state<T>& a, const T m, const long long i, const T s)
{
    if (i == NL_EMPTY_INDEX) {
        return;
    }
    if (a.i == NL_EMPTY_INDEX) {
        a.m = m;
        a.i = i;
        a.s = s;
        return;
    }
    if (m > a.m || (m == a.m && i < a.i)) {
        a.s = s + nl_coupled_exp(a.m - m) * (static_cast<T>(1) + a.s);
        a.m = m;
        a.i = i;
    } else {
        a.s = a.s + nl_coupled_exp(m - a.m) * (static_cast<T>(1) + s);
    }
}

// The sum of a set of entries but its largest (at the argmax: the sum of the others, without
// subtracting the max from the total): the max m and s. Merging adds the smaller max to the
// sums; symmetric, so two lanes merging each other's states get bit-identical results.
// Empty: m = -inf.
template <typename T> struct nl_sxm_state {
    T m;
    T s;
};

template <typename T> __device__ __forceinline__ nl_sxm_state<T> nl_sxm_empty()
{
    nl_sxm_state<T> a;
    a.m = -nl_coupled_inf<T>();
    a.s = static_cast<T>(0);
    return a;
}

// a := a merged with (m, s); an entry x is pushed as (x, 0).
template <typename T> __device__ __forceinline__ void nl_sxm_push(nl_sxm_state<T>& a, const T m, const T s)
{
    if (m == -nl_coupled_inf<T>()) {
        return;
    }
    if (a.m == -nl_coupled_inf<T>()) {
        a.m = m;
        a.s = s;
        return;
    }
    const T low = m < a.m ? m : a.m;
    a.m = m < a.m ? a.m : m;
    a.s = (a.s + s) + low;
}

// Reductions over aligned groups of `group` lanes (a power of 2 up to NATLOSS_WARP): xor
// offsets below `group` stay inside the group. Every lane of the warp must call them.
template <typename T> __device__ __forceinline__ T nl_group_sum(T v, const long long group)
{
    for (int offset = static_cast<int>(group) / 2; offset > 0; offset >>= 1) {
        v += __shfl_xor_sync(0xffffffffu, v, offset);
    }
    return v;
}

template <typename T> __device__ __forceinline__ T nl_group_max(T v, const long long group)
{
    for (int offset = static_cast<int>(group) / 2; offset > 0; offset >>= 1) {
        const T other = __shfl_xor_sync(0xffffffffu, v, offset);
        v = other > v ? other : v;
    }
    return v;
}

template <typename T> __device__ __forceinline__ nl_lse_state<T> nl_group_lse(nl_lse_state<T> a, const long long group)
{
    for (int offset = static_cast<int>(group) / 2; offset > 0; offset >>= 1) {
        const T m = __shfl_xor_sync(0xffffffffu, a.m, offset);
        const long long i = __shfl_xor_sync(0xffffffffu, a.i, offset);
        const T s = __shfl_xor_sync(0xffffffffu, a.s, offset);
        nl_lse_push(a, m, i, s);
    }
    return a;
}

template <typename T> __device__ __forceinline__ nl_sxm_state<T> nl_group_sxm(nl_sxm_state<T> a, const long long group)
{
    for (int offset = static_cast<int>(group) / 2; offset > 0; offset >>= 1) {
        const T m = __shfl_xor_sync(0xffffffffu, a.m, offset);
        const T s = __shfl_xor_sync(0xffffffffu, a.s, offset);
        nl_sxm_push(a, m, s);
    }
    return a;
}

template <typename T> __device__ __forceinline__ T nl_warp_sum(T v)
{
    return nl_group_sum(v, NATLOSS_WARP);
}

template <typename T> __device__ __forceinline__ T nl_warp_max(T v)
{
    return nl_group_max(v, NATLOSS_WARP);
}

template <typename T> __device__ __forceinline__ nl_lse_state<T> nl_warp_lse(nl_lse_state<T> a)
{
    return nl_group_lse(a, NATLOSS_WARP);
}

template <typename T> __device__ __forceinline__ nl_sxm_state<T> nl_warp_sxm(nl_sxm_state<T> a)
{
    return nl_group_sxm(a, NATLOSS_WARP);
}

// The block versions: the warps' results through shared memory, then every thread combines
// them in the same order, so all threads get the same value. All threads of the block call them.
template <typename T> __device__ __forceinline__ T nl_block_sum(T v)
{
    __shared__ T part[NATLOSS_BLOCK / NATLOSS_WARP];
    v = nl_warp_sum(v);
    if (threadIdx.x % NATLOSS_WARP == 0) {
        part[threadIdx.x / NATLOSS_WARP] = v;
    }
    __syncthreads();
    T total = part[0];
    for (unsigned int w = 1; w < blockDim.x / NATLOSS_WARP; ++w) {
        total += part[w];
    }
    __syncthreads();  // the buffer is reused by the next call
    return total;
}

template <typename T> __device__ __forceinline__ T nl_block_max(T v)
{
    __shared__ T part[NATLOSS_BLOCK / NATLOSS_WARP];
    v = nl_warp_max(v);
    if (threadIdx.x % NATLOSS_WARP == 0) {
        part[threadIdx.x / NATLOSS_WARP] = v;
    }
    __syncthreads();
    T best = part[0];
    for (unsigned int w = 1; w < blockDim.x / NATLOSS_WARP; ++w) {
        best = part[w] > best ? part[w] : best;
    }
    __syncthreads();
    return best;
}

template <typename T> __device__ __forceinline__ nl_lse_state<T> nl_block_lse(nl_lse_state<T> a)
{
    __shared__ T part_m[NATLOSS_BLOCK / NATLOSS_WARP];
    __shared__ long long part_i[NATLOSS_BLOCK / NATLOSS_WARP];
    __shared__ T part_s[NATLOSS_BLOCK / NATLOSS_WARP];
    a = nl_warp_lse(a);
    if (threadIdx.x % NATLOSS_WARP == 0) {
        part_m[threadIdx.x / NATLOSS_WARP] = a.m;
        part_i[threadIdx.x / NATLOSS_WARP] = a.i;
        part_s[threadIdx.x / NATLOSS_WARP] = a.s;
    }
    __syncthreads();
    nl_lse_state<T> total = nl_lse_empty<T>();
    for (unsigned int w = 0; w < blockDim.x / NATLOSS_WARP; ++w) {
        nl_lse_push(total, part_m[w], part_i[w], part_s[w]);
    }
    __syncthreads();
    return total;
}

template <typename T> __device__ __forceinline__ nl_sxm_state<T> nl_block_sxm(nl_sxm_state<T> a)
{
    __shared__ T part_m[NATLOSS_BLOCK / NATLOSS_WARP];
    __shared__ T part_s[NATLOSS_BLOCK / NATLOSS_WARP];
    a = nl_warp_sxm(a);
    if (threadIdx.x % NATLOSS_WARP == 0) {
        part_m[threadIdx.x / NATLOSS_WARP] = a.m;
        part_s[threadIdx.x / NATLOSS_WARP] = a.s;
    }
    __syncthreads();
    nl_sxm_state<T> total = nl_sxm_empty<T>();
    for (unsigned int w = 0; w < blockDim.x / NATLOSS_WARP; ++w) {
        nl_sxm_push(total, part_m[w], part_s[w]);
    }
    __syncthreads();
    return total;
}
