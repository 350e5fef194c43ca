"""Linear algebra ops: matmul (NumPy's rules, 1-D operands included) and the determinant."""
from __future__ import annotations

import numpy as np

from .. import dtypes as D
from ..dtypes import DType
from ..errors import ShapeError
from ..ir import Node, Shape, TensorType
from . import examples as X
from .factorizations import filled, lu_pivots, nan_like
from .field import field_of
from .lowering import F32_ONLY, FLOAT_MATH, compute_dtype, i64, scalar, via
from .reduce import tree_reduce
from .table import Emitter, Example, broadcast_shapes, check_dtypes, defop, quiet, same_dtype


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
    dt = same_dtype(types, "matmul")
    return TensorType(dt, matmul_shape(types[0].shape, types[1].shape))


MATMUL_OK = frozenset({D.int32, D.int64, D.uint32, D.uint64}) | FLOAT_MATH


def _lower_matmul(em: Emitter, n: Node, ins: list[str]) -> str:
    """MatMul on operands made 2-D or more, and the result reshaped back.

    onnxruntime's optimizer fuses a Transpose into MatMul and then mishandles a 1-D right
    operand (``A.T @ v`` gave wrong numbers), and its kernels leave the output unwritten (the
    arena's garbage) for an empty inner dimension: there, the result is zeros. (An empty result
    never reaches a lowering: the exporter makes it a constant.)"""
    (a, b), dt = ins, n.dtype
    sa, sb = n.inputs[0].shape, n.inputs[1].shape
    if sa[-1] == 0:
        return em.op("Expand", scalar(em, 0, dt), i64(em, n.shape))
    if len(sa) == 1:
        a = em.op("Unsqueeze", a, i64(em, [0]))
    if len(sb) == 1:
        b = em.op("Unsqueeze", b, i64(em, [1]))
    if dt is D.bool_:  # any of the products is true: count them in int32
        y = em.cast(em.op("MatMul", em.cast(a, D.int32), em.cast(b, D.int32)), D.bool_)
    else:
        y = via(em, "MatMul", [a, b], dt, MATMUL_OK)
    if len(sa) == 1 or len(sb) == 1:
        y = em.op("Reshape", y, i64(em, n.shape), allowzero=1)
    return y


_MATMUL_SHAPES = [((3,), (3,)), ((2, 3), (3,)), ((3,), (3, 4)), ((2, 3), (3, 4)),
                  ((2, 2, 3), (3, 4)), ((1, 2, 3), (2, 3, 4)), ((4,), (2, 4, 3)),
                  ((0, 3), (3,)), ((2, 0), (0, 3)), ((4, 3, 0), (0,)), ((3, 0), (5, 0, 3)),
                  ((1, 3, 0), (2, 0, 1)), ((3,), (0, 3, 1)), ((2, 0, 4), (4,)), ((0, 4), (4, 2))]


def _matmul_examples(dt: DType) -> list[Example]:
    """Floats take small integers (exact in any summation order) plus one NaN and one inf,
    so results compare exactly; integers take every edge value (sums wrap, in any order)."""
    if dt.kind in "fc":
        values = np.array([-3, -2, -1, 0, 1, 2, 3, 0.5, -0.0], dt.np)
        if dt.kind == "c":
            values = values + 1j * np.roll(values, 2).astype(dt.np)
    elif dt.kind == "b":
        values = X.edge_values(dt)
    else:
        values = X.edge_values(dt)
    cases = [Example((X.sample(dt, sa, k, values), X.sample(dt, sb, k + 50, values)), {})
             for k, (sa, sb) in enumerate(_MATMUL_SHAPES)]
    if dt.kind == "f":
        a = np.arange(12, dtype=dt.np).reshape(3, 4)
        a[1, 2] = np.nan
        b = np.ones((4, 2), dt.np)
        b[3, 1] = np.inf
        cases.append(Example((a, b), {}))
    return cases


defop("matmul", _infer_matmul, quiet(np.matmul), _lower_matmul,
      examples=_matmul_examples, doc="matrix product (NumPy rules)", complex_ok=True)


def _infer_det(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    check_dtypes("det", x, D.FLOATING + D.COMPLEX)
    if len(x.shape) < 2 or x.shape[-1] != x.shape[-2]:
        raise ShapeError(f"det needs a stack of square matrices, got shape {x.shape}")
    return TensorType(x.dtype, x.shape[:-2])


def _lu_det(em: Emitter, a: str, shape: Shape, dt: DType) -> str:
    """The determinant by LU decomposition with partial pivoting, of real (a float64 Det that
    onnxruntime does not have) or complex matrices: the permutation's sign times the
    pivots. A zero determinant is +0.0, as in NumPy."""
    F = field_of(dt)
    pivots, sign = lu_pivots(em, F, F.value(em, a), shape[-1])
    det = F.from_real(em, sign)
    for pivot in pivots:
        det = F.mul(em, det, pivot)
    return F.result(em, F.each(lambda p: em.op("Add", p, scalar(em, 0.0, F.dt)), det))


def _lower_det(em: Emitter, n: Node, ins: list[str]) -> str:
    shape, dt = n.inputs[0].shape, n.dtype
    if shape[-1] == 0:  # 0x0 matrices: det 1
        return filled(em, n, np.array(1.0))
    if dt.kind == "c" or dt is D.float64:
        return _lu_det(em, ins[0], shape, dt)
    return em.op("Add", via(em, "Det", ins, dt, F32_ONLY), scalar(em, 0.0, dt))


def _det_examples(dt: DType) -> list[Example]:
    if dt.kind not in "fc":
        return []
    rng, cplx = np.random.default_rng(3), dt.kind == "c"
    cases = [X.gaussian(rng, (3, 3), cplx), X.gaussian(rng, (2, 4, 4), cplx), np.eye(5) * 10,
             np.array([[1.0, 2.0], [2.0, 4.0]]), np.array([[0.0, 1.0], [1.0, 0.0]]),
             np.array([[2.5]]), np.zeros((0, 2, 2)), np.zeros((2, 0, 0)),
             np.array([[0.0, 0.0, 1.0], [0.0, 2.0, 0.0], [3.0, 0.0, 0.0]])]
    if cplx:
        cases += [np.array([[1.0, 1j], [1j, -1.0]]), np.array([[2j, 1.0], [0.0, 1.0 - 1j]])]
    return [Example((np.asarray(c, dt.np),), {}) for c in cases]


@quiet
def _ref_det(x: np.ndarray) -> np.ndarray:
    wide = x.astype(np.float32) if x.dtype == np.float16 else x  # NumPy's linalg has no float16
    return np.asarray(np.linalg.det(wide)).astype(x.dtype)


defop("det", _infer_det, _ref_det,
      _lower_det, examples=_det_examples, ulps=64.0, complex_ok=True, complex_ulps=64.0,
      doc="determinant (float64 and complex by LU with partial pivoting: onnxruntime has no "
          "float64 or complex Det)")


def parse_equation(equation: str) -> tuple[list[str], str]:
    """An explicit equation's input terms and output term (``"ij,jk->ik"``: letters only; the
    namespace's ``einsum`` expands ellipses and implicit outputs before recording)."""
    inputs, _, output = equation.partition("->")
    return inputs.split(","), output


def einsum_sizes(equation: str, shapes: tuple[Shape, ...]) -> dict[str, int]:
    """The size of each label; raises ShapeError naming the shapes when operands disagree."""
    terms, _ = parse_equation(equation)
    if len(terms) != len(shapes):
        raise ShapeError(f"einsum {equation!r} names {len(terms)} operands, got {len(shapes)}")
    sizes: dict[str, int] = {}
    for term, shape in zip(terms, shapes):
        if len(term) != len(shape):
            raise ShapeError(f"einsum {equation!r}: term {term!r} has {len(term)} labels for "
                             f"an operand of shape {shape}")
        for label, size in zip(term, shape):
            if sizes.setdefault(label, size) != size:
                raise ShapeError(f"einsum {equation!r}: label {label!r} has sizes "
                                 f"{sizes[label]} and {size} (operand shapes "
                                 f"{', '.join(str(s) for s in shapes)})")
    return sizes


def _infer_einsum(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    dt = same_dtype(types, "einsum")
    equation = attrs["equation"]
    sizes = einsum_sizes(equation, tuple(t.shape for t in types))
    return TensorType(dt, tuple(sizes[label] for label in parse_equation(equation)[1]))


EINSUM_OK = frozenset({D.int32, D.int64}) | FLOAT_MATH


def _lower_einsum(em: Emitter, n: Node, ins: list[str]) -> str:
    """ONNX Einsum in a dtype onnxruntime has a kernel for (bool counts its products in int32,
    narrow integers wrap like NumPy's after the cast back). A label of size 0 summed away
    gives zeros, written out: kernels leave such outputs unwritten (see matmul)."""
    dt, equation = n.dtype, n.attrs["equation"]
    sizes = einsum_sizes(equation, tuple(i.shape for i in n.inputs))
    if 0 in sizes.values():
        return em.op("Expand", scalar(em, 0, dt), i64(em, n.shape))
    if dt.kind == "f":
        return via(em, "Einsum", ins, dt, EINSUM_OK, equation=equation)
    cdt = D.int32 if dt is D.bool_ else compute_dtype(dt, EINSUM_OK)
    y = _integer_einsum(em, [em.cast(i, cdt) for i in ins], equation, sizes)
    return em.cast(y, dt)


def _integer_einsum(em: Emitter, ins: list[str], equation: str, sizes: dict[str, int]) -> str:
    """Integer Einsum with the labels only one operand has summed first by an exact tree:
    onnxruntime's Einsum sums those with its ReduceSum, which saturates integers (the trace
    of a [4, 4] int64 matrix of large values gave INT64_MAX where NumPy wraps)."""
    terms, output = parse_equation(equation)
    reduced = []
    for k, (x, term) in enumerate(zip(ins, terms)):
        elsewhere = set(output).union(*(t for j, t in enumerate(terms) if j != k))
        labels = "".join(dict.fromkeys(term))
        private = [p for p, label in enumerate(labels) if label not in elsewhere]
        if labels != term:  # a repeated label: the diagonal, which Einsum takes exactly
            x = em.op("Einsum", x, equation=f"{term}->{labels}")
        if private:
            shape = tuple(sizes[label] for label in labels)
            labels = "".join(label for label in labels if label in elsewhere)
            x = tree_reduce(em, x, shape, tuple(private),
                            tuple(sizes[label] for label in labels), "Add")
        reduced.append((x, labels))
    rest = ",".join(labels for _, labels in reduced)
    return em.op("Einsum", *[x for x, _ in reduced], equation=f"{rest}->{output}")


_EINSUM_CASES = [("ij,jk->ik", [(2, 3), (3, 4)]), ("i,i->", [(5,), (5,)]),
                 ("ij->ji", [(2, 3)]), ("ii->i", [(3, 3)]), ("ii->", [(4, 4)]),
                 ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]), ("i,j->ij", [(3,), (4,)]),
                 ("ij,ij->i", [(3, 4), (3, 4)]), ("ijk->kj", [(2, 3, 4)]),
                 ("ij,jk,kl->il", [(2, 3), (3, 2), (2, 3)]), ("->", [()]),
                 (",i->i", [(), (3,)]), ("ij,jk->ik", [(2, 0), (0, 3)]),
                 ("ij,j->i", [(0, 3), (3,)]), ("bii->bi", [(2, 3, 3)]),
                 ("Ab,bA->A", [(2, 2), (2, 2)]), ("ij,j->j", [(3, 4), (4,)]),
                 ("ij,ij->", [(3, 4), (3, 4)]), ("i,i,i->", [(5,), (5,), (5,)]),
                 ("iij,k->jk", [(3, 3, 2), (2,)]),
                 ("ijk,ijk->", [(2, 3, 4), (2, 3, 4)]), ("ij,kj->", [(2, 5), (3, 5)])]


def _einsum_examples(dt: DType) -> list[Example]:
    """Small integers for floats (exact in any summation order); every edge value for
    integers (sums of products wrap alike in any order)."""
    values = np.array([-3, -2, -1, 0, 1, 2, 3, 0.5, -0.0], dt.np) if dt.kind == "f" \
        else X.edge_values(dt)
    return [Example(tuple(X.sample(dt, s, 7 * k + j, values) for j, s in enumerate(shapes)),
                    {"equation": eq}) for k, (eq, shapes) in enumerate(_EINSUM_CASES)]


@quiet
def _ref_einsum(*operands: np.ndarray, equation: str) -> np.ndarray:
    return np.asarray(np.einsum(equation, *operands)).astype(operands[0].dtype, copy=False)


defop("einsum", _infer_einsum, _ref_einsum, _lower_einsum, examples=_einsum_examples,
      doc="Einstein summation over an explicit equation of letters (ONNX Einsum)")


def _infer_inv(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    (x,) = types
    check_dtypes("inv", x, D.FLOATING + D.COMPLEX)
    if len(x.shape) < 2 or x.shape[-1] != x.shape[-2]:
        raise ShapeError(f"inv needs a stack of square matrices, got shape {x.shape}")
    return x


@quiet
def _ref_inv(x: np.ndarray) -> np.ndarray:
    wide = x.astype(np.float32) if x.dtype == np.float16 else x  # NumPy's linalg has no float16
    try:
        return np.linalg.inv(wide).astype(x.dtype)
    except np.linalg.LinAlgError:  # singular: no inverse, and no error at run time: NaN
        return nan_like(x)


def _lower_inv(em: Emitter, n: Node, ins: list[str]) -> str:
    """onnxruntime's Inverse; a complex A = X + iY through its real embedding
    M = [[X, -Y], [Y, X]], whose inverse is [[X', -Y'], [Y', X']] for inv(A) = X' + iY' (the
    same condition number as A)."""
    if n.dtype.kind != "c":
        return via(em, "Inverse", ins, n.dtype, FLOAT_MATH, domain="com.microsoft")
    F, size = field_of(n.dtype), n.shape[-1]
    x, y = F.value(em, ins[0])
    embedded = em.op("Concat", em.op("Concat", x, em.op("Neg", y), axis=-1),
                     em.op("Concat", y, x, axis=-1), axis=-2)
    inverse = em.op("Inverse", embedded, domain="com.microsoft")
    return F.result(em, tuple(em.op("Slice", inverse, i64(em, [start, 0]),
                                    i64(em, [start + size, size]), i64(em, [-2, -1]))
                              for start in (0, size)))  # X' and Y': the left column of blocks


def _inv_examples(dt: DType) -> list[Example]:
    """Well-conditioned matrices (a singular one has no inverse to agree on)."""
    if dt.kind not in "fc":
        return []
    rng, cplx = np.random.default_rng(5), dt.kind == "c"
    cases = [X.gaussian(rng, (3, 3), cplx) + 3 * np.eye(3),
             X.gaussian(rng, (2, 4, 4), cplx) + 4 * np.eye(4), np.eye(5) * 10,
             np.array([[2.5]]), np.array([[0.0, 1.0], [1.0, 0.0]]),
             np.array([[4.0, 1.0], [2.0, 3.0]]), np.zeros((0, 2, 2)), np.zeros((2, 0, 0))]
    if cplx:
        cases += [np.array([[1j, 2.0], [0.5, 1j]]), np.array([[2.0 - 1j]]),
                  X.gaussian(rng, (3, 6, 6), cplx) + 1j * 5 * np.eye(6)]
    return [Example((np.asarray(c, dt.np),), {}) for c in cases]


defop("inv", _infer_inv, _ref_inv, _lower_inv,
      examples=_inv_examples, ulps=256.0, normwise=True, complex_ok=True, complex_ulps=256.0,
      doc="matrix inverse (onnxruntime's com.microsoft Inverse; LU with partial pivoting)")
