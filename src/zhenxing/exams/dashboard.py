"""What the exam puts on each role's dashboard, as (text, url, done) rows; web/dashboard.py shows
them (this app cannot import the web layer)."""

from __future__ import annotations

from django.urls import reverse

from zhenxing.editions.models import Event
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.models import Role

from . import banks, grading
from .access import part_bank
from .models import PaperDraw, Part, Sitting


def tasks_for(membership) -> list[tuple[str, str, bool]]:
    edition, codes = membership.edition, perms.ROLE_PERMISSIONS.get(membership.role, ())
    if perms.EXAM_AFFAIRS in codes:
        count = banks.current_versions(part_bank(edition, None, Part.CURRENT_AFFAIRS)).count()
        return [
            (
                f"理论考试：时事政治题库 {count} 题",
                reverse("exams:home", args=[edition.code]),
                False,
            )
        ]
    if membership.role == Role.HOST_STAFF:
        events = Event.objects.filter(edition=edition, host_unit=membership.organization_id)
        return [_host_row(edition, event) for event in events.select_related("occupation")]
    if perms.EXAM_SUPERVISE in codes:
        return _confirm_rows(edition)
    if perms.EXAM_GRADE in codes and membership.event_id:
        return _grading_rows(edition, membership)
    return []


def _host_row(edition, event) -> tuple[str, str, bool]:
    count = banks.current_versions(part_bank(edition, event, Part.KNOWLEDGE)).count()
    waiting = PaperDraw.objects.filter(blueprint__event=event, confirmed_at__isnull=True).count()
    sittings = Sitting.objects.filter(final__event=event)
    written = sittings.filter(written_at__isnull=False).count()
    text = f"理论考试 {event}：题库 {count} 题，待监督确认的抽卷 {waiting} 次，考试 {sittings.count()} 场（已写入成绩 {written} 场）"
    return (text, reverse("exams:event", args=[edition.code, event.pk]), False)


def _confirm_rows(edition) -> list[tuple[str, str, bool]]:
    waiting = PaperDraw.objects.filter(
        blueprint__event__edition=edition, confirmed_at__isnull=True
    ).select_related("blueprint__event__occupation")
    return [
        (f"确认抽卷：{d.blueprint.event} {d.blueprint.name}（种子 {d.seed}）",
         reverse("exams:draw", args=[edition.code, d.pk]), False)
        for d in waiting
    ]  # fmt: skip


def _grading_rows(edition, membership) -> list[tuple[str, str, bool]]:
    rows = []
    for sitting in Sitting.objects.filter(
        final__event=membership.event_id, written_at__isnull=True
    ):
        left = len(grading.waiting_for(sitting, membership.user))
        url = reverse("exams:grade", args=[edition.code, sitting.pk])
        rows.append((f"评阅理论考试简答题：{left} 份待评", url, left == 0))
    return rows
