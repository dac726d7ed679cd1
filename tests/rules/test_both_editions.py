"""Every shipped rulebook through the rules core and the three calculators, with inputs built from
that rulebook: entries at each group's birth-date edges, a small final's totals, ranks and awards,
the organization award's form. 2020-nmg (内蒙古, two groups, 5/15/80) and 2023-ah (安徽, students
only, 10/20/70) answer differently to the same kind of input; 2025-ah (安徽, students only, with a
pairs event and school rules) is run through the same tests."""

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from stdnum.cn import ric

from zhenxing.cli import main
from zhenxing.rules.eligibility import Entry, check_entry
from zhenxing.rules.rulebook import load_edition, packaged_codes

EDITIONS = ["2020-nmg", "2023-ah", "2025-ah"]
DAY = dt.timedelta(days=1)


def test_both_editions_are_shipped():
    assert sorted(EDITIONS) == sorted(packaged_codes())  # a new rulebook joins these tests


def id_number(birth: dt.date) -> str:
    body = f"340104{birth:%Y%m%d}123"  # 合肥市 (34 is in both rulebooks' province codes); a man
    return body + ric.calc_check_digit(body + "0")


def first_event(rulebook, group: str):
    return next(e for e in rulebook.events if e.group == group)


def entry(rulebook, group: str, birth: dt.date, **extra) -> dict:
    return {
        "name": "测试选手",
        "gender": "男",
        "id_number": id_number(birth),
        "birth_date": birth.isoformat(),
        "occupation": first_event(rulebook, group).occupation,
        "group": rulebook.groups[group].label,
        "full_time_student": group == "student",
        **extra,
    }


def edges(rulebook) -> list[tuple[str, dt.date, bool]]:
    """(group, birth date, inside the window?) at each end of each group's window."""
    cases = []
    for code, group in rulebook.groups.items():
        if group.born_from:
            cases += [(code, group.born_from, True), (code, group.born_from - DAY, False)]
        if group.born_to:
            cases += [(code, group.born_to, True), (code, group.born_to + DAY, False)]
    return cases


def calculate(tmp_path, capsys, command: str, code: str, data: dict) -> dict:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    exit_code = main([command, str(path), "--json", "--edition", code])
    out, err = capsys.readouterr()
    assert (exit_code, err) == (0, ""), err
    return json.loads(out)


@pytest.mark.parametrize("code", EDITIONS)
def test_each_window_edge_decides_in_the_rules_core_and_check_entries(code, tmp_path, capsys):
    rulebook = load_edition(code)
    cases = edges(rulebook)
    assert len(cases) == {"2020-nmg": 6, "2023-ah": 4, "2025-ah": 4}[code]
    items = [entry(rulebook, group, birth) for group, birth, _ in cases]

    for (group, birth, inside), item in zip(cases, items, strict=True):
        verdict = check_entry(Entry.from_contract(item), rulebook)
        codes = [r.code for r in verdict.reasons]
        assert codes == ([] if inside else ["BIRTH_OUT_OF_WINDOW"]), (group, birth)
        if not inside:
            [reason] = verdict.reasons
            assert reason.clause == rulebook.groups[group].clause
            assert rulebook.groups[group].age_label in reason.message
            assert f"{birth.year}年{birth.month}月{birth.day}日" in reason.message

    result = calculate(tmp_path, capsys, "check-entries", code, {"entries": items})
    assert result["edition"] == code
    assert [r["eligible"] for r in result["results"]] == [inside for _, _, inside in cases]


@pytest.mark.parametrize("code", EDITIONS)
def test_honours_and_unknown_events_cite_the_editions_own_clauses(code, tmp_path, capsys):
    rulebook = load_edition(code)
    group = next(iter(rulebook.groups))
    inside = rulebook.groups[group].born_from + DAY
    honour = rulebook.eligibility.excluding_honors[0]
    items = [
        entry(rulebook, group, inside, honors=[honour]),
        entry(rulebook, group, inside, occupation="焊工"),
    ]
    honoured, unknown = calculate(tmp_path, capsys, "check-entries", code, {"entries": items})[
        "results"
    ]
    assert not honoured["eligible"] and not unknown["eligible"]
    [reason] = honoured["reasons"]
    assert (reason["code"], reason["clause"]) == (
        "HONOR_EXCLUDED",
        rulebook.eligibility.honors_clause,
    )
    [reason] = unknown["reasons"]
    assert (reason["code"], reason["clause"]) == (
        "UNKNOWN_EVENT",
        rulebook.eligibility.events_clause,
    )
    for label in (g.label for g in rulebook.groups.values()):
        assert label in reason["message"]


def test_a_students_only_edition_has_no_workers_group(tmp_path, capsys):
    rulebook = load_edition("2023-ah")
    item = entry(load_edition("2020-nmg"), "worker", dt.date(2000, 1, 1))
    item["occupation"] = first_event(rulebook, "student").occupation  # 智能硬件装调员

    [result] = calculate(tmp_path, capsys, "check-entries", "2023-ah", {"entries": [item]})[
        "results"
    ]

    assert not result["eligible"]
    [reason] = result["reasons"]
    assert reason["code"] == "UNKNOWN_EVENT" and "学生组" in reason["message"]
    assert list(rulebook.groups) == ["student"]


# ---- a small final: totals by the edition's weights, ranks, titles and certificates
SCORES = {  # id: (时事政治, 业务知识, 实际操作) out of 100 each
    "A": ("80", "72.5", "88"),
    "B": ("100", "100", "70"),
    "C": ("50", "60", "90"),
    "D": ("50", "60", "60"),
}
# The same marks rank differently under 5/15/80 and 10/20/70 (hand-computed):
EXPECTED_TOTALS = {
    "2020-nmg": {"A": "85.28", "C": "83.50", "B": "76.00", "D": "59.50"},
    "2023-ah": {"A": "84.10", "C": "80.00", "B": "79.00", "D": "59.00"},
    "2025-ah": {"A": "84.10", "C": "80.00", "B": "79.00", "D": "59.00"},  # 2023's weights again
}


def weighted(rulebook, marks: tuple[str, str, str]) -> Decimal:
    s = rulebook.scoring
    weights = (s.current_affairs_weight, s.knowledge_weight, s.practical_weight)
    total = sum(w * Decimal(m) / 100 for w, m in zip(weights, marks, strict=True))
    return total.quantize(Decimal(1).scaleb(-s.published_places), ROUND_HALF_UP)


def certificate(rulebook, rank: int) -> dict | None:
    for tier in rulebook.awards.certificates.tiers:
        if tier.from_rank <= rank <= tier.to_rank:
            return {"kind": "qualification", "level": tier.level, "promoted": False}
    return None


def titles(rulebook, group: str, rank: int, birth: dt.date) -> list[str]:
    return [
        t.name
        for t in rulebook.awards.titles
        if group in t.groups
        and rank <= t.max_rank
        and (t.born_from is None or birth >= t.born_from)
    ]


@pytest.mark.parametrize("code", EDITIONS)
def test_a_small_final_ranks_and_awards_by_the_editions_rulebook(code, tmp_path, capsys):
    rulebook = load_edition(code)
    group = next(iter(rulebook.groups))  # 2020: 职工组, the titles' group; 2023: 学生组
    event = first_event(rulebook, group)
    birth = rulebook.groups[group].born_from + DAY
    people = [
        {"id": ident, "birth_date": birth.isoformat(), "current_affairs": ca, "knowledge": kn,
         "practical": pr}
        for ident, (ca, kn, pr) in SCORES.items()
    ]  # fmt: skip
    data = {
        "award_date": rulebook.edition.period_end.isoformat(),
        "events": [
            {
                "occupation": event.occupation,
                "group": rulebook.groups[group].label,
                "certificate": "qualification",
                "full_marks": {"current_affairs": 100, "knowledge": 100, "practical": 100},
                "contestants": people,
            }
        ],
    }

    [out] = calculate(tmp_path, capsys, "compute-results", code, data)["events"]

    rows = out["contestants"]
    assert {r["id"]: r["total"] for r in rows} == EXPECTED_TOTALS[code]
    assert [r["id"] for r in rows] == list(EXPECTED_TOTALS[code])
    for rank, row in enumerate(rows, start=1):
        assert row["total"] == str(weighted(rulebook, SCORES[row["id"]]))
        assert row["rank"] == rank
        assert row["titles"] == titles(rulebook, group, rank, birth)
        assert row["certificate"] == certificate(rulebook, rank)
    by_rank = [(r["titles"], r["certificate"] and r["certificate"]["level"]) for r in rows]
    assert (
        by_rank
        == {
            "2020-nmg": [(["全区技术能手", "全区青年岗位能手"], 2)] * 3 + [([], 3)],
            "2023-ah": [([], 2)] * 3 + [([], None)],
            "2025-ah": [([], 2)] * 3 + [([], None)],
        }[code]
    )


# ---- the organization award's self-evaluation form
FORM = {"organization": "演示·甲市", "committee_established": True, "sharing_events": 2}


def test_the_2020_form_is_scored_by_its_rows(tmp_path, capsys):
    rulebook = load_edition("2020-nmg")
    rows = {row.key: row for row in rulebook.orgaward.rows}
    expected = rows["committee"].points + 2 * rows["sharing_events"].points

    out = calculate(tmp_path, capsys, "score-org-award", "2020-nmg", FORM)

    assert Decimal(out["total"]) == expected == Decimal(8)
    assert [c["label"] for c in out["categories"]] == [
        c.label for c in rulebook.orgaward.categories
    ]


def test_an_edition_without_an_organization_award_scores_nothing(tmp_path, capsys):
    out = calculate(tmp_path, capsys, "score-org-award", "2023-ah", FORM)

    assert out["total"] == "0.00" and out["categories"] == []
