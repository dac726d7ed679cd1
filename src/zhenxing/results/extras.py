"""What the layers above results add to the public results page (awards beside each rank, the
national-finals picks), without results knowing them: each registers a provider once apps load.

A provider is called with the final and returns {competitor id: [short texts]} for the rows and
a list of notes for the page."""

from __future__ import annotations

from collections.abc import Callable

PROVIDERS: list[Callable] = []


def provide(function: Callable) -> Callable:
    if function not in PROVIDERS:
        PROVIDERS.append(function)
    return function


def for_final(final) -> tuple[dict[int, list[str]], list[str]]:
    rows: dict[int, list[str]] = {}
    notes: list[str] = []
    for provider in PROVIDERS:
        found, more = provider(final)
        for competitor, texts in found.items():
            rows.setdefault(competitor, []).extend(texts)
        notes.extend(more)
    return rows, notes
