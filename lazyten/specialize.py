"""Python scalars baked into a realization's executable until one of them changes.

Eager code turns each Python scalar into a leaf of its graph, so that a loop with new values
reuses the session. Fed as an input, a scalar costs onnxruntime about a microsecond per run
(a chain of 1,000 ops by scalars on 1,000 floats: 1.5 ms fed, 0.6 ms baked) and hides its
value from the passes: nothing folds, and a layer norm written by hand is not fused (its
epsilon must be a constant). So a graph is compiled first with its scalars as constants, as
``torch.compile`` specializes Python scalars, and their values are kept as guards; the first
run whose scalars differ compiles the graph again with every scalar fed, for good. A loop with
changing scalars compiles twice, then reuses the second executable. Only scalars that meet
fed data are baked (``bakeable``): onnxruntime folds what constants alone compute.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Any, Mapping, NamedTuple, Sequence

import numpy as np

from .backend import Executable
from .ir import Constant, Node

# The attributes of a Python scalar's leaf (empty, like any leaf's): their identity marks the
# leaves a first compilation may bake in.
SCALAR_ATTRS: Mapping[str, Any] = MappingProxyType({})


def _value(payload: Any) -> bytes | None:
    return payload.tobytes() if type(payload) is np.ndarray else None


class Entry(NamedTuple):
    """A cached executable, the leaves (by position) it has baked in as constants and their
    values, and the leaves it is fed, in the order of its inputs."""

    executable: Executable
    baked: tuple[int, ...]
    values: tuple[bytes | None, ...]
    fed: tuple[int, ...]

    def holds_for(self, leaves: Sequence[Node]) -> bool:
        """Whether the baked values are the leaves' values now (bit for bit)."""
        return not self.baked or \
            tuple(_value(leaves[k].payload) for k in self.baked) == self.values

    def feeds(self, leaves: Sequence[Node]) -> list[Any]:
        if not self.baked:
            return [leaf.payload for leaf in leaves]
        return [leaves[k].payload for k in self.fed]

    def input_of(self, position: int | None) -> int | None:
        """The input that feeds the leaf at ``position`` (None: none does)."""
        if position is None or not self.baked:
            return position
        return self.fed.index(position) if position in self.fed else None


def bakeable(order: Sequence[Node], leaves: Sequence[Node]) -> tuple[int, ...]:
    """The positions of the leaves that hold Python scalars and that only ops computing on
    fed data read (``order``: the graph's nodes, inputs first). A scalar that an op of
    constants alone reads stays fed: baked, ``zeros((4000, 4000)) + 1.5`` would be folded by
    onnxruntime into a 64 MB constant kept with its session."""
    on_data: set[Node] = set()
    constant_readers: set[Node] = set()
    for n in order:
        if not n.inputs:
            if n.op == "data" and n.attrs is not SCALAR_ATTRS:
                on_data.add(n)
        elif any(i in on_data for i in n.inputs):
            on_data.add(n)
        else:
            constant_readers.update(n.inputs)
    return tuple(k for k, leaf in enumerate(leaves)
                 if leaf.attrs is SCALAR_ATTRS and leaf not in constant_readers)


def entry_for(executable: Executable, leaves: Sequence[Node], baked: tuple[int, ...]) -> Entry:
    skipped = set(baked)
    return Entry(executable, baked, tuple(_value(leaves[k].payload) for k in baked),
                 tuple(k for k in range(len(leaves)) if k not in skipped))


def leaf_nodes(leaves: Sequence[Node], baked: tuple[int, ...]) -> list[Node]:
    """What each leaf is in the graph compiled for it: a constant holding its value where baked,
    else the next input (``in0``, ``in1``, ... in the order of the leaves)."""
    skipped = set(baked)
    out: list[Node] = []
    fed = 0
    for k, leaf in enumerate(leaves):
        if k in skipped:
            out.append(Node("const", (), {"value": Constant(leaf.payload)}, leaf.type,
                            leaf.loc))
        else:
            out.append(Node("input", (), {"name": f"in{fed}"}, leaf.type, leaf.loc))
            fed += 1
    return out
