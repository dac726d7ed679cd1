"""Every finals-scoring URL for every persona (200/302, 403, 404, login, 405), and the way from
lock to the public results page through the pages themselves."""

import datetime as dt
import re

import pytest
from django.db.models import F
from django.utils import timezone

from tests.support import RANKED_MARKS, actor, decrypt_and_recheck, score_all
from zhenxing.judging.lock import lock as lock_final
from zhenxing.judging.lock import witness
from zhenxing.judging.marks import save_sheet
from zhenxing.judging.models import Correction, Final, Mark
from zhenxing.judging.schemes import current_scheme, rules_scheme
from zhenxing.judging.theory import save_theory
from zhenxing.orgs.models import AuditEntry, Membership
from zhenxing.results.appeals import decide_appeal, lodge_appeal, open_appeals

pytestmark = pytest.mark.django_db

INSIDERS = ["office", "host", "judge", "chief", "clerk", "supervisor", "encryption", "arbitrator"]
OUTSIDERS = ["alice", "bob", "hrss", "charlie", "design_judge"]
EVERYONE = set(INSIDERS)
MANAGE = {"office", "host"}  # event.manage
ENTER = {"judge", "chief", "clerk"}  # score.enter
THEORY = {"office", "host", "clerk"}  # score.theory
LOCK, WITNESS, PUBLISH, HOLD = {"chief"}, {"supervisor"}, {"office"}, {"encryption"}
FOUR = {"李娜": ("1", "0", [3, 3, 3]), "王芳": ("1", "2, 1", [2, 2, 3])}
FOUR |= {"赵敏": ("0", "0", [2, 2, 2]), "孙丽": ("1", "5", [1, 1, 2])}


def url(final, page=""):
    return f"/office/2020-nmg/events/{final.event.pk}/final/{page}"


def as_(client, user):
    client.logout()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def matrix(final, numbers):
    """The final with one paper mark awaiting its second entry (keyed by clerk), a judge of
    another event (design_judge), and every scoring URL with the method and data a user sends."""
    from tests.support import member as _member
    from zhenxing.editions.models import Event

    people = final.people
    design = Event.objects.get(occupation__name="机械设计", group="worker")
    people["design_judge"] = _member("design_judge", final.event.edition, "judge", design)
    competitor = final.competitors.get(number=numbers["李娜"])
    save_sheet(
        final, competitor, people["judge2"], {"A3": "2"}, {},
        actor=actor(people["clerk"]), paper=True,
    )  # fmt: skip
    mark = Mark.objects.get(competitor=competitor)
    sheet = f"scoring/{numbers['李娜']}/"
    scheme_text = _scheme_text(final)
    final.endpoints = [
        # (method, page, data, who may, their status, exceptions)
        ("get", "", None, EVERYONE, 200, {}),
        ("get", "scheme/", None, EVERYONE, 200, {}),
        ("get", "scheme.xlsx", None, EVERYONE, 200, {}),
        ("get", "panel/", None, EVERYONE, 200, {}),
        ("get", "numbers/", None, HOLD, 302, {}),
        ("get", "scoring/", None, ENTER, 200, {}),
        ("get", sheet, None, ENTER, 200, {"clerk": 302}),  # a clerk picks the judge first
        ("get", "problems/", None, EVERYONE, 200, {}),
        ("get", "corrections/", None, EVERYONE, 200, {}),
        ("get", "theory/", None, THEORY, 200, {}),
        ("get", "theory.xlsx", None, THEORY, 200, {}),
        ("get", "results/", None, EVERYONE, 200, {}),
        ("post", "scheme/", {"text": scheme_text}, MANAGE, 302, {}),
        ("post", "panel/", {}, MANAGE, 302, {}),
        ("post", "draw/", {}, HOLD, 302, {}),
        ("post", sheet, {}, ENTER, 200, {"clerk": 302}),
        ("post", f"marks/{mark.pk}/confirm/", {}, ENTER, 302, {"clerk": 403}),  # keyed it
        ("post", f"marks/{mark.pk}/resolve/", {}, LOCK, 302, {}),
        ("post", f"competitors/{competitor.pk}/absent/", {}, LOCK, 302, {}),
        ("post", "lock/", {}, LOCK, 302, {}),
        ("post", "corrections/", {}, LOCK, 302, {}),
        ("post", "corrections/999999/witness/", {}, WITNESS, 404, {}),  # checked, then looked up
        ("post", "theory/", {}, THEORY, 302, {}),
        ("post", "publish/", {}, PUBLISH, 302, {}),
    ]
    return final


def _scheme_text(final):
    from zhenxing.judging.views.schemes import _scheme_toml

    return _scheme_toml(rules_scheme(current_scheme(final)))


def _state(final):
    """What a refused request must leave as it was."""
    fresh = Final.objects.get(pk=final.pk)
    return (
        AuditEntry.objects.count(),
        Membership.objects.count(),
        list(Mark.objects.values_list("pk", "value", "status", "revision")),
        (fresh.revision, fresh.locked_at, fresh.published_at),
        list(final.competitors.values_list("pk", "number", "absent")),
    )


def _send(client, final, method, page, data):
    return getattr(client, method)(url(final, page), data or {})


@pytest.mark.parametrize("persona", INSIDERS)
def test_each_role_may_do_its_part_and_is_refused_the_rest(client, matrix, persona):
    client = as_(client, matrix.people[persona])
    for method, page, data, holders, ok, exceptions in matrix.endpoints:
        before = _state(matrix)
        response = _send(client, matrix, method, page, data)
        expected = exceptions.get(persona, ok if persona in holders else 403)
        assert response.status_code == expected, (persona, method, page, response.status_code)
        if expected == 403:
            assert _state(matrix) == before, (persona, method, page)
            assert "无权访问" in response.content.decode()


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_and_other_events_judges_get_404_and_change_nothing(client, matrix, persona):
    client = as_(client, matrix.people[persona])
    before = _state(matrix)
    for method, page, data, *_ in matrix.endpoints:
        response = _send(client, matrix, method, page, data)
        assert response.status_code == 404, (persona, method, page)
        assert "李娜" not in response.content.decode()
    assert _state(matrix) == before


def test_anonymous_visitors_are_sent_to_login_for_every_scoring_url(client, matrix):
    client = as_(client, None)
    before = _state(matrix)
    for method, page, data, *_ in matrix.endpoints:
        response = _send(client, matrix, method, page, data)
        assert response.status_code == 302, (method, page)
        assert response["Location"].startswith("/accounts/login/?next="), (method, page)
    assert _state(matrix) == before


def test_unknown_event_edition_number_or_mark_is_404(client, final, numbers):
    client = as_(client, final.people["chief"])
    assert client.get("/office/2020-nmg/events/999999/final/").status_code == 404
    assert client.get(f"/office/nope/events/{final.event.pk}/final/").status_code == 404
    assert client.get(url(final, "scoring/999/")).status_code == 404
    assert client.post(url(final, "marks/999999/confirm/"), {"value": "1"}).status_code == 404
    assert client.post(url(final, "competitors/999999/absent/"), {"absent": "1"}).status_code == 404


@pytest.mark.parametrize(
    ("method", "target"),
    [
        ("post", ""),
        ("put", "scheme/"),
        ("post", "scheme.xlsx"),
        ("delete", "panel/"),
        ("get", "draw/"),
        ("post", "numbers/"),
        ("post", "scoring/"),
        ("put", "scoring/001/"),
        ("get", "marks/1/confirm/"),
        ("get", "marks/1/resolve/"),
        ("post", "problems/"),
        ("get", "competitors/1/absent/"),
        ("get", "lock/"),
        ("put", "corrections/"),
        ("get", "corrections/1/witness/"),
        ("put", "theory/"),
        ("post", "theory.xlsx"),
        ("post", "results/"),
        ("get", "publish/"),
    ],
)
def test_wrong_method_is_405(client, final, method, target):
    # the committee office and the chief judge together hold every code the URLs need
    for persona in ("office", "chief"):
        response = getattr(as_(client, final.people[persona]), method)(url(final, target))
        assert response.status_code == 405, (persona, method, target)


def test_public_results_page_wrong_method_and_unknown_event(client, final):
    as_(client, None)
    assert client.post(f"/editions/2020-nmg/events/{final.event.pk}/results/").status_code == 405
    assert client.get("/editions/2020-nmg/events/999999/results/").status_code == 404
    assert client.get(f"/editions/nope/events/{final.event.pk}/results/").status_code == 404


# ---------------------------------------------------------------- the sign-in sheet


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("judge", 403),
        ("clerk", 403),
        ("chief", 403),
        ("supervisor", 403),
        ("host", 403),  # docs/decisions.md: only the encryption officer holds the mapping
        ("office", 403),
        ("alice", 404),
        ("charlie", 404),
    ],
)
def test_sign_in_sheet_is_refused_to_everyone_but_the_encryption_officer(
    client, final, persona, status
):
    response = as_(client, final.people[persona]).get(url(final, "numbers/"), follow=True)
    assert response.status_code == status
    assert "李娜" not in response.content.decode()


def test_encryption_officer_gets_the_sign_in_sheet_with_names(client, final, numbers):
    response = as_(client, final.people["encryption"]).get(url(final, "numbers/"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == url(final, "anonymity/")
    body = response.content.decode()
    rows = re.findall(r"<tr><td>(\d{3})</td><td></td><td></td><td>(.+?)</td><td>(.+?)</td>", body)
    assert sorted(rows) == sorted(
        (number, name, "呼和浩特市" if name in ("李娜", "王芳") else "包头市")
        for name, number in numbers.items()
    )


# ---------------------------------------------------------------- lock, publication


def _public(client, final):
    """The public results page as an anonymous visitor sees it."""
    response = as_(client, None).get(f"/editions/2020-nmg/events/{final.event.pk}/results/")
    assert response.status_code == 200
    return response.content.decode()


def _ready(final, numbers):
    """Everyone scored (no spread above 1) and theory entered: nothing stops the lock."""
    score_all(final, FOUR, numbers)
    rows = {number: ("90", "80") for number in numbers.values()}
    save_theory(final, rows, actor=actor(final.people["host"]))


def test_lock_needs_the_confirm_box(client, final, numbers):
    _ready(final, numbers)
    response = as_(client, final.people["chief"]).post(url(final, "lock/"), follow=True)
    assert response.redirect_chain[-1][0] == url(final)
    assert "请勾选确认后再锁定" in response.content.decode()
    assert not Final.objects.get(pk=final.pk).locked


def test_lock_with_problems_goes_to_the_problems_with_a_message(client, final, numbers):
    score_all(final, {"李娜": ("1", "0", [3, 1, 3])}, numbers)  # spread 2, three not scored
    client = as_(client, final.people["chief"])
    response = client.post(url(final, "lock/"), {"confirm": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == url(final, "problems/")
    body = response.content.decode()
    assert "还有 7 个问题未处理，不能锁定" in body
    assert 'data-code="SPREAD_TOO_WIDE"' in body and body.count('data-code="NOT_SCORED"') == 3
    assert body.count('data-code="THEORY_MISSING"') == 3  # 李娜's were entered with her marks
    assert "理论成绩未录入：时事政治、业务知识" in body
    assert not Final.objects.get(pk=final.pk).locked


def test_from_lock_to_public_results_through_the_pages(client, final, numbers):
    people = final.people
    _ready(final, numbers)
    home = as_(client, None).get("/").content.decode()
    public_link = f'href="/editions/2020-nmg/events/{final.event.pk}/results/"'
    assert public_link not in home
    assert "本项目成绩尚未发布" in _public(client, final)

    client = as_(client, people["chief"])
    response = client.post(url(final, "lock/"), {"confirm": "yes"}, follow=True)
    assert "成绩已锁定。此后更正须填写理由，并经监督确认。" in response.content.decode()
    assert Final.objects.get(pk=final.pk).locked_by == people["chief"]
    # a judge's sheet is closed now
    client = as_(client, people["judge"])
    sheet = client.post(url(final, f"scoring/{numbers['李娜']}/"), {"v_A1": "0", "r_A1": "1"})
    assert sheet.status_code == 409 and "成绩已锁定" in sheet.content.decode()

    client = as_(client, people["office"])
    response = client.post(url(final, "publish/"), {"confirm": "yes"}, follow=True)
    body = response.content.decode()
    assert re.search(r'role="alert">还不能发布：[^<]*尚未完成解密', body)  # one message, whole
    assert "本项目成绩尚未发布" in _public(client, final)

    decrypt_and_recheck(final, people)
    client = as_(client, people["office"])
    assert "请勾选确认后再发布" in client.post(url(final, "publish/"), follow=True).content.decode()
    response = client.post(url(final, "publish/"), {"confirm": "yes"}, follow=True)
    assert "成绩已发布，公众可在项目成绩页查看" in response.content.decode()

    body = _public(client, final)
    assert "尚未发布" not in body
    rows = re.findall(r"<tr><td>(\d+)</td><td>(.+?)</td><td>(.+?)</td><td>([\d.]+)</td></tr>", body)
    assert rows == [
        ("1", "李娜", "呼和浩特市", "96.50"),
        ("2", "王芳", "呼和浩特市", "83.43"),
        ("3", "赵敏", "包头市", "72.50"),
        ("4", "孙丽", "包头市", "65.83"),
    ]
    home = as_(client, None).get("/").content.decode()
    assert re.search(public_link + r">\s*查看成绩</a>", home)


def test_a_correction_names_the_number_as_typed_and_the_aspect_by_code_or_name(
    client, final, numbers
):
    people = final.people
    _ready(final, numbers)
    lock_final(final, actor=actor(people["chief"]))
    client = as_(client, people["chief"])
    reason = {"value": "1", "reason": "纸质评分表核对"}
    typed = {  # contest numbers are drawn as 001…; the chief types them as said aloud
        "王芳": (numbers["王芳"].lstrip("0"), "a3", people["judge3"]),  # 2, a3
        "李娜": ("0" + numbers["李娜"].lstrip("0"), "表面质量", people["judge2"]),  # 01
        "赵敏": (f" {numbers['赵敏'].lstrip('0')} ", "A1（安全防护）", None),
    }
    for number, aspect, judge in typed.values():
        data = {"number": number, "aspect": aspect, "judge": str(judge.pk) if judge else ""}
        response = client.post(url(final, "corrections/"), data | reason, follow=True)
        assert "更正已提出，等待监督确认" in response.content.decode(), (number, aspect)
    proposed = {
        (c.mark.competitor.number, c.mark.aspect_key, c.mark.slot)
        for c in Correction.objects.select_related("mark__competitor")
    }
    assert proposed == {
        (numbers["王芳"], "A3", str(people["judge3"].pk)),
        (numbers["李娜"], "A3", str(people["judge2"].pk)),
        (numbers["赵敏"], "A1", ""),
    }
    wrong = {"number": "99", "aspect": "A1"} | reason
    page = client.post(url(final, "corrections/"), wrong, follow=True).content.decode()
    assert "没有参赛号为“99”的选手" in page
    wrong = {"number": numbers["孙丽"], "aspect": "外观"} | reason
    page = client.post(url(final, "corrections/"), wrong, follow=True).content.decode()
    assert "评分标准中没有评分项“外观”" in page and Correction.objects.count() == 3


def test_correction_after_lock_needs_a_supervisor_not_its_proposer(client, final, numbers):
    people = final.people
    _ready(final, numbers)
    lock_final(final, actor=actor(people["chief"]))
    client = as_(client, people["chief"])
    data = {"number": numbers["王芳"], "aspect": "A3", "judge": str(people["judge3"].pk)}
    response = client.post(url(final, "corrections/"), data | {"value": "2"}, follow=True)
    assert "锁定后更正分数必须填写理由" in response.content.decode()
    data |= {"value": "2", "reason": "纸质评分表核对为 2 分"}
    response = client.post(url(final, "corrections/"), data, follow=True)
    assert "更正已提出，等待监督确认" in response.content.decode()
    correction = (
        final.competitors.get(number=numbers["王芳"])
        .marks.get(slot=str(people["judge3"].pk))
        .corrections.get()
    )
    witness = url(final, f"corrections/{correction.pk}/witness/")
    assert client.post(witness, {"approve": "1"}).status_code == 403
    correction.refresh_from_db()
    assert correction.status == "pending"

    client = as_(client, people["supervisor"])
    page = client.post(witness, {}, follow=True).content.decode()  # no button's value
    assert "请选择“同意”或“不同意”该更正" in page
    correction.refresh_from_db()
    assert correction.status == "pending"
    page = client.post(witness, {"approve": "1"}, follow=True).content.decode()
    assert "已同意该更正" in page and "已更正（supervisor）" in page
    mark = correction.mark
    mark.refresh_from_db()
    assert (mark.value, mark.original_value) == (2, 3)
    results = as_(client, people["chief"]).get(url(final, "results/")).content.decode()
    # 王芳's A3 is now [2, 2, 2]: 10 + 27 + 40 = 77 → 61.6 + 16.5 = 78.10
    assert re.search(rf"<td>{numbers['王芳']}</td>\s*<td>[\d.]+</td><td>78.10</td>", results)


def test_a_correction_carries_out_an_upheld_appeal_and_holds_the_results_till_witnessed(
    client, final, numbers
):
    people = final.people
    _ready(final, numbers)
    lock_final(final, actor=actor(people["chief"]))
    ends = timezone.now() - dt.timedelta(hours=1)
    Final.objects.filter(pk=final.pk).update(ends_at=ends)
    final.refresh_from_db()
    arbitrator = actor(people["arbitrator"])  # who registers and decides appeals
    upheld = lodge_appeal(final, "包头市领队", ends, "A3 评分有误", actor=arbitrator)
    dismissed = lodge_appeal(final, "包头市领队", ends, "其他", actor=arbitrator)
    decide_appeal(upheld, True, "A3 应为 2 分", actor=arbitrator)
    decide_appeal(dismissed, False, "不成立", actor=arbitrator)

    client = as_(client, people["chief"])
    page = client.get(url(final, "corrections/")).content.decode()
    assert f'<option value="{upheld.pk}">申诉 {upheld.pk}' in page
    assert f'<option value="{dismissed.pk}">' not in page
    data = {"number": numbers["王芳"], "aspect": "A3", "judge": str(people["judge3"].pk)}
    data |= {"value": "2", "reason": "依申诉裁决更正"}
    refusals = {
        str(dismissed.pk): "只能依据本项目已裁决成立的申诉提出更正",
        "999999": "未找到该申诉",
        "x": "未找到该申诉",
        "²": "未找到该申诉",
    }
    for wrong, message in refusals.items():
        response = client.post(url(final, "corrections/"), data | {"appeal": wrong}, follow=True)
        assert message in response.content.decode()
        assert not Correction.objects.exists()
    client.post(url(final, "corrections/"), data | {"appeal": str(upheld.pk)})
    correction = Correction.objects.get()
    assert correction.appeal_link.appeal == upheld
    assert open_appeals(final) == 1  # upheld, its correction not yet witnessed
    witness(correction, True, actor=actor(people["supervisor"]))
    assert open_appeals(final) == 0
    assert f"<td>申诉 {upheld.pk}</td>" in client.get(url(final, "corrections/")).content.decode()


def test_supervisor_and_arbitrator_dashboards_lead_to_the_finals(client, final):
    event = final.event
    home = url(final)
    page = as_(client, final.people["supervisor"]).get("/dashboard/").content.decode()
    assert f'<a href="{home}">{event} 决赛：监督评分、解密、复核与申诉</a>' in page
    final_page = as_(client, final.people["supervisor"]).get(home).content.decode()
    assert f'href="{url(final, "appeals/")}"' in final_page
    page = as_(client, final.people["arbitrator"]).get("/dashboard/").content.decode()
    assert f'<a href="{url(final, "appeals/")}">{event} 决赛：申诉登记与裁决</a>' in page


def test_a_locked_sheet_says_so_and_offers_no_input(client, final, numbers):
    marks = {name: ("1", "0", [2, 2, 2]) for name in numbers}
    score_all(final, marks, numbers)
    lock_final(final, actor=actor(final.people["chief"]))
    page = as_(client, final.people["judge"]).get(url(final, f"scoring/{numbers['李娜']}/"))
    text = page.content.decode()
    assert (
        "成绩已锁定，本表只供查看" in text
        and "<fieldset disabled>" in text
        and ">保存</button>" not in text
    )


def test_dashboards_say_what_waits_on_each_role_after_the_lock(client, final, numbers):
    from zhenxing.judging.anonymity import confirm_decryption, next_layer, request_decryption
    from zhenxing.results.recheck import record_recheck, start_recheck

    people = final.people
    score_all(final, RANKED_MARKS, numbers)
    lock_final(final, actor=actor(people["chief"]))
    final.refresh_from_db()
    step = request_decryption(final, actor=actor(people["encryption"]))
    supervisor = as_(client, people["supervisor"]).get("/dashboard/").content.decode()
    assert f"确认解密：{final.event}（" in supervisor and "加密裁判已申请" in supervisor
    confirm_decryption(step, actor=actor(people["supervisor"]))
    while next_layer(final):
        confirm_decryption(
            request_decryption(final, actor=actor(people["encryption"])),
            actor=actor(people["supervisor"]),
        )
    assert "确认解密" not in as_(client, people["supervisor"]).get("/dashboard/").content.decode()
    record = start_recheck(final, actor=actor(people["supervisor"]))
    items = list(record.items.all())
    record_recheck(items[0], False, "A2 扣分录错", actor=actor(people["supervisor"]))
    for item in items[1:]:
        record_recheck(item, True, "", actor=actor(people["supervisor"]))
    chief = as_(client, people["chief"]).get("/dashboard/").content.decode()
    assert "□ <a" in chief and "复核发现有误" in chief and "A2 扣分录错" in chief
    assert f'href="{url(final, "corrections/")}"' in chief


def test_the_encryption_officers_dashboard_is_done_once_results_are_published(
    client, final, numbers
):
    from tests.support import finish

    keeper = as_(client, final.people["encryption"]).get("/dashboard/").content.decode()
    assert "抽取参赛号" in keeper
    finish(final, numbers)
    keeper = as_(client, final.people["encryption"]).get("/dashboard/").content.decode()
    assert "抽取参赛号" not in keeper and "成绩已发布，加密工作已完成" in keeper


def test_results_list_the_unranked_last_and_pages_refresh_while_results_update(
    client, final, numbers
):
    from zhenxing.judging.marks import set_absent

    people = final.people
    absent = final.competitors.get(number=numbers["李娜"])
    set_absent(absent, True, actor=actor(people["chief"]))
    score_all(final, {k: v for k, v in RANKED_MARKS.items() if k != "李娜"}, numbers)
    page = as_(client, people["chief"]).get(url(final, "results/")).content.decode()
    table = page[page.index('id="results"') :]
    assert table.index("缺考") > table.rindex("<td>3</td>")  # after the three ranked
    assert 'id="refresh-when-current"' not in page
    Final.objects.filter(pk=final.pk).update(
        revision=F("revision") + 1
    )  # a change, not yet tallied
    for page_name in ("results/", "problems/"):
        stale = client.get(url(final, page_name)).content.decode()
        assert 'id="refresh-when-current"' in stale and 'hx-trigger="every 2s"' in stale


def test_the_audit_log_names_judges_layers_and_blanks_in_chinese(client, final, numbers):
    from zhenxing.judging.anonymity import request_decryption
    from zhenxing.orgs.audit import changes_shown
    from zhenxing.orgs.models import AuditEntry

    people = final.people
    score_all(final, RANKED_MARKS, numbers)
    lock_final(final, actor=actor(people["chief"]))
    final.refresh_from_db()
    request_decryption(final, actor=actor(people["encryption"]))
    saved = AuditEntry.objects.filter(action="judging.mark.created", actor=people["judge"]).first()
    shown = dict((label, after) for label, _, after in changes_shown(saved))
    assert shown["评分裁判"] == "judge"  # not the user id
    resolved = AuditEntry(changes={"value": [[None, "88"], "88"]}, object_type="judging.mark")
    assert changes_shown(resolved)[0][1] == "—、88"  # never "None"
    page = as_(client, people["office"]).get("/office/2020-nmg/audit/").content.decode()
    assert "解密参赛号" in page or "解密工位号" in page or "解密评审号" in page
    assert " 解密 number" not in page and " 解密 station" not in page


def test_the_panel_names_each_organization_in_full(client, final):
    page = as_(client, final.people["host"]).get(url(final, "panel/")).content.decode()
    options = re.findall(r'<option value="\d+">([^<]+)</option>', page)
    assert "共青团呼和浩特市委员会" in options and "呼和浩特市人力资源和社会保障局" in options
    assert options.count("呼和浩特市") == 0  # the bare city name told two bodies apart from none
