"""A request body larger than any upload the platform takes is refused from its declared size,
before Django reads (and spools to disk) a byte of it. The proxy in front enforces the same
limit (docs/operations.md: nginx client_max_body_size)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render

MB = 1024 * 1024


def declared_size_checked(get_response):
    def middleware(request):
        declared = request.META.get("CONTENT_LENGTH") or ""
        limit = settings.ZHENXING_MAX_REQUEST_MB * MB
        if declared.isascii() and declared.isdigit() and int(declared) > limit:
            return _too_large(request, int(declared), limit)
        return get_response(request)

    return middleware


def _too_large(request, declared: int, limit: int):
    detail = (
        f"上传的内容约 {declared / MB:.0f} MB，超过平台 {limit // MB} MB 的上限，没有保存任何内容。"
        "请检查是否选错了文件；报名表可以分成几个文件上传，扫描件可以压缩后再上传。"
    )
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": detail}, status=413)
    else:
        response = render(request, "413.html", {"detail": detail}, status=413)
    response["Connection"] = "close"  # the body is never read: the connection cannot be reused
    return response
