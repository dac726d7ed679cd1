"""Results of a pairs event (2025-ah): one result and one rank per team; the results pages show
the team's name and its members' names wherever names are shown today (the public page once
published; the office's page to those who see identities, once decrypted) and nowhere else."""

import pytest
from django.urls import reverse

from tests.support import PASSWORD
from tests.teams_support import (
    approved_awards,
    drawn_final,
    load_2025_ah,
    make_people,
    make_teams,
    pairs_event,
    score,
    to_final_results,
)
from zhenxing.awards.lists import awarded, publicity
from zhenxing.results.models import Result

pytestmark = pytest.mark.django_db


@pytest.fixture
def ah(edition):
    return load_2025_ah(titles=True)


@pytest.fixture
def people(ah):
    return make_people(ah, pairs_event(ah), PASSWORD)


@pytest.fixture
def scored(ah, people):
    teams = make_teams(ah)
    final = drawn_final(ah, people)
    score(final, people, teams)
    final.refresh_from_db()
    return final, teams


def test_one_result_and_one_rank_per_team(scored):
    final, teams = scored
    results = Result.objects.filter(competitor__final=final).order_by("rank")
    assert [(r.competitor.team.name, r.rank) for r in results] == [("甲市一队", 1), ("乙市一队", 2)]


def test_the_office_page_names_teams_and_members_only_once_decrypted(scored, people, client):
    final, _ = scored
    url = reverse("results:results", args=["2025-ah", final.event.pk])
    client.force_login(people["ah_host"])
    assert "张伟" not in client.get(url).content.decode()  # still anonymous
    to_final_results(final, people)
    page = client.get(url).content.decode()
    assert "参赛队（队员）" in page
    assert "甲市一队（张伟、王磊）" in page and "乙市一队（刘洋、陈静）" in page
    client.force_login(people["ah_judge"])
    page = client.get(url).content.decode()
    assert "甲市一队" not in page and "张伟" not in page
    client.force_login(people["ah_judge_outsider"])
    assert client.get(url).status_code == 404


def test_the_public_page_shows_each_team_its_members_and_whose_awards(scored, people, client):
    final, _ = scored
    url = reverse("results:public_results", args=["2025-ah", final.event.pk])
    assert "甲市一队" not in client.get(url).content.decode()  # not published yet
    to_final_results(final, people)
    approved_awards(final, people)
    page = client.get(url).content.decode()
    assert "参赛队（队员）" in page
    for text in (
        "<strong>甲市一队</strong>",
        "张伟、王磊",
        "<strong>乙市一队</strong>",
        "刘洋、陈静",
    ):
        assert text in page
    # a title both members hold is named once; one only a member holds names the member
    assert "全省技术能手；全省青年岗位能手（王磊）" in page


def test_the_lists_name_the_team_and_each_member(scored, people):
    final, _ = scored
    to_final_results(final, people)
    approved_awards(final, people)
    _, _, rows = publicity(final)
    assert [row[:2] for row in rows] == [
        ["1", "甲市一队（张伟、王磊）"],
        ["2", "乙市一队（刘洋、陈静）"],
    ]
    _, _, rows = awarded(final)
    certificates = [row[1] for row in rows if row[4] == "国家职业资格二级证书"]
    assert certificates == [
        "张伟（甲市一队）",
        "王磊（甲市一队）",
        "刘洋（乙市一队）",
        "陈静（乙市一队）",
    ]
