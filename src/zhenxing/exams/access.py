"""Access helpers of the theory exam: an event's exam area, a bank, a paper (sealed), a sitting.
Host staff keep their events' banks, draw papers and invigilate; the committee office keeps the
时事政治 bank; supervisors confirm draws; judges mark short answers. Everyone else gets 404, and
lacking the code a page needs is 403.
"""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from zhenxing.editions.models import Event
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.access import Allowed, held, needs

from .models import Bank, Blueprint, Paper, PaperDraw, Part, Sitting

EXAM_CODES = (
    perms.EXAM_VIEW,
    perms.EXAM_BANK,
    perms.EXAM_AFFAIRS,
    perms.EXAM_DRAW,
    perms.EXAM_SUPERVISE,
    perms.EXAM_INVIGILATE,
    perms.EXAM_GRADE,
)
MISSING = "您的角色无权进行此操作"


def _allowed_over(user, edition, event) -> Allowed:
    allowed = held(user, edition, event=event)
    if event is not None and perms.EXAM_AFFAIRS in allowed:
        # the office keeps the 时事政治 bank only; over an event it reads
        allowed = Allowed(allowed.codes - {perms.EXAM_AFFAIRS})
    return allowed


def exams_for_user(user, edition) -> Allowed:
    """The exam area as a whole: anyone holding an exam code in the edition; others 404."""
    allowed = held(user, edition)
    if not allowed.any(*EXAM_CODES):
        raise Http404("未找到理论考试")
    return allowed


def events_for_user(user, edition) -> list[Event]:
    events = Event.objects.filter(edition=edition).select_related("occupation", "host_unit")
    return [e for e in events if _allowed_over(user, edition, e).any(*EXAM_CODES)]


def event_for_user(user, edition, pk: int, need: str | tuple | None = None):
    event = Event.objects.filter(pk=pk, edition=edition).select_related("occupation").first()
    allowed = _allowed_over(user, edition, event) if event else Allowed()
    if event is None or not allowed.any(*EXAM_CODES):
        raise Http404("未找到该比赛项目")
    if need:
        needs(allowed, need, MISSING)
    return event, allowed


def bank_for_user(user, edition, pk: int, write: bool = False):
    """A bank: an event's for that event's exam people; the 时事政治 bank for anyone in the exam
    area (it is published ahead). Writing: exam.bank over the event, or exam.affairs_bank."""
    bank = Bank.objects.filter(pk=pk, edition=edition).select_related("event__occupation").first()
    if bank is None:
        raise Http404("未找到该题库")
    if bank.event_id:
        _, allowed = event_for_user(user, edition, bank.event_id)
        need = perms.EXAM_BANK
    else:
        allowed = exams_for_user(user, edition)
        need = perms.EXAM_AFFAIRS
    if write:
        needs(allowed, need, "您只能查看该题库，不能修改")
    return bank, allowed


def blueprint_for_user(user, edition, pk: int, need: str | tuple | None = None):
    blueprint = Blueprint.objects.filter(pk=pk, event__edition=edition).first()
    if blueprint is None:
        raise Http404("未找到该细目表")
    event, allowed = event_for_user(user, edition, blueprint.event_id, need)
    return blueprint, event, allowed


def draw_for_user(user, edition, pk: int, need: str | tuple | None = None):
    draw = PaperDraw.objects.filter(pk=pk, blueprint__event__edition=edition).first()
    if draw is None:
        raise Http404("未找到该抽卷记录")
    event, allowed = event_for_user(user, edition, draw.blueprint.event_id, need)
    return draw, event, allowed


def is_open(paper: Paper) -> bool:
    """Whether an exam sat on the paper has begun (its seal is broken)."""
    return paper.sittings.filter(starts_at__lte=timezone.now()).exists()


def may_read_paper(user, paper: Paper) -> bool:
    """Sealed: only the drawer reads the questions until an exam on the paper opens; then the
    event's exam people (exam.view)."""
    if paper.draw.drawn_by_id == user.pk:
        return True
    event = paper.draw.blueprint.event
    return is_open(paper) and perms.EXAM_VIEW in held(user, event.edition, event=event)


def may_read_key(user, paper: Paper) -> bool:
    """The printable key: its drawer; once the exam opens, the event's host unit (exam.draw) and
    supervisor (exam.supervise). Others (even those who may read the paper) get 404."""
    if paper.draw.drawn_by_id == user.pk:
        return True
    event = paper.draw.blueprint.event
    allowed = held(user, event.edition, event=event)
    return is_open(paper) and allowed.any(perms.EXAM_DRAW, perms.EXAM_SUPERVISE)


def paper_for_user(user, edition, pk: int):
    """A paper's questions: 404 to everyone the seal keeps out (even who may see the draw)."""
    paper = (
        Paper.objects.filter(pk=pk, draw__blueprint__event__edition=edition)
        .select_related("draw__blueprint__event__occupation", "draw__blueprint__event__edition")
        .first()
    )
    if paper is None or not user.is_authenticated or not may_read_paper(user, paper):
        raise Http404("未找到该试卷")
    return paper


def sitting_for_user(user, edition, pk: int, need: str | tuple | None = None):
    sitting = (
        Sitting.objects.filter(pk=pk, final__event__edition=edition)
        .select_related("final__event__occupation", "paper__draw__blueprint")
        .first()
    )
    if sitting is None:
        raise Http404("未找到该考试场次")
    event, allowed = event_for_user(user, edition, sitting.final.event_id, need)
    return sitting, event, allowed


def part_bank(edition, event, part: str) -> Bank:
    """The bank a part's papers are drawn from: the event's own, or the edition's 时事政治 bank."""
    if part == Part.CURRENT_AFFAIRS:
        bank, _ = Bank.objects.get_or_create(
            edition=edition, event=None, defaults={"part": Part.CURRENT_AFFAIRS}
        )
    else:
        bank, _ = Bank.objects.get_or_create(
            edition=edition, event=event, defaults={"part": Part.KNOWLEDGE}
        )
    return bank
