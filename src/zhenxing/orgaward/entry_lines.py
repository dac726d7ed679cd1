"""The preliminary that sent a finalist, shown on the finalist's entry page."""

from __future__ import annotations

from .models import Preliminary


def sent_by(entry) -> list[tuple[str, str]]:
    found = Preliminary.objects.filter(finalists=entry).select_related("organization")
    return [
        (
            "选送的初赛",
            f"{p.organization}：{p.occupation}（{p.get_level_display()}，"
            f"{p.starts_on:%Y年%-m月%-d日}，{p.venue}）",
        )
        for p in found
    ]
