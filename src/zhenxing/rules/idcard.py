"""Resident identity numbers (GB 11643-1999), as rules.md §3.4 reads them.

The check character is python-stdnum's `calc_check_digit` (GB 11643's weights 2^(17-i) mod 11
are the digits read as one number in base 13: 13 ≡ 2 mod 11), computed here inline; the birth
date is read from digits 7–14 directly, each distinct date once. stdnum's county-code check is
deliberately not used (codes are renamed and retired while the numbers stay valid). A
100,000-row import checks 100,000 numbers: no regular expression runs for a number of the
usual shape.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

CLAUSE = "rules.md §3.4"
_LAST = frozenset("0123456789X")  # what the 18th character may be
_CHECK_CHARACTERS = "0123456789X"  # by the checksum (stdnum's calc_check_digit)


@dataclass(slots=True)  # not frozen: made once per row of an import, and twice as fast so
class IdCheck:
    number: str  # normalized: no spaces, half-width, upper-case X
    valid: bool
    problem: str = ""  # Chinese, says what is wrong, when not valid
    birth_date: dt.date | None = None
    gender: str | None = None  # "男" or "女"

    @property
    def normalized(self) -> str:
        return self.number

    @property
    def reason(self) -> str:
        return self.problem


def normalize(number: str) -> str:
    number = str(number)
    if number.isascii() and number.isalnum():  # nearly every number: nothing to change
        return number.upper()
    # NFKC: a Chinese input method may type full-width digits and Ｘ.
    text = unicodedata.normalize("NFKC", number)
    return re.sub(r"\s+", "", text).upper()


def check(number: str, province_codes: list[str]) -> IdCheck:
    """Validate one ID number; `province_codes` are the real first two digits (the rulebook's)."""
    number = normalize(number)
    if len(number) != 18:
        if len(number) == 15 and number.isascii() and number.isdigit():
            return IdCheck(
                number, False, "15 位的第一代身份证号码已于 2013 年停止使用，请填写 18 位号码"
            )
        return IdCheck(number, False, f"身份证号码应为 18 位，现为 {len(number)} 位")
    # ASCII first: str.isdigit also takes other scripts' digits
    if not (number.isascii() and number[:17].isdigit() and number[17] in _LAST):
        return IdCheck(number, False, "身份证号码前 17 位应为数字，最后一位为数字或 X")
    if number[:2] not in province_codes:
        return IdCheck(number, False, f"身份证号码的前两位“{number[:2]}”不是有效的省级行政区代码")
    birth = _birth_date(number[6:14])
    if birth is None:  # impossible dates such as 0230
        return IdCheck(number, False, f"身份证号码中的出生日期“{number[6:14]}”不是有效日期")
    if _CHECK_CHARACTERS[(1 - 2 * int(number[:17], 13)) % 11] != number[17]:
        hint = "（可能有一位输错）"
        if number.endswith("000"):  # what Excel leaves of a number it kept 15 digits of
            hint = "（号码以 000 结尾：可能是表格软件把它当成数字，丢掉了最后几位，请重新输入）"
        return IdCheck(number, False, f"身份证号码校验位不正确，请逐位核对{hint}")
    return IdCheck(number, True, "", birth, "男" if number[16] in "13579" else "女")


@functools.lru_cache(maxsize=1 << 14)  # the days a contest's entrants were born on, and more
def _birth_date(digits: str) -> dt.date | None:
    """The day of eight ASCII digits YYYYMMDD, or None when there is no such day."""
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


validate = check


def mask(number: str) -> str:
    """150102199001011230 → 150102********1230."""
    number = number or ""
    if len(number) < 11:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]
