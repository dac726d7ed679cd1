"""Demo of the excellent organization award: the two demo 盟市 keep records (one with an evidence
file), both submit their self-evaluation, and the committee office assesses the first; the
second waits for assessment, so the demo shows both."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from zhenxing.orgs.audit import Actor
from zhenxing.orgs.demo import demo_organizations

from . import assessment, records, submission
from . import models as m

PDF = b"%PDF-1.4\n% demo evidence\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _keep(edition, organization, actor: Actor, model, **fields):
    return records.save_record(
        model(edition=edition, organization=organization, **fields), actor=actor
    )


def _records(edition, organization, actor: Actor, strong: bool) -> None:
    year = edition.period_start.year
    committee = _keep(
        edition,
        organization,
        actor,
        m.Committee,
        members="团委书记任主任，人社局、教育局分管领导任副主任（演示数据）",
        notice_title=f"关于举办{year}年“振兴杯”青年职业技能大赛初赛的通知",
        notice_number=f"演团联发〔{year}〕1号",
        notice_issued_on=dt.date(year, 8, 20),
        notice_issuer="joint" if strong else "league_alone",
    )
    records.store_evidence(committee, ContentFile(PDF, name="竞赛通知.pdf"), actor=actor)
    for day, topic in ((25, "部署初赛"), (20, "初赛总结")):
        _keep(edition, organization, actor, m.Meeting, held_on=dt.date(year, 9, day), topic=topic)
    occupations = ["计算机网络管理员", "数控车工"] + (["茶艺师"] if strong else [])
    for number, occupation in enumerate(occupations, start=1):
        _keep(
            edition,
            organization,
            actor,
            m.Preliminary,
            occupation=occupation,
            level="league",
            starts_on=dt.date(year, 10, number),
            ends_on=dt.date(year, 10, number + 1),
            venue=f"{organization.name}职业技术学院",
            participants=30 + number,
            final_event=edition.events.filter(occupation__name=occupation).first(),
            winners="1 演示选手甲\n2 演示选手乙",
        )
    _keep(
        edition,
        organization,
        actor,
        m.Incentive,
        kind="league_skill_expert_title",
        description="授予初赛前三名盟市级技术能手称号（演示数据）",
    )
    _keep(edition, organization, actor, m.Coverage, year=year - 1, youth_covered=2000)
    this_year = 3100 if strong else 2500  # +55%; +25% falls in the unprinted 20–30% gap
    _keep(edition, organization, actor, m.Coverage, year=year, youth_covered=this_year)
    _keep(
        edition,
        organization,
        actor,
        m.SharingEvent,
        held_on=dt.date(year, 10, 15),
        title="青工故事分享会",
    )
    for level, outlet in (("provincial", "内蒙古日报"), ("league", "本市融媒体中心")):
        _keep(
            edition,
            organization,
            actor,
            m.MediaReport,
            level=level,
            outlet=outlet,
            published_on=dt.date(year, 10, 20),
            title=f"{organization.name}青年职业技能大赛初赛举行（演示数据）",
        )
    _keep(
        edition,
        organization,
        actor,
        m.TrainingClass,
        title="数控车工示范培训班",
        starts_on=dt.date(year, 9, 1),
        trainees=60 if strong else 35,
        days=5,
        with_hrss=True,
    )
    _keep(
        edition,
        organization,
        actor,
        m.SafetyPlan,
        title="初赛安全卫生应急预案",
        agency="初赛安全保障组",
        responsible="演示·安全员",
        responsible_phone="13900000000",
    )


@transaction.atomic
def create_demo_orgaward(edition) -> str:
    """Does nothing when the demo organizations already keep records."""
    organizations = demo_organizations()
    if m.Committee.objects.filter(edition=edition, organization__in=organizations).exists():
        return "优秀组织奖：演示记录已存在"
    users = get_user_model().objects
    office = Actor(users.get(username="office"))
    forms = []
    for organization, username, strong in zip(
        organizations, ("registrar", "registrar2"), (True, False), strict=False
    ):
        actor = Actor(users.get(username=username))
        _records(edition, organization, actor, strong)
        forms.append(submission.submit(edition, organization, actor=actor))
    first = forms[0]
    scores = {row["key"]: row["score"] for row in first.rows}
    assessment.assess(first, scores, {}, [], "", actor=office)
    return (
        f"优秀组织奖：{len(forms)} 个演示单位已记录并提交自评表，"
        f"{first.organization} 已考核，其余待组委会办公室考核"
    )
