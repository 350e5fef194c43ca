"""The op table's record type and registry, and the inference helpers most ops share.

Each ``OpDef`` holds everything lazyten knows about one IR op: shape/dtype inference, the NumPy
reference (the oracle for tests, the reference executor and constant folding), the ONNX lowering
(through an ``Emitter`` the runtime implements, so the core never imports onnx), its traits, and
the examples the table-driven tests and the conformance matrix run it on.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, NamedTuple, Protocol

import numpy as np

from .. import dtypes as D
from ..dtypes import DType
from ..errors import DTypeError, ShapeError
from ..ir import Node, Shape, TensorType


class Emitter(Protocol):
    """What a lowering may ask of the ONNX exporter (implemented in ``lazyten.runtime``)."""

    def op(self, op_type: str, *inputs: str, outputs: int = 1, domain: str = "",
           **attrs: Any) -> Any: ...

    def const(self, value: np.ndarray) -> str: ...

    def cast(self, name: str, to: DType) -> str: ...

    def size(self, d: Any) -> str: ...

    def shape(self, dims: Any) -> str: ...

    def loop(self, trips: str, carried: list[tuple[str, DType]],
             body: Callable[[Any, str, list[str]], tuple[str | None, list[str]]]
             ) -> list[str]: ...


class Example(NamedTuple):
    """One application of an op: its operand values and attributes."""

    args: tuple[np.ndarray, ...]
    attrs: dict[str, Any]


InferFn = Callable[[tuple[TensorType, ...], dict], TensorType]
RefFn = Callable[..., np.ndarray]
LowerFn = Callable[[Emitter, Node, list[str]], str]
ExamplesFn = Callable[[DType], list[Example]]


def no_examples(dt: DType) -> list[Example]:
    return []


@dataclass(frozen=True)
class OpDef:
    """One IR op. ``examples(dtype)`` lists applications whose first operand has that dtype
    (empty when the op does not take it); ``ulps`` is how far, in units of the last place, its
    onnxruntime result may stray from the reference for floats (0: bit for bit), measured
    against each element or, for ``normwise`` ops, against the largest element of the result;
    ``signed_zeros`` says whether the sign of a zero result is specified; ``ufunc`` is the
    NumPy ufunc that computes exactly the reference, when there is one (the planned reference
    executor writes through it into preallocated buffers); ``complex_ok`` says that the op
    accepts complex operands and results (``pairs`` lowers them), which every other op refuses
    when it is recorded; ``complex_ulps`` is how far complex results may stray, against the
    largest part of the result (their parts are sums of products, which NumPy computes with
    fused multiply-adds and onnxruntime without), the sign of a zero part unspecified."""

    name: str
    infer: InferFn
    ref: RefFn
    lower: LowerFn
    doc: str
    examples: ExamplesFn = no_examples
    pure: bool = True
    commutative: bool = False
    elementwise: bool = False
    ulps: float = 0.0
    normwise: bool = False
    signed_zeros: bool = True
    ufunc: np.ufunc | None = None
    complex_ok: bool = False
    complex_ulps: float = 0.0


OPS: dict[str, OpDef] = {}


def defop(name: str, infer: InferFn, ref: RefFn, lower: LowerFn, *, doc: str,
          **traits: Any) -> OpDef:
    if name in OPS:
        raise ValueError(f"op {name!r} defined twice")
    if not traits.get("complex_ok", False):
        infer = _real_only(name, infer)
    OPS[name] = opdef = OpDef(name, infer, ref, lower, doc, **traits)
    return opdef


def _real_only(name: str, infer: InferFn) -> InferFn:
    """``infer`` refusing complex operands and results, naming the dtype."""
    def guarded(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
        for t in types:
            if t.dtype.kind == "c":
                raise DTypeError(f"{name} does not support complex dtypes (input {t})")
        out = infer(types, attrs)
        if out.dtype.kind == "c":
            raise DTypeError(f"{name} cannot make a {out.dtype.name} result")
        return out
    guarded.__name__ = getattr(infer, "__name__", "infer")
    return guarded


def quiet(fn: Callable[..., Any]) -> RefFn:
    """A reference that computes with NumPy's floating-point warnings off (NaN and inf are
    values here, not accidents)."""
    def ref(*args: Any, **attrs: Any) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.asarray(fn(*args, **attrs))
    ref.__name__ = getattr(fn, "__name__", "ref")
    return ref


# ---------------------------------------------------------------------------------------------
# Inference helpers

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


def same_dtype(types: tuple[TensorType, ...], opname: str) -> DType:
    dt = types[0].dtype
    for t in types[1:]:
        if t.dtype is not dt:
            raise DTypeError(f"{opname}: inputs must share one dtype, got "
                             f"{', '.join(str(t) for t in types)}")
    return dt


def check_dtypes(opname: str, t: TensorType, allowed: tuple[DType, ...]) -> None:
    if t.dtype not in allowed:
        raise DTypeError(f"{opname} does not accept {t.dtype.name} (input {t})")


def elementwise_infer(out_dtype: DType | None = None,
                      allowed: tuple[DType, ...] = D.ALL) -> InferFn:
    """Inference of an elementwise op: operands of one dtype from ``allowed``, broadcast; the
    result has ``out_dtype`` (default: the operands')."""
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


def same_type(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    return types[0]
