"""The finals answer registration: an entry approved after its event's contest numbers are drawn
must be drawn in (the encryption officer redraws while no mark exists); once marking has begun
the finalists are settled and no entry can be approved. A team that has its contest number keeps
its members and name."""

from __future__ import annotations

from zhenxing.registration.signals import approving, team_changing

from .models import Competitor, Final, Mark

SETTLED = "本项目已开始评分，决赛选手名单已确定：不能再审核通过报名。"
TEAM_DRAWN = (
    "该队已抽取参赛号，队员和队名随参赛号进入决赛：不能再更换队员、改名或解散。"
    "确需变动，请联系组委会办公室。"
)
REDRAW = "本项目已抽取参赛号：新通过的选手须由加密裁判在评分开始前重新抽签，才进入决赛名单。"


def _approving(sender, entry, **kwargs):
    final = Final.objects.filter(event_id=entry.event_id).first()
    if final is None or not final.competitors.exists():
        return None
    if final.locked or Mark.objects.filter(competitor__final=final).exists():
        return {"refuse": SETTLED}
    return {"note": REDRAW}


def _team_changing(sender, team, **kwargs):
    if Competitor.objects.filter(team_id=team.pk).exists():
        return {"refuse": TEAM_DRAWN}
    return None


def connect() -> None:
    approving.connect(_approving, dispatch_uid="judging.approving")
    team_changing.connect(_team_changing, dispatch_uid="judging.team_changing")
