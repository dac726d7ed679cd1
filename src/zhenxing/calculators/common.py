"""What the three calculators share: reading the input, writing JSON, failing in one line."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from zhenxing import rulebooks
from zhenxing.rules.rulebook import Rulebook, RulebookError, load_edition, load_file, packaged_codes

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


def default_code() -> str:
    """The edition a file naming none is judged against (zhenxing.rulebooks.DEFAULT)."""
    return rulebooks.DEFAULT


def rulebook_for(data: dict, chosen: Rulebook | None = None) -> Rulebook:
    """The rulebook given on the command line (--edition, --rulebook), else the input's
    "edition", else the default one."""
    if chosen is not None:
        return chosen
    code = data.get("edition")
    if code is None:
        code = default_code()
    if not isinstance(code, str):
        raise InputError(f'edition: 应为文本，例如 "{default_code()}"')
    return packaged(code, "edition")


def packaged(code: str, where: str = "--edition") -> Rulebook:
    try:
        return load_edition(code)
    except KeyError:
        known = "、".join(packaged_codes())
        raise InputError(f"{where}: 未知的届次 “{code}”（已安装：{known}）") from None


def chosen_rulebook(edition: str | None, rulebook_file: str | None) -> Rulebook | None:
    """The rulebook named on the command line: an installed edition's code, or a rulebook file
    not installed (a committee's dry run of next year's draft)."""
    if edition and rulebook_file:
        raise InputError("--edition 和 --rulebook 只能用一个")
    if rulebook_file:
        try:
            return load_file(rulebook_file)
        except RulebookError as exc:
            raise InputError(exc.summary()) from None
    return packaged(edition) if edition else None


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def emit(result: dict) -> None:
    json.dump(result, sys.stdout, ensure_ascii=False, indent=2, default=_default)
    sys.stdout.write("\n")


def run(compute: Callable[..., dict], path: str, edition=None, rulebook_file=None) -> int:
    """Run a calculator: JSON on stdout and exit 0, or one line on stderr and exit 2."""
    try:
        result = compute(path, chosen_rulebook(edition, rulebook_file))
    except InputError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    emit(result)
    return EXIT_OK
