"""Hypothesis profiles, chosen by the HYPOTHESIS_PROFILE environment variable.

``dev`` (the default) runs quickly; ``ci`` runs more examples with no deadline,
and is what `.ci/run` uses. ``fuzz`` is the long run of the loaders' fuzzing
(`tests/hostile/test_fuzz_loaders.py`, 25,000 examples per test), for a run by
hand: ``HYPOTHESIS_PROFILE=fuzz python -m pytest tests/hostile/test_fuzz_loaders.py``.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=50)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "fuzz",
    max_examples=25_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
