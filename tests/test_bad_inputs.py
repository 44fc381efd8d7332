"""Every kind of bad input to every generated loss raises NatlossInputError naming the argument.

The cases are enumerated per family at collection time (ids ``<family>-<case>``); each
builds valid inputs, spoils one argument and expects `natloss.runtime.NatlossInputError`
(NatlossTypeError is a subclass) whose message names that argument.
"""
from __future__ import annotations

import math
import re

import numpy as np
import pytest

import references as ref
from natloss.codegen.driver import builtin_families
from natloss.codegen.family import Support
from natloss.runtime import NatlossInputError, NatlossTypeError

BATCH = (3, 2)
FAMILIES = builtin_families()


def _valid(family, dtype=np.float64):
    cls = ref.loss_class(family)
    hypers = {h.name: h.default for h in family.hypers}
    params = ref.draw_params(family, BATCH, np.random.default_rng(7), dtype)
    y = ref.make_loss(cls, params, hypers).sample(8)
    return cls, params, hypers, y


def _with(params, j, value):
    out = list(params)
    out[j] = value
    return out


def _cases(family):
    """(label, argument name, thunk that must raise)."""
    cls, params, hypers, y = _valid(family)
    d = family.dim
    pshape = params[0].shape
    support = family.target.support
    make = lambda p=params, h=hypers, **kw: ref.make_loss(cls, p, h, **kw)  # noqa: E731
    loss = make(targets=y)
    cases = []

    # ---- natural parameters
    for j, p in enumerate(family.params):
        x = params[j]
        cases.append((f"param{j}-int-array", p.name, lambda j=j, x=x: make(_with(params, j, np.ones(x.shape, dtype=np.int64)))))
        cases.append((f"param{j}-list", p.name, lambda j=j, x=x: make(_with(params, j, x.tolist()))))
        cases.append((f"param{j}-float16", p.name, lambda j=j, x=x: make(_with(params, j, x.astype(np.float16)))))
        cases.append((f"param{j}-nan", p.name, lambda j=j, x=x: make(_with(params, j, np.where(np.arange(x.size).reshape(x.shape) == 1, np.nan, x)))))
        lo, hi = ref.bounds(p.domain)
        for side, bound in (("lo", lo), ("hi", hi)):
            if math.isfinite(bound):
                sign = -1.0 if side == "lo" else 1.0
                for label, value in (("at", bound), ("beyond", bound + sign * 0.5)):
                    if label == "at" and not (p.domain.left_open if side == "lo" else p.domain.right_open):
                        continue
                    bad = x.copy()
                    bad.flat[-1] = value
                    cases.append((f"param{j}-{label}-{side}-bound", p.name, lambda j=j, bad=bad: make(_with(params, j, bad))))
            else:
                bad = x.copy()
                bad.flat[0] = bound
                cases.append((f"param{j}-{side}-inf", p.name, lambda j=j, bad=bad: make(_with(params, j, bad))))
        if j > 0:
            cases.append((f"param{j}-other-shape", p.name, lambda j=j, x=x: make(_with(params, j, x[:1]))))
            cases.append((f"param{j}-other-dtype", p.name, lambda j=j, x=x: make(_with(params, j, x.astype(np.float32)))))
    if family.is_vector:
        name = family.params[0].name
        cases.append(("param0-0d", name, lambda: make([np.float64(x.flat[0]) * np.ones(()) for x in params])))
        cases.append(("param0-empty-class-axis", name, lambda: make([np.zeros(BATCH + (0,)) for _ in params])))

    # ---- targets
    cases.append(("targets-wrong-shape", "targets", lambda: make(targets=y[..., :1])))
    cases.append(("targets-extra-axis", "targets", lambda: make(targets=y[..., None])))
    cases.append(("targets-list", "targets", lambda: make(targets=y.tolist())))
    cases.append(("targets-strings", "targets", lambda: make(targets=y.astype(str))))
    cases.append(("evaluate-without-targets", "targets", lambda: make().evaluate()))
    cases.append(("grad-without-targets", "targets", lambda: make().grad_of_evaluate()))
    cases.append(("nll-bad-targets-per-call", "targets", lambda: loss.nll(y[..., :1])))
    cases.append(("grad-bad-targets-per-call", "targets", lambda: loss.grad_of_evaluate(y[..., :1])))

    def spoil(value, flat=0, base=None):
        t = (y if base is None else base).astype(np.float64).copy()
        t.flat[flat] = value
        return t

    bad_targets = []
    if support.is_integer:
        bad_targets.append(("non-integer", spoil(0.5)))
    if support is Support.BINARY:
        bad_targets += [("two", spoil(2)), ("minus-one", spoil(-1))]
    elif support is Support.NONNEGATIVE_INTEGER:
        bad_targets += [("negative", spoil(-1)), ("inf", spoil(np.inf)), ("nan", spoil(np.nan))]
    elif support is Support.POSITIVE_INTEGER:
        bad_targets += [("zero", spoil(0)), ("negative", spoil(-1)), ("inf", spoil(np.inf)), ("nan", spoil(np.nan))]
    elif support is Support.BOUNDED_INTEGER:
        bound = hypers[family.target.bound]
        bad_targets += [("negative", spoil(-1)), ("above-bound", spoil(bound + 1))]
    elif support is Support.POSITIVE:
        bad_targets += [("zero", spoil(0.0)), ("negative", spoil(-1.0)), ("inf", spoil(np.inf)), ("nan", spoil(np.nan))]
    elif support is Support.UNIT_INTERVAL:
        bad_targets += [("zero", spoil(0.0)), ("one", spoil(1.0)), ("above-one", spoil(1.5)), ("nan", spoil(np.nan))]
    elif support in (Support.REAL, Support.REAL_VECTOR):
        bad_targets += [("inf", spoil(np.inf)), ("nan", spoil(np.nan))]
    elif support in (Support.INTERVAL, Support.ANGLE):  # read from the target's declared bounds
        lo, lo_open, hi, hi_open = family.target.bounds.resolve(hypers)
        for side, bound, is_open, sign in (("lower", lo, lo_open, -1.0), ("upper", hi, hi_open, 1.0)):
            if math.isfinite(bound):
                bad_targets.append((f"beyond-{side}", spoil(bound + sign * 0.5)))
                if is_open:
                    bad_targets.append((f"at-open-{side}", spoil(bound)))
        bad_targets += [("inf", spoil(np.inf)), ("nan", spoil(np.nan))]
    elif support is Support.CLASS_INDEX:
        k = pshape[-1]
        bad_targets += [("class-K", spoil(k)), ("class-negative", spoil(-1))]
    elif support is Support.ONE_HOT:
        two = y.astype(np.float64).copy()
        two[0, 0, :] = 1
        zero = y.astype(np.float64).copy()
        zero[0, 0, :] = 0
        bad_targets += [("two-ones", two), ("zero-row", zero), ("negative", spoil(-1))]
    elif support is Support.COUNTS:
        more = y.astype(np.float64).copy()
        more[0, 0, 0] += 1
        neg = y.astype(np.float64).copy()
        neg[0, 0, 0] -= 1 + neg[0, 0, 0]
        neg[0, 0, 1] += 1 + y[0, 0, 0]
        bad_targets += [("sum-off", more), ("negative-count", neg)]
    elif support is Support.SIMPLEX:
        off = y.copy()
        off[0, 0, 0] += 0.1
        zero = y.copy()
        zero[0, 0, 1] += zero[0, 0, 0]
        zero[0, 0, 0] = 0.0
        bad_targets += [("row-sum-off", off), ("zero-entry", zero), ("nan", spoil(np.nan))]
    for label, t in bad_targets:
        cases.append((f"targets-{label}", "targets", lambda t=t: make(targets=t)))
        cases.append((f"targets-{label}-per-call", "targets", lambda t=t: loss.nll(t)))

    # ---- mask and weight
    cases += [
        ("mask-wrong-shape", "mask", lambda: make(targets=y, mask=np.ones(BATCH[:1]))),
        ("mask-param-shape", "mask", lambda: make(targets=y, mask=np.ones(BATCH + (2,)))),
        ("mask-value-2", "mask", lambda: make(targets=y, mask=np.full(BATCH, 2.0))),
        ("mask-value-half", "mask", lambda: make(targets=y, mask=np.full(BATCH, 0.5))),
        ("mask-nan", "mask", lambda: make(targets=y, mask=np.full(BATCH, np.nan))),
        ("mask-list", "mask", lambda: make(targets=y, mask=np.ones(BATCH).tolist())),
        ("weight-negative", "weight", lambda: make(targets=y, weight=-1.0)),
        ("weight-nan", "weight", lambda: make(targets=y, weight=float("nan"))),
        ("weight-inf", "weight", lambda: make(targets=y, weight=float("inf"))),
        ("weight-array-not-the-batch-shape", "weight", lambda: make(targets=y, weight=np.ones(2))),
        ("weight-string", "weight", lambda: make(targets=y, weight="1")),
        ("weight-none", "weight", lambda: make(targets=y, weight=None)),
        ("weight-bool", "weight", lambda: make(targets=y, weight=True)),
    ]

    # ---- product vectors
    good_v = ref.public([np.ones(pshape) for _ in range(d)], d)
    inner = tuple(loss.fisher_factor_inner_shape)
    bad_inputs = {
        "wrong-shape": ref.public([np.ones(pshape[:-1] + (pshape[-1] + 1,)) for _ in range(d)], d),
        "float32": ref.public([np.ones(pshape, dtype=np.float32) for _ in range(d)], d),
        "int": ref.public([np.ones(pshape, dtype=np.int64) for _ in range(d)], d),
        "list": ref.public([np.ones(pshape).tolist() for _ in range(d)], d),
    }
    if d > 1:
        bad_inputs["short-tuple"] = tuple(good_v[:-1])
        bad_inputs["long-tuple"] = tuple(good_v) + (good_v[0],)
        bad_inputs["stacked-array"] = np.stack(good_v, axis=-1)
    bad_factor = {
        "wrong-shape": np.ones(inner[:-1] + (inner[-1] + 1,)),
        "float32": np.ones(inner, dtype=np.float32),
        "int": np.ones(inner, dtype=np.int64),
        "list": np.ones(inner).tolist(),
        "tuple": tuple(np.ones(inner)[..., 0] for _ in range(2)) if len(inner) > 1 else (np.ones(inner),),
    }
    if d > 1:
        bad_factor["input-shape"] = np.ones(pshape)
    for kind in ("fisher", "hessian", "ggn"):
        for label, v in bad_inputs.items():
            cases.append((f"multiply_{kind}-{label}", "vector", lambda m=f"multiply_{kind}", v=v: getattr(loss, m)(v)))
            cases.append((f"multiply_{kind}_factor_transpose-{label}", "vector",
                          lambda m=f"multiply_{kind}_factor_transpose", v=v: getattr(loss, m)(v)))
        for label, u in bad_factor.items():
            cases.append((f"multiply_{kind}_factor-{label}", "vector", lambda m=f"multiply_{kind}_factor", u=u: getattr(loss, m)(u)))
        m = f"multiply_{kind}_factor_replicated_one_hot"
        n_index = len(inner) - 1
        good_index = (0,) * n_index
        for label, index in {
            "too-long": good_index + (0,),
            "too-short": good_index[:-1],
            "out-of-range": good_index[:-1] + (inner[-1],),
            "negative": good_index[:-1] + (-1,),
            "float": good_index[:-1] + (0.0,),
            "bool": good_index[:-1] + (True,),
            "string": "0",
        }.items():
            cases.append((f"{m}-{label}", "index", lambda m=m, index=index: getattr(loss, m)(index)))

    # ---- seeds
    for label, seed in (("negative", -1), ("float", 1.5), ("string", "1"), ("bool", True), ("legacy-randomstate", np.random.RandomState(0))):
        cases.append((f"seed-constructor-{label}", "seed", lambda seed=seed: make(seed=seed)))
        cases.append((f"seed-sample-{label}", "seed", lambda seed=seed: loss.sample(seed)))
        cases.append((f"seed-evaluate_on_sample-{label}", "seed", lambda seed=seed: loss.evaluate_on_sample(seed)))
        cases.append((f"seed-grad_of_evaluate_on_sample-{label}", "seed", lambda seed=seed: loss.grad_of_evaluate_on_sample(seed)))

    # ---- hyper-parameters
    for h in family.hypers:
        lo, hi = ref.bounds(h.domain)
        values = {"nan": float("nan"), "string": "2", "none": None, "bool": True, "inf": float("inf")}
        if math.isfinite(lo):
            values["below-lo"] = lo - 1
            if h.domain.left_open:
                values["at-lo"] = type(h.default)(lo) if h.integer else lo
        if math.isfinite(hi):
            values["above-hi"] = hi + 1
        if h.integer:
            values["non-integer"] = 2.5
        values["wrong-shape-array"] = np.full(BATCH[:1], float(h.default))
        for label, value in values.items():
            cases.append((f"{h.name}-{label}", h.name, lambda value=value, h=h: make(h={**hypers, h.name: value})))
    return cases


ALL_CASES = [(family, label, arg, thunk) for family in FAMILIES for (label, arg, thunk) in _cases(family)]


@pytest.mark.parametrize(("family_name", "label", "argname", "thunk"), [(f.name, *rest) for f, *rest in ALL_CASES],
                         ids=[f"{f.name}-{label}" for f, label, _, _ in ALL_CASES])
def test_bad_input_raises_naming_the_argument(family_name, label, argname, thunk):
    with pytest.raises(NatlossInputError, match=re.escape(argname)):
        thunk()


def test_type_errors_are_natloss_type_errors(family):
    """Wrong types (not just wrong values) raise the TypeError subclass."""
    cls, params, hypers, y = _valid(family)
    with pytest.raises(NatlossTypeError, match=re.escape(family.params[0].name)):
        ref.make_loss(cls, _with(params, 0, params[0].tolist()), hypers)
    loss = ref.make_loss(cls, params, hypers, targets=y)
    with pytest.raises(NatlossTypeError, match="vector"):
        loss.multiply_fisher("not an array")
    with pytest.raises(NatlossTypeError, match="index"):
        loss.multiply_fisher_factor_replicated_one_hot("0")
    assert issubclass(NatlossTypeError, NatlossInputError) and issubclass(NatlossInputError, ValueError)


def test_valid_inputs_do_not_raise(family):
    """The spoiled cases above start from inputs that are accepted as they are."""
    cls, params, hypers, y = _valid(family)
    mask = np.ones(BATCH, dtype=bool)
    loss = ref.make_loss(cls, params, hypers, targets=y, mask=mask, weight=np.float64(0.5), seed=np.random.default_rng(1))
    loss.evaluate()
    inner = tuple(loss.fisher_factor_inner_shape)
    loss.multiply_fisher_factor_replicated_one_hot((0,) * (len(inner) - 1))
    loss.multiply_fisher_factor(np.ones(inner))
