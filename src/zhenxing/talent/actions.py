"""The audit actions of the youth skills talent database (the helper building the app adds the
rest here)."""

from django.db import models

from zhenxing.orgs.audit import actions


@actions
class TalentAction(models.TextChoices):
    PERSON_VIEWED = "talent.person.viewed", "查看人才完整信息"
