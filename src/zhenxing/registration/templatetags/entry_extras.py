"""{% entry_extras entry %}: the lines other apps add to an entry's page (`entry_extras`)."""

from django import template

from .. import entry_extras

register = template.Library()


@register.inclusion_tag("registration/_entry_extras.html")
def entry_extras_for(entry):
    return {"lines": entry_extras.for_entry(entry)}
