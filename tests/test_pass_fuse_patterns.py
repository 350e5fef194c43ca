import numpy as np
import onnx
import onnxruntime as ort
import pytest
from ir_helpers import check_no_change, check_pass, ir, random_feeds

import lazyten as lt
from lazyten.dump import dump_graph
from lazyten.interp import evaluate
from lazyten.ir import Constant, Node, graph_from_outputs, structural_key, topo_order
from lazyten.lazy import _graph_for
from lazyten.parse import parse
from lazyten.passes import fuse_patterns, run_pipeline
from lazyten.runtime.onnx_export import to_onnx

SOFTMAX = """
    graph @f(%x: f32[4,8]) {
      %0 = reduce_max[axes=(1,) keepdims=True](%x) : f32[4,1]
      %1 = sub(%x, %0) : f32[4,8]
      %2 = exp(%1) : f32[4,8]
      %3 = reduce_sum[axes=(1,) keepdims=True](%2) : f32[4,1]
      %4 = div(%2, %3) : f32[4,8]
      return %4
    }"""

LAYER_NORM = """
    graph @f(%x: {dt}[4,8], %g: {dt}[8], %b: {dt}[8]) {{
      %0 = const[value=<{dt}[] 8.0>]() : {dt}[]
      %1 = const[value=<{dt}[] 1e-05>]() : {dt}[]
      %2 = const[value=<{dt}[] 2.0>]() : {dt}[]
      %3 = reduce_sum[axes=(1,) keepdims=True](%x) : {dt}[4,1]
      %4 = div(%3, %0) : {dt}[4,1]
      %5 = sub(%x, %4) : {dt}[4,8]
      %6 = {square} : {dt}[4,8]
      %7 = reduce_sum[axes=(1,) keepdims=True](%6) : {dt}[4,1]
      %8 = div(%7, %0) : {dt}[4,1]
      %9 = add(%8, %1) : {dt}[4,1]
      %10 = sqrt(%9) : {dt}[4,1]
      %11 = div(%5, %10) : {dt}[4,8]
      %12 = mul(%11, %g) : {dt}[4,8]
      %13 = add(%12, %b) : {dt}[4,8]
      return %13
    }}"""


def _recorded(*arrays):
    nodes = tuple(a._node() for a in arrays)
    _, leaves = structural_key(nodes)
    return _graph_for(nodes, leaves)


def test_softmax_as_the_frontend_records_it():
    x = lt.asarray(np.random.default_rng(0).standard_normal((4, 8)).astype(np.float32))
    e = lt.exp(x - lt.max(x, axis=-1, keepdims=True))
    g = _recorded(e / lt.sum(e, axis=-1, keepdims=True))
    text = dump_graph(g, locations=False).replace("%in0", "%x").replace("@lazy", "@f")
    assert text == ir(SOFTMAX)
    check_pass(fuse_patterns, SOFTMAX, """
        graph @f(%x: f32[4,8]) {
          %0 = softmax[axis=1](%x) : f32[4,8]
          return %0
        }""")


@pytest.mark.parametrize("square", ["mul(%5, %5)", "pow(%5, %2)"])
def test_layer_norm_with_scale_and_bias(square):
    check_pass(fuse_patterns, LAYER_NORM.format(dt="f32", square=square), """
        graph @f(%x: f32[4,8], %g: f32[8], %b: f32[8]) {
          %0 = layer_norm[axis=1 epsilon=1e-05](%x, %g, %b) : f32[4,8]
          return %0
        }""", rtol=1e-5, atol=1e-6)


def test_float64_layer_norm_stays_decomposed():
    """ONNX's epsilon is a float32 and onnxruntime's float64 LayerNormalization strays by
    about 1e-11: only the float32 pattern fuses."""
    check_no_change(fuse_patterns, LAYER_NORM.format(dt="f64", square="mul(%5, %5)"))


def test_layer_norm_output_read_twice_keeps_scale_separate():
    text = LAYER_NORM.format(dt="f32", square="mul(%5, %5)").replace(
        "return %13", "return %13, %11")
    check_pass(fuse_patterns, text, """
        graph @f(%x: f32[4,8], %g: f32[8], %b: f32[8]) {
          %0 = layer_norm[axis=1 epsilon=1e-05](%x) : f32[4,8]
          %1 = mul(%0, %g) : f32[4,8]
          %2 = add(%1, %b) : f32[4,8]
          return %2, %0
        }""", rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("change", [
    ("%0 = const[value=<f32[] 8.0>]", "%0 = const[value=<f32[] 7.0>]"),  # not a mean
    ("reduce_sum[axes=(1,) keepdims=True](%6)", "reduce_max[axes=(1,) keepdims=True](%6)"),
    ("pow(%5, %2)", "pow(%5, %1)"),  # not a square
])
def test_layer_norm_near_misses_do_not_fire(change):
    text = LAYER_NORM.format(dt="f32", square="pow(%5, %2)").replace(*change)
    check_no_change(fuse_patterns, text)


def test_softmax_near_misses_do_not_fire():
    check_no_change(fuse_patterns, SOFTMAX.replace("reduce_max[axes=(1,)", "reduce_max[axes=(0,)")
                    .replace(": f32[4,1]\n      %1", ": f32[1,8]\n      %1", 1))
    check_no_change(fuse_patterns, SOFTMAX.replace("f32", "f16"))


@pytest.mark.parametrize("dt", ["f32", "f64"])
def test_fused_ops_match_decomposed_form_on_onnxruntime(dt):
    g = parse(ir(LAYER_NORM.format(dt=dt, square="mul(%5, %5)")))
    soft = parse(ir(SOFTMAX.replace("f32", dt)))
    for before in (g, soft) if dt == "f32" else (soft,):
        after = run_pipeline(before)
        assert {n.op for n in after.nodes} & {"softmax", "layer_norm"}
        model = to_onnx(after)
        onnx.checker.check_model(model, full_check=True)
        assert {n.op_type for n in model.graph.node} & {"Softmax", "LayerNormalization"}
        feeds = random_feeds(before)
        sess = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        got = sess.run(None, {n.attrs["name"]: f for n, f in zip(before.inputs, feeds)})
        tol = 1e-5 if dt == "f32" else 1e-12
        np.testing.assert_allclose(got[0], evaluate(before, feeds)[0], rtol=tol, atol=tol)


def _as_compiled(out):
    """The graph recorded behind ``out`` with Python scalars baked in as constants, as a
    compiled function records them (lazy mode feeds them as graph inputs instead)."""
    memo, inputs = {}, []
    for n in topo_order([out._node()], lambda k: k.op == "data"):
        if n.op == "data" and n.shape == ():
            memo[id(n)] = Node("const", (), {"value": Constant(n.payload)}, n.type)
        elif n.op == "data":
            memo[id(n)] = Node("input", (), {"name": f"x{len(inputs)}"}, n.type)
            inputs.append(memo[id(n)])
        else:
            memo[id(n)] = Node(n.op, tuple(memo[id(i)] for i in n.inputs), n.attrs, n.type)
    return graph_from_outputs([memo[id(out._node())]], "compiled")


def test_layer_norm_as_the_frontend_records_it():
    rng = np.random.default_rng(1)
    x = lt.asarray(rng.standard_normal((6, 16)).astype(np.float32))
    g, b = (lt.asarray(rng.standard_normal(16).astype(np.float32)) for _ in range(2))
    mu = lt.mean(x, axis=-1, keepdims=True)
    var = lt.mean((x - mu) ** 2, axis=-1, keepdims=True)
    y = (x - mu) / lt.sqrt(var + 1e-5) * g + b
    before = _as_compiled(y)
    after = run_pipeline(before)
    assert [n.op for n in after.nodes] == ["layer_norm"]
    assert after.nodes[0].attrs == {"axis": 1, "epsilon": 1e-05}
    feeds = random_feeds(before)
    np.testing.assert_allclose(evaluate(after, feeds)[0], evaluate(before, feeds)[0],
                               rtol=1e-5, atol=1e-5)


def test_lazy_softmax_runs_fused_on_onnxruntime_and_matches_numpy():
    xn = np.random.default_rng(2).standard_normal((8, 32)).astype(np.float32)
    x = lt.asarray(xn)
    e = lt.exp(x - lt.max(x, axis=1, keepdims=True))
    s = e / lt.sum(e, axis=1, keepdims=True)
    assert [n.op for n in run_pipeline(_recorded(s)).nodes] == ["softmax"]
    en = np.exp(xn - xn.max(axis=1, keepdims=True))
    np.testing.assert_allclose(s.numpy(), en / en.sum(axis=1, keepdims=True), rtol=1e-5,
                               atol=1e-7)
