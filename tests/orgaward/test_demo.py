"""`zhenxing demo` extends to the award: two demo 盟市 keep records and submit; one is assessed."""

import pytest

from zhenxing.orgaward.demo import create_demo_orgaward
from zhenxing.orgaward.models import Evidence, MediaReport, SelfEvaluation
from zhenxing.orgs.demo import create_demo_accounts

pytestmark = pytest.mark.django_db


def test_the_demo_keeps_records_submits_and_assesses(edition, settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    create_demo_accounts(edition)
    message = create_demo_orgaward(edition)
    assert "2 个演示单位已记录并提交自评表" in message
    forms = {f.organization.name: f for f in SelfEvaluation.objects.select_related("organization")}
    assert forms["演示·甲市"].status == "assessed" and forms["演示·乙市"].status == "submitted"
    assert forms["演示·甲市"].assessed_total == forms["演示·甲市"].total
    assert any(r["judgement"] for r in forms["演示·乙市"].rows)  # coverage in the 20–30% gap
    assert Evidence.objects.count() == 2 and MediaReport.objects.count() == 4
    assert create_demo_orgaward(edition) == "优秀组织奖：演示记录已存在"
    assert SelfEvaluation.objects.count() == 2

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="office"))
    page = client.get("/office/2020-nmg/orgaward/ranking/").content.decode()
    assert "演示·甲市" in page and "待考核" in page and "演示·乙市" in page
