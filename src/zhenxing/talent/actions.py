"""The audit actions of the youth skills talent database."""

from django.db import models

from zhenxing.orgs.audit import actions


@actions
class TalentAction(models.TextChoices):
    PERSON_VIEWED = "talent.person.viewed", "查看人才完整信息"
    PERSON_ADDED = "talent.person.added", "添加人才库人员"
    PEOPLE_IMPORTED = "talent.people.imported", "导入人才库人员"
    FOLLOW_UP_ADDED = "talent.follow_up.added", "新增跟踪服务记录"
    FOLLOW_UP_DELETED = "talent.follow_up.deleted", "删除跟踪服务记录"
    CONSENT_RECORDED = "talent.consent.recorded", "记录个人信息处理同意"
    EXPORTED_FULL = "talent.export.full", "导出人才名单（完整号码）"
    PERSONAL_COPY = "talent.person.copy", "导出个人信息副本"
    PERSON_ERASED = "talent.person.erased", "删除个人信息（本人要求）"
