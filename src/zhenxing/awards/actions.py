"""The audit actions of awards."""

from django.db import models

from zhenxing.orgs.audit import actions


@actions
class AwardsAction(models.TextChoices):
    PROPOSED = "awards.award.proposed", "提出拟授奖项"
    APPROVED = "awards.award.approved", "核准奖项"
    REJECTED = "awards.award.rejected", "不予核准奖项"
    REVIEWED = "awards.award.reviewed", "人工复核奖项"
    WITHDRAWN = "awards.award.withdrawn", "撤回奖项"
    CERTIFICATE_KIND_CHANGED = "awards.certificate_kind.changed", "修改职业的证书类别"
    FINALS_CHANGED = "awards.finals.changed", "修改全国决赛推荐人数"
    FINALS_CONFIRMED = "awards.finals.confirmed", "确认全国决赛推荐名单"
    FINALS_EXPORTED = "awards.finals.exported", "导出全国决赛推荐名单（含完整号码）"
    LAYOUT_CHANGED = "awards.layout.changed", "修改证书版式"
    CERTIFICATE_DOWNLOADED = "awards.certificate.downloaded", "下载证书"
    BATCH_STARTED = "awards.batch.started", "批量生成证书"
