"""Draws of lots (rules.md §4.3): replayable, order-free, bijective, fixed algorithm; conflicts."""

import hashlib
from collections import Counter

import pytest

from zhenxing.rules.draws import (
    DrawError,
    conflicts,
    default_labels,
    describe_algorithm,
    draw,
    new_seed,
    replay,
    uniform_below,
)

SEED = "9f2c4e1a7b3d5f60812a3c4e5f6071829304a5b6c7d8e9f0a1b2c3d4e5f60718"
TEN = [f"NMG-{i:02d}" for i in range(1, 11)]


def test_known_answer_never_changes_silently():
    # Computed once and replayed independently in JavaScript from docs/integrity.md §1:
    # any change here breaks every recorded draw.
    assert draw(TEN, SEED) == {
        "NMG-06": "001",
        "NMG-04": "002",
        "NMG-05": "003",
        "NMG-08": "004",
        "NMG-09": "005",
        "NMG-07": "006",
        "NMG-01": "007",
        "NMG-03": "008",
        "NMG-02": "009",
        "NMG-10": "010",
    }
    assert draw(["张三", "李四", "王五"], "振兴杯2020", ["工位A", "工位B", "工位C"]) == {
        "王五": "工位A",
        "张三": "工位B",
        "李四": "工位C",
    }


def test_the_worked_example_of_the_doc():
    # docs/integrity.md §1.3: x0 = 0xa638d8ca → j = 1; x1 = 0x2de5bad8 → j = 0.
    assert draw(["C003", "C001", "C002"], "2020-nmg-焊工-参赛号") == {
        "C003": "001",
        "C001": "002",
        "C002": "003",
    }


def test_two_items_follow_the_documented_first_hash():
    # By hand: x = first 4 bytes of SHA-256("s:0"); j = x mod 2; j = 0 swaps the sorted pair.
    for seed in ("s", "t", "u", "v"):
        x = int.from_bytes(hashlib.sha256(f"{seed}:0".encode()).digest()[:4], "big")
        expected = ["b", "a"] if x % 2 == 0 else ["a", "b"]
        result = draw(["b", "a"], seed)
        assert sorted(result, key=result.get) == expected


def test_replay_from_the_recorded_seed_gives_the_same_assignment():
    seed = new_seed()
    assert replay(TEN, seed) == draw(TEN, seed)
    labels = ["A01", "A02", "A03"]
    assert replay(["x", "y", "z"], seed, labels) == draw(["x", "y", "z"], seed, labels)


def test_new_seeds_are_64_hex_characters_and_fresh():
    seeds = {new_seed() for _ in range(20)}
    assert len(seeds) == 20
    assert all(len(s) == 64 and int(s, 16) >= 0 for s in seeds)


def test_different_seeds_give_different_draws():
    results = {tuple(sorted(draw(TEN, f"seed-{n}").items())) for n in range(50)}
    assert len(results) > 45  # 10! orders: a repeat among 50 would be a broken stream


def test_input_order_does_not_matter():
    shuffled = TEN[::-1][3:] + TEN[::-1][:3]
    assert draw(shuffled, SEED) == draw(TEN, SEED)


def test_a_draw_is_a_bijection():
    for n in (0, 1, 2, 7, 150):
        items = [f"C{i}" for i in range(n)]
        result = draw(items, SEED)
        assert sorted(result) == sorted(items)
        assert sorted(result.values()) == default_labels(n)


def test_default_labels_are_zero_padded_and_widen_past_999():
    assert default_labels(3) == ["001", "002", "003"]
    assert default_labels(1000)[0] == "0001"
    assert default_labels(1000)[-1] == "1000"


def test_every_order_of_three_is_about_equally_likely():
    runs = 6000
    counts = Counter(tuple(sorted(draw(["a", "b", "c"], f"u{n}").items())) for n in range(runs))
    assert len(counts) == 6
    expected = runs / 6
    chi2 = sum((c - expected) ** 2 / expected for c in counts.values())
    assert chi2 < 20.5  # 5 degrees of freedom, p = 0.001


def test_first_label_goes_to_each_of_ten_about_equally():
    runs = 3000
    firsts = Counter(
        next(k for k, v in draw(TEN, f"f{n}").items() if v == "001") for n in range(runs)
    )
    assert set(firsts) == set(TEN)
    assert all(240 <= c <= 360 for c in firsts.values())


def test_rejection_sampling_skips_the_biased_tail():
    limit = 2**32 - 2**32 % 3  # 4294967295: the single value 2^32 − 1 is rejected for n = 3
    assert uniform_below(3, iter([limit, 7])) == 1
    assert uniform_below(3, iter([limit - 1, 7])) == (limit - 1) % 3


@pytest.mark.parametrize(
    ("items", "seed", "labels", "words"),
    [
        (["a"], "", None, "种子"),
        (["a", "a"], "s", None, "重复"),
        (["a", "b"], "s", ["1"], "不一致"),
        (["a", "b"], "s", ["1", "1"], "签号有重复"),
        ([1, 2], "s", None, "文本"),
    ],
)
def test_unusable_draws_are_refused_in_chinese(items, seed, labels, words):
    with pytest.raises(DrawError, match=words):
        draw(items, seed, labels)


def test_the_sign_in_sheet_describes_every_step():
    text = describe_algorithm()
    for words in ("SHA-256", "种子:k", "4 个字节", "舍弃", "交换", "001"):
        assert words in text


def test_conflicts_list_every_same_organization_pair():
    assignments = {"J2": ["C1", "C2", "C3"], "J1": ["C2", "C3"]}
    judges = {"J1": "包头市", "J2": "赤峰市"}
    contestants = {"C1": "赤峰市", "C2": " 包头市", "C3": "赤峰市"}
    reasons = conflicts(assignments, judges, contestants)
    assert {r.code for r in reasons} == {"CONFLICT_OF_INTEREST"}
    pairs = [(r.message.split()[1], r.message.split()[3]) for r in reasons]
    assert pairs == [("J1", "C2"), ("J2", "C1"), ("J2", "C3")]
    assert all(r.clause == "rules.md §4.3" for r in reasons)
    assert "赤峰市" in reasons[1].message


def test_a_contestant_of_several_organizations_conflicts_with_a_judge_of_any_of_them():
    contestants = {"C1": ["包头市", "包钢（集团）公司"], "C2": ["包头市", ""]}
    judges = {"J1": "包钢(集团)公司", "J2": "赤峰市"}
    reasons = conflicts({"J1": ["C1", "C2"], "J2": ["C1", "C2"]}, judges, contestants)
    assert [(r.code, r.message.split()[1], r.message.split()[3]) for r in reasons] == [
        ("CONFLICT_OF_INTEREST", "J1", "C1")
    ]


def test_no_conflict_clears_the_assignment():
    assert conflicts({"J1": ["C1"]}, {"J1": "包头市"}, {"C1": "乌海市"}) == []


def test_organization_names_match_across_bracket_widths_and_spaces():
    judges = {"J1": "内蒙古第一机械集团(有限公司)"}
    contestants = {"C1": "内蒙古第一机械集团 （有限公司）"}
    assert [r.code for r in conflicts({"J1": ["C1"]}, judges, contestants)] == [
        "CONFLICT_OF_INTEREST"
    ]


def test_unknown_organizations_cannot_be_cleared():
    reasons = conflicts({"J1": ["C1", "C2"], "J2": ["C1"]}, {"J1": "包头市"}, {"C1": ""})
    assert [(r.code, r.message.split()[1]) for r in reasons] == [
        ("ORGANIZATION_UNKNOWN", "J2"),
        ("ORGANIZATION_UNKNOWN", "C1"),
        ("ORGANIZATION_UNKNOWN", "C2"),
    ]
