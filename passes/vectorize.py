"""Vectorizing the writes of an unrolled loop, ``for i in range(n): x[i] = f(x[i], y[i])``.

Traced, such a loop is a chain of n ``setitem`` nodes on one array, each at constant integer
indices, whose reads ``x[i]`` read the chain's latest state. onnxruntime's session creation
grows with the square of such chains (and of n scalar subgraphs fanning out of one input), so
this pass

1. forwards every constant-index read of a chain state to what it reads: the value last
   written at that position, or the same read of the chain's base when nothing wrote there;
2. replaces a chain of at least ``MIN_LANES`` writes whose values do not read the chain by one
   ``put_flat`` (the last write at a position wins) of the values packed into one array.
   Packing is superword-level parallelism: lanes that apply one elementwise op or reduction
   become that op on packed operands, constant-index reads of one array one ``take_flat``, constants one
   constant, one node shared by all lanes stays itself (broadcast). Lanes that do not pack are
   stacked as they are.

    %3 = setitem[index=(('i',),)](%x, %1, %0) ; %7 = setitem[...](%3, %5, %4) ; ...
      ->   %9 = put_flat(%x, %pos, %packed)
"""
from __future__ import annotations

import math

import numpy as np

from lazyten import dtypes as D
from lazyten.ir import Constant, Graph, Node, TensorType
from lazyten.ops import OPS

from .rewrite import count, rewrite

MIN_LANES = 8    # shorter chains run as fast written out, and read better in dumps
MAX_DEPTH = 64   # how deep packing follows the lanes' operands
_REDUCTIONS = frozenset({"reduce_sum", "reduce_prod", "reduce_max", "reduce_min"})


def vectorize(g: Graph) -> Graph:
    if not any(n.op == "setitem" for n in g.nodes):  # no writes: nothing to forward or gather
        return g
    states: dict[Node, tuple[_Chain, int]] = {}
    g = rewrite(g, lambda n: _forward(n, states))
    used = {i for n in g.nodes for i in n.inputs}.union(g.outputs)
    chains = {c for c, _ in states.values() if len(c.writes) >= MIN_LANES and c.tip in used}
    tips = {c.tip: c for c in chains - _reading_their_chain(g, chains, states)}
    if not tips:
        return g
    new_of: dict[Node, Node] = {}
    origin: dict[Node, Node] = {}

    def merge(m: Node) -> Node:
        n = origin[m]
        chain = tips.get(n)
        r = m if chain is None else _merged(chain, new_of)
        new_of[n] = r
        return r

    return rewrite(g, merge, origin)


class _Chain:
    """Writes at constant integer indices (of ``rank`` integers) into ``base``, in order:
    ``writes`` holds ``(key, value)`` per step; ``tip`` is the latest state."""

    def __init__(self, base: Node, rank: int) -> None:
        self.base, self.rank, self.tip = base, rank, base
        self.writes: list[tuple[tuple[int, ...], Node]] = []
        self.at: dict[tuple[int, ...], list[int]] = {}  # key -> the steps that wrote it


def _key(n: Node, first: int) -> tuple[int, ...] | None:
    """The constant integer index of a getitem (operands from 1) or setitem (from 2) whose
    index is integers over leading axes (then whole axes), into an array of static shape; None
    otherwise."""
    spec, shape = n.attrs["index"], n.inputs[0].shape
    ints = n.inputs[first:]
    if not ints or n.inputs[0].type.is_symbolic or len(spec) > len(shape) or \
            any(e != ("i",) for e in spec[:len(ints)]) or \
            any(e != ("s", 0, d, 1) for e, d in zip(spec[len(ints):], shape[len(ints):])):
        return None
    if any(i.op != "const" for i in ints):
        return None
    return tuple(int(i.attrs["value"].array) for i in ints)


def _forward(n: Node, states: dict[Node, tuple[_Chain, int]]) -> Node:
    """Records chain states; a read of one becomes the value written there or a read of the
    chain's base."""
    if n.op == "setitem":
        key = _key(n, 2)
        if key is None:
            return n
        chain, _ = states.get(n.inputs[0], (None, 0))
        if chain is None or chain.tip is not n.inputs[0] or chain.rank != len(key):
            chain = _Chain(n.inputs[0], len(key))
        chain.at.setdefault(key, []).append(len(chain.writes))
        chain.writes.append((key, n.inputs[1]))
        chain.tip = n
        states[n] = (chain, len(chain.writes))
        return n
    if n.op == "getitem" and n.inputs[0] in states:
        chain, steps = states[n.inputs[0]]
        key = _key(n, 1)
        if key is None or len(key) != chain.rank:
            return n
        count("forwarded")
        for step in reversed(chain.at.get(key, ())):
            if step < steps:
                return chain.writes[step][1]
        return Node("getitem", (chain.base,) + n.inputs[1:], n.attrs, n.type, n.loc)
    return n


def _reading_their_chain(g: Graph, chains: set[_Chain],
                         states: dict[Node, tuple[_Chain, int]]) -> set[_Chain]:
    """The chains some of whose written values depend on one of the chain's own states (a
    whole-array read in the loop body): their writes cannot be gathered into one."""
    wanted = {id(c) for c in chains}
    reads: dict[Node, frozenset[int]] = {}
    empty: frozenset[int] = frozenset()
    for n in g.nodes:
        acc = empty
        for i in n.inputs:
            r = reads.get(i, empty)
            if r and r is not acc:
                acc = acc | r if acc else r
        if n in states and id(states[n][0]) in wanted:
            acc = acc | {id(states[n][0])}
        if acc:
            reads[n] = acc
    bad = set()
    for c in chains:
        own = id(c)
        if any(own in reads.get(v, empty) for _, v in c.writes):
            bad.add(c)
    return bad


def _merged(chain: _Chain, new_of: dict[Node, Node]) -> Node:
    """One put_flat of the chain's last value at each key into its base."""
    last: dict[tuple[int, ...], Node] = {}
    for key, v in chain.writes:
        last.pop(key, None)
        last[key] = v
    base = new_of.get(chain.base, chain.base)
    lanes = [new_of.get(v, v) for v in last.values()]
    pos = _positions(base.type, list(last))
    values = _pack(lanes, {}, 0)
    if values is None:
        values = _stacked(lanes)
    elif values.shape != pos.shape:  # one node shared by every lane
        values = Node("expand", (values,), {"shape": pos.shape},
                      TensorType(values.dtype, pos.shape), values.loc)
    count("merged_writes", len(chain.writes))
    index = _const(pos, lanes[0].loc)
    return Node("put_flat", (base, index, values), {}, base.type, chain.tip.loc)


def _positions(t: TensorType, keys: list[tuple[int, ...]]) -> np.ndarray:
    """Flat positions, shaped ``(lanes,) + region``, of the regions ``x[key]`` of an array of
    type ``t``."""
    rank = len(keys[0])
    region = t.shape[rank:]
    rows = np.ravel_multi_index(np.array(keys, np.int64).T, t.shape[:rank]) if t.shape[:rank] \
        else np.zeros(len(keys), np.int64)
    width = math.prod(region)
    inner = np.arange(width, dtype=np.int64).reshape(region)
    return (rows.reshape((-1,) + (1,) * len(region)) * width + inner).astype(np.int64)


def _const(array: np.ndarray, loc: str) -> Node:
    dt = D.as_dtype(array.dtype)
    return Node("const", (), {"value": Constant(array)}, TensorType(dt, array.shape), loc)


def _pack(lanes: list[Node], memo: dict[tuple[int, ...], Node | None],
          depth: int) -> Node | None:
    """A node whose ``[k]`` is ``lanes[k]`` (shaped ``(lanes,) + lane shape``), the one node
    every lane is (to broadcast), or None when the lanes do not pack."""
    first = lanes[0]
    if all(v is first for v in lanes):
        return first
    key = tuple(id(v) for v in lanes)
    if key in memo:
        return memo[key]
    memo[key] = None  # lanes that feed themselves do not pack
    packed = None if depth > MAX_DEPTH or any(v.type != first.type for v in lanes) else \
        _pack_lanes(lanes, memo, depth)
    memo[key] = packed
    return packed


def _pack_lanes(lanes: list[Node], memo: dict, depth: int) -> Node | None:
    first, n = lanes[0], len(lanes)
    shape = (n,) + first.shape
    if all(v.op == "const" for v in lanes):
        return _const(np.stack([v.attrs["value"].array for v in lanes]), first.loc)
    if first.op == "getitem" and all(v.op == "getitem" and v.inputs[0] is first.inputs[0] and
                                     v.attrs == first.attrs for v in lanes):
        keys = [_key(v, 1) for v in lanes]
        if any(k is None for k in keys):
            return None
        pos = _const(_positions(first.inputs[0].type, keys), first.loc)  # type: ignore[arg-type]
        return Node("take_flat", (first.inputs[0], pos), {}, TensorType(first.dtype, shape),
                    first.loc)
    if any(v.op != first.op or len(v.inputs) != len(first.inputs) or
           v.attrs_key() != first.attrs_key() for v in lanes):
        return None
    if first.op in _REDUCTIONS:  # the same reduction of every lane: reduce the packed lanes
        p = _pack([v.inputs[0] for v in lanes], memo, depth + 1)
        if p is None or p is first.inputs[0]:
            return None
        attrs = dict(first.attrs, axes=tuple(a + 1 for a in first.attrs["axes"]))
        return _checked(first, (p,), attrs, shape)
    if not OPS[first.op].elementwise or not OPS[first.op].pure:
        return None
    operands, packed_any = [], False
    for j, x in enumerate(first.inputs):
        column = [v.inputs[j] for v in lanes]
        p = _pack(column, memo, depth + 1)
        if p is None:
            return None
        if p is not x:  # packed: its lane axis goes first, before the operand's broadcast axes
            packed_any = True
            pad = (1,) * (len(first.shape) - len(x.shape))
            if pad:
                p = Node("reshape", (p,), {"shape": (n,) + pad + x.shape},
                         TensorType(p.dtype, (n,) + pad + x.shape), p.loc)
        operands.append(p)
    if not packed_any:  # equal lanes that are distinct nodes: nothing to gain
        return None
    return _checked(first, tuple(operands), first.attrs, shape)


def _checked(lane: Node, operands: tuple[Node, ...], attrs: dict, shape: tuple) -> Node | None:
    """The lanes' op over packed operands, if the op table infers the packed type for it."""
    want = TensorType(lane.dtype, shape)
    if OPS[lane.op].infer(tuple(i.type for i in operands), attrs) != want:
        return None
    return Node(lane.op, operands, attrs, want, lane.loc)


def _stacked(lanes: list[Node]) -> Node:
    """The lanes stacked along a new first axis, as they are."""
    rows = [Node("reshape", (v,), {"shape": (1,) + v.shape}, TensorType(v.dtype, (1,) + v.shape),
                 v.loc) for v in lanes]
    shape = (len(lanes),) + lanes[0].shape
    return Node("concat", tuple(rows), {"axis": 0}, TensorType(lanes[0].dtype, shape),
                lanes[0].loc)
