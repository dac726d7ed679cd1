"""What the talent tests share: the organizations, and people added through the service."""

import datetime as dt

import pytest

from tests.support import actor, make_id
from zhenxing.orgs.models import Organization
from zhenxing.talent import services


def org(name="呼和浩特市"):
    return Organization.objects.get(kind="league_city", name=name)


def person_input(name="周强", birth=dt.date(1996, 4, 2), male=True, **changes):
    data = {
        "name": name,
        "birth_date": birth,
        "gender": "男" if male else "女",
        "document_number": make_id(birth, male=male, seq=f"{sum(map(ord, name)) % 100:02d}"),
        "phone": "13700001234",
        "occupation": "焊工",
        "region": "呼和浩特市",
    }
    data.update(changes)
    return services.PersonInput(**data)


@pytest.fixture
def added(edition, personas):
    """added(name, by="alice") adds a person to the persona's organization through the service."""

    def _add(name="周强", by="alice", **changes):
        organization = org("呼和浩特市" if by == "alice" else "包头市")
        keeping = services.add_person(
            edition, organization, person_input(name, **changes), actor=actor(personas[by])
        )
        return keeping.person

    return _add
