"""Writes of the question banks: importing a sheet (all or nothing), editing a question (a new
version once a paper has used it), retiring one. Each checks its own permission code, runs in one
transaction, locks the bank it reads and writes its audit entry."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction
from django.db.models import Count, F, Max

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .actions import ExamAction as Action
from .models import Bank, PaperItem, Question, QuestionVersion
from .sheets import QuestionInput


class ImportRefused(Exception):
    """Rows that stop an import: [(row number, message)]."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__(f"{len(errors)} 行有错误")


class BankError(Exception):
    """A write the bank refuses; the message says what to fix."""


def require_keeper(bank: Bank, actor: Actor) -> None:
    if bank.event_id:
        access.require(actor, bank.edition, perms.EXAM_BANK, event=bank.event)
    else:
        access.require(actor, bank.edition, perms.EXAM_AFFAIRS)


def current_versions(bank: Bank):
    """The bank's questions in use, as their current versions, in number order."""
    return (
        QuestionVersion.objects.filter(question__bank=bank, question__current_id=F("pk"))
        .filter(question__retired=False)
        .select_related("question")
        .order_by("question__number")
    )


def uses_of(versions) -> dict[int, int]:
    """Question id → how many papers used any version of it (least-used is preferred)."""
    question_ids = {v.question_id for v in versions}
    counts = (
        PaperItem.objects.filter(version__question_id__in=question_ids)
        .values("version__question_id")
        .annotate(n=Count("paper", distinct=True))
    )
    return {row["version__question_id"]: row["n"] for row in counts}


def _same(data: QuestionInput) -> tuple:
    return (data.kind, " ".join(data.stem.split()))


@transaction.atomic
def import_questions(bank: Bank, rows: list[tuple[int, QuestionInput | str]], *, actor: Actor):
    """Add every row's question, or none: ImportRefused with each bad row (a problem of its own,
    or a stem already in the bank or twice in the file)."""
    require_keeper(bank, actor)
    bank = Bank.objects.select_for_update().get(pk=bank.pk)
    known = {_same(_input_of(v)): v.question.number for v in current_versions(bank)}
    errors, seen = [], {}
    for number, row in rows:
        if isinstance(row, str):
            errors.append((number, row))
        elif _same(row) in known:
            errors.append((number, f"与题库中第 {known[_same(row)]} 题的题干相同，未重复导入"))
        elif _same(row) in seen:
            errors.append((number, f"与第 {seen[_same(row)]} 行的题干相同"))
        else:
            seen[_same(row)] = number
    if errors:
        raise ImportRefused(errors)
    start = (bank.questions.aggregate(n=Max("number"))["n"] or 0) + 1
    for offset, (_, data) in enumerate(rows):
        question = Question.objects.create(bank=bank, number=start + offset)
        version = QuestionVersion.objects.create(
            question=question, version=1, created_by=actor.user, **_fields(data)
        )
        question.current = version
        question.save(update_fields=["current"])
    audit.record(
        Action.BANK_IMPORTED,
        bank,
        actor=actor,
        edition=bank.edition,
        changes={"imported": len(rows), "numbers": [start, start + len(rows) - 1]},
    )
    return len(rows)


def _fields(data: QuestionInput) -> dict:
    fields = asdict(data)
    fields["options"] = list(data.options)
    return fields


def _input_of(version: QuestionVersion) -> QuestionInput:
    return QuestionInput(
        kind=version.kind,
        stem=version.stem,
        options=tuple(version.options),
        key=version.key,
        explanation=version.explanation,
        difficulty=version.difficulty,
        area=version.area,
        point_code=version.point_code,
        point_name=version.point_name,
        importance=version.importance,
        points=version.points,
    )


@transaction.atomic
def edit_question(question: Question, data: QuestionInput, *, actor: Actor) -> QuestionVersion:
    """Change a question: in place while no paper has used it, else as a new version (the
    papers keep the version they hold). Pictures of options it no longer has are dropped."""
    fields = _fields(data)
    pictures = question.current.option_images
    if any(pictures[len(data.options) :]):
        fields["option_images"] = pictures[: len(data.options)]
    return _change(question, fields, actor)


@transaction.atomic
def set_image(question: Question, image: str, *, actor: Actor) -> QuestionVersion:
    """Give the question's stem a stored picture (its storage name), or none (""): a change
    like any other (a new version once a paper used the question)."""
    return _change(question, {"image": image}, actor)


@transaction.atomic
def set_option_image(question: Question, index: int, image: str, *, actor: Actor):
    """Give option `index` (0 = A) of a single or multiple choice question a stored picture,
    or none (""); BankError if the question has no such option."""
    require_keeper(question.bank, actor)
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("current")
        .get(pk=question.pk)
    )
    current = question.current
    if index >= len(current.options):
        raise BankError(f"第 {question.number} 题没有选项{'ABCDE'[index]}，请先在上方填写该选项。")
    pictures = [current.option_image(i) for i in range(len(current.options))]
    pictures[index] = image
    while pictures and not pictures[-1]:
        pictures.pop()
    return _change(question, {"option_images": pictures}, actor)


def _change(question: Question, fields: dict, actor: Actor) -> QuestionVersion:
    require_keeper(question.bank, actor)
    question = Question.objects.select_for_update().get(pk=question.pk)
    current = question.current
    if all(getattr(current, name) == value for name, value in fields.items()):
        return current
    if PaperItem.objects.filter(version=current).exists():
        kept = {
            name: getattr(current, name)
            for name in (*_fields(_input_of(current)), "image", "option_images")
        }
        current = QuestionVersion.objects.create(
            question=question,
            version=current.version + 1,
            created_by=actor.user,
            **(kept | fields),
        )
        question.current = current
        question.save(update_fields=["current"])
    else:
        for name, value in fields.items():
            setattr(current, name, value)
        current.save()
    audit.record(
        Action.QUESTION_SAVED,
        question,
        actor=actor,
        edition=question.bank.edition,
        changes={"version": current.version},
    )
    return current


@transaction.atomic
def retire_question(question: Question, *, actor: Actor) -> None:
    """Take a question out of future draws (papers that used it keep it)."""
    require_keeper(question.bank, actor)
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.retired:
        raise BankError("该题已停用。")
    question.retired = True
    question.save(update_fields=["retired"])
    audit.record(Action.QUESTION_RETIRED, question, actor=actor, edition=question.bank.edition)
