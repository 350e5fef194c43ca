"""What model authors control in an export: output names from the result's structure, defaults
as constants, metadata, external data for large weights and the opset; each exported model is
checked in full and run by a plain onnxruntime session."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
import onnxruntime as ort
import pytest

import lazyten as lt
from helpers import check_model

pytestmark = pytest.mark.onnxruntime


def run(model, **feeds):
    session = ort.InferenceSession(check_model(model).SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    return dict(zip(names, session.run(None, feeds)))


class Step(NamedTuple):
    loss: lt.Array
    grad: lt.Array


def test_output_names_come_from_dict_keys_and_namedtuple_fields() -> None:
    x = np.arange(3, dtype=np.float32)
    got = run(lt.export(lambda x: {"loss": x.sum(), "parts": [x * 2, (x,)]}, x), x=x)
    assert list(got) == ["loss", "parts_0", "parts_1_0"]
    np.testing.assert_array_equal(got["parts_0"], x * 2)
    assert list(run(lt.export(lambda x: Step(x.sum(), x * 2), x), x=x)) == ["loss", "grad"]
    assert list(run(lt.export(lambda x: (x, x + 1), x), x=x)) == ["out0", "out1"]
    assert list(run(lt.export(lambda x: {"x": x + 1}, x), x=x)) == ["x_"]  # not the input's


def scale(x, factor=2.0, *, shift=1):
    """Scale and shift."""
    return x * factor + shift


def test_defaults_left_alone_are_constants_and_passed_ones_are_inputs() -> None:
    x = np.arange(3, dtype=np.float32)
    model = lt.export(scale, lt.spec((3,)))
    assert [i.name for i in model.graph.input] == ["x"]
    np.testing.assert_array_equal(run(model, x=x)["out0"], x * 2 + 1)
    model = lt.export(scale, lt.spec((3,)), 3.0)
    assert [i.name for i in model.graph.input] == ["x", "factor"]
    np.testing.assert_array_equal(
        run(model, x=x, factor=np.asarray(5, np.float32))["out0"], x * 5 + 1)
    f = lt.compile(scale)
    np.testing.assert_array_equal(f(x).numpy(), x * 2 + 1)
    np.testing.assert_array_equal(f(x, shift=4).numpy(), x * 2 + 4)


def test_metadata_names_the_producer_the_function_and_its_docstring() -> None:
    model = lt.export(scale, lt.spec((3,)))
    assert model.producer_name == "lazyten" and model.producer_version == lt.__version__
    assert model.doc_string == "Scale and shift."
    props = {p.key: p.value for p in model.metadata_props}
    assert props["lazyten.function"] == "test_export_controls.scale"


def test_external_data_keeps_large_weights_beside_the_model(tmp_path, monkeypatch) -> None:
    weights = np.arange(4096, dtype=np.float32).reshape(64, 64) / 100

    def layer(x):
        return x @ lt.asarray(weights)

    x = np.ones((2, 64), np.float32)
    inline, external = tmp_path / "inline.onnx", tmp_path / "external.onnx"
    lt.save(layer, str(inline), x)
    lt.save(layer, str(external), x, external_data=True)
    assert not (tmp_path / "inline.onnx.data").exists()
    assert (tmp_path / "external.onnx.data").stat().st_size == weights.nbytes
    assert external.stat().st_size < inline.stat().st_size - weights.nbytes // 2
    import onnx
    onnx.checker.check_model(str(external), full_check=True)
    for path in (inline, external):
        session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        np.testing.assert_allclose(session.run(None, {"x": x})[0], x @ weights, rtol=1e-6)
    from lazyten import lowered
    monkeypatch.setattr(lowered, "EXTERNAL_DATA_BYTES", 1000)  # as past 2 GB: automatic
    automatic = tmp_path / "automatic.onnx"
    lt.compile(layer).lower(x).save(str(automatic))
    assert (tmp_path / "automatic.onnx.data").exists()
    with pytest.raises(TypeError, match="external_data"):
        lt.save(layer, str(inline), x, external_data="yes")


def softmax_and_any(x):
    e = lt.exp(x - lt.max(x, axis=-1, keepdims=True))
    return e / lt.sum(e, axis=-1, keepdims=True), lt.any(x > 2, axis=0), lt.prod(x, axis=1)


@pytest.mark.parametrize("opset", [17, 18, 19, 20, 21])
def test_every_supported_opset_exports_a_model_that_runs(opset: int) -> None:
    """Models at opsets 17 to 21 pass the checker and give the same values; per op and dtype
    this is ``test_op_matrix.py::test_exported_op_runs_at_every_older_opset``."""
    x = np.arange(12, dtype=np.float32).reshape(3, 4) / 4
    model = lt.export(softmax_and_any, x, opset=opset)
    assert model.opset_import[0].version == opset
    assert model.ir_version == {17: 8, 18: 8, 19: 9, 20: 9, 21: 10}[opset]
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    wants = [e / e.sum(axis=-1, keepdims=True), (x > 2).any(axis=0), x.prod(axis=1)]
    for got, want in zip(run(model, x=x).values(), wants):
        np.testing.assert_allclose(got, want, rtol=1e-6)


def test_opsets_outside_the_range_and_ops_an_opset_lacks_are_refused() -> None:
    x = np.arange(4, dtype=np.int32)
    with pytest.raises(TypeError, match="opset must be one of 17, 18, 19, 20, 21"):
        lt.export(lambda x: x + 1, x, opset=16)
    with pytest.raises(TypeError, match="opset must be an int"):
        lt.export(lambda x: x + 1, x, opset="21")
    with pytest.raises(TypeError, match="BitwiseAnd, which ONNX has from opset 18"):
        lt.export(lambda x: x & 3, x, opset=17)
    assert lt.export(lambda x: x & 3, x, opset=18).opset_import[0].version == 18
