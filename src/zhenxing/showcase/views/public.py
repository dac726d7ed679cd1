"""The public gallery (no login): the 绝活 under the activity's one name, each with its page
(video with range requests, poster, images, links, share link and QR code, its challenges), and
likes. Nothing personal beyond name, workplace, occupation and region."""

from __future__ import annotations

import segno
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from zhenxing.editions.models import Edition
from zhenxing.orgs.audit import Actor

from .. import access, likes
from ..forms import GalleryFilter
from ..models import Work
from .nominate import file_response

COOKIE_AGE = 365 * 24 * 3600


def _edition(code: str):
    edition = get_object_or_404(Edition, code=code)
    rule = edition.rulebook().showcase
    if rule is None:
        raise Http404("本届大赛未开展“绝活”展示活动")
    return edition, rule


def _choices(items, name: str) -> list[str]:
    return sorted({v for v in items.values_list(name, flat=True) if v})


@require_safe
def gallery(request, code: str):
    edition, rule = _edition(code)
    shown = access.public_nominations(edition).filter(answers__isnull=True)
    form = GalleryFilter(
        request.GET or None,
        occupations=_choices(shown, "occupation"),
        regions=_choices(shown, "region"),
    )
    if form.is_valid():
        for name in ("occupation", "region"):
            if form.cleaned_data[name]:
                shown = shown.filter(**{name: form.cleaned_data[name]})
    answered = Q(challenges__status="approved", challenges__hidden=False)
    shown = shown.annotate(challenge_count=Count("challenges", filter=answered))
    items = shown.prefetch_related("works").order_by("-featured", "-featured_at", "-approved_at")
    context = {"edition": edition, "rule": rule, "form": form, "nominations": items}
    return render(request, "showcase/gallery.html", context)


def _qr(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def _public(edition, public_id):
    try:
        return access.public_nomination(edition, public_id)
    except ValidationError:
        raise Http404("未找到该作品") from None


def _detail(request, code: str, public_id, status: int = 200, problem: str = ""):
    edition, rule = _edition(code)
    nomination = _public(edition, public_id)
    works = list(nomination.works.all())
    url = request.build_absolute_uri()
    challenges = access.public_nominations(edition).filter(answers=nomination)
    context = {
        "edition": edition,
        "rule": rule,
        "nomination": nomination,
        "videos": [w for w in works if w.kind == Work.Kind.VIDEO],
        "pictures": [w for w in works if w.kind in (Work.Kind.IMAGE, Work.Kind.ANIMATION)],
        "links": [w for w in works if w.kind == Work.Kind.LINK],
        "challenges": challenges.order_by("approved_at"),
        "share_url": url,
        "qr": _qr(url),
        "liked": likes.liked(nomination, request.COOKIES.get(likes.COOKIE)),
        "may_challenge": nomination.featured and nomination.answers_id is None,
        "problem": problem,
    }
    return render(request, "showcase/detail.html", context, status=status)


@require_safe
def detail(request, code: str, public_id):
    return _detail(request, code, public_id)


@require_POST
def like(request, code: str, public_id):
    edition, _ = _edition(code)
    nomination = _public(edition, public_id)
    token = request.COOKIES.get(likes.COOKIE) or likes.new_browser_token()
    try:
        counted = likes.like(nomination, token, actor=Actor.of(request))
    except likes.TooManyLikes as exc:
        return _detail(request, code, public_id, status=429, problem=str(exc))
    response = redirect("showcase:detail", code=code, public_id=public_id)
    response["Location"] += "?liked=1" if counted else "?liked=0"
    response.set_cookie(
        likes.COOKIE,
        token,
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@require_safe
@never_cache
def work_file(request, code: str, public_id, which: str):
    """A public work's file or poster: 404 at once when its nomination is hidden."""
    edition, _ = _edition(code)
    try:
        work = access.public_work(edition, public_id)
    except ValidationError:
        raise Http404("未找到该文件") from None
    return file_response(request, work, which)
