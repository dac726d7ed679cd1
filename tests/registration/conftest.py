import datetime as dt

import pytest
from stdnum.cn import ric


def make_id(birth: dt.date, male: bool = True, region: str = "150102", seq: str = "12") -> str:
    body = f"{region}{birth:%Y%m%d}{seq}{3 if male else 4}"
    return body + ric.calc_check_digit(body + "0")


@pytest.fixture
def entry_form():
    """A valid workers' group entry for 数控车工 as the web form posts it."""

    def _form(event_pk, **changes):
        birth = changes.pop("birth", dt.date(1990, 3, 1))
        data = {
            "name": "张伟",
            "gender": "男",
            "document_type": "resident_id",
            "id_number": make_id(birth),
            "birth_date": birth.isoformat(),
            "phone": "13812345678",
            "event": str(event_pk),
            "employer": "包钢集团",
        }
        data.update(changes)
        return data

    return _form


@pytest.fixture
def cnc(edition):
    from zhenxing.editions.models import Event

    return Event.objects.get(occupation__name="数控车工", group="worker")


@pytest.fixture
def delegations(personas, edition):
    from zhenxing.orgs.models import Organization
    from zhenxing.registration.services import delegation_of

    return {
        "A": delegation_of(
            edition, Organization.objects.get(kind="league_city", name="呼和浩特市")
        ),
        "B": delegation_of(edition, Organization.objects.get(kind="league_city", name="包头市")),
    }


@pytest.fixture
def entry_of(delegations, cnc):
    """entry_of("A") stores one eligible entry for delegation A (through the service)."""
    from zhenxing.registration.services import EntryData, save_entry

    def _entry(key, name="李娜", birth=dt.date(1992, 5, 6), status=None):
        data = EntryData(
            name=name,
            occupation="数控车工",
            group="worker",
            birth_date=birth,
            gender="女",
            id_number=make_id(birth, male=False, seq=f"{sum(map(ord, name)) % 100:02d}"),
            phone="13900001111",
        )
        entry, _ = save_entry(delegations[key], data)
        if status:
            entry.status = status
            entry.save()
        return entry

    return _entry
