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


@pytest.mark.parametrize(
    ("who", "linked"), [("host", True), ("supervisor", True), ("judge", False)]
)
def test_a_sitting_is_linked_only_for_those_who_may_open_it(client, final, sitting, who, linked):
    user = final.people[who]
    page = _as(client, user).get(reverse("exams:event", args=[CODE, final.event.pk]))
    sitting_url = reverse("exams:sitting", args=[CODE, sitting.pk])
    assert (sitting_url in page.content.decode()) == linked
    assert client.get(sitting_url).status_code == (200 if linked else 403)


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
    assert client.get(reverse("exams:paper_pdf", args=[CODE, paper.pk, "keys"])).status_code == 404
    _as(client, final.people["supervisor"])
    assert client.get(reverse("exams:paper_pdf", args=[CODE, paper.pk, "paper"])).status_code == 404


def _pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(content)).pages
    return "".join(page.extract_text() for page in pages).replace(" ", "")


KEY_BEFORE = [("host", 200), ("supervisor", 404), ("office", 404), ("chief", 404),
              ("judge", 404), ("alice", 404)]  # fmt: skip
KEY_AFTER = [("host", 200), ("supervisor", 200), ("office", 404), ("chief", 404),
             ("judge", 404), ("alice", 404)]  # fmt: skip


@pytest.mark.parametrize(("who", "status"), KEY_BEFORE)
def test_the_key_pdf_is_sealed_to_all_but_its_drawer_before_the_exam(
    client, final, confirmed_draw, who, status
):
    paper = confirmed_draw.papers.get(index=0)
    page = _as(client, final.people[who]).get(
        reverse("exams:paper_pdf", args=[CODE, paper.pk, "key"])
    )
    assert page.status_code == status
    if status == 200:
        text = _pdf_text(page.content)
        assert "参考答案" in text and "正确" in text and "要点：安全、精度" in text


@pytest.mark.parametrize(("who", "status"), KEY_AFTER)
def test_the_key_pdf_is_for_the_host_unit_and_supervisor_once_the_exam_opens(
    client, final, sitting, who, status
):
    url = reverse("exams:paper_pdf", args=[CODE, sitting.paper.pk, "key"])
    page = _as(client, final.people[who]).get(url)
    assert page.status_code == status
    if status == 200:
        from urllib.parse import unquote

        assert page.content[:4] == b"%PDF"
        assert "参考答案.pdf" in unquote(page["Content-Disposition"])
    paper_page = client.get(reverse("exams:paper", args=[CODE, sitting.paper.pk]))
    if paper_page.status_code == 200:  # the link is there only for those who may print it
        html = paper_page.content.decode()
        assert ('id="key-pdf"' in html) == (status == 200)
        assert ("答案：" in html) == (status == 200)  # the office and chief read no answers


def test_anonymous_visitors_never_get_the_key(client, sitting):
    url = reverse("exams:paper_pdf", args=[CODE, sitting.paper.pk, "key"])
    assert _as(client, None).get(url).status_code == 302


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


def _single_item(sitting):
    return next(
        i for i in sitting.paper.items.select_related("version__question__bank")
        if i.version.kind == "single"
    )  # fmt: skip


def test_an_option_picture_is_checked_and_shown_in_exam_paper_pdf_and_export(
    client, final, sitting, settings, tmp_path
):
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    item = _single_item(sitting)
    question, bank = item.version.question, item.version.question.bank
    url = reverse("exams:question_image", args=[CODE, bank.pk, question.number])
    host = _as(client, final.people["host"])
    page = host.post(url, {"image": SimpleUploadedFile("b.png", b"GIF89a..."), "target": "B"},
                     follow=True)  # fmt: skip
    assert "不是 JPG、PNG 或 WebP 图片" in page.content.decode()
    big = SimpleUploadedFile("b.png", _png() + b"\0" * (5 * 1024 * 1024))
    assert (
        "超过 5 MB" in host.post(url, {"image": big, "target": "B"}, follow=True).content.decode()
    )
    page = host.post(
        url, {"image": SimpleUploadedFile("e.png", _png()), "target": "E"}, follow=True
    )
    assert "没有选项E" in page.content.decode()
    page = host.post(
        url, {"image": SimpleUploadedFile("b.png", _png()), "target": "B"}, follow=True
    )
    assert "已为第" in page.content.decode() and "选项B的图片" in page.content.decode()
    question.refresh_from_db()
    version = question.current
    assert version.version == 2 and version.option_image(1) and not version.image
    assert item.version.option_images == []  # the drawn paper keeps version 1
    shown = host.get(reverse("exams:option_image", args=[CODE, bank.pk, version.pk, 1]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert (
        host.get(reverse("exams:option_image", args=[CODE, bank.pk, version.pk, 0])).status_code
        == 404
    )
    # the bank's export says where the picture is and holds it in the sheet 图片
    export = host.get(reverse("exams:export", args=[CODE, bank.pk])).content
    names = zipfile.ZipFile(io.BytesIO(export)).namelist()
    assert any(n.startswith("xl/media/") for n in names)
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(export))
    assert book.sheet_names == ["题库", "图片"]
    rows = book.get_sheet_by_name("题库").to_python()
    row = next(r for r in rows if r[1] == version.stem)
    assert row[-1] == "选项B（见“图片”表）"
    assert book.get_sheet_by_name("图片").to_python()[1][:2] == [question.number, "选项B"]

    # a paper holding version 2: the contestant, the paper page and the PDF show it
    item.version = version
    item.save()
    paper = host.get(reverse("exams:paper", args=[CODE, sitting.paper.pk])).content.decode()
    assert "选项B的图片" in paper
    pdf = host.get(reverse("exams:paper_pdf", args=[CODE, sitting.paper.pk, "paper"])).content
    assert pdf.count(b"/Subtype /Image") + pdf.count(b"/Subtype/Image") >= 1
    attempt = sitting.attempts.select_related("competitor").first()
    _sign_in(client, attempt)
    take = client.get(reverse("exam:take")).content.decode()
    assert take.count('的图片" class="d-block img-fluid mt-1 exam-option-image"') == 1
    assert client.get(reverse("exam:option_image", args=[item.pk, 1])).status_code == 200
    assert client.get(reverse("exam:option_image", args=[item.pk, 0])).status_code == 404
    client.logout()
    assert client.get(reverse("exam:option_image", args=[item.pk, 1])).status_code == 404


def test_only_choice_questions_take_option_pictures_and_the_keeper_uploads(
    client, final, sitting, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    judge_item = next(i for i in sitting.paper.items.select_related("version__question")
                      if i.version.kind == "judge")  # fmt: skip
    question = judge_item.version.question
    url = reverse("exams:question_image", args=[CODE, question.bank_id, question.number])
    page = _as(client, final.people["host"]).post(
        url, {"image": SimpleUploadedFile("a.png", _png()), "target": "A"}, follow=True
    )
    assert "没有选项A" in page.content.decode()
    assert "选项图片只用于单选题、多选题" in page.content.decode()
    upload = {"image": SimpleUploadedFile("a.png", _png()), "target": "A"}
    assert _as(client, final.people["office"]).post(url, upload).status_code == 403
    assert _as(client, final.people["alice"]).post(url, upload).status_code == 404
    question.refresh_from_db()
    assert question.current.option_images == []


def _state(client):
    return client.get(reverse("exam:state"))


def test_a_second_device_is_refused_until_the_invigilator_moves_the_exam(client, final, sitting):
    """One device at a time: the second is told why; the invigilator's new code moves the exam;
    the old device is told on its next save and hands over what it had not sent."""
    from django.test import Client

    attempt = sitting.attempts.select_related("competitor").first()
    old = _sign_in(client, attempt)
    attempt.refresh_from_db()
    first, second, third = attempt.question_order[:3]
    assert _post_answer(old, first, "A", 1).status_code == 200
    other = Client()
    page = other.post(
        reverse("exam:sign_in"), {"number": attempt.competitor.number, "code": attempt.code}
    )
    assert page.status_code == 400 and "已在另一台设备上登录" in page.content.decode()
    board_url = reverse("exams:sitting", args=[CODE, sitting.pk])
    invigilator = Client()
    invigilator.force_login(
        final.people["host"], backend="django.contrib.auth.backends.ModelBackend"
    )
    assert "另一台设备尝试登录" in invigilator.get(board_url).content.decode()
    assert _post_answer(old, second, "T", 2).status_code == 200  # the first device goes on

    page = invigilator.post(
        reverse("exams:new_code", args=[CODE, sitting.pk, attempt.pk]), follow=True
    )
    assert "原登录的设备已退出" in page.content.decode()
    attempt.refresh_from_db()
    refused = _post_answer(old, third, "F", 3)
    assert refused.status_code == 403 and refused.json()["signed_out"]
    assert _state(old).json()["signed_out"]
    moved = old.get(reverse("exam:take"))
    assert "已在另一台设备登录" in moved.content.decode()

    new = _sign_in(other, attempt)
    assert _post_answer(new, second, "F", 3).status_code == 200  # answered again on the new one
    handover = old.post(
        reverse("exam:handover"),
        json.dumps({"answers": [{"item": second, "value": "T", "rev": 4},
                                {"item": third, "value": "F", "rev": 5}]}),
        content_type="application/json",
    )  # fmt: skip
    body = handover.json()
    assert handover.status_code == 200 and body["kept"] == 1
    assert "1 个答案已转交" in body["message"] and "以新设备为准" in body["message"]
    saved = {a.item_id: a.value for a in Answer.objects.filter(attempt=attempt)}
    assert saved == {first: "A", second: "F", third: "F"}
    state = _state(new).json()
    assert state["answers"][str(third)][0] == "F"
    assert _post_answer(new, third, "T", 4).status_code == 200  # the new device wins after all
    assert Answer.objects.get(attempt=attempt, item_id=third).value == "T"
    again = old.post(reverse("exam:handover"), json.dumps({"answers": []}),
                     content_type="application/json")  # fmt: skip
    assert again.status_code == 403  # once per device change
    assert "已在另一台设备登录" in old.get(reverse("exam:take")).content.decode()

    from zhenxing.orgs.models import AuditEntry

    assert AuditEntry.objects.filter(action="exam.answers.handed_over").count() == 1


def test_a_handover_is_refused_when_garbled_or_not_from_the_replaced_device(client, sitting):
    attempt = sitting.attempts.select_related("competitor").first()
    _sign_in(client, attempt)
    url = reverse("exam:handover")
    assert client.post(url, "not json", content_type="application/json").status_code == 400
    page = client.post(url, json.dumps({"answers": [{"item": 1, "value": "A", "rev": 1}]}),
                       content_type="application/json")  # fmt: skip
    assert page.status_code == 403 and "举手告知监考人员" in page.json()["error"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("host", 200), ("office", 200), ("supervisor", 200), ("judge", 200), ("alice", 404),
     ("hrss", 404), ("charlie", 404), (None, 302)],
)  # fmt: skip
def test_who_sees_an_option_picture_of_the_bank(
    client, final, sitting, settings, tmp_path, who, status
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    item = _single_item(sitting)
    question, bank = item.version.question, item.version.question.bank
    upload = reverse("exams:question_image", args=[CODE, bank.pk, question.number])
    image = {"image": SimpleUploadedFile("b.png", _png()), "target": "B"}
    _as(client, final.people["host"]).post(upload, image)
    version = question.versions.latest("version")
    shown = _as(client, final.people[who] if who else None).get(
        reverse("exams:option_image", args=[CODE, bank.pk, version.pk, 1])
    )
    assert shown.status_code == status
