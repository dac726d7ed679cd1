"""The committee office sets what the notice announces later — the registration deadline and
the national-level events' host units — on a page of its own, not in Django admin."""

import pytest

from zhenxing.editions.models import Event
from zhenxing.orgs.models import AuditEntry

pytestmark = pytest.mark.django_db
PAGE = "/office/2020-nmg/settings/"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("office", 200), ("hrss", 403), ("host", 403), ("alice", 403), ("charlie", 404)],
)
def test_the_settings_page_is_the_offices(login, persona, expected, edition):
    assert login(persona).get(PAGE).status_code == expected
    posted = login(persona).post(PAGE, {"deadline": "2020-08-31"}).status_code
    assert posted == (302 if persona == "office" else expected)
    edition.refresh_from_db()
    assert (edition.registration_deadline is not None) == (persona == "office")


def test_the_office_sets_the_deadline_and_a_host_unit_and_the_dashboard_follows(login, edition):
    office = login("office")
    dashboard = office.get("/dashboard/").content.decode()
    assert f'href="{PAGE}"' in dashboard and "/admin/" not in dashboard.split("工作台")[-1]
    response = office.post(PAGE, {"deadline": "2020-08-31"}, follow=True)
    assert "报名截止日期：2020年8月31日" in response.content.decode()
    edition.refresh_from_db()
    assert str(edition.registration_deadline) == "2020-08-31"
    late = office.post(PAGE, {"deadline": "2021-01-01"}, follow=True).content.decode()
    assert "报名截止日期不能晚于比赛结束" in late
    wrong = office.post(PAGE, {"deadline": "31/08/2020"}, follow=True).content.decode()
    assert "日期格式应为 2020-08-31" in wrong
    national = Event.objects.filter(edition=edition, host_unit__isnull=True).first()
    data = {"event": national.pk, "new_host": "内蒙古机电职业技术学院"}
    response = office.post(PAGE, data, follow=True)
    assert f"{national} 的承办单位：内蒙古机电职业技术学院" in response.content.decode()
    national.refresh_from_db()
    assert national.host_unit.name == "内蒙古机电职业技术学院"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"edition.changed", "edition.event.changed", "edition.host_unit.created"} <= actions
    hostile = office.post(PAGE, {"event": national.pk, "new_host": "坏\x00名"}, follow=True)
    assert hostile.status_code == 200 and "承办单位" in hostile.content.decode()
