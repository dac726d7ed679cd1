"""A host unit opens an account for a new judge from its event's panel page, passes on the
one-time link, and the judge sets a password and signs in — on a desktop, and on a phone."""

import pytest
from playwright.sync_api import Page, expect

from .test_scoring_flow import _login, _user

pytestmark = pytest.mark.e2e


def _no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the screen"


@pytest.mark.parametrize("screen", [None, {"width": 390, "height": 844}], ids=["desktop", "phone"])
def test_a_host_creates_a_judge_who_sets_a_password_and_signs_in(site, page: Page, screen):
    from django.contrib.auth import get_user_model

    from zhenxing.editions.models import Event

    event = Event.objects.get(occupation__name="数控车工", group="worker")
    _user("host", "host_staff")
    if screen:
        page.set_viewport_size(screen)
    page.on("dialog", lambda dialog: dialog.accept())
    _login(page, site, "host")
    page.get_by_role(
        "link", name="账号管理：为本单位评判组或本代表队新建账号，发设置密码链接"
    ).click()
    expect(page.get_by_role("heading", name="账号管理")).to_be_visible()
    page.goto(f"{site}/office/2020-nmg/events/{event.pk}/final/panel/")
    page.get_by_role("link", name="新建账号并任命").click()
    expect(page.get_by_label("比赛项目（评判组成员必填）")).to_have_value(str(event.pk))
    page.get_by_label("姓名").fill("王新裁判")
    page.get_by_label("角色").select_option(label="裁判")
    page.get_by_role("button", name="新建账号").click()
    expect(page.get_by_role("heading", name="已新建 1 个账号")).to_be_visible()
    if screen:
        _no_sideways_scroll(page)
    link = page.locator("#links code").inner_text()
    username = get_user_model().objects.get(first_name="王新裁判").username

    page.context.clear_cookies()  # the judge, on their own device
    page.goto(link)
    expect(page.get_by_text(f"用户名：{username}")).to_be_visible()
    page.get_by_label("新密码", exact=True).fill("Judge-2020-nmg")
    page.get_by_label("新密码确认").fill("Judge-2020-nmg")
    page.get_by_role("button", name="设置密码").click()
    expect(page.get_by_text("密码已设置，请用您的用户名和新密码登录。")).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Judge-2020-nmg")
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(site + "/dashboard/")
    expect(page.get_by_text("数控车工（职工组）").first).to_be_visible()
    page.goto(link)
    expect(page.get_by_text("这个链接已失效")).to_be_visible()
