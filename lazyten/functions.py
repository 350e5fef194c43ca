"""The array namespace: elementwise math, reductions and shape manipulation.

Every function here promotes dtypes (Array API table inside a kind, PyTorch across kinds, Python
scalars weakly typed), checks shapes, and records IR through ``apply``; nothing computes.
"""
from __future__ import annotations

import builtins
from typing import Any, Sequence

import numpy as np

from . import arguments as A, dtypes as D
from .array import Array, IndexView, PermuteView, ReshapeView, apply, wrap
from .dtypes import DType
from .errors import ArgumentError, DTypeError, ShapeError, ValueArgumentError
from .indexing import basic_index, flat_positions, is_array_index, split_key
from .ir import Node
from .lazy import numpy_leaf, scalar_node, to_numpy
from .ops import broadcast_shapes, index_out_shape, matmul_shape

Scalar = (bool, int, float, np.bool_, np.integer, np.floating)


def _is_scalar(x: Any) -> bool:
    return isinstance(x, Scalar)


_KIND_EXAMPLE = {"b": True, "i": 1, "u": 1, "f": 1.0}


def _weak_dtype(x: Any, other: DType) -> DType:
    """dtype of a weakly typed operand (Python scalar, or a traced scalar argument)."""
    return D.scalar_dtype(_KIND_EXAMPLE[x.dtype.kind] if isinstance(x, Array) else x, other)


def _is_weak(x: Any) -> bool:
    return isinstance(x, Scalar) or (isinstance(x, Array) and x._weak)


def as_array(x: Any) -> Array:
    if isinstance(x, Array):
        return x
    from .creation import asarray
    return asarray(x)


def _cast(node: Node, dtype: DType) -> Node:
    return node if node.type.dtype is dtype else apply("cast", [node], dtype=dtype)


def _operands(a: Any, b: Any) -> tuple[Any, Any, DType]:
    """Two operands (arrays or scalars) and the dtype their operation computes in."""
    if _is_weak(a) and _is_weak(b):
        a = as_array(a)
        if _is_scalar(b):
            return a, b, D.scalar_dtype(b, a.dtype)
        return a, b, D.promote(a.dtype, b.dtype)
    if _is_weak(b):
        a = as_array(a)
        return a, b, _weak_dtype(b, a.dtype)
    if _is_weak(a):
        b = as_array(b)
        return a, b, _weak_dtype(a, b.dtype)
    a, b = as_array(a), as_array(b)
    return a, b, D.promote(a.dtype, b.dtype)


def _node_as(x: Any, dtype: DType) -> Node:
    if isinstance(x, Array):
        return _cast(x._node(), dtype)
    return scalar_node(x, dtype)


_PY_SCALARS = frozenset({bool, int, float})
_BITWISE = frozenset({"bitwise_and", "bitwise_or", "bitwise_xor"})

# arithmetic that NumPy refuses on bool arrays (add and mul are or/and there, as in NumPy)
_NOT_FOR_BOOL = frozenset({"sub", "div", "pow", "floor_divide", "remainder"})


def binary(op: str, a: Any, b: Any, *, out_float: bool = False) -> Array:
    """Record elementwise ``op`` with promotion and broadcasting."""
    ta, tb = type(a), type(b)
    if ta is Array and tb is Array and not (a._weak or b._weak):
        dt = a._type.dtype
        if b._type.dtype is not dt:
            dt = D.promote(dt, b._type.dtype)
    elif ta is Array and tb in _PY_SCALARS and not a._weak:
        dt = D.scalar_dtype(b, a._type.dtype)
    elif tb is Array and ta in _PY_SCALARS and not b._weak:
        dt = D.scalar_dtype(a, b._type.dtype)
    else:
        a, b, dt = _operands(a, b)
    if out_float and dt.kind != "f":
        dt = D.DEFAULT_FLOAT
    if dt is D.bool_ and op in _NOT_FOR_BOOL:
        raise DTypeError(f"{op} is not defined for bool arrays ({_describe(a)} and "
                         f"{_describe(b)}); use `^`/logical_xor, or cast with astype")
    if dt.kind == "f" and op in _BITWISE:
        raise DTypeError(f"{op} needs integer or bool arrays, got "
                         f"{_describe(a)} and {_describe(b)}")
    return wrap(apply(op, (_node_as(a, dt), _node_as(b, dt))))


def _describe(x: Any) -> str:
    return str(x._type) if isinstance(x, Array) else f"{type(x).__name__} {x!r}"


def unary_float(op: str, x: Any) -> Array:
    """Math functions: integer and bool inputs compute in the default float dtype (PyTorch)."""
    x = as_array(x)
    dt = x.dtype if x.dtype.kind == "f" else D.DEFAULT_FLOAT
    return wrap(apply(op, [_cast(x._node(), dt)]))


def exp(x: Any) -> Array:
    return unary_float("exp", x)


def log(x: Any) -> Array:
    return unary_float("log", x)


def sqrt(x: Any) -> Array:
    return unary_float("sqrt", x)


def sin(x: Any) -> Array:
    return unary_float("sin", x)


def cos(x: Any) -> Array:
    return unary_float("cos", x)


def tanh(x: Any) -> Array:
    return unary_float("tanh", x)


def floor(x: Any) -> Array:
    x = as_array(x)
    return wrap(apply("floor", [x._node()])) if x.dtype.kind == "f" else positive(x)


def ceil(x: Any) -> Array:
    x = as_array(x)
    return wrap(apply("ceil", [x._node()])) if x.dtype.kind == "f" else positive(x)


def abs(x: Any) -> Array:
    x = as_array(x)
    return positive(x) if x.dtype is D.bool_ else wrap(apply("abs", [x._node()]))


def negative(x: Any) -> Array:
    x = as_array(x)
    if x.dtype is D.bool_:
        raise DTypeError("negating a bool array is not supported; use `~` or logical_not")
    return wrap(apply("neg", [x._node()]))


def positive(x: Any) -> Array:
    x = as_array(x)
    return wrap(x._node())


def bitwise_invert(x: Any) -> Array:
    x = as_array(x)
    if x.dtype is D.bool_:
        return wrap(apply("logical_not", [x._node()]))
    if x.dtype.kind == "f":
        raise DTypeError(f"~ needs an integer or bool array, got {x._type}")
    return wrap(apply("bitwise_not", [x._node()]))


def logical_not(x: Any) -> Array:
    return wrap(apply("logical_not", [_cast(as_array(x)._node(), D.bool_)]))


def add(a: Any, b: Any) -> Array:
    return binary("add", a, b)


def subtract(a: Any, b: Any) -> Array:
    return binary("sub", a, b)


def multiply(a: Any, b: Any) -> Array:
    return binary("mul", a, b)


def divide(a: Any, b: Any) -> Array:
    return binary("div", a, b, out_float=True)


def floor_divide(a: Any, b: Any) -> Array:
    return binary("floor_divide", a, b)


def remainder(a: Any, b: Any) -> Array:
    return binary("remainder", a, b)


def pow(a: Any, b: Any) -> Array:
    """Integers to negative integer powers known at the call raise, as in NumPy."""
    if _integer_kind(a):
        if isinstance(b, list):
            b = as_array(b)
        low = _lowest_integer(b)
        if low is not None and low < 0:
            raise ValueArgumentError(f"pow: integers to negative integer powers are not "
                                     f"allowed, got {_describe(a)} ** {low}")
    return binary("pow", a, b)


def _integer_kind(x: Any) -> bool:
    if isinstance(x, Array):
        return x._type.dtype.kind in "iu"
    if isinstance(x, np.ndarray):
        return x.dtype.kind in "iu"
    return isinstance(x, (int, np.integer)) and not isinstance(x, bool)


def _lowest_integer(x: Any) -> int | None:
    """The smallest value of ``x`` when it is integer data known on the host (a Python or
    NumPy integer, an ndarray, a computed array), else None."""
    if isinstance(x, (int, np.integer)):
        return None if isinstance(x, bool) else int(x)
    values = A.host_data(x) if isinstance(x, Array) else x if isinstance(x, np.ndarray) \
        else None
    if values is None or values.size == 0 or values.dtype.kind not in "iu":
        return None
    return int(values.min())


def maximum(a: Any, b: Any) -> Array:
    return binary("maximum", a, b)


def minimum(a: Any, b: Any) -> Array:
    return binary("minimum", a, b)


def equal(a: Any, b: Any) -> Array:
    return binary("eq", a, b)


def not_equal(a: Any, b: Any) -> Array:
    return binary("ne", a, b)


def less(a: Any, b: Any) -> Array:
    return binary("lt", a, b)


def less_equal(a: Any, b: Any) -> Array:
    return binary("le", a, b)


def greater(a: Any, b: Any) -> Array:
    return binary("gt", a, b)


def greater_equal(a: Any, b: Any) -> Array:
    return binary("ge", a, b)


def bitwise_and(a: Any, b: Any) -> Array:
    return binary("bitwise_and", a, b)


def bitwise_or(a: Any, b: Any) -> Array:
    return binary("bitwise_or", a, b)


def bitwise_xor(a: Any, b: Any) -> Array:
    return binary("bitwise_xor", a, b)


def _as_bool(x: Any) -> Any:
    return x if _is_scalar(x) else astype(as_array(x), D.bool_, copy=False)


def logical_and(a: Any, b: Any) -> Array:
    return binary("bitwise_and", _as_bool(a), _as_bool(b))


def logical_or(a: Any, b: Any) -> Array:
    return binary("bitwise_or", _as_bool(a), _as_bool(b))


def logical_xor(a: Any, b: Any) -> Array:
    return binary("bitwise_xor", _as_bool(a), _as_bool(b))


def matmul(a: Any, b: Any) -> Array:
    a, b, dt = _operands(a, b)
    if not isinstance(a, Array) or not isinstance(b, Array) or a.ndim == 0 or b.ndim == 0:
        raise ShapeError(f"matmul: operands must be at least 1-D, got {_describe(a)} and "
                         f"{_describe(b)}")
    matmul_shape(a.shape, b.shape)
    return wrap(apply("matmul", [_node_as(a, dt), _node_as(b, dt)]))


def where(condition: Any, x1: Any, x2: Any) -> Array:
    cond = as_array(condition)
    if _is_scalar(x1) and _is_scalar(x2):
        dt = D.promote(D.default_dtype_of(x1), D.default_dtype_of(x2))
    else:
        x1, x2, dt = _operands(x1, x2)
    return wrap(apply("where", [_cast(cond._node(), D.bool_), _node_as(x1, dt),
                                _node_as(x2, dt)]))


def clip(x: Any, min: Any = None, max: Any = None) -> Array:
    """Bounds are cast to ``x.dtype``; NaN in x or in a bound propagates (as ``np.clip``)."""
    x = as_array(x)
    node = x._node()
    for bound, op in ((min, "maximum"), (max, "minimum")):
        if bound is None:
            continue
        if isinstance(bound, Array):
            b = _cast(bound._node(), x.dtype)
        elif _is_scalar(bound):
            b = scalar_node(bound, x.dtype)
        else:
            b = _cast(as_array(bound)._node(), x.dtype)
        node = apply(op, [node, b])
    return wrap(node)


def astype(x: Array, dtype: Any, /, *, copy: bool = True, device: Any = None) -> Array:
    dt = D.as_dtype(dtype)
    x = as_array(x)
    if x.dtype is dt and not copy:
        return x
    return wrap(_cast(x._node(), dt))


# ---------------------------------------------------------------------------------------------
# Reductions

def normalize_axes(axis: Any, ndim: int, what: str) -> tuple[int, ...]:
    """The axes a reduction of function ``what`` names, sorted (see ``arguments.axes``)."""
    return tuple(sorted(A.axes(axis, ndim, f"{what}: axis")))


def _axis_arg(axis: Any, dim: Any) -> Any:
    return dim if axis is None else axis


def _reduce(op: str, x: Any, axis: Any, keepdims: bool, dtype: DType | None = None) -> Array:
    x = as_array(x)
    axes = normalize_axes(axis, x.ndim, op.removeprefix("reduce_"))
    node = x._node() if dtype is None else _cast(x._node(), dtype)
    if not axes:
        return wrap(node)
    return wrap(apply(op, [node], axes=axes, keepdims=bool(keepdims)))


def _sum_dtype(dt: DType, dtype: Any) -> DType:
    if dtype is not None:
        return D.as_dtype(dtype)
    if dt.kind == "b" or (dt.kind == "i" and dt.bits < 64):
        return D.int64
    if dt.kind == "u" and dt.bits < 64:
        return D.uint64
    return dt


def sum(x: Any, axis: Any = None, *, dim: Any = None, keepdims: bool = False,
        dtype: Any = None) -> Array:
    x = as_array(x)
    return _reduce("reduce_sum", x, _axis_arg(axis, dim), keepdims, _sum_dtype(x.dtype, dtype))


def prod(x: Any, axis: Any = None, *, dim: Any = None, keepdims: bool = False,
         dtype: Any = None) -> Array:
    x = as_array(x)
    return _reduce("reduce_prod", x, _axis_arg(axis, dim), keepdims, _sum_dtype(x.dtype, dtype))


def _maxmin(op: str, x: Any, axis: Any, keepdims: bool) -> Array:
    x = as_array(x)
    axes = normalize_axes(axis, x.ndim, op)
    if any(x.shape[a] == 0 for a in axes):
        raise ValueArgumentError(f"{op} of an empty array: array of shape {x.shape} has no "
                                 f"elements along axis {axis}")
    return _reduce(f"reduce_{op}", x, axis, keepdims)


def max(x: Any, axis: Any = None, *, dim: Any = None, keepdims: bool = False) -> Array:
    return _maxmin("max", x, _axis_arg(axis, dim), keepdims)


def min(x: Any, axis: Any = None, *, dim: Any = None, keepdims: bool = False) -> Array:
    return _maxmin("min", x, _axis_arg(axis, dim), keepdims)


def mean(x: Any, axis: Any = None, *, dim: Any = None, keepdims: bool = False) -> Array:
    """Mean in the input's float dtype (integers: the default float). Empty gives NaN."""
    x = as_array(x)
    axis = _axis_arg(axis, dim)
    axes = normalize_axes(axis, x.ndim, "mean")
    dt = x.dtype if x.dtype.kind == "f" else D.DEFAULT_FLOAT
    acc = D.float32 if dt is D.float16 else dt  # float16 accumulates in float32, as NumPy does
    total = _reduce("reduce_sum", x, axis, keepdims, acc)
    count = int(np.prod([x.shape[a] for a in axes])) if axes else 1
    return astype(divide(total, float(count)), dt, copy=False)


# ---------------------------------------------------------------------------------------------
# Shape manipulation

def _resolve_shape(shape: Any, size: int, old: tuple) -> tuple[int, ...]:
    shape = A.integers(shape, "reshape: shape")
    unknown = [k for k, s in enumerate(shape) if s == -1]
    if len(unknown) > 1 or any(s < -1 for s in shape):
        raise ShapeError(f"cannot reshape array of shape {old} into shape {shape}: "
                         "only one dimension can be -1 and sizes must be non-negative")
    if unknown:
        known = int(np.prod([s for s in shape if s != -1]))
        if known == 0 or size % known:
            raise ShapeError(f"cannot reshape array of shape {old} (size {size}) into "
                             f"shape {shape}")
        shape = tuple(size // known if s == -1 else s for s in shape)
    if int(np.prod(shape)) != size:
        raise ShapeError(f"cannot reshape array of shape {old} (size {size}) into shape {shape}")
    return shape


def reshape(x: Any, shape: Any, *, copy: bool | None = None) -> Array:
    """A view with a new shape (``-1`` is inferred); writes go through to ``x``."""
    x = as_array(x)
    new = _resolve_shape(shape, x.size, x.shape)
    if copy:
        return wrap(apply("reshape", [x._node()], shape=new))
    return x._view_of(ReshapeView(new))


def permute_dims(x: Any, axes: Sequence[int]) -> Array:
    """A view with permuted axes."""
    x = as_array(x)
    if not isinstance(axes, (tuple, list)):
        raise ArgumentError(f"permute_dims: axes must be a sequence of axes, got {axes!r}")
    ints = [A.integer(a, "permute_dims: axis") for a in axes]
    perm = tuple(A.axis(a, x.ndim, "permute_dims: axis") for a in ints) \
        if len(ints) == x.ndim else None
    if perm is None or sorted(perm) != list(range(x.ndim)):
        raise ShapeError(f"permute_dims: axes {tuple(axes)} are not a permutation of the "
                         f"{x.ndim} axes of an array of shape {x.shape}")
    return x._view_of(PermuteView(perm))


def matrix_transpose(x: Any) -> Array:
    return as_array(x).mT


def broadcast_to(x: Any, shape: Any) -> Array:
    x = as_array(x)
    shape = A.shape(shape, "broadcast_to: shape", x.dtype.itemsize)
    if x.shape == shape:
        return wrap(x._node())
    return wrap(apply("expand", [x._node()], shape=shape))


def expand_dims(x: Any, axis: int = 0) -> Array:
    x = as_array(x)
    axis = A.axis(axis, x.ndim + 1, "expand_dims: axis")
    return reshape(x, x.shape[:axis] + (1,) + x.shape[axis:])


def squeeze(x: Any, axis: Any = None) -> Array:
    x = as_array(x)
    axes = tuple(k for k, d in enumerate(x.shape) if d == 1) if axis is None else \
        normalize_axes(axis, x.ndim, "squeeze")
    for a in axes:
        if x.shape[a] != 1:
            raise ShapeError(f"squeeze: cannot remove axis {a} of size {x.shape[a]} "
                             f"from shape {x.shape}")
    return reshape(x, tuple(d for k, d in enumerate(x.shape) if k not in axes))


def concat(arrays: Sequence[Any], /, *, axis: int | None = 0) -> Array:
    return _concat(arrays, axis, "concat: axis")


def cat(tensors: Sequence[Any], dim: int = 0) -> Array:
    """PyTorch spelling of ``concat``."""
    return _concat(tensors, dim, "cat: dim")


def _concat(arrays: Sequence[Any], axis: int | None, what: str) -> Array:
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
    nodes = [_cast(x._node(), dt) for x in xs]
    if len(nodes) == 1:
        return wrap(nodes[0])
    return wrap(apply("concat", nodes, axis=axis))


def stack(arrays: Sequence[Any], /, *, axis: int = 0) -> Array:
    xs = [as_array(a) for a in arrays]
    if not xs:
        raise ValueArgumentError("stack needs at least one array")
    shapes = {x.shape for x in xs}
    if len(shapes) != 1:
        raise ShapeError("stack: all arrays must have the same shape, got "
                         f"{', '.join(str(x.shape) for x in xs)}")
    axis = A.axis(axis, xs[0].ndim + 1, "stack: axis")
    return concat([expand_dims(x, axis) for x in xs], axis=axis)


# ---------------------------------------------------------------------------------------------
# Indexing

def _index_operand(item: Any) -> Any:
    """Index arrays are needed on the host to know the result's shape: realize them."""
    if isinstance(item, Array):
        return to_numpy(item._node())
    if isinstance(item, list):
        arr = np.asarray(item)
        return arr.astype(np.int64) if arr.size == 0 else arr
    return item


def getitem(x: Array, key: Any) -> Array:
    items = split_key(key)
    if not builtins.any(is_array_index(k) for k in items):
        idx = basic_index(x.shape, items)
        if idx.is_full(x.shape):
            return x._view_of(ReshapeView(x.shape))
        return x._view_of(IndexView(idx.spec, idx.ints))
    positions = flat_positions(x.shape, tuple(_index_operand(k) for k in items))
    pos = numpy_leaf(positions, D.int64, device=None)
    return wrap(apply("take_flat", [x._node(), pos]))


def setitem(x: Array, key: Any, value: Any) -> None:
    items = split_key(key)
    if _is_scalar(value):
        vnode = scalar_node(value, x.dtype)
    else:
        vnode = _cast(as_array(value)._node(), x.dtype)
    mask = _whole_mask(x, items)
    if mask is not None and vnode.shape == ():
        cond = mask._node()
        cond = apply("reshape", [cond], shape=cond.shape + (1,) * (x.ndim - mask.ndim))
        x._write(apply("where", [cond, vnode, x._node()]))
        return
    if not builtins.any(is_array_index(k) for k in items):
        idx = basic_index(x.shape, items)
        new = _broadcast_value(vnode, index_out_shape(x.shape, idx.spec), key)
        if new.type.size == 0:  # nothing to write (onnxruntime rejects empty scatters)
            return
        if idx.is_full(x.shape):
            x._write(new)
        else:
            x._view_of(IndexView(idx.spec, idx.ints))._write(new)
        return
    positions = flat_positions(x.shape, tuple(_index_operand(k) for k in items))
    new = _broadcast_value(vnode, positions.shape, key)
    if positions.size == 0:
        return
    pos = numpy_leaf(positions, D.int64, device=None)
    x._write(apply("put_flat", [x._node(), pos, new]))


def _broadcast_value(v: Node, shape: tuple[int, ...], key: Any) -> Node:
    if v.shape == shape:
        return v
    extra = len(v.shape) - len(shape)
    if shape and extra > 0 and all(d == 1 for d in v.shape[:extra]):  # NumPy drops leading 1s
        v = apply("reshape", [v], shape=v.shape[extra:])
        if v.shape == shape:
            return v
    try:
        if broadcast_shapes(v.shape, shape) != shape:
            raise ShapeError("")
    except ShapeError:
        raise ShapeError(f"could not broadcast value of shape {v.shape} into the indexed "
                         f"region of shape {shape} (index {key!r})") from None
    return apply("expand", [v], shape=shape)


def _whole_mask(x: Array, items: tuple) -> Array | None:
    """A lone lazy bool array indexing the leading dimensions: assign with ``where``."""
    if len(items) != 1 or not isinstance(items[0], Array) or items[0].dtype is not D.bool_:
        return None
    mask = items[0]
    if mask.ndim == 0 or mask.shape != x.shape[:mask.ndim]:
        return None
    return mask
