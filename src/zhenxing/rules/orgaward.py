"""The excellent-organization self-evaluation form (the notice's annex; rules.md §7).

`score_form(form, rulebook, overrides)` scores every row of `rulebook.orgaward.rows` in order: the
rulebook holds each row's kind, points, max and brackets; this module only knows which part of
the form feeds which row. A row never exceeds its max. An assessor's value for a row (`overrides`,
row key → points) replaces the computed one, still capped: that is how a flagged row or a smaller
training class gets its points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from .numbers import decimal_text
from .reasons import Reason
from .rulebook import OrgRow, Rulebook, normalize_name

READING = "rules.md §7"
GROWTH_FLAG = "GROWTH_OUTSIDE_BRACKETS"
TRAINING_FLAG = "TRAINING_CLASS_BELOW_STANDARD"
ZERO = Decimal(0)


@dataclass(frozen=True)
class TrainingClass:
    trainees: int
    days: Decimal


@dataclass(frozen=True)
class OrgForm:
    """One organization's form, in the terms of contracts.md §3 (absent = false/0/empty/None)."""

    organization: str
    committee_established: bool = False
    notice_issued: str | None = None
    regular_meetings: bool = False
    preliminary_occupations: tuple[str, ...] = ()
    incentives: Mapping[str, bool] = field(default_factory=dict)
    youth_last_year: int = 0
    youth_this_year: int = 0
    finals_workers: int = 0
    finals_students: int = 0
    final_placings: tuple[int, ...] = ()
    sharing_events: int = 0
    media_reports: Mapping[str, int] = field(default_factory=dict)
    training_classes: tuple[TrainingClass, ...] = ()
    tiered_training_reach: int | None = None
    vetoes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowScore:
    key: str
    label: str
    rule: str
    bonus: bool
    score: Decimal
    max: Decimal
    computed: Decimal  # what the system computed (capped), before any assessor's value
    overridden: bool
    reasons: tuple[Reason, ...]
    flags: tuple[Reason, ...]  # still open: an assessor's value closes them


@dataclass(frozen=True)
class CategoryScore:
    """A category of the form: its rows' scores summed, capped at the category's max."""

    key: str
    label: str
    bonus: bool
    score: Decimal
    max: Decimal | None


@dataclass(frozen=True)
class FormScore:
    organization: str
    rows: tuple[RowScore, ...]
    vetoes: tuple[Reason, ...]
    categories: tuple[CategoryScore, ...] = ()
    base_max: Decimal | None = None  # the base part's full marks (bonus categories aside)
    caps: tuple[Reason, ...] = ()  # a category or the base part over its max, and so capped

    @property
    def base_total(self) -> Decimal:
        if not self.categories:
            return sum((r.score for r in self.rows if not r.bonus), ZERO)
        total = sum((c.score for c in self.categories if not c.bonus), ZERO)
        return total if self.base_max is None else min(total, self.base_max)

    @property
    def bonus_total(self) -> Decimal:
        if not self.categories:
            return sum((r.score for r in self.rows if r.bonus), ZERO)
        return sum((c.score for c in self.categories if c.bonus), ZERO)

    @property
    def total(self) -> Decimal:
        return self.base_total + self.bonus_total

    @property
    def vetoed(self) -> bool:
        return bool(self.vetoes)

    @property
    def eligible_for_award(self) -> bool:
        return not self.vetoed

    @property
    def flags(self) -> list[Reason]:
        return [f for r in self.rows if not r.overridden for f in r.flags]

    def row(self, key: str) -> RowScore:
        return next(r for r in self.rows if r.key == key)


@dataclass
class _Result:
    points: Decimal = ZERO
    reasons: list[Reason] = field(default_factory=list)
    flags: list[Reason] = field(default_factory=list)


# ---------------------------------------------------------------- the form


def score_form(
    form: OrgForm, rulebook: Rulebook, overrides: Mapping[str, Decimal] | None = None
) -> FormScore:
    """Every row of the edition's self-evaluation form, its vetoes, and its open flags."""
    section = rulebook.orgaward
    overrides = dict(overrides or {})
    unknown = set(overrides) - {row.key for row in section.rows}
    if unknown:
        raise ValueError(f"自评表没有这些行：{'、'.join(sorted(unknown))}")
    inputs = _row_inputs(form, rulebook)
    bonus = {c.key for c in section.categories if c.bonus}
    rows = []
    for row in section.rows:
        if row.key not in inputs:
            raise ValueError(f"规则文件中的自评表行 {row.key} 没有对应的填报项")
        result = _KINDS[row.kind](row, inputs[row.key], section.clause)
        rows.append(
            _finish(row, result, row.category in bonus, overrides.get(row.key), section.clause)
        )
    categories, caps = _categories(rows, rulebook)
    base = sum((c.score for c in categories if not c.bonus), ZERO)
    if base > section.base_max:
        caps.append(_capped("BASE_CAPPED", "基础分", base, section.base_max, section.clause))
    return FormScore(
        form.organization,
        tuple(rows),
        tuple(_vetoes(form.vetoes, rulebook)),
        tuple(categories),
        section.base_max,
        tuple(caps),
    )


def _categories(rows: list[RowScore], rulebook: Rulebook):
    """Each category's score (its rows summed, capped at its max) and the caps applied."""
    section = rulebook.orgaward
    of_row = {row.key: row.category for row in section.rows}
    out, caps = [], []
    for category in section.categories:
        total = sum((r.score for r in rows if of_row[r.key] == category.key), ZERO)
        score = total
        if category.max is not None and total > category.max:
            score = category.max
            caps.append(
                _capped("CATEGORY_CAPPED", category.label, total, category.max, section.clause)
            )
        out.append(CategoryScore(category.key, category.label, category.bonus, score, category.max))
    return out, caps


def _capped(code: str, what: str, total: Decimal, most: Decimal, clause: str) -> Reason:
    return Reason(
        code,
        clause,
        f"{what}合计 {decimal_text(total)} 分，超过最高 {decimal_text(most)} 分，"
        f"按 {decimal_text(most)} 分计",
    )


def split_preliminaries(names, rulebook: Rulebook) -> tuple[list[str], list[str]]:
    """Distinct occupations (after normalize_name): the finals' national ones, and the rest."""
    national = {normalize_name(n) for n in rulebook.national_occupations()}
    seen: dict[str, str] = {}
    for name in names:
        key = normalize_name(name)
        if key and key not in seen:
            known = rulebook.occupation(name)
            seen[key] = known.name if known else key
    finals = [shown for key, shown in seen.items() if key in national]
    extra = [shown for key, shown in seen.items() if key not in national]
    return finals, extra


def _row_inputs(form: OrgForm, rulebook: Rulebook) -> dict[str, object]:
    finals, extra = split_preliminaries(form.preliminary_occupations, rulebook)
    incentive = form.incentives.get
    return {
        "committee": form.committee_established,
        "notice": form.notice_issued,
        "meetings": form.regular_meetings,
        "prelim_finals_occupations": finals,
        "prelim_extra_occupations": extra,
        "incentive_skill_expert": incentive("league_skill_expert_title", False),
        "incentive_youth_post": incentive("league_youth_post_title", False),
        "incentive_promotion": incentive("promotion_policy", False),
        "incentive_other": incentive("other_rewards", False),
        "coverage_growth": (form.youth_last_year, form.youth_this_year),
        "finals_workers": form.finals_workers,
        "finals_students": form.finals_students,
        "finals_results": form.final_placings,
        "sharing_events": form.sharing_events,
        "media_reports": form.media_reports,
        "bonus_training_classes": form.training_classes,
        "bonus_tiered_training": form.tiered_training_reach,
    }


def _finish(row: OrgRow, result: _Result, bonus: bool, override, clause: str) -> RowScore:
    reasons = list(result.reasons) + list(result.flags)
    computed = _cap(row, result.points, reasons, clause)
    score = computed
    if override is not None:
        if isinstance(override, bool) or not isinstance(override, (int, Decimal)) or override < 0:
            raise ValueError(f"{row.key}: 考核人给分应为非负数")
        reasons.append(
            Reason(
                "ASSESSOR_OVERRIDE",
                clause,
                f"考核人给分 {decimal_text(override)} 分（系统计算为 {decimal_text(computed)} 分）",
            )
        )
        score = _cap(row, Decimal(override), reasons, clause)
    return RowScore(
        key=row.key,
        label=row.indicator,
        rule=row.rule,
        bonus=bonus,
        score=score,
        max=row.max,
        computed=computed,
        overridden=override is not None,
        reasons=tuple(reasons),
        flags=tuple(result.flags),
    )


def _cap(row: OrgRow, points: Decimal, reasons: list[Reason], clause: str) -> Decimal:
    if points <= row.max:
        return points
    reasons.append(
        Reason(
            "ROW_CAPPED",
            clause,
            f"合计 {decimal_text(points)} 分，超过本行最高 {decimal_text(row.max)} 分，按 {decimal_text(row.max)} 分计",
        )
    )
    return row.max


def _vetoes(codes, rulebook: Rulebook) -> list[Reason]:
    known = {v.code: v for v in rulebook.orgaward.vetoes}
    reasons = []
    for code in dict.fromkeys(codes):
        if code not in known:
            raise ValueError(f"未知的一票否决项：{code}")
        veto = known[code]
        reasons.append(
            Reason(
                code,
                rulebook.orgaward.clause,
                f"一票否决（{veto.label}）：{veto.rule}不得评为优秀组织奖；得分照常显示",
            )
        )
    return reasons


# ---------------------------------------------------------------- one scorer per row kind


def _flag(row: OrgRow, value: bool, clause: str) -> _Result:
    if value:
        return _Result(
            row.points,
            [Reason("ROW_SCORE", clause, f"已做到：{row.rule}计 {decimal_text(row.points)} 分")],
        )
    return _Result(ZERO, [Reason("ROW_SCORE", clause, f"未填报或未做到：{row.rule}计 0 分")])


def _choice(row: OrgRow, value: str | None, clause: str) -> _Result:
    if value is None:
        return _Result(ZERO, [Reason("ROW_SCORE", clause, f"未填报：{row.rule}计 0 分")])
    if value not in row.choices:
        raise ValueError(f"{row.key}: 未知的选项 {value}")
    points = row.choices[value]
    label = row.labels.get(value, value)
    return _Result(points, [Reason("ROW_SCORE", clause, f"{label}：计 {decimal_text(points)} 分")])


def _count(row: OrgRow, value, clause: str) -> _Result:
    if isinstance(value, int):
        what, count, where = f"{row.indicator}：{value}", value, clause
    else:
        # The two 初赛 rows rest on the Reading of "the finals' 3 occupations".
        names = "、".join(value) if value else "无"
        what = f"举办初赛的职业（工种）：{names}，共 {len(value)} 个"
        count, where = len(value), READING
    points = row.points * count
    message = f"{what} × {decimal_text(row.points)} 分 = {decimal_text(points)} 分"
    return _Result(points, [Reason("ROW_SCORE", where, message)])


def _brackets(row: OrgRow, value: tuple[int, int], clause: str) -> _Result:
    last, this = value
    if last == 0:
        return _growth_flagged("去年覆盖青年人数为 0 或未填报，无法计算增长率")
    growth = Fraction(this - last, last) * 100
    shown = f"{last} 人 → {this} 人，增长 {_percent(growth)}"
    if growth < 0:
        return _growth_flagged(f"{last} 人 → {this} 人，比去年减少 {_percent(-growth)}")
    for bracket in row.brackets:
        if bracket.holds(growth):
            span = f"{decimal_text(bracket.from_)}% 以上（含 {decimal_text(bracket.from_)}%）"
            if bracket.to is not None:
                span = f"{decimal_text(bracket.from_)}%~{decimal_text(bracket.to)}%（含下限，不含上限）"
            message = f"{shown}，在 {span} 档：计 {decimal_text(bracket.points)} 分"
            return _Result(bracket.points, [Reason("ROW_SCORE", READING, message)])
    return _growth_flagged(f"{shown}，{_gap(row, growth)}")


def _growth_flagged(why: str) -> _Result:
    flag = Reason(GROWTH_FLAG, READING, f"{why}：不在评分档次内，本行暂计 0 分，请考核人核实后给分")
    return _Result(ZERO, [], [flag])


def _gap(row: OrgRow, growth: Fraction) -> str:
    below = [b.to for b in row.brackets if b.to is not None and b.to <= growth]
    above = [b.from_ for b in row.brackets if b.from_ > growth]
    if below and above:
        return f"落在评分标准未列出的 {decimal_text(max(below))}%~{decimal_text(min(above))}% 之间"
    return "不在任何评分档次内"


def _placings(row: OrgRow, ranks: tuple[int, ...], clause: str) -> _Result:
    result = _Result()
    for rank in ranks:
        bracket = next((b for b in row.brackets if b.holds(rank)), None)
        points = bracket.points if bracket else ZERO
        result.points += points
        result.reasons.append(
            Reason("ROW_SCORE", READING, f"单项第 {rank} 名：计 {decimal_text(points)} 分")
        )
    if not ranks:
        result.reasons.append(Reason("ROW_SCORE", READING, "无决赛单项名次，计 0 分"))
    return result


def _media(row: OrgRow, counts: Mapping[str, int], clause: str) -> _Result:
    unknown = set(counts) - set(row.media_points)
    if unknown:
        raise ValueError(f"{row.key}: 未知的媒体级别 {'、'.join(sorted(unknown))}")
    result = _Result()
    parts = []
    for level, each in row.media_points.items():
        count = counts.get(level, 0)
        result.points += each * count
        parts.append(f"{row.labels.get(level, level)} {count} 条 × {decimal_text(each)} 分")
    message = f"{'，'.join(parts)}，合计 {decimal_text(result.points)} 分"
    result.reasons.append(Reason("ROW_SCORE", clause, message))
    return result


def _training(row: OrgRow, classes: tuple[TrainingClass, ...], clause: str) -> _Result:
    result = _Result()
    standard = f"不少于 {row.min_trainees} 人、不少于 {row.min_days} 天"
    for number, held in enumerate(classes, start=1):
        what = f"第 {number} 个培训班 {held.trainees} 人、{decimal_text(Decimal(held.days))} 天"
        if held.trainees >= row.min_trainees and held.days >= row.min_days:
            result.points += row.points
            result.reasons.append(
                Reason(
                    "ROW_SCORE",
                    clause,
                    f"{what}，达到示范培训班标准（{standard}）：计 {decimal_text(row.points)} 分",
                )
            )
        else:
            result.flags.append(
                Reason(
                    TRAINING_FLAG,
                    clause,
                    (
                        f"{what}，未达到示范培训班标准（{standard}）：暂计 0 分，规模不足的由考核人酌情给分"
                    ),
                )
            )
    if not classes:
        result.reasons.append(Reason("ROW_SCORE", clause, "未填报示范培训班，计 0 分"))
    return result


def _threshold(row: OrgRow, reach: int | None, clause: str) -> _Result:
    if reach is not None and reach >= row.threshold:
        return _Result(
            row.points,
            [
                Reason(
                    "ROW_SCORE",
                    clause,
                    f"覆盖 {reach} 人，达到 {row.threshold} 人以上：计 {decimal_text(row.points)} 分",
                )
            ],
        )
    what = "未填报覆盖人数" if reach is None else f"覆盖 {reach} 人，不足 {row.threshold} 人"
    return _Result(ZERO, [Reason("ROW_SCORE", clause, f"{what}：计 0 分")])


_KINDS = {
    "flag": _flag,
    "choice": _choice,
    "count": _count,
    "brackets": _brackets,
    "placings": _placings,
    "media": _media,
    "training": _training,
    "threshold": _threshold,
}


# ---------------------------------------------------------------- numbers for people


def _percent(growth: Fraction) -> str:
    exact = Decimal(growth.numerator) / Decimal(growth.denominator)
    shown = exact.quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return f"{shown}%" if shown == growth else f"{shown}…%"
