"""The CPU backend's base classes: the NumPy API, with each op one call of a fused C++ kernel.

A generated CPU class (natloss.generated.cpu.<family>, codegen/backends/cpu) subclasses the
family's NumPy class, so the constructor, every input check and sampling are NumPy's, and
implements the private contract of runtime/base.py (``_grad``, ``_fisher_product``, ... with
one `Weighting` argument) with calls of the kernels in generated/cpu/<family>.cpp (compiled
and loaded by natloss.runtime.cpu_build); no public method is overridden. As in the CuPy backend, the weight and the
mask are folded into the kernels: ``evaluate``, ``grad_of_evaluate`` and the products each make
one pass that reads the inputs once and writes the result once; per-case weights (an array of
the batch shape) too, read by the kernels beside the mask.

Arrays go to the kernels without copies when they are C-contiguous, aligned and native-endian
in the loss's dtype (the checks guarantee the dtype and byte order); anything else is copied
once (the parameters and the mask when the loss is built, a vector per call). Outputs are
fresh arrays the caller owns.
"""
from __future__ import annotations

import ctypes
import math

import numpy as np

from natloss.runtime.components import ComponentsMixin
from natloss.runtime.coupled import CoupledMixin
from natloss.runtime.cpu_build import BUILTIN_CPU_PACKAGE, load
from natloss.runtime.numpy_base import NumPyNaturalParamsLoss
from natloss.runtime.parametrized import ParametrizedMixin

_CTYPES = {
    "n": ctypes.c_longlong,
    "p": ctypes.c_void_p,
    "d": ctypes.c_double,
}

_FUNCTIONS: dict = {}  # (package, cpp file, kernel name) -> ctypes function with argtypes set


def kernel_function(package: str, cpp_file: str, name: str, types: str, real):
    key = (package, cpp_file, name)
    fn = _FUNCTIONS.get(key)
    if fn is None:
        fn = getattr(load(cpp_file, package), name)
        fn.argtypes = [real if code == "f" else _CTYPES[code] for code in types]
        fn.restype = None
        _FUNCTIONS[key] = fn
    return fn


class CpuNaturalParamsLoss(NumPyNaturalParamsLoss):
    """Base of the CPU classes (scalar and dense families); mixed in before the NumPy class."""

    # Set by each generated class.
    _cpu_file = ""
    _cpu_package = BUILTIN_CPU_PACKAGE
    _kernel_prefix = ""
    _kernel_types: dict = {}
    # The whole factor is one cheap kernel call: the replicated one-hot slices the cache.
    _factor_slices = False

    def _cpu_init(self, params, targets=None, mask=None, weight=1.0, seed=None, hypers=None):
        """The constructor's body (the generated NumPy __init__ calls it as `_base_init`)."""
        load(self._cpu_file, self._cpu_package)  # before any check: no compiler, no CPU loss
        NumPyNaturalParamsLoss.__init__(self, params, targets=targets, mask=mask, weight=weight, seed=seed, hypers=hypers)
        self._cparams = tuple(self._protected(self._c(p)) for p in self._params)
        self._cmask = None if self._mask is None else self._protected(self._c(self._mask))
        self._n = int(self._params[0].size)
        self._hyper_cache = {}

    # ------------------------------------------------------------------- arguments
    @staticmethod
    def _c(x):
        """x as a C-contiguous, aligned array (itself when it is one, else a copy)."""
        if x.flags.c_contiguous and x.flags.aligned:
            return x
        return np.array(x, order="C", copy=True)

    def _hyper_args(self, name):
        """(array or None, scalar): the kernel reads the array when it is not null."""
        value = self._hypers[name]
        if isinstance(value, np.ndarray):
            cached = self._hyper_cache.get(name)
            if cached is None:
                cached = self._hyper_cache[name] = self._c(value.astype(self._dtype, copy=False))
            return cached, 0.0
        return None, float(value)

    def _scale_args(self, scale):
        """(per-case array or None, scalar) for the weighted kernels."""
        if isinstance(scale, np.ndarray):
            return self._c(scale.astype(self._dtype, copy=False)), 1.0
        return None, float(scale)

    def _weight_args(self, weight):
        if isinstance(weight, np.ndarray):
            return self._c(weight.astype(self._dtype, copy=False)), 1.0
        return None, float(weight)

    def _empty(self, shape=None):
        return np.empty(self._batch_shape if shape is None else shape, dtype=self._dtype)

    def _total_buffer(self):
        return np.zeros(1, dtype=np.float64)

    def _kernel(self, op: str):
        suffix = "f32" if self._dtype == np.float32 else "f64"
        real = ctypes.c_float if suffix == "f32" else ctypes.c_double
        return kernel_function(self._cpu_package, self._cpu_file, f"{self._kernel_prefix}_{op}_{suffix}",
                               self._kernel_types[op], real)

    def _launch(self, op: str, args: tuple) -> None:
        if self._n == 0:
            return
        self._kernel(op)(*[a.ctypes.data if isinstance(a, np.ndarray) else a for a in args])

    def _finalize_entries(self, entries, shape=None):
        return tuple(self._protected(e) for e in entries)

    # ------------------------------------------ the contract's weighting, in the kernels
    # The weight, scalar or per case, is folded into the kernels: a scalar as their `scale` /
    # `weight` argument, per-case weights as `scale_array` / `weight_array` (one value per
    # element the kernel loops over: _kernel_weight). Masked-out cases are a select, a weight a
    # product (0 * inf is NaN, as in the NumPy backend).
    _kernel_weight_cache = None

    def _kernel_weighting(self, weighting):
        """(scale, mask) kernel arguments of a `Weighting`: a float, or the per-case weights laid out
        like the kernel's cases (computed once), and the mask as the kernels read it."""
        if weighting.per_case is None:
            scale = weighting.scale
        else:
            if self._kernel_weight_cache is None:
                self._kernel_weight_cache = {}
            scale = self._kernel_weight_cache.get(weighting.sqrt)
            if scale is None:
                w = np.asarray(weighting.per_case, dtype=self._dtype)
                scale = self._protected(self._c(self._weight_layout(w)))
                self._kernel_weight_cache[weighting.sqrt] = scale
        return scale, (None if weighting.mask is None else self._cmask)

    def _weight_layout(self, w):
        """Per-case weights (the batch shape) laid out like the kernels' cases (the same here)."""
        return w

    def _total(self, total):
        return self._dtype.type(total[0])

    def _nll_total(self, y, weighting):
        return self._total(self._nll_sum(y, *self._kernel_weighting(weighting)))


class CpuComponentsLoss(ComponentsMixin, CpuNaturalParamsLoss):
    """CPU base of the componentwise families: the per-component kernels of a scalar or dense
    family, with the mask spread over each row once (the kernels read it per component)."""

    def _cpu_init(self, params, targets=None, mask=None, weight=1.0, seed=None, hypers=None):
        CpuNaturalParamsLoss._cpu_init(self, params, targets=targets, mask=mask, weight=weight, seed=seed, hypers=hypers)
        if self._mask is not None:
            self._cmask = self._protected(np.ascontiguousarray(np.broadcast_to(self._mask[..., None], self._component_shape())))

    def _empty(self, shape=None):
        return np.empty(self._component_shape() if shape is None else shape, dtype=self._dtype)

    def _weight_layout(self, w):
        # The kernels loop over components: each gets its case's weight (evaluate sums them per case).
        return np.broadcast_to(w[..., None], self._component_shape())


class CpuCoupledLoss(CoupledMixin, CpuNaturalParamsLoss):
    """CPU base of the diagonal-plus-rank-one families: rows of K coupled entries, one thread
    per row. The row statistics are one kernel call, cached per instance (CoupledMixin)."""

    def _cpu_init(self, params, targets=None, mask=None, weight=1.0, seed=None, hypers=None):
        CpuNaturalParamsLoss._cpu_init(self, params, targets=targets, mask=mask, weight=weight, seed=seed, hypers=hypers)
        self._K = int(self._params[0].shape[-1])
        self._rows = int(math.prod(self._batch_shape))

    def _launch_rows(self, op: str, rows: int, args: tuple) -> None:
        if rows == 0 or self._K == 0:
            return
        self._kernel(op)(*[a.ctypes.data if isinstance(a, np.ndarray) else a for a in args])

    def _row_stats_cached_c(self):
        """The cached row statistics as C-contiguous arrays (kernel arguments)."""
        return tuple(self._c(s) for s in self._row_stats_cached())

    def _hyper_args(self, name):
        # Per-row hyper-parameter arrays carry the coupled axis (CoupledMixin): one value per row.
        value = self._hypers[name]
        if isinstance(value, np.ndarray):
            cached = self._hyper_cache.get(name)
            if cached is None:
                rows = np.broadcast_to(value, self._batch_shape + (1,))
                cached = self._hyper_cache[name] = self._c(rows.astype(self._dtype, copy=False))
            return cached, 0.0
        return None, float(value)

    def _hyper_args_rows(self, name, rows):
        """_hyper_args for the rows selected by `rows` (the replicated one-hot's slots)."""
        value = self._hypers[name]
        if isinstance(value, np.ndarray):
            selected = np.broadcast_to(value, self._batch_shape + (1,))[rows]
            return self._c(selected.astype(self._dtype, copy=False)), 0.0
        return None, float(value)


class CpuParametrizedLoss(ParametrizedMixin, CpuNaturalParamsLoss):
    """CPU base of the losses in user parameters (codegen/parametrize.py), mixed in before the
    parametrization's NumPy class: the natural kernels' ops in theta, and the true Hessian's two
    kernels (``_compute_hessian(y)``: its entries per case; ``_hessian_product(v, entries)``:
    unweighted, ParametrizedMixin weighs it)."""

    def _hessian_formulas(self, y):
        # The kernels evaluate float32 cases in double already: not the NumPy class's float64 copy
        # (whose parameters the compiled kernels, bound to this instance's buffers, would not read).
        return self._compute_hessian(y)
