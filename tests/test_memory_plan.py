import tracemalloc

import numpy as np
from hypothesis import given
from ir_helpers import check_pass, ir, random_feeds

from lazyten.interp import evaluate, evaluate_planned
from lazyten.memory import plan_conflict
from lazyten.parse import parse
from lazyten.passes import memory_plan, run_pipeline
from test_pass_properties import graphs

CHAIN = """
    graph @chain(%x: f32[{n}], %y: f32[{n}]) {{
      %0 = exp(%x) : f32[{n}]
      %1 = mul(%0, %y) : f32[{n}]
      %2 = sin(%x) : f32[{n}]
      %3 = const[value=<f32[] 1.0>]() : f32[]
      %4 = mul(%y, %y) : f32[{n}]
      %5 = add(%3, %4) : f32[{n}]
      %6 = div(%2, %5) : f32[{n}]
      %7 = add(%1, %6) : f32[{n}]
      return %7
    }}"""


def test_elementwise_chain_works_in_place():
    g = check_pass(memory_plan, CHAIN.format(n=4), """
        graph @chain(%x: f32[4], %y: f32[4]) {
          %0 = exp(%x) : f32[4]  # buf=b0
          %1 = mul(%0, %y) : f32[4]  # buf=b0
          %2 = sin(%x) : f32[4]  # buf=b1
          %3 = const[value=<f32[] 1.0>]() : f32[]
          %4 = mul(%y, %y) : f32[4]  # buf=b2
          %5 = add(%3, %4) : f32[4]  # buf=b2
          %6 = div(%2, %5) : f32[4]  # buf=b1
          %7 = add(%1, %6) : f32[4]  # buf=b0
          return %7
        }""")
    p = g.plan
    assert (p.peak_bytes, p.no_reuse_bytes, p.lower_bound_bytes, p.in_place) == (48, 112, 48, 4)
    assert p.value_buffers(g)["%6"] == 1 and "planned peak 48 B" in p.report()
    assert "onnxruntime plans its own buffers" in p.report()


def test_non_elementwise_op_never_overwrites_its_operand():
    check_pass(memory_plan, """
        graph @f(%x: f32[2,3]) {
          %0 = exp(%x) : f32[2,3]
          %1 = permute[perm=(1,0)](%0) : f32[3,2]
          %2 = sin(%1) : f32[3,2]
          %3 = reduce_sum[axes=(0,) keepdims=False](%2) : f32[2]
          return %3
        }""", """
        graph @f(%x: f32[2,3]) {
          %0 = exp(%x) : f32[2,3]  # buf=b0
          %1 = permute[perm=(1,0)](%0) : f32[3,2]  # buf=b1
          %2 = sin(%1) : f32[3,2]  # buf=b1
          %3 = reduce_sum[axes=(0,) keepdims=False](%2) : f32[2]  # buf=b0
          return %3
        }""")


def test_dead_buffers_are_reused_by_size_and_grown():
    check_pass(memory_plan, """
        graph @f(%x: f32[2], %y: f32[8]) {
          %0 = exp(%x) : f32[2]
          %1 = reshape[shape=(2,1)](%0) : f32[2,1]
          %2 = expand[shape=(2,4)](%1) : f32[2,4]
          %3 = reshape[shape=(8,)](%2) : f32[8]
          %4 = add(%3, %y) : f32[8]
          return %4
        }""", """
        graph @f(%x: f32[2], %y: f32[8]) {
          %0 = exp(%x) : f32[2]  # buf=b0
          %1 = reshape[shape=(2,1)](%0) : f32[2,1]  # buf=b1
          %2 = expand[shape=(2,4)](%1) : f32[2,4]  # buf=b0
          %3 = reshape[shape=(8,)](%2) : f32[8]  # buf=b1
          %4 = add(%3, %y) : f32[8]  # buf=b1
          return %4
        }""")


def test_outputs_keep_their_buffers_to_the_end():
    g = memory_plan(parse(ir("""
        graph @f(%x: f32[4]) {
          %0 = exp(%x) : f32[4]
          %1 = sin(%0) : f32[4]
          %2 = cos(%1) : f32[4]
          return %0, %2
        }""")))
    assert g.plan.slots[0] not in g.plan.slots[1:]


@given(graphs())
def test_plan_is_valid_and_planned_execution_equals_unplanned(g):
    planned = run_pipeline(g)
    assert plan_conflict(planned, planned.plan) is None
    p = planned.plan
    assert p.lower_bound_bytes <= p.peak_bytes <= p.no_reuse_bytes
    feeds = random_feeds(g)
    for a, b in zip(evaluate(planned, feeds), evaluate_planned(planned, feeds)):
        np.testing.assert_array_equal(b, a)


def test_measured_peak_matches_the_plan_on_a_million_elements():
    n = 1_000_000
    g = run_pipeline(parse(ir(CHAIN.format(n=n))))
    rng = np.random.default_rng(0)
    x, y = rng.random(n, np.float32), rng.random(n, np.float32)
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        (out,) = evaluate_planned(g, [x, y])
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    plan = g.plan
    assert plan.peak_bytes == 12 * n and plan.no_reuse_bytes == 28 * n
    assert plan.peak_bytes <= peak <= plan.peak_bytes * 1.02 + 65536
    assert peak < plan.no_reuse_bytes
    with np.errstate(all="ignore"):
        want = np.exp(x) * y + np.sin(x) / (np.float32(1) + y * y)
    np.testing.assert_allclose(out, want, rtol=1e-6)


def test_memory_report_puts_the_measured_peak_of_a_real_run_beside_the_plan():
    """``lowered.memory_report()`` runs the signature once in a new session and reports how far
    the process's resident memory rose: at least the output, which the run must write."""
    import pytest

    import lazyten as lt

    def seed(x, y):
        return lt.sqrt(lt.exp(x) * y + 1.0) - x

    n = 4_000_000
    text = lt.compile(seed).lower(lt.spec((n,)), lt.spec((n,))).memory_report()
    planned, measured = text.splitlines()
    assert planned.startswith("buffers: 1, planned peak 16000000 B")
    if measured == "measured: not available on this platform":  # truthfully so
        with pytest.raises(OSError):
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")
        return
    grew = int(measured.split(" by ")[1].split(" B")[0])
    assert f"(outputs {4 * n} B)" in measured and grew >= 0.9 * 4 * n
