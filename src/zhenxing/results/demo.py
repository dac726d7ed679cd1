"""Demo results: the demo's locked and decrypted final re-checked, published, and one appeal
lodged and decided — each step by the demo account whose job it is."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from zhenxing.judging.models import Final
from zhenxing.orgs.audit import Actor

from .appeals import decide_appeal, lodge_appeal
from .publication import publish
from .recheck import record_recheck, start_recheck


def finish_demo_final(final: Final) -> str:
    users = get_user_model().objects
    supervisor = Actor(users.get(username="supervisor"))
    arbiter = Actor(users.get(username="arbiter"))
    record = start_recheck(final, actor=supervisor)
    for item in record.items.all():
        record_recheck(item, True, "", actor=supervisor)
    final.refresh_from_db()
    office = Actor(users.get(username="office"))
    publish(final, actor=office, at=final.ends_at + dt.timedelta(days=1))
    appeal = lodge_appeal(
        final,
        "演示代表队领队",
        final.ends_at + dt.timedelta(hours=1),
        "认为 B1 工艺方案评分偏低",
        actor=arbiter,
    )
    decide_appeal(appeal, False, "经调阅评分记录，评分无误", actor=arbiter)
    return f"{final.event}：已抽签、检录、评分、锁定、解密、复核、发布，并有一件已裁决的申诉"
