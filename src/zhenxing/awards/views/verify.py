"""Public verification (/verify/): a certificate's number and its holder's name, or the PDF
itself; rate-limited per address."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from zhenxing.orgs.audit import client_ip
from zhenxing.orgs.limits import over_limit

from .. import verification

LIMIT, WINDOW = 20, 600  # checks per address per ten minutes
MAX_PDF = 5 * 1024 * 1024


@require_http_methods(["GET", "POST"])
def verify(request):
    context = {"serial": request.GET.get("serial", "")[:20], "answer": None, "file_answer": None}
    status = 200
    if request.method == "POST":
        context["serial"] = request.POST.get("serial", "")[:20]
        if over_limit("verify", client_ip(request), LIMIT, WINDOW):
            context["limited"] = True
            status = 429
        elif request.FILES.get("file"):
            context["file_answer"] = _check_upload(request.FILES["file"])
        else:
            context["answer"] = verification.lookup(
                request.POST.get("serial", "")[:40], request.POST.get("name", "")[:50]
            )
    return render(request, "awards/verify.html", context, status=status)


def _check_upload(upload):
    if upload.size > MAX_PDF:
        too_big = verification.Check(False, "文件超过 5 MB，不是本平台签发的证书文件。")
        return verification.FileAnswer(too_big, "")
    return verification.check_file(upload.read())
