"""Integrity pages per persona, and no mapping or identity in what judges, clerks, supervisors
and the public receive before decryption."""

import re

import pytest

from tests.support import actor, decrypt_and_recheck
from zhenxing.judging.anonymity import draw_layer, set_final_settings
from zhenxing.judging.lock import lock as lock_final
from zhenxing.judging.marks import save_sheet
from zhenxing.judging.models import Final
from zhenxing.judging.theory import save_theory
from zhenxing.results.appeals import lodge_appeal
from zhenxing.results.publication import publish

pytestmark = pytest.mark.django_db
NAMES = ("李娜", "王芳", "赵敏", "孙丽", "呼和浩特市", "包头市")


@pytest.fixture
def staged(final, numbers):
    """Judged by station: numbers and stations drawn, everyone scored, locked."""
    people = final.people
    draw_layer(final, "station", actor=actor(people["encryption"]))
    set_final_settings(final, "station", None, actor=actor(people["host"]))
    fresh = Final.objects.get(pk=final.pk)
    fresh.people = people
    for competitor in fresh.competitors.all():
        for judge in ("judge", "judge2", "judge3"):
            values = {"A3": "2"} | ({"A1": "1", "A2": "0"} if judge == "judge" else {})
            save_sheet(
                fresh,
                competitor,
                people[judge],
                values,
                {},
                actor=actor(people[judge]),
                paper=False,
            )
    rows = {c.number: ("90", "80") for c in fresh.competitors.all()}
    save_theory(fresh, rows, actor=actor(people["host"]))
    return fresh


def _client(client, user):
    client.logout()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _pages(final):
    base = f"/office/2020-nmg/events/{final.event.pk}/final/"
    pages = ["", "scheme/", "panel/", "scoring/", "problems/", "corrections/", "results/"]
    pages += ["recheck/", "appeals/", "decryption/"]
    pages += [f"scoring/{c.station}/" for c in final.competitors.all()]
    return [base + page for page in pages]


def _number_pattern(number: str):
    return re.compile(rf"(?<![\w]){re.escape(number)}(?!\d)")


@pytest.mark.parametrize("persona", ["judge", "judge2", "clerk", "chief", "supervisor"])
def test_no_identity_or_mapping_reaches_the_panel_before_decryption(client, staged, persona):
    client = _client(client, staged.people[persona])
    lock_final(staged, actor=actor(staged.people["chief"]))
    numbers = [c.number for c in staged.competitors.all()]
    seen = 0
    for url in _pages(staged):
        response = client.get(url)
        if response.status_code != 200:
            continue
        seen += 1
        body = response.content.decode()
        for name in NAMES:
            assert name not in body, (persona, url, name)
        for number in numbers:  # judges know stations; a contest number would link the layers
            assert not _number_pattern(number).search(body.replace(f"G{number}", "")), (url, number)
        assert staged.draws.first().seed not in body
    assert seen >= 5


def test_public_page_shows_nothing_before_publication(client, staged):
    client.logout()
    body = client.get(f"/editions/2020-nmg/events/{staged.event.pk}/results/").content.decode()
    assert "尚未发布" in body
    assert not any(name in body for name in NAMES)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("encryption", 200),
        ("judge", 403),
        ("clerk", 403),
        ("chief", 403),
        ("supervisor", 403),
        ("host", 403),
        ("office", 403),
        ("alice", 404),
        ("charlie", 404),
    ],
)
def test_only_the_encryption_officer_holds_the_sign_in_sheet(client, final, persona, expected):
    people = final.people
    url = f"/office/2020-nmg/events/{final.event.pk}/final/anonymity/"
    response = _client(client, people[persona]).get(url)
    assert response.status_code == expected
    if expected == 200:
        assert "李娜" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "page", "expected"),
    [
        ("supervisor", "recheck/", 302),
        ("judge", "recheck/", 403),
        ("arbitrator", "appeals/", 302),
        ("office", "appeals/", 403),
        ("encryption", "decryption/", 302),
        ("judge", "decryption/", 403),
        ("host", "settings/", 302),
        ("chief", "settings/", 403),
        ("encryption", "anonymity/draw/station/", 302),
        ("host", "anonymity/draw/station/", 403),
        ("bob", "appeals/", 404),
    ],
)
def test_who_may_post_to_the_integrity_pages(client, final, persona, page, expected):
    url = f"/office/2020-nmg/events/{final.event.pk}/final/{page}"
    response = _client(client, final.people[persona]).post(url, {})
    assert response.status_code == expected


def test_decryption_refused_before_lock_through_the_page(client, final):
    client = _client(client, final.people["encryption"])
    url = f"/office/2020-nmg/events/{final.event.pk}/final/decryption/"
    page = client.post(url, follow=True).content.decode()
    assert "锁定成绩之前不能解密" in page
    assert not final.decryptions.exists()


def test_late_appeal_is_refused_with_the_deadline(client, final):
    import datetime as dt

    from django.utils import timezone

    ends = timezone.now() - dt.timedelta(hours=5)
    set_final_settings(final, "number", ends, actor=actor(final.people["host"]))
    client = _client(client, final.people["arbitrator"])
    url = f"/office/2020-nmg/events/{final.event.pk}/final/appeals/"
    data = {"appellant": "呼和浩特市领队", "content": "评分有误"}
    page = client.post(url, data, follow=True).content.decode()
    assert "已超过时限，不予受理" in page
    # recorded as refused (issue 14.8), never counted as waiting for a decision
    assert list(final.appeals.values_list("decision", flat=True)) == ["late"]
    assert "逾期，不予受理" in page


def test_cached_public_page_follows_appeals(client, staged):
    import datetime as dt

    from django.utils import timezone

    people = staged.people
    rows = {c.number: ("90", "80") for c in staged.competitors.all()}
    save_theory(staged, rows, actor=actor(people["host"]))
    lock_final(staged, actor=actor(people["chief"]))
    decrypt_and_recheck(staged, people)
    staged = Final.objects.get(pk=staged.pk)
    publish(staged, actor=actor(people["office"]))
    url = f"/editions/2020-nmg/events/{staged.event.pk}/results/"
    client.logout()
    first = client.get(url).content.decode()
    assert "李娜" in first and "申诉未裁决" not in first
    ends = timezone.now() - dt.timedelta(minutes=30)
    set_final_settings(staged, "station", ends, actor=actor(people["host"]))
    staged = Final.objects.get(pk=staged.pk)
    lodge_appeal(staged, "领队", timezone.now(), "有误", actor=actor(people["arbitrator"]))
    assert "尚有 1 件申诉未裁决" in client.get(url).content.decode()


def test_a_proxy_may_keep_the_public_page_and_publication_empties_its_cache(
    client, login, staged, settings, tmp_path, django_capture_on_commit_callbacks
):
    from zhenxing.editions.services import bump_public_version

    url = f"/editions/2020-nmg/events/{staged.event.pk}/results/"
    client.logout()
    anonymous = client.get(url)
    assert "public" in anonymous["Cache-Control"] and "max-age=" in anonymous["Cache-Control"]
    again = client.get(url)  # from the platform's own cache: still says so
    assert "public" in again["Cache-Control"]
    signed_in = login("office").get(url)
    assert "public" not in signed_in.get("Cache-Control", "")

    settings.ZHENXING_PROXY_CACHE_DIR = str(tmp_path)
    kept = tmp_path / "a" / "bc" / "0123abc"
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"old page")
    with django_capture_on_commit_callbacks(execute=True):
        bump_public_version()  # what publication, a recompute or an appeal does
    assert not kept.exists()
