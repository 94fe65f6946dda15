"""For every test path (core, plugins, examples): property tests that never depend on the
machine's speed and give the same examples on every run."""

from hypothesis import HealthCheck, settings

# No deadline and no "too slow" health check: a busy 2-core CI box must not fail a test that a
# quiet one passes.  derandomize: the same examples every run (a failure reproduces as is);
# no example database written into the checkout.
settings.register_profile("shequ", deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("shequ")
