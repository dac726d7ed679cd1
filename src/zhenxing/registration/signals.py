"""What registration asks the layers above it (the finals), without knowing them.

`approving` is sent before an entry is approved; a receiver returns None, {"refuse": message}
(the approval is refused with it) or {"note": message} (said to the reviewer)."""

from django.dispatch import Signal

approving = Signal()  # sender: Entry; entry=the entry to approve


def approval_verdict(entry) -> tuple[str | None, list[str]]:
    """(the refusal, if any; the notes) the receivers give for approving `entry`."""
    refusal, notes = None, []
    for _, answer in approving.send(sender=type(entry), entry=entry):
        if answer and answer.get("refuse") and refusal is None:
            refusal = answer["refuse"]
        elif answer and answer.get("note"):
            notes.append(answer["note"])
    return refusal, notes
