"""The self-evaluation form (附件4) filled from an organization's records and the platform's
data; submitted by the organization (then read-only), returned by the committee office."""

import datetime as dt
import re

import pytest

from zhenxing.orgaward import filling
from zhenxing.orgaward.models import (
    Committee,
    Coverage,
    MediaReport,
    Meeting,
    Preliminary,
    SelfEvaluation,
    TrainingClass,
)
from zhenxing.orgs.models import AuditEntry, Organization

pytestmark = pytest.mark.django_db
BASE = "/office/2020-nmg/orgaward/"


def _org(name="呼和浩特市"):
    return Organization.objects.get(kind="league_city", name=name)


def _form(org=None):
    return f"{BASE}{(org or _org()).pk}/form/"


def _row(page: str, key: str) -> str:
    found = re.search(rf'<tr[^>]*id="row-{key}">(.*?)</tr>', page, re.S)
    assert found, key
    return found.group(1)


def _score(page: str, key: str) -> str:
    return re.search(r"<strong>([\d.]+)</strong>", _row(page, key)).group(1)


def _total(page: str) -> str:
    return re.search(r'id="total"><strong>([\d.]+)</strong>', page).group(1)


def _keep(edition, model, **fields):
    return model.objects.create(edition=edition, organization=_org(), **fields)


@pytest.fixture
def kept(edition):
    """呼和浩特市's records: a joint notice, two meetings, preliminaries of two national
    occupations (one twice) and one other, coverage up 50%, two media reports."""
    _keep(edition, Committee, members="团市委、人社局", notice_issuer="joint", notice_title="通知")
    for day in (1, 20):
        _keep(edition, Meeting, held_on=dt.date(2020, 9, day), topic="部署初赛")
    for occupation in ("计算机网络管理员", "机床装调维修工", "计算机网络管理员", "茶艺师"):
        _keep(
            edition,
            Preliminary,
            occupation=occupation,
            level="league",
            starts_on=dt.date(2020, 10, 1),
            ends_on=dt.date(2020, 10, 2),
            venue="呼和浩特",
            participants=30,
        )
    _keep(edition, Coverage, year=2019, youth_covered=1000)
    _keep(edition, Coverage, year=2020, youth_covered=1500)
    for level in ("central", "league"):
        _keep(
            edition,
            MediaReport,
            level=level,
            outlet="媒体",
            published_on=dt.date(2020, 10, 5),
            title="报道",
        )


def test_each_row_shows_its_value_score_sources_and_reasons(login, kept):
    page = login("alice").get(_form()).content.decode()
    assert _score(page, "committee") == "4" and _score(page, "notice") == "4"
    assert _score(page, "meetings") == "4"
    row = _row(page, "prelim_finals_occupations")
    assert _score(page, "prelim_finals_occupations") == "10"
    assert "计算机网络管理员、机床装调维修工" in row and "初赛：计算机网络管理员初赛" in row
    assert _score(page, "prelim_extra_occupations") == "2" and "茶艺师" in page
    row = _row(page, "coverage_growth")
    assert _score(page, "coverage_growth") == "10" and "2019 年 1000 人，2020 年 1500 人" in row
    assert "增长 50" in row  # the engine's reason
    assert _score(page, "media_reports") == "2.5"
    assert "需考核人核定</span>" not in page and "table-warning" not in page
    assert _total(page) == "36.5"
    assert "提交自评表" in page


def test_an_auto_filled_row_follows_the_data_it_counts(login, edition, kept, entry_of):
    alice = login("alice")
    page = alice.get(_form()).content.decode()
    assert _score(page, "finals_workers") == "0"
    entry = entry_of("A", name="王强", birth=dt.date(1995, 1, 2), status="approved")
    entry_of("A", name="李雪", birth=dt.date(1996, 1, 2), status="submitted")  # not yet approved
    page = alice.get(_form()).content.decode()
    assert _score(page, "finals_workers") == "1" and "报名：王强" in _row(page, "finals_workers")
    assert f"/entries/{entry.pk}/" in _row(page, "finals_workers")
    MediaReport.objects.filter(level="central").delete()
    page = alice.get(_form()).content.decode()
    assert _score(page, "media_reports") == "0.5"


def test_final_placings_come_from_published_results(login, finished):
    page = login("alice").get(_form()).content.decode()
    row = _row(page, "finals_results")
    assert _score(page, "finals_results") == "10" and "第 1 名、第 2 名" in row
    assert "报名：李娜" in row
    # 包头市 placed 3rd and 4th
    page = login("bob").get(_form(_org("包头市"))).content.decode()
    assert _score(page, "finals_results") == "10" and "第 3 名、第 4 名" in page


@pytest.mark.parametrize(
    ("last", "this", "why"),
    [(1000, 1250, "20%~30% 之间"), (0, 500, "去年覆盖青年人数为 0"), (1000, 900, "减少")],
)
def test_rows_needing_judgement_are_marked(login, edition, last, this, why):
    _keep(edition, Coverage, year=2019, youth_covered=last)
    _keep(edition, Coverage, year=2020, youth_covered=this)
    page = login("alice").get(_form()).content.decode()
    row = _row(page, "coverage_growth")
    assert "需考核人核定" in row and why in row and _score(page, "coverage_growth") == "0"
    assert 'class="table-warning" id="row-coverage_growth"' in page
    assert "1 项需考核人核定" in page


def test_a_small_training_class_is_left_to_the_assessor(login, edition):
    _keep(
        edition,
        TrainingClass,
        title="数控培训班",
        starts_on=dt.date(2020, 8, 1),
        trainees=30,
        days=3,
    )
    page = login("alice").get(_form()).content.decode()
    row = _row(page, "bonus_training_classes")
    assert "需考核人核定" in row and "规模不足的由考核人酌情给分" in row


def test_the_page_total_equals_the_engines(login, edition, kept):
    page = login("office").get(_form()).content.decode()
    filled = filling.fill(edition, _org())
    assert _total(page) == filling.totals(filled)["total"] == str(filled.score.total)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("alice", 200), ("office", 200), ("bob", 404), ("hrss", 404), ("host", 404), ("charlie", 404)],
)
def test_who_sees_the_form(login, persona, expected):
    assert login(persona).get(_form()).status_code == expected


def test_the_organization_submits_and_the_form_is_read_only(
    login, edition, kept, entry_of, personas
):
    alice = login("alice")
    page = alice.post(f"{_form()}submit/", follow=True).content.decode()
    assert "自评表已提交，自评总分 36.5 分" in page
    stored = SelfEvaluation.objects.get()
    assert stored.status == "submitted" and stored.submitted_by == personas["alice"]
    assert "提交时的内容，只读" in page and "提交自评表</button>" not in page
    # what it counted is kept as submitted: a later entry does not change it
    entry_of("A", name="王强", birth=dt.date(1995, 1, 2), status="approved")
    assert _score(alice.get(_form()).content.decode(), "finals_workers") == "0"
    # and the records it counted are read-only
    report = MediaReport.objects.first()
    response = alice.post(f"{BASE}{_org().pk}/media/{report.pk}/delete/", follow=True)
    assert "自评表已提交" in response.content.decode() and MediaReport.objects.count() == 2
    page = alice.post(f"{_form()}submit/", follow=True).content.decode()
    assert "不能重复提交" in page
    entry = AuditEntry.objects.get(action="orgaward.form.submitted")
    assert entry.changes["total"] == [None, "36.5"]


def test_only_the_organization_submits(login, kept):
    assert login("office").post(f"{_form()}submit/").status_code == 403
    assert login("bob").post(f"{_form()}submit/").status_code == 404
    assert login("hrss").post(f"{_form()}submit/").status_code == 404
    assert not SelfEvaluation.objects.exists()


def test_the_office_returns_a_form_with_a_reason(login, edition, kept):
    login("alice").post(f"{_form()}submit/")
    office = login("office")
    page = office.get(_form()).content.decode()
    assert "退回自评表" in page and 'for="return-reason"' in page
    page = office.post(f"{_form()}return/", {"reason": "  "}, follow=True).content.decode()
    assert "退回时请写明原因" in page and SelfEvaluation.objects.get().status == "submitted"
    assert login("alice").post(f"{_form()}return/", {"reason": "x"}).status_code == 403
    assert login("bob").post(f"{_form()}return/", {"reason": "x"}).status_code == 404
    office = login("office")
    office.post(f"{_form()}return/", {"reason": "媒体报道缺截图"})
    assert SelfEvaluation.objects.get().status == "returned"
    assert AuditEntry.objects.get(action="orgaward.form.returned").reason == "媒体报道缺截图"
    alice = login("alice")
    page = alice.get(_form()).content.decode()
    assert "被退回：媒体报道缺截图" in page and "提交自评表</button>" in page
    report = MediaReport.objects.first()
    alice.post(f"{BASE}{_org().pk}/media/{report.pk}/delete/")
    assert MediaReport.objects.count() == 1
    page = alice.post(f"{_form()}submit/", follow=True).content.decode()
    assert "自评表已提交" in page and SelfEvaluation.objects.get().status == "submitted"


def test_dashboards_offer_the_award_tasks(login, kept):
    page = login("alice").get("/dashboard/").content.decode()
    assert "记录优秀组织奖材料并上传佐证（已记 11 条）" in page and "提交优秀组织奖自评表" in page
    assert f"{BASE}{_org().pk}/form/" in page
    assert "优秀组织奖：0 个单位已提交自评表" in login("office").get("/dashboard/").content.decode()
    login("alice").post(f"{_form()}submit/")
    assert "优秀组织奖：1 个单位已提交自评表，待考核" in (
        login("office").get("/dashboard/").content.decode()
    )
    login("office").post(f"{_form()}return/", {"reason": "缺截图"})
    page = login("alice").get("/dashboard/").content.decode()
    assert "优秀组织奖自评表被退回（缺截图）：修改后重新提交" in page
    assert "优秀组织奖" not in login("hrss").get("/dashboard/").content.decode()


def test_the_placings_row_follows_a_corrected_result(login, finished):
    from tests.support import actor
    from zhenxing.judging.lock import propose_correction, witness
    from zhenxing.judging.models import Mark
    from zhenxing.results.models import Result

    people = finished.people
    li = finished.competitors.get(entry__person__name="李娜")
    for judge in ("judge", "judge2", "judge3"):
        mark = Mark.objects.get(competitor=li, aspect_key="A3", slot=str(people[judge].pk))
        correction = propose_correction(mark, "0", "复核发现录入错误", actor=actor(people["chief"]))
        witness(correction, True, actor=actor(people["supervisor"]))
    ranks = sorted(
        Result.objects.filter(competitor__entry__delegation__organization=_org()).values_list(
            "rank", flat=True
        )
    )
    assert ranks != [1, 2] and Result.objects.get(competitor=li).rank > 1
    row = _row(login("alice").get(_form()).content.decode(), "finals_results")
    assert "、".join(f"第 {rank} 名" for rank in ranks) in row
