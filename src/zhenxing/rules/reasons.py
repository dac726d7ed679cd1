"""The shape of every explained decision: a stable code, the clause it comes from, a message."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Reason:
    code: str  # stable, e.g. "BIRTH_OUT_OF_WINDOW"; documented in docs/codes.md
    clause: str  # the notice's clause as the rulebook writes it, or a Reading's rules.md section
    message: str  # Chinese, for people: says what is wrong and what to do

    def as_dict(self) -> dict:
        return asdict(self)
