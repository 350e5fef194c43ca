"""The ``lazyten`` command: demo, export, dump, inspect, ops."""
from __future__ import annotations

import argparse
import importlib
import sys
from importlib import util
from typing import Any, Sequence


class CliError(Exception):
    """A user error reported as one line with a non-zero exit."""


def _load(target: str) -> Any:
    """``MODULE:FUNC`` (a module on the path or in the current folder) or ``FILE.py:FUNC``."""
    module_name, sep, attr = target.rpartition(":")
    if not sep or not attr or not module_name:
        raise CliError(f"expected MODULE:FUNC or FILE.py:FUNC, got {target!r}")
    sys.path.insert(0, ".")
    try:
        module = _import(module_name)
    except CliError:
        raise
    except Exception as exc:  # a missing module, a SyntaxError, whatever its code raised
        raise CliError(f"cannot import module {module_name!r}: {type(exc).__name__}: "
                       f"{_first_line(exc)}") from None
    try:
        fn = getattr(module, attr)
    except AttributeError:
        raise CliError(f"module {module_name!r} has no attribute {attr!r}") from None
    if not callable(fn):
        raise CliError(f"{target!r} is not a function, got {type(fn).__name__} {fn!r}")
    return fn


def _import(name: str) -> Any:
    """A module by name, or by the path of its file (its folder joins the import path, so it
    imports its neighbours as it would when run)."""
    import os
    if not name.endswith(".py"):
        return importlib.import_module(name)
    if not os.path.isfile(name):
        raise CliError(f"no file {name!r}")
    folder, base = os.path.split(os.path.abspath(name))
    sys.path.insert(0, folder)
    spec = util.spec_from_file_location(base[:-3], name)
    module = util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[spec.name] = module  # type: ignore[union-attr]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0]


def _specs(args: Sequence[str]) -> dict[str, Any]:
    from .signature import parse_spec
    out = {}
    for item in args:
        name, sep, text = item.partition("=")
        if not sep:
            raise CliError(f"bad --arg {item!r}: expected NAME=SPEC, e.g. x=f32[N,4]")
        try:
            out[name] = parse_spec(text)
        except Exception as exc:
            raise CliError(f"bad --arg {item!r}: {exc}") from None
    return out


def _lowered(ns: argparse.Namespace) -> Any:
    import lazyten as lt
    fn = _load(ns.target)
    compiled = fn if isinstance(fn, lt.Compiled) else lt.compile(fn)
    return compiled.lower(**_specs(ns.arg))


def _model(ns: argparse.Namespace, lowered: Any) -> Any:
    """The lowered function's ONNX model at ``--opset``."""
    if ns.opset is None:
        return lowered.onnx
    from .runtime import for_opset
    return for_opset(lowered.onnx, ns.opset)


def cmd_export(ns: argparse.Namespace) -> None:
    from .lowered import write_model
    write_model(_model(ns, _lowered(ns)), ns.output, "export",
                True if ns.external_data else None)
    print(f"wrote {ns.output}")


def cmd_dump(ns: argparse.Namespace) -> None:
    lowered = _lowered(ns)
    if ns.format == "onnx":
        import onnx
        text = onnx.printer.to_text(_model(ns, lowered))
    elif ns.format in ("dot", "svg"):
        source = lowered.dot()
        text = source if ns.format == "dot" else _render_svg(source)
    elif ns.all:
        text = "\n".join(f"{'# -- traced --' if name == 'traced' else f'# -- after {name} --'}"
                         f"\n{lowered.dump(after=name)}" for name in lowered.stage_names())
    else:
        text = lowered.dump(after=ns.after)
    if ns.output is None:
        print(text)
        return
    try:
        with open(ns.output, "w") as fh:
            fh.write(text + "\n")
    except OSError as exc:
        raise CliError(f"cannot write {ns.output!r}: {exc.strerror or exc}") from None
    print(f"wrote {ns.output}")


def _render_svg(source: str) -> str:
    import shutil
    import subprocess
    dot = shutil.which("dot")
    if dot is None:
        raise CliError("--format svg needs Graphviz's `dot` program: install it "
                       "(apt-get install graphviz, brew install graphviz) or use --format dot")
    return subprocess.run([dot, "-Tsvg"], input=source, capture_output=True, text=True,
                          check=True).stdout


def cmd_inspect(ns: argparse.Namespace) -> None:
    import collections

    import numpy as np
    import onnx
    from onnx import numpy_helper
    try:
        model = onnx.load(ns.model)
        onnx.checker.check_model(model)
    except Exception as exc:
        raise CliError(f"cannot read ONNX model {ns.model!r}: {_first_line(exc)}") from None

    def fmt(vi: Any) -> str:
        t = vi.type.tensor_type
        if t.elem_type not in onnx.TensorProto.DataType.values():
            raise CliError(f"cannot read ONNX model {ns.model!r}: {vi.name!r} has the unknown "
                           f"element type {t.elem_type}")
        dims = [d.dim_param or str(d.dim_value) for d in t.shape.dim]
        return f"{vi.name}: {onnx.TensorProto.DataType.Name(t.elem_type).lower()}[{','.join(dims)}]"

    inputs = "\n".join("  " + fmt(v) for v in model.graph.input)  # fails before printing
    outputs = "\n".join("  " + fmt(v) for v in model.graph.output)
    opsets = ", ".join(f"{o.domain or 'ai.onnx'}:{o.version}" for o in model.opset_import)
    print(f"model: {ns.model}  (ir_version {model.ir_version}, opset {opsets}, "
          f"producer {model.producer_name} {model.producer_version})")
    print("inputs:\n" + inputs)
    print("outputs:\n" + outputs)
    hist = collections.Counter(n.op_type for n in model.graph.node)
    print(f"nodes: {sum(hist.values())}")
    for op, count in hist.most_common():
        print(f"  {op:<20} {count}")
    nbytes = sum(numpy_helper.to_array(t).nbytes for t in model.graph.initializer)
    print(f"parameters: {len(model.graph.initializer)} tensors, {nbytes} bytes "
          f"({np.round(nbytes / 1e6, 3)} MB)")


def cmd_ops(ns: argparse.Namespace) -> None:
    """The graph's op names (as dumps print them), each with its one-line meaning."""
    import difflib

    from .ops import OPS
    for name in ns.names:
        if name not in OPS:
            near = difflib.get_close_matches(name, OPS, n=3)
            hint = f" (did you mean {', '.join(near)}?)" if near else ""
            raise CliError(f"no op named {name!r}{hint}; `lazyten ops` lists them all")
    names = ns.names or sorted(OPS)
    width = max(map(len, names))
    for name in names:
        print(f"{name:<{width}}  {OPS[name].doc}")


def cmd_demo(ns: argparse.Namespace) -> None:
    from .demo import main
    main()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lazyten", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    target = "MODULE:FUNC or FILE.py:FUNC"
    spec_help = "NAME=SPEC, e.g. x=f32[N,4] or x=float32[batch,4]"
    opsets = [17, 18, 19, 20, 21]
    p = sub.add_parser("export", help="export a function to an .onnx file")
    p.add_argument("target", help=target)
    p.add_argument("--arg", action="append", default=[], help=spec_help)
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--opset", type=int, choices=opsets, help="the ai.onnx opset (default 21)")
    p.add_argument("--external-data", action="store_true",
                   help="weights in OUTPUT.data beside the model (automatic past 2 GB)")
    p.set_defaults(run=cmd_export)
    p = sub.add_parser("dump", help="print the optimized graph of a function")
    p.add_argument("target", help=target)
    p.add_argument("--arg", action="append", default=[], help=spec_help)
    p.add_argument("--after", help="show the graph after this pass ('traced' for the input)")
    p.add_argument("--all", action="store_true", help="show every stage")
    p.add_argument("--format", choices=["text", "dot", "svg", "onnx"], default="text")
    p.add_argument("--opset", type=int, choices=opsets, help="for --format onnx (default 21)")
    p.add_argument("-o", "--output", help="write to this file instead of printing")
    p.set_defaults(run=cmd_dump)
    p = sub.add_parser("inspect", help="summarize an .onnx file")
    p.add_argument("model")
    p.set_defaults(run=cmd_inspect)
    p = sub.add_parser("ops", help="list the graph's ops (as dumps name them) and their meaning")
    p.add_argument("names", nargs="*", help="only these ops")
    p.set_defaults(run=cmd_ops)
    p = sub.add_parser("demo", help="walk through the tutorial operations")
    p.set_defaults(run=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    ns = build_parser().parse_args(argv)
    from .errors import LazytenError
    try:
        ns.run(ns)
    except (CliError, LazytenError) as exc:
        print(f"lazyten {ns.command}: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
