"""A registrar types an entry and sees the rules core's verdict change as she types."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect
from stdnum.cn import ric

pytestmark = pytest.mark.e2e


def test_live_verdict_while_typing(site, page: Page):
    from django.contrib.auth import get_user_model

    from zhenxing.editions.services import current_edition
    from zhenxing.orgs.models import Membership, Organization

    user = get_user_model().objects.create_user("alice", password="correct-horse-battery-9")
    Membership.objects.create(
        user=user,
        edition=current_edition(),
        role="registrar",
        organization=Organization.objects.get(kind="league_city", name="呼和浩特市"),
    )
    page.goto(site + "/accounts/login/")
    page.get_by_label("用户名").fill("alice")
    page.get_by_label("密码").fill("correct-horse-battery-9")
    page.get_by_role("button", name="登录").click()
    page.goto(site + "/office/2020-nmg/delegations/mine/")
    page.get_by_role("link", name="添加选手").click()

    birth = dt.date(1985, 6, 30)
    body = f"150102{birth:%Y%m%d}123"
    page.get_by_label("姓名").fill("张伟")
    page.get_by_label("证件号码").fill(body + ric.calc_check_digit(body + "0"))
    page.get_by_label("比赛项目").select_option(label="数控车工（职工组）")
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("不符合参赛资格")
    expect(verdict).to_contain_text("1985年7月1日")

    birth = dt.date(1990, 6, 30)
    body = f"150102{birth:%Y%m%d}123"
    page.get_by_label("证件号码").fill(body + ric.calc_check_digit(body + "0"))
    expect(verdict).to_contain_text("符合参赛资格")
    expect(verdict).not_to_contain_text("不符合")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(re.compile(r"/office/2020-nmg/entries/\d+/$"))
    expect(page.get_by_role("alert")).to_contain_text("已保存 张伟 的报名")
