"""Writes of this layer's own objects: an organization's contact details, API tokens."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from . import access, audit, versions
from . import permissions as perms
from .access import require
from .actions import OrgAction as Action
from .audit import Actor
from .models import ApiToken, Organization


class StaleEdit(Exception):
    pass


@transaction.atomic
def save_contact(
    organization: Organization,
    values: dict,
    *,
    edition,
    actor: Actor,
    seen_version: int | None = None,
) -> bool:
    """The organization's contact person and address; returns whether anything changed."""
    require(actor, edition, perms.ORG_CHANGE, organization=organization)
    locked = Organization.objects.select_for_update().get(pk=organization.pk)
    refusal = versions.stale(locked, seen_version, "联系信息")
    if refusal:
        raise StaleEdit(refusal)
    before = audit.snapshot(locked, list(values))
    for name, value in values.items():
        setattr(locked, name, value)
    changes = audit.diff(before, audit.snapshot(locked, list(values)))
    if changes:
        locked.version += 1
        locked.save(update_fields=[*values, "version"])
        audit.record(Action.CONTACT_CHANGED, locked, actor=actor, edition=edition, changes=changes)
    return bool(changes)


NO_API = (
    "您的角色不使用 API（API 提供报名和审计日志，供组委会办公室、人社厅、承办单位和代表队使用），"
    "无需令牌。"
)


@transaction.atomic
def issue_token(name: str, *, actor: Actor, days: int = 90) -> tuple[ApiToken, str]:
    """A personal API token of the actor, valid `days` days; the secret is shown once and only
    its digest kept."""
    if actor.user is not None and not access.uses_api(actor.user):
        raise PermissionDenied(NO_API)
    if days not in ApiToken.DAYS:
        raise ValueError(f"有效期只能是 {'、'.join(map(str, ApiToken.DAYS))} 天")
    token, secret = ApiToken.issue(actor.user, name, days)
    changes = {"name": [None, token.name], "expires_at": [None, str(token.expires_at)]}
    audit.record(Action.TOKEN_CREATED, token, actor=actor, changes=changes)
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, *, actor: Actor) -> None:
    token = ApiToken.objects.select_for_update().get(pk=token.pk, user=actor.user)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        Action.TOKEN_REVOKED,
        token,
        actor=actor,
        changes={"revoked_at": [None, str(token.revoked_at)]},
    )
