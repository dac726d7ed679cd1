"""The excellent organization award (优秀组织奖, rules.md §7–8, 附件4): the records each
organization keeps with their evidence, and its self-evaluation form as submitted.

One model per kind of record (their fields differ); each belongs to one organization in one
edition. Evidence files hang on any record by (kind, record id) and are private: served only as
downloads to the organization and the committee office.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class Record(models.Model):
    """What every record shares: whose it is, who wrote it, when."""

    edition = models.ForeignKey(
        "editions.Edition", verbose_name="届次", on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        USER, verbose_name="填写人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("填写时间", default=timezone.now)
    updated_at = models.DateTimeField("修改时间", default=timezone.now)
    version = models.PositiveIntegerField("版本", default=1, db_default=1)  # up with each change

    class Meta:
        abstract = True


class Committee(Record):
    """The organizing committee it set up and the notice it issued (组织机构、工作部署)."""

    class Issuer(models.TextChoices):
        JOINT = "joint", "联合人社部门下发"
        LEAGUE_ALONE = "league_alone", "共青团独立下发"

    established_on = models.DateField("组委会成立日期", null=True, blank=True)
    members = models.TextField("组委会组成（机构和成员）", max_length=2000)
    notice_title = models.CharField("竞赛通知标题", max_length=200, blank=True)
    notice_number = models.CharField("通知文号", max_length=100, blank=True)
    notice_issued_on = models.DateField("通知下发日期", null=True, blank=True)
    notice_issuer = models.CharField(
        "通知下发方式", max_length=20, choices=Issuer.choices, blank=True
    )

    class Meta:
        verbose_name = "组委会与竞赛通知"
        verbose_name_plural = "组委会与竞赛通知"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"组委会：{self.notice_title or self.members[:30]}"


class Meeting(Record):
    held_on = models.DateField("会议日期")
    topic = models.CharField("会议议题", max_length=200)
    minutes = models.TextField("会议纪要", max_length=5000, blank=True)

    class Meta:
        verbose_name = "工作会议"
        verbose_name_plural = "工作会议"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class Preliminary(Record):
    """A preliminary it held; it names the regional event its best contestants go on to."""

    class Level(models.TextChoices):
        LEAGUE = "league", "盟市级"
        COUNTY = "county", "旗县（市、区）级"
        ENTERPRISE = "enterprise", "企业级"
        SCHOOL = "school", "院校级"
        INDUSTRY = "industry", "行业级"

    occupation = models.CharField("职业（工种）", max_length=100)
    level = models.CharField("初赛级别", max_length=20, choices=Level.choices)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    venue = models.CharField("比赛地点", max_length=200)
    participants = models.PositiveIntegerField("参赛人数")
    final_event = models.ForeignKey(
        "editions.Event",
        verbose_name="优胜选手参加的决赛项目",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    winners = models.TextField("获奖选手（每行一名：名次 姓名 单位）", max_length=5000, blank=True)
    finalists = models.ManyToManyField(
        "registration.Entry",
        verbose_name="由本初赛进入决赛的选手（本单位的报名）",
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = "初赛"
        verbose_name_plural = "初赛"
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.occupation}初赛（{self.starts_on:%Y-%m-%d}）"

    def winner_rows(self) -> list[tuple[str, str]]:
        """(rank, the rest) of each line of winners, as the form checked them."""
        rows = []
        for line in self.winners.splitlines():
            parts = line.split(maxsplit=1)
            if parts:
                rows.append((parts[0], parts[1] if len(parts) > 1 else ""))
        return rows


class Incentive(Record):
    class Kind(models.TextChoices):
        SKILL_EXPERT = "league_skill_expert_title", "授予盟市级技术能手称号"
        YOUTH_POST = "league_youth_post_title", "授予盟市级青年岗位能手称号"
        PROMOTION = "promotion_policy", "职级晋升政策"
        OTHER = "other_rewards", "物质奖励等其他激励措施"

    kind = models.CharField("激励措施", max_length=40, choices=Kind.choices)
    description = models.TextField("具体内容（文件名称、文号、受益人数等）", max_length=2000)
    decided_on = models.DateField("文件日期", null=True, blank=True)

    class Meta:
        verbose_name = "激励措施"
        verbose_name_plural = "激励措施"
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Coverage(Record):
    """Youth covered by all its skills contests in one year (this year and last year)."""

    year = models.PositiveSmallIntegerField("年份")
    youth_covered = models.PositiveIntegerField("覆盖青年人数")
    contests = models.PositiveIntegerField("各级青年技能竞赛场次", null=True, blank=True)
    note = models.TextField("统计说明", max_length=2000, blank=True)

    class Meta:
        verbose_name = "竞赛覆盖青年人数"
        verbose_name_plural = "竞赛覆盖青年人数"
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "organization", "year"], name="orgaward_coverage_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} 年覆盖 {self.youth_covered} 人"


class SharingEvent(Record):
    held_on = models.DateField("活动日期")
    title = models.CharField("活动名称", max_length=200)
    venue = models.CharField("地点", max_length=200, blank=True)
    participants = models.PositiveIntegerField("参加人数", null=True, blank=True)
    description = models.TextField("活动内容", max_length=2000, blank=True)

    class Meta:
        verbose_name = "技能人才典型分享交流活动"
        verbose_name_plural = "技能人才典型分享交流活动"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class MediaReport(Record):
    class Level(models.TextChoices):
        CENTRAL = "central", "中央媒体（含新媒体）"
        PROVINCIAL = "provincial", "省级媒体"
        LEAGUE = "league", "盟市级媒体"

    level = models.CharField("媒体级别", max_length=20, choices=Level.choices)
    outlet = models.CharField("媒体名称", max_length=100)
    published_on = models.DateField("报道日期")
    title = models.CharField("报道标题", max_length=200)
    link = models.URLField("链接", max_length=500, blank=True)

    class Meta:
        verbose_name = "媒体报道"
        verbose_name_plural = "媒体报道"
        ordering = ["published_on", "id"]

    def __str__(self) -> str:
        return f"{self.outlet}：{self.title}"


class TrainingClass(Record):
    title = models.CharField("培训班名称", max_length=200)
    starts_on = models.DateField("开班日期")
    trainees = models.PositiveIntegerField("培训人数")
    days = models.DecimalField("培训天数", max_digits=5, decimal_places=1)
    with_hrss = models.BooleanField("联合同级人社部门举办", default=False)

    class Meta:
        verbose_name = "示范培训班"
        verbose_name_plural = "示范培训班"
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return f"{self.title}（{self.trainees} 人、{self.days} 天）"


class TieredTraining(Record):
    """Training held by lower-level Youth League bodies, and how many young workers it reached."""

    body = models.CharField("举办的团组织", max_length=200)
    reach = models.PositiveIntegerField("覆盖青年技能人才人数")
    description = models.TextField("培训情况", max_length=2000, blank=True)

    class Meta:
        verbose_name = "分层级培训"
        verbose_name_plural = "分层级培训"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.body}：{self.reach} 人"


class SafetyPlan(Record):
    """Its safety and health emergency plan and the person responsible (§六.4)."""

    title = models.CharField("应急预案名称", max_length=200)
    adopted_on = models.DateField("制定日期", null=True, blank=True)
    agency = models.CharField("专门机构", max_length=200)
    responsible = models.CharField("责任人", max_length=50)
    responsible_phone = models.CharField("责任人电话", max_length=50)
    measures = models.TextField("消防、人身、公共卫生等安全措施", max_length=5000, blank=True)

    class Meta:
        verbose_name = "安全卫生应急预案"
        verbose_name_plural = "安全卫生应急预案"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.title}（责任人 {self.responsible}）"


def _evidence_path(instance, filename: str) -> str:
    # A random name: the uploaded file name never reaches the file system.
    return f"private/orgaward/{instance.organization_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file proving a record (a scan of the notice, minutes, a screenshot of a report)."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("记录类别", max_length=20)
    record_id = models.PositiveIntegerField("记录编号")
    file = models.FileField(upload_to=_evidence_path)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["kind", "record_id"], name="orgaward_evidence_record")]

    def __str__(self) -> str:
        return self.original_name


class SelfEvaluation(models.Model):
    """An organization's self-evaluation form (附件4) once submitted: the rows as they were
    filled then. Submitted, it is read-only (and so are the records it counts) until the
    committee office returns it with a reason."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "已提交"
        RETURNED = "returned", "已退回"
        ASSESSED = "assessed", "已考核"

    LOCKED = (Status.SUBMITTED, Status.ASSESSED)  # records read-only, form kept as submitted

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices)
    rows = models.JSONField("各行（提交时）", default=list)
    inputs = models.JSONField("自评表填报项（提交时）", default=dict)  # rules.orgaward.OrgForm
    total = models.DecimalField("自评总分", max_digits=6, decimal_places=2, default=0)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, verbose_name="提交人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    returned_by = models.ForeignKey(
        USER, verbose_name="退回人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    return_reason = models.CharField("退回原因", max_length=300, blank=True)
    assessed = models.JSONField("考核各行", default=dict)  # key → {score, note, reasons}
    assessed_total = models.DecimalField(
        "考核总分", max_digits=6, decimal_places=2, null=True, blank=True
    )
    vetoes = models.JSONField("一票否决项", default=list)
    veto_grounds = models.TextField("一票否决依据", max_length=2000, blank=True)
    assessed_at = models.DateTimeField("考核时间", null=True, blank=True)
    assessed_by = models.ForeignKey(
        USER, verbose_name="考核人", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    awarded = models.BooleanField("授予优秀组织奖", default=False)

    class Meta:
        verbose_name = "优秀组织奖自评表"
        verbose_name_plural = "优秀组织奖自评表"
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "organization"], name="orgaward_one_form_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} 优秀组织奖自评表"

    @property
    def is_locked(self) -> bool:
        return self.status in self.LOCKED


def _material_path(instance, filename: str) -> str:
    return f"private/materials/{instance.organization_id}/{uuid.uuid4().hex}"


class Material(models.Model):
    """A file an organization sends for one item of the rulebook's materials checklist (§七.1:
    简报, 新闻通稿, 图片, 视频…), by the materials deadline."""

    edition = models.ForeignKey("editions.Edition", on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", verbose_name="单位", on_delete=models.PROTECT, related_name="+"
    )
    item = models.CharField("材料项目", max_length=100)
    file = models.FileField(upload_to=_material_path)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    late = models.BooleanField("逾期报送", default=False)
    uploaded_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "报送材料"
        verbose_name_plural = "报送材料"
        ordering = ["item", "uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.item}：{self.original_name}"
