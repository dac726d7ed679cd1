"""Two edits of one record never overwrite each other: each form carries the version it showed,
and a save over a newer one is refused, saying what changed since."""

import datetime as dt

import pytest

from zhenxing.registration.models import Arrangement, Delegation, Entry

pytestmark = pytest.mark.django_db


def test_the_second_of_two_edits_of_an_entry_is_refused_and_told_what_changed(
    login, entry_of, entry_form, cnc
):
    entry = entry_of("A")
    client = login("alice")
    url = f"/office/2020-nmg/entries/{entry.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'name="version" value="1"' in page
    mine = entry_form(cnc.pk, name="李娜", birth=dt.date(1992, 5, 6), gender="女")
    mine["id_number"] = entry.person.document_number
    first = client.post(url, mine | {"employer": "包钢集团", "version": "1"}, follow=True)
    assert "已保存 李娜 的报名" in first.content.decode()
    late = client.post(url, mine | {"employer": "北方重工", "version": "1"})
    text = late.content.decode()
    assert late.status_code == 400
    assert "没有保存：该报名在您打开页面之后已被他人修改" in text and "包钢集团" in text
    entry.refresh_from_db()
    assert (entry.employer, entry.version) == ("包钢集团", 2)


def test_a_review_after_the_form_was_opened_makes_it_stale(login, entry_of, entry_form, cnc):
    entry = entry_of("A", status=Entry.Status.SUBMITTED)
    shown = Entry.objects.get(pk=entry.pk).version
    login("office").post(f"/office/2020-nmg/entries/{entry.pk}/return/", {"reason": "缺照片"})
    data = entry_form(cnc.pk, name="李娜", birth=dt.date(1992, 5, 6), gender="女")
    data["id_number"] = entry.person.document_number
    response = login("alice").post(
        f"/office/2020-nmg/entries/{entry.pk}/edit/", data | {"version": str(shown)}
    )
    assert (
        "已被他人修改" in response.content.decode() and "退回修改报名" in response.content.decode()
    )


def test_delegation_arrangement_and_organization_forms_carry_their_version(
    login, delegations, cnc, personas
):
    delegation = delegations["A"]
    client = login("alice")
    url = f"/office/2020-nmg/delegations/{delegation.pk}/"
    data = {"leader_name": "王领队", "leader_phone": "", "contact_name": "", "contact_phone": ""}
    client.post(url, data | {"version": "1"})
    stale = client.post(url, data | {"leader_name": "李领队", "version": "1"})
    assert "已被他人修改" in stale.content.decode()
    assert Delegation.objects.get(pk=delegation.pk).leader_name == "王领队"

    host = login("host")
    arrangement = f"/office/2020-nmg/events/{cnc.pk}/arrangement/"
    host.post(arrangement, {"venue": "呼和浩特", "version": ""})
    host.post(arrangement, {"venue": "包头", "version": "1"})
    stale = host.post(arrangement, {"venue": "赤峰", "version": "1"})
    assert "已被他人修改" in stale.content.decode()
    assert Arrangement.objects.get(event=cnc).venue == "包头"

    organization = delegation.organization
    page = f"/office/2020-nmg/organizations/{organization.pk}/"
    client = login("alice")
    client.post(page, {"contact_name": "张三", "version": "1"})
    stale = client.post(page, {"contact_name": "李四", "version": "1"})
    assert "已被他人修改" in stale.content.decode()
    organization.refresh_from_db()
    assert organization.contact_name == "张三"
