"""At a tablet viewport: a judge scores, a clerk's second entry confirms, the chief judge locks,
the committee office publishes and the public page shows the ranks."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.support import SCHEME, actor, decrypt_and_recheck, make_id
from zhenxing.judging.anonymity import draw_numbers
from zhenxing.judging.locking import final_of
from zhenxing.judging.marks import save_sheet
from zhenxing.judging.schemes import save_scheme
from zhenxing.judging.theory import save_theory
from zhenxing.orgs.audit import SYSTEM

pytestmark = pytest.mark.e2e
PASSWORD = "correct-horse-battery-9"
TABLET = {"width": 820, "height": 1180}


def _user(name, role, event=None, org=("host_unit", "中国航天科工集团第六研究院")):
    from django.contrib.auth import get_user_model

    from zhenxing.editions.services import current_edition
    from zhenxing.orgs.models import Membership, Organization

    user = get_user_model().objects.create_user(name, password=PASSWORD)
    Membership.objects.create(
        user=user,
        edition=current_edition(),
        role=role,
        event=event,
        organization=Organization.objects.get(kind=org[0], name=org[1]),
    )
    return user


def finals_event():
    """Two approved finalists of 数控车工（职工组）, every role of its final, and a scheme."""
    from zhenxing.editions.models import Event
    from zhenxing.editions.services import current_edition
    from zhenxing.orgs.models import Organization
    from zhenxing.registration.models import Entry
    from zhenxing.registration.services import EntryData, delegation_of, save_entry

    edition = current_edition()
    event = Event.objects.get(edition=edition, occupation__name="数控车工", group="worker")
    for name, city, year in (("李娜", "呼和浩特市", 1990), ("赵敏", "包头市", 1991)):
        delegation = delegation_of(
            edition, Organization.objects.get(kind="league_city", name=city), actor=SYSTEM
        )
        birth = dt.date(year, 3, 1)
        data = EntryData(
            name=name,
            occupation="数控车工",
            group="worker",
            birth_date=birth,
            gender="女",
            id_number=make_id(birth, male=False),
            phone="13900001111",
        )
        entry, _ = save_entry(delegation, data, actor=SYSTEM)
        Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.APPROVED)
    yl = ("youth_league", "共青团内蒙古自治区委员会")
    people = {name: _user(name, "judge", event) for name in ("judge", "judge2", "judge3")}
    people["chief"] = _user("chief", "chief_judge", event)
    people["clerk"] = _user("clerk", "clerk", event)
    people["clerk2"] = _user("clerk2", "clerk", event)
    people["host"] = _user("host", "host_staff")
    people["encryption"] = _user("encryption", "encryption_officer", event)
    people["supervisor"] = _user("supervisor", "supervisor", org=yl)
    people["office"] = _user("office", "committee_office", org=yl)
    hrss = ("hrss", "内蒙古自治区人力资源和社会保障厅")
    people["arbiter"] = _user("arbiter", "arbitrator", org=hrss)
    final = final_of(event)
    save_scheme(final, SCHEME, actor=actor(people["host"]))
    return event, final, people


def _setup():
    """finals_event with contest numbers drawn."""

    event, final, people = finals_event()
    draw_numbers(final, actor=actor(people["encryption"]))
    numbers = {c.entry.person.name: c for c in final.competitors.select_related("entry__person")}
    return event, final, people, numbers


def _direct(final, competitor, judge, values):

    save_sheet(final, competitor, judge, values, {}, actor=actor(judge), paper=False)


def _login(page, site, name):
    page.context.clear_cookies()
    page.goto(site + "/accounts/login/")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(site + "/dashboard/")


def test_judge_clerk_chief_office_and_public(site, page: Page):

    event, final, people, numbers = _setup()
    li, zhao = numbers["李娜"], numbers["赵敏"]
    # 赵敏 fully scored by the three judges; 李娜 by judge2 only: the rest happens in the browser
    _direct(final, zhao, people["judge"], {"A1": "1", "A2": "3", "A3": "2"})
    _direct(final, zhao, people["judge2"], {"A3": "2"})
    _direct(final, zhao, people["judge3"], {"A3": "1"})
    _direct(final, li, people["judge2"], {"A3": "3"})
    rows = {c.number: ("90", "80") for c in (li, zhao)}
    save_theory(final, rows, actor=actor(people["host"]))
    page.set_viewport_size(TABLET)
    base = f"{site}/office/2020-nmg/events/{event.pk}/final/"

    # the judge scores 李娜 on the tablet: by contest number only
    _login(page, site, "judge")
    page.get_by_role("link", name="录入评分").first.click()
    page.get_by_role("link", name=li.number, exact=True).click()
    expect(page.get_by_role("heading", name=f"参赛号 {li.number}")).to_be_visible()
    page.get_by_text("达到", exact=True).click()
    page.get_by_label("A2 扣分").fill("0.5")
    page.locator("label[for='v_A3_3']").click()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("tr[data-aspect='A3'] [data-state]")).to_have_text("已保存")
    expect(page.locator("body")).not_to_contain_text("李娜")

    # judge3's paper sheet: clerk keys it, clerk2 keys it again and it is confirmed
    _login(page, site, "clerk")
    page.goto(base + "scoring/")
    page.get_by_label("这份纸质评分表的裁判").select_option(label="judge3")
    page.get_by_role("button", name="选择").click()
    page.get_by_role("link", name=li.number, exact=True).click()
    page.locator("label[for='v_A3_2']").click()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("tr[data-aspect='A3'] [data-state]")).to_contain_text("待另一人二次录入")
    _login(page, site, "clerk2")
    page.goto(base + "scoring/")
    page.get_by_label(f"二次录入 {li.number} A3").fill("2")
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_role("alert")).to_contain_text("二次录入一致，已确认")

    # the chief judge locks
    _login(page, site, "chief")
    page.goto(base)
    page.get_by_label("确认全部评分已录入核对无误，锁定成绩").check()
    page.get_by_role("button", name="锁定成绩").click()
    expect(page.get_by_role("alert")).to_contain_text("成绩已锁定")

    # decryption and the re-check (their own browser test is test_integrity_flow)
    decrypt_and_recheck(final, people)

    # the committee office publishes
    _login(page, site, "office")
    page.goto(base + "results/")
    expect(page.locator("#results")).to_contain_text("李娜")
    page.get_by_label("确认发布本项目成绩（公众可见）").check()
    page.get_by_role("button", name="发布成绩").click()
    expect(page.get_by_role("alert")).to_contain_text("成绩已发布")

    # the public sees the ranks
    page.context.clear_cookies()
    page.goto(site + "/")
    page.get_by_role("link", name="查看成绩").click()
    table = page.locator("#public-results")
    expect(table.locator("tbody tr").first).to_contain_text("李娜")
    expect(table.locator("tbody tr").nth(1)).to_contain_text("赵敏")
    expect(table.locator("tbody tr").first.locator("td").first).to_have_text("1")
