"""Symbolic dimensions (``lt.spec(("batch", 4))``): sizes as expressions, decided comparisons,
undecidable ones refused at the user's line, and exported models that keep the names and serve
every size."""
from __future__ import annotations

import functools

import numpy as np
import onnxruntime as ort
import pytest

import lazyten as lt
from helpers import check_model
from lazyten.dims import Dim, minimum

B, S = Dim.named("batch"), Dim.named("seq")


def test_dimension_arithmetic_is_symbolic_and_normalized() -> None:
    assert str(B * 2) == "2*batch" and B * 2 == 2 * B and hash(B * 2) == hash(2 * B)
    assert str(B * S) == "batch*seq" and str(S - 1) == "seq - 1"
    assert str((B + 1) // 2) == "(batch + 1)//2" and (B * 4) // 4 == B and (B * 4) // B == 4
    assert B - B == 0 and type(B - B) is int and (B * S * 4).exact_div(S) == 4 * B
    assert ((B + 1) // 2).evaluate({"batch": 4}) == 2 and (B % 3).evaluate({"batch": 7}) == 1
    assert str(minimum(B, 5)) == "min(batch, 5)" and minimum(B + 4, 5) == 5


def test_comparisons_the_symbols_decide_and_the_ones_they_do_not() -> None:
    assert B >= 1 and B > 0 and 2 * B > B and B + 1 > B and not (B < 1)
    assert B == B and B != S and (B == 3) is False
    for undecided in (lambda: B > 2, lambda: B < S, lambda: S - 3 >= 0):
        with pytest.raises(lt.TraceError, match="cannot decide"):
            undecided()
    with pytest.raises(lt.TraceError, match="concrete integer"):
        range(B)


def test_an_undecidable_branch_fails_at_the_users_line() -> None:
    def f(x):
        if x.shape[0] > 2:  # the line
            return x
        return -x

    with pytest.raises(lt.TraceError) as info:
        lt.export(f, lt.spec(("batch", 4)))
    assert "cannot decide batch > 2" in str(info.value)
    frames = [(t.name, t.lineno + 1) for t in info.traceback]  # pytest counts from 0
    assert ("f", f.__code__.co_firstlineno + 1) in frames
    assert not any("dims.py" in str(t.path) for t in info.traceback)


def run_at_sizes(fn, specs, make, ref, sizes=(1, 3, 17)):
    """Export ``fn`` once for ``specs`` and run the model at several sizes against ``ref``,
    computed by NumPy."""
    model = check_model(lt.export(fn, *specs))
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    for n in sizes:
        args = make(n)
        want = ref(*args)
        got = session.run(None, dict(zip(names, args)))
        for g, w in zip(got, want if isinstance(want, tuple) else (want,)):
            np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-6)
    return model


def test_sizes_from_the_shape_and_concat_along_the_batch() -> None:
    def f(x):
        n = x.shape[0]
        return lt.concat([x, x * 2], axis=0), x * (n * 2)

    def ref(x):
        return np.concatenate([x, x * 2], axis=0), x * (x.shape[0] * 2)

    model = run_at_sizes(f, [lt.spec(("batch", 3))],
                         lambda n: [np.arange(3 * n, dtype=np.float32).reshape(n, 3)], ref=ref)
    dims = [[d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim]
            for o in model.graph.output]
    assert dims == [["2*batch", 3], ["batch", 3]]


def test_dumps_print_symbolic_shapes_and_parse_them_back() -> None:
    from lazyten.dump import dump_graph
    from lazyten.parse import parse

    def f(x):
        y = x.reshape(x.shape[0], -1)[1:]
        return y / x.shape[0], lt.concat([y, y], axis=0), x[:2]

    lowered = lt.compile(f).lower(lt.spec(("batch", 2, 3)))
    text = lowered.dump()
    assert "%x: f32[batch,2,3]" in text and ": f32[batch-1,6]" in text
    assert "shape=({batch},6)" in text and ": f32[min(batch,2),2,3]" in text
    assert dump_graph(parse(text)) == text
    for stage in ["traced", *lowered.stage_names()]:
        parse(lowered.dump(after=stage))
    assert "unchanged" in lowered.explain()


def test_creation_with_symbolic_sizes_and_integer_sums_over_them() -> None:
    def f(x):
        n = x.shape[0]
        ramp = lt.astype(lt.arange(n), x.dtype)
        return (lt.zeros((n, 3)) + lt.full((n, 1), 2.0) * x, ramp, lt.arange(1, n, 2),
                lt.count_nonzero(x > 0, axis=0), lt.sum(lt.astype(x > 0, lt.int64), axis=0))

    def ref(x):
        n = x.shape[0]
        return (2.0 * x, np.arange(n, dtype=np.float32), np.arange(1, n, 2),
                np.count_nonzero(x > 0, axis=0), np.sum(x > 0, axis=0))

    model = check_model(lt.export(f, lt.spec(("batch", 3))))
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    for n in (1, 3, 17):
        x = np.random.default_rng(n).standard_normal((n, 3)).astype(np.float32)
        for got, want in zip(session.run(None, {"x": x}), ref(x)):
            np.testing.assert_array_equal(got, want)
    outs = [[d.dim_param or d.dim_value for d in o.type.tensor_type.shape.dim]
            for o in model.graph.output]
    assert outs == [["batch", 3], ["batch"], ["batch//2"], [3], [3]]


@pytest.mark.parametrize("fn, words", [
    (lambda x: lt.repeat(x, [2], axis=0), "repeat needs a static size"),
    (lambda x: lt.prod(lt.astype(x, lt.int64), axis=0), "integer product over axes of"),
    (lambda x: x[x > 0], "concrete Python value"),
])
def test_what_cannot_be_symbolic_is_refused_by_name(fn, words) -> None:
    with pytest.raises((ValueError, TypeError), match=words):
        lt.export(fn, lt.spec(("batch", 3)))


@pytest.mark.parametrize("write", [
    lambda y: y.__setitem__((slice(None), 0), 0), lambda y: y.__setitem__(-1, 5),
    lambda y: y.__setitem__(slice(1, None), 2), lambda y: y.__setitem__(slice(None, None, -2), 3),
    lambda y: y.__setitem__(slice(None, 2), 4), lambda y: y[:, 1:].__iadd__(1),
    lambda y: y[1:][:, :2].__setitem__(Ellipsis, 9)],
    ids=["column", "last-row", "tail", "reversed-step", "head", "in-place-view", "view-of-view"])
def test_assignment_into_arrays_of_symbolic_shape(write) -> None:
    def f(x):
        y = x * 1
        write(y)
        return y

    run_at_sizes(f, [lt.spec(("batch", 3))],
                 lambda n: [np.arange(3 * n, dtype=np.float32).reshape(n, 3)],
                 ref=f)  # f uses only operators: on ndarrays, NumPy computes it
    compiled = lt.compile(f)
    compiled.lower(lt.spec(("batch", 3)))
    for n in (1, 3, 17):
        x = np.arange(3 * n, dtype=np.float32).reshape(n, 3)
        np.testing.assert_array_equal(compiled(x).numpy(), f(x))  # f on NumPy: the reference


@pytest.mark.parametrize("fn", [
    lambda xp, x: xp.roll(x, 1, axis=0), lambda xp, x: xp.roll(x, -5, axis=0),
    lambda xp, x: xp.repeat(x, 2, axis=0), lambda xp, x: xp.tril(x @ x.T),
    lambda xp, x: xp.triu(x @ x.T, k=1), lambda xp, x: xp.tril(x, k=-1)],
    ids=["roll", "roll-back", "repeat", "tril", "triu", "tril-rectangle"])
def test_index_tables_built_from_symbolic_sizes_at_run_time(fn) -> None:
    run_at_sizes(functools.partial(fn, lt), [lt.spec(("batch", 3))],
                 lambda n: [np.random.default_rng(n).standard_normal((n, 3)).astype(np.float32)],
                 ref=functools.partial(fn, np))


@pytest.mark.parametrize("dtype", [np.int64, np.uint64, np.int32, np.uint32])
@pytest.mark.parametrize("op", ["max", "min"])
def test_exact_integer_max_and_min_over_symbolic_axes(dtype, op) -> None:
    """64-bit max/min over a named axis use TopK (onnxruntime's int64 ReduceMax is wrong for
    values in [2**31, 2**32)), uint64 through an order-keeping map to int64."""
    model = check_model(lt.export(lambda x: getattr(lt, op)(x, axis=0),
                                  lt.spec(("batch", 3), dtype)))
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    info, rng = np.iinfo(dtype), np.random.default_rng(0)
    for n in (1, 3, 17):
        x = rng.integers(info.min, info.max, (n, 3), dtype=dtype, endpoint=True)
        if dtype is np.int64:
            x[0] = [2**31 + 5, 2**32 - 1, -2**63]
        np.testing.assert_array_equal(session.run(None, {"x": x})[0], getattr(np, op)(x, axis=0))
