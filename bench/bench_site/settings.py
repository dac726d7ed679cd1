"""Settings for benchmarks only: the platform's settings plus a bare view to compare with."""

from zhenxing.settings import *  # noqa: F403

ROOT_URLCONF = "bench_site.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
