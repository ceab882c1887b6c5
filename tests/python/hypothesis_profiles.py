"""Hypothesis profiles of the property and fuzz tests, chosen by env var HYPOTHESIS_PROFILE.

``ci`` (the default, `make test`) runs a bounded number of generated cases per test; ``fuzz``
(`make fuzz`) runs many more. Example counts are per test function. Import this module from a
test file before using ``@settings``-free ``@given`` tests.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "derandomize": False,
    "print_blob": True,
}

settings.register_profile("ci", max_examples=20, **_COMMON)
settings.register_profile("fuzz", max_examples=150, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
