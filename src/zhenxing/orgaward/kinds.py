"""The kinds of record an organization keeps, in the order of the A4 form: each its model, the
fields its form asks for, the columns its list shows, and the form rows it feeds."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from . import models as m


@dataclass(frozen=True)
class Kind:
    slug: str
    model: type[m.Record]
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    hint: str

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)


KINDS = (
    Kind(
        "committee",
        m.Committee,
        (
            "established_on",
            "members",
            "notice_title",
            "notice_number",
            "notice_issued_on",
            "notice_issuer",
        ),
        ("established_on", "notice_title", "notice_number", "notice_issuer"),
        "成立竞赛组委会（4 分）；联合人社部门下发竞赛通知 4 分，共青团独立下发 2 分。"
        "请上传组委会成立文件和竞赛通知。",
    ),
    Kind(
        "meeting",
        m.Meeting,
        ("held_on", "topic", "minutes"),
        ("held_on", "topic"),
        "定期召开会议研究部署推进竞赛工作（4 分）。请上传会议纪要或通知。",
    ),
    Kind(
        "preliminary",
        m.Preliminary,
        (
            "occupation",
            "level",
            "starts_on",
            "ends_on",
            "venue",
            "participants",
            "final_event",
            "winners",
            "finalists",
        ),
        ("occupation", "level", "starts_on", "venue", "participants", "final_event"),
        "针对决赛的 3 个职业举办初赛每个 5 分（最高 10 分），其他职业每个 2 分（最高 10 分）；"
        "同一职业只计一次。请上传初赛通知和成绩名单。",
    ),
    Kind(
        "incentive",
        m.Incentive,
        ("kind", "description", "decided_on"),
        ("kind", "decided_on"),
        "盟市级技术能手 3 分、青年岗位能手 2 分、职级晋升 3 分、物质奖励等 2 分。请上传相关文件。",
    ),
    Kind(
        "coverage",
        m.Coverage,
        ("year", "youth_covered", "contests", "note"),
        ("year", "youth_covered", "contests"),
        "填写今年和去年各一条：覆盖青年人数同比增长 50% 以上 10 分，40%~50% 8 分，30%~40% 6 分，"
        "10%~20% 4 分，10% 以内 2 分；其他情况由考核人核定。",
    ),
    Kind(
        "sharing",
        m.SharingEvent,
        ("held_on", "title", "venue", "participants", "description"),
        ("held_on", "title", "venue", "participants"),
        "初赛期间每组织一场技能人才典型分享交流活动 2 分，最高 8 分。请上传活动照片或简报。",
    ),
    Kind(
        "media",
        m.MediaReport,
        ("level", "outlet", "published_on", "title", "link"),
        ("level", "outlet", "published_on", "title"),
        "中央媒体（含新媒体）每条 2 分，省级媒体每条 1 分，盟市级媒体每条 0.5 分，最高 6 分。"
        "请上传报道截图。",
    ),
    Kind(
        "training",
        m.TrainingClass,
        ("title", "starts_on", "trainees", "days", "with_hrss"),
        ("title", "starts_on", "trainees", "days", "with_hrss"),
        "加分项：示范培训班（不少于 50 人、不少于 3 天）每个 5 分，最高 10 分；规模不足的由考核人酌情给分。",
    ),
    Kind(
        "tiered",
        m.TieredTraining,
        ("body", "reach", "description"),
        ("body", "reach"),
        "加分项：带动各级团组织分层级培训，合计覆盖 1 万名以上青年技能人才 5 分。",
    ),
    Kind(
        "safety",
        m.SafetyPlan,
        ("title", "adopted_on", "agency", "responsible", "responsible_phone", "measures"),
        ("title", "agency", "responsible", "responsible_phone"),
        "通知 §六.4：制定安全、卫生应急预案，明确专门机构和责任人（不计分，考核时核查）。",
    ),
)
BY_SLUG = {kind.slug: kind for kind in KINDS}


def kind_of(slug: str) -> Kind:
    if slug not in BY_SLUG:
        raise Http404("未找到该类记录")
    return BY_SLUG[slug]


def kind_of_model(model) -> Kind:
    return next(kind for kind in KINDS if kind.model is type(model) or kind.model is model)
