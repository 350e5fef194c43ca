"""Flatten nested tuples/lists/dicts of arguments into leaves and a hashable structure.

Written as module-level recursive functions, not closures: a recursive closure is a reference
cycle, which would keep every result array alive until the garbage collector runs.
"""
from __future__ import annotations

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
    if not is_leaf(o):
        if isinstance(o, (tuple, list)):
            return (type(o).__name__,
                    tuple(_walk(v, f"{path}_{k}", is_leaf, leaves, paths)
                          for k, v in enumerate(o)))
        if isinstance(o, dict):
            keys = tuple(o)
            return ("dict", keys,
                    tuple(_walk(o[k], f"{path}_{k}", is_leaf, leaves, paths) for k in keys))
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
    if t[0] == "dict":
        return {k: _build(c, it) for k, c in zip(t[1], t[2])}
    children = [_build(c, it) for c in t[1]]
    return tuple(children) if t[0] == "tuple" else children


def mark_nones(tree: Any, leaves: list[Any]) -> Any:
    """The structure with ``None`` leaves marked, so they come back as ``None``."""
    return _mark(tree, iter(leaves))


def _mark(t: Any, it: Iterator[Any]) -> Any:
    if t == "*":
        return "none" if next(it) is None else "*"
    if t[0] == "dict":
        return ("dict", t[1], tuple(_mark(c, it) for c in t[2]))
    return (t[0], tuple(_mark(c, it) for c in t[1]))
