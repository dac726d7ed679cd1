"""The audit actions of the excellent organization award."""

from django.db import models

from zhenxing.orgs.audit import actions


@actions
class OrgAwardAction(models.TextChoices):
    RECORD_CREATED = "orgaward.record.created", "新增优秀组织奖记录"
    RECORD_CHANGED = "orgaward.record.changed", "修改优秀组织奖记录"
    RECORD_DELETED = "orgaward.record.deleted", "删除优秀组织奖记录"
    EVIDENCE_UPLOADED = "orgaward.evidence.uploaded", "上传优秀组织奖佐证材料"
    EVIDENCE_DELETED = "orgaward.evidence.deleted", "删除优秀组织奖佐证材料"
    FORM_SUBMITTED = "orgaward.form.submitted", "提交优秀组织奖自评表"
    FORM_RETURNED = "orgaward.form.returned", "退回优秀组织奖自评表"
    FORM_ASSESSED = "orgaward.form.assessed", "考核优秀组织奖自评表"
    AWARD_NAMED = "orgaward.award.named", "确定优秀组织奖获奖单位"
    MATERIAL_UPLOADED = "orgaward.material.uploaded", "报送材料"
    MATERIAL_DELETED = "orgaward.material.deleted", "删除报送的材料"
