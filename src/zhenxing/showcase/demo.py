"""Demo of the showcase: 演示·甲市 nominates a young worker with a short video (made with ffmpeg
at demo time, with a picture), the office approves it and picks it for publicity, the demo
enterprise answers it with an approved challenge, and 演示·乙市's nomination waits for review.
The people are fictional; their ID numbers are valid but belong to no one."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from zhenxing.orgs.audit import Actor
from zhenxing.orgs.demo import DEMO_CITIES, DEMO_ENTERPRISE
from zhenxing.orgs.models import Organization
from zhenxing.registration.demo import id_number

from . import nominations, review, works
from .media import FFMPEG
from .models import Nomination

VIDEO = ["-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=15", "-pix_fmt", "yuv420p"]
VIDEO += ["-c:v", "libx264", "-preset", "ultrafast", "-movflags", "+faststart"]
PICTURE = ["-f", "lavfi", "-i", "testsrc=size=320x240", "-frames:v", "1"]
# (organization kind, name, username, person name, birth date, male, occupation, title)
PEOPLE = [
    ("league_city", "演示·甲市", "registrar", "演示·巴特尔", dt.date(1996, 8, 18), True, "焊工"),
    (
        "enterprise",
        DEMO_ENTERPRISE,
        "enterprise",
        "演示·苏日娜",
        dt.date(1998, 3, 9),
        False,
        "电工",
    ),
    ("league_city", "演示·乙市", "registrar2", "演示·张晓峰", dt.date(1993, 11, 2), True, "茶艺师"),
]
TITLES = ["单面焊双面成型", "带电作业十秒接线", "一壶三泡 汤色如一"]


def _media(folder: Path) -> dict[str, bytes]:
    made = {}
    for name, arguments in (("demo.mp4", VIDEO), ("demo.png", PICTURE)):
        path = folder / name
        subprocess.run(  # noqa: S603 — fixed program and arguments
            [FFMPEG, "-v", "error", "-nostdin", "-y", *arguments, str(path)],
            check=True,
            timeout=30,
            capture_output=True,
        )
        made[name] = path.read_bytes()
    return made


def _nominate(edition, person, media, answers=None) -> Nomination:
    kind, org_name, username, name, birth, male, occupation = person
    organization = Organization.objects.get(kind=kind, name=org_name)
    actor = Actor(get_user_model().objects.get(username=username))
    rng = random.Random(name)  # noqa: S311 — demo data, not security
    region = DEMO_CITIES.get(org_name, "150102")
    data = nominations.NominationData(
        name=name,
        id_number=id_number(region, birth, male, rng),
        occupation=occupation,
        workplace=f"{org_name}演示单位",
        region=org_name if kind == "league_city" else "演示·甲市",
        title=TITLES[[p[3] for p in PEOPLE].index(name)],
        description=f"{name}的岗位“绝活”（虚构，演示数据）。",
        consent_given=True,
        consent_note="本人签署书面同意书（演示）",
    )
    nomination = nominations.save_nomination(
        edition, organization, data, actor=actor, answers=answers
    )
    video = SimpleUploadedFile("绝活.mp4", media["demo.mp4"])
    works.add_file(nomination, "video", video, "两秒演示视频", actor=actor)
    picture = SimpleUploadedFile("工作照.png", media["demo.png"])
    works.add_file(nomination, "image", picture, "工作照（演示）", actor=actor)
    return nominations.submit(nomination, actor=actor)


@transaction.atomic
def create_demo_showcase(edition) -> str:
    """Does nothing when the demo nominations exist already."""
    if edition.rulebook().showcase is None:
        return ""
    if Nomination.objects.filter(edition=edition, organization__is_demo=True).exists():
        return "“绝活”展示：演示推荐已存在"
    office = Actor(get_user_model().objects.get(username="office"))
    with tempfile.TemporaryDirectory(prefix="zhenxing-demo-") as folder:
        media = _media(Path(folder))
        first = review.approve(_nominate(edition, PEOPLE[0], media), actor=office)
        first = review.feature(first, actor=office)
        challenge = _nominate(edition, PEOPLE[1], media, answers=first)
        review.approve(challenge, actor=office)
        _nominate(edition, PEOPLE[2], media)
    return (
        f"“绝活”展示：演示·甲市的“{first.title}”已通过并推荐全区宣传，"
        f"{DEMO_ENTERPRISE}的挑战已通过，演示·乙市的 1 条推荐待审核"
    )
