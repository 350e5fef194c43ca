"""Exported models for older opsets (17 to 20) than the one lazyten emits (21).

Of the ops lazyten's lowerings emit, only these changed between opsets 17 and 21 in a way a
model must show (the others only gained types lazyten never uses):

- ``ReduceMax``, ``ReduceMin``, ``ReduceProd`` take ``axes`` as an input from opset 18 (and
  ``noop_with_empty_axes``), as an attribute before;
- ``ReduceMax``, ``ReduceMin`` accept bool, and ``IsInf`` float16, from opset 20: before, a
  bool reduction runs on uint8 between two casts, and ``IsInf`` of float16 on float32;
- ``BitwiseAnd``/``Or``/``Xor``/``Not`` exist from opset 18 on: a model that needs them cannot
  target opset 17, which is an error naming the op;
- ``DFT`` takes ``axis`` as an input from opset 20, as an attribute before (opset 17 on).

The IR version is the one each opset came with (8 for 17 and 18, 9 for 19 and 20).
"""
from __future__ import annotations

import onnx
from onnx import TensorProto, helper, numpy_helper

from lazyten.errors import ArgumentError

from .onnx_export import OPSET

OPSETS = (17, 18, 19, 20, 21)
IR_VERSIONS = {17: 8, 18: 8, 19: 9, 20: 9, 21: 10}
_AXES_AS_INPUT = 18
_NEW_TYPES = 20  # bool ReduceMax/ReduceMin, float16 IsInf
_DFT_AXIS_AS_INPUT = 20
_BITWISE = {"BitwiseAnd", "BitwiseOr", "BitwiseXor", "BitwiseNot"}


def for_opset(model: onnx.ModelProto, opset: int) -> onnx.ModelProto:
    """``model`` (opset 21, as lazyten exports it) rewritten for ``opset``; the model itself
    when that is 21."""
    if opset not in OPSETS:
        raise ArgumentError(f"export: opset must be one of {', '.join(map(str, OPSETS))} (the "
                            f"opsets whose every kernel lazyten uses onnxruntime has), got "
                            f"{opset!r}")
    if opset == OPSET:
        return model
    out = onnx.ModelProto()
    out.CopyFrom(model)
    out.ir_version = IR_VERSIONS[opset]
    for entry in out.opset_import:
        if entry.domain in ("", "ai.onnx"):
            entry.version = opset
    graph = out.graph
    types = _value_types(model) if opset < _NEW_TYPES else {}
    constants = {t.name: t for t in graph.initializer}
    _rewrite(graph, opset, types, constants)
    used = {name for g in _graphs(graph) for node in g.node for name in node.input}
    kept = [t for t in graph.initializer if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    return out


def _graphs(graph: onnx.GraphProto) -> list[onnx.GraphProto]:
    """``graph`` and every subgraph (a Loop's body) inside it."""
    found = [graph]
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                found += _graphs(attr.g)
    return found


def _rewrite(graph: onnx.GraphProto, opset: int, types: dict, constants: dict) -> None:
    """The nodes of ``graph`` and of its subgraphs rewritten for ``opset``, in place."""
    nodes = []
    for node in graph.node:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                _rewrite(attr.g, opset, types, constants)
        if node.op_type in _BITWISE and opset < _AXES_AS_INPUT:
            raise ArgumentError(f"export: the model needs {node.op_type}, which ONNX has from "
                                f"opset 18 on; choose opset >= 18 (got opset={opset})")
        if node.op_type in ("ReduceMax", "ReduceMin", "ReduceProd"):
            if opset < _AXES_AS_INPUT:
                _axes_as_attribute(node, constants)
            if node.op_type != "ReduceProd" and types.get(node.input[0]) == TensorProto.BOOL:
                nodes += _between_casts(node, TensorProto.UINT8, TensorProto.BOOL)
                continue
        if node.op_type == "DFT" and opset < _DFT_AXIS_AS_INPUT:
            _dft_axis_as_attribute(node, constants)
        if node.op_type == "IsInf" and types.get(node.input[0]) == TensorProto.FLOAT16:
            nodes += _between_casts(node, TensorProto.FLOAT, None)
            continue
        nodes.append(node)
    del graph.node[:]
    graph.node.extend(nodes)


def _dft_axis_as_attribute(node: onnx.NodeProto, constants: dict) -> None:
    """The opset-17 form of ``DFT``: ``axis`` an attribute (the exporter's axis is a constant,
    and it never gives ``dft_length``)."""
    axis = int(numpy_helper.to_array(constants[node.input[2]]))
    del node.input[1:]
    node.attribute.append(helper.make_attribute("axis", axis))


def _axes_as_attribute(node: onnx.NodeProto, constants: dict) -> None:
    """The opset-13 form of a reduction: ``axes`` an attribute, no ``noop_with_empty_axes``
    (lazyten's reductions never have empty axes)."""
    if len(node.input) > 1 and node.input[1]:
        axes = numpy_helper.to_array(constants[node.input[1]])
        del node.input[1]
        node.attribute.append(helper.make_attribute("axes", [int(a) for a in axes]))
    kept = [a for a in node.attribute if a.name != "noop_with_empty_axes"]
    del node.attribute[:]
    node.attribute.extend(kept)


def _value_types(model: onnx.ModelProto) -> dict[str, int]:
    """Every value's element type (shape inference gives the intermediates')."""
    inferred = onnx.shape_inference.infer_shapes(model)
    infos = [v for g in _graphs(inferred.graph) for v in list(g.value_info) + list(g.input)]
    return {v.name: v.type.tensor_type.elem_type for v in infos}


def _between_casts(node: onnx.NodeProto, wide: int, back: int | None) -> list[onnx.NodeProto]:
    """``node`` computed on its first input cast to ``wide``, its result cast to ``back``
    (None: the result's type does not change)."""
    cast_in = node.output[0] + "_in"
    op = onnx.NodeProto()
    op.CopyFrom(node)
    op.input[0] = cast_in
    nodes = [helper.make_node("Cast", [node.input[0]], [cast_in], name=cast_in, to=wide), op]
    if back is not None:
        op.output[0] = node.output[0] + "_wide"
        nodes.append(helper.make_node("Cast", [op.output[0]], [node.output[0]],
                                      name=node.output[0] + "_back", to=back))
    return nodes
