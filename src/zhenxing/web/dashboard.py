"""What each role has to do next, worked out from the stored edition (no decision is made here)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from zhenxing.awards.models import Award, FinalsList
from zhenxing.editions.models import Edition, Event
from zhenxing.exams import dashboard as exams_dashboard
from zhenxing.judging.anonymity import undrawn
from zhenxing.judging.layers import Layer
from zhenxing.judging.models import Correction, Decryption, Final
from zhenxing.orgaward import materials
from zhenxing.orgaward.kinds import KINDS as ORGAWARD_KINDS
from zhenxing.orgaward.models import SelfEvaluation
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.models import Membership, Role
from zhenxing.registration.models import Delegation, Entry
from zhenxing.registration.schedule import arrangements_for
from zhenxing.results.models import RecheckItem
from zhenxing.showcase import dashboard as showcase_dashboard
from zhenxing.talent import dashboard as talent_dashboard


@dataclass
class Task:
    text: str
    url: str = ""
    done: bool = False


def _office_tasks(edition: Edition) -> list[Task]:
    unhosted = edition.events.filter(host_unit__isnull=True).count()
    unconfirmed = edition.occupations.filter(certificate_confirmed=False).count()
    return [
        Task(
            f"确定 {unhosted} 个国家级竞赛职业比赛项目的承办单位（通知：另行通知）",
            reverse("web:edition_settings", args=[edition.code]),
            done=unhosted == 0,
        ),
        Task(
            f"人社厅确认 {unconfirmed} 个职业的证书类别（国家职业资格 / 专项职业能力 / 不颁发）",
            reverse("awards:certificate_kinds", args=[edition.code]),
            done=unconfirmed == 0,
        ),
        Task(
            "设定报名截止日期（通知未规定，另行通知）",
            reverse("web:edition_settings", args=[edition.code]),
            done=edition.registration_deadline is not None,
        ),
        Task(
            _review_text(edition),
            reverse("registration:review_queue", args=[edition.code]),
            done=not _submitted(edition).exists(),
        ),
        Task("查看各代表队报名", reverse("registration:delegation_list", args=[edition.code])),
        Task(
            "各比赛项目的比赛安排和报名名单",
            reverse("registration:event_list", args=[edition.code]),
        ),
        *_office_finals(edition),
        *_awards_tasks(edition, "YL"),
        *_national_tasks(edition),
        _orgaward_office_task(edition),
        *_materials_office_tasks(edition),
        *_app_tasks(showcase_dashboard.office_tasks(edition)),
        *_app_tasks(talent_dashboard.office_tasks(edition)),
        Task("查阅审计日志", reverse("web:audit_log", args=[edition.code])),
    ]


def _awards_tasks(edition: Edition, approver: str) -> list[Task]:
    """The awards awaiting this approver, and events whose results are final with none yet."""
    waiting = Award.objects.filter(
        final__event__edition=edition, approver=approver, status=Award.Status.PROPOSED
    ).count()
    url = reverse("awards:home", args=[edition.code])
    body = "人社厅" if approver == "HRSS" else "团委"
    return [Task(f"核准奖项：{waiting} 项待{body}核准", url, done=waiting == 0)]


def _national_tasks(edition: Edition) -> list[Task]:
    unconfirmed = FinalsList.objects.filter(
        final__event__edition=edition, confirmed_at__isnull=True
    ).count()
    if not unconfirmed:
        return []
    url = reverse("awards:national_finals", args=[edition.code])
    return [Task(f"确认全国决赛推荐名单：{unconfirmed} 个项目待确认", url)]


def _office_finals(edition: Edition) -> list[Task]:

    locked = Final.objects.filter(
        event__edition=edition, locked_at__isnull=False, published_at__isnull=True
    ).select_related("event__occupation")
    return [
        Task(f"发布成绩：{f.event}（已锁定）", _final_url(edition, f.event, "results:results"))
        for f in locked
    ]


def _submitted(edition: Edition, **scope):

    return Entry.objects.filter(delegation__edition=edition, status=Entry.Status.SUBMITTED, **scope)


def _review_text(edition: Edition, **scope) -> str:
    return f"审核报名：{_submitted(edition, **scope).count()} 条待审核"


def _hrss_tasks(edition: Edition) -> list[Task]:
    unconfirmed = edition.occupations.filter(certificate_confirmed=False)
    names = "、".join(o.name for o in unconfirmed[:5])
    more = "等" if unconfirmed.count() > 5 else ""
    return [
        Task(
            f"核对哪些职业属于国家职业资格目录且由人社部门实施：{names}{more}尚未确认",
            reverse("awards:certificate_kinds", args=[edition.code]),
            done=not unconfirmed.exists(),
        ),
        *_awards_tasks(edition, "HRSS"),
        Task("查看各代表队报名", reverse("registration:delegation_list", args=[edition.code])),
        Task("各比赛项目的报名名单", reverse("registration:event_list", args=[edition.code])),
    ]


def _host_tasks(edition: Edition, membership: Membership) -> list[Task]:
    events = Event.objects.filter(edition=edition, host_unit=membership.organization)
    tasks = [
        Task(
            f"承办 {event}：确定比赛时间、地点和报名所需材料",
            reverse("registration:arrangement", args=[edition.code, event.pk]),
            done=hasattr(event, "arrangement") and bool(event.arrangement.venue),
        )
        for event in events.select_related("occupation", "arrangement")
    ]
    tasks += _finals_tasks(edition, list(events.select_related("occupation")))
    tasks.append(
        Task("承办项目的报名名单", reverse("registration:event_list", args=[edition.code]))
    )
    tasks += _materials_tasks(edition, membership.organization)
    scope = {"event__host_unit": membership.organization}
    tasks.append(
        Task(
            _review_text(edition, **scope),
            reverse("registration:review_queue", args=[edition.code]),
            done=not _submitted(edition, **scope).exists(),
        )
    )
    return tasks


def _registrar_tasks(edition: Edition, membership: Membership) -> list[Task]:
    org = membership.organization
    url = reverse("web:organization_detail", args=[edition.code, org.pk])

    entries = Entry.objects.filter(delegation__edition=edition, delegation__organization=org)
    returned = entries.filter(status=Entry.Status.RETURNED).count()
    drafts = entries.filter(status=Entry.Status.DRAFT).count()
    mine = reverse("registration:my_delegation", args=[edition.code])
    delegation = Delegation.objects.filter(edition=edition, organization=org).first()
    led = bool(delegation and delegation.leader_name and delegation.contact_phone)
    return [
        Task("填写本单位联系人和联系电话", url, done=bool(org.contact_name and org.contact_phone)),
        Task("填写代表队领队和联系人（代表队页面）", mine, done=led),
        Task(f"报名参赛选手（已报 {entries.count()} 人）", mine),
        Task(f"修改被退回的报名：{returned} 条", mine, done=returned == 0),
        Task(f"提交草稿状态的报名供审核：{drafts} 条", mine, done=drafts == 0),
        *_check_in_tasks(delegation, mine),
        *_certificate_tasks(edition, delegation),
        *_orgaward_tasks(edition, org),
        *_app_tasks(showcase_dashboard.organization_tasks(edition, org)),
        *_app_tasks(talent_dashboard.organization_tasks(edition, org)),
    ]


def _app_tasks(rows: list[tuple[str, str, bool]]) -> list[Task]:
    """An app's own dashboard rows (text, url, done) as tasks."""
    return [Task(text, url, done=done) for text, url, done in rows]


def _orgaward_office_task(edition: Edition) -> Task:
    submitted = SelfEvaluation.objects.filter(
        edition=edition, status=SelfEvaluation.Status.SUBMITTED
    ).count()
    return Task(
        f"优秀组织奖：{submitted} 个单位已提交自评表，待考核",
        reverse("orgaward:home", args=[edition.code]),
        done=submitted == 0,
    )


def _orgaward_tasks(edition: Edition, org) -> list[Task]:
    kept = sum(
        k.model.objects.filter(edition=edition, organization=org).count() for k in ORGAWARD_KINDS
    )
    form = SelfEvaluation.objects.filter(edition=edition, organization=org).first()
    submitted = form is not None and form.is_locked
    records = reverse("orgaward:organization", args=[edition.code, org.pk])
    page = reverse("orgaward:form", args=[edition.code, org.pk])
    if form is not None and form.status == SelfEvaluation.Status.RETURNED:
        submit = Task(f"优秀组织奖自评表被退回（{form.return_reason}）：修改后重新提交", page)
    else:
        submit = Task("提交优秀组织奖自评表", page, done=submitted)
    return [
        Task(f"记录优秀组织奖材料并上传佐证（已记 {kept} 条）", records, done=submitted),
        submit,
        *_materials_tasks(edition, org),
    ]


def _deadline_text(edition: Edition) -> str:
    deadline = edition.materials_deadline
    when = f"{deadline:%Y年%-m月%-d日}前" if deadline else "截止日期未定"
    return when + ("，已逾期" if materials.past_deadline(edition) else "")


def _materials_tasks(edition: Edition, org) -> list[Task]:
    if not materials.items(edition):
        return []
    missing = materials.missing(edition, org)
    url = reverse("orgaward:materials", args=[edition.code, org.pk])
    names = "、".join(s.item for s in missing)
    text = f"报送活动材料（{_deadline_text(edition)}）" + (f"：尚缺 {names}" if missing else "")
    return [Task(text, url, done=not missing)]


def _materials_office_tasks(edition: Edition) -> list[Task]:
    if not materials.items(edition):
        return []
    lacking = sum(1 for _, states in materials.overview(edition) if not all(s.sent for s in states))
    url = reverse("orgaward:materials_overview", args=[edition.code])
    text = f"材料报送（{_deadline_text(edition)}）：{lacking} 个单位尚有缺项"
    return [Task(text, url, done=lacking == 0)]


CHECK_IN_SHOWN = 120  # characters of 报到须知 on the dashboard; the delegation page has it all


def _check_in_tasks(delegation, mine: str) -> list[Task]:
    if delegation is None:
        return []
    tasks = []
    for arrangement in arrangements_for(delegation):
        when = f"{arrangement.starts_on:%Y年%-m月%-d日} " if arrangement.starts_on else ""
        text = arrangement.check_in.strip().replace("\n", " ")
        more = "…" if len(text) > CHECK_IN_SHOWN else ""
        tasks.append(
            Task(
                f"比赛安排 · {arrangement.event}：{when}{arrangement.venue}"
                + (f"；报到须知：{text[:CHECK_IN_SHOWN]}{more}" if text else ""),
                mine + "#arrangements",
            )
        )
    return tasks


def _certificate_tasks(edition: Edition, delegation) -> list[Task]:
    if delegation is None:
        return []
    won = Award.objects.filter(
        competitor__entry__delegation=delegation, status=Award.Status.APPROVED
    ).count()
    if not won:
        return []
    url = reverse("awards:delegation_certificates", args=[edition.code, delegation.pk])
    return [Task(f"下载本代表队选手的获奖证书：{won} 份", url)]


def _final_url(edition: Edition, event: Event, name: str = "judging:final_home") -> str:
    return reverse(name, args=[edition.code, event.pk])


def _panel_tasks(edition: Edition, membership: Membership) -> list[Task]:

    event = membership.event
    if event is None:
        return [Task("等待组委会分配比赛项目")]
    final = Final.objects.filter(event=event).first()
    role = membership.get_role_display()
    if membership.role == Role.ENCRYPTION_OFFICER:
        return _keeper_tasks(edition, event, final)
    if final is None or not final.competitors.exists():
        return [Task(f"{role}：{event}，等待评分开始", _final_url(edition, event))]
    if final.locked:
        locked = Task(f"{role}：{event}，成绩已锁定", _final_url(edition, event), done=True)
        if membership.role == Role.CHIEF_JUDGE:
            return [locked, *_recheck_error_tasks(edition, final)]
        return [locked]
    tasks = [Task(f"{role}：{event}，录入评分", _final_url(edition, event, "judging:score_index"))]
    if membership.role == Role.CHIEF_JUDGE:
        count = len(final.problems)
        tasks.append(
            Task(
                f"处理待处理问题 {count} 个，然后锁定成绩",
                _final_url(edition, event, "judging:problems"),
                done=count == 0,
            )
        )
    return tasks


def _recheck_error_tasks(edition: Edition, final) -> list[Task]:
    """Re-check findings of an error with no correction proposed since: the chief judge's."""
    errors = RecheckItem.objects.filter(
        recheck__final=final, outcome=RecheckItem.Outcome.ERROR
    ).select_related("competitor")
    url = _final_url(edition, final.event, "results:corrections")
    tasks = []
    for item in errors:
        corrected = Correction.objects.filter(
            mark__competitor=item.competitor, proposed_at__gte=item.checked_at
        ).exists()
        note = f"（{item.note}）" if item.note else ""
        tasks.append(
            Task(f"复核发现有误：{item.competitor}{note}，请提出更正", url, done=corrected)
        )
    return tasks


def _keeper_tasks(edition: Edition, event: Event, final) -> list[Task]:
    """The encryption officer: draws and sign-in sheets, then decryption after the lock; once
    the results are published, nothing."""
    if final is not None and final.published_at:
        return [Task(f"加密裁判：{event}，成绩已发布，加密工作已完成", done=True)]
    drawn = final is not None and final.competitors.exists()
    tasks = [
        Task(f"加密裁判：{event}，抽取参赛号", _final_url(edition, event), done=drawn),
        *_redraw_tasks(edition, event, final),
        Task("检录抽工位号、评审号，打印签到表", _final_url(edition, event, "judging:anonymity")),
    ]
    if final is not None and final.locked:
        done = final.decrypted_at is not None
        tasks.append(
            Task("成绩已锁定：逐层申请解密", _final_url(edition, event, "judging:decryption"), done)
        )
    return tasks


def _redraw_tasks(edition: Edition, event: Event, final) -> list[Task]:
    late = undrawn(final) if final is not None and not final.locked else 0
    if not late:
        return []
    return [Task(f"重新抽签：抽签后又有 {late} 名选手审核通过", _final_url(edition, event))]


def _finals_tasks(edition: Edition, events) -> list[Task]:
    """Host unit and office: each event's scoring; the office also publishes locked results."""

    finals = {f.event_id: f for f in Final.objects.filter(event__in=events)}
    tasks = []
    for event in events:
        final = finals.get(event.pk)
        if final is not None and final.locked and not final.published_at:
            text, url = (
                f"{event}：成绩已锁定，待发布",
                _final_url(edition, event, "results:results"),
            )
            tasks.append(Task(text, url))
        elif final is None or not final.published_at:
            text = f"{event} 决赛评分：评分标准、评判组、参赛号"
            tasks.append(Task(text, _final_url(edition, event)))
    return tasks


def _decryption_tasks(edition: Edition, finals) -> list[Task]:
    waiting = Decryption.objects.filter(final__in=finals, confirmed_at__isnull=True)
    return [
        Task(
            f"确认解密：{d.final.event}（{Layer(d.layer).label}），加密裁判已申请",
            _final_url(edition, d.final.event, "judging:decryption"),
        )
        for d in waiting.select_related("final__event__occupation")
    ]


def _watch_tasks(edition: Edition, membership: Membership) -> list[Task]:
    """Supervisors: pending corrections first, then each final; arbitrators: each final's appeals."""

    finals = Final.objects.filter(event__edition=edition).select_related("event__occupation")
    if membership.event_id:
        finals = finals.filter(event=membership.event_id)
    tasks = []
    if membership.role == Role.SUPERVISOR:
        pending = Correction.objects.filter(
            mark__competitor__final__in=finals, status=Correction.Status.PENDING
        ).select_related("mark__competitor__final__event__occupation")
        tasks = [
            Task(
                f"确认锁定后更正：{c.mark.competitor.final.event} {c.mark.competitor.code} "
                f"{c.mark.aspect_key}",
                _final_url(edition, c.mark.competitor.final.event, "results:corrections"),
            )
            for c in pending
        ]
    if membership.role == Role.SUPERVISOR:
        tasks += _decryption_tasks(edition, finals)
    arbiter = membership.role == Role.ARBITRATOR
    for final in finals.order_by("event__position"):
        text = (
            f"{final.event} 决赛：{'申诉登记与裁决' if arbiter else '监督评分、解密、复核与申诉'}"
        )
        tasks.append(
            Task(
                text,
                _final_url(
                    edition, final.event, "results:appeals" if arbiter else "judging:final_home"
                ),
            )
        )
    return tasks or [Task("决赛开始后在此监督评分、复核与申诉")]


ACCOUNT_TEXT = {
    perms.ACCOUNT_MANAGE: "账号管理：新建、停用账号，发设置密码链接",
    perms.ACCOUNT_TEAM: "账号管理：为本单位评判组或本代表队新建账号，发设置密码链接",
}


def tasks_for(membership: Membership) -> list[Task]:
    tasks = _role_tasks(membership) + _app_tasks(exams_dashboard.tasks_for(membership))
    codes = perms.ROLE_PERMISSIONS.get(membership.role, frozenset())
    text = next((text for code, text in ACCOUNT_TEXT.items() if code in codes), None)
    if text:
        tasks.append(Task(text, reverse("accounts:home", args=[membership.edition.code])))
    return tasks


def _role_tasks(membership: Membership) -> list[Task]:
    edition = membership.edition
    if membership.role == Role.COMMITTEE_OFFICE:
        return _office_tasks(edition)
    if membership.role == Role.HRSS_REVIEWER:
        return _hrss_tasks(edition)
    if membership.role == Role.HOST_STAFF:
        return _host_tasks(edition, membership)
    if membership.role == Role.REGISTRAR:
        return _registrar_tasks(edition, membership)
    if membership.role in (Role.SUPERVISOR, Role.ARBITRATOR):
        return _watch_tasks(edition, membership)
    return _panel_tasks(edition, membership)
