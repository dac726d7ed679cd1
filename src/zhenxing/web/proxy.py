"""Behind the proxy, the client's address is the one the proxy saw.

nginx (scripts/nginx.conf.template) connects from loopback and sends the client's address as
X-Real-IP, replacing any a client sent. Without this, every visitor would be 127.0.0.1 to the
platform: one address for the login lockout, the per-address limits (likes, certificate checks,
API) and the audit log. The header is believed only from a trusted proxy's address
(`ZHENXING_TRUSTED_PROXIES`; in production, loopback), never from anyone else.
"""

import ipaddress

from django.conf import settings


def client_address_from_proxy(get_response):
    def middleware(request):
        meta = request.META
        if meta.get("REMOTE_ADDR") in settings.ZHENXING_TRUSTED_PROXIES:
            forwarded = meta.get("HTTP_X_REAL_IP", "").strip()
            if _is_address(forwarded):
                meta["REMOTE_ADDR"] = forwarded
        return get_response(request)

    return middleware


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
