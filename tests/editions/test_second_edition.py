"""The second shipped edition (2023-ah: 安徽, students only, 10/20/70, no titles) loaded beside
2020-nmg and taken from registration to approved awards through the services, then by
`zhenxing demo` as `make run` does."""

import datetime as dt
import io
import random
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from importlib import resources

import pytest
from django.core.management import call_command

from zhenxing.awards.demo import award_demo_final
from zhenxing.awards.models import Award
from zhenxing.editions.models import Edition
from zhenxing.editions.services import load_rulebook
from zhenxing.judging.demo import create_demo_finals
from zhenxing.judging.models import Final, TheoryScore
from zhenxing.orgs.audit import SYSTEM
from zhenxing.orgs.demo import create_demo_accounts, demo_event, demo_organizations
from zhenxing.registration import services
from zhenxing.registration.demo import id_number
from zhenxing.registration.models import Entry
from zhenxing.registration.rights import RegistrationError
from zhenxing.results.demo import finish_demo_final
from zhenxing.results.models import Result

pytestmark = pytest.mark.django_db


@pytest.fixture
def anhui(edition):
    """2023-ah loaded from its packaged file beside the 2020 edition."""
    text = resources.files("zhenxing.rulebooks").joinpath("2023-ah.toml").read_text("utf-8")
    report = load_rulebook(text, "2023-ah.toml")
    assert report.edition.code == "2023-ah"
    return Edition.objects.get(code="2023-ah")


def test_loading_it_keeps_2020_and_adds_its_own_events_and_organizers(anhui, edition):
    assert sorted(Edition.objects.values_list("code", flat=True)) == ["2020-nmg", "2023-ah"]
    events = [(e.occupation.name, e.group) for e in anhui.events.select_related("occupation")]
    assert events == [
        ("智能硬件装调员", "student"),
        ("工业视觉系统运维员", "student"),
        ("无人机驾驶员", "student"),
        ("仪器仪表维修工", "student"),
        ("机床装调维修工", "student"),
    ]
    assert edition.events.count() == 19  # the 2020 edition's, untouched
    hosted = anhui.events.filter(host_unit__name="安徽职业技术学院").count()
    assert hosted == 2


def student(occupation: str, birth: dt.date, **extra) -> services.EntryData:
    return services.EntryData(
        name="测试学生",
        occupation=occupation,
        group="student",
        birth_date=birth,
        gender="男",
        id_number=id_number("340104", birth, True, random.Random(birth.toordinal())),
        phone="13800000000",
        employer="安徽职业技术学院",
        full_time_student=True,
        **extra,
    )


def test_registration_judges_entries_by_the_2023_window_and_groups(anhui):
    delegation = services.delegation_of(anhui, demo_organizations()[0], actor=SYSTEM)

    first, _ = services.save_entry(delegation, student("无人机驾驶员", dt.date(1998, 7, 1)), actor=SYSTEM)  # fmt: skip
    late, _ = services.save_entry(delegation, student("仪器仪表维修工", dt.date(2007, 7, 1)), actor=SYSTEM)  # fmt: skip
    with pytest.raises(RegistrationError, match="本届没有“worker”这个组别，只设学生组"):
        services.save_entry(
            delegation,
            replace(student("无人机驾驶员", dt.date(2000, 1, 1)), group="worker"),
            actor=SYSTEM,
        )

    assert first.eligible and not late.eligible
    [reason] = late.verdict["reasons"]
    assert reason["code"] == "BIRTH_OUT_OF_WINDOW" and reason["clause"] == "§二"
    assert "1998年7月1日至2007年6月30日" in reason["message"]
    submitted, kept = services.submit(delegation, actor=SYSTEM)
    assert (submitted, kept) == (1, ["测试学生"])


def _weighted(result: Result, rulebook) -> Fraction:
    """The exact total by the rulebook's weights from the stored marks."""
    theory = TheoryScore.objects.get(competitor=result.competitor)
    final = result.competitor.final
    s = rulebook.scoring
    return (
        Fraction(s.current_affairs_weight * theory.current_affairs / final.full_current_affairs)
        + Fraction(s.knowledge_weight * theory.knowledge / final.full_knowledge)
        + Fraction(s.practical_weight) * Fraction(result.practical) / 100
    )


def test_from_scoring_to_approved_awards_by_its_own_rulebook(anhui):
    create_demo_accounts(anhui)
    _, final = create_demo_finals(anhui)
    assert str(demo_event(anhui)) == "无人机驾驶员（学生组）"
    assert str(final.event) == "工业视觉系统运维员（学生组）"

    finish_demo_final(final)
    award_demo_final(final)

    final.refresh_from_db()
    assert final.published_at is not None
    results = list(Result.objects.filter(competitor__final=final))
    assert [r.rank for r in results] == list(range(1, 11))
    rulebook = anhui.rulebook()
    for result in results:  # 10% 时事政治 + 20% 业务知识 + 70% 实际操作
        assert Fraction(result.total_exact) == _weighted(result, rulebook)
        exact = Fraction(result.total_exact)
        shown = Decimal(exact.numerator) / Decimal(exact.denominator)
        assert result.published_total == shown.quantize(Decimal("0.01"), ROUND_HALF_UP)
    awards = Award.objects.filter(final=final).order_by("competitor__result__rank")
    assert [(a.kind, a.level, a.status, a.approver) for a in awards] == [
        ("certificate", 2, "approved", "HRSS")
    ] * 3  # ranks 1–3 (the Reading of the file); no title: the notice found names none
    ranks = [a.competitor.result.rank for a in awards]
    assert ranks == [1, 2, 3]
    entries = Entry.objects.filter(event__edition=anhui, competitor__final=final)
    assert {e.event.group for e in entries} == {"student"}


def test_the_demo_command_fills_both_editions(anhui, edition):
    out = io.StringIO()
    call_command("demo", edition="2020-nmg", stdout=out)

    text = out.getvalue()
    assert "演示届次 2023-ah：工业视觉系统运维员（学生组）：奖项已核准" in text
    assert "演示账号（2020年“振兴杯”全区青年职业技能大赛" in text
    for code in ("2020-nmg", "2023-ah"):
        published = Final.objects.filter(event__edition__code=code, published_at__isnull=False)
        assert published.count() == 1, code
        approved = Award.objects.filter(final__in=published, status="approved")
        assert approved.exists(), code
    assert Entry.objects.filter(event__edition=anhui, delegation__is_demo=True).count() > 40
    assert "judge" in text and "（2023-ah）" in text
