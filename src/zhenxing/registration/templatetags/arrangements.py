"""{% check_in_for delegation %}: the arrangements of the events a delegation has entries in,
where its registrars read them."""

from django import template

from ..schedule import arrangements_for

register = template.Library()


@register.inclusion_tag("registration/_check_in.html")
def check_in_for(delegation):
    return {"arrangements": arrangements_for(delegation)}
