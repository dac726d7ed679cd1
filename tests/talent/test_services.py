"""The talent database's writes: adding people with registration's identity checks, importing
all-or-nothing, follow-up by the person's organization, consent and erasure; each service
refuses without its permission code and every write is audited."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.support import actor
from zhenxing.orgs.models import AuditEntry
from zhenxing.registration.models import Person
from zhenxing.rules import talent as checks
from zhenxing.talent import people, services
from zhenxing.talent.models import Consent, Erasure, FollowUp, Keeping

from .conftest import org, person_input

pytestmark = pytest.mark.django_db


def _stage(value, day):
    return checks.FollowUpData("stage", value, day)


def test_a_registrar_adds_a_person_and_it_is_audited_with_the_id_masked(edition, personas, added):
    person = added("周强")
    assert Keeping.objects.get(person=person).organization == org()
    assert people.has_person(org(), person) and not people.has_person(org("包头市"), person)
    entry = AuditEntry.objects.get(action="talent.person.added")
    assert person.document_number not in str(entry.changes)
    assert "********" in entry.changes["document_number"][1]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"document_number": "BAD"}, "应为 18 位"),
        ({"document_number": "150102199604021X34"}, "前 17 位应为数字"),
        ({"birth_date": dt.date(1996, 4, 3)}, "出生日期与填写的 1996-04-03 不一致"),
        ({"gender": "女"}, "表示男性"),
        ({"name": ""}, "请填写姓名"),
        ({"name": "张\u202e伟"}, "改变文字显示方向"),
        ({"phone": "call me"}, "不是电话号码"),
        ({"birth_date": None}, "请填写出生日期"),
    ],
)
def test_adding_refuses_what_registration_refuses(edition, personas, changes, message):
    data = person_input(**changes)
    with pytest.raises(services.TalentError, match=message):
        services.add_person(edition, org(), data, actor=actor(personas["alice"]))
    assert not Keeping.objects.exists()


def test_another_name_under_a_known_id_is_refused_and_a_second_add_is_said(
    edition, personas, added
):
    person = added("周强")
    data = person_input("周强", document_number=person.document_number)
    with pytest.raises(services.TalentError, match="无需重复添加"):
        services.add_person(edition, org(), data, actor=actor(personas["alice"]))
    other = person_input("吴刚", document_number=person.document_number)
    with pytest.raises(services.TalentError, match="不一致"):
        services.add_person(edition, org("包头市"), other, actor=actor(personas["bob"]))
    # the same person, named as they are, may be kept by a second organization
    services.add_person(edition, org("包头市"), data, actor=actor(personas["bob"]))
    assert Keeping.objects.filter(person=person).count() == 2


@pytest.mark.parametrize("persona", ["office", "hrss", "host", "judge", "charlie", "bob"])
def test_adding_to_an_organization_needs_its_talent_keep_code(edition, personas, persona):
    with pytest.raises(PermissionDenied):
        services.add_person(edition, org(), person_input(), actor=actor(personas[persona]))


def test_an_import_with_one_bad_row_writes_nothing_and_names_the_rows(edition, personas):
    good = person_input("周强")
    rows = [
        (2, good),
        (3, person_input("钱敏", male=False, document_number="15010219960402")),
        (4, person_input("周强")),
    ]
    with pytest.raises(services.ImportRefused) as refused:
        services.import_people(edition, org(), rows, actor=actor(personas["alice"]))
    numbers = [number for number, _ in refused.value.errors]
    assert numbers == [3, 4]
    assert "第 2 行" in refused.value.errors[1][1]
    assert not Person.objects.filter(name="周强").exists() and not Keeping.objects.exists()
    added, kept = services.import_people(
        edition,
        org(),
        [(2, good), (3, person_input("钱敏", male=False))],
        actor=actor(personas["alice"]),
    )
    assert (added, kept) == (2, 0)
    assert AuditEntry.objects.filter(action="talent.people.imported").count() == 1


def test_follow_up_is_recorded_by_the_persons_organization_only(edition, personas, added):
    person = added("周强")
    alice = actor(personas["alice"])
    services.record_follow_up(
        person, org(), _stage("entry", dt.date(2020, 9, 1)), actor=alice, edition=edition
    )
    services.record_follow_up(
        person, org(), _stage("growth", dt.date(2021, 3, 1)), actor=alice, edition=edition
    )
    record = people.record_of(person)
    assert people.current_stage(record.follow_ups).value == "growth"
    with pytest.raises(PermissionDenied):
        services.record_follow_up(
            person,
            org(),
            _stage("mature", dt.date(2021, 3, 1)),
            actor=actor(personas["office"]),
            edition=edition,
        )
    with pytest.raises(services.TalentError, match="不是本单位"):
        services.record_follow_up(
            person,
            org("包头市"),
            _stage("mature", dt.date(2021, 3, 1)),
            actor=actor(personas["bob"]),
            edition=edition,
        )
    assert AuditEntry.objects.filter(action="talent.follow_up.added").count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (checks.FollowUpData("activity", "other", dt.date(2020, 9, 1)), "请填写活动名称"),
        (
            checks.FollowUpData("recommendation", "title", dt.date(2020, 9, 1), "全国技术能手"),
            "推荐理由",
        ),
        (checks.FollowUpData("service", "nonsense", dt.date(2020, 9, 1)), "从列表中选择"),
        (checks.FollowUpData("stage", "entry", dt.date(2999, 1, 1)), "晚于今天"),
    ],
)
def test_a_follow_up_record_missing_what_it_needs_is_refused(
    edition, personas, added, data, message
):
    person = added("周强")
    with pytest.raises(services.TalentError, match=message):
        services.record_follow_up(
            person, org(), data, actor=actor(personas["alice"]), edition=edition
        )
    assert not FollowUp.objects.exists()


def test_erasure_removes_the_personal_data_and_keeps_what_results_need(edition, personas, added):
    person = added("周强")
    number = person.document_number
    alice = actor(personas["alice"])
    services.record_follow_up(
        person, org(), _stage("entry", dt.date(2020, 9, 1)), actor=alice, edition=edition
    )
    services.record_consent(
        person,
        org(),
        "跟踪服务与推荐",
        dt.date(2020, 9, 1),
        "written",
        actor=alice,
        edition=edition,
    )
    with pytest.raises(PermissionDenied):
        services.erase(person, "本人申请", actor=alice, edition=edition)
    with pytest.raises(services.TalentError, match="删除依据"):
        services.erase(person, " ", actor=actor(personas["office"]), edition=edition)
    services.erase(
        person, "本人 2021-01-05 书面申请", actor=actor(personas["office"]), edition=edition
    )
    person.refresh_from_db()
    assert person.name == "周强" and person.birth_date == dt.date(1996, 1, 1)
    assert person.phone == "" and person.gender == "" and number not in person.document_number
    assert not FollowUp.objects.exists() and not Consent.objects.exists()
    assert Erasure.objects.get(person=person).reason.startswith("本人")
    assert people.has_person(org(), person)  # still the organization's, by name
    found = people.search(people.everyone(), people.Filters(text=number), dt.date(2021, 1, 6))
    assert not found.exists()
    entry = AuditEntry.objects.get(action="talent.person.erased")
    assert entry.reason.startswith("本人") and number not in str(entry.changes)
    with pytest.raises(services.TalentError, match="已应本人要求删除"):
        services.record_follow_up(
            person, org(), _stage("growth", dt.date(2021, 1, 1)), actor=alice, edition=edition
        )


def test_erasure_keeps_a_finalists_published_rank_and_awards(finished, edition):
    from zhenxing.awards import approvals, proposals
    from zhenxing.awards.models import Award

    office = actor(finished.people["office"])
    proposals.propose(finished, actor=office)
    for approver in ("HRSS", "YL"):
        who = finished.people["hrss" if approver == "HRSS" else "office"]
        waiting = Award.objects.filter(final=finished, approver=approver, status="proposed")
        approvals.decide(list(waiting), True, "", actor=actor(who))
    person = Person.objects.get(name="李娜")
    before = people.record_of(person)
    assert before.ranks[0].rank == 1 and before.awards
    services.erase(person, "本人申请", actor=office, edition=edition)
    after = people.record_of(person)
    assert after.ranks[0].rank == 1 and len(after.awards) == len(before.awards)
    assert (
        after.entries[0].employer == ""
        and after.entries[0].delegation.organization.name == "呼和浩特市"
    )


def test_consent_needs_a_purpose_a_date_and_a_means(edition, personas, added):
    person = added("周强")
    with pytest.raises(services.TalentError, match="处理目的"):
        services.record_consent(
            person, org(), "", None, "telepathy", actor=actor(personas["alice"]), edition=edition
        )


def test_a_full_view_and_a_full_export_need_person_view_full(edition, personas, added):
    person = added("周强")
    with pytest.raises(PermissionDenied):
        services.record_full_view(
            person, actor=actor(personas["judge"]), edition=edition, organization=None, where="x"
        )
    with pytest.raises(PermissionDenied):
        services.record_full_export(3, actor=actor(personas["host"]), edition=edition)
    services.record_full_view(
        person, actor=actor(personas["alice"]), edition=edition, organization=org(), where="人员页"
    )
    assert AuditEntry.objects.filter(action="talent.person.viewed").count() == 1
