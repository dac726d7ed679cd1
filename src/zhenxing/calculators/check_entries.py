"""`zhenxing check-entries FILE --json`: the eligibility verdict of every entry (contracts.md §1).

FILE is the contract's JSON or the official registration template (.xlsx, told apart by its
first bytes: an xlsx is a zip, and a zip starts with "PK").
"""

from __future__ import annotations

from zhenxing.formats.entry_template import TemplateError, read_rows, template_edition
from zhenxing.rules.eligibility import Entry, EntryInputError, check_entry
from zhenxing.rules.rulebook import Rulebook

from .common import InputError, parse_json, read_bytes, rulebook_for


def verdict_dict(index: int, entry: Entry, rulebook: Rulebook) -> dict:
    verdict = check_entry(entry, rulebook)
    return {
        "index": index,
        "eligible": verdict.eligible,
        "reasons": [r.as_dict() for r in verdict.reasons],
        "flags": [f.as_dict() for f in verdict.flags],
    }


def _from_json(raw: bytes, chosen: Rulebook | None) -> tuple[Rulebook, list[Entry], list[dict]]:
    data = parse_json(raw)
    rulebook = rulebook_for(data, chosen)
    items = data.get("entries")
    if not isinstance(items, list):
        raise InputError("entries: 缺少必填字段（应为列表 […]）")
    entries = []
    for index, item in enumerate(items):
        try:
            entries.append(Entry.from_contract(item))
        except EntryInputError as exc:
            raise InputError(f"entries[{index}].{exc}") from None
    return rulebook, entries, [{} for _ in entries]


def _from_template(raw: bytes, chosen: Rulebook | None) -> tuple[Rulebook, list[Entry], list[dict]]:
    try:
        # the edition the template's title names, unless the command line names one (a dry
        # run of last year's entries against a draft rulebook)
        named = template_edition(raw)
        rulebook = rulebook_for({"edition": named} if named else {}, chosen)
        rows = read_rows(raw, rulebook.eligibility.placing_year)
    except TemplateError as exc:
        raise InputError(str(exc)) from None
    entries = []
    for row in rows:
        if row.errors:
            more = f"（另有 {len(row.errors) - 1} 处错误）" if len(row.errors) > 1 else ""
            raise InputError(row.errors[0] + more)
        try:
            entries.append(Entry.from_contract(row.values))
        except EntryInputError as exc:
            raise InputError(f"第 {row.number} 行 {exc}") from None
    return rulebook, entries, [{"row": row.number} for row in rows]


def compute(path: str, chosen: Rulebook | None = None) -> dict:
    raw = read_bytes(path)
    reader = _from_template if raw[:2] == b"PK" else _from_json
    rulebook, entries, extras = reader(raw, chosen)
    results = [
        {**verdict_dict(index, entry, rulebook), **extra}
        for index, (entry, extra) in enumerate(zip(entries, extras, strict=True))
    ]
    return {"edition": rulebook.edition.code, "results": results}
