"""The theory exam as each of its roles meets it in the browser (issue 19's last gaps): the host
unit puts a picture on an option and prints the key while the paper is sealed; the supervisor
confirms the draw and cannot print the key until the exam opens; a contestant on a phone sees
the option's picture, a second device is refused, the invigilator moves the exam to a tablet
and extends the time, and the phone hands over the answer it had not sent; the grader marks
blind; the office reads the paper and the item analysis but not the key. Every page passes
axe-core, fits the screen and keeps the Content-Security-Policy."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.exams.conftest import ROWS, bank_rows, sheet
from tests.support import actor

from .test_every_role_on_a_phone import AXE, WATCH_CSP
from .test_exam_flow import DESKTOP, PHONE, TABLET, _checked
from .test_scoring_flow import _login, finals_event

pytestmark = pytest.mark.e2e
E = "/office/2020-nmg/exams/"


def _png(colour: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 30), colour).save(out, "PNG")
    return out.getvalue()


def _context(browser, viewport):
    context = browser.new_context(viewport=viewport)
    context.add_init_script(WATCH_CSP)
    context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return context, page


def _sign_in(page: Page, site: str, number: str, code: str) -> None:
    page.goto(f"{site}/exam/")
    page.get_by_label("参赛号").fill(number)
    page.get_by_label(re.compile("登录码")).fill(code)
    page.get_by_role("button", name="进入考试").click()


def _question(page: Page, item_id: int):
    return page.locator(f'.exam-question[data-item="{item_id}"]')


def _answer(question) -> None:
    if question.get_attribute("data-kind") == "short":
        question.locator("textarea").fill("检查润滑、气压和急停")
        question.locator("textarea").blur()
    else:
        question.locator("input").first.check()


def test_each_exam_role_in_the_browser(site, page: Page, browser, settings, tmp_path):
    from django.utils import timezone

    from zhenxing.exams import access, banks, papers, sheets, sittings
    from zhenxing.exams.models import Answer, Attempt, Part, Question
    from zhenxing.judging.anonymity import draw_numbers

    settings.MEDIA_ROOT = tmp_path
    event, final, people = finals_event()
    draw_numbers(final, actor=actor(people["encryption"]))
    host = actor(people["host"])
    bank = access.part_bank(event.edition, event, Part.KNOWLEDGE)
    banks.import_questions(bank, sheets.read(sheet(bank_rows())), actor=host)
    rows, _ = papers.parse_rows(ROWS)
    data = {"name": "业务知识 A 卷", "part": "knowledge", "full_marks": Decimal(30)}
    blueprint = papers.save_blueprint(event, None, data, rows, actor=host)
    question = Question.objects.get(bank=bank, number=1)  # a single choice question
    picture = tmp_path / "选项B.png"
    picture.write_bytes(_png("navy"))
    page.context.add_init_script(WATCH_CSP)
    page.context.add_init_script(path=str(AXE))
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size(DESKTOP)

    # host unit: a picture on option B of question 1, through the question's page
    _login(page, site, "host")
    page.goto(f"{site}{E}banks/{bank.pk}/q/1/")
    page.get_by_label("图片放在").select_option("B")
    page.get_by_label(re.compile("^图片文件")).set_input_files(str(picture))
    page.get_by_role("button", name="上传图片").click()
    expect(page.get_by_role("alert")).to_contain_text("选项B添加图片")
    expect(page.get_by_role("img", name="第 1 题选项B的图片")).to_be_visible()
    _checked(page, "question page with an option picture")
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"this is not a picture")
    page.get_by_label(re.compile("^图片文件")).set_input_files(str(fake))
    page.get_by_role("button", name="上传图片").click()
    expect(page.get_by_role("alert")).to_contain_text("不是 JPG、PNG 或 WebP 图片")
    question.refresh_from_db()
    assert question.current.option_image(1)

    # the host draws (seed chosen so that question 1 is on the official paper) and, sealed,
    # prints the paper and its key
    record = next(
        r for r in (
            papers.draw(blueprint, seed=f"roles-{n}", sets=2, max_overlap=Decimal("0.5"),
                        actor=host) for n in range(40)
        ) if r.papers.get(index=0).items.filter(version__question=question).exists()
    )  # fmt: skip
    paper = record.papers.get(index=0)
    page.goto(f"{site}{E}papers/{paper.pk}/")
    expect(page.get_by_role("img", name=re.compile("选项B的图片"))).to_have_count(1)
    key_url = page.locator("#key-pdf").get_attribute("href")
    assert page.request.get(site + key_url).headers["content-type"] == "application/pdf"
    _checked(page, "sealed paper for its drawer")

    # supervisor: the key is sealed too; confirms the draw
    _login(page, site, "supervisor")
    assert page.request.get(site + key_url).status == 404
    page.goto(f"{site}{E}draws/{record.pk}/")
    page.get_by_role("button", name="监督确认抽卷").click()
    expect(page.locator("#confirmation")).to_contain_text("已确认")
    _checked(page, "draw confirmed by the supervisor")

    # the exam opens a minute ago; one finalist on a phone
    sitting = sittings.create_sitting(
        final, paper,
        {"starts_at": timezone.now() - dt.timedelta(minutes=1), "minutes": 60,
         "short_gap": Decimal(2)},
        actor=host,
    )  # fmt: skip
    attempt = sitting.attempts.select_related("competitor").first()
    number = attempt.competitor.number
    phone, exam = _context(browser, PHONE)
    _sign_in(exam, site, number, attempt.code)
    option_picture = exam.get_by_role("img", name=re.compile("^选项[A-E]的图片$"))
    expect(option_picture).to_have_count(1)
    assert option_picture.evaluate("img => img.complete && img.naturalWidth") == 60
    _checked(exam, "exam with an option picture on a phone")
    order = Attempt.objects.get(pk=attempt.pk).question_order
    for item_id in order[:2]:
        _answer(_question(exam, item_id))
    expect(exam.locator("#sync")).to_have_text("答案已全部保存")

    # a second device with the same code is refused, and the invigilator sees it
    tablet, second = _context(browser, TABLET)
    _sign_in(second, site, number, attempt.code)
    expect(second.get_by_role("alert")).to_contain_text("已在另一台设备上登录")
    _checked(second, "second device refused")
    _login(page, site, "host")
    page.goto(f"{site}{E}sittings/{sitting.pk}/")
    row = page.locator(f'tr[data-number="{number}"]')
    expect(row).to_contain_text("另一台设备尝试登录")
    _checked(page, "invigilator board with a second device")

    # the invigilator moves the exam to the tablet; the phone, still answering, is told on its
    # next save and hands over that answer
    row.get_by_text("延长时间 / 换设备").click()
    row.get_by_role("button", name=re.compile("换设备")).click()
    expect(page.get_by_role("alert")).to_contain_text("新登录码")
    new_code = Attempt.objects.get(pk=attempt.pk).code
    # the handed-over answer is a ticked option (a short answer is sent when its box loses focus);
    # the order is the contestant's own shuffle, so the first such question after the two answered
    third = next(i for i in order[2:] if _question(exam, i).get_attribute("data-kind") != "short")
    _question(exam, third).locator("input").last.check()
    expect(exam.locator("#moved-notice")).to_contain_text("已在另一台设备登录")
    expect(exam.locator("#moved-notice")).to_contain_text("1 个答案已转交")
    expect(exam.get_by_role("button", name="交卷")).to_be_disabled()
    _checked(exam, "old device told it was moved")
    assert Answer.objects.filter(attempt_id=attempt.pk).count() == 3
    exam.reload()
    expect(exam.get_by_role("heading", name=re.compile("已在另一台设备登录"))).to_be_visible()
    phone.close()

    _sign_in(second, site, number, new_code)
    expect(second.locator(".exam-question")).to_have_count(11)
    expect(_question(second, third).locator("input:checked")).to_have_count(1)
    _checked(second, "exam resumed on the tablet")

    # the invigilator extends the tablet's time by five minutes, with the reason
    page.reload()
    row = page.locator(f'tr[data-number="{number}"]')
    row.get_by_text("延长时间 / 换设备").click()
    row.get_by_label("延长分钟").fill("5")
    row.get_by_label("原因").fill("换设备耽误")
    row.get_by_role("button", name="延长").click()
    expect(page.get_by_role("alert")).to_contain_text("延长 5 分钟")
    expect(page.locator(f'tr[data-number="{number}"]')).to_contain_text("延长 5 分钟")

    # the contestant answers the rest on the tablet and submits
    for item_id in [i for i in order[2:] if i != third]:
        _answer(_question(second, item_id))
    expect(second.locator("#sync")).to_have_text("答案已全部保存")
    second.get_by_role("button", name="交卷").click()
    expect(second.locator("#exam-done")).to_contain_text("已交卷")
    assert Answer.objects.filter(attempt_id=attempt.pk).count() == 11
    tablet.close()

    # grader: blind marking on a phone
    page.set_viewport_size(PHONE)
    _login(page, site, "judge")
    page.goto(f"{site}{E}sittings/{sitting.pk}/grade/")
    expect(page.locator("#answer-text")).to_contain_text("检查润滑")
    assert number not in page.locator("#grading-item").inner_text()
    _checked(page, "grading on a phone")
    page.get_by_label(re.compile("^得分")).fill("8")
    page.get_by_role("button", name="保存评分").click()
    expect(page.get_by_role("alert")).to_contain_text("已保存评分")

    # office: the paper after the exam opened, the item analysis; never the key
    page.set_viewport_size(DESKTOP)
    _login(page, site, "office")
    page.goto(f"{site}{E}")
    _checked(page, "exam home for the office")
    page.goto(f"{site}{E}papers/{paper.pk}/")
    expect(page.locator("#paper-items > li")).to_have_count(11)
    expect(page.locator("#key-pdf")).to_have_count(0)
    assert page.request.get(site + key_url).status == 404
    page.goto(f"{site}{E}sittings/{sitting.pk}/analysis/")
    expect(page.locator("#items tbody tr")).to_have_count(11)
    _checked(page, "item analysis for the office")

    # supervisor, after the exam opened: the key prints
    _login(page, site, "supervisor")
    page.goto(f"{site}{E}papers/{paper.pk}/")
    expect(page.locator("#key-pdf")).to_have_count(1)
    assert page.request.get(site + key_url).status == 200
    _checked(page, "paper for the supervisor after the exam opened")
