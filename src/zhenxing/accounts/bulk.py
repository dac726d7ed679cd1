"""An xlsx list of people becomes accounts: each row's role, organization and event found by
the names people write, every row checked, then all created or none."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from zhenxing.formats import account_sheets
from zhenxing.orgs.audit import Actor
from zhenxing.orgs.models import Organization, Role

from . import services
from .scope import grants
from .services import AccountError, NewAccount


def template_for(edition, actor: Actor) -> bytes:
    allowed = grants(actor.user, edition)
    roles = [Role(r).label for r in allowed.roles]
    event = allowed.events[0] if allowed.events else None
    organization = (allowed.delegations or (None,))[0]
    example = [
        "张三",
        "",
        roles[0] if roles else "",
        organization.full_name if organization else "",
    ]
    example += [str(event) if event else "", ""]
    notes = [
        "每行一个人；第 1 行表头不要改动。",
        "角色可填：" + "、".join(roles) + "。",
        "所属单位填组织全称（如“共青团呼和浩特市委员会”）；用于评判组回避核对。",
        "比赛项目只有裁判、裁判长、录分员、加密裁判需要填写，写法如“数控车工（职工组）”。",
        "用户名可留空，由平台生成；电子邮箱可留空。",
        "上传后平台检查每一行：有错误时一个账号也不建，并列出每行要改的地方。",
        "建好后，页面列出每个人的一次性设置密码链接，请分别转交本人（平台不设置、也不显示任何密码）。",
    ]
    return account_sheets.template(roles, example, notes)


def _lookup_organization(text: str) -> tuple[Organization | None, str]:
    organizations = list(Organization.objects.all())
    for matches in (
        [o for o in organizations if o.full_name == text],
        [o for o in organizations if o.body == text],
        [o for o in organizations if o.name == text],
    ):
        if len(matches) == 1:
            return matches[0], ""
        if len(matches) > 1:
            names = "、".join(o.full_name for o in matches[:3])
            return (
                None,
                f"所属单位“{text}”有 {len(matches)} 个同名组织（{names}），请填写组织全称。",
            )
    return None, f"平台中没有名为“{text}”的组织，请填写组织全称。"


def accounts_from(edition, data: bytes, *, actor: Actor):
    """([(row number, account)], [(row number, [messages])]); SheetError for a bad file."""
    roles = {Role(r).label: r for r in Role} | {r.value: r.value for r in Role}
    events = {str(e): e for e in edition.events.select_related("occupation")}
    accounts, errors, usernames = [], [], set()
    for number, row in account_sheets.read(data):
        found = []
        role = roles.get(row["role"], "")
        if not role:
            found.append(f"角色“{row['role']}”不存在，可填：" + "、".join(Role.labels) + "。")
        organization, problem = (
            _lookup_organization(row["organization"]) if row["organization"] else (None, "")
        )
        if problem:
            found.append(problem)
        event = events.get(row["event"]) if row["event"] else None
        if row["event"] and event is None:
            found.append(f"本届没有“{row['event']}”这个比赛项目，写法如“数控车工（职工组）”。")
        if row["username"] and row["username"].lower() in usernames:
            found.append(f"用户名 {row['username']} 在名单中出现了两次。")
        usernames.add(row["username"].lower())
        account = NewAccount(
            name=row["name"],
            role=role,
            organization=organization,
            event=event,
            username=row["username"],
            email=row["email"],
        )
        if role:
            found += [p for p in services.problems(edition, account, actor=actor) if p not in found]
        if found:
            errors.append((number, found))
        accounts.append((number, account))
    return accounts, errors


def create_from(edition, data: bytes, *, actor: Actor):
    """The users created from the list, all or none; AccountError lists each row's problems."""
    accounts, errors = accounts_from(edition, data, actor=actor)
    if errors:
        lines = [f"第 {number} 行：{' '.join(found)}" for number, found in errors]
        raise AccountError("\n".join(lines))
    users = []
    with transaction.atomic():
        for number, account in accounts:
            try:
                users.append(services.create(edition, account, actor=actor))
            except (AccountError, PermissionDenied) as exc:  # what only creating finds
                raise AccountError(f"第 {number} 行：{exc}") from None
    return users
