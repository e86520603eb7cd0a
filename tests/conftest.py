"""Shared test set-up: hypothesis profiles.

``HYPOTHESIS_PROFILE=dev`` runs fewer examples for a quick local loop; CI uses ``ci``.
``HYPOTHESIS_PROFILE=long`` is the nightly run: ten times the examples of ``ci``, and the
fuzz tests that set their own counts (through ``strategies.examples``) ten times theirs.
It is not run by ``.ci/run``.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None)
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
