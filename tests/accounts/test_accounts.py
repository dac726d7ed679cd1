"""Accounts: the office, a host unit and a delegation create the accounts they need, each person
sets their own password through a one-time link, accounts are disabled; all audited."""

import io
import re

import pytest
import xlsxwriter
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from python_calamine import CalamineWorkbook

from zhenxing.orgs.models import AuditEntry, Membership, Organization

pytestmark = pytest.mark.django_db
PAGE = "/office/2020-nmg/accounts/"
User = get_user_model()


def _org(name, kind="league_city"):
    return Organization.objects.get(kind=kind, name=name)


def _host():
    return Organization.objects.get(name="中国航天科工集团第六研究院")


def _link(response) -> str:
    found = re.search(
        r"http://testserver(/accounts/set-password/[^<\s]+/)", response.content.decode()
    )
    assert found, response.content.decode()[:2000]
    return found.group(1)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("office", 200),
        ("host", 200),
        ("alice", 200),
        ("hrss", 403),
        ("judge", 403),
        ("charlie", 404),
    ],
)
def test_the_accounts_page_is_for_those_who_create_accounts(login, persona, expected):
    assert login(persona).get(PAGE).status_code == expected


def test_the_office_creates_a_judge_who_sets_a_password_once_and_signs_in(login, cnc, client):
    office = login("office")
    data = {"name": "王裁判", "role": "judge", "organization": _host().pk, "event": cnc.pk}
    response = office.post(PAGE, data, follow=True)  # to the page of links: a refresh adds none
    assert response.status_code == 200 and "已新建 1 个账号" in response.content.decode()
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    link = _link(response)
    user = User.objects.get(first_name="王裁判")
    assert user.username == "judge-0001" and not user.has_usable_password()
    assert Membership.objects.filter(user=user, role="judge", event=cnc).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"accounts.account.created", "judging.panel.added"} <= actions

    login(None)
    page = client.get(link, follow=True)
    assert "用户名：<strong>judge-0001</strong>" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert "is-invalid" in weak.content.decode()  # the validators' Chinese messages, by field
    done = client.post(
        form_url,
        {"new_password1": "Huhehaote-2020", "new_password2": "Huhehaote-2020"},
        follow=True,
    )
    assert "密码已设置" in done.content.decode()
    signed_in = client.post(
        "/accounts/login/", {"username": "judge-0001", "password": "Huhehaote-2020"}
    )
    assert signed_in.status_code == 302 and signed_in["Location"] == "/dashboard/"
    client.logout()
    again = client.get(link, follow=True).content.decode()
    assert "这个链接已失效" in again  # used once: never again
    assert AuditEntry.objects.filter(action="accounts.password.set", actor=user).exists()


def test_a_host_unit_creates_panel_accounts_for_its_own_events_only(login, cnc, edition):
    host = login("host")
    other = edition.events.exclude(host_unit=_host()).first()
    page = host.get(PAGE + f"?event={cnc.pk}").content.decode()
    assert f'<option value="{cnc.pk}" selected>' in page and 'value="registrar"' not in page
    made = host.post(
        PAGE,
        {"name": "李录分", "role": "clerk", "organization": _host().pk, "event": cnc.pk},
        follow=True,
    )
    assert made.status_code == 200 and Membership.objects.filter(role="clerk", event=cnc).exists()
    refused = host.post(
        PAGE, {"name": "赵某", "role": "judge", "organization": _host().pk, "event": other.pk}
    )
    assert refused.status_code in (400, 403)
    registrar = host.post(PAGE, {"name": "钱某", "role": "registrar", "organization": _host().pk})
    assert "您不能新建“代表队报名联络员”账号" in registrar.content.decode()
    office = host.post(
        PAGE, {"name": "孙某", "role": "committee_office", "organization": _host().pk}
    )
    assert registrar.status_code == office.status_code == 400
    assert not User.objects.filter(first_name__in=["赵某", "钱某", "孙某"]).exists()


def test_a_delegation_creates_its_own_registrars_and_no_one_elses(login):
    alice = login("alice")
    hohhot, baotou = _org("呼和浩特市"), _org("包头市")
    page = alice.get(PAGE).content.decode()
    assert "共青团呼和浩特市委员会" in page and "包头市" not in page
    made = alice.post(
        PAGE, {"name": "周联络", "role": "registrar", "organization": hohhot.pk}, follow=True
    )
    assert made.status_code == 200
    assert Membership.objects.filter(user__first_name="周联络", organization=hohhot).exists()
    assert (
        alice.post(
            PAGE, {"name": "吴某", "role": "registrar", "organization": baotou.pk}
        ).status_code
        == 403
    )
    judge = alice.post(PAGE, {"name": "郑某", "role": "judge", "organization": hohhot.pk})
    assert (
        judge.status_code == 400
        and not User.objects.filter(first_name__in=["吴某", "郑某"]).exists()
    )


def test_typed_mistakes_are_said_by_field_and_nothing_is_created(login, cnc):
    office = login("office")
    cases = [
        ({"name": "", "role": "judge", "event": cnc.pk}, "请填写姓名"),
        ({"name": "王\x00五", "role": "judge", "event": cnc.pk}, "姓名"),
        ({"name": "王\u202e五", "role": "judge", "event": cnc.pk}, "姓名"),
        ({"name": "王五", "role": "judge"}, "须选择比赛项目"),
        ({"name": "王五", "role": "wizard"}, "请选择角色"),
        ({"name": "王五", "role": "supervisor", "username": "office"}, "用户名 office 已被使用"),
        ({"name": "王五", "role": "supervisor", "username": "<b>"}, "用户名须为"),
        ({"name": "王五", "role": "supervisor", "email": "not-mail"}, "电子邮箱"),
    ]
    before = User.objects.count()
    for data, message in cases:
        response = office.post(PAGE, data | {"organization": _host().pk})
        assert response.status_code == 400 and message in response.content.decode(), data
    assert User.objects.count() == before
    escaped = office.post(
        PAGE, {"name": "<script>x</script>", "role": "supervisor", "organization": _host().pk}
    )
    assert "<script>x</script>" not in escaped.content.decode()


def test_disabling_an_account_ends_its_sessions_and_is_audited(login, personas, client):
    judge_client = client
    judge_client.force_login(personas["judge"], backend="django.contrib.auth.backends.ModelBackend")
    assert judge_client.get("/dashboard/").status_code == 200
    from django.test import Client

    office = Client()
    office.force_login(personas["office"], backend="django.contrib.auth.backends.ModelBackend")
    judge = personas["judge"]
    response = office.post(PAGE + f"{judge.pk}/active/", {"active": "0"}, follow=True)
    assert "已停用，该账号不能再登录" in response.content.decode()
    assert judge_client.get("/dashboard/").status_code == 302  # sent to sign in
    assert AuditEntry.objects.filter(action="accounts.account.disabled").count() == 1
    office.post(PAGE + f"{judge.pk}/active/", {"active": "1"})
    judge.refresh_from_db()
    assert judge.is_active


def test_who_may_disable_or_relink_whom(login, personas, cnc):
    host = login("host")
    assert host.post(PAGE + f"{personas['office'].pk}/active/", {"active": "0"}).status_code == 403
    assert host.post(PAGE + f"{personas['alice'].pk}/link/").status_code == 403
    # its own event's judge, who set a password: a new link is not handed to the host
    judge_link = host.post(PAGE + f"{personas['judge'].pk}/link/", follow=True)
    assert "已由本人设置了密码：为防止他人冒用" in judge_link.content.decode()
    host.post(
        PAGE, {"name": "新录分", "role": "clerk", "organization": _host().pk, "event": cnc.pk}
    )
    newcomer = User.objects.get(first_name="新录分")  # no password yet: a new link is handed out
    fresh = host.post(PAGE + f"{newcomer.pk}/link/", follow=True)
    assert fresh.status_code == 200 and "新的设置密码链接" in fresh.content.decode()
    again = host.get(PAGE + "links/").content.decode()  # a refresh shows it, creates nothing
    assert "新录分" in again and User.objects.filter(first_name="新录分").count() == 1
    own = host.post(PAGE + f"{personas['host'].pk}/active/", {"active": "0"}, follow=True)
    assert "不能停用或重置自己的账号" in own.content.decode()
    personas["host"].refresh_from_db()
    assert personas["host"].is_active
    assert (
        login("alice").post(PAGE + f"{personas['bob'].pk}/active/", {"active": "0"}).status_code
        == 403
    )


def test_the_link_is_mailed_where_the_site_has_mail(
    login, settings, django_capture_on_commit_callbacks
):
    settings.ZHENXING_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    data = {
        "name": "监督甲",
        "role": "supervisor",
        "organization": _host().pk,
        "email": "jd@example.cn",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = login("office").post(PAGE, data, follow=True)
    assert "已发送到 jd@example.cn" in response.content.decode()
    assert len(mail.outbox) == 1
    # the page and the mail each make a token: the same account's, a second apart at most
    account = _link(response).rsplit("/", 3)[1]
    mailed = re.search(r"http://testserver(/accounts/set-password/[^\s]+/)", mail.outbox[0].body)
    assert mailed and f"/set-password/{account}/" in mailed.group(1)
    assert Client().get(mailed.group(1), follow=True).status_code == 200


def _sheet(rows) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    header = [
        "姓名",
        "用户名（可空）",
        "角色",
        "所属单位",
        "比赛项目（评判组填写）",
        "电子邮箱（可空）",
    ]
    for r, row in enumerate([header, *rows]):
        sheet.write_row(r, 0, row)
    book.close()
    return out.getvalue()


def test_accounts_from_an_xlsx_list_all_or_none_with_each_rows_problems(login, cnc):
    from django.core.files.uploadedfile import SimpleUploadedFile

    office = login("office")
    template = office.get(PAGE + "template.xlsx")
    assert template.status_code == 200
    header = CalamineWorkbook.from_filelike(io.BytesIO(template.content)).get_sheet_by_index(0)
    assert header.to_python()[0][0] == "姓名"
    good = ["甲裁判", "", "裁判", "中国航天科工集团第六研究院", str(cnc), ""]
    bad = [
        good,
        ["乙裁判", "", "裁判", "呼和浩特市", str(cnc), ""],  # a league committee and an HR bureau
        ["丙", "", "魔法师", "包头市（盟市团委）", "", ""],
    ]
    upload = office.post(PAGE + "import/", {"file": SimpleUploadedFile("a.xlsx", _sheet(bad))})
    text = upload.content.decode()
    assert upload.status_code == 400
    assert (
        "第 3 行：所属单位“呼和浩特市”有 2 个同名组织" in text
        and "第 4 行：角色“魔法师”不存在" in text
    )
    assert not User.objects.filter(first_name="甲裁判").exists()  # none of them
    fixed = [good, ["乙裁判", "yi-judge", "裁判", "共青团呼和浩特市委员会", str(cnc), ""]]
    made = office.post(
        PAGE + "import/", {"file": SimpleUploadedFile("a.xlsx", _sheet(fixed))}, follow=True
    )
    assert made.status_code == 200 and "已新建 2 个账号" in made.content.decode()
    links = office.get(PAGE + "links.xlsx")
    rows = (
        CalamineWorkbook.from_filelike(io.BytesIO(links.content)).get_sheet_by_index(0).to_python()
    )
    assert [r[1] for r in rows[1:]] == ["judge-0001", "yi-judge"]
    assert all("/accounts/set-password/" in r[2] for r in rows[1:])
    assert links["Cache-Control"] and "no-cache" in links["Cache-Control"]
    hostile = office.post(
        PAGE + "import/", {"file": SimpleUploadedFile("a.xlsx", b"PK\x03\x04junk")}
    )
    assert hostile.status_code == 400 and "Excel" in hostile.content.decode()


def test_dashboards_offer_accounts_to_those_who_manage_them(login):
    for persona, offered in [("office", True), ("host", True), ("alice", True), ("judge", False)]:
        page = login(persona).get("/dashboard/").content.decode()
        assert (f'href="{PAGE}"' in page) == offered, persona


def test_a_list_row_outside_ones_scope_is_named_not_a_bare_refusal(login, edition):
    from django.core.files.uploadedfile import SimpleUploadedFile

    other = edition.events.exclude(host_unit=_host()).filter(host_unit__isnull=False).first()
    row = ["甲裁判", "", "裁判", "中国航天科工集团第六研究院", str(other), ""]
    upload = {"file": SimpleUploadedFile("a.xlsx", _sheet([row]))}
    response = login("host").post(PAGE + "import/", upload)
    assert response.status_code == 400
    assert "第 2 行：您只能为本单位承办的比赛项目新建评判组账号" in response.content.decode()
    assert not User.objects.filter(first_name="甲裁判").exists()
