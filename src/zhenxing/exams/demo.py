"""Demo of the theory exam: a small 业务知识 bank for the demo final of 数控车工（职工组）, a few
时事政治 questions kept by the committee office, a blueprint, a draw by the host unit confirmed by
the supervisor, and a sitting tomorrow (its paper sealed until then). Runs once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhenxing.editions.models import Event
from zhenxing.judging.models import Final
from zhenxing.orgs.audit import Actor

from . import banks, papers, sheets, sittings
from .access import part_bank
from .models import Part, Sitting

SINGLES = [
    ("数控车床主轴转速的单位是（ ）。", ["r/min", "m/min", "mm/r", "mm/min"], "A"),
    ("G01 指令表示（ ）。", ["快速定位", "直线插补", "顺时针圆弧", "暂停"], "B"),
    ("车削外圆时，刀尖高于工件中心，实际前角（ ）。", ["增大", "减小", "不变", "为零"], "A"),
    ("游标卡尺的分度值常见为（ ）。", ["0.02 mm", "0.2 mm", "0.002 mm", "2 mm"], "A"),
    ("硬质合金刀具 YT 类适合加工（ ）。", ["钢件", "铸铁", "有色金属", "陶瓷"], "A"),
    ("数控程序中 M03 表示（ ）。", ["主轴正转", "主轴反转", "主轴停", "程序结束"], "A"),
    ("切削用量三要素不包括（ ）。", ["切削速度", "进给量", "背吃刀量", "刀具寿命"], "D"),
    ("G96 指令的含义是（ ）。", ["恒线速度控制", "恒转速控制", "每转进给", "每分进给"], "A"),
]
JUDGES = [
    ("车削时工件旋转为主运动。", "正确"),
    ("G00 指令可以用于切削加工。", "错误"),
    ("精车时应选较大的背吃刀量。", "错误"),
    ("操作数控车床时必须戴手套。", "错误"),
    ("对刀的目的是建立工件坐标系。", "正确"),
    ("切削液具有冷却和润滑作用。", "正确"),
]
AFFAIRS = [
    ("“振兴杯”全区青年职业技能大赛的主办单位之一是（ ）。", ["共青团内蒙古自治区委员会", "教育厅", "科技厅", "财政厅"], "A"),
    ("大赛决赛理论考试成绩占总成绩的（ ）。", ["20%", "10%", "30%", "50%"], "A"),
]  # fmt: skip


def _single(stem, options, key, point, points="2") -> sheets.QuestionInput:
    values = {
        "题型": "单选题",
        "题干": stem,
        "答案": key,
        "鉴定点": point,
        "分值": points,
        "难度": "2",
    }
    values |= {f"选项{letter}": text for letter, text in zip("ABCD", options, strict=True)}
    return sheets.question_of(values)


def _judge(stem, key) -> sheets.QuestionInput:
    return sheets.question_of({"题型": "判断题", "题干": stem, "答案": key,
                               "鉴定点": "B-01 安全文明生产", "分值": "2", "难度": "1"})  # fmt: skip


def create_demo_exam(edition) -> str:
    cnc = Event.objects.filter(edition=edition, occupation__name="数控车工", group="worker").first()
    final = Final.objects.filter(event=cnc).first() if cnc else None
    if final is None or Sitting.objects.filter(final=final).exists():
        return ""
    users = get_user_model().objects
    host, office = Actor(users.get(username="host")), Actor(users.get(username="office"))
    supervisor = Actor(users.get(username="supervisor"))
    bank = part_bank(edition, cnc, Part.KNOWLEDGE)
    rows = [_single(s, o, k, "A-01 数控车削基础") for s, o, k in SINGLES]
    rows += [_judge(s, k) for s, k in JUDGES]
    rows.append(
        sheets.question_of(
            {
                "题型": "简答题",
                "题干": "简述数控车床开机前的检查内容。",
                "答案": "润滑、气压、急停、刀具与夹具。",
                "鉴定点": "C-01 设备维护",
                "分值": "8",
                "难度": "3",
            }
        )  # fmt: skip
    )
    banks.import_questions(bank, list(enumerate(rows, start=2)), actor=host)
    affairs = part_bank(edition, None, Part.CURRENT_AFFAIRS)
    if not banks.current_versions(affairs).exists():
        items = [_single(s, o, k, "S-01 大赛知识", "5") for s, o, k in AFFAIRS]
        banks.import_questions(affairs, list(enumerate(items, start=2)), actor=office)
    text = "A，单选题，任意，4，2\nB，判断题，任意，4，2\nC，简答题，任意，1，4"
    rows, _ = papers.parse_rows(text)
    data = {"name": "业务知识 演示卷", "part": Part.KNOWLEDGE, "full_marks": Decimal(20)}
    blueprint = papers.save_blueprint(cnc, None, data, rows, actor=host)
    draw = papers.draw(blueprint, seed="demo-2020", sets=2, max_overlap=Decimal("0.5"), actor=host)
    papers.confirm(draw, actor=supervisor)
    tomorrow = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0)
    sitting_data = {
        "starts_at": tomorrow + dt.timedelta(days=1),
        "minutes": 60,
        "short_gap": Decimal(2),
    }
    sittings.create_sitting(final, draw.papers.get(index=0), sitting_data, actor=host)
    return f"理论考试：{cnc} 题库 {len(SINGLES) + len(JUDGES) + 1} 题，已抽卷并经监督确认，明天 9:00 开考"
