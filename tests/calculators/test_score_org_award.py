"""`zhenxing score-org-award FILE --json` as contracts.md §3 describes it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zhenxing.cli import main

EXAMPLE = {
    "edition": "2020-nmg",
    "organization": "呼和浩特市",
    "committee_established": True,
    "notice_issued": "joint",
    "regular_meetings": True,
    "preliminary_occupations": ["计算机网络管理员", "数控车工", "焊工"],
    "incentives": {
        "league_skill_expert_title": True,
        "league_youth_post_title": False,
        "promotion_policy": True,
        "other_rewards": True,
    },
    "youth_covered": {"last_year": 1000, "this_year": 1450},
    "finals_entries": {"workers": 13, "students": 4},
    "final_placings": [2, 9, 31],
    "sharing_events": 3,
    "media_reports": {"central": 1, "provincial": 2, "league": 5},
    "training_classes": [{"trainees": 60, "days": 3}, {"trainees": 30, "days": 2}],
    "tiered_training_reach": 12000,
    "vetoes": [],
}
ROW_KEYS = [
    "committee", "notice", "meetings", "prelim_finals_occupations", "prelim_extra_occupations",
    "incentive_skill_expert", "incentive_youth_post", "incentive_promotion", "incentive_other",
    "coverage_growth", "finals_workers", "finals_students", "finals_results", "sharing_events",
    "media_reports", "bonus_training_classes", "bonus_tiered_training",
]  # fmt: skip


def run(tmp_path, capsys, data):
    path = tmp_path / "form.json"
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    code = main(["score-org-award", str(path), "--json"])
    out, err = capsys.readouterr()
    return code, out, err


def scored(tmp_path, capsys, data):
    code, out, err = run(tmp_path, capsys, data)
    assert (code, err) == (0, "")
    return json.loads(out)


def refused(tmp_path, capsys, data):
    code, out, err = run(tmp_path, capsys, data)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("错误：")
    return err.strip()


def test_the_contract_example(tmp_path, capsys):
    result = scored(tmp_path, capsys, EXAMPLE)
    assert result["organization"] == "呼和浩特市"
    assert [r["key"] for r in result["rows"]] == ROW_KEYS
    rows = {r["key"]: r for r in result["rows"]}
    assert rows["committee"]["score"] == "4.00" and rows["committee"]["max"] == "4.00"
    assert rows["coverage_growth"]["score"] == "8.00"
    assert rows["finals_workers"]["score"] == "12.00"
    assert rows["finals_results"]["score"] == "9.00"
    assert rows["media_reports"]["score"] == "6.00"
    assert (result["base_total"], result["bonus_total"], result["total"]) == (
        "74.00",
        "10.00",
        "84.00",
    )
    assert result["vetoed"] is False and result["eligible_for_award"] is True
    assert [f["code"] for f in result["flags"]] == ["TRAINING_CLASS_BELOW_STANDARD"]
    assert all(f["message"] and f["clause"] for f in result["flags"])
    assert all(r["reasons"] for r in result["rows"])


def test_only_organization_is_required(tmp_path, capsys):
    result = scored(tmp_path, capsys, {"organization": "包头市"})
    assert result["edition"] == "2020-nmg"
    assert {r["score"] for r in result["rows"]} == {"0.00"}
    assert result["total"] == "0.00"
    assert [f["code"] for f in result["flags"]] == ["GROWTH_OUTSIDE_BRACKETS"]


def test_a_half_point_total_keeps_two_places(tmp_path, capsys):
    result = scored(tmp_path, capsys, {"organization": "乌海市", "media_reports": {"league": 3}})
    assert result["base_total"] == "1.50" and result["total"] == "1.50"


def test_a_veto_keeps_the_score_but_not_the_award(tmp_path, capsys):
    result = scored(tmp_path, capsys, {**EXAMPLE, "vetoes": ["misconduct"]})
    assert result["total"] == "84.00"
    assert result["vetoed"] is True and result["eligible_for_award"] is False


def test_several_organizations_in_input_order(tmp_path, capsys):
    data = {
        "edition": "2020-nmg",
        "organizations": [
            {"organization": "赤峰市", "sharing_events": 1},
            EXAMPLE,
            {"organization": "通辽市", "vetoes": ["safety_accident"]},
        ],
    }
    result = scored(tmp_path, capsys, data)
    orgs = result["organizations"]
    assert [o["organization"] for o in orgs] == ["赤峰市", "呼和浩特市", "通辽市"]
    assert [o["total"] for o in orgs] == ["2.00", "84.00", "0.00"]
    assert [o["eligible_for_award"] for o in orgs] == [True, True, False]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "不是有效的 JSON"),
        ({"committee_established": True}, "organization: 缺少必填字段"),
        (
            {"organizations": [{"organization": "a"}, {"sharing_events": 1}]},
            "organizations[1].organization: 缺少必填字段",
        ),
        ({"edition": "2099-xyz", "organization": "a"}, "edition"),
        ({"organization": "a", "sharing_events": "3"}, "sharing_events: 应为非负整数"),
        (
            {"organization": "a", "media_reports": {"central": True}},
            "media_reports.central: 应为非负整数",
        ),
        (
            {"organization": "a", "finals_entries": {"workers": -1}},
            "finals_entries.workers: 应为非负整数",
        ),
        ({"organization": "a", "youth_covered": {"last_year": 10.5}}, "youth_covered.last_year"),
        ({"organization": "a", "notice_issued": "fax"}, "notice_issued"),
        ({"organization": "a", "vetoes": ["bribery"]}, "vetoes[0]"),
        ({"organization": "a", "final_placings": [3, 0]}, "final_placings[1]"),
        ({"organization": "a", "training_classes": [{"trainees": 60}]}, "training_classes[0].days"),
        ({"organization": "a", "committee_established": "yes"}, "committee_established"),
        ({"organization": "a", "incentives": {"cash": True}}, "incentives.cash"),
        ({"organization": "a", "shareing_events": 2}, "shareing_events: 未知字段"),
    ],
)
def test_unusable_input_exits_2_naming_the_field(tmp_path, capsys, data, message):
    assert message in refused(tmp_path, capsys, data)


def console(*args, stdin=b""):
    """The real console script, as a user runs it."""
    script = Path(sys.executable).parent / "zhenxing"
    command = [str(script), "score-org-award", *args, "--json"]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=60, check=False)  # noqa: S603


def test_the_console_script_reads_standard_input():
    done = console("-", stdin=json.dumps(EXAMPLE, ensure_ascii=False).encode())
    assert done.returncode == 0 and done.stderr == b""
    assert json.loads(done.stdout)["total"] == "84.00"


def test_the_console_script_fails_in_one_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"organizations": [{"organization": "a"}, {}]}', encoding="utf-8")
    done = console(str(path))
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode().splitlines() == [
        "错误：organizations[1].organization: 缺少必填字段"
    ]
