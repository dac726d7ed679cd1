"""A final of 数控车工（职工组） ready for scoring: panel, scheme, four finalists with numbers.

Panel (all of the host unit unless said): judge (the shared persona), judge2, judge3, chief
(chief judge), clerk and clerk2 (clerks), supervisor (edition-wide), encryption (encryption
officer). Finalists: 李娜 and 王芳 (delegation A), 赵敏 and 孙丽 (delegation B), approved.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from tests.conftest import PASSWORD
from tests.registration.conftest import cnc, delegations, entry_of, make_id  # noqa: F401

SCHEME = {
    "name": "数控车工实际操作",
    "modules": [
        {
            "key": "A",
            "label": "零件加工",
            "aspects": [
                {"key": "A1", "label": "安全防护", "max": "10", "kind": "all_or_nothing"},
                {"key": "A2", "label": "尺寸精度", "max": "30", "kind": "deduction"},
                {"key": "A3", "label": "表面质量", "max": "60", "kind": "scale_0_3"},
            ],
        }
    ],
}
NAMES = {"李娜": "A", "王芳": "A", "赵敏": "B", "孙丽": "B"}
HOST = ("host_unit", "中国航天科工集团第六研究院")


def _member(username, edition, role, event=None, org=HOST):
    from django.contrib.auth import get_user_model

    from zhenxing.orgs.models import Membership, Organization

    user = get_user_model().objects.create_user(username, password=PASSWORD)
    organization = Organization.objects.get(kind=org[0], name=org[1])
    Membership.objects.create(
        user=user, edition=edition, organization=organization, role=role, event=event
    )
    return user


class FakeRequest(SimpleNamespace):
    """What services read from a request: the user and the address (for the audit log)."""

    def __init__(self, user):
        super().__init__(user=user, META={"REMOTE_ADDR": "127.0.0.1"})


@pytest.fixture
def as_user():
    return FakeRequest


@pytest.fixture
def final(personas, edition, cnc, entry_of):  # noqa: F811
    from zhenxing.judging import services
    from zhenxing.registration.models import Entry

    people = dict(personas)
    for name in ("judge2", "judge3"):
        people[name] = _member(name, edition, "judge", cnc)
    people["chief"] = _member("chief", edition, "chief_judge", cnc)
    people["clerk"] = _member("clerk", edition, "clerk", cnc)
    people["clerk2"] = _member("clerk2", edition, "clerk", cnc)
    people["encryption"] = _member("encryption", edition, "encryption_officer", cnc)
    people["supervisor"] = _member(
        "supervisor", edition, "supervisor", org=("youth_league", "共青团内蒙古自治区委员会")
    )
    people["arbitrator"] = _member(
        "arbitrator", edition, "arbitrator", org=("hrss", "内蒙古自治区人力资源和社会保障厅")
    )
    for index, (name, key) in enumerate(NAMES.items()):
        entry_of(key, name=name, birth=dt.date(1990 + index, 3, 1), status=Entry.Status.APPROVED)
    final = services.final_of(cnc)
    services.save_scheme(final, SCHEME, request=FakeRequest(people["host"]))
    services.draw_numbers(final, request=FakeRequest(people["host"]))
    final.refresh_from_db()
    final.people = people
    return final


@pytest.fixture
def numbers(final):
    """Person name → contest number."""
    return {
        c.entry.person.name: c.number for c in final.competitors.select_related("entry__person")
    }


def score_all(final, marks_by_name: dict, numbers: dict, theory=("90", "80")):
    """Every judge scores directly: marks_by_name[name] = (A1 bool text, A2 text, [A3 per judge]);
    the competitors without theory scores get `theory` (current affairs, knowledge) unless None."""
    from zhenxing.judging import services
    from zhenxing.judging.models import TheoryScore

    people = final.people
    for name, (a1, a2, a3) in marks_by_name.items():
        competitor = final.competitors.get(number=numbers[name])
        if theory and not TheoryScore.objects.filter(competitor=competitor).exists():
            rows = {competitor.number: theory}
            services.save_theory(final, rows, request=FakeRequest(people["host"]))
        for judge, scale in zip(("judge", "judge2", "judge3"), a3, strict=True):
            values = {"A3": str(scale)}
            if judge == "judge":
                values |= {"A1": a1, "A2": a2}
            services.save_sheet(
                final,
                competitor,
                people[judge],
                values,
                {},
                request=FakeRequest(people[judge]),
                paper=False,
            )


def decrypt_and_recheck(final, people) -> None:
    """Every decryption step, asked by the encryption officer and confirmed by a supervisor; then
    a re-check in which every item is found right."""
    from zhenxing.judging import integrity

    final.refresh_from_db()
    while integrity.next_layer(final):
        step = integrity.request_decryption(final, request=FakeRequest(people["encryption"]))
        integrity.confirm_decryption(step, request=FakeRequest(people["supervisor"]))
    record = integrity.start_recheck(final, request=FakeRequest(people["supervisor"]))
    for item in record.items.all():
        integrity.record_recheck(item, True, "", request=FakeRequest(people["supervisor"]))
