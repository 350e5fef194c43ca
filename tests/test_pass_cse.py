from ir_helpers import check_no_change, check_pass

from lazyten.passes import cse, dce


def test_repeated_exp_merges():
    check_pass(cse, """
        graph @f(%x: f32[4]) {
          %0 = exp(%x) : f32[4]
          %1 = exp(%x) : f32[4]
          %2 = add(%0, %1) : f32[4]
          return %2
        }""", """
        graph @f(%x: f32[4]) {
          %0 = exp(%x) : f32[4]
          %1 = add(%0, %0) : f32[4]
          return %1
        }""")


def test_commutative_operands_are_canonical():
    check_pass(cse, """
        graph @f(%x: f32[4], %y: f32[4]) {
          %0 = mul(%x, %y) : f32[4]
          %1 = mul(%y, %x) : f32[4]
          %2 = sub(%0, %1) : f32[4]
          return %2
        }""", """
        graph @f(%x: f32[4], %y: f32[4]) {
          %0 = mul(%x, %y) : f32[4]
          %1 = sub(%0, %0) : f32[4]
          return %1
        }""")


def test_merges_cascade_and_equal_constants_merge():
    check_pass(cse, """
        graph @f(%x: f32[4]) {
          %0 = const[value=<f32[] 2.0>]() : f32[]
          %1 = const[value=<f32[] 2.0>]() : f32[]
          %2 = mul(%x, %0) : f32[4]
          %3 = mul(%x, %1) : f32[4]
          %4 = exp(%2) : f32[4]
          %5 = exp(%3) : f32[4]
          return %4, %5
        }""", """
        graph @f(%x: f32[4]) {
          %0 = const[value=<f32[] 2.0>]() : f32[]
          %1 = mul(%x, %0) : f32[4]
          %2 = exp(%1) : f32[4]
          return %2, %2
        }""")


def test_non_commutative_order_and_attributes_are_respected():
    check_no_change(cse, """
        graph @f(%x: f32[4], %y: f32[4]) {
          %0 = sub(%x, %y) : f32[4]
          %1 = sub(%y, %x) : f32[4]
          %2 = reshape[shape=(2,2)](%0) : f32[2,2]
          %3 = reshape[shape=(4,1)](%0) : f32[4,1]
          %4 = const[value=<f32[] 0.0>]() : f32[]
          %5 = const[value=<f32[] -0.0>]() : f32[]
          return %0, %1, %2, %3, %4, %5
        }""")


def test_impure_ops_never_merge(monkeypatch):
    from dataclasses import replace

    from lazyten import ops
    from lazyten.parse import parse
    monkeypatch.setitem(ops.OPS, "exp", replace(ops.OPS["exp"], pure=False))
    g = parse("""graph @f(%x: f32[4]) {
  %0 = exp(%x) : f32[4]
  %1 = exp(%x) : f32[4]
  return %0, %1
}""")
    assert dce(cse(g)) is g
