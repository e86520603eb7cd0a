"""Shared test set-up: hypothesis profiles.

``HYPOTHESIS_PROFILE=dev`` runs fewer examples for a quick local loop; CI uses ``ci``.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
