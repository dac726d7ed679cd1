"""`zhenxing compute-results FILE --json` as contracts.md §2 describes it."""

import copy
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from zhenxing.cli import main

EXAMPLE = {
    "edition": "2020-nmg",
    "award_date": "2020-11-25",
    "events": [
        {
            "occupation": "数控车工",
            "group": "职工组",
            "certificate": "qualification",
            "full_marks": {"current_affairs": 100, "knowledge": 100, "practical": 100},
            "contestants": [
                {
                    "id": "A01",
                    "birth_date": "1990-03-01",
                    "current_affairs": 80,
                    "knowledge": 72.5,
                    "practical": 88,
                    "qualifications": [
                        {"occupation": "数控车工", "level": 2, "issued_on": "2019-06-01"}
                    ],
                }
            ],
        }
    ],
}


def worker(ident, practical, **extra):
    return {"id": ident, "birth_date": "1990-01-01", "current_affairs": 100, "knowledge": 100,
            "practical": practical, **extra}  # fmt: skip


def event(contestants, **extra):
    return {
        "occupation": "数控车工",
        "group": "职工组",
        "certificate": "qualification",
        "full_marks": {"current_affairs": 100, "knowledge": 100, "practical": 100},
        "contestants": contestants,
        **extra,
    }


def run(tmp_path, capsys, data):
    path = tmp_path / "results.json"
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    code = main(["compute-results", str(path), "--json"])
    out, err = capsys.readouterr()
    return code, out, err


def results(tmp_path, capsys, events, award_date="2020-11-25", **extra):
    data = {"edition": "2020-nmg", "award_date": award_date, "events": events, **extra}
    code, out, err = run(tmp_path, capsys, data)
    assert code == 0, err
    return json.loads(out)["events"]


def test_contract_example(tmp_path, capsys):
    code, out, err = run(tmp_path, capsys, EXAMPLE)
    assert (code, err) == (0, "")
    [event_out] = json.loads(out)["events"]
    assert (event_out["occupation"], event_out["group"], event_out["flags"]) == (
        "数控车工",
        "职工组",
        [],
    )
    [person] = event_out["contestants"]
    # 5×80/100 + 15×72.5/100 + 80×88/100 = 4 + 10.875 + 70.4 = 85.275 → 85.28
    assert person["total"] == "85.28"
    assert person["rank"] == 1
    assert person["titles"] == ["全区技术能手", "全区青年岗位能手"]
    assert person["certificate"] == {"kind": "qualification", "level": 1, "promoted": True}
    assert person["flags"] == []
    assert [p["approver"] for p in person["title_proposals"]] == ["HRSS", "YL"]


def test_decimal_strings_are_read_exactly(tmp_path, capsys):
    data = copy.deepcopy(EXAMPLE)
    data["events"][0]["contestants"][0].update(knowledge="72.5", practical=" 88 ")
    code, out, _ = run(tmp_path, capsys, data)
    assert json.loads(out)["events"][0]["contestants"][0]["total"] == "85.28"


def test_rank_order_shared_ranks_and_unranked_last(tmp_path, capsys):
    people = [
        worker("late", None),
        worker("b", 70),
        worker("a", 90),
        worker("c", 70),
        worker("d", 50),
        {"id": "absent"},
    ]
    [out] = results(tmp_path, capsys, [event(people)])
    rows = [(c["id"], c["rank"], c["total"]) for c in out["contestants"]]
    assert rows == [
        ("a", 1, "92.00"),
        ("b", 2, "76.00"),
        ("c", 2, "76.00"),
        ("d", 4, "60.00"),
        ("late", None, None),
        ("absent", None, None),
    ]
    unranked = out["contestants"][-1]
    assert (unranked["titles"], unranked["certificate"]) == ([], None)


def test_shared_third_place_both_get_titles_and_the_boundary_flag(tmp_path, capsys):
    people = [worker("a", 99), worker("b", 98), worker("c", 90), worker("d", 90), worker("e", 80)]
    [out] = results(tmp_path, capsys, [event(people)])
    by_id = {c["id"]: c for c in out["contestants"]}
    for ident in ("c", "d"):
        assert by_id[ident]["rank"] == 3
        assert by_id[ident]["titles"] == ["全区技术能手", "全区青年岗位能手"]
        assert [f["code"] for f in by_id[ident]["flags"]] == ["TIE_AT_AWARD_BOUNDARY"]
        assert by_id[ident]["flags"][0]["message"]
    assert by_id["e"]["rank"] == 5
    assert by_id["e"]["titles"] == []
    assert by_id["a"]["flags"] == []


def test_students_get_no_titles(tmp_path, capsys):
    student = {"id": "s", "birth_date": "2000-01-01", "current_affairs": 90, "knowledge": 90,
               "practical": 90}  # fmt: skip
    [out] = results(
        tmp_path, capsys, [event([student], occupation="机床装调维修工", group="学生组")]
    )
    assert out["contestants"][0]["titles"] == []


def test_no_current_affairs_section(tmp_path, capsys):
    people = [{"id": "x", "current_affairs": 999, "knowledge": 50, "practical": 100},
              {"id": "y", "current_affairs": None, "knowledge": 100, "practical": 50}]  # fmt: skip
    marks = {"knowledge": 100, "practical": 100}
    [out] = results(tmp_path, capsys, [event(people, full_marks=marks)])
    assert [f["code"] for f in out["flags"]] == ["NO_CURRENT_AFFAIRS_SECTION"]
    assert [(c["id"], c["total"]) for c in out["contestants"]] == [("x", "90.00"), ("y", "60.00")]


def test_certificate_flags_and_other_occupations(tmp_path, capsys):
    fresh = [{"occupation": "数控车工", "level": 2, "issued_on": "2019-11-26"}]
    elsewhere = [{"occupation": "车工", "level": 2, "issued_on": "2015-01-01"}]
    people = [
        worker("fresh", 99, qualifications=fresh),
        worker("other", 98, qualifications=elsewhere),
    ]
    [out] = results(tmp_path, capsys, [event(people)])
    first, second = out["contestants"]
    assert first["certificate"] is None
    assert [f["code"] for f in first["flags"]] == [
        "PROMOTION_HELD_UNDER_ONE_YEAR",
        "ALREADY_HOLDS_LEVEL",
    ]
    assert all(f["clause"] for f in first["flags"])
    assert second["certificate"] == {"kind": "qualification", "level": 2, "promoted": False}


def test_certificate_from_the_rulebook_when_absent(tmp_path, capsys):
    evt = event([worker("a", 90)])
    del evt["certificate"]
    [out] = results(tmp_path, capsys, [evt])
    assert out["contestants"][0]["certificate"] is None  # 2020 rulebook: none, unconfirmed
    assert (out["certificate_source"], out["certificate_confirmed"]) == ("rulebook", False)


def test_special_ability_event(tmp_path, capsys):
    [out] = results(tmp_path, capsys, [event([worker("a", 90)], certificate="special_ability")])
    cert = out["contestants"][0]["certificate"]
    assert cert == {"kind": "special_ability", "level": None, "promoted": False}


def test_national_finals_for_national_level_events_only(tmp_path, capsys):
    people = [worker("a", 90), worker("b", 80), worker("c", 70)]
    national = event(people, occupation="计算机网络管理员")
    regional = event(people)
    out = results(tmp_path, capsys, [national, regional])
    assert (out[0]["national_finals"]["selected"], out[0]["national_finals"]["reserves"]) == (
        ["a"],
        ["b"],
    )
    assert "national_finals" not in out[1]
    wider = results(tmp_path, capsys, [national], national_finals={"per_event": 2, "reserves": 0})
    assert (wider[0]["national_finals"]["selected"], wider[0]["national_finals"]["reserves"]) == (
        ["a", "b"],
        [],
    )


def test_standard_input(monkeypatch, capsys):
    raw = json.dumps(EXAMPLE).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    assert main(["compute-results", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["events"][0]["contestants"][0]["total"] == "85.28"


def _without(key):
    data = copy.deepcopy(EXAMPLE)
    del data[key]
    return data


def _contestant_with(**fields):
    data = copy.deepcopy(EXAMPLE)
    data["events"][0]["contestants"][0].update(fields)
    return data


def _event_with(**fields):
    data = copy.deepcopy(EXAMPLE)
    data["events"][0].update(fields)
    return data


def _duplicate_ids():
    data = copy.deepcopy(EXAMPLE)
    contestants = data["events"][0]["contestants"]
    contestants.append(copy.deepcopy(contestants[0]))
    return data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("{not json", "不是有效的 JSON"),
        (_without("award_date"), "award_date: 缺少必填字段"),
        ({**EXAMPLE, "edition": "1999-xx"}, "edition: 未知的届次"),
        (_without("events"), "events: 缺少必填字段"),
        (_contestant_with(practical="abc"), "events[0].contestants[0].practical: 应为数字"),
        (_contestant_with(knowledge=True), "events[0].contestants[0].knowledge: 应为数字"),
        (_contestant_with(practical=101), "events[0].contestants[0].practical: 分数 101 超过满分"),
        (_contestant_with(knowledge=-1), "events[0].contestants[0].knowledge: 分数不能为负数"),
        (_contestant_with(birth_date="1990/03/01"), "events[0].contestants[0].birth_date:"),
        ({**EXAMPLE, "award_date": "25.11.2020"}, "award_date: 不是有效日期"),
        (_event_with(occupation="焊工"), "events[0].occupation: 本届没有职业"),
        (_event_with(group="学生组"), "events[0].group: "),
        (_event_with(group="干部组"), "events[0].group: "),
        (_event_with(certificate="gold"), "events[0].certificate:"),
        (_event_with(full_marks=None), "events[0].full_marks: 缺少必填字段"),
        (_event_with(full_marks={"knowledge": 100}), "events[0].full_marks.practical: 缺少"),
        (
            _event_with(full_marks={"knowledge": 100, "practical": 0}),
            "events[0].full_marks.practical: 满分应大于 0",
        ),
        (_duplicate_ids(), "events[0].contestants[1].id: 与 contestants[0] 重复"),
    ],
)
def test_unusable_input_exits_2_with_one_line(tmp_path, capsys, data, expected):
    code, out, err = run(tmp_path, capsys, data)
    assert code == 2
    assert out == ""
    assert err.startswith("错误：") and expected in err
    assert err.count("\n") == 1 and "Traceback" not in err


def _console(path):
    script = Path(sys.executable).with_name("zhenxing")  # the installed console script
    command = [str(script), "compute-results", str(path), "--json"]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)  # noqa: S603


def test_console_script(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(EXAMPLE), encoding="utf-8")
    done = _console(good)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["events"][0]["contestants"][0]["total"] == "85.28"

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_contestant_with(practical="abc")), encoding="utf-8")
    done = _console(bad)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.strip() == "错误：events[0].contestants[0].practical: 应为数字（收到 “abc”）"
