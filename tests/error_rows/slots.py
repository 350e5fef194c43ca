"""Slots: a valid value plus the kind of bad values to put in its place."""
from __future__ import annotations

from typing import Any

import numpy as np

from .checks import Later
from .environment import AXIS_ERR, E, I64_PAST, L, MANY, OPAQUE, Env, Opaque


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


def W(value: Any) -> tuple[str, ...]:  # noqa: N802 - short, like E and L, for the tables
    """Words a message about ``value`` may use: its repr or its type's name."""
    return (repr(value), type(value).__name__)


BAD_OBJECTS = ["foo", None, {"a": 1}, OPAQUE, ["a", "b"], [1, None]]
TAG = {"foo": "str", None: "None", 1j: "complex"}


def tag_of(value: Any) -> str:
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
                                                       else tag_of(bad))
            out.append((tag, bad, TypeError, [W(bad) + ("list", "object")]))
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
        out += [("str", "a", TypeError, [W("a")]), ("float", 1.0, TypeError, [W(1.0)]),
                ("bool", True, TypeError, [W(True)]),
                ("npfloat", np.float64(1.0), TypeError, [("1.0", "float")]),
                ("complex", 1j, TypeError, [W(1j)]),
                ("object", OPAQUE, TypeError, [W(OPAQUE)]),
                ("range", 7, IndexError if o.get("insert") else AXIS_ERR, ["7"]),
                ("negrange", -7, IndexError if o.get("insert") else AXIS_ERR, ["-7"])]
        if o.get("insert"):
            out.append(("huge", 2 ** 70, IndexError, [str(2 ** 70)]))
        if not o.get("none_ok"):
            out.append(("None", None, TypeError, [("None",)]))
        if o.get("tuple_ok"):
            out += [("dup", (1, 1), ValueError, [("repeated", "duplicate")]),
                    ("tuple_str", (0, "a"), TypeError, [W("a")]),
                    ("tuple_range", (0, 7), AXIS_ERR, ["7"])]
    elif kind == "dtype":
        out += [("name", "foo", TypeError, ["foo"]),
                ("datetime", np.datetime64, TypeError, ["datetime64"]),
                ("object", object, TypeError, ["object"]),
                ("str_type", str, TypeError, [("<U", "str")]),
                ("int", 5, TypeError, ["5"]),
                ("empty_dict", {}, TypeError, [("{}", "dict", "[]")])]
    elif kind == "shape":
        out += [("neg", -1, ValueError, ["-1"]), ("neg_tuple", (2, -1), ValueError, ["-1"]),
                ("float", 2.5, TypeError, ["2.5"]), ("float_tuple", (2, 2.5), TypeError, ["2.5"]),
                ("str", "3", TypeError, [W("3")]), ("str_tuple", (2, "a"), TypeError, [W("a")]),
                ("None", None, TypeError, ["None"]), ("bool", True, TypeError, [W(True)]),
                ("bool_tuple", (True, 2), TypeError, [W(True)]),
                ("npfloat", np.float64(3.0), TypeError, [("3.0", "float")]),
                ("complex", 1j, TypeError, [W(1j)]),
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
                ("str", "3", TypeError, [W("3")]), ("bool", True, TypeError, [W(True)]),
                ("complex", 1j, TypeError, [W(1j)])]
        if not o.get("none_ok"):
            out.append(("None", None, TypeError, ["None"]))
        if o.get("huge"):  # NumPy refuses these sizes without allocating
            out.append(("huge", 2 ** 62, (ValueError, MemoryError), [str(2 ** 62)]))
    elif kind == "int":  # any integer
        out += [("str", "a", TypeError, [W("a")]), ("float", 1.5, TypeError, ["1.5"]),
                ("bool", True, TypeError, [W(True)]), ("complex", 1j, TypeError, [W(1j)])]
        if not o.get("none_ok"):
            out.append(("None", None, TypeError, ["None"]))
    elif kind == "num":  # a real number
        out += [("str", "a", TypeError, [W("a")]), ("complex", 1j, TypeError, [W(1j)]),
                ("object", OPAQUE, TypeError, [W(OPAQUE)])]
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
        out += [("str", "a", TypeError, [W("a")]), ("None", None, TypeError, ["None"]),
                ("object", OPAQUE, TypeError, [W(OPAQUE)])]
    elif kind == "seq":  # a sequence of arrays
        out += [("empty", [], ValueError, []),
                ("str_item", L(lambda e: [e.x, "a"], "[e.x, 'a']"), TypeError, [W("a")]),
                ("int", 5, TypeError, [W(5)]), ("None", None, TypeError, ["None"]),
                ("mismatch", L(lambda e: [e.x, e.c3], "[e.x, e.c3]"), ValueError,
                 ["(3, 4)", "(2, 3)"])]
    elif kind == "perm":
        out += [("range", (0, 5), AXIS_ERR, ["5"]), ("dup", (0, 0), ValueError, ["(0, 0)"]),
                ("str", (0, "a"), TypeError, [W("a")]), ("int", 5, TypeError, ["5"]),
                ("float", (0, 1.0), TypeError, ["1.0"]), ("long", (0, 1, 2), ValueError,
                                                          ["(0, 1, 2)"])]
        if not o.get("none_ok"):
            out.append(("None", None, TypeError, ["None"]))
    elif kind == "newshape":  # reshape's target
        out += [("mismatch", (5, 2), ValueError, ["(5, 2)", "(3, 4)"]),
                ("two_infer", (-1, -1), ValueError, ["-1"]),
                ("neg", (-2, -6), ValueError, ["-2"]),
                ("float", (3.0, 4), TypeError, ["3.0"]), ("str", ("3", 4), TypeError, [W("3")]),
                ("strshape", "ab", TypeError, [W("ab")]), ("None", None, TypeError, ["None"]),
                ("bool", (True, 12), TypeError, [W(True)]),
                ("int_mismatch", 5, ValueError, ["5"])]
    elif kind == "bshape":  # broadcast_to's target
        out += [("mismatch", (2,), ValueError, ["(2,)", "(4,)"]),
                ("neg", (3, -4), ValueError, ["-4"]), ("float", (3, 4.5), TypeError, ["4.5"]),
                ("str", "ab", TypeError, [W("ab")]), ("None", None, TypeError, ["None"]),
                ("int_mismatch", 5, ValueError, ["5"])]
    elif kind == "reps":  # tile's repetitions
        out += [("neg", (2, -1), ValueError, ["-1"]), ("float", (2.5,), TypeError, ["2.5"]),
                ("str", (2, "a"), TypeError, [W("a")]), ("None", None, TypeError, ["None"])]
    elif kind == "tdaxes":  # tensordot's axes
        out += [("neg", -1, ValueError, ["-1"]), ("big", 3, ValueError, ["3"]),
                ("str", "a", TypeError, [W("a")]), ("float", 1.5, TypeError, ["1.5"]),
                ("range", ((0,), (5,)), AXIS_ERR, ["5"]),
                ("uneven", ((0, 1), (0,)), ValueError, ["(0, 1)"])]
    elif kind == "kind":  # isdtype's kind
        out += [("bogus", "bogus kind", (ValueError, TypeError), ["bogus kind"]),
                ("int", 5, TypeError, ["5"])]
    elif kind == "ndarray":
        out += [("list", [1, 2], TypeError, ["list"]), ("str", "a", TypeError, [W("a")]),
                ("datetime", np.array(["2024-01-01"], "datetime64[D]"), TypeError,
                 ["datetime64"]),
                ("object", np.array([None]), TypeError, ["object"]),
                ("unicode", np.array(["a"]), TypeError, [("<U1", "U1", "str")])]
    elif kind == "ord":
        out += [("str", "a", ValueError, [W("a")]), ("None", None, TypeError, ["None"])]
    elif kind == "einsum":  # einsum's subscripts, for operands of shapes (3, 4) and (4,)
        out += [("int", 5, TypeError, ["5"]), ("None", None, TypeError, ["None"]),
                ("char", "ij,j->i!", ValueError, ["'!'"]), ("count", "ij->i", TypeError,
                                                               ["1", "2"]),
                ("size", "ij,i->i", ValueError, ["(3, 4)", "(4,)"]),
                ("rank", "ijk,j->i", ValueError, ["(3, 4)"]),
                ("label", "ij,j->k", ValueError, ["'k'"]), ("twice", "ij,j->ii", ValueError,
                                                           ["'i'"]),
                ("dots", "...,j->j", ValueError, ["'...'"])]
    elif kind == "matord":
        out += [("bogus", "bogus", ValueError, ["bogus"]), ("three", 3, ValueError, ["3"])]
    elif kind == "seed":
        out += [("str", "a", TypeError, [W("a")]), ("float", 1.5, TypeError, ["1.5"]),
                ("neg", -1, ValueError, ["-1"]), ("None", None, TypeError, ["None"])]
    else:
        raise AssertionError(kind)
    return out


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
