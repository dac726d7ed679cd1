from django import template

from zhenxing.orgs import audit

register = template.Library()
register.filter("action_label", audit.label)
register.filter("changes_shown", audit.changes_shown)
