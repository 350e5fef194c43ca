import math

import numpy as np
import pytest
from hypothesis import given, strategies as st
from ir_helpers import ir

import lazyten as lt
from lazyten import float32
from lazyten.dump import dump_graph, format_attr
from lazyten.errors import ParseError
from lazyten.ir import Constant, Graph, Node, TensorType, structural_key
from lazyten.lazy import _graph_for
from lazyten.parse import parse
from lazyten.passes import run_pipeline

TEXT = """
    graph @f(%x: f32[4,8], %i: i64[]) {
      %0 = reduce_max[axes=(1,) keepdims=True](%x) : f32[4,1]  # at model.py:3
      %1 = const[value=<f32[2,2] nan -0.0 inf -inf>]() : f32[2,2]
      %2 = getitem[index=(('s',0,4,1),('n',),('i',),('s',7,-1,-1))](%x, %i) : f32[4,1,0]
      %3 = cast[dtype=f64](%0) : f64[4,1]  # buf=b0, at model.py:9
      %4 = const[value=<b1[3] True False True>]() : b1[3]
      %5 = const[value=<u64[] 18446744073709551615>]() : u64[]
      %6 = const[value=<c64[2] nan-0.0j -1.5+2.5e-08j>]() : c64[2]
      return %3 as 'y', %2 as 'z'
    }"""


def test_round_trip_of_every_attribute_kind():
    text = ir(TEXT)
    g = parse(text)
    assert dump_graph(g) == text
    assert g.nodes[0].loc == "model.py:3" and g.output_names == ("y", "z")
    c = g.nodes[1].attrs["value"].array
    assert math.isnan(c[0, 0]) and np.signbit(c[0, 1]) and c[1, 1] == -np.inf
    assert g.nodes[2].attrs["index"][3] == ("s", 7, -1, -1)
    assert g.nodes[3].attrs["dtype"] is lt.float64
    assert g.plan.slots == (None, None, None, 0, None, None, None)
    z = g.nodes[6].attrs["value"].array
    assert z.dtype == np.complex64 and math.isnan(z[0].real) and np.signbit(z[0].imag)
    assert z[1] == np.complex64(-1.5 + 2.5e-08j)


def test_frontend_graph_round_trips_and_is_deterministic():
    def record():
        x = lt.asarray(np.arange(12, dtype=np.float32).reshape(3, 4))
        y = (x[1:, ::2] * 2.5 - 1).sum(axis=0)
        nodes = (y._node(), lt.exp(x).T._node())
        _, leaves = structural_key(nodes)
        return dump_graph(_graph_for(nodes, leaves))
    first = record()
    assert record() == first
    assert dump_graph(parse(first)) == first


def test_planned_pipeline_output_round_trips():
    g = parse(ir("""
        graph @f(%x: f32[8]) {
          %0 = exp(%x) : f32[8]
          %1 = sin(%0) : f32[8]
          %2 = reshape[shape=(2,4)](%1) : f32[2,4]
          return %2
        }"""))
    text = dump_graph(run_pipeline(g))
    assert "# buf=b0" in text
    assert dump_graph(parse(text)) == text


def test_large_constants_print_a_digest_that_does_not_parse():
    c = Constant(np.arange(100, dtype=np.float32))
    assert format_attr(c).startswith("<f32[100] #")
    node = Node("const", (), {"value": c}, TensorType(float32, (100,)))
    text = dump_graph(Graph((), (node,), (node,)))
    with pytest.raises(ParseError, match="digest"):
        parse(text)


@pytest.mark.parametrize("text, message", [
    ("", "empty IR text"),
    ("graph f() {", "expected 'graph @name"),
    ("graph @f() {\n  %0 = exp(%x) : f32[3]\n}", "%x is used before it is defined"),
    ("graph @f(%x: f32[3]) {\n  %0 = exp(%x) : q32[3]\n}", "unknown dtype 'q32'"),
])
def test_parse_errors_name_the_problem(text, message):
    with pytest.raises(ParseError, match=message):
        parse(text)


finite = st.floats(allow_nan=True, allow_infinity=True, width=32)
attr_values = st.recursive(
    st.one_of(st.integers(-2**63, 2**63 - 1), finite, st.booleans(), st.none(),
              st.sampled_from([lt.float32, lt.int8, lt.bool]), st.text("ab'\" ", max_size=4)),
    lambda inner: st.lists(inner, max_size=3).map(tuple), max_leaves=8)


@given(attr_values)
def test_any_attribute_value_round_trips(value):
    x = Node("input", (), {"name": "x"}, TensorType(float32, (3,)))
    n = Node("exp", (x,), {"extra": value}, TensorType(float32, (3,)))
    text = dump_graph(Graph((x,), (n,), (n,)))
    back = parse(text).nodes[0].attrs["extra"]
    assert format_attr(back) == format_attr(value)
    assert dump_graph(parse(text)) == text


def test_lt_dump_stays_the_function_after_the_passes_load():
    import lazyten.passes  # noqa: F401  (imports lazyten.verify, which imports lazyten.dump)
    x = lt.asarray(np.ones(3, np.float32))
    assert callable(lt.dump)
    assert "exp(%in0) : f32[3]" in lt.dump(lt.exp(x)) and callable(lt.dump)
