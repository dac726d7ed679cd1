"""What an event's marks and theory scores add up to, before totals and ranks: each scored
competitor's practical mark (rules.marking), and every problem that keeps the chief judge from
locking (a mark awaiting its second entry, a mismatch, a missing theory score…). Reads only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db import connection
from django.db.models import TextField, Value
from django.db.models.functions import Cast, NullIf

from zhenxing.rules import marking, scoring
from zhenxing.rules.marking import MarkingError
from zhenxing.rules.marking import Scheme as RulesScheme

from .marks import to_rules
from .models import Competitor, Final, Mark, Scheme
from .schemes import current_scheme, rules_scheme

UNUSABLE = {
    "AWAITING": "待二次录入",
    "MISMATCH": "两次录入不一致",
    "STALE": "按旧版评分标准评的分，须按新版重评",
}


@dataclass
class Tally:
    revision: int  # the final's revision the tally was made of
    competitors: list[Competitor]  # in number order, each with its theory score
    practicals: dict[int, Fraction]  # competitor id → practical mark, for those fully scored
    full: dict  # part → full marks (None: the part is not in this event's paper)
    problems: list[dict]  # what stops the lock: {"number", "code", "message"}


def tally(final: Final) -> Tally:
    revision = final.revision
    scheme = current_scheme(final)
    competitors = list(final.competitors.select_related("theory").order_by("number"))
    rulebook = final.event.edition.rulebook()
    problems: list[dict] = []
    practicals = _practicals(final, scheme, competitors, rulebook, problems) if scheme else {}
    full = {
        "current_affairs": final.full_current_affairs,
        "knowledge": final.full_knowledge,
        "practical": rules_scheme(scheme).full_mark if scheme else None,
    }
    _theory_problems(competitors, full, rulebook, problems)
    return Tally(revision, competitors, practicals, full, problems)


def theory_scores(competitor) -> dict:
    theory = getattr(competitor, "theory", None)
    return {
        "current_affairs": theory.current_affairs if theory else None,
        "knowledge": theory.knowledge if theory else None,
    }


def _theory_problems(competitors, full, rulebook, problems) -> None:
    """A present competitor without a theory score that counts: the total cannot be made, so
    the lock waits for it (after the lock theory scores can no longer be entered)."""
    for competitor in competitors:
        if competitor.absent:
            continue
        missing = scoring.missing_parts(theory_scores(competitor), full, rulebook.scoring)
        missing = [part for part in missing if part != "practical"]  # its own problems say that
        if missing:
            parts = "、".join(scoring.PART_LABELS[part] for part in missing)
            problems.append(_problem(competitor, "THEORY_MISSING", f"理论成绩未录入：{parts}"))


def _practicals(final, scheme, competitors, rulebook, problems) -> dict[int, Fraction]:
    """Each scored competitor's practical mark; what keeps a mark from counting goes to problems."""
    parsed = rules_scheme(scheme)
    kinds = {aspect.key: aspect.kind for aspect in parsed.aspects}
    stale = _stale_versions(final, scheme, parsed)
    usable = defaultdict(lambda: defaultdict(list))  # competitor → aspect → marks
    unusable = defaultdict(lambda: defaultdict(set))  # competitor → problem code → aspects
    decoded = {key: {} for key in kinds}  # aspect → stored JSON text → the value rules read
    given, given_id = None, None  # the marks of the competitor the rows are at
    for competitor_id, key, text, status, scheme_id in _marks(final, scheme):
        if status is not None:  # not confirmed
            unusable[competitor_id][status.upper()].add(key)
        elif key not in kinds or key in stale.get(scheme_id, ()):
            unusable[competitor_id]["STALE"].add(key)
        else:
            known = decoded[key]
            value = known.get(text, known)
            if value is known:
                value = known[text] = to_rules(kinds[key], _json(text))
            if competitor_id != given_id:
                given, given_id = usable[competitor_id], competitor_id
            given[key].append(list(value) if type(value) is list else value)
    practicals = {}
    for competitor in competitors:
        if competitor.absent:
            continue
        if competitor.pk not in usable and competitor.pk not in unusable:
            message = "尚未评分（未到场的请裁判长登记缺考）"
            problems.append(_problem(competitor, "NOT_SCORED", message))
            continue
        for code, keys in unusable.get(competitor.pk, {}).items():
            message = f"{UNUSABLE[code]}：{'、'.join(sorted(keys))}"
            problems.append(_problem(competitor, code, message))
        given = usable.get(competitor.pk, {})
        result = _practical(parsed, competitor, given, rulebook, problems)
        if result is not None:
            practicals[competitor.pk] = result
    return practicals


def _practical(parsed, competitor, given, rulebook, problems):
    """Judgement aspects take every judge's mark; a measurement aspect has one."""
    values = {
        aspect.key: given[aspect.key]
        if aspect.kind in marking.JUDGEMENT_KINDS
        else given[aspect.key][0]
        for aspect in parsed.aspects
        if aspect.key in given
    }
    try:  # scheme_total raises exactly when check_marks finds errors: check only then
        result = marking.scheme_total(parsed, values, rulebook.scoring)
    except MarkingError:
        errors = marking.check_marks(parsed, values)
        message = "；".join(e.message for e in errors[:3])
        problems.append(_problem(competitor, "INCOMPLETE", message))
        return None
    for flag in result.flags:
        problems.append(_problem(competitor, flag.code, flag.message))
    return result.total


def _marks(final, scheme):
    """(competitor id, aspect key, stored JSON text, status or None when confirmed, scheme id or
    None when the current one) of the final's marks, in the model's order (competitor, aspect,
    judge's slot). The value comes as the database's text, decoded once per distinct text by the
    caller: a final has ~100,000 marks of a few hundred distinct values, and decoding each row
    (JSONField) cost more than the rules core; the two NULLs spare a string and an int per row."""
    return Mark.objects.filter(competitor__final=final).values_list(
        "competitor_id",
        "aspect_key",
        Cast("value", TextField()),
        NullIf("status", Value(Mark.Status.CONFIRMED.value)),
        NullIf("scheme_id", Value(scheme.pk)),
    )


def _json(text):
    """The stored value as Mark.value reads it (JSONField.from_db_value: the JSON decoded)."""
    return Mark._meta.get_field("value").from_db_value(text, None, connection)


def _problem(competitor: Competitor, code: str, message: str) -> dict:
    return {"number": competitor.code, "code": code, "message": f"{competitor}：{message}"}


def _stale_versions(final, current: Scheme, parsed: RulesScheme) -> dict[int, set[str]]:
    """scheme id → aspect keys whose definition changed since that version."""
    now = {a.key: a for a in parsed.aspects}
    stale = {}
    for old in final.schemes.exclude(pk=current.pk):
        aspects = rules_scheme(old).aspects
        stale[old.pk] = {a.key for a in aspects if now.get(a.key) != a}
    return stale
