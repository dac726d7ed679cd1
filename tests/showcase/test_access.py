"""Who may use each page: a registrar their own organization's nominations (another
organization's registrar gets 404), the committee office every one and the review (its writes
to a nomination are 403), hrss, host, judge and charlie nothing (404, or 403 where they may see
the edition but not the page); anonymous visitors only the public pages."""

import pytest

from .conftest import form_data, org

pytestmark = pytest.mark.django_db
E = "/office/2020-nmg/showcase/"
ALL = ["alice", "bob", "office", "hrss", "host", "judge", "charlie", None]


def _expect(table: dict, persona) -> int:
    return table.get(persona, 404)


@pytest.fixture
def submitted(nominate):
    return nominate("submitted")


PAGES = {
    # path template → {persona: status}; unnamed personas 404
    "home": ("", {"alice": 302, "bob": 302, "office": 200, None: 302}),
    "queue": ("queue/", {"office": 200, None: 302}),  # the review is unseen by others
    "organization": ("org/{org}/", {"alice": 200, "office": 200, None: 302}),
    "new": ("org/{org}/new/", {"alice": 200, "office": 403, None: 302}),
    "nomination": ("n/{pk}/", {"alice": 200, "office": 200, None: 302}),
    "work_file": ("works/{work}/file/", {"alice": 200, "office": 200, None: 302}),
    "poster": ("works/{work}/poster/", {"alice": 200, "office": 200, None: 302}),
}


@pytest.mark.parametrize("persona", ALL)
@pytest.mark.parametrize("page", list(PAGES))
def test_who_opens_each_back_office_page(login, submitted, persona, page):
    path, table = PAGES[page]
    work = submitted.works.get()
    url = E + path.format(org=org().pk, pk=submitted.pk, work=work.pk)
    response = login(persona).get(url)
    assert response.status_code == _expect(table, persona), (page, persona)
    if persona is None:
        assert response["Location"].startswith("/accounts/login/")


WRITES = {
    "save": ("n/{pk}/", lambda: form_data(id_number="")),
    "upload": ("n/{pk}/works/", lambda: {"kind": "image"}),
    "link": ("n/{pk}/links/", lambda: {"platform": "h5", "url": "https://a.example.cn/"}),
    "submit": ("n/{pk}/submit/", dict),
    "delete": ("n/{pk}/delete/", dict),
    "work_delete": ("works/{work}/delete/", dict),
    "new": ("org/{org}/new/", form_data),
}


@pytest.mark.parametrize("persona", ["bob", "office", "hrss", "host", "judge", "charlie"])
@pytest.mark.parametrize("write", list(WRITES))
def test_only_the_own_registrar_writes_a_nomination(login, nominate, persona, write):
    draft = nominate()
    path, data = WRITES[write]
    url = E + path.format(org=org().pk, pk=draft.pk, work=draft.works.get().pk)
    response = login(persona).post(url, data())
    assert response.status_code == (403 if persona == "office" else 404)
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.works.count() == 1


def test_the_own_registrar_writes(login, nominate):
    draft = nominate()
    alice = login("alice")
    work = draft.works.get()
    assert alice.post(f"{E}works/{work.pk}/delete/").status_code == 302
    assert alice.post(f"{E}n/{draft.pk}/delete/").status_code == 302


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office", 302),
        ("alice", 403),
        ("bob", 404),
        ("hrss", 404),
        ("judge", 404),
        ("charlie", 404),
    ],
)
def test_only_the_office_reviews(login, submitted, persona, expected):
    response = login(persona).post(f"{E}n/{submitted.pk}/decide/", {"action": "approve"})
    assert response.status_code == expected
    submitted.refresh_from_db()
    assert (submitted.status == "approved") is (persona == "office")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("bob", 302), ("alice", 302), ("office", 403), ("hrss", 403), ("host", 403), ("judge", 403)]
    + [("charlie", 404), (None, 302)],
)
def test_who_starts_a_challenge(login, nominate, persona, expected):
    featured = nominate("featured")
    response = login(persona).get(f"{E}challenge/{featured.public_id}/")
    assert response.status_code == expected
    if persona in ("alice", "bob"):
        assert "/new/?answers=" in response["Location"]


@pytest.mark.parametrize("persona", ALL)
def test_the_public_pages_open_for_everyone(login, nominate, persona):
    featured = nominate("featured")
    client = login(persona)
    work = featured.works.get()
    assert client.get("/showcase/2020-nmg/").status_code == 200
    assert client.get(f"/showcase/2020-nmg/{featured.public_id}/").status_code == 200
    file = client.get(f"/showcase/2020-nmg/files/{work.public_id}/file/")
    assert file.status_code == 200
    assert client.get("/showcase/no-such-edition/").status_code == 404
