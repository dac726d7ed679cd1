"""Layered draws, conflicts of interest, decryption, re-check, publication and appeals."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.support import actor, score_all
from zhenxing.judging.anonymity import (
    confirm_decryption,
    draw_layer,
    draw_numbers,
    next_layer,
    replay,
    request_decryption,
    set_final_settings,
)
from zhenxing.judging.lock import lock as lock_final
from zhenxing.judging.locking import ScoringError
from zhenxing.judging.marks import save_sheet
from zhenxing.judging.models import Competitor, Final
from zhenxing.judging.panel import check_new_judge
from zhenxing.judging.theory import save_theory
from zhenxing.orgs.models import AuditEntry, Membership, Organization
from zhenxing.results.appeals import decide_appeal, lodge_appeal
from zhenxing.results.models import Appeal
from zhenxing.results.publication import publish
from zhenxing.results.publication import state as result_state
from zhenxing.results.recheck import record_recheck, start_recheck
from zhenxing.rules import draws

pytestmark = pytest.mark.django_db
BEIJING = ZoneInfo("Asia/Shanghai")


def _as(final, name):
    return actor(final.people[name])


def _scored_and_locked(final, numbers):
    marks = {
        "李娜": ("1", "0", [3, 3, 3]),
        "王芳": ("1", "2", [2, 2, 3]),
        "赵敏": ("0", "0", [2, 2, 2]),
        "孙丽": ("1", "5", [1, 1, 2]),
    }
    score_all(final, marks, numbers)
    rows = {number: ("90", "80") for number in numbers.values()}
    save_theory(final, rows, actor=_as(final, "host"))
    lock_final(final, actor=_as(final, "chief"))
    final.refresh_from_db()
    return final


def _decrypt_all(final):
    while next_layer(final):
        step = request_decryption(final, actor=_as(final, "encryption"))
        confirm_decryption(step, actor=_as(final, "supervisor"))
    final.refresh_from_db()


def test_every_draw_replays_from_its_seed(final):
    draw_layer(final, "station", actor=_as(final, "encryption"))
    for record in final.draws.all():
        mapping = replay(record)
        field = {"number": "entry_id", "station": "number"}[record.layer]
        target = {"number": "number", "station": "station"}[record.layer]
        stored = {str(getattr(c, field)): getattr(c, target) for c in final.competitors.all()}
        assert mapping == stored
    stations = sorted(final.competitors.values_list("station", flat=True))
    assert stations == ["G001", "G002", "G003", "G004"]


def test_judges_see_only_the_layer_they_judge_by(final, numbers):
    draw_layer(final, "station", actor=_as(final, "encryption"))
    set_final_settings(final, "station", None, actor=_as(final, "host"))
    final.refresh_from_db()
    competitor = final.competitors.get(number=numbers["李娜"])
    assert str(competitor) == f"工位号 {competitor.station}"
    assert competitor.code.startswith("G") and "参赛号" not in str(competitor)


def test_a_judge_of_a_finalists_organization_is_refused(final, numbers):
    hohhot = "呼和浩特市"
    newcomer = get_user_model().objects.create(username="judge4")
    with pytest.raises(ScoringError, match="不得为其评分"):
        check_new_judge(final, newcomer, hohhot)
    judge = final.people["judge3"]
    Membership.objects.filter(user=judge).update(
        organization=Organization.objects.get(kind="league_city", name=hohhot)
    )
    with pytest.raises(ScoringError, match="不得为其评分"):
        draw_layer(final, "station", actor=_as(final, "encryption"))
    with pytest.raises(ScoringError, match="回避"):
        competitor = final.competitors.get(number=numbers["李娜"])
        save_sheet(final, competitor, judge, {"A3": "2"}, {}, actor=actor(judge), paper=False)
    with pytest.raises(ScoringError, match="不得为其评分"):
        draw_numbers(final, actor=_as(final, "encryption"))
    assert final.competitors.count() == 4  # the refused redraw changed nothing


def test_a_finalists_registrar_is_refused_whatever_unit_the_appointment_names(final, numbers):
    from zhenxing.orgs.models import Role

    hohhot = Organization.objects.get(kind="league_city", name="呼和浩特市")
    registrar = get_user_model().objects.create(username="hohhot-registrar")
    Membership.objects.create(
        user=registrar, edition=final.event.edition, organization=hohhot, role=Role.REGISTRAR
    )
    with pytest.raises(ScoringError, match="不得为其评分"):
        check_new_judge(final, registrar, final.event.host_unit.name)


def test_a_judge_of_a_finalists_employer_is_refused_too(final, numbers):
    from zhenxing.registration.models import Entry

    employer = Organization.objects.create(kind="enterprise", name="包钢（集团）公司")
    competitor = final.competitors.get(number=numbers["李娜"])
    Entry.objects.filter(pk=competitor.entry_id).update(employer="包钢(集团)公司")
    with pytest.raises(ScoringError, match="不得为其评分"):
        check_new_judge(final, get_user_model().objects.create(username="j4"), employer.name)
    judge = final.people["judge3"]
    Membership.objects.filter(user=judge).update(organization=employer)
    with pytest.raises(ScoringError, match="回避"):
        save_sheet(final, competitor, judge, {"A3": "2"}, {}, actor=actor(judge), paper=False)
    other = final.competitors.get(number=numbers["王芳"])  # not of that employer: scored
    save_sheet(final, other, judge, {"A3": "2"}, {}, actor=actor(judge), paper=False)


def test_decryption_needs_the_lock_a_supervisor_and_goes_in_reverse(final, numbers):
    draw_layer(final, "station", actor=_as(final, "encryption"))
    with pytest.raises(ScoringError, match="锁定"):
        request_decryption(final, actor=_as(final, "encryption"))
    _scored_and_locked(final, numbers)
    step = request_decryption(final, actor=_as(final, "encryption"))
    assert step.layer == "station"
    with pytest.raises(PermissionDenied):
        confirm_decryption(step, actor=_as(final, "encryption"))
    with pytest.raises(ScoringError, match="尚待监督确认"):
        request_decryption(final, actor=_as(final, "encryption"))
    confirm_decryption(step, actor=_as(final, "supervisor"))
    assert Final.objects.get(pk=final.pk).decrypted_at is None
    step = request_decryption(final, actor=_as(final, "encryption"))
    assert step.layer == "number"
    confirm_decryption(step, actor=_as(final, "supervisor"))
    assert Final.objects.get(pk=final.pk).decrypted_at is not None


def test_publication_waits_for_decryption_and_recheck(final, numbers):
    _scored_and_locked(final, numbers)
    with pytest.raises(ScoringError) as refused:
        publish(final, actor=_as(final, "office"))
    assert any("解密" in m for m in refused.value.messages)
    _decrypt_all(final)
    record = start_recheck(final, actor=_as(final, "supervisor"))
    assert record.items.filter(kind="top").count() == 4  # all four are within the top 10
    assert record.items.filter(kind="sample").count() == 0
    first = record.items.first()
    with pytest.raises(ScoringError, match="写明"):
        record_recheck(first, False, "", actor=_as(final, "supervisor"))
    for item in record.items.all():
        record_recheck(item, True, "", actor=_as(final, "supervisor"))
    publish(final, actor=_as(final, "office"))
    assert Final.objects.get(pk=final.pk).published_at is not None


def test_recheck_sample_is_replayable_and_errors_widen_it(final, numbers, edition, entry_of):
    from zhenxing.registration.models import Entry

    for index in range(14):
        entry_of(
            "B",
            name=f"选手{chr(0x4E00 + index)}",
            birth=dt.date(1995, 1, 1 + index),
            status=Entry.Status.APPROVED,
        )
    draw_numbers(final, actor=_as(final, "encryption"))
    final.refresh_from_db()
    names = {
        c.entry.person.name: c.number for c in final.competitors.select_related("entry__person")
    }
    score_all(
        final, {name: ("1", str(i % 7), [2, 2, 2 + (i % 2)]) for i, name in enumerate(names)}, names
    )
    save_theory(final, {n: ("90", "80") for n in names.values()}, actor=_as(final, "host"))
    lock_final(final, actor=_as(final, "chief"))
    record = start_recheck(final, actor=_as(final, "supervisor"))
    sample = list(record.items.filter(kind="sample").values_list("competitor_id", flat=True))
    rest = [
        i
        for i in record.ranked
        if int(i)
        not in set(record.items.filter(kind="top").values_list("competitor_id", flat=True))
    ]
    assert len(sample) == 2  # 15% of the 8 below the top 10, rounded up
    replayed = draws.replay(rest, record.seed)
    assert sorted(int(i) for i, label in replayed.items() if int(label) <= 2) == sorted(sample)
    for item in record.items.filter(kind="sample"):
        record_recheck(item, False, "A2 扣分录错", actor=_as(final, "supervisor"))
    record.refresh_from_db()
    assert record.all_required
    assert record.items.count() == len(record.ranked)


def test_appeal_window_edges_and_finality(final, numbers, settings):
    ends = dt.datetime(2020, 9, 18, 14, 0, tzinfo=BEIJING)
    set_final_settings(final, "number", ends, actor=_as(final, "host"))
    final.refresh_from_db()
    arbiter = _as(final, "arbitrator")  # appeals are registered by the arbitration group
    at_close = ends + dt.timedelta(hours=2)
    appeal = lodge_appeal(final, "呼和浩特市领队", at_close, "A3 评分偏低", actor=arbiter)
    late = lodge_appeal(
        final, "包头市领队", at_close + dt.timedelta(seconds=1), "迟交", actor=arbiter
    )
    assert late.decision == "late" and "超过时限，不予受理" in late.decision_text  # recorded
    assert AuditEntry.objects.filter(action="results.appeal.late", object_id=str(late.pk)).exists()
    with pytest.raises(ScoringError, match="申诉内容最多 2000 个字，现有 2001 个"):
        lodge_appeal(final, "包头市领队", at_close, "长" * 2001, actor=arbiter)
    with pytest.raises(ScoringError, match="申诉在比赛结束后才能递交"):
        lodge_appeal(final, "包头市领队", ends - dt.timedelta(minutes=1), "早交", actor=arbiter)
    published = dt.datetime(2020, 9, 20, 15, 0, tzinfo=BEIJING)
    Final.objects.filter(pk=final.pk).update(published_at=published)
    final.refresh_from_db()
    period_over = dt.datetime(2020, 9, 26, 0, 0, tzinfo=BEIJING)  # 5 days: 09-25 24:00
    assert result_state(final, period_over - dt.timedelta(seconds=1))[0] == "provisional"
    state, reasons = result_state(final, period_over)
    assert state == "provisional" and reasons[0].code == "APPEAL_PENDING"
    decide_appeal(appeal, False, "经查评分无误", actor=_as(final, "arbitrator"))
    assert Appeal.objects.get(pk=appeal.pk).decision == "dismissed"
    assert result_state(final, period_over)[0] == "final"


def test_competitor_string_never_names_the_person(final):
    for competitor in Competitor.objects.filter(final=final):
        assert competitor.entry.person.name not in str(competitor)


def test_an_event_cannot_end_before_its_edition_begins(final):
    long_ago = dt.datetime(1900, 1, 1, 12, 0, tzinfo=BEIJING)
    with pytest.raises(ScoringError, match="比赛结束时间早于本届大赛开始（2020年9月1日）"):
        set_final_settings(final, "number", long_ago, actor=_as(final, "host"))
    far = dt.datetime(9999, 1, 1, 12, 0, tzinfo=BEIJING)
    with pytest.raises(ScoringError, match="比赛结束时间在一年以后"):
        set_final_settings(final, "number", far, actor=_as(final, "host"))
    final.refresh_from_db()
    assert final.ends_at is None


def test_before_the_draw_the_panel_page_refuses_a_conflicting_judge_and_says_with_whom(
    login, entry_of, cnc
):
    from zhenxing.registration.models import Entry

    entry_of("A", status=Entry.Status.APPROVED)  # 呼和浩特市's contestant; no number drawn yet
    newcomer = get_user_model().objects.create(username="judge4", first_name="新裁判")
    hohhot = Organization.objects.get(kind="league_city", name="呼和浩特市")
    page = f"/office/2020-nmg/events/{cnc.pk}/final/panel/"
    host = login("host")
    data = {"username": "judge4", "role": "judge", "organization": hohhot.pk}
    response = host.post(page, data, follow=True)
    text = response.content.decode()
    assert "新裁判（judge4） 与选手 呼和浩特市代表队（报名 1 人） 同属“呼和浩特市”" in text
    assert not Membership.objects.filter(user=newcomer).exists()
    # a panel appointed before an entry was approved: the page says who now conflicts
    host_unit = cnc.host_unit
    host.post(page, data | {"organization": host_unit.pk})
    Membership.objects.filter(user=newcomer).update(organization=hohhot)
    shown = host.get(page).content.decode()
    assert 'id="conflicts"' in shown and "新裁判（judge4）" in shown


def test_an_appeal_without_a_recorded_end_takes_the_end_from_the_arbitration_group(
    final, numbers, client
):
    arbitrator = final.people["arbitrator"]
    client.force_login(arbitrator, backend="django.contrib.auth.backends.ModelBackend")
    page = f"/office/2020-nmg/events/{final.event.pk}/final/appeals/"
    assert 'name="ends_at"' in client.get(page).content.decode()
    data = {"appellant": "包头市领队", "content": "A3 评分偏低", "lodged_at": "2020-09-18T15:00"}
    refused = client.post(page, data, follow=True).content.decode()
    assert "比赛结束时间尚未登记：请填写比赛结束时间" in refused
    assert not Appeal.objects.exists()
    client.post(page, data | {"ends_at": "2020-09-18T14:00"}, follow=True)
    final.refresh_from_db()
    assert timezone.localtime(final.ends_at).strftime("%m-%d %H:%M") == "09-18 14:00"
    assert Appeal.objects.get().decision == "open"
    late = client.post(page, data | {"lodged_at": "2020-09-18T16:01"}, follow=True)
    assert "已登记为“逾期，不予受理”" in late.content.decode()
    assert list(Appeal.objects.values_list("decision", flat=True).order_by("pk")) == [
        "open",
        "late",
    ]
    assert AuditEntry.objects.filter(action="results.final.end_recorded").count() == 1
