"""The questions an edition's rulebook adds to the entry form (issue 20): 2025 Anhui asks when the
student was registered at the school, the school's province and any right to 全国技术能手 earned
in 2023 or 2024; 2020 asks none of them. The answers are stored, shown and judged."""

import datetime as dt
from importlib import resources

import pytest

from tests.support import PASSWORD, make_id
from zhenxing.editions.models import Edition
from zhenxing.editions.services import load_rulebook
from zhenxing.orgs.audit import SYSTEM
from zhenxing.orgs.models import Membership, Organization
from zhenxing.registration.models import Entry
from zhenxing.registration.services import delegation_of

pytestmark = pytest.mark.django_db
QUESTIONS = ("学籍注册日期", "院校所在省份", "申报资格的年份")


@pytest.fixture
def anhui(edition):
    text = resources.files("zhenxing.rulebooks").joinpath("2025-ah.toml").read_text("utf-8")
    load_rulebook(text, "2025-ah.toml")
    return Edition.objects.get(code="2025-ah")


@pytest.fixture
def school(anhui, django_user_model):
    organization = Organization.objects.create(kind="university", name="安徽某职业技术学院")
    delegation = delegation_of(anhui, organization, actor=SYSTEM)
    user = django_user_model.objects.create_user("ahreg", password=PASSWORD)
    Membership.objects.create(user=user, edition=anhui, organization=organization, role="registrar")
    return delegation, user


def post(client, delegation, user, **changes):
    event = delegation.edition.events.get(occupation__name="装配钳工")
    birth = dt.date(2004, 3, 1)
    form = {"name": "王小明", "gender": "男", "document_type": "resident_id",
            "id_number": make_id(birth, region="340102"), "birth_date": birth.isoformat(),
            "phone": "13812345678", "event": str(event.pk), "employer": "安徽某职业技术学院",
            "full_time_student": "on", "school_enrolled_on": "2023-09-01",
            "school_province": "34", **changes}  # fmt: skip
    client.force_login(user)
    return client.post(f"/office/2025-ah/delegations/{delegation.pk}/entries/new/", form)


def test_the_2025_form_asks_the_school_questions_and_2020_does_not(client, school, personas):
    delegation, user = school
    client.force_login(user)
    page = client.get(f"/office/2025-ah/delegations/{delegation.pk}/entries/new/").content.decode()
    assert all(question in page for question in QUESTIONS)
    assert "2024年国家级竞赛" in page  # the placing year is the edition's, not 2020
    client.force_login(personas["alice"])
    other = client.get("/office/2020-nmg/delegations/").content.decode()
    assert "学籍注册日期" not in other
    own = Organization.objects.get(kind="league_city", name="呼和浩特市")
    nmg = delegation_of(Edition.objects.get(code="2020-nmg"), own, actor=SYSTEM)
    page = client.get(f"/office/2020-nmg/delegations/{nmg.pk}/entries/new/").content.decode()
    assert not any(question in page for question in QUESTIONS)
    assert "2020年国家级竞赛" in page


def test_a_student_registered_after_the_date_is_saved_with_the_reason(client, school):
    delegation, user = school
    assert post(client, delegation, user, school_enrolled_on="2025-07-02").status_code == 302
    entry = Entry.objects.get(delegation=delegation)
    assert not entry.eligible
    assert [r["code"] for r in entry.verdict["reasons"]] == ["STUDENT_ENROLLED_LATE"]
    assert entry.school_enrolled_on == dt.date(2025, 7, 2)
    page = client.get(f"/office/2025-ah/entries/{entry.pk}/").content.decode()
    assert "2025年7月2日" in page and "安徽省" in page and "STUDENT_ENROLLED_LATE" in page


def test_a_school_elsewhere_and_a_right_earned_in_2024_are_both_reasons(client, school):
    delegation, user = school
    post(client, delegation, user, school_province="32", title_right_0="2024")
    entry = Entry.objects.get(delegation=delegation)
    codes = [r["code"] for r in entry.verdict["reasons"]]
    assert codes == ["SCHOOL_OUTSIDE_REGION", "TITLE_RIGHT_EXCLUDED"]
    assert entry.title_rights == [{"title": "全国技术能手", "year": 2024}]
    assert entry.school_province == "32"


def test_an_eligible_student_is_stored_and_the_form_shows_the_answers_again(client, school):
    delegation, user = school
    post(client, delegation, user)
    entry = Entry.objects.get(delegation=delegation)
    assert entry.eligible, entry.verdict
    page = client.get(f"/office/2025-ah/entries/{entry.pk}/edit/").content.decode()
    assert 'value="2023-09-01"' in page
    assert '<option value="34" selected>安徽省</option>' in page


def test_a_year_that_is_not_one_is_refused_on_the_form(client, school):
    delegation, user = school
    response = post(client, delegation, user, title_right_0="二〇二四")
    assert response.status_code == 400 and not Entry.objects.exists()
    assert "整数" in response.content.decode() or "数字" in response.content.decode()
