"""A registrar fills in the official template, fixes two bad rows, imports, submits; the office approves."""

import datetime as dt
import re

import pytest
import xlsxwriter
from playwright.sync_api import Page, expect
from python_calamine import CalamineWorkbook
from stdnum.cn import ric

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-battery-9"


def person_id(birth: dt.date, seq: int) -> str:
    body = f"150102{birth:%Y%m%d}{seq:02d}3"
    return body + ric.calc_check_digit(body + "0")


def fill(template_path, target, rows):
    """Fill the downloaded template the way a registrar would: same headers, one row each."""
    headers = CalamineWorkbook.from_path(str(template_path)).get_sheet_by_index(0).to_python()[1]
    book = xlsxwriter.Workbook(str(target), {"strings_to_numbers": False})
    sheet = book.add_worksheet("报名表")
    sheet.write_row(0, 0, headers)
    for index, values in enumerate(rows, start=1):
        sheet.write_row(index, 0, [str(values.get(h, "")) for h in headers])
    book.close()


def contestant(name, seq, **extra):
    birth = dt.date(1990, 1, seq)
    values = {
        "姓名": name,
        "性别": "男",
        "证件号码": person_id(birth, seq),
        "出生日期": birth.isoformat(),
        "职业（工种）": "数控车工",
        "组别": "职工组",
    }
    return values | extra


def login(page: Page, site: str, username: str):
    page.goto(site + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


@pytest.fixture
def registrar_and_office(site):
    """alice, registrar of 呼和浩特市, and the committee office, on the live server's edition."""
    from django.contrib.auth import get_user_model

    from zhenxing.editions.services import current_edition
    from zhenxing.orgs.models import Membership, Organization

    for username, role, kind, name in [
        ("alice", "registrar", "league_city", "呼和浩特市"),
        ("office", "committee_office", "youth_league", "共青团内蒙古自治区委员会"),
    ]:
        Membership.objects.create(
            user=get_user_model().objects.create_user(username, password=PASSWORD),
            edition=current_edition(),
            role=role,
            organization=Organization.objects.get(kind=kind, name=name),
        )


def download_template(page: Page, tmp_path):
    """From the dashboard, as the registrar: the import page's template, saved."""
    page.get_by_role("link", name=re.compile("报名参赛选手")).click()
    page.get_by_role("link", name="批量导入（Excel/CSV）").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载报名模板（.xlsx）").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    return template


def test_template_to_approved_entries(site, registrar_and_office, page: Page, tmp_path):
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))

    login(page, site, "alice")
    template = download_template(page, tmp_path)

    good = [contestant("张伟", 1), contestant("李强", 2), contestant("王磊", 3)]
    bad = [
        contestant("赵敏", 4, **{"出生日期": "1990年2月30日"}),
        contestant("钱勇", 5, **{"组别": "老年组"}),
    ]
    first = tmp_path / "第一次.xlsx"
    fill(template, first, good + bad)
    page.get_by_label("报名文件").set_input_files(str(first))
    page.get_by_role("button", name="上传并检查").click()
    counts = page.locator("#import-counts")
    expect(counts).to_contain_text("有错误 2")
    expect(page.locator("#import-rows")).to_contain_text("不是有效日期")
    page.get_by_role("button", name="写入有效的行").click()  # the three good rows first
    expect(page.get_by_role("alert")).to_contain_text("导入完成：新增 3 条")
    assert asked[-1] == "写入有效的报名？有错误的行不会写入；不符合参赛资格的行只在勾选时写入。"

    # the error report holds the two rows as uploaded, with their errors: fixed there, it is
    # uploaded again as it is
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("下载错误报告")).click()
    report = tmp_path / "错误报告.xlsx"
    download.value.save_as(report)
    cells = CalamineWorkbook.from_path(str(report)).get_sheet_by_index(0).to_python()
    headers = cells[0]
    assert headers[-2:] == ["原行号", "错误说明"] and [r[0] for r in cells[1:]] == ["赵敏", "钱勇"]
    assert "不是有效日期" in cells[1][-1] and "老年组" in cells[2][-1]
    cells[1][headers.index("出生日期")] = "1990-01-04"
    cells[2][headers.index("组别")] = "职工组"
    fixed = tmp_path / "改正后.xlsx"
    book = xlsxwriter.Workbook(str(fixed), {"strings_to_numbers": False})
    sheet = book.add_worksheet()
    for index, values in enumerate(cells):
        sheet.write_row(index, 0, [str(v) for v in values])
    book.close()
    page.get_by_role("link", name="上传另一个文件").click()
    page.get_by_label("报名文件").set_input_files(str(fixed))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.locator("#import-counts")).to_contain_text("将新增 2")
    page.get_by_role("button", name="写入有效的行").click()
    expect(page.get_by_role("alert")).to_contain_text("导入完成：新增 2 条")

    page.get_by_role("link", name="查看代表队报名").click()
    expect(page.locator("#entries tbody tr")).to_have_count(5)
    page.get_by_role("button", name=re.compile("提交审核")).click()
    expect(page.get_by_role("alert")).to_contain_text("已提交 5 条报名")
    page.get_by_role("button", name="退出").click()

    login(page, site, "office")
    page.get_by_role("link", name=re.compile("审核报名：5 条待审核")).click()
    for _ in range(5):
        page.locator("#review").get_by_role("button", name="通过").first.click()
        expect(page.get_by_role("alert").first).to_contain_text("已通过")
    expect(page.locator("#review")).to_contain_text("没有待审核的报名")

    from zhenxing.registration.models import Entry

    assert Entry.objects.filter(status="approved").count() == 5


def test_three_hundred_contestants_from_template_to_approved(
    site, registrar_and_office, page: Page, tmp_path
):
    """The issue's measure: a delegation's 300 contestants, template to approved, in the browser."""
    from zhenxing.registration.models import Entry

    page.on("dialog", lambda dialog: dialog.accept())
    occupations = ["数控车工", "配电电缆工", "森林抚育"]
    rows = []
    for index in range(300):
        birth = dt.date(1987, 1, 1) + dt.timedelta(days=index * 10)
        body = f"150102{birth:%Y%m%d}{index % 100:02d}{index % 2}"
        rows.append(
            {
                "姓名": f"选手{index:03d}",
                "性别": "男" if index % 2 else "女",
                "证件号码": body + ric.calc_check_digit(body + "0"),
                "出生日期": birth.isoformat(),
                "职业（工种）": occupations[index % 3],
                "组别": "职工组",
                "手机号码": f"139{index:08d}",
            }
        )

    login(page, site, "alice")
    template = download_template(page, tmp_path)
    filled = tmp_path / "三百人.xlsx"
    fill(template, filled, rows)
    page.get_by_label("报名文件").set_input_files(str(filled))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.locator("#import-counts")).to_contain_text("将新增 300")
    page.get_by_role("button", name="写入有效的行").click()
    expect(page.get_by_role("alert")).to_contain_text("导入完成：新增 300 条")

    page.get_by_role("link", name="查看代表队报名").click()
    expect(page.locator("#entries tbody tr")).to_have_count(300)
    page.get_by_role("button", name=re.compile("提交审核（300 条）")).click()
    expect(page.get_by_role("alert")).to_contain_text("已提交 300 条报名")
    page.get_by_role("button", name="退出").click()

    login(page, site, "office")
    page.get_by_role("link", name=re.compile("审核报名：300 条待审核")).click()
    page.get_by_role("button", name="一次通过全部无提示的报名（300 条）").click()
    expect(page.get_by_role("alert").first).to_contain_text("已通过 300 条")
    expect(page.locator("#review")).to_contain_text("没有待审核的报名")
    assert Entry.objects.filter(status="approved").count() == 300
