"""Matrix factorizations as ONNX programs (ONNX has none of them): Cholesky by columns and
Householder QR in ONNX ``Loop``s, and LU with partial pivoting (unrolled) for ``slogdet`` and
``det``; each written once for real and complex matrices over ``field``.

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
from .field import Real, Value, field_of
from .field import loop as field_loop
from .lowering import i64, scalar
from .pairs import paired
from .table import Emitter, Example, defop, quiet

# the dtypes of the matrices the programs take: real, and complex as pairs (``field``)
FIELDS = (D.float32, D.float64) + D.COMPLEX


def stack_of_matrices(name: str, t: TensorType, square: bool) -> tuple[int, int]:
    """The static matrix sizes of ``t`` for op ``name``; raises naming the shape or dtype."""
    if t.dtype not in FIELDS:
        raise DTypeError(f"{name} needs float32, float64, complex64 or complex128, got "
                         f"{t.dtype.name} (input {t})")
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


def unsq(em: Emitter, x: str, axis: int) -> str:
    return em.op("Unsqueeze", x, i64(em, [axis]))


def nan_where_bad(em: Emitter, F: Real, out: Value, bad: str, axes: int) -> str:
    """The ONNX result of ``out`` with NaN in every matrix where ``bad`` (one bool per matrix;
    ``axes`` trailing axes per matrix)."""
    for _ in range(axes):
        bad = unsq(em, bad, -1)
    return F.result(em, F.each(lambda p: em.op("Where", bad, scalar(em, np.nan, F.dt), p), out))


def filled(em: Emitter, n: Node, value: np.ndarray) -> str:
    """The result of ``n`` with ``value`` (complex values as pairs) in every matrix: what a
    program gives where the matrices are empty."""
    return em.op("Expand", em.const(np.asarray(value, n.dtype.np)),
                 i64(em, paired(n.type).shape))


# ---------------------------------------------------------------------------------------------
# Cholesky

def _infer_cholesky(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    stack_of_matrices("cholesky", types[0], square=True)
    return types[0]


def _lower_cholesky(em: Emitter, n: Node, ins: list[str]) -> str:
    """The lower factor column by column (Cholesky-Crout, as LAPACK's potf2), from the lower
    triangle: column j is (a[:, j] - L @ conj(L[j])) / d with d = sqrt of the real part of its
    diagonal entry. A matrix that is not positive definite (a pivot that is not positive) is
    all NaN. Real and complex matrices alike (``field``)."""
    F, size = field_of(n.dtype), n.shape[-1]
    a = F.value(em, ins[0])
    rows = em.const(np.arange(size, dtype=np.int64))

    def column(em: Emitter, j: str, values: list[Value]) -> tuple[None, list[Value]]:
        (lower,) = values
        row_j = F.each(lambda p: em.op("Gather", p, j, axis=-2), lower)
        s = F.each(lambda p: em.op("ReduceSum", p, i64(em, [-1]), keepdims=0),
                   F.mul(em, lower, F.conj(em, F.each(lambda p: unsq(em, p, -2), row_j))))
        rest = F.sub(em, F.each(lambda p: em.op("Gather", p, j, axis=-1), a), s)
        pivot = F.real(F.each(lambda p: em.op("Gather", p, j, axis=-1), rest))
        d = unsq(em, em.op("Sqrt", em.op("Where", em.op("Greater", pivot, scalar(em, 0.0, F.dt)),
                                         pivot, scalar(em, np.nan, F.dt))), -1)
        at_j = em.op("Equal", rows, j)
        col = F.where(em, em.op("Greater", rows, j), F.div_real(em, rest, d),
                      F.where(em, at_j, F.from_real(em, d), F.constant(em, 0.0)))
        return None, [F.where(em, at_j, F.each(lambda p: unsq(em, p, -1), col), lower)]

    (lower,) = field_loop(em, F, i64(em, size), [F.zeros(em, em.op("Shape", F.real(a)))],
                          column)
    return nan_where_bad(em, F, lower, F.has_nan(em, lower), 2)


def _cholesky_examples(dt: DType) -> list[Example]:
    """Positive definite matrices; for complex ones also imaginary parts on the diagonal,
    which NumPy ignores as the factorization does; matrices that are not positive definite
    (indefinite, semidefinite) give NaN."""
    if dt not in FIELDS:
        return []
    rng, cplx = np.random.default_rng(21), dt.kind == "c"
    cases = [X.hermitian(rng, (4, 4), cplx, np.geomspace(1.0, 0.1, 4)),
             X.hermitian(rng, (3, 5, 5), cplx, np.geomspace(1.0, 0.01, 5)),
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

def householder(em: Emitter, F: Real, a: Value, m: int, n: int, qcols: int
                ) -> tuple[Value, Value]:
    """Q (m x qcols) and R (m x n, zero below the diagonal) of ``a`` (a value of field ``F``)
    by Householder reflections with LAPACK's conventions (dgeqrf/zgeqrf's dlarfg/zlarfg:
    beta = -sign(real(alpha)) * norm, real; tau complex for complex matrices; no reflection
    where the column below the diagonal and alpha's imaginary part are zero; dorgqr/zungqr's
    backward accumulation), so Q and R agree with NumPy's, R's diagonal real."""
    k, dt = min(m, n), F.dt
    rows = em.const(np.arange(m, dtype=np.int64))
    cols = em.const(np.arange(n, dtype=np.int64))
    kcols = em.const(np.arange(k, dtype=np.int64))
    zero, one = scalar(em, 0.0, dt), scalar(em, 1.0, dt)

    def step(em: Emitter, j: str, values: list[Value]) -> tuple[None, list[Value]]:
        r, vs, taus = values
        col = F.each(lambda p: em.op("Gather", p, j, axis=-1), r)
        alpha = F.each(lambda p: em.op("Gather", p, j, axis=-1), col)
        below = em.op("Greater", rows, j)
        tail = F.each(lambda p: em.op("Where", below, p, zero), col)
        # the norm of the column scaled by its largest part (dnrm2's care: no overflow)
        top = em.op("ReduceMax", F.peak(em, tail), i64(em, [-1]), keepdims=0)
        big = em.op("Max", top, F.peak(em, alpha))
        big = em.op("Where", em.op("Equal", big, zero), one, big)
        shrink = em.op("Div", one, big)
        xnorm2 = em.op("ReduceSum", F.abs2(em, F.scale(em, tail, unsq(em, shrink, -1))),
                       i64(em, [-1]), keepdims=0)
        alphr = F.real(alpha)
        hyp = em.op("Mul", em.op("Sqrt", em.op("Add", F.abs2(em, F.scale(em, alpha, shrink)),
                                               xnorm2)), big)
        beta = em.op("Where", em.op("Less", alphr, zero), hyp, em.op("Neg", hyp))
        none = em.op("Equal", top, zero)
        if F.is_complex:
            none = em.op("And", none, em.op("Equal", alpha[1], zero))
        safe = em.op("Where", none, one, beta)
        tau = F.scale(em, F.sub(em, F.from_real(em, safe), alpha), em.op("Div", one, safe))
        tau = F.each(lambda p: em.op("Where", none, zero, p), tau)
        scale = F.reciprocal(em, F.where(em, none, F.constant(em, 1.0),
                                         F.sub(em, alpha, F.from_real(em, safe))))
        v = F.where(em, em.op("Equal", rows, j), F.constant(em, 1.0),
                    F.mul(em, tail, F.each(lambda p: unsq(em, p, -1), scale)))
        v_col = F.each(lambda p: unsq(em, p, -1), v)
        vtr = F.each(lambda p: em.op("ReduceSum", p, i64(em, [-2]), keepdims=1),
                     F.mul(em, F.conj(em, v_col), r))
        vt = F.mul(em, v, F.conj(em, F.each(lambda p: unsq(em, p, -1), tau)))
        r = F.sub(em, r, F.mul(em, F.each(lambda p: unsq(em, p, -1), vt), vtr))
        at_col = em.op("Equal", cols, j)
        pivot = em.op("And", unsq(em, em.op("Equal", rows, j), -1), at_col)
        diag = F.where(em, none, alpha, F.from_real(em, beta))
        r = F.each(lambda d, p: em.op("Where", pivot, unsq(em, unsq(em, d, -1), -1), em.op(
            "Where", em.op("And", unsq(em, below, -1), at_col), zero, p)), diag, r)
        in_k = em.op("Equal", kcols, j)
        vs = F.each(lambda p, q: em.op("Where", in_k, unsq(em, p, -1), q), v, vs)
        taus = F.each(lambda p, q: em.op("Where", in_k, unsq(em, p, -1), q), tau, taus)
        return None, [r, vs, taus]

    shape = F.parts(a)[0]
    vs0 = F.zeros(em, batch_shape(em, shape, [m, k]))
    taus0 = F.zeros(em, em.op("Concat", em.op("Shape", shape, end=-2), i64(em, [k]), axis=0))
    r, vs, taus = field_loop(em, F, i64(em, k), [a, vs0, taus0], step)
    upper = em.const(np.triu(np.ones((m, n), bool)))
    r = F.each(lambda p: em.op("Where", upper, p, zero), r)  # zero below also where NaN

    def back(em: Emitter, i: str, values: list[Value]) -> tuple[None, list[Value]]:
        (q,) = values
        j = em.op("Sub", i64(em, k - 1), i)
        v = F.each(lambda p: em.op("Gather", p, j, axis=-1), vs)
        tau = F.each(lambda p: em.op("Gather", p, j, axis=-1), taus)
        vq = F.each(lambda p: em.op("ReduceSum", p, i64(em, [-2]), keepdims=1),
                    F.mul(em, F.conj(em, F.each(lambda p: unsq(em, p, -1), v)), q))
        vt = F.mul(em, v, F.each(lambda p: unsq(em, p, -1), tau))
        return None, [F.sub(em, q, F.mul(em, F.each(lambda p: unsq(em, p, -1), vt), vq))]

    q0 = F.from_real(em, em.op("Expand", eye(em, m, qcols, dt), batch_shape(em, shape,
                                                                               [m, qcols])))
    (q,) = field_loop(em, F, i64(em, k), [q0], back)
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
    x, F = n.inputs[0], field_of(n.dtype)
    m, cols = x.shape[-2:]
    (qm, qc), (rr, rc) = qr_parts(m, cols, n.attrs["mode"])
    if min(m, cols) == 0:  # no reflections: Q is the identity
        return filled(em, n, _ref_qr(np.zeros((m, cols), n.dtype.np), n.attrs["mode"]))
    q, r = householder(em, F, F.value(em, ins[0]), m, cols, qc)
    r = F.each(lambda p: em.op("Slice", p, i64(em, [0]), i64(em, [rr]), i64(em, [-2])), r)
    flat = [F.each(lambda p: em.op("Reshape", p, em.op("Concat", em.op("Shape", p, end=-2),
                                                        i64(em, [size]), axis=0)), part)
            for part, size in ((q, qm * qc), (r, rr * rc))]
    return F.result(em, F.each(lambda a, b: em.op("Concat", a, b, axis=-1), *flat))


@quiet
def _ref_qr(x: np.ndarray, mode: str) -> np.ndarray:
    q, r = np.linalg.qr(x, mode=mode)
    return np.concatenate([flatten(q), flatten(r)], axis=-1)


def flatten(x: np.ndarray) -> np.ndarray:
    """The matrices of ``x`` as rows (zero-size ones included)."""
    return x.reshape(x.shape[:-2] + (x.shape[-2] * x.shape[-1],))


def _qr_examples(dt: DType) -> list[Example]:
    """Full-rank matrices (where R has a zero on its diagonal, Q is no one basis); a complex
    column already zero below its diagonal (a reflection that only makes R's diagonal real)."""
    if dt not in FIELDS:
        return []
    rng, cplx = np.random.default_rng(22), dt.kind == "c"
    shapes = [(4, 3), (3, 4), (2, 5, 5), (1, 1), (6, 2), (0, 3, 2), (2, 3, 0)]
    cases = [X.gaussian(rng, s, cplx) for s in shapes]
    cases.append(X.gaussian(rng, (3, 2), cplx) * 1e20)  # squares overflow float32
    if cplx:
        cases.append(np.triu(X.gaussian(rng, (3, 3), cplx)))
    return [Example((np.asarray(c, dt.np),), {"mode": mode}) for c in cases
            for mode in ("reduced", "complete")]


defop("qr", _infer_qr, _ref_qr, _lower_qr, examples=_qr_examples, ulps=32.0, normwise=True,
      complex_ok=True, complex_ulps=32.0,
      doc="Householder QR (LAPACK's sign conventions), Q and R flattened into one tensor")


# ---------------------------------------------------------------------------------------------
# LU with partial pivoting: slogdet, and det (float64 and complex)

def lu_pivots(em: Emitter, F: Real, a: Value, size: int) -> tuple[list[Value], str]:
    """The pivots of the LU decomposition with partial pivoting (LAPACK's getrf, as NumPy
    uses; its pivot is the largest |re| + |im| for complex) of ``a`` in field ``F``, unrolled
    over the columns, and the sign (+-1, real) of its row permutation."""
    dt = F.dt
    rows = i64(em, np.arange(size))
    one = scalar(em, 1.0, dt)
    pivots, sign = [], one
    for k in range(size):
        kk = i64(em, k)
        col = F.each(lambda p: em.op("Gather", p, kk, axis=-1), a)
        below = em.op("GreaterOrEqual", rows, kk)
        candidates = em.op("Where", below, F.pivot_size(em, col), scalar(em, -1.0, dt))
        p = em.op("ArgMax", candidates, axis=-1, keepdims=1)
        perm = em.op("Where", em.op("Equal", rows, kk), p,
                     em.op("Where", em.op("Equal", rows, p), kk, rows))
        perm = em.op("Expand", unsq(em, perm, -1), em.op("Shape", F.real(a)))
        a = F.each(lambda x: em.op("GatherElements", x, perm, axis=-2), a)
        swapped = em.op("Where", em.op("Equal", em.op("Squeeze", p, i64(em, [-1])), kk),
                        one, scalar(em, -1.0, dt))
        pivot = F.each(lambda x: em.op("Gather", em.op("Gather", x, kk, axis=-1), kk, axis=-1),
                       a)
        pivots.append(pivot)
        sign = em.op("Mul", sign, swapped)
        if k + 1 < size:
            safe = F.where(em, F.is_zero(em, pivot), F.constant(em, 1.0), pivot)
            factors = F.div(em, F.each(lambda x: em.op("Gather", x, kk, axis=-1), a),
                            F.each(lambda x: unsq(em, x, -1), safe))
            factors = F.where(em, em.op("Greater", rows, kk), factors, F.constant(em, 0.0))
            pivot_row = F.each(lambda x: em.op("Gather", x, kk, axis=-2), a)
            a = F.sub(em, a, F.mul(em, F.each(lambda x: unsq(em, x, -1), factors),
                                   F.each(lambda x: unsq(em, x, -2), pivot_row)))
    return pivots, sign


def _infer_slogdet(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    stack_of_matrices("slogdet", types[0], square=True)
    return TensorType(types[0].dtype, types[0].shape[:-2] + (2,))


def _lower_slogdet(em: Emitter, n: Node, ins: list[str]) -> str:
    """sign = the permutation's sign times the pivots' units p / |p|, log|det| = the sum of the
    pivots' log|p| (a zero pivot: sign 0, log|det| -inf, as NumPy). A complex result packs
    log|det| as a complex value with imaginary part 0."""
    F, size = field_of(n.dtype), n.inputs[0].shape[-1]
    if size == 0:
        return filled(em, n, np.array([1.0, 0.0]))
    pivots, sign = lu_pivots(em, F, F.value(em, ins[0]), size)
    logs = [em.op("Log", F.abs(em, p)) for p in pivots]
    unit = F.from_real(em, sign)
    for p in pivots:
        unit = F.mul(em, unit, F.unit(em, p))
    total = logs[0] if len(logs) == 1 else em.op("Sum", *logs)
    unit = F.where(em, F.is_zero(em, unit), F.constant(em, 0.0), unit)  # +0.0, as in NumPy
    return F.result(em, F.each(lambda s, t: em.op("Concat", unsq(em, s, -1), unsq(em, t, -1),
                                                  axis=-1), unit, F.from_real(em, total)))


@quiet
def _ref_slogdet(x: np.ndarray) -> np.ndarray:
    sign, logabs = np.linalg.slogdet(x)
    return np.stack([sign, logabs.astype(sign.dtype)], axis=-1).astype(x.dtype)


def _slogdet_examples(dt: DType) -> list[Example]:
    if dt not in FIELDS:
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
