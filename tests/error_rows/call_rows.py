"""Hand-written rows: shapes, indexing, operators, conversions."""
from __future__ import annotations

import operator
from typing import Any, Callable

import numpy as np

import lazyten as lt

from .checks import Case, Later
from .environment import AXIS_ERR, E, L, MANY, OPAQUE, Env
from .slots import BAD_OBJECTS, resolve, tag_of, W


def _setitem(target: Any, key: Any, value: Any) -> None:
    target[key] = value


def in_place_call(op: Callable, make: Callable[[Env], Any], other: Any) -> Callable[[Env], Any]:
    """``y = copy of an input; y op= other``."""
    def call(env: Env) -> Any:
        y = make(env) + 0
        return op(y, resolve(other, env))
    return call


FLOAT_OPS = [("+", operator.add, operator.iadd), ("-", operator.sub, operator.isub),
             ("*", operator.mul, operator.imul), ("/", operator.truediv, operator.itruediv),
             ("//", operator.floordiv, operator.ifloordiv), ("%", operator.mod, operator.imod),
             ("**", operator.pow, operator.ipow), ("@", operator.matmul, operator.imatmul)]
INT_OPS = [("&", operator.and_, operator.iand), ("|", operator.or_, operator.ior),
           ("^", operator.xor, operator.ixor), ("<<", operator.lshift, operator.ilshift),
           (">>", operator.rshift, operator.irshift)]
CMP_OPS = [("<", operator.lt), ("<=", operator.le), (">", operator.gt), (">=", operator.ge)]
FOREIGN = {"str", "None", "dict", "object", "complex"}  # Python's protocol TypeError is fine


def operator_cases() -> list[Case]:
    cases = []
    for sym, op, iop in FLOAT_OPS + INT_OPS:
        a = "i" if (sym, op, iop) in INT_OPS else "x"
        ones2 = (lambda e: lt.ones(2, dtype=lt.int64)) if a == "i" else (lambda e: lt.ones(2))
        for bad in BAD_OBJECTS:
            tag = "strlist" if bad == ["a", "b"] else ("nonelist" if bad == [1, None]
                                                       else tag_of(bad))
            words = [] if tag in FOREIGN else [W(bad) + ("list", "object")]
            if sym == "%" and tag == "str":  # 'foo' % e.x is string formatting
                continue
            cases += [
                Case(f"op{sym}-{tag}", lambda e, op=op, a=a, bad=bad: op(getattr(e, a), bad),
                     TypeError, words, f"e.{a} {sym} {bad!r}", protocol=tag in FOREIGN),
                Case(f"rop{sym}-{tag}", lambda e, op=op, a=a, bad=bad: op(bad, getattr(e, a)),
                     TypeError, words, f"{bad!r} {sym} e.{a}", protocol=tag in FOREIGN),
                Case(f"iop{sym}-{tag}", in_place_call(iop, lambda e, a=a: getattr(e, a), bad),
                     TypeError, words, f"y = e.{a} + 0; y {sym}= {bad!r}",
                     protocol=tag in FOREIGN)]
        shapes = ["(2,)"] if sym == "@" else ["(3, 4)", "(2,)"]
        cases += [
            Case(f"op{sym}-broadcast", lambda e, op=op, a=a, o=ones2: op(getattr(e, a), o(e)),
                 ValueError, shapes, f"e.{a} {sym} lt.ones(2)"),
            Case(f"rop{sym}-numpy-broadcast",
                 lambda e, op=op, a=a: op(np.ones(2, np.int64 if a == "i" else np.float32),
                                          getattr(e, a)),
                 ValueError, [] if sym == "@" else ["(3, 4)", "(2,)"],
                 f"np.ones(2) {sym} e.{a}"),
            Case(f"iop{sym}-target-shape",
                 in_place_call(iop, lambda e, a=a: getattr(e, a)[0], E(a)),
                 ValueError, ["(4,)"], f"y = e.{a}[0] + 0; y {sym}= e.{a}")]
    for sym, op in CMP_OPS:
        cases += [Case(f"cmp{sym}-str", lambda e, op=op: op(e.x, "a"), TypeError, [],
                       f"e.x {sym} 'a'", protocol=True),
                  Case(f"cmp{sym}-broadcast", lambda e, op=op: op(e.x, lt.ones(2)), ValueError,
                       ["(3, 4)", "(2,)"], f"e.x {sym} lt.ones(2)")]
    rows = [
        ("op&-float", lambda e: e.x & e.x, TypeError, ["f32"], "e.x & e.x"),
        ("op<<-float", lambda e: e.x << 1, TypeError, [("f32", "float32"), ("shift", "<<")],
         "e.x << 1"),
        ("op>>-float", lambda e: e.x >> e.x, TypeError, [("f32", "float32"), ("shift", ">>")],
         "e.x >> e.x"),
        ("iop+=-kind", in_place_call(operator.iadd, lambda e: e.i, 1.5), TypeError,
         ["float32", "i64"], "y = e.i + 0; y += 1.5"),
        ("iop/=-kind", in_place_call(operator.itruediv, lambda e: e.i, 2), TypeError, ["float32"],
         "y = e.i + 0; y /= 2"),
        ("op-bool-sub", lambda e: e.b - e.b, TypeError, ["bool"], "e.b - e.b"),
        ("op-bool-neg", lambda e: -e.b, TypeError, ["bool"], "-e.b"),
        ("op-float-invert", lambda e: ~e.x, TypeError, ["f32"], "~e.x"),
        ("op+-scalar-overflow", lambda e: e.u8 + 300, OverflowError, ["300", "uint8"],
         "e.u8 + 300"),
        ("op+-scalar-negative-unsigned", lambda e: e.u8 + (-1), OverflowError, ["-1", "uint8"],
         "e.u8 + (-1)"),
        ("iop+=-scalar-overflow", in_place_call(operator.iadd, lambda e: e.u8, 300), OverflowError,
         ["300"], "y = e.u8 + 0; y += 300"),
        ("op**-int-negative", lambda e: e.i ** -1, ValueError, ["-1"], "e.i ** -1"),
        ("op**-int-negative-numpy", lambda e: e.iv ** np.array([1, -1, 1, 1]), ValueError,
         ["negative"], "e.iv ** np.array([1, -1, 1, 1])"),
        ("op@-inner", lambda e: e.x @ e.x, ValueError, ["(3, 4)"], "e.x @ e.x"),
        ("op@-scalar", lambda e: e.x @ 2, ValueError, [], "e.x @ 2"),
        ("op@-0d", lambda e: e.s @ e.s, ValueError, [], "e.s @ e.s"),
        ("iop@=-shape", in_place_call(operator.imatmul, lambda e: e.x, E("v")), ValueError,
         ["(3,)", "(3, 4)"], "y = e.x + 0; y @= e.v"),
    ]
    cases += [Case(*r) for r in rows]
    return cases


def conversion_cases() -> list[Case]:
    rows = [
        ("float-many", lambda e: float(e.x), ValueError, ["(3, 4)"], "float(e.x)"),
        ("int-many", lambda e: int(e.x), ValueError, ["(3, 4)"], "int(e.x)"),
        ("bool-many", lambda e: bool(e.x), ValueError, ["(3, 4)"], "bool(e.x)"),
        ("complex-many", lambda e: complex(e.x), ValueError, ["(3, 4)"], "complex(e.x)"),
        ("item-many", lambda e: e.x.item(), ValueError, ["(3, 4)"], "e.x.item()"),
        ("index-float", lambda e: operator.index(e.s), TypeError, ["float32"],
         "operator.index(e.s)"),
        ("index-many", lambda e: operator.index(e.i), ValueError, ["(3, 4)"],
         "operator.index(e.i)"),
        ("int-nan", lambda e: int(lt.asarray(float("nan"))), ValueError, ["nan", "NaN"],
         "int(lt.asarray(float('nan')))"),
        ("int-inf", lambda e: int(lt.asarray(float("inf"))), OverflowError, ["inf"],
         "int(lt.asarray(float('inf')))"),
        ("len-0d", lambda e: len(e.s), TypeError, ["0-d"], "len(e.s)"),
        ("iter-0d", lambda e: [r for r in e.s], TypeError, ["0-d"], "for r in e.s: ..."),
        ("mT-1d", lambda e: e.v.mT, ValueError, ["(4,)"], "e.v.mT"),
        ("matrix_transpose-1d", lambda e: lt.matrix_transpose(e.v), ValueError, ["(4,)"],
         "lt.matrix_transpose(e.v)"),
        ("device_scope-name", lambda e: _enter(lt.device_scope("foo")),
         (RuntimeError, ValueError), ["foo"], "with lt.device_scope('foo'): ..."),
        ("device_scope-int", lambda e: _enter(lt.device_scope(5)),
         (RuntimeError, TypeError, ValueError), ["5"], "with lt.device_scope(5): ..."),
        ("Device-name", lambda e: lt.Device("foo"), (RuntimeError, ValueError), ["foo"],
         "lt.Device('foo')"),
        ("Device-index", lambda e: lt.Device("cuda:x"), (RuntimeError, ValueError),
         ["cuda:x"], "lt.Device('cuda:x')"),
        ("Device-int", lambda e: lt.Device(5), (RuntimeError, TypeError, ValueError), ["5"],
         "lt.Device(5)"),
    ]
    return [Case(*r) for r in rows]


def _enter(manager: Any) -> None:
    with manager:
        pass


INDEX_KEYS = [
    ("int-range", 3, IndexError, ["3", "size 3"]),
    ("int-negative-range", -4, IndexError, ["-4"]),
    ("second-range", (0, 4), IndexError, ["4", "size 4"]),
    ("too-many", (0, 0, 0), IndexError, ["3"]),
    ("two-ellipsis", (Ellipsis, Ellipsis), IndexError, ["ellipsis"]),
    ("float", 1.0, IndexError, ["float"]),
    ("npfloat", np.float32(1), IndexError, ["float"]),
    ("str", "a", IndexError, ["str"]),
    ("dict", {}, IndexError, ["dict"]),
    ("object", OPAQUE, IndexError, [W(OPAQUE)]),
    ("complex", 1j, IndexError, ["complex"]),
    ("step0", slice(None, None, 0), (IndexError, ValueError), ["zero"]),
    ("step0-second", (0, slice(0, 2, 0)), (IndexError, ValueError), ["zero"]),
    ("slice-str", slice("a", None), IndexError, [W("a")]),
    ("slice-float", slice(1.5, None), IndexError, ["1.5"]),
    ("huge", 2 ** 70, IndexError, [str(2 ** 70)]),
    ("npuint64-huge", np.uint64(2 ** 64 - 1), IndexError, [str(2 ** 64 - 1)]),
    ("list-range", [0, 5], IndexError, ["5"]),
    ("list-str", [0, "a"], IndexError, [("'a'", "<U", "str")]),
    ("list-ragged", [[0, 1], [2]], (IndexError, ValueError), []),
    ("list-float", [0.5], IndexError, ["float"]),
    ("numpy-range", np.array([0, 5]), IndexError, ["5"]),
    ("numpy-float", np.array([0.5]), IndexError, ["float"]),
    ("numpy-str", np.array(["a"]), IndexError, [("<U1", "str")]),
    ("numpy-mask-shape", np.array([True, False]), IndexError, ["3", "2"]),
    ("lazy-range", L(lambda e: lt.asarray([0, 5]), "lt.asarray([0, 5])"), IndexError, ["5"]),
    ("lazy-pending-range", L(lambda e: e.idx * 3, "e.idx * 3"), IndexError, ["6"]),
    ("lazy-negative-range", L(lambda e: lt.asarray([-4]), "lt.asarray([-4])"), IndexError,
     ["-4"]),
    ("lazy-float", L(lambda e: lt.asarray([0.5]), "lt.asarray([0.5])"), IndexError,
     [("float", "f32")]),
    ("lazy-mask-shape", L(lambda e: e.b[:2], "e.b[:2]"), IndexError, ["2", "3"]),
    ("lazy-0d-range", L(lambda e: lt.asarray(5), "lt.asarray(5)"), IndexError, ["5"]),
    ("lazy-0d-float", E("s"), IndexError, [("float", "f32")]),
    ("advanced-broadcast", ([0, 1], [0, 1, 2]), IndexError, ["(2,)", "(3,)"]),
    ("advanced-second-range", (slice(None), [0, 4]), IndexError, ["4"]),
]

SET_VALUES = [
    ("str", "a", TypeError, [W("a")]), ("None", None, TypeError, ["None"]),
    ("complex", 1j, TypeError, ["complex"]), ("object", OPAQUE, TypeError, [W(OPAQUE)]),
    ("dict", {}, TypeError, ["dict"]),
    ("shape", L(lambda e: lt.ones(3), "lt.ones(3)"), ValueError, ["(3,)", "(4,)"]),
    ("list-shape", [1.0, 2.0], ValueError, ["(2,)", "(4,)"]),
    ("ragged", [[1.0], [1.0, 2.0]], ValueError, [("ragged", "inhomogeneous")]),
]


def indexing_cases() -> list[Case]:
    cases = []
    for tag, key, expect, words in INDEX_KEYS:
        cases += [Case(f"getitem-{tag}", lambda e, k=key: e.x[resolve(k, e)], expect, words,
                       f"e.x[{key!r}]"),
                  Case(f"getitem-pending-{tag}", lambda e, k=key: e.p[resolve(k, e)], expect,
                       words, f"e.p[{key!r}]"),
                  Case(f"setitem-{tag}", lambda e, k=key: _setitem(e.x, resolve(k, e), 1.0),
                       expect, words, f"e.x[{key!r}] = 1.0")]
    for tag, value, expect, words in SET_VALUES:
        cases.append(Case(f"setitem-value-{tag}",
                          lambda e, val=value: _setitem(e.x, 0, resolve(val, e)), expect, words,
                          f"e.x[0] = {value!r}"))
        cases.append(Case(f"setitem-mask-value-{tag}",
                          lambda e, val=value: _setitem(e.x, e.b, resolve(val, e)), expect,
                          [] if tag.endswith("shape") else words, f"e.x[e.b] = {value!r}"))
    rows = [
        ("setitem-int-overflow", lambda e: _setitem(e.i, 0, 2 ** 70), OverflowError,
         [str(2 ** 70)], "e.i[0] = 2**70"),
        ("setitem-unsigned-negative", lambda e: _setitem(e.u8, 0, -1), OverflowError, ["-1"],
         "e.u8[0] = -1"),
        ("setitem-unsigned-overflow", lambda e: _setitem(e.u8, 0, 256), OverflowError, ["256"],
         "e.u8[0] = 256"),
        ("take-range", lambda e: lt.take(e.v, lt.asarray([4])), IndexError, ["4"],
         "lt.take(e.v, lt.asarray([4]))"),
        ("take-numpy-range", lambda e: lt.take(e.v, np.array([4])), IndexError, ["4"],
         "lt.take(e.v, np.array([4]))"),
        ("take-list-range", lambda e: lt.take(e.v, [4]), IndexError, ["4"],
         "lt.take(e.v, [4])"),
        ("take-negative-range", lambda e: lt.take(e.v, lt.asarray([-5])), IndexError, ["-5"],
         "lt.take(e.v, lt.asarray([-5]))"),
        ("take-pending-range", lambda e: lt.take(e.v, e.idx * 3), Later(IndexError),
         ["6", "call_rows.py:226"], "lt.take(e.v, e.idx * 3)"),
        ("take-axis0-range", lambda e: lt.take(e.x, lt.asarray([3]), axis=0), IndexError,
         ["3"], "lt.take(e.x, lt.asarray([3]), axis=0)"),
        ("take-float", lambda e: lt.take(e.v, lt.asarray([0.5])), TypeError,
         [("f32", "float")], "lt.take(e.v, lt.asarray([0.5]))"),
        ("take-no-axis-2d", lambda e: lt.take(e.x, e.idx), ValueError, ["(3, 4)"],
         "lt.take(e.x, e.idx)"),
        ("take_along_axis-range",
         lambda e: lt.take_along_axis(e.x, lt.asarray([[4], [0], [0]]), axis=1), IndexError,
         ["4"], "lt.take_along_axis(e.x, lt.asarray([[4], [0], [0]]), axis=1)"),
        ("take_along_axis-pending-range",
         lambda e: lt.take_along_axis(e.x, e.tidx * 2, axis=1), Later(IndexError),
         ["call_rows.py:238"], "lt.take_along_axis(e.x, e.tidx * 2, axis=1)"),
        ("take_along_axis-float",
         lambda e: lt.take_along_axis(e.x, lt.asarray([[0.5], [0.0], [0.0]]), axis=1),
         TypeError, [("f32", "float")], "lt.take_along_axis(e.x, <float (3, 1)>, axis=1)"),
        ("take_along_axis-rank", lambda e: lt.take_along_axis(e.x, e.idx), ValueError,
         ["(3, 4)", "(2,)"], "lt.take_along_axis(e.x, e.idx)"),
        ("take_along_axis-broadcast",
         lambda e: lt.take_along_axis(e.x, lt.asarray([[0], [1]]), axis=1), ValueError,
         ["(2, 1)"], "lt.take_along_axis(e.x, lt.asarray([[0], [1]]), axis=1)"),
        ("searchsorted-sorter-range",
         lambda e: lt.searchsorted(e.v, e.x, sorter=lt.asarray([0, 9, 1, 2])), IndexError,
         ["9"], "lt.searchsorted(e.v, e.x, sorter=lt.asarray([0, 9, 1, 2]))"),
        ("repeat-lazy-negative", lambda e: lt.repeat(e.v, lt.asarray([-1, 1, 1, 1])),
         ValueError, ["-1"], "lt.repeat(e.v, lt.asarray([-1, 1, 1, 1]))"),
        ("repeat-length", lambda e: lt.repeat(e.v, [1, 2]), ValueError, [("(2,)", "[1, 2]")],
         "lt.repeat(e.v, [1, 2])"),
    ]
    return cases + [Case(*r) for r in rows]


def shape_cases() -> list[Case]:
    rows = [
        ("concat-ndim", lambda e: lt.concat([e.x, e.v]), ValueError, ["(3, 4)", "(4,)"],
         "lt.concat([e.x, e.v])"),
        ("t-3d", lambda e: e.x[None].t(), ValueError, ["(1, 3, 4)"], "e.x[None].t()"),
        ("format-2d", lambda e: format(e.x, ".2f"), TypeError, ["(3, 4)", ".2f"],
         "f'{e.x:.2f}'"),
        ("max-dim-indices-shape", lambda e: e.x.max(dim=1).indices + e.v, ValueError,
         ["(3,)", "(4,)"], "e.x.max(dim=1).indices + e.v"),
        ("concat-0d", lambda e: lt.concat([e.s, e.s]), ValueError, ["()"],
         "lt.concat([e.s, e.s])"),
        ("stack-shapes", lambda e: lt.stack([e.x, e.c3]), ValueError, ["(3, 4)", "(2, 3)"],
         "lt.stack([e.x, e.c3])"),
        ("matmul-inner", lambda e: lt.matmul(e.x, e.x), ValueError, ["(3, 4)"],
         "lt.matmul(e.x, e.x)"),
        ("matmul-0d", lambda e: lt.matmul(e.x, e.s), ValueError, [], "lt.matmul(e.x, e.s)"),
        ("tensordot-mismatch", lambda e: lt.tensordot(e.x, e.x, axes=1), ValueError,
         ["(3, 4)"], "lt.tensordot(e.x, e.x, axes=1)"),
        ("vecdot-mismatch", lambda e: lt.vecdot(e.x, lt.ones(3)), ValueError,
         ["(3, 4)", "(3,)"], "lt.vecdot(e.x, lt.ones(3))"),
        ("cross-size", lambda e: lt.linalg.cross(e.x, e.x), ValueError, ["(3, 4)"],
         "lt.linalg.cross(e.x, e.x)"),
        ("cross-broadcast", lambda e: lt.linalg.cross(lt.ones(3), lt.ones((2, 4))), ValueError,
         ["(3,)", "(2, 4)"], "lt.linalg.cross(lt.ones(3), lt.ones((2, 4)))"),
        ("outer-2d", lambda e: lt.linalg.outer(e.x, e.v), ValueError, ["(3, 4)"],
         "lt.linalg.outer(e.x, e.v)"),
        ("where-broadcast", lambda e: lt.where(e.b, e.x, lt.ones(2)), ValueError, ["(2,)"],
         "lt.where(e.b, e.x, lt.ones(2))"),
        ("where-cond-broadcast", lambda e: lt.where(lt.ones(2, dtype=lt.bool), e.x, e.x),
         ValueError, ["(2,)", "(3, 4)"], "lt.where(lt.ones(2, dtype=lt.bool), e.x, e.x)"),
        ("clip-broadcast", lambda e: lt.clip(e.x, lt.ones(2)), ValueError, ["(2,)", "(3, 4)"],
         "lt.clip(e.x, lt.ones(2))"),
        ("broadcast_arrays", lambda e: lt.broadcast_arrays(e.x, lt.ones(2)), ValueError,
         ["(3, 4)", "(2,)"], "lt.broadcast_arrays(e.x, lt.ones(2))"),
        ("meshgrid-2d", lambda e: lt.meshgrid(e.x), ValueError, ["(3, 4)"], "lt.meshgrid(e.x)"),
        ("det-square", lambda e: lt.linalg.det(e.x), ValueError, ["(3, 4)"],
         "lt.linalg.det(e.x)"),
        ("det-int", lambda e: lt.linalg.det(lt.eye(3, dtype=lt.int32)), TypeError, ["int32"],
         "lt.linalg.det(lt.eye(3, dtype=lt.int32))"),
        ("matrix_power-square", lambda e: lt.linalg.matrix_power(e.x, 2), ValueError,
         ["(3, 4)"], "lt.linalg.matrix_power(e.x, 2)"),
        ("matrix_power-negative-int", lambda e: lt.linalg.matrix_power(lt.eye(2, dtype=lt.int64),
                                                                       -1), TypeError,
         ["int64"], "lt.linalg.matrix_power(lt.eye(2, dtype=lt.int64), -1)"),
        ("solve-shapes", lambda e: lt.linalg.solve(e.sq, e.v), ValueError, ["(4,)", "(3, 3)"],
         "lt.linalg.solve(e.sq, e.v)"),
        ("diagonal-1d", lambda e: lt.linalg.diagonal(e.v), ValueError, ["(4,)"],
         "lt.linalg.diagonal(e.v)"),
        ("tril-1d", lambda e: lt.tril(e.v), ValueError, ["(4,)"], "lt.tril(e.v)"),
        ("searchsorted-2d", lambda e: lt.searchsorted(e.x, e.v), ValueError, ["(3, 4)"],
         "lt.searchsorted(e.x, e.v)"),
        ("nonzero-0d", lambda e: lt.nonzero(e.s), ValueError, ["0-d"], "lt.nonzero(e.s)"),
        ("cumulative_sum-no-axis", lambda e: lt.cumulative_sum(e.x), ValueError, ["(3, 4)"],
         "lt.cumulative_sum(e.x)"),
        ("argmax-empty", lambda e: lt.argmax(lt.zeros((0,))), ValueError, ["(0,)"],
         "lt.argmax(lt.zeros((0,)))"),
        ("max-empty", lambda e: lt.max(e.e0, axis=0), ValueError, ["(0, 3)"],
         "lt.max(e.e0, axis=0)"),
        ("min-empty", lambda e: lt.min(e.e0), ValueError, ["(0, 3)"], "lt.min(e.e0)"),
        ("squeeze-not-one", lambda e: lt.squeeze(e.x, axis=0), ValueError, ["(3, 4)"],
         "lt.squeeze(e.x, axis=0)"),
        ("matrix_norm-1d", lambda e: lt.linalg.matrix_norm(e.v), ValueError,
         [("(4,)", "f32[4]")], "lt.linalg.matrix_norm(e.v)"),
        ("matrix_norm-int", lambda e: lt.linalg.matrix_norm(e.i[:3, :3]), TypeError, ["i64"],
         "lt.linalg.matrix_norm(e.i[:3, :3])"),
        ("vector_norm-int", lambda e: lt.linalg.vector_norm(e.i), TypeError, ["i64"],
         "lt.linalg.vector_norm(e.i)"),
        ("sign-bool", lambda e: lt.sign(e.b), TypeError, [("b1", "bool")], "lt.sign(e.b)"),
        ("reshape-method", lambda e: e.x.reshape(5, 2), ValueError, ["(3, 4)", "(5, 2)"],
         "e.x.reshape(5, 2)"),
        ("roll-lengths", lambda e: lt.roll(e.x, (1, 2), axis=0), ValueError, ["(1, 2)"],
         "lt.roll(e.x, (1, 2), axis=0)"),
        ("moveaxis-lengths", lambda e: lt.moveaxis(e.x, (0, 1), (0,)), ValueError, ["(0, 1)"],
         "lt.moveaxis(e.x, (0, 1), (0,))"),
        ("unstack-0d", lambda e: lt.unstack(e.s), AXIS_ERR, ["0"], "lt.unstack(e.s)"),
        ("vecdot-0d", lambda e: lt.vecdot(e.s, e.s), AXIS_ERR, [], "lt.vecdot(e.s, e.s)"),
        ("cross-0d", lambda e: lt.linalg.cross(e.s, e.s), AXIS_ERR, [],
         "lt.linalg.cross(e.s, e.s)"),
        ("take_along_axis-0d", lambda e: lt.take_along_axis(e.s, e.si), AXIS_ERR, [],
         "lt.take_along_axis(e.s, e.si)"),
        ("roll-0d", lambda e: lt.roll(e.s, 1, axis=0), AXIS_ERR, [], "lt.roll(e.s, 1, axis=0)"),
        ("repeat-0d", lambda e: lt.repeat(e.s, 2, axis=0), AXIS_ERR, [],
         "lt.repeat(e.s, 2, axis=0)"),
        ("full-array-fill", lambda e: lt.full((2, 3), e.v), ValueError, ["(4,)"],
         "lt.full((2, 3), e.v)"),
        ("full-int-overflow", lambda e: lt.full((2, 3), 2 ** 70, dtype=lt.int64),
         OverflowError, [str(2 ** 70)], "lt.full((2, 3), 2**70, dtype=lt.int64)"),
        ("full-unsigned-negative", lambda e: lt.full((2, 3), -1, dtype=lt.uint8), OverflowError,
         ["-1"], "lt.full((2, 3), -1, dtype=lt.uint8)"),
        ("zeros-two-tuples", lambda e: lt.zeros((2, 3), (4,)), TypeError, ["(4,)"],
         "lt.zeros((2, 3), (4,))"),
        ("asarray-int-overflow", lambda e: lt.asarray(2 ** 70), OverflowError, [str(2 ** 70)],
         "lt.asarray(2**70)"),
        ("asarray-list-int-overflow", lambda e: lt.asarray([1, 2 ** 64]), OverflowError,
         [str(2 ** 64)], "lt.asarray([1, 2**64])"),
        ("asarray-unsigned-negative", lambda e: lt.asarray(-1, dtype=lt.uint8), OverflowError,
         ["-1"], "lt.asarray(-1, dtype=lt.uint8)"),
        ("asarray-list-unsigned-overflow", lambda e: lt.asarray([300], dtype=lt.uint8),
         OverflowError, ["300"], "lt.asarray([300], dtype=lt.uint8)"),
        ("asarray-copy-false", lambda e: lt.asarray([1, 2], copy=False), ValueError, [],
         "lt.asarray([1, 2], copy=False)"),
        ("arange-nan", lambda e: lt.arange(float("nan")), ValueError, [("nan", "NaN")],
         "lt.arange(float('nan'))"),
        ("arange-inf", lambda e: lt.arange(float("inf")), (ValueError, OverflowError),
         ["inf"], "lt.arange(float('inf'))"),
        ("arange-huge", lambda e: lt.arange(10 ** 20), (ValueError, MemoryError),
         [str(10 ** 20)], "lt.arange(10**20)"),
        ("arange-tiny-step", lambda e: lt.arange(0.0, 1.0, 1e-300),
         (ValueError, MemoryError), ["1e-300"], "lt.arange(0.0, 1.0, 1e-300)"),
        ("arange-step0", lambda e: lt.arange(0, 10, 0), ValueError, ["step"],
         "lt.arange(0, 10, 0)"),
        ("linspace-float-num", lambda e: lt.linspace(0, 1, 2.5), TypeError, ["2.5"],
         "lt.linspace(0, 1, 2.5)"),
        ("fftfreq-zero", lambda e: lt.fft.fftfreq(0), ValueError, ["0"], "lt.fft.fftfreq(0)"),
        ("fftfreq-d-zero", lambda e: lt.fft.fftfreq(4, d=0.0), ValueError, ["0"],
         "lt.fft.fftfreq(4, d=0.0)"),
        ("rand-huge-tuple", lambda e: lt.rand(MANY, MANY), (ValueError, MemoryError),
         [str(MANY)], "lt.rand(2**40, 2**40)"),
        ("realize-numpy", lambda e: lt.realize(np.ones(3)), TypeError, ["ndarray"],
         "lt.realize(np.ones(3))"),
        ("dump-numpy", lambda e: lt.dump(np.ones(3)), TypeError, ["ndarray"],
         "lt.dump(np.ones(3))"),
        ("tensordot-axes-wrap", lambda e: lt.tensordot(e.x, e.v, axes=((1,), (4,))), AXIS_ERR,
         ["4"], "lt.tensordot(e.x, e.v, axes=((1,), (4,)))"),
    ]
    return [Case(*r) for r in rows]
