"""Fuzzing the error promise (README, "Errors"): every public callable, called with bad
arguments, raises a lazyten error at the call.

For each row of a table of callables x argument mutations this checks that the exception

1. is an ``lt.LazytenError``,
2. is also the builtin a Python user expects (``IndexError`` for indices, ``ValueError`` for
   shapes and values, ``TypeError`` for dtypes and argument types),
3. has a traceback that holds the user's frames plus at most one lazyten boundary frame (the
   wrapper in ``boundary.py``, an operator's ``method`` in ``operators.py`` or
   ``Compiled.__call__``): no frame of lazyten's internals, of NumPy, onnx or the standard
   library,
4. names the value, shape or dtype involved,

and that the error came at the call, not later (except in ``Later`` rows: what only a pending
value decides fails where that value is computed): after it, the inputs of the bad call and
other pending arrays still realize to their right values.

The table is generated: each callable is described once (``SPECS``) by a valid call whose
slots carry a kind (array operand, axis, dtype, shape, count, ...); every slot is then replaced
by each bad value of its kind (array operands, which share one conversion, take a rotating share
of the bad objects), and every call is also made with an unknown keyword and, alternately, with
no arguments or one too many. Hand-written rows add shape mismatches, indexing, operators,
conversions, ``lt.compile`` misuse and the command line. "Fuzz" rows accept either a result
(which then must realize) or a clean error: 0-d inputs to the axis functions, and bool and
uint64 arrays through every elementwise function. ``test_the_valid_call_of_each_row_works``
keeps the valid calls valid, and ``test_every_public_callable_is_in_the_table`` makes a new
public function fail until it has rows.

Rows that fail today are marked ``xfail(strict=True)`` from ``KNOWN`` (reason -> row ids) and
``KNOWN_CLI`` below, so that the suite says when one gets fixed: then delete its id.
"""
from __future__ import annotations

import linecache
import operator
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any, Callable

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper

import lazyten as lt
from lazyten.errors import LazytenError

ROOT = Path(lt.__file__).resolve().parent.parent
LIBRARY_DIRS = tuple(str(ROOT / d) + os.sep for d in ("lazyten", "passes", "runtime"))
# a lazyten error may keep one line of the error boundary: the re-raise line of the wrapper in
# boundary.py or of the inline boundaries (operators, Compiled.__call__), which all read
# ``raise exc.with_traceback(user_frames(exc.__traceback__)) ...``
BOUNDARY_LINE = "raise user_error("
THIS_FILE = os.path.abspath(__file__)

AXIS_ERR = (IndexError, ValueError)  # NumPy's AxisError is both; either is accepted
MANY = 2 ** 40                        # (MANY, MANY) elements overflow int64
I64_PAST = 2 ** 63                    # one past int64's maximum


class Opaque:
    """An arbitrary object with a stable repr (test ids and messages)."""

    def __repr__(self) -> str:
        return "<opaque>"


OPAQUE = Opaque()


# ---------------------------------------------------------------------------------------------
# The environment each row runs in: inputs, some pending, whose values are checked afterwards

def _inputs() -> dict[str, Callable[["Env"], Any]]:
    return {
        "x": lambda e: lt.arange(12, dtype=lt.float32).reshape(3, 4),  # a view of an arange
        "v": lambda e: lt.arange(4, dtype=lt.float32),
        "i": lambda e: lt.arange(12).reshape(3, 4),
        "iv": lambda e: lt.arange(4),
        "u8": lambda e: lt.arange(4, dtype=lt.uint8),
        "b": lambda e: lt.arange(12).reshape(3, 4) % 3 == 0,  # pending
        "p": lambda e: e.x * 2 - e.x,                           # pending, equals x
        "sq": lambda e: lt.eye(3) + lt.arange(3, dtype=lt.float32),  # pending, square
        "c3": lambda e: lt.ones((2, 3)),
        "col": lambda e: lt.ones((3, 1)),
        "s": lambda e: lt.asarray(2.0),                          # 0-d
        "si": lambda e: lt.asarray(1),                           # 0-d integer
        "idx": lambda e: lt.asarray([0, 2]),
        "tidx": lambda e: lt.asarray([[0], [1], [3]]),
        "e0": lambda e: lt.zeros((0, 3)),
    }


_X = np.arange(12, dtype=np.float32).reshape(3, 4)
EXPECTED = {"x": _X, "v": np.arange(4, dtype=np.float32), "i": np.arange(12).reshape(3, 4),
            "iv": np.arange(4), "u8": np.arange(4, dtype=np.uint8),
            "b": np.arange(12).reshape(3, 4) % 3 == 0, "p": _X,
            "sq": np.eye(3, dtype=np.float32) + np.arange(3, dtype=np.float32),
            "c3": np.ones((2, 3), np.float32), "col": np.ones((3, 1), np.float32),
            "s": np.asarray(2.0, np.float32), "si": np.asarray(1),
            "idx": np.array([0, 2]), "tidx": np.array([[0], [1], [3]]),
            "e0": np.zeros((0, 3), np.float32)}


class Env:
    """The inputs of one row, made when the row first uses them (some are pending); ``x`` and
    the pending ``p`` always exist, so that every row checks at least them afterwards."""

    MAKERS = _inputs()

    def __init__(self) -> None:
        self._made: dict[str, Any] = {}
        self.x, self.p  # noqa: B018

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name not in self.MAKERS:
            raise AttributeError(name)
        value = self.MAKERS[name](self)
        self._made[name] = value
        object.__setattr__(self, name, value)
        return value

    def verify(self) -> str | None:
        """None when every input used, and a new computation over them, has its right value."""
        try:
            fresh = self.x + self.p * 2
            made = dict(self._made)
            lt.realize(*made.values(), fresh)
            for name, array in made.items():
                got, want = array.numpy(), EXPECTED[name]
                if got.shape != want.shape or got.dtype != want.dtype or \
                        not np.array_equal(got, want):
                    return f"input {name} changed to {got!r}"
            if not np.array_equal(fresh.numpy(), _X * 3):
                return "a new computation over the inputs gave wrong values"
        except BaseException as exc:  # noqa: BLE001 - any failure here is the finding
            return f"after the bad call, realizing the inputs raised {_brief(exc)}"
        return None


class E:
    """A reference to an array of the row's Env."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"e.{self.name}"


class L:
    """A bad value built from the row's Env (``[e.x, e.v]``)."""

    def __init__(self, fn: Callable[[Env], Any], text: str) -> None:
        self.fn, self.text = fn, text

    def __repr__(self) -> str:
        return self.text


def resolve(value: Any, env: Env) -> Any:
    if isinstance(value, Slot):
        value = value.valid
    if isinstance(value, E):
        return getattr(env, value.name)
    if isinstance(value, L):
        return value.fn(env)
    if isinstance(value, list):
        return [resolve(v, env) for v in value]
    if isinstance(value, tuple):
        return tuple(resolve(v, env) for v in value)
    return value


# ---------------------------------------------------------------------------------------------
# Slots: a valid value plus the kind of bad values to put in its place

class Slot:
    def __init__(self, kind: str, valid: Any, name: str = "", **opts: Any) -> None:
        self.kind, self.valid, self.name, self.opts = kind, valid, name, opts


def Arr(ref: str, name: str = "", **opts: Any) -> Slot:
    return Slot("arr", E(ref), name or ref, **opts)


def Axis(valid: Any, name: str = "", **opts: Any) -> Slot:
    return Slot("axis", valid, name, **opts)


def Dt(valid: Any = None, name: str = "", **opts: Any) -> Slot:
    return Slot("dtype", valid, name, **opts)


def Shape(valid: Any, name: str = "", **opts: Any) -> Slot:
    return Slot("shape", valid, name, **opts)


def Count(valid: Any, name: str = "", **opts: Any) -> Slot:
    return Slot("count", valid, name, **opts)


def Int(valid: Any, name: str = "", **opts: Any) -> Slot:
    return Slot("int", valid, name, **opts)


def Num(valid: Any, name: str = "", **opts: Any) -> Slot:
    return Slot("num", valid, name, **opts)


def Choice(valid: Any, name: str = "", **opts: Any) -> Slot:
    return Slot("choice", valid, name, **opts)


def Dev(valid: Any = None, name: str = "") -> Slot:
    return Slot("device", valid, name)


def Fill(valid: Any, name: str = "", **opts: Any) -> Slot:
    return Slot("fill", valid, name, **opts)


def _w(value: Any) -> tuple[str, ...]:
    """Words a message about ``value`` may use: its repr or its type's name."""
    return (repr(value), type(value).__name__)


BAD_OBJECTS = ["foo", None, {"a": 1}, OPAQUE, ["a", "b"], 1j, [1, None]]
TAG = {"foo": "str", None: "None", 1j: "complex"}


def _tag(value: Any) -> str:
    if isinstance(value, (str, complex)) or value is None:
        return TAG.get(value, type(value).__name__)
    return {dict: "dict", Opaque: "object", list: "list"}.get(type(value), type(value).__name__)


def mutations(slot: Slot) -> list[tuple[str, Any, Any, list]]:
    """(tag, bad value, expected builtin(s), words the message names) for one slot."""
    skip = slot.opts.get("skip", ())
    return [m for m in _mutations(slot) if m[0] not in skip]


def _mutations(slot: Slot) -> list[tuple[str, Any, Any, list]]:
    kind, o = slot.kind, slot.opts
    out: list[tuple[str, Any, Any, list]] = []
    if kind == "arr":
        for bad in BAD_OBJECTS:
            if bad is None and o.get("none_ok"):
                continue
            tag = "strlist" if bad == ["a", "b"] else ("nonelist" if bad == [1, None]
                                                       else _tag(bad))
            out.append((tag, bad, TypeError, [_w(bad) + ("list", "object")]))
        if o.get("arrays_only"):  # no conversion: a ragged list is one more non-array
            out.append(("ragged", [[1.0, 2.0], [3.0]], TypeError, [("list",)]))
        else:
            out.append(("ragged", [[1.0, 2.0], [3.0]], ValueError,
                        [("ragged", "inhomogeneous", "rectangular")]))
        # array operands mostly share one conversion: each slot takes a rotating share of the
        # bad objects (``take`` of them), so that every bad object meets many functions
        take, start = o.get("take", len(out)), o.get("rotate", 0)
        out = [out[(start + k) % len(out)] for k in range(min(take, len(out)))]
    elif kind == "axis":
        out += [("str", "a", TypeError, [_w("a")]), ("float", 1.0, TypeError, [_w(1.0)]),
                ("bool", True, TypeError, [_w(True)]),
                ("npfloat", np.float64(1.0), TypeError, [("1.0", "float")]),
                ("complex", 1j, TypeError, [_w(1j)]),
                ("object", OPAQUE, TypeError, [_w(OPAQUE)]),
                ("range", 7, IndexError if o.get("insert") else AXIS_ERR, ["7"]),
                ("negrange", -7, IndexError if o.get("insert") else AXIS_ERR, ["-7"])]
        if o.get("insert"):
            out.append(("huge", 2 ** 70, IndexError, [str(2 ** 70)]))
        if not o.get("none_ok"):
            out.append(("None", None, TypeError, [("None",)]))
        if o.get("tuple_ok"):
            out += [("dup", (1, 1), ValueError, [("repeated", "duplicate")]),
                    ("tuple_str", (0, "a"), TypeError, [_w("a")]),
                    ("tuple_range", (0, 7), AXIS_ERR, ["7"])]
    elif kind == "dtype":
        out += [("name", "foo", TypeError, ["foo"]),
                ("complex64", np.complex64, TypeError, ["complex64"]),
                ("complex_name", "complex128", TypeError, ["complex128"]),
                ("object", object, TypeError, ["object"]),
                ("str_type", str, TypeError, [("<U", "str")]),
                ("int", 5, TypeError, ["5"]),
                ("empty_dict", {}, TypeError, [("{}", "dict", "[]")])]
    elif kind == "shape":
        out += [("neg", -1, ValueError, ["-1"]), ("neg_tuple", (2, -1), ValueError, ["-1"]),
                ("float", 2.5, TypeError, ["2.5"]), ("float_tuple", (2, 2.5), TypeError, ["2.5"]),
                ("str", "3", TypeError, [_w("3")]), ("str_tuple", (2, "a"), TypeError, [_w("a")]),
                ("None", None, TypeError, ["None"]), ("bool", True, TypeError, [_w(True)]),
                ("bool_tuple", (True, 2), TypeError, [_w(True)]),
                ("npfloat", np.float64(3.0), TypeError, [("3.0", "float")]),
                ("complex", 1j, TypeError, [_w(1j)]),
                ]
        if o.get("overflow", True):
            out.append(("overflow", (MANY, MANY), (ValueError, MemoryError, OverflowError),
                        [str(MANY)]))
        if o.get("lazy"):  # creation that allocates nothing at the call: 4 TB fail where
            # they are computed (an OutOfMemoryError naming the line), sizes past int64 at once
            out += [("huge", (10 ** 6, 10 ** 6), Later(MemoryError), ["1000000"]),
                    ("int64_past", (I64_PAST,), (ValueError, OverflowError), [str(I64_PAST)])]
    elif kind == "count":  # a non-negative integer
        out += [("neg", -1, ValueError, [("-1", "negative")]),
                ("float", 2.5, TypeError, ["2.5"]),
                ("str", "3", TypeError, [_w("3")]), ("bool", True, TypeError, [_w(True)]),
                ("complex", 1j, TypeError, [_w(1j)])]
        if not o.get("none_ok"):
            out.append(("None", None, TypeError, ["None"]))
        if o.get("huge"):  # NumPy refuses these sizes without allocating
            out.append(("huge", 2 ** 62, (ValueError, MemoryError), [str(2 ** 62)]))
    elif kind == "int":  # any integer
        out += [("str", "a", TypeError, [_w("a")]), ("float", 1.5, TypeError, ["1.5"]),
                ("bool", True, TypeError, [_w(True)]), ("complex", 1j, TypeError, [_w(1j)])]
        if not o.get("none_ok"):
            out.append(("None", None, TypeError, ["None"]))
    elif kind == "num":  # a real number
        out += [("str", "a", TypeError, [_w("a")]), ("complex", 1j, TypeError, [_w(1j)]),
                ("object", OPAQUE, TypeError, [_w(OPAQUE)])]
        if not o.get("none_ok"):
            out.append(("None", None, TypeError, ["None"]))
    elif kind == "choice":
        out += [("bogus", "bogus", ValueError, ["bogus"]),
                ("int", 5, (ValueError, TypeError), ["5"])]
    elif kind == "device":
        out += [("name", "foo", (RuntimeError, ValueError), ["foo"]),
                ("index", "cuda:x", (RuntimeError, ValueError), ["cuda:x"]),
                ("int", 5, (RuntimeError, TypeError, ValueError), ["5"])]
    elif kind == "fill":
        out += [("str", "a", TypeError, [_w("a")]), ("None", None, TypeError, ["None"]),
                ("complex", 1j, TypeError, [_w(1j)]), ("object", OPAQUE, TypeError, [_w(OPAQUE)])]
    elif kind == "seq":  # a sequence of arrays
        out += [("empty", [], ValueError, []),
                ("str_item", L(lambda e: [e.x, "a"], "[e.x, 'a']"), TypeError, [_w("a")]),
                ("int", 5, TypeError, [_w(5)]), ("None", None, TypeError, ["None"]),
                ("mismatch", L(lambda e: [e.x, e.c3], "[e.x, e.c3]"), ValueError,
                 ["(3, 4)", "(2, 3)"])]
    elif kind == "perm":
        out += [("range", (0, 5), AXIS_ERR, ["5"]), ("dup", (0, 0), ValueError, ["(0, 0)"]),
                ("str", (0, "a"), TypeError, [_w("a")]), ("int", 5, TypeError, ["5"]),
                ("float", (0, 1.0), TypeError, ["1.0"]), ("long", (0, 1, 2), ValueError,
                                                          ["(0, 1, 2)"]),
                ("None", None, TypeError, ["None"])]
    elif kind == "newshape":  # reshape's target
        out += [("mismatch", (5, 2), ValueError, ["(5, 2)", "(3, 4)"]),
                ("two_infer", (-1, -1), ValueError, ["-1"]),
                ("neg", (-2, -6), ValueError, ["-2"]),
                ("float", (3.0, 4), TypeError, ["3.0"]), ("str", ("3", 4), TypeError, [_w("3")]),
                ("strshape", "ab", TypeError, [_w("ab")]), ("None", None, TypeError, ["None"]),
                ("bool", (True, 12), TypeError, [_w(True)]),
                ("int_mismatch", 5, ValueError, ["5"])]
    elif kind == "bshape":  # broadcast_to's target
        out += [("mismatch", (2,), ValueError, ["(2,)", "(4,)"]),
                ("neg", (3, -4), ValueError, ["-4"]), ("float", (3, 4.5), TypeError, ["4.5"]),
                ("str", "ab", TypeError, [_w("ab")]), ("None", None, TypeError, ["None"]),
                ("int_mismatch", 5, ValueError, ["5"])]
    elif kind == "reps":  # tile's repetitions
        out += [("neg", (2, -1), ValueError, ["-1"]), ("float", (2.5,), TypeError, ["2.5"]),
                ("str", (2, "a"), TypeError, [_w("a")]), ("None", None, TypeError, ["None"])]
    elif kind == "tdaxes":  # tensordot's axes
        out += [("neg", -1, ValueError, ["-1"]), ("big", 3, ValueError, ["3"]),
                ("str", "a", TypeError, [_w("a")]), ("float", 1.5, TypeError, ["1.5"]),
                ("range", ((0,), (5,)), AXIS_ERR, ["5"]),
                ("uneven", ((0, 1), (0,)), ValueError, ["(0, 1)"])]
    elif kind == "kind":  # isdtype's kind
        out += [("bogus", "bogus kind", (ValueError, TypeError), ["bogus kind"]),
                ("int", 5, TypeError, ["5"])]
    elif kind == "ndarray":
        out += [("list", [1, 2], TypeError, ["list"]), ("str", "a", TypeError, [_w("a")]),
                ("complex", np.array([1j]), TypeError, ["complex"]),
                ("object", np.array([None]), TypeError, ["object"]),
                ("unicode", np.array(["a"]), TypeError, [("<U1", "U1", "str")])]
    elif kind == "ord":
        out += [("str", "a", ValueError, [_w("a")]), ("None", None, TypeError, ["None"])]
    elif kind == "matord":
        out += [("bogus", "bogus", ValueError, ["bogus"]), ("two", 2, ValueError, ["2"])]
    elif kind == "seed":
        out += [("str", "a", TypeError, [_w("a")]), ("float", 1.5, TypeError, ["1.5"]),
                ("neg", -1, ValueError, ["-1"]), ("None", None, TypeError, ["None"])]
    else:
        raise AssertionError(kind)
    return out


# ---------------------------------------------------------------------------------------------
# The callables: one valid call each

class Spec:
    """A valid call ``fn(*args, **kwargs)``; ``method`` calls keep the first argument (self)."""

    def __init__(self, name: str, fn: Callable, *args: Any, method: bool = False,
                 varargs: bool = False, optional: bool = False, **kwargs: Any) -> None:
        self.name, self.fn, self.args, self.kwargs = name, fn, args, kwargs
        self.method, self.varargs, self.optional = method, varargs, optional

    def call(self, env: Env, args: list | None = None, kwargs: dict | None = None) -> Any:
        a = [resolve(v, env) for v in (self.args if args is None else args)]
        k = {n: resolve(v, env) for n, v in (self.kwargs if kwargs is None else kwargs).items()}
        return self.fn(*a, **k)


def _m(name: str) -> Callable:
    """``obj.name(*args, **kwargs)``: an Array method as a callable."""
    def call(obj: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(obj, name)(*args, **kwargs)
    return call


x, v, i, iv, sq = E("x"), E("v"), E("i"), E("iv"), E("sq")
AX = dict(none_ok=True, tuple_ok=True)  # reductions: None and tuples of axes are valid

UNARY_FLOAT = ["abs", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "conj", "cos",
               "cosh", "exp", "expm1", "floor", "imag", "isfinite", "isinf", "isnan", "log",
               "log10", "log1p", "log2", "negative", "positive", "real", "reciprocal", "round",
               "sign", "signbit", "sin", "sinh", "sqrt", "square", "tan", "tanh", "trunc",
               "matrix_transpose", "nonzero", "unique_values", "unique_all", "unique_counts",
               "unique_inverse", "zeros_like", "ones_like", "empty_like"]
BINARY_FLOAT = ["add", "subtract", "multiply", "divide", "floor_divide", "remainder", "pow",
                "maximum", "minimum", "equal", "not_equal", "less", "less_equal", "greater",
                "greater_equal", "atan2", "copysign", "hypot", "logaddexp", "nextafter",
                "logical_and", "logical_or", "logical_xor"]
BINARY_INT = ["bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift",
              "bitwise_right_shift"]

SPECS: list[Spec] = []
SPECS += [Spec(n, getattr(lt, n), Arr("x")) for n in UNARY_FLOAT]
SPECS += [Spec("bitwise_invert", lt.bitwise_invert, Arr("i")),
          Spec("logical_not", lt.logical_not, Arr("b"))]
SPECS += [Spec(n, getattr(lt, n), Arr("x", "x1"), Arr("v", "x2")) for n in BINARY_FLOAT]
SPECS += [Spec(n, getattr(lt, n), Arr("i", "x1"), Arr("iv", "x2")) for n in BINARY_INT]
SPECS += [
    Spec("matmul", lt.matmul, Arr("x", "x1"), Arr("v", "x2")),
    Spec("where", lt.where, Arr("b", "cond"), Arr("x", "x1"), Arr("v", "x2")),
    Spec("clip", lt.clip, Arr("x"), min=Arr("s", none_ok=True), max=Arr("v", none_ok=True)),
    Spec("astype", lt.astype, Arr("x"), Dt(lt.int32, "dtype")),
    Spec("sum", lt.sum, Arr("x"), axis=Axis(1, **AX), dtype=Dt(lt.float64)),
    Spec("prod", lt.prod, Arr("x"), axis=Axis(1, **AX), dtype=Dt(lt.float64)),
    Spec("mean", lt.mean, Arr("x"), axis=Axis(1, **AX)),
    Spec("max", lt.max, Arr("x"), axis=Axis(1, **AX)),
    Spec("min", lt.min, Arr("x"), axis=Axis(1, **AX)),
    Spec("sum_dim", lt.sum, Arr("x"), dim=Axis(1, **AX)),
    Spec("all", lt.all, Arr("x"), axis=Axis(1, **AX)),
    Spec("any", lt.any, Arr("x"), axis=Axis(1, **AX)),
    Spec("count_nonzero", lt.count_nonzero, Arr("x"), axis=Axis(1, **AX)),
    Spec("std", lt.std, Arr("x"), axis=Axis(1, **AX), correction=Num(1.0)),
    Spec("var", lt.var, Arr("x"), axis=Axis(1, **AX), correction=Num(1.0)),
    Spec("argmax", lt.argmax, Arr("x"), axis=Axis(1, none_ok=True)),
    Spec("argmin", lt.argmin, Arr("x"), axis=Axis(1, none_ok=True)),
    Spec("argsort", lt.argsort, Arr("x"), axis=Axis(1)),
    Spec("sort", lt.sort, Arr("x"), axis=Axis(1)),
    Spec("flip", lt.flip, Arr("x"), axis=Axis(1, **AX)),
    Spec("squeeze", lt.squeeze, Arr("col"), axis=Axis(1, **AX)),
    Spec("cumulative_sum", lt.cumulative_sum, Arr("x"), axis=Axis(1, none_ok=True),
         dtype=Dt(lt.float64)),
    Spec("cumulative_prod", lt.cumulative_prod, Arr("x"), axis=Axis(1, none_ok=True),
         dtype=Dt(lt.float64)),
    Spec("unstack", lt.unstack, Arr("x"), axis=Axis(1)),
    Spec("diff", lt.diff, Arr("x"), axis=Axis(1), n=Count(1),
         prepend=Arr("x", none_ok=True)),
    Spec("expand_dims", lt.expand_dims, Arr("x"), axis=Axis(1, insert=True)),
    Spec("take", lt.take, Arr("x"), Arr("idx", "indices"), axis=Axis(1, none_ok=True)),
    Spec("take_along_axis", lt.take_along_axis, Arr("x"), Arr("tidx", "indices"),
         axis=Axis(1)),
    Spec("concat", lt.concat, Slot("seq", [x, x], "arrays"), axis=Axis(1, none_ok=True)),
    Spec("cat", lt.cat, Slot("seq", [x, x], "tensors"), dim=Axis(1, none_ok=True)),
    Spec("stack", lt.stack, Slot("seq", [x, x], "arrays"), axis=Axis(1)),
    Spec("roll", lt.roll, Arr("x"), Int(1, "shift"), axis=Axis(1, none_ok=True)),
    Spec("moveaxis", lt.moveaxis, Arr("x"), Axis(0, "source"), Axis(1, "destination")),
    Spec("repeat", lt.repeat, Arr("x"), Count(2, "repeats"), axis=Axis(1, none_ok=True)),
    Spec("permute_dims", lt.permute_dims, Arr("x"), Slot("perm", (1, 0), "axes")),
    Spec("reshape", lt.reshape, Arr("x"), Slot("newshape", (4, 3), "shape")),
    Spec("broadcast_to", lt.broadcast_to, Arr("v"), Slot("bshape", (3, 4), "shape")),
    Spec("tile", lt.tile, Arr("v"), Slot("reps", (2, 1), "repetitions")),
    Spec("broadcast_arrays", lt.broadcast_arrays, Arr("x", "a"), Arr("v", "b"), varargs=True,
         optional=True),
    Spec("meshgrid", lt.meshgrid, Arr("v", "a"), Arr("v", "b"), indexing=Choice("ij"),
         varargs=True, optional=True),
    Spec("tril", lt.tril, Arr("x"), k=Int(1)),
    Spec("triu", lt.triu, Arr("x"), k=Int(1)),
    Spec("searchsorted", lt.searchsorted, Arr("v", "x1"), Arr("x", "x2"),
         side=Choice("left"), sorter=Arr("iv", none_ok=True)),
    Spec("tensordot", lt.tensordot, Arr("x", "x1"), Arr("v", "x2"), axes=Slot("tdaxes", 1)),
    Spec("vecdot", lt.vecdot, Arr("x", "x1"), Arr("v", "x2"), axis=Axis(-1)),
    Spec("linalg.cross", lt.linalg.cross, Arr("c3", "x1"), Arr("c3", "x2"), axis=Axis(-1)),
    Spec("linalg.det", lt.linalg.det, Arr("sq")),
    Spec("linalg.diagonal", lt.linalg.diagonal, Arr("x"), offset=Int(1)),
    Spec("linalg.matmul", lt.linalg.matmul, Arr("x", "x1"), Arr("v", "x2")),
    Spec("linalg.matrix_norm", lt.linalg.matrix_norm, Arr("sq"), ord=Slot("matord", "fro")),
    Spec("linalg.matrix_power", lt.linalg.matrix_power, Arr("sq"), Count(2, "n")),
    Spec("linalg.matrix_transpose", lt.linalg.matrix_transpose, Arr("x")),
    Spec("linalg.outer", lt.linalg.outer, Arr("v", "x1"), Arr("v", "x2")),
    Spec("linalg.tensordot", lt.linalg.tensordot, Arr("x", "x1"), Arr("v", "x2"),
         axes=Slot("tdaxes", 1)),
    Spec("linalg.trace", lt.linalg.trace, Arr("sq"), offset=Int(1), dtype=Dt(lt.float64)),
    Spec("linalg.vecdot", lt.linalg.vecdot, Arr("x", "x1"), Arr("v", "x2"), axis=Axis(-1)),
    Spec("linalg.vector_norm", lt.linalg.vector_norm, Arr("x"), axis=Axis(1, **AX),
         ord=Slot("ord", 2)),
    Spec("fft.fftshift", lt.fft.fftshift, Arr("x"), axes=Axis(1, **AX)),
    Spec("fft.ifftshift", lt.fft.ifftshift, Arr("x"), axes=Axis(1, **AX)),
    Spec("fft.fftfreq", lt.fft.fftfreq, Count(4, "n", huge=True), d=Num(1.0),
         dtype=Dt(lt.float64)),
    Spec("fft.rfftfreq", lt.fft.rfftfreq, Count(4, "n", huge=True), d=Num(1.0),
         dtype=Dt(lt.float64)),
    # creation
    Spec("arange", lt.arange, Num(1, "start"), Num(7, "stop", none_ok=True), Num(2, "step"),
         dtype=Dt(lt.int32), device=Dev()),
    Spec("zeros", lt.zeros, Shape((2, 3), lazy=True), dtype=Dt(lt.int32), device=Dev()),
    Spec("ones", lt.ones, Shape((2, 3), lazy=True), dtype=Dt(lt.int32), device=Dev()),
    Spec("empty", lt.empty, Shape((2, 3), lazy=True), dtype=Dt(lt.int32), device=Dev()),
    Spec("full", lt.full, Shape((2, 3), lazy=True), Fill(1, "fill_value"),
         dtype=Dt(lt.int32), device=Dev()),
    Spec("zeros_like_kw", lt.zeros_like, Arr("x"), dtype=Dt(lt.int32), device=Dev()),
    Spec("ones_like_kw", lt.ones_like, Arr("x"), dtype=Dt(lt.int32), device=Dev()),
    Spec("empty_like_kw", lt.empty_like, Arr("x"), dtype=Dt(lt.int32), device=Dev()),
    Spec("full_like", lt.full_like, Arr("x"), Fill(2, "fill_value"), dtype=Dt(lt.int32),
         device=Dev()),
    Spec("asarray", lt.asarray, Arr("x", "obj"), dtype=Dt(lt.int32), device=Dev()),
    Spec("asarray_list", lt.asarray, [1, 2], dtype=Dt(lt.int32), device=Dev()),
    Spec("tensor", lt.tensor, Arr("x", "data"), dtype=Dt(lt.int32), device=Dev()),
    Spec("from_numpy", lt.from_numpy, Slot("ndarray", np.ones(3, np.float32), "a")),
    Spec("from_dlpack", lt.from_dlpack, Slot("ndarray", np.ones(3, np.float32), "x")),
    Spec("eye", lt.eye, Count(3, "n_rows", huge=True), Count(4, "n_cols", none_ok=True),
         k=Int(1), dtype=Dt(lt.int32), device=Dev()),
    Spec("linspace", lt.linspace, Num(0.0, "start"), Num(1.0, "stop"),
         Count(5, "num", huge=True), dtype=Dt(lt.float64), device=Dev()),
    Spec("rand", lt.rand, Shape((2, 3)), dtype=Dt(lt.float64), device=Dev(), varargs=True,
         optional=True),
    Spec("randn", lt.randn, Shape((2, 3)), dtype=Dt(lt.float64), device=Dev(), varargs=True,
         optional=True),
    Spec("manual_seed", lt.manual_seed, Slot("seed", 0)),
    # data types
    Spec("can_cast", lt.can_cast, Dt(lt.int32, "from_"), Dt(lt.int64, "to")),
    Spec("finfo", lt.finfo, Dt(lt.float32, "type")),
    Spec("iinfo", lt.iinfo, Dt(lt.int32, "type")),
    Spec("isdtype", lt.isdtype, Dt(lt.int32, "dtype"), Slot("kind", "integral")),
    Spec("result_type", lt.result_type, Dt(lt.int32, "a", skip=("int",)),
         Dt(lt.float32, "b", skip=("int",)), varargs=True),
    # the rest of the namespace
    Spec("realize", lt.realize, Arr("p", arrays_only=True), varargs=True, optional=True),
    Spec("dump", lt.dump, Arr("p", arrays_only=True)),
    Spec("set_default_device", lt.set_default_device, Dev("cpu")),
    Spec("spec", lt.spec, Shape((2, 3), overflow=False, skip=("str_tuple",)),
         Dt(lt.float32, "dtype")),
    Spec("cache_info", lt.cache_info),
    Spec("to", _m("to"), x, Dev("cpu"), method=True),
    Spec("to_device", _m("to_device"), x, Dev("cpu"), method=True),
    Spec("Array.astype", _m("astype"), x, Dt(lt.int32, "dtype"), method=True),
    Spec("Array.reshape", _m("reshape"), x, Slot("newshape", (4, 3), "shape"), method=True,
         optional=True),
    Spec("Array.permute", _m("permute"), x, Slot("perm", (1, 0), "axes", skip=("int",)),
         method=True, optional=True),
    Spec("Array.sum", _m("sum"), x, Axis(1, "axis", **AX), method=True, optional=True),
    Spec("Array.max_dim", _m("max"), x, dim=Axis(1, **AX), method=True),
    Spec("Array.mean", _m("mean"), x, Axis(1, "axis", **AX), method=True, optional=True),
    Spec("Array.squeeze", _m("squeeze"), E("col"), Axis(1, "axis", **AX), method=True,
         optional=True),
    Spec("Array.unsqueeze", _m("unsqueeze"), x, Axis(1, "dim", insert=True), method=True),
    Spec("Array.transpose", _m("transpose"), x, Axis(0, "dim0"), Axis(1, "dim1"),
         method=True),
    Spec("Array.clip", _m("clip"), x, Arr("s", "min", none_ok=True), method=True,
         optional=True),
    Spec("Array.flatten", _m("flatten"), x, method=True),
    Spec("Array.item", _m("item"), E("s"), method=True),
    Spec("Array.tolist", _m("tolist"), x, method=True),
    Spec("Array.numpy", _m("numpy"), x, method=True),
    Spec("Array.clone", _m("clone"), x, method=True),
]
SPEC_BY_NAME = {s.name: s for s in SPECS}
assert len(SPEC_BY_NAME) == len(SPECS)


def _slot_name(slot: Slot, where: Any) -> str:
    return where if isinstance(where, str) else (slot.name or f"arg{where}")


ARR_SHARE = (3, 1)  # bad objects per array slot: the first array argument, the others


def generated_cases() -> list["Case"]:
    cases: list[Case] = []
    rotation = 0
    for number, spec in enumerate(SPECS):
        slots = [(k, a) for k, a in enumerate(spec.args) if isinstance(a, Slot)] + \
            [(k, a) for k, a in spec.kwargs.items() if isinstance(a, Slot)]
        arr_slots = [slot for _, slot in slots if slot.kind == "arr"]
        for n, slot in enumerate(arr_slots):
            take = ARR_SHARE[0] if n == 0 else ARR_SHARE[1]
            slot.opts.setdefault("take", take)
            slot.opts.setdefault("rotate", rotation)
            rotation += take
        for where, slot in slots:
            for tag, bad, expect, words in mutations(slot):
                args, kwargs = list(spec.args), dict(spec.kwargs)
                if isinstance(where, int):
                    args[where] = bad
                else:
                    kwargs[where] = bad
                cases.append(Case(f"{spec.name}-{_slot_name(slot, where)}-{tag}",
                                  _caller(spec, args, kwargs), expect, words,
                                  f"{spec.name}({_show(args, kwargs)})"))
        # calls with an unknown keyword, nothing, and one positional argument too many
        cases.append(Case(f"{spec.name}-call-kw", _caller(spec, list(spec.args),
                                                          {**spec.kwargs, "bogus": 1}),
                          TypeError, ["bogus"], f"{spec.name}(..., bogus=1)"))
        # missing and extra arguments take the same path as an unknown keyword: every other
        # callable gets one of the two
        required = spec.args[:1] if spec.method else ()
        if len(spec.args) > len(required) and not spec.optional and number % 2 == 0:
            cases.append(Case(f"{spec.name}-call-missing", _caller(spec, list(required), {}),
                              TypeError, [], f"{spec.name}() without its arguments"))
        if not spec.varargs and spec.name not in ("asarray_list",) and number % 2 == 1:
            cases.append(Case(f"{spec.name}-call-extra",
                              _caller(spec, list(spec.args) + [E("x"), 1], spec.kwargs),
                              TypeError, [], f"{spec.name}(..., e.x, 1) (too many)"))
    return cases


def _caller(spec: Spec, args: list, kwargs: dict) -> Callable[[Env], Any]:
    return lambda env: spec.call(env, args, kwargs)


def _show(args: list, kwargs: dict) -> str:
    def one(a: Any) -> str:
        if isinstance(a, Slot):
            a = a.valid
        return repr(a)
    return ", ".join([one(a) for a in args] + [f"{k}={one(a)}" for k, a in kwargs.items()])


# ---------------------------------------------------------------------------------------------
# Rows, and what a row checks

class Later:
    """``expect`` of a row whose error comes when its result is realized (pending values are
    checked where they run), or at the call: ``Later(IndexError)``."""

    def __init__(self, expect: Any) -> None:
        self.expect = expect


class Case:
    """``call(env)`` must raise ``expect`` (a builtin, or a tuple: any of them) whose message
    holds every entry of ``words`` (a string, or a tuple: any of them); a ``Later`` expect may
    come from realizing the result instead. ``expect=None`` is a fuzz row: a result (which must
    then realize) or a clean lazyten error. ``protocol``: Python's own TypeError of the operator
    protocol (``NotImplemented`` from both sides) is fine too."""

    def __init__(self, id: str, call: Callable[[Env], Any], expect: Any, words: list = (),
                 text: str = "", protocol: bool = False) -> None:
        self.id, self.call, self.expect, self.words = id, call, expect, list(words)
        self.text, self.protocol = text or id, protocol


def _brief(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {msg[:160]}"


def _frames(exc: BaseException) -> list[tuple[str, int, str]]:
    out, tb = [], exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        out.append((os.path.abspath(code.co_filename), tb.tb_lineno, code.co_name))
        tb = tb.tb_next
    return out


def _where(frame: tuple[str, int, str]) -> str:
    path, line, name = frame
    shown = os.path.relpath(path, ROOT) if path.startswith(str(ROOT)) else \
        "/".join(Path(path).parts[-2:])
    return f"{shown}:{line} ({name})"


def traceback_problems(exc: BaseException) -> list[str]:
    """Frames that are neither the user's (this file) nor one lazyten boundary frame."""
    foreign, boundary = [], []
    for frame in _frames(exc):
        path, _, name = frame
        if path == THIS_FILE:
            continue
        if path.startswith(LIBRARY_DIRS) and \
                BOUNDARY_LINE in linecache.getline(path, frame[1]):
            boundary.append(frame)
        else:
            foreign.append(frame)
    problems = []
    if foreign:
        problems.append("traceback holds frames that are not the user's: " +
                        ", ".join(_where(f) for f in foreign[-3:]))
    if len(boundary) > 1:
        problems.append(f"{len(boundary)} boundary frames: " +
                        ", ".join(_where(f) for f in boundary))
    return problems


def innermost_library_frame(exc: BaseException) -> str:
    lib = [f for f in _frames(exc) if f[0].startswith(LIBRARY_DIRS)]
    return _where(lib[-1]) if lib else "-"


def _names(expect: Any) -> str:
    kinds = expect if isinstance(expect, tuple) else (expect,)
    return " or ".join(k.__name__ for k in kinds)


def exception_problems(case: Case, exc: BaseException) -> list[str]:
    problems = []
    if case.protocol and type(exc) is TypeError and not traceback_problems(exc):
        return []  # the operator protocol: both sides returned NotImplemented
    if not isinstance(exc, LazytenError):
        problems.append(f"not a LazytenError: {_brief(exc)} (from "
                        f"{innermost_library_frame(exc)})")
    expect = case.expect.expect if isinstance(case.expect, Later) else case.expect
    if expect is not None and not isinstance(exc, expect):
        problems.append(f"{_brief(exc)} is not a {_names(expect)}")
    problems += traceback_problems(exc)
    message = str(exc)
    for word in case.words:
        alternatives = word if isinstance(word, tuple) else (word,)
        if not any(a in message for a in alternatives):
            problems.append(f"message {message[:120]!r} does not name "
                            f"{' or '.join(map(repr, alternatives))}")
    return problems


def _arrays_in(result: Any) -> list:
    if isinstance(result, lt.Array):
        return [result]
    if isinstance(result, (tuple, list)):
        return [a for r in result for a in _arrays_in(r)]
    return []


def run_case(case: Case, env: Env | None = None) -> list[str]:
    """Every way the row breaks the error promise (empty: it keeps it)."""
    env = env or Env()
    problems: list[str] = []
    result = None
    try:
        result = case.call(env)
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, (KeyboardInterrupt, SystemExit)):
            raise
        problems += exception_problems(case, exc)
        del exc
    else:
        # the inputs first, while the result is alive and still pending: a bad op recorded now
        # must not make them fail later
        deferred = env.verify()
        if deferred:
            problems.append(deferred)
        later = None
        arrays = [a for a in _arrays_in(result) if not a._type.is_symbolic]
        if isinstance(case.expect, Later):
            try:
                lt.realize(*arrays)
            except BaseException as exc:  # noqa: BLE001
                problems += exception_problems(case, exc)
            else:
                problems.append("no error at the call, nor when its result was realized")
            del result
            deferred = env.verify()  # the failed realization leaves the inputs readable
            return problems + ([deferred] if deferred else [])
        if arrays and all(a.size <= 10 ** 6 for a in arrays):
            try:
                lt.realize(*arrays)
            except BaseException as exc:  # noqa: BLE001
                later = exc
        elif arrays:
            later = f"(not realized: {max(a.size for a in arrays)} elements)"
        if case.expect is not None:
            shape = "" if not arrays else f", shape {arrays[0].shape}"
            problems.append(f"no error at the call (returned {type(result).__name__}{shape})" +
                            (f"; realizing the result then raised {_brief(later)} from "
                             f"{innermost_library_frame(later)}"
                             if isinstance(later, BaseException) else
                             f"; {later}" if later else ""))
        elif isinstance(later, BaseException):
            problems.append(f"the call succeeded but realizing its result raised "
                            f"{_brief(later)} (from {innermost_library_frame(later)})")
        del result
        return problems
    deferred = env.verify()
    if deferred:
        problems.append(deferred)
    return problems


# ---------------------------------------------------------------------------------------------
# Hand-written rows: shapes, indexing, operators, conversions

def _setitem(target: Any, key: Any, value: Any) -> None:
    target[key] = value


def _iop(op: Callable, make: Callable[[Env], Any], other: Any) -> Callable[[Env], Any]:
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
                                                       else _tag(bad))
            words = [] if tag in FOREIGN else [_w(bad) + ("list", "object")]
            if sym == "%" and tag == "str":  # 'foo' % e.x is string formatting
                continue
            cases += [
                Case(f"op{sym}-{tag}", lambda e, op=op, a=a, bad=bad: op(getattr(e, a), bad),
                     TypeError, words, f"e.{a} {sym} {bad!r}", protocol=tag in FOREIGN),
                Case(f"rop{sym}-{tag}", lambda e, op=op, a=a, bad=bad: op(bad, getattr(e, a)),
                     TypeError, words, f"{bad!r} {sym} e.{a}", protocol=tag in FOREIGN),
                Case(f"iop{sym}-{tag}", _iop(iop, lambda e, a=a: getattr(e, a), bad),
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
            Case(f"iop{sym}-target-shape", _iop(iop, lambda e, a=a: getattr(e, a)[0], E(a)),
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
        ("iop+=-kind", _iop(operator.iadd, lambda e: e.i, 1.5), TypeError, ["float32", "i64"],
         "y = e.i + 0; y += 1.5"),
        ("iop/=-kind", _iop(operator.itruediv, lambda e: e.i, 2), TypeError, ["float32"],
         "y = e.i + 0; y /= 2"),
        ("op-bool-sub", lambda e: e.b - e.b, TypeError, ["bool"], "e.b - e.b"),
        ("op-bool-neg", lambda e: -e.b, TypeError, ["bool"], "-e.b"),
        ("op-float-invert", lambda e: ~e.x, TypeError, ["f32"], "~e.x"),
        ("op+-scalar-overflow", lambda e: e.u8 + 300, OverflowError, ["300", "uint8"],
         "e.u8 + 300"),
        ("op+-scalar-negative-unsigned", lambda e: e.u8 + (-1), OverflowError, ["-1", "uint8"],
         "e.u8 + (-1)"),
        ("iop+=-scalar-overflow", _iop(operator.iadd, lambda e: e.u8, 300), OverflowError,
         ["300"], "y = e.u8 + 0; y += 300"),
        ("op**-int-negative", lambda e: e.i ** -1, ValueError, ["-1"], "e.i ** -1"),
        ("op**-int-negative-numpy", lambda e: e.iv ** np.array([1, -1, 1, 1]), ValueError,
         ["negative"], "e.iv ** np.array([1, -1, 1, 1])"),
        ("op@-inner", lambda e: e.x @ e.x, ValueError, ["(3, 4)"], "e.x @ e.x"),
        ("op@-scalar", lambda e: e.x @ 2, ValueError, [], "e.x @ 2"),
        ("op@-0d", lambda e: e.s @ e.s, ValueError, [], "e.s @ e.s"),
        ("iop@=-shape", _iop(operator.imatmul, lambda e: e.x, E("v")), ValueError,
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
    ("object", OPAQUE, IndexError, [_w(OPAQUE)]),
    ("complex", 1j, IndexError, ["complex"]),
    ("step0", slice(None, None, 0), (IndexError, ValueError), ["zero"]),
    ("step0-second", (0, slice(0, 2, 0)), (IndexError, ValueError), ["zero"]),
    ("slice-str", slice("a", None), IndexError, [_w("a")]),
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
    ("str", "a", TypeError, [_w("a")]), ("None", None, TypeError, ["None"]),
    ("complex", 1j, TypeError, ["complex"]), ("object", OPAQUE, TypeError, [_w(OPAQUE)]),
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
         ["6", "test_error_fuzz.py"], "lt.take(e.v, e.idx * 3)"),
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
         ["test_error_fuzz.py"], "lt.take_along_axis(e.x, e.tidx * 2, axis=1)"),
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
        ("matrix_power-negative", lambda e: lt.linalg.matrix_power(e.sq, -1), ValueError, [],
         "lt.linalg.matrix_power(e.sq, -1)"),
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


# ---------------------------------------------------------------------------------------------
# lt.compile misuse

def _f2(x: Any, y: Any) -> Any:
    return x * y


def _fn_static(x: Any, n: Any) -> Any:
    return x * 2


def _returns(value: Callable[[Any], Any]) -> Callable[[Env], Any]:
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
        ("compile-int", lambda e: lt.compile(5), TypeError, [_w(5)], "lt.compile(5)"),
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
        ("Compiled-int", lambda e: lt.Compiled(5), TypeError, [_w(5)], "lt.Compiled(5)"),
        ("call-too-few", lambda e: lt.compile(_f2)(e.x), TypeError, ["y"], "f(e.x)"),
        ("call-too-many", lambda e: lt.compile(_f2)(e.x, e.x, e.x), TypeError, [],
         "f(e.x, e.x, e.x)"),
        ("call-kw", lambda e: lt.compile(_f2)(e.x, e.x, bogus=1), TypeError, ["bogus"],
         "f(e.x, e.x, bogus=1)"),
        ("call-str", lambda e: lt.compile(_f2)("foo", e.x), TypeError, ["str"],
         "f('foo', e.x)"),
        ("call-None", lambda e: lt.compile(_f2)(None, e.x), TypeError, ["None"],
         "f(None, e.x)"),
        ("call-complex", lambda e: lt.compile(_f2)(1j, e.x), TypeError, ["complex"],
         "f(1j, e.x)"),
        ("call-object", lambda e: lt.compile(_f2)(OPAQUE, e.x), TypeError, [_w(OPAQUE)],
         "f(<opaque>, e.x)"),
        ("call-set", lambda e: lt.compile(_f2)({1, 2}, e.x), TypeError, ["set"],
         "f({1, 2}, e.x)"),
        ("call-numpy-str", lambda e: lt.compile(_f2)(np.array(["a"]), e.x), TypeError,
         [("<U1", "str")], "f(np.array(['a']), e.x)"),
        ("call-numpy-complex", lambda e: lt.compile(_f2)(np.ones(2, np.complex64), e.x),
         TypeError, ["complex64"], "f(np.ones(2, np.complex64), e.x)"),
        ("call-spec", lambda e: lt.compile(_f2)(lt.spec((3, 4)), e.x), TypeError, ["lower"],
         "f(lt.spec((3, 4)), e.x)"),
        ("call-shapes", lambda e: lt.compile(_f2)(e.x, e.c3), ValueError, ["(3, 4)", "(2, 3)"],
         "f(e.x, e.c3) with f = x * y"),
        ("call-dtypes", lambda e: lt.compile(lambda a, b: a & b)(e.x, e.x), TypeError, ["f32"],
         "f(e.x, e.x) with f = a & b"),
        ("call-static-unhashable",
         lambda e: lt.compile(_fn_static, static_argnames=("n",))(e.x, n=[1]), TypeError,
         ["n", "hashable"], "f(e.x, n=[1]) with static n"),
        ("return-str", _returns(lambda x: "foo"), TypeError, ["str"], "f returns 'foo'"),
        ("return-object", _returns(lambda x: OPAQUE), TypeError, [_w(OPAQUE)],
         "f returns <opaque>"),
        ("return-tuple-str", _returns(lambda x: (x, "a")), TypeError, ["str"],
         "f returns (x, 'a')"),
        ("return-generator", _returns(lambda x: (y for y in [x])), TypeError, ["generator"],
         "f returns a generator"),
        ("return-complex", _returns(lambda x: 1j), TypeError, ["complex"], "f returns 1j"),
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
        ("export-int", lambda e: lt.export(5, s34), TypeError, [_w(5)], "lt.export(5, spec)"),
        ("export-missing", lambda e: lt.export(_f2), TypeError, ["x"], "lt.export(f)"),
        ("save-path", lambda e: lt.save(_f2, MISSING_DIR, s34, s34), OSError,
         ["nonexistent-lazyten-dir"], "lt.save(f, '/nonexistent-lazyten-dir/m.onnx', ...)"),
        ("save-object-path", lambda e: lt.save(_f2, OPAQUE, s34, s34), TypeError,
         [_w(OPAQUE)], "lt.save(f, <opaque>, spec, spec)"),
    ]
    return [Case(*r) for r in rows]


# ---------------------------------------------------------------------------------------------
# Fuzz rows: a result (which must realize) or a clean lazyten error

FUZZ_DTYPES = [lt.bool, lt.uint64]


def fuzz_cases() -> list[Case]:
    cases = []
    for spec in SPECS:  # 0-d inputs to the functions that take an axis
        axis_keys = [k for k, a in list(enumerate(spec.args)) + list(spec.kwargs.items())
                     if isinstance(a, Slot) and a.kind == "axis"]
        first = spec.args[0] if spec.args else None
        if spec.method or not axis_keys or not (isinstance(first, Slot) and first.kind == "arr"):
            continue
        args, kwargs = [E("s")] + list(spec.args[1:]), dict(spec.kwargs)
        for k in axis_keys:
            if isinstance(k, int):
                args[k] = 0
            else:
                kwargs[k] = 0
        if spec.name == "take_along_axis":
            args[1] = E("si")
        if spec.name in ("concat", "cat", "stack"):
            continue
        cases.append(Case(f"fuzz-0d-{spec.name}", _caller(spec, args, kwargs), None, [],
                          f"{spec.name}({_show(args, kwargs)})"))
    for dt in FUZZ_DTYPES:
        make = (lambda e, dt=dt: lt.ones((2, 3), dtype=dt))
        for name in UNARY_FLOAT + ["bitwise_invert", "logical_not"]:
            fn = getattr(lt, name)
            cases.append(Case(f"fuzz-dtype-{name}-{dt.name}",
                              lambda e, fn=fn, make=make: fn(make(e)), None, [],
                              f"lt.{name}(lt.ones((2, 3), dtype=lt.{dt.name}))"))
        for name in BINARY_FLOAT + BINARY_INT:
            fn = getattr(lt, name)
            cases.append(Case(f"fuzz-dtype-{name}-{dt.name}",
                              lambda e, fn=fn, make=make: fn(make(e), make(e)), None, [],
                              f"lt.{name}(a, a) with a of dtype {dt.name}"))
    cases.append(Case("fuzz-arange-bool", lambda e: lt.arange(3, dtype=lt.bool), None, [],
                      "lt.arange(3, dtype=lt.bool)"))
    cases.append(Case("fuzz-return-None", _returns(lambda x: None), None, [],
                      "a compiled function returning None"))
    return cases


def all_cases() -> list[Case]:
    cases = (generated_cases() + operator_cases() + conversion_cases() + indexing_cases() +
             shape_cases() + compile_cases() + fuzz_cases())
    ids = [c.id for c in cases]
    assert len(set(ids)) == len(ids), [i for i in ids if ids.count(i) > 1][:5]
    return cases


# ---------------------------------------------------------------------------------------------
# The command line: a bad invocation prints one line, exits with 2, and shows no traceback

CLI_MODULE = textwrap.dedent("""
    import lazyten as lt

    CONST = 3

    def model(x, w):
        return lt.maximum(x @ w, 0) * 2 + 1

    def bad_shapes(x):
        return x + lt.ones((7,))
""")
ARGS = ["--arg", "x=f32[3,4]", "--arg", "w=f32[4,3]"]


def _onnx_files(folder: Path) -> None:
    (folder / "garbage.onnx").write_bytes(b"hello world, this is no model")
    (folder / "empty.onnx").write_bytes(b"")
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 2])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 2])
    w = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[2, 2], raw_data=b"\0" * 12)
    graph = helper.make_graph([helper.make_node("Add", ["x", "w"], ["y"])], "g", [x], [y], [w])
    onnx.save(helper.make_model(graph), str(folder / "bad_initializer.onnx"))
    bad_type = helper.make_tensor_value_info("x", 999, [2])
    graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "g", [bad_type],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
    onnx.save(helper.make_model(graph), str(folder / "bad_elem_type.onnx"))


CLI_CASES = [
    ("export-no-module", ["export", "nosuchmodule:f", "-o", "m.onnx"], ["nosuchmodule"]),
    ("export-out-missing-dir", ["export", "mymodel:model", *ARGS, "-o", "no/such/dir/m.onnx"],
     ["no/such/dir"]),
    ("export-out-is-dir", ["export", "mymodel:model", *ARGS, "-o", "."], ["."]),
    ("export-arg-missing", ["export", "mymodel:model", "--arg", "x=f32[3,4]", "-o", "m.onnx"],
     ["w"]),
    ("export-arg-unknown", ["export", "mymodel:model", *ARGS, "--arg", "z=f32[1]", "-o",
                            "m.onnx"], ["z"]),
    ("export-arg-bad-dtype", ["export", "mymodel:model", "--arg", "x=foo[3,4]", "--arg",
                              "w=f32[4,3]", "-o", "m.onnx"], ["foo"]),
    ("export-arg-no-equals", ["export", "mymodel:model", "--arg", "x", "-o", "m.onnx"], ["x"]),
    ("export-arg-unclosed", ["export", "mymodel:model", "--arg", "x=f32[3,4", "--arg",
                             "w=f32[4,3]", "-o", "m.onnx"], ["f32[3,4"]),
    ("export-arg-negative-dim", ["export", "mymodel:model", "--arg", "x=f32[3,4]", "--arg",
                                 "w=f32[4,-3]", "-o", "m.onnx"], ["-3"]),
    ("export-arg-float-dim", ["export", "mymodel:model", "--arg", "x=f32[3,4]", "--arg",
                              "w=f32[4,2.5]", "-o", "m.onnx"], ["2.5"]),
    ("export-arg-shapes", ["export", "mymodel:model", "--arg", "x=f32[3,5]", "--arg",
                           "w=f32[4,3]", "-o", "m.onnx"], ["(3, 5)", "(4, 3)"]),
    ("export-not-callable", ["export", "mymodel:CONST", "-o", "m.onnx"], ["CONST"]),
    ("export-shape-error", ["export", "mymodel:bad_shapes", "--arg", "x=f32[3]", "-o",
                            "m.onnx"], ["(3,)", "(7,)"]),
    ("export-syntax-error", ["export", "broken:f", "-o", "m.onnx"], ["broken"]),
    ("export-import-raises", ["export", "raises:f", "-o", "m.onnx"], ["boom"]),
    ("export-no-target", ["export", "mymodel", "-o", "m.onnx"], ["MODULE:FUNC"]),
    ("dump-after-unknown", ["dump", "mymodel:model", *ARGS, "--after", "nope"], ["nope"]),
    ("inspect-missing", ["inspect", "missing.onnx"], ["missing.onnx"]),
    ("inspect-garbage", ["inspect", "garbage.onnx"], ["garbage.onnx"]),
    ("inspect-directory", ["inspect", "."], ["."]),
    ("inspect-empty", ["inspect", "empty.onnx"], ["empty.onnx"]),
    ("inspect-bad-initializer", ["inspect", "bad_initializer.onnx"], ["w"]),
    ("inspect-bad-elem-type", ["inspect", "bad_elem_type.onnx"], ["999"]),
]


@pytest.fixture
def cli_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "mymodel.py").write_text(CLI_MODULE)
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n")
    (tmp_path / "raises.py").write_text("raise RuntimeError('boom at import')\n")
    _onnx_files(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("mymodel", "broken", "raises"):
        sys.modules.pop(name, None)
    return tmp_path


def cli_problems(argv: list[str], words: list[str], capsys: pytest.CaptureFixture) -> list[str]:
    """Everything wrong with ``lazyten *argv`` (run in this process: an exception out of
    ``main`` is what the installed command prints as a traceback)."""
    from lazyten.cli import main
    problems = []
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, KeyboardInterrupt):
            raise
        problems.append(f"the command prints a traceback: {_brief(exc)} from "
                        f"{innermost_library_frame(exc)}")
        code = None
    err = capsys.readouterr().err.strip()
    if code is not None:
        if code in (0, None):
            problems.append(f"exit status {code}, not an error")
        lines = err.splitlines()
        if len(lines) != 1:
            problems.append(f"stderr has {len(lines)} lines, not one: {err[:200]!r}")
        if "Traceback" in err:
            problems.append("stderr shows a traceback")
        problems += [f"stderr {err[:160]!r} does not name {w!r}" for w in words
                     if w not in err]
    return problems


# ---------------------------------------------------------------------------------------------
# Rows that fail today: reason -> ids (delete an id once its row passes; strict xfail says so)

KNOWN: dict[str, str] = {
# <known>
}
# </known>
KNOWN_CLI: dict[str, str] = {
# <known-cli>
}
# </known-cli>

KNOWN_REASON = {case_id: reason for reason, ids in KNOWN.items() for case_id in ids.split()}


def known_reason(case_id: str) -> str | None:
    return KNOWN_REASON.get(case_id)


def _param(case: Case) -> Any:
    reason = known_reason(case.id)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(case, id=case.id, marks=marks)


CASES = all_cases()


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_bad_call_raises_a_clean_lazyten_error_at_the_call(case: Case) -> None:
    problems = run_case(case)
    if problems:  # pytrace=False: no traceback to format (each would parse this whole file)
        pytest.fail(f"{case.text}:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_the_valid_call_of_each_row_works(spec: Spec) -> None:
    """The table's valid calls succeed, so each mutation is the only thing wrong in its row."""
    env = Env()
    result = spec.call(env)
    arrays = _arrays_in(result)
    if arrays:
        lt.realize(*arrays)
    assert env.verify() is None


# Shifts keep NumPy's semantics rather than raise: a count that is negative, or the bit width
# or more, shifts every bit out (0, and -1 for negative values shifted right)
_I, _IV = EXPECTED["i"], EXPECTED["iv"]
NEGATIVE_SHIFTS = [
    ("op>>-negative", lambda e: e.i >> -1, lambda: _I >> -1),
    ("op<<-negative", lambda e: e.i << -1, lambda: _I << -1),
    ("iop>>=-negative", _iop(operator.irshift, lambda e: e.i, -1), lambda: _I >> -1),
    ("bitwise_left_shift-negative", lambda e: lt.bitwise_left_shift(e.iv, -2),
     lambda: _IV << -2),
    ("bitwise_right_shift-negative-numpy",
     lambda e: lt.bitwise_right_shift(e.iv, np.array([-1, 0, 0, 0])),
     lambda: _IV >> np.array([-1, 0, 0, 0])),
    ("op<<-negative-data", lambda e: e.iv << lt.asarray([0, -3, 0, 0]),
     lambda: _IV << np.array([0, -3, 0, 0])),
    ("op>>-negative-values", lambda e: (e.iv - 2) >> lt.asarray([-1, 64, 1, 70]),
     lambda: (_IV - 2) >> np.array([-1, 64, 1, 70])),
]


@pytest.mark.parametrize("call, numpy", [pytest.param(c, n, id=name)
                                         for name, c, n in NEGATIVE_SHIFTS])
def test_shifts_by_negative_or_too_wide_counts_give_numpys_result(call: Callable,
                                                                  numpy: Callable) -> None:
    env = Env()
    got, want = call(env).numpy(), numpy()
    assert got.dtype == want.dtype and np.array_equal(got, want), (got, want)
    assert env.verify() is None


# every public callable has rows: a new function gets them by being added to SPECS
COVERED_ELSEWHERE = {"compile", "export", "save", "Compiled", "device_scope", "Device",
                     "clear_caches", "cat", "sum", "zeros_like", "ones_like", "empty_like"}
NOT_CALLABLES_TO_FUZZ = {"Any", "ArgSpec", "Array", "DType", "AxisError", "BackendError",
                         "DTypeError", "DeviceError", "LazytenError", "OutOfMemoryError",
                         "ShapeError", "TraceError"}


def test_every_public_callable_is_in_the_table() -> None:
    names = {n.split(".", 1)[-1] if n.startswith(("linalg.", "fft.")) else n for n in
             SPEC_BY_NAME}
    missing = []
    for prefix, module in (("", lt), ("linalg.", lt.linalg), ("fft.", lt.fft)):
        public = getattr(module, "__all__", None) or [n for n in dir(module)
                                                      if not n.startswith("_")]
        for name in public:
            if callable(getattr(module, name)) and name not in NOT_CALLABLES_TO_FUZZ and \
                    name not in COVERED_ELSEWHERE and prefix + name not in SPEC_BY_NAME and \
                    not (prefix == "" and name in names):
                missing.append(prefix + name)
    assert not missing, f"public callables without rows in SPECS: {missing}"


@pytest.mark.parametrize("argv, words", [
    pytest.param(argv, words, id=name,
                 marks=[pytest.mark.xfail(strict=True, reason=KNOWN_CLI[name])]
                 if name in KNOWN_CLI else [])
    for name, argv, words in CLI_CASES])
def test_cli_misuse_prints_one_line_and_exits_2(cli_dir: Path, capsys: pytest.CaptureFixture,
                                                argv: list[str], words: list[str]) -> None:
    problems = cli_problems(argv, words, capsys)
    if problems:
        pytest.fail(f"lazyten {' '.join(argv)}:\n  " + "\n  ".join(problems), pytrace=False)


def test_the_installed_command_reports_a_bad_model_in_one_line(tmp_path: Path) -> None:
    """The console script itself (the rows above call ``main`` in this process)."""
    command = Path(sys.executable).with_name("lazyten")
    if not command.exists():
        pytest.skip(f"no installed lazyten command next to {sys.executable}")
    (tmp_path / "garbage.onnx").write_bytes(b"hello world, this is no model")
    proc = subprocess.run([str(command), "inspect", "garbage.onnx"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, \
        proc.stderr
    assert "garbage.onnx" in proc.stderr
