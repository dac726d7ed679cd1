from django import forms

from zhenxing.orgs.fields import NameField, PhoneField, TextField
from zhenxing.orgs.models import ApiToken, Organization
from zhenxing.registration.forms import VersionedForm


class OrganizationContactForm(VersionedForm):
    class Meta:
        model = Organization
        fields = [
            "contact_name",
            "contact_phone",
            "contact_email",
            "contact_address",
            "contact_postcode",
        ]
        field_classes = {
            "contact_name": NameField,
            "contact_phone": PhoneField,
            "contact_address": TextField,
            "contact_postcode": TextField,
        }

    def clean_contact_postcode(self):
        postcode = self.cleaned_data["contact_postcode"].strip()
        if postcode and not (postcode.isdigit() and len(postcode) == 6):
            raise forms.ValidationError("邮编应为 6 位数字")
        return postcode


class AuditFilterForm(forms.Form):
    action = forms.CharField(label="动作", required=False, max_length=100)
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    date_from = forms.DateField(label="起始日期", required=False)
    date_to = forms.DateField(label="截止日期", required=False)


class TokenForm(forms.Form):
    name = TextField(label="用途", max_length=100)
    days = forms.TypedChoiceField(
        label="有效期",
        choices=[(d, f"{d} 天") for d in ApiToken.DAYS],
        coerce=int,
        initial=90,
        required=False,
        empty_value=90,
    )
