"""People, delegations, entries, each event's arrangements and the entries' documents."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from .regions import PROVINCES


class Person(models.Model):
    """One person across editions — the seed of the youth skills talent database.

    Recognised by the resident ID number, or, without a mainland ID, by a document number that
    the committee office has verified.
    """

    class Document(models.TextChoices):
        RESIDENT_ID = "resident_id", "居民身份证"
        HK_MACAO = "hk_macao", "港澳居民来往内地通行证"
        TAIWAN = "taiwan", "台湾居民来往大陆通行证"
        PASSPORT = "passport", "护照"

    class Gender(models.TextChoices):
        MALE = "男", "男"
        FEMALE = "女", "女"

    name = models.CharField("姓名", max_length=50)
    gender = models.CharField("性别", max_length=2, choices=Gender.choices, blank=True)
    birth_date = models.DateField("出生日期")
    document_type = models.CharField(
        "证件类型", max_length=20, choices=Document.choices, default=Document.RESIDENT_ID
    )
    document_number = models.CharField("证件号码", max_length=40)
    document_verified = models.BooleanField("证件已人工核验", default=False, db_default=False)
    phone = models.CharField("手机号码", max_length=20, blank=True)
    # the organization that wrote the phone: only it (and edition-wide roles) see it in full
    phone_owner = models.ForeignKey(
        "orgs.Organization",
        verbose_name="手机号码填写单位",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        constraints = [
            models.UniqueConstraint(
                fields=["document_type", "document_number"], name="person_document_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Delegation(models.Model):
    """An organization's team in one edition (代表队)."""

    edition = models.ForeignKey(
        "editions.Edition", on_delete=models.CASCADE, related_name="delegations"
    )
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="delegations"
    )
    leader_name = models.CharField("领队", max_length=50, blank=True)
    leader_phone = models.CharField("领队电话", max_length=20, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField("版本", default=1, db_default=1)  # up with each change

    class Meta:
        verbose_name = "代表队"
        verbose_name_plural = "代表队"
        constraints = [
            models.UniqueConstraint(fields=["edition", "organization"], name="delegation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organization.name}代表队"


class Team(models.Model):
    """Two or three entries of one delegation in a team event (双人/三人赛项): one contest number,
    one set of marks and one rank for them all; each member is still checked on their own."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="teams")
    event = models.ForeignKey("editions.Event", on_delete=models.PROTECT, related_name="teams")
    name = models.CharField("队名", max_length=50)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField("版本", default=1, db_default=1)  # up with each change

    class Meta:
        verbose_name = "参赛队"
        verbose_name_plural = "参赛队"
        ordering = ["event__position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "event", "name"], name="team_name_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.delegation.organization.name} {self.name}"


class Entry(models.Model):
    """A person entered in an event of an edition by a delegation."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已提交待审核"
        RETURNED = "returned", "已退回待修改"
        APPROVED = "approved", "已通过"

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="entries")
    # no index of its own: the (event, person) constraint's index serves look-ups by event
    event = models.ForeignKey(
        "editions.Event", on_delete=models.PROTECT, related_name="entries", db_index=False
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="entries")
    # a member of this team (team events only); the team's entries share its fate in the final
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    # the database defaults (db_default) are the model's: a bulk import leaves the columns a row
    # does not set to the database (importing._insert_entries)
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.DRAFT, db_default="draft"
    )
    employer = models.CharField("所在单位/学校", max_length=200, blank=True)
    full_time_student = models.BooleanField("全日制在籍学生", default=False)
    student_entrepreneur = models.BooleanField("在校创业学生", default=False)
    non_public_economy = models.BooleanField("非公经济组织", default=False)
    honors = models.JSONField("荣誉", default=list, blank=True, db_default=[])
    placings = models.JSONField("2020年名次", default=list, blank=True, db_default=[])
    qualifications = models.JSONField("职业资格", default=list, blank=True, db_default=[])
    # asked where the edition's rulebook limits them (students registered by a date, schools of a
    # province, rights to a title earned in named years)
    school_enrolled_on = models.DateField("学籍注册日期", null=True, blank=True)
    school_province = models.CharField(
        "院校所在省份", max_length=2, blank=True, default="", db_default=""
    )
    title_rights = models.JSONField("已取得的称号申报资格", default=list, blank=True, db_default=[])
    eligible = models.BooleanField("符合参赛资格", default=False)
    verdict = models.JSONField("资格判定", default=dict, blank=True)
    return_reason = models.TextField("退回理由", blank=True, db_default="")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField("版本", default=1, db_default=1)  # up with each change

    class Meta:
        verbose_name = "报名"
        verbose_name_plural = "报名"
        ordering = ["event__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"], name="entry_person_once_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.person.name} · {self.event}"

    @property
    def school_province_name(self) -> str:
        return PROVINCES.get(self.school_province, self.school_province)


class Arrangement(models.Model):
    """What the host unit (with the committee) sets for its event (§七.2)."""

    event = models.OneToOneField(
        "editions.Event", on_delete=models.CASCADE, related_name="arrangement"
    )
    starts_on = models.DateField("比赛开始日期", null=True, blank=True)
    ends_on = models.DateField("比赛结束日期", null=True, blank=True)
    venue = models.CharField("比赛地点", max_length=200, blank=True)
    check_in = models.TextField("报到须知", blank=True)
    required_documents = models.JSONField("报名需提交的材料", default=list, blank=True)
    version = models.PositiveIntegerField("版本", default=1, db_default=1)  # up with each change

    class Meta:
        verbose_name = "比赛安排"
        verbose_name_plural = "比赛安排"

    def __str__(self) -> str:
        return f"{self.event} 比赛安排"


def _document_path(instance, filename: str) -> str:
    # A random name: the uploaded file name never reaches the file system.
    return f"private/entries/{instance.entry_id}/{uuid.uuid4().hex}"


class EntryDocument(models.Model):
    """A file a registrar uploads for an entry; private, served only as a download."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("材料类别", max_length=50)
    file = models.FileField(upload_to=_document_path)
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "报名材料"
        verbose_name_plural = "报名材料"
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.kind}：{self.original_name}"


class ImportJob(models.Model):
    """One upload of the registration template: checked, previewed, then written (or not)."""

    class State(models.TextChoices):
        CHECKING = "checking", "检查中"
        CHECKED = "checked", "已检查，待确认"
        WRITING = "writing", "写入中"
        DONE = "done", "已导入"
        FAILED = "failed", "文件无法使用"

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="imports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    file_name = models.CharField(max_length=200)
    file_sha256 = models.CharField(max_length=64)
    state = models.CharField(max_length=10, choices=State.choices, default=State.CHECKING)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    touched_at = models.DateTimeField(default=timezone.now)  # last change of state or progress

    class Meta:
        verbose_name = "批量导入"
        verbose_name_plural = "批量导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_state_display()}）"

    @classmethod
    def start(cls, delegation, user, file_name: str, data: bytes) -> ImportJob:
        job = cls.objects.create(
            delegation=delegation,
            user=user,
            file_name=file_name[:200],
            file_sha256=hashlib.sha256(data).hexdigest(),
        )
        ImportFile.objects.create(job=job, data=data)
        return job


class ImportFile(models.Model):
    """An import's uploaded file and the rows checked from it, kept apart from the job: the job's
    row is rewritten at each progress step, and SQLite rewrites a row whole, file included."""

    job = models.OneToOneField(
        ImportJob, on_delete=models.CASCADE, primary_key=True, related_name="upload"
    )
    data = models.BinaryField()
    # the checked rows (importing.stored_plan), so confirming does not parse and check the file
    # again: JSON, encoded and decoded by orjson (a 100,000-row file's are 13 MB, which the JSON
    # field's encoder took 0.25 s to write and its decoder 0.13 s to read)
    checked_rows = models.BinaryField(default=b"", blank=True)

    class Meta:
        verbose_name = "导入文件"
        verbose_name_plural = "导入文件"

    def __str__(self) -> str:
        return str(self.job)
