"""The op table: every IR op defined once.

Each ``OpDef`` holds the op's shape/dtype inference, its NumPy reference (the oracle for tests,
the reference executor and constant folding) and its ONNX lowering. Lowerings talk to an
emitter (``Emitter`` below) that the runtime implements, so this module imports neither onnx nor
onnxruntime. Where onnxruntime's CPU kernels lack a dtype (see the shared notes), the lowering
computes in a wider dtype and casts back, so a user never meets NOT_IMPLEMENTED.

Binary ops here take inputs of one dtype: the frontend promotes and casts before recording.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol

import numpy as np

from . import dtypes as D
from .dtypes import DType
from .errors import DTypeError, ShapeError
from .ir import Node, Shape, TensorType

INT64_MIN = np.iinfo(np.int64).min


class Emitter(Protocol):
    """What a lowering may ask of the ONNX exporter (implemented in ``lazyten.runtime``)."""

    def op(self, op_type: str, *inputs: str, outputs: int = 1, **attrs: Any) -> Any: ...

    def const(self, value: np.ndarray) -> str: ...

    def cast(self, name: str, to: DType) -> str: ...


InferFn = Callable[[tuple[TensorType, ...], dict], TensorType]
RefFn = Callable[..., np.ndarray]
LowerFn = Callable[[Emitter, Node, list[str]], str]


@dataclass(frozen=True)
class OpDef:
    name: str
    infer: InferFn
    ref: RefFn
    lower: LowerFn
    pure: bool = True
    commutative: bool = False
    elementwise: bool = False
    doc: str = ""


OPS: dict[str, OpDef] = {}


def defop(name: str, infer: InferFn, ref: RefFn, lower: LowerFn, **traits: Any) -> OpDef:
    if name in OPS:
        raise ValueError(f"op {name!r} defined twice")
    OPS[name] = opdef = OpDef(name, infer, ref, lower, **traits)
    return opdef


# ---------------------------------------------------------------------------------------------
# Shape helpers shared by inference and the frontend

def broadcast_shapes(*shapes: Shape) -> Shape:
    """NumPy broadcasting; raises ShapeError naming every shape involved."""
    ndim = max((len(s) for s in shapes), default=0)
    out = []
    for k in range(ndim):
        dim = 1
        for s in shapes:
            d = s[len(s) - ndim + k] if len(s) - ndim + k >= 0 else 1
            if d != 1:
                if dim not in (1, d):
                    raise ShapeError("cannot broadcast shapes " +
                                     " and ".join(str(tuple(s)) for s in shapes))
                dim = d
        out.append(dim)
    return tuple(out)


def _same_dtype(types: tuple[TensorType, ...], opname: str) -> DType:
    dt = types[0].dtype
    for t in types[1:]:
        if t.dtype is not dt:
            raise DTypeError(f"{opname}: inputs must share one dtype, got "
                             f"{', '.join(str(t) for t in types)}")
    return dt


def _check_dtypes(opname: str, t: TensorType, allowed: tuple[DType, ...]) -> None:
    if t.dtype not in allowed:
        raise DTypeError(f"{opname} does not accept {t.dtype.name} (input {t})")


def elementwise_infer(out_dtype: DType | None = None,
                      allowed: tuple[DType, ...] = D.ALL) -> Callable:
    allowed_set = frozenset(allowed)

    def infer(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
        result = types[0]
        dt = result.dtype
        broadcast = False
        for t in types:  # one pass: runs for every recorded elementwise op
            if t is result:
                continue
            if t.dtype is not dt:
                raise DTypeError("elementwise op: inputs must share one dtype, got "
                                 f"{', '.join(str(t) for t in types)}")
            if t.shape != result.shape and t.shape:  # a 0-d operand never changes the shape
                if result.shape:
                    broadcast = True
                else:
                    result = t
        if dt not in allowed_set:
            raise DTypeError(f"elementwise op does not accept {dt.name} "
                             f"(inputs {', '.join(str(t) for t in types)})")
        if broadcast:
            result = TensorType(dt, broadcast_shapes(*(t.shape for t in types)))
        out = out_dtype or dt
        # an operand's own type object when it fits: fewer objects for the collector to track
        return result if result.dtype is out else TensorType(out, result.shape)
    return infer


# ---------------------------------------------------------------------------------------------
# Lowering helpers: compute in a dtype onnxruntime has a kernel for, then cast back

_WIDER = {D.bool_: (D.uint8, D.int32, D.int64), D.int8: (D.int32, D.int64),
          D.int16: (D.int32, D.int64), D.uint8: (D.int32, D.int64),
          D.uint16: (D.int32, D.int64), D.uint32: (D.int64,), D.int32: (D.int64,),
          D.float16: (D.float32,), D.float32: (D.float64,),
          # uint64 -> int64 keeps every bit; valid for data movement and modular arithmetic only
          D.uint64: (D.int64,), D.int64: ()}


def compute_dtype(dt: DType, ok: frozenset[DType]) -> DType:
    if dt in ok:
        return dt
    for wider in _WIDER[dt]:
        if wider in ok:
            return wider
    raise DTypeError(f"no onnxruntime kernel computes {dt.name} here")


def via(em: Emitter, op_type: str, ins: list[str], dt: DType, ok: frozenset[DType],
        out_dtype: DType | None = None, **attrs: Any) -> str:
    """Emit ``op_type`` in a dtype from ``ok`` (widening ``dt`` if needed) and cast back."""
    cdt = dt if dt in ok else compute_dtype(dt, ok)
    if cdt is not dt:
        ins = [em.cast(i, cdt) for i in ins]
    y = em.op(op_type, *ins, **attrs)
    target = out_dtype or dt
    if out_dtype is None and cdt is not dt:
        y = em.cast(y, target)
    return y


def scalar(em: Emitter, value: Any, dt: DType) -> str:
    return em.const(np.asarray(value, dt.np))


def i64(em: Emitter, values: Any) -> str:
    return em.const(np.asarray(values, np.int64))


INTS = frozenset(D.INTEGER)
FLOATS = frozenset(D.FLOATING)
NUMS = INTS | FLOATS
ALLD = frozenset(D.ALL)
SIGNED = frozenset(D.SIGNED)


# ---------------------------------------------------------------------------------------------
# Leaves

def _leaf_infer(types: tuple, attrs: dict) -> TensorType:
    raise AssertionError("leaf types are given, not inferred")


def _no_ref(*args: Any, **attrs: Any) -> np.ndarray:
    raise AssertionError("leaves are fed, not computed")


defop("input", _leaf_infer, _no_ref, lambda em, n, ins: "", doc="a graph parameter")
defop("data", _leaf_infer, _no_ref, lambda em, n, ins: "",
      doc="a lazy leaf holding a buffer, fed as an input when realized")
defop("const", _leaf_infer, lambda *, value: value.array,
      lambda em, n, ins: em.const(n.attrs["value"].array), doc="a constant baked into the graph")


# ---------------------------------------------------------------------------------------------
# Elementwise unary

def _unary(name: str, onnx_op: str, np_fn: Callable, ok: frozenset[DType],
           allowed: tuple[DType, ...], doc: str) -> None:
    def ref(x: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.asarray(np_fn(x)).astype(x.dtype, copy=False)
    defop(name, elementwise_infer(allowed=allowed), ref,
          lambda em, n, ins: via(em, onnx_op, ins, n.dtype, ok), elementwise=True, doc=doc)


F_OK = frozenset({D.float16, D.float32, D.float64})
for _name, _op, _fn in [("exp", "Exp", np.exp), ("log", "Log", np.log), ("sqrt", "Sqrt", np.sqrt),
                        ("sin", "Sin", np.sin), ("cos", "Cos", np.cos), ("tanh", "Tanh", np.tanh),
                        ("floor", "Floor", np.floor), ("ceil", "Ceil", np.ceil)]:
    _unary(_name, _op, _fn, F_OK, D.FLOATING, f"elementwise {_name}")
_unary("abs", "Abs", np.abs, NUMS, D.NUMERIC, "absolute value (wraps at INT_MIN like NumPy)")
_unary("logical_not", "Not", np.logical_not, frozenset({D.bool_}), (D.bool_,), "logical not")
_unary("bitwise_not", "BitwiseNot", np.invert, INTS, D.INTEGER, "bitwise not")


def _lower_neg(em: Emitter, n: Node, ins: list[str]) -> str:
    if n.dtype.kind == "u":  # ONNX Neg rejects unsigned; 0 - x wraps exactly like NumPy
        return em.op("Sub", scalar(em, 0, n.dtype), ins[0])
    return via(em, "Neg", ins, n.dtype, SIGNED | FLOATS)


def _ref_neg(x: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.negative(x)


defop("neg", elementwise_infer(allowed=D.NUMERIC), _ref_neg, _lower_neg, elementwise=True,
      doc="negation")


def _ref_cast(x: np.ndarray, *, dtype: DType) -> np.ndarray:
    with np.errstate(all="ignore"):
        return x.astype(dtype.np)


defop("cast", lambda types, attrs: TensorType(attrs["dtype"], types[0].shape), _ref_cast,
      lambda em, n, ins: em.cast(ins[0], n.attrs["dtype"]), elementwise=True,
      doc="convert to another dtype (float->int truncates toward zero)")


# ---------------------------------------------------------------------------------------------
# Elementwise binary

def _binary(name: str, lower: LowerFn, np_fn: Callable, allowed: tuple[DType, ...],
            out: DType | None = None, commutative: bool = False, doc: str = "") -> None:
    def ref(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            r = np.asarray(np_fn(a, b))
        return r.astype(out.np if out else a.dtype, copy=False)
    defop(name, elementwise_infer(out, allowed), ref, lower, elementwise=True,
          commutative=commutative, doc=doc)


def _simple(onnx_op: str, ok: frozenset[DType], out: DType | None = None) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        dt = n.inputs[0].dtype
        if dt in ok:  # the common case: a kernel for the dtype itself
            return em.op(onnx_op, *ins)
        return via(em, onnx_op, ins, dt, ok, out_dtype=out)
    return lower


ARITH_OK = NUMS
_binary("add", _simple("Add", ARITH_OK), np.add, D.ALL, commutative=True, doc="a + b")
_binary("sub", _simple("Sub", ARITH_OK), np.subtract, D.NUMERIC, doc="a - b")
_binary("mul", _simple("Mul", ARITH_OK), np.multiply, D.ALL, commutative=True, doc="a * b")
_binary("div", _simple("Div", F_OK), np.true_divide, D.FLOATING, doc="true division (floats)")
def _lower_pow(em: Emitter, n: Node, ins: list[str]) -> str:
    """Integer powers by squaring in int64, one step per exponent bit: onnxruntime's integer Pow
    goes through double and is inexact above 2**53, while NumPy wraps exactly."""
    dt = n.dtype
    if dt.kind == "f":
        return via(em, "Pow", ins, dt, F_OK)
    base, exp = (em.cast(i, D.int64) if dt is not D.int64 else i for i in ins)
    zero = scalar(em, 0, D.int64)
    result = em.op("Expand", scalar(em, 1, D.int64), em.op("Shape", base))
    for k in range(dt.bits):
        bit = scalar(em, np.int64(np.uint64(1) << np.uint64(k)), D.int64)
        unset = em.op("Equal", em.op("BitwiseAnd", exp, bit), zero)
        result = em.op("Where", unset, result, em.op("Mul", result, base))
        if k + 1 < dt.bits:
            base = em.op("Mul", base, base)
    return em.cast(result, dt) if dt is not D.int64 else result


_binary("pow", _lower_pow, np.power, D.NUMERIC,
        doc="a ** b (integers: exact and wrapping like NumPy; negative exponents unsupported)")
MINMAX_OK = frozenset({D.int8, D.int32, D.int64, D.uint8, D.uint32, D.uint64}) | F_OK


def elementwise_max_min(em: Emitter, onnx_op: str, a: str, b: str, dt: DType) -> str:
    """``Max``/``Min`` of two tensors of one dtype. onnxruntime 1.31's CPU int64 Max/Min is
    wrong when an operand lies in [2**31, 2**32) and the other's high word is equal (about 12%
    of random values below 2**34); a compare and select is exact."""
    if dt is D.int64:
        return em.op("Where", em.op("Greater" if onnx_op == "Max" else "Less", a, b), a, b)
    return em.op(onnx_op, a, b)


def _lower_max_min(onnx_op: str) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        dt = n.dtype
        cdt = compute_dtype(dt, MINMAX_OK)
        a, b = (em.cast(i, cdt) for i in ins) if cdt is not dt else ins
        y = elementwise_max_min(em, onnx_op, a, b, cdt)
        return em.cast(y, dt) if cdt is not dt else y
    return lower


_binary("maximum", _lower_max_min("Max"), np.maximum, D.ALL, commutative=True,
        doc="elementwise max, NaN propagates")
_binary("minimum", _lower_max_min("Min"), np.minimum, D.ALL, commutative=True,
        doc="elementwise min, NaN propagates")

CMP_OK = NUMS
_binary("eq", _simple("Equal", ALLD, D.bool_), np.equal, D.ALL, D.bool_, True, "a == b")
_binary("lt", _simple("Less", CMP_OK, D.bool_), np.less, D.ALL, D.bool_, doc="a < b")
_binary("le", _simple("LessOrEqual", CMP_OK, D.bool_), np.less_equal, D.ALL, D.bool_,
        doc="a <= b")
_binary("gt", _simple("Greater", CMP_OK, D.bool_), np.greater, D.ALL, D.bool_, doc="a > b")
_binary("ge", _simple("GreaterOrEqual", CMP_OK, D.bool_), np.greater_equal, D.ALL, D.bool_,
        doc="a >= b")


def _lower_ne(em: Emitter, n: Node, ins: list[str]) -> str:
    return em.op("Not", em.op("Equal", *ins))


_binary("ne", _lower_ne, np.not_equal, D.ALL, D.bool_, True, "a != b")


def _bitwise(onnx_int: str, onnx_bool: str) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        return em.op(onnx_bool if n.dtype is D.bool_ else onnx_int, *ins)
    return lower


_INT_BOOL = D.INTEGER + (D.bool_,)
_binary("bitwise_and", _bitwise("BitwiseAnd", "And"), np.bitwise_and, _INT_BOOL,
        commutative=True, doc="a & b")
_binary("bitwise_or", _bitwise("BitwiseOr", "Or"), np.bitwise_or, _INT_BOOL, commutative=True,
        doc="a | b")
_binary("bitwise_xor", _bitwise("BitwiseXor", "Xor"), np.bitwise_xor, _INT_BOOL,
        commutative=True, doc="a ^ b")


def _int_floor_divide(em: Emitter, a: str, b: str, dt: DType) -> str:
    """Recipe R1: guarded floor division, b == 0 gives 0 and b == -1 gives -a (wrapping)."""
    zero, one = scalar(em, 0, dt), scalar(em, 1, dt)
    bz = em.op("Equal", b, zero)
    if dt.kind == "u":  # unsigned division already floors
        return _where(em, bz, zero, em.op("Div", a, _where(em, bz, one, b, dt)), dt)
    mone = scalar(em, -1, dt)
    bm1 = em.op("Equal", b, mone)
    bs = _where(em, em.op("Or", bz, bm1), one, b, dt)
    t = em.op("Div", a, bs)
    r = em.op("Sub", a, em.op("Mul", t, bs))
    sign_differs = em.op("Xor", em.op("Less", r, zero), em.op("Less", bs, zero))
    adjust = em.op("And", em.op("Not", em.op("Equal", r, zero)), sign_differs)
    q0 = em.op("Sub", t, em.cast(adjust, dt))
    q1 = _where(em, bm1, em.op("Sub", zero, a), q0, dt)
    return _where(em, bz, zero, q1, dt)


def _int_remainder(em: Emitter, a: str, b: str, dt: DType) -> str:
    """Recipe R2: x % 0 and x % -1 give 0; otherwise Mod(fmod=0) (sign of the divisor)."""
    zero, one = scalar(em, 0, dt), scalar(em, 1, dt)
    bad = em.op("Equal", b, zero)
    if dt.kind == "i":
        bad = em.op("Or", bad, em.op("Equal", b, scalar(em, -1, dt)))
    m = em.op("Mod", a, _where(em, bad, one, b, dt), fmod=0)
    return _where(em, bad, zero, m, dt)


def _float_floor_divide(em: Emitter, a: str, b: str, dt: DType) -> str:
    """Recipe R3: NumPy's npy_divmod, bit-exact including signed zeros and b == 0."""
    zero, one, half, mone = (scalar(em, v, dt) for v in (0.0, 1.0, 0.5, -1.0))
    mod = em.op("Mod", a, b, fmod=1)
    div0 = em.op("Div", em.op("Sub", a, mod), b)
    fix = em.op("And", em.op("Not", em.op("Equal", mod, zero)),
                em.op("Xor", em.op("Less", b, zero), em.op("Less", mod, zero)))
    div = em.op("Where", fix, em.op("Sub", div0, one), div0)
    fl = em.op("Floor", div)
    fl2 = em.op("Where", em.op("Greater", em.op("Sub", div, fl), half), em.op("Add", fl, one), fl)
    divz = em.op("Equal", div, zero)
    ab = em.op("Div", a, b)
    w = em.op("Where", divz, zero, fl2)
    negz = em.op("And", divz, em.op("Less", em.op("Div", one, ab), zero))
    q0 = em.op("Mul", w, em.op("Where", negz, mone, one))
    q = em.op("Where", em.op("Equal", b, zero), ab, q0)
    # Array API (not NumPy): one infinite operand gives a / b, e.g. inf // 2 == inf, 1 // -inf == -0
    # (magnitude and sign picked apart: a -0.0 chosen by Where's first branch turns into +0.0)
    def sign_of(v: str) -> str:
        neg = em.op("Or", em.op("Less", v, zero), em.op("Less", em.op("Div", one, v), zero))
        return em.op("Where", neg, mone, one)
    same = em.op("Equal", em.op("IsInf", a), em.op("IsInf", b))
    mag = em.op("Where", same, em.op("Abs", q), em.op("Abs", ab))
    return em.op("Mul", mag, em.op("Where", same, sign_of(q), sign_of(ab)))


def _float_remainder(em: Emitter, a: str, b: str, dt: DType) -> str:
    """Recipe R4: sign of the divisor; a zero result is copysign(0, b)."""
    zero, one, mone = (scalar(em, v, dt) for v in (0.0, 1.0, -1.0))
    m = em.op("Mod", a, b, fmod=1)
    bneg = em.op("Less", b, zero)
    fix = em.op("And", em.op("Not", em.op("Equal", m, zero)),
                em.op("Xor", em.op("Less", m, zero), bneg))
    m2 = em.op("Where", fix, em.op("Add", m, b), m)
    m2z = em.op("Equal", m2, zero)
    w = em.op("Where", m2z, zero, m2)
    return em.op("Mul", w, em.op("Where", em.op("And", m2z, bneg), mone, one))


def _divmod_lowering(int_fn: Callable, float_fn: Callable) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        dt = n.dtype
        if dt.kind == "f":
            cdt = D.float32 if dt is D.float16 else dt
            a, b = (em.cast(i, cdt) for i in ins) if cdt is not dt else ins
            y = float_fn(em, a, b, cdt)
            return em.cast(y, dt) if cdt is not dt else y
        cdt = compute_dtype(dt, frozenset({D.int32, D.int64, D.uint8, D.uint32, D.uint64}))
        if cdt is not dt:  # narrow ints compute in int32; the cast back wraps like NumPy
            a, b = (em.cast(i, cdt) for i in ins)
            return em.cast(int_fn(em, a, b, cdt), dt)
        return int_fn(em, ins[0], ins[1], dt)
    return lower


_binary("floor_divide", _divmod_lowering(_int_floor_divide, _float_floor_divide),
        np.floor_divide, D.NUMERIC, doc="a // b (NumPy semantics, x // 0 == 0 for integers)")
_binary("remainder", _divmod_lowering(_int_remainder, _float_remainder), np.remainder,
        D.NUMERIC, doc="a % b with the sign of b (NumPy semantics, x % 0 == 0 for integers)")


WHERE_OK = frozenset({D.int8, D.int32, D.int64, D.uint8, D.uint32}) | F_OK


def _where(em: Emitter, c: str, a: str, b: str, dt: DType) -> str:
    cdt = compute_dtype(dt, WHERE_OK)
    if cdt is dt:
        return em.op("Where", c, a, b)
    return em.cast(em.op("Where", c, em.cast(a, cdt), em.cast(b, cdt)), dt)


def _infer_where(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    c, a, b = types
    if c.dtype is not D.bool_:
        raise DTypeError(f"where: condition must be bool, got {c}")
    dt = _same_dtype((a, b), "where")
    return TensorType(dt, broadcast_shapes(c.shape, a.shape, b.shape))


defop("where", _infer_where, lambda c, a, b: np.where(c, a, b),
      lambda em, n, ins: _where(em, *ins, n.dtype), elementwise=True,
      doc="select a where c is true, else b")


# ---------------------------------------------------------------------------------------------
# Creation

def _infer_arange(types: tuple, attrs: dict) -> TensorType:
    return TensorType(attrs["dtype"], (attrs["n"],))


def _ref_arange(*, start: Any, step: Any, n: int, dtype: DType) -> np.ndarray:
    if dtype.kind == "f":
        return (np.arange(n, dtype=np.float64) * step + start).astype(dtype.np)
    return (np.arange(n, dtype=np.int64) * int(step) + int(start)).astype(dtype.np)


def _lower_arange(em: Emitter, n: Node, ins: list[str]) -> str:
    a = n.attrs
    idx = em.op("Range", i64(em, 0), i64(em, a["n"]), i64(em, 1))
    cdt = D.float64 if a["dtype"].kind == "f" else D.int64
    vals = em.cast(idx, cdt) if cdt is not D.int64 else idx
    vals = em.op("Add", em.op("Mul", vals, scalar(em, a["step"], cdt)), scalar(em, a["start"], cdt))
    return em.cast(vals, a["dtype"]) if a["dtype"] is not cdt else vals


defop("arange", _infer_arange, _ref_arange, _lower_arange,
      doc="start + step * [0, 1, ..., n-1] (computed as NumPy does, not by accumulation)")


# ---------------------------------------------------------------------------------------------
# Shape manipulation

def _check_dims(opname: str, shape: Shape) -> None:
    if any(type(d) is int and d < 0 for d in shape):
        raise ShapeError(f"{opname}: negative dimensions are not allowed, got shape {shape}")


def _infer_reshape(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    shape = attrs["shape"]
    _check_dims("reshape", shape)
    if TensorType(x.dtype, shape).size != x.size:
        raise ShapeError(f"cannot reshape array of shape {x.shape} (size {x.size}) "
                         f"into shape {shape}")
    return TensorType(x.dtype, shape)


defop("reshape", _infer_reshape, lambda x, *, shape: x.reshape(shape),
      lambda em, n, ins: em.op("Reshape", ins[0], i64(em, n.attrs["shape"]), allowzero=1),
      doc="reshape to a fully resolved shape")


def _infer_permute(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    perm = attrs["perm"]
    if sorted(perm) != list(range(len(x.shape))):
        raise ShapeError(f"permutation {perm} does not match an array of shape {x.shape}")
    return TensorType(x.dtype, tuple(x.shape[p] for p in perm))


defop("permute", _infer_permute, lambda x, *, perm: np.transpose(x, perm),
      lambda em, n, ins: em.op("Transpose", ins[0], perm=list(n.attrs["perm"]))
      if n.attrs["perm"] else em.op("Identity", ins[0]),
      doc="permute axes")


def _infer_expand(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    shape = attrs["shape"]
    _check_dims("broadcast_to", shape)
    if len(shape) < len(x.shape) or broadcast_shapes(x.shape, shape) != shape:
        raise ShapeError(f"cannot broadcast array of shape {x.shape} to shape {shape}")
    return TensorType(x.dtype, shape)


defop("expand", _infer_expand, lambda x, *, shape: np.broadcast_to(x, shape).copy(),
      lambda em, n, ins: em.op("Expand", ins[0], i64(em, n.attrs["shape"])),
      doc="broadcast to a shape (one-way, validated)")


def _infer_fill_like(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    x, v = types
    if v.shape != ():
        raise ShapeError(f"fill_like: the fill value must be 0-d, got {v}")
    return TensorType(v.dtype, x.shape)


defop("fill_like", _infer_fill_like,
      lambda x, v: np.full(x.shape, v, dtype=v.dtype),
      lambda em, n, ins: em.op("Expand", ins[1], em.op("Shape", ins[0])),
      doc="a value broadcast to the (possibly symbolic) shape of x, read at run time")


def _infer_concat(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    dt = _same_dtype(types, "concat")
    axis = attrs["axis"]
    first = types[0].shape
    for t in types[1:]:
        if len(t.shape) != len(first) or any(a != b for k, (a, b) in
                                             enumerate(zip(t.shape, first)) if k != axis):
            raise ShapeError("concat: all dimensions except the concatenation axis must match, "
                             f"got shapes {', '.join(str(t.shape) for t in types)} on axis {axis}")
    shape = list(first)
    shape[axis] = sum(t.shape[axis] for t in types)
    return TensorType(dt, tuple(shape))


defop("concat", _infer_concat, lambda *xs, axis: np.concatenate(xs, axis=axis),
      lambda em, n, ins: em.op("Concat", *ins, axis=n.attrs["axis"]),
      doc="join along an existing axis")


# ---------------------------------------------------------------------------------------------
# Basic indexing. ``index`` has one entry per item: ("s", start, stop, step) for a slice over the
# next input dimension (normalized by slice.indices), ("i",) for an integer over the next input
# dimension whose value is the next extra input (a non-negative int64 scalar), ("n",) for None.

def index_out_shape(shape: Shape, index: tuple) -> Shape:
    out = []
    for e in index:
        if e[0] == "s":
            out.append(len(range(e[1], e[2], e[3])))
        elif e[0] == "n":
            out.append(1)
    return tuple(out)


def region_shape(shape: Shape, index: tuple) -> Shape:
    """Shape of the written region: the getitem shape without the new axes."""
    return tuple(len(range(e[1], e[2], e[3])) for e in index if e[0] == "s")


def slice_bounds(e: tuple) -> tuple[int, int | None, int]:
    """Start, stop, step of a normalized slice entry for NumPy and ONNX Slice, where a negative
    start or stop would count from the end: an empty range becomes 0:0, and a negative step
    running to the front gets stop None ("before index 0")."""
    _, start, stop, step = e
    if not len(range(start, stop, step)):
        return 0, 0, 1
    return start, (None if stop < 0 else stop), step


def _np_index(index: tuple, ints: tuple[np.ndarray, ...], with_new: bool = True) -> tuple:
    out: list[Any] = []
    it = iter(ints)
    for e in index:
        if e[0] == "s":
            out.append(slice(*slice_bounds(e)))
        elif e[0] == "i":
            out.append(int(next(it)))
        elif with_new:
            out.append(None)
    return tuple(out)


def _infer_getitem(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    return TensorType(types[0].dtype, index_out_shape(types[0].shape, attrs["index"]))


def _is_full(e: tuple, dim: int) -> bool:
    return e[0] == "s" and e[1] == 0 and e[2] == dim and e[3] == 1


def _lower_getitem(em: Emitter, n: Node, ins: list[str]) -> str:
    x, ints = ins[0], ins[1:]
    shape = n.inputs[0].shape
    starts, ends, axes, steps, int_axes = [], [], [], [], []
    dim = 0
    for e in n.attrs["index"]:
        if e[0] == "s":
            if not _is_full(e, shape[dim]):
                start, stop, step = slice_bounds(e)
                starts.append(start)
                ends.append(INT64_MIN if stop is None else stop)
                axes.append(dim)
                steps.append(step)
            dim += 1
        elif e[0] == "i":
            int_axes.append(dim)
            dim += 1
    y = x
    if axes:
        y = em.op("Slice", y, i64(em, starts), i64(em, ends), i64(em, axes), i64(em, steps))
    for axis, name in reversed(list(zip(int_axes, ints))):
        y = em.op("Gather", y, name, axis=axis)
    new_axes, pos = [], 0
    for e in n.attrs["index"]:
        if e[0] == "n":
            new_axes.append(pos)
        if e[0] != "i":
            pos += 1
    if new_axes:
        y = em.op("Unsqueeze", y, i64(em, new_axes))
    if y == x:
        y = em.op("Identity", x)
    return y


defop("getitem", _infer_getitem,
      lambda x, *ints, index: np.array(x[_np_index(index, ints)]),
      _lower_getitem, doc="basic indexing: slices, integers, new axes")


def _infer_setitem(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    x, v = types[0], types[1]
    want = region_shape(x.shape, attrs["index"])
    if v.shape != want or v.dtype is not x.dtype:
        raise ShapeError(f"setitem: value {v} does not match region {x.dtype.short}{list(want)}")
    return x


def _ref_setitem(x: np.ndarray, v: np.ndarray, *ints: np.ndarray, index: tuple) -> np.ndarray:
    y = x.copy()
    y[_np_index(index, ints, with_new=False)] = v
    return y


def _scatter_region(em: Emitter, x: str, rank: int, sel: list[tuple[int, str, str]],
                    v: str) -> str:
    """Write ``v`` into ``x`` at the product of per-axis index lists, one axis at a time."""
    if not sel:
        return v
    (axis, idx, idx_col), rest = sel[0], sel[1:]
    upd = v if not rest else _scatter_region(em, em.op("Gather", x, idx, axis=axis), rank, rest, v)
    if axis == 0:
        return em.op("ScatterND", x, idx_col, upd)
    perm = [axis] + [k for k in range(rank) if k != axis]
    inv = [perm.index(k) for k in range(rank)]
    r = em.op("ScatterND", em.op("Transpose", x, perm=perm), idx_col,
              em.op("Transpose", upd, perm=perm))
    return em.op("Transpose", r, perm=inv)


def _lower_setitem(em: Emitter, n: Node, ins: list[str]) -> str:
    x, v, ints = ins[0], ins[1], iter(ins[2:])
    shape = n.shape
    sel: list[tuple[int, str, str]] = []
    int_positions = []
    dim = 0
    for e in n.attrs["index"]:
        if e[0] == "s":
            if not _is_full(e, shape[dim]):
                rng = np.arange(e[1], e[2], e[3], dtype=np.int64) if not (e[3] < 0 and e[2] < 0) \
                    else np.arange(e[1], -1, e[3], dtype=np.int64)
                sel.append((dim, i64(em, rng), i64(em, rng.reshape(-1, 1))))
            dim += 1
        elif e[0] == "i":
            name = next(ints)
            sel.append((dim, em.op("Reshape", name, i64(em, [1])),
                        em.op("Reshape", name, i64(em, [1, 1]))))
            int_positions.append(dim)
            dim += 1
    if int_positions:
        v = em.op("Unsqueeze", v, i64(em, int_positions))
    return _scatter_region(em, x, len(shape), sel, v)


defop("setitem", _infer_setitem, _ref_setitem, _lower_setitem,
      doc="functional basic-index assignment: x with x[index] replaced by the value")


def _infer_take_flat(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    x, pos = types
    if pos.dtype is not D.int64:
        raise DTypeError(f"take_flat: positions must be int64, got {pos}")
    return TensorType(x.dtype, pos.shape)


def _flatten(em: Emitter, x: str, size: int) -> str:
    return em.op("Reshape", x, i64(em, [size]), allowzero=1)


defop("take_flat", _infer_take_flat, lambda x, pos: x.reshape(-1)[pos],
      lambda em, n, ins: em.op("Gather", _flatten(em, ins[0], n.inputs[0].type.size), ins[1],
                               axis=0),
      doc="gather elements at flat positions (advanced indexing)")


def _infer_put_flat(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    x, pos, v = types
    if pos.shape != v.shape or v.dtype is not x.dtype or pos.dtype is not D.int64:
        raise ShapeError(f"put_flat: positions {pos} and values {v} must match")
    return x


def _ref_put_flat(x: np.ndarray, pos: np.ndarray, v: np.ndarray) -> np.ndarray:
    y = x.copy().reshape(-1)
    y[pos.reshape(-1)] = v.reshape(-1)
    return y.reshape(x.shape)


def _lower_put_flat(em: Emitter, n: Node, ins: list[str]) -> str:
    x, pos, v = ins
    k = n.inputs[1].type.size
    flat = em.op("ScatterND", _flatten(em, x, n.type.size),
                 em.op("Reshape", pos, i64(em, [k, 1]), allowzero=1), _flatten(em, v, k))
    return em.op("Reshape", flat, i64(em, n.shape), allowzero=1)


defop("put_flat", _infer_put_flat, _ref_put_flat, _lower_put_flat,
      doc="functional scatter at flat positions (advanced-index assignment)")


# ---------------------------------------------------------------------------------------------
# Reductions. ``axes`` is a sorted tuple of non-negative axes, never empty.

def _infer_reduce(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    axes, keep = attrs["axes"], attrs["keepdims"]
    shape = tuple(1 if k in axes else d for k, d in enumerate(x.shape) if keep or k not in axes)
    return TensorType(x.dtype, shape)


def _reduce_ref(np_fn: Callable) -> RefFn:
    def ref(x: np.ndarray, *, axes: tuple, keepdims: bool) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.asarray(np_fn(x, axis=axes, keepdims=keepdims)).astype(x.dtype, copy=False)
    return ref


def _tree_reduce(em: Emitter, x: str, shape: Shape, axes: tuple, out_shape: Shape,
                 onnx_op: str, identity: int, dtype: DType = D.int64) -> str:
    """Integer sum/prod as a pairwise tree of elementwise int64 ops.

    onnxruntime's integer ReduceSum/ReduceProd accumulate in double: they round above 2**53 and
    saturate instead of wrapping. Elementwise Add/Mul wrap exactly like NumPy.
    """
    rest = [k for k in range(len(shape)) if k not in axes]
    perm = rest + list(axes)
    if perm != list(range(len(shape))):
        x = em.op("Transpose", x, perm=perm)
    lead = [shape[k] for k in rest]
    size = int(np.prod([shape[a] for a in axes]))
    if size == 0:
        return em.op("Expand", scalar(em, identity, D.int64), i64(em, out_shape))
    x = em.op("Reshape", x, i64(em, lead + [size]), allowzero=1)
    extra = None
    while size > 1:
        if size % 2:
            last = em.op("Slice", x, i64(em, [size - 1]), i64(em, [size]), i64(em, [-1]))
            extra = last if extra is None else _combine(em, onnx_op, extra, last, dtype)
            x = em.op("Slice", x, i64(em, [0]), i64(em, [size - 1]), i64(em, [-1]))
            size -= 1
        size //= 2
        pairs = em.op("Reshape", x, i64(em, lead + [size, 2]), allowzero=1)
        x = _combine(em, onnx_op, em.op("Gather", pairs, i64(em, 0), axis=-1),
                     em.op("Gather", pairs, i64(em, 1), axis=-1), dtype)
    if extra is not None:
        x = _combine(em, onnx_op, x, extra, dtype)
    return em.op("Reshape", x, i64(em, out_shape), allowzero=1)


def _combine(em: Emitter, onnx_op: str, a: str, b: str, dt: DType) -> str:
    if onnx_op in ("Max", "Min"):
        return elementwise_max_min(em, onnx_op, a, b, dt)
    return em.op(onnx_op, a, b)


def _empty_reduction(em: Emitter, n: Node, identity: Any) -> str | None:
    """A reduction of an empty array is a constant (its identity, or an empty result); some
    providers' reduce kernels fail on empty inputs, so it never reaches them."""
    if n.inputs[0].type.is_symbolic or n.inputs[0].type.size:
        return None
    return em.op("Expand", scalar(em, identity, n.dtype), i64(em, n.shape))


def _lower_sum_like(onnx_op: str, elementwise_op: str, identity: int) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        dt = n.dtype
        axes, keep = n.attrs["axes"], int(n.attrs["keepdims"])
        empty = _empty_reduction(em, n, identity)
        if empty is not None:
            return empty
        if dt.kind == "f":
            cdt = D.float32 if dt is D.float16 else dt
            x = em.cast(ins[0], cdt) if cdt is not dt else ins[0]
            y = em.op(onnx_op, x, i64(em, axes), keepdims=keep, noop_with_empty_axes=1)
        else:
            cdt = D.int64
            x = em.cast(ins[0], cdt) if cdt is not dt else ins[0]
            y = _tree_reduce(em, x, n.inputs[0].shape, axes, n.shape, elementwise_op, identity)
        return em.cast(y, dt) if cdt is not dt else y
    return lower


MAXMIN_OK = frozenset({D.bool_, D.int8, D.int32, D.int64, D.uint8}) | F_OK


def _lower_max_like(onnx_op: str, elementwise_op: str) -> LowerFn:
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        empty = _empty_reduction(em, n, 0)  # max/min of an empty axis raise when recorded
        if empty is not None:
            return empty
        dt, x = n.dtype, ins[0]
        if dt in (D.int64, D.uint64):
            # 64-bit integers: a tree of exact elementwise Max/Min. onnxruntime has no uint64
            # ReduceMax, and its CUDA int64 reduction is inexact above 2**53 (seen on an H200)
            return _tree_reduce(em, x, n.inputs[0].shape, n.attrs["axes"], n.shape,
                                elementwise_op, 0, dt)
        axes = i64(em, n.attrs["axes"])
        kw = dict(keepdims=int(n.attrs["keepdims"]), noop_with_empty_axes=1)
        cdt = compute_dtype(dt, MAXMIN_OK)
        y = em.op(onnx_op, em.cast(x, cdt) if cdt is not dt else x, axes, **kw)
        if cdt is not dt:
            return em.cast(y, dt)
        if dt.kind == "f":  # recipe R5: ReduceMax ignores NaN unless it comes first
            anynan = em.op("ReduceMax", em.op("IsNaN", x), axes, **kw)
            y = em.op("Where", anynan, scalar(em, np.nan, dt), y)
        return y
    return lower


defop("reduce_sum", _infer_reduce, _reduce_ref(np.sum), _lower_sum_like("ReduceSum", "Add", 0),
      doc="sum over axes (wraps on overflow)")
defop("reduce_prod", _infer_reduce, _reduce_ref(np.prod), _lower_sum_like("ReduceProd", "Mul", 1),
      doc="product over axes (wraps on overflow)")
defop("reduce_max", _infer_reduce, _reduce_ref(np.max), _lower_max_like("ReduceMax", "Max"),
      doc="max over non-empty axes, NaN propagates")
defop("reduce_min", _infer_reduce, _reduce_ref(np.min), _lower_max_like("ReduceMin", "Min"),
      doc="min over non-empty axes, NaN propagates")


# ---------------------------------------------------------------------------------------------
# Linear algebra

def matmul_shape(a: Shape, b: Shape) -> Shape:
    if not a or not b:
        raise ShapeError(f"matmul: operands must be at least 1-D, got shapes {a} and {b}")
    a2 = (1,) + a if len(a) == 1 else a
    b2 = b + (1,) if len(b) == 1 else b
    if a2[-1] != b2[-2]:
        raise ShapeError(f"matmul: inner dimensions differ ({a2[-1]} vs {b2[-2]}) "
                         f"for shapes {a} and {b}")
    try:
        batch = broadcast_shapes(a2[:-2], b2[:-2])
    except ShapeError:
        raise ShapeError(f"matmul: batch dimensions of {a} and {b} do not broadcast") from None
    out = batch + (a2[-2], b2[-1])
    if len(a) == 1:
        out = out[:-2] + out[-1:]
    if len(b) == 1:
        out = out[:-1]
    return out


def _infer_matmul(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    dt = _same_dtype(types, "matmul")
    return TensorType(dt, matmul_shape(types[0].shape, types[1].shape))


MATMUL_OK = frozenset({D.int32, D.int64, D.uint32, D.uint64}) | F_OK


def _lower_matmul(em: Emitter, n: Node, ins: list[str]) -> str:
    dt = n.dtype
    if dt is D.bool_:
        y = em.op("MatMul", *(em.cast(i, D.int32) for i in ins))
        return em.cast(y, D.bool_)
    return via(em, "MatMul", ins, dt, MATMUL_OK)


def _ref_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray(np.matmul(a, b))


defop("matmul", _infer_matmul, _ref_matmul, _lower_matmul, doc="matrix product (NumPy rules)")



# ---------------------------------------------------------------------------------------------
# Fused ops (created by the fuse_patterns pass, never by the frontend). Their references are the
# decomposed formulas the pass recognizes, so the reference executor's results do not change.

NORM_DTYPES = (D.float32, D.float64)


def _infer_softmax(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    _check_dtypes("softmax", x, NORM_DTYPES)
    if not 0 <= attrs["axis"] < len(x.shape):
        raise ShapeError(f"softmax: axis {attrs['axis']} out of range for {x}")
    return x


def _ref_softmax(x: np.ndarray, *, axis: int) -> np.ndarray:
    with np.errstate(all="ignore"):
        e = np.exp(x - np.max(x, axis=axis, keepdims=True))
        return e / np.sum(e, axis=axis, keepdims=True)


defop("softmax", _infer_softmax, _ref_softmax,
      lambda em, n, ins: em.op("Softmax", ins[0], axis=n.attrs["axis"]),
      doc="exp(x - max(x)) / sum(exp(x - max(x))) along one axis")


def _infer_layer_norm(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    x, rest = types[0], types[1:]
    _check_dtypes("layer_norm", x, NORM_DTYPES)
    axis = attrs["axis"]
    if not 0 <= axis < len(x.shape):
        raise ShapeError(f"layer_norm: axis {axis} out of range for {x}")
    for t in rest:
        if t.dtype is not x.dtype or t.shape != x.shape[axis:]:
            raise ShapeError(f"layer_norm: scale/bias {t} must be {x.dtype.short}"
                             f"{list(x.shape[axis:])} for input {x}")
    return x


def _ref_layer_norm(x: np.ndarray, *params: np.ndarray, axis: int, epsilon: float
                    ) -> np.ndarray:
    axes = tuple(range(axis, x.ndim))
    count = x.dtype.type(np.prod(x.shape[axis:]))
    with np.errstate(all="ignore"):
        xc = x - np.sum(x, axis=axes, keepdims=True) / count
        var = np.sum(xc * xc, axis=axes, keepdims=True) / count
        y = xc / np.sqrt(var + x.dtype.type(epsilon))
        for p, op in zip(params, (np.multiply, np.add)):
            y = op(y, p)
    return y


def _lower_layer_norm(em: Emitter, n: Node, ins: list[str]) -> str:
    axis = n.attrs["axis"]
    scale = ins[1] if len(ins) > 1 else em.const(np.ones(n.shape[axis:], n.dtype.np))
    return em.op("LayerNormalization", ins[0], scale, *ins[2:], axis=axis,
                 epsilon=float(n.attrs["epsilon"]),
                 stash_type=1 if n.dtype is D.float32 else n.dtype.onnx)


defop("layer_norm", _infer_layer_norm, _ref_layer_norm, _lower_layer_norm,
      doc="(x - mean) / sqrt(var + epsilon) over axes axis.. (then * scale + bias when given)")


from . import ops_more  # noqa: E402,F401  (the rest of the Array API's ops, registered in OPS)
