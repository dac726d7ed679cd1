"""The public gallery (no login): approved, shown works under the activity's one name, featured
first, by occupation and region; each page plays its video from an address honouring range
requests, with a share link and a QR code; likes are bounded; a hidden work and its files answer
404 at once, and come back when restored."""

import datetime as dt

import pytest

from tests.support import make_id
from zhenxing.orgs.models import AuditEntry
from zhenxing.showcase.likes import LIMIT
from zhenxing.showcase.models import Like

from .conftest import org

pytestmark = pytest.mark.django_db
GALLERY = "/showcase/2020-nmg/"


def _page(nomination):
    return f"{GALLERY}{nomination.public_id}/"


def _file(nomination, which="file"):
    return f"{GALLERY}files/{nomination.works.get().public_id}/{which}/"


def test_the_gallery_shows_approved_works_featured_first_and_filters(client, nominate):
    nominate("submitted", title="待审的绝活")
    nominate("approved", title="已通过的绝活", occupation="电工", region="包头市")
    nominate("featured", title="选树的绝活")
    page = client.get(GALLERY).content.decode()
    assert "建功新时代 行行出状元" in page
    assert "待审的绝活" not in page
    assert page.index("选树的绝活") < page.index("已通过的绝活")
    filtered = client.get(GALLERY, {"occupation": "电工"}).content.decode()
    assert "已通过的绝活" in filtered and "选树的绝活" not in filtered
    by_region = client.get(GALLERY, {"region": "包头市"}).content.decode()
    assert "已通过的绝活" in by_region and "选树的绝活" not in by_region
    assert client.get(GALLERY, {"region": "<script>"}).status_code == 200


def test_a_works_page_shows_nothing_personal_and_can_be_shared(client, nominate):
    nomination = nominate("featured")
    response = client.get(_page(nomination))
    page = response.content.decode()
    assert "盲焊薄板" in page and "乌日娜" in page and "包钢集团" in page and "焊工" in page
    person = nomination.person
    assert person.document_number not in page and person.document_number[:6] not in page
    assert "1995年" not in page and "19950403" not in page
    assert f'poster="{_file(nomination, "poster")}"' in page
    assert f'src="{_file(nomination)}"' in page
    assert "data:image/svg+xml" in page and f"http://testserver{_page(nomination)}" in page
    assert "不作为选树推荐的依据" in page
    assert "发起挑战" in page
    assert client.get(f"{GALLERY}{nomination.pk}/").status_code == 404  # never by pk


def test_a_draft_or_submitted_work_and_its_files_are_not_public(client, nominate):
    for status in ("draft", "submitted"):
        nomination = nominate(status)
        assert client.get(_page(nomination)).status_code == 404
        assert client.get(_file(nomination)).status_code == 404


def test_range_requests_let_a_phone_seek(client, nominate, media):
    nomination = nominate("approved")
    video = media["video.mp4"]
    size = len(video)
    full = client.get(_file(nomination))
    assert full.status_code == 200 and b"".join(full.streaming_content) == video
    assert full["Accept-Ranges"] == "bytes" and full["Content-Length"] == str(size)
    assert full["Content-Type"] == "video/mp4" and full["X-Content-Type-Options"] == "nosniff"
    part = client.get(_file(nomination), HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206 and part["Content-Range"] == f"bytes 100-199/{size}"
    assert b"".join(part.streaming_content) == video[100:200] and part["Content-Length"] == "100"
    tail = client.get(_file(nomination), HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == video[-10:]
    open_ended = client.get(_file(nomination), HTTP_RANGE=f"bytes={size - 5}-")
    assert b"".join(open_ended.streaming_content) == video[-5:]
    beyond = client.get(_file(nomination), HTTP_RANGE=f"bytes={size}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{size}"
    head = client.head(_file(nomination), HTTP_RANGE="bytes=0-9")
    assert head.status_code == 206 and head["Content-Length"] == "10" and not head.content
    poster = client.get(_file(nomination, "poster"))
    assert b"".join(poster.streaming_content)[:3] == b"\xff\xd8\xff"
    assert client.get(_file(nomination, "other")).status_code == 404


def test_a_hidden_work_and_its_files_answer_404_at_once(login, client, nominate):
    nomination = nominate("featured")
    office = login("office")
    url = f"/office/2020-nmg/showcase/n/{nomination.pk}/decide/"
    page = office.post(url, {"action": "hide"}, follow=True).content.decode()
    assert "下架时请写明原因" in page
    office.post(url, {"action": "hide", "reason": "视频含商业广告"})
    login(None)
    assert client.get(_page(nomination)).status_code == 404
    assert client.get(_file(nomination)).status_code == 404
    assert client.get(_file(nomination, "poster")).status_code == 404
    assert "盲焊薄板" not in client.get(GALLERY).content.decode()
    entry = AuditEntry.objects.get(action="showcase.nomination.hidden")
    assert entry.reason == "视频含商业广告"
    for persona in ("alice", "office"):  # the owner and the office still see it, with why
        page = login(persona).get(f"/office/2020-nmg/showcase/n/{nomination.pk}/")
        assert "原因：视频含商业广告" in page.content.decode()
        work = nomination.works.get()
        back = login(persona).get(f"/office/2020-nmg/showcase/works/{work.pk}/file/")
        assert back.status_code == 200
    login("office").post(url, {"action": "show"})
    login(None)
    assert client.get(_page(nomination)).status_code == 200
    assert client.get(_file(nomination)).status_code == 200


def test_one_like_per_browser_counted_and_shown(client, nominate):
    nomination = nominate("approved")
    first = client.post(f"{_page(nomination)}like/", follow=True).content.decode()
    assert "已点赞" in first
    second = client.post(f"{_page(nomination)}like/", follow=True).content.decode()
    assert "您已经赞过" in second
    nomination.refresh_from_db()
    assert nomination.likes == 1 and Like.objects.count() == 1
    like = Like.objects.get()
    cookie = client.cookies["zx_showcase"].value
    assert cookie not in like.browser and "127.0.0.1" not in like.address
    assert len(like.browser) == 64 and '<span id="likes">1</span>' in second
    client.cookies.clear()  # another browser at the same address
    client.post(f"{_page(nomination)}like/")
    nomination.refresh_from_db()
    assert nomination.likes == 2


def test_likes_from_one_address_are_rate_limited(client, nominate):
    nomination = nominate("approved")
    for _ in range(LIMIT):
        client.cookies.clear()
        assert client.post(f"{_page(nomination)}like/").status_code == 302
    client.cookies.clear()
    refused = client.post(f"{_page(nomination)}like/")
    assert refused.status_code == 429 and "点赞太频繁" in refused.content.decode()
    nomination.refresh_from_db()
    assert nomination.likes == LIMIT
    other = client.post(f"{_page(nomination)}like/", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_a_like_needs_the_csrf_token_and_a_public_work(nominate):
    from django.test import Client

    nomination = nominate("approved")
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(f"{_page(nomination)}like/").status_code == 403
    draft = nominate()
    assert Client().post(f"{_page(draft)}like/").status_code == 404


def test_approved_challenges_are_listed_under_the_work_they_answer(
    login, client, nominate, personas
):
    featured = nominate("featured")
    challenge = nominate(
        "submitted",
        user="bob",
        organization=org("包头市"),
        answers=featured,
        name="张伟",
        id_number=make_id(dt.date(1998, 1, 2)),
        title="盲焊挑战",
    )
    assert "盲焊挑战" not in client.get(_page(featured)).content.decode()
    login("office").post(
        f"/office/2020-nmg/showcase/n/{challenge.pk}/decide/", {"action": "approve"}
    )
    login(None)
    page = client.get(_page(featured)).content.decode()
    assert "盲焊挑战" in page and f'href="{_page(challenge)}"' in page
    back = client.get(_page(challenge)).content.decode()
    assert f'href="{_page(featured)}"' in back and "发起挑战" not in back
    assert "挑战 1" in client.get(GALLERY).content.decode()


def test_a_card_shows_the_videos_poster_even_after_a_link(client, nominate):
    from zhenxing.showcase.models import Work  # the nomination made with a link first

    nomination = nominate("approved", title="先有链接的绝活")
    video = nomination.works.get()
    Work.objects.create(
        nomination=nomination,
        kind="link",
        platform="douyin",
        url="https://v.douyin.com/x/",
        uploaded_at=video.uploaded_at - dt.timedelta(minutes=1),
    )
    page = client.get(GALLERY).content.decode()
    assert f"files/{video.public_id}/poster/" in page
