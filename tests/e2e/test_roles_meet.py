"""Where one role's work reaches another's, in the browser: a late approval waits for the
encryption officer's new draw; the host's check-in instructions reach the delegation; a host
clerk builds a marking scheme in the row editor — on a desktop and on a phone."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.support import actor, make_id

from .test_scoring_flow import _login, _user, finals_event

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
KINDS = ["全对或零分", "扣分", "0-3分制", "去掉最高最低分"]  # the editor's order
SCREENS = pytest.mark.parametrize("screen", [None, PHONE], ids=["desktop", "phone"])


def _no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the screen"


def _late_entry(event):
    from zhenxing.editions.services import current_edition
    from zhenxing.orgs.audit import SYSTEM
    from zhenxing.orgs.models import Organization
    from zhenxing.registration.services import EntryData, delegation_of, save_entry, submit

    edition = current_edition()
    organization = Organization.objects.get(kind="league_city", name="赤峰市")
    delegation = delegation_of(edition, organization, actor=SYSTEM)
    birth = dt.date(1994, 4, 1)
    data = EntryData(
        name="周洁", occupation="数控车工", group="worker", birth_date=birth, gender="女",
        id_number=make_id(birth, male=False, seq="31"), phone="13900002222",
    )  # fmt: skip
    entry, _ = save_entry(delegation, data, actor=SYSTEM)
    submit(delegation, actor=SYSTEM, only=[entry])
    return entry


@SCREENS
def test_an_entry_approved_after_the_draw_is_drawn_in_by_the_encryption_officer(
    site, page: Page, screen
):
    from zhenxing.judging.anonymity import draw_numbers

    event, final, people = finals_event()
    draw_numbers(final, actor=actor(people["encryption"]))
    late = _late_entry(event)
    if screen:
        page.set_viewport_size(screen)
    _login(page, site, "office")
    page.goto(f"{site}/office/2020-nmg/entries/{late.pk}/")
    page.get_by_role("button", name="审核通过").click()
    expect(page.get_by_text("须由加密裁判在评分开始前重新抽签").first).to_be_visible()
    _login(page, site, "encryption")
    page.get_by_role("link", name="重新抽签：抽签后又有 1 名选手审核通过").click()
    expect(page.locator("#undrawn")).to_contain_text("抽签后又有 1 名选手审核通过")
    if screen:
        _no_sideways_scroll(page)
    page.get_by_label("确认按审核通过的报名抽取参赛号").check()
    page.get_by_role("button", name="抽签", exact=True).click()
    expect(page.locator("#undrawn")).to_have_count(0)
    assert final.competitors.filter(entry=late).exists()


@SCREENS
def test_check_in_instructions_typed_by_the_host_reach_the_delegation(site, page: Page, screen):
    event, _, _ = finals_event()
    _user("alice", "registrar", org=("league_city", "呼和浩特市"))
    if screen:
        page.set_viewport_size(screen)
    _login(page, site, "host")
    page.goto(f"{site}/office/2020-nmg/events/{event.pk}/arrangement/")
    page.get_by_label("比赛地点").fill("呼和浩特市职业技术学院")
    page.get_by_label("报到须知").fill("9月17日 14:00 前报到，携带身份证原件。")
    page.get_by_role("button", name="保存").click()
    _login(page, site, "alice")
    expect(page.get_by_text("报到须知：9月17日 14:00 前报到")).to_be_visible()
    page.get_by_role("link", name="比赛安排 · 数控车工（职工组）", exact=False).click()
    expect(page.locator("#arrangements")).to_contain_text("携带身份证原件")
    if screen:
        _no_sideways_scroll(page)


@SCREENS
def test_a_host_clerk_builds_a_scheme_in_rows(site, page: Page, screen):
    from zhenxing.editions.models import Event
    from zhenxing.judging.locking import final_of
    from zhenxing.judging.schemes import current_scheme, rules_scheme

    event = Event.objects.get(occupation__name="数控车工", group="worker")
    _user("host", "host_staff")
    if screen:
        page.set_viewport_size(screen)
    _login(page, site, "host")
    page.goto(f"{site}/office/2020-nmg/events/{event.pk}/final/scheme/")
    rows = [
        ("A", "零件加工", "A1", "安全防护", "10", "全对或零分"),
        ("A", "", "A2", "尺寸精度", "", "扣分"),
        ("B", "职业素养", "B1", "文明生产", "10", "0-3分制"),
    ]
    for index, (module_key, module_label, key, label, full, kind) in enumerate(rows):
        page.get_by_label(f"第 {index + 1} 行 模块代码").fill(module_key)
        page.get_by_label(f"第 {index + 1} 行 模块名称").fill(module_label)
        page.get_by_label(f"第 {index + 1} 行 评分项代码").fill(key)
        page.get_by_label(f"第 {index + 1} 行 评分项名称").fill(label)
        page.get_by_label(f"第 {index + 1} 行 满分").fill(full)
        page.get_by_label(f"第 {index + 1} 行 评分方式").select_option(index=KINDS.index(kind))
    page.get_by_role("button", name="保存评分标准").click()
    expect(page.locator("#row-1-max-error")).to_have_text("请填写满分")
    if screen:
        _no_sideways_scroll(page)
    page.get_by_label("第 2 行 满分").fill("80")
    page.get_by_label("第 3 行 顺序").fill("5")  # the professional module first
    page.get_by_role("button", name="添加 5 行").click()
    expect(page.get_by_label("第 8 行 顺序")).to_have_value("70")  # after the largest, 20
    page.get_by_role("button", name="保存评分标准").click()
    expect(page.get_by_text("评分标准已保存（第 1 版）")).to_be_visible()
    scheme = rules_scheme(current_scheme(final_of(event)))
    assert [a.key for a in scheme.aspects] == ["B1", "A1", "A2"] and str(scheme.full_mark) == "100"


@SCREENS
def test_the_supervisor_is_led_from_the_dashboard_to_the_decryption_to_confirm(
    site, page: Page, screen
):
    from zhenxing.judging.anonymity import draw_numbers, request_decryption
    from zhenxing.judging.lock import lock
    from zhenxing.judging.theory import save_theory

    from .test_scoring_flow import _direct

    event, final, people = finals_event()
    draw_numbers(final, actor=actor(people["encryption"]))
    for competitor in final.competitors.all():
        _direct(final, competitor, people["judge"], {"A1": "1", "A2": "0", "A3": "2"})
        for judge in ("judge2", "judge3"):
            _direct(final, competitor, people[judge], {"A3": "2"})
    numbers = {c.number: ("90", "80") for c in final.competitors.all()}
    save_theory(final, numbers, actor=actor(people["host"]))
    lock(final, actor=actor(people["chief"]))
    final.refresh_from_db()
    request_decryption(final, actor=actor(people["encryption"]))
    if screen:
        page.set_viewport_size(screen)
    page.on("dialog", lambda dialog: dialog.accept())
    _login(page, site, "supervisor")
    page.get_by_role("link", name="确认解密", exact=False).first.click()
    if screen:
        _no_sideways_scroll(page)
    page.get_by_role("button", name="确认解密").click()
    expect(page.get_by_text("待监督确认")).to_have_count(0)
    page.goto(site + "/dashboard/")
    expect(page.get_by_text("确认解密：")).to_have_count(0)
