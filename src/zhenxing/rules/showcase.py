"""Who may be nominated for the "绝活" showcase (the rulebook's `showcase`): a young worker born
on or after the rulebook's showcase date, with a valid ID when a mainland ID is given, nominated
by a kind of organization the rulebook names, and flags one made outside the activity's dates.
Each refusal carries its reason."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import idcard
from .reasons import Reason
from .rulebook import Rulebook


@dataclass
class Nominee:
    birth_date: dt.date | None
    id_number: str | None = None  # a mainland resident ID, if the nominee has one
    organization_kind: str = ""
    on: dt.date | None = None  # the day of nomination (None: not checked)


@dataclass
class ShowcaseVerdict:
    reasons: list[Reason] = field(default_factory=list)
    flags: list[Reason] = field(default_factory=list)  # shown to the reviewer, refuse nothing
    birth_date: dt.date | None = None

    @property
    def eligible(self) -> bool:
        return not self.reasons


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _birth(nominee: Nominee, rulebook: Rulebook, verdict: ShowcaseVerdict) -> dt.date | None:
    if not nominee.id_number:
        return nominee.birth_date
    checked = idcard.check(nominee.id_number, rulebook.eligibility.province_codes)
    if not checked.valid:
        verdict.reasons.append(Reason("ID_INVALID", idcard.CLAUSE, checked.problem))
        return nominee.birth_date
    if nominee.birth_date and nominee.birth_date != checked.birth_date:
        verdict.reasons.append(
            Reason(
                "ID_BIRTH_MISMATCH",
                idcard.CLAUSE,
                f"身份证号码中的出生日期 {checked.birth_date} 与填写的 {nominee.birth_date} 不一致，请核对",
            )
        )
    return nominee.birth_date or checked.birth_date


def check_nominee(nominee: Nominee, rulebook: Rulebook) -> ShowcaseVerdict:
    """Whether `nominee` may be nominated (or answer a challenge) in this edition's showcase."""
    verdict = ShowcaseVerdict()
    rule = rulebook.showcase
    if rule is None:
        verdict.reasons.append(Reason("NO_SHOWCASE", "rules.md §6", "本届大赛未开展“绝活”展示活动"))
        return verdict
    birth = verdict.birth_date = _birth(nominee, rulebook, verdict)
    if birth is None and not verdict.reasons:  # a wrong ID number has said what to fix
        verdict.reasons.append(
            Reason("BIRTH_MISSING", rule.clause, "请填写出生日期（或居民身份证号码）")
        )
    elif birth is not None and _age(birth, rule.starts_on) < (rule.minimum_age or 0):
        verdict.reasons.append(
            Reason(
                "SHOWCASE_TOO_YOUNG",
                rule.minimum_age_clause,
                f"“绝活”展示人选是青年职工，活动开始时（{_day(rule.starts_on)}）应年满"
                f"{rule.minimum_age}周岁；该青年 {_day(birth)} 出生，请核对身份证号码",
            )
        )
    elif birth is not None and birth < rule.born_from:
        verdict.reasons.append(
            Reason(
                "SHOWCASE_TOO_OLD",
                rule.clause,
                f"“绝活”展示人选限{rule.age_label}，即 {_day(rule.born_from)} 及以后出生"
                f"（含当日）；该青年 {_day(birth)} 出生",
            )
        )
    if nominee.organization_kind and nominee.organization_kind not in rule.nominators:
        verdict.reasons.append(
            Reason(
                "SHOWCASE_NOT_NOMINATOR",
                rule.clause,
                "本单位不在“绝活”展示活动的推荐单位之列"
                + (f"（由{rule.nominated_by}推荐）" if rule.nominated_by else ""),
            )
        )
    # Reading: outside the activity's dates a nomination is still taken, marked for the office
    # (as late materials are), since the office may extend an activity the notice dates loosely.
    if nominee.on and not rule.starts_on <= nominee.on <= rule.ends_on:
        verdict.flags.append(
            Reason(
                "SHOWCASE_CLOSED",
                rule.clause,
                f"“绝活”展示活动时间为 {_day(rule.starts_on)} 至 {_day(rule.ends_on)}，"
                "本推荐在活动时间之外提交",
            )
        )
    return verdict
