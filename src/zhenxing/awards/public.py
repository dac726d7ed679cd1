"""What the public results page shows of awards: approved titles and certificates beside each
rank, and the confirmed national-finals picks. A team's row names which members hold an award
that not all of them do (a title can hang on each member's own birth date)."""

from __future__ import annotations

from .models import Award, FinalsList, FinalsPick


def public_texts(final) -> tuple[dict[int, list[str]], list[str]]:
    rows: dict[int, list[str]] = {}
    standing = Award.objects.filter(
        final=final, status=Award.Status.APPROVED, revoked_at__isnull=True
    ).select_related("entry__person", "competitor__team")
    holders: dict[tuple[int, str], list[str]] = {}
    teams: dict[int, int] = {}  # competitor id → members, for a team
    for award in standing.prefetch_related("competitor__team__members").order_by("kind", "pk"):
        holders.setdefault((award.competitor_id, award.name), []).append(award.entry.person.name)
        if award.competitor.team is not None:
            teams[award.competitor_id] = len(award.competitor.team.members.all())
    for (competitor, name), names in holders.items():
        partial = competitor in teams and len(set(names)) < teams[competitor]
        rows.setdefault(competitor, []).append(
            f"{name}（{'、'.join(dict.fromkeys(names))}）" if partial else name
        )
    notes = []
    finals_list = FinalsList.objects.filter(final=final, confirmed_at__isnull=False).first()
    if finals_list is not None:
        national = final.event.edition.rulebook().edition.national_counterpart or "全国决赛"
        picks = finals_list.picks.select_related("competitor__entry__person", "competitor__team")
        picks = picks.prefetch_related("competitor__team__members__person")
        for pick in picks:
            role = "推荐参加" if pick.role == FinalsPick.Role.SELECTED else "替补"
            rows.setdefault(pick.competitor_id, []).append(f"{role}{national}")
        names = "、".join(p.competitor.names for p in picks if p.role == FinalsPick.Role.SELECTED)
        notes.append(f"推荐参加{national}：{names}（组委会已确认）。")
    return rows, notes
