"""The awards pages for each persona who may and may not use them; certificates as signed PDFs;
public verification."""

import io
import re
import zipfile

import pytest
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from tests.support import actor, member
from zhenxing.awards import approvals, proposals
from zhenxing.awards.models import Award, CertificateLayout
from zhenxing.orgs.models import AuditEntry

pytestmark = pytest.mark.django_db
E = "/office/2020-nmg/"


def as_(client, user):
    client.logout()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _approved(final):
    people = final.people
    proposals.propose(final, actor=actor(people["office"]))
    approvals.decide(
        list(Award.objects.filter(approver="HRSS")), True, "", actor=actor(people["hrss"])
    )
    approvals.decide(
        list(Award.objects.filter(approver="YL")), True, "", actor=actor(people["office"])
    )
    return list(Award.objects.filter(status="approved").order_by("rank", "name"))


PAGES = ["awards/", "awards/certificate-kinds/", "awards/national-finals/", "awards/layouts/title/"]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office", 200),
        ("hrss", 200),
        ("host", 200),
        ("alice", 403),
        ("judge", 403),
        ("charlie", 404),
    ],
)
def test_the_awards_pages_are_for_the_office_hrss_and_host_units(
    client, finished, persona, expected
):
    client = as_(client, finished.people[persona])
    for page in PAGES:
        response = client.get(E + page)
        assert response.status_code == expected, (persona, page)
    # an event's awards: those who may not see them are outsiders to it
    response = client.get(E + f"events/{finished.event.pk}/awards/")
    assert response.status_code == (200 if expected == 200 else 404), persona


def test_anonymous_visitors_are_sent_to_login(client, finished):
    for page in [*PAGES, f"events/{finished.event.pk}/awards/"]:
        response = client.get(E + page)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("method", ["put", "delete"])
def test_wrong_methods_are_refused(client, finished, method):
    client = as_(client, finished.people["office"])
    assert getattr(client, method)(E + f"events/{finished.event.pk}/awards/").status_code == 405


def test_office_proposes_hrss_and_office_approve_in_the_browser_forms(client, finished):
    people, page = finished.people, E + f"events/{finished.event.pk}/awards/"
    text = as_(client, people["hrss"]).get(page).content.decode()
    assert "由规则引擎提出拟授奖项" not in text  # HRSS approves; the office proposes
    response = as_(client, people["office"]).post(page, {"action": "propose"}, follow=True)
    text = response.content.decode()
    assert "已提出 6 项" in text and "TITLE_PROPOSED" in text and "§A2.三.1" in text
    # the office may approve the Youth League's titles, not HRSS's
    text = client.get(page).content.decode()
    assert "核准全部待我核准的奖项（3 项）" in text
    hrss_ids = [str(a.pk) for a in Award.objects.filter(approver="HRSS")]
    response = client.post(page, {"action": "approve", "award": hrss_ids}, follow=False)
    assert response.status_code == 403
    assert not Award.objects.filter(status="approved").exists()

    client = as_(client, people["hrss"])
    response = client.post(page, {"action": "reject", "award": hrss_ids[:1]}, follow=True)
    assert "不予核准或复核时请写明理由" in response.content.decode()
    response = client.post(page, {"action": "approve", "award": hrss_ids}, follow=True)
    assert "已核准 3 项" in response.content.decode()
    response = client.post(page, {"action": "approve", "award": ["x", "99999"]}, follow=True)
    assert "请先勾选要处理的奖项" in response.content.decode()
    assert response.status_code == 200


def test_an_outsiders_post_changes_nothing(client, finished):
    proposals.propose(finished, actor=actor(finished.people["office"]))
    ids = [str(a.pk) for a in Award.objects.all()]
    page = E + f"events/{finished.event.pk}/awards/"
    for persona, status in (("charlie", 404), ("alice", 404), ("host", 403)):
        response = as_(client, finished.people[persona]).post(
            page, {"action": "approve", "award": ids}
        )
        assert response.status_code == status, persona
    assert not Award.objects.filter(status="approved").exists()


def test_hrss_sets_an_occupations_certificate_on_its_page(client, finished):
    occupation = finished.event.occupation
    page = E + "awards/certificate-kinds/"
    data = {"occupation": occupation.pk, "certificate": "qualification", "confirmed": "1"}
    assert as_(client, finished.people["office"]).post(page, data).status_code == 403
    response = as_(client, finished.people["hrss"]).post(page, data, follow=True)
    assert "已保存“数控车工”的证书类别" in response.content.decode()
    occupation.refresh_from_db()
    assert (occupation.certificate, occupation.certificate_confirmed) == ("qualification", True)
    response = client.post(page, data | {"certificate": "<script>"}, follow=True)
    assert "证书类别应为" in response.content.decode()
    dashboard = client.get("/dashboard/").content.decode()
    assert f'href="{E}awards/certificate-kinds/"' in dashboard


def test_a_certificate_is_a_signed_a4_pdf_with_fonts_name_level_and_number(client, finished):
    from zhenxing.awards.kinds import set_certificate_kind
    from zhenxing.awards.signing import check

    set_certificate_kind(
        finished.event.occupation, "qualification", True, actor=actor(finished.people["hrss"])
    )
    approved = _approved(finished)
    certificate = next(a for a in approved if a.kind == "certificate" and a.rank == 1)
    response = as_(client, finished.people["alice"]).get(
        E + f"certificates/{certificate.serial}.pdf"
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert "李娜" in text and "国家职业资格二级证书" in text and certificate.serial in text
    assert f"/verify/?serial={certificate.serial}" in text
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (297, 210)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        descendant = font.get_object()["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        assert "/FontFile" in descriptor or "/FontFile2" in descriptor or "/FontFile3" in descriptor
        assert "+Noto" in str(font.get_object()["/BaseFont"])  # a subset of Noto CJK
    assert check(pdf).genuine
    tampered = bytearray(pdf)
    tampered[len(tampered) // 3] ^= 0x01
    assert not check(bytes(tampered)).genuine
    # bob's delegation (包头市) holds no right to 李娜's (呼和浩特市) certificate
    assert (
        as_(client, finished.people["bob"])
        .get(E + f"certificates/{certificate.serial}.pdf")
        .status_code
        == 404
    )
    assert (
        as_(client, finished.people["charlie"])
        .get(E + f"certificates/{certificate.serial}.pdf")
        .status_code
        == 404
    )


def test_the_public_verifies_by_number_and_name_and_learns_nothing_else(client, finished):
    award = _approved(finished)[0]
    page = "/verify/"
    good = client.post(page, {"serial": award.serial.lower(), "name": "李 娜"}).content.decode()
    assert "证书真实有效" in good and "全区技术能手" in good and "数控车工（职工组）" in good
    assert (
        "呼和浩特" not in good
        and finished.competitors.get(entry__person__name="李娜").entry.person.document_number
        not in good
    )
    wrong_name = client.post(page, {"serial": award.serial, "name": "王芳"}).content.decode()
    wrong_serial = client.post(page, {"serial": "ZX-AAAA-BBBB", "name": "李娜"}).content.decode()
    answer = lambda html: re.search(r'id="verify-answer">(.*?)</div>', html, re.S).group(1)  # noqa: E731
    assert answer(wrong_name) == answer(wrong_serial)
    assert "未找到该证书" in answer(wrong_name)


def test_verification_is_rate_limited_per_address(client, finished):
    for _ in range(20):
        assert client.post("/verify/", {"serial": "x", "name": "y"}).status_code == 200
    response = client.post("/verify/", {"serial": "x", "name": "y"})
    assert response.status_code == 429 and "核验次数过多" in response.content.decode()
    other = client.post("/verify/", {"serial": "x", "name": "y"}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_an_uploaded_pdf_is_checked_offline(client, finished):
    from django.core.files.uploadedfile import SimpleUploadedFile

    award = _approved(finished)[0]
    pdf = b"".join(
        as_(client, finished.people["office"])
        .get(E + f"certificates/{award.serial}.pdf")
        .streaming_content
    )
    client.logout()
    upload = SimpleUploadedFile("c.pdf", pdf, content_type="application/pdf")
    text = client.post("/verify/", {"file": upload}).content.decode()
    assert "电子签章有效" in text and f"证书编号 {award.serial}：登记在册，有效" in text
    forged = SimpleUploadedFile(
        "c.pdf", pdf.replace(b"ZX-", b"ZY-"), content_type="application/pdf"
    )
    assert "电子签章无效" in client.post("/verify/", {"file": forged}).content.decode()
    html = SimpleUploadedFile("c.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    assert "无法读取这个 PDF 文件" in client.post("/verify/", {"file": html}).content.decode()


def test_public_results_show_approved_awards_beside_the_rank(client, finished):
    _approved(finished)
    page = client.get(f"/editions/2020-nmg/events/{finished.event.pk}/results/").content.decode()
    row = re.search(r"<td>李娜</td>.*?</tr>", page, re.S).group(0)
    assert "全区技术能手" in row and "全区青年岗位能手" in row


def test_a_delegation_downloads_its_certificates_as_one_zip(client, finished):
    approved = _approved(finished)
    alice = as_(client, finished.people["alice"])
    delegation = approved[0].competitor.entry.delegation
    page = alice.get(E + f"delegations/{delegation.pk}/certificates/").content.decode()
    assert "李娜" in page and "赵敏" not in page  # 赵敏 is of 包头市
    response = alice.post(
        E + "certificates/batches/",
        {"scope": "delegation", "organization": delegation.organization_id},
        follow=True,
    )
    assert "已生成" in response.content.decode()
    batch_url = response.redirect_chain[-1][0]
    archive = b"".join(alice.get(batch_url + "download/").streaming_content)
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
    assert len(names) == 4 and all("李娜" in n or "王芳" in n for n in names)
    # another delegation's batch, or the whole edition, is not alice's
    bob_org = finished.competitors.get(entry__person__name="赵敏").entry.delegation.organization_id
    assert (
        alice.post(
            E + "certificates/batches/", {"scope": "delegation", "organization": bob_org}
        ).status_code
        == 403
    )
    assert alice.post(E + "certificates/batches/", {"scope": "edition"}).status_code == 403
    assert as_(client, finished.people["bob"]).get(batch_url).status_code == 404


def test_the_award_and_publicity_lists_download_as_xlsx_and_pdf(client, finished):
    _approved(finished)
    office = as_(client, finished.people["office"])
    for which in ("publicity", "awarded"):
        for fmt in ("xlsx", "pdf"):
            response = office.get(E + f"events/{finished.event.pk}/awards/{which}.{fmt}")
            assert response.status_code == 200, (which, fmt)
    pdf = office.get(E + f"events/{finished.event.pk}/awards/awarded.pdf").content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().replace(" ", "")
    assert text.index("李娜") < text.index("王芳") < text.index("赵敏")  # by rank
    honours = office.get(E + "awards/honours.pdf").content
    assert "全区技术能手" in PdfReader(io.BytesIO(honours)).pages[0].extract_text()


def test_the_office_edits_a_layout_with_a_live_preview_and_no_template_code(client, finished):
    from django.core.files.uploadedfile import SimpleUploadedFile

    office = as_(client, finished.people["office"])
    page = E + "awards/layouts/title/"
    preview = office.get(
        page + "preview/", {"x_name": "10", "y_name": "{{ 7|add:1 }}", "show_name": "1"}
    )
    text = preview.content.decode()
    assert 'data-left="10.0"' in text and "{{" not in text and "王小明" in text
    html = SimpleUploadedFile("bg.png", b"<html></html>", content_type="image/png")
    response = office.post(
        page, {"x_name": "20", "show_name": "1", "background": html}, follow=True
    )
    assert "背景图应为 PNG 或 JPG" in response.content.decode()
    assert not CertificateLayout.objects.exists()  # nothing half saved
    png = SimpleUploadedFile("bg.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    response = office.post(page, {"x_name": "20", "show_name": "1", "background": png}, follow=True)
    assert "荣誉称号证书版式已保存" in response.content.decode()
    layout = CertificateLayout.objects.get()
    assert layout.fields["name"]["x"] == 20.0 and layout.background_type == "image/png"
    assert as_(client, finished.people["hrss"]).post(page, {"x_name": "1"}).status_code == 403
    assert AuditEntry.objects.filter(action="awards.layout.changed").count() == 1


def test_national_finals_picks_are_set_confirmed_and_exported_with_full_numbers(client, finished):
    occupation = finished.event.occupation
    type(occupation).objects.filter(pk=occupation.pk).update(level="national")
    proposals.propose(finished, actor=actor(finished.people["office"]))
    page = E + "awards/national-finals/"
    office = as_(client, finished.people["office"])
    text = office.get(page).content.decode()
    assert "入选 1 人、替补 1 人" in text and "待确认" in text
    response = office.post(
        page, {"event": finished.event.pk, "per_event": "2", "reserves": "x"}, follow=True
    )
    assert "人数应为整数" in response.content.decode()
    office.post(page, {"event": finished.event.pk, "per_event": "2", "reserves": "1"})
    office.post(page, {"event": finished.event.pk, "action": "confirm"})
    text = office.get(page).content.decode()
    assert "组委会已确认" in text
    assert (
        as_(client, finished.people["hrss"])
        .post(page, {"event": finished.event.pk, "action": "confirm"})
        .status_code
        == 403
    )
    workbook = as_(client, finished.people["office"]).get(E + "awards/national-finals.xlsx")
    assert {"no-store", "private"} <= set(workbook["Cache-Control"].split(", "))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(workbook.content)).get_sheet_by_index(0)
    rows = [tuple(row) for row in sheet.to_python()]
    li = finished.competitors.get(entry__person__name="李娜").entry.person
    assert rows[1][:3] == ("姓名", "性别", "证件号码")
    assert rows[2][0] == "李娜" and rows[2][2] == li.document_number and rows[2][8] == "入选"
    assert [r[8] for r in rows[2:]] == ["入选", "入选", "替补"]
    assert AuditEntry.objects.filter(action="awards.finals.exported", actor_name="office").exists()
    assert (
        as_(client, finished.people["host"]).get(E + "awards/national-finals.xlsx").status_code
        == 403
    )


def test_dashboards_lead_to_the_awards(client, finished):
    proposals.propose(finished, actor=actor(finished.people["office"]))
    hrss = as_(client, finished.people["hrss"]).get("/dashboard/").content.decode()
    assert "核准奖项：3 项待人社厅核准" in hrss and f'href="{E}awards/"' in hrss
    office = as_(client, finished.people["office"]).get("/dashboard/").content.decode()
    assert "核准奖项：3 项待团委核准" in office
    _approved_rest = approvals.decide(
        list(Award.objects.filter(approver="HRSS")), True, "", actor=actor(finished.people["hrss"])
    )
    assert _approved_rest == 3
    alice = as_(client, finished.people["alice"]).get("/dashboard/").content.decode()
    assert "下载本代表队选手的获奖证书：2 份" in alice


def test_a_judge_appointed_later_does_not_reach_awards(client, finished):
    late = member("late-judge", finished.event.edition, "judge", finished.event)
    assert as_(client, late).get(E + "awards/").status_code == 403
