"""Shape manipulation: reshape, permute_dims, broadcast_to/broadcast_arrays, expand_dims,
squeeze, concat/stack/unstack, flip, moveaxis, repeat, roll, tile. ``reshape``,
``permute_dims`` and full basic indexing return views; index patterns that depend only on
shapes are built on the host as int64 leaves."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .. import dtypes as D
from ..array import Array, ArrayLike, as_array, cast, wrap
from ..dims import Dim, product
from ..errors import ArgumentError, ShapeError, ValueArgumentError
from ..lazy import apply, numpy_leaf, to_numpy
from ..ops import broadcast_shapes
from ..source import user_location
from ..views import PermuteView, ReshapeView
from . import arguments as A


def _resolve_shape(shape: Any, old: tuple) -> tuple:
    """The target shape with its ``-1`` inferred; sizes may be symbolic (``x.shape[0]``),
    and a symbolic total divides exactly or the reshape is refused."""
    shape = A.sizes(shape, "reshape: shape")
    size = product(old)
    unknown = [k for k, s in enumerate(shape) if type(s) is int and s == -1]
    if len(unknown) > 1 or any(type(s) is int and s < -1 for s in shape):
        raise ShapeError(f"cannot reshape array of shape {_text(old)} into shape "
                         f"{_text(shape)}: only one dimension can be -1 and sizes must be "
                         "non-negative")
    if unknown:
        known = product([s for s in shape if not (type(s) is int and s == -1)])
        inferred = _divide(size, known)
        if inferred is None:
            raise ShapeError(f"cannot reshape array of shape {_text(old)} (size {size}) into "
                             f"shape {_text(shape)}")
        shape = tuple(inferred if type(s) is int and s == -1 else s for s in shape)
    if product(shape) != size:
        raise ShapeError(f"cannot reshape array of shape {_text(old)} (size {size}) into "
                         f"shape {_text(shape)}")
    return shape


def _divide(size: Any, known: Any) -> Any:
    """``size / known`` when exact, else None."""
    if type(size) is int and type(known) is int:
        return size // known if known and not size % known else None
    if known == 0:
        return None
    return size.exact_div(known) if type(size) is Dim else None


def _text(shape: Any) -> str:
    """A shape as the user wrote it: ``(batch, 4)``."""
    inner = ", ".join(str(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def reshape(x: ArrayLike, shape: int | Sequence[int], *, copy: bool | None = None) -> Array:
    """A view with a new shape (``-1`` is inferred); writes go through to ``x``.

    >>> lt.reshape(lt.arange(6), (2, -1))
    lazyten.Array([[0, 1, 2],
                   [3, 4, 5]], dtype=int64)
    """
    x = as_array(x)
    new = _resolve_shape(shape, x.shape)
    if copy:
        return wrap(apply("reshape", [x._node()], shape=new))
    return x._view_of(ReshapeView(new, user_location()))


def permute_dims(x: ArrayLike, axes: Sequence[int]) -> Array:
    """A view with permuted axes.

    >>> lt.permute_dims(lt.zeros((2, 3, 4)), (2, 0, 1)).shape
    (4, 2, 3)
    """
    x = as_array(x)
    if not isinstance(axes, (tuple, list)):
        raise ArgumentError(f"permute_dims: axes must be a sequence of axes, got {axes!r}")
    ints = [A.integer(a, "permute_dims: axis") for a in axes]
    perm = tuple(A.axis(a, x.ndim, "permute_dims: axis") for a in ints) \
        if len(ints) == x.ndim else None
    if perm is None or sorted(perm) != list(range(x.ndim)):
        raise ShapeError(f"permute_dims: axes {tuple(axes)} are not a permutation of the "
                         f"{x.ndim} axes of an array of shape {x.shape}")
    return x._view_of(PermuteView(perm, user_location()))


def matrix_transpose(x: ArrayLike) -> Array:
    """A view with the last two axes swapped.

    >>> lt.matrix_transpose(lt.asarray([[1, 2, 3], [4, 5, 6]]))
    lazyten.Array([[1, 4],
                   [2, 5],
                   [3, 6]], dtype=int64)
    """
    x = as_array(x)
    if x.ndim < 2:
        raise ShapeError(f"matrix_transpose needs at least 2 dimensions, got shape {x.shape}")
    return swapaxes(x, -2, -1)


def swapaxes(x: ArrayLike, axis1: int, axis2: int) -> Array:
    """A view with two axes swapped (PyTorch's ``x.transpose(dim0, dim1)``)."""
    x = as_array(x)
    a = A.axis(axis1, x.ndim, "swapaxes: axis1")
    b = A.axis(axis2, x.ndim, "swapaxes: axis2")
    perm = list(range(x.ndim))
    perm[a], perm[b] = perm[b], perm[a]
    return permute_dims(x, perm)


def broadcast_to(x: ArrayLike, shape: int | Sequence[int]) -> Array:
    """``x`` broadcast to ``shape`` (a view). Keeps the dtype.

    >>> lt.broadcast_to(lt.asarray([1, 2]), (2, 2))
    lazyten.Array([[1, 2],
                   [1, 2]], dtype=int64)
    """
    x = as_array(x)
    shape = A.shape(shape, "broadcast_to: shape", x.dtype.itemsize)
    if x.shape == shape:
        return wrap(x._node())
    return wrap(apply("expand", [x._node()], shape=shape))


def expand_dims(x: ArrayLike, axis: int = 0) -> Array:
    """``x`` with a new axis of size 1 at ``axis`` (a view). Keeps the dtype.

    >>> lt.expand_dims(lt.asarray([1, 2]), axis=1)
    lazyten.Array([[1],
                   [2]], dtype=int64)
    """
    x = as_array(x)
    axis = A.axis(axis, x.ndim + 1, "expand_dims: axis")
    return reshape(x, x.shape[:axis] + (1,) + x.shape[axis:])


def squeeze(x: ArrayLike, axis: int | tuple[int, ...] | None = None) -> Array:
    """``x`` without the size-1 axes ``axis`` (every size-1 axis for None). Keeps the dtype.

    >>> lt.squeeze(lt.zeros((1, 3, 1)), axis=0).shape
    (3, 1)
    """
    x = as_array(x)
    axes = tuple(k for k, d in enumerate(x.shape) if d == 1) if axis is None else \
        A.sorted_axes(axis, x.ndim, "squeeze")
    for a in axes:
        if x.shape[a] != 1:
            raise ShapeError(f"squeeze: cannot remove axis {a} of size {x.shape[a]} "
                             f"from shape {x.shape}")
    return reshape(x, tuple(d for k, d in enumerate(x.shape) if k not in axes))


def concat(arrays: Sequence[ArrayLike], /, axis: int | None = 0) -> Array:
    """The arrays joined along ``axis`` (flattened first for None). The arrays' promoted dtype.

    >>> lt.concat([lt.asarray([1, 2]), lt.asarray([3.5])])
    lazyten.Array([1. , 2. , 3.5], dtype=float32)
    """
    return _concat(arrays, axis, "concat: axis")


def concatenate(arrays: Sequence[ArrayLike], axis: int | None = 0) -> Array:
    """NumPy's spelling of ``concat``.

    >>> lt.concatenate([lt.asarray([[1, 2]]), lt.asarray([[3, 4]])], axis=1)
    lazyten.Array([[1, 2, 3, 4]], dtype=int64)
    """
    return _concat(arrays, axis, "concatenate: axis")


def transpose(x: ArrayLike, axes: Sequence[int] | None = None) -> Array:
    """NumPy's ``transpose``: the axes reversed, or permuted as ``axes`` says (the method
    ``x.transpose(0, 1)`` is PyTorch's two-axis swap).

    >>> lt.transpose(lt.zeros((2, 3, 4))).shape
    (4, 3, 2)
    """
    x = as_array(x)
    return permute_dims(x, tuple(reversed(range(x.ndim))) if axes is None else axes)


def cat(tensors: Sequence[ArrayLike], dim: int = 0) -> Array:
    """PyTorch spelling of ``concat``.

    >>> lt.cat([lt.ones((1, 2)), lt.zeros((1, 2))], dim=0)
    lazyten.Array([[1., 1.],
                   [0., 0.]], dtype=float32)
    """
    return _concat(tensors, dim, "cat: dim")


def _concat(arrays: Sequence[ArrayLike], axis: int | None, what: str) -> Array:
    xs = [as_array(a) for a in arrays]
    if not xs:
        raise ValueArgumentError("concat needs at least one array")
    if axis is None:
        xs = [reshape(x, (-1,)) for x in xs]
        axis = 0
    if any(x.ndim == 0 for x in xs):
        raise ShapeError("zero-dimensional arrays cannot be concatenated "
                         f"(shapes {', '.join(str(x.shape) for x in xs)})")
    ndim = xs[0].ndim
    if any(x.ndim != ndim for x in xs):
        raise ShapeError("concat: all arrays must have the same number of dimensions, got "
                         f"shapes {', '.join(str(x.shape) for x in xs)}")
    axis = A.axis(axis, ndim, what)
    dt = D.result_type(*(x.dtype for x in xs))
    nodes = [cast(x._node(), dt) for x in xs]
    if len(nodes) == 1:
        return wrap(nodes[0])
    return wrap(apply("concat", nodes, axis=axis))


def stack(arrays: Sequence[ArrayLike], /, axis: int = 0) -> Array:
    """The arrays joined along a new axis ``axis``. The arrays' promoted dtype.

    >>> lt.stack([lt.asarray([1, 2]), lt.asarray([3, 4])], axis=1)
    lazyten.Array([[1, 3],
                   [2, 4]], dtype=int64)
    """
    xs = [as_array(a) for a in arrays]
    if not xs:
        raise ValueArgumentError("stack needs at least one array")
    shapes = {x.shape for x in xs}
    if len(shapes) != 1:
        raise ShapeError("stack: all arrays must have the same shape, got "
                         f"{', '.join(str(x.shape) for x in xs)}")
    axis = A.axis(axis, xs[0].ndim + 1, "stack: axis")
    return concat([expand_dims(x, axis) for x in xs], axis=axis)


def broadcast_arrays(*arrays: ArrayLike) -> list[Array]:
    """The arrays broadcast to their common shape (views, no copies). Each keeps its dtype.

    >>> [a.shape for a in lt.broadcast_arrays(lt.zeros((2, 1)), lt.zeros(3))]
    [(2, 3), (2, 3)]
    """
    xs = [as_array(a) for a in arrays]
    shape = broadcast_shapes(*(x.shape for x in xs))
    return [broadcast_to(x, shape) for x in xs]


def flip(x: ArrayLike, /, axis: int | tuple[int, ...] | None = None) -> Array:
    """``x`` with the order of elements reversed along ``axis`` (every axis for None). Keeps the
    dtype.

    >>> lt.flip(lt.asarray([[1, 2], [3, 4]]), axis=1)
    lazyten.Array([[2, 1],
                   [4, 3]], dtype=int64)
    """
    x = as_array(x)
    axes = A.sorted_axes(axis, x.ndim, "flip")
    key = tuple(slice(None, None, -1) if k in axes else slice(None) for k in range(x.ndim))
    return wrap(x[key]._node())


def moveaxis(x: ArrayLike, source: int | Sequence[int],
             destination: int | Sequence[int], /) -> Array:
    """``x`` with axes ``source`` moved to positions ``destination`` (a view). Keeps the dtype.

    >>> lt.moveaxis(lt.zeros((2, 3, 4)), 0, -1).shape
    (3, 4, 2)
    """
    x = as_array(x)
    src = A.axes(A.listed(source), x.ndim, "moveaxis: source")
    dst = A.axes(A.listed(destination), x.ndim, "moveaxis: destination")
    if len(src) != len(dst):
        raise ShapeError(f"moveaxis: source {source} and destination {destination} differ "
                         "in length")
    order = [k for k in range(x.ndim) if k not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return permute_dims(x, order)


def _gather_static(x: Array, positions: np.ndarray, axis: int) -> Array:
    return wrap(apply("gather", [x._node(), numpy_leaf(positions, D.int64)], axis=axis))


def _gather(x: Array, positions: Array, axis: int) -> Array:
    return wrap(apply("gather", [x._node(), positions._node()], axis=axis))



def repeat(x: ArrayLike, repeats: int | ArrayLike, /, axis: int | None = None) -> Array:
    """Each element of ``x`` repeated ``repeats`` times (an int, or one count per element)
    along ``axis`` (of the flattened array for None). Keeps the dtype. Repeats given as an array
    are realized: they decide the result's shape.

    >>> lt.repeat(lt.asarray([1, 2]), 2)
    lazyten.Array([1, 1, 2, 2], dtype=int64)
    >>> lt.repeat(lt.asarray([1, 2]), [1, 3])
    lazyten.Array([1, 2, 2, 2], dtype=int64)
    """
    x = as_array(x)
    if axis is None:
        x, axis = reshape(x, (-1,)), 0
    ax = A.axis(axis, x.ndim, "repeat: axis")
    if isinstance(repeats, (Array, np.ndarray, list, tuple)):
        reps = to_numpy(repeats._node()) if isinstance(repeats, Array) else np.asarray(repeats)
        if reps.dtype.kind not in "iu" or reps.ndim > 1:
            raise ArgumentError(f"repeat: repeats must be an integer or a 1-d sequence of "
                                f"integers, got {repeats!r}")
        if reps.shape not in ((), (1,), (x.shape[ax],)):
            raise ValueArgumentError(f"repeat: repeats of shape {reps.shape} do not fit an "
                                     f"axis of size {x.shape[ax]}, got {repeats!r}")
        if np.any(reps < 0):
            raise ValueArgumentError(f"repeat: repeats must be non-negative, got {reps}")
    else:
        reps = A.count(repeats, "repeat: repeats")
        if type(x.shape[ax]) is Dim:  # position k of the result reads element k // reps
            from .creation import arange
            from .elementwise import floor_divide
            return _gather(x, floor_divide(arange(x.shape[ax] * reps), reps), ax)
    return _gather_static(x, np.repeat(np.arange(A.static(x.shape[ax], "repeat")), reps), ax)


def roll(x: ArrayLike, /, shift: int | tuple[int, ...], *,
         axis: int | tuple[int, ...] | None = None) -> Array:
    """``x`` shifted by ``shift`` along ``axis``, wrapping around (flattened for None). Keeps
    the dtype.

    >>> lt.roll(lt.asarray([1, 2, 3, 4]), 1)
    lazyten.Array([4, 1, 2, 3], dtype=int64)
    """
    x = as_array(x)
    if axis is None:
        return reshape(roll(reshape(x, (-1,)), shift, axis=0), x.shape)
    shifts = A.integers(shift, "roll: shift")
    axes = tuple(A.axis(a, x.ndim, "roll: axis") for a in A.listed(axis))
    if len(shifts) == 1:
        shifts = shifts * len(axes)
    if len(shifts) != len(axes):
        raise ShapeError(f"roll: shift {shift} and axis {axis} differ in length")
    y = x
    for s, ax in zip(shifts, axes):
        if type(x.shape[ax]) is Dim:  # position k reads element (k - s) mod size
            from .creation import arange, size_value
            from .elementwise import remainder, subtract
            where = remainder(subtract(arange(x.shape[ax]), s), size_value(x.shape[ax]))
            y = _gather(y, where, ax)
        else:
            y = _gather_static(y, np.roll(np.arange(x.shape[ax]), s), ax)
    return wrap(y._node())


def tile(x: ArrayLike, repetitions: Sequence[int], /) -> Array:
    """``x`` repeated ``repetitions`` times along each axis. Keeps the dtype.

    >>> lt.tile(lt.asarray([1, 2]), (2, 2))
    lazyten.Array([[1, 2, 1, 2],
                   [1, 2, 1, 2]], dtype=int64)
    """
    x = as_array(x)
    reps = A.integers(repetitions, "tile: repetitions")
    if any(r < 0 for r in reps):
        raise ValueArgumentError(f"tile: repetitions must be non-negative, got {repetitions!r}")
    ndim = max(len(reps), x.ndim)
    reps = (1,) * (ndim - len(reps)) + reps
    shape = (1,) * (ndim - x.ndim) + x.shape
    inter = tuple(v for d in shape for v in (1, d))
    big = tuple(v for r, d in zip(reps, shape) for v in (r, d))
    y = apply("expand", [apply("reshape", [x._node()], shape=inter)], shape=big)
    return wrap(apply("reshape", [y], shape=tuple(r * d for r, d in zip(reps, shape))))


def unstack(x: ArrayLike, /, *, axis: int = 0) -> tuple[Array, ...]:
    """The slices of ``x`` along ``axis``, as a tuple of views. Keeps the dtype.

    >>> lt.unstack(lt.asarray([[1, 2], [3, 4]]))
    (lazyten.Array([1, 2], dtype=int64), lazyten.Array([3, 4], dtype=int64))
    """
    x = as_array(x)
    ax = A.axis(axis, x.ndim, "unstack: axis")
    key = (slice(None),) * ax
    return tuple(wrap(x[key + (i,)]._node()) for i in range(x.shape[ax]))
