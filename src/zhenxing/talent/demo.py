"""Demo of the talent database: for a few people of each demo delegation that has a registrar
account (the published demo final's finalists first), the registrar records their consent, a
career stage and its next one, a service, an activity and a recommendation. Runs once: a
second run finds the records and changes nothing."""

from __future__ import annotations

import datetime as dt

from django.db.models import F

from zhenxing.orgs.audit import Actor
from zhenxing.orgs.models import Membership, Role
from zhenxing.registration.models import Entry
from zhenxing.rules.talent import FollowUpData

from . import people, services
from .models import FollowUp

PER_ORGANIZATION = 3
RECORDS = [
    FollowUpData("stage", "entry", dt.date(2020, 9, 1), note="参加全区决赛后入职"),
    FollowUpData("stage", "growth", dt.date(2021, 3, 1), note="独立承担岗位任务"),
    FollowUpData("service", "integration", dt.date(2020, 9, 15), note="安排师傅结对帮带"),
    FollowUpData("activity", "first_lesson", dt.date(2020, 9, 2)),
    FollowUpData(
        "recommendation", "title", dt.date(2021, 4, 1), name="青年岗位能手",
        note="全区决赛成绩优秀，岗位表现突出",
    ),
]  # fmt: skip


def create_demo_talent(edition) -> str:
    demo_people = _demo_people(edition)
    if FollowUp.objects.filter(person__in=[p for p, _, _ in demo_people]).exists():
        return f"人才库演示数据已存在（{people.everyone().count()} 人）"
    for person, organization, actor in demo_people:
        services.record_consent(
            person, organization, "青年技能人才库：跟踪服务、联系、推荐评选",
            dt.date(2020, 9, 1), "written", actor=actor, edition=edition,
        )  # fmt: skip
        for record in RECORDS:
            services.record_follow_up(person, organization, record, actor=actor, edition=edition)
    return (
        f"人才库演示：{people.everyone().count()} 人在库，已为 {len(demo_people)} 人记录"
        "同意、职业发展阶段（入门期→成长期）、跟踪服务、活动和推荐"
    )


def _demo_people(edition) -> list[tuple]:
    """(person, organization, its registrar as actor) for the first people of each demo
    delegation with a registrar account; finalists of a published final first."""
    chosen = []
    registrars = Membership.objects.filter(
        edition=edition, role=Role.REGISTRAR, user__first_name__startswith="演示·"
    ).select_related("organization", "user")
    for membership in registrars:
        entries = Entry.objects.filter(
            delegation__edition=edition,
            delegation__organization=membership.organization,
            status=Entry.Status.APPROVED,
        ).order_by(F("competitor__final__published_at").desc(nulls_last=True), "pk")
        seen = []
        for entry in entries:
            if entry.person_id not in seen and len(seen) < PER_ORGANIZATION:
                seen.append(entry.person_id)
                chosen.append((entry.person, membership.organization, Actor(membership.user)))
    return chosen
