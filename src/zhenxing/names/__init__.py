"""Ordering people's names the two official ways: by surname strokes (姓氏笔画) and by pinyin.

Strokes come from the Unicode Han database's kTotalStrokes (strokes.bin, built by
scripts/build_strokes.py). Pinyin comes from pypinyin, except for surnames, whose readings differ
from the everyday ones (曾 zēng, 单 shàn, 解 xiè …) and are taken from SURNAME_READINGS.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from pypinyin import Style, lazy_pinyin

FIRST_CODE_POINT = 0x3400

# Two-character surnames; a name starting with one of these (and longer than it) splits after it.
COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "宇文",
        "司徒",
        "夏侯",
        "轩辕",
        "令狐",
        "钟离",
        "万俟",
        "澹台",
        "拓跋",
        "呼延",
        "端木",
        "独孤",
        "南宫",
        "西门",
        "东郭",
        "闻人",
        "赫连",
        "申屠",
        "公羊",
        "太史",
        "单于",
        "百里",
        "完颜",
    ]
)

# Surname readings where the everyday reading of the character is wrong for a surname.
SURNAME_READINGS = {
    "曾": "zeng1",
    "单": "shan4",
    "解": "xie4",
    "仇": "qiu2",
    "朴": "piao2",
    "区": "ou1",
    "查": "zha1",
    "盖": "ge3",
    "尉迟": "yu4chi2",
    "万俟": "mo4qi2",
    "单于": "chan2yu2",
    "长孙": "zhang3sun1",
    "乐": "yue4",
    "缪": "miao4",
    "翟": "zhai2",
    "覃": "qin2",
    "种": "chong2",
    "秘": "bi4",
    "召": "shao4",
    "句": "gou1",
    "华": "hua4",
    "员": "yun4",
    "柏": "bai3",
    "薄": "bo2",
    "黑": "he4",
    "牟": "mu4",
    "隗": "wei3",
    "厍": "she4",
    "冼": "xian3",
    "繁": "po2",
    "沈": "shen3",
    "任": "ren2",
    "宿": "su4",
    "莘": "shen1",
    "折": "she2",
    "祭": "zhai4",
    "郇": "xun2",
    "眭": "sui1",
    "恽": "yun4",
    "燕": "yan1",
    "纪": "ji3",
}


@cache
def _strokes_table() -> bytes:
    return resources.files("zhenxing.names").joinpath("strokes.bin").read_bytes()


def total_strokes(char: str) -> int:
    """kTotalStrokes of one character (simplified value); 0 when it is not a known Han character."""
    offset = ord(char) - FIRST_CODE_POINT
    table = _strokes_table()
    return table[offset] if 0 <= offset < len(table) else 0


def _han(name: str) -> str:
    return "".join(c for c in name if total_strokes(c))


def split_name(name: str) -> tuple[str, str]:
    """(surname, given name), recognising the compound surnames."""
    han = _han(name) or name
    size = 2 if han[:2] in COMPOUND_SURNAMES and len(han) > 2 else 1
    return han[:size], han[size:]


def pinyin_of(name: str) -> str:
    """The name's pinyin with tone numbers, the surname read as a surname."""
    surname, given = split_name(name)
    head = SURNAME_READINGS.get(surname) or "".join(lazy_pinyin(surname, style=Style.TONE3))
    return head + "".join(lazy_pinyin(given, style=Style.TONE3))


def pinyin_key(name: str) -> tuple:
    return (pinyin_of(name), name)


def stroke_key(name: str) -> tuple:
    """Strokes of the surname's first character, then of each next one, then pinyin."""
    return (tuple(total_strokes(c) for c in _han(name)), pinyin_of(name), name)
