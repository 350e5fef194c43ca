"""Which execution providers can really run here, and moving buffers between devices.

``get_available_providers()`` lists CUDA even where it cannot run (no GPU, missing CUDA or
cuDNN libraries): the only reliable check is a session that really got the provider. The
probe runs only when a CUDA device is asked for, with onnxruntime's loader messages silenced.
"""
from __future__ import annotations

import contextlib
import functools
import os
from typing import Any

import numpy as np
import onnxruntime as ort
from onnx import TensorProto, helper

from lazyten.device import CPU, Device


def providers_for(device: Device) -> list[str]:
    if device is CPU:
        return ["CPUExecutionProvider"]
    # no TF32: float32 matrix products keep float32 precision, as NumPy and PyTorch give
    return [("CUDAExecutionProvider", {"device_id": device.index, "use_tf32": 0}),
            "CPUExecutionProvider"]


@functools.lru_cache(maxsize=None)
def cuda_error(index: int = 0) -> str | None:
    """Why CUDA device ``index`` cannot be used, or None when a CUDA session really runs."""
    if "CUDAExecutionProvider" not in ort.get_available_providers():
        return ("this onnxruntime build has no CUDA execution provider; install "
                "onnxruntime-gpu (pip install 'lazyten[cuda]')")
    ort.set_default_logger_severity(4)
    try:
        with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), \
                contextlib.redirect_stderr(sink):
            try:
                ort.preload_dlls()
            except Exception:  # no nvidia-* packages: the system loader paths may still work
                pass
        graph = helper.make_graph(
            [helper.make_node("Identity", ["x"], ["y"])], "probe",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 21)])
        model.ir_version = 10
        try:
            session = ort.InferenceSession(model.SerializeToString(),
                                           providers=providers_for(Device("cuda", index)))
        except Exception as exc:
            return f"onnxruntime could not create a CUDA session: {exc}"
    finally:
        ort.set_default_logger_severity(3)
    if "CUDAExecutionProvider" not in session.get_providers():
        return ("onnxruntime could not start its CUDA provider: no NVIDIA GPU or driver here, "
                "or the CUDA 13 / cuDNN 9 libraries are missing (pip install 'lazyten[cuda]')")
    return None


def device_error(device: Device) -> str | None:
    return None if device is CPU else cuda_error(device.index)


def to_device(array: np.ndarray, device: Device) -> Any:
    """A copy of host data in ``device`` memory (an OrtValue)."""
    array = np.asarray(array)
    if not array.flags.c_contiguous:  # np.ascontiguousarray would turn a 0-d array into 1-d
        array = np.array(array, order="C")
    return ort.OrtValue.ortvalue_from_numpy(array, "cuda", device.index)


def to_host(payload: Any) -> np.ndarray:
    return payload if isinstance(payload, np.ndarray) else payload.numpy()
