"""Every namespace function and operator, over every dtype it accepts, against NumPy.

NumPy is the oracle after lazyten's documented promotion: operands are cast to the dtype lazyten
promises (checked separately, from rules written out here rather than taken from lazyten), then
the NumPy function runs in that dtype. Each test realizes many results in one graph, so the whole
dtype matrix compiles only a few hundred small models.
"""
from __future__ import annotations

import itertools
import operator

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import lazyten as lt
from helpers import assert_matches

NP_DTYPES = [np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32,
             np.uint64, np.float16, np.float32, np.float64]
INTS = [d for d in NP_DTYPES if np.dtype(d).kind in "iu"]
FLOATS = [np.float16, np.float32, np.float64]
NUMERIC = INTS + FLOATS
ids = [np.dtype(d).name for d in NP_DTYPES]


def expected_dtype(a: np.dtype, b: np.dtype) -> np.dtype:
    """lazyten's documented promotion: floats win across kinds, bool joins anything,
    the Array API table (NumPy's) inside a kind."""
    a, b = np.dtype(a), np.dtype(b)
    if a.kind == "f" and b.kind != "f":
        return a
    if b.kind == "f" and a.kind != "f":
        return b
    if a.kind == "b":
        return b
    if b.kind == "b":
        return a
    return np.result_type(a, b)


def sample(dtype, shape=(3, 4), seed=0, edges=True) -> np.ndarray:
    """Values of ``dtype`` with the dtype's edge cases (limits, 0, -1, NaN, inf, -0.0)."""
    rng = np.random.default_rng(seed)
    dt = np.dtype(dtype)
    n = int(np.prod(shape))
    if dt.kind == "b":
        return rng.random(shape) < 0.5
    if dt.kind == "f":
        vals = (rng.standard_normal(n) * 10).astype(dt)
        if edges and n >= 8:
            vals[:6] = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1.5][:6]
            rng.shuffle(vals)
        return vals.reshape(shape)
    info = np.iinfo(dt)
    lo, hi = max(info.min, -100), min(info.max, 100)
    vals = rng.integers(lo, hi, n, endpoint=True).astype(dt)
    if edges and n >= 8:
        special = [info.min, info.max, 0, 1, info.max - 1] + ([-1] if dt.kind == "i" else [])
        vals[:len(special)] = np.array(special, dtype=dt)  # exact, uint64 max included
        rng.shuffle(vals)
    return vals.reshape(shape)


def check_all(pairs: list[tuple[lt.Array, np.ndarray]]) -> None:
    lt.realize(*(a for a, _ in pairs))
    for got, want in pairs:
        assert_matches(got, want)


def np_apply(fn, *args):
    with np.errstate(all="ignore"):
        return fn(*args)


# ---------------------------------------------------------------------------------------------
# Binary elementwise ops over every dtype pair

ARITH = {"+": operator.add, "-": operator.sub, "*": operator.mul, "//": operator.floordiv,
         "%": operator.mod}
CMP = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
       ">": operator.gt, ">=": operator.ge}
BITWISE = {"&": operator.and_, "|": operator.or_, "^": operator.xor}


@pytest.mark.parametrize("da,db", list(itertools.product(NP_DTYPES, NP_DTYPES)),
                         ids=[f"{a}-{b}" for a, b in itertools.product(ids, ids)])
def test_binary_ops_every_dtype_pair(da, db):
    same_kind = np.dtype(da).kind == np.dtype(db).kind
    a_np = sample(da, (3, 4), 1, edges=same_kind)
    b_np = sample(db, (4,), 2, edges=same_kind)
    a, b = lt.asarray(a_np), lt.asarray(b_np)
    dt = expected_dtype(da, db)
    ac, bc = a_np.astype(dt), b_np.astype(dt)
    pairs = []
    for sym, fn in CMP.items():
        pairs.append((fn(a, b), np_apply(fn, ac, bc)))
    pairs.append((lt.maximum(a, b), np_apply(np.maximum, ac, bc)))
    pairs.append((lt.minimum(a, b), np_apply(np.minimum, ac, bc)))
    if dt.kind != "b":
        for sym, fn in ARITH.items():
            want = standard_floor_divide(ac, bc) if sym == "//" and dt.kind == "f" else \
                np_apply(fn, ac, bc)
            pairs.append((fn(a, b), want))
        pairs.append((a / b, np_apply(np.true_divide, ac.astype(np.result_type(dt, np.float32))
                                      if dt.kind != "f" else ac,
                                      bc.astype(np.float32) if dt.kind != "f" else bc)
                      .astype(dt if dt.kind == "f" else np.float32)))
    else:
        pairs.append((a + b, ac | bc))
        pairs.append((a * b, ac & bc))
    if dt.kind in "biu":
        for sym, fn in BITWISE.items():
            pairs.append((fn(a, b), fn(ac, bc)))
    for got, want in pairs:
        assert got.dtype == want.dtype
    check_all(pairs)


def test_division_results_are_float32_for_integers():
    a = lt.asarray(np.array([7, -7, 3], np.int32))
    b = lt.asarray(np.array([2, 2, 4], np.int64))
    assert (a / b).dtype == lt.float32
    assert (a / 2).dtype == lt.float32
    assert_matches(a / b, np.array([3.5, -3.5, 0.75], np.float32))


@pytest.mark.parametrize("dtype", INTS, ids=[np.dtype(d).name for d in INTS])
def test_integer_division_by_zero_and_int_min_follow_numpy(dtype):
    info = np.iinfo(dtype)
    a_np = np.array([info.min, info.min, info.max, 7, -7 if info.min else 7, 0, 5, info.min],
                    dtype)
    b_np = np.array([-1 if info.min else 1, 0, 0, 0, 2, 0, -3 if info.min else 3, 1], dtype)
    a, b = lt.asarray(a_np), lt.asarray(b_np)
    check_all([(a // b, np_apply(np.floor_divide, a_np, b_np)),
               (a % b, np_apply(np.remainder, a_np, b_np)),
               (a // 0, np_apply(np.floor_divide, a_np, dtype(0))),
               (a % 0, np_apply(np.remainder, a_np, dtype(0)))])


@pytest.mark.parametrize("dtype", FLOATS, ids=[np.dtype(d).name for d in FLOATS])
def test_float_floor_divide_and_remainder_signs(dtype):
    vals = np.array([7.5, -7.5, 0.0, -0.0, 3.0, -3.0, np.inf, -np.inf, np.nan, 1.0], dtype)
    a_np, b_np = (np.array(v, dtype) for v in zip(*itertools.product(vals, vals)))
    a, b = lt.asarray(a_np), lt.asarray(b_np)
    q, r = a // b, a % b
    lt.realize(q, r)
    want_q = standard_floor_divide(a_np, b_np)
    want_r = np_apply(np.remainder, a_np, b_np)
    assert_matches(q, want_q)
    assert_matches(r, want_r)
    for got, want in ((q.numpy(), want_q), (r.numpy(), want_r)):
        signed = ~np.isnan(want)  # the sign of a NaN carries no meaning
        np.testing.assert_array_equal(np.signbit(got)[signed], np.signbit(want)[signed])


def standard_floor_divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """NumPy's floor_divide, except where exactly one operand is infinite: there lazyten
    follows the Array API special cases (as PyTorch and JAX do), while NumPy gives NaN for
    inf // finite and -1 for a finite // inf of the other sign."""
    want = np_apply(np.floor_divide, a, b)
    with np.errstate(all="ignore"):
        inf_a = np.isinf(a) & np.isfinite(b) & (b != 0)
        want[inf_a] = (a / b)[inf_a]
        inf_b = np.isfinite(a) & np.isinf(b)
        want[inf_b] = np.where(np.signbit(a) == np.signbit(b), 0.0, -0.0)[inf_b]
    return want


@pytest.mark.parametrize("dtype", NUMERIC, ids=[np.dtype(d).name for d in NUMERIC])
def test_pow(dtype):
    a_np = np.array([[0, 1, 2, 3], [4, 5, 2, 1]], dtype)
    b_np = np.array([0, 1, 2, 3], dtype)
    a, b = lt.asarray(a_np), lt.asarray(b_np)
    check_all([(a ** b, a_np ** b_np), (a ** 2, a_np ** dtype(2)), (lt.pow(a, b), a_np ** b_np)])


@pytest.mark.parametrize("dtype", FLOATS, ids=[np.dtype(d).name for d in FLOATS])
def test_float_pow_special_values(dtype):
    a_np = np.array([-2.0, 2.0, 0.0, np.nan, np.inf, -1.5], dtype)
    b_np = np.array([0.5, -1.0, -1.0, 0.0, -2.0, 3.0], dtype)
    check_all([(lt.asarray(a_np) ** lt.asarray(b_np), np_apply(np.power, a_np, b_np))])


def test_nan_propagates_in_maximum_minimum_and_clip():
    a_np = np.array([np.nan, 1.0, 5.0, -np.inf, np.nan], np.float32)
    b_np = np.array([0.0, np.nan, 2.0, np.nan, np.nan], np.float32)
    a, b = lt.asarray(a_np), lt.asarray(b_np)
    check_all([(lt.maximum(a, b), np.maximum(a_np, b_np)),
               (lt.minimum(a, b), np.minimum(a_np, b_np)),
               (lt.maximum(b, a), np.maximum(b_np, a_np)),
               (lt.clip(a, 0.0, 2.0), np.clip(a_np, 0.0, 2.0)),
               (lt.clip(a, b, None), np.clip(a_np, b_np, None)),
               (lt.clip(b, None, a), np.clip(b_np, None, a_np))])


@pytest.mark.parametrize("dtype", NUMERIC, ids=[np.dtype(d).name for d in NUMERIC])
def test_clip_and_where(dtype):
    x_np = sample(dtype, (3, 4), 3, edges=False)
    lo_np = sample(dtype, (4,), 4, edges=False)
    c_np = sample(np.bool_, (3, 1), 5)
    x, lo, c = lt.asarray(x_np), lt.asarray(lo_np), lt.asarray(c_np)
    check_all([(lt.clip(x, 1, 50), np.clip(x_np, dtype(1), dtype(50))),
               (x.clip(max=10), np.clip(x_np, None, dtype(10))),
               (lt.clip(x, lo, None), np.clip(x_np, lo_np, None)),
               (lt.where(c, x, lo), np.where(c_np, x_np, lo_np)),
               (lt.where(c, x, 0), np.where(c_np, x_np, dtype(0))),
               (lt.where(c, 1, x), np.where(c_np, dtype(1), x_np))])


def test_where_with_two_scalars_and_bool_arrays():
    c_np = np.array([True, False, True])
    c = lt.asarray(c_np)
    check_all([(lt.where(c, 1, 0), np.where(c_np, 1, 0).astype(np.int64)),
               (lt.where(c, 1.5, 0), np.where(c_np, 1.5, 0).astype(np.float32)),
               (lt.where(c, c, ~c), np.where(c_np, c_np, ~c_np))])


# ---------------------------------------------------------------------------------------------
# Python scalars, reflected and in-place forms

@pytest.mark.parametrize("dtype", NUMERIC, ids=[np.dtype(d).name for d in NUMERIC])
def test_scalars_are_weak_and_reflected_forms(dtype):
    x_np = sample(dtype, (2, 3), 6, edges=False)
    x = lt.asarray(x_np)
    s = dtype(3)
    fdt = np.dtype(dtype) if np.dtype(dtype).kind == "f" else np.dtype(np.float32)
    xf = x_np.astype(fdt)
    pairs = [(x + 3, x_np + s), (3 + x, s + x_np), (x - 3, np_apply(operator.sub, x_np, s)),
             (3 - x, np_apply(operator.sub, s, x_np)), (3 * x, np_apply(operator.mul, s, x_np)),
             (x // 3, x_np // s), (7 // x, np_apply(np.floor_divide, dtype(7), x_np)),
             (x % 3, x_np % s), (7 % x, np_apply(np.remainder, dtype(7), x_np)),
             (2 ** x[:, :1] if np.dtype(dtype).kind == "f" else x ** 2,
              dtype(2) ** x_np[:, :1] if np.dtype(dtype).kind == "f"
              else np_apply(np.power, x_np, dtype(2))),
             (x * 0.5, xf * fdt.type(0.5)), (0.5 + x, fdt.type(0.5) + xf),
             (x / 2, xf / fdt.type(2)), (2 / x, np_apply(np.true_divide, fdt.type(2), xf)),
             (x > 2.5, xf > fdt.type(2.5)), (x == 3, x_np == s), (3 < x, s < x_np)]
    if np.dtype(dtype).kind in "iu":
        pairs += [(x & 6, x_np & dtype(6)), (6 | x, dtype(6) | x_np), (x ^ 5, x_np ^ dtype(5))]
    for got, want in pairs:
        assert got.dtype == want.dtype, (got.dtype, want.dtype)
    check_all(pairs)


def test_python_float_scalar_with_int_array_gives_float32():
    x = lt.arange(4)
    assert (x * 1.5).dtype == lt.float32
    assert (1.5 - x).dtype == lt.float32
    assert_matches(x * 1.5, np.arange(4, dtype=np.float32) * np.float32(1.5))


def test_int_array_with_float_array_gives_the_float_dtype():
    i = lt.asarray(np.array([1, 2, 3], np.int64))
    h = lt.asarray(np.array([0.5, 0.25, 2.0], np.float16))
    assert (i * h).dtype == lt.float16
    assert_matches(i * h, np.array([0.5, 0.5, 6.0], np.float16))


def test_bool_with_python_scalars():
    b_np = np.array([True, False, True])
    b = lt.asarray(b_np)
    check_all([(b + 1, b_np.astype(np.int64) + 1), (b * 2.5, b_np.astype(np.float32) * 2.5),
               (b & True, b_np & True), (b | False, b_np | False), (b == True, b_np),  # noqa: E712
               (~b, ~b_np)])


def test_numpy_array_on_the_left_defers_to_lazyten():
    a_np = np.array([1.0, 2.0, 3.0], np.float32)
    x = lt.asarray(np.array([4.0, 5.0, 6.0], np.float32))
    r = a_np + x
    assert isinstance(r, lt.Array)
    assert_matches(r, a_np + x.numpy())


@pytest.mark.parametrize("dtype", NUMERIC, ids=[np.dtype(d).name for d in NUMERIC])
def test_inplace_operators_keep_identity_and_dtype(dtype):
    x_np = sample(dtype, (2, 3), 7, edges=False)
    y_np = sample(dtype, (3,), 8, edges=False)
    x, y = lt.asarray(x_np), lt.asarray(y_np)
    ident = id(x)
    ref = x_np.copy()
    with np.errstate(all="ignore"):
        x += y
        ref += y_np
        x *= 2
        ref *= dtype(2)
        x -= y
        ref -= y_np
        x //= y
        ref //= y_np
        x %= 7
        ref %= dtype(7)
        if np.dtype(dtype).kind == "f":
            x /= 2
            ref /= dtype(2)
            x **= 2
            ref **= dtype(2)
        else:
            x &= 5
            ref &= dtype(5)
            x |= y
            ref |= y_np
            x ^= 3
            ref ^= dtype(3)
    assert id(x) == ident
    assert_matches(x, ref)


def test_inplace_matmul_and_bool_inplace():
    m_np = np.arange(9, dtype=np.float32).reshape(3, 3)
    m = lt.asarray(m_np)
    ident = id(m)
    m @= lt.asarray(np.eye(3, dtype=np.float32) * 2)
    assert id(m) == ident
    assert_matches(m, m_np * 2)
    b_np = np.array([True, False, True])
    b = lt.asarray(b_np)
    b &= lt.asarray(np.array([True, True, False]))
    b ^= True
    assert_matches(b, (b_np & np.array([True, True, False])) ^ True)


def test_inplace_int_with_float_raises_type_error():
    x = lt.arange(3)
    with pytest.raises(TypeError):
        x += 1.5
    with pytest.raises(TypeError):
        x /= 2
    assert_matches(x, np.arange(3))


# ---------------------------------------------------------------------------------------------
# Unary ops

@pytest.mark.parametrize("dtype", NP_DTYPES, ids=ids)
def test_unary_ops(dtype):
    x_np = sample(dtype, (3, 4), 9)
    x = lt.asarray(x_np)
    fdt = np.dtype(dtype) if np.dtype(dtype).kind == "f" else np.dtype(np.float32)
    xf = x_np.astype(fdt)
    pairs = [(+x, x_np), (abs(x), np_apply(np.abs, x_np)), (lt.abs(x), np_apply(np.abs, x_np))]
    for name in ["exp", "log", "sqrt", "sin", "cos", "tanh"]:
        pairs.append((getattr(lt, name)(x), np_apply(getattr(np, name), xf)))
    if np.dtype(dtype).kind != "b":
        pairs.append((-x, np_apply(np.negative, x_np)))
        pairs.append((lt.negative(x), np_apply(np.negative, x_np)))
    if np.dtype(dtype).kind in "biu":
        pairs.append((~x, ~x_np))
        pairs.append((lt.bitwise_invert(x), ~x_np))
    for got, want in pairs:
        assert got.dtype == want.dtype, (got.dtype, want.dtype)
    check_all(pairs)


def test_float16_math_within_tolerance():
    x_np = np.linspace(-4, 4, 17).astype(np.float16)
    x = lt.asarray(x_np)
    check_all([(lt.exp(x), np.exp(x_np)), (lt.tanh(x), np.tanh(x_np)),
               (lt.sin(x) * lt.cos(x), np.sin(x_np) * np.cos(x_np)),
               (lt.sqrt(abs(x)), np.sqrt(np.abs(x_np)))])


# ---------------------------------------------------------------------------------------------
# Reductions

AXES = [None, 0, 1, -1, (0, 1), ()]


@pytest.mark.parametrize("dtype", NP_DTYPES, ids=ids)
def test_reductions(dtype):
    x_np = sample(dtype, (3, 4), 10)
    if np.dtype(dtype).kind in "iu":
        x_np = sample(dtype, (3, 4), 10, edges=False) % dtype(7)
    x = lt.asarray(x_np)
    pairs = []
    with np.errstate(invalid="ignore"):  # NumPy's own inf - inf in the references
        for axis in AXES:
            for keep in (False, True):
                kw = dict(axis=axis, keepdims=keep)
                pairs += [(x.sum(**kw), np.sum(x_np, **kw)), (x.max(**kw), np.max(x_np, **kw)),
                          (x.min(**kw), np.min(x_np, **kw)),
                          (lt.prod(x, **kw), np_apply(lambda v: np.prod(v, **kw), x_np))]
                if np.dtype(dtype).kind == "f":
                    pairs.append((x.mean(**kw), np_apply(lambda v: np.mean(v, **kw), x_np)))
                else:
                    pairs.append((x.mean(**kw),
                                  np.asarray(np.mean(x_np.astype(np.float64), **kw), np.float32)))
        pairs += [(x.sum(dim=1), np.sum(x_np, axis=1)), (lt.sum(x, dim=0), np.sum(x_np, axis=0)),
                  (x.max(dim=1, keepdims=True).values, np.max(x_np, axis=1, keepdims=True)),
                  (x.max(dim=1, keepdim=True).indices, np.argmax(x_np, axis=1, keepdims=True)),
                  (lt.min(x, dim=0).indices, np.argmin(x_np, axis=0)),
                  (x.sum(dim=0, keepdim=True), np.sum(x_np, axis=0, keepdims=True)),
                  (lt.min(x, dim=(0, 1)), np.min(x_np))]
    for got, want in pairs:
        assert got.dtype == want.dtype, (got.dtype, want.dtype)
        assert got.shape == want.shape
    check_all(pairs)


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.uint8, np.uint16, np.uint32,
                                   np.bool_])
def test_small_integer_sums_widen_without_overflow(dtype):
    x_np = np.full((300,), np.iinfo(dtype).max if dtype is not np.bool_ else True, dtype)
    x = lt.asarray(x_np)
    want_dt = np.uint64 if np.dtype(dtype).kind == "u" else np.int64
    check_all([(x.sum(), np.sum(x_np)), (lt.sum(x, axis=0), np.sum(x_np, axis=0))])
    assert x.sum().dtype == want_dt
    assert lt.prod(x[:2]).dtype == want_dt


def test_int64_sum_and_prod_are_exact_and_wrap_like_numpy():
    cases = [np.array([np.iinfo(np.int64).max, 1, 5]), np.array([2**40, 2**40, 3]),
             np.array([2**53 + 1, 2, 3]), np.array([2**31 + 1, 2**31 - 1]),
             np.array([2**64 - 1, 2**63 + 5, 7], np.uint64)]
    pairs = []
    for c in cases:
        pairs += [(lt.asarray(c).sum(), np.sum(c)), (lt.asarray(c).prod(), np.prod(c))]
    check_all(pairs)


@given(shape=hnp.array_shapes(min_dims=1, max_dims=4, min_side=0, max_side=7),
       data=st.data())
def test_integer_sum_prod_over_random_axes(shape, data):
    x_np = np.random.default_rng(len(shape)).integers(-5, 6, shape).astype(np.int32)
    axes = data.draw(st.lists(st.integers(0, len(shape) - 1), unique=True, max_size=len(shape)))
    keep = data.draw(st.booleans())
    x = lt.asarray(x_np)
    kw = dict(axis=tuple(axes), keepdims=keep)
    check_all([(x.sum(**kw), np.sum(x_np, **kw)), (x.prod(**kw), np.prod(x_np, **kw))])


def test_uint64_max_min_above_int64_range():
    x_np = np.array([[2**64 - 1, 5, 2**63], [2**63 - 1, 0, 2**63 + 7]], np.uint64)
    x = lt.asarray(x_np)
    check_all([(x.max(), np.max(x_np)), (x.min(), np.min(x_np)),
               (x.max(axis=0), np.max(x_np, axis=0)), (x.min(axis=1), np.min(x_np, axis=1)),
               (lt.maximum(x, x[:1]), np.maximum(x_np, x_np[:1])),
               (lt.minimum(x, x[:1]), np.minimum(x_np, x_np[:1])),
               (x > x[1:], x_np > x_np[1:]), (x // x[:1], x_np // x_np[:1]),
               (x % 3, x_np % np.uint64(3))])


@pytest.mark.parametrize("dtype", FLOATS, ids=[np.dtype(d).name for d in FLOATS])
def test_nan_propagates_in_max_min_reductions(dtype):
    x_np = np.array([[1.0, np.nan, 3.0], [np.nan, 0.0, -1.0], [2.0, 5.0, np.inf]], dtype)
    x = lt.asarray(x_np)
    check_all([(x.max(), np.max(x_np)), (x.min(), np.min(x_np)),
               (x.max(axis=0), np.max(x_np, axis=0)), (x.max(axis=1), np.max(x_np, axis=1)),
               (x.min(axis=0), np.min(x_np, axis=0)), (x.min(axis=1), np.min(x_np, axis=1))])


def test_empty_arrays():
    e_np = np.zeros((0, 3), np.float32)
    e = lt.asarray(e_np)
    i_np = np.zeros((0,), np.int32)
    i = lt.asarray(i_np)
    with np.errstate(all="ignore"):
        pairs = [(e + 1, e_np + 1), (e.sum(), np.sum(e_np)), (e.sum(axis=0), e_np.sum(axis=0)),
                 (e.sum(axis=1), e_np.sum(axis=1)), (e.prod(axis=0), e_np.prod(axis=0)),
                 (e.mean(), np.float32(np.nan)), (e.max(axis=1), e_np.max(axis=1)),
                 (i.sum(), np.sum(i_np)), (i * 2, i_np * 2), (lt.exp(e), np.exp(e_np)),
                 (e.reshape(3, 0), e_np.reshape(3, 0)), (e.T, e_np.T),
                 (lt.concat([e, e]), np.concatenate([e_np, e_np]))]
    check_all(pairs)


def test_zero_dimensional_arrays():
    s_np = np.array(2.5, np.float32)
    s = lt.asarray(s_np)
    v = lt.asarray(np.array([1.0, 2.0], np.float32))
    pairs = [(s + 1, s_np + 1), (s * v, s_np * v.numpy()), (s.sum(), s_np), (s.max(), s_np),
             (lt.exp(s), np.exp(s_np)), (s.reshape(1, 1), s_np.reshape(1, 1)),
             (v.sum(), np.float32(3.0)), (s.T, s_np)]
    check_all(pairs)
    for got, want in pairs:
        assert got.shape == np.shape(want)
    assert float(s) == 2.5 and s.ndim == 0 and s.size == 1


# ---------------------------------------------------------------------------------------------
# matmul, concat, stack, shape manipulation

MATMUL_SHAPES = [((3, 4), (4, 2)), ((4,), (4, 2)), ((3, 4), (4,)), ((4,), (4,)),
                 ((2, 3, 4), (4, 5)), ((2, 1, 3, 4), (5, 4, 2))]


@pytest.mark.parametrize("dtype", NP_DTYPES, ids=ids)
def test_matmul(dtype):
    pairs = []
    for k, (sa, sb) in enumerate(MATMUL_SHAPES):
        a_np = sample(dtype, sa, k, edges=False)
        b_np = sample(dtype, sb, k + 20, edges=False)
        want = np_apply(np.matmul, a_np, b_np)
        pairs.append((lt.matmul(lt.asarray(a_np), lt.asarray(b_np)), want))
        pairs.append((lt.asarray(a_np) @ lt.asarray(b_np), want))
    check_all(pairs)


def test_matmul_mixed_dtypes_promote():
    a_np = np.arange(6, dtype=np.int32).reshape(2, 3)
    b_np = np.ones((3, 2), np.float32)
    got = lt.asarray(a_np) @ lt.asarray(b_np)
    assert_matches(got, a_np.astype(np.float32) @ b_np)


@pytest.mark.parametrize("da,db", [(np.int8, np.uint8), (np.bool_, np.int16),
                                   (np.int64, np.float16), (np.float32, np.float64),
                                   (np.uint64, np.uint64), (np.bool_, np.bool_)])
def test_concat_cat_stack(da, db):
    a_np = sample(da, (2, 3), 30, edges=False)
    b_np = sample(db, (2, 3), 31, edges=False)
    a, b = lt.asarray(a_np), lt.asarray(b_np)
    dt = expected_dtype(da, db)
    ac, bc = a_np.astype(dt), b_np.astype(dt)
    check_all([(lt.concat([a, b]), np.concatenate([ac, bc])),
               (lt.concat([a, b], axis=1), np.concatenate([ac, bc], axis=1)),
               (lt.concat([a, b], axis=-1), np.concatenate([ac, bc], axis=-1)),
               (lt.concat([a, b], axis=None), np.concatenate([ac, bc], axis=None)),
               (lt.cat([a, b, a], dim=1), np.concatenate([ac, bc, ac], axis=1)),
               (lt.stack([a, b]), np.stack([ac, bc])),
               (lt.stack([a, b], axis=2), np.stack([ac, bc], axis=2)),
               (lt.stack([a, b], axis=-2), np.stack([ac, bc], axis=-2))])


@pytest.mark.parametrize("dtype", NP_DTYPES, ids=ids)
def test_reshape_permute_transpose(dtype):
    x_np = sample(dtype, (2, 3, 4), 40, edges=False)
    x = lt.asarray(x_np)
    check_all([(x.reshape(6, 4), x_np.reshape(6, 4)), (x.reshape((4, 6)), x_np.reshape(4, 6)),
               (x.reshape(-1), x_np.reshape(-1)), (x.reshape(2, -1, 2), x_np.reshape(2, -1, 2)),
               (lt.reshape(x, (3, 8)), x_np.reshape(3, 8)), (x.T, x_np.T),
               (lt.permute_dims(x, (1, 2, 0)), x_np.transpose(1, 2, 0)),
               (x.permute(2, 0, 1), x_np.transpose(2, 0, 1)),
               (x.T.reshape(4, 6), x_np.T.reshape(4, 6)),
               (x[0].T, x_np[0].T), (lt.permute_dims(x, (-1, 0, 1)), x_np.transpose(2, 0, 1))])


# ---------------------------------------------------------------------------------------------
# Creation and astype

def test_arange_variants():
    check_all([(lt.arange(5), np.arange(5)), (lt.arange(2, 11, 3), np.arange(2, 11, 3)),
               (lt.arange(10, 0, -3), np.arange(10, 0, -3)),
               (lt.arange(0.0, 1.0, 0.1), np.arange(0.0, 1.0, 0.1).astype(np.float32)),
               (lt.arange(5, dtype=lt.uint8), np.arange(5, dtype=np.uint8)),
               (lt.arange(-3, 3, dtype=lt.float64), np.arange(-3, 3, dtype=np.float64)),
               (lt.arange(3, 3), np.arange(3, 3)), (lt.arange(0, -5, -1, dtype=lt.int8),
                                                    np.arange(0, -5, -1, dtype=np.int8))])


@pytest.mark.parametrize("dtype", NP_DTYPES, ids=ids)
def test_creation_with_dtype(dtype):
    ldt = lt.asarray(np.zeros((), dtype)).dtype
    base_np = sample(dtype, (2, 3), 50, edges=False)
    base = lt.asarray(base_np)
    check_all([(lt.zeros((2, 3), dtype=ldt), np.zeros((2, 3), dtype)),
               (lt.ones(2, 3, dtype=ldt), np.ones((2, 3), dtype)),
               (lt.full((2, 2), 1, dtype=ldt), np.full((2, 2), 1, dtype)),
               (lt.empty(4, dtype=ldt).shape and lt.zeros(4, dtype=ldt), np.zeros(4, dtype)),
               (lt.zeros_like(base), np.zeros_like(base_np)),
               (lt.ones_like(base), np.ones_like(base_np)),
               (lt.full_like(base, 1), np.full_like(base_np, 1)),
               (lt.asarray(base_np.tolist(), dtype=ldt), base_np),
               (lt.tensor(base_np), base_np), (lt.asarray(base), base_np)])
    assert lt.empty((2, 5), dtype=ldt).shape == (2, 5)
    assert lt.empty_like(base).dtype == ldt


def test_creation_defaults():
    assert lt.zeros(2, 3).dtype == lt.float32
    assert lt.ones((2,)).dtype == lt.float32
    assert lt.full((2,), 7).dtype == lt.int64
    assert lt.full((2,), 7.0).dtype == lt.float32
    assert lt.full((2,), True).dtype == lt.bool
    assert lt.arange(3).dtype == lt.int64
    assert lt.tensor([1.0, 2.0]).dtype == lt.float32
    assert lt.tensor([1, 2]).dtype == lt.int64
    assert lt.tensor([[True, False]]).dtype == lt.bool
    assert lt.asarray(3).shape == ()
    check_all([(lt.tensor([[1, 2], [3, 4]]), np.array([[1, 2], [3, 4]])),
               (lt.asarray([1.5, 2]), np.array([1.5, 2], np.float32)),
               (lt.asarray(np.float64(2.5)), np.array(2.5)),
               (lt.asarray([1, 2], dtype=lt.float16), np.array([1, 2], np.float16)),
               (lt.full((2, 3), 2.5), np.full((2, 3), 2.5, np.float32))])


def test_random_streams_are_reproducible():
    lt.manual_seed(123)
    a, b = lt.randn(3, 4), lt.rand(5)
    lt.manual_seed(123)
    c, d = lt.randn(3, 4), lt.rand(5)
    assert a.dtype == lt.float32 and a.shape == (3, 4)
    np.testing.assert_array_equal(a.numpy(), c.numpy())
    np.testing.assert_array_equal(b.numpy(), d.numpy())
    assert ((b.numpy() >= 0) & (b.numpy() < 1)).all()
    assert not np.array_equal(lt.randn(3, 4).numpy(), a.numpy())


CASTABLE = np.array([0, 1, 2, 3.7, 100, 127, 42.2, 0.5], np.float64)


@pytest.mark.parametrize("src", NP_DTYPES, ids=ids)
def test_astype_every_pair(src):
    x_np = CASTABLE.astype(src)
    if np.dtype(src).kind in "iu":
        x_np = sample(src, (8,), 60)  # includes the limits: narrowing wraps like NumPy
    x = lt.asarray(x_np)
    pairs = []
    for dst in NP_DTYPES:
        ldt = lt.asarray(np.zeros((), dst)).dtype
        with np.errstate(all="ignore"):
            want = x_np.astype(dst)
        pairs.append((x.astype(ldt), want))
        pairs.append((lt.astype(x, ldt), want))
    check_all(pairs)


def test_astype_special_floats_to_bool_and_float16():
    x_np = np.array([np.nan, -0.0, 0.0, np.inf, 1e-30, 70000.0], np.float32)
    x = lt.asarray(x_np)
    with np.errstate(all="ignore"):
        check_all([(x.astype(lt.bool), x_np.astype(bool)),
                   (x.astype(lt.float16), x_np.astype(np.float16)),
                   (x.astype(lt.float64), x_np.astype(np.float64))])


def test_astype_copy_false_returns_same_array():
    x = lt.arange(3)
    assert lt.astype(x, lt.int64, copy=False) is x
    assert x.astype(lt.int64) is not x


def test_integer_pow_is_exact_and_wraps_like_numpy():
    a_np = np.array([3, -3, 2, 7, 5], np.int64)
    b_np = np.array([39, 39, 64, 0, 27], np.int64)
    u_np = np.array([3, 2**32 + 1, 7], np.uint64)
    s_np = np.array([[3], [-5]], np.int8)
    check_all([(lt.asarray(a_np) ** lt.asarray(b_np), a_np ** b_np),
               (lt.asarray(u_np) ** 40, u_np ** np.uint64(40)),
               (lt.asarray(s_np) ** lt.asarray(np.array([5, 1, 0], np.int8)),
                s_np ** np.array([5, 1, 0], np.int8))])


def test_float16_mean_accumulates_in_float32():
    x_np = np.ones((3, 70000), np.float16)
    x = lt.asarray(x_np)
    check_all([(x.mean(), np.mean(x_np)), (x.mean(axis=1), np.mean(x_np, axis=1))])
    assert x.mean().dtype == lt.float16


def test_int64_max_min_around_two_to_the_31():
    """onnxruntime's CPU int64 Max/Min is wrong when one operand lies in [2**31, 2**32) and the
    high words are equal (found by the conformance suite); lazyten lowers around it."""
    rng = np.random.default_rng(5)
    a_np = rng.integers(0, 2**34, 4000).astype(np.int64)
    b_np = rng.integers(0, 2**34, 4000).astype(np.int64)
    a_np[:4], b_np[:4] = [2**31, 2**31 + 7, 0, 2**32 - 1], [0, 3, 2**31, 5]
    a, b = lt.asarray(a_np), lt.asarray(b_np)
    check_all([(lt.maximum(a, b), np.maximum(a_np, b_np)), (lt.minimum(a, b), np.minimum(a_np, b_np)),
               (a.max(), a_np.max()), (a.min(), a_np.min()),
               (a.reshape(40, 100).max(axis=1), a_np.reshape(40, 100).max(axis=1)),
               (lt.clip(a, 2**31, 2**32), np.clip(a_np, 2**31, 2**32))])


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_python_floats_beyond_the_dtype_become_inf_quietly(dtype):
    x = lt.ones(3, dtype=dtype)
    big = 1e300 if dtype is not np.float64 else 1e308
    with np.errstate(over="ignore"):
        expected = np.ones(3, dtype) * big, np.ones(3, dtype) - big
    np.testing.assert_array_equal((x * big).numpy(), expected[0])
    np.testing.assert_array_equal((x - big).numpy(), expected[1])
    np.testing.assert_array_equal((x + 2.0).numpy(), np.full(3, 3, dtype))
