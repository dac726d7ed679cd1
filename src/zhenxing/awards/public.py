"""What the public results page shows of awards: approved titles and certificates beside each
rank, and the confirmed national-finals picks."""

from __future__ import annotations

from .models import Award, FinalsList, FinalsPick


def public_texts(final) -> tuple[dict[int, list[str]], list[str]]:
    rows: dict[int, list[str]] = {}
    standing = Award.objects.filter(
        final=final, status=Award.Status.APPROVED, revoked_at__isnull=True
    )
    for award in standing.order_by("kind", "pk"):
        rows.setdefault(award.competitor_id, []).append(award.name)
    notes = []
    finals_list = FinalsList.objects.filter(final=final, confirmed_at__isnull=False).first()
    if finals_list is not None:
        national = final.event.edition.rulebook().edition.national_counterpart or "全国决赛"
        for pick in finals_list.picks.select_related("competitor__entry__person"):
            role = "推荐参加" if pick.role == FinalsPick.Role.SELECTED else "替补"
            rows.setdefault(pick.competitor_id, []).append(f"{role}{national}")
        names = "、".join(
            p.competitor.entry.person.name
            for p in finals_list.picks.filter(role=FinalsPick.Role.SELECTED)
        )
        notes.append(f"推荐参加{national}：{names}（组委会已确认）。")
    return rows, notes
