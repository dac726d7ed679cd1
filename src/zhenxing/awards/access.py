"""Access helpers of awards: an event's awards, one award's certificate, a batch."""

from __future__ import annotations

from django.http import Http404

from zhenxing.editions.models import Event
from zhenxing.judging.locking import final_of
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.access import held, needs

from .models import Award, CertificateBatch


def event_awards_for_user(user, edition, event_pk: int, need=perms.AWARDS_VIEW):
    """An event's awards: the office, HRSS, the host unit; others 404."""
    event = Event.objects.filter(pk=event_pk, edition=edition).select_related("occupation").first()
    allowed = held(user, edition, event=event) if event is not None else None
    if allowed is None or perms.AWARDS_VIEW not in allowed:
        raise Http404("未找到该比赛项目")
    needs(allowed, need)
    return final_of(event), allowed


def certificate_for_user(user, edition, serial: str):
    """An approved award's certificate: its holder's delegation, the office, HRSS; others 404."""
    award = (
        Award.objects.filter(serial=serial, final__event__edition=edition)
        .select_related("final__event__edition", "entry__delegation__organization")
        .first()
    )
    if award is None:
        raise Http404("未找到该证书")
    organization = award.entry.delegation.organization
    allowed = held(user, edition, organization=organization, event=award.final.event)
    if perms.CERTIFICATE_DOWNLOAD not in allowed:
        raise Http404("未找到该证书")
    return award, allowed


def batch_for_user(user, edition, pk: int) -> CertificateBatch:
    """A batch: the one who asked for it; others 404."""
    batch = CertificateBatch.objects.filter(pk=pk, edition=edition, requested_by=user).first()
    if batch is None:
        raise Http404("未找到该批量下载")
    return batch
