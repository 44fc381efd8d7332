# generated from codegen/families/multinomial.py by codegen/backends/cpu/templates/coupled.py.jinja, do not edit; run `natloss build`.
"""MultinomialLogitsNegativeLogProbLoss: the multinomial family, CPU backend (the fused kernels of generated/cpu/multinomial.cpp)."""
import numpy as np  # noqa: F401 - kernel arguments

from natloss.runtime.cpu_base import CpuCoupledLoss

from ..numpy.multinomial import MultinomialLogitsNegativeLogProbLoss as _NumPyLoss


class MultinomialLogitsNegativeLogProbLoss(CpuCoupledLoss, _NumPyLoss):
    """Counts over the last axis that sum to `trials`.

    Structure: diag_rank_one; the factor B is proved (symbolic: 2a + a^2|w|^2 = c (so B B^T = D + c u u^T for every K); numeric: D + c u u^T and B B^T equal the Hessian of A, F_kk and B_kk at the row max, for K = 2, 3, 4 at 50 digits).

    A(eta) = trials*log(Sum(exp(logits[k]), (k, 0, K - 1)))
    T(y) = y[k]
    log h(y) = log(gamma(trials + 1)) - Sum(loggamma(y[k] + 1), (k, 0, K - 1))
    F = D + c u u^T over the last axis; B = D^(1/2) (I + a w w^T), w = D^(-1/2) u:
        D_k = trials*exp(-row_log1p + shifted)
        u_k = exp(-row_log1p + shifted)
        c = -trials
        a = -trials

    CPU backend: NumPy arrays in and out; the row statistics (cached), the per-row nll,
    evaluate and the products run one fused C++ pass per row, grad, mean and the factor's
    columns one loop per row (generated/cpu/multinomial.cpp, compiled on first use or at
    install), rows OpenMP-parallel. The constructor, its checks and sampling are the NumPy class's.
    """

    _cpu_file = 'multinomial.cpp'
    _cpu_package = __package__
    _kernel_prefix = 'multinomial'
    _kernel_types = {'row_stats': 'nnppfppp', 'nll': 'nnppfpppp', 'nll_reduce': 'nnppfpppppdp', 'grad': 'nnppfpppppfp', 'mean': 'nnppfppp', 'fisher_product': 'nnppfpppppfp', 'factor_product': 'nnppfpppppfp', 'factor_transpose_product': 'nnppfpppppfp', 'factor_column': 'nnnppfppp', 'fisher_pieces': 'nnppfpppppp'}
    _base_init = CpuCoupledLoss._cpu_init

    # The private contract of runtime/base.py (the public API is the base's): kernel launches.

    def _row_stats(self):
        row_max = self._empty(self._batch_shape + (1,))
        row_log1p = self._empty(self._batch_shape + (1,))
        row_a = self._empty(self._batch_shape + (1,))
        self._launch_rows("row_stats", self._rows, (
            self._rows,
            self._K,
            self._cparams[0],
            *self._hyper_args("trials"),
            row_max,
            row_log1p,
            row_a,
        ))
        return (row_max, row_log1p, row_a, )

    def _nll_per_case(self, y):
        stats = self._row_stats_cached_c()
        nll = self._empty(self._batch_shape + (1,))
        self._launch_rows("nll", self._rows, (
            self._rows,
            self._K,
            self._cparams[0],
            *self._hyper_args("trials"),
            stats[0],
            stats[1],
            self._c(y),
            nll,
        ))
        return nll[..., 0]

    def _nll_sum(self, y, weight, mask):
        stats = self._row_stats_cached_c()
        total = self._total_buffer()
        self._launch_rows("nll_reduce", self._rows, (
            self._rows,
            self._K,
            self._cparams[0],
            *self._hyper_args("trials"),
            stats[0],
            stats[1],
            self._c(y),
            mask,
            *self._weight_args(weight),
            total,
        ))
        return total

    def _grad(self, y, weighting):
        scale, mask = self._kernel_weighting(weighting)
        stats = self._row_stats_cached_c()
        grad0 = self._empty(self._params[0].shape)
        self._launch_rows("grad", self._rows, (
            self._rows,
            self._K,
            self._cparams[0],
            *self._hyper_args("trials"),
            stats[0],
            stats[1],
            self._c(y),
            mask,
            *self._scale_args(scale),
            grad0,
        ))
        return (grad0, )

    def _mean_unweighted(self):
        stats = self._row_stats_cached_c()
        mean0 = self._empty(self._params[0].shape)
        self._launch_rows("mean", self._rows, (
            self._rows,
            self._K,
            self._cparams[0],
            *self._hyper_args("trials"),
            stats[0],
            stats[1],
            mean0,
        ))
        return (mean0, )

    def _fisher_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        stats = self._row_stats_cached_c()
        out0 = self._empty(self._params[0].shape)
        self._launch_rows("fisher_product", self._rows, (
            self._rows,
            self._K,
            self._cparams[0],
            *self._hyper_args("trials"),
            stats[0],
            stats[1],
            self._c(v[0]),
            mask,
            *self._scale_args(scale),
            out0,
        ))
        return (out0, )

    def _factor_product(self, u, weighting):
        scale, mask = self._kernel_weighting(weighting)
        stats = self._row_stats_cached_c()
        out0 = self._empty(self._params[0].shape)
        self._launch_rows("factor_product", self._rows, (
            self._rows,
            self._K,
            self._cparams[0],
            *self._hyper_args("trials"),
            stats[0],
            stats[1],
            self._c(u),
            mask,
            *self._scale_args(scale),
            out0,
        ))
        return (out0, )

    def _factor_transpose_product(self, v, weighting):
        scale, mask = self._kernel_weighting(weighting)
        stats = self._row_stats_cached_c()
        out0 = self._empty(self._params[0].shape)
        self._launch_rows("factor_transpose_product", self._rows, (
            self._rows,
            self._K,
            self._cparams[0],
            *self._hyper_args("trials"),
            stats[0],
            stats[1],
            self._c(v[0]),
            mask,
            *self._scale_args(scale),
            out0,
        ))
        return out0

    def _factor_column(self, rows, column):
        x = self._c(self._params[0][rows])
        nrows = x.size // self._K
        stats = tuple(self._c(s[rows]) for s in self._row_stats_cached())
        out0 = self._empty(x.shape)
        self._launch_rows("factor_column", nrows, (
            nrows,
            self._K,
            column,
            x,
            *self._hyper_args_rows("trials", rows),
            stats[0],
            stats[1],
            out0,
        ))
        return (out0, )
