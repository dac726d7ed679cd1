"""Host units set their events' arrangements; delegations and the public see them."""

import pytest

from zhenxing.registration.models import Arrangement


def page(pk):
    return f"/office/2020-nmg/events/{pk}/arrangement/"


def test_host_sets_dates_venue_and_documents_and_the_public_sees_them(login, cnc, client):
    response = login("host").post(
        page(cnc.pk),
        {
            "starts_on": "2020-11-10",
            "ends_on": "2020-11-12",
            "venue": "呼和浩特航天实训基地",
            "check_in": "携带身份证原件",
            "required_documents": ["身份证扫描件", "在职证明"],
        },
    )
    assert response.status_code == 302
    arrangement = Arrangement.objects.get(event=cnc)
    assert arrangement.required_documents == ["身份证扫描件", "在职证明"]
    client.logout()
    home = client.get("/").content.decode()
    assert "11月10日—11月12日 呼和浩特航天实训基地" in home


@pytest.mark.parametrize(
    ("persona", "status"),
    [("office", 302), ("hrss", 403), ("alice", 404), ("judge", 404), ("charlie", 404)],
)
def test_who_may_set_arrangements(login, cnc, persona, status):
    response = login(persona).post(page(cnc.pk), {"venue": "某地"})
    assert response.status_code == status


def test_host_cannot_arrange_another_hosts_event(login, edition):
    from zhenxing.editions.models import Event

    power = Event.objects.get(occupation__name="配电电缆工")
    assert login("host").get(page(power.pk)).status_code == 404


def test_end_before_start_is_refused(login, cnc):
    response = login("host").post(
        page(cnc.pk), {"starts_on": "2020-11-12", "ends_on": "2020-11-10"}
    )
    assert response.status_code == 400 and "结束日期不能早于开始日期" in response.content.decode()
    assert not Arrangement.objects.exists()


@pytest.mark.parametrize(
    ("starts_on", "ends_on"), [("1900-01-01", "2020-11-10"), ("2020-11-10", "3000-01-01")]
)
def test_dates_outside_the_editions_period_are_refused(login, cnc, starts_on, ends_on):
    response = login("host").post(page(cnc.pk), {"starts_on": starts_on, "ends_on": ends_on})
    page_text = response.content.decode()
    assert response.status_code == 400
    assert "应在本届大赛举办期间（2020年9月1日至2020年11月30日）内" in page_text
    assert not Arrangement.objects.exists()


def test_control_characters_in_the_venue_are_refused(login, cnc):
    response = login("host").post(page(cnc.pk), {"venue": "呼和浩特\x07基地"})
    assert response.status_code == 400 and "控制字符" in response.content.decode()
    assert not Arrangement.objects.exists()


def test_entries_lacking_a_required_document_are_flagged_and_reviewed_one_by_one(
    login, cnc, entry_of, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhenxing.registration.models import Entry

    settings.MEDIA_ROOT = tmp_path
    Arrangement.objects.create(event=cnc, required_documents=["身份证扫描件"])
    lacking = entry_of("A", name="甲一", status="submitted")
    complete = entry_of("A", name="乙二", status="submitted")
    login("alice").post(
        f"/office/2020-nmg/entries/{complete.pk}/documents/",
        {"kind": "身份证扫描件", "file": SimpleUploadedFile("id.pdf", b"%PDF-1.4 x")},
    )
    queue = login("host").get("/office/2020-nmg/review/").content.decode()
    assert queue.count("缺材料：身份证扫描件") == 1 and "一次通过全部无提示的报名（1 条）" in queue
    page = login("alice").get(f"/office/2020-nmg/entries/{lacking.pk}/").content.decode()
    assert "（尚缺：身份证扫描件）" in page
    login("host").post("/office/2020-nmg/review/approve-clean/")
    assert dict(Entry.objects.values_list("person__name", "status")) == {
        "甲一": "submitted",
        "乙二": "approved",
    }
