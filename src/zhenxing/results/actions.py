"""The audit actions of results: re-check, publication, appeals. Their codes keep the names
they were first logged under (when this was part of the finals), so the log reads as one."""

from django.db import models

from zhenxing.orgs.audit import actions


@actions
class ResultsAction(models.TextChoices):
    RECHECK_STARTED = "judging.recheck.started", "开始复核"
    RECHECK_RECORDED = "judging.recheck.recorded", "记录复核"
    PUBLISHED = "judging.results.published", "发布成绩"
    APPEAL_LODGED = "judging.appeal.lodged", "受理申诉"
    APPEAL_DECIDED = "judging.appeal.decided", "裁决申诉"
    APPEAL_LATE = "results.appeal.late", "逾期申诉不予受理"
    END_RECORDED = "results.final.end_recorded", "登记比赛结束时间"
