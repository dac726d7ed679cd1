def chinese_by_default(get_response):
    """Pages are Chinese unless the visitor picks English with the language switch (a cookie).

    The browser's Accept-Language is ignored: the platform's users read Chinese, and an official
    page should not change language because a judge's tablet was set up in English.
    """

    def middleware(request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware
