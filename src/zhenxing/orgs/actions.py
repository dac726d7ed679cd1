"""The audit actions of organizations and accounts."""

from django.db import models

from .audit import actions


@actions
class OrgAction(models.TextChoices):
    CREATED = "org.created", "新增组织"
    CHANGED = "org.changed", "修改组织"
    CONTACT_CHANGED = "org.contact.changed", "修改联系人"
    TOKEN_CREATED = "account.token.created", "新建 API 令牌"
    TOKEN_REVOKED = "account.token.revoked", "吊销 API 令牌"
