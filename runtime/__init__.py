"""Execution backends (installed as ``lazyten.runtime``): onnxruntime, and the NumPy reference.

Imports the IR, the passes, and (for the onnxruntime backend and ONNX export) onnx and
onnxruntime, which are imported when one of their names is first asked for: the reference
backend works without them. Nothing in the core imports this package.
"""
from __future__ import annotations

import importlib
from typing import Any

from .reference import ReferenceBackend

_ONNX_NAMES = {"OPSET": "onnx_export", "IR_VERSION": "onnx_export", "to_onnx": "onnx_export",
               "OrtBackend": "ort_backend", "OrtExecutable": "ort_backend",
               "kernel_error": "ort_backend", "for_opset": "opsets", "OPSETS": "opsets"}


def __getattr__(name: str) -> Any:
    module = _ONNX_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = ["ReferenceBackend", *_ONNX_NAMES]
