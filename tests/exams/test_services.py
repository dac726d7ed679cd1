"""The exam's services end to end: bank import, blueprint checks, seeded draws, the seal,
sitting, saving answers (resent, late, out of order), time-up, grading and the theory scores."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tests.exams.conftest import ROWS, bank_rows, sheet
from tests.support import actor
from zhenxing.exams import access, banks, grading, papers, sheets, sittings
from zhenxing.exams.models import Answer, Kind, Paper, Part, Question

pytestmark = pytest.mark.django_db


def test_import_reads_keys_as_officials_write_them(final):
    rows = sheets.read(
        sheet(
            [
                [
                    "多选题",
                    "选出正确项",
                    "甲",
                    "乙",
                    "丙",
                    "丁",
                    "",
                    "A、b, D",
                    "",
                    "中",
                    "A-1 x",
                    "2",
                    "",
                ],
                ["判断题", "对不对", "", "", "", "", "", "√", "", "", "", "1", ""],
                ["填空题", "两空", "", "", "", "", "", "甲 ；乙", "", "", "", "2", ""],
            ]
        )
    )
    kept = [row for _, row in rows]
    assert [q.key for q in kept] == ["ABD", "T", "甲|乙"]
    assert kept[0].difficulty == 3 and kept[0].area == "A" and kept[0].point_name == "x"


def test_a_bad_row_stops_the_whole_import_and_says_which(final):
    bank = access.part_bank(final.event.edition, final.event, Part.KNOWLEDGE)
    rows = sheets.read(
        sheet(
            [
                ["单选题", "好题", "甲", "乙", "", "", "", "B", "", "", "", "1", ""],
                ["单选题", "答案不在选项中", "甲", "乙", "", "", "", "E", "", "", "", "1", ""],
                ["判断题", "不知对错", "", "", "", "", "", "也许", "", "", "", "1", ""],
            ]
        )
    )
    with pytest.raises(banks.ImportRefused) as refused:
        banks.import_questions(bank, rows, actor=actor(final.people["host"]))
    numbers = [n for n, _ in refused.value.errors]
    assert numbers == [3, 4]
    assert "不在已填写的选项" in refused.value.errors[0][1]
    assert Question.objects.filter(bank=bank).count() == 0


def test_a_sheet_without_the_headers_is_refused_with_what_is_missing():
    with pytest.raises(sheets.SheetError, match="缺少：选项B、答案、解析、难度、鉴定点、分值。"):
        sheets.read(sheet([["单选题"]], header=["题型", "题干", "选项A"]))


def test_only_the_committee_office_keeps_the_current_affairs_bank(final):
    affairs = access.part_bank(final.event.edition, None, Part.CURRENT_AFFAIRS)
    rows = sheets.read(sheet(bank_rows(2, 0, 0)))
    with pytest.raises(PermissionDenied):
        banks.import_questions(affairs, rows, actor=actor(final.people["host"]))
    assert banks.import_questions(affairs, rows, actor=actor(final.people["office"])) == 2


def test_blueprint_rows_must_sum_to_full_marks(exam_bank, final):
    rows, _ = papers.parse_rows("A，单选题，任意，5，2")
    data = {"name": "x", "part": "knowledge", "full_marks": Decimal(30)}
    with pytest.raises(papers.PaperError) as refused:
        papers.save_blueprint(final.event, None, data, rows, actor=actor(final.people["host"]))
    assert "30" in str(refused.value) and "10" in str(refused.value)


def test_the_fill_check_says_which_row_the_bank_cannot_fill(blueprint):
    blueprint.rows = blueprint.rows + [{"scope": "D", "kind": "single", "difficulty": None,
                                        "count": 1, "points": "1"}]  # fmt: skip
    blueprint.full_marks = Decimal(31)
    summed, filled = papers.check(blueprint)
    assert summed.ok and not filled.ok
    assert any("4" in r.message for r in filled.reasons)


def test_typed_rows_are_checked_line_by_line():
    _, problems = papers.parse_rows("A，单选题，任意，5\nB，论述题，9，x，0")
    assert problems[0].startswith("第 1 行应有 5 项")
    assert "论述题" in problems[1] and "难度" in problems[1] and "题数" in problems[1]


def test_the_same_seed_gives_the_same_papers(blueprint, final):
    host = actor(final.people["host"])
    first = papers.draw(blueprint, seed="s", sets=2, max_overlap=Decimal("0.5"), actor=host)
    assert papers.redraw_matches(first)
    ids = [list(p.items.values_list("version_id", flat=True)) for p in first.papers.all()]
    assert len(ids) == 2 and len(ids[0]) == 11
    shared = len(set(ids[0]) & set(ids[1]))
    assert shared / len(ids[0]) <= 0.5
    assert first.papers.get(index=0).label == "正式卷"


def test_editing_a_used_question_makes_a_new_version_the_paper_keeps_the_old(confirmed_draw, final):
    item = confirmed_draw.papers.get(index=0).items.select_related("version__question").first()
    question, old = item.version.question, item.version
    data = banks._input_of(old)
    changed = data.__class__(**{**data.__dict__, "stem": "改过的题干"})
    version = banks.edit_question(question, changed, actor=actor(final.people["host"]))
    item.refresh_from_db()
    assert version.version == 2 and item.version_id == old.pk
    assert item.version.stem != "改过的题干"


def test_a_draw_counts_only_once_another_person_confirms_it(blueprint, final):
    host, people = actor(final.people["host"]), final.people
    record = papers.draw(blueprint, seed="s", sets=2, max_overlap=Decimal("0.5"), actor=host)
    paper = record.papers.get(index=0)
    data = {"starts_at": timezone.now(), "minutes": 60, "short_gap": Decimal(2)}
    with pytest.raises(sittings.ExamError, match="尚未经监督确认"):
        sittings.create_sitting(final, paper, data, actor=host)
    with pytest.raises(PermissionDenied):
        papers.confirm(record, actor=host)  # host staff hold no exam.supervise
    papers.confirm(record, actor=actor(people["supervisor"]))
    assert sittings.create_sitting(final, paper, data, actor=host).attempts.count() == 4


def test_the_paper_is_sealed_until_the_exam_opens(confirmed_draw, final):
    people = final.people
    paper = confirmed_draw.papers.get(index=0)
    assert access.may_read_paper(people["host"], paper)  # the drawer
    for name in ("supervisor", "office", "judge", "chief"):
        assert not access.may_read_paper(people[name], paper), name
    data = {"starts_at": timezone.now() + dt.timedelta(hours=1), "minutes": 60, "short_gap": 2}
    sitting = sittings.create_sitting(final, paper, data, actor=actor(people["host"]))
    assert not access.may_read_paper(people["supervisor"], paper)
    sitting.starts_at = timezone.now() - dt.timedelta(minutes=1)
    sitting.save()
    assert access.may_read_paper(people["supervisor"], Paper.objects.get(pk=paper.pk))


def _sign_in(attempt):
    signed, token = sittings.sign_in(attempt.competitor.number, attempt.code.lower())
    return sittings.attempt_of(signed.pk, token)


def test_a_code_signs_in_once_and_shuffles_per_contestant(sitting):
    attempts = list(sitting.attempts.select_related("competitor"))
    first = _sign_in(attempts[0])
    with pytest.raises(sittings.ExamError, match="已在另一台设备上登录.*监考人员生成新登录码"):
        sittings.sign_in(attempts[0].competitor.number, attempts[0].code)
    attempts[0].refresh_from_db()
    assert attempts[0].second_device_at is not None  # the board shows the try
    assert attempts[0].token == first.token  # the first device is still in
    with pytest.raises(sittings.ExamError):
        sittings.sign_in(attempts[2].competitor.number, attempts[1].code)
    orders = {tuple(a.question_order) for a in attempts}
    assert len(orders) > 1 and sorted(first.question_order) == sorted(attempts[1].question_order)


def test_answers_resent_or_late_never_lose_the_latest(sitting):
    attempt = _sign_in(sitting.attempts.first())
    item = attempt.question_order[0]
    assert sittings.save_answer(attempt, item, "A", 1)
    assert sittings.save_answer(attempt, item, "B", 3)
    assert not sittings.save_answer(attempt, item, "A", 1)  # the dropped request's resend
    assert not sittings.save_answer(attempt, item, "C", 2)  # arrives after a later one
    assert not sittings.save_answer(attempt, item, "B", 3)
    assert Answer.objects.get(attempt=attempt, item_id=item).value == "B"


def test_the_server_closes_the_attempt_at_time_up(sitting):
    attempt = _sign_in(sitting.attempts.first())
    item = attempt.question_order[0]
    late = sittings.closes_at(attempt) + dt.timedelta(seconds=1)
    assert sittings.save_answer(attempt, item, "A", 1, now=late - dt.timedelta(seconds=5))
    with pytest.raises(sittings.ExamError, match="自动提交"):
        sittings.save_answer(attempt, item, "B", 2, now=late)
    attempt.refresh_from_db()
    assert attempt.submitted_at and attempt.auto_submitted
    assert Answer.objects.get(attempt=attempt, item_id=item).value == "A"


def test_extra_time_for_one_contestant_is_audited(sitting, final):
    from zhenxing.orgs.models import AuditEntry

    attempt = sitting.attempts.first()
    before = sittings.closes_at(attempt)
    sittings.extend(attempt, 10, "平板电脑故障", actor=actor(final.people["host"]))
    attempt.refresh_from_db()
    assert sittings.closes_at(attempt) - before == dt.timedelta(minutes=10)
    entry = AuditEntry.objects.filter(action="exam.time.extended").get()
    assert entry.reason == "平板电脑故障"
    with pytest.raises(PermissionDenied):
        sittings.extend(attempt, 10, "x", actor=actor(final.people["judge"]))


def _answer_all(attempt, right: bool):
    items = {i.pk: i for i in attempt.sitting.paper.items.select_related("version")}
    for rev, item_id in enumerate(attempt.question_order, start=1):
        version = items[item_id].version
        if version.kind == Kind.SHORT:
            value = "先检查设备，再对刀"
        elif right:
            value = version.key
        else:
            value = {"T": "F", "F": "T"}.get(version.key, "A" if version.key != "A" else "B")
        sittings.save_answer(attempt, item_id, value, rev)


def test_grading_writes_the_final_theory_scores(sitting, final):
    from zhenxing.judging.models import TheoryScore

    people = final.people
    attempts = [_sign_in(a) for a in sitting.attempts.select_related("competitor")[:3]]
    _answer_all(attempts[0], right=True)
    _answer_all(attempts[1], right=False)
    for attempt in attempts[:2]:
        sittings.submit(attempt)
    with pytest.raises(grading.GradingError, match="未交卷"):
        grading.write_scores(sitting, actor=actor(people["host"]))
    sittings.submit(attempts[2])
    short = {a.attempt_id: a for a in grading.short_answers(sitting)}
    # two graders agree on the first; disagree on the second by more than the gap (2)
    grading.mark_short(short[attempts[0].pk], Decimal(8), actor=actor(people["judge"]))
    grading.mark_short(short[attempts[0].pk], Decimal(9), actor=actor(people["judge2"]))
    grading.mark_short(short[attempts[1].pk], Decimal(2), actor=actor(people["judge"]))
    with pytest.raises(grading.GradingError, match="不同的阅卷人"):
        grading.mark_short(short[attempts[1].pk], Decimal(2), actor=actor(people["judge"]))
    grading.mark_short(short[attempts[1].pk], Decimal(7), actor=actor(people["judge2"]))
    assert short[attempts[1].pk] in grading.waiting_for(sitting, people["judge3"])
    with pytest.raises(grading.GradingError, match="尚有|未评阅"):
        grading.write_scores(sitting, actor=actor(people["host"]))
    grading.mark_short(short[attempts[1].pk], Decimal(6), actor=actor(people["judge3"]))
    with pytest.raises(PermissionDenied):
        grading.write_scores(sitting, actor=actor(people["judge"]))
    grading.write_scores(sitting, actor=actor(people["host"]))
    scores = {
        s.competitor.number: s.knowledge for s in TheoryScore.objects.select_related("competitor")
    }
    numbers = [a.competitor.number for a in attempts]
    # 20 objective + (8+9)/2 = 28.5 of 30, on the final's 100: 95.00
    assert scores[numbers[0]] == Decimal("95.00")
    # 0 objective + (7+6)/2 = 6.5 of 30: 21.67
    assert scores[numbers[1]] == Decimal("21.67")
    # the third signed in and answered nothing: 0
    assert scores[numbers[2]] == Decimal("0.00")
    assert len(scores) == 3  # the fourth never signed in: no score


def test_the_whole_bank_round_trips_through_its_export(exam_bank):
    versions = list(banks.current_versions(exam_bank))
    data = sheets.export([(v.question.number, v, 0) for v in versions])
    again = [row for _, row in sheets.read(data)]
    assert [(q.kind, q.stem, q.key) for q in again] == [(v.kind, v.stem, v.key) for v in versions]


def test_an_export_with_pictures_still_imports_and_a_webp_is_held_as_png(exam_bank):
    import io
    import zipfile

    from PIL import Image

    def webp(colour):
        out = io.BytesIO()
        Image.new("RGB", (30, 30), colour).save(out, "WEBP")
        return out.getvalue()

    versions = list(banks.current_versions(exam_bank))
    versions[0].image, versions[0].option_images = "stem.webp", ["", "b.webp"]
    stored = {"stem.webp": webp("red"), "b.webp": webp("blue")}
    data = sheets.export([(v.question.number, v, 0) for v in versions], stored.get)
    media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("xl/media/")]
    assert len(media) == 2 and all(n.endswith(".png") for n in media)
    again = [row for _, row in sheets.read(data)]
    assert [q.stem for q in again] == [v.stem for v in versions]
    gone = sheets.export([(v.question.number, v, 0) for v in versions], lambda name: None)
    assert b"xl/media/" not in gone


def test_blueprint_text_round_trips():
    rows, _ = papers.parse_rows(ROWS)
    assert papers.parse_rows(papers.rows_text(rows))[0] == rows


def test_the_invigilators_board_closes_attempts_whose_time_is_up(sitting):
    attempt = _sign_in(sitting.attempts.first())
    sittings.save_answer(attempt, attempt.question_order[0], "A", 1)
    sitting.starts_at = timezone.now() - dt.timedelta(minutes=62)
    sitting.save()
    assert sittings.close_expired(sitting) == 4
    attempt.refresh_from_db()
    assert attempt.auto_submitted and attempt.submitted_at <= timezone.now()


def test_item_analysis_reads_the_stored_answers_as_a_hand_count_does(sitting):
    """Four examinees; on the paper's first question three give the key and one gives another
    letter: P = 3/4, that letter counted once among the options; a question nobody answers: P 0."""
    from zhenxing.exams import analysis

    items = list(sitting.paper.items.select_related("version").order_by("position"))
    first = next(i for i in items if i.version.kind == Kind.SINGLE)
    wrong = "B" if first.version.key == "A" else "A"
    for number, attempt in enumerate(sitting.attempts.select_related("competitor")):
        attempt = _sign_in(attempt)
        sittings.save_answer(attempt, first.pk, wrong if number == 3 else first.version.key, 1)
        sittings.submit(attempt)
    result, by_id = analysis.analyse(sitting)
    stats = {s.question: s for s in result.items}
    assert stats[str(first.pk)].n == 4
    assert stats[str(first.pk)].p == Decimal("0.750")
    assert stats[str(first.pk)].distractors[wrong] == 1
    assert stats[str(first.pk)].distractors[first.version.key] == 3
    untouched = next(i for i in items if i.pk != first.pk)
    assert stats[str(untouched.pk)].p == Decimal("0.000")
    assert sum(count for _, _, count in result.distribution) == 4
    chart = analysis.chart(result)
    assert sum(chart["counts"]) == 4 and len(chart["labels"]) == len(chart["counts"])


def test_a_current_affairs_sitting_writes_that_part_and_keeps_the_other(final):
    from zhenxing.judging.models import TheoryScore
    from zhenxing.judging.theory import save_theory

    people = final.people
    host, office = actor(people["host"]), actor(people["office"])
    affairs = access.part_bank(final.event.edition, None, Part.CURRENT_AFFAIRS)
    banks.import_questions(affairs, sheets.read(sheet(bank_rows(6, 0, 0))), actor=office)
    rows, _ = papers.parse_rows("A，单选题，任意，2，5")
    data = {"name": "时事政治", "part": "current_affairs", "full_marks": Decimal(10)}
    blueprint = papers.save_blueprint(final.event, None, data, rows, actor=host)
    record = papers.draw(blueprint, seed="x", sets=2, max_overlap=Decimal("0.5"), actor=host)
    papers.confirm(record, actor=actor(people["supervisor"]))
    assert all(
        v.question.bank_id == affairs.pk
        for p in record.papers.all()
        for v in [i.version for i in p.items.select_related("version__question")]
    )
    start = {"starts_at": timezone.now() - dt.timedelta(minutes=1), "minutes": 30, "short_gap": 2}
    sitting = sittings.create_sitting(final, record.papers.get(index=0), start, actor=host)
    attempt = _sign_in(sitting.attempts.select_related("competitor").first())
    save_theory(final, {attempt.competitor.number: ("", "77")}, actor=host)
    items = {i.pk: i.version.key for i in sitting.paper.items.select_related("version")}
    first = attempt.question_order[0]
    sittings.save_answer(attempt, first, items[first], 1)
    sittings.submit(attempt)
    grading.write_scores(sitting, actor=host)
    score = TheoryScore.objects.get(competitor=attempt.competitor)
    assert score.current_affairs == Decimal("50.00") and score.knowledge == Decimal("77.00")
