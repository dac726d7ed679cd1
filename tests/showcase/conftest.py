"""What the showcase tests share: small media made with ffmpeg once per session, private files
under a temporary MEDIA_ROOT, and a nomination made through the services."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support import actor, make_id

FFMPEG = "/usr/bin/ffmpeg"
SOURCES = {
    "video.mp4": ["-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=10"]
    + ["-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast"],
    "video.webm": ["-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=10"]
    + ["-c:v", "libvpx", "-b:v", "100k"],
    "audio.mp4": ["-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac"],
    "image.png": ["-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1"],
    "image.jpg": ["-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1"],
    "image.webp": ["-f", "lavfi", "-i", "testsrc=size=32x32", "-frames:v", "1"],
    "animation.gif": ["-f", "lavfi", "-i", "testsrc=duration=0.3:size=32x32:rate=10"],
}
BIRTH = dt.date(1995, 4, 3)


@pytest.fixture(scope="session")
def media(tmp_path_factory) -> dict[str, bytes]:
    """name → bytes of each generated file."""
    folder = tmp_path_factory.mktemp("showcase-media")
    made = {}
    for name, arguments in SOURCES.items():
        path = folder / name
        subprocess.run([FFMPEG, "-v", "error", "-y", *arguments, str(path)], check=True)
        made[name] = path.read_bytes()
    return made


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def form_data(**changes) -> dict:
    data = {
        "name": "乌日娜",
        "id_number": make_id(BIRTH, male=False),
        "occupation": "焊工",
        "workplace": "包钢集团",
        "region": "呼和浩特市",
        "title": "盲焊薄板",
        "description": "蒙眼焊接 0.5 毫米薄板，焊缝平整。",
        "consent_given": "on",
        "consent_note": "本人签署书面同意书",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def org(name="呼和浩特市", kind="league_city"):
    from zhenxing.orgs.models import Organization

    return Organization.objects.get(kind=kind, name=name)


@pytest.fixture
def nominate(personas, edition, media):
    """nominate(): a draft of 呼和浩特市 (alice) with a video, through the services; status
    "submitted", "approved" or "featured" takes it on as the office would."""
    from zhenxing.showcase import nominations, review, works
    from zhenxing.showcase.nominations import NominationData

    def _nominate(status="draft", user="alice", organization=None, answers=None, **changes):
        data = form_data(**changes)
        data["consent_given"] = bool(data.get("consent_given"))
        who = actor(personas[user])
        nomination = nominations.save_nomination(
            edition,
            organization or org(),
            NominationData(**data),
            actor=who,
            answers=answers,
        )
        works.add_file(nomination, "video", upload("技.mp4", media["video.mp4"]), "", actor=who)
        office = actor(personas["office"])
        if status != "draft":
            nomination = nominations.submit(nomination, actor=who)
        if status in ("approved", "featured"):
            nomination = review.approve(nomination, actor=office)
        if status == "featured":
            nomination = review.feature(nomination, actor=office)
        nomination.refresh_from_db()
        return nomination

    return _nominate
