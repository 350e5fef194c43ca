"""View steps: how a view is read out of its base array and how a new value of the view is
written back into the base (PyTorch's functionalization). An array is a storage plus a chain
of these steps; each step remembers the user's line that made it, which the nodes it records
when read (possibly much later) carry. A write records its nodes at the line that writes."""
from __future__ import annotations

import numpy as np

from . import dtypes as D
from .ir import Node, Shape, TensorType
from .lazy import apply, scalar_node
from .ops import index_out_shape, numpy_index, region_shape


class ViewStep:
    """One step from a base array to a view of it. Steps compare by value (their line apart):
    how compiled arguments view shared memory is part of their signature."""

    __slots__ = ("loc",)

    def fields(self) -> tuple:
        raise NotImplementedError

    def out_type(self, t: TensorType) -> TensorType:
        raise NotImplementedError

    def read(self, base: Node) -> Node:
        raise NotImplementedError

    def write(self, base: Node, new: Node) -> Node:
        raise NotImplementedError

    def numpy(self, base: np.ndarray) -> np.ndarray:
        """The same view of an ndarray."""
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.fields() == self.fields()  # type: ignore

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.fields()))


class IndexView(ViewStep):
    """Basic indexing: an ``index`` spec (see ``lazyten.ops.indexing``) and its integers."""

    __slots__ = ("spec", "ints")

    def __init__(self, spec: tuple, ints: tuple[int, ...], loc: str = "") -> None:
        self.spec, self.ints, self.loc = spec, ints, loc

    def fields(self) -> tuple:
        return (self.spec, self.ints)

    def out_type(self, t: TensorType) -> TensorType:
        return TensorType(t.dtype, index_out_shape(t.shape, self.spec))

    def read(self, base: Node) -> Node:
        ints = [scalar_node(i, D.int64) for i in self.ints]
        return apply("getitem", [base] + ints, at=self.loc, index=self.spec)

    def write(self, base: Node, new: Node) -> Node:
        region = region_shape(base.shape, self.spec)
        if new.shape != region:
            new = apply("reshape", [new], shape=region)
        ints = [scalar_node(i, D.int64) for i in self.ints]
        return apply("setitem", [base, new] + ints, index=self.spec)

    def numpy(self, base: np.ndarray) -> np.ndarray:
        return base[numpy_index(self.spec, self.ints)]


class ReshapeView(ViewStep):
    __slots__ = ("shape",)

    def __init__(self, shape: Shape, loc: str = "") -> None:
        self.shape, self.loc = shape, loc

    def fields(self) -> tuple:
        return (self.shape,)

    def out_type(self, t: TensorType) -> TensorType:
        return TensorType(t.dtype, self.shape)

    def read(self, base: Node) -> Node:
        return apply("reshape", [base], at=self.loc, shape=self.shape)

    def write(self, base: Node, new: Node) -> Node:
        return apply("reshape", [new], shape=base.shape)

    def numpy(self, base: np.ndarray) -> np.ndarray:
        return base.reshape(self.shape)


class PermuteView(ViewStep):
    __slots__ = ("perm",)

    def __init__(self, perm: tuple[int, ...], loc: str = "") -> None:
        self.perm, self.loc = perm, loc

    def fields(self) -> tuple:
        return (self.perm,)

    def out_type(self, t: TensorType) -> TensorType:
        return TensorType(t.dtype, tuple(t.shape[p] for p in self.perm))

    def read(self, base: Node) -> Node:
        return apply("permute", [base], at=self.loc, perm=self.perm)

    def write(self, base: Node, new: Node) -> Node:
        inverse = tuple(self.perm.index(k) for k in range(len(self.perm)))
        return apply("permute", [new], perm=inverse)

    def numpy(self, base: np.ndarray) -> np.ndarray:
        return base.transpose(self.perm)
