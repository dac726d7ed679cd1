"""An entry approved after the contest-number draw: drawn in by a new draw while no mark
exists, refused once marking has begun — and every page says so."""

import datetime as dt

import pytest

from tests.support import actor
from zhenxing.judging.anonymity import draw_numbers
from zhenxing.judging.marks import save_sheet
from zhenxing.registration.models import Entry
from zhenxing.registration.services import RegistrationError, approve

pytestmark = pytest.mark.django_db


def as_(client, user):
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def late(final, entry_of):
    return entry_of("B", name="周洁", birth=dt.date(1994, 4, 1), status=Entry.Status.SUBMITTED)


def test_approved_after_the_draw_it_waits_for_a_new_draw_and_pages_say_so(client, final, late):
    office = final.people["office"]
    response = as_(client, office).post(f"/office/2020-nmg/entries/{late.pk}/approve/", follow=True)
    page = response.content.decode()
    assert "已通过 周洁 的报名" in page and "须由加密裁判在评分开始前重新抽签" in page
    home = f"/office/2020-nmg/events/{final.event.pk}/final/"
    text = as_(client, final.people["encryption"]).get(home).content.decode()
    assert "抽签后又有 1 名选手审核通过，尚无参赛号" in text
    dashboard = client.get("/dashboard/").content.decode()
    assert "重新抽签：抽签后又有 1 名选手审核通过" in dashboard
    draw_numbers(final, actor=actor(final.people["encryption"]))
    assert final.competitors.filter(entry=late).exists()
    assert "尚无参赛号" not in client.get(home).content.decode()


def test_once_marking_has_begun_no_entry_is_approved_and_the_review_pages_say_why(
    client, final, late
):
    competitor = final.competitors.first()
    judge = final.people["judge"]
    save_sheet(final, competitor, judge, {"A3": "2"}, {}, actor=actor(judge), paper=False)
    with pytest.raises(RegistrationError, match="本项目已开始评分，决赛选手名单已确定"):
        approve(late, actor=actor(final.people["office"]))
    office = as_(client, final.people["office"])
    queue = office.get("/office/2020-nmg/review/").content.decode()
    assert "本项目已开始评分" in queue and "一次通过全部无提示的报名" not in queue
    entry_page = office.get(f"/office/2020-nmg/entries/{late.pk}/").content.decode()
    assert "本项目已开始评分" in entry_page and "审核通过</button>" not in entry_page
    late.refresh_from_db()
    assert late.status == Entry.Status.SUBMITTED
