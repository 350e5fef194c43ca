from ir_helpers import check_no_change, check_pass, ir

from lazyten.dump import dump_graph
from lazyten.parse import parse
from lazyten.passes import const_fold


def test_scalar_arithmetic_folds():
    check_pass(const_fold, """
        graph @f(%x: f32[3]) {
          %0 = const[value=<f32[] 2.0>]() : f32[]
          %1 = mul(%0, %0) : f32[]
          %2 = add(%x, %1) : f32[3]
          return %2
        }""", """
        graph @f(%x: f32[3]) {
          %0 = const[value=<f32[] 4.0>]() : f32[]
          %1 = add(%x, %0) : f32[3]
          return %1
        }""")


def test_chain_of_constants_folds_with_reference_semantics():
    check_pass(const_fold, """
        graph @f() {
          %0 = const[value=<i8[2] 100 -128>]() : i8[2]
          %1 = add(%0, %0) : i8[2]
          %2 = neg(%1) : i8[2]
          return %2
        }""", """
        graph @f() {
          %0 = const[value=<i8[2] 56 0>]() : i8[2]
          return %0
        }""")


def test_nan_and_signed_zero_survive_folding():
    check_pass(const_fold, """
        graph @f() {
          %0 = const[value=<f32[3] nan -0.0 inf>]() : f32[3]
          %1 = neg(%0) : f32[3]
          return %1
        }""", """
        graph @f() {
          %0 = const[value=<f32[3] nan 0.0 -inf>]() : f32[3]
          return %0
        }""")


def test_size_cap_keeps_big_broadcasts_as_ops():
    check_no_change(const_fold, """
        graph @f() {
          %0 = const[value=<f32[] 1.0>]() : f32[]
          %1 = expand[shape=(64,64)](%0) : f32[64,64]
          return %1
        }""")


def test_cap_is_configurable_and_inputs_block_folding():
    g = parse(ir("""
        graph @f(%x: f32[2]) {
          %0 = const[value=<f32[] 1.0>]() : f32[]
          %1 = expand[shape=(4,)](%0) : f32[4]
          %2 = add(%x, %x) : f32[2]
          return %1, %2
        }"""))
    assert "expand" in dump_graph(const_fold(g, max_elements=3))
    folded = const_fold(g, max_elements=4)
    assert "expand" not in dump_graph(folded) and "add(%x, %x)" in dump_graph(folded)


def test_integer_errors_are_left_for_run_time():
    g = parse(ir("""
        graph @f() {
          %0 = const[value=<i64[] 2>]() : i64[]
          %1 = const[value=<i64[] -1>]() : i64[]
          %2 = pow(%0, %1) : i64[]
          return %2
        }"""))
    assert const_fold(g) is g
