"""The op table: every IR op defined once, split by family.

Importing this package registers every op in ``OPS``. Each ``OpDef`` (see ``table``) holds
the op's inference, NumPy reference, ONNX lowering, traits and examples; the families are
``creation``, ``unary``, ``binary``, ``movement``, ``indexing``, ``reduce``, ``linalg``,
``complex``, ``factorizations``, ``jacobi`` and ``fused``, with the helpers their lowerings
share in ``lowering`` and ``float_recipes``, and the lowering of complex values as real pairs in
``pairs``.
"""
from __future__ import annotations

from . import (binary, complex, creation, factorizations, fused, indexing, jacobi,  # noqa: F401
               linalg, movement, reduce, unary)
from .fused import LAYER_NORM_DTYPES, SOFTMAX_DTYPES
from .indexing import (VALID_INDICES, BasicIndex, basic_index, index_out_shape, numpy_index,
                       region_shape, slice_bounds)
from .linalg import matmul_shape
from .pairs import complex_array, involves_complex, lower_pairs, paired, pairs_array
from .table import (OPS, Emitter, Example, OpDef, broadcast_shapes, defop, elementwise_infer)

__all__ = ["VALID_INDICES", "BasicIndex", "basic_index", "LAYER_NORM_DTYPES", "SOFTMAX_DTYPES", "OPS", "Emitter", "Example", "OpDef", "broadcast_shapes", "defop",
           "elementwise_infer", "index_out_shape", "matmul_shape", "numpy_index",
           "complex_array", "involves_complex", "lower_pairs", "paired", "pairs_array",
           "region_shape", "slice_bounds"]
