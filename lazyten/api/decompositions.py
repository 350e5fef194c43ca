"""The ``linalg`` decompositions (Array API 2024.12 signatures) and what is built on them.

Each decomposition is one IR op (``lazyten.ops.factorizations`` and ``lazyten.ops.jacobi``)
whose packed result these functions slice into the parts; CSE shares one op between, say,
``svd(x, full_matrices=False)`` and ``svdvals(x)``. Float32, float64, complex64 and
complex128 throughout; a failed decomposition (a matrix that is not positive definite for
``cholesky``, NaN or infinity in the input) gives NaN instead of an error, since the value is
computed later.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import dtypes as D
from ..array import Array, ArrayLike, as_array, wrap
from ..errors import DTypeError, ShapeError, ValueArgumentError
from ..lazy import apply
from ..ops.factorizations import FIELDS, qr_parts
from ..ops.jacobi import svd_sizes
from .complex_math import conj, real
from .elementwise import divide, greater, multiply, where
from .dtype_functions import astype
from .manipulation import matrix_transpose, reshape
from .reduction import sum


class EighResult(NamedTuple):
    eigenvalues: Array
    eigenvectors: Array


class QRResult(NamedTuple):
    Q: Array
    R: Array


class SVDResult(NamedTuple):
    U: Array
    S: Array
    Vh: Array


class SlogdetResult(NamedTuple):
    sign: Array
    logabsdet: Array


def _matrices(x: ArrayLike, name: str, square: bool) -> Array:
    """``x`` as an array of float32, float64, complex64 or complex128 matrices; raises naming
    its type."""
    x = as_array(x)
    if x.dtype not in FIELDS:
        raise DTypeError(f"{name} needs a float32, float64, complex64 or complex128 array, got "
                         f"{x.dtype.name} of shape {x.shape}")
    if x.ndim < 2 or (square and x.shape[-1] != x.shape[-2]):
        raise ShapeError(f"{name} needs a stack of {'square ' if square else ''}matrices, "
                         f"got shape {x.shape}")
    return x


def _part(packed: Array, start: int, stop: int, shape: tuple[int, ...]) -> Array:
    return reshape(packed[..., start:stop], packed.shape[:-1] + shape)


def cholesky(x: ArrayLike, /, *, upper: bool = False) -> Array:
    """The Cholesky factor of each symmetric (complex: Hermitian) positive definite matrix
    (lower, from the lower triangle, with a real diagonal; its conjugate transpose for
    ``upper``). NaN where a matrix is not positive definite.

    >>> lt.linalg.cholesky(lt.asarray([[4.0, 2.0], [2.0, 5.0]]))
    lazyten.Array([[2., 0.],
                   [1., 2.]], dtype=float32)
    """
    lower = wrap(apply("cholesky", [_matrices(x, "cholesky", True)._node()]))
    return matrix_transpose(conj(lower)) if upper else lower


def qr(x: ArrayLike, /, *, mode: str = "reduced") -> QRResult:
    """Q (orthonormal columns) and R (upper triangular) with ``x = Q @ R``, by Householder
    reflections with LAPACK's (NumPy's) signs; ``mode`` 'reduced' (K = min(M, N) columns of
    Q) or 'complete' (M).

    >>> q, r = lt.linalg.qr(lt.asarray([[3.0, 1.0], [4.0, 2.0]], dtype=lt.float64))
    >>> r.numpy().round(12)
    array([[-5. , -2.2],
           [ 0. ,  0.4]])
    """
    x = _matrices(x, "qr", False)
    if mode not in ("reduced", "complete"):
        raise ValueArgumentError(f"qr: mode must be 'reduced' or 'complete', got {mode!r}")
    packed = wrap(apply("qr", [x._node()], mode=mode))
    (qm, qc), (rr, rc) = qr_parts(x.shape[-2], x.shape[-1], mode)
    return QRResult(_part(packed, 0, qm * qc, (qm, qc)),
                    _part(packed, qm * qc, qm * qc + rr * rc, (rr, rc)))


def eigh(x: ArrayLike, /) -> EighResult:
    """Eigenvalues (ascending; real) and eigenvectors (columns) of each symmetric (Hermitian)
    matrix, read from its lower triangle, by Jacobi rotations. Each eigenvector is multiplied
    by the sign (unit complex factor) that makes its entry of largest magnitude positive.

    >>> w, v = lt.linalg.eigh(lt.asarray([[2.0, 1.0], [1.0, 2.0]]))
    >>> w.numpy().round(6), v.numpy().round(4)
    (array([1., 3.], dtype=float32), array([[ 0.7071,  0.7071],
           [-0.7071,  0.7071]], dtype=float32))
    """
    x = _matrices(x, "eigh", True)
    packed = wrap(apply("eigh", [x._node()]))
    return EighResult(real(packed[..., 0, :]), packed[..., 1:, :])


def eigvalsh(x: ArrayLike, /) -> Array:
    """The eigenvalues (ascending; real) of each symmetric (Hermitian) matrix, from its lower
    triangle.

    >>> lt.linalg.eigvalsh(lt.asarray([[2.0, 0.0], [0.0, -1.0]]))
    lazyten.Array([-1.,  2.], dtype=float32)
    """
    return eigh(x).eigenvalues


def svd(x: ArrayLike, /, *, full_matrices: bool = True) -> SVDResult:
    """U, S (descending; real) and Vh with ``x = U @ diag(S) @ Vh``, by one-sided Jacobi
    rotations (accurate small singular values: no ``x.T @ x``). The singular vectors of a
    tall matrix are multiplied by the signs (unit complex factors) that make each column of
    V = Vh^H have its entry of largest magnitude positive (each column of U, for a wide one).
    ``full_matrices``: square U and Vh, else K = min(M, N).

    >>> u, s, vh = lt.linalg.svd(lt.asarray([[3.0, 0.0], [0.0, -4.0]]))
    >>> s
    lazyten.Array([4., 3.], dtype=float32)
    """
    x = _matrices(x, "svd", False)
    full = bool(full_matrices)
    m, n = x.shape[-2:]
    uc, k, vr = svd_sizes(m, n, full)
    packed = wrap(apply("svd", [x._node()], full_matrices=full))
    return SVDResult(_part(packed, 0, m * uc, (m, uc)), real(packed[..., m * uc:m * uc + k]),
                     _part(packed, m * uc + k, m * uc + k + vr * n, (vr, n)))


def svdvals(x: ArrayLike, /) -> Array:
    """The singular values (descending; real) of each matrix.

    >>> lt.linalg.svdvals(lt.asarray([[0.0, 2.0], [1.0, 0.0]]))
    lazyten.Array([2., 1.], dtype=float32)
    """
    return svd(x, full_matrices=False).S


def slogdet(x: ArrayLike, /) -> SlogdetResult:
    """The sign (+-1, or 0 for a singular matrix; for complex matrices a complex number of
    modulus 1, or 0) and the natural log of the absolute value (real) of each determinant, by
    LU with partial pivoting: no overflow where det would.

    >>> lt.linalg.slogdet(lt.asarray([[0.0, 2.0], [3.0, 0.0]])).sign
    lazyten.Array(-1., dtype=float32)
    """
    x = _matrices(x, "slogdet", True)
    packed = wrap(apply("slogdet", [x._node()]))
    return SlogdetResult(packed[..., 0], real(packed[..., 1]))


def _cutoff(s: Array, rtol: ArrayLike | None, m: int, n: int, name: str) -> Array:
    """rtol times the largest singular value (rtol: max(M, N) * eps by default)."""
    if rtol is None:
        rtol = float(np.finfo(s.dtype.np).eps) * (m if m > n else n)
    rtol = as_array(rtol)
    if rtol.dtype.kind not in "fiu":
        raise DTypeError(f"{name}: rtol must be a real number or array, got {rtol._type} "
                         f"({rtol.dtype.name})")
    return multiply(astype(rtol, s.dtype), sum(s[..., :1], axis=-1))  # s is descending


def pinv(x: ArrayLike, /, *, rtol: float | ArrayLike | None = None) -> Array:
    """The Moore-Penrose pseudo-inverse of each matrix, from its SVD: singular values at most
    ``rtol`` times the largest (default max(M, N) * eps) count as zero.

    >>> lt.linalg.pinv(lt.asarray([[2.0, 0.0], [0.0, 0.0]]))
    lazyten.Array([[0.5, 0. ],
                   [0. , 0. ]], dtype=float32)
    """
    x = _matrices(x, "pinv", False)
    u, s, vh = svd(x, full_matrices=False)
    cutoff = _cutoff(s, rtol, x.shape[-2], x.shape[-1], "pinv")
    keep = greater(s, cutoff[..., None])
    inverse = where(keep, divide(1.0, where(keep, s, 1.0)), 0.0)
    return wrap(apply("matmul", [(matrix_transpose(conj(vh)) * inverse[..., None, :])._node(),
                                 matrix_transpose(conj(u))._node()]))


def matrix_rank(x: ArrayLike, /, *, rtol: float | ArrayLike | None = None) -> Array:
    """The number of singular values of each matrix above ``rtol`` times the largest (default
    max(M, N) * eps), as int64.

    >>> lt.linalg.matrix_rank(lt.asarray([[1.0, 2.0], [2.0, 4.0]]))
    lazyten.Array(1, dtype=int64)
    """
    x = _matrices(x, "matrix_rank", False)
    s = svdvals(x)
    cutoff = _cutoff(s, rtol, x.shape[-2], x.shape[-1], "matrix_rank")
    return sum(greater(s, cutoff[..., None]), axis=-1, dtype=D.int64)


__all__ = ["cholesky", "eigh", "eigvalsh", "matrix_rank", "pinv", "qr", "slogdet", "svd",
           "svdvals"]
