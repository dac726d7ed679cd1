"""Cell parsers of the registration template: each returns a Python value or raises
ValueError with a Chinese message saying what to fix."""

from __future__ import annotations

import datetime as dt
import re

from zhenxing.rules.text import name_problem
from zhenxing.rules.text import parse_phone as phone_from_text

from .columns import DOCUMENT_TYPES, LEVELS, NO, PLACING_CLASS_NAMES, PLACING_CLASSES, YES
from .dates import not_a_date

EXCEL_EPOCH = dt.date(1899, 12, 30)


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _plain(value) -> str:
    return cell_text(value)


_NUMERIC_ID = (
    "表格软件（Excel、WPS 或 LibreOffice）把号码当成了数字，18 位号码的最后几位已经丢失。"
    "请把该列设为“文本”格式后重新输入号码（或在号码前加英文单引号 '）"
)
_SCIENTIFIC = re.compile(r"\d(\.\d+)?E\+?\d+", re.IGNORECASE)  # 1.50102E+17, as a CSV keeps it


def _id(value) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(_NUMERIC_ID)
    if type(value) is str and value.isalnum():  # nearly every number: nothing to remove
        return value
    text = re.sub(r"\s+", "", cell_text(value))
    if _SCIENTIFIC.fullmatch(text):
        raise ValueError(_NUMERIC_ID)
    return text


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value < 2958466:
            raise ValueError("不是有效日期")
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    text = cell_text(value)
    if not text:
        return None
    if len(text) == 5 and text.isdecimal():  # an Excel serial kept as text (a CSV from Excel)
        return EXCEL_EPOCH + dt.timedelta(days=int(text))
    match = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", text)
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            pass
    raise not_a_date(text)  # with how to write it (a two-digit year may be settled by the ID)


def _past_date(after_today: str):
    """A parser of a day that has happened (a birth, a certificate): _date, refusing a day after
    today with `after_today`, in which {day} is the day as typed back."""

    def parse(value) -> dt.date | None:
        day = _date(value)
        if day is not None and day > dt.date.today():
            raise ValueError(after_today.format(day=day.isoformat()))
        return day

    return parse


def _yes_no(value) -> bool:
    text = cell_text(value)
    if text in ("", NO, "0", "FALSE", "False", "false"):
        return False
    if text in (YES, "1", "TRUE", "True", "true", "√"):
        return True
    raise ValueError(f"“{text}”应为“是”或“否”")


def _choice(mapping: dict, aliases: dict | None = None):
    """One of the drop-down's values (or another name of one, not offered in the list)."""
    accepted = mapping | (aliases or {})

    def parse(value):
        text = cell_text(value)
        if not text:
            return None
        if text in accepted:
            return accepted[text]
        raise ValueError(f"“{text}”不是可选值（{'、'.join(mapping)}）")

    return parse


MAX_TEAM_SIZE, MAX_RANK = 20, 1000  # as the entry form allows


def _positive_int(high: int):
    def parse(value) -> int | None:
        text = cell_text(value)
        if not text:
            return None
        whole = text.isascii() and text.isdecimal() and len(text) <= len(str(high))
        if not whole or not 1 <= int(text) <= high:
            raise ValueError(f"“{text[:20]}”应为 1 到 {high} 之间的整数")
        return int(text)

    return parse


def parse_phone(value) -> str:
    """A phone cell as the entry form reads a phone (rules.text.parse_phone)."""
    return phone_from_text(cell_text(value))


def _name(value) -> str:
    """A name cell, checked as the entry form checks a name (rules.text.name_problem)."""
    text = cell_text(value)
    if problem := name_problem(text):
        raise ValueError(problem)
    return text


def _gender(value) -> str | None:
    text = cell_text(value)
    if text in ("", "男", "女"):
        return text or None
    raise ValueError(f"“{text}”应为“男”或“女”")


_RIGHT = re.compile(r"(.+?)\s*[（(]?\s*(\d{4})\s*年?\s*[）)]?")
_RIGHT_SEPARATORS = re.compile(r"[;；,，、\n]")


def _title_rights(value) -> list[dict]:
    """ "全国技术能手2024；全国技术能手（2023年）" → [{"title": …, "year": …}, …], the
    check-entries format of the rights to a title a contestant has obtained, by year."""
    rights = []
    for part in _RIGHT_SEPARATORS.split(cell_text(value)):
        if not part.strip():
            continue
        match = _RIGHT.fullmatch(part.strip())
        if not match:
            raise ValueError(f"“{part.strip()[:30]}”应为称号加取得年份，如 全国技术能手2024")
        rights.append({"title": match[1].strip(), "year": int(match[2])})
    return rights


def _province(value) -> str:
    """A school's province: its two-digit code (the first two digits of an ID number: 34, or
    "34 安徽省") read as the code; a name is kept as typed for the caller to look up."""
    text = cell_text(value)
    match = re.match(r"(\d{2})(?!\d)", text)
    return match[1] if match else text


PARSERS = {
    "name": _name,
    "id_number": _id,
    "birth_date": _past_date("{day} 晚于今天，请核对出生日期"),
    "qualification_issued_on": _past_date("{day} 晚于今天，证书不可能在这天颁发，请核对"),
    "school_enrolled_on": _past_date("{day} 晚于今天，请核对学籍注册日期"),
    "school_province": _province,
    "title_rights": _title_rights,
    "gender": _gender,
    "document_type": _choice(DOCUMENT_TYPES),
    "placing_class": _choice(PLACING_CLASSES, PLACING_CLASS_NAMES),
    "qualification_level": _choice(LEVELS),
    "phone": parse_phone,
    "placing_team_size": _positive_int(MAX_TEAM_SIZE),
    "placing_rank": _positive_int(MAX_RANK),
    "placing2_class": _choice(PLACING_CLASSES, PLACING_CLASS_NAMES),
    "placing2_team_size": _positive_int(MAX_TEAM_SIZE),
    "placing2_rank": _positive_int(MAX_RANK),
    **{
        key: _yes_no
        for key in (
            "full_time_student",
            "student_entrepreneur",
            "non_public_economy",
            "honor_zhonghua",
            "honor_national",
        )
    },
}


def parser_for(column):
    """The parser of one column: its own (else plain text), with the column's length limit."""
    parse = PARSERS.get(column.key, _plain)
    if not column.max_length:
        return parse

    def limited(value):
        parsed = parse(value)
        if parsed and len(parsed) > column.max_length:
            raise ValueError(f"最多 {column.max_length} 个字，现有 {len(parsed)} 个")
        return parsed

    return limited


def quick_parser_for(column):
    """For the columns whose cells are (nearly) all different — name, ID number, phone — a
    function giving at a glance the value a typical cell reads as through the whole path (the
    reader's text check, `parser_for`'s parser and the length limit), or None where that path
    must decide; None for the other columns. A 100,000-row import reads 300,000 such cells."""
    limit = column.max_length or MAX_CELL
    if column.key == "name":

        def quick(value):
            # printable and without U+FFFD: no control, bidi or zero-width character (those are
            # not printable), so nothing text_problem or name_problem would refuse
            if type(value) is str and value.isprintable() and "\ufffd" not in value:
                text = value.strip()
                if 0 < len(text) <= limit:
                    return text
            return None

    elif column.key == "id_number":

        def quick(value):
            if type(value) is str and value.isascii() and value.isalnum() and len(value) <= limit:
                return value
            return None

    elif column.key == "phone":
        longest = min(15, limit)  # as rules.text.parse_phone takes a number

        def quick(value):
            if type(value) is str and value.isascii() and value.isdigit():
                return value if 7 <= len(value) <= longest else None
            return None

    else:
        return None
    return quick


MAX_CELL = 32_767  # what a spreadsheet cell holds
