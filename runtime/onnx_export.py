"""Export an IR graph to an ONNX model by calling each op's lowering from the op table.

Complex values travel as real tensors with a trailing axis of 2 (real, imaginary): inputs,
outputs and constants alike (``lazyten.ops.pairs``).

Emits IR version 10 with the ``ai.onnx`` opset 21: the newest pair onnxruntime 1.31 accepts
with CPU kernels for the random ops (at opsets 22 to 26 it has none for RandomNormal,
RandomUniform or Bernoulli, and opsets 22 to 26 add no kernel lazyten could use).
"""
from __future__ import annotations

import sys
from typing import Any, Callable

import numpy as np
import onnx
from onnx import helper

from lazyten.version import __version__
from lazyten.dims import Dim, name_of
from lazyten.dtypes import NUMPY_TO_DTYPE, DType
from lazyten.errors import ShapeError
from lazyten.ir import Graph, Node, TensorType
from lazyten.ops import OPS, involves_complex, lower_pairs, paired, pairs_array

IR_VERSION = 10
_LITTLE_ENDIAN = sys.byteorder == "little"
OPSET = 21


class OnnxEmitter:
    """Writes ONNX nodes and initializers straight into ``graph``; implements
    ``lazyten.ops.Emitter``. Nodes are added in place (no per-node message copies), since export
    is part of every first call."""

    def __init__(self, graph: onnx.GraphProto) -> None:
        self.graph = graph
        self._transposes: dict[str, tuple[str, list[int]]] = {}  # output: (input, perm)
        self._add_node = graph.node.add
        self._consts: dict[tuple, str] = {}
        self._initializers = graph.initializer  # a subgraph's constants live in the model's
        self._counter = [0]  # shared with subgraphs' emitters: names are unique model-wide
        self.pos = 0  # the IR node being lowered: its position and op name its ONNX nodes
        self.source_op = ""
        self.doc = ""
        # a named dimension -> (graph input, axis) that carries it; the value of each name
        # read at run time, once
        self.symbols: dict[str, tuple[str, int]] = {}
        self.domains: set[str] = set()  # operator sets the model imports besides ai.onnx
        self._sizes: dict[Any, str] = {}

    def op(self, op_type: str, *inputs: str, outputs: int = 1, domain: str = "",
           **attrs: Any) -> Any:
        """One node; its output name, or a list of ``outputs`` names (TopK's values, indices).
        ``domain``: an operator set other than ai.onnx (onnxruntime's ``com.microsoft``)."""
        self._counter[0] += 1
        out = f"n{self.pos}_{self.source_op}_{op_type.lower()}{self._counter[0]}"
        node = self._add_node()  # fields set one by one: faster than keyword arguments
        node.op_type = op_type
        node.input.extend(inputs)
        if outputs == 1:
            node.output.append(out)
        else:
            outs = [out] + [f"{out}_{k}" for k in range(1, outputs)]
            node.output.extend(outs)
        node.name = out
        if domain:
            node.domain = domain
            self.domains.add(domain)
        if self.doc:
            node.doc_string = self.doc
        if op_type == "Transpose" and attrs.get("perm") is not None:
            self._transposes[out] = (inputs[0], attrs["perm"])
        if attrs:
            node.attribute.extend([helper.make_attribute(k, v) for k, v in sorted(attrs.items())
                                   if v is not None])
        return out if outputs == 1 else outs

    def const(self, value: np.ndarray) -> str:
        value = np.asarray(value)
        if value.dtype.kind == "c":  # complex values are stored as (real, imaginary) pairs
            value = pairs_array(value)
        if not value.dtype.isnative:  # the dtype table holds native dtypes
            value = value.astype(value.dtype.newbyteorder("="))
        # ONNX raw data is little-endian; tobytes writes C order whatever the layout
        data = (value if _LITTLE_ENDIAN else value.astype(value.dtype.newbyteorder("<"))
                ).tobytes()
        key = (value.dtype, value.shape, data)
        name = self._consts.get(key)
        if name is None:
            name = f"c{len(self._consts)}"
            self._consts[key] = name
            self._initializers.add(name=name, dims=value.shape, raw_data=data,
                                       data_type=NUMPY_TO_DTYPE[value.dtype].onnx)
        return name

    def loop(self, trips: str, carried: list[tuple[str, DType]],
             body: Callable[[Any, str, list[str]], tuple[str | None, list[str]]]) -> list[str]:
        """An ONNX ``Loop`` of at most ``trips`` (a 0-d int64 value) iterations over the
        ``carried`` values (name, dtype); their final values. ``body(em, i, values)`` builds
        one iteration with ``em``, an emitter of the subgraph (it may read any value of the
        enclosing graphs, and its constants join the model's), from the iteration number ``i``
        and the current values: it returns a bool that is false to stop early (None: never)
        and the next values."""
        sub = onnx.GraphProto()
        self._counter[0] += 1
        sub.name = f"n{self.pos}_{self.source_op}_loop_body{self._counter[0]}"
        child = OnnxEmitter.__new__(OnnxEmitter)
        child.__dict__.update(self.__dict__)
        child.graph, child._add_node = sub, sub.node.add
        child._transposes, child._sizes = {}, dict(self._sizes)  # sizes made inside stay inside
        i, keep = f"{sub.name}_i", f"{sub.name}_cond"
        _add_value(sub.input, i, onnx.TensorProto.INT64, True)
        _add_value(sub.input, keep, onnx.TensorProto.BOOL, True)
        values = [f"{sub.name}_v{k}" for k in range(len(carried))]
        for name, (_, dt) in zip(values, carried):
            _add_value(sub.input, name, dt.onnx, False)
        again, nexts = body(child, i, values)
        made = {o for node in sub.node for o in node.output}
        for name, dt in [(again if again is not None else keep, None)] + \
                [(v, d) for v, (_, d) in zip(nexts, carried)]:
            if name not in made:  # an input, an outer value, or an output already listed
                name = child.op("Identity", name)
            made.discard(name)
            _add_value(sub.output, name, onnx.TensorProto.BOOL if dt is None else dt.onnx,
                       dt is None)
        outs = self.op("Loop", trips, "", *[v for v, _ in carried], outputs=len(carried),
                       body=sub)
        return outs if len(carried) > 1 else [outs]

    def size(self, d: Any) -> str:
        """A 0-d int64 value of size ``d`` (an int, or a ``Dim`` computed from the inputs'
        shapes at run time)."""
        if type(d) is int:
            return self.const(np.asarray(d, np.int64))
        name = self._sizes.get(d)
        if name is not None:
            return name
        symbol = name_of(d)
        if symbol is not None:
            if symbol not in self.symbols:
                raise ShapeError(f"the size {symbol!r} is no input's dimension")
            value, axis = self.symbols[symbol]
            name = self.op("Gather", self.op("Shape", value, start=axis, end=axis + 1),
                           self.const(np.asarray(0, np.int64)))
        else:
            name = self._polynomial(d)
        self._sizes[d] = name
        return name

    def _polynomial(self, d: Dim) -> str:
        total = None
        for monomial, coeff in d.terms:
            value = self.const(np.asarray(coeff, np.int64))
            for atom in monomial:
                value = self.op("Mul", value, self._atom(atom))
            total = value if total is None else self.op("Add", total, value)
        return total  # type: ignore[return-value]

    def _atom(self, atom: Any) -> str:
        if isinstance(atom, str):
            return self.size(Dim.named(atom))
        op, inner, k = atom
        onnx_op = {"//": "Div", "%": "Mod", "min": "Min", "max": "Max"}[op]
        return self.op(onnx_op, self.size(inner), self.const(np.asarray(k, np.int64)))

    def shape(self, dims: Any) -> str:
        """A 1-D int64 shape value: a constant, or computed where a size is symbolic."""
        if all(type(d) is int for d in dims):
            return self.const(np.asarray(dims, np.int64).reshape(-1))
        axes = self.const(np.asarray([0], np.int64))
        return self.op("Concat", *[self.op("Unsqueeze", self.size(d), axes) for d in dims],
                       axis=0)

    def cast(self, name: str, to: DType) -> str:
        """A Cast; of a Transpose's result, the Transpose of the Cast instead: onnxruntime's
        optimizer (NchwcTransformer, at ORT_ENABLE_ALL, its default) crashes the process while
        it creates a session for Transpose (perm (1, 0, 2) or (1, 2, 0)) -> Cast -> MatMul."""
        transposed = self._transposes.get(name)
        if transposed is not None:
            source, perm = transposed
            return self.op("Transpose", self.op("Cast", source, to=to.onnx), perm=perm)
        return self.op("Cast", name, to=to.onnx)


def _add_value(infos: Any, name: str, elem_type: int, scalar: bool) -> None:
    """A subgraph's input or output: its element type, and its shape when 0-d (else unknown)."""
    tensor = infos.add(name=name).type.tensor_type
    tensor.elem_type = elem_type
    if scalar:
        tensor.shape.SetInParent()


def add_value_info(infos: Any, name: str, t: TensorType) -> None:
    """Append the ValueInfoProto of a tensor to ``infos`` (a graph's inputs or outputs), built
    in place; a complex tensor is declared as its real pairs (``lazyten.ops.paired``)."""
    t = paired(t)
    tensor = infos.add(name=name).type.tensor_type
    tensor.elem_type = t.dtype.onnx
    tensor.shape.SetInParent()  # a known rank, even 0
    for d in t.shape:
        if type(d) is int:
            tensor.shape.dim.add(dim_value=d)
        else:  # a symbolic size: its name, or its expression (``batch*seq``)
            tensor.shape.dim.add(dim_param=str(d).replace(" ", ""))


def _name_result(nodes: Any, start: int, value: str, name: str) -> str:
    """Rename ``value``, if one of the nodes from ``start`` on computes it, to ``name``; returns
    the name the value now has."""
    if len(nodes) == start + 1 and list(nodes[start].output) == [value]:  # the common case
        nodes[start].output[0] = name
        return name
    made = nodes[start:]
    if not any(value in node.output for node in made):
        return value
    for node in made:
        for field in (node.output, node.input):
            if value in field:
                field[:] = [name if v == value else v for v in field]
    return name


def _empty(t: TensorType) -> bool:
    """A result with a zero-size dimension, known before anything runs: it is an empty
    constant. onnxruntime's kernels fail on some of them (MatMul), leave them unwritten, and
    its optimizer drops an Expand to a zero-size dimension as if it changed nothing."""
    return 0 in t.shape


def to_onnx(g: Graph, *, doc: str = "") -> onnx.ModelProto:
    """The ONNX model of ``g``: inputs keep their names, outputs are named ``g.out_names()``."""
    model = onnx.ModelProto(ir_version=IR_VERSION, producer_name="lazyten",
                            producer_version=__version__)
    model.opset_import.add(domain="", version=OPSET)
    graph = model.graph
    graph.name = g.name
    if doc:
        graph.doc_string = doc
    em = OnnxEmitter(graph)
    names: dict[Node, str] = {}
    for n in g.inputs:
        names[n] = n.attrs["name"]
        for axis, d in enumerate(n.shape):
            symbol = name_of(d)
            if symbol is not None:
                em.symbols.setdefault(symbol, (n.attrs["name"], axis))
    out_names = g.out_names()
    wanted: dict[Node, str] = {}  # an output's value takes the output's name where it is made
    for o, name in zip(g.outputs, out_names):
        wanted.setdefault(o, name)
    for pos, n in enumerate(g.nodes):
        em.pos, em.source_op = pos, n.op
        em.doc = f"lazyten %{pos} = {n.op} at {n.loc}" if n.loc else f"lazyten %{pos} = {n.op}"
        wanted_name = wanted.get(n)
        start = len(graph.node) if wanted_name is not None else 0
        if _empty(n.type):  # no kernel sees a zero-size result (see _empty)
            value = em.const(np.zeros(n.shape, n.dtype.np))
        elif involves_complex(n):
            value = lower_pairs(em, n, list(map(names.__getitem__, n.inputs)))
        else:
            value = OPS[n.op].lower(em, n, list(map(names.__getitem__, n.inputs)))
        if wanted_name is not None:
            value = _name_result(graph.node, start, value, wanted_name)
        names[n] = value
    for o, name in zip(g.outputs, out_names):
        if names[o] != name:  # an input, a constant, or a second name for one value
            graph.node.add(op_type="Identity", input=[names[o]], output=[name],
                           name=f"{name}_identity")
    for domain in sorted(em.domains):  # contrib ops: version 1 is onnxruntime's only one
        model.opset_import.add(domain=domain, version=1)
    for n in g.inputs:
        add_value_info(graph.input, n.attrs["name"], n.type)
    for o, name in zip(g.outputs, out_names):
        add_value_info(graph.output, name, o.type)
    return model
