"""Security baseline: production settings, Argon2, login throttling, friendly error pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_check_deploy(tmp_path):
    env = {
        **os.environ,
        "ZHENXING_ENV": "production",
        "ZHENXING_SECRET_KEY": "k" * 20 + "-Zz9!" + "q" * 40,
        "ZHENXING_ALLOWED_HOSTS": "zhenxing.example.org",
        "ZHENXING_VAR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret(tmp_path):
    env = {**os.environ, "ZHENXING_ENV": "production", "ZHENXING_VAR": str(tmp_path)}
    env.pop("ZHENXING_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "ZHENXING_SECRET_KEY" in result.stderr


@pytest.mark.real_passwords
def test_passwords_are_hashed_with_argon2(personas):
    assert personas["alice"].password.startswith("argon2")


def test_login_works_then_locks_after_repeated_failures(client, personas):
    from tests.support import PASSWORD

    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    client.logout()
    for _ in range(5):
        failed = client.post("/accounts/login/", {"username": "bob", "password": "wrong"})
    assert failed.status_code in (200, 429)
    locked = client.post("/accounts/login/", {"username": "bob", "password": PASSWORD})
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()


def test_wrong_password_gets_a_chinese_message(client, personas):
    response = client.post("/accounts/login/", {"username": "alice", "password": "nope"})
    assert "用户名或密码不正确" in response.content.decode()


def test_server_error_page_is_friendly_never_a_traceback(client, edition, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("zhenxing.web.views._public_context", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "服务器出错" in page and "secret internal detail" not in page
    assert "Traceback" not in page


@pytest.mark.parametrize("url", ["/no-such-page/", "/office/2020-nmg/events/abc/"])
def test_not_found_page_is_chinese(client, edition, url):
    response = client.get(url)
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_forbidden_page_is_chinese(login):
    response = login("hrss").get("/office/2020-nmg/audit/")
    assert response.status_code == 403 and "无权访问" in response.content.decode()


def test_audit_log_cannot_be_edited_in_the_admin(login, personas):
    from zhenxing.orgs.demo import office_group
    from zhenxing.orgs.models import AuditEntry

    office = personas["office"]
    office.is_staff = True
    office.save()
    office.groups.add(office_group())
    client = login("office")
    entry = AuditEntry.objects.first()
    assert client.get("/admin/orgs/auditentry/").status_code == 200
    change = client.post(f"/admin/orgs/auditentry/{entry.pk}/change/", {"action": "forged"})
    assert change.status_code == 403
    assert (
        client.post(f"/admin/orgs/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    entry.refresh_from_db()
    assert entry.action != "forged"


def test_admin_changes_are_audited(login, personas):
    from zhenxing.editions.models import Occupation
    from zhenxing.orgs.demo import office_group
    from zhenxing.orgs.models import AuditEntry

    office = personas["office"]
    office.is_staff = True
    office.save()
    office.groups.add(office_group())
    occupation = Occupation.objects.get(name="数控车工")
    response = login("office").post(
        f"/admin/editions/occupation/{occupation.pk}/change/",
        {
            "certificate": "qualification",
            "certificate_confirmed": "on",
            "position": occupation.position,
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="admin.editions.occupation.changed")
    assert entry.changes["certificate"] == ["none", "qualification"]
    assert entry.actor_name == "office"


def test_admin_is_closed_to_other_roles(login):
    response = login("alice").get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_expired_form_gets_a_chinese_page_that_says_what_to_do(personas):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["alice"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/office/2020-nmg/delegations/1/", {"leader_name": "张"})
    page = response.content.decode()
    assert response.status_code == 403 and "页面已过期" in page and "刷新" in page
    assert "DEBUG" not in page


def test_a_403_page_says_why(login, personas):
    from zhenxing.editions.models import Event

    event = Event.objects.get(occupation__name="数控车工", group="worker")
    refused = login("host").get(f"/office/2020-nmg/events/{event.pk}/entries.csv?full=1")
    assert refused.status_code == 403
    assert "您的角色不能导出完整证件号码和手机号码" in refused.content.decode()


@pytest.mark.parametrize(
    ("page", "labels"),
    [
        ("/admin/orgs/membership/add/", ["用户", "届次", "所属单位", "比赛项目", "任命时间"]),
        ("/admin/orgs/apitoken/", ["查找码", "最近使用", "吊销时间"]),
    ],
)
def test_the_admin_names_fields_in_chinese(login, personas, page, labels):
    from zhenxing.orgs.demo import office_group
    from zhenxing.orgs.models import ApiToken

    office = personas["office"]
    office.is_staff = True
    office.save()
    office.groups.add(office_group())
    ApiToken.issue(office, "报表")  # a list shows its columns only with a row
    response = login("office").get(page)
    text = response.content.decode()
    assert response.status_code == 200 and all(label in text for label in labels)
    assert "Organization" not in text and "last used" not in text.lower()


def test_a_body_larger_than_any_upload_is_refused_before_it_is_read(login, delegations):
    import io

    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("the request body was read")

        readline = read

    client = login("alice")
    url = f"/office/2020-nmg/delegations/{delegations['A'].pk}/import/"
    huge = {"CONTENT_LENGTH": str(300 * 1024 * 1024), "wsgi.input": Unreadable()}
    response = client.post(url, content_type="multipart/form-data; boundary=x", **huge)
    assert response.status_code == 413 and response["Connection"] == "close"
    assert "上传的内容约 300 MB，超过平台 20 MB 的上限" in response.content.decode()
    api = client.post("/api/editions/", content_type="application/json", **huge)
    assert api.status_code == 413 and "20 MB" in api.json()["detail"]
