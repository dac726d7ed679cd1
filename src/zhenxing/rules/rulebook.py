"""The edition's rulebook: a TOML file, validated by a schema, errors reported by field path.

Pure Python (no Django). `load_file(path)` and `load_edition(code)` return a `Rulebook`;
a broken file raises `RulebookError` whose `errors` are (path, message) pairs, path like
`events[3].group`, or `line 12` for a TOML syntax error.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import unicodedata
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

GroupCode = Literal["worker", "student"]
CertificateKind = Literal["qualification", "special_ability", "none"]
Approver = Literal["HRSS", "YL"]  # the approving bodies: HR and social security, the league


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Contact(Strict):
    name: str
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


class Materials(Strict):
    clause: str
    items: list[str]
    recipient: str


class EditionInfo(Strict):
    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    level: Literal["national", "regional", "city", "enterprise"]
    national_counterpart: str = ""
    theme: str = ""
    notice_number: str = ""
    notice_title: str = ""
    issued_on: dt.date | None = None
    organizers: list[str]
    period_start: dt.date
    period_end: dt.date
    finals_deadline: dt.date | None = None
    materials_deadline: dt.date | None = None
    materials: Materials | None = None

    @model_validator(mode="after")
    def _period_in_order(self):
        if self.period_end < self.period_start:
            raise ValueError("period_end 早于 period_start")
        return self


class Office(Strict):
    name: str
    body: str
    contact: Contact


class CommitteeMember(Strict):
    role: str
    name: str
    position: str = ""


class HostUnit(Strict):
    code: str
    name: str
    contact: Contact | None = None


class Addressees(Strict):
    kind: Literal["league_city", "city", "university", "enterprise", "league_body", "hr_bureau"]
    names: list[str]
    body: str = "{name}"


class Group(Strict):
    label: str
    age_label: str
    born_from: dt.date | None = None
    born_to: dt.date | None = None
    clause: str


class Occupation(Strict):
    name: str
    level: Literal["national", "regional"]
    certificate: CertificateKind = "none"
    certificate_confirmed: bool = False


class Event(Strict):
    occupation: str
    group: GroupCode
    host_unit: str | None = None
    # contestants per entry: 1 for an individual event, 2 or 3 for a pairs or three-person event
    # (one contest number, one set of marks, one rank per team; titles to every member)
    team_size: int = Field(default=1, ge=1, le=3)


class Quota(Strict):
    occupation: str
    group: GroupCode
    per_delegation: int = Field(ge=1)


class Registration(Strict):
    deadline: dt.date | None = None
    quotas: list[Quota] = []


class PlacingExclusion(Strict):
    class_: int = Field(alias="class", ge=1, le=2)
    team_size: int = Field(ge=1)
    max_rank: int = Field(ge=1)


class TitleRight(Strict):
    """A right earned earlier that bars a contestant (e.g. “在2023年和2024年各类职业技能竞赛中已取得
    ‘全国技术能手’申报资格”): the title the right is to, and the years it was earned in."""

    title: str
    years: list[int] = Field(min_length=1)


class Eligibility(Strict):
    # The clause of the edition's notice each reason cites (one notice numbers them differently
    # from another): events_clause for UNKNOWN_EVENT, status_clause for STUDENT_AS_WORKER,
    # placings_clause for PLACING_EXCLUDED, priority_clause and non_public_economy_clause for the
    # two flags of those names.
    events_clause: str
    status_clause: str
    placings_clause: str
    priority_clause: str
    non_public_economy_clause: str
    excluding_honors: list[str]
    honors_clause: str
    # the years whose national placings exclude (some notices name several, e.g. 2023 and 2024)
    placing_years: list[int] = Field(min_length=1)
    placing_groups: list[GroupCode]
    priority_groups: list[GroupCode]  # the groups the priority-qualification flag is raised in
    student_as_worker_refused: bool = True
    priority_qualification_level: int = Field(ge=1, le=5)
    # younger than this on the edition's first day: flagged for review (a date typed wrong, most
    # often); None: no such check
    minimum_age: int | None = Field(default=None, ge=1, le=30)
    minimum_age_clause: str = ""  # the clause its review flag cites (needed with minimum_age)
    province_codes: list[str]
    placing_exclusions: list[PlacingExclusion]
    # Students registered (正式注册) at their school on or before this date only; None: not asked
    student_enrolled_by: dt.date | None = None
    student_enrolled_clause: str = ""
    # Students of schools in these provinces only (GB 11643 codes, e.g. "34"); empty: any school.
    # school_region_label names them in messages (“安徽省”).
    school_provinces: list[str] = []
    school_region_label: str = ""
    school_clause: str = ""
    # Rights earned earlier that bar anyone (see TitleRight)
    excluding_title_rights: list[TitleRight] = []
    title_rights_clause: str = ""

    @property
    def placing_year(self) -> int:
        """The latest of the years: the one the registration template's placing columns ask."""
        return max(self.placing_years)

    @model_validator(mode="after")
    def _minimum_age_cites_a_clause(self):
        if self.minimum_age is not None and not self.minimum_age_clause:
            raise ValueError("设了 minimum_age 就要写 minimum_age_clause（复核提示引用的条款）")
        return self

    @model_validator(mode="after")
    def _each_rule_cites_a_clause(self):
        needs = (
            (self.student_enrolled_by, "student_enrolled_clause", "学籍注册日期"),
            (self.school_provinces, "school_clause", "院校所在省份"),
            (self.school_provinces, "school_region_label", "院校所在地区的名称"),
            (self.excluding_title_rights, "title_rights_clause", "申报资格"),
        )
        for value, name, what in needs:
            if value and not getattr(self, name):
                raise ValueError(f"设了{what}的限制，就要写 {name}")
        return self


class Scoring(Strict):
    clause: str
    current_affairs_weight: Decimal
    knowledge_weight: Decimal
    practical_weight: Decimal
    published_places: int = Field(ge=0, le=4)
    award_boundaries: list[int]
    spread_limit: Decimal
    tie_breaks: list[Literal["published_total", "practical", "written"]] = Field(
        default=["published_total", "practical", "written"], min_length=1
    )

    @model_validator(mode="after")
    def _weights_total_100(self):
        total = self.current_affairs_weight + self.knowledge_weight + self.practical_weight
        if total != 100:
            raise ValueError(f"三部分权重之和应为 100，现为 {total}")
        return self

    @property
    def written_weight(self) -> Decimal:
        return self.current_affairs_weight + self.knowledge_weight


class Judging(Strict):
    publication_days: int = Field(ge=0)
    appeal_window_hours: int = Field(ge=0)
    recheck_top: int = Field(ge=0)
    recheck_sample_percent: Decimal
    recheck_error_percent: Decimal


class Title(Strict):
    name: str
    max_rank: int = Field(ge=1)
    groups: list[GroupCode]
    born_from: dt.date | None = None
    approver: Approver
    clause: str


class CertificateTier(Strict):
    from_rank: int = Field(ge=1)
    to_rank: int = Field(ge=1)
    level: int = Field(ge=1, le=5)
    promotes: bool


class Certificates(Strict):
    approver: Approver
    promotion_years: int = Field(ge=0)
    special_ability_max_rank: int = Field(ge=0)
    clause: str
    promotion_clause: str
    tiers: list[CertificateTier]


class NationalFinals(Strict):
    per_event: int = Field(ge=0)
    reserves: int = Field(ge=0)
    clause: str


class Awards(Strict):
    # The approving bodies as the edition's messages name them ("待…核准"): a national final's
    # are the ministry and the central league, a province's its own department and league.
    approver_names: dict[Approver, str] = {"HRSS": "人力资源社会保障部门", "YL": "共青团组织"}
    titles: list[Title]
    certificates: Certificates
    national_finals: NationalFinals


class Bracket(Strict):
    from_: Decimal = Field(alias="from")
    to: Decimal | None = None
    points: Decimal

    def holds(self, value: Decimal) -> bool:
        return value >= self.from_ and (self.to is None or value < self.to)


class OrgCategory(Strict):
    key: str
    label: str
    max: Decimal | None = None
    bonus: bool = False


class OrgRow(Strict):
    key: str
    category: str
    indicator: str
    rule: str
    kind: Literal[
        "flag", "choice", "count", "brackets", "placings", "media", "training", "threshold"
    ]
    max: Decimal
    points: Decimal | None = None
    choices: dict[str, Decimal] = {}
    labels: dict[str, str] = {}  # Chinese names of choice values and media levels, for messages
    brackets: list[Bracket] = []
    media_points: dict[str, Decimal] = {}
    min_trainees: int | None = None
    min_days: int | None = None
    threshold: int | None = None

    @model_validator(mode="after")
    def _has_what_its_kind_needs(self):
        needed = _ROW_NEEDS[self.kind]
        missing = [name for name in needed if getattr(self, name) in (None, [], {})]
        if missing:
            raise ValueError(f"行 {self.key}（kind = {self.kind}）缺少 {'、'.join(missing)}")
        return self


# What a row of each kind is scored with (the other fields are not read for it).
_ROW_NEEDS = {
    "flag": ("points",),
    "choice": ("choices",),
    "count": ("points",),
    "brackets": ("brackets",),
    "placings": ("brackets",),
    "media": ("media_points",),
    "training": ("points", "min_trainees", "min_days"),
    "threshold": ("points", "threshold"),
}


class OrgVeto(Strict):
    code: str
    label: str
    rule: str


class OrgAward(Strict):
    clause: str
    base_max: Decimal
    categories: list[OrgCategory]
    rows: list[OrgRow]
    vetoes: list[OrgVeto]

    @model_validator(mode="after")
    def _rows_in_known_categories(self):
        keys = {c.key for c in self.categories}
        for row in self.rows:
            if row.category not in keys:
                raise ValueError(
                    f"行 {row.key} 的 category “{row.category}” 未在 categories 中定义"
                )
        return self


class Showcase(Strict):
    """The online challenge and "绝活" showcase (an annex of the notice): its one name, when it runs, who may be
    nominated (born on or after `born_from`) and which kinds of organization nominate."""

    name: str
    theme: str
    starts_on: dt.date
    ends_on: dt.date
    born_from: dt.date
    age_label: str
    clause: str
    nominators: list[str] = Field(min_length=1)
    nominated_by: str = ""  # the nominators as the notice names them, for the refusal's message
    # younger than this on starts_on: not a young worker yet (refused); None: no such check
    minimum_age: int | None = Field(default=None, ge=1, le=30)
    minimum_age_clause: str = ""

    @model_validator(mode="after")
    def _in_order(self):
        if self.ends_on < self.starts_on:
            raise ValueError("showcase.ends_on 早于 showcase.starts_on")
        if self.minimum_age is not None and not self.minimum_age_clause:
            raise ValueError("设了 showcase.minimum_age 就要写 minimum_age_clause")
        return self


class Rulebook(Strict):
    edition: EditionInfo
    office: Office
    committee: list[CommitteeMember]
    host_units: list[HostUnit]
    addressees: list[Addressees]
    groups: dict[GroupCode, Group]
    occupations: list[Occupation]
    events: list[Event]
    registration: Registration = Registration()
    eligibility: Eligibility
    scoring: Scoring
    judging: Judging
    awards: Awards
    orgaward: OrgAward
    showcase: Showcase | None = None

    @model_validator(mode="after")
    def _cross_references(self):
        occupations = {o.name for o in self.occupations}
        hosts = {h.code for h in self.host_units}
        seen = set()
        for event in self.events:
            if event.occupation not in occupations:
                raise ValueError(f"比赛项目的职业“{event.occupation}”不在 occupations 中")
            if event.host_unit and event.host_unit not in hosts:
                raise ValueError(f"承办单位代码“{event.host_unit}”不在 host_units 中")
            if event.group not in self.groups:
                raise ValueError(f"组别“{event.group}”不在 groups 中")
            key = (event.occupation, event.group)
            if key in seen:
                raise ValueError(f"比赛项目 {event.occupation}/{event.group} 重复")
            seen.add(key)
        return self

    # ---- look-ups used by the rules and the apps
    def _indexes(self) -> tuple[dict, dict]:
        # Look-ups run once per row of a 100,000-row import: index once per rulebook object.
        found = _INDEXES.get(id(self))
        if found is None or found[0] is not self:
            occupations = {normalize_name(o.name): o for o in self.occupations}
            events = {(e.occupation, e.group): e for e in self.events}
            found = _INDEXES[id(self)] = (self, occupations, events)
        return found[1], found[2]

    def occupation(self, name: str) -> Occupation | None:
        return self._indexes()[0].get(normalize_name(name))

    def event(self, occupation: str, group: str) -> Event | None:
        occ = self.occupation(occupation)
        if occ is None:
            return None
        return self._indexes()[1].get((occ.name, group))

    def host_unit(self, code: str | None) -> HostUnit | None:
        return next((h for h in self.host_units if h.code == code), None)

    def national_occupations(self) -> list[str]:
        return [o.name for o in self.occupations if o.level == "national"]


_INDEXES: dict[int, tuple] = {}


class RulebookError(Exception):
    """A rulebook that cannot be used; `errors` lists (field path, message)."""

    def __init__(self, source: str, errors: list[tuple[str, str]]):
        self.source = source
        self.errors = errors
        super().__init__(self.summary())

    def summary(self) -> str:
        lines = [f"{self.source}: 规则文件有 {len(self.errors)} 处错误"]
        lines += [f"  {path}: {message}" for path, message in self.errors]
        return "\n".join(lines)


@lru_cache(maxsize=4096)
def normalize_name(name: str) -> str:
    """Occupation names match after removing spaces and reading half-width brackets as full."""
    text = unicodedata.normalize("NFC", str(name))
    text = re.sub(r"\s+", "", text)
    return text.replace("(", "（").replace(")", "）")


def _field_path(loc: tuple) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            name = {"class_": "class", "from_": "from"}.get(part, part)
            path += f".{name}" if path else name
    return path or "(根)"


_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "未知字段（拼写错误？）",
    "literal_error": "取值不在允许范围内",
    "date_from_datetime_parsing": "不是有效日期（应为 YYYY-MM-DD）",
    "date_parsing": "不是有效日期（应为 YYYY-MM-DD）",
    "date_type": "应为日期（YYYY-MM-DD，不加引号）",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "dict_type": "应为表（table）",
    "model_type": "应为表（table）",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "string_pattern_mismatch": "格式不对（只用小写字母、数字和连字符）",
}


def _message(error: dict) -> str:
    if error["type"] == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    chinese = _MESSAGES.get(error["type"])
    return f"{chinese}（{error['msg']}）" if chinese else error["msg"]


def parse(text: str, source: str = "<rulebook>") -> Rulebook:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        where = f"line {match.group(1)}" if match else "(语法)"
        raise RulebookError(source, [(where, f"TOML 语法错误：{exc}")]) from None
    except RecursionError:  # tomllib reads nested brackets by recursion: a = [[[[…
        message = "TOML 嵌套层数过多：方括号 [ ] 或花括号 { } 套了太多层，请检查是否多写或没有配对"
        raise RulebookError(source, [("(语法)", message)]) from None
    try:
        return Rulebook.model_validate(data)
    except ValidationError as exc:
        errors = [(_field_path(e["loc"]), _message(e)) for e in exc.errors()]
        raise RulebookError(source, errors) from None


def load_file(path: str | Path) -> Rulebook:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulebookError(str(path), [("(文件)", f"无法读取：{exc}")]) from None
    return parse(text, str(path))


def packaged_codes() -> list[str]:
    folder = resources.files("zhenxing.rulebooks")
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


@cache
def load_edition(code: str) -> Rulebook:
    """The packaged rulebook of edition `code`; KeyError when the installation has none."""
    if code not in packaged_codes():
        raise KeyError(code)
    text = resources.files("zhenxing.rulebooks").joinpath(f"{code}.toml").read_text("utf-8")
    return parse(text, f"{code}.toml")
