"""Back-office pages for each persona: allowed, 403 (read-only), 404 (outsider), wrong method."""

import pytest

from zhenxing.editions.models import Event
from zhenxing.orgs.models import AuditEntry, Organization


def org(name):
    return Organization.objects.get(kind="league_city", name=name)


def event(occupation):
    return Event.objects.get(occupation__name=occupation, group="worker")


# ---- dashboard
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office", "确定 6 个国家级竞赛职业比赛项目的承办单位"),
        ("hrss", "核对哪些职业属于国家职业资格目录"),
        ("host", "承办 数控车工（职工组）"),
        ("alice", "填写本单位联系人和联系电话"),
        ("judge", "数控车工（职工组），等待评分开始"),
        ("charlie", "尚未被分配任何角色"),
    ],
)
def test_dashboard_shows_what_each_role_does_next(login, persona, expected):
    response = login(persona).get("/dashboard/")
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_host_dashboard_lists_only_its_own_events(login):
    page = login("host").get("/dashboard/").content.decode()
    assert "机械设计" in page and "配电电缆工" not in page


def test_dashboard_needs_login_and_get(login):
    response = login(None).get("/dashboard/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert login("alice").post("/dashboard/").status_code == 405


# ---- audit log
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office", 200),
        ("hrss", 403),
        ("host", 403),
        ("alice", 403),
        ("judge", 403),
        ("charlie", 404),
    ],
)
def test_audit_log_is_for_the_committee_office(login, persona, status):
    assert login(persona).get("/office/2020-nmg/audit/").status_code == status


def test_audit_log_anonymous_and_wrong_method(login):
    assert login(None).get("/office/2020-nmg/audit/").status_code == 302
    assert login("office").post("/office/2020-nmg/audit/").status_code == 405
    assert login("office").get("/office/nope/audit/").status_code == 404


def test_audit_log_filters_by_action_and_actor(login):
    client = login("office")
    page = client.get("/office/2020-nmg/audit/", {"action": "edition.event"}).content.decode()
    assert "edition.event.created" in page and "org.created" not in page
    page = client.get("/office/2020-nmg/audit/", {"actor": "nobody-like-this"}).content.decode()
    assert "没有符合条件的记录" in page
    bad_date = client.get("/office/2020-nmg/audit/", {"date_from": "2020-13-45"})
    assert bad_date.status_code == 200 and "有效的日期" in bad_date.content.decode()


# ---- organizations
@pytest.mark.parametrize(
    ("persona", "status", "form_shown"),
    [
        ("alice", 200, True),
        ("office", 200, True),
        ("hrss", 200, False),
        ("bob", 404, False),
        ("judge", 404, False),
        ("host", 404, False),
        ("charlie", 404, False),
    ],
)
def test_organization_page_by_persona(login, persona, status, form_shown):
    response = login(persona).get(f"/office/2020-nmg/organizations/{org('呼和浩特市').pk}/")
    assert response.status_code == status
    if status == 200:
        assert ('name="contact_phone"' in response.content.decode()) == form_shown


def test_registrar_saves_contacts_and_the_change_is_audited(login):
    target = org("呼和浩特市")
    url = f"/office/2020-nmg/organizations/{target.pk}/"
    response = login("alice").post(
        url, {"contact_name": "李明", "contact_phone": "0471-1234567"}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.contact_phone == "0471-1234567"
    entry = AuditEntry.objects.get(action="org.contact.changed")
    assert entry.actor_name == "alice" and entry.ip_address == "10.1.2.3"
    assert entry.changes["contact_phone"] == ["", "0471-1234567"]


@pytest.mark.parametrize(("persona", "status"), [("bob", 404), ("hrss", 403), ("judge", 404)])
def test_others_cannot_change_a_delegation(login, persona, status):
    target = org("呼和浩特市")
    response = login(persona).post(
        f"/office/2020-nmg/organizations/{target.pk}/",
        {"contact_name": "冒名", "contact_phone": "13800000000"},
    )
    assert response.status_code == status
    target.refresh_from_db()
    assert target.contact_name == ""
    assert not AuditEntry.objects.filter(action="org.contact.changed").exists()


def test_bad_contact_data_gets_a_chinese_message_and_nothing_is_stored(login):
    target = org("呼和浩特市")
    response = login("alice").post(
        f"/office/2020-nmg/organizations/{target.pk}/",
        {"contact_phone": "<script>x</script>", "contact_postcode": "12"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "不是电话号码" in page and "邮编应为 6 位数字" in page
    assert "<script>x</script>" not in page  # escaped, never active
    target.refresh_from_db()
    assert target.contact_phone == ""


def test_organization_page_wrong_method_and_unknown(login):
    target = org("呼和浩特市")
    assert login("alice").put(f"/office/2020-nmg/organizations/{target.pk}/").status_code == 405
    assert login("office").get("/office/2020-nmg/organizations/999999/").status_code == 404
    assert login(None).get(f"/office/2020-nmg/organizations/{target.pk}/").status_code == 302


# ---- events
@pytest.mark.parametrize(
    ("persona", "occupation", "status"),
    [
        ("host", "数控车工", 200),
        ("host", "配电电缆工", 404),
        ("office", "配电电缆工", 200),
        ("hrss", "数控车工", 200),
        ("alice", "数控车工", 404),
        ("judge", "数控车工", 404),
        ("charlie", "数控车工", 404),
    ],
)
def test_event_page_by_persona(login, persona, occupation, status):
    response = login(persona).get(f"/office/2020-nmg/events/{event(occupation).pk}/")
    assert response.status_code == status


def test_event_page_wrong_method(login):
    assert login("host").post(f"/office/2020-nmg/events/{event('数控车工').pk}/").status_code == 405


# ---- tokens
def test_token_is_shown_once_stored_hashed_and_revocable(login, personas):
    client = login("alice")
    page = client.post("/account/tokens/", {"name": "脚本"}).content.decode()
    token = page.split('id="new-token">')[1].split("<")[0]
    stored = personas["alice"].api_tokens.get()
    assert token.startswith("zx_") and token not in (stored.digest, stored.lookup)
    assert token not in client.get("/account/tokens/").content.decode()
    api = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    login(None)
    assert client.get("/api/me", **api).json()["username"] == "alice"
    login("alice")
    assert client.post(f"/account/tokens/{stored.pk}/revoke/").status_code == 302
    login(None)
    assert client.get("/api/me", **api).status_code == 401


def test_a_token_expires_after_the_days_chosen_and_shows_its_last_use(login, personas):
    import datetime as dt

    from django.utils import timezone

    client = login("alice")
    page = client.post("/account/tokens/", {"name": "成绩脚本", "days": "30"}).content.decode()
    token = page.split('id="new-token">')[1].split("<")[0]
    stored = personas["alice"].api_tokens.get()
    assert (stored.expires_at - timezone.now()).days in (29, 30)
    assert "从未使用" in client.get("/account/tokens/").content.decode()
    api = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.get("/api/me", **api).status_code == 200
    listed = client.get("/account/tokens/").content.decode()
    shown = f"{timezone.localtime(stored.expires_at):%Y-%m-%d}"
    assert "从未使用" not in listed and shown in listed
    stored.expires_at = timezone.now() - dt.timedelta(seconds=1)
    stored.save()
    login(None)
    assert client.get("/api/me", **api).status_code == 401
    assert "已过期" in login("alice").get("/account/tokens/").content.decode()
    assert client.post("/account/tokens/", {"name": "x", "days": "9999"}).status_code == 200
    assert personas["alice"].api_tokens.count() == 1  # an unknown lifetime is refused


def test_nobody_revokes_someone_elses_token(login, personas):
    from zhenxing.orgs.models import ApiToken

    token, _ = ApiToken.issue(personas["alice"], "alice's")
    assert login("bob").post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    assert login("alice").get(f"/account/tokens/{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize(
    ("action", "shown"),
    [
        ("registration.entry.approved", "审核通过报名"),
        ("privacy.export.full", "导出名单（含完整号码）"),
        ("admin.orgs.membership.created", "新增角色任命"),
        ("edition.event.changed", "修改比赛项目"),
        ("something.new", "something.new"),  # no name yet: the code itself
    ],
)
def test_audit_actions_read_in_chinese(action, shown):
    from zhenxing.orgs.audit import label

    assert label(action) == shown


def test_audit_log_shows_changes_in_chinese(login):
    from zhenxing.editions.models import Edition

    changes = {
        "status": ["returned", "draft"],
        "full_time_student": [False, True],
        "created_rows": [None, list(range(2, 40))],
    }
    AuditEntry.objects.create(
        action="registration.entry.changed",
        edition=Edition.objects.get(code="2020-nmg"),
        object_type="registration.Entry",
        object_repr="某报名",
        changes=changes,
    )
    page = login("office").get("/office/2020-nmg/audit/").content.decode()
    assert "<strong>状态</strong>：已退回待修改 → 草稿" in page
    assert "<strong>全日制在籍学生</strong>：否 → 是" in page
    assert "<strong>新增的行</strong>：— → 2、3、4" in page and "…（共 38 项）" in page
    assert "39" not in page.split("新增的行")[1].split("</div>")[0]


def test_the_registrars_dashboard_ticks_the_delegation_leader_once_filled(login):
    from django.urls import reverse

    from zhenxing.editions.models import Edition
    from zhenxing.orgs.audit import SYSTEM
    from zhenxing.registration.services import delegation_of

    delegation = delegation_of(
        Edition.objects.get(code="2020-nmg"), org("呼和浩特市"), actor=SYSTEM
    )
    task = f'<a href="{reverse("registration:my_delegation", args=["2020-nmg"])}">填写代表队领队和联系人（代表队页面）'
    assert "□ " + task in login("alice").get("/dashboard/").content.decode()
    delegation.leader_name, delegation.contact_phone = "王领队", "13900000000"
    delegation.save()
    assert "✓ " + task in login("alice").get("/dashboard/").content.decode()


def test_the_review_queue_is_offered_only_to_those_who_may_review(login):
    review = 'href="/office/2020-nmg/review/"'
    listing = "/office/2020-nmg/delegations/"
    assert review in login("office").get(listing).content.decode()
    hrss = login("hrss")
    assert review not in hrss.get(listing).content.decode()
    assert review not in hrss.get("/dashboard/").content.decode()
    assert hrss.get("/office/2020-nmg/review/").status_code == 403


def test_audit_log_shows_a_change_named_like_a_reverse_relation(login, edition):
    # an import's audit entry on a delegation records its "entries": a reverse relation of the
    # model, which has no Chinese label; the page once answered 500 on such an entry
    from zhenxing.orgs.audit import SYSTEM, record
    from zhenxing.registration.actions import RegistrationAction

    city = org("呼和浩特市")
    changes = {"memberships": [None, ["报名 1", "报名 2"]]}
    record(RegistrationAction.IMPORT_WRITTEN, city, actor=SYSTEM, edition=edition, changes=changes)
    page = login("office").get("/office/2020-nmg/audit/")
    assert page.status_code == 200
    assert "memberships" in page.content.decode() and "报名 1、报名 2" in page.content.decode()
