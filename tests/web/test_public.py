"""The public home page and edition page: every persona and the anonymous public."""

import pytest

from zhenxing.editions.models import Event

ALL = ["office", "hrss", "host", "alice", "bob", "judge", "charlie", None]


@pytest.mark.parametrize("persona", ALL)
def test_home_lists_all_19_events_with_host_units(login, persona):
    response = login(persona).get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "2020年“振兴杯”全区青年职业技能大赛" in page
    assert "技能成才报祖国 青春奋进新时代" in page
    assert page.count("<tr><td>") == 19
    for event in Event.objects.select_related("occupation", "host_unit"):
        assert event.occupation.name in page
    assert page.count("中国航天科工集团第六研究院") >= 4
    assert "另行通知" in page  # the national-level occupations' host is not yet known


def test_home_shows_contacts_deadlines_and_windows(client, edition):
    page = client.get("/").content.decode()
    for text in [
        "陈路",
        "0471-6222396",
        "nmgtwzsqy@126.com",
        "薛佳",
        "2020年11月30日",
        "1985年7月1日",
        "2004年6月30日",
        "陈晓东",
    ]:
        assert text in page


def test_home_without_edition_explains_what_to_do(client, no_edition):
    response = client.get("/")
    assert response.status_code == 200
    assert "zhenxing edition load" in response.content.decode()


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_home_refuses_wrong_methods(client, edition, method):
    assert getattr(client, method)("/").status_code == 405


def test_edition_page_by_code_and_unknown_code(client, edition):
    assert client.get("/editions/2020-nmg/").status_code == 200
    response = client.get("/editions/1999-xyz/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_english_is_available(client, edition):
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert 'lang="en"' in page
    assert "Events" in page and "Contacts" in page


def test_static_assets_come_from_installed_packages(client, edition):
    page = client.get("/").content.decode()
    assert "cdn" not in page.lower()
    assert client.get("/static/css/bootstrap.min.css").status_code == 200
    assert client.get("/static/django_htmx/htmx-2.min.js").status_code == 200


def test_chinese_even_when_the_browser_asks_for_english(client, edition):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in page and "比赛项目" in page


def test_language_links_set_the_cookie_and_stay_on_the_site(client, edition):
    response = client.get("/language/en/?next=/editions/2020-nmg/")
    assert response.status_code == 302 and response["Location"] == "/editions/2020-nmg/"
    assert response.cookies["django_language"].value == "en"
    response = client.get("/language/en/?next=https://evil.example/")
    assert response["Location"] == "/"
    assert "django_language" not in client.get("/language/xx/").cookies


def test_public_pages_carry_no_csrf_token_so_they_can_be_cached(client, edition):
    body = client.get("/").content.decode()
    assert "csrfmiddlewaretoken" not in body and "X-CSRFToken" not in body
    assert "/language/en/" in body


def test_each_language_is_offered_in_its_own_name(client, edition):
    page = client.get("/").content.decode()
    assert ">English</a>" in page and "英语" not in page
    client.cookies["django_language"] = "en"
    assert ">简体中文</a>" in client.get("/").content.decode()


def test_home_leads_the_public_to_the_showcase(client, edition):
    page = client.get("/").content.decode()
    assert "/showcase/2020-nmg/" in page and "建功新时代 行行出状元" in page


def test_a_host_unit_without_contacts_says_they_are_to_come(client, edition):
    from importlib import resources

    from zhenxing.editions.services import load_rulebook

    text = resources.files("zhenxing.rulebooks").joinpath("2023-ah.toml").read_text("utf-8")
    load_rulebook(text, "2023-ah.toml")  # its notice names no contact person
    page = client.get("/editions/2023-ah/").content.decode()
    assert "联系方式待公布" in page
    assert "地址：（）" not in page and "联系人：<br>" not in page
