"""A pairs event's final in the browser (2025-ah 机床装调维修工（普通机床电气装调维修）, 双人赛项): the
host sees on the final's page which team stays out and why; the encryption officer draws one
number per complete team; a judge scores a team by its number alone; the chief judge locks; the
office publishes and the public sees each team with its members; the office has the awards
proposed, HRSS approves, and the delegation downloads the certificate of each of its two members,
each with the member's own name. On a desktop and on a phone; each page passes axe-core and the
Content-Security-Policy."""

import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.support import PASSWORD, SCHEME, actor, mark_by_judges
from tests.teams_support import (
    MARKS,
    entry,
    load_2025_ah,
    make_people,
    make_teams,
    pairs_event,
    team,
)

from .test_every_role_on_a_phone import AXE, RUN_AXE, WATCH_CSP
from .test_scoring_flow import _login

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _checked(page: Page, label: str) -> None:
    """No sideways scrolling, nothing blocked by the policy, no serious axe-core fault."""
    page.wait_for_load_state("networkidle")
    wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wider <= 1, f"{label}: {wider}px wider than the screen"
    assert page.evaluate("window.__csp") == [], label
    faults = page.evaluate(RUN_AXE)
    assert faults == [], f"{label}: {faults}"


def _pairs_final():
    """2025-ah with two complete, approved teams and one of a single member, the panel, and the
    marking scheme; nothing drawn yet."""
    from zhenxing.judging.locking import final_of
    from zhenxing.judging.schemes import save_scheme

    edition = load_2025_ah()
    event = pairs_event(edition)
    people = make_people(edition, event, PASSWORD)
    teams = make_teams(edition)
    birth = edition.period_start.replace(year=2004)
    team(edition, "丙市一队", "演示·丙市", [entry(edition, "演示·丙市", "周杰", birth)])
    final = final_of(event)
    save_scheme(final, SCHEME, actor=actor(people["ah_host"]))
    return event, final, people, teams


def _other_marks(final, people, teams, typed_team) -> None:
    """What the browser does not type: the theory scores, and every mark but the first judge's
    of the team scored on the page."""
    from zhenxing.judging.theory import save_theory

    judges = [people[name] for name in ("ah_judge", "ah_judge2", "ah_judge3")]
    for made, marks in zip(teams, MARKS, strict=True):
        competitor = final.competitors.get(team=made)
        save_theory(final, {competitor.number: ("90", "80")}, actor=actor(people["ah_host"]))
        skip = [people["ah_judge"]] if made == typed_team else []
        mark_by_judges(final, competitor, judges, marks, skip=skip)


def _decrypted_and_rechecked(final, people) -> None:
    from zhenxing.judging.anonymity import confirm_decryption, next_layer, request_decryption
    from zhenxing.results.recheck import record_recheck, start_recheck

    final.refresh_from_db()
    while next_layer(final):
        step = request_decryption(final, actor=actor(people["ah_encryption"]))
        confirm_decryption(step, actor=actor(people["ah_supervisor"]))
        final.refresh_from_db()
    record = start_recheck(final, actor=actor(people["ah_supervisor"]))
    for item in record.items.all():
        record_recheck(item, True, "", actor=actor(people["ah_supervisor"]))


def _publication_period_over(final) -> None:
    """The event ended ten days ago and was published three hours later: results are final."""
    import datetime as dt

    from django.utils import timezone

    from zhenxing.judging.models import Final

    ended = timezone.now() - dt.timedelta(days=10)
    Final.objects.filter(pk=final.pk).update(
        ends_at=ended, published_at=ended + dt.timedelta(hours=3)
    )


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_pairs_final_from_the_roster_to_both_members_certificates(site, page: Page, size):
    if not AXE.exists():
        pytest.fail("缺少 node_modules/axe-core：请运行 make test-tools（npm ci）")
    event, final, people, teams = _pairs_final()
    page.set_viewport_size(size)
    page.context.add_init_script(WATCH_CSP)
    page.context.add_init_script(path=str(AXE))
    page.on("dialog", lambda dialog: dialog.accept())
    home = site + reverse("judging:final_home", args=["2025-ah", event.pk])

    # the host unit: which team is not in the final, and why
    _login(page, site, "ah_host")
    page.goto(home)
    expect(page.locator("#left-out")).to_contain_text(
        "演示·丙市「丙市一队」只有 1 名队员（每队 2 人），未进入决赛"
    )
    _checked(page, "final page (host)")

    # the encryption officer draws: one contest number per complete team
    _login(page, site, "ah_encryption")
    page.goto(home)
    expect(page.locator("#left-out")).to_have_count(0)  # the panel is not told who is out
    page.get_by_label(re.compile("确认按审核通过的报名抽取参赛号")).check()
    page.get_by_role("button", name="抽签", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("已为 2 支参赛队抽取参赛号")
    expect(page.locator("#competitor-count")).to_contain_text("2 支决赛参赛队")
    page.goto(site + reverse("judging:anonymity", args=["2025-ah", event.pk]))
    expect(page.locator("#sign-in")).to_contain_text("甲市一队（张伟、王磊）")
    expect(page.locator("#sign-in")).to_contain_text("乙市一队（刘洋、陈静）")
    _checked(page, "sign-in sheet")

    # a judge scores 甲市一队 by its number; nothing on the page names the team
    first = final.competitors.get(team=teams[0])
    _other_marks(final, people, teams, typed_team=teams[0])
    _login(page, site, "ah_judge")
    page.goto(home)
    page.get_by_role("link", name="录入评分").first.click()
    page.get_by_role("link", name=first.number, exact=True).click()
    expect(page.get_by_role("heading", name=f"参赛号 {first.number}")).to_be_visible()
    page.get_by_text("达到", exact=True).click()
    page.get_by_label("A2 扣分").fill("0")
    page.locator("label[for='v_A3_3']").click()
    page.get_by_role("button", name="保存").click()
    expect(page.locator("tr[data-aspect='A3'] [data-state]")).to_have_text("已保存")
    for name in ("甲市一队", "张伟", "王磊", "演示·甲市"):
        expect(page.locator("body")).not_to_contain_text(name)
    _checked(page, "score sheet")

    # the chief judge locks; decryption and the re-check (their browser test: integrity flow)
    _login(page, site, "ah_chief")
    page.goto(home)
    page.get_by_label("确认全部评分已录入核对无误，锁定成绩").check()
    page.get_by_role("button", name="锁定成绩").click()
    expect(page.get_by_role("alert")).to_contain_text("成绩已锁定")
    _decrypted_and_rechecked(final, people)

    # the office sees the ranked teams with their members, and publishes
    _login(page, site, "ah_office")
    page.goto(site + reverse("results:results", args=["2025-ah", event.pk]))
    rows = page.locator("#results tbody tr")
    expect(rows.first).to_contain_text("甲市一队（张伟、王磊）")
    expect(rows.nth(1)).to_contain_text("乙市一队（刘洋、陈静）")
    _checked(page, "results (office)")
    page.get_by_label("确认发布本项目成绩（公众可见）").check()
    page.get_by_role("button", name="发布成绩").click()
    expect(page.get_by_role("alert")).to_contain_text("成绩已发布")
    _publication_period_over(final)

    # the public: each team, its members, its rank
    page.context.clear_cookies()
    page.goto(site + reverse("results:public_results", args=["2025-ah", event.pk]))
    table = page.locator("#public-results")
    expect(table.locator("tbody tr").first).to_contain_text("甲市一队")
    expect(table.locator("tbody tr").first).to_contain_text("张伟、王磊")
    expect(table.locator("tbody tr").nth(1)).to_contain_text("刘洋、陈静")
    _checked(page, "public results")

    # the office has the awards proposed: one certificate for each member
    occupation = event.occupation
    occupation.certificate = "qualification"  # HRSS's setting (its own page: test_awards_flow)
    occupation.save(update_fields=["certificate"])
    awards_url = site + reverse("awards:event_awards", args=["2025-ah", event.pk])
    _login(page, site, "ah_office")
    page.goto(awards_url)
    page.get_by_role("button", name="由规则引擎提出拟授奖项").click()
    expect(page.get_by_role("alert")).to_contain_text("已提出 4 项")
    _checked(page, "awards (office)")

    # HRSS approves the four certificates
    _login(page, site, "ah_hrss")
    page.goto(awards_url)
    for name in ("张伟", "王磊", "刘洋", "陈静"):
        expect(page.locator("#awards")).to_contain_text(name)
    page.get_by_role("button", name=re.compile("核准全部待我核准的奖项（4 项）")).click()
    expect(page.get_by_role("alert")).to_contain_text("已核准 4 项")

    # 甲市's registrar downloads each member's certificate: the member's own name on it
    _login(page, site, "ah_registrar")
    page.get_by_role("link", name=re.compile("下载本代表队选手的获奖证书")).click()
    certificates = page.locator("#certificates")
    expect(certificates).to_contain_text("参赛队：甲市一队")
    _checked(page, "delegation certificates")
    serials = set()
    for name in ("张伟", "王磊"):
        with page.expect_download() as waiting:
            certificates.locator("tr", has_text=name).get_by_role("link").click()
        pdf = open(waiting.value.path(), "rb").read()  # noqa: SIM115, PTH123
        text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
        assert name in text and "甲市一队" in text and "第1名" in text
        assert "国家职业资格二级证书" in text
        serials.add(re.search(r"证书编号：(\S+)", text).group(1))
    assert len(serials) == 2  # a number of their own each
