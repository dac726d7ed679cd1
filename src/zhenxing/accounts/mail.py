"""The set-password link by e-mail, where the site has e-mail configured (ZHENXING_EMAIL_HOST);
the creator is shown the link either way."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

log = logging.getLogger(__name__)


def will_mail(user) -> bool:
    return bool(settings.ZHENXING_EMAIL and user.email)


def mail_link(user, url: str, edition) -> bool:
    """Send the link once the account is stored; whether a mail goes out."""
    if not will_mail(user):
        return False
    body = (
        f"{user.get_full_name()}，您好：\n\n"
        f"“{edition}”平台为您开通了账号，用户名 {user.username}。请打开下面的链接设置您自己的密码"
        f"（链接只能使用一次，{settings.PASSWORD_RESET_TIMEOUT // 86400} 天内有效）：\n\n{url}\n\n"
        "如果您不知道这件事，请忽略本邮件。"
    )

    def send():
        try:
            send_mail("振兴杯大赛平台：设置密码", body, None, [user.email])
        except Exception:  # the link is still shown to the creator, who can pass it on
            log.exception("the set-password mail to user %s could not be sent", user.pk)

    transaction.on_commit(send)
    return True
