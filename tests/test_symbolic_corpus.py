"""Real model functions exported with symbolic dimensions (``tests/symbolic_corpus.py``):
each model passes the full checker and strict shape inference, keeps the spec's names as its
inputs' ``dim_param``, and gives NumPy's results in plain onnxruntime at batch sizes 1, 3 and
17; the compiled function lowered once for the spec serves every size too."""
from __future__ import annotations

import functools

import numpy as np
import onnx
import pytest

import lazyten as lt
from symbolic_corpus import CASES, Case

SIZES = [(1, 2), (3, 5), (17, 4)]  # (batch, seq)


def arrays(case: Case, batch: int, seq: int) -> list[np.ndarray]:
    rng = np.random.default_rng(batch * 10 + seq)
    out = []
    for shape in case.specs:
        dims = [batch if d == "batch" else seq if d == "seq" else d for d in shape]
        out.append(rng.standard_normal(dims).astype(np.float32))
    return out


def check(got, want) -> None:
    for g, w in zip(got if isinstance(got, (list, tuple)) else [got],
                    want if isinstance(want, tuple) else [want]):
        w = np.asarray(w)
        g = np.asarray(g)
        assert g.shape == w.shape, (g.shape, w.shape)
        np.testing.assert_allclose(g, w.astype(g.dtype), rtol=2e-5, atol=2e-5)


@pytest.mark.onnxruntime
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_exported_model_serves_every_size(case: Case) -> None:
    import onnxruntime as ort
    fn = functools.partial(case.fn, lt)
    model = lt.export(fn, *[lt.spec(shape) for shape in case.specs])
    onnx.checker.check_model(model, full_check=True)
    onnx.shape_inference.infer_shapes(model, check_type=True, strict_mode=True)
    for vi, shape in zip(model.graph.input, case.specs):
        dims = [d.dim_param or d.dim_value for d in vi.type.tensor_type.shape.dim]
        assert dims == list(shape)
    session = ort.InferenceSession(model.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    names = [i.name for i in session.get_inputs()]
    for batch, seq in SIZES:
        xs = arrays(case, batch, seq)
        check(session.run(None, dict(zip(names, xs))), case.fn(np, *xs))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_compiled_function_lowered_for_the_spec_serves_every_size(case: Case) -> None:
    f = lt.compile(functools.partial(case.fn, lt))
    f.lower(*[lt.spec(shape) for shape in case.specs])
    for batch, seq in SIZES:
        xs = arrays(case, batch, seq)
        got = f(*xs)
        check([g.numpy() for g in got] if isinstance(got, tuple) else got.numpy(),
              case.fn(np, *xs))
    assert f.cache_info()["misses"] == 1
