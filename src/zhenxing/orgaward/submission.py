"""Submitting the self-evaluation form (the organization) and returning it (the committee office):
each checks its permission code, locks the form's row, runs in one transaction and is audited."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules.text import length_problem, text_problem

from .actions import OrgAwardAction as Action
from .filling import fill, inputs_of, rows, totals
from .models import Evidence, SelfEvaluation
from .records import VETO, RecordRefused, delete_files_after_commit, lock_organization

REASON_MAX = 300


def _locked(edition, organization) -> SelfEvaluation | None:
    lock_organization(organization)
    return (
        SelfEvaluation.objects.select_for_update()
        .filter(edition=edition, organization=organization)
        .first()
    )


@transaction.atomic
def submit(edition, organization, *, actor: Actor) -> SelfEvaluation:
    """The form as filled now, kept as submitted; records are read-only from here on."""
    access.require(actor, edition, perms.ORGAWARD_RECORDS, organization=organization)
    form = _locked(edition, organization)
    if form is not None and form.is_locked:
        raise RecordRefused("自评表已提交，不能重复提交。")
    filled = fill(edition, organization)
    before = form.status if form else None
    form = form or SelfEvaluation(edition=edition, organization=organization)
    form.status = SelfEvaluation.Status.SUBMITTED
    form.rows = rows(filled, edition.rulebook())
    form.inputs = inputs_of(filled.form)
    form.total = Decimal(totals(filled)["total"])
    form.submitted_at, form.submitted_by = timezone.now(), actor.user
    form.save()
    audit.record(
        Action.FORM_SUBMITTED,
        form,
        actor=actor,
        edition=edition,
        changes={"status": [before, form.status], "total": [None, str(form.total)]},
    )
    return form


@transaction.atomic
def return_form(form: SelfEvaluation, reason: str, *, actor: Actor) -> SelfEvaluation:
    """Back to the organization, with the reason; its records can be changed again."""
    access.require(actor, form.edition, perms.ORGAWARD_ASSESS, organization=form.organization)
    reason = reason.strip()
    if not reason:
        raise RecordRefused("退回时请写明原因。")
    if text_problem(reason):
        raise RecordRefused(f"退回原因{text_problem(reason)}")
    if length_problem(reason, "退回原因", REASON_MAX):
        raise RecordRefused(length_problem(reason, "退回原因", REASON_MAX))
    form = SelfEvaluation.objects.select_for_update().get(pk=form.pk)
    if not form.is_locked:
        raise RecordRefused("该自评表不在已提交状态，请刷新后重试。")
    changes = {"status": [form.status, SelfEvaluation.Status.RETURNED]}
    if form.assessed_total is not None:  # an assessment of what changes no longer holds
        changes["assessed_total"] = [str(form.assessed_total), None]
    form.status = SelfEvaluation.Status.RETURNED
    form.returned_at, form.returned_by, form.return_reason = timezone.now(), actor.user, reason
    form.assessed, form.assessed_total, form.vetoes, form.veto_grounds = {}, None, [], ""
    form.assessed_at, form.assessed_by, form.awarded = None, None, False
    form.save()
    old = list(Evidence.objects.filter(kind=VETO, record_id=form.pk, edition=form.edition))
    if old:  # the grounds of vetoes that no longer stand
        changes["veto_evidence"] = ["、".join(e.original_name for e in old), None]
        delete_files_after_commit([e.file.name for e in old])
        Evidence.objects.filter(pk__in=[e.pk for e in old]).delete()
    audit.record(
        Action.FORM_RETURNED,
        form,
        actor=actor,
        edition=form.edition,
        changes=changes,
        reason=reason,
    )
    return form
