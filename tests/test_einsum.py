"""``lt.einsum`` against ``numpy.einsum``: NumPy's spelling (implicit outputs, ellipses,
size-1 broadcasting, diagonals), random equations, every dtype family, NumPy's dispatch, and
compiled and exported models. The op itself is in the op table, so the conformance matrix also
runs it on its examples at every dtype."""
from __future__ import annotations

import string

import numpy as np
import pytest
from hypothesis import given, strategies as st

import lazyten as lt
from helpers import check_model

CASES = [
    ("ij,jk->ik", [(2, 3), (3, 4)]), ("ij,jk", [(2, 3), (3, 4)]), ("ii", [(3, 3)]),
    ("ii->i", [(3, 3)]), ("...ij,...jk->...ik", [(2, 1, 2, 3), (5, 3, 4)]),
    ("...,...", [(2, 1), (3,)]), ("i...->...", [(2, 3)]), ("bA", [(2, 3)]),
    ("ij,ij->ij", [(1, 3), (4, 3)]), ("ij,kj->ikj", [(2, 3), (4, 1)]), ("i", [(3,)]),
    ("i->", [(3,)]), ("", [()]), (",->", [(), ()]), ("ij->", [(0, 3)]),
    ("ij,jk->ik", [(2, 0), (0, 3)]), ("i , i", [(3,), (3,)]), ("...", [(2, 3)]),
    ("ab...,b->...a", [(2, 3, 4, 5), (3,)]), ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
    ("ijk,ijk->", [(2, 3, 4), (2, 3, 4)]), ("iij,k->jk", [(3, 3, 2), (2,)]),
]
DTYPES = [np.float32, np.float64, np.float16, np.int64, np.int32, np.int8, np.uint8,
          np.uint64, np.bool_]


@pytest.mark.parametrize("equation, shapes", CASES, ids=[c[0] or "empty" for c in CASES])
@pytest.mark.parametrize("dtype", DTYPES, ids=[np.dtype(d).name for d in DTYPES])
def test_numpys_spellings(equation: str, shapes: list, dtype: type) -> None:
    rng = np.random.default_rng(len(equation))
    operands = [rng.integers(-3, 4, s).astype(dtype) for s in shapes]
    want = np.einsum(equation, *operands)
    got = lt.einsum(equation, *[lt.asarray(o) for o in operands]).numpy()
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_array_equal(got, want)


def test_integer_sums_wrap_like_numpy() -> None:
    """onnxruntime's Einsum sums a label only one operand has with its ReduceSum, which
    saturates integers (the trace gave INT64_MAX); lazyten sums those exactly."""
    big = np.full((4, 4), 2**62 + 3, np.int64)
    vec = np.full(4, 2**62, np.int64)
    for equation, operands in [("ii->", [big]), ("ij->j", [big]), ("ij,j->j", [big, vec]),
                               ("ij,ij->", [big, big])]:
        want = np.einsum(equation, *operands)
        got = lt.einsum(equation, *[lt.asarray(o) for o in operands]).numpy()
        np.testing.assert_array_equal(got, want, err_msg=equation)
        compiled = lt.compile(_einsum_of(equation))
        np.testing.assert_array_equal(compiled(*operands).numpy(), want, err_msg=equation)


def _einsum_of(equation: str):
    return lambda *xs: lt.einsum(equation, *xs)


@st.composite
def equations(draw: st.DrawFn) -> tuple[str, list[tuple[int, ...]]]:
    """1-3 operands of up to 3 labels drawn from 4, with sizes per label (sometimes 1, which
    broadcasts), and an explicit output half of the time."""
    letters = string.ascii_lowercase[:4]
    size = {c: draw(st.integers(0, 3)) for c in letters}
    terms = [draw(st.text(letters, min_size=0, max_size=3))
             for _ in range(draw(st.integers(1, 3)))]
    shapes = []
    for t in terms:
        ones = draw(st.sets(st.sampled_from(letters), max_size=1))
        shapes.append(tuple(1 if c in ones else size[c] for c in t))
    used = sorted(set("".join(terms)))
    if draw(st.booleans()):
        out = draw(st.permutations(used))[:draw(st.integers(0, len(used)))]
        return ",".join(terms) + "->" + "".join(out), shapes
    return ",".join(terms), shapes


@given(equations(), st.sampled_from([np.float64, np.int64, np.bool_]))
def test_random_equations(spec: tuple[str, list], dtype: type) -> None:
    equation, shapes = spec
    rng = np.random.default_rng(0)
    operands = [rng.integers(-3, 4, s).astype(dtype) for s in shapes]
    want = np.einsum(equation, *operands)
    got = lt.einsum(equation, *[lt.asarray(o) for o in operands]).numpy()
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)


def test_numpy_dispatch_stays_lazy_and_promotes() -> None:
    a = lt.asarray(np.arange(6, dtype=np.int16).reshape(2, 3))
    b = lt.asarray(np.arange(3, dtype=np.float32))
    got = np.einsum("ij,j->i", a, b)
    assert isinstance(got, lt.Array) and got.dtype == lt.float32
    np.testing.assert_array_equal(got.numpy(), np.array([5.0, 14.0], np.float32))


@pytest.mark.onnxruntime
def test_compiled_and_exported_attention_scores(tmp_path) -> None:
    import onnxruntime as ort

    def scores(q, k):
        return lt.einsum("bqd,bkd->bqk", q, k) / 2.0

    q = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 10
    k = np.arange(16, dtype=np.float32).reshape(2, 2, 4) / 10
    want = np.einsum("bqd,bkd->bqk", q, k) / 2.0
    f = lt.compile(scores)
    np.testing.assert_allclose(f(q, k).numpy(), want, rtol=1e-6)
    model = check_model(f.lower(q, k).onnx)
    assert "Einsum" in {n.op_type for n in model.graph.node}
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    (got,) = session.run(None, {"q": q, "k": k})
    np.testing.assert_allclose(got, want, rtol=1e-6)


@pytest.mark.parametrize("equation, shapes, error, words", [
    ("ij,jk", [(2, 3), (4, 4)], lt.ShapeError, ["'j'", "(2, 3)", "(4, 4)"]),
    ("ij", [(2,)], ValueError, ["'ij'", "(2,)"]),
    ("i.j", [(2, 2)], ValueError, ["'.'"]),
    ("ij->k", [(2, 2)], ValueError, ["'k'"]),
    ("ij,jk", [(2, 2)], TypeError, ["2", "1"]),
    ("...i->i", [(2, 3)], ValueError, ["'...'"]),
])
def test_errors_name_the_labels_and_shapes(equation, shapes, error, words) -> None:
    with pytest.raises(error) as info:
        lt.einsum(equation, *[lt.ones(s) for s in shapes])
    assert all(w in str(info.value) for w in words), str(info.value)
