"""Hypothesis profiles, chosen by the HYPOTHESIS_PROFILE environment variable.

``dev`` (the default) runs quickly; ``ci`` runs more examples with no deadline,
and is what `.ci/run` uses.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=50)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
