import re

import numpy as np
import pytest

from lazyten import float32, int64
from lazyten.errors import VerifyError
from lazyten.ir import Constant, Graph, Node, TensorType
from lazyten.memory import BufferPlan
from lazyten.parse import parse
from lazyten.verify import verify

T = TensorType(float32, (3,))


def _x(name="x"):
    return Node("input", (), {"name": name}, T)


def _raises(g, *patterns):
    with pytest.raises(VerifyError) as info:
        verify(g)
    for p in patterns:
        assert re.search(p, str(info.value)), str(info.value)
    return str(info.value)


def test_valid_graph_passes():
    verify(parse("""graph @f(%x: f32[3]) {
  %0 = exp(%x) : f32[3]
  return %0
}"""))


def test_operand_defined_later_breaks_topological_order():
    x = _x()
    a = Node("exp", (x,), {}, T)
    b = Node("sin", (a,), {}, T)
    msg = _raises(Graph((x,), (b, a), (a,)), r"\(%0\)", "neither a graph input nor an earlier")
    assert ">>%0 = sin(%<undefined>) : f32[3]" in msg


def test_node_listed_twice_breaks_ssa():
    x = _x()
    a = Node("exp", (x,), {}, T)
    _raises(Graph((x,), (a, a), (a,)), "appears twice")


def test_unknown_op():
    x = _x()
    _raises(Graph((x,), (Node("frobnicate", (x,), {}, T),), ()), "unknown op 'frobnicate'")


def test_stored_type_differs_from_inference():
    x = _x()
    bad = Node("reduce_sum", (x,), {"axes": (0,), "keepdims": False}, T)
    _raises(Graph((x,), (bad,), (bad,)), r"stored type f32\[3\] but reduce_sum infers f32\[\]")


def test_operands_the_op_rejects():
    x, i = _x(), Node("input", (), {"name": "i"}, TensorType(int64, (3,)))
    bad = Node("add", (x, i), {}, T)
    _raises(Graph((x, i), (bad,), (bad,)), r"add rejects its operands \(f32\[3\], i64\[3\]\)")


def test_leaf_invariants():
    x = _x()
    c = Node("const", (x,), {"value": Constant(np.zeros(3, np.float32))}, T)
    _raises(Graph((x,), (c,), (c,)), "leaf 'const' has 1 operands")
    c2 = Node("const", (), {"value": Constant(np.zeros(2, np.float32))}, T)
    _raises(Graph((x,), (c2,), (c2,)), r"const value is float32\[2\], type says f32\[3\]")
    _raises(Graph((x,), (_x("y"),), ()), "'input' leaf inside the node list")
    _raises(Graph((x, _x()), (), ()), "two graph inputs are named 'x'")


def test_output_not_in_graph():
    x = _x()
    a = Node("exp", (x,), {}, T)
    _raises(Graph((x,), (), (a,)), "output 0 \\(exp f32\\[3\\]\\) is not defined")


def test_buffer_plan_with_overlapping_lifetimes():
    g = parse("""graph @f(%x: f32[3]) {
  %0 = exp(%x) : f32[3]  # buf=b0
  %1 = sin(%x) : f32[3]  # buf=b0
  %2 = add(%0, %1) : f32[3]  # buf=b0
  return %2
}""")
    _raises(g, r"buffer plan: %0 and %1 are live at the same time but share buffer b0")
    small = BufferPlan(g.plan.slots, (4,), 36, 24, 0)
    from dataclasses import replace
    _raises(replace(g, plan=small), r"does not fit buffer b0")


def test_window_shows_neighbours_only():
    lines = ["graph @f(%x: f32[3]) {"] + [f"  %{k} = exp(%{k - 1 if k else 'x'}) : f32[3]"
                                          for k in range(20)]
    lines[11] = "  %10 = exp(%9) : f32[4]"
    text = "\n".join(lines + ["  return %19", "}"])
    msg = _raises(parse(text), r"invalid IR \(%10\)")
    assert ">>%10 = exp(%9) : f32[4]" in msg and "%6 = exp" in msg
    assert "%5 = exp" not in msg and "%15 = exp" not in msg
