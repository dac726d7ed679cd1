"""Form fields every page's forms share: text that can be stored as typed, people's names, phone
numbers."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from zhenxing.rules.text import name_problem, parse_phone, text_problem

_LENGTH_MESSAGES = {
    "max_length": "最多 %(limit_value)d 个字，现有 %(show_value)d 个",
    "min_length": "至少 %(limit_value)d 个字，现有 %(show_value)d 个",
}


class TextField(forms.CharField):
    """Text, refused with a message that says what to fix when it holds invisible control
    characters (Django's own message for a NUL speaks of an empty string) or "\ufffd"."""

    default_error_messages = _LENGTH_MESSAGES

    def to_python(self, value):
        text = super().to_python(value)
        problem = text_problem(text) if text else None
        if problem:
            raise ValidationError(problem, code="characters")
        return text


class NameField(TextField):
    """A person's name: also refused with hidden characters that change how it shows (bidi
    controls) or make it look like another (zero-width characters), as the import refuses them."""

    def to_python(self, value):
        text = super().to_python(value)
        problem = name_problem(text) if text else None
        if problem:
            raise ValidationError(problem, code="characters")
        return text


class PhoneField(TextField):
    """A phone number, as the import reads it: full-width digits made half-width."""

    def to_python(self, value):
        text = super().to_python(value)
        try:
            return parse_phone(text) if text else text
        except ValueError as exc:
            raise ValidationError(str(exc), code="phone") from None
