# generated from codegen/families/dirichlet.py by codegen/backends/cuda/templates/cupy/coupled.py.jinja, do not edit; run `natloss build`.
"""DirichletNegativeLogProbLoss: the dirichlet family, CuPy backend (the kernels of generated/cuda/dirichlet.cu)."""
import math  # noqa: F401 - the domains below use math.inf

import numpy as np

from natloss.runtime import cupy_coupled as _cc  # noqa: F401 - the sampler's draws
from natloss.runtime.cupy_coupled import CuPyCoupledLoss


class DirichletNegativeLogProbLoss(CuPyCoupledLoss):
    """Points of the simplex over the last axis, Dirichlet(alpha); F = diag(trigamma(alpha)) - trigamma(sum alpha) 1 1^T.

    Structure: diag_rank_one; the factor B is proved (symbolic: 2a + a^2|w|^2 = c (so B B^T = D + c u u^T for every K); numeric: D + c u u^T and B B^T equal the Hessian of A, F_kk and B_kk at the row max, for K = 2, 3, 4 at 50 digits).

    A(eta) = -loggamma(Sum(concentration[k], (k, 0, K - 1))) + Sum(loggamma(concentration[k]), (k, 0, K - 1))
    T(y) = log(y[k])
    log h(y) = -Sum(log(y[k]), (k, 0, K - 1))
    F = D + c u u^T over the last axis; B = D^(1/2) (I + a w w^T), w = D^(-1/2) u:
        D_k = polygamma(1, x)
        u_k = 1
        c = -polygamma(1, row_sum)
        a = -polygamma(1, row_sum)/(row_root + 1)

    CuPy backend: CuPy arrays in and out; the ops launch the CUDA kernels of the
    generated .cu file (compiled with NVRTC on first use): one warp per row for the row
    statistics (cached), the per-row nll, evaluate and the products, one thread per
    element for grad, mean and the factor's columns. Sampling uses
    cupy.random.Generator (seed: an int or a cupy.random.Generator).
    """

    family = 'dirichlet'
    structure = 'diag_rank_one'
    param_names = ('concentration',)
    param_domains = ((0.0, True, math.inf, True), )
    hyper_specs = ()
    target_support = 'simplex'
    target_bound = None
    _factor_columns = ()
    _cuda_file = 'dirichlet.cu'
    _cuda_package = __package__.rpartition(".")[0] + ".cuda"
    _kernel_prefix = 'dirichlet'
    _kernel_names = ('dirichlet_row_stats_f32', 'dirichlet_nll_f32', 'dirichlet_nll_reduce_f32', 'dirichlet_grad_f32', 'dirichlet_mean_f32', 'dirichlet_fisher_product_f32', 'dirichlet_factor_product_f32', 'dirichlet_factor_transpose_product_f32', 'dirichlet_factor_column_f32', 'dirichlet_fisher_pieces_f32', 'dirichlet_row_stats_rowblock_f32', 'dirichlet_nll_rowblock_f32', 'dirichlet_nll_reduce_rowblock_f32', 'dirichlet_fisher_product_rowblock_f32', 'dirichlet_factor_product_rowblock_f32', 'dirichlet_factor_transpose_product_rowblock_f32', 'dirichlet_row_stats_f64', 'dirichlet_nll_f64', 'dirichlet_nll_reduce_f64', 'dirichlet_grad_f64', 'dirichlet_mean_f64', 'dirichlet_fisher_product_f64', 'dirichlet_factor_product_f64', 'dirichlet_factor_transpose_product_f64', 'dirichlet_factor_column_f64', 'dirichlet_fisher_pieces_f64', 'dirichlet_row_stats_rowblock_f64', 'dirichlet_nll_rowblock_f64', 'dirichlet_nll_reduce_rowblock_f64', 'dirichlet_fisher_product_rowblock_f64', 'dirichlet_factor_product_rowblock_f64', 'dirichlet_factor_transpose_product_rowblock_f64')

    # Bound here, where no constructor argument can shadow the base class's name.
    _base_init = CuPyCoupledLoss.__init__

    def __init__(self, concentration, targets=None, mask=None, weight=1.0, seed=None):
        self._base_init((concentration, ), targets=targets, mask=mask, weight=weight, seed=seed, hypers={})

    # The private contract of runtime/base.py (the public API is the base's): kernel launches.

    def _row_stats(self):
        row_max = self._empty(self._batch_shape + (1,))
        row_rest = self._empty(self._batch_shape + (1,))
        row_w2_rest = self._empty(self._batch_shape + (1,))
        row_s_gap = self._empty(self._batch_shape + (1,))
        row_sum = self._empty(self._batch_shape + (1,))
        row_root = self._empty(self._batch_shape + (1,))
        row_a = self._empty(self._batch_shape + (1,))
        self._launch_coupled("row_stats", "rows", self._rows, (
            np.int64(self._rows),
            np.int64(self._K),
            np.int64(self._group),
            self._cparams[0],
            row_max,
            row_rest,
            row_w2_rest,
            row_s_gap,
            row_sum,
            row_root,
            row_a,
        ))
        return (row_max, row_rest, row_w2_rest, row_s_gap, row_sum, row_root, row_a, )

    def _nll_per_case(self, y):
        stats = self._row_stats_cached_c()
        nll = self._empty(self._batch_shape + (1,))
        self._launch_coupled("nll", "rows", self._rows, (
            np.int64(self._rows),
            np.int64(self._K),
            np.int64(self._group),
            self._cparams[0],
            stats[4],
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
            stats[4],
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
            stats[4],
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
            stats[4],
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
            stats[4],
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
            stats[4],
            stats[5],
            stats[6],
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
            stats[4],
            stats[5],
            stats[6],
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
            stats[4],
            stats[5],
            stats[6],
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
            stats[4],
            fisher_diag,
            fisher_u,
            fisher_c,
            fisher_kk,
        ))
        return (fisher_diag, fisher_u, fisher_c, fisher_kk, )

    def _sample_unweighted(self, rng, shape):
        (P_concentration,) = self._params
        sample = _cc.draw_dirichlet(rng, shape, P_concentration)
        return sample
