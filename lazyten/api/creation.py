"""Creation functions: arange, zeros/ones/full/empty (and *_like), eye, tril/triu, linspace,
meshgrid, asarray/tensor/from_numpy/from_dlpack, and the seeded random streams (randn, rand,
manual_seed). Index patterns and values that depend only on arguments are built on the host."""
from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np

from .. import dtypes as D
from ..array import Array, ArrayLike, DTypeLike, DeviceLike, as_array, wrap, wrap_shared
from ..device import CPU, resolve
from ..dims import Dim, maximum
from ..dtypes import DType
from ..errors import ArgumentError, DTypeError, ScalarOverflowError, ShapeError, ValueArgumentError
from ..lazy import apply, apply_on, numpy_leaf, scalar_node, to_numpy
from . import arguments as A
from .manipulation import broadcast_to, reshape


_NUMBER = (bool, int, float, complex, np.bool_, np.integer, np.floating, np.complexfloating)


def _shape_arg(shape: tuple, what: str, itemsize: int) -> tuple[int, ...]:
    """Accept ``f(2, 3)``, ``f((2, 3))`` and ``f([2, 3])`` like PyTorch."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = shape[0]
    return A.shape(shape, what, itemsize)


def arange(start: int | float, stop: int | float | None = None, step: int | float = 1, *,
           dtype: DTypeLike | None = None, device: DeviceLike | None = None) -> Array:
    """Evenly spaced values in [start, stop) by ``step``. Integers give int64, a float argument
    the default float (float32).

    >>> lt.arange(4)
    lazyten.Array([0, 1, 2, 3], dtype=int64)
    >>> lt.arange(0, 1, 0.25)
    lazyten.Array([0.  , 0.25, 0.5 , 0.75], dtype=float32)
    """
    if stop is None:
        start, stop = 0, start
    if type(start) is Dim or type(stop) is Dim:
        return _symbolic_arange(start, stop, step, dtype, device)
    values = (A.real(start, "arange: start"), A.real(stop, "arange: stop"),
              A.real(step, "arange: step"))
    if step == 0:
        raise ValueArgumentError("arange: step must not be zero")
    if not all(math.isfinite(v) for v in values):
        raise ValueArgumentError(f"arange: start, stop and step must be finite, got "
                                 f"{start}, {stop}, {step}")
    if dtype is None:
        is_float = any(isinstance(v, (float, np.floating)) for v in values)
        dtype = D.DEFAULT_FLOAT if is_float else D.DEFAULT_INT
    dt = D.as_dtype(dtype)
    n = max(0, math.ceil((stop - start) / step))
    A.fits((n,), dt.itemsize, f"arange({start!r}, {stop!r}, {step!r}): shape")
    if dt.kind in "iu":
        start, step = int(start), int(step)
    else:
        start, step = float(start), float(step)
    return wrap(apply_on(resolve(device), "arange", [], start=start, step=step, n=n, dtype=dt))


def _symbolic_arange(start: Any, stop: Any, step: Any, dtype: Any, device: Any) -> Array:
    """``arange`` up to a symbolic size (``lt.arange(x.shape[0])`` in a trace): an integer
    start and step, a size as stop."""
    if type(start) is not int or type(step) is not int or step == 0 or \
            type(stop) not in (int, Dim):
        raise ArgumentError(f"arange with a symbolic bound takes an integer start, a size as "
                            f"stop and a non-zero integer step, got {start}, {stop}, {step}")
    n = maximum((stop - start + step - 1) // step if step > 0 else
                (start - stop - step - 1) // -step, 0)
    dt = D.DEFAULT_INT if dtype is None else D.as_dtype(dtype)
    return wrap(apply_on(resolve(device), "arange", [], start=start, step=step, n=n, dtype=dt))


def _fill(value: Any, what: str) -> Any:
    """A fill value: a bool, int, float or complex (an array of one element gives its value)."""
    if isinstance(value, Array):
        value = value.item()
    if not isinstance(value, _NUMBER):
        raise DTypeError(f"{what}: fill_value must be a bool, int, float or complex number, "
                         f"got {value!r}")
    return value


def _full(shape: tuple[int, ...], fill_value: Any, dt: DType, device: Any) -> Array:
    dev = resolve(device)
    node = scalar_node(fill_value, dt)
    if not shape and dev is CPU:
        return wrap(node)
    return wrap(apply_on(dev, "expand", [node], shape=shape))


def _filled(name: str, shape: tuple, fill_value: int, dtype: Any, device: Any) -> Array:
    dt = D.DEFAULT_FLOAT if dtype is None else D.as_dtype(dtype)
    return _full(_shape_arg(shape, f"{name}: shape", dt.itemsize), fill_value, dt, device)


def full(shape: int | Sequence[int], fill_value: bool | int | float | Array, *,
         dtype: DTypeLike | None = None, device: DeviceLike | None = None) -> Array:
    """An array of ``shape`` filled with ``fill_value``. The fill value's dtype (bool, int64,
    float32 or complex64) unless ``dtype`` is given.

    >>> lt.full((2, 2), 7)
    lazyten.Array([[7, 7],
                   [7, 7]], dtype=int64)
    """
    fill_value = _fill(fill_value, "full")
    dt = D.default_dtype_of(fill_value) if dtype is None else D.as_dtype(dtype)
    return _full(A.shape(shape, "full: shape", dt.itemsize), fill_value, dt, device)


def zeros(shape: int | Sequence[int], *more: int, dtype: DTypeLike | None = None,
          device: DeviceLike | None = None) -> Array:
    """An array of ``shape`` filled with zeros. Default float (float32) unless ``dtype`` is
    given.

    >>> lt.zeros((2, 3), dtype=lt.int32)
    lazyten.Array([[0, 0, 0],
                   [0, 0, 0]], dtype=int32)
    """
    return _filled("zeros", (shape,) + more, 0, dtype, device)


def ones(shape: int | Sequence[int], *more: int, dtype: DTypeLike | None = None,
         device: DeviceLike | None = None) -> Array:
    """An array of ``shape`` filled with ones. Default float (float32) unless ``dtype`` is
    given.

    >>> lt.ones(2, 3)
    lazyten.Array([[1., 1., 1.],
                   [1., 1., 1.]], dtype=float32)
    """
    return _filled("ones", (shape,) + more, 1, dtype, device)


def empty(shape: int | Sequence[int], *more: int, dtype: DTypeLike | None = None,
          device: DeviceLike | None = None) -> Array:
    """Uninitialized in name only: lazyten fills it with zeros, so reads are deterministic.

    >>> lt.empty(3)
    lazyten.Array([0., 0., 0.], dtype=float32)
    """
    return _filled("empty", (shape,) + more, 0, dtype, device)


def full_like(x: ArrayLike, fill_value: bool | int | float | Array, *,
              dtype: DTypeLike | None = None, device: DeviceLike | None = None) -> Array:
    """Like ``x`` in shape, dtype and device unless given.

    >>> lt.full_like(lt.asarray([1.0, 2.0]), 7)
    lazyten.Array([7., 7.], dtype=float32)
    """
    x = asarray(x)
    fill_value = _fill(fill_value, "full_like")
    dt = x.dtype if dtype is None else D.as_dtype(dtype)
    if x._type.is_symbolic:  # sizes known only at run time (lt.spec with named dimensions)
        return wrap(apply("fill_like", [x._node(), scalar_node(fill_value, dt)]))
    return _full(x.shape, fill_value, dt, x.device if device is None else device)


def zeros_like(x: ArrayLike, *, dtype: DTypeLike | None = None,
               device: DeviceLike | None = None) -> Array:
    """Zeros shaped like ``x``. ``x``'s dtype unless ``dtype`` is given.

    >>> lt.zeros_like(lt.asarray([[1, 2], [3, 4]]))
    lazyten.Array([[0, 0],
                   [0, 0]], dtype=int64)
    """
    return full_like(x, 0, dtype=dtype, device=device)


def ones_like(x: ArrayLike, *, dtype: DTypeLike | None = None,
              device: DeviceLike | None = None) -> Array:
    """Ones shaped like ``x``. ``x``'s dtype unless ``dtype`` is given.

    >>> lt.ones_like(lt.asarray([1, 2]), dtype=lt.float64)
    lazyten.Array([1., 1.], dtype=float64)
    """
    return full_like(x, 1, dtype=dtype, device=device)


def empty_like(x: ArrayLike, *, dtype: DTypeLike | None = None,
               device: DeviceLike | None = None) -> Array:
    """An array shaped like ``x``; lazyten fills it with zeros. ``x``'s dtype unless ``dtype``
    is given.

    >>> lt.empty_like(lt.asarray([True, False]))
    lazyten.Array([False, False], dtype=bool)
    """
    return full_like(x, 0, dtype=dtype, device=device)


def _from_python(obj: Any, dt: DType | None) -> np.ndarray:
    """Nested lists/tuples of scalars (and lazyten arrays) to an ndarray: straight into ``dt``
    when given (so that no value goes through float64 on the way: uint64 near 2**64, say),
    else with floats as float64 (``asarray`` picks the default dtype)."""
    if isinstance(obj, (list, tuple)) and any(isinstance(o, Array) for o in _flat_items(obj)):
        obj = _realize_members(obj)
    try:
        arr = np.array(obj)  # NumPy's own reading: it tells ragged lists and foreign elements
    except ValueError as exc:
        raise ValueArgumentError(f"nested sequences are ragged (not rectangular): {exc}") \
            from None
    if arr.dtype == object:
        _python_ints_within(obj, -2 ** 63, 2 ** 64 - 1, "int64 and uint64")
    if arr.dtype == object or arr.dtype.kind not in "biufc":
        raise DTypeError(f"cannot make an array of {type(obj).__name__} with NumPy dtype "
                         f"{arr.dtype}: elements must be bools, ints, floats or complex "
                         "numbers")
    if dt is None:
        return arr
    with np.errstate(all="ignore"):
        return np.array(obj, dtype=dt.np)


def _python_ints_within(obj: Any, low: int, high: int, dtypes: str) -> None:
    bad = next((o for o in _flat_items(obj) if type(o) is int and not low <= o <= high), None)
    if bad is not None:
        raise ScalarOverflowError(f"asarray: Python integer {bad} is out of bounds for "
                                  f"{dtypes}")


def _flat_items(obj: Any) -> list:
    out = []
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, (list, tuple)):
            stack.extend(o)
        else:
            out.append(o)
    return out


def _realize_members(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        return [_realize_members(o) for o in obj]
    if isinstance(obj, Array):
        return to_numpy(obj._node())
    return obj


def _has_python(obj: Any, kind: type) -> bool:
    """Whether ``obj`` holds a Python ``float`` (or ``complex``): it takes the default float
    (complex) dtype rather than NumPy's double precision."""
    return any(isinstance(o, kind) for o in _flat_items(obj)) or isinstance(obj, kind)


def size_value(d: Dim) -> Array:
    """A symbolic size (``x.shape[0]`` in a trace) as a 0-d int64 array that promotes like a
    Python int; its value is read from the inputs' shapes at run time."""
    out = wrap(apply("size", [], size=d, dtype=D.int64))
    out._weak = True
    return out


def asarray(obj: ArrayLike, /, *, dtype: DTypeLike | None = None, device: DeviceLike | None = None,
            copy: bool | None = None) -> Array:
    """A lazyten array from an array, an ndarray (copied), a scalar or nested lists.

    >>> lt.asarray([[1, 2], [3, 4]])
    lazyten.Array([[1, 2],
                   [3, 4]], dtype=int64)
    >>> lt.asarray([1, 2.5])
    lazyten.Array([1. , 2.5], dtype=float32)
    """
    dt = None if dtype is None else D.as_dtype(dtype)
    if type(obj) is Dim:
        size = size_value(obj)
        return size if dt is None else wrap(apply("cast", [size._node()], dtype=dt))
    if isinstance(obj, Array):
        if device is not None:
            obj = obj.to(device)
        if (dt is None or dt is obj.dtype) and not copy:
            return obj
        return wrap(obj._node() if dt is None or dt is obj.dtype
                    else apply("cast", [obj._node()], dtype=dt))
    if copy is False and not isinstance(obj, np.ndarray):
        raise ValueArgumentError("asarray(copy=False) cannot avoid a copy of a Python object")
    if isinstance(obj, np.ndarray) or hasattr(obj, "__array_interface__") or \
            hasattr(obj, "__dlpack__"):
        arr = np.asarray(obj)
        if arr.dtype.kind not in "biufc":
            raise DTypeError(f"unsupported NumPy dtype {arr.dtype}")
        native = D.as_dtype(arr.dtype)
    else:
        if dt is not None and dt.kind in "iu":  # Python ints out of range raise, as NumPy 2
            _python_ints_within(obj, int(np.iinfo(dt.np).min), int(np.iinfo(dt.np).max),
                                dt.name)
        arr = _from_python(obj, dt)
        native = D.as_dtype(arr.dtype)
        if dt is None and arr.dtype == np.float64 and _has_python(obj, float):
            native = D.DEFAULT_FLOAT
        elif dt is None and arr.dtype == np.complex128 and _has_python(obj, complex):
            native = D.DEFAULT_COMPLEX
    target = dt or native
    with np.errstate(all="ignore"):
        arr = np.array(arr, dtype=target.np, copy=True, order="C")
    return on_device(wrap(numpy_leaf(arr, target)), device)


def on_device(x: Array, device: Any) -> Array:
    """Host-made data moved to the requested (or default) device."""
    dev = resolve(device)
    return x if dev is CPU else x.to(dev)


def tensor(data: ArrayLike, *, dtype: DTypeLike | None = None,
           device: DeviceLike | None = None) -> Array:
    """PyTorch spelling: always copies ``data``.

    >>> lt.tensor([[1, 2], [3, 4]], dtype=lt.float64)
    lazyten.Array([[1., 2.],
                   [3., 4.]], dtype=float64)
    """
    return asarray(data, dtype=dtype, device=device, copy=True)


def array(obj: ArrayLike, dtype: DTypeLike | None = None, *, copy: bool = True,
          device: DeviceLike | None = None) -> Array:
    """NumPy's spelling (``np.array``): a new array of ``obj``'s values (copied unless
    ``copy=False`` and ``obj`` is already a lazyten array of that dtype).

    >>> lt.array([1, 2, 3], lt.uint8)
    lazyten.Array([1, 2, 3], dtype=uint8)
    """
    return asarray(obj, dtype=dtype, device=device, copy=copy or None)


def from_numpy(a: np.ndarray) -> Array:
    """An array sharing memory with ``a`` (writes through either side are seen by the other).

    >>> a = np.zeros(2, dtype=np.float32)
    >>> lt.from_numpy(a)[0] = 5
    >>> a
    array([5., 0.], dtype=float32)
    """
    if not isinstance(a, np.ndarray):
        raise ArgumentError(f"from_numpy expects an ndarray, got {type(a).__name__}")
    return wrap_shared(a, D.as_dtype(a.dtype))


class _Random:
    """The global random stream (NumPy's PCG64), reset by ``manual_seed``."""

    def __init__(self) -> None:
        self.generator = np.random.default_rng()

    def seed(self, seed: int) -> None:
        self.generator = np.random.default_rng(seed)


RANDOM = _Random()


def manual_seed(seed: int) -> None:
    """Make ``randn``/``rand`` reproducible from here on.

    >>> lt.manual_seed(0); a = lt.rand(2)
    >>> lt.manual_seed(0); bool(lt.all(lt.rand(2) == a))
    True
    """
    RANDOM.seed(A.count(seed, "manual_seed: seed"))


def _float_dtype(dtype: Any) -> DType:
    dt = D.DEFAULT_FLOAT if dtype is None else D.as_dtype(dtype)
    if dt.kind != "f":
        raise DTypeError(f"random floats need a float dtype, got {dt.name}")
    return dt


def randn(*shape: int | Sequence[int], dtype: DTypeLike | None = None,
          device: DeviceLike | None = None) -> Array:
    """Standard normal samples, drawn on the host from the seeded stream.

    >>> lt.manual_seed(0)
    >>> lt.randn(3)
    lazyten.Array([ 0.12573022, -0.13210486,  0.64042264], dtype=float32)
    """
    dt = _float_dtype(dtype)
    values = RANDOM.generator.standard_normal(_shape_arg(shape, "randn: shape", 8))
    return on_device(wrap(numpy_leaf(np.asarray(values, dt.np), dt)), device)


def rand(*shape: int | Sequence[int], dtype: DTypeLike | None = None,
         device: DeviceLike | None = None) -> Array:
    """Uniform samples in [0, 1), drawn on the host from the seeded stream.

    >>> lt.manual_seed(0)
    >>> lt.rand(3)
    lazyten.Array([0.6369617 , 0.26978672, 0.04097353], dtype=float32)
    """
    dt = _float_dtype(dtype)
    values = RANDOM.generator.random(_shape_arg(shape, "rand: shape", 8))
    return on_device(wrap(numpy_leaf(np.asarray(values, dt.np), dt)), device)


def eye(n_rows: int, n_cols: int | None = None, /, *, k: int = 0, dtype: DTypeLike | None = None,
        device: DeviceLike | None = None) -> Array:
    """A 2-D array with ones on diagonal ``k`` and zeros elsewhere. Default float (float32)
    unless ``dtype`` is given.

    >>> lt.eye(2, 3, k=1, dtype=lt.int32)
    lazyten.Array([[0, 1, 0],
                   [0, 0, 1]], dtype=int32)
    """
    dt = D.DEFAULT_FLOAT if dtype is None else D.as_dtype(dtype)
    n_rows = A.count(n_rows, "eye: n_rows")
    n_cols = n_rows if n_cols is None else A.count(n_cols, "eye: n_cols")
    A.fits((n_rows, n_cols), dt.itemsize, "eye: shape")
    k = A.integer(k, "eye: k")
    return on_device(wrap(numpy_leaf(np.eye(n_rows, n_cols, k, dtype=dt.np), dt)), device)


def linspace(start: int | float | complex, stop: int | float | complex, /, num: int, *,
             dtype: DTypeLike | None = None, device: DeviceLike | None = None,
             endpoint: bool = True) -> Array:
    """``num`` evenly spaced values from ``start`` to ``stop`` (included unless
    ``endpoint=False``). Default float (float32), or default complex (complex64) when an end is
    complex, unless ``dtype`` is given. Computed on the host in float64 (complex128).

    >>> lt.linspace(0, 1, 5)
    lazyten.Array([0.  , 0.25, 0.5 , 0.75, 1.  ], dtype=float32)
    >>> lt.linspace(0, 1j, 3)
    lazyten.Array([0.+0.j , 0.+0.5j, 0.+1.j ], dtype=complex64)
    """
    start, stop = A.number(start, "linspace: start"), A.number(stop, "linspace: stop")
    ends = complex if any(isinstance(v, (complex, np.complexfloating)) for v in (start, stop)) \
        else float
    dt = (D.DEFAULT_COMPLEX if ends is complex else D.DEFAULT_FLOAT) if dtype is None \
        else D.as_dtype(dtype)
    if ends is complex and dt.kind != "c":
        raise DTypeError(f"linspace: complex ends {start!r}, {stop!r} need a complex dtype, "
                         f"got {dt.name}")
    num = A.count(num, "linspace: num")
    A.fits((num,), 16 if ends is complex else 8, "linspace: shape")
    values = np.linspace(ends(start), ends(stop), num, endpoint=endpoint)
    return on_device(wrap(numpy_leaf(values.astype(dt.np), dt)), device)


def meshgrid(*arrays: ArrayLike, indexing: str = "xy") -> list[Array]:
    """Coordinate arrays from 1-D arrays, ``indexing`` 'xy' (default) or 'ij'. The inputs'
    promoted dtype.

    >>> xs, ys = lt.meshgrid(lt.asarray([1, 2, 3]), lt.asarray([4, 5]))
    >>> xs
    lazyten.Array([[1, 2, 3],
                   [1, 2, 3]], dtype=int64)
    >>> ys
    lazyten.Array([[4, 4, 4],
                   [5, 5, 5]], dtype=int64)
    """
    if indexing not in ("xy", "ij"):
        raise ValueArgumentError(f"meshgrid: indexing must be 'xy' or 'ij', got {indexing!r}")
    xs = [as_array(a) for a in arrays]
    for x in xs:
        if x.ndim != 1:
            raise ShapeError(f"meshgrid needs 1-D arrays, got shape {x.shape}")
    sizes = [x.size for x in xs]
    if indexing == "xy" and len(xs) > 1:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    out = []
    for k, x in enumerate(xs):
        pos = (1 - k if k < 2 else k) if indexing == "xy" and len(xs) > 1 else k
        shape = tuple(x.size if j == pos else 1 for j in range(len(xs)))
        out.append(broadcast_to(reshape(x, shape), tuple(sizes)))
    return out


def from_dlpack(x: Any, /, *, device: DeviceLike | None = None, copy: bool | None = None) -> Array:
    """An array of a DLPack-capable object's values (NumPy, PyTorch, JAX on CPU). Keeps the
    dtype.

    >>> lt.from_dlpack(np.arange(3, dtype=np.int16))
    lazyten.Array([0, 1, 2], dtype=int16)
    """
    if not hasattr(x, "__dlpack__"):
        raise ArgumentError(f"from_dlpack: x must support DLPack (have __dlpack__), got "
                            f"{type(x).__name__}")
    try:
        host = np.from_dlpack(x)
    except BufferError as exc:
        raise DTypeError(f"from_dlpack: cannot import {type(x).__name__} of dtype "
                         f"{getattr(x, 'dtype', '?')}: {exc}") from None
    return asarray(host, device=device, copy=True)


def _tri_select(x: Any, k: Any, lower: bool) -> Array:
    x = as_array(x)
    k = A.integer(k, f"{'tril' if lower else 'triu'}: k")
    if x.ndim < 2:
        raise ShapeError(f"tril/triu need at least 2 dimensions, got shape {x.shape}")
    m, n = x.shape[-2:]
    if type(m) is Dim or type(n) is Dim:  # the mask from positions, at run time
        from .elementwise import greater_equal, less_equal, subtract
        offset = subtract(reshape(arange(n), (1, n)), reshape(arange(m), (m, 1)))
        mask = (less_equal if lower else greater_equal)(offset, k)._node()
    else:
        keep = np.tri(m, n, k, dtype=bool) if lower else ~np.tri(m, n, k - 1, dtype=bool)
        mask = numpy_leaf(keep, D.bool_)
    return wrap(apply("where", [mask, x._node(), scalar_node(0, x.dtype)]))


def tril(x: ArrayLike, /, k: int = 0) -> Array:
    """``x`` with the elements above diagonal ``k`` of its last two axes set to zero. Keeps the
    dtype.

    >>> lt.tril(lt.asarray([[1, 2, 3], [4, 5, 6], [7, 8, 9]]))
    lazyten.Array([[1, 0, 0],
                   [4, 5, 0],
                   [7, 8, 9]], dtype=int64)
    """
    return _tri_select(x, k, True)


def triu(x: ArrayLike, /, k: int = 0) -> Array:
    """``x`` with the elements below diagonal ``k`` of its last two axes set to zero. Keeps the
    dtype.

    >>> lt.triu(lt.asarray([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), k=1)
    lazyten.Array([[0, 2, 3],
                   [0, 0, 6],
                   [0, 0, 0]], dtype=int64)
    """
    return _tri_select(x, k, False)
