"""Shared test set-up: IR verification between passes, hypothesis profiles sized for 2-core CI
machines."""
from __future__ import annotations

import os

# verify the IR after every pass in the whole suite (read once by lazyten.passes.manager)
os.environ.setdefault("LAZYTEN_VERIFY", "1")

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=15, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
