"""Matrix factorizations as ONNX programs (ONNX has none of them): Cholesky by columns and
Householder QR in ONNX ``Loop``s, and LU with partial pivoting (unrolled) for ``slogdet``.

Multi-part results are one packed tensor that the namespace slices: QR's Q and R flattened
and concatenated along the last axis, slogdet's sign and log|det| along a last axis of 2.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes as D
from ..dtypes import DType
from ..errors import DTypeError, ShapeError
from ..ir import Node, TensorType
from . import examples as X
from .field import Reals, Value, field
from .lowering import i64, scalar
from .table import Emitter, Example, defop, quiet

DECOMPOSABLE = (D.float32, D.float64)
COMPLEX = (D.complex64, D.complex128)


def stack_of_matrices(name: str, t: TensorType, square: bool, complex_ok: bool = False
                      ) -> tuple[int, int]:
    """The static matrix sizes of ``t`` for op ``name`` (of a real or, where ``complex_ok``,
    complex dtype); raises naming the shape or dtype."""
    if t.dtype not in DECOMPOSABLE + (COMPLEX if complex_ok else ()):
        kinds = "float32, float64, complex64 or complex128" if complex_ok else \
            "float32 or float64"
        raise DTypeError(f"{name} needs {kinds}, got {t.dtype.name} (input {t})")
    if len(t.shape) < 2 or (square and t.shape[-1] != t.shape[-2]):
        kind = "square matrices" if square else "matrices"
        raise ShapeError(f"{name} needs a stack of {kind}, got shape {t.shape}")
    m, n = t.shape[-2:]
    if type(m) is not int or type(n) is not int:
        raise ShapeError(f"{name} needs static matrix sizes, got shape {t.shape}")
    return m, n


def eye(em: Emitter, rows: int, cols: int, dt: DType) -> str:
    return em.const(np.eye(rows, cols, dtype=dt.np))


def batch_shape(em: Emitter, a: str, last: list[int]) -> str:
    """The shape of ``a`` with its last two sizes replaced by ``last``."""
    return em.op("Concat", em.op("Shape", a, end=-2), i64(em, last), axis=0)


def swap_last(em: Emitter, a: str, rank: int) -> str:
    return em.op("Transpose", a, perm=list(range(rank - 2)) + [rank - 1, rank - 2])


def unsq(em: Emitter, x: str, axis: int) -> str:
    return em.op("Unsqueeze", x, i64(em, [axis]))


def nan_where_bad(em: Emitter, result: str, bad: str, dt: DType) -> str:
    """``result`` with NaN in every matrix where ``bad`` (one bool per matrix, shape (...,))."""
    return em.op("Where", unsq(em, unsq(em, bad, -1), -1), scalar(em, np.nan, dt), result)


def not_finite(em: Emitter, a: str) -> str:
    """One bool per matrix: does it hold a NaN or an infinity."""
    return em.op("IsNaN", em.op("ReduceSum", em.op("Sub", a, a), i64(em, [-2, -1]), keepdims=0))


# ---------------------------------------------------------------------------------------------
# Cholesky

def _infer_cholesky(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    stack_of_matrices("cholesky", types[0], square=True, complex_ok=True)
    return types[0]


def _lower_cholesky(em: Emitter, n: Node, ins: list[str]) -> str:
    """The lower factor column by column (Cholesky-Crout, as LAPACK's potf2), from the lower
    triangle: column j is (a[:, j] - L @ conj(L[j])) / d with d = sqrt of the real part of its
    diagonal entry. A matrix that is not positive definite (a pivot that is not positive) is
    all NaN. Real and complex matrices alike (``field``)."""
    f, size = field(em, n.dtype), n.shape[-1]
    a = f.unpack(ins[0])
    rows = em.const(np.arange(size, dtype=np.int64))

    def column(em: Emitter, j: str, values: list[str]) -> tuple[None, list[str]]:
        g = f.within(em)
        lower = g.of_parts(values)
        row_j = g.map(lambda p: em.op("Gather", p, j, axis=-2), lower)
        s = g.map(lambda p: em.op("ReduceSum", p, i64(em, [-1]), keepdims=0),
                  g.mul(lower, g.conj(g.map(lambda p: unsq(em, p, -2), row_j))))
        rest = g.sub(g.map(lambda p: em.op("Gather", p, j, axis=-1), a), s)
        pivot = g.real_part(g.map(lambda p: em.op("Gather", p, j, axis=-1), rest))
        d = unsq(em, em.op("Sqrt", em.op("Where", em.op("Greater", pivot, scalar(em, 0.0, f.dt)),
                                         pivot, scalar(em, np.nan, f.dt))), -1)
        col = g.where(em.op("Greater", rows, j), g.div_real(rest, d),
                      g.where(em.op("Equal", rows, j), g.real(d), g.zero()))
        at_j = em.op("Equal", rows, j)  # column j
        return None, g.parts(g.where(at_j, g.map(lambda p: unsq(em, p, -1), col), lower))

    zeros = [em.op("Expand", scalar(em, 0.0, f.dt), em.op("Shape", p)) for p in f.parts(a)]
    parts = em.loop(i64(em, size), [(z, f.dt) for z in zeros], column)
    bad = None
    for p in parts:
        nan = em.op("IsNaN", em.op("ReduceSum", p, i64(em, [-2, -1]), keepdims=0))
        bad = nan if bad is None else em.op("Or", bad, nan)
    return f.pack(f.of_parts([nan_where_bad(em, p, bad, f.dt) for p in parts]))


def positive_definite(rng: np.random.Generator, shape: tuple[int, ...], cond: float,
                      complex_: bool = False) -> np.ndarray:
    """Random symmetric (Hermitian, where ``complex_``) positive definite matrices with
    eigenvalues from 1 down to 1/cond."""
    n = shape[-1]
    q, _ = np.linalg.qr(X.gaussian(rng, shape, complex_))
    return (q * np.geomspace(1.0, 1.0 / cond, n)) @ np.swapaxes(q, -1, -2).conj()


def _cholesky_examples(dt: DType) -> list[Example]:
    """Positive definite matrices; for complex ones also imaginary parts on the diagonal,
    which NumPy ignores as the factorization does; matrices that are not positive definite
    (indefinite, semidefinite) give NaN."""
    if dt not in DECOMPOSABLE + COMPLEX:
        return []
    rng, cplx = np.random.default_rng(21), dt.kind == "c"
    cases = [positive_definite(rng, (4, 4), 10.0, cplx),
             positive_definite(rng, (3, 5, 5), 100.0, cplx),
             np.array([[4.0]]), np.array([[4.0, 2.0], [2.0, 5.0]]), np.zeros((0, 3, 3)),
             np.zeros((2, 0, 0)), np.array([[1.0, 2.0], [2.0, 1.0]]),
             np.array([[2.0, 7.0], [1.0, 3.0]]), np.array([[1.0, 0.0], [0.0, 0.0]])]
    if cplx:
        cases += [np.array([[4.0 + 3j, 2.0 - 1j], [2.0 + 1j, 5.0]]),
                  np.array([[1.0, 2j], [-2j, 1.0]]), np.array([[9.0 + 0j]])]
    return [Example((np.asarray(c, dt.np),), {}) for c in cases]


def nan_like(x: np.ndarray) -> np.ndarray:
    """An array of NaN of ``x``'s shape and dtype (NaN in both parts of complex numbers, as
    the lowerings give)."""
    return np.full(x.shape, complex(np.nan, np.nan) if x.dtype.kind == "c" else np.nan,
                   x.dtype)


@quiet
def _ref_cholesky(x: np.ndarray) -> np.ndarray:
    out = nan_like(x)
    for index in np.ndindex(x.shape[:-2]):
        try:
            out[index] = np.linalg.cholesky(x[index])
        except np.linalg.LinAlgError:  # not positive definite: no error at run time, NaN
            pass
    return out


defop("cholesky", _infer_cholesky, _ref_cholesky, _lower_cholesky,
      examples=_cholesky_examples, ulps=8.0, normwise=True, complex_ok=True,
      doc="lower Cholesky factor from the lower triangle (NaN where not positive definite)")


# ---------------------------------------------------------------------------------------------
# Householder QR

def householder(em: Emitter, a: str, m: int, n: int, dt: DType, qcols: int
                ) -> tuple[str, str]:
    """Q (m x qcols) and R (m x n, zero below the diagonal) of ``a`` by Householder
    reflections with LAPACK's conventions (dgeqrf's dlarfg: beta = -sign(alpha) * norm, no
    reflection where the column below the diagonal is zero; dorgqr's backward accumulation),
    so signs agree with NumPy's."""
    k = min(m, n)
    rows = em.const(np.arange(m, dtype=np.int64))
    cols = em.const(np.arange(n, dtype=np.int64))
    kcols = em.const(np.arange(k, dtype=np.int64))
    zero, one = scalar(em, 0.0, dt), scalar(em, 1.0, dt)

    def step(em: Emitter, j: str, values: list[str]) -> tuple[None, list[str]]:
        r, vs, taus = values
        col = em.op("Gather", r, j, axis=-1)
        alpha = em.op("Gather", col, j, axis=-1)
        below = em.op("Greater", rows, j)
        tail = em.op("Where", below, col, zero)
        xnorm2 = em.op("ReduceSum", em.op("Mul", tail, tail), i64(em, [-1]), keepdims=0)
        hyp = em.op("Sqrt", em.op("Add", em.op("Mul", alpha, alpha), xnorm2))
        beta = em.op("Where", em.op("Less", alpha, zero), hyp, em.op("Neg", hyp))
        none = em.op("Equal", xnorm2, zero)
        safe = em.op("Where", none, one, beta)
        tau = em.op("Where", none, zero, em.op("Div", em.op("Sub", safe, alpha), safe))
        scale = em.op("Div", one, em.op("Where", none, one, em.op("Sub", alpha, safe)))
        v = em.op("Where", em.op("Equal", rows, j), one,
                  em.op("Mul", tail, unsq(em, scale, -1)))
        vtr = em.op("ReduceSum", em.op("Mul", unsq(em, v, -1), r), i64(em, [-2]), keepdims=1)
        r = em.op("Sub", r, em.op("Mul", unsq(em, em.op("Mul", v, unsq(em, tau, -1)), -1), vtr))
        at_col = em.op("Equal", cols, j)
        pivot = em.op("And", unsq(em, em.op("Equal", rows, j), -1), at_col)
        r = em.op("Where", pivot, unsq(em, unsq(em, em.op("Where", none, alpha, beta), -1), -1),
                  em.op("Where", em.op("And", unsq(em, below, -1), at_col), zero, r))
        in_k = em.op("Equal", kcols, j)
        vs = em.op("Where", in_k, unsq(em, v, -1), vs)
        taus = em.op("Where", in_k, unsq(em, tau, -1), taus)
        return None, [r, vs, taus]

    vs0 = em.op("Expand", zero, batch_shape(em, a, [m, k]))
    taus0 = em.op("Expand", zero, em.op("Shape", a, end=-1))
    taus0 = em.op("Slice", taus0, i64(em, [0]), i64(em, [k]), i64(em, [-1]))
    r, vs, taus = em.loop(i64(em, k), [(a, dt), (vs0, dt), (taus0, dt)], step)

    def back(em: Emitter, i: str, values: list[str]) -> tuple[None, list[str]]:
        (q,) = values
        j = em.op("Sub", i64(em, k - 1), i)
        v = em.op("Gather", vs, j, axis=-1)
        tau = em.op("Gather", taus, j, axis=-1)
        vq = em.op("ReduceSum", em.op("Mul", unsq(em, v, -1), q), i64(em, [-2]), keepdims=1)
        return None, [em.op("Sub", q, em.op("Mul", unsq(em, em.op("Mul", v, unsq(em, tau, -1)),
                                                         -1), vq))]

    q0 = em.op("Expand", eye(em, m, qcols, dt), batch_shape(em, a, [m, qcols]))
    (q,) = em.loop(i64(em, k), [(q0, dt)], back)
    return q, r


def qr_parts(m: int, n: int, mode: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """The shapes of Q and R for ``mode``."""
    k = min(m, n)
    return ((m, m), (m, n)) if mode == "complete" else ((m, k), (k, n))


def _infer_qr(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    m, n = stack_of_matrices("qr", types[0], square=False)
    (qm, qc), (rr, rc) = qr_parts(m, n, attrs["mode"])
    return TensorType(types[0].dtype, types[0].shape[:-2] + (qm * qc + rr * rc,))


def _lower_qr(em: Emitter, n: Node, ins: list[str]) -> str:
    x = n.inputs[0]
    m, cols = x.shape[-2:]
    (qm, qc), (rr, rc) = qr_parts(m, cols, n.attrs["mode"])
    if min(m, cols) == 0:  # no reflections: Q is the identity
        return em.op("Expand", em.const(_ref_qr(np.zeros((m, cols), n.dtype.np),
                                                n.attrs["mode"])), i64(em, n.shape))
    q, r = householder(em, ins[0], m, cols, n.dtype, qc)
    r = em.op("Slice", r, i64(em, [0]), i64(em, [rr]), i64(em, [-2]))
    flat = [em.op("Reshape", part, em.op("Concat", em.op("Shape", part, end=-2), i64(em, [size]),
                                         axis=0))
            for part, size in ((q, qm * qc), (r, rr * rc))]
    return em.op("Concat", *flat, axis=-1)


@quiet
def _ref_qr(x: np.ndarray, mode: str) -> np.ndarray:
    q, r = np.linalg.qr(x, mode=mode)
    return np.concatenate([flatten(q), flatten(r)], axis=-1)


def flatten(x: np.ndarray) -> np.ndarray:
    """The matrices of ``x`` as rows (zero-size ones included)."""
    return x.reshape(x.shape[:-2] + (x.shape[-2] * x.shape[-1],))


def _qr_examples(dt: DType) -> list[Example]:
    """Full-rank matrices (where R has a zero on its diagonal, Q is no one basis)."""
    if dt not in DECOMPOSABLE:
        return []
    rng = np.random.default_rng(22)
    shapes = [(4, 3), (3, 4), (2, 5, 5), (1, 1), (6, 2), (0, 3, 2), (2, 3, 0)]
    return [Example((rng.standard_normal(s).astype(dt.np),), {"mode": mode})
            for s in shapes for mode in ("reduced", "complete")]


defop("qr", _infer_qr, _ref_qr, _lower_qr, examples=_qr_examples, ulps=32.0, normwise=True,
      doc="Householder QR (LAPACK's sign conventions), Q and R flattened into one tensor")


# ---------------------------------------------------------------------------------------------
# LU with partial pivoting: det (float64) and slogdet

def lu_pivots(f: Reals, a: Value, size: int) -> tuple[list[Value], str]:
    """The pivots of the LU decomposition with partial pivoting (LAPACK's getrf, as NumPy
    uses; its pivot is the largest |re| + |im| for complex) of ``a`` in field ``f``, unrolled
    over the columns, and the sign (+-1, real) of its row permutation."""
    em, dt = f.em, f.dt
    rows = i64(em, np.arange(size))
    one = scalar(em, 1.0, dt)
    pivots, sign = [], one
    for k in range(size):
        kk = i64(em, k)
        col = f.map(lambda p: em.op("Gather", p, kk, axis=-1), a)
        below = em.op("GreaterOrEqual", rows, kk)
        candidates = em.op("Where", below, f.pivot_size(col), scalar(em, -1.0, dt))
        p = em.op("ArgMax", candidates, axis=-1, keepdims=1)
        perm = em.op("Where", em.op("Equal", rows, kk), p,
                     em.op("Where", em.op("Equal", rows, p), kk, rows))
        perm = em.op("Expand", em.op("Unsqueeze", perm, i64(em, [-1])),
                     em.op("Shape", f.parts(a)[0]))
        a = f.map(lambda x: em.op("GatherElements", x, perm, axis=-2), a)
        swapped = em.op("Where", em.op("Equal", em.op("Squeeze", p, i64(em, [-1])), kk),
                        one, scalar(em, -1.0, dt))
        pivot = f.map(lambda x: em.op("Gather", em.op("Gather", x, kk, axis=-1), kk, axis=-1),
                      a)
        pivots.append(pivot)
        sign = em.op("Mul", sign, swapped)
        if k + 1 < size:
            safe = f.where(f.is_zero(pivot), f.one(), pivot)
            factors = f.div(f.map(lambda x: em.op("Gather", x, kk, axis=-1), a),
                            f.map(lambda x: unsq(em, x, -1), safe))
            factors = f.where(em.op("Greater", rows, kk), factors, f.zero())
            pivot_row = f.map(lambda x: em.op("Gather", x, kk, axis=-2), a)
            a = f.sub(a, f.mul(f.map(lambda x: unsq(em, x, -1), factors),
                               f.map(lambda x: unsq(em, x, -2), pivot_row)))
    return pivots, sign


def _infer_slogdet(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    stack_of_matrices("slogdet", types[0], square=True, complex_ok=True)
    return TensorType(types[0].dtype, types[0].shape[:-2] + (2,))


def _lower_slogdet(em: Emitter, n: Node, ins: list[str]) -> str:
    """sign = the permutation's sign times the pivots' units p / |p|, log|det| = the sum of the
    pivots' log|p| (a zero pivot: sign 0, log|det| -inf, as NumPy). A complex result packs
    log|det| as a complex value with imaginary part 0."""
    f, size = field(em, n.dtype), n.inputs[0].shape[-1]
    if size == 0:
        return f.pack(f.map(lambda p: em.op("Expand", p, i64(em, n.shape)),
                            f.constant([1.0, 0.0])))
    pivots, sign = lu_pivots(f, f.unpack(ins[0]), size)
    logs = [em.op("Log", f.modulus(p)) for p in pivots]
    unit = f.real(sign)
    for p in pivots:
        unit = f.mul(unit, f.unit(p))
    total = logs[0] if len(logs) == 1 else em.op("Sum", *logs)
    unit = f.where(f.is_zero(unit), f.zero(), unit)  # +0.0, as in NumPy
    return f.pack(f.map(lambda s, t: em.op("Concat", unsq(em, s, -1), unsq(em, t, -1), axis=-1),
                        unit, f.real(total)))


@quiet
def _ref_slogdet(x: np.ndarray) -> np.ndarray:
    sign, logabs = np.linalg.slogdet(x)
    return np.stack([sign, logabs.astype(sign.dtype)], axis=-1).astype(x.dtype)


def _slogdet_examples(dt: DType) -> list[Example]:
    if dt not in DECOMPOSABLE + COMPLEX:
        return []
    rng, cplx = np.random.default_rng(23), dt.kind == "c"
    cases = [X.gaussian(rng, (3, 3), cplx), X.gaussian(rng, (2, 4, 4), cplx), np.eye(5) * 10,
             np.array([[1.0, 2.0], [2.0, 4.0]]), np.array([[0.0, 1.0], [1.0, 0.0]]),
             np.array([[-2.5]]), np.zeros((0, 2, 2)), np.zeros((2, 0, 0)),
             np.array([[0.0, 0.0, 1.0], [0.0, 2.0, 0.0], [3.0, 0.0, 0.0]]),
             np.eye(3) * 1e-30, X.gaussian(rng, (6, 6), cplx) * 1e20]
    if cplx:
        cases += [np.array([[1j, 2.0], [3.0, -1j]]), np.array([[1.0, 1j], [1j, -1.0]]),
                  np.diag([1j, -1j, 1 + 1j])]
    return [Example((np.asarray(c, dt.np),), {}) for c in cases]


defop("slogdet", _infer_slogdet, _ref_slogdet, _lower_slogdet, examples=_slogdet_examples,
      ulps=16.0, normwise=True, complex_ok=True,
      doc="sign and log|det| by LU with partial pivoting, packed along a last axis (complex: "
          "a complex sign and log|det| with imaginary part 0)")
