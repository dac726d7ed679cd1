"""The audit actions of loading an edition's rulebook."""

from django.db import models

from zhenxing.orgs.audit import actions


@actions
class EditionAction(models.TextChoices):
    CREATED = "edition.created", "新增届次"
    CHANGED = "edition.changed", "修改届次"
    OCCUPATION_CREATED = "edition.occupation.created", "新增职业"
    OCCUPATION_CHANGED = "edition.occupation.changed", "修改职业"
    OCCUPATION_DELETED = "edition.occupation.deleted", "删除职业"
    EVENT_CREATED = "edition.event.created", "新增比赛项目"
    EVENT_CHANGED = "edition.event.changed", "修改比赛项目"
    EVENT_DELETED = "edition.event.deleted", "删除比赛项目"
    HOST_UNIT_CREATED = "edition.host_unit.created", "新增承办单位"
