"""The ``linalg`` extension (the decompositions are in ``decompositions``) and the main
namespace's linear algebra (matmul, tensordot, vecdot)."""
from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from .. import dtypes as D
from ..array import Array, ArrayLike, DTypeLike, as_array, cast, node_as, operands, wrap
from ..errors import ArgumentError, DTypeError, ShapeError, ValueArgumentError
from ..lazy import apply, numpy_leaf
from ..ops import broadcast_shapes
from . import arguments as A
from .decompositions import (cholesky, eigh, eigvalsh, matrix_rank, pinv, qr, slogdet, svd,
                             svdvals)
from .elementwise import abs, conj, multiply, not_equal, pow, sqrt, subtract
from .indexing import take
from .manipulation import (broadcast_to, expand_dims, matrix_transpose, permute_dims, reshape,
                           stack)
from .reduction import max, min, sum, sum_dtype


def matmul(a: ArrayLike, b: ArrayLike) -> Array:
    """The matrix product, NumPy's ``@``: 1-D operands are vectors, leading axes broadcast.
    Operands promote by the dtype rules.

    >>> lt.matmul(lt.asarray([[1, 2], [3, 4]]), lt.asarray([1, 1]))
    lazyten.Array([3, 7], dtype=int64)
    """
    a, b, dt = operands(a, b)  # the op's inference checks the shapes (0-d operands too)
    return wrap(apply("matmul", (node_as(a, dt), node_as(b, dt))))


def _pair(x1: Any, x2: Any) -> tuple[Array, Array]:
    a, b, dt = operands(x1, x2)
    return wrap(node_as(a, dt)), wrap(node_as(b, dt))


def tensordot(x1: ArrayLike, x2: ArrayLike, /,
              axes: int | tuple[Sequence[int], Sequence[int]] = 2) -> Array:
    """Sums of products over ``axes`` of x1 and x2 (the last ``axes`` of x1 with the first of x2
    for an int). Operands promote by the dtype rules.

    >>> lt.tensordot(lt.asarray([[1, 2], [3, 4]]), lt.asarray([[1, 0], [0, 1]]))
    lazyten.Array(5, dtype=int64)
    >>> lt.tensordot(lt.ones((2, 3)), lt.ones((3, 4)), axes=1).shape
    (2, 4)
    """
    a, b = _pair(x1, x2)
    if isinstance(axes, (tuple, list)):
        if len(axes) != 2:
            raise ArgumentError(f"tensordot: axes must be an integer or a pair of sequences of "
                                f"axes, got {axes!r}")
        ax_a = tuple(A.axis(k, a.ndim, "tensordot: x1 axis") for k in A.listed(axes[0]))
        ax_b = tuple(A.axis(k, b.ndim, "tensordot: x2 axis") for k in A.listed(axes[1]))
    else:
        n = A.count(axes, "tensordot: axes")
        if n > _min_rank(a, b):
            raise ShapeError(f"tensordot: axes={n} does not fit shapes {a.shape}, {b.shape}")
        ax_a, ax_b = tuple(range(a.ndim - n, a.ndim)), tuple(range(n))
    if any(a.shape[i] != b.shape[j] for i, j in zip(ax_a, ax_b)) or len(ax_a) != len(ax_b):
        raise ShapeError(f"tensordot: contracted axes {ax_a} of {a.shape} and {ax_b} of "
                         f"{b.shape} differ")
    free_a = [k for k in range(a.ndim) if k not in ax_a]
    free_b = [k for k in range(b.ndim) if k not in ax_b]
    k = math.prod(a.shape[i] for i in ax_a)
    ma = reshape(permute_dims(a, free_a + list(ax_a)), (math.prod(a.shape[i] for i in free_a), k))
    mb = reshape(permute_dims(b, list(ax_b) + free_b), (k, math.prod(b.shape[i] for i in free_b)))
    out = tuple(a.shape[i] for i in free_a) + tuple(b.shape[i] for i in free_b)
    return reshape(matmul(ma, mb), out)


def _min_rank(a: Array, b: Array) -> int:
    return a.ndim if a.ndim < b.ndim else b.ndim


def vecdot(x1: ArrayLike, x2: ArrayLike, /, *, axis: int = -1) -> Array:
    """The dot product of vectors along ``axis``, broadcasting the others. Operands promote by
    the dtype rules; complex ``x1`` is conjugated first, as the standard says.

    >>> lt.vecdot(lt.asarray([[1, 2], [3, 4]]), lt.asarray([1, 1]))
    lazyten.Array([3, 7], dtype=int64)
    """
    a, b = _pair(x1, x2)
    shape = broadcast_shapes(a.shape, b.shape)
    axis = A.integer(axis, "vecdot: axis")
    if axis >= 0 and (a.ndim != b.ndim):
        raise ShapeError(f"vecdot: a non-negative axis ({axis}) needs equal ranks, got "
                         f"{a.shape}, {b.shape}")
    ax = A.axis(axis, len(shape), "vecdot: axis")
    if a.shape[ax - len(shape)] != b.shape[ax - len(shape)]:
        raise ShapeError(f"vecdot: axis {axis} differs in size for {a.shape} and {b.shape}")
    return sum(multiply(conj(a) if a.dtype.kind == "c" else a, b), axis=ax, dtype=a.dtype)


def diagonal(x: ArrayLike, /, *, offset: int = 0) -> Array:
    """The diagonal ``offset`` (above the main one if positive) of the matrices in the last two
    axes. Keeps the dtype.

    >>> lt.linalg.diagonal(lt.asarray([[1, 2], [3, 4]]))
    lazyten.Array([1, 4], dtype=int64)
    """
    x = as_array(x)
    offset = A.integer(offset, "diagonal: offset")
    if x.ndim < 2:
        raise ShapeError(f"diagonal needs at least 2 dimensions, got shape {x.shape}")
    m, n = x.shape[-2:]
    rows = np.arange(_max(0, -offset), _min(m, n - offset)) if _min(m, n - offset) > 0 \
        else np.arange(0)
    pos = rows * n + rows + offset
    flat = reshape(x, x.shape[:-2] + (m * n,))
    return wrap(apply("gather", [flat._node(), numpy_leaf(pos, D.int64)], axis=x.ndim - 2))


def _max(a: int, b: int) -> int:
    return a if a > b else b


def _min(a: int, b: int) -> int:
    return a if a < b else b


def trace(x: ArrayLike, /, *, offset: int = 0, dtype: DTypeLike | None = None) -> Array:
    """The sum of diagonal ``offset`` of the matrices in the last two axes. Small integers sum
    in int64 (uint64 for unsigned), as ``sum`` does; ``dtype`` picks another.

    >>> lt.linalg.trace(lt.asarray([[1, 2], [3, 4]], dtype=lt.int8))
    lazyten.Array(5, dtype=int64)
    """
    d = diagonal(x, offset=A.integer(offset, "trace: offset"))
    return sum(d, axis=-1, dtype=sum_dtype(d.dtype, dtype))


def outer(x1: ArrayLike, x2: ArrayLike, /) -> Array:
    """The outer product of two 1-D arrays, ``x1[i] * x2[j]``. Operands promote by the dtype
    rules.

    >>> lt.linalg.outer(lt.asarray([1, 2]), lt.asarray([3, 4]))
    lazyten.Array([[3, 4],
                   [6, 8]], dtype=int64)
    """
    a, b = _pair(x1, x2)
    if a.ndim != 1 or b.ndim != 1:
        raise ShapeError(f"outer needs 1-D arrays, got shapes {a.shape} and {b.shape}")
    return multiply(expand_dims(a, -1), expand_dims(b, 0))


def cross(x1: ArrayLike, x2: ArrayLike, /, *, axis: int = -1) -> Array:
    """The cross product of 3-vectors along ``axis``, broadcasting the other axes. Operands
    promote by the dtype rules.

    >>> lt.linalg.cross(lt.asarray([1, 0, 0]), lt.asarray([0, 1, 0]))
    lazyten.Array([0, 0, 1], dtype=int64)
    """
    a, b = _pair(x1, x2)
    shape = broadcast_shapes(a.shape, b.shape)
    ax = A.axis(axis, len(shape), "cross: axis")
    if shape[ax] != 3 or a.shape[ax - len(shape)] != 3 or b.shape[ax - len(shape)] != 3:
        raise ShapeError(f"cross needs size 3 along axis {axis}, got {a.shape} and {b.shape}")
    a, b = broadcast_to(a, shape), broadcast_to(b, shape)
    c = [take(a, as_array(np.asarray(i)), axis=ax) for i in range(3)]
    d = [take(b, as_array(np.asarray(i)), axis=ax) for i in range(3)]
    comps = [subtract(multiply(c[1], d[2]), multiply(c[2], d[1])),
             subtract(multiply(c[2], d[0]), multiply(c[0], d[2])),
             subtract(multiply(c[0], d[1]), multiply(c[1], d[0]))]
    return stack(comps, axis=ax)


def vector_norm(x: ArrayLike, /, *, axis: int | tuple[int, ...] | None = None,
                keepdims: bool = False, ord: int | float = 2) -> Array:
    """The ``ord``-norm of the vectors along ``axis`` (of all elements for None): 2 (default),
    1, inf, -inf, 0 (the count of nonzeros) or any other p. Float arrays keep their dtype;
    complex ones give the real dtype of their precision (norms of the moduli).

    >>> lt.linalg.vector_norm(lt.asarray([3.0, -4.0]))
    lazyten.Array(5., dtype=float32)
    >>> lt.linalg.vector_norm(lt.asarray([3.0, -4.0]), ord=1)
    lazyten.Array(7., dtype=float32)
    """
    x = as_array(x)
    if x.dtype.kind not in "fc":
        raise DTypeError(f"vector_norm needs a floating-point array, got {x._type}")
    if isinstance(ord, str):  # 'fro' and 'nuc' are matrix norms
        raise ValueArgumentError(f"vector_norm: ord must be a number, got {ord!r}")
    ord = A.real(ord, "vector_norm: ord")
    axes = A.sorted_axes(axis, x.ndim, "vector_norm")
    a = abs(x)
    if x.ndim == 0 and ord != 0:
        return a
    if ord == math.inf:
        return max(a, axis=axes, keepdims=keepdims)
    if ord == -math.inf:
        return min(a, axis=axes, keepdims=keepdims)
    if ord == 0:
        return wrap(cast(sum(not_equal(x, 0), axis=axes, keepdims=keepdims)._node(), a.dtype))
    if ord == 1:
        return sum(a, axis=axes, keepdims=keepdims)
    if ord == 2:
        return sqrt(sum(multiply(a, a), axis=axes, keepdims=keepdims))
    p = float(ord)
    return pow(sum(pow(a, p), axis=axes, keepdims=keepdims), 1.0 / p)


def matrix_norm(x: ArrayLike, /, *, keepdims: bool = False,
                ord: int | float | str = "fro") -> Array:
    """The Frobenius (``'fro'``, default), nuclear (``'nuc'``: the sum of the singular
    values), 1, -1, inf, -inf, 2 or -2 (the largest or smallest singular value) norm of the
    matrices in the last two axes. Float arrays keep their dtype; complex ones give the real
    dtype of their precision.

    >>> lt.linalg.matrix_norm(lt.asarray([[3.0, 0.0], [0.0, 4.0]]))
    lazyten.Array(5., dtype=float32)
    >>> lt.linalg.matrix_norm(lt.asarray([[1.0, -2.0], [3.0, 4.0]]), ord=1)
    lazyten.Array(6., dtype=float32)
    """
    x = as_array(x)
    if x.ndim < 2:
        raise ShapeError(f"matrix_norm needs a stack of matrices, got {x._type}")
    if x.dtype.kind not in "fc":
        raise DTypeError(f"matrix_norm needs a floating-point or complex array, got {x._type}")
    a = abs(x)
    if ord == "fro":
        r = sqrt(sum(multiply(a, a), axis=(-2, -1), keepdims=True))
    elif ord in (1, -1):
        s = sum(a, axis=-2, keepdims=True)
        r = max(s, axis=-1, keepdims=True) if ord == 1 else min(s, axis=-1, keepdims=True)
    elif ord in (math.inf, -math.inf):
        s = sum(a, axis=-1, keepdims=True)
        r = max(s, axis=-2, keepdims=True) if ord > 0 else min(s, axis=-2, keepdims=True)
    elif ord in (2, -2, "nuc"):
        s = svdvals(x)
        r = sum(s, axis=-1) if ord == "nuc" else s[..., 0] if ord == 2 else s[..., -1]
        r = reshape(r, x.shape[:-2] + (1, 1))
    else:
        raise ValueArgumentError(f"matrix_norm: ord must be 'fro', 'nuc', 1, -1, 2, -2, inf or "
                                 f"-inf, got {ord!r}")
    return r if keepdims else reshape(r, x.shape[:-2])


def det(x: ArrayLike, /) -> Array:
    """The determinant of the square matrices in the last two axes. Real or complex floating
    arrays; keeps the dtype.

    >>> lt.linalg.det(lt.asarray([[2.0, 1.0], [1.0, 3.0]]))
    lazyten.Array(5., dtype=float32)
    """
    x = as_array(x)
    return wrap(apply("det", [x._node()]))


def inv(x: ArrayLike, /) -> Array:
    """The inverse of each square matrix of ``x`` (real or complex floating dtypes), by LU with
    partial pivoting (onnxruntime's ``com.microsoft`` Inverse: exported models import that
    operator set; a complex matrix X + iY through the real [[X, -Y], [Y, X]]). A singular
    matrix gives inf or NaN instead of an error, since the value is computed later.

    >>> lt.linalg.inv(lt.asarray([[2.0, 0.0], [0.0, 4.0]]))
    lazyten.Array([[0.5 , 0.  ],
                   [0.  , 0.25]], dtype=float32)
    """
    x = as_array(x)
    if x.dtype.kind not in "fc":
        raise DTypeError(f"inv needs a floating-point array, got {x._type}")
    return wrap(apply("inv", [x._node()]))


def solve(x1: ArrayLike, x2: ArrayLike, /) -> Array:
    """The solution ``y`` of ``x1 @ y == x2`` for square ``x1`` (a 1-D ``x2`` is one vector,
    else a stack of matrices; batches broadcast), as ``inv(x1) @ x2``. Operands promote by the
    dtype rules.

    >>> lt.linalg.solve(lt.asarray([[2.0, 0.0], [0.0, 4.0]]), lt.asarray([1.0, 1.0]))
    lazyten.Array([0.5 , 0.25], dtype=float32)
    """
    a, b = _pair(x1, x2)
    if a.ndim < 2 or a.shape[-1] != a.shape[-2]:
        raise ShapeError(f"solve needs a stack of square matrices as x1, got shape {a.shape}")
    if b.ndim == 0 or b.shape[-1 if b.ndim == 1 else -2] != a.shape[-1]:
        raise ShapeError(f"solve: x2 of shape {b.shape} does not fit x1 of shape {a.shape}")
    return matmul(inv(a), b)


def matrix_power(x: ArrayLike, n: int, /) -> Array:
    """The matrices in the last two axes to the power ``n`` (the identity for 0; a negative
    ``n`` is a power of the inverse, for float dtypes). Keeps the dtype. Repeated squaring
    with matmul.

    >>> lt.linalg.matrix_power(lt.asarray([[1, 1], [0, 1]]), 3)
    lazyten.Array([[1, 3],
                   [0, 1]], dtype=int64)
    """
    x = as_array(x)
    n = A.integer(n, "matrix_power: n")
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ShapeError(f"matrix_power needs square matrices, got shape {x.shape}")
    if n < 0:
        if x.dtype.kind not in "fc":
            raise DTypeError(f"matrix_power: a negative exponent ({n}) needs the inverse, of a "
                             f"floating-point array; got {x.dtype.name} of shape {x.shape}")
        x, n = inv(x), -n
    eye = np.broadcast_to(np.eye(x.shape[-1], dtype=x.dtype.np), x.shape)
    result: Array = wrap(numpy_leaf(eye, x.dtype))
    base = x
    while n:
        if n & 1:
            result = matmul(result, base)
        n >>= 1
        if n:
            base = matmul(base, base)
    return result


__all__ = ["cholesky", "cross", "det", "diagonal", "eigh", "eigvalsh", "inv", "matmul",
           "matrix_norm", "matrix_power", "matrix_rank", "matrix_transpose", "outer", "pinv",
           "qr", "slogdet", "solve", "svd", "svdvals", "tensordot", "trace", "vecdot",
           "vector_norm"]
