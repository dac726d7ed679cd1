"""The committee office assesses submitted forms row by row (notes, vetoes with grounds), ranks
the organizations and names the awarded; the form and the ranking download as xlsx."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from zhenxing.orgaward.models import Committee, Coverage, MediaReport, SelfEvaluation
from zhenxing.orgs.models import AuditEntry, Organization

pytestmark = pytest.mark.django_db
BASE = "/office/2020-nmg/orgaward/"
ROWS = [
    "committee",
    "notice",
    "meetings",
    "prelim_finals_occupations",
    "prelim_extra_occupations",
    "incentive_skill_expert",
    "incentive_youth_post",
    "incentive_promotion",
    "incentive_other",
    "coverage_growth",
    "finals_workers",
    "finals_students",
    "finals_results",
    "sharing_events",
    "media_reports",
    "bonus_training_classes",
    "bonus_tiered_training",
]


def _org(name="呼和浩特市"):
    return Organization.objects.get(kind="league_city", name=name)


def _url(org, tail):
    return f"{BASE}{org.pk}/{tail}"


def _submit(login, persona, org, media=1):
    """`org` records a joint notice, a coverage growth in the 20–30% gap and `media` provincial
    reports, and submits."""
    edition = org_edition()
    Committee.objects.create(
        edition=edition, organization=org, members="团委", notice_issuer="joint"
    )
    Coverage.objects.create(edition=edition, organization=org, year=2019, youth_covered=100)
    Coverage.objects.create(edition=edition, organization=org, year=2020, youth_covered=125)
    for _ in range(media):
        MediaReport.objects.create(
            edition=edition,
            organization=org,
            level="provincial",
            outlet="内蒙古日报",
            published_on=dt.date(2020, 10, 1),
            title="报道",
        )
    assert login(persona).post(_url(org, "form/submit/")).status_code == 302
    return SelfEvaluation.objects.get(organization=org)


def org_edition():
    from zhenxing.editions.models import Edition

    return Edition.objects.get(code="2020-nmg")


def _scores(**changes):
    defaults = {"committee": "4", "notice": "4", "media_reports": "1"}
    data = {f"score_{key}": defaults.get(key, "0") for key in ROWS}
    data.update({f"score_{k}": v for k, v in changes.items()})
    return data


def test_who_may_assess(login, edition):
    _submit(login, "alice", _org())
    address = _url(_org(), "assess/")
    assert login("office").get(address).status_code == 200
    assert login("alice").get(address).status_code == 403
    for persona in ("bob", "hrss", "host", "charlie"):
        assert login(persona).get(address).status_code == 404
    assert login("office").get(_url(_org("包头市"), "assess/")).status_code == 404  # not submitted


def test_the_office_assesses_row_by_row_and_the_organization_sees_it(login, edition):
    form = _submit(login, "alice", _org())
    office = login("office")
    page = office.get(_url(_org(), "assess/")).content.decode()
    assert 'value="4"' in page and "需考核人核定" in page
    data = _scores(coverage_growth="5") | {"note_coverage_growth": "增长 25%，按 5 分核定"}
    response = office.post(_url(_org(), "assess/"), data, follow=True)
    assert "已保存考核结果，考核总分 14 分" in response.content.decode()
    form.refresh_from_db()
    assert form.status == "assessed" and str(form.assessed_total) == "14.00"
    assert form.assessed["coverage_growth"]["note"] == "增长 25%，按 5 分核定"
    assert "考核人给分 5 分（系统计算为 0 分）" in form.assessed["coverage_growth"]["reasons"]
    entry = AuditEntry.objects.get(action="orgaward.form.assessed")
    assert entry.changes["assessed_total"] == [None, "14"]
    page = login("alice").get(_url(_org(), "form/")).content.decode()
    assert 'id="assessed-total"><strong>14.00</strong>' in page and "按 5 分核定" in page


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("5", "不能超过本行满分 4 分"),
        ("-1", "不能为负数"),
        ("abc", "应为数字"),
        ("1.234", "两位小数"),
    ],
)
def test_a_wrong_score_is_refused_at_its_row(login, edition, value, message):
    form = _submit(login, "alice", _org())
    page = login("office").post(_url(_org(), "assess/"), _scores(committee=value)).content.decode()
    assert message in page and 'aria-describedby="score-committee-error"' in page
    assert 'id="score-committee-error"' in page and 'aria-invalid="true"' in page
    form.refresh_from_db()
    assert form.status == "submitted"


def test_a_veto_needs_grounds_and_keeps_the_organization_out_of_the_ranking(login, edition):
    _submit(login, "alice", _org(), media=3)
    _submit(login, "bob", _org("包头市"))
    office = login("office")
    data = _scores(media_reports="3") | {"veto": "misconduct"}
    page = office.post(_url(_org(), "assess/"), data).content.decode()
    assert "认定一票否决时请写明依据" in page and 'aria-invalid="true"' in page
    data["veto_grounds"] = "选手冒名顶替，见仲裁记录"
    office.post(_url(_org(), "assess/"), data)
    office.post(_url(_org("包头市"), "assess/"), _scores())
    page = office.get(f"{BASE}ranking/").content.decode()
    baotou, hohhot = page.index("包头"), page.index("呼和浩特")
    assert baotou < hohhot and "不得评选" in page[hohhot:]
    # a vetoed organization cannot be named
    vetoed = SelfEvaluation.objects.get(organization=_org())
    response = office.post(f"{BASE}ranking/", {"awarded": [str(vetoed.pk)]}, follow=True)
    assert "被一票否决，不能评为优秀组织奖" in response.content.decode()
    page = login("alice").get(_url(_org(), "form/")).content.decode()
    assert "一票否决：违法违纪现象" in page and "冒名顶替" in page


def test_ranking_shares_equal_totals_and_the_committee_names_the_awarded(login, edition):
    hohhot, baotou = _submit(login, "alice", _org()), _submit(login, "bob", _org("包头市"))
    office = login("office")
    for org in (_org(), _org("包头市")):
        office.post(_url(org, "assess/"), _scores())
    page = office.get(f"{BASE}ranking/").content.decode()
    assert page.count("<td>1</td>") == 2  # equal totals share rank 1
    office.post(f"{BASE}ranking/", {"awarded": [str(baotou.pk)]})
    baotou.refresh_from_db()
    hohhot.refresh_from_db()
    assert baotou.awarded and not hohhot.awarded
    assert AuditEntry.objects.filter(action="orgaward.award.named").count() == 1
    assert "已授予优秀组织奖" in login("bob").get(_url(_org("包头市"), "form/")).content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"), [("office", 200), ("alice", 403), ("hrss", 403), ("charlie", 404)]
)
def test_the_ranking_is_the_offices(login, persona, expected):
    assert login(persona).get(f"{BASE}ranking/").status_code == expected
    assert login(persona).get(f"{BASE}ranking.xlsx").status_code == expected


def _cells(payload: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(payload)).get_sheet_by_index(0).to_python()


def test_the_form_prints_as_the_notices_a4_with_the_engines_totals(login, edition):
    _submit(login, "alice", _org())
    office = login("office")
    office.post(_url(_org(), "assess/"), _scores(coverage_growth="5"))
    response = office.get(_url(_org(), "form.xlsx"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    cells = _cells(response.content)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    assert ((2, 0), (4, 0)) in sheet.merged_cell_ranges  # 组织领导 over its three rows
    assert cells[1] == ["项目", "指标", "评分标准", "满分", "自评得分", "考核得分"]
    assert cells[2][:6] == [
        "组织领导",
        "组织机构",
        "成立竞赛组委会，机构健全，协调有序。",
        "4",
        "4",
        "4",
    ]
    assert cells[-3][:2] == ["一票否决", "安全卫生事故"] and cells[-3][5] == "否"
    assert cells[-1][0] == "合计" and cells[-1][4] == "9" and cells[-1][5] == "14"
    assert login("alice").get(_url(_org(), "form.xlsx")).status_code == 200
    for persona in ("bob", "hrss", "charlie"):
        assert login(persona).get(_url(_org(), "form.xlsx")).status_code == 404
    pdf = login("office").get(_url(_org(), "form.pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().replace(" ", "")
    assert "优秀组织奖自评表" in text and "组织领导" in text and "安全卫生事故" in text
    page = PdfReader(io.BytesIO(pdf.content)).pages[0]
    fonts = [f.get_object()["/BaseFont"] for f in page["/Resources"]["/Font"].values()]
    assert any("CJK" in name for name in fonts), fonts  # Noto CJK embedded
    assert login("bob").get(_url(_org(), "form.pdf")).status_code == 404
    ranking = _cells(login("office").get(f"{BASE}ranking.xlsx").content)
    assert ranking[1] == ["名次", "单位", "自评总分", "考核总分", "一票否决", "授予优秀组织奖"]
    assert ranking[2][:4] == ["1", ranking[2][1], "9", "14"] and "呼和浩特" in ranking[2][1]


def test_returning_an_assessed_form_clears_its_assessment(login, edition):
    form = _submit(login, "alice", _org())
    office = login("office")
    office.post(_url(_org(), "assess/"), _scores())
    office.post(_url(_org(), "form/return/"), {"reason": "请补充会议记录"})
    form.refresh_from_db()
    assert form.status == "returned" and form.assessed_total is None and form.assessed == {}
    assert "还没有考核完成的单位" in office.get(f"{BASE}ranking/").content.decode()


def test_a_vetos_evidence_is_uploaded_by_the_office_and_seen_by_the_organization(
    login, edition, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhenxing.orgaward.models import Evidence

    settings.MEDIA_ROOT = tmp_path
    _submit(login, "alice", _org())
    office = login("office")
    address = _url(_org(), "assess/evidence/")
    bad = office.post(address, {"file": SimpleUploadedFile("x.pdf", b"<html>")}, follow=True)
    assert "不是 PDF、JPG 或 PNG" in bad.content.decode()
    pdf = SimpleUploadedFile("事故报告.pdf", b"%PDF-1.4\n%%EOF\n")
    page = office.post(address, {"file": pdf}, follow=True).content.decode()
    assert "已上传一票否决的佐证材料：事故报告.pdf" in page
    evidence = Evidence.objects.get(kind="veto")
    data = _scores() | {"veto": "safety_accident", "veto_grounds": "初赛中发生烫伤事故"}
    office.post(_url(_org(), "assess/"), data)
    page = login("alice").get(_url(_org(), "form/")).content.decode()
    assert "一票否决：安全卫生事故" in page and f"{BASE}evidence/{evidence.pk}/" in page
    assert login("alice").get(f"{BASE}evidence/{evidence.pk}/").status_code == 200
    assert login("bob").get(f"{BASE}evidence/{evidence.pk}/").status_code == 404
    assert login("alice").post(address, {"file": pdf}).status_code == 403
    assert login("alice").post(f"{BASE}evidence/{evidence.pk}/delete/").status_code == 403
    login("office").post(f"{BASE}evidence/{evidence.pk}/delete/")
    assert not Evidence.objects.exists()


def test_a_returned_form_loses_its_veto_evidence_and_a_returned_one_takes_none(
    login, edition, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhenxing.orgaward.models import Evidence

    settings.MEDIA_ROOT = tmp_path
    _submit(login, "alice", _org())
    office = login("office")
    address = _url(_org(), "assess/evidence/")
    office.post(address, {"file": SimpleUploadedFile("事故报告.pdf", b"%PDF-1.4\n%%EOF\n")})
    assert Evidence.objects.filter(kind="veto").count() == 1
    office.post(_url(_org(), "form/return/"), {"reason": "请补充会议记录"})
    assert not Evidence.objects.filter(kind="veto").exists()
    again = office.post(address, {"file": SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n")})
    assert again.status_code != 200 and not Evidence.objects.exists()  # refused: not submitted
