"""Awards of a pairs event (2025-ah, with two titles added for the test): the team's rank gives
every member the title and the certificate — each member their own, with their own number and
name, judged on their own birth date — national-finals picks per team, members listed; and the
talent database keeps the rank and the award of every member, not only the team's first."""

import pytest
from django.urls import reverse

from tests.support import PASSWORD, actor
from tests.teams_support import finished, load_2025_ah, make_people, pairs_event
from zhenxing.awards import finals
from zhenxing.awards.certificates import texts
from zhenxing.awards.models import Award
from zhenxing.awards.verification import lookup
from zhenxing.registration.models import Delegation, Person
from zhenxing.talent.people import record_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def ah(edition):
    return load_2025_ah(titles=True)


@pytest.fixture
def people(ah):
    return make_people(ah, pairs_event(ah), PASSWORD)


@pytest.fixture
def done(ah, people):
    return finished(ah, people)


def held(awards, kind):
    return sorted(
        (a.entry.person.name, a.name, a.rank)
        for a in awards
        if a.kind == kind and a.status == Award.Status.APPROVED
    )


def test_every_member_gets_the_certificate_of_the_teams_rank_with_a_number_of_their_own(done):
    final, teams, awards = done
    certificates = [a for a in awards if a.kind == "certificate"]
    assert held(awards, "certificate") == [
        ("刘洋", "国家职业资格二级证书", 2),
        ("张伟", "国家职业资格二级证书", 1),
        ("王磊", "国家职业资格二级证书", 1),
        ("陈静", "国家职业资格二级证书", 2),
    ]
    assert len({a.serial for a in certificates}) == 4
    for award in certificates:
        assert award.entry.team == award.competitor.team  # each member's own entry
        said = texts(award)
        assert said["name"] == award.entry.person.name
        assert f"作为“{award.competitor.team.name}”队员荣获第{award.rank}名" in said["body"]
        assert award.serial in said["serial"]


def test_a_title_goes_to_each_member_who_meets_it_on_their_own_birth_date(done):
    _, _, awards = done
    assert held(awards, "title") == [
        ("刘洋", "全省技术能手", 2),
        ("张伟", "全省技术能手", 1),
        ("王磊", "全省技术能手", 1),
        ("王磊", "全省青年岗位能手", 1),  # born 2005-06-01
        ("陈静", "全省技术能手", 2),
        ("陈静", "全省青年岗位能手", 2),  # born 2006-01-01; 张伟、刘洋 born before 2005
    ]


def test_the_approvers_page_lists_each_member_with_the_team(done, people, client):
    final, _, _ = done
    url = reverse("awards:event_awards", args=["2025-ah", final.event.pk])
    client.force_login(people["ah_hrss"])
    page = client.get(url).content.decode()
    for name in ("张伟", "王磊", "刘洋", "陈静", "甲市一队", "乙市一队"):
        assert name in page
    for who in ("ah_registrar", "ah_judge_outsider"):
        client.force_login(people[who])
        assert client.get(url).status_code == 404


def test_a_delegation_downloads_the_certificate_of_each_of_its_members(done, people, client):
    _, _, awards = done
    client.force_login(people["ah_registrar"])  # of 演示·甲市
    delegation = Delegation.objects.get(edition__code="2025-ah", organization__name="演示·甲市")
    page = client.get(reverse("awards:delegation_certificates", args=["2025-ah", delegation.pk]))
    text = page.content.decode()
    mine = [a for a in awards if a.entry.delegation == delegation and a.kind == "certificate"]
    assert {a.entry.person.name for a in mine} == {"张伟", "王磊"}
    for award in mine:
        assert award.serial in text
    assert "刘洋" not in text and "参赛队：甲市一队" in text
    wang = next(a for a in mine if a.entry.person.name == "王磊")  # not the team's first member
    pdf = client.get(reverse("awards:certificate_pdf", args=["2025-ah", wang.serial]))
    assert pdf.status_code == 200
    assert "%E7%8E%8B%E7%A3%8A" in pdf["Content-Disposition"]  # 王磊, the file's name
    other = next(a for a in awards if a.entry.person.name == "刘洋" and a.serial)
    url = reverse("awards:certificate_pdf", args=["2025-ah", other.serial])
    assert client.get(url).status_code == 404  # another delegation's member


def test_the_public_verifies_a_members_certificate_by_that_members_name(done):
    _, _, awards = done
    wang = next(a for a in awards if a.entry.person.name == "王磊" and a.kind == "certificate")
    assert lookup(wang.serial, "王磊").state == "genuine"
    assert lookup(wang.serial, "张伟").state == "unknown"  # the teammate's name is not the holder's


def test_national_finals_pick_a_team_and_list_every_member(done, people, client):
    final, teams, _ = done
    finals.set_counts(final, 1, 1, actor=actor(people["ah_office"]))
    picks = list(final.finals_list.picks.order_by("position"))
    assert [p.competitor.team.name for p in picks] == ["甲市一队", "乙市一队"]
    client.force_login(people["ah_office"])
    page = client.get(reverse("awards:national_finals", args=["2025-ah"])).content.decode()
    assert "甲市一队（张伟、王磊）" in page and "乙市一队（刘洋、陈静）" in page
    finals.confirm(final, actor=actor(people["ah_office"]))
    office, edition = actor(people["ah_office"]), final.event.edition
    rows = finals.export_rows([final.finals_list], actor=office, edition=edition)
    assert [(r[0], r[8], r[9]) for r in rows] == [
        ("张伟", "入选", "甲市一队"),
        ("王磊", "入选", "甲市一队"),
        ("刘洋", "替补", "乙市一队"),
        ("陈静", "替补", "乙市一队"),
    ]


def test_the_talent_database_keeps_the_rank_and_awards_of_every_member(done):
    for name, rank in (("张伟", 1), ("王磊", 1), ("陈静", 2)):
        record = record_of(Person.objects.get(name=name))
        assert [r.rank for r in record.ranks] == [rank]
        assert {a.name for a in record.awards} >= {"全省技术能手", "国家职业资格二级证书"}
        assert all(a.entry.person.name == name for a in record.awards)
