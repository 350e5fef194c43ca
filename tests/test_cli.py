"""The ``lazyten`` command: export, dump, inspect, ops, and one-line errors."""
from __future__ import annotations

import shutil
import textwrap

import onnx
import pytest

from helpers import check_model
from lazyten.cli import main

MODULE = textwrap.dedent("""
    import lazyten as lt

    def model(x, w):
        unused = lt.zeros_like(x)
        return lt.maximum(x @ w, 0) * 2 + 1
""")


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    (tmp_path / "mymodel.py").write_text(MODULE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


ARGS = ["mymodel:model", "--arg", "x=f32[N,4]", "--arg", "w=f32[4,3]"]


def test_export_writes_a_valid_model(workdir, capsys):
    assert main(["export", *ARGS, "-o", "m.onnx"]) == 0
    model = check_model(onnx.load(str(workdir / "m.onnx")))
    assert [i.name for i in model.graph.input] == ["x", "w"]
    assert model.graph.input[0].type.tensor_type.shape.dim[0].dim_param == "N"


def test_export_at_an_opset_from_a_file_path_with_long_dtype_names(workdir, capsys):
    (workdir / "sub").mkdir()
    (workdir / "sub" / "net.py").write_text(MODULE + textwrap.dedent("""
        W = lt.ones((4, 300))

        def dense(x):
            return lt.max(x @ W, axis=1)
    """))
    assert main(["export", "sub/net.py:dense", "--arg", "x=float32[batch,4]", "-o", "m.onnx",
                 "--opset", "17", "--external-data"]) == 0
    model = onnx.load(str(workdir / "m.onnx"))
    check_model(model)
    assert model.opset_import[0].version == 17 and (workdir / "m.onnx.data").exists()
    assert model.graph.input[0].type.tensor_type.shape.dim[0].dim_param == "batch"


def test_dump_writes_a_file_and_parses_back(workdir, capsys):
    from lazyten.parse import parse
    assert main(["dump", *ARGS, "-o", "out.lzir"]) == 0
    assert capsys.readouterr().out == "wrote out.lzir\n"
    graph = parse((workdir / "out.lzir").read_text())
    assert str(graph.inputs[0].type) == "f32[N,4]"  # symbolic sizes read back
    assert main(["dump", *ARGS, "--format", "onnx", "--opset", "17", "-o", "m.txt"]) == 0
    assert "opset_import: [\"\" : 17]" in (workdir / "m.txt").read_text()


def test_dump_stages_and_formats(workdir, capsys):
    assert main(["dump", *ARGS]) == 0
    final = capsys.readouterr().out
    assert "matmul" in final and "fill_like" not in final
    assert main(["dump", *ARGS, "--after", "traced"]) == 0
    assert "fill_like" in capsys.readouterr().out
    assert main(["dump", *ARGS, "--all"]) == 0
    assert "# -- traced --" in capsys.readouterr().out
    assert main(["dump", *ARGS, "--format", "dot"]) == 0
    assert capsys.readouterr().out.startswith('digraph "model"')
    assert main(["dump", *ARGS, "--format", "onnx"]) == 0
    assert "MatMul" in capsys.readouterr().out


def test_svg_needs_graphviz(workdir, capsys):
    code = main(["dump", *ARGS, "--format", "svg"])
    if shutil.which("dot"):
        assert code == 0 and "<svg" in capsys.readouterr().out
    else:
        assert code == 2
        assert "install" in capsys.readouterr().err


def test_inspect(workdir, capsys):
    main(["export", *ARGS, "-o", "m.onnx"])
    capsys.readouterr()
    assert main(["inspect", "m.onnx"]) == 0
    out = capsys.readouterr().out
    assert "x: float[N,4]" in out and "MatMul" in out and "opset ai.onnx:21" in out


def test_ops_lists_every_op_with_its_meaning(capsys):
    from lazyten.ops import OPS
    assert main(["ops"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == sorted(OPS)
    assert all(len(line.split(maxsplit=1)) == 2 for line in lines)  # every op has a meaning
    assert main(["ops", "matmul", "where"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("matmul") and OPS["where"].doc in out


@pytest.mark.parametrize("argv, message", [
    (["ops", "matmull"], "did you mean matmul"),
    (["export", "nosuchmodule:f", "-o", "x.onnx"], "cannot import module 'nosuchmodule'"),
    (["export", "mymodel:nothere", "-o", "x.onnx"], "has no attribute 'nothere'"),
    (["export", "mymodel:model", "--arg", "x=f32(3)", "-o", "x.onnx"], "bad --arg"),
    (["export", "mymodel", "-o", "x.onnx"], "expected MODULE:FUNC"),
    (["inspect", "missing.onnx"], "cannot read ONNX model"),
])
def test_errors_are_one_line(workdir, capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1
