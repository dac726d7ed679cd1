"""An event's panel (judges, chief judge, clerks, encryption officer) and conflicts of interest:
no judge scores a competitor of an organization the judge belongs to (rules.md §4.3)."""

from __future__ import annotations

from django.db import transaction

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.orgs.models import Membership, Role, person_label
from zhenxing.registration.models import Entry
from zhenxing.rules import draws
from zhenxing.rules.reasons import Reason

from .actions import JudgingAction as Action
from .locking import ScoringError, locked_final
from .models import Competitor, Final

# the roles a host unit appoints to an event's panel, as its page names them
PANEL_CHOICES = [
    (Role.JUDGE, "裁判"),
    (Role.CHIEF_JUDGE, "裁判长"),
    (Role.CLERK, "录分员"),
    (Role.ENCRYPTION_OFFICER, "加密裁判"),
]
JUDGING_ROLES = perms.roles_with(perms.SCORE_JUDGE)  # those who mark: judges, the chief judge


def panel(final: Final) -> list[Membership]:
    return list(
        Membership.objects.filter(event=final.event, role__in=perms.PANEL_ROLES)
        .select_related("user", "organization")
        .order_by("role", "user__username")
    )


def judges(final: Final) -> list:
    """The users who judge the event (judges and the chief judge), by user name."""
    users = {m.user for m in panel(final) if m.role in JUDGING_ROLES}
    return sorted(users, key=lambda user: user.username)


@transaction.atomic
def appoint(final: Final, user, role: str, organization, *, actor: Actor) -> Membership:
    """Put `user` on the panel as `role` for `organization` (its name is checked for conflicts
    of interest, as is every organization the user belongs to in the edition)."""
    edition = final.event.edition
    access.require(actor, edition, perms.EVENT_MANAGE, event=final.event)
    final = locked_final(final)
    _refuse_once_locked(final)
    if role not in dict(PANEL_CHOICES):
        raise ScoringError("请选择角色：" + "、".join(label for _, label in PANEL_CHOICES))
    if role in JUDGING_ROLES:
        check_new_judge(final, user, organization.name)
    membership, created = Membership.objects.get_or_create(
        user=user, edition=edition, organization=organization, role=role, event=final.event
    )
    if created:
        audit.record(
            Action.PANEL_ADDED,
            membership,
            actor=actor,
            edition=edition,
            changes={"role": [None, role], "user": [None, user.username]},
        )
    return membership


@transaction.atomic
def dismiss(final: Final, membership: Membership, *, actor: Actor) -> None:
    edition = final.event.edition
    access.require(actor, edition, perms.EVENT_MANAGE, event=final.event)
    _refuse_once_locked(locked_final(final))
    audit.record(
        Action.PANEL_REMOVED,
        membership,
        actor=actor,
        edition=edition,
        changes={"role": [membership.role, None], "user": [membership.user.username, None]},
    )
    membership.delete()


def _refuse_once_locked(final: Final) -> None:
    if final.locked:  # removing the encryption officer now would leave no one to decrypt
        raise ScoringError("成绩已锁定，评判组不能再调整")


# ---------------------------------------------------------------- conflicts of interest


def _organizations_of(user, edition) -> set[str]:
    """Every organization the user belongs to in the edition, whatever the role (a delegation's
    registrar appointed judge is still of that delegation)."""
    found = Membership.objects.filter(user=user, edition=edition)
    return set(found.values_list("organization__name", flat=True))


def _judge_orgs(final: Final) -> dict[str, set[str]]:
    judging = Membership.objects.filter(event=final.event, role__in=JUDGING_ROLES)
    return {
        person_label(m.user): _organizations_of(m.user, final.event.edition)
        for m in judging.select_related("user")
    }


def _contestant_orgs(final: Final, competitors=None) -> dict[str, list[str]]:
    """Each contestant's organizations (the delegation's, and the employer or school entered),
    by contest number once the numbers are drawn; before the draw, the event's approved entries,
    by delegation, so that a conflict shows when the panel is appointed."""
    if competitors is None:
        competitors = list(
            final.competitors.select_related(
                "entry__delegation__organization", "team"
            ).prefetch_related("team__members")
        )
        if not competitors:
            return _entrant_orgs(final)
    return {
        f"参赛号 {c.number}": [
            c.entry.delegation.organization.name,
            *(member.employer for member in c.members),  # a team: every member's
        ]
        for c in competitors
    }


def _entrant_orgs(final: Final) -> dict[str, list[str]]:
    entries = Entry.objects.filter(event=final.event, status=Entry.Status.APPROVED)
    by_delegation: dict[str, list[str]] = {}
    for entry in entries.select_related("delegation__organization"):
        delegation = entry.delegation.organization.name
        by_delegation.setdefault(delegation, [delegation]).append(entry.employer)
    return {
        f"{name}代表队（报名 {len(orgs) - 1} 人）": orgs for name, orgs in by_delegation.items()
    }


def conflicts(final: Final, judge_orgs=None, competitors=None) -> list[Reason]:
    """Every judge/competitor pair of one organization (each judge scores every competitor);
    `judge_orgs` maps a judge's user name to the judge's organizations.

    Messages name judges by user name and competitors by the contest number (before the draw,
    by delegation), never by name.
    """
    judge_orgs = judge_orgs if judge_orgs is not None else _judge_orgs(final)
    contestant_orgs = _contestant_orgs(final, competitors)
    found = []
    for judge, organizations in judge_orgs.items():
        for organization in sorted(organizations):
            assignments = {judge: list(contestant_orgs)}
            pairs = draws.conflicts(assignments, {judge: organization}, contestant_orgs)
            found += [r for r in pairs if r.code == "CONFLICT_OF_INTEREST" and r not in found]
    return found


def refuse_conflicts(reasons: list[Reason]) -> None:
    if reasons:
        raise ScoringError([r.message for r in reasons[:10]])


def check_new_judge(final: Final, user, organization_name: str) -> None:
    """Refuse to put a judge on the panel whose organization — the one given at appointment, or
    any the user belongs to in the edition — has a finalist in the event."""
    organizations = {organization_name} | _organizations_of(user, final.event.edition)
    refuse_conflicts(conflicts(final, judge_orgs={person_label(user): organizations}))


def check_at_entry(final: Final, competitor: Competitor, judge) -> None:
    """Re-checked at every save: the judge may not score a competitor of the judge's organization."""
    organizations = _organizations_of(judge, final.event.edition)
    if conflicts(final, judge_orgs={judge.username: organizations}, competitors=[competitor]):
        raise ScoringError(
            f"回避：裁判 {person_label(judge)} 与{competitor}同属一个单位，不得为其评分"
            "（平台规则说明 §4.3）"
        )
