"""The exam area's home and the question banks: browse, import, export, edit, retire."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor

from .. import access, banks, images, sheets
from ..forms import ImportForm, QuestionForm
from ..models import Part, Question, QuestionVersion
from .common import edition_of, xlsx_response


@require_GET
@login_required
def home(request, code: str):
    edition = edition_of(request, code)
    allowed = access.exams_for_user(request.user, edition)
    events = access.events_for_user(request.user, edition)
    affairs = access.part_bank(edition, None, Part.CURRENT_AFFAIRS)
    context = {
        "edition": edition,
        "events": events,
        "affairs": affairs,
        "affairs_count": banks.current_versions(affairs).count(),
        "keeps_affairs": perms.EXAM_AFFAIRS in allowed,
    }
    return render(request, "exams/home.html", context)


@require_GET
@login_required
def bank_page(request, code: str, pk: int):
    edition = edition_of(request, code)
    bank, allowed = access.bank_for_user(request.user, edition, pk)
    versions = list(banks.current_versions(bank))
    uses = banks.uses_of(versions)
    keeper = perms.EXAM_AFFAIRS if bank.event_id is None else perms.EXAM_BANK
    context = {
        "edition": edition,
        "bank": bank,
        "rows": [(v, uses.get(v.question_id, 0)) for v in versions],
        "keeps": keeper in allowed,
        "form": ImportForm(),
    }
    return render(request, "exams/bank.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def import_bank(request, code: str, pk: int):
    edition = edition_of(request, code)
    bank, _ = access.bank_for_user(request.user, edition, pk, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors, problem = [], ""
    if request.method == "POST" and form.is_valid():
        try:
            rows = sheets.read(form.cleaned_data["file"].read())
            added = banks.import_questions(bank, rows, actor=Actor.of(request))
        except sheets.SheetError as exc:
            problem = str(exc)
        except banks.ImportRefused as exc:
            errors = exc.errors
        else:
            messages.success(request, f"已导入 {added} 题。")
            return redirect("exams:bank", code=code, pk=bank.pk)
    context = {"edition": edition, "bank": bank, "form": form, "errors": errors, "problem": problem}
    status = 400 if (problem or errors or form.errors) else 200
    return render(request, "exams/import.html", context, status=status)


@require_GET
@login_required
def bank_template(request, code: str):
    edition = edition_of(request, code)
    access.exams_for_user(request.user, edition)
    return xlsx_response(sheets.template(), "题库导入模板.xlsx")


@require_GET
@login_required
def bank_export(request, code: str, pk: int):
    edition = edition_of(request, code)
    bank, _ = access.bank_for_user(request.user, edition, pk)
    versions = list(banks.current_versions(bank))
    uses = banks.uses_of(versions)
    rows = [(v.question.number, v, uses.get(v.question_id, 0)) for v in versions]
    return xlsx_response(sheets.export(rows, _stored), f"{bank}.xlsx")


def _stored(name: str) -> bytes | None:
    if not default_storage.exists(name):
        return None
    with default_storage.open(name) as stored:
        return stored.read()


def _question(request, edition, bank_pk: int, number: int, write: bool = False):
    bank, allowed = access.bank_for_user(request.user, edition, bank_pk, write=write)
    question = Question.objects.filter(bank=bank, number=number).select_related("current").first()
    if question is None:
        raise Http404("未找到该试题")
    return bank, question


@require_http_methods(["GET", "POST"])
@login_required
def question_edit(request, code: str, pk: int, number: int):
    edition = edition_of(request, code)
    bank, question = _question(request, edition, pk, number, write=True)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_of(question.current))
    if request.method == "POST" and form.is_valid():
        data = form.question()
        if isinstance(data, str):
            form.add_error(None, data)
        else:
            version = banks.edit_question(question, data, actor=Actor.of(request))
            messages.success(request, f"已保存第 {question.number} 题（第 {version.version} 版）。")
            return redirect("exams:bank", code=code, pk=bank.pk)
    context = {"edition": edition, "bank": bank, "question": question, "form": form,
               "versions": question.versions.all(),
               "pictures": _pictures(code, bank, question.current)}  # fmt: skip
    return render(request, "exams/question.html", context, status=400 if form.errors else 200)


def _pictures(code: str, bank, version) -> list[tuple[str, str, str, str]]:
    """(where, storage name, address, form target) of each picture of the version."""
    shown = []
    for where, name in version.pictures:
        if where == "题干":
            url, target = reverse("exams:image", args=[code, bank.pk, version.pk]), ""
        else:
            target = where[-1]
            url = reverse(
                "exams:option_image", args=[code, bank.pk, version.pk, "ABCDE".index(target)]
            )
        shown.append((where, name, url, target))
    return shown


@require_POST
@login_required
def question_image(request, code: str, pk: int, number: int):
    """Upload (or, with remove=1, take away) the picture of a question's stem, or of one of its
    options (target=A…E)."""
    edition = edition_of(request, code)
    bank, question = _question(request, edition, pk, number, write=True)
    upload = request.FILES.get("image")
    target = request.POST.get("target", "")
    where = f"选项{target}" if target else "题干"
    if target and (len(target) != 1 or target not in "ABCDE"):
        messages.error(request, "请选择图片属于题干还是哪个选项。")
        return redirect("exams:question", code=code, pk=bank.pk, number=question.number)
    try:
        if request.POST.get("remove") == "1":
            _set_picture(question, target, "", Actor.of(request))
            messages.success(request, f"已删除第 {question.number} 题{where}的图片。")
        elif upload is None:
            raise images.ImageRefused("请选择要上传的图片。")
        else:
            data = images.check(upload)
            _set_picture(question, target, images.store(*data), Actor.of(request))
            messages.success(request, f"已为第 {question.number} 题{where}添加图片。")
    except (images.ImageRefused, banks.BankError) as exc:
        messages.error(request, str(exc))
    return redirect("exams:question", code=code, pk=bank.pk, number=question.number)


def _set_picture(question, target: str, name: str, actor: Actor) -> None:
    if target:
        banks.set_option_image(question, "ABCDE".index(target), name, actor=actor)
    else:
        banks.set_image(question, name, actor=actor)


@require_GET
@login_required
def version_image(request, code: str, pk: int, version: int, option: int | None = None):
    """A question version's picture (its stem's, or option `option`'s, 0 = A), to anyone who may
    read its bank (banks are published)."""
    edition = edition_of(request, code)
    bank, _ = access.bank_for_user(request.user, edition, pk)
    found = QuestionVersion.objects.filter(pk=version, question__bank=bank).first()
    if found is None:
        raise Http404("没有图片")
    return image_response(found.image if option is None else found.option_image(option))


def image_response(name: str):
    if not name or not default_storage.exists(name):
        raise Http404("没有图片")
    response = FileResponse(default_storage.open(name), content_type=images.content_type(name))
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
@login_required
def question_retire(request, code: str, pk: int, number: int):
    edition = edition_of(request, code)
    bank, question = _question(request, edition, pk, number, write=True)
    try:
        banks.retire_question(question, actor=Actor.of(request))
    except banks.BankError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"第 {question.number} 题已停用，以后抽卷不再抽到。")
    return redirect("exams:bank", code=code, pk=bank.pk)
