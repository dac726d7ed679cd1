"""A pairs event's final for the team tests: 2025-ah (安徽, students only) beside 2020-nmg, its
双人赛项 机床装调维修工（普通机床电气装调维修）, teams of two entries of one delegation, a panel,
and the way from the draw to approved certificates — all through the services.

Teams are formed by registration's service (registration.teams.save_team)."""

from __future__ import annotations

import datetime as dt
import random
from importlib import resources

from tests.support import SCHEME, actor, mark_by_judges

PAIRS = "机床装调维修工（普通机床电气装调维修）"
HOST = ("host_unit", "安徽职业技术学院")
# the panel and office of the pairs event: username → (role, on the event?, organization)
PEOPLE = {
    "ah_office": ("committee_office", False, ("youth_league", "共青团安徽省委员会")),
    "ah_hrss": ("hrss_reviewer", False, ("hrss", "安徽省人力资源和社会保障厅")),
    "ah_host": ("host_staff", False, HOST),
    "ah_judge": ("judge", True, HOST),
    "ah_judge2": ("judge", True, HOST),
    "ah_judge3": ("judge", True, HOST),
    "ah_chief": ("chief_judge", True, HOST),
    "ah_encryption": ("encryption_officer", True, HOST),
    "ah_supervisor": ("supervisor", False, ("youth_league", "共青团安徽省委员会")),
    "ah_registrar": ("registrar", False, ("league_city", "演示·甲市")),
    "ah_judge_outsider": (None, False, None),
}
# (team name, delegation, [(member name, birth date), …]); 甲市一队 will rank first
TEAMS = [
    ("甲市一队", "演示·甲市", [("张伟", dt.date(2004, 3, 1)), ("王磊", dt.date(2005, 6, 1))]),
    ("乙市一队", "演示·乙市", [("刘洋", dt.date(2003, 9, 1)), ("陈静", dt.date(2006, 1, 1))]),
]
SCHOOLS = {
    "演示·甲市": "安徽机电职业技术学院",
    "演示·乙市": "安徽交通职业技术学院",
    "演示·丙市": "安徽工业经济职业技术学院",
}
# the marks of each team by its order in TEAMS: (A1, A2, [A3 of the three judges])
MARKS = [("1", "0", [3, 3, 3]), ("1", "2", [2, 2, 2])]


# titles 2025-ah's notice does not give, for the tests of titles to each member: one for the
# top three, one only for those born on or after 2005-01-01 (张伟 of 甲市一队 is not)
TITLES = """[awards]

[[awards.titles]]
name = "全省技术能手"
max_rank = 3
groups = ["student"]
approver = "HRSS"
clause = "§测试"

[[awards.titles]]
name = "全省青年岗位能手"
max_rank = 3
groups = ["student"]
born_from = 2005-01-01
approver = "YL"
clause = "§测试"
"""


def load_2025_ah(titles: bool = False):
    """2025-ah from its packaged file (with TITLES added when `titles`)."""
    from zhenxing.editions.models import Edition
    from zhenxing.editions.services import load_rulebook
    from zhenxing.orgs.demo import demo_organizations

    text = resources.files("zhenxing.rulebooks").joinpath("2025-ah.toml").read_text("utf-8")
    if titles:
        assert "[awards]\ntitles = []\n" in text
        text = text.replace("[awards]\ntitles = []\n", TITLES)
    load_rulebook(text, "2025-ah.toml")
    demo_organizations()
    return Edition.objects.get(code="2025-ah")


def pairs_event(edition):
    from zhenxing.editions.models import Event

    return Event.objects.get(edition=edition, occupation__name=PAIRS)


def make_people(edition, event, password) -> dict:
    from django.contrib.auth import get_user_model

    from zhenxing.orgs.models import Membership, Organization

    users = {}
    for username, (role, on_event, org) in PEOPLE.items():
        user = get_user_model().objects.create_user(username, password=password)
        if role:
            organization = Organization.objects.get(kind=org[0], name=org[1])
            Membership.objects.create(
                user=user,
                edition=edition,
                organization=organization,
                role=role,
                event=event if on_event else None,
            )
        users[username] = user
    return users


def entry(edition, delegation_name: str, name: str, birth: dt.date, *, approved=True):
    """An eligible student entry of the pairs event, submitted and (by default) approved."""
    from zhenxing.orgs.audit import SYSTEM
    from zhenxing.orgs.models import Organization
    from zhenxing.registration import services
    from zhenxing.registration.demo import id_number

    organization = Organization.objects.get(kind="league_city", name=delegation_name)
    delegation = services.delegation_of(edition, organization, actor=SYSTEM)
    data = services.EntryData(
        name=name,
        occupation=PAIRS,
        group="student",
        birth_date=birth,
        gender="男",
        id_number=id_number("340104", birth, True, random.Random(sum(map(ord, name)))),
        phone="13800000000",
        employer=SCHOOLS[delegation_name],  # not the host's college: no judge need step aside
        full_time_student=True,
        school_enrolled_on=dt.date(2023, 9, 1),
        school_province="34",
    )
    made, _ = services.save_entry(delegation, data, actor=SYSTEM)
    services.submit(delegation, actor=SYSTEM, only=[made])
    made.refresh_from_db()
    if approved:
        services.approve(made, actor=SYSTEM)
        made.refresh_from_db()
    return made


def team(edition, name: str, delegation_name: str, members: list):
    """A team of the pairs event with `members` (entries) in it, formed by registration's
    service as the platform itself (a team of one is allowed while it is being formed)."""
    from zhenxing.orgs.audit import SYSTEM
    from zhenxing.registration.teams import save_team

    first = members[0]
    made, _ = save_team(first.delegation, first.event, name, [m.pk for m in members], actor=SYSTEM)
    return made


def make_teams(edition) -> list:
    teams = []
    for name, delegation_name, members in TEAMS:
        entries = [entry(edition, delegation_name, who, birth) for who, birth in members]
        teams.append(team(edition, name, delegation_name, entries))
    return teams


def drawn_final(edition, people):
    """The pairs event's final: scheme saved, numbers drawn."""
    from zhenxing.judging.anonymity import draw_numbers
    from zhenxing.judging.locking import final_of
    from zhenxing.judging.schemes import save_scheme

    final = final_of(pairs_event(edition))
    save_scheme(final, SCHEME, actor=actor(people["ah_host"]))
    draw_numbers(final, actor=actor(people["ah_encryption"]))
    final.refresh_from_db()
    return final


def score(final, people, teams) -> None:
    """Every judge marks each team directly (tablets); the host enters theory scores."""
    from zhenxing.judging.theory import save_theory

    judges = [people[name] for name in ("ah_judge", "ah_judge2", "ah_judge3")]
    for made, marks in zip(teams, MARKS, strict=True):
        competitor = final.competitors.get(team=made)
        save_theory(final, {competitor.number: ("90", "80")}, actor=actor(people["ah_host"]))
        mark_by_judges(final, competitor, judges, marks)


def to_final_results(final, people, days_ago: int = 10) -> None:
    """Locked, decrypted, re-checked, published, its publication period over."""
    from django.utils import timezone

    from zhenxing.judging.anonymity import (
        confirm_decryption,
        next_layer,
        request_decryption,
        set_final_settings,
    )
    from zhenxing.judging.lock import lock
    from zhenxing.results.publication import publish
    from zhenxing.results.recheck import record_recheck, start_recheck

    ended = timezone.now() - dt.timedelta(days=days_ago)
    set_final_settings(final, final.judged_by, ended, actor=actor(people["ah_host"]))
    lock(final, actor=actor(people["ah_chief"]))
    final.refresh_from_db()
    while next_layer(final):
        step = request_decryption(final, actor=actor(people["ah_encryption"]))
        confirm_decryption(step, actor=actor(people["ah_supervisor"]))
        final.refresh_from_db()
    record = start_recheck(final, actor=actor(people["ah_supervisor"]))
    for item in record.items.all():
        record_recheck(item, True, "", actor=actor(people["ah_supervisor"]))
    final.refresh_from_db()
    publish(final, actor=actor(people["ah_office"]), at=ended + dt.timedelta(hours=3))
    final.refresh_from_db()


def approved_awards(final, people) -> list:
    """The office has the rules core propose the awards; HRSS approves the certificates."""
    from zhenxing.awards import approvals, proposals
    from zhenxing.awards.models import Award

    occupation = final.event.occupation
    occupation.certificate = "qualification"  # HRSS's setting of the occupation
    occupation.save(update_fields=["certificate"])
    proposals.propose(final, actor=actor(people["ah_office"]))
    for approver, who in (("HRSS", "ah_hrss"), ("YL", "ah_office")):
        waiting = Award.objects.filter(final=final, status=Award.Status.PROPOSED)
        waiting = list(waiting.filter(approver=approver))
        if waiting:
            approvals.decide(waiting, True, "", actor=actor(people[who]))
    return list(Award.objects.filter(final=final).select_related("entry__person"))


def finished(edition, people):
    """The pairs final from the draw to approved awards: (final, teams, awards)."""
    teams = make_teams(edition)
    final = drawn_final(edition, people)
    score(final, people, teams)
    to_final_results(final, people)
    return final, teams, approved_awards(final, people)
