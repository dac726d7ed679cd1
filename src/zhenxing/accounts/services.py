"""Creating accounts, disabling them, and giving each person a one-time link to set their own
password: no password is ever chosen or seen by anyone but its owner."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from zhenxing.judging.locking import ScoringError, final_of
from zhenxing.judging.panel import appoint
from zhenxing.orgs import audit
from zhenxing.orgs.access import REFUSED
from zhenxing.orgs.audit import Actor
from zhenxing.orgs.models import Membership, Role
from zhenxing.rules.text import name_problem

from .actions import AccountAction as Action
from .scope import PANEL_ROLES, grants

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{2,29}$")
NAME_MAX = 30


class AccountError(ValueError):
    """A request the accounts service refuses; the message says what to fix."""


@dataclass(frozen=True)
class NewAccount:
    name: str
    role: str
    organization: object  # an Organization
    event: object = None  # an Event, for panel roles
    username: str = ""
    email: str = ""


def problems(edition, account: NewAccount, *, actor: Actor) -> list[str]:
    """What is wrong with `account` as typed, each said with what to fix (reading only)."""
    found = []
    name = account.name.strip()
    if not name:
        found.append("请填写姓名。")
    elif len(name) > NAME_MAX or name_problem(name):
        found.append(f"姓名{name_problem(name) or f'最多 {NAME_MAX} 个字'}")
    if account.role not in Role.values:
        found.append("请选择角色：" + "、".join(Role.labels) + "。")
    elif account.role not in grants(actor.user, edition).roles:
        found.append(f"您不能新建“{Role(account.role).label}”账号。")
    if account.organization is None:
        found.append("请选择所属单位。")
    if account.role in PANEL_ROLES and account.event is None:
        found.append("评判组成员（裁判、裁判长、录分员、加密裁判）须选择比赛项目。")
    if account.username and not USERNAME.match(account.username):
        found.append(
            "用户名须为 3–30 位英文字母、数字或 . _ -，以字母或数字开头；也可留空由平台生成。"
        )
    elif account.username and _taken(account.username):
        found.append(f"用户名 {account.username} 已被使用，请换一个，或留空由平台生成。")
    if account.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", account.email):
        found.append(f"电子邮箱“{account.email}”格式不对，可以留空。")
    return found


def _taken(username: str) -> bool:
    return get_user_model().objects.filter(username__iexact=username).exists()


def _new_username(role: str) -> str:
    """`judge-0007`: the role and the next free number."""
    User = get_user_model()
    taken = set(
        User.objects.filter(username__startswith=f"{role}-").values_list("username", flat=True)
    )
    number = len(taken) + 1
    while f"{role}-{number:04d}" in taken:
        number += 1
    return f"{role}-{number:04d}"


def create(edition, account: NewAccount, *, actor: Actor):
    """One account, its role, and its audit entries; AccountError with every problem found."""
    with transaction.atomic():
        return _create(edition, account, actor=actor)


def _create(edition, account: NewAccount, *, actor: Actor):
    found = problems(edition, account, actor=actor)
    if found:
        raise AccountError(" ".join(found))
    _check_target(edition, account, actor)
    User = get_user_model()
    username = account.username or _new_username(account.role)
    try:
        with transaction.atomic():
            user = User(username=username, first_name=account.name.strip(), email=account.email)
            user.set_unusable_password()  # set by its owner through the one-time link
            user.save()
    except IntegrityError:
        raise AccountError(f"用户名 {username} 已被使用，请换一个。") from None
    audit.record(
        Action.CREATED,
        user,
        actor=actor,
        edition=edition,
        changes={"username": [None, username], "name": [None, account.name.strip()]},
    )
    _give_role(edition, user, account, actor)
    return user


def _check_target(edition, account: NewAccount, actor: Actor) -> None:
    """The event or delegation is one the actor manages (the office: any)."""
    allowed = grants(actor.user, edition) if actor.user is not None else None
    if allowed is None or allowed.everyone:
        return
    if account.role in PANEL_ROLES and account.event not in allowed.events:
        raise PermissionDenied("您只能为本单位承办的比赛项目新建评判组账号。")
    if account.role == Role.REGISTRAR and account.organization not in allowed.delegations:
        raise PermissionDenied("您只能为本代表队新建报名联络员账号。")


def _give_role(edition, user, account: NewAccount, actor: Actor) -> None:
    if account.role in PANEL_ROLES:
        final = final_of(account.event)
        try:  # the panel's own service: conflicts of interest, a locked final
            appoint(final, user, account.role, account.organization, actor=actor)
        except ScoringError as exc:
            raise AccountError(str(exc)) from None
        return
    membership = Membership.objects.create(
        user=user, edition=edition, organization=account.organization, role=account.role
    )
    audit.record(
        Action.ROLE_ADDED,
        membership,
        actor=actor,
        edition=edition,
        changes={"role": [None, account.role], "user": [None, user.username]},
    )


# ---- managing an existing account
def _require_manages(edition, user, actor: Actor) -> None:
    """The actor manages every role the user holds in the edition, holds none elsewhere (one
    edition's host does not disable another's judge), and is not the user."""
    if actor.user is None:
        return
    if user.pk == actor.user.pk:
        raise AccountError("不能停用或重置自己的账号。")
    allowed = grants(actor.user, edition)
    held = list(Membership.objects.filter(user=user))
    mine = allowed.everyone or (
        held
        and all(m.edition_id == edition.pk and allowed.covers(m) for m in held)
        and not user.is_staff
    )
    if not mine or user.is_superuser:
        raise PermissionDenied(REFUSED)


@transaction.atomic
def set_active(edition, user, active: bool, *, actor: Actor) -> None:
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    _require_manages(edition, user, actor)
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    action = Action.ENABLED if active else Action.DISABLED
    changes = {"is_active": [not active, active]}
    audit.record(action, user, actor=actor, edition=edition, changes=changes)


@transaction.atomic
def issue_link(edition, user, *, actor: Actor) -> str:
    """A new one-time link (the path) for the user to set a password; an earlier link stops
    working once either is used. Audited without the link."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    _require_manages(edition, user, actor)
    if not user.is_active:
        raise AccountError("该账号已停用：请先启用，再生成设置密码链接。")
    if user.has_usable_password():  # a link shown to someone else would hand them the account
        raise AccountError(
            f"{user.username} 已由本人设置了密码：为防止他人冒用，平台不把新链接交给别人。"
            "如本人忘记密码，请停用该账号，再为其新建一个账号。"
        )
    audit.record(Action.LINK_ISSUED, user, actor=actor, edition=edition)
    return link_path(user)


def link_path(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:set_password", args=[uid, token])


def links_sheet_issued(edition, count: int, *, actor: Actor) -> None:
    """The sheet of links just created was downloaded (fresh links, audited without them)."""
    if actor.user is not None and not grants(actor.user, edition).any:
        raise PermissionDenied(REFUSED)
    changes = {"accounts": [None, count]}
    audit.record(Action.LINK_ISSUED, None, actor=actor, edition=edition, changes=changes)


def password_set(user, *, actor: Actor) -> None:
    """Its owner set the password through a link (Django's form stored it)."""
    audit.record(Action.PASSWORD_SET, user, actor=actor)
