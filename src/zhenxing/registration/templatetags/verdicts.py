from django import template

register = template.Library()


@register.filter
def clause_label(clause: str) -> str:
    """Where a reason comes from, as a reader can look it up: the notice's clauses (§三.3) by
    name; the platform's readings of it (rules.md §3.4) as the platform's rules."""
    if clause.startswith("rules.md"):
        return "平台规则说明" + clause.removeprefix("rules.md")
    return f"通知{clause}" if clause.startswith("§") else clause


# The eligibility flags' short names, for badges (the message says the rest; docs/codes.md)
_FLAG_LABELS = {
    "MANUAL_REVIEW": "需人工核验",
    "PRIORITY_QUALIFICATION": "优先推荐",
    "NON_PUBLIC_ECONOMY": "非公经济青年",
}


@register.filter
def flag_label(code: str) -> str:
    return _FLAG_LABELS.get(code, code)


_CORE_FIELDS = ("name", "id_number", "event")  # the live check's verdict needs these


@register.simple_tag
def typed_errors(form) -> list[str]:
    """The form's errors on the fields already filled in (an empty required field is not an
    error yet while the registrar is typing); once name, number and event are, every error."""
    if form is None:
        return []
    core_typed = all(form[name].value() for name in _CORE_FIELDS if name in form.fields)
    shown = [
        f"{field.label}：{error}"
        for field in form
        if core_typed or field.value()
        for error in field.errors
    ]
    return [*shown, *form.non_field_errors()]
