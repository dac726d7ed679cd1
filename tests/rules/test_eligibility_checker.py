"""eligibility.Checker, which the bulk import uses, gives for every entry of a file exactly what
check_entry(Entry.from_contract(data)) gives: the same verdict, or the same EntryInputError."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from zhenxing.rules import eligibility
from zhenxing.rules.eligibility import Checker, Entry, EntryInputError, check_entry
from zhenxing.rules.rulebook import load_edition

RULEBOOKS = [load_edition("2020-nmg"), load_edition("2025-ah")]


def resident_id(birth: dt.date, sequence: int) -> str:
    body = f"150102{birth:%Y%m%d}{sequence:03d}"
    return body + ric.calc_check_digit(body + "0")


births = st.sampled_from(
    [dt.date(1986, 5, 1), dt.date(1995, 9, 18), dt.date(2004, 3, 1), dt.date(2012, 1, 1)]
)
ids = st.one_of(
    st.builds(resident_id, births, st.integers(0, 999)),
    st.sampled_from(["150102199001011234", "12345", "", None, 15010219900101123, "１５0102"]),
)


def mostly(usual: list, awkward: list):
    """The values the template reader gives, three times in four (rows the checker remembers
    come from these), else the awkward ones of a JSON caller: 1 for True, a datetime for a date,
    a text for a list."""
    return st.one_of(*[st.sampled_from(usual)] * 3, st.sampled_from(awkward))


flags = mostly([True, False], [None, 1, 0, "是"])
days = mostly(
    [None, dt.date(2024, 8, 31), dt.date(2024, 9, 2)],
    ["", "2024-08-31", "不详", dt.datetime(2024, 1, 1)],
)
FIELDS = {
    "name": mostly(["张三", "  李四 "], ["", " ", None]),
    "occupation": st.sampled_from(["配电电缆工", "装配钳工", "模具工（冲压）", "无此职业", ""]),
    "group": st.sampled_from(["职工组", "学生组", "worker", " student ", "其他组", None]),
    "id_number": ids,
    "birth_date": st.one_of(st.none(), births, st.sampled_from(["", "1995-09-18", "bad"])),
    "gender": st.sampled_from([None, "", "男", "女", "M"]),
    "full_time_student": flags,
    "student_entrepreneur": flags,
    "non_public_economy": flags,
    "school_enrolled_on": days,
    "school_province": mostly([None, "34", "15"], ["", "3", 34]),
    "honors": mostly([None, []], [["全国技术能手"], ["全区技术能手"], "全国技术能手"]),
    "placings": mostly(
        [None, []], [[{"year": 2020, "class": 1, "team_size": 1, "rank": 3}], [{"year": 2020}]]
    ),
    "qualifications": mostly(
        [None, []], [[{"occupation": "配电电缆工", "level": 2, "issued_on": None}]]
    ),
    "title_rights": mostly([None, []], [[{"title": "全国技术能手", "year": 2024}]]),
}
entries = st.fixed_dictionaries(FIELDS)


def expected(data: dict, rulebook):
    try:
        return check_entry(Entry.from_contract(data), rulebook)
    except EntryInputError as exc:
        return ("error", str(exc))


def got(checker: Checker, data: dict):
    try:
        return checker(data)
    except EntryInputError as exc:
        return ("error", str(exc))


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(RULEBOOKS), st.lists(entries, min_size=1, max_size=40))
def test_every_entry_of_a_file_gets_what_check_entry_gives(rulebook, file):
    checker = Checker(rulebook)
    for data in file:
        assert got(checker, data) == expected(data, rulebook)


PERSON = ("name", "id_number", "birth_date", "gender")
# a row like the file's first one but for its person and at most one other field
rows_like_the_first = st.lists(
    st.tuples(
        st.fixed_dictionaries({"id_number": ids, "birth_date": st.one_of(st.none(), births)}),
        st.one_of(
            st.just(()),
            st.sampled_from([k for k in FIELDS if k not in PERSON]).flatmap(
                lambda key: st.tuples(st.just(key), FIELDS[key])
            ),
        ),
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(RULEBOOKS), entries, rows_like_the_first)
def test_rows_like_the_first_get_what_check_entry_gives(rulebook, first, rows):
    """Rows that share what the checker remembers, or differ from it in one field only."""
    checker = Checker(rulebook)
    assert got(checker, first) == expected(first, rulebook)
    for person, change in rows:
        data = {**first, **person, **dict([change] if change else [])}
        assert got(checker, data) == expected(data, rulebook)


def test_what_is_remembered_is_judged_once(monkeypatch):
    judged = []
    original = eligibility._judged
    monkeypatch.setattr(
        eligibility, "_judged", lambda *args: judged.append(args[1]) or original(*args)
    )
    checker = Checker(RULEBOOKS[0])
    base = {"name": "张三", "occupation": "配电电缆工", "group": "职工组"}
    for sequence in range(300):
        birth = dt.date(1990 + sequence % 3, 1, 1)
        verdict = checker({**base, "id_number": resident_id(birth, sequence)})
        assert verdict.eligible and verdict.birth_date == birth
    assert judged == [dt.date(1990, 1, 1), dt.date(1991, 1, 1), dt.date(1992, 1, 1)]
    # a row with honours is judged on its own
    checker({**base, "id_number": resident_id(dt.date(1990, 1, 1), 1), "honors": ["全区技术能手"]})
    assert len(judged) == 4


def test_a_wrong_person_after_a_remembered_shape_names_the_same_field():
    checker = Checker(RULEBOOKS[0])
    base = {"name": "张三", "occupation": "配电电缆工", "group": "职工组"}
    checker({**base, "id_number": resident_id(dt.date(1990, 1, 1), 1)})
    for wrong, field in [
        ({"name": " "}, "name"),
        ({"id_number": 150102}, "id_number"),
        ({"id_number": None}, "id_number"),
        ({"birth_date": "1990-02-30", "id_number": None}, "birth_date"),
        ({"gender": "M"}, "gender"),
    ]:
        data = {**base, "id_number": resident_id(dt.date(1990, 1, 1), 2), **wrong}
        try:
            checker(data)
        except EntryInputError as exc:
            assert exc.field == field
        else:
            raise AssertionError(f"{wrong} was accepted")


BASES = [
    {"occupation": "配电电缆工", "group": "职工组"},
    {"occupation": "模具工（冲压）", "group": "学生组", "full_time_student": True},
    {"occupation": "装配钳工", "group": "学生组", "full_time_student": True},
]
USUAL = {
    "name": "张三",
    "id_number": None,
    "birth_date": dt.date(2004, 3, 1),
    "full_time_student": False,
    "student_entrepreneur": False,
    "non_public_economy": False,
    "school_enrolled_on": dt.date(2024, 8, 31),
    "school_province": "34",
}
# for each field the checker remembers, values that give another verdict or another error (a
# list: one that cannot be remembered)
OTHER_VALUES = {
    "occupation": ["配电电缆工", "装配钳工", "无此职业", 5, ["配电电缆工"]],
    "group": ["职工组", "学生组", "其他组", None, {"职工组"}],
    "full_time_student": [True, False, 1, None, [True]],
    "student_entrepreneur": [True, 1],
    "non_public_economy": [True, 1],
    "school_enrolled_on": [
        ["2024-09-02"],
        None,
        dt.date(2024, 9, 2),
        "2024-09-02",
        dt.datetime(2024, 9, 2),
        "不详",
    ],
    "school_province": [None, "15", "", 34, "3", ["34"]],
    "honors": [["全国技术能手"], "全国技术能手"],
    "placings": [[{"year": 2020, "class": 1, "team_size": 1, "rank": 3}], [{"year": 2020}]],
    "qualifications": [[{"occupation": "配电电缆工", "level": 2, "issued_on": None}]],
    "title_rights": [[{"title": "全国技术能手", "year": 2024}]],
}


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize(
    ("field", "value"),
    [(field, value) for field, values in OTHER_VALUES.items() for value in values],
)
def test_a_row_unlike_a_remembered_one_in_one_field_is_judged_on_that_field(base, field, value):
    for rulebook in RULEBOOKS:
        checker = Checker(rulebook)
        first = {**USUAL, **base}
        changed = {**first, field: value}
        for data in (first, changed, {**changed, "birth_date": dt.date(2003, 1, 1)}, first):
            assert got(checker, data) == expected(data, rulebook)


@pytest.mark.parametrize("left_out", ["full_time_student", "school_province", "honors", "group"])
def test_a_json_callers_entry_without_a_field_counts_it_as_absent(left_out):
    rulebook = RULEBOOKS[1]
    checker = Checker(rulebook)
    full = {**USUAL, **BASES[2], "honors": []}
    short = {k: v for k, v in full.items() if k != left_out}
    for data in (full, short, {**full, "full_time_student": False}, short):
        assert got(checker, data) == expected(data, rulebook)
