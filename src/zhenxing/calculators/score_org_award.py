"""`zhenxing score-org-award FILE --json`: the excellent-organization self-evaluation form
(contracts.md §3)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from zhenxing.calculators.common import InputError, parse_json, read_bytes, rulebook_for
from zhenxing.rules.orgaward import FormScore, OrgForm, TrainingClass, score_form
from zhenxing.rules.reasons import Reason
from zhenxing.rules.rulebook import Rulebook

FIELDS = (
    "edition",
    "organization",
    "committee_established",
    "notice_issued",
    "regular_meetings",
    "preliminary_occupations",
    "incentives",
    "youth_covered",
    "finals_entries",
    "final_placings",
    "sharing_events",
    "media_reports",
    "training_classes",
    "tiered_training_reach",
    "vetoes",
)
INCENTIVES = (
    "league_skill_expert_title",
    "league_youth_post_title",
    "promotion_policy",
    "other_rewards",
)
CENTS = Decimal("0.01")


def compute(path: str, chosen: Rulebook | None = None) -> dict:
    data = parse_json(read_bytes(path))
    rulebook = rulebook_for(data, chosen)
    edition = rulebook.edition.code
    if "organizations" not in data:
        return {"edition": edition, **_organization(data, "", rulebook)}
    _known_keys(data, ("edition", "organizations"), "")
    items = data["organizations"]
    if not isinstance(items, list):
        raise InputError("organizations: 应为列表 […]")
    out = [_organization(item, f"organizations[{i}].", rulebook) for i, item in enumerate(items)]
    return {"edition": edition, "organizations": out}


def _organization(data, where: str, rulebook: Rulebook) -> dict:
    if not isinstance(data, dict):
        raise InputError(f"{where.rstrip('.')}: 应为对象 {{…}}")
    _known_keys(data, FIELDS, where)
    if data.get("edition", rulebook.edition.code) != rulebook.edition.code:
        raise InputError(f"{where}edition: 与顶层的届次 “{rulebook.edition.code}” 不一致")
    form = _form(data, where, rulebook)
    return _output(score_form(form, rulebook))


# ---------------------------------------------------------------- reading the form


def _form(data: dict, where: str, rulebook: Rulebook) -> OrgForm:
    rows = {row.key: row for row in rulebook.orgaward.rows}
    youth = _object(data, "youth_covered", ("last_year", "this_year"), where)
    finals = _object(data, "finals_entries", ("workers", "students"), where)
    # an edition's form may lack a row: its input is then read as empty and scores nothing
    media_levels = tuple(rows["media_reports"].media_points) if "media_reports" in rows else ()
    media = _object(data, "media_reports", media_levels, where)
    incentives = _object(data, "incentives", INCENTIVES, where)
    return OrgForm(
        organization=_name(data, where),
        committee_established=_bool(
            data.get("committee_established"), f"{where}committee_established"
        ),
        notice_issued=_notice(data.get("notice_issued"), _choices(rows, "notice"), where),
        regular_meetings=_bool(data.get("regular_meetings"), f"{where}regular_meetings"),
        preliminary_occupations=tuple(_occupations(data, where)),
        incentives={k: _bool(incentives.get(k), f"{where}incentives.{k}") for k in INCENTIVES},
        youth_last_year=_count(youth.get("last_year"), f"{where}youth_covered.last_year"),
        youth_this_year=_count(youth.get("this_year"), f"{where}youth_covered.this_year"),
        finals_workers=_count(finals.get("workers"), f"{where}finals_entries.workers"),
        finals_students=_count(finals.get("students"), f"{where}finals_entries.students"),
        final_placings=tuple(_placings(data, where)),
        sharing_events=_count(data.get("sharing_events"), f"{where}sharing_events"),
        media_reports={k: _count(media.get(k), f"{where}media_reports.{k}") for k in media_levels},
        training_classes=tuple(_training(data, where)),
        tiered_training_reach=_optional_count(data, "tiered_training_reach", where),
        vetoes=tuple(_vetoes(data, where, rulebook)),
    )


def _choices(rows: dict, key: str) -> tuple:
    return tuple(rows[key].choices) if key in rows else ()


def _known_keys(data: dict, allowed, where: str) -> None:
    for key in data:
        if key not in allowed:
            raise InputError(f"{where}{key}: 未知字段（拼写错误？）")


def _name(data: dict, where: str) -> str:
    if "organization" not in data or data["organization"] is None:
        raise InputError(f"{where}organization: 缺少必填字段")
    name = data["organization"]
    if not isinstance(name, str) or not name.strip():
        raise InputError(f"{where}organization: 应为单位名称（非空文本）")
    return name.strip()


def _bool(value, field: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InputError(f"{field}: 应为 true 或 false")
    return value


def _count(value, field: str) -> int:
    if value is None:
        return 0
    integral = (
        isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value()
    )
    if isinstance(value, bool) or not (isinstance(value, int) or integral) or value < 0:
        raise InputError(f"{field}: 应为非负整数")
    return int(value)


def _optional_count(data: dict, key: str, where: str) -> int | None:
    value = data.get(key)
    return None if value is None else _count(value, f"{where}{key}")


def _object(data: dict, key: str, allowed, where: str) -> dict:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{where}{key}: 应为对象 {{…}}")
    _known_keys(value, allowed, f"{where}{key}.")
    return value


def _list(data: dict, key: str, where: str) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{where}{key}: 应为列表 […]")
    return value


def _notice(value, choices: tuple[str, ...], where: str) -> str | None:
    if value is None or value in choices:
        return value
    allowed = "、".join(f'"{c}"' for c in choices)
    raise InputError(f"{where}notice_issued: 应为 {allowed} 或 null（收到 “{value}”）")


def _occupations(data: dict, where: str):
    for i, name in enumerate(_list(data, "preliminary_occupations", where)):
        if not isinstance(name, str) or not name.strip():
            raise InputError(
                f"{where}preliminary_occupations[{i}]: 应为职业（工种）名称（非空文本）"
            )
        yield name


def _placings(data: dict, where: str):
    for i, rank in enumerate(_list(data, "final_placings", where)):
        field = f"{where}final_placings[{i}]"
        if rank is None or _count(rank, field) < 1:
            raise InputError(f"{field}: 应为名次（正整数）")
        yield int(rank)


def _training(data: dict, where: str):
    for i, item in enumerate(_list(data, "training_classes", where)):
        field = f"{where}training_classes[{i}]"
        if not isinstance(item, dict):
            raise InputError(f'{field}: 应为对象 {{"trainees": …, "days": …}}')
        _known_keys(item, ("trainees", "days"), f"{field}.")
        for key in ("trainees", "days"):
            if item.get(key) is None:
                raise InputError(f"{field}.{key}: 缺少必填字段")
        yield TrainingClass(
            _count(item["trainees"], f"{field}.trainees"), _days(item["days"], field)
        )


def _days(value, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)) or value < 0:
        raise InputError(f"{field}.days: 应为非负数（天数）")
    return Decimal(value)


def _vetoes(data: dict, where: str, rulebook: Rulebook):
    known = [v.code for v in rulebook.orgaward.vetoes]
    for i, code in enumerate(_list(data, "vetoes", where)):
        if code not in known:
            allowed = "、".join(f'"{c}"' for c in known)
            raise InputError(f"{where}vetoes[{i}]: 未知的否决项 “{code}”（应为 {allowed}）")
        yield code


# ---------------------------------------------------------------- writing the result


def _money(value: Decimal) -> str:
    return str(value.quantize(CENTS, rounding=ROUND_HALF_UP))


def _output(score: FormScore) -> dict:
    return {
        "organization": score.organization,
        "rows": [
            {
                "key": row.key,
                "label": row.label,
                "rule": row.rule,
                "score": _money(row.score),
                "max": _money(row.max),
                "reasons": [{"clause": r.clause, "message": r.message} for r in row.reasons],
            }
            for row in score.rows
        ],
        "categories": [
            {
                "key": c.key,
                "label": c.label,
                "score": _money(c.score),
                "max": None if c.max is None else _money(c.max),
            }
            for c in score.categories
        ],
        "caps": [_flag(r) for r in score.caps],
        "base_max": _money(score.base_max),
        "base_total": _money(score.base_total),
        "bonus_total": _money(score.bonus_total),
        "total": _money(score.total),
        "vetoed": score.vetoed,
        "eligible_for_award": score.eligible_for_award,
        "flags": [_flag(f) for f in score.flags],
        "vetoes": [
            {"veto": v.code, "clause": v.clause, "message": v.message} for v in score.vetoes
        ],
    }


def _flag(reason: Reason) -> dict:
    return {"code": reason.code, "message": reason.message, "clause": reason.clause}
