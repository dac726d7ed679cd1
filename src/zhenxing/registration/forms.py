from __future__ import annotations

import datetime as dt

from django import forms

from zhenxing.editions.models import Edition
from zhenxing.formats.entry_template import MAX_RANK, MAX_TEAM_SIZE
from zhenxing.orgs.fields import NameField, PhoneField, TextField

from .models import Arrangement, Delegation, Person
from .regions import PROVINCES
from .services import RETURN_REASON_MAX, EntryData

YES_NO = [("", "否"), ("1", "是")]
DOCUMENT_KINDS = ["身份证扫描件", "职业资格证书", "在职证明", "在读证明", "学生证", "其他"]


class EntryForm(forms.Form):
    """One entry, with the honours, the placings of the edition's year and held qualification in
    plain fields; the school's enrolment date, its province and rights to a title earned earlier
    are asked where the edition's rulebook limits them."""

    name = NameField(label="姓名", max_length=50)
    gender = forms.ChoiceField(
        label="性别", choices=[("", "—"), ("男", "男"), ("女", "女")], required=False
    )
    document_type = forms.ChoiceField(
        label="证件类型", choices=Person.Document.choices, initial=Person.Document.RESIDENT_ID
    )
    id_number = TextField(label="证件号码", max_length=40)
    birth_date = forms.DateField(
        label="出生日期", required=False, help_text="居民身份证可不填，按证件号码计算"
    )
    phone = PhoneField(
        label="手机号码", max_length=20, required=False, help_text="留空则保留已登记的号码"
    )
    event = forms.ChoiceField(label="比赛项目")
    employer = TextField(label="所在单位/学校", max_length=200, required=False)
    full_time_student = forms.BooleanField(label="全日制在籍学生", required=False)
    student_entrepreneur = forms.BooleanField(label="在校创业学生", required=False)
    non_public_economy = forms.BooleanField(label="非公经济组织青年", required=False)
    honor_zhonghua = forms.BooleanField(label="已获“中华技能大奖”", required=False)
    honor_national = forms.BooleanField(label="已获“全国技术能手”", required=False)
    placing_class = forms.ChoiceField(
        label="国家级竞赛名次",
        choices=[("", "无"), ("1", "一类大赛"), ("2", "二类竞赛")],
        required=False,
    )
    placing_team_size = forms.IntegerField(
        label="赛项人数", min_value=1, max_value=MAX_TEAM_SIZE, required=False
    )
    placing_rank = forms.IntegerField(label="名次", min_value=1, max_value=MAX_RANK, required=False)
    qualification_level = forms.ChoiceField(
        label="已取得本职业国家职业资格",
        choices=[
            ("", "无"),
            ("1", "一级/高级技师"),
            ("2", "二级/技师"),
            ("3", "三级/高级工"),
            ("4", "四级/中级工"),
            ("5", "五级/初级工"),
        ],
        required=False,
    )
    qualification_issued_on = forms.DateField(label="证书颁发日期", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)  # as the page shows it

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        events = edition.events.select_related("occupation")
        self.fields["event"].choices = [("", "请选择")] + [(str(e.pk), str(e)) for e in events]
        self._events = {str(e.pk): e for e in events}
        self._rules = edition.rulebook().eligibility
        self.fields["placing_class"].label = f"{self._rules.placing_year}年国家级竞赛"
        self._add_school_fields()

    def _add_school_fields(self) -> None:
        """Only the questions the edition's rulebook asks (2020's asks none of them)."""
        rules = self._rules
        if rules.student_enrolled_by:
            self.fields["school_enrolled_on"] = forms.DateField(
                label="学籍注册日期",
                required=False,
                help_text=f"学生填写；限{rules.student_enrolled_by:%Y年%-m月%-d日}以前（含当日）正式注册",
            )
        if rules.school_provinces:
            self.fields["school_province"] = forms.ChoiceField(
                label="院校所在省份",
                choices=[("", "请选择")] + list(PROVINCES.items()),
                required=False,
                help_text=f"学生填写；限{rules.school_region_label}院校",
            )
        for index, right in enumerate(rules.excluding_title_rights):
            self.fields[f"title_right_{index}"] = forms.IntegerField(
                label=f"取得“{right.title}”申报资格的年份",
                min_value=1950,
                max_value=2100,
                required=False,
                help_text="未取得则留空",
            )

    def clean(self):
        data = super().clean()
        # a field with its own error (a bad date, rank -1) is not also said to be missing
        placing_typed = self.errors.keys() & {"placing_team_size", "placing_rank"}
        if (
            data.get("placing_class")
            and not placing_typed
            and not (data.get("placing_team_size") and data.get("placing_rank"))
        ):
            self.add_error("placing_rank", "填写了国家级竞赛名次，请同时填写赛项人数和名次")
        issued = data.get("qualification_issued_on")
        if issued and issued > dt.date.today():
            self.add_error("qualification_issued_on", "颁发日期晚于今天，请核对")
        undated = data.get("qualification_level") and not issued
        if undated and "qualification_issued_on" not in self.errors:  # not a date typed wrong
            self.add_error("qualification_issued_on", "请填写证书颁发日期")
        born = data.get("birth_date")
        if born and born > dt.date.today():
            self.add_error("birth_date", "出生日期晚于今天，请核对")
        resident = data.get("document_type") == Person.Document.RESIDENT_ID
        if not resident and not born and "birth_date" not in self.errors:
            self.add_error("birth_date", "非居民身份证请填写出生日期")
        return data

    def entry_data(self) -> EntryData:
        data = self.cleaned_data
        event = self._events[data["event"]]
        honors = [
            h
            for flag, h in [("honor_zhonghua", "中华技能大奖"), ("honor_national", "全国技术能手")]
            if data.get(flag)
        ]
        placings = []
        if data.get("placing_class"):
            placings.append(
                {
                    "year": self._rules.placing_year,
                    "class": int(data["placing_class"]),
                    "team_size": data["placing_team_size"],
                    "rank": data["placing_rank"],
                }
            )
        qualifications = []
        if data.get("qualification_level"):
            qualifications.append(
                {
                    "occupation": event.occupation.name,
                    "level": int(data["qualification_level"]),
                    "issued_on": data["qualification_issued_on"].isoformat(),
                }
            )
        return EntryData(
            name=data["name"].strip(),
            occupation=event.occupation.name,
            group=event.group,
            birth_date=data.get("birth_date"),
            gender=data.get("gender") or "",
            document_type=data["document_type"],
            id_number=data["id_number"],
            phone=data.get("phone") or "",
            employer=data.get("employer") or "",
            full_time_student=data["full_time_student"],
            student_entrepreneur=data["student_entrepreneur"],
            non_public_economy=data["non_public_economy"],
            honors=honors,
            placings=placings,
            qualifications=qualifications,
            school_enrolled_on=data.get("school_enrolled_on"),
            school_province=data.get("school_province") or "",
            title_rights=[
                {"title": right.title, "year": data[f"title_right_{index}"]}
                for index, right in enumerate(self._rules.excluding_title_rights)
                if data.get(f"title_right_{index}")
            ],
        )

    @classmethod
    def initial_for(cls, entry) -> dict:
        person = entry.person
        placing = (entry.placings or [{}])[0]
        qualification = (entry.qualifications or [{}])[0]
        return {
            "name": person.name,
            "gender": person.gender,
            "document_type": person.document_type,
            "id_number": person.document_number,
            "birth_date": person.birth_date,
            "phone": person.phone,
            "event": str(entry.event_id),
            "employer": entry.employer,
            "full_time_student": entry.full_time_student,
            "student_entrepreneur": entry.student_entrepreneur,
            "non_public_economy": entry.non_public_economy,
            "honor_zhonghua": "中华技能大奖" in entry.honors,
            "honor_national": "全国技术能手" in entry.honors,
            "placing_class": str(placing.get("class", "")),
            "placing_team_size": placing.get("team_size"),
            "placing_rank": placing.get("rank"),
            "qualification_level": str(qualification.get("level", "")),
            "qualification_issued_on": qualification.get("issued_on"),
            "version": entry.version,
            "school_enrolled_on": entry.school_enrolled_on,
            "school_province": entry.school_province,
            **{f"title_right_{index}": right["year"] for index, right in _rights(entry)},
        }


def _rights(entry) -> list[tuple[int, dict]]:
    """The entry's title rights, each with its place among its edition's rulebook's rules."""
    rules = entry.event.edition.rulebook().eligibility.excluding_title_rights
    titles = [right.title for right in rules]
    return [(titles.index(r["title"]), r) for r in entry.title_rights if r["title"] in titles]


class VersionedForm(forms.ModelForm):
    """A form over a record that carries a version: the page keeps the one it showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = getattr(self.instance, "version", None)


class DelegationForm(VersionedForm):
    class Meta:
        model = Delegation
        fields = ["leader_name", "leader_phone", "contact_name", "contact_phone"]
        field_classes = {
            "leader_name": NameField,
            "leader_phone": PhoneField,
            "contact_name": NameField,
            "contact_phone": PhoneField,
        }


class ReturnForm(forms.Form):
    reason = TextField(
        label="退回理由",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=RETURN_REASON_MAX,
    )


class ArrangementForm(VersionedForm):
    required_documents = forms.MultipleChoiceField(
        label="报名需提交的材料",
        choices=[(k, k) for k in DOCUMENT_KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Arrangement
        fields = ["starts_on", "ends_on", "venue", "check_in", "required_documents"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }
        field_classes = {"venue": TextField, "check_in": TextField}

    def clean(self):
        data = super().clean()
        edition = self.instance.event.edition
        first, last = edition.period_start, edition.period_end
        for name in ("starts_on", "ends_on"):
            day = data.get(name)
            if day and not first <= day <= last:
                self.add_error(
                    name,
                    f"应在本届大赛举办期间（{first:%Y年%-m月%-d日}至{last:%Y年%-m月%-d日}）内；"
                    "如大赛改期，请组委会办公室先修改届次的起止日期",
                )
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "结束日期不能早于开始日期")
        return data


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label="材料类别",
        choices=[(k, k) for k in DOCUMENT_KINDS],
        error_messages={"required": "请选择材料类别", "invalid_choice": "请从列表中选择材料类别"},
    )
    file = forms.FileField(
        label="文件（PDF、JPG 或 PNG，不超过 10 MB）",
        error_messages={
            "required": "请选择要上传的文件（PDF、JPG 或 PNG，不超过 10 MB）",
            "empty": "所选文件是空的（0 字节），请检查后重新选择",
            "invalid": "没有收到文件，请重新选择",
        },
    )
