"""What the layers above registration say about one entry on its page (e.g. the preliminary
that sent the contestant), without registration knowing them: each registers a provider once
apps load. A provider is called with the entry and returns a list of (label, text)."""

from __future__ import annotations

from collections.abc import Callable

PROVIDERS: list[Callable] = []


def provide(function: Callable) -> Callable:
    if function not in PROVIDERS:
        PROVIDERS.append(function)
    return function


def for_entry(entry) -> list[tuple[str, str]]:
    return [line for provider in PROVIDERS for line in provider(entry)]
