"""Complex values in ONNX: each complex tensor is lowered as a real one (float32 for complex64,
float64 for complex128) with a trailing axis of 2 holding (real, imaginary), the layout of ONNX's
``DFT``; onnxruntime has no complex tensor type at all.

One mechanism serves every op: the exporter hands a node with a complex input or result to
``lower_pairs``. Ops that only move elements (reshape, permute, slicing, concat...) are lowered
by their own real lowering applied to a *paired* copy of the node, its types with the trailing
axis and its attributes remapped to keep that axis last (``_REMAP``); arithmetic on the parts
has a lowering of its own here (``_PARTS``). An op that accepts complex operands says so with
``complex_ok`` in the table; the others refuse them when recorded (``table.defop``).
"""
from __future__ import annotations

from typing import Any, Callable

import numpy as np

from .. import dtypes as D
from ..dtypes import DType
from ..ir import NO_ATTRS, Node, TensorType
from .lowering import i64, scalar
from .table import OPS, Emitter, LowerFn


def paired(t: TensorType) -> TensorType:
    """The real type that holds a complex type's values (other types as they are)."""
    real = D.REAL_OF.get(t.dtype)
    return t if real is None else TensorType(real, t.shape + (2,))


def pairs_array(value: np.ndarray) -> np.ndarray:
    """A complex ndarray as its real pairs (a view where the layout allows)."""
    if not value.flags.c_contiguous:
        value = value.copy(order="C")
    return value.reshape(value.shape or (1,)).view(value.real.dtype).reshape(value.shape + (2,))


def complex_array(value: np.ndarray, dtype: DType) -> np.ndarray:
    """Real pairs back as a complex ndarray of ``dtype`` (a view)."""
    if not value.flags.c_contiguous:
        value = value.copy(order="C")
    return value.view(dtype.np).reshape(value.shape[:-1])


def involves_complex(n: Node) -> bool:
    """Whether ``n`` has a complex operand or result (the exporter lowers it here)."""
    if n.type.dtype.kind == "c":
        return True
    for i in n.inputs:
        if i.type.dtype.kind == "c":
            return True
    return False


def lower_pairs(em: Emitter, n: Node, ins: list[str]) -> str:
    """The ONNX value (real pairs where complex) of ``n``, which has a complex operand or
    result."""
    own = _PARTS.get(n.op)
    if own is not None:
        return own(em, n, ins)
    remap = _REMAP[n.op]
    return OPS[n.op].lower(em, _paired_node(n, remap(n)), ins)


def _paired_node(n: Node, attrs: Any) -> Node:
    inputs = tuple(Node(i.op, (), NO_ATTRS, paired(i.type)) for i in n.inputs)
    return Node(n.op, inputs, attrs, paired(n.type), n.loc)


def _axis(n: Node) -> dict:
    """The ``axis`` attribute counted from the front, so that it misses the pair axis."""
    return {**n.attrs, "axis": n.attrs["axis"] % max(len(n.inputs[0].shape), 1)}


def _index(n: Node) -> dict:
    """A basic index that names every dimension, then takes the pair axis whole."""
    spec = n.attrs["index"]
    shape = n.inputs[0].shape
    used = sum(1 for e in spec if e[0] in "siS")
    rest = tuple(("s", 0, d, 1) if type(d) is int else ("S", None, None, 1, d)
                 for d in shape[used:])
    return {**n.attrs, "index": tuple(spec) + rest + (("s", 0, 2, 1),)}


_REMAP: dict[str, Callable[[Node], Any]] = {
    "reshape": lambda n: {**n.attrs, "shape": tuple(n.attrs["shape"]) + (2,)},
    "expand": lambda n: {**n.attrs, "shape": tuple(n.attrs["shape"]) + (2,)},
    "permute": lambda n: {**n.attrs, "perm": tuple(n.attrs["perm"]) + (len(n.attrs["perm"]),)},
    "concat": _axis,
    "gather": _axis,
    "getitem": _index,
    "setitem": _index,
    "add": lambda n: n.attrs,
    "sub": lambda n: n.attrs,
    "neg": lambda n: n.attrs,
    "reduce_sum": lambda n: n.attrs,
}


# ---------------------------------------------------------------------------------------------
# Arithmetic on the parts

def part(em: Emitter, x: str, k: int) -> str:
    """The real (k=0) or imaginary (k=1) part of pairs ``x``: the trailing axis dropped."""
    return em.op("Gather", x, em.const(np.asarray(k, np.int64)), axis=-1)


def pair(em: Emitter, re: str, im: str) -> str:
    """Pairs from a real and an imaginary part of one shape."""
    last = i64(em, [-1])
    return em.op("Concat", em.op("Unsqueeze", re, last), em.op("Unsqueeze", im, last), axis=-1)


def _parts(em: Emitter, x: str) -> tuple[str, str]:
    return part(em, x, 0), part(em, x, 1)


def _mul(em: Emitter, n: Node, ins: list[str]) -> str:
    """NumPy's formula: (ar*br - ai*bi) + (ar*bi + ai*br)j."""
    (ar, ai), (br, bi) = _parts(em, ins[0]), _parts(em, ins[1])
    return pair(em, em.op("Sub", em.op("Mul", ar, br), em.op("Mul", ai, bi)),
                em.op("Add", em.op("Mul", ar, bi), em.op("Mul", ai, br)))


def _div(em: Emitter, n: Node, ins: list[str]) -> str:
    """NumPy's division (Smith's algorithm, the larger part of the divisor first; a zero
    divisor gives the dividend's parts over zero), operation for operation."""
    (ar, ai), (br, bi) = _parts(em, ins[0]), _parts(em, ins[1])
    dt = D.REAL_OF[n.dtype]
    one = scalar(em, 1.0, dt)
    abr, abi = em.op("Abs", br), em.op("Abs", bi)
    real_first = em.op("GreaterOrEqual", abr, abi)
    rat = em.op("Div", bi, br)
    scl = em.op("Div", one, em.op("Add", br, em.op("Mul", bi, rat)))
    re1 = em.op("Mul", em.op("Add", ar, em.op("Mul", ai, rat)), scl)
    im1 = em.op("Mul", em.op("Sub", ai, em.op("Mul", ar, rat)), scl)
    zero = em.op("And", em.op("Equal", abr, scalar(em, 0.0, dt)),
                 em.op("Equal", abi, scalar(em, 0.0, dt)))
    re1 = em.op("Where", zero, em.op("Div", ar, abr), re1)
    im1 = em.op("Where", zero, em.op("Div", ai, abr), im1)
    rat2 = em.op("Div", br, bi)
    scl2 = em.op("Div", one, em.op("Add", bi, em.op("Mul", br, rat2)))
    re2 = em.op("Mul", em.op("Add", em.op("Mul", ar, rat2), ai), scl2)
    im2 = em.op("Mul", em.op("Sub", em.op("Mul", ai, rat2), ar), scl2)
    return pair(em, em.op("Where", real_first, re1, re2), em.op("Where", real_first, im1, im2))


def _both_parts(onnx_op: str, combine: str) -> LowerFn:
    """A bool result from an elementwise test of both parts (``Equal`` combined with ``And``)."""
    def lower(em: Emitter, n: Node, ins: list[str]) -> str:
        tested = em.op(onnx_op, *ins)
        return em.op(combine, part(em, tested, 0), part(em, tested, 1))
    return lower


def hypot(em: Emitter, re: str, im: str, dt: DType) -> str:
    """|re + i im| without overflow: big * sqrt(1 + (small / big)**2); inf where a part is
    infinite (even NaN), NaN where a part is NaN, 0 at 0."""
    re, im = em.op("Abs", re), em.op("Abs", im)
    first = em.op("GreaterOrEqual", re, im)
    big, small = em.op("Where", first, re, im), em.op("Where", first, im, re)
    zero = scalar(em, 0.0, dt)
    ratio = em.op("Div", small, em.op("Where", em.op("Equal", big, zero), scalar(em, 1.0, dt),
                                      big))
    value = em.op("Mul", big, em.op("Sqrt", em.op("Add", scalar(em, 1.0, dt),
                                                  em.op("Mul", ratio, ratio))))
    infinite = em.op("Or", em.op("IsInf", re), em.op("IsInf", im))
    return em.op("Where", infinite, scalar(em, np.inf, dt), value)


def _conj(em: Emitter, n: Node, ins: list[str]) -> str:
    return em.op("Mul", ins[0], em.const(np.asarray([1.0, -1.0], D.REAL_OF[n.dtype].np)))


def _cast(em: Emitter, n: Node, ins: list[str]) -> str:
    """complex -> complex casts the pairs; real -> complex pairs the value with zeros;
    complex -> bool is True where a part is nonzero."""
    src, dst = n.inputs[0].dtype, n.dtype
    if src.kind == "c" and dst.kind == "c":
        return em.cast(ins[0], D.REAL_OF[dst])
    if dst.kind == "c":
        real = em.cast(ins[0], D.REAL_OF[dst]) if src is not D.REAL_OF[dst] else ins[0]
        zeros = em.op("Expand", scalar(em, 0.0, D.REAL_OF[dst]), em.op("Shape", real))
        return pair(em, real, zeros)
    nonzero = em.cast(ins[0], D.bool_)  # the cast refuses complex -> real when recorded
    return em.op("Or", part(em, nonzero, 0), part(em, nonzero, 1))


def _where(em: Emitter, n: Node, ins: list[str]) -> str:
    """The real ``where`` (which keeps -0.0) on the pairs, the condition given the pair axis."""
    cond = em.op("Unsqueeze", ins[0], i64(em, [-1]))
    return OPS["where"].lower(em, _paired_node(n, n.attrs), [cond, ins[1], ins[2]])


def _fill_like(em: Emitter, n: Node, ins: list[str]) -> str:
    shape = em.op("Shape", ins[0])
    if n.inputs[0].dtype.kind != "c":
        shape = em.op("Concat", shape, i64(em, [2]), axis=0)
    return em.op("Expand", ins[1], shape)


def _matmul(em: Emitter, n: Node, ins: list[str]) -> str:
    """Four real matmuls (the real lowering: empty sums, 1-D operands) of the parts."""
    real = D.REAL_OF[n.dtype]
    a, b = (Node("input", (), NO_ATTRS, TensorType(real, i.shape)) for i in n.inputs)
    node = Node("matmul", (a, b), n.attrs, TensorType(real, n.shape), n.loc)
    (ar, ai), (br, bi) = _parts(em, ins[0]), _parts(em, ins[1])

    def mm(x: str, y: str) -> str:
        return OPS["matmul"].lower(em, node, [x, y])
    return pair(em, em.op("Sub", mm(ar, br), mm(ai, bi)), em.op("Add", mm(ar, bi), mm(ai, br)))


def _take_flat(em: Emitter, n: Node, ins: list[str]) -> str:
    rows = em.op("Reshape", ins[0], i64(em, [n.inputs[0].type.size, 2]), allowzero=1)
    return em.op("Gather", rows, ins[1], axis=0)


def _gather_elements(em: Emitter, n: Node, ins: list[str]) -> str:
    """GatherElements on the pairs: each index, doubled along the pair axis, picks both parts
    of its element."""
    index = em.op("Unsqueeze", em.cast(ins[1], D.int64), i64(em, [-1]))
    return em.op("GatherElements", ins[0], em.op("Concat", index, index, axis=-1),
                 axis=n.attrs["axis"])


def _put_flat(em: Emitter, n: Node, ins: list[str]) -> str:
    x, pos, v = ins
    k = n.inputs[1].type.size
    if k == 0:
        return em.op("Identity", x)
    flat = em.op("ScatterND", em.op("Reshape", x, i64(em, [n.type.size, 2]), allowzero=1),
                 em.op("Reshape", pos, i64(em, [k, 1]), allowzero=1),
                 em.op("Reshape", v, i64(em, [k, 2]), allowzero=1))
    return em.op("Reshape", flat, i64(em, n.shape + (2,)), allowzero=1)


def _dft(em: Emitter, n: Node, ins: list[str]) -> str:
    """ONNX ``DFT`` (opset 20: the axis is an input) along one axis of the pairs. The inverse
    is conj(DFT(conj(x))) / length, as NumPy's ``ifft``: onnxruntime 1.31's own inverse of
    float64 is wrong from the 8th digit on at lengths that are not powers of 2."""
    axis = em.const(np.asarray(n.attrs["axis"], np.int64))
    if not n.attrs["inverse"]:
        return em.op("DFT", ins[0], "", axis, inverse=0, onesided=0)
    flip = em.const(np.asarray([1.0, -1.0], D.REAL_OF[n.dtype].np))
    size = n.shape[n.attrs["axis"]]
    spectrum = em.op("DFT", em.op("Mul", ins[0], flip), "", axis, inverse=0, onesided=0)
    return em.op("Mul", spectrum, em.const(np.asarray([1.0, -1.0], D.REAL_OF[n.dtype].np)
                                           / size))


_PARTS: dict[str, LowerFn] = {
    "mul": _mul,
    "div": _div,
    "eq": _both_parts("Equal", "And"),
    "ne": lambda em, n, ins: em.op("Not", _both_parts("Equal", "And")(em, n, ins)),
    "isnan": _both_parts("IsNaN", "Or"),
    "isinf": _both_parts("IsInf", "Or"),
    "complex_abs": lambda em, n, ins: hypot(em, *_parts(em, ins[0]), n.dtype),
    "real": lambda em, n, ins: part(em, ins[0], 0),
    "imag": lambda em, n, ins: part(em, ins[0], 1),
    "conj": _conj,
    "cast": _cast,
    "where": _where,
    "fill_like": _fill_like,
    "matmul": _matmul,
    "take_flat": _take_flat,
    "gather_elements": _gather_elements,
    "put_flat": _put_flat,
    "dft": _dft,
    "const": lambda em, n, ins: em.const(n.attrs["value"].array),  # stored as pairs
    "make_complex": lambda em, n, ins: pair(em, ins[0], ins[1]),
    # linalg programs whose own lowering takes and gives pairs (written once for real and
    # complex values over ``field``)
    **{name: lambda em, n, ins: OPS[n.op].lower(em, n, ins)
       for name in ("cholesky", "det", "inv", "slogdet", "qr", "eigh", "svd")},
}
# the ops that accept complex operands: their lowerings are above (graph inputs and data leaves
# are not lowered: the exporter declares them, as pairs)
COMPLEX_OPS = frozenset(_PARTS) | frozenset(_REMAP) | {"input", "data"}
