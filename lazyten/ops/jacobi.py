"""The Hermitian (symmetric) eigendecomposition and the SVD by Jacobi rotations in an ONNX
``Loop``, for float and complex matrices alike (written once over ``field``).

Both use the parallel (round-robin) ordering: each iteration of the loop rotates n/2 disjoint
index pairs at once, for every matrix of the batch, so a sweep over all pairs is n - 1 (n even)
or n (n odd) iterations of a few elementwise ops, gathers and sums. The loop stops after a
sweep in which no pair needed a rotation, or after ``MAX_SWEEPS`` sweeps (Jacobi converges
quadratically: about 6 to 12 sweeps in float64).

A rotation of the pair (p, q) with pivot a_pq = |a_pq| e^{i phi} is the real Jacobi rotation of
[[a_pp, |a_pq|], [|a_pq|, a_qq]] with the phase moved onto s: row p of U^H x is
c x_p - s e^{i phi} x_q, row q is c x_q + s e^{-i phi} x_p (for reals, e^{i phi} is the sign).

- ``eigh``: two-sided Jacobi on the Hermitian matrix from the lower triangle (as NumPy reads
  it, the diagonal's imaginary parts ignored); a pair is rotated while its off-diagonal entry
  exceeds eps * ||A||_F.
- ``svd``: one-sided Jacobi (Hestenes) on the columns of the matrix (of its conjugate transpose
  when wide), which keeps the accuracy of the small singular values (no A^H A); a pair is
  rotated while its columns' cosine |a_p^H a_q| / (|a_p| |a_q|) exceeds sqrt(n) * eps
  (LAPACK's dgesvj), after a tall matrix is reduced to its square R by Householder QR. Left
  vectors are the normalized columns, made orthonormal by Householder QR also where singular
  values are zero, and carried back by Q (whose further columns complete U for
  ``full_matrices``).

Results are canonical, here and in the NumPy references: eigenvalues ascending, singular
values descending, and each eigenvector and each right singular vector (of a tall matrix; left
of a wide one, and every vector of the completed bases) multiplied by the unit factor that
makes its entry of largest magnitude (the first of equal ones) real and positive (a sign for
reals). Multi-part results are one packed tensor (of the input's dtype: a complex one holds the
real eigenvalues and singular values with zero imaginary parts).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..dtypes import DType
from ..ir import Node, TensorType
from . import examples as X
from .factorizations import (FIELDS, batch_shape, eye, filled, flatten, householder,
                             nan_where_bad, stack_of_matrices, unsq)
from .field import Real, Value, field_of
from .field import loop as field_loop
from .lowering import i64, scalar
from .table import Emitter, Example, defop, quiet

MAX_SWEEPS = 40


def round_robin(n: int) -> np.ndarray:
    """Each round's partner of every index (itself when idle, for odd n): n - 1 or n rounds
    of disjoint pairs that together hold every pair once (the circle method)."""
    players = list(range(n + n % 2))
    rounds = []
    for _ in range(max(len(players) - 1, 1)):
        partner = list(range(n))
        for k in range(len(players) // 2):
            p, q = players[k], players[-1 - k]
            if p < n and q < n:
                partner[p], partner[q] = q, p
        rounds.append(partner)
        players = [players[0], players[-1]] + players[1:-1]
    return np.array(rounds, np.int64).reshape(-1, n)


class Rounds:
    """The round-robin tables as constants, and the current round's rows of them."""

    def __init__(self, em: Emitter, n: int, dt: DType) -> None:
        partner = round_robin(n)
        idx = np.arange(n)
        self.count = len(partner)
        self.partner = em.const(partner)
        self.paired = em.const(np.where(partner == idx, -1, partner))  # -1 where idle
        self.sign = em.const(np.sign(partner - idx).astype(dt.np))  # +1 for p, -1 for q, 0 idle
        self.eye = eye(em, n, n, dt)
        self.columns = em.const(idx)

    def at(self, em: Emitter, r: str) -> tuple[str, str]:
        """Round ``r``'s partner and sign rows."""
        return em.op("Gather", self.partner, r, axis=0), em.op("Gather", self.sign, r, axis=0)


def rotation(em: Emitter, F: Real, diff: str, apq: Value, rotate: str, sign: str
             ) -> tuple[str, Value]:
    """c and sigma of the Jacobi rotation that zeroes apq (the entry (i, partner) of each
    index i) in [[app, apq], [conj(apq), aqq]] (Golub and Van Loan's sym.schur2 on |apq|) from
    diff = aqq - app, for each index (both of a pair compute one c): row i of U^H x is
    c x_i - sigma_i x_partner. The identity where not ``rotate``."""
    dt = F.dt
    one, zero = scalar(em, 1.0, dt), scalar(em, 0.0, dt)
    safe = em.op("Where", rotate, F.abs(em, apq), one)
    tau = em.op("Div", diff, em.op("Add", safe, safe))
    root = em.op("Sqrt", em.op("Add", one, em.op("Mul", tau, tau)))
    t = em.op("Div", em.op("Where", em.op("Less", tau, zero), scalar(em, -1.0, dt), one),
              em.op("Add", em.op("Abs", tau), root))
    t = em.op("Where", rotate, t, zero)
    c = em.op("Div", one, em.op("Sqrt", em.op("Add", one, em.op("Mul", t, t))))
    phase = F.each(lambda p: em.op("Div", p, safe), apq)  # exactly the sign for reals
    return c, F.scale(em, phase, em.op("Mul", em.op("Mul", t, c), sign))


def pair_difference(em: Emitter, d: str, partner: str, sign: str) -> str:
    """aqq - app for each index's pair (p, q), from the (real) diagonal ``d``."""
    return em.op("Mul", sign, em.op("Sub", em.op("Gather", d, partner, axis=-1), d))


def rotate_rows(em: Emitter, F: Real, x: Value, partner_rows: Value, c: str, sigma: Value
                ) -> Value:
    """U^H @ x for the round's rotations U (row i: c x_i - sigma_i x_partner), given the
    partners' rows (a Gather along the rows: onnxruntime's Gather along a last axis is 8 to
    20 times slower, so the loops keep transposes and gather rows only)."""
    return F.sub(em, F.scale(em, x, unsq(em, c, -1)),
                 F.mul(em, partner_rows, F.each(lambda p: unsq(em, p, -1), sigma)))


def gather_rows(em: Emitter, F: Real, x: Value, partner: str) -> Value:
    return F.each(lambda p: em.op("Gather", p, partner, axis=-2), x)


def row_sums(em: Emitter, F: Real, x: Value) -> Value:
    return F.each(lambda p: em.op("ReduceSum", p, i64(em, [-1]), keepdims=0), x)


Rotate = Callable[[Emitter, str, list[Value]], tuple[list[Value], str]]


def sweeps(em: Emitter, F: Real, rounds: Rounds, carried: list[Value], rotate: Rotate
           ) -> list[Value]:
    """The Jacobi loops: sweeps (until one rotates nothing) of rounds, where
    ``rotate(em, round, values)`` gives the next values and a bool per index (whether it
    rotated)."""
    dt = F.dt
    zero = scalar(em, 0.0, dt)

    def round_(em: Emitter, r: str, values: list[Value]) -> tuple[None, list[Value]]:
        nexts, rotated = rotate(em, r, values[:-1])
        count = em.op("ReduceSum", em.op("Cast", rotated, to=dt.onnx), keepdims=0)
        return None, nexts + [em.op("Add", values[-1], count)]

    def sweep(em: Emitter, i: str, values: list[Value]) -> tuple[str, list[Value]]:
        *nexts, count = field_loop(em, F, i64(em, rounds.count), values + [zero], round_,
                                   reals=1)
        return em.op("Greater", count, zero), nexts

    return field_loop(em, F, i64(em, MAX_SWEEPS), carried, sweep)


def column_units(em: Emitter, F: Real, v: Value) -> Value:
    """The unit factor per column of ``v`` (shape (..., 1, n)) that makes its entry of largest
    magnitude (the first of equal ones) real and positive."""
    where = em.op("ArgMax", F.magnitude(em, v), axis=-2, keepdims=1)
    top = F.each(lambda p: em.op("GatherElements", p, where, axis=-2), v)
    return F.where(em, F.is_zero(em, top), F.constant(em, 1.0), F.conj(em, F.unit(em, top)))


def canonical(em: Emitter, F: Real, v: Value) -> Value:
    """The columns of ``v`` with their entry of largest magnitude real and positive."""
    return F.mul(em, v, column_units(em, F, v))


def reorder_columns(em: Emitter, F: Real, x: Value, order: str) -> Value:
    """The columns of ``x`` taken in ``order`` (one row of indices per matrix)."""
    return F.each(lambda p: em.op("GatherElements", p, em.op(
        "Expand", unsq(em, order, -2), em.op("Shape", p)), axis=-1), x)


def scaled(em: Emitter, F: Real, a: Value) -> tuple[Value, str]:
    """``a`` divided by a power of two near its largest part, per matrix (exactly: the results
    scale back exactly too), and that power (shape (..., 1, 1); 1 for a zero or non-finite
    matrix): squares of float32 entries beyond 1e19 or below 1e-19 would overflow or vanish."""
    dt = F.dt
    top = em.op("ReduceMax", F.peak(em, a), i64(em, [-2, -1]), keepdims=1)
    ok = em.op("And", em.op("Greater", top, scalar(em, 0.0, dt)),
               em.op("Not", em.op("IsInf", top)))
    exponent = em.op("Floor", em.op("Div", em.op("Log", em.op(
        "Where", ok, top, scalar(em, 1.0, dt))), scalar(em, float(np.log(2.0)), dt)))
    power = em.op("Where", ok, em.op("Pow", scalar(em, 2.0, dt), exponent), scalar(em, 1.0, dt))
    return F.each(lambda p: em.op("Div", p, power), a), power


def eps(dt: DType) -> float:
    return float(np.finfo(dt.np).eps)


# ---------------------------------------------------------------------------------------------
# eigh

def _infer_eigh(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    _, n = stack_of_matrices("eigh", types[0], square=True)
    return TensorType(types[0].dtype, types[0].shape[:-2] + (n + 1, n))


def _lower_eigh(em: Emitter, n: Node, ins: list[str]) -> str:
    """Eigenvalues (ascending) in row 0, eigenvectors (columns) below."""
    F, size, rank = field_of(n.dtype), n.shape[-1], len(n.shape)
    dt = F.dt
    if size == 0:
        return filled(em, n, np.zeros((1, 0)))
    a, power = scaled(em, F, F.value(em, ins[0]))
    lower = em.const(np.tril(np.ones((size, size), bool)))
    a = F.real_where(em, em.const(np.eye(size, dtype=bool)),
                     F.where(em, lower, a, F.adjoint(em, a, rank)))
    fro = em.op("Sqrt", em.op("ReduceSum", F.abs2(em, a), i64(em, [-2, -1]), keepdims=1))
    fro = em.op("Squeeze", fro, i64(em, [-1]))
    tol = em.op("Mul", fro, scalar(em, eps(dt), dt))
    rounds = Rounds(em, size, dt)

    def diagonal(em: Emitter, x: Value) -> str:
        return em.op("ReduceSum", em.op("Mul", F.real(x), rounds.eye), i64(em, [-1]),
                     keepdims=0)

    def rotate(em: Emitter, r: str, values: list[Value]) -> tuple[list[Value], str]:
        partner, sign = rounds.at(em, r)
        x, vh = values  # x Hermitian; the eigenvectors' conjugates as rows
        xg = gather_rows(em, F, x, partner)
        g = row_sums(em, F, F.scale(em, xg, rounds.eye))  # x[partner(i), i]
        # x is Hermitian only to rounding: both of a pair must rotate by one angle (else the
        # rotation is not unitary, which matters where a_pp ~ a_qq), so a_pq is the mean of
        # its two copies, conj(x[q, p]) and x[p, q]
        apq = F.scale(em, F.add(em, F.conj(em, g), F.each(
            lambda p: em.op("Gather", p, partner, axis=-1), g)), scalar(em, 0.5, dt))
        big = em.op("Greater", em.op("Mul", F.abs(em, apq), em.op("Abs", sign)), tol)
        c, sigma = rotation(em, F, pair_difference(em, diagonal(em, x), partner, sign), apq,
                            big, sign)
        x = F.adjoint(em, rotate_rows(em, F, x, xg, c, sigma), rank)  # (U^H x)^H = x U
        x = rotate_rows(em, F, x, gather_rows(em, F, x, partner), c, sigma)
        # the pairs' entries are zero now: written so, not left to the rounding of the update
        # (whose error is eps * |a_pp|, above the tolerance where a_pp dominates)
        paired = em.op("Equal", unsq(em, em.op("Gather", rounds.paired, r, axis=0), -1),
                       rounds.columns)
        x = F.each(lambda p: em.op("Where", paired, scalar(em, 0.0, dt), p), x)
        return [x, rotate_rows(em, F, vh, gather_rows(em, F, vh, partner), c, sigma)], big

    v0 = F.from_real(em, em.op("Expand", rounds.eye, em.op("Shape", F.real(a))))
    x, vh = sweeps(em, F, rounds, [a, v0], rotate)
    values, order = em.op("TopK", diagonal(em, x), i64(em, [size]), axis=-1, largest=0,
                          outputs=2)
    values = em.op("Mul", values, em.op("Squeeze", power, i64(em, [-1])))
    v = canonical(em, F, reorder_columns(em, F, F.adjoint(em, vh, rank), order))
    out = F.each(lambda w, p: em.op("Concat", unsq(em, w, -2), p, axis=-2),
                 F.from_real(em, values), v)
    return nan_where_bad(em, F, out, F.not_finite(em, F.value(em, ins[0])), 2)


def units(v: np.ndarray) -> np.ndarray:
    """NumPy's side of ``column_units``."""
    if v.size == 0:
        return np.ones(v.shape[:-2] + (1, v.shape[-1]), v.dtype)
    size = np.abs(v) if v.dtype.kind != "c" else v.real * v.real + v.imag * v.imag
    top = np.take_along_axis(v, np.argmax(size, axis=-2)[..., None, :], axis=-2)
    if v.dtype.kind != "c":
        return np.where(top < 0, -1, 1).astype(v.dtype)
    modulus = np.abs(top)
    return np.where(modulus == 0, 1, np.conj(top) / np.where(modulus == 0, 1, modulus))


def canonical_columns(v: np.ndarray) -> np.ndarray:
    """NumPy's side of ``canonical``."""
    return v * units(v)


def _bad_matrices(x: np.ndarray) -> np.ndarray:
    return ~np.isfinite(x).all(axis=(-2, -1))


def _nan_where(out: np.ndarray, bad: np.ndarray) -> np.ndarray:
    """``out`` with NaN (in both parts, for complex) in the matrices where ``bad``."""
    out[bad] = np.nan * (1 + 1j) if out.dtype.kind == "c" else np.nan
    return out


@quiet
def _ref_eigh(x: np.ndarray) -> np.ndarray:
    bad = _bad_matrices(x)
    w, v = np.linalg.eigh(np.where(bad[..., None, None], 0, x))
    out = np.concatenate([w[..., None, :], canonical_columns(v)], axis=-2).astype(x.dtype)
    return _nan_where(out, bad)


def _eigh_examples(dt: DType) -> list[Example]:
    """Eigenvalues apart (vectors of equal eigenvalues are no one basis); the first has
    junk above the diagonal (and in the diagonal's imaginary parts), which eigh ignores."""
    if dt not in FIELDS:
        return []
    rng, cplx = np.random.default_rng(24), dt.kind == "c"
    lower_only = X.hermitian(rng, (4, 4), cplx, np.array([-3.0, -1.0, 0.25, 2.0]))
    cases = [lower_only + np.triu(X.gaussian(rng, (4, 4), cplx)),
             X.hermitian(rng, (3, 5, 5), cplx, np.array([-4, -2, 0.5, 1.5, 3])),
             np.array([[2.0]]), np.array([[2.0, 1.0], [1.0, 2.0]]), np.diag([3.0, -1.0, 2.0]),
             X.hermitian(rng, (6, 6), cplx, np.array([1e3, 1.0, 1e-3, -2.0, 5.0, -1e2])),
             np.zeros((0, 3, 3)), np.zeros((2, 0, 0)),
             np.array([[1.0, np.nan], [np.nan, 1.0]]), np.array([[np.inf, 0.0], [0.0, 1.0]]),
             X.hermitian(rng, (3, 3), cplx, np.array([-2e20, 1e20, 3e20])),  # squares overflow
             X.hermitian(rng, (3, 3), cplx, np.array([-2e-25, 1e-25, 3e-25]))]  # and vanish
    if cplx:
        cases += [np.array([[2.0, 1.0 - 1.0j], [1.0 + 1.0j, 3.0]]),
                  np.array([[1.0, 0.0], [np.nan * 1j, 1.0]])]
    return [Example((np.asarray(c, dt.np),), {}) for c in cases]


defop("eigh", _infer_eigh, _ref_eigh, _lower_eigh, examples=_eigh_examples, ulps=64.0,
      normwise=True, complex_ok=True, complex_ulps=64.0,
      doc="Hermitian (symmetric) eigendecomposition by Jacobi sweeps: eigenvalues "
      "(ascending) in row 0, canonical eigenvectors below")


# ---------------------------------------------------------------------------------------------
# svd

def svd_sizes(m: int, n: int, full: bool) -> tuple[int, int, int]:
    """The columns of U, the number of singular values and the rows of Vh."""
    k = min(m, n)
    return (m, k, n) if full else (k, k, k)


def _infer_svd(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    m, n = stack_of_matrices("svd", types[0], square=False)
    uc, k, vr = svd_sizes(m, n, attrs["full_matrices"])
    return TensorType(types[0].dtype, types[0].shape[:-2] + (m * uc + k + vr * n,))


def hestenes(em: Emitter, F: Real, a: Value, m: int, n: int, rank: int, full: bool
             ) -> tuple[Value, str, Value]:
    """U (m x m if ``full`` else m x n), the singular values (descending) and V (n x n) of a
    tall (m >= n) ``a``; V's columns canonical, U's matching. A taller than square ``a`` is
    first reduced to its n x n R by Householder QR (LAPACK's preconditioning for Jacobi SVD):
    the rotations then work on n x n matrices, and Q carries U back."""
    dt = F.dt
    if m > n:
        q1, r1 = householder(em, F, a, m, n, m if full else n)
        a = F.each(lambda p: em.op("Slice", p, i64(em, [0]), i64(em, [n]), i64(em, [-2])), r1)
    rounds = Rounds(em, n, dt)
    tol = scalar(em, float(np.sqrt(n)) * eps(dt), dt)

    def rotate(em: Emitter, r: str, values: list[Value]) -> tuple[list[Value], str]:
        partner, sign = rounds.at(em, r)
        w, vh = values  # the columns' conjugates as rows (A^H), and V^H
        norms = em.op("ReduceSum", F.abs2(em, w), i64(em, [-1]), keepdims=0)
        wg = gather_rows(em, F, w, partner)
        dots = row_sums(em, F, F.mul(em, w, F.conj(em, wg)))  # a_i^H a_partner
        bound = em.op("Mul", tol, em.op("Sqrt", em.op("Mul", norms, em.op(
            "Gather", norms, partner, axis=-1))))
        big = em.op("Greater", em.op("Mul", F.abs(em, dots), em.op("Abs", sign)), bound)
        c, sigma = rotation(em, F, pair_difference(em, norms, partner, sign), dots, big, sign)
        return [rotate_rows(em, F, w, wg, c, sigma),
                rotate_rows(em, F, vh, gather_rows(em, F, vh, partner), c, sigma)], big

    v0 = F.from_real(em, em.op("Expand", rounds.eye, batch_shape(em, F.real(a), [n, n])))
    w, vh = sweeps(em, F, rounds, [F.adjoint(em, a, rank), v0], rotate)
    u, v = F.adjoint(em, w, rank), F.adjoint(em, vh, rank)
    s = em.op("Sqrt", em.op("ReduceSum", F.abs2(em, u), i64(em, [-2]), keepdims=0))
    s, order = em.op("TopK", s, i64(em, [n]), axis=-1, largest=1, outputs=2)
    u, v = reorder_columns(em, F, u, order), reorder_columns(em, F, v, order)
    zero, one = scalar(em, 0.0, dt), scalar(em, 1.0, dt)
    u = F.each(lambda p: em.op("Div", p, unsq(em, em.op("Where", em.op("Equal", s, zero), one,
                                                         s), -2)), u)
    q, r = householder(em, F, u, n, n, n)  # orthonormal, also where singular values are 0
    diag = em.op("ReduceSum", em.op("Mul", F.real(r), rounds.eye), i64(em, [-1]), keepdims=0)
    phases = column_units(em, F, v)
    flip = F.scale(em, phases, unsq(em, em.op("Where", em.op("Less", diag, zero),
                                              scalar(em, -1.0, dt), one), -2))
    u = F.mul(em, q, flip)
    if m > n:
        u = F.matmul(em, F.each(lambda p: em.op("Slice", p, i64(em, [0]), i64(em, [n]),
                                                i64(em, [-1])), q1), u)
        if full:
            extra = F.each(lambda p: em.op("Slice", p, i64(em, [n]), i64(em, [m]),
                                           i64(em, [-1])), q1)
            u = F.each(lambda p, e: em.op("Concat", p, e, axis=-1), u, canonical(em, F, extra))
    return u, s, F.mul(em, v, phases)


def _lower_svd(em: Emitter, n: Node, ins: list[str]) -> str:
    """U, S and Vh flattened and concatenated."""
    x, F, full = n.inputs[0], field_of(n.dtype), n.attrs["full_matrices"]
    m, cols = x.shape[-2:]
    rank = len(x.shape)
    if min(m, cols) == 0:  # no singular values: identities where full
        return filled(em, n, _ref_svd(np.zeros((m, cols), n.dtype.np), full))
    a, power = scaled(em, F, F.value(em, ins[0]))
    if m < cols:
        u_t, s, v_t = hestenes(em, F, F.adjoint(em, a, rank), cols, m, rank, full)
        u, vh = v_t, F.adjoint(em, u_t, rank)
    else:
        u, s, v = hestenes(em, F, a, m, cols, rank, full)
        vh = F.adjoint(em, v, rank)
    s = em.op("Mul", s, em.op("Squeeze", power, i64(em, [-1])))
    uc, k, vr = svd_sizes(m, cols, full)
    flat = [F.each(lambda p: em.op("Reshape", p, em.op("Concat", em.op("Shape", p, end=-2),
                                                        i64(em, [size]), axis=0)), part)
            for part, size in ((u, m * uc), (vh, vr * cols))]
    out = F.each(lambda p, q, r: em.op("Concat", p, q, r, axis=-1),
                 flat[0], F.from_real(em, s), flat[1])
    return nan_where_bad(em, F, out, F.not_finite(em, a), 1)


@quiet
def _ref_svd(x: np.ndarray, full_matrices: bool) -> np.ndarray:
    bad = _bad_matrices(x)
    u, s, vh = np.linalg.svd(np.where(bad[..., None, None], 0, x), full_matrices=full_matrices)
    m, n = x.shape[-2:]
    k = min(m, n)
    v = np.conj(np.swapaxes(vh, -1, -2))
    if m >= n:
        flip = units(v)
        u = np.concatenate([u[..., :k] * flip, canonical_columns(u[..., k:])], axis=-1)
        v = v * flip
    else:
        flip = units(u)
        v = np.concatenate([v[..., :k] * flip, canonical_columns(v[..., k:])], axis=-1)
        u = u * flip
    vh = np.conj(np.swapaxes(v, -1, -2))
    out = np.concatenate([flatten(u), s.astype(x.dtype), flatten(vh)], axis=-1)
    return _nan_where(out.astype(x.dtype), bad)


def _svd_examples(dt: DType) -> list[Example]:
    """Singular values apart; completions of dimension at most 1 (unique up to a unit
    factor)."""
    if dt not in FIELDS:
        return []
    rng, cplx = np.random.default_rng(25), dt.kind == "c"

    def normal(*shape: int) -> np.ndarray:
        return X.gaussian(rng, shape, cplx)
    u, _ = np.linalg.qr(normal(5, 5))
    v, _ = np.linalg.qr(normal(5, 5))
    # the vectors of an ill-conditioned matrix are determined to eps * s_max / gap only: the
    # complex one is milder (the real one agrees with NumPy's to 64 ulps of s_max, by chance)
    spectrum = [1e2, 10.0, 1.0, 0.1, 1e-2] if cplx else [1e4, 10.0, 1.0, 1e-2, 1e-4]
    ill = (u * np.array(spectrum)) @ np.conj(v.T)
    cases = [(normal(4, 3), True), (normal(3, 4), True), (normal(2, 5, 5), True),
             (normal(7, 3), False), (normal(2, 3, 6), False), (ill, False),
             (np.array([[3.0]]), True), (np.array([[1.0, 2.0]]), True),
             (np.zeros((0, 3, 2)), False), (np.zeros((2, 0, 3)), True),
             (np.array([[np.nan, 1.0], [0.0, 1.0]]), True), (normal(4, 3) * 1e20, False),
             (normal(2, 3) * 1e-25, True)]
    if cplx:
        cases += [(np.array([[1j, 2.0], [0.0, -3j]]), True), (normal(5, 2), True)]
    return [Example((np.asarray(c, dt.np),), {"full_matrices": f}) for c, f in cases]


defop("svd", _infer_svd, _ref_svd, _lower_svd, examples=_svd_examples, ulps=64.0,
      normwise=True, complex_ok=True, complex_ulps=64.0,
      doc="singular value decomposition by one-sided Jacobi: U, S (descending) and Vh, "
      "canonical, flattened into one tensor")
