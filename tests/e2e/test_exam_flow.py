"""The theory exam in the browser: the host unit imports a bank, types a blueprint and draws
sealed papers, which the supervisor confirms; it arranges a sitting and prints the check-in
sheet; 20 finalists sit the exam — one on a 390-px phone who loses the network mid-way, closes
the page and resumes with nothing lost, the others each in a browser of their own on a tablet or
a phone — one is closed by the server at time up; judges mark the short answers blind; the host writes
the scores into the final's theory scores; the item analysis shows its table and chart. Every
page passes axe-core and the Content-Security-Policy."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from tests.exams.conftest import bank_rows, sheet
from tests.support import actor, make_id

from .test_every_role_on_a_phone import AXE, RUN_AXE, WATCH_CSP
from .test_scoring_flow import _login, finals_event

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
TABLET = {"width": 820, "height": 1180}
DESKTOP = {"width": 1280, "height": 900}
BLUEPRINT = "A，单选题，任意，5，2\nB，判断题，任意，5，2\nC，简答题，任意，1，10"


def _checked(page: Page, label: str) -> None:
    page.wait_for_load_state("networkidle")
    wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wider <= 1, f"{label}: {wider}px wider than the screen"
    assert page.evaluate("window.__csp") == [], label
    faults = page.evaluate(RUN_AXE)
    assert faults == [], f"{label}: {faults}"


def _twenty_finalists(final, people):
    """18 more approved finalists (finals_event made 2), then contest numbers drawn."""
    from zhenxing.judging.anonymity import draw_numbers
    from zhenxing.orgs.audit import SYSTEM
    from zhenxing.orgs.models import Organization
    from zhenxing.registration.models import Entry
    from zhenxing.registration.services import EntryData, delegation_of, save_entry

    edition = final.event.edition
    city = Organization.objects.get(kind="league_city", name="赤峰市")
    delegation = delegation_of(edition, city, actor=SYSTEM)
    for n in range(18):
        birth = dt.date(1990, 1, 1 + n)
        data = EntryData(
            name=f"选手{'甲乙丙丁戊己庚辛壬癸'[n % 10]}{n}", occupation="数控车工", group="worker",
            birth_date=birth, gender="男", id_number=make_id(birth, seq=f"{n + 20:02d}"),
            phone="13900001111",
        )  # fmt: skip
        entry, _ = save_entry(delegation, data, actor=SYSTEM)
        Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.APPROVED)
    draw_numbers(final, actor=actor(people["encryption"]))


def _sit(browser, site: str, attempt, viewport: dict, right: bool, submit: bool = True) -> None:
    """One contestant in a browser of their own: signs in, answers every question (the key, or
    a wrong choice), and submits unless told not to."""
    from zhenxing.exams.models import PaperItem

    keys = {str(i.pk): i.version.key for i in PaperItem.objects.select_related("version")}
    context = browser.new_context(viewport=viewport)
    exam = context.new_page()
    exam.on("dialog", lambda dialog: dialog.accept())
    exam.goto(f"{site}/exam/")
    exam.get_by_label("参赛号").fill(attempt.competitor.number)
    exam.get_by_label(re.compile("登录码")).fill(attempt.code)
    exam.get_by_role("button", name="进入考试").click()
    questions = exam.locator(".exam-question")
    expect(questions).to_have_count(11)
    for index in range(11):
        question = questions.nth(index)
        key = keys[question.get_attribute("data-item")]
        if question.get_attribute("data-kind") == "short":
            question.locator("textarea").fill("检查润滑和急停")
            question.locator("textarea").blur()
        else:
            wrong = {"T": "F", "F": "T"}.get(key) or ("B" if key == "A" else "A")
            question.locator(f"input[value={key if right else wrong}]").check()
    expect(exam.locator("#sync")).to_have_text("答案已全部保存")
    if submit:
        exam.get_by_role("button", name="交卷").click()
        expect(exam.locator("#exam-done")).to_be_visible()
    context.close()


def _local(when) -> str:
    from django.utils import timezone

    return timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")


def test_bank_to_theory_scores(site, page: Page, tmp_path, browser):
    from django.utils import timezone

    from zhenxing.exams import grading
    from zhenxing.exams.models import Answer, Attempt, PaperDraw, Sitting
    from zhenxing.judging.models import TheoryScore

    event, final, people = finals_event()
    _twenty_finalists(final, people)
    page.context.add_init_script(WATCH_CSP)
    page.context.add_init_script(path=str(AXE))
    page.on("dialog", lambda dialog: dialog.accept())
    page.set_viewport_size(DESKTOP)
    bank_file = tmp_path / "题库.xlsx"
    bank_file.write_bytes(sheet(bank_rows()))

    # the host unit imports the bank and types the blueprint
    _login(page, site, "host")
    page.get_by_role("link", name=re.compile("理论考试 数控车工")).click()
    _checked(page, "event exam page")
    page.get_by_role("link", name="业务知识题库").click()
    page.get_by_role("link", name="导入试题").click()
    page.get_by_label(re.compile("题库文件")).set_input_files(str(bank_file))
    page.get_by_role("button", name="导入").click()
    expect(page.get_by_role("alert")).to_contain_text("已导入 27 题")
    _checked(page, "bank")
    page.get_by_role("link", name=re.compile("数控车工")).first.click()
    page.get_by_role("link", name="新建细目表").click()
    page.get_by_label(re.compile("^名称")).fill("业务知识 A 卷")
    page.get_by_label(re.compile("^试卷满分")).fill("30")
    page.get_by_label(re.compile("^细目")).fill(BLUEPRINT)
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#checks")).to_contain_text("题库足以抽出")
    page.get_by_label(re.compile("^种子")).fill("zhenxing-2020")
    page.get_by_role("button", name="抽卷").click()
    expect(page.get_by_role("alert")).to_contain_text("种子 zhenxing-2020")
    page.get_by_role("link", name="正式卷").click()
    expect(page.locator("#paper-items > li")).to_have_count(11)
    draw = PaperDraw.objects.get()

    # sealed: the supervisor sees the draw but not the questions, and confirms it
    _login(page, site, "supervisor")
    page.get_by_role("link", name=re.compile("确认抽卷")).click()
    expect(page.locator("#papers")).to_contain_text("密封")
    page.get_by_role("link", name=re.compile("重新抽一次")).click()
    expect(page.locator("#redraw-result")).to_contain_text("完全相同")
    paper_url = f"{site}/office/2020-nmg/exams/papers/{draw.papers.get(index=0).pk}/"
    assert page.request.get(paper_url).status == 404
    page.get_by_role("button", name="监督确认抽卷").click()
    expect(page.locator("#confirmation")).to_contain_text("已确认")
    _checked(page, "draw")

    # the host arranges the sitting, begun a minute ago, and prints the check-in sheet
    _login(page, site, "host")
    page.goto(f"{site}/office/2020-nmg/exams/event/{event.pk}/sittings/new/")
    page.get_by_label(re.compile("^开考时间")).fill(
        _local(timezone.now() - dt.timedelta(minutes=1))
    )
    page.get_by_role("button", name="安排考试").click()
    expect(page.get_by_role("alert")).to_contain_text("已安排考试")
    sitting = Sitting.objects.get()
    page.get_by_role("link", name=re.compile("打印签到表")).click()
    expect(page.locator("#codes tbody tr")).to_have_count(20)
    _checked(page, "check-in sheet")
    attempts = list(sitting.attempts.select_related("competitor").order_by("competitor__number"))
    phone_one, tablet_one, late_one, others = attempts[0], attempts[1], attempts[2], attempts[3:]

    # on a phone: answers, loses the network, answers on, closes the page, comes back
    phone = browser.new_context(viewport=PHONE)
    phone.add_init_script(WATCH_CSP)
    phone.add_init_script(path=str(AXE))
    exam = phone.new_page()
    exam.on("dialog", lambda dialog: dialog.accept())
    exam.goto(f"{site}/exam/")
    _checked(exam, "sign in")
    exam.get_by_label("参赛号").fill(phone_one.competitor.number)
    exam.get_by_label(re.compile("登录码")).fill(phone_one.code.lower())
    exam.get_by_role("button", name="进入考试").click()
    expect(exam.locator("#clock")).to_have_text(re.compile(r"\d\d:\d\d"))
    _checked(exam, "exam on a phone")
    questions = exam.locator(".exam-question")
    for index in range(3):
        _answer_in_page(questions.nth(index))
    expect(exam.locator("#sync")).to_have_text("答案已全部保存")
    phone.set_offline(True)
    for index in range(3, 6):
        _answer_in_page(questions.nth(index))
    expect(exam.locator("#sync")).to_contain_text("网络中断")
    assert Answer.objects.filter(attempt=phone_one).count() == 3
    exam.close()
    phone.set_offline(False)
    exam = phone.new_page()
    exam.on("dialog", lambda dialog: dialog.accept())
    exam.goto(f"{site}/exam/paper/")
    expect(exam.locator("#sync")).to_have_text("答案已全部保存")
    assert Answer.objects.filter(attempt=phone_one).count() == 6
    for index in range(6, 11):
        _answer_in_page(exam.locator(".exam-question").nth(index))
    expect(exam.locator("#sync")).to_have_text("答案已全部保存")
    exam.get_by_role("button", name="交卷").click()
    expect(exam.locator("#exam-done")).to_contain_text("已交卷")
    phone.close()

    # the other 19 in their own browsers, on tablets and phones; one is still answering when
    # its time runs out
    for number, attempt in enumerate([tablet_one, *others]):
        _sit(browser, site, attempt, TABLET if number % 2 else PHONE, right=number % 3 != 0)
    _sit(browser, site, late_one, TABLET, right=True, submit=False)
    over = dt.timedelta(minutes=sitting.minutes + 2)  # the form's 90 minutes, and the grace
    Sitting.objects.filter(pk=sitting.pk).update(starts_at=timezone.now() - over)
    page.goto(f"{site}/office/2020-nmg/exams/sittings/{sitting.pk}/")
    expect(page.locator("#submitted")).to_have_text("20")
    assert Attempt.objects.get(pk=late_one.pk).auto_submitted
    _checked(page, "invigilator board")

    # two judges mark blind; a third settles the disagreements
    _login(page, site, "judge")
    page.get_by_role("link", name=re.compile("评阅理论考试简答题")).click()
    expect(page.locator("#answer-text")).to_be_visible()
    assert phone_one.competitor.number not in page.locator("#grading-item").inner_text()
    page.get_by_label(re.compile("^得分")).fill("8")
    page.get_by_role("button", name="保存评分").click()
    expect(page.get_by_role("alert")).to_contain_text("已保存评分")
    _checked(page, "grading")
    for answer in grading.waiting_for(sitting, people["judge"]):
        grading.mark_short(answer, Decimal(8), actor=actor(people["judge"]))
    for answer in grading.waiting_for(sitting, people["judge2"]):
        score = Decimal(3) if answer.attempt_id == late_one.pk else Decimal(9)
        grading.mark_short(answer, score, actor=actor(people["judge2"]))
    for answer in grading.waiting_for(sitting, people["judge3"]):
        grading.mark_short(answer, Decimal(6), actor=actor(people["judge3"]))

    # the host writes the theory scores; the final has them
    _login(page, site, "host")
    page.goto(f"{site}/office/2020-nmg/exams/sittings/{sitting.pk}/")
    page.get_by_role("button", name="写入理论成绩").click()
    expect(page.get_by_role("alert")).to_contain_text("已写入理论成绩")
    scores = {s.competitor_id: s.knowledge for s in TheoryScore.objects.all()}
    assert len(scores) == 20 and all(v is not None for v in scores.values())
    # the one closed at time up answered every objective question right: 20 + (8+6)/2 of 30
    assert scores[late_one.competitor_id] == Decimal("90.00")

    # the item analysis: its table and the distribution chart beside it
    page.get_by_role("link", name="试题分析").click()
    expect(page.locator("#items tbody tr")).to_have_count(11)
    expect(page.locator("[data-exam-chart] canvas")).to_have_count(1)
    _checked(page, "item analysis")
    page.set_viewport_size(PHONE)
    page.reload()
    _checked(page, "item analysis on a phone")


def _answer_in_page(question) -> None:
    """Answer one question as a contestant would: the first option, 正确, or some text."""
    kind = question.get_attribute("data-kind")
    if kind in ("single", "multiple", "judge"):
        question.locator("input").first.check()
    else:
        question.locator("textarea, input[type=text]").first.fill("开机前检查润滑、气压和急停")
        question.locator("textarea, input[type=text]").first.blur()
