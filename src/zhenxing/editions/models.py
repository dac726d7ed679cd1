"""An edition of the contest, its occupations and events, stored from its rulebook."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from zhenxing.rules.rulebook import Rulebook, parse

_PARSED: dict[str, Rulebook] = {}  # by SHA-256 of the text: one entry per rulebook version


class Edition(models.Model):
    code = models.CharField("代码", max_length=50, unique=True)
    name = models.CharField("名称", max_length=200)
    level = models.CharField("级别", max_length=20)
    theme = models.CharField("主题", max_length=200, blank=True)
    notice_number = models.CharField("文号", max_length=100, blank=True)
    organizers = models.JSONField("主办单位", default=list)
    period_start = models.DateField("比赛开始")
    period_end = models.DateField("比赛结束")
    finals_deadline = models.DateField("决赛完成期限", null=True, blank=True)
    materials_deadline = models.DateField("材料报送截止", null=True, blank=True)
    registration_deadline = models.DateField("报名截止", null=True, blank=True)
    office = models.JSONField("组委会办公室", default=dict)
    committee = models.JSONField("组委会成员", default=list)
    rulebook_text = models.TextField("规则文件")
    rulebook_sha256 = models.CharField("规则文件摘要（SHA-256）", max_length=64)
    loaded_at = models.DateTimeField("载入时间", default=timezone.now)

    class Meta:
        verbose_name = "届次"
        verbose_name_plural = "届次"
        ordering = ["-period_start"]

    def __str__(self) -> str:
        return self.name

    def rulebook(self) -> Rulebook:
        """The parsed rulebook, shared by every copy of this edition with the same text."""
        found = _PARSED.get(self.rulebook_sha256)
        if found is None:
            found = _PARSED[self.rulebook_sha256] = parse(self.rulebook_text, self.code)
        return found


class Occupation(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", "国家级竞赛职业"
        REGIONAL = "regional", "自治区级竞赛职业"

    class Certificate(models.TextChoices):
        QUALIFICATION = "qualification", "国家职业资格证书"
        SPECIAL_ABILITY = "special_ability", "专项职业能力证书"
        NONE = "none", "不颁发证书"

    edition = models.ForeignKey(
        Edition, verbose_name="届次", on_delete=models.CASCADE, related_name="occupations"
    )
    name = models.CharField("职业（工种）", max_length=100)
    level = models.CharField("级别", max_length=20, choices=Level.choices)
    certificate = models.CharField("证书", max_length=20, choices=Certificate.choices)
    certificate_confirmed = models.BooleanField("证书类别已确认", default=False)
    position = models.PositiveIntegerField("排列顺序", default=0)

    class Meta:
        verbose_name = "职业（工种）"
        verbose_name_plural = "职业（工种）"
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="occupation_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    class Group(models.TextChoices):
        WORKER = "worker", "职工组"
        STUDENT = "student", "学生组"

    edition = models.ForeignKey(
        Edition, verbose_name="届次", on_delete=models.CASCADE, related_name="events"
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name="职业（工种）", on_delete=models.PROTECT, related_name="events"
    )
    group = models.CharField("组别", max_length=10, choices=Group.choices)
    host_unit = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name="承办单位",
    )
    position = models.PositiveIntegerField("排列顺序", default=0)
    # 1: individual; 2 or 3: a pairs or three-person event, entered and judged as teams
    team_size = models.PositiveSmallIntegerField("每队人数", default=1, db_default=1)

    class Meta:
        verbose_name = "比赛项目"
        verbose_name_plural = "比赛项目"
        ordering = ["edition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "occupation", "group"], name="event_unique")
        ]

    def __str__(self) -> str:
        return f"{self.occupation.name}（{self.get_group_display()}）"

    @property
    def is_team_event(self) -> bool:
        return self.team_size > 1

    @property
    def finalist_unit(self) -> str:
        """How messages count this event's finalists: “8 支参赛队” or “8 名选手”."""
        return "支参赛队" if self.is_team_event else "名选手"
