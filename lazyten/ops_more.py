"""IR ops for the rest of the Array API: more elementwise math, search, scan and sort, gathers
and the determinant. Imported at the bottom of ``ops.py`` so ``OPS`` is complete.

Where onnxruntime's CPU kernels lack float64 (Tan, Asin, Acos, Atan, Sinh, Cosh, Asinh, Acosh,
Atanh, Det), the lowering uses a closed form in float64 ``Exp``/``Log``/``Sqrt``/``Sin``/``Cos``
or a float32 start refined by one float64 Newton step, so float64 keeps (nearly) full precision.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from . import dtypes as D
from .dtypes import DType
from .errors import DTypeError, ShapeError
from .ir import Node, TensorType
from .ops import (F_OK, INT64_MIN, Emitter, LowerFn, _check_dtypes, _where,
                  compute_dtype, defop, elementwise_infer, i64, scalar, via)

F32_ONLY = frozenset({D.float16, D.float32})


# ---------------------------------------------------------------------------------------------
# Float64 fallbacks (formulas in ONNX ops that have float64 kernels)

def _c(em: Emitter, v: float, dt: DType) -> str:
    return scalar(em, v, dt)


def _keep_zero(em: Emitter, x: str, y: str, dt: DType) -> str:
    """``y`` where x is non-zero and not NaN, else x itself (keeps -0.0 and NaN exact).

    x rides in Where's second branch: onnxruntime turns a -0.0 picked from the first into +0.0.
    """
    return em.op("Where", em.op("Greater", em.op("Abs", x), _c(em, 0.0, dt)), y, x)


def _signed(em: Emitter, x: str, mag: str, dt: DType) -> str:
    """``mag`` with the sign of x (a multiply by +-1, so signed zeros survive)."""
    sgn = em.op("Where", em.op("Less", x, _c(em, 0.0, dt)), _c(em, -1.0, dt), _c(em, 1.0, dt))
    return em.op("Mul", mag, sgn)


def log1p_f(em: Emitter, x: str, dt: DType) -> str:
    """Kahan's log1p: log(u) * x / (u - 1) with u = 1 + x, exact where u == 1."""
    u = em.op("Add", x, _c(em, 1.0, dt))
    um1 = em.op("Sub", u, _c(em, 1.0, dt))
    is_one = em.op("Equal", um1, _c(em, 0.0, dt))
    safe = em.op("Where", is_one, _c(em, 1.0, dt), um1)
    y = em.op("Div", em.op("Mul", em.op("Log", u), x), safe)
    big = em.op("IsInf", u)
    y = em.op("Where", big, u, y)
    return em.op("Where", em.op("Greater", em.op("Abs", um1), _c(em, 0.0, dt)), y, x)


def expm1_f(em: Emitter, x: str, dt: DType) -> str:
    """Kahan's expm1: (u - 1) * x / log(u) with u = exp(x), exact where u == 1."""
    u = em.op("Exp", x)
    lu = em.op("Log", u)
    is_one = em.op("Equal", lu, _c(em, 0.0, dt))
    safe = em.op("Where", is_one, _c(em, 1.0, dt), lu)
    y = em.op("Div", em.op("Mul", em.op("Sub", u, _c(em, 1.0, dt)), x), safe)
    y = em.op("Where", em.op("IsInf", u), u, y)
    y = em.op("Where", em.op("Equal", u, _c(em, 0.0, dt)), _c(em, -1.0, dt), y)
    return _keep_zero(em, x, em.op("Where", is_one, x, y), dt)


def _atan64(em: Emitter, x: str, dt: DType) -> str:
    a = em.op("Abs", x)
    y0 = em.cast(em.op("Atan", em.cast(a, D.float32)), dt)
    s, c = em.op("Sin", y0), em.op("Cos", y0)
    y1 = em.op("Sub", y0, em.op("Sub", em.op("Mul", s, c), em.op("Mul", a, em.op("Mul", c, c))))
    far = em.op("Sub", _c(em, np.pi / 2, dt), em.op("Div", _c(em, 1.0, dt), a))
    r = em.op("Where", em.op("Greater", a, _c(em, 1e8, dt)), far, y1)
    return _keep_zero(em, x, _signed(em, x, r, dt), dt)


def _asin64(em: Emitter, x: str, dt: DType) -> str:
    one = _c(em, 1.0, dt)
    root = em.op("Sqrt", em.op("Sub", one, em.op("Mul", x, x)))
    return em.op("Mul", _c(em, 2.0, dt), _atan64(em, em.op("Div", x, em.op("Add", one, root)), dt))


def _acos64(em: Emitter, x: str, dt: DType) -> str:
    one = _c(em, 1.0, dt)
    t = em.op("Sqrt", em.op("Div", em.op("Sub", one, x), em.op("Add", one, x)))
    return em.op("Mul", _c(em, 2.0, dt), _atan64(em, t, dt))


def _tan64(em: Emitter, x: str, dt: DType) -> str:
    return em.op("Div", em.op("Sin", x), em.op("Cos", x))


def _sinh64(em: Emitter, x: str, dt: DType) -> str:
    a = em.op("Abs", x)
    e = expm1_f(em, a, dt)
    ratio = em.op("Div", e, em.op("Add", e, _c(em, 1.0, dt)))
    r = em.op("Mul", _c(em, 0.5, dt), em.op("Add", e, ratio))
    r = em.op("Where", em.op("IsInf", e), e, r)
    return _keep_zero(em, x, _signed(em, x, r, dt), dt)


def _cosh64(em: Emitter, x: str, dt: DType) -> str:
    a = em.op("Abs", x)
    e = em.op("Exp", a)
    return em.op("Mul", _c(em, 0.5, dt), em.op("Add", e, em.op("Div", _c(em, 1.0, dt), e)))


def _asinh64(em: Emitter, x: str, dt: DType) -> str:
    a = em.op("Abs", x)
    one = _c(em, 1.0, dt)
    a2 = em.op("Mul", a, a)
    root = em.op("Add", one, em.op("Sqrt", em.op("Add", one, a2)))
    small = log1p_f(em, em.op("Add", a, em.op("Div", a2, root)), dt)
    big = em.op("Add", em.op("Log", a), _c(em, np.log(2.0), dt))
    r = em.op("Where", em.op("Greater", a, _c(em, 1e8, dt)), big, small)
    return _keep_zero(em, x, _signed(em, x, r, dt), dt)


def _acosh64(em: Emitter, x: str, dt: DType) -> str:
    t = em.op("Sub", x, _c(em, 1.0, dt))
    small = log1p_f(em, em.op("Add", t, em.op("Sqrt", em.op("Add", em.op("Mul", _c(em, 2.0, dt), t),
                                                               em.op("Mul", t, t)))), dt)
    big = em.op("Add", em.op("Log", x), _c(em, np.log(2.0), dt))
    r = em.op("Where", em.op("Greater", x, _c(em, 1e8, dt)), big, small)
    return em.op("Where", em.op("Less", x, _c(em, 1.0, dt)), _c(em, np.nan, dt), r)


def _atanh64(em: Emitter, x: str, dt: DType) -> str:
    a = em.op("Abs", x)
    t = em.op("Div", em.op("Mul", _c(em, 2.0, dt), a), em.op("Sub", _c(em, 1.0, dt), a))
    r = em.op("Mul", _c(em, 0.5, dt), log1p_f(em, t, dt))
    return _keep_zero(em, x, _signed(em, x, r, dt), dt)


def _float_unary(onnx_op: str, f64: Callable[[Emitter, str, DType], str] | None) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        if n.dtype is D.float64 and f64 is not None:
            return f64(em, ins[0], D.float64)
        return via(em, onnx_op, ins, n.dtype, F_OK if f64 is None else F32_ONLY)
    return lower


def _ref(np_fn: Callable) -> Callable:
    def ref(*xs: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.asarray(np_fn(*xs)).astype(xs[0].dtype, copy=False)
    return ref


for _name, _op, _np, _f64 in [
        ("tan", "Tan", np.tan, _tan64), ("asin", "Asin", np.arcsin, _asin64),
        ("acos", "Acos", np.arccos, _acos64), ("atan", "Atan", np.arctan, _atan64),
        ("sinh", "Sinh", np.sinh, _sinh64), ("cosh", "Cosh", np.cosh, _cosh64),
        ("asinh", "Asinh", np.arcsinh, _asinh64), ("acosh", "Acosh", np.arccosh, _acosh64),
        ("atanh", "Atanh", np.arctanh, _atanh64), ("round", "Round", np.round, None)]:
    defop(_name, elementwise_infer(allowed=D.FLOATING), _ref(_np), _float_unary(_op, _f64),
          elementwise=True, doc=f"elementwise {_name}")


def _lower_with(fn: Callable[[Emitter, str, DType], str]) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        dt = n.dtype
        cdt = D.float32 if dt is D.float16 else dt
        x = em.cast(ins[0], cdt) if cdt is not dt else ins[0]
        y = fn(em, x, cdt)
        return em.cast(y, dt) if cdt is not dt else y
    return lower


defop("log1p", elementwise_infer(allowed=D.FLOATING), _ref(np.log1p), _lower_with(log1p_f),
      elementwise=True, doc="log(1 + x), accurate near 0 (Kahan)")
defop("expm1", elementwise_infer(allowed=D.FLOATING), _ref(np.expm1), _lower_with(expm1_f),
      elementwise=True, doc="exp(x) - 1, accurate near 0 (Kahan)")


def _lower_sign(em: Emitter, n: Node, ins: list[str]) -> str:
    y = em.op("Sign", ins[0])
    return em.op("Where", em.op("IsNaN", ins[0]), ins[0], y) if n.dtype.kind == "f" else y


defop("sign", elementwise_infer(allowed=D.NUMERIC), _ref(np.sign), _lower_sign,
      elementwise=True, doc="sign (-1, 0, 1); NaN passes through, both zeros give +0")

_bool_out = elementwise_infer(D.bool_, D.FLOATING)
defop("isnan", _bool_out, lambda x: np.isnan(x), lambda em, n, ins: em.op("IsNaN", ins[0]),
      elementwise=True, doc="x is NaN")
defop("isinf", _bool_out, lambda x: np.isinf(x), lambda em, n, ins: em.op("IsInf", ins[0]),
      elementwise=True, doc="x is +-inf")


def signbit_f(em: Emitter, x: str, dt: DType) -> str:
    """x < 0, or x is -0.0 (seen through 1/x); a NaN's sign bit is not observable in ONNX."""
    zero = _c(em, 0.0, dt)
    negzero = em.op("And", em.op("Equal", x, zero),
                    em.op("Less", em.op("Div", _c(em, 1.0, dt), x), zero))
    return em.op("Or", em.op("Less", x, zero), negzero)


defop("signbit", _bool_out, lambda x: np.signbit(x) & ~np.isnan(x),
      lambda em, n, ins: signbit_f(em, ins[0], n.inputs[0].dtype),
      elementwise=True, doc="sign bit set (-0.0 included; NaN gives False)")


def _atan2_f(em: Emitter, y: str, x: str, dt: DType) -> str:
    ay, ax = em.op("Abs", y), em.op("Abs", x)
    q = em.op("Div", ay, ax)
    base = _atan64(em, q, dt) if dt is D.float64 else em.op("Atan", q)
    zero = _c(em, 0.0, dt)
    both0 = em.op("And", em.op("Equal", ay, zero), em.op("Equal", ax, zero))
    bothinf = em.op("And", em.op("IsInf", ay), em.op("IsInf", ax))
    base = em.op("Where", both0, zero, base)
    base = em.op("Where", bothinf, _c(em, np.pi / 4, dt), base)
    base = em.op("Where", signbit_f(em, x, dt), em.op("Sub", _c(em, np.pi, dt), base), base)
    sgn = em.op("Where", signbit_f(em, y, dt), _c(em, -1.0, dt), _c(em, 1.0, dt))
    return em.op("Mul", base, sgn)


def _lower_float_binary(fn: Callable[[Emitter, str, str, DType], str]) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        dt = n.dtype
        cdt = D.float32 if dt is D.float16 else dt
        a, b = (em.cast(i, cdt) for i in ins) if cdt is not dt else ins
        y = fn(em, a, b, cdt)
        return em.cast(y, dt) if cdt is not dt else y
    return lower


def _binref(np_fn: Callable) -> Callable:
    def ref(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.asarray(np_fn(a, b)).astype(a.dtype, copy=False)
    return ref


defop("atan2", elementwise_infer(allowed=D.FLOATING), _binref(np.arctan2),
      _lower_float_binary(_atan2_f), elementwise=True,
      doc="angle of (x, y) with IEEE special cases for zeros and infinities")


# ---------------------------------------------------------------------------------------------
# Bit shifts: onnxruntime's BitShift exists for uint8/32/64 only

def _lower_shift(direction: str) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        dt = n.dtype
        a, b = ins
        bits = dt.bits
        udt = {8: D.uint8, 16: D.uint32, 32: D.uint32, 64: D.uint64}[bits]
        big = em.op("GreaterOrEqual", b, scalar(em, bits, dt))
        bs = _where(em, big, scalar(em, 0, dt), b, dt)
        if direction == "LEFT" or dt.kind == "u":
            y = em.cast(em.op("BitShift", em.cast(a, udt), em.cast(bs, udt), direction=direction),
                        dt)
            return _where(em, big, scalar(em, 0, dt), y, dt)
        # arithmetic right shift of a signed integer: floor(a / 2**b), computed in int64
        a64, b64 = em.cast(a, D.int64), em.cast(b, D.int64)
        far = em.op("GreaterOrEqual", b64, i64(em, bits - 1))
        b64 = em.op("Where", far, i64(em, 0), b64)
        p = em.cast(em.op("BitShift", em.cast(i64(em, 1), D.uint64), em.cast(b64, D.uint64),
                          direction="LEFT"), D.int64)
        q = em.op("Div", a64, p)
        adjust = em.op("And", em.op("Less", a64, i64(em, 0)),
                       em.op("Not", em.op("Equal", em.op("Mul", q, p), a64)))
        q = em.op("Sub", q, em.cast(adjust, D.int64))
        sat = em.op("Where", em.op("Less", a64, i64(em, 0)), i64(em, -1), i64(em, 0))
        return em.cast(em.op("Where", far, sat, q), dt)
    return lower


def _ref_shift(np_fn: Callable, left: bool) -> Callable:
    def ref(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        bits = a.dtype.itemsize * 8
        big = b >= bits
        out = np.asarray(np_fn(a, np.where(big, 0, b).astype(a.dtype)))
        fill = np.where(a < 0, -1, 0) if (not left and a.dtype.kind == "i") else 0
        return np.where(big, fill, out).astype(a.dtype)
    return ref


defop("shift_left", elementwise_infer(allowed=D.INTEGER),
      _ref_shift(np.left_shift, True), _lower_shift("LEFT"), elementwise=True,
      doc="a << b (shifts past the width give 0)")
defop("shift_right", elementwise_infer(allowed=D.INTEGER),
      _ref_shift(np.right_shift, False), _lower_shift("RIGHT"), elementwise=True,
      doc="a >> b, arithmetic for signed integers")


# ---------------------------------------------------------------------------------------------
# Search and scan along one axis. ``axis`` is non-negative; 0-d inputs are reshaped by the
# frontend, and empty axes are rejected there.

def _infer_arg(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    _check_dtypes("argmax/argmin", x, D.NUMERIC)
    axis, keep = attrs["axis"], attrs["keepdims"]
    shape = tuple(1 if k == axis else d for k, d in enumerate(x.shape) if keep or k != axis)
    return TensorType(D.int64, shape)


ARG_OK = frozenset({D.int8, D.int32, D.int64, D.uint8}) | F_OK


def _lower_arg(onnx_op: str) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        x, dt = ins[0], n.inputs[0].dtype
        if dt is D.uint64:
            x = em.op("BitwiseXor", em.cast(x, D.int64), scalar(em, INT64_MIN, D.int64))
        elif dt not in ARG_OK:
            x = em.cast(x, compute_dtype(dt, ARG_OK))
        kw = dict(axis=n.attrs["axis"], keepdims=int(n.attrs["keepdims"]))
        idx = em.op(onnx_op, x, **kw)
        if dt.kind != "f":
            return idx
        # onnxruntime skips a NaN unless it comes first; NumPy returns the first NaN's index
        nan = em.cast(em.op("IsNaN", x), D.int32)
        first_nan = em.op("ArgMax", nan, **kw)
        any_nan = em.op("Greater", em.op("ReduceMax", nan, i64(em, [n.attrs["axis"]]),
                                         keepdims=kw["keepdims"]),
                        scalar(em, 0, D.int32))
        return em.op("Where", any_nan, first_nan, idx)
    return lower


def _arg_ref(np_fn: Callable) -> Callable:
    def ref(x: np.ndarray, *, axis: int, keepdims: bool) -> np.ndarray:
        return np.asarray(np_fn(x, axis=axis, keepdims=keepdims)).astype(np.int64)
    return ref


defop("argmax", _infer_arg, _arg_ref(np.argmax), _lower_arg("ArgMax"),
      doc="index of the first maximum along an axis (first NaN wins)")
defop("argmin", _infer_arg, _arg_ref(np.argmin), _lower_arg("ArgMin"),
      doc="index of the first minimum along an axis (first NaN wins)")


def _infer_same(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    return types[0]


CUMSUM_OK = frozenset({D.int64}) | F_OK


def _lower_cumsum(em: Emitter, n: Node, ins: list[str]) -> str:
    dt = n.dtype
    cdt = dt if dt in CUMSUM_OK else (D.int64 if dt.kind in "biu" else D.float32)
    x = em.cast(ins[0], cdt) if cdt is not dt else ins[0]
    y = em.op("CumSum", x, i64(em, n.attrs["axis"]))
    return em.cast(y, dt) if cdt is not dt else y


defop("cumsum", _infer_same,
      lambda x, *, axis: np.cumsum(x, axis=axis, dtype=x.dtype), _lower_cumsum,
      doc="inclusive running sum along an axis (wraps on overflow)")


def _infer_argsort(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    _check_dtypes("argsort", x, D.ALL)
    return TensorType(D.int64, x.shape)


def _ref_argsort(x: np.ndarray, *, axis: int, descending: bool) -> np.ndarray:
    if descending:
        flipped = np.flip(x, axis)
        idx = np.flip(np.argsort(flipped, axis=axis, kind="stable"), axis)
        return (x.shape[axis] - 1 - idx).astype(np.int64)
    return np.argsort(x, axis=axis, kind="stable").astype(np.int64)


TOPK_OK = frozenset({D.int8, D.int16, D.int32, D.int64, D.uint8}) | F_OK


def _lower_argsort(em: Emitter, n: Node, ins: list[str]) -> str:
    """Stable TopK (k = n). Floats: sort by value with NaN as +inf, then stably by is-NaN, so
    NaNs come last ascending and first descending, as NumPy's stable sort of ``-x`` does."""
    x, dt = ins[0], n.inputs[0].dtype
    axis, desc = n.attrs["axis"], int(n.attrs["descending"])
    k = i64(em, [n.shape[axis]])
    if dt is D.uint64:
        x = em.op("BitwiseXor", em.cast(x, D.int64), scalar(em, INT64_MIN, D.int64))
    elif dt is D.bool_:
        x = em.cast(x, D.uint8)
    elif dt not in TOPK_OK:
        x = em.cast(x, compute_dtype(dt, TOPK_OK))
    if dt.kind != "f":
        return em.op("TopK", x, k, axis=axis, largest=desc, sorted=1, outputs=2)[1]
    nan = em.op("IsNaN", x)
    key = em.op("Where", nan, scalar(em, np.inf if not desc else -np.inf, dt), x)
    idx = em.op("TopK", key, k, axis=axis, largest=desc, sorted=1, outputs=2)[1]
    flag = em.cast(em.op("GatherElements", nan, idx, axis=axis), D.int32)
    order = em.op("TopK", flag, k, axis=axis, largest=desc, sorted=1, outputs=2)[1]
    return em.op("GatherElements", idx, order, axis=axis)


defop("argsort", _infer_argsort, _ref_argsort, _lower_argsort,
      doc="stable sort permutation along an axis (NaN sorts as the largest value)")


# ---------------------------------------------------------------------------------------------
# Gathers

def _infer_gather(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    x, idx = types
    if idx.dtype.kind not in "iu":
        raise DTypeError(f"take: indices must be integers, got {idx}")
    axis = attrs["axis"]
    return TensorType(x.dtype, x.shape[:axis] + idx.shape + x.shape[axis + 1:])


defop("gather", _infer_gather,
      lambda x, idx, *, axis: np.take(x, idx.astype(np.int64), axis=axis),
      lambda em, n, ins: em.op("Gather", ins[0], em.cast(ins[1], D.int64), axis=n.attrs["axis"]),
      doc="take slices along an axis at the given indices (negative indices wrap)")


def _infer_gather_el(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    x, idx = types
    axis = attrs["axis"]
    same = all(a == b for k, (a, b) in enumerate(zip(x.shape, idx.shape)) if k != axis)
    if idx.dtype.kind not in "iu" or len(idx.shape) != len(x.shape) or not same:
        raise ShapeError(f"take_along_axis: indices {idx} must be integers shaped like {x} "
                         f"except along axis {axis}")
    return TensorType(x.dtype, idx.shape)


defop("gather_elements", _infer_gather_el,
      lambda x, idx, *, axis: np.take_along_axis(x, idx.astype(np.int64), axis=axis),
      lambda em, n, ins: em.op("GatherElements", ins[0], em.cast(ins[1], D.int64),
                               axis=n.attrs["axis"]),
      doc="pick one element per index along an axis (shapes already broadcast)")


# ---------------------------------------------------------------------------------------------
# Determinant

def _infer_det(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    _check_dtypes("det", x, D.FLOATING)
    if len(x.shape) < 2 or x.shape[-1] != x.shape[-2]:
        raise ShapeError(f"det needs a stack of square matrices, got shape {x.shape}")
    return TensorType(x.dtype, x.shape[:-2])


defop("det", _infer_det, lambda x: np.asarray(np.linalg.det(x)).astype(x.dtype),
      lambda em, n, ins: via(em, "Det", ins, n.dtype, F32_ONLY) if n.dtype is not D.float64
      else em.cast(em.op("Det", em.cast(ins[0], D.float32)), D.float64),
      doc="determinant (float64 is computed in float32: onnxruntime has no float64 Det)")

