"""`zhenxing demo` extends to the talent database: the demo registrars record consent, a stage
transition, a service, an activity and a recommendation for some of their people, once."""

import pytest

from zhenxing.orgs.demo import create_demo_accounts
from zhenxing.registration.demo import create_demo_entries
from zhenxing.talent import statistics
from zhenxing.talent.demo import create_demo_talent
from zhenxing.talent.models import Consent, FollowUp

pytestmark = pytest.mark.django_db


def test_the_demo_records_follow_up_once(edition):
    create_demo_accounts(edition)
    create_demo_entries(edition)
    message = create_demo_talent(edition)
    assert message.startswith("人才库演示：") and "入门期→成长期" in message
    people = Consent.objects.count()
    assert people >= 2 and FollowUp.objects.count() == people * 5
    assert ["入门期 → 成长期", people] in statistics.stage_transitions().rows
    assert create_demo_talent(edition).startswith("人才库演示数据已存在")
    assert FollowUp.objects.count() == people * 5
