"""The CUDA backend for componentwise families (codegen/components.py), without a GPU.

Their kernels are those of the per-component (scalar or dense) family, one thread per
component; the CuPy class (runtime/cupy_base.CuPyComponentsLoss) makes cases of rows of
them. Here, for rows of K components:

* NVRTC: each .cu (both dtypes) compiles for sm_80 and sm_90 with no error or warning,
  also as CuPy loads it (headers inlined); skipped, with the reason, without NVRTC;
* host check (g++, the shim of test_cuda_codegen.py): every kernel, with the row mask spread
  over the components and per-case hyper arrays over their rows, against the NumPy classes
  (float32, float64), and in float64 against independent references: SciPy's multivariate
  normal log density of each row (the row sum of the per-component nll kernel), central
  differences of the nll kernel (gradient) and of the mean kernel (Fisher), T(y) from the
  declaration, B B^T = F and explicit products.

The CuPy glue runs in tests/test_cupy_gpu.py (on the host through the fake cupy of
test_cuda_codegen.py, or on a GPU).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import references as ref  # noqa: E402
import test_cuda_codegen as tcc  # noqa: E402
from natloss.codegen.components import is_componentwise  # noqa: E402
from natloss.codegen.nvrtc import compile_cuda, nvrtc_available  # noqa: E402

pytestmark = pytest.mark.families.with_args(is_componentwise)

ROWS = (16,)
K = ref.K


@pytest.mark.parametrize("arch", ["sm_80", "sm_90"])
def test_nvrtc_compiles(family, arch):
    ok, reason = nvrtc_available()
    if not ok:
        pytest.skip(f"NVRTC unavailable: {reason}")
    result = compile_cuda(tcc.cu_text(family), name=f"{family.name}.cu", arch=arch,
                          headers={tcc.HEADER_NAME: tcc.math_header()})
    assert "warning" not in result.log.lower(), result.log
    assert result.ptx_or_cubin[:4] == b"\x7fELF"


def test_nvrtc_compiles_the_source_cupy_loads(family):
    ok, reason = nvrtc_available()
    if not ok:
        pytest.skip(f"NVRTC unavailable: {reason}")
    from natloss.runtime.cupy_base import cuda_source

    code = cuda_source(f"{family.name}.cu")
    assert "#include" not in code
    compile_cuda(code, name=f"{family.name}.cu", arch="sm_90")


def _per_component(x):
    """A per-row array (of the batch shape) spread over the row's K components, flat."""
    return np.ascontiguousarray(np.broadcast_to(np.asarray(x)[..., None], ROWS + (K,))).ravel()


def _setup(family, hypers, dtype, seed, sample_hypers=None):
    cls = ref.loss_class(family)
    rng = np.random.default_rng(seed)
    params = ref.draw_params(family, ROWS, rng, dtype)
    y = ref.make_loss(cls, params, sample_hypers if sample_hypers is not None else hypers).sample(seed + 1)
    mask = (rng.random(ROWS) < 0.7).astype(dtype)
    weight = 0.7
    loss = ref.make_loss(cls, params, hypers, targets=y, mask=mask, weight=weight)
    return params, y, mask, weight, loss


def _host_inputs(spec, params, hypers, y, dtype):
    """The kernels' arguments by their local names (spec.params, spec.hypers), flat over the components."""
    values = [hypers[h.name] for h in spec.family.hypers]
    host_hypers = {name: (_per_component(v).astype(dtype) if isinstance(v, np.ndarray) else v)
                   for (name, _, _), v in zip(spec.hypers, values)}
    return dict(zip(spec.params, [p.ravel() for p in params])) | host_hypers | {spec.target: y.astype(dtype).ravel()}


def test_host_kernels_match_numpy(family, hypers, dtype):
    spec = tcc.supported_spec(family)
    k = tcc.HostKernels(family, dtype)
    d, n = spec.dim, int(np.prod(ROWS)) * K
    variants = [("scalar", dict(hypers))]
    if family.hypers:  # per-case arrays, never below the scalar values the targets are drawn with
        step = np.arange(ROWS[0]) % 3
        variants.append(("array", {h.name: (hypers[h.name] * (1.0 + 0.1 * step)).astype(dtype) for h in family.hypers}))
    for label, hyp in variants:
        params, y, mask, weight, loss = _setup(family, hyp, dtype, seed=3, sample_hypers=hypers)
        inputs = _host_inputs(spec, params, hyp, y, dtype)
        mask_c = _per_component(mask)
        what = f"{family.name}[{label} hypers]"
        nll = k("nll", inputs, n)["nll"]
        tcc.assert_close(nll.reshape(ROWS + (K,)).sum(axis=-1), loss.nll(), dtype, f"{what} nll (row sums)")
        total = k("nll_reduce", inputs, n, mask=mask_c, weight=weight)["partial"].sum()
        tcc.assert_close(total, loss.evaluate(), dtype, f"{what} evaluate")
        grads = k("grad", inputs, n, mask=mask_c, scale=weight)
        tcc.assert_close(np.stack([grads[f"grad{i}"] for i in range(d)]),
                         np.stack([g.ravel() for g in ref.parts(loss.grad_of_evaluate(), d)]), dtype, f"{what} grad")
        means = k("mean", inputs, n)
        tcc.assert_close(np.stack([means[f"mean{i}"] for i in range(d)]),
                         np.stack([m.ravel() for m in ref.parts(loss.mean_sufficient_statistic(), d)]), dtype,
                         f"{what} mean")
        fisher = k("fisher", inputs, n)
        for name, want in zip(spec.fisher_entries, loss._fisher_entries()):
            tcc.assert_close(fisher[name], want, dtype, f"{what} {name}")
        factor = k("factor", inputs, n)
        for name, want in zip(spec.factor_entries, loss._factor_entries()):
            tcc.assert_close(factor[name], want, dtype, f"{what} {name}")
        rng = np.random.default_rng(7)
        v = [rng.standard_normal(ROWS + (K,)).astype(dtype) for _ in range(d)]
        u = rng.standard_normal(loss.fisher_factor_inner_shape).astype(dtype)
        vin = {f"v{i}": v[i].ravel() for i in range(d)}
        out = k("fisher_product", fisher | vin, n, mask=mask_c, scale=weight)
        tcc.assert_close(np.stack([out[f"out{i}"] for i in range(d)]),
                         np.stack([o.ravel() for o in ref.parts(loss.multiply_fisher(ref.public(v, d)), d)]), dtype,
                         f"{what} F v")
        out = k("factor_product", factor | {"u": u.ravel()}, n, mask=mask_c, scale=np.sqrt(weight))
        tcc.assert_close(np.stack([out[f"out{i}"] for i in range(d)]),
                         np.stack([o.ravel() for o in ref.parts(loss.multiply_fisher_factor(u), d)]), dtype,
                         f"{what} B u")
        out = k("factor_transpose_product", factor | vin, n, mask=mask_c, scale=np.sqrt(weight))
        tcc.assert_close(out["out"].reshape(loss.fisher_factor_inner_shape),
                         loss.multiply_fisher_factor_transpose(ref.public(v, d)), dtype, f"{what} B^T v")


def test_host_kernels_match_independent_references(family, hypers):
    spec = tcc.supported_spec(family)
    dtype = np.float64
    k = tcc.HostKernels(family, dtype)
    d, n = spec.dim, int(np.prod(ROWS)) * K
    params, y, mask, weight, _ = _setup(family, hypers, dtype, seed=5)
    inputs = _host_inputs(spec, params, hypers, y, dtype)
    flat = [p.ravel() for p in params]
    nll = k("nll", inputs, n)["nll"]
    want = -ref.SCIPY_LOGPDF[family.name](ref.params_dict(family, params), hypers, y)
    np.testing.assert_allclose(nll.reshape(ROWS + (K,)).sum(axis=-1), want, rtol=1e-10,
                               atol=1e-10 * np.max(np.abs(want)), err_msg="row sums of nll vs SciPy's multivariate normal")
    h_rel = np.finfo(dtype).eps ** (1 / 3)

    def step(i):
        h = h_rel * np.maximum(1.0, np.abs(flat[i]))
        return np.minimum(h, 0.25 * ref.distance_to_boundary(family.params[i].domain, flat[i]))

    grads = k("grad", inputs, n)
    for i, p in enumerate(spec.params):
        h = step(i)
        fd = (k("nll", inputs | {p: flat[i] + h}, n)["nll"] - k("nll", inputs | {p: flat[i] - h}, n)["nll"]) / (2 * h)
        np.testing.assert_allclose(grads[f"grad{i}"], fd, rtol=1e-6, atol=1e-6 * (1 + np.max(np.abs(fd))),
                                   err_msg=f"grad{i} vs central differences")
    means = k("mean", inputs, n)
    t = ref.sufficient_statistic(family, y, hypers)  # rows of [T_0(y_k) for k, T_1(y_k) for k, ...]
    for i in range(d):
        ti = t[..., i * K:(i + 1) * K].ravel()
        np.testing.assert_allclose(means[f"mean{i}"], grads[f"grad{i}"] + ti, rtol=1e-12,
                                   atol=1e-12 * (1 + np.max(np.abs(ti))), err_msg=f"mean{i} vs grad + T(y)")
    fisher = k("fisher", inputs, n)
    F = np.zeros((n, d, d))
    for i in range(d):
        for j in range(d):
            F[:, i, j] = fisher[f"fisher_{min(i, j)}_{max(i, j)}"]
    for j, p in enumerate(spec.params):
        h = step(j)
        plus, minus = k("mean", inputs | {p: flat[j] + h}, n), k("mean", inputs | {p: flat[j] - h}, n)
        for i in range(d):
            fd = (plus[f"mean{i}"] - minus[f"mean{i}"]) / (2 * h)
            np.testing.assert_allclose(F[:, i, j], fd, rtol=1e-6, atol=1e-6 * (1 + np.max(np.abs(fd))),
                                       err_msg=f"Fisher[{i},{j}] vs the Jacobian of the mean")
    factor = k("factor", inputs, n)
    B = np.zeros((n, d, d))
    for j, column in enumerate(spec.factor_columns):
        for i, name in enumerate(column):
            if name is not None:
                B[:, i, j] = factor[name]
    np.testing.assert_allclose(B @ np.swapaxes(B, 1, 2), F, rtol=1e-12, atol=1e-12 * np.max(np.abs(F)),
                               err_msg="B B^T vs F")
    rng = np.random.default_rng(9)
    v, u = rng.standard_normal((n, d)), rng.standard_normal((n, d))
    vin = {f"v{i}": np.ascontiguousarray(v[:, i]) for i in range(d)}
    mask_c = _per_component(mask)
    s, r = weight * mask_c, np.sqrt(weight) * mask_c
    out = k("fisher_product", fisher | vin, n, mask=mask_c, scale=weight)
    np.testing.assert_allclose(np.stack([out[f"out{i}"] for i in range(d)], -1), s[:, None] * np.einsum("nij,nj->ni", F, v),
                               rtol=1e-13, atol=1e-13 * np.max(np.abs(F)) * 10, err_msg="F v")
    out = k("factor_product", factor | {"u": u}, n, mask=mask_c, scale=np.sqrt(weight))
    np.testing.assert_allclose(np.stack([out[f"out{i}"] for i in range(d)], -1), r[:, None] * np.einsum("nij,nj->ni", B, u),
                               rtol=1e-13, atol=1e-13 * np.max(np.abs(B)) * 10, err_msg="B u")
    out = k("factor_transpose_product", factor | vin, n, mask=mask_c, scale=np.sqrt(weight))
    np.testing.assert_allclose(out["out"].reshape(n, d), r[:, None] * np.einsum("nji,nj->ni", B, v),
                               rtol=1e-13, atol=1e-13 * np.max(np.abs(B)) * 10, err_msg="B^T v")
    total = k("nll_reduce", inputs, n, mask=mask_c, weight=weight)["partial"].sum()
    np.testing.assert_allclose(total, weight * np.sum(mask_c * nll), rtol=1e-13)
