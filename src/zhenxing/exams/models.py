"""The theory exam (rules.md §4; issue 19): question banks with versioned questions, blueprints,
drawn papers (sealed until the exam opens), sittings at the venue, contestants' attempts and
answers, and the blind marking of short answers.

A paper holds question *versions*: editing a question that a paper used makes a new version, so
an old paper keeps the text its contestants saw. Contestants are not users: they sign in to one
attempt with their contest number and a one-time code printed on the check-in sheet.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class Part(models.TextChoices):
    CURRENT_AFFAIRS = "current_affairs", "时事政治"
    KNOWLEDGE = "knowledge", "业务知识"


class Kind(models.TextChoices):
    SINGLE = "single", "单选题"
    MULTIPLE = "multiple", "多选题"
    JUDGE = "judge", "判断题"
    FILL = "fill", "填空题"
    SHORT = "short", "简答题"


class Bank(models.Model):
    """An event's occupation bank (业务知识), or the edition's 时事政治 bank (no event)."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="+")
    event = models.ForeignKey(
        "editions.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    part = models.CharField("部分", max_length=20, choices=Part.choices)

    class Meta:
        verbose_name = "题库"
        verbose_name_plural = "题库"
        constraints = [
            models.UniqueConstraint(fields=["edition", "event"], name="exam_bank_per_event"),
            models.UniqueConstraint(
                fields=["edition"],
                condition=models.Q(event__isnull=True),
                name="exam_one_affairs_bank",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} 业务知识题库" if self.event_id else "时事政治题库"


class Question(models.Model):
    bank = models.ForeignKey(Bank, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveIntegerField("题号")
    current = models.ForeignKey(
        "QuestionVersion", on_delete=models.PROTECT, null=True, related_name="+"
    )
    retired = models.BooleanField("已停用", default=False)

    class Meta:
        verbose_name = "试题"
        verbose_name_plural = "试题"
        ordering = ["bank", "number"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "number"], name="exam_question_number")
        ]

    def __str__(self) -> str:
        return f"第 {self.number} 题"


class QuestionVersion(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField("版本", default=1)
    kind = models.CharField("题型", max_length=10, choices=Kind.choices)
    stem = models.TextField("题干", max_length=2000)
    options = models.JSONField("选项", default=list)  # texts of A, B, C… in order
    key = models.CharField("答案", max_length=500, blank=True)  # normalised (exam_grading)
    explanation = models.TextField("解析", max_length=2000, blank=True)
    difficulty = models.PositiveSmallIntegerField("难度", default=3)  # 1 (easiest) … 5
    area = models.CharField("鉴定范围", max_length=50, blank=True)
    point_code = models.CharField("鉴定点代码", max_length=50, blank=True)
    point_name = models.CharField("鉴定点名称", max_length=200, blank=True)
    importance = models.CharField("重要程度", max_length=1, blank=True)  # X, Y or Z
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    image = models.CharField("图片文件", max_length=100, blank=True)  # under MEDIA_ROOT/exams/
    option_images = models.JSONField("选项图片", default=list, blank=True)  # per option, "" = none
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "试题版本"
        verbose_name_plural = "试题版本"
        ordering = ["question", "version"]
        constraints = [
            models.UniqueConstraint(fields=["question", "version"], name="exam_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question} 第 {self.version} 版"

    @property
    def letters(self) -> str:
        return "ABCDE"[: len(self.options)]

    def option_image(self, index: int) -> str:
        """The stored picture of option `index` (0 = A), or ""."""
        return self.option_images[index] if index < len(self.option_images) else ""

    @property
    def pictures(self) -> list[tuple[str, str]]:
        """(where, storage name) of every picture: 题干, then 选项A… in order."""
        found = [("题干", self.image)] if self.image else []
        return found + [(f"选项{letter}", self.option_image(i)) for i, letter in
                        enumerate(self.letters) if self.option_image(i)]  # fmt: skip


class Blueprint(models.Model):
    """鉴定要素细目表: rows of (scope, kind, difficulty, count, points per question)."""

    event = models.ForeignKey("editions.Event", on_delete=models.CASCADE, related_name="+")
    part = models.CharField("部分", max_length=20, choices=Part.choices)
    name = models.CharField("名称", max_length=100)
    full_marks = models.DecimalField("试卷满分", max_digits=6, decimal_places=2, default=100)
    rows = models.JSONField("细目", default=list)  # [{scope, kind, difficulty, count, points}]
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "组卷细目表"
        verbose_name_plural = "组卷细目表"
        ordering = ["event", "part", "pk"]

    def __str__(self) -> str:
        return self.name


class PaperDraw(models.Model):
    """One draw of papers: the seed and the exact inputs, so anyone can re-draw the same papers."""

    blueprint = models.ForeignKey(Blueprint, on_delete=models.PROTECT, related_name="draws")
    seed = models.CharField("种子", max_length=64)
    sets = models.PositiveSmallIntegerField("套数", default=2)
    max_overlap = models.DecimalField("最大重复率", max_digits=4, decimal_places=2, default=0.5)
    inputs = models.JSONField("抽卷依据")  # {"rows": [...], "bank": [...]} as draw_papers saw them
    drawn_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "抽卷"
        verbose_name_plural = "抽卷"
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return f"{self.blueprint} 抽卷（种子 {self.seed}）"


class Paper(models.Model):
    draw = models.ForeignKey(PaperDraw, on_delete=models.CASCADE, related_name="papers")
    index = models.PositiveSmallIntegerField("套序")  # 0 = the official paper
    label = models.CharField("名称", max_length=20)

    class Meta:
        verbose_name = "试卷"
        verbose_name_plural = "试卷"
        ordering = ["draw", "index"]

    def __str__(self) -> str:
        return f"{self.draw.blueprint} {self.label}"

    @property
    def official(self) -> bool:
        return self.index == 0


class PaperItem(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField("题序")
    version = models.ForeignKey(QuestionVersion, on_delete=models.PROTECT, related_name="uses")
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["paper", "position"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "position"], name="exam_item_position")
        ]

    def __str__(self) -> str:
        return f"第 {self.position + 1} 题"


class Sitting(models.Model):
    """One exam session of a final's theory part, sat on one paper."""

    final = models.ForeignKey("judging.Final", on_delete=models.CASCADE, related_name="+")
    part = models.CharField("部分", max_length=20, choices=Part.choices)
    paper = models.ForeignKey(
        Paper, verbose_name="试卷", on_delete=models.PROTECT, related_name="sittings"
    )
    starts_at = models.DateTimeField("开考时间")
    minutes = models.PositiveSmallIntegerField("考试时长（分钟）", default=90)
    grace_seconds = models.PositiveSmallIntegerField("交卷宽限（秒）", default=30)
    short_gap = models.DecimalField("简答题评分差距上限", max_digits=5, decimal_places=2, default=2)
    seed = models.CharField("乱序种子", max_length=64)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    written_at = models.DateTimeField("写入理论成绩时间", null=True, blank=True)

    class Meta:
        verbose_name = "考试场次"
        verbose_name_plural = "考试场次"
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.final.event} {self.get_part_display()} 理论考试"


class Attempt(models.Model):
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="attempts")
    competitor = models.ForeignKey("judging.Competitor", on_delete=models.CASCADE, related_name="+")
    code = models.CharField("登录码", max_length=12, unique=True)
    code_used_at = models.DateTimeField(null=True, blank=True)
    token = models.UUIDField(null=True, blank=True)  # the signed-in browser's, in its session
    # a device change (the invigilator's new code): the old browser's token, and when it was
    # replaced — that browser may hand over its unsent answers once (sittings.hand_over, which
    # then clears replaced_at; the old browser is still told why it is out)
    previous_token = models.UUIDField(null=True, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)
    second_device_at = models.DateTimeField("另一台设备尝试登录", null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    extra_minutes = models.PositiveSmallIntegerField("延长时间（分钟）", default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField("到时自动交卷", default=False)
    question_order = models.JSONField(default=list)  # PaperItem ids in the order shown
    option_orders = models.JSONField(default=dict)  # PaperItem id → original option indexes
    score = models.DecimalField("得分", max_digits=7, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = "考生作答"
        verbose_name_plural = "考生作答"
        ordering = ["sitting", "competitor__number"]
        constraints = [
            models.UniqueConstraint(fields=["sitting", "competitor"], name="exam_one_attempt")
        ]

    def __str__(self) -> str:
        return f"参赛号 {self.competitor.number}"


class Answer(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(PaperItem, on_delete=models.PROTECT, related_name="+")
    value = models.TextField("作答", max_length=2000, blank=True)
    rev = models.PositiveIntegerField(default=0)  # the browser's counter: a late resend never wins
    saved_at = models.DateTimeField(default=timezone.now)
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "item"], name="exam_one_answer")]

    def __str__(self) -> str:
        return f"答卷 {self.pk}"


class ShortMark(models.Model):
    """One grader's mark of a short answer (round 1, 2, or 3 when the first two disagree)."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="marks")
    grader = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField("评阅轮次")
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answer", "round"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "round"], name="exam_mark_round"),
            models.UniqueConstraint(fields=["answer", "grader"], name="exam_mark_grader"),
        ]

    def __str__(self) -> str:
        return f"答卷 {self.answer_id} 第 {self.round} 评"
