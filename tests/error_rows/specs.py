"""The callables: one valid call each, its slots mutated into the generated rows."""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

import lazyten as lt

from .checks import Case
from .environment import E, Env
from .slots import (Arr, Axis, Choice, Count, Dev, Dt, Fill, Int, Num, Shape, Slot, mutations,
                    resolve)


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
    Spec("concatenate", lt.concatenate, Slot("seq", [x, x], "arrays"),
         axis=Axis(1, none_ok=True)),
    Spec("transpose", lt.transpose, Arr("x"), Slot("perm", (1, 0), "axes", none_ok=True)),
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
    Spec("einsum", lt.einsum, Slot("einsum", "ij,j->i", "subscripts"), Arr("x", "a"),
         Arr("v", "b"), varargs=True),
    Spec("linalg.cross", lt.linalg.cross, Arr("c3", "x1"), Arr("c3", "x2"), axis=Axis(-1)),
    Spec("linalg.det", lt.linalg.det, Arr("sq")),
    Spec("linalg.diagonal", lt.linalg.diagonal, Arr("x"), offset=Int(1)),
    Spec("linalg.matmul", lt.linalg.matmul, Arr("x", "x1"), Arr("v", "x2")),
    Spec("linalg.matrix_norm", lt.linalg.matrix_norm, Arr("sq"), ord=Slot("matord", "fro")),
    Spec("linalg.matrix_power", lt.linalg.matrix_power, Arr("sq"), Int(2, "n")),
    Spec("linalg.inv", lt.linalg.inv, Arr("sq")),
    Spec("linalg.cholesky", lt.linalg.cholesky, Arr("sq")),
    Spec("linalg.qr", lt.linalg.qr, Arr("sq"), mode=Choice("reduced")),
    Spec("linalg.eigh", lt.linalg.eigh, Arr("sq")),
    Spec("linalg.eigvalsh", lt.linalg.eigvalsh, Arr("sq")),
    Spec("linalg.svd", lt.linalg.svd, Arr("sq")),
    Spec("linalg.svdvals", lt.linalg.svdvals, Arr("sq")),
    Spec("linalg.slogdet", lt.linalg.slogdet, Arr("sq")),
    Spec("linalg.pinv", lt.linalg.pinv, Arr("sq"), rtol=Num(1e-6, none_ok=True)),
    Spec("linalg.matrix_rank", lt.linalg.matrix_rank, Arr("sq"), rtol=Num(1e-6, none_ok=True)),
    Spec("linalg.solve", lt.linalg.solve, Arr("sq", "x1"), Arr("sq", "x2")),
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
    *[Spec(f"fft.{name}", getattr(lt.fft, name), Arr("x"), n=Count(3, none_ok=True),
           axis=Axis(1), norm=Choice("ortho"))
      for name in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft")],
    *[Spec(f"fft.{name}", getattr(lt.fft, name), Arr("x"), axes=Axis(1, **AX),
           norm=Choice("forward"))
      for name in ("fftn", "ifftn", "rfftn", "irfftn")],
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
    Spec("array", lt.array, Arr("x", "obj"), dtype=Dt(lt.int32), device=Dev()),
    Spec("from_numpy", lt.from_numpy, Slot("ndarray", np.ones(3, np.float32), "a")),
    Spec("from_dlpack", lt.from_dlpack, Slot("ndarray", np.ones(3, np.float32), "x")),
    Spec("eye", lt.eye, Count(3, "n_rows", huge=True), Count(4, "n_cols", none_ok=True),
         k=Int(1), dtype=Dt(lt.int32), device=Dev()),
    Spec("linspace", lt.linspace, Num(0.0, "start", skip=("complex",)),
         Num(1.0, "stop", skip=("complex",)),
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
         method=True, optional=True),  # x.transpose() reverses the axes
    Spec("Array.clip", _m("clip"), x, Arr("s", "min", none_ok=True), method=True,
         optional=True),
    Spec("Array.flatten", _m("flatten"), x, method=True),
    Spec("Array.argmax_dim", _m("argmax"), x, dim=Axis(1, none_ok=True), method=True),
    Spec("Array.any_dim", _m("any"), x, dim=Axis(1, **AX), method=True),
    Spec("Array.t", _m("t"), x, method=True),
    Spec("Array.float", _m("float"), x, method=True),
    Spec("Array.exp", _m("exp"), x, method=True),
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
                                  caller(spec, args, kwargs), expect, words,
                                  f"{spec.name}({show(args, kwargs)})"))
        # calls with an unknown keyword, nothing, and one positional argument too many
        cases.append(Case(f"{spec.name}-call-kw", caller(spec, list(spec.args),
                                                          {**spec.kwargs, "bogus": 1}),
                          TypeError, ["bogus"], f"{spec.name}(..., bogus=1)"))
        # missing and extra arguments take the same path as an unknown keyword: every other
        # callable gets one of the two
        required = spec.args[:1] if spec.method else ()
        if len(spec.args) > len(required) and not spec.optional and number % 2 == 0:
            cases.append(Case(f"{spec.name}-call-missing", caller(spec, list(required), {}),
                              TypeError, [], f"{spec.name}() without its arguments"))
        if not spec.varargs and spec.name not in ("asarray_list",) and number % 2 == 1:
            cases.append(Case(f"{spec.name}-call-extra",
                              caller(spec, list(spec.args) + [E("x"), 1], spec.kwargs),
                              TypeError, [], f"{spec.name}(..., e.x, 1) (too many)"))
    return cases


def caller(spec: Spec, args: list, kwargs: dict) -> Callable[[Env], Any]:
    return lambda env: spec.call(env, args, kwargs)


def show(args: list, kwargs: dict) -> str:
    def one(a: Any) -> str:
        if isinstance(a, Slot):
            a = a.valid
        return repr(a)
    return ", ".join([one(a) for a in args] + [f"{k}={one(a)}" for k, a in kwargs.items()])
