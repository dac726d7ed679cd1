"""The audit actions of registration, and of seeing personal numbers in full."""

from django.db import models

from zhenxing.orgs.audit import actions


@actions
class RegistrationAction(models.TextChoices):
    DELEGATION_CREATED = "registration.delegation.created", "新增代表队"
    DELEGATION_CHANGED = "registration.delegation.changed", "修改代表队"
    ENTRY_CREATED = "registration.entry.created", "新增报名"
    ENTRY_CHANGED = "registration.entry.changed", "修改报名"
    ENTRY_DELETED = "registration.entry.deleted", "删除报名"
    ENTRY_SUBMITTED = "registration.entry.submitted", "提交审核报名"
    ENTRY_APPROVED = "registration.entry.approved", "审核通过报名"
    ENTRY_RETURNED = "registration.entry.returned", "退回修改报名"
    TEAM_CREATED = "registration.team.created", "新建参赛队"
    TEAM_CHANGED = "registration.team.changed", "修改参赛队"
    TEAM_DISSOLVED = "registration.team.dissolved", "解散参赛队"
    PERSON_CHANGED = "registration.person.changed", "修改人员信息"
    DOCUMENT_UPLOADED = "registration.document.uploaded", "上传报名材料"
    DOCUMENT_DELETED = "registration.document.deleted", "删除报名材料"
    ARRANGEMENT_CHANGED = "registration.arrangement.changed", "修改比赛安排"
    IMPORT_WRITTEN = "registration.import.written", "批量导入"
    PERSON_VIEWED_FULL = "privacy.person.viewed_full", "查看完整号码"
    EXPORT_FULL = "privacy.export.full", "导出名单（含完整号码）"
    EXPORT_ERROR_REPORT = "privacy.export.error_report", "下载导入错误报告（含完整号码）"
