"""The audit log: every create, change and delete of competition data goes through `record`,
named by a registered action and done by an `Actor`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .models import AuditEntry, person_label


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


@dataclass(frozen=True)
class Actor:
    """Who does something, and from where: what every service takes instead of a request.
    `user` None is the platform itself (a command at the server, a background job)."""

    user: Any = None
    ip: str | None = None

    @classmethod
    def of(cls, request) -> Actor:
        return cls(request.user, client_ip(request))

    @property
    def name(self) -> str:
        user = self.user
        return user.get_username() if user is not None and user.is_authenticated else "系统"


SYSTEM = Actor()


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    actor: Actor,
    edition=None,
    changes: dict | None = None,
    reason: str = "",
) -> AuditEntry:
    """Write one audit entry; `action` is one of the registered actions (`actions`)."""
    user = actor.user if actor.user is not None and actor.user.is_authenticated else None
    return AuditEntry.objects.create(
        actor=user,
        actor_name=actor.name,
        ip_address=actor.ip,
        action=str(action),
        edition=edition,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        reason=reason,
    )


# ---- the actions, each with its Chinese name. Every app names its own in an `actions.py`
# (a TextChoices registered here), so the audit page never shows a raw code.
LABELS: dict[str, str] = {}
ADMIN_VERBS = {"created": "新增", "changed": "修改", "deleted": "删除"}


def actions(choices):
    """Register an app's actions (a TextChoices class of code → Chinese name); returns it."""
    LABELS.update({str(value): str(label) for value, label in choices.choices})
    return choices


def admin_action(model: models.Model, verb: str) -> str:
    """The action of a change made in the Django admin: admin.<app>.<model>.<verb>."""
    return f"admin.{model._meta.label_lower}.{verb}"


def label(action: str) -> str:
    """An action code in Chinese ("registration.entry.approved" → "审核通过报名"); a code
    without a name stays as it is."""
    if action in LABELS:
        return LABELS[action]
    parts = action.split(".")
    if len(parts) == 4 and parts[0] == "admin" and parts[3] in ADMIN_VERBS:
        model = _model(f"{parts[1]}.{parts[2]}")
        if model is not None:
            return f"{ADMIN_VERBS[parts[3]]}{model._meta.verbose_name}"
    return action


# ---- an entry's changes as a reader of the audit log wants them: field names and choice
# values in Chinese, long lists cut short. What is stored stays as it was recorded.
_CHANGE_NAMES = {
    "kind": "类别",
    "happened_on": "日期",
    "given_on": "同意日期",
    "means": "同意方式",
    "source": "来源",
    "unchanged_rows": "已在库中的行",
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
        if name == "judge_slot":  # recorded as the judge's user id
            before, after = _judge_named(before), _judge_named(after)
        shown.append((label, _value_shown(field, before), _value_shown(field, after)))
    return shown


def _judge_named(slot):
    if not (isinstance(slot, str) and slot.isdigit()):
        return slot
    user = get_user_model().objects.filter(pk=int(slot)).first()
    return person_label(user) if user is not None else f"用户 {slot}"


def _model(label: str):
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def _field(model, name: str):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.concrete else None  # a reverse relation ("entries") has no label


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
        items = "、".join("—" if item is None else str(item) for item in value[:_LIST_SHOWN])
        more = f"…（共 {len(value)} 项）" if len(value) > _LIST_SHOWN else ""
        return (items + more) or "（无）"
    return str(value)
