"""The talent pages for each persona: the office sees everyone, a registrar only their own
organization's people (404 otherwise), everyone else 404; who may see but not do gets 403."""

import datetime as dt
import io

import pytest
from python_calamine import CalamineWorkbook

from tests.support import actor, make_id
from zhenxing.awards import approvals, proposals
from zhenxing.awards.models import Award
from zhenxing.orgaward.models import Preliminary
from zhenxing.orgs.models import AuditEntry
from zhenxing.registration.models import Person
from zhenxing.talent import services
from zhenxing.talent.models import Erasure, FollowUp, Keeping

from .conftest import org

pytestmark = pytest.mark.django_db
E = "/office/2020-nmg/talent/"


def _org_page(name="呼和浩特市", tail=""):
    return f"{E}org/{org(name).pk}/{tail}"


def _rows(response) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()[2:]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office", 200),
        ("alice", 302),
        ("bob", 302),
        ("hrss", 404),
        ("host", 404),
        ("judge", 404),
        ("charlie", 404),
    ],
)
def test_the_home_is_the_offices_search_and_a_registrars_way_to_their_own(
    login, persona, expected, added
):
    added("周强")
    response = login(persona).get(E)
    assert response.status_code == expected
    if persona == "office":
        assert "周强" in response.content.decode()
    if persona == "alice":
        assert response["Location"] == _org_page()


def test_anonymous_visitors_are_sent_to_sign_in(login):
    for page in (E, _org_page(), f"{E}statistics/"):
        response = login(None).get(page)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("alice", 200),
        ("office", 200),
        ("bob", 404),
        ("hrss", 404),
        ("host", 404),
        ("judge", 404),
        ("charlie", 404),
    ],
)
def test_a_person_and_their_organizations_list_are_seen_by_it_and_the_office_only(
    login, added, persona, expected
):
    person = added("周强")
    for page in (_org_page(), f"{E}people/{person.pk}/", _org_page(tail="export.xlsx")):
        response = login(persona).get(page)
        assert response.status_code == expected, page
    if expected == 200:
        assert "周强" in login(persona).get(_org_page()).content.decode()


def test_a_registrar_lists_only_their_own_people(login, added):
    added("周强")
    added("吴刚", by="bob", birth=dt.date(1995, 1, 2))
    page = login("alice").get(_org_page()).content.decode()
    assert "周强" in page and "吴刚" not in page
    assert login("alice").get(_org_page("包头市")).status_code == 404


@pytest.mark.parametrize(
    ("persona", "expected"), [("office", 403), ("bob", 404), ("hrss", 404), ("charlie", 404)]
)
def test_only_the_persons_organization_writes_follow_up(login, added, persona, expected):
    person = added("周强")
    data = {"stage-value": "entry", "stage-happened_on": "2020-09-01"}
    response = login(persona).post(f"{E}people/{person.pk}/follow-up/stage/", data)
    assert response.status_code == expected
    assert not FollowUp.objects.exists()


def test_a_registrar_records_follow_up_and_sees_the_current_stage(login, added):
    person = added("周强")
    alice = login("alice")
    base = f"{E}people/{person.pk}/"
    assert (
        alice.post(
            base + "follow-up/stage/", {"stage-value": "entry", "stage-happened_on": "2020-09-01"}
        ).status_code
        == 302
    )
    assert (
        alice.post(
            base + "follow-up/stage/", {"stage-value": "growth", "stage-happened_on": "2021-03-01"}
        ).status_code
        == 302
    )
    bad = alice.post(
        base + "follow-up/activity/",
        {"activity-value": "other", "activity-happened_on": "2020-10-01"},
    )
    assert bad.status_code == 400 and "请填写活动名称" in bad.content.decode()
    data = {
        "recommendation-value": "title",
        "recommendation-happened_on": "2021-04-01",
        "recommendation-name": "内蒙古自治区技术能手",
        "recommendation-note": "决赛第一名，带徒三人",
    }
    assert alice.post(base + "follow-up/recommendation/", data).status_code == 302
    page = alice.get(base).content.decode()
    assert "成长期（自 2021-03-01）" in page and "内蒙古自治区技术能手" in page
    assert alice.post(base + "follow-up/nonsense/", {}).status_code == 404


def test_the_id_is_masked_until_a_full_view_which_is_audited(login, added):
    person = added("周强")
    page = login("alice").get(f"{E}people/{person.pk}/").content.decode()
    assert person.document_number not in page and "1996-04-02" not in page
    full = login("alice").post(f"{E}people/{person.pk}/full/").content.decode()
    assert person.document_number in full and "13700001234" in full
    assert AuditEntry.objects.filter(action="talent.person.viewed").count() == 1
    assert login("bob").post(f"{E}people/{person.pk}/full/").status_code == 404


def test_the_export_masks_unless_full_is_asked_and_allowed(login, added):
    person = added("周强")
    masked = _rows(login("alice").get(_org_page(tail="export.xlsx")))
    assert masked[0][1] == "周强" and masked[0][4] != person.document_number and "*" in masked[0][4]
    assert not AuditEntry.objects.filter(action="talent.export.full").exists()
    full = _rows(login("alice").get(_org_page(tail="export.xlsx") + "?full=1"))
    assert full[0][4] == person.document_number and full[0][6] == "13700001234"
    assert AuditEntry.objects.filter(action="talent.export.full").count() == 1
    office = _rows(login("office").get(f"{E}export.xlsx?full=1"))
    assert office[0][4] == person.document_number
    assert login("alice").get(f"{E}export.xlsx").status_code == 403


def test_a_phone_written_by_another_organization_stays_masked_in_a_full_export(
    login, added, edition, personas
):
    person = added("周强")
    data = services.PersonInput(
        "周强", person.birth_date, "男", document_number=person.document_number
    )
    services.add_person(edition, org("包头市"), data, actor=actor(personas["bob"]))
    rows = _rows(login("bob").get(_org_page("包头市", "export.xlsx") + "?full=1"))
    assert rows[0][4] == person.document_number and rows[0][6] == "137****1234"


def test_search_filters(login, added, edition, personas):
    young = added("周强", birth=dt.date(2000, 6, 1), occupation="焊工")
    added("吴敏", birth=dt.date(1988, 6, 1), male=False, occupation="电工", region="包头市")
    services.record_follow_up(
        young,
        org(),
        services.checks.FollowUpData("stage", "mature", dt.date(2020, 1, 1)),
        actor=actor(personas["alice"]),
        edition=edition,
    )
    office = login("office")

    def names(query):
        rows = _rows(office.get(f"{E}export.xlsx?{query}"))
        return sorted(r[1] for r in rows)

    assert names("") == ["吴敏", "周强"]
    assert names("occupation=焊工") == ["周强"]
    assert names("region=包头市") == ["吴敏"]
    assert names("age_min=30") == ["吴敏"]
    assert names("age_max=29") == ["周强"]
    assert names("stage=mature") == ["周强"]
    assert names("level=added") == ["吴敏", "周强"]
    assert names("level=final") == []
    assert names("text=吴") == ["吴敏"]
    assert names(f"text={young.document_number}") == ["周强"]
    assert names("award=title") == []


def test_a_finalist_is_found_with_rank_and_awards_by_level_and_award(login, finished):
    people = finished.people
    proposals.propose(finished, actor=actor(people["office"]))
    for approver, who in (("HRSS", "hrss"), ("YL", "office")):
        waiting = Award.objects.filter(final=finished, approver=approver, status="proposed")
        approvals.decide(list(waiting), True, "", actor=actor(people[who]))
    office = login("office")
    page = office.get(f"{E}?level=final&award=title").content.decode()
    assert "李娜" in page
    li = Person.objects.get(name="李娜")
    detail = office.get(f"{E}people/{li.pk}/").content.decode()
    assert "第 1 名" in detail and "称号" in detail and "数控车工" in detail


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office", 200),
        ("alice", 403),
        ("hrss", 404),
        ("host", 404),
        ("judge", 404),
        ("charlie", 404),
    ],
)
def test_statistics_are_the_offices(login, persona, expected):
    assert login(persona).get(f"{E}statistics/").status_code == expected
    assert login(persona).get(f"{E}statistics/age.xlsx").status_code == expected


def test_erasure_from_the_page_needs_a_reason_and_the_office(login, added):
    person = added("周强")
    number = person.document_number
    page = f"{E}people/{person.pk}/erase/"
    assert login("alice").post(page, {"reason": "本人申请"}).status_code == 403
    assert login("office").post(page, {"reason": ""}).status_code == 400
    assert login("office").post(page, {"reason": "本人 2021-01-05 书面申请"}).status_code == 302
    assert Erasure.objects.filter(person=person).exists()
    shown = login("office").get(f"{E}people/{person.pk}/").content.decode()
    assert "应本人要求删除" in shown and 'id="erase"' not in shown
    assert "周强" not in login("office").get(f"{E}?text={number}").content.decode()
    assert "没有符合条件的人员" in login("office").get(f"{E}?text=周强").content.decode()


def test_consent_is_recorded_by_the_organization_and_shown(login, added):
    person = added("周强")
    data = {"purpose": "跟踪服务与推荐评选", "given_on": "2020-09-01", "means": "written"}
    assert login("office").post(f"{E}people/{person.pk}/consent/", data).status_code == 403
    assert login("alice").post(f"{E}people/{person.pk}/consent/", data).status_code == 302
    page = login("office").get(f"{E}people/{person.pk}/").content.decode()
    assert "跟踪服务与推荐评选" in page and "书面签字" in page


def test_the_personal_copy_is_for_those_who_may_see_full_numbers_and_audited(login, added):
    person = added("周强")
    response = login("alice").get(f"{E}people/{person.pk}/copy.xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    cells = [c for row in book.get_sheet_by_name("基本信息").to_python() for c in row]
    assert person.document_number in cells
    assert AuditEntry.objects.filter(action="talent.person.copy").count() == 1
    assert login("bob").get(f"{E}people/{person.pk}/copy.xlsx").status_code == 404


def test_adding_by_hand_from_the_page(login, edition):
    page = _org_page(tail="add/")
    assert login("office").get(page).status_code == 403
    assert login("bob").get(page).status_code == 404
    birth = dt.date(1997, 2, 3)
    data = {
        "name": "郑阳",
        "gender": "女",
        "birth_date": "1997-02-03",
        "document_type": "resident_id",
        "document_number": make_id(birth, male=True),
    }
    refused = login("alice").post(page, data)
    assert refused.status_code == 400 and "表示男性" in refused.content.decode()
    data["gender"] = "男"
    assert login("alice").post(page, data).status_code == 302


def test_the_dashboard_shows_the_database_rows(login, added):
    added("周强")
    assert "青年技能人才库：1 人" in login("office").get("/dashboard/").content.decode()
    assert (
        "本单位人才库：1 人（跟踪服务记录）" in login("alice").get("/dashboard/").content.decode()
    )


def test_a_preliminarys_winners_are_listed_until_the_organization_adds_them(login, edition):
    preliminary = Preliminary.objects.create(
        edition=edition, organization=org(), occupation="焊工", level="league",
        starts_on=dt.date(2020, 8, 1), ends_on=dt.date(2020, 8, 2), venue="呼和浩特",
        participants=40, winners="1 高原 呼和浩特某厂\n2 林静 某职业学院",
    )  # fmt: skip
    page = login("alice").get(_org_page()).content.decode()
    assert "高原 呼和浩特某厂" in page and "林静" in page and "加入人才库" in page
    assert "preliminary=" not in login("office").get(_org_page()).content.decode()
    form = login("alice").get(_org_page(tail=f"add/?preliminary={preliminary.pk}&name=高原"))
    assert 'value="高原"' in form.content.decode() and 'value="焊工"' in form.content.decode()
    birth = dt.date(1998, 8, 8)
    data = {"name": "高原", "gender": "男", "birth_date": "1998-08-08",
            "document_type": "resident_id", "document_number": make_id(birth), "occupation": "焊工"}  # fmt: skip
    response = login("alice").post(_org_page(tail=f"add/?preliminary={preliminary.pk}"), data)
    assert response.status_code == 302
    keeping = Keeping.objects.get(person__name="高原")
    assert keeping.source == "preliminary" and keeping.preliminary == preliminary
    page = login("alice").get(_org_page()).content.decode()
    assert "高原 呼和浩特某厂" not in page and "林静 某职业学院" in page
    office = login("office").get(f"{E}export.xlsx?level=preliminary")
    assert [r[1] for r in _rows(office)] == ["高原"]


def test_bad_filters_and_pages_get_a_message_not_an_error(login, added):
    added("周强")
    response = login("office").get(f"{E}?age_min=abc&page=zz&occupation=<script>")
    page = response.content.decode()
    assert response.status_code == 200 and "筛选条件有误" in page and "<script>" not in page


def test_a_statistics_table_downloads_with_its_counts_as_numbers(login, added):
    added("周强")
    rows = _rows(login("office").get(f"{E}statistics/age.xlsx"))
    counts = [row[1] for row in rows if row and row[0]]
    assert counts and all(isinstance(count, float | int) for count in counts)
    assert sum(counts) >= 1


def test_an_age_range_given_backwards_says_so(login):
    page = login("office").get(f"{E}?age_min=30&age_max=20").content.decode()
    assert "小于“年龄从”（30），请对调后再查" in page
