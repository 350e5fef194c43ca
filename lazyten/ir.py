"""The typed SSA graph: tensor types, nodes, graphs, and the structural key used by caches.

Imports numpy and the core only. A ``Node`` is one value: the op that computes it, its input
nodes, its attributes and its type. Nodes are immutable once built, with one exception: when the
lazy runtime computes a node it turns it into a ``data`` leaf holding the result
(``materialize``), which keeps every other node that reads it valid and lets the history be freed.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, NamedTuple

import numpy as np

from .dims import compact
from .dtypes import DType

Shape = tuple[int, ...]

# Ops that have no inputs and stand for data: 'input' (a graph parameter), 'const' (baked in),
# and 'data' (a lazy leaf holding a buffer that a realization feeds as an input).
LEAF_OPS = frozenset({"input", "const", "data"})
# the attributes of every node that has none: one shared read-only mapping is one object less to
# allocate and keep per recorded op
NO_ATTRS: Mapping[str, Any] = MappingProxyType({})


class TensorType(NamedTuple):
    dtype: DType
    shape: Shape

    def __str__(self) -> str:
        return f"{self.dtype.short}[{','.join(compact(d) for d in self.shape)}]"

    @property
    def size(self) -> int:
        n = 1
        for d in self.shape:
            if type(d) is not int:
                from .errors import ShapeError
                raise ShapeError(f"this operation needs static sizes, but {self} has the "
                                 f"symbolic dimension {str(d)!r}")
            n *= d
        return n

    @property
    def is_symbolic(self) -> bool:
        return any(type(d) is not int for d in self.shape)

    @property
    def nbytes(self) -> int:
        return self.size * self.dtype.itemsize


_UNKNOWN = object()
_SMALL_BYTES = 64


class Constant:
    """A NumPy array used as an attribute: hashable and compared by dtype, shape and bytes."""

    __slots__ = ("array", "_key", "_uniform")

    def __init__(self, array: np.ndarray) -> None:
        self.array = np.array(array, order="C")
        self.array.flags.writeable = False
        data = self.array.tobytes()  # small constants (most are scalars) key on their bytes
        self._key = (self.array.dtype.str, self.array.shape,
                     data if len(data) <= _SMALL_BYTES else self.digest())
        self._uniform: Any = _UNKNOWN

    def digest(self) -> str:
        """A short hash of the bytes: how dumps name constants too large to print."""
        return hashlib.blake2b(self.array.tobytes(), digest_size=12).hexdigest()

    def uniform(self) -> Any:
        """The Python scalar every element equals bit for bit (so -0.0 and 0.0 differ), or None
        for an empty or mixed array; cached, since simplification asks about every constant."""
        if self._uniform is _UNKNOWN:
            if self.array.size == 1:
                self._uniform = self.array.item()
                return self._uniform
            flat = self.array.reshape(-1)
            same = flat.size > 0 and flat.tobytes() == flat[:1].tobytes() * flat.size
            self._uniform = flat[0].item() if same else None
        return self._uniform

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Constant) and self._key == other._key

    def __hash__(self) -> int:
        return hash(self._key)

    def __repr__(self) -> str:
        if self.array.size <= 16:
            return np.array2string(self.array, separator=",", threshold=16).replace("\n", "")
        return f"<{self.array.dtype}{list(self.array.shape)} {self.digest()[:8]}>"


class Node:
    """One SSA value. ``attrs`` is a read-only dict; ``loc`` is the user's ``file:line``.

    Nodes compare and hash by identity: every table is keyed on nodes themselves (the one
    exception, ``reuse``, counts by ``id`` so that its tally holds no reference); structural
    equality is ``structural_key``'s job."""

    __slots__ = ("op", "inputs", "attrs", "type", "loc", "payload", "depth", "device", "holder",
                 "_akey", "__weakref__")

    def __init__(self, op: str, inputs: tuple["Node", ...], attrs: dict[str, Any],
                 type: TensorType, loc: str = "", payload: Any = None,
                 device: Any = None) -> None:
        self.op = op
        self.inputs = inputs
        self.attrs = attrs
        self.type = type
        self.loc = loc
        self.payload = payload
        self.device = device  # None: follows its inputs (scalars, constants)
        # weak reference to the storage whose value this is, where an in-place update may reuse
        # that storage's previous buffer (``lazy.Storage.set``)
        self.holder: Any = None
        depth = 0
        for i in inputs:
            if i.depth > depth:
                depth = i.depth
        self.depth = depth + 1
        # most ops have no attributes: their key is known now, not sorted at every realization
        self._akey: tuple | None = () if attrs is NO_ATTRS else None

    @property
    def shape(self) -> Shape:
        return self.type.shape

    @property
    def dtype(self) -> DType:
        return self.type.dtype

    def attrs_key(self) -> tuple:
        """Attributes as a sorted, hashable tuple (part of the structural key)."""
        if self._akey is None:
            self._akey = tuple(sorted(self.attrs.items()))
        return self._akey

    def __repr__(self) -> str:
        return f"Node({self.op}, {self.type})"


def materialize(node: Node, payload: Any) -> None:
    """Turn a computed node into a ``data`` leaf holding its value (same value, same type)."""
    node.op = "data"
    node.inputs = ()
    node.attrs = NO_ATTRS
    node._akey = ()
    node.depth = 1
    node.payload = payload


@dataclass(frozen=True)
class Graph:
    """An immutable graph. ``nodes`` holds every non-input node in topological order."""

    inputs: tuple[Node, ...]
    nodes: tuple[Node, ...]
    outputs: tuple[Node, ...]
    name: str = "main"
    output_names: tuple[str, ...] = ()
    # the buffer plan (lazyten.memory.BufferPlan) attached by the memory_plan pass; any pass
    # that builds a new graph drops it, since a plan is only valid for the exact schedule
    plan: Any = None

    def with_nodes(self, nodes: Iterable[Node], outputs: Iterable[Node]) -> "Graph":
        return Graph(self.inputs, tuple(nodes), tuple(outputs), self.name, self.output_names)

    def with_plan(self, plan: Any) -> "Graph":
        return Graph(self.inputs, self.nodes, self.outputs, self.name, self.output_names, plan)

    def out_names(self) -> tuple[str, ...]:
        return self.output_names or tuple(f"out{i}" for i in range(len(self.outputs)))


def topo_order(outputs: Iterable[Node], is_leaf: Callable[[Node], bool] | None = None
               ) -> list[Node]:
    """Every node reachable from ``outputs`` in a deterministic post-order (inputs first).

    ``is_leaf`` stops the walk at the nodes it accepts (their inputs are not visited); without
    it the walk stops at nodes that have no inputs (leaves, and computed ``data`` values).
    Iterative, so graphs deeper than Python's recursion limit are fine; an iterator over the
    inputs still to visit per node on the path costs a realization's walk far less than
    indexing into them.
    """
    seen: set[Node] = set()
    order: list[Node] = []
    no_inputs: tuple = ()
    for root in outputs:
        if root in seen:
            continue
        seen.add(root)
        # the path being walked, and for each of its nodes an iterator over the inputs still to
        # visit (two lists: no tuple per step)
        path = [root]
        pending = [iter(no_inputs if is_leaf is not None and is_leaf(root) else root.inputs)]
        while path:
            for child in pending[-1]:
                if child not in seen:
                    seen.add(child)
                    inputs = no_inputs if is_leaf is not None and is_leaf(child) else child.inputs
                    if not inputs:  # a leaf is done as soon as it is reached
                        order.append(child)
                        continue
                    path.append(child)
                    pending.append(iter(inputs))
                    break
            else:
                pending.pop()
                order.append(path.pop())
    return order


def graph_from_outputs(outputs: Iterable[Node], name: str = "main",
                       output_names: tuple[str, ...] = ()) -> Graph:
    """Build a Graph from output nodes whose leaves are 'input' and 'const' nodes."""
    outs = tuple(outputs)
    order = topo_order(outs)
    inputs = tuple(n for n in order if n.op == "input")
    nodes = tuple(n for n in order if n.op != "input")
    return Graph(inputs, nodes, outs, name, output_names)


class Walk(NamedTuple):
    """A graph as one walk found it, for everything a realization asks of it.

    ``order``: every node reachable from the roots, in a deterministic post-order (inputs
    first), stopping at nodes without inputs; ``index``: each node's position there; ``uses``:
    how many input edges of the walked nodes read each position; ``leaves``: the ``data``
    leaves in order of first appearance; ``parts``: each position's part of the structural
    key (``key``)."""

    order: list[Node]
    index: dict[Node, int]
    uses: list[int]
    leaves: list[Node]
    parts: list[tuple]

    def key(self, outputs: Iterable[Node]) -> tuple:
        """The structural key of the graph computing ``outputs`` (nodes of the walk): ops,
        attributes, types and edges. Leaves are numbered by first appearance, so ``x + y`` and
        ``x + x`` get different keys while two realizations of one program on new data or new
        scalar values get the same key."""
        return (*self.parts, tuple(map(self.index.__getitem__, outputs)))


def walk(roots: Iterable[Node]) -> Walk:
    """Walk the graph of ``roots`` once (see ``Walk``). Iterative, so graphs deeper than
    Python's recursion limit are fine; each node is keyed and counts its edges as it is
    placed."""
    index: dict[Node, int] = {}
    position = index.__getitem__
    order: list[Node] = []
    uses: list[int] = []
    leaves: list[Node] = []
    parts: list[tuple] = []
    for root in roots:
        if root in index:
            continue
        # the path being walked, and for each of its nodes an iterator over the inputs still to
        # visit (two lists: no tuple per step); a node without inputs is placed as soon as it
        # is reached
        path = [root]
        pending = [iter(root.inputs)]
        while path:
            for child in pending[-1]:
                if child not in index:
                    if child.inputs:
                        path.append(child)
                        pending.append(iter(child.inputs))
                        break
                    index[child] = len(order)
                    order.append(child)
                    uses.append(0)
                    parts.append(_leaf_part(child, leaves))
            else:
                pending.pop()
                n = path.pop()
                index[n] = len(order)
                order.append(n)
                uses.append(0)
                if not n.inputs:  # a root without inputs
                    parts.append(_leaf_part(n, leaves))
                    continue
                reads = tuple(map(position, n.inputs))
                for k in reads:
                    uses[k] += 1
                akey = n._akey if n._akey is not None else n.attrs_key()
                parts.append((n.op, akey, reads, n.type))
    return Walk(order, index, uses, leaves, parts)


def _leaf_part(n: Node, leaves: list[Node]) -> tuple:
    """The key part of a node without inputs: a data leaf (listed in ``leaves``) by its type,
    a constant or placeholder by its attributes too."""
    if n.op == "data":
        leaves.append(n)
        return ("data", n.type)
    return (n.op, n.attrs_key(), (), n.type)


def structural_key(outputs: tuple[Node, ...]) -> tuple[tuple, list[Node]]:
    """Key a graph by structure (see ``Walk.key``) and list its data leaves."""
    found = walk(outputs)
    return found.key(outputs), found.leaves
