"""Awards of an event's final results: titles and certificates proposed by the rules core and
approved by the body the rulebook names; the national-finals picks; certificate documents,
their layouts and the batches that print them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class Award(models.Model):
    """One title or certificate for one ranked competitor: proposed, then approved or rejected
    by its approver. A change of results withdraws it (and revokes an approved one's document)
    and proposes it again."""

    class Kind(models.TextChoices):
        TITLE = "title", "称号"
        CERTIFICATE = "certificate", "证书"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "待核准"
        APPROVED = "approved", "已核准"
        REJECTED = "rejected", "未核准"
        NOT_DUE = "not_due", "不授予"
        REVIEW = "review", "待人工复核"
        REVIEWED = "reviewed", "已复核，不颁发"
        WITHDRAWN = "withdrawn", "已撤回"

    final = models.ForeignKey(
        "judging.Final", verbose_name="决赛", on_delete=models.CASCADE, related_name="awards"
    )
    competitor = models.ForeignKey(
        "judging.Competitor",
        verbose_name="选手",
        on_delete=models.CASCADE,
        related_name="awards",
    )
    # whose award it is: the competitor's entry, or in a team event each member's own entry
    # (every member of a team with a title gets it, with a certificate of their own)
    entry = models.ForeignKey(
        "registration.Entry", verbose_name="获奖人", on_delete=models.PROTECT, related_name="awards"
    )
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("等级", null=True, blank=True)
    promoted = models.BooleanField("晋升", default=False)
    approver = models.CharField("核准单位", max_length=10)
    clause = models.CharField("依据条款", max_length=50)
    reasons = models.JSONField("理由", default=list)
    rank = models.PositiveIntegerField("名次")
    total = models.DecimalField("总分", max_digits=7, decimal_places=2, null=True)
    award_date = models.DateField("颁奖日")
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    proposed_at = models.DateTimeField("提出时间", default=timezone.now)
    decided_by = models.ForeignKey(
        USER,
        verbose_name="核准人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("核准时间", null=True, blank=True)
    note = models.TextField("意见", blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_reason = models.CharField("撤回原因", max_length=300, blank=True)
    serial = models.CharField("证书编号", max_length=20, unique=True, null=True, blank=True)
    document = models.FileField("证书文件", upload_to="private/certificates/", blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    class Meta:
        verbose_name = "奖项"
        verbose_name_plural = "奖项"
        ordering = ["final", "rank", "competitor__number", "entry_id", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.competitor} {self.name}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.WITHDRAWN


class FinalsList(models.Model):
    """A national-level event's picks for the national finals, and how many go."""

    final = models.OneToOneField(
        "judging.Final", verbose_name="决赛", on_delete=models.CASCADE, related_name="finals_list"
    )
    per_event = models.PositiveSmallIntegerField("入选人数")
    reserves = models.PositiveSmallIntegerField("替补人数")
    notes = models.JSONField("提示", default=list)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        USER,
        verbose_name="确认人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "全国决赛推荐名单"
        verbose_name_plural = "全国决赛推荐名单"

    def __str__(self) -> str:
        return f"{self.final.event} 全国决赛推荐名单"


class FinalsPick(models.Model):
    class Role(models.TextChoices):
        SELECTED = "selected", "入选"
        RESERVE = "reserve", "替补"

    finals_list = models.ForeignKey(FinalsList, on_delete=models.CASCADE, related_name="picks")
    competitor = models.ForeignKey(
        "judging.Competitor", verbose_name="选手", on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField("类别", max_length=10, choices=Role.choices)
    position = models.PositiveSmallIntegerField("顺序")

    class Meta:
        verbose_name = "推荐人选"
        verbose_name_plural = "推荐人选"
        ordering = ["finals_list", "position"]

    def __str__(self) -> str:
        return f"{self.competitor} {self.get_role_display()}"


def _background_path(instance, filename: str) -> str:
    return f"private/layouts/{instance.edition_id}-{instance.kind}-{timezone.now():%Y%m%d%H%M%S}"


class CertificateLayout(models.Model):
    """Where each named field of a certificate goes (millimetres on A4 landscape) and its
    background image. Only positions, sizes and choices are stored: never template code."""

    class Kind(models.TextChoices):
        TITLE = "title", "荣誉称号证书"
        QUALIFICATION = "qualification", "职业资格证书"
        SPECIAL_ABILITY = "special_ability", "专项职业能力证书"

    edition = models.ForeignKey(
        "editions.Edition", verbose_name="届次", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("证书类别", max_length=20, choices=Kind.choices)
    fields = models.JSONField("字段位置", default=dict)
    background = models.FileField("背景图", upload_to=_background_path, blank=True)
    background_type = models.CharField(max_length=20, blank=True)
    updated_by = models.ForeignKey(
        USER, verbose_name="修改人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", default=timezone.now)

    class Meta:
        verbose_name = "证书版式"
        verbose_name_plural = "证书版式"
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="layout_once_per_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class CertificateBatch(models.Model):
    """Certificates of an event, a delegation or the whole edition as one ZIP, made in the
    background."""

    class Scope(models.TextChoices):
        EDITION = "edition", "全部"
        EVENT = "event", "比赛项目"
        DELEGATION = "delegation", "代表队"

    class State(models.TextChoices):
        WAITING = "waiting", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    edition = models.ForeignKey(
        "editions.Edition", verbose_name="届次", on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField("范围", max_length=20, choices=Scope.choices)
    event = models.ForeignKey(
        "editions.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    archive = models.FileField(upload_to="private/batches/", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    touched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "证书批量下载"
        verbose_name_plural = "证书批量下载"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_scope_display()}证书（{self.get_state_display()}）"
