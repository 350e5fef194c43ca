"""The lazy runtime: storages, leaves, realization, and the executable cache.

A ``Storage`` is the unit of mutable memory; its ``node`` is the graph value that currently
defines its contents. Arrays are handles onto storages (see ``array.py``). Realizing a set of
nodes runs one graph through the active backend and turns each computed node into a ``data``
leaf. Every computed node that anything outside the run still refers to (a storage, a pending
node built on it, a view's memo) is kept as a leaf too, found by reference counts
(``reuse.held_elsewhere``): a realization cuts the pending graph, so nothing it computed is
computed again.

Imports the core only; graphs run on the backend installed in ``lazyten.backend``, so the core
never names the runtime.
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from operator import attrgetter
from typing import Any, Callable, Sequence

import numpy as np

from .backend import get_backend
from .collector import paused
from .device import CPU, Device
from .dtypes import EVERY as EVERY_DTYPE
from .dtypes import FLOATING, DType, check_scalar_fits
from .errors import BackendError, DeviceError, LazytenError, TraceError
from .ir import NO_ATTRS, Graph, Node, TensorType, materialize, topo_order, walk
from .ops import OPS
from .reuse import EXACT_REFCOUNTS, held_elsewhere, held_only_by, reusable_buffers
from .source import user_location
from .specialize import SCALAR_ATTRS, Entry, bakeable, entry_for, leaf_nodes

class Storage:
    """Mutable memory: ``node`` defines the contents; ``shared`` is an ndarray NumPy also holds.

    A buffer lazyten handed to NumPy (``x.numpy()``) stays shared only while NumPy can still
    reach it: ``handout`` refers weakly to the array every handed-out view derives from, and
    once the last of them is gone (a printed or plotted array), ``is_shared`` ends the
    sharing, so writes are lazy again and reads take no snapshot."""

    __slots__ = ("node", "shared", "handout", "prev", "trace", "_ref", "__weakref__")

    def __init__(self, node: Node, shared: np.ndarray | None = None) -> None:
        self.node = node
        self.shared = shared
        self.handout: weakref.ref | None = None
        # the trace of a compiled function this storage belongs to: a placeholder that has no
        # value outside it
        self.trace = STATE.trace
        # the computed value this storage had before its pending one: its buffer is where the
        # pending value is written when nothing else can see it (in place updates)
        self.prev: Node | None = None
        # made when a pending value first needs it: one that may be written over ``prev``
        self._ref: weakref.ref | None = None

    def is_shared(self) -> bool:
        """Whether NumPy may read or write this storage's buffer now."""
        if self.shared is None:
            return False
        if self.handout is not None and self.handout() is None:  # NumPy let go of it
            self.shared = self.handout = None
            return False
        return True

    def set(self, node: Node) -> None:
        if node.op == "data":
            self.prev = None
        else:
            if self.node.op == "data":
                self.prev = self.node
            # a realization computing ``node`` finds this storage through it (``_holder``), to
            # offer the buffer of ``prev`` (traced values are never realized)
            if self.prev is not None and STATE.trace is None:
                if self._ref is None:
                    self._ref = weakref.ref(self)
                node.holder = self._ref
        self.node = node


def _holder(node: Node) -> Storage | None:
    """The live storage whose current value is ``node``, if any."""
    ref = node.holder
    storage = ref() if ref is not None else None
    return storage if storage is not None and storage.node is node else None


LOCK = threading.RLock()


class _State(threading.local):
    trace: Any = None  # the active tracing context inside @lt.compile, else None


STATE = _State()


class Config:
    """Tunables. ``max_pending_depth`` bounds how long a chain of unrealized ops may grow."""

    cache_size: int = 512
    max_pending_depth: int = 1000


CONFIG = Config()


class ExecutableCache:
    """LRU map from a graph's structural key to its compiled executable (``specialize.Entry``)."""

    def __init__(self) -> None:
        self._items: OrderedDict[tuple, Entry] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple, holds: Callable[[Entry], bool],
            build: Callable[[Entry | None], Entry]) -> Entry:
        """The entry for ``key`` if it ``holds``; else ``build(stale entry or None)``, kept."""
        entry = self._items.get(key)
        if entry is not None and holds(entry):
            self.hits += 1
            self._items.move_to_end(key)
            return entry
        self.misses += 1
        entry = self._items[key] = build(entry)
        self._items.move_to_end(key)
        while len(self._items) > CONFIG.cache_size:
            self._items.popitem(last=False)
        return entry

    def clear(self) -> None:
        self._items.clear()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)


CACHE = ExecutableCache()


# ---------------------------------------------------------------------------------------------
# Recording

_TYPE = attrgetter("type")

def apply(op: str, inputs: list[Node] | tuple[Node, ...], *, at: str | None = None,
          **attrs: Any) -> Node:
    """Record one op: infer its type now, so errors surface at the user's line. ``at`` is the
    user's line when it is not the one running now (a view recorded when first read)."""
    t = OPS[op].infer(tuple(map(_TYPE, inputs)), attrs)
    device = None
    for i in inputs:
        if i.device is not None and i.device is not device:
            if device is not None:
                raise DeviceError(f"{op}: arrays on different devices ({device} and "
                                  f"{i.device}); move one with .to(device)")
            device = i.device
    node = Node(op, tuple(inputs), attrs or NO_ATTRS, t, at or user_location(), None, device)
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
# Leaves

def data_node(payload: Any, type: TensorType, loc: str = "", device: Any = None) -> Node:
    """A leaf holding a buffer; inside a trace it is baked in as a constant.

    ``device`` is None for host data (it may feed a graph on any device) and the device of a
    buffer that lives on an accelerator.
    """
    if STATE.trace is not None:
        return STATE.trace.capture(payload, type, loc)
    return Node("data", (), NO_ATTRS, type, loc, payload, device)


def numpy_leaf(array: np.ndarray, dtype: DType, loc: str = "", device: Any = CPU) -> Node:
    """Host data as a leaf: on the CPU device, or on none (``device=None``) for small helper
    data such as index positions that may feed a graph on any device."""
    array = np.asarray(array, dtype.np)
    if not array.flags.c_contiguous:
        array = np.array(array, order="C")
    return data_node(array, TensorType(dtype, array.shape), loc, device)


_FLOAT_MAX = {d: float(np.finfo(d.np).max) for d in FLOATING}


def scalar_array(value: Any, dtype: DType) -> np.ndarray:
    """A Python scalar as a 0-d array of ``dtype`` (out-of-range integers raise like NumPy 2;
    a float beyond the dtype's range becomes inf without a warning)."""
    kind = type(value)
    fits = _FLOAT_MAX.get(dtype)
    if fits is None:  # an integer or bool dtype (any value fits a float one)
        check_scalar_fits(value, dtype)
    if kind is bool or (kind is int and fits is None) or \
            ((kind is float or kind is int) and fits is not None and -fits <= value <= fits):
        return np.asarray(value, dtype.np)  # cannot overflow: no errstate (~1 us) needed
    with np.errstate(over="ignore"):
        return np.asarray(value, dtype.np)


def scalar_node(value: Any, dtype: DType) -> Node:
    """A Python scalar as a graph value: a leaf when lazy (baked into a realization's
    executable until its value changes, then fed: ``specialize``), a constant inside
    ``@lt.compile``."""
    trace = STATE.trace
    if trace is not None:
        return trace.scalar(value, dtype)
    return Node("data", (), SCALAR_ATTRS, _SCALAR_TYPES[dtype], "", scalar_array(value, dtype))


# the type of a 0-d value of each dtype: one shared object instead of one per scalar operand
_SCALAR_TYPES = {d: TensorType(d, ()) for d in EVERY_DTYPE}


# ---------------------------------------------------------------------------------------------
# Realization

def realize_nodes(nodes: Sequence[Node]) -> None:
    """Compute every pending node in ``nodes`` (and pending storages inside their graph)."""
    if STATE.trace is not None:
        raise TraceError(STATE.trace.concrete_value_message())
    with LOCK, paused():
        pending = [n for n in dict.fromkeys(nodes) if n.op != "data"]
        devices = {n.device or CPU for n in pending}
        for device in devices:
            _realize_on(device, [n for n in pending if (n.device or CPU) is device])


def _realize_on(device: Any, targets: list[Node]) -> None:
    """Realize nodes that all live on one device (None: the host) in one graph run."""
    if targets:
        # one walk answers every question: the computed values that anything outside the run
        # still refers to come after the targets as outputs, which leaves the walk's order and
        # its leaves unchanged (the walk stops at data leaves: they have no inputs)
        found = walk(targets)
        outputs = tuple(targets + [n for n in held_elsewhere(found, targets)
                                   if (n.device or CPU) is device])
        leaves = found.leaves
        backend = get_backend()

        def build(stale: Entry | None) -> Entry:
            # first compiled with the Python scalars baked in; fed once they have changed
            baked = bakeable(found.order, leaves) if stale is None else ()
            return entry_for(backend.compile(_graph_for(outputs, leaves, baked), device),
                             leaves, baked)

        entry = CACHE.get((backend, device, found.key(outputs)),
                          lambda e: e.holds_for(leaves), build)
        candidates = _reuse_candidates(outputs)
        reuse = reusable_buffers(candidates, outputs, found) if candidates else None
        if reuse:  # offers name leaves; the executable takes inputs
            reuse = {k: (entry.input_of(at), buffer) for k, (at, buffer) in reuse.items()}
        try:
            feeds = entry.feeds(leaves)
            exe = entry.executable
            results = exe(feeds, reuse) if reuse else exe(feeds)
        except LazytenError:
            raise
        except Exception as exc:  # an onnxruntime failure on a graph we accepted is our bug
            raise BackendError(f"the {backend.name} backend failed on a graph lazyten accepted "
                               f"(a lazyten bug, please report it): {exc}") from exc
        for node, value in zip(outputs, results):
            holder = _holder(node)
            materialize(node, value)
            if holder is not None:
                holder.prev = None


def _reuse_candidates(outputs: tuple[Node, ...]) -> list[tuple[int, Storage]]:
    """Outputs whose storage had a computed value of the same type before this pending one:
    its buffer is where the output would be written in place (``reuse.reusable_buffers``)."""
    candidates = []
    for k, node in enumerate(outputs if EXACT_REFCOUNTS else ()):
        holder = _holder(node)
        if holder is not None and holder.shared is None and holder.prev is not None and \
                holder.prev.type == node.type and not node.type.is_symbolic:
            candidates.append((k, holder))
    return candidates


def _graph_for(outputs: tuple[Node, ...], leaves: list[Node], baked: tuple[int, ...] = ()
               ) -> Graph:
    """A standalone copy of the pending graph, with its data leaves turned into inputs, or
    into constants where ``baked`` (positions in ``leaves``) says so."""
    copies = leaf_nodes(leaves, baked)
    memo = dict(zip(leaves, copies))
    nodes = [c for c in copies if c.op == "const"]
    for n in topo_order(outputs):
        if n in memo:
            continue
        if n.op == "input":  # a placeholder of a compiled function's trace
            raise TraceError(f"this array was computed inside a compiled function from its "
                             f"argument {n.attrs['name']!r} and escaped the trace (kept in a "
                             "global, a closure or an attribute); return it from the function "
                             "instead")
        copy = Node(n.op, tuple(memo[i] for i in n.inputs), n.attrs, n.type, n.loc)
        memo[n] = copy
        nodes.append(copy)
    return Graph(tuple(c for c in copies if c.op == "input"), tuple(nodes),
                 tuple(memo[o] for o in outputs), "lazy")


def to_numpy(node: Node) -> np.ndarray:
    """The value of a node as an ndarray, realizing it first if needed."""
    if node.op == "const":
        return node.attrs["value"].array
    if node.op != "data":
        realize_nodes([node])
    return get_backend().to_numpy(node.payload)


def share_with_numpy(storage: Storage) -> np.ndarray:
    """Hand the storage's buffer to NumPy: from now on NumPy may write it behind our back.

    When anything else may still read the buffer (another array holding the same data, or
    pending work built on it), NumPy gets a copy instead, so no other array can observe a
    later NumPy write; nothing else is computed, so a failure elsewhere cannot surface here.
    """
    if storage.is_shared():
        root = storage.handout() if storage.handout is not None else None
        return storage.shared if root is None else root.reshape(storage.shared.shape)
    node = storage.node
    with LOCK:
        if node.op != "data":
            realize_nodes([node])
        full = get_backend().to_numpy(node.payload)
        # references to the node: this storage and the local name; any other is an array or
        # pending work that reads the buffer
        aliased = not held_only_by(node, 2)
        if aliased or not full.flags.writeable or not full.flags.c_contiguous:
            full = np.array(full)
        storage.shared = full
        storage.set(Node("data", (), NO_ATTRS, node.type, node.loc, full, CPU))
        if not full.size:
            return full
        # NumPy gets views of one array over the buffer that every view it derives keeps
        # alive (their base), and that lazyten does not hold: when it dies, so has sharing
        root = np.frombuffer(memoryview(full).cast("B"), dtype=full.dtype)
        storage.handout = weakref.ref(root)
        return root.reshape(full.shape)
