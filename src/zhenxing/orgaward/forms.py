"""One ModelForm per kind of record (labels from the models, in Chinese), and the evidence
upload."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db import models

from zhenxing.orgs.fields import PhoneField, TextField
from zhenxing.registration.models import Entry

from .kinds import Kind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _formfield(field: models.Field, **kwargs):
    """Text refused with a Chinese reason when it holds invisible characters; dates as pickers."""
    if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
        kwargs.setdefault("form_class", TextField)
        if isinstance(field, models.TextField):
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        if isinstance(field, models.URLField):
            kwargs.pop("form_class")
            kwargs["assume_scheme"] = "https"
    if isinstance(field, models.DateField):
        kwargs.setdefault("widget", DATE)
    return field.formfield(**kwargs)


class RecordForm(forms.ModelForm):
    """What every record form shares: Bootstrap classes, and each field with a problem marked
    aria-invalid and described by its messages."""

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
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
        if "final_event" in self.fields:
            events = edition.events.select_related("occupation") if edition else None
            self.fields["final_event"].queryset = events
            self.fields["final_event"].empty_label = "（未定）"
        if "finalists" in self.fields:
            field = self.fields["finalists"]
            field.queryset = Entry.objects.filter(
                delegation__edition=edition, delegation__organization=self.instance.organization
            ).select_related("person", "event__occupation")
            field.help_text = "按住 Ctrl（手机上直接点选）可选多人；须为上面所选决赛项目的报名。"
            field.widget.attrs["aria-describedby"] = "id_finalists_help"
        if "responsible_phone" in self.fields:
            self.fields["responsible_phone"] = PhoneField(
                label="责任人电话", max_length=50, widget=forms.TextInput({"class": "form-control"})
            )

    def many(self) -> dict:
        """The cleaned many-to-many choices, for the service to set."""
        return {
            name: self.cleaned_data[name]
            for name, field in self.fields.items()
            if isinstance(field, forms.ModelMultipleChoiceField)
        }

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}_errors"
                attrs["class"] = attrs.get("class", "") + " is-invalid"

    def clean_winners(self):
        text = self.cleaned_data.get("winners", "")
        problems = []
        for number, line in enumerate(text.splitlines(), start=1):
            parts = line.split(maxsplit=1)
            if parts and not (parts[0].isdigit() and int(parts[0]) > 0):
                problems.append(f"第 {number} 行应以名次（正整数）开头，如“1 张伟 包钢集团”")
        if problems:
            raise forms.ValidationError(problems)
        return "\n".join(line.strip() for line in text.splitlines() if line.strip())

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= dt.date.today().year + 1:
            raise forms.ValidationError(f"年份应在 2000 至 {dt.date.today().year + 1} 之间")
        return year

    def clean_days(self):
        days = self.cleaned_data["days"]
        if days <= 0:
            raise forms.ValidationError("培训天数应大于 0")
        return days

    def clean(self):
        data = super().clean()
        event, finalists = data.get("final_event"), data.get("finalists")
        if finalists and event is None:
            self.add_error("finalists", "请先选择优胜选手参加的决赛项目")
        elif finalists:
            others = [str(e) for e in finalists if e.event_id != event.pk]
            if others:
                self.add_error("finalists", f"不是“{event}”的报名：{'、'.join(others)}")
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "结束日期不能早于开始日期")
        return data


def form_class(kind: Kind) -> type[RecordForm]:
    return forms.modelform_factory(
        kind.model, form=RecordForm, fields=kind.fields, formfield_callback=_formfield
    )


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="佐证材料（PDF、JPG 或 PNG，不超过 10 MB）",
        widget=forms.FileInput(attrs={"class": "form-control", "accept": ".pdf,.jpg,.jpeg,.png"}),
        error_messages={"required": "请选择文件", "empty": "文件是空的"},
    )
