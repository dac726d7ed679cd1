"""Blueprints and papers: saving a blueprint (its rows must sum to the paper's full marks), the
bank as the rules core sees it, drawing papers with a recorded seed (the inputs are stored, so a
re-draw gives the same papers), and a supervisor's confirmation. Decisions come from
rules.exam_papers with their reasons."""

from __future__ import annotations

import re
import secrets
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.rules import exam_papers

from . import banks, sheets
from .access import part_bank
from .actions import ExamAction as Action
from .models import Blueprint, Kind, Paper, PaperDraw, PaperItem, QuestionVersion

ANY = ("", "任意", "不限", "-", "—", "*")


class PaperError(Exception):
    """A refusal a person can act on (one message or a list)."""

    def __init__(self, message: str | list[str]):
        self.messages = message if isinstance(message, list) else [message]
        super().__init__("；".join(self.messages))


def parse_rows(text: str) -> tuple[list[dict], list[str]]:
    """The blueprint's rows typed one a line (范围，题型，难度，题数，每题分值), and the problems."""
    rows, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in re.split(r"[,，\t|、]", line)]
        if len(cells) != 5:
            problems.append(
                f"第 {number} 行应有 5 项（范围，题型，难度，题数，每题分值），现有 {len(cells)} 项"
            )
            continue
        scope, kind_text, difficulty_text, count_text, points_text = cells
        kind = sheets.KIND_NAMES.get(kind_text) or (kind_text if kind_text in Kind.values else None)
        difficulty = _difficulty(difficulty_text)
        wrong = []
        if not scope:
            wrong.append("范围不能为空")
        if kind is None:
            wrong.append(f"题型“{kind_text[:10]}”应为 单选题、多选题、判断题、填空题 或 简答题")
        if difficulty == -1:
            wrong.append(f"难度“{difficulty_text[:10]}”应为 1–5 或“任意”")
        if not count_text.isdigit() or not 0 < int(count_text) <= 500:
            wrong.append(f"题数“{count_text[:10]}”应为 1 至 500 的整数")
        points = _points(points_text)
        if points is None:
            wrong.append(f"每题分值“{points_text[:10]}”应为大于 0 的数，最多两位小数")
        if wrong:
            problems.append(f"第 {number} 行：" + "；".join(wrong))
            continue
        rows.append(
            {"scope": scope[:50], "kind": kind, "difficulty": difficulty,
             "count": int(count_text), "points": str(points)}
        )  # fmt: skip
    if not rows and not problems:
        problems.append("细目表至少要有一行")
    return rows, problems


def _difficulty(text: str) -> int | None:
    if text in ANY:
        return None
    if text in sheets.DIFFICULTY_NAMES:
        return sheets.DIFFICULTY_NAMES[text]
    return int(text) if text.isdigit() and 1 <= int(text) <= 5 else -1


def _points(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace("分", ""))
    except InvalidOperation:
        return None
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
        return None
    return value


def rows_text(rows: list[dict]) -> str:
    """A blueprint's rows as the form shows them."""
    lines = []
    for row in rows:
        difficulty = "任意" if row["difficulty"] is None else str(row["difficulty"])
        label = Kind(row["kind"]).label
        lines.append(f"{row['scope']}，{label}，{difficulty}，{row['count']}，{row['points']}")
    return "\n".join(lines)


def blueprint_rows(rows: list[dict]) -> list[exam_papers.BlueprintRow]:
    return [
        exam_papers.BlueprintRow(
            scope=row["scope"],
            kind=row["kind"],
            difficulty=row["difficulty"],
            count=row["count"],
            points=Decimal(row["points"]),
        )
        for row in rows
    ]


def bank_items(edition, event, part: str) -> list[exam_papers.BankItem]:
    """The part's bank as the rules core sees it: current versions in use, with their uses."""
    versions = list(banks.current_versions(part_bank(edition, event, part)))
    uses = banks.uses_of(versions)
    return [
        exam_papers.BankItem(
            id=str(v.pk),
            kind=v.kind,
            area=v.area,
            point=v.point_code,
            difficulty=v.difficulty,
            points=v.points,
            uses=uses.get(v.question_id, 0),
        )
        for v in versions
    ]


def check(blueprint: Blueprint, *, sets: int = 2, max_overlap: Decimal = Decimal("0.5")):
    """(sum check, fill check) outcomes of the blueprint against its bank as it is now."""
    rows = blueprint_rows(blueprint.rows)
    summed = exam_papers.check_blueprint(rows, blueprint.full_marks)
    bank = bank_items(blueprint.event.edition, blueprint.event, blueprint.part)
    filled = exam_papers.check_fill(rows, bank, sets=sets, max_overlap=max_overlap)
    return summed, filled


@transaction.atomic
def save_blueprint(event, blueprint, data: dict, rows: list[dict], *, actor: Actor) -> Blueprint:
    """Create or change a blueprint; refused unless its rows sum to the paper's full marks."""
    access.require(actor, event.edition, perms.EXAM_BANK, event=event)
    summed = exam_papers.check_blueprint(blueprint_rows(rows), data["full_marks"])
    if not summed.ok:
        raise PaperError([r.message for r in summed.reasons])
    if blueprint is None:
        blueprint = Blueprint(event=event, created_by=actor.user)
    else:
        blueprint = Blueprint.objects.select_for_update().get(pk=blueprint.pk)
    blueprint.name = data["name"].strip()
    blueprint.part = data["part"]
    blueprint.full_marks = data["full_marks"]
    blueprint.rows = rows
    blueprint.updated_at = timezone.now()
    blueprint.save()
    audit.record(
        Action.BLUEPRINT_SAVED,
        blueprint,
        actor=actor,
        edition=event.edition,
        changes={"full_marks": str(blueprint.full_marks), "rows": len(rows)},
    )
    return blueprint


def new_seed() -> str:
    return secrets.token_hex(8)


def _draw(inputs: dict, seed: str, sets: int, max_overlap: Decimal):
    rows = blueprint_rows(inputs["rows"])
    bank = [
        exam_papers.BankItem(
            id=i["id"], kind=i["kind"], area=i["area"], point=i["point"],
            difficulty=i["difficulty"], points=Decimal(i["points"]), uses=i["uses"],
        )
        for i in inputs["bank"]
    ]  # fmt: skip
    return exam_papers.draw_papers(rows, bank, seed=seed, sets=sets, max_overlap=max_overlap)


def label_of(index: int) -> str:
    return "正式卷" if index == 0 else f"备用卷{index}"


@transaction.atomic
def draw(blueprint: Blueprint, *, seed: str, sets: int, max_overlap: Decimal, actor: Actor):
    """Draw `sets` papers (the first official, the rest reserve) and keep the inputs: the
    blueprint's rows and the bank as it was, so that anyone can re-draw the same papers."""
    event = blueprint.event
    access.require(actor, event.edition, perms.EXAM_DRAW, event=event)
    blueprint = Blueprint.objects.select_for_update().get(pk=blueprint.pk)
    summed = exam_papers.check_blueprint(blueprint_rows(blueprint.rows), blueprint.full_marks)
    if not summed.ok:
        raise PaperError([r.message for r in summed.reasons])
    items = bank_items(event.edition, event, blueprint.part)
    inputs = {
        "rows": blueprint.rows,
        "bank": [
            {"id": i.id, "kind": i.kind, "area": i.area, "point": i.point,
             "difficulty": i.difficulty, "points": str(i.points), "uses": i.uses}
            for i in items
        ],
    }  # fmt: skip
    seed = seed.strip() or new_seed()
    result = _draw(inputs, seed, sets, max_overlap)
    if not result.ok:
        raise PaperError([r.message for r in result.reasons])
    record = PaperDraw.objects.create(
        blueprint=blueprint,
        seed=seed,
        sets=sets,
        max_overlap=max_overlap,
        inputs=inputs,
        drawn_by=actor.user,
    )
    points = _row_points(blueprint.rows)
    versions = QuestionVersion.objects.in_bulk([int(i) for paper in result.papers for i in paper])
    for index, ids in enumerate(result.papers):
        paper = Paper.objects.create(draw=record, index=index, label=label_of(index))
        PaperItem.objects.bulk_create(
            PaperItem(paper=paper, position=p, version=versions[int(i)], points=points[p])
            for p, i in enumerate(ids)
        )
    audit.record(
        Action.PAPERS_DRAWN,
        record,
        actor=actor,
        edition=event.edition,
        changes={"seed": seed, "sets": sets, "max_overlap": str(max_overlap)},
    )
    return record


def _row_points(rows: list[dict]) -> list[Decimal]:
    """Each position's points: the blueprint's, row by row (the order draw_papers returns)."""
    return [Decimal(row["points"]) for row in rows for _ in range(row["count"])]


def redraw_matches(record: PaperDraw) -> bool:
    """Whether drawing again from the stored inputs and seed gives the stored papers."""
    result = _draw(record.inputs, record.seed, record.sets, record.max_overlap)
    stored = tuple(
        tuple(str(v) for v in p.items.order_by("position").values_list("version_id", flat=True))
        for p in record.papers.order_by("index")
    )
    return result.ok and tuple(tuple(p) for p in result.papers) == stored


@transaction.atomic
def confirm(record: PaperDraw, *, actor: Actor) -> PaperDraw:
    """A supervisor (never the drawer) confirms the draw; only then may a sitting use it."""
    event = record.blueprint.event
    access.require(actor, event.edition, perms.EXAM_SUPERVISE, event=event)
    record = PaperDraw.objects.select_for_update().get(pk=record.pk)
    if actor.user is not None and actor.user.pk == record.drawn_by_id:
        raise PermissionDenied("抽卷人不能确认自己的抽卷，请由另一位监督人员确认")
    if record.confirmed_at:
        raise PaperError("该抽卷已确认。")
    record.confirmed_by = actor.user
    record.confirmed_at = timezone.now()
    record.save(update_fields=["confirmed_by", "confirmed_at"])
    audit.record(Action.DRAW_CONFIRMED, record, actor=actor, edition=event.edition)
    return record
