"""The lists the committee prints: the 公示 list of an event's results, its award list (获奖名单),
and the edition's roll of honour by award — as xlsx and as PDF. Ranked lists go by rank; the
roll of honour, which is not ranked, by the stroke order of the names."""

from __future__ import annotations

from django.template.loader import render_to_string

from zhenxing.judging.models import Final
from zhenxing.names import stroke_key
from zhenxing.registration.exports import to_xlsx
from zhenxing.results.models import Result

from .certificates import pdf_of
from .models import Award

PUBLICITY = ["名次", "姓名", "代表队", "总分"]
AWARDED = ["名次", "姓名", "代表队", "总分", "奖项", "核准单位", "证书编号"]
HONOURS = ["奖项", "姓名", "代表队", "比赛项目", "名次"]
APPROVERS = {"HRSS": "人力资源和社会保障厅", "YL": "团委"}


def _text(value) -> str:
    return "" if value is None else str(value)


def publicity(final: Final) -> tuple[str, list[str], list[list[str]]]:
    results = (
        Result.objects.filter(competitor__final=final)
        .select_related(
            "competitor__entry__person",
            "competitor__entry__delegation__organization",
            "competitor__team",
        )
        .prefetch_related("competitor__team__members__person")
    )
    ranked = sorted(results, key=lambda r: (r.rank is None, r.rank or 0, r.competitor.number))
    rows = [
        [
            _text(r.rank) or "—",
            r.competitor.names,
            str(r.competitor.entry.delegation),
            _text(r.published_total) or "无成绩",
        ]
        for r in ranked
    ]
    return f"{final.event} 成绩公示名单", PUBLICITY, rows


def _member(award: Award) -> str:
    """The award's holder; a team member with the team's name (“张三（甲队）”)."""
    team = award.competitor.team
    name = award.entry.person.name
    return f"{name}（{team.name}）" if team is not None else name


def _approved(**scope):
    return Award.objects.filter(
        status=Award.Status.APPROVED, revoked_at__isnull=True, **scope
    ).select_related(
        "final__event__occupation",
        "entry__person",
        "entry__delegation__organization",
        "competitor__team",
    )


def awarded(final: Final) -> tuple[str, list[str], list[list[str]]]:
    rows = [
        [
            _text(a.rank),
            _member(a),
            str(a.entry.delegation),
            _text(a.total),
            a.name,
            APPROVERS.get(a.approver, a.approver),
            a.serial,
        ]
        for a in _approved(final=final).order_by(
            "rank", "competitor__number", "entry_id", "kind", "pk"
        )
    ]
    return f"{final.event} 获奖名单", AWARDED, rows


def honours(edition) -> tuple[str, list[str], list[list[str]]]:
    awards = sorted(
        _approved(final__event__edition=edition),
        key=lambda a: (a.kind != "title", a.name, stroke_key(a.entry.person.name)),
    )
    rows = [
        [
            a.name,
            _member(a),
            str(a.entry.delegation),
            str(a.final.event),
            _text(a.rank),
        ]
        for a in awards
    ]
    return f"{edition.name} 获奖名单（按奖项，姓名按姓氏笔画）", HONOURS, rows


def as_xlsx(title: str, header: list[str], rows: list[list[str]]) -> bytes:
    return to_xlsx(header, rows, title, sheet_name="名单")


def as_pdf(title: str, header: list[str], rows: list[list[str]]) -> bytes:
    html = render_to_string(
        "awards/list_document.html", {"title": title, "header": header, "rows": rows}
    )
    return pdf_of(html)
