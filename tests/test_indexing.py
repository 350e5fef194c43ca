"""Indexing (get and set, basic and advanced) against NumPy, with hypothesis-made indices."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra import numpy as hnp

import lazyten as lt
from helpers import assert_matches

shapes = hnp.array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=5)


@st.composite
def basic_indices(draw, shape):
    """Integers (also negative), slices with any step, ``...`` and ``None``."""
    ndim = len(shape)
    m = draw(st.integers(0, ndim))
    ellipsis = draw(st.booleans())
    p = draw(st.integers(0, m)) if ellipsis else m
    items: list = []
    for axis in list(range(p)) + list(range(ndim - (m - p), ndim)):
        n = shape[axis]
        if draw(st.booleans()):
            items.append(draw(st.integers(-n, n - 1)))
        else:
            bound = st.one_of(st.none(), st.integers(-7, 7))
            step = draw(st.one_of(st.none(), st.integers(-3, 3).filter(bool)))
            items.append(slice(draw(bound), draw(bound), step))
    if ellipsis:
        items.insert(p, ...)
    for _ in range(draw(st.integers(0, 2))):
        items.insert(draw(st.integers(0, len(items))), None)
    return items[0] if len(items) == 1 and draw(st.booleans()) else tuple(items)


@st.composite
def array_with_index(draw, advanced=False):
    shape = draw(shapes)
    x = np.arange(int(np.prod(shape)), dtype=np.int32).reshape(shape)
    if not advanced:
        return x, draw(basic_indices(shape))
    return x, draw(advanced_indices(shape))


@st.composite
def advanced_indices(draw, shape):
    """Integer arrays, boolean masks, and mixes with slices and integers."""
    kind = draw(st.sampled_from(["ints", "mask", "mixed", "two_arrays", "list"]))
    n = shape[0]
    if kind == "ints":
        return np.array(draw(st.lists(st.integers(-n, n - 1), max_size=6)), np.int64)
    if kind == "list":
        return draw(st.lists(st.integers(-n, n - 1), min_size=1, max_size=4))
    if kind == "mask":
        k = draw(st.integers(1, len(shape)))
        return draw(hnp.arrays(np.bool_, shape[:k]))
    if kind == "two_arrays" and len(shape) >= 2:
        m = shape[1]
        size = draw(st.integers(1, 4))
        i = draw(hnp.arrays(np.int64, size, elements=st.integers(-n, n - 1)))
        j = draw(hnp.arrays(np.int64, (1,), elements=st.integers(-m, m - 1)))
        return (i, j)
    items = [slice(None, None, draw(st.sampled_from([1, -1, 2])))]
    if len(shape) >= 2:
        m = shape[1]
        items.append(draw(hnp.arrays(np.int64, draw(st.integers(1, 3)),
                                     elements=st.integers(-m, m - 1))))
    if len(shape) >= 3:
        items.append(draw(st.integers(0, shape[2] - 1)))
    return tuple(items)


@given(array_with_index())
def test_basic_getitem_matches_numpy(case):
    x_np, idx = case
    assert_matches(lt.asarray(x_np)[idx], x_np[idx])


@given(array_with_index(advanced=True))
def test_advanced_getitem_matches_numpy(case):
    x_np, idx = case
    x = lt.asarray(x_np)
    assert_matches(x[idx], x_np[idx])
    if isinstance(idx, np.ndarray):  # lazyten arrays as indices behave like ndarrays
        assert_matches(x[lt.asarray(idx)], x_np[idx])


@pytest.mark.parametrize("advanced", [False, True], ids=["basic", "advanced"])
@given(data=st.data(), value=st.integers(-50, 50))
def test_setitem_scalar(advanced, data, value):
    x_np, idx = data.draw(array_with_index(advanced=advanced))
    x = lt.asarray(x_np)
    x[idx] = value
    x_np[idx] = value
    assert_matches(x, x_np)


@given(array_with_index(), st.data())
def test_basic_setitem_broadcast_array(case, data):
    x_np, idx = case
    region = x_np[idx].shape
    k = data.draw(st.integers(0, len(region)))
    vshape = tuple(data.draw(st.sampled_from([1, d])) for d in region[len(region) - k:])
    v_np = np.arange(-1, -1 - int(np.prod(vshape)), -1, dtype=np.int64).reshape(vshape)
    x = lt.asarray(x_np)
    x[idx] = lt.asarray(v_np)  # int64 value into an int32 array: cast to x.dtype
    x_np[idx] = v_np
    assert_matches(x, x_np)


@given(array_with_index(advanced=True))
def test_advanced_setitem_array_values(case):
    x_np, idx = case
    region = x_np[idx].shape
    if len(set(np.ravel(np.arange(x_np.size).reshape(x_np.shape)[idx]))) != \
            int(np.prod(region)):
        return  # duplicate positions: which write wins is unspecified
    v_np = np.arange(1000, 1000 + int(np.prod(region)), dtype=np.int32).reshape(region)
    x = lt.asarray(x_np)
    x[idx] = lt.asarray(v_np)
    x_np[idx] = v_np
    assert_matches(x, x_np)
    x[idx] = v_np[-1:] if region and region[0] else v_np  # broadcast along the first axis
    x_np[idx] = v_np[-1:] if region and region[0] else v_np
    assert_matches(x, x_np)


def test_mask_setitem_with_lazy_mask_and_values():
    x_np = np.array([[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]], np.float32)
    x = lt.asarray(x_np)
    x[x < 0] = 0
    x_np[x_np < 0] = 0
    assert_matches(x, x_np)
    x[x > 2] = lt.asarray(np.array([10.0, 20.0], np.float32))
    x_np[x_np > 2] = [10.0, 20.0]
    assert_matches(x, x_np)
    assert_matches(x[x > 5], x_np[x_np > 5])


def test_zero_d_indexing_and_item():
    x_np = np.arange(12).reshape(3, 4)
    x = lt.asarray(x_np)
    s = x[1, 2]
    assert s.shape == () and s.item() == 6 and int(s) == 6
    x[1, 2] = -1
    assert s.item() == -1  # all-integer indices give a 0-d view, as in PyTorch
    x_np[1, 2] = -1
    assert_matches(x[...], x_np)
    assert_matches(x[None, 1, ..., None], x_np[None, 1, ..., None])


def test_iteration_and_len():
    x_np = np.arange(6).reshape(3, 2)
    x = lt.asarray(x_np)
    assert len(x) == 3
    for row, ref in zip(x, x_np):
        assert_matches(row, ref)
    assert [int(v) for v in x[0]] == [0, 1]


def test_setitem_value_cast_to_array_dtype():
    x = lt.zeros(3, dtype=lt.int32)
    x[0] = 2.7
    x[1:] = lt.asarray(np.array([1.9, -1.9], np.float64))
    assert x.dtype == lt.int32
    assert_matches(x, np.array([2, 1, -1], np.int32))


@pytest.mark.parametrize("dtype", [np.bool_, np.int8, np.uint16, np.float16, np.uint64])
def test_indexing_every_dtype(dtype):
    x_np = (np.arange(24).reshape(4, 6) % 5).astype(dtype)
    x = lt.asarray(x_np)
    got = [x[1:, ::-2], x[[0, 2]], x[x_np[:, 0] != 0], x[-1, 3]]
    want = [x_np[1:, ::-2], x_np[[0, 2]], x_np[x_np[:, 0] != 0], x_np[-1, 3]]
    lt.realize(*got)
    for g, w in zip(got, want):
        assert_matches(g, w)
    x[::3, 1] = x_np[1, 1]
    x_np[::3, 1] = x_np[1, 1]
    x[[1, 3], 2:4] = x_np[0, :2]
    x_np[[1, 3], 2:4] = x_np[0, :2]
    assert_matches(x, x_np)


def test_setitem_into_an_empty_region_is_a_no_op():
    x_np = np.zeros((1, 1), np.int32)
    x = lt.asarray(x_np)
    x[:0] = lt.asarray(np.ones((1, 1), np.int64))
    x[[]] = 5
    x[np.zeros((1, 1), bool)] = lt.asarray(np.ones((0,), np.int32))
    x_np[:0] = 1
    assert_matches(x, x_np)


@pytest.mark.parametrize("sl", [slice(-2, None, -1), slice(-5, None, -1), slice(0, -5, -1),
                                slice(None, None, -1), slice(5, 0, 1)])
def test_empty_and_reversed_slices_through_numpy_and_onnx(sl):
    x_np = np.arange(3)
    x = lt.asarray(x_np)
    view = x[sl]
    computed = lt.asarray(x_np)[sl] + 0
    assert_matches(view, x_np[sl])  # read through .numpy() of the view
    assert_matches(computed, x_np[sl])  # read through the ONNX getitem
