"""Organizations, people's roles in an edition, the audit log and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class Organization(models.Model):
    """A body the notice addresses, a host unit, or one of the two organizers."""

    class Kind(models.TextChoices):
        YOUTH_LEAGUE = "youth_league", "共青团自治区委员会"
        HRSS = "hrss", "自治区人力资源和社会保障厅"
        LEAGUE_CITY = "league_city", "盟市团委"
        CITY = "city", "满洲里、二连浩特市团委"
        UNIVERSITY = "university", "高等院校团委"
        ENTERPRISE = "enterprise", "大厂矿企业团委"
        LEAGUE_BODY = "league_body", "自治区直属团工委"
        HR_BUREAU = "hr_bureau", "盟市人力资源和社会保障局"
        HOST_UNIT = "host_unit", "承办单位"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=200)
    body = models.CharField("组织全称", max_length=200, blank=True)
    code = models.CharField("代码", max_length=64, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=50, blank=True)
    contact_email = models.EmailField("电子邮箱", blank=True)
    contact_address = models.CharField("通讯地址", max_length=200, blank=True)
    contact_postcode = models.CharField("邮编", max_length=10, blank=True)
    is_demo = models.BooleanField(
        "演示数据", default=False, db_default=False
    )  # made by `zhenxing demo`
    version = models.PositiveIntegerField("版本", default=1, db_default=1)  # up with each change

    class Meta:
        verbose_name = "组织"
        verbose_name_plural = "组织"
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="organization_kind_name_unique")
        ]

    def __str__(self) -> str:
        return self.body or self.name

    @property
    def full_name(self) -> str:
        """The name that tells bodies apart: a city's league committee and its HR bureau share
        the city's name."""
        return self.body or f"{self.name}（{self.get_kind_display()}）"


class Role(models.TextChoices):
    COMMITTEE_OFFICE = "committee_office", "组委会办公室"
    HRSS_REVIEWER = "hrss_reviewer", "人社厅审核人"
    HOST_STAFF = "host_staff", "承办单位工作人员"
    REGISTRAR = "registrar", "代表队报名联络员"
    JUDGE = "judge", "裁判"
    CHIEF_JUDGE = "chief_judge", "裁判长"
    CLERK = "clerk", "录分员"
    SUPERVISOR = "supervisor", "监督"
    ENCRYPTION_OFFICER = "encryption_officer", "加密裁判"
    ARBITRATOR = "arbitrator", "监督仲裁组成员"


class Membership(models.Model):
    """A person's role in one edition, for one organization (and, for panels, one event)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    edition = models.ForeignKey(
        "editions.Edition",
        verbose_name="届次",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization, verbose_name="所属单位", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("角色", max_length=30, choices=Role.choices)
    event = models.ForeignKey(
        "editions.Event",
        verbose_name="比赛项目",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="裁判、裁判长、录分员、加密裁判所在的比赛项目",
    )
    created_at = models.DateTimeField("任命时间", default=timezone.now)

    class Meta:
        verbose_name = "角色任命"
        verbose_name_plural = "角色任命"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "edition", "organization", "role", "event"],
                name="membership_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


class AuditEntry(models.Model):
    """One change to competition data: who, when, from where, what, why. Never edited."""

    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作账号",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    actor_name = models.CharField("操作人", max_length=150, blank=True)
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    action = models.CharField("动作", max_length=100, db_index=True)
    edition = models.ForeignKey(
        "editions.Edition", verbose_name="届次", on_delete=models.SET_NULL, null=True, blank=True
    )
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_repr = models.CharField("对象", max_length=300, blank=True)
    changes = models.JSONField("变更（前/后）", default=dict, blank=True)
    reason = models.TextField("理由", blank=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once."""

    PREFIX = "zx_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField("用途", max_length=100)
    lookup = models.CharField("查找码", max_length=12, unique=True)
    digest = models.CharField("密钥摘要（SHA-256）", max_length=64)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    expires_at = models.DateTimeField("有效期至", null=True, blank=True)  # None: made before expiry

    DAYS = (30, 90, 180, 365)  # the lifetimes offered; 90 unless the user picks another

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.PREFIX}{self.lookup}…)"

    @staticmethod
    def hash(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @property
    def expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @classmethod
    def issue(cls, user, name: str, days: int = 90) -> tuple[ApiToken, str]:
        lookup = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        expires_at = timezone.now() + dt.timedelta(days=days)
        token = cls.objects.create(
            user=user, name=name, lookup=lookup, digest=cls.hash(secret), expires_at=expires_at
        )
        return token, f"{cls.PREFIX}{lookup}_{secret}"

    @classmethod
    def authenticate(cls, presented: str):
        """The user a presented token belongs to, or None (unknown, wrong, revoked or expired)."""
        if not presented.startswith(cls.PREFIX) or presented.count("_") < 2:
            return None
        lookup, _, secret = presented.removeprefix(cls.PREFIX).partition("_")
        token = cls.objects.filter(lookup=lookup, revoked_at__isnull=True).first()
        if token is None or not secrets.compare_digest(token.digest, cls.hash(secret)):
            return None
        if token.expired:
            return None
        cls.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return token.user if token.user.is_active else None


def person_label(user) -> str:
    """A user as pages and messages name them: the name with the user name (two judges may
    share a name, and the demo's do), or the user name alone."""
    if user is None or not getattr(user, "username", ""):
        return ""
    name = user.get_full_name()
    return f"{name}（{user.username}）" if name else user.username


class WorkerBeat(models.Model):
    """A background worker's heartbeat (`zhenxing.orgs.jobs`): a worker whose beat is older than
    the job lease has died, and the jobs it was running are taken up again."""

    worker_id = models.CharField("后台进程", max_length=64, primary_key=True)
    host = models.CharField("主机", max_length=100, blank=True)
    pid = models.PositiveIntegerField("进程号", default=0)
    started_at = models.DateTimeField("启动时间", default=timezone.now)
    beat_at = models.DateTimeField("最近心跳", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "后台进程心跳"
        verbose_name_plural = "后台进程心跳"

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"
