"""Access helpers of results' objects. The results of an event are reached through its final
(`judging.access.final_for_user`); appeals name delegations, so those who score by numbers read
them only once the final is decrypted."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhenxing.editions.models import Event
from zhenxing.judging.access import final_for_user
from zhenxing.orgs import permissions as perms

from .models import Appeal, RecheckItem


def appeals_for_user(user, edition, event_pk: int, need: str = perms.SCORE_VIEW):
    """An event's appeals: as its final, and for its panel only after decryption."""
    final, allowed = final_for_user(user, edition, event_pk, need)
    if final.decrypted_at is None and perms.SCORE_ENTER in allowed:
        # an appeal names its delegation: the panel reads it only once names are out
        raise PermissionDenied("全部解密之前，评判组成员不能查看申诉（申诉写明了代表队）。")
    return final, allowed


def appeal_of(final, pk: int) -> Appeal:
    appeal = Appeal.objects.filter(pk=pk, final=final).first()
    if appeal is None:
        raise Http404("未找到该申诉")
    return appeal


def recheck_item_of(final, pk: int) -> RecheckItem:
    item = RecheckItem.objects.filter(pk=pk, recheck__final=final).first()
    if item is None:
        raise Http404("未找到该复核项")
    return item


def public_event(code: str, pk: int) -> Event:
    """An event as the public reads it: any event of a loaded edition."""
    event = (
        Event.objects.filter(pk=pk, edition__code=code)
        .select_related("occupation", "edition", "final", "arrangement")
        .first()
    )
    if event is None:
        raise Http404("未找到该比赛项目")
    return event
