"""The audit actions of accounts."""

from django.db import models

from zhenxing.orgs.audit import actions


@actions
class AccountAction(models.TextChoices):
    CREATED = "accounts.account.created", "新建账号"
    DISABLED = "accounts.account.disabled", "停用账号"
    ENABLED = "accounts.account.enabled", "启用账号"
    LINK_ISSUED = "accounts.link.issued", "生成设置密码链接"
    ROLE_ADDED = "accounts.membership.added", "任命角色"
    PASSWORD_SET = "accounts.password.set", "本人设置密码"
