"""Content-Security-Policy: every page, in development as in production, allows scripts and styles
only from the site's own files (an inline <style> only with the response's nonce), no plugin, no
framing, no foreign form target or base address; and no template relies on what it forbids."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "src" / "zhenxing").glob("**/templates/**/*.html"))
# Rendered for WeasyPrint only (certificate and list PDFs), never sent to a browser: their places
# are style attributes, the web preview's are data- attributes (static site.js applies them).
PDF_ONLY = {
    "certificate_document.html",
    "list_document.html",
    "form_document.html",
    "paper_document.html",
}


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = [p.split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def assert_strict(policy: dict[str, list[str]]):
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no host
    styles = policy["style-src"]
    assert styles[0] == "'self'" and all(s.startswith("'nonce-") for s in styles[1:])
    assert "style-src-attr" not in policy  # style attributes fall under style-src: refused
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize(
    ("persona", "path", "status"),
    [
        (None, "/", 200),
        (None, "/editions/2020-nmg/", 200),
        (None, "/accounts/login/", 200),
        (None, "/verify/", 200),
        (None, "/no-such-page/", 404),
        ("alice", "/dashboard/", 200),
        ("alice", "/account/tokens/", 200),
        ("office", "/office/2020-nmg/audit/", 200),
        ("office", "/office/2020-nmg/review/", 200),
        ("hrss", "/office/2020-nmg/audit/", 403),
        (None, "/admin/login/", 200),
        (None, "/api/docs", 200),
    ],
)
def test_every_page_carries_the_strict_policy(login, persona, path, status):
    response = login(persona).get(path)
    assert response.status_code == status
    assert_strict(directives(response))


def test_an_inline_style_is_allowed_by_the_nonce_of_its_own_response(client, finished):
    client.force_login(finished.people["office"])
    page = "/office/2020-nmg/awards/layouts/title/"
    first, second = client.get(page), client.get(page)
    nonces = []
    for response in (first, second):
        (nonce,) = re.findall(r'<style nonce="([^"]+)">', response.content.decode())
        assert f"'nonce-{nonce}'" in directives(response)["style-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]  # a fresh one each time


def test_a_page_without_an_inline_style_names_no_nonce(login):
    assert directives(login("alice").get("/dashboard/"))["style-src"] == ["'self'"]


def test_the_policy_is_sent_in_production_too(tmp_path):
    env = {
        **os.environ,
        "ZHENXING_ENV": "production",
        "ZHENXING_SECRET_KEY": "k" * 20 + "-Zz9!" + "q" * 40,
        "ZHENXING_VAR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print('csp.middleware.CSPMiddleware' in settings.MIDDLEWARE, "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "zhenxing.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "True [\"'self'\"]", result.stderr


def _forbidden(text: str, name: str) -> list[str]:
    """What the policy would block in a template: inline handlers, inline scripts, javascript:
    links, style attributes (outside the PDF-only branch `{% if print %}`), htmx's hx-on (run
    through eval), and a <style> without the nonce."""
    found = []
    found += re.findall(r"\s(on[a-z]+)=", text)
    found += re.findall(r"\s(hx-on[:a-z-]*)=", text)
    # what else htmx would evaluate (allowEval is off): trigger filters, js: values, hx-vars
    found += re.findall(r"hx-trigger=\"[^\"]*\[", text)
    found += re.findall(r"hx-vals=['\"]\s*(?:js|javascript):", text) + re.findall(r"hx-vars=", text)
    found += re.findall(r"javascript:", text)
    for tag in re.findall(r"<script\b[^>]*>", text):
        if "src=" not in tag and 'type="application/json"' not in tag:
            found.append(tag)
    if name not in PDF_ONLY:
        found += re.findall(r"<style(?![^>]*nonce=)[^>]*>", text)
        # the only style attributes: in the PDF branch of the certificate page
        outside = re.sub(r"\{% if print %\}.*?\{% else %\}", "", text, flags=re.S)
        found += re.findall(r"\sstyle=\"[^\"]*\"", outside)
    return found


def test_no_template_relies_on_what_the_policy_forbids():
    assert len(TEMPLATES) > 50
    problems = {
        str(path.relative_to(ROOT)): found
        for path in TEMPLATES
        if (found := _forbidden(path.read_text("utf-8"), path.name))
    }
    assert not problems


def test_the_template_check_would_catch_each_kind():
    samples = [
        "<form onsubmit=\"return confirm('x')\">",
        '<select onchange="this.form.submit()">',
        '<a href="javascript:history.back()">',
        "<script>alert(1)</script>",
        '<div style="width: 5%">',
        "<style>p{}</style>",
        '<form hx-on::before-swap="x">',
        '<div hx-trigger="every 1s [ready]">',
        "<div hx-vals='js:{a: 1}'>",
    ]
    for sample in samples:
        assert _forbidden(sample, "page.html"), sample
    assert not _forbidden('<script src="/static/x.js"></script><style nonce="{{ n }}">', "a.html")
    assert not _forbidden('{% if print %}<p style="left: 1mm">{% else %}<p data-left="1">', "a")
