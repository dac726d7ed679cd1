"""The online challenge and "绝活" showcase (附件3, rules.md §6): nominations of young workers'
signature skills with their works, the office's review, picks for publicity, challenges that
answer a picked 绝活, and the public's likes.

A nomination names one person (registration.Person: the same person across editions and in the
talent database). A challenge is a nomination that answers another (`answers`). Files are stored
under random names; the public is served them only while the nomination is approved and not hidden.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class Nomination(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交，待审核"
        RETURNED = "returned", "已退回"
        APPROVED = "approved", "已通过"

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="推荐单位", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "registration.Person",
        verbose_name="青年",
        on_delete=models.PROTECT,
        related_name="showcase_nominations",
    )
    answers = models.ForeignKey(
        "self",
        verbose_name="挑战的“绝活”",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenges",
    )
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField("“绝活”名称", max_length=100)
    occupation = models.CharField("职业（工种）", max_length=100)
    workplace = models.CharField("工作单位", max_length=200)
    region = models.CharField("所在盟市", max_length=50)
    description = models.TextField("“绝活”介绍", max_length=2000)
    consent_given = models.BooleanField("本人同意公开展示", default=False)
    consent_note = models.CharField("同意方式", max_length=200, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    # rules.showcase.check_nominee as of the last save: {"eligible", "reasons", "flags"}
    verdict = models.JSONField("资格判定", default=dict, blank=True)
    returned_reason = models.CharField("退回原因", max_length=500, blank=True)
    late = models.BooleanField("活动时间之外提交", default=False)
    featured = models.BooleanField("推荐全区宣传（选树）", default=False)
    featured_at = models.DateTimeField(null=True, blank=True)
    hidden = models.BooleanField("已下架", default=False)
    hidden_reason = models.CharField("下架原因", max_length=500, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    likes = models.PositiveIntegerField("点赞数", default=0)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1, db_default=1)

    class Meta:
        verbose_name = "“绝活”推荐"
        verbose_name_plural = "“绝活”推荐"
        ordering = ["-featured", "-approved_at", "id"]
        indexes = [models.Index(fields=["edition", "status", "hidden"])]

    def __str__(self) -> str:
        return f"{self.person.name}：{self.title}"

    @property
    def editable(self) -> bool:
        """Its organization may change it: a draft, or returned to be fixed."""
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def cover(self) -> tuple[Work, str] | None:
        """What a gallery card shows: the first video's poster or the first picture (a link has
        no picture); (work, "poster" or "file")."""
        for work in self.works.all():
            if work.kind == Work.Kind.VIDEO and work.poster:
                return work, "poster"
            if work.kind in (Work.Kind.IMAGE, Work.Kind.ANIMATION):
                return work, "file"
        return None

    @property
    def public(self) -> bool:
        """Shown in the gallery (and its files served): approved and not hidden."""
        return self.status == self.Status.APPROVED and not self.hidden


def _work_path(instance, filename: str) -> str:
    # A random name: the uploaded file name never reaches the file system.
    return f"private/showcase/{instance.nomination.organization_id}/{uuid.uuid4().hex}"


class Work(models.Model):
    """One work of a nomination: an uploaded video, image or animation, or a link to an H5 page
    or to the same work on WeChat, Kuaishou or Douyin."""

    class Kind(models.TextChoices):
        VIDEO = "video", "短视频／微视频"
        IMAGE = "image", "图片"
        ANIMATION = "animation", "动漫（GIF 动图）"
        LINK = "link", "链接（H5 页面或新媒体平台）"

    class Platform(models.TextChoices):
        H5 = "h5", "H5 页面"
        WECHAT = "wechat", "微信"
        KUAISHOU = "kuaishou", "快手"
        DOUYIN = "douyin", "抖音"

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="works")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    caption = models.CharField("说明", max_length=200, blank=True)
    file = models.FileField(upload_to=_work_path, blank=True)
    poster = models.FileField(upload_to=_work_path, blank=True)  # a video's first frame (JPEG)
    original_name = models.CharField("文件名", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    duration_seconds = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    url = models.URLField("链接", max_length=500, blank=True)
    platform = models.CharField("平台", max_length=20, choices=Platform.choices, blank=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "作品"
        verbose_name_plural = "作品"
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.caption or self.original_name or self.url


class Like(models.Model):
    """One browser's like of a nomination: the browser's random cookie and the address, each
    kept only as a keyed hash. A like never decides a pick."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="+")
    browser = models.CharField(max_length=64)
    address = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "browser"], name="like_once_per_browser")
        ]
        indexes = [models.Index(fields=["address", "created_at"])]

    def __str__(self) -> str:
        return f"点赞 #{self.pk}"
