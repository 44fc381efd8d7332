"""The CuPy base of the coupled (diag_rank_one) families, and their CuPy draws.

The generated classes (natloss.generated.cupy.<family>, codegen/backends/cuda/templates/cupy/coupled.py.jinja)
launch the kernels of generated/cuda/<family>.cu (codegen/backends/cuda/coupled.py):

* row kernels, a group of lane_group(K) lanes per row (a warp from K = 32 on, several rows
  per warp below), or one block per row for long rows (``row_layout``): the row
  statistics, the per-row nll, the evaluate reduction and the three products;
* element kernels, one thread per element: grad, mean and the factor's columns.

The row statistics are computed by one launch and cached per instance (CoupledMixin), so
each product afterwards is one launch that reads the logits and the vector and writes the
result once. The mask (batch shape) scales whole rows inside the kernels. Class-index
targets are int64 indices (runtime/coupled.py); the kernels read one per row.

Draws (called by the generated ``_sample_unweighted`` as ``_cc.draw_<name>``):
categorical by the Gumbel-max trick, multinomial by conditional binomials over the classes,
dirichlet by normalized standard gamma draws.
"""
from __future__ import annotations

import math

import numpy as np

from natloss.runtime.coupled import CoupledMixin
from natloss.runtime.cupy_base import BLOCK, MAX_GRID, CuPyNaturalParamsLoss, check_trials, get_kernel, import_cupy

WARP = 32  # NATLOSS_WARP of the generated kernels
ROWS_PER_BLOCK = BLOCK // WARP
# From this K on, the row kernels run one block per row (not one warp): a warp per row would
# loop K / 32 times per pass, and few long rows would leave most of the GPU idle.
# Not tuned on a GPU yet: benchmarks/gpu_bench.py --row-layout warp|block measures both.
ROW_BLOCK_MIN_K = 4096
ROW_LAYOUTS = ("auto", "warp", "block")


def lane_group(K: int) -> int:
    """Lanes per row in the warp layout: the power of 2 at or above K, at most a warp (K = 10
    gets 16 lanes and two rows per warp, instead of 22 idle lanes)."""
    group = 1
    while group < min(K, WARP):
        group *= 2
    return group


def row_grid(rows: int, layout: str = "warp", group: int = WARP) -> int:
    if layout == "block":
        return max(1, min(rows, MAX_GRID))
    return max(1, min(-(-rows // (ROWS_PER_BLOCK * (WARP // group))), MAX_GRID))


def element_grid(n: int) -> int:
    return max(1, min(-(-n // BLOCK), MAX_GRID))


class CuPyCoupledLoss(CoupledMixin, CuPyNaturalParamsLoss):
    """CuPy base of the diagonal-plus-rank-one families: rows of K coupled entries.

    ``row_layout`` (class or instance attribute): "warp" runs the row kernels with one warp
    per row, "block" with one block per row, "auto" (the default) picks "block" from
    K >= ROW_BLOCK_MIN_K on.
    """

    row_layout = "auto"

    def __init__(self, params, targets=None, mask=None, weight=1.0, seed=None, hypers=None):
        super().__init__(params, targets=targets, mask=mask, weight=weight, seed=seed, hypers=hypers)
        self._K = int(self._params[0].shape[-1])
        self._group = lane_group(self._K)
        self._rows = int(math.prod(self._batch_shape))
        self._n = self._rows * self._K

    def _row_layout(self) -> str:
        layout = self.row_layout
        if layout not in ROW_LAYOUTS:
            raise ValueError(f"row_layout: expected one of {ROW_LAYOUTS}, got {layout!r}")
        if layout == "auto":
            return "block" if self._K >= ROW_BLOCK_MIN_K else "warp"
        return layout

    def _layout_of(self, op: str) -> str:
        """The row layout of op's kernel: a row kernel that reads one element per row (a
        gathered nll) has no block-per-row variant."""
        layout = self._row_layout()
        if layout == "block" and self._kernel_name(op + "_rowblock") not in self._kernel_names:
            return "warp"
        return layout

    def _launch_coupled(self, op: str, kind: str, rows: int, args: tuple) -> None:
        if rows == 0 or self._K == 0:
            return
        if kind == "rows":
            layout = self._layout_of(op)
            kernel = get_kernel(self._cuda_file, self._kernel_name(op + ("_rowblock" if layout == "block" else "")),
                                self._cuda_package)
            grid = row_grid(rows, layout, self._group)
        else:
            kernel = get_kernel(self._cuda_file, self._kernel_name(op), self._cuda_package)
            grid = element_grid(rows * self._K)
        kernel((grid,), (BLOCK,), args)

    def _partials(self):
        # One partial sum per block of the nll_reduce launch.
        return self.xp.zeros(row_grid(self._rows, self._layout_of("nll_reduce"), self._group), dtype=self.xp.float64)

    def _row_stats_cached_c(self):
        """The cached row statistics as C-contiguous arrays (kernel arguments)."""
        return tuple(self._c(s) for s in self._row_stats_cached())

    def _hyper_args_rows(self, name, rows):
        """_hyper_args for the rows selected by `rows` (the replicated one-hot's slots)."""
        value = self._hypers[name]
        if self._is_array(value):
            return self._c(value[rows].astype(self._dtype, copy=False)), self._real(0)
        return None, self._real(value)


# ---------------------------------------------------------------------------------- draws
def draw_categorical(rng, shape, logits):
    """A class index per row: argmax over the last axis of logits + Gumbel noise."""
    cp = import_cupy()
    u = rng.random(size=tuple(logits.shape), dtype=cp.float64)
    u = cp.maximum(u, np.finfo(np.float64).tiny)
    return cp.argmax(logits.astype(cp.float64) - cp.log(-cp.log(u)), axis=-1)


def draw_multinomial(rng, shape, n, logits):
    """Counts over the last axis summing to n: class k gets Binomial(remaining, p_k / sum_{j>=k} p_j).

    The tail sums are summed from the end (not 1 - prefix), so a tiny tail keeps its
    accuracy; the last class takes what remains. K sequential binomial draws, each over all rows.
    """
    cp = import_cupy()
    check_trials(n)
    logits = logits.astype(cp.float64)
    p = cp.exp(logits - logits.max(axis=-1, keepdims=True))
    p /= p.sum(axis=-1, keepdims=True)
    tail = cp.flip(cp.cumsum(cp.flip(p, axis=-1), axis=-1), axis=-1)
    K = p.shape[-1]
    if isinstance(n, cp.ndarray):
        remaining = cp.broadcast_to(n[..., 0], p.shape[:-1]).astype(cp.int64)  # per-row trials carry the coupled axis
    else:
        remaining = cp.full(p.shape[:-1], int(n), dtype=cp.int64)
    out = cp.zeros(p.shape, dtype=cp.int64)
    for k in range(K - 1):
        q = cp.where(tail[..., k] > 0, p[..., k] / cp.where(tail[..., k] > 0, tail[..., k], 1.0), 0.0)
        q = cp.clip(q, 0.0, 1.0)
        draw = rng.binomial(remaining, q, size=remaining.shape).astype(cp.int64)
        draw = cp.minimum(draw, remaining)
        out[..., k] = draw
        remaining = remaining - draw
    out[..., K - 1] = remaining
    return out


def draw_dirichlet(rng, shape, alpha):
    """Normalized gamma draws; when a row has a concentration below 1 (its gamma draws can
    underflow to 0/0), every row in log space, which is exact at any concentration:
    log G(a) = log G(a + 1) - E / a (E ~ Exp(1)), the row a softmax of those."""
    cp = import_cupy()
    alpha = cp.ascontiguousarray(alpha, dtype=cp.float64)
    small_rows = (alpha < 1).any(axis=-1, keepdims=True)
    if not bool(small_rows.any()):
        g = rng.standard_gamma(alpha, size=tuple(alpha.shape))
        return g / g.sum(axis=-1, keepdims=True)
    e = rng.standard_exponential(size=tuple(alpha.shape), dtype=cp.float64)
    log_g = cp.log(rng.standard_gamma(alpha + 1, size=tuple(alpha.shape))) - e / alpha
    top = log_g.max(axis=-1, keepdims=True)
    # Every E / a overflows only at subnormal concentrations: the entry with the smallest
    # log E - log a takes all the mass.
    lost = ~cp.isfinite(top)
    if bool(lost.any()):
        winner = cp.argmin(cp.log(e) - cp.log(alpha), axis=-1)[..., None]
        one_hot = cp.arange(alpha.shape[-1]) == winner
        log_g = cp.where(lost, cp.where(one_hot, 0.0, -cp.inf), log_g)
        top = log_g.max(axis=-1, keepdims=True)
    w = cp.exp(log_g - top)
    return w / w.sum(axis=-1, keepdims=True)
