from ir_helpers import check_no_change, check_pass

from lazyten.passes import dce


def test_unused_zeros_like_disappears():
    check_pass(dce, """
        graph @f(%x: f32[3]) {
          %0 = const[value=<f32[3] 0.0 0.0 0.0>]() : f32[3]
          %1 = const[value=<f32[] 2.0>]() : f32[]
          %2 = mul(%x, %1) : f32[3]
          return %2
        }""", """
        graph @f(%x: f32[3]) {
          %0 = const[value=<f32[] 2.0>]() : f32[]
          %1 = mul(%x, %0) : f32[3]
          return %1
        }""")


def test_dead_chain_goes_and_order_is_kept():
    check_pass(dce, """
        graph @f(%x: f32[2], %y: f32[2]) {
          %0 = exp(%x) : f32[2]
          %1 = sin(%0) : f32[2]
          %2 = add(%x, %y) : f32[2]
          %3 = neg(%2) : f32[2]
          return %3
        }""", """
        graph @f(%x: f32[2], %y: f32[2]) {
          %0 = add(%x, %y) : f32[2]
          %1 = neg(%0) : f32[2]
          return %1
        }""")


def test_unused_value_between_live_ones():
    check_pass(dce, """
        graph @f(%x: f32[2]) {
          %0 = exp(%x) : f32[2]
          %1 = cos(%x) : f32[2]
          %2 = sin(%0) : f32[2]
          return %2, %0
        }""", """
        graph @f(%x: f32[2]) {
          %0 = exp(%x) : f32[2]
          %1 = sin(%0) : f32[2]
          return %1, %0
        }""")


def test_nothing_dead():
    check_no_change(dce, """
        graph @f(%x: f32[2]) {
          %0 = exp(%x) : f32[2]
          return %0
        }""")
