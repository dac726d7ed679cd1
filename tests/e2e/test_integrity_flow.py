"""An event's final from the draw of lots to final results, each step in the browser:
draw, check-in, score, lock, decrypt, re-check, publish, appeal, decide, final."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.support import actor
from zhenxing.judging.theory import save_theory

from .test_scoring_flow import _direct, _login, finals_event

pytestmark = pytest.mark.e2e


def _check_and_click(page, label, button):
    page.get_by_label(label).check()
    page.get_by_role("button", name=button).click()


def test_final_from_draw_to_final_results(site, page: Page):
    from zhenxing.judging.models import Final

    event, final, people = finals_event()
    base = f"{site}/office/2020-nmg/events/{event.pk}/final/"
    asked = []  # the confirmations asked before what cannot be undone, each accepted
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))

    # draw of lots, then check-in's second draw, by the encryption officer
    _login(page, site, "encryption")
    page.goto(base)
    _check_and_click(page, "确认按审核通过的报名抽取参赛号（同时核对回避）", "抽签")
    expect(page.get_by_role("alert")).to_contain_text("已为 2 名选手抽取参赛号")
    page.get_by_role("link", name="加密与抽签（检录、评审号、签到表）").click()
    _check_and_click(page, "确认缺考选手已登记，为到场选手抽取工位号", "抽取工位号")
    expect(page.get_by_role("alert")).to_contain_text("已抽取工位号")
    expect(page.locator("#sign-in")).to_contain_text("李娜")
    expect(page.locator("#draws")).to_contain_text("种子")

    # the host unit: judges score by station; the event ended an hour ago
    _login(page, site, "host")
    page.goto(base)
    page.get_by_label("裁判评分依据").select_option(label="工位号")
    ended = timezone.localtime() - dt.timedelta(hours=1)
    page.get_by_label("比赛结束时间（申诉时限起算）").fill(ended.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="保存设置").click()
    expect(page.get_by_role("alert")).to_contain_text("已保存")

    # a judge scores by station only; the other marks come from the other judges' tablets
    final = Final.objects.get(pk=final.pk)
    stations = {c.entry.person.name: c for c in final.competitors.select_related("entry__person")}
    li, zhao = stations["李娜"], stations["赵敏"]
    _direct(final, zhao, people["judge"], {"A1": "1", "A2": "3", "A3": "2"})
    for judge in ("judge2", "judge3"):
        _direct(final, zhao, people[judge], {"A3": "2"})
        _direct(final, li, people[judge], {"A3": "3"})
    save_theory(final, {c.number: ("90", "80") for c in (li, zhao)}, actor=actor(people["host"]))
    _login(page, site, "judge")
    page.goto(base + "scoring/")
    expect(page.locator("#numbers")).to_contain_text(li.station)
    expect(page.get_by_role("link", name=li.number, exact=True)).to_have_count(0)
    page.get_by_role("link", name=li.station, exact=True).click()
    page.get_by_text("达到", exact=True).click()
    page.get_by_label("A2 扣分").fill("0")
    page.locator("label[for='v_A3_3']").click()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("tr[data-aspect='A3'] [data-state]")).to_have_text("已保存")

    # the chief judge locks
    _login(page, site, "chief")
    page.goto(base)
    _check_and_click(page, "确认全部评分已录入核对无误，锁定成绩", "锁定成绩")
    expect(page.get_by_role("alert")).to_contain_text("成绩已锁定")
    page.goto(base + "results/")
    expect(page.locator("#results")).not_to_contain_text("李娜")

    # decryption, layer by layer in reverse, each confirmed by a supervisor
    for layer in ("工位号", "参赛号"):
        _login(page, site, "encryption")
        page.goto(base + "decryption/")
        page.get_by_role("button", name=f"申请解密：{layer}").click()
        expect(page.get_by_role("alert")).to_contain_text("等待监督确认")
        _login(page, site, "supervisor")
        page.goto(base + "decryption/")
        page.get_by_role("button", name="确认解密").click()
        expect(page.get_by_role("alert")).to_contain_text(f"已确认解密：{layer}")
    expect(page.locator("body")).to_contain_text("已全部解密")

    # the supervisor's re-check
    page.goto(base + "recheck/")
    page.get_by_role("button", name="生成复核名单").click()
    for _ in range(2):
        page.get_by_role("button", name="无误").first.click()
    expect(page.locator("#recheck")).not_to_contain_text("待复核")

    # the committee office publishes
    _login(page, site, "office")
    page.goto(base + "results/")
    expect(page.locator("#results")).to_contain_text("李娜")
    _check_and_click(page, "确认发布本项目成绩（公众可见）", "发布成绩")
    expect(page.get_by_role("alert")).to_contain_text("成绩已发布")

    # a written appeal within the window, to the arbitration group
    _login(page, site, "arbiter")
    page.goto(base + "appeals/")
    page.get_by_label("申诉人（代表队领队）").fill("包头市代表队领队")
    page.get_by_label("申诉内容").fill("赵敏 A2 尺寸精度扣分有误")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_role("alert")).to_contain_text("申诉已登记")
    page.context.clear_cookies()
    page.goto(f"{site}/editions/2020-nmg/events/{event.pk}/results/")
    expect(page.locator("#state")).to_contain_text("公示中")
    expect(page.locator("#state")).to_contain_text("尚有 1 件申诉未裁决")
    expect(page.locator("#public-results tbody tr").first).to_contain_text("李娜")

    _login(page, site, "arbiter")
    page.goto(base + "appeals/")
    page.get_by_label("裁决意见").fill("经调阅评分记录和试件，扣分无误")
    page.get_by_role("button", name="申诉不成立").click()
    expect(page.get_by_role("alert")).to_contain_text("裁决已记录：申诉不成立")
    expect(page.locator("#appeals")).to_contain_text("申诉不成立")
    assert asked[-1] == "裁决：申诉不成立？裁决记录后不能更改。"
    assert "确认解密这一层？解密后不能恢复。" in asked

    # once the publication period is over with no open appeal, the results are final
    Final.objects.filter(pk=final.pk).update(published_at=timezone.now() - dt.timedelta(days=10))
    page.context.clear_cookies()
    page.goto(f"{site}/editions/2020-nmg/events/{event.pk}/results/")
    expect(page.locator("#state")).to_contain_text("最终成绩")
