"""``@lt.compile``: trace a function once per input signature, optimize, export, run.

API facade layer: imports the core, the passes and the runtime. Each call computes a signature
(tree structure, shapes, dtypes, values of static arguments); a new signature traces the
function with placeholder arrays, runs the pass pipeline, exports ONNX and builds one
onnxruntime session; a known one only feeds the session. Arguments the function mutates become
extra outputs, written back into the caller's arrays after the run.
"""
from __future__ import annotations

import inspect
import logging
import threading
import time
import types
import weakref
from collections import OrderedDict
from typing import Any, Callable, Sequence

import numpy as np

from . import config
from . import dtypes as D
from .array import Array, as_array
from .backend import get_backend
from .boundary import user_facing
from .errors import ArgumentError, TraceError, ValueArgumentError
from .ir import Graph, Node, TensorType, topo_order
from .device import CPU, Device, resolve
from .lazy import (CONFIG, STATE, Storage, data_node,
                   realize_nodes, to_numpy)
from .lowered import Entry, Lowered, warn_once, write_dump, write_model
from .pytree import flatten, unflatten
from .reuse import held_only_by
from .signature import (ArgSpec, describe_key, diff, input_name, is_leaf,
                        leaf_signature, matches, output_names, shared_memory, symbolic)
from .source import call_user
from .trace import TraceContext

log = logging.getLogger("lazyten")
_COMPILED: "weakref.WeakSet[Compiled]" = weakref.WeakSet()


def _names(static_argnames: Any) -> tuple[str, ...]:
    """Parameter names: a sequence of strings, or one string (one name, as in JAX)."""
    names = (static_argnames,) if isinstance(static_argnames, str) else static_argnames
    if not isinstance(names, (tuple, list)) or not all(isinstance(n, str) for n in names):
        raise ArgumentError(f"compile: static_argnames must be a sequence of parameter names, "
                            f"got {static_argnames!r}")
    return tuple(names)


def _numbered(static_argnums: Any, signature: inspect.Signature) -> tuple[str, ...]:
    """The names of the positional parameters at JAX's ``static_argnums`` (negative counts
    from the end)."""
    numbers = (static_argnums,) if isinstance(static_argnums, int) else static_argnums
    if not isinstance(numbers, (tuple, list)) or not all(
            isinstance(k, int) and not isinstance(k, bool) for k in numbers):
        raise ArgumentError(f"compile: static_argnums must be an int or a sequence of ints, "
                            f"got {static_argnums!r}")
    positional = [p.name for p in signature.parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    bad = [k for k in numbers if not -len(positional) <= k < len(positional)]
    if bad:
        raise ArgumentError(f"compile: static_argnums {bad} out of range for the "
                            f"{len(positional)} positional parameters {positional}")
    return tuple(positional[k] for k in numbers)


def _pipeline(passes: Any) -> list | None:
    """None (the default pipeline), or a list of pass names and (name, function) pairs."""
    if passes is None:
        return None
    from .passes import REGISTRY
    if not isinstance(passes, (tuple, list)):
        raise ArgumentError(f"compile: passes must be a list of pass names, got {passes!r}")
    for entry in passes:
        if isinstance(entry, str):
            if entry not in REGISTRY:
                raise ArgumentError(f"compile: unknown pass {entry!r} (known passes: "
                                    f"{', '.join(sorted(REGISTRY))})")
        elif not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], str)
                  and callable(entry[1])):
            raise ArgumentError(f"compile: passes holds pass names and (name, function) "
                                f"pairs, got {entry!r}")
    return list(passes)


class Compiled:
    """A compiled function; call it like the original."""

    def __init__(self, fn: Callable, static_argnames: Sequence[str] = (), device: Any = "cpu",
                 passes: Any = None, *, static_argnums: int | Sequence[int] = ()) -> None:
        if not callable(fn):
            raise ArgumentError(f"compile: the function to compile must be callable, got {fn!r}")
        self.fn = fn
        self.__name__ = getattr(fn, "__name__", "fn")
        self.__doc__ = fn.__doc__
        self.__wrapped__ = fn
        try:  # as written: a functools.wraps wrapper takes its own parameters, not the wrapped
            self.signature = inspect.signature(fn, follow_wrapped=False)
        except (TypeError, ValueError) as exc:
            raise ArgumentError(f"compile: cannot read the parameters of {fn!r}: {exc}") \
                from None
        self.static_argnames = _names(static_argnames) + _numbered(static_argnums,
                                                                     self.signature)
        unknown = [n for n in self.static_argnames if n not in self.signature.parameters]
        if unknown:
            raise ArgumentError(f"static_argnames {unknown} are not parameters of "
                                f"{self.__name__}{self.signature}")
        self.device = resolve(device)
        self.passes = _pipeline(passes)
        params = list(self.signature.parameters.values())
        simple = not self.static_argnames and all(
            p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
        self._positional = [p.name for p in params] if simple else None
        self._positional_tree = ("dict", tuple(p.name for p in params), ("*",) * len(params))
        self._cache: OrderedDict[tuple, Entry] = OrderedDict()
        self._methods: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        # (signature, entry) of the last plain call: a repeated call skips the cache lookup
        self._last_plain: tuple[tuple, Entry] | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        _COMPILED.add(self)

    # -- signatures -------------------------------------------------------------------------

    def _split(self, args: tuple, kwargs: dict) -> tuple[list, Any, list[str], tuple]:
        """Dynamic leaves, their tree (with static values), leaf names, and the static key."""
        try:
            bound = self.signature.bind(*args, **kwargs)
        except TypeError as exc:
            raise ArgumentError(f"{self.__name__}{self.signature}: {exc}") from None
        # parameters left to their defaults are not arguments: the body reads the default as a
        # Python constant, as in jax.jit and jax.export (not an input of the graph)
        dynamic, static = {}, []
        for name, value in bound.arguments.items():
            if name in self.static_argnames:
                try:
                    hash(value)
                except TypeError:
                    raise ArgumentError(f"static argument {name!r} must be hashable, got "
                                        f"{type(value).__name__}") from None
                static.append((name, value))
            else:
                dynamic[name] = value
        leaves, tree, paths = flatten(dynamic, is_leaf)
        return leaves, tree, paths, tuple(static)

    def _positional_signature(self, args: tuple, feeds: list | None = None) -> tuple | None:
        """The signature of the common call, arrays passed positionally with nothing static:
        without binding the arguments to the parameters (a hot path). None for any other.
        With ``feeds`` (the fast call), also collects what each argument feeds the session as
        it is, and gives None for one that cannot be fed so (a strided array, a view, a
        pending or shared array, a spec)."""
        if self._positional is None or len(args) != len(self._positional):
            return None
        sigs = []
        numpy_dtypes = D.NUMPY_TO_DTYPE
        for x in args:
            kind = type(x)
            if kind is Array:
                t = x._type
                sigs.append(("a", t.dtype, t.shape))
                if feeds is not None:
                    storage = x._storage
                    payload = storage.node.payload
                    if x._view or storage.shared is not None or type(payload) is not np.ndarray:
                        return None
                    feeds.append(payload)
            elif kind is np.ndarray and (dtype := numpy_dtypes.get(x.dtype)) is not None:
                sigs.append(("a", dtype, x.shape))
                if feeds is not None:
                    if not x.flags.c_contiguous:
                        return None
                    feeds.append(x)
            elif kind is ArgSpec and feeds is None:
                sigs.append(("a", x.dtype, x.shape))
            else:
                return None
        return tuple(sigs)

    def _key(self, args: tuple, kwargs: dict) -> tuple[tuple, list, list[str], dict]:
        """The signature (tree, leaf signatures, static values, and how leaves share memory
        when they do), the dynamic leaves, their names, and the static arguments."""
        sigs = None if kwargs else self._positional_signature(args)
        if sigs is not None:
            leaves, tree, paths, static = list(args), self._positional_tree, self._positional, ()
        else:
            leaves, tree, paths, static = self._split(args, kwargs)
            sigs = tuple(leaf_signature(x) for x in leaves)
        aliasing = shared_memory(leaves)
        key = (tree, sigs, static) if aliasing is None else (tree, sigs, static, aliasing)
        return key, leaves, paths, dict(static)

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        """``@lt.compile`` on a method: bound to ``obj``, which the body reads as a constant
        (attributes are captured at trace time, as closed-over values are), one compiled
        function per instance."""
        if obj is None:
            return self
        try:
            bound = self._methods.get(obj)
        except TypeError:  # an unhashable or weakly unreferenceable instance: no reuse
            bound = None
        if bound is None:
            bound = Compiled(types.MethodType(self.fn, obj), self.static_argnames,
                             self.device, self.passes)
            try:
                self._methods[obj] = bound
            except TypeError:
                pass
        return bound

    def __repr__(self) -> str:
        cached = "; ".join(describe_key(key, None) for key in self._cache)
        return (f"<lt.compile {self.__name__}{self.signature} on {self.device}: "
                f"{len(self._cache)} cached signature{'' if len(self._cache) == 1 else 's'}"
                f"{' ' + cached if cached else ''}>")

    # -- calling ----------------------------------------------------------------------------

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        trace = STATE.trace
        if trace is not None:  # called from a function being traced: inline it, as jax.jit
            return self._inline(trace, args, kwargs)
        if not kwargs and self.device is CPU:
            fast = self._plain_call(args)
            if fast is not None:
                return fast
        return self._call(args, kwargs)

    __call__ = user_facing(__call__, "Compiled.__call__", records_caller=False)

    def _inline(self, trace: TraceContext, args: tuple, kwargs: dict) -> Any:
        """Record this function's ops into the trace that calls it. A function calling itself
        while it is traced would record forever: that is a TraceError."""
        if self in trace.functions:
            raise TraceError(f"{self.__name__} calls itself while it is being traced "
                             f"(through {' -> '.join(f.__name__ for f in trace.functions)}); "
                             "compiled functions cannot recurse: write the recursion as a "
                             "Python loop, or recurse in a plain function")
        trace.functions.append(self)
        try:
            return call_user(self.fn, *args, **kwargs)
        finally:
            trace.functions.pop()

    def _plain_call(self, args: tuple) -> Any:
        """The hot path: CPU, positional contiguous NumPy arrays or computed arrays, a cached
        signature with no argument updates and no symbolic sizes. None when any of that does
        not hold (the general path then takes the call)."""
        feeds: list = []
        signature = self._positional_signature(args, feeds)
        if signature is None:
            return None
        last = self._last_plain
        if last is not None and last[0] == signature:  # called as last time: already most recent
            entry = last[1]
        else:
            key = (self._positional_tree, signature, ())
            entry = self._cache.get(key)
            if entry is None or entry.mutations or entry.symbolic:
                return None
            self._cache.move_to_end(key)
            self._last_plain = (signature, entry)
        self.hits += 1
        return entry.arrays(entry.executable(feeds), entry.types, None)

    def _call(self, args: tuple, kwargs: dict) -> Any:
        key, leaves, paths, static = self._key(args, kwargs)
        entry = self._lookup(key, paths, static)
        device = self.device
        if entry.input_leaves is None:
            inputs, sigs = leaves, key[1]
        else:  # arguments that share memory are one input: the memory they view
            inputs = [_whole(leaves[k]) for k in entry.input_leaves]
            sigs = [key[1][k] for k in entry.input_leaves]
        if entry.mutations:
            _check_writes(self.__name__, inputs, entry.mutations, paths)
        feeds = [_feed(x, sig, device) for x, sig in zip(inputs, sigs)]
        reuse = {out: (k, feeds[k]) for k, out in entry.mutations
                 if _writable_in_place(inputs[k], feeds[k], device)} \
            if entry.mutations else None
        results = entry.executable(feeds, reuse) if reuse else entry.executable(feeds)
        out_device = None if device is CPU else device
        types = entry.out_types(results) if entry.symbolic else entry.types
        for k, out_index in entry.mutations:
            if results[out_index] is not feeds[k]:  # else updated in place already
                _write_back(inputs[k], results[out_index], types[out_index], out_device)
        return entry.arrays(results, types, out_device)

    def _lookup(self, key: tuple, paths: list[str], static: dict) -> Entry:
        self._last_plain = None  # another signature becomes the most recent one
        entry = self._cache.get(key)
        if entry is not None:
            self.hits += 1
            self._cache.move_to_end(key)
            return entry
        for cached_key, cached in list(self._cache.items()):  # a symbolic trace may serve it
            if cached.symbolic_inputs and cached_key[0] == key[0] and \
                    cached_key[2:] == key[2:] and matches(cached_key[1], key[1]):
                self.hits += 1
                return cached
        with self._lock:
            entry = self._cache.get(key)
            if entry is None:
                self._log_retrace(key, paths)
                entry = self._build(key, paths, static)
                self.misses += 1
                self._cache[key] = entry
                while len(self._cache) > CONFIG.cache_size:
                    self._cache.popitem(last=False)
        return entry

    def _log_retrace(self, key: tuple, paths: list[str]) -> None:
        if not log.isEnabledFor(logging.INFO):
            return
        if not self._cache:
            log.info("tracing %s for %s", self.__name__, describe_key(key, paths))
            return
        last = next(reversed(self._cache))
        log.info("retracing %s: %s", self.__name__, diff(last, key, paths))

    def _build(self, key: tuple, paths: list[str], static: dict) -> Entry:
        start = time.perf_counter()
        traced, out_tree, n_results, mutations, input_leaves = self._trace(key, paths, static)
        traced_at = time.perf_counter()
        stats: list = []
        stages: list[tuple[str, Graph]] = []
        executable = get_backend().compile(traced, self.device, passes=self.passes, stats=stats,
                                           dump=lambda name, g: stages.append((name, g)))
        entry = Entry(traced, executable.graph, executable, out_tree, n_results, mutations,
                      stats, stages, input_leaves)
        entry.timings = {"trace": traced_at - start, **executable.timings}
        if log.isEnabledFor(logging.DEBUG):
            log.debug("compiled %s in %.1f ms (%s)", self.__name__,
                      (time.perf_counter() - start) * 1e3,
                      ", ".join(f"{k} {v * 1e3:.1f} ms" for k, v in entry.timings.items()))
        if config.DUMP_DIR:
            try:
                write_dump(config.DUMP_DIR, self.__name__, describe_key(key, paths), entry)
            except OSError as exc:  # dumps are a diagnostic: the call itself goes on
                warn_once(f"lazyten: cannot write the LAZYTEN_DUMP folder "
                           f"{config.DUMP_DIR!r} ({exc.strerror or exc}); compiled functions "
                           "run without dumps")
        return entry

    def _trace(self, key: tuple, paths: list[str], static: dict
               ) -> tuple[Graph, Any, int, list[tuple[int, int]], list[int] | None]:
        tree, sigs, _ = key[:3]
        aliasing = key[3] if len(key) > 3 else None
        with TraceContext(self.__name__) as ctx:
            ctx.functions.append(self)
            inputs: list[Node] = []
            storages: list[Storage] = []
            input_leaves: list[int] = []
            arrays = []
            for k, (path, sig) in enumerate(zip(paths, sigs)):
                dtype, shape = (sig[1], symbolic(sig[2])) if sig[0] == "a" else (sig[1], ())
                alias = aliasing[k] if aliasing is not None else None
                if alias is not None and alias[0] != k:  # memory an earlier argument brought
                    storage = storages[input_leaves.index(alias[0])]
                else:
                    base = TensorType(dtype, shape) if alias is None else alias[1]
                    node = Node("input", (), {"name": input_name(path)}, base)
                    storage = Storage(node)
                    inputs.append(node)
                    storages.append(storage)
                    input_leaves.append(k)
                arr = Array(storage, alias[2] if alias is not None else (),
                            TensorType(dtype, shape))
                arr._weak = sig[0] == "s"
                arrays.append(arr)
            if tree == self._positional_tree and self._positional is not None:
                result = call_user(self.fn, *arrays)  # every parameter: a positional array
            else:
                kwargs = unflatten(tree, arrays)
                kwargs.update(static)
                bound = self.signature.bind_partial()
                bound.arguments.update({n: kwargs[n] for n in self.signature.parameters
                                        if n in kwargs})
                result = call_user(self.fn, *bound.args, **bound.kwargs)
            out_leaves, out_tree, out_paths = flatten(result, is_leaf)
            outputs: list[Node] = [as_array(x)._node() for x in out_leaves]
            names = output_names(out_paths, {n.attrs["name"] for n in inputs})
            mutations = []
            for k, (storage, node) in enumerate(zip(storages, inputs)):
                if storage.node is not node:
                    mutations.append((k, len(outputs)))
                    outputs.append(storage.node)
                    names.append(f"{node.attrs['name']}_updated")
        known = set(ctx.recorded)
        known.update(inputs)
        stray = [i for n in ctx.recorded for i in n.inputs if i not in known]
        stray += [o for o in outputs if o not in known]
        unrecorded = [n for n in topo_order(stray, known.__contains__) if n not in known]
        escaped = [n for n in unrecorded if n.op == "input"]
        if escaped:
            raise TraceError(f"{self.__name__} uses an array computed inside another trace "
                             f"(from its argument {escaped[0].attrs['name']!r}) that escaped "
                             "it; return values from compiled functions instead of keeping "
                             "them in globals, closures or attributes")
        nodes = unrecorded + list(ctx.recorded)
        graph = Graph(tuple(inputs), tuple(nodes), tuple(outputs), self.__name__, tuple(names))
        return graph, out_tree, len(outputs) - len(mutations), mutations, \
            (input_leaves if aliasing is not None else None)

    # -- inspection -------------------------------------------------------------------------

    def lower(self, *args: Any, **kwargs: Any) -> "Lowered":
        """Trace and optimize for these arguments (arrays, NumPy arrays or ``lt.spec``s)."""
        key, _, paths, static = self._key(args, kwargs)
        return Lowered(self._lookup(key, paths, static), self.fn)

    def cache_info(self) -> dict[str, Any]:
        return {"hits": self.hits, "misses": self.misses, "size": len(self._cache),
                "signatures": [describe_key(k, None) for k in self._cache]}

    def clear_cache(self) -> None:
        self._last_plain = None
        self._cache.clear()


def _whole(x: Any) -> Any:
    """The whole memory an argument views (lazyten views; NumPy arrays are fed as they are)."""
    return Array(x._storage) if isinstance(x, Array) and x._view else x


def _check_writes(name: str, inputs: list, mutations: list[tuple[int, int]],
                  paths: list[str]) -> None:
    """Refuse, before running, a call whose function writes a read-only NumPy array, or one
    of distinct NumPy arrays that overlap in memory (they cannot be traced as one, and the
    answer would differ from eager code's)."""
    arrays = [(k, x) for k, x in enumerate(inputs) if isinstance(x, np.ndarray)]
    for k, _ in mutations:
        target = inputs[k]
        if not isinstance(target, np.ndarray):
            continue
        if not target.flags.writeable:
            raise ValueArgumentError(f"{name} writes its argument {paths[k]!r}, a read-only "
                                     "NumPy array; pass a writable copy (np.array(x))")
        for j, other in arrays:
            if j != k and other is not target and np.may_share_memory(target, other):
                raise ArgumentError(
                    f"{name} writes its argument {paths[k]!r}, which overlaps the memory of "
                    f"argument {paths[j]!r} (two different NumPy views of one array); pass "
                    "the whole array once and index it inside the function")


def _feed(x: Any, sig: tuple, device: Device) -> Any:
    if isinstance(x, Array):
        node = x._node()
        if node.op == "data" and device is CPU and type(node.payload) is np.ndarray:
            return node.payload
        if device is not CPU and x.device is device:  # already in device memory: bind as is
            realize_nodes([node])
            return node.payload
        return to_numpy(node)
    if isinstance(x, np.ndarray):
        return x if x.flags.c_contiguous else np.ascontiguousarray(x)
    if isinstance(x, ArgSpec):
        raise ArgumentError("lt.spec arguments describe inputs for lower()/export(); "
                            "call the function with arrays")
    return np.asarray(x, sig[1].np)


def _writable_in_place(target: Any, feed: Any, device: Device) -> bool:
    """The caller's buffer of a mutated argument may receive the update directly: a NumPy
    array (as eager code would write it), or a lazyten array's own computed buffer that no
    view, NumPy or pending work can see."""
    if isinstance(target, np.ndarray):
        return device is CPU and feed is target
    if not isinstance(target, Array) or target._view or target._storage.shared is not None:
        return False
    node = target._storage.node
    # references: the storage and the name `node`
    return node.op == "data" and node.payload is feed and held_only_by(node, 2)


def _write_back(target: Any, value: Any, t: TensorType, device: Any) -> None:
    """An argument the function mutated: update the caller's array in place (same id)."""
    if isinstance(target, Array):
        if target.device is not (device or CPU):
            value = get_backend().transfer(get_backend().to_numpy(value), target.device) \
                if target.device is not CPU else get_backend().to_numpy(value)
        target._write(data_node(value, t, device=None if target.device is CPU else
                                target.device))
    elif isinstance(target, np.ndarray):
        np.copyto(target, get_backend().to_numpy(value))


def compile(fn: Callable | None = None, *, static_argnames: Sequence[str] = (),
            static_argnums: int | Sequence[int] = (), device: Any = "cpu",
            passes: Any = None) -> Any:
    """Compile ``fn`` into one optimized onnxruntime session per input signature, like
    ``jax.jit`` or ``tf.function``: ``@lt.compile``, ``@lt.compile(static_argnames=("n",))``
    or ``lt.compile(fn, ...)``.

    The first call with a new signature (the structure of the arguments, each array's shape
    and dtype, the values of static arguments, which arguments share memory) traces ``fn``
    with symbolic arrays, runs the pass pipeline and creates a session; later calls with that
    signature only run it. Arguments are lazyten or NumPy arrays and Python scalars, nested in
    tuples, lists, dicts, NamedTuples and dataclasses; results come back in the same
    structure. Arguments the body writes into are updated after the call, as eager code would.

    - ``static_argnames``: parameters passed as Python values (hashable); each value traces
      anew, and the body may branch on them. ``static_argnums``: the same by position, as in
      JAX.
    - ``device``: ``"cpu"`` or ``"cuda[:N]"``, where the session runs.
    - ``passes``: the pass pipeline, a list of pass names and ``(name, function)`` pairs
      (default: every pass, see ``lazyten.passes.REGISTRY``).

    ``f.lower(*args)`` gives the traced and optimized graphs, dumps, statistics, timings and
    the ONNX model of one signature; ``lt.export``/``lt.save`` write the model.

    >>> @lt.compile
    ... def step(w, x, lr=0.5):
    ...     return w - lr * (x.T @ (x @ w))
    >>> w = step(lt.ones((3, 1)), lt.ones((4, 3)))   # traced once, then reused
    >>> w.T
    lazyten.Array([[-5., -5., -5.]], dtype=float32)
    >>> print(step)  # lr keeps its default: a constant in the trace, as in jax.jit
    <lt.compile step(w, x, lr=0.5) on cpu: 1 cached signature (f32[3,1], f32[4,3])>
    """
    if fn is None:
        return lambda f: Compiled(f, static_argnames, device, passes,
                                  static_argnums=static_argnums)
    return Compiled(fn, static_argnames, device, passes, static_argnums=static_argnums)


def export(fn: Callable, *args: Any, opset: int | None = None, **kwargs: Any) -> Any:
    """The ONNX model of ``fn`` for these specs or example arguments (runs without lazyten),
    at ``opset`` 17 to 21 (default 21, the newest whose every kernel lazyten uses onnxruntime
    has). ONNX runtimes have no complex tensors: a complex input or output of the model is a
    real tensor with a trailing axis of 2 (real, imaginary), ``z.view(z.real.dtype)
    .reshape(z.shape + (2,))`` of a complex ndarray ``z``.

    >>> model = lt.export(lambda x: x * 2.0, lt.ones(3), opset=18)
    >>> [node.op_type for node in model.graph.node], model.opset_import[0].version
    (['Mul'], 18)
    """
    from .runtime import OPSET, for_opset
    if opset is not None and (not isinstance(opset, int) or isinstance(opset, bool)):
        raise ArgumentError(f"export: opset must be an int, got {opset!r}")
    compiled = fn if isinstance(fn, Compiled) else Compiled(fn)
    model = compiled.lower(*args, **kwargs).onnx
    return model if opset is None or opset == OPSET else for_opset(model, opset)


def save(fn: Callable, path: str, *args: Any, external_data: bool | None = None,
         **kwargs: Any) -> None:
    """Write ``export(fn, *args)`` to ``path``. ``external_data=True`` writes the weights to
    ``path + ".data"`` beside it; by default that happens only past protobuf's 2 GB limit.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "double.onnx")
    >>> lt.save(lambda x: x * 2.0, path, lt.ones(3)); os.path.exists(path)
    True
    """
    write_model(export(fn, *args, **kwargs), path, "save", external_data)


def clear_compiled_caches() -> None:
    for c in list(_COMPILED):
        c.clear_cache()

