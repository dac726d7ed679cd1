from django import template

from zhenxing.registration import privacy

register = template.Library()
register.filter("mask_id", privacy.mask_id)
register.filter("mask_phone", privacy.mask_phone)
