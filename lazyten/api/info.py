"""``__array_namespace_info__``: what this namespace offers, on which devices.

Absent by design: what ``MISSING`` names. Complex arrays are real pairs in ONNX (onnxruntime
has no complex tensor type; see ``lazyten.ops.pairs``).
"""
from __future__ import annotations

from typing import Any

from .. import dtypes as D
from ..device import CPU, Device
from .dtype_functions import isdtype

MISSING = {
    "prod of complex arrays along an axis whose size is symbolic": "the tree of complex "
    "multiplications is unrolled for a static size: a ShapeError names the axis",
}


class Info:
    """The object ``__array_namespace_info__()`` returns."""

    def capabilities(self) -> dict[str, Any]:
        return {"boolean indexing": True, "data-dependent shapes": True, "max dimensions": 32}

    def default_device(self) -> Device:
        return CPU

    def devices(self) -> list[Device]:
        return [CPU]

    def default_dtypes(self, *, device: Any = None) -> dict[str, Any]:
        return {"real floating": D.DEFAULT_FLOAT, "complex floating": D.DEFAULT_COMPLEX,
                "integral": D.DEFAULT_INT, "indexing": D.DEFAULT_INDEX}

    def dtypes(self, *, device: Any = None, kind: Any = None) -> dict[str, D.DType]:
        standard = [d for d in D.EVERY if d is not D.float16]  # float16: an extra, not listed
        return {d.name: d for d in standard if kind is None or isdtype(d, kind)}

    def missing(self) -> dict[str, str]:
        """What the standard lists that lazyten leaves out, and why."""
        return dict(MISSING)


def __array_namespace_info__() -> Info:
    return Info()
