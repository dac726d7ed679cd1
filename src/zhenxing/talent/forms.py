"""The talent pages' forms: they parse what is posted; services decide and store."""

from __future__ import annotations

from django import forms

from zhenxing.registration.models import Person
from zhenxing.rules import talent as checks

from . import people
from .models import Consent
from .services import PersonInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class Styled(forms.Form):
    """Bootstrap's classes on every field (a bare textarea is wider than a phone)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if select else "form-control")


class SearchForm(Styled):
    text = forms.CharField(label="姓名或证件号码", max_length=50, required=False)
    occupation = forms.ChoiceField(label="职业（工种）", required=False)
    region = forms.ChoiceField(label="盟市", required=False)
    age_min = forms.IntegerField(label="年龄从", min_value=0, max_value=120, required=False)
    age_max = forms.IntegerField(label="年龄到", min_value=0, max_value=120, required=False)
    level = forms.ChoiceField(
        label="参赛层级", required=False, choices=[("", "全部"), *people.LEVELS.items()]
    )
    award = forms.ChoiceField(
        label="获奖", required=False, choices=[("", "全部"), *people.AWARD_FILTERS.items()]
    )
    stage = forms.ChoiceField(
        label="当前职业发展阶段", required=False, choices=[("", "全部"), *checks.STAGES.items()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].choices = [("", "全部")] + [(o, o) for o in people.occupations()]
        self.fields["region"].choices = [("", "全部")] + [(r, r) for r in people.regions()]

    def clean(self):
        data = super().clean()
        low, high = data.get("age_min"), data.get("age_max")
        if low is not None and high is not None and low > high:
            self.add_error("age_max", f"“年龄到”（{high}）小于“年龄从”（{low}），请对调后再查")
        return data

    def filters(self) -> people.Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return people.Filters(**{k: data.get(k) or v for k, v in vars(people.Filters()).items()})


class PersonForm(Styled):
    name = forms.CharField(label="姓名", max_length=50)
    gender = forms.ChoiceField(label="性别", choices=[("", "请选择"), ("男", "男"), ("女", "女")])
    birth_date = forms.DateField(label="出生日期", widget=DATE)
    document_type = forms.ChoiceField(
        label="证件类型", choices=Person.Document.choices, initial=Person.Document.RESIDENT_ID
    )
    document_number = forms.CharField(label="证件号码", max_length=40)
    phone = forms.CharField(label="手机号码（可空）", max_length=30, required=False)
    occupation = forms.CharField(label="职业（工种）", max_length=100, required=False)
    region = forms.CharField(label="所在盟市", max_length=50, required=False)
    workplace = forms.CharField(label="工作单位/学校", max_length=200, required=False)

    def person(self) -> PersonInput:
        return PersonInput(**self.cleaned_data)


class FollowUpForm(Styled):
    value = forms.ChoiceField(label="内容")
    happened_on = forms.DateField(label="日期", widget=DATE)
    name = forms.CharField(label="名称", max_length=200, required=False)
    note = forms.CharField(
        label="说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    LABELS = {
        "stage": ("职业发展阶段", "起始日期", None, "说明"),
        "service": ("服务内容", "服务日期", None, "说明"),
        "activity": ("活动", "活动日期", "活动名称（“其他活动”必填）", "说明"),
        "recommendation": ("推荐类别", "推荐日期", "推荐的称号、岗位或赛事", "推荐理由"),
    }

    def __init__(self, kind: str, *args, **kwargs):
        kwargs.setdefault("prefix", kind)
        super().__init__(*args, **kwargs)
        self.kind = kind
        value, day, name, note = self.LABELS[kind]
        self.fields["value"].choices = list(checks.VALUES[kind].items())
        self.fields["value"].label = value
        self.fields["happened_on"].label = day
        self.fields["note"].label = note
        if name is None:
            del self.fields["name"]
        else:
            self.fields["name"].label = name

    def data_for_check(self) -> checks.FollowUpData:
        data = self.cleaned_data
        return checks.FollowUpData(
            self.kind, data["value"], data["happened_on"], data.get("name", ""), data["note"]
        )


class ConsentForm(Styled):
    purpose = forms.CharField(
        label="处理目的",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        initial="青年技能人才库：跟踪服务、联系、推荐评选",
    )
    given_on = forms.DateField(label="本人同意日期", widget=DATE)
    means = forms.ChoiceField(label="同意方式", choices=Consent.Means.choices)


class ErasureForm(Styled):
    reason = forms.CharField(
        label="删除依据（本人申请的时间和方式）",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ImportForm(Styled):
    file = forms.FileField(label="人才名单（.xlsx）")
