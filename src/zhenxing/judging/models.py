"""Finals scoring: marking schemes, finalists by contest number, marks, theory scores, results.

Judges and clerks know a finalist only as a `Competitor` with a contest number; nothing here
that they can reach names the person (a Competitor's `str` is its number, never a name).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .layers import Layer

USER = settings.AUTH_USER_MODEL


class Final(models.Model):
    """The scoring state of one event's final; its row lock serialises every score write."""

    event = models.OneToOneField(
        "editions.Event", verbose_name="比赛项目", on_delete=models.CASCADE, related_name="final"
    )
    full_current_affairs = models.DecimalField(
        "时事政治满分", max_digits=6, decimal_places=2, null=True, blank=True, default=100
    )
    full_knowledge = models.DecimalField(
        "业务知识满分", max_digits=6, decimal_places=2, default=100
    )
    ends_at = models.DateTimeField("比赛结束时间", null=True, blank=True)
    judged_by = models.CharField(
        "裁判评分依据",
        max_length=10,
        choices=Layer.choices,
        default=Layer.NUMBER,
        help_text="现场评分按参赛号或工位号；赛后评判作品按评审号",
    )
    decrypted_at = models.DateTimeField("解密完成时间", null=True, blank=True)
    revision = models.PositiveIntegerField("评分版本", default=0)  # bumps with every score change
    problems = models.JSONField("待处理问题", default=list)  # what stops the lock, as of results
    # the revision results were made of
    results_revision = models.PositiveIntegerField("成绩所依据的评分版本", default=0)
    results_computed_at = models.DateTimeField("成绩计算时间", null=True, blank=True)
    # when a recompute job was queued and not yet started: later saves queue none (a burst of
    # marks runs a handful of recomputes); one older than the job lease is taken as lost
    recompute_queued_at = models.DateTimeField("成绩重算排队时间", null=True, blank=True)
    locked_at = models.DateTimeField("锁定时间", null=True, blank=True)
    locked_by = models.ForeignKey(
        USER,
        verbose_name="锁定人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    published_by = models.ForeignKey(
        USER,
        verbose_name="发布人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "决赛"
        verbose_name_plural = "决赛"

    def __str__(self) -> str:
        return f"{self.event} 决赛"

    @property
    def locked(self) -> bool:
        return self.locked_at is not None

    @property
    def results_current(self) -> bool:
        return self.results_revision == self.revision and self.results_computed_at is not None


class Scheme(models.Model):
    """One version of an event's marking scheme (plain data read by rules.marking)."""

    final = models.ForeignKey(
        Final, verbose_name="决赛", on_delete=models.CASCADE, related_name="schemes"
    )
    version = models.PositiveIntegerField("版本")
    data = models.JSONField("评分标准")
    fingerprint = models.CharField("版本指纹", max_length=64)
    created_by = models.ForeignKey(
        USER, verbose_name="制定人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("制定时间", default=timezone.now)

    class Meta:
        verbose_name = "评分标准"
        verbose_name_plural = "评分标准"
        ordering = ["final", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["final", "version"], name="scheme_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.final.event} 评分标准 第 {self.version} 版"


class Competitor(models.Model):
    """A finalist (an approved entry) known to judges and clerks only by its contest number."""

    final = models.ForeignKey(Final, on_delete=models.CASCADE, related_name="competitors")
    entry = models.OneToOneField(
        "registration.Entry", on_delete=models.PROTECT, related_name="competitor"
    )
    # team events: the team this competitor is (entry is then its first member, the team's lead)
    team = models.OneToOneField(
        "registration.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competitor",
    )
    number = models.CharField("参赛号", max_length=10)
    station = models.CharField("工位号", max_length=10, blank=True)
    review_number = models.CharField("评审号", max_length=10, blank=True)
    absent = models.BooleanField("缺考", default=False)

    class Meta:
        verbose_name = "决赛选手"
        verbose_name_plural = "决赛选手"
        ordering = ["final", "number"]
        constraints = [
            models.UniqueConstraint(fields=["final", "number"], name="competitor_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.final.get_judged_by_display()} {self.code}"

    @property
    def code(self) -> str:
        """The label judges and clerks know this competitor by (the layer the event judges by)."""
        return getattr(self, Layer(self.final.judged_by).field) or "（未分配）"

    @property
    def members(self) -> list:
        """The entries this competitor stands for: a team's members (lead first), or its entry.
        Pages that list many prefetch `team__members__person`."""
        if self.team_id is None:
            return [self.entry]
        return sorted(self.team.members.all(), key=lambda entry: entry.pk)

    @property
    def names(self) -> str:
        """Who this competitor is, for pages that show names: “队名（甲、乙）” for a team."""
        if self.team_id is None:
            return self.entry.person.name
        people = "、".join(entry.person.name for entry in self.members)
        return f"{self.team.name}（{people}）"


class Draw(models.Model):
    """A recorded draw of lots: replaying rules.draws.draw(items, seed) gives the same mapping."""

    final = models.ForeignKey(Final, on_delete=models.CASCADE, related_name="draws")
    layer = models.CharField("层", max_length=10, choices=Layer.choices)
    seed = models.CharField("种子", max_length=64)
    items = models.JSONField("抽签对象")  # the entry ids as text, in the order drawn over
    drawn_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "抽签记录"
        verbose_name_plural = "抽签记录"

    def __str__(self) -> str:
        return f"{self.final.event} {self.get_layer_display()}抽签"


class Mark(models.Model):
    """One judge's mark for one aspect of one competitor (`slot` "" for a measurement aspect).

    Entered on a judge's tablet it is confirmed at once; keyed from a paper sheet by a clerk it
    waits for a second, independent entry by another person.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "已确认"
        AWAITING_SECOND = "awaiting", "待二次录入"
        MISMATCH = "mismatch", "两次录入不一致"

    class Source(models.TextChoices):
        DIRECT = "direct", "裁判直接录入"
        PAPER = "paper", "纸质评分表录入"

    # no index of its own: the unique (competitor, aspect, slot) one serves every look-up by
    # competitor, and a tally reads a final's marks in its order (judging.tally._grouped)
    competitor = models.ForeignKey(
        Competitor, on_delete=models.CASCADE, related_name="marks", db_index=False
    )
    aspect_key = models.CharField("评分项", max_length=40)
    slot = models.CharField(max_length=20, blank=True)  # the judge's user id for judgement aspects
    judge = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="marks")
    value = models.JSONField("分数")
    source = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)
    second_value = models.JSONField("二次录入", null=True, blank=True)
    second_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    original_value = models.JSONField("锁定时的分数", null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "评分"
        verbose_name_plural = "评分"
        ordering = ["competitor", "aspect_key", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["competitor", "aspect_key", "slot"], name="mark_once_per_judge"
            )
        ]

    def __str__(self) -> str:
        return f"{self.competitor} {self.aspect_key}"


class Correction(models.Model):
    """A change of a mark after the lock: proposed by the chief judge, witnessed by a supervisor."""

    class Status(models.TextChoices):
        PENDING = "pending", "待监督确认"
        APPLIED = "applied", "已更正"
        REJECTED = "rejected", "监督未同意"

    mark = models.ForeignKey(Mark, on_delete=models.PROTECT, related_name="corrections")
    old_value = models.JSONField("原分数")
    new_value = models.JSONField("更正为")
    reason = models.TextField("更正理由")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    witnessed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    witnessed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "锁定后更正"
        verbose_name_plural = "锁定后更正"
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"{self.mark} 更正"


class TheoryScore(models.Model):
    competitor = models.OneToOneField(Competitor, on_delete=models.CASCADE, related_name="theory")
    current_affairs = models.DecimalField(
        "时事政治", max_digits=6, decimal_places=2, null=True, blank=True
    )
    knowledge = models.DecimalField(
        "业务知识", max_digits=6, decimal_places=2, null=True, blank=True
    )
    entered_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "理论成绩"
        verbose_name_plural = "理论成绩"

    def __str__(self) -> str:
        return f"{self.competitor} 理论成绩"


class Decryption(models.Model):
    """One step of decryption, after the lock, in reverse order of the layers: asked for by the
    encryption officer, done once a supervisor confirms."""

    final = models.ForeignKey(Final, on_delete=models.CASCADE, related_name="decryptions")
    layer = models.CharField("解密层", max_length=10)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "解密记录"
        verbose_name_plural = "解密记录"
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["final", "layer"], name="decryption_once_per_layer")
        ]

    def __str__(self) -> str:
        return f"{self.final.event} 解密{Layer(self.layer).label}"
