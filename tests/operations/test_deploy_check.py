"""The production settings as scripts/serve-prod.sh sets them: `check --deploy` finds nothing
(and nothing is silenced), and a page carries every security header once."""

import os
import runpy
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_FILE = ROOT / "src" / "zhenxing" / "settings.py"


def _production_environment(var: Path) -> dict[str, str]:
    """The environment scripts/serve-prod.sh gives the app servers and workers."""
    port = 8443
    env = {
        **os.environ,
        "ZHENXING_ENV": "production",
        "ZHENXING_SECRET_KEY": secrets.token_urlsafe(50),
        "ZHENXING_VAR": str(var),
        "ZHENXING_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ZHENXING_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port},https://localhost:{port}",
        "ZHENXING_SITE_URL": f"https://127.0.0.1:{port}",
        "ZHENXING_REDIS_URL": "redis://127.0.0.1:6379/1",
        "ZHENXING_MAX_REQUEST_MB": "20",
        "ZHENXING_PROXY_CACHE_DIR": str(var / "cache"),
    }
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "ZHENXING_DEBUG", "ZHENXING_SSL_REDIRECT"):
        env.pop(name, None)  # the browser tests' and a developer's, not the layout's
    return env


def test_check_deploy_finds_nothing_and_silences_nothing(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=_production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


@pytest.fixture
def production(tmp_path, monkeypatch, settings):
    """This process's settings with the security part of production's, read from settings.py
    itself under the layout's environment (not copied here)."""
    monkeypatch.setattr(os, "environ", _production_environment(tmp_path))
    values = runpy.run_path(str(SETTINGS_FILE))
    names = [
        name
        for name in values
        if name.startswith(("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "CONTENT_SECURITY"))
        or name in ("X_FRAME_OPTIONS", "PERMISSIONS_POLICY", "ZHENXING_TRUSTED_PROXIES", "DEBUG")
    ]
    for name in names:
        setattr(settings, name, values[name])
    monkeypatch.undo()
    return values


def _through_proxy(client, path="/", **extra):
    """A request as nginx passes it on: from loopback, over TLS, with the client's address."""
    headers = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https"}
    return client.get(path, **headers, **extra)


def test_a_page_carries_each_security_header_once(client, edition, production):
    assert production["SECURE_HSTS_SECONDS"] >= 31536000 and not production["DEBUG"]
    response = _through_proxy(client)
    assert response.status_code == 200
    headers = {name.lower(): value for name, value in response.headers.items()}
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-frame-options"] == "DENY"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "camera=()" in headers["permissions-policy"]
    assert "microphone=()" in headers["permissions-policy"]
    # a session cookie, if any is set, goes only over TLS, under the __Host- prefix
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_plain_http_is_sent_to_https(client, edition, production):
    response = client.get("/", REMOTE_ADDR="127.0.0.1")  # no X-Forwarded-Proto: not TLS
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_behind_the_proxy_one_visitors_limit_is_not_everyones(client, edition, production):
    """Every connection comes from nginx on loopback: the per-address limits (here the
    certificate check's 20 per 10 minutes) count the address nginx passes on."""
    from zhenxing.awards.views.verify import LIMIT

    def check(address, real_ip):
        return client.post(
            "/verify/",
            {"serial": "X", "name": "某"},
            REMOTE_ADDR=address,
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_X_REAL_IP=real_ip,
        )

    for _ in range(LIMIT):
        assert check("127.0.0.1", "203.0.113.7").status_code == 200
    assert check("127.0.0.1", "203.0.113.7").status_code == 429
    assert check("127.0.0.1", "203.0.113.8").status_code == 200  # another visitor
    # the header is believed only from the proxy: a visitor cannot pose as another
    for _ in range(LIMIT):
        check("198.51.100.9", "203.0.113.50")
    assert check("198.51.100.9", "203.0.113.51").status_code == 429


def test_development_trusts_no_proxy():
    assert django_settings.ZHENXING_TRUSTED_PROXIES == []
