"""The youth skills talent database (§六.3).

Its people are registration.Person (one person across editions, by document type and number);
this app keeps what the database adds to them: who added a person by hand or by import
(`Keeping`), the follow-up each keeping organization records (`FollowUp`: career stages,
services, activities, recommendations), the purpose and consent of keeping their data
(`Consent`), and the erasure of their personal data on request (`Erasure`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class Keeping(models.Model):
    """An organization has a person in the database without an entry or a nomination: added by
    hand, by import, or from the winners of one of its preliminaries."""

    class Source(models.TextChoices):
        HAND = "hand", "手工添加"
        IMPORT = "import", "表格导入"
        PRELIMINARY = "preliminary", "初赛获奖选手"

    person = models.ForeignKey(
        "registration.Person",
        verbose_name="人员",
        on_delete=models.PROTECT,
        related_name="talent_keepings",
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    preliminary = models.ForeignKey(
        "orgaward.Preliminary",
        verbose_name="初赛",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    occupation = models.CharField("职业（工种）", max_length=100, blank=True)
    region = models.CharField("所在盟市", max_length=50, blank=True)
    workplace = models.CharField("工作单位/学校", max_length=200, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField("添加时间", default=timezone.now)

    class Meta:
        verbose_name = "人才库添加记录"
        verbose_name_plural = "人才库添加记录"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "organization"], name="keeping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.organization}"


class FollowUp(models.Model):
    """One dated follow-up record of a person by one of their organizations (§六.3)."""

    class Kind(models.TextChoices):
        STAGE = "stage", "职业发展阶段"
        SERVICE = "service", "跟踪服务"
        ACTIVITY = "activity", "参加活动"
        RECOMMENDATION = "recommendation", "推荐"

    person = models.ForeignKey(
        "registration.Person",
        verbose_name="人员",
        on_delete=models.CASCADE,
        related_name="talent_follow_ups",
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="记录单位", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    # the stage, service, activity or recommendation (codes in follow_up.VALUES)
    value = models.CharField("内容", max_length=30)
    name = models.CharField(
        "名称", max_length=200, blank=True
    )  # an activity's, what is recommended
    happened_on = models.DateField("日期")
    note = models.TextField("说明", max_length=2000, blank=True)  # a recommendation's reasons
    recorded_by = models.ForeignKey(
        USER, verbose_name="记录人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "跟踪服务记录"
        verbose_name_plural = "跟踪服务记录"
        ordering = ["happened_on", "id"]
        indexes = [models.Index(fields=["person", "kind", "happened_on"])]

    def __str__(self) -> str:
        return f"{self.person.name} {self.get_kind_display()} {self.happened_on}"


class Consent(models.Model):
    """Why the person's data is kept and how they agreed (个人信息保护法 第十四条、第十七条)."""

    class Means(models.TextChoices):
        WRITTEN = "written", "书面签字"
        ELECTRONIC = "electronic", "电子确认（网页、短信、邮件）"
        ORAL = "oral", "口头同意（已记录）"

    person = models.ForeignKey(
        "registration.Person",
        verbose_name="人员",
        on_delete=models.CASCADE,
        related_name="talent_consents",
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="记录单位", on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.TextField("处理目的", max_length=1000)
    given_on = models.DateField("同意日期")
    means = models.CharField("同意方式", max_length=20, choices=Means.choices)
    recorded_by = models.ForeignKey(
        USER, verbose_name="记录人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "个人信息处理同意"
        verbose_name_plural = "个人信息处理同意"
        ordering = ["given_on", "id"]

    def __str__(self) -> str:
        return f"{self.person.name} 同意 {self.given_on}"


class Erasure(models.Model):
    """The person's personal data was erased on their request: what stays is listed in
    docs/talent.md."""

    person = models.OneToOneField(
        "registration.Person",
        verbose_name="人员",
        on_delete=models.PROTECT,
        related_name="talent_erasure",
    )
    reason = models.TextField("删除依据", max_length=1000)
    erased_by = models.ForeignKey(
        USER, verbose_name="操作人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    erased_at = models.DateTimeField("删除时间", default=timezone.now)

    class Meta:
        verbose_name = "个人信息删除"
        verbose_name_plural = "个人信息删除"

    def __str__(self) -> str:
        return f"{self.person.name} 个人信息已删除"
