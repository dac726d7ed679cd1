"""An organization's nominations: its list, a new nomination or challenge, one nomination with
its works, submitting and deleting; the office reads the same pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from zhenxing.orgs import access as org_access
from zhenxing.orgs import permissions as perms
from zhenxing.orgs import versions
from zhenxing.orgs.audit import Actor
from zhenxing.registration.privacy import mask_id

from .. import access, nominations, ranges, works
from ..forms import LinkForm, NominationForm, ReasonForm, WorkForm
from ..models import Nomination


def regions(edition) -> list[str]:
    """The 盟市 (and the two cities the notice names with them) offered on the form."""
    names = []
    for addressees in edition.rulebook().addressees:
        if addressees.kind in ("league_city", "city"):
            names += addressees.names
    return names


def _problems(form) -> list[str]:
    return [e for errors in form.errors.values() for e in errors]


def _refused(request, exc: nominations.ShowcaseRefused) -> None:
    messages.error(request, str(exc))


def _nominators(edition) -> list[str]:
    rule = edition.rulebook().showcase
    return rule.nominators if rule else []


@require_safe
@login_required
def organization(request, code: str, org: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    organization, allowed = access.nominations_for_user(request.user, edition, org)
    items = (
        Nomination.objects.filter(edition=edition, organization=organization)
        .select_related("person", "answers__person")
        .order_by("-created_at")
    )
    context = {
        "edition": edition,
        "organization": organization,
        "nominations": items,
        "can_write": perms.SHOWCASE_NOMINATE in allowed,
        "nominates": organization.kind in _nominators(edition),
    }
    return render(request, "showcase/organization.html", context)


def _answers(edition, request) -> Nomination | None:
    wanted = request.GET.get("answers") or request.POST.get("answers")
    if not wanted:
        return None
    try:
        return access.public_nomination(edition, wanted)
    except (Http404, ValidationError):  # an unknown or malformed id
        raise Http404("未找到要挑战的“绝活”") from None


@require_http_methods(["GET", "POST"])
@login_required
def new(request, code: str, org: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    organization, _ = access.nominations_for_user(request.user, edition, org, write=True)
    answers = _answers(edition, request)
    form = NominationForm(request.POST or None, regions=regions(edition))
    if request.method == "POST" and form.is_valid():
        try:
            nomination = nominations.save_nomination(
                edition, organization, form.data_object(), actor=Actor.of(request), answers=answers
            )
        except nominations.ShowcaseRefused as exc:
            _refused(request, exc)
        else:
            messages.success(request, f"已保存草稿：{nomination.title}。请添加作品，然后提交审核。")
            return redirect("showcase:nomination", code=code, pk=nomination.pk)
    problem = nominations.challenge_problem(answers, organization)
    context = {
        "edition": edition,
        "organization": organization,
        "form": form,
        "answers": answers,
        "challenge_problem": problem,
    }
    return render(request, "showcase/new.html", context)


@require_safe
@login_required
def challenge(request, code: str, public_id):
    """The gallery's “发起挑战”: to the new-nomination form of the user's own organization."""
    edition, _ = org_access.edition_for_user(request.user, code)
    answers = access.public_nomination(edition, public_id)
    own = access.own_organizations(request.user, edition)
    if not own:
        raise PermissionDenied("只有盟市、企业等推荐单位的报名联络员可以发起挑战。")
    url = reverse("showcase:new", args=[code, own[0].pk])
    return redirect(f"{url}?answers={answers.public_id}")


def _challenges(nomination, allowed):
    """The challenges answering it: the office sees all; its organization only those shown."""
    items = nomination.challenges.select_related("organization", "person")
    if perms.SHOWCASE_REVIEW in allowed:
        return items
    return items.filter(status=Nomination.Status.APPROVED, hidden=False)


def _detail_context(request, edition, nomination, allowed, form=None) -> dict:
    can_write = perms.SHOWCASE_NOMINATE in allowed and nomination.editable
    person = nomination.person
    if can_write and form is None:
        initial = {
            "name": person.name,
            **{f: getattr(nomination, f) for f in nominations.FIELDS},
        }
        form = NominationForm(initial=initial, regions=regions(edition), editing=True)
    return {
        "edition": edition,
        "organization": nomination.organization,
        "nomination": nomination,
        "masked_id": mask_id(person.document_number),
        "works": list(nomination.works.all()),
        "challenges": _challenges(nomination, allowed),
        "can_write": can_write,
        "can_review": perms.SHOWCASE_REVIEW in allowed,
        "form": form,
        "seen_version": nomination.version,
        "work_form": WorkForm(),
        "link_form": LinkForm(),
        "reason_form": ReasonForm(),
    }


@require_http_methods(["GET", "POST"])
@login_required
def nomination(request, code: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    write = request.method == "POST"
    item, allowed = access.nomination_for_user(request.user, edition, pk, write=write)
    form = None
    if write:
        form = NominationForm(request.POST, regions=regions(edition), editing=True)
        if form.is_valid():
            seen = versions.parse_seen(request.POST.get("version"))
            try:
                nominations.save_nomination(
                    edition,
                    item.organization,
                    form.data_object(),
                    actor=Actor.of(request),
                    nomination=item,
                    seen=seen,
                )
            except nominations.ShowcaseRefused as exc:
                _refused(request, exc)
            else:
                messages.success(request, f"已保存：{form.cleaned_data['title']}。")
                return redirect("showcase:nomination", code=code, pk=pk)
    context = _detail_context(request, edition, item, allowed, form)
    return render(request, "showcase/nomination.html", context)


@require_POST
@login_required
def work_upload(request, code: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    item, _ = access.nomination_for_user(request.user, edition, pk, write=True)
    form = WorkForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "作品未上传：" + "；".join(_problems(form)))
        return redirect("showcase:nomination", code=code, pk=pk)
    data = form.cleaned_data
    try:
        work = works.add_file(
            item, data["kind"], data["file"], data["caption"], actor=Actor.of(request)
        )
    except nominations.ShowcaseRefused as exc:
        messages.error(request, f"作品未上传：{exc}")
    else:
        messages.success(request, f"已上传{work.get_kind_display()}：{work.original_name}。")
    return redirect("showcase:nomination", code=code, pk=pk)


@require_POST
@login_required
def link_add(request, code: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    item, _ = access.nomination_for_user(request.user, edition, pk, write=True)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, "链接未添加：" + "；".join(_problems(form)))
        return redirect("showcase:nomination", code=code, pk=pk)
    data = form.cleaned_data
    try:
        works.add_link(
            item, data["url"], data["platform"], data["link_caption"], actor=Actor.of(request)
        )
    except nominations.ShowcaseRefused as exc:
        messages.error(request, f"链接未添加：{exc}")
    else:
        messages.success(request, "已添加链接。")
    return redirect("showcase:nomination", code=code, pk=pk)


@require_POST
@login_required
def work_delete(request, code: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    work, item, _ = access.work_for_user(request.user, edition, pk, write=True)
    try:
        works.remove_work(work, actor=Actor.of(request))
    except nominations.ShowcaseRefused as exc:
        _refused(request, exc)
    else:
        messages.success(request, f"已删除作品：{work}。")
    return redirect("showcase:nomination", code=code, pk=item.pk)


@require_POST
@login_required
def submit(request, code: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    item, _ = access.nomination_for_user(request.user, edition, pk, write=True)
    try:
        item = nominations.submit(item, actor=Actor.of(request))
    except nominations.ShowcaseRefused as exc:
        _refused(request, exc)
    else:
        late = "（在活动时间之外提交，已为审核人标出）" if item.late else ""
        messages.success(request, f"已提交审核：{item.title}{late}。")
    return redirect("showcase:nomination", code=code, pk=pk)


@require_POST
@login_required
def delete(request, code: str, pk: int):
    edition, _ = org_access.edition_for_user(request.user, code)
    item, _ = access.nomination_for_user(request.user, edition, pk, write=True)
    try:
        nominations.delete_nomination(item, actor=Actor.of(request))
    except nominations.ShowcaseRefused as exc:
        _refused(request, exc)
        return redirect("showcase:nomination", code=code, pk=pk)
    messages.success(request, f"已删除草稿：{item.title}。")
    return redirect("showcase:organization", code=code, org=item.organization_id)


@require_safe
@never_cache
@login_required
def work_file(request, code: str, pk: int, which: str):
    """A work's file or poster in the back office (before approval, and while hidden)."""
    edition, _ = org_access.edition_for_user(request.user, code)
    work, _, _ = access.work_for_user(request.user, edition, pk)
    return file_response(request, work, which)


def file_response(request, work, which: str):
    if which == "poster" and work.poster:
        return ranges.serve(request, work.poster, "image/jpeg", work.poster.size)
    if which == "file" and work.file:
        return ranges.serve(request, work.file, work.content_type, work.size, work.sha256)
    raise Http404("未找到该文件")
