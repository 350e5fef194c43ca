"""Shared test set-up: IR verification between passes, hypothesis profiles sized for 2-core CI
machines."""
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
