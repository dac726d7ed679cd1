"""`zhenxing check-entries FILE --json`: the eligibility verdict of every entry (contracts.md §1)."""

from __future__ import annotations

from zhenxing.rules.eligibility import Entry, EntryInputError, check_entry
from zhenxing.rules.rulebook import load_edition

from .common import InputError, parse_json, read_bytes, rulebook_for
from .template import TemplateError, read_rows


def verdict_dict(index: int, entry: Entry, rulebook) -> dict:
    verdict = check_entry(entry, rulebook)
    return {
        "index": index,
        "eligible": verdict.eligible,
        "reasons": [r.as_dict() for r in verdict.reasons],
        "flags": [f.as_dict() for f in verdict.flags],
    }


def _from_json(data: dict) -> tuple[str, list[Entry]]:
    rulebook = rulebook_for(data)
    items = data.get("entries")
    if not isinstance(items, list):
        raise InputError("entries: 缺少必填字段（应为列表 […]）")
    entries = []
    for index, item in enumerate(items):
        try:
            entries.append(Entry.from_contract(item))
        except EntryInputError as exc:
            raise InputError(f"entries[{index}].{exc}") from None
    return rulebook.edition.code, entries


def _from_template(raw: bytes) -> tuple[str, list[Entry]]:
    try:
        rows = read_rows(raw)
    except TemplateError as exc:
        raise InputError(str(exc)) from None
    entries = []
    for row in rows:
        if row.errors:
            raise InputError(row.errors[0])
        try:
            entries.append(Entry.from_contract(row.values))
        except EntryInputError as exc:
            raise InputError(f"第 {row.number} 行 {exc}") from None
    return "2020-nmg", entries


def compute(path: str) -> dict:
    raw = read_bytes(path)
    if raw[:2] == b"PK":
        code, entries = _from_template(raw)
    else:
        code, entries = _from_json(parse_json(raw))
    rulebook = load_edition(code)
    return {
        "edition": code,
        "results": [verdict_dict(i, entry, rulebook) for i, entry in enumerate(entries)],
    }
