from django.http import JsonResponse
from django.shortcuts import render


def chinese_by_default(get_response):
    """Pages are Chinese unless the visitor picks English with the language switch (a cookie).

    The browser's Accept-Language is ignored: the platform's users read Chinese, and an official
    page should not change language because a judge's tablet was set up in English.
    """

    def middleware(request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware


# Django and django-ninja answer a wrong method with an empty page or "Method not allowed".
_METHOD_NAMES = {"GET": "打开（GET）", "POST": "提交（POST）", "PUT": "PUT", "DELETE": "DELETE"}


def wrong_method_explained(get_response):
    """A 405 says in Chinese which methods the address takes: JSON under /api/, a page elsewhere."""

    def middleware(request):
        response = get_response(request)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        allowed = [m.strip() for m in response.get("Allow", "").split(",") if m.strip()]
        detail = f"此地址不支持 {request.method} 请求"
        named = [_METHOD_NAMES[m] for m in allowed if m in _METHOD_NAMES]
        if named:  # HEAD and OPTIONS go with GET and every address: not worth a reader's time
            detail += "，只支持：" + "、".join(named)
        if request.path.startswith("/api/"):
            explained = JsonResponse({"detail": detail}, status=405)
        else:
            context = {"detail": detail}
            explained = render(request, "405.html", context, status=405)
        if allowed:
            explained["Allow"] = ", ".join(allowed)
        return explained

    return middleware
