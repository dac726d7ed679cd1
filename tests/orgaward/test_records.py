"""Records each organization keeps for the excellent organization award, with evidence: its
registrars keep their own, the committee office reads every organization's, nobody else sees
them (404); uploads are checked by content and size; every write is audited."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhenxing.orgaward import records
from zhenxing.orgaward.models import Evidence, MediaReport, Preliminary, SelfEvaluation
from zhenxing.orgs.models import AuditEntry, Organization

pytestmark = pytest.mark.django_db
BASE = "/office/2020-nmg/orgaward/"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _org(name="呼和浩特市"):
    return Organization.objects.get(kind="league_city", name=name)


def _media(edition, org=None, **changes):
    data = {
        "level": "provincial",
        "outlet": "内蒙古日报",
        "published_on": "2020-10-12",
        "title": "呼和浩特市青年技能大赛开幕",
    }
    data.update(changes)
    return MediaReport.objects.create(edition=edition, organization=org or _org(), **data)


def _page(org=None, tail=""):
    return f"{BASE}{(org or _org()).pk}/{tail}"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office", 200),
        ("alice", 302),
        ("hrss", 404),
        ("host", 404),
        ("judge", 404),
        ("charlie", 404),
    ],
)
def test_the_award_home_is_the_offices_list_and_a_registrars_way_to_their_own(
    login, persona, expected
):
    response = login(persona).get(BASE)
    assert response.status_code == expected
    if persona == "office":
        page = response.content.decode()
        assert "呼和浩特" in page and "包头" in page and "未提交" in page
    if persona == "alice":
        assert response["Location"] == _page()


def test_anonymous_visitors_are_sent_to_sign_in(login):
    response = login(None).get(_page())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("alice", 200), ("office", 200), ("bob", 404), ("hrss", 404), ("host", 404), ("charlie", 404)],
)
def test_an_organizations_records_are_seen_by_it_and_the_office_only(
    login, edition, persona, expected
):
    report = _media(edition)
    pages = [_page(), _page(tail="media/"), _page(tail=f"media/{report.pk}/")]
    for page in pages:
        response = login(persona).get(page)
        assert response.status_code == expected, page
        if expected == 200 and page.endswith("media/"):
            assert "内蒙古日报" in response.content.decode()


def test_a_registrar_adds_a_media_report_and_it_is_audited(login, edition, personas):
    response = login("alice").post(
        _page(tail="media/new/"),
        {
            "level": "central",
            "outlet": "中国青年报",
            "published_on": "2020-11-02",
            "title": "振兴杯在呼和浩特开赛",
            "link": "https://example.cn/news/1",
        },
    )
    report = MediaReport.objects.get(organization=_org())
    assert response.status_code == 302 and response["Location"].endswith(f"media/{report.pk}/")
    page = login("alice").get(_page(tail="media/")).content.decode()
    assert "中国青年报" in page and "中央媒体（含新媒体）" in page and "新增媒体报道" in page
    entry = AuditEntry.objects.get(action="orgaward.record.created")
    assert entry.actor == personas["alice"] and entry.changes["outlet"] == [None, "中国青年报"]


def test_the_safety_plans_phone_is_masked_in_the_audit_log(login, edition):
    data = {"title": "应急预案", "agency": "安全组", "responsible": "王五"}
    response = login("alice").post(
        _page(tail="safety/new/"), data | {"responsible_phone": "13912340000"}
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="orgaward.record.created")
    assert entry.changes["responsible_phone"] == ["", "139****0000"]
    assert "13912340000" not in str(entry.changes)


def test_the_office_reads_but_does_not_write_an_organizations_records(login, edition):
    report = _media(edition)
    office = login("office")
    page = office.get(_page(tail=f"media/{report.pk}/")).content.decode()
    assert "内蒙古日报" in page and '<form method="post" novalidate' not in page
    assert "新增媒体报道" not in office.get(_page(tail="media/")).content.decode()
    assert office.get(_page(tail="media/new/")).status_code == 403
    data = {"level": "central", "outlet": "x", "published_on": "2020-11-02", "title": "x"}
    assert office.post(_page(tail=f"media/{report.pk}/"), data).status_code == 403
    assert office.post(_page(tail=f"media/{report.pk}/delete/")).status_code == 403
    report.refresh_from_db()
    assert report.outlet == "内蒙古日报"


def test_another_delegation_cannot_write_either(login, edition):
    report = _media(edition)
    bob = login("bob")
    assert bob.post(_page(tail="media/new/"), {"outlet": "x"}).status_code == 404
    assert bob.post(_page(tail=f"media/{report.pk}/delete/")).status_code == 404
    # nor reach it through bob's own organization's address
    assert bob.get(_page(_org("包头市"), f"media/{report.pk}/")).status_code == 404
    assert MediaReport.objects.filter(pk=report.pk).exists()


def test_form_problems_are_tied_to_their_fields(login):
    response = login("alice").post(
        _page(tail="preliminary/new/"),
        {
            "occupation": "数控车工",
            "level": "league",
            "starts_on": "2020-10-10",
            "ends_on": "2020-10-01",
            "venue": "呼和浩特职业学院",
            "participants": "40",
            "winners": "1 张伟 包钢集团\n第二名 李强",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Preliminary.objects.exists()
    assert "结束日期不能早于开始日期" in page
    assert "第 2 行应以名次（正整数）开头" in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="id_ends_on_errors"' in page
    assert 'id="id_ends_on_errors"' in page and 'id="id_winners_errors"' in page


def test_a_preliminary_names_the_regional_event_its_winners_go_to(login, edition, cnc):
    alice = login("alice")
    response = alice.post(
        _page(tail="preliminary/new/"),
        {
            "occupation": "数控车工",
            "level": "league",
            "starts_on": "2020-10-01",
            "ends_on": "2020-10-03",
            "venue": "呼和浩特职业学院",
            "participants": "40",
            "final_event": str(cnc.pk),
            "winners": "1 张伟 包钢集团\n2 李强",
        },
    )
    assert response.status_code == 302
    preliminary = Preliminary.objects.get()
    assert preliminary.final_event == cnc and preliminary.winner_rows()[1] == ("2", "李强")
    assert "数控车工（职工组）" in alice.get(_page(tail="preliminary/")).content.decode()


def _upload(client, record, name, content, kind="media"):
    return client.post(
        _page(tail=f"{kind}/{record.pk}/evidence/"),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_evidence_is_served_only_to_its_organization_and_the_office(
    login, edition, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    report = _media(edition)
    page = _upload(login("alice"), report, "截图.png", PNG).content.decode()
    assert "已上传佐证材料：截图.png" in page
    evidence = Evidence.objects.get()
    address = f"{BASE}evidence/{evidence.pk}/"
    for persona in ("alice", "office"):
        response = login(persona).get(address)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == PNG
    for persona in ("bob", "hrss", "host", "charlie"):
        assert login(persona).get(address).status_code == 404
    assert login("office").post(f"{address}delete/").status_code == 403
    assert AuditEntry.objects.filter(action="orgaward.evidence.uploaded").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("报道.pdf", b"<html><script>alert(1)</script></html>", "不是 PDF、JPG 或 PNG"),
        ("报道.png", b"MZ\x90\x00" + b"\x00" * 60, "不是 PDF、JPG 或 PNG"),
        ("空.pdf", b"", "文件是空的"),
    ],
)
def test_hostile_uploads_are_refused_in_chinese(
    login, edition, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    report = _media(edition)
    page = _upload(login("alice"), report, name, content).content.decode()
    assert message in page and not Evidence.objects.exists()


def test_a_file_over_the_limit_is_refused(login, edition, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(records, "MAX_BYTES", 100)
    report = _media(edition)
    page = _upload(login("alice"), report, "大.pdf", PDF + b"0" * 200).content.decode()
    assert "超过 10 MB" in page and not Evidence.objects.exists()


def test_deleting_a_record_deletes_its_evidence(login, edition, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = _media(edition)
    alice = login("alice")
    _upload(alice, report, "通知.pdf", PDF)
    response = alice.post(_page(tail=f"media/{report.pk}/delete/"), follow=True)
    assert "已删除" in response.content.decode()
    assert not MediaReport.objects.exists() and not Evidence.objects.exists()
    assert AuditEntry.objects.get(action="orgaward.record.deleted").changes["evidence"][0] == (
        "通知.pdf"
    )


def test_records_are_read_only_while_the_self_evaluation_is_submitted(login, edition):
    report = _media(edition)
    SelfEvaluation.objects.create(edition=edition, organization=_org(), status="submitted")
    alice = login("alice")
    page = alice.get(_page(tail=f"media/{report.pk}/")).content.decode()
    assert "记录和佐证材料只读" in page and "删除这条记录" not in page
    data = {"level": "central", "outlet": "新华网", "published_on": "2020-11-02", "title": "x"}
    page = alice.post(_page(tail=f"media/{report.pk}/"), data).content.decode()
    assert "自评表已提交" in page
    report.refresh_from_db()
    assert report.outlet == "内蒙古日报"
    page = alice.get(_page(tail="media/new/"), follow=True).content.decode()
    assert "自评表已提交" in page and "新增媒体报道</h1>" not in page


def test_wrong_methods_and_unknown_kinds(login, edition):
    alice = login("alice")
    assert alice.get(_page(tail="nonsense/")).status_code == 404
    assert alice.get(f"{BASE}evidence/999/delete/").status_code == 405


def test_a_finalists_entry_points_to_the_preliminary_that_sent_them(login, edition, cnc, entry_of):
    mine = entry_of("A", name="李娜", status="approved")
    theirs = entry_of("B", name="赵敏", birth=dt.date(1993, 2, 3), status="approved")
    data = {
        "occupation": "数控车工",
        "level": "league",
        "starts_on": "2020-10-01",
        "ends_on": "2020-10-03",
        "venue": "呼和浩特职业学院",
        "participants": "40",
        "final_event": str(cnc.pk),
        "winners": "1 李娜",
        "finalists": [str(mine.pk)],
    }
    alice = login("alice")
    page = alice.post(_page(tail="preliminary/new/"), data | {"finalists": [str(theirs.pk)]})
    assert 'aria-describedby="id_finalists_errors"' in page.content.decode()
    assert not Preliminary.objects.exists()
    page = alice.post(_page(tail="preliminary/new/"), data | {"final_event": ""}).content.decode()
    assert "请先选择优胜选手参加的决赛项目" in page
    assert alice.post(_page(tail="preliminary/new/"), data).status_code == 302
    preliminary = Preliminary.objects.get()
    assert list(preliminary.finalists.all()) == [mine]
    entry = AuditEntry.objects.get(action="orgaward.record.created")
    assert entry.changes["finalists"] == [None, str(mine)]
    assert (
        "李娜 · 数控车工（职工组）"
        in login("office").get(_page(tail=f"preliminary/{preliminary.pk}/")).content.decode()
    )
    entry_page = login("alice").get(f"/office/2020-nmg/entries/{mine.pk}/").content.decode()
    assert (
        "选送的初赛" in entry_page
        and "数控车工（盟市级，2020年10月1日，呼和浩特职业学院）" in entry_page
    )
    other = login("bob").get(f"/office/2020-nmg/entries/{theirs.pk}/").content.decode()
    assert "选送的初赛" not in other


def test_a_change_from_an_out_of_date_page_is_refused(login, edition):
    report = _media(edition)
    alice = login("alice")
    page = alice.get(_page(tail=f"media/{report.pk}/")).content.decode()
    assert 'name="version" value="1"' in page
    data = {
        "level": "provincial",
        "outlet": "内蒙古日报",
        "published_on": "2020-10-12",
        "title": "改过的标题",
        "version": "1",
    }
    assert alice.post(_page(tail=f"media/{report.pk}/"), data).status_code == 302
    page = alice.post(_page(tail=f"media/{report.pk}/"), data | {"title": "另一个标题"})
    text = page.content.decode()
    assert "在您打开页面之后已被他人修改" in text and "改过的标题" in text
    assert 'name="version" value="1"' in text
    report.refresh_from_db()
    assert report.title == "改过的标题" and report.version == 2
