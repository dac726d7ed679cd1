"""Awards proposed by the rules core from final results, approved by their bodies, withdrawn and
proposed again when the results change."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.support import actor
from zhenxing.awards import approvals, proposals, verification
from zhenxing.awards.kinds import set_certificate_kind
from zhenxing.awards.models import Award
from zhenxing.judging.lock import propose_correction, witness
from zhenxing.judging.locking import ScoringError
from zhenxing.judging.models import Mark
from zhenxing.orgs.models import AuditEntry
from zhenxing.registration.models import Entry, Person

pytestmark = pytest.mark.django_db


def _by(final, name, award):
    return Award.objects.get(
        final=final,
        competitor__entry__person__name=name,
        name=award,
        status__in=["proposed", "approved", "review", "not_due", "rejected"],
    )


def test_awards_wait_for_final_results(final, numbers):
    from tests.support import finish

    finish(final, numbers, days_ago=1)  # published yesterday: the 5-day period is not over
    with pytest.raises(ScoringError, match="成绩尚未最终确定"):
        proposals.propose(final, actor=actor(final.people["office"]))
    assert not Award.objects.exists()


def test_titles_for_the_top_three_workers_each_with_its_reasons(finished):
    people = finished.people
    made, withdrawn = proposals.propose(finished, actor=actor(people["office"]))
    assert (made, withdrawn) == (6, 0)
    awards = Award.objects.filter(final=finished).order_by("rank", "name")
    assert [(a.rank, a.name, a.approver) for a in awards] == [
        (1, "全区技术能手", "HRSS"),
        (1, "全区青年岗位能手", "YL"),
        (2, "全区技术能手", "HRSS"),
        (2, "全区青年岗位能手", "YL"),
        (3, "全区技术能手", "HRSS"),
        (3, "全区青年岗位能手", "YL"),
    ]
    first = awards.first()
    assert first.status == "proposed" and first.competitor.entry.person.name == "李娜"
    assert first.reasons == [
        {
            "code": "TITLE_PROPOSED",
            "clause": "§A2.三.1",
            "message": "第1名，拟授予“全区技术能手”，待人力资源和社会保障厅核准",
        }
    ]
    assert AuditEntry.objects.filter(action="awards.award.proposed").count() == 1
    assert proposals.propose(finished, actor=actor(people["office"])) == (0, 0)  # no change


def test_a_title_the_contestant_is_too_old_for_is_listed_not_given(finished):
    Person.objects.filter(name="王芳").update(birth_date=dt.date(1984, 6, 30))
    proposals.propose(finished, actor=actor(finished.people["office"]))
    young = _by(finished, "王芳", "全区青年岗位能手")
    assert young.status == "not_due"
    assert young.reasons[0]["code"] == "TITLE_NOT_DUE"
    assert "1985-07-01或以后出生" in young.reasons[0]["message"]
    assert _by(finished, "王芳", "全区技术能手").status == "proposed"


def test_certificates_follow_the_occupation_hrss_confirms(finished):
    people = finished.people
    occupation = finished.event.occupation
    liu = Entry.objects.get(person__name="李娜")
    issued = (proposals.award_date_of(finished) - dt.timedelta(days=800)).isoformat()
    liu.qualifications = [{"occupation": "数控车工", "level": 2, "issued_on": issued}]
    liu.save()
    zhao = Entry.objects.get(person__name="赵敏")
    zhao.qualifications = [{"occupation": "数控车工", "level": 1, "issued_on": issued}]
    zhao.save()
    proposals.propose(finished, actor=actor(people["office"]))
    assert not Award.objects.filter(kind="certificate").exists()  # every occupation: none

    with pytest.raises(PermissionDenied):
        set_certificate_kind(occupation, "qualification", True, actor=actor(people["office"]))
    set_certificate_kind(occupation, "qualification", True, actor=actor(people["hrss"]))

    promoted = _by(finished, "李娜", "国家职业资格一级证书")
    assert promoted.promoted and promoted.level == 1 and promoted.status == "proposed"
    assert _by(finished, "王芳", "国家职业资格二级证书").status == "proposed"
    review = Award.objects.get(competitor__entry=zhao, kind="certificate")
    assert review.status == "review" and review.reasons[0]["code"] == "ALREADY_HOLDS_LEVEL"
    assert _by(finished, "孙丽", "国家职业资格三级证书").level == 3

    with pytest.raises(ScoringError, match="写明理由"):
        approvals.close_review(review, "  ", actor=actor(people["hrss"]))
    approvals.close_review(review, "已持一级，不再颁发", actor=actor(people["hrss"]))
    assert Award.objects.get(pk=review.pk).status == "reviewed"


def test_each_award_is_approved_by_the_body_the_rulebook_names(finished):
    people = finished.people
    proposals.propose(finished, actor=actor(people["office"]))
    skilled = list(Award.objects.filter(final=finished, approver="HRSS"))
    league = list(Award.objects.filter(final=finished, approver="YL"))
    for persona in ("office", "host", "judge", "alice", "charlie"):
        with pytest.raises(PermissionDenied):
            approvals.decide(skilled[:1], True, "", actor=actor(people[persona]))
    with pytest.raises(PermissionDenied):
        approvals.decide(league[:1], True, "", actor=actor(people["hrss"]))
    with pytest.raises(ScoringError, match="写明理由"):
        approvals.decide(skilled[:1], False, "", actor=actor(people["hrss"]))

    assert approvals.decide(skilled, True, "", actor=actor(people["hrss"])) == 3
    approvals.decide(league[:1], False, "不符合推荐条件", actor=actor(people["office"]))
    with pytest.raises(ScoringError, match="已不在待核准状态"):
        approvals.decide(skilled[:1], True, "", actor=actor(people["hrss"]))

    approved = Award.objects.filter(status="approved")
    assert approved.count() == 3
    assert all(
        a.serial and a.serial.startswith("ZX-") and a.decided_by == people["hrss"] for a in approved
    )
    rejected = Award.objects.get(status="rejected")
    assert rejected.note == "不符合推荐条件" and rejected.decided_by == people["office"]
    logged = AuditEntry.objects.filter(action="awards.award.approved", actor_name="hrss")
    assert logged.count() == 3


def _swap_first_two(final):
    """A correction after publication: 李娜's A3 marks drop to 2, so 王芳 comes first and 李娜
    second."""
    people = final.people
    li = final.competitors.get(entry__person__name="李娜")
    for judge in ("judge", "judge2", "judge3"):
        mark = Mark.objects.get(competitor=li, aspect_key="A3", slot=str(people[judge].pk))
        correction = propose_correction(mark, "2", "复核发现录入错误", actor=actor(people["chief"]))
        witness(correction, True, actor=actor(people["supervisor"]))


def test_a_changed_result_withdraws_its_awards_with_the_reason_and_proposes_them_again(finished):
    people = finished.people
    proposals.propose(finished, actor=actor(people["office"]))
    skilled = list(Award.objects.filter(final=finished, approver="HRSS"))
    approvals.decide(skilled, True, "", actor=actor(people["hrss"]))
    first = _by(finished, "李娜", "全区技术能手")
    serial = first.serial

    _swap_first_two(finished)

    first.refresh_from_db()
    assert first.status == "withdrawn" and first.revoked_at is not None
    assert first.withdrawn_reason.startswith("成绩变更：名次 1 → 2，总分 ")
    again = _by(finished, "李娜", "全区技术能手")
    assert again.status == "proposed" and again.rank == 2 and again.pk != first.pk
    assert _by(finished, "王芳", "全区技术能手").rank == 1
    answer = verification.lookup(serial, "李娜")
    assert answer.state == "revoked" and "撤销" in answer.message
    logged = AuditEntry.objects.filter(action="awards.award.withdrawn", object_id=str(first.pk))
    assert logged.get().reason == first.withdrawn_reason


def test_an_event_without_proposals_is_left_alone_when_results_change(finished):
    _swap_first_two(finished)
    assert not Award.objects.exists()
