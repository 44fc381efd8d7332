# generated from codegen/families/one_hot_categorical.py by codegen/backends/cuda/templates/cupy/coupled.py.jinja, do not edit; run `natloss build`.
"""OneHotCategoricalLogitsNegativeLogProbLoss: the one_hot_categorical family, CuPy backend (the kernels of generated/cuda/one_hot_categorical.cu)."""
import math  # noqa: F401 - the domains below use math.inf

import numpy as np

from natloss.runtime import cupy_coupled as _cc  # noqa: F401 - the sampler's draws
from natloss.runtime.cupy_coupled import CuPyCoupledLoss


class OneHotCategoricalLogitsNegativeLogProbLoss(CuPyCoupledLoss):
    """One-hot targets over the last axis (samples are one-hot too).

    Structure: diag_rank_one; the factor B is proved (symbolic: 2a + a^2|w|^2 = c (so B B^T = D + c u u^T for every K); numeric: D + c u u^T and B B^T equal the Hessian of A, F_kk and B_kk at the row max, for K = 2, 3, 4 at 50 digits).

    A(eta) = log(Sum(exp(logits[k]), (k, 0, K - 1)))
    T(y) = y[k]
    log h(y) = 0
    F = D + c u u^T over the last axis; B = D^(1/2) (I + a w w^T), w = D^(-1/2) u:
        D_k = exp(-row_log1p + shifted)
        u_k = exp(-row_log1p + shifted)
        c = -1
        a = -1

    CuPy backend: CuPy arrays in and out; the ops launch the CUDA kernels of the
    generated .cu file (compiled with NVRTC on first use): one warp per row for the row
    statistics (cached), the per-row nll, evaluate and the products, one thread per
    element for grad, mean and the factor's columns. Sampling uses
    cupy.random.Generator (seed: an int or a cupy.random.Generator).
    """

    family = 'one_hot_categorical'
    structure = 'diag_rank_one'
    param_names = ('logits',)
    param_domains = ((-math.inf, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'one_hot'
    target_bound = None
    _factor_columns = ()
    _cuda_file = 'one_hot_categorical.cu'
    _cuda_package = __package__.rpartition(".")[0] + ".cuda"
    _kernel_prefix = 'one_hot_categorical'
    _kernel_names = ('one_hot_categorical_row_stats_f32', 'one_hot_categorical_nll_f32', 'one_hot_categorical_nll_reduce_f32', 'one_hot_categorical_grad_f32', 'one_hot_categorical_mean_f32', 'one_hot_categorical_fisher_product_f32', 'one_hot_categorical_factor_product_f32', 'one_hot_categorical_factor_transpose_product_f32', 'one_hot_categorical_factor_column_f32', 'one_hot_categorical_fisher_pieces_f32', 'one_hot_categorical_row_stats_rowblock_f32', 'one_hot_categorical_nll_rowblock_f32', 'one_hot_categorical_nll_reduce_rowblock_f32', 'one_hot_categorical_fisher_product_rowblock_f32', 'one_hot_categorical_factor_product_rowblock_f32', 'one_hot_categorical_factor_transpose_product_rowblock_f32', 'one_hot_categorical_row_stats_f64', 'one_hot_categorical_nll_f64', 'one_hot_categorical_nll_reduce_f64', 'one_hot_categorical_grad_f64', 'one_hot_categorical_mean_f64', 'one_hot_categorical_fisher_product_f64', 'one_hot_categorical_factor_product_f64', 'one_hot_categorical_factor_transpose_product_f64', 'one_hot_categorical_factor_column_f64', 'one_hot_categorical_fisher_pieces_f64', 'one_hot_categorical_row_stats_rowblock_f64', 'one_hot_categorical_nll_rowblock_f64', 'one_hot_categorical_nll_reduce_rowblock_f64', 'one_hot_categorical_fisher_product_rowblock_f64', 'one_hot_categorical_factor_product_rowblock_f64', 'one_hot_categorical_factor_transpose_product_rowblock_f64')

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = CuPyCoupledLoss.__init__

    def __init__(self, logits, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((logits, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): kernel launches.

    def _row_stats(self):
        row_max = self._empty(self._batch_shape + (1,))
        row_log1p = self._empty(self._batch_shape + (1,))
        row_a = self._empty(self._batch_shape + (1,))
        self._launch_coupled("row_stats", "rows", self._rows, (
            np.int64(self._rows),
            np.int64(self._K),
            np.int64(self._group),
            self._cparams[0],
            row_max,
            row_log1p,
            row_a,
        ))
        return (row_max, row_log1p, row_a, )

    def _nll_per_case(self, y):
        stats = self._row_stats_cached_c()
        nll = self._empty(self._batch_shape + (1,))
        self._launch_coupled("nll", "rows", self._rows, (
            np.int64(self._rows),
            np.int64(self._K),
            np.int64(self._group),
            self._cparams[0],
            stats[0],
            stats[1],
            self._c(y),
            nll,
        ))
        return nll[..., 0]

    def _nll_sum(self, y, weight, mask):
        stats = self._row_stats_cached_c()
        partial = self._partials()
        self._launch_coupled("nll_reduce", "rows", self._rows, (
            np.int64(self._rows),
            np.int64(self._K),
            np.int64(self._group),
            self._cparams[0],
            stats[0],
            stats[1],
            self._c(y),
            mask,
            self._double(weight),
            partial,
        ))
        return partial

    def _grad(self, y, weighting):
        scale, mask = self._kernel_weighting(weighting)
        stats = self._row_stats_cached_c()
        grad0 = self._empty(self._params[0].shape)
        self._launch_coupled("grad", "elements", self._rows, (
            np.int64(self._rows),
            np.int64(self._K),
            self._cparams[0],
            stats[0],
            stats[1],
            self._c(y),
            mask,
            self._real(scale),
            grad0,
        ))
        return self._after_kernel((grad0, ), weighting)

    def _mean_unweighted(self):
        stats = self._row_stats_cached_c()
        mean0 = self._empty(self._params[0].shape)
        self._launch_coupled("mean", "elements", self._rows, (
            np.int64(self._rows),
            np.int64(self._K),
            self._cparams[0],
            stats[0],
            stats[1],
            mean0,
        ))
        return (mean0, )

    def _fisher_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        stats = self._row_stats_cached_c()
        out0 = self._empty(self._params[0].shape)
        self._launch_coupled("fisher_product", "rows", self._rows, (
            np.int64(self._rows),
            np.int64(self._K),
            np.int64(self._group),
            self._cparams[0],
            stats[0],
            stats[1],
            self._c(v[0]),
            mask,
            self._real(scale),
            out0,
        ))
        return self._after_kernel((out0, ), weighting)

    def _factor_product(self, u, weighting):
        scale, mask = self._kernel_weighting(weighting)
        stats = self._row_stats_cached_c()
        out0 = self._empty(self._params[0].shape)
        self._launch_coupled("factor_product", "rows", self._rows, (
            np.int64(self._rows),
            np.int64(self._K),
            np.int64(self._group),
            self._cparams[0],
            stats[0],
            stats[1],
            self._c(u),
            mask,
            self._real(scale),
            out0,
        ))
        return self._after_kernel((out0, ), weighting)

    def _factor_transpose_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        stats = self._row_stats_cached_c()
        out0 = self._empty(self._params[0].shape)
        self._launch_coupled("factor_transpose_product", "rows", self._rows, (
            np.int64(self._rows),
            np.int64(self._K),
            np.int64(self._group),
            self._cparams[0],
            stats[0],
            stats[1],
            self._c(v[0]),
            mask,
            self._real(scale),
            out0,
        ))
        return self._after_kernel(out0, weighting)

    def _factor_column(self, rows, column):
        x = self._c(self._cparams[0][rows])
        nrows = x.size // self._K
        stats = tuple(self._c(s[rows]) for s in self._row_stats_cached())
        out0 = self._empty(x.shape)
        self._launch_coupled("factor_column", "elements", nrows, (
            np.int64(nrows),
            np.int64(self._K),
            np.int64(column),
            x,
            stats[0],
            stats[1],
            out0,
        ))
        return (out0, )

    def _fisher_pieces(self):
        stats = self._row_stats_cached_c()
        fisher_diag = self._empty(self._params[0].shape)
        fisher_u = self._empty(self._params[0].shape)
        fisher_c = self._empty(self._params[0].shape)
        fisher_kk = self._empty(self._params[0].shape)
        self._launch_coupled("fisher_pieces", "elements", self._rows, (
            np.int64(self._rows),
            np.int64(self._K),
            self._cparams[0],
            stats[0],
            stats[1],
            fisher_diag,
            fisher_u,
            fisher_c,
            fisher_kk,
        ))
        return (fisher_diag, fisher_u, fisher_c, fisher_kk, )

    def _sample_unweighted(self, rng, shape):
        (P_logits,) = self._params
        sample = _cc.draw_categorical(rng, shape, P_logits)
        return sample
