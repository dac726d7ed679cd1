"""A hand-written form field tied to its messages, for screen readers: `{% described field %}`
inside the field's tag gives aria-invalid when it has errors and aria-describedby naming its help
text (id `<field id>-help`) and its errors (id `<field id>-errors`), which the template writes
under those ids."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def described(field):
    ids = []
    if field.help_text:
        ids.append(f"{field.id_for_label}-help")
    if field.errors:
        ids.append(f"{field.id_for_label}-errors")
    invalid = mark_safe(' aria-invalid="true"') if field.errors else ""  # noqa: S308 — a constant
    if not ids:
        return invalid
    return format_html('{} aria-describedby="{}"', invalid, " ".join(ids))
