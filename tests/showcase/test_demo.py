"""`zhenxing demo` extends to the showcase: a featured 绝活 with a short video made at demo time,
an approved challenge from the demo enterprise, one nomination awaiting review; run twice, it
changes nothing."""

import time

import pytest

from zhenxing.orgs.demo import create_demo_accounts
from zhenxing.showcase.demo import create_demo_showcase
from zhenxing.showcase.models import Nomination, Work

pytestmark = pytest.mark.django_db


def test_the_demo_nominates_features_challenges_and_leaves_one_waiting(edition, client):
    create_demo_accounts(edition)
    started = time.monotonic()
    message = create_demo_showcase(edition)
    assert time.monotonic() - started < 10
    assert "已通过并推荐全区宣传" in message and "1 条推荐待审核" in message
    featured = Nomination.objects.get(featured=True)
    assert featured.organization.name == "演示·甲市" and featured.public
    challenge = Nomination.objects.get(answers=featured)
    assert challenge.organization.name == "演示·北方能源集团" and challenge.status == "approved"
    assert Nomination.objects.filter(status="submitted").count() == 1
    video = Work.objects.filter(nomination=featured, kind="video").get()
    assert video.duration_seconds == 2 and video.poster
    assert create_demo_showcase(edition) == "“绝活”展示：演示推荐已存在"
    assert Nomination.objects.count() == 3
    page = client.get(f"/showcase/2020-nmg/{featured.public_id}/").content.decode()
    assert challenge.title in page
