"""Stored results, the re-check before publication, and appeals.

Everything here is about an event's `judging.Final`: results are made of its marks and theory
scores (by the rules core), re-checked, published and appealed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class Result(models.Model):
    """A competitor's stored result, recomputed (`recompute`) whenever the final's scores change."""

    competitor = models.OneToOneField(
        "judging.Competitor", on_delete=models.CASCADE, related_name="result"
    )
    practical = models.CharField("实际操作（精确值）", max_length=80, blank=True)
    practical_shown = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    total_exact = models.CharField("总分（精确值）", max_length=80, blank=True)
    published_total = models.DecimalField("总分", max_digits=7, decimal_places=2, null=True)
    rank = models.PositiveIntegerField("名次", null=True)
    reasons = models.JSONField(default=list)

    class Meta:
        verbose_name = "成绩"
        verbose_name_plural = "成绩"
        # the unranked (absent, incomplete) after the ranked, on every database
        ordering = [models.F("rank").asc(nulls_last=True), "competitor__number"]

    def __str__(self) -> str:
        return f"{self.competitor} 成绩"


class Recheck(models.Model):
    """The supervisor's re-check list (复核): the top results and a seeded random sample."""

    final = models.OneToOneField("judging.Final", on_delete=models.CASCADE, related_name="recheck")
    seed = models.CharField("种子", max_length=64)
    ranked = models.JSONField("名次表")  # competitor ids in rank order, as drawn over
    all_required = models.BooleanField("须全部复核", default=False)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "复核"
        verbose_name_plural = "复核"

    def __str__(self) -> str:
        return f"{self.final.event} 复核"


class RecheckItem(models.Model):
    class Kind(models.TextChoices):
        TOP = "top", "前列名次"
        SAMPLE = "sample", "随机抽查"
        ALL = "all", "全部复核"

    class Outcome(models.TextChoices):
        PENDING = "pending", "待复核"
        CORRECT = "correct", "无误"
        ERROR = "error", "有误"

    recheck = models.ForeignKey(Recheck, on_delete=models.CASCADE, related_name="items")
    competitor = models.ForeignKey("judging.Competitor", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    note = models.TextField("复核说明", blank=True)
    checked_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "复核项"
        verbose_name_plural = "复核项"
        ordering = ["recheck", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["recheck", "competitor"], name="recheck_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.competitor} 复核"


class Appeal(models.Model):
    """A written appeal handed to the supervision and arbitration group, and its decision."""

    class Decision(models.TextChoices):
        OPEN = "open", "待裁决"
        UPHELD = "upheld", "申诉成立"
        DISMISSED = "dismissed", "申诉不成立"
        LATE = "late", "逾期，不予受理"

    final = models.ForeignKey("judging.Final", on_delete=models.CASCADE, related_name="appeals")
    appellant = models.CharField("申诉人", max_length=100)
    lodged_at = models.DateTimeField("递交时间")
    content = models.TextField("申诉内容")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.OPEN)
    decision_text = models.TextField("裁决意见", blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "申诉"
        verbose_name_plural = "申诉"
        ordering = ["lodged_at"]

    def __str__(self) -> str:
        return f"{self.final.event} 申诉 {self.pk}"


class AppealCorrection(models.Model):
    """A correction after the lock that carries out an upheld appeal (the appeal stays open
    until the correction is witnessed)."""

    appeal = models.ForeignKey(
        Appeal, verbose_name="申诉", on_delete=models.PROTECT, related_name="correction_links"
    )
    correction = models.OneToOneField(
        "judging.Correction",
        verbose_name="更正",
        on_delete=models.CASCADE,
        related_name="appeal_link",
    )

    class Meta:
        verbose_name = "依申诉的更正"
        verbose_name_plural = "依申诉的更正"

    def __str__(self) -> str:
        return f"{self.appeal} → {self.correction}"
