"""What changed between two rulebooks, in Chinese, one line per change (`zhenxing edition diff`):
a committee drafting next year's rulebook sees every value it changed against this year's."""

from __future__ import annotations

from .rulebook import Rulebook

# The fields that name an item of a list (events by occupation and group, titles by name…): an
# item is matched by them, so a reordered list shows no change and a renamed item shows as one
# removed and one added.
_KEYS = (("occupation", "group"), ("key",), ("code",), ("name",), ("kind",), ("role", "name"))


def diff(old: Rulebook, new: Rulebook) -> list[str]:
    """Every change from `old` to `new`: 新增, 删除 or 修改 with the field's path."""
    lines: list[str] = []
    _walk(_plain(old), _plain(new), "", lines)
    return lines


def _plain(rulebook: Rulebook) -> dict:
    return rulebook.model_dump(mode="json", by_alias=True, exclude_none=False)


def _walk(old, new, path: str, lines: list[str]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for name in [*old, *(n for n in new if n not in old)]:
            where = f"{path}.{name}" if path else name
            if name not in new:
                lines.append(f"删除 {where}：{_show(old[name])}")
            elif name not in old:
                lines.append(f"新增 {where}：{_show(new[name])}")
            else:
                _walk(old[name], new[name], where, lines)
    elif _keyed(old) and _keyed(new):
        _walk_items(old, new, path, lines)
    elif old != new:
        lines.append(f"修改 {path}：{_show(old)} → {_show(new)}")


def _key_of(items: list) -> tuple | None:
    """The fields that tell the items of a list of tables apart, if some do."""
    for key in _KEYS:
        values = [tuple(item.get(k) for k in key) for item in items]
        if all(None not in v for v in values) and len(set(values)) == len(values):
            return key
    return None


def _keyed(value) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) for item in value)
        and _key_of(value) is not None
    )


def _walk_items(old: list, new: list, path: str, lines: list[str]) -> None:
    key = _key_of(old) if _key_of(old) == _key_of(new) else None
    if key is None:
        if old != new:
            lines.append(f"修改 {path}：{_show(old)} → {_show(new)}")
        return
    before = {tuple(i[k] for k in key): i for i in old}
    after = {tuple(i[k] for k in key): i for i in new}
    for name, item in before.items():
        where = f"{path}[{'/'.join(str(n) for n in name)}]"
        if name not in after:
            lines.append(f"删除 {where}")
        else:
            _walk(item, after[name], where, lines)
    for name, item in after.items():
        if name not in before:
            lines.append(f"新增 {path}[{'/'.join(str(n) for n in name)}]：{_show(item)}")


def _show(value) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "[" + "、".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + "，".join(f"{k} = {_show(v)}" for k, v in value.items()) + "}"
    return str(value)
