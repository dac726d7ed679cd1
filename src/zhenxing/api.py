"""The HTTP API at /api/ (django-ninja): schema at /api/openapi.json, docs at /api/docs.

Reading editions and events is public. Other endpoints take the browser session (the pages' own
calls) or a personal token: `Authorization: Bearer zx_…`.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Router, Schema
from ninja.errors import HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from zhenxing.editions.models import Edition, Event
from zhenxing.orgs import access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.models import ApiToken, AuditEntry
from zhenxing.registration.access import delegation_for_user, entry_for_user
from zhenxing.registration.privacy import mask_id, verdict_without_birth


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), SessionAuth()]

api = NinjaAPI(
    title="振兴杯大赛平台 API",
    version="1",
    description="届次、比赛项目的公开数据；登录后或使用个人令牌访问其他数据。",
    throttle=[
        AnonRateThrottle(settings.API_THROTTLE_ANON),
        AuthRateThrottle(settings.API_THROTTLE_USER),
    ],
    urls_namespace="api",
)

# Errors as JSON with a Chinese `detail` (django-ninja's own are English, and a PermissionDenied
# would otherwise become the site's HTML 403 page).
_HTTP_ERRORS = {
    401: "需要登录，或在 Authorization 头中提供个人令牌（Bearer zx_…）",
    403: "您的角色无权进行此操作",
    429: "请求过于频繁，请稍后再试",
}


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or _HTTP_ERRORS[403]}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "未找到"}, status=404)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    detail = _HTTP_ERRORS.get(exc.status_code, exc.message)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


# pydantic's error types, as the API's parameters can meet them (all are path or query values)
_INVALID = {
    "missing": "缺少此参数",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "string_too_long": "太长",
    "greater_than_equal": "太小",
    "less_than_equal": "太大",
}


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    errors = [
        {
            "loc": list(error.get("loc", ())),
            "type": error.get("type", ""),
            "msg": _INVALID.get(error.get("type"), "格式不正确"),
        }
        for error in exc.errors
    ]
    detail = "；".join(f"{'/'.join(map(str, e['loc']))} {e['msg']}" for e in errors)
    detail = f"参数有误：{detail}" if errors else "参数有误"
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


class ErrorOut(Schema):
    detail: str  # Chinese, says what is wrong
    errors: list[dict] = []  # 422 only: each parameter's problem (loc, type, msg)


def _answers(ok, *, signed_in: bool = False) -> dict:
    """The statuses an endpoint answers: `ok` (200), not found, bad parameters, too many
    requests, and for signed-in endpoints no credentials (401) or no right (403)."""
    codes = (401, 403, 404, 422, 429) if signed_in else (404, 422, 429)
    return {200: ok, **dict.fromkeys(codes, ErrorOut)}


class HostUnitOut(Schema):
    id: int
    name: str
    contact_name: str
    contact_phone: str
    contact_email: str


class ArrangementOut(Schema):
    starts_on: dt.date | None
    ends_on: dt.date | None
    venue: str
    check_in: str  # 报到须知


class EventOut(Schema):
    id: int
    occupation: str
    group: str
    group_label: str
    level: str
    team_size: int  # 1: individual; 2 or 3: a pairs or three-person event, entered as teams
    host_unit: HostUnitOut | None
    arrangement: ArrangementOut | None

    @staticmethod
    def resolve_arrangement(obj: Event):
        return getattr(obj, "arrangement", None)

    @staticmethod
    def resolve_occupation(obj: Event) -> str:
        return obj.occupation.name

    @staticmethod
    def resolve_group_label(obj: Event) -> str:
        return obj.get_group_display()

    @staticmethod
    def resolve_level(obj: Event) -> str:
        return obj.occupation.level


class EditionOut(Schema):
    code: str
    name: str
    level: str
    theme: str
    organizers: list[str]
    period_start: dt.date
    period_end: dt.date
    finals_deadline: dt.date | None
    materials_deadline: dt.date | None
    registration_deadline: dt.date | None


class EditionDetailOut(EditionOut):
    events: list[EventOut]

    @staticmethod
    def resolve_events(obj: Edition):
        return obj.events.select_related("occupation", "host_unit", "arrangement")


class MembershipOut(Schema):
    edition: str
    organization: str
    role: str
    role_label: str


class MeOut(Schema):
    username: str
    memberships: list[MembershipOut]


class AuditOut(Schema):
    created_at: dt.datetime
    actor_name: str
    action: str
    object_type: str
    object_repr: str
    changes: dict
    reason: str


editions = Router(tags=["届次"])


def _edition(code: str) -> Edition:
    return get_object_or_404(Edition, code=code)


@editions.get("/", response=_answers(list[EditionOut]), summary="所有届次")
def list_editions(request):
    return Edition.objects.all()


@editions.get("/{code}", response=_answers(EditionDetailOut), summary="届次详情（含比赛项目）")
def get_edition(request, code: str):
    return _edition(code)


@editions.get("/{code}/events", response=_answers(list[EventOut]), summary="比赛项目")
def list_events(request, code: str):
    return _edition(code).events.select_related("occupation", "host_unit", "arrangement")


@editions.get("/{code}/events/{event_id}", response=_answers(EventOut), summary="比赛项目详情")
def get_event(request, code: str, event_id: int):
    return get_object_or_404(
        Event.objects.select_related("occupation", "host_unit", "arrangement"),
        edition=_edition(code),
        pk=event_id,
    )


@editions.get(
    "/{code}/audit",
    response=_answers(list[AuditOut], signed_in=True),
    auth=AUTH,
    summary="审计日志（组委会办公室）",
)
def list_audit(request, code: str, limit: int = 100):
    edition, _ = access.edition_for_user(request.user, code, perms.AUDIT_VIEW)
    return AuditEntry.objects.filter(edition=edition)[: max(1, min(limit, 500))]


account = Router(tags=["账号"])


@account.get("/me", response=_answers(MeOut, signed_in=True), auth=AUTH, summary="当前用户及其角色")
def me(request):
    memberships = request.user.memberships.select_related("edition", "organization")
    return {
        "username": request.user.get_username(),
        "memberships": [
            {
                "edition": m.edition.code,
                "organization": str(m.organization),
                "role": m.role,
                "role_label": m.get_role_display(),
            }
            for m in memberships
        ],
    }


api.add_router("/editions", editions)
api.add_router("/", account)


class EntryOut(Schema):
    id: int
    name: str
    document_number: str  # masked
    event: str
    delegation: str
    status: str
    team: str | None  # the team's name in a pairs or three-person event
    eligible: bool
    reasons: list[dict]
    flags: list[dict]


def _entry_out(entry) -> dict:
    verdict = verdict_without_birth(entry.verdict, entry.person)  # IDs are masked here
    return {
        "id": entry.pk,
        "name": entry.person.name,
        "document_number": mask_id(entry.person.document_number),
        "event": str(entry.event),
        "delegation": str(entry.delegation),
        "status": entry.status,
        "team": entry.team.name if entry.team_id else None,
        "eligible": entry.eligible,
        "reasons": verdict.get("reasons", []),
        "flags": verdict.get("flags", []),
    }


registration = Router(tags=["报名"])


@registration.get(
    "/{code}/delegations/{delegation_id}/entries",
    response=_answers(list[EntryOut], signed_in=True),
    auth=AUTH,
    summary="代表队的报名（证件号码脱敏）",
)
def list_entries(request, code: str, delegation_id: int):
    edition, _ = access.edition_for_user(request.user, code)
    delegation, _ = delegation_for_user(request.user, edition, delegation_id)
    entries = delegation.entries.select_related(
        "person", "event__occupation", "delegation__organization", "team"
    )
    return [_entry_out(e) for e in entries]


@registration.get(
    "/{code}/entries/{entry_id}",
    response=_answers(EntryOut, signed_in=True),
    auth=AUTH,
    summary="一条报名（证件号码脱敏）",
)
def get_entry(request, code: str, entry_id: int):
    edition, _ = access.edition_for_user(request.user, code)
    return _entry_out(entry_for_user(request.user, edition, entry_id)[0])


api.add_router("/editions", registration)
