"""HRSS sets which certificate an occupation issues; the proposed awards of its events follow."""

from __future__ import annotations

from django.db import transaction

from zhenxing.editions.models import Occupation
from zhenxing.editions.occupations import set_certificate
from zhenxing.judging.models import Final
from zhenxing.orgs.audit import Actor

from .proposals import follow_results


@transaction.atomic
def set_certificate_kind(occupation: Occupation, kind: str, confirmed: bool, *, actor: Actor):
    if set_certificate(occupation, kind, confirmed, actor=actor):
        label = Occupation.Certificate(kind).label
        for final in Final.objects.filter(event__occupation=occupation):
            follow_results(final, f"证书类别改为{label}")
