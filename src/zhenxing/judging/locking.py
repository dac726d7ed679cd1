"""The final's row lock, which serialises every write to an event's scores, and the error every
refusal of the finals raises."""

from __future__ import annotations

from zhenxing.rules.text import length_problem

from .models import Final
from .signals import scores_changed


class ScoringError(Exception):
    """A refusal a person can act on (Chinese message, or a list of them)."""

    def __init__(self, message: str | list[str]):
        self.messages = message if isinstance(message, list) else [message]
        self.message = "；".join(self.messages)
        super().__init__(self.message)


def final_of(event) -> Final:
    final, _ = Final.objects.get_or_create(event=event)
    return final


def locked_final(final: Final) -> Final:
    """The final's row, locked until the transaction ends: every score write starts here."""
    return Final.objects.select_for_update().get(pk=final.pk)


def refuse_long(text: str, label: str, limit: int) -> None:
    """Free text a page shows: refused past `limit` characters, with a message that says so."""
    from_rules = length_problem(text, label, limit)
    if from_rules:
        raise ScoringError(from_rules)


def bump(final: Final) -> None:
    """Record that the final's scores changed (its revision goes up); the layers above follow
    (results are recomputed) through `signals.scores_changed`."""
    final.revision += 1
    final.save(update_fields=["revision"])
    scores_changed.send(sender=Final, final=final)
