"""A school's registrar forms a pair in the 2025 安徽 pairs event (机床装调维修工（普通机床电气装调维修）,
双人赛项) in the browser: the delegation page says who is in no team; she names the team, ticks her
two contestants and sees it full; she dissolves it after confirming. Each page fits a 390-px phone
and a desktop, passes axe-core and the Content-Security-Policy."""

import datetime as dt
import random
import re
from importlib import resources

import pytest
from playwright.sync_api import Page, expect

from .test_every_role_on_a_phone import AXE, RUN_AXE, WATCH_CSP
from .test_scoring_flow import _login

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PAIRS = "机床装调维修工（普通机床电气装调维修）"


def _checked(page: Page, label: str) -> None:
    """No sideways scrolling, nothing blocked by the policy, no serious axe-core fault."""
    page.wait_for_load_state("networkidle")
    wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wider <= 1, f"{label}: {wider}px wider than the screen"
    assert page.evaluate("window.__csp") == [], label
    faults = page.evaluate(RUN_AXE)
    assert faults == [], f"{label}: {faults}"


def _school() -> None:
    """2025-ah, a school's registrar ("ahreg") and two of its students entered in the pairs event."""
    from django.contrib.auth import get_user_model

    from tests.support import PASSWORD
    from zhenxing.editions.models import Edition
    from zhenxing.editions.services import load_rulebook
    from zhenxing.orgs.audit import SYSTEM
    from zhenxing.orgs.models import Membership, Organization
    from zhenxing.registration import services
    from zhenxing.registration.demo import id_number

    text = resources.files("zhenxing.rulebooks").joinpath("2025-ah.toml").read_text("utf-8")
    load_rulebook(text, "2025-ah.toml")
    edition = Edition.objects.get(code="2025-ah")
    organization = Organization.objects.create(kind="university", name="安徽某职业技术学院")
    delegation = services.delegation_of(edition, organization, actor=SYSTEM)
    user = get_user_model().objects.create_user("ahreg", password=PASSWORD)
    Membership.objects.create(
        user=user, edition=edition, organization=organization, role="registrar"
    )
    for name in ("王小明", "李小红"):
        birth = dt.date(2004, 5, 1)
        data = services.EntryData(
            name=name, occupation=PAIRS, group="student", birth_date=birth, gender="男",
            id_number=id_number("340104", birth, True, random.Random(name)),
            phone="13800000000", employer="安徽某职业技术学院", full_time_student=True,
            school_enrolled_on=dt.date(2023, 9, 1), school_province="34",
        )  # fmt: skip
        services.save_entry(delegation, data, actor=SYSTEM)


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_registrar_forms_a_pair_and_dissolves_it(site, page: Page, size):
    if not AXE.exists():
        pytest.fail("缺少 node_modules/axe-core：请运行 make test-tools（npm ci）")
    _school()
    page.set_viewport_size(size)
    page.context.add_init_script(WATCH_CSP)
    page.context.add_init_script(path=str(AXE))
    _login(page, site, "ahreg")
    page.goto(site + "/office/2025-ah/delegations/mine/")
    teams = page.locator("#teams")
    expect(teams).to_contain_text("未组队：王小明、李小红")
    _checked(page, "delegation page")

    teams.get_by_role("link", name=re.compile("^组队")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("双人赛项")
    _checked(page, "team form")
    page.get_by_label("队名").fill("电气一队")
    page.get_by_label(re.compile("^王小明")).check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("已保存参赛队“电气一队”")
    expect(teams).to_contain_text("电气一队：王小明")
    expect(teams).to_contain_text("还差 1 人")
    expect(teams).to_contain_text("未组队：李小红")

    teams.get_by_role("link", name="修改").click()
    page.get_by_label(re.compile("^李小红")).check()
    page.get_by_role("button", name="保存").click()
    expect(teams).to_contain_text("电气一队：王小明、李小红")
    expect(teams).to_contain_text("已满 2 人")
    expect(teams).not_to_contain_text("未组队")
    _checked(page, "delegation page with a full pair")

    teams.get_by_role("link", name="修改").click()
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="解散该队").click()
    expect(page.get_by_role("alert")).to_contain_text("已解散参赛队“电气一队”")
    assert questions and "确定解散参赛队“电气一队”" in questions[0]
    expect(teams).to_contain_text("未组队：王小明、李小红")
