"""The symmetric eigendecomposition and the SVD by Jacobi rotations in an ONNX ``Loop``.

Both use the parallel (round-robin) ordering: each iteration of the loop rotates n/2 disjoint
index pairs at once, for every matrix of the batch, so a sweep over all pairs is n - 1 (n even)
or n (n odd) iterations of a few elementwise ops, gathers and sums. The loop stops after a
sweep in which no pair needed a rotation, or after ``MAX_SWEEPS`` sweeps (Jacobi converges
quadratically: about 6 to 12 sweeps in float64).

- ``eigh``: two-sided Jacobi on the symmetric matrix from the lower triangle (as NumPy reads
  it); a pair is rotated while its off-diagonal entry exceeds eps * ||A||_F.
- ``svd``: one-sided Jacobi (Hestenes) on the columns of the matrix (of its transpose when
  wide), which keeps the accuracy of the small singular values (no A^T A); a pair is rotated
  while its columns' cosine exceeds sqrt(n) * eps (LAPACK's dgesvj), after a tall matrix is
  reduced to its square R by Householder QR. Left vectors are the normalized columns, made
  orthonormal by Householder QR also where singular values are zero, and carried back by Q
  (whose further columns complete U for ``full_matrices``).

Results are canonical, here and in the NumPy references: eigenvalues ascending, singular
values descending, and each eigenvector and each right singular vector (of a tall matrix; left
of a wide one, and every vector of the completed bases) signed so that its entry of largest
magnitude (the first of equal ones) is positive. Multi-part results are one packed tensor.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..dtypes import DType
from ..ir import Node, TensorType
from .factorizations import (DECOMPOSABLE, batch_shape, eye, flatten, householder,
                             nan_where_bad, not_finite, stack_of_matrices, swap_last, unsq)
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


def rotation(em: Emitter, diff: str, apq: str, rotate: str, sign: str, dt: DType
             ) -> tuple[str, str]:
    """c and sign * s of the Jacobi rotation that zeroes apq in [[app, apq], [apq, aqq]]
    (Golub and Van Loan's sym.schur2) from diff = aqq - app, for each index (both of a pair
    compute the same); the identity where not ``rotate``."""
    one, zero = scalar(em, 1.0, dt), scalar(em, 0.0, dt)
    safe = em.op("Where", rotate, apq, one)
    tau = em.op("Div", diff, em.op("Add", safe, safe))
    root = em.op("Sqrt", em.op("Add", one, em.op("Mul", tau, tau)))
    t = em.op("Div", em.op("Where", em.op("Less", tau, zero), scalar(em, -1.0, dt), one),
              em.op("Add", em.op("Abs", tau), root))
    t = em.op("Where", rotate, t, zero)
    c = em.op("Div", one, em.op("Sqrt", em.op("Add", one, em.op("Mul", t, t))))
    return c, em.op("Mul", em.op("Mul", t, c), sign)


def pair_difference(em: Emitter, d: str, partner: str, sign: str) -> str:
    """aqq - app for each index's pair (p, q), from the diagonal ``d``."""
    return em.op("Mul", sign, em.op("Sub", em.op("Gather", d, partner, axis=-1), d))


def rotate_rows(em: Emitter, x: str, partner_rows: str, c: str, ss: str) -> str:
    """J^T @ x for the round's rotations J (row i: c x_i - sign * s x_partner), given the
    partners' rows (a Gather along the rows: onnxruntime's Gather along a last axis is 8 to
    20 times slower, so the loops keep transposes and gather rows only)."""
    return em.op("Sub", em.op("Mul", x, unsq(em, c, -1)),
                 em.op("Mul", partner_rows, unsq(em, ss, -1)))


def gather_rows(em: Emitter, x: str, partner: str) -> str:
    return em.op("Gather", x, partner, axis=-2)


Rotate = Callable[[Emitter, str, list[str]], tuple[list[str], str]]


def sweeps(em: Emitter, rounds: Rounds, carried: list[tuple[str, DType]], rotate: Rotate,
           dt: DType) -> list[str]:
    """The Jacobi loops: sweeps (until one rotates nothing) of rounds, where
    ``rotate(em, round, values)`` gives the next values and a bool per index (whether it
    rotated)."""
    zero = scalar(em, 0.0, dt)

    def round_(em: Emitter, r: str, values: list[str]) -> tuple[None, list[str]]:
        nexts, rotated = rotate(em, r, values[:-1])
        count = em.op("ReduceSum", em.op("Cast", rotated, to=dt.onnx), keepdims=0)
        return None, nexts + [em.op("Add", values[-1], count)]

    def sweep(em: Emitter, i: str, values: list[str]) -> tuple[str, list[str]]:
        *nexts, count = em.loop(i64(em, rounds.count),
                                [(v, t) for v, (_, t) in zip(values, carried)] + [(zero, dt)],
                                round_)
        return em.op("Greater", count, zero), nexts

    return em.loop(i64(em, MAX_SWEEPS), carried, sweep)


def column_signs(em: Emitter, v: str, dt: DType) -> str:
    """+-1 per column of ``v`` (shape (..., 1, n)): the sign of its entry of largest
    magnitude (the first of equal ones)."""
    where = em.op("ArgMax", em.op("Abs", v), axis=-2, keepdims=1)
    top = em.op("GatherElements", v, where, axis=-2)
    return em.op("Where", em.op("Less", top, scalar(em, 0.0, dt)), scalar(em, -1.0, dt),
                 scalar(em, 1.0, dt))


def positive_max(em: Emitter, v: str, dt: DType) -> str:
    """The columns of ``v`` signed so that their entry of largest magnitude is positive."""
    return em.op("Mul", v, column_signs(em, v, dt))


def reorder_columns(em: Emitter, x: str, order: str) -> str:
    """The columns of ``x`` taken in ``order`` (one row of indices per matrix)."""
    return em.op("GatherElements", x, em.op("Expand", unsq(em, order, -2), em.op("Shape", x)),
                 axis=-1)


def eps(dt: DType) -> float:
    return float(np.finfo(dt.np).eps)


# ---------------------------------------------------------------------------------------------
# eigh

def _infer_eigh(types: tuple[TensorType, ...], attrs: dict) -> TensorType:
    _, n = stack_of_matrices("eigh", types[0], square=True)
    return TensorType(types[0].dtype, types[0].shape[:-2] + (n + 1, n))


def _lower_eigh(em: Emitter, n: Node, ins: list[str]) -> str:
    """Eigenvalues (ascending) in row 0, eigenvectors (columns) below."""
    dt, size, rank = n.dtype, n.shape[-1], len(n.shape)
    a = ins[0]
    lower = em.const(np.tril(np.ones((size, size), bool)))
    a = em.op("Where", lower, a, swap_last(em, a, rank))
    fro = em.op("Sqrt", em.op("ReduceSum", em.op("Mul", a, a), i64(em, [-2, -1]), keepdims=1))
    tol = em.op("Mul", em.op("Squeeze", fro, i64(em, [-1])), scalar(em, eps(dt), dt))
    rounds = Rounds(em, size, dt)

    def rotate(em: Emitter, r: str, values: list[str]) -> tuple[list[str], str]:
        partner, sign = rounds.at(em, r)
        x, vt = values  # x symmetric; the eigenvectors as rows
        d = em.op("ReduceSum", em.op("Mul", x, rounds.eye), i64(em, [-1]), keepdims=0)
        xg = gather_rows(em, x, partner)
        apq = em.op("ReduceSum", em.op("Mul", xg, rounds.eye), i64(em, [-1]), keepdims=0)
        # x is symmetric only to rounding: both of a pair must rotate by one angle (else the
        # rotation is not orthogonal, which matters where a_pp ~ a_qq), so a_pq is the mean
        apq = em.op("Mul", em.op("Add", apq, em.op("Gather", apq, partner, axis=-1)),
                    scalar(em, 0.5, dt))
        big = em.op("Greater", em.op("Abs", em.op("Mul", apq, sign)), tol)
        c, ss = rotation(em, pair_difference(em, d, partner, sign), apq, big, sign, dt)
        x = swap_last(em, rotate_rows(em, x, xg, c, ss), rank)  # (J^T x)^T = x J
        x = rotate_rows(em, x, gather_rows(em, x, partner), c, ss)
        # the pairs' entries are zero now: written so, not left to the rounding of the update
        # (whose error is eps * |a_pp|, above the tolerance where a_pp dominates)
        paired = em.op("Equal", unsq(em, em.op("Gather", rounds.paired, r, axis=0), -1),
                       rounds.columns)
        x = em.op("Where", paired, scalar(em, 0.0, dt), x)
        return [x, rotate_rows(em, vt, gather_rows(em, vt, partner), c, ss)], big

    v0 = em.op("Expand", rounds.eye, em.op("Shape", a))
    x, vt = sweeps(em, rounds, [(a, dt), (v0, dt)], rotate, dt)
    v = swap_last(em, vt, rank)
    d = em.op("ReduceSum", em.op("Mul", x, rounds.eye), i64(em, [-1]), keepdims=0)
    values, order = em.op("TopK", d, i64(em, [size]), axis=-1, largest=0, outputs=2)
    v = positive_max(em, reorder_columns(em, v, order), dt)
    out = em.op("Concat", unsq(em, values, -2), v, axis=-2)
    return nan_where_bad(em, out, not_finite(em, ins[0]), dt)


def canonical_signs(v: np.ndarray) -> np.ndarray:
    """NumPy's side of ``column_signs``."""
    if v.size == 0:
        return np.ones(v.shape[:-2] + (1, v.shape[-1]), v.dtype)
    top = np.take_along_axis(v, np.argmax(np.abs(v), axis=-2)[..., None, :], axis=-2)
    return np.where(top < 0, -1, 1).astype(v.dtype)


def canonical_columns(v: np.ndarray) -> np.ndarray:
    """NumPy's side of ``positive_max``."""
    return v * canonical_signs(v)


def _bad_matrices(x: np.ndarray) -> np.ndarray:
    return ~np.isfinite(x).all(axis=(-2, -1))


@quiet
def _ref_eigh(x: np.ndarray) -> np.ndarray:
    bad = _bad_matrices(x)
    w, v = np.linalg.eigh(np.where(bad[..., None, None], 0, x))
    out = np.concatenate([w[..., None, :], canonical_columns(v)], axis=-2).astype(x.dtype)
    out[bad] = np.nan
    return out


def symmetric(rng: np.random.Generator, shape: tuple[int, ...],
              spectrum: np.ndarray | None = None) -> np.ndarray:
    """Random symmetric matrices; with ``spectrum``, these eigenvalues."""
    if spectrum is None:
        a = rng.standard_normal(shape)
        return a + np.swapaxes(a, -1, -2)
    q, _ = np.linalg.qr(rng.standard_normal(shape))
    return (q * spectrum) @ np.swapaxes(q, -1, -2)


def _eigh_examples(dt: DType) -> list[Example]:
    """Eigenvalues apart (vectors of equal eigenvalues are no one basis); the first has
    junk above the diagonal, which eigh ignores."""
    if dt not in DECOMPOSABLE:
        return []
    rng = np.random.default_rng(24)
    lower_only = symmetric(rng, (4, 4), np.array([-3.0, -1.0, 0.25, 2.0]))
    cases = [lower_only + np.triu(rng.standard_normal((4, 4)), 1), symmetric(rng, (3, 5, 5), np.array([-4, -2, 0.5, 1.5, 3])),
             np.array([[2.0]]), np.array([[2.0, 1.0], [1.0, 2.0]]), np.diag([3.0, -1.0, 2.0]),
             symmetric(rng, (6, 6), np.array([1e3, 1.0, 1e-3, -2.0, 5.0, -1e2])),
             np.zeros((0, 3, 3)), np.zeros((2, 0, 0)),
             np.array([[1.0, np.nan], [np.nan, 1.0]]), np.array([[np.inf, 0.0], [0.0, 1.0]])]
    return [Example((np.asarray(c, dt.np),), {}) for c in cases]


defop("eigh", _infer_eigh, _ref_eigh, _lower_eigh, examples=_eigh_examples, ulps=64.0,
      normwise=True, doc="symmetric eigendecomposition by Jacobi sweeps: eigenvalues "
      "(ascending) in row 0, canonically signed eigenvectors below")


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


def hestenes(em: Emitter, a: str, m: int, n: int, rank: int, dt: DType, full: bool
             ) -> tuple[str, str, str]:
    """U (m x m if ``full`` else m x n), the singular values (descending) and V (n x n) of a
    tall (m >= n) ``a``; V's columns canonically signed, U's matching. A taller than square
    ``a`` is first reduced to its n x n R by Householder QR (LAPACK's preconditioning for
    Jacobi SVD): the rotations then work on n x n matrices, and Q carries U back."""
    if m > n:
        q1, r1 = householder(em, a, m, n, dt, m if full else n)
        a = em.op("Slice", r1, i64(em, [0]), i64(em, [n]), i64(em, [-2]))
    rounds = Rounds(em, n, dt)
    tol = scalar(em, float(np.sqrt(n)) * eps(dt), dt)

    def rotate(em: Emitter, r: str, values: list[str]) -> tuple[list[str], str]:
        partner, sign = rounds.at(em, r)
        ut, vt = values  # the columns as rows
        norms = em.op("ReduceSum", em.op("Mul", ut, ut), i64(em, [-1]), keepdims=0)
        ug = gather_rows(em, ut, partner)
        dots = em.op("ReduceSum", em.op("Mul", ut, ug), i64(em, [-1]), keepdims=0)
        bound = em.op("Mul", tol, em.op("Sqrt", em.op("Mul", norms, em.op(
            "Gather", norms, partner, axis=-1))))
        big = em.op("Greater", em.op("Abs", em.op("Mul", dots, sign)), bound)
        c, ss = rotation(em, pair_difference(em, norms, partner, sign), dots, big, sign, dt)
        return [rotate_rows(em, ut, ug, c, ss),
                rotate_rows(em, vt, gather_rows(em, vt, partner), c, ss)], big

    v0 = em.op("Expand", rounds.eye, batch_shape(em, a, [n, n]))
    ut, vt = sweeps(em, rounds, [(swap_last(em, a, rank), dt), (v0, dt)], rotate, dt)
    u, v = swap_last(em, ut, rank), swap_last(em, vt, rank)
    s = em.op("Sqrt", em.op("ReduceSum", em.op("Mul", u, u), i64(em, [-2]), keepdims=0))
    s, order = em.op("TopK", s, i64(em, [n]), axis=-1, largest=1, outputs=2)
    u, v = reorder_columns(em, u, order), reorder_columns(em, v, order)
    zero, one = scalar(em, 0.0, dt), scalar(em, 1.0, dt)
    u = em.op("Div", u, unsq(em, em.op("Where", em.op("Equal", s, zero), one, s), -2))
    q, r = householder(em, u, n, n, dt, n)  # orthonormal, also where singular values are 0
    diag = em.op("ReduceSum", em.op("Mul", r, rounds.eye), i64(em, [-1]), keepdims=0)
    signs = column_signs(em, v, dt)
    flip = em.op("Mul", unsq(em, em.op("Where", em.op("Less", diag, zero), scalar(em, -1.0, dt),
                                       one), -2), signs)
    u = em.op("Mul", q, flip)
    if m > n:
        u = em.op("MatMul", em.op("Slice", q1, i64(em, [0]), i64(em, [n]), i64(em, [-1])), u)
        if full:
            extra = em.op("Slice", q1, i64(em, [n]), i64(em, [m]), i64(em, [-1]))
            u = em.op("Concat", u, positive_max(em, extra, dt), axis=-1)
    return u, s, em.op("Mul", v, signs)


def _lower_svd(em: Emitter, n: Node, ins: list[str]) -> str:
    """U, S and Vh flattened and concatenated."""
    x, dt, full = n.inputs[0], n.dtype, n.attrs["full_matrices"]
    m, cols = x.shape[-2:]
    rank = len(x.shape)
    if min(m, cols) == 0:  # no singular values: identities where full
        return em.op("Expand", em.const(_ref_svd(np.zeros((m, cols), dt.np), full)),
                     i64(em, n.shape))
    a = ins[0]
    wide = m < cols
    if wide:
        u_t, s, v_t = hestenes(em, swap_last(em, a, rank), cols, m, rank, dt, full)
        u, vh = v_t, swap_last(em, u_t, rank)
    else:
        u, s, v = hestenes(em, a, m, cols, rank, dt, full)
        vh = swap_last(em, v, rank)
    uc, k, vr = svd_sizes(m, cols, full)
    flat = [em.op("Reshape", part, em.op("Concat", em.op("Shape", part, end=-2),
                                         i64(em, [size]), axis=0))
            for part, size in ((u, m * uc), (vh, vr * cols))]
    out = em.op("Concat", flat[0], s, flat[1], axis=-1)
    bad = not_finite(em, ins[0])
    return em.op("Where", unsq(em, bad, -1), scalar(em, np.nan, dt), out)


@quiet
def _ref_svd(x: np.ndarray, full_matrices: bool) -> np.ndarray:
    bad = _bad_matrices(x)
    u, s, vh = np.linalg.svd(np.where(bad[..., None, None], 0, x), full_matrices=full_matrices)
    m, n = x.shape[-2:]
    k = min(m, n)
    if m >= n:
        v = np.swapaxes(vh, -1, -2)
        flip = canonical_signs(v)
        u = np.concatenate([u[..., :k] * flip, canonical_columns(u[..., k:])], axis=-1)
        vh = np.swapaxes(v * flip, -1, -2)
    else:
        flip = canonical_signs(u)
        v = np.swapaxes(vh, -1, -2)
        v = np.concatenate([v[..., :k] * flip, canonical_columns(v[..., k:])], axis=-1)
        u, vh = u * flip, np.swapaxes(v, -1, -2)
    out = np.concatenate([flatten(u), s, flatten(vh)], axis=-1)
    out = out.astype(x.dtype)
    out[bad] = np.nan
    return out


def _svd_examples(dt: DType) -> list[Example]:
    """Singular values apart; completions of dimension at most 1 (unique up to sign)."""
    if dt not in DECOMPOSABLE:
        return []
    rng = np.random.default_rng(25)
    u, _ = np.linalg.qr(rng.standard_normal((5, 5)))
    v, _ = np.linalg.qr(rng.standard_normal((5, 5)))
    ill = (u * np.array([1e4, 10.0, 1.0, 1e-2, 1e-4])) @ v.T
    cases = [(rng.standard_normal((4, 3)), True), (rng.standard_normal((3, 4)), True),
             (rng.standard_normal((2, 5, 5)), True), (rng.standard_normal((7, 3)), False),
             (rng.standard_normal((2, 3, 6)), False), (ill, False), (np.array([[3.0]]), True),
             (np.array([[1.0, 2.0]]), True), (np.zeros((0, 3, 2)), False),
             (np.zeros((2, 0, 3)), True), (np.array([[np.nan, 1.0], [0.0, 1.0]]), True)]
    return [Example((np.asarray(c, dt.np),), {"full_matrices": f}) for c, f in cases]


defop("svd", _infer_svd, _ref_svd, _lower_svd, examples=_svd_examples, ulps=64.0,
      normwise=True, doc="singular value decomposition by one-sided Jacobi: U, S "
      "(descending) and Vh, canonically signed, flattened into one tensor")
