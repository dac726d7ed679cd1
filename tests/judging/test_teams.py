"""A pairs event's final (2025-ah 机床装调维修工（普通机床电气装调维修）): one competitor — one
contest number, one set of marks, one theory score — per complete, approved team; teams not
complete and entries in no team stay out, and the host unit and the office are told why."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.support import PASSWORD, actor
from tests.teams_support import (
    drawn_final,
    entry,
    load_2025_ah,
    make_people,
    make_teams,
    pairs_event,
    score,
    team,
)
from zhenxing.judging.anonymity import draw_numbers, undrawn
from zhenxing.judging.locking import ScoringError, final_of
from zhenxing.judging.models import Competitor, TheoryScore
from zhenxing.judging.teams import roster

pytestmark = pytest.mark.django_db


@pytest.fixture
def ah(edition):
    return load_2025_ah()


@pytest.fixture
def people(ah):
    return make_people(ah, pairs_event(ah), PASSWORD)


def test_a_complete_approved_team_is_one_competitor_stood_for_by_its_first_member(ah, people):
    teams = make_teams(ah)
    final = drawn_final(ah, people)
    competitors = list(final.competitors.select_related("team", "entry"))
    assert len(competitors) == 2  # two teams, four people: two contest numbers
    for made in teams:
        competitor = final.competitors.get(team=made)
        members = sorted(made.members.all(), key=lambda e: e.pk)
        assert competitor.entry == members[0]
        assert [m.person.name for m in competitor.members] == [m.person.name for m in members]
    assert len({c.number for c in competitors}) == 2
    assert final.draws.get().items == sorted(str(c.entry_id) for c in competitors)


def test_an_incomplete_team_and_an_entry_in_no_team_stay_out_with_reasons(ah, people):
    make_teams(ah)
    one = entry(ah, "演示·丙市", "周杰", pairs_event(ah).edition.period_start.replace(year=2004))
    pending = entry(ah, "演示·丙市", "吴刚", one.person.birth_date, approved=False)
    team(ah, "丙市一队", "演示·丙市", [one, pending])
    alone = entry(ah, "演示·甲市", "郑爽", one.person.birth_date)

    found = roster(pairs_event(ah))
    assert len(found.finalists) == 2
    assert "演示·丙市「丙市一队」仅 1 人通过审核（每队 2 人），未进入决赛" in found.left_out
    assert any("郑爽" in text and "未编入参赛队" in text for text in found.left_out)

    final = drawn_final(ah, people)
    assert final.competitors.count() == 2
    assert not Competitor.objects.filter(entry__in=[one, pending, alone]).exists()
    assert undrawn(final) == 0


def test_a_team_completed_after_the_draw_is_counted_as_undrawn(ah, people):
    make_teams(ah)
    final = drawn_final(ah, people)
    birth = pairs_event(ah).edition.period_start.replace(year=2004)
    members = [entry(ah, "演示·丙市", name, birth) for name in ("周杰", "吴刚")]
    team(ah, "丙市一队", "演示·丙市", members)
    assert undrawn(final) == 1
    draw_numbers(final, actor=actor(people["ah_encryption"]))
    assert final.competitors.count() == 3


def test_no_complete_team_no_draw(ah, people):
    birth = pairs_event(ah).edition.period_start.replace(year=2004)
    team(ah, "甲市一队", "演示·甲市", [entry(ah, "演示·甲市", "张伟", birth)])
    final = final_of(pairs_event(ah))
    with pytest.raises(ScoringError, match="还没有完整且全部审核通过的参赛队"):
        draw_numbers(final, actor=actor(people["ah_encryption"]))


def test_one_set_of_marks_and_one_theory_score_per_team(ah, people):
    teams = make_teams(ah)
    final = drawn_final(ah, people)
    score(final, people, teams)
    for made in teams:
        competitor = final.competitors.get(team=made)
        assert TheoryScore.objects.filter(competitor=competitor).count() == 1
        assert competitor.marks.filter(aspect_key="A3").count() == 3  # one per judge, per team


def test_the_roster_page_tells_the_host_and_office_who_is_left_out_and_not_the_judges(
    ah, people, client
):
    make_teams(ah)
    birth = pairs_event(ah).edition.period_start.replace(year=2004)
    team(ah, "丙市一队", "演示·丙市", [entry(ah, "演示·丙市", "周杰", birth)])
    final = drawn_final(ah, people)
    url = reverse("judging:final_home", args=["2025-ah", final.event.pk])
    for who in ("ah_host", "ah_office"):
        client.force_login(people[who])
        page = client.get(url).content.decode()
        assert "2 支决赛参赛队" in page
        assert "演示·丙市「丙市一队」只有 1 名队员（每队 2 人），未进入决赛" in page
    client.force_login(people["ah_judge"])
    page = client.get(url).content.decode()
    assert "2 支决赛参赛队" in page
    assert "丙市一队" not in page and "周杰" not in page
    client.force_login(people["ah_judge_outsider"])
    assert client.get(url).status_code == 404


def test_the_sign_in_sheet_lists_each_team_with_its_members(ah, people, client):
    make_teams(ah)
    final = drawn_final(ah, people)
    client.force_login(people["ah_encryption"])
    page = client.get(reverse("judging:anonymity", args=["2025-ah", final.event.pk]))
    text = page.content.decode()
    assert "甲市一队（张伟、王磊）" in text and "乙市一队（刘洋、陈静）" in text
    client.force_login(people["ah_judge"])
    page = client.get(reverse("judging:anonymity", args=["2025-ah", final.event.pk]))
    assert page.status_code == 403


def test_the_judges_score_sheet_names_no_team(ah, people, client):
    make_teams(ah)
    final = drawn_final(ah, people)
    client.force_login(people["ah_judge"])
    page = client.get(reverse("judging:score_index", args=["2025-ah", final.event.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    number = final.competitors.first().number
    assert number in text
    for name in ("甲市一队", "张伟", "王磊", "演示·甲市"):
        assert name not in text


def test_a_team_with_its_contest_number_keeps_its_members_and_name(ah, people):
    from zhenxing.orgs.audit import SYSTEM
    from zhenxing.registration.services import RegistrationError
    from zhenxing.registration.teams import dissolve_team, save_team

    drawn, _ = make_teams(ah)
    drawn_final(ah, people)
    later = [entry(ah, "演示·丙市", name, dt.date(2004, 1, 1)) for name in ("周杰", "吴刚")]
    late = team(ah, "丙市一队", "演示·丙市", later)
    members = [m.pk for m in drawn.members.all()]
    with pytest.raises(RegistrationError, match="该队已抽取参赛号"):
        save_team(drawn.delegation, drawn.event, "改名", members, actor=SYSTEM, team=drawn)
    with pytest.raises(RegistrationError, match="该队已抽取参赛号"):
        dissolve_team(drawn, actor=SYSTEM)
    drawn.refresh_from_db()
    assert drawn.name == "甲市一队" and drawn.members.count() == 2
    assert dissolve_team(late, actor=SYSTEM) == ["周杰", "吴刚"]  # a team not drawn yet may go
