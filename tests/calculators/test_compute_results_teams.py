"""compute-results for a team event (2025-ah's 双人赛项): a contestant may list its `members`;
the team is ranked as one, each member gets the awards of the team's rank on their own birth
date and qualifications, and the members are echoed; the individual format is unchanged."""

import json

from zhenxing.cli import main

PAIRS = "机床装调维修工（普通机床电气装调维修）"


def member(ident, **extra):
    return {"id": ident, "birth_date": "2004-01-01", **extra}


def team(ident, practical, members=None):
    row = {"id": ident, "current_affairs": 90, "knowledge": 90, "practical": practical}
    return row | ({"members": members} if members is not None else {})


def data(contestants, occupation=PAIRS):
    return {
        "edition": "2025-ah",
        "award_date": "2025-11-30",
        "events": [
            {
                "occupation": occupation,
                "group": "学生组",
                "certificate": "qualification",
                "full_marks": {"current_affairs": 100, "knowledge": 100, "practical": 100},
                "contestants": contestants,
            }
        ],
    }


def run(tmp_path, capsys, payload):
    path = tmp_path / "results.json"
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    code = main(["compute-results", str(path), "--json"])
    out, err = capsys.readouterr()
    return code, out, err


def contestants(tmp_path, capsys, rows, **extra):
    code, out, err = run(tmp_path, capsys, data(rows, **extra))
    assert code == 0, err
    return json.loads(out)["events"][0]["contestants"]


def test_each_member_gets_the_certificate_of_the_teams_rank_on_their_own_qualifications(
    tmp_path, capsys
):
    holder = {"occupation": PAIRS, "level": 2, "issued_on": "2024-06-01"}
    rows = contestants(
        tmp_path,
        capsys,
        [
            team("T1", 95, [member("A", name="张伟"), member("B", qualifications=[holder])]),
            team("T2", 80, [member("C"), member("D")]),
        ],
    )
    first, second = rows
    assert (first["id"], first["rank"], second["rank"]) == ("T1", 1, 2)
    assert [m["id"] for m in first["members"]] == ["A", "B"]
    assert first["members"][0]["name"] == "张伟" and "name" not in first["members"][1]
    a, b = first["members"]
    assert a["certificate"] == {"kind": "qualification", "level": 2, "promoted": False}
    assert b["certificate"] == {"kind": "qualification", "level": 1, "promoted": True}
    assert a["certificate_approver"] == b["certificate_approver"] == "HRSS"
    # the team itself holds no award: they are its members'
    assert (first["certificate"], first["titles"], first["certificate_approver"]) == (
        None,
        [],
        None,
    )
    assert first["notes"] == ["双人或三人赛项：名次属于参赛队，称号和证书发给每名队员，见 members"]


def test_an_unranked_team_echoes_its_members_without_awards(tmp_path, capsys):
    rows = contestants(
        tmp_path,
        capsys,
        [team("T1", 95, [member("A"), member("B")]), team("T2", None, [member("C"), member("D")])],
    )
    unranked = rows[1]
    assert unranked["rank"] is None
    assert [(m["id"], m["certificate"], m["titles"]) for m in unranked["members"]] == [
        ("C", None, []),
        ("D", None, []),
    ]


def test_without_members_a_team_is_computed_as_one_contestant(tmp_path, capsys):
    rows = contestants(tmp_path, capsys, [team("T1", 95), team("T2", 80)])
    assert "members" not in rows[0]
    assert rows[0]["certificate"] == {"kind": "qualification", "level": 2, "promoted": False}


def test_wrong_members_are_refused_with_the_path(tmp_path, capsys):
    cases = [
        (
            [team("T1", 90, [member("A")])],
            "contestants[0].members: 应为 2 名队员（本项目每队 2 人），收到 1 名",
        ),
        ([team("T1", 90, "A,B")], "contestants[0].members: 应为列表"),
        (
            [team("T1", 90, [member("A"), {"birth_date": "2004-01-01"}])],
            "members[1].id: 缺少必填字段",
        ),
        (
            [
                team("T1", 90, [member("A"), member("B")]),
                team("T2", 90, [member("B"), member("C")]),
            ],
            "contestants[1].members[0].id: 与 contestants[0].members[1] 重复（“B”）",
        ),
        (
            [team("T1", 90, [member("A"), member("B", birth_date="2004-13-01")])],
            "members[1].birth_date: 不是有效日期",
        ),
    ]
    for rows, message in cases:
        code, out, err = run(tmp_path, capsys, data(rows))
        assert (code, out) == (2, ""), message
        assert message in err


def test_members_in_an_individual_event_are_refused(tmp_path, capsys):
    rows = [team("T1", 90, [member("A"), member("B")])]
    code, _, err = run(tmp_path, capsys, data(rows, occupation="装配钳工"))
    assert code == 2
    assert "contestants[0].members: 本项目为单人赛项，不填 members" in err
