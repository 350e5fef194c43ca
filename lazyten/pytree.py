"""Flatten nested arguments into leaves and a hashable structure: tuples, lists, dicts (any
hashable keys), NamedTuples and dataclass instances are structure, ``None`` is structure with
no leaf, anything else is a leaf.

Written as module-level recursive functions, not closures: a recursive closure is a reference
cycle, which would keep every result array alive until the garbage collector runs.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterator


def flatten(obj: Any, is_leaf: Callable[[Any], bool] = lambda x: False
            ) -> tuple[list[Any], Any, list[str]]:
    """Leaves in order, the structure (hashable), and a path name for each leaf."""
    leaves: list[Any] = []
    paths: list[str] = []
    tree = _walk(obj, "", is_leaf, leaves, paths)
    return leaves, tree, [p.lstrip("_") for p in paths]


def _walk(o: Any, path: str, is_leaf: Callable[[Any], bool], leaves: list[Any],
          paths: list[str]) -> Any:
    if o is None:
        return "none"
    if not is_leaf(o):
        kind = type(o)
        if isinstance(o, tuple) and hasattr(kind, "_fields"):  # a NamedTuple: rebuilt as one
            return ("namedtuple", kind,
                    tuple(_walk(getattr(o, f), f"{path}_{f}", is_leaf, leaves, paths)
                          for f in kind._fields))
        if isinstance(o, (tuple, list)):
            return (kind.__name__,
                    tuple(_walk(v, f"{path}_{k}", is_leaf, leaves, paths)
                          for k, v in enumerate(o)))
        if isinstance(o, dict):
            keys = tuple(o)
            return ("dict", keys,
                    tuple(_walk(o[k], f"{path}_{k}", is_leaf, leaves, paths) for k in keys))
        if dataclasses.is_dataclass(o) and not isinstance(o, type):
            names = tuple(f.name for f in dataclasses.fields(o))
            return ("dataclass", kind, names,
                    tuple(_walk(getattr(o, n), f"{path}_{n}", is_leaf, leaves, paths)
                          for n in names))
    leaves.append(o)
    paths.append(path)
    return "*"


def unflatten(tree: Any, leaves: list[Any]) -> Any:
    return _build(tree, iter(leaves))


def _build(t: Any, it: Iterator[Any]) -> Any:
    if t == "*":
        return next(it)
    if t == "none":
        return None
    kind = t[0]
    if kind == "dict":
        return {k: _build(c, it) for k, c in zip(t[1], t[2])}
    if kind == "namedtuple":
        return t[1](*[_build(c, it) for c in t[2]])
    if kind == "dataclass":  # filled field by field: no __init__ or __post_init__ runs again
        obj = object.__new__(t[1])
        for name, c in zip(t[2], t[3]):
            object.__setattr__(obj, name, _build(c, it))
        return obj
    children = [_build(c, it) for c in t[1]]
    return tuple(children) if kind == "tuple" else children
