"""The ID check's fast path (no regular expression, the check character inline, each birth date
read once) gives exactly what the first implementation gave, kept here as the reference."""

import datetime as dt
import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import ric

from zhenxing.rules import idcard
from zhenxing.rules.rulebook import load_edition

PROVINCES = load_edition("2020-nmg").eligibility.province_codes
_SHAPE = re.compile(r"[0-9]{17}[0-9X]")


def reference(number: str, province_codes: list[str]) -> tuple:
    """rules/idcard.check as first written (regular expressions, stdnum, datetime each time)."""
    number = idcard.normalize(number)
    if re.fullmatch(r"[0-9]{15}", number):
        return number, False, "15 位的第一代身份证号码已于 2013 年停止使用，请填写 18 位号码"
    if len(number) != 18:
        return number, False, f"身份证号码应为 18 位，现为 {len(number)} 位"
    if not _SHAPE.fullmatch(number):
        return number, False, "身份证号码前 17 位应为数字，最后一位为数字或 X"
    if number[:2] not in province_codes:
        return number, False, f"身份证号码的前两位“{number[:2]}”不是有效的省级行政区代码"
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return number, False, f"身份证号码中的出生日期“{number[6:14]}”不是有效日期"
    if ric.calc_check_digit(number) != number[17]:
        hint = "（可能有一位输错）"
        if number.endswith("000"):
            hint = "（号码以 000 结尾：可能是表格软件把它当成数字，丢掉了最后几位，请重新输入）"
        return number, False, f"身份证号码校验位不正确，请逐位核对{hint}"
    return number, True, "", birth, "男" if int(number[16]) % 2 else "女"


def same(number: str) -> None:
    got = idcard.check(number, PROVINCES)
    expected = reference(number, PROVINCES)
    assert (got.number, got.valid, got.problem) == expected[:3]
    if got.valid:
        assert (got.birth_date, got.gender) == expected[3:]
    else:
        assert got.birth_date is None and got.gender is None


def built(region: str, day: str, sequence: str) -> str:
    body = region + day + sequence
    return body + ric.calc_check_digit(body + "0")


digits = st.text(string.digits, min_size=1, max_size=1)


@settings(max_examples=400)
@given(
    st.sampled_from(["15", "11", "99", "00", "1５", "4６"]),
    st.text(string.digits, min_size=4, max_size=4),
    st.text(string.digits, min_size=8, max_size=8),  # impossible days too (19900230, 00000000)
    st.text(string.digits, min_size=3, max_size=3),
    st.sampled_from(["", "right", "0", "X", "x", "Ｘ", "A", "٣"]),
)
def test_numbers_near_valid_ones_read_as_before(province, county, day, sequence, last):
    body = province + county + day + sequence
    number = built(province + county, day, sequence) if last == "right" else body + last
    same(number)


@settings(max_examples=300)
@given(st.text(string.digits + "Xx Ｘ１٣²\t-", max_size=20))
def test_any_short_text_of_digits_reads_as_before(number):
    same(number)


def test_the_edge_cases_read_as_before():
    for number in [
        "150102900101123",  # 15 digits
        "１５０１０２９００１０１１２３",  # 15 full-width digits
        "15010219900101123²",  # a superscript: a digit to str.isdigit, not to [0-9]
        "1501021990010112٣0",  # an Arabic-Indic digit inside
        "150102199002291230",  # 29 February of a year that has none
        built("150102", "20000229", "123"),
        built("150102", "19900101", "120"),
        built("150102", "00010101", "123"),  # year 1
        built("150102", "19900101", "12")[:-1] + "0" * 2,
        "150102199001011000",  # what Excel leaves of a number
        "",
    ]:
        same(number)
