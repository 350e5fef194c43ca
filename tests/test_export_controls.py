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
