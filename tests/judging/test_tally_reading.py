"""The tally reads a final's marks as stored text, decoded once per distinct value, and checks
a contestant's marks only when they do not add up: what it finds must be what reading every mark
through the model (JSONField) and checking every contestant found — the same practical marks, and
the same problems in the same order with the same messages (marks listed in the judges' order)."""

from collections import defaultdict

import pytest

from tests.support import SCHEME
from zhenxing.judging import tally as tally_module
from zhenxing.judging.marks import to_rules
from zhenxing.judging.models import Mark, Scheme
from zhenxing.judging.schemes import current_scheme, rules_scheme
from zhenxing.rules import marking

pytestmark = pytest.mark.django_db


def _reference(final):
    """The tally's marks part as it was written before: every row decoded by the model field,
    check_marks before scheme_total for every contestant."""
    scheme = current_scheme(final)
    parsed = rules_scheme(scheme)
    rulebook = final.event.edition.rulebook()
    kinds = {aspect.key: aspect.kind for aspect in parsed.aspects}
    stale = tally_module._stale_versions(final, scheme, parsed)
    usable = defaultdict(lambda: defaultdict(list))
    unusable = defaultdict(lambda: defaultdict(set))
    for competitor_id, key, value, status, scheme_id in Mark.objects.filter(
        competitor__final=final
    ).values_list("competitor_id", "aspect_key", "value", "status", "scheme_id"):
        if status != Mark.Status.CONFIRMED:
            unusable[competitor_id][status.upper()].add(key)
        elif key in stale.get(scheme_id, ()) or key not in kinds:
            unusable[competitor_id]["STALE"].add(key)
        else:
            usable[competitor_id][key].append(to_rules(kinds[key], value))
    practicals, problems = {}, []
    for competitor in final.competitors.order_by("number"):
        if competitor.absent:
            continue
        if competitor.pk not in usable and competitor.pk not in unusable:
            problems.append(
                tally_module._problem(
                    competitor, "NOT_SCORED", "尚未评分（未到场的请裁判长登记缺考）"
                )
            )
            continue
        for code, keys in unusable.get(competitor.pk, {}).items():
            message = f"{tally_module.UNUSABLE[code]}：{'、'.join(sorted(keys))}"
            problems.append(tally_module._problem(competitor, code, message))
        given = usable.get(competitor.pk, {})
        values = {
            a.key: given[a.key] if a.kind in marking.JUDGEMENT_KINDS else given[a.key][0]
            for a in parsed.aspects
            if a.key in given
        }
        errors = marking.check_marks(parsed, values)
        if errors:
            message = "；".join(e.message for e in errors[:3])
            problems.append(tally_module._problem(competitor, "INCOMPLETE", message))
            continue
        result = marking.scheme_total(parsed, values, rulebook.scoring)
        problems += [tally_module._problem(competitor, f.code, f.message) for f in result.flags]
        practicals[competitor.pk] = result.total
    return practicals, problems


def _mark(competitor, key, slot, value, scheme, judge, status=Mark.Status.CONFIRMED):
    Mark.objects.create(
        competitor=competitor, aspect_key=key, slot=slot, judge=judge if slot else None,
        scheme=scheme, value=value, source=Mark.Source.DIRECT, status=status, entered_by=judge,
    )  # fmt: skip


def test_the_tally_finds_what_reading_every_mark_through_the_model_found(final, numbers):
    people = final.people
    judges = [people["judge"], people["judge2"], people["judge3"]]
    old = current_scheme(final)
    changed = {**SCHEME, "modules": [dict(SCHEME["modules"][0])]}
    aspects = [dict(a) for a in SCHEME["modules"][0]["aspects"]]
    aspects[2]["max"] = "50"  # A3 changes: its marks on version 1 no longer count
    changed["modules"][0]["aspects"] = aspects
    parsed = marking.scheme_from_dict(changed)
    new = Scheme.objects.create(
        final=final, version=2, data=marking.scheme_to_dict(parsed),
        fingerprint=marking.version_fingerprint(parsed), created_by=people["host"],
    )  # fmt: skip
    by_name = {c.entry.person.name: c for c in final.competitors.select_related("entry__person")}
    # slots sort as text: "10" < "11" < "9", so the judges' order is not the order they were saved
    slots = ["9", "10", "11"]

    li_na = by_name["李娜"]  # complete, the 0–3 marks too far apart (a flag listing them)
    _mark(li_na, "A1", "", True, old, judges[0])
    _mark(li_na, "A2", "", ["1.5", "2"], old, judges[0])
    for slot, judge, value in zip(slots, judges, [0, 3, 1], strict=True):
        _mark(li_na, "A3", slot, value, new, judge)

    wang_fang = by_name["王芳"]  # awaiting, mismatch, stale and unknown, in row order
    _mark(wang_fang, "A1", "", True, old, judges[0], Mark.Status.MISMATCH)
    _mark(wang_fang, "A2", "", [], old, judges[0], Mark.Status.AWAITING_SECOND)
    _mark(wang_fang, "A0", "", True, new, judges[0])  # not in the scheme
    for slot, judge in zip(slots, judges, strict=True):
        _mark(wang_fang, "A3", slot, 2, old, judge)

    zhao_min = by_name["赵敏"]  # a judge's mark out of range: which judge is said by position
    _mark(zhao_min, "A1", "", False, new, judges[0])
    _mark(zhao_min, "A2", "", ["40"], new, judges[0])
    for slot, judge, value in zip(slots, judges, [5, 2, 2], strict=True):
        _mark(zhao_min, "A3", slot, value, new, judge)
    # 孙丽: not scored

    practicals, problems = _reference(final)
    made = tally_module.tally(final)
    marks_problems = [p for p in made.problems if p["code"] != "THEORY_MISSING"]
    assert marks_problems == problems
    assert made.practicals == practicals
    by_number = defaultdict(list)  # problems come in contest-number order
    for problem in problems:
        by_number[problem["number"]].append((problem["code"], problem["message"]))
    [(code, message)] = by_number[li_na.code]
    assert code == marking.SPREAD_FLAG and "3、1、0" in message  # slots 10, 11, 9
    codes = [code for code, _ in by_number[wang_fang.code]]
    assert codes == ["STALE", "MISMATCH", "AWAITING", "INCOMPLETE"]  # A0 comes first
    assert "A0、A3" in by_number[wang_fang.code][0][1]
    [(code, message)] = by_number[zhao_min.code]
    assert code == "INCOMPLETE" and "第 3 名裁判的评分 5" in message  # slot 9 is the third
    assert [code for code, _ in by_number[by_name["孙丽"].code]] == ["NOT_SCORED"]
    assert list(practicals) == [li_na.pk]
