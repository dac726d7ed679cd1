"""Dates with a two-digit year. Saved as CSV, a date LibreOffice Calc (zh-CN) recognised in a
General cell is written as it is shown: 2000年7月1日 becomes 00年7月1日 (and 7/1/00 in an
English Calc). Such a birth date is read when the row's resident ID number settles it (its
birth date has the same last two digits of the year, month and day); otherwise the row is told
to write the four-digit year."""

from __future__ import annotations

import datetime as dt
import re

from zhenxing.rules.idcard import normalize

NOT_A_DATE = "“{text}”不是有效日期，请写成 1998-09-18、1998/9/18 或 1998年9月18日 这样的日期"
SHORT_YEAR = (
    "“{text}”的年份只有两位，看不出是哪一年（表格软件另存 CSV 时常这样写）：请写成四位年份，"
    "如 1995-07-01 或 1995年7月1日（在 Excel、WPS 或 LibreOffice 中可先把该列设为“文本”格式）"
)
# year first (00年7月1日, 00-7-1, 00/7/1), or month first with slashes (7/1/00, English Calc)
_YEAR_FIRST = re.compile(r"(\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_MONTH_FIRST = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{2})")


class TwoDigitYear(ValueError):
    """A date whose year has two digits; `readings`: the (year's last two digits, month, day)
    it may stand for."""

    def __init__(self, text: str, readings: list[tuple[int, int, int]]):
        super().__init__(SHORT_YEAR.format(text=text))
        self.readings = readings


def not_a_date(text: str) -> ValueError:
    """The error for a cell that is not a date as written: TwoDigitYear when it is one but for
    its year's two digits."""
    readings = []
    if found := _YEAR_FIRST.fullmatch(text):
        readings.append(tuple(map(int, found.groups())))
    if found := _MONTH_FIRST.fullmatch(text):
        month, day, year = map(int, found.groups())
        readings.append((year, month, day))
    readings = [r for r in readings if _a_day(r)]
    if readings:
        return TwoDigitYear(text, readings)
    return ValueError(NOT_A_DATE.format(text=text))


def _a_day(reading: tuple[int, int, int]) -> bool:
    year, month, day = reading
    return any(_day(century + year, month, day) for century in (1900, 2000))


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def settle_century(problem: TwoDigitYear, id_number: str | None) -> dt.date | None:
    """The birth date `problem`'s text stands for, when the resident ID number `id_number`
    settles it; else None."""
    number = normalize(id_number or "")
    if len(number) != 18 or not number[:14].isdigit():
        return None
    born = _day(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    if born is None or (born.year % 100, born.month, born.day) not in problem.readings:
        return None
    return born
