"""What an event's marks and theory scores add up to, before totals and ranks: each scored
competitor's practical mark (rules.marking), and every problem that keeps the chief judge from
locking (a mark awaiting its second entry, a mismatch, a missing theory score…). Reads only."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import orjson
from django.db import connection
from django.db.models import Case, F, Q, Value, When

from zhenxing.editions.bulk import without_cyclic_gc
from zhenxing.rules import marking, scoring
from zhenxing.rules.marking import MarkingError
from zhenxing.rules.marking import Scheme as RulesScheme

from .marks import values_reader
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


@without_cyclic_gc
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
    readers = {aspect.key: values_reader(aspect.kind) for aspect in parsed.aspects}
    why_not = _why_not(final, scheme, parsed)
    grouped = list(_grouped(final, why_not))
    partly = [pk for pk, given, rows in grouped if sum(map(len, given.values())) != rows]
    refused = _not_counted(partly, why_not)  # competitor → aspect → why its marks do not count
    usable, unusable = {}, {}  # competitor → aspect → marks; competitor → problem code → aspects
    for competitor_id, given, _ in grouped:
        aspects = refused.get(competitor_id, {})
        usable[competitor_id] = _as_rules(readers, given, aspects)
        for key in sorted(aspects):  # problems in the order of the rows: aspect, slot
            for code in aspects[key]:
                unusable.setdefault(competitor_id, {}).setdefault(code.upper(), set()).add(key)
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


def _why_not(final, scheme, parsed) -> Case:
    """Why a mark does not count ("" when it does): it counts when confirmed and given under the
    current scheme, or under an older version that defined its aspect the same way; else its
    status (awaiting, mismatch), or stale. (An aspect the current scheme lacks is stale in
    every older version; under the current one its marks are checked by `_as_rules`.)"""
    versions = Q(scheme=scheme)
    for scheme_id, stale in _stale_versions(final, scheme, parsed).items():
        versions |= Q(scheme_id=scheme_id) & ~Q(aspect_key__in=stale)
    confirmed = Q(status=Mark.Status.CONFIRMED)
    return Case(
        When(confirmed & versions, then=Value("")),
        When(~confirmed, then=F("status")),
        default=Value("stale"),
    )


def _practical(parsed, competitor, given, rulebook, problems):
    """The competitor's practical mark from their marks as rules.marking reads them (aspect →
    every judge's marks, or a measurement aspect's one); None, with the reasons in problems,
    when the marks are incomplete or wrong."""
    try:  # scheme_total raises exactly when check_marks finds errors: check only then
        result = marking.scheme_total(parsed, given, rulebook.scoring)
    except MarkingError:
        errors = marking.check_marks(parsed, given)
        message = "；".join(e.message for e in errors[:3])
        problems.append(_problem(competitor, "INCOMPLETE", message))
        return None
    for flag in result.flags:
        problems.append(_problem(competitor, flag.code, flag.message))
    return result.total


def _as_rules(readers: dict, given: dict, refused: dict) -> dict:
    """aspect → the stored values in slot order, as rules.marking reads them (`readers`: each
    aspect of the scheme → its marks' `values_reader`). Marks of an aspect the scheme does not
    have are moved to `refused` as stale."""
    for key in given.keys() - readers.keys():
        refused.setdefault(key, []).append("stale")
        del given[key]
    for key, read in readers.items():
        if read is not None and key in given:
            given[key] = read(given[key])
    return given


def _grouped(final, why_not: Case):
    """(competitor id, {aspect: [its marks' values that count, in slot order]}, how many marks
    the competitor has) for each competitor with marks: one row each, its JSON text written by
    the database. A final has ~100,000 marks, and reading them row by row (as models or tuples)
    cost more than the rules core; a competitor with fewer values than marks has marks that do
    not count (`_not_counted` says why: it is rare, and saying it here cost every row a CASE).

    The marks are selected by competitor alone, so that SQLite reads them by the unique index
    (competitor, aspect, slot), in the order it then joins their stored JSON texts (its JSON
    functions would parse each again; it has no ORDER BY in an aggregate before 3.44)."""
    postgresql = connection.vendor == "postgresql"
    rows, params = (
        Mark.objects.filter(competitor__in=final.competitors.values("pk"))
        .annotate(why_not=why_not)
        .values_list("competitor_id", "aspect_key", "slot", "value", "why_not")
        .order_by()
        .query.sql_with_params()
    )
    sql = (_POSTGRESQL if postgresql else _SQLITE).format(rows=rows)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for competitor_id, given, marks in cursor:
            yield competitor_id, orjson.loads(given) if given else {}, marks


_SQLITE = """
SELECT competitor_id,
    '{{' || GROUP_CONCAT(JSON_QUOTE(aspect_key) || ':[' || marks || ']', ',') || '}}', SUM(n)
FROM (
    SELECT competitor_id, aspect_key,
        GROUP_CONCAT(CASE why_not WHEN '' THEN value END, ',') AS marks, COUNT(*) AS n
    FROM ({rows}) AS given GROUP BY competitor_id, aspect_key
) AS aspects GROUP BY competitor_id
"""
_POSTGRESQL = """
SELECT competitor_id,
    (JSONB_OBJECT_AGG(aspect_key, marks) FILTER (WHERE marks IS NOT NULL))::text,
    SUM(n)::integer
FROM (
    SELECT competitor_id, aspect_key,
        JSONB_AGG(value ORDER BY slot) FILTER (WHERE why_not = '') AS marks, COUNT(*) AS n
    FROM ({rows}) AS given GROUP BY competitor_id, aspect_key
) AS aspects GROUP BY competitor_id
"""


def _not_counted(competitors: list[int], why_not: Case) -> dict[int, dict[str, list[str]]]:
    """competitor → aspect → why not, for each of its marks that does not count (slot order)."""
    refused = {}
    rows = (
        Mark.objects.filter(competitor__in=competitors)
        .annotate(why_not=why_not)
        .exclude(why_not="")
        .order_by("competitor_id", "aspect_key", "slot")
        .values_list("competitor_id", "aspect_key", "why_not")
    )
    for competitor_id, key, code in rows:
        refused.setdefault(competitor_id, {}).setdefault(key, []).append(code)
    return refused


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
