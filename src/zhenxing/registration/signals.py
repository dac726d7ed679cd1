"""What registration asks the layers above it (the finals), without knowing them.

`approving` is sent before an entry is approved; a receiver returns None, {"refuse": message}
(the approval is refused with it) or {"note": message} (said to the reviewer)."""

from django.dispatch import Signal

approving = Signal()  # sender: Entry; entry=the entry to approve
# sent before a team (of a pairs or three-person event) is changed or dissolved; a receiver
# returns None or {"refuse": message} (e.g. the team already has its contest number)
team_changing = Signal()  # sender: Team; team=the team


def team_change_refusal(team) -> str | None:
    """What the layers above say against changing or dissolving `team` now, if anything."""
    for _, answer in team_changing.send(sender=type(team), team=team):
        if answer and answer.get("refuse"):
            return answer["refuse"]
    return None


def approval_verdict(entry) -> tuple[str | None, list[str]]:
    """(the refusal, if any; the notes) the receivers give for approving `entry`."""
    refusal, notes = None, []
    for _, answer in approving.send(sender=type(entry), entry=entry):
        if answer and answer.get("refuse") and refusal is None:
            refusal = answer["refuse"]
        elif answer and answer.get("note"):
            notes.append(answer["note"])
    return refusal, notes


def approval_verdicts(entries) -> dict[int, tuple[str | None, list[str]]]:
    """approval_verdict of each entry's event, asked once per event: the receivers answer by the
    entry's event (judging: its numbers drawn, its marking begun), so a 500-entry review page
    asks each event once, not each entry."""
    verdicts: dict[int, tuple[str | None, list[str]]] = {}
    for entry in entries:
        if entry.event_id not in verdicts:
            verdicts[entry.event_id] = approval_verdict(entry)
    return verdicts
