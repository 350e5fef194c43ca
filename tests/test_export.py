"""Every model exported for a realization passes the full ONNX checker, carries IR 10 / opset 21,
and runs in plain onnxruntime once saved to a file."""
from __future__ import annotations

import numpy as np
import onnx
import onnxruntime as ort
import pytest

import lazyten as lt
import lazyten.lazy as lazy
from helpers import check_model, installed
from lazyten.ir import structural_key
from lazyten.runtime import OrtBackend, to_onnx


class RecordingBackend(OrtBackend):
    """The onnxruntime backend, keeping every executable it builds."""

    def __init__(self) -> None:
        super().__init__()
        self.executables = []

    def compile(self, graph, device=None, **options):
        exe = super().compile(graph, device, **options)
        self.executables.append(exe)
        return exe


@pytest.fixture
def recording():
    with installed(RecordingBackend()) as backend:
        yield backend


DTYPES = [lt.bool, lt.int8, lt.int16, lt.int32, lt.int64, lt.uint8, lt.uint16, lt.uint32,
          lt.uint64, lt.float16, lt.float32, lt.float64]


def programs(dt):
    """One realization's worth of work per dtype, touching every op family."""
    x = lt.asarray((np.arange(12).reshape(3, 4) % 5).astype(dt.np))
    y = lt.asarray((np.arange(4) % 3).astype(dt.np))
    out = [x == y, x < y, lt.maximum(x, y), lt.minimum(x, y), lt.where(x > y, x, y),
           x.max(axis=0), x.min(), x.sum(axis=1), x.prod(), x.T, x.reshape(2, 6), x[1:, ::-2],
           x[[0, 2]], lt.concat([x, x]), lt.stack([y, y]), x @ y, x.astype(lt.float32),
           lt.clip(x, y, None), x.mean(axis=0)]
    if dt is not lt.bool:
        out += [x + y, x - y, x * y, x // y, x % y, x / y, -x, abs(x), x ** 2, lt.exp(x)]
    if dt.kind in "biu":
        out += [x & y, x | y, x ^ y, ~x]
    z = lt.asarray(np.zeros((3, 4), dt.np))
    z[1:, 2] = 1
    z[[0, 2], 1] = y[:2]
    out.append(z)
    return out


@pytest.mark.parametrize("dt", DTYPES, ids=[d.name for d in DTYPES])
def test_models_pass_full_check_and_pin_versions(recording, dt):
    lt.realize(*programs(dt))
    assert recording.executables
    for exe in recording.executables:
        model = check_model(exe.model)
        assert model.ir_version == 10
        assert [(o.domain, o.version) for o in model.opset_import] == [("", 21)]


def test_to_onnx_of_a_pending_graph(tmp_path):
    x_np = np.arange(6, dtype=np.float32).reshape(2, 3)
    x = lt.asarray(x_np)
    y = (lt.exp(x) * 2.5 + x.sum(axis=0)).T
    node = y._node()
    _, leaves = structural_key((node,))
    graph = lazy._graph_for((node,), leaves)
    model = check_model(to_onnx(graph))
    assert model.ir_version == 10
    path = tmp_path / "model.onnx"
    onnx.save(model, str(path))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    feeds = {i.name: np.asarray(leaf.payload) for i, leaf in zip(session.get_inputs(), leaves)}
    (got,) = session.run(None, feeds)
    np.testing.assert_allclose(got, (np.exp(x_np) * 2.5 + x_np.sum(axis=0)).T, rtol=1e-6)
    np.testing.assert_allclose(y.numpy(), got, rtol=1e-6)


def test_scalars_are_baked_until_one_changes_then_fed(recording):
    x = lt.asarray(np.ones(3, np.float32))
    results = [(x * s).numpy() for s in (0.5, 0.5, 0.75, 0.25, -0.0, 0.0)]
    np.testing.assert_array_equal(results, [[s] * 3 for s in (0.5, 0.5, 0.75, 0.25, -0.0, 0.0)])
    assert np.signbit(results[4]).all() and not np.signbit(results[5]).any()
    # compiled with 0.5 baked in, then again with the scalar fed once it changed
    assert len(recording.executables) == 2
    first, second = ([i.name for i in exe.model.graph.input] for exe in recording.executables)
    assert len(first) == 1 and len(second) == 2
