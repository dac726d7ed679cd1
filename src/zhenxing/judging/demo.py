"""Demo finals: one event scored, locked and published; 数控车工（职工组） half-way through scoring.

Everything goes through the services (audited, computed by the rules core); the extra judges
are demo accounts like the others. Run twice, it does nothing the second time.
"""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from zhenxing.editions.models import Edition, Event
from zhenxing.orgs.demo import DEMO_PASSWORD, demo_organizations
from zhenxing.orgs.models import Membership, Role
from zhenxing.registration import services as registration
from zhenxing.registration.demo import id_number
from zhenxing.registration.models import Entry

from . import integrity, services
from .models import Final

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


class _Actor(SimpleNamespace):
    def __init__(self, user):
        super().__init__(user=user, META={"REMOTE_ADDR": None})


def _account(username: str, role: str, event: Event, edition: Edition):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": f"演示·{Role(role).label}"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    Membership.objects.get_or_create(
        user=user, edition=edition, organization=event.host_unit, role=role, event=event
    )
    return user


def _finalists(edition: Edition, event: Event, count: int, rng: random.Random) -> None:
    """Make sure the event has `count` approved demo entries."""
    have = Entry.objects.filter(event=event, status=Entry.Status.APPROVED).count()
    cities = demo_organizations()
    for index in range(have, count):
        organization = cities[index % len(cities)]
        delegation = registration.delegation_of(edition, organization)
        delegation.is_demo = True
        delegation.save(update_fields=["is_demo"])
        birth = dt.date(1988 + index % 10, 1 + index % 12, 1 + index % 28)
        data = registration.EntryData(
            name=rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            occupation=event.occupation.name,
            group=event.group,
            birth_date=birth,
            gender="男",
            id_number=id_number("150102", birth, True, rng),
            phone=f"13{rng.randrange(10**9):09d}",
            employer=f"{organization.name}演示单位",
        )
        try:
            entry, _ = registration.save_entry(delegation, data)
        except registration.RegistrationError:
            continue
        entry.status = Entry.Status.APPROVED
        entry.save(update_fields=["status"])


def _score(final: Final, judges: list, rng: random.Random, leave_out: int) -> None:
    competitors = list(final.competitors.order_by("number"))
    scored = competitors[: len(competitors) - leave_out]
    for competitor in scored:
        level = rng.choice([1, 2, 2, 3])
        for index, judge in enumerate(judges):
            values = {"A3": str(level), "B1": str(max(0, min(3, level - (index == 2))))}
            if index == 0:
                values |= {"A1": "1", "A2": f"{rng.choice([0, 0.5, 1, 2])}"}
            services.save_sheet(
                final, competitor, judge, values, {}, request=_Actor(judge), paper=False
            )
    rows = {c.number: (str(rng.randrange(60, 100)), str(rng.randrange(55, 100))) for c in scored}
    services.save_theory(final, rows, request=_Actor(judges[0]))


def _prepare(edition, event, host, judges, count, rng) -> Final:
    _finalists(edition, event, count, rng)
    final = services.final_of(event)
    services.save_scheme(final, SCHEME, request=_Actor(host))
    services.draw_numbers(final, request=_Actor(host))
    final.refresh_from_db()
    return final


def _ended():
    return timezone.now() - dt.timedelta(days=1)


def _finish(final: Final, keeper, chief) -> None:
    """Decrypt, re-check, publish and settle one appeal, as the demo's finished event."""
    users = get_user_model().objects
    supervisor = users.filter(username="supervisor").first() or chief
    office = users.filter(username="office").first() or chief
    arbiter = users.filter(username="arbiter").first() or office
    final.refresh_from_db()
    while integrity.next_layer(final):
        step = integrity.request_decryption(final, request=_Actor(keeper))
        integrity.confirm_decryption(step, request=_Actor(supervisor))
    record = integrity.start_recheck(final, request=_Actor(supervisor))
    for item in record.items.all():
        integrity.record_recheck(item, True, "", request=_Actor(supervisor))
    final.refresh_from_db()
    services.publish(final, request=_Actor(office))
    appeal = integrity.lodge_appeal(
        final,
        "演示代表队领队",
        final.ends_at + dt.timedelta(hours=1),
        "认为 B1 工艺方案评分偏低",
        request=_Actor(arbiter),
    )
    integrity.decide_appeal(appeal, False, "经调阅评分记录，评分无误", request=_Actor(arbiter))


@transaction.atomic
def create_demo_finals(edition: Edition, seed: int = 2020) -> list[str]:
    """Returns what was created, for the command's output; nothing when the demo exists."""
    cnc = Event.objects.get(edition=edition, occupation__name="数控车工", group="worker")
    if Final.objects.filter(event=cnc, competitors__isnull=False).exists():
        return []
    rng = random.Random(seed)  # noqa: S311 — demo data, not security
    done = []
    host = get_user_model().objects.filter(username="host").first()
    judges = [get_user_model().objects.get(username="judge")]
    judges += [_account(f"judge{n}", Role.JUDGE, cnc, edition) for n in (2, 3)]
    final = _prepare(edition, cnc, host or judges[0], judges, 8, rng)
    _score(final, judges, rng, leave_out=2)
    done.append(f"{cnc}：评分进行中（8 名选手，2 名待评分）")

    other = Event.objects.filter(edition=edition, host_unit=cnc.host_unit, group="worker")
    other = other.exclude(pk=cnc.pk)
    other = other.select_related("occupation").first()
    if other is not None:
        panel = [_account(f"judge-{other.pk}-{n}", Role.JUDGE, other, edition) for n in (1, 2, 3)]
        chief = _account(f"chief-{other.pk}", Role.CHIEF_JUDGE, other, edition)
        keeper = _account(f"encryption-{other.pk}", Role.ENCRYPTION_OFFICER, other, edition)
        final = _prepare(edition, other, host or chief, panel, 10, rng)
        integrity.draw_layer(final, "station", request=_Actor(keeper))
        integrity.set_judged_by(final, "station", _ended(), request=_Actor(host or chief))
        final.refresh_from_db()
        _score(final, panel, rng, leave_out=0)
        services.lock(final, request=_Actor(chief))
        _finish(final, keeper, chief)
        done.append(f"{other}：已抽签、检录、评分、锁定、解密、复核、发布，并有一件已裁决的申诉")
    return done
