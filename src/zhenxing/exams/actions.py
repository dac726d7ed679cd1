"""The audit actions of the theory exam."""

from django.db import models

from zhenxing.orgs.audit import actions


@actions
class ExamAction(models.TextChoices):
    BANK_IMPORTED = "exam.bank.imported", "导入试题"
    QUESTION_SAVED = "exam.question.saved", "修改试题（新版本）"
    QUESTION_RETIRED = "exam.question.retired", "停用试题"
    BLUEPRINT_SAVED = "exam.blueprint.saved", "保存组卷细目表"
    PAPERS_DRAWN = "exam.papers.drawn", "抽取试卷"
    DRAW_CONFIRMED = "exam.draw.confirmed", "监督确认抽卷"
    SITTING_SAVED = "exam.sitting.saved", "安排考试场次"
    SITTING_RESCHEDULED = "exam.sitting.rescheduled", "调整考试时间"
    CODES_ISSUED = "exam.codes.issued", "生成登录码"
    TIME_EXTENDED = "exam.time.extended", "为考生延长考试时间"
    ANSWERS_HANDED_OVER = "exam.answers.handed_over", "换设备：原设备交回未送出的答案"
    ATTEMPT_SUBMITTED = "exam.attempt.submitted", "考生交卷"
    SHORT_MARKED = "exam.short.marked", "评阅简答题"
    SCORES_WRITTEN = "exam.scores.written", "考试成绩写入理论成绩"
