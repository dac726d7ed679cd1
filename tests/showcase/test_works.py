"""Works are checked by content, never by name: a video must be an MP4 or WebM container that
ffprobe finds a video stream in (a poster frame is taken); images JPEG/PNG/WebP, animations GIF;
links https, on the platform chosen. A refused file stores nothing."""

import pytest
from django.test import override_settings

from tests.support import actor
from zhenxing.orgs.models import AuditEntry
from zhenxing.showcase import works
from zhenxing.showcase.models import Work
from zhenxing.showcase.nominations import ShowcaseRefused

from .conftest import upload

pytestmark = pytest.mark.django_db
BASE = "/office/2020-nmg/showcase/"


def _post(client, nomination, kind, name, content):
    url = f"{BASE}n/{nomination.pk}/works/"
    data = {"kind": kind, "file": upload(name, content), "caption": ""}
    return client.post(url, data, follow=True).content.decode()


def test_a_video_is_kept_with_its_poster_and_duration(login, nominate, media):
    nomination = nominate()
    page = _post(login("alice"), nomination, "video", "焊接.webm", media["video.webm"])
    assert "已上传短视频／微视频：焊接.webm" in page
    webm = Work.objects.get(original_name="焊接.webm")
    assert webm.content_type == "video/webm" and webm.duration_seconds > 0
    assert webm.poster.open("rb").read(3) == b"\xff\xd8\xff"
    mp4 = Work.objects.get(original_name="技.mp4")
    assert mp4.content_type == "video/mp4" and len(mp4.sha256) == 64
    assert "private/showcase/" in mp4.file.name and "技" not in mp4.file.name
    assert AuditEntry.objects.filter(action="showcase.work.added").count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("技.mp4", b"<html><script>alert(1)</script></html>", "不是 MP4 或 WebM 视频"),
        ("技.mp4", "image.png", "不是 MP4 或 WebM 视频"),
        ("技.mp4", "audio.mp4", "没有视频画面"),
        ("技.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, "无法读取"),  # a header, no video
        (
            "技.webm",
            b"\x1a\x45\xdf\xa3" + b"\x00" * 60,
            "不是 MP4 或 WebM 视频",
        ),  # a Matroska, not WebM
        ("空.mp4", b"", "是空的"),
    ],
)
def test_what_is_not_a_video_is_refused_with_what_to_do(
    login, nominate, media, name, content, message
):
    nomination = nominate()
    body = media.get(content, content)
    page = _post(login("alice"), nomination, "video", name, body)
    assert "作品未上传" in page and message in page
    assert nomination.works.count() == 1  # only the fixture's video


def test_a_video_over_the_size_in_settings_is_refused(login, nominate, media):
    nomination = nominate()
    with override_settings(ZHENXING_SHOWCASE_VIDEO_MB=0):
        page = _post(login("alice"), nomination, "video", "大.mp4", media["video.mp4"])
    assert "超过 0 MB" in page and "请压缩后再上传" in page
    assert nomination.works.count() == 1


@pytest.mark.parametrize(
    ("kind", "name", "type_"),
    [
        ("image", "image.png", "image/png"),
        ("image", "image.jpg", "image/jpeg"),
        ("image", "image.webp", "image/webp"),
        ("animation", "animation.gif", "image/gif"),
    ],
)
def test_images_and_animations_by_content(login, nominate, media, kind, name, type_):
    nomination = nominate()
    page = _post(login("alice"), nomination, kind, "改了名.txt", media[name])
    assert "已上传" in page
    assert Work.objects.get(kind=kind).content_type == type_


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        ("image", "animation.gif", "不是 JPG、PNG 或 WebP 图片"),
        ("image", "video.mp4", "不是 JPG、PNG 或 WebP 图片"),
        ("animation", "image.png", "不是 GIF 动图"),
    ],
)
def test_a_picture_of_the_wrong_kind_is_refused(login, nominate, media, kind, name, message):
    nomination = nominate()
    assert message in _post(login("alice"), nomination, kind, "x.gif", media[name])
    assert nomination.works.count() == 1


@pytest.mark.parametrize(
    ("kind", "content"),
    [("animation", b"GIF89a fake"), ("image", b"\x89PNG\r\n\x1a\n" + b"\0" * 40)],
)
def test_a_picture_that_only_starts_right_is_refused(login, nominate, kind, content):
    nomination = nominate()
    page = _post(login("alice"), nomination, kind, "x.gif", content)
    assert "内容不完整或已损坏" in page and nomination.works.count() == 1


@pytest.mark.parametrize(
    ("platform", "url", "message"),
    [
        ("douyin", "http://v.douyin.com/abc/", "须以 https:// 开头"),
        ("douyin", "https://v.kuaishou.com/abc", "不属于抖音"),
        ("wechat", "https://weixin.qq.com.evil.example/a", "不属于微信"),
        ("h5", "javascript:alert(1)", "须以 https:// 开头"),
        ("h5", "https://10.0.0.1/page", "不是 IP 地址"),
        ("h5", "https://user:pw@example.com/", "不能含用户名"),
        ("h5", "https://example.com/a b", "不能含空格"),
        ("tiktok", "https://example.com/", "请选择链接所在的平台"),
    ],
)
def test_links_must_be_https_and_on_the_platform_chosen(personas, nominate, platform, url, message):
    nomination = nominate()
    with pytest.raises(ShowcaseRefused, match=message):
        works.add_link(nomination, url, platform, "", actor=actor(personas["alice"]))
    assert not Work.objects.filter(kind="link").exists()


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        ("wechat", "https://mp.weixin.qq.com/s/abcdef"),
        ("kuaishou", "https://v.kuaishou.com/xyz"),
        ("douyin", "https://www.douyin.com/video/123"),
        ("h5", "https://h5.example.cn/show"),
    ],
)
def test_a_link_on_its_platform_is_kept(login, nominate, platform, url):
    nomination = nominate()
    page = login("alice").post(
        f"{BASE}n/{nomination.pk}/links/",
        {"platform": platform, "url": url, "link_caption": "同一作品"},
        follow=True,
    )
    assert "已添加链接" in page.content.decode()
    assert Work.objects.get(kind="link").url == url


def test_works_change_only_while_the_nomination_is_editable(personas, nominate, media):
    nomination = nominate("submitted")
    with pytest.raises(ShowcaseRefused, match="不能再修改"):
        works.add_link(
            nomination, "https://a.example.cn/", "h5", "", actor=actor(personas["alice"])
        )
    with pytest.raises(ShowcaseRefused, match="不能再修改"):
        works.remove_work(nomination.works.get(), actor=actor(personas["alice"]))


def test_removing_a_work_deletes_its_files(login, nominate, django_capture_on_commit_callbacks):
    nomination = nominate()
    work = nomination.works.get()
    storage = work.file.storage
    names = [work.file.name, work.poster.name]
    assert all(storage.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = login("alice").post(f"{BASE}works/{work.pk}/delete/", follow=True)
    assert "已删除作品" in response.content.decode()
    assert not any(storage.exists(n) for n in names)
