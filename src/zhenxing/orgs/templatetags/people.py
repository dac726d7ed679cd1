from django import template

from zhenxing.orgs.models import person_label

register = template.Library()
register.filter("who", person_label)
