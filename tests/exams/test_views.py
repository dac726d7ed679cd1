"""The exam's pages for the personas that may use them, and the ones that may not (404 to
outsiders, 403 to those who see but may not act); the contestant's pages over HTTP."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.exams.conftest import bank_rows, sheet
from zhenxing.exams.models import Answer, Attempt, PaperDraw, Question

pytestmark = pytest.mark.django_db
CODE = "2020-nmg"


def _as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.mark.parametrize(
    ("who", "status"),
    [("host", 200), ("office", 200), ("supervisor", 200), ("judge", 200), ("alice", 404),
     ("hrss", 404), ("charlie", 404)],
)  # fmt: skip
def test_the_event_exam_page(client, final, who, status):
    url = reverse("exams:event", args=[CODE, final.event.pk])
    assert _as(client, final.people[who]).get(url).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, final):
    url = reverse("exams:event", args=[CODE, final.event.pk])
    assert _as(client, None).get(url).status_code == 302


def test_host_imports_a_bank_and_a_bad_file_is_reported_by_row(client, final, exam_bank):
    url = reverse("exams:import", args=[CODE, exam_bank.pk])
    bad = sheet([["单选题", "少了答案", "甲", "乙", "", "", "", "", "", "", "", "1", ""]])
    page = _as(client, final.people["host"]).post(url, {"file": _upload(bad)})
    assert page.status_code == 400
    assert "第 2 行" in page.content.decode() and "答案为空无法识别" in page.content.decode()
    good = sheet([["单选题", "新题", "甲", "乙", "", "", "", "B", "", "", "", "1", ""]])
    page = client.post(url, {"file": _upload(good)})
    assert page.status_code == 302
    assert Question.objects.filter(bank=exam_bank).count() == 28


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("bank.xlsx", data)


@pytest.mark.parametrize(("who", "status"), [("office", 403), ("judge", 403), ("alice", 404)])
def test_others_may_not_import_the_event_bank(client, final, exam_bank, who, status):
    url = reverse("exams:import", args=[CODE, exam_bank.pk])
    page = _as(client, final.people[who]).post(url, {"file": _upload(sheet(bank_rows(1, 0, 0)))})
    assert page.status_code == status


def test_the_bank_exports_and_the_template_downloads(client, final, exam_bank):
    _as(client, final.people["office"])
    export = client.get(reverse("exams:export", args=[CODE, exam_bank.pk]))
    assert export.status_code == 200 and export.content[:2] == b"PK"
    assert client.get(reverse("exams:template", args=[CODE])).content[:2] == b"PK"


def test_a_blueprint_that_does_not_sum_is_refused_on_the_page(client, final, exam_bank):
    url = reverse("exams:blueprint_new", args=[CODE, final.event.pk])
    data = {"name": "A", "part": "knowledge", "full_marks": "100", "rows": "A，单选题，任意，5，2"}
    page = _as(client, final.people["host"]).post(url, data)
    assert page.status_code == 400 and "100" in page.content.decode()
    assert _as(client, final.people["supervisor"]).post(url, data).status_code == 403


def test_draw_page_seals_the_paper_and_the_supervisor_confirms(client, final, blueprint):
    people = final.people
    url = reverse("exams:blueprint", args=[CODE, blueprint.pk])
    assert (
        _as(client, people["supervisor"]).post(url, {"sets": 2, "max_overlap": 50}).status_code
        == 403
    )
    page = _as(client, people["host"]).post(url, {"seed": "abc", "sets": 2, "max_overlap": 50})
    assert page.status_code == 302
    record = PaperDraw.objects.get()
    paper = record.papers.get(index=0)
    paper_url = reverse("exams:paper", args=[CODE, paper.pk])
    assert client.get(paper_url).status_code == 200  # the drawer
    check = client.get(reverse("exams:draw", args=[CODE, record.pk]) + "?check=1")
    assert "完全相同" in check.content.decode()
    confirm = reverse("exams:draw_confirm", args=[CODE, record.pk])
    assert client.post(confirm).status_code == 403  # the drawer is not a supervisor
    for who in ("supervisor", "office", "judge", "chief", "alice"):
        assert _as(client, people[who]).get(paper_url).status_code == 404, who
    assert _as(client, people["supervisor"]).post(confirm).status_code == 302
    record.refresh_from_db()
    assert record.confirmed_by == people["supervisor"]


def test_the_check_in_sheet_is_for_the_invigilator_only(client, final, sitting):
    url = reverse("exams:codes", args=[CODE, sitting.pk])
    page = _as(client, final.people["host"]).get(url)
    assert page.status_code == 200
    assert sitting.attempts.first().code in page.content.decode()
    assert _as(client, final.people["supervisor"]).get(url).status_code == 403
    assert _as(client, final.people["judge"]).get(url).status_code == 403
    assert _as(client, final.people["alice"]).get(url).status_code == 404


def _sign_in(client, attempt):
    client.logout()
    page = client.post(
        reverse("exam:sign_in"), {"number": attempt.competitor.number, "code": attempt.code}
    )
    assert page.status_code == 302, page.content.decode()
    return client


def _post_answer(client, item, value, rev):
    return client.post(
        reverse("exam:answer"),
        json.dumps({"item": item, "value": value, "rev": rev}),
        content_type="application/json",
    )


def test_a_contestant_answers_drops_off_and_resumes(client, sitting):
    attempt = sitting.attempts.select_related("competitor").first()
    _sign_in(client, attempt)
    page = client.get(reverse("exam:take"))
    assert page.status_code == 200 and "交卷" in page.content.decode()
    attempt.refresh_from_db()
    first, second = attempt.question_order[:2]
    assert _post_answer(client, first, "A", 1).status_code == 200
    assert _post_answer(client, second, "T", 2).status_code == 200
    assert _post_answer(client, first, "A", 1).status_code == 200  # resent: no harm
    # the browser is gone; the same session comes back and finds everything
    state = client.get(reverse("exam:state")).json()
    assert state["answers"][str(first)] == ["A", 1] and state["remaining"] > 3000
    assert client.get(reverse("exam:take")).status_code == 200
    client.post(reverse("exam:submit"))
    assert "已交卷" in client.get(reverse("exam:take")).content.decode()
    assert _post_answer(client, first, "B", 3).status_code == 409
    assert Answer.objects.get(attempt=attempt, item_id=first).value == "A"


def test_a_new_code_signs_the_old_browser_out(client, final, sitting):
    from django.test import Client

    attempt = sitting.attempts.select_related("competitor").first()
    _sign_in(client, attempt)
    invigilator = Client()
    invigilator.force_login(
        final.people["host"], backend="django.contrib.auth.backends.ModelBackend"
    )
    invigilator.post(reverse("exams:new_code", args=[CODE, sitting.pk, attempt.pk]))
    assert _post_answer(client, attempt.question_order[0], "A", 1).status_code == 403
    attempt.refresh_from_db()
    assert _sign_in(Client(), attempt)


def test_a_wrong_code_is_refused_in_chinese(client, sitting):
    attempt = sitting.attempts.select_related("competitor").first()
    page = client.post(
        reverse("exam:sign_in"), {"number": attempt.competitor.number, "code": "WRONG"}
    )
    assert page.status_code == 400 and "登录码不正确" in page.content.decode()


def test_garbled_answers_get_a_message_not_an_error(client, sitting):
    _sign_in(client, sitting.attempts.select_related("competitor").first())
    page = client.post(reverse("exam:answer"), "not json", content_type="application/json")
    assert page.status_code == 400 and "格式" in page.json()["error"]
    assert _post_answer(client, 999999, "A", 1).status_code == 409


def test_the_invigilator_extends_time_and_the_board_shows_it(client, final, sitting):
    attempt = sitting.attempts.select_related("competitor").first()
    url = reverse("exams:extend", args=[CODE, sitting.pk, attempt.pk])
    _as(client, final.people["host"]).post(url, {"minutes": 15, "reason": "停电"})
    attempt.refresh_from_db()
    assert attempt.extra_minutes == 15
    board = client.get(reverse("exams:sitting", args=[CODE, sitting.pk])).content.decode()
    assert "延长 15 分钟" in board
    assert (
        _as(client, final.people["judge"]).post(url, {"minutes": 5, "reason": "x"}).status_code
        == 403
    )


def test_grading_page_is_blind_and_for_judges(client, final, sitting):
    attempt = sitting.attempts.select_related("competitor").first()
    _sign_in(client, attempt)
    attempt.refresh_from_db()
    short = next(
        i for i in attempt.question_order
        if sitting.paper.items.get(pk=i).version.kind == "short"
    )  # fmt: skip
    _post_answer(client, short, "先对刀后加工", 1)
    client.post(reverse("exam:submit"))
    url = reverse("exams:grade", args=[CODE, sitting.pk])
    page = _as(client, final.people["judge"]).get(url).content.decode()
    assert "先对刀后加工" in page
    assert attempt.competitor.number not in page.split("考生作答")[1]
    assert attempt.competitor.entry.person.name not in page
    answer = Answer.objects.get(attempt=attempt, item_id=short)
    assert client.post(url, {"answer": answer.pk, "score": "7"}).status_code == 302
    assert _as(client, final.people["host"]).get(url).status_code == 403
    assert _as(client, final.people["alice"]).get(url).status_code == 404


def test_item_analysis_shows_its_table_and_chart(client, final, sitting):
    for attempt in sitting.attempts.select_related("competitor")[:2]:
        _sign_in(client, attempt)
        attempt.refresh_from_db()
        _post_answer(client, attempt.question_order[0], "A", 1)
        client.post(reverse("exam:submit"))
    page = _as(client, final.people["supervisor"]).get(
        reverse("exams:analysis", args=[CODE, sitting.pk])
    )
    text = page.content.decode()
    assert page.status_code == 200 and 'id="items"' in text and "exam-chart-data" in text
    assert "KR-20" in text
    assert (
        _as(client, final.people["alice"])
        .get(reverse("exams:analysis", args=[CODE, sitting.pk]))
        .status_code
        == 404
    )


def test_no_sign_in_before_half_an_hour_ahead(client, final, sitting):
    sitting.starts_at = timezone.now() + dt.timedelta(hours=2)
    sitting.save()
    attempt = Attempt.objects.select_related("competitor").filter(sitting=sitting).first()
    page = client.post(
        reverse("exam:sign_in"), {"number": attempt.competitor.number, "code": attempt.code}
    )
    assert "尚未开始" in page.content.decode()


def test_the_paper_and_its_answer_sheet_print_as_pdf_sealed_like_the_paper(
    client, final, confirmed_draw
):
    paper = confirmed_draw.papers.get(index=0)
    _as(client, final.people["host"])
    for what in ("paper", "sheet"):
        pdf = client.get(reverse("exams:paper_pdf", args=[CODE, paper.pk, what]))
        assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert client.get(reverse("exams:paper_pdf", args=[CODE, paper.pk, "key"])).status_code == 404
    _as(client, final.people["supervisor"])
    assert client.get(reverse("exams:paper_pdf", args=[CODE, paper.pk, "paper"])).status_code == 404


def test_the_audit_log_shows_every_exam_action_in_chinese(client, final, sitting):
    from decimal import Decimal

    from tests.support import actor
    from zhenxing.exams import grading, sittings

    people = final.people
    attempt = sitting.attempts.select_related("competitor").first()
    sittings.extend(attempt, 5, "停电", actor=actor(people["host"]))
    sittings.new_code_for(attempt, actor=actor(people["host"]))
    attempt.refresh_from_db()
    signed, token = sittings.sign_in(attempt.competitor.number, attempt.code)
    signed = sittings.attempt_of(signed.pk, token)
    short = next(
        i for i in signed.question_order if sitting.paper.items.get(pk=i).version.kind == "short"
    )
    sittings.save_answer(signed, short, "答案", 1)
    sittings.submit(signed)
    answer = Answer.objects.get(attempt=signed, item_id=short)
    grading.mark_short(answer, Decimal(5), actor=actor(people["judge"]))
    grading.mark_short(answer, Decimal(6), actor=actor(people["judge2"]))
    grading.write_scores(sitting, actor=actor(people["host"]))
    page = _as(client, people["office"]).get(reverse("web:audit_log", args=[CODE]))
    text = page.content.decode()
    assert page.status_code == 200
    for name in ("导入试题", "抽取试卷", "监督确认抽卷", "安排考试场次", "为考生延长考试时间",
                 "考生交卷", "评阅简答题", "考试成绩写入理论成绩", "停电"):  # fmt: skip
        assert name in text, name


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, "PNG")
    return out.getvalue()


def test_a_question_picture_is_checked_versioned_and_shown_to_the_contestant(
    client, final, sitting, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    item = sitting.paper.items.select_related("version__question").first()
    question, bank = item.version.question, item.version.question.bank
    url = reverse("exams:question_image", args=[CODE, bank.pk, question.number])
    _as(client, final.people["host"])
    fake = SimpleUploadedFile("a.png", b"not a picture")
    page = client.post(url, {"image": fake}, follow=True)
    assert "不是 JPG、PNG 或 WebP 图片" in page.content.decode()
    client.post(url, {"image": SimpleUploadedFile("a.png", _png())})
    question.refresh_from_db()
    assert question.current.image and question.current.version == 2  # a paper used version 1
    shown = client.get(reverse("exams:image", args=[CODE, bank.pk, question.current.pk]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert (
        _as(client, final.people["alice"])
        .get(reverse("exams:image", args=[CODE, bank.pk, question.current.pk]))
        .status_code
        == 404
    )
    # the paper keeps version 1 (no picture); a new draw's paper would carry it
    attempt = sitting.attempts.select_related("competitor").first()
    _sign_in(client, attempt)
    assert client.get(reverse("exam:image", args=[item.pk])).status_code == 404
    item.version = question.current
    item.save()
    assert client.get(reverse("exam:image", args=[item.pk])).status_code == 200
    assert 'alt="第' in client.get(reverse("exam:take")).content.decode()
    client.logout()
    assert client.get(reverse("exam:image", args=[item.pk])).status_code == 404


def test_the_host_moves_a_sitting_before_anyone_signs_in_and_not_after(client, final, sitting):
    url = reverse("exams:reschedule", args=[CODE, sitting.pk])
    host = _as(client, final.people["host"])
    board = host.get(reverse("exams:sitting", args=[CODE, sitting.pk])).content.decode()
    assert "调整开考时间或时长" in board
    later = timezone.localtime(sitting.starts_at + dt.timedelta(hours=2))
    host.post(url, {"starts_at": later.strftime("%Y-%m-%dT%H:%M"), "minutes": 120})
    sitting.refresh_from_db()
    assert sitting.minutes == 120 and sitting.starts_at == later.replace(second=0, microsecond=0)
    from zhenxing.orgs.models import AuditEntry

    assert AuditEntry.objects.filter(action="exam.sitting.rescheduled").count() == 1
    page = host.post(url, {"starts_at": "明天上午", "minutes": 120}, follow=True)
    assert "请填写开考时间" in page.content.decode()

    judge = _as(client, final.people["judge"])
    assert judge.post(url, {"starts_at": "2020-09-01T09:00", "minutes": 60}).status_code in (
        403,
        404,
    )
    sitting.refresh_from_db()
    assert sitting.minutes == 120

    Attempt.objects.filter(sitting=sitting).update(started_at=timezone.now())
    page = _as(client, final.people["host"]).post(
        url, {"starts_at": "2020-09-01T09:00", "minutes": 60}, follow=True
    )
    assert "已有考生登录作答" in page.content.decode()
    sitting.refresh_from_db()
    assert sitting.minutes == 120


def test_the_board_shows_when_a_contestant_s_page_last_checked_in(client, final, sitting):
    attempt = sitting.attempts.select_related("competitor").first()
    board_url = reverse("exams:sitting", args=[CODE, sitting.pk])
    row = f'data-number="{attempt.competitor.number}"'
    _sign_in(client, attempt)
    assert client.get(reverse("exam:state")).json()["ok"]
    board = _as(client, final.people["host"]).get(board_url).content.decode()
    assert "最近 " in board.split(row, 1)[1].split("</tr>", 1)[0]
