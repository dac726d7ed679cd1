"""A visitor reads the public home page; a delegation registrar logs in to the dashboard."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_public_home_then_registrar_login(site, page: Page, tmp_path):
    from django.contrib.auth import get_user_model

    from zhenxing.editions.services import current_edition
    from zhenxing.orgs.models import Membership, Organization

    registrar = get_user_model().objects.create_user("alice", password="correct-horse-battery-9")
    Membership.objects.create(
        user=registrar,
        edition=current_edition(),
        role="registrar",
        organization=Organization.objects.get(kind="league_city", name="呼和浩特市"),
    )

    page.goto(site + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("振兴杯")
    expect(page.locator("#events tbody tr")).to_have_count(19)
    expect(page.locator("#events")).to_contain_text("内蒙古能源发电投资集团有限公司")
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)

    page.get_by_role("link", name="登录").click()
    page.get_by_label("用户名").fill("alice")
    page.get_by_label("密码").fill("correct-horse-battery-9")
    page.get_by_role("button", name="登录").click()

    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    card = page.locator('[data-role="registrar"]')
    expect(card).to_contain_text("代表队报名联络员")
    expect(card).to_contain_text("呼和浩特市")
    card.get_by_role("link", name="填写本单位联系人和联系电话").click()
    page.get_by_label("联系人").fill("李明")
    page.get_by_label("联系电话").fill("0471-1234567")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("联系信息已保存")
    page.goto(site + "/dashboard/")
    expect(page.locator('[data-role="registrar"]')).to_contain_text("✓")
