"""The marking scheme as rows a host-unit clerk edits in a form — one row per aspect, with its
module's code and name, as in the Excel layout — and back to scheme data; each problem the
rules core finds is put on the row and field it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhenxing.rules import marking
from zhenxing.rules.numbers import decimal_text

FIELDS = ("module_key", "module_label", "key", "label", "max", "kind")
LABELS = {
    "module_key": "模块代码",
    "module_label": "模块名称",
    "key": "评分项代码",
    "label": "评分项名称",
    "max": "满分",
    "kind": "评分方式",
}
BLANK_ROWS = 3  # empty rows offered for new aspects; "添加 5 行" gives more
MORE_ROWS = 5
MAX_ROWS = 500  # a scheme has tens of aspects


@dataclass
class Row:
    values: dict[str, str]
    order: str = ""
    delete: bool = False
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def cells(self) -> list[tuple[str, str, str, str]]:
        """(field, label, value, problem) of the text fields, for the form."""
        shown = [name for name in FIELDS if name != "kind"]
        return [(n, LABELS[n], self.values.get(n, ""), self.errors.get(n, "")) for n in shown]

    @property
    def blank(self) -> bool:
        return not any(self.values.get(name, "").strip() for name in FIELDS if name != "kind")


def rows_of(scheme: marking.Scheme | None) -> list[Row]:
    rows = []
    for module in scheme.modules if scheme else ():
        for aspect in module.aspects:
            values = {
                "module_key": module.key,
                "module_label": module.label,
                "key": aspect.key,
                "label": aspect.label,
                "max": decimal_text(aspect.max),
                "kind": aspect.kind,
            }
            rows.append(Row(values))
    return numbered(rows + [Row(_blank()) for _ in range(BLANK_ROWS)])


def _blank() -> dict[str, str]:
    return dict.fromkeys(FIELDS, "") | {"kind": "scale_0_3"}


def numbered(rows: list[Row]) -> list[Row]:
    """Orders 10, 20, 30…: room to put a row between two others by typing 15."""
    for index, row in enumerate(rows, start=1):
        row.order = str(index * 10)
    return rows


def more_rows(rows: list[Row]) -> list[Row]:
    last = max((float(r.order) for r in rows if _is_number(r.order)), default=0.0)
    added = [Row(_blank(), str(int(last) + 10 * n)) for n in range(1, MORE_ROWS + 1)]
    return rows + added


def rows_posted(post) -> list[Row]:
    count = min(_int(post.get("rows"), 0), MAX_ROWS)
    rows = []
    for index in range(count):
        values = {name: post.get(f"row-{index}-{name}", "").strip() for name in FIELDS}
        order = post.get(f"row-{index}-order", "").strip()
        rows.append(Row(values, order, post.get(f"row-{index}-delete") == "1"))
    return rows


def _int(text, default: int) -> int:
    text = str(text or "").strip()
    return int(text) if text.isascii() and text.isdigit() else default


def in_order(rows: list[Row]) -> list[Row]:
    """The rows kept (not deleted, not blank), by the order typed (then as listed)."""
    kept = [row for row in rows if not row.delete and not row.blank]
    for row in kept:
        if row.order and not _is_number(row.order):
            row.errors["order"] = "顺序应为数字，如 10、15、20"
    return sorted(kept, key=lambda row: float(row.order) if _is_number(row.order) else 0.0)


def _is_number(text: str) -> bool:
    return re.fullmatch(r"-?\d{1,6}(\.\d{1,3})?", text) is not None


def scheme_data(rows: list[Row], name: str) -> tuple[dict | None, list[str]]:
    """Scheme data from the kept rows in order, and the problems of the scheme as a whole (its
    name); data None when there is a problem (each row's on its row and field)."""
    kept = in_order(rows)
    modules: dict[str, dict] = {}
    places: list[tuple[Row, int, int]] = []  # row, module index, aspect index
    for row in kept:
        values = row.values
        for field_name in FIELDS:
            if not values[field_name] and field_name != "module_label":
                row.errors[field_name] = f"请填写{LABELS[field_name]}"
        if values["kind"] not in marking.KINDS:
            row.errors["kind"] = "请选择评分方式：" + "、".join(marking.KIND_NAMES.values())
        module = modules.get(values["module_key"])
        if module is None:
            if not values["module_label"]:
                row.errors["module_label"] = "请填写模块名称（同一模块的其他行可以不填）"
            module = modules[values["module_key"]] = {
                "key": values["module_key"],
                "label": values["module_label"],
                "aspects": [],
            }
        elif values["module_label"] and values["module_label"] != module["label"]:
            row.errors["module_label"] = (
                f"模块 {values['module_key']} 的名称前面写的是“{module['label']}”，同一模块应一致"
            )
        places.append((row, list(modules).index(values["module_key"]), len(module["aspects"])))
        module["aspects"].append({k: values[k] for k in ("key", "label", "max", "kind")})
    data = {"name": name, "modules": list(modules.values())}
    if not kept:
        return None, []
    try:
        marking.scheme_from_dict(data)
    except marking.SchemeError as exc:
        return None, _place(exc.errors, places)
    return (None if any(row.errors for row in kept) else data), []


_PATH = re.compile(r"modules\[(\d+)\](?:\.aspects\[(\d+)\])?(?:\.(\w+))?")


def _place(errors, places) -> list[str]:
    """Put each error on its row and field; returns those of no row (e.g. the scheme's name)."""
    unplaced = []
    for path, message in errors:
        found = _PATH.fullmatch(path)
        if found is None:
            unplaced.append(f"{'评分标准名称' if path == 'name' else path}：{message}")
            continue
        module, aspect, name = int(found[1]), found[2], found[3] or "key"
        for row, module_index, aspect_index in places:
            if module_index != module:
                continue
            if aspect is None:  # a module's code or name: on its first row
                row.errors.setdefault(f"module_{name}", message)
                break
            if aspect_index == int(aspect):
                row.errors.setdefault(name, message)
                break
    return unplaced
