"""The shape of every explained decision: a stable code, the clause it comes from, a message."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Reason:
    code: str  # stable, e.g. "BIRTH_OUT_OF_WINDOW"; documented in docs/codes.md
    clause: str  # "§三.3", "A4", or the rules.md section of a Reading ("rules.md §4.2")
    message: str  # Chinese, for people: says what is wrong and what to do

    def as_dict(self) -> dict:
        return asdict(self)
