"""Execution: ONNX export and onnxruntime sessions (installed as ``lazyten.runtime``).

Imports the IR, the passes, onnx and onnxruntime; nothing in the core imports this package.
"""
from .onnx_export import OPSET, IR_VERSION, to_onnx
from .ort_backend import OrtBackend, OrtExecutable, compile_graph

__all__ = ["OPSET", "IR_VERSION", "to_onnx", "OrtBackend", "OrtExecutable", "compile_graph"]
