"""The showcase's forms: a nomination, a work (file or link), the office's reasons, the
gallery's filter. Bootstrap classes; each field with a problem described by its messages."""

from __future__ import annotations

from django import forms

from zhenxing.orgs.fields import NameField, TextField

from .media import IMAGE_MB, video_max_mb
from .models import Work
from .nominations import NominationData

CONSENT_WAYS = ["本人签署书面同意书", "本人通过微信或短信书面确认", "本人当面确认并由经办人记录"]


class BootstrapForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}_help"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = f"id_{name}_errors"


class NominationForm(BootstrapForm):
    name = NameField(label="青年姓名", max_length=50)
    id_number = TextField(
        label="居民身份证号码",
        max_length=30,
        help_text="出生日期从身份证号码读出，按“绝活”展示的年龄要求检查；页面上只显示部分号码。",
    )
    occupation = TextField(label="职业（工种）", max_length=100)
    workplace = TextField(label="工作单位", max_length=200)
    region = TextField(label="所在盟市", max_length=50)
    title = TextField(label="“绝活”名称", max_length=100)
    description = TextField(
        label="“绝活”介绍",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="这项绝活是什么、难在哪里、取得了哪些成绩（最多 2000 字）。",
    )
    consent_given = forms.BooleanField(
        label="本人已同意在平台和新媒体上公开展示其姓名、工作单位、职业和作品", required=False
    )
    consent_note = TextField(
        label="同意方式",
        max_length=200,
        required=False,
        help_text="如：" + "；".join(CONSENT_WAYS) + "。提交前须填写。",
    )

    def __init__(self, *args, regions=(), editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].widget.attrs["list"] = "regions"
        self.regions = list(regions)
        if editing:
            field = self.fields["id_number"]
            field.required = False
            field.help_text = "不更换青年时留空；更换青年或更正姓名时请填写。" + field.help_text

    def data_object(self) -> NominationData:
        values = {k: v for k, v in self.cleaned_data.items() if v is not None}
        return NominationData(**values)


class WorkForm(BootstrapForm):
    kind = forms.ChoiceField(
        label="作品类型",
        choices=[(k, label) for k, label in Work.Kind.choices if k != Work.Kind.LINK],
    )
    file = forms.FileField(
        label="作品文件",
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的。"},
        widget=forms.ClearableFileInput(
            attrs={"accept": "video/mp4,video/webm,image/jpeg,image/png,image/webp,image/gif"}
        ),
    )
    caption = TextField(label="作品说明", max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"视频收 MP4 或 WebM，不超过 {video_max_mb()} MB；图片收 JPG、PNG 或 WebP，"
            f"动图收 GIF，各不超过 {IMAGE_MB} MB。按文件内容检查，改扩展名无效。"
        )
        self.fields["file"].widget.attrs["aria-describedby"] = "id_file_help"


class LinkForm(BootstrapForm):
    platform = forms.ChoiceField(label="平台", choices=Work.Platform.choices)
    url = forms.CharField(
        label="链接",
        max_length=500,
        help_text="以 https:// 开头；微信、快手、抖音的链接须是该平台的网址。",
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )
    link_caption = TextField(label="链接说明", max_length=200, required=False)


class ReasonForm(BootstrapForm):
    reason = TextField(label="原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class GalleryFilter(forms.Form):
    occupation = forms.ChoiceField(label="职业（工种）", required=False)
    region = forms.ChoiceField(label="盟市", required=False)

    def __init__(self, *args, occupations=(), regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occupation"].choices = [("", "全部职业"), *[(o, o) for o in occupations]]
        self.fields["region"].choices = [("", "全部盟市"), *[(r, r) for r in regions]]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
