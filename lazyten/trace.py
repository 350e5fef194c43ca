"""Tracing for ``@lt.compile``: arrays over placeholder inputs record a graph once.

While a ``TraceContext`` is active (``lazy.STATE.trace``), Python scalars become constants,
realized arrays from outside the function are captured as constants, and anything that needs a
concrete value (``bool``, ``float``, ``.numpy()``, data-dependent indexing) raises a TraceError
that says what to do instead.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from .errors import TraceError
from .dtypes import DType
from .ir import Constant, Node, TensorType
from .backend import get_backend
from .lazy import STATE, realize_nodes, scalar_array
from .source import user_location


# Constants are immutable values, so every trace shares one per scalar (keyed like
# TraceContext._scalars): the 0.5s and 1s that programs repeat cost no NumPy work after the first.
_SCALAR_CONSTANTS: dict[tuple, Constant] = {}
_MAX_SCALAR_CONSTANTS = 4096


class TraceContext:
    """State of one trace; install it with ``with TraceContext(): ...``."""

    def __init__(self, fn_name: str) -> None:
        self.fn_name = fn_name
        # id(payload) -> (payload, node); holding the payload keeps its id from being reused
        self._captured: dict[int, tuple[Any, Node]] = {}
        # every node recorded while tracing, in creation (so topological) order, dead ones
        # included: the traced graph shows what the user wrote, and DCE visibly prunes it
        # (a dict used as an ordered set: one insertion per op, and membership for adopt)
        self.recorded: dict[Node, None] = {}
        self._scalars: dict[tuple, Node] = {}
        # the compiled functions being traced here, outermost first (nested calls are inlined)
        self.functions: list[Any] = []

    def __enter__(self) -> "TraceContext":
        if STATE.trace is not None:
            raise TraceError(f"cannot trace {self.fn_name} while tracing {STATE.trace.fn_name}: "
                             "call compiled functions from plain Python code")
        STATE.trace = self
        return self

    def __exit__(self, *exc: Any) -> None:
        STATE.trace = None

    def capture(self, payload: Any, type: TensorType, loc: str) -> Node:
        """A buffer from outside the function (or a host-made one) baked in as a constant."""
        known = self._captured.get(id(payload))
        if known is not None:
            return known[1]
        value = np.array(get_backend().to_numpy(payload), copy=True)
        node = Node("const", (), {"value": Constant(value)}, type, loc or user_location())
        self._captured[id(payload)] = (payload, node)
        self.recorded[node] = None
        return node

    def scalar(self, value: Any, dtype: DType) -> Node:
        """A Python scalar baked in as a constant. Equal scalars share one node, as CSE would
        merge them anyway: a loop over ``x * 0.5`` records one constant, not one per step."""
        kind = type(value)
        if kind is float or isinstance(value, np.floating):  # the sign keeps -0.0 apart from 0.0
            key: tuple = (dtype, kind, value, math.copysign(1.0, value))
        else:
            key = (dtype, kind, value)
        node = self._scalars.get(key)
        if node is None:
            constant = _SCALAR_CONSTANTS.get(key)
            if constant is None:
                if len(_SCALAR_CONSTANTS) >= _MAX_SCALAR_CONSTANTS:
                    _SCALAR_CONSTANTS.clear()
                constant = _SCALAR_CONSTANTS[key] = Constant(scalar_array(value, dtype))
            node = Node("const", (), {"value": constant}, TensorType(dtype, ()), user_location())
            self._scalars[key] = node
            self.recorded[node] = None
        return node

    def adopt(self, node: Node) -> Node:
        """A node read inside the trace: values from outside become constants."""
        if node in self.recorded or node.op in ("input", "const"):  # recorded here
            return node
        if node.op != "data":  # pending work from before the call: compute it first
            STATE.trace = None
            try:
                realize_nodes([node])
            finally:
                STATE.trace = self
        return self.capture(node.payload, node.type, node.loc)

    def concrete_value_message(self) -> str:
        return (f"{self.fn_name}: a traced value was used where a concrete Python value is "
                f"needed (bool(), int(), float(), .item(), .numpy(), iteration, printing values "
                f"or a data-dependent index) at {user_location()}. Inside @lt.compile, select "
                "with lt.where(cond, a, b) instead of `if`, or pass the value as a static "
                "argument (static_argnames=...).")

