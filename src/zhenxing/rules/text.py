"""What free text may hold: checks every form field, import cell and reason goes through."""

from __future__ import annotations

import re
import unicodedata

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, line breaks aside
CONTROL_MESSAGE = "含有看不见的控制字符，无法保存：请删除后重新输入"
# U+FFFD stands where a program could not read a character (a wrong encoding), and where the
# error report shows a control character: the text is not what was meant.
REPLACEMENT_MESSAGE = "含有无法识别的字符“\ufffd”（文字编码出错时会出现）：请改为原来的文字"


def text_problem(text: str) -> str | None:
    """Why this text cannot be stored as typed, or None."""
    if not text.isprintable() and CONTROL_CHARACTERS.search(text):
        # e.g. _x0000_ in a workbook, read as NUL, which no database text column holds
        return CONTROL_MESSAGE
    if "\ufffd" in text:
        return REPLACEMENT_MESSAGE
    return None


# Characters that change how a name is shown or compared without being seen: bidi controls
# (U+202E shows "张伟\u202e试测" as 张伟测试) and zero-width ones (张\u200b伟 looks like 张伟).
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
BIDI_MESSAGE = "含有改变文字显示方向的隐藏字符（如 U+202E），无法保存：请删除后重新输入姓名"
ZERO_WIDTH_MESSAGE = "含有看不见的零宽字符（如 U+200B），无法保存：请删除后重新输入姓名"


def name_problem(text: str) -> str | None:
    """Why this person's name cannot be stored as typed, or None: `text_problem`, and the
    invisible characters that make one name look like another."""
    if problem := text_problem(text):
        return problem
    if text.isascii():
        return None
    if not BIDI_CONTROLS.isdisjoint(text):
        return BIDI_MESSAGE
    if not ZERO_WIDTH.isdisjoint(text):
        return ZERO_WIDTH_MESSAGE
    return None


def length_problem(text: str, label: str, limit: int) -> str | None:
    """Free text a page shows: too long past `limit` characters, said with what to do."""
    length = len(text.strip())
    if length > limit:
        return f"{label}最多 {limit} 个字，现有 {length} 个，请精简。"
    return None


_PHONE_SEPARATORS = re.compile(r"[\s\-－—()（）]")


def parse_phone(typed: str) -> str:
    """A phone number as typed (full-width digits made half-width): a mobile number, or a
    landline with or without its area code; ValueError says what to fix."""
    if typed.isascii() and typed.isdigit() and 7 <= len(typed) <= 15:
        return typed  # nearly every number: nothing to normalise
    text = unicodedata.normalize("NFKC", typed).strip()
    digits = _PHONE_SEPARATORS.sub("", text)
    if text and not re.fullmatch(r"\+?[0-9]{7,15}", digits):
        raise ValueError(
            f"“{typed[:30]}”不是电话号码：应为 11 位手机号码或带区号的固定电话（数字，可含 +、- 和空格）"
        )
    return text
