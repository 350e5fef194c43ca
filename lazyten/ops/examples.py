"""Operand catalogues for the ops' examples: the values and shapes where array libraries and
onnxruntime's kernels tend to disagree.

Values: the edges of each dtype (limits, 0, +-1, [2**31, 2**32) and 2**53 + 1 for 64-bit
integers; NaN, +-inf, +-0.0, subnormals and the largest finite values for floats). Shapes: 0-d,
one element, zero-size dimensions in each position, 1-D against N-D, and broadcasting in each
direction. An op's ``examples(dtype)`` builds its cases from these; the conformance matrix adds
view operands (transposed, reversed, strided) on top.
"""
from __future__ import annotations

import math
from typing import Any, Iterable

import numpy as np

from ..dtypes import DType
from .table import Example

SHAPES = [(), (1,), (0,), (7,), (2, 3), (0, 3), (3, 0), (2, 1, 4)]
PAIRS = [((), ()), ((), (2, 3)), ((2, 3), ()), ((3,), (2, 3)), ((2, 3), (3,)), ((2, 1), (1, 3)),
         ((1, 3), (2, 1)), ((0,), (0,)), ((0, 3), (3,)), ((3,), (0, 3)), ((1,), (0,)),
         ((2, 0), (2, 1)), ((2, 1, 3), (4, 1)), ((5,), (5,))]


def edge_values(dt: DType) -> np.ndarray:
    """Every edge value of ``dt``, each once."""
    if dt.kind == "b":
        return np.array([False, True])
    if dt.kind in "iu":
        info = np.iinfo(dt.np)
        candidates = [info.min, info.min + 1, -2**32, -2**31 - 1, -2**31, -2**15 - 1, -129, -128,
                      -100, -7, -2, -1, 0, 1, 2, 3, 7, 100, 127, 128, 255, 256, 2**15,
                      2**16 - 1, 2**31 - 1, 2**31, 2**31 + 5, 2**32 - 1, 2**32, 2**53 + 1,
                      info.max - 1, info.max]
        values = sorted({int(v) for v in candidates if info.min <= v <= info.max})
        return np.array(values, dtype=dt.np)
    if dt.kind == "c":
        return _complex_values(dt)
    info = np.finfo(dt.np)
    candidates = [math.nan, -math.inf, math.inf, -0.0, 0.0, 1.0, -1.0, 0.5, -0.5, 2.5, -3.0,
                  1e-3, 7.25, 100.0, -100.0, 1e4, 1e30, -1e30, 700.0, -745.0,
                  float(info.max), -float(info.max), float(info.tiny),
                  float(info.smallest_subnormal), -float(info.smallest_subnormal)]
    with np.errstate(over="ignore"):
        return np.array(candidates, dtype=dt.np)


def _complex_values(dt: DType) -> np.ndarray:
    """Complex values: each part of NaN, +-inf, +-0.0, +-1 and ordinary numbers, paired so
    that every part meets the special ones."""
    parts = np.array([math.nan, -math.inf, math.inf, -0.0, 0.0, 1.0, -1.0, 0.5, -3.0, 2.5,
                      7.25, 1e-3, 100.0, -1e4], np.float64)
    re = np.concatenate([parts, parts, parts])
    im = np.concatenate([parts, np.roll(parts, 3), np.roll(parts, -5)])
    values = np.empty(re.shape, dt.np)
    values.real, values.imag = re, im
    return values


def sample(dt: DType, shape: tuple[int, ...], seed: int = 0,
           values: np.ndarray | None = None) -> np.ndarray:
    """An array of ``shape`` cycling through ``values`` (default: the edge values) in a
    seeded random order, so every value lands in several positions."""
    pool = edge_values(dt) if values is None else values
    n = math.prod(shape)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(pool), n) if n else np.zeros(0, np.int64)
    if n >= len(pool):
        picks[:len(pool)] = rng.permutation(len(pool))
    return np.asarray(pool[picks].reshape(shape))


def unary(dt: DType, values: np.ndarray | None = None, **attrs: Any) -> list[Example]:
    """Every edge value once, then the shape catalogue."""
    pool = edge_values(dt) if values is None else values
    cases = [Example((pool,), dict(attrs))]
    cases += [Example((sample(dt, s, k, pool),), dict(attrs)) for k, s in enumerate(SHAPES)]
    return cases


def binary(dt: DType, left: np.ndarray | None = None, right: np.ndarray | None = None
           ) -> list[Example]:
    """All pairs of edge values (a column against a row: broadcasting both ways), then the
    pairs of shapes of the catalogue."""
    a = edge_values(dt) if left is None else left
    b = edge_values(dt) if right is None else right
    cases = [Example((a[:, None], b[None, :]), {})]
    cases += [Example((sample(dt, sa, 2 * k, a), sample(dt, sb, 2 * k + 1, b)), {})
              for k, (sa, sb) in enumerate(PAIRS)]
    return cases


def nan_rows(dt: DType, width: int = 5) -> np.ndarray:
    """Rows with NaN (first, middle, last), +-inf and ties, for searches along the last axis."""
    if dt.kind != "f":
        values = np.resize(edge_values(dt), width)
        return np.stack([np.roll(values, k) for k in range(3)] +
                        [np.full(width, values[len(values) // 2])])
    rows = [[math.nan, 1, 2, 3, -1], [1, 2, math.nan, 3, -1], [1, 3, 2, -1, math.nan],
            [math.inf, 1, -math.inf, 2, 0], [-0.0, 0.0, 1, 1, -2], [2, 2, 2, 2, 2],
            [math.nan, math.nan, 1, 2, 3]]
    return np.array([r[:width] for r in rows], dtype=dt.np)


def along_axes(dt: DType, shapes_axes: Iterable[tuple[tuple[int, ...], Any]],
               attr: str, **more: Any) -> list[Example]:
    """One example per (shape, axis value) with sampled edge values, keepdims alternating
    when ``more`` asks for it (``keepdims=None``)."""
    cases = []
    for k, (shape, axis) in enumerate(shapes_axes):
        attrs = {attr: axis, **more}
        if attrs.get("keepdims", False) is None:
            attrs["keepdims"] = bool(k % 2)
        cases.append(Example((sample(dt, shape, k),), attrs))
    return cases


def gaussian(rng: np.random.Generator, shape: tuple[int, ...], complex_: bool = False
             ) -> np.ndarray:
    """Standard normal samples of ``shape`` (float64), complex ones where ``complex_``: real
    and imaginary parts each standard normal."""
    x = rng.standard_normal(shape)
    return x + 1j * rng.standard_normal(shape) if complex_ else x


def hermitian(rng: np.random.Generator, shape: tuple[int, ...], complex_: bool = False,
              spectrum: np.ndarray | None = None) -> np.ndarray:
    """Random Hermitian (symmetric, unless ``complex_``) matrices; with ``spectrum``, these
    eigenvalues."""
    if spectrum is None:
        a = gaussian(rng, shape, complex_)
        return a + np.conj(np.swapaxes(a, -1, -2))
    q, _ = np.linalg.qr(gaussian(rng, shape, complex_))
    return (q * spectrum) @ np.conj(np.swapaxes(q, -1, -2))
