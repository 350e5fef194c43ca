"""Shared test set-up: IR verification between passes, hypothesis profiles sized for 2-core CI
machines, and the backend: the whole suite runs on onnxruntime, and with LAZYTEN_BACKEND=numpy
on the NumPy reference backend, skipping the tests of how onnxruntime runs graphs."""
from __future__ import annotations

import os

# verify the IR after every pass in the whole suite (read once by lazyten.config)
os.environ.setdefault("LAZYTEN_VERIFY", "1")

from hypothesis import HealthCheck, settings

# "ci" (the default) draws the same examples on every run, so CI never fails by chance;
# "dev" draws new ones each run: use it (HYPOTHESIS_PROFILE=dev or =explore) to hunt bugs
settings.register_profile("ci", max_examples=40, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=15, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("explore", max_examples=400, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(config, items):
    import pytest

    import lazyten  # noqa: F401  (installs the backend)
    from lazyten.backend import get_backend
    if get_backend().name == "onnxruntime":
        return
    skip = pytest.mark.skip(reason=f"checks onnxruntime; the backend is {get_backend().name}")
    for item in items:
        if "onnxruntime" in item.keywords:
            item.add_marker(skip)
