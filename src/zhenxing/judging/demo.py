"""Demo finals: the edition's demo event (orgs.demo.demo_event — 2020-nmg: 数控车工（职工组）)
half-way through scoring; another event of the same host unit and group drawn, checked in, scored,
locked and decrypted (results/ takes it on to publication).

Everything goes through the services as the demo account whose job it is (audited, computed by
the rules core); the extra judges are demo accounts like the others. Run twice, it does nothing
the second time.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zhenxing.editions.models import Edition, Event
from zhenxing.orgs.audit import SYSTEM, Actor
from zhenxing.orgs.demo import DEMO_PASSWORD, demo_event, demo_organizations
from zhenxing.orgs.models import Role
from zhenxing.registration import services as registration
from zhenxing.registration.demo import demo_delegation, id_number, move_on
from zhenxing.registration.models import Entry
from zhenxing.registration.rights import RegistrationError

from .anonymity import (
    confirm_decryption,
    draw_layer,
    draw_numbers,
    next_layer,
    request_decryption,
    set_final_settings,
)
from .lock import lock
from .locking import final_of
from .marks import save_sheet
from .models import Final
from .panel import appoint
from .schemes import save_scheme
from .theory import save_theory

SCHEME = {
    "name": "实际操作（演示）",
    "modules": [
        {
            "key": "A",
            "label": "工件加工",
            "aspects": [
                {"key": "A1", "label": "安全文明生产", "max": "5", "kind": "all_or_nothing"},
                {"key": "A2", "label": "尺寸精度", "max": "40", "kind": "deduction"},
                {"key": "A3", "label": "表面质量", "max": "30", "kind": "scale_0_3"},
            ],
        },
        {
            "key": "B",
            "label": "工艺",
            "aspects": [
                {"key": "B1", "label": "工艺方案", "max": "25", "kind": "scale_0_3"},
            ],
        },
    ],
}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂"


def _account(username: str, role: str):
    """A demo user for a panel role (appointed to the event by the host unit in `_prepare`)."""
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": f"演示·{Role(role).label}"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user, role


def _finalists(edition: Edition, event: Event, count: int, rng: random.Random) -> None:
    """Make sure the event has `count` approved demo entries (a team event's approved teams are
    registration's demo's: entries in no team would stay out of the final)."""
    if event.is_team_event:
        return
    have = Entry.objects.filter(event=event, status=Entry.Status.APPROVED).count()
    cities = demo_organizations()
    for index in range(have, count):
        organization = cities[index % len(cities)]
        delegation = demo_delegation(edition, organization)
        birth = _finalist_birth(edition, event.group, index)
        data = registration.EntryData(
            name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            occupation=event.occupation.name,
            group=event.group,
            birth_date=birth,
            gender="男",
            id_number=id_number("150102", birth, True, rng),
            phone=f"13{rng.randrange(10**9):09d}",
            employer=f"{organization.name}演示单位",
            full_time_student=event.group == "student",
        )
        try:
            entry, _ = registration.save_entry(delegation, data, actor=SYSTEM)
        except RegistrationError:
            continue
        move_on(entry, Entry.Status.APPROVED)


def _finalist_birth(edition: Edition, group: str, index: int) -> dt.date:
    """Inside the group's window: from the year after its first birth date, five years round."""
    window = edition.rulebook().groups[group]
    first = window.born_from or dt.date(edition.period_start.year - 35, 1, 1)
    return dt.date(first.year + 1 + index % 5, 1 + index % 12, 1 + index % 28)


def _score(final: Final, judges: list, host, rng: random.Random, leave_out: int) -> None:
    competitors = list(final.competitors.order_by("number"))
    scored = competitors[: len(competitors) - leave_out]
    for competitor in scored:
        level = rng.choice([1, 2, 2, 3])
        for index, judge in enumerate(judges):
            values = {"A3": str(level), "B1": str(max(0, min(3, level - (index == 2))))}
            if index == 0:
                values |= {"A1": "1", "A2": f"{rng.choice([0, 0.5, 1, 2])}"}
            save_sheet(final, competitor, judge, values, {}, actor=Actor(judge), paper=False)
    rows = {c.number: (str(rng.randrange(60, 100)), str(rng.randrange(55, 100))) for c in scored}
    save_theory(final, rows, actor=Actor(host))


def _prepare(edition, event, host, panel, keeper, count, rng) -> Final:
    _finalists(edition, event, count, rng)
    final = final_of(event)
    for user, role in panel:
        appoint(final, user, role, event.host_unit, actor=Actor(host))
    save_scheme(final, SCHEME, actor=Actor(host))
    draw_numbers(final, actor=Actor(keeper))
    final.refresh_from_db()
    return final


def _ended():
    """The finished event ended ten days ago: its publication period is over."""
    return timezone.now() - dt.timedelta(days=10)


@transaction.atomic
def create_demo_finals(edition: Edition, seed: int = 2020) -> tuple[list[str], Final | None]:
    """What was created, for the command's output, and the locked final that results/ takes on
    to publication; nothing when the demo exists."""
    first = demo_event(edition)
    if first is None or Final.objects.filter(event=first, competitors__isnull=False).exists():
        return [], None
    rng = random.Random(seed)  # noqa: S311 — demo data, not security
    users = get_user_model().objects
    host = users.get(username="host")
    added = [_account(f"judge{n}", Role.JUDGE) for n in (2, 3)]
    judges = [users.get(username="judge"), *(user for user, _ in added)]
    final = _prepare(edition, first, host, added, users.get(username="encryption"), 8, rng)
    _score(final, judges, host, rng, leave_out=2)
    unit = first.finalist_unit
    done = [f"{first}：评分进行中（{final.competitors.count()} {unit}，2 {unit}待评分）"]

    other = Event.objects.filter(edition=edition, host_unit=first.host_unit, group=first.group)
    other = other.exclude(pk=first.pk).select_related("occupation").first()
    if other is None:
        return done, None
    panel = [_account(f"judge-{other.pk}-{n}", Role.JUDGE) for n in (1, 2, 3)]
    chief = _account(f"chief-{other.pk}", Role.CHIEF_JUDGE)
    keeper = _account(f"encryption-{other.pk}", Role.ENCRYPTION_OFFICER)
    final = _prepare(edition, other, host, [*panel, chief, keeper], keeper[0], 10, rng)
    judges, chief, keeper = [user for user, _ in panel], chief[0], keeper[0]
    draw_layer(final, "station", actor=Actor(keeper))
    set_final_settings(final, "station", _ended(), actor=Actor(host))
    final.refresh_from_db()
    _score(final, judges, host, rng, leave_out=0)
    lock(final, actor=Actor(chief))
    _decrypt(final, keeper, users.get(username="supervisor"))
    final.refresh_from_db()
    return done, final


def _decrypt(final: Final, keeper, supervisor) -> None:
    """Every layer, asked for by the encryption officer and confirmed by a supervisor."""
    final.refresh_from_db()
    while next_layer(final):
        step = request_decryption(final, actor=Actor(keeper))
        confirm_decryption(step, actor=Actor(supervisor))
