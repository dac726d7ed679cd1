"""The excellent organization award in the browser: a delegation keeps its records with evidence
and submits its self-evaluation, which fills itself; the committee office assesses two
organizations, ranks them, names the awarded one and downloads the form and the ranking — and
every award page reads on a 390-px phone without sideways scrolling."""

import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.support import actor

from .test_scoring_flow import _login, _user

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _baotou_submits(bob):
    """包头市 records a league-alone notice and submits (through the services)."""
    from zhenxing.editions.services import current_edition
    from zhenxing.orgaward import records, submission
    from zhenxing.orgaward.models import Committee
    from zhenxing.orgs.models import Organization

    edition = current_edition()
    baotou = Organization.objects.get(kind="league_city", name="包头市")
    committee = Committee(
        edition=edition, organization=baotou, members="团市委", notice_issuer="league_alone"
    )
    records.save_record(committee, actor=actor(bob))
    submission.submit(edition, baotou, actor=actor(bob))


def _go(page, link):
    """Follow a link and, once the new page has loaded, check it on the phone."""
    with page.expect_navigation():
        link.click()
    _no_sideways_scroll(page)


def _no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the screen"


def test_records_to_an_assessed_ranked_and_printed_form(site, page: Page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _user("office", "committee_office", org=("youth_league", "共青团内蒙古自治区委员会"))
    _user("alice", "registrar", org=("league_city", "呼和浩特市"))
    bob = _user("bob", "registrar", org=("league_city", "包头市"))
    _baotou_submits(bob)
    page.on("dialog", lambda dialog: dialog.accept())

    # 呼和浩特市 records its committee and a media report with a screenshot
    _login(page, site, "alice")
    page.get_by_role("link", name=re.compile("记录优秀组织奖材料")).click()
    page.get_by_role("link", name="组委会与竞赛通知").click()
    page.get_by_role("link", name="新增组委会与竞赛通知").click()
    page.get_by_label("组委会组成（机构和成员）").fill("团市委书记任主任，市人社局分管领导任副主任")
    page.get_by_label("通知下发方式").select_option(label="联合人社部门下发")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("已保存")
    page.get_by_role("link", name=re.compile("的记录$")).click()
    page.get_by_role("link", name="媒体报道").click()
    page.get_by_role("link", name="新增媒体报道").click()
    page.get_by_label("媒体级别").select_option(label="中央媒体（含新媒体）")
    page.get_by_label("媒体名称").fill("中国青年报")
    page.get_by_label("报道日期").fill("2020-10-20")
    page.get_by_label("报道标题").fill("呼和浩特青年技能大赛开赛")
    page.get_by_role("button", name="保存").click()
    page.get_by_label(re.compile("佐证材料")).set_input_files(
        {"name": "截图.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.get_by_role("button", name="上传").click()
    expect(page.get_by_role("alert")).to_contain_text("已上传佐证材料：截图.png")

    # the form fills itself from the records and is submitted
    page.get_by_role("link", name="自评表").click()
    expect(page.locator("#row-notice")).to_contain_text("联合人社部门下发")
    expect(page.locator("#row-media_reports")).to_contain_text("中央媒体（含新媒体） 1 条")
    expect(page.locator("#total")).to_contain_text("10")
    page.get_by_role("button", name="提交自评表").click()
    expect(page.get_by_role("alert")).to_contain_text("自评表已提交，自评总分 10 分")
    expect(page.locator("#form-state")).to_contain_text("只读")

    # the office assesses both, ranks them and names the awarded one
    _login(page, site, "office")
    page.get_by_role("link", name=re.compile("2 个单位已提交自评表，待考核")).click()
    row = page.locator("#organizations tr", has_text="呼和浩特市")
    row.get_by_role("link", name="考核").click()
    page.get_by_label("赛事、主题活动媒体报道情况 考核得分").fill("1")
    page.get_by_label("赛事、主题活动媒体报道情况 说明").fill("报道为转载，按省级媒体计")
    page.get_by_role("button", name="保存考核结果").click()
    expect(page.get_by_role("alert")).to_contain_text("考核总分 9 分")
    page.get_by_role("link", name="考核排名").click()
    page.get_by_role("link", name=re.compile("包头")).first.click()
    page.get_by_role("button", name="保存考核结果").click()
    expect(page.get_by_role("alert")).to_contain_text("考核总分 6 分")
    page.get_by_role("link", name="考核排名").click()
    first = page.locator("#ranking tbody tr").first
    expect(first).to_contain_text("呼和浩特")
    expect(first).to_contain_text("1")
    first.get_by_role("checkbox").check()
    page.get_by_role("button", name="保存获奖单位").click()
    expect(page.get_by_role("alert")).to_contain_text("已确定优秀组织奖获奖单位 1 个")
    with page.expect_download() as ranking:
        page.get_by_role("link", name="下载排名（Excel）").click()
    assert ranking.value.suggested_filename.endswith("优秀组织奖考核排名.xlsx")

    # the organization sees its assessment and prints the form as the notice's A4
    _login(page, site, "alice")
    page.get_by_role("link", name=re.compile("提交优秀组织奖自评表")).click()
    expect(page.locator("#assessed-total")).to_contain_text("9")
    expect(page.locator("#assessed-total")).to_contain_text("已授予优秀组织奖")
    with page.expect_download() as form_pdf:
        page.get_by_role("link", name="下载自评表（PDF）").click()
    text = PdfReader(form_pdf.value.path()).pages[0].extract_text()
    assert "自评表" in text.replace(" ", "")

    page.set_viewport_size(PHONE)
    page.reload()
    _no_sideways_scroll(page)
    for link in ("的记录$", "^报送材料$"):
        _go(page, page.get_by_role("link", name=re.compile(link)).first)
    page.get_by_role("link", name=re.compile("的记录$")).first.click()
    _go(page, page.get_by_role("link", name="媒体报道"))
    _login(page, site, "office")
    page.goto(f"{site}/office/2020-nmg/orgaward/")
    _no_sideways_scroll(page)
    for name in ("考核排名与获奖单位", "材料报送情况"):
        page.goto(f"{site}/office/2020-nmg/orgaward/")
        _go(page, page.get_by_role("link", name=name))
    page.goto(f"{site}/office/2020-nmg/orgaward/ranking/")
    page.locator("#ranking").get_by_role("link", name=re.compile("包头")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("考核")
    _no_sideways_scroll(page)
