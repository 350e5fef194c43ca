"""The NumPy reference executor: runs a graph with each op's ``ref`` from the op table.

It is the oracle for tests, the engine of constant folding, and what the NumPy reference
backend (``lazyten.runtime.reference``) runs. Values are freed after their last use, as JAX's
eval_jaxpr does.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from .dims import has_dims, resolve, sizes_of
from .errors import LazyIndexError, LazytenError, OutOfMemoryError
from .ir import Graph, Node
from .ops import OPS


def evaluate(g: Graph, feeds: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Run ``g`` on ``feeds`` (one array per graph input, in order)."""
    env: dict[Node, np.ndarray] = {}
    for node, value in zip(g.inputs, feeds):
        env[node] = np.asarray(value)
    # the size of each named dimension, for the attributes that hold symbolic sizes
    sizes = sizes_of([n.type for n in g.inputs], [env[n].shape for n in g.inputs])
    last_use: dict[Node, int] = {}
    for pos, n in enumerate(g.nodes):
        for i in n.inputs:
            last_use[i] = pos
    keep = set(g.outputs)
    for pos, n in enumerate(g.nodes):
        try:
            env[n] = eval_node(n, [env[i] for i in n.inputs], sizes)
        except MemoryError:
            raise OutOfMemoryError(f"not enough memory to compute {_where(n)}") from None
        except IndexError as exc:  # NumPy's bounds check of an index computed lazily
            if isinstance(exc, LazytenError):
                raise
            raise LazyIndexError(f"{_where(n)}: an index is out of bounds ({exc})") from None
        for i in n.inputs:
            if last_use.get(i) == pos and i not in keep:
                env.pop(i, None)
    return [env[o] for o in g.outputs]


def _where(n: Node) -> str:
    return f"{n.op} -> {n.type} recorded at {n.loc or 'an unknown line'}"


def eval_node(n: Node, args: list[np.ndarray], sizes: dict[str, int] | None = None
              ) -> np.ndarray:
    """One node's value from its inputs' values, checked against its inferred type (whose
    named dimensions take any size). ``sizes``: the named dimensions' sizes in this run, for
    attributes that hold symbolic sizes."""
    attrs = n.attrs
    if sizes and has_dims(tuple(attrs.values())):
        attrs = {k: resolve(v, sizes) for k, v in attrs.items()}
    out = np.asarray(OPS[n.op].ref(*args, **attrs))
    if out.dtype != n.dtype.np or len(out.shape) != len(n.shape) or any(
            type(d) is int and d != k for d, k in zip(n.shape, out.shape)):
        raise AssertionError(f"reference of {n.op} gave {out.dtype}{list(out.shape)}, "
                             f"inferred {n.type}")
    return out


def evaluate_planned(g: Graph, feeds: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Run ``g`` into the buffers of its plan (``g.plan``, from the memory_plan pass).

    All buffers are allocated once up front; ufunc ops write with ``out=``, other ops copy
    their reference result in. Results equal ``evaluate``; outputs are views of their buffers.
    """
    plan = g.plan
    if plan is None:
        raise ValueError("evaluate_planned needs a graph with a buffer plan (run memory_plan)")
    buffers = [np.empty(size, np.uint8) for size in plan.buffers]
    env: dict[Node, np.ndarray] = {}
    for node, value in zip(g.inputs, feeds):
        env[node] = np.asarray(value)
    with np.errstate(all="ignore"):
        for n, slot in zip(g.nodes, plan.slots):
            args = [env[i] for i in n.inputs]
            if slot is None:
                env[n] = n.payload if n.op == "data" else eval_node(n, args)
                continue
            out = buffers[slot][:n.type.nbytes].view(n.dtype.np).reshape(n.shape)
            ufunc = OPS[n.op].ufunc
            if ufunc is not None:
                ufunc(*args, out=out)
            else:
                np.copyto(out, eval_node(n, args), casting="no")
            env[n] = out
    return [env[o] for o in g.outputs]
