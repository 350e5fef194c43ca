"""Signatures of compiled calls: abstract arguments (``lt.spec``), the signature of a call
that keys its trace (tree structure, shapes, dtypes, static values, and which arguments share
memory), and how two signatures differ (retrace messages)."""
from __future__ import annotations

from typing import Any, NamedTuple, Sequence

import numpy as np

from . import dtypes as D
from .api import arguments as A
from .array import Array
from .dims import Dim
from .dtypes import DType
from .errors import ArgumentError, ValueArgumentError
from .ir import TensorType


class ArgSpec(NamedTuple):
    """An abstract argument: shape (ints, or names for symbolic dimensions) and dtype."""

    shape: tuple
    dtype: DType

    def __str__(self) -> str:
        return f"{self.dtype.short}[{','.join(str(d) for d in self.shape)}]"


def spec(shape: Sequence[int | str], dtype: Any = D.float32) -> ArgSpec:
    """``lt.spec(("batch", 4), lt.float32)``: an argument for tracing, export and lowering.
    Dimensions are non-negative sizes or names (identifiers) of sizes known at run time.

    >>> lt.spec(("n", 3))
    ArgSpec(shape=('n', 3), dtype=lazyten.float32)
    """
    if isinstance(shape, str):
        raise ArgumentError(f"spec: shape must be a sequence of sizes and dimension names, "
                            f"got {shape!r}")
    return ArgSpec(tuple(_dim(d) for d in A.listed(shape)), D.as_dtype(dtype))


def _dim(d: Any) -> int | str:
    if not isinstance(d, str):
        return A.count(d, "spec: size")
    if not d.isidentifier():
        raise ValueArgumentError(f"spec: a dimension name must be an identifier, got {d!r}")
    return d


def parse_spec(text: str) -> ArgSpec:
    """``'f32[N,4]'`` or ``'float32[N,4]'`` -> ArgSpec(('N', 4), float32)."""
    head, sep, rest = text.strip().partition("[")
    if not sep or not rest.endswith("]"):
        raise ArgumentError(f"bad spec {text!r}: expected dtype[dims], e.g. f32[N,4] or i64[]")
    dims = [d.strip() for d in rest[:-1].split(",") if d.strip()]
    return spec(tuple(int(d) if d.lstrip("-").isdigit() else d for d in dims),
                D.from_name(head.strip()))


def symbolic(shape: tuple) -> tuple:
    """A spec's shape for tracing: each dimension name becomes a symbolic ``Dim``."""
    return tuple(Dim.named(d) if type(d) is str else d for d in shape)


def is_leaf(x: Any) -> bool:
    return isinstance(x, (Array, np.ndarray, ArgSpec, bool, int, float, np.generic))


def leaf_signature(x: Any) -> tuple:
    if isinstance(x, Array):
        return ("a", x.dtype, x.shape)
    if isinstance(x, np.ndarray):
        return ("a", D.as_dtype(x.dtype), x.shape)
    if isinstance(x, ArgSpec):
        return ("a", x.dtype, x.shape)
    if isinstance(x, (bool, int, float, np.generic)):
        return ("s", D.default_dtype_of(x))
    raise ArgumentError(f"compiled functions take arrays, NumPy arrays and Python scalars "
                        f"(in tuples, lists and dicts); got {type(x).__name__}")


def describe(sig: tuple) -> str:
    return str(TensorType(sig[1], sig[2])) if sig[0] == "a" else f"python {sig[1].name} scalar"


def matches(spec_sigs: tuple, sigs: tuple) -> bool:
    """Concrete argument signatures that a symbolic trace serves (same names, same sizes)."""
    sizes: dict[str, int] = {}
    for general, concrete in zip(spec_sigs, sigs):
        if general[:2] != concrete[:2] or len(general) != len(concrete):
            return False
        if general[0] != "a":
            continue
        if len(general[2]) != len(concrete[2]):
            return False
        for g, c in zip(general[2], concrete[2]):
            if isinstance(g, str):
                if sizes.setdefault(g, c) != c:
                    return False
            elif g != c:
                return False
    return True


def describe_key(key: tuple, paths: list[str] | None) -> str:
    tree, sigs, static = key[:3]
    parts = [(f"{p}: " if paths else "") + describe(s) for p, s in
             zip(paths or [""] * len(sigs), sigs)]
    parts += [f"{n}={v!r}" for n, v in static]
    shared = " sharing memory" if len(key) > 3 else ""
    return "(" + ", ".join(parts) + ")" + shared


def diff(old: tuple, new: tuple, paths: list[str]) -> str:
    if old[0] != new[0]:
        return "the structure of the arguments changed"
    changes = [f"argument {p!r} changed from {describe(a)} to {describe(b)}"
               for p, a, b in zip(paths, old[1], new[1]) if a != b]
    changes += [f"static argument {n!r} changed from {a!r} to {b!r}"
                for (n, a), (_, b) in zip(old[2], new[2]) if a != b]
    if old[3:] != new[3:]:
        changes.append("which arguments share memory changed")
    return "; ".join(changes) or "a new signature"


def shared_memory(leaves: list) -> tuple | None:
    """How arguments share memory, as part of the signature (eager code sees one argument's
    writes through the other): None when no two share it; else, per leaf, None or (the index
    of the first leaf of its group, the type of the memory, its view steps)."""
    first: dict[int, int] = {}
    groups: list[int | None] = []
    for k, x in enumerate(leaves):
        owner = x._storage if isinstance(x, Array) else x if isinstance(x, np.ndarray) else None
        groups.append(None if owner is None else first.setdefault(id(owner), k))
    if all(g is None or g == k for k, g in enumerate(groups)):
        return None
    shared = {g for k, g in enumerate(groups) if g is not None and g != k}
    out = []
    for x, g in zip(leaves, groups):
        if g not in shared:
            out.append(None)
        elif isinstance(x, Array):
            out.append((g, x._storage.node.type, x._view))
        else:
            out.append((g, TensorType(D.as_dtype(x.dtype), x.shape), ()))
    return tuple(out)


def output_names(paths: list[str], taken: set[str]) -> list[str]:
    """ONNX names of a function's results, from their paths in the result: ``out0``,
    ``out1``, ... for one array or a tuple's items, the keys and field names of dicts,
    NamedTuples and dataclasses (joined by ``_`` when nested: ``parts_0``). A name an input or
    an earlier output already has gets a ``_`` suffix."""
    names = []
    taken = set(taken)
    for k, path in enumerate(paths):
        if not path:
            name = f"out{k}"
        elif all(part.isdigit() for part in path.split("_")):
            name = f"out{path}"
        else:
            name = input_name(path)
        while name in taken:
            name += "_"
        taken.add(name)
        names.append(name)
    return names


def input_name(path: str) -> str:
    if path.isascii() and path.isidentifier():  # letters, digits and _ only: kept as is
        return path
    return "".join(c if c.isalnum() or c == "_" else "_" for c in path) or "arg"
