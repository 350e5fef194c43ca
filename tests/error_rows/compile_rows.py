"""Rows of lt.compile misuse."""
from __future__ import annotations

import os
import threading
from typing import Any, Callable

import numpy as np

import lazyten as lt

from .checks import Case
from .environment import OPAQUE, Env
from .slots import W


def _f2(x: Any, y: Any) -> Any:
    return x * y


def _fn_static(x: Any, n: Any) -> Any:
    return x * 2


def returns(value: Callable[[Any], Any]) -> Callable[[Env], Any]:
    def call(env: Env) -> Any:
        def fn(x: Any) -> Any:
            return value(x)
        return lt.compile(fn)(env.x)
    return call


def _traced(body: Callable[[Any], Any]) -> Callable[[Env], Any]:
    """A compiled function whose body uses its traced argument as a concrete value."""
    def call(env: Env) -> Any:
        def fn(x: Any) -> Any:
            body(x)
            return x + 1
        return lt.compile(fn)(env.x)
    return call


def _control_flow(x: Any) -> Any:
    if x.sum() > 0:
        return x
    return -x


def _write_outside(env: Env) -> Any:
    env.v  # noqa: B018  (made before the trace)

    def fn(x: Any) -> Any:
        env.v[0] = 1.0
        return x + 1
    return lt.compile(fn)(env.x)


def _recursive(env: Env) -> Any:
    """A compiled function that calls itself (with another signature): at most 1 s."""
    outcome: list = []

    @lt.compile
    def fn(x: Any) -> Any:
        return fn(x[1:]) + 1 if x.shape[0] > 1 else x

    def run() -> None:
        try:
            outcome.append(("ok", fn(env.x)))
        except BaseException as exc:  # noqa: BLE001
            outcome.append(("error", exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(1.0)
    if thread.is_alive():
        raise AssertionError("deadlock: the recursive call never returned (it waits for the "
                             "compiled function's own trace lock)")
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


def _mutual(env: Env) -> Any:
    @lt.compile
    def f(x: Any) -> Any:
        return g(x) + 1

    @lt.compile
    def g(x: Any) -> Any:
        return x * 2
    return f(env.x)


def _leak(then: Callable[[Any], Any]) -> Callable[[Env], Any]:
    def call(env: Env) -> Any:
        leaked: list = []

        def fn(x: Any) -> Any:
            leaked.append(x * 2)
            return x + 1
        lt.compile(fn)(env.x)
        return then(leaked[0])
    return call


def _read_only(env: Env) -> Any:
    data = np.ones(3, np.float32)
    data.flags.writeable = False

    def fn(a: Any) -> Any:
        a += 1
        return a * 2
    try:
        return lt.compile(fn)(data)
    finally:
        assert np.array_equal(data, np.ones(3, np.float32)), \
            f"the read-only argument was overwritten with {data}"


def _lowered(env: Env) -> Any:
    return lt.compile(_f2).lower(lt.spec((3, 4)), lt.spec((3, 4)))


MISSING_DIR = os.path.join(os.sep, "nonexistent-lazyten-dir", "m.onnx")


def compile_cases() -> list[Case]:
    s34 = lt.spec((3, 4))
    rows = [
        ("compile-int", lambda e: lt.compile(5), TypeError, [W(5)], "lt.compile(5)"),
        ("compile-str", lambda e: lt.compile("foo"), TypeError, ["foo"], "lt.compile('foo')"),
        ("compile-static-unknown", lambda e: lt.compile(_f2, static_argnames=("nope",)),
         TypeError, ["nope"], "lt.compile(f, static_argnames=('nope',))"),
        ("compile-static-int", lambda e: lt.compile(_f2, static_argnames=5), TypeError, ["5"],
         "lt.compile(f, static_argnames=5)"),
        ("compile-static-tuple-int", lambda e: lt.compile(_f2, static_argnames=(5,)),
         TypeError, ["5"], "lt.compile(f, static_argnames=(5,))"),
        ("compile-device", lambda e: lt.compile(_f2, device="foo"), (RuntimeError, ValueError),
         ["foo"], "lt.compile(f, device='foo')"),
        ("compile-passes-unknown", lambda e: lt.compile(_f2, passes=["nope"]),
         (ValueError, TypeError), ["nope"], "lt.compile(f, passes=['nope'])"),
        ("compile-passes-int", lambda e: lt.compile(_f2, passes=5), TypeError, ["5"],
         "lt.compile(f, passes=5)"),
        ("compile-kw", lambda e: lt.compile(_f2, bogus=1), TypeError, ["bogus"],
         "lt.compile(f, bogus=1)"),
        ("Compiled-int", lambda e: lt.Compiled(5), TypeError, [W(5)], "lt.Compiled(5)"),
        ("call-too-few", lambda e: lt.compile(_f2)(e.x), TypeError, ["y"], "f(e.x)"),
        ("call-too-many", lambda e: lt.compile(_f2)(e.x, e.x, e.x), TypeError, [],
         "f(e.x, e.x, e.x)"),
        ("call-kw", lambda e: lt.compile(_f2)(e.x, e.x, bogus=1), TypeError, ["bogus"],
         "f(e.x, e.x, bogus=1)"),
        ("call-str", lambda e: lt.compile(_f2)("foo", e.x), TypeError, ["str"],
         "f('foo', e.x)"),
        ("call-complex", lambda e: lt.compile(_f2)(1j, e.x), TypeError, ["complex"],
         "f(1j, e.x)"),
        ("call-object", lambda e: lt.compile(_f2)(OPAQUE, e.x), TypeError, [W(OPAQUE)],
         "f(<opaque>, e.x)"),
        ("call-set", lambda e: lt.compile(_f2)({1, 2}, e.x), TypeError, ["set"],
         "f({1, 2}, e.x)"),
        ("call-numpy-str", lambda e: lt.compile(_f2)(np.array(["a"]), e.x), TypeError,
         [("<U1", "str")], "f(np.array(['a']), e.x)"),
        ("call-numpy-datetime",
         lambda e: lt.compile(_f2)(np.array(["2024-01-01"], "datetime64[D]"), e.x),
         TypeError, ["datetime64"], "f(np.array(['2024-01-01'], 'datetime64[D]'), e.x)"),
        ("call-spec", lambda e: lt.compile(_f2)(lt.spec((3, 4)), e.x), TypeError, ["lower"],
         "f(lt.spec((3, 4)), e.x)"),
        ("call-shapes", lambda e: lt.compile(_f2)(e.x, e.c3), ValueError, ["(3, 4)", "(2, 3)"],
         "f(e.x, e.c3) with f = x * y"),
        ("call-dtypes", lambda e: lt.compile(lambda a, b: a & b)(e.x, e.x), TypeError, ["f32"],
         "f(e.x, e.x) with f = a & b"),
        ("call-static-unhashable",
         lambda e: lt.compile(_fn_static, static_argnames=("n",))(e.x, n=[1]), TypeError,
         ["n", "hashable"], "f(e.x, n=[1]) with static n"),
        ("return-str", returns(lambda x: "foo"), TypeError, ["str"], "f returns 'foo'"),
        ("return-object", returns(lambda x: OPAQUE), TypeError, [W(OPAQUE)],
         "f returns <opaque>"),
        ("return-tuple-str", returns(lambda x: (x, "a")), TypeError, ["str"],
         "f returns (x, 'a')"),
        ("return-generator", returns(lambda x: (y for y in [x])), TypeError, ["generator"],
         "f returns a generator"),
        ("traced-if", lambda e: lt.compile(_control_flow)(e.x), TypeError, ["lt.where"],
         "if x.sum() > 0: inside f"),
        ("traced-float", _traced(lambda x: float(x[0, 0])), TypeError, ["lt.where"],
         "float(x[0, 0]) inside f"),
        ("traced-int", _traced(lambda x: int(x[0, 0])), TypeError, ["lt.where"],
         "int(x[0, 0]) inside f"),
        ("traced-item", _traced(lambda x: x[0, 0].item()), TypeError, ["lt.where"],
         "x[0, 0].item() inside f"),
        ("traced-numpy", _traced(lambda x: x.numpy()), TypeError, ["lt.where"],
         "x.numpy() inside f"),
        ("traced-np-asarray", _traced(np.asarray), TypeError, ["lt.where"],
         "np.asarray(x) inside f"),
        ("traced-tolist", _traced(lambda x: x.tolist()), TypeError, ["lt.where"],
         "x.tolist() inside f"),
        ("traced-iter", _traced(lambda x: [r for r in x]), TypeError, ["lt.where"],
         "for r in x: inside f"),
        ("traced-mask", _traced(lambda x: x[x > 0]), TypeError, ["lt.where"],
         "x[x > 0] inside f"),
        ("traced-nonzero", _traced(lt.nonzero), TypeError, ["lt.where"],
         "lt.nonzero(x) inside f"),
        ("traced-unique", _traced(lt.unique_values), TypeError, ["lt.where"],
         "lt.unique_values(x) inside f"),
        ("traced-repeat", _traced(lambda x: lt.repeat(x, x[0].astype(lt.int64), axis=1)),
         TypeError, ["lt.where"], "lt.repeat(x, <traced>) inside f"),
        ("traced-write-outside", _write_outside, TypeError, ["argument"],
         "e.v[0] = 1.0 inside f"),
        ("recursive", _recursive, TypeError, [("trac", "recurs")],
         "f calls itself"),
        ("mutual", _mutual, None, [], "compiled f calls compiled g"),
        ("leak-read", _leak(lambda y: y.numpy()), TypeError, [("trac", "escaped")],
         "an array leaked out of a trace, .numpy() afterwards"),
        ("leak-op", _leak(lambda y: y + 1), TypeError, [("trac", "escaped")],
         "an array leaked out of a trace, used in y + 1 afterwards"),
        ("leak-print", _leak(repr), TypeError, [("trac", "escaped")],
         "an array leaked out of a trace, printed afterwards"),
        ("read-only-argument", _read_only, ValueError, ["read-only"],
         "f(ro) where f does a += 1 and ro is a read-only ndarray"),
        ("lower-missing", lambda e: lt.compile(_f2).lower(s34), TypeError, ["y"],
         "f.lower(lt.spec((3, 4)))"),
        ("lower-str", lambda e: lt.compile(_f2).lower("a", "b"), TypeError, ["str"],
         "f.lower('a', 'b')"),
        ("lower-negative", lambda e: lt.compile(_f2).lower(lt.spec((3, -4)), s34),
         ValueError, ["-4"], "f.lower(lt.spec((3, -4)), lt.spec((3, 4)))"),
        ("lower-shapes", lambda e: lt.compile(_f2).lower(s34, lt.spec((2, 3))), ValueError,
         ["(3, 4)", "(2, 3)"], "f.lower(lt.spec((3, 4)), lt.spec((2, 3)))"),
        ("lowered-dump-after", lambda e: _lowered(e).dump(after="nope"),
         (TypeError, ValueError), ["nope"], "lowered.dump(after='nope')"),
        ("lowered-save-path", lambda e: _lowered(e).save(MISSING_DIR), OSError,
         ["nonexistent-lazyten-dir"], "lowered.save('/nonexistent-lazyten-dir/m.onnx')"),
        ("export-opset", lambda e: lt.export(_f2, s34, s34, opset=13), TypeError, ["13"],
         "lt.export(f, spec, spec, opset=13)"),
        ("export-int", lambda e: lt.export(5, s34), TypeError, [W(5)], "lt.export(5, spec)"),
        ("export-missing", lambda e: lt.export(_f2), TypeError, ["x"], "lt.export(f)"),
        ("save-path", lambda e: lt.save(_f2, MISSING_DIR, s34, s34), OSError,
         ["nonexistent-lazyten-dir"], "lt.save(f, '/nonexistent-lazyten-dir/m.onnx', ...)"),
        ("save-object-path", lambda e: lt.save(_f2, OPAQUE, s34, s34), TypeError,
         [W(OPAQUE)], "lt.save(f, <opaque>, spec, spec)"),
    ]
    return [Case(*r) for r in rows]
