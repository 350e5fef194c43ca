"""Flatten nested tuples/lists/dicts of arguments into leaves and a hashable structure."""
from __future__ import annotations

from typing import Any, Callable


def flatten(obj: Any, is_leaf: Callable[[Any], bool] = lambda x: False
            ) -> tuple[list[Any], Any, list[str]]:
    """Leaves in order, the structure (hashable), and a path name for each leaf."""
    leaves: list[Any] = []
    paths: list[str] = []

    def walk(o: Any, path: str) -> Any:
        if not is_leaf(o):
            if isinstance(o, (tuple, list)):
                return (type(o).__name__, tuple(walk(v, f"{path}_{k}") for k, v in enumerate(o)))
            if isinstance(o, dict):
                keys = tuple(o)
                return ("dict", keys, tuple(walk(o[k], f"{path}_{k}") for k in keys))
        leaves.append(o)
        paths.append(path)
        return "*"

    tree = walk(obj, "")
    return leaves, tree, [p.lstrip("_") for p in paths]


def unflatten(tree: Any, leaves: list[Any]) -> Any:
    it = iter(leaves)

    def build(t: Any) -> Any:
        if t == "*":
            return next(it)
        if t[0] == "dict":
            return {k: build(c) for k, c in zip(t[1], t[2])}
        children = [build(c) for c in t[1]]
        return tuple(children) if t[0] == "tuple" else children

    return build(tree)
