"""Hypothesis profiles of the property and fuzz tests, chosen by env var HYPOTHESIS_PROFILE.

``ci`` (the default, `make test`) runs a bounded number of generated cases per test; ``fuzz``
(`make fuzz`) runs many more. Example counts are per test function. Import this module from a
test file before using ``@settings``-free ``@given`` tests.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "derandomize": False,
    "print_blob": True,
    # No shrinking: a case is a dbt build (~5 s), and the failing case is printed as generated.
    "phases": [Phase.explicit, Phase.reuse, Phase.generate],
}

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.register_profile("ci", max_examples=20, **_COMMON)
settings.register_profile("fuzz", max_examples=150, **_COMMON)
settings.load_profile(PROFILE)

#: Generated input files per shape (each one a dbt build of the input models, ~5 s here):
#: 10 per shape in `make test`, 500 in all in `make fuzz`.
FUZZ_CASES = (
    {"profiles_csv": 200, "table": 170, "events": 130}
    if PROFILE == "fuzz"
    else {"profiles_csv": 10, "table": 10, "events": 10}
)


def cases(shape: str) -> settings:
    """The settings of a fuzz test of one input shape: its number of generated cases."""
    return settings(max_examples=FUZZ_CASES[shape])
