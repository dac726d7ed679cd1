"""What a screen reader and the header give each user: a field's error is announced with the field
(aria-invalid, aria-describedby naming the message), no table header is empty, API tokens are
offered only to roles the API serves, and the site has its own icon."""

from html.parser import HTMLParser

import pytest


class Page(HTMLParser):
    """Each element's attributes, and the text of each element that has an id."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, str] = {}
        self._open: list[str | None] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag not in ("input", "br", "img", "meta", "link", "hr"):
            self._open.append(attrs.get("id"))
            if attrs.get("id"):
                self.text[attrs["id"]] = ""

    def handle_endtag(self, tag):
        if tag not in ("input", "br", "img", "meta", "link", "hr") and self._open:
            self._open.pop()

    def handle_data(self, data):
        for element in self._open:
            if element:
                self.text[element] += data

    def field(self, name: str) -> dict:
        return next(
            a
            for t, a in self.tags
            if t in ("input", "select", "textarea") and a.get("name") == name
        )

    def described(self, name: str) -> str:
        """The messages a screen reader reads with the field `name`."""
        ids = (self.field(name).get("aria-describedby") or "").split()
        return " ".join(self.text[i] for i in ids)


def test_a_fields_error_is_announced_with_the_field(login, edition):
    from zhenxing.orgs.models import Organization

    target = Organization.objects.get(kind="league_city", name="呼和浩特市")
    response = login("alice").post(
        f"/office/2020-nmg/organizations/{target.pk}/",
        {"contact_phone": "abc", "contact_postcode": "12", "contact_name": "李明"},
    )
    page = Page(response.content.decode())
    assert page.field("contact_phone")["aria-invalid"] == "true"
    assert "不是电话号码" in page.described("contact_phone")
    assert "邮编应为 6 位数字" in page.described("contact_postcode")
    assert "aria-invalid" not in page.field("contact_name")  # a good field is not flagged


def test_entry_form_errors_and_help_are_tied_to_their_fields(login, delegations, cnc, entry_form):
    form = entry_form(cnc.pk, phone="12")
    response = login("alice").post(
        f"/office/2020-nmg/delegations/{delegations['A'].pk}/entries/new/", form
    )
    assert response.status_code == 400
    page = Page(response.content.decode())
    assert page.field("phone")["aria-invalid"] == "true"
    assert "不是电话号码" in page.described("phone")
    assert "留空则保留已登记的号码" in page.described("phone")  # its help text too
    assert "按证件号码计算" in page.described("birth_date")
    assert "aria-invalid" not in page.field("name")


def test_arrangement_and_audit_filter_errors_are_tied_to_their_fields(login, cnc):
    response = login("host").post(
        f"/office/2020-nmg/events/{cnc.pk}/arrangement/",
        {"starts_on": "2020-11-12", "ends_on": "2020-11-10", "venue": "某地"},
    )
    page = Page(response.content.decode())
    flagged = [a["name"] for t, a in page.tags if a.get("aria-invalid") == "true"]
    assert flagged and all(page.described(name).strip() for name in flagged)
    audit = login("office").get("/office/2020-nmg/audit/", {"date_from": "2020-13-45"})
    page = Page(audit.content.decode())
    assert page.field("date_from")["aria-invalid"] == "true"
    assert "有效的日期" in page.described("date_from")


def test_a_failed_login_is_announced_with_both_fields(client, personas):
    response = client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    page = Page(response.content.decode())
    for name in ("username", "password"):
        assert page.field(name)["aria-invalid"] == "true"
        assert "用户名或密码不正确" in page.described(name)


def test_the_judges_sheet_has_no_empty_column_header(client, final, numbers):
    client.force_login(final.people["judge2"])
    sheet = client.get(f"/office/2020-nmg/events/{final.event.pk}/final/scoring/{numbers['李娜']}/")
    assert sheet.status_code == 200
    html = sheet.content.decode()
    head = html[html.index("<thead>") : html.index("</thead>")]
    assert "<th></th>" not in head and '<span class="visually-hidden">保存状态</span>' in head


@pytest.mark.parametrize(
    ("persona", "offered", "status"),
    [
        ("office", True, 200),
        ("hrss", True, 200),
        ("host", True, 200),
        ("alice", True, 200),
        ("judge", False, 403),
        ("charlie", False, 403),
    ],
)
def test_api_tokens_are_offered_only_to_roles_the_api_serves(login, persona, offered, status):
    client = login(persona)
    header = client.get("/dashboard/").content.decode().split("</nav>")[0]
    assert ('href="/account/tokens/"' in header) == offered
    assert client.get("/account/tokens/").status_code == status


def test_the_site_has_its_own_icon(client, edition):
    page = client.get("/").content.decode()
    icon = Page(page).tags
    (href,) = [a["href"] for t, a in icon if t == "link" and a.get("rel") == "icon"]
    response = client.get(href)
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(
        response.streaming_content if response.streaming else [response.content]
    )
    assert client.get("/favicon.ico")["Location"] == href  # for pages that name none
