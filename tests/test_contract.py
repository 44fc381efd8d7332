"""One contract, every backend (issue 11, items 3 and 6).

* Introspection: every generated class of every backend (NumPy, CPU, CuPy) leaves every public
  method to the shared base (runtime/base.py) and the structure mixins (coupled, components,
  parametrized), and implements the private contract with the same signatures.
* Numbers, through the ``backend`` fixture (tests/conftest.py: numpy, cpu, cupy-host, cupy) for
  every family (cupy-host: a few, see CUPY_HOST_FAMILIES) in float32 and float64, against
  references that do not come from generated code:
  - grad_of_evaluate against central differences of evaluate (float64, per-case weights and a mask);
  - multiply_fisher against a dense Fisher: the Hessian of the declared log-partition A by
    mpmath at 50 digits (scalar and dense families), closed forms per component
    (componentwise) and per row (softmax, multinomial, Dirichlet), also at 50 digits;
  - B B^T = F entry by entry from products with basis vectors, against the same dense F;
  - <B u, v> = <u, B^T v>; the replicated one-hot = B times the replicated one-hot vector;
  - per-case weights and a mask: F products weight * mask * F_ref v, the factor's products
    sqrt(weight) * mask, exact zeros at masked-out cases (even with NaN there), evaluate
    against SciPy log densities where SciPy has the family;
  - a bad input raises the same error on every backend;
  - the parametrizations (every built-in, cupy-host: three): J^T F J products and B B^T against the
    verifier's 50-digit ParamReference, the gradient and multiply_hessian against central differences
    of evaluate and grad_of_evaluate, NoHessianFactorError where eta is not affine in theta.
"""
from __future__ import annotations

import importlib
import inspect
import pkgutil

import mpmath as mp
import numpy as np
import pytest
import sympy as sp

import references as ref
from natloss.codegen.primitives import to_naive
from natloss.runtime.base import NaturalParamsNegativeLogProbLoss
from natloss.runtime.checks import NatlossInputError
from natloss.runtime.components import ComponentsMixin
from natloss.runtime.coupled import CoupledMixin
from natloss.runtime.parametrized import ParametrizedMixin
from natloss.runtime.row_parametrized import RowParametrizedMixin

# ------------------------------------------------------------------ introspection
# The private contract (runtime/base.py's docstring): name -> parameters after self.
CONTRACT = {
    "_nll_per_case": ("y",),
    "_nll_total": ("y", "weighting"),
    "_grad": ("y", "weighting"),
    "_mean_unweighted": (),
    "_fisher_product": ("v", "weighting"),
    "_factor_product": ("u", "weighting"),
    "_factor_transpose_product": ("v", "weighting"),
    "_sample_unweighted": ("rng", "shape"),
}
CONTRACT_BY_STRUCTURE = {
    "cases": {"_compute_fisher": (), "_compute_factor": ("where",)},
    "coupled": {"_row_stats": (), "_fisher_pieces": (), "_factor_column": ("rows", "column")},
    "parametrized": {"_compute_hessian": ("y",), "_hessian_product": ("v", "entries")},
}
# Where a public method may be defined: the base and the structure mixins, nowhere else.
OWNERS = (NaturalParamsNegativeLogProbLoss, CoupledMixin, ComponentsMixin, ParametrizedMixin, RowParametrizedMixin)


def _generated_classes():
    """(backend package, class) for every generated loss class."""
    out = []
    for package in ("numpy", "cpu", "cupy"):
        pkg = importlib.import_module(f"natloss.generated.{package}")
        for info in pkgutil.iter_modules(pkg.__path__):
            module = importlib.import_module(f"{pkg.__name__}.{info.name}")
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if cls.__module__ == module.__name__ and issubclass(cls, NaturalParamsNegativeLogProbLoss):
                    out.append((package, cls))
    return out


GENERATED = _generated_classes()


def _is_method(value) -> bool:
    return isinstance(value, (property, staticmethod, classmethod)) or inspect.isfunction(value)


def test_every_backend_emits_classes():
    packages = {p for p, _ in GENERATED}
    assert packages == {"numpy", "cpu", "cupy"}, packages
    assert len(GENERATED) >= 3 * 31, len(GENERATED)


@pytest.mark.parametrize("package, cls", GENERATED, ids=[f"{p}-{c.__name__}" for p, c in GENERATED])
def test_no_backend_class_overrides_a_public_method(package, cls):
    public = {name for klass in cls.__mro__ for name, value in vars(klass).items()
              if not name.startswith("_") and _is_method(value)}
    assert {"evaluate", "grad_of_evaluate", "multiply_fisher", "multiply_fisher_factor",
            "multiply_fisher_factor_transpose", "multiply_fisher_factor_replicated_one_hot",
            "per_case_fisher", "sample", "nll"} <= public
    for name in sorted(public):
        owner = next(k for k in cls.__mro__ if name in vars(k))
        assert owner in OWNERS, f"{package}: {cls.__name__}.{name} is defined in {owner.__module__}.{owner.__qualname__}"


@pytest.mark.parametrize("package, cls", GENERATED, ids=[f"{p}-{c.__name__}" for p, c in GENERATED])
def test_private_contract_signatures(package, cls):
    contract = dict(CONTRACT)
    if issubclass(cls, RowParametrizedMixin):
        # A composition: its products are the embedded natural loss's, which is held to the
        # whole contract here; the row class adds only the elementwise eta, J and Hess(eta_k).
        test_private_contract_signatures(package, cls.natural_class)
        contract = {"_eta": ("params",), "_jacobian": (), "_curvature": ()}
    elif issubclass(cls, CoupledMixin):
        contract.update(CONTRACT_BY_STRUCTURE["coupled"])
    else:
        contract.update(CONTRACT_BY_STRUCTURE["cases"])
    if issubclass(cls, ParametrizedMixin):
        contract.update(CONTRACT_BY_STRUCTURE["parametrized"])
    for name, params in contract.items():
        method = inspect.getattr_static(cls, name, None)
        assert inspect.isfunction(method), f"{package}: {cls.__name__} lacks {name}"
        got = tuple(inspect.signature(method).parameters)
        assert got == ("self",) + params, f"{package}: {cls.__name__}.{name}{got}, the contract says {params}"


# -------------------------------------------------------------- dense references
BATCH = 4
# cupy-host compiles each family's kernels with g++ (cached in pytest's cache afterwards): a scalar,
# a dense, a componentwise family and one with a hyper-parameter, not all of them. The coupled
# kernels need real warps (__shfl_xor_sync): tests/test_cuda_coupled.py runs them behind its own
# threaded host shim, which this stand-in does not have.
CUPY_HOST_FAMILIES = {"bernoulli", "normal", "binomial", "gamma", "multivariate_normal_diag"}


def _params64(family):
    """Parameters in float64, drawn inside the domain (0.05 from a half-line's end)."""
    rng = np.random.default_rng(17)
    params = ref.draw_params(family, (BATCH,), rng, np.float64, margin=0.05)
    if family.name == "continuous_bernoulli":  # A's 0/0 at eta = 0: mpmath.diff must not step across it
        params[0] = params[0] + np.sign(params[0]) * 0.5
    return params


_CAST: dict = {}
_DENSE: dict = {}


def _cast_params(family, dtype):
    """The parameters in `dtype`, and the same values in float64 (what the references read)."""
    key = (family.name, np.dtype(dtype).name)
    if key not in _CAST:
        params = [p.astype(dtype) for p in _params64(family)]
        _CAST[key] = tuple(params), tuple(p.astype(np.float64) for p in params)
    return _CAST[key]


def _defaults(family) -> dict:
    return {h.name: h.default for h in family.hypers}


def _hessian_of_a(family):
    symbols = [p.symbol for p in family.params]
    A = to_naive(family.log_partition).subs({h.symbol: h.default for h in family.hypers})
    f = sp.lambdify(symbols, A, "mpmath")
    d = len(symbols)

    def hessian(values):
        with mp.workdps(50):
            x = [mp.mpf(float(v)) for v in values]
            return np.array([[float(mp.diff(f, x, tuple(int(i == a) + int(i == b) for i in range(d))))
                              for b in range(d)] for a in range(d)])

    return hessian


def _softmax_fisher(row, n):
    with mp.workdps(50):
        x = [mp.mpf(float(v)) for v in row]
        m = max(x)
        e = [mp.exp(v - m) for v in x]
        s = mp.fsum(e)
        p = [v / s for v in e]
        return np.array([[float(n * ((p[i] if i == j else 0) - p[i] * p[j])) for j in range(len(p))]
                         for i in range(len(p))])


def _dirichlet_fisher(row):
    with mp.workdps(50):
        a = [mp.mpf(float(t)) for t in row]
        c = mp.psi(1, mp.fsum(a))
        return np.array([[float((mp.psi(1, a[i]) if i == j else 0) - c) for j in range(len(a))] for i in range(len(a))])


def dense_fisher(family, dtype):
    """Per-case F as (BATCH, m, m) in the layout of references.flat_input, at the parameters
    `_cast_params(family, dtype)`, from the declaration or closed forms (never generated code)."""
    key = (family.name, np.dtype(dtype).name)
    if key not in _DENSE:
        _DENSE[key] = _dense_fisher(family, dtype)
    return _DENSE[key]


def _dense_fisher(family, dtype):
    _, params = _cast_params(family, dtype)
    h = _defaults(family)
    K = ref.K
    out = []
    for i in range(BATCH):
        if not family.is_vector:
            out.append(_hessian_of_a(family)([p[i] for p in params]))
        elif family.name in ("categorical", "one_hot_categorical", "multinomial"):
            out.append(_softmax_fisher(params[0][i], h.get("trials", 1)))
        elif family.name == "dirichlet":
            out.append(_dirichlet_fisher(params[0][i]))
        elif family.name in ("multivariate_normal_unit", "multivariate_normal_fixed"):
            out.append(np.eye(K) * (h.get("var", 1.0)))
        elif family.name == "multivariate_normal_diag":
            e1, e2 = params[0][i], params[1][i]  # per component: the normal's 2 x 2 in (eta1, eta2)
            F = np.zeros((2 * K, 2 * K))
            for k in range(K):
                block = np.array([[-0.5 / e2[k], e1[k] / (2 * e2[k] ** 2)],
                                  [e1[k] / (2 * e2[k] ** 2), (e2[k] - e1[k] ** 2) / (2 * e2[k] ** 3)]])
                for a in range(2):
                    for b in range(2):
                        F[a * K + k, b * K + k] = block[a, b]
            out.append(F)
        else:
            raise NotImplementedError(f"{family.name}: no dense Fisher reference in tests/test_contract.py")
    return np.stack(out)


# ------------------------------------------------------------------ the contract
TOL = {np.float32: 2e-4, np.float64: 1e-9}


def _assert_close(got, want, dtype, what, scale=None):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    scale = max(float(np.max(np.abs(want))), 1e-300) if scale is None else scale
    err = float(np.max(np.abs(got - want))) / scale if got.size else 0.0
    assert got.shape == want.shape and err <= TOL[dtype], f"{what}: relative error {err:.3g} (tolerance {TOL[dtype]})"


def _loss(backend, family, dtype, **kwargs):
    if backend.name == "cupy-host" and family.name not in CUPY_HOST_FAMILIES:
        pytest.skip(f"cupy-host compiles kernels with g++ and has no warps: only {sorted(CUPY_HOST_FAMILIES)} run there")
    cls = backend.loss_class(family)
    if cls is None:
        pytest.skip(f"the {backend.name} backend does not emit {family.name}")
    params, _ = _cast_params(family, dtype)
    kwargs = {k: backend.asarray(v) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
    return cls(*backend.asarray(tuple(params)), **kwargs)


def _targets(family, dtype):
    """Targets drawn by the NumPy class at these parameters (inputs to the test, not references)."""
    params, _ = _cast_params(family, dtype)
    return ref.loss_class(family)(*params).sample(5)


def _flat(x, d):
    return ref.flat_input(x, d, 1)


def _matrices(backend, loss, family, method):
    """Per-case matrices (BATCH, m, m) of `method` from products with basis vectors."""
    d, m = family.dim, ref.input_dim(family)
    pshape = ref.param_shape(family, (BATCH,))
    cols = []
    for c in range(m):
        e = np.zeros((BATCH, m), dtype=loss.dtype)
        e[:, c] = 1
        vector = backend.asarray(ref.unflat_input(e, d, pshape))
        cols.append(_flat(backend.get(getattr(loss, method)(vector)), d))
    return np.stack(cols, axis=-1)


def _factor(backend, loss, family):
    """Per-case B (BATCH, m, mf): columns B e_c over the factor's inner components."""
    d = family.dim
    inner = tuple(loss.fisher_factor_inner_shape)
    mf = int(np.prod(inner[1:], dtype=np.int64))
    cols = []
    for c in range(mf):
        e = np.zeros((BATCH, mf), dtype=loss.dtype)
        e[:, c] = 1
        cols.append(_flat(backend.get(loss.multiply_fisher_factor(backend.asarray(e.reshape(inner)))), d))
    return np.stack(cols, axis=-1)


def test_fisher_products_match_the_dense_reference(backend, family, dtype):
    loss = _loss(backend, family, dtype)
    F = dense_fisher(family, dtype)
    for method in ("multiply_fisher", "multiply_hessian", "multiply_ggn"):
        got = _matrices(backend, loss, family, method)
        for i in range(BATCH):
            _assert_close(got[i], F[i], dtype, f"{backend.name} {family.name} {method} case {i}")


def test_factor_times_its_transpose_is_the_fisher(backend, family, dtype):
    loss = _loss(backend, family, dtype)
    F = dense_fisher(family, dtype)
    B = _factor(backend, loss, family).astype(np.float64)
    for i in range(BATCH):
        BBt = B[i] @ B[i].T
        scale = max(float(np.max(np.abs(F[i]))), 1e-300)
        for a in range(F.shape[1]):
            for b in range(F.shape[2]):  # entry by entry, each against the reference
                err = abs(BBt[a, b] - F[i, a, b]) / scale
                assert err <= TOL[dtype], f"{backend.name} {family.name} (B B^T)[{a},{b}] case {i}: {BBt[a, b]} vs {F[i, a, b]}"


def test_factor_adjoint_and_replicated_one_hot(backend, family, dtype):
    loss = _loss(backend, family, dtype)
    d = family.dim
    rng = np.random.default_rng(5)
    inner = tuple(loss.fisher_factor_inner_shape)
    u = rng.standard_normal(inner).astype(dtype)
    v = ref.public([rng.standard_normal(ref.param_shape(family, (BATCH,))).astype(dtype) for _ in range(d)], d)
    Bu = _flat(backend.get(loss.multiply_fisher_factor(backend.asarray(u))), d).astype(np.float64)
    Btv = backend.get(loss.multiply_fisher_factor_transpose(backend.asarray(v))).astype(np.float64)
    assert Btv.shape == inner
    left = float(np.sum(Bu * _flat(v, d)))
    right = float(np.sum(u.astype(np.float64) * Btv))
    scale = float(np.sum(np.abs(Bu * _flat(v, d)))) + float(np.sum(np.abs(u * Btv)))
    assert abs(left - right) <= TOL[dtype] * scale, f"{backend.name} {family.name}: <Bu, v> {left} vs <u, B^T v> {right}"
    # The replicated one-hot: 1 at [b, *index] for every batch index b.
    index = tuple(n - 1 for n in inner[1:])
    e = np.zeros(inner, dtype=dtype)
    e[(slice(None),) + index] = 1
    want = backend.get(loss.multiply_fisher_factor(backend.asarray(e)))
    got = backend.get(loss.multiply_fisher_factor_replicated_one_hot(index))
    for g, w in zip(ref.parts(got, d), ref.parts(want, d)):
        _assert_close(g, w, dtype, f"{backend.name} {family.name} replicated one-hot {index}")


def _weights_and_mask(dtype):
    weight = np.linspace(0.5, 2.0, BATCH).astype(dtype)
    mask = np.ones(BATCH, dtype=dtype)
    mask[1] = 0
    return weight, mask


def test_grad_of_evaluate_against_finite_differences(backend, family, dtype):
    y = _targets(family, dtype)
    weight, mask = _weights_and_mask(dtype)
    loss = _loss(backend, family, dtype, targets=y, weight=weight, mask=mask)
    grad = _flat(backend.get(loss.grad_of_evaluate()), family.dim).astype(np.float64)
    assert np.all(grad[1] == 0), f"{backend.name} {family.name}: a masked-out case's gradient is not 0"
    # Central differences of evaluate in float64 (the same backend's float64 class at the same
    # values), along random directions.
    _, params = _cast_params(family, dtype)
    cls = backend.loss_class(family)
    yf = y if y.dtype.kind in "iu" else y.astype(np.float64)

    def evaluate(ps):
        loss64 = cls(*backend.asarray(tuple(ps)), targets=backend.asarray(yf), weight=backend.asarray(weight.astype(np.float64)),
                     mask=backend.asarray(mask.astype(np.float64)))
        return float(backend.get(loss64.evaluate()))

    rng = np.random.default_rng(11)
    for _ in range(2):
        direction = [rng.standard_normal(p.shape) for p in params]
        h = 1e-6
        up = evaluate([p + h * (1 + np.abs(p)) * q for p, q in zip(params, direction)])
        down = evaluate([p - h * (1 + np.abs(p)) * q for p, q in zip(params, direction)])
        fd = (up - down) / (2 * h)
        step = _flat(ref.public([(1 + np.abs(p)) * q for p, q in zip(params, direction)], family.dim), family.dim)
        analytic = float(np.sum(grad * step))
        scale = float(np.sum(np.abs(grad * step))) + 1e-300
        tol = 1e-6 if dtype == np.float64 else 1e-3
        assert abs(fd - analytic) <= tol * scale, f"{backend.name} {family.name}: FD {fd} vs grad {analytic}"


def test_per_case_weights_and_mask(backend, family, dtype):
    weight, mask = _weights_and_mask(dtype)
    y = _targets(family, dtype)
    loss = _loss(backend, family, dtype, targets=y, weight=weight, mask=mask)
    plain = _loss(backend, family, dtype)
    F = dense_fisher(family, dtype)
    d = family.dim
    factor = (weight * mask).astype(np.float64)[:, None, None]
    got = _matrices(backend, loss, family, "multiply_fisher")
    for i in range(BATCH):
        _assert_close(got[i], factor[i] * F[i], dtype, f"{backend.name} {family.name} weighted F case {i}",
                      scale=max(float(np.max(np.abs(F[i]))), 1e-300))
    assert np.all(got[1] == 0)
    # The factor's products carry sqrt(weight) * mask, exactly 0 at the masked-out case even
    # where the vector is NaN (a select, not a product).
    rng = np.random.default_rng(9)
    inner = tuple(loss.fisher_factor_inner_shape)
    u = rng.standard_normal(inner).astype(dtype)
    root = (np.sqrt(weight.astype(np.float64)) * mask)[:, None]
    want = _flat(backend.get(plain.multiply_fisher_factor(backend.asarray(u))), d) * root
    u[1] = np.nan
    got_u = _flat(backend.get(loss.multiply_fisher_factor(backend.asarray(u))), d)
    assert np.all(got_u[1] == 0), f"{backend.name} {family.name}: NaN leaked through the mask"
    _assert_close(got_u[[0, 2, 3]], want[[0, 2, 3]], dtype, f"{backend.name} {family.name} weighted B u")
    v = [rng.standard_normal(ref.param_shape(family, (BATCH,))).astype(dtype) for _ in range(d)]
    Btv_plain = backend.get(plain.multiply_fisher_factor_transpose(backend.asarray(ref.public(v, d))))
    Btv = backend.get(loss.multiply_fisher_factor_transpose(backend.asarray(ref.public(v, d))))
    rootb = root.reshape((BATCH,) + (1,) * (Btv.ndim - 1))
    _assert_close(Btv, Btv_plain * rootb, dtype, f"{backend.name} {family.name} weighted B^T v")
    # evaluate against SciPy's log density, where SciPy has the family.
    logpdf = ref.SCIPY_LOGPDF.get(family.name)
    if logpdf is not None:
        _, params = _cast_params(family, dtype)
        y_ref = y.astype(np.float64) if y.dtype.kind == "f" else y
        if family.target.support.value == "simplex":  # SciPy wants the row sum 1 to 1e-9: float32 rows miss it
            y_ref = y_ref / y_ref.sum(axis=-1, keepdims=True)
        lp = np.asarray(logpdf(ref.params_dict(family, params), _defaults(family), y_ref), dtype=np.float64)
        lp = lp.reshape(BATCH, -1).sum(axis=-1)  # componentwise: the row's sum
        want_total = float(np.sum(-lp * weight * mask))
        got_total = float(backend.get(loss.evaluate()))
        tol = 1e-4 if dtype == np.float32 else 1e-10
        assert abs(got_total - want_total) <= tol * (np.sum(np.abs(lp * weight)) + 1), \
            f"{backend.name} {family.name}: evaluate {got_total} vs SciPy {want_total}"


def test_bad_inputs_raise_the_same_error_on_every_backend(backend, family, dtype):
    loss = _loss(backend, family, dtype)
    reference = ref.loss_class(family)(*_cast_params(family, dtype)[0])
    d = family.dim
    shape = ref.param_shape(family, (BATCH,))
    other = np.float64 if dtype == np.float32 else np.float32

    def message(call, names):
        """The error's type and text, with the array module's names (numpy or cupy) made one."""
        module, array_module = names
        with pytest.raises(NatlossInputError) as info:
            call()
        text = str(info.value).replace(f"a {module} array", "a <xp> array").replace(f"got {array_module}.", "got <xp>.")
        return type(info.value), text

    xp_name = (backend.xp.__name__, type(backend.asarray(np.zeros(1))).__module__.split(".")[0])
    wrong_dtype = ref.public([np.zeros(shape, dtype=other)] * d, d)
    assert message(lambda: loss.multiply_fisher(backend.asarray(wrong_dtype)), xp_name) == \
        message(lambda: reference.multiply_fisher(wrong_dtype), ("numpy", "numpy"))
    bad_mask = np.full(BATCH, 2.0, dtype=dtype)
    cls = backend.loss_class(family)
    params, _ = _cast_params(family, dtype)
    assert message(lambda: cls(*backend.asarray(params), mask=backend.asarray(bad_mask)), xp_name) == \
        message(lambda: ref.loss_class(family)(*params, mask=bad_mask), ("numpy", "numpy"))
    inner = tuple(loss.fisher_factor_inner_shape)
    if len(inner) > 1:  # an index one past the end of each inner axis
        index = inner[1:]
        assert message(lambda: loss.multiply_fisher_factor_replicated_one_hot(index), xp_name) == \
            message(lambda: reference.multiply_fisher_factor_replicated_one_hot(index), ("numpy", "numpy"))


# ------------------------------------------------------- parametrizations (issue 10)
# The losses in user parameters theta on every backend, against references that do not come from
# the compiler: J^T F J and the canonical flag from the verifier's `ParamReference` (the declared
# family's naive A composed with the declared eta(theta), differentiated by SymPy, evaluated by
# mpmath at 50 digits); the gradient and the true Hessian against central differences of
# evaluate and grad_of_evaluate.
from natloss.codegen.driver import builtin_parametrizations  # noqa: E402
from natloss.codegen.parametrize import theta_family  # noqa: E402
from natloss.codegen.verify.parametrized import ParamReference  # noqa: E402
from natloss.codegen.verify.subject import interior_points  # noqa: E402
from natloss.runtime.parametrized import NoHessianFactorError  # noqa: E402

PARAMETRIZATIONS = builtin_parametrizations()
# cupy-host: a scalar one with the probit's Mills ratio, a dense one, and one with d_theta = 1 < d_eta = 2
# and a hyper-parameter (each compiles its kernels with g++ once).
CUPY_HOST_PARAMETRIZATIONS = {"bernoulli_probit", "normal_mean_log_scale", "gamma_log_mean"}
_PARAM_CASES: dict = {}


def _param_case(p):
    """(theta family, theta as d_theta float64 arrays of BATCH interior points, ParamReference)."""
    if p.name not in _PARAM_CASES:
        family = theta_family(p)
        theta = interior_points(family, BATCH, seed=23)
        reference = ParamReference(p, {h.name: h.default for h in family.hypers})
        _PARAM_CASES[p.name] = (family, [theta[:, j].copy() for j in range(theta.shape[1])], reference)
    return _PARAM_CASES[p.name]


def _param_loss(backend, p, dtype, theta=None, **kwargs):
    if backend.name == "cupy-host" and p.name not in CUPY_HOST_PARAMETRIZATIONS:
        pytest.skip(f"cupy-host compiles kernels with g++: only {sorted(CUPY_HOST_PARAMETRIZATIONS)} run there")
    family, theta0, _ = _param_case(p)
    cls = backend.loss_class(family)
    if cls is None and backend.name != "numpy":
        from natloss.codegen.backends.cuda.kernels import unsupported_reason
        from natloss.codegen.driver import compile_family

        reason = unsupported_reason(compile_family(p))
        assert reason is not None, f"the {backend.name} backend emits no class for {p.name}, and gives no reason"
        pytest.skip(f"{backend.name} emits no class for {p.name}: {reason}")
    assert cls is not None, f"the {backend.name} backend emits no class for {p.name}"
    theta = theta0 if theta is None else theta
    kwargs = {k: backend.asarray(v) if isinstance(v, np.ndarray) else v for k, v in kwargs.items()}
    return cls(*backend.asarray(tuple(t.astype(dtype) for t in theta)), **kwargs)


def _param_targets(p, dtype):
    """Targets drawn by the NumPy class at theta (inputs to the test, not references)."""
    family, theta, _ = _param_case(p)
    y = ref.loss_class(family)(*theta).sample(5)
    if family.target.support.value == "unit_interval":  # keep y inside (0, 1) once rounded to float32
        y = np.clip(y, 1e-3, 1 - 1e-3)
    return y.astype(dtype) if y.dtype.kind == "f" else y


def _param_fisher(p, dtype):
    """J^T F J per case (BATCH, d, d) at theta rounded to dtype, by mpmath at 50 digits."""
    family, theta, reference = _param_case(p)
    d = family.dim
    out = np.zeros((BATCH, d, d))
    with mp.workdps(50):
        for i in range(BATCH):
            point = [mp.mpf(float(np.asarray(t[i], dtype=dtype))) for t in theta]
            fisher = reference.values(point)["fisher"]
            for (a, b), value in fisher.items():
                out[i, a, b] = out[i, b, a] = float(value)
    return out


@pytest.mark.parametrize("p", PARAMETRIZATIONS, ids=[p.name for p in PARAMETRIZATIONS])
def test_parametrized_fisher_and_factor_match_the_reference(backend, p, dtype):
    loss = _param_loss(backend, p, dtype)
    family = _param_case(p)[0]
    F = _param_fisher(p, dtype)
    for method in ("multiply_fisher", "multiply_ggn"):
        got = _matrices(backend, loss, family, method)
        for i in range(BATCH):
            _assert_close(got[i], F[i], dtype, f"{backend.name} {p.name} {method} case {i}")
    B = _factor(backend, loss, family).astype(np.float64)
    assert B.shape[-1] == p.family.dim, f"{p.name}: the factor has {B.shape[-1]} columns, the natural family {p.family.dim}"
    for i in range(BATCH):
        _assert_close(B[i] @ B[i].T, F[i], dtype, f"{backend.name} {p.name} B B^T case {i}")


@pytest.mark.parametrize("p", PARAMETRIZATIONS, ids=[p.name for p in PARAMETRIZATIONS])
def test_parametrized_gradient_and_hessian_against_finite_differences(backend, p):
    family, theta, reference = _param_case(p)
    d = family.dim
    y = _param_targets(p, np.float64)
    weight, mask = _weights_and_mask(np.float64)
    loss = _param_loss(backend, p, np.float64, targets=y, weight=weight, mask=mask)
    grad = _flat(backend.get(loss.grad_of_evaluate()), d)
    assert np.all(grad[1] == 0), f"{backend.name} {p.name}: a masked-out case's gradient is not 0"

    def at(t):
        return _param_loss(backend, p, np.float64, theta=t, targets=y, weight=weight, mask=mask)

    rng = np.random.default_rng(13)
    h = 1e-6
    for _ in range(2):  # evaluate along random directions
        q = [rng.standard_normal(BATCH) * (1 + np.abs(t)) for t in theta]
        up = float(backend.get(at([t + h * s for t, s in zip(theta, q)]).evaluate()))
        down = float(backend.get(at([t - h * s for t, s in zip(theta, q)]).evaluate()))
        analytic = float(np.sum(grad * _flat(ref.public(q, d), d)))
        scale = float(np.sum(np.abs(grad * _flat(ref.public(q, d), d)))) + 1e-300
        assert abs((up - down) / (2 * h) - analytic) <= 1e-6 * scale, f"{backend.name} {p.name}: FD of evaluate vs grad"
    # multiply_hessian, column by column, against central differences of grad_of_evaluate.
    H = _matrices(backend, loss, family, "multiply_hessian")
    for c in range(d):
        step = 1e-5 * (1 + np.abs(theta[c]))
        grads = []
        for sign in (1, -1):
            t = [x.copy() for x in theta]
            t[c] = t[c] + sign * step
            grads.append(_flat(backend.get(at(t).grad_of_evaluate()), d))
        fd = (grads[0] - grads[1]) / (2 * step[:, None])
        scale = 1 + np.abs(H[:, :, c]).max() + np.abs(grad).max()
        err = float(np.abs(fd - H[:, :, c]).max() / scale)
        assert err <= 1e-6, f"{backend.name} {p.name}: multiply_hessian column {c} vs FD of the gradient: {err:.3g}"
    assert np.all(H[1] == 0), f"{backend.name} {p.name}: a masked-out case's Hessian product is not 0"
    # The true Hessian has a factor only where eta is affine in theta (the reference's own test).
    if not reference.canonical:
        inner = tuple(loss.fisher_factor_inner_shape)
        for method, arg in (("multiply_hessian_factor", backend.asarray(np.ones(inner))),
                            ("multiply_hessian_factor_transpose", backend.asarray(ref.public([np.ones(BATCH)] * d, d))),
                            ("multiply_hessian_factor_replicated_one_hot", tuple(n - 1 for n in inner[1:]))):
            with pytest.raises(NoHessianFactorError):
                getattr(loss, method)(arg)
