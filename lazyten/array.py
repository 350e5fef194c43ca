"""The lazy array, and how one elementwise op is recorded with promotion and broadcasting.

An ``Array`` is a handle onto a storage plus a chain of views (``views``). Reading an array
builds nodes over its storage's current value; writing replaces the storage's value with a
functional update, replayed back through the view chain (PyTorch's functionalization). Views
therefore alias exactly as in PyTorch, and values captured by pending work never change.
Storages that NumPy also holds (``from_numpy``, ``.numpy()``) are snapshotted when read and
written through immediately, so NumPy never sees or causes a difference.

The class is defined whole here. Its operators record through ``binary`` below; its other
methods call the namespace functions of ``lazyten.api``, reached through the package at call
time (those modules import this one, so it cannot import them).
"""
from __future__ import annotations

import sys
from functools import partial
from typing import Any, Callable, Iterator, Sequence, TypeAlias

import numpy as np

from . import api
from . import dtypes as D
from .backend import get_backend
from .boundary import reads_metadata, user_facing
from .device import CPU, Device, resolve
from .dims import Dim
from .dtypes import DType
from .errors import (ArgumentError, DTypeError, ScalarOverflowError, ShapeError, TraceError,
                     ValueArgumentError)
from .ir import Node, Shape, TensorType
from .methods import ArrayMethods
from .lazy import (CONFIG, LOCK, STATE, Storage, apply, data_node, numpy_leaf,
                   realize_nodes, scalar_node, share_with_numpy, to_numpy)
from .views import ViewStep

# ---------------------------------------------------------------------------------------------
# Promotion: the dtype an operation computes in, and recording an elementwise op

SCALARS = (bool, int, float, complex, np.bool_, np.integer, np.floating, np.complexfloating)
_PY_SCALARS = frozenset({bool, int, float, complex})
_KIND_EXAMPLE = {"b": True, "i": 1, "u": 1, "f": 1.0, "c": 1j}
_BITWISE = frozenset({"bitwise_and", "bitwise_or", "bitwise_xor"})
# arithmetic that NumPy refuses on bool arrays (add and mul are or/and there, as in NumPy)
_NOT_FOR_BOOL = frozenset({"sub", "div", "pow", "floor_divide", "remainder"})


def is_scalar(x: Any) -> bool:
    return isinstance(x, SCALARS)


def _is_weak(x: Any) -> bool:
    """A Python scalar, or a compiled function's scalar argument: it promotes weakly."""
    return isinstance(x, SCALARS) or (isinstance(x, Array) and x._weak)


def _weak_dtype(x: Any, other: DType) -> DType:
    """dtype of a weakly typed operand next to an operand of dtype ``other``."""
    return D.scalar_dtype(_KIND_EXAMPLE[x.dtype.kind] if isinstance(x, Array) else x, other)


def as_array(x: Any) -> "Array":
    return x if isinstance(x, Array) else api.creation.asarray(x)


def cast(node: Node, dtype: DType) -> Node:
    return node if node.type.dtype is dtype else apply("cast", [node], dtype=dtype)


def operands(a: Any, b: Any) -> tuple[Any, Any, DType]:
    """Two operands (arrays, or scalars left as they are) and the dtype their operation
    computes in: the Array API's promotion inside a kind, PyTorch's across kinds, Python
    scalars weakly typed."""
    if type(a) is Array and type(b) is Array and not (a._weak or b._weak):  # the common case
        return a, b, D.promote(a._type.dtype, b._type.dtype)
    if _is_weak(a) and _is_weak(b):
        a = as_array(a)
        if is_scalar(b):
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


def node_as(x: Any, dtype: DType) -> Node:
    """An operand (array or scalar) as a node of ``dtype``."""
    if isinstance(x, Array):
        node = x._node()  # cast's test, written out: this runs for every recorded operand
        return node if node.type.dtype is dtype else apply("cast", [node], dtype=dtype)
    return scalar_node(x, dtype)


def describe(x: Any) -> str:
    return str(x._type) if isinstance(x, Array) else f"{type(x).__name__} {x!r}"


# array <op> scalar for a scalar above, or below, the array dtype's range
_ABOVE = {"lt": True, "le": True, "gt": False, "ge": False, "eq": False, "ne": True}
_BELOW = {"lt": False, "le": False, "gt": True, "ge": True, "eq": False, "ne": True}
_MIRROR = {"lt": "gt", "gt": "lt", "le": "ge", "ge": "le", "eq": "eq", "ne": "ne"}


def _compare_out_of_range(op: str, a: Any, b: Any) -> "Array | None":
    """A comparison of an integer array with a Python int its dtype cannot hold: known from
    the range alone, as NumPy 2 gives it (``uint8_array == -1`` is all False); else None."""
    if op not in _ABOVE:
        return None
    array, scalar = (a, b) if isinstance(a, Array) else (b, a)
    if type(scalar) is not int or not isinstance(array, Array) or array.dtype.kind not in "iu":
        return None
    if array is b:  # scalar <op> array is array <mirrored op> scalar
        op = _MIRROR[op]
    info = np.iinfo(array.dtype.np)
    if info.min <= scalar <= info.max:
        return None
    value = (_ABOVE if scalar > info.max else _BELOW)[op]
    return api.creation.full(array.shape, value, dtype=D.bool_)


def binary(op: str, a: Any, b: Any, *, out_float: bool = False) -> "Array":
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
        a, b, dt = operands(a, b)
    if out_float and dt.kind not in "fc":
        dt = D.DEFAULT_FLOAT
    if dt is D.bool_ and op in _NOT_FOR_BOOL:
        raise DTypeError(f"{op} is not defined for bool arrays ({describe(a)} and "
                         f"{describe(b)}); use `^`/logical_xor, or cast with astype")
    if dt.kind in "fc" and op in _BITWISE:
        raise DTypeError(f"{op} needs integer or bool arrays, got "
                         f"{describe(a)} and {describe(b)}")
    try:
        return wrap(apply(op, (node_as(a, dt), node_as(b, dt))))
    except ScalarOverflowError:
        known = _compare_out_of_range(op, a, b)
        if known is None:
            raise
        return known


def unary_float(op: str, x: Any) -> "Array":
    """Math functions: integer and bool inputs compute in the default float dtype (PyTorch)."""
    x = as_array(x)
    dt = x.dtype if x.dtype.kind in "fc" else D.DEFAULT_FLOAT
    return wrap(apply(op, [cast(x._node(), dt)]))


# ---------------------------------------------------------------------------------------------
# Operators: each is an entry point inside the error boundary

_ACCEPTED = (np.ndarray, list, tuple, bool, int, float, complex, np.generic)
_KIND_RANK = {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}


def _operator(record: Callable, symbol: str, reflected: bool = False) -> Callable:
    """``self <symbol> other``, or ``other <symbol> self`` for the reflected form (``2 - x``);
    other operand types are left to Python (NotImplemented)."""
    def method(self: Array, other: Any) -> Any:
        if type(other) is not Array and not isinstance(other, _OPERANDS):
            if type(other) is not Dim:
                return NotImplemented
            other = api.creation.size_value(other)  # x / x.shape[0] in a trace
        return record(other, self) if reflected else record(self, other)
    return user_facing(method, symbol)


def _in_place(record: Callable, symbol: str) -> Callable:
    """``x op= y``: computed as ``x op y``, cast back to x's dtype, written into x (same id)."""
    def method(self: Array, other: Any) -> Array:
        result = record(self, other)
        if _KIND_RANK[result.dtype.kind] > _KIND_RANK[self.dtype.kind]:
            raise DTypeError(f"{symbol}: result dtype {result.dtype.name} cannot be stored "
                             f"in {self._type} in place")
        if result.shape != self.shape:
            raise ShapeError(f"{symbol}: the result's shape {result.shape} differs from "
                             f"the in-place target's shape {self.shape}")
        self._write(cast(result._node(), self.dtype))
        return self
    return user_facing(method, symbol)


def _operators(record: Callable, symbol: str) -> tuple[Callable, Callable, Callable]:
    """The plain, reflected and in-place methods of one binary operator."""
    return (_operator(record, symbol), _operator(record, symbol, True),
            _in_place(record, symbol + "="))


def _pow(a: Any, b: Any) -> "Array":
    return api.elementwise.pow(a, b)


def _matmul(a: Any, b: Any) -> "Array":
    return api.linalg.matmul(a, b)


def _shift_left(a: Any, b: Any) -> "Array":
    return api.elementwise.bitwise_left_shift(a, b)


def _shift_right(a: Any, b: Any) -> "Array":
    return api.elementwise.bitwise_right_shift(a, b)


_ADD, _SUB, _MUL = partial(binary, "add"), partial(binary, "sub"), partial(binary, "mul")
_DIV = partial(binary, "div", out_float=True)
_FLOORDIV, _MOD = partial(binary, "floor_divide"), partial(binary, "remainder")
_AND, _OR = partial(binary, "bitwise_and"), partial(binary, "bitwise_or")
_XOR = partial(binary, "bitwise_xor")


class Array(ArrayMethods):
    """A lazy n-dimensional array. Operations record; values are computed when needed."""

    __slots__ = ("_storage", "_view", "_type", "_memo", "_weak", "__weakref__")
    __array_priority__ = 100  # so ndarray <op> Array defers to Array's reflected operators

    def __init__(self, storage: Storage, view: tuple = (), type: TensorType | None = None
                 ) -> None:
        self._storage = storage
        self._view = view
        self._type = type if type is not None else storage.node.type
        self._memo: tuple[Node, Node] | None = None
        # a Python scalar argument of a compiled function: promotes like a Python scalar
        self._weak = False

    # -- graph access ---------------------------------------------------------------------

    def _node(self) -> Node:
        """The node for this array's current value (a snapshot for NumPy-shared storage)."""
        storage = self._storage
        base = storage.node
        trace = STATE.trace
        if storage.trace is not trace and storage.trace is not None:
            raise TraceError(f"an array computed inside the compiled function "
                             f"{storage.trace.fn_name} escaped its trace (kept in a global, a "
                             "closure or an attribute) and is used after it; return it from "
                             "the function instead")
        if trace is not None:
            base = trace.adopt(base)
        elif storage.shared is not None and storage.is_shared():
            base = data_node(storage.shared.copy(), base.type, device=CPU)
        if not self._view:
            return base
        if self._memo is not None and self._memo[0] is base:
            return self._memo[1]
        node = base
        for step in self._view:
            node = step.read(node)
        if storage.shared is None:
            self._memo = (base, node)
        return node

    def _write(self, new: Node) -> None:
        """Replace this array's whole value with ``new`` (same type), through the views.

        Reading the storage's value and replacing it is one step under the lock: threads that
        write different elements of one array never lose each other's writes."""
        storage = self._storage
        if STATE.trace is not None and STATE.trace.adopt(storage.node) is not storage.node:
            raise TraceError(f"{STATE.trace.fn_name}: an array from outside the compiled "
                             "function is written inside it; pass it as an argument (its "
                             "update is then written back after the call) or return the new "
                             "value")
        with LOCK:
            chain = [storage.node]
            for step in self._view[:-1]:
                chain.append(step.read(chain[-1]))
            for step, base in zip(reversed(self._view), reversed(chain)):
                new = step.write(base, new)
            storage.set(new)
            if storage.shared is not None and storage.is_shared():  # NumPy holds it: write now
                realize_nodes([new])
                np.copyto(storage.shared, to_numpy(new))
                storage.set(data_node(storage.shared, new.type, device=CPU))

    def _view_of(self, step: ViewStep) -> "Array":
        return Array(self._storage, self._view + (step,), step.out_type(self._type))

    # -- attributes -----------------------------------------------------------------------

    @property
    @reads_metadata
    def shape(self) -> Shape:
        return self._type.shape

    @property
    @reads_metadata
    def dtype(self) -> DType:
        return self._type.dtype

    @property
    @reads_metadata
    def ndim(self) -> int:
        return len(self._type.shape)

    @property
    def size(self) -> "ElementCount":
        """The number of elements (NumPy, the Array API); ``x.size()`` and ``x.size(dim)``
        give the shape and one size, as PyTorch's method does."""
        return ElementCount(self._type.size, self._type.shape)

    @property
    def nbytes(self) -> int:
        return self._type.nbytes

    @property
    @reads_metadata
    def itemsize(self) -> int:
        return self._type.dtype.itemsize

    @property
    def is_cuda(self) -> bool:
        return self.device.kind == "cuda"

    def numel(self) -> int:
        return self._type.size

    def dim(self) -> int:
        return len(self._type.shape)

    @property
    @reads_metadata
    def device(self) -> Device:
        return self._storage.node.device or CPU

    @property
    def T(self) -> "Array":
        return api.manipulation.permute_dims(self, tuple(reversed(range(self.ndim))))

    @property
    def mT(self) -> "Array":
        return api.manipulation.matrix_transpose(self)

    # -- operators --------------------------------------------------------------------------

    __add__, __radd__, __iadd__ = _operators(_ADD, "+")
    __sub__, __rsub__, __isub__ = _operators(_SUB, "-")
    __mul__, __rmul__, __imul__ = _operators(_MUL, "*")
    __truediv__, __rtruediv__, __itruediv__ = _operators(_DIV, "/")
    __floordiv__, __rfloordiv__, __ifloordiv__ = _operators(_FLOORDIV, "//")
    __mod__, __rmod__, __imod__ = _operators(_MOD, "%")
    __pow__, __rpow__, __ipow__ = _operators(_pow, "**")
    __matmul__, __rmatmul__, __imatmul__ = _operators(_matmul, "@")
    __and__, __rand__, __iand__ = _operators(_AND, "&")
    __or__, __ror__, __ior__ = _operators(_OR, "|")
    __xor__, __rxor__, __ixor__ = _operators(_XOR, "^")
    __lshift__, __rlshift__, __ilshift__ = _operators(_shift_left, "<<")
    __rshift__, __rrshift__, __irshift__ = _operators(_shift_right, ">>")
    __eq__ = _operator(partial(binary, "eq"), "==")  # type: ignore[assignment]
    __ne__ = _operator(partial(binary, "ne"), "!=")  # type: ignore[assignment]
    __lt__ = _operator(partial(binary, "lt"), "<")
    __le__ = _operator(partial(binary, "le"), "<=")
    __gt__ = _operator(partial(binary, "gt"), ">")
    __ge__ = _operator(partial(binary, "ge"), ">=")

    def __divmod__(self, other: Any) -> tuple["Array", "Array"]:
        return self // other, self % other

    def __rdivmod__(self, other: Any) -> tuple["Array", "Array"]:
        return other // self, other % self

    def __neg__(self) -> "Array":
        return api.elementwise.negative(self)

    def __pos__(self) -> "Array":
        return api.elementwise.positive(self)

    def __abs__(self) -> "Array":
        return api.elementwise.abs(self)

    def __invert__(self) -> "Array":
        return api.elementwise.bitwise_invert(self)

    def __getitem__(self, key: Any) -> "Array":
        return api.indexing.getitem(self, key)

    def __setitem__(self, key: Any, value: Any) -> None:
        api.indexing.setitem(self, key, value)

    def __hash__(self) -> int:
        return id(self)

    # -- values -----------------------------------------------------------------------------

    def numpy(self) -> np.ndarray:
        """The values as an ndarray that shares memory with this array (as in PyTorch).

        An array on a GPU is copied to the host instead: NumPy cannot hold device memory. So is
        a view NumPy cannot express over the same memory (a reshape of a transposed view): that
        copy is read-only, so that a write meant for this array fails instead of being lost.
        """
        if self.device is not CPU:
            return np.array(to_numpy(self._node()))
        out = full = share_with_numpy(self._storage)
        for step in self._view:
            out = step.numpy(out)
        if out.size and out is not full and not np.may_share_memory(out, full):
            out.flags.writeable = False
        return out

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        out = self.numpy()
        if dtype is not None and np.dtype(dtype) != out.dtype:
            return out.astype(dtype)
        return np.array(out) if copy else out

    def item(self) -> Any:
        if self._type.size != 1:
            raise ValueArgumentError(f"item() needs an array with one element, got shape "
                                     f"{self.shape} ({self._type.size} elements)")
        return to_numpy(self._node()).reshape(()).item()

    def tolist(self) -> Any:
        return to_numpy(self._node()).tolist()

    def __bool__(self) -> bool:
        if self._type.size != 1:
            raise ValueArgumentError(
                f"the truth value of an array with shape {self.shape} ({self._type.size} "
                "elements) is ambiguous; use lt.any(x) or lt.all(x)" if self._type.size else
                "the truth value of an empty array is ambiguous")
        return bool(self.item())

    def __float__(self) -> float:
        return float(self._scalar("float"))

    def __int__(self) -> int:
        value = self._scalar("int")
        if value != value:
            raise ValueArgumentError(f"int(): cannot convert NaN to an integer, got {value}")
        return int(value)

    def __complex__(self) -> complex:
        return complex(self._scalar("complex"))

    def __index__(self) -> int:
        if self.dtype.kind not in "iu":
            raise DTypeError(f"only integer arrays can be used as an index, got "
                             f"{self.dtype.name}")
        return int(self._scalar("index"))

    def _scalar(self, what: str) -> Any:
        if self._type.size != 1:
            raise ValueArgumentError(f"{what}() needs an array with one element, got shape "
                                     f"{self.shape}")
        return self.item()

    def __len__(self) -> int:
        if not self.shape:
            raise DTypeError("len() of a 0-d array")
        return self.shape[0]

    def __iter__(self) -> Iterator["Array"]:
        """Checked and computed at ``iter(x)``, then row by row."""
        if not self.shape:
            raise DTypeError("iteration over a 0-d array")
        realize_nodes([self._storage.node])
        return (self[i] for i in range(self.shape[0]))

    def __repr__(self) -> str:
        if STATE.trace is not None:
            return f"lazyten.Array(traced, shape={self.shape}, dtype={self.dtype.name})"
        values = to_numpy(self._node())
        body = np.array2string(values, separator=", ", prefix="lazyten.Array(")
        return f"lazyten.Array({body}, dtype={self.dtype.name})"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        """``f"{loss:.2f}"`` formats a one-element array's value, as NumPy, PyTorch and JAX
        do for 0-d arrays; a format spec for more elements is an error (NumPy's too)."""
        if not spec:
            return str(self)
        if self.ndim != 0:
            raise ArgumentError(f"format spec {spec!r} for an array of shape {self.shape}: "
                                "only 0-d arrays format as numbers; format x.item() or the "
                                "elements of x.tolist()")
        return format(self.item(), spec)

    def __reduce__(self) -> tuple:
        """Pickled as its values (computed once), dtype and device."""
        return (_unpickle, (np.array(to_numpy(self._node())), str(self.device)))

    def __copy__(self) -> "Array":
        return self.clone()

    def __deepcopy__(self, memo: dict) -> "Array":
        return self.clone()

    def __array_ufunc__(self, ufunc: np.ufunc, method: str, *inputs: Any, **kwargs: Any) -> Any:
        return api.numpy_dispatch.array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func: Callable, types: tuple, args: tuple, kwargs: dict
                           ) -> Any:
        return api.numpy_dispatch.array_function(func, types, args, kwargs)

    def __dlpack_device__(self) -> tuple[int, int]:
        return (1, 0)

    def __dlpack__(self, *, stream: Any = None, max_version: Any = None, dl_device: Any = None,
                   copy: bool | None = None) -> Any:
        kwargs = {k: v for k, v in (("max_version", max_version), ("dl_device", dl_device),
                                    ("copy", copy)) if v is not None}
        return self.numpy().__dlpack__(stream=stream, **kwargs)

    def __array_namespace__(self, api_version: str | None = None) -> Any:
        return sys.modules["lazyten"]

    # -- devices ----------------------------------------------------------------------------

    def to(self, target: DeviceLike | DType | np.dtype | type | None = None,
           dtype: DTypeLike | None = None, *, device: DeviceLike | None = None) -> "Array":
        """This array on a device and/or as a dtype, as PyTorch spells it: ``x.to("cuda")``,
        ``x.to(lt.int64)``, ``x.to("cpu", lt.float16)``; itself when nothing changes."""
        if target is None and dtype is None and device is None:
            raise ArgumentError("to() needs a device, a dtype or both, got neither")
        if isinstance(target, (DType, np.dtype, type)):
            target, dtype = None, target
        out = self if dtype is None else api.dtype_functions.astype(self, dtype, copy=False)
        where = device if target is None else target
        return out if where is None else out._to_device(where)

    def _to_device(self, device: Any) -> "Array":
        target = resolve(device)
        if target is self.device:
            return self
        node = self._node()
        if target is CPU:
            return wrap(numpy_leaf(np.array(to_numpy(node)), self.dtype))
        payload = get_backend().transfer(to_numpy(node), target)
        return wrap(data_node(payload, node.type, device=target))

    def to_device(self, device: DeviceLike, /, *, stream: Any = None) -> "Array":
        return self._to_device(device)

    def cpu(self) -> "Array":
        return self._to_device(CPU)


class ElementCount(int):
    """``x.size``: an int (NumPy's and the Array API's element count) that PyTorch code may also
    call, ``x.size()`` giving the shape and ``x.size(dim)`` one size."""

    def __new__(cls, count: int, shape: Shape) -> "ElementCount":
        self = super().__new__(cls, count)
        self.shape = shape
        return self

    def __call__(self, dim: int | None = None) -> Any:
        if dim is None:
            return self.shape
        return self.shape[api.arguments.axis(dim, len(self.shape), "size: dim")]


# The types of the namespace's arguments, for its signatures (``help(lt.add)``, type checkers).
# ArrayLike: what a function reads as an array, as ``lt.asarray`` does: a lazyten Array, a NumPy
# ndarray or scalar, a Python bool, int or float (weakly typed in promotion), or nested lists and
# tuples of them.
ArrayLike: TypeAlias = Array | np.ndarray | np.generic | bool | int | float | Sequence[Any]
# DTypeLike: a lazyten dtype (``lt.float32``), a NumPy dtype or type (``np.float32``), a Python
# type (``float`` is the default float, ``int`` the default integer) or a name (``"float32"``).
DTypeLike: TypeAlias = DType | np.dtype | type | str
# DeviceLike: a ``Device`` or its spelling, ``"cpu"``, ``"cuda"`` or ``"cuda:N"`` (creation
# functions also take ``"auto"``: CUDA when it can run here, else the CPU).
DeviceLike: TypeAlias = Device | str


def _unpickle(values: np.ndarray, device: str) -> Array:
    return api.creation.asarray(values, device=device)


# what an operator takes as its other operand (``_operator``)
_OPERANDS = (Array,) + _ACCEPTED


def wrap(node: Node) -> Array:
    """A new array owning a new storage with value ``node``."""
    if node.depth > CONFIG.max_pending_depth and STATE.trace is None:
        realize_nodes([node])
    return Array(Storage(node))


def wrap_shared(array: np.ndarray, dtype: DType) -> Array:
    """An array whose storage is ``array`` itself (``from_numpy``)."""
    node = data_node(array, TensorType(dtype, array.shape), device=CPU)
    return Array(Storage(node, shared=array))
