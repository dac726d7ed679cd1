"""The talent database's decisions, each with its reasons: whether a person added by hand or by
import may be stored (the identity checks of rules.md §3.4, as registration makes them), what a
follow-up record must hold, and a person's age band.

Pure Python (no Django): the rules core.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zhenxing.rules import idcard
from zhenxing.rules.reasons import Reason
from zhenxing.rules.text import length_problem, name_problem

CLAUSE = "rules.md §8"  # the youth skills talent database
RESIDENT_ID = "resident_id"
GENDERS = ("男", "女")


@dataclass
class PersonData:
    name: str
    birth_date: dt.date | None
    gender: str = ""
    document_type: str = RESIDENT_ID
    document_number: str = ""


@dataclass
class PersonVerdict:
    reasons: list[Reason] = field(default_factory=list)
    flags: list[Reason] = field(default_factory=list)
    number: str = ""  # the document number as stored

    @property
    def accepted(self) -> bool:
        return not self.reasons


def check_person(data: PersonData, province_codes: list[str], today: dt.date) -> PersonVerdict:
    """Whether a person may be added: a name, a past birth date, and a mainland ID that is valid
    and agrees with the birth date and gender (other documents are verified by hand)."""
    verdict = PersonVerdict(number=idcard.normalize(data.document_number or ""))
    _name(data.name, verdict)
    if data.birth_date is None:
        verdict.reasons.append(Reason("BIRTH_MISSING", CLAUSE, "请填写出生日期"))
    elif data.birth_date > today:
        verdict.reasons.append(
            Reason("BIRTH_IN_FUTURE", CLAUSE, f"出生日期 {data.birth_date} 晚于今天，请核对")
        )
    if data.gender not in GENDERS:
        verdict.reasons.append(Reason("GENDER_MISSING", CLAUSE, "请选择性别（男或女）"))
    if not verdict.number:
        verdict.reasons.append(Reason("DOCUMENT_MISSING", idcard.CLAUSE, "请填写证件号码"))
    elif data.document_type == RESIDENT_ID:
        _resident_id(data, province_codes, verdict)
    else:
        verdict.flags.append(
            Reason("MANUAL_REVIEW", idcard.CLAUSE, "无内地居民身份证，证件需人工核验")
        )
    return verdict


def _name(name: str, verdict: PersonVerdict) -> None:
    problem = "请填写姓名" if not name.strip() else name_problem(name)
    problem = problem or length_problem(name, "姓名", 50)
    if problem:
        verdict.reasons.append(Reason("NAME_INVALID", CLAUSE, f"姓名：{problem}"))


def _resident_id(data: PersonData, province_codes: list[str], verdict: PersonVerdict) -> None:
    checked = idcard.check(verdict.number, province_codes)
    if not checked.valid:
        verdict.reasons.append(Reason("ID_INVALID", idcard.CLAUSE, checked.problem))
        return
    if data.birth_date and data.birth_date != checked.birth_date:
        verdict.reasons.append(
            Reason(
                "ID_BIRTH_MISMATCH",
                idcard.CLAUSE,
                f"身份证号码中的出生日期与填写的 {data.birth_date} 不一致，请核对",
            )
        )
    if data.gender in GENDERS and data.gender != checked.gender:
        verdict.reasons.append(
            Reason(
                "ID_GENDER_MISMATCH",
                idcard.CLAUSE,
                f"身份证号码第 17 位表示{checked.gender}性，与填写的性别“{data.gender}”不一致，请核对",
            )
        )


# ---- follow-up of the talent database: the values each kind of record takes
STAGES = {"entry": "入门期", "growth": "成长期", "mature": "成熟期", "contribution": "贡献期"}
SERVICES = {
    "integration": "职业融入",
    "improvement": "能力提升",
    "model": "典型选树",
    "cohesion": "组织凝聚",
}
ACTIVITIES = {
    "exchange": "技能交流",
    "job_fair": "校企招聘会",
    "first_lesson": "入职第一课",
    "other": "其他活动",
}
RECOMMENDATIONS = {"title": "推荐称号", "post": "推荐岗位", "national": "推荐参加全国赛"}
VALUES = {
    "stage": STAGES,
    "service": SERVICES,
    "activity": ACTIVITIES,
    "recommendation": RECOMMENDATIONS,
}


@dataclass
class FollowUpData:
    kind: str
    value: str
    happened_on: dt.date | None
    name: str = ""
    note: str = ""


def check_follow_up(data: FollowUpData, today: dt.date) -> list[Reason]:
    """What is wrong with a follow-up record; empty when it may be stored."""
    reasons = []
    values = VALUES.get(data.kind)
    if values is None or data.value not in values:
        reasons.append(Reason("FOLLOW_UP_VALUE", CLAUSE, "请从列表中选择一项"))
    if data.happened_on is None:
        reasons.append(Reason("FOLLOW_UP_DATE", CLAUSE, "请填写日期"))
    elif data.happened_on > today:
        reasons.append(Reason("FOLLOW_UP_FUTURE", CLAUSE, "日期晚于今天：请记录已经发生的事"))
    if data.kind == "activity" and data.value == "other" and not data.name.strip():
        reasons.append(Reason("ACTIVITY_NAME", CLAUSE, "“其他活动”请填写活动名称"))
    if data.kind == "recommendation":
        if not data.name.strip():
            reasons.append(Reason("RECOMMEND_WHAT", CLAUSE, "请填写推荐的称号、岗位或赛事名称"))
        if not data.note.strip():
            reasons.append(Reason("RECOMMEND_WHY", CLAUSE, "请填写推荐理由"))
    for text, label, limit in ((data.name, "名称", 200), (data.note, "说明", 2000)):
        if problem := length_problem(text, label, limit):
            reasons.append(Reason("TOO_LONG", CLAUSE, problem))
    return reasons


# ---- age
AGE_BANDS = [(0, 17, "18岁以下"), (18, 22, "18–22岁"), (23, 28, "23–28岁"), (29, 35, "29–35岁")]
OLDER = "36岁及以上"


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years on `day` (a birthday counts from the day itself)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def age_band(birth: dt.date, day: dt.date) -> str:
    age = age_on(birth, day)
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return OLDER


def born_between(min_age: int | None, max_age: int | None, day: dt.date):
    """(earliest, latest) birth dates of people aged min_age..max_age on `day` (None: open)."""
    earliest = latest = None
    if max_age is not None:
        earliest = _years_before(day, max_age + 1) + dt.timedelta(days=1)
    if min_age is not None:
        latest = _years_before(day, min_age)
    return earliest, latest


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
