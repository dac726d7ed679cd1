"""The audit log: every create, change and delete of competition data goes through `record`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .models import AuditEntry


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, Decimal)):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict:
    """The object's field values as JSON-safe data, for before/after comparison."""
    names = fields or [f.name for f in obj._meta.concrete_fields if f.name != "id"]
    return {name: _plain(getattr(obj, name)) for name in names}


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for every field whose value changed."""
    keys = list(dict.fromkeys([*before, *after]))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is trusted solely behind a configured proxy (docs/operations.md).
    return request.META.get("REMOTE_ADDR") if request is not None else None


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    request=None,
    actor=None,
    edition=None,
    changes: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """Write one audit entry; `action` is a dotted code such as `edition.event.changed`."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor else "系统",
        ip_address=client_ip(request),
        action=action,
        edition=edition,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        reason=reason,
    )


# ---- Chinese names of the action codes, for the pages that list audit entries
_SPECIAL = {
    "privacy.export.full": "导出名单（含完整号码）",
    "privacy.export.error_report": "下载导入错误报告（含完整号码）",
    "privacy.person.viewed_full": "查看完整号码",
    "registration.import.written": "批量导入",
    "judging.numbers.drawn": "抽签",
    "judging.mark.second_entry": "评分第二次录入",
    "judging.competitor.absent": "登记缺考",
}
_OBJECTS = {
    "entry": "报名",
    "delegation": "代表队",
    "person": "人员信息",
    "document": "报名材料",
    "arrangement": "比赛安排",
    "appeal": "申诉",
    "correction": "成绩更正",
    "decryption": "解密",
    "final": "决赛",
    "mark": "评分",
    "panel": "评分人员",
    "recheck": "复核",
    "results": "成绩",
    "scheme": "评分方案",
    "theory": "理论成绩",
    "contact": "联系人",
    "event": "比赛项目",
    "occupation": "职业",
    "edition": "届次",
    "org": "组织",
    "organization": "组织",
    "membership": "角色任命",
    "apitoken": "API 令牌",
    "user": "用户",
}
_VERBS = {
    "created": "新增",
    "changed": "修改",
    "deleted": "删除",
    "submitted": "提交审核",
    "approved": "审核通过",
    "returned": "退回修改",
    "uploaded": "上传",
    "decided": "裁决",
    "lodged": "受理",
    "applied": "执行",
    "proposed": "提出",
    "rejected": "驳回",
    "confirmed": "确认",
    "requested": "申请",
    "locked": "锁定",
    "resolved": "裁定",
    "added": "加入",
    "removed": "移出",
    "recorded": "记录",
    "started": "开始",
    "published": "发布",
    "saved": "保存",
}


def label(action: str) -> str:
    """An action code in Chinese ("registration.entry.approved" → "审核通过报名"); a code
    without a name stays as it is."""
    if action in _SPECIAL:
        return _SPECIAL[action]
    parts = action.split(".")
    if len(parts) >= 2 and parts[-1] in _VERBS and parts[-2] in _OBJECTS:
        return _VERBS[parts[-1]] + _OBJECTS[parts[-2]]
    return action


# ---- an entry's changes as a reader of the audit log wants them: field names and choice
# values in Chinese, long lists cut short. What is stored stays as it was recorded.
_CHANGE_NAMES = {
    "file": "文件",
    "created_rows": "新增的行",
    "changed_rows": "修改的行",
    "deleted": "删除",
    "export": "导出",
    "user": "用户",
    "role": "角色",
    "entry": "报名编号",
    "event": "比赛项目",
    "person": "人员",
    "delegation": "代表队",
    "where": "查看位置",
    "value": "分数",
    "second_value": "二次录入",
    "judge_slot": "评分裁判",
    "decision": "裁决",
    "outcome": "结果",
    "current_affairs": "时事政治",
    "knowledge": "业务知识",
    "seed": "种子",
    "sample": "抽样",
    "top": "前几名",
    "finalists": "决赛选手",
    "drawn": "抽签",
    "absent": "缺考",
    "name": "名称",
}
_LIST_SHOWN = 20  # items of a list shown; an import's rows can number 100,000


def changes_shown(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(what changed, before, after) for each recorded change, in Chinese where a name is known."""
    model = _model(entry.object_type)
    shown = []
    for name, pair in (entry.changes or {}).items():
        before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        field = _field(model, name)
        named = field is not None and field.verbose_name != name.replace("_", " ")
        label = str(field.verbose_name) if named else _CHANGE_NAMES.get(name, name)
        shown.append((label, _value_shown(field, before), _value_shown(field, after)))
    return shown


def _model(label: str):
    from django.apps import apps

    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _value_shown(field, value) -> str:
    if value is None or value == "":
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict) and "eligible" in value:  # an entry's verdict
        reasons = "；".join(str(r.get("message", "")) for r in value.get("reasons") or [])
        return "符合资格" if value["eligible"] else f"不符合资格：{reasons}"
    if isinstance(value, list):
        items = "、".join(str(item) for item in value[:_LIST_SHOWN])
        more = f"…（共 {len(value)} 项）" if len(value) > _LIST_SHOWN else ""
        return (items + more) or "（无）"
    return str(value)
