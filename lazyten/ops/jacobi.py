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
  while its columns' cosine exceeds sqrt(m) * eps (LAPACK's dgesvj). Left vectors are the
  normalized columns, completed to an orthonormal basis by Householder QR (full matrices, or
  zero singular values).

Results are canonical, here and in the NumPy references: eigenvalues ascending, singular
values descending, and each eigenvector and each right singular vector (of a tall matrix; left
of a wide one, and every vector of the completed bases) signed so that its entry of largest
magnitude (the first of equal ones) is positive. Multi-part results are one packed tensor.
"""
from __future__ import annotations

import numpy as np

from .. import dtypes as D
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
        self.lo = em.const(np.minimum(idx, partner))
        self.hi = em.const(np.maximum(idx, partner))
        self.sign = em.const(np.sign(partner - idx).astype(dt.np))  # +1 for p, -1 for q, 0 idle
        self.eye = eye(em, n, n, dt)

    def at(self, em: Emitter, i: str) -> tuple[str, str, str, str, str]:
        """The round of iteration ``i``: its number and its partner, lo, hi and sign rows."""
        r = em.op("Mod", i, i64(em, self.count))
        return (r,) + tuple(em.op("Gather", t, r, axis=0)
                            for t in (self.partner, self.lo, self.hi, self.sign))


def rotation(em: Emitter, app: str, aqq: str, apq: str, rotate: str, sign: str, dt: DType
             ) -> tuple[str, str]:
    """c and sign * s of the Jacobi rotation that zeroes apq in [[app, apq], [apq, aqq]]
    (Golub and Van Loan's sym.schur2), for each index; the identity where not ``rotate``."""
    one, zero = scalar(em, 1.0, dt), scalar(em, 0.0, dt)
    safe = em.op("Where", rotate, apq, one)
    tau = em.op("Div", em.op("Sub", aqq, app), em.op("Mul", scalar(em, 2.0, dt), safe))
    root = em.op("Sqrt", em.op("Add", one, em.op("Mul", tau, tau)))
    t = em.op("Div", em.op("Where", em.op("Less", tau, zero), scalar(em, -1.0, dt), one),
              em.op("Add", em.op("Abs", tau), root))
    t = em.op("Where", rotate, t, zero)
    c = em.op("Div", one, em.op("Sqrt", em.op("Add", one, em.op("Mul", t, t))))
    return c, em.op("Mul", em.op("Mul", t, c), sign)


def rotate_columns(em: Emitter, x: str, partner: str, c: str, ss: str) -> str:
    """x @ J for the round's rotations J (column j: c x_j - sign * s x_partner)."""
    return em.op("Sub", em.op("Mul", x, unsq(em, c, -2)),
                 em.op("Mul", em.op("Gather", x, partner, axis=-1), unsq(em, ss, -2)))


def rotate_rows(em: Emitter, x: str, partner: str, c: str, ss: str) -> str:
    """J^T @ x for the round's rotations J."""
    return em.op("Sub", em.op("Mul", x, unsq(em, c, -1)),
                 em.op("Mul", em.op("Gather", x, partner, axis=-2), unsq(em, ss, -1)))


def sweeps(em: Emitter, rounds: Rounds, carried: list[tuple[str, DType]], rotate: object
           ) -> list[str]:
    """The Jacobi loop: ``rotate(em, round rows, values)`` gives the next values and a bool
    per index (whether it rotated); it stops after a sweep without any rotation."""
    last = i64(em, rounds.count - 1)
    zero = i64(em, 0)

    def body(em: Emitter, i: str, values: list[str]) -> tuple[str, list[str]]:
        rows = rounds.at(em, i)
        active = values[-1]
        nexts, rotated = rotate(em, rows, values[:-1])  # type: ignore[operator]
        count = em.op("ReduceSum", em.op("Cast", rotated, to=7), keepdims=0)
        fresh = em.op("Not", em.op("Equal", rows[0], zero))
        active = em.op("Or", em.op("And", active, fresh), em.op("Greater", count, zero))
        again = em.op("Or", em.op("Not", em.op("Equal", rows[0], last)), active)
        return again, nexts + [active]

    start = em.const(np.asarray(False))
    trips = i64(em, rounds.count * MAX_SWEEPS)
    return em.loop(trips, carried + [(start, D.bool_)], body)[:-1]


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

    def rotate(em: Emitter, rows: tuple, values: list[str]) -> tuple[list[str], str]:
        _, partner, lo, hi, sign = rows
        x, v = values
        d = em.op("ReduceSum", em.op("Mul", x, rounds.eye), i64(em, [-1]), keepdims=0)
        xg = em.op("Gather", x, partner, axis=-1)
        apq = em.op("ReduceSum", em.op("Mul", xg, rounds.eye), i64(em, [-1]), keepdims=0)
        apq = em.op("Mul", apq, em.op("Mul", sign, sign))
        big = em.op("Greater", em.op("Abs", apq), tol)
        c, ss = rotation(em, em.op("Gather", d, lo, axis=-1), em.op("Gather", d, hi, axis=-1),
                         apq, big, sign, dt)
        x = em.op("Sub", em.op("Mul", x, unsq(em, c, -2)), em.op("Mul", xg, unsq(em, ss, -2)))
        x = rotate_rows(em, x, partner, c, ss)
        return [x, rotate_columns(em, v, partner, c, ss)], big

    v0 = em.op("Expand", rounds.eye, em.op("Shape", a))
    x, v = sweeps(em, rounds, [(a, dt), (v0, dt)], rotate)
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


def hestenes(em: Emitter, a: str, m: int, n: int, dt: DType, full: bool
             ) -> tuple[str, str, str]:
    """U (m x m if ``full`` else m x n), the singular values (descending) and V (n x n) of a
    tall (m >= n) ``a``; V's columns canonically signed, U's matching."""
    rounds = Rounds(em, n, dt)
    tol = scalar(em, float(np.sqrt(m)) * eps(dt), dt)

    def rotate(em: Emitter, rows: tuple, values: list[str]) -> tuple[list[str], str]:
        _, partner, lo, hi, sign = rows
        u, v = values
        norms = em.op("ReduceSum", em.op("Mul", u, u), i64(em, [-2]), keepdims=0)
        ug = em.op("Gather", u, partner, axis=-1)
        dots = em.op("ReduceSum", em.op("Mul", u, ug), i64(em, [-2]), keepdims=0)
        dots = em.op("Mul", dots, em.op("Mul", sign, sign))
        app, aqq = em.op("Gather", norms, lo, axis=-1), em.op("Gather", norms, hi, axis=-1)
        bound = em.op("Mul", tol, em.op("Sqrt", em.op("Mul", app, aqq)))
        big = em.op("Greater", em.op("Abs", dots), bound)
        c, ss = rotation(em, app, aqq, dots, big, sign, dt)
        u = em.op("Sub", em.op("Mul", u, unsq(em, c, -2)), em.op("Mul", ug, unsq(em, ss, -2)))
        return [u, rotate_columns(em, v, partner, c, ss)], big

    v0 = em.op("Expand", rounds.eye, batch_shape(em, a, [n, n]))
    u, v = sweeps(em, rounds, [(a, dt), (v0, dt)], rotate)
    s = em.op("Sqrt", em.op("ReduceSum", em.op("Mul", u, u), i64(em, [-2]), keepdims=0))
    s, order = em.op("TopK", s, i64(em, [n]), axis=-1, largest=1, outputs=2)
    u, v = reorder_columns(em, u, order), reorder_columns(em, v, order)
    zero, one = scalar(em, 0.0, dt), scalar(em, 1.0, dt)
    u = em.op("Div", u, unsq(em, em.op("Where", em.op("Equal", s, zero), one, s), -2))
    q, r = householder(em, u, m, n, dt, m if full else n)
    diag = em.op("ReduceSum", em.op("Mul", em.op("Slice", r, i64(em, [0]), i64(em, [n]),
                                                 i64(em, [-2])), eye(em, n, n, dt)),
                 i64(em, [-1]), keepdims=0)
    signs = column_signs(em, v, dt)
    flip = em.op("Mul", unsq(em, em.op("Where", em.op("Less", diag, zero), scalar(em, -1.0, dt),
                                       one), -2), signs)
    if full and m > n:
        extra = positive_max(em, em.op("Slice", q, i64(em, [n]), i64(em, [m]), i64(em, [-1])),
                             dt)
        first = em.op("Slice", q, i64(em, [0]), i64(em, [n]), i64(em, [-1]))
        u = em.op("Concat", em.op("Mul", first, flip), extra, axis=-1)
    else:
        u = em.op("Mul", q, flip)
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
        u_t, s, v_t = hestenes(em, swap_last(em, a, rank), cols, m, dt, full)
        u, vh = v_t, swap_last(em, u_t, rank)
    else:
        u, s, v = hestenes(em, a, m, cols, dt, full)
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
