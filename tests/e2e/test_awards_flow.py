"""From final results to a certificate in hand, in the browser: HRSS confirms the occupation's
certificate, the committee office has the awards proposed, HRSS and the office approve theirs,
a delegation downloads its contestant's signed certificate, and the public verifies it at the
address its QR code carries — on a desktop, and the verification on a phone."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.support import actor, decrypt_and_recheck
from zhenxing.judging.anonymity import draw_numbers, set_final_settings
from zhenxing.judging.lock import lock
from zhenxing.judging.theory import save_theory
from zhenxing.results.publication import publish

from .test_scoring_flow import _direct, _login, _user, finals_event

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}


def _final_results():
    """Two finalists scored, locked, decrypted, re-checked and published ten days ago."""
    event, final, people = finals_event()
    hrss = ("hrss", "内蒙古自治区人力资源和社会保障厅")
    people["hrss"] = _user("hrss", "hrss_reviewer", org=hrss)
    people["alice"] = _user("alice", "registrar", org=("league_city", "呼和浩特市"))
    draw_numbers(final, actor=actor(people["encryption"]))
    final.refresh_from_db()
    by_name = {c.entry.person.name: c for c in final.competitors.select_related("entry__person")}
    for name, level in (("李娜", "3"), ("赵敏", "2")):
        _direct(final, by_name[name], people["judge"], {"A1": "1", "A2": "0", "A3": level})
        for judge in ("judge2", "judge3"):
            _direct(final, by_name[name], people[judge], {"A3": level})
    save_theory(
        final, {c.number: ("90", "80") for c in by_name.values()}, actor=actor(people["host"])
    )
    ended = timezone.now() - dt.timedelta(days=10)
    set_final_settings(final, "number", ended, actor=actor(people["host"]))
    lock(final, actor=actor(people["chief"]))
    decrypt_and_recheck(final, people)
    final.refresh_from_db()
    publish(final, actor=actor(people["office"]), at=ended + dt.timedelta(hours=3))
    return event


def _no_sideways_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the page is {overflow}px wider than the screen"


def test_final_results_to_a_verified_certificate(site, page: Page, browser):
    event = _final_results()
    office_base = f"{site}/office/2020-nmg/"
    page.on("dialog", lambda dialog: dialog.accept())

    # HRSS confirms that 数控车工 issues national qualification certificates
    _login(page, site, "hrss")
    page.get_by_role("link", name=re.compile("核对哪些职业属于国家职业资格目录")).click()
    page.get_by_label("数控车工 证书类别").select_option(label="国家职业资格证书")
    row = page.locator("#kinds tr", has_text="数控车工")
    row.get_by_label("已确认").check()
    row.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("已保存“数控车工”的证书类别")

    # the committee office has the rules core propose the awards, with their reasons
    _login(page, site, "office")
    page.goto(office_base + "awards/")
    page.get_by_role("link", name="数控车工（职工组）").click()
    page.get_by_role("button", name="由规则引擎提出拟授奖项").click()
    expect(page.get_by_role("alert")).to_contain_text("已提出")
    expect(page.locator("#awards")).to_contain_text("TITLE_PROPOSED")
    expect(page.locator("#awards")).to_contain_text("国家职业资格二级证书")
    page.get_by_role("button", name=re.compile("核准全部待我核准的奖项")).click()
    expect(page.get_by_role("alert")).to_contain_text("已核准 2 项")  # the two 青年岗位能手

    # HRSS approves the technical-expert titles and the certificates
    _login(page, site, "hrss")
    page.get_by_role("link", name=re.compile("核准奖项：4 项待人社厅核准")).click()
    page.get_by_role("link", name="数控车工（职工组）").click()
    page.get_by_role("button", name=re.compile("核准全部待我核准的奖项（4 项）")).click()
    expect(page.get_by_role("alert")).to_contain_text("已核准 4 项")

    # the delegation downloads its contestant's certificate
    _login(page, site, "alice")
    page.get_by_role("link", name=re.compile("下载本代表队选手的获奖证书")).click()
    expect(page.locator("#certificates")).to_contain_text("李娜")
    with page.expect_download() as waiting:
        page.locator("#certificates tr", has_text="国家职业资格二级证书").get_by_role(
            "link"
        ).click()
    pdf = open(waiting.value.path(), "rb").read()  # noqa: SIM115, PTH123
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "李娜" in text and "国家职业资格二级证书" in text
    address = re.search(r"核验：(\S+)", text).group(1)
    serial = address.rsplit("=", 1)[1]
    assert address == f"http://127.0.0.1:8000/verify/?serial={serial}"

    # the public, on a phone, at the address the QR code carries (this site's, in the test)
    phone = browser.new_page(viewport=PHONE)
    phone.goto(f"{site}/verify/?serial={serial}")
    expect(phone.get_by_label("证书编号")).to_have_value(serial)
    phone.get_by_label("持证人姓名").fill("李娜")
    phone.get_by_role("button", name="核验", exact=True).click()
    expect(phone.locator("#verify-answer")).to_contain_text("证书真实有效")
    expect(phone.locator("#verify-answer")).to_contain_text("国家职业资格二级证书")
    _no_sideways_scroll(phone)
    phone.get_by_label("证书文件（PDF，不超过 5 MB）").set_input_files(
        files=[{"name": "certificate.pdf", "mimeType": "application/pdf", "buffer": pdf}]
    )
    phone.get_by_role("button", name="核验文件").click()
    expect(phone.locator("#verify-file")).to_contain_text("电子签章有效")
    phone.goto(f"{site}/editions/2020-nmg/events/{event.pk}/results/")
    expect(phone.locator("#public-results")).to_contain_text("全区技术能手")
    phone.close()
