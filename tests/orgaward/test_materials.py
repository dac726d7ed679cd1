"""Materials for §七.1: each organization uploads per item of the rulebook's checklist (videos up
to a size set in settings, never served inline), the office sees who has sent what, overdue
items are marked on the pages and dashboards."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from zhenxing.orgaward.models import Material, SelfEvaluation
from zhenxing.orgs.models import AuditEntry, Organization

pytestmark = pytest.mark.django_db
BASE = "/office/2020-nmg/orgaward/"
PDF = b"%PDF-1.4\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
ITEMS = ["简报", "新闻通稿", "图片", "视频", "比赛结果", "符合条件可授予相关荣誉的选手资料"]


def _org(name="呼和浩特市"):
    return Organization.objects.get(kind="league_city", name=name)


def _page(org=None):
    return f"{BASE}{(org or _org()).pk}/materials/"


def _send(client, item, name, content, org=None):
    file = SimpleUploadedFile(name, content)
    return client.post(_page(org), {"item": item, "file": file}, follow=True).content.decode()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def before_deadline(edition):
    edition.materials_deadline = dt.date.today() + dt.timedelta(days=10)
    edition.save()
    return edition


@pytest.fixture
def after_deadline(edition):
    edition.materials_deadline = dt.date.today() - dt.timedelta(days=1)
    edition.save()
    return edition


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("alice", 200),
        ("office", 200),
        ("bob", 404),
        ("host", 404),
        ("hrss", 404),
        ("judge", 404),
        ("charlie", 404),
    ],
)
def test_who_sees_an_organizations_materials(login, persona, expected):
    assert login(persona).get(_page()).status_code == expected


def test_an_organization_sends_a_pdf_and_a_video_and_the_office_sees_it(
    login, before_deadline, personas
):
    alice = login("alice")
    page = alice.get(_page()).content.decode()
    for item in ITEMS + ["优秀组织奖自评表"]:
        assert item in page
    assert "未报送" in page and "逾期" not in page
    assert "已报送“简报”：简报.pdf" in _send(alice, "简报", "简报.pdf", PDF)
    assert "已报送“视频”：决赛.mp4" in _send(alice, "视频", "决赛.mp4", MP4)
    video = Material.objects.get(item="视频")
    assert video.content_type == "video/mp4" and not video.late
    for persona in ("alice", "office"):
        response = login(persona).get(f"{BASE}materials/{video.pk}/")
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response["Content-Security-Policy"]
    assert login("bob").get(f"{BASE}materials/{video.pk}/").status_code == 404
    assert AuditEntry.objects.filter(action="orgaward.material.uploaded").count() == 2
    page = login("office").get(f"{BASE}materials/").content.decode()
    assert "已报送 1 份" in page and "包头" in page
    assert login("office").post(_page(), {"item": "简报"}).status_code == 403


@pytest.mark.parametrize(
    ("item", "name", "content", "message"),
    [
        ("视频", "决赛.mp4", PDF, "不是 MP4 或 MOV 视频"),
        ("视频", "照片.mp4", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 16, "不是 MP4 或 MOV 视频"),
        ("简报", "简报.pdf", b"<svg onload=alert(1)>", "不是 PDF、JPG 或 PNG"),
        ("图片", "空.png", b"", "文件是空的"),
        ("不存在的项目", "a.pdf", PDF, "材料清单中没有这一项"),
    ],
)
def test_hostile_or_wrong_files_are_refused(login, item, name, content, message):
    assert message in _send(login("alice"), item, name, content)
    assert not Material.objects.exists()


def test_a_video_over_the_set_size_is_refused(login, settings):
    settings.ZHENXING_MATERIALS_VIDEO_MB = 0
    page = _send(login("alice"), "视频", "决赛.mp4", MP4)
    assert "超过 0 MB" in page and not Material.objects.exists()


def test_overdue_items_are_marked_and_a_submitted_form_counts(login, after_deadline):
    alice = login("alice")
    page = _send(alice, "简报", "简报.pdf", PDF)
    assert "记为逾期报送" in page and "逾期未报送" in page
    SelfEvaluation.objects.create(edition=after_deadline, organization=_org(), status="submitted")
    page = alice.get(_page()).content.decode()
    assert "已提交的自评表" in page
    dashboard = alice.get("/dashboard/").content.decode()
    assert "报送活动材料（" in dashboard and "已逾期" in dashboard and "尚缺 新闻通稿" in dashboard
    assert "尚缺 简报" not in dashboard and "优秀组织奖自评表" not in dashboard.split("尚缺")[1]
    office = login("office")
    assert "个单位尚有缺项" in office.get("/dashboard/").content.decode()
    response = office.get(f"{BASE}materials.xlsx")
    cells = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = cells.get_sheet_by_index(0).to_python()
    assert rows[1][0] == "单位" and rows[1][1:] == [*ITEMS, "优秀组织奖自评表"]
    hohhot = next(r for r in rows if "呼和浩特" in r[0])
    assert hohhot[1] == "已报送 1 份（逾期）" and hohhot[2] == "逾期未报送"
    assert hohhot[-1] == "已提交自评表"
    assert login("alice").get(f"{BASE}materials.xlsx").status_code == 403


def test_a_material_is_deleted_by_its_organization_only(login):
    _send(login("alice"), "简报", "简报.pdf", PDF)
    material = Material.objects.get()
    assert login("bob").post(f"{BASE}materials/{material.pk}/delete/").status_code == 404
    assert login("office").post(f"{BASE}materials/{material.pk}/delete/").status_code == 403
    login("alice").post(f"{BASE}materials/{material.pk}/delete/")
    assert not Material.objects.exists()
    assert AuditEntry.objects.filter(action="orgaward.material.deleted").count() == 1


def test_a_host_unit_sends_its_materials_too(login, before_deadline):
    host = Organization.objects.get(name="中国航天科工集团第六研究院")
    page = login("host").get(_page(host)).content.decode()
    assert "简报" in page and "的记录" not in page  # no award records for a host unit
    assert "已报送“比赛结果”" in _send(login("host"), "比赛结果", "成绩.pdf", PDF, org=host)
    assert login("alice").get(_page(host)).status_code == 404
    assert login("host").get(f"{BASE}{_org().pk}/").status_code == 404  # nor award records
    assert "中国航天科工集团第六研究院" in login("office").get(f"{BASE}materials/").content.decode()
    assert "报送活动材料（" in login("host").get("/dashboard/").content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office", 200),
        ("alice", 403),
        ("host", 403),
        ("hrss", 403),
        ("judge", 403),
        ("charlie", 404),
    ],
)
def test_the_materials_overview_and_the_veto_upload_are_the_offices(login, persona, expected):
    client = login(persona)
    assert client.get(f"{BASE}materials/").status_code == expected
    if persona != "office":  # (the office's own upload is tested with a submitted form)
        veto = client.post(f"{BASE}{_org().pk}/assess/evidence/", {})
        assert veto.status_code in (403, 404)
