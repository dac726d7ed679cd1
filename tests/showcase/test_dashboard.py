"""The dashboards: the office sees how many nominations await review (and the gallery); an
organization that may nominate sees its count and the returned ones to fix."""

import pytest

from zhenxing.showcase.dashboard import office_tasks, organization_tasks

from .conftest import org

pytestmark = pytest.mark.django_db


def test_the_office_and_the_organizations_see_their_showcase_tasks(login, nominate, edition):
    nominate("submitted")
    (waiting, gallery) = office_tasks(edition)
    assert waiting == ("“绝活”展示：1 条推荐待审核", "/office/2020-nmg/showcase/queue/", False)
    assert gallery[1] == "/showcase/2020-nmg/"
    page = login("office").get("/dashboard/").content.decode()
    assert "“绝活”展示：1 条推荐待审核" in page
    page = login("alice").get("/dashboard/").content.decode()
    assert "推荐青年“绝活”（已推荐 1 条）" in page
    assert "修改被退回的“绝活”推荐：0 条" in page


def test_an_organization_that_does_not_nominate_sees_nothing(edition, personas):
    from zhenxing.orgs.models import Organization

    host = Organization.objects.get(kind="host_unit", name="中国航天科工集团第六研究院")
    assert organization_tasks(edition, host) == []
    assert len(organization_tasks(edition, org())) == 2
