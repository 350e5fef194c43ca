"""The op-table conformance matrix: every op of the table, at every dtype it accepts, on its
examples (``OpDef.examples``) and on views of them (transposed, reversed and strided operands),
through onnxruntime three times: as lazyten runs it (its passes and session options), as a
user runs the exported model (onnxruntime's default ``SessionOptions``, whose optimizer rewrites
the graph first), and as an exported model that holds the operands as constants (captured
arrays), which onnxruntime folds with its own kernels when it loads it. Elementwise ops also run
chained (applied to their own result), which must round in between as NumPy does. Both must give the op's NumPy reference: bit for bit for integers, bools and exact
float ops, within ``OpDef.ulps`` units in the last place for the others, with NaN, infinities
and (where ``OpDef.signed_zeros``) the signs of zeros exactly.

    python tests/op_matrix.py            # the whole matrix (a few minutes on 2 cores)
    python tests/op_matrix.py --op matmul --dtype float32
    python tests/op_matrix.py --quick    # the slice `make test` runs
    python tests/op_matrix.py --opsets   # also every exported model at opsets 17 to 20

Each (op, dtype) is one graph holding all its cases; a graph onnxruntime fails on is re-run
case by case, so every failure names its case.
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable

import numpy as np
import onnx
import onnxruntime as ort

import lazyten  # noqa: F401  (installs the backend, loads the op table)
from lazyten import dtypes as D
from lazyten.errors import ArgumentError, DTypeError, ShapeError
from lazyten.interp import evaluate
from lazyten.ir import Constant, Graph, Node, TensorType, topo_order
from lazyten.ops import OPS, OpDef, pairs_array
from lazyten.runtime import OrtExecutable, for_opset

VIEWS = ("plain", "transposed", "reversed", "strided", "chained")
QUICK_DTYPES = (D.bool_, D.int8, D.uint16, D.int32, D.int64, D.uint64, D.float16, D.float32,
                D.float64, D.complex64, D.complex128)
LEAVES = ("input", "data", "const")
OLDER_OPSETS = (17, 18, 19, 20)


@dataclass
class Failure:
    op: str
    dtype: str
    case: str
    runner: str
    problem: str

    def __str__(self) -> str:
        return f"{self.op}[{self.dtype}] {self.case} ({self.runner}): {self.problem}"


@dataclass
class Case:
    label: str
    args: tuple[np.ndarray, ...]      # the values the op sees
    feeds: tuple[np.ndarray, ...]     # what is fed (the bases of view operands)
    views: tuple[Callable[[Node], Node], ...]
    attrs: dict[str, Any]
    chained: bool = False  # the op applied again to its own result (as its first operand)


def _node(op: str, inputs: tuple[Node, ...], attrs: dict) -> Node:
    t = OPS[op].infer(tuple(i.type for i in inputs), attrs)
    return Node(op, inputs, attrs, t, f"case of {op}")


def _full(shape: tuple[int, ...]) -> tuple:
    return tuple(("s", 0, d, 1) for d in shape)


def view_of(arr: np.ndarray, kind: str) -> tuple[np.ndarray, Callable[[Node], Node]] | None:
    """A base array and the view op that turns its input node into ``arr``; None where the
    view does not apply to an array of this rank."""
    if kind == "transposed" and arr.ndim >= 2:
        perm = tuple(range(arr.ndim - 2)) + (arr.ndim - 1, arr.ndim - 2)
        base = np.ascontiguousarray(np.transpose(arr, perm))
        return base, lambda x: _node("permute", (x,), {"perm": perm})
    if kind == "reversed" and arr.ndim >= 1:
        base = np.ascontiguousarray(np.flip(arr, 0))
        index = (("s",) + slice(None, None, -1).indices(arr.shape[0]),) + _full(arr.shape[1:])
        return base, lambda x: _node("getitem", (x,), {"index": index})
    if kind == "strided" and arr.ndim >= 1:
        base = np.repeat(arr, 2, axis=0)
        base[1::2] = np.flip(arr, 0) if arr.shape[0] else base[1::2]
        index = (("s", 0, 2 * arr.shape[0], 2),) + _full(arr.shape[1:])
        return base, lambda x: _node("getitem", (x,), {"index": index})
    return None


def _chains(opdef: OpDef, dt: D.DType) -> bool:
    """Elementwise ops whose result can be their first operand again: a chain of two must
    round in between, as NumPy does (onnxruntime removed the float16 rounding between ops).
    Only exact ops, and float16 (whose ulp dwarfs float32's): for the others, a chain only
    magnifies the ulps the op may stray by."""
    return opdef.elementwise and opdef.name not in ("where", "cast") and \
        (opdef.ulps == 0 or dt is D.float16)


def cases_of(opdef: OpDef, dt: D.DType, views: Iterable[str]) -> list[Case]:
    out: list[Case] = []
    if dt.kind == "c" and not opdef.complex_ok:  # refused when recorded: nothing to run
        return out
    for k, ex in enumerate(opdef.examples(dt)):
        args = tuple(np.asarray(a) for a in ex.args)
        for kind in views:
            if kind == "chained":
                if _chains(opdef, dt):
                    shapes = ",".join(str(list(a.shape)) for a in args)
                    out.append(Case(f"#{k} chained ({shapes})", args, args,
                                    tuple(lambda x: x for _ in args), ex.attrs, True))
                continue
            feeds, builders, applied = [], [], False
            for a in args:
                made = view_of(a, kind) if kind != "plain" else None
                if made is None:
                    feeds.append(a)
                    builders.append(lambda x: x)
                else:
                    feeds.append(made[0])
                    builders.append(made[1])
                    applied = True
            if kind == "plain" or applied:
                shapes = ",".join(str(list(a.shape)) for a in args)
                out.append(Case(f"#{k} {kind} ({shapes}) {ex.attrs or ''}".rstrip(),
                                args, tuple(feeds), tuple(builders), ex.attrs))
    return out


def build_graph(op: str, cases: list[Case], constants: bool = False) -> Graph:
    """The cases as one graph: operands are graph inputs, or (``constants``) constants baked
    into the model, which onnxruntime folds with its own kernels when it loads it."""
    inputs, outputs = [], []
    for k, case in enumerate(cases):
        operands = []
        for j, (feed, view) in enumerate(zip(case.feeds, case.views)):
            t = TensorType(D.as_dtype(feed.dtype), feed.shape)
            if constants:
                x = Node("const", (), {"value": Constant(feed)}, t)
            else:
                x = Node("input", (), {"name": f"c{k}_{j}"}, t)
                inputs.append(x)
            operands.append(view(x))
        result = _node(op, tuple(operands), case.attrs)
        if case.chained and result.dtype is operands[0].dtype:
            result = _node(op, (result,) + tuple(operands[1:]), case.attrs)
        outputs.append(result)
    return Graph(tuple(inputs), tuple(_topo(outputs)), tuple(outputs), f"matrix_{op}")


def _topo(outputs: list[Node]) -> list[Node]:
    return [n for n in topo_order(outputs) if n.op != "input"]


def compare(opdef: OpDef, got: np.ndarray, want: np.ndarray) -> str | None:
    """Why ``got`` is not ``want`` for this op, or None."""
    got = np.asarray(got)
    if got.dtype != want.dtype or got.shape != want.shape:
        return f"got {got.dtype}{list(got.shape)}, want {want.dtype}{list(want.shape)}"
    if want.dtype.kind == "c":  # the parts, as floats (the last axis: real, imaginary)
        if opdef.complex_ulps:
            opdef = replace(opdef, ulps=opdef.complex_ulps, normwise=True, signed_zeros=False)
        return compare(opdef, pairs_array(got), pairs_array(want))
    if want.dtype.kind != "f":
        if np.array_equal(got, want):
            return None
        bad = np.argwhere(got != want)[:3]
        return "values differ at " + "; ".join(
            f"{tuple(i)}: got {got[tuple(i)]!r}, want {want[tuple(i)]!r}" for i in bad)
    with np.errstate(over="ignore"):
        g64, w64 = got.astype(np.float64), want.astype(np.float64)
    nan_g, nan_w = np.isnan(g64), np.isnan(w64)
    ok = nan_g == nan_w
    both = ~nan_g & ~nan_w
    exact = g64 == w64
    if opdef.ulps:
        finite = np.abs(want[np.isfinite(want)])
        scale = finite.max(initial=0) if opdef.normwise else np.abs(want)
        with np.errstate(all="ignore"):
            spacing = np.spacing(scale).astype(np.float64)
        floor = np.float64(np.finfo(want.dtype).tiny)  # results that are subnormal or zero
        with np.errstate(invalid="ignore"):
            close = np.abs(g64 - w64) <= opdef.ulps * np.maximum(spacing, floor)
        exact |= close & np.isfinite(w64) & np.isfinite(g64)
    ok &= ~both | exact
    if opdef.signed_zeros:
        zeros = both & (w64 == 0) & (g64 == 0)
        ok &= ~zeros | (np.signbit(g64) == np.signbit(w64))
    if ok.all():
        return None
    bad = np.argwhere(~ok)[:3]
    return "values differ at " + "; ".join(
        f"{tuple(i)}: got {got[tuple(i)]!r}, want {want[tuple(i)]!r}" for i in bad)


_DEFAULT_OPTIONS = ort.SessionOptions()
_DEFAULT_OPTIONS.log_severity_level = 4


def _default_session(model: onnx.ModelProto) -> ort.InferenceSession:
    onnx.checker.check_model(model, full_check=True)
    return ort.InferenceSession(model.SerializeToString(), _DEFAULT_OPTIONS,
                                providers=["CPUExecutionProvider"])


# lazyten's pipeline without its own constant folding: onnxruntime folds the constants instead
_NO_FOLDING = ["simplify", "cse", "fuse_patterns", "dce", "memory_plan"]


def _runners(op: str, cases: list[Case], opsets: Iterable[int] = ()
             ) -> list[tuple[str, Callable[[list[np.ndarray]], list[Any]]]]:
    """How each case runs: as lazyten runs it, as the exported model in a default session,
    as an exported model holding its operands as constants, and as the exported model
    rewritten for each of ``opsets`` (where the op exists at that opset)."""
    exe = OrtExecutable(build_graph(op, cases))
    session = _default_session(exe.model)
    folded = _default_session(OrtExecutable(build_graph(op, cases, constants=True),
                                            passes=_NO_FOLDING).model)
    runners = [("lazyten", lambda feeds: exe(feeds)),
               ("exported", _exported(session, exe.graph)),
               ("exported-constants", _exported(folded, exe.graph, fed=False))]
    for opset in opsets:
        try:
            older = _default_session(for_opset(exe.model, opset))
        except ArgumentError:  # an op ONNX does not have at this opset: refused by name
            continue
        runners.append((f"opset-{opset}", _exported(older, exe.graph)))
    return runners


def _exported(session: ort.InferenceSession, g: Graph, fed: bool = True
              ) -> Callable[[list[np.ndarray]], list[Any]]:
    """A run of an exported model as a user makes it: complex values fed as real pairs
    (``x.view(float).reshape(x.shape + (2,))``) and read back as complex."""
    names = [n.attrs["name"] for n in g.inputs]

    def run(feeds: list[np.ndarray]) -> list[Any]:
        given = {name: pairs_array(f) if f.dtype.kind == "c" else f
                 for name, f in zip(names, feeds)} if fed else {}
        results = session.run(None, given)
        return [r.view(o.dtype.np)[..., 0] if o.dtype.kind == "c" else r
                for r, o in zip(results, g.outputs)]
    return run


def _run_cases(opdef: OpDef, dt: D.DType, cases: list[Case], opsets: Iterable[int] = ()
               ) -> list[Failure]:
    g = build_graph(opdef.name, cases)
    feeds = [f for c in cases for f in c.feeds]
    wants = evaluate(g, feeds)  # the reference; also checks its dtype/shape against infer
    failures = []
    for runner, run in _runners(opdef.name, cases, opsets):
        results = run(feeds)
        for case, got, want in zip(cases, results, wants):
            problem = compare(opdef, np.asarray(got), want)
            if problem:
                failures.append(Failure(opdef.name, dt.name, case.label, runner, problem))
    return failures


def check_op_dtype(opdef: OpDef, dt: D.DType, views: Iterable[str] = VIEWS,
                   opsets: Iterable[int] = ()) -> list[Failure]:
    """Every case of ``opdef`` at ``dt``; [] when the op does not take ``dt``. ``opsets``: the
    older opsets the exported model also runs at."""
    cases = []
    for case in cases_of(opdef, dt, views):
        try:
            build_graph(opdef.name, [case])
        except (DTypeError, ShapeError):
            continue  # the op does not take this dtype (or view): inference says so
        cases.append(case)
    if not cases:
        return []
    try:
        return _run_cases(opdef, dt, cases, opsets)
    except Exception:  # one case broke the graph: find which, one by one
        failures = []
        for case in cases:
            try:
                failures += _run_cases(opdef, dt, [case], opsets)
            except Exception as exc:
                failures.append(Failure(opdef.name, dt.name, case.label, "any",
                                        f"{type(exc).__name__}: {str(exc)[:300]}"))
        return failures


def matrix_ops() -> list[str]:
    return [name for name in OPS if name not in LEAVES]


def run_matrix(ops: Iterable[str] | None = None, dtypes: Iterable[D.DType] = D.EVERY,
               views: Iterable[str] = VIEWS, report: Callable[[str], None] | None = None,
               opsets: Iterable[int] = ()) -> list[Failure]:
    failures: list[Failure] = []
    views, opsets = tuple(views), tuple(opsets)
    for name in ops or matrix_ops():
        start = time.perf_counter()
        found = []
        for dt in dtypes:
            found += check_op_dtype(OPS[name], dt, views, opsets)
        failures += found
        if report:
            report(f"{name:<16} {time.perf_counter() - start:6.2f} s  "
                   f"{'ok' if not found else f'{len(found)} failures'}")
    return failures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--op", action="append", help="only this op (repeatable)")
    ap.add_argument("--dtype", action="append", help="only this dtype (repeatable)")
    ap.add_argument("--quick", action="store_true", help="the slice `make test` runs")
    ap.add_argument("--opsets", action="store_true",
                    help="also run each exported model rewritten for opsets 17 to 20")
    args = ap.parse_args(argv)
    dtypes = [D.as_dtype(d) for d in args.dtype] if args.dtype else \
        (QUICK_DTYPES if args.quick else D.EVERY)
    views = ("plain", "transposed", "chained") if args.quick else VIEWS
    start = time.perf_counter()
    failures = run_matrix(args.op, dtypes, views, report=print,
                          opsets=OLDER_OPSETS if args.opsets else ())
    print(f"\n{len(failures)} failures in {time.perf_counter() - start:.1f} s")
    for f in failures:
        print(" ", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
