"""Teams of a pairs event (2025 安徽: 机床装调维修工（普通机床电气装调维修）为双人赛项): a delegation's
registrar forms a pair of its entries, renames it, changes or dissolves it; each refusal says why
in Chinese. The delegation page shows the teams and how complete they are; the quota of a team
event counts teams."""

import datetime as dt
import random
from importlib import resources

import pytest

from tests.support import PASSWORD
from zhenxing.editions.models import Edition
from zhenxing.editions.services import load_rulebook
from zhenxing.orgs.audit import SYSTEM, Actor
from zhenxing.orgs.models import AuditEntry, Membership, Organization
from zhenxing.registration import services, teams
from zhenxing.registration.demo import id_number
from zhenxing.registration.models import Entry, Team
from zhenxing.registration.rights import RegistrationError

pytestmark = pytest.mark.django_db
PAIRS = "机床装调维修工（普通机床电气装调维修）"
SOLO = "装配钳工"


def load_anhui(quota: int | None = None) -> Edition:
    text = resources.files("zhenxing.rulebooks").joinpath("2025-ah.toml").read_text("utf-8")
    if quota is not None:
        quotas = (
            f'quotas = [{{ occupation = "{PAIRS}", group = "student", per_delegation = {quota} }}]'
        )
        text = text.replace("quotas = []", quotas, 1)
    load_rulebook(text, "2025-ah.toml")
    return Edition.objects.get(code="2025-ah")


@pytest.fixture
def anhui(edition):
    return load_anhui()


def school(edition, name, username):
    organization = Organization.objects.create(kind="university", name=name)
    delegation = services.delegation_of(edition, organization, actor=SYSTEM)
    user = Membership.objects.model.user.field.related_model.objects.create_user(
        username, password=PASSWORD
    )
    Membership.objects.create(
        user=user, edition=edition, organization=organization, role="registrar"
    )
    return delegation, user


@pytest.fixture
def schools(anhui):
    """Two schools' delegations with a registrar each: 安徽甲 (ahreg), 安徽乙 (ahreg2)."""
    return school(anhui, "安徽甲职业技术学院", "ahreg"), school(
        anhui, "安徽乙职业技术学院", "ahreg2"
    )


def enter(delegation, name, occupation=PAIRS, seed=0):
    birth = dt.date(2004, 3, 1) + dt.timedelta(days=sum(map(ord, name)) % 300 + seed)
    data = services.EntryData(
        name=name,
        occupation=occupation,
        group="student",
        birth_date=birth,
        gender="男",
        id_number=id_number("340104", birth, True, random.Random(name)),
        phone="13800000000",
        employer=str(delegation.organization),
        full_time_student=True,
        school_enrolled_on=dt.date(2023, 9, 1),
        school_province="34",
    )
    entry, _ = services.save_entry(delegation, data, actor=SYSTEM)
    return entry


def as_(user):
    return Actor(user, "127.0.0.1")


def approve(entry):
    services.submit(entry.delegation, actor=SYSTEM, only=[entry])
    entry.refresh_from_db()
    services.approve(entry, actor=SYSTEM)
    entry.refresh_from_db()


# ---------------------------------------------------------------- services
def test_a_registrar_forms_a_pair_renames_it_and_dissolves_it(schools):
    (delegation, user), _ = schools
    a, b = enter(delegation, "王一"), enter(delegation, "李二")
    assert a.eligible and b.eligible
    event = a.event
    team, changed = teams.save_team(delegation, event, "电气一队", [a.pk, b.pk], actor=as_(user))
    assert changed
    assert sorted(team.members.values_list("person__name", flat=True)) == ["李二", "王一"]
    a.refresh_from_db()
    assert a.team == team and a.version == 2  # an open form on the entry is now stale
    logged = AuditEntry.objects.get(action="registration.team.created")
    assert logged.changes["members"] == [None, ["王一", "李二"]] and logged.actor == user

    team, changed = teams.save_team(
        delegation, event, "电气二队", [a.pk, b.pk], actor=as_(user), team=team, seen_version=1
    )
    assert changed and team.name == "电气二队" and team.version == 2
    assert not teams.save_team(delegation, event, "电气二队", [a.pk, b.pk], actor=as_(user), team=team)[1]  # fmt: skip
    with pytest.raises(RegistrationError, match="已被其他人修改|已被修改|刷新"):
        teams.save_team(delegation, event, "三队", [a.pk], actor=as_(user), team=team, seen_version=1)  # fmt: skip

    names = teams.dissolve_team(team, actor=as_(user))
    assert names == ["王一", "李二"]
    assert not Team.objects.exists()
    assert Entry.objects.filter(delegation=delegation, team__isnull=True).count() == 2
    assert AuditEntry.objects.filter(action="registration.team.dissolved").exists()


def test_a_team_may_start_with_one_member_and_says_what_it_lacks(schools):
    (delegation, user), _ = schools
    a = enter(delegation, "王一")
    team, _ = teams.save_team(delegation, a.event, "一队", [a.pk], actor=as_(user))
    [(event, found, loose)] = teams.teams_of(delegation)
    assert found[0].count_label == "还差 1 人" and not found[0].complete and loose == []
    b = enter(delegation, "李二")
    teams.save_team(delegation, a.event, "一队", [a.pk, b.pk], actor=as_(user), team=team)
    [(event, found, loose)] = teams.teams_of(delegation)
    assert found[0].count_label == "已满 2 人"
    assert not found[0].complete  # not yet approved
    approve(a), approve(b)
    assert teams.is_complete(Team.objects.get())


@pytest.mark.parametrize(
    "case, message",
    [
        ("three", "是双人赛项，每队 2 人，现选了 3 人"),
        ("none", "请至少选择 1 名本代表队报名"),
        ("other_delegation", "有不是本代表队的报名"),
        ("other_event", "报名的是“装配钳工（学生组）”，不能编入"),
        ("in_a_team", "已在“甲队”队中，一人只能在一个队"),
        ("solo_event", "是单人赛项，不组队"),
        ("same_name", "已有名为“甲队”的队伍"),
        ("blank_name", "请填写队名"),
        ("long_name", "队名最多 50 个字"),
    ],
)
def test_each_refusal_says_why(schools, case, message):
    (delegation, user), (other, _) = schools
    a, b, c = enter(delegation, "王一"), enter(delegation, "李二"), enter(delegation, "张三")
    d = enter(delegation, "赵四")
    teams.save_team(delegation, a.event, "甲队", [d.pk], actor=as_(user))
    event, name, ids = a.event, "乙队", [a.pk, b.pk]
    if case == "three":
        ids = [a.pk, b.pk, c.pk]
    elif case == "none":
        ids = []
    elif case == "other_delegation":
        ids = [a.pk, enter(other, "外校生").pk]
    elif case == "other_event":
        ids = [a.pk, enter(delegation, "钳工生", SOLO).pk]
    elif case == "in_a_team":
        ids = [a.pk, d.pk]
    elif case == "solo_event":
        event = delegation.edition.events.get(occupation__name=SOLO)
    elif case == "same_name":
        name = "甲队"
    elif case == "blank_name":
        name = "  "
    elif case == "long_name":
        name = "队" * 51
    with pytest.raises(RegistrationError, match=message):
        teams.save_team(delegation, event, name, ids, actor=as_(user))
    assert Team.objects.count() == 1  # nothing written


def test_another_schools_registrar_and_a_reviewer_cannot_change_a_team(schools, personas):
    (delegation, user), (_, stranger) = schools
    a = enter(delegation, "王一")
    team, _ = teams.save_team(delegation, a.event, "一队", [a.pk], actor=as_(user))
    for who in (stranger, personas["hrss"]):
        with pytest.raises(RegistrationError, match="不能修改该代表队的报名"):
            teams.save_team(delegation, a.event, "改名", [a.pk], actor=as_(who), team=team)
        with pytest.raises(RegistrationError, match="不能修改该代表队的报名"):
            teams.dissolve_team(team, actor=as_(who))
    assert Team.objects.get().name == "一队"


def test_after_a_member_is_approved_only_the_office_changes_the_team(schools, personas):
    (delegation, user), _ = schools
    a, b, c = enter(delegation, "王一"), enter(delegation, "李二"), enter(delegation, "张三")
    team, _ = teams.save_team(delegation, a.event, "一队", [a.pk, b.pk], actor=as_(user))
    approve(a)
    refusal = "王一 的报名已审核通过，所在队伍不能再改动"
    with pytest.raises(RegistrationError, match=refusal):
        teams.save_team(delegation, a.event, "一队", [a.pk, c.pk], actor=as_(user), team=team)
    with pytest.raises(RegistrationError, match=refusal):
        teams.save_team(delegation, a.event, "新名", [a.pk, b.pk], actor=as_(user), team=team)
    with pytest.raises(RegistrationError, match=refusal):
        teams.dissolve_team(team, actor=as_(user))
    office = Membership.objects.create(
        user=personas["office"].__class__.objects.create_user("ahoffice", password=PASSWORD),
        edition=delegation.edition,
        organization=Organization.objects.get(kind="youth_league", name="共青团内蒙古自治区委员会"),
        role="committee_office",
    ).user
    teams.save_team(delegation, a.event, "一队", [a.pk, c.pk], actor=as_(office), team=team)
    assert sorted(Team.objects.get().members.values_list("person__name", flat=True)) == [
        "张三",
        "王一",
    ]


def test_after_the_deadline_a_registrar_cannot_form_a_team(schools):
    (delegation, user), _ = schools
    a = enter(delegation, "王一")
    Edition.objects.filter(pk=delegation.edition_id).update(
        registration_deadline=dt.date(2025, 1, 1)
    )
    delegation.edition.refresh_from_db()
    with pytest.raises(RegistrationError, match="报名已于 2025年1月1日 截止"):
        teams.save_team(delegation, a.event, "一队", [a.pk], actor=as_(user))


def test_a_team_event_quota_counts_teams_not_people(edition):
    anhui = load_anhui(quota=1)
    delegation, user = school(anhui, "安徽甲职业技术学院", "ahreg")
    a, b = enter(delegation, "王一"), enter(delegation, "李二")  # two people: one pair, one place
    with pytest.raises(RegistrationError, match="每个代表队限报 1 队（每队 2 人），已报满"):
        enter(delegation, "张三")
    teams.save_team(delegation, a.event, "一队", [a.pk], actor=as_(user))
    with pytest.raises(RegistrationError, match="每个代表队限报 1 队，已报满"):
        teams.save_team(delegation, a.event, "二队", [b.pk], actor=as_(user))
    teams.save_team(
        delegation, a.event, "一队", [a.pk, b.pk], actor=as_(user), team=Team.objects.get()
    )
    assert Team.objects.get().members.count() == 2


def test_an_entry_moved_to_another_event_leaves_its_team(schools):
    (delegation, user), _ = schools
    a = enter(delegation, "王一")
    teams.save_team(delegation, a.event, "一队", [a.pk], actor=as_(user))
    a.refresh_from_db()
    data = services.EntryData(
        name="王一", occupation=SOLO, group="student", birth_date=a.person.birth_date,
        gender="男", id_number=a.person.document_number, full_time_student=True,
        school_enrolled_on=dt.date(2023, 9, 1), school_province="34",
    )  # fmt: skip
    services.save_entry(delegation, data, actor=as_(user), entry=a)
    a.refresh_from_db()
    assert a.team is None and a.event.occupation.name == SOLO


def test_2020s_individual_events_have_no_teams(delegations, entry_of):
    entry = entry_of("A")
    assert not entry.event.is_team_event
    assert teams.teams_of(delegations["A"]) == []
    with pytest.raises(RegistrationError, match="是单人赛项，不组队"):
        teams.save_team(delegations["A"], entry.event, "一队", [entry.pk], actor=SYSTEM)


# ---------------------------------------------------------------- pages
@pytest.fixture
def staff(anhui, django_user_model):
    """The committee office and the HRSS reviewer of 2025-ah."""
    found = {}
    for username, role, kind in (
        ("ahoffice", "committee_office", "youth_league"),
        ("ahhrss", "hrss_reviewer", "hrss"),
    ):
        user = django_user_model.objects.create_user(username, password=PASSWORD)
        organization = Organization.objects.filter(kind=kind).first()
        Membership.objects.create(user=user, edition=anhui, organization=organization, role=role)
        found[username] = user
    return found


def page(client, user, url, data=None):
    client.force_login(user)
    response = client.post(url, data) if data is not None else client.get(url)
    return response, response.content.decode()


def test_the_registrar_forms_a_pair_on_the_pages(client, schools):
    (delegation, user), _ = schools
    a, b = enter(delegation, "王一"), enter(delegation, "李二")
    base = f"/office/2025-ah/delegations/{delegation.pk}/"
    response, text = page(client, user, base)
    assert "参赛队（双人/三人赛项）" in text and "未组队：王一、李二" in text
    new = f"{base}teams/new/{a.event_id}/"
    response, text = page(client, user, new)
    assert response.status_code == 200 and "王一" in text and "李二" in text
    response, text = page(client, user, new, {"name": "电气一队", "members": [str(a.pk)]})
    assert response.status_code == 302
    response, text = page(client, user, base)
    assert "电气一队" in text and "还差 1 人" in text
    assert "ahreg 新建参赛队" in text  # in the delegation's recent steps
    team = Team.objects.get()
    edit = f"/office/2025-ah/teams/{team.pk}/"
    response, text = page(client, user, edit, {"name": "电气一队", "members": [str(a.pk), str(b.pk)], "version": "1"})  # fmt: skip
    assert response.status_code == 302
    response, text = page(client, user, base)
    assert "已满 2 人" in text and "待全部审核通过" in text and "未组队" not in text
    response, text = page(client, user, f"/office/2025-ah/entries/{a.pk}/")
    assert "电气一队：王一、李二（已满 2 人）" in text
    response, text = page(client, user, edit, {"name": "电气一队", "members": [str(a.pk), str(b.pk), str(enter(delegation, "张三").pk)], "version": "2"})  # fmt: skip
    assert response.status_code == 400 and "每队 2 人，现选了 3 人" in text
    response, text = page(client, user, edit)
    assert "确定解散参赛队“电气一队”" in text  # asked before dissolving
    response, text = page(client, user, f"{edit}dissolve/", {"version": "2"})
    assert response.status_code == 302 and not Team.objects.exists()
    response, text = page(client, user, base)
    assert "已解散参赛队“电气一队”，王一、李二 的报名仍保留" in text


def test_who_may_open_the_team_pages(client, schools, staff, personas):
    (delegation, user), (_, stranger) = schools
    a = enter(delegation, "王一")
    team, _ = teams.save_team(delegation, a.event, "一队", [a.pk], actor=SYSTEM)
    new = f"/office/2025-ah/delegations/{delegation.pk}/teams/new/{a.event_id}/"
    edit = f"/office/2025-ah/teams/{team.pk}/"
    dissolve = f"{edit}dissolve/"
    # outsiders (another school's registrar, 2020's registrar): 404, nothing changes
    for outsider in (stranger, personas["alice"]):
        assert page(client, outsider, new)[0].status_code == 404
        assert page(client, outsider, edit)[0].status_code == 404
        assert page(client, outsider, dissolve, {})[0].status_code == 404
        assert page(client, outsider, new, {"name": "x", "members": [str(a.pk)]})[0].status_code == 404  # fmt: skip
    # the HRSS reviewer sees entries but changes none
    assert page(client, staff["ahhrss"], edit)[0].status_code == 403
    assert page(client, staff["ahhrss"], dissolve, {})[0].status_code == 403
    assert (
        "一队" in page(client, staff["ahhrss"], f"/office/2025-ah/delegations/{delegation.pk}/")[1]
    )
    # the office may
    assert page(client, staff["ahoffice"], edit)[0].status_code == 200
    # anonymous: to the login page
    client.logout()
    assert client.get(edit).status_code == 302 and "login" in client.get(edit).url
    # a single-person event has no team page
    solo = delegation.edition.events.get(occupation__name=SOLO)
    url = f"/office/2025-ah/delegations/{delegation.pk}/teams/new/{solo.pk}/"
    assert page(client, user, url)[0].status_code == 404
    assert Team.objects.get().name == "一队"


def entry_post(delegation, name, occupation=PAIRS, **changes):
    event = delegation.edition.events.get(occupation__name=occupation)
    birth = dt.date(2004, 5, 1)
    return {"name": name, "gender": "男", "document_type": "resident_id",
            "id_number": id_number("340104", birth, True, random.Random(name)),
            "birth_date": birth.isoformat(), "phone": "13812345678", "event": str(event.pk),
            "employer": "学院", "full_time_student": "on", "school_enrolled_on": "2023-09-01",
            "school_province": "34", **changes}  # fmt: skip


def test_the_entry_form_starts_or_joins_a_team(client, schools):
    (delegation, user), _ = schools
    new = f"/office/2025-ah/delegations/{delegation.pk}/entries/new/"
    assert "参赛队（双人/三人赛项）" in page(client, user, new)[1]
    response, _ = page(client, user, new, entry_post(delegation, "王一", team="new", team_name="飞鹰队"))  # fmt: skip
    assert response.status_code == 302
    team = Team.objects.get()
    assert team.name == "飞鹰队" and list(team.members.values_list("person__name", flat=True)) == ["王一"]  # fmt: skip
    response, _ = page(client, user, new, entry_post(delegation, "李二", team=str(team.pk)))
    assert response.status_code == 302 and team.members.count() == 2
    response, text = page(client, user, new, entry_post(delegation, "张三", team=str(team.pk)))
    assert response.status_code == 400 and "每队 2 人，现选了 3 人" in text
    # one transaction: the refused team leaves no entry either
    assert not Entry.objects.filter(person__name="张三").exists()
    response, text = page(client, user, new, entry_post(delegation, "钳工", SOLO, team=str(team.pk)))  # fmt: skip
    assert response.status_code == 400 and "与该报名的比赛项目不同" in text
    response, text = page(client, user, new, entry_post(delegation, "赵四", team="new"))
    assert response.status_code == 400 and "请填写队名" in text
    # 2020's form asks nothing of teams
    client.force_login(user)


def test_2020s_entry_form_has_no_team_question(client, login, delegations):
    text = login("alice").get(f"/office/2020-nmg/delegations/{delegations['A'].pk}/entries/new/")
    assert "参赛队" not in text.content.decode()


def test_the_review_queue_shows_each_members_team(client, schools, staff):
    (delegation, user), _ = schools
    a = enter(delegation, "王一")
    enter(delegation, "李二")  # in no team
    teams.save_team(delegation, a.event, "电气一队", [a.pk], actor=SYSTEM)
    services.submit(delegation, actor=SYSTEM)
    text = page(client, staff["ahoffice"], "/office/2025-ah/review/")[1]
    assert "参赛队：电气一队（还差 1 人）" in text and "未组队" in text


# ---------------------------------------------------------------- import
def team_xlsx(rows):
    """A filled-in 2025-ah template: its own blank's headers, one row per member."""
    import io

    import xlsxwriter

    from zhenxing.formats.entry_template import header_in
    from zhenxing.formats.entry_template.columns import columns_in
    from zhenxing.rules.rulebook import load_edition

    rulebook = load_edition("2025-ah")
    headers = [header_in(c, rulebook) for c in columns_in(rulebook)]
    assert "队名" in headers
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False})
    sheet = book.add_worksheet()
    sheet.write(0, 0, "报名表（届次代码：2025-ah）")
    sheet.write_row(1, 0, headers)
    for index, (name, occupation, team, *more) in enumerate(rows, start=2):
        birth = dt.date(2004, 5, 1)
        values = {"姓名": name, "性别": "男", "出生日期": birth.isoformat(),
                  "证件号码": id_number("340104", birth, True, random.Random(name)),
                  "职业（工种）": occupation, "组别": "学生组", "全日制在籍学生": "是",
                  "队名": team, **(more[0] if more else {})}  # fmt: skip
        sheet.write_row(index, 0, [values.get(h, "") for h in headers])
    book.close()
    return buffer.getvalue()


def import_file(client, delegation, user, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhenxing.registration.models import ImportJob

    client.force_login(user)
    client.post(
        f"/office/2025-ah/delegations/{delegation.pk}/import/",
        {"file": SimpleUploadedFile("报名.xlsx", content)},
    )
    return ImportJob.objects.latest("pk")


def confirm(client, job):
    client.post(f"/office/2025-ah/imports/{job.pk}/confirm/", {"include_ineligible": "1"})
    job.refresh_from_db()
    return job


def test_rows_with_the_same_team_name_form_one_team_and_a_reimport_changes_nothing(client, schools):
    (delegation, user), _ = schools
    rows = [("王一", PAIRS, "飞鹰队"), ("李二", PAIRS, "飞鹰队"), ("张三", PAIRS, "雄鹰队"),
            ("钳工生", SOLO, "")]  # fmt: skip
    job = import_file(client, delegation, user, team_xlsx(rows))
    assert job.state == "checked", job.report
    assert not any(r["errors"] for r in job.report["rows"]), job.report["rows"]
    job = confirm(client, job)
    assert job.state == "done"
    found = {t.name: sorted(t.members.values_list("person__name", flat=True)) for t in Team.objects.all()}  # fmt: skip
    assert found == {"飞鹰队": ["李二", "王一"], "雄鹰队": ["张三"]}
    assert Entry.objects.get(person__name="钳工生").team is None
    logged = AuditEntry.objects.get(action="registration.import.written")
    assert logged.changes["teams_created"] == [None, ["飞鹰队", "雄鹰队"]]
    again = import_file(client, delegation, user, team_xlsx(rows))
    assert set(again.report["counts"]) <= {"unchanged", "ineligible"} and "create" not in again.report["counts"]  # fmt: skip
    assert all(r["action"] == "unchanged" for r in again.report["rows"])
    # a member moved to the other team by a new file
    moved = import_file(client, delegation, user, team_xlsx([("李二", PAIRS, "雄鹰队")]))
    assert [r["action"] for r in moved.report["rows"]] == ["update"]
    confirm(client, moved)
    found = {t.name: sorted(t.members.values_list("person__name", flat=True)) for t in Team.objects.all()}  # fmt: skip
    assert found == {"飞鹰队": ["王一"], "雄鹰队": ["张三", "李二"]}


def test_team_names_that_do_not_fit_are_row_errors_and_nothing_of_them_is_written(client, schools):
    (delegation, user), _ = schools
    rows = [("王一", PAIRS, "大队"), ("李二", PAIRS, "大队"), ("张三", PAIRS, "大队"),
            ("赵四", PAIRS, ""), ("钳工生", SOLO, "钳工队"), ("孙五", PAIRS, "好队")]  # fmt: skip
    job = import_file(client, delegation, user, team_xlsx(rows))
    errors = {r["name"]: r["errors"] for r in job.report["rows"] if r["errors"]}
    assert errors["王一"] == ["第 3 行 队名：“大队”队共 3 人，“机床装调维修工（普通机床电气装调维修）（学生组）”是双人赛项，每队 2 人"]  # fmt: skip
    assert "李二" in errors and "张三" in errors
    assert "须填写队名（同队队员填写相同的队名）" in errors["赵四"][0]
    assert "是单人赛项，不填队名" in errors["钳工生"][0]
    assert "孙五" not in errors
    confirm(client, job)
    assert list(Entry.objects.values_list("person__name", flat=True)) == ["孙五"]
    assert list(Team.objects.values_list("name", flat=True)) == ["好队"]
    # a team already holding a member counts them
    more = import_file(client, delegation, user, team_xlsx([("周六", PAIRS, "好队"), ("吴七", PAIRS, "好队")]))  # fmt: skip
    errors = [r["errors"] for r in more.report["rows"] if r["errors"]]
    assert errors and "“好队”队共 3 人（含已登记的 1 人）" in errors[0][0]


def test_an_import_over_a_team_quota_refuses_the_extra_team(edition, client):
    anhui = load_anhui(quota=1)
    delegation, user = school(anhui, "安徽甲职业技术学院", "ahreg")
    rows = [("王一", PAIRS, "一队"), ("李二", PAIRS, "一队"), ("张三", PAIRS, "二队")]
    job = import_file(client, delegation, user, team_xlsx(rows))
    errors = {r["name"]: r["errors"] for r in job.report["rows"] if r["errors"]}
    assert list(errors) == ["张三"]
    assert "每个代表队限报 1 队" in errors["张三"][0]


def test_the_blank_template_has_a_team_column_only_where_the_edition_has_team_events():
    from zhenxing.formats.entry_template.columns import columns_in
    from zhenxing.rules.rulebook import load_edition

    assert "team" in [c.key for c in columns_in(load_edition("2025-ah"))]
    assert "team" not in [c.key for c in columns_in(load_edition("2020-nmg"))]


# ---------------------------------------------------------------- demo
def test_the_2025_demo_forms_a_full_approved_pair_for_each_delegation(anhui):
    from zhenxing.registration.demo import create_demo_entries

    assert create_demo_entries(anhui) > 0
    pairs = Team.objects.filter(event__edition=anhui).select_related("event")
    assert pairs.count() == 6
    for team in pairs:
        assert team.event.occupation.name == PAIRS and team.name.endswith("一队")
        assert teams.is_complete(team), team
    loose = Entry.objects.filter(event__edition=anhui, event__team_size__gt=1, team__isnull=True)
    assert not loose.exists()


def test_editing_an_entry_shows_and_keeps_its_team(client, schools):
    (delegation, user), _ = schools
    new = f"/office/2025-ah/delegations/{delegation.pk}/entries/new/"
    page(client, user, new, entry_post(delegation, "王一", team="new", team_name="飞鹰队"))
    entry = Entry.objects.get()
    team = Team.objects.get()
    edit = f"/office/2025-ah/entries/{entry.pk}/edit/"
    text = page(client, user, edit)[1]
    assert f'<option value="{team.pk}" selected>飞鹰队' in text
    team_page = page(client, user, f"/office/2025-ah/teams/{team.pk}/")[1]
    assert 'value="飞鹰队"' in team_page and "checked" in team_page
    entry.refresh_from_db()
    response, _ = page(client, user, edit, entry_post(delegation, "王一", employer="新学院", team=str(team.pk), version=str(entry.version)))  # fmt: skip
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.employer == "新学院" and entry.team == team
    response, _ = page(client, user, edit, entry_post(delegation, "王一", team="", version=str(entry.version)))  # fmt: skip
    assert response.status_code == 302
    assert not Team.objects.exists()  # its only member left: the team is dissolved


def test_the_delegations_export_names_each_members_team(client, schools):
    (delegation, user), _ = schools
    a, b = enter(delegation, "王一"), enter(delegation, "李二")
    enter(delegation, "张三")
    teams.save_team(delegation, a.event, "电气一队", [a.pk, b.pk], actor=as_(user))
    client.force_login(user)
    response = client.get(f"/office/2025-ah/delegations/{delegation.pk}/export.csv")
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith(",参赛队")
    team_of = {line.split(",")[1]: line.split(",")[-1] for line in lines[1:]}
    assert team_of == {"王一": "电气一队", "李二": "电气一队", "张三": ""}


def test_the_api_says_each_entrys_team_and_each_events_team_size(client, schools):
    (delegation, user), _ = schools
    a, b = enter(delegation, "王一"), enter(delegation, "李二")
    enter(delegation, "张三", occupation=SOLO)
    teams.save_team(delegation, a.event, "电气一队", [a.pk, b.pk], actor=as_(user))
    client.force_login(user)
    body = client.get(f"/api/editions/2025-ah/delegations/{delegation.pk}/entries").json()
    assert {e["name"]: e["team"] for e in body} == {
        "王一": "电气一队",
        "李二": "电气一队",
        "张三": None,
    }
    events = client.get("/api/editions/2025-ah/events").json()
    sizes = {e["occupation"]: e["team_size"] for e in events}
    assert sizes[PAIRS] == 2 and sizes[SOLO] == 1


def test_the_school_and_title_right_columns_are_imported_and_judged(client, schools):
    """2025-ah's template asks the school questions its rulebook asks; the import stores and
    judges them as the entry form does, and a province it cannot name is a row error."""
    (delegation, user), _ = schools
    school = {"学籍注册日期": "2023-09-01", "院校所在省份": "安徽省"}
    rows = [("王一", SOLO, "", school),
            ("李二", SOLO, "", school | {"已取得的称号申报资格": "全国技术能手2024"}),
            ("张三", SOLO, "", school | {"学籍注册日期": "2025-09-01", "院校所在省份": "江苏"}),
            ("赵四", SOLO, "", school | {"院校所在省份": "火星省"}),
            ("孙五", SOLO, "", school | {"已取得的称号申报资格": "全国技术能手"})]  # fmt: skip
    job = import_file(client, delegation, user, team_xlsx(rows))
    errors = {r["name"]: r["errors"] for r in job.report["rows"] if r["errors"]}
    assert errors == {
        "赵四": ["第 6 行 院校所在省份：无法识别“火星省”，请填写省份名称（如 安徽省）"],
        "孙五": [
            "第 7 行 已取得的称号申报资格：“全国技术能手”应为称号加取得年份，如 全国技术能手2024"
        ],
    }
    confirm(client, job)
    stored = {e.person.name: e for e in Entry.objects.select_related("person")}
    assert set(stored) == {"王一", "李二", "张三"}
    one = stored["王一"]
    assert (one.school_enrolled_on, one.school_province, one.title_rights) == (
        dt.date(2023, 9, 1),
        "34",
        [],
    )
    assert one.eligible and not one.verdict["flags"]
    codes = {name: {r["code"] for r in e.verdict["reasons"]} for name, e in stored.items()}
    assert codes["李二"] == {"TITLE_RIGHT_EXCLUDED"}
    assert stored["李二"].title_rights == [{"title": "全国技术能手", "year": 2024}]
    assert codes["张三"] == {"STUDENT_ENROLLED_LATE", "SCHOOL_OUTSIDE_REGION"}
    again = import_file(client, delegation, user, team_xlsx(rows[:3]))
    assert all(r["action"] in ("unchanged", "ineligible") for r in again.report["rows"]), (
        again.report
    )
