"""Property tests: every pass and the whole pipeline, on random well-typed graphs built from the
op table, keep the verifier happy, leave results unchanged (reference executor, bit for bit, and
onnxruntime within float tolerance) and are idempotent."""
from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from hypothesis import given, strategies as st
from ir_helpers import random_feeds

from lazyten import float32, float64, int32, int64
from lazyten.interp import evaluate
from lazyten.ir import Constant, Graph, Node, TensorType
from lazyten.ops import OPS
from lazyten.passes import (const_fold, cse, dce, fuse_patterns, memory_plan, run_pipeline,
                            simplify, vectorize)
from lazyten.passes.vectorize import MIN_LANES
from lazyten.runtime.onnx_export import to_onnx
from lazyten.verify import verify

SCALARS = [0.0, -0.0, 1.0, 2.0, 0.5, -3.0, float("nan")]
INT_SCALARS = [0, 1, 2, -3]
WIDER = {float32: float64, float64: float32, int32: int64, int64: int32}


def _node(op: str, inputs: tuple[Node, ...], **attrs: object) -> Node:
    return Node(op, inputs, attrs, OPS[op].infer(tuple(i.type for i in inputs), attrs))


def _const(value: object, dtype, shape: tuple[int, ...] = ()) -> Node:
    arr = np.full(shape, value, dtype.np)
    return Node("const", (), {"value": Constant(arr)}, TensorType(dtype, shape))


@st.composite
def graphs(draw: st.DrawFn, max_steps: int = 14) -> Graph:
    dt = draw(st.sampled_from([float32, float64, int32, int64]))
    floats = dt.kind == "f"
    scalars = SCALARS if floats else INT_SCALARS
    shape = draw(st.sampled_from([(2, 3), (3, 4), (4,), (2, 3, 2)]))
    inputs = tuple(Node("input", (), {"name": f"x{k}"}, TensorType(dt, shape))
                   for k in range(draw(st.integers(1, 2))))
    vals: list[Node] = list(inputs)
    nodes: list[Node] = []

    def add(*new: Node) -> None:
        nodes.extend(new)
        vals.append(new[-1])

    for _ in range(draw(st.integers(1, max_steps))):
        v = draw(st.sampled_from(vals))
        kind = draw(st.sampled_from(
            ["unary", "bounded", "binary", "scalar", "reduce", "reshape", "permute", "neg2",
             "dup", "softmax", "cast2", "constfold", "expand", "writes"] if floats else
            ["unary", "binary", "scalar", "reduce", "reshape", "permute", "neg2", "dup",
             "cast2", "constfold", "expand", "writes"]))
        if kind == "unary":
            ops = ["neg", "abs", "tanh", "sqrt"] if v.dtype.kind == "f" else ["neg", "abs"]
            add(_node(draw(st.sampled_from(ops)), (v,)))
        elif kind == "bounded":
            t = _node("tanh", (v,))
            add(t, _node(draw(st.sampled_from(["exp", "sin", "cos"])), (t,)))
        elif kind == "binary":
            partners = [u for u in vals if u.shape in (v.shape, ()) and u.dtype is v.dtype]
            w = draw(st.sampled_from(partners or [v]))
            ops = ["add", "sub", "mul", "maximum"] + ["div"] * (v.dtype.kind == "f")
            op = draw(st.sampled_from(ops))
            add(_node(op, draw(st.permutations([v, w]))))
        elif kind == "scalar":
            c = _const(draw(st.sampled_from(scalars)), v.dtype)
            op = draw(st.sampled_from(["add", "sub", "mul"] + ["div"] * (v.dtype.kind == "f")))
            add(c, _node(op, tuple(draw(st.permutations([v, c])))))
        elif kind == "reduce" and v.shape:
            axis = draw(st.integers(0, len(v.shape) - 1))
            add(_node(draw(st.sampled_from(["reduce_sum", "reduce_max"])), (v,), axes=(axis,),
                      keepdims=draw(st.booleans())))
        elif kind == "reshape":
            size = v.type.size
            target = draw(st.sampled_from([(size,), (1, size), v.shape]))
            r = _node("reshape", (v,), shape=target)
            add(r, _node("reshape", (r,), shape=v.shape)) if draw(st.booleans()) else add(r)
        elif kind == "permute" and v.shape:
            perm = tuple(draw(st.permutations(range(len(v.shape)))))
            add(_node("permute", (v,), perm=perm))
        elif kind == "neg2":
            n1 = _node("neg", (v,))
            add(n1, _node("neg", (n1,)))
        elif kind == "dup" and nodes:
            n = draw(st.sampled_from([k for k in nodes if k.dtype is dt]))
            add(Node(n.op, n.inputs, n.attrs, n.type))
        elif kind == "softmax" and v.shape:
            a = (draw(st.integers(0, len(v.shape) - 1)),)
            m = _node("reduce_max", (v,), axes=a, keepdims=True)
            d = _node("sub", (v, m))
            e = _node("exp", (d,))
            s = _node("reduce_sum", (e,), axes=a, keepdims=True)
            add(m, d, e, s, _node("div", (e, s)))
        elif kind == "cast2":
            other = WIDER[v.dtype]
            c1 = _node("cast", (v,), dtype=other)
            add(c1, _node("cast", (c1,), dtype=v.dtype))
        elif kind == "constfold":
            c1, c2 = _const(draw(st.sampled_from(scalars)), dt, (2,)), _const(2, dt)
            add(c1, c2, _node(draw(st.sampled_from(["add", "mul", "maximum"])), (c1, c2)))
        elif kind == "expand":
            add(_node("expand", (v,), shape=v.shape))
        elif kind == "writes" and v.shape:
            add(*_writes(draw, v, scalars))
    outputs = [vals[-1]] + draw(st.lists(st.sampled_from(vals[1:] or vals), max_size=2))
    return Graph(inputs, tuple(nodes), tuple(outputs), "random")


def _writes(draw: st.DrawFn, x: Node, scalars: list) -> list[Node]:
    """A loop of element writes into ``x`` (what ``vectorize`` gathers into one scatter): each
    writes, at constant indices, a read of the latest state, of ``x`` or of the whole state,
    possibly scaled; positions repeat."""
    rank = draw(st.integers(1, len(x.shape)))
    spec = (("i",),) * rank + tuple(("s", 0, d, 1) for d in x.shape[rank:])
    nodes: list[Node] = []
    state, whole = x, draw(st.booleans())

    def index() -> list[Node]:
        return [_const(draw(st.integers(0, d - 1)), int64) for d in x.shape[:rank]]

    for _ in range(draw(st.sampled_from([1, 2, MIN_LANES, MIN_LANES + 3]))):
        where, at = index(), index()
        read = _node("getitem", (draw(st.sampled_from([state, x])), *at), index=spec)
        nodes += where + at + [read]
        value = read
        how = draw(st.sampled_from(["as is", "scaled"] + ["whole"] * whole))
        if how == "scaled":
            c = _const(draw(st.sampled_from(scalars)), x.dtype)
            value = _node(draw(st.sampled_from(["add", "mul"])), (read, c))
            nodes += [c, value]
        elif how == "whole":
            total = _node("reduce_max", (state,), axes=tuple(range(len(x.shape))),
                          keepdims=False)
            value = _node("add", (read, total))
            nodes += [total, value]
        state = _node("setitem", (state, value, *where), index=spec)
        nodes.append(state)
    return nodes


def _same_bits(a: np.ndarray, b: np.ndarray) -> None:
    assert a.dtype == b.dtype and a.shape == b.shape
    np.testing.assert_array_equal(b, a)
    if a.dtype.kind != "f":
        return
    ok = ~np.isnan(a)
    assert np.array_equal(np.signbit(a[ok]), np.signbit(b[ok])), "signed zeros differ"


def _close(got: np.ndarray, want: np.ndarray, single: bool) -> None:
    """``single``: the graph computes in float32 somewhere, so float32 rounding bounds the
    agreement even where the output is float64 (onnxruntime and NumPy differ by an ulp)."""
    assert got.dtype == want.dtype and got.shape == want.shape
    if want.dtype.kind != "f":
        np.testing.assert_array_equal(got, want)
        return
    finite = np.isfinite(want)
    scale = float(np.max(np.abs(want[finite]), initial=1.0))
    tol = 1e-4 if single or want.dtype == np.float32 else 1e-10
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol * scale, equal_nan=True)


def run_ort(g: Graph, feeds: list[np.ndarray]) -> list[np.ndarray]:
    model = to_onnx(g)
    onnx.checker.check_model(model, full_check=True)
    sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    names = [n.attrs["name"] for n in g.inputs]
    return sess.run(list(g.out_names()), dict(zip(names, feeds)))


PASSES = {"dce": dce, "cse": cse, "const_fold": const_fold, "simplify": simplify,
          "fuse_patterns": fuse_patterns, "memory_plan": memory_plan, "vectorize": vectorize,
          "pipeline": run_pipeline}


@pytest.mark.parametrize("name", PASSES)
@given(g=graphs())
def test_pass_preserves_meaning_and_is_idempotent(name, g):
    fn = PASSES[name]
    verify(g)
    out = fn(g)
    verify(out)
    again = fn(out)
    assert again is out
    feeds = random_feeds(g)
    want = evaluate(g, feeds)
    with np.errstate(all="ignore"):
        for a, b in zip(want, evaluate(out, feeds)):
            _same_bits(a, b)
        single = any(n.dtype.name == "float32" for n in g.nodes)
        for a, b in zip(want, run_ort(out, feeds)):
            _close(b, a, single)
