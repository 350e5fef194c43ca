"""Elementwise ops of one operand: math functions, sign and classification, negation, bitwise
and logical not, and casts. Math functions take float inputs only (the namespace converts
integers to the default float first)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import dtypes as D
from ..dtypes import DType
from ..errors import DTypeError
from ..ir import Node, TensorType
from . import examples as X
from . import float_recipes as R
from .lowering import F32_ONLY, FLOAT_MATH, INTS, NUMS, SIGNED, FLOATS, float_lowering, scalar, via
from .table import Emitter, Example, LowerFn, defop, elementwise_infer, quiet


def _same_dtype_ref(np_fn: Callable) -> Callable:
    return quiet(lambda x: np.asarray(np_fn(x)).astype(x.dtype, copy=False))


def _unary(name: str, lower: LowerFn, np_fn: Callable, allowed: tuple[DType, ...], doc: str,
           ulps: float = 0.0, exact_ufunc: bool = True) -> None:
    defop(name, elementwise_infer(allowed=allowed), _same_dtype_ref(np_fn), lower,
          examples=X.unary, elementwise=True, ulps=ulps, doc=doc,
          complex_ok=any(d.kind == "c" for d in allowed),
          ufunc=np_fn if exact_ufunc and isinstance(np_fn, np.ufunc) else None)


def _kernel(onnx_op: str, ok: frozenset[DType]) -> LowerFn:
    return lambda em, n, ins: via(em, onnx_op, ins, n.dtype, ok)


def _float64_by(onnx_op: str, recipe: Callable[[Emitter, str, DType], str]) -> LowerFn:
    """onnxruntime's kernel for float16/32; float64, which it lacks, by a formula."""
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        if n.dtype is D.float64:
            return recipe(em, ins[0], D.float64)
        return via(em, onnx_op, ins, n.dtype, F32_ONLY)
    return lower


# the transcendental kernels of onnxruntime and NumPy each round in their own way
_MATH_ULPS = 4.0
for _name, _op, _fn in [("exp", "Exp", np.exp), ("log", "Log", np.log), ("sqrt", "Sqrt", np.sqrt),
                        ("sin", "Sin", np.sin), ("cos", "Cos", np.cos), ("tanh", "Tanh", np.tanh),
                        ("floor", "Floor", np.floor), ("ceil", "Ceil", np.ceil),
                        ("round", "Round", np.round)]:
    _exact = _name in ("sqrt", "floor", "ceil", "round")
    _unary(_name, _kernel(_op, FLOAT_MATH), _fn, D.FLOATING, f"elementwise {_name}",
           ulps=0.0 if _exact else _MATH_ULPS)

for _name, _op, _fn, _recipe in [
        ("tan", "Tan", np.tan, R.tan), ("asin", "Asin", np.arcsin, R.asin),
        ("acos", "Acos", np.arccos, R.acos), ("atan", "Atan", np.arctan, R.atan),
        ("sinh", "Sinh", np.sinh, R.sinh), ("cosh", "Cosh", np.cosh, R.cosh),
        ("asinh", "Asinh", np.arcsinh, R.asinh), ("acosh", "Acosh", np.arccosh, R.acosh),
        ("atanh", "Atanh", np.arctanh, R.atanh)]:
    _unary(_name, _float64_by(_op, _recipe), _fn, D.FLOATING,
           f"elementwise {_name} (float64 by a formula: onnxruntime has no float64 kernel)",
           ulps=_MATH_ULPS)

_unary("log1p", float_lowering(R.log1p), np.log1p, D.FLOATING,
       "log(1 + x), accurate near 0 (Kahan)", ulps=_MATH_ULPS)
_unary("expm1", float_lowering(R.expm1), np.expm1, D.FLOATING,
       "exp(x) - 1, accurate near 0 (Kahan)", ulps=_MATH_ULPS)
_unary("abs", _kernel("Abs", NUMS), np.abs, D.NUMERIC,
       "absolute value (wraps at INT_MIN like NumPy)")
_unary("logical_not", _kernel("Not", frozenset({D.bool_})), np.logical_not, (D.bool_,),
       "logical not")
_unary("bitwise_not", _kernel("BitwiseNot", INTS), np.invert, D.INTEGER, "bitwise not")


def _lower_neg(em: Emitter, n: Node, ins: list[str]) -> str:
    if n.dtype.kind == "u":  # ONNX Neg rejects unsigned; 0 - x wraps exactly like NumPy
        return em.op("Sub", scalar(em, 0, n.dtype), ins[0])
    return via(em, "Neg", ins, n.dtype, SIGNED | FLOATS)


_unary("neg", _lower_neg, np.negative, D.NUMERIC + D.COMPLEX, "negation")


def _lower_sign(em: Emitter, n: Node, ins: list[str]) -> str:
    """Integers by comparison: onnxruntime's int64 Sign gives -1 for [2**31, 2**32)."""
    x, dt = ins[0], n.dtype
    if dt.kind == "f":
        return em.op("Where", em.op("IsNaN", x), x, em.op("Sign", x))
    zero = scalar(em, 0, dt)
    positive = em.cast(em.op("Greater", x, zero), dt)
    if dt.kind == "u":
        return positive
    return em.op("Sub", positive, em.cast(em.op("Less", x, zero), dt))


_unary("sign", _lower_sign, np.sign, D.NUMERIC,
       "sign (-1, 0, 1); NaN passes through, both zeros give +0", exact_ufunc=False)

_bool_out = elementwise_infer(D.bool_, D.FLOATING)
_classify = elementwise_infer(D.bool_, D.FLOATING + D.COMPLEX)
defop("isnan", _classify, np.isnan, lambda em, n, ins: em.op("IsNaN", ins[0]),
      examples=X.unary, elementwise=True, ufunc=np.isnan, complex_ok=True,
      doc="x is NaN (complex: either part)")
defop("isinf", _classify, np.isinf, lambda em, n, ins: em.op("IsInf", ins[0]),
      examples=X.unary, elementwise=True, ufunc=np.isinf, complex_ok=True,
      doc="x is +-inf (complex: either part)")
defop("signbit", _bool_out, lambda x: np.signbit(x) & ~np.isnan(x), float_lowering(R.signbit),
      examples=X.unary, elementwise=True,
      doc="sign bit set (-0.0 included; NaN gives False: ONNX cannot see a NaN's sign)")


def _cast_examples(dt: DType) -> list[Example]:
    values = X.edge_values(dt)
    targets = D.COMPLEX + (D.bool_,) if dt.kind == "c" else D.EVERY
    return [Example((values,), {"dtype": to}) for to in targets] + \
        [Example((X.sample(dt, s, k),), {"dtype": targets[k % len(targets)]})
         for k, s in enumerate(X.SHAPES)]


def _infer_cast(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,), to = types, attrs["dtype"]
    if x.dtype.kind == "c" and to.kind not in "cb":
        raise DTypeError(f"cannot cast complex values ({x}) to {to.name}: that would drop the "
                         "imaginary part; take real(x), imag(x) or abs(x) instead")
    return TensorType(to, x.shape)


defop("cast", _infer_cast, quiet(lambda x, *, dtype: x.astype(dtype.np)),
      lambda em, n, ins: em.cast(ins[0], n.attrs["dtype"]), examples=_cast_examples,
      elementwise=True, complex_ok=True,
      doc="convert to another dtype (float->int truncates toward zero; complex to complex or "
          "bool only)")
