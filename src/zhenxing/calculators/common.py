"""What the three calculators share: reading the input, writing JSON, failing in one line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from zhenxing.rules.rulebook import Rulebook, load_edition

EXIT_OK = 0
EXIT_UNUSABLE = 2


class InputError(Exception):
    """The file itself is unusable; the message names the field and the item."""


def read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取文件 {path}：{exc.strerror}") from None


def parse_json(raw: bytes) -> dict:
    try:
        data = json.loads(raw.decode("utf-8-sig"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise InputError("文件不是 UTF-8 编码的 JSON") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"不是有效的 JSON：第 {exc.lineno} 行第 {exc.colno} 列 {exc.msg}"
        ) from None
    if not isinstance(data, dict):
        raise InputError("JSON 顶层应为对象 {…}")
    return data


def rulebook_for(data: dict) -> Rulebook:
    code = data.get("edition", "2020-nmg")
    if not isinstance(code, str):
        raise InputError('edition: 应为文本，例如 "2020-nmg"')
    try:
        return load_edition(code)
    except KeyError:
        raise InputError(f"edition: 未知的届次 “{code}”") from None


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def emit(result: dict) -> None:
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2, default=_default)
    sys.stdout.write("\n")


def run(compute: Callable[[str], dict], path: str) -> int:
    """Run a calculator: JSON on stdout and exit 0, or one line on stderr and exit 2."""
    try:
        result = compute(path)
    except InputError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    emit(result)
    return EXIT_OK
