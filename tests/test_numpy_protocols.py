"""NumPy functions on lazyten arrays (``__array_ufunc__``, ``__array_function__``) stay lazy
lazyten arrays with NumPy's values; what lazyten cannot express is computed by NumPy. Also the
other Python protocols users reach for: ``format``, ``pickle`` and ``copy``."""
from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

import lazyten as lt
from lazyten.api.numpy_dispatch import FUNCTIONS, UFUNCS

RNG = np.random.default_rng(0)
FLOATS = RNG.normal(size=(3, 4)).astype(np.float32)
POSITIVE = np.abs(FLOATS) + 0.5
INTS = RNG.integers(-20, 20, size=(3, 4))
SMALL = RNG.integers(0, 5, size=(3, 4))
BOOLS = FLOATS > 0


def operands(ufunc: np.ufunc) -> list[np.ndarray]:
    name = ufunc.__name__
    if name.startswith("logical_"):
        return [BOOLS, ~BOOLS][:ufunc.nin]
    if name.startswith(("bitwise_", "left_shift", "right_shift", "invert")):
        return [INTS, SMALL][:ufunc.nin]
    if name in ("floor_divide", "remainder", "mod"):
        return [INTS, SMALL + 1]
    if name in ("matmul",):
        return [FLOATS, FLOATS.T]
    if name in ("log", "log1p", "log2", "log10", "sqrt", "power"):
        return [POSITIVE, POSITIVE][:ufunc.nin]
    if name == "arccosh":
        return [POSITIVE + 1]
    if name in ("arcsin", "arccos", "arctanh"):
        return [np.tanh(FLOATS)]
    return [FLOATS, FLOATS[::-1]][:ufunc.nin]


@pytest.mark.parametrize("name", sorted(UFUNCS))
def test_every_mapped_ufunc_stays_lazy_and_gives_numpys_values(name: str) -> None:
    ufunc = getattr(np, name)
    args = operands(ufunc)
    got = ufunc(*(lt.asarray(a) for a in args))
    want = ufunc(*args)
    assert isinstance(got, lt.Array)
    assert got.shape == want.shape
    np.testing.assert_allclose(got.numpy().astype(np.float64), want.astype(np.float64),
                               rtol=1e-5, atol=1e-6)


def test_mixed_operands_and_operators_with_ndarrays_on_the_left() -> None:
    x = lt.asarray(FLOATS)
    for got, want in ((np.ones(4, np.float32) + x, 1 + FLOATS),
                      (np.add(x, 2.0), FLOATS + 2), (FLOATS * x, FLOATS * FLOATS),
                      (np.maximum(x, np.zeros(4, np.float32)), np.maximum(FLOATS, 0))):
        assert isinstance(got, lt.Array)
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-6)


def test_out_writes_into_either_kind_of_array() -> None:
    target = np.zeros(4, np.float32)
    target += lt.ones(4)
    assert target.tolist() == [1, 1, 1, 1]
    lazy_target = lt.zeros(4)
    same = np.exp(np.zeros(4, np.float32), out=lazy_target)
    assert same is lazy_target and lazy_target.tolist() == [1, 1, 1, 1]
    quotient, rest = lt.zeros(3), np.zeros(3)
    np.divmod(lt.asarray([7.0, 8.0, 9.0]), 4.0, out=(quotient, rest))
    assert quotient.tolist() == [1, 2, 2] and rest.tolist() == [3, 0, 1]


CALLS = [  # (NumPy call, takes the lazyten path)
    (lambda x: np.sum(x), True), (lambda x: np.sum(x, axis=0), True),
    (lambda x: np.sum(x, 1, keepdims=True), True), (lambda x: np.prod(x, axis=1), True),
    (lambda x: np.mean(x, axis=0), True), (lambda x: np.max(x), True),
    (lambda x: np.amax(x, axis=1), True), (lambda x: np.min(x, 0), True),
    (lambda x: np.amin(x), True), (lambda x: np.var(x, axis=0), True),
    (lambda x: np.std(x, ddof=1), True), (lambda x: np.all(x > -3), True),
    (lambda x: np.any(x > 1, axis=1), True), (lambda x: np.argmax(x, axis=1), True),
    (lambda x: np.argmin(x), True), (lambda x: np.cumsum(x), True),
    (lambda x: np.cumsum(x, axis=1), True), (lambda x: np.cumprod(x, axis=0), True),
    (lambda x: np.concatenate([x, x]), True), (lambda x: np.concatenate((x, x), axis=1), True),
    (lambda x: np.stack([x, x], 1), True), (lambda x: np.where(x > 0, x, 0), True),
    (lambda x: np.reshape(x, (4, 3)), True), (lambda x: np.reshape(x, -1), True),
    (lambda x: np.transpose(x), True), (lambda x: np.transpose(x, (1, 0)), True),
    (lambda x: np.clip(x, -0.5, 0.5), True), (lambda x: np.squeeze(x[None]), True),
    (lambda x: np.expand_dims(x, 1), True), (lambda x: np.flip(x, axis=0), True),
    (lambda x: np.roll(x, 2, axis=1), True), (lambda x: np.sort(x), True),
    (lambda x: np.argsort(x, axis=0), True), (lambda x: np.zeros_like(x), True),
    (lambda x: np.ones_like(x), True), (lambda x: np.full_like(x, 7), True),
    (lambda x: np.empty_like(x, dtype=np.int32) * 0, True),
    (lambda x: np.round(x), True), (lambda x: np.around(x), True),
    (lambda x: np.take(x[0], [0, 2]), True), (lambda x: np.take(x, [0, 2], axis=1), True),
    (lambda x: np.broadcast_to(x[0], (2, 4)), True), (lambda x: np.moveaxis(x, 0, 1), True),
    (lambda x: np.dot(x, x.T), True), (lambda x: np.tensordot(x, x, axes=([1], [1])), True),
    (lambda x: np.count_nonzero(x > 0), True),
    (lambda x: np.searchsorted(np.sort(x[0]), x[1]), True),
    (lambda x: np.einsum("ij->j", x), True), (lambda x: np.einsum("ij,kj", x, x), True),
    # what lazyten does not express exactly: NumPy computes it
    (lambda x: np.sort(x, axis=None), False), (lambda x: np.median(x), False),
    (lambda x: np.linalg.norm(x), False), (lambda x: np.round(x, 2), False),
    (lambda x: np.sum(x, where=x > 0), False), (lambda x: np.where(x > 0), False),
    (lambda x: np.einsum(x, [0, 1], [1]), False), (lambda x: np.add.reduce(x), False),
    (lambda x: np.take(x, [0, 5]), False), (lambda x: np.isclose(x, x), False),
]


@pytest.mark.parametrize("k", range(len(CALLS)))
def test_numpy_functions_give_numpys_values(k: int) -> None:
    call, lazy = CALLS[k]
    got, want = call(lt.asarray(FLOATS)), call(FLOATS)
    got_values = [g.numpy() if isinstance(g, lt.Array) else g
                  for g in (got if isinstance(got, tuple) else (got,))]
    want_values = want if isinstance(want, tuple) else (want,)
    if lazy:
        assert isinstance(got, lt.Array)
    else:
        assert not isinstance(got, lt.Array)
    for g, w in zip(got_values, want_values):
        assert np.shape(g) == np.shape(w)
        np.testing.assert_allclose(np.asarray(g, np.float64), np.asarray(w, np.float64),
                                   rtol=1e-5, atol=1e-6)


def test_every_routed_function_has_a_case() -> None:
    covered = {name for call, lazy in CALLS if lazy for name in call.__code__.co_names}
    missing = {fn.__name__ for fn in FUNCTIONS} - covered
    assert not missing, missing


def test_errors_are_lazytens_at_the_users_line() -> None:
    with pytest.raises(lt.ShapeError, match=r"\(3, 4\).*\(5,\)") as info:
        np.add(lt.asarray(FLOATS), lt.ones(5))
    files = [entry.path.name for entry in info.traceback]
    assert files[0] == "test_numpy_protocols.py" and files[1:] == ["boundary.py"], files


def test_format_of_a_0d_array_formats_its_value() -> None:
    loss = lt.sum(lt.asarray([0.5, 0.25]))
    assert f"{loss:.2f}" == "0.75" and f"{lt.asarray(7):>3d}" == "  7"
    assert f"{loss}" == str(loss)
    with pytest.raises(TypeError, match=r"\(2,\)"):
        f"{lt.ones(2):.2f}"


def test_pickle_keeps_values_dtype_and_shape() -> None:
    x = lt.asarray(INTS, dtype=lt.int16)[:, ::2] * 2
    y = pickle.loads(pickle.dumps(x))
    assert isinstance(y, lt.Array) and y.dtype == lt.int16 and y.shape == (3, 2)
    assert y.tolist() == (INTS[:, ::2] * 2).tolist()
    assert str(y.device) == str(x.device)


def test_copies_are_independent() -> None:
    x = lt.asarray(FLOATS)
    shallow, deep = copy.copy(x), copy.deepcopy({"w": x})["w"]
    shallow[0, 0] = 100
    deep[0, 0] = -100
    assert x[0, 0].item() == FLOATS[0, 0]
    assert shallow[0, 0].item() == 100 and deep[0, 0].item() == -100
