from django import template

register = template.Library()


@register.filter
def clause_label(clause: str) -> str:
    """Where a reason comes from, as a reader can look it up: the notice's clauses (§三.3) by
    name; the platform's readings of it (rules.md §3.4) as the platform's rules."""
    if clause.startswith("rules.md"):
        return "平台规则说明" + clause.removeprefix("rules.md")
    return f"通知{clause}" if clause.startswith("§") else clause


@register.simple_tag
def typed_errors(form) -> list[str]:
    """The form's errors on the fields already filled in (an empty required field is not an
    error yet while the registrar is typing)."""
    if form is None:
        return []
    shown = [f"{field.label}：{error}" for field in form if field.value() for error in field.errors]
    return [*shown, *form.non_field_errors()]
