import pytest
from ir_helpers import ir

from lazyten import config
from lazyten.dump import dump_graph
from lazyten.errors import PassError
from lazyten.ir import Graph, Node
from lazyten.parse import parse
from lazyten.passes import DEFAULT_PIPELINE, PassStats, run_pipeline

TEXT = """
    graph @f(%x: f32[4]) {
      %0 = const[value=<f32[] 2.0>]() : f32[]
      %1 = mul(%0, %0) : f32[]
      %2 = exp(%x) : f32[4]
      %3 = exp(%x) : f32[4]
      %4 = add(%2, %3) : f32[4]
      %5 = mul(%4, %1) : f32[4]
      %6 = neg(%x) : f32[4]
      return %5
    }"""


def test_default_pipeline_order_and_statistics():
    assert [n for n, _ in DEFAULT_PIPELINE] == ["const_fold", "simplify", "vectorize", "cse",
                                                "fuse_patterns", "dce", "memory_plan"]
    stats: list[PassStats] = []
    out = run_pipeline(parse(ir(TEXT)), stats=stats)
    by = {s.name: s for s in stats}
    assert by["const_fold"].counters == {"folds": 1} and by["const_fold"].changed
    assert by["cse"].counters == {"merges": 1}
    assert (by["dce"].nodes_before, by["dce"].nodes_after) == (6, 4)
    assert by["memory_plan"].counters["bytes_saved"] == 32
    assert "const_fold.2" in by and not by["const_fold.2"].changed
    assert "merges=1" in str(by["cse"])
    assert dump_graph(out) == ir("""
        graph @f(%x: f32[4]) {
          %0 = const[value=<f32[] 4.0>]() : f32[]
          %1 = exp(%x) : f32[4]  # buf=b0
          %2 = add(%1, %1) : f32[4]  # buf=b0
          %3 = mul(%2, %0) : f32[4]  # buf=b0
          return %3
        }""")


def test_pipeline_by_names_disable_and_dump_stages():
    stages: list[tuple[str, int]] = []
    out = run_pipeline(parse(ir(TEXT)), ["cse", "dce", "memory_plan"], disable=["memory_plan"],
                       dump=lambda stage, g: stages.append((stage, len(g.nodes))))
    assert stages == [("traced", 7), ("cse", 6), ("dce", 5)]  # cse saw its own result last
    assert out.plan is None


def test_a_repeated_round_runs_only_the_passes_whose_input_changed():
    stats: list[PassStats] = []
    run_pipeline(parse(ir(TEXT)), ["const_fold", "simplify", "cse", "dce"], stats=stats)
    # cse merged the two exps after const_fold and simplify had run: those two run again on
    # the new graph and change nothing, and cse, whose result that graph is, is not repeated
    assert [s.name for s in stats] == ["const_fold", "simplify", "cse", "const_fold.2",
                                       "simplify.2", "dce"]
    assert [s.changed for s in stats] == [True, False, True, False, False, True]


def test_unknown_pass_name():
    with pytest.raises(PassError, match="unknown pass 'fold'"):
        run_pipeline(parse(ir(TEXT)), ["fold"])


def _break_types(g: Graph) -> Graph:
    n = g.nodes[2]
    bad = Node(n.op, n.inputs, n.attrs, n.type._replace(shape=(5,)), n.loc)
    return Graph(g.inputs, g.nodes[:2] + (bad,) + g.nodes[3:], g.outputs, g.name)


def test_a_pass_that_breaks_the_ir_is_named_with_its_predecessors():
    with pytest.raises(PassError) as info:
        run_pipeline(parse(ir(TEXT)), ["dce", ("breaker", _break_types), "cse"], verify=True)
    msg = str(info.value)
    assert "pass 'breaker' produced an invalid graph (passes run before it: dce)" in msg
    assert "stored type f32[5] but exp infers f32[4]" in msg
    assert ">>%2 = exp(%x) : f32[5]" in msg


def test_verification_is_on_in_the_test_suite():
    assert config.VERIFY
    with pytest.raises(PassError):
        run_pipeline(parse(ir(TEXT)), [("breaker", _break_types)])
    run_pipeline(parse(ir(TEXT)), [("breaker", _break_types)], verify=False)


def test_unchanged_graph_comes_back_as_is():
    g = run_pipeline(parse(ir(TEXT)))
    assert run_pipeline(g) is g
