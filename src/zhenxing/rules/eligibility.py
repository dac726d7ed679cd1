"""Who may enter (the notice's eligibility clauses; rules.md §3): one verdict per entry, with
every reason that applies.

`check_entry(entry, rulebook)` returns a `Verdict`: `eligible` is true exactly when `reasons` is
empty; `flags` never refuse. Every parameter comes from the rulebook's `groups` and `eligibility`.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import idcard
from .reasons import Reason
from .rulebook import Rulebook

READING_PLACINGS = "rules.md §3.3"  # a Reading of the platform's, not a clause of a notice

CHINESE_LEVELS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五"}


class EntryInputError(ValueError):
    """A field of the entry has the wrong type or form; `field` names it."""

    def __init__(self, field_name: str, message: str):
        self.field = field_name
        super().__init__(f"{field_name}: {message}")


@dataclass(frozen=True)
class Placing:
    year: int
    class_: int
    team_size: int
    rank: int


@dataclass(frozen=True)
class Qualification:
    occupation: str
    level: int
    issued_on: dt.date | None


@dataclass(frozen=True)
class TitleRight:
    title: str  # the title the right is to (全国技术能手)
    year: int  # the year it was earned


@dataclass(slots=True)  # not frozen: a frozen dataclass takes twice as long to make, and a
class Entry:  # 100,000-row import makes one per row; nothing changes an entry once read
    name: str
    occupation: str
    group: str  # as given: 职工组 / 学生组 / worker / student
    id_number: str | None = None
    birth_date: dt.date | None = None
    gender: str | None = None
    full_time_student: bool = False
    student_entrepreneur: bool = False
    honors: tuple[str, ...] = ()
    placings: tuple[Placing, ...] = ()
    qualifications: tuple[Qualification, ...] = ()
    non_public_economy: bool = False
    school_enrolled_on: dt.date | None = None  # 学籍注册日期 (students)
    school_province: str | None = None  # the school's province, GB 11643 code (students)
    title_rights: tuple[TitleRight, ...] = ()

    @classmethod
    def from_contract(cls, data: dict) -> Entry:
        """Read one entry in the check-entries JSON format; EntryInputError names a bad field."""
        if not isinstance(data, dict):
            raise EntryInputError("(条目)", "应为对象 {…}")
        for key in ("name", "occupation", "group"):
            _required_text(data, key)
        # in the order of the fields, so that the first bad one is the one reported
        return cls(
            data["name"].strip(),
            data["occupation"],
            data["group"].strip(),
            *_person(data),
            *_shape(data),
        )


def _required_text(data: dict, key: str) -> None:
    if not isinstance(data.get(key), str) or not data[key].strip():
        raise EntryInputError(key, "缺少必填字段（应为非空文本）")


def _person(data: dict) -> tuple[str | None, dt.date | None, str | None]:
    """An entry's ID number, birth date and gender, as Entry holds them."""
    id_number = data.get("id_number")
    if id_number is not None and not isinstance(id_number, str):
        raise EntryInputError("id_number", "应为文本或 null（身份证号码请用引号括起）")
    birth = data.get("birth_date")
    if type(birth) is not dt.date:
        birth = _date(birth, "birth_date")
    if not (id_number or birth):
        raise EntryInputError("id_number", "id_number 和 birth_date 至少要有一个")
    gender = data.get("gender")
    if gender not in (None, "", "男", "女"):
        raise EntryInputError("gender", "应为“男”或“女”")
    return id_number or None, birth, gender or None


def _shape(data: dict) -> tuple:
    """The entry's fields after its gender, in Entry's order: what the rules judge besides the
    person. Most entries have no honours, placings or qualifications, and their flags are
    booleans already: those are taken as they are (a 100,000-row import reads 100,000 entries)."""
    get = data.get
    full_time_student = get("full_time_student", False)
    if type(full_time_student) is not bool:
        full_time_student = _bool(data, "full_time_student")
    student_entrepreneur = get("student_entrepreneur", False)
    if type(student_entrepreneur) is not bool:
        student_entrepreneur = _bool(data, "student_entrepreneur")
    honors = get("honors")
    honors = tuple(h.strip() for h in _list(data, "honors", str)) if honors else ()
    placings = get("placings")
    if placings:
        placings = tuple(_placing(p, i) for i, p in enumerate(_list(data, "placings", dict)))
    qualifications = get("qualifications")
    if qualifications:
        qualifications = tuple(
            _qualification(q, i) for i, q in enumerate(_list(data, "qualifications", dict))
        )
    non_public_economy = get("non_public_economy", False)
    if type(non_public_economy) is not bool:
        non_public_economy = _bool(data, "non_public_economy")
    school_enrolled_on = _date(get("school_enrolled_on"), "school_enrolled_on")
    school_province = _province(get("school_province"))
    rights = get("title_rights")
    if rights:
        rights = tuple(_title_right(r, i) for i, r in enumerate(_list(data, "title_rights", dict)))
    return (
        full_time_student,
        student_entrepreneur,
        honors,
        placings or (),
        qualifications or (),
        non_public_economy,
        school_enrolled_on,
        school_province,
        rights or (),
    )


@dataclass
class Verdict:
    reasons: list[Reason] = field(default_factory=list)
    flags: list[Reason] = field(default_factory=list)
    group: str | None = None  # the group code, once recognised
    birth_date: dt.date | None = None  # the one the window was judged on (given, or the ID's)

    @property
    def eligible(self) -> bool:
        return not self.reasons


# ---- reading the contract's types
def _date(value, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):  # a spreadsheet's date cell: the rules compare days
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise EntryInputError(name, "不是有效日期（应为 YYYY-MM-DD）")


def _bool(data: dict, name: str) -> bool:
    value = data.get(name, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise EntryInputError(name, "应为 true 或 false")
    return value


def _list(data: dict, name: str, item_type: type) -> list:
    value = data.get(name) or []
    if not isinstance(value, list):
        raise EntryInputError(name, "应为列表 […]")
    for index, item in enumerate(value):
        if not isinstance(item, item_type):
            kind = "文本" if item_type is str else "对象 {…}"
            raise EntryInputError(f"{name}[{index}]", f"应为{kind}")
    return value


def _int(value, name: str, low: int = 1) -> int:
    # Exact JSON integers only: a string, a boolean or 3.0 is a wrong type in the contract.
    if value is None:
        raise EntryInputError(name, "缺少必填字段（整数）")
    if isinstance(value, bool) or not isinstance(value, int):
        raise EntryInputError(name, "应为整数（不加引号）")
    if value < low:
        raise EntryInputError(name, f"应为不小于 {low} 的整数")
    return value


def _placing(item: dict, index: int) -> Placing:
    where = f"placings[{index}]"
    values = {}
    for key in ("year", "class", "team_size", "rank"):
        if key not in item:
            raise EntryInputError(f"{where}.{key}", "缺少必填字段")
        values[key] = _int(item[key], f"{where}.{key}")
    if values["class"] not in (1, 2):
        raise EntryInputError(f"{where}.class", "应为 1（国家级一类）或 2（国家级二类）")
    return Placing(values["year"], values["class"], values["team_size"], values["rank"])


def _qualification(item: dict, index: int) -> Qualification:
    where = f"qualifications[{index}]"
    if not isinstance(item.get("occupation"), str):
        raise EntryInputError(f"{where}.occupation", "缺少必填字段（职业名称）")
    level = _int(item.get("level"), f"{where}.level")
    if not 1 <= level <= 5:
        raise EntryInputError(f"{where}.level", "应为 1–5（1 为一级/高级技师）")
    return Qualification(
        item["occupation"], level, _date(item.get("issued_on"), f"{where}.issued_on")
    )


def _province(value) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not (len(value.strip()) == 2 and value.strip().isdigit()):
        raise EntryInputError("school_province", "应为两位省份代码（如安徽 “34”），或留空")
    return value.strip()


def _title_right(item: dict, index: int) -> TitleRight:
    where = f"title_rights[{index}]"
    if not isinstance(item.get("title"), str) or not item["title"].strip():
        raise EntryInputError(f"{where}.title", "缺少必填字段（称号名称，如 全国技术能手）")
    return TitleRight(item["title"].strip(), _int(item.get("year"), f"{where}.year"))


# ---- the rules
def group_code(group: str, rulebook: Rulebook) -> str | None:
    """职工组/学生组 or worker/student → the group code; None when the edition has no such group."""
    wanted = group.strip()
    if wanted in rulebook.groups:
        return wanted
    return _group_labels(rulebook).get(wanted)


# Look-ups made once per row of a 100,000-row import, remembered per rulebook object.
_LABELS: dict[int, tuple[Rulebook, dict[str, str]]] = {}
_EVENTS: dict[int, tuple[Rulebook, dict]] = {}
_EVENTS_KEPT = 4096  # names come from users: forget them all past this many


def _group_labels(rulebook: Rulebook) -> dict[str, str]:
    found = _LABELS.get(id(rulebook))
    if found is None or found[0] is not rulebook:
        labels: dict[str, str] = {}
        for code, group in rulebook.groups.items():
            labels.setdefault(group.label, code)  # the first group with the label, as before
        found = _LABELS[id(rulebook)] = (rulebook, labels)
    return found[1]


def _event(rulebook: Rulebook, occupation: str, group: str):
    """rulebook.event(occupation, group)."""
    found = _EVENTS.get(id(rulebook))
    if found is None or found[0] is not rulebook or len(found[1]) >= _EVENTS_KEPT:
        found = _EVENTS[id(rulebook)] = (rulebook, {})
    key = (occupation, group)
    if key not in found[1]:
        found[1][key] = rulebook.event(occupation, group)
    return found[1][key]


def _day(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _identity(
    id_number: str | None, birth_date: dt.date | None, gender: str | None, rulebook: Rulebook
) -> tuple[dt.date | None, Sequence[Reason], Sequence[Reason]]:
    """ID checks (§3.4): the birth date the window is judged on, the reasons and the flags."""
    if id_number is None:
        flag = Reason(
            "MANUAL_REVIEW",
            idcard.CLAUSE,
            "无内地居民身份证（港澳台通行证、护照等），证件需人工核验",
        )
        return birth_date, (), [flag]
    checked = idcard.check(id_number, rulebook.eligibility.province_codes)
    if not checked.valid:
        return birth_date, [Reason("ID_INVALID", idcard.CLAUSE, checked.problem)], ()
    reasons = _mismatches(checked, birth_date, gender)
    return birth_date or checked.birth_date, reasons or (), ()


def _mismatches(checked: idcard.IdCheck, birth_date, gender) -> list[Reason]:
    reasons = []
    if birth_date and birth_date != checked.birth_date:
        reasons.append(
            Reason(
                "ID_BIRTH_MISMATCH",
                idcard.CLAUSE,
                f"身份证号码中的出生日期 {checked.birth_date} 与填写的 {birth_date} 不一致，请核对",
            )
        )
    if gender and gender != checked.gender:
        reasons.append(
            Reason(
                "ID_GENDER_MISMATCH",
                idcard.CLAUSE,
                f"身份证号码第 17 位表示{checked.gender}性，与填写的性别“{gender}”不一致，请核对",
            )
        )
    return reasons


def _window(birth: dt.date | None, group: str, rulebook: Rulebook, verdict: Verdict) -> None:
    window = rulebook.groups[group]
    if birth is None:
        return
    too_early = window.born_from and birth < window.born_from
    too_late = window.born_to and birth > window.born_to
    if too_early or too_late:
        span = _day(window.born_from) if window.born_from else ""
        span += f"至{_day(window.born_to)}" if window.born_to else "及以后"
        verdict.reasons.append(
            Reason(
                "BIRTH_OUT_OF_WINDOW",
                window.clause,
                f"{window.label}限{window.age_label}，即 {span} 出生（含当日）；"
                f"该选手 {_day(birth)} 出生",
            )
        )


def _minimum_age(birth: dt.date | None, rulebook: Rulebook, verdict: Verdict) -> None:
    """Younger than the rulebook's minimum age on the edition's first day (born after it, even):
    no rule refuses that, but it is most often a date typed wrong — a reviewer looks."""
    minimum, start = rulebook.eligibility.minimum_age, rulebook.edition.period_start
    if minimum is None or birth is None:
        return
    age = start.year - birth.year - ((start.month, start.day) < (birth.month, birth.day))
    if age < minimum:
        verdict.flags.append(
            Reason(
                "MANUAL_REVIEW",
                rulebook.eligibility.minimum_age_clause,
                f"按出生日期，比赛开始时（{_day(start)}）未满 {minimum} 周岁，请核对出生日期和证件",
            )
        )


def _status(entry: Entry, group: str, rulebook: Rulebook, verdict: Verdict) -> None:
    label = rulebook.groups[group].label
    if group == "student" and not entry.full_time_student:
        verdict.reasons.append(
            Reason(
                "NOT_FULL_TIME_STUDENT",
                rulebook.groups[group].clause,
                f"{label}限全日制在籍学生；请确认学籍"
                + _other_groups_hint(entry.occupation, group, rulebook),
            )
        )
    if group != "worker" or not entry.full_time_student:
        return
    # The notice bars start-up students; the Reading (a rulebook switch) bars every student.
    if entry.student_entrepreneur:
        detail = "具有全日制学籍的在校创业学生不得以职工身份参赛"
    elif rulebook.eligibility.student_as_worker_refused:
        detail = "全日制在籍学生（包括在校创业学生）不得以职工身份参赛"
    else:
        return
    verdict.reasons.append(
        Reason(
            "STUDENT_AS_WORKER",
            rulebook.eligibility.status_clause,
            detail + _other_groups_hint(entry.occupation, group, rulebook),
        )
    )


def _other_groups_hint(occupation: str, group: str, rulebook: Rulebook) -> str:
    """'；本职业可改报学生组' when the edition holds the occupation in another group too."""
    others = [
        g.label
        for code, g in rulebook.groups.items()
        if code != group and _event(rulebook, occupation, code) is not None
    ]
    return f"；本职业可改报{'或'.join(others)}" if others else ""


def _honors(entry: Entry, rulebook: Rulebook, verdict: Verdict) -> None:
    rules = rulebook.eligibility
    for honor in entry.honors:
        if honor in rules.excluding_honors:
            verdict.reasons.append(
                Reason(
                    "HONOR_EXCLUDED", rules.honors_clause, f"已获“{honor}”荣誉者不得以选手身份参赛"
                )
            )


def _title_rights(entry: Entry, rulebook: Rulebook, verdict: Verdict) -> None:
    rules = rulebook.eligibility
    for right in entry.title_rights:
        for rule in rules.excluding_title_rights:
            if right.title == rule.title and right.year in rule.years:
                years = "、".join(f"{y}年" for y in rule.years)
                verdict.reasons.append(
                    Reason(
                        "TITLE_RIGHT_EXCLUDED",
                        rules.title_rights_clause,
                        f"{right.year}年已取得“{right.title}”申报资格；在{years}取得该资格者"
                        "不得以选手身份参赛",
                    )
                )


def _school(entry: Entry, group: str, rulebook: Rulebook, verdict: Verdict) -> None:
    """The student's school: registered there by a date, and in the region the edition serves."""
    rules, label = rulebook.eligibility, rulebook.groups[group].label
    if group != "student":
        return
    enrolled_by = rules.student_enrolled_by
    if enrolled_by and entry.school_enrolled_on is None:
        verdict.flags.append(
            Reason(
                "MANUAL_REVIEW",
                rules.student_enrolled_clause,
                f"{label}限{_day(enrolled_by)}以前正式注册的学生；未填学籍注册日期，需人工核验学籍",
            )
        )
    elif enrolled_by and entry.school_enrolled_on > enrolled_by:
        verdict.reasons.append(
            Reason(
                "STUDENT_ENROLLED_LATE",
                rules.student_enrolled_clause,
                f"{label}限{_day(enrolled_by)}以前（含当日）正式注册的学生；"
                f"该选手学籍注册于{_day(entry.school_enrolled_on)}",
            )
        )
    if not rules.school_provinces:
        return
    if entry.school_province is None:
        verdict.flags.append(
            Reason(
                "MANUAL_REVIEW",
                rules.school_clause,
                f"{label}限{rules.school_region_label}院校学生；未填院校所在省份，需人工核验",
            )
        )
    elif entry.school_province not in rules.school_provinces:
        verdict.reasons.append(
            Reason(
                "SCHOOL_OUTSIDE_REGION",
                rules.school_clause,
                f"{label}限{rules.school_region_label}院校的学生；该选手所在院校不在其内",
            )
        )


def _placings(entry: Entry, group: str, rulebook: Rulebook, verdict: Verdict) -> None:
    rules = rulebook.eligibility
    if not entry.placings or group not in rules.placing_groups:
        return
    limits = {(x.class_, x.team_size): x.max_rank for x in rules.placing_exclusions}
    class_names = {1: "国家级一类大赛", 2: "国家级二类竞赛"}
    for placing in entry.placings:
        if placing.year not in rules.placing_years:
            continue
        where = (
            f"{placing.year}年{class_names[placing.class_]}"
            f"（{placing.team_size}人赛项）第{placing.rank}名"
        )
        limit = limits.get((placing.class_, placing.team_size))
        if limit is None:
            verdict.flags.append(
                Reason(
                    "MANUAL_REVIEW",
                    READING_PLACINGS,
                    f"{where}：通知未规定该赛项人数的排除名次，需人工审核",
                )
            )
        elif placing.rank <= limit:
            verdict.reasons.append(
                Reason(
                    "PLACING_EXCLUDED",
                    rules.placings_clause,
                    f"{where}，在前{limit}名之内，且报名{rulebook.groups[group].label}，"
                    "不得以选手身份参赛",
                )
            )


def _same_occupation(name: str, occupation: str, rulebook: Rulebook) -> bool:
    found = rulebook.occupation(name)
    return found is not None and found.name == occupation


def _soft_flags(
    entry: Entry, group: str | None, occupation: str | None, rulebook: Rulebook, verdict: Verdict
) -> None:
    level = rulebook.eligibility.priority_qualification_level
    own = [q for q in entry.qualifications if _same_occupation(q.occupation, occupation, rulebook)]
    priority = group in rulebook.eligibility.priority_groups
    if own and priority and any(q.level <= level for q in own):
        verdict.flags.append(
            Reason(
                "PRIORITY_QUALIFICATION",
                rulebook.eligibility.priority_clause,
                f"持有本职业（工种）国家职业资格{CHINESE_LEVELS[level]}级以上证书，优先推荐参赛",
            )
        )
    if entry.non_public_economy:
        clause = rulebook.eligibility.non_public_economy_clause
        verdict.flags.append(Reason("NON_PUBLIC_ECONOMY", clause, "非公经济组织青年，鼓励参赛"))


def _unknown_event(entry: Entry, rulebook: Rulebook) -> Reason:
    groups = "或".join(g.label for g in rulebook.groups.values())
    occupation = rulebook.occupation(entry.occupation)
    held = [
        g.label
        for code, g in rulebook.groups.items()
        if occupation and _event(rulebook, occupation.name, code) is not None
    ]
    hint = f"；{occupation.name}只设{'、'.join(held)}" if occupation and held else ""
    return Reason(
        "UNKNOWN_EVENT",
        rulebook.eligibility.events_clause,
        f"本届没有比赛项目“{entry.occupation}”（{_group_label(rulebook, entry.group)}）；"
        f"请核对职业名称和组别（{groups}{hint}）",
    )


def _group_label(rulebook: Rulebook, code: str) -> str:
    group = rulebook.groups.get(code)
    return group.label if group else code


def check_entry(entry: Entry, rulebook: Rulebook) -> Verdict:
    identity = _identity(entry.id_number, entry.birth_date, entry.gender, rulebook)
    return _combined(identity, _judged(entry, identity[0], rulebook))


@dataclass(frozen=True, slots=True)
class _Judged:
    """What the rules find besides the identity checks: they read the entry's occupation, group
    and the fields after its gender (_shape), and the birth date the identity checks settled."""

    head: tuple[Reason, ...]  # the unknown event, listed first (the import reports it alone)
    reasons: tuple[Reason, ...]
    flags: tuple[Reason, ...]
    group: str | None


def _judged(entry: Entry, birth: dt.date | None, rulebook: Rulebook) -> _Judged:
    verdict = Verdict()
    group = group_code(entry.group, rulebook)
    event = _event(rulebook, entry.occupation, group) if group else None
    _minimum_age(birth, rulebook, verdict)
    if group is not None:  # without a group there is no window, status or placing rule
        _window(birth, group, rulebook, verdict)
        _status(entry, group, rulebook, verdict)
        _school(entry, group, rulebook, verdict)
    _honors(entry, rulebook, verdict)
    _title_rights(entry, rulebook, verdict)
    if group is not None:
        _placings(entry, group, rulebook, verdict)
    _soft_flags(entry, group, event.occupation if event else None, rulebook, verdict)
    head = () if event is not None else (_unknown_event(entry, rulebook),)
    return _Judged(head, tuple(verdict.reasons), tuple(verdict.flags), group)


def _combined(identity: tuple, judged: _Judged) -> Verdict:
    """The verdict of the identity checks' (birth date, reasons, flags) and `judged`."""
    birth, reasons, flags = identity
    return Verdict(
        [*judged.head, *reasons, *judged.reasons], [*flags, *judged.flags], judged.group, birth
    )


class Checker:
    """check_entry(Entry.from_contract(data), rulebook) for the many entries of one file, with
    the same verdicts and the same EntryInputError. Most rows of a 100,000-row import share
    their occupation, group and yes/no answers, and many their birth date: what the rules find
    besides the identity checks is worked out once per distinct such combination. An entry with
    honours, placings, qualifications or title rights, or with values of other types than the
    template reader's, is read and judged on its own."""

    KEPT = 100_000  # combinations remembered, at most (a file holds 200,000 rows at most)

    def __init__(self, rulebook: Rulebook):
        self.rulebook = rulebook
        self._shapes: dict[tuple, Entry] = {}  # shape key → an entry read with that shape
        self._judged: dict[tuple, _Judged] = {}  # (shape key, birth date) → _judged's

    def __call__(self, data: dict) -> Verdict:
        key = _shape_key(data)
        entry = self._shapes.get(key) if key is not None else None
        if entry is None:
            entry = Entry.from_contract(data)
            person = entry.id_number, entry.birth_date, entry.gender
            if key is not None and len(self._shapes) < self.KEPT:
                self._shapes[key] = entry
        else:  # the shape was read without a problem before: only the person's fields can have one
            _required_text(data, "name")
            person = _person(data)
        identity = _identity(*person, self.rulebook)
        birth = identity[0]
        if key is None:
            return _combined(identity, _judged(entry, birth, self.rulebook))
        judged = self._judged.get((key, birth))
        if judged is None:
            judged = _judged(entry, birth, self.rulebook)
            if len(self._judged) < self.KEPT:
                self._judged[(key, birth)] = judged
        return _combined(identity, judged)


_SHAPE_TYPES = (str, dt.date, type(None))  # of the school's fields, as the reader gives them
_SHAPE_DEFAULTS = {  # what a field left out of an entry counts as
    "occupation": None,
    "group": None,
    "full_time_student": False,
    "student_entrepreneur": False,
    "non_public_economy": False,
    "school_enrolled_on": None,
    "school_province": None,
}
_LIST_FIELDS = ("honors", "placings", "qualifications", "title_rights")
_shape_fields = operator.itemgetter(*_SHAPE_DEFAULTS)  # the reader's rows have every field
_lists = operator.itemgetter(*_LIST_FIELDS)


def _shape_key(data) -> tuple | None:
    """The values _shape and the rules read besides the person's, when equal values mean the
    same entry: texts, exact booleans, dates; None for anything else (1 == True, for one)."""
    if type(data) is not dict:
        return None
    try:
        key, lists = _shape_fields(data), _lists(data)
    except KeyError:  # a JSON caller's entry leaves out what it does not need
        key = tuple(data.get(name, default) for name, default in _SHAPE_DEFAULTS.items())
        lists = [data.get(name) for name in _LIST_FIELDS]
    if any(lists):
        return None
    if type(key[0]) is not str or type(key[1]) is not str:
        return None
    if type(key[2]) is not bool or type(key[3]) is not bool or type(key[4]) is not bool:
        return None
    if type(key[5]) not in _SHAPE_TYPES or type(key[6]) not in _SHAPE_TYPES:
        return None
    return key
