"""The talent database in the browser, on the demo site: a registrar records follow-up for one
of their people, finds them by their stage and exports the list; the committee office finds a
finalist with their title and reads the statistics, each chart drawn beside its table — at
desktop width and on a 390-px phone, with axe-core and the Content-Security-Policy watched."""

import io
import re

import pytest
from playwright.sync_api import Page, expect
from python_calamine import CalamineWorkbook

from .test_every_role_on_a_phone import PHONE, Checker, demo  # noqa: F401 — demo is a fixture

pytestmark = pytest.mark.e2e
DESKTOP = {"width": 1280, "height": 900}


def _registrars_person() -> str:
    from zhenxing.orgs.models import Organization
    from zhenxing.talent import people

    city = Organization.objects.get(name="演示·甲市")
    return people.people_of(city).order_by("pk").last().name


def _titled_finalist() -> str:
    from zhenxing.talent.people import published_awards

    return published_awards().filter(kind="title").first().competitor.entry.person.name


def _check(checker: Checker, label: str) -> None:
    for size in (DESKTOP, PHONE):
        checker.page.set_viewport_size(size)
        assert checker.problems(f"{label} @{size['width']}") == []


def test_follow_up_search_export_and_the_offices_statistics(demo, page: Page, tmp_path):  # noqa: F811
    checker = Checker(page)
    page.set_viewport_size(DESKTOP)
    page.on("dialog", lambda dialog: dialog.accept())
    name = _registrars_person()

    checker.login(demo, "registrar")
    page.get_by_role("link", name=re.compile("本单位人才库")).click()
    _check(checker, "registrar 人才列表")
    page.get_by_label("姓名或证件号码").fill(name)
    page.get_by_role("button", name="查找").click()
    page.locator("#people").get_by_role("link", name=re.compile("查看")).first.click()
    page.get_by_label(re.compile("^职业发展阶段")).select_option(label="成熟期")
    page.get_by_label("起始日期").fill("2021-05-01")
    page.get_by_role("button", name="记录职业发展阶段").click()
    expect(page.get_by_role("alert")).to_contain_text("已记录职业发展阶段")
    expect(page.locator("#current-stage")).to_contain_text("成熟期（自 2021-05-01）")
    page.get_by_label("服务内容").select_option(label="能力提升")
    page.get_by_label("服务日期").fill("2021-05-10")
    page.get_by_role("button", name="记录跟踪服务").click()
    expect(page.locator("#follow-service")).to_contain_text("能力提升")
    _check(checker, "registrar 人员页")

    page.get_by_role("link", name=re.compile("的人才$")).click()
    page.get_by_label("当前职业发展阶段").select_option(label="成熟期")
    page.get_by_role("button", name="查找").click()
    expect(page.locator("#people")).to_contain_text(name)
    expect(page.locator("#found")).to_contain_text("共 1 人")
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel（证件号码脱敏）").click()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: PTH123, SIM115
    body = rows.get_sheet_by_index(0).to_python()[2:]
    assert [r[1] for r in body] == [name] and "*" in body[0][4]

    finalist = _titled_finalist()
    checker.login(demo, "office")
    page.get_by_role("link", name=re.compile("青年技能人才库：")).click()
    page.get_by_label("参赛层级").select_option(label="全区决赛")
    page.get_by_label("获奖").select_option(label="获得称号")
    page.get_by_label("姓名或证件号码").fill(finalist)
    page.get_by_role("button", name="查找").click()
    _check(checker, "office 人才查找")
    page.locator("#people").get_by_role("link", name=re.compile("查看")).first.click()
    expect(page.locator("#awards")).to_contain_text("称号")
    expect(page.locator("#entries")).to_contain_text("2020")
    page.get_by_role("link", name="人才库统计").click()
    expect(page.locator("#chart-occupation canvas")).to_have_count(1)
    drawn = page.evaluate("document.querySelector('#chart-occupation canvas').width")
    assert drawn > 0
    expect(page.locator("#table-awards")).to_contain_text("2020年")
    expect(page.locator("#table-stages")).to_contain_text("入门期 → 成长期")
    _check(checker, "office 人才库统计")
    expect(page.locator("#chart-age canvas")).to_have_count(1)
