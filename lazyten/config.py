"""Environment variables, read in this one place at import.

- ``LAZYTEN_BACKEND=numpy``: run graphs with the NumPy reference backend instead of
  onnxruntime (the reference for tests; CPU only).
- ``LAZYTEN_DEVICE``: the default device for creation functions ("cpu", "cuda", "auto").
- ``LAZYTEN_LOG=retrace``: log every (re)trace of a compiled function and why, to stderr
  (the same messages go to ``logging.getLogger("lazyten")`` at INFO level in any case).
- ``LAZYTEN_VERIFY=1``: run the IR verifier after every pass (the test suite sets it).
- ``LAZYTEN_SPIN=0``: onnxruntime's CPU worker threads sleep as soon as a run ends, for every
  graph. By default, graphs that read and write 8 MB or more (inputs, constants and computed
  values) keep onnxruntime's own default of spinning briefly between runs (back-to-back runs
  ~20% faster on two cores).
- ``LAZYTEN_DUMP=<dir>``: for every compiled signature, write one file per stage (traced,
  after each pass, final, and the exported ONNX in ONNX text syntax), like XLA's dump folder.
"""
from __future__ import annotations

import logging
import os


DUMP_DIR: str | None = None
VERIFY = os.environ.get("LAZYTEN_VERIFY", "") not in ("", "0")
SPIN = os.environ.get("LAZYTEN_SPIN", "1") not in ("", "0")
BACKEND = os.environ.get("LAZYTEN_BACKEND", "onnxruntime")


def apply_environment() -> None:
    global DUMP_DIR
    DUMP_DIR = os.environ.get("LAZYTEN_DUMP") or None
    if "retrace" in os.environ.get("LAZYTEN_LOG", "").split(","):
        logger = logging.getLogger("lazyten")
        if not logger.handlers:
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("lazyten: %(message)s"))
            logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    device = os.environ.get("LAZYTEN_DEVICE")
    if device:
        from .device import set_default_device
        set_default_device(device)
