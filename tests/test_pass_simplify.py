import numpy as np
import pytest
from ir_helpers import check_no_change, check_pass, ir

from lazyten import dtypes as D
from lazyten.interp import evaluate
from lazyten.parse import parse
from lazyten.passes import simplify
from lazyten.passes.simplify import lossless


def test_neutral_elements_and_double_negation():
    check_pass(simplify, """
        graph @f(%x: f32[3]) {
          %0 = const[value=<f32[] -0.0>]() : f32[]
          %1 = const[value=<f32[] 1.0>]() : f32[]
          %2 = add(%x, %0) : f32[3]
          %3 = mul(%1, %2) : f32[3]
          %4 = neg(%3) : f32[3]
          %5 = neg(%4) : f32[3]
          %6 = div(%5, %1) : f32[3]
          return %6
        }""", """
        graph @f(%x: f32[3]) {
          return %x
        }""")


def test_movement_chains_merge_and_identities_vanish():
    check_pass(simplify, """
        graph @f(%x: f32[2,3,4]) {
          %0 = reshape[shape=(6,4)](%x) : f32[6,4]
          %1 = reshape[shape=(24,)](%0) : f32[24]
          %2 = permute[perm=(2,0,1)](%x) : f32[4,2,3]
          %3 = permute[perm=(1,2,0)](%2) : f32[2,3,4]
          %4 = getitem[index=(('s',0,2,1),('s',0,3,1),('s',0,4,1))](%3) : f32[2,3,4]
          %5 = expand[shape=(2,3,4)](%4) : f32[2,3,4]
          %6 = permute[perm=(1,0,2)](%5) : f32[3,2,4]
          %7 = permute[perm=(0,2,1)](%6) : f32[3,4,2]
          return %1, %7
        }""", """
        graph @f(%x: f32[2,3,4]) {
          %0 = reshape[shape=(24,)](%x) : f32[24]
          %1 = permute[perm=(1,2,0)](%x) : f32[3,4,2]
          return %0, %1
        }""")


def test_exact_cast_chains():
    check_pass(simplify, """
        graph @f(%x: i8[3], %y: f32[3]) {
          %0 = cast[dtype=i32](%x) : i32[3]
          %1 = cast[dtype=i64](%0) : i64[3]
          %2 = cast[dtype=f64](%y) : f64[3]
          %3 = cast[dtype=f32](%2) : f32[3]
          %4 = cast[dtype=f32](%3) : f32[3]
          return %1, %4
        }""", """
        graph @f(%x: i8[3], %y: f32[3]) {
          %0 = cast[dtype=i64](%x) : i64[3]
          return %0, %y
        }""")


def test_integer_zero_is_neutral_for_add():
    check_pass(simplify, """
        graph @f(%x: i32[3]) {
          %0 = const[value=<i32[] 0>]() : i32[]
          %1 = add(%0, %x) : i32[3]
          %2 = sub(%1, %0) : i32[3]
          return %2
        }""", """
        graph @f(%x: i32[3]) {
          return %x
        }""")


def test_counts_of_a_mask_sum_in_float32():
    check_pass(simplify, """
        graph @f(%m: b1[4,3]) {
          %0 = cast[dtype=f64](%m) : f64[4,3]
          %1 = reduce_sum[axes=(0,) keepdims=False](%0) : f64[3]
          %2 = cast[dtype=i64](%m) : i64[4,3]
          %3 = reduce_sum[axes=(0,1) keepdims=True](%2) : i64[1,1]
          return %1, %3
        }""", """
        graph @f(%m: b1[4,3]) {
          %0 = cast[dtype=f32](%m) : f32[4,3]
          %1 = reduce_sum[axes=(0,) keepdims=False](%0) : f32[3]
          %2 = cast[dtype=f64](%1) : f64[3]
          %3 = cast[dtype=f32](%m) : f32[4,3]
          %4 = reduce_sum[axes=(0,1) keepdims=True](%3) : f32[1,1]
          %5 = cast[dtype=i64](%4) : i64[1,1]
          return %2, %5
        }""")


@pytest.mark.parametrize("text", [
    # a count past 2**24 is not exact in float32; an int8 sum wraps
    """graph @f(%m: b1[16777217], %n: b1[3]) {
      %0 = cast[dtype=f64](%m) : f64[16777217]
      %1 = reduce_sum[axes=(0,) keepdims=False](%0) : f64[]
      %2 = cast[dtype=i8](%n) : i8[3]
      %3 = reduce_sum[axes=(0,) keepdims=False](%2) : i8[]
      return %1, %3
    }""",
    # NumPy's complex product with 1+0j turns NaN and inf parts into NaNs; adding -0.0+0.0j
    # turns a -0.0 imaginary part into +0.0
    """graph @f(%z: c64[3]) {
      %0 = const[value=<c64[] 1.0+0.0j>]() : c64[]
      %1 = mul(%z, %0) : c64[3]
      %2 = div(%1, %0) : c64[3]
      %3 = const[value=<c64[] -0.0+0.0j>]() : c64[]
      %4 = add(%2, %3) : c64[3]
      return %4
    }""",
    # a constant with one element other than 1 (or a zero of the wrong sign) is no identity
    """graph @f(%x: f32[3]) {
      %0 = const[value=<f32[3] 1.0 2.0 1.0>]() : f32[3]
      %1 = mul(%x, %0) : f32[3]
      return %1
    }""",
    """graph @f(%x: f32[3]) {
      %0 = const[value=<f32[3] -0.0 0.0 -0.0>]() : f32[3]
      %1 = add(%x, %0) : f32[3]
      return %1
    }""",
    # x + 0.0 turns -0.0 into +0.0: not an identity for floats
    """graph @f(%x: f32[3]) {
      %0 = const[value=<f32[] 0.0>]() : f32[]
      %1 = add(%x, %0) : f32[3]
      return %1
    }""",
    # x - (-0.0) turns -0.0 into +0.0
    """graph @f(%x: f32[3]) {
      %0 = const[value=<f32[] -0.0>]() : f32[]
      %1 = sub(%x, %0) : f32[3]
      return %1
    }""",
    # the multiplication broadcasts x: the result has another type
    """graph @f(%x: f32[3]) {
      %0 = const[value=<f32[2,3] 1.0 1.0 1.0 1.0 1.0 1.0>]() : f32[2,3]
      %1 = mul(%x, %0) : f32[2,3]
      return %1
    }""",
    # f32 -> i32 -> f32 truncates; i64 -> f32 -> f64 rounds
    """graph @f(%x: f32[3], %y: i64[3]) {
      %0 = cast[dtype=i32](%x) : i32[3]
      %1 = cast[dtype=f32](%0) : f32[3]
      %2 = cast[dtype=f32](%y) : f32[3]
      %3 = cast[dtype=f64](%2) : f64[3]
      return %1, %3
    }""",
    # a slice that is not the whole array
    """graph @f(%x: f32[4]) {
      %0 = getitem[index=(('s',0,4,2),)](%x) : f32[2]
      return %0
    }""",
])
def test_rewrites_that_would_change_values_do_not_fire(text):
    check_no_change(simplify, text)


def test_a_whole_array_of_neutral_elements_vanishes():
    check_pass(simplify, """
        graph @f(%x: f32[3]) {
          %0 = const[value=<f32[3] -0.0 -0.0 -0.0>]() : f32[3]
          %1 = add(%0, %x) : f32[3]
          return %1
        }""", """
        graph @f(%x: f32[3]) {
          return %x
        }""")


def test_negative_zero_stays_negative():
    g = parse(ir("""
        graph @f(%x: f32[2]) {
          %0 = const[value=<f32[] 0.0>]() : f32[]
          %1 = add(%x, %0) : f32[2]
          return %1
        }"""))
    (y,) = evaluate(simplify(g), [np.array([-0.0, np.nan], np.float32)])
    assert not np.signbit(y[0]) and np.isnan(y[1])


def test_lossless_table():
    assert lossless(D.int8, D.int16) and lossless(D.uint8, D.int16)
    assert not lossless(D.int8, D.uint64) and not lossless(D.uint16, D.int16)
    assert lossless(D.int32, D.float64) and not lossless(D.int32, D.float32)
    assert lossless(D.float16, D.float64) and not lossless(D.float64, D.float32)
    assert lossless(D.bool_, D.uint8) and not lossless(D.uint8, D.bool_)
