"""Nominations by a registrar for their own organization: the nominee found or created by
resident ID and checked by the rules core (its Chinese reason on the form), consent before
submitting, draft → submitted → returned → fixed → submitted again; challenges answer a featured
绝活 of another organization."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.support import actor, make_id
from zhenxing.orgs.models import AuditEntry
from zhenxing.registration.models import Person
from zhenxing.showcase import nominations, review
from zhenxing.showcase.models import Nomination
from zhenxing.showcase.nominations import NominationData, ShowcaseRefused

from .conftest import BIRTH, form_data, org

pytestmark = pytest.mark.django_db
BASE = "/office/2020-nmg/showcase/"


def _new(client, **changes):
    url = f"{BASE}org/{org().pk}/new/"
    return client.post(url, form_data(**changes), follow=True)


def test_a_registrar_saves_a_draft_and_the_person_is_created_once(login, personas):
    response = _new(login("alice"))
    page = response.content.decode()
    assert "已保存草稿：盲焊薄板" in page
    nomination = Nomination.objects.get()
    person = nomination.person
    assert (person.name, person.birth_date, person.gender) == ("乌日娜", BIRTH, "女")
    assert nomination.verdict["eligible"] and nomination.status == "draft"
    assert person.document_number not in page and "150102********" in page
    _new(login("alice"), title="另一项绝活")
    assert Person.objects.count() == 1 and Nomination.objects.count() == 2
    entry = AuditEntry.objects.filter(action="showcase.nomination.saved").first()
    assert person.document_number not in str(entry.changes)


def test_the_age_rule_is_shown_with_its_reason(login):
    too_old = make_id(dt.date(1985, 6, 30))
    page = _new(login("alice"), id_number=too_old).content.decode()
    assert "不能推荐" in page and "35周岁（含）以下" in page and "1985年7月1日" in page
    assert not Nomination.objects.exists() and not Person.objects.exists()
    first_day = make_id(dt.date(1985, 7, 1))
    assert "已保存草稿" in _new(login("alice"), id_number=first_day).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id_number": "150102199504030012"}, "校验位不正确"),
        ({"id_number": "12345"}, "应为 18 位"),
        ({"id_number": ""}, "这个字段是必填项"),
        ({"title": ""}, "这个字段是必填项"),
        ({"name": "乌\u202e日娜"}, "改变文字显示方向"),
        ({"description": "好\x00活"}, "控制字符"),
        ({"title": "长" * 101}, "最多 100 个字"),
    ],
)
def test_bad_input_is_refused_with_what_to_fix_and_nothing_stored(login, changes, message):
    response = _new(login("alice"), **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Nomination.objects.exists() and not Person.objects.exists()


def test_a_stored_person_with_another_name_or_birth_date_is_refused(login, personas):
    Person.objects.create(name="王强", birth_date=BIRTH, document_number=make_id(BIRTH, male=False))
    page = _new(login("alice")).content.decode()
    assert "姓名或出生日期与登记的不一致" in page and "王强" not in page
    assert not Nomination.objects.exists()


def test_consent_and_a_work_are_needed_before_submitting(personas, edition, nominate):
    alice = actor(personas["alice"])
    bare = nominations.save_nomination(
        edition,
        org(),
        NominationData(**{**form_data(consent_given=None), "consent_given": False}),
        actor=alice,
    )
    with pytest.raises(ShowcaseRefused, match="本人同意公开展示"):
        nominations.submit(bare, actor=alice)
    nomination = nominate(consent_note="")
    with pytest.raises(ShowcaseRefused, match="写明同意方式"):
        nominations.submit(nomination, actor=alice)
    no_work = nominations.save_nomination(
        edition, org(), NominationData(**{**form_data(), "consent_given": True}), actor=alice
    )
    with pytest.raises(ShowcaseRefused, match="至少添加一件作品"):
        nominations.submit(no_work, actor=alice)


def test_submitted_returned_fixed_and_submitted_again(login, nominate):
    nomination = nominate()
    alice = login("alice")
    page = alice.post(f"{BASE}n/{nomination.pk}/submit/", follow=True).content.decode()
    assert "已提交审核" in page and "活动时间之外提交" in page  # today is past 2020
    nomination.refresh_from_db()
    assert nomination.status == "submitted" and nomination.late
    page = alice.post(f"{BASE}n/{nomination.pk}/", form_data(id_number=""), follow=True)
    assert "不能再修改" in page.content.decode()

    office = login("office")
    page = office.post(f"{BASE}n/{nomination.pk}/decide/", {"action": "return"}, follow=True)
    assert "退回时请写明原因" in page.content.decode()
    reason = {"action": "return", "reason": "视频过暗，请重新拍摄"}
    office.post(f"{BASE}n/{nomination.pk}/decide/", reason)
    nomination.refresh_from_db()
    assert nomination.status == "returned"

    alice = login("alice")
    page = alice.get(f"{BASE}n/{nomination.pk}/").content.decode()
    assert "已被退回：视频过暗，请重新拍摄" in page
    fixed = form_data(id_number="", title="盲焊薄板（重拍）")
    page = alice.post(
        f"{BASE}n/{nomination.pk}/", {**fixed, "version": nomination.version}, follow=True
    )
    assert "已保存：盲焊薄板（重拍）" in page.content.decode()
    alice.post(f"{BASE}n/{nomination.pk}/submit/")
    nomination.refresh_from_db()
    assert (nomination.status, nomination.title) == ("submitted", "盲焊薄板（重拍）")
    actions = list(
        AuditEntry.objects.filter(object_id=str(nomination.pk), action__startswith="showcase")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-3:] == [
        "showcase.nomination.returned",
        "showcase.nomination.saved",
        "showcase.nomination.submitted",
    ]


def test_a_page_out_of_date_does_not_overwrite(login, nominate):
    nomination = nominate()
    alice = login("alice")
    old = {**form_data(id_number=""), "version": nomination.version}
    alice.post(f"{BASE}n/{nomination.pk}/", {**old, "title": "第一次修改"})
    page = alice.post(f"{BASE}n/{nomination.pk}/", {**old, "title": "过时的修改"}, follow=True)
    assert "已被他人修改" in page.content.decode()
    nomination.refresh_from_db()
    assert nomination.title == "第一次修改"


def test_a_typo_in_the_name_is_corrected_where_nothing_else_names_the_person(
    login, nominate, delegations, cnc
):
    nomination = nominate()
    data = {**form_data(id_number="", name="乌日娜娜"), "version": nomination.version}
    page = login("alice").post(f"{BASE}n/{nomination.pk}/", data, follow=True).content.decode()
    assert "已保存" in page
    nomination.refresh_from_db()
    assert nomination.person.name == "乌日娜娜" and Person.objects.count() == 1
    changed = AuditEntry.objects.filter(action="showcase.nomination.saved").first()
    assert "乌日娜娜" in str(changed.changes)

    from zhenxing.registration.models import Entry  # the person now entered in a contest too

    Entry.objects.create(delegation=delegations["A"], event=cnc, person=nomination.person)
    data = {**form_data(id_number="", name="别人"), "version": nomination.version}
    page = login("alice").post(f"{BASE}n/{nomination.pk}/", data, follow=True).content.decode()
    assert "姓名或出生日期与登记的不一致" in page
    assert Person.objects.get().name == "乌日娜娜"


def test_a_child_is_refused_by_the_minimum_age(login):
    page = _new(login("alice"), id_number=make_id(dt.date(2010, 1, 1))).content.decode()
    assert "应年满16周岁" in page and not Nomination.objects.exists()


def test_services_refuse_without_their_code(personas, edition, nominate):
    data = NominationData(**{**form_data(), "consent_given": True})
    for persona in ("bob", "office", "hrss", "host", "judge", "charlie"):
        with pytest.raises(PermissionDenied):
            nominations.save_nomination(edition, org(), data, actor=actor(personas[persona]))
    nomination = nominate("submitted")
    for persona in ("alice", "bob", "hrss"):
        with pytest.raises(PermissionDenied):
            review.approve(nomination, actor=actor(personas[persona]))
    with pytest.raises(PermissionDenied):
        nominations.submit(nomination, actor=actor(personas["bob"]))


def test_a_kind_of_organization_not_among_the_nominators_is_refused(personas, edition):
    from zhenxing.orgs.models import Organization

    host = Organization.objects.get(kind="host_unit", name="中国航天科工集团第六研究院")
    data = NominationData(**{**form_data(), "consent_given": True})
    with pytest.raises(ShowcaseRefused, match="不在“绝活”展示活动的推荐单位之列"):
        nominations.save_nomination(edition, host, data, actor=actor(None))


def test_a_draft_is_deleted_with_its_files(login, nominate, django_capture_on_commit_callbacks):
    nomination = nominate()
    work = nomination.works.get()
    storage, name = work.file.storage, work.file.name
    with django_capture_on_commit_callbacks(execute=True):
        page = login("alice").post(f"{BASE}n/{nomination.pk}/delete/", follow=True)
    assert "已删除草稿" in page.content.decode()
    assert not Nomination.objects.exists() and not storage.exists(name)
    submitted = nominate("submitted")
    page = login("alice").post(f"{BASE}n/{submitted.pk}/delete/", follow=True)
    assert "只能删除未提交过的草稿" in page.content.decode()


def test_a_challenge_answers_a_featured_work_of_another_organization(login, nominate, personas):
    plain = nominate("approved", title="普通绝活")
    featured = nominate("featured")
    bob = login("bob")
    baotou = org("包头市")
    url = f"{BASE}org/{baotou.pk}/new/?answers={plain.public_id}"
    page = bob.get(url).content.decode()
    assert "只能挑战组委会办公室推荐全区宣传" in page
    start = bob.get(f"{BASE}challenge/{featured.public_id}/")
    assert start.status_code == 302 and f"answers={featured.public_id}" in start["Location"]
    data = form_data(name="张伟", id_number=make_id(dt.date(1998, 1, 2)), title="盲焊挑战")
    page = bob.post(start["Location"], data, follow=True).content.decode()
    assert "已保存草稿：盲焊挑战" in page
    challenge = Nomination.objects.get(title="盲焊挑战")
    assert challenge.answers == featured and challenge.organization == baotou
    # the challenge's page links the answered work where bob may open it: its public page
    page = bob.get(f"{BASE}n/{challenge.pk}/").content.decode()
    assert f"/showcase/{featured.edition.code}/{featured.public_id}/" in page
    assert f"{BASE}n/{featured.pk}/" not in page
    own = login("alice").get(f"{BASE}org/{org().pk}/new/?answers={featured.public_id}")
    assert "不能挑战本单位推荐的“绝活”" in own.content.decode()
    assert login("alice").get(f"{BASE}org/{org().pk}/new/?answers=not-a-uuid").status_code == 404
    older = make_id(dt.date(1980, 1, 1))
    bob = login("bob")  # the one test client: logged in as bob again
    page = bob.post(start["Location"], form_data(id_number=older), follow=True).content.decode()
    assert "不能推荐" in page and "35周岁（含）以下" in page
