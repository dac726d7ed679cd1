"""The exam's forms: they parse what people type; checks with reasons live in the services."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from . import sheets
from .models import Kind, Part

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class ImportForm(forms.Form):
    file = forms.FileField(
        label="题库文件（.xlsx）",
        widget=forms.ClearableFileInput(attrs={**TEXT, "accept": ".xlsx"}),
        error_messages={"required": "请选择要上传的题库文件"},
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label="题型", choices=Kind.choices, widget=forms.Select(attrs=SELECT))
    stem = forms.CharField(
        label="题干", max_length=2000, widget=forms.Textarea(attrs={**TEXT, "rows": 3})
    )
    option_a = forms.CharField(
        label="选项A", required=False, max_length=500, widget=forms.TextInput(attrs=TEXT)
    )
    option_b = forms.CharField(
        label="选项B", required=False, max_length=500, widget=forms.TextInput(attrs=TEXT)
    )
    option_c = forms.CharField(
        label="选项C", required=False, max_length=500, widget=forms.TextInput(attrs=TEXT)
    )
    option_d = forms.CharField(
        label="选项D", required=False, max_length=500, widget=forms.TextInput(attrs=TEXT)
    )
    option_e = forms.CharField(
        label="选项E", required=False, max_length=500, widget=forms.TextInput(attrs=TEXT)
    )
    key = forms.CharField(label="答案", required=False, max_length=500, widget=forms.TextInput(attrs=TEXT),
                          help_text="单选 B；多选 ABD；判断 正确/错误；填空用 | 隔开各空")  # fmt: skip
    explanation = forms.CharField(
        label="解析",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 2}),
    )
    difficulty = forms.CharField(
        label="难度（1–5）", required=False, max_length=5, widget=forms.TextInput(attrs=TEXT)
    )
    point = forms.CharField(
        label="鉴定点（代码 名称）",
        required=False,
        max_length=250,
        widget=forms.TextInput(attrs=TEXT),
    )
    importance = forms.CharField(
        label="重要程度（X/Y/Z）", required=False, max_length=1, widget=forms.TextInput(attrs=TEXT)
    )
    area = forms.CharField(
        label="鉴定范围", required=False, max_length=50, widget=forms.TextInput(attrs=TEXT)
    )
    points = forms.CharField(label="分值", max_length=10, widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}))  # fmt: skip

    @classmethod
    def initial_of(cls, version) -> dict:
        options = list(version.options) + [""] * 5
        return {
            "kind": version.kind,
            "stem": version.stem,
            **{f"option_{c}": options[i] for i, c in enumerate("abcde")},
            "key": sheets.key_shown(version.kind, version.key),
            "explanation": version.explanation,
            "difficulty": str(version.difficulty),
            "point": f"{version.point_code} {version.point_name}".strip(),
            "importance": version.importance,
            "area": version.area,
            "points": f"{version.points.normalize():f}",
        }

    def question(self):
        """The question as the import reads a row: a QuestionInput or the problems (text)."""
        data = self.cleaned_data
        values = {
            "题型": Kind(data["kind"]).label,
            "题干": data["stem"].strip(),
            **{f"选项{c.upper()}": data[f"option_{c}"].strip() for c in "abcde"},
            "答案": data["key"].strip(),
            "解析": data["explanation"].strip(),
            "难度": data["difficulty"].strip(),
            "鉴定点": data["point"].strip(),
            "重要程度": data["importance"].strip(),
            "鉴定范围": data["area"].strip(),
            "分值": data["points"].strip(),
        }
        return sheets.question_of(values)


class BlueprintForm(forms.Form):
    name = forms.CharField(label="名称", max_length=100, widget=forms.TextInput(attrs=TEXT))
    part = forms.ChoiceField(label="部分", choices=Part.choices, widget=forms.Select(attrs=SELECT))
    full_marks = forms.DecimalField(
        label="试卷满分", min_value=Decimal("1"), max_value=Decimal("1000"), decimal_places=2,
        initial=Decimal(100), widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
        error_messages={"invalid": "试卷满分请填写数字"},
    )  # fmt: skip
    rows = forms.CharField(
        label="细目（每行一项：范围，题型，难度，题数，每题分值）",
        widget=forms.Textarea(attrs={**TEXT, "rows": 8}),
        help_text="例：A，单选题，任意，20，1 —— 范围是鉴定范围或鉴定点代码；难度写 1–5 或“任意”。",
    )


class DrawForm(forms.Form):
    seed = forms.CharField(
        label="种子（不填则随机生成）", required=False, max_length=64,
        widget=forms.TextInput(attrs=TEXT),
        help_text="填写上次的种子可重新抽出同一套试卷",
    )  # fmt: skip
    sets = forms.IntegerField(
        label="套数（第 1 套为正式卷，其余为备用卷）", min_value=2, max_value=10, initial=2,
        widget=forms.NumberInput(attrs=TEXT),
    )  # fmt: skip
    max_overlap = forms.IntegerField(
        label="任意两套之间的最大重复率（%）", min_value=0, max_value=100, initial=50,
        widget=forms.NumberInput(attrs=TEXT),
    )  # fmt: skip


class SittingForm(forms.Form):
    paper = forms.TypedChoiceField(label="试卷", coerce=int, widget=forms.Select(attrs=SELECT))
    starts_at = forms.DateTimeField(
        label="开考时间", widget=forms.DateTimeInput(attrs={**TEXT, "type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": "开考时间请写成 2020-09-01 09:00"},
    )  # fmt: skip
    minutes = forms.IntegerField(label="考试时长（分钟）", min_value=5, max_value=300, initial=90,
                                 widget=forms.NumberInput(attrs=TEXT))  # fmt: skip
    short_gap = forms.DecimalField(
        label="简答题两评差距上限（分）", min_value=Decimal(0), max_value=Decimal(100),
        decimal_places=2, initial=Decimal(2), widget=forms.TextInput(attrs=TEXT),
    )  # fmt: skip

    def __init__(self, *args, papers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paper"].choices = [(p.pk, str(p)) for p in papers]


class RescheduleForm(forms.Form):
    starts_at = SittingForm.base_fields["starts_at"]
    minutes = SittingForm.base_fields["minutes"]


class ExtendForm(forms.Form):
    minutes = forms.IntegerField(label="延长（分钟）", min_value=1, max_value=120,
                                 widget=forms.NumberInput(attrs=TEXT))  # fmt: skip
    reason = forms.CharField(label="原因", max_length=200, widget=forms.TextInput(attrs=TEXT))


class SignInForm(forms.Form):
    number = forms.CharField(
        label="参赛号", max_length=10,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off", "inputmode": "numeric"}),
    )  # fmt: skip
    code = forms.CharField(
        label="登录码（签到表上）", max_length=12,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off", "autocapitalize": "characters"}),
    )  # fmt: skip


class MarkForm(forms.Form):
    score = forms.DecimalField(
        label="得分", min_value=Decimal(0), decimal_places=2,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
        error_messages={"invalid": "得分请填写数字，最多两位小数"},
    )  # fmt: skip
