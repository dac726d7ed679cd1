"""Titles, certificates and the national-finals selection, from final ranks (the rulebook's
`awards`, citing the clauses of the edition's notice).

Everything here is a proposal: a title is granted only when its approving body (`approver`)
approves it, a certificate only when HRSS issues it. Parameters come from `rulebook.awards`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from zhenxing.rules.reasons import Reason
from zhenxing.rules.rulebook import Awards, Certificates, Title, normalize_name

ALREADY_HELD_CLAUSE = "rules.md §5.2"
FINALS_TIE_CLAUSE = "rules.md §5.3"


@dataclass(frozen=True)
class Held:
    """A qualification the contestant already holds in the event's occupation (its issue date
    unknown when the registrar left it blank)."""

    level: int
    issued_on: dt.date | None


def held_in(qualifications, occupation: str) -> list[Held]:
    """The qualifications of the contract format ({occupation, level, issued_on}) held in
    `occupation`: other occupations do not count (names compared as the rulebook does)."""
    wanted = normalize_name(occupation)
    held = []
    for q in qualifications or []:
        if normalize_name(q.get("occupation", "")) != wanted or not q.get("level"):
            continue
        issued = q.get("issued_on")
        if isinstance(issued, str):
            issued = dt.date.fromisoformat(issued)
        held.append(Held(int(q["level"]), issued))
    return held


@dataclass(frozen=True)
class TitleDecision:
    name: str
    approver: str
    clause: str
    proposed: bool
    message: str
    approver_name: str = ""  # the approving body as the edition names it

    def proposal(self) -> dict:
        return {
            "title": self.name,
            "approver": self.approver,
            "approver_name": self.approver_name or self.approver,
            "clause": self.clause,
            "status": "proposed",
        }


@dataclass(frozen=True)
class Certificate:
    kind: str  # "qualification" | "special_ability"
    level: int | None
    promoted: bool

    def as_dict(self) -> dict:
        return {"kind": self.kind, "level": self.level, "promoted": self.promoted}


@dataclass(frozen=True)
class CertificateDecision:
    certificate: Certificate | None
    reasons: list[Reason] = field(default_factory=list)  # flags for the committee
    approver: str = ""
    clause: str = ""


def titles_for(rank: int | None, group: str, birth_date: dt.date | None, awards: Awards):
    """The titles this rank may bring, in rulebook order; `proposed` says whether it is due."""
    decisions = []
    for title in awards.titles:
        if rank is None or rank > title.max_rank or group not in title.groups:
            continue
        problem = _birth_problem(title, birth_date)
        approver = approver_name(title.approver, awards)
        message = problem or f"第{rank}名，拟授予“{title.name}”，待{approver}核准"
        decisions.append(
            TitleDecision(
                title.name, title.approver, title.clause, problem is None, message, approver
            )
        )
    return decisions


def _birth_problem(title: Title, birth_date: dt.date | None) -> str | None:
    if title.born_from is None:
        return None
    needs = f"“{title.name}”要求{title.born_from.isoformat()}或以后出生"
    if birth_date is None:
        return f"{needs}：缺少出生日期，请补充后重算"
    if birth_date < title.born_from:
        return f"{needs}，该选手出生于{birth_date.isoformat()}，不授予"
    return None


def add_years(day: dt.date, years: int) -> dt.date:
    """Same day `years` calendar years later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def certificate_for(
    rank: int | None, kind: str, held: Sequence[Held], award_date: dt.date, awards: Awards
) -> CertificateDecision:
    """The certificate due at `rank` for an event whose occupation issues `kind`.

    `held` lists the qualifications already held in the event's occupation (other occupations
    do not count). A promotion needs exactly the tier's level, issued `promotion_years` full
    years before `award_date`; a certificate not above a held level is not issued.
    """
    rules = awards.certificates
    if rank is None or kind == "none":
        return CertificateDecision(None)
    if kind == "special_ability":
        if rank > rules.special_ability_max_rank:
            return CertificateDecision(None)
        issued = Certificate("special_ability", None, False)
        return CertificateDecision(issued, [], rules.approver, rules.promotion_clause)
    tier = next((t for t in rules.tiers if t.from_rank <= rank <= t.to_rank), None)
    if tier is None:
        return CertificateDecision(None)
    level, promoted, reasons = tier.level, False, []
    same_level = [h for h in held if h.level == tier.level]
    dated = [h.issued_on for h in same_level if h.issued_on is not None]
    if tier.promotes and same_level and tier.level > 1:
        if not dated:
            reasons.append(_issue_date_unknown(tier.level, rules))
        elif add_years(min(dated), rules.promotion_years) <= award_date:
            level, promoted = tier.level - 1, True
        else:
            reasons.append(_under_one_year(min(dated), tier.level, award_date, rules))
    best_held = min((h.level for h in held), default=None)
    if best_held is not None and best_held <= level:
        reasons.append(_already_holds(best_held, level))
        return CertificateDecision(None, reasons, rules.approver, rules.clause)
    return CertificateDecision(
        Certificate("qualification", level, promoted), reasons, rules.approver, rules.clause
    )


def _under_one_year(issued_on: dt.date, level: int, award_date: dt.date, rules: Certificates):
    due = add_years(issued_on, rules.promotion_years)
    return Reason(
        "PROMOTION_HELD_UNDER_ONE_YEAR",
        rules.promotion_clause,
        f"已持本职业{_level(level)}证书，颁发于{issued_on.isoformat()}，至颁奖日"
        f"{award_date.isoformat()}不满{rules.promotion_years}年（须{due.isoformat()}或以后），"
        f"不晋升，按本名次颁发{_level(level)}证书。",
    )


def _issue_date_unknown(level: int, rules: Certificates) -> Reason:
    return Reason(
        "PROMOTION_ISSUE_DATE_UNKNOWN",
        rules.promotion_clause,
        f"已持本职业{_level(level)}证书，但报名时未填写颁发日期，无法核对是否满"
        f"{rules.promotion_years}年：不晋升，按本名次颁发{_level(level)}证书；如已满，请补充颁发日期后重算。",
    )


def _already_holds(held_level: int, due_level: int) -> Reason:
    return Reason(
        "ALREADY_HOLDS_LEVEL",
        ALREADY_HELD_CLAUSE,
        f"应颁发{_level(due_level)}证书，但该选手已持本职业{_level(held_level)}证书"
        f"（同级或更高），不颁发；请人工复核。",
    )


def _level(level: int) -> str:
    return f"国家职业资格{'一二三四五'[level - 1]}级"


def certificate_name(kind: str, level: int | None) -> str:
    """A certificate as the award list names it."""
    if kind == "special_ability":
        return "专项职业能力证书"
    return f"{_level(level)}证书"


# ---------------------------------------------------------------- one contestant's proposals


@dataclass(frozen=True)
class Proposal:
    """One award proposed for a ranked contestant, or listed with the reason it is not given.

    `due`: granted once its approver approves it. Not due: a title the contestant does not
    qualify for, or a certificate for a person to review (`review`: already holds the level)."""

    kind: str  # "title" | "certificate"
    name: str
    level: int | None
    promoted: bool
    approver: str
    clause: str
    due: bool
    review: bool
    reasons: tuple[Reason, ...]


def proposals_for(
    rank: int | None,
    group: str,
    birth_date: dt.date | None,
    kind: str,
    held: Sequence[Held],
    award_date: dt.date,
    awards: Awards,
) -> list[Proposal]:
    """Every title and certificate the rulebook gives at `rank`, each with its reasons."""
    out = []
    for title in titles_for(rank, group, birth_date, awards):
        code = "TITLE_PROPOSED" if title.proposed else "TITLE_NOT_DUE"
        reason = Reason(code, title.clause, title.message)
        out.append(
            Proposal(
                "title", title.name, None, False, title.approver, title.clause,
                title.proposed, False, (reason,),
            )
        )  # fmt: skip
    decision = certificate_for(rank, kind, held, award_date, awards)
    cert = decision.certificate
    if cert is not None:
        name = certificate_name(cert.kind, cert.level)
        message = f"第{rank}名，拟颁发{name}" + ("（晋升一级）" if cert.promoted else "")
        message += f"，待{approver_name(decision.approver, awards)}核准"
        reasons = (Reason("CERTIFICATE_PROPOSED", decision.clause, message), *decision.reasons)
        out.append(
            Proposal(
                "certificate", name, cert.level, cert.promoted, decision.approver,
                decision.clause, True, False, reasons,
            )
        )  # fmt: skip
    elif decision.reasons:  # a certificate due by rank, not issued: for a person to review
        rules = awards.certificates
        tier = next((t for t in rules.tiers if t.from_rank <= (rank or 0) <= t.to_rank), None)
        level = tier.level if tier else None
        out.append(
            Proposal(
                "certificate", f"{certificate_name(kind, level)}（不颁发）", level, False,
                rules.approver, rules.clause, False, True, tuple(decision.reasons),
            )
        )  # fmt: skip
    return out


def approver_name(code: str, awards: Awards) -> str:
    """The approving body of `code` (HRSS, YL) as the edition's rulebook names it."""
    return awards.approver_names.get(code, code)


# ---------------------------------------------------------------- national finals


@dataclass(frozen=True)
class FinalsSelection:
    selected: list[str]
    reserves: list[str]
    per_event: int
    reserve_count: int
    reasons: list[Reason] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "per_event": self.per_event,
            "reserve_count": self.reserve_count,
            "selected": self.selected,
            "reserves": self.reserves,
            "notes": [r.message for r in self.reasons],
        }


def select_for_finals(
    ranked: Sequence[tuple[str, int]], per_event: int, reserve_count: int
) -> FinalsSelection:
    """Top `per_event` of one event, then `reserve_count` reserves, from (id, rank) in rank order.

    A shared rank is never split: when the last place taken is shared, everyone sharing it is
    taken too, and a note asks the committee to decide.
    """
    selected, rest, tied_selected = _take(list(ranked), per_event)
    reserves, _, tied_reserves = _take(rest, reserve_count)
    reasons = []
    for label, tied in (("入选", tied_selected), ("替补", tied_reserves)):
        if tied:
            reasons.append(
                Reason(
                    "FINALS_SHARED_RANK",
                    FINALS_TIE_CLAUSE,
                    f"{label}名额的最后一名并列（第{tied}名），并列者全部列入{label}名单，请组委会决定。",
                )
            )
    return FinalsSelection(
        [i for i, _ in selected], [i for i, _ in reserves], per_event, reserve_count, reasons
    )


def _take(ranked: list[tuple[str, int]], count: int):
    if count <= 0 or not ranked:
        return [], ranked, None
    taken = ranked[:count]
    last_rank = taken[-1][1]
    while len(taken) < len(ranked) and ranked[len(taken)][1] == last_rank:
        taken.append(ranked[len(taken)])
    tied = last_rank if len(taken) > count else None
    return taken, ranked[len(taken) :], tied


def national_finals(
    events: Sequence[tuple[str, str, Sequence[tuple[str, int]]]],
    awards: Awards,
    national_occupations: Sequence[str],
    per_event: int | None = None,
    reserve_count: int | None = None,
) -> dict[tuple[str, str], FinalsSelection]:
    """Selections for each national-level event among (occupation, group, ranked) triples.

    `per_event` and `reserve_count` override the rulebook's `awards.national_finals`.
    """
    rules = awards.national_finals
    n = rules.per_event if per_event is None else per_event
    r = rules.reserves if reserve_count is None else reserve_count
    return {
        (occupation, group): select_for_finals(ranked, n, r)
        for occupation, group, ranked in events
        if occupation in national_occupations
    }
