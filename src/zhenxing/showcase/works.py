"""The works of a nomination: an uploaded video (with its poster), image or animation, checked by
content (media.py), or a link (links.py). Added and removed only while the nomination is a draft
or returned; each write checks showcase.nominate, locks the nomination and is audited."""

from __future__ import annotations

from pathlib import Path

from django.core.files import File
from django.db import transaction

from zhenxing.orgs import access, audit
from zhenxing.orgs import permissions as perms
from zhenxing.orgs.audit import Actor
from zhenxing.registration.documents import display_name
from zhenxing.rules.text import length_problem, text_problem

from . import media
from .actions import ShowcaseAction as Action
from .links import check_link
from .models import Nomination, Work
from .nominations import NOT_EDITABLE, ShowcaseRefused, delete_files_after_commit

CAPTION_MAX = 200


def _locked_editable(nomination: Nomination, actor: Actor) -> Nomination:
    access.require(
        actor, nomination.edition, perms.SHOWCASE_NOMINATE, organization=nomination.organization
    )
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if not nomination.editable:
        raise ShowcaseRefused(NOT_EDITABLE)
    return nomination


def _caption(caption: str) -> str:
    caption = (caption or "").strip()
    if problem := text_problem(caption):
        raise ShowcaseRefused(f"作品说明{problem}")
    if problem := length_problem(caption, "作品说明", CAPTION_MAX):
        raise ShowcaseRefused(problem)
    return caption


def _check(kind: str, upload, folder) -> media.Checked:
    try:
        if kind == Work.Kind.VIDEO:
            return media.check_video(upload, folder)
        if kind in (Work.Kind.IMAGE, Work.Kind.ANIMATION):
            return media.check_picture(upload, folder, animation=kind == Work.Kind.ANIMATION)
    except media.MediaRefused as exc:
        raise ShowcaseRefused(str(exc)) from None
    raise ShowcaseRefused("请选择作品类型：视频、图片或动图。")


@transaction.atomic
def add_file(nomination: Nomination, kind: str, upload, caption: str, *, actor: Actor) -> Work:
    """Keep an uploaded video, image or animation once it passes its checks."""
    nomination = _locked_editable(nomination, actor)
    caption = _caption(caption)
    with media.workspace() as folder:
        checked = _check(kind, upload, Path(folder))
        work = Work(
            nomination=nomination,
            kind=kind,
            caption=caption,
            original_name=display_name(upload.name, checked.extension),
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            duration_seconds=checked.duration,
            uploaded_by=actor.user,
        )
        with checked.path.open("rb") as stored:
            work.file.save("work", File(stored), save=False)
        if checked.poster is not None:
            with checked.poster.open("rb") as poster:
                work.poster.save("poster", File(poster), save=False)
        work.save()
    shown = f"{work.get_kind_display()}：{work.original_name}（{work.size} 字节）"
    audit.record(
        Action.WORK_ADDED,
        nomination,
        actor=actor,
        edition=nomination.edition,
        changes={"file": [None, shown]},
    )
    return work


@transaction.atomic
def add_link(nomination: Nomination, url: str, platform: str, caption: str, *, actor: Actor):
    """Keep a link to an H5 page or to the same work on WeChat, Kuaishou or Douyin."""
    nomination = _locked_editable(nomination, actor)
    caption = _caption(caption)
    try:
        url = check_link(url, platform)
    except media.MediaRefused as exc:
        raise ShowcaseRefused(str(exc)) from None
    work = Work.objects.create(
        nomination=nomination,
        kind=Work.Kind.LINK,
        caption=caption,
        url=url,
        platform=platform,
        uploaded_by=actor.user,
    )
    audit.record(
        Action.WORK_ADDED,
        nomination,
        actor=actor,
        edition=nomination.edition,
        changes={"url": [None, f"{work.get_platform_display()}：{url}"]},
    )
    return work


@transaction.atomic
def remove_work(work: Work, *, actor: Actor) -> None:
    nomination = _locked_editable(work.nomination, actor)
    audit.record(
        Action.WORK_REMOVED,
        nomination,
        actor=actor,
        edition=nomination.edition,
        changes={"file": [str(work), None]},
    )
    delete_files_after_commit([work])
    work.delete()
