"""The contestant's exam: sign in with contest number and one-time code, the paper (answers
saved one by one as given; the page keeps unsent answers in the browser and resends them), the
state for resuming, and submitting. Contestants are not users: a signed cookie holds the attempt
and the token its sign-in made (a new code signs the old browser out)."""

from __future__ import annotations

import json

from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhenxing.orgs.audit import client_ip

from .. import sittings
from ..forms import SignInForm
from ..models import Attempt, Kind, PaperItem
from .banks import image_response

COOKIE, SALT = "zx_exam", "zhenxing.exams.attempt"
FAILURES_ALLOWED, FAILURE_WINDOW = 100, 10 * 60  # per address: a venue's tablets share one
TOO_MANY = "登录失败次数过多，请 10 分钟后再试，或举手示意监考人员。"
SIGNED_OUT = "您已退出考试登录（可能已在另一台设备上登录），请重新输入参赛号和登录码。"
MOVED = "已在另一台设备登录：监考人员已为您换设备，本设备已退出考试，请在新设备上继续作答。"


def _attempt(request, lookup=sittings.attempt_of) -> Attempt | None:
    """The browser's attempt: a signed cookie with the attempt and the token its sign-in made
    (no session read on each answer; a new code's sign-in makes the old token worthless)."""
    held = request.get_signed_cookie(COOKIE, default="", salt=SALT)
    pk, _, token = held.partition(":")
    return lookup(int(pk) if pk.isdigit() else None, token)


def _too_many(request) -> bool:
    return cache.get(f"exam-signin:{client_ip(request)}", 0) >= FAILURES_ALLOWED


def _failed(request) -> None:
    key = f"exam-signin:{client_ip(request)}"
    cache.add(key, 0, FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, FAILURE_WINDOW)


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    form = SignInForm(request.POST or None)
    if request.method == "GET" and _attempt(request) is not None:
        return redirect("exam:take")
    if request.method == "POST" and form.is_valid():
        if _too_many(request):
            form.add_error(None, TOO_MANY)
        else:
            try:
                attempt, token = sittings.sign_in(
                    form.cleaned_data["number"], form.cleaned_data["code"]
                )
            except sittings.ExamError as exc:
                _failed(request)
                form.add_error(None, str(exc))
            else:
                response = redirect("exam:take")
                response.set_signed_cookie(
                    COOKIE, f"{attempt.pk}:{token}", salt=SALT, httponly=True,
                    samesite="Lax", secure=request.is_secure(),
                )  # fmt: skip
                return response
    return render(request, "exams/sign_in.html", {"form": form}, status=400 if form.errors else 200)


def _questions(attempt: Attempt) -> list[dict]:
    items = {i.pk: i for i in attempt.sitting.paper.items.select_related("version")}
    saved = {a.item_id: a for a in attempt.answers.all()}
    shown = []
    for number, item_id in enumerate(attempt.question_order, start=1):
        item, answer = items[item_id], saved.get(item_id)
        version = item.version
        order = attempt.option_orders.get(str(item_id), range(len(version.options)))
        options = [
            ("ABCDE"[place], "ABCDE"[original], version.options[original], original,
             bool(version.option_image(original)))
            for place, original in enumerate(order)
        ]  # fmt: skip
        value = answer.value if answer else ""
        blanks = max(1, len(version.key.split("|"))) if version.kind == Kind.FILL else 0
        filled = (value.split("|") + [""] * blanks)[:blanks] if blanks else []
        shown.append({
            "number": number, "item": item, "version": version, "options": options,
            "value": value, "rev": answer.rev if answer else 0, "blanks": filled,
            "kind": version.kind, "label": Kind(version.kind).label,
        })  # fmt: skip
    return shown


@never_cache
@require_GET
def take(request):
    attempt = _attempt(request)
    if attempt is None:
        moved = _attempt(request, sittings.replaced_attempt)
        if moved is not None:  # the old device of a device change: hand over, then stop
            context = {"attempt": moved, "message": MOVED, "storage_key": _storage_key(request)}
            return render(request, "exams/moved.html", context)
        return redirect("exam:sign_in")
    sittings.close_expired(attempt.sitting)
    attempt.refresh_from_db()
    now = timezone.now()
    if attempt.submitted_at:
        return render(request, "exams/done.html", {"attempt": attempt})
    if now < attempt.sitting.starts_at:
        wait = int((attempt.sitting.starts_at - now).total_seconds())
        return render(request, "exams/waiting.html", {"attempt": attempt, "wait": wait})
    context = {
        "attempt": attempt,
        "sitting": attempt.sitting,
        "questions": _questions(attempt),
        "remaining": sittings.remaining_seconds(attempt, now),
        "storage_key": _storage_key(request),
    }
    return render(request, "exams/take.html", context)


def _storage_key(request) -> str:
    """Where the page keeps unsent answers in the browser: per attempt and sign-in (token)."""
    pk, _, token = request.get_signed_cookie(COOKIE, default="", salt=SALT).partition(":")
    return f"zx-exam-{pk}-{token[:8]}"


def _refused(message: str, status: int, **more) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message, **more}, status=status)


@never_cache
@require_POST
def answer(request):
    """One answer: {"item": id, "value": text, "rev": n}. 200 when stored (or already stored)."""
    attempt = _attempt(request, sittings.attempt_for_answer)
    if attempt is None:
        return _refused(SIGNED_OUT, 403, signed_out=True)
    try:
        data = json.loads(request.body or b"{}")
        item, value, rev = int(data["item"]), str(data.get("value", "")), int(data["rev"])
    except (ValueError, KeyError, TypeError):
        return _refused("答案格式不正确，请刷新页面后重新作答。", 400)
    if not 0 < rev < 2**31:
        return _refused("答案序号不正确，请刷新页面。", 400)
    try:
        sittings.save_answer(attempt, item, value, rev)
    except sittings.ExamError as exc:
        attempt.refresh_from_db(fields=["submitted_at"])
        return _refused(str(exc), 409, closed=attempt.submitted_at is not None)
    return JsonResponse({"ok": True, "item": item, "rev": rev})


@never_cache
@require_POST
def hand_over(request):
    """The old device of a device change sends what it had not yet sent, once:
    {"answers": [{"item": id, "value": text, "rev": n}, …]}."""
    held = request.get_signed_cookie(COOKIE, default="", salt=SALT)
    pk, _, token = held.partition(":")
    try:
        data = json.loads(request.body or b"{}")
        answers = [(int(a["item"]), str(a.get("value", "")), int(a["rev"]))
                   for a in data["answers"]]  # fmt: skip
    except (ValueError, KeyError, TypeError):
        return _refused("答案格式不正确。", 400)
    done = sittings.hand_over(int(pk) if pk.isdigit() else None, token, answers)
    if done is None:
        message = (f"{MOVED} 本机有 {len(answers)} 个答案没能转交，请举手告知监考人员。"
                   if answers else MOVED)  # fmt: skip
        return _refused(message, 403, signed_out=True)
    kept, not_kept = done
    message = f"{MOVED} 本机未送出的 {kept} 个答案已转交。"
    if not_kept:
        message += f"另有 {not_kept} 题您已在新设备上重新作答，以新设备为准。"
    return JsonResponse({"ok": True, "kept": kept, "message": message})


@never_cache
@require_GET
def state(request):
    """For the page's clock and for resuming: time left, and what the server holds."""
    attempt = _attempt(request)
    if attempt is None:
        return _refused(SIGNED_OUT, 403, signed_out=True)
    sittings.close_expired(attempt.sitting)
    attempt.refresh_from_db()
    sittings.mark_seen(attempt)
    answers = {str(a.item_id): [a.value, a.rev] for a in attempt.answers.all()}
    return JsonResponse({
        "ok": True, "remaining": sittings.remaining_seconds(attempt),
        "submitted": attempt.submitted_at is not None, "answers": answers,
    })  # fmt: skip


@require_GET
def image(request, item: int, option: int | None = None):
    """A picture of a question on the contestant's own paper, of its stem or of option `option`
    (its original place, 0 = A): nothing else is reachable."""
    attempt = _attempt(request)
    if attempt is None or item not in attempt.question_order:
        raise Http404("没有图片")
    found = PaperItem.objects.filter(pk=item).select_related("version").first()
    if found is None:
        raise Http404("没有图片")
    version = found.version
    return image_response(version.image if option is None else version.option_image(option))


@never_cache
@require_POST
def submit(request):
    attempt = _attempt(request)
    if attempt is None:
        return redirect("exam:sign_in")
    auto = request.POST.get("auto") == "1"
    sittings.submit(attempt, auto=auto)
    return redirect("exam:take")
