"""Demo awards: the demo's final results taken to approved awards and signed certificates — the
occupation's certificate confirmed by HRSS, the awards proposed, each approved by its body."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from zhenxing.judging.models import Final
from zhenxing.orgs.audit import Actor

from . import approvals, proposals
from .certificates import ensure_documents
from .kinds import set_certificate_kind
from .models import Award


def award_demo_final(final: Final) -> str:
    users = get_user_model().objects
    hrss, office = Actor(users.get(username="hrss")), Actor(users.get(username="office"))
    set_certificate_kind(final.event.occupation, "qualification", True, actor=hrss)
    proposals.propose(final, actor=office)
    for approver, actor in (("HRSS", hrss), ("YL", office)):
        waiting = Award.objects.filter(final=final, approver=approver, status="proposed")
        approvals.decide(list(waiting), True, "", actor=actor)
    approved = list(Award.objects.filter(final=final, status=Award.Status.APPROVED))
    ensure_documents(approved)
    return f"{final.event}：奖项已核准，已生成 {len(approved)} 份带电子签章的证书"
