"""What a compiled signature shows of itself (``f.lower(...)``): the traced and optimized
graphs, the ONNX model, per-pass statistics and timings, text dumps (also written to the
``LAZYTEN_DUMP`` folder) and the files it saves."""
from __future__ import annotations

import hashlib
import os
import warnings
from typing import Any

import numpy as np

from .array import Array
from .device import CPU
from .errors import ArgumentError, SaveError
from .dump import dump_graph, stable_names
from .explain import explain
from .ir import NO_ATTRS, Graph, Node, TensorType
from .lazy import Storage
from .memory import resident_growth
from .pytree import unflatten


class Entry:
    """One traced signature: its graphs, session and how to map results back."""

    def __init__(self, traced: Graph, optimized: Graph, executable: Any, out_tree: Any,
                 n_results: int, mutations: list[tuple[int, int]], stats: list,
                 stages: list[tuple[str, Graph]], input_leaves: list[int] | None) -> None:
        self.traced = traced
        self.optimized = optimized
        self.executable = executable
        self.out_tree = out_tree
        self.n_results = n_results
        self.mutations = mutations
        self.stats = stats
        self.stages = stages
        # the argument leaf each graph input stands for (the first of a group of arguments that
        # share memory), or None when every leaf is an input of its own
        self.input_leaves = input_leaves
        self.types = [o.type for o in optimized.outputs]
        self.timings: dict[str, float] = {}
        self.symbolic_inputs = any(n.type.is_symbolic for n in traced.inputs)
        self.symbolic = any(t.is_symbolic for t in self.types)

    def arrays(self, results: list[Any], types: list[TensorType], device: Any) -> Any:
        """The function's results (the leading ``n_results`` values) as new computed arrays,
        built directly as data leaves (a hot path), in the function's result structure."""
        if self.out_tree == "*":  # a single array
            return Array(Storage(Node("data", (), NO_ATTRS, types[0], "", results[0], device)))
        outs = [Array(Storage(Node("data", (), NO_ATTRS, t, "", r, device)))
                for r, t in zip(results[:self.n_results], types)]
        return unflatten(self.out_tree, outs)

    def out_types(self, results: list[Any]) -> list[TensorType]:
        """Output types; with symbolic dimensions, the run's concrete shapes."""
        if not self.symbolic:
            return self.types
        return [TensorType(t.dtype, tuple(_shape_of(r))) for t, r in zip(self.types, results)]


def _shape_of(value: Any) -> tuple:
    shape = value.shape
    return tuple(shape() if callable(shape) else shape)


_WARNED: set[str] = set()


def warn_once(message: str) -> None:
    if message not in _WARNED:
        _WARNED.add(message)
        warnings.warn(message, RuntimeWarning, stacklevel=4)


def write_dump(root: str, name: str, signature: str, entry: Entry) -> str:
    """One folder per compiled signature with a file per stage, and the ONNX text."""
    import os

    import onnx

    tag = hashlib.blake2b(signature.encode(), digest_size=4).hexdigest()
    folder = os.path.join(root, f"{name}-{tag}")
    os.makedirs(folder, exist_ok=True)
    stages = all_stages(entry)
    previous = None
    for k, ((stage, _), text) in enumerate(zip(stages, stage_dumps(stages))):
        note = " (unchanged)" if text == previous else ""
        with open(os.path.join(folder, f"{k:02d}-{stage}.lzir"), "w") as fh:
            fh.write(f"# -- {name}{signature}: {stage}{note} --\n{text}\n")
        previous = text
    with open(os.path.join(folder, f"{len(stages):02d}-onnx.txt"), "w") as fh:
        fh.write(onnx.printer.to_text(model_of(entry)))
    if hasattr(entry.executable, "runtime_model"):  # what onnxruntime runs after its optimizer
        with open(os.path.join(folder, f"{len(stages) + 1:02d}-onnxruntime.txt"), "w") as fh:
            fh.write(runtime_text(entry))
    return folder


def runtime_text(entry: Entry) -> str:
    """ONNX text of the model the backend runs after its own optimizer (onnxruntime's fusions
    and layout changes)."""
    import onnx
    runtime_model = getattr(entry.executable, "runtime_model", None)
    if runtime_model is None:
        raise ArgumentError("this backend runs no ONNX model (LAZYTEN_BACKEND=numpy); the "
                            "'onnxruntime' stage needs the onnxruntime backend")
    return onnx.printer.to_text(runtime_model())


def all_stages(entry: Entry) -> list[tuple[str, Graph]]:
    return entry.stages + [("final", entry.optimized)]


def stage_dumps(stages: list[tuple[str, Graph]]) -> list[str]:
    """The dumps of a pipeline's stages, a value keeping its name while it survives."""
    names = stable_names([g for _, g in stages])
    return [dump_graph(g, names=n) for (_, g), n in zip(stages, names)]


def model_of(entry: Entry) -> Any:
    """The executable's ONNX model, or the optimized graph exported now (a backend that does
    not run ONNX, such as the NumPy reference, has none)."""
    model = getattr(entry.executable, "model", None)
    if model is None:
        from .runtime import to_onnx
        model = entry.executable.model = to_onnx(entry.optimized)
    return model


class Lowered:
    """The result of ``f.lower(...)``: optimized IR, ONNX model, dumps, memory plan."""

    def __init__(self, entry: Entry, fn: Any = None) -> None:
        self._entry = entry
        self._fn = fn  # the compiled Python function, named in the model's metadata

    def __repr__(self) -> str:
        g = self.graph
        inputs = ", ".join(f"{n.attrs['name']}: {n.type}" for n in g.inputs)
        outputs = ", ".join(str(o.type) for o in g.outputs)
        return f"<Lowered {g.name}({inputs}) -> ({outputs}), {len(g.nodes)} nodes>"

    @property
    def graph(self) -> Graph:
        return self._entry.optimized

    @property
    def traced(self) -> Graph:
        return self._entry.traced

    @property
    def onnx(self) -> Any:
        """The ONNX model of the optimized graph (what onnxruntime runs, or would run), with
        the compiled function's qualified name and docstring in its metadata."""
        model = model_of(self._entry)
        if self._fn is not None:
            describe_model(model, self._fn)
        return model

    @property
    def stats(self) -> list:
        return self._entry.stats

    @property
    def memory(self) -> Any:
        return getattr(self.graph, "plan", None)

    def memory_report(self) -> str:
        """The plan's figures (``memory.report()``: lazyten's NumPy reference executor runs
        that plan) beside the measured peak of one real run of this signature on its backend,
        in a new session, on inputs of zeros: how far the process's resident set rose during
        the run (the backend's own buffers, arena and outputs; Linux, CPU only)."""
        plan = self.memory
        executable = self._entry.executable
        outputs = sum(o.type.nbytes for o in self.graph.outputs)
        lines = [plan.report() if plan is not None else "no buffer plan (memory_plan did not run)"]
        if any(n.type.is_symbolic for n in self.graph.inputs):
            lines.append("measured: not run (symbolic input sizes)")
        elif getattr(executable, "device", None) not in (None, CPU):
            lines.append("measured: not run (device memory is not measured)")
        else:
            runner = executable.fresh_runner()
            feeds = [np.empty(n.shape, n.dtype.np) for n in self.graph.inputs]
            for feed in feeds:
                feed.fill(0)  # touched now, so the inputs' pages are not counted as the run's
            grew = resident_growth(lambda: runner(feeds))
            where = ("onnxruntime" if getattr(executable, "session", None) is not None
                     else "the NumPy reference executor")
            lines.append(f"measured: one run on {where} raised the process's peak resident "
                         f"memory by {grew} B (outputs {outputs} B)" if grew is not None else
                         "measured: not available on this platform")
        return "\n".join(lines)

    @property
    def timings(self) -> dict[str, float]:
        """Seconds this signature's first call spent in each stage: trace, passes, export and
        session (onnxruntime's own session creation)."""
        return dict(self._entry.timings)

    def stage_names(self) -> list[str]:
        return [name for name, _ in self._entry.stages]

    def dump(self, after: str | None = None) -> str:
        """Text of the graph after the named pass ('traced' for the input), or the final one.
        A value has the same name in every stage it survives, so two stages' dumps diff.
        ``after="onnxruntime"``: the ONNX text of what onnxruntime runs after its own
        optimizer."""
        if after == "onnxruntime":
            return runtime_text(self._entry)
        stages = all_stages(self._entry)
        wanted = "final" if after is None else after
        for (name, _), text in zip(stages, stage_dumps(stages)):
            if name == wanted:
                return text
        raise ArgumentError(f"no stage named {after!r}; stages: {self.stage_names()}")

    def explain(self) -> str:
        """Per pass, the values it removed (merged, folded, pruned, rewritten, replaced) and
        the ones it added (fused, constant, rewritten, new), each with the source line that
        recorded it; ``unchanged`` for a pass that changed nothing."""
        return explain(all_stages(self._entry))

    def dot(self) -> str:
        from .dot import to_dot
        return to_dot(self.graph)

    def save(self, path: str, *, external_data: bool | None = None) -> None:
        """Write the model to ``path``; ``external_data`` puts the weights in a file beside it
        (``path + ".data"``), by default only past protobuf's 2 GB limit."""
        write_model(self.onnx, path, "Lowered.save", external_data)


def describe_model(model: Any, fn: Any) -> None:
    """The model's documentation: the function's docstring, and its qualified name in the
    metadata (the producer, lazyten and its version, is set by the exporter)."""
    import inspect

    import onnx
    model.doc_string = inspect.getdoc(fn) or ""
    name = f"{getattr(fn, '__module__', None) or ''}.{getattr(fn, '__qualname__', repr(fn))}"
    onnx.helper.set_model_props(model, {"lazyten.function": name.lstrip(".")})


# weights from this many bytes on go to an external file: protobuf refuses messages of 2 GiB
EXTERNAL_DATA_BYTES = 2**31 - 2**26


def write_model(model: Any, path: Any, what: str, external_data: bool | None = None) -> None:
    """Write an ONNX model to a file path (never to a file descriptor an int would name), with
    its weights in ``path + ".data"`` when ``external_data`` (None: when they pass
    ``EXTERNAL_DATA_BYTES``)."""
    import onnx
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentError(f"{what}: path must be a str or os.PathLike, got {path!r}")
    if external_data not in (None, True, False):
        raise ArgumentError(f"{what}: external_data must be True, False or None, got "
                            f"{external_data!r}")
    if external_data is None:
        external_data = sum(len(t.raw_data) for t in model.graph.initializer) >= \
            EXTERNAL_DATA_BYTES
    try:
        if external_data:
            copy = onnx.ModelProto()
            copy.CopyFrom(model)  # saving moves the weights out of the message it is given
            onnx.save_model(copy, path, save_as_external_data=True,
                            all_tensors_to_one_file=True,
                            location=os.path.basename(os.fspath(path)) + ".data",
                            size_threshold=1024)
        else:
            onnx.save(model, path)
    except OSError as exc:
        raise SaveError(f"{what}: cannot write {os.fspath(path)!r}: {exc.strerror or exc}") \
            from None
