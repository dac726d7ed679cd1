"""Fictional delegations (of fictional 盟市) and entries, marked as demo data, so a new
installation looks alive.

Every ID number is valid (correct check character, birth date inside the group's window) but
belongs to no one: names are drawn at random from common characters with a fixed seed.
"""

from __future__ import annotations

import datetime as dt
import random

from stdnum.cn import ric

from zhenxing.editions.models import Edition
from zhenxing.orgs.audit import SYSTEM
from zhenxing.orgs.demo import DEMO_CITIES, demo_organizations

from . import services, teams
from .models import Delegation, Entry
from .rights import RegistrationError

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国斌海燕飞宇浩然子轩雨欣博文晨阳思远嘉琪巴特尔乌兰其其格苏日娜"


def id_number(region: str, birth: dt.date, male: bool, rng: random.Random) -> str:
    gender_digit = rng.randrange(0, 10, 2) + (1 if male else 0)  # 17th digit: odd for men
    body = f"{region}{birth:%Y%m%d}{rng.randrange(100):02d}{gender_digit}"
    return body + ric.calc_check_digit(body + "0")  # the function ignores the last character


def _person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))


def _birth(edition: Edition, group: str, rng: random.Random) -> dt.date:
    window = edition.rulebook().groups[group]
    first_day = edition.period_start
    # an open end: at least 20 in the edition's year (2020-nmg's 职工组: born in 2000 at the latest)
    start = window.born_from or dt.date(first_day.year - 35, 1, 1)
    end = window.born_to or dt.date(first_day.year - 20, 12, 31)
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def create_demo_entries(edition: Edition, per_delegation: int = 8, seed: int = 2020) -> int:
    """Fill the edition with demo delegations; does nothing if they already exist."""
    if Delegation.objects.filter(edition=edition, is_demo=True).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 — demo data, not security
    events = list(edition.events.select_related("occupation"))
    singles = [event for event in events if not event.is_team_event]
    created = 0
    for organization in demo_organizations():
        city = organization.name
        delegation = demo_delegation(edition, organization)
        services.save_delegation(delegation, {"leader_name": _person_name(rng)}, actor=SYSTEM)
        for _ in range(per_delegation):
            event = rng.choice(singles)
            entry = _demo_entry(delegation, event, rng)
            if entry is None:
                continue
            move_on(entry, rng.choice(list(_STEPS)))
            created += 1
        for event in events:  # a pairs or three-person event: one full team, approved
            if event.is_team_event:
                members = [_demo_entry(delegation, event, rng) for _ in range(event.team_size)]
                members = [entry for entry in members if entry is not None]
                if not members:
                    continue
                ids = [entry.pk for entry in members]
                teams.save_team(delegation, event, f"{city}一队", ids, actor=SYSTEM)
                for entry in members:
                    entry.refresh_from_db()  # its version went up as it joined the team
                    move_on(entry, Entry.Status.APPROVED)
                created += len(members)
    return created


def _demo_entry(delegation, event, rng: random.Random) -> Entry | None:
    """One demo contestant of the delegation in the event (None when the rules refuse it)."""
    edition = delegation.edition
    male = rng.random() < 0.7
    birth = _birth(edition, event.group, rng)
    student = event.group == "student"
    rules = edition.rulebook().eligibility
    data = services.EntryData(
        name=_person_name(rng),
        occupation=event.occupation.name,
        group=event.group,
        birth_date=birth,
        gender="男" if male else "女",
        id_number=id_number(DEMO_CITIES[delegation.organization.name], birth, male, rng),
        phone=f"13{rng.randrange(10**9):09d}",
        employer=f"{delegation.organization.name}演示单位",
        full_time_student=student,
        non_public_economy=rng.random() < 0.2,
        # where the rulebook asks (2025 安徽): registered at a school of the region in time
        school_enrolled_on=(
            rules.student_enrolled_by.replace(year=rules.student_enrolled_by.year - 1)
            if student and rules.student_enrolled_by
            else None
        ),
        school_province=rules.school_provinces[0] if student and rules.school_provinces else "",
    )
    try:
        entry, _ = services.save_entry(delegation, data, actor=SYSTEM)
    except RegistrationError:
        return None
    return entry


def demo_delegation(edition: Edition, organization) -> Delegation:
    """The delegation of a fictional 盟市 (demo data, as its organization is)."""
    return services.delegation_of(edition, organization, actor=SYSTEM)


_STEPS = {
    Entry.Status.DRAFT: 0,
    Entry.Status.SUBMITTED: 1,
    Entry.Status.APPROVED: 2,
}


def move_on(entry: Entry, status: str) -> None:
    """Take a demo entry from draft to `status` through the review workflow (an ineligible
    entry is kept back at submission, as a registrar's would be)."""
    if _STEPS[status] >= 1:
        services.submit(entry.delegation, actor=SYSTEM, only=[entry])
        entry.refresh_from_db()
    if _STEPS[status] >= 2 and entry.status == Entry.Status.SUBMITTED:
        services.approve(entry, actor=SYSTEM)
