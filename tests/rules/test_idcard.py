"""Resident ID numbers (rules.md §3.4): form, check character, province, birth date, gender, mask."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from zhenxing.rules import idcard
from zhenxing.rules.rulebook import load_edition

PROVINCES = load_edition("2020-nmg").eligibility.province_codes


def make_id(birth: dt.date, seq: int = 123, region: str = "150102") -> str:
    """A valid number; `seq` is the 3-digit sequence whose last digit is the gender digit."""
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def check(number: str) -> idcard.IdCheck:
    return idcard.check(number, PROVINCES)


def one_ending_in_x() -> str:
    return next(n for s in range(1000) if (n := make_id(dt.date(1990, 1, 1), seq=s)).endswith("X"))


def test_a_valid_number_gives_birth_date_and_gender():
    result = check("150102199001011230")
    assert result.valid and result.reason == ""
    assert result.normalized == "150102199001011230"
    assert result.birth_date == dt.date(1990, 1, 1)
    assert result.gender == "男"  # 17th digit 3 is odd


def test_an_even_17th_digit_is_female():
    assert check(make_id(dt.date(1990, 1, 1), seq=124)).gender == "女"
    assert check(make_id(dt.date(1990, 1, 1), seq=120)).gender == "女"  # 0 is even


def test_lowercase_x_spaces_and_full_width_digits_are_read_as_the_number():
    number = one_ending_in_x()
    assert check(number.lower()).valid and check(number.lower()).normalized == number
    spaced = f" {number[:6]} {number[6:14]} {number[14:]} "
    assert check(spaced).normalized == number
    full_width = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    assert check(full_width).valid and check(full_width).normalized == number


def test_fifteen_digit_numbers_are_refused_saying_they_expired_in_2013():
    result = check("150102900101123")
    assert not result.valid and "2013" in result.reason and "18 位" in result.reason


@pytest.mark.parametrize(
    ("number", "needle"),
    [
        ("15010219900101123", "18 位，现为 17 位"),
        ("1501021990010112300", "18 位，现为 19 位"),
        ("15010219900101123A", "最后一位为数字或 X"),
        ("1501021990X1011230", "前 17 位应为数字"),
        ("", "现为 0 位"),
    ],
)
def test_malformed_numbers_say_what_is_wrong(number, needle):
    result = check(number)
    assert not result.valid and needle in result.reason


def test_a_wrong_check_character_is_refused():
    result = check("150102199001011231")
    assert not result.valid and "校验位" in result.reason


def test_province_99_is_refused_even_with_a_correct_check_character():
    body = "990102199001011230"[:17]
    result = check(body + ric.calc_check_digit(body + "0"))
    assert not result.valid and "“99”" in result.reason and "省级" in result.reason


@pytest.mark.parametrize("province", ["11", "15", "46", "54", "65", "71", "81", "82"])
def test_real_province_codes_are_accepted(province):
    assert check(make_id(dt.date(1990, 1, 1), region=province + "0102")).valid


def test_the_county_part_of_the_region_is_not_checked():
    number = make_id(dt.date(1990, 1, 1), region="159999")
    with pytest.raises(KeyError):  # stdnum's own validate refuses a county it does not know
        ric.validate(number)
    assert check(number).valid


@pytest.mark.parametrize("date", ["19900230", "19901301", "19900100", "19000229"])
def test_an_impossible_birth_date_inside_the_number_is_refused(date):
    body = f"150102{date}123"
    result = check(body + ric.calc_check_digit(body + "0"))
    assert not result.valid and f"“{date}”不是有效日期" in result.reason


def test_29_february_of_a_leap_year_is_a_real_date():
    assert check(make_id(dt.date(2000, 2, 29))).birth_date == dt.date(2000, 2, 29)


def test_the_province_codes_come_from_the_rulebook():
    assert not idcard.check("150102199001011230", ["11"]).valid


def test_mask_keeps_the_first_six_and_last_four():
    assert idcard.mask("150102199001011230") == "150102********1230"
    assert idcard.mask("") == "" and idcard.mask("1234") == "****"


@given(st.dates(dt.date(1950, 1, 1), dt.date(2010, 12, 31)), st.integers(0, 999))
def test_every_built_number_is_valid_and_gives_back_its_birth_date(birth, seq):
    result = check(make_id(birth, seq=seq))
    assert result.valid and result.birth_date == birth
    assert result.gender == ("男" if seq % 2 else "女")


@given(
    st.dates(dt.date(1950, 1, 1), dt.date(2010, 12, 31)),
    st.integers(0, 999),
    st.integers(0, 17),
    st.data(),
)
def test_any_single_changed_character_is_caught(birth, seq, position, data):
    good = make_id(birth, seq=seq)
    other = data.draw(st.sampled_from([c for c in "0123456789X" if c != good[position]]))
    assert not check(good[:position] + other + good[position + 1 :]).valid
