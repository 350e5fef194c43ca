"""The command line: a bad invocation prints one line, exits with 2, and shows no
traceback."""
from __future__ import annotations

import textwrap
from pathlib import Path

import onnx
import pytest
from onnx import TensorProto, helper

from .checks import innermost_library_frame
from .environment import brief


CLI_MODULE = textwrap.dedent("""
    import lazyten as lt

    CONST = 3

    def model(x, w):
        return lt.maximum(x @ w, 0) * 2 + 1

    def bad_shapes(x):
        return x + lt.ones((7,))
""")
ARGS = ["--arg", "x=f32[3,4]", "--arg", "w=f32[4,3]"]


def write_onnx_files(folder: Path) -> None:
    (folder / "garbage.onnx").write_bytes(b"hello world, this is no model")
    (folder / "empty.onnx").write_bytes(b"")
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 2])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 2])
    w = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[2, 2], raw_data=b"\0" * 12)
    graph = helper.make_graph([helper.make_node("Add", ["x", "w"], ["y"])], "g", [x], [y], [w])
    onnx.save(helper.make_model(graph), str(folder / "bad_initializer.onnx"))
    bad_type = helper.make_tensor_value_info("x", 999, [2])
    graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "g", [bad_type],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
    onnx.save(helper.make_model(graph), str(folder / "bad_elem_type.onnx"))


CLI_CASES = [
    ("export-no-module", ["export", "nosuchmodule:f", "-o", "m.onnx"], ["nosuchmodule"]),
    ("export-out-missing-dir", ["export", "mymodel:model", *ARGS, "-o", "no/such/dir/m.onnx"],
     ["no/such/dir"]),
    ("export-out-is-dir", ["export", "mymodel:model", *ARGS, "-o", "."], ["."]),
    ("export-arg-missing", ["export", "mymodel:model", "--arg", "x=f32[3,4]", "-o", "m.onnx"],
     ["w"]),
    ("export-arg-unknown", ["export", "mymodel:model", *ARGS, "--arg", "z=f32[1]", "-o",
                            "m.onnx"], ["z"]),
    ("export-arg-bad-dtype", ["export", "mymodel:model", "--arg", "x=foo[3,4]", "--arg",
                              "w=f32[4,3]", "-o", "m.onnx"], ["foo"]),
    ("export-arg-no-equals", ["export", "mymodel:model", "--arg", "x", "-o", "m.onnx"], ["x"]),
    ("export-arg-unclosed", ["export", "mymodel:model", "--arg", "x=f32[3,4", "--arg",
                             "w=f32[4,3]", "-o", "m.onnx"], ["f32[3,4"]),
    ("export-arg-negative-dim", ["export", "mymodel:model", "--arg", "x=f32[3,4]", "--arg",
                                 "w=f32[4,-3]", "-o", "m.onnx"], ["-3"]),
    ("export-arg-float-dim", ["export", "mymodel:model", "--arg", "x=f32[3,4]", "--arg",
                              "w=f32[4,2.5]", "-o", "m.onnx"], ["2.5"]),
    ("export-arg-shapes", ["export", "mymodel:model", "--arg", "x=f32[3,5]", "--arg",
                           "w=f32[4,3]", "-o", "m.onnx"], ["(3, 5)", "(4, 3)"]),
    ("export-not-callable", ["export", "mymodel:CONST", "-o", "m.onnx"], ["CONST"]),
    ("export-shape-error", ["export", "mymodel:bad_shapes", "--arg", "x=f32[3]", "-o",
                            "m.onnx"], ["(3,)", "(7,)"]),
    ("export-syntax-error", ["export", "broken:f", "-o", "m.onnx"], ["broken"]),
    ("export-import-raises", ["export", "raises:f", "-o", "m.onnx"], ["boom"]),
    ("export-no-target", ["export", "mymodel", "-o", "m.onnx"], ["MODULE:FUNC"]),
    ("dump-after-unknown", ["dump", "mymodel:model", *ARGS, "--after", "nope"], ["nope"]),
    ("inspect-missing", ["inspect", "missing.onnx"], ["missing.onnx"]),
    ("inspect-garbage", ["inspect", "garbage.onnx"], ["garbage.onnx"]),
    ("inspect-directory", ["inspect", "."], ["."]),
    ("inspect-empty", ["inspect", "empty.onnx"], ["empty.onnx"]),
    ("inspect-bad-initializer", ["inspect", "bad_initializer.onnx"], ["w"]),
    ("inspect-bad-elem-type", ["inspect", "bad_elem_type.onnx"], ["999"]),
]


def cli_problems(argv: list[str], words: list[str], capsys: pytest.CaptureFixture) -> list[str]:
    """Everything wrong with ``lazyten *argv`` (run in this process: an exception out of
    ``main`` is what the installed command prints as a traceback)."""
    from lazyten.cli import main
    problems = []
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        code = exc.code
    except BaseException as exc:  # noqa: BLE001
        if isinstance(exc, KeyboardInterrupt):
            raise
        problems.append(f"the command prints a traceback: {brief(exc)} from "
                        f"{innermost_library_frame(exc)}")
        code = None
    err = capsys.readouterr().err.strip()
    if code is not None:
        if code in (0, None):
            problems.append(f"exit status {code}, not an error")
        lines = err.splitlines()
        if len(lines) != 1:
            problems.append(f"stderr has {len(lines)} lines, not one: {err[:200]!r}")
        if "Traceback" in err:
            problems.append("stderr shows a traceback")
        problems += [f"stderr {err[:160]!r} does not name {w!r}" for w in words
                     if w not in err]
    return problems
