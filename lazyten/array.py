"""The lazy array: a handle onto a storage plus a chain of views.

Reading an array builds nodes over its storage's current value; writing replaces the storage's
value with a functional update, replayed back through the view chain (PyTorch's
functionalization). Views therefore alias exactly as in PyTorch, and values captured by pending
work never change. Storages that NumPy also holds (``from_numpy``, ``.numpy()``) are snapshotted
when read and written through immediately, so NumPy never sees or causes a difference.
"""
from __future__ import annotations

from typing import Any, Iterator

import numpy as np

from . import dtypes as D
from .device import CPU, Device
from .dtypes import DType
from .errors import DeviceError, DTypeError, ShapeError, TraceError, ValueArgumentError
from .ir import NO_ATTRS, Node, Shape, TensorType
from .lazy import (CONFIG, LOCK, STATE, Storage, data_node, get_backend, numpy_leaf,
                   realize_nodes, scalar_node, share_with_numpy, to_numpy)
from .ops import OPS, index_out_shape, numpy_index, region_shape
from .source import user_location


def apply(op: str, inputs: list[Node] | tuple[Node, ...], **attrs: Any) -> Node:
    """Record one op: infer its type now (so errors surface at the user's line)."""
    t = OPS[op].infer(tuple([i.type for i in inputs]), attrs)
    device = None
    for i in inputs:
        if i.device is not None and i.device is not device:
            if device is not None:
                raise DeviceError(f"{op}: arrays on different devices ({device} and "
                                  f"{i.device}); move one with .to(device)")
            device = i.device
    node = Node(op, tuple(inputs), attrs or NO_ATTRS, t, user_location(), None, device)
    trace = STATE.trace  # a thread-local read: once per op
    if trace is not None:
        trace.recorded[node] = None
    return node


def apply_on(device: Device, op: str, inputs: list[Node], **attrs: Any) -> Node:
    """Record an op that creates data on ``device`` (creation functions)."""
    node = apply(op, inputs, **attrs)
    node.device = device
    return node


# ---------------------------------------------------------------------------------------------
# View steps: each knows how to read a view out of its base and write a new view value back.

class ViewStep:
    """One step from a base array to a view of it. Steps compare by value: how compiled
    arguments view shared memory is part of their signature."""

    __slots__ = ()

    def fields(self) -> tuple:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.fields() == self.fields()  # type: ignore

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.fields()))


class IndexView(ViewStep):
    __slots__ = ("spec", "ints")

    def __init__(self, spec: tuple, ints: tuple[int, ...]) -> None:
        self.spec, self.ints = spec, ints

    def fields(self) -> tuple:
        return (self.spec, self.ints)

    def out_type(self, t: TensorType) -> TensorType:
        return TensorType(t.dtype, index_out_shape(t.shape, self.spec))

    def read(self, base: Node) -> Node:
        ints = [scalar_node(i, D.int64) for i in self.ints]
        return apply("getitem", [base] + ints, index=self.spec)

    def write(self, base: Node, new: Node) -> Node:
        region = region_shape(base.shape, self.spec)
        if new.shape != region:
            new = apply("reshape", [new], shape=region)
        ints = [scalar_node(i, D.int64) for i in self.ints]
        return apply("setitem", [base, new] + ints, index=self.spec)


class ReshapeView(ViewStep):
    __slots__ = ("shape",)

    def __init__(self, shape: Shape) -> None:
        self.shape = shape

    def fields(self) -> tuple:
        return (self.shape,)

    def out_type(self, t: TensorType) -> TensorType:
        return TensorType(t.dtype, self.shape)

    def read(self, base: Node) -> Node:
        return apply("reshape", [base], shape=self.shape)

    def write(self, base: Node, new: Node) -> Node:
        return apply("reshape", [new], shape=base.shape)


class PermuteView(ViewStep):
    __slots__ = ("perm",)

    def __init__(self, perm: tuple[int, ...]) -> None:
        self.perm = perm

    def fields(self) -> tuple:
        return (self.perm,)

    def out_type(self, t: TensorType) -> TensorType:
        return TensorType(t.dtype, tuple(t.shape[p] for p in self.perm))

    def read(self, base: Node) -> Node:
        return apply("permute", [base], perm=self.perm)

    def write(self, base: Node, new: Node) -> Node:
        inverse = tuple(self.perm.index(k) for k in range(len(self.perm)))
        return apply("permute", [new], perm=inverse)


class Array:
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
        elif storage.shared is not None:
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
            if storage.shared is not None:  # NumPy holds this memory: write through now
                realize_nodes([new])
                np.copyto(storage.shared, to_numpy(new))
                storage.set(data_node(storage.shared, new.type, device=CPU))

    # -- attributes -----------------------------------------------------------------------

    @property
    def shape(self) -> Shape:
        return self._type.shape

    @property
    def dtype(self) -> DType:
        return self._type.dtype

    @property
    def ndim(self) -> int:
        return len(self._type.shape)

    @property
    def size(self) -> int:
        return self._type.size

    def numel(self) -> int:
        return self._type.size

    @property
    def device(self) -> Device:
        return self._storage.node.device or CPU

    @property
    def T(self) -> "Array":
        return self.permute(tuple(reversed(range(self.ndim))))

    @property
    def mT(self) -> "Array":
        if self.ndim < 2:
            raise ShapeError(f"mT needs at least 2 dimensions, got shape {self.shape}")
        perm = tuple(range(self.ndim - 2)) + (self.ndim - 1, self.ndim - 2)
        return self.permute(perm)

    # -- views ----------------------------------------------------------------------------

    def _view_of(self, step: ViewStep) -> "Array":
        return Array(self._storage, self._view + (step,), step.out_type(self._type))

    def reshape(self, *shape: Any) -> "Array":
        from .functions import reshape
        return reshape(self, shape[0] if len(shape) == 1 and not isinstance(shape[0], int)
                       else shape)

    view = reshape

    def permute(self, *axes: Any) -> "Array":
        from .functions import permute_dims
        return permute_dims(self, axes[0] if len(axes) == 1 and not isinstance(axes[0], int)
                            else axes)

    # -- realization ----------------------------------------------------------------------

    def numpy(self) -> np.ndarray:
        """The values as an ndarray that shares memory with this array (as in PyTorch).

        An array on a GPU is copied to the host instead: NumPy cannot hold device memory.
        """
        if self.device is not CPU:
            return np.array(to_numpy(self._node()))
        out = share_with_numpy(self._storage)
        for step in self._view:
            out = _numpy_view(out, step)
        return out

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        out = self.numpy()
        if dtype is not None and np.dtype(dtype) != out.dtype:
            return out.astype(dtype)
        return np.array(out) if copy else out

    def item(self) -> Any:
        if self.size != 1:
            raise ValueArgumentError(f"item() needs an array with one element, got shape "
                                     f"{self.shape} ({self.size} elements)")
        return to_numpy(self._node()).reshape(()).item()

    def tolist(self) -> Any:
        return to_numpy(self._node()).tolist()

    def __bool__(self) -> bool:
        if self.size != 1:
            raise ValueArgumentError(
                f"the truth value of an array with shape {self.shape} ({self.size} elements) "
                "is ambiguous; use lt.any(x) or lt.all(x)" if self.size else
                "the truth value of an empty array is ambiguous")
        return bool(self.item())

    def __float__(self) -> float:
        return float(self._scalar("float"))

    def __int__(self) -> int:
        value = self._scalar("int")
        if value != value:
            raise ValueArgumentError(f"int(): cannot convert NaN to an integer, got {value}")
        return int(value)

    def __index__(self) -> int:
        if self.dtype.kind not in "iu":
            raise DTypeError(f"only integer arrays can be used as an index, got {self.dtype.name}")
        return int(self._scalar("index"))

    def _scalar(self, what: str) -> Any:
        if self.size != 1:
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

    def __hash__(self) -> int:
        return id(self)

    def __dlpack_device__(self) -> tuple[int, int]:
        return (1, 0)

    def __dlpack__(self, *, stream: Any = None, max_version: Any = None, dl_device: Any = None,
                   copy: bool | None = None) -> Any:
        kwargs = {k: v for k, v in (("max_version", max_version), ("dl_device", dl_device),
                                    ("copy", copy)) if v is not None}
        return self.numpy().__dlpack__(stream=stream, **kwargs)

    def __array_namespace__(self, api_version: str | None = None) -> Any:
        import lazyten
        return lazyten

    def to(self, device: Any) -> "Array":
        """This array on ``device`` (itself when it is there already), as in PyTorch."""
        from .device import resolve
        target = resolve(device)
        if target is self.device:
            return self
        node = self._node()
        if target is CPU:
            return wrap(numpy_leaf(np.array(to_numpy(node)), self.dtype))
        payload = get_backend().transfer(to_numpy(node), target)
        return wrap(data_node(payload, node.type, device=target))

    def cpu(self) -> "Array":
        return self.to(CPU)

    def astype(self, dtype: Any, copy: bool = True) -> "Array":
        from .functions import astype
        return astype(self, dtype, copy=copy)


def _numpy_view(arr: np.ndarray, step: ViewStep) -> np.ndarray:
    if isinstance(step, IndexView):
        return arr[numpy_index(step.spec, step.ints)]
    if isinstance(step, ReshapeView):
        return arr.reshape(step.shape)
    return arr.transpose(step.perm)


def wrap(node: Node) -> Array:
    """A new array owning a new storage with value ``node``."""
    if node.depth > CONFIG.max_pending_depth and STATE.trace is None:
        realize_nodes([node])
    return Array(Storage(node))


def wrap_shared(array: np.ndarray, dtype: DType) -> Array:
    """An array whose storage is ``array`` itself (``from_numpy``)."""
    node = data_node(array, TensorType(dtype, array.shape), device=CPU)
    return Array(Storage(node, shared=array))
