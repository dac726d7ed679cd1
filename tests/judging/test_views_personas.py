"""Every scoring page for the personas that may and may not use it: 200, 403, 404, login, 405."""

import pytest

from tests.support import actor
from zhenxing.judging.marks import save_sheet

pytestmark = pytest.mark.django_db

PAGES = ["", "scheme/", "panel/", "scoring/", "problems/", "corrections/", "results/", "theory/"]
PAGES += ["recheck/", "appeals/", "decryption/", "anonymity/", "scheme.xlsx", "theory.xlsx"]
# persona → pages it may open (GET 200); other pages give 403; outsiders 404 on all
ALLOWED = {
    "office": {"", "scheme/", "panel/", "problems/", "corrections/", "results/", "theory/",
               "recheck/", "appeals/", "scheme.xlsx", "theory.xlsx"},
    "host": {"", "scheme/", "panel/", "problems/", "corrections/", "results/", "theory/",
             "recheck/", "appeals/", "scheme.xlsx", "theory.xlsx"},
    # appeals name delegations: not for those who judge by numbers until decryption
    "judge": {"", "scheme/", "panel/", "scoring/", "problems/", "corrections/", "results/",
              "recheck/", "scheme.xlsx"},
    "chief": {"", "scheme/", "panel/", "scoring/", "problems/", "corrections/", "results/",
              "recheck/", "scheme.xlsx"},
    "clerk": {"", "scheme/", "panel/", "scoring/", "problems/", "corrections/", "results/",
              "theory/", "recheck/", "scheme.xlsx", "theory.xlsx"},
    "supervisor": {"", "scheme/", "panel/", "problems/", "corrections/", "results/",
                   "recheck/", "appeals/", "decryption/", "scheme.xlsx"},
    "encryption": {"", "scheme/", "panel/", "problems/", "corrections/", "results/",
                   "recheck/", "appeals/", "decryption/", "anonymity/", "scheme.xlsx"},
    "arbitrator": {"", "scheme/", "panel/", "problems/", "corrections/", "results/",
                   "recheck/", "appeals/", "scheme.xlsx"},
}  # fmt: skip
OUTSIDERS = ["alice", "bob", "hrss", "charlie"]


def _get(client, final, user, page):
    client.logout()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.get(f"/office/2020-nmg/events/{final.event.pk}/final/{page}")


@pytest.mark.parametrize("persona", sorted(ALLOWED))
def test_each_panel_role_opens_its_pages_and_is_refused_the_rest(client, final, persona):
    for page in PAGES:
        response = _get(client, final, final.people[persona], page)
        expected = 200 if page in ALLOWED[persona] else 403
        assert response.status_code == expected, (persona, page, response.status_code)


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_get_404_everywhere(client, final, persona):
    for page in PAGES:
        assert _get(client, final, final.people[persona], page).status_code == 404, page


def test_anonymous_is_sent_to_login(client, final):
    response = _get(client, final, None, "")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "page", ["lock/", "publish/", "draw/", "settings/", "anonymity/draw/station/"]
)
def test_actions_refuse_get(client, final, page):
    assert _get(client, final, final.people["office"], page).status_code == 405


def test_a_score_sheet_of_another_event_is_404(client, final, numbers):
    from zhenxing.editions.models import Event

    other = Event.objects.exclude(pk=final.event.pk).first()
    client.force_login(final.people["judge"], backend="django.contrib.auth.backends.ModelBackend")
    url = f"/office/2020-nmg/events/{other.pk}/final/scoring/{numbers['李娜']}/"
    assert client.get(url).status_code == 404


def test_judge_posts_a_sheet_and_the_partial_comes_back(client, final, numbers):
    client.force_login(final.people["judge"], backend="django.contrib.auth.backends.ModelBackend")
    url = f"/office/2020-nmg/events/{final.event.pk}/final/scoring/{numbers['李娜']}/"
    response = client.post(url, {"v_A1": "1", "v_A2": "0.5", "v_A3": "3"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith('<form id="sheet"')
    assert body.count("已保存") == 3
    response = client.post(url, {"v_A3": "4", "r_A3": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409 and "0–3 分制只能评 0、1、2、3" in response.content.decode()


def test_clerk_cannot_confirm_own_entry_through_the_page(client, final, numbers):
    from zhenxing.judging.models import Mark

    clerk = final.people["clerk"]
    competitor = final.competitors.get(number=numbers["李娜"])
    save_sheet(
        final, competitor, final.people["judge2"], {"A3": "2"}, {},
        actor=actor(clerk), paper=True,
    )  # fmt: skip
    mark = Mark.objects.get(competitor=competitor)
    client.force_login(clerk, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/office/2020-nmg/events/{final.event.pk}/final/marks/{mark.pk}/confirm/"
    assert client.post(url, {"value": "2"}).status_code == 403
    mark.refresh_from_db()
    assert mark.status == Mark.Status.AWAITING_SECOND
    page = client.get(f"/office/2020-nmg/events/{final.event.pk}/final/scoring/").content.decode()
    assert f"二次录入 {numbers['李娜']} A3" not in page  # not offered to the first keyer
