"""Finals marking schemes (rules.md §4.3, a Reading: the notice leaves judging to host units).

A scheme is modules of aspects, each with a max mark and a kind:
- measurement `all_or_nothing`: met → max, else 0;
- measurement `deduction`: max minus the deductions, floored at 0;
- judgement `scale_0_3`: at least 3 judges mark 0–3, mark = mean / 3 × max (WorldSkills); a spread
  above `rulebook.scoring.spread_limit` is flagged for the chief judge, never refused;
- judgement `points_trimmed`: exactly 5 judges give points 0..max, one highest and one lowest are
  dropped, the other three averaged.

Marks are exact `Fraction`s: 2/3 × 10 has no finite decimal. `SchemeResult.total` and
`Scheme.full_mark` are the practical score and its full marks for `scoring.compute_total`, which
rounds only the published total. Invalid marks raise `MarkingError`; an invalid scheme `SchemeError`.

A recompute runs `scheme_total` for every contestant of a final (an edition has 1.8 million
marks), and needs only the total and the flags. So marks of the usual shape (lists of ints and
Decimals, true or false, as the database gives them) take a fast path on integer ratios that
makes one Fraction per module; each aspect's mark and its basis in words (`SchemeResult.aspects`,
`.reasons`) are worked out when read, by the plain Fraction arithmetic below, which the tests hold
equal to the fast path.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from fractions import Fraction
from functools import cached_property, reduce

from .numbers import decimal_text, plain_decimal
from .reasons import Reason
from .rulebook import Scoring
from .scoring import exact_sum, publish, ratio_sum

CLAUSE = "rules.md §4.3"
BASIS = "ASPECT_MARK"
SPREAD_FLAG = "SPREAD_TOO_WIDE"
KINDS = ("all_or_nothing", "deduction", "scale_0_3", "points_trimmed")
MAX_TEXT = 100  # a scheme's, module's or aspect's name or code: shown in every sheet's rows
KIND_NAMES = {
    "all_or_nothing": "全对或零分",
    "deduction": "扣分",
    "scale_0_3": "0-3分制",
    "points_trimmed": "去掉最高最低分",
}
# What each kind does, as the scheme editor explains it.
KIND_DESCRIPTIONS = {
    "all_or_nothing": "测量分：达到要求得满分，否则 0 分",
    "deduction": "测量分：扣分，扣完为止",
    "scale_0_3": "评价分：0–3 分制（至少 3 名裁判）",
    "points_trimmed": "评价分：5 名裁判去掉最高最低分",
}
# Kinds every judge marks (one mark per judge); the others are measured once.
JUDGEMENT_KINDS = ("scale_0_3", "points_trimmed")
# What the kinds are (rules.md §4.3), not per-edition parameters.
SCALE_TOP = 3
SCALE_MIN_JUDGES = 3
TRIMMED_JUDGES = 5


@dataclass(frozen=True)
class Aspect:
    key: str
    label: str
    max: Decimal
    kind: str

    @property
    def name(self) -> str:
        return f"{self.key}（{self.label}）"

    @cached_property
    def max_ratio(self) -> tuple[int, int]:
        return self.max.as_integer_ratio()


@dataclass(frozen=True)
class Module:
    key: str
    label: str
    aspects: tuple[Aspect, ...]

    @cached_property
    def full_mark(self) -> Decimal:
        return sum((aspect.max for aspect in self.aspects), Decimal(0))


@dataclass(frozen=True)
class Scheme:
    name: str
    modules: tuple[Module, ...]

    @cached_property
    def aspects(self) -> tuple[Aspect, ...]:
        return tuple(aspect for module in self.modules for aspect in module.aspects)

    @cached_property
    def full_mark(self) -> Decimal:
        return sum((module.full_mark for module in self.modules), Decimal(0))


@dataclass(frozen=True)
class AspectResult:
    key: str
    mark: Fraction
    max: Decimal
    reasons: tuple[Reason, ...]  # how the mark was reached (ASPECT_MARK)
    flags: tuple[Reason, ...] = ()  # for the chief judge (SPREAD_TOO_WIDE)


@dataclass(frozen=True)
class ModuleResult:
    key: str
    label: str
    mark: Fraction
    max: Decimal


@dataclass(frozen=True)
class SchemeResult:
    total: Fraction  # the practical score, exactly
    full_mark: Decimal  # the practical part's full marks: the sum of the aspect maxes
    modules: tuple[ModuleResult, ...]
    flags: tuple[Reason, ...]  # for the chief judge (SPREAD_TOO_WIDE), in the scheme's order
    scheme: Scheme = field(repr=False)
    given: Mapping[str, object] = field(repr=False)  # the marks given (a shallow copy)
    scoring: Scoring = field(repr=False)

    @property
    def aspects(self) -> tuple[AspectResult, ...]:
        """Each aspect's mark and its basis (ASPECT_MARK), worked out now."""
        return tuple(
            aspect_mark(aspect, self.given[aspect.key], self.scoring)
            for aspect in self.scheme.aspects
        )

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return tuple(reason for result in self.aspects for reason in result.reasons)


class MarkingError(ValueError):
    """Marks that cannot be used; the message (Chinese) names the aspect."""

    def __init__(self, aspect_key: str, message: str):
        self.aspect_key = aspect_key
        self.message = message
        super().__init__(message)


class SchemeError(ValueError):
    """A scheme that cannot be used; `errors` lists (path, message), path like `modules[1].key`."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("\n".join(f"{path}: {message}" for path, message in errors))


# ---------------------------------------------------------------- marks


def show(value: Fraction | Decimal | int) -> str:
    """A number for a message: exact when it has a finite decimal, else rounded with the fraction."""
    value = Fraction(value)
    places, scaled = 0, value
    while scaled.denominator != 1 and places < 6:
        places, scaled = places + 1, scaled * 10
    if scaled.denominator == 1:
        return str(publish(value, places))
    return f"{publish(value, 2)}（精确值 {value.numerator}/{value.denominator}）"


def _listed(values: Sequence) -> str:
    return "、".join(show(value) for value in values)


def _is_number(value) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite()
    return isinstance(value, int) and not isinstance(value, bool)


def _given(value) -> str:
    return str(value) if _is_number(value) else repr(value)


def _numbers_problem(values: Sequence, what: str) -> str | None:
    for index, value in enumerate(values, start=1):
        if not _is_number(value):
            return f"第 {index} {what}应为数字（整数或 Decimal），现为 {_given(value)}"
    return None


def _deductions_problem(aspect: Aspect, deductions: Sequence) -> str | None:
    if _plain_sum(deductions) is not None and (not deductions or min(deductions) >= 0):
        return None  # the usual deductions, checked at once; otherwise one by one below
    problem = _numbers_problem(deductions, "项扣分")
    if problem:
        return problem
    for index, value in enumerate(deductions, start=1):
        if value < 0:
            return f"第 {index} 项扣分 {value} 不能为负数"
    return None


def _scale_problem(aspect: Aspect, marks: Sequence) -> str | None:
    if len(marks) < SCALE_MIN_JUDGES:
        return f"至少需要 {SCALE_MIN_JUDGES} 名裁判评分，现有 {len(marks)} 名"
    if set(map(type, marks)) == _INTS and min(marks) >= 0 and max(marks) <= SCALE_TOP:
        return None  # the usual marks, checked at once; otherwise one by one below
    for index, value in enumerate(marks, start=1):
        if not _is_number(value) or value != int(value) or not 0 <= value <= SCALE_TOP:
            return f"第 {index} 名裁判的评分 {_given(value)} 不是 0、1、2、3 中的整数"
    return None


def _points_problem(aspect: Aspect, points: Sequence) -> str | None:
    if len(points) != TRIMMED_JUDGES:
        return (
            f"应恰好有 {TRIMMED_JUDGES} 名裁判评分（去掉一个最高分和一个最低分），"
            f"现有 {len(points)} 名"
        )
    if _plain_sum(points) is not None and min(points) >= 0 and max(points) <= aspect.max:
        return None  # the usual points, checked at once; otherwise one by one below
    problem = _numbers_problem(points, "名裁判的评分")
    if problem:
        return problem
    for index, value in enumerate(points, start=1):
        if value < 0:
            return f"第 {index} 名裁判的评分 {value} 不能为负数"
        if value > aspect.max:
            return f"第 {index} 名裁判的评分 {value} 超过本项满分 {show(aspect.max)}"
    return None


_LIST_PROBLEMS = {
    "deduction": _deductions_problem,
    "scale_0_3": _scale_problem,
    "points_trimmed": _points_problem,
}


def marks_problem(aspect: Aspect, marks) -> str | None:
    """Why these marks cannot be used for the aspect (Chinese), or None when they are fine."""
    if aspect.kind not in KINDS:
        return f"未知的评分方式 {aspect.kind!r}"
    if marks is None:
        return "缺少评分"
    if aspect.kind == "all_or_nothing":
        return None if isinstance(marks, bool) else "应为 true（达到要求）或 false（未达到）"
    if type(marks) is not list and (
        isinstance(marks, str | bytes) or not isinstance(marks, Sequence)
    ):
        return "应为列表（每项扣分或每名裁判的评分各一项）"
    return _LIST_PROBLEMS[aspect.kind](aspect, marks)


def _all_or_nothing(aspect: Aspect, met: bool) -> tuple[Fraction, str]:
    if met:
        return Fraction(aspect.max), f"达到要求，得满分 {show(aspect.max)}"
    return Fraction(0), f"未达到要求，计 0 分（满分 {show(aspect.max)}）"


def _deduction(aspect: Aspect, deductions: Sequence) -> tuple[Fraction, str]:
    full = Fraction(aspect.max)
    if not deductions:
        return full, f"无扣分，得满分 {show(full)}"
    taken = sum((Fraction(value) for value in deductions), Fraction(0))
    listed = " + ".join(show(value) for value in deductions)
    if taken >= full:
        return Fraction(
            0
        ), f"扣分 {listed} = {show(taken)}，不少于满分 {show(full)}，扣完为止，计 0 分"
    return full - taken, f"满分 {show(full)} 减去扣分 {listed}，得 {show(full - taken)}"


def _scale(aspect: Aspect, marks: Sequence) -> tuple[Fraction, str]:
    mean = Fraction(sum(Fraction(value) for value in marks), len(marks))
    mark = mean / SCALE_TOP * Fraction(aspect.max)
    return mark, (
        f"{len(marks)} 名裁判评分 {_listed(marks)}，平均 {show(mean)}，"
        f"÷ {SCALE_TOP} × 满分 {show(aspect.max)} = {show(mark)}"
    )


def _trimmed(aspect: Aspect, points: Sequence) -> tuple[Fraction, str]:
    ordered = sorted(Fraction(value) for value in points)
    kept = ordered[1:-1]
    mark = sum(kept, Fraction(0)) / len(kept)
    return mark, (
        f"{len(points)} 名裁判评分 {_listed(points)}，去掉一个最高分 {show(ordered[-1])}"
        f" 和一个最低分 {show(ordered[0])}，其余 {_listed(kept)} 平均得 {show(mark)}"
    )


_COMPUTE = {
    "all_or_nothing": _all_or_nothing,
    "deduction": _deduction,
    "scale_0_3": _scale,
    "points_trimmed": _trimmed,
}


def _spread_flags(aspect: Aspect, marks: Sequence, scoring: Scoring) -> tuple[Reason, ...]:
    high, low = max(marks), min(marks)
    if high - low <= scoring.spread_limit:
        return ()
    message = (
        f"评分项 {aspect.name}：裁判评分 {_listed(marks)} 最高 {show(high)}、最低 {show(low)}，"
        f"相差 {show(high - low)} 分，超过允许的 {show(scoring.spread_limit)} 分；"
        "请裁判长组织裁判复议（必要时重新评分）后再锁定成绩"
    )
    return (Reason(SPREAD_FLAG, CLAUSE, message),)


def _error(aspect: Aspect, problem: str) -> MarkingError:
    return MarkingError(aspect.key, f"评分项 {aspect.name}：{problem}")


def aspect_mark(aspect: Aspect, marks, scoring: Scoring) -> AspectResult:
    """One aspect's mark: `marks` is a bool (all_or_nothing) or a list (deductions, judges' marks)."""
    problem = marks_problem(aspect, marks)
    if problem:
        raise _error(aspect, problem)
    mark, basis = _COMPUTE[aspect.kind](aspect, marks)
    flags = _spread_flags(aspect, marks, scoring) if aspect.kind == "scale_0_3" else ()
    reason = Reason(BASIS, CLAUSE, f"评分项 {aspect.name}：{basis}")
    return AspectResult(aspect.key, mark, aspect.max, (reason,), flags)


def check_marks(scheme: Scheme, marks: Mapping[str, object]) -> list[MarkingError]:
    """Every problem of a contestant's marks at once (aspect key → marks), for an import screen."""
    keys = {aspect.key for aspect in scheme.aspects}
    errors = [
        MarkingError(key, f"评分项 {key}：不在评分标准中（代码写错了？）")
        for key in marks
        if key not in keys
    ]
    for aspect in scheme.aspects:
        problem = marks_problem(aspect, marks.get(aspect.key))
        if problem:
            errors.append(_error(aspect, problem))
    return errors


def scheme_total(scheme: Scheme, marks: Mapping[str, object], scoring: Scoring) -> SchemeResult:
    """The practical total of one contestant; raises the first `MarkingError` of `check_marks`.

    The result keeps the marks given (a shallow copy) for its `aspects` and `reasons`."""
    fast = fast_marks(scheme, marks, scoring.spread_limit)
    if fast is None:  # marks of another shape, or wrong: the checked path
        errors = check_marks(scheme, marks)
        if errors:
            raise errors[0]
        module_marks = [
            exact_sum(_COMPUTE[aspect.kind](aspect, marks[aspect.key])[0] for aspect in aspects)
            for aspects in (module.aspects for module in scheme.modules)
        ]
        wide = [aspect for aspect in scheme.aspects if aspect.kind == "scale_0_3"]  # checked below
    else:
        module_marks, wide = fast
    modules = tuple(
        ModuleResult(module.key, module.label, mark, module.full_mark)
        for module, mark in zip(scheme.modules, module_marks, strict=True)
    )
    return SchemeResult(
        total=exact_sum(module_marks),
        full_mark=scheme.full_mark,
        modules=modules,
        flags=tuple(flag for a in wide for flag in _spread_flags(a, marks[a.key], scoring)),
        scheme=scheme,
        given=dict(marks),
        scoring=scoring,
    )


# ---------------------------------------------------------------- the fast path

_INTS = {int}
_NUMBERS = {int, Decimal}
# Sums of marks as Fractions would make them: no rounding (the default context keeps 28
# digits), and a NaN or an infinity among them gives a sum that is not finite, not an error.
EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[])


def fast_marks(scheme: Scheme, marks: Mapping[str, object], spread_limit: Decimal):
    """(each module's mark, the 0–3 aspects whose judges differ by more than `spread_limit`)
    when every aspect's marks are valid and of the usual shape: true or false, a list of ints
    0–3, a list of ints and Decimals. None for any other marks, and for marks of an aspect the
    scheme does not have: `check_marks` then says what is wrong, or `_COMPUTE` takes them.

    Each mark is the integer ratio numerator / denominator of what `_COMPUTE` gives; a module's
    numerators are added up per denominator and made one Fraction, the only one."""
    module_marks, too_wide = [], []
    widest = math.floor(spread_limit)  # for the ints of a 0–3 scale, d > limit ⟺ d > ⌊limit⌋
    for module in scheme.modules:
        numerators: dict[int, int] = {}  # denominator → the numerators over it, added up
        for aspect in module.aspects:
            given = marks.get(aspect.key)
            if aspect.kind == "scale_0_3":  # mean / 3 × max = sum × max / (3 × judges)
                if type(given) is not list or len(given) < SCALE_MIN_JUDGES:
                    return None
                if set(map(type, given)) != _INTS:
                    return None
                ordered = sorted(given)
                if ordered[0] < 0 or ordered[-1] > SCALE_TOP:
                    return None
                if ordered[-1] - ordered[0] > widest:
                    too_wide.append(aspect)
                top, under = aspect.max_ratio
                numerator, denominator = sum(given) * top, SCALE_TOP * len(given) * under
            elif aspect.kind == "points_trimmed":  # the middle three of five, averaged
                if type(given) is not list or len(given) != TRIMMED_JUDGES:
                    return None
                total = _plain_sum(given)
                if total is None:
                    return None
                ordered = sorted(given)
                if ordered[0] < 0 or ordered[-1] > aspect.max:
                    return None
                kept = EXACT.subtract(EXACT.subtract(total, ordered[0]), ordered[-1])
                numerator, denominator = kept.as_integer_ratio()
                denominator *= TRIMMED_JUDGES - 2
            elif aspect.kind == "deduction":  # max minus the deductions, stopping at zero
                total = _plain_sum(given) if type(given) is list else None
                if total is None or (given and min(given) < 0):
                    return None
                left = EXACT.subtract(aspect.max, total)
                numerator, denominator = left.as_integer_ratio() if left > 0 else (0, 1)
            elif given is True or given is False:  # all or nothing
                numerator, denominator = aspect.max_ratio if given else (0, 1)
            else:
                return None
            numerators[denominator] = numerators.get(denominator, 0) + numerator
        module_marks.append(ratio_sum((top, under) for under, top in numerators.items()))
    marked = sum(len(module.aspects) for module in scheme.modules)
    return (module_marks, too_wide) if marked == len(marks) else None


def _plain_sum(values: list) -> Decimal | None:
    """The exact sum of ints and finite Decimals; None when any value is something else."""
    if not set(map(type, values)) <= _NUMBERS:
        return None
    total = reduce(EXACT.add, values, Decimal(0))
    return total if total.is_finite() else None


def _typed(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def aspect_typed(scheme: Scheme, text: str) -> Aspect | None:
    """The aspect a person names by hand: by its code in any case (a1), else by its name as the
    scheme writes it (安全防护, or A1（安全防护） as pages show it); None when no aspect, or more
    than one, has that name."""
    typed = _typed(text)
    for aspect in scheme.aspects:
        if _typed(aspect.key) == typed:
            return aspect
    named = [a for a in scheme.aspects if typed in (_typed(a.label), _typed(a.name))]
    return named[0] if len(named) == 1 else None


# ---------------------------------------------------------------- schemes from plain data

_SCHEME_FIELDS = ("name", "modules")
_MODULE_FIELDS = ("key", "label", "aspects")
_ASPECT_FIELDS = ("key", "label", "max", "kind")


def _unknown_fields(data: Mapping, allowed: tuple, path: str, errors: list) -> None:
    for name in data:
        if name not in allowed:
            errors.append((f"{path}.{name}" if path else str(name), "未知字段（拼写错误？）"))


def _text(data: Mapping, field: str, path: str, errors: list, required: bool = True) -> str:
    value = data.get(field)
    if value is None and not required:
        return ""
    if value is None:
        errors.append((path, "缺少必填字段"))
    elif not isinstance(value, str) or not value.strip():
        errors.append((path, "应为非空文本"))
    elif len(value.strip()) > MAX_TEXT:
        errors.append((path, f"最多 {MAX_TEXT} 个字，现有 {len(value.strip())} 个"))
    else:
        return value.strip()
    return ""


def _items(value, path: str, errors: list) -> list:
    if value is None:
        errors.append((path, "缺少必填字段"))
    elif isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        errors.append((path, "应为列表"))
    elif not value:
        errors.append((path, "至少要有一项"))
    else:
        return list(value)
    return []


def _max(value, path: str, errors: list) -> Decimal:
    number = None
    if isinstance(value, bool | float):
        errors.append((path, '应为整数或写成文本的小数（如 "2.5"），不接受浮点数'))
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, str):
        number = plain_decimal(value)
        if number is None:
            errors.append((path, f'不是普通数字：{value[:20]!r}（应写成 25 或 "2.5"）'))
    else:
        errors.append((path, "缺少必填字段" if value is None else "应为数字"))
    if number is None:
        return Decimal(0)
    if not number.is_finite() or number <= 0:
        errors.append((path, "应大于 0"))
    return number


def _table(value, path: str, errors: list) -> Mapping | None:
    if isinstance(value, Mapping):
        return value
    errors.append((path or "(根)", "应为表（对象）"))
    return None


def _unique(key: str, path: str, seen: dict[str, str], what: str, errors: list) -> None:
    if key and key in seen:
        errors.append((path, f"{what} {key} 与 {seen[key]} 重复"))
    elif key:
        seen[key] = path


def _aspect(data, path: str, seen: dict[str, str], errors: list) -> Aspect | None:
    data = _table(data, path, errors)
    if data is None:
        return None
    _unknown_fields(data, _ASPECT_FIELDS, path, errors)
    key = _text(data, "key", f"{path}.key", errors)
    _unique(key, f"{path}.key", seen, "评分项代码", errors)
    label = _text(data, "label", f"{path}.label", errors)
    mark = _max(data.get("max"), f"{path}.max", errors)
    kind = data.get("kind")
    if kind is None:
        errors.append((f"{path}.kind", "缺少必填字段"))
    elif kind not in KINDS:
        named = "、".join(f"{code}（{KIND_NAMES[code]}）" for code in KINDS)
        errors.append((f"{path}.kind", f"未知的评分方式 {kind!r}，应为 {named} 之一"))
    return Aspect(key, label, mark, str(kind))


def _module(data, path: str, seen: dict[str, dict[str, str]], errors: list) -> Module | None:
    data = _table(data, path, errors)
    if data is None:
        return None
    _unknown_fields(data, _MODULE_FIELDS, path, errors)
    key = _text(data, "key", f"{path}.key", errors)
    _unique(key, f"{path}.key", seen["modules"], "模块代码", errors)
    label = _text(data, "label", f"{path}.label", errors)
    aspects = [
        _aspect(item, f"{path}.aspects[{index}]", seen["aspects"], errors)
        for index, item in enumerate(_items(data.get("aspects"), f"{path}.aspects", errors))
    ]
    return Module(key, label, tuple(aspect for aspect in aspects if aspect))


def scheme_from_dict(data) -> Scheme:
    """A scheme from plain data (a TOML table, rows of an xlsx); `SchemeError` lists every error."""
    errors: list[tuple[str, str]] = []
    table = _table(data, "", errors)
    if table is None:
        raise SchemeError(errors)
    _unknown_fields(table, _SCHEME_FIELDS, "", errors)
    name = _text(table, "name", "name", errors, required=False)
    seen: dict[str, dict[str, str]] = {"modules": {}, "aspects": {}}
    modules = [
        _module(item, f"modules[{index}]", seen, errors)
        for index, item in enumerate(_items(table.get("modules"), "modules", errors))
    ]
    if errors:
        raise SchemeError(errors)
    return Scheme(name, tuple(module for module in modules if module))


def scheme_to_dict(scheme: Scheme) -> dict:
    """Plain data that `scheme_from_dict` reads back to an equal scheme; maxes as decimal strings."""
    return {
        "name": scheme.name,
        "modules": [
            {
                "key": module.key,
                "label": module.label,
                "aspects": [
                    {
                        "key": aspect.key,
                        "label": aspect.label,
                        "max": decimal_text(aspect.max),
                        "kind": aspect.kind,
                    }
                    for aspect in module.aspects
                ],
            }
            for module in scheme.modules
        ],
    }


def version_fingerprint(scheme: Scheme) -> str:
    """SHA-256 (hex) of the scheme's canonical JSON: any change of name, label, max, kind or order
    gives a new fingerprint; how the source wrote it (field order, 10 or "10.0") does not."""
    text = json.dumps(
        scheme_to_dict(scheme), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
