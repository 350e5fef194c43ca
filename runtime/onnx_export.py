"""Export an IR graph to an ONNX model by calling each op's lowering from the op table.

Emits IR version 10 with the ``ai.onnx`` opset 21: the newest pair onnxruntime 1.31 accepts
with CPU kernels for the random ops (see shared/docs/onnx-runtime-notes.md section 1).
"""
from __future__ import annotations

from typing import Any

import numpy as np
import onnx
from onnx import helper, numpy_helper

from lazyten import __version__
from lazyten.dtypes import DType
from lazyten.ir import Graph, TensorType
from lazyten.ops import OPS

IR_VERSION = 10
OPSET = 21


class OnnxEmitter:
    """Collects ONNX nodes and initializers; implements ``lazyten.ops.Emitter``."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._consts: dict[tuple, str] = {}
        self._count = 0
        self.label = "n"
        self.doc = ""

    def _fresh(self, hint: str) -> str:
        self._count += 1
        return f"{self.label}_{hint}{self._count}"

    def op(self, op_type: str, *inputs: str, outputs: int = 1, **attrs: Any) -> Any:
        """One node; its output name, or a list of ``outputs`` names (TopK's values, indices)."""
        out = self._fresh(op_type.lower())
        outs = [out] + [f"{out}_{k}" for k in range(1, outputs)]
        node = helper.make_node(op_type, list(inputs), outs, name=out, **attrs)
        if self.doc:
            node.doc_string = self.doc
        self.nodes.append(node)
        return out if outputs == 1 else outs

    def const(self, value: np.ndarray) -> str:
        value = np.array(value, order="C")
        key = (value.dtype.str, value.shape, value.tobytes())
        name = self._consts.get(key)
        if name is None:
            name = f"c{len(self._consts)}"
            self._consts[key] = name
            self.initializers.append(numpy_helper.from_array(value, name))
        return name

    def cast(self, name: str, to: DType) -> str:
        return self.op("Cast", name, to=to.onnx)


def value_info(name: str, t: TensorType) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info(name, t.dtype.onnx, list(t.shape))


def to_onnx(g: Graph, *, doc: str = "") -> onnx.ModelProto:
    """The ONNX model of ``g``: inputs keep their names, outputs are named ``g.out_names()``."""
    em = OnnxEmitter()
    names: dict[int, str] = {}
    for n in g.inputs:
        names[id(n)] = n.attrs["name"]
    for pos, n in enumerate(g.nodes):
        em.label = f"n{pos}_{n.op}"
        em.doc = f"lazyten %{pos} = {n.op} at {n.loc}" if n.loc else f"lazyten %{pos} = {n.op}"
        names[id(n)] = OPS[n.op].lower(em, n, [names[id(i)] for i in n.inputs])
    produced = {out: node for node in em.nodes for out in node.output}
    renames: dict[str, str] = {}
    for out_node, out_name in zip(g.outputs, g.out_names()):
        value = names[id(out_node)]
        if value in produced and value not in renames:
            renames[value] = out_name
        else:
            em.nodes.append(helper.make_node("Identity", [renames.get(value, value)], [out_name],
                                             name=f"{out_name}_identity"))
    for node in em.nodes:
        node.output[:] = [renames.get(o, o) for o in node.output]
        node.input[:] = [renames.get(i, i) for i in node.input]
    graph = helper.make_graph(
        em.nodes, g.name, [value_info(n.attrs["name"], n.type) for n in g.inputs],
        [value_info(name, o.type) for o, name in zip(g.outputs, g.out_names())],
        initializer=em.initializers, doc_string=doc)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                              producer_name="lazyten", producer_version=__version__)
    model.ir_version = IR_VERSION
    return model

