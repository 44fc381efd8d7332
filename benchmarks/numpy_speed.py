"""Generated NumPy losses vs hand-written NumPy/SciPy transcriptions, op by op.

    python benchmarks/numpy_speed.py [--markdown] [--quick] [--families a,b] [--dtypes float64]

For every family and dtype it times each op of the generated class
(`natloss.generated.numpy.<Class>`) and of its transcription (`benchmarks/transcriptions.py`)
in the same process, interleaved (A B, then B A, ... `--repeats` times), and prints the
ratio of the medians, generated / transcription (< 1: natloss is faster).

Realistic K-FAC usage: one loss is built per step (with its targets) and each product is
then called several times on it. natloss caches the Fisher and factor entries per
instance, the transcriptions recompute per call, so each product is timed twice:

* ``1st``: construct the loss and call the product once (the generated constructor checks
  every input; the transcription's constructor stores references);
* ``rep``: call the product again on a loss whose cache is already filled.

``evaluate``, ``grad`` and ``sample`` run on an already built loss; ``step`` is one K-FAC
step on a fresh loss: construct, evaluate, grad, 3 x F v, B u, B^T v. ``ctor ms`` is the
generated constructor alone (absolute, milliseconds).

Sizes: N = 2**20 cases (one-parameter families: inputs (1024, 1024); two-parameter:
two arrays (2**20,)); the categorical loss at logits (4096, 1000) once
`CategoricalLogitsNegativeLogProbLoss` exists. `--quick`: N = 2**16, logits (512, 1000).
"""
from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import scipy

sys.path.insert(0, str(Path(__file__).resolve().parent))
import transcriptions as tr  # noqa: E402

import natloss.generated.numpy as gen  # noqa: E402

# --------------------------------------------------------------------------- inputs
# family -> (generated class name, hypers, input maker). A maker takes (rng, shape) and
# returns (params as float64 arrays, float64 targets) in the family's natural parameters.


def _bernoulli(rng, shape):
    x = rng.normal(0, 3, shape)
    return (x,), (rng.random(shape) < 1 / (1 + np.exp(-x))).astype(float)


def _binomial(rng, shape):
    x = rng.normal(0, 2, shape)
    return (x,), rng.binomial(10, 1 / (1 + np.exp(-x))).astype(float)


def _poisson(rng, shape):
    x = rng.uniform(-2, 3, shape)
    return (x,), rng.poisson(np.exp(x)).astype(float)


def _exponential(rng, shape):
    rate = rng.uniform(0.5, 3, shape)
    return (-rate,), np.maximum(rng.exponential(1 / rate), 1e-6)


def _geometric(rng, shape):
    q = rng.uniform(0.05, 0.95, shape)
    return (np.log(q),), (rng.geometric(1 - q) - 1).astype(float)


def _negative_binomial(rng, shape):
    p = rng.uniform(0.05, 0.9, shape)
    return (np.log(p),), rng.negative_binomial(3.0, 1 - p).astype(float)


def _normal_mean(rng, shape):
    mu = rng.normal(0, 1, shape)
    return (mu,), rng.normal(mu, np.sqrt(0.5))


def _normal_moments(rng, shape):
    mu, s2 = rng.normal(0, 1, shape), rng.uniform(0.5, 2, shape)
    return mu, s2, (mu / s2, -0.5 / s2)


def _normal(rng, shape):
    mu, s2, params = _normal_moments(rng, shape)
    return params, rng.normal(mu, np.sqrt(s2))


def _log_normal(rng, shape):
    mu, s2, params = _normal_moments(rng, shape)
    return params, np.exp(rng.normal(mu, np.sqrt(s2)))


def _gamma(rng, shape):
    a, b = rng.uniform(0.5, 5, shape), rng.uniform(0.5, 3, shape)
    return (a - 1, -b), np.maximum(rng.gamma(a, 1 / b), 1e-6)


def _beta(rng, shape):
    a, b = rng.uniform(0.5, 5, shape), rng.uniform(0.5, 5, shape)
    return (a - 1, b - 1), np.clip(rng.beta(a, b), 1e-4, 1 - 1e-4)


def _inverse_gaussian(rng, shape):
    mu, lam = rng.uniform(0.5, 2, shape), rng.uniform(0.5, 3, shape)
    return (-lam / (2 * mu * mu), -lam / 2), np.maximum(rng.wald(mu, lam), 1e-6)


FAMILIES = {
    "bernoulli": ("MultiBernoulliNegativeLogProbLoss", {}, _bernoulli),
    "binomial": ("BinomialNegativeLogProbLoss", {"trials": 10}, _binomial),
    "poisson": ("PoissonNegativeLogProbLoss", {}, _poisson),
    "exponential": ("ExponentialNegativeLogProbLoss", {}, _exponential),
    "geometric": ("GeometricNegativeLogProbLoss", {}, _geometric),
    "negative_binomial": ("NegativeBinomialNegativeLogProbLoss", {"failures": 3.0}, _negative_binomial),
    "normal_mean": ("NormalMeanNegativeLogProbLoss", {"var": 0.5}, _normal_mean),
    "normal": ("NormalNegativeLogProbLoss", {}, _normal),
    "log_normal": ("LogNormalNegativeLogProbLoss", {}, _log_normal),
    "gamma": ("GammaNegativeLogProbLoss", {}, _gamma),
    "beta": ("BetaNegativeLogProbLoss", {}, _beta),
    "inverse_gaussian": ("InverseGaussianNegativeLogProbLoss", {}, _inverse_gaussian),
}
CATEGORICAL_CLASS = "CategoricalLogitsNegativeLogProbLoss"

OPS = ("evaluate", "grad", "Fv 1st", "Fv rep", "Bu 1st", "Bu rep", "BTv 1st", "BTv rep",
       "1hot 1st", "1hot rep", "sample", "step")
PRODUCTS = {
    "Fv": ("multiply_fisher", "v"),
    "Bu": ("multiply_fisher_factor", "u"),
    "BTv": ("multiply_fisher_factor_transpose", "v"),
    "1hot": ("multiply_fisher_factor_replicated_one_hot", "index"),
}


class Case:
    """One family at one dtype: the inputs, both implementations and the op callables."""

    def __init__(self, name, gen_cls, tr_cls, params, targets, hypers, index):
        self.name = name
        self.gen_cls, self.tr_cls = gen_cls, tr_cls
        self.params, self.targets, self.hypers = params, targets, hypers
        rng = np.random.default_rng(1)
        dtype = params[0].dtype
        shape = params[0].shape
        vec = tuple(rng.standard_normal(shape).astype(dtype) for _ in params)
        self.v = vec[0] if len(params) == 1 else vec
        self.gen = self.make_gen()
        inner = tuple(self.gen.fisher_factor_inner_shape)
        self.u = rng.standard_normal(inner).astype(dtype)
        self.index = index
        self.tr = self.make_tr()
        for product, arg in PRODUCTS.values():  # fill the generated loss's caches
            getattr(self.gen, product)(getattr(self, arg))

    def make_gen(self):
        return self.gen_cls(*self.params, targets=self.targets, **self.hypers)

    def make_tr(self):
        return self.tr_cls(*self.params, targets=self.targets, **self.hypers)

    def op(self, side, name):
        """A zero-argument callable running `name` for `side` ('gen' or 'tr')."""
        make = self.make_gen if side == "gen" else self.make_tr
        built = self.gen if side == "gen" else self.tr
        if name == "evaluate":
            return built.evaluate
        if name == "grad":
            return built.grad_of_evaluate
        if name == "sample":
            return lambda: built.sample(0)
        if name == "step":
            v, u = self.v, self.u

            def step():
                loss = make()
                loss.evaluate()
                loss.grad_of_evaluate()
                for _ in range(3):
                    loss.multiply_fisher(v)
                loss.multiply_fisher_factor(u)
                loss.multiply_fisher_factor_transpose(v)
            return step
        kind, when = name.split()
        product, argname = PRODUCTS[kind]
        arg = getattr(self, argname)
        if when == "1st":
            return lambda: getattr(make(), product)(arg)
        return lambda: getattr(built, product)(arg)

    def ctor(self):
        return self.make_gen


def _scalar_case(name, dtype, n_side):
    cls_name, hypers, maker = FAMILIES[name]
    rng = np.random.default_rng(0)
    params, y = maker(rng, (n_side, n_side) if len(getattr(gen, cls_name).param_names) == 1 else (n_side * n_side,))
    params = tuple(p.astype(dtype) for p in params)
    y = y.astype(dtype)
    index = (3,) if params[0].ndim == 2 else (0,)
    return Case(name, getattr(gen, cls_name), tr.TRANSCRIPTIONS[name], params, y, hypers, index)


def _categorical_case(dtype, rows, k):
    cls = getattr(gen, CATEGORICAL_CLASS)
    rng = np.random.default_rng(0)
    logits = rng.normal(0, 2, (rows, k)).astype(dtype)
    y = rng.integers(0, k, rows)
    if getattr(cls, "target_support", "class_index") == "one_hot":
        y = np.eye(k, dtype=dtype)[y]
    return Case("categorical", cls, tr.CategoricalTranscription, (logits,), y, {}, (3,))


# --------------------------------------------------------------------------- checks
def _close(a, b, rtol):
    a, b = (a if isinstance(a, tuple) else (a,)), (b if isinstance(b, tuple) else (b,))
    if len(a) != len(b):
        return False
    for x, z in zip(a, b):
        x, z = np.asarray(x, dtype=np.float64), np.asarray(z, dtype=np.float64)
        if x.shape != z.shape:
            x, z = np.broadcast_arrays(x, z)
        if not np.allclose(x, z, rtol=rtol, atol=rtol * max(1.0, float(np.abs(z).max(initial=0)))):
            return False
    return True


def check(case):
    """Names of the ops where the two implementations disagree (sample: shapes only).
    Run at a small size before timing, it is also the warm-up of every code path."""
    rtol = 1e-6 if case.params[0].dtype == np.float64 else 2e-3
    bad = []
    g, t = case.gen, case.tr
    pairs = [("evaluate", g.evaluate(), t.evaluate()), ("grad", g.grad_of_evaluate(), t.grad_of_evaluate())]
    for kind, (product, argname) in PRODUCTS.items():
        arg = getattr(case, argname)
        pairs.append((kind, getattr(g, product)(arg), getattr(t, product)(arg)))
    for name, a, b in pairs:
        if not _close(a, b, rtol):
            bad.append(name)
    s = g.sample(0)
    if np.shape(s) != np.shape(t.sample(0)):
        bad.append("sample shape")
    return bad


# --------------------------------------------------------------------------- timing
def _time(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _groups(case):
    """(group, {label: generated callable}, transcription callable). A transcription has no
    state, so one timing of its product serves both the `1st` and the `rep` columns."""
    groups = []
    for op in OPS:
        if op.endswith(" rep"):
            continue
        if op.endswith(" 1st"):
            kind = op.split()[0]
            gens = {op: case.op("gen", op), f"{kind} rep": case.op("gen", f"{kind} rep")}
            groups.append((kind, gens, case.op("tr", f"{kind} rep")))
        else:
            groups.append((op, {op: case.op("gen", op)}, case.op("tr", op)))
    return groups


def measure(case, repeats, budget, min_repeats=3):
    """{op: (generated median s, transcription median s, samples)} and the constructor's median s.

    Interleaved: in even rounds the generated calls run first, in odd rounds the
    transcription. After the first round each group gets as many rounds as fit in `budget`
    seconds (at least `min_repeats`, `step` at least 1, at most `repeats`), so the
    special-function families (trigamma at ~0.5 us per element) stay affordable."""
    groups = _groups(case)
    times = {label: [] for _, gens, _ in groups for label in gens}
    tr_times = {group: [] for group, _, _ in groups}
    rounds = {group: repeats for group, _, _ in groups}
    ctor, make = [], case.ctor()
    for r in range(repeats):
        for group, gens, trans in groups:
            if r >= rounds[group]:
                continue
            if r % 2 == 0:
                for label, fn in gens.items():
                    times[label].append(_time(fn))
                tr_times[group].append(_time(trans))
            else:
                tr_times[group].append(_time(trans))
                for label, fn in reversed(list(gens.items())):
                    times[label].append(_time(fn))
            if r == 0:
                cost = sum(v[0] for k, v in times.items() if k in gens) + tr_times[group][0]
                floor = 1 if group == "step" else min_repeats
                rounds[group] = max(floor, min(repeats, int(budget / max(cost, 1e-9)) + 1))
        if r < min_repeats:
            ctor.append(_time(make))
    med = {}
    for group, gens, _ in groups:
        t = statistics.median(tr_times[group])
        for label in gens:
            med[label] = (statistics.median(times[label]), t, len(times[label]))
    return med, statistics.median(ctor)


# --------------------------------------------------------------------------- output
ROOT = Path(__file__).resolve().parent.parent


def _revision():
    """The checkout's commit, and whether the tree has uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"
    return f"natloss {head or '?'}{' + uncommitted changes' if dirty else ''}"


def machine_info():
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu}, {os.cpu_count()} CPU(s), load {load:.1f}; Python {platform.python_version()},"
            f" NumPy {np.__version__}, SciPy {scipy.__version__}, {platform.system()} {platform.machine()}; {_revision()}")


def table(rows, dtype, markdown):
    head = ["family"] + list(OPS) + ["ctor ms"]
    body = []
    for name, (med, ctor) in rows:
        cells = [name]
        for op in OPS:
            g, t, n = med[op]
            cells.append((f"{g / t:.2f}" if t > 0 else "-") + ("*" if n < 3 else ""))
        cells.append(f"{ctor * 1e3:.1f}")
        body.append(cells)
    widths = [max(len(r[i]) for r in [head] + body) for i in range(len(head))]
    out = []
    if markdown:
        out.append(f"**{dtype}**, ratio generated / transcription (< 1: natloss faster)\n")
        out.append("| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |")
        out.append("|" + "|".join("-" * (w + 1) + ":" if i else "-" * (w + 2) for i, w in enumerate(widths)) + "|")
        for r in body:
            out.append("| " + " | ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))) + " |")
    else:
        out.append(f"{dtype}: ratio generated / transcription (< 1: natloss faster)")
        out.append("  ".join(h.rjust(w) for h, w in zip(head, widths)))
        for r in body:
            out.append("  ".join(c.rjust(w) for c, w in zip(r, widths)))
    return "\n".join(out)


def abs_table(rows, dtype, markdown):
    """Absolute medians in ms, generated / transcription."""
    head = ["family"] + list(OPS)
    body = [[name] + [f"{med[op][0] * 1e3:.1f}/{med[op][1] * 1e3:.1f}" + ("*" if med[op][2] < 3 else "") for op in OPS] for name, (med, _) in rows]
    widths = [max(len(r[i]) for r in [head] + body) for i in range(len(head))]
    sep = " | " if markdown else "  "
    out = [f"{'**' + dtype + '**' if markdown else dtype}: median ms, generated/transcription" + ("\n" if markdown else "")]
    lines = [head] + body
    for j, r in enumerate(lines):
        text = sep.join(c.rjust(w) for c, w in zip(r, widths))
        out.append(f"| {text} |" if markdown else text)
        if markdown and j == 0:
            out.append("|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--markdown", action="store_true", help="Markdown tables with the command and machine above")
    ap.add_argument("--quick", action="store_true", help="N = 2**16 cases, logits (512, 1000), 5 repeats")
    ap.add_argument("--repeats", type=int, default=None, help="interleaved repeats per op (default 7, quick 5)")
    ap.add_argument("--budget", type=float, default=1.0,
                    help="seconds per op group and family after the first round; fewer rounds (>= 3; step >= 1) for slow ops")
    ap.add_argument("--families", default=None, help="comma-separated subset (add 'categorical')")
    ap.add_argument("--dtypes", default="float32,float64")
    ap.add_argument("--absolute", action="store_true", help="also print the absolute medians (ms)")
    args = ap.parse_args(argv)

    n_side = 256 if args.quick else 1024
    cat_rows = 512 if args.quick else 4096
    repeats = args.repeats or (5 if args.quick else 7)
    names = list(FAMILIES) + ["categorical"]
    if args.families:
        names = [n.strip() for n in args.families.split(",")]
    has_cat = hasattr(gen, CATEGORICAL_CLASS)

    command = "python benchmarks/numpy_speed.py " + " ".join(argv if argv is not None else sys.argv[1:])
    print(("`" + command.strip() + "`" if args.markdown else command.strip()))
    print(("" if not args.markdown else "\n") + machine_info())
    print(f"N = {n_side * n_side} cases per family; categorical {'(%d, 1000)' % cat_rows if has_cat else 'skipped: no ' + CATEGORICAL_CLASS + ' yet'};"
          f" median of up to {repeats} interleaved repeats"
          f" (at least 3, `step` at least 1, within {args.budget:g} s per op; * = fewer than 3)\n")
    sys.stdout.flush()

    start = time.perf_counter()
    for dtype in args.dtypes.split(","):
        dtype = np.dtype(dtype.strip())
        rows, mismatches = [], []
        for name in names:
            if name == "categorical":
                if not has_cat:
                    continue
                case = _categorical_case(dtype, cat_rows, 1000)
            else:
                case = _scalar_case(name, dtype, n_side)
            small = (_categorical_case(dtype, 64, 50) if name == "categorical" else _scalar_case(name, dtype, 64))
            bad = check(small)
            if bad:
                mismatches.append(f"{name}: {', '.join(bad)}")
            gc.collect()
            rows.append((name, measure(case, repeats, args.budget)))
            del case
            gc.collect()
        print(table(rows, dtype.name, args.markdown))
        print()
        if args.absolute:
            print(abs_table(rows, dtype.name, args.markdown))
            print()
        if mismatches:
            print("WARNING: generated and transcription disagree on: " + "; ".join(mismatches) + "\n")
        sys.stdout.flush()
    print(f"total {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
