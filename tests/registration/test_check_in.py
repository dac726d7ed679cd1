"""The host unit's 报到须知 reach those who travel: the delegation's dashboard and page, the
public edition page and the API."""

import pytest

pytestmark = pytest.mark.django_db
NOTE = "9月17日 14:00 前到呼和浩特市职业技术学院报到，携带身份证原件。"


def test_check_in_instructions_reach_delegations_the_public_and_the_api(
    login, entry_of, cnc, client
):
    entry_of("A")
    host = login("host")
    host.post(
        f"/office/2020-nmg/events/{cnc.pk}/arrangement/",
        {
            "venue": "呼和浩特市职业技术学院",
            "starts_on": "2020-09-18",
            "check_in": NOTE,
            "version": "",
        },
    )
    alice = login("alice")
    dashboard = alice.get("/dashboard/").content.decode()
    assert "比赛安排 · 数控车工（职工组）：2020年9月18日 呼和浩特市职业技术学院" in dashboard
    assert "报到须知：9月17日 14:00 前到" in dashboard
    page = alice.get("/office/2020-nmg/delegations/mine/", follow=True).content.decode()
    assert 'id="arrangements"' in page and NOTE in page
    bob = login("bob").get("/dashboard/").content.decode()  # no entry in that event
    assert "报到须知" not in bob
    login(None)
    assert NOTE in client.get("/editions/2020-nmg/").content.decode()
    events = client.get("/api/editions/2020-nmg/events").json()
    mine = next(e for e in events if e["id"] == cnc.pk)
    assert (
        mine["arrangement"]["check_in"] == NOTE and mine["arrangement"]["starts_on"] == "2020-09-18"
    )
