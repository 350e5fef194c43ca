"""The op table, op by op: every op has examples, its inference agrees with its reference, and
its lowering agrees with its reference through onnxruntime, as lazyten runs it and as a user
runs the exported model (``tests/op_matrix.py``; this is its quick slice: fewer dtypes and
views. ``python tests/op_matrix.py`` runs the whole matrix)."""
from __future__ import annotations

import pytest

import lazyten  # noqa: F401
from lazyten import dtypes as D
from lazyten.ops import OPS
from op_matrix import OLDER_OPSETS, QUICK_DTYPES, check_op_dtype, matrix_ops

pytestmark = pytest.mark.onnxruntime


@pytest.mark.parametrize("name", matrix_ops())
def test_every_op_has_examples(name):
    assert any(OPS[name].examples(dt) for dt in D.EVERY), f"{name} has no examples"


@pytest.mark.parametrize("name", matrix_ops())
def test_op_matches_its_reference_through_onnxruntime(name):
    failures = [f for dt in QUICK_DTYPES
                for f in check_op_dtype(OPS[name], dt, ("plain", "transposed", "chained"))]
    assert not failures, "\n".join(str(f) for f in failures[:20])


@pytest.mark.parametrize("name", matrix_ops())
def test_exported_op_runs_at_every_older_opset(name):
    """``lt.export(..., opset=17..20)``: the exported model, rewritten for the opset, gives the
    reference's values in a default session (an op the opset lacks is refused by name)."""
    failures = [f for dt in (D.bool_, D.uint8, D.int64, D.float16, D.float32, D.complex64)
                for f in check_op_dtype(OPS[name], dt, ("plain",), OLDER_OPSETS)]
    assert not failures, "\n".join(str(f) for f in failures[:20])
