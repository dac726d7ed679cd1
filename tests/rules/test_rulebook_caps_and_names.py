"""Rulebook values the engine used to ignore (issue 20): a category's max and the base part's
full marks cap the self-evaluation form, a row's kind needs its fields, and the approving bodies
and the showcase's nominators are named as the edition's rulebook names them."""

import datetime as dt
from decimal import Decimal
from importlib import resources

import pytest

from zhenxing.rules import awards, showcase
from zhenxing.rules.orgaward import OrgForm, score_form
from zhenxing.rules.rulebook import Rulebook, RulebookError, load_edition, parse

RB = load_edition("2020-nmg")
LEADERSHIP = OrgForm("甲", committee_established=True, notice_issued="joint", regular_meetings=True)


def _orgaward(**changes) -> Rulebook:
    return RB.model_copy(update={"orgaward": RB.orgaward.model_copy(update=changes)})


def _category_max(key: str, most) -> Rulebook:
    categories = [
        c.model_copy(update={"max": Decimal(most)}) if c.key == key else c
        for c in RB.orgaward.categories
    ]
    return _orgaward(categories=categories)


def test_the_2020_form_is_never_capped_by_its_categories():
    score = score_form(LEADERSHIP, RB)
    assert score.base_total == Decimal(12) and score.caps == ()
    leadership = next(c for c in score.categories if c.key == "leadership")
    assert (leadership.label, leadership.score, leadership.max) == ("组织领导", 12, 12)


def test_a_category_over_its_max_counts_its_max_and_says_so():
    score = score_form(LEADERSHIP, _category_max("leadership", 10))
    assert score.base_total == Decimal(10) and score.total == Decimal(10)
    assert [r.code for r in score.caps] == ["CATEGORY_CAPPED"]
    assert "组织领导合计 12 分，超过最高 10 分，按 10 分计" in score.caps[0].message
    assert sum(r.score for r in score.rows) == Decimal(12)  # the rows keep their own scores


def test_the_base_part_is_capped_at_its_full_marks_and_bonus_is_not():
    form = OrgForm("甲", committee_established=True, tiered_training_reach=10000)
    score = score_form(form, _orgaward(base_max=Decimal(3)))
    assert (score.base_total, score.bonus_total, score.total) == (3, 5, 8)
    assert [r.code for r in score.caps] == ["BASE_CAPPED"]


def test_a_row_without_what_its_kind_needs_is_refused_when_validated():
    text = RB.model_dump_json(by_alias=True)
    broken = text.replace('"kind":"choice"', '"kind":"flag"', 1)
    with pytest.raises(ValueError, match="行 notice（kind = flag）缺少 points"):
        Rulebook.model_validate_json(broken)


def test_a_toml_row_without_points_is_reported_by_its_path():
    text = resources.files("zhenxing.rulebooks").joinpath("2020-nmg.toml").read_text("utf-8")
    row = 'kind = "flag"\npoints = 4\nmax = 4'
    assert row in text
    with pytest.raises(RulebookError) as raised:
        parse(text.replace(row, 'kind = "flag"\nmax = 4', 1))
    assert raised.value.errors == [("orgaward.rows[0]", "行 committee（kind = flag）缺少 points")]


def test_approvers_are_named_as_the_rulebook_names_them():
    titles = awards.titles_for(1, "worker", dt.date(1990, 1, 1), RB.awards)
    assert [t.message for t in titles][0].endswith("待人力资源和社会保障厅核准")
    renamed = RB.awards.model_copy(
        update={"approver_names": {"HRSS": "人力资源社会保障部", "YL": "共青团中央"}}
    )
    titles = awards.titles_for(1, "worker", dt.date(1990, 1, 1), renamed)
    assert [t.proposal()["approver_name"] for t in titles] == ["人力资源社会保障部", "共青团中央"]
    assert titles[1].message.endswith("待共青团中央核准")


def test_a_nominator_not_listed_is_told_who_nominates_in_the_notices_words():
    nominee = showcase.Nominee(dt.date(2000, 1, 1), None, "hr_bureau", None)
    reason = showcase.check_nominee(nominee, RB).reasons[0]
    assert reason.message.endswith("（由盟市、企业等团组织推荐）")
    other = RB.model_copy(
        update={"showcase": RB.showcase.model_copy(update={"nominated_by": "各市团委"})}
    )
    assert showcase.check_nominee(nominee, other).reasons[0].message.endswith("（由各市团委推荐）")
