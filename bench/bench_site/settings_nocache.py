"""Benchmark settings with a cache that keeps nothing: every request renders the results page.

Only to show what the page's whole-page cache saves; the RESULT line uses bench_site.settings.
"""

from bench_site.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
