"""Awards follow results: when an event's stored results change, its proposed and approved
awards (and national-finals picks) are brought up to date."""

from __future__ import annotations

from zhenxing.judging.models import Final
from zhenxing.results.signals import results_changed

from .proposals import follow_results


def _results_changed(sender, final: Final, **kwargs) -> None:
    follow_results(final)


def connect() -> None:
    results_changed.connect(_results_changed, dispatch_uid="awards.results_changed")
