"""Entering contestants: the rules core's verdict, who may see and change what, the workflow."""

import datetime as dt

import pytest

from tests.support import make_id
from zhenxing.orgs.audit import SYSTEM
from zhenxing.orgs.models import AuditEntry
from zhenxing.registration.models import Entry, Person


def url(kind, pk, suffix=""):
    return f"/office/2020-nmg/{kind}/{pk}/{suffix}"


def test_registrar_enters_a_contestant_and_the_verdict_is_stored(
    login, delegations, cnc, entry_form
):
    response = login("alice").post(
        url("delegations", delegations["A"].pk, "entries/new/"), entry_form(cnc.pk)
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.eligible and entry.status == "draft" and entry.person.name == "张伟"
    assert AuditEntry.objects.filter(
        action="registration.entry.created", actor_name="alice"
    ).exists()


def test_an_ineligible_entry_is_saved_with_the_reason_shown(login, delegations, cnc, entry_form):
    form = entry_form(cnc.pk, birth=dt.date(1985, 6, 30))
    login("alice").post(url("delegations", delegations["A"].pk, "entries/new/"), form)
    entry = Entry.objects.get()
    assert not entry.eligible
    assert [r["code"] for r in entry.verdict["reasons"]] == ["BIRTH_OUT_OF_WINDOW"]
    page = login("alice").get(url("entries", entry.pk)).content.decode()
    assert "不符合参赛资格" in page and "BIRTH_OUT_OF_WINDOW" in page


def test_live_check_answers_as_the_registrar_types(login, delegations, cnc, entry_form):
    form = entry_form(cnc.pk, id_number="150102199003011231")
    response = login("alice").post(url("delegations", delegations["A"].pk, "entries/check/"), form)
    assert response.status_code == 200
    assert "ID_INVALID" in response.content.decode()
    assert not Entry.objects.exists() and not Person.objects.exists()  # nothing stored
    assert "平台规则说明 §3.4" in response.content.decode()  # not an internal file name
    check = url("delegations", delegations["A"].pk, "entries/check/")
    typed = login("alice").post(check, entry_form(cnc.pk, name="长" * 60, birth_date="2020-02-30"))
    page = typed.content.decode()  # what is wrong with what was typed, not "fill in the name"
    assert "请先改正" in page and "姓名：" in page and "出生日期：" in page
    half = login("alice").post(check, {"name": "张伟"}).content.decode()  # still typing
    assert "请先改正" not in half and "填写姓名、证件号码和比赛项目后" in half
    passport = {"name": "张伟", "document_type": "passport", "id_number": "E1234567"}
    page = login("alice").post(check, passport | {"event": str(cnc.pk)}).content.decode()
    assert "出生日期：非居民身份证请填写出生日期" in page  # the rest is typed: say what is missing


def test_the_live_check_says_what_saving_would_refuse(
    login, delegations, cnc, entry_form, entry_of
):
    theirs = entry_of("B")
    check = url("delegations", delegations["A"].pk, "entries/check/")
    form = entry_form(cnc.pk, name="随便", id_number=theirs.person.document_number, gender="女")
    form["birth_date"] = theirs.person.birth_date.isoformat()
    page = login("alice").post(check, form).content.decode()
    assert "不能保存：</strong>该证件号码的人员已由其他代表队报名" in page
    assert Entry.objects.count() == 1 and not AuditEntry.objects.filter(actor_name="alice").exists()
    mine = entry_of("A", name="王芳")
    same = entry_form(cnc.pk, name="王芳", id_number=mine.person.document_number, gender="女")
    same["birth_date"] = mine.person.birth_date.isoformat()
    assert "已在本代表队报名" in login("alice").post(check, same).content.decode()
    editing = login("alice").post(check + f"?entry={mine.pk}", same).content.decode()
    assert "不能保存" not in editing and "符合参赛资格" in editing


def test_a_registrar_is_not_told_which_delegation_entered_a_contestant(
    login, delegations, cnc, entry_form, entry_of
):
    theirs = entry_of("B")  # 李娜, entered by 包头市 for 数控车工
    form = entry_form(cnc.pk, name="李娜", id_number=theirs.person.document_number, gender="女")
    form["birth_date"] = theirs.person.birth_date.isoformat()
    check = url("delegations", delegations["A"].pk, "entries/check/")
    new = url("delegations", delegations["A"].pk, "entries/new/")
    for response in (login("alice").post(check, form), login("alice").post(new, form)):
        page = response.content.decode()
        assert "该选手不能在本代表队报名这个项目：已由其他代表队报名" in page
        assert "包头市" not in page and "数控车工（职工组）”" not in page
    assert Entry.objects.count() == 1
    office = login("office").post(check, form).content.decode()
    assert f"李娜 已由{theirs.delegation}报名“{cnc}”" in office  # the office sees whose


def test_the_live_check_is_limited_per_user(login, delegations, cnc, entry_form):
    check = url("delegations", delegations["A"].pk, "entries/check/")
    client = login("alice")
    codes = [client.post(check, entry_form(cnc.pk)).status_code for _ in range(61)]
    assert codes[:60] == [200] * 60 and codes[60] == 429
    page = client.post(check, entry_form(cnc.pk)).content.decode()
    assert "即时检查过于频繁" in page and "符合参赛资格" not in page
    form = entry_form(cnc.pk)  # saving still checks everything
    assert (
        client.post(url("delegations", delegations["A"].pk, "entries/new/"), form).status_code
        == 302
    )
    assert (
        login("bob")
        .post(url("delegations", delegations["B"].pk, "entries/check/"), entry_form(cnc.pk))
        .status_code
        == 200
    )  # another user has a count of their own


@pytest.mark.parametrize(
    ("persona", "status"),
    [("bob", 404), ("judge", 404), ("charlie", 404), ("hrss", 403), ("host", 404)],
)
def test_others_cannot_add_to_a_delegation(login, delegations, cnc, entry_form, persona, status):
    response = login(persona).post(
        url("delegations", delegations["A"].pk, "entries/new/"), entry_form(cnc.pk)
    )
    assert response.status_code == status
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("alice", 200),
        ("office", 200),
        ("hrss", 200),
        ("host", 200),
        ("bob", 404),
        ("judge", 404),
        ("charlie", 404),
    ],
)
def test_who_sees_an_entry(login, entry_of, persona, status):
    entry = entry_of("A")
    assert login(persona).get(url("entries", entry.pk)).status_code == status


def test_b_cannot_guess_its_way_into_a(login, entry_of, delegations):
    entry = entry_of("A")
    client = login("bob")
    for path in [
        url("delegations", delegations["A"].pk),
        url("entries", entry.pk),
        url("entries", entry.pk, "edit/"),
        url("delegations", delegations["A"].pk, "export.xlsx"),
    ]:
        assert client.get(path).status_code == 404, path
    assert client.post(url("entries", entry.pk, "delete/")).status_code == 404
    assert client.post(url("delegations", delegations["A"].pk, "submit/")).status_code == 404
    assert Entry.objects.filter(pk=entry.pk, status="draft").exists()


def test_host_sees_only_its_own_events_entries(login, delegations, edition):
    from zhenxing.registration.services import EntryData, save_entry

    birth = dt.date(1991, 1, 1)
    data = EntryData(
        name="王强",
        occupation="配电电缆工",
        group="worker",
        birth_date=birth,
        id_number=make_id(birth),
    )
    other, _ = save_entry(delegations["A"], data, actor=SYSTEM)
    assert login("host").get(url("entries", other.pk)).status_code == 404


def test_submit_review_return_fix_resubmit_approve(login, entry_of, delegations):
    entry = entry_of("A")
    alice = login("alice")
    alice.post(url("delegations", delegations["A"].pk, "submit/"))
    entry.refresh_from_db()
    assert entry.status == "submitted"
    assert (
        login("office").post(url("entries", entry.pk, "return/"), {"reason": ""}).status_code == 302
    )
    entry.refresh_from_db()
    assert entry.status == "submitted"  # a return needs a reason
    login("office").post(url("entries", entry.pk, "return/"), {"reason": "请补充在职证明"})
    entry.refresh_from_db()
    assert entry.status == "returned" and entry.return_reason == "请补充在职证明"
    assert (
        "请补充在职证明"
        in login("alice").get(url("delegations", delegations["A"].pk)).content.decode()
    )
    login("alice").post(url("delegations", delegations["A"].pk, "submit/"))
    login("host").post(url("entries", entry.pk, "approve/"))
    entry.refresh_from_db()
    assert entry.status == "approved"
    actions = list(
        AuditEntry.objects.filter(
            object_id=str(entry.pk), object_type="registration.Entry"
        ).values_list("action", flat=True)
    )
    for step in ["submitted", "returned", "approved"]:
        assert f"registration.entry.{step}" in actions


def test_ineligible_entries_cannot_be_submitted(login, entry_of, delegations):
    entry = entry_of("A", birth=dt.date(1980, 1, 1))
    login("alice").post(url("delegations", delegations["A"].pk, "submit/"))
    entry.refresh_from_db()
    assert entry.status == "draft"


@pytest.mark.parametrize("persona", ["alice", "hrss", "judge"])
def test_only_reviewers_review(login, entry_of, persona):
    entry = entry_of("A", status="submitted")
    response = login(persona).post(url("entries", entry.pk, "approve/"))
    assert response.status_code in (403, 404)
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_after_the_deadline_only_the_office_changes_entries(
    login, entry_of, cnc, entry_form, delegations, edition
):
    edition.registration_deadline = dt.date(2020, 10, 31)
    edition.save()
    entry = entry_of("A")
    response = login("alice").post(url("entries", entry.pk, "edit/"), entry_form(cnc.pk))
    assert (
        response.status_code == 400 and "报名已于 2020年10月31日 截止" in response.content.decode()
    )
    response = login("office").post(
        url("entries", entry.pk, "edit/"), entry_form(cnc.pk, name="李娜娜")
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.person.name == "李娜娜"
    # the pages offer changes only to whom they are open now
    edit = url("entries", entry.pk, "edit/")
    for persona, offered in [("alice", False), ("office", True)]:
        page = login(persona).get(url("entries", entry.pk)).content.decode()
        assert (edit in page) is offered and ('name="kind"' in page) is offered
        page = login(persona).get(url("delegations", delegations["A"].pk)).content.decode()
        assert ("添加选手" in page) is offered


def test_the_same_person_cannot_enter_an_event_twice(login, delegations, cnc, entry_form):
    login("alice").post(url("delegations", delegations["A"].pk, "entries/new/"), entry_form(cnc.pk))
    response = login("bob").post(
        url("delegations", delegations["B"].pk, "entries/new/"), entry_form(cnc.pk)
    )
    assert response.status_code == 400
    assert "已由其他代表队报名，同一人不能重复报名同一项目" in response.content.decode()
    assert "呼和浩特市" not in response.content.decode()  # whose is not bob's business
    assert Entry.objects.count() == 1


def test_wrong_methods(login, entry_of, delegations):
    entry = entry_of("A")
    client = login("alice")
    assert client.get(url("entries", entry.pk, "approve/")).status_code == 405
    assert client.get(url("delegations", delegations["A"].pk, "submit/")).status_code == 405
    assert client.put(url("entries", entry.pk)).status_code == 405


def test_reviewer_approves_all_clean_entries_at_once(login, entry_of):
    from zhenxing.registration.services import EntryData, save_entry

    clean = [entry_of("A", name=n, status="submitted") for n in ["甲一", "乙二"]]
    birth = dt.date(1990, 5, 5)
    flagged, _ = save_entry(
        clean[0].delegation,
        EntryData(
            name="丙三",
            occupation="数控车工",
            group="worker",
            birth_date=birth,
            id_number=make_id(birth),
            non_public_economy=True,
        ),
        actor=SYSTEM,
    )
    flagged.status = "submitted"
    flagged.save()
    queue = login("host").get("/office/2020-nmg/review/").content.decode()
    assert ">非公经济青年</span>" in queue and "NON_PUBLIC_ECONOMY</span>" not in queue
    assert login("judge").post("/office/2020-nmg/review/approve-clean/").status_code == 403
    assert login("charlie").post("/office/2020-nmg/review/approve-clean/").status_code == 404
    response = login("host").post("/office/2020-nmg/review/approve-clean/", follow=True)
    assert "已通过 2 条" in response.content.decode()
    assert Entry.objects.filter(status="approved").count() == 2
    flagged.refresh_from_db()
    assert flagged.status == "submitted"


def test_birth_date_is_read_from_the_id_and_an_invalid_id_is_refused(
    login, delegations, cnc, entry_form
):
    form = entry_form(cnc.pk, birth_date="")
    response = login("alice").post(url("delegations", delegations["A"].pk, "entries/new/"), form)
    assert response.status_code == 302
    assert Person.objects.get().birth_date == dt.date(1990, 3, 1)
    bad = entry_form(cnc.pk, birth_date="", id_number="150102199003011231", name="王五")
    response = login("alice").post(url("delegations", delegations["A"].pk, "entries/new/"), bad)
    assert response.status_code == 400 and "证件号码无效：" in response.content.decode()
    with_birth = {**bad, "birth_date": "1990-03-01"}  # a date given does not make it valid
    response = login("alice").post(
        url("delegations", delegations["A"].pk, "entries/new/"), with_birth
    )
    assert response.status_code == 400 and "证件号码无效：" in response.content.decode()
    assert Person.objects.count() == 1


def test_the_form_cannot_rename_a_contestant_another_delegation_entered(
    login, delegations, cnc, entry_form
):
    from zhenxing.editions.models import Event

    login("bob").post(url("delegations", delegations["B"].pk, "entries/new/"), entry_form(cnc.pk))
    other = Event.objects.get(occupation__name="机械设计", group="worker")
    renamed = entry_form(other.pk, name="冒名", phone="13811112222")
    response = login("alice").post(url("delegations", delegations["A"].pk, "entries/new/"), renamed)
    assert "已由其他代表队报名" in response.content.decode()
    assert Person.objects.get().name == "张伟" and Entry.objects.count() == 1
    same = entry_form(other.pk, phone="13811112222")  # the same person: entered, phone kept
    login("alice").post(url("delegations", delegations["A"].pk, "entries/new/"), same)
    person = Person.objects.get()
    assert (person.name, person.phone, person.entries.count()) == ("张伟", "13812345678", 2)
    forest = Event.objects.get(occupation__name="森林抚育", group="worker")
    no_gender = entry_form(forest.pk, gender="")  # a blank gender keeps the stored one
    login("alice").post(url("delegations", delegations["A"].pk, "entries/new/"), no_gender)
    assert Person.objects.get().gender == "男" and Entry.objects.count() == 3


def test_the_form_refuses_a_phone_that_is_not_one(login, delegations, cnc, entry_form):
    new = url("delegations", delegations["A"].pk, "entries/new/")
    response = login("alice").post(new, entry_form(cnc.pk, phone="abc<b>"))
    assert response.status_code == 400 and "不是电话号码" in response.content.decode()
    assert login("alice").post(new, entry_form(cnc.pk, phone="0471-6222333")).status_code == 302


def test_a_field_with_its_own_error_is_not_also_said_to_be_missing(
    login, delegations, cnc, entry_form
):
    new = url("delegations", delegations["A"].pk, "entries/new/")
    form = entry_form(cnc.pk, qualification_level="3", qualification_issued_on="昨天")
    form |= {"placing_class": "1", "placing_team_size": "2", "placing_rank": "-1"}
    page = login("alice").post(new, form).content.decode()
    assert "请填写证书颁发日期" not in page and "请同时填写赛项人数和名次" not in page
    assert page.count("invalid-feedback d-block") == 2  # the date's and the rank's own messages
    assert (
        'name="qualification_issued_on" id="id_qualification_issued_on"\n          type="date"'
        in page
    )
    assert 'name="name" id="id_name"\n          value="张伟" maxlength="50"' in page


def test_the_form_refuses_a_certificate_dated_after_today(login, delegations, cnc, entry_form):
    new = url("delegations", delegations["A"].pk, "entries/new/")
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    form = entry_form(cnc.pk, qualification_level="3")
    response = login("alice").post(new, form | {"qualification_issued_on": tomorrow.isoformat()})
    assert response.status_code == 400 and "颁发日期晚于今天" in response.content.decode()
    assert Entry.objects.count() == 0
    response = login("alice").post(new, form | {"qualification_issued_on": "2018-05-01"})
    assert response.status_code == 302 and Entry.objects.count() == 1


@pytest.mark.parametrize(
    ("persona", "status", "events"),
    [
        ("office", 200, 2),
        ("hrss", 200, 2),
        ("host", 200, 1),  # its own event only
        ("alice", 403, 0),
        ("bob", 403, 0),
        ("judge", 403, 0),
        ("charlie", 404, 0),
        (None, 302, 0),
    ],
)
def test_the_event_lists_page_per_persona(login, entry_of, persona, status, events):
    from zhenxing.editions.models import Event

    entry_of("A")
    host_events = Event.objects.filter(host_unit__name="中国航天科工集团第六研究院")
    response = login(persona).get("/office/2020-nmg/events/")
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        shown = page.count('formaction="/office/2020-nmg/events/') // 2
        expected = Event.objects.count() if events == 2 else host_events.count()
        assert shown == expected and "数控车工（职工组）" in page
        assert ('name="full"' in page) is (persona != "host")  # the host: masked only


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("office", 200),
        ("hrss", 200),
        ("host", 403),
        ("alice", 403),
        ("bob", 403),
        ("judge", 403),
        ("charlie", 404),
        (None, 302),
    ],
)
def test_the_list_of_all_delegations_is_for_edition_wide_roles(login, delegations, persona, status):
    response = login(persona).get("/office/2020-nmg/delegations/")
    assert response.status_code == status
    if status == 200:
        assert "呼和浩特市代表队" in response.content.decode()


def test_the_delegation_page_offers_ordered_and_full_exports(login, delegations):
    page = login("alice").get(url("delegations", delegations["A"].pk)).content.decode()
    assert 'value="strokes"' in page and 'name="full"' in page and "将记入审计日志" in page
    export = url("delegations", delegations["A"].pk, "export.xlsx") + "?order=pinyin&full=1"
    assert login("alice").get(export).status_code == 200


def test_a_bad_leader_form_says_so_and_keeps_nothing(login, delegations):
    response = login("alice").post(
        url("delegations", delegations["A"].pk), {"leader_name": "长" * 60}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "领队和联系人信息未保存" in page and " open>" in page
    delegations["A"].refresh_from_db()
    assert delegations["A"].leader_name == ""


def test_an_entrys_record_names_its_steps_in_chinese(login, entry_of):
    entry = entry_of("A")
    page = login("alice").get(f"/office/2020-nmg/entries/{entry.pk}/").content.decode()
    assert "新增报名" in page and "registration.entry.created" not in page


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("王\x07五", "含有看不见的控制字符"),
        ("王\x00五", "含有看不见的控制字符"),
        ("王\ufffd五", "含有无法识别的字符"),
        ("长" * 60, "最多 50 个字，现有 60 个"),
        ("张伟\u202e试测", "含有改变文字显示方向的隐藏字符"),  # shows as 张伟测试
        ("\u2067张伟", "含有改变文字显示方向的隐藏字符"),
        ("张\u200b伟", "含有看不见的零宽字符"),  # looks like 张伟
        ("张伟\ufeff", "含有看不见的零宽字符"),
    ],
)
def test_the_form_says_what_is_wrong_with_a_name(
    login, delegations, cnc, entry_form, name, message
):
    new = url("delegations", delegations["A"].pk, "entries/new/")
    response = login("alice").post(new, entry_form(cnc.pk, name=name))
    assert response.status_code == 400 and message in response.content.decode()
    assert Entry.objects.count() == 0


def test_a_blank_gender_is_read_from_the_id_number(login, delegations, cnc, entry_form):
    new = url("delegations", delegations["A"].pk, "entries/new/")
    login("alice").post(new, entry_form(cnc.pk, gender=""))  # make_id: a man's number
    assert Person.objects.get().gender == "男"


def test_a_full_width_phone_is_stored_half_width(login, delegations, cnc, entry_form):
    new = url("delegations", delegations["A"].pk, "entries/new/")
    login("alice").post(new, entry_form(cnc.pk, phone="１３９００００２２２２"))
    assert Person.objects.get().phone == "13900002222"


def test_leader_and_contact_names_refuse_hidden_characters(login, delegations):
    alice = login("alice")
    response = alice.post(url("delegations", delegations["A"].pk), {"leader_name": "王\u200b领队"})
    assert response.status_code == 400 and "含有看不见的零宽字符" in response.content.decode()
    delegations["A"].refresh_from_db()
    assert delegations["A"].leader_name == ""
    organization = delegations["A"].organization
    page = f"/office/2020-nmg/organizations/{organization.pk}/"
    response = alice.post(page, {"contact_name": "张三\u202e", "version": "1"})
    assert "含有改变文字显示方向的隐藏字符" in response.content.decode()
    organization.refresh_from_db()
    assert organization.contact_name != "张三\u202e"


def test_the_leader_form_refuses_what_is_not_a_phone_number(login, delegations):
    response = login("alice").post(
        url("delegations", delegations["A"].pk),
        {"leader_name": "王领队", "leader_phone": "=cmd|' /C calc'!A0", "contact_phone": "abc"},
    )
    assert response.status_code == 400 and "不是电话号码" in response.content.decode()
    delegations["A"].refresh_from_db()
    assert delegations["A"].leader_phone == "" and delegations["A"].leader_name == ""


def test_adding_an_entry_that_exists_is_refused_not_an_overwrite(
    login, delegations, cnc, entry_form
):
    new = url("delegations", delegations["A"].pk, "entries/new/")
    client = login("alice")
    client.post(new, entry_form(cnc.pk))
    again = entry_form(cnc.pk, name="重复", employer="")
    response = client.post(new, again)
    assert response.status_code == 400 and "已在本代表队报名" in response.content.decode()
    entry = Entry.objects.get()
    assert entry.person.name == "张伟" and entry.employer == "包钢集团"


def test_opening_the_edit_form_is_audited_as_seeing_the_full_numbers(login, entry_of):
    entry = entry_of("A")
    page = login("alice").get(url("entries", entry.pk, "edit/"))
    assert page.status_code == 200 and entry.person.document_number in page.content.decode()
    viewed = AuditEntry.objects.get(action="privacy.person.viewed_full")
    assert viewed.changes == {"entry": [None, entry.pk], "where": [None, "修改表单"]}


def test_an_approved_entry_offers_no_edit_to_its_registrar(login, entry_of):
    entry = entry_of("A", status="approved")
    client = login("alice")
    assert "修改</a>" not in client.get(url("entries", entry.pk)).content.decode()
    response = client.get(url("entries", entry.pk, "edit/"), follow=True)
    assert "该报名已审核通过" in response.content.decode()
    assert not AuditEntry.objects.filter(action="privacy.person.viewed_full").exists()
    assert "修改</a>" in login("office").get(url("entries", entry.pk)).content.decode()


def test_submitting_sends_the_eligible_entries_and_keeps_the_others_back(
    login, entry_of, delegations
):
    fine = entry_of("A")
    too_old = entry_of("A", name="老王", birth=dt.date(1960, 1, 1))
    client = login("alice")
    page = client.get(url("delegations", delegations["A"].pk)).content.decode()
    assert "提交审核（1 条）" in page and "另有 1 条不符合参赛资格，不会提交" in page
    page = client.post(url("delegations", delegations["A"].pk, "submit/"), follow=True)
    text = page.content.decode()
    assert "已提交 1 条报名" in text and "1 条报名不符合参赛资格（老王），没有提交" in text
    fine.refresh_from_db(), too_old.refresh_from_db()
    assert (fine.status, too_old.status) == ("submitted", "draft")
    assert "没有待提交的报名" in text and "提交审核（" not in text


def test_the_entry_page_links_back_only_where_the_reader_may_go(login, entry_of):
    entry = entry_of("A")
    back = f'href="/office/2020-nmg/delegations/{entry.delegation_id}/">返回代表队'
    assert back in login("alice").get(url("entries", entry.pk)).content.decode()
    host_page = login("host").get(url("entries", entry.pk)).content.decode()
    assert back not in host_page and 'href="/office/2020-nmg/events/">返回比赛项目' in host_page
    assert login("host").get(url("delegations", entry.delegation_id)).status_code == 404


def test_moving_an_entry_onto_the_persons_other_entry_is_refused(
    login, delegations, cnc, entry_form
):
    from zhenxing.editions.models import Event

    design = Event.objects.get(occupation__name="机械设计", group="worker")
    client = login("alice")
    new = url("delegations", delegations["A"].pk, "entries/new/")
    client.post(new, entry_form(cnc.pk))
    client.post(new, entry_form(design.pk))
    moved = Entry.objects.get(event=design)
    response = client.post(url("entries", moved.pk, "edit/"), entry_form(cnc.pk))
    assert (
        response.status_code == 400 and "不能把这条报名也改成同一项目" in response.content.decode()
    )
    moved.refresh_from_db()
    assert moved.event == design


def test_changing_only_the_name_is_saved_said_and_audited_with_its_author(
    login, entry_of, cnc, entry_form
):
    entry = entry_of("A")
    person = entry.person
    form = entry_form(cnc.pk, name="李娜娜", gender="女", id_number=person.document_number)
    form["birth_date"], form["phone"] = person.birth_date.isoformat(), "13900001111"
    page = (
        login("alice").post(url("entries", entry.pk, "edit/"), form, follow=True).content.decode()
    )
    assert "已保存 李娜娜 的报名" in page
    changed = AuditEntry.objects.get(action="registration.person.changed")
    assert changed.actor_name == "alice" and changed.edition.code == "2020-nmg"
    assert changed.changes == {"name": ["李娜", "李娜娜"]}


def test_a_return_reason_with_a_control_character_is_refused(login, entry_of):
    entry = entry_of("A", status="submitted")
    page = login("office").post(
        url("entries", entry.pk, "return/"), {"reason": "请补\x07充"}, follow=True
    )
    assert "退回理由含有看不见的控制字符" in page.content.decode()
    entry.refresh_from_db()
    assert entry.status == "submitted" and entry.return_reason == ""


def test_a_leaders_phone_is_masked_in_the_audit_log(login, delegations):
    form = {"leader_name": "王领队", "leader_phone": "13912345678"}
    login("alice").post(url("delegations", delegations["A"].pk), form)
    changed = AuditEntry.objects.get(action="registration.delegation.changed")
    assert changed.changes["leader_phone"] == ["", "139****5678"]
    page = login("office").get("/office/2020-nmg/audit/").content.decode()
    assert "13912345678" not in page and "<strong>领队电话</strong>：— → 139****5678" in page


def test_a_birth_date_after_today_is_refused(login, delegations, cnc, entry_form):
    new = url("delegations", delegations["A"].pk, "entries/new/")
    form = entry_form(cnc.pk, document_type="passport", id_number="E1234567")
    form["birth_date"] = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    response = login("alice").post(new, form)
    assert response.status_code == 400 and "出生日期晚于今天，请核对" in response.content.decode()
    assert not Entry.objects.exists()
