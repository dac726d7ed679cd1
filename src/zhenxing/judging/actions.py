"""The audit actions of the finals (scores, panel, anonymity)."""

from django.db import models

from zhenxing.orgs.audit import actions


@actions
class JudgingAction(models.TextChoices):
    SCHEME_CREATED = "judging.scheme.created", "新增评分方案"
    SCHEME_CHANGED = "judging.scheme.changed", "修改评分方案"
    PANEL_ADDED = "judging.panel.added", "加入评分人员"
    PANEL_REMOVED = "judging.panel.removed", "移出评分人员"
    NUMBERS_DRAWN = "judging.numbers.drawn", "抽签"
    STATIONS_DRAWN = "judging.station.drawn", "检录抽工位号"
    REVIEW_NUMBERS_DRAWN = "judging.review.drawn", "抽取评审号"
    FINAL_CHANGED = "judging.final.changed", "修改决赛"
    MARK_CREATED = "judging.mark.created", "新增评分"
    MARK_CHANGED = "judging.mark.changed", "修改评分"
    MARK_SECOND_ENTRY = "judging.mark.second_entry", "评分第二次录入"
    MARK_RESOLVED = "judging.mark.resolved", "裁定评分"
    ABSENT = "judging.competitor.absent", "登记缺考"
    THEORY_SAVED = "judging.theory.saved", "保存理论成绩"
    LOCKED = "judging.final.locked", "锁定决赛"
    CORRECTION_PROPOSED = "judging.correction.proposed", "提出成绩更正"
    CORRECTION_APPLIED = "judging.correction.applied", "执行成绩更正"
    CORRECTION_REJECTED = "judging.correction.rejected", "驳回成绩更正"
    DECRYPTION_REQUESTED = "judging.decryption.requested", "申请解密"
    DECRYPTION_CONFIRMED = "judging.decryption.confirmed", "确认解密"


DRAWN = {
    "number": JudgingAction.NUMBERS_DRAWN,
    "station": JudgingAction.STATIONS_DRAWN,
    "review": JudgingAction.REVIEW_NUMBERS_DRAWN,
}
